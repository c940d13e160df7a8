/*
 * cover.c: the cover key on the team screen, for a keyworker who is going
 * away: who covers for her (each keyworker and manager who can sign in, with
 * her caseload against her capacity) and until which day. Enter starts the
 * cover through the app (audited); Esc leaves things as they were.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/team.h"
#include "ui.h"

struct cover {
	struct ui_list list;
	struct ui_text until;
	char away[33];
	ui_covered_fn done;
	void *ctx;
	char error[512];
};

static int add_member(void *ctx, const struct kw_team_member *m)
{
	struct cover *c = ctx;
	struct ui_row *r;
	char load[48];

	if (strcmp(m->username, c->away) == 0)
		return 0;
	snprintf(load, sizeof(load), "%ld of %ld women", m->caseload, m->capacity);
	r = ui_list_add(&c->list, UC_NORMAL, false, m->username,
			m->role == KW_ROLE_MANAGER ? "manager" : "keyworker", load, NULL, NULL,
			NULL);
	snprintf(r->record_id, sizeof(r->record_id), "%s", m->id);
	return 0;
}

static void cover_draw(struct ui *ui, struct screen *sc)
{
	struct cover *c = sc->p;
	char line[256], iso[11];
	enum ui_date_check dc = ui_form_date_parse(ui_text_str(&c->until), iso);

	ui_draw_title(ui, "Cover");
	snprintf(line, sizeof(line),
		 "Who covers for %s, and until which day? %s starts the cover; %s leaves it.",
		 c->away, ui_key_name(UI_OP_OPEN, UI_IN_TEXT), ui_key_name(UI_OP_BACK, UI_IN_TEXT));
	ui_put_fill(stdscr, 1, 1, COLS - 2, c->error[0] != '\0' ? c->error : line,
		    ui_attr(c->error[0] != '\0' ? UC_ERROR : UC_DIM));
	ui_put_fill(stdscr, 2, 0, COLS, "", 0);
	ui_put(stdscr, 2, 1, 12, "Last day", (size_t)-1, ui_attr(UC_HEADING));
	ui_put(stdscr, 2, 28, COLS - 29, dc == UI_DATE_OK ? "" : ui_form_date_hint(dc, false),
	       (size_t)-1, ui_attr(UC_DIM));
	ui_list_draw(&c->list, 3, ui_body_height() - 2, true);
	/* The cursor belongs in the date, drawn last. */
	ui_text_draw(&c->until, stdscr, 2, 14, 1, 12, ui_attr(UC_FIELD_FOCUS), true);
}

static enum ui_result cover_key(struct ui *ui, struct screen *sc, enum ui_op op,
				const struct ui_key *k)
{
	struct cover *c = sc->p;
	const struct ui_row *r = ui_list_selected(&c->list);
	struct kw_err err;
	char iso[11], today[11];

	if (op == UI_OP_UP || op == UI_OP_DOWN || op == UI_OP_PAGE_UP || op == UI_OP_PAGE_DOWN) {
		ui_list_move(&c->list, op, ui_body_height() - 2);
		return UI_DONE;
	}
	if (op == UI_OP_OPEN) {
		if (r == NULL) {
			snprintf(c->error, sizeof(c->error), "Nobody else can cover.");
			return UI_DONE;
		}
		if (ui_form_date_parse(ui_text_str(&c->until), iso) != UI_DATE_OK) {
			snprintf(c->error, sizeof(c->error),
				 "Type the last day of the cover, as day/month/year.");
			return UI_DONE;
		}
		if (kw_app_cover_start(ui->s, c->away, r->cell[0], ui_today(today), iso, &err) !=
		    0) {
			snprintf(c->error, sizeof(c->error), "Not started: %.480s", err.msg);
			return UI_DONE;
		}
		ui_message(ui, UC_OK, "%s covers for %s until %s.", r->cell[0], c->away, iso);
		if (c->done != NULL)
			c->done(ui, c->ctx);
		return UI_CLOSE;
	}
	if (op != UI_OP_NONE && !ui_op_edits_text(op))
		return UI_PASS;
	if (ui_text_key(&c->until, k, 12)) {
		c->error[0] = '\0';
		return UI_DONE;
	}
	return UI_PASS;
}

static bool cover_text(const struct screen *sc)
{
	(void)sc;
	return true;
}

static void cover_free(struct screen *sc)
{
	struct cover *c = sc->p;

	ui_text_free(&c->until);
	ui_list_clear(&c->list);
	free(c);
}

static const enum ui_op cover_ops[] = { UI_OP_OPEN, UI_OP_BACK,	     UI_OP_DOWN,
					UI_OP_UP,   UI_OP_PAGE_DOWN, UI_OP_PAGE_UP,
					UI_OP_HELP, UI_OP_LOCK,	     UI_OP_NONE };

static const struct screen_ops cover_screen = {
	.name = "Cover",
	.ops = cover_ops,
	.draw = cover_draw,
	.key = cover_key,
	.text = cover_text,
	.free = cover_free,
};

struct screen *ui_cover_new(struct ui *ui, const char *away, ui_covered_fn done, void *ctx)
{
	struct cover *c = kw_xcalloc(1, sizeof(*c));
	struct kw_err err;

	snprintf(c->away, sizeof(c->away), "%s", away);
	c->done = done;
	c->ctx = ctx;
	ui_text_init(&c->until, "", false, 10);
	if (kw_app_team_each(ui->s, add_member, c, &err) != 0)
		snprintf(c->error, sizeof(c->error), "%s", err.msg);
	else if (c->list.n == 0)
		snprintf(c->error, sizeof(c->error), "Nobody else can hold a caseload to cover.");
	c->list.width[0] = 24;
	c->list.width[1] = 11;
	ui_list_select_from(&c->list, 0);
	return ui_screen_new(&cover_screen, c);
}
