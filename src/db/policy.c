/*
 * policy.c: who may do what inside a compartment (the table in policy.h),
 * redaction, keep-apart flags and the codeword hint.
 *
 * The role is the one the session verified for the store's actor (from the
 * protected register, or a drop-in worker's keys), never a caller's claim, so no
 * caller can claim a role it does not have.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "keywork/kinds.h"
#include "keywork/policy.h"
#include "keywork/util.h"

enum kw_role kw_db_role(struct kw_store *st)
{
	return st->actor_id[0] != '\0' ? st->role : KW_ROLE_NONE;
}

int kw_db_may(struct kw_store *st, enum kw_do what, struct kw_err *err)
{
	enum kw_role r = kw_db_role(st);

	if (r == KW_ROLE_NONE)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE, "nobody is signed in");
	if (kw_role_may(r, what))
		return 0;
	return kw_err_why(err, KW_ENOPERM, KW_R_ROLE, "your role (%s) can't %s", kw_role_name(r),
			  kw_do_refusal(what));
}

void kw_bind_reader(struct kw_store *st, sqlite3_stmt *s)
{
	if (sqlite3_bind_parameter_count(s) < 99)
		return;
	kw_bind_text(s, 98, st->actor_id);
	sqlite3_bind_int(s, 99, kw_db_role(st) == KW_ROLE_MANAGER);
}

/* --- redaction --- */

#define REDACTED "[redacted]"

/* Runs sql (assembled from catalogue names only) with ?1 the record id; adds changes to *n. */
static int run(struct kw_store *st, const char *sql, const char *id, const char *field, long *n,
	       struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "preparing a redaction", err);
	kw_bind_text(s, 1, id);
	if (sqlite3_bind_parameter_count(s) >= 2)
		kw_bind_text(s, 2, field);
	if (sqlite3_bind_parameter_count(s) >= 3)
		kw_bind_text(s, 3, REDACTED);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "redacting", err);
	*n += sqlite3_changes(st->db);
	return 0;
}

static const char SQL_CLIENT_ID[] = "SELECT id FROM main.clients WHERE id = ?1";

static int client_exists(struct kw_store *st, const char *client_id, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_CLIENT_ID, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? kw_err_set(err, KW_EDATA, "no woman with id %s", client_id)
				   : kw_db_fail(st, "finding her record", err);
}

/* The schema a kind's main table is in. */
static const char *schema_of(const struct kw_kind *k)
{
	return k->sensitive ? "s" : "main";
}

int kw_db_record_owner(struct kw_store *st, const char *record_id, const struct kw_kind **kind,
		       char client_id[37], struct kw_err *err)
{
	size_t n;
	const struct kw_kind *ks = kw_kinds(&n);

	client_id[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct kw_kind *k = &ks[i], *pk = kw_kind_find(k->parent_kind);
		struct kw_buf sql = { 0 };
		sqlite3_stmt *s = NULL;
		int step;

		if (strcmp(k->name, "user") == 0 || (k->sensitive && !st->sensitive) ||
		    (pk != NULL && pk->sensitive && !st->sensitive))
			continue;
		/* Names come from the compiled-in catalogue, never from the caller. */
		if (strcmp(k->name, "client") == 0)
			kw_buf_printf(&sql, "SELECT id FROM main.clients WHERE id = ?1");
		else if (pk != NULL && strcmp(pk->name, "client") == 0)
			kw_buf_printf(&sql, "SELECT %s FROM %s.%s WHERE id = ?1", k->parent_col,
				      schema_of(k), k->table);
		else if (kw_kind_column(k, "client_id") != NULL)
			kw_buf_printf(&sql, "SELECT client_id FROM %s.%s WHERE id = ?1",
				      schema_of(k), k->table);
		else if (pk != NULL && pk->parent_col != NULL &&
			 strcmp(pk->parent_kind, "client") == 0)
			kw_buf_printf(&sql,
				      "SELECT p.%s FROM %s.%s r JOIN %s.%s p ON p.id = r.%s WHERE "
				      "r.id = ?1",
				      pk->parent_col, schema_of(k), k->table, schema_of(pk),
				      pk->table, k->parent_col);
		else
			kw_buf_printf(&sql, "SELECT NULL FROM %s.%s WHERE id = ?1", schema_of(k),
				      k->table);
		if (sqlite3_prepare_v2(st->db, sql.p, -1, &s, NULL) != SQLITE_OK) {
			kw_buf_free(&sql);
			return kw_db_fail(st, "finding a record", err);
		}
		kw_buf_free(&sql);
		kw_bind_text(s, 1, record_id);
		step = sqlite3_step(s);
		if (step == SQLITE_ROW)
			kw_col_copy(s, 0, client_id, 37);
		sqlite3_finalize(s);
		if (step == SQLITE_DONE)
			continue;
		if (step != SQLITE_ROW)
			return kw_db_fail(st, "finding a record", err);
		*kind = k;
		return 1;
	}
	return 0;
}

/*
 * Finds which of her records record_id is: *kind gets its kind. Returns 0,
 * or -1 with err set: KW_EDATA when no record has that id or it is not one
 * of hers.
 */
static int her_record(struct kw_store *st, const char *client_id, const char *record_id,
		      const struct kw_kind **kind, struct kw_err *err)
{
	char owner[37];
	int found = kw_db_record_owner(st, record_id, kind, owner, err);

	if (found < 0)
		return -1;
	if (found == 0)
		return kw_err_set(err, KW_EDATA, "no record %s%s", record_id,
				  st->sensitive ? "" : " in the compartments you can open");
	if (strcmp(owner, client_id) != 0)
		return kw_err_set(err, KW_EDATA, "%s %s is not one of her records", (*kind)->label,
				  record_id);
	return 0;
}

/* A redaction's record: which record and field (NULL: a case note's text), by the actor, now. */
static const char SQL_REDACTION_ADD[] =
	"INSERT INTO main.redactions(id, client_id, record_id, field, created_at, created_by, "
	"updated_at, updated_by, version, device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6, 1, "
	"?7)";

static int redaction_add(struct kw_store *st, const char *client_id, const char *record_id,
			 const char *field, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_REDACTION_ADD, err);
	struct kw_rowmeta m = { 0 };
	int step;

	if (s == NULL)
		return -1;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, m.id);
	kw_bind_text(s, 2, client_id);
	kw_bind_text(s, 3, record_id);
	kw_bind_text(s, 4, field);
	kw_bind_text(s, 5, m.created_at);
	kw_bind_text(s, 6, m.created_by);
	kw_bind_text(s, 7, st->device_id);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "recording the redaction", err);
}

/*
 * Overwrites field of record rec (of kind k) wherever it is kept: the column
 * (or its detail table's), custom answers and history in each compartment
 * open, and the values of any conflict kept beside it, which is settled.
 * *values and *hist get what was overwritten.
 */
static int redact_rows(struct kw_store *st, const struct kw_kind *k, const char *rec,
		       const char *field, long *values, long *hist, struct kw_err *err)
{
	const struct kw_column *c = kw_kind_column(k, field);
	struct kw_buf sql = { 0 };
	long conflicts = 0;
	int rc = -1;

	if (c != NULL && !(c->sensitive && !st->sensitive) &&
	    !(c->not_null && c->type != KW_COL_TEXT)) {
		const char *table = kw_kind_column_table(k, c);
		bool detail_table = strcmp(table, k->table) != 0;

		/* A required text column keeps a marker; any other column is emptied. */
		if (c->not_null)
			kw_buf_printf(&sql, "UPDATE %s.%s SET %s = ?3 WHERE %s = ?1 AND %s <> ?3",
				      c->sensitive ? "s" : "main", table, c->name,
				      detail_table ? k->detail_key : "id", c->name);
		else
			kw_buf_printf(&sql,
				      "UPDATE %s.%s SET %s = NULL WHERE %s = ?1 AND %s IS NOT NULL",
				      c->sensitive ? "s" : "main", table, c->name,
				      detail_table ? k->detail_key : "id", c->name);
		if (run(st, sql.p, rec, field, values, err) != 0)
			goto out;
	}
	for (int i = 0; i < (st->sensitive ? 2 : 1); i++) {
		const char *sch = i == 0 ? "main" : "s";

		sql.len = 0;
		kw_buf_printf(&sql,
			      "UPDATE %s.custom_values SET value = NULL WHERE record_id = ?1 AND "
			      "field_key = ?2 AND value IS NOT NULL",
			      sch);
		if (run(st, sql.p, rec, field, values, err) != 0)
			goto out;
		sql.len = 0;
		kw_buf_printf(
			&sql,
			"UPDATE %s.history SET old_value = CASE WHEN old_value IS NULL THEN "
			"NULL ELSE ?3 END, new_value = CASE WHEN new_value IS NULL THEN NULL "
			"ELSE ?3 END WHERE record_id = ?1 AND field = ?2 AND (coalesce(old_value, "
			"?3) <> ?3 OR coalesce(new_value, ?3) <> ?3)",
			sch);
		if (run(st, sql.p, rec, field, hist, err) != 0)
			goto out;
		/* A value kept beside the record as a conflict could bring it back: never. */
		sql.len = 0;
		kw_buf_printf(&sql,
			      "UPDATE %s.outreach_conflicts SET kept_value = CASE WHEN kept_value "
			      "IS NULL THEN NULL ELSE ?3 END, other_value = CASE WHEN other_value "
			      "IS NULL THEN NULL ELSE ?3 END, base_value = CASE WHEN base_value IS "
			      "NULL THEN NULL ELSE ?3 END, resolved_at = coalesce(resolved_at, "
			      "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now')), resolved_by = "
			      "coalesce(resolved_by, '%s') WHERE record_id = ?1 AND field = ?2 AND "
			      "(coalesce(kept_value, ?3) <> ?3 OR coalesce(other_value, ?3) <> ?3 "
			      "OR coalesce(base_value, ?3) <> ?3 OR resolved_at IS NULL)",
			      sch, st->actor_id);
		if (run(st, sql.p, rec, field, &conflicts, err) != 0)
			goto out;
	}
	*hist += conflicts;
	rc = 0;
out:
	kw_buf_free(&sql);
	return rc;
}

int kw_db_redact_field(struct kw_store *st, const char *client_id, const char *record_id,
		       const char *field, long *rows, struct kw_err *err)
{
	const struct kw_kind *k = NULL;
	const struct kw_column *c;
	const char *rec = record_id != NULL ? record_id : client_id;
	char detail[200];
	long values = 0, hist = 0;
	int rc = -1;

	*rows = 0;
	if (kw_db_may(st, KW_DO_REDACT, err) != 0 || client_exists(st, client_id, err) != 0 ||
	    her_record(st, client_id, rec, &k, err) != 0)
		return -1;
	c = kw_kind_column(k, field);
	if (c != NULL && c->sensitive && !st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "'%s' is in the sensitive compartment", field);
	if (c != NULL && c->not_null && c->type != KW_COL_TEXT)
		return kw_err_set(err, KW_EDATA,
				  "'%s' of a %s is required and is not text: correct it with its "
				  "form instead",
				  field, k->label);
	if (kw_store_begin(st, err) != 0)
		return -1;
	if (redact_rows(st, k, rec, field, &values, &hist, err) != 0)
		goto out;
	if (values + hist == 0) {
		kw_err_set(err, KW_EDATA, "%s holds no value of '%s' to redact",
			   record_id == NULL ? "her record" : "that record", field);
		goto out;
	}
	/* The tombstone: who (the signer), when, which record and field; never the value. */
	if (record_id == NULL)
		snprintf(detail, sizeof(detail),
			 "field %s: %ld value%s and %ld history row%s overwritten", field, values,
			 values == 1 ? "" : "s", hist, hist == 1 ? "" : "s");
	else
		snprintf(detail, sizeof(detail),
			 "%s %.36s field %.40s: %ld value%s and %ld history row%s overwritten",
			 k->name, rec, field, values, values == 1 ? "" : "s", hist,
			 hist == 1 ? "" : "s");
	if (redaction_add(st, client_id, rec, field, err) != 0 ||
	    kw_db_audit(st, "redact", client_id, detail, err) != 0 || kw_store_commit(st, err) != 0)
		goto out;
	*rows = values + hist;
	rc = 0;
out:
	if (rc != 0)
		kw_store_rollback(st);
	return rc;
}

int kw_db_redact_note(struct kw_store *st, const char *client_id, const char *note_id,
		      struct kw_err *err)
{
	char detail[96];
	long n = 0;
	int rc = -1;

	if (kw_db_may(st, KW_DO_REDACT, err) != 0 || client_exists(st, client_id, err) != 0)
		return -1;
	if (!st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "case notes are in the sensitive compartment");
	if (kw_store_begin(st, err) != 0)
		return -1;
	/* The notes_au trigger takes the old text out of the full-text index (secure-delete). */
	if (run(st, "UPDATE s.notes SET body = ?3 WHERE id = ?1 AND client_id = ?2", note_id,
		client_id, &n, err) != 0)
		goto out;
	if (n == 0) {
		kw_err_set(err, KW_EDATA, "she has no case note %s", note_id);
		goto out;
	}
	snprintf(detail, sizeof(detail), "case note %s: text overwritten", note_id);
	if (redaction_add(st, client_id, note_id, NULL, err) != 0 ||
	    kw_db_audit(st, "redact", client_id, detail, err) != 0 || kw_store_commit(st, err) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		kw_store_rollback(st);
	return rc;
}

int kw_db_redact_values(struct kw_store *st, const char *record_id, const char *field, long *rows,
			struct kw_err *err)
{
	const struct kw_kind *k = NULL;
	char owner[37];
	long values = 0, hist = 0;
	int found;

	*rows = 0;
	if (st->depth == 0)
		return kw_err_set(err, KW_ESOFTWARE, "a redaction is carried out in a transaction");
	if (field == NULL) {
		if (!st->sensitive)
			return 0;
		if (run(st, "UPDATE s.notes SET body = ?3 WHERE id = ?1 AND body <> ?3", record_id,
			NULL, rows, err) != 0)
			return -1;
		return 0;
	}
	found = kw_db_record_owner(st, record_id, &k, owner, err);
	if (found <= 0)
		return found; /* not held here: nothing to overwrite */
	if (redact_rows(st, k, record_id, field, &values, &hist, err) != 0)
		return -1;
	*rows = values + hist;
	return 0;
}

/* --- keep apart and the codeword hint --- */

static const char SQL_KEEP_APART[] =
	"SELECT (SELECT count(*) FROM main.keep_apart k WHERE k.client_id = c.id AND "
	"k.ended_on IS NULL) + (SELECT count(*) FROM main.keep_apart k WHERE "
	"k.other_reference = c.reference AND k.ended_on IS NULL) FROM main.clients c "
	"WHERE c.id = ?1";

long kw_db_keep_apart_count(struct kw_store *st, const char *client_id, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_KEEP_APART, err);
	long n = 0;
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading keep-apart flags", err);
	return n;
}

static const char SQL_CODEWORD[] = "SELECT codeword FROM s.client_details WHERE client_id = ?1";

int kw_db_codeword_hint(struct kw_store *st, const char *client_id, char *out, size_t len,
			struct kw_err *err)
{
	sqlite3_stmt *s;
	const unsigned char *w;
	int step;

	out[0] = '\0';
	if (kw_db_may(st, KW_DO_SENSITIVE, err) != 0)
		return -1;
	if (!st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "her codeword is in the sensitive compartment");
	if ((s = kw_stmt(st, SQL_CODEWORD, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	w = step == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
	if (w != NULL && w[0] != '\0') {
		size_t first = 1, chars = 0;

		/* The first character whole (UTF-8), and the length in characters. */
		while ((w[first] & 0xC0) == 0x80)
			first++;
		for (const unsigned char *p = w; *p != '\0'; p++)
			chars += (*p & 0xC0) != 0x80;
		snprintf(out, len, "%.*s, %zu letter%s", (int)first, (const char *)w, chars,
			 chars == 1 ? "" : "s");
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading her codeword", err);
	return 0;
}
