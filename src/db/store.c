/*
 * store.c: opening a data directory's two compartments, migrations,
 * transactions and the statement cache.
 *
 * Every connection runs the same open sequence: the raw key, then
 * cipher_log_level NONE (SQLCipher would otherwise log to stderr and tear
 * the screen), then temp_store MEMORY read back and asserted (SQLCipher does
 * not encrypt SQLite's temp files, and a build's TEMP_STORE default may put
 * them on disk), then the
 * rollback journal (a commit across ATTACHed files is atomic only outside
 * WAL), foreign keys, secure_delete and a busy timeout, then a read of
 * sqlite_master, which is where a wrong key fails. sensitive.db is migrated
 * on a connection of its own, then ATTACHed as "s" to the general one, so
 * one transaction spans both files.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "keywork/util.h"

#define BUSY_TIMEOUT_MS 10000

static bool force_temp_file;
static bool allow_plaintext;

void kw_db_test_force_temp_file(bool on)
{
	force_temp_file = on;
}

void kw_db_bench_allow_plaintext(bool on)
{
	allow_plaintext = on;
}

/*
 * Waiting for another process's lock. SQLite's own busy timeout sleeps up to
 * 100 ms between tries, so with many writers a waiting process sleeps through
 * the moments the data is free, and others that happen to try then go first
 * again and again: with twenty staff writing at once, one save in a hundred
 * waited over 4 s and some were refused after the full 10 s. Trying again
 * every millisecond, then every two, gives each waiter its turn. Returns 0
 * (give up: SQLITE_BUSY) once BUSY_TIMEOUT_MS has passed since the first try.
 */
static int busy_wait(void *arg, int tries)
{
	static struct timespec start;
	struct timespec now;
	long long ms;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (tries == 0)
		start = now;
	ms = (long long)(now.tv_sec - start.tv_sec) * 1000 +
	     (now.tv_nsec - start.tv_nsec) / 1000000;
	if (ms >= BUSY_TIMEOUT_MS)
		return 0;
	usleep(tries < 50 ? 1000 : 2000);
	return 1;
}

static void busy_waits(sqlite3 *db, bool wait)
{
	sqlite3_busy_handler(db, wait ? busy_wait : NULL, NULL);
}

/*
 * Another process holds the data that db (a connection to a file in the data
 * directory) needs: says who and what, from the busy note it left, or plainly
 * that someone else is at work, rather than SQLite's "database is locked".
 * (A commit can also wait for readers to finish, who leave no note.)
 */
static int busy_fail(sqlite3 *db, struct kw_err *err)
{
	const char *path = sqlite3_db_filename(db, "main");
	const char *slash = path != NULL ? strrchr(path, '/') : NULL;
	char *dir = kw_xstrdup(slash != NULL ? path : ".");
	char who[256];
	int rc;

	if (slash != NULL)
		dir[slash - path] = '\0';
	if (kw_busy_note_describe(dir, who, sizeof(who)))
		rc = kw_err_why(err, KW_EIO, KW_R_LOCKED,
				"the data is busy: %s; try again when it finishes", who);
	else
		rc = kw_err_why(err, KW_EIO, KW_R_LOCKED,
				"the data is busy with someone else's work; try again in a moment");
	free(dir);
	return rc;
}

static bool is_busy(sqlite3 *db)
{
	return (sqlite3_extended_errcode(db) & 0xff) == SQLITE_BUSY;
}

int kw_db_fail(struct kw_store *st, const char *doing, struct kw_err *err)
{
	int code = sqlite3_extended_errcode(st->db);
	int status = KW_ESOFTWARE;

	if (is_busy(st->db))
		return busy_fail(st->db, err);
	switch (code & 0xff) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		status = KW_EIO;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		status = KW_EDATA;
		break;
	case SQLITE_CONSTRAINT:
		if (code == SQLITE_CONSTRAINT_COMMITHOOK)
			return kw_err_set(err, KW_ESOFTWARE,
					  "%s: written outside a transaction, which keywork "
					  "refuses (nothing was saved; please report this)",
					  doing);
		status = KW_EDATA;
		break;
	default:
		break;
	}
	return kw_err_set(err, status, "%s: %s", doing, sqlite3_errmsg(st->db));
}

int kw_rows_end(struct kw_store *st, sqlite3_stmt *s, int step, int stop, const char *doing,
		struct kw_err *err)
{
	sqlite3_reset(s);
	if (!stop && step != SQLITE_DONE)
		return kw_db_fail(st, doing, err);
	return 0;
}

static int exec(sqlite3 *db, const char *sql, const char *doing, struct kw_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	if (is_busy(db)) {
		sqlite3_free(msg);
		return busy_fail(db, err);
	}
	kw_err_set(err, KW_ESOFTWARE, "%s: %s", doing, msg != NULL ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/* Reads one integer from a single-row statement. */
static int query_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *s = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int kw_db_cipher_version(char *buf, size_t len, struct kw_err *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int major = 0, minor = 0, rc = -1;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		kw_err_set(err, KW_ESOFTWARE,
			   "this SQLite library has no encryption (SQLCipher is required)");
		goto out;
	}
	snprintf(buf, len, "%s", (const char *)sqlite3_column_text(s, 0));
	if (sscanf(buf, "%d.%d", &major, &minor) != 2 || major < 4 || (major == 4 && minor < 5)) {
		kw_err_set(err, KW_ESOFTWARE,
			   "SQLCipher %s is too old: keywork needs 4.5 or newer "
			   "(on Debian 12, install libsqlcipher1 from bookworm-backports)",
			   buf);
		goto out;
	}
	rc = 0;
	goto out;
fail:
	kw_err_set(err, KW_ESOFTWARE, "cannot start SQLite");
out:
	sqlite3_finalize(s);
	sqlite3_close(db);
	return rc;
}

/* The per-file pragmas after the key; schema is "main" or "s". */
static int connection_pragmas(sqlite3 *db, const char *schema, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	char sql[128];
	bool truncate = false;

	snprintf(sql, sizeof(sql), "PRAGMA %s.journal_mode = TRUNCATE", schema);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		truncate = strcmp((const char *)sqlite3_column_text(s, 0), "truncate") == 0;
	sqlite3_finalize(s);
	if (!truncate && is_busy(db))
		return busy_fail(db, err);
	if (!truncate)
		return kw_err_set(err, KW_EIO, "cannot set the rollback journal (%s): %s", schema,
				  sqlite3_errmsg(db));
	snprintf(sql, sizeof(sql), "PRAGMA %s.cache_size = -%d", schema, KW_CACHE_KIB);
	if (exec(db, sql, "setting the page cache", err) != 0)
		return -1;
	snprintf(sql, sizeof(sql), "PRAGMA %s.secure_delete = ON", schema);
	return exec(db, sql, "setting secure_delete", err);
}

/*
 * Opens one compartment file alone, keyed, with the open sequence applied.
 * A wrong key gives KW_ENOPERM; a file that is not a database KW_EDATA.
 */
static int open_file(const char *path, const char *key, size_t keylen, bool create, sqlite3 **out,
		     struct kw_err *err)
{
	sqlite3 *db = NULL;
	long long v = -1;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
	int rc = -1, src;
	struct stat stbuf;

	if (create) {
		if (stat(path, &stbuf) == 0)
			return kw_err_set(err, KW_EUSAGE, "%s already exists", path);
		flags |= SQLITE_OPEN_CREATE;
	} else if (stat(path, &stbuf) != 0) {
		return kw_err_set(err, KW_ENOINPUT, "cannot open %s: %s", path, strerror(errno));
	}
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		kw_err_set(err, KW_EIO, "cannot open %s: %s", path,
			   db != NULL ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(db, 1);
	/* An empty key is a plaintext file: only for the benchmark's copy, when allowed. */
	if (keylen == 0 && !allow_plaintext) {
		kw_err_set(err, KW_ESOFTWARE, "no key for %s", path);
		goto out;
	}
	if (keylen > 0 && sqlite3_key(db, key, (int)keylen) != SQLITE_OK) {
		kw_err_set(err, KW_ESOFTWARE, "cannot key %s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	/* SQLCipher 4.6 logs to stderr by default; that would tear the screen. */
	sqlite3_exec(db, "PRAGMA cipher_log_level = NONE", NULL, NULL, NULL);
	if (exec(db, force_temp_file ? "PRAGMA temp_store = FILE" : "PRAGMA temp_store = MEMORY",
		 "setting temp_store", err) != 0)
		goto out;
	if (query_int(db, "PRAGMA temp_store", &v) != 0 || v != (force_temp_file ? 1 : 2)) {
		kw_err_set(err, KW_ESOFTWARE,
			   "SQLite refused to keep temporary data in memory (temp_store=%lld); "
			   "refusing to run, as temporary files are not encrypted",
			   v);
		goto out;
	}
	busy_waits(db, true);
	/* The first read: a wrong key fails here, before anything is written. */
	src = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		/* The slot opened, so a key that does not fit means a mismatch or damage. */
		if ((sqlite3_errcode(db) & 0xff) == SQLITE_NOTADB)
			kw_err_set(err, KW_EDATA,
				   "%s does not open with the key in the key file: they do not "
				   "belong together, or the file is damaged",
				   path);
		else if (is_busy(db))
			busy_fail(db, err);
		else
			kw_err_set(err, KW_EIO, "cannot read %s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	if (connection_pragmas(db, "main", err) != 0 ||
	    exec(db, "PRAGMA foreign_keys = ON", "enabling foreign keys", err) != 0)
		goto out;
	if (create && chmod(path, 0600) != 0) {
		kw_err_set(err, KW_EIO, "cannot set the mode of %s: %s", path, strerror(errno));
		goto out;
	}
	*out = db;
	db = NULL;
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

/* Applies the migrations newer than the file's user_version, each in a transaction. */
static int migrate(sqlite3 *db, const char *path, const struct kw_migration *m, size_t n,
		   struct kw_err *err)
{
	long long have = 0;

	if (query_int(db, "PRAGMA user_version", &have) != 0)
		return kw_err_set(err, KW_EIO, "cannot read the schema version of %s", path);
	if (n > 0 && have > m[n - 1].version)
		return kw_err_set(err, KW_EDATA,
				  "%s was written by a newer keywork (schema %lld; this one knows "
				  "up to %d); update keywork",
				  path, have, m[n - 1].version);
	for (size_t i = 0; i < n; i++) {
		char sql[64];

		if (m[i].version <= have)
			continue;
		if (exec(db, "BEGIN IMMEDIATE", "starting a migration", err) != 0)
			return -1;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", m[i].version);
		if (exec(db, m[i].sql, m[i].name, err) != 0 ||
		    exec(db, sql, "recording the schema version", err) != 0) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			kw_err_prefix(err, path);
			return -1;
		}
		if (exec(db, "COMMIT", "committing a migration", err) != 0)
			return -1;
	}
	return 0;
}

static int meta_set(sqlite3 *db, const char *schema, const char *key, const char *value,
		    struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	char sql[128];
	int rc = -1;

	snprintf(sql, sizeof(sql),
		 "INSERT INTO %s.meta(key, value) VALUES (?1, ?2) "
		 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		 schema);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail;
	rc = 0;
	goto out;
fail:
	kw_err_set(err, KW_EIO, "cannot write meta.%s: %s", key, sqlite3_errmsg(db));
out:
	sqlite3_finalize(s);
	return rc;
}

/* Reads meta.key into buf; returns 1 if present, 0 if absent, -1 on error. */
static int meta_get(sqlite3 *db, const char *schema, const char *key, char *buf, size_t len)
{
	sqlite3_stmt *s = NULL;
	char sql[96];
	int rc = -1, step;

	snprintf(sql, sizeof(sql), "SELECT value FROM %s.meta WHERE key = ?1", schema);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = 1;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * Where she lives moves to the sensitive compartment: her borough (the
 * general clients.borough column, now retired), her housing status and her
 * borough of local connection (custom answers), and the history of all three,
 * from keywork.db to sensitive.db, in one transaction across both files. Done
 * once, the first time the sensitive compartment is attached (a drop-in
 * worker's sign-in cannot, and reads none of them meanwhile). Sensitive meta
 * 'where_she_lives' says it is done: the general meta row of that name, which
 * was the only mark before, could be deleted by someone with the general key
 * to have answers of her own moved over a woman's at the next sign-in; it
 * still counts, once, for data moved before the sensitive mark existed.
 * secure_delete overwrites what is removed.
 */
#define MOVED_FIELDS "('housing_status', 'local_connection')"
#define SQL_MOVED_MARK                                                                             \
	"INSERT INTO s.meta(key, value) VALUES ('where_she_lives', 'sensitive') ON CONFLICT(key) " \
	"DO UPDATE SET value = excluded.value;"
static const char SQL_MOVE_WHERE[] =
	"INSERT INTO s.client_details(client_id, borough, created_at, created_by, updated_at, "
	"updated_by, version, device_id) SELECT id, borough, updated_at, updated_by, updated_at, "
	"updated_by, 1, device_id FROM main.clients WHERE borough IS NOT NULL "
	"ON CONFLICT(client_id) DO UPDATE SET borough = excluded.borough;"
	"UPDATE main.clients SET borough = NULL WHERE borough IS NOT NULL;"
	"INSERT INTO s.custom_values SELECT * FROM main.custom_values WHERE field_key "
	"IN " MOVED_FIELDS " ON CONFLICT(record_id, field_key) DO NOTHING;"
	"DELETE FROM main.custom_values WHERE field_key IN " MOVED_FIELDS ";"
	"INSERT OR IGNORE INTO s.history SELECT * FROM main.history WHERE field IN " MOVED_FIELDS
	" OR (table_name = 'clients' AND field = 'borough');"
	"DELETE FROM main.history WHERE field IN " MOVED_FIELDS
	" OR (table_name = 'clients' AND field = 'borough');"
	"INSERT INTO main.meta(key, value) VALUES ('where_she_lives', 'sensitive') "
	"ON CONFLICT(key) DO UPDATE SET value = excluded.value;" SQL_MOVED_MARK;

static int move_where_she_lives(sqlite3 *db, struct kw_err *err)
{
	char done[16] = "";

	if (meta_get(db, "s", "where_she_lives", done, sizeof(done)) == 1)
		return 0;
	if (meta_get(db, "main", "where_she_lives", done, sizeof(done)) == 1 &&
	    strcmp(done, "sensitive") == 0)
		return exec(db, SQL_MOVED_MARK, "marking where she lives moved", err);
	if (exec(db, "BEGIN IMMEDIATE", "starting to move where she lives", err) != 0)
		return -1;
	if (exec(db, SQL_MOVE_WHERE, "moving where she lives to the sensitive compartment", err) !=
	    0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return exec(db, "COMMIT", "moving where she lives to the sensitive compartment", err);
}

/*
 * The sealed copy of the outreach laptop registry (sensitive 0015), made once
 * from the general rows the first time the sensitive compartment is attached
 * after that migration. Sensitive meta 'laptops_sealed' says it is done: a
 * general-only user cannot set it back, so a laptop row added later outside
 * keywork is never sealed by this.
 */
static const char SQL_SEAL_LAPTOPS[] =
	"INSERT OR IGNORE INTO s.outreach_laptops_seal(laptop_id, name, user_id, follows, "
	"received_seq, revoked_at, revoked_by, created_at, created_by) SELECT id, name, user_id, "
	"follows_caseload, received_seq, revoked_at, revoked_by, created_at, created_by FROM "
	"main.outreach_laptops;"
	"INSERT INTO s.meta(key, value) VALUES ('laptops_sealed', 'yes') "
	"ON CONFLICT(key) DO UPDATE SET value = excluded.value;";

/* Likewise each woman's keyworker (sensitive 0015), and meta 'allocation_sealed'. */
static const char SQL_SEAL_ALLOCATION[] =
	"INSERT OR IGNORE INTO s.client_allocation_seal(client_id, keyworker_id, set_at) SELECT "
	"id, keyworker_id, updated_at FROM main.clients;"
	"INSERT INTO s.meta(key, value) VALUES ('allocation_sealed', 'yes') "
	"ON CONFLICT(key) DO UPDATE SET value = excluded.value;";

/*
 * Keeps the sealed copy of each woman's keyworker as keywork writes
 * keywork.db's, whatever writes it (forms, the screens, imports, a laptop's
 * bundle, the demo): temporary triggers, this connection's own, made each
 * time the sensitive compartment is attached. A session without it (a
 * drop-in worker's) cannot allocate a woman, so it leaves nothing to keep.
 */
static const char SQL_ALLOCATION_TRIGGERS[] =
	"CREATE TEMP TRIGGER IF NOT EXISTS kw_allocation_add AFTER INSERT ON main.clients BEGIN "
	"INSERT OR REPLACE INTO client_allocation_seal(client_id, keyworker_id, set_at) VALUES "
	"(new.id, new.keyworker_id, new.updated_at); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS kw_allocation_set AFTER UPDATE OF keyworker_id ON "
	"main.clients WHEN new.keyworker_id IS NOT old.keyworker_id BEGIN INSERT OR REPLACE INTO "
	"client_allocation_seal(client_id, keyworker_id, set_at) VALUES (new.id, "
	"new.keyworker_id, new.updated_at); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS kw_allocation_gone AFTER DELETE ON main.clients BEGIN "
	"DELETE FROM client_allocation_seal WHERE client_id = old.id; END;";

/* Runs sql once, in its own transaction, unless the sensitive meta flag is set (sql sets it). */
static int seal_once(sqlite3 *db, const char *flag, const char *sql, const char *doing,
		     struct kw_err *err)
{
	char done[8] = "";

	if (meta_get(db, "s", flag, done, sizeof(done)) == 1)
		return 0;
	if (exec(db, "BEGIN IMMEDIATE", doing, err) != 0)
		return -1;
	if (exec(db, sql, doing, err) != 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return exec(db, "COMMIT", doing, err);
}

static int sealed_copies(sqlite3 *db, struct kw_err *err)
{
	long long decoy = 0;

	/*
	 * The triggers name the sealed table without its schema (SQLite's rule in
	 * a trigger's body), so a table of that name in keywork.db would take
	 * their writes: one there was put there outside keywork.
	 */
	if (query_int(db,
		      "SELECT count(*) FROM main.sqlite_master WHERE name = "
		      "'client_allocation_seal' COLLATE NOCASE",
		      &decoy) != 0 ||
	    decoy != 0)
		return kw_err_set(
			err, KW_EDATA,
			"keywork.db holds a table named client_allocation_seal, which "
			"keywork never makes there: it was changed outside keywork; ask a "
			"manager to restore a backup");
	if (seal_once(db, "laptops_sealed", SQL_SEAL_LAPTOPS, "sealing the laptop registry", err) !=
		    0 ||
	    seal_once(db, "allocation_sealed", SQL_SEAL_ALLOCATION,
		      "sealing each woman's keyworker", err) != 0)
		return -1;
	return exec(db, SQL_ALLOCATION_TRIGGERS, "keeping each woman's keyworker", err);
}

/*
 * Records a new file's identity, or checks an existing one's against the key
 * file. A file opened by the next generation's key whose meta still names
 * the one before was rekeyed just before an interruption: next says so, and
 * its meta is brought up to date.
 */
static int bind_meta(sqlite3 *db, const char *schema, const char *path, const char *compartment,
		     const char *key_id, unsigned long generation, bool create, bool next,
		     struct kw_err *err)
{
	char have_id[64], have_gen[32], have_comp[32], gen[32];

	snprintf(gen, sizeof(gen), "%lu", generation);
	if (create) {
		char now[21];

		kw_now_iso(now);
		if (meta_set(db, schema, "compartment", compartment, err) != 0 ||
		    meta_set(db, schema, "key_id", key_id, err) != 0 ||
		    meta_set(db, schema, "generation", gen, err) != 0 ||
		    meta_set(db, schema, "created_at", now, err) != 0)
			return -1;
		return 0;
	}
	if (meta_get(db, schema, "compartment", have_comp, sizeof(have_comp)) != 1 ||
	    meta_get(db, schema, "key_id", have_id, sizeof(have_id)) != 1 ||
	    meta_get(db, schema, "generation", have_gen, sizeof(have_gen)) != 1)
		return kw_err_set(err, KW_EDATA, "%s has lost its identity (meta table damaged)",
				  path);
	if (strcmp(have_comp, compartment) != 0)
		return kw_err_set(err, KW_EDATA, "%s holds the %s compartment, not the %s one",
				  path, have_comp, compartment);
	if (strcmp(have_id, key_id) != 0)
		return kw_err_set(err, KW_EDATA,
				  "%s does not belong with this key file (key id %s, the key file "
				  "says %s)",
				  path, have_id, key_id);
	if (next && strtoul(have_gen, NULL, 10) + 1 == generation)
		return meta_set(db, schema, "generation", gen, err);
	if (strcmp(have_gen, gen) != 0)
		return kw_err_set(err, KW_EDATA,
				  "%s is at key generation %s but the key file is at %s", path,
				  have_gen, gen);
	return 0;
}

/* True if path's rollback journal holds something (a write was interrupted). */
static bool journal_hot(const char *path)
{
	struct kw_buf j = { 0 };
	struct stat st;
	bool hot;

	kw_buf_printf(&j, "%s-journal", path);
	hot = stat(j.p, &st) == 0 && st.st_size > 0;
	kw_buf_free(&j);
	return hot;
}

/*
 * Opens path with key, or, during a change of keys, with whichever of key
 * and next opens it (*used_next says which). A file with an interrupted
 * write is tried with the current key first: its journal rolls it back to
 * the pages written under that key.
 */
static int open_either(const char *path, const char *key, size_t keylen, const char *next,
		       size_t nextlen, bool create, sqlite3 **out, bool *used_next,
		       struct kw_err *err)
{
	bool next_first = !journal_hot(path);

	*used_next = false;
	if (next == NULL)
		return open_file(path, key, keylen, create, out, err);
	*used_next = next_first;
	if (open_file(path, next_first ? next : key, next_first ? nextlen : keylen, create, out,
		      err) == 0)
		return 0;
	if (err->status != KW_EDATA)
		return -1;
	*used_next = !next_first;
	return open_file(path, next_first ? key : next, next_first ? keylen : nextlen, create, out,
			 err);
}

static int create_files_ok(const char *dir, struct kw_err *err)
{
	struct stat stbuf;

	if (stat(dir, &stbuf) != 0)
		return kw_err_set(err, KW_ENOINPUT, "no directory %s", dir);
	return 0;
}

static bool allow_changed;

/*
 * Guards keywork.db's triggers and views (kw_db_schema_guard) and remembers
 * the schema's version, so a transaction begun later sees whether anyone
 * has changed it since. Fails (KW_EDATA) while any is not keywork's, unless
 * allowed.
 */
static int schema_ours(struct kw_store *st, struct kw_err *err)
{
	char first[512];
	int n = kw_db_schema_guard(st, first, sizeof(first), err);

	if (n < 0)
		return -1;
	if (n > 0 && !allow_changed) {
		st->schema_version = -1; /* not guarded: the next transaction asks again */
		return kw_err_set(err, KW_EDATA,
				  "keywork.db's triggers or views were changed outside keywork "
				  "(%d; the first: %s); keywork does not open it, nor write to it, "
				  "until a manager runs keywork check --repair",
				  n, first);
	}
	return 0;
}

/*
 * At the start of a transaction, with the write lock held: if keywork.db's
 * schema changed since it was last guarded (someone with the general key
 * added a trigger while this session was open), guard it again before
 * anything is written. Its version is in the file's header: no cost when
 * nothing changed.
 */
static int schema_unchanged(struct kw_store *st, struct kw_err *err)
{
	long long v = 0;

	if (query_int(st->db, "PRAGMA main.schema_version", &v) != 0)
		return kw_db_fail(st, "reading the schema's version", err);
	if (v == st->schema_version)
		return 0;
	return schema_ours(st, err);
}

void kw_store_allow_changed_schema(bool allow)
{
	allow_changed = allow;
}

bool kw_store_triggers_off(const struct kw_store *st)
{
	return st->triggers_off;
}

/*
 * Whether a write may be committed. The schema is guarded with the write lock held when a
 * transaction begins (kw_store_begin), so every write is made in one and committed by
 * kw_store_commit: a statement run with none (autocommit, or after SQLite itself ended the
 * transaction on an error) would fire a trigger added since the last guard, and is rolled
 * back instead of committed. raw_write marks the few writes that are not rows of keywork's
 * tables: a bundle's own file, a change of key's pages, the notes index's check command, a
 * plaintext copy for the benchmark, and the raw queries of tests.
 */
static int on_commit(void *ctx)
{
	const struct kw_store *st = ctx;

	return !st->committing && !st->raw_write;
}

int kw_store_open(const char *dir, const struct kw_store_keys *keys, const char *key_id,
		  unsigned long generation, int flags, struct kw_store **out, struct kw_err *err)
{
	static const char *const files[] = { KW_GENERAL_DB, KW_SENSITIVE_DB, KW_KEY_FILE,
					     KW_STATE_FILE };
	bool create = (flags & KW_STORE_CREATE) != 0;
	char *gpath = kw_path_join(dir, KW_GENERAL_DB);
	char *spath = kw_path_join(dir, KW_SENSITIVE_DB);
	struct kw_store *st = NULL;
	sqlite3 *sdb = NULL;
	sqlite3_stmt *att = NULL;
	char version[64];
	bool gnext = false, snext = false;
	const char *skey = keys->sensitive;
	size_t skeylen = keys->sensitive_len;
	int rc = -1;

	if (kw_db_cipher_version(version, sizeof(version), err) != 0)
		goto out;
	/* Journals and super-journals take their mode from the umask: keep them private. */
	umask(umask(0) | 077);
	if (create ? create_files_ok(dir, err) != 0
		   : kw_check_private(dir, files, KW_ARRAY_LEN(files), err) != 0)
		goto out;
	if (create && keys->sensitive == NULL) {
		kw_err_set(err, KW_ESOFTWARE, "a new data directory needs both keys");
		goto out;
	}
	st = kw_xcalloc(1, sizeof(*st));
	st->dir = kw_xstrdup(dir);

	/* The sensitive file first, alone: open sequence, migrations, identity. */
	if (keys->sensitive != NULL) {
		if (open_either(spath, keys->sensitive, keys->sensitive_len, keys->next_sensitive,
				keys->next_sensitive_len, create, &sdb, &snext, err) != 0 ||
		    migrate(sdb, spath, kw_sensitive_migrations, kw_sensitive_migrations_count,
			    err) != 0 ||
		    bind_meta(sdb, "main", spath, "sensitive", key_id, generation + snext, create,
			      snext, err) != 0)
			goto out;
		if (snext) {
			skey = keys->next_sensitive;
			skeylen = keys->next_sensitive_len;
		}
		sqlite3_close(sdb);
		sdb = NULL;
	}

	if (open_either(gpath, keys->general, keys->general_len, keys->next_general,
			keys->next_general_len, create, &st->db, &gnext, err) != 0 ||
	    migrate(st->db, gpath, kw_general_migrations, kw_general_migrations_count, err) != 0 ||
	    bind_meta(st->db, "main", gpath, "general", key_id, generation + gnext, create, gnext,
		      err) != 0)
		goto out;
	st->generation[0] = generation + gnext;
	st->generation[1] = keys->sensitive != NULL ? generation + snext : 0;
	/* Before anything is written: no trigger that is not keywork's may fire. */
	if (schema_ours(st, err) != 0)
		goto out;
	if (create) {
		kw_uuid(st->device_id);
		if (meta_set(st->db, "main", "device_id", st->device_id, err) != 0)
			goto out;
	} else if (meta_get(st->db, "main", "device_id", st->device_id, sizeof(st->device_id)) !=
		   1) {
		kw_err_set(err, KW_EDATA, "%s has no device id (meta table damaged)", gpath);
		goto out;
	}

	if (keys->sensitive != NULL) {
		/* The key is bound as a parameter, never written into SQL text. */
		if (sqlite3_prepare_v2(st->db, "ATTACH DATABASE ?1 AS s KEY ?2", -1, &att, NULL) !=
		    SQLITE_OK) {
			kw_db_fail(st, "preparing to attach the sensitive compartment", err);
			goto out;
		}
		sqlite3_bind_text(att, 1, spath, -1, SQLITE_STATIC);
		sqlite3_bind_text(att, 2, skey, (int)skeylen, SQLITE_STATIC);
		if (sqlite3_step(att) != SQLITE_DONE) {
			kw_db_fail(st, "attaching the sensitive compartment", err);
			goto out;
		}
		if (exec(st->db, "SELECT count(*) FROM s.sqlite_master",
			 "reading the sensitive compartment", err) != 0 ||
		    connection_pragmas(st->db, "s", err) != 0 ||
		    move_where_she_lives(st->db, err) != 0 || sealed_copies(st->db, err) != 0)
			goto out;
		st->sensitive = true;
	}
	sqlite3_commit_hook(st->db, on_commit, st);
	*out = st;
	st = NULL;
	rc = 0;
out:
	sqlite3_finalize(att);
	sqlite3_close(sdb);
	kw_store_close(&st);
	free(gpath);
	free(spath);
	return rc;
}

void kw_store_close(struct kw_store **stp)
{
	struct kw_store *st;

	if (stp == NULL || *stp == NULL)
		return;
	st = *stp;
	if (st->noted)
		kw_busy_note_drop(st->dir);
	for (size_t i = 0; i < KW_STMT_CACHE; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st->dir);
	free(st->hidden);
	memset(st, 0, sizeof(*st));
	free(st);
	*stp = NULL;
}

bool kw_store_has_sensitive(const struct kw_store *st)
{
	return st->sensitive;
}

const char *kw_store_device_id(const struct kw_store *st)
{
	return st->device_id;
}

void kw_store_set_actor(struct kw_store *st, const char *user_id, enum kw_role role,
			const struct kw_signer *signer)
{
	snprintf(st->actor_id, sizeof(st->actor_id), "%s", user_id != NULL ? user_id : "");
	st->role = user_id != NULL ? role : KW_ROLE_NONE;
	st->has_signer = signer != NULL;
	if (signer != NULL)
		st->signer = *signer;
}

static void cache_kib(struct kw_store *st, int kib)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA main.cache_size = -%d", kib);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (st->sensitive) {
		snprintf(sql, sizeof(sql), "PRAGMA s.cache_size = -%d", kib);
		sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	}
}

void kw_store_bulk_cache(struct kw_store *st, bool bulk)
{
	cache_kib(st, bulk ? KW_BULK_CACHE_KIB : st->cache_kib > 0 ? st->cache_kib : KW_CACHE_KIB);
}

void kw_store_wide_cache(struct kw_store *st)
{
	if (st->cache_kib == KW_WIDE_CACHE_KIB)
		return;
	st->cache_kib = KW_WIDE_CACHE_KIB;
	cache_kib(st, KW_WIDE_CACHE_KIB);
}

int kw_store_begin(struct kw_store *st, struct kw_err *err)
{
	/* Nested: a savepoint, so that a step rolled back undoes that step alone. */
	if (st->depth > 0) {
		if (sqlite3_exec(st->db, "SAVEPOINT kw_nested", NULL, NULL, NULL) != SQLITE_OK)
			return kw_db_fail(st, "starting a step of a transaction", err);
		st->depth++;
		return 0;
	}
	st->depth++;
	st->aborted = false;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		st->depth = 0;
		return kw_db_fail(st, "starting a transaction", err);
	}
	if (schema_unchanged(st, err) != 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		st->depth = 0;
		return -1;
	}
	return 0;
}

int kw_store_begin_long(struct kw_store *st, const char *who, const char *what, struct kw_err *err)
{
	bool outer = st->depth == 0;

	if (kw_store_begin(st, err) != 0)
		return -1;
	if (outer) {
		kw_busy_note_put(st->dir, who, what);
		st->noted = true;
	}
	return 0;
}

/* The outermost transaction has ended: our busy note, if any, goes. */
static void unnote(struct kw_store *st)
{
	if (st->noted)
		kw_busy_note_drop(st->dir);
	st->noted = false;
}

int kw_store_try_begin(struct kw_store *st, struct kw_err *err)
{
	int rc;

	if (st->depth > 0)
		return kw_err_set(err, KW_ESOFTWARE, "a transaction is already open");
	busy_waits(st->db, false);
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	busy_waits(st->db, true);
	if ((rc & 0xff) == SQLITE_BUSY)
		return 0;
	if (rc != SQLITE_OK)
		return kw_db_fail(st, "starting a transaction", err);
	if (schema_unchanged(st, err) != 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	st->depth = 1;
	st->aborted = false;
	return 1;
}

int kw_store_commit(struct kw_store *st, struct kw_err *err)
{
	int rc;

	if (st->depth == 0) {
		/* A nested step rolled the whole transaction back: nothing was saved. */
		if (st->aborted) {
			st->aborted = false;
			return kw_err_set(err, KW_ESOFTWARE,
					  "the change was rolled back part-way; nothing was saved");
		}
		return 0;
	}
	if (--st->depth > 0) {
		if (sqlite3_exec(st->db, "RELEASE kw_nested", NULL, NULL, NULL) != SQLITE_OK) {
			kw_db_fail(st, "ending a step of a transaction", err);
			kw_store_rollback(st);
			return -1;
		}
		return 0;
	}
	/* A nested step rolled back and not handled: nothing is saved, and that is said. */
	if (st->aborted) {
		st->aborted = false;
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		unnote(st);
		return kw_err_set(err, KW_ESOFTWARE,
				  "the change was rolled back part-way; nothing was saved");
	}
	st->committing = true;
	rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	st->committing = false;
	if (rc != SQLITE_OK) {
		kw_db_fail(st, "saving", err);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		unnote(st);
		return -1;
	}
	unnote(st);
	return 0;
}

void kw_store_rollback(struct kw_store *st)
{
	if (st->depth == 0)
		return;
	/*
	 * A nested step undoes itself alone; the outer commit then fails, rather
	 * than report a save that did not all happen, unless the caller handled
	 * the step (kw_store_step_handled).
	 */
	if (st->depth > 1 && !sqlite3_get_autocommit(st->db)) {
		sqlite3_exec(st->db, "ROLLBACK TO kw_nested", NULL, NULL, NULL);
		sqlite3_exec(st->db, "RELEASE kw_nested", NULL, NULL, NULL);
		st->depth--;
		st->aborted = true;
		return;
	}
	/* SQLite ended the transaction itself (a full disk, say): nothing of it is left. */
	st->aborted = st->depth > 1;
	st->depth = 0;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	unnote(st);
}

void kw_store_step_handled(struct kw_store *st)
{
	/* Only while the outer transaction is still open: one SQLite ended stays failed. */
	if (st->depth > 0)
		st->aborted = false;
}

sqlite3_stmt *kw_stmt(struct kw_store *st, const char *sql, struct kw_err *err)
{
	size_t i, slot = KW_STMT_CACHE;

	for (i = 0; i < KW_STMT_CACHE && st->cache[i].sql != NULL; i++) {
		if (st->cache[i].sql == sql) {
			st->cache[i].used = ++st->stmt_clock;
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	}
	if (i < KW_STMT_CACHE) {
		slot = i;
	} else {
		/*
		 * Full (a long session goes through more kinds of query than it keeps): the
		 * one asked for least lately makes room, unless it is being read now (a caller
		 * stepping two statements together).
		 */
		for (i = 0; i < KW_STMT_CACHE; i++)
			if (!sqlite3_stmt_busy(st->cache[i].stmt) &&
			    (slot == KW_STMT_CACHE || st->cache[i].used < st->cache[slot].used))
				slot = i;
		if (slot == KW_STMT_CACHE) {
			kw_err_set(err, KW_ESOFTWARE, "every kept query is being read");
			return NULL;
		}
		sqlite3_finalize(st->cache[slot].stmt);
		st->cache[slot].sql = NULL;
		st->cache[slot].stmt = NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->cache[slot].stmt,
			       NULL) != SQLITE_OK) {
		/* An empty slot in the middle would hide the ones after it from the search. */
		st->cache[slot].stmt = NULL;
		if (slot + 1 < KW_STMT_CACHE && st->cache[slot + 1].sql != NULL)
			st->cache[slot].sql = "";
		kw_db_fail(st, "preparing a query", err);
		return NULL;
	}
	st->cache[slot].sql = sql;
	st->cache[slot].used = ++st->stmt_clock;
	return st->cache[slot].stmt;
}

int kw_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v != NULL ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT)
			 : sqlite3_bind_null(s, i);
}

char *kw_col_strdup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? kw_xstrdup((const char *)t) : NULL;
}

void kw_col_copy(sqlite3_stmt *s, int i, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(buf, len, "%s", t != NULL ? (const char *)t : "");
}

void kw_meta_new(struct kw_store *st, struct kw_rowmeta *m)
{
	if (m->id[0] == '\0')
		kw_uuid(m->id);
	kw_now_iso(m->created_at);
	memcpy(m->updated_at, m->created_at, sizeof(m->updated_at));
	snprintf(m->created_by, sizeof(m->created_by), "%s", st->actor_id);
	snprintf(m->updated_by, sizeof(m->updated_by), "%s", st->actor_id);
	m->version = 1;
}

void kw_db_keep_next_id(struct kw_store *st, const char *id, const char *reference)
{
	snprintf(st->keep_id, sizeof(st->keep_id), "%s", id != NULL ? id : "");
	snprintf(st->keep_ref, sizeof(st->keep_ref), "%s", reference != NULL ? reference : "");
}

unsigned long kw_store_generation(const struct kw_store *st, bool sensitive)
{
	return st->generation[sensitive ? 1 : 0];
}

/*
 * The progress of a file's change of key. SQLCipher rewrites every page in
 * one call that reports nothing, but each page goes into the rollback
 * journal (its old bytes) before it is rewritten: a thread reads how long
 * the journal is, every tenth of a second, against the file's pages.
 */
struct rekey_progress {
	const struct kw_watch *watch;
	char what[64];
	char *journal;
	long long pages, page_size;
	atomic_int done;
};

static void *rekey_poll(void *arg)
{
	struct rekey_progress *p = arg;
	const struct timespec tick = { 0, 100000000 };

	while (!atomic_load(&p->done)) {
		struct stat sb;

		if (stat(p->journal, &sb) == 0 && p->page_size > 0) {
			/* Each page in the journal: its number, its bytes and a checksum. */
			long long n = (long long)sb.st_size / (p->page_size + 8);

			kw_watch_tell(p->watch, p->what, "pages", (unsigned long long)n, n,
				      p->pages);
		}
		nanosleep(&tick, NULL);
	}
	return NULL;
}

static long long pragma_int(sqlite3 *db, const char *schema, const char *name)
{
	char sql[64];
	long long v = 0;

	snprintf(sql, sizeof(sql), "PRAGMA %s.%s", schema, name);
	return query_int(db, sql, &v) == 0 ? v : 0;
}

int kw_store_rekey(struct kw_store *st, bool sensitive, const char *key, size_t keylen,
		   unsigned long generation, struct kw_err *err)
{
	const char *schema = sensitive ? "s" : "main";
	char gen[32];
	struct rekey_progress p = { kw_watch_current(), "", NULL, 0, 0, 0 };
	pthread_t poller;
	bool polling = false;
	int rc;

	if (sensitive && !st->sensitive)
		return kw_err_set(err, KW_ESOFTWARE, "the sensitive compartment is not open");
	if (p.watch != NULL && p.watch->progress != NULL) {
		const char *file = sqlite3_db_filename(st->db, schema);
		const char *base = file != NULL ? strrchr(file, '/') : NULL;

		snprintf(p.what, sizeof(p.what), "re-encrypting %s",
			 base != NULL ? base + 1 : (file != NULL ? file : schema));
		p.pages = pragma_int(st->db, schema, "page_count");
		p.page_size = pragma_int(st->db, schema, "page_size");
		if (file != NULL) {
			size_t n = strlen(file) + sizeof("-journal");

			p.journal = malloc(n);
			if (p.journal != NULL) {
				snprintf(p.journal, n, "%s-journal", file);
				kw_watch_tell(p.watch, p.what, "pages", 0, 0, p.pages);
				polling = pthread_create(&poller, NULL, rekey_poll, &p) == 0;
			}
		}
	}
	/* SQLCipher rewrites every page in one journaled transaction: pages, not rows. */
	st->raw_write = true;
	rc = sqlite3_rekey_v2(st->db, schema, key, (int)keylen);
	st->raw_write = false;
	if (polling) {
		atomic_store(&p.done, 1);
		pthread_join(poller, NULL);
	}
	free(p.journal);
	if (rc != SQLITE_OK)
		return kw_db_fail(st, "changing the key of a compartment", err);
	kw_watch_tell(p.watch, p.what, "pages", (unsigned long long)p.pages, p.pages, p.pages);
	snprintf(gen, sizeof(gen), "%lu", generation);
	if (kw_store_begin(st, err) != 0)
		return -1;
	if (meta_set(st->db, schema, "generation", gen, err) != 0) {
		kw_store_rollback(st);
		return -1;
	}
	if (kw_store_commit(st, err) != 0)
		return -1;
	st->generation[sensitive ? 1 : 0] = generation;
	return 0;
}
