/* cmd_sar.c: keywork sar: a subject-access request, written to a new directory. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "keywork/sar.h"

int kw_cmd_sar(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_sar_result r;
	int rc = -1;

	if (kw_cli_parse_for("sar", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0 || o.client == NULL || o.output == NULL) {
		kw_cli_usage(err, "sar");
		goto out;
	}
	if (strcmp(o.output, "-") == 0) {
		kw_err_set(err, KW_EUSAGE,
			   "a SAR is written to a new directory, never to the "
			   "terminal: -o DIR");
		goto out;
	}
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(&o, &s, err) != 0)
		goto out;
	if (kw_sar_write(s, pack, o.client, o.output, o.withhold, &r, err) != 0)
		goto out;
	if (o.withhold == NULL)
		fprintf(stderr,
			"keywork: wrote %s/sar.txt, sar.html and sar.json: %lu records, %lu "
			"changes, "
			"%lu audit rows. %lu passage%s name someone else: see %s/review.txt before "
			"release.\n",
			o.output, r.records, r.changes, r.audit, r.passages,
			r.passages == 1 ? "" : "s", o.output);
	else
		fprintf(stderr,
			"keywork: wrote the release copy to %s: %lu of %lu passage%s withheld.\n",
			o.output, r.withheld, r.passages, r.passages == 1 ? "" : "s");
	rc = 0;
out:
	kw_form_pack_free(&pack);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}
