/*
 * test_report.c: which figures of a report's table are withheld
 * (kw_report_mask) and how a file shows them (kw_report_write), on tables
 * built here by hand. One small figure in rows that add up to a total shown
 * could be worked out by subtraction, so the next smallest is withheld with
 * it ("*"); two small figures, a small total, or rows that overlap need no
 * second figure withheld; a true zero is no one and is shown as 0, never
 * chosen as the second figure; and nothing is withheld on a manager's own
 * screen.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/reports.h"
#include "keywork/util.h"

static char title[] = "Where she is living", key[] = "test", name[] = "Test";
static struct kw_rtable spec = { .title = title, .count = KW_RCOUNT_WOMEN };
static struct kw_report_spec report = {
	.key = key,
	.title = name,
	.population = KW_RPOP_OPEN,
	.min_cell = 5,
	.tables = &spec,
	.ntables = 1,
};

/* A table of rows key=n ..., adding up to their sum (additive) or not. */
static void table(struct kw_rtable_result *t, bool additive, const char *const *keys, const long *n,
		  size_t rows)
{
	memset(t, 0, sizeof(*t));
	t->spec = &spec;
	for (size_t i = 0; i < rows; i++) {
		kw_rtable_row(t, keys[i])->n[0] = n[i];
		t->total[0] += n[i];
	}
	t->additive = additive;
}

static void table_free(struct kw_rtable_result *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i].key);
	free(t->rows);
}

static const char *const keys[] = { "own_home", "family", "hostel", "refuge", "street" };

START_TEST(test_one_small_hides_the_next_smallest)
{
	const long n[] = { 20, 12, 3, 9, 6 };
	struct kw_rtable_result t;
	struct kw_rmask m;

	table(&t, true, keys, n, 5);
	kw_report_mask(&t, 5, &m);
	ck_assert_int_eq(m.total[0], KW_CELL_SHOWN);
	ck_assert_int_eq(m.rows[2][0], KW_CELL_SMALL); /* 3 */
	/* 3 could be had as 50 - 20 - 12 - 9 - 6: the next smallest, 6, goes with it. */
	ck_assert_int_eq(m.rows[4][0], KW_CELL_SECONDARY);
	ck_assert_int_eq(m.rows[0][0], KW_CELL_SHOWN);
	ck_assert_int_eq(m.rows[1][0], KW_CELL_SHOWN);
	ck_assert_int_eq(m.rows[3][0], KW_CELL_SHOWN);
	kw_rmask_free(&m);
	table_free(&t);
}
END_TEST

START_TEST(test_zero_is_shown_and_never_the_second)
{
	/* A true zero is no one: shown, in rows and in the total; 1 to 4 are withheld. */
	const long n[] = { 30, 0, 8, 3, 7 }, none[] = { 0, 0, 0 };
	struct kw_rtable_result t;
	struct kw_rmask m;

	table(&t, true, keys, n, 5);
	kw_report_mask(&t, 5, &m);
	ck_assert_int_eq(m.rows[1][0], KW_CELL_SHOWN); /* 0 */
	ck_assert_int_eq(m.rows[3][0], KW_CELL_SMALL); /* 3 */
	/* The second figure withheld is the smallest above zero (7), not the zero. */
	ck_assert_int_eq(m.rows[4][0], KW_CELL_SECONDARY);
	ck_assert_int_eq(m.rows[2][0], KW_CELL_SHOWN);
	ck_assert_int_eq(m.rows[0][0], KW_CELL_SHOWN);
	kw_rmask_free(&m);
	table_free(&t);

	/* Nothing at all: every figure and the total are 0, none withheld. */
	table(&t, true, keys, none, 3);
	kw_report_mask(&t, 5, &m);
	ck_assert_int_eq(m.total[0], KW_CELL_SHOWN);
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_eq(m.rows[i][0], KW_CELL_SHOWN);
	kw_rmask_free(&m);
	table_free(&t);
}
END_TEST

START_TEST(test_no_second_figure_when_none_can_be_worked_out)
{
	const long two_small[] = { 20, 4, 3, 9 }, overlap[] = { 20, 12, 3, 9 };
	struct kw_rtable_result t;
	struct kw_rmask m;

	/* Two small figures: the total gives only their sum. */
	table(&t, true, keys, two_small, 4);
	kw_report_mask(&t, 5, &m);
	ck_assert_int_eq(m.rows[1][0], KW_CELL_SMALL);
	ck_assert_int_eq(m.rows[2][0], KW_CELL_SMALL);
	ck_assert_int_eq(m.rows[0][0], KW_CELL_SHOWN);
	ck_assert_int_eq(m.rows[3][0], KW_CELL_SHOWN);
	kw_rmask_free(&m);
	table_free(&t);

	/* Rows that overlap (a woman in several) do not add up to the total. */
	table(&t, false, keys, overlap, 4);
	kw_report_mask(&t, 5, &m);
	ck_assert_int_eq(m.rows[2][0], KW_CELL_SMALL);
	ck_assert_int_eq(m.rows[3][0], KW_CELL_SHOWN);
	kw_rmask_free(&m);
	table_free(&t);
}
END_TEST

START_TEST(test_nothing_withheld_on_screen)
{
	const long n[] = { 20, 12, 3, 9 };
	struct kw_rtable_result t;
	struct kw_rmask m;

	table(&t, true, keys, n, 4);
	kw_report_mask(&t, 0, &m);
	for (size_t i = 0; i < t.nrows; i++)
		ck_assert_int_eq(m.rows[i][0], KW_CELL_SHOWN);
	ck_assert_int_eq(m.total[0], KW_CELL_SHOWN);
	kw_rmask_free(&m);
	table_free(&t);
}
END_TEST

/* What kw_report_write puts in a file of format for the table. */
static char *out_of(struct kw_rtable_result *t, enum kw_report_format format, bool suppress)
{
	struct kw_report_result r = { .spec = &report, .tables = t, .ntables = 1 };
	struct kw_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	snprintf(r.from, sizeof(r.from), "2024-01-01");
	snprintf(r.to, sizeof(r.to), "2024-12-31");
	ck_assert_int_eq(kw_report_write(f, &r, format, suppress, &err), 0);
	fclose(f);
	return buf;
}

static char *csv_of(struct kw_rtable_result *t, bool suppress)
{
	return out_of(t, KW_REPORT_CSV, suppress);
}

START_TEST(test_file_shows_small_and_withheld)
{
	const long n[] = { 20, 12, 3, 9 };
	struct kw_rtable_result t;
	char *csv;

	table(&t, true, keys, n, 4);
	csv = csv_of(&t, true);
	ck_assert_ptr_nonnull(strstr(csv, "Where she is living,hostel,hostel,<5,*,"));
	ck_assert_ptr_nonnull(strstr(csv, "Where she is living,refuge,refuge,*,*,"));
	ck_assert_ptr_nonnull(strstr(csv, "Where she is living,own_home,own_home,20,45.5%,"));
	ck_assert_ptr_nonnull(strstr(csv, "Where she is living,Total,,44,"));
	/* Neither withheld figure is in the file, nor the shares that would give them. */
	ck_assert_ptr_null(strstr(csv, ",3,"));
	ck_assert_ptr_null(strstr(csv, ",9,"));
	ck_assert_ptr_null(strstr(csv, "6.8%"));
	ck_assert_ptr_null(strstr(csv, "20.5%"));
	free(csv);
	csv = csv_of(&t, false);
	ck_assert_ptr_nonnull(strstr(csv, "Where she is living,hostel,hostel,3,6.8%,"));
	ck_assert_ptr_nonnull(strstr(csv, "Where she is living,refuge,refuge,9,20.5%,"));
	free(csv);
	table_free(&t);
}
END_TEST

START_TEST(test_zero_is_0_in_every_format)
{
	const long n[] = { 20, 0, 3, 9 };
	struct kw_rtable_result t;
	char *out;

	table(&t, true, keys, n, 4);
	out = out_of(&t, KW_REPORT_CSV, true);
	ck_assert_ptr_nonnull(strstr(out, "Where she is living,family,family,0,0.0%,"));
	ck_assert_ptr_nonnull(strstr(out, "Where she is living,hostel,hostel,<5,*,"));
	ck_assert_ptr_nonnull(strstr(out, "Where she is living,refuge,refuge,*,*,"));
	free(out);
	out = out_of(&t, KW_REPORT_JSON, true);
	ck_assert_ptr_nonnull(strstr(out, "{\"key\":\"family\",\"label\":\"family\",\"count\":0}"));
	ck_assert_ptr_nonnull(
		strstr(out, "{\"key\":\"hostel\",\"label\":\"hostel\",\"count\":\"<5\"}"));
	free(out);
	out = out_of(&t, KW_REPORT_TEXT, true);
	ck_assert_ptr_nonnull(
		strstr(out, "family                                          0    0.0%"));
	ck_assert_ptr_nonnull(
		strstr(out, "hostel                                         <5       *"));
	ck_assert_ptr_nonnull(strstr(out, "a zero is shown as 0"));
	free(out);
	/* On screen (nothing withheld) the same zero. */
	out = out_of(&t, KW_REPORT_TEXT, false);
	ck_assert_ptr_nonnull(
		strstr(out, "family                                          0    0.0%"));
	free(out);
	table_free(&t);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("suppression");

	tcase_add_test(tc, test_one_small_hides_the_next_smallest);
	tcase_add_test(tc, test_zero_is_shown_and_never_the_second);
	tcase_add_test(tc, test_no_second_figure_when_none_can_be_worked_out);
	tcase_add_test(tc, test_nothing_withheld_on_screen);
	tcase_add_test(tc, test_file_shows_small_and_withheld);
	tcase_add_test(tc, test_zero_is_0_in_every_format);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
