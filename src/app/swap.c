/*
 * swap.c: is memory that keywork holds (decrypted records, keys in use)
 * at risk of being written to an unencrypted swap device?
 *
 * Active swap is listed in /proc/swaps. zram lives in memory and is fine. A
 * device-mapper device is encrypted if it, or a device beneath it (LVM on
 * LUKS), is a dm-crypt target: its dm/uuid starts with "CRYPT-". A swap
 * file is judged by the block device its file system is on. Anything else
 * is reported. Secrets themselves are in locked memory (never swapped); this
 * is about everything else a screen shows.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"

/* True if block device NAME (as in /sys/block/NAME) is dm-crypt, or sits on one. */
static bool dm_encrypted(const char *sys, const char *name, int depth)
{
	char path[512], uuid[128] = "";
	FILE *fp;
	DIR *d;
	struct dirent *e;
	bool enc = false;

	if (depth > 8)
		return false;
	snprintf(path, sizeof(path), "%s/block/%s/dm/uuid", sys, name);
	fp = fopen(path, "re");
	if (fp != NULL) {
		if (fgets(uuid, sizeof(uuid), fp) == NULL)
			uuid[0] = '\0';
		fclose(fp);
	}
	if (strncmp(uuid, "CRYPT-", 6) == 0)
		return true;
	snprintf(path, sizeof(path), "%s/block/%s/slaves", sys, name);
	d = opendir(path);
	if (d == NULL)
		return false;
	while (!enc && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			enc = dm_encrypted(sys, e->d_name, depth + 1);
	closedir(d);
	return enc;
}

/* The /sys/block name of a device node path, e.g. /dev/mapper/x -> dm-0. */
static bool block_name(const char *sys, dev_t dev, char *out, size_t len)
{
	char link[512], target[512];
	ssize_t n;
	const char *base;

	snprintf(link, sizeof(link), "%s/dev/block/%u:%u", sys, major(dev), minor(dev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base != NULL ? base + 1 : target;
	if (strlen(base) >= len)
		return false;
	memcpy(out, base, strlen(base) + 1);
	return true;
}

int kw_swap_check(const char *proc_swaps, const char *sys, char *desc, size_t len)
{
	FILE *fp = fopen(proc_swaps, "re");
	char line[1024];
	int found = 0;

	desc[0] = '\0';
	if (fp == NULL)
		return 0;
	if (fgets(line, sizeof(line), fp) == NULL) { /* the header */
		fclose(fp);
		return 0;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		char name[512], type[32], dev[128];
		struct stat st;
		bool enc = false;

		if (sscanf(line, "%511s %31s", name, type) != 2)
			continue;
		if (strncmp(name, "/dev/zram", 9) == 0)
			continue;
		if (stat(name, &st) == 0) {
			dev_t d = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;

			if (block_name(sys, d, dev, sizeof(dev)))
				enc = strncmp(dev, "zram", 4) == 0 || dm_encrypted(sys, dev, 0);
		}
		if (enc)
			continue;
		found = 1;
		if (strlen(desc) + strlen(name) + 3 < len)
			snprintf(desc + strlen(desc), len - strlen(desc), "%s%s",
				 desc[0] ? ", " : "", name);
	}
	fclose(fp);
	return found;
}

static char *ack_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	struct kw_buf b = { 0 };

	if (state != NULL && state[0] == '/')
		kw_buf_printf(&b, "%s/keywork/swap-acknowledged", state);
	else
		kw_buf_printf(&b, "%s/.local/state/keywork/swap-acknowledged",
			      home != NULL ? home : ".");
	return b.p;
}

bool kw_swap_acknowledged(const char *desc)
{
	char *path = ack_path(), line[1024];
	FILE *fp = fopen(path, "re");
	bool ok = false;

	free(path);
	if (fp == NULL)
		return false;
	if (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		ok = strcmp(line, desc) == 0;
	}
	fclose(fp);
	return ok;
}

int kw_swap_acknowledge(const char *desc, struct kw_err *err)
{
	char *path = ack_path(), *slash;
	struct kw_buf text = { 0 };
	int rc;

	slash = strrchr(path, '/');
	*slash = '\0';
	if (kw_mkdir_private(path, err) != 0) {
		free(path);
		return -1;
	}
	*slash = '/';
	kw_buf_printf(&text, "%s\n", desc);
	rc = kw_write_atomic(path, text.p, text.len, err);
	kw_buf_free(&text);
	free(path);
	return rc;
}
