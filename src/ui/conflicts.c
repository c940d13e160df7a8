/*
 * conflicts.c: C on her record: the answers of hers changed differently on an
 * outreach laptop and at the centre, each with the value kept here, the other
 * side's, who wrote it, when and where. Enter chooses: take the other value
 * (saved by its form, with history like any edit) or keep this one; either
 * way the choice is recorded and audited (src/app/outreach.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/outreach.h"
#include "keywork/reads.h"
#include "ui.h"

struct conflicts {
	char client_id[37];
	char title[160];
	struct ui_list list;
	unsigned long gen;
	bool loaded;
	char error[512];
	int list_y;
};

/* The label her forms give table's field (its key if none does). */
static const char *field_label(const struct ui *ui, const char *table, const char *key)
{
	for (size_t i = 0; i < ui->pack->nforms; i++) {
		const struct kw_form_spec *f = ui->pack->forms[i];
		const struct kw_field_spec *fs;

		if (f->kind == NULL ||
		    (strcmp(f->kind->table, table) != 0 &&
		     (f->kind->detail == NULL || strcmp(f->kind->detail, table) != 0)))
			continue;
		if ((fs = kw_form_field(f, key)) != NULL)
			return fs->label;
	}
	return key;
}

/* An answer as the screens show a state: the value, or the state in brackets. */
static const char *shown(const char *value, const char *state)
{
	if (strcmp(state, "unknown") == 0)
		return "(unknown)";
	if (strcmp(state, "declined") == 0)
		return "(declined to say)";
	if (state[0] != '\0')
		return "(not asked yet)";
	return value != NULL ? value : "(none)";
}

struct gather {
	struct ui *ui;
	struct conflicts *x;
};

static int one(void *ctx, const struct kw_conflict *c)
{
	struct gather *g = ctx;
	char here[200], other[200], who[200];
	struct ui_row *r;

	snprintf(here, sizeof(here), "here: %s", shown(c->kept_value, c->kept_state));
	snprintf(other, sizeof(other), "other: %s", shown(c->other_value, c->other_state));
	snprintf(who, sizeof(who), "by %s, %.10s, on %s",
		 c->other_username[0] != '\0' ? c->other_username : c->other_by, c->other_at,
		 c->other_side[0] != '\0' ? c->other_side : "another machine");
	r = ui_list_add(&g->x->list, UC_NORMAL, false, field_label(g->ui, c->table, c->field), here,
			other, who, NULL, NULL);
	snprintf(r->record_id, sizeof(r->record_id), "%s", c->id);
	snprintf(r->client_id, sizeof(r->client_id), "%s", c->client_id);
	return 0;
}

static void load(struct ui *ui, struct conflicts *x)
{
	struct gather g = { ui, x };
	size_t keep = x->list.sel;
	struct kw_err err;
	char h[160];

	ui_list_clear(&x->list);
	x->error[0] = '\0';
	ui_list_add(&x->list, UC_HEADING, true,
		    ui_keys_text("Answers changed differently on both sides ({open} chooses)", h,
				 sizeof(h)),
		    NULL, NULL, NULL, NULL, NULL);
	if (kw_outreach_conflicts_of(ui->s, x->client_id, one, &g, &err) != 0)
		snprintf(x->error, sizeof(x->error), "%s", err.msg);
	if (x->list.n == 1)
		ui_list_add(&x->list, UC_DIM, true, "None: nothing waits for a choice.", NULL, NULL,
			    NULL, NULL, NULL);
	x->list.width[0] = 16;
	x->list.width[1] = 20;
	x->list.width[2] = 20;
	ui_list_select_from(&x->list, keep < x->list.n ? keep : 0);
	if (ui_list_selected(&x->list) == NULL)
		ui_list_select_from(&x->list, 0);
	x->gen = ui->stack_gen;
	x->loaded = true;
}

static void conflicts_draw(struct ui *ui, struct screen *sc)
{
	struct conflicts *x = sc->p;
	int y = 1;

	if (!x->loaded || x->gen != ui->stack_gen)
		load(ui, x);
	ui_draw_title(ui, x->title);
	if (x->error[0] != '\0')
		ui_put_fill(stdscr, y++, 1, COLS - 2, x->error, ui_attr(UC_ERROR));
	{
		/* The chosen row in full below the list: its cells are cut on a narrow terminal. */
		const struct ui_row *r = ui_list_selected(&x->list);
		int bottom = ui_body_top() + ui_body_height();
		char line[720];

		ui_list_draw(&x->list, y, bottom - y - (r != NULL ? 2 : 0), true);
		if (r != NULL && r->cell[3] != NULL) {
			snprintf(line, sizeof(line), "%s: %s; %s (%s)", r->cell[0], r->cell[1],
				 r->cell[2], r->cell[3]);
			ui_put_fill(stdscr, bottom - 1, 1, COLS - 2, line, ui_attr(UC_DIM));
		}
	}
	x->list_y = y;
}

/* Asks which value stays, then records the choice: take the other's, keep this, or neither yet. */
static void choose(struct ui *ui, struct conflicts *x, const struct ui_row *r)
{
	char q[480];
	struct kw_err err;
	bool take;

	snprintf(q, sizeof(q), "%s: take the other side's value (%.150s)?", r->cell[0],
		 r->cell[2] + strlen("other: "));
	take = ui_ask(ui, q, false);
	if (!take) {
		snprintf(q, sizeof(q), "%s: keep the value here (%.150s) and settle it?",
			 r->cell[0], r->cell[1] + strlen("here: "));
		if (!ui_ask(ui, q, false)) {
			ui_message(ui, UC_DIM, "Nothing chosen: the conflict waits.");
			return;
		}
	}
	if (kw_outreach_resolve(ui->s, ui->pack, r->record_id, take, &err) != 0) {
		ui_message(ui, UC_ERROR, "%s", err.msg);
		return;
	}
	ui_message(ui, UC_OK, "%s: %s.", r->cell[0],
		   take ? "the other side's value taken (kept in her history)"
			: "the value here kept");
	x->loaded = false;
}

static enum ui_result conflicts_key(struct ui *ui, struct screen *sc, enum ui_op op,
				    const struct ui_key *k)
{
	struct conflicts *x = sc->p;
	const struct ui_row *r = ui_list_selected(&x->list);

	(void)k;
	if (ui_list_move(&x->list, op, ui_body_top() + ui_body_height() - x->list_y))
		return UI_DONE;
	switch (op) {
	case UI_OP_OPEN:
		if (r != NULL && r->record_id[0] != '\0')
			choose(ui, x, r);
		return UI_DONE;
	case UI_OP_REDRAW:
		x->loaded = false;
		return UI_PASS;
	default:
		return UI_PASS;
	}
}

static void conflicts_free(struct screen *sc)
{
	struct conflicts *x = sc->p;

	ui_list_clear(&x->list);
	free(x);
}

static const enum ui_op conflicts_ops[] = { UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP, UI_OP_LOCK,
					    UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static const struct screen_ops conflicts_screen = {
	.name = "Outreach conflicts",
	.ops = conflicts_ops,
	.draw = conflicts_draw,
	.key = conflicts_key,
	.free = conflicts_free,
};

struct screen *ui_conflicts_new(struct ui *ui, const char *client_id)
{
	struct conflicts *x = kw_xcalloc(1, sizeof(*x));
	struct kw_client c = { 0 };
	struct kw_err err;

	snprintf(x->client_id, sizeof(x->client_id), "%s", client_id);
	if (kw_app_client_get(ui->s, client_id, &c, &err) == 1)
		snprintf(x->title, sizeof(x->title), "Outreach conflicts: %s",
			 ui->discreet || c.known_as == NULL ? c.reference : c.known_as);
	else
		snprintf(x->title, sizeof(x->title), "Outreach conflicts");
	kw_client_clear(&c);
	return ui_screen_new(&conflicts_screen, x);
}
