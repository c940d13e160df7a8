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

#define KW_GENERAL_DB "keywork.db"
#define KW_SENSITIVE_DB "sensitive.db"
#define KW_KEY_FILE "keywork.keys"
#define KW_STATE_FILE "unlock.state"

struct kw_store;

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
 * The key generation a compartment file is at: the key file's generation,
 * or the one after it when an interrupted change of keys had reached it.
 */
unsigned long kw_store_generation(const struct kw_store *st, bool sensitive);

/*
 * Re-encrypts a compartment (sensitive or general) under key (SQL form) and
 * records generation in it. Crash-safe: SQLCipher rewrites the pages in one
 * journaled transaction, and an interrupted rekey opens with either key.
 */
int kw_store_rekey(struct kw_store *st, bool sensitive, const char *key, size_t keylen,
		   unsigned long generation, struct kw_err *err);

/* Closes both compartments and frees *st, setting it to NULL. */
void kw_store_close(struct kw_store **st);

/* True if the sensitive compartment is open. */
bool kw_store_has_sensitive(const struct kw_store *st);
/* The device id of this data directory. */
const char *kw_store_device_id(const struct kw_store *st);

/* Sets who is acting (user id, may be NULL before the first user) and her signer. */
void kw_store_set_actor(struct kw_store *st, const char *user_id, const struct kw_signer *signer);

/*
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK across both compartments. They nest:
 * only the outermost pair reaches SQLite. A rollback at any depth ends the
 * whole transaction, and the outer commit then fails rather than report a
 * save that did not happen.
 */
int kw_store_begin(struct kw_store *st, struct kw_err *err);
int kw_store_commit(struct kw_store *st, struct kw_err *err);
void kw_store_rollback(struct kw_store *st);

/* The SQLCipher version string, and whether it is at least 4.5. */
int kw_db_cipher_version(char *buf, size_t len, struct kw_err *err);

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
int kw_db_contact_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_contact *c),
		       void *ctx, struct kw_err *err);

/* --- notes (sensitive compartment; KW_ENOPERM when it is closed) --- */

int kw_db_note_add(struct kw_store *st, struct kw_note *n, struct kw_err *err);
int kw_db_note_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_note *n), void *ctx,
		    struct kw_err *err);
/* Full-text search of notes; fn gets each match, best first, at most limit. */
int kw_db_note_search(struct kw_store *st, const char *query, int limit,
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

/* Called by kw_db_check for each problem found, in plain words. */
typedef void (*kw_problem_fn)(void *ctx, const char *what);

/*
 * Verifies both compartments (integrity_check, foreign_key_check, schema
 * versions, the key id and generation each records, orphaned sensitive rows)
 * and the audit chain (sequence, hashes, signatures by a key of the actor).
 * Reports each problem through fn (which may be NULL). Returns the number of problems, or -1 if
 * the check itself could not run.
 */
int kw_db_check(struct kw_store *st, kw_problem_fn fn, void *ctx, struct kw_err *err);

/* --- test hooks (used only by the test suite) --- */

/* Makes every store opened afterwards use temp_store = FILE, to prove tests can see a leak. */
void kw_db_test_force_temp_file(bool on);
/* Runs a statement that sorts every note body through temp storage (for the leak test). */
int kw_db_test_sort_notes(struct kw_store *st, struct kw_err *err);

#endif
