/*
 * formdata.c: loading and saving the answers of a form.
 *
 * A field is kept either in a core column (kinds.c says which table and
 * compartment) or in custom_values keyed by (record, field) in the compartment
 * the field names. A column cannot hold "unknown" or "declined": that state is
 * kept in custom_values beside it, in the column's compartment. SQL here is
 * assembled only from the compiled-in catalog's table and column names; every
 * value a user typed is bound. These statements are prepared per call rather
 * than cached: there is one per column, and the cache is for fixed queries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keywork/formdb.h"
#include "keywork/policy.h"
#include "keywork/util.h"

#define SCHEMA(sensitive) ((sensitive) ? "s" : "main")

/* The role of the signed-in user, as her session verified it (never from the caller). */
static enum kw_role actor_role(struct kw_store *st, struct kw_err *err)
{
	enum kw_role r = kw_db_role(st);

	if (r == KW_ROLE_NONE)
		kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
			   "nobody is signed in, so nothing can be saved");
	return r;
}

/* Prepares the statement in sql (freeing sql), or NULL with err set. */
static sqlite3_stmt *prep(struct kw_store *st, struct kw_buf *sql, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(st->db, sql->p, -1, &s, NULL) != SQLITE_OK) {
		kw_db_fail(st, "preparing a form's query", err);
		s = NULL;
	}
	kw_buf_free(sql);
	return s;
}

static void bind_value(sqlite3_stmt *s, int i, const struct kw_column *c, const char *v)
{
	if (v != NULL && c->type == KW_COL_INT)
		sqlite3_bind_int64(s, i, strtoll(v, NULL, 10));
	else
		kw_bind_text(s, i, v);
}

static bool same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The table, its compartment and the column naming the record, for column c of kind k. */
static void where(const struct kw_kind *k, const struct kw_column *c, const char **table,
		  bool *sensitive, const char **idcol)
{
	*table = kw_kind_column_table(k, c);
	*sensitive = c->sensitive;
	*idcol = *table == k->table ? "id" : k->detail_key;
}

/* Reads column c of record id: 1 found (*out malloc'd, NULL for SQL NULL), 0 no row, -1. */
static int column_get(struct kw_store *st, const struct kw_kind *k, const struct kw_column *c,
		      const char *id, char **out, struct kw_err *err)
{
	struct kw_buf sql = { 0 };
	const char *table, *idcol;
	bool sens;
	sqlite3_stmt *s;
	int step;

	*out = NULL;
	where(k, c, &table, &sens, &idcol);
	kw_buf_printf(&sql, "SELECT %s FROM %s.%s WHERE %s = ?1", c->name, SCHEMA(sens), table,
		      idcol);
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = kw_col_strdup(s, 0);
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading an answer", err);
	return step == SQLITE_ROW;
}

/* Makes sure the detail row of record id exists (for a column kept in the detail table). */
static int detail_row(struct kw_store *st, const struct kw_kind *k, const struct kw_column *c,
		      const char *id, struct kw_err *err)
{
	struct kw_buf sql = { 0 };
	struct kw_rowmeta m = { 0 };
	sqlite3_stmt *s;
	int step;

	if (kw_kind_column_table(k, c) == k->table)
		return 0;
	kw_buf_printf(&sql,
		      "INSERT OR IGNORE INTO %s.%s(%s, created_at, created_by, updated_at, "
		      "updated_by, version, device_id) VALUES (?1, ?2, ?3, ?2, ?3, 1, ?4)",
		      SCHEMA(c->sensitive), k->detail, k->detail_key);
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, id);
	kw_bind_text(s, 2, m.created_at);
	kw_bind_text(s, 3, m.created_by);
	kw_bind_text(s, 4, st->device_id);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "adding a record's details", err);
}

/* Sets column c of record id to v (NULL clears), and records the change when history. */
static int column_set(struct kw_store *st, const struct kw_kind *k, const struct kw_column *c,
		      const char *id, const char *v, bool history, struct kw_err *err)
{
	struct kw_buf sql = { 0 };
	const char *table, *idcol;
	char *old = NULL, now[21];
	bool sens;
	sqlite3_stmt *s;
	int rc = -1, step;

	if (detail_row(st, k, c, id, err) != 0 || column_get(st, k, c, id, &old, err) < 0)
		goto out;
	if (same(old, v)) {
		rc = 0;
		goto out;
	}
	where(k, c, &table, &sens, &idcol);
	kw_buf_printf(&sql,
		      "UPDATE %s.%s SET %s = ?2, updated_at = ?3, updated_by = ?4, device_id = ?5 "
		      "WHERE %s = ?1",
		      SCHEMA(sens), table, c->name, idcol);
	if ((s = prep(st, &sql, err)) == NULL)
		goto out;
	kw_now_iso(now);
	kw_bind_text(s, 1, id);
	bind_value(s, 2, c, v);
	kw_bind_text(s, 3, now);
	kw_bind_text(s, 4, st->actor_id);
	kw_bind_text(s, 5, st->device_id);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		kw_db_fail(st, "saving an answer", err);
		goto out;
	}
	if (history && kw_history_add(st, sens, table, id, c->name, old, v, err) != 0)
		goto out;
	rc = 0;
out:
	free(old);
	return rc;
}

static const char SQL_CV_GET_MAIN[] =
	"SELECT value, state FROM main.custom_values WHERE record_id = ?1 AND field_key = ?2";
static const char SQL_CV_GET_S[] =
	"SELECT value, state FROM s.custom_values WHERE record_id = ?1 AND field_key = ?2";
static const char SQL_CV_PUT_MAIN[] =
	"INSERT INTO main.custom_values(id, record_id, field_key, value, state, created_at, "
	"created_by, updated_at, updated_by, version, device_id) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7, 1, ?8) "
	"ON CONFLICT (record_id, field_key) DO UPDATE SET value = excluded.value, "
	"state = excluded.state, updated_at = excluded.updated_at, "
	"updated_by = excluded.updated_by, version = version + 1, device_id = excluded.device_id";
static const char SQL_CV_PUT_S[] =
	"INSERT INTO s.custom_values(id, record_id, field_key, value, state, created_at, "
	"created_by, updated_at, updated_by, version, device_id) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7, 1, ?8) "
	"ON CONFLICT (record_id, field_key) DO UPDATE SET value = excluded.value, "
	"state = excluded.state, updated_at = excluded.updated_at, "
	"updated_by = excluded.updated_by, version = version + 1, device_id = excluded.device_id";

/* Reads a custom value: 1 found (*text malloc'd or NULL, *state), 0 none, -1. */
static int custom_get(struct kw_store *st, bool sens, const char *id, const char *key, char **text,
		      enum kw_state *state, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sens ? SQL_CV_GET_S : SQL_CV_GET_MAIN, err);
	int step, found = 0;

	*text = NULL;
	*state = KW_STATE_NOT_ASKED;
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	kw_bind_text(s, 2, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		int p = kw_state_parse((const char *)sqlite3_column_text(s, 1));

		*text = kw_col_strdup(s, 0);
		*state = p < 0 ? KW_STATE_ANSWERED : (enum kw_state)p;
		found = 1;
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading an answer", err);
	return found;
}

/*
 * Sets the custom value (text, state) of key on record id, writing history
 * rows for a changed answer (field key) and a changed state (field
 * "key:state") when history is true.
 */
static int custom_set(struct kw_store *st, bool sens, const char *table, const char *id,
		      const char *key, const char *text, enum kw_state state, bool history,
		      struct kw_err *err)
{
	struct kw_rowmeta m = { 0 };
	enum kw_state old_state;
	char *old = NULL;
	sqlite3_stmt *s;
	int rc = -1, found;

	found = custom_get(st, sens, id, key, &old, &old_state, err);
	if (found < 0)
		goto out;
	if (found && old_state == state && same(old, text)) {
		rc = 0;
		goto out;
	}
	/* Nothing to keep: no answer yet, or a column's plain "answered" with no row beside it. */
	if (!found &&
	    (state == KW_STATE_NOT_ASKED || (state == KW_STATE_ANSWERED && text == NULL))) {
		rc = 0;
		goto out;
	}
	s = kw_stmt(st, sens ? SQL_CV_PUT_S : SQL_CV_PUT_MAIN, err);
	if (s == NULL)
		goto out;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, m.id);
	kw_bind_text(s, 2, id);
	kw_bind_text(s, 3, key);
	kw_bind_text(s, 4, text);
	kw_bind_text(s, 5, kw_state_name(state));
	kw_bind_text(s, 6, m.created_at);
	kw_bind_text(s, 7, m.created_by);
	kw_bind_text(s, 8, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		kw_db_fail(st, "saving an answer", err);
		goto out;
	}
	if (history) {
		struct kw_buf sk = { 0 };

		kw_buf_printf(&sk, "%s:state", key);
		if (old_state != state &&
		    kw_history_add(st, sens, table, id, sk.p, kw_state_name(old_state),
				   kw_state_name(state), err) != 0) {
			kw_buf_free(&sk);
			goto out;
		}
		kw_buf_free(&sk);
		if (!same(old, text) &&
		    kw_history_add(st, sens, table, id, key, old, text, err) != 0)
			goto out;
	}
	rc = 0;
out:
	free(old);
	return rc;
}

/* Checks that the record a new one belongs to exists (in its own compartment). */
static int parent_exists(struct kw_store *st, const struct kw_kind *k, const char *parent_id,
			 struct kw_err *err)
{
	const struct kw_kind *pk = kw_kind_find(k->parent_kind);
	struct kw_buf sql = { 0 };
	sqlite3_stmt *s;
	int step;

	if (parent_id[0] == '\0')
		return kw_err_set(err, KW_EUSAGE, "a new %s needs the %s it belongs to", k->label,
				  pk->label);
	kw_buf_printf(&sql, "SELECT 1 FROM %s.%s WHERE id = ?1", SCHEMA(pk->sensitive), pk->table);
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, parent_id);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step == SQLITE_ROW)
		return 0;
	if (step == SQLITE_DONE)
		return kw_err_set(err, KW_EDATA, "there is no %s with id %s", pk->label, parent_id);
	return kw_db_fail(st, "checking a record", err);
}

/* The text a value writes to a column: its answer, or NULL for every other state. */
static const char *answer(const struct kw_value *v)
{
	return v->state == KW_STATE_ANSWERED ? v->text : NULL;
}

/* Inserts a new main row with the main table's column answers (or a client via client.c). */
static int insert_main(struct kw_store *st, const struct kw_form_spec *f,
		       struct kw_form_record *rec, const struct kw_values *vals, struct kw_err *err)
{
	const struct kw_kind *k = f->kind;
	struct kw_buf sql = { 0 }, qs = { 0 };
	struct kw_rowmeta m = { 0 };
	const struct kw_value *bound[64];
	const struct kw_column *cols[64];
	size_t n = 0;
	sqlite3_stmt *s;
	int step, i;

	if (strcmp(k->name, "client") == 0) {
		/* A woman's reference is made by client.c; her answers follow as updates. */
		struct kw_client c = { 0 };

		snprintf(c.meta.id, sizeof(c.meta.id), "%s", st->keep_id);
		snprintf(c.reference, sizeof(c.reference), "%s", st->keep_ref);
		if (kw_db_client_add(st, &c, err) != 0)
			return -1;
		snprintf(rec->id, sizeof(rec->id), "%s", c.meta.id);
		kw_client_clear(&c);
		return 0;
	}
	if (strcmp(k->name, "note") == 0) {
		/* Notes record when they were written as well as when it happened: record.c. */
		struct kw_note note = { 0 };
		const struct kw_value *body = kw_values_get(vals, "body");
		const struct kw_value *when = kw_values_get(vals, "happened_at");
		int rc;

		snprintf(note.meta.id, sizeof(note.meta.id), "%s", st->keep_id);
		snprintf(note.client_id, sizeof(note.client_id), "%s", rec->parent_id);
		if (when != NULL && answer(when) != NULL)
			snprintf(note.happened_at, sizeof(note.happened_at), "%s", answer(when));
		note.body = kw_xstrdup(body != NULL && answer(body) != NULL ? answer(body) : "");
		rc = kw_db_note_add(st, &note, err);
		snprintf(rec->id, sizeof(rec->id), "%s", note.meta.id);
		kw_note_clear(&note);
		return rc;
	}
	for (size_t j = 0; j < vals->n && n < 64; j++) {
		const struct kw_field_spec *fs = kw_form_field(f, vals->v[j].key);

		if (fs->column != NULL && kw_kind_column_table(k, fs->column) == k->table &&
		    answer(&vals->v[j]) != NULL) {
			bound[n] = &vals->v[j];
			cols[n++] = fs->column;
		}
	}
	snprintf(m.id, sizeof(m.id), "%s", st->keep_id);
	kw_meta_new(st, &m);
	snprintf(rec->id, sizeof(rec->id), "%s", m.id);
	kw_buf_printf(&sql,
		      "INSERT INTO %s.%s(id, created_at, created_by, updated_at, updated_by, "
		      "version, device_id",
		      SCHEMA(k->sensitive), k->table);
	kw_buf_adds(&qs, "?1, ?2, ?3, ?2, ?3, 1, ?4");
	i = 5;
	if (k->parent_col != NULL) {
		kw_buf_printf(&sql, ", %s", k->parent_col);
		kw_buf_printf(&qs, ", ?%d", i++);
	}
	for (size_t j = 0; j < n; j++) {
		kw_buf_printf(&sql, ", %s", cols[j]->name);
		kw_buf_printf(&qs, ", ?%d", i++);
	}
	kw_buf_printf(&sql, ") VALUES (%s)", qs.p);
	kw_buf_free(&qs);
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, m.id);
	kw_bind_text(s, 2, m.created_at);
	kw_bind_text(s, 3, m.created_by);
	kw_bind_text(s, 4, st->device_id);
	i = 5;
	if (k->parent_col != NULL)
		kw_bind_text(s, i++, rec->parent_id);
	for (size_t j = 0; j < n; j++)
		bind_value(s, i++, cols[j], answer(bound[j]));
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "adding a record", err);
	return 0;
}

/* Reads the main row's version: 1 found, 0 not, -1. */
/* A record's version, and (parent not NULL) the record it belongs to, or "". */
static int row_version(struct kw_store *st, const struct kw_kind *k, const char *id, long *out,
		       char parent[37], struct kw_err *err)
{
	struct kw_buf sql = { 0 };
	sqlite3_stmt *s;
	int step;

	kw_buf_printf(&sql, "SELECT version, %s FROM %s.%s WHERE id = ?1",
		      k->parent_col != NULL ? k->parent_col : "NULL", SCHEMA(k->sensitive),
		      k->table);
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(s, 0);
	if (step == SQLITE_ROW && parent != NULL)
		kw_col_copy(s, 1, parent, 37);
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading a record", err);
	return step == SQLITE_ROW;
}

/*
 * Refuses a stale save (KW_EDATA), naming who saved the record last and when,
 * so she can ask them rather than guess.
 */
static int stale(struct kw_store *st, const struct kw_kind *k, const char *id, struct kw_err *err)
{
	struct kw_buf sql = { 0 };
	char who[64] = "someone else", when[21] = "";
	sqlite3_stmt *s;

	kw_buf_printf(&sql,
		      "SELECT coalesce(u.username, r.updated_by), r.updated_at FROM %s.%s r "
		      "LEFT JOIN main.users u ON u.id = r.updated_by WHERE r.id = ?1",
		      SCHEMA(k->sensitive), k->table);
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		kw_col_copy(s, 0, who, sizeof(who));
		kw_col_copy(s, 1, when, sizeof(when));
	}
	sqlite3_finalize(s);
	if (when[0] == '\0')
		return kw_err_why(
			err, KW_EDATA, KW_R_STALE,
			"this %s was changed by %s after you opened it; nothing was saved",
			k->label, who);
	return kw_err_why(err, KW_EDATA, KW_R_STALE,
			  "this %s was changed by %s at %s after you opened it; nothing was saved",
			  k->label, who, when);
}

/* Moves the main row on to the next version, if it is still at version. */
static int bump(struct kw_store *st, const struct kw_kind *k, const char *id, long version,
		struct kw_err *err)
{
	struct kw_buf sql = { 0 };
	sqlite3_stmt *s;
	char now[21];
	int step;

	kw_buf_printf(&sql,
		      "UPDATE %s.%s SET version = version + 1, updated_at = ?3, updated_by = ?4, "
		      "device_id = ?5 WHERE id = ?1 AND version = ?2",
		      SCHEMA(k->sensitive), k->table);
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, version);
	kw_bind_text(s, 3, now);
	kw_bind_text(s, 4, st->actor_id);
	kw_bind_text(s, 5, st->device_id);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "saving a record", err);
	if (sqlite3_changes(st->db) != 1)
		return stale(st, k, id, err);
	return 0;
}

/*
 * Inside the general compartment, drop-in staff open only a woman's names and
 * safe channels, her contacts and her keep-apart flags (policy.h); everything
 * else of hers is refused here, whatever a form pack's YAML says. Writing a
 * keep-apart flag is for keyworkers and managers.
 */
static int kind_open(struct kw_store *st, const struct kw_kind *k, enum kw_role role, bool writing,
		     struct kw_err *err)
{
	if (strcmp(k->name, "keep_apart") == 0)
		return writing ? kw_db_may(st, KW_DO_KEEP_APART, err)
			       : kw_db_may(st, KW_DO_SAFETY_FLAGS, err);
	if (role != KW_ROLE_DROPIN || strcmp(k->name, "client") == 0 ||
	    strcmp(k->name, "contact") == 0)
		return 0;
	return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
			  "your role (dropin) can't open %s records: drop-in staff see her name, "
			  "safety flags and contacts",
			  k->label);
}

/* A case note the signed-in user may not read is refused, not shown. */
static const char SQL_NOTE_OPEN[] =
	"SELECT n.confidential, " KW_NOTE_READABLE("n") " FROM s.notes n WHERE n.id = ?1";

static int note_readable(struct kw_store *st, const char *id, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_NOTE_OPEN, err);
	int step, ok = 1;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	kw_bind_reader(st, s);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		ok = sqlite3_column_int(s, 1) != 0;
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading a case note", err);
	if (!ok)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "this case note is confidential: only its writer, her keyworker "
				  "and managers read it");
	return 0;
}

/* A disclosure to someone on her must-not-receive list is refused before it is recorded. */
static int share_allowed(struct kw_store *st, const struct kw_form_spec *f,
			 const struct kw_form_record *rec, const struct kw_values *vals,
			 struct kw_err *err)
{
	const struct kw_value *agency = kw_values_get(vals, "agency");
	char today[11], what[128];
	int found;

	if (strcmp(f->kind->name, "disclosure") != 0 || agency == NULL ||
	    agency->state != KW_STATE_ANSWERED || agency->text == NULL)
		return 0;
	kw_today(today);
	found = kw_db_no_share_find(st, rec->parent_id, agency->text, NULL, today, what,
				    sizeof(what), err);
	if (found < 0)
		return -1;
	/* Her wish, not the user's role: a rule of the work, refused as the rules refuse. */
	if (found > 0)
		return kw_err_why(err, KW_ENOPERM, KW_R_RULE,
				  "%s is on her list of those who must not receive information "
				  "about her: nothing was recorded as shared",
				  what);
	return 0;
}

/* Refuses, before anything is written, what this user may not save. */
static int permitted(struct kw_store *st, const struct kw_form_spec *f, enum kw_role role,
		     bool creating, const struct kw_values *vals, struct kw_err *err)
{
	const struct kw_kind *k = f->kind;

	if (k->sensitive && !st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "%s records are in the sensitive compartment, which your role "
				  "does not open",
				  k->label);
	if (creating && !(f->create & KW_ROLE_BIT(role)))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE, "your role (%s) can't add %s records",
				  kw_role_name(role), k->label);
	if (!creating && k->append_only)
		return kw_err_set(err, KW_EDATA,
				  "a %s is never edited; record a new one that amends it",
				  k->label);
	for (size_t i = 0; i < vals->n; i++) {
		const struct kw_field_spec *fs = kw_form_field(f, vals->v[i].key);

		if (fs == NULL)
			return kw_err_set(err, KW_EUSAGE, "'%s' is not a field of the %s form",
					  vals->v[i].key, f->key);
		if (!kw_field_can_edit(fs, role))
			return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
					  "your role (%s) can't change '%s'", kw_role_name(role),
					  fs->label);
		if (fs->sensitive && !st->sensitive)
			return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
					  "'%s' is kept in the sensitive compartment, which your "
					  "role does not open",
					  fs->label);
		if (vals->v[i].state == KW_STATE_ANSWERED && vals->v[i].text == NULL)
			return kw_err_set(err, KW_EUSAGE, "'%s' has an answer with no text",
					  fs->label);
	}
	return 0;
}

/*
 * Every answer that links to another record must name one that exists (and,
 * for records that belong to a woman, one of hers): a reference is never
 * left pointing at nothing, nor at somebody else's family.
 */
static int check_refs(struct kw_store *st, const struct kw_form_spec *f,
		      const struct kw_form_record *rec, const struct kw_values *vals,
		      struct kw_err *err)
{
	for (size_t j = 0; j < vals->n; j++) {
		const struct kw_field_spec *fs = kw_form_field(f, vals->v[j].key);
		const struct kw_kind *rk;
		struct kw_buf sql = { 0 };
		const char *v = answer(&vals->v[j]);
		bool same_woman;
		sqlite3_stmt *s;
		int step;

		if (fs == NULL || fs->column == NULL || fs->column->type != KW_COL_REF || v == NULL)
			continue;
		rk = kw_kind_find(fs->column->refkind);
		if (rk == NULL)
			continue;
		if (rk->sensitive && !st->sensitive)
			return kw_err_why(err, KW_ENOPERM, KW_R_ROLE, "your role does not open %ss",
					  rk->label);
		same_woman = rk->parent_kind != NULL && strcmp(rk->parent_kind, "client") == 0 &&
			     f->kind->parent_kind != NULL &&
			     strcmp(f->kind->parent_kind, "client") == 0 &&
			     rec->parent_id[0] != '\0';
		kw_buf_printf(&sql, "SELECT 1 FROM %s.%s WHERE id = ?1%s", SCHEMA(rk->sensitive),
			      rk->table, same_woman ? " AND client_id = ?2" : "");
		if ((s = prep(st, &sql, err)) == NULL)
			return -1;
		kw_bind_text(s, 1, v);
		if (same_woman)
			kw_bind_text(s, 2, rec->parent_id);
		step = sqlite3_step(s);
		sqlite3_finalize(s);
		if (step == SQLITE_DONE)
			return kw_err_set(err, KW_EDATA, "%s: that %s is not on her record",
					  fs->label, rk->label);
		if (step != SQLITE_ROW)
			return kw_db_fail(st, "checking a linked record", err);
	}
	return 0;
}

int kw_db_form_save(struct kw_store *st, const struct kw_form_spec *f, struct kw_form_record *rec,
		    const struct kw_values *vals, struct kw_err *err)
{
	const struct kw_kind *k = f->kind;
	bool creating = rec->id[0] == '\0';
	enum kw_role role;
	long version = 1;
	int rc = -1, found;

	if (k == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "form %s edits no kind of record", f->key);
	role = actor_role(st, err);
	if (role == KW_ROLE_NONE)
		return -1;
	if (kind_open(st, k, role, true, err) != 0 ||
	    permitted(st, f, role, creating, vals, err) != 0 ||
	    check_refs(st, f, rec, vals, err) != 0 || share_allowed(st, f, rec, vals, err) != 0)
		return -1;
	if (kw_store_begin(st, err) != 0)
		return -1;
	if (creating) {
		if (k->parent_col != NULL && parent_exists(st, k, rec->parent_id, err) != 0)
			goto out;
		rc = insert_main(st, f, rec, vals, err);
		st->keep_id[0] = st->keep_ref[0] = '\0';
		if (rc != 0)
			goto out;
		rc = -1;
	} else {
		found = row_version(st, k, rec->id, &version, NULL, err);
		if (found <= 0) {
			if (found == 0)
				kw_err_why(err, KW_EDATA, KW_R_GONE, "this %s no longer exists",
					   k->label);
			goto out;
		}
		if (version != rec->version) {
			stale(st, k, rec->id, err);
			goto out;
		}
	}
	for (size_t i = 0; i < vals->n; i++) {
		const struct kw_value *v = &vals->v[i];
		const struct kw_field_spec *fs = kw_form_field(f, v->key);
		const char *table =
			fs->column != NULL ? kw_kind_column_table(k, fs->column) : k->table;

		if (fs->column != NULL) {
			if (column_set(st, k, fs->column, rec->id, answer(v), !creating, err) != 0)
				goto out;
			/* Its state lives beside it: answered, or which kind of not. */
			if (custom_set(st, fs->sensitive, table, rec->id, fs->key, NULL, v->state,
				       !creating, err) != 0)
				goto out;
		} else if (custom_set(st, fs->sensitive, table, rec->id, fs->key, answer(v),
				      v->state, !creating, err) != 0) {
			goto out;
		}
	}
	if (!creating && bump(st, k, rec->id, version, err) != 0)
		goto out;
	if (kw_store_commit(st, err) != 0)
		goto out;
	rec->version = creating ? 1 : version + 1;
	rc = 0;
out:
	if (rc != 0) {
		kw_store_rollback(st);
		if (creating)
			rec->id[0] = '\0';
	}
	return rc;
}

int kw_db_form_load(struct kw_store *st, const struct kw_form_spec *f, struct kw_form_record *rec,
		    struct kw_values *out, struct kw_err *err)
{
	const struct kw_kind *k = f->kind;
	enum kw_role role;
	int found;

	if (k == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "form %s edits no kind of record", f->key);
	role = actor_role(st, err);
	if (role == KW_ROLE_NONE)
		return -1;
	if (k->sensitive && !st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "%s records are in the sensitive compartment, which your role "
				  "does not open",
				  k->label);
	if (kind_open(st, k, role, false, err) != 0)
		return -1;
	if (strcmp(k->name, "note") == 0 && note_readable(st, rec->id, err) != 0)
		return -1;
	found = row_version(st, k, rec->id, &rec->version, rec->parent_id, err);
	if (found <= 0)
		return found;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct kw_field_spec *fs = &f->fields[i];
		enum kw_state state;
		char *text = NULL, *ctext = NULL;
		int got;

		if (!kw_field_can_see(fs, role) || (fs->sensitive && !st->sensitive))
			continue;
		if (fs->column != NULL && column_get(st, k, fs->column, rec->id, &ctext, err) < 0)
			return -1;
		got = custom_get(st, fs->sensitive, rec->id, fs->key, &text, &state, err);
		if (got < 0) {
			free(ctext);
			return -1;
		}
		if (fs->column != NULL && ctext != NULL)
			kw_values_set(out, fs->key, ctext);
		else if (fs->column == NULL && got && state == KW_STATE_ANSWERED)
			kw_values_set(out, fs->key, text);
		else if (got && state != KW_STATE_ANSWERED)
			kw_values_set_state(out, fs->key, state);
		free(text);
		free(ctext);
	}
	return 1;
}

int kw_db_form_list(struct kw_store *st, const struct kw_form_spec *f, const char *parent_id,
		    const char *order_by, int limit,
		    int (*fn)(void *ctx, const char *id, const struct kw_values *vals), void *ctx,
		    struct kw_err *err)
{
	const struct kw_kind *k = f->kind;
	const struct kw_column *oc = order_by != NULL ? kw_kind_column(k, order_by) : NULL;
	struct kw_buf sql = { 0 };
	char **ids = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *s;
	int step, rc = -1, given = 0;

	if (k == NULL || k->parent_col == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "form %s lists no records of a parent",
				  f->key);
	if (k->sensitive && !st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "%s records are in the sensitive compartment, which your role "
				  "does not open",
				  k->label);
	if (kind_open(st, k, actor_role(st, err), false, err) != 0)
		return -1;
	/* Names come from the kinds catalogue, never from the caller: order_by must be a column.
	 * Ties go to the one written last (rowid), so "newest first" holds within a second. */
	kw_buf_printf(
		&sql,
		"SELECT id FROM %s.%s WHERE %s = ?1 ORDER BY %s DESC, created_at DESC, rowid DESC "
		"LIMIT ?2",
		k->sensitive ? "s" : "main", k->table, k->parent_col,
		oc != NULL && kw_kind_column_table(k, oc) == k->table ? oc->name : "created_at");
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, parent_id);
	sqlite3_bind_int(s, 2, limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 16;
			ids = kw_xrealloc(ids, cap * sizeof(*ids));
		}
		ids[n++] = kw_xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		kw_db_fail(st, "listing records", err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct kw_form_record rec = { 0 };
		struct kw_values vals = { 0 };
		int found, stop;

		snprintf(rec.id, sizeof(rec.id), "%s", ids[i]);
		found = kw_db_form_load(st, f, &rec, &vals, err);
		if (found < 0 && err->status == KW_ENOPERM && strcmp(k->name, "note") == 0) {
			/* A confidential note she may not read is left out of the list. */
			kw_err_clear(err);
			found = 0;
		}
		if (found < 0) {
			kw_values_free(&vals);
			goto out;
		}
		stop = found > 0 ? fn(ctx, rec.id, &vals) : 0;
		kw_values_free(&vals);
		given += found > 0;
		if (stop)
			break;
	}
	rc = given;
out:
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

int kw_db_form_set_score(struct kw_store *st, const struct kw_form_spec *f, const char *id,
			 long score, const char *level, bool marac, struct kw_err *err)
{
	const struct kw_kind *k = f->kind;
	struct kw_buf sql = { 0 };
	sqlite3_stmt *s;
	int step;

	/* Only kinds whose table has the computed columns (a risk assessment) take a score. */
	if (k == NULL || kw_kind_column(k, "score") == NULL || kw_kind_column(k, "level") == NULL ||
	    kw_kind_column(k, "marac_referral") == NULL)
		return 0;
	if (k->sensitive && !st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "your role does not open this record");
	kw_buf_printf(&sql,
		      "UPDATE %s.%s SET score = ?2, level = ?3, marac_referral = ?4 WHERE id = ?1",
		      SCHEMA(k->sensitive), k->table);
	if ((s = prep(st, &sql, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, score);
	kw_bind_text(s, 3, level);
	kw_bind_text(s, 4, marac ? "indicated" : "not_indicated");
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "recording a checklist's score", err);
	return 0;
}

int kw_db_form_set_derived(struct kw_store *st, const struct kw_form_spec *f, const char *id,
			   const struct kw_values *derived, struct kw_err *err)
{
	const struct kw_kind *k = f->kind;

	if (k == NULL)
		return 0;
	for (size_t i = 0; i < derived->n; i++) {
		const struct kw_value *v = &derived->v[i];
		const struct kw_field_spec *fs = kw_form_field(f, v->key);

		/* Only an answer kept beside the record: a core column is the user's to set. */
		if (fs == NULL || fs->column != NULL)
			continue;
		if (fs->sensitive && !st->sensitive)
			continue;
		if (custom_set(st, fs->sensitive, k->table, id, fs->key, answer(v), v->state, false,
			       err) != 0)
			return -1;
	}
	return 0;
}
