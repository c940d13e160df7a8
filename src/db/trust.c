/*
 * trust.c: the protected register in the sensitive compartment: the
 * authoritative copy of the key file, the compartment secret, the signing
 * keys the audit trail believes and the audit trail's anchored head.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keywork/util.h"

static const char SQL_META_GET[] = "SELECT value FROM s.meta WHERE key = ?1";
static const char SQL_META_SET[] = "INSERT INTO s.meta(key, value) VALUES (?1, ?2) "
				   "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char SQL_KEY_ADOPT[] =
	"INSERT OR IGNORE INTO s.signing_keys(sign_pk, user_id, username, added_at) "
	"SELECT k.sign_pk, k.user_id, u.username, k.created_at FROM main.user_keys k "
	"JOIN main.users u ON u.id = k.user_id";
static const char SQL_KEY_COUNT[] = "SELECT count(*) FROM s.signing_keys";

static int need_sensitive(struct kw_store *st, struct kw_err *err)
{
	if (!st->sensitive)
		return kw_err_set(
			err, KW_ENOPERM,
			"the protected register is in the sensitive compartment, which is "
			"not open");
	return 0;
}

int kw_db_trust_get(struct kw_store *st, const char *key, char **out, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step;

	*out = NULL;
	if (need_sensitive(st, err) != 0 || (s = kw_stmt(st, SQL_META_GET, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = kw_col_strdup(s, 0);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the protected register", err);
	return *out != NULL;
}

int kw_db_trust_set(struct kw_store *st, const char *key, const char *value, struct kw_err *err)
{
	sqlite3_stmt *s;

	if (need_sensitive(st, err) != 0 || (s = kw_stmt(st, SQL_META_SET, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, key);
	kw_bind_text(s, 2, value);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "writing the protected register", err);
	return 0;
}

int kw_db_trust_adopt_keys(struct kw_store *st, struct kw_err *err)
{
	sqlite3_stmt *s;

	if (need_sensitive(st, err) != 0 || (s = kw_stmt(st, SQL_KEY_ADOPT, err)) == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "copying the signing keys into the protected register", err);
	return 0;
}

int kw_db_trust_key_count(struct kw_store *st, long long *n, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step;

	if (need_sensitive(st, err) != 0 || (s = kw_stmt(st, SQL_KEY_COUNT, err)) == NULL)
		return -1;
	step = sqlite3_step(s);
	*n = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (step != SQLITE_ROW)
		return kw_db_fail(st, "reading the protected register", err);
	return 0;
}
