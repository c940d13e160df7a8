/*
 * episode.h: her episodes (referral -> open -> closed, re-opened when she
 * comes back), the rules that keep a case from being closed for
 * non-engagement, and what her record needs to mark entries changed since
 * the signed-in user last looked.
 *
 * The rules are in src/app/episode.c (no SQL, no terminal), the queries in
 * src/db/episode.c, and the word test shared with the form loader in
 * src/util/reasons.c (reasons.h). The store's triggers (schema/general/0005) refuse a
 * non-engagement reason from any writer and close an episode when its
 * closure is written, in the same transaction.
 */
#ifndef KEYWORK_EPISODE_H
#define KEYWORK_EPISODE_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/err.h"
#include "keywork/model.h"
#include "keywork/reasons.h"
#include "keywork/spec.h"

struct kw_store; /* db.h: the functions below that take one are the store's */

struct kw_session; /* app.h: the functions below that take one are the app's (episode.c) */

/* --- her episodes in the store (src/db/episode.c) --- */

/* An episode as stored, with the closure that closed it. Strings malloc'd (NULL: none). */
struct kw_episode {
	char id[37];
	char client_id[37];
	char *referral_source;
	char *programme;
	char *cadence;
	char *status; /* "referred", "open" or "closed" */
	char *referred_on;
	char *opened_on;
	char *closed_on;
	char *closure_reason;
	char *reopened_from; /* the earlier episode this one re-opened */
	char *reopened_by;   /* a later episode that re-opened this one (the newest) */
	char *her_wish;	     /* from its closure: what she asked for, in her words */
	char *welcome_back;  /* from its closure: what she was told about coming back */
	long version;
};
void kw_episode_clear(struct kw_episode *e);

/* What is still open for her, asked about before an episode closes. */
struct kw_open_work {
	long tasks;	     /* tasks not done nor no longer needed */
	long advocacy;	     /* advocacy items not resolved */
	char court_at[21];   /* her next court date from today, as stored, or "" */
	char risk_level[32]; /* her latest risk assessment's level ("" if none or not opened) */
};
/*
 * Reads what is open for client_id on today ("YYYY-MM-DD"); the risk level
 * only where the sensitive compartment is open. Returns 0, or -1.
 */
int kw_db_open_work(struct kw_store *st, const char *client_id, const char *today,
		    struct kw_open_work *out, struct kw_err *err);

/* Reads episode id. Returns 1 if found, 0 if not, -1 on error. */
int kw_db_episode_get(struct kw_store *st, const char *id, struct kw_episode *out,
		      struct kw_err *err);
/*
 * Calls fn with each of her episodes: open ones first, then referred, then
 * closed, each newest first. The episode is borrowed for the call. fn
 * returns non-zero to stop. Returns the number given, or -1.
 */
int kw_db_episode_each(struct kw_store *st, const char *client_id,
		       int (*fn)(void *ctx, const struct kw_episode *e), void *ctx,
		       struct kw_err *err);
/*
 * Opens referred episode id at version: status open, opened_on, and cadence
 * (NULL: left as it is), with a history row per changed field. Also fills the
 * cadence of an episode already open with the same opened_on and no cadence
 * (a referral recorded with its start day). Refuses (KW_EDATA), changing
 * nothing, an episode that is closed, open since another day, or saved by
 * someone since version. Not a transaction of its own: the caller's.
 */
int kw_db_episode_open(struct kw_store *st, const char *id, long version, const char *opened_on,
		       const char *cadence, struct kw_err *err);

/*
 * When user_id last opened her record (the newest "record-open" audit row of
 * theirs for her), into at (ISO-8601). Read it before auditing this opening.
 * Returns 1 if found, 0 if never, -1 on error.
 */
int kw_db_last_look(struct kw_store *st, const char *client_id, const char *user_id, char at[21],
		    struct kw_err *err);
/*
 * Calls fn with the id of each entry of her timeline (contacts, notes when the
 * sensitive compartment is open, tasks, appointments, advocacy steps,
 * strengths) and of her own record when her handover summary changed, that
 * someone other than user_id created or changed strictly after since, and
 * who did it (a username, or a user id). At most limit. fn returns non-zero
 * to stop. Returns the number given, or -1.
 */
int kw_db_changed_since(struct kw_store *st, const char *client_id, const char *user_id,
			const char *since, int limit,
			int (*fn)(void *ctx, const char *id, const char *by), void *ctx,
			struct kw_err *err);

/* --- the rules (src/app/episode.c) --- */

/*
 * The cadence an episode of a programme is opened with, from the programme's
 * cadence_days: "weekly" (7), "fortnightly" (14), "monthly" (28), "N days"
 * otherwise, "" for none (0). As kw_cadence_days reads it back.
 */
void kw_episode_cadence(long cadence_days, char out[32]);

/*
 * Whether episode e may be closed now: not already closed. False with why in
 * msg ("This episode closed on 03/02/2025.").
 */
bool kw_episode_can_close(const struct kw_episode *e, char *msg, size_t mlen);

/*
 * Checks a closure's answers (closure form keys: reason, closed_on, her_wish,
 * welcome_back) for episode e (may be NULL): a reason is given, is an item of
 * the closure_reasons list in pack that is not retired, and never reads as
 * non-engagement; her wish carries her words and a welcome-back message; it
 * closes no earlier than the episode began. False with the field's key in
 * key and why in msg.
 */
bool kw_closure_check(const struct kw_form_pack *pack, const struct kw_episode *e,
		      const struct kw_values *vals, char *key, size_t klen, char *msg, size_t mlen);
/*
 * Fills in what a closure at her wish must carry when left out: the closure
 * form's default welcome-back message. Does nothing for other reasons or
 * when a message is given.
 */
void kw_closure_fill(const struct kw_form_pack *pack, struct kw_values *vals);

/*
 * Closes episode_id for the session's user: kw_episode_can_close,
 * kw_closure_fill, kw_closure_check, then the closure form saved under the
 * episode (which the store's trigger closes with it, atomically) and audited.
 * closure_id (may be NULL) gets the closure's id. Refuses with KW_EDATA and
 * msg in err; errs gets a form's field errors.
 */
int kw_episode_close(struct kw_session *s, const struct kw_form_pack *pack, const char *episode_id,
		     const struct kw_values *vals, struct kw_field_errors *errs,
		     char closure_id[37], struct kw_err *err);

/*
 * Opens referred episode episode_id on opened_on ("YYYY-MM-DD"; NULL: today),
 * with the cadence its programme sets in pack; audited. Also completes an
 * episode already open on that day without a cadence. KW_EDATA otherwise.
 */
int kw_episode_open(struct kw_session *s, const struct kw_form_pack *pack, const char *episode_id,
		    const char *opened_on, struct kw_err *err);

/*
 * Whether earlier may be re-opened: it is closed. False with why in msg.
 */
bool kw_episode_can_reopen(const struct kw_episode *earlier, char *msg, size_t mlen);

/*
 * Re-opens closed episode earlier_id: a NEW episode for her, linked to it
 * (reopened_from), saved through the reopening form with vals (referral
 * source, programme, referred_on; missing ones: herself, the earlier
 * programme, today), and opened on the day she came back with its
 * programme's cadence; all in one transaction, audited. The earlier episode
 * and its closure are kept as they were. new_id gets the new episode's id.
 */
int kw_episode_reopen(struct kw_session *s, const struct kw_form_pack *pack, const char *earlier_id,
		      const struct kw_values *vals, struct kw_field_errors *errs, char new_id[37],
		      struct kw_err *err);

#endif
