/*
 * screen_record.c: her record. A header (known-as name, reference,
 * keyworker, safety and risk flags, her latest achievement, the pinned
 * handover summary), the principles' tab strip, and her timeline, newest
 * first, read a page at a time as the selection reaches the end. What the
 * signed-in user's keys cannot open is simply not there.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/form.h"
#include "keywork/lookup.h"
#include "keywork/reads.h"
#include "keywork/team.h"
#include "ui.h"

#define PAGE 60
#define CHANGED_MAX 500 /* entries marked as changed since she last looked, at most */

struct record {
	char id[37];
	struct kw_header h;
	bool found;
	struct ui_list list;
	struct kw_tl_cursor cur;
	bool more; /* older entries may remain */
	unsigned long gen;
	bool loaded;
	char error[512];
	/* "Changed since you last looked": when this user last opened her record
	 * (read before this opening was audited), and what others wrote since. */
	char since[21];
	char (*changed)[37];
	size_t nchanged;
	char handover_by[33]; /* who changed her handover summary since, or "" */
};

struct gather {
	const struct ui *ui;
	struct ui_list *list;
	int n;
	const struct record *rc;
};

static bool changed_since(const struct record *rc, const char *id)
{
	for (size_t i = 0; i < rc->nchanged; i++)
		if (strcmp(rc->changed[i], id) == 0)
			return true;
	return false;
}

static int on_changed(void *ctx, const char *id, const char *by)
{
	struct record *rc = ctx;

	if (strcmp(id, rc->id) == 0) {
		snprintf(rc->handover_by, sizeof(rc->handover_by), "%s", by);
		return 0;
	}
	rc->changed = kw_xrealloc(rc->changed, (rc->nchanged + 1) * sizeof(*rc->changed));
	snprintf(rc->changed[rc->nchanged++], 37, "%s", id);
	return 0;
}

static void when_of(const char *at, char out[20])
{
	/* "2026-11-30T14:05:00Z" -> "2026-11-30 14:05"; a date alone stays a date. */
	if (at == NULL)
		snprintf(out, 20, "-");
	else if (strlen(at) >= 16 && at[10] == 'T')
		snprintf(out, 20, "%.10s %.5s", at, at + 11);
	else
		snprintf(out, 20, "%.10s", at);
}

/* The label of key in the named list, or the key itself. */
const char *ui_label(const struct ui *ui, const char *list, const char *key)
{
	const struct kw_list_spec *l = kw_list_find(ui->pack, list);
	const struct kw_list_item *it = l != NULL && key != NULL ? kw_list_item(l, key) : NULL;

	return it != NULL ? it->label : key;
}

/* What an entry is, in words: "Phone call: tried to reach her", "Court date". */
static void entry_title(const struct ui *ui, const struct kw_tl_entry *e, char *out, size_t len)
{
	const char *t = e->title != NULL ? e->title : "";

	switch (e->kind) {
	case KW_TL_CONTACT:
		snprintf(out, len, "%s%s%s",
			 e->mode != NULL ? ui_label(ui, "contact_modes", e->mode) : "",
			 e->mode != NULL ? ": " : "",
			 strcmp(t, "made") == 0	       ? "in touch"
			 : strcmp(t, "attempted") == 0 ? "attempted, not reached"
			 : strcmp(t, "missed") == 0    ? "missed"
						       : t);
		break;
	case KW_TL_NOTE:
		snprintf(out, len, "%s", e->confidential ? "Note (confidential)" : "Note");
		break;
	case KW_TL_TASK:
		snprintf(out, len, "Task: %s", t);
		break;
	case KW_TL_APPOINTMENT:
		snprintf(out, len, "%s", ui_label(ui, "appointment_kinds", t));
		break;
	case KW_TL_ADVOCACY:
		snprintf(out, len, "%s", ui_label(ui, "advocacy_steps", t));
		break;
	case KW_TL_STRENGTH:
		snprintf(out, len, "%s", ui_label(ui, "strength_kinds", t));
		break;
	default:
		snprintf(out, len, "%s", t);
		break;
	}
}

/* An entry's extra in words: a list's label (a missed reason, a task's status, an agency). */
static const char *extra_words(const struct ui *ui, const struct kw_tl_entry *e)
{
	switch (e->kind) {
	case KW_TL_CONTACT:
		return ui_label(ui, "missed_reasons", e->extra);
	case KW_TL_TASK:
		return ui_label(ui, "task_status", e->extra);
	case KW_TL_ADVOCACY:
		return ui_label(ui, "agencies", e->extra);
	default:
		return e->extra;
	}
}

static int on_entry(void *ctx, const struct kw_tl_entry *whole)
{
	struct gather *g = ctx;
	char when[20], what[160], body[512];
	struct ui_row *r;
	struct kw_tl_entry shown = *whole;
	const struct kw_tl_entry *e = &shown;
	bool marked = g->rc != NULL && changed_since(g->rc, e->id);

	/* Counted whether shown or not: a page is full when the store gave a page. */
	g->n++;
	/* Only what her forms let this role see: the rest is absent, not blanked. */
	if (!kw_tl_visible(g->ui->pack, g->ui->s->user.role, &shown))
		return 0;

	when_of(e->at, when);
	/* "* ": someone else wrote or changed it since this user last looked. */
	if (marked)
		memcpy(what, "* ", 3);
	entry_title(g->ui, e, what + (marked ? 2 : 0), sizeof(what) - (marked ? 2 : 0));
	if (e->amends_id != NULL) {
		memmove(what + 8, what, sizeof(what) - 8);
		memcpy(what, "Amended ", 8);
		what[sizeof(what) - 1] = '\0';
	}
	/* The original stays as written, and says that a later entry amends it. */
	if (e->amended)
		snprintf(what + strlen(what), sizeof(what) - strlen(what), " (amended)");
	snprintf(body, sizeof(body), "%s%s%s", e->extra != NULL ? extra_words(g->ui, e) : "",
		 e->extra != NULL && e->body != NULL ? " - " : "", e->body != NULL ? e->body : "");
	/* A way she did not mark safe, or asked never to be used, says so first, with why. */
	if (e->kind == KW_TL_CONTACT && e->override != NULL) {
		struct kw_buf b = { 0 };

		kw_buf_printf(&b, "%s: %s%s%s",
			      e->channel_safety != NULL && strcmp(e->channel_safety, "never") == 0
				      ? "Way she asked never to be used"
				      : "Way not marked safe",
			      e->override, body[0] != '\0' ? " - " : "", body);
		snprintf(body, sizeof(body), "%.*s", (int)sizeof(body) - 1, b.p);
		memset(b.p, 0, b.len);
		kw_buf_free(&b);
	}
	/* One line per entry here; Enter shows it whole. Newlines read as spaces. */
	for (char *p = body; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	r = ui_list_add(g->list, marked ? UC_OK : UC_NORMAL, false, when,
			e->by != NULL ? e->by : "", what, body, NULL, NULL);
	r->kind = (int)e->kind;
	snprintf(r->record_id, sizeof(r->record_id), "%.36s", e->id);
	memset(body, 0, sizeof(body));
	return 0;
}

static void load_more(struct ui *ui, struct record *rc)
{
	struct gather g = { ui, &rc->list, 0, rc };
	struct kw_err err;

	if (!rc->more)
		return;
	if (kw_app_timeline(ui->s, rc->id, &rc->cur, PAGE, on_entry, &g, &err) < 0) {
		snprintf(rc->error, sizeof(rc->error), "%s", err.msg);
		rc->more = false;
		return;
	}
	rc->more = g.n == PAGE;
}

static void load(struct ui *ui, struct record *rc)
{
	struct kw_err err;
	int r;
	char keep[37] = "";
	const struct ui_row *was = ui_list_selected(&rc->list);

	/* The entry highlighted stays highlighted when she comes back (from viewing it, say). */
	if (was != NULL)
		snprintf(keep, sizeof(keep), "%s", was->record_id);

	kw_header_clear(&rc->h);
	ui_list_clear(&rc->list);
	memset(&rc->cur, 0, sizeof(rc->cur));
	rc->error[0] = '\0';
	rc->more = true;
	r = kw_app_header(ui->s, rc->id, &rc->h, &err);
	rc->found = r == 1;
	if (r < 0)
		snprintf(rc->error, sizeof(rc->error), "%s", err.msg);
	else if (r == 0)
		snprintf(rc->error, sizeof(rc->error), "This record is no longer here.");
	rc->list.width[0] = 16;
	rc->list.width[1] = 10;
	rc->list.width[2] = 32;
	free(rc->changed);
	rc->changed = NULL;
	rc->nchanged = 0;
	rc->handover_by[0] = '\0';
	/* Her record is shown all the same; what could not be marked is said. */
	if (rc->found && rc->since[0] != '\0' &&
	    kw_app_changed_since(ui->s, rc->id, rc->since, CHANGED_MAX, on_changed, rc, &err) < 0)
		ui_message(ui, UC_ERROR, "What changed since you last looked could not be read: %s",
			   err.msg);
	if (rc->found)
		load_more(ui, rc);
	for (size_t i = 0; keep[0] != '\0'; i++) {
		if (i == rc->list.n) {
			size_t had = rc->list.n;

			load_more(ui, rc);
			if (rc->list.n == had)
				break;
		}
		if (strcmp(rc->list.rows[i].record_id, keep) == 0) {
			rc->list.sel = i;
			break;
		}
	}
	rc->gen = ui->stack_gen;
	rc->loaded = true;
}

/* True if the signed-in role may see form's field: the header shows nothing else. */
static bool sees(const struct ui *ui, const char *form, const char *field)
{
	return kw_form_sees(ui->pack, form, field, ui->s->user.role);
}

/* Her header's lines as this role may see them (strings point into rc->h). */
struct header_view {
	const char *handover, *latest;
};

static struct header_view header_of(const struct ui *ui, const struct record *rc)
{
	struct header_view v = { NULL, NULL };

	if (rc->h.handover != NULL && sees(ui, KW_FORM_HANDOVER, "handover"))
		v.handover = rc->h.handover;
	if (rc->h.latest_strength != NULL && sees(ui, "strength", "description"))
		v.latest = rc->h.latest_strength;
	return v;
}

static int header_lines(const struct ui *ui, const struct record *rc)
{
	struct header_view v = header_of(ui, rc);

	return 3 + (v.latest != NULL) + (v.handover != NULL) +
	       (rc->nchanged > 0 || rc->handover_by[0] != '\0');
}

/* Appends to line at *n (its length so far), never past len: a long name is cut, not overrun. */
static void put(char *line, size_t len, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void put(char *line, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n >= len - 1)
		return;
	va_start(ap, fmt);
	w = vsnprintf(line + *n, len - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < len - 1 ? *n + (size_t)w : len - 1;
}

/* "  label value" into line at *n when role may see form's field and value is known. */
static void header_part(const struct ui *ui, char *line, size_t len, size_t *n, const char *form,
			const char *field, const char *label, const char *value)
{
	if (!sees(ui, form, field))
		return;
	put(line, len, n, "%s%s%s", *n > 0 ? "   " : "", label,
	    value != NULL ? value : "not asked yet");
}

static void record_draw(struct ui *ui, struct screen *sc)
{
	struct record *rc = sc->p;
	const struct kw_client *c = &rc->h.client;
	struct header_view hv;
	const char *name;
	char line[512];
	int y = 1, h;
	size_t n = 0;
	bool risk, apart;

	/* Read afresh first: the header's strings do not outlive a reload. */
	if (!rc->loaded || rc->gen != ui->stack_gen)
		load(ui, rc);
	hv = header_of(ui, rc);
	name = ui->discreet || c->known_as == NULL ? c->reference : c->known_as;
	ui_draw_title(ui, "Her record");
	if (!rc->found) {
		ui_put_fill(stdscr, 2, 1, COLS - 2, rc->error, ui_attr(UC_ERROR));
		return;
	}
	/* Each part only for a role her forms let see it. */
	n = 0;
	put(line, sizeof(line), &n, "%s  %s", name, c->reference);
	if (sees(ui, "intake", "keyworker"))
		put(line, sizeof(line), &n, "  keyworker %s",
		    rc->h.keyworker[0] != '\0' ? rc->h.keyworker : "(none)");
	if (rc->h.programme != NULL && sees(ui, "referral", "programme"))
		put(line, sizeof(line), &n, "  programme %s",
		    ui_label(ui, "programmes", rc->h.programme));
	ui_put_fill(stdscr, y++, 1, COLS - 2, line, ui_attr(UC_HEADING));
	/* Her handover summary is pinned first, under her name (h edits it). */
	if (hv.handover != NULL) {
		snprintf(line, sizeof(line), "Handover%s%s%s: %s",
			 rc->handover_by[0] != '\0' ? " (changed by " : "", rc->handover_by,
			 rc->handover_by[0] != '\0' ? ")" : "", hv.handover);
		for (char *p = line; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		ui_put_fill(stdscr, y++, 1, COLS - 2, line,
			    ui_attr(rc->handover_by[0] != '\0' ? UC_OK : UC_HEADING));
	}
	apart = rc->h.keep_apart > 0 && kw_kind_sees(ui->pack, "keep_apart", ui->s->user.role);
	risk = rc->h.risk_level != NULL &&
	       kw_kind_sees(ui->pack, "risk_assessment", ui->s->user.role);
	/* The flags first, so a long value never pushes them off the line. */
	n = 0;
	line[0] = '\0';
	if (rc->h.restricted)
		put(line, sizeof(line), &n, "RESTRICTED: read only");
	if (rc->h.conflicts > 0) {
		char keys[32];

		snprintf(keys, sizeof(keys), "%s", ui_key_name(UI_OP_CONFLICTS, UI_IN_LIST));
		put(line, sizeof(line), &n, "%s%ld CONFLICT%s (%s)", n > 0 ? "   " : "",
		    rc->h.conflicts, rc->h.conflicts == 1 ? "" : "S", keys);
	}
	if (rc->h.legal_hold)
		put(line, sizeof(line), &n, "%sLEGAL HOLD", n > 0 ? "   " : "");
	if (apart)
		put(line, sizeof(line), &n, "%sKEEP APART", n > 0 ? "   " : "");
	if (risk) {
		/* Her latest risk: level, score and whether a MARAC referral is indicated. */
		char score[32] = "";

		if (rc->h.risk_score >= 0)
			snprintf(score, sizeof(score), "score %ld", rc->h.risk_score);
		put(line, sizeof(line), &n, "%sRISK %.40s%s%s%s%s", n > 0 ? "   " : "",
		    rc->h.risk_level, score[0] != '\0' || rc->h.risk_marac ? " (" : "", score,
		    rc->h.risk_marac ? (score[0] != '\0' ? ", MARAC referral indicated"
							 : "MARAC referral indicated")
				     : "",
		    score[0] != '\0' || rc->h.risk_marac ? ")" : "");
	}
	header_part(ui, line, sizeof(line), &n, "intake", "safe_channels",
		    "Safe to reach by: ", rc->h.safe_channels);
	header_part(ui, line, sizeof(line), &n, "intake", "date_of_birth", "Born ",
		    c->date_of_birth);
	header_part(ui, line, sizeof(line), &n, "intake", "phone", "Phone ",
		    ui->discreet ? "-" : c->phone);
	/* A hint of her codeword (first letter, length), never the word. */
	if (rc->h.codeword_hint[0] != '\0' && !ui->discreet)
		header_part(ui, line, sizeof(line), &n, "intake", "codeword", "Codeword ",
			    rc->h.codeword_hint);
	ui_put_fill(
		stdscr, y++, 1, COLS - 2, line,
		ui_attr(risk || apart || rc->h.restricted || rc->h.legal_hold || rc->h.conflicts > 0
				? UC_FLAG
				: UC_NORMAL));
	if (hv.latest != NULL) {
		snprintf(line, sizeof(line), "Latest: %s", hv.latest);
		ui_put_fill(stdscr, y++, 1, COLS - 2, line, ui_attr(UC_OK));
	}
	{
		/*
		 * The tab strip offers only what this role can open, most used first; on a
		 * narrow terminal what does not fit is left out whole (help lists it all).
		 */
		static const struct {
			enum ui_op op;
			const char *words;
		} tabs[] = {
			{ UI_OP_REGARD, "Regard  " },	    { UI_OP_CONTACT, "Contact  " },
			{ UI_OP_PRACTICAL, "Practical  " }, { UI_OP_PEERS, "Peers  " },
			{ UI_OP_ADVOCACY, "Advocacy   " },  { UI_OP_NOTE, "note  " },
			{ UI_OP_WITH_HER, "with her  " },   { UI_OP_EDIT, "edit  " },
			{ UI_OP_HANDOVER, "handover  " },   { UI_OP_EPISODE, "episodes" },
		};
		size_t room = COLS > 2 ? (size_t)COLS - 2 : 0;

		n = 0;
		line[0] = '\0';
		for (size_t i = 0; i < KW_ARRAY_LEN(tabs); i++) {
			size_t was = n, end;

			if (!ui_op_offered(ui, tabs[i].op))
				continue;
			put(line, sizeof(line), &n, "%s %s", ui_key(tabs[i].op), tabs[i].words);
			/* Trailing spaces may pass the edge; the words may not. */
			for (end = n; end > 0 && line[end - 1] == ' '; end--)
				;
			if ((size_t)ui_width(line) - (n - end) > room) {
				n = was;
				line[n] = '\0';
				break;
			}
		}
		ui_put_fill(stdscr, y++, 1, COLS - 2, line, ui_attr(UC_BAR));
	}
	if (rc->nchanged > 0 || rc->handover_by[0] != '\0') {
		char since[32];

		ui_form_datetime_show(rc->since, since);
		snprintf(line, sizeof(line), "* changed by someone else since you last looked (%s)",
			 since);
		ui_put_fill(stdscr, y++, 1, COLS - 2, line, ui_attr(UC_OK));
	}
	if (rc->error[0] != '\0')
		ui_put_fill(stdscr, y++, 1, COLS - 2, rc->error, ui_attr(UC_ERROR));
	h = ui_body_top() + ui_body_height() - y;
	if (rc->list.n == 0)
		ui_put_fill(stdscr, y, 1, COLS - 2,
			    ui_keys_text(
				    "Nothing recorded yet: {contact} logs a contact, {note} writes "
				    "a note.",
				    line, sizeof(line)),
			    ui_attr(UC_DIM));
	else
		ui_list_draw(&rc->list, y, h, true);
	(void)header_lines;
}

/* --- viewing one entry whole --- */

struct entry_view {
	struct ui_text t;
	char title[160];
};

static void view_draw(struct ui *ui, struct screen *sc)
{
	struct entry_view *v = sc->p;

	ui_draw_title(ui, v->title);
	ui_text_draw(&v->t, stdscr, 2, 2, ui_body_height() - 2, COLS - 4, 0, false);
}

static enum ui_result view_key(struct ui *ui, struct screen *sc, enum ui_op op,
			       const struct ui_key *k)
{
	struct entry_view *v = sc->p;

	(void)ui;
	(void)k;
	switch (op) {
	case UI_OP_BACK:
	case UI_OP_CANCEL:
	case UI_OP_OPEN:
		return UI_CLOSE;
	case UI_OP_DOWN:
	case UI_OP_PAGE_DOWN:
		v->t.top += op == UI_OP_DOWN ? 1 : ui_body_height() - 3;
		if (v->t.top > ui_text_lines(&v->t, COLS - 5) - 1)
			v->t.top = ui_text_lines(&v->t, COLS - 5) - 1;
		v->t.cur = 0;
		return UI_DONE;
	case UI_OP_UP:
	case UI_OP_PAGE_UP:
		v->t.top -= op == UI_OP_UP ? 1 : ui_body_height() - 3;
		if (v->t.top < 0)
			v->t.top = 0;
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static void view_free(struct screen *sc)
{
	struct entry_view *v = sc->p;

	ui_text_free(&v->t);
	free(v);
}

static const enum ui_op view_ops[] = { UI_OP_BACK, UI_OP_DOWN, UI_OP_UP,
				       UI_OP_LOCK, UI_OP_HELP, UI_OP_NONE };
static const struct screen_ops view_screen = {
	.name = "Entry",
	.ops = view_ops,
	.draw = view_draw,
	.key = view_key,
	.free = view_free,
};

struct view_find {
	const struct ui *ui;
	const char *id;
	struct entry_view *v;
};

static int find_entry(void *ctx, const struct kw_tl_entry *whole)
{
	struct view_find *f = ctx;
	struct kw_buf b = { 0 };
	char when[20];
	struct kw_tl_entry shown = *whole;
	const struct kw_tl_entry *e = &shown;

	if (strcmp(e->id, f->id) != 0 || !kw_tl_visible(f->ui->pack, f->ui->s->user.role, &shown))
		return 0;
	when_of(e->at, when);
	snprintf(f->v->title, sizeof(f->v->title), "%s%s, %s",
		 e->amends_id ? "Amendment to a " : "", kw_tl_kind_name(e->kind), when);
	kw_buf_printf(&b, "When: %s\nBy: %s\n", when, e->by != NULL ? e->by : "");
	if (e->kind != KW_TL_NOTE) {
		char what[160];

		entry_title(f->ui, e, what, sizeof(what));
		kw_buf_printf(&b, "%s\n", what);
	}
	if (e->extra != NULL)
		kw_buf_printf(&b, "%s\n", extra_words(f->ui, e));
	if (e->amends_id != NULL)
		kw_buf_adds(&b, "This amends an earlier entry, which is kept as it was.\n");
	if (e->amended)
		kw_buf_adds(&b,
			    "Amended later: the amendment is on her timeline, and this entry is "
			    "kept as it was written.\n");
	/* Its id, for a manager's keywork redact --record (or --note). */
	if (f->ui->s != NULL && f->ui->s->user.role == KW_ROLE_MANAGER)
		kw_buf_printf(&b, "Record %s\n", e->id);
	kw_buf_adds(&b, "\n");
	if (e->body != NULL)
		kw_buf_adds(&b, e->body);
	ui_text_set(&f->v->t, b.p);
	f->v->t.cur = 0;
	memset(b.p, 0, b.len);
	kw_buf_free(&b);
	return 1;
}

/* Shows the selected entry whole: the timeline page it is on is read again up to it. */
static void open_entry(struct ui *ui, struct record *rc, const struct ui_row *r)
{
	struct entry_view *v = kw_xcalloc(1, sizeof(*v));
	struct view_find f = { ui, r->record_id, v };
	struct kw_tl_cursor cur = { 0 };
	struct kw_err err;
	int n;

	ui_text_init(&v->t, "", true, 0);
	do {
		n = kw_app_timeline(ui->s, rc->id, &cur, PAGE, find_entry, &f, &err);
	} while (n == PAGE && v->title[0] == '\0');
	if (v->title[0] == '\0') {
		ui_text_free(&v->t);
		free(v);
		ui_message(ui, UC_ERROR, "That entry could not be read again.");
		return;
	}
	ui_push(ui, ui_screen_new(&view_screen, v));
}

static enum ui_result record_key(struct ui *ui, struct screen *sc, enum ui_op op,
				 const struct ui_key *k)
{
	struct record *rc = sc->p;
	const struct ui_row *r = ui_list_selected(&rc->list);
	int h = ui_body_height() - header_lines(ui, rc);
	(void)k;
	/* A key passed on from a list (1-5 on Today) comes before her record is first drawn. */
	if (!rc->loaded)
		load(ui, rc);
	if (!rc->found)
		return UI_PASS;
	if (ui_list_move(&rc->list, op, h)) {
		if (rc->list.sel + 2 >= rc->list.n && rc->more)
			load_more(ui, rc);
		return UI_DONE;
	}
	switch (op) {
	case UI_OP_OPEN:
		if (r != NULL)
			open_entry(ui, rc, r);
		return UI_DONE;
	case UI_OP_NOTE:
		ui_push(ui, ui_note_new(ui, rc->id, NULL));
		return UI_DONE;
	case UI_OP_NOTE_SEARCH:
		/* Drop-in staff hold no key to the notes: not offered, and said so. */
		if (!ui_op_offered(ui, op)) {
			ui_message(ui, UC_DIM,
				   "Case notes are read by keyworkers and managers only.");
			return UI_DONE;
		}
		ui_push(ui, ui_notes_search_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_AMEND:
		if (r == NULL || r->kind != KW_TL_NOTE) {
			ui_message(ui, UC_DIM, "Highlight a note to amend it.");
			return UI_DONE;
		}
		ui_push(ui, ui_note_new(ui, rc->id, r->record_id));
		return UI_DONE;
	case UI_OP_EDIT:
		ui_push(ui, ui_form_new(ui, "intake", rc->id, NULL, NULL, NULL, NULL));
		return UI_DONE;
	case UI_OP_REGARD:
		ui_push(ui, ui_regard_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_CONTACT:
		ui_push(ui, ui_contact_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_PRACTICAL:
		ui_push(ui, ui_practical_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_PEERS:
		ui_push(ui, ui_peers_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_ADVOCACY:
		ui_push(ui, ui_advocacy_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_FAMILY:
		ui_push(ui, ui_family_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_PATHWAYS:
		ui_push(ui, ui_pathways_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_SAFETY:
		ui_push(ui, ui_safety_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_CONSENT:
		if (!kw_app_has_sensitive(ui->s)) {
			ui_message(ui, UC_DIM,
				   "Consent and sharing are for keyworkers and managers.");
			return UI_DONE;
		}
		ui_push(ui, ui_consent_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_EPISODE:
		ui_push(ui, ui_episodes_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_CONFLICTS:
		if (!ui_op_offered(ui, op)) {
			ui_message(ui, UC_DIM,
				   "Outreach conflicts are chosen by keyworkers and managers.");
			return UI_DONE;
		}
		ui_push(ui, ui_conflicts_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_WITH_HER:
		ui_push(ui, ui_withher_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_JUSTICE:
		if (!kw_app_has_sensitive(ui->s)) {
			ui_message(ui, UC_DIM,
				   "Criminal justice records are for keyworkers and managers.");
			return UI_DONE;
		}
		ui_push(ui, ui_justice_new(ui, rc->id));
		return UI_DONE;
	case UI_OP_PAUSE:
	case UI_OP_APPOINTMENT:
		/* Pauses and appointments live in 2 Contact: open it and do it there. */
		ui_push(ui, ui_contact_new(ui, rc->id));
		return ui->top->ops->key(ui, ui->top, op, k);
	case UI_OP_HANDOVER:
		if (!kw_app_has_sensitive(ui->s)) {
			ui_message(ui, UC_DIM,
				   "The handover summary is for keyworkers and managers.");
			return UI_DONE;
		}
		ui_push(ui, ui_form_new(ui, KW_FORM_HANDOVER, rc->id, NULL, NULL, NULL, NULL));
		return UI_DONE;
	case UI_OP_REDRAW:
		rc->loaded = false;
		return UI_PASS;
	default:
		return UI_PASS;
	}
}

static void record_free(struct screen *sc)
{
	struct record *rc = sc->p;

	kw_header_clear(&rc->h);
	ui_list_clear(&rc->list);
	free(rc->changed);
	free(rc);
}

static const enum ui_op record_ops[] = {
	UI_OP_HELP,	UI_OP_BACK,	   UI_OP_NOTE,	    UI_OP_NOTE_SEARCH, UI_OP_CONTACT,
	UI_OP_EDIT,	UI_OP_OPEN,	   UI_OP_REGARD,    UI_OP_PRACTICAL,   UI_OP_PEERS,
	UI_OP_ADVOCACY, UI_OP_FAMILY,	   UI_OP_PATHWAYS,  UI_OP_SAFETY,      UI_OP_CONSENT,
	UI_OP_JUSTICE,	UI_OP_WITH_HER,	   UI_OP_EPISODE,   UI_OP_HANDOVER,    UI_OP_AMEND,
	UI_OP_PAUSE,	UI_OP_APPOINTMENT, UI_OP_CONFLICTS, UI_OP_SEARCH,      UI_OP_LOCK,
	UI_OP_QUIT,	UI_OP_DOWN,	   UI_OP_UP,	    UI_OP_PAGE_DOWN,   UI_OP_PAGE_UP,
	UI_OP_FIRST,	UI_OP_LAST,	   UI_OP_NONE
};

static const struct screen_ops record_screen = {
	.name = "Her record",
	.ops = record_ops,
	.draw = record_draw,
	.key = record_key,
	.free = record_free,
};

struct screen *ui_record_new(struct ui *ui, const char *client_id)
{
	struct record *rc = kw_xcalloc(1, sizeof(*rc));
	struct kw_err err;
	char today[11];

	ui_today(today);
	snprintf(rc->id, sizeof(rc->id), "%s", client_id);
	/* When this user last looked, read before this look is recorded. */
	if (ui->s != NULL && kw_app_last_look(ui->s, client_id, rc->since, &err) < 0) {
		rc->since[0] = '\0';
		ui_message(ui, UC_ERROR, "When you last looked could not be read: %s", err.msg);
	}
	/* Opening her record is recorded, as every look at a woman's file is. */
	if (ui->s != NULL && kw_app_record_opened(ui->s, client_id, today, &err) != 0) {
		/* Restricted to named staff this user is not one of: refused (and recorded). */
		if (err.reason == KW_R_HIDDEN) {
			ui_message(ui, UC_ERROR, "%s", err.msg);
			free(rc);
			return NULL;
		}
		ui_message(ui, UC_ERROR, "Opening her record could not be recorded: %s", err.msg);
	}
	return ui_screen_new(&record_screen, rc);
}
