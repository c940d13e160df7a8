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

#endif
