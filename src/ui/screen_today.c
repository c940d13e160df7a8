/*
 * screen_today.c: the first screen after unlocking. Today's appointments at
 * the top, then women whose contact is overdue (paused ones are not), chases
 * and tasks due, advocacy deadlines, and the whole caseload, with counts in
 * the header. It is read afresh whenever it comes back to the top.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/access.h"
#include "keywork/contact.h"
#include "keywork/reads.h"
#include "keywork/team.h"
#include "keywork/view.h"
#include "keywork/outreach.h"
#include "ui.h"

enum row_kind { ROW_NONE = 0, ROW_WOMAN, ROW_AGENDA, ROW_WAITING };

/* The women waiting for a keyworker shown as rows; the heading counts every one. */
#define WAITING_ROWS 100

/* The whole team's appointments today shown as rows, about a screenful (a large centre
 * has thousands, and only what is shown is read); the heading counts every one, and the
 * calendar shows them all. */
#define TEAM_APPTS 30

/* The whole team's caseload is read a page at a time: 20,000 women at once took seconds.
 * Moving on past the last woman shown reads the next page; back past the first, the one before. */
#define TEAM_PAGE 300

enum page_to { PAGE_KEEP = 0, PAGE_FIRST, PAGE_LAST };

struct today {
	struct ui_list list;
	unsigned long gen;
	bool loaded;
	bool everyone; /* a manager looking at the whole team */
	char who[37];  /* a manager looking at this keyworker's caseload ("": her own) */
	char who_name[33];
	long total;	    /* the whole team: how many women there are */
	long offset;	    /* the whole team: the first woman shown, by name */
	enum page_to to;    /* after a page is read: highlight its first or last woman */
	size_t women_first; /* the whole team's list: the row of the first woman shown */
	char day[11];
	long n_appts, n_overdue, n_due, n_advocacy, n_women;
	long n_waiting; /* women waiting for a keyworker (a manager's Today) */
	/* The whole team's counts read every woman: they are counted when the whole team
	 * is chosen and on ^L, not at every return or page. The team screen that opens it
	 * hands over the overdue and tasks due it shows, counted for given_day. */
	long team_overdue, team_due, team_advocacy;
	bool recount;
	char given_day[11];
	char error[512];
};

/* Gathering rows by section while the queries run. */
struct gather {
	struct ui *ui;
	struct ui_list appts, overdue, tasks, advocacy, women, waiting, covered, conflicts;
	struct today *t;
	/* Women allocated to her lately whom nobody has been in touch with since. */
	char (*fresh)[37];
	size_t nfresh;
	/* While reading a caseload she covers: whose it is ("": her own). */
	const char *cover_name;
	char covering[160]; /* the names she covers for, for the heading */
};

static int keep_fresh(void *ctx, const char *client_id)
{
	struct gather *g = ctx;

	g->fresh = kw_xrealloc(g->fresh, (g->nfresh + 1) * sizeof(*g->fresh));
	snprintf(g->fresh[g->nfresh++], 37, "%s", client_id);
	return 0;
}

static bool is_fresh(const struct gather *g, const char *client_id)
{
	for (size_t i = 0; i < g->nfresh; i++)
		if (strcmp(g->fresh[i], client_id) == 0)
			return true;
	return false;
}

static const char *name_of(const struct ui *ui, const char *known_as, const char *ref)
{
	if (ui->discreet || known_as == NULL || known_as[0] == '\0')
		return ref;
	return known_as;
}

static long programme_days(const struct ui *ui, const char *programme)
{
	const struct kw_list_spec *l = kw_list_find(ui->pack, "programmes");
	const struct kw_list_item *it;

	if (l == NULL || programme == NULL)
		return 0;
	it = kw_list_item(l, programme);
	return it != NULL ? it->cadence_days : 0;
}

static void short_date(const char *iso, char out[16])
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int m;

	if (iso == NULL || strlen(iso) < 10) {
		snprintf(out, 16, "-");
		return;
	}
	m = atoi(iso + 5);
	snprintf(out, 16, "%.2s %s", iso + 8, m >= 1 && m <= 12 ? mon[m - 1] : "?");
}

static int on_case(void *ctx, const struct kw_case_row *r)
{
	struct gather *g = ctx;
	char since[48], due_s[48], d[16], due[11] = "";
	long cadence = kw_cadence_days(r->cadence, programme_days(g->ui, r->programme));
	long over = kw_contact_due(r, cadence, g->t->day, due);
	long last = r->last_contact != NULL ? kw_date_days(r->last_contact) : LONG_MIN;
	const char *name = name_of(g->ui, r->known_as, r->reference);
	/* Only a high level is a flag; "standard" is no news and shows as nothing. */
	bool high = r->risk_level != NULL && strcmp(r->risk_level, "high") == 0;
	const char *level = r->risk_level == NULL || strcmp(r->risk_level, "standard") == 0 ? ""
			    : high ? "HIGH RISK"
				   : "medium risk";
	char risk[96];
	struct ui_row *row;
	struct ui_list *women = g->cover_name != NULL ? &g->covered : &g->women;

	/* A woman newly hers, or one she is covering for, says so before any risk flag. */
	if (g->cover_name != NULL)
		snprintf(risk, sizeof(risk), "covering for %s%s%s", g->cover_name,
			 level[0] != '\0' ? "; " : "", level);
	else if (is_fresh(g, r->id))
		snprintf(risk, sizeof(risk), "NEW to you%s%s", level[0] != '\0' ? "; " : "", level);
	else
		snprintf(risk, sizeof(risk), "%s", level);

	if (last != LONG_MIN)
		snprintf(since, sizeof(since), "%ld day%s ago", kw_date_days(g->t->day) - last,
			 kw_date_days(g->t->day) - last == 1 ? "" : "s");
	else
		snprintf(since, sizeof(since), "no contact yet");
	if (r->paused_until != NULL) {
		if (r->paused_until[0] != '\0') {
			short_date(r->paused_until, d);
			snprintf(due_s, sizeof(due_s), "paused to %s", d);
		} else {
			snprintf(due_s, sizeof(due_s), "paused");
		}
	} else if (over > 0) {
		snprintf(due_s, sizeof(due_s), "due %ld day%s ago", over, over == 1 ? "" : "s");
	} else if (over == 0) {
		short_date(due, d);
		snprintf(due_s, sizeof(due_s), "%s %s",
			 strcmp(due, g->t->day) == 0 ? "due" : "next",
			 strcmp(due, g->t->day) == 0 ? "today" : d);
	} else {
		snprintf(due_s, sizeof(due_s), "-");
	}
	g->t->n_women++;
	if (over > 0) {
		row = ui_list_add(&g->overdue, UC_NORMAL, false, name, r->reference, since, due_s,
				  risk, NULL);
		row->kind = ROW_WOMAN;
		row->flags = 1u << 4;
		snprintf(row->client_id, sizeof(row->client_id), "%s", r->id);
		if (high)
			row->color = UC_FLAG;
		g->t->n_overdue++;
	}
	row = ui_list_add(women, high ? UC_FLAG : UC_NORMAL, false, name, r->reference, since,
			  due_s, risk, NULL);
	row->kind = ROW_WOMAN;
	row->flags = 1u << 4;
	snprintf(row->client_id, sizeof(row->client_id), "%s", r->id);
	return 0;
}

/* A woman waiting for a keyworker: how long, and her need level (or programme). */
static int on_waiting(void *ctx, const struct kw_waiting *w)
{
	struct gather *g = ctx;
	const char *name = name_of(g->ui, w->known_as, w->reference);
	const char *level =
		kw_need_level_of(kw_list_find(g->ui->pack, "programmes"), w->programme, w->cadence);
	long days = w->since != NULL ? kw_date_days(g->t->day) - kw_date_days(w->since) : -1;
	char waited[48], need[96];
	struct ui_row *row;

	if (g->waiting.n >= WAITING_ROWS)
		return 0;
	if (w->since == NULL || kw_date_days(w->since) == LONG_MIN)
		snprintf(waited, sizeof(waited), "waiting");
	else if (days <= 0)
		snprintf(waited, sizeof(waited), "waiting 0 days");
	else
		snprintf(waited, sizeof(waited), "waiting %ld day%s", days, days == 1 ? "" : "s");
	if (w->asked)
		snprintf(need, sizeof(need), "asked: need not set");
	else if (level != NULL)
		snprintf(need, sizeof(need), "%s", level);
	else if (w->programme != NULL)
		snprintf(need, sizeof(need), "%s, need not set",
			 ui_label(g->ui, "programmes", w->programme));
	else
		snprintf(need, sizeof(need), "need not set");
	row = ui_list_add(&g->waiting, UC_NORMAL, false, name, w->reference, waited, need, "",
			  NULL);
	row->kind = ROW_WAITING;
	snprintf(row->client_id, sizeof(row->client_id), "%s", w->id);
	return 0;
}

/* A keyworker she covers for: that keyworker's women join her Today, marked. */
static int on_cover(void *ctx, const struct kw_cover *c)
{
	struct gather *g = ctx;
	struct kw_err err;
	size_t len = strlen(g->covering);

	snprintf(g->covering + len, sizeof(g->covering) - len, "%s%s until %s", len > 0 ? ", " : "",
		 c->away_name, c->until);
	g->cover_name = c->away_name;
	if (kw_app_caseload(g->ui->s, c->away_id, g->t->day, on_case, g, &err) != 0)
		snprintf(g->t->error, sizeof(g->t->error), "%s", err.msg);
	g->cover_name = NULL;
	return 0;
}

static int on_agenda(void *ctx, const struct kw_agenda_item *a)
{
	struct gather *g = ctx;
	const char *name = name_of(g->ui, a->known_as, a->reference);
	const char *what = a->what != NULL ? a->what : "";
	char when[48], detail[256] = "";
	struct ui_list *l;
	struct ui_row *row;

	switch (a->kind) {
	case KW_AG_APPOINTMENT: {
		char local[32];

		/* Stored in UTC; shown in this machine's time, as typed. */
		ui_form_datetime_show(a->when, local);
		snprintf(when, sizeof(when), "at %s", strlen(local) >= 16 ? local + 11 : local);
		what = ui_label(g->ui, "appointment_kinds", what);
		snprintf(detail, sizeof(detail), "%s", a->detail != NULL ? a->detail : "");
		l = &g->appts;
		g->t->n_appts++;
		break;
	}
	case KW_AG_TASK:
	case KW_AG_CHASE: {
		char d[16];

		short_date(a->when, d);
		snprintf(when, sizeof(when), "%s %s", a->kind == KW_AG_CHASE ? "chase" : "due", d);
		snprintf(detail, sizeof(detail), "%s",
			 a->detail != NULL ? ui_label(g->ui, "task_status", a->detail) : "");
		l = &g->tasks;
		g->t->n_due++;
		break;
	}
	default: {
		char d[16];

		short_date(a->when, d);
		snprintf(when, sizeof(when), "due %s", d);
		snprintf(detail, sizeof(detail), "%s%s%s",
			 a->agency != NULL ? ui_label(g->ui, "agencies", a->agency) : "",
			 a->agency != NULL && a->detail != NULL ? ": " : "",
			 a->detail != NULL ? ui_label(g->ui, "advocacy_steps", a->detail) : "");
		l = &g->advocacy;
		g->t->n_advocacy++;
		break;
	}
	}
	row = ui_list_add(l, UC_NORMAL, false, name, a->reference, when, what, detail, NULL);
	row->kind = ROW_AGENDA;
	snprintf(row->client_id, sizeof(row->client_id), "%s", a->client_id);
	snprintf(row->record_id, sizeof(row->record_id), "%s", a->record_id);
	return 0;
}

/* The whole team's appointments today, as agenda items. */
static int on_team_appt(void *ctx, const struct kw_appt_row *a)
{
	struct kw_agenda_item it = { 0 };

	it.kind = KW_AG_APPOINTMENT;
	memcpy(it.record_id, a->id, sizeof(it.record_id));
	memcpy(it.client_id, a->client_id, sizeof(it.client_id));
	memcpy(it.reference, a->reference, sizeof(it.reference));
	it.known_as = a->known_as;
	it.when = a->starts_at;
	it.what = a->kind;
	it.detail = a->place;
	return on_agenda(ctx, &it);
}

/* Moves the rows of src under a heading into dst (the heading only if there are rows). */
static void section_of(struct ui_list *dst, struct ui_list *src, const char *heading,
		       const char *none, long count)
{
	char h[256];

	snprintf(h, sizeof(h), "%s (%ld)", heading, count);
	ui_list_add(dst, UC_HEADING, true, h, NULL, NULL, NULL, NULL, NULL);
	if (src->n == 0 && none != NULL)
		ui_list_add(dst, UC_DIM, true, none, NULL, NULL, NULL, NULL, NULL);
	for (size_t i = 0; i < src->n; i++) {
		struct ui_row *r = ui_list_add(dst, src->rows[i].color, false, NULL, NULL, NULL,
					       NULL, NULL, NULL);

		*r = src->rows[i];
		memset(&src->rows[i], 0, sizeof(src->rows[i]));
	}
	ui_list_clear(src);
	ui_list_add(dst, UC_NORMAL, true, "", NULL, NULL, NULL, NULL, NULL);
}

static void section(struct ui_list *dst, struct ui_list *src, const char *heading, const char *none)
{
	section_of(dst, src, heading, none, (long)src->n);
}

/* A woman with outreach conflicts waiting for a person to choose (C on her record). */
static int on_conflicts(void *ctx, const char *client_id, const char *reference,
			const char *known_as, long n)
{
	struct gather *g = ctx;
	char what[96];
	struct ui_row *row;

	snprintf(what, sizeof(what), "%ld changed on both sides", n);
	row = ui_list_add(&g->conflicts, UC_FLAG, false,
			  g->ui->discreet || known_as[0] == '\0' ? reference : known_as, reference,
			  "", what, NULL, NULL);
	row->kind = ROW_WOMAN;
	snprintf(row->client_id, sizeof(row->client_id), "%s", client_id);
	return 0;
}

/* Refused attempts to open a restricted record: shown to managers for a week. */
enum { ALERT_DAYS = 7, ALERT_LIMIT = 5 };

static int on_alert(void *ctx, const struct kw_access_alert *a)
{
	struct ui_list *l = ctx;
	char line[200];

	if (l->n == 0)
		ui_list_add(l, UC_HEADING, true,
			    "Restricted records: attempts refused in the last 7 days", NULL, NULL,
			    NULL, NULL, NULL);
	snprintf(line, sizeof(line), "%.10s %.5s  %s was refused %s (%s)", a->at, a->at + 11,
		 a->who, a->reference[0] != '\0' ? a->reference : "a deleted record", a->how);
	ui_list_add(l, UC_FLAG, true, line, NULL, NULL, NULL, NULL, NULL);
	return 0;
}

/* The whole team's overdue and tasks due (unless the team screen gave them for today), and advocacy. */
static int count_team(struct ui *ui, struct today *t, struct kw_err *err)
{
	struct kw_team_counts tc;

	if (strcmp(t->given_day, t->day) != 0) {
		if (kw_app_team_counts(ui->s, ui->pack, t->day, &tc, err) != 0)
			return -1;
		t->team_overdue = tc.overdue;
		t->team_due = tc.tasks_due;
		kw_team_counts_free(&tc);
	}
	return kw_app_agenda_counts(ui->s, NULL, t->day, NULL, &t->team_advocacy, err);
}

static void load(struct ui *ui, struct today *t)
{
	struct gather g = { .ui = ui, .t = t };
	const char *kw = t->everyone ? NULL : t->who[0] != '\0' ? t->who : ui->s->user.meta.id;
	struct kw_err err;
	size_t keep = t->list.sel;
	long shown, shown_appts, team_appts = 0;
	char whose[160], hint[128];

	ui_list_clear(&t->list);
	t->n_appts = t->n_overdue = t->n_due = t->n_advocacy = t->n_women = t->n_waiting = 0;
	t->error[0] = '\0';
	ui_today(t->day);
	if (ui->s->user.role == KW_ROLE_DROPIN) {
		/* Drop-in staff hold no caseload: the centre's whole list is not theirs to scan. */
		ui_list_add(&t->list, UC_HEADING, true, "Drop-in", NULL, NULL, NULL, NULL, NULL);
		ui_list_add(&t->list, UC_NORMAL, true,
			    "d logs a drop-in: find her, or add her with the name she gives.", NULL,
			    NULL, NULL, NULL, NULL);
		ui_list_add(&t->list, UC_NORMAL, true,
			    "/ finds a woman by name, reference, date of birth or phone.", NULL,
			    NULL, NULL, NULL, NULL);
		t->gen = ui->stack_gen;
		t->loaded = true;
		return;
	}
	/* A manager sees who is waiting for a keyworker first, whoever's Today it is. */
	if (ui->s->user.role == KW_ROLE_MANAGER &&
	    kw_app_waiting(ui->s, ui->pack, on_waiting, &g, &t->n_waiting, &err) != 0)
		snprintf(t->error, sizeof(t->error), "%s", err.msg);
	/* Her own Today marks women newly hers, and adds those of anyone she covers for. */
	if (!t->everyone && t->who[0] == '\0' &&
	    kw_app_new_to(ui->s, ui->s->user.meta.id, t->day, keep_fresh, &g, &err) != 0)
		snprintf(t->error, sizeof(t->error), "%s", err.msg);
	/* The whole team's tasks and advocacy steps due took over a minute on 20,000
	 * women: for the team, today's first appointments only (by their index), counted. */
	if ((t->everyone ? kw_app_appointments_first(ui->s, t->day, t->day, TEAM_APPTS, &team_appts,
						     on_team_appt, &g, &err)
			 : kw_app_agenda(ui->s, kw, t->day, on_agenda, &g, &err)) != 0 ||
	    (t->everyone ? kw_app_caseload_page(ui->s, t->day, t->offset, TEAM_PAGE, &t->total,
						on_case, &g, &err)
			 : kw_app_caseload(ui->s, kw, t->day, on_case, &g, &err)) != 0)
		snprintf(t->error, sizeof(t->error), "%s", err.msg);
	if (!t->everyone && t->who[0] == '\0' && t->error[0] == '\0' &&
	    kw_app_covering(ui->s, ui->s->user.meta.id, t->day, on_cover, &g, &err) != 0)
		snprintf(t->error, sizeof(t->error), "%s", err.msg);
	free(g.fresh);
	shown = t->n_women;
	shown_appts = t->n_appts;
	if (t->everyone)
		t->n_appts = team_appts;
	if (t->everyone && t->error[0] == '\0') {
		/* The header's counts are true for every woman, not for the page shown:
		 * overdue and tasks due as the team screen counts them, in one pass over
		 * every woman's contact state. */
		if (t->recount && count_team(ui, t, &err) != 0)
			snprintf(t->error, sizeof(t->error), "%s", err.msg);
		t->recount = false;
		t->given_day[0] = '\0';
		t->n_overdue = t->team_overdue;
		t->n_due = t->team_due;
		t->n_advocacy = t->team_advocacy;
		t->n_women = t->total;
	}
	if (ui->s->user.role == KW_ROLE_MANAGER) {
		char more[96], since[11];
		long shown_waiting = (long)g.waiting.n;

		/* Someone tried to open a record restricted to named staff: first, in the flag colour. */
		if (!kw_date_add_days(t->day, -ALERT_DAYS, since) ||
		    kw_access_alerts(ui->s, since, ALERT_LIMIT, on_alert, &t->list, &err) != 0)
			snprintf(t->error, sizeof(t->error), "%s", err.msg);

		section_of(&t->list, &g.waiting,
			   ui_keys_text(
				   "Waiting for a keyworker, longest first ({allocate} allocates)",
				   hint, sizeof(hint)),
			   "Nobody: every woman referred has a keyworker.", t->n_waiting);
		if (t->n_waiting > shown_waiting) {
			snprintf(more, sizeof(more),
				 "... and %ld more waiting: allocate these first",
				 t->n_waiting - shown_waiting);
			ui_list_add(&t->list, UC_DIM, true, more, NULL, NULL, NULL, NULL, NULL);
		}
	}
	if (t->n_appts > shown_appts) {
		char more[128];

		snprintf(more, sizeof(more), "... and %ld more today: %s shows them all",
			 t->n_appts - shown_appts, ui_key(UI_OP_CALENDAR));
		ui_list_add(&g.appts, UC_DIM, true, more, NULL, NULL, NULL, NULL, NULL);
	}
	section_of(&t->list, &g.appts, "Appointments today", "None today.", t->n_appts);
	section(&t->list, &g.overdue,
		t->everyone ? "Contact overdue among the women shown" : "Contact overdue",
		"Nobody: every woman is in touch.");
	section(&t->list, &g.tasks, "Chases and tasks due",
		t->everyone ? ui_keys_text("For the whole team these show per keyworker: {team} "
					   "picks one.",
					   hint, sizeof(hint))
			    : NULL);
	section(&t->list, &g.advocacy, "Advocacy steps due", NULL);
	/* Outreach conflicts: only when some wait, each woman once (C on her record chooses). */
	if (kw_outreach_conflict_women(ui->s, kw, on_conflicts, &g, &err) != 0)
		snprintf(t->error, sizeof(t->error), "%s", err.msg);
	else if (g.conflicts.n > 0)
		section(&t->list, &g.conflicts,
			ui_keys_text("Outreach conflicts, {conflicts} on her record chooses", hint,
				     sizeof(hint)),
			NULL);
	if (t->everyone)
		snprintf(whose, sizeof(whose),
			 shown > 0 ? "The whole team by name: %ld to %ld of %ld%s"
				   : "The whole team",
			 t->offset + 1, t->offset + shown, t->total,
			 t->offset + shown < t->total ? ", more below" : "");
	else if (t->who[0] != '\0')
		snprintf(whose, sizeof(whose), "%s's caseload", t->who_name);
	else
		snprintf(whose, sizeof(whose), "My caseload");
	if (g.covered.n > 0) {
		char h[200];

		snprintf(h, sizeof(h), "Covering for %s", g.covering);
		section(&t->list, &g.covered, h, NULL);
	}
	t->women_first = t->list.n + 1;
	section(&t->list, &g.women, whose,
		ui_keys_text(t->everyone ? "No women are recorded yet: {add} adds one."
					 : "No women have you as keyworker yet: {search} finds "
					   "anyone, {add} adds one.",
			     hint, sizeof(hint)));
	t->list.width[0] = 22;
	t->list.width[1] = 10;
	t->list.width[2] = 16;
	t->list.width[3] = 26;
	/* At 80 columns her name and the summary narrow before a risk flag is cut. */
	t->list.least[0] = 12;
	t->list.least[3] = 12;
	ui_list_select_from(&t->list, keep < t->list.n ? keep : 0);
	if (t->to == PAGE_FIRST)
		ui_list_select_from(&t->list, t->women_first);
	else if (t->to == PAGE_LAST && t->list.n >= 2)
		t->list.sel = t->list.n - 2; /* the blank line after her is the section's end */
	t->to = PAGE_KEEP;
	if (ui_list_selected(&t->list) == NULL)
		ui_list_select_from(&t->list, 0);
	t->gen = ui->stack_gen;
	t->loaded = true;
}

static void today_draw(struct ui *ui, struct screen *sc)
{
	struct today *t = sc->p;
	char title[160], when[32], finds[64];

	if (!t->loaded || t->gen != ui->stack_gen)
		load(ui, t);
	ui_draw_title(ui, "Today");
	snprintf(when, sizeof(when), "%s", t->day);
	snprintf(title, sizeof(title),
		 "%s   %ld appointment%s  %ld overdue  %ld due  %ld advocacy  %ld women%s", when,
		 t->n_appts, t->n_appts == 1 ? "" : "s", t->n_overdue, t->n_due, t->n_advocacy,
		 t->n_women,
		 t->everyone	     ? ui_keys_text(" (whole team; {search} finds anyone)", finds,
						    sizeof(finds))
		 : t->who[0] != '\0' ? " (another keyworker's)"
				     : "");
	if (ui->s->user.role == KW_ROLE_MANAGER && t->n_waiting > 0 && !t->everyone &&
	    t->who[0] == '\0')
		snprintf(title, sizeof(title),
			 "%s   %ld waiting  %ld appointment%s  %ld overdue  %ld due  %ld advocacy  "
			 "%ld women",
			 when, t->n_waiting, t->n_appts, t->n_appts == 1 ? "" : "s", t->n_overdue,
			 t->n_due, t->n_advocacy, t->n_women);
	if (ui->s->user.role == KW_ROLE_DROPIN)
		snprintf(title, sizeof(title), "%s", when);
	ui_put_fill(stdscr, 1, 1, COLS - 2, title, ui_attr(UC_HEADING));
	if (t->error[0] != '\0')
		ui_put_fill(stdscr, 2, 1, COLS - 2, t->error, ui_attr(UC_ERROR));
	ui_list_draw(&t->list, 3, ui_body_height() - 2, true);
}

static void open_woman(struct ui *ui, const char *id)
{
	struct screen *sc = ui_record_new(ui, id);

	ui_push(ui, sc);
}

static void after_add(struct ui *ui, const char *id, void *ctx)
{
	(void)ctx;
	/* The new woman's record replaces the form on the stack, over Today. */
	ui_message(ui, UC_OK, "Saved. Her record is open.");
	ui->pending_open = true;
	snprintf(ui->pending_id, sizeof(ui->pending_id), "%s", id);
}

/* After A: her row moves from the queue to a caseload. */
static void allocated(struct ui *ui, void *ctx)
{
	struct today *t = ctx;

	(void)ui;
	t->loaded = false;
}

/* T: whose Today a manager is looking at. */
static void team_picked(struct ui *ui, const char *user_id, const char *username, bool everyone,
			const struct kw_team_counts *counted, void *ctx)
{
	struct today *t = ctx;

	(void)ui;
	t->everyone = everyone;
	t->given_day[0] = '\0';
	if (everyone && counted != NULL && counted->day[0] != '\0') {
		/* The counts she was just shown: the same reading, not a second one. */
		t->team_overdue = counted->overdue;
		t->team_due = counted->tasks_due;
		snprintf(t->given_day, sizeof(t->given_day), "%s", counted->day);
	}
	snprintf(t->who, sizeof(t->who), "%s", user_id != NULL ? user_id : "");
	snprintf(t->who_name, sizeof(t->who_name), "%s", username != NULL ? username : "");
	t->list.sel = 0;
	t->offset = 0;
	t->loaded = false;
	t->recount = everyone;
}

/* The whole team: past the last woman shown reads the next page, before the first the one before. */
static bool page_on(struct today *t, enum ui_op op)
{
	bool last = t->list.n >= 2 && t->list.sel == t->list.n - 2;

	if ((op == UI_OP_DOWN || op == UI_OP_PAGE_DOWN) && last &&
	    t->offset + TEAM_PAGE < t->total) {
		t->offset += TEAM_PAGE;
		t->to = PAGE_FIRST;
	} else if ((op == UI_OP_UP || op == UI_OP_PAGE_UP) && t->list.sel == t->women_first &&
		   t->offset > 0) {
		t->offset = t->offset > TEAM_PAGE ? t->offset - TEAM_PAGE : 0;
		t->to = PAGE_LAST;
	} else {
		return false;
	}
	t->loaded = false;
	return true;
}

static enum ui_result today_key(struct ui *ui, struct screen *sc, enum ui_op op,
				const struct ui_key *k)
{
	struct today *t = sc->p;
	const struct ui_row *r = ui_list_selected(&t->list);

	(void)k;
	if (t->everyone && page_on(t, op))
		return UI_DONE;
	if (ui_list_move(&t->list, op, ui_body_height() - 2))
		return UI_DONE;
	switch (op) {
	case UI_OP_OPEN:
		if (r != NULL && r->client_id[0] != '\0')
			open_woman(ui, r->client_id);
		return UI_DONE;
	case UI_OP_ADD:
		ui_push(ui, ui_form_new(ui, "intake", NULL, NULL, NULL, after_add, NULL));
		return UI_DONE;
	case UI_OP_NOTE_SEARCH:
		/* Drop-in staff hold no key to the notes: not offered, and said so. */
		if (!ui_op_offered(ui, op)) {
			ui_message(ui, UC_DIM,
				   "Case notes are read by keyworkers and managers only.");
			return UI_DONE;
		}
		ui_push(ui, ui_notes_search_new(ui, NULL));
		return UI_DONE;
	case UI_OP_REDRAW:
		t->loaded = false;
		t->recount = t->everyone;
		return UI_PASS;
	case UI_OP_NOTE:
	case UI_OP_CONTACT:
	case UI_OP_REGARD:
	case UI_OP_PRACTICAL:
	case UI_OP_PEERS:
	case UI_OP_ADVOCACY:
		if (r == NULL || r->client_id[0] == '\0') {
			ui_message(ui, UC_DIM, "Highlight a woman first.");
			return UI_DONE;
		}
		open_woman(ui, r->client_id);
		return ui->top->ops->key(ui, ui->top, op, k);
	case UI_OP_DROPIN:
		ui_push(ui, ui_dropin_new(ui));
		return UI_DONE;
	case UI_OP_CALENDAR:
		if (ui->s->user.role == KW_ROLE_DROPIN) {
			ui_message(ui, UC_DIM, "Drop-in has no caseload: %s logs a drop-in.",
				   ui_key(UI_OP_DROPIN));
			return UI_DONE;
		}
		ui_push(ui, ui_calendar_new(ui, t->everyone	    ? NULL
						: t->who[0] != '\0' ? t->who
								    : ui->s->user.meta.id));
		return UI_DONE;
	case UI_OP_ALLOCATE:
		if (!ui_op_offered(ui, op)) {
			ui_message(ui, UC_DIM, "Only a manager allocates women to keyworkers.");
			return UI_DONE;
		}
		if (r == NULL || r->client_id[0] == '\0' || r->kind == ROW_AGENDA) {
			ui_message(ui, UC_DIM,
				   "Highlight a woman first: those waiting are at the top.");
			return UI_DONE;
		}
		ui_push(ui, ui_allocate_new(ui, r->client_id, r->cell[0] != NULL ? r->cell[0] : "",
					    allocated, t));
		return UI_DONE;
	case UI_OP_REPORTS:
		if (!ui_op_offered(ui, op)) {
			ui_message(ui, UC_DIM, "Reports are for managers.");
			return UI_DONE;
		}
		ui_push(ui, ui_reports_new(ui));
		return UI_DONE;
	case UI_OP_TEAM:
		if (ui->s->user.role != KW_ROLE_MANAGER) {
			ui_message(ui, UC_DIM, "Only a manager can look at another caseload.");
			return UI_DONE;
		}
		ui_push(ui, ui_team_pick_new(ui, team_picked, t));
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static void today_free(struct screen *sc)
{
	struct today *t = sc->p;

	ui_list_clear(&t->list);
	free(t);
}

static const enum ui_op today_ops[] = {
	UI_OP_DROPIN,	   UI_OP_CALENDAR,  UI_OP_TEAM,	 UI_OP_ALLOCATE, UI_OP_REPORTS,
	UI_OP_HELP,	   UI_OP_SEARCH,    UI_OP_OPEN,	 UI_OP_ADD,	 UI_OP_CONTACT,
	UI_OP_REGARD,	   UI_OP_PRACTICAL, UI_OP_PEERS, UI_OP_ADVOCACY, UI_OP_NOTE,
	UI_OP_NOTE_SEARCH, UI_OP_LOCK,	    UI_OP_QUIT,	 UI_OP_DOWN,	 UI_OP_UP,
	UI_OP_PAGE_DOWN,   UI_OP_PAGE_UP,   UI_OP_FIRST, UI_OP_LAST,	 UI_OP_REDRAW,
	UI_OP_NONE
};

static const struct screen_ops today_screen = {
	.name = "Today",
	.ops = today_ops,
	.draw = today_draw,
	.key = today_key,
	.free = today_free,
};

struct screen *ui_today_new(struct ui *ui)
{
	struct today *t = kw_xcalloc(1, sizeof(*t));

	(void)ui;
	return ui_screen_new(&today_screen, t);
}
