/*
 * backoff.c: exponential back-off of failed unlocks.
 *
 * The counter lives in unlock.state (mode 0600) beside the databases, never
 * in them, so a wrong passphrase changes no byte of either database or the
 * key file. Each line is "TAG FAILURES FIRST-ISO LAST-EPOCH", TAG being a
 * per-directory pseudonym of the username. The back-off only slows someone
 * at the keyboard; the passphrase's strength is the real control.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backoff.h"
#include "keywork/app.h"
#include "keywork/db.h"
#include "keywork/util.h"

#define FREE_TRIES 3
#define MAX_DELAY (15 * 60)

unsigned long kw_backoff_delay(unsigned long failures)
{
	unsigned long d = 5;

	if (failures < FREE_TRIES)
		return 0;
	for (unsigned long i = FREE_TRIES; i < failures && d < MAX_DELAY; i++)
		d *= 2;
	return d < MAX_DELAY ? d : MAX_DELAY;
}

/* Reads the state file; *other gets every line but tag's. Returns 1 if tag's was found. */
static int load(const char *dir, const char *tag, struct kw_backoff *bo, struct kw_buf *other)
{
	char *path = kw_path_join(dir, KW_STATE_FILE);
	FILE *fp = fopen(path, "re");
	char line[256];
	int found = 0;

	memset(bo, 0, sizeof(*bo));
	free(path);
	if (fp == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char t[65], first[21];
		unsigned long n;
		long long last;

		if (sscanf(line, "%64s %lu %20s %lld", t, &n, first, &last) != 4)
			continue;
		if (strcmp(t, tag) == 0) {
			bo->failures = n;
			snprintf(bo->first, sizeof(bo->first), "%s", first);
			bo->last = last;
			found = 1;
		} else if (other != NULL) {
			kw_buf_adds(other, line);
		}
	}
	fclose(fp);
	return found;
}

static void store(const char *dir, const char *tag, const struct kw_backoff *bo,
		  struct kw_buf *other)
{
	char *path = kw_path_join(dir, KW_STATE_FILE);

	if (bo != NULL)
		kw_buf_printf(other, "%s %lu %s %lld\n", tag, bo->failures, bo->first, bo->last);
	kw_write_atomic(path, other->p != NULL ? other->p : "", other->len, NULL);
	free(path);
}

int kw_backoff_check(const char *dir, const char *tag, struct kw_backoff *bo, struct kw_err *err)
{
	long long now = (long long)time(NULL);
	unsigned long delay;

	load(dir, tag, bo, NULL);
	delay = kw_backoff_delay(bo->failures);
	if (delay > 0 && now < bo->last + (long long)delay) {
		long long wait = bo->last + (long long)delay - now;

		return kw_err_why(err, KW_ENOPERM, KW_R_BACKOFF,
				  "There have been %lu failed attempts to sign in as this user. "
				  "Try again in %lld second%s.",
				  bo->failures, wait, wait == 1 ? "" : "s");
	}
	return 0;
}

void kw_backoff_fail(const char *dir, const char *tag)
{
	struct kw_buf other = { 0 };
	struct kw_backoff bo;

	load(dir, tag, &bo, &other);
	if (bo.failures == 0)
		kw_now_iso(bo.first);
	bo.failures++;
	bo.last = (long long)time(NULL);
	store(dir, tag, &bo, &other);
	kw_buf_free(&other);
}

void kw_backoff_clear(const char *dir, const char *tag)
{
	struct kw_buf other = { 0 };
	struct kw_backoff bo;

	load(dir, tag, &bo, &other);
	store(dir, tag, NULL, &other);
	kw_buf_free(&other);
}
