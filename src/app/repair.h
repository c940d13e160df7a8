/* repair.h: one of check --repair's writes, run the same way whatever it repairs. */
#ifndef KEYWORK_REPAIR_H
#define KEYWORK_REPAIR_H

#include "keywork/app.h"

/* What a repair writes, how its audit row names it, and what anyone but a manager is told. */
struct kw_repair {
	int (*write)(struct kw_session *s, long *changed, struct kw_err *err);
	const char *action;
	const char *one, *many; /* after the count, in its audit row */
	const char *refusal;
	/*
	 * If set, how many rows it would change, found without the write lock first:
	 * with none, the write is not run, and colleagues' saves are not held up
	 * while it looks (the index passes take half a minute at 200,000 women).
	 */
	int (*needed)(struct kw_session *s, long *n, struct kw_err *err);
};

/*
 * Runs r's write in a transaction of its own (managers only), with an audit
 * row r->action when it changed anything; *changed how many it changed. When
 * r->needed says nothing needs it, runs nothing.
 * Returns 0, or -1 with nothing changed.
 */
int kw_repair_run(struct kw_session *s, const struct kw_repair *r, long *changed,
		  struct kw_err *err);

#endif
