/* cmd_audit.c: keywork audit (reading the signed trail) and keywork redact. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "keywork/policy.h"
#include "keywork/util.h"

/* Writes s with control characters shown as '?', so nothing in a row drives the terminal. */
static void put_clean(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s != NULL ? s : ""); *p != '\0'; p++)
		fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, out);
}

struct lister {
	FILE *out;
	unsigned long n, unverified;
};

static int audit_row(void *ctx, const struct kw_audit_row *r)
{
	struct lister *l = ctx;

	/* A row that does not verify is marked where it stands, and says why. */
	if (r->unverified != NULL) {
		fputs("!! NOT VERIFIED: ", l->out);
		put_clean(l->out, r->unverified);
		fputc('\n', l->out);
		l->unverified++;
	}
	/* A laptop's own row: its number there, after the laptop's name. */
	if (r->laptop != NULL) {
		put_clean(l->out, r->laptop);
		fprintf(l->out, ":%lld  ", r->seq);
	} else {
		fprintf(l->out, "%6lld  ", r->seq);
	}
	put_clean(l->out, r->at);
	fputs("  ", l->out);
	put_clean(l->out, r->username[0] != '\0' ? r->username : "-");
	fputs("  ", l->out);
	put_clean(l->out, r->action);
	fputs("  ", l->out);
	put_clean(l->out, r->reference[0] != '\0' ? r->reference : "-");
	if (r->detail != NULL && r->detail[0] != '\0') {
		fputs("  ", l->out);
		put_clean(l->out, r->detail);
	}
	fputc('\n', l->out);
	l->n++;
	return ferror(l->out) ? -1 : 0;
}

/*
 * The pager for a terminal: $PAGER, else less. A listing never stays in the
 * terminal's scrollback, so with no pager nothing is printed.
 */
static FILE *open_pager(pid_t *pid, struct kw_err *err)
{
	const char *pager = getenv("PAGER");
	int fds[2];

	if (pager == NULL)
		pager = "less";
	if (pager[0] == '\0' || strcmp(pager, "cat") == 0) {
		kw_err_set(err, KW_EUSAGE,
			   "the audit trail is not printed on the terminal without a pager "
			   "(PAGER is '%s'): set PAGER, pipe it, or name a file with -o FILE",
			   pager);
		return NULL;
	}
	if (pipe(fds) != 0) {
		kw_err_set(err, KW_EIO, "cannot start the pager: %s", strerror(errno));
		return NULL;
	}
	*pid = fork();
	if (*pid < 0) {
		close(fds[0]);
		close(fds[1]);
		kw_err_set(err, KW_EIO, "cannot start the pager: %s", strerror(errno));
		return NULL;
	}
	if (*pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		/* less: no init/deinit suppression, so it uses the alternate screen. */
		setenv("LESS", "FR", 0);
		execlp("sh", "sh", "-c", pager, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	return fdopen(fds[1], "w");
}

static int close_pager(FILE *out, pid_t pid, struct kw_err *err)
{
	int status = 0;

	fclose(out);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return kw_err_set(err, KW_EUSAGE,
				  "the pager could not be run: set PAGER, pipe the listing, or "
				  "name a file with -o FILE");
	return 0;
}

int kw_cmd_audit(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_audit_filter f = { 0 };
	struct kw_client c = { 0 };
	struct kw_user u = { 0 };
	struct lister l = { 0 };
	char since[21], about[160];
	bool to_file, created = false;
	pid_t pager = -1;
	int rc = -1;

	if (kw_cli_parse_for("audit", argc, argv, &o, err) != 0)
		goto out;
	/* --user names who signs in, as for every command; --by whose rows to list. */
	if (o.argc != 0) {
		kw_cli_usage(err, "audit");
		goto out;
	}
	if (o.since != NULL && !kw_date_valid(o.since)) {
		kw_err_set(err, KW_EUSAGE, "--since needs a date as YYYY-MM-DD, not '%s'", o.since);
		goto out;
	}
	to_file = o.output != NULL && strcmp(o.output, "-") != 0;
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	if (o.client != NULL) {
		if (kw_app_client_find(s, o.client, &c, err) != 0)
			goto out;
		f.client_id = c.meta.id;
	}
	if (o.by != NULL) {
		if (kw_app_user_find(s, o.by, &u, err) != 0)
			goto out;
		f.user_id = u.meta.id;
	}
	if (o.since != NULL) {
		snprintf(since, sizeof(since), "%s", o.since);
		f.since = since;
	}
	/* Refused roles are refused before any file or pager is opened. */
	if (kw_app_may(s, KW_DO_AUDIT_OWN, err) != 0)
		goto out;
	if (to_file)
		l.out = kw_cli_output_open(o.output, true, &created, err);
	else if (isatty(STDOUT_FILENO))
		l.out = open_pager(&pager, err);
	else
		l.out = stdout;
	if (l.out == NULL)
		goto out;
	snprintf(about, sizeof(about), "%s%s%s%s%s%s", o.client ? "woman " : "",
		 o.client ? o.client : "", o.by ? (o.client ? ", by " : "by ") : "",
		 o.by ? o.by : "", o.since ? (o.client || o.by ? ", since " : "since ") : "",
		 o.since ? o.since : "");
	if (kw_app_audit_read(s, &f, audit_row, &l, about, err) != 0)
		goto out;
	{
		FILE *x = l.out;

		l.out = NULL;
		if (pager > 0 ? close_pager(x, pager, err) != 0
			      : kw_cli_output_close(x, o.output, to_file, err) != 0)
			goto out;
		pager = -1;
	}
	if (to_file)
		fprintf(stderr, "keywork: %lu audit rows written to %s.\n", l.n, o.output);
	if (l.unverified > 0) {
		fprintf(stderr,
			"keywork: %lu of the rows listed do not verify (marked \"NOT VERIFIED\"); "
			"run keywork check.\n",
			l.unverified);
		kw_err_set(err, KW_EDATA, "the audit trail does not verify");
		created = false; /* the listing is kept: it shows where */
		goto out;
	}
	rc = 0;
out:
	if (l.out != NULL && l.out != stdout) {
		if (pager > 0)
			close_pager(l.out, pager, err);
		else
			fclose(l.out);
	}
	if (rc != 0 && created)
		unlink(o.output);
	kw_client_clear(&c);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}

/* Asks on the terminal for her reference typed again; true if it matches. */
static bool confirmed(const char *reference, const char *what)
{
	char line[64];
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	ssize_t n;
	char prompt[256];

	if (tty < 0)
		return false;
	snprintf(prompt, sizeof(prompt),
		 "Redact %s of %s? It cannot be undone. Type her reference to confirm: ", what,
		 reference);
	if (write(tty, prompt, strlen(prompt)) < 0) {
		close(tty);
		return false;
	}
	n = read(tty, line, sizeof(line) - 1);
	close(tty);
	if (n <= 0)
		return false;
	line[n] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, reference) == 0;
}

int kw_cmd_redact(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_client c = { 0 };
	char what[128];
	long rows = 0;
	int rc = -1;

	if (kw_cli_parse_for("redact", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0 || o.client == NULL || (o.field == NULL) == (o.note == NULL) ||
	    (o.record != NULL && o.field == NULL)) {
		kw_cli_usage(err, "redact");
		goto out;
	}
	if (!o.yes && !isatty(STDIN_FILENO)) {
		kw_err_set(err, KW_EUSAGE,
			   "redaction asks for her reference on the terminal; in a script, give "
			   "--yes");
		goto out;
	}
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	/* Refused before the question: only managers redact. */
	if (kw_app_may(s, KW_DO_REDACT, err) != 0 || kw_app_client_find(s, o.client, &c, err) != 0)
		goto out;
	if (o.field != NULL && o.record != NULL)
		snprintf(what, sizeof(what), "every value of '%.40s' in record %.40s", o.field,
			 o.record);
	else if (o.field != NULL)
		snprintf(what, sizeof(what), "every value of '%s'", o.field);
	else
		snprintf(what, sizeof(what), "the text of case note %s", o.note);
	if (!o.yes && !confirmed(c.reference, what)) {
		kw_err_set(err, KW_EUSAGE, "not confirmed; nothing was redacted");
		goto out;
	}
	if (o.field != NULL) {
		if (kw_app_redact_field(s, c.meta.id, o.record, o.field, &rows, err) != 0)
			goto out;
		fprintf(stderr,
			"keywork: redacted '%s' of %s%s%s: %ld value%s overwritten, in the record "
			"and its history. The audit trail records that it was done, not what it "
			"was.\n",
			o.field, o.record != NULL ? "record " : "",
			o.record != NULL ? o.record : "", o.record != NULL ? "" : c.reference, rows,
			rows == 1 ? "" : "s");
	} else {
		if (kw_app_redact_note(s, c.meta.id, o.note, err) != 0)
			goto out;
		fprintf(stderr,
			"keywork: redacted the text of case note %s of %s (and its search "
			"index).\n",
			o.note, c.reference);
	}
	rc = 0;
out:
	kw_client_clear(&c);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}
