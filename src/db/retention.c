/*
 * retention.c: the store's side of retention and erasure (facts for the
 * rules, deleting a woman whole with a tombstone, vacuum) and the holds on a
 * record (legal hold, restriction of processing).
 *
 * Deleting her is driven by the schema, not a list kept by hand: every
 * table in either compartment with a client_id column (except the audit
 * trail) loses her rows, so a table added later is not forgotten. Records
 * that belong to her through another record (a closure through its episode,
 * an advocacy step through its item, a child's sensitive details) are named
 * below. The ids of everything deleted are gathered first (in a TEMP table,
 * which temp_store = MEMORY keeps off the disk) so that the field history
 * and custom answers of each go too. Triggers take notes and names out of
 * the full-text indexes; secure_delete zeroes the freed space.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keywork/policy.h"
#include "keywork/retentiondb.h"
#include "keywork/util.h"

/*
 * A hold is recorded three times: the general compartment's row, its sealed
 * copy in the sensitive one and the latest "hold"/"hold-lift" (or
 * "restrict"/"restrict-lift") audit row by a manager. It stands while any of
 * them says so, so deleting one record of it lifts nothing. id is the SQL
 * naming the woman, kind the hold's kind, act the audit action that sets it.
 */
#define HOLD_GENERAL(id, kind)                                                                     \
	"EXISTS (SELECT 1 FROM main.client_holds h WHERE h.client_id = " id " AND h.kind = '" kind \
	"' AND h.lifted_on IS NULL)"
#define HOLD_SEALED(id, kind)                                                 \
	"EXISTS (SELECT 1 FROM s.client_holds_seal h WHERE h.client_id = " id \
	" AND h.kind = '" kind "')"
#define HOLD_AUDIT(id, act)                                                                    \
	"coalesce((SELECT a.action = '" act "' FROM main.audit a JOIN main.users u ON u.id = " \
	"a.actor_id AND u.role = 'manager' WHERE a.client_id = " id " AND a.action IN ('" act  \
	"', '" act "-lift') ORDER BY a.seq DESC LIMIT 1), 0)"
#define HOLD_STANDS(id, kind, act) \
	"(" HOLD_GENERAL(id, kind) " OR " HOLD_SEALED(id, kind) " OR " HOLD_AUDIT(id, act) ")"

static const char SQL_FACTS[] =
	"SELECT c.id, c.reference, "
	"(SELECT count(*) FROM main.episodes e WHERE e.client_id = c.id), "
	"(SELECT count(*) FROM main.episodes e WHERE e.client_id = c.id AND e.status <> "
	"'closed'), "
	"(SELECT max(e.closed_on) FROM main.episodes e WHERE e.client_id = c.id), "
	"coalesce((SELECT max(substr(replace(k.happened_at, ' ', 'T'), 1, 10)) FROM "
	"main.contacts k WHERE k.client_id = c.id), substr(c.created_at, 1, 10)), "
	"EXISTS (SELECT 1 FROM main.children ch JOIN s.child_details d ON d.child_id = ch.id "
	"WHERE ch.client_id = c.id AND d.legal_status IN (SELECT value FROM json_each(?1))), "
	"(SELECT count(*) FROM s.cj_events j WHERE j.client_id = c.id AND j.kind IN (SELECT "
	"value FROM json_each(?2))), "
	"(SELECT count(*) FROM s.cj_events j WHERE j.client_id = c.id AND j.kind IN (SELECT "
	"value FROM json_each(?2)) AND (j.ends_on IS NULL OR j.ends_on > ?3)), "
	"(SELECT max(coalesce(j.ends_on, j.happened_on)) FROM s.cj_events j WHERE j.client_id = "
	"c.id AND j.kind IN (SELECT value FROM json_each(?2))), "
	"EXISTS (SELECT 1 FROM s.cj_events j WHERE j.client_id = c.id AND j.kind = 'court' AND "
	"j.happened_on >= ?3), " HOLD_STANDS("c.id", "legal_hold", "hold") ", " HOLD_STANDS(
		"c.id", "restrict", "restrict") " FROM main.clients c WHERE ?4 IS NULL OR c.id = "
						"?4 ORDER BY c.reference";

int kw_db_retention_each(struct kw_store *st, const char *cp_json, const char *orders_json,
			 const char *today, const char *client_id,
			 int (*fn)(void *ctx, const struct kw_ret_facts *f), void *ctx,
			 struct kw_err *err)
{
	sqlite3_stmt *s;
	int step, stop = 0;

	if (kw_db_may(st, KW_DO_FULL_RECORD, err) != 0)
		return -1;
	if (!st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "the retention rules read children's status and criminal "
				  "justice records, in the sensitive compartment");
	if ((s = kw_stmt(st, SQL_FACTS, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, cp_json);
	kw_bind_text(s, 2, orders_json);
	kw_bind_text(s, 3, today);
	kw_bind_text(s, 4, client_id);
	while (stop == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_ret_facts f;

		memset(&f, 0, sizeof(f));
		kw_col_copy(s, 0, f.id, sizeof(f.id));
		kw_col_copy(s, 1, f.reference, sizeof(f.reference));
		f.episodes = (long)sqlite3_column_int64(s, 2);
		f.episodes_open = (long)sqlite3_column_int64(s, 3);
		kw_col_copy(s, 4, f.last_closed, sizeof(f.last_closed));
		kw_col_copy(s, 5, f.last_contact, sizeof(f.last_contact));
		f.child_protection = sqlite3_column_int(s, 6) != 0;
		f.orders = (long)sqlite3_column_int64(s, 7);
		f.orders_running = (long)sqlite3_column_int64(s, 8);
		kw_col_copy(s, 9, f.order_ended, sizeof(f.order_ended));
		f.court_date = sqlite3_column_int(s, 10) != 0;
		f.legal_hold = sqlite3_column_int(s, 11) != 0;
		f.restricted = sqlite3_column_int(s, 12) != 0;
		stop = fn(ctx, &f);
	}
	return kw_rows_end(st, s, step, stop, "reading what the retention rules need", err);
}

/* --- deleting her --- */

/* Runs sql with ?1 = id (and ?2 = other, if the statement has it); adds the changes to *n. */
static int run(struct kw_store *st, const char *sql, const char *id, const char *other, long *n,
	       struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "preparing a deletion", err);
	kw_bind_text(s, 1, id);
	if (sqlite3_bind_parameter_count(s) >= 2)
		kw_bind_text(s, 2, other);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "deleting her record", err);
	if (n != NULL && strncmp(sql, "DELETE", 6) == 0)
		*n += sqlite3_changes(st->db);
	return 0;
}

/*
 * The tables of schema with a client_id column, other than the audit trail and
 * contact_state (derived: its trigger removes her row with her); names malloc'd.
 */
static int tables_naming_her(struct kw_store *st, const char *schema, char ***names, bool **has_id,
			     size_t *n, struct kw_err *err)
{
	char *sql = sqlite3_mprintf(
		"SELECT m.name, EXISTS (SELECT 1 FROM pragma_table_info(m.name, %Q) p WHERE "
		"p.name = 'id') FROM %w.sqlite_master m WHERE m.type = 'table' AND m.name NOT IN "
		"('audit', 'clients', 'contact_state', 'outreach_women', 'outreach_audit') AND "
		"m.name NOT LIKE 'sqlite_%%' AND m.sql "
		"NOT LIKE "
		"'CREATE VIRTUAL%%' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name, %Q) p "
		"WHERE p.name = 'client_id') ORDER BY m.name",
		schema, schema, schema);
	sqlite3_stmt *s = NULL;
	int step;

	*n = 0;
	*names = NULL;
	*has_id = NULL;
	if (sql == NULL || sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return kw_db_fail(st, "listing the tables", err);
	}
	sqlite3_free(sql);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		*names = kw_xrealloc(*names, (*n + 1) * sizeof(**names));
		*has_id = kw_xrealloc(*has_id, (*n + 1) * sizeof(**has_id));
		(*names)[*n] = kw_col_strdup(s, 0);
		(*has_id)[*n] = sqlite3_column_int(s, 1) != 0;
		(*n)++;
	}
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "listing the tables", err);
}

/* Deletes her rows from every table of schema that names her; first keeps their ids. */
static int sweep(struct kw_store *st, const char *schema, const char *client_id, bool ids_only,
		 long *rows, struct kw_err *err)
{
	char **names = NULL;
	bool *has_id = NULL;
	size_t n = 0;
	int rc = -1;

	if (tables_naming_her(st, schema, &names, &has_id, &n, err) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *sql;
		int r;

		if (ids_only && !has_id[i])
			continue;
		sql = ids_only
			      ? sqlite3_mprintf("INSERT OR IGNORE INTO temp.kw_purge(id) SELECT id "
						"FROM %w.%w WHERE client_id = ?1",
						schema, names[i])
			      : sqlite3_mprintf("DELETE FROM %w.%w WHERE client_id = ?1", schema,
						names[i]);
		if (sql == NULL) {
			kw_err_set(err, KW_ESOFTWARE, "out of memory");
			goto out;
		}
		r = run(st, sql, client_id, NULL, rows, err);
		sqlite3_free(sql);
		if (r != 0)
			goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(has_id);
	return rc;
}

/* Records of hers that name her only through another record of hers. */
static const char *const IDS_THROUGH[] = {
	"INSERT OR IGNORE INTO temp.kw_purge(id) SELECT st.id FROM main.advocacy_steps st JOIN "
	"main.advocacy_items i ON i.id = st.advocacy_item_id WHERE i.client_id = ?1",
	"INSERT OR IGNORE INTO temp.kw_purge(id) SELECT cl.id FROM main.closures cl JOIN "
	"main.episodes e ON e.id = cl.episode_id WHERE e.client_id = ?1",
	"INSERT OR IGNORE INTO temp.kw_purge(id) VALUES (?1)",
};
static const char *const DELETE_THROUGH[] = {
	"DELETE FROM main.advocacy_steps WHERE advocacy_item_id IN (SELECT id FROM "
	"main.advocacy_items WHERE client_id = ?1)",
	"DELETE FROM main.closures WHERE episode_id IN (SELECT id FROM main.episodes WHERE "
	"client_id = ?1)",
	"DELETE FROM s.child_details WHERE child_id IN (SELECT id FROM main.children WHERE "
	"client_id = ?1)",
	"DELETE FROM main.history WHERE record_id IN (SELECT id FROM temp.kw_purge)",
	"DELETE FROM s.history WHERE record_id IN (SELECT id FROM temp.kw_purge)",
	"DELETE FROM main.custom_values WHERE record_id IN (SELECT id FROM temp.kw_purge)",
	"DELETE FROM s.custom_values WHERE record_id IN (SELECT id FROM temp.kw_purge)",
};

static const char SQL_TOMBSTONE[] =
	"INSERT INTO main.tombstones(id, reference, rule, deleted_on, created_at, created_by, "
	"updated_at, updated_by, version, device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6, 1, "
	"?7)";

/* Deletes every row about her, in both compartments, inside the caller's transaction; *n counts. */
static int purge_rows(struct kw_store *st, const char *client_id, long *n, struct kw_err *err)
{
	/* Her records point at each other (a contact at its episode): checked at commit. */
	if (run(st, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL, err) != 0 ||
	    run(st, "CREATE TEMP TABLE IF NOT EXISTS kw_purge(id TEXT PRIMARY KEY)", NULL, NULL,
		NULL, err) != 0 ||
	    run(st, "DELETE FROM temp.kw_purge", NULL, NULL, NULL, err) != 0)
		return -1;
	if (sweep(st, "main", client_id, true, NULL, err) != 0 ||
	    sweep(st, "s", client_id, true, NULL, err) != 0)
		return -1;
	for (size_t i = 0; i < KW_ARRAY_LEN(IDS_THROUGH); i++)
		if (run(st, IDS_THROUGH[i], client_id, NULL, NULL, err) != 0)
			return -1;
	/* A child's details and the history of each record, before the records themselves. */
	for (size_t i = 0; i < KW_ARRAY_LEN(DELETE_THROUGH); i++)
		if (run(st, DELETE_THROUGH[i], client_id, NULL, n, err) != 0)
			return -1;
	if (sweep(st, "s", client_id, false, n, err) != 0 ||
	    sweep(st, "main", client_id, false, n, err) != 0 ||
	    run(st, "DELETE FROM main.clients WHERE id = ?1", client_id, NULL, n, err) != 0 ||
	    run(st, "DELETE FROM temp.kw_purge", NULL, NULL, NULL, err) != 0)
		return -1;
	return 0;
}

int kw_db_purge_client(struct kw_store *st, const char *client_id, const char *reference,
		       const char *rule, const char *today, long *rows, struct kw_err *err)
{
	struct kw_rowmeta m = { 0 };
	sqlite3_stmt *s;
	char detail[200];
	long n = 0;

	*rows = 0;
	if (kw_db_may(st, KW_DO_REDACT, err) != 0)
		return -1;
	if (!st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "deleting her record needs the sensitive compartment too");
	if (purge_rows(st, client_id, &n, err) != 0)
		return -1;
	if ((s = kw_stmt(st, SQL_TOMBSTONE, err)) == NULL)
		return -1;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, m.id);
	kw_bind_text(s, 2, reference);
	kw_bind_text(s, 3, rule);
	kw_bind_text(s, 4, today);
	kw_bind_text(s, 5, m.created_at);
	kw_bind_text(s, 6, m.created_by);
	kw_bind_text(s, 7, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "leaving her tombstone", err);
	snprintf(detail, sizeof(detail), "%s deleted under %s: %ld rows", reference, rule, n);
	if (kw_db_audit(st, strcmp(rule, "erasure") == 0 ? "erase" : "retention-delete", NULL,
			detail, err) != 0)
		return -1;
	*rows = n;
	return 0;
}

int kw_db_laptop_drop_client(struct kw_store *st, const char *client_id, long *rows,
			     struct kw_err *err)
{
	*rows = 0;
	if (st->depth == 0)
		return kw_err_set(err, KW_ESOFTWARE, "a woman leaves a laptop in a transaction");
	return purge_rows(st, client_id, rows, err);
}

int kw_db_vacuum(struct kw_store *st, struct kw_err *err)
{
	if (run(st, "VACUUM main", NULL, NULL, NULL, err) != 0)
		return -1;
	if (st->sensitive && run(st, "VACUUM s", NULL, NULL, NULL, err) != 0)
		return -1;
	return 0;
}

/* --- holds --- */

static const char *const HOLD_KIND[] = { "legal_hold", "restrict" };

/* Whether a hold stands, by kind, without and with the sensitive compartment. */
static const char *const SQL_HOLD_GET[2][2] = {
	{ "SELECT " HOLD_GENERAL("?1", "legal_hold") " OR " HOLD_AUDIT("?1", "hold"),
	  "SELECT " HOLD_STANDS("?1", "legal_hold", "hold") },
	{ "SELECT " HOLD_GENERAL("?1", "restrict") " OR " HOLD_AUDIT("?1", "restrict"),
	  "SELECT " HOLD_STANDS("?1", "restrict", "restrict") },
};

/*
 * Each standing hold of one kind as one record of it says, by
 * kw_hold_source. Literal kinds and actions, so that the partial indexes on
 * client_holds and the audit serve them.
 */
#define HOLDS_EACH(kind, act)                                                                      \
	{                                                                                          \
		"SELECT h.client_id, c.reference FROM main.client_holds h JOIN main.clients c ON " \
		"c.id "                                                                            \
		"= h.client_id WHERE h.kind = '" kind                                              \
		"' AND h.lifted_on IS NULL ORDER BY h.client_id",                                  \
			"SELECT h.client_id, c.reference FROM s.client_holds_seal h JOIN "         \
			"main.clients c ON "                                                       \
			"c.id = h.client_id WHERE h.kind = '" kind "' ORDER BY h.client_id",       \
			"SELECT a.client_id, c.reference FROM main.audit a JOIN main.clients c "   \
			"ON c.id = "                                                               \
			"a.client_id WHERE a.action = '" act                                       \
			"' AND a.seq IN (SELECT max(b.seq) FROM main.audit "                       \
			"b JOIN main.users u ON u.id = b.actor_id AND u.role = 'manager' WHERE "   \
			"b.action IN ('" act "', '" act                                            \
			"-lift') AND b.client_id IS NOT NULL GROUP BY b.client_id) ORDER BY "      \
			"a.client_id"                                                              \
	}
static const char *const SQL_HOLDS_EACH[2][KW_HOLD_SOURCES] = {
	HOLDS_EACH("legal_hold", "hold"),
	HOLDS_EACH("restrict", "restrict"),
};

static const char SQL_HOLD_SET[] =
	"INSERT INTO main.client_holds(id, client_id, kind, set_on, created_at, created_by, "
	"updated_at, updated_by, version, device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6, 1, "
	"?7)";
static const char SQL_HOLD_LIFT[] =
	"UPDATE main.client_holds SET lifted_on = ?3, updated_at = ?4, updated_by = ?5, version "
	"= version + 1 WHERE client_id = ?1 AND kind = ?2 AND lifted_on IS NULL";
static const char SQL_SEAL_SET[] =
	"INSERT OR REPLACE INTO s.client_holds_seal(client_id, kind, set_on, created_at, "
	"created_by) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_SEAL_LIFT[] =
	"DELETE FROM s.client_holds_seal WHERE client_id = ?1 AND kind = ?2";

/* Runs a "SELECT <condition>" about her (?1): 1 true, 0 false, -1. */
static int hold_query(struct kw_store *st, const char *sql, const char *client_id,
		      struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sql, err);
	int step, on = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		on = sqlite3_column_int(s, 0) != 0;
	sqlite3_reset(s);
	return step == SQLITE_ROW ? on : kw_db_fail(st, "reading the holds on her record", err);
}

int kw_db_hold_get(struct kw_store *st, const char *client_id, enum kw_hold kind,
		   struct kw_err *err)
{
	return hold_query(st, SQL_HOLD_GET[kind][st->sensitive ? 1 : 0], client_id, err);
}

int kw_db_holds_each(struct kw_store *st, enum kw_hold kind, enum kw_hold_source source,
		     int (*fn)(void *ctx, const char *client_id, const char *reference), void *ctx,
		     struct kw_err *err)
{
	sqlite3_stmt *s;
	int step, stop = 0;

	if (source == KW_HOLD_SEALED && !st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "the sealed copy of holds is in the sensitive compartment");
	if ((s = kw_stmt(st, SQL_HOLDS_EACH[kind][source], err)) == NULL)
		return -1;
	while (stop == 0 && (step = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1));
	return kw_rows_end(st, s, step, stop, "reading the holds", err);
}

/* Whether one record of a hold says it stands: 1, 0 or -1. */
static int hold_recorded(struct kw_store *st, const char *client_id, enum kw_hold kind,
			 enum kw_hold_source source, struct kw_err *err)
{
	static const char *const sql[2][KW_HOLD_SOURCES] = {
		{ "SELECT " HOLD_GENERAL("?1", "legal_hold"),
		  "SELECT " HOLD_SEALED("?1", "legal_hold"), "SELECT " HOLD_AUDIT("?1", "hold") },
		{ "SELECT " HOLD_GENERAL("?1", "restrict"), "SELECT " HOLD_SEALED("?1", "restrict"),
		  "SELECT " HOLD_AUDIT("?1", "restrict") },
	};
	return hold_query(st, sql[kind][source], client_id, err);
}

/* Binds ?1.. to the strings given, in order, runs s once; 0 or -1. */
static int hold_write(struct kw_store *st, const char *sql, const char *const *v, int n,
		      struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sql, err);

	if (s == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		kw_bind_text(s, i + 1, v[i]);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "recording the hold", err);
	sqlite3_reset(s);
	return 0;
}

int kw_db_hold_set(struct kw_store *st, const char *client_id, enum kw_hold kind, bool lift,
		   const char *today, struct kw_err *err)
{
	struct kw_rowmeta m = { 0 };
	const char *action;
	int on[KW_HOLD_SOURCES];
	bool agree = true;

	if (kw_db_may(st, KW_DO_REDACT, err) != 0)
		return -1;
	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "setting or lifting a hold needs the sensitive compartment");
	if (kw_store_begin(st, err) != 0)
		return -1;
	/* Nothing to do only when all three records already say what is asked. */
	for (int k = 0; k < KW_HOLD_SOURCES; k++) {
		if ((on[k] = hold_recorded(st, client_id, kind, k, err)) < 0)
			goto fail;
		if ((on[k] == 1) == lift)
			agree = false;
	}
	if (agree) {
		kw_store_rollback(st);
		return 0;
	}
	kw_meta_new(st, &m);
	if (lift) {
		const char *v[] = { client_id, HOLD_KIND[kind], today, m.created_at, m.created_by };

		if (hold_write(st, SQL_HOLD_LIFT, v, 5, err) != 0 ||
		    hold_write(st, SQL_SEAL_LIFT, v, 2, err) != 0)
			goto fail;
	} else {
		const char *v[] = { m.id,	  client_id,	HOLD_KIND[kind], today,
				    m.created_at, m.created_by, st->device_id };
		const char *seal[] = { client_id, HOLD_KIND[kind], today, m.created_at,
				       m.created_by };

		if ((on[KW_HOLD_GENERAL] == 0 && hold_write(st, SQL_HOLD_SET, v, 7, err) != 0) ||
		    hold_write(st, SQL_SEAL_SET, seal, 5, err) != 0)
			goto fail;
	}
	if (kind == KW_HOLD_LEGAL)
		action = lift ? "hold-lift" : "hold";
	else
		action = lift ? "restrict-lift" : "restrict";
	if (kw_db_audit(st, action, client_id,
			kind == KW_HOLD_LEGAL
				? (lift ? "legal hold lifted" : "legal hold set: every clock stops")
				: (lift ? "restriction lifted"
					: "processing restricted: read only until lifted"),
			err) != 0 ||
	    kw_store_commit(st, err) != 0)
		goto fail;
	return 1;
fail:
	kw_store_rollback(st);
	return -1;
}

static const char SQL_TOMB_GET[] =
	"SELECT rule, deleted_on FROM main.tombstones WHERE reference = ?1 COLLATE NOCASE";

int kw_db_tombstone_get(struct kw_store *st, const char *reference, char rule[64],
			char deleted_on[11], struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_TOMB_GET, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, reference);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, rule, 64);
		kw_col_copy(s, 1, deleted_on, 11);
	}
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "reading the tombstones", err);
}
