/*
 * screen_panel.c: a panel of her records of some kinds, each listed through
 * its form (so what a role may not see never shows) and added or opened with
 * that form. The principles' workflows (keys 1-5), needs pathways and the
 * rest are panels with their own hooks: lines drawn above the lists, extra
 * keys, and answers filled in before a form opens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/reads.h"
#include "ui.h"

#define PANEL_LIMIT 200

struct panel *ui_panel_of(struct screen *sc)
{
	return sc->p;
}

/* What a stored answer reads as in a list: a label, a date as typed here, or its state. */
void ui_value_show(const struct ui *ui, const struct kw_field_spec *fs, const struct kw_value *v,
		   char *out, size_t len)
{
	struct kw_buf b = { 0 };

	(void)ui;
	out[0] = '\0';
	if (v == NULL)
		return;
	if (v->state != KW_STATE_ANSWERED) {
		snprintf(out, len, "%s",
			 v->state == KW_STATE_UNKNOWN	 ? "(unknown)"
			 : v->state == KW_STATE_DECLINED ? "(declined to say)"
							 : "(not asked yet)");
		return;
	}
	if (v->text == NULL)
		return;
	switch (fs->type) {
	case KW_F_DATE:
		ui_form_date_show(v->text, out);
		return;
	case KW_F_DATETIME: {
		char t[32];

		ui_form_datetime_show(v->text, t);
		snprintf(out, len, "%s", t);
		return;
	}
	case KW_F_YNU:
		snprintf(out, len, "%s",
			 strcmp(v->text, "yes") == 0  ? "Yes"
			 : strcmp(v->text, "no") == 0 ? "No"
						      : v->text);
		return;
	case KW_F_CHOICE:
	case KW_F_LOOKUP:
	case KW_F_MULTI: {
		char *copy = kw_xstrdup(v->text), *save = NULL;

		kw_buf_add(&b, "", 0);
		for (char *k = strtok_r(copy, ",", &save); k != NULL;
		     k = strtok_r(NULL, ",", &save)) {
			const struct kw_list_item *it =
				fs->list != NULL ? kw_list_item(fs->list, k) : NULL;

			if (b.len > 0)
				kw_buf_adds(&b, ", ");
			kw_buf_adds(&b, it != NULL ? it->label : k);
		}
		snprintf(out, len, "%s", b.p);
		kw_buf_free(&b);
		free(copy);
		return;
	}
	case KW_F_REF:
		snprintf(out, len, "%s", "(linked)");
		return;
	default:
		snprintf(out, len, "%s", v->text);
		for (char *p = out; *p != '\0'; p++)
			if (*p == '\n')
				*p = ' ';
		return;
	}
}

struct gather {
	struct ui *ui;
	struct panel *p;
	const struct panel_section *sec;
	int si;
};

static int on_record(void *ctx, const char *id, const struct kw_values *vals)
{
	struct gather *g = ctx;
	const struct kw_form_spec *f = kw_form_find(g->ui->pack, g->sec->form);
	char cell[4][256];
	struct ui_row *r;

	for (int c = 0; c < 4; c++) {
		const char *key = g->sec->cols[c];
		const struct kw_field_spec *fs = key != NULL ? kw_form_field(f, key) : NULL;

		cell[c][0] = '\0';
		/* A column her forms do not let this role see stays empty. */
		if (fs != NULL && kw_field_can_see(fs, g->ui->s->user.role))
			ui_value_show(g->ui, fs, kw_values_get(vals, key), cell[c],
				      sizeof(cell[c]));
	}
	if (g->p->spec->row != NULL)
		g->p->spec->row(g->ui, g->p, g->si, id, vals, cell);
	r = ui_list_add(&g->p->list, UC_NORMAL, false, cell[0], cell[1], cell[2], cell[3], NULL,
			NULL);
	r->kind = g->si;
	snprintf(r->record_id, sizeof(r->record_id), "%s", id);
	snprintf(r->client_id, sizeof(r->client_id), "%s", g->p->client_id);
	for (int c = 0; c < 4; c++)
		memset(cell[c], 0, sizeof(cell[c]));
	return 0;
}

/* True if this role may see some field of a form one of the panel's sections lists. */
static bool panel_open(const struct ui *ui, const struct panel_spec *spec)
{
	for (int si = 0; si < UI_PANEL_SECTIONS && spec->sections[si].form != NULL; si++) {
		const struct kw_form_spec *f = kw_form_find(ui->pack, spec->sections[si].form);

		if (f != NULL && kw_app_sees_kind(ui->s, f->kind) &&
		    kw_kind_sees(ui->pack, f->kind->name, ui->s->user.role))
			return true;
	}
	return false;
}

void ui_panel_reload(struct ui *ui, struct panel *p)
{
	size_t keep = p->list.sel;

	ui_list_clear(&p->list);
	p->error[0] = '\0';
	/* A panel none of whose forms this role may see shows nothing of her at all. */
	if (!panel_open(ui, p->spec)) {
		snprintf(p->error, sizeof(p->error),
			 "Nothing on this screen is open to your role (%s).",
			 kw_role_name(ui->s->user.role));
		p->gen = ui->stack_gen;
		p->loaded = true;
		return;
	}
	for (int si = 0; si < UI_PANEL_SECTIONS && p->spec->sections[si].form != NULL; si++) {
		const struct panel_section *sec = &p->spec->sections[si];
		const struct kw_form_spec *f = kw_form_find(ui->pack, sec->form);
		struct gather g = { ui, p, sec, si };
		const char *parent = sec->parent_is_record && p->parent_id[0] != '\0'
					     ? p->parent_id
					     : p->client_id;
		size_t before;
		struct kw_err err;
		char head[128];

		if (f == NULL || !kw_app_sees_kind(ui->s, f->kind) ||
		    !kw_kind_sees(ui->pack, f->kind->name, ui->s->user.role))
			continue; /* not for this role: absent, not labelled */
		snprintf(head, sizeof(head), "%s", sec->heading);
		ui_list_add(&p->list, UC_HEADING, true, head, NULL, NULL, NULL, NULL, NULL);
		before = p->list.n;
		if (kw_app_form_list(ui->s, f, parent, sec->order_by, PANEL_LIMIT, on_record, &g,
				     &err) < 0)
			snprintf(p->error, sizeof(p->error), "%s", err.msg);
		if (p->list.n == before && sec->none != NULL) {
			/* Where a adds to the list the cursor is in, an empty one can hold it. */
			char none[160];
			struct ui_row *r = ui_list_add(&p->list, UC_DIM, !p->spec->add_here,
						       ui_keys_text(sec->none, none, sizeof(none)),
						       NULL, NULL, NULL, NULL, NULL);

			r->kind = si;
			r->wide = true;
		}
		ui_list_add(&p->list, UC_NORMAL, true, "", NULL, NULL, NULL, NULL, NULL);
	}
	for (int c = 0; c < 4; c++)
		p->list.width[c] = p->spec->widths[c];
	/* The workflow's hook may add to the rows, or build its own: select after it. */
	if (p->spec->loaded != NULL)
		p->spec->loaded(ui, p);
	ui_list_reselect(ui, &p->list, keep);
	p->gen = ui->stack_gen;
	p->loaded = true;
}

static void panel_draw(struct ui *ui, struct screen *sc)
{
	struct panel *p = sc->p;
	int y = 1;

	if (!p->loaded || p->gen != ui->stack_gen)
		ui_panel_reload(ui, p);
	ui_draw_title(ui, p->title);
	if (p->spec->draw_top != NULL && panel_open(ui, p->spec))
		p->spec->draw_top(ui, p, &y);
	if (p->error[0] != '\0')
		ui_put_fill(stdscr, y++, 1, COLS - 2, p->error, ui_attr(UC_ERROR));
	ui_list_draw(&p->list, y, ui_body_top() + ui_body_height() - y, true);
	p->list_y = y;
}

void ui_list_reselect(struct ui *ui, struct ui_list *l, size_t keep)
{
	if (ui->just_saved[0] != '\0') {
		for (size_t i = 0; i < l->n; i++) {
			if (!l->rows[i].heading &&
			    strcmp(l->rows[i].record_id, ui->just_saved) == 0) {
				ui->just_saved[0] = '\0';
				l->sel = i;
				return;
			}
		}
	}
	ui_list_select_from(l, keep < l->n ? keep : 0);
	if (ui_list_selected(l) == NULL)
		ui_list_select_from(l, 0);
}

const struct ui_row *ui_panel_selected(const struct panel *p)
{
	return ui_list_selected(&p->list);
}

struct screen *ui_panel_add(struct ui *ui, struct panel *p, int si, const struct kw_values *preset)
{
	const struct panel_section *sec = &p->spec->sections[si];
	const char *parent =
		sec->parent_is_record && p->parent_id[0] != '\0' ? p->parent_id : p->client_id;
	struct kw_values vals = { 0 };
	struct screen *f;

	if (preset == NULL && p->spec->preset != NULL)
		p->spec->preset(ui, p, si, &vals);
	f = ui_form_new(ui, sec->form, NULL, parent, preset != NULL ? preset : &vals, NULL, NULL);
	kw_values_free(&vals);
	ui_push(ui, f);
	return f;
}

static enum ui_result panel_key(struct ui *ui, struct screen *sc, enum ui_op op,
				const struct ui_key *k)
{
	struct panel *p = sc->p;
	const struct ui_row *r = ui_list_selected(&p->list);
	enum ui_result res;

	/* Closed to this role: only going back, help and lock (the main loop's) work. */
	if (!panel_open(ui, p->spec))
		return UI_PASS;
	if (p->spec->key != NULL && (res = p->spec->key(ui, p, op, k)) != UI_PASS)
		return res;
	if (ui_list_move(&p->list, op, ui_body_top() + ui_body_height() - p->list_y))
		return UI_DONE;
	switch (op) {
	case UI_OP_ADD:
		ui_panel_add(ui, p,
			     p->spec->add_here && r != NULL && r->kind < UI_PANEL_SECTIONS ? r->kind
											   : 0,
			     NULL);
		return UI_DONE;
	case UI_OP_OPEN:
		if (r != NULL && r->kind == UI_PANEL_FORM_ROW && p->form_row != NULL)
			ui_push(ui,
				ui_form_new(ui, p->form_row, p->client_id, NULL, NULL, NULL, NULL));
		else if (r != NULL && r->record_id[0] == '\0' && p->spec->add_here)
			ui_panel_add(ui, p, r->kind, NULL); /* an empty list's line */
		else if (r != NULL)
			ui_push(ui, ui_form_new(ui, p->spec->sections[r->kind].form, r->record_id,
						NULL, NULL, NULL, NULL));
		return UI_DONE;
	case UI_OP_REDRAW:
		p->loaded = false;
		return UI_PASS;
	default:
		return UI_PASS;
	}
}

static void panel_free(struct screen *sc)
{
	struct panel *p = sc->p;

	if (p->spec->free_ext != NULL)
		p->spec->free_ext(p);
	ui_list_clear(&p->list);
	free(p);
}

/* Where a adds to the list the cursor is in, the bar says which kind it adds. */
static const char *panel_op_name(const struct screen *sc, enum ui_op op)
{
	const struct panel *p = sc->p;
	const struct ui_row *r = ui_list_selected(&p->list);
	int si = r != NULL ? r->kind : 0;

	if (op != UI_OP_ADD || !p->spec->add_here || si < 0 || si >= UI_PANEL_SECTIONS)
		return NULL;
	return p->spec->sections[si].add_name;
}

static const char *panel_mode(const struct screen *sc)
{
	(void)sc;
	return "LIST";
}

struct screen *ui_panel_new(struct ui *ui, const struct panel_spec *spec, const char *client_id,
			    const char *parent_id)
{
	struct panel *p = kw_xcalloc(1, sizeof(*p));
	struct kw_client c = { 0 };
	struct kw_err err;

	p->spec = spec;
	p->ops.name = spec->name;
	p->ops.ops = spec->ops;
	p->ops.draw = panel_draw;
	p->ops.key = panel_key;
	p->ops.mode = panel_mode;
	p->ops.op_name = panel_op_name;
	p->ops.free = panel_free;
	snprintf(p->client_id, sizeof(p->client_id), "%s", client_id);
	snprintf(p->parent_id, sizeof(p->parent_id), "%s", parent_id != NULL ? parent_id : "");
	if (kw_app_client_get(ui->s, client_id, &c, &err) == 1)
		snprintf(p->name, sizeof(p->name), "%s",
			 ui->discreet || c.known_as == NULL ? c.reference : c.known_as);
	kw_client_clear(&c);
	snprintf(p->title, sizeof(p->title), "%s: %s", spec->name, p->name);
	return ui_screen_new(&p->ops, p);
}
