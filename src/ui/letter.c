/*
 * letter.c: l on an issue in 5 Advocacy: a letter that advocates for her.
 * The keyworker picks one of the centre's templates (keywork-letters(5)),
 * edits the letter, filled in with her answers, in the built-in editor (the
 * case notes' ui_text: never $EDITOR, never a temporary file), and saves it:
 * kw_app_letter_record keeps it as a step of the issue through the rules of
 * every save, so a letter to an agency she said must not receive anything is
 * refused there, and one without her consent on record asks first. Then it
 * may be written to a new file (PDF, or text for a name ending .txt).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/letter.h"
#include "keywork/reads.h"
#include "keywork/withher.h"
#include "ui.h"

#define LETTER_MAX_CHARS 20000

enum letter_mode { CHOOSING, EDITING, FILING };

struct letter {
	char client_id[37];
	char item_id[37];
	char item_agency[64];
	struct kw_letter_pack *lp;
	size_t sel;
	enum letter_mode mode;
	struct kw_letter l; /* the letter made (its text as first filled in) */
	struct ui_text body;
	struct ui_text path;
};

bool ui_print_path(const char *typed, char *path, size_t len, bool *text)
{
	const char *home = getenv("HOME");
	size_t n;

	while (*typed == ' ')
		typed++;
	if (typed[0] == '\0')
		return false;
	if (strncmp(typed, "~/", 2) == 0 && home != NULL && home[0] != '\0')
		snprintf(path, len, "%s/%s", home, typed + 2);
	else
		snprintf(path, len, "%s", typed);
	n = strlen(path);
	while (n > 0 && path[n - 1] == ' ')
		path[--n] = '\0';
	*text = n > 4 && strcmp(path + n - 4, ".txt") == 0;
	return n > 0;
}

static void letter_draw(struct ui *ui, struct screen *sc)
{
	struct letter *t = sc->p;
	int top = ui_body_top(), y = top;
	char line[512];

	if (t->mode == CHOOSING) {
		ui_draw_title(ui, "A letter for her");
		ui_keys_text("Which letter? {open} writes it, {back} goes back.", line,
			     sizeof(line));
		ui_put_fill(stdscr, y++, 1, COLS - 2, line, ui_attr(UC_HEADING));
		y++;
		for (size_t i = 0; i < t->lp->n && y < top + ui_body_height(); i++) {
			const struct kw_letter_spec *s = t->lp->letters[i];

			snprintf(line, sizeof(line), "  %s%s%s", s->title,
				 s->agency != NULL && strcmp(s->agency, t->item_agency) == 0
					 ? "   (for this agency)"
					 : "",
				 "");
			ui_put_fill(stdscr, y++, 1, COLS - 2, line,
				    ui_attr(i == t->sel ? UC_SELECTED : UC_NORMAL));
		}
		return;
	}
	ui_draw_title(ui, t->l.title);
	snprintf(line, sizeof(line), "To: %s", t->l.to);
	ui_put_fill(stdscr, y++, 1, COLS - 2, line, ui_attr(UC_HEADING));
	if (t->mode == EDITING) {
		ui_keys_text(
			"Edit the letter.  {save} saves it as a step of the issue (her consent is "
			"checked);  {back} discards it.",
			line, sizeof(line));
		ui_put_fill(stdscr, y++, 1, COLS - 2, line, ui_attr(UC_DIM));
		ui_text_draw(&t->body, stdscr, y + 1, 1, top + ui_body_height() - y - 1, COLS - 2,
			     0, true);
		return;
	}
	ui_put_fill(stdscr, y++, 1, COLS - 2,
		    "Saved as a step of the issue. To print it, write it to a new file "
		    "(PDF; a name ending .txt: text).",
		    ui_attr(UC_OK));
	ui_keys_text("File: ({open} writes it, {back}: no file)", line, sizeof(line));
	ui_put(stdscr, y + 1, 1, COLS - 2, line, (size_t)-1, 0);
	ui_text_draw(&t->path, stdscr, y + 2, 1, 1, COLS - 2, ui_attr(UC_FIELD_FOCUS), true);
}

static bool letter_dirty(const struct screen *sc)
{
	const struct letter *t = sc->p;

	return t->mode == EDITING;
}

static bool letter_text(const struct screen *sc)
{
	const struct letter *t = sc->p;

	return t->mode != CHOOSING;
}

static const char *letter_mode_name(const struct screen *sc)
{
	const struct letter *t = sc->p;

	return t->mode == CHOOSING ? "LIST" : t->mode == EDITING ? "LETTER" : "FILE";
}

/* Makes the letter of the highlighted template and opens it in the editor. */
static void choose(struct ui *ui, struct letter *t)
{
	struct kw_err err;

	if (t->lp->n == 0)
		return;
	kw_letter_free(&t->l);
	if (kw_app_letter_make(ui->s, ui->pack, t->lp->letters[t->sel], t->client_id, t->item_id,
			       &t->l, &err) != 0) {
		ui_message(ui, UC_ERROR, "The letter could not be made: %s", err.msg);
		return;
	}
	ui_text_set(&t->body, t->l.text);
	t->mode = EDITING;
}

static void save(struct ui *ui, struct letter *t)
{
	struct kw_err err;
	char step[37] = "";
	int rc;

	if (t->l.text != NULL) {
		explicit_bzero(t->l.text, strlen(t->l.text));
		free(t->l.text);
	}
	t->l.text = kw_xstrdup(ui_text_str(&t->body));
	rc = kw_app_letter_record(ui->s, ui->pack, &t->l, false, step, &err);
	if (rc != 0 && err.status == KW_ECONFIRM) {
		if (!ui_ask(ui, err.msg, false)) {
			ui_message(ui, UC_DIM, "Not saved: the letter is still here.");
			return;
		}
		rc = kw_app_letter_record(ui->s, ui->pack, &t->l, true, step, &err);
	}
	if (rc != 0) {
		ui_message(ui, UC_ERROR, "Not saved (the letter is still here): %s", err.msg);
		return;
	}
	ui_advocacy_follow(ui, t->item_id); /* where the issue stands follows its steps */
	ui_message(ui, UC_OK, "The letter is saved as a step of the issue.");
	t->mode = FILING;
}

static enum ui_result write_file(struct ui *ui, struct letter *t)
{
	enum kw_print_format fmt;
	struct kw_err err;
	char path[4096];
	bool text;

	if (!ui_print_path(ui_text_str(&t->path), path, sizeof(path), &text)) {
		ui_message(ui, UC_ERROR, "Type a file name, or %s for no file.",
			   ui_key(UI_OP_BACK));
		return UI_DONE;
	}
	fmt = text ? KW_PRINT_TEXT : KW_PRINT_PDF;
	if (kw_app_letter_write(ui->s, &t->l, fmt, path, &err) != 0) {
		ui_message(ui, UC_ERROR, "Not written: %s", err.msg);
		return UI_DONE;
	}
	ui_message(ui, UC_OK, "The letter is saved, and written to %s (%s).", path,
		   fmt == KW_PRINT_TEXT ? "text" : "PDF");
	return UI_CLOSE;
}

static enum ui_result letter_key(struct ui *ui, struct screen *sc, enum ui_op op,
				 const struct ui_key *k)
{
	struct letter *t = sc->p;

	if (t->mode == CHOOSING) {
		switch (op) {
		case UI_OP_UP:
			if (t->sel > 0)
				t->sel--;
			return UI_DONE;
		case UI_OP_DOWN:
			if (t->sel + 1 < t->lp->n)
				t->sel++;
			return UI_DONE;
		case UI_OP_OPEN:
			choose(ui, t);
			return UI_DONE;
		default:
			return UI_PASS;
		}
	}
	if (t->mode == FILING) {
		switch (op) {
		case UI_OP_OPEN:
		case UI_OP_SAVE:
			return write_file(ui, t);
		case UI_OP_BACK:
		case UI_OP_CANCEL:
			ui_message(ui, UC_OK,
				   "The letter is saved as a step of the issue (no file).");
			return UI_CLOSE;
		default:
			break;
		}
		if ((op == UI_OP_NONE || ui_op_edits_text(op)) &&
		    ui_text_key(&t->path, k, COLS - 3))
			return UI_DONE;
		return op == UI_OP_NONE ? UI_DONE : UI_PASS;
	}
	switch (op) {
	case UI_OP_SAVE:
		save(ui, t);
		return UI_DONE;
	case UI_OP_BACK:
	case UI_OP_CANCEL:
		if (ui_ask(ui, "Discard this letter?", false))
			return UI_CLOSE;
		return UI_DONE;
	case UI_OP_UP:
	case UI_OP_DOWN:
	case UI_OP_PAGE_UP:
	case UI_OP_PAGE_DOWN: {
		struct ui_key mv = { .kind = UK_KEY,
				     .code = op == UI_OP_UP || op == UI_OP_PAGE_UP ? KEY_UP
										   : KEY_DOWN };
		int times = op == UI_OP_PAGE_UP || op == UI_OP_PAGE_DOWN ? ui_body_height() - 4 : 1;

		for (int i = 0; i < times; i++)
			if (!ui_text_key(&t->body, &mv, COLS - 3))
				break;
		return UI_DONE;
	}
	default:
		break;
	}
	if (op != UI_OP_NONE && op != UI_OP_OPEN && !ui_op_edits_text(op))
		return UI_PASS;
	if (ui_text_key(&t->body, k, COLS - 3))
		return UI_DONE;
	return UI_PASS;
}

static void letter_draft(const struct screen *sc, struct kw_buf *b)
{
	const struct letter *t = sc->p;

	kw_buf_adds(b, "@letter\n");
	ui_draft_put(b, "client", t->client_id);
	ui_draft_put(b, "item", t->item_id);
	ui_draft_put(b, "agency", t->l.agency);
	ui_draft_put(b, "to", t->l.to);
	ui_draft_put(b, "title", t->l.title);
	ui_draft_put(b, "body", ui_text_str(&t->body));
}

static void letter_free(struct screen *sc)
{
	struct letter *t = sc->p;

	kw_letter_pack_free(&t->lp);
	kw_letter_free(&t->l);
	ui_text_free(&t->body);
	ui_text_free(&t->path);
	memset(t, 0, sizeof(*t));
	free(t);
}

static const enum ui_op letter_ops[] = { UI_OP_OPEN, UI_OP_SAVE, UI_OP_BACK, UI_OP_LOCK,
					 UI_OP_HELP, UI_OP_UP,	 UI_OP_DOWN, UI_OP_NONE };

static const struct screen_ops letter_screen = {
	.name = "Letter",
	.ops = letter_ops,
	.draw = letter_draw,
	.key = letter_key,
	.text = letter_text,
	.dirty = letter_dirty,
	.draft = letter_draft,
	.mode = letter_mode_name,
	.free = letter_free,
};

static struct letter *letter_alloc(const char *client_id, const char *item_id)
{
	struct letter *t = kw_xcalloc(1, sizeof(*t));

	snprintf(t->client_id, sizeof(t->client_id), "%s", client_id);
	snprintf(t->item_id, sizeof(t->item_id), "%s", item_id);
	ui_text_init(&t->body, "", true, LETTER_MAX_CHARS);
	ui_text_init(&t->path, "", false, 1024);
	return t;
}

struct screen *ui_letter_new(struct ui *ui, const char *client_id, const char *item_id,
			     const char *agency)
{
	struct letter *t;
	struct kw_letter_pack *lp = NULL;
	struct kw_err err;

	if (kw_app_letters_load(ui->pack, &lp, &err) != 0) {
		ui_message(ui, UC_ERROR, "No letters: %s", err.msg);
		return NULL;
	}
	if (lp->n == 0) {
		kw_letter_pack_free(&lp);
		ui_message(ui, UC_DIM, "There are no letter templates (keywork-letters(5)).");
		return NULL;
	}
	t = letter_alloc(client_id, item_id);
	t->lp = lp;
	snprintf(t->item_agency, sizeof(t->item_agency), "%s", agency != NULL ? agency : "");
	/* The first template for the agency comes up first. */
	for (size_t i = 0; i < lp->n; i++)
		if (lp->letters[i]->agency != NULL &&
		    strcmp(lp->letters[i]->agency, t->item_agency) == 0) {
			t->sel = i;
			break;
		}
	return ui_screen_new(&letter_screen, t);
}

struct screen *ui_letter_restore(struct ui *ui, const char *payload, size_t len)
{
	size_t pos = 0;
	char k[32];
	char *v, *body = NULL;
	char client[37] = "", item[37] = "";
	struct kw_letter l = { 0 };
	struct letter *t;

	while (ui_draft_get(payload, len, &pos, k, sizeof(k), &v)) {
		if (strcmp(k, "client") == 0)
			snprintf(client, sizeof(client), "%s", v);
		else if (strcmp(k, "item") == 0)
			snprintf(item, sizeof(item), "%s", v);
		else if (strcmp(k, "agency") == 0)
			snprintf(l.agency, sizeof(l.agency), "%s", v);
		else if (strcmp(k, "to") == 0)
			snprintf(l.to, sizeof(l.to), "%s", v);
		else if (strcmp(k, "title") == 0)
			snprintf(l.title, sizeof(l.title), "%s", v);
		if (strcmp(k, "body") == 0 && body == NULL) {
			body = v;
			continue;
		}
		free(v);
	}
	if (client[0] == '\0' || item[0] == '\0' || body == NULL) {
		if (body != NULL) {
			explicit_bzero(body, strlen(body));
			free(body);
		}
		return NULL;
	}
	/* A letter is for a woman this session finds: not one deleted since the draft was kept. */
	struct kw_client c = { 0 };
	struct kw_err err;
	int found = kw_app_client_get(ui->s, client, &c, &err);

	kw_client_clear(&c);
	if (found != 1) {
		explicit_bzero(body, strlen(body));
		free(body);
		return NULL;
	}
	t = letter_alloc(client, item);
	t->l = l;
	snprintf(t->l.client_id, sizeof(t->l.client_id), "%s", client);
	snprintf(t->l.item_id, sizeof(t->l.item_id), "%s", item);
	snprintf(t->item_agency, sizeof(t->item_agency), "%s", l.agency);
	ui_text_set(&t->body, body);
	t->body.changed = true;
	explicit_bzero(body, strlen(body));
	free(body);
	t->lp = kw_xcalloc(1, sizeof(*t->lp));
	t->mode = EDITING;
	return ui_screen_new(&letter_screen, t);
}
