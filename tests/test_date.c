/*
 * test_date.c: Check suite for keywork's one date library (src/util/date.c):
 * calendar dates, day numbers both ways, adding days across the clocks
 * changing, and reading a date as people write it (search, import).
 */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/date.h"

START_TEST(test_valid)
{
	ck_assert(kw_date_valid("2024-02-29"));
	ck_assert(kw_date_valid("2000-02-29"));
	ck_assert(!kw_date_valid("1900-02-29"));
	ck_assert(!kw_date_valid("2023-02-29"));
	ck_assert(!kw_date_valid("2024-04-31"));
	ck_assert(!kw_date_valid("2024-13-01"));
	ck_assert(!kw_date_valid("2024-1-01"));
	ck_assert(!kw_date_valid("2024-01-01T"));
	ck_assert(!kw_date_valid(""));
}
END_TEST

/* Day numbers and dates agree both ways, day by day over two centuries and their leap days. */
START_TEST(test_days_round_trip)
{
	char d[11];

	ck_assert_int_eq(kw_date_days("1970-01-01"), 0);
	ck_assert_int_eq(kw_date_days("1969-12-31"), -1);
	ck_assert_int_eq(kw_date_days("2000-03-01") - kw_date_days("2000-02-28"), 2);
	ck_assert_int_eq(kw_date_days("1900-03-01") - kw_date_days("1900-02-28"), 1);
	ck_assert_int_eq(kw_date_days("2024-06-15T10:00:00Z"), kw_date_days("2024-06-15"));
	ck_assert_int_eq(kw_date_days("2024-02-30"), LONG_MIN);
	ck_assert_int_eq(kw_date_days("2024"), LONG_MIN);
	for (long n = kw_date_days("1900-01-01"); n <= kw_date_days("2100-12-31"); n++) {
		kw_date_of_days(n, d);
		ck_assert_msg(kw_date_valid(d), "day %ld gave %s", n, d);
		ck_assert_int_eq(kw_date_days(d), n);
	}
	kw_date_of_days(kw_date_days("2024-02-28") + 1, d);
	ck_assert_str_eq(d, "2024-02-29");
}
END_TEST

START_TEST(test_add_days)
{
	char d[11];

	setenv("TZ", "Europe/London", 1);
	tzset();
	ck_assert(kw_date_add_days("2024-03-30", 1, d)); /* the clocks go forward that night */
	ck_assert_str_eq(d, "2024-03-31");
	ck_assert(kw_date_add_days("2024-10-27", -1, d)); /* and back on this day */
	ck_assert_str_eq(d, "2024-10-26");
	ck_assert(kw_date_add_days("2024-01-31", 30, d));
	ck_assert_str_eq(d, "2024-03-01");
	ck_assert(kw_date_add_days("2025-01-01", -28, d));
	ck_assert_str_eq(d, "2024-12-04");
	ck_assert(!kw_date_add_days("2024-02-3x", 1, d));
	ck_assert_str_eq(d, "");
	ck_assert(!kw_date_add_days(NULL, 1, d));
}
END_TEST

static const char *parsed(const char *w)
{
	static char iso[11];

	memset(iso, 0, sizeof(iso));
	return kw_date_parse(w, strlen(w), iso) ? iso : NULL;
}

START_TEST(test_parse)
{
	ck_assert_str_eq(parsed("1985-03-02"), "1985-03-02");
	ck_assert_str_eq(parsed("02/03/1985"), "1985-03-02");
	ck_assert_str_eq(parsed("2/3/1985"), "1985-03-02");
	ck_assert_str_eq(parsed("29/2/2024"), "2024-02-29");
	ck_assert_ptr_null(parsed("29/02/2023"));
	ck_assert_ptr_null(parsed("31/04/1985"));
	ck_assert_ptr_null(parsed("2/3/85"));
	ck_assert_ptr_null(parsed("+2/03/1985"));
	ck_assert_ptr_null(parsed("002/3/1985"));
	ck_assert_ptr_null(parsed("2/3/19855"));
	ck_assert_ptr_null(parsed("2-3-1985"));
	ck_assert_ptr_null(parsed("1985-3-2"));
	ck_assert_ptr_null(parsed("Amina"));
	ck_assert_ptr_null(parsed(""));
	/* Only the n characters given are read. */
	{
		char iso[11];

		ck_assert(kw_date_parse("2/3/1985 Amina", 8, iso));
		ck_assert_str_eq(iso, "1985-03-02");
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("date");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_valid);
	tcase_add_test(tc, test_days_round_trip);
	tcase_add_test(tc, test_add_days);
	tcase_add_test(tc, test_parse);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
