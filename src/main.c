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
	const struct kw_command *cmd;
	char msg[800];
	int rc;

	harden();
	kw_cli_signals();
	setlocale(LC_ALL, "");
	kw_err_clear(&err);
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		kw_cli_print_usage(stdout);
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
	cmd = argc > 1 ? kw_cli_command(argv[1]) : NULL;
	if (cmd != NULL && cmd->name[0] != '\0')
		rc = cmd->fn(argc - 1, argv + 1, &err);
	else
		rc = kw_cmd_open(argc, argv, &err); /* the screens, with options or none */
	if (rc == 0)
		return 0;
	if (rc > 0)
		return rc; /* the screens ended by a signal: 128 + its number, nothing to add */
	fprintf(stderr, "keywork: %s\n", kw_err_str(&err, msg, sizeof(msg)));
	if (err.status == KW_EUSAGE && err.reason == KW_R_UNKNOWN) {
		/* An unknown option: that command's usage; an unknown command: all of them. */
		if (cmd != NULL && cmd->name[0] != '\0')
			kw_cli_print_synopsis(stderr, cmd);
		else
			kw_cli_print_usage(stderr);
	}
	return err.status != 0 ? err.status : KW_ESOFTWARE;
}
