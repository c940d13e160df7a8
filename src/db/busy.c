/*
 * busy.c: the note a long write leaves in the data directory (keywork.busy),
 * so that someone who finds the data locked is told who holds it, doing
 * what and since when, rather than "database is locked".
 *
 * The note is a few "key=value" lines (user, doing, since, pid), mode 0600,
 * written once the write lock is held and removed when it is let go. A note
 * whose process is gone (killed mid-write) is stale and ignored. Anyone who
 * can write the directory can write a note, so what it says is only shown,
 * as plain words, after its characters are checked, and never decides
 * anything.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "keywork/util.h"

#define NOTE_MAX 1024

void kw_busy_note_put(const char *dir, const char *who, const char *what)
{
	char *path = kw_path_join(dir, KW_BUSY_FILE);
	char since[21];
	struct kw_buf b = { 0 };

	kw_now_iso(since);
	kw_buf_printf(&b, "user=%s\ndoing=%s\nsince=%s\npid=%ld\n", who, what, since,
		      (long)getpid());
	/* The note only explains a wait: if it cannot be written, the write goes on without it. */
	kw_write_atomic(path, b.p, b.len, NULL);
	kw_buf_free(&b);
	free(path);
}

/* Reads dir's note into its fields; returns 1 if there is one that parses, else 0. */
static int note_read(const char *dir, char user[64], char doing[96], char since[21], long *pid)
{
	char *path = kw_path_join(dir, KW_BUSY_FILE);
	FILE *fp = fopen(path, "re");
	char line[NOTE_MAX];
	int fields = 0;

	free(path);
	if (fp == NULL)
		return 0;
	user[0] = doing[0] = since[0] = '\0';
	*pid = 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *eq = strchr(line, '='), *v;

		if (eq == NULL)
			continue;
		*eq = '\0';
		v = eq + 1;
		v[strcspn(v, "\n")] = '\0';
		if (strcmp(line, "user") == 0 && strlen(v) < 64) {
			strcpy(user, v);
			fields |= 1;
		} else if (strcmp(line, "doing") == 0 && strlen(v) < 96) {
			strcpy(doing, v);
			fields |= 2;
		} else if (strcmp(line, "since") == 0 && strlen(v) < 21) {
			strcpy(since, v);
			fields |= 4;
		} else if (strcmp(line, "pid") == 0) {
			*pid = strtol(v, NULL, 10);
			fields |= 8;
		}
	}
	fclose(fp);
	return fields == 15 && *pid > 0;
}

/* True if s is plain words: printable ASCII only (the note may have been planted). */
static bool plain(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

static bool alive(long pid)
{
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

void kw_busy_note_drop(const char *dir)
{
	char user[64], doing[96], since[21];
	long pid;

	/* Only our own: another process may have taken the lock and left its note since. */
	if (note_read(dir, user, doing, since, &pid) && pid == (long)getpid()) {
		char *path = kw_path_join(dir, KW_BUSY_FILE);

		unlink(path);
		free(path);
	}
}

int kw_busy_note_describe(const char *dir, char *buf, size_t len)
{
	char user[64], doing[96], since[21], when[32] = "";
	struct tm tm = { 0 }, now_tm;
	time_t t, now = time(NULL);
	long pid;

	/* Our own note says nothing about who else holds the data. */
	if (!note_read(dir, user, doing, since, &pid) || pid == (long)getpid() || !alive(pid) ||
	    !plain(user) || !plain(doing) || user[0] == '\0' || doing[0] == '\0')
		return 0;
	/* since is UTC (ISO-8601); say it in local time, with the day if not today. */
	if (strptime(since, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL && (t = timegm(&tm)) != -1) {
		localtime_r(&t, &tm);
		localtime_r(&now, &now_tm);
		strftime(when, sizeof(when),
			 tm.tm_yday == now_tm.tm_yday && tm.tm_year == now_tm.tm_year
				 ? " since %H:%M"
				 : " since %-d %b %H:%M",
			 &tm);
	}
	snprintf(buf, len, "%s is %s%s", user, doing, when);
	return 1;
}
