/* record.c: contacts (general), case notes (sensitive) and the history of changes. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "keywork/util.h"

static const char SQL_HISTORY_MAIN[] =
	"INSERT INTO main.history(id, table_name, record_id, field, old_value, new_value, "
	"created_at, created_by, updated_at, updated_by, version, device_id) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8, 1, ?9)";
static const char SQL_HISTORY_S[] =
	"INSERT INTO s.history(id, table_name, record_id, field, old_value, new_value, "
	"created_at, created_by, updated_at, updated_by, version, device_id) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8, 1, ?9)";

static const char SQL_CONTACT_ADD[] =
	"INSERT INTO contacts(id, client_id, happened_at, mode, outcome, missed_reason, summary, "
	"amends_id, created_at, created_by, updated_at, updated_by, version, device_id) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10, 1, ?11)";
static const char SQL_CONTACT_EACH[] =
	"SELECT id, client_id, happened_at, mode, outcome, missed_reason, summary, amends_id, "
	"created_at, created_by, updated_at, updated_by, version, "
	"(SELECT v.value FROM main.custom_values v WHERE v.record_id = k.id AND "
	"v.field_key = 'channel_safety' AND v.state = 'answered'), "
	"(SELECT v.value FROM main.custom_values v WHERE v.record_id = k.id AND "
	"v.field_key = 'channel_override' AND v.state = 'answered') FROM main.contacts k "
	"ORDER BY (SELECT c.reference FROM main.clients c WHERE c.id = k.client_id), happened_at, "
	"rowid";

static const char SQL_NOTE_ADD[] =
	"INSERT INTO s.notes(id, client_id, happened_at, written_at, body, confidential, "
	"amends_id, created_at, created_by, updated_at, updated_by, version, device_id) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?4, ?8, ?4, ?8, 1, ?9)";
#define NOTE_COLS                                                                               \
	"n.id, n.client_id, n.happened_at, n.written_at, n.body, n.confidential, n.amends_id, " \
	"n.created_at, n.created_by, n.updated_at, n.updated_by, n.version"
/* Only the notes she may read: a confidential note is left out for anyone else. */
static const char SQL_NOTE_EACH[] = "SELECT " NOTE_COLS " FROM s.notes n WHERE " KW_NOTE_READABLE(
	"n") " ORDER BY (SELECT c.reference FROM main.clients c WHERE c.id = n.client_id), "
	     "n.happened_at, n.rowid";
static const char SQL_NOTE_SEARCH[] =
	"SELECT " NOTE_COLS " FROM s.notes_fts f JOIN s.notes n ON n.rowid = f.rowid "
	"WHERE f.notes_fts MATCH ?1 AND (?3 IS NULL OR n.client_id = ?3) AND " KW_NOTE_READABLE(
		"n") " ORDER BY f.rowid DESC LIMIT ?2";
static const char SQL_NOTE_GET[] =
	"SELECT " NOTE_COLS " FROM s.notes n WHERE n.id = ?1 AND " KW_NOTE_READABLE("n");
static const char SQL_CLIENT_EXISTS[] = "SELECT 1 FROM main.clients WHERE id = ?1";

int kw_history_add(struct kw_store *st, bool sensitive, const char *table, const char *record_id,
		   const char *field, const char *old_value, const char *new_value,
		   struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sensitive ? SQL_HISTORY_S : SQL_HISTORY_MAIN, err);
	struct kw_rowmeta m = { 0 };

	if (s == NULL)
		return -1;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, m.id);
	kw_bind_text(s, 2, table);
	kw_bind_text(s, 3, record_id);
	kw_bind_text(s, 4, field);
	kw_bind_text(s, 5, old_value);
	kw_bind_text(s, 6, new_value);
	kw_bind_text(s, 7, m.created_at);
	kw_bind_text(s, 8, m.created_by);
	kw_bind_text(s, 9, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "recording history", err);
	return 0;
}

int kw_db_contact_add(struct kw_store *st, struct kw_contact *c, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_CONTACT_ADD, err);

	if (s == NULL)
		return -1;
	kw_meta_new(st, &c->meta);
	if (c->happened_at[0] == '\0')
		memcpy(c->happened_at, c->meta.created_at, sizeof(c->happened_at));
	kw_bind_text(s, 1, c->meta.id);
	kw_bind_text(s, 2, c->client_id);
	kw_bind_text(s, 3, c->happened_at);
	kw_bind_text(s, 4, c->mode);
	kw_bind_text(s, 5, kw_contact_outcome_name(c->outcome));
	kw_bind_text(s, 6, c->missed_reason);
	kw_bind_text(s, 7, c->summary);
	kw_bind_text(s, 8, c->amends_id);
	kw_bind_text(s, 9, c->meta.created_at);
	kw_bind_text(s, 10, c->meta.created_by);
	kw_bind_text(s, 11, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "logging a contact", err);
	return 0;
}

int kw_db_contact_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_contact *c),
		       void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_CONTACT_EACH, err);
	int step = SQLITE_DONE, stop = 0;

	if (s == NULL)
		return -1;
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_contact c = { 0 };
		int o;

		kw_col_copy(s, 0, c.meta.id, sizeof(c.meta.id));
		kw_col_copy(s, 1, c.client_id, sizeof(c.client_id));
		kw_col_copy(s, 2, c.happened_at, sizeof(c.happened_at));
		c.mode = kw_col_strdup(s, 3);
		o = kw_contact_outcome_parse((const char *)sqlite3_column_text(s, 4));
		c.outcome = o < 0 ? KW_CONTACT_MADE : (enum kw_contact_outcome)o;
		c.missed_reason = kw_col_strdup(s, 5);
		c.summary = kw_col_strdup(s, 6);
		c.amends_id = kw_col_strdup(s, 7);
		kw_col_copy(s, 8, c.meta.created_at, sizeof(c.meta.created_at));
		kw_col_copy(s, 9, c.meta.created_by, sizeof(c.meta.created_by));
		kw_col_copy(s, 10, c.meta.updated_at, sizeof(c.meta.updated_at));
		kw_col_copy(s, 11, c.meta.updated_by, sizeof(c.meta.updated_by));
		c.meta.version = sqlite3_column_int64(s, 12);
		c.channel_safety = kw_col_strdup(s, 13);
		c.channel_override = kw_col_strdup(s, 14);
		stop = kw_hidden(st, c.client_id) ? 0 : fn(ctx, &c);
		kw_contact_clear(&c);
	}
	if (kw_rows_end(st, s, step, stop, "listing contacts", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

static int need_sensitive(struct kw_store *st, struct kw_err *err)
{
	if (st->sensitive)
		return 0;
	return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
			  "case notes are in the sensitive compartment, which your role does not "
			  "open");
}

int kw_db_note_add(struct kw_store *st, struct kw_note *n, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step;

	if (need_sensitive(st, err) != 0)
		return -1;
	/* The two files cannot share a foreign key, so check the woman exists here. */
	s = kw_stmt(st, SQL_CLIENT_EXISTS, err);
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, n->client_id);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_ROW)
		return step == SQLITE_DONE
			       ? kw_err_set(err, KW_EDATA, "no woman with id %s", n->client_id)
			       : kw_db_fail(st, "checking a woman's record", err);
	s = kw_stmt(st, SQL_NOTE_ADD, err);
	if (s == NULL)
		return -1;
	kw_meta_new(st, &n->meta);
	memcpy(n->written_at, n->meta.created_at, sizeof(n->written_at));
	if (n->happened_at[0] == '\0')
		memcpy(n->happened_at, n->written_at, sizeof(n->happened_at));
	kw_bind_text(s, 1, n->meta.id);
	kw_bind_text(s, 2, n->client_id);
	kw_bind_text(s, 3, n->happened_at);
	kw_bind_text(s, 4, n->written_at);
	kw_bind_text(s, 5, n->body != NULL ? n->body : "");
	sqlite3_bind_int(s, 6, n->confidential);
	kw_bind_text(s, 7, n->amends_id);
	kw_bind_text(s, 8, n->meta.created_by);
	kw_bind_text(s, 9, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "saving a case note", err);
	return 0;
}

static void read_note(sqlite3_stmt *s, struct kw_note *n)
{
	memset(n, 0, sizeof(*n));
	kw_col_copy(s, 0, n->meta.id, sizeof(n->meta.id));
	kw_col_copy(s, 1, n->client_id, sizeof(n->client_id));
	kw_col_copy(s, 2, n->happened_at, sizeof(n->happened_at));
	kw_col_copy(s, 3, n->written_at, sizeof(n->written_at));
	n->body = kw_col_strdup(s, 4);
	n->confidential = sqlite3_column_int(s, 5) != 0;
	n->amends_id = kw_col_strdup(s, 6);
	kw_col_copy(s, 7, n->meta.created_at, sizeof(n->meta.created_at));
	kw_col_copy(s, 8, n->meta.created_by, sizeof(n->meta.created_by));
	kw_col_copy(s, 9, n->meta.updated_at, sizeof(n->meta.updated_at));
	kw_col_copy(s, 10, n->meta.updated_by, sizeof(n->meta.updated_by));
	n->meta.version = sqlite3_column_int64(s, 11);
}

static int note_loop(struct kw_store *st, sqlite3_stmt *s,
		     int (*fn)(void *ctx, const struct kw_note *n), void *ctx, struct kw_err *err)
{
	int step = SQLITE_DONE, stop = 0;

	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_note n;

		read_note(s, &n);
		stop = kw_hidden(st, n.client_id) ? 0 : fn(ctx, &n);
		kw_note_clear(&n);
	}
	if (kw_rows_end(st, s, step, stop, "reading case notes", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

int kw_db_note_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_note *n), void *ctx,
		    struct kw_err *err)
{
	sqlite3_stmt *s;

	if (need_sensitive(st, err) != 0)
		return -1;
	s = kw_stmt(st, SQL_NOTE_EACH, err);
	if (s == NULL)
		return -1;
	kw_bind_reader(st, s);
	return note_loop(st, s, fn, ctx, err);
}

int kw_db_note_get(struct kw_store *st, const char *id,
		   int (*fn)(void *ctx, const struct kw_note *n), void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s;

	if (need_sensitive(st, err) != 0)
		return -1;
	s = kw_stmt(st, SQL_NOTE_GET, err);
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	kw_bind_reader(st, s);
	return note_loop(st, s, fn, ctx, err);
}

int kw_db_note_search(struct kw_store *st, const char *query, const char *client_id, int limit,
		      int (*fn)(void *ctx, const struct kw_note *n), void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s;
	struct kw_buf q = { 0 };
	int rc;

	if (need_sensitive(st, err) != 0)
		return -1;
	s = kw_stmt(st, SQL_NOTE_SEARCH, err);
	if (s == NULL)
		return -1;
	/* The user's words are matched as one quoted phrase, never as FTS syntax. */
	kw_buf_adds(&q, "\"");
	for (const char *p = query; *p != '\0'; p++) {
		if (*p == '"')
			kw_buf_adds(&q, "\"");
		kw_buf_add(&q, p, 1);
	}
	kw_buf_adds(&q, "\"");
	kw_bind_text(s, 1, q.p);
	sqlite3_bind_int(s, 2, limit);
	kw_bind_text(s, 3, client_id);
	kw_bind_reader(st, s);
	rc = note_loop(st, s, fn, ctx, err);
	kw_buf_free(&q);
	return rc;
}

static const char SQL_HISTORY_EACH_MAIN[] =
	"SELECT table_name, record_id, field, old_value, new_value, created_at, created_by "
	"FROM main.history WHERE record_id = ?1 ORDER BY created_at, rowid";
static const char SQL_HISTORY_EACH_S[] =
	"SELECT table_name, record_id, field, old_value, new_value, created_at, created_by "
	"FROM s.history WHERE record_id = ?1 ORDER BY created_at, rowid";

/* Runs one compartment's history query for record_id; returns 1 if fn stopped, 0, or -1. */
static int history_loop(struct kw_store *st, const char *sql, const char *record_id,
			int (*fn)(void *ctx, const struct kw_change *c), void *ctx,
			struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sql, err);
	int step = SQLITE_DONE, stop = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, record_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_change c = {
			(const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
			(const char *)sqlite3_column_text(s, 4),
			(const char *)sqlite3_column_text(s, 5),
			(const char *)sqlite3_column_text(s, 6),
		};

		stop = fn(ctx, &c);
	}
	if (kw_rows_end(st, s, step, stop, "reading the history of changes", err) != 0)
		return -1;
	return stop != 0;
}

int kw_db_history_each(struct kw_store *st, const char *record_id,
		       int (*fn)(void *ctx, const struct kw_change *c), void *ctx,
		       struct kw_err *err)
{
	int rc = history_loop(st, SQL_HISTORY_EACH_MAIN, record_id, fn, ctx, err);

	if (rc == 0 && st->sensitive)
		rc = history_loop(st, SQL_HISTORY_EACH_S, record_id, fn, ctx, err);
	return rc < 0 ? -1 : 0;
}

int kw_db_test_sort_notes(struct kw_store *st, struct kw_err *err)
{
	static const char sql[] =
		"CREATE TEMP TABLE IF NOT EXISTS leak AS SELECT body || randomblob(2000) AS b "
		"FROM s.notes; SELECT count(*) FROM (SELECT b FROM temp.leak ORDER BY b DESC); "
		"DROP TABLE temp.leak";
	char *msg = NULL;
	int rc;

	if (need_sensitive(st, err) != 0)
		return -1;
	sqlite3_exec(st->db, "PRAGMA cache_size = 2", NULL, NULL, NULL);
	st->raw_write = true; /* temp.leak only */
	rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
	st->raw_write = false;
	if (rc != SQLITE_OK) {
		kw_err_set(err, KW_ESOFTWARE, "sorting notes: %s", msg);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}
