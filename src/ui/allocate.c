/*
 * allocate.c: A on Today, for a manager: who becomes her keyworker. Each
 * keyworker (and manager) who can sign in, by name, with her caseload against
 * her capacity, so the one with room is plain to see. Enter allocates, through
 * the app (history and audit); Esc leaves her as she was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/team.h"
#include "ui.h"

struct allocate {
	struct ui_list list;
	char client_id[37];
	char name[64];
	ui_allocated_fn done;
	void *ctx;
	char error[512];
};

static int add_member(void *ctx, const struct kw_team_member *m)
{
	struct allocate *a = ctx;
	struct ui_row *r;
	char load[48], room[48];
	long free_places = m->capacity - m->caseload;

	snprintf(load, sizeof(load), "%ld of %ld women", m->caseload, m->capacity);
	if (free_places > 0)
		snprintf(room, sizeof(room), "room for %ld", free_places);
	else
		snprintf(room, sizeof(room), free_places == 0 ? "full" : "over capacity by %ld",
			 -free_places);
	r = ui_list_add(&a->list, free_places > 0 ? UC_NORMAL : UC_FLAG, false, m->username,
			m->role == KW_ROLE_MANAGER ? "manager" : "keyworker", load, room, NULL,
			NULL);
	snprintf(r->record_id, sizeof(r->record_id), "%s", m->id);
	return 0;
}

static void allocate_draw(struct ui *ui, struct screen *sc)
{
	struct allocate *a = sc->p;
	char line[160];

	ui_draw_title(ui, "Allocate");
	snprintf(line, sizeof(line), "Who becomes %s's keyworker? %s allocates; %s leaves her.",
		 a->name, ui_key(UI_OP_OPEN), ui_key_name(UI_OP_BACK, UI_IN_TEXT));
	ui_put_fill(stdscr, 1, 1, COLS - 2, a->error[0] != '\0' ? a->error : line,
		    ui_attr(a->error[0] != '\0' ? UC_ERROR : UC_DIM));
	ui_list_draw(&a->list, 3, ui_body_height() - 2, true);
}

static enum ui_result allocate_key(struct ui *ui, struct screen *sc, enum ui_op op,
				   const struct ui_key *k)
{
	struct allocate *a = sc->p;
	const struct ui_row *r = ui_list_selected(&a->list);
	struct kw_err err;

	(void)k;
	if (ui_list_move(&a->list, op, ui_body_height() - 2))
		return UI_DONE;
	if (op != UI_OP_OPEN || r == NULL)
		return UI_PASS;
	if (kw_app_allocate(ui->s, a->client_id, r->record_id, &err) != 0) {
		snprintf(a->error, sizeof(a->error), "Not allocated: %.480s", err.msg);
		return UI_DONE;
	}
	ui_message(ui, UC_OK, "%s is allocated to %s.", a->name, r->cell[0]);
	if (a->done != NULL)
		a->done(ui, a->ctx);
	return UI_CLOSE;
}

static void allocate_free(struct screen *sc)
{
	struct allocate *a = sc->p;

	ui_list_clear(&a->list);
	free(a);
}

static const enum ui_op allocate_ops[] = { UI_OP_OPEN, UI_OP_BACK,	UI_OP_DOWN,
					   UI_OP_UP,   UI_OP_PAGE_DOWN, UI_OP_PAGE_UP,
					   UI_OP_HELP, UI_OP_LOCK,	UI_OP_NONE };

static const struct screen_ops allocate_screen = {
	.name = "Allocate",
	.ops = allocate_ops,
	.draw = allocate_draw,
	.key = allocate_key,
	.free = allocate_free,
};

struct screen *ui_allocate_new(struct ui *ui, const char *client_id, const char *name,
			       ui_allocated_fn done, void *ctx)
{
	struct allocate *a = kw_xcalloc(1, sizeof(*a));
	struct kw_err err;

	snprintf(a->client_id, sizeof(a->client_id), "%s", client_id);
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->done = done;
	a->ctx = ctx;
	if (kw_app_team_each(ui->s, add_member, a, &err) != 0)
		snprintf(a->error, sizeof(a->error), "%s", err.msg);
	else if (a->list.n == 0)
		snprintf(a->error, sizeof(a->error),
			 "Nobody can hold a caseload: add a keyworker.");
	a->list.width[0] = 24;
	a->list.width[1] = 11;
	a->list.width[2] = 18;
	ui_list_select_from(&a->list, 0);
	return ui_screen_new(&allocate_screen, a);
}
