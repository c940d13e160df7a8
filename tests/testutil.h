/* testutil.h: temporary directories and quick sessions for the test suites. */
#ifndef KEYWORK_TESTUTIL_H
#define KEYWORK_TESTUTIL_H

#include <stdarg.h>

#include "keywork/app.h"
#include "keywork/form.h"

/* A new private temporary directory (malloc'd); removed by tu_rmdir. */
char *tu_tmpdir(void);
/* Removes dir and everything in it. */
void tu_rmdir(char *dir);
/* A secret from a C string. */
struct kw_secret *tu_pass(const char *s);
/* Creates a data directory in dir/data with manager "ana" (interactive KDF). */
struct kw_session *tu_create(const char *dir, char **datadir_out);
/* Opens datadir as user with passphrase; NULL on failure (err filled). */
struct kw_session *tu_open(const char *datadir, const char *user, const char *pass,
			   struct kw_err *err);
/* Writes text to dir/name; returns the malloc'd path. */
char *tu_write(const char *dir, const char *name, const char *text, size_t len);

/* Adds a user to the data directory open in manager (interactive KDF); aborts on failure. */
void tu_user(struct kw_session *manager, const char *name, enum kw_role role, const char *pass);
/* The shipped form pack with the given override files; aborts, printing each diagnostic. */
struct kw_form_pack *tu_pack(const char *const *overrides, size_t n);
/* Adds a woman known as known_as (keyworker_id may be NULL); id gets her id. Aborts on failure. */
void tu_woman(struct kw_session *s, const char *known_as, const char *keyworker_id, char id[37]);
/*
 * Runs call (a write of the db layer, giving 0 or -1) in a transaction of its own, as the
 * app runs each: the store refuses a write made outside one. Commits on 0, rolls back on -1.
 */
#define TU_TXN(store, call) tu_txn_end((store), tu_txn_begin(store) == 0 ? (call) : -1)
int tu_txn_begin(struct kw_store *st);
int tu_txn_end(struct kw_store *st, int rc);
/*
 * Saves with form fkey of pack as s: a new record under parent when id is NULL
 * or empty (id, if given, gets the new id), else record id. The answers are
 * key, value, ..., NULL. Returns 0, or -1 with msg holding the first error.
 */
int tu_vsave(struct kw_session *s, const struct kw_form_pack *pack, const char *fkey,
	     const char *parent, char *id, char msg[512], va_list ap);
/* tu_vsave with the answers as arguments. */
int tu_save(struct kw_session *s, const struct kw_form_pack *pack, const char *fkey,
	    const char *parent, char *id, char msg[512], ...);

#define TU_PASS "tidal-quarry-lantern-mosaic-fern"

#endif
