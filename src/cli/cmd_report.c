/* cmd_report.c: keywork report: list the reports, or count one for a period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "keywork/form.h"
#include "keywork/reports.h"
#include "keywork/util.h"

int kw_cli_reports_load(const struct kw_form_pack *pack, struct kw_report_pack **out,
			struct kw_err *err)
{
	struct kw_diags diags = { 0 };
	char *shipped = kw_reports_shipped_dir(), *config = kw_reports_override_dir();
	const char *overrides[] = { config };
	int rc = kw_report_pack_load(pack, shipped, overrides, 1, out, &diags, err);

	if (rc != 0) {
		char line[1200];

		for (size_t i = 0; i < diags.n; i++)
			fprintf(stderr, "%s\n", kw_diag_str(&diags, i, line, sizeof(line)));
	}
	kw_diags_free(&diags);
	free(shipped);
	free(config);
	return rc;
}

static int list(const struct kw_report_pack *rp)
{
	if (rp->n == 0)
		printf("There are no reports (put them in %s).\n", "reports/ beside the forms");
	for (size_t i = 0; i < rp->n; i++) {
		const struct kw_report_spec *r = rp->reports[i];

		printf("%-22s %s%s\n", r->key, r->title,
		       r->sensitive ? " (reads the sensitive compartment)" : "");
	}
	return 0;
}

static int format_of(const char *s, enum kw_report_format *out, struct kw_err *err)
{
	if (s == NULL || strcmp(s, "text") == 0)
		*out = KW_REPORT_TEXT;
	else if (strcmp(s, "csv") == 0)
		*out = KW_REPORT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = KW_REPORT_JSON;
	else
		return kw_err_set(err, KW_EUSAGE, "--format is text, csv or json, not '%s'", s);
	return 0;
}

int kw_cmd_report(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_report_pack *rp = NULL;
	struct kw_report_result res = { 0 };
	const struct kw_report_spec *r;
	enum kw_report_format fmt = KW_REPORT_TEXT;
	char from[11] = "", to[11] = "";
	bool to_file, created = false, suppress;
	FILE *out = NULL;
	int rc = -1;

	if (kw_cli_parse_for("report", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 1) {
		kw_cli_usage(err, "report");
		goto out;
	}
	if (format_of(o.format, &fmt, err) != 0)
		goto out;
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_reports_load(pack, &rp, err) != 0)
		goto out;
	if (strcmp(o.argv[0], "list") == 0) {
		rc = list(rp);
		goto out;
	}
	r = kw_report_find(rp, o.argv[0]);
	if (r == NULL) {
		kw_err_set(err, KW_EUSAGE,
			   "there is no report '%s' (keywork report list names them)", o.argv[0]);
		goto out;
	}
	if ((o.from != NULL && strlen(o.from) > 10) || (o.to != NULL && strlen(o.to) > 10)) {
		kw_err_set(err, KW_EUSAGE, "--from and --to are dates YYYY-MM-DD");
		goto out;
	}
	snprintf(from, sizeof(from), "%s", o.from != NULL ? o.from : "");
	snprintf(to, sizeof(to), "%s", o.to != NULL ? o.to : "");
	if (kw_report_period(from, to, err) != 0)
		goto out;
	to_file = o.output != NULL && strcmp(o.output, "-") != 0;
	/* True figures only to a manager's own terminal; anything else may be passed on. */
	suppress = to_file || fmt != KW_REPORT_TEXT || !isatty(STDOUT_FILENO);
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	/* The file first: a name already taken refuses before anything is counted. */
	out = kw_cli_output_open(o.output, to_file, &created, err);
	if (out == NULL)
		goto out;
	if (kw_report_run(s, r, from, to, &res, err) != 0) {
		if (to_file)
			fclose(out);
		goto out;
	}
	if (kw_report_write(out, &res, fmt, suppress, err) != 0) {
		if (to_file)
			fclose(out);
		goto out;
	}
	if (kw_cli_output_close(out, o.output, to_file, err) != 0)
		goto out;
	if (to_file)
		fprintf(stderr, "keywork: wrote %s (%s to %s) to %s.\n", r->key, from, to,
			o.output);
	rc = 0;
out:
	if (rc != 0 && created)
		unlink(o.output);
	kw_report_result_free(&res);
	kw_report_pack_free(&rp);
	kw_form_pack_free(&pack);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}
