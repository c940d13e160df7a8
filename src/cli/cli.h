/* cli.h: the command line: options shared by subcommands, prompts and the commands. */
#ifndef KEYWORK_CLI_H
#define KEYWORK_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "keywork/app.h"
#include "keywork/crypto.h"
#include "keywork/err.h"
#include "keywork/lookup.h"
#include "keywork/report.h"

/* Options any subcommand may take; each command says which it accepts. */
#define OPT_DB (1ULL << 0)
#define OPT_USER (1ULL << 1)
#define OPT_PASSFD (1ULL << 2)
#define OPT_NEWPASSFD (1ULL << 3)
#define OPT_KDF (1ULL << 4)
#define OPT_ROLE (1ULL << 5)
#define OPT_FORMAT (1ULL << 6)
#define OPT_OUTPUT (1ULL << 7)
#define OPT_CLIENTS (1ULL << 8)
#define OPT_FRESH (1ULL << 9)
#define OPT_IGNORE (1ULL << 10)
#define OPT_SEED (1ULL << 11)
#define OPT_FORCE (1ULL << 12)
#define OPT_COMPROMISED (1ULL << 13)
#define OPT_CLIENT (1ULL << 14)
#define OPT_SINCE (1ULL << 15)
#define OPT_FIELD (1ULL << 16)
#define OPT_NOTE (1ULL << 17)
#define OPT_YES (1ULL << 18)
#define OPT_BY (1ULL << 19)
#define OPT_RECORD (1ULL << 20)
#define OPT_REPAIR (1ULL << 21)
#define OPT_OLDER (1ULL << 22)
#define OPT_UNDER (1ULL << 23)
#define OPT_WITHHOLD (1ULL << 24)
#define OPT_UNTIL (1ULL << 25)
#define OPT_END (1ULL << 26)
#define OPT_TO_QUEUE (1ULL << 27)
#define OPT_FROM (1ULL << 28)
#define OPT_TO (1ULL << 29)
#define OPT_LIFT (1ULL << 30)
#define OPT_KEEP (1ULL << 31)
#define OPT_ONLY (1ULL << 32)
#define OPT_ITEM (1ULL << 33)
#define OPT_TEMPLATE (1ULL << 34)
#define OPT_FOR (1ULL << 35)
#define OPT_WOMEN (1ULL << 36)

struct kw_opts {
	char *db;
	char *user;
	int passfd;
	int newpassfd;
	int kdf;
	char *role;
	char *format;
	char *output;
	unsigned long clients;
	unsigned long seed;
	bool fresh;
	bool ignore_unknown;
	bool force;
	bool repair; /* check --repair: the key file from the protected register */
	bool older;  /* restore --older: a backup older than the data, knowingly */
	bool compromised;
	char *client;	/* --client REF */
	char *since;	/* --since DATE */
	char *field;	/* --field KEY */
	char *note;	/* --note ID */
	char *record;	/* --record ID: one of her records, for --field */
	bool yes;	/* --yes: no question asked */
	char *by;	/* --by NAME: rows of this user (--user is who signs in) */
	char *under;	/* --under ID: the record a new one belongs to */
	char *withhold; /* --withhold ID,...: passages a SAR's release copy withholds */
	char *until;	/* --until DATE: a cover's last day */
	bool end;	/* --end: end a cover early */
	bool to_queue;	/* --to-queue: a leaver's women wait for a keyworker again */
	char *from;	/* --from DATE: a report's first day */
	char *to;	/* --to DATE: a report's last day */
	bool lift;	/* --lift: lift a hold or a restriction */
	char *keep;	/* --keep DIR: where the backups are kept */
	char *only;	/* --only NAME,...: the staff a restricted record is visible to */
	char *item;	/* --item ID: an advocacy item of hers */
	char *template; /* --template NAME: a letter template */
	char *for_user; /* --for NAME: whose outreach laptop */
	char *women;	/* --women REF,...: the women an outreach laptop takes */
	/* Positional arguments after the options. */
	int argc;
	char **argv;
};

/* Parses argv (after the subcommand name) accepting the options in allowed. */
int kw_cli_parse(int argc, char **argv, unsigned long long allowed, struct kw_opts *o,
		 struct kw_err *err);
/* Writes " --opt" for each option in allowed, "=" after one that takes a value. */
void kw_cli_print_options(FILE *f, unsigned long long allowed);

/* A command: its name, what runs it, the options it takes, and what help says of it. */
struct kw_command {
	const char *name; /* "" for the screens, run when no command is named */
	int (*fn)(int argc, char **argv, struct kw_err *err);
	unsigned long long options; /* OPT_* it accepts */
	const char *synopsis;	    /* after "keywork ", a line per form; UPPER-CASE is supplied */
	const char *summary;	    /* what it does, in a line */
	const char *who;	    /* who may run it */
};
/* The command called name ("" for the screens), or NULL (commands.c). */
const struct kw_command *kw_cli_command(const char *name);
/* Parses argv for command name, accepting the options its row in the table lists. */
int kw_cli_parse_for(const char *name, int argc, char **argv, struct kw_opts *o,
		     struct kw_err *err);
/* Sets err to command name's usage (KW_EUSAGE, "usage: keywork ..."); returns -1. */
int kw_cli_usage(struct kw_err *err, const char *name);
/* Writes one command's synopsis, "usage: keywork ...". */
void kw_cli_print_synopsis(FILE *f, const struct kw_command *c);
/* Writes every command's synopsis: keywork --help. */
void kw_cli_print_usage(FILE *f);
/* Frees what kw_cli_parse allocated. */
void kw_cli_opts_free(struct kw_opts *o);

/* The data directory: --db, or the default. malloc'd. */
char *kw_cli_dir(const struct kw_opts *o);
/* The username: --user, or the login name. */
const char *kw_cli_user(const struct kw_opts *o);

/* Reads a passphrase: one line from fd if fd >= 0, else from the terminal with echo off. */
struct kw_secret *kw_cli_read_pass(int fd, const char *prompt, struct kw_err *err);
/*
 * Reads a new passphrase: one line from fd, or asked twice on the terminal
 * (Enter alone takes a generated five-word suggestion, shown on the
 * alternate screen). Checked for strength.
 */
struct kw_secret *kw_cli_new_pass(int fd, const char *username, struct kw_err *err);
/* Shows lines of secret text: on the alternate screen (cleared afterwards) on a terminal. */
void kw_cli_show_secret(const char *title, const char *secret, const char *advice);

/* SIGHUP, SIGTERM, SIGINT and SIGQUIT wipe every key, clear a secret off the screen, and exit. */
void kw_cli_signals(void);

/*
 * Loads the form pack the screens use (shipped forms and the centre's
 * overrides), printing every problem on stderr. Returns 0 with *out owning it.
 */
int kw_cli_forms_load(struct kw_form_pack **out, struct kw_err *err);

/* Signs in with the options' directory, user and passphrase. */
int kw_cli_open(const struct kw_opts *o, struct kw_session **out, struct kw_err *err);

/*
 * The commands: each returns 0, or -1 with err set; those that run the
 * screens (open, demo) return 128 + the signal when one ended them.
 */
int kw_cmd_init(int argc, char **argv, struct kw_err *err);
int kw_cmd_keys(int argc, char **argv, struct kw_err *err);
int kw_cmd_user(int argc, char **argv, struct kw_err *err);
int kw_cmd_cover(int argc, char **argv, struct kw_err *err);
int kw_cmd_import(int argc, char **argv, struct kw_err *err);
int kw_cmd_export(int argc, char **argv, struct kw_err *err);
int kw_cmd_check(int argc, char **argv, struct kw_err *err);
int kw_cmd_demo(int argc, char **argv, struct kw_err *err);
int kw_cmd_recover(int argc, char **argv, struct kw_err *err);
int kw_cmd_backup(int argc, char **argv, struct kw_err *err);
int kw_cmd_restore(int argc, char **argv, struct kw_err *err);
int kw_cmd_ack_swap(int argc, char **argv, struct kw_err *err);
int kw_cmd_open(int argc, char **argv, struct kw_err *err);
/*
 * Where an export, a backup or a listing goes: a new file (O_EXCL, mode 0600,
 * never through a symbolic link) when to_file, else standard output. *created
 * says whether a file was made (cmd_io.c).
 */
FILE *kw_cli_output_open(const char *path, bool to_file, bool *created, struct kw_err *err);
/* Flushes and closes what kw_cli_output_open gave, making sure a file reached the disk. */
int kw_cli_output_close(FILE *out, const char *path, bool to_file, struct kw_err *err);
/*
 * A long operation (progress.c): from kw_cli_long_begin to kw_cli_long_end,
 * its progress line is drawn on standard error when that is a terminal
 * (nothing otherwise), and Ctrl-C asks it to stop (its watch, also
 * kw_watch_current()), where it otherwise ends the program at once. tail
 * says what stopping leaves ("nothing is kept"). An operation that is not
 * stoppable holds Ctrl-C off until it ends, tail saying why.
 */
struct kw_cli_long {
	struct kw_watch watch;
	struct timespec start, last;
	const char *what, *tail;
	bool shown, full;
	struct sigaction old_int;
};
void kw_cli_long_begin(struct kw_cli_long *l, const char *tail, bool stoppable);
/*
 * Ends what kw_cli_long_begin began and returns rc; an operation that
 * stopped on Ctrl-C (rc -1, KW_EINTR) gets the message "interrupted:
 * stopped" ("nothing was imported, the data is as it was").
 */
int kw_cli_long_end(struct kw_cli_long *l, int rc, const char *stopped, struct kw_err *err);
/* keywork audit and keywork redact (cmd_audit.c). */
int kw_cmd_audit(int argc, char **argv, struct kw_err *err);
int kw_cmd_redact(int argc, char **argv, struct kw_err *err);
/* keywork save FORM ... (cmd_save.c). */
int kw_cmd_save(int argc, char **argv, struct kw_err *err);
/* keywork forms check [PATH...] (cmd_forms.c). */
int kw_cmd_forms(int argc, char **argv, struct kw_err *err);
/* keywork report (cmd_report.c). */
int kw_cmd_report(int argc, char **argv, struct kw_err *err);
/* Loads the reports against pack, printing every problem (cmd_report.c). */
int kw_cli_reports_load(const struct kw_form_pack *pack, struct kw_report_pack **out,
			struct kw_err *err);
/* keywork sar (cmd_sar.c). */
int kw_cmd_sar(int argc, char **argv, struct kw_err *err);
/* keywork retention, erase, hold and restrict (cmd_retention.c). */
int kw_cmd_retention(int argc, char **argv, struct kw_err *err);
int kw_cmd_erase(int argc, char **argv, struct kw_err *err);
int kw_cmd_hold(int argc, char **argv, struct kw_err *err);
int kw_cmd_restrict(int argc, char **argv, struct kw_err *err);
int kw_cmd_access(int argc, char **argv, struct kw_err *err);
/* keywork print plan (cmd_print.c). */
int kw_cmd_print(int argc, char **argv, struct kw_err *err);
/* keywork outreach (cmd_outreach.c). */
int kw_cmd_outreach(int argc, char **argv, struct kw_err *err);
/* keywork help [COMMAND] (commands.c). */
int kw_cmd_help(int argc, char **argv, struct kw_err *err);

#endif
