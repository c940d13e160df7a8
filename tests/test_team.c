/*
 * test_team.c: Check suite for the team (src/app/team.c, src/db/team.c) on
 * real SQLCipher files, with the day given, as the clock: the queue of women
 * waiting (oldest first, a true count beyond the rows a screen shows), an
 * allocation kept in her history and audited, capacity, a cover that ends by
 * itself after its last day (audited once), and a leaver's caseload moved to
 * the queue.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/policy.h"
#include "keywork/team.h"
#include "keywork/util.h"
#include "testutil.h"

static char *tmp, *data;
static struct kw_session *ana;
static struct kw_form_pack *pack;

static void setup(void)
{
	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	pack = tu_pack(NULL, 0);
	tu_user(ana, "bea", KW_ROLE_KEYWORKER, "copper-heron-orchard-violet-dune");
	tu_user(ana, "kim", KW_ROLE_KEYWORKER, "plover-saddle-granite-mellow-wick");
	tu_user(ana, "cat", KW_ROLE_DROPIN, "maple-signal-quartz-ember-hollow");
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

static const char *id_of(const char *name)
{
	static struct kw_user u;
	struct kw_err err;

	ck_assert_int_eq(kw_db_user_find(ana->store, name, &u, &err), 1);
	return u.meta.id;
}

/* A woman with no keyworker (or keyworker_id's), referred on referred_on when not NULL. */
static void referred(const char *known_as, const char *keyworker_id, const char *referred_on,
		     char id[37])
{
	char msg[512], ep[37] = "";

	tu_woman(ana, known_as, keyworker_id, id);
	if (referred_on != NULL)
		ck_assert_msg(tu_save(ana, pack, "referral", id, ep, msg, "referral_source", "self",
				      "programme", "diversion", "cadence", "high", "referred_on",
				      referred_on, NULL) == 0,
			      "%s", msg);
}

struct seen {
	char names[8][32];
	char since[8][11];
	int n;
};

static int on_waiting(void *ctx, const struct kw_waiting *w)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->names[s->n], 32, "%s", w->known_as);
		snprintf(s->since[s->n], 11, "%s", w->since);
		s->n++;
	}
	return 0;
}

START_TEST(test_queue_oldest_first)
{
	struct seen s = { .n = 0 };
	char a[37], b[37], c[37], d[37];
	struct kw_err err;
	long total = -1;

	referred("Newer", NULL, "2026-11-20", a);
	referred("Older", NULL, "2026-10-01", b);
	referred("Jo", NULL, NULL, c);			 /* never referred: not waiting */
	referred("Hers", id_of("bea"), "2026-09-01", d); /* has a keyworker: not waiting */
	{
		/* Drop-in only (no_keyworker in the programmes list): she waits for nobody. */
		char e[37], msg[512], ep[37] = "";

		tu_woman(ana, "Dropin", NULL, e);
		ck_assert_msg(tu_save(ana, pack, "referral", e, ep, msg, "referral_source", "self",
				      "programme", "drop_in", "referred_on", "2026-08-01",
				      NULL) == 0,
			      "%s", msg);
	}
	ck_assert_int_eq(kw_app_waiting(ana, pack, on_waiting, &s, &total, &err), 0);
	ck_assert_int_eq(total, 2);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.names[0], "Older");
	ck_assert_str_eq(s.since[0], "2026-10-01");
	ck_assert_str_eq(s.names[1], "Newer");
}
END_TEST

static int stop_at_once(void *ctx, const struct kw_waiting *w)
{
	(void)w;
	(*(int *)ctx)++;
	return 1;
}

START_TEST(test_queue_counts_every_woman)
{
	char id[37], name[16];
	struct kw_err err;
	long total = -1;
	int calls = 0;

	/* More than the screen lists (100): the count is still every woman. */
	for (int i = 0; i < 130; i++) {
		snprintf(name, sizeof(name), "W%03d", i);
		referred(name, NULL, "2026-11-01", id);
	}
	ck_assert_int_eq(kw_app_waiting(ana, pack, stop_at_once, &calls, &total, &err), 0);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(total, 130);
}
END_TEST

struct change {
	bool found;
	char old[37], now[37];
};

static int on_change(void *ctx, const struct kw_change *c)
{
	struct change *ch = ctx;

	if (strcmp(c->field, "keyworker_id") != 0)
		return 0;
	ch->found = true;
	snprintf(ch->old, sizeof(ch->old), "%s", c->old_value != NULL ? c->old_value : "");
	snprintf(ch->now, sizeof(ch->now), "%s", c->new_value != NULL ? c->new_value : "");
	return 0;
}

struct audit_find {
	const char *action;
	const char *detail;
	int n;
};

static int on_audit(void *ctx, const struct kw_audit_row *r)
{
	struct audit_find *f = ctx;

	if (strcmp(r->action, f->action) == 0 && strstr(r->detail, f->detail) != NULL)
		f->n++;
	return 0;
}

static int audited(const char *action, const char *detail)
{
	struct kw_audit_filter flt = { 0 };
	struct audit_find f = { action, detail, 0 };
	struct kw_err err;

	ck_assert_int_eq(kw_db_audit_each(ana->store, &flt, on_audit, &f, &err), 0);
	return f.n;
}

static int count_member(void *ctx, const struct kw_team_member *m)
{
	struct kw_team_member *want = ctx;

	if (strcmp(m->username, want->username) == 0)
		*want = *m;
	return 0;
}

static int count_id(void *ctx, const char *id)
{
	(void)id;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_allocation_history_audit_capacity)
{
	struct kw_team_member bea = { .username = "bea" };
	struct change ch = { 0 };
	char her[37], today[11];
	struct kw_err err;
	long total = -1;
	struct seen s = { .n = 0 };
	int fresh = 0;

	referred("Mona", NULL, "2026-11-01", her);
	ck_assert_int_eq(kw_app_set_capacity(ana, "bea", 3, &err), 0);
	ck_assert_int_ne(kw_app_set_capacity(ana, "cat", 3, &err), 0); /* no caseload */
	ck_assert_int_eq(kw_app_allocate(ana, her, id_of("bea"), &err), 0);
	ck_assert_int_ne(kw_app_allocate(ana, her, id_of("cat"), &err), 0);
	ck_assert_int_eq(kw_app_waiting(ana, pack, on_waiting, &s, &total, &err), 0);
	ck_assert_int_eq(total, 0);
	ck_assert_int_eq(kw_db_history_each(ana->store, her, on_change, &ch, &err), 0);
	ck_assert(ch.found);
	ck_assert_str_eq(ch.now, id_of("bea"));
	ck_assert_int_eq(audited("allocate", "allocated to bea"), 1);
	ck_assert_int_eq(audited("user-capacity", "capacity of bea: 3"), 1);
	ck_assert_int_eq(kw_app_team_each(ana, count_member, &bea, &err), 0);
	ck_assert_int_eq(bea.caseload, 1);
	ck_assert_int_eq(bea.capacity, 3);
	{
		/* A keyworker recorded with no slot in the key file cannot sign in: not offered. */
		struct kw_team_member ghost = { .username = "ghost" };
		unsigned char pk[32] = { 7 };

		ck_assert_int_eq(
			kw_db_user_add(ana->store, "ghost", KW_ROLE_KEYWORKER, pk, NULL, &err), 0);
		ck_assert_int_eq(kw_app_team_each(ana, count_member, &ghost, &err), 0);
		ck_assert_int_eq(ghost.caseload, 0);
		ck_assert(ghost.id[0] == '\0');
	}
	kw_today(today);
	ck_assert_int_eq(kw_app_new_to(ana, id_of("bea"), today, count_id, &fresh, &err), 0);
	ck_assert_int_eq(fresh, 1); /* marked new on bea's Today */
	fresh = 0;
	ck_assert_int_eq(kw_app_new_to(ana, id_of("kim"), today, count_id, &fresh, &err), 0);
	ck_assert_int_eq(fresh, 0);
}
END_TEST

static int count_cover(void *ctx, const struct kw_cover *c)
{
	(void)c;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_cover_ends_by_itself)
{
	struct kw_err err;
	int n = 0;

	ck_assert_int_ne(kw_app_cover_start(ana, "kim", "bea", "2026-12-01", "2026-11-30", &err),
			 0); /* a day gone by */
	ck_assert_int_ne(kw_app_cover_start(ana, "kim", "cat", "2026-12-01", "2026-12-10", &err),
			 0); /* drop-in staff */
	ck_assert_int_eq(kw_app_cover_start(ana, "kim", "bea", "2026-12-01", "2026-12-10", &err),
			 0);
	ck_assert_int_eq(audited("cover-start", "cover of kim by bea from 2026-12-01 until "
						"2026-12-10"),
			 1);
	/* Its last day: still on. */
	ck_assert_int_eq(kw_app_covering(ana, id_of("bea"), "2026-12-10", count_cover, &n, &err),
			 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(kw_app_covering(ana, id_of("kim"), "2026-12-10", count_cover, &n, &err),
			 0);
	ck_assert_int_eq(n, 1); /* kim covers nobody */
	/* Days later: it ended the day after its last, once, audited, whoever noticed. */
	n = 0;
	ck_assert_int_eq(kw_app_covering(ana, id_of("bea"), "2026-12-15", count_cover, &n, &err),
			 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(kw_app_cover_sweep(ana, "2026-12-20", &err), 0);
	ck_assert_int_eq(audited("cover-end", "cover of kim by bea ended 2026-12-11 (its last "
					      "day had passed)"),
			 1);
	/* Ended, kim can be covered again. */
	ck_assert_int_eq(kw_app_cover_start(ana, "kim", "ana", "2026-12-12", "2026-12-12", &err),
			 0);
	ck_assert_int_eq(kw_app_cover_end(ana, "kim", "2026-12-12", &err), 0);
	ck_assert_int_eq(audited("cover-end", "ended early"), 1);
}
END_TEST

START_TEST(test_leaver_to_queue)
{
	char a[37], b[37];
	struct kw_err err;
	long n = -1, total = -1, kept = -1;
	struct seen s = { .n = 0 };

	referred("Ada", id_of("kim"), "2026-10-01", a);
	referred("Bo", id_of("kim"), NULL, b);
	ck_assert_int_eq(kw_app_caseload_release(ana, "kim", false, &n, &kept, &err), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(kw_app_caseload_release(ana, "kim", true, &n, &kept, &err), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(kw_app_caseload_release(ana, "kim", false, &n, &kept, &err), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(audited("unallocate", "moved to the queue from kim"), 2);
	/* Ada was referred: she waits. Bo never was, so she has no keyworker and no place in it. */
	ck_assert_int_eq(kw_app_waiting(ana, pack, on_waiting, &s, &total, &err), 0);
	ck_assert_int_eq(total, 1);
	ck_assert_str_eq(s.names[0], "Ada");
}
END_TEST

static Suite *suite(void)
{
	Suite *su = suite_create("team");
	TCase *t = tcase_create("team");

	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_queue_oldest_first);
	tcase_add_test(t, test_queue_counts_every_woman);
	tcase_add_test(t, test_allocation_history_audit_capacity);
	tcase_add_test(t, test_cover_ends_by_itself);
	tcase_add_test(t, test_leaver_to_queue);
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
