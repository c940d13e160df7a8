/*
 * date.c: keywork's one date library (date.h): today and now, checking a
 * calendar date, day numbers, adding days, and reading a date as people
 * write it. Dates are stored as "YYYY-MM-DD", times as UTC ISO-8601.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/date.h"

void kw_now_iso(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void kw_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

bool kw_date_valid(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, dim;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	dim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dim = 29;
	return d <= dim;
}

long kw_date_days(const char *s)
{
	long y, m, d, era, yoe, doy, doe;

	if (s == NULL || strlen(s) < 10)
		return LONG_MIN;
	{
		char day[11];

		memcpy(day, s, 10);
		day[10] = '\0';
		if (!kw_date_valid(day))
			return LONG_MIN;
	}
	y = atol(s);
	m = atol(s + 5);
	d = atol(s + 8);
	/* Days from civil (proleptic Gregorian), as H. Hinnant describes it. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool kw_date_add_days(const char *iso, long days, char out[11])
{
	struct tm tm = { 0 };
	int y, m, d;
	char tail;
	time_t t;

	out[0] = '\0';
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + (int)days;
	tm.tm_hour = 12; /* noon: a change of clocks never moves the day */
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return false;
	strftime(out, 11, "%Y-%m-%d", localtime_r(&t, &tm));
	return true;
}

void kw_date_of_days(long days, char out[11])
{
	time_t t = (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

bool kw_date_parse(const char *w, size_t n, char iso[11])
{
	const char *slash1, *slash2;
	size_t dl, ml;

	if (n == 10 && w[4] == '-' && w[7] == '-') {
		memcpy(iso, w, 10);
		iso[10] = '\0';
		return kw_date_valid(iso);
	}
	slash1 = memchr(w, '/', n);
	if (slash1 == NULL)
		return false;
	slash2 = memchr(slash1 + 1, '/', n - (size_t)(slash1 + 1 - w));
	if (slash2 == NULL)
		return false;
	dl = (size_t)(slash1 - w);
	ml = (size_t)(slash2 - slash1 - 1);
	if (dl < 1 || dl > 2 || ml < 1 || ml > 2 || n - (size_t)(slash2 + 1 - w) != 4 ||
	    !all_digits(w, dl) || !all_digits(slash1 + 1, ml) || !all_digits(slash2 + 1, 4))
		return false;
	snprintf(iso, 11, "%.4s-%s%.*s-%s%.*s", slash2 + 1, ml == 1 ? "0" : "", (int)ml, slash1 + 1,
		 dl == 1 ? "0" : "", (int)dl, w);
	return kw_date_valid(iso);
}
