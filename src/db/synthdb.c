/*
 * synthdb.c: bulk loading of synthetic records (src/app/synth.c) and the
 * benchmark's bare-SQL and plaintext-copy hooks (tests/bench_ui.c).
 *
 * Bulk rows skip what a user's save does (history, optimistic versions,
 * audit): they are made by a program, not changed by a person, and the
 * caller wraps all of them in one transaction. Each table's INSERT is
 * prepared once per loader and reused.
 *
 * The work per row stays the same however many rows there are. Ids are
 * random, so a row goes into each of its table's indexes at a random place:
 * once an index outgrows the page cache, every row costs pages read,
 * decrypted, encrypted and written again, and each commit writes every page
 * its rows touched (200,000 women wrote 167 GiB to leave 9 GiB). So the
 * loader takes the secondary indexes of the big tables out for the load and
 * builds each again after the rows (sorted once, written in order), together
 * with the per-woman contact state and advocacy days that general 0017's
 * triggers keep (their triggers read those indexes, so they go and come back
 * with them, and the tables are written again from their views). It all
 * happens inside the caller's one transaction: a load that fails or is
 * stopped rolls back the schema with the rows. Only the primary keys (and
 * the small tables whose checking triggers read their own indexes) are kept
 * row by row, and the larger page cache holds those.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "internal.h"
#include "keywork/util.h"

/*
 * One table a loader writes: its schema, name, columns after id and which are integers, and
 * whether its secondary indexes are kept row by row rather than built after the load.
 */
struct bulk_table {
	const char *schema;
	const char *table;
	const char *cols;
	int ncols;
	unsigned intmask; /* bit i: column i (0-based, after id) is an INTEGER */
	bool keep_indexes;
};

static const struct bulk_table tables[KW_BULK_COUNT] = {
	/* A few rows, read by the check that a woman's keyworker holds a caseload. */
	[KW_BULK_USER] = { "main", "users", "username, role, disabled", 3, 0, true },
	[KW_BULK_CLIENT] = { "main", "clients",
			     "reference, known_as, first_name, last_name, date_of_birth, phone, "
			     "borough, keyworker_id",
			     8, 0 },
	[KW_BULK_CHILD] = { "main", "children", "client_id, known_as, date_of_birth, lives_with", 4,
			    0 },
	[KW_BULK_EPISODE] = { "main", "episodes",
			      "client_id, referral_source, programme, cadence, status, "
			      "referred_on, opened_on, closed_on, closure_reason, reopened_from",
			      10, 0 },
	[KW_BULK_CLOSURE] = { "main", "closures",
			      "episode_id, closed_on, her_wish, welcome_back, reason", 5, 0 },
	/* Its trigger refusing a second open plan per pathway reads its index of open plans. */
	[KW_BULK_SUPPORT_PLAN] = { "main", "support_plans",
				   "client_id, pathway, opened_on, closed_on, goals", 5, 0, true },
	[KW_BULK_CONTACT] = { "main", "contacts",
			      "client_id, episode_id, happened_at, mode, outcome, missed_reason, "
			      "summary",
			      7, 0 },
	[KW_BULK_PAUSE] = { "main", "contact_pauses", "client_id, reason, starts_on, ends_on", 4,
			    0 },
	[KW_BULK_TASK] = { "main", "tasks",
			   "client_id, title, pathway, due_on, chase_on, status, done_on, outcome",
			   8, 0 },
	[KW_BULK_APPOINTMENT] = { "main", "appointments",
				  "client_id, kind, starts_at, place, with_whom, accompanied", 6,
				  0 },
	[KW_BULK_ADVOCACY_ITEM] = { "main", "advocacy_items",
				    "client_id, agency, issue, opened_on, due_on, status, "
				    "resolved_on",
				    7, 0 },
	[KW_BULK_ADVOCACY_STEP] = { "main", "advocacy_steps",
				    "advocacy_item_id, step, happened_on, due_on, summary", 5, 0 },
	[KW_BULK_STRENGTH] = { "main", "strengths", "client_id, noted_on, kind, description", 4,
			       0 },
	[KW_BULK_OUTCOME] = { "main", "outcome_scores", "client_id, pathway, scored_on, score", 4,
			      0 },
	[KW_BULK_CUSTOM] = { "main", "custom_values", "record_id, field_key, value, state", 4, 0 },
	[KW_BULK_NOTE] = { "s", "notes",
			   "client_id, happened_at, written_at, body, confidential, amends_id", 6,
			   1u << 4 },
	[KW_BULK_CHILD_DETAILS] = { "s", "child_details",
				    "child_id, legal_status, school, contact_arrangements", 4, 0 },
	[KW_BULK_CLIENT_DETAILS] = { "s", "client_details",
				     "client_id, postcode, immigration_status, codeword, borough",
				     5, 0 },
	[KW_BULK_RISK] = { "s", "risk_assessments",
			   "client_id, assessed_on, score, level, judgement_level, marac_referral",
			   6, 1u << 2 },
	[KW_BULK_CUSTOM_S] = { "s", "custom_values", "record_id, field_key, value, state", 4, 0 },
};

/* An index or trigger taken out for the load, and the statement that makes it again. */
struct deferred {
	char *sql;
};

struct kw_bulk {
	struct kw_store *st;
	sqlite3_stmt *stmt[KW_BULK_COUNT];
	struct deferred *def;
	size_t ndef;
	bool finished;
};

/*
 * The triggers that keep the derived tables (general 0017's, and 0031's tallies of what is due):
 * their bodies look rows up by the indexes taken out, or would count each row in turn, so
 * they go with them, and kw_bulk_finish writes the tables again whole.
 */
static const char DERIVED_TRIGGERS[] =
	"type = 'trigger' AND (name LIKE 'contact\\_state\\_%' ESCAPE '\\' OR name LIKE "
	"'advocacy\\_due\\_%' ESCAPE '\\' OR name LIKE 'due\\_tallies\\_%' ESCAPE '\\')";

/* The tables keyed by their own id column rather than "id". */
static const char *id_column(enum kw_bulk_kind kind)
{
	return kind == KW_BULK_CHILD_DETAILS ? NULL : kind == KW_BULK_CLIENT_DETAILS ? NULL : "id";
}

static sqlite3_stmt *prepare(struct kw_bulk *b, enum kw_bulk_kind kind, struct kw_err *err)
{
	const struct bulk_table *t = &tables[kind];
	const char *idcol = id_column(kind);
	struct kw_buf sql = { 0 };
	int n = t->ncols + (idcol != NULL);

	if (b->stmt[kind] != NULL)
		return b->stmt[kind];
	/* ?1..?n the record's columns, then created/updated at and by, and the device. */
	kw_buf_printf(&sql,
		      "INSERT INTO %s.%s(%s%s%s, created_at, created_by, updated_at, "
		      "updated_by, version, device_id) VALUES (",
		      t->schema, t->table, idcol != NULL ? idcol : "", idcol != NULL ? ", " : "",
		      t->cols);
	for (int i = 1; i <= n; i++)
		kw_buf_printf(&sql, "?%d, ", i);
	kw_buf_printf(&sql, "?%d, ?%d, ?%d, ?%d, 1, ?%d)", n + 1, n + 2, n + 1, n + 2, n + 3);
	if (sqlite3_prepare_v3(b->st->db, sql.p, -1, SQLITE_PREPARE_PERSISTENT, &b->stmt[kind],
			       NULL) != SQLITE_OK) {
		kw_db_fail(b->st, "preparing a bulk insert", err);
		b->stmt[kind] = NULL;
	}
	kw_buf_free(&sql);
	return b->stmt[kind];
}

/* Runs the statements that make again what was taken out, and frees them. */
static int run_deferred(struct kw_bulk *b, struct kw_err *err)
{
	int rc = 0;

	for (size_t i = 0; i < b->ndef; i++) {
		if (rc == 0 &&
		    sqlite3_exec(b->st->db, b->def[i].sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = kw_db_fail(b->st, "building an index again after a bulk load", err);
		free(b->def[i].sql);
	}
	free(b->def);
	b->def = NULL;
	b->ndef = 0;
	return rc;
}

/*
 * Takes out, in schema, the indexes and triggers that where selects (reading sqlite_schema),
 * remembering how to make each again. Indexes come before triggers in b->def, so that a
 * trigger is made again after what it reads.
 */
static int take_out(struct kw_bulk *b, const char *schema, const char *where, struct kw_err *err)
{
	struct kw_buf sql = { 0 }, drop = { 0 };
	sqlite3_stmt *s = NULL;
	int step, rc = -1;

	kw_buf_printf(&sql,
		      "SELECT type, name, sql FROM %s.sqlite_schema WHERE sql IS NOT NULL AND (%s) "
		      "ORDER BY type = 'trigger', rowid",
		      schema, where);
	if (sqlite3_prepare_v2(b->st->db, sql.p, -1, &s, NULL) != SQLITE_OK) {
		kw_db_fail(b->st, "reading the schema for a bulk load", err);
		goto out;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		const char *made = (const char *)sqlite3_column_text(s, 2);
		struct kw_buf again = { 0 };

		/* The statement as stored names no schema: it is made again in the one it came from. */
		kw_buf_printf(&again, "%s", made);
		if (strcmp(schema, "main") != 0) {
			const char *kw = strcmp(type, "index") == 0 ? " INDEX " : " TRIGGER ";
			const char *at = strstr(again.p, kw);
			struct kw_buf q = { 0 };

			if (at == NULL) {
				kw_buf_free(&again);
				kw_err_set(err, KW_ESOFTWARE, "cannot read how %s is made", name);
				goto out;
			}
			at += strlen(kw);
			if (strncasecmp(at, "IF NOT EXISTS ", 14) == 0)
				at += 14;
			kw_buf_add(&q, again.p, (size_t)(at - again.p));
			kw_buf_printf(&q, "%s.%s", schema, at);
			kw_buf_free(&again);
			again = q;
		}
		b->def = kw_xrealloc(b->def, (b->ndef + 1) * sizeof(*b->def));
		b->def[b->ndef++].sql = again.p;
		kw_buf_printf(&drop, "DROP %s %s.\"%s\";",
			      strcmp(type, "index") == 0 ? "INDEX" : "TRIGGER", schema, name);
	}
	if (step != SQLITE_DONE) {
		kw_db_fail(b->st, "reading the schema for a bulk load", err);
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (drop.p != NULL && sqlite3_exec(b->st->db, drop.p, NULL, NULL, NULL) != SQLITE_OK) {
		kw_db_fail(b->st, "setting indexes aside for a bulk load", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(s);
	kw_buf_free(&sql);
	kw_buf_free(&drop);
	return rc;
}

int kw_bulk_new(struct kw_store *st, struct kw_bulk **out, struct kw_err *err)
{
	struct kw_bulk *b = kw_xcalloc(1, sizeof(*b));
	const char *schemas[] = { "main", "s" };

	b->st = st;
	*out = b;
	if (st->depth == 0)
		return kw_err_set(err, KW_ESOFTWARE, "a bulk load outside a transaction");
	/*
	 * The import's larger page cache while loading: random ids touch pages all
	 * over each primary key's index, and an index that outgrows the cache is read
	 * and decrypted again at every insert (20,000 women with an 8 MiB cache took
	 * 263 s, with 128 MiB 107 s).
	 */
	kw_store_bulk_cache(st, true);
	for (size_t k = 0; k < KW_ARRAY_LEN(schemas); k++) {
		struct kw_buf where = { 0 };
		bool any = false;
		int rc;

		if (strcmp(schemas[k], "s") == 0 && !st->sensitive)
			break;
		kw_buf_printf(&where, "type = 'index' AND tbl_name IN (");
		for (int i = 0; i < KW_BULK_COUNT; i++) {
			if (tables[i].keep_indexes || strcmp(tables[i].schema, schemas[k]) != 0)
				continue;
			kw_buf_printf(&where, "%s'%s'", any ? ", " : "", tables[i].table);
			any = true;
		}
		kw_buf_printf(&where, ")");
		if (strcmp(schemas[k], "main") == 0)
			kw_buf_printf(&where, " OR %s", DERIVED_TRIGGERS);
		rc = take_out(b, schemas[k], where.p, err);
		kw_buf_free(&where);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int kw_bulk_finish(struct kw_bulk *b, struct kw_err *err)
{
	if (b->finished)
		return 0;
	/* Each index sorted once and written in order, then what reads them. */
	if (run_deferred(b, err) != 0)
		return -1;
	if (sqlite3_exec(b->st->db, KW_SQL_STATE_REWRITE, NULL, NULL, NULL) != SQLITE_OK)
		return kw_db_fail(b->st, "writing the contact state after a bulk load", err);
	b->finished = true;
	return 0;
}

int kw_bulk_row(struct kw_bulk *b, enum kw_bulk_kind kind, const char *id, const char *at,
		const char *by, const char *const *vals, struct kw_err *err)
{
	const struct bulk_table *t;
	sqlite3_stmt *s;
	int p = 1;

	if ((unsigned)kind >= KW_BULK_COUNT)
		return kw_err_set(err, KW_ESOFTWARE, "unknown bulk table %d", (int)kind);
	t = &tables[kind];
	if (strcmp(t->schema, "s") == 0 && !b->st->sensitive)
		return kw_err_set(err, KW_ENOPERM, "the sensitive compartment is not open");
	s = prepare(b, kind, err);
	if (s == NULL)
		return -1;
	if (id_column(kind) != NULL)
		sqlite3_bind_text(s, p++, id, -1, SQLITE_STATIC);
	for (int i = 0; i < t->ncols; i++, p++) {
		if (vals[i] == NULL)
			sqlite3_bind_null(s, p);
		else if (t->intmask & (1u << i))
			sqlite3_bind_int64(s, p, strtoll(vals[i], NULL, 10));
		else
			sqlite3_bind_text(s, p, vals[i], -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(s, p++, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, p++, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, p, b->st->device_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		char doing[64];

		sqlite3_reset(s);
		snprintf(doing, sizeof(doing), "adding to %s", t->table);
		return kw_db_fail(b->st, doing, err);
	}
	sqlite3_reset(s);
	return 0;
}

void kw_bulk_free(struct kw_bulk **bp)
{
	struct kw_bulk *b;

	if (bp == NULL || *bp == NULL)
		return;
	b = *bp;
	for (int i = 0; i < KW_BULK_COUNT; i++)
		sqlite3_finalize(b->stmt[i]);
	/* Not finished: the caller rolls back, and the indexes and triggers come back with it. */
	for (size_t i = 0; i < b->ndef; i++)
		free(b->def[i].sql);
	free(b->def);
	/* Back to the store's usual page cache. */
	kw_store_bulk_cache(b->st, false);
	free(b);
	*bp = NULL;
}

int kw_db_optimize(struct kw_store *st, struct kw_err *err)
{
	static const char *const sql[] = {
		"ANALYZE main",
		"INSERT INTO main.clients_fts(clients_fts) VALUES ('optimize')",
	};
	static const char *const sql_s[] = {
		"ANALYZE s",
		"INSERT INTO s.notes_fts(notes_fts) VALUES ('optimize')",
	};

	for (size_t i = 0; i < KW_ARRAY_LEN(sql); i++)
		if (sqlite3_exec(st->db, sql[i], NULL, NULL, NULL) != SQLITE_OK)
			return kw_db_fail(st, "optimising the store", err);
	for (size_t i = 0; st->sensitive && i < KW_ARRAY_LEN(sql_s); i++)
		if (sqlite3_exec(st->db, sql_s[i], NULL, NULL, NULL) != SQLITE_OK)
			return kw_db_fail(st, "optimising the store", err);
	return 0;
}

/* --- benchmark hooks --- */

int kw_db_bench_query(struct kw_store *st, const char *sql, const char *const *params, int nparams,
		      int (*fn)(void *ctx, int ncols, const char *const *cols), void *ctx,
		      long *rows, struct kw_err *err)
{
	const char *cols[32];
	sqlite3_stmt *s = NULL;
	long n = 0;
	int step, rc = -1, ncols;

	/* Cached by its text's address, as the store's own queries are: prepared once. */
	s = kw_stmt(st, sql, err);
	if (s == NULL)
		return -1;
	/* A test's write around keywork, as the sqlite3 shell's would be: not guarded. */
	st->raw_write = true;
	for (int i = 0; i < nparams; i++)
		kw_bind_text(s, i + 1, params[i]);
	ncols = sqlite3_column_count(s);
	if (ncols > (int)KW_ARRAY_LEN(cols))
		ncols = (int)KW_ARRAY_LEN(cols);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		/* Read every column, as a caller would. */
		for (int c = 0; c < ncols; c++)
			cols[c] = (const char *)sqlite3_column_text(s, c);
		n++;
		if (fn != NULL && fn(ctx, ncols, cols) != 0) {
			step = SQLITE_DONE;
			break;
		}
	}
	if (step != SQLITE_DONE) {
		kw_db_fail(st, "running a benchmark query", err);
		goto out;
	}
	if (rows != NULL)
		*rows = n;
	rc = 0;
out:
	sqlite3_reset(s); /* finishes a write stopped early: still a raw one */
	st->raw_write = false;
	return rc;
}

int kw_db_bench_export_plain(struct kw_store *st, const char *dir, struct kw_err *err)
{
	static const struct {
		const char *file, *from;
	} parts[] = { { KW_GENERAL_DB, "main" }, { KW_SENSITIVE_DB, "s" } };
	int rc = -1;

	for (size_t i = 0; i < KW_ARRAY_LEN(parts); i++) {
		char *path = kw_path_join(dir, parts[i].file);
		struct kw_buf sql = { 0 };
		char *msg = NULL;
		int xrc;

		if (strcmp(parts[i].from, "s") == 0 && !st->sensitive) {
			free(path);
			break;
		}
		/* The store's connection may not create files: an empty one is an empty database. */
		{
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

			if (fd < 0) {
				kw_err_set(err, KW_EIO, "cannot create %s: %s", path,
					   strerror(errno));
				free(path);
				goto out;
			}
			close(fd);
		}
		/* KEY '' makes an unencrypted file; sqlcipher_export copies schema and rows. */
		kw_buf_printf(
			&sql,
			"ATTACH DATABASE '%s' AS plain KEY ''; "
			"SELECT sqlcipher_export('plain', '%s'); "
			"PRAGMA plain.user_version = %d; DETACH DATABASE plain;",
			path, parts[i].from,
			i == 0 ? kw_general_migrations[kw_general_migrations_count - 1].version
			       : kw_sensitive_migrations[kw_sensitive_migrations_count - 1]
					 .version);
		free(path);
		if (strchr(dir, '\'') != NULL) {
			kw_buf_free(&sql);
			return kw_err_set(err, KW_EUSAGE, "a quote in %s", dir);
		}
		/* Written into its own file: the store's guard is for keywork's (on_commit). */
		st->raw_write = true;
		xrc = sqlite3_exec(st->db, sql.p, NULL, NULL, &msg);
		st->raw_write = false;
		if (xrc != SQLITE_OK) {
			kw_err_set(err, KW_EIO, "making a plaintext copy: %s",
				   msg != NULL ? msg : sqlite3_errmsg(st->db));
			sqlite3_free(msg);
			sqlite3_exec(st->db, "DETACH DATABASE plain", NULL, NULL, NULL);
			kw_buf_free(&sql);
			goto out;
		}
		kw_buf_free(&sql);
	}
	rc = 0;
out:
	return rc;
}
