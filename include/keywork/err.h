/* err.h: errors that carry their cause, their location and an exit status. */
#ifndef KEYWORK_ERR_H
#define KEYWORK_ERR_H

#include <stddef.h>

/* Exit statuses, as in sysexits.h. */
enum kw_status {
	KW_OK = 0,
	KW_EUSAGE = 64,	   /* command line usage */
	KW_EDATA = 65,	   /* bad input data: a form, a CSV, a broken store */
	KW_ENOINPUT = 66,  /* missing input file or data directory */
	KW_ESOFTWARE = 70, /* internal error */
	KW_EIO = 74,	   /* I/O error */
	KW_ENOPERM = 77	   /* wrong passphrase or not permitted */
};

/*
 * An error: a status (the exit code it maps to), a message and, for
 * input files, the file, line and column (1-based; 0 when not known).
 */
struct kw_err {
	int status;
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

/* Like kw_err_set, with a location in an input file. */
int kw_err_at(struct kw_err *err, int status, const char *file, unsigned long line,
	      unsigned long col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Prepends "what: " to the message of an error already set. */
void kw_err_prefix(struct kw_err *err, const char *what);

/* Formats the error as "file:line:col: msg" (or just "msg") into buf. */
const char *kw_err_str(const struct kw_err *err, char *buf, size_t len);

#endif
