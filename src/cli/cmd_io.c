/* cmd_io.c: import and export on the command line. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "keywork/util.h"

int kw_cmd_import(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	unsigned long n = 0;
	int rc = -1;

	if (kw_cli_parse(argc, argv, OPT_DB | OPT_USER | OPT_PASSFD | OPT_IGNORE, &o, err) != 0)
		goto out;
	if (o.argc != 2 || strcmp(o.argv[0], "clients") != 0) {
		kw_err_set(err, KW_EUSAGE,
			   "usage: keywork import clients FILE.csv [--ignore-unknown]");
		goto out;
	}
	if (access(o.argv[1], R_OK) != 0) {
		kw_err_set(err, KW_ENOINPUT, "cannot read %s: %s", o.argv[1], strerror(errno));
		goto out;
	}
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	if (kw_session_is(s, KW_ROLE_DROPIN) && !kw_session_is(s, KW_ROLE_KEYWORKER)) {
		kw_err_set(err, KW_ENOPERM, "your role (dropin) may not import records");
		goto out;
	}
	if (kw_import_clients(s, o.argv[1], o.ignore_unknown, stderr, &n, err) != 0) {
		size_t len = strlen(err->msg);

		snprintf(err->msg + len, sizeof(err->msg) - len, "; nothing was imported");
		goto out;
	}
	fprintf(stderr, "keywork: imported %lu wom%cn from %s.\n", n, n == 1 ? 'a' : 'e',
		o.argv[1]);
	rc = 0;
out:
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}

int kw_cmd_export(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	enum kw_format fmt = KW_FORMAT_CSV;
	FILE *out = NULL;
	bool to_file, created = false;
	unsigned long n = 0;
	int fd = -1, rc = -1;

	if (kw_cli_parse(argc, argv, OPT_DB | OPT_USER | OPT_PASSFD | OPT_FORMAT | OPT_OUTPUT, &o,
			 err) != 0)
		goto out;
	if (o.argc != 1) {
		kw_err_set(err, KW_EUSAGE,
			   "usage: keywork export clients|contacts|notes "
			   "[--format csv|json] -o FILE");
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
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	if (to_file) {
		/* Never overwrite, never follow a planted link, never readable by others. */
		fd = open(o.output, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			kw_err_set(err, errno == EEXIST ? KW_EUSAGE : KW_EIO,
				   "cannot create %s: %s%s", o.output, strerror(errno),
				   errno == EEXIST ? " (keywork never overwrites an export)" : "");
			goto out;
		}
		created = true;
		out = fdopen(fd, "w");
		if (out == NULL) {
			kw_err_set(err, KW_EIO, "cannot write %s: %s", o.output, strerror(errno));
			goto out;
		}
		fd = -1;
	} else {
		out = stdout;
	}
	if (kw_export(s, o.argv[0], fmt, out, &n, err) != 0)
		goto out;
	if (to_file && (fsync(fileno(out)) != 0 || fclose(out) != 0)) {
		out = NULL;
		kw_err_set(err, KW_EIO, "cannot write %s: %s", o.output, strerror(errno));
		goto out;
	}
	if (to_file)
		out = NULL;
	fprintf(stderr, "keywork: exported %lu %s%s%s.\n", n, o.argv[0], to_file ? " to " : "",
		to_file ? o.output : "");
	rc = 0;
out:
	if (to_file && out != NULL)
		fclose(out);
	if (fd >= 0)
		close(fd);
	if (rc != 0 && created)
		unlink(o.output); /* no half-written export is left behind */
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}
