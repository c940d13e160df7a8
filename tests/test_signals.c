/* test_signals.c: a signal wipes every key in memory and ends keywork at once. */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "keywork/crypto.h"
#include "testutil.h"
#include "ui/ui.h"

START_TEST(test_wipe_all_zeroes_live_secrets)
{
	struct kw_secret *a, *b, *c;

	ck_assert_int_eq(kw_crypto_init(), 0);
	a = kw_secret_from("first secret", 12);
	b = kw_secret_from("second secret", 13);
	c = kw_secret_from("third", 5);
	kw_secret_free(&b); /* freed ones leave the list */
	kw_secret_wipe_all();
	for (size_t i = 0; i < a->len; i++)
		ck_assert_int_eq(a->p[i], 0);
	for (size_t i = 0; i < c->len; i++)
		ck_assert_int_eq(c->p[i], 0);
	kw_secret_free(&a);
	kw_secret_free(&c);
}
END_TEST

static void dies_by(int sig)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct kw_secret *s;

		kw_crypto_init();
		kw_cli_signals();
		s = kw_secret_from("key material", 12);
		(void)s;
		raise(sig);
		_exit(0); /* not reached */
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 128 + sig);
}

START_TEST(test_signals_exit)
{
	dies_by(SIGHUP);
	dies_by(SIGTERM);
	dies_by(SIGINT);
}
END_TEST

/*
 * Waits (up to 10 s) until process pid is blocked reading file descriptor fd,
 * as /proc/PID/syscall shows: the condition the test needs, not a time.
 */
static bool blocked_reading(pid_t pid, int fd)
{
	char path[64], want[32], line[256];

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	snprintf(want, sizeof(want), "%d 0x%x ", SYS_read, fd);
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen(path, "r");
		bool hit = false;

		if (f != NULL) {
			hit = fgets(line, sizeof(line), f) != NULL &&
			      strncmp(line, want, strlen(want)) == 0;
			fclose(f);
		}
		if (hit)
			return true;
		usleep(10000);
	}
	return false;
}

/*
 * The screens' handling (issue 13): a hang-up or SIGTERM while the main loop
 * is stuck (a screen drawing for minutes, a long query) still ends keywork
 * within a second, with 128 + the signal; a process stuck past its idle lock
 * ends too. The child spins as a stuck draw does.
 */
static double ends_stuck(int sig, double watchdog, int *status)
{
	struct timespec t0, t1;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		volatile unsigned long spin = 0;

		kw_crypto_init();
		ui_signals_start();
		(void)kw_secret_from("key material", 12);
		if (watchdog > 0)
			ui_watchdog(watchdog);
		if (sig != 0)
			raise(sig);
		for (;;)
			spin++;
	}
	for (int i = 0; i < 300; i++) {
		if (waitpid(pid, status, WNOHANG) == pid)
			break;
		usleep(10000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (waitpid(pid, status, WNOHANG) == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, status, 0);
		ck_abort_msg("a stuck keywork did not end on signal %d", sig);
	}
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

START_TEST(test_stuck_screen_ends_within_a_second)
{
	int status;
	double took;

	took = ends_stuck(SIGTERM, 0, &status);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 143);
	ck_assert_double_lt(took, 1.0);
	took = ends_stuck(SIGHUP, 0, &status);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 129);
	ck_assert_double_lt(took, 1.0);
	/* No signal: stuck past the watchdog's time (the idle lock's, and a grace). */
	took = ends_stuck(0, 0.2, &status);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 128 + SIGALRM);
	ck_assert_double_lt(took, 1.0);
}
END_TEST

/* The real binary, waiting for a passphrase, ends on SIGTERM with status 143. */
START_TEST(test_binary_ends_on_sigterm)
{
	const char *bin = getenv("KEYWORK_BIN");
	int fds[2], status;
	pid_t pid;
	char *dir = tu_tmpdir();

	ck_assert_ptr_nonnull(bin);
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char fd[16];

		dup2(fds[0], 3);
		snprintf(fd, sizeof(fd), "%d", 3);
		execl(bin, bin, "init", "--db", dir, "--user", "ana", "--passphrase-fd", fd,
		      (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	ck_assert_msg(blocked_reading(pid, 3), "keywork init never waited for the passphrase");
	kill(pid, SIGTERM);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	close(fds[1]);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 128 + SIGTERM);
	tu_rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("signals");
	TCase *tc = tcase_create("signals");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_wipe_all_zeroes_live_secrets);
	tcase_add_test(tc, test_signals_exit);
	tcase_add_test(tc, test_binary_ends_on_sigterm);
	tcase_add_test(tc, test_stuck_screen_ends_within_a_second);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
