/*
 * screen_search.c: finding a woman as the name is typed. Each keystroke runs
 * one search (name, reference, date of birth or phone) and redraws the list,
 * with her safety flags beside her name so they are seen before she is
 * opened. Up and Down move in the results while typing; Enter opens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/view.h"
#include "ui.h"

#define SEARCH_LIMIT 200

struct search {
	struct ui_text q;
	struct ui_list list;
	char last[256];
	char error[512];
	bool dropin;
};

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

	snprintf(legal, sizeof(legal), "%s%s%s", h->first_name != NULL ? h->first_name : "",
		 h->first_name != NULL && h->last_name != NULL ? " " : "",
		 h->last_name != NULL ? h->last_name : "");
	if (g->ui->discreet)
		legal[0] = '\0';
	snprintf(flags, sizeof(flags), "%s%s%s%s%s", h->risk_level != NULL ? "risk " : "",
		 h->risk_level != NULL ? h->risk_level : "", h->keep_apart ? " KEEP APART" : "",
		 h->safe_channels != NULL ? " safe: " : "",
		 h->safe_channels != NULL ? h->safe_channels : "");
	r = ui_list_add(g->list, h->risk_level != NULL || h->keep_apart ? UC_FLAG : UC_NORMAL,
			false, name, h->reference, legal,
			h->date_of_birth != NULL ? h->date_of_birth : "", flags, NULL);
	snprintf(r->client_id, sizeof(r->client_id), "%s", h->id);
	return 0;
}

static void run(struct ui *ui, struct search *s)
{
	struct gather g = { ui, &s->list };
	struct kw_err err;

	if (strcmp(s->last, ui_text_str(&s->q)) == 0)
		return;
	snprintf(s->last, sizeof(s->last), "%s", ui_text_str(&s->q));
	ui_list_clear(&s->list);
	s->error[0] = '\0';
	s->list.width[0] = 22;
	s->list.width[1] = 9;
	s->list.width[2] = 22;
	s->list.width[3] = 10;
	if (kw_db_search(ui->s->store, s->last, SEARCH_LIMIT, on_hit, &g, &err) != 0)
		snprintf(s->error, sizeof(s->error), "%s", err.msg);
}

static void search_draw(struct ui *ui, struct screen *sc)
{
	struct search *s = sc->p;
	char count[600];
	int h = ui_body_height() - 4;

	run(ui, s);
	ui_draw_title(ui, s->dropin ? "Drop-in: find her" : "Find a woman");
	ui_put(stdscr, 1, 1, 6, "Find", (size_t)-1, ui_attr(UC_HEADING));
	ui_text_draw(&s->q, stdscr, 1, 7, 1, COLS - 9, ui_attr(UC_FIELD_FOCUS), true);
	if (s->error[0] != '\0')
		snprintf(count, sizeof(count), "%s", s->error);
	else if (s->last[0] == '\0')
		snprintf(count, sizeof(count),
			 "Type a name, a reference, a date of birth (2/3/1985) or 4+ digits of "
			 "a phone number.");
	else
		snprintf(count, sizeof(count), "%zu found%s", s->list.n,
			 s->list.n >= SEARCH_LIMIT ? " (the first ones; type more)" : "");
	ui_put_fill(stdscr, 2, 1, COLS - 2, count, ui_attr(s->error[0] ? UC_ERROR : UC_DIM));
	ui_printf(stdscr, 3, 0, COLS, ui_attr(UC_DIM), " %-22s %-9s %-22s %-10s %s", "Known as",
		  "Ref", "Name", "Born", "Flags");
	ui_list_draw(&s->list, 4, h, true);
	/* The cursor belongs in the query, drawn last. */
	ui_text_draw(&s->q, stdscr, 1, 7, 1, COLS - 9, ui_attr(UC_FIELD_FOCUS), true);
}

static enum ui_result search_key(struct ui *ui, struct screen *sc, enum ui_op op,
				 const struct ui_key *k)
{
	struct search *s = sc->p;
	const struct ui_row *r;

	if (op == UI_OP_UP || op == UI_OP_DOWN || op == UI_OP_PAGE_UP || op == UI_OP_PAGE_DOWN) {
		ui_list_move(&s->list, op, ui_body_height() - 4);
		return UI_DONE;
	}
	if (op == UI_OP_BACK || op == UI_OP_CANCEL)
		return UI_CLOSE;
	if (k->kind == UK_KEY && (k->code == '\r' || k->code == '\n' || k->code == KEY_ENTER)) {
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
	if (op != UI_OP_NONE)
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
