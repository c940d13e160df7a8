/* test_backup.c: backups taken while others write, restores, and damaged backups. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"
#include "testutil.h"

static char *tmp, *data;

static void setup(void)
{
	struct kw_session *s;

	tmp = tu_tmpdir();
	s = tu_create(tmp, &data);
	kw_session_close(&s);
}

static void teardown(void)
{
	free(data);
	tu_rmdir(tmp);
}

/* Adds a woman and a note about her in one transaction spanning both files. */
static void add_pair(struct kw_session *s, int i)
{
	struct kw_client c = { 0 };
	struct kw_note n = { 0 };
	struct kw_err err;
	char name[32];

	snprintf(name, sizeof(name), "Woman %d", i);
	c.known_as = kw_xstrdup(name);
	ck_assert_int_eq(kw_store_begin(s->store, &err), 0);
	ck_assert_int_eq(kw_db_client_add(s->store, &c, &err), 0);
	memcpy(n.client_id, c.meta.id, sizeof(n.client_id));
	n.body = name;
	ck_assert_int_eq(kw_db_note_add(s->store, &n, &err), 0);
	ck_assert_int_eq(kw_store_commit(s->store, &err), 0);
	kw_client_clear(&c);
}

static char *backup_to(struct kw_session *s, const char *name)
{
	char *path = kw_path_join(tmp, name);
	FILE *fp = fopen(path, "wx");
	struct kw_err err;

	ck_assert_ptr_nonnull(fp);
	if (kw_backup_write(s, fp, path, NULL, &err) != 0)
		ck_abort_msg("backup: %s", err.msg);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

struct counts {
	long notes;
};

static int count_note(void *ctx, const struct kw_note *n)
{
	(void)n;
	((struct counts *)ctx)->notes++;
	return 0;
}

START_TEST(test_round_trip)
{
	struct kw_session *s;
	struct kw_restore_report rep;
	struct kw_secret *pass = tu_pass(TU_PASS);
	struct kw_err err;
	char *b, *dest = kw_path_join(tmp, "restored");
	struct stat st;

	s = tu_open(data, "ana", TU_PASS, &err);
	ck_assert_ptr_nonnull(s);
	for (int i = 0; i < 20; i++)
		add_pair(s, i);
	b = backup_to(s, "one.kwb");
	kw_session_close(&s);
	ck_assert_int_eq(stat(b, &st), 0);

	ck_assert_int_eq(kw_restore(b, dest, "ana", pass, NULL, false, false, &rep, &err), 0);
	ck_assert(!rep.replaced);
	ck_assert_uint_eq(rep.backup.generation, 1);
	s = tu_open(dest, "ana", TU_PASS, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(kw_db_client_count(s->store, &err), 20);
	ck_assert_int_eq(kw_db_check(s->store, NULL, NULL, &err), 0);
	kw_session_close(&s);

	/* Not over existing data without force; with force the old data is kept aside. */
	ck_assert_int_eq(kw_restore(b, dest, "ana", pass, NULL, false, false, &rep, &err), -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	/*
	 * The copy it would replace has more audit rows (sign-ins, the restore),
	 * as its own register says: the backup is older, refused unless asked for.
	 */
	ck_assert_int_eq(kw_restore(b, dest, "ana", pass, NULL, true, false, &rep, &err), -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "older than the data"));
	ck_assert_int_eq(kw_restore(b, dest, "ana", pass, NULL, true, true, &rep, &err), 0);
	ck_assert(rep.replaced && rep.old_chain_known);
	ck_assert_int_lt(rep.backup.chain_seq, rep.old_chain_seq);
	ck_assert_int_eq(stat(rep.aside, &st), 0);
	free(b);
	free(dest);
	kw_secret_free(&pass);
}
END_TEST

START_TEST(test_wrong_passphrase_restores_nothing)
{
	struct kw_session *s;
	struct kw_restore_report rep;
	struct kw_secret *bad = tu_pass("not-the-passphrase-at-all");
	struct kw_err err;
	char *b, *dest = kw_path_join(tmp, "restored");

	s = tu_open(data, "ana", TU_PASS, &err);
	b = backup_to(s, "one.kwb");
	kw_session_close(&s);
	ck_assert_int_eq(kw_restore(b, dest, "ana", bad, NULL, false, false, &rep, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_int_ne(access(dest, F_OK), 0);
	free(b);
	free(dest);
	kw_secret_free(&bad);
}
END_TEST

START_TEST(test_damaged_backup_refused)
{
	struct kw_session *s;
	struct kw_restore_report rep;
	struct kw_secret *pass = tu_pass(TU_PASS);
	struct kw_err err;
	char *b, *dest = kw_path_join(tmp, "restored");
	FILE *fp;
	long size;

	s = tu_open(data, "ana", TU_PASS, &err);
	b = backup_to(s, "one.kwb");
	kw_session_close(&s);
	/* Flip one byte in the middle of the first database. */
	fp = fopen(b, "r+b");
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, size / 3, SEEK_SET);
	{
		int ch = fgetc(fp);

		fseek(fp, size / 3, SEEK_SET);
		fputc(ch ^ 0x40, fp);
	}
	fclose(fp);
	ck_assert_int_eq(kw_restore(b, dest, "ana", pass, NULL, false, false, &rep, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_ptr_nonnull(strstr(err.msg, "damaged"));
	ck_assert_int_ne(access(dest, F_OK), 0);

	/* A truncated backup is refused too. */
	ck_assert_int_eq(truncate(b, size / 2), 0);
	ck_assert_int_eq(kw_restore(b, dest, "ana", pass, NULL, false, false, &rep, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_int_ne(access(dest, F_OK), 0);
	free(b);
	free(dest);
	kw_secret_free(&pass);
}
END_TEST

/*
 * Waits (up to 10 s) until the writer has committed more women than *seen, and
 * sets *seen to the count: each backup is then taken while pairs are being
 * written, after new ones, however fast or slow the machine.
 */
static void wait_for_writes(struct kw_session *s, long *seen)
{
	struct kw_err err;
	long n = -1;

	for (int i = 0; i < 2000; i++) {
		n = kw_db_client_count(s->store, &err);
		if (n > *seen)
			break;
		usleep(5000);
	}
	ck_assert_msg(n > *seen, "the writer committed nothing in 10 s (%ld women)", n);
	*seen = n;
}

/* Backups taken while another process commits pairs spanning both files. */
START_TEST(test_backup_while_writing)
{
	struct kw_session *s;
	struct kw_secret *pass = tu_pass(TU_PASS);
	struct kw_err err;
	long seen;
	pid_t writer = fork();

	ck_assert_int_ge(writer, 0);
	if (writer == 0) {
		struct kw_session *w = tu_open(data, "ana", TU_PASS, &err);

		if (w == NULL)
			_exit(2);
		/* Saving as fast as it can, but not without a pause: a loop that takes the
		 * write lock again the instant it lets go starves every other process
		 * (SQLite's busy wait is not a queue), which no person saving does. */
		for (int i = 0;; i++) {
			add_pair(w, i);
			usleep(2000);
		}
	}
	s = tu_open(data, "ana", TU_PASS, &err);
	ck_assert_ptr_nonnull(s);
	seen = kw_db_client_count(s->store, &err);
	ck_assert_int_ge(seen, 0);
	for (int round = 0; round < 5; round++) {
		struct kw_restore_report rep;
		struct kw_session *r;
		struct counts n = { 0 };
		char name[32], *b, *dest;
		long women;

		wait_for_writes(s, &seen);
		snprintf(name, sizeof(name), "b%d.kwb", round);
		b = backup_to(s, name);
		snprintf(name, sizeof(name), "r%d", round);
		dest = kw_path_join(tmp, name);
		if (kw_restore(b, dest, "ana", pass, NULL, false, false, &rep, &err) != 0)
			ck_abort_msg("restore %d: %s", round, err.msg);
		r = tu_open(dest, "ana", TU_PASS, &err);
		ck_assert_ptr_nonnull(r);
		women = kw_db_client_count(r->store, &err);
		ck_assert_int_eq(kw_db_note_each(r->store, count_note, &n, &err), 0);
		/* Consistent: every woman has her note, and no note lacks its woman. */
		ck_assert_int_eq(women, n.notes);
		ck_assert_int_eq(kw_db_check(r->store, NULL, NULL, &err), 0);
		kw_session_close(&r);
		free(b);
		free(dest);
	}
	kill(writer, SIGKILL);
	waitpid(writer, NULL, 0);
	kw_session_close(&s);
	kw_secret_free(&pass);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("backup");
	TCase *tc = tcase_create("backup");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_wrong_passphrase_restores_nothing);
	tcase_add_test(tc, test_damaged_backup_refused);
	tcase_add_test(tc, test_backup_while_writing);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
