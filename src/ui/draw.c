/*
 * draw.c: putting text on the screen safely, and the colour theme.
 *
 * Text from the database never reaches the terminal raw: a case note could
 * hold an escape sequence (a pasted clipboard, an imported file) that would
 * retitle the window, write to the clipboard (OSC 52) or move the cursor.
 * Everything drawn goes through ui_put, which shows such bytes escaped.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"

static attr_t theme[UC_COUNT];

void ui_theme_init(void)
{
	const char *nc = getenv("NO_COLOR");
	bool colour = has_colors() && (nc == NULL || nc[0] == '\0');

	/* Monochrome first: every role still reads without colour. */
	theme[UC_NORMAL] = A_NORMAL;
	theme[UC_TITLE] = A_REVERSE | A_BOLD;
	theme[UC_BAR] = A_REVERSE;
	theme[UC_BAR_KEY] = A_REVERSE | A_BOLD;
	theme[UC_SELECTED] = A_REVERSE;
	theme[UC_FLAG] = A_BOLD;
	theme[UC_DIM] = A_DIM;
	theme[UC_ERROR] = A_BOLD;
	theme[UC_OK] = A_NORMAL;
	theme[UC_HEADING] = A_BOLD | A_UNDERLINE;
	theme[UC_FIELD] = A_UNDERLINE;
	theme[UC_FIELD_FOCUS] = A_REVERSE;
	if (!colour)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_BLACK, COLOR_CYAN);
	init_pair(3, COLOR_RED, -1);
	init_pair(4, COLOR_GREEN, -1);
	init_pair(5, COLOR_YELLOW, -1);
	init_pair(6, COLOR_BLUE, COLOR_WHITE);
	theme[UC_TITLE] = COLOR_PAIR(1) | A_BOLD;
	theme[UC_BAR] = COLOR_PAIR(2);
	theme[UC_BAR_KEY] = COLOR_PAIR(2) | A_BOLD;
	theme[UC_FLAG] = COLOR_PAIR(3) | A_BOLD;
	theme[UC_ERROR] = COLOR_PAIR(3) | A_BOLD;
	theme[UC_OK] = COLOR_PAIR(4);
	theme[UC_HEADING] = COLOR_PAIR(5) | A_BOLD;
	theme[UC_FIELD_FOCUS] = COLOR_PAIR(6);
}

attr_t ui_attr(enum ui_color c)
{
	return c < UC_COUNT ? theme[c] : A_NORMAL;
}

unsigned long ui_examined;

size_t ui_utf8_next(const char *s, size_t n, wchar_t *wc)
{
	mbstate_t st;
	size_t r;

	ui_examined++;
	memset(&st, 0, sizeof(st));
	r = mbrtowc(wc, s, n, &st);
	if (r == (size_t)-1 || r == (size_t)-2) {
		*wc = (wchar_t)-1;
		return 1;
	}
	if (r == 0) {
		*wc = 0;
		return 1;
	}
	return r;
}

/* True for characters that must be shown escaped rather than drawn. */
static bool unsafe(wchar_t wc)
{
	return wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc < 0xa0) ||
	       /* bidirectional embedding, override and isolate controls */
	       (wc >= 0x202a && wc <= 0x202e) || (wc >= 0x2066 && wc <= 0x2069) || wc == 0x200e ||
	       wc == 0x200f || wc == 0x061c ||
	       /* line and paragraph separators */
	       wc == 0x2028 || wc == 0x2029;
}

/* The escaped form of one unsafe character or bad byte. */
static void escaped(wchar_t wc, unsigned char byte, char out[16])
{
	if (wc == (wchar_t)-1)
		snprintf(out, 16, "\\x%02x", byte);
	else if (wc < 0x20)
		snprintf(out, 16, "^%c", (char)(wc + '@'));
	else if (wc == 0x7f)
		snprintf(out, 16, "^?");
	else if (wc < 0xa0)
		snprintf(out, 16, "\\x%02x", (unsigned)wc);
	else
		snprintf(out, 16, "<U+%04X>", (unsigned)wc);
}

/* Walks s calling fn per drawable piece: a wide character or an escape string. */
static int measure_char(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

/* Printable ASCII: drawn as it is, one column each. */
static bool plain_ascii(char ch)
{
	return (unsigned char)ch >= 0x20 && (unsigned char)ch < 0x7f;
}

int ui_put(WINDOW *w, int y, int x, int width, const char *s, size_t n, attr_t attr)
{
	size_t i = 0;
	int used = 0;

	if (s == NULL || width <= 0)
		return 0;
		/*
	 * The text ends at n bytes or its NUL, found as it is drawn: a long
	 * value costs only the columns it fills, never a walk to its end.
	 */
#define AT_END(j) ((j) >= n || s[j] == '\0')
	wmove(w, y, x);
	wattr_on(w, attr, NULL);
	while (!AT_END(i)) {
		wchar_t wc;
		size_t len, run = 0;
		size_t room = (size_t)(width - used);
		char esc[16];
		int cw;

		/* A run of printable ASCII goes in one call, cut short as below. */
		while (run <= room && !AT_END(i + run) && plain_ascii(s[i + run]))
			run++;
		ui_examined += run;
		if (run > 0) {
			if (AT_END(i + run) && run <= room) {
				waddnstr(w, s + i, (int)run);
				used += (int)run;
				break;
			}
			if (run < room) {
				waddnstr(w, s + i, (int)run);
				used += (int)run;
				i += run;
				continue;
			}
			waddnstr(w, s + i, (int)room - 1);
			used += (int)room - 1;
			mvwaddch(w, y, x + used, '~');
			used++;
			break;
		}
		len = ui_utf8_next(s + i, n - i < 8 ? n - i : 8, &wc);
		if (wc == L'\t')
			wc = L' ';
		if (wc == (wchar_t)-1 || unsafe(wc)) {
			escaped(wc, (unsigned char)s[i], esc);
			cw = (int)strlen(esc);
		} else {
			esc[0] = '\0';
			cw = measure_char(wc);
		}
		if (used + cw > width || (used + cw == width && !AT_END(i + len))) {
			/* Cut short: mark it in the last column. */
			if (used < width) {
				mvwaddch(w, y, x + used, '~');
				used++;
			}
			break;
		}
		if (esc[0] != '\0') {
			wattr_on(w, A_DIM, NULL);
			waddstr(w, esc);
			wattr_off(w, A_DIM, NULL);
			wattr_on(w, attr, NULL); /* attr may have had A_DIM itself */
		} else if (wcwidth(wc) < 0) {
			waddch(w, '?');
		} else {
			cchar_t cc;
			wchar_t ws[2] = { wc, 0 };

			setcchar(&cc, ws, attr, 0, NULL);
			wadd_wch(w, &cc);
		}
		used += cw;
		i += len;
	}
#undef AT_END
	wattr_off(w, attr, NULL);
	return used;
}

void ui_put_fill(WINDOW *w, int y, int x, int width, const char *s, attr_t attr)
{
	int used = ui_put(w, y, x, width, s, (size_t)-1, attr);

	wattr_on(w, attr, NULL);
	for (int i = used; i < width; i++)
		mvwaddch(w, y, x + i, ' ');
	wattr_off(w, attr, NULL);
}

void ui_printf(WINDOW *w, int y, int x, int width, attr_t attr, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ui_put_fill(w, y, x, width, line, attr);
}

int ui_width(const char *s)
{
	size_t i = 0, n = s != NULL ? strlen(s) : 0;
	int used = 0;

	while (i < n) {
		wchar_t wc;
		size_t len = ui_utf8_next(s + i, n - i, &wc);
		char esc[16];

		if (wc == L'\t')
			wc = L' ';
		if (wc == (wchar_t)-1 || unsafe(wc)) {
			escaped(wc, (unsigned char)s[i], esc);
			used += (int)strlen(esc);
		} else {
			used += measure_char(wc);
		}
		i += len;
	}
	return used;
}
