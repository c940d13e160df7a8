/*
 * episodes.c: c on her record: her episodes, open first, each with its
 * status, programme, dates and why it closed. a records a referral; Enter on
 * a referral starts her support today (with the cadence its programme sets)
 * or shows it; c closes the highlighted episode for a reason from the
 * configured list (never non-engagement: src/app/episode.c) or, on a closed
 * one, re-opens it as she referred herself back: a new episode linked to
 * the old one, and the welcome-back message she was given shows again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/contact.h"
#include "keywork/episode.h"
#include "keywork/reads.h"
#include "ui.h"

struct episodes {
	struct kw_episode sel; /* the highlighted episode, as read with the list */
	char welcome[1024];    /* after a re-opening: what she was told when she left */
	char closed_msg[160];  /* after a closure */
	bool have_sel;
};

static const enum ui_op episode_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_EPISODE,
					  UI_OP_BACK, UI_OP_HELP, UI_OP_LOCK,
					  UI_OP_DOWN, UI_OP_UP,	  UI_OP_NONE };

static struct episodes *ext_of(struct panel *p)
{
	if (p->ext == NULL)
		p->ext = kw_xcalloc(1, sizeof(struct episodes));
	return p->ext;
}

static void date_of(const char *iso, char out[32])
{
	if (iso == NULL)
		snprintf(out, 32, "?");
	else
		ui_form_date_show(iso, out);
}

struct gather {
	struct ui *ui;
	struct panel *p;
};

static int on_episode(void *ctx, const struct kw_episode *e)
{
	struct gather *g = ctx;
	struct ui_row *r;
	char when[96], what[256], a[32], b[32];
	const char *status = strcmp(e->status, "open") == 0	  ? "Open"
			     : strcmp(e->status, "referred") == 0 ? "Referred"
								  : "Closed";

	if (strcmp(e->status, "closed") == 0) {
		date_of(e->opened_on != NULL ? e->opened_on : e->referred_on, a);
		date_of(e->closed_on, b);
		snprintf(when, sizeof(when), "%s to %s", a, b);
		snprintf(what, sizeof(what), "%s%s",
			 e->closure_reason != NULL
				 ? ui_label(g->ui, KW_CLOSURE_REASONS, e->closure_reason)
				 : "closed",
			 e->reopened_by != NULL ? ", re-opened" : "");
	} else {
		/* A need level by its name ("High need"), any other cadence as written. */
		const char *level = kw_need_level_of(kw_list_find(g->ui->pack, "programmes"),
						     e->programme, e->cadence);

		if (strcmp(e->status, "open") == 0) {
			date_of(e->opened_on, a);
			snprintf(when, sizeof(when), "since %s", a);
		} else {
			date_of(e->referred_on, a);
			snprintf(when, sizeof(when), "referred %s", a);
		}
		snprintf(what, sizeof(what), "%sby %s%s%.40s",
			 e->reopened_from != NULL ? "re-opened; " : "",
			 e->referral_source != NULL
				 ? ui_label(g->ui, "referral_sources", e->referral_source)
				 : "(not recorded)",
			 level != NULL	      ? "; "
			 : e->cadence != NULL ? "; contact "
					      : "",
			 level != NULL	      ? level
			 : e->cadence != NULL ? e->cadence
					      : "");
	}
	r = ui_list_add(&g->p->list, strcmp(e->status, "closed") == 0 ? UC_DIM : UC_NORMAL, false,
			status,
			e->programme != NULL ? ui_label(g->ui, "programmes", e->programme)
					     : "(no programme)",
			when, what, NULL, NULL);
	r->kind = 0;
	snprintf(r->record_id, sizeof(r->record_id), "%s", e->id);
	snprintf(r->client_id, sizeof(r->client_id), "%s", e->client_id);
	return 0;
}

/* The rows come from the episodes themselves (status, dates, reasons), not the referral form. */
static void episodes_loaded(struct ui *ui, struct panel *p)
{
	struct gather g = { ui, p };
	struct kw_err err;
	char none[96];
	int n;

	ui_list_clear(&p->list);
	p->error[0] = '\0';
	ext_of(p)->have_sel = false; /* read again: it may have just closed */
	ui_list_add(&p->list, UC_HEADING, true, "Her episodes, open first", NULL, NULL, NULL, NULL,
		    NULL);
	n = kw_app_episode_each(ui->s, p->client_id, on_episode, &g, &err);
	if (n < 0)
		snprintf(p->error, sizeof(p->error), "%s", err.msg);
	else if (n == 0)
		ui_list_add(&p->list, UC_DIM, true,
			    ui_keys_text("No referral recorded: {add} records one.", none,
					 sizeof(none)),
			    NULL, NULL, NULL, NULL, NULL);
	p->list.width[0] = 9;
	p->list.width[1] = 21;
	p->list.width[2] = 25;
	p->list.width[3] = 0;
}

/* Reads the highlighted episode afresh into the panel's state; false if there is none. */
static bool read_selected(struct ui *ui, struct panel *p)
{
	struct episodes *x = ext_of(p);
	const struct ui_row *r = ui_panel_selected(p);
	struct kw_err err;

	kw_episode_clear(&x->sel);
	x->have_sel = false;
	if (r == NULL || r->record_id[0] == '\0')
		return false;
	if (kw_app_episode_get(ui->s, r->record_id, &x->sel, &err) != 1) {
		ui_message(ui, UC_ERROR, "That episode could not be read again.");
		return false;
	}
	x->have_sel = true;
	return true;
}

static void put_wrapped(const char *label, const char *text, int *y, int max_lines, enum ui_color c)
{
	char line[640];

	if (snprintf(line, sizeof(line), "%s%s", label, text) >= (int)sizeof(line))
		line[sizeof(line) - 1] = '\0'; /* cut short: no more than two lines show */
	for (char *q = line; *q != '\0'; q++)
		if (*q == '\n' || *q == '\r')
			*q = ' ';
	/* ui_put cuts what does not fit with '~'; a second line carries the rest. */
	for (int i = 0; i < max_lines; i++) {
		int w = COLS - 2;
		size_t len = strlen(line), cut = len;

		if (ui_width(line) > w && i + 1 < max_lines) {
			/* Break at the last space that fits. */
			cut = 0;
			for (size_t j = 0; j < len; j++) {
				char save = line[j];

				line[j] = '\0';
				if (ui_width(line) > w) {
					line[j] = save;
					break;
				}
				line[j] = save;
				if (save == ' ')
					cut = j;
			}
			if (cut == 0)
				cut = len;
		}
		ui_put(stdscr, (*y)++, 1, w, line, cut, ui_attr(c));
		if (cut >= len)
			break;
		memmove(line, line + cut + 1, len - cut);
	}
}

static void episodes_draw_top(struct ui *ui, struct panel *p, int *y)
{
	struct episodes *x = ext_of(p);
	const struct ui_row *r = ui_panel_selected(p);

	{
		static const struct ui_hint hints[] = {
			{ UI_OP_ADD, "refer" },
			{ UI_OP_OPEN, "start a referral / see it" },
			{ UI_OP_EPISODE, "close (her wish, not non-engagement) / re-open" }
		};
		char line[200];

		ui_put_fill(stdscr, (*y)++, 1, COLS - 2,
			    ui_hint(hints, KW_ARRAY_LEN(hints), UI_IN_LIST, line, sizeof(line)),
			    ui_attr(UC_DIM));
	}
	if (x->welcome[0] != '\0') {
		put_wrapped("Welcome back. When she left she was told: ", x->welcome, y, 2, UC_OK);
	} else if (x->closed_msg[0] != '\0') {
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, x->closed_msg, ui_attr(UC_OK));
	}
	/* The highlighted closed episode: her words and the welcome she was given. */
	if (r != NULL && r->record_id[0] != '\0' &&
	    (!x->have_sel || strcmp(x->sel.id, r->record_id) != 0))
		read_selected(ui, p);
	if (x->have_sel && strcmp(x->sel.status, "closed") == 0 && x->welcome[0] == '\0') {
		if (x->sel.her_wish != NULL)
			put_wrapped("She asked: ", x->sel.her_wish, y, 1, UC_NORMAL);
		if (x->sel.welcome_back != NULL)
			put_wrapped("She was told: ", x->sel.welcome_back, y, 1, UC_NORMAL);
	}
	(*y)++;
}

/* --- refer --- */

static void referral_saved(struct ui *ui, const char *id, void *ctx)
{
	struct kw_episode e;
	struct kw_err err;

	(void)ctx;
	/* A referral recorded with the day support started opens with its cadence. */
	if (kw_app_episode_get(ui->s, id, &e, &err) == 1 && e.opened_on != NULL &&
	    e.cadence == NULL && kw_episode_open(ui->s, ui->pack, id, e.opened_on, &err) != 0)
		ui_message(ui, UC_ERROR, "The referral was saved, but not its cadence: %s",
			   err.msg);
	kw_episode_clear(&e);
}

/* --- close --- */

static void closure_saved(struct ui *ui, const char *id, void *ctx)
{
	struct panel *p = ctx;
	struct episodes *x = ext_of(p);

	(void)id;
	x->welcome[0] = '\0';
	snprintf(x->closed_msg, sizeof(x->closed_msg),
		 "Closed. Her history stays here; %s on it re-opens it when she comes back.",
		 ui_key(UI_OP_EPISODE));
	ui_message(ui, UC_OK, "The episode is closed.");
}

static void close_selected(struct ui *ui, struct panel *p)
{
	struct episodes *x = ext_of(p);
	struct screen *f;
	char msg[320];

	if (!kw_episode_can_close(&x->sel, msg, sizeof(msg))) {
		ui_message(ui, UC_DIM, "%s", msg);
		return;
	}
	/* Its closing rules are the app's (src/app/rules.c), asked at every save. */
	f = ui_form_new(ui, KW_FORM_CLOSURE, NULL, x->sel.id, NULL, closure_saved, p);
	ui_push(ui, f);
}

/* --- re-open --- */

static void reopen_selected(struct ui *ui, struct panel *p)
{
	struct episodes *x = ext_of(p);
	struct kw_field_errors errs = { 0 };
	struct kw_err err;
	char msg[320], new_id[37];

	if (!kw_episode_can_reopen(&x->sel, msg, sizeof(msg))) {
		ui_message(ui, UC_DIM, "%s", msg);
		return;
	}
	if (!ui_ask(ui, "She referred herself back: re-open as a new episode from today?", true))
		return;
	if (kw_episode_reopen(ui->s, ui->pack, x->sel.id, NULL, &errs, new_id, &err) != 0) {
		ui_message(ui, UC_ERROR, "Not re-opened: %s", err.msg);
		kw_field_errors_free(&errs);
		return;
	}
	kw_field_errors_free(&errs);
	snprintf(x->welcome, sizeof(x->welcome), "%s",
		 x->sel.welcome_back != NULL ? x->sel.welcome_back
					     : "(no welcome-back message was recorded)");
	x->closed_msg[0] = '\0';
	ui_message(ui, UC_OK, "Welcome back: a new episode is open, linked to the one before.");
	p->loaded = false;
	p->list.sel = 1; /* the new episode: open ones come first */
}

/* --- start a referral --- */

static void start_selected(struct ui *ui, struct panel *p)
{
	struct episodes *x = ext_of(p);
	struct kw_err err;
	char q[96];

	snprintf(q, sizeof(q), "Start her support today? (%s shows the referral)",
		 ui_key_name(UI_OP_NO, UI_IN_ASK));
	if (!ui_ask(ui, q, true)) {
		ui_push(ui, ui_form_new(ui, KW_FORM_REFERRAL, x->sel.id, NULL, NULL, referral_saved,
					NULL));
		return;
	}
	if (kw_episode_open(ui->s, ui->pack, x->sel.id, NULL, &err) != 0) {
		ui_message(ui, UC_ERROR, "Not started: %s", err.msg);
		return;
	}
	ui_message(ui, UC_OK, "Her support has started; contact falls due by the programme.");
	p->loaded = false;
}

static enum ui_result episodes_key(struct ui *ui, struct panel *p, enum ui_op op,
				   const struct ui_key *k)
{
	struct episodes *x = ext_of(p);

	(void)k;
	switch (op) {
	case UI_OP_ADD:
		x->welcome[0] = x->closed_msg[0] = '\0';
		ui_push(ui, ui_form_new(ui, KW_FORM_REFERRAL, NULL, p->client_id, NULL,
					referral_saved, NULL));
		return UI_DONE;
	case UI_OP_OPEN:
	case UI_OP_EPISODE:
		if (!read_selected(ui, p)) {
			ui_message(ui, UC_DIM, "No episode here yet: %s records a referral.",
				   ui_key(UI_OP_ADD));
			return UI_DONE;
		}
		if (op == UI_OP_OPEN && strcmp(x->sel.status, "referred") == 0)
			start_selected(ui, p);
		else if (op == UI_OP_OPEN)
			ui_push(ui, ui_form_new(ui, KW_FORM_REFERRAL, x->sel.id, NULL, NULL,
						referral_saved, NULL));
		else if (strcmp(x->sel.status, "closed") == 0)
			reopen_selected(ui, p);
		else
			close_selected(ui, p);
		return UI_DONE;
	case UI_OP_UP:
	case UI_OP_DOWN:
		x->welcome[0] = x->closed_msg[0] = '\0';
		return UI_PASS;
	default:
		return UI_PASS;
	}
}

static void episodes_free(struct panel *p)
{
	struct episodes *x = p->ext;

	if (x != NULL) {
		kw_episode_clear(&x->sel);
		memset(x, 0, sizeof(*x));
		free(x);
	}
	p->ext = NULL;
}

static const struct panel_spec episodes = {
	.name = "Episodes",
	.ops = episode_ops,
	.sections = { { "Referrals and episodes",
			KW_FORM_REFERRAL,
			"referred_on",
			{ "referred_on", "programme", "referral_source", "opened_on" },
			NULL,
			false } },
	.widths = { 9, 21, 25, 0 },
	.draw_top = episodes_draw_top,
	.key = episodes_key,
	.loaded = episodes_loaded,
	.free_ext = episodes_free,
};

struct screen *ui_episodes_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &episodes, client_id, NULL);
}
