/*
 * screen_note.c: the case-note editor, built in: never $EDITOR, never a
 * temporary file, so a note exists only in this process's memory and, once
 * saved, in the sensitive compartment. "When it happened" is asked apart
 * from "when written" (set by the save). Notes are append-only: amending
 * writes a new note that points at the old one, which stays as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/lookup.h"
#include "keywork/reads.h"
#include "keywork/view.h"
#include "ui.h"

#define NOTE_MAX_CHARS 100000

struct note {
	char client_id[37];
	char amends_id[37];
	char name[96];
	struct ui_text when;
	struct ui_text body;
	struct ui_text orig; /* amending: the note as written, shown above, never edited */
	char orig_when[20];
	int field;	   /* 0: when, 1: the note */
	bool confidential; /* read by its writer, her keyworker and managers only */
	char when_error[96];
};

/*
 * "When it happened" as typed (the form's date and time rules) to UTC
 * ISO-8601. A day alone is accepted as the start of that day: she may not
 * know the hour of a call she is writing up.
 */
bool ui_note_when(const char *s, char iso[21])
{
	char day[11], with_time[48];

	switch (ui_form_datetime_parse(s, iso)) {
	case UI_DATE_OK:
		return true;
	case UI_DATE_INCOMPLETE:
		if (ui_form_date_parse(s, day) != UI_DATE_OK)
			return false;
		snprintf(with_time, sizeof(with_time), "%s 00:00", day);
		return ui_form_datetime_parse(with_time, iso) == UI_DATE_OK;
	default:
		return false;
	}
}

static void now_local(char out[17])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 17, "%d/%m/%Y %H:%M", &tm);
}

static void check_when(struct note *n)
{
	char iso[21], now[21];

	n->when_error[0] = '\0';
	if (!ui_note_when(ui_text_str(&n->when), iso)) {
		snprintf(n->when_error, sizeof(n->when_error), "day/month/year hours:minutes");
		return;
	}
	kw_now_iso(now);
	if (strcmp(iso, now) > 0)
		snprintf(n->when_error, sizeof(n->when_error), "That is in the future.");
}

static void note_draw(struct ui *ui, struct screen *sc)
{
	struct note *n = sc->p;
	char line[256];
	int top = 6, h;

	ui_draw_title(ui, n->amends_id[0] != '\0' ? "Amending a case note" : "Case note");
	snprintf(line, sizeof(line), "About %s", n->name);
	ui_put_fill(stdscr, 1, 1, COLS - 2, line, ui_attr(UC_HEADING));
	ui_put(stdscr, 2, 1, 18, "When it happened", (size_t)-1, 0);
	ui_text_draw(&n->when, stdscr, 2, 20, 1, 18,
		     ui_attr(n->field == 0 ? UC_FIELD_FOCUS : UC_FIELD), false);
	ui_put(stdscr, 2, 40, COLS - 41, n->when_error, (size_t)-1, ui_attr(UC_ERROR));
	ui_put_fill(stdscr, 3, 1, COLS - 2,
		    n->amends_id[0] != '\0'
			    ? "This amends an earlier note; that note stays exactly as it was."
			    : "When written is set as you save. Saved notes are never changed: "
			      "amend them instead.",
		    ui_attr(UC_DIM));
	if (n->amends_id[0] != '\0') {
		/* The note being amended, above the amendment: a third of the room at most. */
		int room = ui_body_top() + ui_body_height() - top - 3;
		int oh = ui_text_lines(&n->orig, COLS - 2);

		if (oh > room / 3)
			oh = room / 3 > 1 ? room / 3 : 1;
		snprintf(line, sizeof(line), "The note as written%s%s (kept as it was)",
			 n->orig_when[0] != '\0' ? ", " : "", n->orig_when);
		ui_put_fill(stdscr, 5, 1, COLS - 2, line, ui_attr(UC_HEADING));
		ui_text_draw(&n->orig, stdscr, 6, 1, oh, COLS - 2, ui_attr(UC_DIM), false);
		top = 6 + oh + 2;
	}
	h = ui_body_top() + ui_body_height() - top;
	ui_keys_text(
		n->amends_id[0] != '\0' && n->confidential
			? "The amendment   CONFIDENTIAL ({confidential@text}: not confidential)"
		: n->amends_id[0] != '\0'
			? "The amendment   ({confidential@text} marks it confidential)"
		: n->confidential ? "The note   CONFIDENTIAL: you, her keyworker and managers "
				    "only ({confidential@text}: not confidential)"
				  : "The note   ({confidential@text} marks it confidential)",
		line, sizeof(line));
	ui_put_fill(stdscr, top - 1, 1, COLS - 2, line, ui_attr(UC_HEADING));
	ui_text_draw(&n->body, stdscr, top, 1, h, COLS - 2, 0, n->field == 1);
	if (n->field == 0)
		ui_text_draw(&n->when, stdscr, 2, 20, 1, 18, ui_attr(UC_FIELD_FOCUS), true);
}

static bool note_dirty(const struct screen *sc)
{
	const struct note *n = sc->p;

	return n->body.changed && ui_text_str(&n->body)[0] != '\0';
}

static enum ui_result save(struct ui *ui, struct note *n)
{
	struct kw_note kn;
	struct kw_err err;
	const char *body = ui_text_str(&n->body);

	check_when(n);
	if (n->when_error[0] != '\0') {
		n->field = 0;
		ui_message(ui, UC_ERROR, "When it happened: %s", n->when_error);
		return UI_DONE;
	}
	if (body[strspn(body, " \n")] == '\0') {
		n->field = 1;
		ui_message(ui, UC_ERROR, "The note is empty.");
		return UI_DONE;
	}
	memset(&kn, 0, sizeof(kn));
	snprintf(kn.client_id, sizeof(kn.client_id), "%s", n->client_id);
	ui_note_when(ui_text_str(&n->when), kn.happened_at);
	kn.body = (char *)body;
	kn.amends_id = n->amends_id[0] != '\0' ? n->amends_id : NULL;
	kn.confidential = n->confidential;
	if (kw_app_note_write(ui->s, &kn, &err) != 0) {
		ui_message(ui, UC_ERROR, "The note was not saved (it is still here): %s", err.msg);
		return UI_DONE;
	}
	ui_message(ui, UC_OK, "Note saved.");
	return UI_CLOSE;
}

static enum ui_result note_key(struct ui *ui, struct screen *sc, enum ui_op op,
			       const struct ui_key *k)
{
	struct note *n = sc->p;
	struct ui_text *t = n->field == 0 ? &n->when : &n->body;

	switch (op) {
	case UI_OP_SAVE:
		return save(ui, n);
	case UI_OP_CONFIDENTIAL:
		n->confidential = !n->confidential;
		n->body.changed = true;
		return UI_DONE;
	case UI_OP_NEXT_FIELD:
	case UI_OP_PREV_FIELD:
		n->field = !n->field;
		check_when(n);
		return UI_DONE;
	case UI_OP_BACK:
	case UI_OP_CANCEL:
		if (!note_dirty(sc) || ui_ask(ui, "Discard this note?", false))
			return UI_CLOSE;
		return UI_DONE;
	case UI_OP_UP:
	case UI_OP_DOWN:
	case UI_OP_PAGE_UP:
	case UI_OP_PAGE_DOWN:
		if (n->field == 1) {
			struct ui_key mv = { .kind = UK_KEY,
					     .code = op == UI_OP_UP || op == UI_OP_PAGE_UP
							     ? KEY_UP
							     : KEY_DOWN };
			int times = op == UI_OP_PAGE_UP || op == UI_OP_PAGE_DOWN
					    ? ui_body_height() - 6
					    : 1;

			for (int i = 0; i < times; i++)
				if (!ui_text_key(&n->body, &mv, COLS - 3))
					break;
		} else if (op == UI_OP_DOWN) {
			n->field = 1;
		}
		return UI_DONE;
	default:
		break;
	}
	if (op != UI_OP_NONE && op != UI_OP_OPEN && !ui_op_edits_text(op))
		return UI_PASS;
	if (n->field == 0 && op == UI_OP_OPEN) {
		n->field = 1;
		check_when(n);
		return UI_DONE;
	}
	if (ui_text_key(t, k, n->field == 0 ? 18 : COLS - 3)) {
		if (n->field == 0)
			check_when(n);
		return UI_DONE;
	}
	return UI_PASS;
}

static bool note_text(const struct screen *sc)
{
	(void)sc;
	return true;
}

static const char *note_mode(const struct screen *sc)
{
	(void)sc;
	return "NOTE";
}

static void note_draft(const struct screen *sc, struct kw_buf *b)
{
	const struct note *n = sc->p;

	kw_buf_adds(b, "@note\n");
	ui_draft_put(b, "client", n->client_id);
	ui_draft_put(b, "amends", n->amends_id);
	ui_draft_put(b, "when", ui_text_str(&n->when));
	ui_draft_put(b, "confidential", n->confidential ? "yes" : "no");
	ui_draft_put(b, "body", ui_text_str(&n->body));
}

static void note_free(struct screen *sc)
{
	struct note *n = sc->p;

	ui_text_free(&n->when);
	ui_text_free(&n->body);
	ui_text_free(&n->orig);
	memset(n, 0, sizeof(*n));
	free(n);
}

static const enum ui_op note_ops[] = { UI_OP_SAVE, UI_OP_NEXT_FIELD, UI_OP_CONFIDENTIAL, UI_OP_BACK,
				       UI_OP_LOCK, UI_OP_HELP,	     UI_OP_NONE };

static const struct screen_ops note_screen = {
	.name = "Case note",
	.ops = note_ops,
	.draw = note_draw,
	.key = note_key,
	.text = note_text,
	.dirty = note_dirty,
	.draft = note_draft,
	.mode = note_mode,
	.free = note_free,
};

static int on_orig(void *ctx, const struct kw_note *kn)
{
	struct note *n = ctx;
	char local[32];

	ui_text_set(&n->orig, kn->body != NULL ? kn->body : "");
	ui_form_datetime_show(kn->happened_at, local);
	snprintf(n->orig_when, sizeof(n->orig_when), "%.16s", local);
	return 1;
}

struct screen *ui_note_new(struct ui *ui, const char *client_id, const char *amends_id)
{
	struct note *n;
	struct kw_client c = { 0 };
	struct kw_err err;
	char now[17];

	if (ui->s == NULL || !kw_app_has_sensitive(ui->s)) {
		ui_message(ui, UC_DIM, "Case notes are not open to your role.");
		return NULL;
	}
	/* A note is about a woman this session finds: not one deleted since a draft was kept. */
	if (kw_app_client_find(ui->s, client_id, &c, &err) != 0) {
		kw_client_clear(&c);
		ui_message(ui, UC_ERROR, "No note can be written: %s.", err.msg);
		return NULL;
	}
	n = kw_xcalloc(1, sizeof(*n));
	snprintf(n->client_id, sizeof(n->client_id), "%s", client_id);
	snprintf(n->amends_id, sizeof(n->amends_id), "%s", amends_id != NULL ? amends_id : "");
	snprintf(n->name, sizeof(n->name), "%s",
		 ui->discreet || c.known_as == NULL ? c.reference : c.known_as);
	kw_client_clear(&c);
	now_local(now);
	ui_text_init(&n->when, now, false, 16);
	ui_text_init(&n->body, "", true, NOTE_MAX_CHARS);
	ui_text_init(&n->orig, "", true, 0);
	if (n->amends_id[0] != '\0' && kw_app_note_get(ui->s, n->amends_id, on_orig, n, &err) != 0)
		ui_message(ui, UC_ERROR, "The note being amended could not be read: %s", err.msg);
	n->field = 1;
	return ui_screen_new(&note_screen, n);
}

struct screen *ui_note_restore(struct ui *ui, const char *payload, size_t len)
{
	size_t pos = 0;
	char k[32], client[37] = "", amends[37] = "";
	char *v, *when = NULL, *body = NULL;
	bool confidential = false;
	struct screen *sc;
	struct note *n;

	while (ui_draft_get(payload, len, &pos, k, sizeof(k), &v)) {
		if (strcmp(k, "client") == 0)
			snprintf(client, sizeof(client), "%s", v);
		else if (strcmp(k, "amends") == 0)
			snprintf(amends, sizeof(amends), "%s", v);
		else if (strcmp(k, "confidential") == 0)
			confidential = strcmp(v, "yes") == 0;
		if (strcmp(k, "when") == 0 && when == NULL) {
			when = v;
			continue;
		}
		if (strcmp(k, "body") == 0 && body == NULL) {
			body = v;
			continue;
		}
		free(v);
	}
	sc = client[0] != '\0' ? ui_note_new(ui, client, amends[0] ? amends : NULL) : NULL;
	if (sc != NULL) {
		n = sc->p;
		ui_text_set(&n->when, when);
		ui_text_set(&n->body, body);
		n->body.changed = true;
		n->confidential = confidential;
	}
	if (body != NULL) {
		memset(body, 0, strlen(body));
		free(body);
	}
	free(when);
	return sc;
}
