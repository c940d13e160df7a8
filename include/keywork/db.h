/*
 * db.h: the store. The only place SQL runs: both compartments, migrations,
 * records, history and the audit trail. Statements are prepared once and
 * cached; user text is only ever bound, never assembled into SQL.
 */
#ifndef KEYWORK_DB_H
#define KEYWORK_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/err.h"
#include "keywork/model.h"
#include "keywork/report.h"

#define KW_GENERAL_DB "keywork.db"
#define KW_SENSITIVE_DB "sensitive.db"
#define KW_KEY_FILE "keywork.keys"
#define KW_STATE_FILE "unlock.state"
/* The note a long write leaves while it holds the data (busy.c). */
#define KW_BUSY_FILE "keywork.busy"

struct kw_store;

/*
 * SQLite's page cache per compartment, in KiB. Pages read from an encrypted
 * file are decrypted and checked on every read that misses the cache, so a
 * cache that holds a caseload's working set matters: tests/bench_ui measured
 * Today for 50 women (20,000 on file) at 9.4 ms p50 with SQLite's default
 * 2 MiB (KW_BENCH_CACHE_KB=2000) and 0.85 ms with 16 MiB, and the screens'
 * peak memory at 43 MB, within the 64 MB target.
 */
#define KW_CACHE_KIB 16384

/* Signs audit rows on behalf of the signed-in user; the store never sees her key. */
struct kw_signer {
	void *ctx;
	void (*sign)(void *ctx, const void *msg, size_t len, unsigned char sig[64]);
	unsigned char pk[32];
};

/* Keys as SQLCipher takes them ("x'…'"), borrowed for the length of kw_store_open. */
struct kw_store_keys {
	const char *general;
	size_t general_len;
	const char *sensitive; /* NULL: the sensitive compartment stays closed */
	size_t sensitive_len;
	/* During a change of keys, the next generation's keys (else NULL). */
	const char *next_general;
	size_t next_general_len;
	const char *next_sensitive;
	size_t next_sensitive_len;
};

enum {
	KW_STORE_CREATE = 1 /* create both files (the directory must exist) */
};

/*
 * Opens the data directory dir with keys: checks permissions, runs the open
 * sequence on each file (key, cipher_log_level NONE, temp_store MEMORY
 * asserted, journal TRUNCATE, foreign keys, secure_delete, busy timeout, a
 * read that fails on a wrong key) and applies migrations; ATTACHes
 * sensitive.db only when its key is given. key_id and generation must match
 * what the databases recorded (they are recorded at creation). On success
 * *out owns the store. A key that does not open a file (a key file from elsewhere, or damage): KW_EDATA.
 */
int kw_store_open(const char *dir, const struct kw_store_keys *keys, const char *key_id,
		  unsigned long generation, int flags, struct kw_store **out, struct kw_err *err);
/*
 * kw_store_open refuses (KW_EDATA, naming the first) a keywork.db whose
 * triggers or views are missing, changed or added outside keywork: a trigger
 * someone added acts on every write, before anything could warn. Allowed
 * (for keywork check, which reports and mends them), the store opens with
 * every trigger of its connection off until kw_db_schema_repair has made them
 * keywork's again. Process-wide; off by default.
 */
void kw_store_allow_changed_schema(bool allow);
/* Whether the store's triggers are off because keywork.db's are not keywork's. */
bool kw_store_triggers_off(const struct kw_store *st);
/*
 * Counts keywork.db's triggers and views that are missing, changed or added
 * outside keywork (by the type sqlite_schema gives, or by what its SQL
 * makes), putting the first in words in first (which may be NULL). With
 * any, the store's triggers are turned off (SQLITE_DBCONFIG_ENABLE_TRIGGER);
 * with none, on. kw_store_open runs it before anything is written, a
 * schema repair after it commits. Returns the count, or -1.
 */
int kw_db_schema_guard(struct kw_store *st, char *first, size_t len, struct kw_err *err);
/*
 * The key generation a compartment file is at: the key file's generation,
 * or the one after it when an interrupted change of keys had reached it.
 */
unsigned long kw_store_generation(const struct kw_store *st, bool sensitive);

/*
 * Re-encrypts a compartment (sensitive or general) under key (SQL form) and
 * records generation in it. Crash-safe: SQLCipher rewrites the pages in one
 * journaled transaction, and an interrupted rekey opens with either key.
 * The watch of the operation under way (kw_watch_current) is told the pages
 * rewritten, by a thread that reads the length of the rollback journal.
 */
int kw_store_rekey(struct kw_store *st, bool sensitive, const char *key, size_t keylen,
		   unsigned long generation, struct kw_err *err);

/* Closes both compartments and frees *st, setting it to NULL. */
void kw_store_close(struct kw_store **st);

/* True if the sensitive compartment is open. */
bool kw_store_has_sensitive(const struct kw_store *st);
/*
 * While bulk (an import writing rows with random ids all over each index), a
 * page cache of up to KW_BULK_CACHE_KIB per compartment (1 GiB, taken only as
 * pages are read, so a small import stays small); KW_CACHE_KIB again after.
 */
#define KW_BULK_CACHE_KIB 1048576
void kw_store_bulk_cache(struct kw_store *st, bool bulk);
/*
 * From now until the store is closed, a page cache of up to KW_WIDE_CACHE_KIB
 * per compartment (taken only as pages are read): for a manager's screens
 * over the whole team, which read index ranges across every woman. With
 * KW_CACHE_KIB those pages pushed each other out, and every visit read and
 * decrypted them again: tests/bench_team at 200,000 women measured the team
 * screen at 49.6 / 55.3 ms (p50 / p95) with 16 MiB and 22.1 / 24.9 ms with
 * 64 MiB, the process's peak memory 71 MB and 81 MB.
 */
#define KW_WIDE_CACHE_KIB 65536
void kw_store_wide_cache(struct kw_store *st);
/* The device id of this data directory. */
const char *kw_store_device_id(const struct kw_store *st);

/* Sets who is acting (user id, may be NULL before the first user) and her signer. */
void kw_store_set_actor(struct kw_store *st, const char *user_id, enum kw_role role,
			const struct kw_signer *signer);

/*
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK across both compartments. They nest:
 * the outermost pair is the transaction, an inner pair a savepoint. A
 * rollback inside undoes that inner step alone, and the outer commit then
 * fails (rolling everything back) rather than report a save that did not all
 * happen, unless the caller dealt with the step (kw_store_step_handled).
 */
int kw_store_begin(struct kw_store *st, struct kw_err *err);
int kw_store_commit(struct kw_store *st, struct kw_err *err);
void kw_store_rollback(struct kw_store *st);
/*
 * For a caller that goes on after a nested step it called failed and was
 * rolled back (a record from an outreach bundle refused and left in it):
 * the outer transaction may commit what else it did. (Not when SQLite ended
 * the transaction itself: then the outer commit still fails.)
 */
void kw_store_step_handled(struct kw_store *st);
/*
 * kw_store_begin without waiting: returns 1 with the write lock held (end it
 * with kw_store_commit or kw_store_rollback), 0 if another process holds it
 * now, or -1 with err set. Not inside another transaction.
 */
int kw_store_try_begin(struct kw_store *st, struct kw_err *err);
/*
 * kw_store_begin for a write that may take a while (an import, a change of
 * keys): while the outermost transaction is open, a note in the data
 * directory says that who is doing what (e.g. "importing women") since
 * now, so that anyone who finds the data busy meanwhile is told so.
 */
int kw_store_begin_long(struct kw_store *st, const char *who, const char *what, struct kw_err *err);

/* The SQLCipher version string, and whether it is at least 4.5. */
int kw_db_cipher_version(char *buf, size_t len, struct kw_err *err);

/*
 * The next record a form save creates (kw_db_form_save) takes id, and a woman
 * also reference ("" for a new one), instead of new ones: a record that came
 * from an outreach laptop keeps its identity. Used once, then forgotten.
 */
void kw_db_keep_next_id(struct kw_store *st, const char *id, const char *reference);

/* --- users --- */

/* Adds a user with her first signing key; fills out->meta.id. KW_EUSAGE if the name is taken. */
int kw_db_user_add(struct kw_store *st, const char *username, enum kw_role role,
		   const unsigned char sign_pk[32], struct kw_user *out, struct kw_err *err);
/* Finds a user by name. Returns 1 if found, 0 if not, -1 on error. */
int kw_db_user_find(struct kw_store *st, const char *username, struct kw_user *out,
		    struct kw_err *err);
/* Records a new signing key for a user (after a passphrase reset). */
int kw_db_user_add_key(struct kw_store *st, const char *user_id, const unsigned char sign_pk[32],
		       struct kw_err *err);
/* Marks a user disabled (or not), with history. */
int kw_db_user_set_disabled(struct kw_store *st, const char *user_id, bool disabled,
			    struct kw_err *err);
/* Calls fn for every user, by name. */
/* The user with id id: 1, 0 if none, -1. */
int kw_db_user_get(struct kw_store *st, const char *id, struct kw_user *out, struct kw_err *err);
/*
 * With the sensitive compartment: whose signing key sign_pk is, as the
 * protected register records it (her id and name): 1, 0 if none, -1.
 */
int kw_db_register_key_owner(struct kw_store *st, const unsigned char sign_pk[32], char id[37],
			     char username[33], struct kw_err *err);
/* Calls fn for each users row whose name differs from the register's for its id. */
int kw_db_users_misnamed_each(struct kw_store *st,
			      int (*fn)(void *ctx, const char *id, const char *row_name,
					const char *register_name),
			      void *ctx, struct kw_err *err);
/* In the caller's transaction: each such row given the register's name; *n how many. */
int kw_db_users_rename_from_register(struct kw_store *st, long *n, struct kw_err *err);
int kw_db_user_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_user *u), void *ctx,
		    struct kw_err *err);

/* --- clients --- */

/*
 * Adds a woman. c->meta and c->reference are filled in (a new random
 * reference unless one is set). Strings may be NULL ("not asked yet").
 */
int kw_db_client_add(struct kw_store *st, struct kw_client *c, struct kw_err *err);
/* Reads a woman by id or reference. Returns 1 if found, 0 if not, -1 on error. */
int kw_db_client_get(struct kw_store *st, const char *id_or_ref, struct kw_client *out,
		     struct kw_err *err);
/*
 * Saves c over the stored record if nobody changed it since c->meta.version;
 * otherwise refuses (KW_EDATA) naming who changed it and when, and changes
 * nothing. Writes a history row per changed field. On success c->meta is
 * updated to the new version.
 */
int kw_db_client_update(struct kw_store *st, struct kw_client *c, struct kw_err *err);
/* Calls fn for every woman in reference order; fn returns non-zero to stop. */
int kw_db_client_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_client *c),
		      void *ctx, struct kw_err *err);
/* Number of women recorded. */
long kw_db_client_count(struct kw_store *st, struct kw_err *err);

/* --- contacts (general compartment) --- */

int kw_db_contact_add(struct kw_store *st, struct kw_contact *c, struct kw_err *err);
/* Every contact, by her reference, then time, then the order saved (so an export is stable). */
int kw_db_contact_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_contact *c),
		       void *ctx, struct kw_err *err);

/* --- notes (sensitive compartment; KW_ENOPERM when it is closed) --- */

int kw_db_note_add(struct kw_store *st, struct kw_note *n, struct kw_err *err);
/* Every note she may read, in the same order as kw_db_contact_each. */
int kw_db_note_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_note *n), void *ctx,
		    struct kw_err *err);
/* The note with this id, to fn, if there is one the signed-in user may read; 0 or -1. */
int kw_db_note_get(struct kw_store *st, const char *id,
		   int (*fn)(void *ctx, const struct kw_note *n), void *ctx, struct kw_err *err);
/*
 * Full-text search of the notes the signed-in user may read (one woman's when
 * client_id is not NULL); fn gets each match, newest written first, at most
 * limit. The query is matched as one phrase. (Newest first, not by rank:
 * ranking scores every match before the limit, which on a centre's 300,000
 * notes is far too slow to type into.)
 */
int kw_db_note_search(struct kw_store *st, const char *query, const char *client_id, int limit,
		      int (*fn)(void *ctx, const struct kw_note *n), void *ctx, struct kw_err *err);

/* --- history of changes --- */

/* One recorded change of one field (a history row); strings are borrowed for the callback. */
struct kw_change {
	const char *table; /* e.g. "clients" */
	const char *record_id;
	const char *field;
	const char *old_value; /* NULL: was not asked yet */
	const char *new_value; /* NULL: cleared */
	const char *at;	       /* when (ISO-8601 UTC) */
	const char *by;	       /* user id of who changed it */
};

/*
 * Calls fn for each change recorded for record_id, oldest first: the general
 * compartment's history, then the sensitive one's if it is open. fn returns
 * non-zero to stop. Read-only: for showing a record's past values (the
 * tests use it to see what a save recorded).
 */
int kw_db_history_each(struct kw_store *st, const char *record_id,
		       int (*fn)(void *ctx, const struct kw_change *c), void *ctx,
		       struct kw_err *err);

/* --- audit --- */

/*
 * Appends a signed audit row: action (e.g. "login", "export"), the woman it
 * concerns (client id or NULL) and a short detail. Needs a signer.
 */
int kw_db_audit(struct kw_store *st, const char *action, const char *client_id, const char *detail,
		struct kw_err *err);

/* --- reports (report.c) --- */

/*
 * Counts every table of report r for the period from..to ("YYYY-MM-DD",
 * both days in), in one statement: fills out[0..r->ntables-1] (an array the
 * caller owns) with raw figures, keyed by answer (":unknown", ":declined",
 * ":not_asked" for the three ways of having none; an age band's lower bound
 * for bands), and their totals. No figure is suppressed here. A report that
 * reads the sensitive compartment is refused without its key. On failure
 * out's rows may be partly filled: the caller frees them.
 */
int kw_db_report_run(struct kw_store *st, const struct kw_report_spec *r, const char *from,
		     const char *to, struct kw_rtable_result *out, struct kw_err *err);

/* --- snapshots (backup.c) --- */

/* Called with each piece of a compartment file's raw (encrypted) bytes, in order. */
typedef int (*kw_chunk_fn)(void *ctx, const void *data, size_t len, struct kw_err *err);

/*
 * Takes a consistent snapshot of the open compartments: inside one read
 * transaction over both files (so no commit can land between them), sends
 * each file's raw encrypted bytes to fn: the general file first, then the
 * sensitive one if open, each preceded by a call of file(ctx, name, size). Also reports the audit chain head (the
 * newest row's sequence number and hash) in *head_seq / head_hash.
 */
int kw_db_snapshot(struct kw_store *st,
		   int (*file)(void *ctx, const char *name, long long size, struct kw_err *err),
		   kw_chunk_fn fn, void *ctx, long long *head_seq, unsigned char head_hash[32],
		   struct kw_err *err);

/* The audit chain head: newest sequence number (0 if none) and its hash. */
int kw_db_audit_head(struct kw_store *st, long long *seq, unsigned char hash[32],
		     struct kw_err *err);

/* --- check --- */

/* The anchored head's row number into *seq: 1 if there is one, 0 if none, -1 on error. */
int kw_db_audit_anchored(struct kw_store *st, long long *seq, struct kw_err *err);

/* --- the protected register (trust.c; the sensitive compartment must be open) --- */

/* Reads s.meta key into *out (malloc'd): 1 if there, 0 if not, -1 on error. */
int kw_db_trust_get(struct kw_store *st, const char *key, char **out, struct kw_err *err);
/* Writes s.meta key (inside the caller's transaction, if any). */
int kw_db_trust_set(struct kw_store *st, const char *key, const char *value, struct kw_err *err);
/* Copies every signing key the general compartment lists into the register (adoption). */
int kw_db_trust_adopt_keys(struct kw_store *st, struct kw_err *err);
/* The number of signing keys in the register. */
int kw_db_trust_key_count(struct kw_store *st, long long *n, struct kw_err *err);

/* Called by kw_db_check for each problem found, in plain words. */
typedef void (*kw_problem_fn)(void *ctx, const char *what);

/*
 * Verifies both compartments (their schema against the migrations',
 * integrity_check, foreign_key_check, schema versions, the key id and
 * generation each records, orphaned sensitive rows, each woman's contact
 * state against her episodes and contacts) and the
 * audit chain (sequence, hashes, signatures by a key of the actor).
 * Reports each problem through fn (which may be NULL). Returns the number of problems, or -1 if
 * the check itself could not run.
 */
int kw_db_check(struct kw_store *st, kw_problem_fn fn, void *ctx, struct kw_err *err);
/*
 * For tests: names (fn) each index of schema ("main" or "s") that kw_db_check
 * cannot read without its table, and so leaves to SQLite's slower check of the
 * table; returns how many.
 */
int kw_db_test_index_reads(struct kw_store *st, const char *schema, kw_problem_fn fn, void *ctx);
/*
 * Compares each open compartment's schema (every table, index, view and
 * trigger sqlite_schema holds) with what keywork's migrations make, and
 * reports each object missing, changed or added outside keywork through fn
 * in plain words (fn may be NULL). Returns how many, or -1. kw_db_check
 * runs it first.
 */
int kw_db_schema_check(struct kw_store *st, kw_problem_fn fn, void *ctx, struct kw_err *err);
/*
 * In the caller's transaction: removes each index, view and trigger the
 * migrations do not make or make otherwise, and makes each one missing or
 * removed again as they make it. Tables are left as they are (their rows are
 * records; kw_db_schema_check goes on reporting them). *changed gets how
 * many objects were mended. 0 or -1.
 */
int kw_db_schema_repair(struct kw_store *st, long *changed, struct kw_err *err);
/*
 * Builds again each index that does not hold what its table's rows say it
 * should (what kw_db_check names of the indexes), in both compartments when
 * the sensitive one is open; *changed is how many. A UNIQUE index holding a
 * key twice is left as it is: which row is right is for a person to say.
 * Runs inside the caller's transaction.
 */
int kw_db_index_repair(struct kw_store *st, long *changed, struct kw_err *err);
/* How many indexes kw_db_index_repair would build again, into *n; it writes nothing. */
int kw_db_index_repair_needed(struct kw_store *st, long *n, struct kw_err *err);

/*
 * Writes main.contact_state and main.advocacy_due (general 0017) again from
 * the rows they are worked out from (their _source views), in the caller's
 * transaction, when any row differs; *changed gets how many rows (women's and
 * advocacy items') were wrong, missing or left over. 0 or -1.
 */
int kw_db_contact_state_rebuild(struct kw_store *st, long *changed, struct kw_err *err);
/* How many rows kw_db_contact_state_rebuild would write again, into *n; it writes nothing. */
int kw_db_contact_state_differs(struct kw_store *st, long *n, struct kw_err *err);

/* --- bulk loading of synthetic records (synthdb.c; used by src/app/synth.c) --- */

/*
 * The tables a bulk loader writes, and the columns kw_bulk_row takes for each
 * (in this order, after the row's id; NULL is SQL NULL):
 *   USER: username, role, disabled     (a record of a keyworker, no key slot)
 *   CLIENT: reference, known_as, first_name, last_name, date_of_birth, phone,
 *           borough, keyworker_id
 *   CHILD: client_id, known_as, date_of_birth, lives_with
 *   EPISODE: client_id, referral_source, programme, cadence, status, referred_on,
 *            opened_on, closed_on, closure_reason, reopened_from
 *   CLOSURE: episode_id, closed_on, her_wish, welcome_back
 *   SUPPORT_PLAN: client_id, pathway, opened_on, closed_on, goals
 *   CONTACT: client_id, episode_id, happened_at, mode, outcome, missed_reason, summary
 *   PAUSE: client_id, reason, starts_on, ends_on
 *   TASK: client_id, title, pathway, due_on, chase_on, status, done_on, outcome
 *   APPOINTMENT: client_id, kind, starts_at, place, with_whom, accompanied
 *   ADVOCACY_ITEM: client_id, agency, issue, opened_on, due_on, status, resolved_on
 *   ADVOCACY_STEP: advocacy_item_id, step, happened_on, due_on, summary
 *   STRENGTH: client_id, noted_on, kind, description
 *   OUTCOME: client_id, pathway, scored_on, score
 *   CUSTOM: record_id, field_key, value, state                 (keywork.db)
 * and in sensitive.db (KW_ENOPERM when it is closed):
 *   NOTE: client_id, happened_at, written_at, body, confidential ("0"/"1"), amends_id
 *   CHILD_DETAILS: child_id, legal_status, school, contact_arrangements   (id unused)
 *   CLIENT_DETAILS: client_id, postcode, immigration_status, codeword     (id unused)
 *   RISK: client_id, assessed_on, score (digits), level, judgement_level, marac_referral
 *   CUSTOM_S: record_id, field_key, value, state
 */
enum kw_bulk_kind {
	KW_BULK_USER = 0,
	KW_BULK_CLIENT,
	KW_BULK_CHILD,
	KW_BULK_EPISODE,
	KW_BULK_CLOSURE,
	KW_BULK_SUPPORT_PLAN,
	KW_BULK_CONTACT,
	KW_BULK_PAUSE,
	KW_BULK_TASK,
	KW_BULK_APPOINTMENT,
	KW_BULK_ADVOCACY_ITEM,
	KW_BULK_ADVOCACY_STEP,
	KW_BULK_STRENGTH,
	KW_BULK_OUTCOME,
	KW_BULK_CUSTOM,
	KW_BULK_NOTE,
	KW_BULK_CHILD_DETAILS,
	KW_BULK_CLIENT_DETAILS,
	KW_BULK_RISK,
	KW_BULK_CUSTOM_S,
	KW_BULK_COUNT
};

struct kw_bulk;

/*
 * A bulk loader over st: each table's INSERT prepared once, and a larger page
 * cache until kw_bulk_free. Called inside a transaction (kw_store_begin) that
 * holds every row and ends after kw_bulk_finish: it takes the big tables'
 * secondary indexes and the triggers that keep the contact state out until
 * kw_bulk_finish builds them again, so that a row costs the same at any size.
 * A load that fails is rolled back, and they come back with it. *out is owned
 * by the caller (even when this fails).
 */
int kw_bulk_new(struct kw_store *st, struct kw_bulk **out, struct kw_err *err);
/*
 * After the last row, in the same transaction: builds the indexes again, makes the triggers
 * again and writes each woman's contact state and each advocacy item's day due from their
 * views. 0 or -1.
 */
int kw_bulk_finish(struct kw_bulk *b, struct kw_err *err);
/*
 * Inserts one row of kind: id, when it was written (at, ISO-8601) and by whom
 * (a user id), and the kind's columns (above). No history or audit: these are
 * generated records, not a person's changes. Strings are borrowed for the call.
 */
int kw_bulk_row(struct kw_bulk *b, enum kw_bulk_kind kind, const char *id, const char *at,
		const char *by, const char *const *vals, struct kw_err *err);
/* Finalizes the loader's statements, restores the page cache and frees *b (set to NULL). */
void kw_bulk_free(struct kw_bulk **b);
/* After a large load: ANALYZE, and merges the full-text indexes (names and notes). */
int kw_db_optimize(struct kw_store *st, struct kw_err *err);

/* --- test hooks (used only by the test suite) --- */

/* Makes every store opened afterwards use temp_store = FILE, to prove tests can see a leak. */
void kw_db_test_force_temp_file(bool on);
/* Runs a statement that sorts every note body through temp storage (for the leak test). */
int kw_db_test_sort_notes(struct kw_store *st, struct kw_err *err);

/*
 * For tests/bench_ui.c: runs sql (a string whose address stays valid: it is
 * prepared once and cached by address, as the store's own queries are) with
 * nparams text parameters, reading every column of every row; fn (may be NULL)
 * gets each row's columns as text, and returns non-zero to stop. *rows (may be
 * NULL) gets the number of rows.
 */
int kw_db_bench_query(struct kw_store *st, const char *sql, const char *const *params, int nparams,
		      int (*fn)(void *ctx, int ncols, const char *const *cols), void *ctx,
		      long *rows, struct kw_err *err);
/*
 * For tests/bench_ui.c: the integrity part of kw_db_check for one compartment
 * ("main" or "s"): quick_check, then each index compared with its table. Returns
 * how many problems it found (fn, may be NULL, gets each).
 */
int kw_db_bench_file_check(struct kw_store *st, const char *schema, kw_problem_fn fn, void *ctx);
/*
 * For tests/bench_ui.c: writes an UNENCRYPTED copy of the open compartments
 * into dir (which must hold none): sqlcipher_export into files attached with
 * an empty key. Only for synthetic data; the caller deletes it.
 */
int kw_db_bench_export_plain(struct kw_store *st, const char *dir, struct kw_err *err);
/*
 * For tests/bench_ui.c: lets kw_store_open open such a copy, given empty keys.
 * Otherwise an empty key is refused, so no path of keywork's opens a plaintext file.
 */
void kw_db_bench_allow_plaintext(bool on);

#endif
