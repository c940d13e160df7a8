/*
 * advocacy.c: 5 Advocacy: one item per issue taken up with an agency, and
 * its chain of steps (contacted -> awaiting reply -> chased -> escalated ->
 * resolved), each with a deadline. A new item starts its chain with its
 * first step; each step saved moves "where it stands" with it, and a
 * resolved step resolves the item. A deadline passed without a reply is
 * shown on the item and above its steps with the step to take next (t).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/casework.h"
#include "keywork/consent.h"
#include "keywork/formdb.h"
#include "keywork/formsave.h"
#include "keywork/kinds.h"
#include "keywork/policy.h"
#include "keywork/lookup.h"
#include "keywork/reads.h"
#include "ui.h"

/* The state of one item, as its line and its steps' panel show it. */
struct item_state {
	char id[37];
	struct kw_adv_latest latest;
	bool has_latest;
	bool resolved;
	char due[11];	    /* the deadline running: the latest step's, else the item's */
	bool overdue;	    /* that deadline has passed, unresolved */
	const char *next;   /* the step to offer next (a list key), or NULL */
	char advice[200];   /* "Reply overdue since 3 Dec: t chase" or "" */
	struct kw_values v; /* the item's answers (steps panel only) */
};

struct advocacy {
	struct item_state *it; /* items panel: one per item listed */
	size_t n, cap;
	size_t added;	       /* rows read in the reload under way */
	bool fresh;	       /* the next row read starts a new reload */
	struct item_state one; /* steps panel: its item */
	char item_id[37];      /* the item a step is being added to */
	char client_id[37];    /* whose items these are */
};

static const char *answer(const struct kw_values *vals, const char *key)
{
	const struct kw_value *v = kw_values_get(vals, key);

	return v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL && v->text[0] != '\0'
		       ? v->text
		       : NULL;
}

/* "3 Dec" for a date (the year too when not this year's). */
static void short_day(const char *iso, char out[24])
{
	struct tm tm = { 0 };
	char today[11];

	out[0] = '\0';
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	ui_today(today);
	strftime(out, 24, strncmp(iso, today, 4) == 0 ? "%-d %b" : "%-d %b %Y", &tm);
}

static const char *verb(const char *step)
{
	return strcmp(step, "chased") == 0	     ? "chase"
	       : strcmp(step, "escalated") == 0	     ? "escalate"
	       : strcmp(step, "resolved") == 0	     ? "resolve"
	       : strcmp(step, "contacted") == 0	     ? "contact"
	       : strcmp(step, "awaiting_reply") == 0 ? "wait for a reply"
						     : step;
}

/* Reads the state of item id (vals: its answers) from the store. */
static void item_state_read(struct ui *ui, const char *id, const struct kw_values *vals,
			    struct item_state *s)
{
	const char *status = answer(vals, "status"), *due;
	char today[11], since[24];
	struct kw_err err;

	snprintf(s->id, sizeof(s->id), "%s", id);
	s->has_latest = kw_app_advocacy_latest(ui->s, id, &s->latest, &err) == 1;
	s->resolved = answer(vals, "resolved_on") != NULL ||
		      (status != NULL && strcmp(status, "resolved") == 0) ||
		      (s->has_latest && strcmp(s->latest.step, "resolved") == 0);
	due = s->has_latest && s->latest.due_on[0] != '\0' ? s->latest.due_on
							   : answer(vals, "due_on");
	snprintf(s->due, sizeof(s->due), "%s", due != NULL ? due : "");
	s->overdue = !s->resolved && kw_deadline_passed(s->due, ui_today(today));
	s->next = s->resolved ? NULL
			      : kw_advocacy_next_step(s->has_latest ? s->latest.step : status,
						      s->overdue);
	s->advice[0] = '\0';
	if (s->overdue && s->next != NULL) {
		const char *what = !s->has_latest			   ? "Reply"
				   : strcmp(s->latest.step, "chased") == 0 ? "Reply to the chase"
				   : strcmp(s->latest.step, "escalated") == 0
					   ? "Reply to the escalation"
					   : "Reply";

		short_day(s->due, since);
		snprintf(s->advice, sizeof(s->advice), "%s overdue since %s: %s %s", what, since,
			 ui_key(UI_OP_NEXT_STEP), verb(s->next));
	}
}

/* --- steps and the item they move --- */

/* Sets the item's status to its latest step, and resolved_on when that is resolved. */
static void item_follow(struct ui *ui, const char *item_id)
{
	const struct kw_form_spec *f = kw_form_find(ui->pack, "advocacy_item");
	struct kw_form_record rec = { 0 };
	struct kw_values cur = { 0 }, vals = { 0 };
	struct kw_field_errors errs = { 0 };
	struct kw_adv_latest l;
	struct kw_err err;
	const char *status;

	if (f == NULL || kw_app_advocacy_latest(ui->s, item_id, &l, &err) != 1)
		return;
	snprintf(rec.id, sizeof(rec.id), "%s", item_id);
	if (kw_app_form_read(ui->s, f, &rec, &cur, &err) != 0) {
		kw_values_free(&cur);
		return;
	}
	status = answer(&cur, "status");
	if (status == NULL || strcmp(status, l.step) != 0)
		kw_values_set(&vals, "status", l.step);
	if (strcmp(l.step, "resolved") == 0 && answer(&cur, "resolved_on") == NULL)
		kw_values_set(&vals, "resolved_on", l.happened_on);
	/* Through the app, so the change is audited against her like any other. */
	if (vals.n > 0 && kw_form_save(ui->s, f, &rec, &vals, &errs, &err) != 0)
		ui_message(ui, UC_ERROR, "The step is saved, but the issue could not follow it: %s",
			   err.msg);
	else if (strcmp(l.step, "resolved") == 0)
		ui_message(ui, UC_OK, "Saved: the issue is resolved.");
	kw_field_errors_free(&errs);
	kw_values_free(&cur);
	kw_values_free(&vals);
}

void ui_advocacy_follow(struct ui *ui, const char *item_id)
{
	item_follow(ui, item_id);
}

static void step_saved(struct ui *ui, const char *id, void *ctx)
{
	struct advocacy *a = ctx;

	(void)id;
	item_follow(ui, a->item_id);
}

/* The default deadline after a step taken on day: the step's cadence_days in the list. */
static void default_deadline(struct ui *ui, const char *step, const char *day, char out[11])
{
	const struct kw_list_spec *l = kw_list_find(ui->pack, "advocacy_steps");
	const struct kw_list_item *it = l != NULL ? kw_list_item(l, step) : NULL;

	out[0] = '\0';
	if (it != NULL && it->cadence_days > 0)
		kw_date_add_days(day, it->cadence_days, out);
}

/* Opens the step form on item s->id, preset to the next step in its chain. */
static void add_step(struct ui *ui, struct advocacy *a, const struct item_state *s)
{
	struct kw_values preset = { 0 };
	char today[11], due[11];

	if (s->resolved) {
		ui_message(ui, UC_DIM, "This issue is resolved; %s shows its steps.",
			   ui_key(UI_OP_OPEN));
		return;
	}
	snprintf(a->item_id, sizeof(a->item_id), "%s", s->id);
	if (s->next != NULL) {
		kw_values_set(&preset, "step", s->next);
		default_deadline(ui, s->next, ui_today(today), due);
		if (due[0] != '\0')
			kw_values_set(&preset, "due_on", due);
	}
	{
		/* A step that shares about her asks about consent first (src/app/rules.c). */
		ui_push(ui, ui_form_new(ui, "advocacy_step", NULL, s->id, &preset, step_saved, a));
	}
	kw_values_free(&preset);
}

/* l: a letter for the issue s, from a template (letter.c). */
static void write_letter(struct ui *ui, struct advocacy *a, const struct item_state *s)
{
	const struct kw_form_spec *f = kw_form_find(ui->pack, "advocacy_item");
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	struct kw_err err;
	struct screen *sc;

	if (s->resolved) {
		ui_message(ui, UC_DIM, "This issue is resolved; a letter goes with an open one.");
		return;
	}
	snprintf(rec.id, sizeof(rec.id), "%s", s->id);
	if (f != NULL && kw_app_form_read(ui->s, f, &rec, &v, &err) != 0) {
		ui_message(ui, UC_ERROR, "The issue could not be read: %s", err.msg);
		kw_values_free(&v);
		return;
	}
	sc = ui_letter_new(ui, a->client_id, s->id, answer(&v, "agency"));
	if (sc != NULL)
		ui_push(ui, sc);
	kw_values_free(&v);
}

/* A new item starts its chain: its first step, on the day it was taken up. */
static void item_saved(struct ui *ui, const char *id, void *ctx)
{
	const struct kw_form_spec *fi = kw_form_find(ui->pack, "advocacy_item");
	const struct kw_form_spec *fs = kw_form_find(ui->pack, "advocacy_step");
	struct kw_form_record rec = { 0 }, srec = { 0 };
	struct kw_values iv = { 0 }, sv = { 0 };
	struct kw_field_errors errs = { 0 };
	struct kw_adv_latest l;
	struct kw_err err;
	const char *status, *on, *due;
	char today[11], def[11];

	(void)ctx;
	snprintf(rec.id, sizeof(rec.id), "%s", id);
	if (fi == NULL || fs == NULL || kw_app_advocacy_latest(ui->s, id, &l, &err) != 0 ||
	    kw_app_form_read(ui->s, fi, &rec, &iv, &err) != 0)
		goto out;
	status = answer(&iv, "status");
	on = answer(&iv, "opened_on");
	due = answer(&iv, "due_on");
	if (status == NULL)
		status = "contacted";
	if (on == NULL)
		on = ui_today(today);
	if (due == NULL) {
		default_deadline(ui, status, on, def);
		due = def[0] != '\0' ? def : NULL;
	}
	kw_values_set(&sv, "step", status);
	kw_values_set(&sv, "happened_on", on);
	if (due != NULL)
		kw_values_set(&sv, "due_on", due);
	if (answer(&iv, "asked_for") != NULL)
		kw_values_set(&sv, "summary", answer(&iv, "asked_for"));
	snprintf(srec.parent_id, sizeof(srec.parent_id), "%s", id);
	if (kw_form_save(ui->s, fs, &srec, &sv, &errs, &err) != 0)
		ui_message(ui, UC_ERROR, "The issue is saved, but its first step is not: %s",
			   err.msg);
	else
		item_follow(ui, id);
out:
	kw_field_errors_free(&errs);
	kw_values_free(&iv);
	kw_values_free(&sv);
}

/* --- an item's steps (Enter on an item) --- */

static const enum ui_op steps_ops[] = { UI_OP_ADD,  UI_OP_NEXT_STEP, UI_OP_LETTER, UI_OP_OPEN,
					UI_OP_EDIT, UI_OP_BACK,	     UI_OP_HELP,   UI_OP_LOCK,
					UI_OP_DOWN, UI_OP_UP,	     UI_OP_NONE };

static void steps_loaded(struct ui *ui, struct panel *p)
{
	struct advocacy *a = p->ext;
	const struct kw_form_spec *f = kw_form_find(ui->pack, "advocacy_item");
	struct kw_form_record rec = { 0 };
	struct kw_err err;

	kw_values_free(&a->one.v);
	snprintf(rec.id, sizeof(rec.id), "%s", p->parent_id);
	if (f != NULL && kw_app_form_read(ui->s, f, &rec, &a->one.v, &err) == 0)
		item_state_read(ui, p->parent_id, &a->one.v, &a->one);
}

static void steps_top(struct ui *ui, struct panel *p, int *y)
{
	struct advocacy *a = p->ext;
	const struct item_state *s = &a->one;
	const char *agency = answer(&s->v, "agency"), *prof = answer(&s->v, "professional");
	const char *asked = answer(&s->v, "asked_for"), *status = answer(&s->v, "status");
	char due[32] = "";

	ui_printf(stdscr, (*y)++, 1, COLS - 2, ui_attr(UC_HEADING), "%s%s%s",
		  agency != NULL ? ui_label(ui, "agencies", agency) : "(no agency)",
		  prof != NULL ? " - " : "", prof != NULL ? prof : "");
	ui_printf(stdscr, (*y)++, 1, COLS - 2, ui_attr(UC_NORMAL), "Issue: %s",
		  answer(&s->v, "issue") != NULL ? answer(&s->v, "issue") : "");
	if (asked != NULL)
		ui_printf(stdscr, (*y)++, 1, COLS - 2, ui_attr(UC_NORMAL), "Asking for: %s", asked);
	if (s->due[0] != '\0')
		ui_form_date_show(s->due, due);
	if (s->resolved) {
		char on[32] = "";

		ui_form_date_show(answer(&s->v, "resolved_on") != NULL
					  ? answer(&s->v, "resolved_on")
					  : s->latest.happened_on,
				  on);
		ui_printf(stdscr, (*y)++, 1, COLS - 2, ui_attr(UC_OK), "Resolved on %s.", on);
	} else if (s->advice[0] != '\0') {
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, s->advice, ui_attr(UC_FLAG));
	} else {
		ui_printf(stdscr, (*y)++, 1, COLS - 2, ui_attr(UC_DIM),
			  "Where it stands: %s%s%s.  %s adds the next step (%s).",
			  ui_label(ui, "advocacy_steps",
				   s->has_latest    ? s->latest.step
				   : status != NULL ? status
						    : "-"),
			  due[0] != '\0' ? ", next deadline " : "", due, ui_key(UI_OP_ADD),
			  s->next != NULL ? verb(s->next) : "-");
	}
}

static enum ui_result steps_key(struct ui *ui, struct panel *p, enum ui_op op,
				const struct ui_key *k)
{
	struct advocacy *a = p->ext;

	(void)k;
	switch (op) {
	case UI_OP_ADD:
	case UI_OP_NEXT_STEP:
		add_step(ui, a, &a->one);
		return UI_DONE;
	case UI_OP_EDIT:
		ui_push(ui, ui_form_new(ui, "advocacy_item", p->parent_id, NULL, NULL, NULL, NULL));
		return UI_DONE;
	case UI_OP_LETTER:
		write_letter(ui, a, &a->one);
		return UI_DONE;
	case UI_OP_OPEN: {
		const struct ui_row *r = ui_panel_selected(p);

		if (r != NULL) {
			snprintf(a->item_id, sizeof(a->item_id), "%s", p->parent_id);
			ui_push(ui, ui_form_new(ui, "advocacy_step", r->record_id, NULL, NULL,
						step_saved, a));
		}
		return UI_DONE;
	}
	default:
		return UI_PASS;
	}
}

static void free_ext(struct panel *p)
{
	struct advocacy *a = p->ext;

	kw_values_free(&a->one.v);
	free(a->it);
	free(a);
}

static const struct panel_spec steps = {
	.name = "Advocacy steps",
	.ops = steps_ops,
	.sections = { { "Steps, newest first",
			"advocacy_step",
			NULL, /* as written: a chase and its answer on one day stay in order */
			{ "happened_on", "step", "due_on", "summary" },
			"No steps yet: {add} adds the first.",
			true } },
	.widths = { 12, 24, 12, 0 },
	.draw_top = steps_top,
	.key = steps_key,
	.loaded = steps_loaded,
	.free_ext = free_ext,
};

struct screen *ui_advocacy_steps_new(struct ui *ui, const char *client_id, const char *item_id)
{
	struct screen *sc = ui_panel_new(ui, &steps, client_id, item_id);
	struct advocacy *a = kw_xcalloc(1, sizeof(*a));

	snprintf(a->client_id, sizeof(a->client_id), "%s", client_id);
	ui_panel_of(sc)->ext = a;
	return sc;
}

/* --- her items (5) --- */

static const enum ui_op advocacy_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_NEXT_STEP, UI_OP_LETTER,
					   UI_OP_EDIT, UI_OP_BACK, UI_OP_HELP,	    UI_OP_LOCK,
					   UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static const struct item_state *state_of(const struct advocacy *a, const char *id)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->it[i].id, id) == 0)
			return &a->it[i];
	return NULL;
}

static void items_row(struct ui *ui, struct panel *p, int si, const char *id,
		      const struct kw_values *vals, char cell[4][256])
{
	struct advocacy *a = p->ext;
	struct item_state *s;
	const char *prof = answer(vals, "professional"), *issue = answer(vals, "issue");
	char due[32] = "";

	(void)si;
	if (a->fresh)
		a->n = 0;
	a->fresh = false;
	a->added++;
	if (a->n == a->cap) {
		a->cap = a->cap != 0 ? a->cap * 2 : 16;
		a->it = kw_xrealloc(a->it, a->cap * sizeof(*a->it));
	}
	s = &a->it[a->n++];
	memset(s, 0, sizeof(*s));
	item_state_read(ui, id, vals, s);
	/* Where it stands comes before the issue: it is what needs doing. */
	cell[2][0] = '\0';
	if (s->resolved) {
		char on[32] = "";

		ui_form_date_show(answer(vals, "resolved_on") != NULL ? answer(vals, "resolved_on")
								      : s->latest.happened_on,
				  on);
		snprintf(cell[2], 256, "Resolved %s", on);
	} else if (s->advice[0] != '\0') {
		snprintf(cell[2], 256, "%s", s->advice);
	} else if (s->has_latest) {
		if (s->due[0] != '\0')
			ui_form_date_show(s->due, due);
		snprintf(cell[2], 256, "%s%s%s", ui_label(ui, "advocacy_steps", s->latest.step),
			 due[0] != '\0' ? ", by " : "", due);
	}
	snprintf(cell[3], 256, "%s%s%s%s", issue != NULL ? issue : "", prof != NULL ? " (" : "",
		 prof != NULL ? prof : "", prof != NULL ? ")" : "");
	for (char *c = cell[3]; *c != '\0'; c++)
		if (*c == '\n')
			*c = ' ';
}

static void items_loaded(struct ui *ui, struct panel *p)
{
	struct advocacy *a = p->ext;

	(void)ui;
	if (a->added == 0)
		a->n = 0;
	a->added = 0;
	a->fresh = true;
	for (size_t i = 0; i < p->list.n; i++) {
		const struct item_state *s =
			p->list.rows[i].heading ? NULL : state_of(a, p->list.rows[i].record_id);

		if (s != NULL && s->overdue)
			p->list.rows[i].color = UC_FLAG;
		else if (s != NULL && s->resolved)
			p->list.rows[i].color = UC_DIM;
	}
}

static void items_top(struct ui *ui, struct panel *p, int *y)
{
	struct advocacy *a = p->ext;
	size_t open = 0, overdue = 0;

	(void)ui;
	for (size_t i = 0; i < a->n; i++) {
		open += !a->it[i].resolved;
		overdue += a->it[i].overdue;
	}
	ui_printf(stdscr, (*y)++, 1, COLS - 2, ui_attr(overdue > 0 ? UC_FLAG : UC_DIM),
		  "%zu open, %zu past a deadline.  %s takes up an issue, %s shows its steps, "
		  "%s takes the next step, %s writes a letter.",
		  open, overdue, ui_key(UI_OP_ADD), ui_key(UI_OP_OPEN), ui_key(UI_OP_NEXT_STEP),
		  ui_key(UI_OP_LETTER));
}

static enum ui_result items_key(struct ui *ui, struct panel *p, enum ui_op op,
				const struct ui_key *k)
{
	struct advocacy *a = p->ext;
	const struct ui_row *r = ui_panel_selected(p);
	const struct item_state *s = r != NULL ? state_of(a, r->record_id) : NULL;

	(void)k;
	switch (op) {
	case UI_OP_ADD:
		ui_push(ui, ui_form_new(ui, "advocacy_item", NULL, p->client_id, NULL, item_saved,
					NULL));
		return UI_DONE;
	case UI_OP_OPEN:
		if (r != NULL)
			ui_push(ui, ui_advocacy_steps_new(ui, p->client_id, r->record_id));
		return UI_DONE;
	case UI_OP_EDIT:
		if (r != NULL)
			ui_push(ui, ui_form_new(ui, "advocacy_item", r->record_id, NULL, NULL, NULL,
						NULL));
		return UI_DONE;
	case UI_OP_NEXT_STEP:
		if (s == NULL)
			ui_message(ui, UC_DIM, "Highlight an issue to take its next step.");
		else
			add_step(ui, a, s);
		return UI_DONE;
	case UI_OP_LETTER:
		if (s == NULL)
			ui_message(ui, UC_DIM, "Highlight an issue to write a letter for it.");
		else
			write_letter(ui, a, s);
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static const struct panel_spec advocacy = {
	.name = "5 Advocacy",
	.ops = advocacy_ops,
	.sections = { { "Issues with agencies",
			"advocacy_item",
			"opened_on",
			{ "opened_on", "agency", "status", "issue" },
			"No issues taken up yet: {add} adds one.",
			false } },
	.widths = { 12, 18, 44, 0 },
	.draw_top = items_top,
	.key = items_key,
	.row = items_row,
	.loaded = items_loaded,
	.free_ext = free_ext,
};

struct screen *ui_advocacy_new(struct ui *ui, const char *client_id)
{
	struct screen *sc = ui_panel_new(ui, &advocacy, client_id, NULL);
	struct advocacy *a = kw_xcalloc(1, sizeof(*a));

	a->fresh = true;
	snprintf(a->client_id, sizeof(a->client_id), "%s", client_id);
	ui_panel_of(sc)->ext = a;
	return sc;
}

struct screen *ui_advocacy_item_new(struct ui *ui, const char *client_id,
				    const struct kw_values *preset)
{
	struct screen *sc =
		ui_form_new(ui, "advocacy_item", NULL, client_id, preset, item_saved, NULL);

	ui_push(ui, sc);
	return sc;
}
