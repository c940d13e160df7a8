/*
 * indexcheck.c: each index of a compartment compared with its table, each
 * read once, in its own order; and its references checked the same way.
 *
 * SQLite's integrity_check looks each row of a table up in every index of
 * the table. Random ids put those lookups at random places, so once an index
 * outgrows the page cache nearly every lookup reads and decrypts a page again:
 * at 200,000 women the contacts' check took 16.7 times as long as at 20,000.
 * quick_check does all integrity_check does but those lookups and the check
 * that a UNIQUE index holds each key once. This file does both of those
 * another way, reading every page once and in order:
 *
 *  - one pass over each table works out, for each of its indexes, how many
 *    entries the index should hold and a digest of them (each entry's values
 *    and the row it points at, hashed, the hashes summed, so order does not
 *    matter);
 *  - one pass over each index reads the same from the index alone (SQLite
 *    reads an indexed expression from the index, and defers the seek to the
 *    table that nothing then asks for);
 *  - one pass over each UNIQUE index, in its order, looks for a key held twice.
 *
 * Where a table and an index disagree, SQLite's own integrity_check of that
 * table names the rows; that is slow, and only a damaged file pays for it.
 *
 * References to a missing row (SQLite's foreign_key_check, which reads every
 * row and looks its parent up where its value falls) are found the same way:
 * each key is read from an index led by its column, in order, so that the
 * parents are looked up in order too.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "keywork/util.h"

/* --- the digest: an aggregate over rows, the same whatever their order --- */

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t absorb(uint64_t h, const unsigned char *p, size_t n)
{
	uint64_t w;

	h = mix(h ^ (0x9e3779b97f4a7c15ULL + n));
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = mix(h ^ w) + 0x9e3779b97f4a7c15ULL;
	}
	w = 0;
	memcpy(&w, p, n);
	return mix(h ^ w);
}

/*
 * One row's values, hashed. A whole number held as REAL hashes as the
 * integer, so that a value read through the column's affinity and the same
 * value read as stored agree.
 */
static uint64_t row_hash(int argc, sqlite3_value **argv)
{
	uint64_t h = 0x243f6a8885a308d3ULL;

	for (int i = 0; i < argc; i++) {
		int type = sqlite3_value_type(argv[i]);
		unsigned char buf[8];

		if (type == SQLITE_FLOAT) {
			double d = sqlite3_value_double(argv[i]);

			if (d >= -9.2e18 && d <= 9.2e18 && d == (double)(sqlite3_int64)d)
				type = SQLITE_INTEGER;
		}
		h = mix(h ^ (uint64_t)type);
		switch (type) {
		case SQLITE_INTEGER: {
			sqlite3_int64 v = sqlite3_value_int64(argv[i]);

			memcpy(buf, &v, 8);
			h = absorb(h, buf, 8);
			break;
		}
		case SQLITE_FLOAT: {
			double d = sqlite3_value_double(argv[i]);

			memcpy(buf, &d, 8);
			h = absorb(h, buf, 8);
			break;
		}
		case SQLITE_TEXT:
			h = absorb(h, sqlite3_value_text(argv[i]),
				   (size_t)sqlite3_value_bytes(argv[i]));
			break;
		case SQLITE_BLOB:
			h = absorb(h, sqlite3_value_blob(argv[i]),
				   (size_t)sqlite3_value_bytes(argv[i]));
			break;
		default:
			break;
		}
	}
	return h;
}

static void digest_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint64_t *sum = sqlite3_aggregate_context(ctx, sizeof(*sum));

	if (sum != NULL)
		*sum += row_hash(argc, argv);
}

static void digest_final(sqlite3_context *ctx)
{
	uint64_t *sum = sqlite3_aggregate_context(ctx, 0);

	sqlite3_result_int64(ctx, sum != NULL ? (sqlite3_int64)*sum : 0);
}

/* --- an index as its definition gives it --- */

struct ix {
	char *name, *table;
	int root; /* the first page of the table's b-tree */
	bool unique;
	char *where;	/* the partial index's condition, or NULL */
	int ncol;	/* the values an entry holds: its keys, then its table row's */
	int nkey;	/* of which keys */
	char **value;	/* each value as SQL: a quoted column, rowid, or the expression */
	char **coll;	/* each key's collation */
	bool untrusted; /* its definition is not keywork's: left to SQLite's check */
};

static void ix_free(struct ix *x)
{
	for (int i = 0; i < x->ncol; i++) {
		sqlite3_free(x->value[i]);
		sqlite3_free(x->coll[i]);
	}
	free(x->value);
	free(x->coll);
	sqlite3_free(x->name);
	sqlite3_free(x->table);
	sqlite3_free(x->where);
	memset(x, 0, sizeof(*x));
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* The length of p without a trailing word w (case aside) and the space before it. */
static size_t without_last_word(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w), m = n;

	while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\t' || p[m - 1] == '\n'))
		m--;
	if (m > k && strncasecmp(p + m - k, w, k) == 0 &&
	    (p[m - k - 1] == ' ' || p[m - k - 1] == '\t' || p[m - k - 1] == '\n'))
		return m - k - 1;
	return n;
}

/*
 * The text of the term-th term of a CREATE INDEX statement's list (counted
 * from 0), without ASC or DESC and without a COLLATE clause, as a
 * sqlite3_malloc'd string; *where is the partial index's condition or NULL.
 * NULL if the statement cannot be read so.
 */
static char *index_term(const char *sql, int term, char **where)
{
	const char *p = strchr(sql, '('), *start;
	char quote = 0, *out = NULL;
	int depth = 0, at = 0;

	*where = NULL;
	if (p == NULL)
		return NULL;
	start = p + 1;
	for (; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote && p[1] == quote && quote != ']')
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"' || *p == '`')
			quote = *p;
		else if (*p == '[')
			quote = ']';
		else if (*p == '(')
			depth++;
		else if ((*p == ',' && depth == 1) || (*p == ')' && --depth == 0)) {
			if (at++ == term && out == NULL) {
				const char *s = skip_space(start);
				size_t n = (size_t)(p - s), m;

				n = without_last_word(s, n, "ASC");
				n = without_last_word(s, n, "DESC");
				/* a COLLATE clause: its name is the last word, COLLATE the one before */
				m = n;
				while (m > 0 && s[m - 1] != ' ' && s[m - 1] != '\t' &&
				       s[m - 1] != '\n')
					m--;
				if (m > 0 && without_last_word(s, m, "COLLATE") != m)
					n = without_last_word(s, m, "COLLATE");
				out = sqlite3_mprintf("%.*s", (int)n, s);
			}
			start = p + 1;
			if (depth == 0)
				break;
		}
	}
	if (*p == ')') {
		const char *w = skip_space(p + 1);

		if (strncasecmp(w, "WHERE", 5) == 0 && w[5] != '\0')
			*where = sqlite3_mprintf("%s", skip_space(w + 5));
	}
	return out;
}

/* Reads index name of table (in schema) from its definition; 0, or -1 if it cannot be. */
static int ix_read(sqlite3 *db, const char *schema, const char *name, const char *table,
		   const char *sql, struct ix *x)
{
	sqlite3_stmt *s = NULL;
	int n = 0, cap = 0, rc = -1;

	x->name = sqlite3_mprintf("%s", name);
	x->table = sqlite3_mprintf("%s", table);
	if (sqlite3_prepare_v2(db,
			       "SELECT cid, name, coll, key FROM pragma_index_xinfo(?1, ?2) "
			       "ORDER BY seqno",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, schema, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int cid = sqlite3_column_int(s, 0);
		const char *col = (const char *)sqlite3_column_text(s, 1);
		const char *coll = (const char *)sqlite3_column_text(s, 2);
		char *value, *unused = NULL;

		if (cid == -1)
			value = sqlite3_mprintf("rowid");
		else if (cid >= 0 && col != NULL)
			value = sqlite3_mprintf("\"%w\"", col);
		else if (sql != NULL)
			value = index_term(sql, n, &unused);
		else
			value = NULL;
		sqlite3_free(unused);
		if (value == NULL)
			goto out;
		if (n == cap) {
			char **v, **c;

			cap = cap ? cap * 2 : 8;
			v = realloc(x->value, (size_t)cap * sizeof(*v));
			if (v != NULL)
				x->value = v;
			c = realloc(x->coll, (size_t)cap * sizeof(*c));
			if (c != NULL)
				x->coll = c;
			if (v == NULL || c == NULL) {
				sqlite3_free(value);
				goto out;
			}
		}
		x->value[n] = value;
		x->coll[n] = sqlite3_mprintf("%s", coll != NULL ? coll : "BINARY");
		x->ncol = ++n;
		if (sqlite3_column_int(s, 3))
			x->nkey = n;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (n == 0)
		goto out;
	if (sql != NULL) {
		char *t = index_term(sql, 0, &x->where);

		sqlite3_free(t);
	}
	if (sqlite3_prepare_v2(db,
			       "SELECT \"unique\" FROM pragma_index_list(?1, ?2) WHERE name = ?3",
			       -1, &s, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, schema, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		x->unique = sqlite3_column_int(s, 0) != 0;
	rc = 0;
out:
	sqlite3_finalize(s);
	return rc;
}

/* The index's values as a list of arguments, sqlite3_malloc'd. */
static char *ix_values(const struct ix *x)
{
	char *list = sqlite3_mprintf("%s", x->value[0]);

	for (int i = 1; i < x->ncol && list != NULL; i++) {
		char *more = sqlite3_mprintf("%s, %s", list, x->value[i]);

		sqlite3_free(list);
		list = more;
	}
	return list;
}

/* --- the passes --- */

struct pass {
	struct kw_store *st;
	const char *schema, *file;
	kw_problem_fn bad;
	void *ctx;
	int problems;
	bool stopped;
	bool plans_only; /* name each index whose check would read its table, and run nothing */
	bool repair;	 /* build each index found to differ again */
	bool dry;	 /* with repair: count them, build nothing */
	bool again;	 /* the table's passes run again, in one read transaction */
	long rebuilt;	 /* with repair: indexes built again (or, dry, to be) */
	bool failed;	 /* with repair: something could not be checked or built */
	char why[512];	 /* the last problem told */
};

static void say(struct pass *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct pass *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	if (p->bad != NULL)
		p->bad(p->ctx, p->why);
	p->problems++;
	if (p->repair)
		p->failed = true;
}

/* Runs sql, whose one row holds want integers, into out; false if it could not be run. */
static bool ints(struct pass *p, const char *sql, sqlite3_int64 *out, int want)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (sql == NULL)
		return false;
	if (sqlite3_prepare_v2(p->st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		say(p, "%s: cannot check the indexes: %s", p->file, sqlite3_errmsg(p->st->db));
		return false;
	}
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		for (int i = 0; i < want; i++)
			out[i] = sqlite3_column_int64(s, i);
	else if (sqlite3_errcode(p->st->db) == SQLITE_INTERRUPT)
		p->stopped = true;
	else
		say(p, "%s: cannot check the indexes: %s", p->file, sqlite3_errmsg(p->st->db));
	sqlite3_finalize(s);
	return step == SQLITE_ROW;
}

/* What the passes found of one index. */
struct finding {
	bool use;	       /* read by the passes (else left to SQLite's check) */
	int at;		       /* its place in the table pass */
	sqlite3_int64 have[2]; /* the index's count and digest */
	bool differs;
	sqlite3_int64 twice; /* keys held more than once */
};

/*
 * What the table's rows say each index it reads (f[i].use) holds, in one pass
 * over the table: for the k-th such index, its count at out[2k + 1] and its
 * digest at out[2k + 2] (out[0] is a constant).
 */
static char *table_sql(const struct pass *p, const struct ix *x, int n, const struct finding *f)
{
	char *sql = sqlite3_mprintf("SELECT 0");

	for (int i = 0; i < n && sql != NULL; i++) {
		char *values, *more;

		if (!f[i].use)
			continue;
		values = ix_values(&x[i]);
		if (values == NULL)
			more = NULL;
		else if (x[i].where != NULL)
			more = sqlite3_mprintf("%s, count(*) FILTER (WHERE %s), kw_rows_digest(%s) "
					       "FILTER (WHERE %s)",
					       sql, x[i].where, values, x[i].where);
		else
			more = sqlite3_mprintf("%s, count(*), kw_rows_digest(%s)", sql, values);
		sqlite3_free(values);
		sqlite3_free(sql);
		sql = more;
	}
	if (sql != NULL) {
		char *full = sqlite3_mprintf("%s FROM \"%w\".\"%w\" NOT INDEXED", sql, p->schema,
					     x[0].table);

		sqlite3_free(sql);
		sql = full;
	}
	return sql;
}

/* What the index itself holds, read from it alone. */
static char *index_sql(const struct pass *p, const struct ix *x)
{
	char *values = ix_values(x), *sql;

	sql = sqlite3_mprintf("SELECT count(*), kw_rows_digest(%s) FROM \"%w\".\"%w\" INDEXED BY "
			      "\"%w\"%s%s",
			      values, p->schema, x->table, x->name, x->where ? " WHERE " : "",
			      x->where ? x->where : "");
	sqlite3_free(values);
	return sql;
}

/* Keys a UNIQUE index holds more than once (a key with a NULL in it may repeat). */
static char *unique_sql(const struct pass *p, const struct ix *x)
{
	char *nonnull = sqlite3_mprintf("%s", x->where ? x->where : "true");
	char *group = NULL, *sql;

	for (int i = 0; i < x->nkey && nonnull != NULL; i++) {
		char *a = sqlite3_mprintf("%s AND %s IS NOT NULL", nonnull, x->value[i]);
		char *b = group ? sqlite3_mprintf("%s, %s COLLATE \"%w\"", group, x->value[i],
						  x->coll[i])
				: sqlite3_mprintf("%s COLLATE \"%w\"", x->value[i], x->coll[i]);

		sqlite3_free(nonnull);
		sqlite3_free(group);
		nonnull = a;
		group = b;
	}
	sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT 1 FROM \"%w\".\"%w\" INDEXED BY \"%w\" "
			      "WHERE %s GROUP BY %s HAVING count(*) > 1)",
			      p->schema, x->table, x->name, nonnull, group);
	sqlite3_free(nonnull);
	sqlite3_free(group);
	return sql;
}

/* Whether the opcode op reads the b-tree of the cursor its first operand names. */
static bool table_op(const char *op)
{
	static const char *const reads[] = { "Column",	"Rowid",    "SeekRowid",  "NotExists",
					     "Rewind",	"Next",	    "Prev",	  "Last",
					     "SeekGE",	"SeekGT",   "SeekLE",	  "SeekLT",
					     "Found",	"NotFound", "NoConflict", "FinishSeek",
					     "RowData", "IdxGE",    "IdxGT",	  "IdxLE",
					     "IdxLT",	"SeekScan", "Count",	  "Sort" };

	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++)
		if (strcmp(op, reads[i]) == 0)
			return true;
	return false;
}

/*
 * Whether the statement sql would read the table whose b-tree starts at page
 * root: EXPLAIN lists each cursor it opens, and a cursor on the table that
 * does more than open and close is a read of it (a seek deferred for a column
 * that is never asked for is not).
 */
static bool reads_table(sqlite3 *db, const char *sql, int root)
{
	char *explain = sqlite3_mprintf("EXPLAIN %s", sql);
	sqlite3_stmt *s = NULL;
	int cursors[8], n = 0;
	bool reads = true;

	if (explain == NULL || sqlite3_prepare_v2(db, explain, -1, &s, NULL) != SQLITE_OK)
		goto out;
	reads = false;
	while (sqlite3_step(s) == SQLITE_ROW && !reads) {
		const char *op = (const char *)sqlite3_column_text(s, 1);
		int p1 = sqlite3_column_int(s, 2), p2 = sqlite3_column_int(s, 3);

		if (op == NULL)
			continue;
		if (strcmp(op, "OpenRead") == 0) {
			if (p2 == root && n < 8)
				cursors[n++] = p1;
			continue;
		}
		if (!table_op(op))
			continue;
		for (int i = 0; i < n; i++)
			if (p1 == cursors[i])
				reads = true;
	}
out:
	sqlite3_finalize(s);
	sqlite3_free(explain);
	return reads;
}

/* Whether a line of integrity_check names index name ("... in index NAME", "... index NAME"). */
static bool names_index(const char *line, const char *name)
{
	size_t k = strlen(name);

	for (const char *q = strstr(line, "index "); q != NULL; q = strstr(q + 1, "index ")) {
		const char *w = q + 6;

		if (strncmp(w, name, k) == 0 &&
		    (w[k] == '\0' || !(w[k] == '_' || isalnum((unsigned char)w[k]))))
			return true;
	}
	return false;
}

/*
 * SQLite's own check of one table: for the rows behind what the passes found,
 * and in place of the passes for an index they cannot read alone. Marks in
 * named[i] each index x[i] a line of it names. Returns how many lines.
 */
static int sqlite_check(struct pass *p, const struct ix *x, int n, bool *named)
{
	char *sql = sqlite3_mprintf("PRAGMA \"%w\".integrity_check(\"%w\")", p->schema, x[0].table);
	sqlite3_stmt *s = NULL;
	int lines = 0, step;

	if (sql == NULL || sqlite3_prepare_v2(p->st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		say(p, "%s: cannot check %s: %s", p->file, x[0].table, sqlite3_errmsg(p->st->db));
		sqlite3_free(sql);
		return 0;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		if (t == NULL || strcmp(t, "ok") == 0)
			continue;
		lines++;
		for (int i = 0; i < n; i++)
			if (names_index(t, x[i].name))
				named[i] = true;
		if (!p->repair)
			say(p, "%s: %s", p->file, t);
	}
	if (step != SQLITE_DONE) {
		if (sqlite3_errcode(p->st->db) == SQLITE_INTERRUPT)
			p->stopped = true;
		else
			say(p, "%s: cannot check %s: %s", p->file, x[0].table,
			    sqlite3_errmsg(p->st->db));
	}
	sqlite3_finalize(s);
	sqlite3_free(sql);
	return lines;
}

/*
 * Builds index x again from its table's rows (keywork check --repair), or
 * counts it (dry). A UNIQUE index whose table holds a key twice cannot be
 * built; it is left, and check goes on naming it.
 */
static void rebuild(struct pass *p, const struct ix *x)
{
	char *sql;
	int rc;

	if (p->dry) {
		p->rebuilt++;
		return;
	}
	sql = sqlite3_mprintf("REINDEX \"%w\".\"%w\"", p->schema, x->name);
	rc = sql != NULL ? sqlite3_exec(p->st->db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		p->rebuilt++;
	else if ((rc & 0xff) != SQLITE_CONSTRAINT)
		say(p, "%s: cannot build the index %s again: %s", p->file, x->name,
		    sqlite3_errmsg(p->st->db));
}

/* Tells what was found of the n indexes of one table, or builds them again. */
static void tell(struct pass *p, struct ix *x, int n, struct finding *f, const sqlite3_int64 *want)
{
	bool any = false, unread = false, *named = calloc((size_t)n, sizeof(*named));

	if (named == NULL)
		return;
	for (int i = 0; i < n; i++) {
		any = any || f[i].differs || f[i].twice > 0;
		unread = unread || !f[i].use;
		if (p->repair) {
			/* A key held twice would stop the building: which row is right is for a person. */
			if (f[i].differs && f[i].twice == 0)
				rebuild(p, &x[i]);
			continue;
		}
		if (f[i].differs && f[i].have[0] != want[2 * f[i].at + 1])
			say(p,
			    "%s: the index %s holds %lld entries where the rows of %s call for "
			    "%lld (keywork check --repair builds it again)",
			    p->file, x[i].name, (long long)f[i].have[0], x[i].table,
			    (long long)want[2 * f[i].at + 1]);
		else if (f[i].differs)
			say(p,
			    "%s: the index %s does not hold what the rows of %s say it should "
			    "(keywork check --repair builds it again)",
			    p->file, x[i].name, x[i].table);
		if (f[i].twice > 0)
			say(p,
			    "%s: %lld key%s held more than once in %s, which allows each once: "
			    "rows of %s that must be told apart by hand",
			    p->file, (long long)f[i].twice, f[i].twice == 1 ? " is" : "s are",
			    x[i].name, x[i].table);
	}
	/* The rows behind what was found; and the indexes the passes could not read. */
	if ((any && !p->repair) || unread) {
		sqlite_check(p, x, n, named);
		for (int i = 0; i < n && p->repair; i++)
			if (!f[i].use && named[i])
				rebuild(p, &x[i]);
	}
	free(named);
}

/*
 * Checks the n indexes of one table. An index whose definition is not
 * keywork's, or that SQLite cannot read without its table, is left to
 * SQLite's own check of the table: slower, never skipped. Each pass is a
 * statement of its own, so a colleague's save between two of them can make a
 * table and an index seem to differ: what seems to differ is looked at again
 * with every pass in one read transaction before it is told.
 */
static void check_table(struct pass *p, struct ix *x, int n)
{
	struct finding *f = calloc((size_t)n, sizeof(*f));
	sqlite3_int64 *want = calloc((size_t)(2 * n + 1), sizeof(*want));
	bool any = false, begun = false;
	char *sql = NULL;
	int m = 0;

	if (f == NULL || want == NULL) {
		say(p, "%s: cannot check the indexes of %s: out of memory", p->file, x[0].table);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		char *q = x[i].untrusted ? NULL : index_sql(p, &x[i]);

		f[i].use = q != NULL && !reads_table(p->st->db, q, x[i].root);
		if (f[i].use)
			f[i].at = m++;
		else if (p->plans_only)
			say(p, "%s", x[i].name);
		sqlite3_free(q);
	}
	if (p->plans_only)
		goto out;
	if (p->again) {
		if (sqlite3_exec(p->st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
			say(p, "%s: cannot check the indexes of %s: %s", p->file, x[0].table,
			    sqlite3_errmsg(p->st->db));
			goto out;
		}
		begun = true;
	}
	if (m > 0) {
		sql = table_sql(p, x, n, f);
		/* The table pass failed (and said so): SQLite's check reads every index instead. */
		if (!ints(p, sql, want, 2 * m + 1)) {
			for (int i = 0; i < n; i++)
				f[i].use = false;
			m = 0;
		}
	}
	for (int i = 0; i < n && !p->stopped; i++) {
		if (f[i].use) {
			char *q = index_sql(p, &x[i]);

			if (ints(p, q, f[i].have, 2))
				f[i].differs = f[i].have[0] != want[2 * f[i].at + 1] ||
					       f[i].have[1] != want[2 * f[i].at + 2];
			sqlite3_free(q);
		}
		if (f[i].use && x[i].unique && !p->stopped) {
			char *q = unique_sql(p, &x[i]);

			if (!ints(p, q, &f[i].twice, 1))
				f[i].twice = 0;
			sqlite3_free(q);
		}
		any = any || f[i].differs || f[i].twice > 0;
	}
	if (p->stopped)
		goto out;
	/* Outside a transaction (a check, not a repair), what differs is looked at again in one. */
	if (any && !p->again && sqlite3_get_autocommit(p->st->db)) {
		p->again = true;
		check_table(p, x, n);
		p->again = false;
		goto out;
	}
	tell(p, x, n, f, want);
out:
	if (begun && sqlite3_exec(p->st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(p->st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_free(sql);
	free(want);
	free(f);
}

/*
 * Whether def is the definition keywork's migrations give index name in
 * schema. Only such text is put into the statements the passes run: a
 * definition written around keywork (its comments included) is never run,
 * and its index is left to SQLite's own check.
 */
static bool keyworks(const char *schema, const char *name, const char *def)
{
	bool general = strcmp(schema, "main") == 0;
	const struct kw_schema_object *ref = general ? kw_general_schema : kw_sensitive_schema;
	size_t n = general ? kw_general_schema_count : kw_sensitive_schema_count;

	for (size_t i = 0; i < n; i++)
		if (strcmp(ref[i].type, "index") == 0 && strcmp(ref[i].name, name) == 0)
			return ref[i].sql != NULL && strcmp(ref[i].sql, def) == 0;
	return false;
}

static int run(struct pass *p)
{
	struct ix *x = NULL;
	sqlite3_stmt *s = NULL;
	char *sql;
	int n = 0, cap = 0;

	if (!p->st->digest) {
		if (sqlite3_create_function_v2(
			    p->st->db, "kw_rows_digest", -1,
			    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL, NULL,
			    digest_step, digest_final, NULL) != SQLITE_OK) {
			say(p, "%s: cannot check the indexes: %s", p->file,
			    sqlite3_errmsg(p->st->db));
			return p->problems;
		}
		p->st->digest = true;
	}
	sql = sqlite3_mprintf("SELECT i.name, i.tbl_name, i.sql, t.rootpage FROM "
			      "\"%w\".sqlite_schema i JOIN \"%w\".sqlite_schema t ON t.type = "
			      "'table' AND t.name = i.tbl_name WHERE i.type = 'index' ORDER BY "
			      "i.tbl_name, i.name",
			      p->schema, p->schema);
	if (sql == NULL || sqlite3_prepare_v2(p->st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		say(p, "%s: cannot check the indexes: %s", p->file, sqlite3_errmsg(p->st->db));
		sqlite3_free(sql);
		return p->problems;
	}
	sqlite3_free(sql);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *table = (const char *)sqlite3_column_text(s, 1);
		const char *def = (const char *)sqlite3_column_text(s, 2);

		if (name == NULL || table == NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			x = kw_xrealloc(x, (size_t)cap * sizeof(*x));
		}
		memset(&x[n], 0, sizeof(x[n]));
		x[n].root = sqlite3_column_int(s, 3);
		if (def != NULL && !keyworks(p->schema, name, def)) {
			x[n].name = sqlite3_mprintf("%s", name);
			x[n].table = sqlite3_mprintf("%s", table);
			x[n].untrusted = true;
		} else if (ix_read(p->st->db, p->schema, name, table, def, &x[n]) != 0) {
			say(p, "%s: cannot read the definition of the index %s", p->file, name);
			ix_free(&x[n]);
			continue;
		}
		if (x[n].name == NULL || x[n].table == NULL) {
			ix_free(&x[n]);
			say(p, "%s: cannot check the index %s: out of memory", p->file, name);
			continue;
		}
		n++;
	}
	sqlite3_finalize(s);
	/* Table by table: the indexes are sorted by their table. */
	for (int i = 0, j; i < n && !p->stopped; i = j) {
		for (j = i + 1; j < n && strcmp(x[j].table, x[i].table) == 0; j++)
			;
		check_table(p, &x[i], j - i);
	}
	for (int i = 0; i < n; i++)
		ix_free(&x[i]);
	free(x);
	return p->problems;
}

int kw_db_index_check(struct kw_store *st, const char *schema, const char *file, kw_problem_fn bad,
		      void *ctx)
{
	struct pass p = { .st = st, .schema = schema, .file = file, .bad = bad, .ctx = ctx };

	return run(&p);
}

static int repair(struct kw_store *st, bool dry, long *changed, struct kw_err *err)
{
	static const char *const schemas[] = { "main", "s" };

	*changed = 0;
	for (int i = 0; i < (st->sensitive ? 2 : 1); i++) {
		struct pass p = { .st = st,
				  .schema = schemas[i],
				  .file = schemas[i] == schemas[0] ? KW_GENERAL_DB
								   : KW_SENSITIVE_DB,
				  .repair = true,
				  .dry = dry };

		run(&p);
		*changed += p.rebuilt;
		if (p.failed)
			return kw_err_set(err, KW_EDATA, "%s", p.why);
	}
	return 0;
}

int kw_db_index_repair(struct kw_store *st, long *changed, struct kw_err *err)
{
	return repair(st, false, changed, err);
}

int kw_db_index_repair_needed(struct kw_store *st, long *n, struct kw_err *err)
{
	return repair(st, true, n, err);
}

int kw_db_test_index_reads(struct kw_store *st, const char *schema, kw_problem_fn fn, void *ctx)
{
	struct pass p = { .st = st,
			  .schema = schema,
			  .file = schema,
			  .bad = fn,
			  .ctx = ctx,
			  .plans_only = true };

	return run(&p);
}

/* --- references --- */

/* The CREATE INDEX statement of index name in schema, sqlite3_malloc'd, or NULL. */
static char *index_def(sqlite3 *db, const char *schema, const char *name)
{
	char *sql = sqlite3_mprintf("SELECT sql FROM \"%w\".sqlite_schema WHERE type = 'index' "
				    "AND name = ?1",
				    schema);
	sqlite3_stmt *s = NULL;
	char *def = NULL;

	if (sql != NULL && sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
			def = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	sqlite3_free(sql);
	return def;
}

/*
 * The index that lets column col of table be read in col's order: one whose
 * first column is col, whole, or holding just the rows where col is not NULL
 * (the only rows a reference needs checked). Its name and, for a partial one,
 * its condition, sqlite3_malloc'd; false if there is none.
 */
static bool reference_index(sqlite3 *db, const char *schema, const char *table, const char *col,
			    char **name, char **where)
{
	sqlite3_stmt *s = NULL;
	bool found = false;

	*name = *where = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT il.name, il.partial FROM pragma_index_list(?1, ?2) il WHERE "
			       "(SELECT ii.name FROM pragma_index_info(il.name, ?2) ii WHERE "
			       "ii.seqno = 0) = ?3 ORDER BY il.partial, il.name",
			       -1, &s, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, schema, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, col, -1, SQLITE_STATIC);
	while (!found && sqlite3_step(s) == SQLITE_ROW) {
		const char *idx = (const char *)sqlite3_column_text(s, 0);
		char *def, *w = NULL, *t, *want;

		if (sqlite3_column_int(s, 1) == 0) {
			*name = sqlite3_mprintf("%s", idx);
			found = *name != NULL;
			continue;
		}
		def = index_def(db, schema, idx);
		want = sqlite3_mprintf("%s IS NOT NULL", col);
		/* Only keywork's own definition is read for its condition (keyworks). */
		t = def != NULL && keyworks(schema, idx, def) ? index_term(def, 0, &w) : NULL;
		if (w != NULL && want != NULL && sqlite3_stricmp(w, want) == 0) {
			*name = sqlite3_mprintf("%s", idx);
			*where = w;
			w = NULL;
			found = *name != NULL;
		}
		sqlite3_free(t);
		sqlite3_free(w);
		sqlite3_free(want);
		sqlite3_free(def);
	}
	sqlite3_finalize(s);
	return found;
}

/* The statement finding the rows of table whose column from names no row of parent by to. */
static char *reference_sql(sqlite3 *db, const char *schema, const char *table, int root,
			   const char *from, const char *parent, const char *to)
{
	char *idx = NULL, *where = NULL, *sql = NULL;

	if (to == NULL || !reference_index(db, schema, table, from, &idx, &where))
		return NULL;
	sql = sqlite3_mprintf("SELECT c.rowid FROM \"%w\".\"%w\" c INDEXED BY \"%w\" WHERE %s%s"
			      "c.\"%w\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"%w\".\"%w\" p "
			      "WHERE p.\"%w\" = c.\"%w\")",
			      schema, table, idx, where ? where : "", where ? " AND " : "", from,
			      schema, parent, to, from);
	sqlite3_free(idx);
	sqlite3_free(where);
	/* Read from the index alone, or not at all this way. */
	if (sql != NULL && reads_table(db, sql, root)) {
		sqlite3_free(sql);
		sql = NULL;
	}
	return sql;
}

/* Runs sql, each row a table's rowid that points at a missing parent row. */
static void missing_parents(struct pass *p, const char *sql, const char *table, const char *parent,
			    kw_missing_fn missing)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (sqlite3_prepare_v2(p->st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		say(p, "%s: cannot check references: %s", p->file, sqlite3_errmsg(p->st->db));
		return;
	}
	/* foreign_key_check's rows (parent NULL): table, rowid, parent, key; else the rowid. */
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int r = parent != NULL ? 0 : 1;

		missing(p->ctx, table,
			sqlite3_column_type(s, r) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, r),
			parent != NULL ? parent : (const char *)sqlite3_column_text(s, 2));
		p->problems++;
	}
	if (step != SQLITE_DONE) {
		if (sqlite3_errcode(p->st->db) == SQLITE_INTERRUPT)
			p->stopped = true;
		else
			say(p, "%s: cannot check references: %s", p->file,
			    sqlite3_errmsg(p->st->db));
	}
	sqlite3_finalize(s);
}

/*
 * The references of one table: each single-column key by an index led by its
 * column, read in order, so that its parent's keys are looked up in order
 * too; the table's whole by SQLite's foreign_key_check (which reads every row
 * and looks each parent up where the row's value falls) if any key cannot be.
 */
static void check_references(struct pass *p, const char *table, int root, bool rowid,
			     kw_missing_fn missing)
{
	char *list = sqlite3_mprintf("SELECT id, seq, \"table\", \"from\", \"to\" FROM "
				     "pragma_foreign_key_list(%Q, %Q) ORDER BY id, seq",
				     table, p->schema);
	char **sql = NULL, **parent = NULL;
	sqlite3_stmt *s = NULL;
	int n = 0;
	bool whole = false;

	if (list == NULL || sqlite3_prepare_v2(p->st->db, list, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_free(list);
		return;
	}
	sqlite3_free(list);
	while (sqlite3_step(s) == SQLITE_ROW && !whole) {
		const char *par = (const char *)sqlite3_column_text(s, 2);
		const char *from = (const char *)sqlite3_column_text(s, 3);
		const char *to = (const char *)sqlite3_column_text(s, 4);
		char *q;

		/* A key of several columns, or rows with no rowid to name them by. */
		if (sqlite3_column_int(s, 1) != 0 || !rowid) {
			whole = true;
			break;
		}
		q = reference_sql(p->st->db, p->schema, table, root, from, par, to);
		if (q == NULL) {
			whole = true;
			break;
		}
		sql = kw_xrealloc(sql, (size_t)(n + 1) * sizeof(*sql));
		parent = kw_xrealloc(parent, (size_t)(n + 1) * sizeof(*parent));
		sql[n] = q;
		parent[n++] = sqlite3_mprintf("%s", par);
	}
	sqlite3_finalize(s);
	if (whole) {
		char *q = sqlite3_mprintf("PRAGMA \"%w\".foreign_key_check(\"%w\")", p->schema,
					  table);

		if (q != NULL)
			missing_parents(p, q, table, NULL, missing);
		sqlite3_free(q);
	} else {
		for (int i = 0; i < n && !p->stopped; i++)
			missing_parents(p, sql[i], table, parent[i], missing);
	}
	for (int i = 0; i < n; i++) {
		sqlite3_free(sql[i]);
		sqlite3_free(parent[i]);
	}
	free(sql);
	free(parent);
}

int kw_db_reference_check(struct kw_store *st, const char *schema, const char *file,
			  kw_missing_fn missing, kw_problem_fn bad, void *ctx)
{
	struct pass p = { .st = st, .schema = schema, .file = file, .bad = bad, .ctx = ctx };
	sqlite3_stmt *s = NULL;
	char *sql =
		sqlite3_mprintf("SELECT t.name, m.rootpage, t.wr FROM pragma_table_list t JOIN "
				"\"%w\".sqlite_schema m ON m.type = 'table' AND m.name = t.name "
				"WHERE t.schema = %Q AND t.type = 'table' ORDER BY t.name",
				schema, schema);

	if (sql == NULL || sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		say(&p, "%s: cannot check references: %s", file, sqlite3_errmsg(st->db));
		sqlite3_free(sql);
		return p.problems;
	}
	sqlite3_free(sql);
	while (!p.stopped && sqlite3_step(s) == SQLITE_ROW) {
		char *table = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(s, 0));

		if (table != NULL)
			check_references(&p, table, sqlite3_column_int(s, 1),
					 sqlite3_column_int(s, 2) == 0, missing);
		sqlite3_free(table);
	}
	sqlite3_finalize(s);
	return p.problems;
}
