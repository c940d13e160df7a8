/*
 * contactdb.c: the reads behind 2 Contact and the calendar: one woman's
 * contact state (what decides when contact is next due, and a pause that
 * covers today with its reason), appointments over a span of days, and the
 * whole team's caseload a page at a time. Each is one prepared query; each
 * reads her contact state from main.contact_state (casesql.h), so that
 * "current episode" and "last contact made" mean the same on every screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casesql.h"
#include "internal.h"
#include "keywork/contact.h"
#include "keywork/util.h"

#define STATE_SQL(risk)                                                      \
	"SELECT " CASE_COLS(risk) ", " PAUSE_NOW("p.reason") ", " PAUSE_NOW( \
		"p.starts_on") " "                                           \
			       "FROM " CASE_FROM " WHERE c.id = ?1"
static const char SQL_STATE_S[] = STATE_SQL(RISK_S);
static const char SQL_STATE[] = STATE_SQL(RISK_NONE);

int kw_db_contact_state(struct kw_store *st, const char *client_id, const char *today,
			struct kw_contact_state *out, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, st->sensitive ? SQL_STATE_S : SQL_STATE, err);
	struct kw_case_row r = { 0 };
	int step;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	kw_bind_text(s, 2, today);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (step != SQLITE_ROW) {
		sqlite3_reset(s);
		return kw_db_fail(st, "reading when contact is due", err);
	}
	kw_case_row_read(s, &r);
	out->row = r;
	/* The row's strings are the statement's: copies, so the state outlives it. */
	out->row.known_as = kw_xstrdup_null(r.known_as);
	out->row.last_contact = kw_xstrdup_null(r.last_contact);
	out->row.opened_on = kw_xstrdup_null(r.opened_on);
	out->row.programme = kw_xstrdup_null(r.programme);
	out->row.cadence = kw_xstrdup_null(r.cadence);
	out->row.paused_until = kw_xstrdup_null(r.paused_until);
	out->row.pause_ended = kw_xstrdup_null(r.pause_ended);
	out->row.risk_level = kw_xstrdup_null(r.risk_level);
	out->row.next_planned = kw_xstrdup_null(r.next_planned);
	out->pause_reason = kw_col_strdup(s, 12);
	out->pause_from = kw_col_strdup(s, 13);
	sqlite3_reset(s);
	return 1;
}

/*
 * ?1 the keyworker (NULL: everyone), ?2 the first day, ?3 the last. A time
 * typed with a space ("2024-03-01 10:00") sorts as if written with a "T".
 */
static const char SQL_APPTS[] =
	"SELECT a.id, a.client_id, c.reference, c.known_as, a.starts_at, a.kind, a.place, "
	"a.with_whom, a.accompanied FROM main.appointments a JOIN main.clients c ON "
	"c.id = a.client_id WHERE a.starts_at >= ?2 AND a.starts_at < ?3 || '~' AND "
	"(?1 IS NULL OR c.keyworker_id = ?1) "
	"ORDER BY replace(a.starts_at, ' ', 'T'), c.known_as COLLATE NOCASE, a.id";

/* The appointment on s's row (its columns as SQL_APPTS lists them), valid until s moves on. */
static void appt_of(sqlite3_stmt *s, struct kw_appt_row *a)
{
	memset(a, 0, sizeof(*a));
	kw_col_copy(s, 0, a->id, sizeof(a->id));
	kw_col_copy(s, 1, a->client_id, sizeof(a->client_id));
	kw_col_copy(s, 2, a->reference, sizeof(a->reference));
	a->known_as = (const char *)sqlite3_column_text(s, 3);
	a->starts_at = (const char *)sqlite3_column_text(s, 4);
	a->kind = (const char *)sqlite3_column_text(s, 5);
	a->place = (const char *)sqlite3_column_text(s, 6);
	a->with_whom = (const char *)sqlite3_column_text(s, 7);
	a->accompanied = (const char *)sqlite3_column_text(s, 8);
}

int kw_db_appointments(struct kw_store *st, const char *keyworker_id, const char *first,
		       const char *last, int (*fn)(void *ctx, const struct kw_appt_row *a),
		       void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_APPTS, err);
	int step = SQLITE_DONE, stop = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, keyworker_id);
	kw_bind_text(s, 2, first);
	kw_bind_text(s, 3, last);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_appt_row a;

		appt_of(s, &a);
		stop = kw_hidden(st, a.client_id) ? 0 : fn(ctx, &a);
	}
	if (kw_rows_end(st, s, step, stop, "reading appointments", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

/*
 * The whole team's first limit appointments on the days first to last, and how many there
 * are: a busy day at a large centre has thousands, and only those shown are read. The time
 * of the limit-th (or of the last, if fewer), by the index of the times as they sort (a time
 * typed with a space as if written with a "T"), bounds the index range read: 200,000 women's
 * 45,000 appointments on one day were all read to find the 2,800 of its first half hour.
 */
#define APPT_DAY(a) "replace(" a ".starts_at, ' ', 'T')"
/* Appointment a starts on one of the days ?2 to ?3. */
#define APPT_ON(a) APPT_DAY(a) " >= ?2 AND " APPT_DAY(a) " < ?3 || '~'"
static const char SQL_APPTS_N[] = "SELECT count(*) FROM main.appointments a WHERE " APPT_ON("a");
/* The time of the ?4th of them, in the order they are shown. */
static const char SQL_APPTS_NTH[] =
	"SELECT " APPT_DAY("a") " FROM main.appointments a WHERE " APPT_ON(
		"a") " ORDER BY " APPT_DAY("a") " LIMIT 1 OFFSET ?4 - 1";
/*
 * The first ?4 of those from ?2 to the time ?5 (that of the ?4th): chosen from the index of
 * the day and her name's (general 0031) alone, then only they are read.
 */
#define APPT_PICK                                                                               \
	"SELECT a.rowid, c.reference, c.known_as FROM main.appointments a INDEXED BY "          \
	"appointments_day CROSS JOIN main.clients c INDEXED BY clients_label ON c.id = "        \
	"a.client_id WHERE replace(a.starts_at, ' ', 'T') >= ?2 AND replace(a.starts_at, ' ', " \
	"'T') <= ?5 ORDER BY replace(a.starts_at, ' ', 'T'), c.known_as COLLATE NOCASE, a.id "  \
	"LIMIT ?4"
static const char SQL_APPTS_FIRST[] =
	"WITH pick(r, reference, known_as) AS (" APPT_PICK
	") SELECT a.id, a.client_id, p.reference, p.known_as, a.starts_at, a.kind, a.place, "
	"a.with_whom, a.accompanied FROM pick p CROSS JOIN main.appointments a ON a.rowid = p.r "
	"ORDER BY replace(a.starts_at, ' ', 'T'), p.known_as COLLATE NOCASE, a.id";

/* How many appointments from first to last (*total), and the time of the limit-th or last. */
static int appts_bound(struct kw_store *st, const char *first, const char *last, long limit,
		       long *total, char *bound, size_t len, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_APPTS_N, err);

	bound[0] = '\0';
	if (s == NULL)
		return -1;
	kw_bind_text(s, 2, first);
	kw_bind_text(s, 3, last);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return kw_db_fail(st, "counting appointments", err);
	}
	*total = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (limit <= 0 || *total == 0)
		return 0;
	s = kw_stmt(st, SQL_APPTS_NTH, err);
	if (s == NULL)
		return -1;
	kw_bind_text(s, 2, first);
	kw_bind_text(s, 3, last);
	sqlite3_bind_int64(s, 4, limit < *total ? limit : *total);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		kw_col_copy(s, 0, bound, len);
		break;
	case SQLITE_DONE: /* deleted since they were counted */
		break;
	default:
		sqlite3_reset(s);
		return kw_db_fail(st, "reading appointments", err);
	}
	sqlite3_reset(s);
	return 0;
}

int kw_db_appointments_first(struct kw_store *st, const char *first, const char *last, long limit,
			     long *total, int (*fn)(void *ctx, const struct kw_appt_row *a),
			     void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step = SQLITE_DONE, stop = 0;
	char bound[64];

	if (appts_bound(st, first, last, limit, total, bound, sizeof(bound), err) != 0)
		return -1;
	if (bound[0] == '\0')
		return 0;
	s = kw_stmt(st, SQL_APPTS_FIRST, err);
	if (s == NULL)
		return -1;
	kw_bind_text(s, 2, first);
	sqlite3_bind_int64(s, 4, limit);
	kw_bind_text(s, 5, bound);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_appt_row a;

		appt_of(s, &a);
		stop = kw_hidden(st, a.client_id) ? 0 : fn(ctx, &a);
	}
	if (kw_rows_end(st, s, step, stop, "reading appointments", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

/* A page of women by name is chosen first (from the known-as index); only they are read. */
#define PAGE_SQL(risk)                                                                         \
	"WITH page(r) AS (SELECT rowid FROM main.clients ORDER BY known_as COLLATE NOCASE, "   \
	"reference LIMIT ?3 OFFSET ?4) SELECT " CASE_COLS(                                     \
		risk) " FROM page JOIN "                                                       \
		      "main.clients c ON c.rowid = page.r LEFT JOIN main.contact_state cs ON " \
		      "cs.client_id = c.id ORDER BY c.known_as COLLATE NOCASE, c.reference"
static const char SQL_PAGE_S[] = PAGE_SQL(RISK_S);
static const char SQL_PAGE[] = PAGE_SQL(RISK_NONE);
static const char SQL_COUNT[] = "SELECT count(*) FROM main.clients";

int kw_db_caseload_page(struct kw_store *st, const char *today, long offset, long limit,
			long *total, int (*fn)(void *ctx, const struct kw_case_row *r), void *ctx,
			struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_COUNT, err);
	int step = SQLITE_DONE, stop = 0;

	if (s == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return kw_db_fail(st, "counting the women", err);
	}
	*total = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	s = kw_stmt(st, st->sensitive ? SQL_PAGE_S : SQL_PAGE, err);
	if (s == NULL)
		return -1;
	kw_bind_text(s, 2, today);
	sqlite3_bind_int64(s, 3, limit);
	sqlite3_bind_int64(s, 4, offset);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_case_row r = { 0 };

		kw_case_row_read(s, &r);
		stop = kw_hidden(st, r.id) ? 0 : fn(ctx, &r);
	}
	if (kw_rows_end(st, s, step, stop, "reading the team's caseload", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}
