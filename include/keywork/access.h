/*
 * access.h: a woman's record restricted to named staff (keywork access): the
 * one rule every entry point asks. For anyone not named, search shows her as
 * "restricted record" with nothing of her, opening her is refused (audited,
 * and an alert on the managers' Today), and every other read leaves her out:
 * the app finds who is hidden from the session and gives the store the list.
 *
 * This is a check, not a key: her rows are under the same compartment keys
 * as everyone's. The restriction is recorded three times (the general
 * compartment, a sealed copy in the sensitive compartment, and the signed
 * audit chain), a woman is hidden if any of them hides her, and sign-in and
 * keywork check report where they differ.
 */
#ifndef KEYWORK_ACCESS_H
#define KEYWORK_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/app.h"

/*
 * Restricts the woman ref to the staff named in names ("ana,bea"; each an
 * active user; at least one a manager or keyworker, who can read her whole
 * record), or lifts the restriction (names NULL). Managers only, whether or
 * not they are named; audited. *changed says whether it changed. Returns 0
 * or -1 (an unknown or disabled name, located).
 */
int kw_access_set(struct kw_session *s, const char *ref, const char *names, bool *changed,
		  struct kw_err *err);

/*
 * Reads the restrictions again and gives the store the women hidden from
 * this session; notes in s->access_problems where the three records of a
 * restriction differ. Done at sign-in and by kw_access_open. Returns 0 or -1.
 */
int kw_access_refresh(struct kw_session *s, struct kw_err *err);

/* Whether the session may see client_id (as of the last refresh). */
bool kw_access_sees(const struct kw_session *s, const char *client_id);

/*
 * Asks before anything of hers is opened (how: "her record", "save", ...):
 * 0 if this user may see her; otherwise -1 with the plain refusal
 * (KW_ENOPERM, KW_R_HIDDEN), an "access-refused" audit row, and so an alert
 * on the managers' Today.
 */
int kw_access_open(struct kw_session *s, const char *client_id, const char *how,
		   struct kw_err *err);

/* A refused attempt, for the managers' Today. */
struct kw_access_alert {
	const char *at;	       /* ISO-8601 */
	const char *who;       /* the username refused */
	const char *reference; /* hers ("" if deleted since) */
	const char *how;       /* what was tried */
};

/*
 * Calls fn with the refused attempts to open restricted records since the
 * day since (newest first, at most limit), for managers; other roles get
 * none. Returns 0 or -1.
 */
int kw_access_alerts(struct kw_session *s, const char *since, int limit,
		     int (*fn)(void *ctx, const struct kw_access_alert *a), void *ctx,
		     struct kw_err *err);

#endif
