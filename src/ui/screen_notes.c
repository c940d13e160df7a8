/*
 * screen_notes.c: N, searching case notes. From her record it searches her
 * notes; from Today, every note the signed-in user may read (the store
 * decides: confidential notes only for their writer, her keyworker and
 * managers). The words typed are matched as one phrase when Enter is
 * pressed; results come newest first, each with the words around the match
 * and the match itself highlighted. Enter on a result shows the note whole;
 * from there (searching from Today) Enter opens her record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keywork/reads.h"
#include "ui.h"

#define NOTES_LIMIT 200
#define SNIP_BEFORE 40 /* bytes of text kept before the match */

struct hit {
	char id[37];
	char client_id[37];
	char when[40]; /* as shown */
	char who[120]; /* her name (or reference), from Today only */
	bool confidential;
	char *body; /* owned; wiped on free */
};

struct notes {
	char client_id[37]; /* "" from Today: every note she may read */
	char her[120];	    /* her name, from her record */
	struct ui_text q;
	char last[256]; /* the query the results are for */
	bool searched;
	struct hit *h;
	size_t n, sel, top;
	bool viewing; /* the selected note shown whole */
	struct ui_text whole;
	char error[512];
};

static void wipe_str(char *s)
{
	if (s != NULL)
		memset(s, 0, strlen(s));
	free(s);
}

static void clear_hits(struct notes *x)
{
	for (size_t i = 0; i < x->n; i++)
		wipe_str(x->h[i].body);
	free(x->h);
	x->h = NULL;
	x->n = x->sel = x->top = 0;
}

/* Her known-as name and reference (or the reference alone in discreet mode). */
static void name_of(struct ui *ui, const char *client_id, char *out, size_t len)
{
	struct kw_client c = { 0 };
	struct kw_err err;

	out[0] = '\0';
	if (kw_app_client_get(ui->s, client_id, &c, &err) == 1) {
		if (ui->discreet || c.known_as == NULL)
			snprintf(out, len, "%s", c.reference);
		else
			snprintf(out, len, "%s (%s)", c.known_as, c.reference);
	}
	kw_client_clear(&c);
}

struct gather {
	struct ui *ui;
	struct notes *x;
};

static int on_note(void *ctx, const struct kw_note *n)
{
	struct gather *g = ctx;
	struct notes *x = g->x;
	struct hit *h;
	char day[32];

	x->h = kw_xrealloc(x->h, (x->n + 1) * sizeof(*x->h));
	h = &x->h[x->n++];
	memset(h, 0, sizeof(*h));
	snprintf(h->id, sizeof(h->id), "%s", n->meta.id);
	snprintf(h->client_id, sizeof(h->client_id), "%s", n->client_id);
	/* When it happened, as every screen shows it. */
	ui_form_datetime_show(n->happened_at, day);
	snprintf(h->when, sizeof(h->when), "%s", day);
	h->confidential = n->confidential;
	h->body = kw_xstrdup(n->body != NULL ? n->body : "");
	if (x->client_id[0] == '\0')
		name_of(g->ui, n->client_id, h->who, sizeof(h->who));
	return 0;
}

static void run(struct ui *ui, struct notes *x)
{
	struct gather g = { ui, x };
	struct kw_err err;
	const char *q = ui_text_str(&x->q);

	while (*q == ' ')
		q++;
	clear_hits(x);
	x->error[0] = '\0';
	snprintf(x->last, sizeof(x->last), "%s", ui_text_str(&x->q));
	x->searched = q[0] != '\0';
	if (!x->searched)
		return;
	if (kw_app_note_search(ui->s, q, x->client_id[0] != '\0' ? x->client_id : NULL, NOTES_LIMIT,
			       on_note, &g, &err) != 0)
		snprintf(x->error, sizeof(x->error), "%s", err.msg);
}

/*
 * Draws the words around the first match of q in body on line y, the match
 * highlighted. Line breaks are shown as spaces; ui_put escapes the rest.
 */
static void draw_snippet(int y, int x0, int width, const char *body, const char *q)
{
	size_t qlen, blen = strlen(body), at = 0, start = 0;
	char *flat = kw_xmalloc(blen + 1), *m;
	int used = 0;

	while (*q == ' ')
		q++;
	qlen = strlen(q);
	while (qlen > 0 && q[qlen - 1] == ' ')
		qlen--;
	for (size_t i = 0; i <= blen; i++)
		flat[i] = body[i] == '\n' || body[i] == '\t' || body[i] == '\r' ? ' ' : body[i];
	/* The phrase as typed, in any case (a line break in the note counts as a space). */
	m = NULL;
	for (char *p = flat; qlen > 0 && m == NULL && *p != '\0'; p++)
		if (strncasecmp(p, q, qlen) == 0)
			m = p;
	if (m != NULL) {
		at = (size_t)(m - flat);
		start = at > SNIP_BEFORE ? at - SNIP_BEFORE : 0;
		/* Never in the middle of a character. */
		while (start > 0 && (flat[start] & 0xC0) == 0x80)
			start--;
	}
	if (start > 0)
		used += ui_put(stdscr, y, x0, width, "...", (size_t)-1, ui_attr(UC_DIM));
	if (m == NULL) {
		ui_put(stdscr, y, x0 + used, width - used, flat + start, (size_t)-1, 0);
	} else {
		used += ui_put(stdscr, y, x0 + used, width - used, flat + start, at - start, 0);
		if (used < width)
			used += ui_put(stdscr, y, x0 + used, width - used, flat + at, qlen,
				       ui_attr(UC_SELECTED) | A_REVERSE | A_BOLD);
		if (used < width)
			ui_put(stdscr, y, x0 + used, width - used, flat + at + qlen, (size_t)-1, 0);
	}
	memset(flat, 0, blen + 1);
	free(flat);
}

static void notes_draw(struct ui *ui, struct screen *sc)
{
	struct notes *x = sc->p;
	char title[200], status[600];
	int y0 = 4, per = 3, rows = (ui_body_height() - 3) / per;

	if (x->client_id[0] != '\0')
		snprintf(title, sizeof(title), "Search her notes: %s", x->her);
	else
		snprintf(title, sizeof(title), "Search notes: every note you may read");
	ui_draw_title(ui, title);
	if (x->viewing && x->sel < x->n) {
		const struct hit *h = &x->h[x->sel];

		ui_printf(stdscr, 1, 1, COLS - 2, ui_attr(UC_HEADING), "%s%s%s%s", h->when,
			  h->who[0] != '\0' ? "  " : "", h->who,
			  h->confidential ? "  confidential" : "");
		ui_put_fill(stdscr, 2, 1, COLS - 2,
			    ui_keys_text(
				    x->client_id[0] != '\0'
					    ? "{back} back to the results"
					    : "{open} opens her record; {back} back to the results",
				    status, sizeof(status)),
			    ui_attr(UC_DIM));
		ui_text_draw(&x->whole, stdscr, 4, 2, ui_body_height() - 3, COLS - 4, 0, false);
		return;
	}
	ui_put(stdscr, 1, 1, 6, "Find", (size_t)-1, ui_attr(UC_HEADING));
	if (x->error[0] != '\0')
		snprintf(status, sizeof(status), "%s", x->error);
	else if (!x->searched || strcmp(x->last, ui_text_str(&x->q)) != 0)
		ui_keys_text(
			"Type a word or phrase, then {open@text}. Newest first; {open@text} on "
			"one shows it whole.",
			status, sizeof(status));
	else
		snprintf(status, sizeof(status), "%zu note%s found, newest first%s", x->n,
			 x->n == 1 ? "" : "s", x->n >= NOTES_LIMIT ? " (the newest ones)" : "");
	ui_put_fill(stdscr, 2, 1, COLS - 2, status, ui_attr(x->error[0] ? UC_ERROR : UC_DIM));
	if (rows < 1)
		rows = 1;
	if (x->sel < x->top)
		x->top = x->sel;
	if (x->sel >= x->top + (size_t)rows)
		x->top = x->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && x->top + (size_t)r < x->n; r++) {
		size_t i = x->top + (size_t)r;
		const struct hit *h = &x->h[i];
		int y = y0 + r * per;

		ui_printf(stdscr, y, 0, COLS, ui_attr(i == x->sel ? UC_SELECTED : UC_HEADING),
			  " %s%s%s%s", h->when, h->who[0] != '\0' ? "  " : "", h->who,
			  h->confidential ? "  confidential" : "");
		draw_snippet(y + 1, 3, COLS - 4, h->body, x->last);
	}
	/* The cursor belongs in the query, drawn last. */
	ui_text_draw(&x->q, stdscr, 1, 7, 1, COLS - 9, ui_attr(UC_FIELD_FOCUS), true);
}

static enum ui_result notes_key(struct ui *ui, struct screen *sc, enum ui_op op,
				const struct ui_key *k)
{
	struct notes *x = sc->p;

	if (x->viewing) {
		if (op == UI_OP_BACK || op == UI_OP_CANCEL) {
			x->viewing = false;
			ui_text_free(&x->whole);
			return UI_DONE;
		}
		if (op == UI_OP_OPEN && x->client_id[0] == '\0' && x->sel < x->n) {
			/* Her record replaces the search; Back returns to Today. */
			snprintf(ui->pending_id, sizeof(ui->pending_id), "%s",
				 x->h[x->sel].client_id);
			ui->pending_open = true;
			return UI_CLOSE;
		}
		return op == UI_OP_NONE ? UI_DONE : UI_PASS;
	}
	if (op == UI_OP_UP || op == UI_OP_DOWN) {
		if (op == UI_OP_UP && x->sel > 0)
			x->sel--;
		else if (op == UI_OP_DOWN && x->sel + 1 < x->n)
			x->sel++;
		return UI_DONE;
	}
	if (op == UI_OP_BACK || op == UI_OP_CANCEL)
		return UI_CLOSE;
	if (op == UI_OP_OPEN) {
		if (!x->searched || strcmp(x->last, ui_text_str(&x->q)) != 0) {
			run(ui, x);
		} else if (x->sel < x->n) {
			x->viewing = true;
			ui_text_init(&x->whole, x->h[x->sel].body, true, 0);
		} else {
			ui_message(ui, UC_DIM, "No note matches: try other words.");
		}
		return UI_DONE;
	}
	if (op != UI_OP_NONE && !ui_op_edits_text(op))
		return UI_PASS;
	return ui_text_key(&x->q, k, COLS - 9) ? UI_DONE : UI_PASS;
}

static bool notes_text(const struct screen *sc)
{
	const struct notes *x = sc->p;

	return !x->viewing;
}

static const char *notes_mode(const struct screen *sc)
{
	const struct notes *x = sc->p;

	return x->viewing ? "VIEW" : "SEARCH";
}

static void notes_free(struct screen *sc)
{
	struct notes *x = sc->p;

	clear_hits(x);
	ui_text_free(&x->q);
	if (x->viewing)
		ui_text_free(&x->whole);
	memset(x, 0, sizeof(*x));
	free(x);
}

static const enum ui_op notes_ops[] = { UI_OP_OPEN, UI_OP_BACK, UI_OP_DOWN, UI_OP_UP,
					UI_OP_LOCK, UI_OP_HELP, UI_OP_NONE };

static const struct screen_ops notes_screen = {
	.name = "Search notes",
	.ops = notes_ops,
	.draw = notes_draw,
	.key = notes_key,
	.text = notes_text,
	.mode = notes_mode,
	.free = notes_free,
};

struct screen *ui_notes_search_new(struct ui *ui, const char *client_id)
{
	struct notes *x = kw_xcalloc(1, sizeof(*x));

	ui_text_init(&x->q, "", false, 80);
	if (client_id != NULL) {
		snprintf(x->client_id, sizeof(x->client_id), "%s", client_id);
		name_of(ui, client_id, x->her, sizeof(x->her));
	}
	return ui_screen_new(&notes_screen, x);
}
