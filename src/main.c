/* main.c: keywork's entry point: hardening, then the subcommand. */
#include <locale.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "keywork/crypto.h"
#include "keywork/version.h"

static const char usage[] =
	"usage: keywork [--db DIR] [--user NAME] [--passphrase-fd N] | --version | --help\n"
	"       keywork init [--db DIR] --user NAME [--passphrase-fd N] [--kdf LEVEL]\n"
	"       keywork demo [--db DIR] [--clients N] [--fresh]\n"
	"       keywork user add NAME --role manager|keyworker|dropin [--new-passphrase-fd N]\n"
	"       keywork user passwd NAME [--compromised] [--new-passphrase-fd N]\n"
	"       keywork user disable NAME\n"
	"       keywork recover --user NAME\n"
	"       keywork import clients FILE.csv [--ignore-unknown]\n"
	"       keywork export clients|contacts|notes [--format csv|json] -o FILE\n"
	"       keywork check [--repair]\n"
	"       keywork audit [--client REF] [--by NAME] [--since DATE] [-o FILE]\n"
	"       keywork redact --client REF [--record ID] --field KEY | --note ID [--yes]\n"
	"       keywork save FORM [--client REF | --under ID | --record ID] [--yes] KEY=VALUE...\n"
	"       keywork backup -o FILE | keywork restore FILE [--force] [--older]\n"
	"       keywork acknowledge-swap\n"
	"       keywork forms check [PATH...]\n"
	"       keywork keys\n"
	"Commands that open data also take --db DIR, --user NAME and --passphrase-fd N.\n"
	"See keywork(1).\n";

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv, struct kw_err *err);
} commands[] = {
	{ "init", kw_cmd_init },       { "demo", kw_cmd_demo },
	{ "user", kw_cmd_user },       { "import", kw_cmd_import },
	{ "export", kw_cmd_export },   { "check", kw_cmd_check },
	{ "recover", kw_cmd_recover }, { "backup", kw_cmd_backup },
	{ "restore", kw_cmd_restore }, { "acknowledge-swap", kw_cmd_ack_swap },
	{ "forms", kw_cmd_forms },     { "keys", kw_cmd_keys },
	{ "audit", kw_cmd_audit },     { "redact", kw_cmd_redact },
	{ "save", kw_cmd_save },
};

#ifdef KW_SANITIZE
/* LeakSanitizer attaches with ptrace at exit, which PR_SET_DUMPABLE 0 forbids to non-root. */
static void let_leak_check_attach(void)
{
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}
#endif

/* No core dumps and no ptrace by other processes of the same user: keys live in memory. */
static void harden(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
#ifdef KW_SANITIZE
	atexit(let_leak_check_attach);
#endif
}

int main(int argc, char **argv)
{
	struct kw_err err;
	char msg[800];
	int rc;

	harden();
	kw_cli_signals();
	setlocale(LC_ALL, "");
	kw_err_clear(&err);
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("keywork %s\n", KEYWORK_VERSION);
		return 0;
	}
	if (kw_crypto_init() != 0) {
		fputs("keywork: cannot start the cryptography library\n", stderr);
		return KW_ESOFTWARE;
	}
	rc = -2;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (argc > 1 && strcmp(argv[1], commands[i].name) == 0)
			rc = commands[i].fn(argc - 1, argv + 1, &err);
	if (rc == -2)
		rc = kw_cmd_open(argc, argv, &err);
	if (rc == 0)
		return 0;
	if (rc > 0)
		return rc; /* the screens ended by a signal: 128 + its number, nothing to add */
	fprintf(stderr, "keywork: %s\n", kw_err_str(&err, msg, sizeof(msg)));
	if (err.status == KW_EUSAGE && err.reason == KW_R_UNKNOWN)
		fputs(usage, stderr);
	return err.status != 0 ? err.status : KW_ESOFTWARE;
}
