/* csvio.h: reading and writing RFC 4180 CSV with libcsv, with located errors. */
#ifndef KEYWORK_CSVIO_H
#define KEYWORK_CSVIO_H

#include <stddef.h>
#include <stdio.h>

#include "keywork/err.h"

/* Largest field accepted on import; a larger one is a located error. */
#define KW_CSV_MAX_FIELD (1024u * 1024u)

/*
 * One parsed record. fields[i] are NUL-terminated UTF-8 strings owned by
 * the reader and valid only during the callback. line is the physical line
 * the record starts on (1-based); cols[i] is the column (1-based, in bytes)
 * where field i starts on its own line, and lines[i] that line.
 */
struct kw_csv_row {
	unsigned long line;
	size_t nfields;
	const char *const *fields;
	const unsigned long *lines;
	const unsigned long *cols;
};

/* Called once per record, the header row included. Return 0 to go on, -1 to stop (fill err). */
typedef int (*kw_csv_row_fn)(void *ctx, const struct kw_csv_row *row, struct kw_err *err);

/*
 * Reads the CSV file at path (strict RFC 4180: quotes, embedded newlines,
 * CRLF or LF; a UTF-8 BOM is skipped). Every record must have as many fields
 * as the first one. Invalid UTF-8, NUL bytes, a field over KW_CSV_MAX_FIELD,
 * an unterminated quote or a stray quote are errors located with the file
 * name, line and column. Returns 0, or -1 with err set (status KW_EDATA for
 * bad data, KW_ENOINPUT for a missing file, KW_EIO for read errors).
 */
int kw_csv_read_file(const char *path, kw_csv_row_fn fn, void *ctx, struct kw_err *err);

/* Same as kw_csv_read_file over an open stream; name is used in messages. */
int kw_csv_read_stream(FILE *fp, const char *name, kw_csv_row_fn fn, void *ctx, struct kw_err *err);

/*
 * Writes one record to fp as RFC 4180 CSV, quoting fields when needed and
 * ending the line with CRLF. A field that begins with '=', '+', '-', '@',
 * tab or carriage return is neutralised against formula injection by a
 * leading apostrophe ('), and so is one that begins with apostrophes before
 * such a character, so that kw_csv_unneutralise gives every field back
 * exactly. NULL fields are written empty. Returns 0 or -1
 * with err set (KW_EIO).
 */
int kw_csv_write_row(FILE *fp, const char *const *fields, size_t nfields, struct kw_err *err);

/*
 * Undoes kw_csv_write_row's neutralisation on an imported cell, in place:
 * one leading apostrophe is removed when one of the neutralised characters
 * follows it, directly or after more apostrophes; any other apostrophe
 * (O'Brien, 'Ria) is data and stays.
 * Returns s.
 */
char *kw_csv_unneutralise(char *s);

#endif
