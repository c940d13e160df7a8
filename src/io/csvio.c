/* csvio.c: strict RFC 4180 CSV import and export over libcsv, with located errors. */

/*
 * How the reader works.
 *
 * libcsv parses and unquotes but never says where it is in the input, so
 * the reader feeds it one byte at a time and keeps the position itself.
 * Before a byte goes to libcsv it is checked (UTF-8, NUL) at the line and
 * column it sits on; when libcsv's field or row callback fires (at most one
 * of each per byte) the reader knows exactly which byte ended the field or
 * the row, and a parse error is always about the byte just fed.
 *
 * Where a field starts is worked out by the rule libcsv follows: with space
 * trimming turned off (RFC 4180 keeps spaces), a field starts on the first
 * byte after a comma, or on the first byte of a row that is not CR or LF
 * (libcsv skips blank lines). Lines end at LF, CRLF or a lone CR, as rows do.
 *
 * Memory stays bounded: the length of the field being read is counted as
 * its bytes arrive, so a field over KW_CSV_MAX_FIELD fails as soon as it
 * gets there rather than at its end; a record holds at most MAX_FIELDS
 * fields and MAX_RECORD bytes; fields past the header's count are counted,
 * not kept.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include <csv.h>

#include "keywork/csvio.h"

#define MAX_FIELDS 16384u		    /* as many columns as a spreadsheet has */
#define MAX_RECORD (16u * KW_CSV_MAX_FIELD) /* bytes of all the fields of a record */
#define READ_CHUNK 65536u
#define PARSER_BLOCK 65536u /* libcsv grows its buffer by this much */

/* First characters that make a spreadsheet read a cell as a formula. */
static const char formula_start[] = "=+-@\t\r";

struct reader {
	const char *name;
	kw_csv_row_fn fn;
	void *ctx;
	struct kw_err *err;
	struct csv_parser parser;
	int failed; /* err is set; stop */

	/* where the byte being read sits */
	unsigned long line;
	unsigned long col;
	int after_cr; /* last byte was CR: a line ends unless LF follows */

	/* UTF-8 sequence in progress */
	unsigned int need;    /* continuation bytes still to come */
	unsigned char lo, hi; /* range allowed for the next one */
	unsigned char seq[4];
	unsigned int seqlen;
	unsigned long seq_line, seq_col;

	/* field being read */
	int in_field;
	int at_row_start;
	int quoted;
	size_t raw; /* bytes so far, quotes included */
	size_t quotes;
	unsigned long fline, fcol;

	/* record being built: its fields, NUL-terminated, one after another in buf */
	char *buf;
	size_t buflen, bufcap;
	size_t *offs;
	unsigned long *lines, *cols;
	const char **ptrs;
	size_t nfields, fieldcap;
	size_t extra;		   /* fields past the header's count */
	unsigned long xline, xcol; /* where the first of them starts */
	size_t ncols;		   /* the header's field count; 0 before it */
};

static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int fail_at(struct reader *r, unsigned long line, unsigned long col, const char *msg)
{
	r->failed = 1;
	return kw_err_at(r->err, KW_EDATA, r->name, line, col, "%s", msg);
}

static int bad_utf8(struct reader *r)
{
	char hex[4 * 5 + 1];
	size_t len = 0;
	unsigned int i;

	hex[0] = '\0';
	for (i = 0; i < r->seqlen; i++)
		len += (size_t)snprintf(hex + len, sizeof(hex) - len, "%s0x%02X", i ? " " : "",
					r->seq[i]);
	r->failed = 1;
	return kw_err_at(r->err, KW_EDATA, r->name, r->seq_line, r->seq_col,
			 "the text is not valid UTF-8 (%s %s); save the file as CSV UTF-8",
			 r->seqlen > 1 ? "bytes" : "byte", hex);
}

/*
 * Checks c as the next byte of UTF-8 text: no overlong forms, no surrogates,
 * nothing past U+10FFFF (the ranges of RFC 3629, section 4).
 */
static int check_utf8(struct reader *r, unsigned char c)
{
	if (r->need > 0) {
		r->seq[r->seqlen++] = c;
		if (c < r->lo || c > r->hi)
			return bad_utf8(r);
		r->lo = 0x80;
		r->hi = 0xBF;
		r->need--;
		return 0;
	}
	if (c < 0x80)
		return 0;

	r->seq[0] = c;
	r->seqlen = 1;
	r->seq_line = r->line;
	r->seq_col = r->col;
	r->lo = 0x80;
	r->hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		r->need = 1;
	} else if (c == 0xE0) {
		r->need = 2;
		r->lo = 0xA0; /* overlong below */
	} else if (c == 0xED) {
		r->need = 2;
		r->hi = 0x9F; /* surrogates above */
	} else if (c >= 0xE1 && c <= 0xEF) {
		r->need = 2;
	} else if (c == 0xF0) {
		r->need = 3;
		r->lo = 0x90; /* overlong below */
	} else if (c >= 0xF1 && c <= 0xF3) {
		r->need = 3;
	} else if (c == 0xF4) {
		r->need = 3;
		r->hi = 0x8F; /* past U+10FFFF above */
	} else {
		return bad_utf8(r); /* continuation byte, C0, C1 or F5..FF */
	}
	return 0;
}

/* Doubles cap (from 16) until it holds want. The limits keep it far from overflow. */
static size_t next_cap(size_t cap, size_t want)
{
	if (cap == 0)
		cap = 16;
	while (cap < want)
		cap *= 2;
	return cap;
}

static int grow_fields(struct reader *r, size_t want)
{
	size_t cap;
	void *p;

	if (want <= r->fieldcap)
		return 0;
	/* fieldcap is the smallest capacity of the four; commit it once all have grown */
	cap = next_cap(r->fieldcap, want);
	p = realloc(r->offs, cap * sizeof(*r->offs));
	if (p == NULL)
		return -1;
	r->offs = p;
	p = realloc(r->lines, cap * sizeof(*r->lines));
	if (p == NULL)
		return -1;
	r->lines = p;
	p = realloc(r->cols, cap * sizeof(*r->cols));
	if (p == NULL)
		return -1;
	r->cols = p;
	p = realloc(r->ptrs, cap * sizeof(*r->ptrs));
	if (p == NULL)
		return -1;
	r->ptrs = p;
	r->fieldcap = cap;
	return 0;
}

static int grow_buf(struct reader *r, size_t want)
{
	size_t cap;
	char *p;

	if (want <= r->bufcap)
		return 0;
	cap = next_cap(r->bufcap, want);
	p = realloc(r->buf, cap);
	if (p == NULL)
		return -1;
	r->buf = p;
	r->bufcap = cap;
	return 0;
}

static void out_of_memory(struct reader *r)
{
	r->failed = 1;
	kw_err_set(r->err, KW_ESOFTWARE, "%s: out of memory reading CSV", r->name);
}

static void field_too_long(struct reader *r)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "a field is longer than %u bytes%s", KW_CSV_MAX_FIELD,
		 r->quoted ? " (is a quote not closed?)" : "");
	fail_at(r, r->fline, r->fcol, msg);
}

/* libcsv's field callback: keeps a copy of the field in the record. */
static void on_field(void *data, size_t len, void *vr)
{
	struct reader *r = vr;
	char msg[128];
	size_t n = r->nfields;

	r->in_field = 0;
	if (r->failed)
		return;
	if (len > KW_CSV_MAX_FIELD) {
		field_too_long(r);
		return;
	}
	if (r->ncols > 0 && n == r->ncols) {
		if (r->extra++ == 0) {
			r->xline = r->fline;
			r->xcol = r->fcol;
		}
		return;
	}
	if (n == MAX_FIELDS) {
		snprintf(msg, sizeof(msg), "a row has more than %u fields", MAX_FIELDS);
		fail_at(r, r->fline, r->fcol, msg);
		return;
	}
	if (r->buflen + len + 1 > MAX_RECORD) {
		snprintf(msg, sizeof(msg), "a row is longer than %u bytes", MAX_RECORD);
		fail_at(r, r->fline, r->fcol, msg);
		return;
	}
	if (grow_fields(r, n + 1) < 0 || grow_buf(r, r->buflen + len + 1) < 0) {
		out_of_memory(r);
		return;
	}
	if (len > 0)
		memcpy(r->buf + r->buflen, data, len);
	r->buf[r->buflen + len] = '\0';
	r->offs[n] = r->buflen;
	r->lines[n] = r->fline;
	r->cols[n] = r->fcol;
	r->buflen += len + 1;
	r->nfields++;
}

/* libcsv's row callback: checks the field count and hands the record over. */
static void on_row(int c, void *vr)
{
	struct reader *r = vr;
	struct kw_csv_row row;
	char msg[160];
	size_t i;

	(void)c;
	r->at_row_start = 1;
	if (r->failed)
		return;
	if (r->ncols == 0) {
		r->ncols = r->nfields;
	} else if (r->extra > 0) {
		snprintf(msg, sizeof(msg), "this row has %zu fields but the header row has %zu",
			 r->ncols + r->extra, r->ncols);
		fail_at(r, r->xline, r->xcol, msg);
		return;
	} else if (r->nfields < r->ncols) {
		/* the first missing field would start where the row ends */
		snprintf(msg, sizeof(msg), "this row has %zu field%s but the header row has %zu",
			 r->nfields, r->nfields == 1 ? "" : "s", r->ncols);
		fail_at(r, r->line, r->col, msg);
		return;
	}

	for (i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->buf + r->offs[i];
	row.line = r->lines[0];
	row.nfields = r->nfields;
	row.fields = r->ptrs;
	row.lines = r->lines;
	row.cols = r->cols;
	if (r->fn(r->ctx, &row, r->err) != 0) {
		r->failed = 1;
		if (r->err != NULL && r->err->status == KW_OK)
			kw_err_at(r->err, KW_ESOFTWARE, r->name, row.line, 0,
				  "reading stopped at this row");
	}
	r->nfields = 0;
	r->buflen = 0;
}

static int parse_error(struct reader *r)
{
	if (csv_error(&r->parser) != CSV_EPARSE) {
		out_of_memory(r);
		return -1;
	}
	if (!r->quoted)
		return fail_at(r, r->line, r->col,
			       "a quote mark inside a field that does not start with one");
	/*
	 * Only a quote can end a quoted field, and it was the byte before this
	 * one, on the same line: point at it.
	 */
	return fail_at(r, r->line, r->col - 1,
		       "a quote inside a quoted field must be doubled (\"\"), "
		       "or text follows the closing quote");
}

/* Takes the next byte of input. Returns 0, or -1 with r->err set. */
static int feed(struct reader *r, unsigned char c)
{
	size_t len;

	if (r->after_cr) {
		r->after_cr = 0;
		if (c != '\n') {
			r->line++;
			r->col = 1;
		}
	}
	if (check_utf8(r, c) < 0)
		return -1;
	if (c == '\0')
		return fail_at(r, r->line, r->col, "a NUL byte (0x00); this is not a text file");

	if (!r->in_field && !(r->at_row_start && (c == '\r' || c == '\n'))) {
		r->in_field = 1;
		r->at_row_start = 0;
		r->quoted = c == '"';
		r->raw = 0;
		r->quotes = 0;
		r->fline = r->line;
		r->fcol = r->col;
	}
	if (csv_parse(&r->parser, &c, 1, on_field, on_row, r) != 1)
		return parse_error(r);
	if (r->failed)
		return -1;

	if (r->in_field) {
		r->raw++;
		if (c == '"')
			r->quotes++;
		/* the value's length so far, counting a quote that may turn out to close it */
		len = r->quoted ? r->raw - 1 - r->quotes / 2 : r->raw;
		if (len > KW_CSV_MAX_FIELD) {
			field_too_long(r);
			return -1;
		}
	}

	if (c == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
		r->after_cr = c == '\r';
	}
	return 0;
}

/* Ends the input: the last record may have no line ending. */
static int finish(struct reader *r)
{
	if (r->need > 0)
		return bad_utf8(r);
	if (!r->in_field && !r->at_row_start) {
		/* the input ends with a comma: an empty last field starts here */
		r->fline = r->line;
		r->fcol = r->col;
	}
	if (csv_fini(&r->parser, on_field, on_row, r) != 0)
		return fail_at(r, r->fline, r->fcol, "a quoted field is not closed");
	return r->failed ? -1 : 0;
}

static void reader_free(struct reader *r)
{
	csv_free(&r->parser);
	free(r->buf);
	free(r->offs);
	free(r->lines);
	free(r->cols);
	free(r->ptrs);
}

int kw_csv_read_stream(FILE *fp, const char *name, kw_csv_row_fn fn, void *ctx, struct kw_err *err)
{
	struct reader r;
	unsigned char *chunk = NULL;
	size_t n, i;
	int first = 1;
	int rc = -1;

	kw_err_clear(err);
	memset(&r, 0, sizeof(r));
	r.name = name != NULL ? name : "input";
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	r.line = 1;
	r.col = 1;
	r.at_row_start = 1;
	if (csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		kw_err_set(err, KW_ESOFTWARE, "%s: cannot start the CSV parser", r.name);
		return -1;
	}
	csv_set_space_func(&r.parser, never_space);
	csv_set_blk_size(&r.parser, PARSER_BLOCK);

	chunk = malloc(READ_CHUNK);
	if (chunk == NULL) {
		out_of_memory(&r);
		goto out;
	}
	while ((n = fread(chunk, 1, READ_CHUNK, fp)) > 0) {
		i = 0;
		if (first && n >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0)
			i = 3; /* the BOM is not counted in columns */
		first = 0;
		for (; i < n; i++)
			if (feed(&r, chunk[i]) < 0)
				goto out;
	}
	if (ferror(fp)) {
		kw_err_at(err, KW_EIO, r.name, 0, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (finish(&r) < 0)
		goto out;
	rc = 0;
out:
	free(chunk);
	reader_free(&r);
	return rc;
}

int kw_csv_read_file(const char *path, kw_csv_row_fn fn, void *ctx, struct kw_err *err)
{
	FILE *fp;
	int rc;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		kw_err_clear(err);
		return kw_err_at(err, KW_ENOINPUT, path, 0, 0, "cannot open: %s", strerror(errno));
	}
	rc = kw_csv_read_stream(fp, path, fn, ctx, err);
	fclose(fp);
	return rc;
}

static int needs_quotes(const char *s, size_t len, int lone)
{
	if (len == 0)
		return lone; /* a lone empty field would make a blank line, which is skipped */
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
		return 1;
	/* U+FEFF first in a file would be taken for a BOM and skipped */
	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

/* True if s is one or more apostrophes followed by a formula character. */
static bool escaped_quote(const char *s)
{
	while (*s == '\'')
		s++;
	return *s != '\0' && strchr(formula_start, *s) != NULL;
}

static void write_field(FILE *fp, const char *s, int lone)
{
	size_t len = strlen(s);
	/*
	 * An apostrophe already followed by a formula character (or by another
	 * such apostrophe) gets one more, so that unneutralising gives it back.
	 */
	int neutralise = len > 0 && (strchr(formula_start, s[0]) != NULL || escaped_quote(s));
	int quote = needs_quotes(s, len, lone);
	const char *q;

	if (quote)
		putc('"', fp);
	if (neutralise)
		putc('\'', fp);
	if (!quote) {
		fwrite(s, 1, len, fp);
		return;
	}
	while ((q = strchr(s, '"')) != NULL) {
		fwrite(s, 1, (size_t)(q - s) + 1, fp);
		putc('"', fp);
		s = q + 1;
	}
	fputs(s, fp);
	putc('"', fp);
}

int kw_csv_write_row(FILE *fp, const char *const *fields, size_t nfields, struct kw_err *err)
{
	size_t i;

	for (i = 0; i < nfields; i++) {
		if (i > 0)
			putc(',', fp);
		write_field(fp, fields[i] != NULL ? fields[i] : "", nfields == 1);
	}
	fputs("\r\n", fp);
	if (ferror(fp))
		return kw_err_set(err, KW_EIO, "cannot write CSV: %s", strerror(errno));
	return 0;
}

char *kw_csv_unneutralise(char *s)
{
	if (s != NULL && s[0] == '\'' && s[1] != '\0' &&
	    (strchr(formula_start, s[1]) != NULL || escaped_quote(s + 1)))
		memmove(s, s + 1, strlen(s));
	return s;
}
