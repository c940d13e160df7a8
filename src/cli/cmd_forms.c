/* cmd_forms.c: `keywork forms check`: loads the form pack and reports every problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keywork/ui.h"
#include "keywork/form.h"
#include "keywork/util.h"

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
