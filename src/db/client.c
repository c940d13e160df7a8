/*
 * client.c: the women the centre supports (general compartment). Where she
 * lives is not kept here: her borough is in the sensitive compartment
 * (client_details), read and written only when it is attached.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "keywork/util.h"

#define CLIENT_COLS(borough)                                                          \
	"c.id, c.reference, c.known_as, c.first_name, c.last_name, c.date_of_birth, " \
	"c.phone, " borough                                                           \
	", c.keyworker_id, c.created_at, c.created_by, c.updated_at, c.updated_by, "  \
	"c.version"
#define BOROUGH_S "(SELECT d.borough FROM s.client_details d WHERE d.client_id = c.id)"
#define BOROUGH_NONE "NULL"

static const char SQL_ADD[] =
	"INSERT INTO clients(id, reference, known_as, first_name, last_name, date_of_birth, "
	"phone, borough, keyworker_id, created_at, created_by, updated_at, updated_by, version, "
	"device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11, 1, ?12)";
/* A deleted woman's reference is never given again: her tombstone names her. */
static const char SQL_REF_TAKEN[] = "SELECT 1 FROM main.clients WHERE reference = ?1 UNION ALL "
				    "SELECT 1 FROM main.tombstones WHERE reference = ?1";
static const char SQL_GET_S[] =
	"SELECT " CLIENT_COLS(BOROUGH_S) " FROM main.clients c WHERE c.id = ?1 OR c.reference = ?1";
static const char SQL_GET[] = "SELECT " CLIENT_COLS(
	BOROUGH_NONE) " FROM main.clients c WHERE c.id = ?1 OR c.reference = ?1";
static const char SQL_EACH_S[] =
	"SELECT " CLIENT_COLS(BOROUGH_S) " FROM main.clients c ORDER BY c.reference";
static const char SQL_EACH[] =
	"SELECT " CLIENT_COLS(BOROUGH_NONE) " FROM main.clients c ORDER BY c.reference";
static const char SQL_BOROUGH_SET[] =
	"INSERT INTO s.client_details(client_id, borough, created_at, created_by, updated_at, "
	"updated_by, version, device_id) VALUES (?1, ?2, ?3, ?4, ?3, ?4, 1, ?5) "
	"ON CONFLICT(client_id) DO UPDATE SET borough = excluded.borough, "
	"updated_at = excluded.updated_at, updated_by = excluded.updated_by, "
	"version = version + 1, device_id = excluded.device_id";
static const char SQL_COUNT[] = "SELECT count(*) FROM clients";
static const char SQL_UPDATE[] =
	"UPDATE clients SET known_as = ?3, first_name = ?4, last_name = ?5, date_of_birth = ?6, "
	"phone = ?7, borough = ?8, keyworker_id = ?9, updated_at = ?10, updated_by = ?11, "
	"version = version + 1, device_id = ?12 WHERE id = ?1 AND version = ?2";
static const char SQL_WHO_CHANGED[] =
	"SELECT coalesce(u.username, c.updated_by), c.updated_at, c.version "
	"FROM clients c LEFT JOIN users u ON u.id = c.updated_by WHERE c.id = ?1";

/* A random reference like "KW-7F3Q9D" (Crockford base32, no I, L, O, U). */
static void new_reference(char out[16])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char r[6];

	kw_random(r, sizeof(r));
	memcpy(out, "KW-", 3);
	for (int i = 0; i < 6; i++)
		out[3 + i] = alphabet[r[i] & 31];
	out[9] = '\0';
}

static int reference_taken(struct kw_store *st, const char *ref, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_REF_TAKEN, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, ref);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "checking a reference", err);
}

/* Her borough, in the sensitive compartment (the caller checked it is attached). */
static int borough_set(struct kw_store *st, const char *id, const char *borough, const char *at,
		       struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_BOROUGH_SET, err);

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	kw_bind_text(s, 2, borough);
	kw_bind_text(s, 3, at);
	kw_bind_text(s, 4, st->actor_id);
	kw_bind_text(s, 5, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "saving where she lives", err);
	return 0;
}

static int borough_refused(struct kw_err *err)
{
	return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
			  "where she lives is kept in the sensitive compartment, which your role "
			  "does not open");
}

int kw_db_client_add(struct kw_store *st, struct kw_client *c, struct kw_err *err)
{
	sqlite3_stmt *s;

	if (c->borough != NULL && !st->sensitive)
		return borough_refused(err);

	if (c->reference[0] == '\0') {
		int taken = 1;

		for (int tries = 0; taken == 1 && tries < 16; tries++) {
			new_reference(c->reference);
			taken = reference_taken(st, c->reference, err);
		}
		if (taken != 0)
			return taken < 0 ? -1
					 : kw_err_set(err, KW_ESOFTWARE, "no free reference found");
	}
	s = kw_stmt(st, SQL_ADD, err);
	if (s == NULL)
		return -1;
	kw_meta_new(st, &c->meta);
	kw_bind_text(s, 1, c->meta.id);
	kw_bind_text(s, 2, c->reference);
	kw_bind_text(s, 3, c->known_as);
	kw_bind_text(s, 4, c->first_name);
	kw_bind_text(s, 5, c->last_name);
	kw_bind_text(s, 6, c->date_of_birth);
	kw_bind_text(s, 7, c->phone);
	kw_bind_text(s, 8, NULL); /* the general column is retired: her borough is sensitive */
	kw_bind_text(s, 9, c->keyworker_id);
	kw_bind_text(s, 10, c->meta.created_at);
	kw_bind_text(s, 11, c->meta.created_by);
	kw_bind_text(s, 12, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "adding a woman", err);
	if (c->borough != NULL &&
	    borough_set(st, c->meta.id, c->borough, c->meta.created_at, err) != 0)
		return -1;
	return 0;
}

void kw_client_read(sqlite3_stmt *s, struct kw_client *c)
{
	memset(c, 0, sizeof(*c));
	kw_col_copy(s, 0, c->meta.id, sizeof(c->meta.id));
	kw_col_copy(s, 1, c->reference, sizeof(c->reference));
	c->known_as = kw_col_strdup(s, 2);
	c->first_name = kw_col_strdup(s, 3);
	c->last_name = kw_col_strdup(s, 4);
	c->date_of_birth = kw_col_strdup(s, 5);
	c->phone = kw_col_strdup(s, 6);
	c->borough = kw_col_strdup(s, 7);
	c->keyworker_id = kw_col_strdup(s, 8);
	kw_col_copy(s, 9, c->meta.created_at, sizeof(c->meta.created_at));
	kw_col_copy(s, 10, c->meta.created_by, sizeof(c->meta.created_by));
	kw_col_copy(s, 11, c->meta.updated_at, sizeof(c->meta.updated_at));
	kw_col_copy(s, 12, c->meta.updated_by, sizeof(c->meta.updated_by));
	c->meta.version = sqlite3_column_int64(s, 13);
}

int kw_db_client_get(struct kw_store *st, const char *id_or_ref, struct kw_client *out,
		     struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, st->sensitive ? SQL_GET_S : SQL_GET, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, id_or_ref);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_client_read(s, out);
		sqlite3_reset(s);
		if (kw_hidden(st, out->meta.id)) {
			kw_client_clear(out);
			return kw_hidden_refuse(err);
		}
		return 1;
	}
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "reading a woman's record", err);
}

static bool same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Refuses a stale save, naming who changed the record and when. */
static int stale(struct kw_store *st, const struct kw_client *c, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_WHO_CHANGED, err);
	char who[64] = "someone", when[21] = "";

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, c->meta.id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return kw_err_why(err, KW_EDATA, KW_R_GONE, "%s's record no longer exists",
				  c->reference);
	}
	kw_col_copy(s, 0, who, sizeof(who));
	kw_col_copy(s, 1, when, sizeof(when));
	sqlite3_reset(s);
	return kw_err_why(err, KW_EDATA, KW_R_STALE,
			  "%s was changed by %s at %s after you opened it; nothing was saved",
			  c->reference, who, when);
}

int kw_db_client_update(struct kw_store *st, struct kw_client *c, struct kw_err *err)
{
	struct kw_client old = { 0 };
	sqlite3_stmt *s;
	char now[21];
	int found, rc = -1;
	const char *names[] = { "known_as",	 "first_name", "last_name",
				"date_of_birth", "phone",      "keyworker_id" };
	const char *after[] = { c->known_as,	  c->first_name, c->last_name,
				c->date_of_birth, c->phone,	 c->keyworker_id };

	if (c->borough != NULL && !st->sensitive)
		return borough_refused(err);
	if (kw_store_begin(st, err) != 0)
		return -1;
	found = kw_db_client_get(st, c->meta.id, &old, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_set(err, KW_EDATA, "%s's record no longer exists", c->reference);
		goto out;
	}
	if (old.meta.version != c->meta.version) {
		stale(st, c, err);
		goto out;
	}
	{
		const char *before[] = { old.known_as,	    old.first_name, old.last_name,
					 old.date_of_birth, old.phone,	    old.keyworker_id };

		for (size_t i = 0; i < KW_ARRAY_LEN(names); i++)
			if (!same(before[i], after[i]) &&
			    kw_history_add(st, false, "clients", c->meta.id, names[i], before[i],
					   after[i], err) != 0)
				goto out;
	}
	/* Where she lives, and its history, only in the sensitive compartment. */
	if (st->sensitive && !same(old.borough, c->borough)) {
		kw_now_iso(now);
		if (kw_history_add(st, true, "client_details", c->meta.id, "borough", old.borough,
				   c->borough, err) != 0 ||
		    borough_set(st, c->meta.id, c->borough, now, err) != 0)
			goto out;
	}
	s = kw_stmt(st, SQL_UPDATE, err);
	if (s == NULL)
		goto out;
	kw_now_iso(now);
	kw_bind_text(s, 1, c->meta.id);
	sqlite3_bind_int64(s, 2, c->meta.version);
	kw_bind_text(s, 3, c->known_as);
	kw_bind_text(s, 4, c->first_name);
	kw_bind_text(s, 5, c->last_name);
	kw_bind_text(s, 6, c->date_of_birth);
	kw_bind_text(s, 7, c->phone);
	kw_bind_text(s, 8, NULL);
	kw_bind_text(s, 9, c->keyworker_id);
	kw_bind_text(s, 10, now);
	kw_bind_text(s, 11, st->actor_id);
	kw_bind_text(s, 12, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		kw_db_fail(st, "saving a woman's record", err);
		goto out;
	}
	if (sqlite3_changes(st->db) != 1) {
		stale(st, c, err);
		goto out;
	}
	if (kw_store_commit(st, err) != 0)
		goto out;
	c->meta.version++;
	memcpy(c->meta.updated_at, now, sizeof(now));
	snprintf(c->meta.updated_by, sizeof(c->meta.updated_by), "%s", st->actor_id);
	rc = 0;
out:
	if (rc != 0)
		kw_store_rollback(st);
	kw_client_clear(&old);
	return rc;
}

int kw_db_client_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_client *c),
		      void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, st->sensitive ? SQL_EACH_S : SQL_EACH, err);
	int step = SQLITE_DONE, stop = 0;

	if (s == NULL)
		return -1;
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_client c;

		kw_client_read(s, &c);
		if (!kw_hidden(st, c.meta.id))
			stop = fn(ctx, &c);
		kw_client_clear(&c);
	}
	if (kw_rows_end(st, s, step, stop, "listing women", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

long kw_db_client_count(struct kw_store *st, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_COUNT, err);
	long n;

	if (s == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW)
		return kw_db_fail(st, "counting women", err);
	n = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}
