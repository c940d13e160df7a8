/* cmd_admin.c: init, user, check, demo and the plain sign-in. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "keywork/outreach.h"
#include "keywork/team.h"
#include "keywork/ui.h"
#include "keywork/util.h"
#include "keywork/version.h"

/* The demo's passphrase is published: its data is synthetic, and it is marked as a demo. */
#define DEMO_USER "demo"
#define DEMO_PASS "demo-only-synthetic-women"
/* Two more logins with the same passphrase, so people can try the other roles. */
#define DEMO_KEYWORKER "kim"
#define DEMO_DROPIN "dee"

static const char RECOVERY_ADVICE[] =
	"This recovery code is shown once. Write it on paper and keep it in the office safe:\n"
	"  with it a manager can set a new passphrase if every other one is lost. Anyone who\n"
	"  has it can open all the records, so never photograph it or keep it on a computer.";

int kw_cmd_init(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_secret *pass = NULL, *code = NULL;
	char *dir = NULL;
	int rc = -1;

	if (kw_cli_parse_for("init", argc, argv, &o, err) != 0)
		goto out;
	if (o.user == NULL || o.argc != 0) {
		kw_cli_usage(err, "init");
		goto out;
	}
	dir = kw_cli_dir(&o);
	pass = kw_cli_new_pass(o.passfd, o.user, err);
	if (pass == NULL)
		goto out;
	if (kw_session_create(dir, o.user, pass, (enum kw_kdf)o.kdf, false, &s, &code, err) != 0)
		goto out;
	kw_cli_show_secret("Recovery code for this keywork data directory:", (const char *)code->p,
			   RECOVERY_ADVICE);
	fprintf(stderr, "keywork: created %s with manager '%s'.\n", dir, o.user);
	rc = 0;
out:
	kw_session_close(&s);
	kw_secret_free(&pass);
	kw_secret_free(&code);
	free(dir);
	kw_cli_opts_free(&o);
	return rc;
}

struct capacity_of {
	const char *name;
	bool found;
};

/* Prints "NAME CASELOAD CAPACITY" for the user asked about. */
static int capacity_line(void *ctx, const struct kw_team_member *m)
{
	struct capacity_of *c = ctx;

	if (strcmp(m->username, c->name) != 0)
		return 0;
	c->found = true;
	printf("%s\t%ld\t%ld\n", m->username, m->caseload, m->capacity);
	return 1;
}

/*
 * user capacity NAME [N|default]: sets how many women NAME can hold, or with
 * no N says what it is and how many she holds.
 */
static int user_capacity(struct kw_opts *o, struct kw_err *err)
{
	struct kw_session *s = NULL;
	struct capacity_of c = { .name = o->argv[1] };
	long n = -1;
	char *end;
	int rc = -1;

	if (o->argc == 3 && strcmp(o->argv[2], "default") != 0) {
		errno = 0;
		n = strtol(o->argv[2], &end, 10);
		if (errno != 0 || end == o->argv[2] || *end != '\0' || n < 0 || n > 1000) {
			kw_err_why(err, KW_EUSAGE, KW_R_INVALID,
				   "a capacity is a number of women from 0 to 1000, or 'default', "
				   "not '%s'",
				   o->argv[2]);
			goto out;
		}
	}
	if (kw_cli_open(o, &s, err) != 0)
		goto out;
	if (o->argc == 3) {
		if (kw_app_set_capacity(s, o->argv[1], n, err) != 0)
			goto out;
		if (n < 0)
			fprintf(stderr, "keywork: '%s' has the default capacity (%ld women).\n",
				o->argv[1], kw_app_capacity_default());
		else
			fprintf(stderr, "keywork: '%s' can hold %ld women.\n", o->argv[1], n);
	}
	if (kw_app_team_each(s, capacity_line, &c, err) != 0)
		goto out;
	if (!c.found) {
		kw_err_why(err, KW_EUSAGE, KW_R_GONE,
			   "'%s' is no keyworker or manager who can sign in", o->argv[1]);
		goto out;
	}
	rc = 0;
out:
	kw_session_close(&s);
	return rc;
}

/*
 * A change of keys re-encrypts each compartment file whole: Ctrl-C stops it
 * before the next file, and the next sign-in finishes it (as after a crash).
 */
#define REKEY_TAIL "at the end of this file, and the next sign-in finishes the change"
#define REKEY_STOPPED                                                                        \
	"the change of keys stopped between files; the data is intact and the next sign-in " \
	"finishes the change"

int kw_cmd_user(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_secret *pass = NULL;
	const char *verb, *name;
	bool add, passwd, disable, capacity;
	int rc = -1;

	if (kw_cli_parse_for("user", argc, argv, &o, err) != 0)
		goto out;
	verb = o.argc == 2 || o.argc == 3 ? o.argv[0] : "";
	add = strcmp(verb, "add") == 0 && o.argc == 2;
	passwd = strcmp(verb, "passwd") == 0 && o.argc == 2;
	disable = strcmp(verb, "disable") == 0 && o.argc == 2;
	capacity = strcmp(verb, "capacity") == 0;
	if (capacity) {
		rc = user_capacity(&o, err);
		goto out;
	}
	if (!add && !passwd && !disable) {
		kw_cli_usage(err, "user");
		goto out;
	}
	name = o.argv[1];
	if (add && kw_role_parse(o.role) == KW_ROLE_NONE) {
		kw_err_why(err, KW_EUSAGE, o.role != NULL ? KW_R_UNKNOWN : KW_R_NONE,
			   "%s%s: --role is manager, keyworker or dropin "
			   "(peer mentors are recorded, not given logins)",
			   o.role != NULL ? "unknown role " : "a role is needed",
			   o.role != NULL ? o.role : "");
		goto out;
	}
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	if ((add || disable) && !kw_session_is(s, KW_ROLE_MANAGER)) {
		kw_err_set(err, KW_ENOPERM, "only a manager can %s users", add ? "add" : "disable");
		goto out;
	}
	if (passwd && strcmp(name, s->user.username) != 0 && !kw_session_is(s, KW_ROLE_MANAGER)) {
		kw_err_set(err, KW_ENOPERM, "only a manager can set another user's passphrase");
		goto out;
	}
	if (o.to_queue && !disable) {
		kw_cli_usage(err, "user");
		goto out;
	}
	if (disable) {
		long women = 0, kept = 0;

		/* Her women wait for a keyworker again, each audited, before the keys change. */
		if (o.to_queue &&
		    (strcmp(name, s->user.username) == 0 ||
		     kw_app_caseload_release(s, name, true, &women, &kept, err) != 0)) {
			if (strcmp(name, s->user.username) == 0)
				kw_err_set(err, KW_EUSAGE, "you cannot disable yourself");
			goto out;
		}
		if (women > 0)
			fprintf(stderr, "keywork: %ld wom%s of %s's now wait%s for a keyworker.\n",
				women, women == 1 ? "an" : "en", name, women == 1 ? "s" : "");
		if (kept > 0)
			fprintf(stderr,
				"keywork: %ld wom%s of %s's stay%s allocated to her: processing is "
				"restricted (keywork restrict --lift first, then allocate).\n",
				kept, kept == 1 ? "an" : "en", name, kept == 1 ? "s" : "");
		struct kw_cli_long l;

		kw_cli_long_begin(&l, REKEY_TAIL, true);
		if (kw_cli_long_end(&l, kw_session_disable(s, name, err), REKEY_STOPPED, err) != 0)
			goto out;
		/* A cover she was part of ends with her. */
		{
			char today[11];
			int ended;

			kw_today(today);
			ended = kw_app_cover_end_all(s, name, today, err);
			if (ended < 0)
				goto out;
			if (ended > 0)
				fprintf(stderr, "keywork: %d cover%s with %s ended.\n", ended,
					ended == 1 ? "" : "s", name);
		}
		fprintf(stderr,
			"keywork: '%s' is disabled and both compartment keys have changed; her "
			"passphrase opens nothing here now. Backups made before today still open "
			"with it.\n",
			name);
		rc = 0;
		goto out;
	}
	pass = kw_cli_new_pass(o.newpassfd, name, err);
	if (pass == NULL)
		goto out;
	if (add) {
		if (kw_session_user_add(s, name, kw_role_parse(o.role), pass, (enum kw_kdf)o.kdf,
					err) != 0)
			goto out;
		fprintf(stderr, "keywork: added %s '%s'.\n", o.role, name);
	} else if (o.compromised) {
		struct kw_cli_long l;

		kw_cli_long_begin(&l, REKEY_TAIL, true);
		if (kw_cli_long_end(
			    &l,
			    kw_session_passwd_compromised(s, name, pass, (enum kw_kdf)o.kdf, err),
			    REKEY_STOPPED, err) != 0)
			goto out;
		fprintf(stderr,
			"keywork: new passphrase and new keys for '%s', and both compartment keys "
			"have changed.\n",
			name);
	} else {
		if (kw_session_passwd(s, name, pass, (enum kw_kdf)o.kdf, err) != 0)
			goto out;
		fprintf(stderr, "keywork: passphrase changed for '%s'.\n", name);
	}
	rc = 0;
out:
	kw_session_close(&s);
	kw_secret_free(&pass);
	kw_cli_opts_free(&o);
	return rc;
}

static int print_cover(void *ctx, const struct kw_cover *c)
{
	(void)ctx;
	printf("%s\t%s\t%s\t%s\n", c->away_name, c->by_name, c->starts_on, c->until);
	return 0;
}

/*
 * cover: lists the covers (NAME, who covers, from, until; tab-separated);
 * cover NAME --by OTHER --until DATE starts one today; cover NAME --end ends
 * it today. A cover past its last day ends by itself (kw_app_cover_sweep).
 */
int kw_cmd_cover(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	char today[11];
	int rc = -1;

	if (kw_cli_parse_for("cover", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc > 1 || (o.argc == 0 && (o.end || o.by != NULL || o.until != NULL)) ||
	    (o.argc == 1 && o.end == (o.by != NULL || o.until != NULL)) ||
	    (o.argc == 1 && !o.end && (o.by == NULL || o.until == NULL))) {
		kw_cli_usage(err, "cover");
		goto out;
	}
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	if (!kw_session_is(s, KW_ROLE_MANAGER)) {
		kw_err_why(err, KW_ENOPERM, KW_R_ROLE, "only a manager can arrange cover");
		goto out;
	}
	kw_today(today);
	if (o.argc == 0) {
		if (kw_app_cover_sweep(s, today, err) < 0 ||
		    kw_app_cover_each(s, print_cover, NULL, err) != 0)
			goto out;
	} else if (o.end) {
		if (kw_app_cover_end(s, o.argv[0], today, err) != 0)
			goto out;
		fprintf(stderr, "keywork: the cover of %s has ended.\n", o.argv[0]);
	} else {
		if (kw_app_cover_start(s, o.argv[0], o.by, today, o.until, err) != 0)
			goto out;
		fprintf(stderr,
			"keywork: %s covers for %s until %s: %s's women are on %s's Today.\n", o.by,
			o.argv[0], o.until, o.argv[0], o.by);
	}
	rc = 0;
out:
	kw_session_close(&s);
	kw_cli_opts_free(&o);
	return rc;
}

int kw_cmd_recover(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_secret *code = NULL, *pass = NULL, *fresh = NULL;
	char *dir = NULL;
	int rc = -1;

	if (kw_cli_parse_for("recover", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0 || o.user == NULL) {
		kw_cli_usage(err, "recover");
		goto out;
	}
	dir = kw_cli_dir(&o);
	code = kw_cli_read_pass(o.passfd, "Recovery code: ", err);
	if (code == NULL)
		goto out;
	pass = kw_cli_new_pass(o.newpassfd, o.user, err);
	if (pass == NULL)
		goto out;
	{
		struct kw_cli_long l;

		/*
		 * Not stopped part way: the new recovery code is made before the
		 * keys change and shown only after, and it is the only one left.
		 */
		kw_cli_long_begin(&l, "the new recovery code must be shown first", false);
		if (kw_cli_long_end(&l,
				    kw_session_recover(dir, o.user, (const char *)code->p, pass,
						       (enum kw_kdf)o.kdf, &s, &fresh, err),
				    REKEY_STOPPED, err) != 0)
			goto out;
	}
	kw_cli_show_secret("The old recovery code no longer works. The NEW recovery code is:",
			   (const char *)fresh->p, RECOVERY_ADVICE);
	fprintf(stderr, "keywork: '%s' has a new passphrase; both compartment keys have changed.\n",
		o.user);
	rc = 0;
out:
	kw_session_close(&s);
	kw_secret_free(&code);
	kw_secret_free(&pass);
	kw_secret_free(&fresh);
	free(dir);
	kw_cli_opts_free(&o);
	return rc;
}

static void print_problem(void *ctx, const char *what)
{
	(void)ctx;
	printf("%s\n", what);
}

int kw_cmd_check(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	char *dir = NULL;
	int rc = -1, problems;

	if (kw_cli_parse_for("check", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0) {
		kw_cli_usage(err, "check");
		goto out;
	}
	/* The version first, so a report of what check found says which keywork found it. */
	dir = kw_cli_dir(&o);
	printf("keywork %s: checking %s\n", KEYWORK_VERSION, dir);
	fflush(stdout);
	/* A check opens what sign-in refuses, with its triggers off, to name and mend it. */
	kw_session_allow_changed_schema();
	if (kw_cli_open(&o, &s, err) != 0) {
		/* A key file that does not match its databases is a finding, not a failure to run. */
		if (err->status == KW_EDATA) {
			char msg[700];

			printf("%s\n", kw_err_str(err, msg, sizeof(msg)));
			kw_err_set(err, KW_EDATA, "check found a problem");
		}
		goto out;
	}
	/* Where the key file or the users' rows disagree with the protected register. */
	for (size_t i = 0; i < s->ndisputes; i++)
		print_problem(NULL, s->disputes[i]);
	problems = (int)s->ndisputes;
	if (o.repair) {
		long changed = 0;

		/* The schema first: the repairs below work from its views. */
		if (kw_app_schema_repair(s, &changed, err) != 0)
			goto out;
		if (changed > 0)
			printf("repaired: %ld index%s, view%s or trigger%s made again as keywork "
			       "makes %s, or removed\n",
			       changed, changed == 1 ? "" : "es", changed == 1 ? "" : "s",
			       changed == 1 ? "" : "s", changed == 1 ? "it" : "them");
	}
	if (o.repair) {
		long changed = 0;

		/* An index that does not hold what its table's rows say: built again from them. */
		if (kw_app_index_repair(s, &changed, err) != 0)
			goto out;
		if (changed > 0)
			printf("repaired: %ld index%s built again from %s table's rows\n", changed,
			       changed == 1 ? "" : "es", changed == 1 ? "its" : "their");
	}
	if (o.repair) {
		if (kw_session_repair_keys(s, err) != 0)
			goto out;
		if (problems > 0)
			printf("repaired: the key file was rewritten from the protected "
			       "register\n");
		problems = 0;
	}
	if (o.repair) {
		long changed = 0;

		/* Contact state, advocacy days due and tallies due, if written around keywork. */
		if (kw_app_contact_state_rebuild(s, &changed, err) != 0)
			goto out;
		if (changed > 0)
			printf("repaired: %ld row%s of contact state, advocacy days due and "
			       "tallies due written again from the records\n",
			       changed, changed == 1 ? "" : "s");
	}
	if (o.repair && kw_app_has_sensitive(s)) {
		long changed = 0;

		/* Each woman's keyworker, if someone allocated her around keywork. */
		if (kw_app_allocation_repair(s, &changed, err) != 0)
			goto out;
		if (changed > 0)
			printf("repaired: %ld wom%s's keyworker written again from its sealed "
			       "copy\n",
			       changed, changed == 1 ? "an" : "en");
	}
	if (o.repair && kw_app_has_sensitive(s)) {
		long changed = 0;

		/* The outreach laptop registry, if someone wrote keywork.db's copy around keywork. */
		if (kw_outreach_registry_repair(s, &changed, err) != 0)
			goto out;
		if (changed > 0)
			printf("repaired: %ld row%s of the laptop registry written again from its "
			       "sealed copy\n",
			       changed, changed == 1 ? "" : "s");
	}
	{
		struct kw_cli_long l;
		int found;

		/* A check only reads: Ctrl-C stops it with nothing changed. */
		kw_cli_long_begin(&l, "nothing is changed", true);
		found = kw_app_check(s, print_problem, NULL, err);
		if (kw_cli_long_end(&l, found < 0 ? -1 : 0,
				    "the check did not finish; nothing was changed", err) != 0)
			goto out;
		problems += found;
	}
	if (!kw_app_has_sensitive(s))
		fprintf(stderr, "keywork: your role does not open %s; it was not checked.\n",
			KW_SENSITIVE_DB);
	if (problems > 0) {
		kw_err_set(err, KW_EDATA, "check found %d problem%s", problems,
			   problems == 1 ? "" : "s");
		goto out;
	}
	printf("ok\n");
	rc = 0;
out:
	kw_session_close(&s);
	free(dir);
	kw_cli_opts_free(&o);
	return rc;
}

static void summary(struct kw_session *s, const char *dir)
{
	struct kw_err err;
	long n = kw_app_client_count(s, &err);

	printf("Signed in to %s as %s (%s).\n", dir, s->user.username, kw_role_name(s->user.role));
	printf("Women recorded: %ld. Case notes: %s.\n", n,
	       kw_app_has_sensitive(s) ? "open" : "not open to your role");
	printf("Run keywork in a terminal to open its screens; see keywork(1).\n");
}

int kw_cmd_demo(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	struct kw_secret *pass = kw_secret_from(DEMO_PASS, strlen(DEMO_PASS)), *code = NULL;
	struct kw_keyfile *kf = NULL;
	char *dir = NULL, *keypath = NULL;
	int rc = -1;

	if (kw_cli_parse_for("demo", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0) {
		kw_cli_usage(err, "demo");
		goto out;
	}
	dir = o.db != NULL ? kw_xstrdup(o.db) : kw_default_demo_dir();
	keypath = kw_path_join(dir, KW_KEY_FILE);
	if (access(keypath, F_OK) == 0) {
		if (kw_keyfile_load(keypath, &kf, err) != 0)
			goto out;
		if (!kw_keyfile_is_demo(kf)) {
			kw_err_set(err, KW_EUSAGE,
				   "%s holds real keywork data, not a demo; the demo never touches "
				   "it. Choose another --db.",
				   dir);
			goto out;
		}
		if (o.fresh)
			kw_data_remove(dir);
	}
	if (access(keypath, F_OK) != 0) {
		fprintf(stderr, "keywork: making a demo with %lu synthetic women in %s ...\n",
			o.clients, dir);
		if (kw_session_create(dir, DEMO_USER, pass, KW_KDF_INTERACTIVE, true, &s, &code,
				      err) != 0 ||
		    kw_session_user_add(s, DEMO_KEYWORKER, KW_ROLE_KEYWORKER, pass,
					KW_KDF_INTERACTIVE, err) != 0 ||
		    kw_session_user_add(s, DEMO_DROPIN, KW_ROLE_DROPIN, pass, KW_KDF_INTERACTIVE,
					err) != 0 ||
		    kw_synth_fill(s, o.clients, o.seed, err) != 0)
			goto out;
	} else if (kw_session_open(dir, DEMO_USER, pass, &s, err) != 0) {
		goto out;
	}
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		rc = kw_ui_run(dir, DEMO_USER, &s, true, err);
		goto out;
	}
	printf("Demo data directory: %s (synthetic women only)\n", dir);
	printf("User: %s (manager)   Passphrase: %s\n", DEMO_USER, DEMO_PASS);
	printf("Also: %s (keyworker) and %s (drop-in), with the same passphrase.\n", DEMO_KEYWORKER,
	       DEMO_DROPIN);
	{
		/* Name the binary as it can be run now: it may not be installed yet. */
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		if (n <= 0)
			n = (ssize_t)snprintf(self, sizeof(self), "keywork");
		self[n] = '\0';
		printf("Try: %s check --db %s --user %s\n", self, dir, DEMO_USER);
	}
	summary(s, dir);
	rc = 0;
out:
	kw_session_close(&s);
	kw_keyfile_free(&kf);
	kw_secret_free(&pass);
	kw_secret_free(&code);
	free(dir);
	free(keypath);
	kw_cli_opts_free(&o);
	return rc;
}

int kw_cmd_open(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	struct kw_session *s = NULL;
	char *dir = NULL;
	int rc = -1;

	if (kw_cli_parse_for("", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc != 0) {
		kw_err_why(err, KW_EUSAGE, KW_R_UNKNOWN,
			   "unknown command '%s' (see keywork --help)", o.argv[0]);
		goto out;
	}
	dir = kw_cli_dir(&o);
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		/* The screens ask for the passphrase themselves, unless it comes from a descriptor. */
		if (o.passfd >= 0 && kw_cli_open(&o, &s, err) != 0)
			goto out;
		rc = kw_ui_run(dir, kw_cli_user(&o), &s, false, err);
		goto out;
	}
	if (kw_cli_open(&o, &s, err) != 0)
		goto out;
	summary(s, dir);
	rc = 0;
out:
	kw_session_close(&s);
	free(dir);
	kw_cli_opts_free(&o);
	return rc;
}
