/*
 * justice.c: J on her record: her contact with the criminal justice system,
 * one list by date, newest first (offences with their category, arrests,
 * cautions, charges, court dates and what came of them, orders and their
 * requirements, licence, breach and recall), and her probation practitioner
 * at the top. All of it is in the sensitive compartment: drop-in staff are
 * not offered the key. A court date also makes her an appointment
 * (src/app/rules.c), for every way it is saved.
 *
 * Also the rows a panel can carry above its lists: one line summing up a form
 * about her (her probation practitioner, her pregnancy), opened with Enter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/lookup.h"
#include "keywork/reads.h"
#include "ui.h"

static const enum ui_op justice_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					  UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

/* Her answers to form fkey as one line: "Label: value; ..." of the answered fields in keys. */
static void form_line(struct ui *ui, const char *fkey, const char *client_id,
		      const char *const *keys, char *out, size_t len)
{
	const struct kw_form_spec *f = kw_form_find(ui->pack, fkey);
	struct kw_form_record rec = { 0 };
	struct kw_values vals = { 0 };
	struct kw_err err;
	size_t n = 0;

	out[0] = '\0';
	if (f == NULL)
		return;
	snprintf(rec.id, sizeof(rec.id), "%s", client_id);
	if (kw_app_form_load(ui->s, f, &rec, &vals, &err) != 1) {
		snprintf(out, len, "%s", err.msg);
		return;
	}
	for (const char *const *k = keys; *k != NULL && n < len; k++) {
		const char *eq = strchr(*k, '=');
		char key[64];
		const struct kw_field_spec *fs;
		const struct kw_value *v;
		char shown[256];

		snprintf(key, sizeof(key), "%.*s", eq != NULL ? (int)(eq - *k) : (int)strlen(*k),
			 *k);
		fs = kw_form_field(f, key);
		v = kw_values_get(&vals, key);

		/* The first key's state is always said: unknown is not no, nor not asked. */
		if (fs != NULL && v == NULL && k == keys) {
			n += (size_t)snprintf(out + n, len - n, "%s (not asked yet)",
					      eq != NULL ? eq + 1 : fs->label);
			continue;
		}
		if (fs == NULL || v == NULL ||
		    (k != keys && (v->state == KW_STATE_NOT_ASKED ||
				   (v->state == KW_STATE_ANSWERED &&
				    (v->text == NULL || v->text[0] == '\0')))) ||
		    !kw_field_shown(fs, &vals))
			continue;
		ui_value_show(ui, fs, v, shown, sizeof(shown));
		if (shown[0] == '\0')
			snprintf(shown, sizeof(shown), "%s", "(not asked yet)");
		n += (size_t)snprintf(out + n, len - n, "%s%s %s", n > 0 ? "; " : "",
				      eq != NULL ? eq + 1 : fs->label, shown);
	}
	for (size_t i = 0; i < vals.n; i++)
		if (vals.v[i].text != NULL)
			memset(vals.v[i].text, 0, strlen(vals.v[i].text));
	kw_values_free(&vals);
}

void ui_panel_form_row(struct ui *ui, struct panel *p, const char *heading, const char *fkey,
		       const char *const *keys)
{
	struct ui_list nl = { 0 };
	struct ui_row *r;
	char line[768];
	const struct kw_form_spec *f = kw_form_find(ui->pack, fkey);

	if (f == NULL || (f->sensitive && !kw_app_has_sensitive(ui->s)))
		return;
	form_line(ui, fkey, p->client_id, keys, line, sizeof(line));
	ui_list_add(&nl, UC_HEADING, true, heading, NULL, NULL, NULL, NULL, NULL);
	r = ui_list_add(&nl, UC_NORMAL, false, line[0] != '\0' ? line : "Not recorded yet.", NULL,
			NULL, NULL, NULL, NULL);
	p->form_row = fkey;
	r->kind = UI_PANEL_FORM_ROW;
	r->wide = true;
	snprintf(r->record_id, sizeof(r->record_id), "%s", p->client_id);
	snprintf(r->client_id, sizeof(r->client_id), "%s", p->client_id);
	ui_list_add(&nl, UC_NORMAL, true, "", NULL, NULL, NULL, NULL, NULL);
	for (size_t i = 0; i < p->list.n; i++) {
		const struct ui_row *o = &p->list.rows[i];
		struct ui_row *c = ui_list_add(&nl, o->color, o->heading, o->cell[0], o->cell[1],
					       o->cell[2], o->cell[3], NULL, NULL);

		c->kind = o->kind;
		c->flags = o->flags;
		c->wide = o->wide;
		memcpy(c->record_id, o->record_id, sizeof(c->record_id));
		memcpy(c->client_id, o->client_id, sizeof(c->client_id));
	}
	memcpy(nl.width, p->list.width, sizeof(nl.width));
	memcpy(nl.least, p->list.least, sizeof(nl.least));
	nl.sel = p->list.sel + 3;
	ui_list_clear(&p->list);
	free(p->list.rows);
	p->list = nl;
	memset(line, 0, sizeof(line));
}

/* --- J Justice --- */

static const char *const probation_keys[] = { "pp_name=Name",	"pp_team=Team",	  "pp_phone=Phone",
					      "pp_email=Email", "pp_since=Since", NULL };

static void justice_row(struct ui *ui, struct panel *p, int si, const char *id,
			const struct kw_values *vals, char cell[4][256])
{
	const struct kw_form_spec *f = kw_form_find(ui->pack, "justice");
	static const char *const parts[] = { "offence_category", "at_time", "court", "outcome",
					     "requirements",	 "ends_on", "what",  NULL };
	const struct kw_value *kind = kw_values_get(vals, "kind");
	bool court = kind != NULL && kind->text != NULL && strcmp(kind->text, "court") == 0;
	char today[11];
	size_t n = 0;

	(void)p;
	(void)si;
	(void)id;
	cell[2][0] = '\0';
	/* A court date still to come is marked as appointments are. */
	if (court) {
		const struct kw_value *on = kw_values_get(vals, "happened_on");

		if (on != NULL && on->text != NULL && strcmp(on->text, ui_today(today)) >= 0)
			n += (size_t)snprintf(cell[2], 256, "%s", "[legal] ");
	}
	for (const char *const *k = parts; *k != NULL && n < 256; k++) {
		const struct kw_field_spec *fs = kw_form_field(f, *k);
		const struct kw_value *v = kw_values_get(vals, *k);
		char shown[256];

		if (fs == NULL || v == NULL || v->state != KW_STATE_ANSWERED || v->text == NULL ||
		    v->text[0] == '\0' || !kw_field_shown(fs, vals))
			continue;
		ui_value_show(ui, fs, v, shown, sizeof(shown));
		if (strcmp(*k, "ends_on") == 0)
			n += (size_t)snprintf(cell[2] + n, 256 - n, "%suntil %s",
					      n > 0 && cell[2][n - 1] != ' ' ? ", " : "", shown);
		else
			n += (size_t)snprintf(cell[2] + n, 256 - n, "%s%s",
					      n > 0 && cell[2][n - 1] != ' ' ? ", " : "", shown);
	}
}

static void justice_loaded(struct ui *ui, struct panel *p)
{
	ui_panel_form_row(ui, p, "Her probation practitioner", "probation", probation_keys);
}

static void justice_top(struct ui *ui, struct panel *p, int *y)
{
	char line[128];

	(void)ui;
	(void)p;
	ui_put_fill(stdscr, (*y)++, 1, COLS - 2,
		    ui_keys_text("{add} adds a record; {open} opens it. A court date is put in her "
				 "appointments.",
				 line, sizeof(line)),
		    ui_attr(UC_DIM));
}

static const struct panel_spec justice = {
	.name = "Justice",
	.ops = justice_ops,
	.sections = { { "Criminal justice, newest first",
			"justice",
			"happened_on",
			{ "happened_on", "kind", NULL, NULL },
			"Nothing recorded: {add} adds an offence, an arrest, a court date ...",
			false } },
	.widths = { 10, 24, 0, 0 },
	.draw_top = justice_top,
	.row = justice_row,
	.loaded = justice_loaded,
};

struct screen *ui_justice_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &justice, client_id, NULL);
}
