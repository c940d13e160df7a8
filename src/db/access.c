/*
 * access.c: records restricted to named staff, as the store keeps them: rows
 * in the general compartment, a sealed copy in the sensitive one, signed
 * audit rows; and the women hidden from this session, left out of reads.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keywork/accessdb.h"
#include "keywork/policy.h"
#include "keywork/util.h"

static const char SQL_GENERAL[] =
	"SELECT a.client_id, c.reference, u.username FROM main.client_access a JOIN main.clients "
	"c ON c.id = a.client_id JOIN main.users u ON u.id = a.user_id ORDER BY a.client_id, "
	"u.username";
static const char SQL_SEALED[] =
	"SELECT a.client_id, c.reference, a.users FROM s.client_access_seal a JOIN main.clients c "
	"ON c.id = a.client_id ORDER BY a.client_id";
/* The latest setting or lifting by a manager; a row appended by anyone else does not count. */
static const char SQL_AUDIT[] =
	"SELECT a.client_id, c.reference, substr(a.detail, length(?1) + 1) FROM main.audit a "
	"JOIN main.clients c ON c.id = a.client_id WHERE a.action = 'access' AND a.seq IN "
	"(SELECT max(b.seq) FROM main.audit b JOIN main.users u ON u.id = b.actor_id AND "
	"u.role = 'manager' WHERE b.action IN ('access', 'access-lift') AND b.client_id IS NOT "
	"NULL GROUP BY b.client_id) ORDER BY a.client_id";

int kw_db_access_each(struct kw_store *st, enum kw_access_source source,
		      int (*fn)(void *ctx, const char *client_id, const char *reference,
				const char *users),
		      void *ctx, struct kw_err *err)
{
	static const char *const sql[] = { SQL_GENERAL, SQL_SEALED, SQL_AUDIT };
	struct kw_buf users = { 0 };
	char id[37] = "", ref[16] = "";
	sqlite3_stmt *s;
	int step, stop = 0;

	if (source == KW_ACCESS_SEALED && !st->sensitive)
		return kw_err_set(
			err, KW_ENOPERM,
			"the sealed copy of restrictions is in the sensitive compartment");
	if ((s = kw_stmt(st, sql[source], err)) == NULL)
		return -1;
	if (source == KW_ACCESS_AUDIT)
		kw_bind_text(s, 1, KW_ACCESS_DETAIL);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cid = (const char *)sqlite3_column_text(s, 0);
		const char *u = (const char *)sqlite3_column_text(s, 2);

		if (cid == NULL || u == NULL)
			continue;
		/* The general compartment has a row per user: one call per woman. */
		if (id[0] != '\0' && strcmp(id, cid) != 0) {
			if ((stop = fn(ctx, id, ref, users.p != NULL ? users.p : "")) != 0)
				break;
			users.len = 0;
			if (users.p != NULL)
				users.p[0] = '\0';
		}
		snprintf(id, sizeof(id), "%s", cid);
		kw_col_copy(s, 1, ref, sizeof(ref));
		if (users.len > 0)
			kw_buf_adds(&users, ", ");
		kw_buf_adds(&users, u);
	}
	if (stop == 0 && step == SQLITE_DONE && id[0] != '\0')
		stop = fn(ctx, id, ref, users.p != NULL ? users.p : "");
	kw_buf_free(&users);
	return kw_rows_end(st, s, step, stop, "reading restrictions to named staff", err);
}

struct one {
	const char *id;
	struct kw_buf *users;
};

static int find_one(void *ctx, const char *client_id, const char *reference, const char *users)
{
	struct one *o = ctx;

	(void)reference;
	if (strcmp(client_id, o->id) == 0)
		kw_buf_adds(o->users, users);
	return 0;
}

/* Runs sql with ?1-?4 bound to a-d and ?5-?7 to when, who and where (a statement binds what it names). */
static int run(struct kw_store *st, const char *sql, const char *a, const char *b, const char *c,
	       const char *d, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sql, err);
	struct kw_rowmeta m = { 0 };

	if (s == NULL)
		return -1;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, a);
	kw_bind_text(s, 2, b);
	kw_bind_text(s, 3, c);
	kw_bind_text(s, 4, d);
	kw_bind_text(s, 5, m.created_at);
	kw_bind_text(s, 6, m.created_by);
	kw_bind_text(s, 7, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "recording who may see her", err);
	sqlite3_reset(s);
	return 0;
}

int kw_db_access_set(struct kw_store *st, const char *client_id, const char (*user_ids)[37],
		     size_t n, const char *users, const char *today, struct kw_err *err)
{
	struct kw_buf now = { 0 }, detail = { 0 };
	struct one o = { client_id, &now };
	int rc = -1;

	if (kw_db_may(st, KW_DO_REDACT, err) != 0)
		return -1;
	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "restricting a record needs the sensitive compartment");
	if (kw_store_begin(st, err) != 0)
		return -1;
	if (kw_db_access_each(st, KW_ACCESS_GENERAL, find_one, &o, err) != 0)
		goto fail;
	if ((n == 0 && now.len == 0) || (n > 0 && now.p != NULL && strcmp(now.p, users) == 0)) {
		kw_store_rollback(st);
		rc = 0;
		goto out;
	}
	if (run(st, "DELETE FROM main.client_access WHERE client_id = ?1", client_id, NULL, NULL,
		NULL, err) != 0 ||
	    run(st, "DELETE FROM s.client_access_seal WHERE client_id = ?1", client_id, NULL, NULL,
		NULL, err) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (run(st,
			"INSERT INTO main.client_access (client_id, user_id, set_on, created_at, "
			"created_by, device_id) VALUES (?1, ?2, ?3, ?5, ?6, ?7)",
			client_id, user_ids[i], today, NULL, err) != 0)
			goto fail;
	if (n > 0 && run(st,
			 "INSERT INTO s.client_access_seal (client_id, users, set_on, "
			 "created_at, created_by) VALUES (?1, ?4, ?3, ?5, ?6)",
			 client_id, NULL, today, users, err) != 0)
		goto fail;
	if (n > 0)
		kw_buf_printf(&detail, KW_ACCESS_DETAIL "%s", users);
	else
		kw_buf_adds(&detail, "restriction to named staff lifted");
	if (kw_db_audit(st, n > 0 ? "access" : "access-lift", client_id, detail.p, err) != 0 ||
	    kw_store_commit(st, err) != 0)
		goto fail;
	rc = 1;
	goto out;
fail:
	kw_store_rollback(st);
out:
	kw_buf_free(&now);
	kw_buf_free(&detail);
	return rc;
}

int kw_db_access_client(struct kw_store *st, const char *id_or_ref, char id[37], char reference[16],
			struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st,
				  "SELECT id, reference FROM main.clients WHERE id = ?1 OR "
				  "reference = ?1",
				  err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, id_or_ref);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, id, 37);
		kw_col_copy(s, 1, reference, 16);
		sqlite3_reset(s);
		return 1;
	}
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "finding a woman", err);
}

int kw_db_access_refusals(struct kw_store *st, const char *since, int limit,
			  int (*fn)(void *ctx, const char *at, const char *who,
				    const char *reference, const char *detail),
			  void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step = SQLITE_DONE, stop = 0;

	if (kw_db_may(st, KW_DO_AUDIT_ALL, err) != 0)
		return -1;
	s = kw_stmt(st,
		    "SELECT a.at, coalesce(u.username, a.actor_id, ''), coalesce(c.reference, ''), "
		    "a.detail FROM main.audit a LEFT JOIN main.users u ON u.id = a.actor_id LEFT "
		    "JOIN main.clients c ON c.id = a.client_id WHERE a.action = 'access-refused' "
		    "AND a.at >= ?1 ORDER BY a.seq DESC LIMIT ?2",
		    err);
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, since);
	sqlite3_bind_int(s, 2, limit);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1),
			  (const char *)sqlite3_column_text(s, 2),
			  (const char *)sqlite3_column_text(s, 3));
	return kw_rows_end(st, s, step, stop, "reading refused attempts", err);
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

void kw_db_access_hide(struct kw_store *st, const char (*ids)[37], size_t n)
{
	free(st->hidden);
	st->hidden = NULL;
	st->nhidden = 0;
	if (n == 0)
		return;
	st->hidden = kw_xcalloc(n, sizeof(*st->hidden));
	memcpy(st->hidden, ids, n * sizeof(*st->hidden));
	qsort(st->hidden, n, sizeof(*st->hidden), cmp_id);
	st->nhidden = n;
}

bool kw_hidden(const struct kw_store *st, const char *client_id)
{
	return client_id != NULL && st->nhidden > 0 &&
	       bsearch(client_id, st->hidden, st->nhidden, sizeof(*st->hidden), cmp_id) != NULL;
}

int kw_hidden_refuse(struct kw_err *err)
{
	return kw_err_why(err, KW_ENOPERM, KW_R_HIDDEN,
			  "her record is restricted to named staff; ask a manager");
}

bool kw_db_access_hidden(const struct kw_store *st, const char *client_id)
{
	return kw_hidden(st, client_id);
}
