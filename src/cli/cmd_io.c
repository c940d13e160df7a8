/* cmd_io.c: import and export on the command line. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "keywork/form.h"
#include "keywork/retention.h"
#include "keywork/util.h"

FILE *kw_cli_output_open(const char *path, bool to_file, bool *created, struct kw_err *err)
{
	FILE *out;
	int fd;

	if (!to_file)
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		kw_err_set(err, errno == EEXIST ? KW_EUSAGE : KW_EIO, "cannot create %s: %s%s",
			   path, strerror(errno),
			   errno == EEXIST ? " (keywork never overwrites an export or backup)"
					   : "");
		return NULL;
	}
	*created = true;
	out = fdopen(fd, "w");
	if (out == NULL) {
		kw_err_set(err, KW_EIO, "cannot write %s: %s", path, strerror(errno));
		close(fd);
	}
	return out;
}

int kw_cli_output_close(FILE *out, const char *path, bool to_file, struct kw_err *err)
{
	if (!to_file)
		return fflush(out) == 0
			       ? 0
			       : kw_err_set(err, KW_EIO, "cannot write: %s", strerror(errno));
	if (fflush(out) != 0 || fsync(fileno(out)) != 0) {
		kw_err_set(err, KW_EIO, "cannot write %s: %s", path, strerror(errno));
		fclose(out);
		return -1;
	}
	if (fclose(out) != 0)
		return kw_err_set(err, KW_EIO, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

int kw_cmd_import(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_cli_long l;
	bool clients;
	unsigned long n = 0;
	int rc = -1, got;

	if (kw_cli_parse_for("import", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 2 ||
	    (strcmp(o.argv[0], "clients") != 0 && strcmp(o.argv[0], "contacts") != 0 &&
	     strcmp(o.argv[0], "notes") != 0)) {
		kw_cli_usage(err, "import");
		goto out;
	}
	clients = strcmp(o.argv[0], "clients") == 0;
	if (access(o.argv[1], R_OK) != 0) {
		kw_err_set(err, KW_ENOINPUT, "cannot read %s: %s", o.argv[1], strerror(errno));
		goto out;
	}
	/* Rows are checked by the same form as the screens', so it must load first. */
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(&o, &s, err) != 0)
		goto out;
	if (!kw_session_is(s, KW_ROLE_KEYWORKER)) {
		kw_err_set(err, KW_ENOPERM, "your role (dropin) may not import records");
		goto out;
	}
	/* Ctrl-C from here on stops the import, which rolls back. */
	kw_cli_long_begin(&l, "nothing is kept", true);
	if (clients)
		got = kw_import_clients(s, pack, o.argv[1], o.ignore_unknown, stderr, &l.watch, &n,
					err);
	else
		got = kw_import_records(s, pack, o.argv[0], o.argv[1], o.ignore_unknown, stderr,
					&l.watch, &n, err);
	if (kw_cli_long_end(&l, got, "nothing was imported, the data is as it was", err) != 0) {
		size_t len = strlen(err->msg);

		if (err->status != KW_EINTR)
			snprintf(err->msg + len, sizeof(err->msg) - len, "; nothing was imported");
		goto out;
	}
	if (clients)
		fprintf(stderr, "keywork: imported %lu wom%cn from %s.\n", n, n == 1 ? 'a' : 'e',
			o.argv[1]);
	else
		fprintf(stderr, "keywork: imported %lu %s from %s.\n", n,
			strcmp(o.argv[0], "notes") == 0 ? (n == 1 ? "case note" : "case notes")
							: (n == 1 ? "contact" : "contacts"),
			o.argv[1]);
	rc = 0;
out:
	kw_session_close(&s);
	kw_form_pack_free(&pack);
	kw_cli_opts_free(&o);
	return rc;
}

int kw_cmd_export(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	enum kw_format fmt = KW_FORMAT_CSV;
	FILE *out = NULL;
	bool to_file, created = false;
	unsigned long n = 0;
	int rc = -1;

	if (kw_cli_parse_for("export", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 1) {
		kw_cli_usage(err, "export");
		goto out;
	}
	if (o.format != NULL && strcmp(o.format, "json") == 0) {
		fmt = KW_FORMAT_JSON;
	} else if (o.format != NULL && strcmp(o.format, "csv") != 0) {
		kw_err_set(err, KW_EUSAGE, "--format is csv or json");
		goto out;
	}
	to_file = o.output != NULL && strcmp(o.output, "-") != 0;
	if (!to_file && isatty(STDOUT_FILENO)) {
		kw_err_set(err, KW_EUSAGE,
			   "an export is never shown on the terminal: name a file with -o FILE, "
			   "or pipe it to a program");
		goto out;
	}
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(&o, &s, err) != 0)
		goto out;
	out = kw_cli_output_open(o.output, to_file, &created, err);
	if (out == NULL)
		goto out;
	if (kw_export(s, pack, o.argv[0], fmt, out, &n, err) != 0)
		goto out;
	{
		FILE *f = out;

		out = NULL;
		if (kw_cli_output_close(f, o.output, to_file, err) != 0)
			goto out;
	}
	fprintf(stderr, "keywork: exported %lu %s%s%s.\n", n, o.argv[0], to_file ? " to " : "",
		to_file ? o.output : "");
	rc = 0;
out:
	if (to_file && out != NULL)
		fclose(out);
	if (rc != 0 && created)
		unlink(o.output); /* no half-written export is left behind */
	kw_session_close(&s);
	kw_form_pack_free(&pack);
	kw_cli_opts_free(&o);
	return rc;
}

int kw_cmd_backup(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_backup_info info;
	struct kw_form_pack *pack = NULL;
	FILE *out = NULL;
	bool to_file, created = false;
	int rc = -1;

	if (kw_cli_parse_for("backup", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0) {
		kw_cli_usage(err, "backup");
		goto out;
	}
	to_file = o.output != NULL && strcmp(o.output, "-") != 0;
	if (!to_file && isatty(STDOUT_FILENO)) {
		kw_err_set(err, KW_EUSAGE, "name the backup file with -o FILE");
		goto out;
	}
	if (o.keep != NULL && kw_cli_forms_load(&pack, err) != 0)
		goto out;
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	out = kw_cli_output_open(o.output, to_file, &created, err);
	if (out == NULL)
		goto out;
	{
		struct kw_cli_long l;
		int got;

		/* Ctrl-C stops the copy; the half-written file is removed below. */
		kw_cli_long_begin(&l, "no backup is kept", true);
		got = kw_backup_write(s, out, to_file ? o.output : "standard output", &info, err);
		if (kw_cli_long_end(&l, got, "no backup was written, the data is as it was", err) !=
		    0)
			goto out;
	}
	{
		FILE *f = out;

		out = NULL;
		if (kw_cli_output_close(f, o.output, to_file, err) != 0)
			goto out;
	}
	fprintf(stderr,
		"keywork: backup written%s%s (key generation %lu, audit row %lld). It opens with "
		"today's passphrases, including those of users later disabled: keep it safe and "
		"delete it when your retention period ends.\n",
		to_file ? " to " : "", to_file ? o.output : "", info.generation, info.chain_seq);
	if (o.keep != NULL) {
		unsigned long old = 0;

		struct kw_err kerr = { 0 };

		/* The backup is written and kept whatever happens here. */
		if (kw_retention_old_backups(pack, o.keep, stderr, &old, &kerr) != 0)
			fprintf(stderr, "keywork: could not look for old backups: %s\n", kerr.msg);
		else if (old > 0)
			fprintf(stderr,
				"keywork: %lu backup%s in %s %s older than the shortest "
				"retention period.\n",
				old, old == 1 ? "" : "s", o.keep, old == 1 ? "is" : "are");
	}
	rc = 0;
out:
	if (to_file && out != NULL)
		fclose(out);
	if (rc != 0 && created)
		unlink(o.output);
	kw_form_pack_free(&pack);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}

int kw_cmd_restore(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_restore_report rep;
	struct kw_secret *pass = NULL, *live = NULL;
	char *dir = NULL, prompt[96];
	const char *user;
	int rc = -1;

	if (kw_cli_parse_for("restore", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 1) {
		kw_cli_usage(err, "restore");
		goto out;
	}
	dir = kw_cli_dir(&o);
	user = kw_cli_user(&o);
	snprintf(prompt, sizeof(prompt), "Passphrase for %s (as in the backup): ", user);
	pass = kw_cli_read_pass(o.passfd, prompt, err);
	if (pass == NULL)
		goto out;
	/* Over live data: her passphrase there, if it has changed since (Enter: the same). */
	if (o.force) {
		snprintf(prompt, sizeof(prompt),
			 "Passphrase for %s in the data it replaces (Enter if the same): ", user);
		live = kw_cli_read_pass(o.passfd, prompt, err);
		if (live == NULL)
			goto out;
	}
	{
		struct kw_cli_long l;
		int got;

		/* Ctrl-C stops the restore until the data is put in place; the stage is removed. */
		kw_cli_long_begin(&l, "nothing is restored", true);
		got = kw_restore(o.argv[0], dir, user, pass, live, o.force, o.older, &rep, err);
		if (kw_cli_long_end(&l, got, "nothing was restored, the data is as it was", err) !=
		    0)
			goto out;
	}
	printf("Restored %s into %s: a backup made %s (key generation %lu, audit row %lld).\n",
	       o.argv[0], dir, rep.backup.created, rep.backup.generation, rep.backup.chain_seq);
	if (rep.replaced)
		printf("The data that was there is kept in %s.\n", rep.aside);
	if (rep.nreadmitted > 0)
		printf("Disabled again: %s (disabled after this backup was made); both compartment "
		       "keys were changed, so their passphrases open nothing.\n",
		       rep.readmitted);
	if (rep.backup.generation < rep.old_generation)
		printf("Note: this backup is OLDER than the data it replaced: key generation %lu, "
		       "the replaced data was at %lu. Users disabled since can open it again.\n",
		       rep.backup.generation, rep.old_generation);
	if (rep.old_chain_known && rep.backup.chain_seq < rep.old_chain_seq)
		printf("Note: this backup is OLDER than the data it replaced: its audit trail ends "
		       "at row %lld, the replaced data's at row %lld. Work recorded since is in %s "
		       "only.\n",
		       rep.backup.chain_seq, rep.old_chain_seq, rep.aside);
	rc = 0;
out:
	kw_secret_free(&live);
	kw_secret_free(&pass);
	free(dir);
	kw_cli_opts_free(&o);
	return rc;
}
