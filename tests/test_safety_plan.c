/*
 * test_safety_plan.c: her safety plans (the safety_plan form, kept in the
 * sensitive compartment) in real SQLCipher files: what the plan says is
 * stored and read back; plans list newest first, the one before kept as it
 * was; a review day before the plan was made is refused; a drop-in worker can
 * neither read nor write one.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/formdb.h"
#include "keywork/formsave.h"
#include "keywork/util.h"
#include "testutil.h"

#define CAT_PASS "maple-signal-quartz-ember-hollow"

static char *tmp, *data;
static struct kw_session *ana;
static struct kw_form_pack *pack;
static char her[37];

static void setup(void)
{
	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	pack = tu_pack(NULL, 0);
	tu_woman(ana, "Sam", ana->user.meta.id, her);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

struct col {
	char out[1024];
	int n;
};

static int collect(void *ctx, const char *id, const struct kw_values *vals)
{
	struct col *c = ctx;
	const struct kw_value *on = kw_values_get(vals, "made_on");
	const struct kw_value *where = kw_values_get(vals, "safe_places");
	size_t len = strlen(c->out);

	(void)id;
	snprintf(c->out + len, sizeof(c->out) - len, "%s%s %s", c->n++ > 0 ? "|" : "",
		 on != NULL && on->text != NULL ? on->text : "-",
		 where != NULL && where->text != NULL ? where->text : "-");
	return 0;
}

static int plans(struct kw_session *s, struct col *c, struct kw_err *err)
{
	memset(c, 0, sizeof(*c));
	return kw_db_form_list(s->store, kw_form_find(pack, "safety_plan"), her, "made_on", 50,
			       collect, c, err);
}

START_TEST(test_plans_kept)
{
	char msg[512], first[37] = "";
	struct col c;
	struct kw_err err;

	ck_assert_int_eq(tu_save(ana, pack, "safety_plan", her, first, msg, "made_on", "2026-01-05",
				 "review_on", "2026-04-05", "safe_places", "Her sister's flat",
				 "people_to_call", "Sister, by text first", "signal",
				 "Asks about the blue umbrella", "agreed", "yes", NULL),
			 0);
	ck_assert_int_eq(tu_save(ana, pack, "safety_plan", her, NULL, msg, "made_on", "2026-04-02",
				 "safe_places", "The refuge", NULL),
			 0);
	ck_assert_int_eq(plans(ana, &c, &err), 2);
	ck_assert_str_eq(c.out, "2026-04-02 The refuge|2026-01-05 Her sister's flat");
	/* The review day can't come before the plan. */
	ck_assert_int_ne(tu_save(ana, pack, "safety_plan", her, NULL, msg, "made_on", "2026-04-02",
				 "review_on", "2026-03-01", NULL),
			 0);
	ck_assert_msg(strstr(msg, "can't be before the plan was made") != NULL, "%s", msg);
	ck_assert_int_eq(plans(ana, &c, &err), 2);
}
END_TEST

START_TEST(test_dropin_can_not)
{
	struct kw_session *cat;
	struct kw_err err;
	struct col c;
	char msg[512];

	ck_assert_int_eq(
		tu_save(ana, pack, "safety_plan", her, NULL, msg, "made_on", "2026-01-05", NULL),
		0);
	tu_user(ana, "cat", KW_ROLE_DROPIN, CAT_PASS);
	cat = tu_open(data, "cat", CAT_PASS, &err);
	ck_assert_msg(cat != NULL, "%s", err.msg);
	ck_assert_int_eq(plans(cat, &c, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_int_ne(
		tu_save(cat, pack, "safety_plan", her, NULL, msg, "made_on", "2026-01-05", NULL),
		0);
	kw_session_close(&cat);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("safety_plan");
	TCase *t = tcase_create("store");

	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_plans_kept);
	tcase_add_test(t, test_dropin_can_not);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
