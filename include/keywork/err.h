/* err.h: errors that carry their cause, their location and an exit status. */
#ifndef KEYWORK_ERR_H
#define KEYWORK_ERR_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* Exit statuses, as in sysexits.h. */
enum kw_status {
	KW_OK = 0,
	KW_EUSAGE = 64,	   /* command line usage */
	KW_EDATA = 65,	   /* bad input data: a form, a CSV, a broken store */
	KW_ENOINPUT = 66,  /* missing input file or data directory */
	KW_ESOFTWARE = 70, /* internal error */
	KW_EIO = 74,	   /* I/O error */
	KW_ECONFIRM = 75,  /* a rule asks first; nothing saved (--yes answers yes); EX_TEMPFAIL */
	KW_ENOPERM = 77,   /* wrong passphrase or not permitted */
	KW_EINTR = 130	   /* stopped by an interrupt (Ctrl-C); nothing kept, as 128 + SIGINT */
};

/*
 * Why something was refused, for code that must tell one refusal from
 * another (never by reading the message, which is for people and may be
 * reworded). Most errors need none: KW_R_NONE.
 */
enum kw_reason {
	KW_R_NONE = 0,
	KW_R_STALE,	 /* someone saved the record after it was read: nothing was saved */
	KW_R_GONE,	 /* the record no longer exists */
	KW_R_PASSPHRASE, /* the username or passphrase is not right */
	KW_R_BACKOFF,	 /* too many failed sign-ins: wait before trying again */
	KW_R_DISABLED,	 /* the user has been disabled */
	KW_R_LOCKED,	 /* someone else's work holds the data: try again in a moment */
	KW_R_ROLE,	 /* the user's role may not do this */
	KW_R_INVALID,	 /* answers failed the form's own checks (field errors say which) */
	KW_R_RULE,	 /* a rule of the work refused it (src/app/rules.c) */
	KW_R_QUESTION,	 /* a rule asks first: save again with the confirmation to go ahead */
	KW_R_UNKNOWN, /* the command line names an option, command or role keywork does not know */
	KW_R_HIDDEN   /* her record is restricted to named staff, and this user is not one */
};
/* A short name for a reason ("stale", "rule", ...), for logs and tests. */
const char *kw_reason_name(enum kw_reason r);

/*
 * An error: a status (the exit code it maps to), a reason, a message and,
 * for input files, the file, line and column (1-based; 0 when not known).
 */
struct kw_err {
	int status;
	enum kw_reason reason;
	char msg[512];
	char file[256];
	unsigned long line;
	unsigned long col;
};

/* Clears an error to "no error". */
void kw_err_clear(struct kw_err *err);

/* Sets status and message; returns -1 so callers can `return kw_err_set(...)`. */
int kw_err_set(struct kw_err *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like kw_err_set, with a reason (kw_err_set leaves KW_R_NONE). */
int kw_err_why(struct kw_err *err, int status, enum kw_reason reason, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Like kw_err_set, with a location in an input file. */
int kw_err_at(struct kw_err *err, int status, const char *file, unsigned long line,
	      unsigned long col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Prepends "what: " to the message of an error already set. */
void kw_err_prefix(struct kw_err *err, const char *what);

/* Formats the error as "file:line:col: msg" (or just "msg") into buf. */
const char *kw_err_str(const struct kw_err *err, char *buf, size_t len);

/*
 * How a long operation (an import, check, backup, restore, a change of keys,
 * a retention run) says what it is doing and is told to stop.
 */
struct kw_watch {
	/*
	 * Called every so often and at the end of each step: what is being
	 * done ("checking keywork.db"), count of unit ("rows", "MB", "pages")
	 * so far, and done of total for the share done and the time left
	 * (total -1: not known beforehand). May be NULL.
	 */
	void (*progress)(void *ctx, const char *what, const char *unit, unsigned long long count,
			 long long done, long long total);
	void *ctx;
	/* Set (by a signal handler) to stop: the operation leaves the data as it was. May be NULL. */
	volatile sig_atomic_t *stop;
};

/*
 * The watch of the long operation under way, for code below the command
 * that started it (a store's check or change of keys): set by the command
 * line around the operation (NULL: none), read by the operation. The
 * process does one long operation at a time.
 */
void kw_watch_set(const struct kw_watch *w);
const struct kw_watch *kw_watch_current(void);

/* Tells w (may be NULL) the progress, as kw_watch.progress. */
void kw_watch_tell(const struct kw_watch *w, const char *what, const char *unit,
		   unsigned long long count, long long done, long long total);

/* True if w (may be NULL) has been told to stop. */
bool kw_watch_stopped(const struct kw_watch *w);

/* If w has been told to stop, sets err (KW_EINTR, "interrupted") and returns -1; else 0. */
int kw_watch_check(const struct kw_watch *w, struct kw_err *err);

#endif
