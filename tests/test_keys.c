/*
 * test_keys.c: Check suite for the key table (src/ui/keys.c): the one
 * decoder, in each place keys are read, and hints made from the table.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

static enum ui_op dec(enum ui_key_kind kind, wint_t code, unsigned where)
{
	struct ui_key k = { 0 };

	k.kind = kind;
	k.code = code;
	return ui_decode(&k, where);
}

#define KEY(c, w) dec(UK_KEY, (wint_t)(c), w)
#define CHR(c, w) dec(UK_CHAR, (wint_t)(c), w)

static const unsigned PICK = UI_IN_PICK | UI_IN_TEXT;
static const unsigned TICK = UI_IN_PICK | UI_IN_TEXT | UI_IN_TICK;

START_TEST(test_enter_everywhere)
{
	static const unsigned wheres[] = { UI_IN_LIST, UI_IN_TEXT, UI_IN_ASK,
					   UI_IN_PICK | UI_IN_TEXT,
					   UI_IN_PICK | UI_IN_TEXT | UI_IN_TICK };

	for (size_t i = 0; i < sizeof(wheres) / sizeof(wheres[0]); i++) {
		ck_assert_int_eq(KEY('\r', wheres[i]), UI_OP_OPEN);
		ck_assert_int_eq(KEY('\n', wheres[i]), UI_OP_OPEN);
		ck_assert_int_eq(KEY(KEY_ENTER, wheres[i]), UI_OP_OPEN);
		ck_assert_int_eq(KEY(UI_KEY_ESC, wheres[i]), UI_OP_BACK);
		ck_assert_int_eq(KEY(UI_CTRL('C'), wheres[i]), UI_OP_CANCEL);
	}
}
END_TEST

START_TEST(test_lock_chord)
{
	/* ^G and F12 lock wherever keys are read; L wherever a letter is not text. */
	static const unsigned all[] = { UI_IN_LIST, UI_IN_TEXT, UI_IN_ASK, UI_IN_PICK | UI_IN_TEXT,
					UI_IN_PICK | UI_IN_TEXT | UI_IN_TICK };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		ck_assert_int_eq(KEY(UI_CTRL('G'), all[i]), UI_OP_LOCK);
		ck_assert_int_eq(KEY(KEY_F(12), all[i]), UI_OP_LOCK);
	}
	ck_assert_int_eq(CHR('L', UI_IN_LIST), UI_OP_LOCK);
	ck_assert_int_eq(CHR('L', UI_IN_ASK), UI_OP_LOCK);
	ck_assert_int_eq(CHR('L', UI_IN_TEXT), UI_OP_NONE); /* typed */
	ck_assert_int_eq(CHR('L', PICK), UI_OP_NONE);	    /* typed into the picker's filter */
}
END_TEST

START_TEST(test_places)
{
	/* A question: y and n (either case); a list's n and N are other keys. */
	ck_assert_int_eq(CHR('y', UI_IN_ASK), UI_OP_YES);
	ck_assert_int_eq(CHR('Y', UI_IN_ASK), UI_OP_YES);
	ck_assert_int_eq(CHR('n', UI_IN_ASK), UI_OP_NO);
	ck_assert_int_eq(CHR('N', UI_IN_ASK), UI_OP_NO);
	ck_assert_int_eq(CHR('n', UI_IN_LIST), UI_OP_NOTE);
	ck_assert_int_eq(CHR('N', UI_IN_LIST), UI_OP_NOTE_SEARCH);
	ck_assert_int_eq(CHR('q', UI_IN_ASK), UI_OP_NONE);
	ck_assert_int_eq(CHR('Q', UI_IN_ASK), UI_OP_NONE);
	/* A picker: ^P, ^N and Tab move; in a form ^P picks and Tab moves on. */
	ck_assert_int_eq(KEY(UI_CTRL('P'), PICK), UI_OP_UP);
	ck_assert_int_eq(KEY(UI_CTRL('N'), PICK), UI_OP_DOWN);
	ck_assert_int_eq(KEY('\t', PICK), UI_OP_DOWN);
	ck_assert_int_eq(KEY(UI_CTRL('P'), UI_IN_TEXT), UI_OP_PICK);
	ck_assert_int_eq(KEY('\t', UI_IN_TEXT), UI_OP_NEXT_FIELD);
	ck_assert_int_eq(KEY(KEY_NPAGE, PICK), UI_OP_PAGE_DOWN);
	/* Space: ticks in a picker of many, pages in a list, is text elsewhere. */
	ck_assert_int_eq(CHR(' ', TICK), UI_OP_TICK);
	ck_assert_int_eq(CHR(' ', PICK), UI_OP_NONE);
	ck_assert_int_eq(CHR(' ', UI_IN_LIST), UI_OP_PAGE_DOWN);
	ck_assert_int_eq(CHR(' ', UI_IN_TEXT), UI_OP_NONE);
	/* Letters are keys in a list and text in a field. */
	ck_assert_int_eq(CHR('a', UI_IN_LIST), UI_OP_ADD);
	ck_assert_int_eq(CHR('a', UI_IN_TEXT), UI_OP_NONE);
	ck_assert_int_eq(ui_key_op(&(struct ui_key){ .kind = UK_CHAR, .code = 'a' }, false),
			 UI_OP_ADD);
	ck_assert_int_eq(ui_key_op(&(struct ui_key){ .kind = UK_CHAR, .code = 'a' }, true),
			 UI_OP_NONE);
}
END_TEST

START_TEST(test_not_keys)
{
	struct ui_key k = { 0 };

	k.kind = UK_RESIZE;
	ck_assert_int_eq(ui_decode(&k, UI_IN_LIST), UI_OP_RESIZE);
	ck_assert_int_eq(ui_decode(&k, UI_IN_ASK), UI_OP_RESIZE);
	k.kind = UK_PASTE;
	k.paste = "\r";
	k.paste_len = 1;
	ck_assert_int_eq(ui_decode(&k, UI_IN_TEXT), UI_OP_NONE); /* a pasted Enter is text */
	k.kind = UK_NONE;
	ck_assert_int_eq(ui_decode(&k, UI_ANYWHERE), UI_OP_NONE);
	ck_assert_int_eq(KEY(KEY_BACKSPACE, UI_IN_LIST), UI_OP_NONE);
}
END_TEST

START_TEST(test_typing)
{
	/* Keys that edit text are the table's too, and only in text. */
	struct ui_text t;
	struct ui_key k = { 0 };

	ck_assert_int_eq(KEY(KEY_BACKSPACE, UI_IN_TEXT), UI_OP_ERASE);
	ck_assert_int_eq(KEY(UI_CTRL('A'), UI_IN_TEXT), UI_OP_LINE_START);
	ck_assert_int_eq(KEY(UI_CTRL('A'), UI_IN_LIST), UI_OP_NONE);
	ck_assert_int_eq(KEY(KEY_HOME, UI_IN_TEXT), UI_OP_LINE_START);
	ck_assert_int_eq(KEY(KEY_HOME, UI_IN_LIST), UI_OP_FIRST);
	ck_assert_int_eq(KEY(KEY_HOME, PICK), UI_OP_LINE_START); /* in the picker's filter */
	ck_assert(ui_op_edits_text(UI_OP_DELETE_WORD));
	ck_assert(!ui_op_edits_text(UI_OP_OPEN));
	ck_assert(!ui_op_edits_text(UI_OP_UP));
	/* ...and ui_text_key does what the table says. */
	ui_text_init(&t, "hello big world", false, 0);
	k.kind = UK_KEY;
	k.code = UI_CTRL('W');
	ck_assert(ui_text_key(&t, &k, 40));
	ck_assert_str_eq(ui_text_str(&t), "hello big ");
	k.code = UI_CTRL('A');
	ck_assert(ui_text_key(&t, &k, 40));
	k.code = UI_CTRL('K');
	ck_assert(ui_text_key(&t, &k, 40));
	ck_assert_str_eq(ui_text_str(&t), "");
	ui_text_set(&t, "one");
	k.code = KEY_BACKSPACE;
	ck_assert(ui_text_key(&t, &k, 40));
	ck_assert_str_eq(ui_text_str(&t), "on");
	k.code = '\r'; /* Enter is not text in one line: the screen acts on it */
	ck_assert(!ui_text_key(&t, &k, 40));
	ck_assert_str_eq(ui_text_str(&t), "on");
	ui_text_free(&t);
	ui_text_init(&t, "two", true, 0);
	ck_assert(ui_text_key(&t, &k, 40)); /* in a box of text, a new line */
	ck_assert_str_eq(ui_text_str(&t), "two\n");
	ui_text_free(&t);
}
END_TEST

START_TEST(test_every_named_key_works)
{
	/*
	 * A key the help names must do what it says somewhere it is said to
	 * work: no binding earlier in the table may take it in every place.
	 */
	size_t n;
	const struct ui_binding *t = ui_keys_table(&n);

	ck_assert_uint_gt(n, 40);
	for (size_t i = 0; i < n; i++) {
		unsigned left = t[i].where;

		if (t[i].label == NULL)
			continue;
		for (size_t j = 0; j < i; j++)
			if (t[j].kind == t[i].kind && t[j].code == t[i].code)
				left &= ~t[j].where;
		ck_assert_msg(left != 0, "key %s for %s is shadowed everywhere", t[i].label,
			      ui_op_name(t[i].op));
		ck_assert_int_eq(dec(t[i].kind, t[i].code, left), t[i].op);
	}
}
END_TEST

START_TEST(test_names)
{
	char buf[64];

	ck_assert_str_eq(ui_key(UI_OP_ADD), "a");
	ck_assert_str_eq(ui_key(UI_OP_BACK), "q");
	ck_assert_str_eq(ui_key_name(UI_OP_BACK, UI_IN_TEXT), "Esc");
	ck_assert_str_eq(ui_key_name(UI_OP_LOCK, UI_ANYWHERE), "^G");
	ck_assert_str_eq(ui_key_name(UI_OP_ADD, UI_IN_TEXT), ""); /* a letter in text is text */
	ck_assert_str_eq(ui_op_keys(UI_OP_LOCK, buf, sizeof(buf)), "^G F12 L");
	ck_assert_str_eq(ui_op_keys_where(UI_OP_LOCK, UI_IN_TEXT, buf, sizeof(buf)), "^G F12");
	ck_assert_str_eq(ui_op_keys(UI_OP_OPEN, buf, sizeof(buf)), "Enter"); /* one name */
	ck_assert_str_eq(ui_op_keys(UI_OP_UP, buf, sizeof(buf)), "k Up");    /* ^P: the picker's */
}
END_TEST

START_TEST(test_hints)
{
	static const struct ui_hint pick[] = { { UI_OP_OPEN, "picks" }, { UI_OP_BACK, "cancels" } };
	static const struct ui_hint many[] = { { UI_OP_TICK, "ticks" },
					       { UI_OP_OPEN, "keeps" },
					       { UI_OP_BACK, "cancels" } };
	static const struct ui_hint list[] = { { UI_OP_ADD, NULL }, { UI_OP_SAVE, NULL } };
	char buf[128], small[16];

	ck_assert_str_eq(ui_hint(pick, 2, PICK, buf, sizeof(buf)), "Enter picks  Esc cancels");
	ck_assert_str_eq(ui_hint(many, 3, TICK, buf, sizeof(buf)),
			 "Space ticks  Enter keeps  Esc cancels");
	/* Without Space ticking, that item is left out rather than shown wrong. */
	ck_assert_str_eq(ui_hint(many, 3, PICK, buf, sizeof(buf)), "Enter keeps  Esc cancels");
	/* The table's own name when none is given; in a list, q is Back's first key. */
	ck_assert_str_eq(ui_hint(list, 2, UI_IN_LIST, buf, sizeof(buf)), "a add  ^S save");
	ck_assert_str_eq(ui_hint(list, 2, UI_IN_TEXT, buf, sizeof(buf)), "^S save");
	/* An item that does not fit is left out whole, never cut. */
	ck_assert_str_eq(ui_hint(pick, 2, PICK, small, sizeof(small)), "Enter picks");
}
END_TEST

START_TEST(test_keys_text)
{
	char buf[128];

	ck_assert_str_eq(ui_keys_text("No tasks yet: {add} adds one.", buf, sizeof(buf)),
			 "No tasks yet: a adds one.");
	ck_assert_str_eq(ui_keys_text("{open@text} or {pick@text}: choose.", buf, sizeof(buf)),
			 "Enter or ^P: choose.");
	ck_assert_str_eq(ui_keys_text("{back} back; {back@text} leaves", buf, sizeof(buf)),
			 "q back; Esc leaves");
	ck_assert_str_eq(ui_keys_text("{page-down}/{page-up}", buf, sizeof(buf)), "PgDn/PgUp");
	/* Not an operation, or no key there: left as written, so it shows. */
	ck_assert_str_eq(ui_keys_text("{nothing} {add@text} {add@ask} {", buf, sizeof(buf)),
			 "{nothing} {add@text} {add@ask} {");
	ck_assert_str_eq(ui_keys_text("plain text", buf, sizeof(buf)), "plain text");
	ck_assert_str_eq(ui_keys_text("{open} opens it", buf, 8), "Enter o");
}
END_TEST

START_TEST(test_renamed_key)
{
	/* Enter's binding moved to F5 in a copy of the table: the decoder and every hint follow. */
	size_t n;
	const struct ui_binding *t = ui_keys_table(&n);
	struct ui_binding *mine = calloc(n, sizeof(*mine));
	static const struct ui_hint pick[] = { { UI_OP_OPEN, "picks" }, { UI_OP_BACK, "cancels" } };
	char buf[128];
	int moved = 0;

	memcpy(mine, t, n * sizeof(*mine));
	for (size_t i = 0; i < n; i++)
		if (mine[i].op == UI_OP_OPEN) {
			mine[i].code = (wint_t)KEY_F(5);
			mine[i].label = moved++ == 0 ? "F5" : NULL;
		} else if (mine[i].op == UI_OP_LOCK && mine[i].kind == UK_KEY &&
			   mine[i].code == (wint_t)UI_CTRL('G')) {
			mine[i].code = (wint_t)UI_CTRL('X');
			mine[i].label = "^X";
		}
	ck_assert_int_eq(moved, 3);
	ui_keys_use(mine, n);
	ck_assert_int_eq(KEY(KEY_F(5), PICK), UI_OP_OPEN);
	ck_assert_int_eq(KEY('\r', PICK), UI_OP_NONE);
	ck_assert_int_eq(KEY(UI_CTRL('X'), UI_IN_ASK), UI_OP_LOCK);
	ck_assert_int_eq(KEY(UI_CTRL('G'), UI_IN_ASK), UI_OP_NONE);
	ck_assert_str_eq(ui_hint(pick, 2, PICK, buf, sizeof(buf)), "F5 picks  Esc cancels");
	ck_assert_str_eq(ui_keys_text("{open} opens it", buf, sizeof(buf)), "F5 opens it");
	ck_assert_str_eq(ui_op_keys(UI_OP_LOCK, buf, sizeof(buf)), "^X F12 L");
	ck_assert_str_eq(ui_key_name(UI_OP_LOCK, UI_IN_TEXT), "^X");
	ui_keys_use(NULL, 0);
	ck_assert_str_eq(ui_hint(pick, 2, PICK, buf, sizeof(buf)), "Enter picks  Esc cancels");
	ck_assert_int_eq(KEY('\r', PICK), UI_OP_OPEN);
	free(mine);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("keys");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_enter_everywhere);
	tcase_add_test(tc, test_lock_chord);
	tcase_add_test(tc, test_places);
	tcase_add_test(tc, test_not_keys);
	tcase_add_test(tc, test_typing);
	tcase_add_test(tc, test_every_named_key_works);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_hints);
	tcase_add_test(tc, test_keys_text);
	tcase_add_test(tc, test_renamed_key);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
