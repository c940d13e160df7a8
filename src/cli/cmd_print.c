/* cmd_print.c: keywork print: her plan on paper (PDF or text), written to a new file. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "keywork/lookup.h"
#include "keywork/withher.h"

int kw_cmd_print(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_client c = { 0 };
	enum kw_print_format fmt = KW_PRINT_PDF;
	int rc = -1;

	if (kw_cli_parse_for("print", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 1 || strcmp(o.argv[0], "plan") != 0 || o.client == NULL || o.output == NULL) {
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
			   "her plan is written to a new file, never to the terminal: -o FILE");
		goto out;
	}
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(&o, &s, err) != 0 ||
	    kw_app_client_find(s, o.client, &c, err) != 0)
		goto out;
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
