/*
 * team.c: T on Today, for a manager: whose Today to show. Her own caseload,
 * another keyworker's (every user with the keyworker role, by name), or the
 * whole team's. Enter picks; Esc leaves Today as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/db.h"
#include "keywork/reads.h"
#include "ui.h"

enum { PICK_MINE = 0, PICK_USER, PICK_TEAM };

struct team {
	struct ui_list list;
	ui_team_fn picked;
	void *ctx;
	char error[512];
};

static int add_user(void *ctx, const struct kw_user *u)
{
	struct team *t = ctx;
	struct ui_row *r;
	char line[96];

	if (u->role != KW_ROLE_KEYWORKER || u->disabled)
		return 0;
	snprintf(line, sizeof(line), "%s's caseload", u->username);
	r = ui_list_add(&t->list, UC_NORMAL, false, line, NULL, NULL, NULL, NULL, NULL);
	r->kind = PICK_USER;
	snprintf(r->record_id, sizeof(r->record_id), "%s", u->meta.id);
	snprintf(r->client_id, sizeof(r->client_id), "%.32s", u->username);
	return 0;
}

static void team_draw(struct ui *ui, struct screen *sc)
{
	struct team *t = sc->p;

	ui_draw_title(ui, "Whose Today");
	ui_put_fill(stdscr, 1, 1, COLS - 2,
		    t->error[0] != '\0' ? t->error : "Enter shows Today for the one highlighted.",
		    ui_attr(t->error[0] != '\0' ? UC_ERROR : UC_DIM));
	ui_list_draw(&t->list, 3, ui_body_height() - 2, true);
}

static enum ui_result team_key(struct ui *ui, struct screen *sc, enum ui_op op,
			       const struct ui_key *k)
{
	struct team *t = sc->p;
	const struct ui_row *r = ui_list_selected(&t->list);

	(void)k;
	if (ui_list_move(&t->list, op, ui_body_height() - 2))
		return UI_DONE;
	if (op != UI_OP_OPEN || r == NULL)
		return UI_PASS;
	/* client_id holds the username here; record_id the user's id. */
	t->picked(ui, r->kind == PICK_USER ? r->record_id : NULL,
		  r->kind == PICK_USER ? r->client_id : NULL, r->kind == PICK_TEAM, t->ctx);
	return UI_CLOSE;
}

static void team_free(struct screen *sc)
{
	struct team *t = sc->p;

	ui_list_clear(&t->list);
	free(t);
}

static const enum ui_op team_ops[] = { UI_OP_OPEN, UI_OP_BACK, UI_OP_DOWN, UI_OP_UP,
				       UI_OP_HELP, UI_OP_LOCK, UI_OP_NONE };

static const struct screen_ops team_screen = {
	.name = "Whose Today",
	.ops = team_ops,
	.draw = team_draw,
	.key = team_key,
	.free = team_free,
};

struct screen *ui_team_pick_new(struct ui *ui, ui_team_fn picked, void *ctx)
{
	struct team *t = kw_xcalloc(1, sizeof(*t));
	struct ui_row *r;
	struct kw_err err;

	t->picked = picked;
	t->ctx = ctx;
	r = ui_list_add(&t->list, UC_NORMAL, false, "My caseload", NULL, NULL, NULL, NULL, NULL);
	r->kind = PICK_MINE;
	if (kw_app_user_each(ui->s, add_user, t, &err) != 0)
		snprintf(t->error, sizeof(t->error), "%s", err.msg);
	r = ui_list_add(&t->list, UC_NORMAL, false, "The whole team", NULL, NULL, NULL, NULL, NULL);
	r->kind = PICK_TEAM;
	t->list.width[0] = 40;
	ui_list_select_from(&t->list, 0);
	return ui_screen_new(&team_screen, t);
}
