/*
 * peers.c: 4 Peers: her peer-mentor matches and the group sessions she came to.
 *
 * Mentors are people the centre knows by name, not logins: keyworkers record
 * for them. > moves the highlighted match on to the next stage of the
 * mentor_status list (asked first) and records the day in the form's field
 * named after that stage ("agreed" -> agreed_on) when there is one and it is
 * empty. r records a session she came to: pick a recent group session, or
 * create one, then her attendance and rating. Attendance belongs to the
 * session, so hers are read by her id (kw_app_attendance_of).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/formsave.h"
#include "keywork/regard.h"
#include "keywork/lookup.h"
#include "keywork/reads.h"
#include "ui.h"

#define ATT_KIND 50    /* row kind of a session she came to */
#define ATT_LIMIT 200  /* sessions of hers listed */
#define PICK_WEEKS 8   /* sessions offered: held in the last weeks ... */
#define PICK_AHEAD 7   /* ... or planned in the next days */
#define PICK_LIMIT 300 /* at most */

struct peers {
	char error[512];
};

static const enum ui_op peers_ops[] = { UI_OP_ADD,  UI_OP_ADVANCE, UI_OP_SESSION, UI_OP_OPEN,
					UI_OP_BACK, UI_OP_HELP,	   UI_OP_LOCK,	  UI_OP_DOWN,
					UI_OP_UP,   UI_OP_NONE };

/* "YYYY-MM-DD" days from today (negative: before). */
static void day_from_today(int days, char out[11])
{
	char today[11];

	ui_today(today);
	if (!kw_date_add_days(today, days, out))
		snprintf(out, 11, "%s", today);
}

/* --- the match's stages --- */

/* The stage after cur in the mentor_status list (retired stages skipped), or NULL. */
static const struct kw_list_item *next_stage(const struct kw_list_spec *l, const char *cur)
{
	size_t i = 0;

	if (l == NULL)
		return NULL;
	if (cur != NULL) {
		while (i < l->nitems && strcmp(l->items[i].key, cur) != 0)
			i++;
		if (i == l->nitems)
			return NULL; /* a stage no longer listed: moved by hand only */
		i++;
	}
	for (; i < l->nitems; i++)
		if (!l->items[i].retired)
			return &l->items[i];
	return NULL;
}

static void advance(struct ui *ui, struct panel *p, const struct ui_row *r)
{
	const struct kw_form_spec *f = kw_form_find(ui->pack, "mentor_match");
	const struct kw_field_spec *st = f != NULL ? kw_form_field(f, "status") : NULL;
	struct kw_form_record rec = { 0 };
	struct kw_values vals = { 0 }, changed = { 0 };
	struct kw_field_errors errs = { 0 };
	const struct kw_value *cur, *name;
	const struct kw_list_item *next;
	const struct kw_field_spec *date_fs;
	char q[320], date_key[80], today[11];
	const char *cur_key;
	struct kw_err err;

	if (st == NULL || st->list == NULL) {
		ui_message(ui, UC_ERROR, "The mentor match form has no stages to move through.");
		return;
	}
	snprintf(rec.id, sizeof(rec.id), "%s", r->record_id);
	if (kw_app_form_read(ui->s, f, &rec, &vals, &err) != 0) {
		ui_message(ui, UC_ERROR, "That match could not be read: %s", err.msg);
		goto out;
	}
	cur = kw_values_get(&vals, "status");
	name = kw_values_get(&vals, "mentor_name");
	cur_key = cur != NULL && cur->state == KW_STATE_ANSWERED ? cur->text : NULL;
	next = next_stage(st->list, cur_key);
	if (next == NULL) {
		ui_message(ui, UC_DIM,
			   "This match is at its last stage (%s): a proposes a new one.",
			   cur_key != NULL ? ui_label(ui, "mentor_status", cur_key) : "none");
		goto out;
	}
	snprintf(date_key, sizeof(date_key), "%s_on", next->key);
	date_fs = kw_form_field(f, date_key);
	snprintf(q, sizeof(q), "Move the match with %s from %s to %s%s?",
		 name != NULL && name->text != NULL ? name->text : "her mentor",
		 cur_key != NULL ? ui_label(ui, "mentor_status", cur_key) : "no stage", next->label,
		 date_fs != NULL ? ", today" : "");
	if (!ui_ask(ui, q, false)) {
		ui_message(ui, UC_DIM, "Not moved.");
		goto out;
	}
	kw_values_set(&changed, "status", next->key);
	if (date_fs != NULL) {
		const struct kw_value *d = kw_values_get(&vals, date_key);

		if (d == NULL || d->state != KW_STATE_ANSWERED || d->text == NULL)
			kw_values_set(&changed, date_key, ui_today(today));
	}
	if (kw_form_save(ui->s, f, &rec, &changed, &errs, &err) != 0) {
		/* A rule's refusal is its own plain message (src/app/rules.c). */
		bool own = err.reason == KW_R_RULE || errs.n == 0;

		ui_message(ui, UC_ERROR, "Not moved: %s%s%s", err.msg, own ? "" : ": ",
			   own ? "" : errs.e[0].msg);
		goto out;
	}
	ui_message(ui, UC_OK, "The match is now: %s.", next->label);
	ui_panel_reload(ui, p);
out:
	kw_field_errors_free(&errs);
	kw_values_free(&vals);
	kw_values_free(&changed);
}

/* --- r: which session she came to --- */

/* Opens her attendance at session_id: the one recorded, or a new one for her. */
static void open_attendance(struct ui *ui, const char *client_id, const char *session_id,
			    const char *hers)
{
	struct kw_values vals = { 0 };

	if (hers != NULL && hers[0] != '\0') {
		ui_message(ui, UC_DIM, "She is already recorded at that session: here it is.");
		ui_push(ui, ui_form_new(ui, "attendance", hers, NULL, NULL, NULL, NULL));
		return;
	}
	kw_values_set(&vals, "client", client_id);
	ui_push(ui, ui_form_new(ui, "attendance", NULL, session_id, &vals, NULL, NULL));
	kw_values_free(&vals);
}

/* A new session was saved: her attendance at it comes next. ctx: the Peers panel below. */
static void after_session(struct ui *ui, const char *id, void *ctx)
{
	struct panel *p = ctx;

	open_attendance(ui, p->client_id, id, NULL);
	ui_message(ui, UC_OK, "Session saved. Now her attendance:");
}

struct picker {
	struct panel *panel; /* the Peers panel it was opened from (below it on the stack) */
	struct ui_list list; /* kind 1: a new session; kind 2: a session (record_id) */
	unsigned long gen;
	bool loaded;
	char error[512];
};

static int on_session(void *ctx, const struct kw_session_row *s)
{
	struct picker *pk = ctx;
	char when[32], who[160], count[64];
	struct ui_row *r;

	ui_form_date_show(s->held_on, when);
	snprintf(who, sizeof(who), "%s%s%s", s->venue != NULL ? s->venue : "",
		 s->venue != NULL && s->facilitator != NULL ? ", " : "",
		 s->facilitator != NULL ? s->facilitator : "");
	if (s->her_attendance[0] != '\0')
		snprintf(count, sizeof(count), "she is recorded");
	else
		snprintf(count, sizeof(count), "%ld recorded", s->attendees);
	r = ui_list_add(&pk->list, UC_NORMAL, false, when, s->group_name, count, who, NULL, NULL);
	r->kind = 2;
	snprintf(r->record_id, sizeof(r->record_id), "%s", s->id);
	snprintf(r->client_id, sizeof(r->client_id), "%s", s->her_attendance);
	return 0;
}

static void picker_load(struct ui *ui, struct picker *pk)
{
	char since[11], until[11], none[96];
	struct ui_row *r;
	struct kw_err err;
	size_t first;

	ui_list_clear(&pk->list);
	pk->error[0] = '\0';
	r = ui_list_add(&pk->list, UC_OK, false, "+ New", "session", "",
			"choose the group and the date", NULL, NULL);
	r->kind = 1;
	ui_list_add(&pk->list, UC_HEADING, true,
		    "Sessions of the last eight weeks and the week ahead, newest first", NULL, NULL,
		    NULL, NULL, NULL);
	first = pk->list.n;
	day_from_today(-7 * PICK_WEEKS, since);
	day_from_today(PICK_AHEAD, until);
	if (kw_app_group_sessions(ui->s, since, until, pk->panel->client_id, PICK_LIMIT, on_session,
				  pk, &err) < 0)
		snprintf(pk->error, sizeof(pk->error), "%s", err.msg);
	for (size_t i = first; i < pk->list.n; i++) {
		const char *g = pk->list.rows[i].cell[1];

		/* Labels were looked up with the pack in hand here, not in the callback. */
		if (g != NULL) {
			char *l = kw_xstrdup(ui_label(ui, "groups", g));

			free(pk->list.rows[i].cell[1]);
			pk->list.rows[i].cell[1] = l;
		}
	}
	if (pk->list.n == first)
		ui_list_add(&pk->list, UC_DIM, true,
			    ui_keys_text("None recorded lately: {open} on + New adds one.", none,
					 sizeof(none)),
			    NULL, NULL, NULL, NULL, NULL);
	pk->list.width[0] = 12;
	pk->list.width[1] = 24;
	pk->list.width[2] = 16;
	pk->list.sel = 0;
	pk->gen = ui->stack_gen;
	pk->loaded = true;
}

static void picker_draw(struct ui *ui, struct screen *sc)
{
	struct picker *pk = sc->p;
	char title[160], hint[128];
	int y = 1;

	if (!pk->loaded || pk->gen != ui->stack_gen)
		picker_load(ui, pk);
	snprintf(title, sizeof(title), "Which session did she come to? %s", pk->panel->name);
	ui_draw_title(ui, title);
	ui_put_fill(
		stdscr, y++, 1, COLS - 2,
		ui_keys_text("{open}: this session, then her attendance and rating.  {add}: a new "
			     "session.",
			     hint, sizeof(hint)),
		ui_attr(UC_DIM));
	if (pk->error[0] != '\0')
		ui_put_fill(stdscr, y++, 1, COLS - 2, pk->error, ui_attr(UC_ERROR));
	ui_list_draw(&pk->list, y, ui_body_top() + ui_body_height() - y, true);
}

static enum ui_result picker_key(struct ui *ui, struct screen *sc, enum ui_op op,
				 const struct ui_key *k)
{
	struct picker *pk = sc->p;
	const struct ui_row *r = ui_list_selected(&pk->list);
	struct panel *p = pk->panel;
	char client[37], session[37], hers[37];
	bool new_one;

	(void)k;
	if (ui_list_move(&pk->list, op, ui_body_height() - 2))
		return UI_DONE;
	if (op != UI_OP_OPEN && op != UI_OP_ADD)
		return UI_PASS;
	if (op == UI_OP_OPEN && r == NULL)
		return UI_DONE;
	new_one = op == UI_OP_ADD || r->kind == 1;
	snprintf(client, sizeof(client), "%s", p->client_id);
	snprintf(session, sizeof(session), "%s", !new_one ? r->record_id : "");
	snprintf(hers, sizeof(hers), "%s", !new_one ? r->client_id : "");
	/* The form takes this screen's place: saving returns to her Peers panel. */
	ui_pop(ui);
	if (new_one)
		ui_push(ui, ui_form_new(ui, "group_session", NULL, NULL, NULL, after_session, p));
	else
		open_attendance(ui, client, session, hers);
	return UI_DONE;
}

static void picker_free(struct screen *sc)
{
	struct picker *pk = sc->p;

	ui_list_clear(&pk->list);
	free(pk);
}

static const enum ui_op picker_ops[] = { UI_OP_OPEN, UI_OP_ADD,	 UI_OP_BACK, UI_OP_DOWN,
					 UI_OP_UP,   UI_OP_HELP, UI_OP_LOCK, UI_OP_NONE };
static const struct screen_ops picker_screen = {
	.name = "Which session",
	.ops = picker_ops,
	.draw = picker_draw,
	.key = picker_key,
	.free = picker_free,
};

/* --- the panel --- */

/* A match's row: its latest date in words. */
static void peers_row(struct ui *ui, struct panel *p, int section, const char *id,
		      const struct kw_values *vals, char cell[4][256])
{
	static const struct {
		const char *key, *words;
	} stages[] = { { "ended_on", "ended" },
		       { "meeting_on", "meeting since" },
		       { "agreed_on", "agreed" } };

	(void)ui;
	(void)p;
	(void)id;
	if (section != 0)
		return;
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		const struct kw_value *v = kw_values_get(vals, stages[i].key);
		char d[32];

		if (v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL) {
			ui_form_date_show(v->text, d);
			snprintf(cell[3], 256, "%s %s", stages[i].words, d);
			return;
		}
	}
}

static int on_attendance(void *ctx, const struct kw_attendance_row *a)
{
	struct ui_list *l = ctx;
	char when[32], rating[64];
	struct ui_row *r;

	ui_form_date_show(a->held_on, when);
	rating[0] = '\0';
	if (a->rating > 0)
		snprintf(rating, sizeof(rating), "she rated it %d of 5", a->rating);
	r = ui_list_add(l, UC_NORMAL, false, when, a->group_name, a->attended, rating, NULL, NULL);
	r->kind = ATT_KIND;
	snprintf(r->record_id, sizeof(r->record_id), "%s", a->id);
	return 0;
}

/* The groups she came to, after her mentor matches. */
static void peers_loaded(struct ui *ui, struct panel *p)
{
	struct peers *pe = p->ext;
	const struct kw_form_spec *f = kw_form_find(ui->pack, "attendance");
	const struct kw_field_spec *att = f != NULL ? kw_form_field(f, "attended") : NULL;
	size_t first;
	struct kw_err err;
	char none[96];

	pe->error[0] = '\0';
	ui_list_add(&p->list, UC_HEADING, true,
		    ui_keys_text("Group sessions she came to ({session} records one)", none,
				 sizeof(none)),
		    NULL, NULL, NULL, NULL, NULL);
	first = p->list.n;
	if (kw_app_attendance_of(ui->s, p->client_id, ATT_LIMIT, on_attendance, &p->list, &err) < 0)
		snprintf(pe->error, sizeof(pe->error), "%s", err.msg);
	/* Keys into words, with the pack at hand. */
	for (size_t i = first; i < p->list.n; i++) {
		struct ui_row *r = &p->list.rows[i];

		if (r->cell[1] != NULL) {
			char *l = kw_xstrdup(ui_label(ui, "groups", r->cell[1]));

			free(r->cell[1]);
			r->cell[1] = l;
		}
		if (r->cell[2] != NULL && att != NULL && att->list != NULL) {
			const struct kw_list_item *it = kw_list_item(att->list, r->cell[2]);

			if (it != NULL) {
				char *l = kw_xstrdup(it->label);

				free(r->cell[2]);
				r->cell[2] = l;
			}
		}
	}
	if (p->list.n == first)
		ui_list_add(
			&p->list, UC_DIM, true,
			ui_keys_text("None recorded yet: {session} records a session she came to.",
				     none, sizeof(none)),
			NULL, NULL, NULL, NULL, NULL);
	if (ui_list_selected(&p->list) == NULL)
		ui_list_select_from(&p->list, 0);
}

static void peers_draw_top(struct ui *ui, struct panel *p, int *y)
{
	struct peers *pe = p->ext;

	(void)ui;
	if (pe->error[0] != '\0')
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, pe->error, ui_attr(UC_ERROR));
}

static enum ui_result peers_key(struct ui *ui, struct panel *p, enum ui_op op,
				const struct ui_key *k)
{
	const struct ui_row *r = ui_panel_selected(p);

	(void)k;
	switch (op) {
	case UI_OP_ADVANCE:
		if (r == NULL || r->kind != 0) {
			ui_message(ui, UC_DIM, "Highlight a mentor match to move it on.");
			return UI_DONE;
		}
		advance(ui, p, r);
		return UI_DONE;
	case UI_OP_SESSION: {
		struct picker *pk = kw_xcalloc(1, sizeof(*pk));

		pk->panel = p;
		ui_push(ui, ui_screen_new(&picker_screen, pk));
		return UI_DONE;
	}
	case UI_OP_OPEN:
		if (r == NULL || r->kind != ATT_KIND)
			return UI_PASS;
		ui_push(ui, ui_form_new(ui, "attendance", r->record_id, NULL, NULL, NULL, NULL));
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static void peers_free(struct panel *p)
{
	free(p->ext);
	p->ext = NULL;
}

static const struct panel_spec peers = {
	.name = "4 Peers",
	.ops = peers_ops,
	.sections = { { "Peer mentoring (a proposes a match, > moves it on a stage)",
			"mentor_match",
			"proposed_on",
			{ "proposed_on", "mentor_name", "status", NULL },
			"No mentor match yet: a proposes one.",
			false } },
	.widths = { 12, 24, 16, 0 },
	.draw_top = peers_draw_top,
	.key = peers_key,
	.row = peers_row,
	.loaded = peers_loaded,
	.free_ext = peers_free,
};

struct screen *ui_peers_new(struct ui *ui, const char *client_id)
{
	struct screen *sc = ui_panel_new(ui, &peers, client_id, NULL);

	ui_panel_of(sc)->ext = kw_xcalloc(1, sizeof(struct peers));
	return sc;
}
