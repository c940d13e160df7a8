/* cmd_retention.c: keywork retention, erase, hold and restrict: her data, her rights. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "keywork/access.h"
#include "keywork/retention.h"

/* Asks on the terminal for word to be typed; false when it is not, or there is no terminal. */
static bool typed(const char *question, const char *word)
{
	char line[64];
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	ssize_t n;

	if (tty < 0)
		return false;
	if (write(tty, question, strlen(question)) < 0) {
		close(tty);
		return false;
	}
	n = read(tty, line, sizeof(line) - 1);
	close(tty);
	if (n <= 0)
		return false;
	line[n] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, word) == 0;
}

static void print_report(const struct kw_retention *r, const struct kw_ret_report *rep)
{
	unsigned long due = 0;

	for (size_t i = 0; i < r->nrules; i++)
		due += rep->due_per_rule[i];
	printf("Retention on %s: %lu of %lu women due for deletion.\n", rep->today, due,
	       rep->women);
	for (size_t i = 0; i < r->nrules; i++)
		printf("  %6lu  %-18s %s\n", rep->due_per_rule[i], r->rules[i].key,
		       r->rules[i].label);
	printf("Kept: %lu with an episode open or waiting, %lu under a legal hold, %lu whose "
	       "time has not run out, %lu under no rule.\n",
	       rep->open, rep->held, rep->running, rep->no_rule);
	if (rep->ndue > 0) {
		printf("Due:\n");
		for (size_t i = 0; i < rep->ndue; i++)
			printf("  %-10s %-18s since %s\n", rep->due[i].reference,
			       r->rules[rep->due[i].rule].key, rep->due[i].due_on);
	}
}

int kw_cmd_retention(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_ret_report rep = { 0 };
	bool apply;
	int rc = -1;

	if (kw_cli_parse_for("retention", argc, argv, &o, err) != 0)
		goto out;
	apply = o.argc == 1 && strcmp(o.argv[0], "apply") == 0;
	if (o.argc > 1 || (o.argc == 1 && !apply) || (o.yes && !apply)) {
		kw_cli_usage(err, "retention");
		goto out;
	}
	if (apply && !o.yes && !isatty(STDIN_FILENO)) {
		kw_err_set(err, KW_EUSAGE,
			   "retention apply asks on the terminal before deleting; in a script, "
			   "give --yes");
		goto out;
	}
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(&o, &s, err) != 0)
		goto out;
	/* Refused before anything is read: only managers delete. */
	if (apply && kw_app_may(s, KW_DO_REDACT, err) != 0)
		goto out;
	if (kw_retention_review(s, pack, &rep, err) != 0)
		goto out;
	print_report(pack->retention, &rep);
	if (!kw_session_is(s, KW_ROLE_MANAGER))
		printf("(A manager sees the references.)\n");
	if (apply) {
		unsigned long deleted = 0;
		bool vacuumed = false;

		if (rep.ndue == 0) {
			fprintf(stderr, "keywork: nobody is due; nothing was deleted.\n");
			rc = 0;
			goto out;
		}
		if (!o.yes && !typed("Delete these women's records? It cannot be undone. Type "
				     "'delete' to go ahead: ",
				     "delete")) {
			kw_err_set(err, KW_EUSAGE, "not confirmed; nothing was deleted");
			goto out;
		}
		{
			struct kw_cli_long l;
			int got;
			char stopped[160];

			/* Each woman is deleted whole: Ctrl-C stops before the next. */
			kw_cli_long_begin(&l, "each deletion is whole", true);
			got = kw_retention_apply(s, pack, stdout, &deleted, &vacuumed, err);
			snprintf(stopped, sizeof(stopped),
				 "%lu deleted before it stopped, each whole; nobody else was "
				 "touched",
				 deleted);
			if (kw_cli_long_end(&l, got, stopped, err) != 0) {
				if (err->status != KW_EINTR)
					fprintf(stderr,
						"keywork: %lu deleted before this stopped.\n",
						deleted);
				goto out;
			}
		}
		fprintf(stderr,
			"keywork: %lu deleted, each leaving a tombstone in the audit%s. Backups "
			"taken before today still hold them until they expire.\n",
			deleted, vacuumed ? "; both compartments vacuumed" : "");
	}
	rc = 0;
out:
	kw_ret_report_free(&rep);
	kw_form_pack_free(&pack);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}

int kw_cmd_erase(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_client c = { 0 };
	char q[200];
	int rc = -1;

	if (kw_cli_parse_for("erase", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0 || o.client == NULL) {
		kw_cli_usage(err, "erase");
		goto out;
	}
	if (!o.yes && !isatty(STDIN_FILENO)) {
		kw_err_set(err, KW_EUSAGE,
			   "erasure asks for her reference on the terminal; in a script, give "
			   "--yes");
		goto out;
	}
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(&o, &s, err) != 0)
		goto out;
	/* Refused before the question: only managers erase. */
	if (kw_app_may(s, KW_DO_REDACT, err) != 0 || kw_app_client_find(s, o.client, &c, err) != 0)
		goto out;
	snprintf(q, sizeof(q),
		 "Erase everything held about %s? It cannot be undone. Type her reference to "
		 "confirm: ",
		 c.reference);
	if (!o.yes && !typed(q, c.reference)) {
		kw_err_set(err, KW_EUSAGE, "not confirmed; nothing was erased");
		goto out;
	}
	if (kw_erase(s, pack, c.reference, err) != 0)
		goto out;
	fprintf(stderr,
		"keywork: erased %s: her tombstone (reference, erasure, today, you) is in the "
		"audit. Backups taken before today still hold her until they expire.\n",
		c.reference);
	rc = 0;
out:
	kw_client_clear(&c);
	kw_form_pack_free(&pack);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}

/* keywork hold and keywork restrict: one hold each, set or lifted. */
static int hold_cmd(const char *name, enum kw_hold kind, int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_client c = { 0 };
	bool changed = false;
	const char *what = kind == KW_HOLD_LEGAL ? "a legal hold" : "restricted processing";
	int rc = -1;

	if (kw_cli_parse_for(name, argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0 || o.client == NULL) {
		kw_cli_usage(err, name);
		goto out;
	}
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	if (kw_app_may(s, KW_DO_REDACT, err) != 0 || kw_app_client_find(s, o.client, &c, err) != 0)
		goto out;
	if (kw_hold(s, c.reference, kind, o.lift, &changed, err) != 0)
		goto out;
	if (!changed)
		fprintf(stderr, "keywork: %s %s %s; nothing changed.\n", c.reference,
			o.lift ? "was not under" : "is already under", what);
	else if (o.lift)
		fprintf(stderr, "keywork: %s is no longer under %s.\n", c.reference, what);
	else if (kind == KW_HOLD_LEGAL)
		fprintf(stderr,
			"keywork: %s is under a legal hold: no retention rule deletes her and "
			"erasure is refused until it is lifted.\n",
			c.reference);
	else
		fprintf(stderr,
			"keywork: %s's record is restricted: it can be read but not changed until "
			"it is lifted.\n",
			c.reference);
	rc = 0;
out:
	kw_client_clear(&c);
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}

int kw_cmd_hold(int argc, char **argv, struct kw_err *err)
{
	return hold_cmd("hold", KW_HOLD_LEGAL, argc, argv, err);
}

int kw_cmd_restrict(int argc, char **argv, struct kw_err *err)
{
	return hold_cmd("restrict", KW_HOLD_RESTRICT, argc, argv, err);
}

/* keywork access: her record visible only to named staff, or to all again. */
int kw_cmd_access(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	bool changed = false;
	int rc = -1;

	if (kw_cli_parse_for("access", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0 || o.client == NULL || (o.only == NULL) == !o.lift) {
		kw_cli_usage(err, "access");
		goto out;
	}
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	if (kw_access_set(s, o.client, o.lift ? NULL : o.only, &changed, err) != 0)
		goto out;
	if (!changed)
		fprintf(stderr, "keywork: %s %s; nothing changed.\n", o.client,
			o.lift ? "was not restricted to named staff"
			       : "is already visible only to those staff");
	else if (o.lift)
		fprintf(stderr, "keywork: %s is visible to staff as before.\n", o.client);
	else
		fprintf(stderr,
			"keywork: %s is visible only to the named staff; to everyone else search "
			"shows \"restricted record\" and opening her is refused and recorded.\n",
			o.client);
	rc = 0;
out:
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}
