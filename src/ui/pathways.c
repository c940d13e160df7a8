/* pathways.c: needs pathways and support plans (w), family (f), safety and risk (s). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/casework.h"
#include "keywork/reads.h"
#include "ui.h"

static const enum ui_op list_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
				       UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

/*
 * w Needs pathways: one support plan per pathway (the pathways list is YAML),
 * opened and closed with dates and her goals; under each plan its actions,
 * the tasks and advocacy items linked to it. 3 and 5 add a task or an
 * advocacy item already linked to the highlighted plan; x completes a task,
 * or closes a plan. A second open plan for a pathway is refused (and the
 * store refuses it too).
 */
static const enum ui_op plan_ops[] = { UI_OP_ADD,      UI_OP_OPEN, UI_OP_PRACTICAL, UI_OP_ADVOCACY,
				       UI_OP_COMPLETE, UI_OP_BACK, UI_OP_HELP,	    UI_OP_LOCK,
				       UI_OP_DOWN,     UI_OP_UP,   UI_OP_NONE };

enum { ROW_PLAN = 0, ROW_TASK = 10, ROW_ADVOCACY = 11 };

struct plan_meta {
	char id[37];
	char pathway[64];
	bool open;
};
struct plans {
	struct plan_meta *m;
	size_t n, cap;
	size_t added;
	bool fresh;
	char client_id[37];
	char editing[37]; /* the plan a form is open on ("" for a new one) */
	char want[37];	  /* the row to keep highlighted */
};

static const char *plan_answer(const struct kw_values *vals, const char *key)
{
	const struct kw_value *v = kw_values_get(vals, key);

	return v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL && v->text[0] != '\0'
		       ? v->text
		       : NULL;
}

static const struct plan_meta *plan_of(const struct plans *x, const char *id)
{
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->m[i].id, id) == 0)
			return &x->m[i];
	return NULL;
}

static void plan_form(struct ui *ui, struct panel *p, const char *plan_id,
		      const struct kw_values *preset, const char *focus)
{
	struct plans *x = p->ext;
	struct screen *sc;

	snprintf(x->editing, sizeof(x->editing), "%s", plan_id != NULL ? plan_id : "");
	sc = ui_form_new(ui, "support_plan", plan_id, plan_id == NULL ? p->client_id : NULL, preset,
			 NULL, NULL);
	if (sc == NULL)
		return;
	if (focus != NULL)
		ui_form_focus(sc, focus);
	ui_push(ui, sc);
}

static void plan_row(struct ui *ui, struct panel *p, int si, const char *id,
		     const struct kw_values *vals, char cell[4][256])
{
	struct plans *x = p->ext;
	struct plan_meta *m;
	const char *pathway = plan_answer(vals, "pathway");

	(void)ui;
	(void)si;
	if (x->fresh)
		x->n = 0;
	x->fresh = false;
	x->added++;
	if (x->n == x->cap) {
		x->cap = x->cap != 0 ? x->cap * 2 : 16;
		x->m = kw_xrealloc(x->m, x->cap * sizeof(*x->m));
	}
	m = &x->m[x->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->id, sizeof(m->id), "%s", id);
	snprintf(m->pathway, sizeof(m->pathway), "%s", pathway != NULL ? pathway : "");
	m->open = plan_answer(vals, "closed_on") == NULL;
	if (m->open)
		snprintf(cell[2], 256, "%s", "open");
	for (char *c = cell[3]; *c != '\0'; c++)
		if (*c == '\n')
			*c = ' ';
}

struct act_gather {
	struct ui *ui;
	struct ui_list *l;
	const char *client_id;
};

static int on_action(void *ctx, const struct kw_plan_action *a)
{
	struct act_gather *g = ctx;
	char what[300], due[32] = "";
	struct ui_row *r;

	snprintf(what, sizeof(what), "  %s %s",
		 a->kind == KW_ACTION_TASK ? "task:" : "agency:", a->title != NULL ? a->title : "");
	if (a->kind == KW_ACTION_ADVOCACY && a->extra != NULL)
		snprintf(what, sizeof(what), "  %s: %s", ui_label(g->ui, "agencies", a->extra),
			 a->title != NULL ? a->title : "");
	if (a->due_on != NULL)
		ui_form_date_show(a->due_on, due);
	r = ui_list_add(g->l, a->done ? UC_DIM : UC_NORMAL, false, what, due,
			a->status == NULL	    ? ""
			: a->kind == KW_ACTION_TASK ? ui_label(g->ui, "task_status", a->status)
						    : ui_label(g->ui, "advocacy_steps", a->status),
			"", NULL, NULL);
	for (char *c = r->cell[0]; *c != '\0'; c++)
		if (*c == '\n')
			*c = ' ';
	r->kind = a->kind == KW_ACTION_TASK ? ROW_TASK : ROW_ADVOCACY;
	snprintf(r->record_id, sizeof(r->record_id), "%s", a->id);
	snprintf(r->client_id, sizeof(r->client_id), "%s", g->client_id);
	return 0;
}

/* Puts each plan's actions under it. */
static void plan_loaded(struct ui *ui, struct panel *p)
{
	struct plans *x = p->ext;
	struct ui_list nl = { 0 };
	struct act_gather g = { ui, &nl, p->client_id };
	struct kw_err err;

	if (x->added == 0)
		x->n = 0;
	x->added = 0;
	x->fresh = true;
	for (size_t i = 0; i < p->list.n; i++) {
		const struct ui_row *r = &p->list.rows[i];
		const struct plan_meta *m = r->heading ? NULL : plan_of(x, r->record_id);
		struct ui_row *n =
			ui_list_add(&nl, m != NULL && !m->open ? UC_DIM : r->color, r->heading,
				    r->cell[0], r->cell[1], r->cell[2], r->cell[3], NULL, NULL);

		n->kind = r->kind;
		memcpy(n->record_id, r->record_id, sizeof(n->record_id));
		memcpy(n->client_id, r->client_id, sizeof(n->client_id));
		if (m == NULL)
			continue;
		if (kw_app_plan_actions(ui->s, m->id, on_action, &g, &err) < 0)
			snprintf(p->error, sizeof(p->error), "%s", err.msg);
	}
	memcpy(nl.width, p->list.width, sizeof(nl.width));
	ui_list_clear(&p->list);
	free(p->list.rows);
	p->list = nl;
	ui_list_select_from(&p->list, 0);
	for (size_t i = 0; x->want[0] != '\0' && i < p->list.n; i++)
		if (!p->list.rows[i].heading && strcmp(p->list.rows[i].record_id, x->want) == 0)
			p->list.sel = i;
}

static void plan_top(struct ui *ui, struct panel *p, int *y)
{
	char line[128];

	(void)ui;
	(void)p;

	ui_put_fill(
		stdscr, (*y)++, 1, COLS - 2,
		ui_keys_text("{add} opens a plan for a pathway; on a plan, {practical} adds a task "
			     "to it, {advocacy} an advocacy item, {complete} closes it.",
			     line, sizeof(line)),
		ui_attr(UC_DIM));
}

/* The plan a row belongs to: the row itself, or the plan it is listed under. */
static const struct plan_meta *row_plan(const struct panel *p, const struct plans *x)
{
	for (size_t i = p->list.sel + 1; i-- > 0 && i < p->list.n;) {
		const struct ui_row *r = &p->list.rows[i];

		if (!r->heading && r->kind == ROW_PLAN)
			return plan_of(x, r->record_id);
	}
	return NULL;
}

static enum ui_result plan_key(struct ui *ui, struct panel *p, enum ui_op op,
			       const struct ui_key *k)
{
	struct plans *x = p->ext;
	const struct ui_row *r = ui_panel_selected(p);
	const struct plan_meta *m = r != NULL ? row_plan(p, x) : NULL;
	struct kw_values preset = { 0 };
	char today[11];

	(void)k;
	if (r != NULL)
		snprintf(x->want, sizeof(x->want), "%s", r->record_id);
	switch (op) {
	case UI_OP_ADD:
		plan_form(ui, p, NULL, NULL, NULL);
		return UI_DONE;
	case UI_OP_OPEN:
		if (r == NULL)
			return UI_DONE;
		if (r->kind == ROW_TASK)
			ui_task_open(ui, NULL, r->record_id, NULL);
		else if (r->kind == ROW_ADVOCACY)
			ui_push(ui, ui_advocacy_steps_new(ui, p->client_id, r->record_id));
		else
			plan_form(ui, p, r->record_id, NULL, NULL);
		return UI_DONE;
	case UI_OP_PRACTICAL:
	case UI_OP_ADVOCACY:
		if (m == NULL || !m->open) {
			ui_message(ui, UC_DIM, "Highlight an open plan to add an action to it.");
			return UI_DONE;
		}
		kw_values_set(&preset, "support_plan", m->id);
		if (op == UI_OP_PRACTICAL) {
			if (m->pathway[0] != '\0')
				kw_values_set(&preset, "pathway", m->pathway);
			ui_task_open(ui, p->client_id, NULL, &preset);
		} else {
			ui_advocacy_item_new(ui, p->client_id, &preset);
		}
		kw_values_free(&preset);
		return UI_DONE;
	case UI_OP_COMPLETE:
		if (r != NULL && r->kind == ROW_TASK) {
			ui_task_complete(ui, r->record_id);
		} else if (r != NULL && r->kind == ROW_PLAN && m != NULL && m->open) {
			kw_values_set(&preset, "closed_on", ui_today(today));
			plan_form(ui, p, m->id, &preset, "closed_on");
			kw_values_free(&preset);
			ui_message(ui, UC_DIM, "Closing the plan today: %s saves.",
				   ui_key_name(UI_OP_SAVE, UI_IN_TEXT));
		} else {
			ui_message(ui, UC_DIM,
				   "Highlight a task to complete, or an open plan to close.");
		}
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static void plan_free(struct panel *p)
{
	struct plans *x = p->ext;

	free(x->m);
	free(x);
}

static const struct panel_spec pathways = {
	.name = "Needs pathways",
	.ops = plan_ops,
	.sections = { { "Support plans",
			"support_plan",
			"opened_on",
			{ "pathway", "opened_on", "closed_on", "goals" },
			"No support plan yet: {add} opens one for a pathway.",
			false } },
	.widths = { 44, 12, 22, 0 },
	.draw_top = plan_top,
	.key = plan_key,
	.row = plan_row,
	.loaded = plan_loaded,
	.free_ext = plan_free,
};

/* Her pregnancy on a line above her children: unknown is said as unknown, never as no. */
static void family_loaded(struct ui *ui, struct panel *p)
{
	static const char *const keys[] = {
		"pregnant=Pregnant", "weeks=Weeks",
		"due_date=Due",	     "removal_concern=Worry of removal at birth",
		"midwife=Midwife",   NULL
	};

	char head[64];

	ui_panel_form_row(ui, p, ui_keys_text("Pregnancy ({open} records it)", head, sizeof(head)),
			  "pregnancy", keys);
}

static const struct panel_spec family = {
	.name = "Family",
	.ops = list_ops,
	.loaded = family_loaded,
	.add_here = true,
	.sections = { { "Children",
			"child",
			"date_of_birth",
			{ "known_as", "date_of_birth", "lives_with", NULL },
			"No children recorded: {add} adds a child.",
			false,
			"add child" },
		      { "People linked to her: family, the other parent, professionals",
			"person",
			"name",
			{ "name", "link", "relationship", "agency" },
			"Nobody recorded: {add} adds a person.",
			false,
			"add person" } },
	.widths = { 24, 12, 24, 0 },
};

/*
 * s Safety and risk: her risk assessments and her safety plans, each listed
 * newest first. a adds to the list the highlighted line is in (a checklist
 * or a plan); a list with nothing in it yet says so on a line of its own,
 * which a (or Enter) fills in. A plan whose review day has passed says so.
 */
enum { SEC_PLAN = 1 };

static void safety_top(struct ui *ui, struct panel *p, int *y)
{
	(void)ui;
	(void)p;
	ui_put_fill(stdscr, (*y)++, 1, COLS - 2,
		    "a adds to the highlighted list: a risk checklist, or a safety plan.",
		    ui_attr(UC_DIM));
}

/* A risk assessment: when, its score, its level, and whether a MARAC referral is indicated. */
static void risk_cells(const struct kw_values *vals, char cell[4][256])
{
	const struct kw_value *score = kw_values_get(vals, "score"),
			      *marac = kw_values_get(vals, "marac_referral");

	if (score != NULL && score->state == KW_STATE_ANSWERED && score->text != NULL)
		snprintf(cell[1], 256, "score %.32s", score->text);
	else
		snprintf(cell[1], 256, "no score");
	if (marac != NULL && marac->state == KW_STATE_ANSWERED && marac->text != NULL)
		snprintf(cell[3], 256, "%s",
			 strcmp(marac->text, "indicated") == 0 ? "MARAC referral indicated"
							       : "No MARAC referral indicated");
}

static void safety_row(struct ui *ui, struct panel *p, int si, const char *id,
		       const struct kw_values *vals, char cell[4][256])
{
	const char *review = plan_answer(vals, "review_on");
	char today[11];

	(void)ui;
	(void)p;
	(void)id;
	if (si != SEC_PLAN) {
		risk_cells(vals, cell);
		return;
	}
	if (review != NULL) {
		char when[256];

		snprintf(when, sizeof(when), "%s%s",
			 strcmp(review, ui_today(today)) < 0 ? "review was due " : "review by ",
			 cell[1]);
		snprintf(cell[1], 256, "%s", when);
	}
	if (cell[2][0] != '\0') {
		char agreed[256];

		snprintf(agreed, sizeof(agreed), "agreed: %s", cell[2]);
		snprintf(cell[2], 256, "%s", agreed);
	}
}

static const struct panel_spec safety = {
	.name = "Safety and risk",
	.ops = list_ops,
	.sections = { { "Risk assessments",
			"risk_checklist",
			"assessed_on",
			{ "assessed_on", "score", "level", "marac_referral" },
			"No risk assessment yet: {add} starts the checklist.",
			false,
			"add risk checklist" },
		      { "Safety plans",
			"safety_plan",
			"made_on",
			{ "made_on", "review_on", "agreed", "safe_places" },
			"No safety plan yet: a makes one with her.",
			false,
			"add safety plan" } },
	.widths = { 12, 25, 11, 0 },
	.draw_top = safety_top,
	.row = safety_row,
	.add_here = true,
};

struct screen *ui_pathways_new(struct ui *ui, const char *client_id)
{
	struct screen *sc = ui_panel_new(ui, &pathways, client_id, NULL);
	struct plans *x = kw_xcalloc(1, sizeof(*x));

	x->fresh = true;
	snprintf(x->client_id, sizeof(x->client_id), "%s", client_id);
	ui_panel_of(sc)->ext = x;
	return sc;
}

struct screen *ui_family_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &family, client_id, NULL);
}

struct screen *ui_safety_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &safety, client_id, NULL);
}
