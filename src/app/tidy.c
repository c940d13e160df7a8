/*
 * tidy.c: removing what killed writes leave in a data directory.
 *
 * Three kinds of litter, each removed only when it is certainly dead:
 *
 *  - keywork.keys.tmp-XXXXXX, a whole wrapped key file that kw_write_atomic
 *    wrote but never renamed into place. Key-file changes are made under the
 *    store's write lock, so one is removed only while that lock is held and
 *    only once it is TIDY_GRACE_S old (finishing an interrupted change of
 *    keys saves the key file outside the lock).
 *
 *  - outreach-in-XXXXXX and outreach-out-XXXXXX, a bundle's database copied
 *    in for a receive (or a start) or written for a send, under a key of the
 *    bundle's that died with the process. A receive uses its copy under the
 *    write lock, so, like a temporary key file, one is removed under that
 *    lock once it is TIDY_GRACE_S old.
 *
 *  - keywork.db-mj… and sensitive.db-mj…, SQLite's super-journals for a
 *    commit across both files. A hot rollback journal may still name one,
 *    and SQLite would take a commit whose super-journal is gone as complete.
 *    So one is removed only when both compartments are open and have been
 *    read (a hot journal is rolled back on the first read), under the write
 *    lock (no commit is under way: BEGIN IMMEDIATE locks both files), and
 *    when no -journal file in the directory holds its name.
 *
 * The lock is only tried, never waited for: a sign-in during someone else's
 * long write leaves the litter for a later one.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"

#define TIDY_GRACE_S 60
#define TMP_KEY_PREFIX KW_KEY_FILE ".tmp-"

enum litter { NONE, TMP_KEY, SUPER_JOURNAL };

static enum litter kind_of(const char *name)
{
	static const char *const sj[] = { KW_GENERAL_DB "-mj", KW_SENSITIVE_DB "-mj" };
	static const char *const bundle[] = { "outreach-in-", "outreach-out-" };

	if (strncmp(name, TMP_KEY_PREFIX, strlen(TMP_KEY_PREFIX)) == 0)
		return TMP_KEY;
	/* A bundle's database: as old litter as a temporary key file. */
	for (size_t i = 0; i < KW_ARRAY_LEN(bundle); i++)
		if (strncmp(name, bundle[i], strlen(bundle[i])) == 0 &&
		    strlen(name) == strlen(bundle[i]) + 6)
			return TMP_KEY;
	for (size_t i = 0; i < KW_ARRAY_LEN(sj); i++)
		if (strncmp(name, sj[i], strlen(sj[i])) == 0 && name[strlen(sj[i])] != '\0')
			return SUPER_JOURNAL;
	return NONE;
}

/* True if the file name in directory dfd contains the bytes of needle. */
static bool file_holds(int dfd, const char *name, const char *needle)
{
	size_t n = strlen(needle), have = 0;
	char buf[65536];
	bool found = false;
	ssize_t got;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return false;
	/* Chunks overlap by n - 1 bytes, so a name split between two reads is found. */
	while (!found && (got = read(fd, buf + have, sizeof(buf) - have)) > 0) {
		size_t len = have + (size_t)got;

		found = memmem(buf, len, needle, n) != NULL;
		have = len < n - 1 ? len : n - 1;
		memmove(buf, buf + len - have, have);
	}
	close(fd);
	return found;
}

/* True if a rollback journal in the directory names super-journal sj. */
static bool journal_names(DIR *d, const char *sj)
{
	static const char suffix[] = "-journal";
	struct dirent *e;
	bool named = false;

	rewinddir(d);
	while (!named && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > strlen(suffix) && strcmp(e->d_name + len - strlen(suffix), suffix) == 0)
			named = file_holds(dirfd(d), e->d_name, sj);
	}
	return named;
}

/* Collects the names of litter in d into *names (malloc'd); returns how many. */
static size_t find_litter(DIR *d, char ***names)
{
	struct dirent *e;
	size_t n = 0;

	*names = NULL;
	while ((e = readdir(d)) != NULL) {
		if (kind_of(e->d_name) == NONE)
			continue;
		*names = kw_xrealloc(*names, (n + 1) * sizeof(**names));
		(*names)[n++] = kw_xstrdup(e->d_name);
	}
	return n;
}

int kw_data_tidy(struct kw_session *s, struct kw_err *err)
{
	DIR *d = opendir(s->dir);
	char **names = NULL;
	size_t n = 0;
	int rc = -1, locked = 0, removed = 0;

	if (d == NULL) {
		kw_err_set(err, KW_EIO, "cannot read %s", s->dir);
		goto out;
	}
	n = find_litter(d, &names);
	if (n == 0) {
		rc = 0;
		goto out;
	}
	locked = kw_store_try_begin(s->store, err);
	if (locked <= 0) {
		rc = locked; /* busy (0): another time */
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (kind_of(names[i]) == TMP_KEY) {
			if (time(NULL) - st.st_mtime < TIDY_GRACE_S)
				continue;
		} else if (!kw_store_has_sensitive(s->store) || journal_names(d, names[i])) {
			continue;
		}
		if (unlinkat(dirfd(d), names[i], 0) == 0)
			removed++;
	}
	kw_store_rollback(s->store);
	rc = removed;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (d != NULL)
		closedir(d);
	return rc;
}
