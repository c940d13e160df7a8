/*
 * draft.c: unsaved work kept across a lock, an idle lock or a dropped
 * connection: sealed with the user's own keys into a file in the data
 * directory named by a per-directory pseudonym of her username.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"

#define DRAFT_MAX (16u * 1024u * 1024u)

static char *draft_path(const struct kw_session *s)
{
	char tag[65], name[64];

	kw_keyfile_user_tag(s->kf, s->user.username, tag);
	snprintf(name, sizeof(name), "%s%.24s", KW_DRAFT_PREFIX, tag);
	return kw_path_join(s->dir, name);
}

int kw_session_draft_save(struct kw_session *s, const void *data, size_t len, struct kw_err *err)
{
	unsigned char *sealed = NULL;
	size_t n = 0;
	char *path = draft_path(s);
	int rc = -1;

	if (kw_draft_seal(s->ring, s->user.meta.id, data, len, &sealed, &n, err) != 0 ||
	    kw_write_atomic(path, sealed, n, err) != 0)
		goto out;
	rc = 0;
out:
	free(sealed);
	free(path);
	return rc;
}

int kw_session_draft_load(struct kw_session *s, struct kw_secret **out, struct kw_err *err)
{
	char *path = draft_path(s);
	unsigned char *buf = NULL;
	struct stat st;
	int fd = -1, rc = -1;
	size_t got = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		rc = errno == ENOENT ? 0 : kw_err_set(err, KW_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)DRAFT_MAX) {
		kw_err_set(err, KW_EDATA, "%s: not a draft keywork can read", path);
		goto out;
	}
	buf = kw_xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			kw_err_set(err, KW_EIO, "%s: %s", path,
				   r < 0 ? strerror(errno) : "short read");
			goto out;
		}
		got += (size_t)r;
	}
	if (kw_draft_open(s->ring, s->user.meta.id, buf, got, out, err) != 0)
		goto out;
	rc = 1;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(path);
	return rc;
}

void kw_session_draft_discard(struct kw_session *s)
{
	char *path = draft_path(s);

	unlink(path);
	free(path);
}
