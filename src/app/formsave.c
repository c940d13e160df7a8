/* formsave.c: a form's answers validated against the whole record, then stored and audited. */
#include <stdio.h>
#include <string.h>

#include "keywork/formsave.h"
#include "keywork/policy.h"
#include "keywork/retention.h"
#include "keywork/rules.h"
#include "keywork/util.h"

/*
 * The woman a saved record concerns, for the audit: herself, or whoever owns
 * it through its parents (an advocacy step through its item, a closure
 * through its episode, an attendance by its own client_id). Read from the
 * store after the save, so an edit given only the record's id names her too.
 * client is "" for a record that is no woman's (a group session).
 */
static int client_of(struct kw_store *st, const struct kw_form_spec *f,
		     const struct kw_form_record *rec, char client[37], struct kw_err *err)
{
	const struct kw_kind *k;

	client[0] = '\0';
	if (strcmp(f->kind->name, "client") == 0) {
		snprintf(client, 37, "%s", rec->id);
		return 0;
	}
	return kw_db_record_owner(st, rec->id, &k, client, err) < 0 ? -1 : 0;
}

/*
 * The woman a save would change, known before it is made: a stored record's
 * owner; for a new one, the record it goes under (her, or one of hers), or
 * the woman an attendance names. "" for none (a new woman, a group session).
 */
static int client_before(struct kw_store *st, const struct kw_form_spec *f,
			 const struct kw_form_record *rec, const struct kw_values *vals,
			 bool creating, char client[37], struct kw_err *err)
{
	const struct kw_kind *k;
	const struct kw_value *v = kw_values_get(vals, "client_id");

	client[0] = '\0';
	if (!creating)
		return client_of(st, f, rec, client, err);
	if (v != NULL && v->text != NULL && kw_kind_column(f->kind, "client_id") != NULL)
		snprintf(client, 37, "%s", v->text);
	else if (rec->parent_id[0] == '\0')
		return 0;
	else if (f->kind->parent_kind != NULL && strcmp(f->kind->parent_kind, "client") == 0)
		snprintf(client, 37, "%s", rec->parent_id);
	else if (kw_db_record_owner(st, rec->parent_id, &k, client, err) < 0)
		return -1;
	return 0;
}

/* Copies each answer of from into to. */
static void values_over(struct kw_values *to, const struct kw_values *from)
{
	for (size_t i = 0; i < from->n; i++) {
		if (from->v[i].state == KW_STATE_ANSWERED)
			kw_values_set(to, from->v[i].key, from->v[i].text);
		else
			kw_values_set_state(to, from->v[i].key, from->v[i].state);
	}
}

/* A rule's refusal or question, as the caller is told it. */
static int rule_said(const struct kw_rule_answer *a, struct kw_field_errors *errs,
		     struct kw_err *err)
{
	struct kw_field_error *e;

	if (errs->n == errs->cap) {
		errs->cap = errs->cap != 0 ? errs->cap * 2 : 4;
		errs->e = kw_xrealloc(errs->e, errs->cap * sizeof(*errs->e));
	}
	e = &errs->e[errs->n++];
	snprintf(e->key, sizeof(e->key), "%s", a->field);
	snprintf(e->msg, sizeof(e->msg), "%s", a->msg);
	if (a->verdict == KW_RULE_ASK)
		return kw_err_why(err, KW_ECONFIRM, KW_R_QUESTION, "%s", a->question);
	return kw_err_why(err, KW_EDATA, KW_R_RULE, "%s", a->msg);
}

/*
 * The record a rule asked to be saved with rec (a step's disclosure), inside
 * the caller's transaction: checked by its own form, saved, and audited
 * naming the record it came with. Returns 0, or -1 (errs or err say why).
 */
static int save_also(struct kw_session *s, const struct kw_form_spec *f,
		     const struct kw_form_record *rec, struct kw_rule_answer *said,
		     struct kw_field_errors *errs, struct kw_err *err)
{
	const struct kw_form_spec *af;
	struct kw_form_record arec = { 0 };
	struct kw_buf detail = { 0 };
	char client[37];
	int rc = -1;

	if (said->also_form[0] == '\0')
		return 0;
	af = kw_form_find(f->pack, said->also_form);
	if (af == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "there is no %s form to record with this %s",
				  said->also_form, f->kind->label);
	kw_form_defaults(af, s->user.role, s->user.meta.id, NULL, NULL, &said->also);
	if (kw_form_validate(af, s->user.role, &said->also, NULL, NULL, errs) > 0) {
		kw_err_why(err, KW_EDATA, KW_R_INVALID,
			   "the %s recorded with this %s is not complete (%s); nothing was saved",
			   af->kind->label, f->kind->label, errs->e[errs->n - 1].msg);
		goto out;
	}
	snprintf(arec.parent_id, sizeof(arec.parent_id), "%s", said->also_parent);
	if (kw_db_form_save(s->store, af, &arec, &said->also, err) != 0 ||
	    client_of(s->store, af, &arec, client, err) != 0)
		goto out;
	kw_buf_printf(&detail, "%s added %s (with %s %s)", af->key, arec.id, f->key, rec->id);
	if (kw_db_audit(s->store, "form-save", client[0] != '\0' ? client : NULL, detail.p, err) !=
	    0)
		goto out;
	rc = 0;
out:
	kw_buf_free(&detail);
	return rc;
}

int kw_form_save(struct kw_session *s, const struct kw_form_spec *f, struct kw_form_record *rec,
		 const struct kw_values *vals, struct kw_field_errors *errs, struct kw_err *err)
{
	return kw_form_save_with(s, f, rec, vals, NULL, errs, err);
}

int kw_form_save_with(struct kw_session *s, const struct kw_form_spec *f,
		      struct kw_form_record *rec, const struct kw_values *vals,
		      const struct kw_save_opts *o, struct kw_field_errors *errs,
		      struct kw_err *err)
{
	struct kw_values old = { 0 }, merged = { 0 }, derived = { 0 }, base = { 0 };
	struct kw_rule_answer said = { 0 };
	char today[11], client[37];
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
	/* A restricted record is read only, for every caller (screens, command line, import). */
	{
		char whose[37];
		int r;

		if (client_before(s->store, f, creating ? rec : &was, vals, creating, whose, err) !=
		    0)
			goto out;
		if ((r = kw_restricted(s, whose, err)) != 0)
			goto out;
	}
	/* Rules such as "required" and show_if read the whole record, not just the changes. */
	values_over(&merged, &old);
	values_over(&merged, vals);
	/*
	 * The rule of the work first (as the screens always asked it first), for
	 * every caller alike. A stored record's owner comes from the store.
	 */
	{
		struct kw_form_record at = creating ? *rec : was;
		struct kw_rule_call call = { s, f, &at, &old, vals, &merged, &derived, today };

		kw_today(today);
		if (kw_rules_run(&call, &said) != KW_RULE_OK &&
		    (said.verdict == KW_RULE_REFUSED || o == NULL || !o->confirmed)) {
			rule_said(&said, errs, err);
			goto out;
		}
	}
	/* What the rule worked out is the app's, not the user's: no role "changed" it. */
	values_over(&base, &old);
	values_over(&base, &derived);
	bad = kw_form_validate(f, s->user.role, &merged, creating && derived.n == 0 ? NULL : &base,
			       NULL, errs);
	if (bad > 0) {
		kw_err_why(err, KW_EDATA, KW_R_INVALID,
			   "%zu answer%s need%s attention; nothing was saved", bad,
			   bad == 1 ? "" : "s", bad == 1 ? "s" : "");
		goto out;
	}
	/*
	 * The answers, a checklist's score, the audit row and any record the rule
	 * asked for with it (a step's disclosure) are saved together or not at all.
	 */
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (kw_db_form_save(s->store, f, rec, vals, err) != 0)
		goto fail;
	/* A new record keeps what its rule judged when it was saved (a contact's channel_safety). */
	if (creating && derived.n > 0 &&
	    kw_db_form_set_derived(s->store, f, rec->id, &derived, err) != 0)
		goto fail;
	/* What follows from it (a court date's appointment) goes in with it. */
	{
		struct kw_form_record at = *rec;
		struct kw_rule_call call = { s, f, &at, &old, vals, &merged, NULL, today };

		if (!creating)
			memcpy(at.parent_id, was.parent_id, sizeof(at.parent_id));
		if ((o == NULL || !o->carried) && kw_rules_after(&call, err) != 0)
			goto fail;
	}
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
	if (client_of(s->store, f, rec, client, err) != 0 ||
	    kw_db_audit(s->store, "form-save", client[0] != '\0' ? client : NULL, detail.p, err) !=
		    0 ||
	    ((o == NULL || !o->carried) && save_also(s, f, rec, &said, errs, err) != 0) ||
	    kw_store_commit(s->store, err) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	kw_store_rollback(s->store);
out:
	kw_buf_free(&detail);
	if (o != NULL && o->derived != NULL)
		values_over(o->derived, &derived);
	kw_values_free(&old);
	kw_values_free(&merged);
	kw_values_free(&derived);
	kw_values_free(&base);
	kw_rule_answer_clear(&said);
	return rc;
}
