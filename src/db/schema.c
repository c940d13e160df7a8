/*
 * schema.c: each compartment's schema against what keywork's migrations make.
 *
 * Someone holding a compartment's key can change more than its rows: a
 * trigger added to a table changes every row a keyworker then writes, a view
 * changed changes what a screen or check trusts, and an index dropped makes
 * every query that names it fail. The build applies the migrations to empty
 * databases and keeps what they leave (scripts/schemaref.c); here the file's
 * sqlite_schema is compared with it, object by object, in one ordered pass.
 * keywork check reports each difference, opening a compartment counts them,
 * and check --repair makes indexes, views and triggers again. A table is not
 * rewritten: its rows are records, and a backup is where they come back from.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "keywork/util.h"

/* One object as the file holds it. */
struct object {
	char *type, *name, *table, *sql;
};

struct compartment {
	const char *schema, *file;
	const struct kw_schema_object *ref;
	size_t nref;
	struct object *have;
	size_t nhave;
};

enum change { GONE, CHANGED, ADDED };

/* One difference: the object's type and name, keywork's (NULL if added), the file's SQL. */
struct difference {
	enum change what;
	const char *type, *name;
	const struct kw_schema_object *ref;
	const char *have_sql; /* NULL if missing */
};
typedef int (*change_fn)(void *ctx, const struct compartment *c, const struct difference *d);

static char *dup_col(sqlite3_stmt *s, int col)
{
	const char *t = (const char *)sqlite3_column_text(s, col);

	return t != NULL ? kw_xstrdup(t) : NULL;
}

static void compartment_free(struct compartment *c)
{
	for (size_t i = 0; i < c->nhave; i++) {
		free(c->have[i].type);
		free(c->have[i].name);
		free(c->have[i].table);
		free(c->have[i].sql);
	}
	free(c->have);
	c->have = NULL;
	c->nhave = 0;
}

/* Reads the objects of compartment i (0 general, 1 sensitive) into c, in the reference's order. */
static int compartment_read(struct kw_store *st, int i, struct compartment *c, struct kw_err *err)
{
	static const char *const sql[] = { KW_SQL_SCHEMA_OBJECTS("main"),
					   KW_SQL_SCHEMA_OBJECTS("s") };
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int step;

	c->schema = i == 0 ? "main" : "s";
	c->file = i == 0 ? KW_GENERAL_DB : KW_SENSITIVE_DB;
	c->ref = i == 0 ? kw_general_schema : kw_sensitive_schema;
	c->nref = i == 0 ? kw_general_schema_count : kw_sensitive_schema_count;
	c->have = NULL;
	c->nhave = 0;
	if (sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the schema", err);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (c->nhave == cap) {
			cap = cap != 0 ? cap * 2 : 256;
			c->have = kw_xrealloc(c->have, cap * sizeof(*c->have));
		}
		c->have[c->nhave++] = (struct object){ dup_col(s, 0), dup_col(s, 1), dup_col(s, 2),
						       dup_col(s, 3) };
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		compartment_free(c);
		return kw_db_fail(st, "reading the schema", err);
	}
	return 0;
}

static bool same_text(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/*
 * Calls fn for each object missing from c, not as the migrations make it,
 * or not made by them at all (ref is NULL for those). Returns how many, or
 * -1 when fn fails.
 */
static int each_change(const struct compartment *c, change_fn fn, void *ctx)
{
	size_t i = 0, j = 0;
	int n = 0;

	while (i < c->nref || j < c->nhave) {
		const struct kw_schema_object *r = i < c->nref ? &c->ref[i] : NULL;
		const struct object *h = j < c->nhave ? &c->have[j] : NULL;
		struct difference d;
		int cmp;

		if (r == NULL)
			cmp = 1;
		else if (h == NULL)
			cmp = -1;
		else if ((cmp = strcmp(r->type, h->type)) == 0)
			cmp = strcmp(r->name, h->name);
		if (cmp == 0) {
			i++, j++;
			if (same_text(r->table, h->table) && same_text(r->sql, h->sql))
				continue;
			d = (struct difference){ CHANGED, r->type, r->name, r, h->sql };
		} else if (cmp < 0) {
			i++;
			d = (struct difference){ GONE, r->type, r->name, r, NULL };
		} else {
			j++;
			d = (struct difference){ ADDED, h->type, h->name, NULL, h->sql };
		}
		n++;
		if (fn != NULL && fn(ctx, c, &d) != 0)
			return -1;
	}
	return n;
}

/*
 * A table's rows are records: keywork reports a changed table (or the index
 * SQLite makes for one of its constraints), and does not rewrite it.
 */
static bool mendable(const char *type, const char *name)
{
	return strcasecmp(type, "table") != 0 &&
	       !(strcasecmp(type, "index") == 0 && strncmp(name, "sqlite_autoindex_", 17) == 0);
}

/* Whether an object acts on what is read or written: a trigger or a view, by type or by SQL. */
static bool acts(const char *type, const char *sql)
{
	if (strcasecmp(type, "trigger") == 0 || strcasecmp(type, "view") == 0)
		return true;
	if (sql == NULL)
		return false;
	/* A row written by hand can give one type and make another: its SQL decides. */
	for (size_t i = 0; sql[i] != '\0' && i < 64; i++)
		if (strncasecmp(sql + i, "TRIGGER", 7) == 0 || strncasecmp(sql + i, "VIEW", 4) == 0)
			return true;
	return false;
}

/* One difference in plain words, into msg. */
static void describe(const struct compartment *c, const struct difference *d, char *msg, size_t len)
{
	const char *type = d->type, *name = d->name;
	bool mend = mendable(type, name);

	switch (d->what) {
	case GONE:
		snprintf(msg, len, "%s: the %s %s is missing (%s)", c->file, type, name,
			 mend ? "keywork check --repair makes it again"
			      : "its records can only come back from a backup");
		break;
	case CHANGED:
		snprintf(msg, len,
			 "%s: the %s %s was changed outside keywork: it is not as keywork makes "
			 "it (%s)",
			 c->file, type, name,
			 mend ? "keywork check --repair makes it again"
			      : "keywork does not rewrite a table; restore a backup");
		break;
	case ADDED:
		snprintf(msg, len, "%s: the %s %s was added outside keywork (%s)", c->file, type,
			 name,
			 mend ? "keywork check --repair removes it"
			      : "keywork leaves a table it did not make alone; a manager can "
				"remove it, or restore a backup");
		break;
	}
}

struct report {
	kw_problem_fn fn;
	void *ctx;
};

static int report_one(void *ctx, const struct compartment *c, const struct difference *d)
{
	struct report *r = ctx;
	char msg[512];

	if (r->fn == NULL)
		return 0;
	describe(c, d, msg, sizeof(msg));
	r->fn(r->ctx, msg);
	return 0;
}

int kw_db_schema_check(struct kw_store *st, kw_problem_fn fn, void *ctx, struct kw_err *err)
{
	struct report r = { fn, ctx };
	int total = 0;

	for (int i = 0; i < (st->sensitive ? 2 : 1); i++) {
		struct compartment c;
		int n;

		if (compartment_read(st, i, &c, err) != 0)
			return -1;
		n = each_change(&c, report_one, &r);
		compartment_free(&c);
		total += n;
	}
	return total;
}

struct mend {
	struct kw_store *st;
	int pass; /* 0 removes, then 1 makes views, 2 indexes, 3 triggers */
	long changed;
	struct kw_err *err;
};

/* ref's SQL with the schema's name before the object's: "CREATE INDEX "s".name ON ...". */
static char *qualified(const struct kw_schema_object *ref, const char *schema)
{
	static const char *const starts[] = { "CREATE INDEX ", "CREATE UNIQUE INDEX ",
					      "CREATE VIEW ", "CREATE TRIGGER " };

	for (size_t k = 0; k < KW_ARRAY_LEN(starts); k++) {
		size_t n = strlen(starts[k]);

		if (strncmp(ref->sql, starts[k], n) == 0)
			return sqlite3_mprintf("%.*s\"%w\".%s", (int)n, ref->sql, schema,
					       ref->sql + n);
	}
	return NULL;
}

static int mend_one(void *ctx, const struct compartment *c, const struct difference *d)
{
	static const char *const order[] = { "view", "index", "trigger" };
	struct mend *m = ctx;
	const char *type = d->type, *name = d->name;
	char *sql = NULL;
	int rc;

	if (!mendable(type, name))
		return 0;
	if (m->pass == 0) {
		if (d->what == GONE)
			return 0;
		/* IF EXISTS: a row written twice under one name is one object. */
		if (strcasecmp(type, "index") == 0)
			sql = sqlite3_mprintf("DROP INDEX IF EXISTS \"%w\".\"%w\"", c->schema,
					      name);
		else if (strcasecmp(type, "view") == 0)
			sql = sqlite3_mprintf("DROP VIEW IF EXISTS \"%w\".\"%w\"", c->schema, name);
		else if (strcasecmp(type, "trigger") == 0)
			sql = sqlite3_mprintf("DROP TRIGGER IF EXISTS \"%w\".\"%w\"", c->schema,
					      name);
	} else {
		if (d->what == ADDED || strcmp(type, order[m->pass - 1]) != 0)
			return 0;
		sql = qualified(d->ref, c->schema);
	}
	if (sql == NULL)
		return kw_err_set(m->err, KW_EDATA,
				  "%s: keywork cannot %s the %s %s (restore a backup)", c->file,
				  m->pass == 0 ? "remove" : "make again", type, name);
	rc = sqlite3_exec(m->st->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		kw_err_set(m->err, KW_EDATA, "%s: %s the %s %s: %s", c->file,
			   m->pass == 0 ? "removing" : "making again", type, name,
			   sqlite3_errmsg(m->st->db));
		return -1;
	}
	/* A changed object is removed, then made again: one mended object. */
	if (m->pass != 0 || d->what == ADDED)
		m->changed++;
	return 0;
}

int kw_db_schema_repair(struct kw_store *st, long *changed, struct kw_err *err)
{
	struct mend m = { st, 0, 0, err };

	*changed = 0;
	for (int i = 0; i < (st->sensitive ? 2 : 1); i++) {
		struct compartment c;

		if (compartment_read(st, i, &c, err) != 0)
			return -1;
		for (m.pass = 0; m.pass < 4; m.pass++)
			if (each_change(&c, mend_one, &m) < 0) {
				compartment_free(&c);
				return -1;
			}
		compartment_free(&c);
	}
	*changed = m.changed;
	return 0;
}

struct guard {
	int n;
	char *first;
	size_t len;
};

static int guard_one(void *ctx, const struct compartment *c, const struct difference *d)
{
	struct guard *g = ctx;

	if (!acts(d->type, d->have_sql) && (d->ref == NULL || !acts(d->ref->type, d->ref->sql)))
		return 0;
	if (g->n++ == 0 && g->first != NULL)
		describe(c, d, g->first, g->len);
	return 0;
}

int kw_db_schema_guard(struct kw_store *st, char *first, size_t len, struct kw_err *err)
{
	struct guard g = { 0, first, len };
	struct compartment c;

	if (first != NULL && len > 0)
		first[0] = '\0';
	if (compartment_read(st, 0, &c, err) != 0)
		return -1;
	each_change(&c, guard_one, &g);
	compartment_free(&c);
	/*
	 * A trigger someone added fires on every write, a view changed is read
	 * as keywork's: none of keywork.db's runs while any is not keywork's.
	 */
	st->triggers_off = g.n > 0;
	if (sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, st->triggers_off ? 0 : 1,
			      NULL) != SQLITE_OK)
		return kw_db_fail(st, "turning triggers off", err);
	/* What kw_store_begin compares, to guard again when someone changes the schema. */
	{
		sqlite3_stmt *s = NULL;

		if (sqlite3_prepare_v2(st->db, "PRAGMA main.schema_version", -1, &s, NULL) !=
			    SQLITE_OK ||
		    sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_finalize(s);
			return kw_db_fail(st, "reading the schema's version", err);
		}
		st->schema_version = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return g.n;
}
