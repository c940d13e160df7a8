/*
 * outreach.c: the registry of outreach laptops, a laptop's link to its
 * centre, and bundle databases.
 *
 * A bundle database is an SQLCipher file under a key of its own, attached to
 * the store as "b". Writing one copies, table by table, the rows of the
 * chosen women (CREATE TABLE b.x AS SELECT ... WHERE her id is one of them),
 * then the custom answers and history of every row copied, then the user
 * rows they name; sensitive tables are copied as b.s_x. Reading one inserts
 * each table's rows column by column, by the names both sides have, so a
 * bundle from a keywork a migration older still loads. Table names come
 * only from the lists below; ids are always bound.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keywork/accessdb.h"
#include "keywork/formdb.h"
#include "keywork/kinds.h"
#include "keywork/outreachdb.h"
#include "keywork/util.h"

/* The general tables a bundle carries, parents first, and which rows: ?-free SQL filters. */
static const struct {
	const char *table;
	const char *filter;
} general[] = {
	{ "clients", "id IN (SELECT id FROM b.w)" },
	{ "children", "client_id IN (SELECT id FROM b.w)" },
	{ "episodes", "client_id IN (SELECT id FROM b.w)" },
	{ "support_plans", "client_id IN (SELECT id FROM b.w)" },
	{ "contacts", "client_id IN (SELECT id FROM b.w)" },
	{ "outcome_scores", "client_id IN (SELECT id FROM b.w)" },
	{ "strengths", "client_id IN (SELECT id FROM b.w)" },
	{ "tasks", "client_id IN (SELECT id FROM b.w)" },
	{ "advocacy_items", "client_id IN (SELECT id FROM b.w)" },
	{ "advocacy_steps", "advocacy_item_id IN (SELECT id FROM b.advocacy_items)" },
	{ "attendance", "client_id IN (SELECT id FROM b.w)" },
	{ "group_sessions", "id IN (SELECT group_session_id FROM b.attendance)" },
	{ "mentor_matches", "client_id IN (SELECT id FROM b.w)" },
	{ "appointments", "client_id IN (SELECT id FROM b.w)" },
	{ "contact_pauses", "client_id IN (SELECT id FROM b.w)" },
	{ "closures", "episode_id IN (SELECT id FROM b.episodes)" },
	/* A keep-apart flag goes only when the other woman goes too (it must name one on record). */
	{ "keep_apart", "client_id IN (SELECT id FROM b.w) AND other_reference IN "
			"(SELECT reference FROM b.clients)" },
	{ "client_holds", "client_id IN (SELECT id FROM b.w)" },
};

/* The sensitive tables, as b.s_<table>. Notes are filtered further (readable ones). */
static const struct {
	const char *table;
	const char *filter;
} sensitive[] = {
	{ "notes", "client_id IN (SELECT id FROM b.w)" },
	{ "client_details", "client_id IN (SELECT id FROM b.w)" },
	{ "people", "client_id IN (SELECT id FROM b.w)" },
	{ "child_details", "child_id IN (SELECT id FROM b.children)" },
	{ "risk_assessments", "client_id IN (SELECT id FROM b.w)" },
	{ "consents", "client_id IN (SELECT id FROM b.w)" },
	{ "disclosures", "client_id IN (SELECT id FROM b.w)" },
	{ "no_share", "client_id IN (SELECT id FROM b.w)" },
	{ "cj_events", "client_id IN (SELECT id FROM b.w)" },
	{ "safety_plans", "client_id IN (SELECT id FROM b.w)" },
};

static int run(struct kw_store *st, const char *sql, const char *doing, struct kw_err *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return kw_db_fail(st, doing, err);
	return 0;
}

static int runf(struct kw_store *st, const char *doing, struct kw_err *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int runf(struct kw_store *st, const char *doing, struct kw_err *err, const char *fmt, ...)
{
	va_list ap;
	char *sql;
	int rc;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sql == NULL)
		abort();
	rc = run(st, sql, doing, err);
	sqlite3_free(sql);
	return rc;
}

/* --- the registry --- */

static const char SQL_LAPTOP_ADD[] =
	"INSERT INTO outreach_laptops(id, name, user_id, created_at, created_by, updated_at, "
	"updated_by, version, device_id, follows_caseload) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5, 1, "
	"?6, ?7)";

static const char SQL_LAPTOP_SEAL_ADD[] =
	"INSERT INTO s.outreach_laptops_seal(laptop_id, name, user_id, follows, created_at, "
	"created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int kw_db_laptop_add(struct kw_store *st, const char *name, const char *user_id, bool follows,
		     char id[37], struct kw_err *err)
{
	sqlite3_stmt *s;
	struct kw_rowmeta m = { 0 };
	int step;

	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "registering a laptop needs the sensitive compartment");
	if ((s = kw_stmt(st, SQL_LAPTOP_ADD, err)) == NULL)
		return -1;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, m.id);
	kw_bind_text(s, 2, name);
	kw_bind_text(s, 3, user_id);
	kw_bind_text(s, 4, m.created_at);
	kw_bind_text(s, 5, m.created_by);
	kw_bind_text(s, 6, st->device_id);
	sqlite3_bind_int(s, 7, follows ? 1 : 0);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step == SQLITE_CONSTRAINT ||
	    (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT)
		return kw_err_set(err, KW_EUSAGE,
				  "a laptop called '%s' is already registered (keywork outreach "
				  "list); give this one another name",
				  name);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "registering the laptop", err);
	if ((s = kw_stmt(st, SQL_LAPTOP_SEAL_ADD, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, m.id);
	kw_bind_text(s, 2, name);
	kw_bind_text(s, 3, user_id);
	sqlite3_bind_int(s, 4, follows ? 1 : 0);
	kw_bind_text(s, 5, m.created_at);
	kw_bind_text(s, 6, m.created_by);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "sealing the laptop's registration", err);
	snprintf(id, 37, "%s", m.id);
	return 0;
}

/*
 * The registry as keywork trusts it. With the sensitive compartment, the
 * sealed copy (sensitive 0015) gives whose laptop it is, whether it follows
 * her caseload and the last bundle taken from it, whatever the general row
 * now says; the three records of a revocation come back each in a column of
 * its own (the audit's: the first signed outreach-revoke row by a manager or
 * the laptop's own user). A laptop in only one of the two copies is listed
 * too, and says so.
 */
#define LAPTOP_REVOKE_AUDIT(name, user)                                                            \
	"(SELECT min(a.at) FROM main.audit a JOIN main.users v ON v.id = a.actor_id WHERE "        \
	"a.action = 'outreach-revoke' AND substr(a.detail, 1, length(" name ") + 11) = 'laptop ' " \
	"|| " name " || ' of ' AND (v.role = 'manager' OR v.id = " user "))"
#define LAPTOP_WOMEN(id)                                                      \
	"(SELECT count(*) FROM main.outreach_women w WHERE w.laptop_id = " id \
	" AND w.until IS NULL)"
#define LAPTOP_COLS                                                                       \
	"l.id, l.name, l.user_id, coalesce(u.username, ''), l.sent_seq, l.received_seq, " \
	"l.created_at, coalesce(l.last_exchange_at, ''), coalesce(l.revoked_at, ''), "    \
	"coalesce(l.received_hash, ''), " LAPTOP_WOMEN(                                   \
		"l.id") ", l.follows_caseload, 1, '', '', "                               \
			"l.user_id, l.follows_caseload, l.received_seq "                  \
			"FROM main.outreach_laptops l LEFT JOIN main.users u ON u.id = l.user_id "
#define LAPTOP_SEALED_COLS                                                                         \
	"coalesce(l.id, z.laptop_id), coalesce(z.name, l.name), coalesce(z.user_id, l.user_id), "  \
	"coalesce(u.username, ''), coalesce(l.sent_seq, 0), max(coalesce(l.received_seq, 0), "     \
	"coalesce(z.received_seq, 0)), coalesce(z.created_at, l.created_at), "                     \
	"coalesce(l.last_exchange_at, ''), coalesce(l.revoked_at, ''), "                           \
	"coalesce(l.received_hash, ''), " LAPTOP_WOMEN(                                            \
		"coalesce(l.id, z.laptop_id)") ", "                                                \
					       "coalesce(z.follows, l.follows_caseload), (l.id "   \
					       "IS NOT NULL) | ((z.laptop_id IS NOT "              \
					       "NULL) << 1), coalesce(z.revoked_at, ''), "         \
					       "coalesce(" LAPTOP_REVOKE_AUDIT(                    \
						       "coalesce(z.name, l.name)",                 \
						       "coalesce(z.user_id, l.user_id)") ", ''), " \
											 "l.user_" \
											 "id, "    \
											 "l."      \
											 "follows" \
											 "_caselo" \
											 "ad, "    \
											 "l."      \
											 "receive" \
											 "d_seq "  \
											 "FROM "   \
											 "main."   \
											 "outreac" \
											 "h_"      \
											 "laptops" \
											 " l "     \
											 "FULL "   \
											 "JOIN "   \
											 "s."      \
											 "outreac" \
											 "h_"      \
											 "laptops" \
											 "_seal "  \
											 "z ON "   \
											 "z."      \
											 "laptop_" \
											 "id = "   \
											 "l.id "   \
											 "LEFT "   \
											 "JOIN "   \
											 "main."   \
											 "users "  \
											 "u ON "   \
											 "u.id = " \
											 "coalesc" \
											 "e(z."    \
											 "user_"   \
											 "id, "    \
											 "l.user_" \
											 "id) "
/* By [sealed]: by name, each by name, by id. */
static const char *const SQL_LAPTOP_FIND[2] = {
	"SELECT " LAPTOP_COLS "WHERE l.name = ?1",
	"SELECT " LAPTOP_SEALED_COLS "WHERE coalesce(z.name, l.name) = ?1",
};
static const char *const SQL_LAPTOP_EACH[2] = {
	"SELECT " LAPTOP_COLS "ORDER BY l.name",
	"SELECT " LAPTOP_SEALED_COLS "ORDER BY coalesce(z.name, l.name)",
};
static const char *const SQL_LAPTOP_BY_ID[2] = {
	"SELECT " LAPTOP_COLS "WHERE l.id = ?1",
	"SELECT " LAPTOP_SEALED_COLS "WHERE coalesce(l.id, z.laptop_id) = ?1",
};

static void laptop_row(sqlite3_stmt *s, struct kw_laptop *l)
{
	char sealed_at[21], audit_at[21];
	const char *when[] = { l->revoked_at, sealed_at, audit_at };

	memset(l, 0, sizeof(*l));
	kw_col_copy(s, 0, l->id, sizeof(l->id));
	kw_col_copy(s, 1, l->name, sizeof(l->name));
	kw_col_copy(s, 2, l->user_id, sizeof(l->user_id));
	kw_col_copy(s, 3, l->username, sizeof(l->username));
	l->sent_seq = sqlite3_column_int64(s, 4);
	l->received_seq = sqlite3_column_int64(s, 5);
	kw_col_copy(s, 6, l->created_at, sizeof(l->created_at));
	kw_col_copy(s, 7, l->last_exchange_at, sizeof(l->last_exchange_at));
	kw_col_copy(s, 8, l->revoked_at, sizeof(l->revoked_at));
	kw_col_copy(s, 9, l->received_hash, sizeof(l->received_hash));
	l->women = sqlite3_column_int(s, 10);
	l->follows = sqlite3_column_int(s, 11) != 0;
	l->present = (unsigned)sqlite3_column_int(s, 12);
	kw_col_copy(s, 13, sealed_at, sizeof(sealed_at));
	kw_col_copy(s, 14, audit_at, sizeof(audit_at));
	for (int k = 0; k < 3; k++)
		if (when[k][0] != '\0') {
			l->revoked_in |= 1u << k;
			if (l->revoked_at[0] == '\0')
				snprintf(l->revoked_at, sizeof(l->revoked_at), "%s", when[k]);
		}
	kw_col_copy(s, 15, l->general_user_id, sizeof(l->general_user_id));
	l->general_follows = sqlite3_column_int(s, 16) != 0;
	l->general_received_seq = sqlite3_column_int64(s, 17);
}

static int laptop_one(struct kw_store *st, const char *sql, const char *key, struct kw_laptop *out,
		      struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sql, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		laptop_row(s, out);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "reading the laptops", err);
}

int kw_db_laptop_find(struct kw_store *st, const char *name, struct kw_laptop *out,
		      struct kw_err *err)
{
	return laptop_one(st, SQL_LAPTOP_FIND[st->sensitive], name, out, err);
}

int kw_db_laptop_by_id(struct kw_store *st, const char *id, struct kw_laptop *out,
		       struct kw_err *err)
{
	return laptop_one(st, SQL_LAPTOP_BY_ID[st->sensitive], id, out, err);
}

static const char SQL_LAPTOP_RECEIVED[] =
	"UPDATE outreach_laptops SET received_seq = ?2, received_hash = ?3, last_exchange_at = ?4, "
	"updated_at = ?4, updated_by = ?5, version = version + 1, device_id = ?6 WHERE id = ?1";

static const char SQL_LAPTOP_SEAL_RECEIVED[] =
	"UPDATE s.outreach_laptops_seal SET received_seq = max(received_seq, ?2) WHERE laptop_id = "
	"?1";

int kw_db_laptop_received(struct kw_store *st, const char *laptop_id, long long seq,
			  const char *hash, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LAPTOP_RECEIVED, err);
	char now[21];
	int step;

	if (s == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, laptop_id);
	sqlite3_bind_int64(s, 2, seq);
	kw_bind_text(s, 3, hash);
	kw_bind_text(s, 4, now);
	kw_bind_text(s, 5, st->actor_id);
	kw_bind_text(s, 6, st->device_id);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "recording the bundle taken", err);
	if (!st->sensitive)
		return 0;
	if ((s = kw_stmt(st, SQL_LAPTOP_SEAL_RECEIVED, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, laptop_id);
	sqlite3_bind_int64(s, 2, seq);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "sealing the bundle taken", err);
}

static const char SQL_WOMEN_IDS[] =
	"SELECT client_id FROM outreach_women WHERE laptop_id = ?1 AND until IS NULL AND leaving "
	"IS "
	"NULL AND client_id IN (SELECT id FROM clients) ORDER BY client_id";

int kw_db_laptop_women_ids(struct kw_store *st, const char *laptop_id,
			   int (*fn)(void *ctx, const char *client_id), void *ctx,
			   struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_WOMEN_IDS, err);
	int step, stop = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, laptop_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0));
	return kw_rows_end(st, s, step, stop, "reading the laptop's women", err);
}

static const char SQL_REGISTER_KEY[] =
	"SELECT EXISTS (SELECT 1 FROM s.signing_keys WHERE sign_pk = ?1 AND user_id = ?2)";

int kw_db_register_key_is(struct kw_store *st, const unsigned char sign_pk[32], const char *user_id,
			  struct kw_err *err)
{
	sqlite3_stmt *s;
	int step, r = -1;

	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "checking a laptop's signature needs the sensitive compartment");
	if ((s = kw_stmt(st, SQL_REGISTER_KEY, err)) == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, sign_pk, 32, SQLITE_TRANSIENT);
	kw_bind_text(s, 2, user_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		r = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return r >= 0 ? r : kw_db_fail(st, "reading the protected register", err);
}

int kw_db_laptop_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_laptop *l),
		      void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LAPTOP_EACH[st->sensitive], err);
	struct kw_laptop l;
	int step, stop = 0;

	if (s == NULL)
		return -1;
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		laptop_row(s, &l);
		stop = fn(ctx, &l);
	}
	return kw_rows_end(st, s, step, stop, "reading the laptops", err);
}

static const char SQL_LAPTOP_SENT[] =
	"UPDATE outreach_laptops SET sent_seq = ?2, last_exchange_at = ?3, updated_at = ?3, "
	"updated_by = ?4, version = version + 1, device_id = ?5 WHERE id = ?1";

int kw_db_laptop_sent(struct kw_store *st, const char *laptop_id, long long seq, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LAPTOP_SENT, err);
	char now[21];
	int step;

	if (s == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, laptop_id);
	sqlite3_bind_int64(s, 2, seq);
	kw_bind_text(s, 3, now);
	kw_bind_text(s, 4, st->actor_id);
	kw_bind_text(s, 5, st->device_id);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "recording the bundle sent", err);
}

static const char SQL_LAPTOP_REVOKE[] =
	"UPDATE main.outreach_laptops SET revoked_at = ?2, revoked_by = ?3, updated_at = ?2, "
	"updated_by = ?3, version = version + 1, device_id = ?4 WHERE id = ?1 AND revoked_at IS "
	"NULL";
static const char SQL_LAPTOP_SEAL_REVOKE[] =
	"UPDATE s.outreach_laptops_seal SET revoked_at = ?2, revoked_by = ?3 WHERE laptop_id = ?1 "
	"AND revoked_at IS NULL";

int kw_db_laptop_revoke(struct kw_store *st, const char *laptop_id, struct kw_err *err)
{
	const char *sql[] = { SQL_LAPTOP_REVOKE, SQL_LAPTOP_SEAL_REVOKE };
	char now[21];

	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "revoking a laptop needs the sensitive compartment");
	kw_now_iso(now);
	for (size_t i = 0; i < KW_ARRAY_LEN(sql); i++) {
		sqlite3_stmt *s = kw_stmt(st, sql[i], err);
		int step;

		if (s == NULL)
			return -1;
		kw_bind_text(s, 1, laptop_id);
		kw_bind_text(s, 2, now);
		kw_bind_text(s, 3, st->actor_id);
		if (i == 0)
			kw_bind_text(s, 4, st->device_id);
		step = sqlite3_step(s);
		sqlite3_reset(s);
		if (step != SQLITE_DONE)
			return kw_db_fail(st, "revoking the laptop", err);
	}
	return 0;
}

/*
 * keywork.db's rows of the registry brought back to its sealed copy: whose
 * laptop, whether it follows her caseload, the last bundle taken and a
 * revocation; a laptop missing from keywork.db written again; one keywork
 * never sealed (written in outside it) removed with its list of women.
 */
static const char SQL_REGISTRY_REPAIR[] =
	"UPDATE main.outreach_laptops AS l SET user_id = z.user_id, follows_caseload = z.follows, "
	"received_seq = max(l.received_seq, z.received_seq), revoked_at = coalesce(l.revoked_at, "
	"z.revoked_at), revoked_by = coalesce(l.revoked_by, z.revoked_by) FROM "
	"s.outreach_laptops_seal z WHERE z.laptop_id = l.id AND (l.user_id IS NOT z.user_id OR "
	"l.follows_caseload IS NOT z.follows OR l.received_seq < z.received_seq OR (l.revoked_at "
	"IS NULL AND z.revoked_at IS NOT NULL));"
	"INSERT INTO main.outreach_laptops(id, name, user_id, received_seq, revoked_at, "
	"revoked_by, created_at, created_by, updated_at, updated_by, version, device_id, "
	"follows_caseload) SELECT z.laptop_id, z.name, z.user_id, z.received_seq, z.revoked_at, "
	"z.revoked_by, z.created_at, z.created_by, z.created_at, z.created_by, 1, ?1, z.follows "
	"FROM s.outreach_laptops_seal z WHERE NOT EXISTS (SELECT 1 FROM main.outreach_laptops l "
	"WHERE l.id = z.laptop_id);"
	"DELETE FROM main.outreach_women WHERE laptop_id NOT IN (SELECT laptop_id FROM "
	"s.outreach_laptops_seal);"
	"DELETE FROM main.outreach_laptops WHERE id NOT IN (SELECT laptop_id FROM "
	"s.outreach_laptops_seal);";

int kw_db_laptop_registry_repair(struct kw_store *st, long *changed, struct kw_err *err)
{
	const char *rest = SQL_REGISTRY_REPAIR;

	*changed = 0;
	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "repairing the laptop registry needs the sensitive compartment");
	if (st->depth == 0)
		return kw_err_set(err, KW_ESOFTWARE, "the registry is repaired in a transaction");
	while (rest != NULL && *rest != '\0') {
		sqlite3_stmt *s = NULL;
		const char *tail = NULL;

		if (sqlite3_prepare_v2(st->db, rest, -1, &s, &tail) != SQLITE_OK)
			return kw_db_fail(st, "repairing the laptop registry", err);
		if (s == NULL)
			break;
		if (sqlite3_bind_parameter_count(s) > 0)
			kw_bind_text(s, 1, st->device_id);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			return kw_db_fail(st, "repairing the laptop registry", err);
		}
		*changed += sqlite3_changes(st->db);
		sqlite3_finalize(s);
		rest = tail;
	}
	return 0;
}

/* Her keyworker now goes with her: allocated elsewhere since, she leaves (plan_laptop). */
static const char SQL_WOMAN_ADD[] =
	"INSERT INTO outreach_women(laptop_id, client_id, reference, since, keyworker_id) VALUES "
	"(?1, ?2, ?3, ?4, coalesce((SELECT c.keyworker_id FROM main.clients c WHERE c.id = ?2), "
	"'')) ON CONFLICT(laptop_id, client_id) DO UPDATE SET until = NULL, "
	"leaving = NULL, since = CASE WHEN until IS NULL THEN since ELSE "
	"excluded.since END, keyworker_id = excluded.keyworker_id";

int kw_db_laptop_woman_add(struct kw_store *st, const char *laptop_id, const char *client_id,
			   const char *reference, const char *since, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_WOMAN_ADD, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, laptop_id);
	kw_bind_text(s, 2, client_id);
	kw_bind_text(s, 3, reference);
	kw_bind_text(s, 4, since);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "recording the laptop's women", err);
}

/*
 * Whether a signed outreach-add row by a manager or keyworker says the woman
 * cid's records went on the laptop ?1 (its name from the registry's sealed
 * copy): a row of keywork.db's list of women without one was written there
 * outside keywork.
 */
#define LAPTOP_NAME_SEALED "(SELECT z.name FROM s.outreach_laptops_seal z WHERE z.laptop_id = ?1)"
#define ADDED_SIGNED(cid)                                                                          \
	"EXISTS (SELECT 1 FROM main.audit a JOIN main.users u ON u.id = a.actor_id AND u.role IN " \
	"('manager', 'keyworker') WHERE a.client_id = " cid " AND a.action = 'outreach-add' AND "  \
	"instr(a.detail || ' ', 'the laptop ' || " LAPTOP_NAME_SEALED " || ' ') > 0)"

/*
 * By [sensitive]. With it, the women a revocation lists are also those whose
 * signed outreach-add rows name the laptop, so that a row deleted from
 * keywork.db's list still reaches the breach report.
 */
static const char *const SQL_WOMEN_EACH[2] = {
	"SELECT w.reference, c.known_as, w.since, coalesce(w.until, '') FROM outreach_women w "
	"LEFT JOIN clients c ON c.id = w.client_id WHERE w.laptop_id = ?1 ORDER BY w.reference",
	"SELECT coalesce(w.reference, c.reference, a.client_id), c.known_as, coalesce(w.since, "
	"a.at), coalesce(w.until, '') FROM (SELECT client_id, min(at) AS at FROM main.audit "
	"WHERE action = 'outreach-add' AND client_id IS NOT NULL AND instr(detail || ' ', 'the "
	"laptop ' || " LAPTOP_NAME_SEALED " || ' ') > 0 GROUP BY client_id) a FULL JOIN (SELECT "
	"* FROM main.outreach_women WHERE laptop_id = ?1) w ON w.client_id = a.client_id LEFT "
	"JOIN main.clients c ON c.id = coalesce(w.client_id, a.client_id) ORDER BY 1",
};

int kw_db_laptop_women_each(struct kw_store *st, const char *laptop_id,
			    int (*fn)(void *ctx, const char *reference, const char *known_as,
				      const char *since, const char *until),
			    void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_WOMEN_EACH[st->sensitive], err);
	int step, stop = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, laptop_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1),
			  (const char *)sqlite3_column_text(s, 2),
			  (const char *)sqlite3_column_text(s, 3));
	return kw_rows_end(st, s, step, stop, "reading the laptop's women", err);
}

/*
 * Whether a woman's record is restricted to named staff, by any of the three
 * records of it (src/db/access.c): the general rows, with the sensitive
 * compartment their sealed copy, and the latest signed setting or lifting by
 * a manager. So a restriction row deleted with only the general key still
 * keeps her off a laptop. RESTRICT_NAMES: and whether every record of it that
 * restricts her names the user (id uid).
 */
#define RESTRICT_AUDIT(cid)                                                                     \
	"(SELECT b.action = 'access' FROM main.audit b JOIN main.users u ON u.id = b.actor_id " \
	"AND u.role = 'manager' WHERE b.client_id = " cid " AND b.action IN ('access', "        \
	"'access-lift') ORDER BY b.seq DESC LIMIT 1)"
#define RESTRICT_AUDIT_USERS(cid)                                                              \
	"(SELECT substr(b.detail, length('" KW_ACCESS_DETAIL "') + 1) FROM main.audit b JOIN " \
	"main.users u ON u.id = b.actor_id AND u.role = 'manager' WHERE b.client_id = " cid    \
	" AND b.action IN ('access', 'access-lift') ORDER BY b.seq DESC LIMIT 1)"
#define RESTRICT_ANY(cid)                                                                     \
	"(EXISTS (SELECT 1 FROM main.client_access a WHERE a.client_id = " cid ") OR EXISTS " \
	"(SELECT 1 FROM s.client_access_seal z WHERE z.client_id = " cid                      \
	") OR coalesce(" RESTRICT_AUDIT(cid) ", 0))"
#define NAMED_IN(list, uid)                                                                        \
	"instr(', ' || " list " || ', ', ', ' || (SELECT username FROM main.users WHERE id = " uid \
	") || ', ') > 0"
#define RESTRICT_NAMES(cid, uid)                                                            \
	"((NOT EXISTS (SELECT 1 FROM main.client_access a WHERE a.client_id = " cid ") OR " \
	"EXISTS (SELECT 1 FROM main.client_access a WHERE a.client_id = " cid               \
	" AND a.user_id = " uid                                                             \
	")) AND NOT EXISTS (SELECT 1 FROM s.client_access_seal z WHERE z.client_id = " cid  \
	" AND NOT " NAMED_IN("z.users", uid) ") AND (NOT coalesce(" RESTRICT_AUDIT(         \
		cid) ", 0) OR " NAMED_IN(RESTRICT_AUDIT_USERS(cid), uid) "))"

/* By [sensitive]: the general rows alone, or all three records. */
static const char *const SQL_NAMED_STAFF[2] = {
	"SELECT EXISTS (SELECT 1 FROM client_access WHERE client_id = ?1)",
	"SELECT " RESTRICT_ANY("?1"),
};

int kw_db_named_staff_only(struct kw_store *st, const char *client_id, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_NAMED_STAFF[st->sensitive], err);
	int step, r;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	r = step == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_reset(s);
	return r >= 0 ? r : kw_db_fail(st, "reading a restriction", err);
}

/* --- bundle databases --- */

int kw_db_bundle_attach(struct kw_store *st, const char *path, const char *key, size_t keylen,
			struct kw_err *err)
{
	sqlite3_stmt *att = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(st->db, "ATTACH DATABASE ?1 AS b KEY ?2", -1, &att, NULL) !=
	    SQLITE_OK)
		return kw_db_fail(st, "preparing to open the bundle", err);
	sqlite3_bind_text(att, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(att, 2, key, (int)keylen, SQLITE_STATIC);
	if (sqlite3_step(att) != SQLITE_DONE) {
		kw_db_fail(st, "opening the bundle", err);
		goto out;
	}
	/* A wrong key or a damaged file fails at the first read. */
	if (sqlite3_exec(st->db, "SELECT count(*) FROM b.sqlite_master", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		kw_err_set(err, KW_EDATA, "the bundle's records do not open with its key: %s",
			   sqlite3_errmsg(st->db));
		sqlite3_exec(st->db, "DETACH DATABASE b", NULL, NULL, NULL);
		goto out;
	}
	/* Its journal in memory: a bundle interrupted while written is thrown away whole. */
	if (run(st, "PRAGMA b.journal_mode = MEMORY", "opening the bundle", err) != 0 ||
	    run(st, "PRAGMA b.secure_delete = ON", "opening the bundle", err) != 0) {
		sqlite3_exec(st->db, "DETACH DATABASE b", NULL, NULL, NULL);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(att);
	return rc;
}

void kw_db_bundle_detach(struct kw_store *st)
{
	sqlite3_exec(st->db, "DETACH DATABASE b", NULL, NULL, NULL);
}

static long count_of(struct kw_store *st, const char *table)
{
	struct kw_buf sql = { 0 };
	sqlite3_stmt *s = NULL;
	long n = 0;

	kw_buf_printf(&sql, "SELECT count(*) FROM b.%s", table);
	if (sqlite3_prepare_v2(st->db, sql.p, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	kw_buf_free(&sql);
	return n;
}

static void count_bundle(struct kw_store *st, struct kw_bundle_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->women = count_of(st, "clients");
	c->contacts = count_of(st, "contacts");
	c->tasks = count_of(st, "tasks");
	c->appointments = count_of(st, "appointments");
	c->users = count_of(st, "users");
	for (size_t i = 0; i < KW_ARRAY_LEN(general); i++)
		c->other += count_of(st, general[i].table);
	c->other -= c->women + c->contacts + c->tasks + c->appointments;
	if (count_of(st, "sqlite_master WHERE name = 's_notes'") > 0) {
		struct kw_buf t = { 0 };

		c->notes = count_of(st, "s_notes");
		for (size_t i = 1; i < KW_ARRAY_LEN(sensitive); i++) {
			kw_buf_printf(&t, "s_%s", sensitive[i].table);
			c->other += count_of(st, t.p);
			t.len = 0;
		}
		kw_buf_free(&t);
	}
}

int kw_db_bundle_write(struct kw_store *st, const char *path, const char *key, size_t keylen,
		       const struct kw_bundle_sel *sel, struct kw_bundle_counts *counts,
		       struct kw_err *err)
{
	const char *doing = "writing the bundle";
	struct kw_buf ids = { 0 }, users = { 0 };
	sqlite3_stmt *s = NULL;
	bool sens = sel->sensitive && st->sensitive;
	/* A laptop's own work: every row last written on its device (a UUID, quoted). */
	char *bydev =
		sqlite3_mprintf("device_id = %Q", sel->device_id != NULL ? sel->device_id : "");
	int rc = -1;

	if (st->depth > 0) {
		sqlite3_free(bydev);
		return kw_err_set(err, KW_ESOFTWARE, "a bundle is written outside a transaction");
	}
	if (kw_db_bundle_attach(st, path, key, keylen, err) != 0) {
		sqlite3_free(bydev);
		return -1;
	}
	/* One read transaction over every compartment: the bundle is one moment. */
	st->raw_write = true;
	if (run(st, "BEGIN", doing, err) != 0)
		goto detach;
	if (run(st, "CREATE TABLE b.w(id TEXT PRIMARY KEY) STRICT", doing, err) != 0)
		goto fail;
	if (sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO b.w(id) VALUES (?1)", -1, &s, NULL) !=
	    SQLITE_OK) {
		kw_db_fail(st, doing, err);
		goto fail;
	}
	for (size_t i = 0; i < sel->nclients; i++) {
		kw_bind_text(s, 1, sel->client_ids[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			kw_db_fail(st, doing, err);
			goto fail;
		}
		sqlite3_reset(s);
	}
	for (size_t i = 0; i < KW_ARRAY_LEN(general); i++) {
		if (runf(st, doing, err, "CREATE TABLE b.%s AS SELECT * FROM main.%s WHERE %s",
			 general[i].table, general[i].table,
			 sel->device_id != NULL ? bydev : general[i].filter) != 0)
			goto fail;
		kw_buf_printf(&ids, "%sSELECT id FROM b.%s", i > 0 ? " UNION ALL " : "",
			      general[i].table);
		kw_buf_printf(
			&users,
			" UNION SELECT created_by FROM b.%s UNION SELECT updated_by FROM b.%s",
			general[i].table, general[i].table);
	}
	if (sens) {
		for (size_t i = 0; i < KW_ARRAY_LEN(sensitive); i++) {
			if (runf(st, doing, err,
				 "CREATE TABLE b.s_%s AS SELECT * FROM s.%s WHERE %s",
				 sensitive[i].table, sensitive[i].table,
				 sel->device_id != NULL ? bydev : sensitive[i].filter) != 0)
				goto fail;
			kw_buf_printf(
				&ids, " UNION ALL SELECT %s FROM b.s_%s",
				strcmp(sensitive[i].table, "client_details") == 0  ? "client_id"
				: strcmp(sensitive[i].table, "child_details") == 0 ? "child_id"
										   : "id",
				sensitive[i].table);
			kw_buf_printf(&users,
				      " UNION SELECT created_by FROM b.s_%s UNION SELECT "
				      "updated_by FROM b.s_%s",
				      sensitive[i].table, sensitive[i].table);
		}
		/*
		 * Only the notes she may read (as KW_NOTE_READABLE decides at the
		 * centre), and no amendment of a note left out, however deep.
		 */
		sqlite3_finalize(s);
		s = NULL;
		/* A laptop's own notes are hers; what they amend is at the centre already. */
		if (sel->device_id != NULL)
			goto notes_done;
		if (sqlite3_prepare_v2(
			    st->db,
			    "DELETE FROM b.s_notes WHERE NOT (confidential = 0 OR ?1 = 1 OR "
			    "created_by = ?2 OR EXISTS (SELECT 1 FROM s.client_allocation_seal "
			    "kc WHERE kc.client_id = b.s_notes.client_id AND kc.keyworker_id = "
			    "?2))",
			    -1, &s, NULL) != SQLITE_OK) {
			kw_db_fail(st, doing, err);
			goto fail;
		}
		sqlite3_bind_int(s, 1, sel->reader_manager ? 1 : 0);
		kw_bind_text(s, 2, sel->user_id);
		if (sqlite3_step(s) != SQLITE_DONE) {
			kw_db_fail(st, doing, err);
			goto fail;
		}
		for (;;) {
			if (run(st,
				"DELETE FROM b.s_notes WHERE amends_id IS NOT NULL AND amends_id "
				"NOT "
				"IN (SELECT id FROM b.s_notes)",
				doing, err) != 0)
				goto fail;
			if (sqlite3_changes(st->db) == 0)
				break;
		}
	notes_done:;
	}
	/* The custom answers and history of every row that goes, from its own compartment. */
	if (runf(st, doing, err, "CREATE TABLE b.ids AS %s", ids.p) != 0 ||
	    runf(st, doing, err,
		 "CREATE TABLE b.custom_values AS SELECT * FROM main.custom_values WHERE record_id "
		 "IN (SELECT id FROM b.ids)") != 0 ||
	    runf(st, doing, err,
		 "CREATE TABLE b.history AS SELECT * FROM main.history WHERE record_id IN (SELECT "
		 "id FROM b.ids) OR %s",
		 bydev) != 0)
		goto fail;
	if (sens &&
	    (runf(st, doing, err,
		  "CREATE TABLE b.s_custom_values AS SELECT * FROM s.custom_values WHERE record_id "
		  "IN (SELECT id FROM b.ids)") != 0 ||
	     runf(st, doing, err,
		  "CREATE TABLE b.s_history AS SELECT * FROM s.history WHERE record_id IN (SELECT "
		  "id FROM b.ids) OR %s",
		  bydev) != 0))
		goto fail;
	/* The users those rows name, hers, and the sender's; signing keys only hers and his. */
	sqlite3_finalize(s);
	s = NULL;
	kw_buf_printf(&users, " UNION SELECT keyworker_id FROM b.clients");
	{
		struct kw_buf sql = { 0 };

		kw_buf_printf(
			&sql,
			"CREATE TABLE b.users AS SELECT * FROM main.users WHERE id IN (SELECT "
			"?1 UNION SELECT ?2%s)",
			users.p);
		if (sqlite3_prepare_v2(st->db, sql.p, -1, &s, NULL) != SQLITE_OK) {
			kw_buf_free(&sql);
			kw_db_fail(st, doing, err);
			goto fail;
		}
		kw_buf_free(&sql);
	}
	kw_bind_text(s, 1, sel->user_id);
	kw_bind_text(s, 2, sel->signer_id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		kw_db_fail(st, doing, err);
		goto fail;
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(st->db,
			       "CREATE TABLE b.user_keys AS SELECT * FROM main.user_keys WHERE "
			       "user_id IN (?1, ?2)",
			       -1, &s, NULL) != SQLITE_OK) {
		s = NULL;
		kw_db_fail(st, doing, err);
		goto fail;
	}
	kw_bind_text(s, 1, sel->user_id);
	kw_bind_text(s, 2, sel->signer_id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		kw_db_fail(st, doing, err);
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (run(st,
		"CREATE TABLE b.peers(username TEXT PRIMARY KEY, box_pk BLOB NOT NULL, sign_pk "
		"BLOB NOT NULL) STRICT",
		doing, err) != 0)
		goto fail;
	if (sel->npeers > 0 &&
	    sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO b.peers VALUES (?1, ?2, ?3)", -1, &s,
			       NULL) != SQLITE_OK) {
		s = NULL;
		kw_db_fail(st, doing, err);
		goto fail;
	}
	for (size_t i = 0; i < sel->npeers; i++) {
		kw_bind_text(s, 1, sel->peers[i].username);
		sqlite3_bind_blob(s, 2, sel->peers[i].box_pk, 32, SQLITE_STATIC);
		sqlite3_bind_blob(s, 3, sel->peers[i].sign_pk, 32, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE) {
			kw_db_fail(st, doing, err);
			goto fail;
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	s = NULL;
	/* What the receiving side must do beyond taking records, and what this side has done. */
	if (run(st,
		"CREATE TABLE b.orders(kind TEXT NOT NULL, client_id TEXT NOT NULL, reference TEXT "
		"NOT NULL, after_seq INTEGER NOT NULL) STRICT",
		doing, err) != 0 ||
	    run(st, "CREATE TABLE b.link(acked INTEGER NOT NULL) STRICT", doing, err) != 0)
		goto fail;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO b.orders VALUES (?1, ?2, ?3, ?4)", -1, &s,
			       NULL) != SQLITE_OK) {
		s = NULL;
		kw_db_fail(st, doing, err);
		goto fail;
	}
	for (size_t i = 0; i < sel->norders; i++) {
		kw_bind_text(s, 1, sel->orders[i].kind);
		kw_bind_text(s, 2, sel->orders[i].client_id);
		kw_bind_text(s, 3, sel->orders[i].reference);
		sqlite3_bind_int64(s, 4, sel->orders[i].after);
		if (sqlite3_step(s) != SQLITE_DONE) {
			kw_db_fail(st, doing, err);
			goto fail;
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO b.link VALUES (?1)", -1, &s, NULL) !=
	    SQLITE_OK) {
		s = NULL;
		kw_db_fail(st, doing, err);
		goto fail;
	}
	sqlite3_bind_int64(s, 1, sel->acked);
	if (sqlite3_step(s) != SQLITE_DONE) {
		kw_db_fail(st, doing, err);
		goto fail;
	}
	/* The redactions of its women (a laptop: all it has carried out or made), never values. */
	if (runf(st, doing, err,
		 "CREATE TABLE b.redactions AS SELECT * FROM main.redactions WHERE %s",
		 sel->device_id != NULL ? "1"
					: "client_id IN (SELECT id FROM b.w) OR client_id IN "
					  "(SELECT client_id FROM b.orders)") != 0)
		goto fail;
	/* A laptop says which women it holds, so the centre knows when one has left it. */
	if (sel->device_id != NULL &&
	    run(st, "CREATE TABLE b.held AS SELECT id FROM main.clients", doing, err) != 0)
		goto fail;
	/* A laptop's own audit trail, row for row as signed there, for the centre to keep. */
	if (sel->device_id != NULL &&
	    run(st, "CREATE TABLE b.audit AS SELECT * FROM main.audit", doing, err) != 0)
		goto fail;
	if (run(st, "DROP TABLE b.ids", doing, err) != 0 ||
	    run(st, "DROP TABLE b.w", doing, err) != 0)
		goto fail;
	count_bundle(st, counts);
	if (run(st, "COMMIT", doing, err) != 0)
		goto fail;
	rc = 0;
	goto detach;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
detach:
	st->raw_write = false;
	sqlite3_finalize(s);
	kw_db_bundle_detach(st);
	kw_buf_free(&ids);
	kw_buf_free(&users);
	sqlite3_free(bydev);
	return rc;
}

static const char SQL_BUNDLE_USER[] =
	"SELECT id, username, role, disabled FROM b.users WHERE username = ?1";
static const char SQL_BUNDLE_SIGNER[] =
	"SELECT EXISTS (SELECT 1 FROM b.user_keys k JOIN b.users u ON u.id = k.user_id WHERE "
	"k.sign_pk = ?1 AND (u.role = 'manager' OR u.username = ?2) AND u.disabled = 0)";

int kw_db_bundle_user(struct kw_store *st, const char *username, const unsigned char signer[32],
		      struct kw_user *out, bool *ok, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, found = -1;

	*ok = false;
	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(st->db, SQL_BUNDLE_USER, -1, &s, NULL) != SQLITE_OK)
		return kw_err_set(err, KW_EDATA, "the bundle holds no users: %s",
				  sqlite3_errmsg(st->db));
	kw_bind_text(s, 1, username);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, out->meta.id, sizeof(out->meta.id));
		kw_col_copy(s, 1, out->username, sizeof(out->username));
		out->role = kw_role_parse((const char *)sqlite3_column_text(s, 2));
		out->disabled = sqlite3_column_int(s, 3) != 0;
		found = 1;
	} else if (step == SQLITE_DONE) {
		found = 0;
	} else {
		kw_db_fail(st, "reading the bundle's users", err);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (found != 1)
		return found;
	if (sqlite3_prepare_v2(st->db, SQL_BUNDLE_SIGNER, -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the bundle's keys", err);
	sqlite3_bind_blob(s, 1, signer, 32, SQLITE_STATIC);
	kw_bind_text(s, 2, username);
	if (sqlite3_step(s) == SQLITE_ROW)
		*ok = sqlite3_column_int(s, 0) != 0;
	sqlite3_finalize(s);
	return 1;
}

/* Copies b.<from> into <schema>.<to>, by the columns both have. */
static int copy_table(struct kw_store *st, const char *from, const char *schema, const char *to,
		      struct kw_err *err)
{
	struct kw_buf sql = { 0 }, cols = { 0 };
	sqlite3_stmt *s = NULL;
	int rc = -1, step;

	kw_buf_printf(&sql,
		      "SELECT m.name FROM pragma_table_info(?1, ?2) m WHERE m.name IN (SELECT "
		      "x.name FROM pragma_table_info(?3, 'b') x) ORDER BY m.cid");
	if (sqlite3_prepare_v2(st->db, sql.p, -1, &s, NULL) != SQLITE_OK) {
		kw_db_fail(st, "reading the bundle", err);
		goto out;
	}
	kw_bind_text(s, 1, to);
	kw_bind_text(s, 2, schema);
	kw_bind_text(s, 3, from);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		kw_buf_printf(&cols, "%s\"%s\"", cols.len > 0 ? ", " : "",
			      (const char *)sqlite3_column_text(s, 0));
	if (step != SQLITE_DONE) {
		kw_db_fail(st, "reading the bundle", err);
		goto out;
	}
	if (cols.len == 0) {
		rc = 0; /* the bundle has no such table */
		goto out;
	}
	rc = runf(st, "loading the bundle", err, "INSERT INTO %s.%s(%s) SELECT %s FROM b.%s",
		  schema, to, cols.p, cols.p, from);
out:
	sqlite3_finalize(s);
	kw_buf_free(&sql);
	kw_buf_free(&cols);
	return rc;
}

static const char SQL_OTHERS_DISABLED[] = "UPDATE main.users SET disabled = (id <> ?1)";

int kw_db_bundle_load(struct kw_store *st, const char *her_id, struct kw_bundle_counts *counts,
		      struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (st->depth == 0)
		return kw_err_set(err, KW_ESOFTWARE, "a bundle is loaded inside a transaction");
	/* Rows may come before the row they refer to (an amendment); checked at commit. */
	if (run(st, "PRAGMA defer_foreign_keys = ON", "loading the bundle", err) != 0 ||
	    copy_table(st, "users", "main", "users", err) != 0 ||
	    copy_table(st, "user_keys", "main", "user_keys", err) != 0)
		return -1;
	for (size_t i = 0; i < KW_ARRAY_LEN(general); i++)
		if (copy_table(st, general[i].table, "main", general[i].table, err) != 0)
			return -1;
	if (copy_table(st, "custom_values", "main", "custom_values", err) != 0 ||
	    copy_table(st, "history", "main", "history", err) != 0 ||
	    copy_table(st, "redactions", "main", "redactions", err) != 0)
		return -1;
	if (st->sensitive) {
		struct kw_buf t = { 0 };

		for (size_t i = 0; i < KW_ARRAY_LEN(sensitive); i++) {
			t.len = 0;
			kw_buf_printf(&t, "s_%s", sensitive[i].table);
			if (copy_table(st, t.p, "s", sensitive[i].table, err) != 0) {
				kw_buf_free(&t);
				return -1;
			}
		}
		kw_buf_free(&t);
		if (copy_table(st, "s_custom_values", "s", "custom_values", err) != 0 ||
		    copy_table(st, "s_history", "s", "history", err) != 0)
			return -1;
	}
	if ((s = kw_stmt(st, SQL_OTHERS_DISABLED, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, her_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return kw_db_fail(st, "loading the bundle's users", err);
	count_bundle(st, counts);
	return 0;
}

static const char SQL_LINK_SET[] =
	"INSERT INTO outreach_link(laptop_id, name, centre, user_id, received_seq, centre_signer, "
	"started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int kw_db_outreach_link_set(struct kw_store *st, const char *laptop_id, const char *name,
			    const char *centre, const char *user_id, long long received_seq,
			    const unsigned char centre_signer[32], struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LINK_SET, err);
	char now[21];
	int step;

	if (s == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, laptop_id);
	kw_bind_text(s, 2, name);
	kw_bind_text(s, 3, centre);
	kw_bind_text(s, 4, user_id);
	sqlite3_bind_int64(s, 5, received_seq);
	sqlite3_bind_blob(s, 6, centre_signer, 32, SQLITE_TRANSIENT);
	kw_bind_text(s, 7, now);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "recording the laptop's centre", err);
}

static const char SQL_LINK_NAME[] = "SELECT name FROM outreach_link LIMIT 1";

int kw_db_outreach_link_name(struct kw_store *st, char name[65], struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LINK_NAME, err);
	int step;

	if (s == NULL)
		return -1;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		kw_col_copy(s, 0, name, 65);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "reading the laptop's centre", err);
}

/* --- a laptop's link, and bundles received --- */

static const char SQL_LINK_GET[] =
	"SELECT laptop_id, name, centre, user_id, received_seq, sent_seq, "
	"coalesce(received_hash, '') FROM outreach_link LIMIT 1";

int kw_db_outreach_link_get(struct kw_store *st, struct kw_link *out, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LINK_GET, err);
	int step;

	if (s == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, out->laptop_id, sizeof(out->laptop_id));
		kw_col_copy(s, 1, out->name, sizeof(out->name));
		kw_col_copy(s, 2, out->centre, sizeof(out->centre));
		kw_col_copy(s, 3, out->user_id, sizeof(out->user_id));
		out->received_seq = sqlite3_column_int64(s, 4);
		out->sent_seq = sqlite3_column_int64(s, 5);
		kw_col_copy(s, 6, out->received_hash, sizeof(out->received_hash));
	}
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "reading the laptop's centre", err);
}

static const char SQL_LINK_RECEIVED[] =
	"UPDATE outreach_link SET received_seq = ?1, received_hash = ?2";
static const char SQL_LINK_SENT[] = "UPDATE outreach_link SET sent_seq = ?1";

int kw_db_outreach_link_received(struct kw_store *st, long long seq, const char *hash,
				 struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LINK_RECEIVED, err);
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	kw_bind_text(s, 2, hash);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "recording the bundle taken", err);
}

int kw_db_outreach_link_sent(struct kw_store *st, long long seq, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LINK_SENT, err);
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "recording the bundle sent", err);
}

static const char SQL_PEER_SIGNS[] =
	"SELECT EXISTS (SELECT 1 FROM outreach_peers WHERE sign_pk = ?1)";

int kw_db_outreach_peer_signs(struct kw_store *st, const unsigned char sign_pk[32],
			      struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_PEER_SIGNS, err);
	int step, r = -1;

	if (s == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, sign_pk, 32, SQLITE_TRANSIENT);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		r = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return r >= 0 ? r : kw_db_fail(st, "reading the centre's keys", err);
}

static const char SQL_PEER_BOXES[] = "SELECT box_pk FROM outreach_peers ORDER BY username";

int kw_db_outreach_peer_boxes(struct kw_store *st, unsigned char (*box)[32], size_t max, size_t *n,
			      struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_PEER_BOXES, err);
	int step;

	*n = 0;
	if (s == NULL)
		return -1;
	while (*n < max && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) == 32)
			memcpy(box[(*n)++], sqlite3_column_blob(s, 0), 32);
	}
	if (*n == max)
		step = SQLITE_DONE;
	return kw_rows_end(st, s, step, 0, "reading the centre's keys", err);
}

int kw_db_bundle_peers_load(struct kw_store *st, struct kw_err *err)
{
	return run(st,
		   "INSERT OR IGNORE INTO main.outreach_peers(username, box_pk, sign_pk) SELECT "
		   "username, box_pk, sign_pk FROM b.peers WHERE length(box_pk) = 32 AND "
		   "length(sign_pk) = 32",
		   "loading the centre's keys", err);
}

/* True if the attached bundle has a table called name. */
static bool bundle_has(struct kw_store *st, const char *name)
{
	sqlite3_stmt *s = NULL;
	bool there = false;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT 1 FROM b.sqlite_master WHERE type = 'table' AND name = ?1",
			       -1, &s, NULL) == SQLITE_OK) {
		kw_bind_text(s, 1, name);
		there = sqlite3_step(s) == SQLITE_ROW;
	}
	sqlite3_finalize(s);
	return there;
}

/* The bundle's name for table of a kind (sensitive tables are "s_" + name). */
static void bundle_table(bool sens, const char *table, char *out, size_t len)
{
	snprintf(out, len, "%s%s", sens ? "s_" : "", table);
}

int kw_db_bundle_new_rows(struct kw_store *st, const struct kw_kind *k, bool need_client,
			  int (*fn)(void *ctx, const char *id, const char *parent), void *ctx,
			  struct kw_err *err)
{
	const struct kw_kind *pk = k->parent_kind != NULL ? kw_kind_find(k->parent_kind) : NULL;
	char bt[64];
	char *sql, *under = NULL;
	sqlite3_stmt *s = NULL;
	int step = SQLITE_DONE, stop = 0;

	if (k->sensitive && !st->sensitive)
		return 0;
	bundle_table(k->sensitive, k->table, bt, sizeof(bt));
	if (!bundle_has(st, bt))
		return 0;
	/*
	 * A record that belongs to another of hers (a step to its advocacy item,
	 * a closure to its episode) only once that one is here: until then it
	 * stays in the bundle, and is counted.
	 */
	if (!need_client && pk != NULL && strcmp(pk->name, "client") != 0)
		under = sqlite3_mprintf(" AND x.\"%w\" IN (SELECT id FROM %s.\"%w\")",
					k->parent_col, pk->sensitive ? "s" : "main", pk->table);
	sql = sqlite3_mprintf(
		"SELECT x.id, %s%s%s FROM b.\"%w\" x WHERE x.id NOT IN (SELECT id "
		"FROM %s.\"%w\")%s ORDER BY x.created_at, x.rowid",
		k->parent_col != NULL ? "coalesce(x." : "",
		k->parent_col != NULL ? k->parent_col : "''", k->parent_col != NULL ? ", '')" : "",
		bt, k->sensitive ? "s" : "main", k->table,
		need_client ? " AND x.client_id IN (SELECT id FROM main.clients)"
		/* A woman whose record was deleted here is never brought back. */
		: strcmp(k->table, "clients") == 0
			? " AND x.reference NOT IN (SELECT reference FROM main.tombstones)"
		: under != NULL ? under
				: "");
	sqlite3_free(under);
	if (sql == NULL)
		abort();
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return kw_db_fail(st, "reading the bundle", err);
	}
	sqlite3_free(sql);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
	if (!stop && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the bundle", err);
	return stop;
}

/* One value from the bundle: 1 with *text (malloc'd or NULL), 0 if no row, -1. */
static int bundle_get(struct kw_store *st, const char *sql, const char *id, const char *key,
		      char **text, char **state, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*text = NULL;
	if (state != NULL)
		*state = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the bundle", err);
	kw_bind_text(s, 1, id);
	if (key != NULL)
		kw_bind_text(s, 2, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*text = kw_col_strdup(s, 0);
		if (state != NULL)
			*state = kw_col_strdup(s, 1);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the bundle", err);
	return step == SQLITE_ROW;
}

int kw_db_bundle_form_values(struct kw_store *st, const struct kw_form_spec *f, const char *id,
			     struct kw_values *out, struct kw_err *err)
{
	const struct kw_kind *k = f->kind;

	for (size_t i = 0; i < f->nfields; i++) {
		const struct kw_field_spec *fs = &f->fields[i];
		char bt[64], *sql, *text = NULL, *ctext = NULL, *state = NULL;
		int got = 0, cgot = 0;

		if (fs->sensitive && !st->sensitive)
			continue;
		if (fs->column != NULL) {
			const char *table = kw_kind_column_table(k, fs->column);
			const char *idcol = table == k->table ? "id" : k->detail_key;

			bundle_table(fs->column->sensitive, table, bt, sizeof(bt));
			if (bundle_has(st, bt)) {
				sql = sqlite3_mprintf(
					"SELECT \"%w\" FROM b.\"%w\" WHERE \"%w\" = ?1",
					fs->column->name, bt, idcol);
				cgot = bundle_get(st, sql, id, NULL, &ctext, NULL, err);
				sqlite3_free(sql);
				if (cgot < 0)
					return -1;
			}
		}
		bundle_table(fs->sensitive, "custom_values", bt, sizeof(bt));
		if (bundle_has(st, bt)) {
			sql = sqlite3_mprintf(
				"SELECT value, state FROM b.\"%w\" WHERE record_id = ?1 "
				"AND field_key = ?2",
				bt);
			got = bundle_get(st, sql, id, fs->key, &text, &state, err);
			sqlite3_free(sql);
			if (got < 0) {
				free(ctext);
				return -1;
			}
		}
		{
			int p = got && state != NULL ? kw_state_parse(state) : -1;
			enum kw_state stt = p < 0 ? KW_STATE_ANSWERED : (enum kw_state)p;

			if (fs->column != NULL && ctext != NULL)
				kw_values_set(out, fs->key, ctext);
			else if (fs->column == NULL && got && stt == KW_STATE_ANSWERED)
				kw_values_set(out, fs->key, text);
			else if (got && stt != KW_STATE_ANSWERED)
				kw_values_set_state(out, fs->key, stt);
		}
		free(text);
		free(ctext);
		free(state);
	}
	return 0;
}

int kw_db_bundle_reference_taken(struct kw_store *st, const char *id, char reference[32],
				 struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, r = 0;

	reference[0] = '\0';
	if (sqlite3_prepare_v2(st->db,
			       "SELECT x.reference, EXISTS (SELECT 1 FROM main.clients c WHERE "
			       "c.reference = x.reference AND c.id <> x.id) FROM b.clients x WHERE "
			       "x.id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the bundle", err);
	kw_bind_text(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, reference, 32);
		r = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the bundle", err);
	return r;
}

int kw_db_bundle_reference_here(struct kw_store *st, const char *theirs, char here[32],
				struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, r = 0;

	here[0] = '\0';
	if (!bundle_has(st, "clients"))
		return 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT c.reference FROM b.clients x JOIN main.clients c ON c.id = "
			       "x.id WHERE x.reference = ?1 AND c.reference <> x.reference",
			       -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the bundle", err);
	kw_bind_text(s, 1, theirs);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, here, 32);
		r = 1;
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the bundle", err);
	return r;
}

int kw_db_bundle_stamp(struct kw_store *st, const struct kw_kind *k, const char *id,
		       bool keep_reference, struct kw_err *err)
{
	char bt[64];
	const char *extra = "";
	char *sql;
	int rc;

	bundle_table(k->sensitive, k->table, bt, sizeof(bt));
	if (strcmp(k->table, "clients") == 0 && !keep_reference)
		extra = ", reference = x.reference";
	if (strcmp(k->table, "notes") == 0)
		extra = ", written_at = x.written_at, confidential = x.confidential, amends_id = "
			"x.amends_id";
	/*
	 * A court date keeps the appointment it made there, which travels as a
	 * record of its own (and is taken before it), not a second one made here.
	 */
	if (strcmp(k->table, "cj_events") == 0)
		extra = ", appointment_id = (SELECT a.id FROM main.appointments a WHERE a.id = "
			"x.appointment_id)";
	sql = sqlite3_mprintf(
		"UPDATE %s.\"%w\" AS t SET created_at = x.created_at, created_by = x.created_by, "
		"updated_at = x.updated_at, updated_by = x.updated_by, device_id = x.device_id%s "
		"FROM b.\"%w\" AS x WHERE x.id = t.id AND t.id = %Q",
		k->sensitive ? "s" : "main", k->table, extra, bt, id);
	if (sql == NULL)
		abort();
	rc = run(st, sql, "keeping who wrote a record", err);
	sqlite3_free(sql);
	/* Its row in the other compartment (a child's details) too, when that one is open. */
	if (rc == 0 && k->detail != NULL && (k->sensitive || st->sensitive)) {
		bool dsens = !k->sensitive;

		bundle_table(dsens, k->detail, bt, sizeof(bt));
		if (!bundle_has(st, bt))
			return 0;
		sql = sqlite3_mprintf(
			"UPDATE %s.\"%w\" AS t SET created_at = x.created_at, created_by = "
			"x.created_by, updated_at = x.updated_at, updated_by = x.updated_by, "
			"device_id = x.device_id FROM b.\"%w\" AS x WHERE x.\"%w\" = t.\"%w\" AND "
			"t.\"%w\" = %Q",
			dsens ? "s" : "main", k->detail, bt, k->detail_key, k->detail_key,
			k->detail_key, id);
		if (sql == NULL)
			abort();
		rc = run(st, sql, "keeping who wrote a record", err);
		sqlite3_free(sql);
	}
	return rc;
}

int kw_db_bundle_new_users(struct kw_store *st, long *n, struct kw_err *err)
{
	*n = 0;
	if (!bundle_has(st, "users"))
		return 0;
	if (run(st,
		"INSERT INTO main.users(id, username, role, disabled, created_at, created_by, "
		"updated_at, updated_by, version, device_id) SELECT id, username, role, 1, "
		"created_at, created_by, updated_at, updated_by, version, device_id FROM b.users "
		"WHERE id NOT IN (SELECT id FROM main.users) AND username NOT IN (SELECT username "
		"FROM main.users)",
		"adding the centre's users", err) != 0)
		return -1;
	*n = sqlite3_changes(st->db);
	return 0;
}

/* Adds to *n the rows of b.<bt> whose id <schema>.<table> does not hold. */
static int untaken_in(struct kw_store *st, const char *bt, const char *schema, const char *table,
		      const char *idcol, long *n, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	char *sql;
	int rc = 0;

	if (!bundle_has(st, bt))
		return 0;
	sql = sqlite3_mprintf(
		"SELECT count(*) FROM b.\"%w\" WHERE \"%w\" NOT IN (SELECT \"%w\" FROM "
		"%s.\"%w\")",
		bt, idcol, idcol, schema, table);
	if (sql == NULL)
		abort();
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW)
		rc = kw_db_fail(st, "reading the bundle", err);
	else
		*n += sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_free(sql);
	return rc;
}

int kw_db_bundle_untaken(struct kw_store *st, long *n, struct kw_err *err)
{
	*n = 0;
	for (size_t i = 0; i < KW_ARRAY_LEN(general); i++)
		if (untaken_in(st, general[i].table, "main", general[i].table, "id", n, err) != 0)
			return -1;
	if (!st->sensitive)
		return 0;
	for (size_t i = 0; i < KW_ARRAY_LEN(sensitive); i++) {
		char bt[64];
		const char *t = sensitive[i].table;

		bundle_table(true, t, bt, sizeof(bt));
		if (untaken_in(st, bt, "s", t,
			       strcmp(t, "client_details") == 0	 ? "client_id"
			       : strcmp(t, "child_details") == 0 ? "child_id"
								 : "id",
			       n, err) != 0)
			return -1;
	}
	return 0;
}

/* --- edits and conflicts --- */

int kw_db_bundle_edits(struct kw_store *st, bool sens,
		       int (*fn)(void *ctx, const struct kw_edit *e), void *ctx, struct kw_err *err)
{
	const char *bt = sens ? "s_history" : "history";
	sqlite3_stmt *s = NULL;
	char *sql;
	int step = SQLITE_DONE, stop = 0;

	if ((sens && !st->sensitive) || !bundle_has(st, bt))
		return 0;
	sql = sqlite3_mprintf(
		"SELECT id, table_name, record_id, field, old_value, new_value, created_at, "
		"created_by, device_id FROM b.\"%w\" x WHERE x.id NOT IN (SELECT id FROM "
		"%s.history) "
		"AND x.device_id <> %Q ORDER BY x.record_id, CASE WHEN x.field LIKE '%%:state' "
		"THEN "
		"substr(x.field, 1, length(x.field) - 6) ELSE x.field END, x.created_at, x.rowid",
		bt, sens ? "s" : "main", st->device_id);
	if (sql == NULL)
		abort();
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return kw_db_fail(st, "reading the bundle's edits", err);
	}
	sqlite3_free(sql);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_edit e = { (const char *)sqlite3_column_text(s, 0),
				     (const char *)sqlite3_column_text(s, 1),
				     (const char *)sqlite3_column_text(s, 2),
				     (const char *)sqlite3_column_text(s, 3),
				     (const char *)sqlite3_column_text(s, 4),
				     (const char *)sqlite3_column_text(s, 5),
				     (const char *)sqlite3_column_text(s, 6),
				     (const char *)sqlite3_column_text(s, 7),
				     (const char *)sqlite3_column_text(s, 8) };

		stop = fn(ctx, &e);
	}
	sqlite3_finalize(s);
	if (!stop && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the bundle's edits", err);
	return stop;
}

int kw_db_history_marks(struct kw_store *st, long long marks[2], struct kw_err *err)
{
	static const char *const sql[2] = { "SELECT coalesce(max(rowid), 0) FROM main.history",
					    "SELECT coalesce(max(rowid), 0) FROM s.history" };

	marks[0] = marks[1] = 0;
	for (int i = 0; i < (st->sensitive ? 2 : 1); i++) {
		sqlite3_stmt *s = NULL;

		if (sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL) != SQLITE_OK ||
		    sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_finalize(s);
			return kw_db_fail(st, "reading the history", err);
		}
		marks[i] = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return 0;
}

/* Inserts the bundle's history rows of (record, field and field:state) this store lacks. */
static int edit_rows_in(struct kw_store *st, bool sens, const char *record_id, const char *field,
			struct kw_err *err)
{
	char *sql = sqlite3_mprintf(
		"INSERT INTO %s.history SELECT * FROM b.\"%w\" x WHERE x.record_id = %Q AND "
		"(x.field = %Q OR x.field = %Q || ':state') AND x.id NOT IN (SELECT id FROM "
		"%s.history)",
		sens ? "s" : "main", sens ? "s_history" : "history", record_id, field, field,
		sens ? "s" : "main");
	int rc;

	if (sql == NULL)
		abort();
	rc = run(st, sql, "recording an edit's history", err);
	sqlite3_free(sql);
	return rc;
}

int kw_db_bundle_edit_applied(struct kw_store *st, const long long marks[2], bool sens,
			      const char *record_id, const char *field, const char *table,
			      bool sens_table, const char *at, const char *by, const char *device,
			      struct kw_err *err)
{
	char *sql;
	int rc = 0;

	/* What the save wrote as this user's change gives way to the change as it was made. */
	for (int i = 0; i < (st->sensitive ? 2 : 1) && rc == 0; i++) {
		sql = sqlite3_mprintf(
			"DELETE FROM %s.history WHERE rowid > %lld AND record_id = %Q",
			i == 0 ? "main" : "s", marks[i], record_id);
		if (sql == NULL)
			abort();
		rc = run(st, sql, "recording an edit's history", err);
		sqlite3_free(sql);
	}
	if (rc != 0 || edit_rows_in(st, sens, record_id, field, err) != 0)
		return -1;
	sql = sqlite3_mprintf(
		"UPDATE %s.\"%w\" SET updated_at = %Q, updated_by = %Q, device_id = %Q "
		"WHERE id = %Q",
		sens_table ? "s" : "main", table, at, by, device, record_id);
	if (sql == NULL)
		abort();
	rc = run(st, sql, "keeping who changed a record", err);
	sqlite3_free(sql);
	return rc;
}

int kw_db_bundle_value_here(struct kw_store *st, bool sens, const char *table,
			    const char *record_id, const char *column, char **value,
			    struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	bool known = false;
	char *sql;
	int step, rc = 0;

	*value = NULL;
	if (sens && !st->sensitive)
		return 0;
	/* Only a table the bundles carry, and a column it has: names from data are never trusted. */
	for (size_t i = 0; !sens && i < KW_ARRAY_LEN(general); i++)
		known = known || strcmp(general[i].table, table) == 0;
	for (size_t i = 0; sens && i < KW_ARRAY_LEN(sensitive); i++)
		known = known || strcmp(sensitive[i].table, table) == 0;
	if (!known)
		return 0;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_table_info(?1, ?2) WHERE name = ?3",
			       -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading a record", err);
	kw_bind_text(s, 1, table);
	kw_bind_text(s, 2, sens ? "s" : "main");
	kw_bind_text(s, 3, column);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	s = NULL;
	if (step != SQLITE_ROW)
		return step == SQLITE_DONE ? 0 : kw_db_fail(st, "reading a record", err);
	sql = sqlite3_mprintf("SELECT \"%w\" FROM %s.\"%w\" WHERE %s = ?1", column,
			      sens ? "s" : "main", table,
			      strcmp(table, "client_details") == 0  ? "client_id"
			      : strcmp(table, "child_details") == 0 ? "child_id"
								    : "id");
	if (sql == NULL)
		abort();
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return kw_db_fail(st, "reading a record", err);
	}
	sqlite3_free(sql);
	kw_bind_text(s, 1, record_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*value = kw_col_strdup(s, 0);
		rc = 1;
	} else if (step != SQLITE_DONE) {
		rc = kw_db_fail(st, "reading a record", err);
	}
	sqlite3_finalize(s);
	return rc;
}

int kw_db_bundle_edit_held(struct kw_store *st, bool sens, const char *record_id, const char *field,
			   struct kw_err *err)
{
	return edit_rows_in(st, sens, record_id, field, err);
}

void kw_conflict_clear(struct kw_conflict *c)
{
	free(c->kept_value);
	free(c->other_value);
	free(c->base_value);
	c->kept_value = c->other_value = c->base_value = NULL;
}

int kw_db_conflict_add(struct kw_store *st, const struct kw_conflict *c, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	char *sql, now[21];
	int step;

	if (c->sensitive && !st->sensitive)
		return kw_err_set(err, KW_ESOFTWARE, "a sensitive conflict needs that compartment");
	sql = sqlite3_mprintf(
		"INSERT OR IGNORE INTO %s.outreach_conflicts(id, table_name, record_id, client_id, "
		"field, kept_value, other_value, base_value, other_by, other_at, other_device, "
		"noted_at, other_side, kept_state, other_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, "
		"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
		c->sensitive ? "s" : "main");
	if (sql == NULL)
		abort();
	step = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (step != SQLITE_OK)
		return kw_db_fail(st, "keeping a conflict", err);
	kw_now_iso(now);
	kw_bind_text(s, 1, c->id);
	kw_bind_text(s, 2, c->table);
	kw_bind_text(s, 3, c->record_id);
	kw_bind_text(s, 4, c->client_id[0] != '\0' ? c->client_id : NULL);
	kw_bind_text(s, 5, c->field);
	kw_bind_text(s, 6, c->kept_value);
	kw_bind_text(s, 7, c->other_value);
	kw_bind_text(s, 8, c->base_value);
	kw_bind_text(s, 9, c->other_by);
	kw_bind_text(s, 10, c->other_at);
	kw_bind_text(s, 11, c->other_device);
	kw_bind_text(s, 12, now);
	kw_bind_text(s, 13, c->other_side[0] != '\0' ? c->other_side : NULL);
	kw_bind_text(s, 14, c->kept_state[0] != '\0' ? c->kept_state : NULL);
	kw_bind_text(s, 15, c->other_state[0] != '\0' ? c->other_state : NULL);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "keeping a conflict", err);
}

int kw_db_conflict_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_conflict *c),
			void *ctx, struct kw_err *err)
{
	int stop = 0;

	for (int i = 0; i < (st->sensitive ? 2 : 1) && !stop; i++) {
		sqlite3_stmt *s = NULL;
		char *sql = sqlite3_mprintf(
			"SELECT x.id, x.table_name, x.record_id, coalesce(x.client_id, ''), "
			"coalesce(c.reference, ''), x.field, x.kept_value, x.other_value, "
			"x.base_value, x.other_by, coalesce(u.username, ''), x.other_at, "
			"x.other_device, x.noted_at, coalesce(x.other_side, ''), "
			"coalesce(c.known_as, ''), coalesce(x.kept_state, ''), "
			"coalesce(x.other_state, '') FROM %s.outreach_conflicts x LEFT JOIN "
			"main.clients c ON c.id = x.client_id LEFT JOIN main.users u ON u.id = "
			"x.other_by WHERE x.resolved_at IS NULL ORDER BY x.noted_at, x.rowid",
			i == 0 ? "main" : "s");
		int step = SQLITE_DONE;

		if (sql == NULL)
			abort();
		if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
			sqlite3_free(sql);
			return kw_db_fail(st, "reading the conflicts", err);
		}
		sqlite3_free(sql);
		while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
			struct kw_conflict c = { 0 };

			if (kw_hidden(st, (const char *)sqlite3_column_text(s, 3)))
				continue;
			kw_col_copy(s, 0, c.id, sizeof(c.id));
			kw_col_copy(s, 1, c.table, sizeof(c.table));
			kw_col_copy(s, 2, c.record_id, sizeof(c.record_id));
			kw_col_copy(s, 3, c.client_id, sizeof(c.client_id));
			kw_col_copy(s, 4, c.reference, sizeof(c.reference));
			kw_col_copy(s, 5, c.field, sizeof(c.field));
			c.kept_value = kw_col_strdup(s, 6);
			c.other_value = kw_col_strdup(s, 7);
			c.base_value = kw_col_strdup(s, 8);
			kw_col_copy(s, 9, c.other_by, sizeof(c.other_by));
			kw_col_copy(s, 10, c.other_username, sizeof(c.other_username));
			kw_col_copy(s, 11, c.other_at, sizeof(c.other_at));
			kw_col_copy(s, 12, c.other_device, sizeof(c.other_device));
			kw_col_copy(s, 13, c.noted_at, sizeof(c.noted_at));
			kw_col_copy(s, 14, c.other_side, sizeof(c.other_side));
			kw_col_copy(s, 16, c.kept_state, sizeof(c.kept_state));
			kw_col_copy(s, 17, c.other_state, sizeof(c.other_state));
			kw_col_copy(s, 15, c.known_as, sizeof(c.known_as));
			c.sensitive = i == 1;
			stop = fn(ctx, &c);
			kw_conflict_clear(&c);
		}
		sqlite3_finalize(s);
		if (!stop && step != SQLITE_DONE)
			return kw_db_fail(st, "reading the conflicts", err);
	}
	return 0;
}

int kw_db_conflict_get(struct kw_store *st, const char *id, struct kw_conflict *out, bool *resolved,
		       struct kw_err *err)
{
	memset(out, 0, sizeof(*out));
	*resolved = false;
	for (int i = 0; i < (st->sensitive ? 2 : 1); i++) {
		sqlite3_stmt *s = NULL;
		char *sql = sqlite3_mprintf(
			"SELECT x.table_name, x.record_id, coalesce(x.client_id, ''), x.field, "
			"x.kept_value, x.other_value, x.base_value, x.other_by, x.other_at, "
			"x.other_device, x.resolved_at IS NOT NULL, coalesce(x.other_side, ''), "
			"coalesce(x.kept_state, ''), coalesce(x.other_state, '') FROM "
			"%s.outreach_conflicts x "
			"WHERE "
			"x.id = ?1",
			i == 0 ? "main" : "s");
		int step;

		if (sql == NULL)
			abort();
		step = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
		sqlite3_free(sql);
		if (step != SQLITE_OK)
			return kw_db_fail(st, "reading a conflict", err);
		kw_bind_text(s, 1, id);
		step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			snprintf(out->id, sizeof(out->id), "%s", id);
			kw_col_copy(s, 0, out->table, sizeof(out->table));
			kw_col_copy(s, 1, out->record_id, sizeof(out->record_id));
			kw_col_copy(s, 2, out->client_id, sizeof(out->client_id));
			kw_col_copy(s, 3, out->field, sizeof(out->field));
			out->kept_value = kw_col_strdup(s, 4);
			out->other_value = kw_col_strdup(s, 5);
			out->base_value = kw_col_strdup(s, 6);
			kw_col_copy(s, 7, out->other_by, sizeof(out->other_by));
			kw_col_copy(s, 8, out->other_at, sizeof(out->other_at));
			kw_col_copy(s, 9, out->other_device, sizeof(out->other_device));
			*resolved = sqlite3_column_int(s, 10) != 0;
			kw_col_copy(s, 11, out->other_side, sizeof(out->other_side));
			kw_col_copy(s, 12, out->kept_state, sizeof(out->kept_state));
			kw_col_copy(s, 13, out->other_state, sizeof(out->other_state));
			out->sensitive = i == 1;
		}
		sqlite3_finalize(s);
		if (step == SQLITE_ROW)
			return kw_hidden(st, out->client_id) ? 0 : 1;
		if (step != SQLITE_DONE)
			return kw_db_fail(st, "reading a conflict", err);
	}
	return 0;
}

int kw_db_conflict_resolve(struct kw_store *st, const char *id, bool sens, const char *choice,
			   struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	char *sql =
		sqlite3_mprintf("UPDATE %s.outreach_conflicts SET resolved_at = ?2, resolved_by = "
				"?3, choice = ?4 WHERE id = ?1 AND resolved_at IS NULL",
				sens ? "s" : "main");
	char now[21];
	int step;

	if (sql == NULL)
		abort();
	step = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (step != SQLITE_OK)
		return kw_db_fail(st, "recording a choice", err);
	kw_now_iso(now);
	kw_bind_text(s, 1, id);
	kw_bind_text(s, 2, now);
	kw_bind_text(s, 3, st->actor_id);
	kw_bind_text(s, 4, choice);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "recording a choice", err);
	/* Settled by another session since it was read: this choice is not recorded. */
	if (sqlite3_changes(st->db) != 1)
		return kw_err_set(
			err, KW_EUSAGE,
			"the conflict %s was settled already, by another session; nothing "
			"was changed",
			id);
	return 0;
}

/* --- what the centre decides, and women joining and leaving a laptop --- */

/*
 * Her record deleted by keywork: a signed erase or retention-delete row by a
 * manager names her reference. A woman missing from keywork.db without one
 * was deleted outside it (check names what is left of her): she is neither
 * sent nor taken off the laptop, whose unsent work about her stays there.
 */
#define ERASED_SIGNED(ref)                                                                        \
	"EXISTS (SELECT 1 FROM main.audit a JOIN main.users u ON u.id = a.actor_id AND u.role = " \
	"'manager' WHERE a.action IN ('erase', 'retention-delete') AND substr(a.detail, 1, "      \
	"length(" ref ") + 15) = " ref " || ' deleted under ')"
/*
 * By [sensitive], as SQL_NAMED_STAFF; with it, her keyworker is the sealed
 * copy's, and a woman deleted outside keywork is left out, and so is one
 * keywork never put on the laptop.
 */
/* clang-format off */
static const char *const SQL_WOMEN_FACTS[2] = {
	"SELECT w.client_id, w.reference, c.id IS NOT NULL, coalesce(c.keyworker_id, ''), "
	"EXISTS (SELECT 1 FROM main.client_access a WHERE a.client_id = w.client_id), "
	"EXISTS (SELECT 1 FROM main.client_access a WHERE a.client_id = w.client_id AND "
	"a.user_id = ?2), w.leaving IS NOT NULL, w.keyworker_id FROM main.outreach_women w "
	"LEFT JOIN main.clients c ON c.id = w.client_id WHERE w.laptop_id = ?1 AND w.until IS "
	"NULL ORDER BY w.reference",
	"SELECT w.client_id, w.reference, c.id IS NOT NULL, coalesce((SELECT z.keyworker_id "
	"FROM s.client_allocation_seal z WHERE z.client_id = w.client_id), ''), "
	RESTRICT_ANY("w.client_id") ", " RESTRICT_NAMES("w.client_id", "?2") ", "
	"w.leaving IS NOT NULL, w.keyworker_id FROM main.outreach_women w LEFT JOIN "
	"main.clients c ON c.id = w.client_id WHERE w.laptop_id = ?1 AND w.until IS NULL AND "
	"(c.id IS NOT NULL OR " ERASED_SIGNED("w.reference") ") AND "
	ADDED_SIGNED("w.client_id") " ORDER BY w.reference",
};
/* clang-format on */

int kw_db_laptop_women_facts(struct kw_store *st, const char *laptop_id, const char *user_id,
			     int (*fn)(void *ctx, const struct kw_laptop_woman *w), void *ctx,
			     struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_WOMEN_FACTS[st->sensitive], err);
	int step, stop = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, laptop_id);
	kw_bind_text(s, 2, user_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_laptop_woman w = { 0 };

		kw_col_copy(s, 0, w.client_id, sizeof(w.client_id));
		kw_col_copy(s, 1, w.reference, sizeof(w.reference));
		w.on_record = sqlite3_column_int(s, 2) != 0;
		kw_col_copy(s, 3, w.keyworker_id, sizeof(w.keyworker_id));
		w.named_staff = sqlite3_column_int(s, 4) != 0;
		w.user_named = sqlite3_column_int(s, 5) != 0;
		w.leaving = sqlite3_column_int(s, 6) != 0;
		kw_col_copy(s, 7, w.was_keyworker_id, sizeof(w.was_keyworker_id));
		stop = fn(ctx, &w);
	}
	return kw_rows_end(st, s, step, stop, "reading the laptop's women", err);
}

static const char SQL_WOMAN_LEAVING[] =
	"UPDATE main.outreach_women SET leaving = CASE WHEN ?3 THEN coalesce(leaving, ?4) ELSE "
	"NULL END WHERE laptop_id = ?1 AND client_id = ?2 AND until IS NULL";

int kw_db_laptop_woman_leaving(struct kw_store *st, const char *laptop_id, const char *client_id,
			       bool leaving, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_WOMAN_LEAVING, err);
	char now[21];
	int step;

	if (s == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, laptop_id);
	kw_bind_text(s, 2, client_id);
	sqlite3_bind_int(s, 3, leaving ? 1 : 0);
	kw_bind_text(s, 4, now);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0
				   : kw_db_fail(st, "recording a woman leaving the laptop", err);
}

int kw_db_laptop_women_gone(struct kw_store *st, const char *laptop_id, long *n, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	char now[21];
	int step;

	*n = 0;
	if (!bundle_has(st, "held"))
		return 0;
	if (sqlite3_prepare_v2(st->db,
			       "UPDATE main.outreach_women SET until = ?2 WHERE laptop_id = ?1 AND "
			       "until IS NULL AND leaving IS NOT NULL AND client_id NOT IN (SELECT "
			       "id FROM b.held)",
			       -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "recording the women gone from the laptop", err);
	kw_now_iso(now);
	kw_bind_text(s, 1, laptop_id);
	kw_bind_text(s, 2, now);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "recording the women gone from the laptop", err);
	*n = sqlite3_changes(st->db);
	return 0;
}

/* One number from a query of the attached bundle with no parameters; dflt if it fails. */
static long long bundle_number(struct kw_store *st, const char *sql, long long dflt)
{
	sqlite3_stmt *s = NULL;
	long long v = dflt;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

long long kw_db_bundle_acked(struct kw_store *st)
{
	if (!bundle_has(st, "link"))
		return -1;
	return bundle_number(st, "SELECT max(acked) FROM b.link", -1);
}

int kw_db_bundle_orders(struct kw_store *st,
			int (*fn)(void *ctx, const char *kind, const char *client_id,
				  const char *reference, long long after),
			void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step = SQLITE_DONE, stop = 0;

	if (!bundle_has(st, "orders"))
		return 0;
	if (sqlite3_prepare_v2(
		    st->db,
		    "SELECT kind, client_id, reference, after_seq FROM b.orders ORDER BY "
		    "rowid",
		    -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the bundle's orders", err);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1),
			  (const char *)sqlite3_column_text(s, 2), sqlite3_column_int64(s, 3));
	sqlite3_finalize(s);
	if (!stop && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the bundle's orders", err);
	return stop;
}

static const char SQL_SENDS_ADD[] = "INSERT OR REPLACE INTO main.outreach_sends(seq, sent_at) "
				    "VALUES (?1, ?2)";

int kw_db_outreach_sends_add(struct kw_store *st, long long seq, const char *at, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_SENDS_ADD, err);
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	kw_bind_text(s, 2, at);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : kw_db_fail(st, "recording the bundle sent", err);
}

/*
 * Her records, by table: SQL naming the rows of one woman. {S} is the schema
 * the parent tables are read from, {W} the woman or women ("= ?1", or "IN
 * (SELECT id FROM temp.kw_add)"). Tables as in general[] and sensitive[].
 */
static const struct {
	const char *table; /* as in general[], or "s_" + a sensitive table */
	const char *idcol;
	const char *rows;
} hers[] = {
	{ "clients", "id", "id {W}" },
	{ "children", "id", "client_id {W}" },
	{ "episodes", "id", "client_id {W}" },
	{ "support_plans", "id", "client_id {W}" },
	{ "contacts", "id", "client_id {W}" },
	{ "outcome_scores", "id", "client_id {W}" },
	{ "strengths", "id", "client_id {W}" },
	{ "tasks", "id", "client_id {W}" },
	{ "advocacy_items", "id", "client_id {W}" },
	{ "advocacy_steps", "id",
	  "advocacy_item_id IN (SELECT id FROM {S}advocacy_items WHERE client_id {W})" },
	{ "attendance", "id", "client_id {W}" },
	{ "group_sessions", "id",
	  "id IN (SELECT group_session_id FROM {S}attendance WHERE client_id {W})" },
	{ "mentor_matches", "id", "client_id {W}" },
	{ "appointments", "id", "client_id {W}" },
	{ "contact_pauses", "id", "client_id {W}" },
	{ "closures", "id", "episode_id IN (SELECT id FROM {S}episodes WHERE client_id {W})" },
	{ "keep_apart", "id", "client_id {W}" },
	{ "client_holds", "id", "client_id {W}" },
	{ "s_notes", "id", "client_id {W}" },
	{ "s_client_details", "client_id", "client_id {W}" },
	{ "s_people", "id", "client_id {W}" },
	{ "s_child_details", "child_id",
	  "child_id IN (SELECT id FROM {S}children WHERE client_id {W})" },
	{ "s_risk_assessments", "id", "client_id {W}" },
	{ "s_consents", "id", "client_id {W}" },
	{ "s_disclosures", "id", "client_id {W}" },
	{ "s_no_share", "id", "client_id {W}" },
	{ "s_cj_events", "id", "client_id {W}" },
	{ "s_safety_plans", "id", "client_id {W}" },
};

/* tmpl with {S} and {W} replaced; malloc'd. */
static char *fill(const char *tmpl, const char *schema, const char *women)
{
	struct kw_buf b = { 0 };

	for (const char *p = tmpl; *p != '\0';) {
		if (strncmp(p, "{S}", 3) == 0) {
			kw_buf_printf(&b, "%s.", schema);
			p += 3;
		} else if (strncmp(p, "{W}", 3) == 0) {
			kw_buf_printf(&b, "%s", women);
			p += 3;
		} else {
			kw_buf_printf(&b, "%c", *p++);
		}
	}
	return b.p;
}

/* The store's schema and table for an entry of hers[]. */
static void hers_table(size_t i, const char **schema, const char **table)
{
	bool sens = strncmp(hers[i].table, "s_", 2) == 0;

	*schema = sens ? "s" : "main";
	*table = sens ? hers[i].table + 2 : hers[i].table;
}

int kw_db_woman_changed_since(struct kw_store *st, const char *client_id, long long seq,
			      struct kw_err *err)
{
	struct kw_buf sql = { 0 };
	sqlite3_stmt *s = NULL;
	int rc = -1, step;

	/* Her rows, and the history of each, written here at or after send seq was made. */
	kw_buf_printf(&sql, "WITH t(at) AS (SELECT coalesce((SELECT sent_at FROM "
			    "main.outreach_sends WHERE seq = ?2), '')), ids(id) AS (");
	for (size_t i = 0, n = 0; i < KW_ARRAY_LEN(hers); i++) {
		const char *schema, *table;
		char *w;

		hers_table(i, &schema, &table);
		if ((strcmp(schema, "s") == 0 && !st->sensitive) ||
		    strcmp(table, "group_sessions") == 0)
			continue;
		w = fill(hers[i].rows, "main", "= ?1");
		kw_buf_printf(&sql, "%sSELECT %s FROM %s.%s WHERE %s", n++ > 0 ? " UNION ALL " : "",
			      hers[i].idcol, schema, table, w);
		free(w);
	}
	kw_buf_printf(&sql, ") SELECT EXISTS (SELECT 1 FROM main.history h, t WHERE h.device_id = "
			    "?3 AND h.created_at >= t.at AND h.record_id IN (SELECT id FROM ids))");
	if (st->sensitive)
		kw_buf_printf(&sql,
			      " OR EXISTS (SELECT 1 FROM s.history h, t WHERE h.device_id = "
			      "?3 AND h.created_at >= t.at AND h.record_id IN (SELECT id FROM "
			      "ids))");
	for (size_t i = 0; i < KW_ARRAY_LEN(hers); i++) {
		const char *schema, *table;
		char *w;

		hers_table(i, &schema, &table);
		if ((strcmp(schema, "s") == 0 && !st->sensitive) ||
		    strcmp(table, "group_sessions") == 0)
			continue;
		w = fill(hers[i].rows, "main", "= ?1");
		kw_buf_printf(&sql,
			      " OR EXISTS (SELECT 1 FROM %s.%s x, t WHERE %s AND x.device_id = ?3 "
			      "AND x.updated_at >= t.at)",
			      schema, table, w);
		free(w);
	}
	if (sqlite3_prepare_v2(st->db, sql.p, -1, &s, NULL) != SQLITE_OK) {
		kw_db_fail(st, "reading her changes", err);
		goto out;
	}
	kw_bind_text(s, 1, client_id);
	sqlite3_bind_int64(s, 2, seq);
	kw_bind_text(s, 3, st->device_id);
	step = sqlite3_step(s);
	if (step != SQLITE_ROW) {
		kw_db_fail(st, "reading her changes", err);
		goto out;
	}
	rc = sqlite3_column_int(s, 0) != 0;
out:
	sqlite3_finalize(s);
	kw_buf_free(&sql);
	return rc;
}

/* INSERT OR IGNORE of b.<from>'s rows matching where into <schema>.<to>, by common columns. */
static int copy_rows(struct kw_store *st, const char *from, const char *schema, const char *to,
		     const char *where, long *n, struct kw_err *err)
{
	struct kw_buf cols = { 0 };
	sqlite3_stmt *s = NULL;
	int rc = -1, step;

	if (!bundle_has(st, from))
		return 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT m.name FROM pragma_table_info(?1, ?2) m WHERE m.name IN "
			       "(SELECT x.name FROM pragma_table_info(?3, 'b') x) ORDER BY m.cid",
			       -1, &s, NULL) != SQLITE_OK) {
		kw_db_fail(st, "reading the bundle", err);
		goto out;
	}
	kw_bind_text(s, 1, to);
	kw_bind_text(s, 2, schema);
	kw_bind_text(s, 3, from);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		kw_buf_printf(&cols, "%s\"%s\"", cols.len > 0 ? ", " : "",
			      (const char *)sqlite3_column_text(s, 0));
	if (step != SQLITE_DONE) {
		kw_db_fail(st, "reading the bundle", err);
		goto out;
	}
	if (cols.len == 0) {
		rc = 0;
		goto out;
	}
	rc = runf(st, "loading the bundle", err,
		  "INSERT OR IGNORE INTO %s.%s(%s) SELECT %s FROM b.%s WHERE %s", schema, to,
		  cols.p, cols.p, from, where);
	if (rc == 0 && n != NULL)
		*n += sqlite3_changes(st->db);
out:
	sqlite3_finalize(s);
	kw_buf_free(&cols);
	return rc;
}

int kw_db_bundle_add_women(struct kw_store *st, long *women, struct kw_err *err)
{
	const char *set = "IN (SELECT id FROM temp.kw_add)";

	*women = 0;
	if (!bundle_has(st, "orders"))
		return 0;
	if (run(st, "PRAGMA defer_foreign_keys = ON", "adding women", err) != 0 ||
	    run(st, "CREATE TEMP TABLE IF NOT EXISTS kw_add(id TEXT PRIMARY KEY)", "adding women",
		err) != 0 ||
	    run(st, "CREATE TEMP TABLE IF NOT EXISTS kw_add_ids(id TEXT PRIMARY KEY)",
		"adding women", err) != 0 ||
	    run(st, "DELETE FROM temp.kw_add", "adding women", err) != 0 ||
	    run(st, "DELETE FROM temp.kw_add_ids", "adding women", err) != 0 ||
	    run(st,
		"INSERT OR IGNORE INTO temp.kw_add SELECT o.client_id FROM b.orders o WHERE o.kind "
		"= 'add' AND o.client_id IN (SELECT id FROM b.clients) AND o.client_id NOT IN "
		"(SELECT id FROM main.clients)",
		"adding women", err) != 0)
		return -1;
	for (size_t i = 0; i < KW_ARRAY_LEN(hers); i++) {
		const char *schema, *table;
		char *w;
		int r;

		hers_table(i, &schema, &table);
		if ((strcmp(schema, "s") == 0 && !st->sensitive) || !bundle_has(st, hers[i].table))
			continue;
		w = fill(hers[i].rows, "b", set);
		r = runf(st, "adding women", err,
			 "INSERT OR IGNORE INTO temp.kw_add_ids SELECT \"%s\" FROM b.\"%s\" WHERE "
			 "%s",
			 hers[i].idcol, hers[i].table, w);
		if (r == 0)
			r = copy_rows(st, hers[i].table, schema, table, w,
				      strcmp(table, "clients") == 0 ? women : NULL, err);
		free(w);
		if (r != 0)
			return -1;
	}
	if (copy_rows(st, "custom_values", "main", "custom_values",
		      "record_id IN (SELECT id FROM temp.kw_add_ids)", NULL, err) != 0 ||
	    copy_rows(st, "history", "main", "history",
		      "record_id IN (SELECT id FROM temp.kw_add_ids)", NULL, err) != 0 ||
	    copy_rows(st, "redactions", "main", "redactions",
		      "client_id IN (SELECT id FROM "
		      "temp.kw_add)",
		      NULL, err) != 0)
		return -1;
	if (st->sensitive &&
	    (copy_rows(st, "s_custom_values", "s", "custom_values",
		       "record_id IN (SELECT id FROM temp.kw_add_ids)", NULL, err) != 0 ||
	     copy_rows(st, "s_history", "s", "history",
		       "record_id IN (SELECT id FROM temp.kw_add_ids)", NULL, err) != 0))
		return -1;
	return 0;
}

/*
 * What the centre decides wins on a laptop, for the women both hold: episodes
 * (a closure, a re-opening), closures, keep-apart flags and holds are taken
 * as the centre has them, new or changed (a flag ended, a hold lifted).
 */
static const struct {
	const char *table, *cols;
} decided[] = {
	{ "episodes", "referral_source, programme, cadence, status, referred_on, opened_on, "
		      "closed_on, closure_reason, reopened_from" },
	{ "closures", "closed_on, her_wish, welcome_back, reason" },
	{ "keep_apart", "other_reference, noted_on, ended_on" },
	{ "client_holds", "kind, set_on, lifted_on" },
};

int kw_db_bundle_centre_wins(struct kw_store *st, long *n, struct kw_err *err)
{
	*n = 0;
	if (run(st, "PRAGMA defer_foreign_keys = ON", "taking the centre's decisions", err) != 0)
		return -1;
	for (size_t i = 0; i < KW_ARRAY_LEN(decided); i++) {
		const char *t = decided[i].table;
		struct kw_buf set = { 0 };
		char *cols, *save = NULL;
		const char *owner = strcmp(t, "closures") == 0
					    ? "episode_id IN (SELECT id FROM main.episodes)"
					    : "client_id IN (SELECT id FROM main.clients)";
		int r;

		if (!bundle_has(st, t))
			continue;
		cols = kw_xstrdup(decided[i].cols);
		for (char *c = strtok_r(cols, ", ", &save); c != NULL;
		     c = strtok_r(NULL, ", ", &save))
			kw_buf_printf(&set, "%s = x.%s, ", c, c);
		free(cols);
		/* Changed at the centre: the centre's version of the row. */
		r = runf(
			st, "taking the centre's decisions", err,
			"UPDATE main.%s AS t SET %supdated_at = x.updated_at, updated_by = "
			"x.updated_by, version = x.version, device_id = x.device_id FROM b.%s AS x "
			"WHERE x.id = t.id AND (x.updated_at > t.updated_at OR (x.updated_at = "
			"t.updated_at AND x.version > t.version))",
			t, set.p, t);
		kw_buf_free(&set);
		if (r != 0)
			return -1;
		*n += sqlite3_changes(st->db);
		/* New at the centre (a hold only if none of its kind stands here). */
		{
			char *where = sqlite3_mprintf(
				"%s AND id NOT IN (SELECT id FROM main.%s)%s", owner, t,
				strcmp(t, "client_holds") == 0
					? " AND NOT (lifted_on IS NULL AND EXISTS (SELECT 1 FROM "
					  "main.client_holds h WHERE h.client_id = b.client_holds."
					  "client_id AND h.kind = b.client_holds.kind AND "
					  "h.lifted_on IS NULL))"
					: "");

			if (where == NULL)
				abort();
			r = copy_rows(st, t, "main", t, where, n, err);
			sqlite3_free(where);
			if (r != 0)
				return -1;
		}
	}
	/* A hold's sealed copy follows its row, so the laptop's check finds them agreeing. */
	if (st->sensitive &&
	    (run(st,
		 "INSERT OR IGNORE INTO s.client_holds_seal(client_id, kind, set_on, created_at, "
		 "created_by) SELECT client_id, kind, set_on, created_at, created_by FROM "
		 "main.client_holds WHERE lifted_on IS NULL",
		 "taking the centre's decisions", err) != 0 ||
	     run(st,
		 "DELETE FROM s.client_holds_seal WHERE NOT EXISTS (SELECT 1 FROM "
		 "main.client_holds "
		 "h WHERE h.client_id = s.client_holds_seal.client_id AND h.kind = "
		 "s.client_holds_seal.kind AND h.lifted_on IS NULL)",
		 "taking the centre's decisions", err) != 0))
		return -1;
	return 0;
}

int kw_db_bundle_redactions(struct kw_store *st,
			    int (*fn)(void *ctx, const char *id, const char *client_id,
				      const char *record_id, const char *field),
			    void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step = SQLITE_DONE, stop = 0;

	if (!bundle_has(st, "redactions"))
		return 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT x.id, x.client_id, x.record_id, x.field FROM b.redactions x "
			       "JOIN main.users u ON u.id = x.created_by AND u.role = 'manager' "
			       "WHERE x.id NOT IN (SELECT id FROM main.redactions) ORDER BY "
			       "x.created_at, x.rowid",
			       -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the bundle's redactions", err);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1),
			  (const char *)sqlite3_column_text(s, 2),
			  (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	if (!stop && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the bundle's redactions", err);
	return stop;
}

int kw_db_bundle_redaction_keep(struct kw_store *st, const char *id, struct kw_err *err)
{
	char *where = sqlite3_mprintf("id = %Q", id);
	int rc;

	if (where == NULL)
		abort();
	rc = copy_rows(st, "redactions", "main", "redactions", where, NULL, err);
	sqlite3_free(where);
	return rc;
}

int kw_db_redaction_unacked(struct kw_store *st, const char *record_id, const char *field,
			    struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, r = -1;
	bool acks = bundle_has(st, "redactions");

	if (sqlite3_prepare_v2(
		    st->db,
		    acks ? "SELECT EXISTS (SELECT 1 FROM main.redactions r WHERE "
			   "r.record_id = ?1 AND r.field = ?2 AND r.id NOT IN (SELECT id "
			   "FROM b.redactions))"
			 : "SELECT EXISTS (SELECT 1 FROM main.redactions r WHERE "
			   "r.record_id = ?1 AND r.field = ?2)",
		    -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the redactions", err);
	kw_bind_text(s, 1, record_id);
	kw_bind_text(s, 2, field);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		r = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return r >= 0 ? r : kw_db_fail(st, "reading the redactions", err);
}

int kw_db_bundle_peers_replace(struct kw_store *st, long *n, struct kw_err *err)
{
	*n = 0;
	if (!bundle_has(st, "peers") ||
	    bundle_number(st,
			  "SELECT count(*) FROM b.peers WHERE length(box_pk) = 32 AND "
			  "length(sign_pk) = 32",
			  0) == 0)
		return 0;
	if (run(st,
		"DELETE FROM main.outreach_peers WHERE username NOT IN (SELECT username FROM "
		"b.peers WHERE length(box_pk) = 32 AND length(sign_pk) = 32)",
		"taking the centre's managers", err) != 0)
		return -1;
	*n = sqlite3_changes(st->db);
	return run(st,
		   "INSERT OR REPLACE INTO main.outreach_peers(username, box_pk, sign_pk) SELECT "
		   "username, box_pk, sign_pk FROM b.peers WHERE length(box_pk) = 32 AND "
		   "length(sign_pk) = 32",
		   "taking the centre's managers", err);
}

int kw_db_conflict_women(struct kw_store *st, const char *keyworker_id,
			 int (*fn)(void *ctx, const char *client_id, const char *reference,
				   const char *known_as, long n),
			 void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	char *sql = sqlite3_mprintf(
		"SELECT c.id, c.reference, coalesce(c.known_as, ''), count(*) FROM (SELECT "
		"client_id FROM main.outreach_conflicts WHERE resolved_at IS NULL%s) x JOIN "
		"main.clients c ON c.id = x.client_id WHERE ?1 IS NULL OR c.keyworker_id = ?1 "
		"GROUP "
		"BY c.id ORDER BY c.known_as COLLATE NOCASE, c.reference",
		st->sensitive ? " UNION ALL SELECT client_id FROM s.outreach_conflicts WHERE "
				"resolved_at IS NULL"
			      : "");
	int step = SQLITE_DONE, stop = 0;

	if (sql == NULL)
		abort();
	step = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (step != SQLITE_OK)
		return kw_db_fail(st, "reading the conflicts", err);
	kw_bind_text(s, 1, keyworker_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (kw_hidden(st, (const char *)sqlite3_column_text(s, 0)))
			continue;
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1),
			  (const char *)sqlite3_column_text(s, 2), sqlite3_column_int(s, 3));
	}
	sqlite3_finalize(s);
	if (!stop && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the conflicts", err);
	return 0;
}
