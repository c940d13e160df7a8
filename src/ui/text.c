/*
 * text.c: a text being typed, one line or many. UTF-8 throughout; multi-line
 * text is word-wrapped when drawn and the cursor moves by what is seen.
 * Pasted text is cleaned on the way in: control characters and escape
 * sequences never enter a record.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "ui.h"

static int cursor_y = -1, cursor_x = -1;

void ui_cursor_want(int y, int x)
{
	cursor_y = y;
	cursor_x = x;
}

bool ui_cursor_take(int *y, int *x)
{
	bool have = cursor_y >= 0;

	*y = cursor_y;
	*x = cursor_x;
	cursor_y = cursor_x = -1;
	return have;
}

void ui_text_init(struct ui_text *t, const char *s, bool multiline, size_t max_chars)
{
	memset(t, 0, sizeof(*t));
	t->multiline = multiline;
	t->max_chars = max_chars;
	ui_text_set(t, s);
}

/* Grows b for extra more bytes and a NUL; the old copy is wiped, since texts hold case notes. */
static void reserve(struct kw_buf *b, size_t extra)
{
	size_t cap = b->cap != 0 ? b->cap : 64;
	char *p;

	if (b->len + extra + 1 <= b->cap)
		return;
	while (cap < b->len + extra + 1)
		cap *= 2;
	p = kw_xmalloc(cap);
	if (b->p != NULL) {
		memcpy(p, b->p, b->len + 1);
		memset(b->p, 0, b->cap);
		free(b->p);
	} else {
		p[0] = '\0';
	}
	b->p = p;
	b->cap = cap;
}

void ui_text_set(struct ui_text *t, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (t->b.p != NULL)
		memset(t->b.p, 0, t->b.cap);
	t->b.len = 0;
	reserve(&t->b, n);
	if (n > 0)
		memcpy(t->b.p, s, n);
	t->b.p[n] = '\0';
	t->b.len = n;
	t->cur = n;
	t->top = 0;
	t->want_col = -1;
}

const char *ui_text_str(const struct ui_text *t)
{
	return t->b.p != NULL ? t->b.p : "";
}

void ui_text_free(struct ui_text *t)
{
	if (t->b.p != NULL)
		memset(t->b.p, 0, t->b.cap);
	kw_buf_free(&t->b);
}

static size_t nchars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

static void insert(struct ui_text *t, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (t->max_chars > 0 && nchars(t->b.p, t->b.len) + nchars(s, n) > t->max_chars)
		return;
	reserve(&t->b, n);
	memmove(t->b.p + t->cur + n, t->b.p + t->cur, t->b.len - t->cur + 1);
	memcpy(t->b.p + t->cur, s, n);
	t->b.len += n;
	t->cur += n;
	t->changed = true;
}

static void text_erase(struct ui_text *t, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(t->b.p + from, t->b.p + to, t->b.len - to + 1);
	t->b.len -= to - from;
	if (t->cur > to)
		t->cur -= to - from;
	else if (t->cur > from)
		t->cur = from;
	t->changed = true;
}

/* The start of the character before i: at most 4 bytes back, however the text is broken. */
static size_t prev_char(const struct ui_text *t, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	for (int k = 0; k < 3 && i > 0 && ((unsigned char)t->b.p[i] & 0xc0) == 0x80; k++)
		i--;
	return i;
}

static size_t next_char(const struct ui_text *t, size_t i)
{
	if (i >= t->b.len)
		return t->b.len;
	i++;
	while (i < t->b.len && ((unsigned char)t->b.p[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* Inserts pasted or typed text, keeping only what belongs in a record. */
static void insert_clean(struct ui_text *t, const char *s, size_t n)
{
	struct kw_buf out = { 0 };
	size_t i = 0;

	while (i < n) {
		wchar_t wc;
		size_t len = ui_utf8_next(s + i, n - i, &wc);

		if (wc == L'\r') {
			if (i + 1 < n && s[i + 1] == '\n')
				len++;
			wc = L'\n';
		}
		if (wc == L'\n' || wc == L'\t') {
			if (t->multiline && wc == L'\n')
				kw_buf_add(&out, "\n", 1);
			else if (t->multiline)
				kw_buf_add(&out, "    ", 4);
			else
				kw_buf_add(&out, " ", 1);
		} else if (wc != (wchar_t)-1 && wc >= 0x20 && wc != 0x7f &&
			   !(wc >= 0x80 && wc < 0xa0) && !(wc >= 0x202a && wc <= 0x202e) &&
			   !(wc >= 0x2066 && wc <= 0x2069)) {
			kw_buf_add(&out, s + i, len);
		}
		i += len;
	}
	insert(t, out.p != NULL ? out.p : "", out.len);
	if (out.p != NULL)
		memset(out.p, 0, out.cap);
	kw_buf_free(&out);
}

/* A visual line: bytes [start, end) of the text; end excludes a wrapped space or newline. */
struct vline {
	size_t start, end;
};

static int char_width(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

/*
 * Wraps t to width columns, stopping after max lines; returns the lines
 * (malloc'd) and their count in *n.
 */
static struct vline *wrap_upto(const struct ui_text *t, int width, int max, int *n)
{
	const char *s = ui_text_str(t);
	size_t len = t->b.len, i = 0, start = 0, last_space = (size_t)-1;
	int cap = 16, cols = 0;
	struct vline *v = kw_xmalloc((size_t)cap * sizeof(*v));

	*n = 0;
	if (width < 1)
		width = 1;
	while (i <= len) {
		wchar_t wc = 0;
		size_t clen = i < len ? ui_utf8_next(s + i, len - i, &wc) : 0;
		int cw = i < len && wc != L'\n' ? char_width(wc) : 0;

		if (*n + 2 >= cap) {
			cap *= 2;
			v = kw_xrealloc(v, (size_t)cap * sizeof(*v));
		}
		if (*n >= max)
			break;
		if (i == len || wc == L'\n') {
			v[(*n)++] = (struct vline){ start, i };
			if (i == len)
				break;
			i += clen;
			start = i;
			cols = 0;
			last_space = (size_t)-1;
			continue;
		}
		if (t->multiline && cols + cw > width) {
			if (last_space != (size_t)-1 && last_space > start) {
				v[(*n)++] = (struct vline){ start, last_space };
				i = last_space + 1;
			} else {
				v[(*n)++] = (struct vline){ start, i };
			}
			start = i;
			cols = 0;
			last_space = (size_t)-1;
			continue;
		}
		if (wc == L' ')
			last_space = i;
		cols += cw;
		i += clen;
	}
	return v;
}

static struct vline *wrap(const struct ui_text *t, int width, int *n)
{
	return wrap_upto(t, width, INT_MAX, n);
}

static int cols_between(const char *s, size_t from, size_t to)
{
	int c = 0;

	while (from < to) {
		wchar_t wc;

		from += ui_utf8_next(s + from, to - from, &wc);
		c += wc == (wchar_t)-1 ? 1 : char_width(wc);
	}
	return c;
}

/* The byte offset in line l nearest to column col. */
static size_t at_col(const char *s, const struct vline *l, int col)
{
	size_t i = l->start;
	int c = 0;

	while (i < l->end) {
		wchar_t wc;
		size_t len = ui_utf8_next(s + i, l->end - i, &wc);
		int cw = char_width(wc);

		if (c + cw > col)
			break;
		c += cw;
		i += len;
	}
	return i;
}

static int line_of(const struct vline *v, int n, size_t cur)
{
	for (int i = n - 1; i >= 0; i--)
		if (cur >= v[i].start)
			return i;
	return 0;
}

int ui_text_lines(const struct ui_text *t, int width)
{
	return ui_text_lines_upto(t, width, INT_MAX);
}

int ui_text_lines_upto(const struct ui_text *t, int width, int max)
{
	int n;
	struct vline *v = wrap_upto(t, width, max, &n);

	free(v);
	return n;
}

/* Moves by visual lines; false if there is no line that way. */
static bool move_lines(struct ui_text *t, int delta, int width)
{
	int n, l;
	struct vline *v = wrap(t, width, &n);
	bool moved = false;

	l = line_of(v, n, t->cur);
	if (t->want_col < 0)
		t->want_col = cols_between(ui_text_str(t), v[l].start, t->cur);
	if (l + delta >= 0 && l + delta < n) {
		t->cur = at_col(ui_text_str(t), &v[l + delta], t->want_col);
		moved = true;
	}
	free(v);
	return moved;
}

static void line_bounds(struct ui_text *t, int width, size_t *start, size_t *end)
{
	int n, l;
	struct vline *v = wrap(t, width, &n);

	l = line_of(v, n, t->cur);
	*start = v[l].start;
	*end = v[l].end;
	free(v);
}

bool ui_text_key(struct ui_text *t, const struct ui_key *k, int width)
{
	enum ui_op op;
	size_t a, b;

	if (k->kind == UK_CHAR) {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof(st));
		n = wcrtomb(mb, (wchar_t)k->code, &st);
		if (n == (size_t)-1)
			return false;
		insert_clean(t, mb, n);
		t->want_col = -1;
		return true;
	}
	if (k->kind == UK_PASTE) {
		insert_clean(t, k->paste, k->paste_len);
		t->want_col = -1;
		return true;
	}
	if (k->kind != UK_KEY)
		return false;
	op = ui_decode(k, UI_IN_TEXT);
	if (op != UI_OP_UP && op != UI_OP_DOWN)
		t->want_col = -1;
	switch (op) {
	case UI_OP_OPEN:
		/* Enter: a new line in a box of text; in one line, for the screen to act on. */
		if (!t->multiline)
			return false;
		insert(t, "\n", 1);
		return true;
	case UI_OP_ERASE:
		text_erase(t, prev_char(t, t->cur), t->cur);
		return true;
	case UI_OP_DELETE:
		text_erase(t, t->cur, next_char(t, t->cur));
		return true;
	case UI_OP_LEFT:
		t->cur = prev_char(t, t->cur);
		return true;
	case UI_OP_RIGHT:
		t->cur = next_char(t, t->cur);
		return true;
	case UI_OP_LINE_START:
		line_bounds(t, width, &a, &b);
		t->cur = a;
		return true;
	case UI_OP_LINE_END:
		line_bounds(t, width, &a, &b);
		t->cur = b;
		return true;
	case UI_OP_DELETE_TO_START:
		line_bounds(t, width, &a, &b);
		text_erase(t, a, t->cur);
		return true;
	case UI_OP_DELETE_TO_END:
		line_bounds(t, width, &a, &b);
		text_erase(t, t->cur, b);
		return true;
	case UI_OP_DELETE_WORD:
		a = t->cur;
		while (a > 0 && t->b.p[a - 1] == ' ')
			a--;
		while (a > 0 && t->b.p[a - 1] != ' ' && t->b.p[a - 1] != '\n')
			a--;
		text_erase(t, a, t->cur);
		return true;
	case UI_OP_UP:
		return t->multiline && move_lines(t, -1, width);
	case UI_OP_DOWN:
		return t->multiline && move_lines(t, 1, width);
	default:
		return false;
	}
}

void ui_text_draw(struct ui_text *t, WINDOW *win, int y, int x, int h, int w, attr_t attr,
		  bool focus)
{
	const char *s = ui_text_str(t);

	if (w < 2)
		return;
	if (!t->multiline) {
		size_t from = t->cur;
		int ccol = 0;

		/*
		 * Scroll so the cursor stays in view: back from the cursor as far as
		 * the box holds, so a long value costs only what is shown.
		 */
		while (from > 0) {
			size_t p = prev_char(t, from);
			int cw = cols_between(s, p, from);

			if (ccol + cw >= w - 1)
				break;
			ccol += cw;
			from = p;
		}
		ui_put_fill(win, y, x, w, s + from, attr);
		if (focus)
			ui_cursor_want(y, x + ccol);
		return;
	}
	{
		int n, l;
		struct vline *v = wrap(t, w - 1, &n);

		l = line_of(v, n, t->cur);
		if (l < t->top)
			t->top = l;
		if (l >= t->top + h)
			t->top = l - h + 1;
		for (int i = 0; i < h; i++) {
			int li = t->top + i;
			char *line;

			if (li >= n) {
				ui_put_fill(win, y + i, x, w, "", attr);
				continue;
			}
			line = kw_xmalloc(v[li].end - v[li].start + 1);
			memcpy(line, s + v[li].start, v[li].end - v[li].start);
			line[v[li].end - v[li].start] = '\0';
			ui_put_fill(win, y + i, x, w, line, attr);
			memset(line, 0, v[li].end - v[li].start);
			free(line);
		}
		if (focus)
			ui_cursor_want(y + l - t->top, x + cols_between(s, v[l].start, t->cur));
		free(v);
	}
}
