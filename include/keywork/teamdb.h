/*
 * teamdb.h: the store's side of the team (src/db/team.c): the queue of women
 * waiting for a keyworker, caseloads, capacity, covers and allocations. The
 * app's side, which checks, transacts and audits, is team.h. Strings handed
 * to callbacks are borrowed for the call only; dates are "YYYY-MM-DD".
 */
#ifndef KEYWORK_TEAMDB_H
#define KEYWORK_TEAMDB_H

#include <stdbool.h>

#include "keywork/db.h"
#include "keywork/err.h"
#include "keywork/model.h"
#include "keywork/view.h"

/* The capacity of a keyworker whose own is not set, when keywork.conf does not say. */
#define KW_CAPACITY_DEFAULT 40

/*
 * A woman waiting for a keyworker: no keyworker, and an episode referred or
 * open, or (asked) the intake form's "Has she asked for a keyworker?"
 * answered yes, as at a drop-in.
 */
struct kw_waiting {
	char id[37];
	char reference[16];
	const char *known_as;
	const char
		*since; /* the day she was referred (else the episode was recorded, or she asked) */
	const char *programme; /* that episode's programme and cadence, or NULL */
	const char *cadence;
	bool asked; /* she asked for a keyworker, with no referral */
};

/* A user who can hold a caseload (a keyworker or a manager), with it counted. */
struct kw_team_member {
	char id[37];
	char username[33];
	enum kw_role role;
	bool disabled;
	long capacity; /* her own, or -1 when not set (the default applies) */
	long caseload; /* the women who have her as keyworker */
};

/* A cover: by_id sees away_id's women until the day until, both included. */
struct kw_cover {
	char id[37];
	char away_id[37];
	char away_name[33];
	char by_id[37];
	char by_name[33];
	char starts_on[11];
	char until[11];
};

/*
 * Calls fn for each woman waiting, longest waiting first; *total gets how
 * many. An episode in a programme named in skip (",key,key,", or NULL) needs
 * no keyworker and puts nobody in the queue. 0 or -1.
 */
int kw_db_waiting(struct kw_store *st, const char *skip,
		  int (*fn)(void *ctx, const struct kw_waiting *w), void *ctx, long *total,
		  struct kw_err *err);
/*
 * Calls fn for each user who can hold a caseload (disabled ones too), by name, that admit
 * (NULL: every one) admits; admit sees her without her caseload, which is counted only for
 * those it admits. 0 or -1.
 */
int kw_db_team_each(struct kw_store *st, bool (*admit)(void *ctx, const struct kw_team_member *m),
		    int (*fn)(void *ctx, const struct kw_team_member *m), void *ctx,
		    struct kw_err *err);
/* Sets user_id's capacity (-1: back to the default), with history. 0 or -1. */
int kw_db_user_set_capacity(struct kw_store *st, const char *user_id, long capacity,
			    struct kw_err *err);
/* Adds a cover (c->id is filled). 0 or -1. */
int kw_db_cover_add(struct kw_store *st, struct kw_cover *c, struct kw_err *err);
/* Marks cover id ended on the day ended_on. 0 or -1. */
int kw_db_cover_end(struct kw_store *st, const char *id, const char *ended_on, struct kw_err *err);
/*
 * Calls fn for each cover not yet ended: every one (by_id and away_id NULL),
 * those by by_id, or those of away_id. 0 or -1.
 */
int kw_db_cover_each(struct kw_store *st, const char *by_id, const char *away_id,
		     int (*fn)(void *ctx, const struct kw_cover *c), void *ctx, struct kw_err *err);
/*
 * Calls fn with the id of each woman allocated to user_id on or after since
 * (an ISO date or time) who has had no contact made since. 0 or -1.
 */
int kw_db_new_to(struct kw_store *st, const char *user_id, const char *since,
		 int (*fn)(void *ctx, const char *client_id), void *ctx, struct kw_err *err);

/*
 * The whole team on p->today, from the indexes of general 0029 rather than
 * every woman's row. A woman's contact is overdue by her contact state alone
 * (no pause; every day in her row a date) when her next contact was planned
 * before today, or, with none planned, her last contact made (else the day
 * her episode opened) was more than p->cadence_days of her programme and
 * cadence (NULL for none) before today. Calls p->overdue with a NULL id and
 * how many women's are, counted from index ranges, whoever their keyworker;
 * then, for each of the p->nmembers keyworker ids in p->members, with her id
 * and how many of those are her women's (her caseload read). Calls p->odd for
 * each other woman with an episode open
 * (paused, or a day in her row that is not a date) with what decides it, as
 * kw_db_caseload gives it (reference, known_as and risk_level empty), in the
 * order of her id, for the caller to work out. *women is every woman, and
 * *tasks_due every task and chase due on today (as kw_db_agenda_counts
 * counts them). A callback returns non-zero to stop. 0 or -1.
 */
struct kw_team_pass {
	const char *today;
	long (*cadence_days)(void *ctx, const char *programme, const char *cadence);
	int (*overdue)(void *ctx, const char *keyworker_id, long n);
	int (*odd)(void *ctx, const char *keyworker_id, const struct kw_case_row *r);
	void *ctx;
	const char *const *members;
	size_t nmembers;
};
int kw_db_team_pass(struct kw_store *st, const struct kw_team_pass *p, long *women, long *tasks_due,
		    struct kw_err *err);
/*
 * Of keyworker_id's women with an episode open, no pause and every day in her
 * row a date (those kw_db_team_pass does not give p->odd), the one whose last
 * contact made (else the day her episode opened) is earliest, the lowest id
 * first: her id and that day. 1, 0 for none, or -1.
 */
int kw_db_team_unseen(struct kw_store *st, const char *keyworker_id, char client_id[37],
		      char since[11], struct kw_err *err);
/* How many of keyworker_id's women's tasks and chases are due on today, into *n. 0 or -1. */
int kw_db_team_tasks_due(struct kw_store *st, const char *keyworker_id, const char *today, long *n,
			 struct kw_err *err);
/*
 * client_id's reference into ref and known-as name (or "") into name. 1, 0
 * if there is no such woman (both ""), or -1.
 */
int kw_db_client_label(struct kw_store *st, const char *client_id, char ref[16], char *name,
		       size_t name_len, struct kw_err *err);

/*
 * Makes user_id (NULL: nobody) client_id's keyworker, writing the old and new
 * values to the history. *old_id gets the keyworker she had ("" if none).
 * Returns 1, 0 if there is no such woman, or -1.
 */
int kw_db_set_keyworker(struct kw_store *st, const char *client_id, const char *user_id,
			char old_id[37], struct kw_err *err);
/* client_id's keyworker into out ("" if none): 1, 0 if there is no such woman, or -1. */
int kw_db_keyworker_of(struct kw_store *st, const char *client_id, char out[37],
		       struct kw_err *err);
/* Calls fn with the id of each woman whose keyworker is user_id. 0 or -1. */
int kw_db_caseload_ids(struct kw_store *st, const char *user_id,
		       int (*fn)(void *ctx, const char *client_id), void *ctx, struct kw_err *err);

#endif
