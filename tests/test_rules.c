/*
 * test_rules.c: Check suite for what kw_form_save does for every caller
 * (src/app/rules.c, src/app/formsave.c), on real SQLCipher files: a mentor
 * match is agreed only when the mentor said she is comfortable; and every
 * save of one of her records names her in the audit trail, however the
 * record reaches her.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/formdb.h"
#include "keywork/formsave.h"
#include "keywork/policy.h"
#include "keywork/util.h"
#include "testutil.h"

static char *tmp, *data;
static struct kw_session *ana;
static struct kw_form_pack *pack;
static char her[37];

static void setup(void)
{
	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	pack = tu_pack(NULL, 0);
	tu_woman(ana, "Maya", ana->user.meta.id, her);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

static int save(const char *fkey, const char *parent, char *id, char msg[512], ...)
{
	va_list ap;
	int rc;

	va_start(ap, msg);
	rc = tu_vsave(ana, pack, fkey, parent, id, msg, ap);
	va_end(ap);
	return rc;
}

/* --- a mentor match is agreed only when the mentor said yes --- */

START_TEST(test_mentor_agreed_only_when_she_said_yes)
{
	char m[37] = "", msg[512];

	ck_assert_msg(save("mentor_match", her, m, msg, "mentor_name", "Rose", "mentor_comfortable",
			   "no", NULL) == 0,
		      "%s", msg);
	ck_assert_int_eq(save("mentor_match", NULL, m, msg, "status", "agreed", NULL), -1);
	ck_assert_msg(strstr(msg, "not comfortable") != NULL, "%s", msg);
	ck_assert_int_eq(save("mentor_match", NULL, m, msg, "status", "meeting", NULL), -1);
	/* Not asked yet is not a yes either. */
	ck_assert_int_eq(save("mentor_match", her, NULL, msg, "mentor_name", "Ann", "status",
			      "agreed", NULL),
			 -1);
	ck_assert_msg(strstr(msg, "Ask the mentor") != NULL, "%s", msg);
	/* She said yes: agreed, then meeting; ending it needs no yes. */
	ck_assert_msg(save("mentor_match", NULL, m, msg, "mentor_comfortable", "yes", "status",
			   "agreed", NULL) == 0,
		      "%s", msg);
	ck_assert_msg(save("mentor_match", NULL, m, msg, "status", "meeting", NULL) == 0, "%s",
		      msg);
	/* Her answer changing to no while they meet is refused: the match ends instead. */
	ck_assert_int_eq(save("mentor_match", NULL, m, msg, "mentor_comfortable", "no", NULL), -1);
	ck_assert_msg(save("mentor_match", NULL, m, msg, "mentor_comfortable", "no", "status",
			   "ended", NULL) == 0,
		      "%s", msg);
}
END_TEST

/* --- the audit names her --- */

struct audit_seen {
	char want[128];
	int n;
};

static int on_audit(void *ctx, const struct kw_audit_row *r)
{
	struct audit_seen *a = ctx;

	if (r->detail != NULL && strstr(r->detail, a->want) != NULL)
		a->n++;
	return 0;
}

/* How many of her audit rows have want in their detail. */
static int in_her_audit(const char *fmt, ...)
{
	struct kw_audit_filter f = { her, NULL, NULL };
	struct audit_seen a = { 0 };
	struct kw_err err;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a.want, sizeof(a.want), fmt, ap);
	va_end(ap);
	ck_assert_int_eq(kw_db_audit_each(ana->store, &f, on_audit, &a, &err), 0);
	return a.n;
}

/* Saves one answer on record id of form fkey (an edit, as a screen saves it). */
static void save_by_id(const char *fkey, const char *id, const char *key, const char *val)
{
	char rid[37], msg[512];

	snprintf(rid, sizeof(rid), "%s", id);
	ck_assert_msg(save(fkey, NULL, rid, msg, key, val, NULL) == 0, "%s", msg);
}

START_TEST(test_audit_names_her)
{
	char ep[37] = "", cl[37] = "", item[37] = "", st[37] = "", task[37] = "", m[37] = "";
	char sess[37] = "", att[37] = "", msg[512];

	ck_assert_msg(save("referral", her, ep, msg, "referral_source", "self", "programme",
			   "community", NULL) == 0,
		      "%s", msg);
	ck_assert_msg(save("closure", ep, cl, msg, "reason", "her_request", "her_wish",
			   "I need a break", "welcome_back", "Come back any time", "closed_on",
			   "2024-06-12", NULL) == 0,
		      "%s", msg);
	ck_assert_int_eq(in_her_audit("closure added %s", cl), 1);

	ck_assert_msg(save("advocacy_item", her, item, msg, "agency", "housing", "issue", "Repairs",
			   NULL) == 0,
		      "%s", msg);
	ck_assert_msg(save("advocacy_step", item, st, msg, "step", "contacted", NULL) == 0, "%s",
		      msg);
	ck_assert_int_eq(in_her_audit("advocacy_step added %s", st), 1);
	save_by_id("advocacy_step", st, "summary", "Rang the officer");
	ck_assert_int_eq(in_her_audit("advocacy_step changed %s", st), 1);

	ck_assert_msg(save("task", her, task, msg, "title", "Voucher", NULL) == 0, "%s", msg);
	save_by_id("task", task, "title", "Food bank voucher");
	ck_assert_int_eq(in_her_audit("task changed %s", task), 1);

	ck_assert_msg(save("mentor_match", her, m, msg, "mentor_name", "Rose", "mentor_comfortable",
			   "yes", NULL) == 0,
		      "%s", msg);
	save_by_id("mentor_match", m, "status", "agreed");
	ck_assert_int_eq(in_her_audit("mentor_match changed %s", m), 1);

	ck_assert_msg(save("group_session", NULL, sess, msg, "group_name", "wellbeing", "held_on",
			   "2024-06-01", NULL) == 0,
		      "%s", msg);
	ck_assert_msg(save("attendance", sess, att, msg, "client", her, "attended", "attended",
			   NULL) == 0,
		      "%s", msg);
	ck_assert_int_eq(in_her_audit("attendance added %s", att), 1);
	save_by_id("attendance", att, "rating", "4");
	ck_assert_int_eq(in_her_audit("attendance changed %s", att), 1);
	/* A group session is no woman's. */
	ck_assert_int_eq(in_her_audit("group_session added %s", sess), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rules");
	TCase *t = tcase_create("store");

	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_mentor_agreed_only_when_she_said_yes);
	tcase_add_test(t, test_audit_names_her);
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
