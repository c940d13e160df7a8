/* util.h: small helpers shared by every layer: memory, strings, time, ids. */
#ifndef KEYWORK_UTIL_H
#define KEYWORK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "keywork/date.h"
#include "keywork/err.h"

#define KW_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocators that abort on exhaustion (an internal error, not a user's). */
void *kw_xmalloc(size_t n);
void *kw_xcalloc(size_t n, size_t size);
void *kw_xrealloc(void *p, size_t n);
char *kw_xstrdup(const char *s);
/* strdup of s, or NULL when s is NULL. */
char *kw_xstrdup_null(const char *s);

/* A growable string. Initialise with {0}; free with kw_buf_free. */
struct kw_buf {
	char *p;
	size_t len;
	size_t cap;
};
void kw_buf_add(struct kw_buf *b, const void *data, size_t len);
void kw_buf_adds(struct kw_buf *b, const char *s);
void kw_buf_printf(struct kw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kw_buf_free(struct kw_buf *b);

/* Fills buf with n bytes from the kernel's random source. Returns 0 or -1. */
int kw_random(void *buf, size_t n);

/* Writes a random (version 4) UUID, 36 characters and a NUL, into out. */
void kw_uuid(char out[37]);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void kw_hex(char *out, const unsigned char *in, size_t n);
/* Writes s as a JSON string (quoted, escaped), or null for NULL. */
void kw_json_put(FILE *out, const char *s);
/* Parses exactly n bytes of hex from s (which must be 2n hex digits). Returns 0 or -1. */
int kw_unhex(unsigned char *out, size_t n, const char *s);

/* True if s (len bytes) is valid UTF-8 with no NUL; *bad gets the offset of the first bad byte. */
bool kw_utf8_valid(const char *s, size_t len, size_t *bad);

/* Parses a non-negative decimal fd number; returns -1 on error. */
int kw_parse_fd(const char *s);

/* Monotonic time in seconds, including time suspended (CLOCK_BOOTTIME). */
double kw_boottime(void);

/* Default directories (XDG base directory spec); results are malloc'd. */
char *kw_default_data_dir(void);
char *kw_default_demo_dir(void);
char *kw_default_config_dir(void);

/* Joins dir and name with a slash; malloc'd. */
char *kw_path_join(const char *dir, const char *name);

/*
 * Writes data to path atomically: a temp file in the same directory, mode
 * 0600, written, fsync'd, renamed over path, and the directory fsync'd.
 * Returns 0 or -1 with err set (KW_EIO).
 */
int kw_write_atomic(const char *path, const void *data, size_t len, struct kw_err *err);
/*
 * The same, and the file stays open and locked (flock, exclusive) from before
 * it has its name: the descriptor is put in *held, the caller's to close.
 */
int kw_write_atomic_held(const char *path, const void *data, size_t len, int *held,
			 struct kw_err *err);

/*
 * Checks that dir is a directory owned by us with no group or other access,
 * on the machine's own disk, and that each of names inside it, where it
 * exists, is a regular file with no group or other access. Returns 0 or -1
 * with err set (KW_ENOPERM; KW_EIO for a network share).
 */
int kw_check_private(const char *dir, const char *const *names, size_t n, struct kw_err *err);
/* The name of the network filesystem whose statfs(2) f_type is magic ("NFS", "CIFS", ...), or NULL. */
const char *kw_fs_network_name(unsigned long magic);

/* Creates dir (and parents) with mode 0700. Returns 0 or -1 with err set. */
int kw_mkdir_private(const char *dir, struct kw_err *err);

#endif
