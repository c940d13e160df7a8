/*
 * cmd_print.c: keywork print: her plan on paper, or a letter for one of her
 * advocacy items (PDF or text), written to a new file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "keywork/letter.h"
#include "keywork/lookup.h"
#include "keywork/withher.h"

/* The template called name, or a usage error naming the ones there are. */
static const struct kw_letter_spec *template_named(const struct kw_letter_pack *lp,
						   const char *name, struct kw_err *err)
{
	const struct kw_letter_spec *t = kw_letter_find(lp, name);
	struct kw_buf b = { 0 };

	if (t != NULL)
		return t;
	for (size_t i = 0; i < lp->n; i++) {
		kw_buf_adds(&b, i > 0 ? ", " : "");
		kw_buf_adds(&b, lp->letters[i]->key);
	}
	kw_err_set(err, KW_EUSAGE, "there is no letter template '%s' (there are: %s)", name,
		   b.p != NULL ? b.p : "none");
	kw_buf_free(&b);
	return NULL;
}

static int print_letter(struct kw_opts *o, struct kw_session *s, const struct kw_form_pack *pack,
			const char *client_id, enum kw_print_format fmt, struct kw_err *err)
{
	struct kw_letter_pack *lp = NULL;
	const struct kw_letter_spec *t;
	struct kw_letter l = { 0 };
	struct stat sb;
	char step[37] = "";
	int rc = -1;

	if (kw_app_letters_load(pack, &lp, err) != 0 ||
	    (t = template_named(lp, o->template, err)) == NULL ||
	    kw_app_letter_make(s, pack, t, client_id, o->item, &l, err) != 0)
		goto out;
	/* Refused before anything is recorded: the file is only ever a new one. */
	if (lstat(o->output, &sb) == 0) {
		kw_err_set(err, KW_EUSAGE, "%s already exists: the letter goes to a new file",
			   o->output);
		goto out;
	}
	if (kw_app_letter_record(s, pack, &l, o->yes, step, err) != 0)
		goto out;
	if (kw_app_letter_write(s, &l, fmt, o->output, err) != 0) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		kw_err_set(err, err->status,
			   "the letter is recorded as a step of the issue (%s), but the file was "
			   "not written: %s",
			   step, why);
		goto out;
	}
	fprintf(stderr,
		"keywork: wrote the letter to %s (%s); recorded as a step of the issue (%s).\n",
		o->output, fmt == KW_PRINT_TEXT ? "text" : "PDF", step);
	rc = 0;
out:
	kw_letter_free(&l);
	kw_letter_pack_free(&lp);
	return rc;
}

int kw_cmd_print(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_client c = { 0 };
	enum kw_print_format fmt = KW_PRINT_PDF;
	bool letter;
	int rc = -1;

	if (kw_cli_parse_for("print", argc, argv, &o, err) != 0)
		goto out;
	letter = o.argc == 1 && strcmp(o.argv[0], "letter") == 0;
	if (o.argc != 1 || (!letter && strcmp(o.argv[0], "plan") != 0) || o.client == NULL ||
	    o.output == NULL || (letter && (o.item == NULL || o.template == NULL)) ||
	    (!letter && (o.item != NULL || o.template != NULL || o.yes))) {
		kw_cli_usage(err, "print");
		goto out;
	}
	if (o.format != NULL && strcmp(o.format, "text") == 0) {
		fmt = KW_PRINT_TEXT;
	} else if (o.format != NULL && strcmp(o.format, "pdf") != 0) {
		kw_err_set(err, KW_EUSAGE, "--format is pdf or text, not '%s'", o.format);
		goto out;
	}
	if (strcmp(o.output, "-") == 0) {
		kw_err_set(err, KW_EUSAGE,
			   "%s is written to a new file, never to the terminal: -o FILE",
			   letter ? "a letter" : "her plan");
		goto out;
	}
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(&o, &s, err) != 0 ||
	    kw_app_client_find(s, o.client, &c, err) != 0)
		goto out;
	if (letter) {
		rc = print_letter(&o, s, pack, c.meta.id, fmt, err);
		goto out;
	}
	if (kw_app_print_plan(s, pack, c.meta.id, fmt, o.output, err) != 0)
		goto out;
	fprintf(stderr, "keywork: wrote her plan to %s (%s); recorded as given to her.\n", o.output,
		fmt == KW_PRINT_TEXT ? "text" : "PDF");
	rc = 0;
out:
	kw_client_clear(&c);
	kw_form_pack_free(&pack);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}
