/* lookup.c: records by name, the audit trail read and redaction, for the command line and screens. */
#include <stdio.h>

#include "keywork/access.h"
#include "keywork/accessdb.h"
#include "keywork/db.h"
#include "keywork/lookup.h"
#include "keywork/policy.h"
#include "repair.h"

int kw_app_client_find(struct kw_session *s, const char *ref, struct kw_client *out,
		       struct kw_err *err)
{
	char id[37], reference[16];
	int found = kw_db_access_client(s->store, ref, id, reference, err);

	/* Found by her reference on the command line: she must be this user's to see. */
	if (found > 0 && kw_access_open(s, id, "looked up by reference", err) != 0) {
		kw_client_clear(out);
		return -1;
	}
	if (found >= 0)
		found = kw_db_client_get(s->store, ref, out, err);
	if (found > 0)
		return 0;
	if (found == 0)
		kw_err_why(err, KW_EDATA, KW_R_GONE, "no woman has the reference %s", ref);
	kw_client_clear(out);
	return -1;
}

int kw_app_user_find(struct kw_session *s, const char *name, struct kw_user *out,
		     struct kw_err *err)
{
	int found = kw_db_user_find(s->store, name, out, err);

	if (found > 0)
		return 0;
	if (found == 0)
		kw_err_why(err, KW_EDATA, KW_R_GONE, "there is no user %s", name);
	return -1;
}

long kw_app_client_count(struct kw_session *s, struct kw_err *err)
{
	return kw_db_client_count(s->store, err);
}

bool kw_app_has_sensitive(const struct kw_session *s)
{
	return kw_store_has_sensitive(s->store);
}

int kw_app_may(struct kw_session *s, enum kw_do what, struct kw_err *err)
{
	return kw_db_may(s->store, what, err);
}

int kw_app_form_read(struct kw_session *s, const struct kw_form_spec *f, struct kw_form_record *rec,
		     struct kw_values *out, struct kw_err *err)
{
	int found = kw_db_form_load(s->store, f, rec, out, err);

	if (found > 0)
		return 0;
	if (found == 0)
		kw_err_why(err, KW_EDATA, KW_R_GONE, "there is no %s %s", f->kind->label, rec->id);
	return -1;
}

struct counted {
	int (*fn)(void *ctx, const struct kw_audit_row *r);
	void *ctx;
	unsigned long n;
};

static int count_row(void *ctx, const struct kw_audit_row *r)
{
	struct counted *c = ctx;

	c->n++;
	return c->fn(c->ctx, r);
}

int kw_app_audit_read(struct kw_session *s, const struct kw_audit_filter *f,
		      int (*fn)(void *ctx, const struct kw_audit_row *r), void *ctx,
		      const char *about, struct kw_err *err)
{
	struct counted c = { fn, ctx, 0 };
	char detail[400];

	if (kw_db_may(s->store, KW_DO_AUDIT_OWN, err) != 0 ||
	    kw_db_audit_each(s->store, f, count_row, &c, err) != 0)
		return -1;
	/* Reading the trail is itself recorded. */
	snprintf(detail, sizeof(detail), "%lu rows%s%s", c.n, about != NULL && *about ? ", " : "",
		 about != NULL ? about : "");
	return kw_db_audit(s->store, "audit-read", NULL, detail, err);
}

int kw_app_redact_field(struct kw_session *s, const char *client_id, const char *record_id,
			const char *field, long *rows, struct kw_err *err)
{
	if (kw_db_may(s->store, KW_DO_REDACT, err) != 0)
		return -1;
	return kw_db_redact_field(s->store, client_id, record_id, field, rows, err);
}

int kw_app_redact_note(struct kw_session *s, const char *client_id, const char *note_id,
		       struct kw_err *err)
{
	if (kw_db_may(s->store, KW_DO_REDACT, err) != 0)
		return -1;
	return kw_db_redact_note(s->store, client_id, note_id, err);
}

int kw_app_check(struct kw_session *s, kw_problem_fn fn, void *ctx, struct kw_err *err)
{
	int found = kw_db_check(s->store, fn, ctx, err);

	/* A restriction to named staff changed outside keywork: its three records differ. */
	if (found < 0 || kw_access_refresh(s, err) != 0)
		return -1;
	for (size_t i = 0; i < s->naccess_problems; i++)
		fn(ctx, s->access_problems[i]);
	return found + (int)s->naccess_problems;
}

int kw_repair_run(struct kw_session *s, const struct kw_repair *r, long *changed,
		  struct kw_err *err)
{
	char detail[160];

	*changed = 0;
	if (!kw_session_is(s, KW_ROLE_MANAGER))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE, "%s", r->refusal);
	if (r->needed != NULL) {
		long n = 0;

		if (r->needed(s, &n, err) != 0)
			return -1;
		if (n == 0)
			return 0;
	}
	if (kw_store_begin(s->store, err) != 0)
		return -1;
	if (r->write(s, changed, err) != 0)
		goto fail;
	snprintf(detail, sizeof(detail), "%ld %s", *changed, *changed == 1 ? r->one : r->many);
	if ((*changed > 0 && kw_db_audit(s->store, r->action, NULL, detail, err) != 0) ||
	    kw_store_commit(s->store, err) != 0)
		goto fail;
	return 0;
fail:
	kw_store_rollback(s->store);
	return -1;
}

static int allocation_write(struct kw_session *s, long *changed, struct kw_err *err)
{
	return kw_db_allocation_repair(s->store, changed, err);
}

int kw_app_allocation_repair(struct kw_session *s, long *changed, struct kw_err *err)
{
	static const struct kw_repair r = { allocation_write,
					    "allocation-repair",
					    "woman's keyworker written again from its sealed copy",
					    "women's keyworker written again from its sealed copy",
					    "only a manager can write the women's keyworkers again",
					    NULL };

	return kw_repair_run(s, &r, changed, err);
}

static int schema_write(struct kw_session *s, long *changed, struct kw_err *err)
{
	return kw_db_schema_repair(s->store, changed, err);
}

int kw_app_schema_repair(struct kw_session *s, long *changed, struct kw_err *err)
{
	static const struct kw_repair r = {
		schema_write,
		"schema-repair",
		"index, view or trigger made again as keywork makes it, or removed",
		"indexes, views or triggers made again as keywork makes them, or removed",
		"only a manager can mend the schema",
		NULL
	};

	if (kw_repair_run(s, &r, changed, err) != 0)
		return -1;
	/* Committed: keywork.db's triggers run again once they are all keywork's. */
	return kw_db_schema_guard(s->store, NULL, 0, err) < 0 ? -1 : 0;
}

static int index_write(struct kw_session *s, long *changed, struct kw_err *err)
{
	return kw_db_index_repair(s->store, changed, err);
}

static int index_needed(struct kw_session *s, long *n, struct kw_err *err)
{
	return kw_db_index_repair_needed(s->store, n, err);
}

int kw_app_index_repair(struct kw_session *s, long *changed, struct kw_err *err)
{
	static const struct kw_repair r = { index_write,
					    "index-repair",
					    "index built again from its table's rows",
					    "indexes built again from their tables' rows",
					    "only a manager can build indexes again",
					    index_needed };

	return kw_repair_run(s, &r, changed, err);
}

static int contact_state_write(struct kw_session *s, long *changed, struct kw_err *err)
{
	return kw_db_contact_state_rebuild(s->store, changed, err);
}

static int contact_state_needed(struct kw_session *s, long *n, struct kw_err *err)
{
	return kw_db_contact_state_differs(s->store, n, err);
}

int kw_app_contact_state_rebuild(struct kw_session *s, long *changed, struct kw_err *err)
{
	static const struct kw_repair r = {
		contact_state_write,
		"contact-state-repair",
		"row of contact state, advocacy days due and tallies due written again",
		"rows of contact state, advocacy days due and tallies due written again",
		"only a manager can write the contact state again",
		contact_state_needed
	};

	return kw_repair_run(s, &r, changed, err);
}
