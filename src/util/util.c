/* util.c: memory, strings, random ids, time and private files. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "keywork/util.h"

static void oom(void)
{
	fputs("keywork: out of memory\n", stderr);
	abort();
}

void *kw_xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *kw_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n != 0 ? n : 1, size != 0 ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *kw_xrealloc(void *p, size_t n)
{
	p = realloc(p, n != 0 ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *kw_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		oom();
	return p;
}

char *kw_xstrdup_null(const char *s)
{
	return s != NULL ? kw_xstrdup(s) : NULL;
}

void kw_buf_add(struct kw_buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap != 0 ? b->cap : 64;

		while (cap < b->len + len + 1)
			cap *= 2;
		b->p = kw_xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void kw_buf_adds(struct kw_buf *b, const char *s)
{
	kw_buf_add(b, s, strlen(s));
}

void kw_buf_printf(struct kw_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char small[256];

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		kw_buf_add(b, small, (size_t)n);
		return;
	}
	{
		char *big = kw_xmalloc((size_t)n + 1);

		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		kw_buf_add(b, big, (size_t)n);
		free(big);
	}
}

void kw_buf_free(struct kw_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int kw_random(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

void kw_uuid(char out[37])
{
	unsigned char b[16];

	if (kw_random(b, sizeof(b)) != 0)
		abort();
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

void kw_hex(char *out, const unsigned char *in, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int kw_unhex(unsigned char *out, size_t n, const char *s)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

bool kw_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t n;
		unsigned cp;

		if (c == 0)
			goto fail;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			goto fail;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += n + 1;
	}
	return true;
fail:
	if (bad != NULL)
		*bad = i;
	return false;
}

int kw_parse_fd(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 1 << 20)
		return -1;
	return (int)v;
}

double kw_boottime(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *xdg_dir(const char *var, const char *fallback, const char *leaf)
{
	const char *v = getenv(var);
	struct kw_buf b = { 0 };

	if (v != NULL && v[0] == '/') {
		kw_buf_printf(&b, "%s/%s", v, leaf);
	} else {
		const char *home = getenv("HOME");

		kw_buf_printf(&b, "%s/%s/%s", home != NULL ? home : ".", fallback, leaf);
	}
	return b.p;
}

char *kw_default_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share", "keywork");
}

char *kw_default_demo_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share", "keywork-demo");
}

char *kw_default_config_dir(void)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config", "keywork");
}

char *kw_path_join(const char *dir, const char *name)
{
	struct kw_buf b = { 0 };

	kw_buf_printf(&b, "%s/%s", dir, name);
	return b.p;
}

static int fsync_dir_of(const char *path)
{
	char *dir = kw_xstrdup(path);
	char *slash = strrchr(dir, '/');
	int fd, rc;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int kw_write_atomic(const char *path, const void *data, size_t len, struct kw_err *err)
{
	return kw_write_atomic_held(path, data, len, NULL, err);
}

int kw_write_atomic_held(const char *path, const void *data, size_t len, int *held,
			 struct kw_err *err)
{
	struct kw_buf tmp = { 0 };
	const unsigned char *p = data;
	int fd = -1, rc = -1;

	kw_buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkostemp(tmp.p, O_CLOEXEC);
	if (fd < 0) {
		kw_err_set(err, KW_EIO, "cannot create a temporary file beside %s: %s", path,
			   strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) != 0)
		goto io;
	/* Locked before it has its name, so nobody sees it unheld. */
	if (held != NULL && flock(fd, LOCK_EX) != 0)
		goto io;
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto io;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0)
		goto io;
	if (held == NULL) {
		if (close(fd) != 0) {
			fd = -1;
			goto io;
		}
		fd = -1;
	}
	if (rename(tmp.p, path) != 0)
		goto io;
	if (fsync_dir_of(path) != 0)
		goto io;
	if (held != NULL) {
		*held = fd;
		fd = -1;
	}
	rc = 0;
	goto out;
io:
	kw_err_set(err, KW_EIO, "cannot write %s: %s", path, strerror(errno));
	unlink(tmp.p);
out:
	if (fd >= 0)
		close(fd);
	kw_buf_free(&tmp);
	return rc;
}

const char *kw_fs_network_name(unsigned long magic)
{
	/* From statfs(2) and linux/magic.h. FUSE (sshfs, but also local ones) cannot be told apart. */
	static const struct {
		unsigned long magic;
		const char *name;
	} nets[] = {
		{ 0x6969, "NFS" },	  { 0x517B, "SMB" },	   { 0xFF534D42, "CIFS" },
		{ 0xFE534D42, "SMB2" },	  { 0x5346414F, "AFS" },   { 0x73757245, "Coda" },
		{ 0x564C, "NCP" },	  { 0x01021997, "9P" },	   { 0x00C36400, "Ceph" },
		{ 0x01161970, "GFS2" },	  { 0x7461636F, "OCFS2" }, { 0x47504653, "GPFS" },
		{ 0x0BD00BD0, "Lustre" },
	};

	for (size_t i = 0; i < KW_ARRAY_LEN(nets); i++)
		if (nets[i].magic == (magic & 0xFFFFFFFFUL))
			return nets[i].name;
	return NULL;
}

int kw_check_private(const char *dir, const char *const *names, size_t n, struct kw_err *err)
{
	struct stat st;
	struct statfs fs;
	const char *net;

	if (stat(dir, &st) != 0)
		return kw_err_set(err, KW_ENOINPUT, "no data directory at %s: %s", dir,
				  strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return kw_err_set(err, KW_ENOINPUT, "%s is not a directory", dir);
	if (statfs(dir, &fs) == 0 && (net = kw_fs_network_name((unsigned long)fs.f_type)) != NULL)
		return kw_err_set(err, KW_EIO,
				  "%s is on a network share (%s): its locking is not safe for "
				  "keywork's files, and two people could overwrite each other's "
				  "work; keep the data directory on the machine's own disk "
				  "(keywork(1), DEPLOYMENT)",
				  dir, net);
	if (st.st_uid != geteuid())
		return kw_err_set(err, KW_ENOPERM, "%s belongs to another user; refusing to use it",
				  dir);
	if ((st.st_mode & 077) != 0)
		return kw_err_set(err, KW_ENOPERM,
				  "%s can be read by other users (mode %03o); "
				  "run 'chmod 700 %s' and check who has seen it",
				  dir, (unsigned)(st.st_mode & 0777), dir);
	for (size_t i = 0; i < n; i++) {
		char *path = kw_path_join(dir, names[i]);
		int bad = 0;

		if (lstat(path, &st) == 0) {
			if (!S_ISREG(st.st_mode))
				bad = 1;
			else if ((st.st_mode & 077) != 0)
				bad = 2;
		}
		if (bad == 1)
			kw_err_set(err, KW_ENOPERM, "%s is not a regular file; refusing to use it",
				   path);
		else if (bad == 2)
			kw_err_set(err, KW_ENOPERM,
				   "%s can be read by other users (mode %03o); "
				   "run 'chmod 600 %s' and check who has seen it",
				   path, (unsigned)(st.st_mode & 0777), path);
		free(path);
		if (bad)
			return -1;
	}
	return 0;
}

int kw_mkdir_private(const char *dir, struct kw_err *err)
{
	char *p = kw_xstrdup(dir);
	int rc = -1;

	for (char *s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			kw_err_set(err, KW_EIO, "cannot create %s: %s", p, strerror(errno));
			goto out;
		}
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST) {
		kw_err_set(err, KW_EIO, "cannot create %s: %s", p, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(p);
	return rc;
}

void kw_json_put(FILE *out, const char *s)
{
	if (s == NULL) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}
