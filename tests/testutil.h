/* testutil.h: temporary directories and quick sessions for the test suites. */
#ifndef KEYWORK_TESTUTIL_H
#define KEYWORK_TESTUTIL_H

#include "keywork/app.h"

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

#define TU_PASS "tidal-quarry-lantern-mosaic-fern"

#endif
