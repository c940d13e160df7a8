/*
 * withher.c: W on her record: with her, a screen to turn towards her. It
 * shows only kw_app_her's answers (each from a field its form marks fit to
 * show her): her name as she likes to be called, her strengths, her journey,
 * her open plans and their next steps, her appointments and tasks in plain
 * words, her keyworker. No key here opens anything else.
 *
 * The idle lock waits while she reads (holds_idle), but leaving after longer
 * than the idle lock locks keywork, so the keyworker's passphrase is needed
 * to go on: she can't browse from it. ^G, F12 and L lock as everywhere;
 * discreet mode leaves out her name. P asks for a file name and writes her
 * plan there for her to take home (as keywork print plan).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/withher.h"
#include "ui.h"

struct withher {
	char client_id[37];
	double since; /* kw_boottime() when it was opened */
	struct kw_her h;
	bool loaded;
	bool discreet; /* as drawn: a change of mode draws again */
	char error[512];
	struct ui_list list;
	bool asking; /* P: the file name is being typed */
	struct ui_text path;
};

/* P first after q: printing her plan is what this screen is for, so it is on the narrowest bar. */
static const enum ui_op withher_ops[] = { UI_OP_BACK,  UI_OP_PRINT, UI_OP_LOCK,	     UI_OP_DOWN,
					  UI_OP_UP,    UI_OP_HELP,  UI_OP_PAGE_DOWN, UI_OP_PAGE_UP,
					  UI_OP_FIRST, UI_OP_LAST,  UI_OP_DISCREET,  UI_OP_NONE };

static void row(struct ui_list *l, enum ui_color c, bool heading, const char *a, const char *b)
{
	char buf[1024];
	size_t n;

	snprintf(buf, sizeof(buf), "%s%s", a != NULL ? a : "", b != NULL ? b : "");
	/* One line each: her words' line breaks read as spaces here. */
	for (n = 0; buf[n] != '\0'; n++)
		if (buf[n] == '\n' || buf[n] == '\r' || buf[n] == '\t')
			buf[n] = ' ';
	ui_list_add(l, c, heading, buf, NULL, NULL, NULL, NULL, NULL)->wide = true;
}

static void item_rows(struct ui_list *l, const char *lead, const struct kw_her_item *it,
		      const char *sep)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s%s%s%s%s%s", lead, it->text != NULL ? it->text : "",
		 it->when != NULL && it->text != NULL && it->text[0] != '\0' ? sep : "",
		 it->when != NULL ? it->when : "", it->more != NULL ? "  (" : "",
		 it->more != NULL ? it->more : "");
	if (it->more != NULL)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ")");
	row(l, UC_NORMAL, false, buf, NULL);
}

static void load(struct ui *ui, struct withher *w)
{
	struct kw_err err;
	struct ui_list *l = &w->list;
	const struct kw_her *h = &w->h;
	char buf[512];

	kw_her_free(&w->h);
	ui_list_clear(l);
	w->error[0] = '\0';
	w->loaded = true;
	w->discreet = ui->discreet;
	if (kw_app_her(ui->s, ui->pack, w->client_id, &w->h, &err) != 0) {
		snprintf(w->error, sizeof(w->error), "%s", err.msg);
		return;
	}
	if (h->name != NULL && !ui->discreet)
		snprintf(buf, sizeof(buf), "%s: %s", h->name, h->today);
	else
		snprintf(buf, sizeof(buf), "%s", h->today);
	row(l, UC_HEADING, true, buf, NULL);
	if (h->keyworker != NULL)
		row(l, UC_NORMAL, true, "Your keyworker: ", h->keyworker);
	if (h->about != NULL)
		row(l, UC_NORMAL, true, h->about, NULL);
	row(l, UC_NORMAL, true, "", NULL);
	row(l, UC_HEADING, true, "Your strengths and achievements", NULL);
	if (h->nstrengths == 0)
		row(l, UC_DIM, true, "  None written down yet.", NULL);
	for (size_t i = 0; i < h->nstrengths; i++)
		item_rows(l, "  ", &h->strengths[i], ", ");
	if (h->njourney > 0) {
		row(l, UC_NORMAL, true, "", NULL);
		snprintf(buf, sizeof(buf), "How things are going (from %d to %d)", h->lo, h->hi);
		row(l, UC_HEADING, true, buf, NULL);
		for (size_t i = 0; i < h->njourney; i++) {
			const struct kw_her_path *p = &h->journey[i];
			size_t n;
			int d = p->latest - p->first;

			n = (size_t)snprintf(buf, sizeof(buf), "  %s: ", p->label);
			for (size_t k = 0; k < p->nscores && n < sizeof(buf) - 8; k++)
				n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%d",
						      k ? " > " : "", p->scores[k]);
			if (p->nscores > 1 && d != 0 && n < sizeof(buf))
				snprintf(buf + n, sizeof(buf) - n, "   %s %d since %s",
					 d > 0 ? "up" : "down", d > 0 ? d : -d,
					 p->since != NULL ? p->since : "the first");
			row(l, UC_NORMAL, false, buf, NULL);
			if (p->words != NULL) {
				snprintf(buf, sizeof(buf), "    \"%s\"", p->words);
				row(l, UC_DIM, false, buf, NULL);
			}
		}
	}
	row(l, UC_NORMAL, true, "", NULL);
	row(l, UC_HEADING, true, "Your plans", NULL);
	if (h->nplans == 0)
		row(l, UC_DIM, true, "  No plan open.", NULL);
	for (size_t i = 0; i < h->nplans; i++) {
		const struct kw_her_plan *p = &h->plans[i];

		snprintf(buf, sizeof(buf), "  %s%s%s", p->pathway,
			 p->since != NULL ? ", since " : "", p->since != NULL ? p->since : "");
		row(l, UC_OK, false, buf, NULL);
		if (p->goals != NULL)
			row(l, UC_NORMAL, false, "    What you want to change: ", p->goals);
		if (p->more != NULL)
			row(l, UC_NORMAL, false, "    ", p->more);
		for (size_t k = 0; k < p->nsteps; k++)
			item_rows(l, "    Next: ", &p->steps[k], ", ");
	}
	if (h->nappointments > 0) {
		row(l, UC_NORMAL, true, "", NULL);
		row(l, UC_HEADING, true, "Your appointments", NULL);
		for (size_t i = 0; i < h->nappointments; i++) {
			snprintf(buf, sizeof(buf), "  %s%s%s%s%s%s", h->appointments[i].when,
				 h->appointments[i].text[0] != '\0' ? ", at " : "",
				 h->appointments[i].text, h->appointments[i].more ? "  (" : "",
				 h->appointments[i].more ? h->appointments[i].more : "",
				 h->appointments[i].more ? ")" : "");
			row(l, UC_NORMAL, false, buf, NULL);
		}
	}
	if (h->ntasks > 0) {
		row(l, UC_NORMAL, true, "", NULL);
		row(l, UC_HEADING, true, "Things to do", NULL);
		for (size_t i = 0; i < h->ntasks; i++)
			item_rows(l, "  ", &h->tasks[i], ", ");
	}
	ui_list_select_from(l, 0);
}

static void withher_draw(struct ui *ui, struct screen *sc)
{
	struct withher *w = sc->p;
	int top = ui_body_top();

	if (!w->loaded || w->discreet != ui->discreet)
		load(ui, w);
	ui_draw_title(ui, "With her");
	if (w->error[0] != '\0') {
		ui_put_fill(stdscr, top, 1, COLS - 2, w->error, ui_attr(UC_ERROR));
		return;
	}
	if (!w->asking) {
		ui_list_draw(&w->list, top, ui_body_height(), false);
		return;
	}
	{
		char line[256];
		int y = top + ui_body_height() - 3;

		ui_list_draw(&w->list, top, ui_body_height() - 4, false);
		ui_keys_text("Write her plan to a new file (PDF; a name ending .txt: text). "
			     "{open} writes it, {back}: no file.",
			     line, sizeof(line));
		ui_put_fill(stdscr, y, 1, COLS - 2, line, ui_attr(UC_HEADING));
		ui_text_draw(&w->path, stdscr, y + 1, 1, 1, COLS - 2, ui_attr(UC_FIELD_FOCUS),
			     true);
	}
}

/* P, then Enter: her plan written to the file named, as keywork print plan writes it. */
static void print_plan(struct ui *ui, struct withher *w)
{
	struct kw_err err;
	char path[4096];
	bool text;

	if (!ui_print_path(ui_text_str(&w->path), path, sizeof(path), &text)) {
		ui_message(ui, UC_ERROR, "Type a file name, or %s for no file.",
			   ui_key_name(UI_OP_BACK, UI_IN_TEXT));
		return;
	}
	if (kw_app_print_plan(ui->s, ui->pack, w->client_id, text ? KW_PRINT_TEXT : KW_PRINT_PDF,
			      path, &err) != 0) {
		ui_message(ui, UC_ERROR, "Not written: %s", err.msg);
		return;
	}
	w->asking = false;
	ui_message(ui, UC_OK, "Her plan is written to %s (%s), recorded as given to her.", path,
		   text ? "text" : "PDF");
}

static bool withher_text(const struct screen *sc)
{
	const struct withher *w = sc->p;

	return w->asking;
}

static enum ui_result withher_key(struct ui *ui, struct screen *sc, enum ui_op op,
				  const struct ui_key *k)
{
	struct withher *w = sc->p;

	if (w->asking) {
		switch (op) {
		case UI_OP_OPEN:
			print_plan(ui, w);
			return UI_DONE;
		case UI_OP_BACK:
		case UI_OP_CANCEL:
			w->asking = false;
			return UI_DONE;
		case UI_OP_LOCK:
		case UI_OP_REDRAW:
			return UI_PASS;
		default:
			if (op == UI_OP_NONE || ui_op_edits_text(op))
				ui_text_key(&w->path, k, COLS - 3);
			return UI_DONE;
		}
	}
	if (ui_list_move(&w->list, op, ui_body_height()))
		return UI_DONE;
	switch (op) {
	case UI_OP_PRINT:
		w->asking = true;
		return UI_DONE;
	case UI_OP_BACK:
	case UI_OP_CANCEL:
		/* Longer than the idle lock with her: the passphrase, before anything else. */
		if (ui->idle_lock > 0 && kw_boottime() - w->since >= (double)ui->idle_lock) {
			ui->need_lock = true;
			ui_message(ui, UC_NORMAL,
				   "With her was open longer than the idle lock: sign in to go "
				   "on.");
			return UI_DONE;
		}
		return UI_CLOSE;
	case UI_OP_HELP:
	case UI_OP_DISCREET:
	case UI_OP_REDRAW:
		return UI_PASS;
	default:
		/* Nothing here opens anything else: her screen stays hers. */
		ui_message(ui, UC_DIM, "With her: q goes back to her record.");
		return UI_DONE;
	}
}

static void withher_free(struct screen *sc)
{
	struct withher *w = sc->p;

	kw_her_free(&w->h);
	ui_list_clear(&w->list);
	ui_text_free(&w->path);
	free(w);
}

static const struct screen_ops withher_screen = {
	.name = "With her",
	.ops = withher_ops,
	.draw = withher_draw,
	.key = withher_key,
	.text = withher_text,
	.free = withher_free,
	.holds_idle = true,
};

struct screen *ui_withher_new(struct ui *ui, const char *client_id)
{
	struct withher *w = kw_xcalloc(1, sizeof(*w));

	(void)ui;
	snprintf(w->client_id, sizeof(w->client_id), "%s", client_id);
	w->since = kw_boottime();
	ui_text_init(&w->path, "", false, 1024);
	return ui_screen_new(&withher_screen, w);
}
