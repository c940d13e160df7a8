/* team.c: the queue, caseloads and capacity, covers and allocations as the store keeps them (teamdb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casesql.h"
#include "internal.h"
#include "keywork/policy.h"
#include "keywork/teamdb.h"
#include "keywork/view.h"
#include "keywork/date.h"
#include "keywork/util.h"

/*
 * One row a woman with no keyworker: her earliest episode still referred or
 * open (a closure sets status 'closed'), or, with none, her answer yes to
 * "Has she asked for a keyworker?" (intake's wants_keyworker), from the day
 * she gave it. Oldest first.
 */
/* Episode e is in a programme that needs a keyworker (?1 lists those that do not). */
#define NEEDS_KW(e) "(?1 IS NULL OR instr(?1, ',' || coalesce(" e ".programme, '') || ',') = 0)"
/* Those with no keyworker who asked for one, from the answers (general 0029's index). */
#define ASKED_KW                                                                                 \
	"SELECT c.id, c.reference, c.known_as, substr(v.updated_at, 1, 10), NULL, NULL, 1 FROM " \
	"main.custom_values v INDEXED BY custom_values_wants_keyworker CROSS JOIN main.clients " \
	"c ON c.id = v.record_id WHERE v.field_key = 'wants_keyworker' AND v.state = "           \
	"'answered' AND v.value = 'yes' AND c.keyworker_id IS NULL AND NOT EXISTS (SELECT 1 "    \
	"FROM main.episodes x WHERE x.client_id = c.id AND x.status IN ('referred', 'open') "    \
	"AND " NEEDS_KW("x") ")"
/*
 * Those with no keyworker and an episode referred or open, read only where her programmes
 * (general 0029's open_programmes) are not all in ?1: ',' || open_programmes || ',' found
 * whole in ?1 means each of them is. The index holds the women waiting by their programmes:
 * each set of programmes is found by one seek (progs) and decided once, so the women of a
 * set that needs no keyworker are never read (200,000 women: 35,989 in drop-in only, 5.3
 * ms read one by one, 0.1 ms this way).
 */
#define WAITING_MIN                                                                              \
	"(SELECT min(open_programmes) FROM main.contact_state INDEXED BY contact_state_waiting " \
	"WHERE keyworker_id IS NULL AND open_programmes IS NOT NULL"
static const char SQL_WAITING[] =
	"WITH RECURSIVE progs(v) AS (SELECT " WAITING_MIN ") UNION ALL SELECT " WAITING_MIN
	" AND open_programmes > progs.v) FROM progs WHERE progs.v IS NOT NULL) "
	"SELECT * FROM (SELECT c.id, c.reference, c.known_as, min(coalesce(e.referred_on, "
	"substr(e.created_at, 1, 10))) AS since, e.programme, e.cadence, 0 AS asked FROM progs "
	"CROSS JOIN main.contact_state w INDEXED BY contact_state_waiting ON w.open_programmes = "
	"progs.v CROSS JOIN main.clients c ON c.id = w.client_id JOIN main.episodes e ON "
	"e.client_id = c.id WHERE progs.v IS NOT NULL AND (?1 IS NULL OR instr(?1, ',' || progs.v "
	"|| ',') = 0) AND w.keyworker_id IS NULL AND w.open_programmes IS NOT NULL AND "
	"c.keyworker_id IS NULL AND e.status IN ('referred', 'open') AND " NEEDS_KW(
		"e") " GROUP BY c.id UNION ALL " ASKED_KW
		     ") ORDER BY since, known_as COLLATE NOCASE, id";

static const char SQL_TEAM[] =
	"SELECT u.id, u.username, u.role, u.disabled, u.capacity FROM main.users u WHERE u.role IN "
	"('manager', 'keyworker') ORDER BY u.username";
static const char SQL_CASELOAD_COUNT[] =
	"SELECT count(*) FROM main.clients WHERE keyworker_id = ?1";

/*
 * The whole team on a day, from the indexes of general 0029 and contact_state's count_as: 1
 * and 2 are counted from a range of an index, 3 (paused, or a day in her row that is not a
 * date) read row by row for the caller to work out, 0 (no episode open) never overdue.
 */
/* The programmes and cadences of the women counted as 1, one seek each: the first, then the
 * next after ?1, ?2 (a NULL sorts first, so its next is read by another statement). */
#define CS_PAIRS                                                                              \
	"SELECT programme, cadence FROM main.contact_state INDEXED BY contact_state_cadence " \
	"WHERE count_as = 1 AND "
static const char SQL_PAIR_FIRST[] =
	"SELECT programme, cadence FROM main.contact_state INDEXED BY contact_state_cadence WHERE "
	"count_as = 1 ORDER BY programme, cadence LIMIT 1";
static const char *const SQL_PAIR_NEXT[2][2] = {
	/* [programme is NULL][cadence is NULL] */
	{ "SELECT * FROM (" CS_PAIRS "programme = ?1 AND cadence > ?2 ORDER BY cadence LIMIT 1) "
	  "UNION ALL SELECT * FROM (" CS_PAIRS "programme > ?1 ORDER BY programme, cadence "
	  "LIMIT 1) LIMIT 1",
	  "SELECT * FROM (" CS_PAIRS "programme = ?1 AND cadence IS NOT NULL ORDER BY cadence "
	  "LIMIT 1) UNION ALL SELECT * FROM (" CS_PAIRS "programme > ?1 ORDER BY programme, "
	  "cadence LIMIT 1) LIMIT 1" },
	{ "SELECT * FROM (" CS_PAIRS "programme IS NULL AND cadence > ?2 ORDER BY cadence LIMIT "
	  "1) UNION ALL SELECT * FROM (" CS_PAIRS "programme IS NOT NULL ORDER BY programme, "
	  "cadence LIMIT 1) LIMIT 1",
	  "SELECT * FROM (" CS_PAIRS "programme IS NULL AND cadence IS NOT NULL ORDER BY "
	  "cadence LIMIT 1) UNION ALL SELECT * FROM (" CS_PAIRS "programme IS NOT NULL ORDER "
	  "BY programme, cadence LIMIT 1) LIMIT 1" },
};
/* How many in programme ?1 on cadence ?2 were last seen before ?3. */
static const char SQL_CADENCE_OVER[] =
	"SELECT count(*) FROM main.contact_state INDEXED BY contact_state_cadence WHERE "
	"count_as = 1 AND programme IS ?1 AND cadence IS ?2 AND since_on < ?3";
/* How many had their next contact planned for a day before ?1. */
static const char SQL_PLANNED_OVER[] =
	"SELECT count(*) FROM main.contact_state INDEXED BY contact_state_planned WHERE "
	"count_as = 2 AND next_planned < ?1";
/* Keyworker ?1's women counted as 1 or 2, with what decides whether they are overdue. */
static const char SQL_MEMBER_STATE[] =
	"SELECT count_as, programme, cadence, since_on, next_planned FROM main.contact_state "
	"INDEXED BY contact_state_unseen WHERE keyworker_id = ?1 AND count_as IN (1, 2)";
/* Keyworker ?1's woman not seen for longest, of those counted as 1 or 2. */
static const char SQL_UNSEEN[] =
	"SELECT client_id, since_on FROM main.contact_state INDEXED BY contact_state_unseen "
	"WHERE count_as IN (1, 2) AND keyworker_id = ?1 AND since_on IS NOT NULL ORDER BY "
	"since_on, client_id LIMIT 1";
/* Those counted as 3, in the order of her id, beside the pauses begun by today (?1 of
 * SQL_TEAM_PAUSES; their ends are worked out in C: a GROUP BY working them out took 8 ms on
 * 13,000 pauses, these rows under 1 ms). */
static const char SQL_ODD[] =
	"SELECT client_id, last_made, opened_on, programme, cadence, next_planned, keyworker_id "
	"FROM main.contact_state INDEXED BY contact_state_odd WHERE count_as = 3 ORDER BY "
	"client_id";
static const char SQL_TEAM_PAUSES[] = "SELECT client_id, ends_on FROM main.contact_pauses INDEXED "
				      "BY contact_pauses_client_starts "
				      "WHERE starts_on <= ?1 ORDER BY client_id";
static const char SQL_WOMEN[] = "SELECT count(*) FROM main.clients";
/* Keyworker ?2's tasks and chases due on ?1 (as view.c's SQL_COUNT_TASKS). */
static const char SQL_TASKS_DUE_OF[] =
	"SELECT count(*) FROM main.clients c JOIN main.tasks t ON t.client_id = c.id WHERE "
	"c.keyworker_id = ?2 AND (t.due_on <= ?1 OR t.chase_on <= ?1) AND " TASK_OPEN;
static const char SQL_LABEL[] = "SELECT reference, known_as FROM main.clients WHERE id = ?1";

static const char SQL_CAPACITY_OLD[] = "SELECT capacity FROM main.users WHERE id = ?1";
static const char SQL_CAPACITY[] =
	"UPDATE main.users SET capacity = ?2, updated_at = ?3, updated_by = ?4, "
	"version = version + 1, device_id = ?5 WHERE id = ?1";

static const char SQL_COVER_ADD[] =
	"INSERT INTO main.covers(id, away_id, by_id, starts_on, until, created_at, created_by, "
	"updated_at, updated_by, version, device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7, "
	"1, ?8)";
static const char SQL_COVER_END[] =
	"UPDATE main.covers SET ended_on = ?2, updated_at = ?3, updated_by = ?4, "
	"version = version + 1, device_id = ?5 WHERE id = ?1 AND ended_on IS NULL";
static const char SQL_COVERS[] =
	"SELECT v.id, v.away_id, a.username, v.by_id, b.username, v.starts_on, v.until FROM "
	"main.covers v JOIN main.users a ON a.id = v.away_id JOIN main.users b ON b.id = v.by_id "
	"WHERE v.ended_on IS NULL AND (?1 IS NULL OR v.by_id = ?1) AND (?2 IS NULL OR "
	"v.away_id = ?2) ORDER BY a.username, v.starts_on";

static const char SQL_NEW_TO[] =
	"SELECT DISTINCT h.record_id FROM main.history h JOIN main.clients c ON c.id = "
	"h.record_id AND c.keyworker_id = ?1 WHERE h.table_name = 'clients' AND h.field = "
	"'keyworker_id' AND h.new_value = ?1 AND h.created_at >= ?2 AND NOT EXISTS (SELECT 1 "
	"FROM main.contacts k WHERE k.client_id = h.record_id AND k.outcome = 'made' AND "
	"k.created_at >= h.created_at)";

static const char SQL_KW_OLD[] = "SELECT keyworker_id FROM main.clients WHERE id = ?1";
static const char SQL_KW_SET[] =
	"UPDATE main.clients SET keyworker_id = ?2, updated_at = ?3, updated_by = ?4, "
	"version = version + 1, device_id = ?5 WHERE id = ?1";
static const char SQL_CASELOAD_IDS[] =
	"SELECT id FROM main.clients WHERE keyworker_id = ?1 ORDER BY id";
static const char SQL_CASELOAD_IDS_SEALED[] =
	"SELECT z.client_id FROM s.client_allocation_seal z JOIN main.clients c ON c.id = "
	"z.client_id WHERE z.keyworker_id = ?1 ORDER BY z.client_id";

/* The one number s counts, its ?1 and ?2 bound to a and b; 0 or -1. */
static int count_one(struct kw_store *st, const char *sql, const char *a, const char *b, long *n,
		     const char *doing, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sql, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, a);
	kw_bind_text(s, 2, b);
	step = sqlite3_step(s);
	*n = step == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	return kw_rows_end(st, s, step == SQLITE_ROW ? SQLITE_DONE : step, 0, doing, err);
}

int kw_db_waiting(struct kw_store *st, const char *skip,
		  int (*fn)(void *ctx, const struct kw_waiting *w), void *ctx, long *total,
		  struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_WAITING, err);
	int step, stop = 0;
	long n = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, skip);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_waiting w = { 0 };

		n++;
		if (stop)
			continue;
		kw_col_copy(s, 0, w.id, sizeof(w.id));
		kw_col_copy(s, 1, w.reference, sizeof(w.reference));
		w.known_as = (const char *)sqlite3_column_text(s, 2);
		w.since = (const char *)sqlite3_column_text(s, 3);
		w.programme = (const char *)sqlite3_column_text(s, 4);
		w.cadence = (const char *)sqlite3_column_text(s, 5);
		w.asked = sqlite3_column_int(s, 6) != 0;
		stop = kw_hidden(st, w.id) ? 0 : fn(ctx, &w);
	}
	if (kw_rows_end(st, s, step, 0, "reading the women waiting", err) != 0)
		return -1;
	if (total != NULL)
		*total = n;
	return stop < 0 ? -1 : 0;
}

int kw_db_team_each(struct kw_store *st, bool (*admit)(void *ctx, const struct kw_team_member *m),
		    int (*fn)(void *ctx, const struct kw_team_member *m), void *ctx,
		    struct kw_err *err)
{
	sqlite3_stmt *s;
	int step, stop = 0;

	/* Both statements prepared before either is stepped. */
	if (kw_stmt(st, SQL_CASELOAD_COUNT, err) == NULL ||
	    (s = kw_stmt(st, SQL_TEAM, err)) == NULL)
		return -1;
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_team_member m = { 0 };

		kw_col_copy(s, 0, m.id, sizeof(m.id));
		kw_col_copy(s, 1, m.username, sizeof(m.username));
		m.role = kw_role_parse((const char *)sqlite3_column_text(s, 2));
		m.disabled = sqlite3_column_int(s, 3) != 0;
		m.capacity =
			sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 4);
		if (admit != NULL && !admit(ctx, &m))
			continue;
		if (count_one(st, SQL_CASELOAD_COUNT, m.id, NULL, &m.caseload,
			      "counting a caseload", err) != 0) {
			sqlite3_reset(s);
			return -1;
		}
		stop = fn(ctx, &m);
	}
	if (kw_rows_end(st, s, step, stop, "reading the team", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

/* Steps s (a stream in the order of column 0) until its row is at or past id; 1 if at id. */
static int catch_up(sqlite3_stmt *s, int *step, const char *id)
{
	while (*step == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(s, 0);
		int c = at != NULL ? strcmp(at, id) : -1;

		if (c == 0)
			return 1;
		if (c > 0)
			return 0;
		*step = sqlite3_step(s);
	}
	return 0;
}

/* Gives p->overdue the count s (bound already) gives, for everyone. */
static int all_overdue(struct kw_store *st, sqlite3_stmt *s, const struct kw_team_pass *p,
		       struct kw_err *err)
{
	long n;

	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return kw_db_fail(st, "counting the team's overdue contact", err);
	}
	n = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return p->overdue(p->ctx, NULL, n);
}

/* Whether a woman of s's row (SQL_MEMBER_STATE) is overdue, as the ranges count her. */
static bool member_overdue(sqlite3_stmt *s, const struct kw_team_pass *p)
{
	const char *since = (const char *)sqlite3_column_text(s, 3);
	const char *planned = (const char *)sqlite3_column_text(s, 4);
	long days;
	char cut[11];

	if (sqlite3_column_int(s, 0) == 2)
		return planned != NULL && strcmp(planned, p->today) < 0;
	days = p->cadence_days(p->ctx, (const char *)sqlite3_column_text(s, 1),
			       (const char *)sqlite3_column_text(s, 2));
	return days > 0 && since != NULL && kw_date_add_days(p->today, -days, cut) &&
	       strcmp(since, cut) < 0;
}

/* Gives p->overdue each member's count, from her own women's rows. */
static int members_overdue(struct kw_store *st, const struct kw_team_pass *p, struct kw_err *err)
{
	for (size_t i = 0; i < p->nmembers; i++) {
		sqlite3_stmt *s = kw_stmt(st, SQL_MEMBER_STATE, err);
		int step, stop;
		long n = 0;

		if (s == NULL)
			return -1;
		kw_bind_text(s, 1, p->members[i]);
		while ((step = sqlite3_step(s)) == SQLITE_ROW)
			n += member_overdue(s, p);
		if (kw_rows_end(st, s, step, 0, "counting a keyworker's overdue contact", err) != 0)
			return -1;
		if ((stop = p->overdue(p->ctx, p->members[i], n)) != 0)
			return stop < 0 ? -1 : stop;
	}
	return 0;
}

/* The next programme and cadence after prog, cad (NULL: none), or the first if first. */
static int pair_next(struct kw_store *st, bool first, char **prog, char **cad, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(
		st, first ? SQL_PAIR_FIRST : SQL_PAIR_NEXT[*prog == NULL][*cad == NULL], err);
	int step;

	if (s == NULL)
		return -1;
	if (!first) {
		kw_bind_text(s, 1, *prog);
		kw_bind_text(s, 2, *cad);
	}
	step = sqlite3_step(s);
	free(*prog);
	free(*cad);
	*prog = *cad = NULL;
	if (step == SQLITE_ROW) {
		*prog = kw_col_strdup(s, 0);
		*cad = kw_col_strdup(s, 1);
	}
	if (kw_rows_end(st, s, step == SQLITE_ROW ? SQLITE_DONE : step, 0,
			"reading the team's programmes", err) != 0)
		return -1;
	return step == SQLITE_ROW;
}

/* The women with no contact planned, counted a programme and cadence at a time. */
static int cadence_overdue(struct kw_store *st, const struct kw_team_pass *p, struct kw_err *err)
{
	char *prog = NULL, *cad = NULL;
	int rc = 0, more;

	for (bool first = true; (more = pair_next(st, first, &prog, &cad, err)) == 1;
	     first = false) {
		sqlite3_stmt *o;
		long days = p->cadence_days(p->ctx, prog, cad);
		char cut[11];

		/* Overdue when last seen more than the cadence's days before today. */
		if (days <= 0 || !kw_date_add_days(p->today, -days, cut))
			continue;
		if ((o = kw_stmt(st, SQL_CADENCE_OVER, err)) == NULL) {
			rc = -1;
			break;
		}
		kw_bind_text(o, 1, prog);
		kw_bind_text(o, 2, cad);
		kw_bind_text(o, 3, cut);
		if ((rc = all_overdue(st, o, p, err)) != 0)
			break;
	}
	free(prog);
	free(cad);
	return more < 0 ? -1 : rc;
}

/* Her pauses on today, as PAUSE_NOW and PAUSE_ENDED give them; the strings are malloc'd. */
struct pauses_on {
	char *until; /* the pause covering today that ends last: its end, "" if open-ended */
	char *ended; /* the last day of the latest pause that ended before today */
};

/* v into *best if it is later (or *best is none); an open end is latest of all when open. */
static void later(char **best, const char *v)
{
	if (*best == NULL || (**best != '\0' && (*v == '\0' || strcmp(v, *best) > 0))) {
		free(*best);
		*best = kw_xstrdup(v);
	}
}

/* Reads the rows of q (SQL_TEAM_PAUSES, at *step) that are id's into out. */
static void pauses_of(sqlite3_stmt *q, int *step, const char *id, const char *today,
		      struct pauses_on *out)
{
	if (!catch_up(q, step, id))
		return;
	do {
		const char *end = (const char *)sqlite3_column_text(q, 1);

		if (end == NULL)
			later(&out->until, "");
		else if (strcmp(end, today) >= 0)
			later(&out->until, end);
		else if (out->ended == NULL || strcmp(end, out->ended) > 0) {
			free(out->ended);
			out->ended = kw_xstrdup(end);
		}
		*step = sqlite3_step(q);
	} while (*step == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(q, 0), id) == 0);
}

/* The women worked out row by row, with their pauses on today. */
static int odd_each(struct kw_store *st, const struct kw_team_pass *p, struct kw_err *err)
{
	sqlite3_stmt *s, *q;
	int step, qstep, stop = 0;

	/* Two statements stepped together: each is prepared before either is bound. */
	s = kw_stmt(st, SQL_ODD, err);
	q = s != NULL ? kw_stmt(st, SQL_TEAM_PAUSES, err) : NULL;
	if (q == NULL)
		return -1;
	kw_bind_text(q, 1, p->today);
	qstep = sqlite3_step(q);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_case_row r = { 0 };
		struct pauses_on on = { NULL, NULL };
		const char *kw = (const char *)sqlite3_column_text(s, 6);

		kw_col_copy(s, 0, r.id, sizeof(r.id));
		r.last_contact = (const char *)sqlite3_column_text(s, 1);
		r.opened_on = (const char *)sqlite3_column_text(s, 2);
		r.programme = (const char *)sqlite3_column_text(s, 3);
		r.cadence = (const char *)sqlite3_column_text(s, 4);
		r.next_planned = (const char *)sqlite3_column_text(s, 5);
		r.has_open_episode = true;
		pauses_of(q, &qstep, r.id, p->today, &on);
		r.paused_until = on.until;
		r.pause_ended = on.ended;
		stop = p->odd(p->ctx, kw != NULL ? kw : "", &r);
		free(on.until);
		free(on.ended);
	}
	sqlite3_reset(q);
	if (kw_rows_end(st, s, step, stop, "reading the team's paused women", err) != 0)
		return -1;
	if (qstep != SQLITE_ROW && qstep != SQLITE_DONE)
		return kw_db_fail(st, "reading the team's pauses", err);
	return stop < 0 ? -1 : stop;
}

int kw_db_team_pass(struct kw_store *st, const struct kw_team_pass *p, long *women, long *tasks_due,
		    struct kw_err *err)
{
	sqlite3_stmt *s;
	long advocacy;
	int rc;

	*women = *tasks_due = 0;
	/* The centre's whole list is not drop-in staff's to scan (policy.h). */
	if (kw_db_may(st, KW_DO_CASELOAD, err) != 0)
		return -1;
	/* Everyone's tasks due as the whole team's Today counts them (from each day's tally). */
	if (count_one(st, SQL_WOMEN, NULL, NULL, women, "counting the women", err) != 0 ||
	    kw_db_agenda_counts(st, NULL, p->today, tasks_due, &advocacy, err) != 0)
		return -1;
	if ((rc = cadence_overdue(st, p, err)) != 0)
		return rc < 0 ? -1 : 0;
	if ((s = kw_stmt(st, SQL_PLANNED_OVER, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, p->today);
	if ((rc = all_overdue(st, s, p, err)) != 0 || (rc = members_overdue(st, p, err)) != 0)
		return rc < 0 ? -1 : 0;
	return odd_each(st, p, err) < 0 ? -1 : 0;
}

int kw_db_team_unseen(struct kw_store *st, const char *keyworker_id, char client_id[37],
		      char since[11], struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_UNSEEN, err);
	int step;

	client_id[0] = since[0] = '\0';
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, keyworker_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, client_id, 37);
		kw_col_copy(s, 1, since, 11);
	}
	if (kw_rows_end(st, s, step == SQLITE_ROW ? SQLITE_DONE : step, 0,
			"reading who was seen longest ago", err) != 0)
		return -1;
	return step == SQLITE_ROW;
}

int kw_db_team_tasks_due(struct kw_store *st, const char *keyworker_id, const char *today, long *n,
			 struct kw_err *err)
{
	return count_one(st, SQL_TASKS_DUE_OF, today, keyworker_id, n, "counting her tasks due",
			 err);
}

int kw_db_client_label(struct kw_store *st, const char *client_id, char ref[16], char *name,
		       size_t name_len, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LABEL, err);
	int step;

	ref[0] = '\0';
	if (name_len > 0)
		name[0] = '\0';
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, ref, 16);
		kw_col_copy(s, 1, name, name_len);
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading her name", err);
	return step == SQLITE_ROW ? 1 : 0;
}

int kw_db_user_set_capacity(struct kw_store *st, const char *user_id, long capacity,
			    struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_CAPACITY_OLD, err);
	char now[21], old[24] = "", nv[24] = "";

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, user_id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		snprintf(old, sizeof(old), "%lld", (long long)sqlite3_column_int64(s, 0));
	sqlite3_reset(s);
	s = kw_stmt(st, SQL_CAPACITY, err);
	if (s == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, user_id);
	if (capacity < 0)
		sqlite3_bind_null(s, 2);
	else
		sqlite3_bind_int64(s, 2, capacity);
	kw_bind_text(s, 3, now);
	kw_bind_text(s, 4, st->actor_id);
	kw_bind_text(s, 5, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "setting a capacity", err);
	if (capacity >= 0)
		snprintf(nv, sizeof(nv), "%ld", capacity);
	return kw_history_add(st, false, "users", user_id, "capacity", old[0] ? old : NULL,
			      nv[0] ? nv : NULL, err);
}

int kw_db_cover_add(struct kw_store *st, struct kw_cover *c, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_COVER_ADD, err);
	struct kw_rowmeta m = { 0 };

	if (s == NULL)
		return -1;
	kw_meta_new(st, &m);
	memcpy(c->id, m.id, sizeof(c->id));
	kw_bind_text(s, 1, c->id);
	kw_bind_text(s, 2, c->away_id);
	kw_bind_text(s, 3, c->by_id);
	kw_bind_text(s, 4, c->starts_on);
	kw_bind_text(s, 5, c->until);
	kw_bind_text(s, 6, m.created_at);
	kw_bind_text(s, 7, m.created_by);
	kw_bind_text(s, 8, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "recording a cover", err);
	return 0;
}

int kw_db_cover_end(struct kw_store *st, const char *id, const char *ended_on, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_COVER_END, err);
	char now[21];

	if (s == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, id);
	kw_bind_text(s, 2, ended_on);
	kw_bind_text(s, 3, now);
	kw_bind_text(s, 4, st->actor_id);
	kw_bind_text(s, 5, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "ending a cover", err);
	return kw_history_add(st, false, "covers", id, "ended_on", NULL, ended_on, err);
}

int kw_db_cover_each(struct kw_store *st, const char *by_id, const char *away_id,
		     int (*fn)(void *ctx, const struct kw_cover *c), void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_COVERS, err);
	int step, stop = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, by_id);
	kw_bind_text(s, 2, away_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_cover c = { 0 };

		kw_col_copy(s, 0, c.id, sizeof(c.id));
		kw_col_copy(s, 1, c.away_id, sizeof(c.away_id));
		kw_col_copy(s, 2, c.away_name, sizeof(c.away_name));
		kw_col_copy(s, 3, c.by_id, sizeof(c.by_id));
		kw_col_copy(s, 4, c.by_name, sizeof(c.by_name));
		kw_col_copy(s, 5, c.starts_on, sizeof(c.starts_on));
		kw_col_copy(s, 6, c.until, sizeof(c.until));
		stop = fn(ctx, &c);
	}
	if (kw_rows_end(st, s, step, stop, "reading the covers", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

/* Calls fn with the text of column 0 of each row of s. */
static int each_id(struct kw_store *st, sqlite3_stmt *s, const char *doing,
		   int (*fn)(void *ctx, const char *id), void *ctx, struct kw_err *err)
{
	int step, stop = 0;

	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		char id[37];

		kw_col_copy(s, 0, id, sizeof(id));
		stop = fn(ctx, id);
	}
	if (kw_rows_end(st, s, step, stop, doing, err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

int kw_db_new_to(struct kw_store *st, const char *user_id, const char *since,
		 int (*fn)(void *ctx, const char *client_id), void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_NEW_TO, err);

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, user_id);
	kw_bind_text(s, 2, since);
	return each_id(st, s, "reading new allocations", fn, ctx, err);
}

int kw_db_keyworker_of(struct kw_store *st, const char *client_id, char out[37], struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_KW_OLD, err);
	int step;

	if (s == NULL)
		return -1;
	out[0] = '\0';
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		kw_col_copy(s, 0, out, 37);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading her keyworker", err);
	return step == SQLITE_ROW ? 1 : 0;
}

int kw_db_caseload_ids(struct kw_store *st, const char *user_id,
		       int (*fn)(void *ctx, const char *client_id), void *ctx, struct kw_err *err)
{
	/* With the sensitive compartment, her caseload as its sealed copy records it. */
	sqlite3_stmt *s =
		kw_stmt(st, st->sensitive ? SQL_CASELOAD_IDS_SEALED : SQL_CASELOAD_IDS, err);

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, user_id);
	return each_id(st, s, "reading a caseload", fn, ctx, err);
}

int kw_db_set_keyworker(struct kw_store *st, const char *client_id, const char *user_id,
			char old_id[37], struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_KW_OLD, err);
	char now[21];
	int step;

	if (s == NULL)
		return -1;
	old_id[0] = '\0';
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		kw_col_copy(s, 0, old_id, 37);
	sqlite3_reset(s);
	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return kw_db_fail(st, "reading her keyworker", err);
	s = kw_stmt(st, SQL_KW_SET, err);
	if (s == NULL)
		return -1;
	kw_now_iso(now);
	kw_bind_text(s, 1, client_id);
	kw_bind_text(s, 2, user_id);
	kw_bind_text(s, 3, now);
	kw_bind_text(s, 4, st->actor_id);
	kw_bind_text(s, 5, st->device_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return kw_db_fail(st, "changing her keyworker", err);
	if (kw_history_add(st, false, "clients", client_id, "keyworker_id",
			   old_id[0] != '\0' ? old_id : NULL, user_id, err) != 0)
		return -1;
	return 1;
}
