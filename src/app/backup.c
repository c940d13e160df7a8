/*
 * backup.c: one-file backups of a data directory, and restoring them.
 *
 * A backup holds both compartment files as they are on disk (encrypted) and
 * the key file (whose keys are wrapped), so it is as safe at rest as the
 * data directory itself, and opens with the same passphrases. The format is
 * a short text header, then each file as "file NAME SIZE\n", its bytes and
 * "\nhash BLAKE2B\n", then "end\n":
 *
 *   keywork-backup 1
 *   created 2026-11-24T17:00:00Z
 *   version 0.2.0         the keywork that made it
 *   key-id HEX
 *   generation N
 *   file keywork.db SIZE / bytes / hash HEX      and the same for sensitive.db
 *   file keywork.keys SIZE / bytes / hash HEX
 *   chain-head SEQ HEX      the newest audit row when the snapshot was taken
 *   end
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"
#include "keywork/version.h"

struct writer {
	FILE *out;
	struct kw_hasher *h;
	const char *path;
	/* The file being copied, its size and how much of it is copied, for the progress. */
	char what[64];
	long long size, done;
};

static int w_fail(struct writer *w, struct kw_err *err)
{
	return kw_err_set(err, KW_EIO, "cannot write %s: %s", w->path, strerror(errno));
}

static int end_file(struct writer *w, struct kw_err *err)
{
	unsigned char digest[32];
	char hex[65];

	if (w->h == NULL)
		return 0;
	kw_hasher_final(w->h, digest);
	w->h = NULL;
	kw_hex(hex, digest, 32);
	if (fprintf(w->out, "\nhash %s\n", hex) < 0)
		return w_fail(w, err);
	return 0;
}

static int w_file(void *ctx, const char *name, long long size, struct kw_err *err)
{
	struct writer *w = ctx;

	if (end_file(w, err) != 0)
		return -1;
	if (fprintf(w->out, "file %s %lld\n", name, size) < 0)
		return w_fail(w, err);
	w->h = kw_hasher_new();
	snprintf(w->what, sizeof(w->what), "copying %s", name);
	w->size = size;
	w->done = 0;
	return 0;
}

static int w_chunk(void *ctx, const void *data, size_t len, struct kw_err *err)
{
	struct writer *w = ctx;

	kw_hasher_update(w->h, data, len);
	/* A write cut short by Ctrl-C is the interrupt, not a failing disk. */
	if (fwrite(data, 1, len, w->out) != len)
		return kw_watch_check(kw_watch_current(), err) != 0 ? -1 : w_fail(w, err);
	/* A long backup says how far it is and stops on Ctrl-C (the caller removes the file). */
	w->done += (long long)len;
	kw_watch_tell(kw_watch_current(), w->what, "MB", (unsigned long long)(w->done >> 20),
		      w->done, w->size);
	return kw_watch_check(kw_watch_current(), err);
}

/* Reads a whole small file into memory. */
static char *slurp(const char *path, size_t *len, struct kw_err *err)
{
	FILE *fp = fopen(path, "rb");
	struct kw_buf b = { 0 };
	char buf[4096];
	size_t n;

	if (fp == NULL) {
		kw_err_set(err, KW_EIO, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		kw_buf_add(&b, buf, n);
	fclose(fp);
	*len = b.len;
	if (b.p == NULL)
		b.p = kw_xstrdup("");
	return b.p;
}

int kw_backup_write(struct kw_session *s, FILE *out, const char *outname,
		    struct kw_backup_info *info, struct kw_err *err)
{
	struct writer w = { out, NULL, outname, "", 0, 0 };
	char *keypath = kw_path_join(s->dir, KW_KEY_FILE), *keys = NULL, now[21], hex[65];
	unsigned char head[32];
	long long seq = 0;
	size_t keylen = 0;
	int rc = -1;

	if (!kw_session_is(s, KW_ROLE_MANAGER)) {
		kw_err_set(err, KW_ENOPERM, "only a manager can make a backup");
		goto out;
	}
	if (!kw_store_has_sensitive(s->store)) {
		kw_err_set(err, KW_ENOPERM, "a backup needs both compartments open");
		goto out;
	}
	keys = slurp(keypath, &keylen, err);
	if (keys == NULL)
		goto out;
	kw_now_iso(now);
	if (fprintf(out, "keywork-backup 1\ncreated %s\nversion %s\nkey-id %s\ngeneration %lu\n",
		    now, KEYWORK_VERSION, kw_keyfile_key_id(s->kf),
		    kw_keyfile_generation(s->kf)) < 0) {
		w_fail(&w, err);
		goto out;
	}
	if (kw_db_snapshot(s->store, w_file, w_chunk, &w, &seq, head, err) != 0)
		goto out;
	if (w_file(&w, KW_KEY_FILE, (long long)keylen, err) != 0 ||
	    w_chunk(&w, keys, keylen, err) != 0 || end_file(&w, err) != 0)
		goto out;
	kw_hex(hex, head, 32);
	if (fprintf(out, "chain-head %lld %s\nend\n", seq, hex) < 0 || fflush(out) != 0) {
		w_fail(&w, err);
		goto out;
	}
	if (info != NULL) {
		info->generation = kw_keyfile_generation(s->kf);
		info->chain_seq = seq;
		snprintf(info->created, sizeof(info->created), "%s", now);
	}
	{
		char detail[96];

		snprintf(detail, sizeof(detail), "generation %lu, audit row %lld",
			 kw_keyfile_generation(s->kf), seq);
		if (kw_db_audit(s->store, "backup", NULL, detail, err) != 0)
			goto out;
	}
	rc = 0;
out:
	if (w.h != NULL) {
		unsigned char d[32];

		kw_hasher_final(w.h, d);
	}
	free(keys);
	free(keypath);
	return rc;
}

/* --- restore --- */

static const char *const backup_files[] = { KW_GENERAL_DB, KW_SENSITIVE_DB, KW_KEY_FILE };

static int read_line(FILE *fp, char *buf, size_t len, const char *path, unsigned long *lineno,
		     struct kw_err *err)
{
	(*lineno)++;
	if (fgets(buf, (int)len, fp) == NULL)
		return kw_err_at(err, KW_EDATA, path, *lineno, 0,
				 "the backup ends too early (truncated?)");
	if (strchr(buf, '\n') == NULL)
		return kw_err_at(err, KW_EDATA, path, *lineno, 1, "a header line is too long");
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Copies size bytes from fp to dir/name (mode 0600), checking the hash line after them. */
static int unpack_file(FILE *fp, const char *path, unsigned long *lineno, const char *dir,
		       const char *name, long long size, long long total, struct kw_err *err)
{
	const struct kw_watch *watch = kw_watch_current();
	char *dst = kw_path_join(dir, name), line[128], hex[65];
	struct kw_hasher *h = kw_hasher_new();
	unsigned char buf[65536], digest[32];
	int fd = -1, rc = -1;

	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		kw_err_set(err, KW_EIO, "cannot create %s: %s", dst, strerror(errno));
		goto out;
	}
	while (size > 0) {
		size_t want = size < (long long)sizeof(buf) ? (size_t)size : sizeof(buf);
		size_t got = fread(buf, 1, want, fp);

		if (got == 0) {
			kw_err_set(err, KW_EDATA, "%s: %s is cut short (the backup is truncated)",
				   path, name);
			goto out;
		}
		kw_hasher_update(h, buf, got);
		if (write(fd, buf, got) != (ssize_t)got) {
			kw_err_set(err, KW_EIO, "cannot write %s: %s", dst, strerror(errno));
			goto out;
		}
		for (size_t i = 0; i < got; i++)
			if (buf[i] == '\n')
				(*lineno)++;
		size -= (long long)got;
		/* A long restore says how far it is and stops on Ctrl-C (the stage is removed). */
		if (watch != NULL) {
			long long at = ftell(fp);

			kw_watch_tell(watch, "unpacking", "MB", (unsigned long long)(at >> 20), at,
				      total);
			if (kw_watch_check(watch, err) != 0)
				goto out;
		}
	}
	if (fsync(fd) != 0) {
		kw_err_set(err, KW_EIO, "cannot write %s: %s", dst, strerror(errno));
		goto out;
	}
	if (fgetc(fp) != '\n') {
		kw_err_at(err, KW_EDATA, path, *lineno, 0, "%s is not followed by its hash", name);
		goto out;
	}
	if (read_line(fp, line, sizeof(line), path, lineno, err) != 0)
		goto out;
	kw_hasher_final(h, digest);
	h = NULL;
	kw_hex(hex, digest, 32);
	if (strncmp(line, "hash ", 5) != 0 || strcmp(line + 5, hex) != 0) {
		kw_err_at(err, KW_EDATA, path, *lineno, 1,
			  "%s in the backup is damaged (its hash does not match)", name);
		goto out;
	}
	rc = 0;
out:
	if (h != NULL)
		kw_hasher_final(h, digest);
	if (fd >= 0)
		close(fd);
	free(dst);
	return rc;
}

/* Unpacks the backup at path into the empty directory stage; fills info. */
static int unpack(const char *path, const char *stage, struct kw_backup_info *info,
		  struct kw_err *err)
{
	FILE *fp = fopen(path, "rb");
	char line[256], key_id[64] = "";
	unsigned long lineno = 0;
	bool seen[3] = { false, false, false };
	int rc = -1;

	struct stat sb;
	long long total = 0;

	if (fp == NULL)
		return kw_err_set(err, errno == ENOENT ? KW_ENOINPUT : KW_EIO, "cannot open %s: %s",
				  path, strerror(errno));
	if (fstat(fileno(fp), &sb) == 0)
		total = (long long)sb.st_size;
	if (read_line(fp, line, sizeof(line), path, &lineno, err) != 0)
		goto out;
	if (strcmp(line, "keywork-backup 1") != 0) {
		kw_err_at(err, KW_EDATA, path, 1, 1, "not a keywork backup (or a newer kind)");
		goto out;
	}
	for (;;) {
		char name[64];
		long long size;

		if (read_line(fp, line, sizeof(line), path, &lineno, err) != 0)
			goto out;
		if (strcmp(line, "end") == 0)
			break;
		if (strncmp(line, "version ", 8) == 0)
			continue; /* which keywork made it: for people, not for the restore */
		if (sscanf(line, "created %20s", info->created) == 1 ||
		    sscanf(line, "key-id %63s", key_id) == 1 ||
		    sscanf(line, "generation %lu", &info->generation) == 1 ||
		    sscanf(line, "chain-head %lld", &info->chain_seq) == 1)
			continue;
		if (sscanf(line, "file %63s %lld", name, &size) == 2 && size >= 0) {
			size_t i;

			for (i = 0; i < KW_ARRAY_LEN(backup_files); i++)
				if (strcmp(name, backup_files[i]) == 0)
					break;
			if (i == KW_ARRAY_LEN(backup_files) || seen[i]) {
				kw_err_at(err, KW_EDATA, path, lineno, 6,
					  "unexpected file '%s' in the backup", name);
				goto out;
			}
			seen[i] = true;
			if (unpack_file(fp, path, &lineno, stage, name, size, total, err) != 0)
				goto out;
			continue;
		}
		kw_err_at(err, KW_EDATA, path, lineno, 1, "unexpected line in the backup header");
		goto out;
	}
	for (size_t i = 0; i < KW_ARRAY_LEN(backup_files); i++)
		if (!seen[i]) {
			kw_err_at(err, KW_EDATA, path, lineno, 0, "the backup has no %s",
				  backup_files[i]);
			goto out;
		}
	snprintf(info->key_id, sizeof(info->key_id), "%s", key_id);
	rc = 0;
out:
	fclose(fp);
	return rc;
}

static void remove_stage(const char *stage)
{
	kw_data_remove(stage);
	rmdir(stage);
}

struct readmit {
	struct kw_session *old, *s;
	struct kw_restore_report *rep;
	const char *names[16];
	size_t n;
};

/* A user who holds keys in the backup's register but no longer in the live one's. */
static int find_readmitted(void *ctx, const struct kw_user *u)
{
	struct readmit *r = ctx;
	enum kw_role role;
	bool left_out,
		was = kw_keyfile_slot_role(r->s->trusted, u->username, &role, &left_out) == 1 &&
		      !left_out;
	bool now = kw_keyfile_slot_role(r->old->trusted, u->username, &role, &left_out) == 1 &&
		   !left_out;

	if (!was || now || r->n == KW_ARRAY_LEN(r->names))
		return 0;
	r->names[r->n++] = kw_xstrdup(u->username);
	return 0;
}

/*
 * Over live data: the restorer must be its manager (by its register), the
 * backup must not be older unless older, and whoever was disabled since is
 * disabled again in s, the restored copy. old is the live data's session.
 */
static int restore_over(struct kw_session *s, struct kw_session *old, bool older,
			struct kw_restore_report *rep, struct kw_err *err)
{
	struct readmit r = { old, s, rep, { NULL }, 0 };
	unsigned long bgen = kw_keyfile_generation(s->trusted),
		      ogen = kw_keyfile_generation(old->trusted);
	long long bseq = 0, oseq = 0;
	int rc = -1;

	if (!kw_session_is(old, KW_ROLE_MANAGER))
		return kw_err_set(err, KW_ENOPERM,
				  "only a manager of the data being replaced can restore over it");
	if (kw_db_audit_anchored(s->store, &bseq, err) < 0 ||
	    kw_db_audit_anchored(old->store, &oseq, err) < 0)
		return -1;
	rep->old_generation = ogen;
	rep->old_chain_known = true;
	rep->old_chain_seq = oseq;
	if ((bgen < ogen || bseq < oseq) && !older)
		return kw_err_set(err, KW_EUSAGE,
				  "this backup is older than the data it would replace (key "
				  "generation %lu against %lu, audit trail at row %lld against "
				  "%lld); nothing was restored. Restore it with --older if that is "
				  "what you mean",
				  bgen, ogen, bseq, oseq);
	if (kw_db_user_each(s->store, find_readmitted, &r, err) != 0)
		goto out;
	if (r.n > 0) {
		struct kw_buf names = { 0 };

		/* Each one's record, in one transaction, before the keys leave them out. */
		if (kw_store_begin(s->store, err) != 0)
			goto out;
		for (size_t i = 0; i < r.n; i++) {
			struct kw_user u;

			if (kw_db_user_find(s->store, r.names[i], &u, err) != 1 ||
			    kw_db_user_set_disabled(s->store, u.meta.id, true, err) != 0) {
				kw_store_rollback(s->store);
				kw_buf_free(&names);
				goto out;
			}
			kw_buf_printf(&names, "%s%s", i > 0 ? ", " : "", r.names[i]);
		}
		if (kw_store_commit(s->store, err) != 0) {
			kw_buf_free(&names);
			goto out;
		}
		snprintf(rep->readmitted, sizeof(rep->readmitted), "%s", names.p);
		rep->nreadmitted = r.n;
		kw_buf_free(&names);
		if (kw_session_rekey(s, r.names, r.n, false, NULL, "user-disable",
				     "disabled again after a restore", err) != 0)
			goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < r.n; i++)
		free((char *)r.names[i]);
	return rc;
}

int kw_restore(const char *path, const char *dir, const char *user, const struct kw_secret *pass,
	       const struct kw_secret *live_pass, bool force, bool older,
	       struct kw_restore_report *rep, struct kw_err *err)
{
	struct kw_session *s = NULL, *old = NULL;
	struct kw_buf stage = { 0 }, aside = { 0 };
	char *keypath = kw_path_join(dir, KW_KEY_FILE), *parent = kw_xstrdup(dir), *slash;
	bool existing = access(keypath, F_OK) == 0;
	int rc = -1, problems;

	memset(rep, 0, sizeof(*rep));
	if (existing && !force) {
		kw_err_set(err, KW_EUSAGE,
			   "%s already holds keywork data; restoring over it needs --force (it is "
			   "then kept aside, not deleted)",
			   dir);
		goto out;
	}
	slash = strrchr(parent, '/');
	if (slash != NULL && slash != parent)
		*slash = '\0';
	else
		strcpy(parent, slash == parent ? "/" : ".");
	if (kw_mkdir_private(parent, err) != 0)
		goto out;
	kw_buf_printf(&stage, "%s.restore-XXXXXX", dir);
	if (mkdtemp(stage.p) == NULL) {
		kw_err_set(err, KW_EIO, "cannot make a directory beside %s: %s", dir,
			   strerror(errno));
		goto out;
	}
	if (unpack(path, stage.p, &rep->backup, err) != 0)
		goto fail;
	/* It must open with a passphrase it holds, belong together, and pass the check. */
	if (kw_session_open(stage.p, user, pass, &s, err) != 0)
		goto fail;
	if (!kw_session_is(s, KW_ROLE_MANAGER) || s->trusted == NULL) {
		kw_err_set(err, KW_ENOPERM, "only a manager can restore a backup");
		goto fail;
	}
	if (s->ndisputes > 0) {
		kw_err_set(err, KW_EDATA,
			   "the backup's key file disagrees with its protected register (%s); "
			   "nothing was restored",
			   s->disputes[0]);
		goto fail;
	}
	if (strcmp(kw_keyfile_key_id(s->kf), rep->backup.key_id) != 0 ||
	    kw_keyfile_generation(s->kf) != rep->backup.generation) {
		kw_err_set(err, KW_EDATA, "the backup's header does not match its key file");
		goto fail;
	}
	problems = kw_db_check(s->store, NULL, NULL, err);
	if (problems != 0) {
		if (problems > 0)
			kw_err_set(err, KW_EDATA,
				   "the backup fails keywork's check (%d problem%s); nothing was "
				   "restored",
				   problems, problems == 1 ? "" : "s");
		goto fail;
	}
	if (existing) {
		struct kw_err oerr;

		rep->replaced = true;
		/*
		 * Only what the live data's own register says is believed. Data
		 * that is damaged past opening may be replaced (it was --force'd);
		 * data that refuses this user (a wrong passphrase, disabled) may not.
		 */
		if (kw_session_open(dir, user,
				    live_pass != NULL && live_pass->len > 0 ? live_pass : pass,
				    &old, &oerr) == 0) {
			if (old->trusted == NULL) {
				kw_err_set(err, KW_ENOPERM,
					   "only a manager of the data being replaced can restore "
					   "over it");
				goto fail;
			}
			if (restore_over(s, old, older, rep, err) != 0)
				goto fail;
			kw_session_close(&old);
		} else if (oerr.status != KW_EDATA) {
			kw_err_set(err, oerr.status == KW_ENOPERM ? KW_ENOPERM : oerr.status,
				   "the data in %s does not open for '%s' (%s); only its manager "
				   "can restore over it",
				   dir, user, oerr.msg);
			goto fail;
		}
	}
	/* The last moment Ctrl-C stops a restore: from here the data is put in place. */
	if (kw_watch_check(kw_watch_current(), err) != 0)
		goto fail;
	{
		char detail[128];

		snprintf(detail, sizeof(detail),
			 "from a backup of %s (generation %lu, audit row %lld)",
			 rep->backup.created, rep->backup.generation, rep->backup.chain_seq);
		if (kw_db_audit(s->store, "restore", NULL, detail, err) != 0)
			goto fail;
	}
	kw_session_close(&s);
	if (existing) {
		char now[21];

		kw_now_iso(now);
		kw_buf_printf(&aside, "%s.replaced-%s", dir, now);
		if (rename(dir, aside.p) != 0) {
			kw_err_set(err, KW_EIO, "cannot move %s aside: %s", dir, strerror(errno));
			goto fail;
		}
		snprintf(rep->aside, sizeof(rep->aside), "%s", aside.p);
	}
	if (rename(stage.p, dir) != 0) {
		kw_err_set(err, KW_EIO, "cannot put the restored data at %s: %s", dir,
			   strerror(errno));
		if (existing)
			rename(aside.p, dir);
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	kw_session_close(&s);
	remove_stage(stage.p);
out:
	kw_session_close(&old);
	kw_buf_free(&stage);
	kw_buf_free(&aside);
	free(keypath);
	free(parent);
	return rc;
}
