/*
 * team.c: T on Today, for a manager: the team screen. "My Today" and "The
 * whole team" first, then every keyworker who can sign in (and each manager
 * who holds a caseload) with her caseload against her capacity, contact
 * overdue, tasks due, the woman not seen for the longest, and any cover, all
 * counted in one pass (kw_app_team_counts). A key cycles the sort column;
 * typing letters jumps to the first name that starts so. Enter shows that
 * Today; the cover key starts a cover of the one highlighted, or ends hers.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "keywork/team.h"
#include "ui.h"

enum { PICK_MINE = 0, PICK_USER, PICK_TEAM };

enum sort { BY_NAME = 0, BY_CASELOAD, BY_OVERDUE, BY_TASKS, BY_UNSEEN, SORTS };
static const char *const sort_names[SORTS] = { "name", "caseload", "overdue", "tasks due",
					       "not seen" };

/* The columns: name, caseload, overdue, tasks due, not seen for longest, cover. */
static const int col_width[UI_CELLS - 1] = { 18, 10, 8, 6, 22 };

struct team {
	struct ui_list list;
	struct kw_team_counts counts;
	enum sort sort;
	char find[64]; /* the letters typed so far */
	char day[11];
	ui_team_fn picked;
	void *ctx;
	bool loaded;
	unsigned long gen;
	char error[512];
};

static const struct kw_team_row *sorting_rows;
static enum sort sorting_by;

static long sort_key(const struct kw_team_row *r)
{
	switch (sorting_by) {
	case BY_CASELOAD:
		return r->m.caseload;
	case BY_OVERDUE:
		return r->overdue;
	case BY_TASKS:
		return r->tasks_due;
	case BY_UNSEEN:
		return r->unseen_days;
	default:
		return 0;
	}
}

/* Most first for a count, then by name. */
static int by_sort(const void *a, const void *b)
{
	const struct kw_team_row *x = &sorting_rows[*(const size_t *)a];
	const struct kw_team_row *y = &sorting_rows[*(const size_t *)b];
	long kx = sort_key(x), ky = sort_key(y);

	if (kx != ky)
		return kx > ky ? -1 : 1;
	return strcasecmp(x->m.username, y->m.username);
}

static void add_line(struct team *t, const struct ui *ui, const struct kw_team_row *m)
{
	char load[32], over[16], tasks[16], unseen[96], cover[64];
	struct ui_row *r;
	const char *who =
		ui->discreet || m->unseen_name[0] == '\0' ? m->unseen_ref : m->unseen_name;

	snprintf(load, sizeof(load), "%ld/%ld", m->m.caseload, m->m.capacity);
	snprintf(over, sizeof(over), "%ld", m->overdue);
	snprintf(tasks, sizeof(tasks), "%ld", m->tasks_due);
	if (m->unseen_days >= 0)
		snprintf(unseen, sizeof(unseen), "%ld day%s: %s", m->unseen_days,
			 m->unseen_days == 1 ? "" : "s", who);
	else
		snprintf(unseen, sizeof(unseen), "-");
	cover[0] = '\0';
	if (m->covered_by[0] != '\0')
		snprintf(cover, sizeof(cover), "away: %s covers to %s", m->covered_by,
			 m->cover_until);
	r = ui_list_add(&t->list, m->m.caseload > m->m.capacity ? UC_FLAG : UC_NORMAL, false,
			m->m.username, load, over, tasks, unseen, cover);
	r->kind = PICK_USER;
	snprintf(r->record_id, sizeof(r->record_id), "%s", m->m.id);
	/* client_id holds the username here; record_id the user's id. */
	snprintf(r->client_id, sizeof(r->client_id), "%.32s", m->m.username);
}

/* Builds the rows from the counts, in the sort chosen, keeping keep_id (a user id) highlighted. */
static void build(struct team *t, const struct ui *ui, const char *keep_id, int keep_kind)
{
	const struct kw_team_counts *c = &t->counts;
	size_t *order = kw_xcalloc(c->n + 1, sizeof(*order));
	char women[32], over[16], tasks[16];
	struct ui_row *r;

	ui_list_clear(&t->list);
	r = ui_list_add(&t->list, UC_NORMAL, false, "My Today", NULL, NULL, NULL, NULL, NULL);
	r->kind = PICK_MINE;
	snprintf(women, sizeof(women), "%ld women", c->women);
	snprintf(over, sizeof(over), "%ld", c->overdue);
	snprintf(tasks, sizeof(tasks), "%ld", c->tasks_due);
	r = ui_list_add(&t->list, UC_NORMAL, false, "The whole team", women, over, tasks, NULL,
			NULL);
	r->kind = PICK_TEAM;
	for (size_t i = 0; i < c->n; i++)
		order[i] = i;
	sorting_rows = c->rows;
	sorting_by = t->sort;
	if (t->sort != BY_NAME)
		qsort(order, c->n, sizeof(*order), by_sort);
	for (size_t i = 0; i < c->n; i++)
		add_line(t, ui, &c->rows[order[i]]);
	free(order);
	for (int i = 0; i < UI_CELLS - 1; i++)
		t->list.width[i] = col_width[i];
	t->list.sel = 0;
	for (size_t i = 0; i < t->list.n; i++)
		if (t->list.rows[i].kind == keep_kind &&
		    (keep_kind != PICK_USER || strcmp(t->list.rows[i].record_id, keep_id) == 0))
			t->list.sel = i;
}

static void load(struct ui *ui, struct team *t)
{
	const struct ui_row *r = ui_list_selected(&t->list);
	char keep[37] = "";
	int kind = r != NULL ? r->kind : PICK_MINE;
	struct kw_err err;

	if (r != NULL)
		snprintf(keep, sizeof(keep), "%s", r->record_id);
	kw_team_counts_free(&t->counts);
	t->error[0] = '\0';
	ui_today(t->day);
	if (kw_app_team_counts(ui->s, ui->pack, t->day, &t->counts, &err) != 0)
		snprintf(t->error, sizeof(t->error), "%s", err.msg);
	build(t, ui, keep, kind);
	t->loaded = true;
	t->gen = ui->stack_gen;
}

static void team_draw(struct ui *ui, struct screen *sc)
{
	struct team *t = sc->p;
	char line[256], hint[128];
	static const char *const labels[UI_CELLS] = { "Keyworker", "Caseload",	       "Overdue",
						      "Tasks",	   "Not seen longest", "Cover" };
	int x = 1;

	if (!t->loaded || t->gen != ui->stack_gen)
		load(ui, t);
	ui_draw_title(ui, "Team");
	if (t->find[0] != '\0')
		snprintf(line, sizeof(line), "Jump to: %s", t->find);
	else
		snprintf(line, sizeof(line), "%zu keyworkers, sorted by %s. %s", t->counts.n,
			 sort_names[t->sort],
			 ui_keys_text("{sort@text} sorts; type a name to jump; {open@text} shows "
				      "that Today; {cover@text} covers.",
				      hint, sizeof(hint)));
	ui_put_fill(stdscr, 1, 1, COLS - 2, t->error[0] != '\0' ? t->error : line,
		    ui_attr(t->error[0] != '\0' ? UC_ERROR : UC_DIM));
	ui_put_fill(stdscr, 2, 0, COLS, "", 0);
	for (int c = 0; c < UI_CELLS && x < COLS - 1; c++) {
		int w = c < UI_CELLS - 1 ? col_width[c] : COLS - 1 - x;
		bool sorted = (c == 0 && t->sort == BY_NAME) ||
			      (c == 1 && t->sort == BY_CASELOAD) ||
			      (c == 2 && t->sort == BY_OVERDUE) ||
			      (c == 3 && t->sort == BY_TASKS) || (c == 4 && t->sort == BY_UNSEEN);

		if (x + w > COLS - 1)
			w = COLS - 1 - x;
		snprintf(line, sizeof(line), "%s%s", labels[c], sorted ? "*" : "");
		ui_put(stdscr, 2, x, w, line, (size_t)-1, ui_attr(sorted ? UC_HEADING : UC_DIM));
		x += w + 1;
	}
	ui_list_draw(&t->list, 3, ui_body_height() - 2, true);
}

/* Highlights the first keyworker, in the order shown, whose name starts with prefix. */
static bool jump(struct team *t, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < t->list.n; i++)
		if (t->list.rows[i].kind == PICK_USER &&
		    strncasecmp(t->list.rows[i].client_id, prefix, n) == 0) {
			t->list.sel = i;
			return true;
		}
	return false;
}

static enum ui_result type_ahead(struct ui *ui, struct team *t, const struct ui_key *k)
{
	char ch[MB_LEN_MAX + 1], want[sizeof(t->find) + MB_LEN_MAX + 1];
	mbstate_t mb = { 0 };
	size_t len;

	if (k->kind != UK_CHAR || k->code < 32)
		return UI_PASS;
	len = wcrtomb(ch, (wchar_t)k->code, &mb);
	if (len == (size_t)-1)
		return UI_DONE;
	ch[len] = '\0';
	snprintf(want, sizeof(want), "%s%s", t->find, ch);
	if (strlen(want) < sizeof(t->find) && jump(t, want)) {
		memcpy(t->find, want, strlen(want) + 1); /* fits: checked just above */
		return UI_DONE;
	}
	/* No name goes on so: the letter starts a new name. */
	if (jump(t, ch)) {
		snprintf(t->find, sizeof(t->find), "%s", ch);
		return UI_DONE;
	}
	ui_message(ui, UC_DIM, "No keyworker's name starts with '%s'.", want);
	return UI_DONE;
}

static void covered(struct ui *ui, void *ctx)
{
	struct team *t = ctx;

	(void)ui;
	t->loaded = false;
}

static enum ui_result cover_key(struct ui *ui, struct team *t, const struct ui_row *r)
{
	const struct kw_team_row *m = NULL;
	struct kw_err err;
	char q[160];

	if (r == NULL || r->kind != PICK_USER) {
		ui_message(ui, UC_DIM, "Highlight the keyworker who is away first.");
		return UI_DONE;
	}
	for (size_t i = 0; i < t->counts.n; i++)
		if (strcmp(t->counts.rows[i].m.id, r->record_id) == 0)
			m = &t->counts.rows[i];
	if (m == NULL || m->covered_by[0] == '\0') {
		ui_push(ui, ui_cover_new(ui, r->client_id, covered, t));
		return UI_DONE;
	}
	snprintf(q, sizeof(q), "End %s's cover of %s's women now?", m->covered_by, m->m.username);
	if (!ui_ask(ui, q, false))
		return UI_DONE;
	if (kw_app_cover_end(ui->s, m->m.username, t->day, &err) != 0) {
		ui_message(ui, UC_ERROR, "The cover goes on: %.400s", err.msg);
		return UI_DONE;
	}
	ui_message(ui, UC_OK, "%s's cover of %s has ended.", m->covered_by, m->m.username);
	t->loaded = false;
	return UI_DONE;
}

static enum ui_result team_key(struct ui *ui, struct screen *sc, enum ui_op op,
			       const struct ui_key *k)
{
	struct team *t = sc->p;
	const struct ui_row *r = ui_list_selected(&t->list);
	char keep[37] = "";

	if (ui_list_move(&t->list, op, ui_body_height() - 2)) {
		t->find[0] = '\0';
		return UI_DONE;
	}
	switch (op) {
	case UI_OP_OPEN:
		if (r == NULL)
			return UI_DONE;
		t->picked(ui, r->kind == PICK_USER ? r->record_id : NULL,
			  r->kind == PICK_USER ? r->client_id : NULL, r->kind == PICK_TEAM,
			  &t->counts, t->ctx);
		return UI_CLOSE;
	case UI_OP_SORT:
		if (r != NULL)
			snprintf(keep, sizeof(keep), "%s", r->record_id);
		t->sort = (enum sort)((t->sort + 1) % SORTS);
		t->find[0] = '\0';
		build(t, ui, keep, r != NULL ? r->kind : PICK_MINE);
		return UI_DONE;
	case UI_OP_COVER:
		t->find[0] = '\0';
		return cover_key(ui, t, r);
	case UI_OP_ERASE: {
		size_t n = strlen(t->find);

		while (n > 0 && (t->find[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			n--;
		t->find[n] = '\0';
		if (n > 0)
			jump(t, t->find);
		return UI_DONE;
	}
	case UI_OP_REDRAW:
		t->loaded = false;
		return UI_PASS;
	case UI_OP_NONE:
		return type_ahead(ui, t, k);
	default:
		return UI_PASS;
	}
}

static bool team_text(const struct screen *sc)
{
	(void)sc;
	return true;
}

static const char *team_mode(const struct screen *sc)
{
	(void)sc;
	return "TEAM";
}

static void team_free(struct screen *sc)
{
	struct team *t = sc->p;

	ui_list_clear(&t->list);
	kw_team_counts_free(&t->counts);
	free(t);
}

static const enum ui_op team_ops[] = { UI_OP_OPEN, UI_OP_SORT, UI_OP_COVER,	UI_OP_BACK,
				       UI_OP_DOWN, UI_OP_UP,   UI_OP_PAGE_DOWN, UI_OP_PAGE_UP,
				       UI_OP_HELP, UI_OP_LOCK, UI_OP_REDRAW,	UI_OP_NONE };

static const struct screen_ops team_screen = {
	.name = "Team",
	.ops = team_ops,
	.draw = team_draw,
	.key = team_key,
	.text = team_text,
	.mode = team_mode,
	.free = team_free,
};

struct screen *ui_team_pick_new(struct ui *ui, ui_team_fn picked, void *ctx)
{
	struct team *t = kw_xcalloc(1, sizeof(*t));

	(void)ui;
	t->picked = picked;
	t->ctx = ctx;
	return ui_screen_new(&team_screen, t);
}
