/* backoff.h: the failed-unlock counter, kept in a 0600 state file beside the data. */
#ifndef KEYWORK_BACKOFF_H
#define KEYWORK_BACKOFF_H

#include "keywork/err.h"

struct kw_backoff {
	unsigned long failures; /* consecutive failed unlocks */
	char first[21];		/* when the first of them was (ISO-8601 UTC) */
	long long last;		/* when the last was (seconds since the epoch) */
};

/*
 * Reads tag's entry in dir's state file into bo and refuses (KW_ENOPERM,
 * saying how long to wait) if the back-off has not yet run out.
 */
int kw_backoff_check(const char *dir, const char *tag, struct kw_backoff *bo, struct kw_err *err);
/* Records one more failed unlock for tag. Errors are ignored: the unlock already failed. */
void kw_backoff_fail(const char *dir, const char *tag);
/* Forgets tag's failures after a good unlock. */
void kw_backoff_clear(const char *dir, const char *tag);

#endif
