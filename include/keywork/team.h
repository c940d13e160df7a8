/*
 * team.h: the team a manager runs. The queue of women waiting for a
 * keyworker, each keyworker's caseload against her capacity, allocation,
 * cover while a keyworker is away, and a leaver's caseload. The kw_db_*
 * functions only read and write (src/db/team.c); the kw_app_* ones check who
 * may, hold the transaction and write the audit (src/app/team.c), and are
 * what the screens and the command line call. Strings handed to callbacks
 * are borrowed for the call only. Dates are "YYYY-MM-DD", given by the
 * caller, so tests can set the clock.
 */
#ifndef KEYWORK_TEAM_H
#define KEYWORK_TEAM_H

#include <stdbool.h>

#include "keywork/app.h"
#include "keywork/err.h"
#include "keywork/form.h"
#include "keywork/teamdb.h"

/* The default capacity: keywork.conf's "capacity", else KW_CAPACITY_DEFAULT. */
long kw_app_capacity_default(void);
/*
 * As kw_db_waiting, leaving out programmes marked no_keyworker in pack's
 * programmes list (pack may be NULL); managers only (KW_ENOPERM otherwise).
 */
int kw_app_waiting(struct kw_session *s, const struct kw_form_pack *pack,
		   int (*fn)(void *ctx, const struct kw_waiting *w), void *ctx, long *total,
		   struct kw_err *err);
/* Keyworkers and managers who can sign in, by name, each with her capacity filled in. */
int kw_app_team_each(struct kw_session *s, int (*fn)(void *ctx, const struct kw_team_member *m),
		     void *ctx, struct kw_err *err);
/* One keyworker's line on the team screen, counted on a day. */
struct kw_team_row {
	struct kw_team_member m; /* her capacity filled in */
	long overdue;		 /* her women whose contact is overdue (kw_contact_due) */
	long tasks_due;		 /* tasks and chases due for her women */
	/* The longest any of her women in an open episode, not paused, has gone without
	 * a contact made (since her episode opened, if none yet), in days; -1: nobody. */
	long unseen_days;
	char unseen_id[37];
	char unseen_ref[16];
	char unseen_name[64];
	char covered_by[33]; /* who covers for her today, or "" */
	char cover_until[11];
};

/* The team on a day: every line, and the totals over every woman. */
struct kw_team_counts {
	struct kw_team_row *rows; /* keyworkers, and managers holding a caseload, by name */
	size_t n;
	/* Over every woman, whoever her keyworker is, or none. */
	long women, overdue, tasks_due;
	char day[11]; /* the day counted ("" if the counting failed) */
};

/*
 * Counts the team on today (kw_db_team_pass: from index ranges of each woman's
 * contact state, with a paused woman worked out one by one; overdue as Today's,
 * by kw_contact_due with the cadences of pack's programmes, which may be NULL):
 * the keyworkers who can sign in and the managers who hold a caseload, and the
 * totals over every woman. Ends covers past their last day first. Managers
 * only. 0 or -1; free with kw_team_counts_free.
 */
int kw_app_team_counts(struct kw_session *s, const struct kw_form_pack *pack, const char *today,
		       struct kw_team_counts *out, struct kw_err *err);
void kw_team_counts_free(struct kw_team_counts *c);

/*
 * Makes user_id client_id's keyworker, by the intake form's keyworker field
 * (so its rule, history and audit apply) and an "allocate" audit row.
 * Managers only. 0 or -1.
 */
int kw_app_allocate(struct kw_session *s, const char *client_id, const char *user_id,
		    struct kw_err *err);
/* Sets username's capacity (-1: the default); managers only; audited. 0 or -1. */
int kw_app_set_capacity(struct kw_session *s, const char *username, long capacity,
			struct kw_err *err);
/*
 * Starts a cover of away by by from today until until; managers only;
 * audited. Refused when either cannot sign in or holds no caseload, when
 * until is before today, or when away is covered already. 0 or -1.
 */
int kw_app_cover_start(struct kw_session *s, const char *away, const char *by, const char *today,
		       const char *until, struct kw_err *err);
/* Ends away's cover today; managers only; audited. 0, or -1 (KW_EUSAGE: none). */
int kw_app_cover_end(struct kw_session *s, const char *away, const char *today, struct kw_err *err);
/*
 * Ends today, audited, every cover in which username is away or covers (she
 * is leaving); managers only. Returns how many ended, or -1.
 */
int kw_app_cover_end_all(struct kw_session *s, const char *username, const char *today,
			 struct kw_err *err);
/*
 * Ends, audited, every cover whose last day is before today (it ends by
 * itself: whoever's session notices first writes the end). Returns how many
 * ended, or -1.
 */
int kw_app_cover_sweep(struct kw_session *s, const char *today, struct kw_err *err);
/* The covers user_id holds today (after a sweep), to fn. 0 or -1. */
int kw_app_covering(struct kw_session *s, const char *user_id, const char *today,
		    int (*fn)(void *ctx, const struct kw_cover *c), void *ctx, struct kw_err *err);
/* Every cover not yet ended, to fn (managers only). 0 or -1. */
int kw_app_cover_each(struct kw_session *s, int (*fn)(void *ctx, const struct kw_cover *c),
		      void *ctx, struct kw_err *err);
/*
 * Records in the audit that the signed-in user opened client_id's record
 * ("record-open"); when she opened it covering for the woman's keyworker on
 * today, the row says so ("covering for NAME"). 0 or -1.
 */
int kw_app_record_opened(struct kw_session *s, const char *client_id, const char *today,
			 struct kw_err *err);
/* As kw_db_new_to, for the women allocated to user_id in the 28 days to today. */
int kw_app_new_to(struct kw_session *s, const char *user_id, const char *today,
		  int (*fn)(void *ctx, const char *client_id), void *ctx, struct kw_err *err);
/*
 * How many women have username as keyworker: *n. 0 or -1. With to_queue,
 * first takes her off each of them (with history and an audit row per
 * woman), so they wait in the queue; managers only. A woman whose
 * processing is restricted (keywork restrict) is not changed: she stays
 * with username, counted in *kept and not in *n.
 */
int kw_app_caseload_release(struct kw_session *s, const char *username, bool to_queue, long *n,
			    long *kept, struct kw_err *err);

#endif
