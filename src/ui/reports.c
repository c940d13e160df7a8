/*
 * reports.c: R on Today, for a manager: the centre's reports
 * (keywork-reports(5)). The list of reports; Enter asks the period (from and
 * to, as the command line defaults them: a year ending today); Enter again
 * counts it (audited, as keywork report is) and shows each table with a bar
 * chart. On this screen the figures are true ones, as the command line gives
 * them on a manager's own terminal; the write key puts the report in a new
 * file (CSV, mode 0600) with small figures withheld exactly as `keywork
 * report -o` does. The screen is one of four steps, each its own screen_ops,
 * so the bar and the help say what works at each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/form.h"
#include "keywork/reports.h"
#include "ui.h"

enum step { STEP_LIST = 0, STEP_PERIOD, STEP_RESULT, STEP_PATH };

/* One line of a result as drawn: a table's title, its column heads, a row, its total, a note. */
enum line_kind { LN_BLANK = 0, LN_TITLE, LN_HEAD, LN_ROW, LN_TOTAL, LN_NOTE };
struct line {
	enum line_kind kind;
	size_t t, i; /* the table, and the row (LN_ROW) */
};

struct reports {
	enum step step;
	struct kw_report_pack *rp;
	struct ui_list list;
	char error[512];
	const struct kw_report_spec *r; /* the one picked */
	struct ui_text from, to;
	int field; /* 0: from, 1: to */
	struct kw_report_result res;
	bool have; /* res holds figures */
	struct line *lines;
	size_t nlines;
	size_t top; /* the first line of the result shown */
	struct ui_text path;
};

static const struct screen_ops *step_ops(enum step s);

static void go(struct screen *sc, struct reports *x, enum step s)
{
	x->step = s;
	sc->ops = step_ops(s);
}

static void forget_result(struct reports *x)
{
	kw_report_result_free(&x->res);
	memset(&x->res, 0, sizeof(x->res));
	x->have = false;
	free(x->lines);
	x->lines = NULL;
	x->nlines = 0;
	x->top = 0;
}

/* --- the list of reports --- */

static void load(struct ui *ui, struct reports *x)
{
	struct kw_diags diags = { 0 };
	struct kw_err err = { 0 };
	char *shipped = kw_reports_shipped_dir(), *config = kw_reports_override_dir();
	const char *overrides[] = { config };

	if (kw_report_pack_load(ui->pack, shipped, overrides, 1, &x->rp, &diags, &err) != 0) {
		char first[600];

		if (diags.n > 0)
			snprintf(x->error, sizeof(x->error),
				 "The reports have %zu problem%s (keywork forms check lists them): "
				 "%s",
				 diags.n, diags.n == 1 ? "" : "s",
				 kw_diag_str(&diags, 0, first, sizeof(first)));
		else
			snprintf(x->error, sizeof(x->error), "%s", err.msg);
	}
	kw_diags_free(&diags);
	free(shipped);
	free(config);
	for (size_t i = 0; x->rp != NULL && i < x->rp->n; i++) {
		const struct kw_report_spec *r = x->rp->reports[i];
		struct ui_row *row = ui_list_add(&x->list, UC_NORMAL, false, r->title,
						 r->sensitive ? "reads sensitive records" : "",
						 NULL, NULL, NULL, NULL);

		row->kind = (int)i;
	}
	if (x->list.n == 0 && x->error[0] == '\0')
		snprintf(x->error, sizeof(x->error),
			 "There are no reports: they are YAML files in reports/ beside the forms.");
	x->list.width[0] = 50;
	ui_list_select_from(&x->list, 0);
}

/* The rows the list of reports has: the last line of the body is the highlighted one's help. */
static int list_rows(void)
{
	int h = ui_body_height() - 3;

	return h > 1 ? h : 1;
}

static void list_draw(struct ui *ui, struct screen *sc)
{
	struct reports *x = sc->p;
	const struct ui_row *row = ui_list_selected(&x->list);
	int h = list_rows();
	char hint[200];

	ui_draw_title(ui, "Reports");
	if (x->error[0] != '\0')
		ui_put_fill(stdscr, 1, 1, COLS - 2, x->error, ui_attr(UC_ERROR));
	else
		ui_put_fill(stdscr, 1, 1, COLS - 2,
			    ui_keys_text("The centre's reports. {open} asks for the period.", hint,
					 sizeof(hint)),
			    ui_attr(UC_DIM));
	ui_list_draw(&x->list, 3, h, true);
	/* What the highlighted report is for, from its own help. */
	ui_put_fill(stdscr, ui_body_top() + ui_body_height() - 1, 1, COLS - 2,
		    row != NULL && x->rp != NULL && x->rp->reports[row->kind]->help != NULL
			    ? x->rp->reports[row->kind]->help
			    : "",
		    ui_attr(UC_DIM));
}

static void period_start(struct screen *sc, struct reports *x, const struct kw_report_spec *r)
{
	char from[11] = "", to[11] = "", shown[32];
	struct kw_err err = { 0 };

	x->r = r;
	kw_report_period(from, to, &err); /* a year ending today: always a period */
	ui_form_date_show(from, shown);
	ui_text_set(&x->from, shown);
	ui_form_date_show(to, shown);
	ui_text_set(&x->to, shown);
	x->from.cur = strlen(ui_text_str(&x->from));
	x->to.cur = strlen(ui_text_str(&x->to));
	x->field = 0;
	go(sc, x, STEP_PERIOD);
}

static enum ui_result list_key(struct ui *ui, struct screen *sc, enum ui_op op,
			       const struct ui_key *k)
{
	struct reports *x = sc->p;
	const struct ui_row *row = ui_list_selected(&x->list);

	(void)ui;
	(void)k;
	if (ui_list_move(&x->list, op, list_rows()))
		return UI_DONE;
	if (op == UI_OP_BACK || op == UI_OP_CANCEL)
		return UI_CLOSE;
	if (op != UI_OP_OPEN)
		return UI_PASS;
	if (row != NULL && x->rp != NULL)
		period_start(sc, x, x->rp->reports[row->kind]);
	return UI_DONE;
}

/* --- the period --- */

static void period_draw(struct ui *ui, struct screen *sc)
{
	struct reports *x = sc->p;
	char hint[240];

	ui_draw_title(ui, "Reports");
	ui_put_fill(stdscr, 1, 1, COLS - 2, x->r->title, ui_attr(UC_HEADING));
	ui_put_fill(stdscr, 2, 1, COLS - 2,
		    ui_keys_text("For which period? Days as day/month/year; {next-field} moves, "
				 "{open@text} counts.",
				 hint, sizeof(hint)),
		    ui_attr(UC_DIM));
	for (int y = 3; y < ui_body_top() + ui_body_height(); y++)
		ui_put_fill(stdscr, y, 0, COLS, "", 0);
	ui_put(stdscr, 4, 2, 6, "From", (size_t)-1, 0);
	ui_put(stdscr, 5, 2, 6, "To", (size_t)-1, 0);
	/* The field not being typed in first: the cursor goes where the other is drawn. */
	for (int pass = 0; pass < 2; pass++) {
		int f = pass == 0 ? 1 - x->field : x->field;

		ui_text_draw(f == 0 ? &x->from : &x->to, stdscr, 4 + f, 9, 1, 14,
			     ui_attr(f == x->field ? UC_FIELD_FOCUS : UC_FIELD), f == x->field);
	}
	ui_printf(stdscr, 7, 2, COLS - 4, ui_attr(UC_DIM), "Counts %s.",
		  x->r->population == KW_RPOP_OPEN ? "women with an episode open in the period"
		  : x->r->population == KW_RPOP_REFERRED ? "women referred in the period"
							 : "every woman on record");
}

static void build_lines(struct reports *x);

/* Reads the period typed, counts the report, and shows it; a located message if it cannot. */
static void period_run(struct ui *ui, struct screen *sc, struct reports *x)
{
	char from[11] = "", to[11] = "";
	struct kw_err err = { 0 };

	if (ui_form_date_parse(ui_text_str(&x->from), from) != UI_DATE_OK) {
		x->field = 0;
		ui_message(ui, UC_ERROR, "From: '%s' is not a day (day/month/year).",
			   ui_text_str(&x->from));
		return;
	}
	if (ui_form_date_parse(ui_text_str(&x->to), to) != UI_DATE_OK) {
		x->field = 1;
		ui_message(ui, UC_ERROR, "To: '%s' is not a day (day/month/year).",
			   ui_text_str(&x->to));
		return;
	}
	if (kw_report_period(from, to, &err) != 0) {
		ui_message(ui, UC_ERROR, "%s.", err.msg);
		return;
	}
	forget_result(x);
	if (kw_report_run(ui->s, x->r, from, to, &x->res, &err) != 0) {
		ui_message(ui, UC_ERROR, "%s.", err.msg);
		return;
	}
	x->have = true;
	build_lines(x);
	go(sc, x, STEP_RESULT);
}

static struct ui_text *period_field(struct reports *x)
{
	return x->field == 0 ? &x->from : &x->to;
}

static enum ui_result period_key(struct ui *ui, struct screen *sc, enum ui_op op,
				 const struct ui_key *k)
{
	struct reports *x = sc->p;

	switch (op) {
	case UI_OP_BACK:
	case UI_OP_CANCEL:
		go(sc, x, STEP_LIST);
		return UI_DONE;
	case UI_OP_NEXT_FIELD:
	case UI_OP_PREV_FIELD:
	case UI_OP_DOWN:
	case UI_OP_UP:
		x->field = 1 - x->field;
		return UI_DONE;
	case UI_OP_OPEN:
		period_run(ui, sc, x);
		return UI_DONE;
	default:
		break;
	}
	if (op != UI_OP_NONE && !ui_op_edits_text(op))
		return UI_PASS;
	return ui_text_key(period_field(x), k, 14) ? UI_DONE : UI_PASS;
}

static bool in_text(const struct screen *sc)
{
	(void)sc;
	return true;
}

/* --- the result: a table and a bar chart --- */

static void add_line(struct reports *x, size_t *cap, enum line_kind kind, size_t t, size_t i)
{
	if (x->nlines == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		x->lines = kw_xrealloc(x->lines, *cap * sizeof(*x->lines));
	}
	x->lines[x->nlines++] = (struct line){ kind, t, i };
}

static void build_lines(struct reports *x)
{
	size_t cap = 0;

	for (size_t t = 0; t < x->res.ntables; t++) {
		const struct kw_rtable_result *tr = &x->res.tables[t];

		if (t > 0)
			add_line(x, &cap, LN_BLANK, t, 0);
		add_line(x, &cap, LN_TITLE, t, 0);
		add_line(x, &cap, LN_HEAD, t, 0);
		for (size_t i = 0; i < tr->nrows; i++)
			add_line(x, &cap, LN_ROW, t, i);
		if (tr->spec->count != KW_RCOUNT_CHANGE)
			add_line(x, &cap, LN_TOTAL, t, 0);
		add_line(x, &cap, LN_NOTE, t, 0);
	}
}

static bool cohort(const struct reports *x)
{
	return x->res.spec->ncohort > 0;
}

/* The columns of a result: the label's width, and where the bar starts and how wide it is. */
struct cols {
	int label, bar_x, bar_w;
};

static struct cols layout(const struct reports *x)
{
	struct cols c;
	int fixed = 1 + 7 + 1 + 7; /* " count share" */

	for (size_t t = 0; t < x->res.ntables; t++)
		if (x->res.tables[t].spec->count == KW_RCOUNT_CHANGE &&
		    fixed < 1 + 7 + 1 + 7 + 1 + 8)
			fixed = 1 + 7 + 1 + 7 + 1 + 8; /* " women change improved" */
	if (cohort(x))
		fixed = 1 + 7 + 1 + 6 + 2 + 7 + 1 + 6; /* " all share  cohort share" */
	/*
	 * The label as wide as the widest row's, so that rows differing only at the end
	 * ("Mixed or multiple: White and Asian") stay apart; the bar keeps at least 10.
	 */
	c.label = 12;
	for (size_t t = 0; t < x->res.ntables; t++)
		for (size_t r = 0; r < x->res.tables[t].nrows; r++) {
			int w = ui_width(x->res.tables[t].rows[r].label);

			if (w > c.label)
				c.label = w;
		}
	if (c.label > COLS - 2 - fixed - 2 - 1 - 10)
		c.label = COLS - 2 - fixed - 2 - 1 - 10;
	c.bar_x = 2 + c.label + fixed + 2;
	c.bar_w = COLS - c.bar_x - 1;
	if (c.bar_w < 4) {
		c.label -= 4 - c.bar_w;
		c.bar_x -= 4 - c.bar_w;
		c.bar_w = 4;
	}
	return c;
}

/* n as a share of of, one decimal, or "" when of is 0. */
static const char *pct(long n, long of, char *buf, size_t len)
{
	if (of <= 0)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%.1f%%", 100.0 * (double)n / (double)of);
	return buf;
}

/* A bar of n against most, in w columns: at least one column for anything above none. */
static void draw_bar(int y, int x0, int w, long n, long most)
{
	char bar[512];
	int len;

	if (n <= 0 || most <= 0 || w <= 0)
		return;
	len = (int)((double)n * w / (double)most + 0.5);
	if (len < 1)
		len = 1;
	if (len > w)
		len = w;
	if (len > (int)sizeof(bar) - 1)
		len = (int)sizeof(bar) - 1;
	memset(bar, '#', (size_t)len);
	bar[len] = '\0';
	ui_put(stdscr, y, x0, w, bar, (size_t)len, ui_attr(UC_OK));
}

static long table_most(const struct kw_rtable_result *tr)
{
	long most = 0;

	for (size_t i = 0; i < tr->nrows; i++)
		if (tr->rows[i].n[0] > most)
			most = tr->rows[i].n[0];
	return most;
}

static void draw_line(const struct reports *x, const struct line *ln, int y, struct cols c)
{
	const struct kw_rtable_result *tr = &x->res.tables[ln->t];
	bool change = tr->spec->count == KW_RCOUNT_CHANGE;
	char a[32], b[32], d[32], e[32];

	ui_put_fill(stdscr, y, 0, COLS, "", 0);
	switch (ln->kind) {
	case LN_BLANK:
		return;
	case LN_TITLE:
		ui_put_fill(stdscr, y, 1, COLS - 2, tr->spec->title, ui_attr(UC_HEADING));
		return;
	case LN_HEAD:
		if (change)
			ui_printf(stdscr, y, 2 + c.label, COLS - 3 - c.label, ui_attr(UC_DIM),
				  " %7s %7s %8s  %s", "Women", "Change", "Improved",
				  "bar: the share improved");
		else if (cohort(x))
			ui_printf(stdscr, y, 2 + c.label, COLS - 3 - c.label, ui_attr(UC_DIM),
				  " %7s %6s  %7s %6s  %s", "All", "%", "Cohort", "%",
				  "bar: all women");
		else
			ui_printf(stdscr, y, 2 + c.label, COLS - 3 - c.label, ui_attr(UC_DIM),
				  " %7s %7s %8s  %s",
				  tr->spec->count == KW_RCOUNT_RECORDS ? "Records" : "Women", "%",
				  "", "");
		return;
	case LN_ROW: {
		const struct kw_rrow *row = &tr->rows[ln->i];
		attr_t la = row->key[0] == ':' ? ui_attr(UC_DIM) : 0;

		ui_put(stdscr, y, 2, c.label, row->label, (size_t)-1, la);
		if (change) {
			snprintf(b, sizeof(b), "%+.2f", row->change[0]);
			ui_printf(stdscr, y, 2 + c.label, c.bar_x - 2 - c.label, 0, " %7ld %7s %8s",
				  row->n[0], row->n[0] > 0 ? b : "",
				  pct(row->improved[0], row->n[0], d, sizeof(d)));
			if (row->n[0] > 0)
				draw_bar(y, c.bar_x, c.bar_w, 1000 * row->improved[0] / row->n[0],
					 1000);
		} else if (cohort(x)) {
			ui_printf(stdscr, y, 2 + c.label, c.bar_x - 2 - c.label, 0,
				  " %7ld %6s  %7ld %6s", row->n[0],
				  pct(row->n[0], tr->total[0], a, sizeof(a)), row->n[1],
				  pct(row->n[1], tr->total[1], e, sizeof(e)));
			draw_bar(y, c.bar_x, c.bar_w, row->n[0], table_most(tr));
		} else {
			ui_printf(stdscr, y, 2 + c.label, c.bar_x - 2 - c.label, 0, " %7ld %7s",
				  row->n[0], pct(row->n[0], tr->total[0], a, sizeof(a)));
			draw_bar(y, c.bar_x, c.bar_w, row->n[0], table_most(tr));
		}
		return;
	}
	case LN_TOTAL:
		ui_put(stdscr, y, 2, c.label, tr->additive ? "Total" : "Out of", (size_t)-1,
		       ui_attr(UC_HEADING));
		if (cohort(x))
			ui_printf(stdscr, y, 2 + c.label, COLS - 3 - c.label, ui_attr(UC_HEADING),
				  " %7ld %6s  %7ld", tr->total[0], "", tr->total[1]);
		else
			ui_printf(stdscr, y, 2 + c.label, COLS - 3 - c.label, ui_attr(UC_HEADING),
				  " %7ld", tr->total[0]);
		return;
	case LN_NOTE:
		if (change)
			ui_put_fill(
				stdscr, y, 2, COLS - 3,
				"Change: last score minus first, for women scored twice or more.",
				ui_attr(UC_DIM));
		else
			ui_printf(stdscr, y, 2, COLS - 3, ui_attr(UC_DIM), "%% of the %s%s",
				  tr->spec->count == KW_RCOUNT_RECORDS ? "records counted"
				  : x->res.spec->population == KW_RPOP_OPEN
					  ? "women with an episode open in the period"
				  : x->res.spec->population == KW_RPOP_REFERRED
					  ? "women referred in the period"
					  : "women on record",
				  tr->additive ? "" : "; a woman may be in more than one row");
		return;
	}
}

static int result_rows(void)
{
	int h = ui_body_height() - 2; /* lines 3 to the last of the body */

	return h > 1 ? h : 1;
}

static void result_draw(struct ui *ui, struct screen *sc)
{
	struct reports *x = sc->p;
	struct cols c = layout(x);
	int h = result_rows(), y0 = 3;
	char from[32], to[32], hint[240];

	ui_draw_title(ui, "Reports");
	ui_form_date_show(x->res.from, from);
	ui_form_date_show(x->res.to, to);
	ui_printf(stdscr, 1, 1, COLS - 2, ui_attr(UC_HEADING), "%s, %s to %s%s%s", x->r->title,
		  from, to, cohort(x) ? "; cohort: " : "",
		  cohort(x) ? x->res.spec->cohort_label : "");
	snprintf(hint, sizeof(hint),
		 "True figures. {write} writes a file, figures 1 to %ld withheld.",
		 x->res.spec->min_cell - 1);
	{
		char shown[240];

		ui_put_fill(stdscr, 2, 1, COLS - 16, ui_keys_text(hint, shown, sizeof(shown)),
			    ui_attr(UC_DIM));
	}
	if (x->nlines > (size_t)h && x->top > x->nlines - (size_t)h)
		x->top = x->nlines - (size_t)h;
	if (x->nlines <= (size_t)h)
		x->top = 0;
	for (int i = 0; i < h; i++) {
		size_t li = x->top + (size_t)i;

		if (li < x->nlines)
			draw_line(x, &x->lines[li], y0 + i, c);
		else
			ui_put_fill(stdscr, y0 + i, 0, COLS, "", 0);
	}
	ui_printf(stdscr, 2, COLS - 15, 14, ui_attr(UC_DIM), "%14s",
		  x->nlines <= (size_t)h	   ? ""
		  : x->top + (size_t)h < x->nlines ? "(more below)"
						   : "(the end)");
}

static void path_default(struct reports *x)
{
	char name[160];

	snprintf(name, sizeof(name), "%s_%s_%s.csv", x->res.spec->key, x->res.from, x->res.to);
	ui_text_set(&x->path, name);
	x->path.cur = strlen(name);
}

static enum ui_result result_key(struct ui *ui, struct screen *sc, enum ui_op op,
				 const struct ui_key *k)
{
	struct reports *x = sc->p;
	size_t h = (size_t)result_rows();
	size_t last = x->nlines > h ? x->nlines - h : 0;

	(void)k;
	switch (op) {
	case UI_OP_BACK:
	case UI_OP_CANCEL:
		forget_result(x);
		go(sc, x, STEP_PERIOD);
		return UI_DONE;
	case UI_OP_DOWN:
		x->top = x->top < last ? x->top + 1 : last;
		return UI_DONE;
	case UI_OP_UP:
		x->top = x->top > 0 ? x->top - 1 : 0;
		return UI_DONE;
	case UI_OP_PAGE_DOWN:
		x->top = x->top + h < last ? x->top + h : last;
		return UI_DONE;
	case UI_OP_PAGE_UP:
		x->top = x->top > h ? x->top - h : 0;
		return UI_DONE;
	case UI_OP_FIRST:
		x->top = 0;
		return UI_DONE;
	case UI_OP_LAST:
		x->top = last;
		return UI_DONE;
	case UI_OP_WRITE:
		if (!ui_op_offered(ui, op))
			return UI_PASS;
		path_default(x);
		go(sc, x, STEP_PATH);
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

/* --- writing it to a file --- */

static void path_draw(struct ui *ui, struct screen *sc)
{
	struct reports *x = sc->p;
	int y = ui_body_top() + ui_body_height() - 2;
	char hint[240];

	result_draw(ui, sc);
	snprintf(hint, sizeof(hint),
		 "A new file, as CSV, figures 1 to %ld withheld. {open@text} writes, "
		 "{back@text} does not.",
		 x->res.spec->min_cell - 1);
	{
		char shown[240];

		ui_put_fill(stdscr, y, 0, COLS, ui_keys_text(hint, shown, sizeof(shown)),
			    ui_attr(UC_DIM));
	}
	ui_put_fill(stdscr, y + 1, 0, COLS, "Write to:", ui_attr(UC_HEADING));
	ui_text_draw(&x->path, stdscr, y + 1, 10, 1, COLS - 11, ui_attr(UC_FIELD_FOCUS), true);
}

static enum ui_result path_key(struct ui *ui, struct screen *sc, enum ui_op op,
			       const struct ui_key *k)
{
	struct reports *x = sc->p;
	struct kw_err err = { 0 };

	switch (op) {
	case UI_OP_BACK:
	case UI_OP_CANCEL:
		go(sc, x, STEP_RESULT);
		return UI_DONE;
	case UI_OP_OPEN:
		if (kw_report_save(&x->res, ui_text_str(&x->path), KW_REPORT_CSV, &err) != 0) {
			ui_message(ui, UC_ERROR, "%s.", err.msg);
			return UI_DONE;
		}
		ui_message(ui, UC_OK, "Wrote %s to %s, figures 1 to %ld withheld.",
			   x->res.spec->key, ui_text_str(&x->path), x->res.spec->min_cell - 1);
		go(sc, x, STEP_RESULT);
		return UI_DONE;
	default:
		break;
	}
	if (op != UI_OP_NONE && !ui_op_edits_text(op))
		return UI_PASS;
	return ui_text_key(&x->path, k, COLS - 11) ? UI_DONE : UI_PASS;
}

/* --- the screen --- */

static void reports_free(struct screen *sc)
{
	struct reports *x = sc->p;

	forget_result(x);
	ui_list_clear(&x->list);
	kw_report_pack_free(&x->rp);
	ui_text_free(&x->from);
	ui_text_free(&x->to);
	ui_text_free(&x->path);
	memset(x, 0, sizeof(*x));
	free(x);
}

static const char *mode_typing(const struct screen *sc)
{
	(void)sc;
	return "TYPING";
}

static const enum ui_op list_ops[] = { UI_OP_OPEN, UI_OP_BACK, UI_OP_DOWN, UI_OP_UP,
				       UI_OP_HELP, UI_OP_LOCK, UI_OP_NONE };
static const enum ui_op period_ops[] = { UI_OP_OPEN, UI_OP_NEXT_FIELD, UI_OP_BACK,
					 UI_OP_HELP, UI_OP_LOCK,       UI_OP_NONE };
static const enum ui_op result_ops[] = { UI_OP_WRITE, UI_OP_BACK,      UI_OP_DOWN,
					 UI_OP_UP,    UI_OP_PAGE_DOWN, UI_OP_PAGE_UP,
					 UI_OP_HELP,  UI_OP_LOCK,      UI_OP_NONE };
static const enum ui_op path_ops[] = { UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP, UI_OP_LOCK, UI_OP_NONE };

static const char *period_op_name(const struct screen *sc, enum ui_op op)
{
	(void)sc;
	return op == UI_OP_OPEN ? "count" : NULL;
}

static const char *path_op_name(const struct screen *sc, enum ui_op op)
{
	(void)sc;
	return op == UI_OP_OPEN ? "write" : NULL;
}

static const struct screen_ops screens[] = {
	[STEP_LIST] = { .name = "Reports",
			.ops = list_ops,
			.draw = list_draw,
			.key = list_key,
			.free = reports_free },
	[STEP_PERIOD] = { .name = "Reports: the period",
			  .ops = period_ops,
			  .draw = period_draw,
			  .key = period_key,
			  .text = in_text,
			  .mode = mode_typing,
			  .op_name = period_op_name,
			  .free = reports_free },
	[STEP_RESULT] = { .name = "Reports: the figures",
			  .ops = result_ops,
			  .draw = result_draw,
			  .key = result_key,
			  .free = reports_free },
	[STEP_PATH] = { .name = "Reports: write to a file",
			.ops = path_ops,
			.draw = path_draw,
			.key = path_key,
			.text = in_text,
			.mode = mode_typing,
			.op_name = path_op_name,
			.free = reports_free },
};

static const struct screen_ops *step_ops(enum step s)
{
	return &screens[s];
}

struct screen *ui_reports_new(struct ui *ui)
{
	struct reports *x = kw_xcalloc(1, sizeof(*x));

	ui_text_init(&x->from, "", false, 10);
	ui_text_init(&x->to, "", false, 10);
	ui_text_init(&x->path, "", false, 1000);
	load(ui, x);
	return ui_screen_new(&screens[STEP_LIST], x);
}
