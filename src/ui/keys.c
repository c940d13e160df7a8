/*
 * keys.c: keys as data. Operations have a name and help text (ui.h's
 * UI_OPS); bindings map keys to them and say where they work. In a text
 * field every printable key is text, so only control keys, Tab, Enter, Esc
 * and function keys are bound there. Nothing is bound to Alt, and function
 * keys are only ever extras: desktops take some of them.
 */
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "keywork/policy.h"
#include "ui.h"

enum {
	IN_LIST = UI_IN_LIST,
	IN_TEXT = UI_IN_TEXT,
	IN_ASK = UI_IN_ASK,
	IN_PICK = UI_IN_PICK,
	IN_TICK = UI_IN_TICK,
	ANYWHERE = UI_ANYWHERE
};

#define CH(c, op, lbl)                                         \
	{                                                      \
		UK_CHAR, (wint_t)(c), UI_OP_##op, IN_LIST, lbl \
	}
#define KY(c, op, where, lbl)                               \
	{                                                   \
		UK_KEY, (wint_t)(c), UI_OP_##op, where, lbl \
	}

/*
 * In the order the help screen and `keywork keys` list them. The first
 * binding of a key that works where it is read wins, so a picker's own
 * bindings come first. A NULL label is another spelling of a key named
 * before it, or a key a picker takes that the help need not list.
 */
static const struct ui_binding bindings[] = {
	/* A picker: ^P and ^N (and Tab) move, as in a shell's history. */
	KY(UI_CTRL('P'), UP, IN_PICK, NULL),
	KY(UI_CTRL('N'), DOWN, IN_PICK, NULL),
	KY('\t', DOWN, IN_PICK, NULL),
	CH('?', HELP, "?"),
	KY(KEY_F(1), HELP, ANYWHERE, "F1"),
	CH('q', BACK, "q"),
	KY(UI_KEY_ESC, BACK, ANYWHERE, "Esc"),
	KY(UI_CTRL('C'), CANCEL, ANYWHERE, "^C"),
	CH('Q', QUIT, "Q"),
	KY(UI_CTRL('Q'), QUIT, ANYWHERE, "^Q"),
	KY(UI_CTRL('G'), LOCK, ANYWHERE, "^G"),
	KY(KEY_F(12), LOCK, ANYWHERE, "F12"),
	{ UK_CHAR, 'L', UI_OP_LOCK, IN_LIST | IN_ASK, "L" },
	KY(UI_CTRL('L'), REDRAW, ANYWHERE, "^L"),
	CH('/', SEARCH, "/"),
	CH('k', UP, "k"),
	KY(KEY_UP, UP, ANYWHERE, "Up"),
	CH('j', DOWN, "j"),
	KY(KEY_DOWN, DOWN, ANYWHERE, "Down"),
	KY(KEY_PPAGE, PAGE_UP, ANYWHERE, "PgUp"),
	CH('b', PAGE_UP, "b"),
	KY(KEY_NPAGE, PAGE_DOWN, ANYWHERE, "PgDn"),
	CH(' ', PAGE_DOWN, "Space"),
	CH('g', FIRST, "g"),
	KY(KEY_HOME, FIRST, IN_LIST, "Home"),
	CH('G', LAST, "G"),
	KY(KEY_END, LAST, IN_LIST, "End"),
	KY('\r', OPEN, ANYWHERE, "Enter"),
	KY('\n', OPEN, ANYWHERE, NULL),
	KY(KEY_ENTER, OPEN, ANYWHERE, NULL),
	CH('a', ADD, "a"),
	CH('d', DROPIN, "d"),
	CH('n', NOTE, "n"),
	CH('N', NOTE_SEARCH, "N"),
	CH('e', EDIT, "e"),
	CH('1', REGARD, "1"),
	CH('2', CONTACT, "2"),
	CH('3', PRACTICAL, "3"),
	CH('4', PEERS, "4"),
	CH('5', ADVOCACY, "5"),
	CH('f', FAMILY, "f"),
	CH('w', PATHWAYS, "w"),
	CH('s', SAFETY, "s"),
	CH('i', CONSENT, "i"),
	CH('J', JUSTICE, "J"),
	CH('m', AMEND, "m"),
	CH('c', EPISODE, "c"),
	CH('h', HANDOVER, "h"),
	CH('p', PAUSE, "p"),
	CH('o', APPOINTMENT, "o"),
	CH('v', CALENDAR, "v"),
	CH('x', COMPLETE, "x"),
	CH('t', NEXT_STEP, "t"),
	CH('r', SESSION, "r"),
	CH('u', SCORE, "u"),
	CH('>', ADVANCE, ">"),
	CH('T', TEAM, "T"),
	KY(UI_CTRL('R'), SORT, IN_TEXT, "^R"),
	KY(UI_CTRL('V'), COVER, IN_TEXT, "^V"),
	CH('A', ALLOCATE, "A"),
	CH('D', DISCREET, "D"),
	CH('C', CONFLICTS, "C"),
	CH('W', WITH_HER, "W"),
	CH('l', LETTER, "l"),
	CH('P', PRINT, "P"),
	CH('R', REPORTS, "R"),
	CH('E', WRITE, "E"),
	KY('\t', NEXT_FIELD, ANYWHERE, "Tab"),
	KY(KEY_BTAB, PREV_FIELD, ANYWHERE, "Shift-Tab"),
	KY(UI_CTRL('S'), SAVE, ANYWHERE, "^S"),
	KY(UI_CTRL('O'), ANSWER_STATE, IN_TEXT, "^O"),
	KY(UI_CTRL('T'), CONFIDENTIAL, IN_TEXT, "^T"),
	KY(UI_CTRL('P'), PICK, IN_TEXT, "^P"),
	KY(KEY_LEFT, LEFT, IN_TEXT, "Left"),
	KY(UI_CTRL('B'), LEFT, IN_TEXT, "^B"),
	KY(KEY_RIGHT, RIGHT, IN_TEXT, "Right"),
	KY(UI_CTRL('F'), RIGHT, IN_TEXT, "^F"),
	KY(KEY_HOME, LINE_START, IN_TEXT, "Home"),
	KY(UI_CTRL('A'), LINE_START, IN_TEXT, "^A"),
	KY(KEY_END, LINE_END, IN_TEXT, "End"),
	KY(UI_CTRL('E'), LINE_END, IN_TEXT, "^E"),
	KY(KEY_BACKSPACE, ERASE, IN_TEXT, "Backspace"),
	KY(KEY_DC, DELETE, IN_TEXT, "Delete"),
	KY(UI_CTRL('D'), DELETE, IN_TEXT, "^D"),
	KY(UI_CTRL('U'), DELETE_TO_START, IN_TEXT, "^U"),
	KY(UI_CTRL('K'), DELETE_TO_END, IN_TEXT, "^K"),
	KY(UI_CTRL('W'), DELETE_WORD, IN_TEXT, "^W"),
	{ UK_CHAR, 'y', UI_OP_YES, IN_ASK, "y" },
	{ UK_CHAR, 'Y', UI_OP_YES, IN_ASK, NULL },
	{ UK_CHAR, 'n', UI_OP_NO, IN_ASK, "n" },
	{ UK_CHAR, 'N', UI_OP_NO, IN_ASK, NULL },
	{ UK_CHAR, ' ', UI_OP_TICK, IN_TICK, "Space" },
};

/* The table in use: the built-in one, or another the tests gave (ui_keys_use). */
static const struct ui_binding *table = bindings;
static size_t ntable = KW_ARRAY_LEN(bindings);

const struct ui_binding *ui_keys_table(size_t *n)
{
	*n = ntable;
	return table;
}

void ui_keys_use(const struct ui_binding *t, size_t n)
{
	table = t != NULL ? t : bindings;
	ntable = t != NULL ? n : KW_ARRAY_LEN(bindings);
}

static const char *const op_names[] = {
#define X(id, name, help) name,
	UI_OPS(X)
#undef X
};
static const char *const op_helps[] = {
#define X(id, name, help) help,
	UI_OPS(X)
#undef X
};

const char *ui_op_name(enum ui_op op)
{
	return op < UI_OP_COUNT ? op_names[op] : "";
}

const char *ui_op_help(enum ui_op op)
{
	return op < UI_OP_COUNT ? op_helps[op] : "";
}

enum ui_op ui_decode(const struct ui_key *k, unsigned where)
{
	if (k->kind == UK_RESIZE)
		return UI_OP_RESIZE;
	if (k->kind != UK_CHAR && k->kind != UK_KEY)
		return UI_OP_NONE;
	for (size_t i = 0; i < ntable; i++) {
		const struct ui_binding *b = &table[i];

		if (b->kind == k->kind && b->code == k->code && (b->where & where) != 0)
			return b->op;
	}
	return UI_OP_NONE;
}

bool ui_op_edits_text(enum ui_op op)
{
	return op >= UI_OP_LEFT && op <= UI_OP_DELETE_WORD;
}

enum ui_op ui_key_op(const struct ui_key *k, bool text)
{
	return ui_decode(k, text ? IN_TEXT : IN_LIST);
}

const char *ui_op_keys_where(enum ui_op op, unsigned where, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ntable && n < len; i++) {
		if (table[i].op != op || table[i].label == NULL || (table[i].where & where) == 0)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 0 ? " " : "", table[i].label);
	}
	return buf;
}

const char *ui_op_keys(enum ui_op op, char *buf, size_t len)
{
	return ui_op_keys_where(op, ANYWHERE, buf, len);
}

const char *ui_op_keys_in(enum ui_op op, bool text, char *buf, size_t len)
{
	return ui_op_keys_where(op, text ? IN_TEXT : IN_LIST, buf, len);
}

const char *ui_key_name(enum ui_op op, unsigned where)
{
	for (size_t i = 0; i < ntable; i++)
		if (table[i].op == op && table[i].label != NULL && (table[i].where & where) != 0)
			return table[i].label;
	return "";
}

const char *ui_key(enum ui_op op)
{
	return ui_key_name(op, IN_LIST);
}

const char *ui_hint(const struct ui_hint *items, size_t n, unsigned where, char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *key = ui_key_name(items[i].op, where);
		int w;

		if (key[0] == '\0')
			continue;
		w = snprintf(buf + used, len - used, "%s%s %s", used > 0 ? "  " : "", key,
			     items[i].name != NULL ? items[i].name : ui_op_name(items[i].op));
		if (w < 0 || (size_t)w >= len - used) {
			buf[used] = '\0'; /* an item that does not fit is left out whole */
			break;
		}
		used += (size_t)w;
	}
	return buf;
}

const char *ui_keys_text(const char *text, char *out, size_t len)
{
	size_t n = 0;

	if (len == 0)
		return out;
	for (const char *p = text; *p != '\0' && n + 1 < len;) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		const char *key = NULL;

		if (end != NULL) {
			char name[32];
			size_t nl = (size_t)(end - p - 1);
			unsigned where = IN_LIST;
			char *at;

			if (nl < sizeof(name)) {
				memcpy(name, p + 1, nl);
				name[nl] = '\0';
				at = strchr(name, '@');
				if (at != NULL && strcmp(at, "@text") == 0) {
					*at = '\0';
					where = IN_TEXT;
				} else if (at != NULL) {
					name[0] = '\0'; /* no other place is known */
				}
				for (int op = UI_OP_NONE + 1; op < UI_OP_COUNT && name[0] != '\0';
				     op++)
					if (strcmp(name, op_names[op]) == 0) {
						key = ui_key_name((enum ui_op)op, where);
						break;
					}
			}
		}
		if (key == NULL || key[0] == '\0') {
			/* Not an operation with a key there: kept as written, so it shows. */
			out[n++] = *p++;
			continue;
		}
		n += (size_t)snprintf(out + n, len - n, "%s", key);
		if (n >= len)
			n = len - 1;
		p = end + 1;
	}
	out[n] = '\0';
	return out;
}

bool ui_key_is_unbound_capital(const struct ui_key *k)
{
	return k->kind == UK_CHAR && k->code < 128 && iswupper(k->code) &&
	       ui_key_op(k, false) == UI_OP_NONE;
}

void kw_ui_print_keys(FILE *out)
{
	char keys[64];

	for (int op = UI_OP_NONE + 1; op < UI_OP_COUNT; op++) {
		ui_op_keys((enum ui_op)op, keys, sizeof(keys));
		if (keys[0] == '\0')
			continue;
		fprintf(out, "%-18s %s\n", keys, ui_op_help((enum ui_op)op));
	}
}

/* What an operation needs the signed-in role to be allowed (policy.h); KW_DO_COUNT: nothing. */
static enum kw_do op_needs(enum ui_op op)
{
	switch (op) {
	case UI_OP_NOTE:
	case UI_OP_AMEND:
		return KW_DO_WRITE_NOTES;
	case UI_OP_NOTE_SEARCH:
		return KW_DO_READ_NOTES;
	case UI_OP_SAFETY:
	case UI_OP_CONSENT:
	case UI_OP_HANDOVER:
	case UI_OP_JUSTICE:
		return KW_DO_SENSITIVE;
	case UI_OP_REGARD:
	case UI_OP_PRACTICAL:
	case UI_OP_PEERS:
	case UI_OP_ADVOCACY:
	case UI_OP_FAMILY:
	case UI_OP_PATHWAYS:
	case UI_OP_WITH_HER:
	case UI_OP_LETTER:
	case UI_OP_PRINT:
	case UI_OP_EPISODE:
	case UI_OP_PAUSE:
	case UI_OP_APPOINTMENT:
	case UI_OP_COMPLETE:
	case UI_OP_NEXT_STEP:
	case UI_OP_SESSION:
	case UI_OP_SCORE:
	case UI_OP_ADVANCE:
		return KW_DO_FULL_RECORD;
	case UI_OP_CALENDAR:
	case UI_OP_CONFLICTS:
		return KW_DO_CASELOAD;
	case UI_OP_REPORTS:
	case UI_OP_WRITE:
		return KW_DO_REPORTS;
	case UI_OP_TEAM:
	case UI_OP_SORT:
	case UI_OP_COVER:
	case UI_OP_ALLOCATE:
		return KW_DO_USERS; /* another caseload, allocation: managers */
	default:
		return KW_DO_COUNT;
	}
}

bool ui_op_offered(const struct ui *ui, enum ui_op op)
{
	enum kw_do need = op_needs(op);

	if (need == KW_DO_COUNT || ui == NULL || ui->s == NULL)
		return true;
	return kw_role_may(ui->s->user.role, need);
}
