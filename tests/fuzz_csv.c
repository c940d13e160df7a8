/* fuzz_csv.c: libFuzzer target for the CSV reader, with a write-and-read-back check. */

/*
 * Build and run from the project root (clang 14 or later):
 *
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Iinclude \
 *	src/util/err.c src/io/csvio.c tests/fuzz_csv.c -lcsv -o /tmp/fuzz_csv
 *   mkdir -p /tmp/fuzz_csv_corpus
 *   /tmp/fuzz_csv -max_total_time=60 /tmp/fuzz_csv_corpus
 *
 * Every input is read with kw_csv_read_stream. A failure must be a located
 * KW_EDATA error. A success must give rows of equal width, fields of valid
 * UTF-8 within KW_CSV_MAX_FIELD, and sane positions; the rows are then
 * written with kw_csv_write_row and read again, and must come back the same
 * (neutralised cells with their apostrophe).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/csvio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* All the fields of all the rows, each NUL-terminated, one after another. */
struct seen {
	char *buf;
	size_t len, cap;
	size_t nrows;
	size_t width;
	unsigned long last_line;
	FILE *out;	    /* rows written back, or NULL */
	const char *cursor; /* when re-reading: the next expected field */
	int mismatch;
};

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_csv: %s\n", what);
		abort();
	}
}

/* An independent UTF-8 check (RFC 3629 ranges), decoding code points. */
static int valid_utf8(const unsigned char *s)
{
	unsigned long cp = 0, min = 0;
	int n = 0, i;

	while (*s != '\0') {
		if (*s < 0x80) {
			s++;
			continue;
		} else if ((*s & 0xE0) == 0xC0) {
			n = 1, cp = *s & 0x1F, min = 0x80;
		} else if ((*s & 0xF0) == 0xE0) {
			n = 2, cp = *s & 0x0F, min = 0x800;
		} else if ((*s & 0xF8) == 0xF0) {
			n = 3, cp = *s & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		s += n + 1;
	}
	return 1;
}

static void keep(struct seen *sn, const char *s, size_t len)
{
	if (sn->len + len + 1 > sn->cap) {
		sn->cap = (sn->len + len + 1) * 2;
		sn->buf = realloc(sn->buf, sn->cap);
		check(sn->buf != NULL, "out of memory");
	}
	memcpy(sn->buf + sn->len, s, len + 1);
	sn->len += len + 1;
}

static int on_row(void *ctx, const struct kw_csv_row *row, struct kw_err *err)
{
	struct seen *sn = ctx;
	size_t i, len;

	(void)err;
	check(row->nfields > 0, "a row with no fields");
	if (sn->nrows == 0)
		sn->width = row->nfields;
	check(row->nfields == sn->width, "rows of different widths");
	check(row->line > sn->last_line, "rows out of order");
	check(row->line == row->lines[0], "row line is not its first field's");
	sn->last_line = row->line;
	for (i = 0; i < row->nfields; i++) {
		len = strlen(row->fields[i]);
		check(len <= KW_CSV_MAX_FIELD, "field over the limit");
		check(valid_utf8((const unsigned char *)row->fields[i]), "field not UTF-8");
		check(row->cols[i] >= 1, "column 0");
		check(i == 0 || row->lines[i] > row->lines[i - 1] ||
			      (row->lines[i] == row->lines[i - 1] &&
			       row->cols[i] > row->cols[i - 1]),
		      "fields out of order");
		if (sn->cursor != NULL) {
			/* re-reading: after unneutralising, every cell is what was written */
			const char *want = sn->cursor;
			char *got = strdup(row->fields[i]);

			check(got != NULL, "out of memory");
			if (strcmp(kw_csv_unneutralise(got), want) != 0)
				sn->mismatch = 1;
			/* and a cell that starts like a formula never reads back as one */
			if (row->fields[i][0] != '\0' &&
			    strchr("=+-@\t\r", row->fields[i][0]) != NULL)
				sn->mismatch = 1;
			free(got);
			sn->cursor += strlen(want) + 1;
		} else {
			keep(sn, row->fields[i], len);
		}
	}
	if (sn->out != NULL)
		check(kw_csv_write_row(sn->out, row->fields, row->nfields, err) == 0,
		      "write failed");
	sn->nrows++;
	return 0;
}

static int read_all(const char *data, size_t size, struct seen *sn, struct kw_err *err)
{
	FILE *fp = fmemopen((void *)(uintptr_t)data, size, "r");
	int rc;

	check(fp != NULL, "fmemopen failed");
	rc = kw_csv_read_stream(fp, "fuzz", on_row, sn, err);
	fclose(fp);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen first, again;
	struct kw_err err;
	char *written = NULL;
	size_t wlen = 0, nrows;

	if (size == 0)
		return 0; /* fmemopen wants a buffer */
	memset(&first, 0, sizeof(first));
	first.out = open_memstream(&written, &wlen);
	check(first.out != NULL, "open_memstream failed");

	if (read_all((const char *)data, size, &first, &err) != 0) {
		check(err.status == KW_EDATA, "failure that is not KW_EDATA");
		check(err.line >= 1 && err.col >= 1, "failure without a location");
		check(err.msg[0] != '\0' && strcmp(err.file, "fuzz") == 0, "failure without text");
		fclose(first.out);
		free(written);
		free(first.buf);
		return 0;
	}
	check(fclose(first.out) == 0, "memstream close failed");
	nrows = first.nrows;

	memset(&again, 0, sizeof(again));
	again.cursor = first.buf;
	if (wlen > 0) {
		check(read_all(written, wlen, &again, &err) == 0, "written rows do not read back");
	}
	check(again.nrows == nrows, "row count changed on re-read");
	check(!again.mismatch, "a field changed on re-read");

	free(written);
	free(first.buf);
	return 0;
}
