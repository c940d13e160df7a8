/* err.c: building and formatting struct kw_err. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keywork/err.h"

void kw_err_clear(struct kw_err *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}

static void vset(struct kw_err *err, int status, const char *fmt, va_list ap)
{
	err->status = status;
	err->reason = KW_R_NONE;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

/* An error with no location in an input file. */
static void vset_here(struct kw_err *err, int status, enum kw_reason reason, const char *fmt,
		      va_list ap)
{
	err->file[0] = '\0';
	err->line = err->col = 0;
	vset(err, status, fmt, ap);
	err->reason = reason;
}

int kw_err_set(struct kw_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vset_here(err, status, KW_R_NONE, fmt, ap);
	va_end(ap);
	return -1;
}

int kw_err_why(struct kw_err *err, int status, enum kw_reason reason, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vset_here(err, status, reason, fmt, ap);
	va_end(ap);
	return -1;
}

const char *kw_reason_name(enum kw_reason r)
{
	static const char *const names[] = { "none",	"stale",    "gone",	"passphrase",
					     "backoff", "disabled", "locked",	"role",
					     "invalid", "rule",	    "question", "unknown",
					     "hidden" };

	return (size_t)r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

int kw_err_at(struct kw_err *err, int status, const char *file, unsigned long line,
	      unsigned long col, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	snprintf(err->file, sizeof(err->file), "%s", file != NULL ? file : "");
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vset(err, status, fmt, ap);
	va_end(ap);
	return -1;
}

void kw_err_prefix(struct kw_err *err, const char *what)
{
	char tmp[sizeof(err->msg)];
	size_t n;

	if (err == NULL || what == NULL)
		return;
	n = strlen(what);
	if (n + 2 >= sizeof(tmp))
		return;
	memcpy(tmp, what, n);
	memcpy(tmp + n, ": ", 2);
	/* The message is cut if it no longer fits. */
	memcpy(tmp + n + 2, err->msg, sizeof(tmp) - n - 2);
	tmp[sizeof(tmp) - 1] = '\0';
	memcpy(err->msg, tmp, sizeof(tmp));
}

const char *kw_err_str(const struct kw_err *err, char *buf, size_t len)
{
	if (err->file[0] != '\0' && err->line > 0 && err->col > 0)
		snprintf(buf, len, "%s:%lu:%lu: %s", err->file, err->line, err->col, err->msg);
	else if (err->file[0] != '\0' && err->line > 0)
		snprintf(buf, len, "%s:%lu: %s", err->file, err->line, err->msg);
	else if (err->file[0] != '\0')
		snprintf(buf, len, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, len, "%s", err->msg);
	return buf;
}

/* The long operation under way (kw_watch_set). */
static const struct kw_watch *current_watch;

void kw_watch_set(const struct kw_watch *w)
{
	current_watch = w;
}

const struct kw_watch *kw_watch_current(void)
{
	return current_watch;
}

void kw_watch_tell(const struct kw_watch *w, const char *what, const char *unit,
		   unsigned long long count, long long done, long long total)
{
	if (w != NULL && w->progress != NULL)
		w->progress(w->ctx, what, unit, count, done, total);
}

bool kw_watch_stopped(const struct kw_watch *w)
{
	return w != NULL && w->stop != NULL && *w->stop != 0;
}

int kw_watch_check(const struct kw_watch *w, struct kw_err *err)
{
	if (!kw_watch_stopped(w))
		return 0;
	return kw_err_set(err, KW_EINTR, "interrupted");
}
