/*
 * due.c: when contact with a woman is next due, from her episode's cadence.
 * Pure date arithmetic on "YYYY-MM-DD" strings with the clock passed in; it
 * only moves a date, and says nothing about her (missed contacts do not
 * count against her, and a pause stops the clock).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keywork/contact.h"
#include "keywork/form.h"
#include "keywork/util.h"
#include "keywork/view.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of day z since 1970-01-01 (civil_from_days). */
static void civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* The number written in the n digits at s (checked to be digits by kw_date_valid). */
static long digits(const char *s, int n)
{
	long v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The day number of the date s begins with ("YYYY-MM-DD", maybe followed by a time). */
static bool day_of(const char *s, long *out)
{
	char day[11];

	if (s == NULL || strnlen(s, 10) < 10)
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!kw_date_valid(day))
		return false;
	*out = days_from_civil(digits(day, 4), digits(day + 5, 2), digits(day + 8, 2));
	return true;
}

/* "YYYY-MM-DD" of day z since 1970-01-01 into out; false outside years 1 to 9999. */
static bool date_of(long z, char out[11])
{
	long y, m, d;

	civil_from_days(z, &y, &m, &d);
	if (y < 1 || y > 9999)
		return false;
	/* Written digit by digit: this runs once for every woman on the team screen. */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return true;
}

long kw_cadence_days(const char *cadence, long programme_days)
{
	char word[32];
	size_t n = 0;
	const char *p = cadence;
	char *end;
	long days;

	if (cadence == NULL)
		return programme_days > 0 ? programme_days : 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return programme_days > 0 ? programme_days : 0;
	while (p[n] != '\0' && !isspace((unsigned char)p[n]) && n + 1 < sizeof(word)) {
		word[n] = p[n];
		n++;
	}
	word[n] = '\0';
	if (strcasecmp(word, "weekly") == 0)
		return 7;
	if (strcasecmp(word, "fortnightly") == 0)
		return 14;
	/* Four weeks: contact falls on the same weekday, never later than a calendar month. */
	if (strcasecmp(word, "monthly") == 0)
		return 28;
	days = strtol(p, &end, 10);
	if (end != p && days >= 0 && days <= 3660) {
		while (isspace((unsigned char)*end))
			end++;
		if (*end == '\0' || strcasecmp(end, "days") == 0 || strcasecmp(end, "day") == 0)
			return days;
	}
	/* Not a cadence we can read: the programme's, rather than none at all. */
	return programme_days > 0 ? programme_days : 0;
}

long kw_contact_due(const struct kw_case_row *r, long cadence_days, const char *today, char due[11])
{
	long base, now, pause_end, at;

	due[0] = '\0';
	if (!r->has_open_episode || r->paused_until != NULL || !day_of(today, &now))
		return -1;
	/* A next contact planned with her is when it is due, whatever the cadence says. */
	if (day_of(r->next_planned, &at) &&
	    !(day_of(r->pause_ended, &pause_end) && pause_end >= at)) {
		snprintf(due, 11, "%.10s", r->next_planned);
		return now > at ? now - at : 0;
	}
	if (cadence_days <= 0)
		return -1;
	if (!day_of(r->last_contact, &base) && !day_of(r->opened_on, &base))
		return -1;
	/* Time paused does not count: the clock starts again when the pause ends. */
	if (day_of(r->pause_ended, &pause_end) && pause_end > base)
		base = pause_end;
	at = base + cadence_days;
	if (!date_of(at, due)) {
		due[0] = '\0';
		return -1;
	}
	return now > at ? now - at : 0;
}

/* The need level of programme it that cadence names ("high", "need: high"), or NULL. */
static const struct kw_list_item *need_level(const struct kw_list_item *it, const char *cadence)
{
	const char *p = cadence;

	if (it == NULL || it->need_levels == NULL || p == NULL)
		return NULL;
	while (isspace((unsigned char)*p))
		p++;
	if (strncasecmp(p, "need", 4) == 0 && (p[4] == ':' || isspace((unsigned char)p[4]))) {
		p += 5;
		while (isspace((unsigned char)*p))
			p++;
	}
	for (size_t i = 0; i < it->need_levels->nitems; i++) {
		const struct kw_list_item *lv = &it->need_levels->items[i];
		size_t n = strlen(lv->key);
		const char *end = p + n;

		if (strncasecmp(p, lv->key, n) != 0)
			continue;
		while (isspace((unsigned char)*end))
			end++;
		if (*end == '\0')
			return lv;
	}
	return NULL;
}

static const struct kw_list_item *programme_item(const struct kw_list_spec *programmes,
						 const char *programme)
{
	return programmes != NULL && programme != NULL ? kw_list_item(programmes, programme) : NULL;
}

long kw_programme_cadence(const struct kw_list_spec *programmes, const char *programme,
			  const char *cadence)
{
	const struct kw_list_item *it = programme_item(programmes, programme);
	const struct kw_list_item *lv = need_level(it, cadence);

	if (lv != NULL)
		return lv->cadence_days;
	return kw_cadence_days(cadence, it != NULL ? it->cadence_days : 0);
}

const char *kw_need_level_of(const struct kw_list_spec *programmes, const char *programme,
			     const char *cadence)
{
	const struct kw_list_item *lv = need_level(programme_item(programmes, programme), cadence);

	return lv != NULL ? lv->label : NULL;
}
