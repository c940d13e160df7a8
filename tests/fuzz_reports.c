/*
 * fuzz_reports.c: libFuzzer target for the report loader: any bytes, as one
 * report file checked against the shipped forms, must give a report or
 * located problems, never a crash, a leak or a hang.
 *   scripts/fuzz.sh [SECONDS]   (builds build-fuzz/fuzz_reports and runs it)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "keywork/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kw_form_pack *forms;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kw_diags ds = { 0 };
	char line[1200];

	if (forms == NULL) {
		char *dir = kw_forms_shipped_dir();
		struct kw_err err;

		if (kw_form_pack_load(dir, NULL, 0, &forms, &ds, &err) != 0)
			abort(); /* the shipped forms must load */
		free(dir);
	}
	kw_report_check_buffer(forms, "fuzz.yaml", (const char *)data, size, &ds);
	for (size_t i = 0; i < ds.n; i++)
		kw_diag_str(&ds, i, line, sizeof(line));
	kw_diags_free(&ds);
	return 0;
}
