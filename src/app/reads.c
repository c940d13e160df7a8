/* reads.c: the store's reads and the note write, as the screens ask for them (reads.h). */
#include "keywork/db.h"
#include "keywork/reads.h"
#include "keywork/retention.h"

int kw_app_advocacy_latest(struct kw_session *s, const char *item_id, struct kw_adv_latest *out,
			   struct kw_err *err)
{
	return kw_db_advocacy_latest(s->store, item_id, out, err);
}

int kw_app_episode_each(struct kw_session *s, const char *client_id,
			int (*fn)(void *ctx, const struct kw_episode *e), void *ctx,
			struct kw_err *err)
{
	return kw_db_episode_each(s->store, client_id, fn, ctx, err);
}

int kw_app_episode_get(struct kw_session *s, const char *id, struct kw_episode *out,
		       struct kw_err *err)
{
	return kw_db_episode_get(s->store, id, out, err);
}

int kw_app_group_sessions(struct kw_session *s, const char *since, const char *until,
			  const char *client_id, int limit,
			  int (*fn)(void *ctx, const struct kw_session_row *r), void *ctx,
			  struct kw_err *err)
{
	return kw_db_group_sessions(s->store, since, until, client_id, limit, fn, ctx, err);
}

int kw_app_attendance_of(struct kw_session *s, const char *client_id, int limit,
			 int (*fn)(void *ctx, const struct kw_attendance_row *r), void *ctx,
			 struct kw_err *err)
{
	return kw_db_attendance_of(s->store, client_id, limit, fn, ctx, err);
}

int kw_app_appointments(struct kw_session *s, const char *keyworker_id, const char *first,
			const char *last, int (*fn)(void *ctx, const struct kw_appt_row *a),
			void *ctx, struct kw_err *err)
{
	return kw_db_appointments(s->store, keyworker_id, first, last, fn, ctx, err);
}

int kw_app_appointments_first(struct kw_session *s, const char *first, const char *last, long limit,
			      long *total, int (*fn)(void *ctx, const struct kw_appt_row *a),
			      void *ctx, struct kw_err *err)
{
	kw_store_wide_cache(s->store);
	return kw_db_appointments_first(s->store, first, last, limit, total, fn, ctx, err);
}

int kw_app_scores(struct kw_session *s, const char *client_id,
		  int (*fn)(void *ctx, const struct kw_score_row *r), void *ctx, struct kw_err *err)
{
	return kw_db_scores(s->store, client_id, fn, ctx, err);
}

int kw_app_contact_state(struct kw_session *s, const char *client_id, const char *today,
			 struct kw_contact_state *out, struct kw_err *err)
{
	return kw_db_contact_state(s->store, client_id, today, out, err);
}

int kw_app_plan_actions(struct kw_session *s, const char *plan_id,
			int (*fn)(void *ctx, const struct kw_plan_action *a), void *ctx,
			struct kw_err *err)
{
	return kw_db_plan_actions(s->store, plan_id, fn, ctx, err);
}

int kw_app_search(struct kw_session *s, const char *query, int limit,
		  int (*fn)(void *ctx, const struct kw_hit *h), void *ctx, struct kw_err *err)
{
	return kw_db_search(s->store, query, limit, fn, ctx, err);
}

int kw_app_caseload(struct kw_session *s, const char *keyworker_id, const char *today,
		    int (*fn)(void *ctx, const struct kw_case_row *r), void *ctx,
		    struct kw_err *err)
{
	return kw_db_caseload(s->store, keyworker_id, today, fn, ctx, err);
}

int kw_app_user_each(struct kw_session *s, int (*fn)(void *ctx, const struct kw_user *u), void *ctx,
		     struct kw_err *err)
{
	return kw_db_user_each(s->store, fn, ctx, err);
}

int kw_app_note_get(struct kw_session *s, const char *id,
		    int (*fn)(void *ctx, const struct kw_note *n), void *ctx, struct kw_err *err)
{
	return kw_db_note_get(s->store, id, fn, ctx, err);
}

int kw_app_note_search(struct kw_session *s, const char *query, const char *client_id, int limit,
		       int (*fn)(void *ctx, const struct kw_note *n), void *ctx, struct kw_err *err)
{
	return kw_db_note_search(s->store, query, client_id, limit, fn, ctx, err);
}

int kw_app_note_write(struct kw_session *s, struct kw_note *n, struct kw_err *err)
{
	bool amend = n->amends_id != NULL && n->amends_id[0] != '\0';

	if (kw_restricted(s, n->client_id, err) != 0)
		return -1;
	if (kw_store_begin(s->store, err) != 0)
		return -1;
	if (kw_db_note_add(s->store, n, err) != 0 ||
	    kw_db_audit(s->store, amend ? "note-amend" : "note-add", n->client_id, n->meta.id,
			err) != 0 ||
	    kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		return -1;
	}
	return 0;
}

int kw_app_agenda(struct kw_session *s, const char *keyworker_id, const char *today,
		  int (*fn)(void *ctx, const struct kw_agenda_item *a), void *ctx,
		  struct kw_err *err)
{
	return kw_db_agenda(s->store, keyworker_id, today, fn, ctx, err);
}

int kw_app_agenda_counts(struct kw_session *s, const char *keyworker_id, const char *today,
			 long *tasks, long *advocacy, struct kw_err *err)
{
	return kw_db_agenda_counts(s->store, keyworker_id, today, tasks, advocacy, err);
}

int kw_app_caseload_page(struct kw_session *s, const char *today, long offset, long limit,
			 long *total, int (*fn)(void *ctx, const struct kw_case_row *r), void *ctx,
			 struct kw_err *err)
{
	kw_store_wide_cache(s->store);
	return kw_db_caseload_page(s->store, today, offset, limit, total, fn, ctx, err);
}

int kw_app_client_get(struct kw_session *s, const char *id_or_ref, struct kw_client *out,
		      struct kw_err *err)
{
	return kw_db_client_get(s->store, id_or_ref, out, err);
}

int kw_app_header(struct kw_session *s, const char *client_id, struct kw_header *out,
		  struct kw_err *err)
{
	return kw_db_header(s->store, client_id, out, err);
}

int kw_app_timeline(struct kw_session *s, const char *client_id, struct kw_tl_cursor *after,
		    int limit, int (*fn)(void *ctx, const struct kw_tl_entry *e), void *ctx,
		    struct kw_err *err)
{
	return kw_db_timeline(s->store, client_id, after, limit, fn, ctx, err);
}

int kw_app_last_look(struct kw_session *s, const char *client_id, char at[21], struct kw_err *err)
{
	return kw_db_last_look(s->store, client_id, s->user.meta.id, at, err);
}

int kw_app_changed_since(struct kw_session *s, const char *client_id, const char *since, int limit,
			 int (*fn)(void *ctx, const char *id, const char *by), void *ctx,
			 struct kw_err *err)
{
	return kw_db_changed_since(s->store, client_id, s->user.meta.id, since, limit, fn, ctx,
				   err);
}

bool kw_app_sees_kind(const struct kw_session *s, const struct kw_kind *kind)
{
	return kind != NULL && (!kind->sensitive || kw_store_has_sensitive(s->store));
}

int kw_app_form_load(struct kw_session *s, const struct kw_form_spec *f, struct kw_form_record *rec,
		     struct kw_values *out, struct kw_err *err)
{
	return kw_db_form_load(s->store, f, rec, out, err);
}

int kw_app_form_list(struct kw_session *s, const struct kw_form_spec *f, const char *parent_id,
		     const char *order_by, int limit,
		     int (*fn)(void *ctx, const char *id, const struct kw_values *vals), void *ctx,
		     struct kw_err *err)
{
	return kw_db_form_list(s->store, f, parent_id, order_by, limit, fn, ctx, err);
}
