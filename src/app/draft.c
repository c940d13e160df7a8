/*
 * draft.c: unsaved work kept across a lock, an idle lock or a dropped
 * connection: sealed with the user's own keys into a file in the data
 * directory named by a per-directory pseudonym of her username and the run
 * of keywork that wrote it. Each run holds its own file with a flock, so
 * another session of hers takes only drafts no live keywork holds.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"

#define DRAFT_MAX (16u * 1024u * 1024u)
#define TAG_LEN 24
#define ID_LEN 16

void kw_draft_own_init(struct kw_draft_own *own)
{
	unsigned char b[ID_LEN / 2];

	memset(own, 0, sizeof(*own));
	if (kw_random(b, sizeof(b)) != 0)
		abort();
	kw_hex(own->id, b, sizeof(b));
	own->fd = -1;
}

void kw_draft_own_release(struct kw_draft_own *own)
{
	if (own->fd >= 0)
		close(own->fd);
	own->fd = -1;
	own->tag[0] = '\0';
}

static void user_tag(const struct kw_session *s, char out[TAG_LEN + 1])
{
	char tag[65];

	kw_keyfile_user_tag(s->kf, s->user.username, tag);
	snprintf(out, TAG_LEN + 1, "%.24s", tag);
}

int kw_session_draft_save(struct kw_session *s, struct kw_draft_own *own, const void *data,
			  size_t len, struct kw_err *err)
{
	unsigned char *sealed = NULL;
	char tag[TAG_LEN + 1], name[64];
	char *path;
	size_t n = 0;
	int rc = -1, fd = -1;

	user_tag(s, tag);
	snprintf(name, sizeof(name), "%s%s-%s", KW_DRAFT_PREFIX, tag, own->id);
	path = kw_path_join(s->dir, name);
	if (kw_draft_seal(s->ring, s->user.meta.id, data, len, &sealed, &n, err) != 0 ||
	    kw_write_atomic_held(path, sealed, n, &fd, err) != 0)
		goto out;
	kw_draft_own_release(own);
	own->fd = fd;
	snprintf(own->tag, sizeof(own->tag), "%s", tag);
	rc = 0;
out:
	free(sealed);
	free(path);
	return rc;
}

/*
 * True if name is a draft of the user with this tag: "draft-TAG" (one
 * draft per user, as keywork kept them before) or "draft-TAG-ID".
 */
static bool draft_name_of(const char *name, const char *tag)
{
	size_t pl = strlen(KW_DRAFT_PREFIX);
	const char *rest;

	if (strncmp(name, KW_DRAFT_PREFIX, pl) != 0 || strncmp(name + pl, tag, TAG_LEN) != 0)
		return false;
	rest = name + pl + TAG_LEN;
	if (*rest == '\0')
		return true;
	if (*rest != '-' || strlen(rest + 1) != ID_LEN)
		return false;
	for (const char *p = rest + 1; *p != '\0'; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* Reads the whole regular file open on fd (at most DRAFT_MAX) into a new buffer. */
static unsigned char *read_all(int fd, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	size_t got = 0;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)DRAFT_MAX ||
	    lseek(fd, 0, SEEK_SET) != 0)
		return NULL;
	buf = kw_xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			return NULL;
		}
		got += (size_t)r;
	}
	*len = got;
	return buf;
}

struct found {
	struct kw_secret *d;
	double mtime;
};

/*
 * Opens one held draft (fd, locked by us): on success adds it to list,
 * deletes the file and returns true; otherwise records why in out.
 */
static bool take_one(struct kw_session *s, int dfd, const char *name, int fd, struct found **list,
		     size_t *n, struct kw_drafts *out)
{
	struct kw_secret *d = NULL;
	struct kw_err err;
	struct stat st;
	unsigned char *buf;
	size_t len = 0;

	buf = read_all(fd, &len);
	if (buf == NULL || fstat(fd, &st) != 0) {
		kw_err_set(&err, KW_EDATA, "%s: not a draft keywork can read", name);
		goto failed;
	}
	if (kw_draft_open(s->ring, s->user.meta.id, buf, len, &d, &err) != 0)
		goto failed;
	free(buf);
	*list = kw_xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[*n].d = d;
	(*list)[*n].mtime = (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
	(*n)++;
	unlinkat(dfd, name, 0);
	return true;
failed:
	free(buf);
	if (out->failed++ == 0)
		snprintf(out->why, sizeof(out->why), "%.200s", err.msg);
	return false;
}

static int by_mtime(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

size_t kw_session_drafts_take(struct kw_session *s, struct kw_draft_own *own, struct kw_drafts *out)
{
	char tag[TAG_LEN + 1], mine[64];
	struct found *list = NULL;
	size_t n = 0;
	bool tried_own = false;
	DIR *dir;
	struct dirent *e;

	memset(out, 0, sizeof(*out));
	user_tag(s, tag);
	snprintf(mine, sizeof(mine), "%s%s-%s", KW_DRAFT_PREFIX, own->tag, own->id);
	if ((dir = opendir(s->dir)) == NULL)
		goto done;
	/* This run's own draft is held already: it is hers only if she wrote it. */
	tried_own = own->fd >= 0 && strcmp(own->tag, tag) == 0;
	if (tried_own)
		take_one(s, dirfd(dir), mine, own->fd, &list, &n, out);
	kw_draft_own_release(own);
	while ((e = readdir(dir)) != NULL) {
		struct stat st;
		int fd;

		if (!draft_name_of(e->d_name, tag) || (tried_own && strcmp(e->d_name, mine) == 0))
			continue;
		fd = openat(dirfd(dir), e->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			continue;
		/*
		 * Held: a session of hers that is locked keeps it. Unlinked once we had
		 * the lock: another sign-in took it first.
		 */
		if (flock(fd, LOCK_EX | LOCK_NB) != 0 || fstat(fd, &st) != 0 || st.st_nlink == 0) {
			close(fd);
			continue;
		}
		take_one(s, dirfd(dir), e->d_name, fd, &list, &n, out);
		close(fd);
	}
	closedir(dir);
done:
	if (n > 1)
		qsort(list, n, sizeof(*list), by_mtime);
	out->d = kw_xcalloc(n + 1, sizeof(*out->d));
	for (size_t i = 0; i < n; i++)
		out->d[i] = list[i].d;
	out->n = n;
	free(list);
	return n;
}

void kw_drafts_free(struct kw_drafts *d)
{
	for (size_t i = 0; i < d->n; i++)
		kw_secret_free(&d->d[i]);
	free(d->d);
	memset(d, 0, sizeof(*d));
}
