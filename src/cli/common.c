/* common.c: option parsing, passphrase prompts and signing in, for every subcommand. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <fcntl.h>

#include "cli.h"
#include "keywork/util.h"

static const struct {
	struct option opt;
	unsigned long long flag;
} options[] = {
	{ { "db", required_argument, NULL, 'd' }, OPT_DB },
	{ { "user", required_argument, NULL, 'u' }, OPT_USER },
	{ { "passphrase-fd", required_argument, NULL, 'p' }, OPT_PASSFD },
	{ { "new-passphrase-fd", required_argument, NULL, 'n' }, OPT_NEWPASSFD },
	{ { "kdf", required_argument, NULL, 'k' }, OPT_KDF },
	{ { "role", required_argument, NULL, 'r' }, OPT_ROLE },
	{ { "format", required_argument, NULL, 'f' }, OPT_FORMAT },
	{ { "output", required_argument, NULL, 'o' }, OPT_OUTPUT },
	{ { "clients", required_argument, NULL, 'c' }, OPT_CLIENTS },
	{ { "seed", required_argument, NULL, 's' }, OPT_SEED },
	{ { "fresh", no_argument, NULL, 'F' }, OPT_FRESH },
	{ { "ignore-unknown", no_argument, NULL, 'I' }, OPT_IGNORE },
	{ { "force", no_argument, NULL, 'X' }, OPT_FORCE },
	{ { "compromised", no_argument, NULL, 'C' }, OPT_COMPROMISED },
	{ { "client", required_argument, NULL, 'w' }, OPT_CLIENT },
	{ { "since", required_argument, NULL, 'S' }, OPT_SINCE },
	{ { "field", required_argument, NULL, 'K' }, OPT_FIELD },
	{ { "note", required_argument, NULL, 'N' }, OPT_NOTE },
	{ { "yes", no_argument, NULL, 'y' }, OPT_YES },
	{ { "by", required_argument, NULL, 'B' }, OPT_BY },
	{ { "record", required_argument, NULL, 'R' }, OPT_RECORD },
	{ { "repair", no_argument, NULL, 'P' }, OPT_REPAIR },
	{ { "older", no_argument, NULL, 'O' }, OPT_OLDER },
	{ { "under", required_argument, NULL, 'U' }, OPT_UNDER },
	{ { "withhold", required_argument, NULL, 'W' }, OPT_WITHHOLD },
	{ { "until", required_argument, NULL, 'T' }, OPT_UNTIL },
	{ { "end", no_argument, NULL, 'E' }, OPT_END },
	{ { "to-queue", no_argument, NULL, 'Q' }, OPT_TO_QUEUE },
	{ { "from", required_argument, NULL, 'g' }, OPT_FROM },
	{ { "to", required_argument, NULL, 't' }, OPT_TO },
	{ { "lift", no_argument, NULL, 'L' }, OPT_LIFT },
	{ { "keep", required_argument, NULL, 'k' + 256 }, OPT_KEEP },
	{ { "only", required_argument, NULL, 'o' + 256 }, OPT_ONLY },
	{ { "item", required_argument, NULL, 'i' + 256 }, OPT_ITEM },
	{ { "template", required_argument, NULL, 'l' + 256 }, OPT_TEMPLATE },
	{ { "for", required_argument, NULL, 'f' + 256 }, OPT_FOR },
	{ { "women", required_argument, NULL, 'W' + 256 }, OPT_WOMEN },
};

static int parse_ulong(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return (errno != 0 || end == s || *end != '\0' || s[0] == '-') ? -1 : 0;
}

void kw_cli_print_options(FILE *f, unsigned long long allowed)
{
	if (allowed & OPT_OUTPUT)
		fputs(" -o=", f);
	for (size_t i = 0; i < KW_ARRAY_LEN(options); i++)
		if (allowed & options[i].flag)
			fprintf(f, " --%s%s", options[i].opt.name,
				options[i].opt.has_arg != no_argument ? "=" : "");
}

int kw_cli_parse(int argc, char **argv, unsigned long long allowed, struct kw_opts *o,
		 struct kw_err *err)
{
	struct option longopts[KW_ARRAY_LEN(options) + 1];
	size_t n = 0;
	int c;

	memset(o, 0, sizeof(*o));
	o->passfd = o->newpassfd = -1;
	o->kdf = KW_KDF_MODERATE;
	o->clients = 200;
	o->seed = 1;
	for (size_t i = 0; i < KW_ARRAY_LEN(options); i++)
		if (allowed & options[i].flag)
			longopts[n++] = options[i].opt;
	memset(&longopts[n], 0, sizeof(longopts[n]));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, (allowed & OPT_OUTPUT) ? "o:" : "", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'd':
			free(o->db);
			o->db = kw_xstrdup(optarg);
			break;
		case 'u':
			free(o->user);
			o->user = kw_xstrdup(optarg);
			break;
		case 'p':
		case 'n':
			if (kw_parse_fd(optarg) < 0)
				return kw_err_set(err, KW_EUSAGE,
						  "--%s needs a file descriptor number",
						  c == 'p' ? "passphrase-fd" : "new-passphrase-fd");
			*(c == 'p' ? &o->passfd : &o->newpassfd) = kw_parse_fd(optarg);
			break;
		case 'k':
			o->kdf = kw_kdf_parse(optarg);
			if (o->kdf < 0)
				return kw_err_set(err, KW_EUSAGE,
						  "--kdf is interactive, moderate or sensitive");
			break;
		case 'r':
			free(o->role);
			o->role = kw_xstrdup(optarg);
			break;
		case 'f':
			free(o->format);
			o->format = kw_xstrdup(optarg);
			break;
		case 'o':
			free(o->output);
			o->output = kw_xstrdup(optarg);
			break;
		case 'c':
			if (parse_ulong(optarg, &o->clients) != 0 || o->clients > 1000000)
				return kw_err_set(err, KW_EUSAGE,
						  "--clients needs a number up to 1000000");
			break;
		case 's':
			if (parse_ulong(optarg, &o->seed) != 0)
				return kw_err_set(err, KW_EUSAGE, "--seed needs a number");
			break;
		case 'F':
			o->fresh = true;
			break;
		case 'I':
			o->ignore_unknown = true;
			break;
		case 'X':
			o->force = true;
			break;
		case 'P':
			o->repair = true;
			break;
		case 'O':
			o->older = true;
			break;
		case 'C':
			o->compromised = true;
			break;
		case 'E':
			o->end = true;
			break;
		case 'L':
			o->lift = true;
			break;
		case 'k' + 256:
			free(o->keep);
			o->keep = kw_xstrdup(optarg);
			break;
		case 'o' + 256:
			free(o->only);
			o->only = kw_xstrdup(optarg);
			break;
		case 'i' + 256:
			free(o->item);
			o->item = kw_xstrdup(optarg);
			break;
		case 'l' + 256:
			free(o->template);
			o->template = kw_xstrdup(optarg);
			break;
		case 'f' + 256:
			free(o->for_user);
			o->for_user = kw_xstrdup(optarg);
			break;
		case 'W' + 256:
			free(o->women);
			o->women = kw_xstrdup(optarg);
			break;
		case 'Q':
			o->to_queue = true;
			break;
		case 'w':
		case 'S':
		case 'K':
		case 'N':
		case 'R':
		case 'U':
		case 'W':
		case 'T':
		case 'g':
		case 't':
		case 'B': {
			char **slot = c == 'w'	 ? &o->client
				      : c == 'S' ? &o->since
				      : c == 'K' ? &o->field
				      : c == 'N' ? &o->note
				      : c == 'R' ? &o->record
				      : c == 'U' ? &o->under
				      : c == 'W' ? &o->withhold
				      : c == 'T' ? &o->until
				      : c == 'g' ? &o->from
				      : c == 't' ? &o->to
						 : &o->by;

			free(*slot);
			*slot = kw_xstrdup(optarg);
			break;
		}
		case 'y':
			o->yes = true;
			break;
		case ':':
			return kw_err_set(err, KW_EUSAGE, "%s needs a value", argv[optind - 1]);
		default:
			return kw_err_why(err, KW_EUSAGE, KW_R_UNKNOWN, "unknown option %s",
					  argv[optind - 1]);
		}
	}
	o->argc = argc - optind;
	o->argv = argv + optind;
	return 0;
}

void kw_cli_opts_free(struct kw_opts *o)
{
	free(o->db);
	free(o->user);
	free(o->role);
	free(o->format);
	free(o->output);
	free(o->client);
	free(o->since);
	free(o->field);
	free(o->note);
	free(o->record);
	free(o->by);
	free(o->under);
	free(o->withhold);
	free(o->until);
	free(o->from);
	free(o->to);
	free(o->keep);
	free(o->only);
	free(o->item);
	free(o->template);
	free(o->for_user);
	free(o->women);
	memset(o, 0, sizeof(*o));
}

char *kw_cli_dir(const struct kw_opts *o)
{
	return o->db != NULL ? kw_xstrdup(o->db) : kw_default_data_dir();
}

const char *kw_cli_user(const struct kw_opts *o)
{
	const struct passwd *pw;

	if (o->user != NULL)
		return o->user;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : "";
}

/* Reads one line (without its newline) from fd into a secret, byte by byte so nothing is buffered. */
static struct kw_secret *read_line(int fd, struct kw_err *err)
{
	struct kw_secret *buf = kw_secret_new(1024);
	size_t n = 0;

	for (;;) {
		unsigned char ch;
		ssize_t got = read(fd, &ch, 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			kw_err_set(err, KW_EIO, "cannot read the passphrase: %s", strerror(errno));
			goto fail;
		}
		if (got == 0 || ch == '\n')
			break;
		if (n == buf->len) {
			kw_err_set(err, KW_EUSAGE,
				   "the passphrase is too long (1024 bytes at most)");
			goto fail;
		}
		buf->p[n++] = ch;
	}
	if (n > 0 && buf->p[n - 1] == '\r')
		n--;
	{
		struct kw_secret *s = kw_secret_from(buf->p, n);

		kw_secret_free(&buf);
		return s;
	}
fail:
	kw_secret_free(&buf);
	return NULL;
}

struct kw_secret *kw_cli_read_pass(int fd, const char *prompt, struct kw_err *err)
{
	struct termios old, quiet;
	struct kw_secret *s;
	int tty;

	if (fd >= 0)
		return read_line(fd, err);
	tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (tty < 0) {
		kw_err_set(err, KW_EUSAGE,
			   "no terminal to ask for the passphrase; use --passphrase-fd N");
		return NULL;
	}
	if (tcgetattr(tty, &old) != 0) {
		close(tty);
		kw_err_set(err, KW_EUSAGE, "cannot turn off echo on this terminal");
		return NULL;
	}
	quiet = old;
	quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (write(tty, prompt, strlen(prompt)) < 0 || tcsetattr(tty, TCSAFLUSH, &quiet) != 0) {
		close(tty);
		kw_err_set(err, KW_EUSAGE, "cannot turn off echo on this terminal");
		return NULL;
	}
	s = read_line(tty, err);
	tcsetattr(tty, TCSAFLUSH, &old);
	if (write(tty, "\n", 1) < 0) {
		/* nothing more to do */
	}
	close(tty);
	return s;
}

/* Set while a secret is on the alternate screen, so a signal can clear it. */
static volatile sig_atomic_t secret_on_screen;

static void on_signal(int sig)
{
	static const char clear[] = "\033[H\033[2J\033[3J\033[?1049l";

	kw_secret_wipe_all();
	if (secret_on_screen && write(STDOUT_FILENO, clear, sizeof(clear) - 1) < 0)
		_exit(128 + sig);
	_exit(128 + sig);
}

void kw_cli_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGQUIT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < KW_ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

void kw_cli_show_secret(const char *title, const char *secret, const char *advice)
{
	int tty;
	char line[8];

	if (!isatty(STDOUT_FILENO)) {
		printf("%s\n%s\n%s\n", title, secret, advice);
		fflush(stdout);
		return;
	}
	/* The alternate screen, so the secret never reaches the scrollback. */
	secret_on_screen = 1;
	printf("\033[?1049h\033[H\033[2J\n  %s\n\n      %s\n\n  %s\n\n  Press Enter when done.",
	       title, secret, advice);
	fflush(stdout);
	tty = open("/dev/tty", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (tty >= 0) {
		while (read(tty, line, 1) == 1 && line[0] != '\n')
			;
		close(tty);
	}
	printf("\033[H\033[2J\033[3J\033[?1049l");
	fflush(stdout);
	secret_on_screen = 0;
}

struct kw_secret *kw_cli_new_pass(int fd, const char *username, struct kw_err *err)
{
	struct kw_secret *a = NULL, *b = NULL, *suggest = NULL;

	if (fd >= 0) {
		a = read_line(fd, err);
		if (a != NULL && kw_passphrase_check(a, username, NULL, err) != 0)
			kw_secret_free(&a);
		return a;
	}
	for (int tries = 0; tries < 3; tries++) {
		kw_secret_free(&suggest);
		suggest = kw_passphrase_generate(5);
		if (isatty(STDOUT_FILENO))
			fprintf(stderr,
				"A new passphrase: at least %d characters; several words are "
				"easiest to remember.\nPress Enter alone to see a suggested "
				"five-word passphrase.\n",
				KW_PASS_MIN_LEN);
		a = kw_cli_read_pass(-1, "New passphrase: ", err);
		if (a == NULL)
			break;
		if (a->len == 0) {
			kw_secret_free(&a);
			kw_cli_show_secret(
				"Suggested passphrase (learn it, then type it at the next "
				"prompt):",
				(const char *)suggest->p,
				"Do not write it down anywhere others could see it.");
			continue;
		}
		if (kw_passphrase_check(a, username, NULL, err) != 0) {
			char msg[600];

			fprintf(stderr, "%s\n", kw_err_str(err, msg, sizeof(msg)));
			kw_secret_free(&a);
			continue;
		}
		b = kw_cli_read_pass(-1, "Same passphrase again: ", err);
		if (b == NULL) {
			kw_secret_free(&a);
			break;
		}
		if (a->len == b->len && memcmp(a->p, b->p, a->len) == 0) {
			kw_secret_free(&b);
			kw_secret_free(&suggest);
			kw_err_clear(err);
			return a;
		}
		fprintf(stderr, "The two passphrases are not the same. Try again.\n");
		kw_secret_free(&a);
		kw_secret_free(&b);
		kw_err_set(err, KW_EUSAGE, "the passphrases did not match");
	}
	kw_secret_free(&suggest);
	if (err->status == 0)
		kw_err_set(err, KW_EUSAGE, "no passphrase was set");
	return NULL;
}

/* Warns once per sign-in about unencrypted swap, unless acknowledged on this machine. */
static void warn_swap(void)
{
	char desc[512];

	if (kw_swap_check("/proc/swaps", "/sys", desc, sizeof(desc)) == 0 ||
	    kw_swap_acknowledged(desc))
		return;
	fprintf(stderr,
		"keywork: warning: swap on %s is not encrypted, so records shown on screen could "
		"be written to disk. Ask whoever looks after this machine to encrypt swap or turn "
		"it off; 'keywork acknowledge-swap' stops this warning on this machine.\n",
		desc);
}

int kw_cmd_ack_swap(int argc, char **argv, struct kw_err *err)
{
	char desc[512];

	(void)argv;
	if (argc != 1)
		return kw_cli_usage(err, "acknowledge-swap");
	if (kw_swap_check("/proc/swaps", "/sys", desc, sizeof(desc)) == 0) {
		printf("No unencrypted swap is active on this machine.\n");
		return 0;
	}
	if (kw_swap_acknowledge(desc, err) != 0)
		return -1;
	printf("The warning about swap on %s will not be shown again on this machine.\n", desc);
	return 0;
}

int kw_cli_open(const struct kw_opts *o, struct kw_session **out, struct kw_err *err)
{
	char *dir = kw_cli_dir(o);
	const char *user = kw_cli_user(o);
	struct kw_secret *pass = NULL;
	char prompt[96];
	int rc = -1;

	snprintf(prompt, sizeof(prompt), "Passphrase for %s: ", user);
	pass = kw_cli_read_pass(o->passfd, prompt, err);
	if (pass == NULL)
		goto out;
	if (kw_session_open(dir, user, pass, out, err) != 0)
		goto out;
	warn_swap();
	if ((*out)->ndisputes > 0)
		fprintf(stderr,
			"keywork: WARNING: the key file or the users' records disagree with the "
			"protected register (%zu difference%s, the first: %s). Run keywork check; "
			"no "
			"keys change until a manager runs keywork check --repair.\n",
			(*out)->ndisputes, (*out)->ndisputes == 1 ? "" : "s", (*out)->disputes[0]);
	for (size_t i = 0; i < (*out)->naccess_problems; i++)
		fprintf(stderr, "keywork: WARNING: %s.\n", (*out)->access_problems[i]);
	if ((*out)->nschema_problems > 0)
		fprintf(stderr,
			"keywork: WARNING: the database's structure was changed outside keywork "
			"(%zu "
			"difference%s, the first: %s). Run keywork check; a manager's keywork "
			"check --repair mends it.\n",
			(*out)->nschema_problems, (*out)->nschema_problems == 1 ? "" : "s",
			(*out)->schema_problems[0]);
	if ((*out)->failed_before > 0)
		fprintf(stderr, "keywork: %lu failed attempt%s to sign in as %s since %s.\n",
			(*out)->failed_before, (*out)->failed_before == 1 ? "" : "s", user,
			(*out)->failed_since);
	rc = 0;
out:
	kw_secret_free(&pass);
	free(dir);
	return rc;
}
