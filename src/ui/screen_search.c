/*
 * screen_search.c: finding a woman as the name is typed. Each keystroke runs
 * one search (name, reference, date of birth or phone) and redraws the list,
 * with her safety flags beside her name so they are seen before she is
 * opened. Up and Down move in the results while typing; Enter opens.
 *
 * A keystroke asks for a few screens of women (ui_search_first), not for all
 * the list may hold: the cost of a search is the women it reads, and at
 * 200,000 women the first 200 of a common letter took 2.8 ms where 50 took
 * 0.4. Moving down near the end of those asks again for UI_SEARCH_MOST, keeping
 * the woman the cursor is on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/view.h"
#include "keywork/access.h"
#include "keywork/reads.h"
#include "ui.h"

struct search {
	struct ui_text q;
	struct ui_list list;
	char last[256];
	int limit;	  /* women asked for by the last search */
	size_t women;	  /* women it found (the rows but the drop-in's add row) */
	char keep_id[37]; /* asked again for more: the woman to keep the cursor on */
	char error[512];
	bool dropin;
	bool logged; /* drop-in: a contact was saved; ready for the next woman */
};

enum { HIT_WOMAN = 0, HIT_ADD };

/* The query with spaces trimmed at both ends, into out. */
static void query_name(const struct search *s, char *out, size_t len)
{
	const char *q = ui_text_str(&s->q);
	size_t n;

	while (*q == ' ')
		q++;
	snprintf(out, len, "%s", q);
	n = strlen(out);
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

struct gather {
	struct ui *ui;
	struct ui_list *list;
};

static int on_hit(void *ctx, const struct kw_hit *h)
{
	struct gather *g = ctx;
	char legal[256], flags[160];
	const char *name = g->ui->discreet || h->known_as == NULL ? h->reference : h->known_as;
	struct ui_row *r;
	enum kw_role role = g->ui->s->user.role;

	/* Restricted to named staff: she is there (not to be booked in), and nothing of her. */
	if (h->restricted) {
		r = ui_list_add(g->list, UC_FLAG, false, "restricted record", "", "", "",
				"ask a manager", NULL);
		r->flags = 1u << 4;
		snprintf(r->client_id, sizeof(r->client_id), "%s", h->id);
		return 0;
	}
	/* Each part only for a role the intake form lets see it. */
	const char *first = kw_form_sees(g->ui->pack, "intake", "first_name", role) ? h->first_name
										    : NULL,
		   *last = kw_form_sees(g->ui->pack, "intake", "last_name", role) ? h->last_name
										  : NULL,
		   *born = kw_form_sees(g->ui->pack, "intake", "date_of_birth", role)
				   ? h->date_of_birth
				   : NULL,
		   *safe = kw_form_sees(g->ui->pack, "intake", "safe_channels", role)
				   ? h->safe_channels
				   : NULL;

	snprintf(legal, sizeof(legal), "%s%s%s", first != NULL ? first : "",
		 first != NULL && last != NULL ? " " : "", last != NULL ? last : "");
	if (g->ui->discreet)
		legal[0] = '\0';
	snprintf(flags, sizeof(flags), "%s%s%s%s%s", h->risk_level != NULL ? "risk " : "",
		 h->risk_level != NULL ? h->risk_level : "", h->keep_apart ? " KEEP APART" : "",
		 safe != NULL ? " safe: " : "", safe != NULL ? safe : "");
	r = ui_list_add(g->list, h->risk_level != NULL || h->keep_apart ? UC_FLAG : UC_NORMAL,
			false, name, h->reference, legal, born != NULL ? born : "", flags, NULL);
	r->flags = 1u << 4;
	snprintf(r->client_id, sizeof(r->client_id), "%s", h->id);
	return 0;
}

int ui_search_first(void)
{
	int two = 2 * (ui_body_height() - 4);

	return two > UI_SEARCH_MOST    ? UI_SEARCH_MOST
	       : two > UI_SEARCH_FIRST ? two
				       : UI_SEARCH_FIRST;
}

static void run(struct ui *ui, struct search *s)
{
	struct gather g = { ui, &s->list };
	struct kw_err err;

	if (strcmp(s->last, ui_text_str(&s->q)) == 0)
		return;
	if (s->keep_id[0] == '\0')
		s->limit = ui_search_first();
	snprintf(s->last, sizeof(s->last), "%s", ui_text_str(&s->q));
	ui_list_clear(&s->list);
	s->error[0] = '\0';
	s->list.width[0] = 22;
	s->list.width[1] = 9;
	s->list.width[2] = 22;
	s->list.width[3] = 10;
	/* Names narrow before the safety and keep-apart flags are cut. */
	s->list.least[0] = 12;
	s->list.least[2] = 10;
	if (kw_app_search(ui->s, s->last, s->limit, on_hit, &g, &err) != 0)
		snprintf(s->error, sizeof(s->error), "%s", err.msg);
	s->women = s->list.n;
	if (s->keep_id[0] != '\0') {
		/* Asked again for more: the cursor stays on her, wherever she now is. */
		for (size_t i = 0; i < s->list.n; i++)
			if (strcmp(s->list.rows[i].client_id, s->keep_id) == 0)
				s->list.sel = i;
		s->keep_id[0] = '\0';
	}
	if (s->dropin) {
		/* Last, so a woman already known is chosen first; PgDn reaches it. */
		char name[256], row[300];
		struct ui_row *r;

		query_name(s, name, sizeof(name));
		if (name[0] != '\0') {
			snprintf(row, sizeof(row), "+ Add her as '%s'", name);
			r = ui_list_add(&s->list, UC_OK, false, row, NULL, NULL, NULL, NULL, NULL);
			r->kind = HIT_ADD;
		}
	}
}

static void search_draw(struct ui *ui, struct screen *sc)
{
	struct search *s = sc->p;
	char count[600];
	int h = ui_body_height() - 4;

	if (s->logged) {
		/* Back from logging a drop-in: the search is ready for the next woman. */
		s->logged = false;
		ui_text_set(&s->q, "");
		ui_list_clear(&s->list);
		s->last[0] = '\0';
	}
	run(ui, s);
	ui_draw_title(ui, s->dropin ? "Drop-in: find her" : "Find a woman");
	ui_put(stdscr, 1, 1, 6, "Find", (size_t)-1, ui_attr(UC_HEADING));
	ui_text_draw(&s->q, stdscr, 1, 7, 1, COLS - 9, ui_attr(UC_FIELD_FOCUS), true);
	if (s->error[0] != '\0')
		snprintf(count, sizeof(count), "%s", s->error);
	else if (s->dropin && s->last[0] == '\0')
		ui_keys_text("Type the name she gives; {open@text} on her logs a contact. New? "
			     "{open@text} adds her.",
			     count, sizeof(count));
	else if (s->last[0] == '\0')
		snprintf(count, sizeof(count),
			 "Type a name, reference, date of birth (2/3/1985) or 4+ digits of her "
			 "phone.");
	else
		snprintf(count, sizeof(count), "%zu found%s", s->women,
			 s->women < (size_t)s->limit ? ""
			 : s->limit < UI_SEARCH_MOST
				 ? " so far (more as you move down; or type more)"
				 : " (the first ones; type more)");
	ui_put_fill(stdscr, 2, 1, COLS - 2, count, ui_attr(s->error[0] ? UC_ERROR : UC_DIM));
	ui_printf(stdscr, 3, 0, COLS, ui_attr(UC_DIM), " %-22s %-9s %-22s %-10s %s", "Known as",
		  "Ref", "Name", "Born", "Flags");
	ui_list_draw(&s->list, 4, h, true);
	/* The cursor belongs in the query, drawn last. */
	ui_text_draw(&s->q, stdscr, 1, 7, 1, COLS - 9, ui_attr(UC_FIELD_FOCUS), true);
}

static void dropin_saved(struct ui *ui, const char *id, void *ctx)
{
	struct search *s = ctx;

	(void)id;
	s->logged = true;
	ui_message(ui, UC_OK, "Contact logged. Type the next name, or %s for Today.",
		   ui_key_name(UI_OP_BACK, UI_IN_TEXT));
}

/* Enter in drop-in mode: log the contact with her, or add her first. */
static enum ui_result dropin_enter(struct ui *ui, struct search *s)
{
	const struct ui_row *r = ui_list_selected(&s->list);
	char name[256], q[320], id[37];
	struct screen *f;

	query_name(s, name, sizeof(name));
	if (name[0] == '\0') {
		ui_message(ui, UC_DIM, "Type the name she gives first.");
		return UI_DONE;
	}
	if (r != NULL && r->kind == HIT_WOMAN && r->client_id[0] != '\0') {
		struct kw_err err;

		/* A restricted record is not this user's to log a contact on: refused, recorded. */
		if (kw_access_open(ui->s, r->client_id, "drop-in contact", &err) != 0) {
			ui_message(ui, UC_ERROR, "%s", err.msg);
			return UI_DONE;
		}
		snprintf(id, sizeof(id), "%s", r->client_id);
	} else {
		snprintf(q, sizeof(q), "Add her as '%s'?", name);
		if (!ui_ask(ui, q, true))
			return UI_DONE;
		if (ui_dropin_add(ui, name, id) != 0)
			return UI_DONE;
		s->last[0] = '\0'; /* searched again: she is found from now on */
	}
	f = ui_dropin_log(ui, id, dropin_saved, s);
	if (f != NULL)
		ui_push(ui, f);
	return UI_DONE;
}

static enum ui_result search_key(struct ui *ui, struct screen *sc, enum ui_op op,
				 const struct ui_key *k)
{
	struct search *s = sc->p;
	const struct ui_row *r;

	if (op == UI_OP_UP || op == UI_OP_DOWN || op == UI_OP_PAGE_UP || op == UI_OP_PAGE_DOWN) {
		int h = ui_body_height() - 4;

		ui_list_move(&s->list, op, h);
		/* Within a screen of the last woman of a full list: ask for more. */
		r = ui_list_selected(&s->list);
		if (s->women == (size_t)s->limit && s->limit < UI_SEARCH_MOST && r != NULL &&
		    s->women > 0 && s->list.sel + (size_t)h >= s->women) {
			/* On the drop-in's add row: kept on the last woman instead. */
			snprintf(s->keep_id, sizeof(s->keep_id), "%s",
				 r->kind == HIT_ADD ? s->list.rows[s->women - 1].client_id
						    : r->client_id);
			s->limit = UI_SEARCH_MOST;
			s->last[0] = '\0';
		}
		return UI_DONE;
	}
	if (op == UI_OP_BACK || op == UI_OP_CANCEL)
		return UI_CLOSE;
	if (s->dropin && op == UI_OP_OPEN)
		return dropin_enter(ui, s);
	if (op == UI_OP_OPEN) {
		r = ui_list_selected(&s->list);
		if (r == NULL) {
			ui_message(ui, UC_DIM, "Nobody to open: type part of her name.");
			return UI_DONE;
		}
		/* The record replaces the search, so Back returns to where search began. */
		snprintf(ui->pending_id, sizeof(ui->pending_id), "%s", r->client_id);
		ui->pending_open = true;
		return UI_CLOSE;
	}
	if (op != UI_OP_NONE && !ui_op_edits_text(op))
		return UI_PASS;
	if (ui_text_key(&s->q, k, COLS - 9)) {
		s->list.sel = 0;
		return UI_DONE;
	}
	return UI_PASS;
}

static bool search_text(const struct screen *sc)
{
	(void)sc;
	return true;
}

static const char *search_mode(const struct screen *sc)
{
	(void)sc;
	return "SEARCH";
}

static void search_free(struct screen *sc)
{
	struct search *s = sc->p;

	ui_text_free(&s->q);
	ui_list_clear(&s->list);
	memset(s->last, 0, sizeof(s->last));
	free(s);
}

static const enum ui_op search_ops[] = { UI_OP_OPEN, UI_OP_BACK, UI_OP_DOWN, UI_OP_UP,
					 UI_OP_LOCK, UI_OP_HELP, UI_OP_NONE };

static const struct screen_ops search_screen = {
	.name = "Search",
	.ops = search_ops,
	.draw = search_draw,
	.key = search_key,
	.text = search_text,
	.mode = search_mode,
	.free = search_free,
};

struct screen *ui_search_new(struct ui *ui, bool for_dropin)
{
	struct search *s = kw_xcalloc(1, sizeof(*s));

	(void)ui;
	ui_text_init(&s->q, "", false, 80);
	s->dropin = for_dropin;
	return ui_screen_new(&search_screen, s);
}
