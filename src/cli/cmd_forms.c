/* cmd_forms.c: `keywork forms check`: loads the form pack and reports every problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keywork/ui.h"
#include "keywork/form.h"
#include "keywork/letter.h"
#include "keywork/util.h"

/* Whether path names the directory dir ("reports"), or a file in one. */
static bool in_dir(const char *p, const char *dir)
{
	size_t n = strlen(p), d = strlen(dir);
	char slashed[32];

	while (n > 1 && p[n - 1] == '/')
		n--;
	snprintf(slashed, sizeof(slashed), "%s/", dir);
	return (n >= d && strncmp(p + n - d, dir, d) == 0 && (n == d || p[n - d - 1] == '/')) ||
	       strstr(p, slashed) != NULL;
}

static bool reports_path(const char *p)
{
	return in_dir(p, "reports");
}

/* A directory called letters, or a file in one, or a .letter file, holds letter templates. */
static bool letters_path(const char *p)
{
	size_t n = strlen(p);

	return in_dir(p, "letters") || (n > 7 && strcmp(p + n - 7, ".letter") == 0);
}

/* Loads one pack of reports or letters for checking; *count what it holds. */
typedef int (*extra_load)(const struct kw_form_pack *pack, const char *shipped,
			  const char **overrides, size_t n, size_t *count, struct kw_diags *d,
			  struct kw_err *err);

static int load_reports(const struct kw_form_pack *pack, const char *shipped,
			const char **overrides, size_t n, size_t *count, struct kw_diags *d,
			struct kw_err *err)
{
	struct kw_report_pack *rp = NULL;
	int rc = kw_report_pack_load(pack, shipped, overrides, n, &rp, d, err);

	*count = rc == 0 ? rp->n : 0;
	kw_report_pack_free(&rp);
	return rc;
}

static int load_letters(const struct kw_form_pack *pack, const char *shipped,
			const char **overrides, size_t n, size_t *count, struct kw_diags *d,
			struct kw_err *err)
{
	struct kw_letter_pack *lp = NULL;
	int rc = kw_letter_pack_load(pack, shipped, overrides, n, &lp, d, err);

	*count = rc == 0 ? lp->n : 0;
	kw_letter_pack_free(&lp);
	return rc;
}

/* What is checked beside the forms, against the pack just loaded. */
static const struct extra {
	const char *noun;
	char *(*shipped)(void);
	char *(*config)(void);
	bool (*ours)(const char *path);
	extra_load load;
} EXTRAS[] = {
	{ "reports", kw_reports_shipped_dir, kw_reports_override_dir, reports_path, load_reports },
	{ "letter templates", kw_letters_shipped_dir, kw_letters_override_dir, letters_path,
	  load_letters },
};

/*
 * Checks one kind of extra against the pack: the shipped ones and the config
 * directory's, or (paths given) those among paths that are of its kind.
 */
static int check_extra(const struct extra *x, const struct kw_form_pack *pack, char **paths,
		       size_t npaths, struct kw_err *err)
{
	struct kw_diags diags = { 0 };
	char *shipped = x->shipped(), *config = NULL;
	const char **overrides = kw_xcalloc(npaths + 1, sizeof(char *));
	size_t n = 0, count = 0;
	int rc;

	if (npaths == 0) {
		config = x->config();
		overrides[n++] = config;
	}
	for (size_t i = 0; i < npaths; i++)
		if (x->ours(paths[i]))
			overrides[n++] = paths[i];
	rc = x->load(pack, shipped, overrides, n, &count, &diags, err);
	if (rc != 0) {
		char line[1200];

		for (size_t i = 0; i < diags.n; i++)
			printf("%s\n", kw_diag_str(&diags, i, line, sizeof(line)));
		fflush(stdout);
	} else {
		printf("ok: %zu %s (shipped: %s)\n", count, x->noun, shipped);
	}
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
	for (size_t i = 0; i < sizeof(EXTRAS) / sizeof(EXTRAS[0]); i++)
		if (check_extra(&EXTRAS[i], pack, argc > 2 ? argv + 2 : NULL,
				argc > 2 ? (size_t)(argc - 2) : 0, err) != 0)
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
