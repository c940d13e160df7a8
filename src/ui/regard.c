/*
 * regard.c: 1 Regard: her journey and her strengths and achievements.
 *
 * The journey is one line per pathway she has been scored on, in the
 * pathways list's order: the date of the newest score, a small chart of the
 * newest scores (eighth blocks where the terminal can show them; on the Linux
 * console or outside a UTF-8 locale, the scores as digits), and the distance
 * travelled from her first score to her latest. The ladder's range comes
 * from the outcome_ladder list (its whole-number keys); "not applicable" is
 * never drawn as a score. u scores the highlighted pathway again; a adds a
 * strength or an achievement (so 1 then a, from her record or a list).
 */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keywork/regard.h"
#include "keywork/reads.h"
#include "ui.h"

#define JOURNEY_KIND 100 /* row kind of a journey line: JOURNEY_KIND + path index */
#define LABEL_COLS 30

struct regard {
	struct kw_journey j;
	int lo, hi;	  /* the ladder's range */
	bool sel_journey; /* the selection as last drawn: a journey line ... */
	char sel_key[64]; /* ... of this pathway, or a record with this id */
	char error[512];
};

static const enum ui_op regard_ops[] = { UI_OP_ADD,  UI_OP_SCORE, UI_OP_OPEN,
					 UI_OP_BACK, UI_OP_HELP,  UI_OP_LOCK,
					 UI_OP_DOWN, UI_OP_UP,	  UI_OP_NONE };

/* Eighth blocks read well where the terminal has them; the Linux console's font lacks most. */
static bool blocks_ok(void)
{
	const char *term = getenv("TERM");
	const char *cs = nl_langinfo(CODESET);

	if (term != NULL && strncmp(term, "linux", 5) == 0)
		return false;
	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* The ladder's whole-number range, from the list (1 to 5 if it has none). */
static void ladder_range(const struct ui *ui, int *lo, int *hi)
{
	const struct kw_list_spec *l = kw_list_find(ui->pack, "outcome_ladder");

	*lo = 0;
	*hi = -1;
	for (size_t i = 0; l != NULL && i < l->nitems; i++) {
		const char *k = l->items[i].key;
		char *end;
		long v = strtol(k, &end, 10);

		if (*k == '\0' || *end != '\0' || v < 0 || v > 1000)
			continue;
		if (*hi < *lo) {
			*lo = *hi = (int)v;
		} else {
			*lo = (int)v < *lo ? (int)v : *lo;
			*hi = (int)v > *hi ? (int)v : *hi;
		}
	}
	if (*hi <= *lo) {
		*lo = 1;
		*hi = 5;
	}
}

/* The chart of a path's newest scores, into out (UTF-8). */
static void chart(const struct regard *rg, const struct kw_journey_path *p, char *out, size_t len)
{
	static const char *const eighths[8] = { "\u2581", "\u2582", "\u2583", "\u2584",
						"\u2585", "\u2586", "\u2587", "\u2588" };
	size_t n = 0, from;

	out[0] = '\0';
	if (p->nrecent == 0)
		return;
	if (blocks_ok()) {
		/* Up to 9 bars, then the latest as a number. */
		from = p->nrecent > 9 ? p->nrecent - 9 : 0;
		for (size_t i = from; i < p->nrecent; i++) {
			int v = p->recent[i] < rg->lo	? rg->lo
				: p->recent[i] > rg->hi ? rg->hi
							: p->recent[i];
			int range = rg->hi - rg->lo;
			int e = ((v - rg->lo) * 14 + range) / (2 * range);

			n += (size_t)snprintf(out + n, len - n, "%s",
					      eighths[e < 0   ? 0
						      : e > 7 ? 7
							      : e]);
		}
		snprintf(out + n, len - n, " %d", p->latest);
		return;
	}
	/* Digits, oldest to latest, as many as fit in 13 columns. */
	from = p->nrecent;
	for (size_t w = 0; from > 0;) {
		size_t d = (size_t)snprintf(NULL, 0, "%d", p->recent[from - 1]) + (w > 0);

		if (w + d > (from > 1 ? 11 : 13))
			break;
		w += d;
		from--;
	}
	if (from > 0)
		n += (size_t)snprintf(out + n, len - n, "..");
	for (size_t i = from; i < p->nrecent; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%d", i > from || from > 0 ? " " : "",
				      p->recent[i]);
}

/* "March 2025" for "2025-03-..". */
static void month_of(const char *iso, char *out, size_t len)
{
	static const char *const months[12] = { "January",   "February", "March",    "April",
						"May",	     "June",	 "July",     "August",
						"September", "October",	 "November", "December" };
	int m = iso != NULL && strlen(iso) >= 7 ? atoi(iso + 5) : 0;

	if (m >= 1 && m <= 12)
		snprintf(out, len, "%s %.4s", months[m - 1], iso);
	else
		snprintf(out, len, "%s", iso != NULL ? iso : "");
}

/* How far she has come on a path, in words. */
static void distance(const struct kw_journey_path *p, char *out, size_t len)
{
	char since[32];
	int d = kw_journey_distance(p);

	month_of(p->first_on, since, sizeof(since));
	if (p->n == 0)
		snprintf(out, len, "not applicable");
	else if (p->n == 1)
		snprintf(out, len, "first score, %s%s", since,
			 p->last_not_score ? "; now not applicable" : "");
	else if (d == 0)
		snprintf(out, len, "same as in %s%s", since,
			 p->last_not_score ? "; now not applicable" : "");
	else
		snprintf(out, len, "%+d since %s%s", d, since,
			 p->last_not_score ? "; now not applicable" : "");
}

/* label cut or padded with spaces to cols display columns (a cut ends with '~'). */
static void pad(const char *label, int cols, char *out, size_t len)
{
	size_t i = 0, n = 0, lim = strlen(label);
	int w = 0;
	bool cut = ui_width(label) > cols;

	while (i < lim) {
		wchar_t wc;
		size_t cl = ui_utf8_next(label + i, lim - i, &wc);
		int cw = wc == (wchar_t)-1 ? 4 : wcwidth(wc) < 0 ? 1 : wcwidth(wc);

		if ((cut && w + cw > cols - 1) || n + cl + 1 >= len)
			break;
		memcpy(out + n, label + i, cl);
		n += cl;
		i += cl;
		w += cw;
	}
	if (cut && n + 1 < len) {
		out[n++] = '~';
		w++;
	}
	for (; w < cols && n + 1 < len; w++)
		out[n++] = ' ';
	out[n] = '\0';
}

static int on_score(void *ctx, const struct kw_score_row *r)
{
	kw_journey_add(ctx, r);
	return 0;
}

static void add_path(struct ui *ui, struct panel *p, struct ui_list *l, size_t i)
{
	struct regard *rg = p->ext;
	const struct kw_journey_path *jp = &rg->j.p[i];
	char when[32], spark[96], lab[128], dist[96], rest[256];
	struct ui_row *r;

	ui_form_date_show(jp->last_on, when);
	chart(rg, jp, spark, sizeof(spark));
	if (jp->nrecent == 0)
		snprintf(spark, sizeof(spark), "-");
	pad(ui_label(ui, "pathways", jp->pathway), LABEL_COLS, lab, sizeof(lab));
	distance(jp, dist, sizeof(dist));
	snprintf(rest, sizeof(rest), "%s %s", lab, dist);
	r = ui_list_add(l, UC_NORMAL, false, when, spark, rest, NULL, NULL, NULL);
	r->kind = JOURNEY_KIND + (int)i;
	snprintf(r->record_id, sizeof(r->record_id), "%s", jp->last_id);
	snprintf(r->client_id, sizeof(r->client_id), "%s", p->client_id);
}

/* Her journey first, then the panel's lists; the selection stays where it was. */
static void regard_loaded(struct ui *ui, struct panel *p)
{
	struct regard *rg = p->ext;
	struct ui_list l = { 0 };
	const struct kw_list_spec *pw = kw_list_find(ui->pack, "pathways");
	bool *done;
	char head[160], none[96];
	struct kw_err err;

	kw_journey_free(&rg->j);
	rg->error[0] = '\0';
	ladder_range(ui, &rg->lo, &rg->hi);
	if (kw_app_scores(ui->s, p->client_id, on_score, &rg->j, &err) < 0)
		snprintf(rg->error, sizeof(rg->error), "%s", err.msg);
	snprintf(head, sizeof(head), "Her journey: scores from %d to %d, oldest to latest", rg->lo,
		 rg->hi);
	ui_list_add(&l, UC_HEADING, true, head, NULL, NULL, NULL, NULL, NULL);
	done = kw_xcalloc(rg->j.n + 1, sizeof(*done));
	/* In the pathways list's order; any pathway no longer listed after them. */
	for (size_t k = 0; pw != NULL && k < pw->nitems; k++) {
		for (size_t i = 0; i < rg->j.n; i++) {
			if (!done[i] && strcmp(rg->j.p[i].pathway, pw->items[k].key) == 0) {
				add_path(ui, p, &l, i);
				done[i] = true;
			}
		}
	}
	for (size_t i = 0; i < rg->j.n; i++)
		if (!done[i])
			add_path(ui, p, &l, i);
	free(done);
	if (rg->j.n == 0)
		ui_list_add(&l, UC_DIM, true,
			    ui_keys_text("No scores yet: {score} scores a pathway with her.", none,
					 sizeof(none)),
			    NULL, NULL, NULL, NULL, NULL);
	ui_list_add(&l, UC_NORMAL, true, "", NULL, NULL, NULL, NULL, NULL);
	/* The rows move over, cells and all. */
	for (size_t i = 0; i < p->list.n; i++) {
		struct ui_row *r =
			ui_list_add(&l, UC_NORMAL, false, NULL, NULL, NULL, NULL, NULL, NULL);

		*r = p->list.rows[i];
	}
	free(p->list.rows);
	memcpy(l.width, p->list.width, sizeof(l.width));
	p->list = l;
	p->list.sel = 0;
	ui_list_select_from(&p->list, 0);
	for (size_t i = 0; i < p->list.n && rg->sel_key[0] != '\0'; i++) {
		const struct ui_row *r = &p->list.rows[i];
		bool journey = r->kind >= JOURNEY_KIND && !r->heading;

		if (r->heading || journey != rg->sel_journey)
			continue;
		if (journey ? strcmp(rg->j.p[r->kind - JOURNEY_KIND].pathway, rg->sel_key) == 0
			    : strcmp(r->record_id, rg->sel_key) == 0) {
			p->list.sel = i;
			break;
		}
	}
}

/* Notes where the selection is, so a reload keeps it (the newest score's id changes). */
static void regard_draw_top(struct ui *ui, struct panel *p, int *y)
{
	struct regard *rg = p->ext;
	const struct ui_row *r = ui_panel_selected(p);

	(void)ui;
	rg->sel_key[0] = '\0';
	if (r != NULL) {
		rg->sel_journey = r->kind >= JOURNEY_KIND;
		snprintf(rg->sel_key, sizeof(rg->sel_key), "%s",
			 rg->sel_journey ? rg->j.p[r->kind - JOURNEY_KIND].pathway : r->record_id);
	}
	if (rg->error[0] != '\0')
		ui_put_fill(stdscr, (*y)++, 1, COLS - 2, rg->error, ui_attr(UC_ERROR));
}

static enum ui_result regard_key(struct ui *ui, struct panel *p, enum ui_op op,
				 const struct ui_key *k)
{
	struct regard *rg = p->ext;
	const struct ui_row *r = ui_panel_selected(p);
	bool journey = r != NULL && r->kind >= JOURNEY_KIND;

	(void)k;
	switch (op) {
	case UI_OP_SCORE: {
		struct kw_values vals = { 0 };
		struct screen *f;

		if (journey)
			kw_values_set(&vals, "pathway", rg->j.p[r->kind - JOURNEY_KIND].pathway);
		f = ui_form_new(ui, "outcome_ladder", NULL, p->client_id, &vals, NULL, NULL);
		kw_values_free(&vals);
		if (journey)
			ui_form_focus(f, "score"); /* the pathway is chosen: its score is next */
		ui_push(ui, f);
		return UI_DONE;
	}
	case UI_OP_OPEN:
		if (!journey)
			return UI_PASS;
		/* Her newest score on this pathway, to read or correct. */
		ui_push(ui,
			ui_form_new(ui, "outcome_ladder", r->record_id, NULL, NULL, NULL, NULL));
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static void regard_free(struct panel *p)
{
	struct regard *rg = p->ext;

	if (rg == NULL)
		return;
	kw_journey_free(&rg->j);
	free(rg);
	p->ext = NULL;
}

static const struct panel_spec regard = {
	.name = "1 Regard",
	.ops = regard_ops,
	.sections = { { "Strengths and achievements",
			"strength",
			"noted_on",
			{ "noted_on", "kind", "description", NULL },
			"None recorded yet: {add} adds one.",
			false } },
	.widths = { 12, 14, 0, 0 },
	.draw_top = regard_draw_top,
	.key = regard_key,
	.loaded = regard_loaded,
	.free_ext = regard_free,
};

struct screen *ui_regard_new(struct ui *ui, const char *client_id)
{
	struct screen *sc = ui_panel_new(ui, &regard, client_id, NULL);

	ui_panel_of(sc)->ext = kw_xcalloc(1, sizeof(struct regard));
	return sc;
}
