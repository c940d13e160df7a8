/*
 * practical.c: 3 Practical: tasks, applications, vouchers, referrals and
 * items given, each with a due and a chase date, a status and what came of
 * it. Tasks still to do come first, soonest due first, with their chase dates
 * marked once due; x completes the highlighted one, asking what came of it.
 * A task marked done needs its outcome (forms/task.yaml's required_when),
 * however it is saved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/formdb.h"
#include "ui.h"

static const enum ui_op practical_ops[] = { UI_OP_ADD,	UI_OP_OPEN, UI_OP_COMPLETE,
					    UI_OP_BACK, UI_OP_HELP, UI_OP_LOCK,
					    UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

/* What the list needs to know about each task, gathered as rows are read. */
struct tmeta {
	char id[37];
	char due[11];
	bool done;
	bool chase_due;
};
struct practical {
	struct tmeta *t;
	size_t n, cap;
	char want[37];		      /* the task to keep highlighted across reloads */
	long n_open, n_chase, n_done; /* counted as rows are read */
	long s_open, s_chase, s_done; /* as shown */
};

static bool answered(const struct kw_values *vals, const char *key, const char **text)
{
	const struct kw_value *v = kw_values_get(vals, key);

	*text = v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL && v->text[0] != '\0'
			? v->text
			: NULL;
	return *text != NULL;
}

/* A task is done once its status says so or it has a done date. */
static bool task_done(const struct kw_values *vals)
{
	const char *status, *done_on;

	return (answered(vals, "status", &status) &&
		(strcmp(status, "done") == 0 || strcmp(status, "not_needed") == 0)) ||
	       answered(vals, "done_on", &done_on);
}

struct screen *ui_task_open(struct ui *ui, const char *client_id, const char *task_id,
			    const struct kw_values *preset)
{
	struct screen *sc = ui_form_new(ui, "task", task_id, task_id == NULL ? client_id : NULL,
					preset, NULL, NULL);

	if (sc == NULL)
		return NULL;
	ui_push(ui, sc);
	return sc;
}

struct screen *ui_task_complete(struct ui *ui, const char *task_id)
{
	struct kw_values preset = { 0 };
	struct screen *sc;
	char today[11];

	kw_values_set(&preset, "status", "done");
	kw_values_set(&preset, "done_on", ui_today(today));
	sc = ui_task_open(ui, NULL, task_id, &preset);
	kw_values_free(&preset);
	if (sc != NULL) {
		ui_form_focus(sc, "outcome");
		ui_message(ui, UC_DIM, "Marked done today: say what came of it, then %s.",
			   ui_key_name(UI_OP_SAVE, UI_IN_TEXT));
	}
	return sc;
}

static void row(struct ui *ui, struct panel *p, int si, const char *id,
		const struct kw_values *vals, char cell[4][256])
{
	struct practical *x = p->ext;
	struct tmeta *m;
	const char *kind, *title, *due, *chase, *done_on, *outcome;
	char today[11], shown[32];

	(void)si;
	ui_today(today);
	if (x->n == x->cap) {
		x->cap = x->cap != 0 ? x->cap * 2 : 32;
		x->t = kw_xrealloc(x->t, x->cap * sizeof(*x->t));
	}
	m = &x->t[x->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->id, sizeof(m->id), "%s", id);
	if (answered(vals, "due_on", &due))
		snprintf(m->due, sizeof(m->due), "%s", due);
	m->done = task_done(vals);
	if (answered(vals, "kind", &kind) && answered(vals, "title", &title)) {
		const char *label = ui_label(ui, "task_kinds", kind);
		const char *cut = strstr(label, " (");

		snprintf(cell[1], 256, "%.*s: %s", (int)(cut != NULL ? cut - label : 64), label,
			 title);
	}
	if (m->done) {
		x->n_done++;
		if (answered(vals, "done_on", &done_on)) {
			ui_form_date_show(done_on, shown);
			snprintf(cell[2], 256, "%s %s",
				 answered(vals, "status", &title) &&
						 strcmp(title, "not_needed") == 0
					 ? "Not needed"
					 : "Done",
				 shown);
		}
		snprintf(cell[3], 256, "%s",
			 answered(vals, "outcome", &outcome) ? outcome : "(no outcome recorded)");
		for (char *c = cell[3]; *c != '\0'; c++)
			if (*c == '\n')
				*c = ' ';
		return;
	}
	x->n_open++;
	cell[3][0] = '\0';
	if (answered(vals, "chase_on", &chase)) {
		m->chase_due = strncmp(chase, today, 10) <= 0;
		x->n_chase += m->chase_due;
		ui_form_date_show(chase, shown);
		snprintf(cell[3], 256, "%s %s", m->chase_due ? "chase now, since" : "chase on",
			 shown);
	}
	if (due != NULL && strncmp(due, today, 10) < 0) {
		size_t n = strlen(cell[3]);

		snprintf(cell[3] + n, 256 - n, "%s(due date passed)", n > 0 ? " " : "");
	}
}

static const struct tmeta *meta_of(const struct practical *x, const char *id)
{
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->t[i].id, id) == 0)
			return &x->t[i];
	return NULL;
}

static void copy_row(struct ui_list *dst, const struct ui_row *r, enum ui_color c)
{
	struct ui_row *n = ui_list_add(dst, c, r->heading, r->cell[0], r->cell[1], r->cell[2],
				       r->cell[3], r->cell[4], r->cell[5]);

	n->kind = r->kind;
	memcpy(n->client_id, r->client_id, sizeof(n->client_id));
	memcpy(n->record_id, r->record_id, sizeof(n->record_id));
}

/* Soonest due first, none last. */
static int by_due(const void *a, const void *b)
{
	const struct ui_row *const *ra = a, *const *rb = b;
	const char *da = (*ra)->cell[5], *db = (*rb)->cell[5];

	if (da[0] == '\0' || db[0] == '\0')
		return (da[0] == '\0') - (db[0] == '\0');
	return strcmp(da, db);
}

/* Rebuilds the list: still to do (soonest first), then done. */
static void loaded(struct ui *ui, struct panel *p)
{
	struct practical *x = p->ext;
	struct ui_list nl = { 0 };
	const struct ui_row **open = kw_xcalloc(p->list.n + 1, sizeof(*open));
	size_t nopen = 0, ndone = 0;
	char h[96], none[64];

	(void)ui;
	for (size_t i = 0; i < p->list.n; i++) {
		struct ui_row *r = &p->list.rows[i];
		const struct tmeta *m = r->heading ? NULL : meta_of(x, r->record_id);

		if (m != NULL && !m->done) {
			/* The due date rides in the spare cell for sorting. */
			free(r->cell[5]);
			r->cell[5] = kw_xstrdup(m->due);
			open[nopen++] = r;
		} else if (m != NULL) {
			ndone++;
		}
	}
	qsort(open, nopen, sizeof(*open), by_due);
	snprintf(h, sizeof(h), "Still to do (%zu)", nopen);
	ui_list_add(&nl, UC_HEADING, true, h, NULL, NULL, NULL, NULL, NULL);
	if (nopen == 0)
		ui_list_add(&nl, UC_DIM, true,
			    ndone == 0 ? ui_keys_text("No tasks yet: {add} adds one.", none,
						      sizeof(none))
				       : "Nothing left to do.",
			    NULL, NULL, NULL, NULL, NULL);
	for (size_t i = 0; i < nopen; i++) {
		const struct tmeta *m = meta_of(x, open[i]->record_id);

		copy_row(&nl, open[i], m->chase_due ? UC_FLAG : UC_NORMAL);
		free(nl.rows[nl.n - 1].cell[5]);
		nl.rows[nl.n - 1].cell[5] = NULL;
	}
	if (ndone > 0) {
		ui_list_add(&nl, UC_NORMAL, true, "", NULL, NULL, NULL, NULL, NULL);
		snprintf(h, sizeof(h), "Done (%zu)", ndone);
		ui_list_add(&nl, UC_HEADING, true, h, NULL, NULL, NULL, NULL, NULL);
		for (size_t i = 0; i < p->list.n; i++) {
			const struct ui_row *r = &p->list.rows[i];
			const struct tmeta *m = r->heading ? NULL : meta_of(x, r->record_id);

			if (m != NULL && m->done)
				copy_row(&nl, r, UC_DIM);
		}
	}
	free(open);
	x->s_open = x->n_open;
	x->s_chase = x->n_chase;
	x->s_done = x->n_done;
	x->n_open = x->n_chase = x->n_done = 0;
	memcpy(nl.width, p->list.width, sizeof(nl.width));
	ui_list_clear(&p->list);
	free(p->list.rows);
	p->list = nl;
	p->list.sel = 0;
	ui_list_select_from(&p->list, 0);
	for (size_t i = 0; x->want[0] != '\0' && i < p->list.n; i++)
		if (!p->list.rows[i].heading && strcmp(p->list.rows[i].record_id, x->want) == 0)
			p->list.sel = i;
	x->n = 0;
}

static void draw_top(struct ui *ui, struct panel *p, int *y)
{
	struct practical *x = p->ext;

	(void)ui;
	ui_printf(stdscr, (*y)++, 1, COLS - 2, ui_attr(UC_DIM),
		  "%ld to do, %ld to chase now, %ld done.  %s adds a task, %s completes one, "
		  "%s opens it.",
		  x->s_open, x->s_chase, x->s_done, ui_key(UI_OP_ADD), ui_key(UI_OP_COMPLETE),
		  ui_key(UI_OP_OPEN));
}

static enum ui_result key(struct ui *ui, struct panel *p, enum ui_op op, const struct ui_key *k)
{
	struct practical *x = p->ext;
	const struct ui_row *r = ui_panel_selected(p);

	(void)k;
	if (r != NULL)
		snprintf(x->want, sizeof(x->want), "%s", r->record_id);
	switch (op) {
	case UI_OP_ADD:
		x->want[0] = '\0';
		ui_task_open(ui, p->client_id, NULL, NULL);
		return UI_DONE;
	case UI_OP_OPEN:
		if (r != NULL)
			ui_task_open(ui, NULL, r->record_id, NULL);
		return UI_DONE;
	case UI_OP_COMPLETE:
		if (r == NULL) {
			ui_message(ui, UC_DIM, "Highlight a task to complete it.");
			return UI_DONE;
		}
		ui_task_complete(ui, r->record_id);
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static void free_ext(struct panel *p)
{
	struct practical *x = p->ext;

	free(x->t);
	free(x);
}

static const struct panel_spec practical = {
	.name = "3 Practical",
	.ops = practical_ops,
	.sections = { { "Tasks",
			"task",
			"due_on",
			{ "due_on", "title", "status", "chase_on" },
			NULL,
			false } },
	.widths = { 12, 34, 17, 0 },
	.draw_top = draw_top,
	.key = key,
	.row = row,
	.loaded = loaded,
	.free_ext = free_ext,
};

struct screen *ui_practical_new(struct ui *ui, const char *client_id)
{
	struct screen *sc = ui_panel_new(ui, &practical, client_id, NULL);

	ui_panel_of(sc)->ext = kw_xcalloc(1, sizeof(struct practical));
	return sc;
}
