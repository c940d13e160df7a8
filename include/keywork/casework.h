/*
 * casework.h: the practical, advocacy and pathway workflows' own reads
 * (src/db/casework.c) and rules (src/app/casework.c): an advocacy item's
 * latest step and what comes next in its chain, a support plan's actions,
 * and whether she already has an open plan for a pathway. Dates are
 * "YYYY-MM-DD"; the clock is always a parameter.
 */
#ifndef KEYWORK_CASEWORK_H
#define KEYWORK_CASEWORK_H

#include <stdbool.h>

#include "keywork/date.h"
#include "keywork/db.h"
#include "keywork/err.h"

/* --- rules (no SQL, no terminal) --- */

/*
 * The step to offer next on an advocacy item whose latest step is latest
 * (NULL or "": none yet), given whether its deadline has passed: contacted ->
 * awaiting_reply -> chased -> escalated -> resolved, except that an overdue
 * reply (contacted or awaiting_reply) offers a chase, and an overdue chase or
 * escalation an escalation. NULL once resolved, or for a step it does not know.
 */
const char *kw_advocacy_next_step(const char *latest, bool overdue);

/* Whether a deadline due ("YYYY-MM-DD", may be NULL or "") has passed on today. */
bool kw_deadline_passed(const char *due, const char *today);

/* --- reads --- */

/* An advocacy item's latest step: the newest by the day it happened (then written). */
struct kw_adv_latest {
	char step[64];
	char happened_on[11];
	char due_on[11]; /* its deadline, or "" */
	long nsteps;	 /* steps recorded on the item */
};
/* Reads item_id's latest step into out. Returns 1, 0 if it has no steps yet, or -1. */
int kw_db_advocacy_latest(struct kw_store *st, const char *item_id, struct kw_adv_latest *out,
			  struct kw_err *err);

enum kw_action_kind { KW_ACTION_TASK = 0, KW_ACTION_ADVOCACY };
/* One action of a support plan; strings borrowed for the call only. */
struct kw_plan_action {
	enum kw_action_kind kind;
	char id[37];
	const char *title;  /* task title, advocacy issue */
	const char *status; /* task status or where the item stands (a list key), or NULL */
	const char *due_on; /* task due date, or the item's latest deadline, or NULL */
	const char *extra;  /* task kind, or the agency (list keys), or NULL */
	bool done;	    /* a task done or no longer needed, an item resolved */
};
/*
 * Calls fn for the tasks, then the advocacy items, linked to support plan
 * plan_id, each by due date (none last). fn returns non-zero to stop.
 * Returns the number given, or -1.
 */
int kw_db_plan_actions(struct kw_store *st, const char *plan_id,
		       int (*fn)(void *ctx, const struct kw_plan_action *a), void *ctx,
		       struct kw_err *err);

/*
 * Whether she (client_id) has an open support plan (no closed_on) for
 * pathway, other than except_id (NULL: none excepted). Returns 1 with its id
 * and opened_on (or "") copied into id and opened_on when not NULL, 0 if not,
 * -1 on error. The store refuses a second one too (schema trigger).
 */
int kw_db_plan_open(struct kw_store *st, const char *client_id, const char *pathway,
		    const char *except_id, char id[37], char opened_on[11], struct kw_err *err);

/* --- a court date's appointment (src/db/justice.c) --- */

/*
 * The appointment court date event_id (a cj_event) made, if it still exists:
 * 1 with its id in appt_id, 0 if none, -1 on error.
 */
int kw_db_court_appointment(struct kw_store *st, const char *event_id, char appt_id[37],
			    struct kw_err *err);
/* Records that court date event_id made appointment appt_id (its version is left alone). */
int kw_db_court_appointment_set(struct kw_store *st, const char *event_id, const char *appt_id,
				struct kw_err *err);

#endif
