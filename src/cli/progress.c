/* progress.c: a long command's progress line on a terminal, and Ctrl-C as a request to stop. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Set by Ctrl-C during a long operation: it stops and leaves the data as it was. */
static volatile sig_atomic_t long_stop;

static void on_interrupt(int sig)
{
	(void)sig;
	long_stop = 1;
}

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * The one progress line: what (when there are steps), the count so far, the
 * rate, the share done and the time left, at most five times a second (and
 * always at the end of a step). A new step starts its own clock.
 */
static void show_progress(void *ctx, const char *what, const char *unit, unsigned long long count,
			  long long done, long long total)
{
	struct kw_cli_long *l = ctx;
	struct timespec now;
	double t, rate, left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!l->shown ||
	    (what != l->what && (what == NULL || l->what == NULL || strcmp(what, l->what) != 0))) {
		l->what = what;
		l->start = now;
		l->full = false;
	} else if (since(&l->last, &now) < 0.2 && (total < 0 || done < total || l->full)) {
		return; /* the end of a step is always shown, once */
	}
	l->last = now;
	l->shown = true;
	t = since(&l->start, &now);
	rate = t > 0 ? (double)count / t : 0;
	fprintf(stderr, "\r\033[K%s%s%llu %s, %.0f %s/s", what != NULL ? what : "",
		what != NULL ? ": " : "", count, unit, rate, unit);
	/* A step whose size is not known beforehand (total < 0) shows no share or time left. */
	if (total >= 0) {
		if (done > total)
			done = total;
		l->full = done >= total;
		left = done > 0 && done < total ? t * (double)(total - done) / (double)done : 0;
		fprintf(stderr, ", %d%%, about %.0f s left",
			total > 0 ? (int)(100 * done / total) : 100, left);
	}
	if (l->watch.stop != NULL)
		fprintf(stderr, " (Ctrl-C stops; %s)", l->tail);
	else
		fprintf(stderr, " (Ctrl-C waits: %s)", l->tail);
	fflush(stderr);
}

void kw_cli_long_begin(struct kw_cli_long *l, const char *tail, bool stoppable)
{
	struct sigaction sa;

	memset(l, 0, sizeof(*l));
	l->tail = tail;
	l->watch.ctx = l;
	/* One that must not stop still holds Ctrl-C off, where it would end the program. */
	l->watch.stop = stoppable ? &long_stop : NULL;
	/* Progress only on a terminal: a script or a log gets none of it. */
	if (isatty(STDERR_FILENO))
		l->watch.progress = show_progress;
	clock_gettime(CLOCK_MONOTONIC, &l->start);
	long_stop = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &l->old_int);
	kw_watch_set(&l->watch);
}

int kw_cli_long_end(struct kw_cli_long *l, int rc, const char *stopped, struct kw_err *err)
{
	kw_watch_set(NULL);
	sigaction(SIGINT, &l->old_int, NULL);
	if (l->shown)
		fputs("\n", stderr);
	l->shown = false;
	if (rc != 0 && err->status == KW_EINTR)
		kw_err_set(err, KW_EINTR, "interrupted: %s", stopped);
	return rc;
}
