/* cmd_forms.c: `keywork forms check`: loads the form pack and reports every problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keywork/ui.h"
#include "keywork/form.h"
#include "keywork/letter.h"
#include "keywork/util.h"

/* A directory called reports, or a file in one, holds a centre's reports, not forms. */
static bool reports_path(const char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		n--;
	return (n >= 7 && strncmp(p + n - 7, "reports", 7) == 0 && (n == 7 || p[n - 8] == '/')) ||
	       strstr(p, "reports/") != NULL;
}

/* A directory called letters, or a file in one, or a .letter file, holds letter templates. */
static bool letters_path(const char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		n--;
	return (n >= 7 && strncmp(p + n - 7, "letters", 7) == 0 && (n == 7 || p[n - 8] == '/')) ||
	       strstr(p, "letters/") != NULL || (n > 7 && strncmp(p + n - 7, ".letter", 7) == 0);
}

/*
 * Checks the letter templates against the pack just loaded: the shipped ones,
 * and the config directory's, or (paths given) the letters among paths.
 */
static int check_letters(const struct kw_form_pack *pack, char **paths, size_t npaths,
			 struct kw_err *err)
{
	struct kw_letter_pack *lp = NULL;
	struct kw_diags diags = { 0 };
	char *shipped = kw_letters_shipped_dir(), *config = NULL;
	const char **overrides = kw_xcalloc(npaths + 1, sizeof(char *));
	size_t n = 0;
	int rc;

	if (npaths == 0) {
		config = kw_letters_override_dir();
		overrides[n++] = config;
	}
	for (size_t i = 0; i < npaths; i++)
		if (letters_path(paths[i]))
			overrides[n++] = paths[i];
	rc = kw_letter_pack_load(pack, shipped, overrides, n, &lp, &diags, err);
	if (rc != 0) {
		char line[1200];

		for (size_t i = 0; i < diags.n; i++)
			printf("%s\n", kw_diag_str(&diags, i, line, sizeof(line)));
		fflush(stdout);
	} else {
		printf("ok: %zu letter templates (shipped: %s)\n", lp->n, shipped);
	}
	kw_letter_pack_free(&lp);
	kw_diags_free(&diags);
	free(overrides);
	free(shipped);
	free(config);
	return rc;
}

/*
 * Checks the reports against the pack just loaded: the shipped ones, and the
 * config directory's, or (paths given) the reports directories among paths.
 */
static int check_reports(const struct kw_form_pack *pack, char **paths, size_t npaths,
			 struct kw_err *err)
{
	struct kw_report_pack *rp = NULL;
	struct kw_diags diags = { 0 };
	char *shipped = kw_reports_shipped_dir(), *config = NULL;
	const char **overrides = kw_xcalloc(npaths + 1, sizeof(char *));
	size_t n = 0;
	int rc;

	if (npaths == 0) {
		config = kw_reports_override_dir();
		overrides[n++] = config;
	}
	for (size_t i = 0; i < npaths; i++)
		if (reports_path(paths[i]))
			overrides[n++] = paths[i];
	rc = kw_report_pack_load(pack, shipped, overrides, n, &rp, &diags, err);
	if (rc != 0) {
		char line[1200];

		for (size_t i = 0; i < diags.n; i++)
			printf("%s\n", kw_diag_str(&diags, i, line, sizeof(line)));
		fflush(stdout);
	} else {
		printf("ok: %zu reports (shipped: %s)\n", rp->n, shipped);
	}
	kw_report_pack_free(&rp);
	kw_diags_free(&diags);
	free(overrides);
	free(shipped);
	free(config);
	return rc;
}

int kw_cmd_forms(int argc, char **argv, struct kw_err *err)
{
	struct kw_form_pack *pack = NULL;
	struct kw_diags diags = { 0 };
	char *shipped = NULL, *config = NULL;
	const char **overrides = NULL;
	size_t n = 0;
	int rc = -1;

	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		kw_cli_usage(err, "forms");
		goto out;
	}
	for (int i = 2; i < argc; i++)
		if (argv[i][0] == '-') {
			kw_err_why(err, KW_EUSAGE, KW_R_UNKNOWN, "unknown option %s", argv[i]);
			goto out;
		}
	shipped = kw_forms_shipped_dir();
	/* Paths given are checked as a centre's overrides, in place of the config directory's. */
	overrides = kw_xcalloc((size_t)argc + 1, sizeof(char *));
	if (argc > 2) {
		for (int i = 2; i < argc; i++)
			if (!reports_path(argv[i]) && !letters_path(argv[i]))
				overrides[n++] = argv[i];
	} else {
		config = kw_forms_override_dir();
		overrides[n++] = config;
	}
	if (kw_form_pack_load(shipped, overrides, n, &pack, &diags, err) != 0) {
		char line[1200];

		for (size_t i = 0; i < diags.n; i++)
			printf("%s\n", kw_diag_str(&diags, i, line, sizeof(line)));
		fflush(stdout);
		goto out;
	}
	printf("ok: %zu forms and %zu lists (shipped: %s)\n", pack->nforms, pack->nlists, shipped);
	if (check_reports(pack, argc > 2 ? argv + 2 : NULL, argc > 2 ? (size_t)(argc - 2) : 0,
			  err) != 0)
		goto out;
	if (check_letters(pack, argc > 2 ? argv + 2 : NULL, argc > 2 ? (size_t)(argc - 2) : 0,
			  err) != 0)
		goto out;
	rc = 0;
out:
	kw_form_pack_free(&pack);
	kw_diags_free(&diags);
	free(overrides);
	free(shipped);
	free(config);
	return rc;
}

int kw_cli_forms_load(struct kw_form_pack **out, struct kw_err *err)
{
	struct kw_diags diags = { 0 };
	char *shipped = kw_forms_shipped_dir(), *config = kw_forms_override_dir();
	const char *overrides[] = { config };
	int rc = kw_form_pack_load(shipped, overrides, 1, out, &diags, err);

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

int kw_cmd_keys(int argc, char **argv, struct kw_err *err)
{
	(void)argv;
	if (argc > 1)
		return kw_cli_usage(err, "keys");
	kw_ui_print_keys(stdout);
	return 0;
}
