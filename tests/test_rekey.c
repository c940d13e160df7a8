/*
 * test_rekey.c: changes of keys that are killed half-way.
 *
 * A child signs in as a manager and loops: add a woman and a note about her
 * (one transaction over both files; her reference goes on a pipe once
 * committed), then change both keys ("B" on the pipe before, "R" after).
 * The parent kills it with SIGKILL a random 0-25 ms after a "B", so most
 * kills land inside a change of keys, at least 20 times. After each kill a
 * keyworker who did not take part signs in: it must open (finishing any
 * interrupted change), every reported woman must be there with her note,
 * and the check must find nothing wrong. Keys from before no longer open
 * the files; a disabled user's passphrase opens nothing.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"
#include "testutil.h"

#define BEA_PASS "meadow-lantern-puzzle-copper-violin"
#define CAT_PASS "crimson-tundra-ballet-oyster-kettle"
#define ROUNDS 20

static char *tmp, *data;

static void add_pair(struct kw_session *s, char ref_out[16])
{
	struct kw_client c = { 0 };
	struct kw_note n = { 0 };
	struct kw_err err;

	c.known_as = kw_xstrdup("Rekey test");
	if (kw_store_begin(s->store, &err) != 0 || kw_db_client_add(s->store, &c, &err) != 0)
		_exit(3);
	memcpy(n.client_id, c.meta.id, sizeof(n.client_id));
	n.body = kw_xstrdup("a note written while keys change");
	if (kw_db_note_add(s->store, &n, &err) != 0 || kw_store_commit(s->store, &err) != 0)
		_exit(3);
	memcpy(ref_out, c.reference, 16);
	kw_client_clear(&c);
	kw_note_clear(&n);
}

static void say(int fd, const char *what)
{
	if (write(fd, what, strlen(what)) < 0)
		_exit(4);
}

static void child(int fd)
{
	struct kw_err err;
	struct kw_session *s = tu_open(data, "ana", TU_PASS, &err);

	if (s == NULL) {
		fprintf(stderr, "child: %s\n", err.msg);
		_exit(2);
	}
	for (;;) {
		char ref[16], line[32];

		add_pair(s, ref);
		snprintf(line, sizeof(line), "C %s\n", ref);
		say(fd, line);
		say(fd, "B\n");
		if (kw_session_rekey(s, NULL, 0, false, NULL, "rekey", "test", &err) != 0) {
			fprintf(stderr, "child rekey: %s\n", err.msg);
			_exit(5);
		}
		say(fd, "R\n");
	}
}

struct seen {
	char (*refs)[16];
	size_t n, cap;
	int begins;
};

static void take(struct seen *sn, const char *buf)
{
	for (const char *p = buf; *p != '\0'; p = strchr(p, '\n') + 1) {
		if (p[0] == 'C' && p[1] == ' ') {
			if (sn->n == sn->cap) {
				sn->cap = sn->cap ? 2 * sn->cap : 256;
				sn->refs = kw_xrealloc(sn->refs, sn->cap * sizeof(*sn->refs));
			}
			snprintf(sn->refs[sn->n], 16, "%.*s", (int)strcspn(p + 2, "\n"), p + 2);
			sn->n++;
		} else if (p[0] == 'B') {
			sn->begins++;
		}
		if (strchr(p, '\n') == NULL)
			break;
	}
}

static int count_note(void *ctx, const struct kw_note *n)
{
	(void)n;
	(*(long *)ctx)++;
	return 0;
}

START_TEST(test_kill_during_rekey)
{
	struct kw_session *s;
	struct kw_secret *pass;
	struct kw_keyring *old_ring = NULL;
	struct kw_keyfile *old_kf = NULL;
	struct seen sn = { 0 };
	struct kw_err err;
	char *keypath = kw_path_join(data, KW_KEY_FILE);
	int interrupted = 0;

	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	/* The keys as they are now, to show later that they open nothing. */
	ck_assert_int_eq(kw_keyfile_load(keypath, &old_kf, &err), 0);
	pass = tu_pass(BEA_PASS);
	ck_assert_int_eq(kw_keyfile_unlock(old_kf, "bea", pass, &old_ring, &err), 0);
	kw_secret_free(&pass);

	for (int round = 0; round < ROUNDS; round++) {
		int fds[2], status, begins_before = sn.begins, delay = rand() % 25;
		pid_t pid;
		char buf[4096];
		struct kw_keyfile *kf = NULL;
		long women, notes = 0;

		ck_assert_int_eq(pipe(fds), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(fds[0]);
			child(fds[1]);
		}
		close(fds[1]);
		/* Wait for the child to begin a change of keys, then kill it a moment later. */
		while (sn.begins == begins_before) {
			ssize_t got = read(fds[0], buf, sizeof(buf) - 1);

			ck_assert_msg(got > 0, "the child stopped before changing keys");
			buf[got] = '\0';
			take(&sn, buf);
		}
		usleep((useconds_t)delay * 1000);
		ck_assert_int_eq(kill(pid, SIGKILL), 0);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFSIGNALED(status));
		for (ssize_t got; (got = read(fds[0], buf, sizeof(buf) - 1)) > 0;) {
			buf[got] = '\0';
			take(&sn, buf);
		}
		close(fds[0]);

		ck_assert_int_eq(kw_keyfile_load(keypath, &kf, &err), 0);
		if (kw_keyfile_pending(kf) != 0)
			interrupted++;
		kw_keyfile_free(&kf);

		/* A keyworker who took no part signs in, finishing any interrupted change. */
		s = tu_open(data, "bea", BEA_PASS, &err);
		ck_assert_msg(s != NULL, "round %d: bea cannot open: %s", round, err.msg);
		for (size_t i = 0; i < sn.n; i++) {
			struct kw_client c = { 0 };

			ck_assert_msg(kw_db_client_get(s->store, sn.refs[i], &c, &err) == 1,
				      "round %d: committed woman %s is missing", round, sn.refs[i]);
			kw_client_clear(&c);
		}
		women = kw_db_client_count(s->store, &err);
		ck_assert_int_eq(kw_db_note_each(s->store, count_note, &notes, &err), 0);
		ck_assert_int_eq(women, notes);
		ck_assert_int_ge(women, (long)sn.n);
		ck_assert_msg(kw_db_check(s->store, NULL, NULL, &err) == 0,
			      "round %d: check failed", round);
		ck_assert_int_eq(kw_keyfile_pending(s->kf), 0);
		kw_session_close(&s);
		/* The drop-in user still opens the general compartment. */
		s = tu_open(data, "cat", CAT_PASS, &err);
		ck_assert_msg(s != NULL, "round %d: cat cannot open: %s", round, err.msg);
		kw_session_close(&s);
	}
	printf("rekey: %d kills, %zu commits verified, %d left a change of keys pending\n", ROUNDS,
	       sn.n, interrupted);

	/* The keys from before open neither file now. */
	{
		struct kw_secret *g = kw_key_sql(old_ring->general),
				 *x = kw_key_sql(old_ring->sensitive);
		struct kw_store_keys keys = { 0 };
		struct kw_store *st = NULL;

		keys.general = (const char *)g->p;
		keys.general_len = g->len;
		ck_assert_int_ne(kw_store_open(data, &keys, kw_keyfile_key_id(old_kf),
					       kw_keyfile_generation(old_kf), 0, &st, &err),
				 0);
		keys.general = (const char *)x->p;
		keys.general_len = x->len;
		keys.sensitive = (const char *)x->p;
		keys.sensitive_len = x->len;
		ck_assert_int_ne(kw_store_open(data, &keys, kw_keyfile_key_id(old_kf),
					       kw_keyfile_generation(old_kf), 0, &st, &err),
				 0);
		kw_secret_free(&g);
		kw_secret_free(&x);
	}
	kw_keyring_free(&old_ring);
	kw_keyfile_free(&old_kf);
	free(sn.refs);
	free(keypath);
}
END_TEST

START_TEST(test_disabled_user_opens_nothing)
{
	struct kw_session *s;
	struct kw_keyfile *old_kf = NULL;
	struct kw_keyring *ring = NULL;
	struct kw_secret *pass = tu_pass(BEA_PASS);
	struct kw_err err;
	char *keypath = kw_path_join(data, KW_KEY_FILE);

	ck_assert_int_eq(kw_keyfile_load(keypath, &old_kf, &err), 0);
	s = tu_open(data, "ana", TU_PASS, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(kw_session_disable(s, "bea", &err), 0);
	ck_assert_uint_eq(kw_keyfile_generation(s->kf), kw_keyfile_generation(old_kf) + 1);
	kw_session_close(&s);

	/* Her passphrase no longer unlocks anything in the current key file... */
	ck_assert_ptr_null(tu_open(data, "bea", BEA_PASS, &err));
	ck_assert_int_eq(err.status, KW_ENOPERM);
	/* ...and the keys an old copy of the key file gives her open neither file. */
	ck_assert_int_eq(kw_keyfile_unlock(old_kf, "bea", pass, &ring, &err), 0);
	{
		struct kw_secret *g = kw_key_sql(ring->general), *x = kw_key_sql(ring->sensitive);
		struct kw_store_keys keys = { 0 };
		struct kw_store *st = NULL;

		keys.general = (const char *)g->p;
		keys.general_len = g->len;
		keys.sensitive = (const char *)x->p;
		keys.sensitive_len = x->len;
		ck_assert_int_ne(kw_store_open(data, &keys, kw_keyfile_key_id(old_kf),
					       kw_keyfile_generation(old_kf), 0, &st, &err),
				 0);
		kw_secret_free(&g);
		kw_secret_free(&x);
	}
	/* Everyone else carries on. */
	s = tu_open(data, "cat", CAT_PASS, &err);
	ck_assert_ptr_nonnull(s);
	kw_session_close(&s);
	s = tu_open(data, "ana", TU_PASS, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(kw_db_check(s->store, NULL, NULL, &err), 0);
	kw_session_close(&s);
	kw_keyring_free(&ring);
	kw_keyfile_free(&old_kf);
	kw_secret_free(&pass);
	free(keypath);
}
END_TEST

static void setup(void)
{
	struct kw_session *s;
	struct kw_secret *p2 = tu_pass(BEA_PASS), *p3 = tu_pass(CAT_PASS);
	struct kw_err err;
	char ref[16];

	tmp = tu_tmpdir();
	s = tu_create(tmp, &data);
	ck_assert_int_eq(
		kw_session_user_add(s, "bea", KW_ROLE_KEYWORKER, p2, KW_KDF_INTERACTIVE, &err), 0);
	ck_assert_int_eq(
		kw_session_user_add(s, "cat", KW_ROLE_DROPIN, p3, KW_KDF_INTERACTIVE, &err), 0);
	/* Enough data that re-encrypting takes a little while. */
	for (int i = 0; i < 300; i++)
		add_pair(s, ref);
	kw_session_close(&s);
	kw_secret_free(&p2);
	kw_secret_free(&p3);
}

static void teardown(void)
{
	free(data);
	tu_rmdir(tmp);
}

int main(void)
{
	Suite *s = suite_create("rekey");
	TCase *tc = tcase_create("rekey");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 600);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_kill_during_rekey);
	tcase_add_test(tc, test_disabled_user_opens_nothing);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
