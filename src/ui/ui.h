/*
 * ui.h: the terminal application's insides, shared by the files of src/ui/
 * and by nothing else (only src/ui/ includes curses).
 *
 * Screens are a stack of struct screen, each driven by a const struct
 * screen_ops (tig's view_ops): draw, handle an operation or a key, say
 * whether focus is in text and whether work is unsaved, and serialise
 * unsaved work into a draft when keywork locks. Keys are data (keys.c): an
 * operation has a name and help text, bindings map keys to operations, and
 * the help screen, the bottom bar and `keywork keys` are generated from them.
 */
#ifndef KEYWORK_UI_INT_H
#define KEYWORK_UI_INT_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "keywork/app.h"
#include "keywork/form.h"
#include "keywork/ui.h"
#include "keywork/util.h"

/* --- operations and keys (keys.c) --- */

#define UI_OPS(X)                                                                                 \
	X(NONE, "", "")                                                                           \
	X(HELP, "help", "Show the keys that work here")                                           \
	X(BACK, "back", "Go back (a changed form asks first)")                                    \
	X(QUIT, "quit", "Quit keywork (asks when work is unsaved)")                               \
	X(LOCK, "lock", "Lock now: close the data, wipe the keys, clear the screen")              \
	X(REDRAW, "redraw", "Redraw the screen")                                                  \
	X(SEARCH, "search", "Find a woman by name, reference, date of birth or phone")            \
	X(UP, "up", "Move up")                                                                    \
	X(DOWN, "down", "Move down")                                                              \
	X(PAGE_UP, "page-up", "Up a page")                                                        \
	X(PAGE_DOWN, "page-down", "Down a page")                                                  \
	X(FIRST, "first", "Go to the first line")                                                 \
	X(LAST, "last", "Go to the last line")                                                    \
	X(OPEN, "open", "Open the highlighted woman or entry")                                    \
	X(ADD, "add", "Add: a woman (on Today), a record (in a list of hers)")                    \
	X(DROPIN, "drop-in", "Log a drop-in: find or add her, log the contact")                   \
	X(NOTE, "note", "Write a case note about her")                                            \
	X(NOTE_SEARCH, "note-search",                                                             \
	  "Search case notes: hers (on her record), every one you may read (on Today)")           \
	X(EDIT, "edit", "Edit her profile")                                                       \
	X(REGARD, "regard", "1 Regard: strengths and achievements, her journey")                  \
	X(CONTACT, "contact", "2 Contact: log a contact or an attempt")                           \
	X(PRACTICAL, "practical", "3 Practical: tasks, applications, chase dates")                \
	X(PEERS, "peers", "4 Peers: groups and peer mentoring")                                   \
	X(ADVOCACY, "advocacy", "5 Advocacy: agency issues and their steps")                      \
	X(FAMILY, "family", "Her children and pregnancy")                                         \
	X(PATHWAYS, "pathways", "Needs pathways and support plans")                               \
	X(SAFETY, "safety", "Safety and risk")                                                    \
	X(CONSENT, "consent", "Consent and sharing: who may hear what; keep-apart flags")         \
	X(JUSTICE, "justice",                                                                     \
	  "Justice: offences, court dates, orders; her probation practitioner")                   \
	X(NEXT_FIELD, "next-field", "Next field (or the Save button)")                            \
	X(PREV_FIELD, "prev-field", "Previous field")                                             \
	X(SAVE, "save", "Save")                                                                   \
	X(AMEND, "amend", "Amend the highlighted note or contact (kept as an amendment)")         \
	X(EPISODE, "episode",                                                                     \
	  "Close her episode at her wish, or re-open it (never for non-engagement)")              \
	X(HANDOVER, "handover", "Edit the handover summary pinned to her record")                 \
	X(PAUSE, "pause", "Pause contact: custody, hospital, a break she asked for")              \
	X(APPOINTMENT, "appointment", "Add an appointment: court, diversion, conference, visit")  \
	X(CALENDAR, "calendar", "Appointments by day and by week")                                \
	X(COMPLETE, "complete", "Complete the highlighted task (asks for its outcome)")           \
	X(NEXT_STEP, "next-step", "Next advocacy step: chase, escalate or resolve the issue")     \
	X(SESSION, "session", "Record a group session and who came")                              \
	X(SCORE, "score", "Score a pathway of her journey again (the highlighted one)")           \
	X(ADVANCE, "advance", "Move the highlighted mentor match on a stage (asks first)")        \
	X(TEAM, "team", "The team: Today for me, another keyworker or the whole team")            \
	X(SORT, "sort", "Team screen: sort by the next column")                                   \
	X(COVER, "cover", "Team screen: start a cover of the highlighted keyworker, or end hers") \
	X(ALLOCATE, "allocate", "Allocate the highlighted woman to a keyworker (managers)")       \
	X(DISCREET, "discreet", "Discreet mode: references instead of names in lists")            \
	X(CONFLICTS, "conflicts",                                                                 \
	  "Outreach conflicts: answers changed both on a laptop and at the centre; choose")       \
	X(WITH_HER, "with-her",                                                                   \
	  "With her: a screen to turn towards her, only what is fit to show her")                 \
	X(LETTER, "letter", "Advocacy: write a letter for the highlighted issue from a template") \
	X(PRINT, "print", "With her: write her plan to a new file to give her")                   \
	X(REPORTS, "reports", "Reports: the centre's figures for a period, drawn (managers)")     \
	X(WRITE, "write",                                                                         \
	  "Reports: write the report shown to a new file (CSV, small figures withheld)")          \
	X(CONFIDENTIAL, "confidential", "Note editor: mark the note confidential (or not)")       \
	X(ANSWER_STATE, "answer-state", "Mark an answer unknown, declined or not asked yet")      \
	X(PICK, "pick", "Choose from the list for this field")                                    \
	X(CANCEL, "cancel", "Cancel (as Esc)")                                                    \
	X(LEFT, "left", "While typing: move back a character")                                    \
	X(RIGHT, "right", "While typing: move on a character")                                    \
	X(LINE_START, "line-start", "While typing: move to the start of the line")                \
	X(LINE_END, "line-end", "While typing: move to the end of the line")                      \
	X(ERASE, "erase", "While typing: delete the character before (on a choice: clear it)")    \
	X(DELETE, "delete", "While typing: delete the character under (on a choice: clear it)")   \
	X(DELETE_TO_START, "delete-to-start", "While typing: delete to the start of the line")    \
	X(DELETE_TO_END, "delete-to-end", "While typing: delete to the end of the line")          \
	X(DELETE_WORD, "delete-word", "While typing: delete the word before the cursor")          \
	X(YES, "yes", "In a question: yes")                                                       \
	X(NO, "no", "In a question: no")                                                          \
	X(TICK, "tick", "In a list to tick from: tick or untick the highlighted one")             \
	X(RESIZE, "", "")

enum ui_op {
#define X(id, name, help) UI_OP_##id,
	UI_OPS(X)
#undef X
		UI_OP_COUNT
};

/* A key as read: a character, a key code (curses KEY_* or a control byte), or a paste. */
enum ui_key_kind { UK_NONE = 0, UK_CHAR, UK_KEY, UK_PASTE, UK_RESIZE };
struct ui_key {
	enum ui_key_kind kind;
	wint_t code;	   /* UK_CHAR: the character; UK_KEY: KEY_* or 1..31 */
	const char *paste; /* UK_PASTE: UTF-8 text (borrowed until the next read) */
	size_t paste_len;
};

/* Special codes beyond curses' own. */
#define UI_KEY_BTAB KEY_BTAB
#define UI_KEY_ESC 27
#define UI_CTRL(c) ((c)&0x1f)

/*
 * Where a key is read, which decides what it does. In a list (a screen not in
 * text) letters are keys; in text (a field, the unlock screen) every printable
 * key is text. A question on the status line (ui_ask) and a list picked from
 * (a form's picker, whose filter is text) add keys of their own.
 */
enum ui_where {
	UI_IN_LIST = 1,
	UI_IN_TEXT = 2,
	UI_IN_ASK = 4,	/* a yes/no question */
	UI_IN_PICK = 8, /* a picker, with UI_IN_TEXT for its filter */
	UI_IN_TICK = 16 /* a picker of many: Space ticks */
};
#define UI_ANYWHERE (UI_IN_LIST | UI_IN_TEXT | UI_IN_ASK | UI_IN_PICK | UI_IN_TICK)

/*
 * One key of the key table (keys.c): the key as read (kind, code), the
 * operation it is bound to, where it works (a mask of enum ui_where), and
 * its name as hints and help show it (NULL: another spelling of a key named
 * before, or one the help need not list).
 */
struct ui_binding {
	enum ui_key_kind kind;
	wint_t code;
	enum ui_op op;
	unsigned where;
	const char *label;
};
/* The key table in use, n bindings, in the order the help lists them. */
const struct ui_binding *ui_keys_table(size_t *n);
/* For the tests: decode and name keys by another table (NULL: the built-in one again). */
void ui_keys_use(const struct ui_binding *table, size_t n);

/* Names and help of an operation. */
const char *ui_op_name(enum ui_op op);
const char *ui_op_help(enum ui_op op);
/*
 * The one decoder: the operation key k is bound to in the key table, where
 * (a mask of enum ui_where) it is read. Enter, Esc, the lock keys and every
 * other binding are decided here and nowhere else; a resize is UI_OP_RESIZE.
 * Keys that are bound to nothing (text, Backspace in a field) are UI_OP_NONE.
 */
enum ui_op ui_decode(const struct ui_key *k, unsigned where);
/* True for the operations of typing (moving in text, deleting): ui_text_key does them. */
bool ui_op_edits_text(enum ui_op op);
/* ui_decode in text (text) or in a list. */
enum ui_op ui_key_op(const struct ui_key *k, bool text);
/* The keys bound to op, as shown to a user ("^G F12 L"); into buf. */
const char *ui_op_keys(enum ui_op op, char *buf, size_t len);
/* The keys bound to op that work in text (text) or outside it. */
const char *ui_op_keys_in(enum ui_op op, bool text, char *buf, size_t len);
/* The keys bound to op that work where (a mask of enum ui_where). */
const char *ui_op_keys_where(enum ui_op op, unsigned where, char *buf, size_t len);
/*
 * The first key bound to op that works where, by the table's name for it
 * ("Enter", "^S", "a"): for a hint written into a sentence ("a adds one").
 * "" if none is (a static string either way).
 */
const char *ui_key_name(enum ui_op op, unsigned where);
/* ui_key_name in a list, where screens' hints mostly speak. */
const char *ui_key(enum ui_op op);
/*
 * A hint written as a sentence, with each key spelled by its operation's
 * name in braces: "No tasks yet: {add} adds one." becomes "No tasks yet: a
 * adds one." ("{back@text}": the key as it works in text, "Esc"). A name
 * that is no operation with a key there is left as written, braces and all,
 * so the mistake shows. Only for text written here, never for her data.
 * Into out; returns out.
 */
const char *ui_keys_text(const char *text, char *out, size_t len);
/* One item of a line of hints: an operation and what it does here (NULL: the table's name). */
struct ui_hint {
	enum ui_op op;
	const char *name;
};
/*
 * A line of hints, "Enter picks  Esc cancels": for each of the n items the
 * first key of its op that works where, then its name; an op with no key
 * there is left out. Into buf (cut short at len); returns buf.
 */
const char *ui_hint(const struct ui_hint *items, size_t n, unsigned where, char *buf, size_t len);
/* True for a capital letter with no binding (the hint: Caps Lock on?). */
bool ui_key_is_unbound_capital(const struct ui_key *k);
struct ui;
/* Whether the signed-in role can use op at all: the bar and help offer only those keys. */
bool ui_op_offered(const struct ui *ui, enum ui_op op);

/* --- drawing (draw.c) --- */

enum ui_color {
	UC_NORMAL = 0,
	UC_TITLE,
	UC_BAR,
	UC_BAR_KEY,
	UC_SELECTED,
	UC_FLAG,
	UC_DIM,
	UC_ERROR,
	UC_OK,
	UC_HEADING,
	UC_FIELD,
	UC_FIELD_FOCUS,
	UC_COUNT
};
/* The attributes for c in the theme in use (colour, or monochrome, or NO_COLOR). */
attr_t ui_attr(enum ui_color c);
void ui_theme_init(void);

/*
 * Draws UTF-8 text s (n bytes, or up to NUL if n is (size_t)-1) at y, x in
 * at most width columns, with attr. Control characters, escape sequences,
 * C1 controls, bidirectional overrides and invalid bytes are shown escaped
 * (^[, \x9b, <U+202E>), never sent. Text cut short ends with '~'. Returns the
 * columns used.
 */
int ui_put(WINDOW *w, int y, int x, int width, const char *s, size_t n, attr_t attr);
/* ui_put, then blanks to width with attr. */
void ui_put_fill(WINDOW *w, int y, int x, int width, const char *s, attr_t attr);
/* printf into a line, drawn by ui_put_fill. */
void ui_printf(WINDOW *w, int y, int x, int width, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Display width of UTF-8 text as ui_put would draw it. */
int ui_width(const char *s);
/* Decodes one UTF-8 character of s (n bytes); returns its length (1 for a bad byte, *wc = -1). */
size_t ui_utf8_next(const char *s, size_t n, wchar_t *wc);
/*
 * For the tests: characters and bytes that drawing and measuring have looked
 * at (ui_utf8_next calls, and bytes ui_put scanned), so a test can tell work
 * that grows with the text from work that grows with the screen.
 */
extern unsigned long ui_examined;

/* --- text being typed (text.c) --- */

/* A text being edited: UTF-8, a cursor, one line or many (word-wrapped when drawn). */
struct ui_text {
	struct kw_buf b; /* NUL-terminated */
	size_t cur;	 /* byte offset of the cursor */
	bool multiline;
	size_t max_chars; /* 0: no limit */
	int top;	  /* first visual line shown (multiline) */
	int want_col;	  /* column kept when moving up and down */
	bool changed;
};
void ui_text_init(struct ui_text *t, const char *s, bool multiline, size_t max_chars);
void ui_text_set(struct ui_text *t, const char *s);
const char *ui_text_str(const struct ui_text *t);
void ui_text_free(struct ui_text *t);
/*
 * Applies a key: printable characters and pastes insert (a paste's newlines
 * become spaces in a single line; control characters other than newline and
 * tab are dropped), Backspace/Delete/arrows/Home/End/^A/^E/^U/^W/^K edit and
 * move; Enter inserts a newline in multi-line text. Returns true if the key
 * was used.
 */
bool ui_text_key(struct ui_text *t, const struct ui_key *k, int width);
/* Draws t in a box of h lines and width w at y, x, scrolled to show the cursor; places the cursor if focus. */
void ui_text_draw(struct ui_text *t, WINDOW *win, int y, int x, int h, int w, attr_t attr,
		  bool focus);
/* Where the cursor should show after drawing (the focused text), taken once by the main loop. */
void ui_cursor_want(int y, int x);
bool ui_cursor_take(int *y, int *x);
/* Number of visual lines of t when wrapped to width. */
int ui_text_lines(const struct ui_text *t, int width);
/* The same, counting no further than max (the cost is that of the lines counted). */
int ui_text_lines_upto(const struct ui_text *t, int width, int max);

/* --- lists of rows in columns (list.c) --- */

#define UI_CELLS 6
struct ui_row {
	char *cell[UI_CELLS];
	enum ui_color color;
	bool heading; /* not selectable */
	bool wide;    /* cell 0 takes the whole line, as a heading's does (an empty list's line) */
	char client_id[37];
	char record_id[37];
	int kind;	/* the screen's own tag */
	unsigned flags; /* bit c: cell c holds flags (risk, keep apart), never what gets cut */
};
struct ui_list {
	struct ui_row *rows;
	size_t n, cap;
	size_t sel, top;
	int width[UI_CELLS]; /* columns per cell; the last cell takes what is left */
	/* A cell that may narrow so that flags fit: the fewest columns it keeps (0: it keeps its width). */
	int least[UI_CELLS];
};
/* Adds a row of cells (NULL ends early); returns it for the caller to tag. */
struct ui_row *ui_list_add(struct ui_list *l, enum ui_color c, bool heading, const char *c0,
			   const char *c1, const char *c2, const char *c3, const char *c4,
			   const char *c5);
/* Wipes and frees the rows (they may hold names). */
void ui_list_clear(struct ui_list *l);
/* Draws h rows from y, keeping the selection in view. */
void ui_list_draw(struct ui_list *l, int y, int h, bool show_sel);
/* Moves the selection for UP/DOWN/PAGE_UP/PAGE_DOWN/FIRST/LAST; true if op was one of them. */
bool ui_list_move(struct ui_list *l, enum ui_op op, int h);
/* The selected row, or NULL. */
const struct ui_row *ui_list_selected(const struct ui_list *l);
/* Selects the first selectable row at or after i. */
void ui_list_select_from(struct ui_list *l, size_t i);

/* --- screens --- */

struct ui;
struct screen;
struct kw_team_counts;

enum ui_result { UI_PASS = 0, UI_DONE, UI_CLOSE };

struct screen_ops {
	const char *name;      /* shown in the title bar and in help */
	const enum ui_op *ops; /* the operations offered here, UI_OP_NONE-terminated */
	void (*draw)(struct ui *ui, struct screen *sc);
	/* An operation (op may be UI_OP_NONE for a key no binding claims). */
	enum ui_result (*key)(struct ui *ui, struct screen *sc, enum ui_op op,
			      const struct ui_key *k);
	bool (*text)(const struct screen *sc);	/* focus is in a text field (may be NULL) */
	bool (*dirty)(const struct screen *sc); /* unsaved work (may be NULL) */
	/* Appends a draft of unsaved work to b (may be NULL). */
	void (*draft)(const struct screen *sc, struct kw_buf *b);
	const char *(*mode)(const struct screen *sc); /* "EDIT", "LIST" ... (may be NULL) */
	void (*free)(struct screen *sc);
	/*
	 * What op does here, for the bar, when it is more than the key table's
	 * name ("add disclosure" where a adds to the list the cursor is in); NULL
	 * (or a NULL answer): the table's name. May be NULL.
	 */
	const char *(*op_name)(const struct screen *sc, enum ui_op op);
	/*
	 * While this screen is on top the idle lock waits (with her: she is
	 * reading); the screen itself decides what leaving it needs.
	 */
	bool holds_idle;
};

struct screen {
	const struct screen_ops *ops;
	struct screen *below;
	void *p; /* the screen's own state */
};

struct ui {
	char *dir;
	char username[33];
	bool demo;
	struct kw_session *s; /* NULL while locked */
	struct kw_form_pack *pack;
	struct screen *top;
	long idle_lock;	   /* seconds; 0: never */
	double last_input; /* kw_boottime() of the last key */
	bool quit;
	bool need_lock;
	bool idle_locked; /* need_lock, because the idle lock's time has passed */
	bool discreet;
	char msg[320];
	enum ui_color msg_color;
	bool pending_open; /* open this woman's record once the screen on top has closed */
	char pending_id[37];
	unsigned long stack_gen; /* raised by every push and pop: screens reload when shown again */
	char just_saved[37];	 /* the record a form saved last: its list highlights it once */
	struct ui_key key;	 /* the key being handled */
	struct kw_buf paste;
	struct kw_draft_own draft; /* this run's sealed draft while locked */
};

/* Pushes a screen (ownership of sc moves to ui). */
void ui_push(struct ui *ui, struct screen *sc);
/* Pops and frees the top screen. */
void ui_pop(struct ui *ui);
/* A new screen with ops and private state p. */
struct screen *ui_screen_new(const struct screen_ops *ops, void *p);
/* Sets the status line message (shown until the next key). */
void ui_message(struct ui *ui, enum ui_color c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Asks a yes/no question on the status line; def is the answer to Enter. */
bool ui_ask(struct ui *ui, const char *question, bool def);
/* True once the terminal has hung up (SIGHUP, SIGTERM, or reads failing at once): loops must end. */
bool ui_hungup(void);
/*
 * Takes SIGHUP and SIGTERM: the main loop ends at its next key (sealing
 * unsaved work), and if it has not within half a second, a handler wipes
 * every key, puts the terminal back and exits with 128 + the signal, whatever
 * the screen is doing. Called by kw_ui_run; for the tests.
 */
void ui_signals_start(void);
/*
 * Arms the watchdog: unless keywork is ended or the watchdog armed again
 * within seconds, the keys are wiped and it exits with 142 (128 + SIGALRM).
 * 0 disarms. After a hang-up, the hang-up's deadline stands.
 */
void ui_watchdog(double seconds);
/*
 * What the main loop and every loop of its own (a picker, a question, the
 * unlock screen) read keys with: the next key into k, decoded by ui_decode
 * for where. While signed in, the lock keys and an idle lock past its time
 * both give UI_OP_LOCK and set need_lock (idle_locked too for the idle lock):
 * the loop ends, and the main loop seals unsaved work and locks. UI_OP_NONE
 * with k->kind UK_NONE on a timeout or a hang-up (ui_hungup says which).
 */
enum ui_op ui_next_op(struct ui *ui, struct ui_key *k, unsigned where, int timeout_ms);
/* Draws the title bar (with the screen name and the signed-in user) on line 0. */
void ui_draw_title(struct ui *ui, const char *title);
/* Draws the bottom bar for the top screen: its keys and the mode. */
void ui_draw_bar(struct ui *ui);
/* The lines available between the title bar and the bottom bar (2 .. LINES-3). */
int ui_body_top(void);
int ui_body_height(void);
/* Today's date, "YYYY-MM-DD", on this machine's clock. */
const char *ui_today(char buf[11]);

/* --- panels: her records of some kinds, listed and added through their forms (screen_panel.c) --- */

#define UI_PANEL_SECTIONS 4
struct panel;
struct panel_section {
	const char *heading;
	const char *form;      /* listed through, added and opened with this form */
	const char *order_by;  /* a core column, newest first (NULL: when created) */
	const char *cols[4];   /* field keys shown */
	const char *none;      /* shown when there are none (NULL: nothing) */
	bool parent_is_record; /* listed under the panel's parent record, not her */
	/* With add_here: the bar's name for a while the cursor is in this list ("add consent"). */
	const char *add_name;
};
struct panel_spec {
	const char *name;
	const enum ui_op *ops; /* offered (bar and help), UI_OP_NONE-terminated */
	struct panel_section sections[UI_PANEL_SECTIONS];
	int widths[4];
	/*
	 * a adds to the list the cursor is in (each list its own kind), and
	 * says which in the bar; an empty list's line can be highlighted, and
	 * Enter on it adds too. Else a adds to the first list.
	 */
	bool add_here;
	/* Optional hooks. */
	void (*draw_top)(struct ui *ui, struct panel *p, int *y); /* lines above the lists */
	enum ui_result (*key)(struct ui *ui, struct panel *p, enum ui_op op,
			      const struct ui_key *k);
	void (*preset)(struct ui *ui, struct panel *p, int section, struct kw_values *vals);
	void (*row)(struct ui *ui, struct panel *p, int section, const char *id,
		    const struct kw_values *vals, char cell[4][256]);
	/* After every reload, before the row to highlight is chosen. */
	void (*loaded)(struct ui *ui, struct panel *p);
	void (*free_ext)(struct panel *p);
};
struct panel {
	const struct panel_spec *spec;
	struct screen_ops ops;
	char client_id[37];
	char parent_id[37];
	char name[96]; /* her known-as name (or reference, discreetly) */
	char title[160];
	struct ui_list list; /* row kind: the section index */
	int list_y;
	unsigned long gen;
	bool loaded;
	char error[512];
	const char *form_row; /* the form Enter opens on the summary row (ui_panel_form_row) */
	void *ext;	      /* the workflow's own state */
};
/* A panel for her (client_id), or for a record of hers (parent_id, e.g. an advocacy item). */
struct screen *ui_panel_new(struct ui *ui, const struct panel_spec *spec, const char *client_id,
			    const char *parent_id);
struct panel *ui_panel_of(struct screen *sc);
/* Reads the panel's records again. */
void ui_panel_reload(struct ui *ui, struct panel *p);
/*
 * Highlights the row of the record a form has just saved, if l lists it (once:
 * the mark is then cleared), else row keep (or the first selectable one).
 */
void ui_list_reselect(struct ui *ui, struct ui_list *l, size_t keep);
/* The highlighted record's row (kind: section, record_id), or NULL. */
const struct ui_row *ui_panel_selected(const struct panel *p);
/* Opens section si's form for a new record (preset, or the spec's preset hook); returns it, pushed. */
struct screen *ui_panel_add(struct ui *ui, struct panel *p, int si, const struct kw_values *preset);
/* A stored answer as a list shows it: labels, dates as typed here, states in words. */
void ui_value_show(const struct ui *ui, const struct kw_field_spec *fs, const struct kw_value *v,
		   char *out, size_t len);

/* A panel row's kind for the one line summing up a form about her (ui_panel_form_row). */
#define UI_PANEL_FORM_ROW 100
/*
 * Puts above p's lists a heading and one row summing up her answers to form
 * fkey (record: client, a static string), the fields in keys (NULL-terminated,
 * each "key" or "key=short label"; the first one's state always said, so
 * unknown never reads as no), for Enter to open (screen_panel.c does). Not for
 * a role that can't open the form's compartment. For a panel's loaded hook
 * (justice.c).
 */
void ui_panel_form_row(struct ui *ui, struct panel *p, const char *heading, const char *fkey,
		       const char *const *keys);

/* The workflows, each a screen for her (client_id). */
struct screen *ui_regard_new(struct ui *ui, const char *client_id);    /* 1 (regard.c) */
struct screen *ui_contact_new(struct ui *ui, const char *client_id);   /* 2 (contact.c) */
struct screen *ui_practical_new(struct ui *ui, const char *client_id); /* 3 (practical.c) */
struct screen *ui_peers_new(struct ui *ui, const char *client_id);     /* 4 (peers.c) */
struct screen *ui_advocacy_new(struct ui *ui, const char *client_id);  /* 5 (advocacy.c) */
struct screen *ui_pathways_new(struct ui *ui, const char *client_id);  /* w (pathways.c) */
struct screen *ui_family_new(struct ui *ui, const char *client_id);    /* f (pathways.c) */
struct screen *ui_safety_new(struct ui *ui, const char *client_id);    /* s (pathways.c) */
struct screen *ui_consent_new(struct ui *ui, const char *client_id);   /* i (consent.c) */
struct screen *ui_conflicts_new(struct ui *ui, const char *client_id); /* C (conflicts.c) */
struct screen *ui_episodes_new(struct ui *ui, const char *client_id);  /* c (episodes.c) */
struct screen *ui_justice_new(struct ui *ui, const char *client_id);   /* J (justice.c) */
struct screen *ui_withher_new(struct ui *ui, const char *client_id);   /* W (withher.c) */
/* Logs a contact with her now (2 then a, from lists): the contact form with her safe channel. */
struct screen *ui_contact_log(struct ui *ui, const char *client_id); /* contact.c */
/* As ui_contact_log, with answers preset over hers and a callback once saved. */
struct screen *ui_contact_log_with(struct ui *ui, const char *client_id,
				   const struct kw_values *preset,
				   void (*on_saved)(struct ui *ui, const char *id, void *ctx),
				   void *ctx);
/* True for an appointment kind with legal weight (court, diversion): shown marked. */
bool ui_appointment_legal(const char *kind);
/* Appointments by day and by week for keyworker_id's women (NULL: everyone) (calendar.c). */
struct screen *ui_calendar_new(struct ui *ui, const char *keyworker_id);
/*
 * T on Today (team.c): the team screen, which picks whose Today to show. picked gets a keyworker's
 * user id and username, or NULLs with everyone true (the whole team) or
 * false (her own caseload), and the counts the screen shows (valid during
 * the call); ctx is the caller's, alive while the picker is.
 */
typedef void (*ui_team_fn)(struct ui *ui, const char *user_id, const char *username, bool everyone,
			   const struct kw_team_counts *counted, void *ctx);
struct screen *ui_team_pick_new(struct ui *ui, ui_team_fn picked, void *ctx);
/*
 * The cover key on the team screen (cover.c): who covers for away and until
 * when; Enter starts the cover (kw_app_cover_start) and calls done.
 */
typedef void (*ui_covered_fn)(struct ui *ui, void *ctx);
struct screen *ui_cover_new(struct ui *ui, const char *away, ui_covered_fn done, void *ctx);
/*
 * A on Today (allocate.c): the keyworkers who can sign in, each with her
 * caseload against her capacity; Enter makes the one highlighted her
 * keyworker (kw_app_allocate) and calls done; Esc leaves her as she was.
 * name is how she is shown (her known-as name or reference).
 */
typedef void (*ui_allocated_fn)(struct ui *ui, void *ctx);
struct screen *ui_allocate_new(struct ui *ui, const char *client_id, const char *name,
			       ui_allocated_fn done, void *ctx);
/*
 * The task form, pushed (practical.c): task_id, or a new task of hers with
 * preset answers. Marking a task done asks what came of it. Returns the
 * screen, or NULL with a message.
 */
struct screen *ui_task_open(struct ui *ui, const char *client_id, const char *task_id,
			    const struct kw_values *preset);
/* x: the task form on task_id, marked done today, waiting for its outcome. */
struct screen *ui_task_complete(struct ui *ui, const char *task_id);
/* A new advocacy item of hers with preset answers, pushed; saved, it starts its chain (advocacy.c). */
struct screen *ui_advocacy_item_new(struct ui *ui, const char *client_id,
				    const struct kw_values *preset);
/* An advocacy item's steps, with the next step to take (advocacy.c). */
struct screen *ui_advocacy_steps_new(struct ui *ui, const char *client_id, const char *item_id);
/*
 * R on Today, for a manager (reports.c): the centre's reports; Enter asks the
 * period, then shows the figures as a table with a bar chart, and the write
 * key puts them in a new file with small figures withheld.
 */
struct screen *ui_reports_new(struct ui *ui);
/* d on Today: find her or add her by the name she gives, then log the contact (dropin.c). */
struct screen *ui_dropin_new(struct ui *ui);
/* The contact form for a drop-in with her: now, at the centre, in touch (dropin.c). */
struct screen *ui_dropin_log(struct ui *ui, const char *client_id,
			     void (*on_saved)(struct ui *ui, const char *id, void *ctx), void *ctx);
/* Adds a woman with only the name she gave (the intake form's rules); her id into id. 0 or -1. */
int ui_dropin_add(struct ui *ui, const char *name, char id[37]);

/* The screens. Each returns a new screen (owned by the caller until pushed). */
struct screen *ui_today_new(struct ui *ui);
struct screen *ui_search_new(struct ui *ui, bool for_dropin);
/*
 * Women a keystroke asks for on this terminal: UI_SEARCH_FIRST, or two
 * screens of them on a tall one. Moving down near the end of a list that
 * full asks again for UI_SEARCH_MOST.
 */
#define UI_SEARCH_FIRST 50
#define UI_SEARCH_MOST 200
int ui_search_first(void);
struct screen *ui_record_new(struct ui *ui, const char *client_id);
/*
 * A form screen for form key on record rec_id (NULL: a new record belonging
 * to parent_id). preset answers are filled in (on a stored record, as changes
 * to save). on_saved, if set, is called with the saved record's id.
 */
struct screen *ui_form_new(struct ui *ui, const char *form_key, const char *rec_id,
			   const char *parent_id, const struct kw_values *preset,
			   void (*on_saved)(struct ui *ui, const char *id, void *ctx), void *ctx);
struct screen *ui_note_new(struct ui *ui, const char *client_id, const char *amends_id);
/* N: searching case notes, hers (client_id) or every one she may read (NULL) (screen_notes.c). */
struct screen *ui_notes_search_new(struct ui *ui, const char *client_id);
struct screen *ui_help_new(struct ui *ui, const struct screen *for_screen);

/* Rebuilds a screen from a draft section of kind (the first word of the section). */
struct screen *ui_form_restore(struct ui *ui, const char *payload, size_t len);
struct screen *ui_note_restore(struct ui *ui, const char *payload, size_t len);
struct screen *ui_letter_restore(struct ui *ui, const char *payload, size_t len);

/*
 * l on an issue in 5 Advocacy (letter.c): a letter for her from a template,
 * edited, saved as a step of issue item_id (agency: the issue's, to offer its
 * template first), then written to a file. NULL (with a message) when there
 * are no templates or they have problems.
 */
struct screen *ui_letter_new(struct ui *ui, const char *client_id, const char *item_id,
			     const char *agency);
/* Moves where issue item_id stands to its latest step (advocacy.c). */
void ui_advocacy_follow(struct ui *ui, const char *item_id);
/*
 * A file name typed to print to, into path: ~/ is her home directory; *text
 * when it ends .txt (else PDF). False when nothing was typed.
 */
bool ui_print_path(const char *typed, char *path, size_t len, bool *text);

/* The label of key in the named list of the form pack, or key itself (screen_record.c). */
const char *ui_label(const struct ui *ui, const char *list, const char *key);
/* A note's "when it happened", typed as the form's dates and times are (a day alone
 * is the start of that day), to UTC ISO-8601 (screen_note.c). */
bool ui_note_when(const char *s, char iso[21]);

/* --- drafts (draft text format, ui.c) --- */

/* Appends "key\tvalue-escaped\n" to b. */
void ui_draft_put(struct kw_buf *b, const char *key, const char *value);
/*
 * Reads the next "key\tvalue" line of a draft payload at *pos: key into k
 * (up to klen), value (unescaped, malloc'd) into *v. Returns false at the end.
 */
bool ui_draft_get(const char *p, size_t len, size_t *pos, char *k, size_t klen, char **v);

/* --- form helpers (screen_form.c) --- */

/*
 * Sets field key's answer on form screen sc (NULL: none), as if typed; for
 * what a rule worked out (a read-only field shows it, unsaved).
 */
void ui_form_set_answer(struct screen *sc, const char *key, const char *text);
/* Puts the focus of sc (a form screen) on field key, if it can take it. */
void ui_form_focus(struct screen *sc, const char *key);

/* How far a typed date (or date and time) has got. */
enum ui_date_check { UI_DATE_EMPTY = 0, UI_DATE_OK, UI_DATE_INCOMPLETE, UI_DATE_INVALID };
/*
 * Reads a date typed as day/month/year ("2/3/1985"; '.' or '-' between parts
 * also do) or "1985-03-02" into iso ("YYYY-MM-DD") when UI_DATE_OK. A date
 * still being typed ("2/3/19") is INCOMPLETE; one that can't be (31/02, a
 * 13th month, letters) is INVALID.
 */
enum ui_date_check ui_form_date_parse(const char *typed, char iso[11]);
/*
 * As ui_form_date_parse, then "hh:mm" in this machine's time; stored gets the
 * UTC time every record keeps, "YYYY-MM-DDTHH:MM:SSZ".
 */
enum ui_date_check ui_form_datetime_parse(const char *typed, char stored[21]);
/* "YYYY-MM-DD" as typed here ("02/03/1985"); anything else is copied as it is. */
void ui_form_date_show(const char *iso, char out[32]);
/* A stored date and time ("...Z" is UTC) as "dd/mm/yyyy hh:mm" in this machine's time. */
void ui_form_datetime_show(const char *stored, char out[32]);
/* The short hint shown beside a date while it is not yet a date ("day/month/year"). */
const char *ui_form_date_hint(enum ui_date_check c, bool with_time);
/* True if key is one of the comma-joined keys. */
bool ui_form_keys_has(const char *keys, const char *key);
/* keys with key added, or removed if it was there (malloc'd). */
char *ui_form_keys_toggle(const char *keys, const char *key);

/*
 * True if typing filter finds a picker's item: its label holds it (any case),
 * or its key does unless the key is a record's id (screen_form.c).
 */
bool ui_pick_matches(const char *key, bool key_is_id, const char *label, const char *filter);

#endif
