/* list.c: rows in aligned columns (by display width), with a selection that scrolls. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct ui_row *ui_list_add(struct ui_list *l, enum ui_color c, bool heading, const char *c0,
			   const char *c1, const char *c2, const char *c3, const char *c4,
			   const char *c5)
{
	const char *cells[UI_CELLS] = { c0, c1, c2, c3, c4, c5 };
	struct ui_row *r;

	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? l->cap * 2 : 32;
		l->rows = kw_xrealloc(l->rows, l->cap * sizeof(*l->rows));
	}
	r = &l->rows[l->n++];
	memset(r, 0, sizeof(*r));
	r->color = c;
	r->heading = heading;
	for (int i = 0; i < UI_CELLS; i++)
		r->cell[i] = cells[i] != NULL ? kw_xstrdup(cells[i]) : NULL;
	return r;
}

void ui_list_clear(struct ui_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		for (int c = 0; c < UI_CELLS; c++) {
			if (l->rows[i].cell[c] != NULL) {
				memset(l->rows[i].cell[c], 0, strlen(l->rows[i].cell[c]));
				free(l->rows[i].cell[c]);
			}
		}
	}
	free(l->rows);
	l->rows = NULL;
	l->n = l->cap = 0;
	l->sel = l->top = 0;
}

const struct ui_row *ui_list_selected(const struct ui_list *l)
{
	return l->sel < l->n && !l->rows[l->sel].heading ? &l->rows[l->sel] : NULL;
}

void ui_list_select_from(struct ui_list *l, size_t i)
{
	while (i < l->n && l->rows[i].heading)
		i++;
	if (i < l->n)
		l->sel = i;
}

static void step(struct ui_list *l, long delta)
{
	long i = (long)l->sel;
	long dir = delta > 0 ? 1 : -1;

	for (long moved = 0; moved < labs(delta);) {
		long j = i + dir;

		while (j >= 0 && j < (long)l->n && l->rows[j].heading)
			j += dir;
		if (j < 0 || j >= (long)l->n)
			break;
		i = j;
		moved++;
	}
	l->sel = (size_t)i;
}

bool ui_list_move(struct ui_list *l, enum ui_op op, int h)
{
	switch (op) {
	case UI_OP_UP:
		step(l, -1);
		return true;
	case UI_OP_DOWN:
		step(l, 1);
		return true;
	case UI_OP_PAGE_UP:
		step(l, -(h > 1 ? h - 1 : 1));
		return true;
	case UI_OP_PAGE_DOWN:
		step(l, h > 1 ? h - 1 : 1);
		return true;
	case UI_OP_FIRST:
		l->sel = 0;
		ui_list_select_from(l, 0);
		return true;
	case UI_OP_LAST:
		if (l->n > 0) {
			l->sel = l->n - 1;
			step(l, -1);
			step(l, 1);
		}
		return true;
	default:
		return false;
	}
}

/*
 * The columns' widths for this terminal: as asked, unless the flags would not
 * fit, in which case the widest cells that may narrow (names, summaries) give
 * up a column at a time, down to their least, until every flag shows whole.
 */
static void layout(const struct ui_list *l, int w[UI_CELLS])
{
	int need[UI_CELLS] = { 0 }, last = -1, over;

	for (int c = 0; c < UI_CELLS; c++)
		w[c] = l->width[c];
	for (size_t i = 0; i < l->n; i++) {
		const struct ui_row *r = &l->rows[i];

		if (r->heading || r->flags == 0)
			continue;
		for (int c = 0; c < UI_CELLS; c++) {
			if ((r->flags & (1u << c)) == 0 || r->cell[c] == NULL ||
			    r->cell[c][0] == '\0')
				continue;
			if (ui_width(r->cell[c]) > need[c])
				need[c] = ui_width(r->cell[c]);
			if (c > last)
				last = c;
		}
	}
	if (last < 0)
		return;
	/* Columns from x = 1, one apart; drawing stops at COLS - 1. */
	over = 1 - (COLS - 1);
	for (int c = 0; c <= last; c++) {
		if (w[c] > 0 && need[c] > w[c])
			w[c] = need[c];
		over += (w[c] > 0 ? w[c] : need[c]) + (c < last ? 1 : 0);
	}
	while (over > 0) {
		int widest = -1;

		for (int c = 0; c < last; c++)
			if (l->least[c] > 0 && w[c] > l->least[c] &&
			    (widest < 0 || w[c] > w[widest]))
				widest = c;
		if (widest < 0)
			break;
		w[widest]--;
		over--;
	}
}

void ui_list_draw(struct ui_list *l, int y, int h, bool show_sel)
{
	int width[UI_CELLS];

	if (h <= 0)
		return;
	layout(l, width);
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)h)
		l->top = l->sel - (size_t)h + 1;
	/* Show the heading just above the selection when there is room. */
	if (l->top > 0 && l->top == l->sel && l->rows[l->top - 1].heading)
		l->top--;
	for (int i = 0; i < h; i++) {
		size_t ri = l->top + (size_t)i;
		const struct ui_row *r;
		attr_t a;
		int x = 1;

		if (ri >= l->n) {
			ui_put_fill(stdscr, y + i, 0, COLS, "", 0);
			continue;
		}
		r = &l->rows[ri];
		a = r->heading ? ui_attr(UC_HEADING) : ui_attr(r->color);
		if (show_sel && ri == l->sel)
			a = ui_attr(UC_SELECTED);
		ui_put_fill(stdscr, y + i, 0, COLS, "", a);
		for (int c = 0; c < UI_CELLS && x < COLS - 1; c++) {
			bool whole = r->heading || r->wide;
			int w = width[c] > 0 && !whole ? width[c] : COLS - 1 - x;

			if (x + w > COLS - 1)
				w = COLS - 1 - x;
			if (r->cell[c] != NULL)
				ui_put(stdscr, y + i, x, w, r->cell[c], (size_t)-1, a);
			x += w + 1;
			if (whole)
				break;
		}
	}
}
