/*
 * test_synth.c: the synthetic women of keywork demo and the benchmark. The
 * bulk loader takes the big tables' indexes out while it loads and builds
 * them again after: a fill leaves the same schema it found, each woman's
 * contact state as her records say, and a fill stopped part way leaves
 * nothing at all.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/app.h"
#include "keywork/db.h"
#include "keywork/util.h"
#include "testutil.h"

static char *tmp;
static struct kw_session *ana;

static void setup(void)
{
	tmp = tu_tmpdir();
	ana = tu_create(tmp, NULL);
	tu_user(ana, "bea", KW_ROLE_KEYWORKER, "copper-heron-orchard-violet-dune");
}

static void teardown(void)
{
	kw_session_close(&ana);
	tu_rmdir(tmp);
	tmp = NULL;
}

static int collect(void *ctx, int ncols, const char *const *cols)
{
	struct kw_buf *b = ctx;

	for (int i = 0; i < ncols; i++)
		kw_buf_printf(b, "%s%s", cols[i] != NULL ? cols[i] : "NULL",
			      i + 1 < ncols ? "|" : "\n");
	return 0;
}

/* Every index, trigger, table and view of both compartments, as made (ANALYZE's aside). */
static char *schema(void)
{
	static const char sql[] =
		"SELECT 'main', type, name, sql FROM main.sqlite_schema WHERE name NOT "
		"LIKE 'sqlite_stat%' UNION ALL SELECT 's', type, name, sql FROM "
		"s.sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY 1, 2, 3";
	struct kw_buf b = { 0 };
	struct kw_err err;

	ck_assert_int_eq(kw_db_bench_query(ana->store, sql, NULL, 0, collect, &b, NULL, &err), 0);
	kw_buf_printf(&b, "%s", "");
	return b.p;
}

static long count(const char *sql)
{
	struct kw_buf b = { 0 };
	struct kw_err err;
	long n;

	ck_assert_int_eq(kw_db_bench_query(ana->store, sql, NULL, 0, collect, &b, NULL, &err), 0);
	ck_assert_ptr_nonnull(b.p);
	n = strtol(b.p, NULL, 10);
	kw_buf_free(&b);
	return n;
}

/* The same, or the first line where they part. */
static void same_schema(const char *after, const char *before)
{
	size_t i = 0, line = 0;

	while (after[i] != '\0' && after[i] == before[i])
		if (after[i++] == '\n')
			line = i;
	ck_assert_msg(after[i] == '\0' && before[i] == '\0', "after: %.200s\nbefore: %.200s",
		      after + line, before + line);
}

static void on_problem(void *ctx, const char *what)
{
	long *n = ctx;

	fprintf(stderr, "check: %s\n", what);
	(*n)++;
}

/* A fill puts back every index and trigger it took out, and writes every woman's state. */
START_TEST(test_fill_leaves_the_schema_it_found)
{
	char *before = schema(), *after;
	struct kw_err err;
	long problems = 0;

	ck_assert_int_eq(kw_synth_fill(ana, 120, 5, &err), 0);
	after = schema();
	same_schema(after, before);
	ck_assert_int_eq(count("SELECT count(*) FROM main.clients"), 120);
	ck_assert_int_eq(count("SELECT count(*) FROM main.contact_state"), 120);
	ck_assert_int_gt(count("SELECT count(*) FROM main.advocacy_due"), 0);
	ck_assert_int_gt(count("SELECT count(*) FROM s.notes"), 120);
	/* The indexes are there and in use: her contacts are read through one. */
	ck_assert_int_eq(count("SELECT count(*) FROM main.sqlite_schema WHERE type = 'index' AND "
			       "name = 'contacts_client_outcome'"),
			 1);
	/* The names and the notes are searchable, and check finds nothing amiss. */
	ck_assert_int_eq(count("SELECT count(*) FROM main.clients_fts"), 120);
	ck_assert_int_gt(count("SELECT count(*) FROM s.notes_fts WHERE notes_fts MATCH 'school'"),
			 0);
	ck_assert_int_eq(kw_db_check(ana->store, on_problem, &problems, &err), 0);
	free(before);
	free(after);
}
END_TEST

/* A fill stopped part way (here by a refusal after 300 women) leaves nothing, not a part. */
START_TEST(test_fill_stopped_leaves_nothing)
{
	static const char stop[] =
		"CREATE TEMP TRIGGER stop_fill BEFORE INSERT ON main.contacts WHEN (SELECT "
		"count(*) FROM main.clients) > 300 BEGIN SELECT RAISE(ABORT, 'stopped'); END";
	static const char unstop[] = "DROP TRIGGER temp.stop_fill";
	char *before = schema(), *after;
	struct kw_err err;
	long problems = 0;

	ck_assert_int_eq(kw_db_bench_query(ana->store, stop, NULL, 0, NULL, NULL, NULL, &err), 0);
	ck_assert_int_eq(kw_synth_fill(ana, 400, 5, &err), -1);
	ck_assert_int_eq(count("SELECT count(*) FROM main.clients"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM s.notes"), 0);
	ck_assert_int_eq(kw_db_bench_query(ana->store, unstop, NULL, 0, NULL, NULL, NULL, &err), 0);
	after = schema();
	same_schema(after, before);
	/* The store is as it was: a fill works after it. */
	ck_assert_int_eq(kw_synth_fill(ana, 30, 5, &err), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM main.contact_state"), 30);
	ck_assert_int_eq(kw_db_check(ana->store, on_problem, &problems, &err), 0);
	free(before);
	free(after);
}
END_TEST

static Suite *suite(void)
{
	Suite *su = suite_create("synth");
	TCase *t = tcase_create("synth");

	tcase_set_timeout(t, 300);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_fill_leaves_the_schema_it_found);
	tcase_add_test(t, test_fill_stopped_leaves_nothing);
	suite_add_tcase(su, t);
	return su;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
