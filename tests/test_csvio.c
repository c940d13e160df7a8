/* test_csvio.c: Check suite for CSV import and export (src/io/csvio.c) over real temp files. */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/csvio.h"

#define MAX_ROWS 64
#define MAX_COLS 16

static char tmpdir[PATH_MAX];

/* Rows read back, copied out of the callback. */
struct got {
	size_t nrows;
	size_t nfields[MAX_ROWS];
	char *fields[MAX_ROWS][MAX_COLS];
	unsigned long line[MAX_ROWS];
	unsigned long lines[MAX_ROWS][MAX_COLS];
	unsigned long cols[MAX_ROWS][MAX_COLS];
	size_t total; /* rows seen, kept or not */
};

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void setup(void)
{
	const char *base = getenv("TMPDIR");

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_csvio.XXXXXX", base);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		abort();
	}
}

static void teardown(void)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *path_of(const char *name)
{
	static char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/* Writes len bytes to tmpdir/name; returns the path (static, overwritten by the next call). */
static const char *put_file(const char *name, const void *data, size_t len)
{
	const char *path = path_of(name);
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	ck_assert_int_ge(n, 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static int collect(void *ctx, const struct kw_csv_row *row, struct kw_err *err)
{
	struct got *g = ctx;
	size_t i, r = g->nrows;

	(void)err;
	g->total++;
	if (r == MAX_ROWS)
		return 0;
	ck_assert_uint_le(row->nfields, MAX_COLS);
	g->nfields[r] = row->nfields;
	g->line[r] = row->line;
	for (i = 0; i < row->nfields; i++) {
		g->fields[r][i] = strdup(row->fields[i]);
		ck_assert_ptr_nonnull(g->fields[r][i]);
		g->lines[r][i] = row->lines[i];
		g->cols[r][i] = row->cols[i];
	}
	g->nrows++;
	return 0;
}

static void got_free(struct got *g)
{
	size_t r, i;

	for (r = 0; r < g->nrows; r++)
		for (i = 0; i < g->nfields[r]; i++)
			free(g->fields[r][i]);
	memset(g, 0, sizeof(*g));
}

static int read_bytes(const char *name, const char *data, size_t len, struct got *g,
		      struct kw_err *err)
{
	memset(g, 0, sizeof(*g));
	return kw_csv_read_file(put_file(name, data, len), collect, g, err);
}

/* Reads data from a file and expects a located KW_EDATA error whose message contains what. */
static void expect_bad(const char *data, size_t len, unsigned long line, unsigned long col,
		       const char *what)
{
	struct kw_err err;
	struct got g;
	char buf[1024];

	ck_assert_int_eq(read_bytes("bad.csv", data, len, &g, &err), -1);
	kw_err_str(&err, buf, sizeof(buf));
	ck_assert_msg(err.status == KW_EDATA, "status %d: %s", err.status, buf);
	ck_assert_msg(err.line == line && err.col == col, "expected %lu:%lu, got %s", line, col,
		      buf);
	ck_assert_msg(strstr(err.msg, what) != NULL, "message \"%s\" lacks \"%s\"", err.msg, what);
	ck_assert_str_eq(err.file, path_of("bad.csv"));
	got_free(&g);
}

#define EXPECT_BAD(lit, line, col, what) expect_bad(lit, sizeof(lit) - 1, line, col, what)

/* ---- writing and reading back ---- */

static const char *const rt_header[] = { "name", "note", "phone", "other" };

static const char *const rt_rows[][4] = {
	{ "Amina \"Mina\" Yusuf", "said \"no\", then left", "", "\"" },
	{ "CRLF inside", "line one\r\nline two", "LF inside", "one\ntwo\nthree" },
	{ "Smith, Jane", ",,,", "a,\"b\",c", "trailing space " },
	{ "فاطمة الزهراء", "王秀英", "Łucja Wójcik-Żółć", "Kasia 🌸💜 👩‍👧" },
	{ "=SUM(1)", "+44 7700 900123", "-5", "@x" },
	{ "\tleading tab", "\rleading CR", "=HYPERLINK(\"http://x\",\"y\")", "'already" },
	{ " leading space", "", "'=kept?", "plain" },
};

#define RT_NROWS (sizeof(rt_rows) / sizeof(rt_rows[0]))

static void write_rt_file(const char *path)
{
	struct kw_err err;
	FILE *fp = fopen(path, "wb");
	size_t r;

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(kw_csv_write_row(fp, rt_header, 4, &err), 0);
	for (r = 0; r < RT_NROWS; r++)
		ck_assert_int_eq(kw_csv_write_row(fp, rt_rows[r], 4, &err), 0);
	ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(test_round_trip)
{
	const char *path = path_of("rt.csv");
	struct kw_err err;
	struct got g;
	size_t r, i;

	write_rt_file(path);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_csv_read_file(path, collect, &g, &err), 0);
	ck_assert_uint_eq(g.nrows, RT_NROWS + 1);
	for (i = 0; i < 4; i++)
		ck_assert_str_eq(g.fields[0][i], rt_header[i]);
	for (r = 0; r < RT_NROWS; r++) {
		ck_assert_uint_eq(g.nfields[r + 1], 4);
		/* Every value comes back, "'=kept?" included (regression: it lost its apostrophe). */
		for (i = 0; i < 4; i++)
			ck_assert_str_eq(kw_csv_unneutralise(g.fields[r + 1][i]), rt_rows[r][i]);
	}
	got_free(&g);
}
END_TEST

START_TEST(test_formulas_neutralised_on_disk)
{
	const char *path = path_of("rt.csv");
	struct kw_err err;
	struct got g;

	write_rt_file(path);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_csv_read_file(path, collect, &g, &err), 0);
	/* as read, before kw_csv_unneutralise: what a spreadsheet would see */
	ck_assert_str_eq(g.fields[5][0], "'=SUM(1)");
	ck_assert_str_eq(g.fields[5][1], "'+44 7700 900123");
	ck_assert_str_eq(g.fields[5][2], "'-5");
	ck_assert_str_eq(g.fields[5][3], "'@x");
	ck_assert_str_eq(g.fields[6][0], "'\tleading tab");
	ck_assert_str_eq(g.fields[6][1], "'\rleading CR");
	ck_assert_str_eq(g.fields[6][3], "'already");
	got_free(&g);
}
END_TEST

START_TEST(test_write_exact_bytes)
{
	static const char *const row[] = {
		"plain", "a,b",	   "say \"hi\"", "=SUM(1)", "-5",
		" pad ", "x\r\ny", NULL,	 "=A1,B1",  "é",
	};
	static const char *const lone[] = { "" };
	static const char want[] = "plain,\"a,b\",\"say \"\"hi\"\"\",'=SUM(1),'-5,\" pad \","
				   "\"x\r\ny\",,\"'=A1,B1\",é\r\n\"\"\r\n";
	const char *path = path_of("exact.csv");
	struct kw_err err;
	FILE *fp = fopen(path, "wb");
	size_t len;
	char *text;

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(kw_csv_write_row(fp, row, 10, &err), 0);
	/* a lone empty field is quoted, or the line would be blank and skipped */
	ck_assert_int_eq(kw_csv_write_row(fp, lone, 1, &err), 0);
	ck_assert_int_eq(fclose(fp), 0);
	text = slurp(path, &len);
	ck_assert_uint_eq(len, sizeof(want) - 1);
	ck_assert_mem_eq(text, want, len);
	free(text);
}
END_TEST

/* Regression (found by fuzz_csv): U+FEFF opening the first field was lost as a BOM. */
START_TEST(test_feff_first_field)
{
	static const char *const row[] = { "\xEF\xBB\xBFname", "x" };
	static const char twice[] = "\xEF\xBB\xBF\xEF\xBB\xBFname,x\n";
	const char *path = path_of("feff.csv");
	struct kw_err err;
	struct got g;
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(kw_csv_write_row(fp, row, 2, &err), 0);
	ck_assert_int_eq(fclose(fp), 0);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_csv_read_file(path, collect, &g, &err), 0);
	ck_assert_uint_eq(g.nrows, 1);
	ck_assert_str_eq(g.fields[0][0], row[0]);
	got_free(&g);

	/* only one BOM is skipped; a second is data */
	ck_assert_int_eq(read_bytes("twice.csv", twice, sizeof(twice) - 1, &g, &err), 0);
	ck_assert_str_eq(g.fields[0][0], "\xEF\xBB\xBFname");
	got_free(&g);
}
END_TEST

START_TEST(test_write_error)
{
	static const char *const row[] = { "a", "b" };
	struct kw_err err;
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL)
		return; /* no /dev/full here */
	setvbuf(fp, NULL, _IONBF, 0);
	ck_assert_int_eq(kw_csv_write_row(fp, row, 2, &err), -1);
	ck_assert_int_eq(err.status, KW_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, strerror(ENOSPC)));
	fclose(fp);
}
END_TEST

START_TEST(test_unneutralise)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "'=SUM(1)", "=SUM(1)" },
		{ "'+44", "+44" },
		{ "'-5", "-5" },
		{ "'@x", "@x" },
		{ "'\tx", "\tx" },
		{ "'\rx", "\rx" },
		{ "'a", "'a" },
		{ "'", "'" },
		{ "", "" },
		{ "''=x", "'=x" },
		{ "'''=x", "''=x" },
		{ "'''", "'''" },
		{ "=x", "=x" },
		{ "x'=y", "x'=y" },
		{ "'=", "=" },
	};
	char buf[32];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].in);
		ck_assert_ptr_eq(kw_csv_unneutralise(buf), buf);
		ck_assert_str_eq(buf, cases[i].out);
	}
	ck_assert_ptr_null(kw_csv_unneutralise(NULL));
}
END_TEST

/* ---- reading well-formed input ---- */

START_TEST(test_bom_and_no_bom)
{
	static const char with[] = "\xEF\xBB\xBFname,city\r\nZoë,Kraków\r\n";
	static const char without[] = "name,city\r\nZoë,Kraków\r\n";
	struct kw_err err;
	struct got a, b;

	ck_assert_int_eq(read_bytes("bom.csv", with, sizeof(with) - 1, &a, &err), 0);
	ck_assert_int_eq(read_bytes("nobom.csv", without, sizeof(without) - 1, &b, &err), 0);
	ck_assert_uint_eq(a.nrows, 2);
	ck_assert_uint_eq(b.nrows, 2);
	ck_assert_str_eq(a.fields[0][0], "name");
	ck_assert_str_eq(b.fields[0][0], "name");
	ck_assert_str_eq(a.fields[1][1], "Kraków");
	ck_assert_str_eq(b.fields[1][1], "Kraków");
	/* the BOM takes no column */
	ck_assert_uint_eq(a.cols[0][1], 6);
	ck_assert_uint_eq(b.cols[0][1], 6);
	got_free(&a);
	got_free(&b);
}
END_TEST

START_TEST(test_bom_only_and_empty)
{
	struct kw_err err;
	struct got g;

	ck_assert_int_eq(read_bytes("bomonly.csv", "\xEF\xBB\xBF", 3, &g, &err), 0);
	ck_assert_uint_eq(g.nrows, 0);
	ck_assert_int_eq(read_bytes("empty.csv", "", 0, &g, &err), 0);
	ck_assert_uint_eq(g.nrows, 0);
}
END_TEST

static void check_endings(const char *name, const char *data, unsigned long crlf)
{
	struct kw_err err;
	struct got g;

	ck_assert_int_eq(read_bytes(name, data, strlen(data), &g, &err), 0);
	ck_assert_uint_eq(g.nrows, 4);
	ck_assert_str_eq(g.fields[0][1], "note");
	ck_assert_str_eq(g.fields[1][1], crlf ? "two\r\nlines" : "two\nlines");
	ck_assert_str_eq(g.fields[2][0], "2");
	ck_assert_str_eq(g.fields[2][1], "");
	ck_assert_str_eq(g.fields[3][1], "last");
	/* the quoted newline moves everything after it down a line */
	ck_assert_uint_eq(g.line[1], 2);
	ck_assert_uint_eq(g.lines[1][1], 2);
	ck_assert_uint_eq(g.cols[1][1], 3);
	ck_assert_uint_eq(g.line[2], 4);
	ck_assert_uint_eq(g.cols[2][1], 3);
	ck_assert_uint_eq(g.line[3], 5);
	ck_assert_uint_eq(g.cols[3][1], 4);
	got_free(&g);
}

START_TEST(test_crlf_and_lf)
{
	check_endings("lf.csv", "id,note\n1,\"two\nlines\"\n2,\n33,last\n", 0);
	check_endings("crlf.csv", "id,note\r\n1,\"two\r\nlines\"\r\n2,\r\n33,last\r\n", 1);
	/* no final line ending, and a blank trailing line */
	check_endings("nofinal.csv", "id,note\n1,\"two\nlines\"\n2,\n33,last", 0);
	check_endings("blank.csv", "id,note\r\n1,\"two\r\nlines\"\r\n2,\r\n33,last\r\n\r\n", 1);
}
END_TEST

START_TEST(test_spaces_kept)
{
	static const char data[] = "a,b,c\n x , y,\"z\"\n";
	struct kw_err err;
	struct got g;

	ck_assert_int_eq(read_bytes("spaces.csv", data, sizeof(data) - 1, &g, &err), 0);
	ck_assert_str_eq(g.fields[1][0], " x ");
	ck_assert_str_eq(g.fields[1][1], " y");
	ck_assert_str_eq(g.fields[1][2], "z");
	ck_assert_uint_eq(g.cols[1][2], 8);
	got_free(&g);
}
END_TEST

START_TEST(test_empty_last_field_at_eof)
{
	static const char data[] = "a,b\n1,";
	struct kw_err err;
	struct got g;

	ck_assert_int_eq(read_bytes("trail.csv", data, sizeof(data) - 1, &g, &err), 0);
	ck_assert_uint_eq(g.nrows, 2);
	ck_assert_str_eq(g.fields[1][1], "");
	ck_assert_uint_eq(g.cols[1][1], 3);
	got_free(&g);
}
END_TEST

START_TEST(test_read_stream)
{
	static char data[] = "x,y\n1,2\n";
	struct kw_err err;
	struct got g;
	FILE *fp = fmemopen(data, sizeof(data) - 1, "r");

	ck_assert_ptr_nonnull(fp);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_csv_read_stream(fp, "pasted", collect, &g, &err), 0);
	ck_assert_uint_eq(g.nrows, 2);
	ck_assert_str_eq(g.fields[1][1], "2");
	fclose(fp);
	got_free(&g);
}
END_TEST

static int stop_at_second(void *ctx, const struct kw_csv_row *row, struct kw_err *err)
{
	int *n = ctx;

	if (++*n < 2)
		return 0;
	return kw_err_at(err, KW_EDATA, "mine", row->line, row->cols[1], "no thanks");
}

START_TEST(test_callback_stops)
{
	static const char data[] = "a,b\n1,2\n3,4\n";
	struct kw_err err;
	int n = 0;

	ck_assert_int_eq(kw_csv_read_file(put_file("stop.csv", data, sizeof(data) - 1),
					  stop_at_second, &n, &err),
			 -1);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_str_eq(err.msg, "no thanks");
	ck_assert_uint_eq(err.line, 2);
	ck_assert_uint_eq(err.col, 3);
}
END_TEST

/* 20,000 rows are read whole (how fast: tests/bench_csv.c, in scripts/bench.sh). */
START_TEST(test_20000_rows)
{
	const char *path = path_of("big.csv");
	struct kw_err err;
	struct got g;
	FILE *fp = fopen(path, "wb");
	const char *row[6];
	char id[16], phone[32];
	int i;

	ck_assert_ptr_nonnull(fp);
	row[0] = "id", row[1] = "name", row[2] = "phone", row[3] = "notes", row[4] = "worker",
	row[5] = "status";
	ck_assert_int_eq(kw_csv_write_row(fp, row, 6, &err), 0);
	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "%d", i);
		snprintf(phone, sizeof(phone), "+44 7700 9%05d", i);
		row[0] = id;
		row[1] = "Małgorzata \"Gosia\" Kowalska";
		row[2] = phone;
		row[3] = "Came in with her sister, asked about housing.\r\nFollow-up on Tuesday.";
		row[4] = "Worker 3";
		row[5] = "open";
		ck_assert_int_eq(kw_csv_write_row(fp, row, 6, &err), 0);
	}
	ck_assert_int_eq(fclose(fp), 0);

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_csv_read_file(path, collect, &g, &err), 0);
	ck_assert_uint_eq(g.total, 20001);
	got_free(&g);
}
END_TEST

START_TEST(test_field_at_limit)
{
	const size_t n = KW_CSV_MAX_FIELD;
	char *data = malloc(n + 64);
	struct kw_err err;
	struct got g;
	size_t len;

	ck_assert_ptr_nonnull(data);
	/* exactly the limit, quoted, with a doubled quote in it: accepted */
	len = (size_t)sprintf(data, "a,b\n1,\"\"\"");
	memset(data + len, 'x', n - 1);
	len += n - 1;
	len += (size_t)sprintf(data + len, "\"\n");
	ck_assert_int_eq(read_bytes("limit.csv", data, len, &g, &err), 0);
	ck_assert_uint_eq(strlen(g.fields[1][1]), n);
	ck_assert_int_eq(g.fields[1][1][0], '"');
	got_free(&g);

	/* one byte more, unquoted: refused at the start of the field */
	len = (size_t)sprintf(data, "a,b\n1,");
	memset(data + len, 'y', n + 1);
	len += n + 1;
	data[len++] = '\n';
	expect_bad(data, len, 2, 3, "longer than 1048576 bytes");
	free(data);
}
END_TEST

/* ---- malformed input: each with its exact location ---- */

START_TEST(test_ragged_too_many)
{
	EXPECT_BAD("name,phone\nAmina,1\nJo,2,extra,more\n", 3, 6,
		   "this row has 4 fields but the header row has 2");
	/* CRLF lines count the same */
	EXPECT_BAD("name,phone\r\nAmina,1\r\nJo,2,\r\n", 3, 6,
		   "this row has 3 fields but the header row has 2");
}
END_TEST

START_TEST(test_ragged_too_few)
{
	/* the missing field is where the row ends */
	EXPECT_BAD("a,b,c\n1,2,3\n4,5\n6,7,8\n", 3, 4,
		   "this row has 2 fields but the header row has 3");
	EXPECT_BAD("a,b,c\r\n1,2,3\r\n4\r\n", 3, 2,
		   "this row has 1 field but the header row has 3");
	/* at the end of a file with no final line ending */
	EXPECT_BAD("a,b,c\n\"x\ny\",2", 3, 5, "this row has 2 fields but the header row has 3");
}
END_TEST

START_TEST(test_stray_quote)
{
	EXPECT_BAD("name,note\nAmina,say \"hi\n", 2, 11,
		   "a quote mark inside a field that does not start with one");
	/* an undoubled quote inside a quoted field: points at that quote */
	EXPECT_BAD("name,note\nAmina,\"say \"hi\"\"\n", 2, 12, "must be doubled");
	/* text after the closing quote */
	EXPECT_BAD("a,b\n1,\"ab\" \n", 2, 6, "must be doubled");
}
END_TEST

START_TEST(test_unterminated_quote)
{
	/* at the end of the file: located at the opening quote */
	EXPECT_BAD("name,note\n1,ok\n2,\"never closed\n3,x\n", 3, 3,
		   "a quoted field is not closed");
	EXPECT_BAD("a\n\"", 2, 1, "a quoted field is not closed");
}
END_TEST

START_TEST(test_error_string)
{
	static const char data[] = "a,b\n1,2\n3,\"oops\n";
	struct kw_err err;
	struct got g;
	char buf[1024], want[PATH_MAX + 128];

	ck_assert_int_eq(read_bytes("clients.csv", data, sizeof(data) - 1, &g, &err), -1);
	snprintf(want, sizeof(want), "%s:3:3: a quoted field is not closed",
		 path_of("clients.csv"));
	ck_assert_str_eq(kw_err_str(&err, buf, sizeof(buf)), want);
	got_free(&g);
}
END_TEST

START_TEST(test_invalid_utf8)
{
	EXPECT_BAD("name\nZo\xC3\x28\n", 2, 3, "not valid UTF-8 (bytes 0xC3 0x28)");
	/* overlong '/', after multibyte text: columns count bytes */
	EXPECT_BAD("name,city\nŁódź,\xC0\xAF\n", 2, 9, "not valid UTF-8 (byte 0xC0)");
	EXPECT_BAD("a\n\xE0\x80\xAF\n", 2, 1, "(bytes 0xE0 0x80)");	/* overlong, 3 bytes */
	EXPECT_BAD("a\nx\xED\xA0\x80\n", 2, 2, "(bytes 0xED 0xA0)");	/* surrogate */
	EXPECT_BAD("a\n\xF4\x90\x80\x80\n", 2, 1, "(bytes 0xF4 0x90)"); /* past U+10FFFF */
	EXPECT_BAD("a\n\xF5\x80\x80\x80\n", 2, 1, "(byte 0xF5)");
	EXPECT_BAD("a\n\x80\n", 2, 1, "(byte 0x80)");		   /* lone continuation */
	EXPECT_BAD("a\n\"x\n\xE2\x82", 3, 1, "(bytes 0xE2 0x82)"); /* cut off at the end */
	/* Windows-1252 "é" in a CRLF file */
	EXPECT_BAD("name\r\nRen\xE9\r\n", 2, 4, "(bytes 0xE9 0x0D)");
}
END_TEST

START_TEST(test_nul_byte)
{
	EXPECT_BAD("a,b\n1,x\0y\n", 2, 4, "NUL byte");
	EXPECT_BAD("\0", 1, 1, "NUL byte");
}
END_TEST

static void huge_field(const char *head, const char *name)
{
	const size_t n = 10u * 1024 * 1024;
	size_t hlen = strlen(head), len = hlen + n + 2;
	char *data = malloc(len);
	struct kw_err err;
	struct got g;

	ck_assert_ptr_nonnull(data);
	memcpy(data, head, hlen);
	memset(data + hlen, 'x', n);
	memcpy(data + hlen + n, "\"\n", 2);
	put_file(name, data, len);
	free(data);

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_csv_read_file(path_of(name), collect, &g, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_uint_eq(err.line, 2);
	ck_assert_uint_eq(err.col, 7);
	ck_assert_ptr_nonnull(strstr(err.msg, "a field is longer than 1048576 bytes"));
	got_free(&g);
}

START_TEST(test_10mb_field)
{
	huge_field("name,notes\nAmina,\"", "huge_quoted.csv");
	/* the unquoted one cannot be closed by the last quote: the limit comes first */
	huge_field("name,notes\nAmina,", "huge_plain.csv");
}
END_TEST

START_TEST(test_missing_file)
{
	struct kw_err err;
	struct got g;
	const char *path = path_of("no-such-file.csv");

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_csv_read_file(path, collect, &g, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOINPUT);
	ck_assert_int_eq(err.status, 66);
	ck_assert_str_eq(err.file, path);
	ck_assert_ptr_nonnull(strstr(err.msg, strerror(ENOENT)));
	ck_assert_uint_eq(g.total, 0);
}
END_TEST

START_TEST(test_read_error)
{
	struct kw_err err;
	struct got g;

	/* a directory opens but cannot be read */
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_csv_read_file(tmpdir, collect, &g, &err), -1);
	ck_assert_int_eq(err.status, KW_EIO);
	ck_assert_str_eq(err.file, tmpdir);
	ck_assert_ptr_nonnull(strstr(err.msg, strerror(EISDIR)));
}
END_TEST

static Suite *csvio_suite(void)
{
	Suite *s = suite_create("csvio");
	TCase *tc;

	tc = tcase_create("write");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_formulas_neutralised_on_disk);
	tcase_add_test(tc, test_write_exact_bytes);
	tcase_add_test(tc, test_feff_first_field);
	tcase_add_test(tc, test_write_error);
	tcase_add_test(tc, test_unneutralise);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_bom_and_no_bom);
	tcase_add_test(tc, test_bom_only_and_empty);
	tcase_add_test(tc, test_crlf_and_lf);
	tcase_add_test(tc, test_spaces_kept);
	tcase_add_test(tc, test_empty_last_field_at_eof);
	tcase_add_test(tc, test_read_stream);
	tcase_add_test(tc, test_callback_stops);
	tcase_add_test(tc, test_20000_rows);
	tcase_add_test(tc, test_field_at_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ragged_too_many);
	tcase_add_test(tc, test_ragged_too_few);
	tcase_add_test(tc, test_stray_quote);
	tcase_add_test(tc, test_unterminated_quote);
	tcase_add_test(tc, test_error_string);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_10mb_field);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_read_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(csvio_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
