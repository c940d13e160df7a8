/*
 * reads.h: what the screens read and write through the app, never the store
 * (the store's functions of the same names without "app", in casework.h,
 * contact.h, episode.h, regard.h and view.h, say what each gives). Each takes
 * the session, so the app can check, transact and audit in one place.
 */
#ifndef KEYWORK_READS_H
#define KEYWORK_READS_H

#include "keywork/app.h"
#include "keywork/casework.h"
#include "keywork/contact.h"
#include "keywork/episode.h"
#include "keywork/formdb.h"
#include "keywork/regard.h"
#include "keywork/view.h"

/* The latest step of advocacy item item_id, and what is due: 1 found, 0 none, -1. */
int kw_app_advocacy_latest(struct kw_session *s, const char *item_id, struct kw_adv_latest *out,
			   struct kw_err *err);
/* Her episodes, and one episode: as kw_db_episode_each and kw_db_episode_get. */
int kw_app_episode_each(struct kw_session *s, const char *client_id,
			int (*fn)(void *ctx, const struct kw_episode *e), void *ctx,
			struct kw_err *err);
int kw_app_episode_get(struct kw_session *s, const char *id, struct kw_episode *out,
		       struct kw_err *err);
/* Group sessions in a period (those she attended when client_id is given), and her attendance. */
int kw_app_group_sessions(struct kw_session *s, const char *since, const char *until,
			  const char *client_id, int limit,
			  int (*fn)(void *ctx, const struct kw_session_row *r), void *ctx,
			  struct kw_err *err);
int kw_app_attendance_of(struct kw_session *s, const char *client_id, int limit,
			 int (*fn)(void *ctx, const struct kw_attendance_row *r), void *ctx,
			 struct kw_err *err);
/* Appointments from first to last, a keyworker's (NULL: everyone's). */
int kw_app_appointments(struct kw_session *s, const char *keyworker_id, const char *first,
			const char *last, int (*fn)(void *ctx, const struct kw_appt_row *a),
			void *ctx, struct kw_err *err);
/* The whole team's first limit appointments from first to last, and how many in all. */
int kw_app_appointments_first(struct kw_session *s, const char *first, const char *last, long limit,
			      long *total, int (*fn)(void *ctx, const struct kw_appt_row *a),
			      void *ctx, struct kw_err *err);
/* Her outcome scores, for her journey. */
int kw_app_scores(struct kw_session *s, const char *client_id,
		  int (*fn)(void *ctx, const struct kw_score_row *r), void *ctx,
		  struct kw_err *err);
/* Her contact state today (cadence, pause, last contact): as kw_db_contact_state. */
int kw_app_contact_state(struct kw_session *s, const char *client_id, const char *today,
			 struct kw_contact_state *out, struct kw_err *err);
/* A support plan's tasks and advocacy items. */
int kw_app_plan_actions(struct kw_session *s, const char *plan_id,
			int (*fn)(void *ctx, const struct kw_plan_action *a), void *ctx,
			struct kw_err *err);
/* Type-ahead search for women (view.h says how it matches and orders). */
int kw_app_search(struct kw_session *s, const char *query, int limit,
		  int (*fn)(void *ctx, const struct kw_hit *h), void *ctx, struct kw_err *err);
/* A keyworker's caseload (NULL: every woman), as kw_db_caseload. */
int kw_app_caseload(struct kw_session *s, const char *keyworker_id, const char *today,
		    int (*fn)(void *ctx, const struct kw_case_row *r), void *ctx,
		    struct kw_err *err);
/* Every user, by name. */
int kw_app_user_each(struct kw_session *s, int (*fn)(void *ctx, const struct kw_user *u), void *ctx,
		     struct kw_err *err);
/* One note, to fn, if the user may read it; 0 or -1. */
int kw_app_note_get(struct kw_session *s, const char *id,
		    int (*fn)(void *ctx, const struct kw_note *n), void *ctx, struct kw_err *err);
/* Searches the notes the user may read (hers only, when client_id is given), newest first. */
int kw_app_note_search(struct kw_session *s, const char *query, const char *client_id, int limit,
		       int (*fn)(void *ctx, const struct kw_note *n), void *ctx,
		       struct kw_err *err);
/*
 * Writes a case note (or an amendment of n->amends_id) and its audit row in
 * one transaction: both or neither. n->meta is filled. Returns 0 or -1.
 */
int kw_app_note_write(struct kw_session *s, struct kw_note *n, struct kw_err *err);

/* --- Today --- */

/* Today's agenda for a keyworker's women (NULL: every woman), as kw_db_agenda lists it. */
int kw_app_agenda(struct kw_session *s, const char *keyworker_id, const char *today,
		  int (*fn)(void *ctx, const struct kw_agenda_item *a), void *ctx,
		  struct kw_err *err);
/* How many tasks and chases, and how many advocacy steps, are due today (kw_db_agenda_counts). */
int kw_app_agenda_counts(struct kw_session *s, const char *keyworker_id, const char *today,
			 long *tasks, long *advocacy, struct kw_err *err);
/* The whole team's caseload a page at a time, *total the number of women (kw_db_caseload_page). */
int kw_app_caseload_page(struct kw_session *s, const char *today, long offset, long limit,
			 long *total, int (*fn)(void *ctx, const struct kw_case_row *r), void *ctx,
			 struct kw_err *err);

/* --- her record --- */

/* A woman by id or reference: 1 found, 0 not, -1. */
int kw_app_client_get(struct kw_session *s, const char *id_or_ref, struct kw_client *out,
		      struct kw_err *err);
/* Her record's header: 1 found, 0 not, -1. */
int kw_app_header(struct kw_session *s, const char *client_id, struct kw_header *out,
		  struct kw_err *err);
/* A page of her timeline after *after, as kw_db_timeline: the number given, or -1. */
int kw_app_timeline(struct kw_session *s, const char *client_id, struct kw_tl_cursor *after,
		    int limit, int (*fn)(void *ctx, const struct kw_tl_entry *e), void *ctx,
		    struct kw_err *err);
/*
 * When the session's user last opened her record, into at (read it before
 * kw_app_record_opened records this look): 1 found, 0 never, -1.
 */
int kw_app_last_look(struct kw_session *s, const char *client_id, char at[21], struct kw_err *err);
/*
 * What someone other than the session's user created or changed in her
 * record strictly after since (kw_db_changed_since): the number given, or -1.
 */
int kw_app_changed_since(struct kw_session *s, const char *client_id, const char *since, int limit,
			 int (*fn)(void *ctx, const char *id, const char *by), void *ctx,
			 struct kw_err *err);

/* --- records edited through forms --- */

/*
 * Whether the session may see records of kind at all: a kind kept in the
 * sensitive compartment only when this session opened it (its role holds
 * that key). The screens ask before they offer such a record.
 */
bool kw_app_sees_kind(const struct kw_session *s, const struct kw_kind *kind);
/*
 * Record rec->id's answers the session's role may see, as kw_db_form_load:
 * 1 found, 0 not, -1 (KW_ENOPERM for a kind the session may not see).
 */
int kw_app_form_load(struct kw_session *s, const struct kw_form_spec *f, struct kw_form_record *rec,
		     struct kw_values *out, struct kw_err *err);
/*
 * The records of f's kind under parent_id, as kw_db_form_list: the number
 * given, or -1 (KW_ENOPERM for a kind the session may not see).
 */
int kw_app_form_list(struct kw_session *s, const struct kw_form_spec *f, const char *parent_id,
		     const char *order_by, int limit,
		     int (*fn)(void *ctx, const char *id, const struct kw_values *vals), void *ctx,
		     struct kw_err *err);

#endif
