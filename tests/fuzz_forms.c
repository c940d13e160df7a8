/*
 * fuzz_forms.c: libFuzzer target for the form loader: any bytes, as one form
 * file, must give a pack or located problems, never a crash, a leak or a hang.
 *   scripts/fuzz.sh [SECONDS]   (builds build-fuzz/fuzz_forms and runs it)
 */
#include <stddef.h>
#include <stdint.h>

#include "keywork/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kw_diags ds = { 0 };
	char line[1200];

	kw_form_check_buffer("fuzz.yaml", (const char *)data, size, &ds);
	for (size_t i = 0; i < ds.n; i++)
		kw_diag_str(&ds, i, line, sizeof(line));
	kw_diags_free(&ds);
	return 0;
}
