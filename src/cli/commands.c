/* commands.c: the command table, and every usage text, help page and completion list made from it. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "keywork/util.h"

#define SIGN (OPT_DB | OPT_USER | OPT_PASSFD)

/*
 * One row per command. The synopsis is written after "keywork ", one line per
 * form of the command: UPPER-CASE words are what the user supplies, the rest
 * is typed as written, [ ] is optional, | is a choice. --help, "keywork help",
 * each command's usage error, the man page's SYNOPSIS (scripts/man-synopsis.sh,
 * checked by tests/doc_synopsis.sh) and the shell completion's options all
 * come from here, so there is one place to change.
 */
static const struct kw_command commands[] = {
	{ "", kw_cmd_open, SIGN, "[--db DIR] [--user NAME] [--passphrase-fd N]",
	  "open the screens, signed in as NAME (the login name if not given)", "anyone" },
	{ "init", kw_cmd_init, SIGN | OPT_KDF,
	  "init [--db DIR] --user NAME [--passphrase-fd N] [--kdf interactive|moderate|sensitive]",
	  "make a new data directory with its first manager, and print the recovery code",
	  "whoever sets keywork up" },
	{ "demo", kw_cmd_demo, OPT_DB | OPT_CLIENTS | OPT_FRESH | OPT_SEED,
	  "demo [--db DIR] [--clients N] [--seed N] [--fresh]",
	  "open the screens on made-up women, making them first", "anyone (made-up data only)" },
	{ "user", kw_cmd_user,
	  SIGN | OPT_NEWPASSFD | OPT_KDF | OPT_ROLE | OPT_COMPROMISED | OPT_TO_QUEUE,
	  "user add NAME --role manager|keyworker|dropin [--new-passphrase-fd N] [--kdf LEVEL]\n"
	  "user passwd NAME [--compromised] [--new-passphrase-fd N] [--kdf LEVEL]\n"
	  "user disable NAME [--to-queue]\n"
	  "user capacity NAME [N|default]",
	  "add a user, change a passphrase, disable a leaver (which changes the keys), or set "
	  "how many women a keyworker can hold",
	  "managers; anyone may change her own passphrase" },
	{ "cover", kw_cmd_cover, SIGN | OPT_BY | OPT_UNTIL | OPT_END,
	  "cover\n"
	  "cover NAME --by OTHER --until DATE\n"
	  "cover NAME --end",
	  "while keyworker NAME is away, OTHER sees NAME's women on her own Today, until the "
	  "day DATE; or end it early, or list the covers",
	  "managers" },
	{ "recover", kw_cmd_recover, SIGN | OPT_NEWPASSFD | OPT_KDF,
	  "recover --user NAME [--new-passphrase-fd N] [--kdf LEVEL]",
	  "set a new passphrase for NAME with the paper recovery code (asked for, or read from "
	  "--passphrase-fd N); the keys change",
	  "whoever holds the recovery code" },
	{ "check", kw_cmd_check, SIGN | OPT_REPAIR, "check [--repair]",
	  "check the stores, the key file and the audit trail; --repair mends the key file",
	  "anyone; --repair managers" },
	{ "import", kw_cmd_import, SIGN | OPT_IGNORE,
	  "import clients|contacts|notes FILE.csv [--ignore-unknown]",
	  "add women, contacts or case notes from a CSV file, checked by their forms; all or "
	  "nothing",
	  "managers and keyworkers" },
	{ "export", kw_cmd_export, SIGN | OPT_FORMAT | OPT_OUTPUT,
	  "export clients|contacts|notes [--format csv|json] -o FILE",
	  "write records to a new file, as far as the user may see them",
	  "managers and keyworkers" },
	{ "backup", kw_cmd_backup, SIGN | OPT_OUTPUT | OPT_KEEP, "backup -o FILE [--keep DIR]",
	  "write both compartments and the key file to one new file; with --keep, warn of "
	  "backups in DIR older than the shortest retention period",
	  "managers and keyworkers" },
	{ "restore", kw_cmd_restore, SIGN | OPT_FORCE | OPT_OLDER,
	  "restore FILE [--force] [--older]", "replace the data with a backup, checked first",
	  "managers" },
	{ "audit", kw_cmd_audit, SIGN | OPT_CLIENT | OPT_BY | OPT_SINCE | OPT_OUTPUT,
	  "audit [--client REF] [--by NAME] [--since DATE] [-o FILE]",
	  "print the audit trail, verified, or the part of it about one woman or one user",
	  "managers" },
	{ "redact", kw_cmd_redact, SIGN | OPT_CLIENT | OPT_RECORD | OPT_FIELD | OPT_NOTE | OPT_YES,
	  "redact --client REF [--record ID] --field KEY [--yes]\n"
	  "redact --client REF --note ID [--yes]",
	  "erase an answer or a note written in error, leaving a mark in the audit", "managers" },
	{ "sar", kw_cmd_sar, SIGN | OPT_CLIENT | OPT_OUTPUT | OPT_WITHHOLD,
	  "sar --client REF [--withhold ID,...] -o DIR",
	  "write everything held about her for a subject-access request, with the passages "
	  "naming others listed for review; --withhold makes the release copy",
	  "managers" },
	{ "report", kw_cmd_report, SIGN | OPT_FROM | OPT_TO | OPT_FORMAT | OPT_OUTPUT,
	  "report list\n"
	  "report NAME [--from DATE] [--to DATE] [--format text|csv|json] [-o FILE]",
	  "list the reports, or count one for a period (a year to today unless given); figures "
	  "under 5 leave the screen as <5",
	  "managers" },
	{ "retention", kw_cmd_retention, SIGN | OPT_YES, "retention [apply [--yes]]",
	  "list who the retention rules say is due for deletion today (counts per rule; "
	  "references for a manager); apply deletes them, leaving a tombstone each",
	  "managers and keyworkers; apply managers" },
	{ "erase", kw_cmd_erase, SIGN | OPT_CLIENT | OPT_YES, "erase --client REF [--yes]",
	  "delete everything held about her at her request, leaving a tombstone; refused with "
	  "the reason under a legal hold, child protection or a court date to come",
	  "managers" },
	{ "hold", kw_cmd_hold, SIGN | OPT_CLIENT | OPT_LIFT, "hold --client REF [--lift]",
	  "put her record under a legal hold (no retention rule deletes it, erasure is "
	  "refused), or lift it",
	  "managers" },
	{ "restrict", kw_cmd_restrict, SIGN | OPT_CLIENT | OPT_LIFT,
	  "restrict --client REF [--lift]",
	  "restrict processing of her record: it can be read but not changed until lifted",
	  "managers" },
	{ "access", kw_cmd_access, SIGN | OPT_CLIENT | OPT_ONLY | OPT_LIFT,
	  "access --client REF (--only NAME,... | --lift)",
	  "make her record visible only to the named staff (everyone else sees \"restricted "
	  "record\" in search and is refused), or lift that",
	  "managers" },
	{ "print", kw_cmd_print,
	  SIGN | OPT_CLIENT | OPT_FORMAT | OPT_OUTPUT | OPT_ITEM | OPT_TEMPLATE | OPT_YES,
	  "print plan --client REF [--format pdf|text] -o FILE\n"
	  "print letter --client REF --item ID --template NAME [--format pdf|text] [--yes] -o FILE",
	  "write her plan for her to take home (what the with her view shows), or a letter for one "
	  "of her advocacy items (recorded as a step of it), to a new file",
	  "managers and keyworkers" },
	{ "outreach", kw_cmd_outreach, SIGN | OPT_FOR | OPT_WOMEN | OPT_OUTPUT | OPT_TO,
	  "outreach add LAPTOP --for NAME [--women REF,...] -o FILE\n"
	  "outreach list\n"
	  "outreach revoke LAPTOP\n"
	  "outreach start FILE --db DIR\n"
	  "outreach send [--to LAPTOP] -o FILE\n"
	  "outreach receive FILE\n"
	  "outreach conflicts\n"
	  "outreach resolve ID keep|take",
	  "register an outreach laptop for NAME and write its first bundle (her caseload, or the "
	  "women named), list the laptops, revoke a lost one (listing the women that were on it), "
	  "make the laptop's own data directory from its first bundle, or send and receive what "
	  "was added on either side since",
	  "add: managers, or a keyworker for her own caseload; the rest: managers, or the "
	  "laptop's user" },
	{ "save", kw_cmd_save, SIGN | OPT_CLIENT | OPT_UNDER | OPT_RECORD | OPT_YES,
	  "save FORM [--client REF|--under ID|--record ID] [--yes] KEY=VALUE...",
	  "save a form's answers, by the same rules as the screens",
	  "as the form allows the user's role" },
	{ "acknowledge-swap", kw_cmd_ack_swap, 0, "acknowledge-swap",
	  "stop the warning about unencrypted swap on this machine", "anyone" },
	{ "forms", kw_cmd_forms, 0, "forms check [PATH...]",
	  "check the forms (and the centre's own) and report every problem where it is", "anyone" },
	{ "keys", kw_cmd_keys, 0, "keys", "print the keys of every screen", "anyone" },
	{ "help", kw_cmd_help, 0, "help [COMMAND]", "print this, or one command's usage",
	  "anyone" },
};

const struct kw_command *kw_cli_command(const char *name)
{
	for (size_t i = 0; i < KW_ARRAY_LEN(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Writes a command's synopsis lines, the first after first, the rest after an indent. */
static void synopsis(FILE *f, const struct kw_command *c, const char *first)
{
	const char *p = c->synopsis;

	fputs(first, f);
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		fprintf(f, "keywork %.*s\n", (int)n, p);
		if (nl == NULL)
			break;
		p = nl + 1;
		fputs("       ", f);
	}
}

void kw_cli_print_synopsis(FILE *f, const struct kw_command *c)
{
	synopsis(f, c, "usage: ");
}

void kw_cli_print_usage(FILE *f)
{
	for (size_t i = 0; i < KW_ARRAY_LEN(commands); i++)
		synopsis(f, &commands[i], i == 0 ? "usage: " : "       ");
	fputs("       keywork --version | --help\n"
	      "Commands that open data also take --db DIR, --user NAME and --passphrase-fd N.\n"
	      "keywork help COMMAND says what one does and who may; see keywork(1).\n",
	      f);
}

int kw_cli_usage(struct kw_err *err, const char *name)
{
	const struct kw_command *c = kw_cli_command(name);
	char text[sizeof(err->msg)];
	FILE *f;
	size_t n;

	if (c == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "no command '%s' in the table", name);
	f = fmemopen(text, sizeof(text), "w");
	if (f == NULL)
		return kw_err_set(err, KW_EUSAGE, "usage: keywork %s", c->synopsis);
	synopsis(f, c, "usage: ");
	fclose(f); /* ends the text with '\0' where it fits */
	text[sizeof(text) - 1] = '\0';
	n = strlen(text);
	if (n > 0 && text[n - 1] == '\n')
		text[n - 1] = '\0'; /* the message has no newline of its own at the end */
	return kw_err_set(err, KW_EUSAGE, "%s", text);
}

int kw_cli_parse_for(const char *name, int argc, char **argv, struct kw_opts *o, struct kw_err *err)
{
	const struct kw_command *c = kw_cli_command(name);

	if (c == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "no command '%s' in the table", name);
	return kw_cli_parse(argc, argv, c->options, o, err);
}

/* A synopsis line in roff: UPPER-CASE words italic, the rest bold, [ ] | ... roman. */
static void roff_line(FILE *f, const char *p, size_t n)
{
	const char *end = p + n;

	fputs("\\fBkeywork\\fR ", f);
	while (p < end) {
		size_t run;
		bool upper;

		if (strchr("[]| ", *p) != NULL || (end - p >= 3 && strncmp(p, "...", 3) == 0)) {
			if (*p == '.') {
				fputs("\\&...", f);
				p += 3;
			} else {
				fputc(*p++, f);
			}
			continue;
		}
		run = strcspn(p, "[]| ");
		if (run > (size_t)(end - p))
			run = (size_t)(end - p);
		for (size_t k = 0; k + 2 < run; k++)
			if (strncmp(p + k, "...", 3) == 0) {
				run = k;
				break;
			}
		upper = *p >= 'A' && *p <= 'Z';
		fputs(upper ? "\\fI" : "\\fB", f);
		for (size_t k = 0; k < run; k++) {
			if (p[k] == '-')
				fputc('\\', f);
			fputc(p[k], f);
		}
		fputs("\\fR", f);
		p += run;
	}
	fputc('\n', f);
}

/* The man page's SYNOPSIS body (scripts/man-synopsis.sh puts it in man/keywork.1). */
static void print_roff(FILE *f)
{
	fputs(".nh\n.ad l\n", f); /* a command line is neither hyphenated nor stretched */
	for (size_t i = 0; i < KW_ARRAY_LEN(commands); i++) {
		const char *p = commands[i].synopsis;

		for (;;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

			roff_line(f, p, n);
			fputs(".br\n", f);
			if (nl == NULL)
				break;
			p = nl + 1;
		}
	}
	fputs("\\fBkeywork \\-\\-version\\fR\n.br\n\\fBkeywork \\-\\-help\\fR\n.ad\n.hy\n", f);
}

/*
 * For the shell completion: one line per command, its name ("" for the
 * screens) then its options, an option that takes a value ending in '='.
 */
static void print_complete(FILE *f)
{
	for (size_t i = 0; i < KW_ARRAY_LEN(commands); i++) {
		fputs(commands[i].name[0] != '\0' ? commands[i].name : "-", f);
		kw_cli_print_options(f, commands[i].options);
		fputc('\n', f);
	}
}

int kw_cmd_help(int argc, char **argv, struct kw_err *err)
{
	const struct kw_command *c;

	if (argc == 1) {
		kw_cli_print_usage(stdout);
		return 0;
	}
	if (argc != 2)
		return kw_cli_usage(err, "help");
	if (strcmp(argv[1], "--roff") == 0) {
		print_roff(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--complete") == 0) {
		print_complete(stdout);
		return 0;
	}
	c = kw_cli_command(argv[1]);
	if (c == NULL || c->name[0] == '\0')
		return kw_err_why(err, KW_EUSAGE, KW_R_UNKNOWN,
				  "there is no command '%s' (keywork help lists them)", argv[1]);
	synopsis(stdout, c, "usage: ");
	printf("\n%c%s.\nWho: %s.\n", toupper((unsigned char)c->summary[0]), c->summary + 1,
	       c->who);
	if (c->options & SIGN)
		printf("Signs in with --db DIR (the data directory), --user NAME (the login name\n"
		       "if not given) and --passphrase-fd N (read the passphrase from descriptor "
		       "N).\n");
	printf("See keywork(1).\n");
	return 0;
}
