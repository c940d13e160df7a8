/*
 * casework.c: the rules of the advocacy chain and the date arithmetic the
 * workflows need. Pure: strings in, strings out, the clock a parameter.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "keywork/casework.h"

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
