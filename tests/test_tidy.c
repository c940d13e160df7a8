/*
 * test_tidy.c: signing in removes what killed writes left in the data
 * directory (temporary key files, orphaned super-journals), on real files,
 * and leaves alone what may still be in use.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/db.h"
#include "keywork/util.h"
#include "testutil.h"

#define PASS_DEE "cobalt-fennel-ladder-nugget-plume"

static char *tmp, *data;

static void setup(void)
{
	struct kw_session *ana;

	ck_assert_int_eq(kw_crypto_init(), 0);
	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	tu_user(ana, "dee", KW_ROLE_DROPIN, PASS_DEE);
	kw_session_close(&ana);
}

static void teardown(void)
{
	free(data);
	tu_rmdir(tmp);
	tmp = data = NULL;
}

/* Writes data/name (mode 0600), last modified age seconds ago. */
static void litter(const char *name, const char *text, time_t age)
{
	char *p = tu_write(data, name, text, strlen(text));
	struct timespec t[2];

	ck_assert_int_eq(chmod(p, 0600), 0);
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= age;
	t[1] = t[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, p, t, 0), 0);
	free(p);
}

/* data/name; the path is kept until the next call. */
static const char *in_data(const char *name)
{
	static char *p;

	free(p);
	p = kw_path_join(data, name);
	return p;
}

static bool there(const char *name)
{
	char *p = kw_path_join(data, name);
	bool yes = access(p, F_OK) == 0;

	free(p);
	return yes;
}

static struct kw_session *sign_in(const char *user, const char *pass)
{
	struct kw_err err;
	struct kw_session *s = tu_open(data, user, pass, &err);

	ck_assert_msg(s != NULL, "%s", err.msg);
	return s;
}

#define STALE_KEYS KW_KEY_FILE ".tmp-Xq7Rz2"
#define LIVE_KEYS KW_KEY_FILE ".tmp-Lw9Pb4"
#define ORPHAN_SJ KW_GENERAL_DB "-mj3A91C09F2"
#define NAMED_SJ KW_SENSITIVE_DB "-mj0B27E49D1"
#define NAMING_JOURNAL KW_SENSITIVE_DB "-journal"

/* Regression: killed writes' temporary key files and super-journals stayed for ever. */
START_TEST(test_open_removes_dead_litter)
{
	struct kw_session *s;
	char journal[512];

	litter(STALE_KEYS, "a whole wrapped key file", 3600);
	litter(LIVE_KEYS, "being written this very moment", 0);
	litter(ORPHAN_SJ, "/somewhere/keywork.db-journal", 3600);
	litter("keywork.keys.bak", "not keywork's litter", 3600);
	s = sign_in("ana", TU_PASS);
	ck_assert_msg(!there(STALE_KEYS), "a stale temporary key file was left");
	ck_assert_msg(there(LIVE_KEYS), "a temporary key file being written was removed");
	ck_assert_msg(!there(ORPHAN_SJ), "an orphaned super-journal was left");
	ck_assert(there("keywork.keys.bak"));

	/*
	 * A journal naming a super-journal, as a commit across both files writes
	 * it (sign-in itself writes both files, so it is laid after). Its first
	 * byte is zero, so SQLite does not take it for a hot journal.
	 */
	litter(NAMED_SJ, "/somewhere/sensitive.db-journal", 3600);
	memset(journal, 0, sizeof(journal));
	snprintf(journal + 28, sizeof(journal) - 28, "%s/%s", data, NAMED_SJ);
	free(tu_write(data, NAMING_JOURNAL, journal, sizeof(journal)));
	ck_assert_int_eq(chmod(in_data(NAMING_JOURNAL), 0600), 0);
	ck_assert_int_ge(kw_data_tidy(s, NULL), 0);
	ck_assert_msg(there(NAMED_SJ), "a super-journal a journal names was removed");

	/* Once no journal names it, it goes too. */
	ck_assert_int_eq(truncate(in_data(NAMING_JOURNAL), 0), 0);
	ck_assert_int_ge(kw_data_tidy(s, NULL), 0);
	ck_assert(!there(NAMED_SJ));
	ck_assert(there(LIVE_KEYS));
	kw_session_close(&s);
}
END_TEST

/* Without the sensitive compartment, super-journals are left for someone who has it. */
START_TEST(test_dropin_leaves_super_journals)
{
	struct kw_session *s;

	litter(STALE_KEYS, "a whole wrapped key file", 3600);
	litter(ORPHAN_SJ, "/somewhere/keywork.db-journal", 3600);
	s = sign_in("dee", PASS_DEE);
	ck_assert(!kw_store_has_sensitive(s->store));
	ck_assert(!there(STALE_KEYS));
	ck_assert(there(ORPHAN_SJ));
	kw_session_close(&s);
	s = sign_in("ana", TU_PASS);
	ck_assert(!there(ORPHAN_SJ));
	kw_session_close(&s);
}
END_TEST

/* While another holds the write lock, nothing is removed and sign-in does not wait. */
START_TEST(test_busy_lock_leaves_everything)
{
	struct kw_session *writer = sign_in("ana", TU_PASS), *s = sign_in("dee", PASS_DEE);
	struct kw_err err;
	struct timespec t0, t1;

	litter(STALE_KEYS, "a whole wrapped key file", 3600);
	litter(ORPHAN_SJ, "/somewhere/keywork.db-journal", 3600);
	ck_assert_int_eq(kw_store_begin(writer->store, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(kw_data_tidy(s, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 2);
	ck_assert(there(STALE_KEYS));
	ck_assert(there(ORPHAN_SJ));
	kw_store_rollback(writer->store);
	ck_assert_int_eq(kw_data_tidy(s, &err), 1); /* the key file; not hers, the journal */
	ck_assert(!there(STALE_KEYS));
	kw_session_close(&s);
	kw_session_close(&writer);
}
END_TEST

static Suite *tidy_suite(void)
{
	Suite *s = suite_create("tidy");
	TCase *tc = tcase_create("tidy");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_open_removes_dead_litter);
	tcase_add_test(tc, test_dropin_leaves_super_journals);
	tcase_add_test(tc, test_busy_lock_leaves_everything);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tidy_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
