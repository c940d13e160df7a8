/* formsave.c: a form's answers validated against the whole record, then stored and audited. */
#include <stdio.h>
#include <string.h>

#include "keywork/formsave.h"
#include "keywork/util.h"

/* The woman a record concerns, for the audit: herself, or the record's owner. */
static const char *client_of(const struct kw_form_spec *f, const struct kw_form_record *rec)
{
	if (strcmp(f->kind->name, "client") == 0)
		return rec->id;
	if (f->kind->parent_kind != NULL && strcmp(f->kind->parent_kind, "client") == 0)
		return rec->parent_id;
	return NULL;
}

int kw_form_save(struct kw_session *s, const struct kw_form_spec *f, struct kw_form_record *rec,
		 const struct kw_values *vals, struct kw_field_errors *errs, struct kw_err *err)
{
	struct kw_values old = { 0 }, merged = { 0 };
	struct kw_form_record was = *rec;
	struct kw_buf detail = { 0 };
	bool creating = rec->id[0] == '\0';
	size_t bad;
	int rc = -1;

	if (!creating) {
		int found = kw_db_form_load(s->store, f, &was, &old, err);

		if (found <= 0) {
			if (found == 0)
				kw_err_why(err, KW_EDATA, KW_R_GONE, "this %s no longer exists",
					   f->kind->label);
			goto out;
		}
	}
	/* Rules such as "required" and show_if read the whole record, not just the changes. */
	for (size_t i = 0; i < old.n; i++) {
		if (old.v[i].state == KW_STATE_ANSWERED)
			kw_values_set(&merged, old.v[i].key, old.v[i].text);
		else
			kw_values_set_state(&merged, old.v[i].key, old.v[i].state);
	}
	for (size_t i = 0; i < vals->n; i++) {
		if (vals->v[i].state == KW_STATE_ANSWERED)
			kw_values_set(&merged, vals->v[i].key, vals->v[i].text);
		else
			kw_values_set_state(&merged, vals->v[i].key, vals->v[i].state);
	}
	bad = kw_form_validate(f, s->user.role, &merged, creating ? NULL : &old, NULL, errs);
	if (bad > 0) {
		kw_err_why(err, KW_EDATA, KW_R_INVALID,
			   "%zu answer%s need%s attention; nothing was saved", bad,
			   bad == 1 ? "" : "s", bad == 1 ? "s" : "");
		goto out;
	}
	/* The answers, a checklist's score and the audit row are saved together or not at all. */
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (kw_db_form_save(s->store, f, rec, vals, err) != 0)
		goto fail;
	if (f->score != NULL) {
		struct kw_score_result res;

		if (kw_form_score(f, &merged, &res) == 0 &&
		    kw_db_form_set_score(s->store, f, rec->id, res.score,
					 res.level != NULL ? res.level->key : NULL, res.marac,
					 err) != 0)
			goto fail;
	}
	/*
	 * The audit row names the fields changed and which compartment's history
	 * holds their old and new values; it never copies a value, so nothing
	 * sensitive reaches the general compartment's audit trail.
	 */
	kw_buf_printf(&detail, "%s %s %s", f->key, creating ? "added" : "changed", rec->id);
	if (!creating) {
		size_t nch = 0;

		for (size_t i = 0; i < vals->n; i++) {
			const struct kw_value *nv = &vals->v[i], *ov = kw_values_get(&old, nv->key);
			const struct kw_field_spec *fs = kw_form_field(f, nv->key);
			bool same = ov != NULL && ov->state == nv->state &&
				    ((ov->text == NULL && nv->text == NULL) ||
				     (ov->text != NULL && nv->text != NULL &&
				      strcmp(ov->text, nv->text) == 0));

			if (same || fs == NULL || (ov == NULL && nv->state == KW_STATE_NOT_ASKED))
				continue;
			kw_buf_printf(&detail, "%s%s (history in %s)", nch++ == 0 ? ": " : ", ",
				      nv->key, fs->sensitive ? KW_SENSITIVE_DB : KW_GENERAL_DB);
		}
	}
	if (kw_db_audit(s->store, "form-save", client_of(f, rec), detail.p, err) != 0 ||
	    kw_store_commit(s->store, err) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	kw_store_rollback(s->store);
out:
	kw_buf_free(&detail);
	kw_values_free(&old);
	kw_values_free(&merged);
	return rc;
}
