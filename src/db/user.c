/* user.c: logins as the general compartment records them, and their signing keys. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "keywork/util.h"

static const char SQL_USER_ADD[] =
	"INSERT INTO users(id, username, role, created_at, created_by, updated_at, updated_by, "
	"version, device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5, 1, ?6)";
static const char SQL_KEY_ADD[] =
	"INSERT INTO user_keys(id, user_id, sign_pk, created_at, created_by, updated_at, "
	"updated_by, version, device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5, 1, ?6)";
static const char SQL_KEY_TRUST[] =
	"INSERT OR IGNORE INTO s.signing_keys(sign_pk, user_id, username, added_at) "
	"SELECT ?1, id, username, ?2 FROM main.users WHERE id = ?3";
static const char SQL_USER_DISABLE[] =
	"UPDATE users SET disabled = ?2, updated_at = ?3, updated_by = ?4, version = version + 1, "
	"device_id = ?5 WHERE id = ?1";
/* A user's columns as read_user reads them, and her latest signing key. */
#define USER_COLS                                                                                 \
	"SELECT u.id, u.username, u.role, u.disabled, u.created_at, u.created_by, u.updated_at, " \
	"u.updated_by, u.version, (SELECT k.sign_pk FROM user_keys k WHERE k.user_id = u.id "     \
	"ORDER BY k.rowid DESC LIMIT 1) FROM users u "
static const char SQL_USER_FIND[] = USER_COLS "WHERE u.username = ?1";
static const char SQL_USER_BY_ID[] = USER_COLS "WHERE u.id = ?1";
static const char SQL_USER_ALL[] = USER_COLS "ORDER BY u.username";

int kw_db_user_add_key(struct kw_store *st, const char *user_id, const unsigned char sign_pk[32],
		       struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_KEY_ADD, err);
	struct kw_rowmeta m = { 0 };

	if (s == NULL)
		return -1;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, m.id);
	kw_bind_text(s, 2, user_id);
	sqlite3_bind_blob(s, 3, sign_pk, 32, SQLITE_STATIC);
	kw_bind_text(s, 4, m.created_at);
	kw_bind_text(s, 5, st->actor_id[0] != '\0' ? st->actor_id : user_id);
	kw_bind_text(s, 6, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "recording a signing key", err);
	/* The copy the audit trail's check believes is the protected register's. */
	if (st->sensitive) {
		s = kw_stmt(st, SQL_KEY_TRUST, err);
		if (s == NULL)
			return -1;
		sqlite3_bind_blob(s, 1, sign_pk, 32, SQLITE_STATIC);
		kw_bind_text(s, 2, m.created_at);
		kw_bind_text(s, 3, user_id);
		if (sqlite3_step(s) != SQLITE_DONE)
			return kw_db_fail(st, "registering a signing key", err);
	}
	return 0;
}

int kw_db_user_add(struct kw_store *st, const char *username, enum kw_role role,
		   const unsigned char sign_pk[32], struct kw_user *out, struct kw_err *err)
{
	sqlite3_stmt *s;
	struct kw_user u = { 0 };
	int found;

	found = kw_db_user_find(st, username, &u, err);
	if (found < 0)
		return -1;
	if (found)
		return kw_err_set(err, KW_EUSAGE, "user '%s' already exists", username);
	s = kw_stmt(st, SQL_USER_ADD, err);
	if (s == NULL)
		return -1;
	kw_meta_new(st, &u.meta);
	if (u.meta.created_by[0] == '\0') /* the first user creates herself */
		memcpy(u.meta.created_by, u.meta.id, sizeof(u.meta.id));
	snprintf(u.username, sizeof(u.username), "%s", username);
	u.role = role;
	memcpy(u.sign_pk, sign_pk, 32);
	kw_bind_text(s, 1, u.meta.id);
	kw_bind_text(s, 2, username);
	kw_bind_text(s, 3, kw_role_name(role));
	kw_bind_text(s, 4, u.meta.created_at);
	kw_bind_text(s, 5, u.meta.created_by);
	kw_bind_text(s, 6, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "adding a user", err);
	if (kw_db_user_add_key(st, u.meta.id, sign_pk, err) != 0)
		return -1;
	if (out != NULL)
		*out = u;
	return 0;
}

static void read_user(sqlite3_stmt *s, struct kw_user *u)
{
	memset(u, 0, sizeof(*u));
	kw_col_copy(s, 0, u->meta.id, sizeof(u->meta.id));
	kw_col_copy(s, 1, u->username, sizeof(u->username));
	u->role = kw_role_parse((const char *)sqlite3_column_text(s, 2));
	u->disabled = sqlite3_column_int(s, 3) != 0;
	kw_col_copy(s, 4, u->meta.created_at, sizeof(u->meta.created_at));
	kw_col_copy(s, 5, u->meta.created_by, sizeof(u->meta.created_by));
	kw_col_copy(s, 6, u->meta.updated_at, sizeof(u->meta.updated_at));
	kw_col_copy(s, 7, u->meta.updated_by, sizeof(u->meta.updated_by));
	u->meta.version = sqlite3_column_int64(s, 8);
	if (sqlite3_column_bytes(s, 9) == 32)
		memcpy(u->sign_pk, sqlite3_column_blob(s, 9), 32);
}

/* The one user sql (SQL_USER_FIND or SQL_USER_BY_ID) finds by key: 1, 0 if none, -1. */
static int user_one(struct kw_store *st, const char *sql, const char *key, struct kw_user *out,
		    struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sql, err);
	int step, rc;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		read_user(s, out);
	rc = step == SQLITE_ROW	   ? 1
	     : step == SQLITE_DONE ? 0
				   : kw_db_fail(st, "finding a user", err);
	sqlite3_reset(s);
	return rc;
}

int kw_db_user_find(struct kw_store *st, const char *username, struct kw_user *out,
		    struct kw_err *err)
{
	return user_one(st, SQL_USER_FIND, username, out, err);
}

int kw_db_user_get(struct kw_store *st, const char *id, struct kw_user *out, struct kw_err *err)
{
	return user_one(st, SQL_USER_BY_ID, id, out, err);
}

int kw_db_register_key_owner(struct kw_store *st, const unsigned char sign_pk[32], char id[37],
			     char username[33], struct kw_err *err)
{
	sqlite3_stmt *s;
	int step;

	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "the protected register is in the sensitive "
				  "compartment");
	if ((s = kw_stmt(st, "SELECT user_id, username FROM s.signing_keys WHERE sign_pk = ?1",
			 err)) == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, sign_pk, 32, SQLITE_TRANSIENT);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, id, 37);
		kw_col_copy(s, 1, username, 33);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "reading the protected register", err);
}

/* Each users row whose name is not the one the register's signing keys give its id. */
#define MISNAMED                                                                             \
	"FROM main.users u JOIN s.signing_keys k ON k.user_id = u.id AND k.rowid = (SELECT " \
	"max(j.rowid) FROM s.signing_keys j WHERE j.user_id = u.id) WHERE k.username <> "    \
	"u.username"
static const char SQL_USERS_MISNAMED[] =
	"SELECT u.id, u.username, k.username " MISNAMED " ORDER BY k.username";

int kw_db_users_misnamed_each(struct kw_store *st,
			      int (*fn)(void *ctx, const char *id, const char *row_name,
					const char *register_name),
			      void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step, stop = 0;

	if (!st->sensitive)
		return 0;
	if ((s = kw_stmt(st, SQL_USERS_MISNAMED, err)) == NULL)
		return -1;
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1),
			  (const char *)sqlite3_column_text(s, 2));
	return kw_rows_end(st, s, step, stop, "comparing the users with the register", err);
}

int kw_db_users_rename_from_register(struct kw_store *st, long *n, struct kw_err *err)
{
	/* Through each row's own id first, so that names swapped between two rows stay unique. */
	static const char *const sql[] = {
		"UPDATE main.users SET username = id WHERE id IN (SELECT u.id " MISNAMED ")",
		"UPDATE main.users SET username = (SELECT k.username FROM s.signing_keys k WHERE "
		"k.user_id = users.id ORDER BY k.rowid DESC LIMIT 1) WHERE username = id",
	};

	*n = 0;
	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "the protected register is in the sensitive "
				  "compartment");
	for (size_t i = 0; i < KW_ARRAY_LEN(sql); i++) {
		sqlite3_stmt *s = kw_stmt(st, sql[i], err);

		if (s == NULL)
			return -1;
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_reset(s);
			return kw_db_fail(st, "writing the users' names from the register", err);
		}
		sqlite3_reset(s);
		if (i == 0)
			*n = sqlite3_changes(st->db);
	}
	return 0;
}

int kw_db_user_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_user *u), void *ctx,
		    struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_USER_ALL, err);
	int step;

	if (s == NULL)
		return -1;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_user u;

		read_user(s, &u);
		if (fn(ctx, &u) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "listing users", err);
	sqlite3_reset(s);
	return 0;
}

int kw_db_user_set_disabled(struct kw_store *st, const char *user_id, bool disabled,
			    struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_USER_DISABLE, err);
	char now[21];

	if (s == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, user_id);
	sqlite3_bind_int(s, 2, disabled);
	kw_bind_text(s, 3, now);
	kw_bind_text(s, 4, st->actor_id);
	kw_bind_text(s, 5, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "disabling a user", err);
	if (kw_history_add(st, false, "users", user_id, "disabled", disabled ? "0" : "1",
			   disabled ? "1" : "0", err) != 0)
		return -1;
	return 0;
}
