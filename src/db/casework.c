/*
 * casework.c: reads for the practical, advocacy and pathway workflows: an
 * advocacy item's latest step, a support plan's actions (the tasks and
 * advocacy items linked to it), and whether a pathway already has an open
 * plan. All in the general compartment; one prepared query each.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "keywork/casework.h"

/* The latest step is the one Today's agenda reads (view.c's LATEST_STEP). */
static const char SQL_LATEST[] =
	"SELECT y.step, y.happened_on, y.due_on, (SELECT count(*) FROM main.advocacy_steps z "
	"WHERE z.advocacy_item_id = ?1) FROM main.advocacy_steps y WHERE y.advocacy_item_id = "
	"?1 ORDER BY coalesce(y.happened_on, y.due_on) DESC, y.created_at DESC, y.rowid DESC "
	"LIMIT 1";

int kw_db_advocacy_latest(struct kw_store *st, const char *item_id, struct kw_adv_latest *out,
			  struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LATEST, err);
	int step;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, item_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, out->step, sizeof(out->step));
		kw_col_copy(s, 1, out->happened_on, sizeof(out->happened_on));
		kw_col_copy(s, 2, out->due_on, sizeof(out->due_on));
		out->nsteps = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading an advocacy item's steps", err);
	return step == SQLITE_ROW ? 1 : 0;
}

/* ?1 the plan. Tasks first, then advocacy items; each by due date, none last. */
static const char SQL_ACTIONS[] =
	"SELECT * FROM (SELECT 0 AS g, t.id, t.title, t.status, t.due_on AS due, t.kind, "
	"(t.done_on IS NOT NULL OR coalesce(t.status, '') IN ('done', 'not_needed')), "
	"t.created_at AS at FROM main.tasks t WHERE t.support_plan_id = ?1 "
	"UNION ALL SELECT 1, i.id, i.issue, i.status, coalesce((SELECT y.due_on FROM "
	"main.advocacy_steps y WHERE y.advocacy_item_id = i.id ORDER BY coalesce(y.happened_on, "
	"y.due_on) DESC, y.created_at DESC, y.rowid DESC LIMIT 1), i.due_on), i.agency, "
	"(i.resolved_on IS NOT NULL OR coalesce(i.status, '') = 'resolved'), i.created_at "
	"FROM main.advocacy_items i WHERE i.support_plan_id = ?1) "
	"ORDER BY g, due IS NULL, due, at, id";

int kw_db_plan_actions(struct kw_store *st, const char *plan_id,
		       int (*fn)(void *ctx, const struct kw_plan_action *a), void *ctx,
		       struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_ACTIONS, err);
	int step = SQLITE_DONE, stop = 0, n = 0;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, plan_id);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_plan_action a = { 0 };

		a.kind = sqlite3_column_int(s, 0) == 0 ? KW_ACTION_TASK : KW_ACTION_ADVOCACY;
		kw_col_copy(s, 1, a.id, sizeof(a.id));
		a.title = (const char *)sqlite3_column_text(s, 2);
		a.status = (const char *)sqlite3_column_text(s, 3);
		a.due_on = (const char *)sqlite3_column_text(s, 4);
		a.extra = (const char *)sqlite3_column_text(s, 5);
		a.done = sqlite3_column_int(s, 6) != 0;
		n++;
		stop = fn(ctx, &a);
	}
	if (kw_rows_end(st, s, step, stop, "reading a support plan's actions", err) != 0)
		return -1;
	return stop < 0 ? -1 : n;
}

static const char SQL_PLAN_OPEN[] =
	"SELECT id, opened_on FROM main.support_plans WHERE client_id = ?1 AND pathway = ?2 "
	"AND closed_on IS NULL AND (?3 IS NULL OR id <> ?3) ORDER BY opened_on LIMIT 1";

int kw_db_plan_open(struct kw_store *st, const char *client_id, const char *pathway,
		    const char *except_id, char id[37], char opened_on[11], struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_PLAN_OPEN, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	kw_bind_text(s, 2, pathway);
	kw_bind_text(s, 3, except_id != NULL && except_id[0] != '\0' ? except_id : NULL);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		if (id != NULL)
			kw_col_copy(s, 0, id, 37);
		if (opened_on != NULL)
			kw_col_copy(s, 1, opened_on, 11);
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "looking for an open support plan", err);
	return step == SQLITE_ROW ? 1 : 0;
}
