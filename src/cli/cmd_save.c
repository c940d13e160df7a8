/*
 * cmd_save.c: keywork save FORM: one record saved from the command line
 * through the same way in as the screens (kw_form_save), so every rule of
 * the work and every check of the form applies; a rule's question (sharing
 * without consent) is answered yes only by --yes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keywork/formsave.h"
#include "keywork/util.h"

/*
 * KEY=VALUE into vals. KEY= leaves the answer not asked; a VALUE of
 * "(unknown)", "(declined)" or "(not asked)" records that state, as the
 * screens' ^O does, so "unknown" is never typed in as an answer.
 */
static int answers(int argc, char **argv, struct kw_values *vals, struct kw_err *err)
{
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char key[64];

		if (eq == NULL || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof(key))
			return kw_err_set(err, KW_EUSAGE,
					  "'%s' is not KEY=VALUE (keywork help save says more)",
					  argv[i]);
		snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
		if (eq[1] == '\0' || strcmp(eq + 1, "(not asked)") == 0)
			kw_values_set_state(vals, key, KW_STATE_NOT_ASKED);
		else if (strcmp(eq + 1, "(unknown)") == 0)
			kw_values_set_state(vals, key, KW_STATE_UNKNOWN);
		else if (strcmp(eq + 1, "(declined)") == 0)
			kw_values_set_state(vals, key, KW_STATE_DECLINED);
		else
			kw_values_set(vals, key, eq + 1);
	}
	return 0;
}

int kw_cmd_save(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	const struct kw_form_spec *f;
	struct kw_form_record rec = { 0 };
	struct kw_values vals = { 0 };
	struct kw_field_errors errs = { 0 };
	struct kw_save_opts so = { .confirmed = false };
	int rc = -1;

	if (kw_cli_parse_for("save", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc < 1 || (o.client != NULL) + (o.under != NULL) + (o.record != NULL) > 1) {
		kw_cli_usage(err, "save");
		goto out;
	}
	if (answers(o.argc - 1, o.argv + 1, &vals, err) != 0 || kw_cli_forms_load(&pack, err) != 0)
		goto out;
	f = kw_form_find(pack, o.argv[0]);
	if (f == NULL) {
		kw_err_set(err, KW_EUSAGE, "there is no form '%s' (keywork forms check lists them)",
			   o.argv[0]);
		goto out;
	}
	if (o.record == NULL && f->kind->parent_kind != NULL &&
	    strcmp(f->kind->parent_kind, "client") == 0 && o.client == NULL) {
		kw_err_set(err, KW_EUSAGE, "a new %s is hers: give --client REF", f->kind->label);
		goto out;
	}
	if (o.record == NULL && f->kind->parent_kind != NULL &&
	    strcmp(f->kind->parent_kind, "client") != 0 && o.under == NULL) {
		kw_err_set(err, KW_EUSAGE, "a new %s belongs to a %s: give --under ID",
			   f->kind->label, f->kind->parent_kind);
		goto out;
	}
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	/* A user named by her username (keyworker=kim) is saved as the user's id. */
	for (size_t i = 0; i < f->nfields; i++) {
		const struct kw_field_spec *fs = &f->fields[i];
		const struct kw_value *v = kw_values_get(&vals, fs->key);
		struct kw_user u;
		struct kw_err e;

		if (fs->type == KW_F_REF && fs->references != NULL &&
		    strcmp(fs->references, "user") == 0 && v != NULL &&
		    v->state == KW_STATE_ANSWERED && v->text != NULL &&
		    kw_app_user_find(s, v->text, &u, &e) == 0)
			kw_values_set(&vals, fs->key, u.meta.id);
	}
	if (o.client != NULL) {
		struct kw_client c = { 0 };

		if (kw_app_client_find(s, o.client, &c, err) != 0)
			goto out;
		snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", c.meta.id);
		kw_client_clear(&c);
	} else if (o.under != NULL) {
		snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", o.under);
	}
	if (o.record != NULL) {
		struct kw_values stored = { 0 };
		int rc_read;

		snprintf(rec.id, sizeof(rec.id), "%s", o.record);
		rc_read = kw_app_form_read(s, f, &rec, &stored, err);
		kw_values_free(&stored);
		if (rc_read != 0)
			goto out;
	} else {
		/* A new record starts from the form's defaults, as on the screen. */
		kw_form_defaults(f, s->user.role, s->user.meta.id, NULL, NULL, &vals);
	}
	so.confirmed = o.yes;
	if (kw_form_save_with(s, f, &rec, &vals, &so, &errs, err) != 0) {
		if (err->reason == KW_R_QUESTION && errs.n > 0) {
			char q[sizeof(err->msg)];

			snprintf(q, sizeof(q), "%s", err->msg);
			kw_err_why(err, KW_ECONFIRM, KW_R_QUESTION,
				   "%s Nothing was saved; --yes saves it anyway (%s)",
				   errs.e[0].msg, q);
		} else if (err->reason == KW_R_INVALID) {
			for (size_t i = 0; i < errs.n; i++)
				fprintf(stderr, "keywork: %s: %s\n", errs.e[i].key, errs.e[i].msg);
		}
		goto out;
	}
	/* The id, alone on standard output, for a script to save what belongs to it. */
	printf("%s\n", rec.id);
	fprintf(stderr, "keywork: %s %s\n", f->kind->label, o.record != NULL ? "saved" : "added");
	rc = 0;
out:
	kw_field_errors_free(&errs);
	kw_values_free(&vals);
	kw_form_pack_free(&pack);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}
