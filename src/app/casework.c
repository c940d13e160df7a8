/*
 * casework.c: the rules of the advocacy chain and the date arithmetic the
 * workflows need. Pure: strings in, strings out, the clock a parameter.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "keywork/casework.h"

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

const char *kw_advocacy_next_step(const char *latest, bool overdue)
{
	if (latest == NULL || latest[0] == '\0')
		return "contacted";
	if (strcmp(latest, "contacted") == 0 || strcmp(latest, "letter") == 0)
		return overdue ? "chased" : "awaiting_reply";
	if (strcmp(latest, "awaiting_reply") == 0)
		return "chased";
	if (strcmp(latest, "chased") == 0)
		return "escalated";
	if (strcmp(latest, "escalated") == 0)
		return overdue ? "escalated" : "resolved";
	return NULL;
}

bool kw_deadline_passed(const char *due, const char *today)
{
	return due != NULL && due[0] != '\0' && today != NULL && strncmp(due, today, 10) < 0;
}
