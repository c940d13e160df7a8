/*
 * regard.c: her outcome scores in time order (her journey, key 1), group
 * sessions and the ones she came to (key 4). Attendance belongs to a
 * session, not to her, so hers are read through its client_id index.
 * Everything here lives in the general compartment.
 */
#include <sqlite3.h>
#include <string.h>

#include "internal.h"
#include "keywork/regard.h"

static const char SQL_SCORES[] =
	"SELECT id, pathway, scored_on, score FROM main.outcome_scores WHERE client_id = ?1 "
	"ORDER BY pathway, scored_on, created_at, rowid LIMIT 5000";

int kw_db_scores(struct kw_store *st, const char *client_id,
		 int (*fn)(void *ctx, const struct kw_score_row *r), void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_SCORES, err);
	int step = SQLITE_DONE, stop = 0, n = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_score_row r = {
			(const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
		};

		n++;
		stop = fn(ctx, &r);
	}
	if (kw_rows_end(st, s, step, stop, "reading her outcome scores", err) != 0)
		return -1;
	return n;
}

/* ?1 since, ?2 until (NULL: no bound), ?3 her id, ?4 the limit. */
static const char SQL_SESSIONS[] =
	"SELECT g.id, g.group_name, g.held_on, g.venue, g.facilitator, "
	"(SELECT count(*) FROM main.attendance a WHERE a.group_session_id = g.id), "
	"(SELECT a.id FROM main.attendance a WHERE a.group_session_id = g.id AND "
	"a.client_id = ?3 ORDER BY a.created_at LIMIT 1) "
	"FROM main.group_sessions g WHERE (?1 IS NULL OR g.held_on >= ?1) AND "
	"(?2 IS NULL OR g.held_on <= ?2) ORDER BY g.held_on DESC, g.created_at DESC LIMIT ?4";

int kw_db_group_sessions(struct kw_store *st, const char *since, const char *until,
			 const char *client_id, int limit,
			 int (*fn)(void *ctx, const struct kw_session_row *r), void *ctx,
			 struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_SESSIONS, err);
	int step = SQLITE_DONE, stop = 0, n = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, since);
	kw_bind_text(s, 2, until);
	kw_bind_text(s, 3, client_id);
	sqlite3_bind_int(s, 4, limit);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_session_row r = { 0 };

		kw_col_copy(s, 0, r.id, sizeof(r.id));
		r.group_name = (const char *)sqlite3_column_text(s, 1);
		r.held_on = (const char *)sqlite3_column_text(s, 2);
		r.venue = (const char *)sqlite3_column_text(s, 3);
		r.facilitator = (const char *)sqlite3_column_text(s, 4);
		r.attendees = (long)sqlite3_column_int64(s, 5);
		kw_col_copy(s, 6, r.her_attendance, sizeof(r.her_attendance));
		n++;
		stop = fn(ctx, &r);
	}
	if (kw_rows_end(st, s, step, stop, "reading the group sessions", err) != 0)
		return -1;
	return n;
}

static const char SQL_ATTENDANCE_OF[] =
	"SELECT a.id, g.id, g.group_name, g.held_on, a.attended, a.rating "
	"FROM main.attendance a JOIN main.group_sessions g ON g.id = a.group_session_id "
	"WHERE a.client_id = ?1 ORDER BY g.held_on DESC, a.created_at DESC LIMIT ?2";

int kw_db_attendance_of(struct kw_store *st, const char *client_id, int limit,
			int (*fn)(void *ctx, const struct kw_attendance_row *r), void *ctx,
			struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_ATTENDANCE_OF, err);
	int step = SQLITE_DONE, stop = 0, n = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	sqlite3_bind_int(s, 2, limit);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_attendance_row r = { 0 };

		kw_col_copy(s, 0, r.id, sizeof(r.id));
		kw_col_copy(s, 1, r.session_id, sizeof(r.session_id));
		r.group_name = (const char *)sqlite3_column_text(s, 2);
		r.held_on = (const char *)sqlite3_column_text(s, 3);
		r.attended = (const char *)sqlite3_column_text(s, 4);
		r.rating = sqlite3_column_int(s, 5);
		n++;
		stop = fn(ctx, &r);
	}
	if (kw_rows_end(st, s, step, stop, "reading the groups she came to", err) != 0)
		return -1;
	return n;
}
