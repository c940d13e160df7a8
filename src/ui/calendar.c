/*
 * calendar.c: appointments by day and by week (v), for the women of one
 * keyworker (or the whole team). Times are kept in UTC and shown, and put
 * under their day, in this machine's time; court dates and diversion
 * appointments are marked, since missing one has legal consequences for her.
 * PgDn and PgUp move a day or a week; v switches between the two; Enter
 * opens her record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/contact.h"
#include "keywork/reads.h"
#include "ui.h"

struct calendar {
	struct ui_list list;
	char keyworker[37]; /* empty: everyone */
	long first;	    /* the day shown (day view) or the week's Monday, as days since 1970 */
	bool week;
	unsigned long gen;
	bool loaded;
	long count;
	char error[512];
};

static void day_words(long days, char *out, size_t len)
{
	time_t t = (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%A %d %B %Y", &tm);
}

/* Monday of the week holding day (1970-01-01 was a Thursday). */
static long monday_of(long day)
{
	return day - ((day + 3) % 7 + 7) % 7;
}

struct gather {
	struct ui *ui;
	struct calendar *c;
	long last_day; /* the day whose heading was added last */
	long from, to;
};

static int on_appt(void *ctx, const struct kw_appt_row *a)
{
	struct gather *g = ctx;
	char shown[32], iso[11], head[96], kind[200], who[300];
	long day;
	struct ui_row *r;
	const char *name = g->ui->discreet || a->known_as == NULL ? a->reference : a->known_as;

	ui_form_datetime_show(a->starts_at, shown);
	/* "dd/mm/yyyy hh:mm" in local time: its day decides where it goes. */
	if (strlen(shown) < 10)
		return 0;
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", shown + 6, shown + 3, shown);
	day = kw_date_days(iso);
	if (day < g->from || day > g->to)
		return 0;
	if (day != g->last_day) {
		day_words(day, head, sizeof(head));
		if (g->last_day != -1000000)
			ui_list_add(&g->c->list, UC_NORMAL, true, "", NULL, NULL, NULL, NULL, NULL);
		ui_list_add(&g->c->list, UC_HEADING, true, head, NULL, NULL, NULL, NULL, NULL);
		g->last_day = day;
	}
	snprintf(kind, sizeof(kind), "%s%s", ui_appointment_legal(a->kind) ? "[legal] " : "",
		 a->kind != NULL ? ui_label(g->ui, "appointment_kinds", a->kind) : "");
	snprintf(who, sizeof(who), "%s%s%s%s", a->place != NULL ? a->place : "",
		 a->place != NULL && a->with_whom != NULL ? ", " : "",
		 a->with_whom != NULL ? a->with_whom : "",
		 a->accompanied != NULL && strcmp(a->accompanied, "yes") == 0 ? " (we go with her)"
									      : "");
	r = ui_list_add(&g->c->list, ui_appointment_legal(a->kind) ? UC_FLAG : UC_NORMAL, false,
			strlen(shown) > 11 ? shown + 11 : "", name, kind, who, NULL, NULL);
	snprintf(r->client_id, sizeof(r->client_id), "%s", a->client_id);
	snprintf(r->record_id, sizeof(r->record_id), "%s", a->id);
	g->c->count++;
	return 0;
}

static void load(struct ui *ui, struct calendar *c)
{
	struct gather g = { ui, c, -1000000, c->first, c->first + (c->week ? 6 : 0) };
	char from[11], to[11];
	struct kw_err err;

	ui_list_clear(&c->list);
	c->error[0] = '\0';
	c->count = 0;
	/* A day either side: a time kept in UTC may fall on another local day. */
	kw_date_of_days(g.from - 1, from);
	kw_date_of_days(g.to + 1, to);
	if (kw_app_appointments(ui->s, c->keyworker[0] != '\0' ? c->keyworker : NULL, from, to,
				on_appt, &g, &err) != 0)
		snprintf(c->error, sizeof(c->error), "%s", err.msg);
	if (c->count == 0)
		ui_list_add(&c->list, UC_DIM, true,
			    c->week ? "No appointments this week." : "No appointments this day.",
			    NULL, NULL, NULL, NULL, NULL);
	c->list.width[0] = 6;
	c->list.width[1] = 20;
	c->list.width[2] = 34;
	ui_list_select_from(&c->list, 0);
	c->gen = ui->stack_gen;
	c->loaded = true;
}

static void cal_draw(struct ui *ui, struct screen *sc)
{
	struct calendar *c = sc->p;
	char a[64], b[64], line[200];

	if (!c->loaded || c->gen != ui->stack_gen)
		load(ui, c);
	ui_draw_title(ui, c->week ? "Appointments: week" : "Appointments: day");
	day_words(c->first, a, sizeof(a));
	day_words(c->first + 6, b, sizeof(b));
	if (c->week)
		snprintf(line, sizeof(line), "Week of %s to %s: %ld appointment%s%s", a, b,
			 c->count, c->count == 1 ? "" : "s",
			 c->keyworker[0] == '\0' ? " (whole team)" : "");
	else
		snprintf(line, sizeof(line), "%s: %ld appointment%s%s", a, c->count,
			 c->count == 1 ? "" : "s", c->keyworker[0] == '\0' ? " (whole team)" : "");
	ui_put_fill(stdscr, 1, 1, COLS - 2, line, ui_attr(UC_HEADING));
	ui_keys_text("{page-down}/{page-up} next/previous, {calendar} day or week, {open} her "
		     "record; [legal]: court or diversion",
		     line, sizeof(line));
	ui_put_fill(stdscr, 2, 1, COLS - 2, c->error[0] != '\0' ? c->error : line,
		    ui_attr(c->error[0] != '\0' ? UC_ERROR : UC_DIM));
	ui_list_draw(&c->list, 3, ui_body_height() - 2, true);
}

static enum ui_result cal_key(struct ui *ui, struct screen *sc, enum ui_op op,
			      const struct ui_key *k)
{
	struct calendar *c = sc->p;
	const struct ui_row *r = ui_list_selected(&c->list);
	char today[11];

	(void)k;
	switch (op) {
	case UI_OP_PAGE_DOWN:
	case UI_OP_PAGE_UP:
		c->first += (op == UI_OP_PAGE_DOWN ? 1 : -1) * (c->week ? 7 : 1);
		c->loaded = false;
		return UI_DONE;
	case UI_OP_CALENDAR:
		if (c->week) {
			/* To a day: today if it is in the week shown, else its Monday. */
			long t = kw_date_days(ui_today(today));

			c->first = t >= c->first && t <= c->first + 6 ? t : c->first;
		} else {
			c->first = monday_of(c->first);
		}
		c->week = !c->week;
		c->loaded = false;
		return UI_DONE;
	case UI_OP_OPEN:
		if (r != NULL && r->client_id[0] != '\0')
			ui_push(ui, ui_record_new(ui, r->client_id));
		return UI_DONE;
	case UI_OP_REDRAW:
		c->loaded = false;
		return UI_PASS;
	default:
		if (ui_list_move(&c->list, op, ui_body_height() - 2))
			return UI_DONE;
		return UI_PASS;
	}
}

static void cal_free(struct screen *sc)
{
	struct calendar *c = sc->p;

	ui_list_clear(&c->list);
	free(c);
}

static const enum ui_op cal_ops[] = { UI_OP_CALENDAR, UI_OP_PAGE_DOWN, UI_OP_PAGE_UP, UI_OP_OPEN,
				      UI_OP_BACK,     UI_OP_HELP,      UI_OP_LOCK,    UI_OP_DOWN,
				      UI_OP_UP,	      UI_OP_NONE };

static const struct screen_ops cal_screen = {
	.name = "Appointments",
	.ops = cal_ops,
	.draw = cal_draw,
	.key = cal_key,
	.free = cal_free,
};

struct screen *ui_calendar_new(struct ui *ui, const char *keyworker_id)
{
	struct calendar *c = kw_xcalloc(1, sizeof(*c));
	char today[11];

	(void)ui;
	snprintf(c->keyworker, sizeof(c->keyworker), "%s",
		 keyworker_id != NULL ? keyworker_id : "");
	c->week = true;
	c->first = monday_of(kw_date_days(ui_today(today)));
	return ui_screen_new(&cal_screen, c);
}
