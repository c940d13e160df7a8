/*
 * synthdb.c: bulk loading of synthetic records (src/app/synth.c) and the
 * benchmark's bare-SQL and plaintext-copy hooks (tests/bench_ui.c).
 *
 * Bulk rows skip what a user's save does (history, optimistic versions,
 * audit): they are made by a program, not changed by a person, and the
 * caller wraps many of them in one transaction. Each table's INSERT is
 * prepared once per loader and reused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "keywork/util.h"

/* One table a loader writes: its schema, name, columns after id and which are integers. */
struct bulk_table {
	const char *schema;
	const char *table;
	const char *cols;
	int ncols;
	unsigned intmask; /* bit i: column i (0-based, after id) is an INTEGER */
};

static const struct bulk_table tables[KW_BULK_COUNT] = {
	[KW_BULK_USER] = { "main", "users", "username, role, disabled", 3, 0 },
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
	[KW_BULK_SUPPORT_PLAN] = { "main", "support_plans",
				   "client_id, pathway, opened_on, closed_on, goals", 5, 0 },
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

struct kw_bulk {
	struct kw_store *st;
	sqlite3_stmt *stmt[KW_BULK_COUNT];
};

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

int kw_bulk_new(struct kw_store *st, struct kw_bulk **out, struct kw_err *err)
{
	struct kw_bulk *b = kw_xcalloc(1, sizeof(*b));

	b->st = st;
	/*
	 * The import's larger page cache while loading: random ids touch pages all
	 * over each index, and an index that outgrows the cache is read and
	 * decrypted again at every insert (20,000 women with an 8 MiB cache took
	 * 263 s, with 128 MiB 107 s; the 200,000 of the benchmark outgrow 128 MiB).
	 */
	kw_store_bulk_cache(st, true);
	(void)err;
	*out = b;
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
	sqlite3_reset(s);
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
		if (sqlite3_exec(st->db, sql.p, NULL, NULL, &msg) != SQLITE_OK) {
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
