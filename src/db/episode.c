/*
 * episode.c: her episodes as stored, opening a referred one, and what her
 * record needs for "changed since you last looked": the previous time a user
 * opened it and what others wrote since. Closing is a closure row written
 * through its form; the store's trigger (schema/general/0005) closes the
 * episode with it.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keywork/episode.h"
#include "keywork/util.h"

/*
 * An episode is closed by its status, its closed_on or a closure row (older
 * stores may hold any one of them): all read as closed here, as view.c does.
 */
#define EPISODE_COLS                                                                            \
	"SELECT e.id, e.client_id, e.referral_source, e.programme, e.cadence, "                 \
	"CASE WHEN e.status = 'closed' OR e.closed_on IS NOT NULL OR z.id IS NOT NULL THEN "    \
	"'closed' ELSE e.status END, e.referred_on, e.opened_on, coalesce(e.closed_on, "        \
	"z.closed_on), coalesce(e.closure_reason, z.reason), e.reopened_from, "                 \
	"(SELECT r.id FROM main.episodes r WHERE r.reopened_from = e.id ORDER BY r.created_at " \
	"DESC LIMIT 1), z.her_wish, z.welcome_back, e.version FROM main.episodes e "            \
	"LEFT JOIN main.closures z ON z.id = (SELECT y.id FROM main.closures y WHERE "          \
	"y.episode_id = e.id ORDER BY y.created_at DESC LIMIT 1) "

static const char SQL_GET[] = EPISODE_COLS "WHERE e.id = ?1";
static const char SQL_EACH[] = EPISODE_COLS
	"WHERE e.client_id = ?1 ORDER BY CASE WHEN e.status = 'closed' OR "
	"e.closed_on IS NOT NULL OR z.id IS NOT NULL THEN 2 WHEN e.status = 'open' "
	"THEN 0 ELSE 1 END, coalesce(e.opened_on, e.referred_on) DESC, e.created_at DESC";

static void episode_read(sqlite3_stmt *s, struct kw_episode *e)
{
	memset(e, 0, sizeof(*e));
	kw_col_copy(s, 0, e->id, sizeof(e->id));
	kw_col_copy(s, 1, e->client_id, sizeof(e->client_id));
	e->referral_source = kw_col_strdup(s, 2);
	e->programme = kw_col_strdup(s, 3);
	e->cadence = kw_col_strdup(s, 4);
	e->status = kw_col_strdup(s, 5);
	e->referred_on = kw_col_strdup(s, 6);
	e->opened_on = kw_col_strdup(s, 7);
	e->closed_on = kw_col_strdup(s, 8);
	e->closure_reason = kw_col_strdup(s, 9);
	e->reopened_from = kw_col_strdup(s, 10);
	e->reopened_by = kw_col_strdup(s, 11);
	e->her_wish = kw_col_strdup(s, 12);
	e->welcome_back = kw_col_strdup(s, 13);
	e->version = (long)sqlite3_column_int64(s, 14);
}

int kw_db_episode_get(struct kw_store *st, const char *id, struct kw_episode *out,
		      struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_GET, err);
	int step, rc = -1;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		episode_read(s, out);
		rc = 1;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	} else {
		kw_db_fail(st, "reading an episode", err);
	}
	sqlite3_reset(s);
	return rc;
}

int kw_db_episode_each(struct kw_store *st, const char *client_id,
		       int (*fn)(void *ctx, const struct kw_episode *e), void *ctx,
		       struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_EACH, err);
	int step = SQLITE_DONE, stop = 0, n = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_episode e;

		episode_read(s, &e);
		n++;
		stop = fn(ctx, &e);
		kw_episode_clear(&e);
	}
	if (kw_rows_end(st, s, step, stop, "reading her episodes", err) != 0)
		return -1;
	return n;
}

static const char SQL_OPEN[] =
	"UPDATE main.episodes SET status = 'open', opened_on = ?2, cadence = coalesce(?3, "
	"cadence), updated_at = ?4, updated_by = ?5, version = version + 1 WHERE id = ?1 AND "
	"version = ?6 AND closed_on IS NULL AND NOT EXISTS (SELECT 1 FROM main.closures z WHERE "
	"z.episode_id = ?1)";

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int kw_db_episode_open(struct kw_store *st, const char *id, long version, const char *opened_on,
		       const char *cadence, struct kw_err *err)
{
	struct kw_episode e;
	struct kw_rowmeta m = { 0 };
	sqlite3_stmt *s;
	const char *new_cadence;
	int found, rc = -1;

	if (opened_on == NULL || opened_on[0] == '\0')
		return kw_err_set(err, KW_EUSAGE, "opening an episode needs the day it opened");
	found = kw_db_episode_get(st, id, &e, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_set(err, KW_EDATA, "this episode is no longer here");
		return -1;
	}
	if (e.version != version) {
		kw_err_set(err, KW_EDATA,
			   "someone changed this episode since it was read; "
			   "nothing was saved");
		goto out;
	}
	if (strcmp(e.status, "closed") == 0) {
		kw_err_set(err, KW_EDATA, "this episode is closed: re-open it instead");
		goto out;
	}
	if (strcmp(e.status, "open") == 0 && !same(e.opened_on, opened_on)) {
		kw_err_set(err, KW_EDATA, "this episode is open already, since %s",
			   e.opened_on != NULL ? e.opened_on : "a day not recorded");
		goto out;
	}
	new_cadence = cadence != NULL && cadence[0] != '\0' && e.cadence == NULL ? cadence : NULL;
	if (strcmp(e.status, "open") == 0 && new_cadence == NULL) {
		rc = 0; /* open on that day with its cadence already: nothing to do */
		goto out;
	}
	if ((s = kw_stmt(st, SQL_OPEN, err)) == NULL)
		goto out;
	kw_meta_new(st, &m);
	kw_bind_text(s, 1, id);
	kw_bind_text(s, 2, opened_on);
	kw_bind_text(s, 3, new_cadence);
	kw_bind_text(s, 4, m.created_at);
	kw_bind_text(s, 5, m.created_by);
	sqlite3_bind_int64(s, 6, version);
	if (sqlite3_step(s) != SQLITE_DONE) {
		kw_db_fail(st, "opening an episode", err);
		sqlite3_reset(s);
		goto out;
	}
	sqlite3_reset(s);
	if (sqlite3_changes(st->db) != 1) {
		kw_err_set(err, KW_EDATA,
			   "someone changed this episode meanwhile; nothing was saved");
		goto out;
	}
	if ((strcmp(e.status, "open") != 0 &&
	     kw_history_add(st, false, "episodes", id, "status", e.status, "open", err) != 0) ||
	    (!same(e.opened_on, opened_on) && kw_history_add(st, false, "episodes", id, "opened_on",
							     e.opened_on, opened_on, err) != 0) ||
	    (new_cadence != NULL && kw_history_add(st, false, "episodes", id, "cadence", e.cadence,
						   new_cadence, err) != 0))
		goto out;
	rc = 0;
out:
	kw_episode_clear(&e);
	return rc;
}

/* --- changed since you last looked --- */

static const char SQL_LAST_LOOK[] =
	"SELECT at FROM main.audit WHERE client_id = ?1 AND actor_id = ?2 AND action = "
	"'record-open' ORDER BY seq DESC LIMIT 1";

int kw_db_last_look(struct kw_store *st, const char *client_id, const char *user_id, char at[21],
		    struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LAST_LOOK, err);
	int step, rc = -1;

	at[0] = '\0';
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	kw_bind_text(s, 2, user_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, at, 21);
		rc = 1;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	} else {
		kw_db_fail(st, "reading when her record was last opened", err);
	}
	sqlite3_reset(s);
	return rc;
}

/*
 * Written (created or changed) by someone else at or after ?3; "by" is who did
 * it last. Times are to the second: a change in the second of the look may
 * have come after it, so it is marked.
 */
#define BY_OTHER(t)                                                                              \
	"((" t ".created_at >= ?3 AND " t ".created_by <> ?2) OR (" t ".updated_at >= ?3 AND " t \
	".updated_by <> ?2))"
#define WHO(t)                                                                \
	"CASE WHEN " t ".updated_at >= ?3 AND " t ".updated_by <> ?2 THEN " t \
	".updated_by ELSE " t ".created_by END"
#define CHANGED_GENERAL                                                                                                                                                                                                                     \
	"SELECT k.id AS id, " WHO(                                                                                                                                                                                                          \
		"k") " AS who FROM main.contacts k WHERE k.client_id = ?1 "                                                                                                                                                                 \
		     "AND " BY_OTHER("k") " UNION ALL SELECT k.id, " WHO(                                                                                                                                                                   \
			     "k") " FROM main.tasks k WHERE "                                                                                                                                                                               \
				  "k.client_id = ?1 AND " BY_OTHER(                                                                                                                                                                         \
					  "k") " UNION ALL SELECT k.id, " WHO("k") " FROM "                                                                                                                                                 \
										   "main."                                                                                                                                                  \
										   "appointments "                                                                                                                                          \
										   "k WHERE "                                                                                                                                               \
										   "k.client_id "                                                                                                                                           \
										   "= ?1 "                                                                                                                                                  \
										   "AND"                                                                                                                                                    \
										   " " BY_OTHER(                                                                                                                                            \
											   "k") " UNION ALL SELECT "                                                                                                                        \
												"k.id, " WHO("k") " FROM main.strengths k WHERE k.client_id = ?1 AND " BY_OTHER(                                                            \
													"k") " UNION ALL SELECT k.id, " WHO("k") " FROM main.advocacy_steps k JOIN "                                                        \
																		 "main.advocacy_items i ON i.id = k.advocacy_item_id WHERE i.client_id = ?1 AND " BY_OTHER( \
																			 "k")
#define CHANGED_SENSITIVE                                                                      \
	" UNION ALL SELECT k.id, " WHO("k") " FROM s.notes k WHERE k.client_id = ?1 "          \
					    "AND " BY_OTHER("k") " UNION ALL SELECT ?1, " WHO( \
						    "k") " FROM s.custom_values k WHERE "      \
							 "k.record_id = ?1 AND k.field_key = " \
							 "'handover' AND " BY_OTHER("k")
#define CHANGED_SQL(more)                                                                       \
	"SELECT c.id, coalesce(u.username, c.who) FROM (" CHANGED_GENERAL more ") c LEFT JOIN " \
	"main.users u ON u.id = c.who LIMIT ?4"

static const char SQL_CHANGED_S[] = CHANGED_SQL(CHANGED_SENSITIVE);
static const char SQL_CHANGED[] = CHANGED_SQL("");

int kw_db_changed_since(struct kw_store *st, const char *client_id, const char *user_id,
			const char *since, int limit,
			int (*fn)(void *ctx, const char *id, const char *by), void *ctx,
			struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, st->sensitive ? SQL_CHANGED_S : SQL_CHANGED, err);
	int step = SQLITE_DONE, stop = 0, n = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	kw_bind_text(s, 2, user_id);
	kw_bind_text(s, 3, since);
	sqlite3_bind_int(s, 4, limit);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(s, 0);
		const char *by = (const char *)sqlite3_column_text(s, 1);

		n++;
		stop = fn(ctx, id != NULL ? id : "", by != NULL ? by : "");
	}
	if (kw_rows_end(st, s, step, stop, "reading what changed since her record was last opened",
			err) != 0)
		return -1;
	return n;
}

/* ?1 her id, ?2 today. An appointment typed with a space is compared as if with a "T". */
#define OPEN_WORK_SQL(risk)                                                       \
	"SELECT (SELECT count(*) FROM main.tasks WHERE client_id = ?1 AND "       \
	"coalesce(status, 'to_do') NOT IN ('done', 'not_needed')), "              \
	"(SELECT count(*) FROM main.advocacy_items i WHERE i.client_id = ?1 AND " \
	"i.resolved_on IS NULL AND coalesce(i.status, '') <> 'resolved'), "       \
	"(SELECT min(replace(starts_at, ' ', 'T')) FROM main.appointments WHERE " \
	"client_id = ?1 AND kind = 'court' AND replace(starts_at, ' ', 'T') >= ?2), " risk
static const char SQL_OPEN_WORK_S[] =
	OPEN_WORK_SQL("(SELECT r.level FROM s.risk_assessments r WHERE r.client_id = ?1 "
		      "ORDER BY r.assessed_on DESC, r.created_at DESC LIMIT 1)");
static const char SQL_OPEN_WORK[] = OPEN_WORK_SQL("NULL");

int kw_db_open_work(struct kw_store *st, const char *client_id, const char *today,
		    struct kw_open_work *out, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, st->sensitive ? SQL_OPEN_WORK_S : SQL_OPEN_WORK, err);
	int step;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	kw_bind_text(s, 2, today);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->tasks = (long)sqlite3_column_int64(s, 0);
		out->advocacy = (long)sqlite3_column_int64(s, 1);
		kw_col_copy(s, 2, out->court_at, sizeof(out->court_at));
		kw_col_copy(s, 3, out->risk_level, sizeof(out->risk_level));
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW)
		return kw_db_fail(st, "reading what is open for her", err);
	return 0;
}
