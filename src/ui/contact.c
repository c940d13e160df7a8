/*
 * contact.c: 2 Contact: contacts and attempts, appointments and pauses in
 * contact. At the top, when contact is next due by her episode's cadence (or
 * that it is paused, until when and why) and her safe ways to reach her. a
 * logs a contact on her preferred safe way; a way she has not marked safe,
 * or one she asked never to be used, needs a reason before it is saved
 * (src/app/rules.c, for every way a contact is saved). A
 * missed contact carries its reason and nothing more: no counts, no flags.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/contact.h"
#include "keywork/reads.h"
#include "keywork/formdb.h"
#include "keywork/rules.h"
#include "ui.h"

static const enum ui_op contact_ops[] = { UI_OP_ADD,	  UI_OP_PAUSE, UI_OP_APPOINTMENT,
					  UI_OP_CALENDAR, UI_OP_OPEN,  UI_OP_BACK,
					  UI_OP_HELP,	  UI_OP_LOCK,  UI_OP_DOWN,
					  UI_OP_UP,	  UI_OP_NONE };

enum { SEC_CONTACTS = 0, SEC_APPOINTMENTS, SEC_PAUSES };

/* Appointments whose kind carries legal weight: shown marked wherever they are listed. */
bool ui_appointment_legal(const char *kind)
{
	return kind != NULL && (strcmp(kind, "diversion") == 0 || strcmp(kind, "court") == 0);
}

/* --- logging a contact on her safe ways --- */

static const char *answer(const struct kw_values *vals, const char *key)
{
	const struct kw_value *v = kw_values_get(vals, key);

	return v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL && v->text[0] != '\0'
		       ? v->text
		       : NULL;
}

struct screen *ui_contact_log_with(struct ui *ui, const char *client_id,
				   const struct kw_values *preset,
				   void (*on_saved)(struct ui *ui, const char *id, void *ctx),
				   void *ctx)
{
	struct kw_values vals = { 0 };
	char *safe, *never;
	const char *mode;
	struct screen *sc;

	kw_channel_her_ways(ui->s, ui->pack, client_id, &safe, &never);
	mode = kw_channel_mode(safe);
	if (mode != NULL)
		kw_values_set(&vals, "mode", mode);
	for (size_t i = 0; preset != NULL && i < preset->n; i++)
		if (preset->v[i].state == KW_STATE_ANSWERED)
			kw_values_set(&vals, preset->v[i].key, preset->v[i].text);
	/* Whether the way is safe is the form's to show, worked out by the app as it changes. */
	sc = ui_form_new(ui, "contact", NULL, client_id, &vals, on_saved, ctx);
	kw_values_free(&vals);
	free(safe);
	if (never != NULL)
		memset(never, 0, strlen(never));
	free(never);
	return sc;
}

struct screen *ui_contact_log(struct ui *ui, const char *client_id)
{
	return ui_contact_log_with(ui, client_id, NULL, NULL, NULL);
}

/* --- the panel --- */

static void long_date(const char *iso, char out[32])
{
	ui_form_date_show(iso, out);
}

static void contact_top(struct ui *ui, struct panel *p, int *y)
{
	struct kw_contact_state cs;
	struct kw_err err;
	char today[11], due[11] = "", line[400], d[32], d2[32];
	char *safe = NULL, *never = NULL;
	int found;

	ui_today(today);
	found = kw_app_contact_state(ui->s, p->client_id, today, &cs, &err);
	if (found < 0) {
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, err.msg, ui_attr(UC_ERROR));
	} else if (found == 1 && cs.row.paused_until != NULL) {
		const char *why = cs.pause_reason != NULL
					  ? ui_label(ui, "pause_reasons", cs.pause_reason)
					  : "no reason given";

		long_date(cs.row.paused_until, d);
		if (cs.row.paused_until[0] != '\0')
			snprintf(line, sizeof(line), "Contact paused until %s (%s)", d, why);
		else
			snprintf(line, sizeof(line), "Contact paused, no end date yet (%s)", why);
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, line, ui_attr(UC_HEADING));
	} else if (found == 1 &&
		   kw_form_sees(ui->pack, "contact", "next_contact", ui->s->user.role)) {
		/* When the next contact is due follows the date planned for it: shown to whoever
		 * the contact form lets see that date. */
		const struct kw_list_spec *progs = kw_list_find(ui->pack, "programmes");
		long days = kw_programme_cadence(progs, cs.row.programme, cs.row.cadence);
		long over = kw_contact_due(&cs.row, days, today, due);
		const char *level = kw_need_level_of(progs, cs.row.programme, cs.row.cadence);
		char every[96] = "";

		if (days > 0)
			snprintf(every, sizeof(every), " (every %ld day%s%s%s)", days,
				 days == 1 ? "" : "s", level != NULL ? ", " : "",
				 level != NULL ? level : "");
		long_date(due, d);
		if (!cs.row.has_open_episode)
			snprintf(line, sizeof(line),
				 "No open episode: no contact is scheduled (%s refers her)",
				 ui_key(UI_OP_EPISODE));
		else if (over < 0)
			snprintf(line, sizeof(line), "No set cadence for %s",
				 cs.row.programme != NULL
					 ? ui_label(ui, "programmes", cs.row.programme)
					 : "her programme");
		else if (over == 0 && strcmp(due, today) == 0)
			snprintf(line, sizeof(line), "Next contact due today%s", every);
		else if (over == 0)
			snprintf(line, sizeof(line), "Next contact due %s%s", d, every);
		else
			snprintf(line, sizeof(line), "Next contact due %s, %ld day%s ago%s", d,
				 over, over == 1 ? "" : "s", every);
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, line, ui_attr(UC_HEADING));
	}
	if (found == 1) {
		if (cs.row.last_contact != NULL) {
			ui_form_datetime_show(cs.row.last_contact, d2);
			snprintf(line, sizeof(line), "Last in touch %s", d2);
		} else {
			snprintf(line, sizeof(line), "Not in touch yet");
		}
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, line, ui_attr(UC_DIM));
		kw_contact_state_clear(&cs);
	}
	kw_channel_her_ways(ui->s, ui->pack, p->client_id, &safe, &never);
	{
		struct kw_buf b = { 0 };
		char *copy = kw_xstrdup_null(safe), *save = NULL;

		kw_buf_adds(&b, "Safe ways to reach her: ");
		if (copy == NULL)
			kw_buf_printf(&b, "not recorded yet (ask her; %s edits About her)",
				      ui_key(UI_OP_EDIT));
		for (char *k = copy != NULL ? strtok_r(copy, ",", &save) : NULL; k != NULL;
		     k = strtok_r(NULL, ",", &save)) {
			if (k != copy)
				kw_buf_adds(&b, ", ");
			kw_buf_adds(&b, ui_label(ui, "safe_channels", k));
		}
		if (never != NULL) {
			kw_buf_adds(&b, ". Never: ");
			kw_buf_adds(&b, never);
		}
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, b.p, ui_attr(UC_NORMAL));
		memset(b.p, 0, b.len);
		kw_buf_free(&b);
		free(copy);
	}
	if (never != NULL)
		memset(never, 0, strlen(never));
	free(never);
	free(safe);
	{
		static const struct ui_hint hints[] = { { UI_OP_ADD, "log a contact" },
							{ UI_OP_PAUSE, "pause contact" },
							{ UI_OP_APPOINTMENT, "appointment" },
							{ UI_OP_CALENDAR, "day and week" } };
		char hint[160];

		ui_put_fill(stdscr, (*y)++, 1, COLS - 2,
			    ui_hint(hints, KW_ARRAY_LEN(hints), UI_IN_LIST, hint, sizeof(hint)),
			    ui_attr(UC_DIM));
	}
	(*y)++;
}

static void contact_row(struct ui *ui, struct panel *p, int section, const char *id,
			const struct kw_values *vals, char cell[4][256])
{
	(void)p;
	(void)id;
	if (section == SEC_CONTACTS) {
		const char *outcome = answer(vals, "outcome"),
			   *reason = answer(vals, "missed_reason");

		/* Missed, with its reason: information about her week, never a mark against her. */
		if (outcome != NULL && strcmp(outcome, "missed") == 0)
			snprintf(cell[2], 256, "Missed \xe2\x80\x94 %s",
				 reason != NULL ? ui_label(ui, "missed_reasons", reason)
						: "reason not known yet");
	} else if (section == SEC_APPOINTMENTS) {
		const char *kind = answer(vals, "kind");

		if (ui_appointment_legal(kind))
			snprintf(cell[1], 256, "[legal] %.200s",
				 ui_label(ui, "appointment_kinds", kind));
	}
}

static enum ui_result contact_key(struct ui *ui, struct panel *p, enum ui_op op,
				  const struct ui_key *k)
{
	struct screen *sc;

	(void)k;
	switch (op) {
	case UI_OP_ADD:
		sc = ui_contact_log(ui, p->client_id);
		if (sc != NULL)
			ui_push(ui, sc);
		return UI_DONE;
	case UI_OP_PAUSE:
		ui_panel_add(ui, p, SEC_PAUSES, NULL);
		return UI_DONE;
	case UI_OP_APPOINTMENT:
		ui_panel_add(ui, p, SEC_APPOINTMENTS, NULL);
		return UI_DONE;
	case UI_OP_CALENDAR:
		ui_push(ui, ui_calendar_new(ui, ui->s->user.meta.id));
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static const struct panel_spec contact = {
	.name = "2 Contact",
	.ops = contact_ops,
	.sections = { { "Contacts and attempts",
			"contact",
			"happened_at",
			{ "happened_at", "mode", "outcome", "summary" },
			"No contact recorded yet: {add} logs one.",
			false },
		      { "Appointments",
			"appointment",
			"starts_at",
			{ "starts_at", "kind", "place", "with_whom" },
			"No appointments: {appointment} adds one.",
			false },
		      { "Pauses in contact",
			"contact_pause",
			"starts_on",
			{ "starts_on", "ends_on", "reason", NULL },
			NULL,
			false } },
	.widths = { 17, 24, 32, 0 },
	.draw_top = contact_top,
	.key = contact_key,
	.row = contact_row,
};

struct screen *ui_contact_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &contact, client_id, NULL);
}
