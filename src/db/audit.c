/*
 * audit.c: the signed audit trail, and the integrity check of a data directory.
 *
 * Each audit row's hash covers its own columns and the previous row's hash;
 * the actor signs that hash with her Ed25519 key. So editing, reordering or
 * deleting a row (other than the newest) breaks the chain, and a row cannot
 * be forged in another user's name.
 *
 * The signing keys a row may be signed with are those the protected register
 * (s.signing_keys, in the sensitive compartment) holds for its actor: the
 * general compartment's own list is writable by anyone with the general key.
 * Every row written while the sensitive compartment is open also moves the
 * anchored head (s.meta 'audit_head'), so a trail cut short or emptied, or
 * rewritten and re-signed, before that row is found by the next check of a
 * keyworker or manager. Rows written after it by drop-in staff alone can
 * still be cut by another holder of the general key; the man page says so.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keywork/crypto.h"
#include "keywork/policy.h"
#include "keywork/util.h"

static const char SQL_LAST[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
static const char SQL_INSERT[] =
	"INSERT INTO audit(seq, id, at, actor_id, action, client_id, detail, device_id, sign_pk, "
	"prev_hash, hash, sig) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char SQL_ALL[] =
	"SELECT seq, id, at, actor_id, action, client_id, detail, device_id, sign_pk, prev_hash, "
	"hash, sig, (SELECT count(*) FROM user_keys k WHERE k.user_id = a.actor_id AND "
	"k.sign_pk = a.sign_pk) FROM main.audit a ORDER BY seq";
/* The same, believing only the protected register's signing keys. */
static const char SQL_ALL_TRUSTED[] =
	"SELECT seq, id, at, actor_id, action, client_id, detail, device_id, sign_pk, prev_hash, "
	"hash, sig, (SELECT count(*) FROM s.signing_keys k WHERE k.user_id = a.actor_id AND "
	"k.sign_pk = a.sign_pk) FROM main.audit a ORDER BY seq";
static const char SQL_ANCHOR_SET[] = "INSERT INTO s.meta(key, value) VALUES ('audit_head', ?1) "
				     "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char SQL_ANCHOR_GET[] = "SELECT value FROM s.meta WHERE key = 'audit_head'";
static const char SQL_ROW_HASH[] = "SELECT hash FROM main.audit WHERE seq = ?1";

struct row {
	long long seq;
	const char *id, *at, *actor, *action, *client, *detail, *device;
	const unsigned char *pk, *prev;
};

/* The bytes a row's hash covers. */
static void canonical(struct kw_buf *b, const struct row *r)
{
	kw_buf_printf(b, "keywork-audit-1\n%lld\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n", r->seq, r->id,
		      r->at, r->actor != NULL ? r->actor : "", r->action,
		      r->client != NULL ? r->client : "", r->detail, r->device);
	kw_buf_add(b, r->pk, 32);
	kw_buf_add(b, r->prev, 32);
}

/* True if the row the anchor names is still there, unchanged (or there is no anchor). */
static bool anchor_intact(struct kw_store *st)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_ANCHOR_GET, NULL), *r;
	unsigned char want[32];
	long long seq = 0;
	bool intact = true, have = false;
	const char *v, *sp;

	if (s == NULL)
		return false;
	if (sqlite3_step(s) == SQLITE_ROW &&
	    (v = (const char *)sqlite3_column_text(s, 0)) != NULL) {
		have = true;
		seq = strtoll(v, NULL, 10);
		sp = strchr(v, ' ');
		intact = sp != NULL && kw_unhex(want, 32, sp + 1) == 0;
	}
	sqlite3_reset(s);
	if (!have || !intact)
		return intact;
	if ((r = kw_stmt(st, SQL_ROW_HASH, NULL)) == NULL)
		return false;
	sqlite3_bind_int64(r, 1, seq);
	intact = sqlite3_step(r) == SQLITE_ROW && sqlite3_column_bytes(r, 0) == 32 &&
		 memcmp(sqlite3_column_blob(r, 0), want, 32) == 0;
	sqlite3_reset(r);
	return intact;
}

/*
 * Moves the anchored head to row seq (inside the caller's transaction), if
 * the row it names now is intact: a trail cut or rewritten before it keeps
 * its anchor, so that the check still finds the damage after this row.
 */
static int anchor(struct kw_store *st, long long seq, const unsigned char hash[32],
		  struct kw_err *err)
{
	sqlite3_stmt *s;
	char value[96], hex[65];

	if (!anchor_intact(st))
		return 0;
	if ((s = kw_stmt(st, SQL_ANCHOR_SET, err)) == NULL)
		return -1;
	kw_hex(hex, hash, 32);
	snprintf(value, sizeof(value), "%lld %s", seq, hex);
	kw_bind_text(s, 1, value);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "anchoring the audit trail", err);
	return 0;
}

int kw_db_audit_anchored(struct kw_store *st, long long *seq, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step;

	*seq = 0;
	if (!st->sensitive)
		return 0;
	if ((s = kw_stmt(st, SQL_ANCHOR_GET, err)) == NULL)
		return -1;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*seq = strtoll((const char *)sqlite3_column_text(s, 0), NULL, 10);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the audit trail's anchor", err);
	return step == SQLITE_ROW;
}

int kw_db_audit(struct kw_store *st, const char *action, const char *client_id, const char *detail,
		struct kw_err *err)
{
	unsigned char prev[32] = { 0 }, hash[32], sig[64];
	struct kw_buf msg = { 0 };
	struct row r = { 0 };
	sqlite3_stmt *s;
	char id[37], at[21];
	long long seq = 1;
	int step, rc = -1;

	if (!st->has_signer)
		return kw_err_set(err, KW_ESOFTWARE, "audit without a signed-in user");
	if (kw_store_begin(st, err) != 0)
		return -1;
	s = kw_stmt(st, SQL_LAST, err);
	if (s == NULL)
		goto out;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		seq = sqlite3_column_int64(s, 0) + 1;
		if (sqlite3_column_bytes(s, 1) == 32)
			memcpy(prev, sqlite3_column_blob(s, 1), 32);
	} else if (step != SQLITE_DONE) {
		kw_db_fail(st, "reading the audit trail", err);
		goto out;
	}
	sqlite3_reset(s);
	kw_uuid(id);
	kw_now_iso(at);
	r = (struct row){ seq,
			  id,
			  at,
			  st->actor_id,
			  action,
			  client_id,
			  detail != NULL ? detail : "",
			  st->device_id,
			  st->signer.pk,
			  prev };
	canonical(&msg, &r);
	kw_hash32(msg.p, msg.len, hash);
	st->signer.sign(st->signer.ctx, hash, sizeof(hash), sig);
	s = kw_stmt(st, SQL_INSERT, err);
	if (s == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, seq);
	kw_bind_text(s, 2, id);
	kw_bind_text(s, 3, at);
	kw_bind_text(s, 4, st->actor_id[0] != '\0' ? st->actor_id : NULL);
	kw_bind_text(s, 5, action);
	kw_bind_text(s, 6, client_id);
	kw_bind_text(s, 7, r.detail);
	kw_bind_text(s, 8, st->device_id);
	sqlite3_bind_blob(s, 9, st->signer.pk, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 10, prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 11, hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 12, sig, 64, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		kw_db_fail(st, "writing the audit trail", err);
		goto out;
	}
	if (st->sensitive && anchor(st, seq, hash, err) != 0)
		goto out;
	if (kw_store_commit(st, err) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		kw_store_rollback(st);
	kw_buf_free(&msg);
	return rc;
}

static int verify_chain(struct kw_store *st, void (*bad)(void *ctx, long long seq, const char *why),
			void *ctx);
static int verify_laptops(struct kw_store *st,
			  void (*bad)(void *ctx, const char *laptop, long long seq,
				      const char *why),
			  void *ctx);

/* The laptop rows that do not verify, each with why. */
struct laptop_bad {
	struct laptop_bad_row {
		char laptop[65];
		long long seq;
		char why[200];
	} * v;
	size_t n;
};

static void collect_laptop_bad(void *ctx, const char *laptop, long long seq, const char *why)
{
	struct laptop_bad *b = ctx;
	struct laptop_bad_row *r;

	b->v = kw_xrealloc(b->v, (b->n + 1) * sizeof(*b->v));
	r = &b->v[b->n++];
	snprintf(r->laptop, sizeof(r->laptop), "%s", laptop);
	r->seq = seq;
	snprintf(r->why, sizeof(r->why), "%s", why);
}

/* --- reading --- */

static const char SQL_READ[] =
	"SELECT a.seq, a.at, coalesce(u.username, ''), a.action, coalesce(c.reference, ''), "
	"a.detail FROM main.audit a LEFT JOIN main.users u ON u.id = a.actor_id "
	"LEFT JOIN main.clients c ON c.id = a.client_id WHERE (?1 IS NULL OR a.client_id = ?1) "
	"AND (?2 IS NULL OR a.actor_id = ?2) AND (?3 IS NULL OR a.at >= ?3) ORDER BY a.seq";

static const char SQL_READ_LAPTOPS[] =
	"SELECT a.seq, a.at, coalesce(u.username, ''), a.action, coalesce(c.reference, ''), "
	"a.detail, l.name FROM main.outreach_audit a JOIN main.outreach_laptops l ON l.id = "
	"a.laptop_id LEFT JOIN main.users u ON u.id = a.actor_id LEFT JOIN main.clients c ON "
	"c.id = a.client_id WHERE (?1 IS NULL OR a.client_id = ?1) AND (?2 IS NULL OR "
	"a.actor_id = ?2) AND (?3 IS NULL OR a.at >= ?3) ORDER BY l.name, a.seq";

/* The rows that do not verify, in the order found, each with why. */
struct unverified {
	long long *seq;
	char **why;
	size_t n;
	bool whole; /* a problem with the trail as a whole (seq 0) */
	char whole_why[160];
};

static void collect_bad(void *ctx, long long seq, const char *why)
{
	struct unverified *u = ctx;

	if (seq <= 0) {
		if (!u->whole)
			snprintf(u->whole_why, sizeof(u->whole_why), "%s", why);
		u->whole = true;
		return;
	}
	if (u->n > 0 && u->seq[u->n - 1] == seq)
		return;
	u->seq = kw_xrealloc(u->seq, (u->n + 1) * sizeof(*u->seq));
	u->why = kw_xrealloc(u->why, (u->n + 1) * sizeof(*u->why));
	u->seq[u->n] = seq;
	u->why[u->n++] = kw_xstrdup(why);
}

static const char *unverified_why(const struct unverified *u, long long seq)
{
	for (size_t i = 0; i < u->n; i++)
		if (u->seq[i] == seq)
			return u->why[i];
	return NULL;
}

int kw_db_audit_each(struct kw_store *st, const struct kw_audit_filter *f,
		     int (*fn)(void *ctx, const struct kw_audit_row *r), void *ctx,
		     struct kw_err *err)
{
	const char *user = f->user_id;
	struct unverified bad = { 0 };
	sqlite3_stmt *s;
	int step = SQLITE_DONE, stop = 0, rc = -1;

	if (kw_db_may(st, KW_DO_AUDIT_OWN, err) != 0)
		return -1;
	/* A keyworker reads the rows of her own actions only. */
	if (kw_db_may(st, KW_DO_AUDIT_ALL, NULL) != 0) {
		if (user != NULL && strcmp(user, st->actor_id) != 0)
			return kw_err_set(err, KW_ENOPERM,
					  "your role (keyworker) reads only your own audit rows");
		user = st->actor_id;
	}
	/* What is listed is verified first: a row that does not verify is marked. */
	verify_chain(st, collect_bad, &bad);
	if ((s = kw_stmt(st, SQL_READ, err)) == NULL)
		goto out;
	kw_bind_text(s, 1, f->client_id);
	kw_bind_text(s, 2, user);
	kw_bind_text(s, 3, f->since);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_audit_row r = {
			sqlite3_column_int64(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
			(const char *)sqlite3_column_text(s, 4),
			(const char *)sqlite3_column_text(s, 5),
			NULL,
			NULL,
		};

		r.unverified = unverified_why(&bad, r.seq);
		if (r.unverified == NULL && bad.whole)
			r.unverified = bad.whole_why;
		stop = fn(ctx, &r);
	}
	if (kw_rows_end(st, s, step, stop, "reading the audit trail", err) != 0)
		goto out;
	/* Then each laptop's own trail as it arrived here, verified the same way. */
	if (!stop && st->sensitive) {
		struct laptop_bad lb = { 0 };

		verify_laptops(st, collect_laptop_bad, &lb);
		if ((s = kw_stmt(st, SQL_READ_LAPTOPS, err)) == NULL) {
			free(lb.v);
			goto out;
		}
		kw_bind_text(s, 1, f->client_id);
		kw_bind_text(s, 2, user);
		kw_bind_text(s, 3, f->since);
		while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
			struct kw_audit_row r = {
				sqlite3_column_int64(s, 0),
				(const char *)sqlite3_column_text(s, 1),
				(const char *)sqlite3_column_text(s, 2),
				(const char *)sqlite3_column_text(s, 3),
				(const char *)sqlite3_column_text(s, 4),
				(const char *)sqlite3_column_text(s, 5),
				NULL,
				(const char *)sqlite3_column_text(s, 6),
			};

			for (size_t i = 0; i < lb.n && r.unverified == NULL; i++)
				if (lb.v[i].seq == r.seq && strcmp(lb.v[i].laptop, r.laptop) == 0)
					r.unverified = lb.v[i].why;
			stop = fn(ctx, &r);
		}
		free(lb.v);
		if (kw_rows_end(st, s, step, stop, "reading the laptops' audit trails", err) != 0)
			goto out;
	}
	rc = stop < 0 ? -1 : 0;
out:
	for (size_t i = 0; i < bad.n; i++)
		free(bad.why[i]);
	free(bad.why);
	free(bad.seq);
	return rc;
}

/* --- check --- */

struct checker {
	struct kw_store *st;
	kw_problem_fn fn;
	void *ctx;
	int problems;
	/* The long operation's watch (kw_watch_current), the step under way, misses before it. */
	const struct kw_watch *watch;
	const char *what;
	int misses;
	const char *file; /* the file whose references are being checked (fk_missing) */
};

/*
 * The progress of a step, from SQLite's progress handler: pages read from
 * the files (cache misses). A check reads some pages more than once, so how
 * many it will read is not known beforehand. Returning nonzero stops the
 * statement (SQLITE_INTERRUPT) when the watch says stop.
 */
static int check_tick(void *arg)
{
	struct checker *c = arg;
	int cur = 0, hi = 0;
	long long n;

	sqlite3_db_status(c->st->db, SQLITE_DBSTATUS_CACHE_MISS, &cur, &hi, 0);
	n = cur - c->misses;
	kw_watch_tell(c->watch, c->what, "pages read", (unsigned long long)n, n, -1);
	return kw_watch_stopped(c->watch);
}

/* Starts the step what, told to the watch if there is one. */
static void step_begin(struct checker *c, const char *what)
{
	int hi = 0;

	if (c->watch == NULL)
		return;
	c->what = what;
	sqlite3_db_status(c->st->db, SQLITE_DBSTATUS_CACHE_MISS, &c->misses, &hi, 0);
	sqlite3_progress_handler(c->st->db, 1000, check_tick, c);
	kw_watch_tell(c->watch, c->what, "pages read", 0, 0, -1);
}

static void step_end(struct checker *c)
{
	int cur = 0, hi = 0;

	if (c->watch == NULL)
		return;
	sqlite3_progress_handler(c->st->db, 0, NULL, NULL);
	sqlite3_db_status(c->st->db, SQLITE_DBSTATUS_CACHE_MISS, &cur, &hi, 0);
	if (!kw_watch_stopped(c->watch))
		kw_watch_tell(c->watch, c->what, "pages read",
			      (unsigned long long)(cur - c->misses), 1, 1);
}

static void problem(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct checker *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->fn != NULL)
		c->fn(c->ctx, msg);
	c->problems++;
}

/* Runs a query whose rows are problems; each row's first column is shown. */
static int each_problem(struct checker *c, const char *sql, const char *what, bool ok_row_is_ok)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (sqlite3_prepare_v2(c->st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		problem(c, "%s: cannot run the check: %s", what, sqlite3_errmsg(c->st->db));
		return 0;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		if (ok_row_is_ok && t != NULL && strcmp(t, "ok") == 0)
			continue;
		problem(c, "%s: %s", what, t != NULL ? t : "(null)");
	}
	if (step != SQLITE_DONE && !kw_watch_stopped(c->watch))
		problem(c, "%s: %s", what, sqlite3_errmsg(c->st->db));
	sqlite3_finalize(s);
	return 0;
}

static void index_problem(void *ctx, const char *what)
{
	problem(ctx, "%s", what);
}

/*
 * One file whole, as SQLite's integrity_check would: quick_check (every page
 * and row read once, in order), then each index compared with its table the
 * same way (indexcheck.c) where integrity_check would look each row up in
 * each index at a random place.
 */
static void check_file(struct checker *c, const char *schema, const char *file)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA %s.quick_check", schema);
	each_problem(c, sql, file, true);
	/* Each problem is counted by index_problem as it is told. */
	if (!kw_watch_stopped(c->watch))
		kw_db_index_check(c->st, schema, file, index_problem, c);
}

int kw_db_bench_file_check(struct kw_store *st, const char *schema, kw_problem_fn fn, void *ctx)
{
	struct checker c = { st, fn, ctx, 0, NULL, NULL, 0, NULL };

	check_file(&c, schema, schema);
	return c.problems;
}

static void fk_missing(void *ctx, const char *table, long long rowid, const char *parent)
{
	struct checker *c = ctx;

	if (!kw_watch_stopped(c->watch))
		problem(c, "%s: %s row %lld points at a missing %s row", c->file, table, rowid,
			parent);
}

static void fk_check(struct checker *c, const char *schema, const char *file)
{
	/* Each problem is counted as it is told (problem, fk_missing). */
	c->file = file;
	kw_db_reference_check(c->st, schema, file, fk_missing, index_problem, c);
}

static void check_versions(struct checker *c, const char *schema, int want)
{
	char sql[64];
	sqlite3_stmt *s = NULL;

	snprintf(sql, sizeof(sql), "PRAGMA %s.user_version", schema);
	if (sqlite3_prepare_v2(c->st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		int have = sqlite3_column_int(s, 0);

		if (have != want)
			problem(c, "%s schema is at version %d, expected %d",
				strcmp(schema, "s") == 0 ? KW_SENSITIVE_DB : KW_GENERAL_DB, have,
				want);
	}
	sqlite3_finalize(s);
}

/*
 * Walks the whole trail, calling bad(ctx, seq, why) for every row that does
 * not verify (seq 0: the trail as a whole), and returns how many calls. The
 * signing keys believed are the protected register's when the sensitive
 * compartment is open, else the general compartment's list.
 */
static int verify_chain(struct kw_store *st, void (*bad)(void *ctx, long long seq, const char *why),
			void *ctx)
{
	sqlite3_stmt *s = NULL;
	unsigned char prev[32] = { 0 }, anchor_hash[32] = { 0 };
	long long expect = 1, anchor_seq = 0, last = 0;
	bool anchor_seen = false;
	char why[160];
	int step, n = 0;
	const struct kw_watch *watch = kw_watch_current();
	long long top = 0;

#define BAD(seq, ...)                                    \
	do {                                             \
		snprintf(why, sizeof(why), __VA_ARGS__); \
		bad(ctx, (seq), why);                    \
		n++;                                     \
	} while (0)

	if (st->sensitive) {
		sqlite3_stmt *a = NULL;

		if (sqlite3_prepare_v2(st->db, SQL_ANCHOR_GET, -1, &a, NULL) == SQLITE_OK &&
		    sqlite3_step(a) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(a, 0);
			const char *sp = v != NULL ? strchr(v, ' ') : NULL;

			anchor_seq = v != NULL ? strtoll(v, NULL, 10) : 0;
			if (sp == NULL || kw_unhex(anchor_hash, 32, sp + 1) != 0)
				anchor_seq = -1;
		}
		sqlite3_finalize(a);
		if (anchor_seq < 0)
			BAD(0, "the anchored head in the sensitive compartment is damaged");
	}
	if (watch != NULL &&
	    sqlite3_prepare_v2(st->db, "SELECT max(seq) FROM audit", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		top = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(st->db, st->sensitive ? SQL_ALL_TRUSTED : SQL_ALL, -1, &s, NULL) !=
	    SQLITE_OK) {
		BAD(0, "cannot read: %s", sqlite3_errmsg(st->db));
		return n;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_buf msg = { 0 };
		unsigned char hash[32];
		struct row r;

		r.seq = sqlite3_column_int64(s, 0);
		/* A long check (kw_watch_current) is told how far it is, and may stop here. */
		if (watch != NULL && r.seq % 4096 == 0) {
			kw_watch_tell(watch, "audit trail", "rows", (unsigned long long)r.seq,
				      r.seq, top);
			if (kw_watch_stopped(watch))
				break;
		}
		r.id = (const char *)sqlite3_column_text(s, 1);
		r.at = (const char *)sqlite3_column_text(s, 2);
		r.actor = (const char *)sqlite3_column_text(s, 3);
		r.action = (const char *)sqlite3_column_text(s, 4);
		r.client = (const char *)sqlite3_column_text(s, 5);
		r.detail = (const char *)sqlite3_column_text(s, 6);
		r.device = (const char *)sqlite3_column_text(s, 7);
		r.pk = sqlite3_column_blob(s, 8);
		r.prev = sqlite3_column_blob(s, 9);
		last = r.seq;
		/*
		 * Someone writing raw SQL is not bound by the CHECK constraints,
		 * and an empty blob reads as NULL: measure before comparing.
		 */
		if (sqlite3_column_bytes(s, 8) != 32 || sqlite3_column_bytes(s, 9) != 32 ||
		    sqlite3_column_bytes(s, 10) != 32 || sqlite3_column_bytes(s, 11) != 64 ||
		    r.id == NULL || r.at == NULL || r.action == NULL || r.detail == NULL ||
		    r.device == NULL) {
			BAD(r.seq,
			    "row %lld is malformed (a key, hash or signature has the wrong length)",
			    r.seq);
			if (sqlite3_column_bytes(s, 10) == 32)
				memcpy(prev, sqlite3_column_blob(s, 10), 32);
			else
				memset(prev, 0, sizeof(prev));
			expect = r.seq + 1;
			continue;
		}
		if (r.seq != expect)
			BAD(r.seq, "row %lld follows row %lld: rows are missing or reordered",
			    r.seq, expect - 1);
		if (memcmp(r.prev, prev, 32) != 0)
			BAD(r.seq,
			    "row %lld does not follow the row before it (a row was changed, "
			    "removed or reordered)",
			    r.seq);
		canonical(&msg, &r);
		kw_hash32(msg.p, msg.len, hash);
		kw_buf_free(&msg);
		if (memcmp(hash, sqlite3_column_blob(s, 10), 32) != 0)
			BAD(r.seq, "row %lld was altered after it was written", r.seq);
		else if (!kw_verify(r.pk, hash, 32, sqlite3_column_blob(s, 11)))
			BAD(r.seq, "row %lld has a signature that does not verify", r.seq);
		else if (sqlite3_column_int(s, 12) == 0)
			BAD(r.seq, "row %lld is signed by a key that is not its actor's%s", r.seq,
			    st->sensitive ? " (by the protected register)" : "");
		if (anchor_seq > 0 && r.seq == anchor_seq) {
			anchor_seen = true;
			if (memcmp(sqlite3_column_blob(s, 10), anchor_hash, 32) != 0)
				BAD(r.seq,
				    "row %lld is not the row a keyworker or manager last saw "
				    "there: "
				    "the trail up to it was rewritten",
				    r.seq);
		}
		memcpy(prev, sqlite3_column_blob(s, 10), 32);
		expect = r.seq + 1;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		BAD(0, "%s", sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	if (kw_watch_stopped(watch))
		return n;
	kw_watch_tell(watch, "audit trail", "rows", (unsigned long long)last, top, top);
	if (anchor_seq > 0 && !anchor_seen)
		BAD(0,
		    "the trail ends at row %lld, but a keyworker or manager saw it reach row %lld: "
		    "rows were cut off or removed",
		    last, anchor_seq);
#undef BAD
	return n;
}

/* --- laptops' trails, kept at the centre --- */

static const char SQL_LAPTOP_ROWS[] =
	"SELECT a.seq, a.id, a.at, a.actor_id, a.action, a.client_id, a.detail, a.device_id, "
	"a.sign_pk, a.prev_hash, a.hash, a.sig, (SELECT count(*) FROM s.signing_keys k WHERE "
	"k.user_id = coalesce(a.actor_id, l.user_id) AND k.sign_pk = a.sign_pk), l.name, "
	"a.laptop_id FROM main.outreach_audit a JOIN main.outreach_laptops l ON l.id = "
	"a.laptop_id ORDER BY l.name, a.seq";

/*
 * Walks each laptop's trail kept here as verify_chain walks the centre's:
 * rows in order from the first, each following the one before, its hash its
 * own, signed by its actor's key as the protected register has it (the
 * laptop's user's for a row with no actor). bad gets the laptop's name, its
 * row and why. Needs the sensitive compartment (the register); returns how
 * many calls.
 */
static int verify_laptops(struct kw_store *st,
			  void (*bad)(void *ctx, const char *laptop, long long seq,
				      const char *why),
			  void *ctx)
{
	sqlite3_stmt *s = NULL;
	unsigned char prev[32] = { 0 };
	char laptop[37] = "", why[200];
	long long expect = 1;
	int step, n = 0;

	if (!st->sensitive)
		return 0;
	if (sqlite3_prepare_v2(st->db, SQL_LAPTOP_ROWS, -1, &s, NULL) != SQLITE_OK) {
		snprintf(why, sizeof(why), "cannot read: %s", sqlite3_errmsg(st->db));
		bad(ctx, "", 0, why);
		return 1;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_buf msg = { 0 };
		unsigned char hash[32];
		const char *name = (const char *)sqlite3_column_text(s, 13);
		const char *lid = (const char *)sqlite3_column_text(s, 14);
		struct row r;

		if (strcmp(lid, laptop) != 0) {
			snprintf(laptop, sizeof(laptop), "%s", lid);
			memset(prev, 0, sizeof(prev));
			expect = 1;
		}
		r.seq = sqlite3_column_int64(s, 0);
		r.id = (const char *)sqlite3_column_text(s, 1);
		r.at = (const char *)sqlite3_column_text(s, 2);
		r.actor = (const char *)sqlite3_column_text(s, 3);
		r.action = (const char *)sqlite3_column_text(s, 4);
		r.client = (const char *)sqlite3_column_text(s, 5);
		r.detail = (const char *)sqlite3_column_text(s, 6);
		r.device = (const char *)sqlite3_column_text(s, 7);
		r.pk = sqlite3_column_blob(s, 8);
		r.prev = sqlite3_column_blob(s, 9);
		why[0] = '\0';
		if (sqlite3_column_bytes(s, 8) != 32 || sqlite3_column_bytes(s, 9) != 32 ||
		    sqlite3_column_bytes(s, 10) != 32 || sqlite3_column_bytes(s, 11) != 64 ||
		    r.id == NULL || r.at == NULL || r.action == NULL || r.detail == NULL ||
		    r.device == NULL) {
			snprintf(why, sizeof(why), "row %lld is malformed", r.seq);
		} else {
			canonical(&msg, &r);
			kw_hash32(msg.p, msg.len, hash);
			kw_buf_free(&msg);
			if (r.seq != expect)
				snprintf(why, sizeof(why),
					 "row %lld follows row %lld: rows are missing or reordered",
					 r.seq, expect - 1);
			else if (memcmp(r.prev, prev, 32) != 0)
				snprintf(why, sizeof(why),
					 "row %lld does not follow the row before it", r.seq);
			else if (memcmp(hash, sqlite3_column_blob(s, 10), 32) != 0)
				snprintf(why, sizeof(why),
					 "row %lld was altered after it was written", r.seq);
			else if (!kw_verify(r.pk, hash, 32, sqlite3_column_blob(s, 11)))
				snprintf(why, sizeof(why),
					 "row %lld has a signature that does not verify", r.seq);
			else if (sqlite3_column_int(s, 12) == 0)
				snprintf(why, sizeof(why),
					 "row %lld is signed by a key that is not its actor's (by "
					 "the "
					 "protected register)",
					 r.seq);
		}
		if (why[0] != '\0') {
			bad(ctx, name, r.seq, why);
			n++;
		}
		if (sqlite3_column_bytes(s, 10) == 32)
			memcpy(prev, sqlite3_column_blob(s, 10), 32);
		expect = r.seq + 1;
	}
	if (step != SQLITE_DONE) {
		snprintf(why, sizeof(why), "%s", sqlite3_errmsg(st->db));
		bad(ctx, "", 0, why);
		n++;
	}
	sqlite3_finalize(s);
	/*
	 * Each receive named the laptop's newest row and its hash in the centre's
	 * own signed trail ("audit to row N HASH"): a row cut or changed here since
	 * is found against it.
	 */
	if (sqlite3_prepare_v2(
		    st->db,
		    "SELECT l.name, a.seq, CAST(substr(a.detail, instr(a.detail, 'audit to row ') "
		    "+ "
		    "13) AS INTEGER), substr(a.detail, instr(a.detail, 'audit to row ') + 13) FROM "
		    "main.audit a JOIN main.outreach_laptops l ON instr(a.detail, ' the laptop ' "
		    "|| "
		    "l.name || ':') > 0 WHERE a.action = 'outreach-receive' AND instr(a.detail, "
		    "'audit to row ') > 0 ORDER BY a.seq",
		    -1, &s, NULL) != SQLITE_OK)
		return n;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		long long upto = sqlite3_column_int64(s, 2);
		const char *rest = (const char *)sqlite3_column_text(s, 3);
		const char *sp = rest != NULL ? strchr(rest, ' ') : NULL;
		unsigned char want[32];
		sqlite3_stmt *h = NULL;
		bool ok = false;

		if (upto <= 0 || sp == NULL || kw_unhex(want, 32, sp + 1) != 0 ||
		    sqlite3_prepare_v2(
			    st->db,
			    "SELECT a.hash FROM main.outreach_audit a JOIN "
			    "main.outreach_laptops l ON l.id = a.laptop_id WHERE l.name = ?1 "
			    "AND a.seq = ?2",
			    -1, &h, NULL) != SQLITE_OK) {
			sqlite3_finalize(h);
			continue;
		}
		kw_bind_text(h, 1, name);
		sqlite3_bind_int64(h, 2, upto);
		ok = sqlite3_step(h) == SQLITE_ROW && sqlite3_column_bytes(h, 0) == 32 &&
		     memcmp(sqlite3_column_blob(h, 0), want, 32) == 0;
		sqlite3_finalize(h);
		if (!ok) {
			snprintf(why, sizeof(why),
				 "row %lld is not the row the centre took (centre row %lld): the "
				 "laptop's trail kept here was cut or rewritten",
				 upto, (long long)sqlite3_column_int64(s, 1));
			bad(ctx, name, upto, why);
			n++;
		}
	}
	sqlite3_finalize(s);
	return n;
}

int kw_db_laptop_audit_take(struct kw_store *st, const char *laptop_id, long *n,
			    long long *head_seq, unsigned char head_hash[32], struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	char now[21];
	int step;

	*n = 0;
	*head_seq = 0;
	memset(head_hash, 0, 32);
	if (sqlite3_prepare_v2(st->db,
			       "SELECT 1 FROM b.sqlite_master WHERE type = 'table' AND name = "
			       "'audit'",
			       -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "reading the bundle", err);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_ROW)
		return 0; /* a bundle from a keywork that did not carry its trail */
	if (sqlite3_prepare_v2(
		    st->db,
		    "INSERT OR IGNORE INTO main.outreach_audit(laptop_id, seq, id, at, "
		    "actor_id, action, client_id, detail, device_id, sign_pk, prev_hash, "
		    "hash, sig, received_at) SELECT ?1, seq, id, at, actor_id, action, "
		    "client_id, detail, device_id, sign_pk, prev_hash, hash, sig, ?2 FROM "
		    "b.audit ORDER BY seq",
		    -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "taking the laptop's audit trail", err);
	kw_now_iso(now);
	kw_bind_text(s, 1, laptop_id);
	kw_bind_text(s, 2, now);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "taking the laptop's audit trail", err);
	*n = sqlite3_changes(st->db);
	if (sqlite3_prepare_v2(
		    st->db,
		    "SELECT seq, hash FROM main.outreach_audit WHERE laptop_id = ?1 ORDER "
		    "BY seq DESC LIMIT 1",
		    -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "taking the laptop's audit trail", err);
	kw_bind_text(s, 1, laptop_id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == 32) {
		*head_seq = sqlite3_column_int64(s, 0);
		memcpy(head_hash, sqlite3_column_blob(s, 1), 32);
	}
	sqlite3_finalize(s);
	return 0;
}

static void check_laptop_bad(void *ctx, const char *laptop, long long seq, const char *why)
{
	(void)seq;
	problem(ctx, "audit of the laptop %s: %s", laptop, why);
}

static void check_bad(void *ctx, long long seq, const char *why)
{
	(void)seq;
	problem(ctx, "audit: %s", why);
}

static void check_audit(struct checker *c)
{
	verify_chain(c->st, check_bad, c);
	verify_laptops(c->st, check_laptop_bad, c);
}

/*
 * Each woman whose keyworker in keywork.db is not the one its sealed copy
 * (sensitive 0015) records: someone allocated her around keywork.
 */
static const char SQL_ALLOCATION_DIFFERS[] =
	"SELECT 'the keyworker of ' || c.reference || ' in keywork.db differs from its sealed "
	"copy in sensitive.db: it was changed outside keywork, and keywork goes by the sealed "
	"copy (keywork check --repair writes keywork.db''s again)' FROM main.clients c LEFT JOIN "
	"s.client_allocation_seal z ON z.client_id = c.id WHERE c.keyworker_id IS NOT "
	"z.keyworker_id ORDER BY c.reference";

int kw_db_allocation_repair(struct kw_store *st, long *changed, struct kw_err *err)
{
	*changed = 0;
	if (!st->sensitive)
		return kw_err_set(err, KW_ENOPERM,
				  "each woman's keyworker is sealed in the "
				  "sensitive compartment");
	if (sqlite3_exec(st->db,
			 "UPDATE main.clients SET keyworker_id = (SELECT z.keyworker_id FROM "
			 "s.client_allocation_seal z WHERE z.client_id = clients.id) WHERE "
			 "keyworker_id IS NOT (SELECT z.keyworker_id FROM s.client_allocation_seal "
			 "z WHERE z.client_id = clients.id)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return kw_db_fail(st, "writing each woman's keyworker again", err);
	*changed = sqlite3_changes(st->db);
	return 0;
}

/*
 * Each woman whose row of main.contact_state differs from what her episodes and contacts
 * say (main.contact_state_source, general 0017, 0029 and 0031; every column, and
 * tests/test_team.c changes each in turn), is missing, or is left over from a woman no
 * longer recorded, each advocacy item whose day due (main.advocacy_due) differs from its
 * steps' likewise, and each day whose tally of what is due (main.due_tallies, general
 * 0031) differs from the tasks and items it counts: someone wrote the tables around
 * keywork. The view is worked out once (two EXCEPTs worked it out twice: 200,000 women,
 * 35 s and now 22 s).
 */
#define STATE_DIFFERS                                                                            \
	"SELECT v.client_id FROM main.contact_state_source v LEFT JOIN main.contact_state t ON " \
	"t.client_id = v.client_id WHERE t.client_id IS NULL OR t.keyworker_id IS NOT "          \
	"v.keyworker_id OR t.episode_id IS NOT v.episode_id OR t.opened_on IS NOT v.opened_on "  \
	"OR t.programme IS NOT v.programme OR t.cadence IS NOT v.cadence OR t.last_made IS NOT " \
	"v.last_made OR t.next_planned IS NOT v.next_planned OR t.paused IS NOT v.paused OR "    \
	"t.since_on IS NOT v.since_on OR t.count_as IS NOT v.count_as OR t.open_programmes IS "  \
	"NOT v.open_programmes UNION SELECT t.client_id "                                        \
	"FROM main.contact_state t WHERE NOT EXISTS (SELECT 1 FROM main.clients c WHERE c.id = " \
	"t.client_id)"
static const char SQL_STATE_DIFFERS[] =
	"SELECT 'the contact state of ' || coalesce((SELECT c.reference FROM main.clients c "
	"WHERE c.id = d.client_id), 'no woman (' || d.client_id || ')') || ' does not match "
	"her episodes and contacts (keywork check --repair writes it again)' FROM (" STATE_DIFFERS
	") d UNION ALL "
	"SELECT 'the day advocacy item ' || d.item_id || ' is due does not match its steps "
	"(keywork check --repair writes it again)' FROM (SELECT item_id FROM (SELECT * FROM "
	"main.advocacy_due EXCEPT SELECT * FROM main.advocacy_due_source) UNION SELECT item_id "
	"FROM (SELECT * FROM main.advocacy_due_source EXCEPT SELECT * FROM main.advocacy_due)) d "
	"UNION ALL SELECT 'the count of ' || CASE d.what WHEN 'task' THEN 'tasks' ELSE "
	"'advocacy items' END || ' due on ' || d.day || ' does not match them (keywork check "
	"--repair writes it again)' FROM (SELECT what, day FROM (SELECT * FROM main.due_tallies "
	"EXCEPT SELECT * FROM main.due_tallies_source) UNION SELECT what, day FROM (SELECT * FROM "
	"main.due_tallies_source EXCEPT SELECT * FROM main.due_tallies)) d ORDER BY 1";

static int check_all(struct kw_store *st, kw_problem_fn fn, void *ctx, struct kw_err *err)
{
	struct checker c = { st, fn, ctx, 0, kw_watch_current(), NULL, 0, NULL };
	int n;

	/*
	 * SQLite's integrity check of an FTS5 index goes by the index's layout as
	 * this connection last read it, so one written since by another process
	 * is reported malformed when it is not: a search of it first reads the
	 * layout as it is now.
	 */
	sqlite3_exec(st->db,
		     "SELECT count(*) FROM main.clients_phone WHERE clients_phone MATCH '000'",
		     NULL, NULL, NULL);
	/* The schema first: what follows trusts its views. */
	if ((n = kw_db_schema_check(st, fn, ctx, err)) < 0)
		return -1;
	c.problems += n;
	step_begin(&c, "checking " KW_GENERAL_DB);
	check_file(&c, "main", KW_GENERAL_DB);
	step_end(&c);
	step_begin(&c, "references in " KW_GENERAL_DB);
	fk_check(&c, "main", KW_GENERAL_DB);
	step_end(&c);
	check_versions(&c, "main", kw_general_migrations[kw_general_migrations_count - 1].version);
	if (st->sensitive) {
		step_begin(&c, "checking " KW_SENSITIVE_DB);
		check_file(&c, "s", KW_SENSITIVE_DB);
		step_end(&c);
		step_begin(&c, "references in " KW_SENSITIVE_DB);
		fk_check(&c, "s", KW_SENSITIVE_DB);
		check_versions(&c, "s",
			       kw_sensitive_migrations[kw_sensitive_migrations_count - 1].version);
		/*
		 * The notes' women from an index of them, in order, not from the notes
		 * themselves (at 200,000 women a read of every note: 7.1 s against
		 * 0.12 s at 20,000); a note's id is read only if she is missing.
		 */
		each_problem(
			&c,
			"SELECT 'note ' || n.id || ' belongs to no woman' FROM s.notes n WHERE "
			"n.rowid IN (SELECT x.rowid FROM s.notes x WHERE x.client_id NOT IN "
			"(SELECT id FROM main.clients)) UNION ALL "
			"SELECT 'details of ' || client_id || ' belong to no woman' FROM "
			"s.client_details WHERE client_id NOT IN (SELECT id FROM main.clients) "
			"UNION ALL SELECT 'details of child ' || child_id || ' belong to no "
			"child' FROM s.child_details WHERE child_id NOT IN (SELECT id FROM "
			"main.children)",
			"cross-compartment", false);
		each_problem(&c, SQL_ALLOCATION_DIFFERS, "cross-compartment", false);
		step_end(&c);
		step_begin(&c, "notes index");
		/* A command to the index written as an insert: it changes nothing, and no
		 * trigger can be on a virtual table, so it is let commit on its own. */
		st->raw_write = true;
		each_problem(
			&c,
			"INSERT INTO s.notes_fts(notes_fts, rank) VALUES ('integrity-check', 1)",
			"notes index", false);
		st->raw_write = false;
		step_end(&c);
	}
	if (!kw_watch_stopped(c.watch))
		each_problem(&c, SQL_STATE_DIFFERS, KW_GENERAL_DB, false);
	if (!kw_watch_stopped(c.watch))
		check_audit(&c);
	/* Stopped part way: what was found so far says nothing of the rest. */
	if (kw_watch_check(c.watch, err) != 0)
		return -1;
	return c.problems;
}

int kw_db_check(struct kw_store *st, kw_problem_fn fn, void *ctx, struct kw_err *err)
{
	int problems;

	/*
	 * The bulk page cache while checking: foreign_key_check looks up each
	 * row's parent key, at random places for random ids, as integrity_check
	 * looked up each row's entry in every index of its table before
	 * indexcheck.c. With the usual
	 * 16 MiB an index larger than that is read and decrypted again at nearly
	 * every lookup (20,000 women: 19 s with it, 9.4 s with this; 200,000:
	 * 319 s and 175 s). The cache is taken only as pages are read.
	 */
	kw_store_bulk_cache(st, true);
	problems = check_all(st, fn, ctx, err);
	kw_store_bulk_cache(st, false);
	return problems;
}

int kw_db_contact_state_differs(struct kw_store *st, long *n, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*n = 0;
	if (sqlite3_prepare_v2(st->db, SQL_STATE_DIFFERS, -1, &s, NULL) != SQLITE_OK)
		return kw_db_fail(st, "comparing the contact state", err);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		(*n)++;
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "comparing the contact state", err);
	return 0;
}

int kw_db_contact_state_rebuild(struct kw_store *st, long *changed, struct kw_err *err)
{
	if (kw_db_contact_state_differs(st, changed, err) != 0)
		return -1;
	if (*changed == 0)
		return 0;
	if (sqlite3_exec(st->db, KW_SQL_STATE_REWRITE, NULL, NULL, NULL) != SQLITE_OK)
		return kw_db_fail(st, "writing the contact state again", err);
	return 0;
}
