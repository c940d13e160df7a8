/* internal.h: the store's private structure and helpers shared inside src/db/. */
#ifndef KEYWORK_DB_INTERNAL_H
#define KEYWORK_DB_INTERNAL_H

#include <sqlite3.h>

#include "keywork/db.h"

#define KW_STMT_CACHE 64

struct kw_store {
	sqlite3 *db;
	bool sensitive;
	char *dir;
	char device_id[37];
	char actor_id[37];
	enum kw_role role; /* the actor's role as the session verified it */
	bool has_signer;
	struct kw_signer signer;
	int depth;		     /* nesting of kw_store_begin */
	bool aborted;		     /* a nested rollback ended the outer transaction */
	unsigned long generation[2]; /* the key generation of the general and sensitive files */
	bool noted;		     /* a busy note of ours is in the directory (busy.c) */
	int cache_kib;		     /* the page cache outside bulk work (kw_store_wide_cache) */
	/* Women whose records are restricted to named staff this user is not one
	 * of, sorted: the app decides (src/app/access.c), the store leaves them out. */
	char (*hidden)[37];
	size_t nhidden;
	/* The id (and for a woman, the reference) the next form save creates, once (outreach). */
	char keep_id[37];
	char keep_ref[16];
	/* Statements prepared once and kept, by the address of their text (kw_stmt). */
	struct {
		const char *sql; /* the static string it was prepared from */
		sqlite3_stmt *stmt;
		unsigned long used; /* when last asked for, by stmt_clock */
	} cache[KW_STMT_CACHE];
	unsigned long stmt_clock;
};

/* One embedded migration: its number and SQL. */
struct kw_migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct kw_migration kw_general_migrations[];
extern const size_t kw_general_migrations_count;
extern const struct kw_migration kw_sensitive_migrations[];
extern const size_t kw_sensitive_migrations_count;

/*
 * Writes main.contact_state and main.advocacy_due (general 0017) again whole, from their
 * views: keywork check --repair, and the end of a bulk load.
 */
#define KW_SQL_STATE_REWRITE                                                                \
	"DELETE FROM main.contact_state; INSERT INTO main.contact_state SELECT * FROM "     \
	"main.contact_state_source WHERE true; DELETE FROM main.advocacy_due; INSERT INTO " \
	"main.advocacy_due SELECT * FROM main.advocacy_due_source WHERE true"

/*
 * Returns the cached statement for sql (a string literal), reset and with
 * bindings cleared, or NULL with err set. The statement stays owned by st.
 */
sqlite3_stmt *kw_stmt(struct kw_store *st, const char *sql, struct kw_err *err);

/*
 * Sets err from the connection's last error, with what was being done. When
 * another process holds the data (SQLITE_BUSY), says who and what instead,
 * from its busy note if it left one.
 */
int kw_db_fail(struct kw_store *st, const char *doing, struct kw_err *err);

/* --- the busy note (busy.c) --- */

/* Leaves a note in dir: who is doing what, since now, in this process. Best effort. */
void kw_busy_note_put(const char *dir, const char *who, const char *what);
/* Removes dir's note if this process left it. */
void kw_busy_note_drop(const char *dir);
/*
 * If dir holds the note of another process still running, writes "ana is
 * importing women since 10:02" into buf and returns 1; else returns 0.
 */
int kw_busy_note_describe(const char *dir, char *buf, size_t len);

/*
 * Ends a loop stepping s: resets it and, if the last step was an error (not
 * the end of the rows, nor a stop the caller's callback asked for), sets err
 * with what was being done. Returns 0, or -1 with err set.
 */
int kw_rows_end(struct kw_store *st, sqlite3_stmt *s, int step, int stop, const char *doing,
		struct kw_err *err);

/* Binds text or NULL. */
int kw_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Copies a text column into a malloc'd string (NULL for SQL NULL). */
char *kw_col_strdup(sqlite3_stmt *s, int i);
/* Copies a text column into a fixed buffer. */
void kw_col_copy(sqlite3_stmt *s, int i, char *buf, size_t len);

/* Reads a woman from columns 0-13 of s (client.c's column list) into c (strings malloc'd). */
void kw_client_read(sqlite3_stmt *s, struct kw_client *c);

/* Fills the common columns for a new row written now by the actor. */
void kw_meta_new(struct kw_store *st, struct kw_rowmeta *m);

/* Writes a history row (in the compartment of schema, "main" or "s"). */
int kw_history_add(struct kw_store *st, bool sensitive, const char *table, const char *record_id,
		   const char *field, const char *old_value, const char *new_value,
		   struct kw_err *err);

/*
 * A case note (alias n) the signed-in user may read: not confidential, or
 * written by her, or about a woman whose keyworker she is (as the sealed
 * copy in the sensitive compartment records it: sensitive 0015), or she is a
 * manager. Parameters ?98 (her id) and ?99 (manager or not), numbered high
 * so they never take the slot of a statement's own ?N (kw_bind_reader).
 */
#define KW_NOTE_READABLE(n)                                                                 \
	"(" n ".confidential = 0 OR ?99 = 1 OR " n ".created_by = ?98 OR EXISTS (SELECT 1 " \
	"FROM s.client_allocation_seal kc WHERE kc.client_id = " n ".client_id AND "        \
	"kc.keyworker_id = ?98))"
/* Binds ?98 and ?99 in s, where it has them (policy.c). */
void kw_bind_reader(struct kw_store *st, sqlite3_stmt *s);

/* Whether client_id is one of the women hidden from this session (access.c). */
bool kw_hidden(const struct kw_store *st, const char *client_id);
/* Sets err to the refusal of a hidden woman's record (KW_ENOPERM, KW_R_HIDDEN); returns -1. */
int kw_hidden_refuse(struct kw_err *err);

#endif
