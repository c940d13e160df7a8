/*
 * test_regard.c: Check suite for her journey (outcome scores over time,
 * src/db/regard.c and src/app/journey.c) and her groups (sessions and
 * attendance by her id).
 *
 * Run as `test_regard peek DIR USER NAME` (passphrase on stdin) it prints,
 * for the woman a search for NAME finds first, what keys 1 and 4 stored:
 * her strengths, scores, mentor matches and attendance, one per line; the
 * screen tests (ui_regard.sh, ui_peers.sh) check what they saved with it.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/formdb.h"
#include "keywork/formsave.h"
#include "keywork/regard.h"
#include "keywork/util.h"
#include "keywork/view.h"
#include "testutil.h"

static char *tmp, *data;
static struct kw_session *ana;
static struct kw_form_pack *pack;

static void setup(void)
{
	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	pack = tu_pack(NULL, 0);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

static void woman(const char *known_as, char id[37])
{
	tu_woman(ana, known_as, ana->user.meta.id, id);
}

/* Saves a new record with form fkey under parent: key, value, ..., NULL. id may be NULL. */
static void record(const char *fkey, const char *parent, char *id, ...)
{
	char msg[512];
	va_list ap;
	int rc;

	if (id != NULL)
		id[0] = '\0';
	va_start(ap, id);
	rc = tu_vsave(ana, pack, fkey, parent, id, msg, ap);
	va_end(ap);
	ck_assert_msg(rc == 0, "save %s: %s", fkey, msg);
}

static int to_journey(void *ctx, const struct kw_score_row *r)
{
	kw_journey_add(ctx, r);
	return 0;
}

START_TEST(journey_per_pathway)
{
	char her[37], other[37];
	struct kw_journey j = { 0 };
	const struct kw_journey_path *acc, *ete, *hw;
	struct kw_err err;

	woman("Amara", her);
	woman("Bea", other);
	/* Saved out of date order: the journey goes by the day scored. */
	record("outcome_ladder", her, NULL, "pathway", "accommodation", "scored_on", "2024-06-01",
	       "score", "4", NULL);
	record("outcome_ladder", her, NULL, "pathway", "accommodation", "scored_on", "2024-03-05",
	       "score", "2", NULL);
	record("outcome_ladder", her, NULL, "pathway", "accommodation", "scored_on", "2024-04-10",
	       "score", "not_applicable", NULL);
	record("outcome_ladder", her, NULL, "pathway", "education_training_employment", "scored_on",
	       "2024-05-01", "score", "3", NULL);
	record("outcome_ladder", her, NULL, "pathway", "health_wellbeing", "scored_on",
	       "2024-05-01", "score", "not_applicable", NULL);
	record("outcome_ladder", other, NULL, "pathway", "accommodation", "scored_on", "2024-05-01",
	       "score", "1", NULL);
	ck_assert_int_eq(kw_db_scores(ana->store, her, to_journey, &j, &err), 5);
	ck_assert_int_eq((int)j.n, 3);
	acc = kw_journey_find(&j, "accommodation");
	ck_assert_ptr_nonnull(acc);
	/* Not applicable is no score: two scores, 2 then 4, +2 from March. */
	ck_assert_int_eq((int)acc->n, 2);
	ck_assert_int_eq(acc->first, 2);
	ck_assert_int_eq(acc->latest, 4);
	ck_assert_str_eq(acc->first_on, "2024-03-05");
	ck_assert_str_eq(acc->latest_on, "2024-06-01");
	ck_assert_int_eq(kw_journey_distance(acc), 2);
	ck_assert_int_eq((int)acc->nrecent, 2);
	ck_assert_int_eq(acc->recent[0], 2);
	ck_assert_int_eq(acc->recent[1], 4);
	ck_assert(!acc->last_not_score);
	ck_assert_str_eq(acc->last_on, "2024-06-01");
	ete = kw_journey_find(&j, "education_training_employment");
	ck_assert_int_eq((int)ete->n, 1);
	ck_assert_int_eq(kw_journey_distance(ete), 0);
	hw = kw_journey_find(&j, "health_wellbeing");
	ck_assert_int_eq((int)hw->n, 0);
	ck_assert(hw->last_not_score);
	ck_assert_ptr_null(kw_journey_find(&j, "support_network"));
	kw_journey_free(&j);
	/* Her new score, said not applicable now: the newest entry, not a score. */
	record("outcome_ladder", her, NULL, "pathway", "accommodation", "scored_on", "2024-07-01",
	       "score", "not_applicable", NULL);
	ck_assert_int_eq(kw_db_scores(ana->store, her, to_journey, &j, &err), 6);
	acc = kw_journey_find(&j, "accommodation");
	ck_assert(acc->last_not_score);
	ck_assert_str_eq(acc->last_on, "2024-07-01");
	ck_assert_int_eq(acc->latest, 4);
	ck_assert_int_eq(kw_journey_distance(acc), 2);
	kw_journey_free(&j);
}
END_TEST

START_TEST(journey_keeps_newest_points)
{
	struct kw_journey j = { 0 };
	char on[11];
	const struct kw_journey_path *p;

	for (int i = 0; i < 20; i++) {
		char score[4];
		struct kw_score_row r = { "id", "accommodation", on, score };

		snprintf(on, sizeof(on), "2024-01-%02d", i + 1);
		snprintf(score, sizeof(score), "%d", 1 + i % 5);
		kw_journey_add(&j, &r);
	}
	p = kw_journey_find(&j, "accommodation");
	ck_assert_int_eq((int)p->n, 20);
	ck_assert_int_eq((int)p->nrecent, KW_JOURNEY_POINTS);
	/* The newest 16 of 1,2,3,4,5,1,...: from the 5th (score 5) on. */
	ck_assert_int_eq(p->recent[0], 5);
	ck_assert_int_eq(p->recent[KW_JOURNEY_POINTS - 1], 5);
	ck_assert_int_eq(p->first, 1);
	ck_assert_int_eq(p->latest, 5);
	ck_assert_int_eq(kw_journey_distance(p), 4);
	kw_journey_free(&j);
}
END_TEST

struct sessions {
	int n;
	char id[8][37];
	char group[8][32];
	char hers[8][37];
	long attendees[8];
};

static int on_session(void *ctx, const struct kw_session_row *r)
{
	struct sessions *s = ctx;

	if (s->n < 8) {
		memcpy(s->id[s->n], r->id, 37);
		snprintf(s->group[s->n], 32, "%s", r->group_name);
		memcpy(s->hers[s->n], r->her_attendance, 37);
		s->attendees[s->n] = r->attendees;
	}
	s->n++;
	return 0;
}

struct atts {
	int n;
	char id[8][37];
	char session[8][37];
	char held[8][11];
	char attended[8][16];
	int rating[8];
};

static int on_att(void *ctx, const struct kw_attendance_row *r)
{
	struct atts *a = ctx;

	if (a->n < 8) {
		memcpy(a->id[a->n], r->id, 37);
		memcpy(a->session[a->n], r->session_id, 37);
		snprintf(a->held[a->n], 11, "%s", r->held_on);
		snprintf(a->attended[a->n], 16, "%s", r->attended != NULL ? r->attended : "");
		a->rating[a->n] = r->rating;
	}
	a->n++;
	return 0;
}

START_TEST(groups_she_came_to)
{
	char her[37], other[37], s1[37], s2[37], s3[37], a1[37], a2[37];
	struct sessions ss = { 0 };
	struct atts as = { 0 };
	struct kw_err err;

	woman("Amara", her);
	woman("Bea", other);
	record("group_session", NULL, s1, "group_name", "wellbeing", "held_on", "2024-05-01", NULL);
	record("group_session", NULL, s2, "group_name", "mothers", "held_on", "2024-05-08", "venue",
	       "the centre", NULL);
	record("group_session", NULL, s3, "group_name", "creative", "held_on", "2024-01-08", NULL);
	record("attendance", s1, a1, "client", her, "attended", "attended", "rating", "5", NULL);
	record("attendance", s2, a2, "client", her, "attended", "missed", NULL);
	record("attendance", s2, NULL, "client", other, "attended", "attended", "rating", "3",
	       NULL);

	/* Sessions from April on, newest first, with hers marked. */
	ck_assert_int_eq(kw_db_group_sessions(ana->store, "2024-04-01", "2024-06-01", her, 50,
					      on_session, &ss, &err),
			 2);
	ck_assert_str_eq(ss.id[0], s2);
	ck_assert_str_eq(ss.group[0], "mothers");
	ck_assert_int_eq((int)ss.attendees[0], 2);
	ck_assert_str_eq(ss.hers[0], a2);
	ck_assert_str_eq(ss.id[1], s1);
	ck_assert_str_eq(ss.hers[1], a1);
	memset(&ss, 0, sizeof(ss));
	ck_assert_int_eq(
		kw_db_group_sessions(ana->store, NULL, NULL, NULL, 50, on_session, &ss, &err), 3);
	ck_assert_str_eq(ss.id[2], s3);
	ck_assert_str_eq(ss.hers[0], "");

	/* Hers only, newest first, rating and all. */
	ck_assert_int_eq(kw_db_attendance_of(ana->store, her, 50, on_att, &as, &err), 2);
	ck_assert_str_eq(as.id[0], a2);
	ck_assert_str_eq(as.session[0], s2);
	ck_assert_str_eq(as.attended[0], "missed");
	ck_assert_int_eq(as.rating[0], 0);
	ck_assert_str_eq(as.id[1], a1);
	ck_assert_str_eq(as.held[1], "2024-05-01");
	ck_assert_int_eq(as.rating[1], 5);
	memset(&as, 0, sizeof(as));
	ck_assert_int_eq(kw_db_attendance_of(ana->store, other, 50, on_att, &as, &err), 1);
	ck_assert_int_eq(as.rating[0], 3);
}
END_TEST

/* --- peek: what the screen tests saved --- */

struct peek {
	const struct kw_form_spec *f;
	const char *what;
	const char *const *keys;
};

static int peek_record(void *ctx, const char *id, const struct kw_values *vals)
{
	const struct peek *pk = ctx;

	(void)id;
	printf("%s", pk->what);
	for (const char *const *k = pk->keys; *k != NULL; k++) {
		const struct kw_value *v = kw_values_get(vals, *k);

		printf("\t%s", v == NULL		       ? "-"
			       : v->state != KW_STATE_ANSWERED ? kw_state_name(v->state)
			       : v->text != NULL	       ? v->text
							       : "");
	}
	printf("\n");
	return 0;
}

static int peek_hit(void *ctx, const struct kw_hit *h)
{
	memcpy(ctx, h->id, 37);
	return 1;
}

static int peek_att(void *ctx, const struct kw_attendance_row *r)
{
	(void)ctx;
	printf("attendance\t%s\t%s\t%s\t%d\n", r->group_name, r->held_on,
	       r->attended != NULL ? r->attended : "-", r->rating);
	return 0;
}

static int peek(const char *dir, const char *user, const char *name)
{
	static const char *const strength_keys[] = { "noted_on", "kind", "description", NULL };
	static const char *const score_keys[] = { "pathway", "scored_on", "score", NULL };
	static const char *const match_keys[] = { "mentor_name", "status",     "proposed_on",
						  "agreed_on",	 "meeting_on", "ended_on",
						  NULL };
	char line[256], id[37] = "";
	char *fdir = kw_forms_shipped_dir();
	struct kw_diags ds = { 0 };
	struct kw_session *s;
	struct kw_err err;
	struct peek pk;

	if (fgets(line, sizeof(line), stdin) == NULL)
		return 64;
	line[strcspn(line, "\n")] = '\0';
	s = tu_open(dir, user, line, &err);
	if (s == NULL || kw_form_pack_load(fdir, NULL, 0, &pack, &ds, &err) != 0) {
		fprintf(stderr, "peek: %s\n", err.msg);
		return 1;
	}
	free(fdir);
	kw_diags_free(&ds);
	if (kw_db_search(s->store, name, 1, peek_hit, id, &err) != 0 || id[0] == '\0') {
		fprintf(stderr, "peek: nobody found for %s\n", name);
		return 1;
	}
	pk = (struct peek){ kw_form_find(pack, "strength"), "strength", strength_keys };
	kw_db_form_list(s->store, pk.f, id, "noted_on", 100, peek_record, &pk, &err);
	pk = (struct peek){ kw_form_find(pack, "outcome_ladder"), "score", score_keys };
	kw_db_form_list(s->store, pk.f, id, "scored_on", 100, peek_record, &pk, &err);
	pk = (struct peek){ kw_form_find(pack, "mentor_match"), "match", match_keys };
	kw_db_form_list(s->store, pk.f, id, "proposed_on", 100, peek_record, &pk, &err);
	kw_db_attendance_of(s->store, id, 100, peek_att, NULL, &err);
	kw_session_close(&s);
	kw_form_pack_free(&pack);
	return 0;
}

int main(int argc, char **argv)
{
	Suite *su;
	TCase *tc;
	SRunner *sr;
	int failed;

	/* Before the suite exists: peek mode builds none, so leaves nothing unfreed. */
	if (argc == 5 && strcmp(argv[1], "peek") == 0)
		return peek(argv[2], argv[3], argv[4]);
	su = suite_create("regard");
	tc = tcase_create("regard");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, journey_per_pathway);
	tcase_add_test(tc, journey_keeps_newest_points);
	tcase_add_test(tc, groups_she_came_to);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
