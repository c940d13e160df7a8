/*
 * ui.c: the terminal application's main loop: the terminal itself, reading
 * keys, the screen stack, the bars, locking and unlocking, and drafts.
 *
 * Locking is the centre of it. The lock keys (keys.c: ^G and F12 anywhere,
 * L where letters are not text), which every loop reads through ui_next_op,
 * the idle timer (measured on CLOCK_BOOTTIME, so a laptop that slept locks
 * as it wakes) and a hang-up all end in lock_now(): unsaved work is sealed with the user's
 * own keys into her draft file, every screen (and the data it held) is
 * freed, both compartments are closed and the keys wiped, and the screen is
 * cleared. Unlocking as the same user gives the draft back.
 */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "keywork/config.h"
#include "keywork/crypto.h"
#include "keywork/view.h"
#include "ui.h"

#define PASS_MAX 1024
#define PASTE_MAX (1024u * 1024u)
#define IDLE_LOCK_DEFAULT 300

/* The signal (SIGHUP or SIGTERM) that asked keywork to end, or 0. */
static volatile sig_atomic_t hangup;
static int fast_errors; /* reads that failed at once, in a row */

/*
 * For the screen tests: with KEYWORK_TEST_KEYCOUNT set, the terminal's title
 * says how many keys keywork has taken ("kw N"), set each time it has drawn
 * and waits for the next, so a test can wait for its keys to be handled
 * rather than for a fixed time. It carries a number and nothing else.
 */
static bool keycount_on;
static unsigned long keycount;
static unsigned long keycount_shown = (unsigned long)-1;

static void keycount_show(void)
{
	if (!keycount_on || keycount == keycount_shown)
		return;
	refresh();
	printf("\033]2;kw %lu\007", keycount);
	fflush(stdout);
	keycount_shown = keycount;
}

/*
 * The deadline. A hang-up or SIGTERM sets hangup, which the main loop sees
 * between keys: it seals unsaved work, closes the compartments and ends.
 * But a screen can be busy for longer than anyone waits (a long value being
 * drawn, a long query), so the handler also arms a timer; if it fires, the
 * main loop has not finished in time, and on_deadline wipes every key and
 * exits there and then. The same timer, armed at each wait for a key, ends
 * a process that stays busy past its idle lock by STALL_GRACE seconds: the
 * idle lock cannot be starved by a screen that never comes back for keys.
 */
#define HANGUP_GRACE_MS 500
#define STALL_GRACE 30.0
static timer_t deadline;
static bool have_deadline;
static struct termios term_before; /* the terminal as keywork found it */
static volatile sig_atomic_t have_term_before;

bool ui_hungup(void)
{
	return hangup != 0;
}

static void arm_deadline(double seconds)
{
	struct itimerspec it;

	memset(&it, 0, sizeof(it));
	if (seconds > 0) {
		it.it_value.tv_sec = (time_t)seconds;
		it.it_value.tv_nsec = (long)((seconds - (double)it.it_value.tv_sec) * 1e9);
		if (it.it_value.tv_sec == 0 && it.it_value.tv_nsec == 0)
			it.it_value.tv_nsec = 1;
	}
	if (have_deadline)
		timer_settime(deadline, 0, &it, NULL); /* async-signal-safe */
	else
		alarm(seconds > 0 ? (unsigned)seconds + 1 : 0);
}

static void on_hangup(int sig)
{
	if (hangup == 0)
		hangup = sig;
	arm_deadline(HANGUP_GRACE_MS / 1000.0);
}

/* Only async-signal-safe calls: the main loop is stuck, and may be holding any lock. */
static void on_deadline(int sig)
{
	/* Clear the screen (and the alternate screen's copy), then leave it. */
	static const char clear[] = "\033[?2004l\033[H\033[2J\033[3J\033[?1049l";
	static volatile sig_atomic_t entered;
	int code = hangup != 0 ? 128 + hangup : 128 + sig;

	if (entered)
		_exit(code); /* the terminal would not take the clearing */
	entered = 1;
	kw_secret_wipe_all();
	if (hangup != SIGHUP && have_term_before) {
		/* Armed again so a terminal that blocks the write cannot hold keywork. */
		arm_deadline(0.2);
		tcsetattr(STDIN_FILENO, TCSANOW, &term_before);
		if (write(STDOUT_FILENO, clear, sizeof(clear) - 1) < 0)
			_exit(code);
	}
	_exit(code);
}

void ui_signals_start(void)
{
	struct sigaction sa;
	struct sigevent ev;

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGALRM;
	have_deadline = timer_create(CLOCK_MONOTONIC, &ev, &deadline) == 0;
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &term_before) == 0)
		have_term_before = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_deadline;
	sa.sa_flags = SA_NODEFER; /* a second alarm during the clearing ends it */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = on_hangup;
	sa.sa_flags = 0;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void ui_watchdog(double seconds)
{
	if (hangup == 0)
		arm_deadline(seconds);
}

/* The screen on top holds the idle lock (with her). */
static bool idle_held(const struct ui *ui)
{
	return ui->top != NULL && ui->top->ops->holds_idle;
}

/* At each wait for a key: the watchdog's time is the idle lock's, and a grace after it. */
static void watch_idle(const struct ui *ui)
{
	double left;

	if (ui->s == NULL || ui->idle_lock <= 0 || idle_held(ui)) {
		ui_watchdog(0);
		return;
	}
	left = (double)ui->idle_lock - (kw_boottime() - ui->last_input);
	ui_watchdog((left > 0 ? left : 0) + STALL_GRACE);
}

/* --- screens --- */

struct screen *ui_screen_new(const struct screen_ops *ops, void *p)
{
	struct screen *sc = kw_xcalloc(1, sizeof(*sc));

	sc->ops = ops;
	sc->p = p;
	return sc;
}

void ui_push(struct ui *ui, struct screen *sc)
{
	if (sc == NULL)
		return;
	sc->below = ui->top;
	ui->top = sc;
	ui->stack_gen++;
}

void ui_pop(struct ui *ui)
{
	struct screen *sc = ui->top;

	if (sc == NULL)
		return;
	ui->top = sc->below;
	ui->stack_gen++;
	if (sc->ops->free != NULL)
		sc->ops->free(sc);
	free(sc);
}

static void pop_all(struct ui *ui)
{
	while (ui->top != NULL)
		ui_pop(ui);
}

static bool any_dirty(const struct ui *ui)
{
	for (const struct screen *sc = ui->top; sc != NULL; sc = sc->below)
		if (sc->ops->dirty != NULL && sc->ops->dirty(sc))
			return true;
	return false;
}

void ui_message(struct ui *ui, enum ui_color c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof(ui->msg), fmt, ap);
	va_end(ap);
	ui->msg_color = c;
}

const char *ui_today(char buf[11])
{
	kw_today(buf);
	return buf;
}

int ui_body_top(void)
{
	return 1;
}

int ui_body_height(void)
{
	return LINES - 3;
}

/* --- drafts --- */

void ui_draft_put(struct kw_buf *b, const char *key, const char *value)
{
	kw_buf_adds(b, key);
	kw_buf_add(b, "\t", 1);
	for (const char *p = value != NULL ? value : ""; *p != '\0'; p++) {
		if (*p == '\\')
			kw_buf_adds(b, "\\\\");
		else if (*p == '\n')
			kw_buf_adds(b, "\\n");
		else if (*p == '\t')
			kw_buf_adds(b, "\\t");
		else
			kw_buf_add(b, p, 1);
	}
	kw_buf_add(b, "\n", 1);
}

bool ui_draft_get(const char *p, size_t len, size_t *pos, char *k, size_t klen, char **v)
{
	size_t i = *pos, kn = 0;
	struct kw_buf out = { 0 };

	if (i >= len)
		return false;
	while (i < len && p[i] != '\t' && p[i] != '\n') {
		if (kn + 1 < klen)
			k[kn++] = p[i];
		i++;
	}
	k[kn] = '\0';
	if (i < len && p[i] == '\t')
		i++;
	kw_buf_add(&out, "", 0);
	while (i < len && p[i] != '\n') {
		if (p[i] == '\\' && i + 1 < len) {
			char c = p[i + 1] == 'n' ? '\n' : p[i + 1] == 't' ? '\t' : p[i + 1];

			kw_buf_add(&out, &c, 1);
			i += 2;
			continue;
		}
		kw_buf_add(&out, p + i, 1);
		i++;
	}
	if (i < len)
		i++;
	*pos = i;
	*v = out.p;
	return true;
}

/* Every screen's unsaved work, bottom first: sections "@kind" followed by its lines. */
static void collect_drafts(const struct ui *ui, struct kw_buf *b)
{
	const struct screen *st[64];
	size_t n = 0;

	for (const struct screen *sc = ui->top; sc != NULL && n < KW_ARRAY_LEN(st); sc = sc->below)
		st[n++] = sc;
	while (n-- > 0) {
		const struct screen *sc = st[n];

		if (sc->ops->dirty != NULL && sc->ops->dirty(sc) && sc->ops->draft != NULL)
			sc->ops->draft(sc, b);
	}
}

static void wipe_buf(struct kw_buf *b)
{
	if (b->p != NULL)
		memset(b->p, 0, b->cap);
	kw_buf_free(b);
}

/* Seals the unsaved work; true if there was none or it was kept. */
static bool save_drafts(struct ui *ui)
{
	struct kw_buf b = { 0 };
	struct kw_err err;
	bool ok = true;

	if (ui->s == NULL)
		return true;
	collect_drafts(ui, &b);
	if (b.len > 0 && kw_session_draft_save(ui->s, &ui->draft, b.p, b.len, &err) != 0)
		ok = false;
	wipe_buf(&b);
	return ok;
}

/* Pushes the screens of one draft (sections "@form" or "@note"); counts those given back and not. */
static void restore_one(struct ui *ui, const struct kw_secret *d, size_t *given, size_t *lost)
{
	const char *p = (const char *)d->p;
	size_t pos = 0;

	while (pos < d->len) {
		size_t start = pos, end;
		struct screen *sc = NULL;

		if (p[pos] != '@')
			break;
		end = pos + 1;
		while (end < d->len && !(p[end] == '@' && p[end - 1] == '\n'))
			end++;
		if (strncmp(p + start, "@form\n", 6) == 0)
			sc = ui_form_restore(ui, p + start + 6, end - start - 6);
		else if (strncmp(p + start, "@note\n", 6) == 0)
			sc = ui_note_restore(ui, p + start + 6, end - start - 6);
		else if (strncmp(p + start, "@letter\n", 8) == 0)
			sc = ui_letter_restore(ui, p + start + 8, end - start - 8);
		if (sc != NULL) {
			ui_push(ui, sc);
			(*given)++;
		} else {
			(*lost)++;
		}
		pos = end;
	}
}

/*
 * Gives back every draft sealed for this user that no live session holds:
 * this terminal's own, and those of her sessions that ended. Each draft's
 * screens go on top of the stack, the newest draft's last (so on top), and
 * the message says how many there were: none is dropped without a word.
 */
static void restore_drafts(struct ui *ui)
{
	struct kw_drafts ds;
	size_t given = 0, lost = 0;
	bool bad;
	char news[sizeof(ui->msg)] = "", before[sizeof(ui->msg)];

	/* Keep a warning about failed sign-ins in front of this news (not what a restore said). */
	snprintf(before, sizeof(before), "%s", ui->msg[0] != ' ' ? ui->msg : "");
	kw_session_drafts_take(ui->s, &ui->draft, &ds);
	for (size_t i = 0; i < ds.n; i++)
		restore_one(ui, ds.d[i], &given, &lost);
	if (given > 0 && ds.n > 1)
		snprintf(news, sizeof(news),
			 "Unsaved work from %zu sessions was kept: here it is, %zu screen%s, "
			 "one over another.",
			 ds.n, given, given == 1 ? "" : "s");
	else if (given > 0)
		snprintf(news, sizeof(news), "%s",
			 "Your unsaved work was kept while keywork was locked: here it is.");
	if (lost > 0)
		snprintf(news + strlen(news), sizeof(news) - strlen(news),
			 "%s%zu kept screen%s could not be opened again (its form, or the "
			 "record it was about, is gone).",
			 news[0] != '\0' ? " " : "", lost, lost == 1 ? "" : "s");
	if (ds.failed > 0)
		snprintf(news + strlen(news), sizeof(news) - strlen(news),
			 "%s%zu saved draft%s could not be opened: %s", news[0] != '\0' ? " " : "",
			 ds.failed, ds.failed == 1 ? "" : "s", ds.why);
	bad = lost > 0 || ds.failed > 0;
	kw_drafts_free(&ds);
	if (news[0] == '\0')
		return;
	ui_message(ui,
		   bad		       ? UC_ERROR
		   : before[0] != '\0' ? ui->msg_color
				       : UC_OK,
		   "%s%s%s", before, before[0] != '\0' ? " " : "", news);
}

/* --- the terminal --- */

static void term_start(void)
{
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(50);
	keycount_on = getenv("KEYWORK_TEST_KEYCOUNT") != NULL;
	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	ui_theme_init();
	/* Bracketed paste: a paste arrives as one piece, never as keys. */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
}

static void term_stop(void)
{
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	clear();
	refresh();
	endwin();
}

static bool too_small(void)
{
	return LINES < 24 || COLS < 80;
}

static void draw_too_small(void)
{
	erase();
	mvprintw(0, 0, "keywork needs at least 80x24;");
	mvprintw(1, 0, "this terminal is %dx%d.", COLS, LINES);
	mvprintw(2, 0, "Make it bigger.");
	mvprintw(3, 0, "%s locks.", ui_key_name(UI_OP_LOCK, UI_ANYWHERE));
	refresh();
}

/* Reads a CSI sequence after "ESC [": returns its final byte, parameters into buf. */
static int read_csi(char *buf, size_t len)
{
	size_t n = 0;

	timeout(50);
	for (;;) {
		int c = getch();

		if (c == ERR)
			return -1;
		if (c >= 0x40 && c <= 0x7e) {
			buf[n] = '\0';
			return c;
		}
		if (n + 1 < len)
			buf[n++] = (char)c;
	}
}

/* Reads a bracketed paste up to ESC [ 201 ~ into ui->paste. */
static void read_paste(struct ui *ui)
{
	static const char end[] = "\033[201~";
	size_t matched = 0;

	wipe_buf(&ui->paste);
	kw_buf_add(&ui->paste, "", 0);
	timeout(1000);
	for (;;) {
		int c = getch();

		if (c == ERR)
			break;
		if (c > 0xff)
			continue;
		if ((char)c == end[matched]) {
			if (++matched == sizeof(end) - 1)
				break;
			continue;
		}
		if (matched > 0) {
			if (ui->paste.len + matched <= PASTE_MAX)
				kw_buf_add(&ui->paste, end, matched);
			matched = (char)c == end[0] ? 1 : 0;
			if (matched == 1)
				continue;
		}
		if (ui->paste.len < PASTE_MAX) {
			char ch = (char)c;

			kw_buf_add(&ui->paste, &ch, 1);
		}
	}
}

/*
 * Reads the next key (blocking up to timeout_ms; UK_NONE on a timeout),
 * gathering UTF-8 bytes that ncurses returned one at a time (getch) into a
 * character. Only ui_next_op calls it: every key is read and decoded there.
 */
static void ui_read_key(struct ui *ui, struct ui_key *k, int timeout_ms)
{
	wint_t wc;
	int r;

	double t0 = kw_boottime();

	watch_idle(ui);
	memset(k, 0, sizeof(*k));
	keycount_show();
	timeout(timeout_ms);
	r = get_wch(&wc);
	if (r == ERR) {
		/*
		 * A terminal that has gone (closed without a SIGHUP reaching us) makes
		 * every read fail at once: after a run of those, treat it as a hang-up
		 * rather than spin.
		 */
		if (timeout_ms >= 100 && kw_boottime() - t0 < timeout_ms / 4000.0) {
			if (++fast_errors >= 20)
				hangup = 1;
		} else {
			fast_errors = 0;
		}
		return;
	}
	fast_errors = 0;
	ui->last_input = kw_boottime();
	if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
		k->kind = UK_RESIZE;
		return;
	}
	keycount++;
	if (r == KEY_CODE_YES) {
		k->kind = UK_KEY;
		k->code = wc;
		/* Some terminfo entries (linux) give \E[Z a key code of its own, named "kcbt..." */
		if (wc != KEY_BTAB) {
			const char *name = keyname((int)wc);

			if (name != NULL && strncmp(name, "kcbt", 4) == 0)
				k->code = KEY_BTAB;
		}
		return;
	}
	if (wc == 0x7f || wc == 0x08) {
		k->kind = UK_KEY;
		k->code = KEY_BACKSPACE;
		return;
	}
	if (wc == 27) {
		int c;

		timeout(50);
		c = getch();
		if (c == ERR) {
			k->kind = UK_KEY;
			k->code = UI_KEY_ESC;
			return;
		}
		if (c == '[') {
			char params[32];
			int fin = read_csi(params, sizeof(params));

			if (fin == 'Z') {
				k->kind = UK_KEY;
				k->code = KEY_BTAB;
			} else if (fin == '~' && strcmp(params, "200") == 0) {
				read_paste(ui);
				k->kind = UK_PASTE;
				k->paste = ui->paste.p != NULL ? ui->paste.p : "";
				k->paste_len = ui->paste.len;
			}
			/* Anything else is a key this terminal's terminfo does not know: ignored. */
			return;
		}
		if (c == 'O') {
			c = getch();
			if (c == 'P') {
				k->kind = UK_KEY;
				k->code = KEY_F(1);
			}
			return;
		}
		/* Alt+key: nothing is bound to Alt, and the key is not typed either. */
		return;
	}
	if (wc < 0x20) {
		k->kind = UK_KEY;
		k->code = wc;
		return;
	}
	k->kind = UK_CHAR;
	k->code = wc;
}

enum ui_op ui_next_op(struct ui *ui, struct ui_key *k, unsigned where, int timeout_ms)
{
	enum ui_op op;

	ui_read_key(ui, k, timeout_ms);
	if (hangup) {
		k->kind = UK_NONE;
		return UI_OP_NONE;
	}
	if (ui->s == NULL)
		return ui_decode(k, where);
	/* A loop left open (a question, a picker) does not keep keywork unlocked; a
	 * screen that holds the idle lock (with her) asks on leaving instead. */
	if (ui->idle_lock > 0 && !idle_held(ui) &&
	    kw_boottime() - ui->last_input >= (double)ui->idle_lock) {
		ui->need_lock = true;
		ui->idle_locked = true;
		return UI_OP_LOCK;
	}
	op = ui_decode(k, where);
	if (op == UI_OP_LOCK)
		ui->need_lock = true;
	return op;
}

/* --- bars and questions --- */

void ui_draw_title(struct ui *ui, const char *title)
{
	char line[256];

	snprintf(line, sizeof(line), " keywork  %s", title);
	ui_put_fill(stdscr, 0, 0, COLS, line, ui_attr(UC_TITLE));
	if (ui->s != NULL) {
		char who[96];
		int w;

		snprintf(who, sizeof(who), "%s%s%s (%s) ", ui->discreet ? "DISCREET  " : "",
			 ui->demo ? "DEMO DATA  " : "", ui->s->user.username,
			 kw_role_name(ui->s->user.role));
		w = ui_width(who);
		if (w < COLS / 2)
			ui_put(stdscr, 0, COLS - w, w, who, (size_t)-1, ui_attr(UC_TITLE));
	}
}

/*
 * The bar on the last line: ops's keys that work where, each its first key
 * (help lists them all) and what it does (ops->op_name, else the table's
 * name), as many as fit before mode.
 */
static void draw_bar(struct ui *ui, const struct screen_ops *ops, const struct screen *sc,
		     unsigned where, const char *mode)
{
	int x = 0, right = COLS - (int)strlen(mode) - 3;

	ui_put_fill(stdscr, LINES - 2, 0, COLS, ui->msg, ui_attr(ui->msg_color));
	ui_put_fill(stdscr, LINES - 1, 0, COLS, "", ui_attr(UC_BAR));
	for (const enum ui_op *op = ops != NULL ? ops->ops : NULL; op != NULL && *op != 0; op++) {
		const char *keys = ui_key_name(*op, where), *name;
		char item[96];
		int w;

		if (!ui_op_offered(ui, *op) || keys[0] == '\0')
			continue;
		name = ops->op_name != NULL ? ops->op_name(sc, *op) : NULL;
		snprintf(item, sizeof(item), "%s %s", keys, name != NULL ? name : ui_op_name(*op));
		w = ui_width(item) + 2;
		if (x + w > right)
			break;
		ui_put(stdscr, LINES - 1, x + 1, (int)strlen(keys), keys, (size_t)-1,
		       ui_attr(UC_BAR_KEY));
		ui_put(stdscr, LINES - 1, x + 1 + (int)strlen(keys), w - (int)strlen(keys),
		       item + strlen(keys), (size_t)-1, ui_attr(UC_BAR));
		x += w;
	}
	ui_printf(stdscr, LINES - 1, right, COLS - right, ui_attr(UC_BAR_KEY), " [%s]", mode);
}

/* Where keys are read on sc: in text or in a list. */
static unsigned where_on(const struct screen *sc)
{
	return sc != NULL && sc->ops->text != NULL && sc->ops->text(sc) ? UI_IN_TEXT : UI_IN_LIST;
}

void ui_draw_bar(struct ui *ui)
{
	const struct screen *sc = ui->top;
	unsigned where = where_on(sc);
	const char *mode = sc != NULL && sc->ops->mode != NULL ? sc->ops->mode(sc)
			   : where == UI_IN_TEXT	       ? "TYPING"
							       : "LIST";

	draw_bar(ui, sc != NULL ? sc->ops : NULL, sc, where, mode);
}

/*
 * Draws a question above the bar, wrapped at spaces onto as many lines as it
 * needs (up to 4), so a question that lists what is at stake is read whole.
 */
static void ask_lines(const char *text)
{
	const char *start[4];
	int len[4], n = 0, w = COLS - 1 > 20 ? COLS - 1 : 20;
	const char *p = text;

	while (*p != '\0' && n < 4) {
		int l = (int)strlen(p), cut = l;

		if (l > w && n < 3) {
			cut = w;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = w;
		}
		start[n] = p;
		len[n++] = cut;
		p += cut;
		while (*p == ' ' && n < 4 && cut < l)
			p++;
	}
	for (int i = 0; i < n; i++) {
		char buf[320];

		snprintf(buf, sizeof(buf), "%.*s", len[i], start[i]);
		ui_put_fill(stdscr, LINES - 1 - n + i, 0, COLS, buf, ui_attr(UC_FLAG));
	}
}

bool ui_ask(struct ui *ui, const char *question, bool def)
{
	char yes[16], no[16];

	/* The keys from the table, the answer Enter gives in capitals: "y/N". */
	snprintf(yes, sizeof(yes), "%s", ui_key_name(UI_OP_YES, UI_IN_ASK));
	snprintf(no, sizeof(no), "%s", ui_key_name(UI_OP_NO, UI_IN_ASK));
	for (char *c = def ? yes : no; *c != '\0'; c++)
		*c = (char)toupper((unsigned char)*c);
	for (;;) {
		struct ui_key k;
		char line[320];

		snprintf(line, sizeof(line), "%s %s/%s ", question, yes, no);
		ask_lines(line);
		curs_set(0);
		refresh();
		/* A lock key or the idle lock: No, then keywork locks (the main loop seals work). */
		switch (ui_next_op(ui, &k, UI_IN_ASK, 1000)) {
		case UI_OP_YES:
			return true;
		case UI_OP_OPEN:
			return def;
		case UI_OP_NO:
		case UI_OP_BACK:
		case UI_OP_CANCEL:
		case UI_OP_LOCK:
			return false;
		default:
			if (hangup)
				return false;
			break;
		}
	}
}

/* --- help --- */

struct help {
	const struct ui *ui;
	const struct screen_ops *for_ops;
	int top;
};

/* Gives text to fn as lines of at most 76 columns, broken at spaces. */
static void help_wrap(const char *text, void (*fn)(void *ctx, const char *line), void *ctx)
{
	const char *p = text;

	while (*p != '\0') {
		char line[96];
		size_t l = strlen(p), cut = l;

		if (l > 76) {
			cut = 76;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = 76;
		}
		snprintf(line, sizeof(line), "%.*s", (int)cut, p);
		fn(ctx, line);
		p += cut;
		while (*p == ' ')
			p++;
	}
}

/* One key's line of help: its keys, then its help, wrapped under itself where the screen ends. */
static void help_entry(const char *keys, const char *help, void (*fn)(void *ctx, const char *line),
		       void *ctx)
{
	const char *p = help;
	bool first = true;
	/* Drawn from column 1 in COLS - 2; the help text starts at column 23 of that. */
	size_t room = COLS - 3 - 23 < 40 ? 40 : COLS - 3 - 23 > 120 ? 120 : (size_t)(COLS - 3 - 23);

	do {
		char line[160];
		size_t l = strlen(p), cut = l;

		if (l > room) {
			cut = room;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = room;
		}
		snprintf(line, sizeof(line), "  %-20s %.*s", first ? keys : "", (int)cut, p);
		fn(ctx, line);
		first = false;
		p += cut;
		while (*p == ' ')
			p++;
	} while (*p != '\0');
}

static void help_lines(const struct help *h, void (*fn)(void *ctx, const char *line), void *ctx)
{
	char keys[64], line[256], para[512];

	snprintf(line, sizeof(line), "Keys on the %s screen", h->for_ops->name);
	fn(ctx, line);
	fn(ctx, "");
	for (const enum ui_op *op = h->for_ops->ops; *op != 0; op++) {
		if (!ui_op_offered(h->ui, *op))
			continue;
		help_entry(ui_op_keys(*op, keys, sizeof(keys)), ui_op_help(*op), fn, ctx);
	}
	fn(ctx, "");
	fn(ctx, "Everywhere, even while typing:");
	for (enum ui_op op = UI_OP_HELP; op <= UI_OP_REDRAW; op++) {
		help_entry(ui_op_keys_in(op, true, keys, sizeof(keys)), ui_op_help(op), fn, ctx);
	}
	fn(ctx, "");
	snprintf(para, sizeof(para),
		 "While typing, every letter, digit and sign is text: only ^-keys, %s, %s, %s, "
		 "%s, the arrows and these act:",
		 ui_key_name(UI_OP_NEXT_FIELD, UI_IN_TEXT),
		 ui_key_name(UI_OP_PREV_FIELD, UI_IN_TEXT), ui_key_name(UI_OP_OPEN, UI_IN_TEXT),
		 ui_key_name(UI_OP_BACK, UI_IN_TEXT));
	help_wrap(para, fn, ctx);
	for (int op = UI_OP_NONE + 1; op < UI_OP_COUNT; op++) {
		const char *help = ui_op_help((enum ui_op)op);

		if (!ui_op_edits_text((enum ui_op)op))
			continue;
		if (strncmp(help, "While typing: ", 14) == 0)
			help += 14;
		help_entry(ui_op_keys_in((enum ui_op)op, true, keys, sizeof(keys)), help, fn, ctx);
	}
	fn(ctx, "");
	{
		static const struct ui_hint ask[] = { { UI_OP_YES, "yes" },
						      { UI_OP_NO, "no" },
						      { UI_OP_OPEN, "the answer in capitals" } };
		static const struct ui_hint pick[] = { { UI_OP_OPEN, "picks" },
						       { UI_OP_TICK, "ticks" },
						       { UI_OP_BACK, "cancels" } };
		char hint[160];

		snprintf(para, sizeof(para), "A question on the bottom line: %s.",
			 ui_hint(ask, KW_ARRAY_LEN(ask), UI_IN_ASK, hint, sizeof(hint)));
		help_wrap(para, fn, ctx);
		snprintf(para, sizeof(para), "A list to choose from: typing finds; %s.",
			 ui_hint(pick, KW_ARRAY_LEN(pick), UI_IN_PICK | UI_IN_TEXT | UI_IN_TICK,
				 hint, sizeof(hint)));
		help_wrap(para, fn, ctx);
		{
			char in_pick[64];

			ui_op_keys_where(UI_OP_LOCK, UI_IN_ASK, keys, sizeof(keys));
			ui_op_keys_where(UI_OP_LOCK, UI_IN_PICK | UI_IN_TEXT, in_pick,
					 sizeof(in_pick));
			snprintf(para, sizeof(para),
				 "Locking works there too: %s in a question, %s in a list to "
				 "choose from. keywork locks itself after a while without a key; "
				 "unsaved work is kept, sealed, for you alone.",
				 keys, in_pick);
			help_wrap(para, fn, ctx);
		}
	}
}

struct help_draw {
	int y, skip, shown;
};

static void help_draw_line(void *ctx, const char *line)
{
	struct help_draw *d = ctx;

	if (d->skip > 0) {
		d->skip--;
		return;
	}
	if (d->shown >= ui_body_height())
		return;
	ui_put_fill(stdscr, d->y++, 1, COLS - 2, line, d->shown == 0 ? ui_attr(UC_HEADING) : 0);
	d->shown++;
}

static void help_draw(struct ui *ui, struct screen *sc)
{
	struct help *h = sc->p;
	struct help_draw d = { ui_body_top(), h->top, 0 };

	ui_draw_title(ui, "Help");
	for (int y = ui_body_top(); y < ui_body_top() + ui_body_height(); y++)
		ui_put_fill(stdscr, y, 0, COLS, "", 0);
	help_lines(h, help_draw_line, &d);
}

static enum ui_result help_key(struct ui *ui, struct screen *sc, enum ui_op op,
			       const struct ui_key *k)
{
	struct help *h = sc->p;

	(void)ui;
	(void)k;
	switch (op) {
	case UI_OP_DOWN:
	case UI_OP_PAGE_DOWN:
		h->top += op == UI_OP_DOWN ? 1 : ui_body_height() - 1;
		return UI_DONE;
	case UI_OP_UP:
	case UI_OP_PAGE_UP:
		h->top -= op == UI_OP_UP ? 1 : ui_body_height() - 1;
		if (h->top < 0)
			h->top = 0;
		return UI_DONE;
	case UI_OP_BACK:
	case UI_OP_CANCEL:
	case UI_OP_HELP:
		return UI_CLOSE;
	default:
		return UI_PASS;
	}
}

static void help_free(struct screen *sc)
{
	free(sc->p);
}

static const enum ui_op help_ops[] = { UI_OP_BACK, UI_OP_DOWN, UI_OP_UP, UI_OP_LOCK, UI_OP_NONE };
static const struct screen_ops help_ops_table = {
	.name = "Help",
	.ops = help_ops,
	.draw = help_draw,
	.key = help_key,
	.free = help_free,
};

struct screen *ui_help_new(struct ui *ui, const struct screen *for_screen)
{
	struct help *h = kw_xcalloc(1, sizeof(*h));

	h->ui = ui;
	h->for_ops = for_screen->ops;
	return ui_screen_new(&help_ops_table, h);
}

/* --- locking and unlocking --- */

static void lock_now(struct ui *ui)
{
	bool kept = save_drafts(ui);

	pop_all(ui);
	kw_session_close(&ui->s);
	wipe_buf(&ui->paste);
	ui->need_lock = false;
	ui_message(ui, kept ? UC_NORMAL : UC_ERROR, "%s",
		   kept ? "" : "Unsaved work could not be kept while locked.");
	clear();
	refresh();
}

/* Locks (lock_now), saying so when it was the idle lock. */
static void lock(struct ui *ui)
{
	long idle = ui->idle_locked ? ui->idle_lock : 0;

	lock_now(ui);
	ui->idle_locked = false;
	if (ui->msg_color == UC_ERROR) /* unsaved work not kept: that stays in front */
		return;
	if (idle >= 120)
		ui_message(ui, UC_NORMAL, "Locked after %ld minutes without a key.", idle / 60);
	else if (idle > 0)
		ui_message(ui, UC_NORMAL, "Locked after %ld seconds without a key.", idle);
}

/* The unlock screen's keys, for its bar. */
static const enum ui_op unlock_ops[] = { UI_OP_OPEN, UI_OP_NEXT_FIELD, UI_OP_QUIT, UI_OP_NONE };

static const char *unlock_op_name(const struct screen *sc, enum ui_op op)
{
	(void)sc;
	return op == UI_OP_OPEN ? "sign in" : op == UI_OP_NEXT_FIELD ? "next field" : NULL;
}

static const struct screen_ops unlock_screen = {
	.name = "Locked",
	.ops = unlock_ops,
	.op_name = unlock_op_name,
};

/*
 * An error too long for the message line (a sign-in refused says what to do last), wrapped
 * upwards from it over the lines below top, so that the whole of it is read.
 */
static void draw_long_error(const struct ui *ui, int top)
{
	struct ui_text t;
	int n;

	if (ui->msg_color != UC_ERROR)
		return;
	ui_text_init(&t, ui->msg, true, 0);
	t.cur = 0;
	n = ui_text_lines(&t, COLS - 1); /* as ui_text_draw wraps it: a column for the cursor */
	if (n > LINES - 2 - top)
		n = LINES - 2 - top;
	if (n > 1)
		ui_text_draw(&t, stdscr, LINES - 1 - n, 0, n, COLS, ui_attr(ui->msg_color), false);
	ui_text_free(&t);
}

/* The unlock screen: until signed in (true) or asked to quit (false). */
static bool unlock(struct ui *ui)
{
	struct ui_text user;
	struct kw_secret *pass = kw_secret_new(PASS_MAX);
	size_t plen = 0;
	int field = ui->username[0] != '\0' ? 1 : 0;
	bool ok = false;

	ui_text_init(&user, ui->username, false, 32);
	for (;;) {
		struct ui_key k;
		enum ui_op op;
		int y = LINES / 2 - 5, x = COLS / 2 - 30;

		if (hangup)
			break;
		erase();
		curs_set(0);
		if (too_small()) {
			draw_too_small();
		} else {
			ui_put_fill(stdscr, 0, 0, COLS, " keywork  Locked", ui_attr(UC_TITLE));
			ui_put(stdscr, y, x, 60, "Sign in to keywork", (size_t)-1,
			       ui_attr(UC_HEADING));
			ui_put(stdscr, y + 2, x, 14, "User", (size_t)-1, 0);
			ui_text_draw(&user, stdscr, y + 2, x + 14, 1, 34,
				     ui_attr(field == 0 ? UC_FIELD_FOCUS : UC_FIELD), field == 0);
			ui_put(stdscr, y + 3, x, 14, "Passphrase", (size_t)-1, 0);
			ui_put_fill(stdscr, y + 3, x + 14, 34, "",
				    ui_attr(field == 1 ? UC_FIELD_FOCUS : UC_FIELD));
			if (field == 1)
				ui_cursor_want(y + 3, x + 14);
			{
				char line[96];

				snprintf(line, sizeof(line),
					 "%s signs in. The passphrase is not shown as you type.",
					 ui_key_name(UI_OP_OPEN, UI_IN_TEXT));
				ui_put(stdscr, y + 5, x, 60, line, (size_t)-1, ui_attr(UC_DIM));
			}
			if (ui->demo)
				ui_put(stdscr, y + 7, x, 60,
				       "Demo data: user demo, passphrase demo-only-synthetic-women",
				       (size_t)-1, ui_attr(UC_DIM));
			draw_bar(ui, &unlock_screen, NULL, UI_IN_TEXT, "LOCKED");
			draw_long_error(ui, y + 8);
			{
				int cy, cx;

				if (ui_cursor_take(&cy, &cx)) {
					move(cy, cx);
					curs_set(1);
				}
			}
			refresh();
		}
		op = ui_next_op(ui, &k, UI_IN_TEXT, 1000);
		if (k.kind == UK_NONE || op == UI_OP_RESIZE)
			continue;
		if (op == UI_OP_QUIT)
			break;
		if (too_small())
			continue;
		if (op == UI_OP_NEXT_FIELD || op == UI_OP_PREV_FIELD || op == UI_OP_UP ||
		    op == UI_OP_DOWN) {
			field = !field;
			continue;
		}
		if (op == UI_OP_OPEN) {
			struct kw_session *s = NULL;
			struct kw_secret *given;
			struct kw_err err;

			if (field == 0 || plen == 0) {
				field = 1;
				continue;
			}
			if (ui_text_str(&user)[0] == '\0') {
				field = 0;
				continue;
			}
			ui_message(ui, UC_NORMAL, "Unlocking...");
			ui_put_fill(stdscr, LINES - 2, 0, COLS, ui->msg, 0);
			curs_set(0);
			refresh();
			given = kw_secret_from(pass->p, plen);
			memset(pass->p, 0, PASS_MAX);
			plen = 0;
			if (kw_session_open(ui->dir, ui_text_str(&user), given, &s, &err) != 0) {
				kw_secret_free(&given);
				ui_message(ui, UC_ERROR, "%s",
					   err.status == KW_ENOPERM && err.reason != KW_R_BACKOFF &&
							   err.reason != KW_R_DISABLED
						   ? "That user and passphrase do not open keywork "
						     "here. Try again."
						   : err.msg);
				flushinp();
				continue;
			}
			kw_secret_free(&given);
			ui->s = s;
			snprintf(ui->username, sizeof(ui->username), "%s", ui_text_str(&user));
			if (s->ndisputes > 0)
				ui_message(
					ui, UC_FLAG,
					"The key file disagrees with the protected register (%zu): "
					"run keywork check. No keys change until a manager repairs "
					"it.",
					s->ndisputes);
			else if (s->nschema_problems > 0)
				ui_message(ui, UC_FLAG,
					   "The database's structure was changed outside keywork "
					   "(%zu): run keywork check.",
					   s->nschema_problems);
			else if (s->naccess_problems > 0)
				ui_message(
					ui, UC_FLAG,
					"A restriction to named staff was changed outside keywork "
					"(%zu): run keywork check.",
					s->naccess_problems);
			else if (s->failed_before > 0)
				ui_message(ui, UC_FLAG,
					   "%lu failed attempt%s to sign in as you since %s.",
					   s->failed_before, s->failed_before == 1 ? "" : "s",
					   s->failed_since);
			else
				ui_message(ui, UC_NORMAL, " ");
			ok = true;
			break;
		}
		if (op == UI_OP_REDRAW)
			clearok(curscr, TRUE);
		if (op != UI_OP_NONE && !ui_op_edits_text(op))
			continue;
		if (field == 0) {
			ui_text_key(&user, &k, 34);
			continue;
		}
		if (op == UI_OP_ERASE) {
			while (plen > 0 && (pass->p[plen - 1] & 0xc0) == 0x80)
				pass->p[--plen] = 0;
			if (plen > 0)
				pass->p[--plen] = 0;
		} else if (op == UI_OP_DELETE_TO_START) {
			memset(pass->p, 0, PASS_MAX);
			plen = 0;
		} else if (k.kind == UK_CHAR || k.kind == UK_PASTE) {
			char mb[MB_LEN_MAX];
			const char *src = mb;
			size_t n;

			if (k.kind == UK_CHAR) {
				mbstate_t st;

				memset(&st, 0, sizeof(st));
				n = wcrtomb(mb, (wchar_t)k.code, &st);
				if (n == (size_t)-1)
					continue;
			} else {
				src = k.paste;
				n = strcspn(k.paste, "\r\n");
			}
			if (plen + n < PASS_MAX) {
				memcpy(pass->p + plen, src, n);
				plen += n;
			}
			if (k.kind == UK_PASTE)
				wipe_buf(&ui->paste);
		}
	}
	ui_text_free(&user);
	kw_secret_free(&pass);
	return ok;
}

/* --- the loop --- */

static void draw(struct ui *ui)
{
	int cy, cx;

	erase();
	curs_set(0);
	if (too_small()) {
		draw_too_small();
		return;
	}
	if (ui->top != NULL)
		ui->top->ops->draw(ui, ui->top);
	ui_draw_bar(ui);
	if (ui_cursor_take(&cy, &cx)) {
		move(cy, cx);
		curs_set(1);
	}
	refresh();
}

/* Handles one key (op, as ui_next_op decoded it) on the top screen, then the global operations it passed on. */
static void handle(struct ui *ui, const struct ui_key *k, enum ui_op op)
{
	struct screen *sc = ui->top;
	bool text = where_on(sc) == UI_IN_TEXT;
	enum ui_result r;

	if (op == UI_OP_LOCK)
		return; /* need_lock is set */
	if (too_small()) {
		if (op == UI_OP_QUIT && !any_dirty(ui))
			ui->quit = true;
		return;
	}
	ui->msg[0] = '\0';
	r = sc->ops->key(ui, sc, op, k);
	if (r == UI_CLOSE) {
		ui_pop(ui);
		return;
	}
	if (r == UI_DONE)
		return;
	switch (op) {
	case UI_OP_HELP:
		ui_push(ui, ui_help_new(ui, sc));
		break;
	case UI_OP_REDRAW:
		clearok(curscr, TRUE);
		break;
	case UI_OP_QUIT:
		if (!any_dirty(ui) || ui_ask(ui, "Unsaved work will be lost. Quit anyway?", false))
			ui->quit = true;
		break;
	case UI_OP_BACK:
	case UI_OP_CANCEL:
		if (sc->below != NULL)
			ui_pop(ui);
		else if (op == UI_OP_BACK && k->kind == UK_CHAR)
			ui_message(ui, UC_DIM, "This is the first screen: %s quits, %s locks.",
				   ui_key(UI_OP_QUIT), ui_key(UI_OP_LOCK));
		break;
	case UI_OP_SEARCH:
		ui_push(ui, ui_search_new(ui, false));
		break;
	case UI_OP_DISCREET:
		/* Every list and title shows references instead of names; lists read again. */
		ui->discreet = !ui->discreet;
		ui->stack_gen++;
		ui_message(ui, UC_DIM,
			   ui->discreet
				   ? "Discreet mode: references instead of names. %s shows names."
				   : "Names shown again. %s hides them.",
			   ui_key(UI_OP_DISCREET));
		break;
	default:
		if (k->kind == UK_KEY && k->code == UI_CTRL('Z'))
			ui_message(
				ui, UC_DIM,
				"keywork does not suspend (her record would stay open): %s locks.",
				ui_key(UI_OP_LOCK));
		else if (!text && ui_key_is_unbound_capital(k))
			ui_message(ui, UC_DIM, "'%lc' does nothing here. Caps Lock on?",
				   (wint_t)k->code);
		break;
	}
}

/* $KEYWORK_IDLE_LOCK, else keywork.conf's idle-lock (from_config; -1: unset), else the default. */
static long idle_setting(long from_config)
{
	const char *v = getenv("KEYWORK_IDLE_LOCK");
	long def = from_config >= 0 ? from_config : IDLE_LOCK_DEFAULT;
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return def;
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= 0 ? n : def;
}

static void start_signed_in(struct ui *ui)
{
	ui_push(ui, ui_today_new(ui));
	restore_drafts(ui);
}

int kw_ui_run(const char *dir, const char *username, struct kw_session **s, bool demo,
	      struct kw_err *err)
{
	struct ui ui = { 0 };
	struct kw_diags diags = { 0 };
	char *shipped = kw_forms_shipped_dir(), *over = kw_forms_override_dir();
	const char *overs[] = { over };
	int rc = -1;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		kw_err_set(err, KW_EUSAGE, "keywork's screens need a terminal");
		goto out;
	}
	if (kw_form_pack_load(shipped, overs, 1, &ui.pack, &diags, err) != 0) {
		char line[1024];

		for (size_t i = 0; i < diags.n; i++)
			fprintf(stderr, "%s\n", kw_diag_str(&diags, i, line, sizeof(line)));
		goto out;
	}
	ui.dir = kw_xstrdup(dir);
	kw_draft_own_init(&ui.draft);
	snprintf(ui.username, sizeof(ui.username), "%s", username != NULL ? username : "");
	ui.demo = demo;
	{
		struct kw_config cfg;

		/* keywork.conf: discreet mode from the start, and the idle lock. */
		if (kw_config_load(NULL, &cfg, err) != 0)
			goto out;
		ui.discreet = cfg.discreet;
		ui.idle_lock = idle_setting(cfg.idle_lock);
	}
	if (s != NULL && *s != NULL) {
		ui.s = *s;
		*s = NULL;
		snprintf(ui.username, sizeof(ui.username), "%s", ui.s->user.username);
	}
	ui_signals_start();
	signal(SIGTSTP, SIG_IGN);
	term_start();
	ui.last_input = kw_boottime();
	if (ui.s != NULL)
		start_signed_in(&ui);
	while (!ui.quit && !hangup) {
		struct ui_key k;
		enum ui_op op;

		if (ui.s == NULL) {
			if (!unlock(&ui))
				break;
			ui.last_input = kw_boottime();
			start_signed_in(&ui);
		}
		draw(&ui);
		op = ui_next_op(&ui, &k, where_on(ui.top), 1000);
		if (ui.need_lock) {
			lock(&ui);
			continue;
		}
		if (k.kind == UK_NONE || hangup)
			continue;
		if (op == UI_OP_RESIZE) {
			clearok(curscr, TRUE);
			continue;
		}
		handle(&ui, &k, op);
		if (ui.top == NULL && ui.s != NULL)
			ui_push(&ui, ui_today_new(&ui));
		if (ui.pending_open && ui.s != NULL) {
			ui.pending_open = false;
			ui_push(&ui, ui_record_new(&ui, ui.pending_id));
		}
		if (ui.need_lock)
			lock(&ui);
	}
	/* A hang-up or kill keeps the unsaved work, sealed, for her next sign-in. */
	if (hangup)
		save_drafts(&ui);
	pop_all(&ui);
	kw_session_close(&ui.s);
	kw_draft_own_release(&ui.draft);
	term_stop();
	/* Ended by a signal: its status, now that the keys are wiped and the screen clear. */
	rc = hangup != 0 ? 128 + hangup : 0;
	ui_watchdog(0);
out:
	wipe_buf(&ui.paste);
	kw_form_pack_free(&ui.pack);
	kw_diags_free(&diags);
	free(ui.dir);
	free(shipped);
	free(over);
	return rc;
}
