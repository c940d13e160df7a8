/*
 * test_rules.c: Check suite for rules of the work that kw_form_save applies
 * for every caller (src/app/rules.c, src/app/formsave.c), on real SQLCipher
 * files: a step that shares about her records its disclosure in the same
 * save (to whom, when, on what basis, who decided); a mentor match is agreed
 * only when the mentor said she is comfortable; and every save of one of her
 * records names her in the audit trail, however the record reaches her.
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

/* A new step under item: shares_info as given, confirmed or not. Returns kw_form_save_with's. */
static int step(const char *item, const char *shares, bool confirmed, char id[37],
		struct kw_err *err)
{
	const struct kw_form_spec *f = kw_form_find(pack, "advocacy_step");
	struct kw_form_record r = { 0 };
	struct kw_values v = { 0 };
	struct kw_field_errors fe = { 0 };
	struct kw_save_opts o = { .confirmed = confirmed };
	int rc;

	snprintf(r.parent_id, sizeof(r.parent_id), "%s", item);
	kw_values_set(&v, "step", "chased");
	kw_values_set(&v, "happened_on", "2024-06-10");
	kw_values_set(&v, "summary", "Asked for the decision in writing");
	kw_values_set(&v, "shares_info", shares);
	rc = kw_form_save_with(ana, f, &r, &v, &o, &fe, err);
	if (rc == 0)
		memcpy(id, r.id, 37);
	kw_field_errors_free(&fe);
	kw_values_free(&v);
	return rc;
}

/* --- a step that shares about her records the disclosure --- */

struct disclosures {
	int n;
	char agency[64], on[11], basis[64], consent[37], decided_by[37], what[512];
};

static void copy(char *to, size_t len, const struct kw_values *vals, const char *key)
{
	const struct kw_value *v = kw_values_get(vals, key);

	snprintf(to, len, "%s",
		 v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL ? v->text : "");
}

static int on_disclosure(void *ctx, const char *id, const struct kw_values *vals)
{
	struct disclosures *d = ctx;

	(void)id;
	d->n++; /* newest first: the first one listed is kept */
	if (d->n > 1)
		return 0;
	copy(d->agency, sizeof(d->agency), vals, "agency");
	copy(d->on, sizeof(d->on), vals, "disclosed_on");
	copy(d->basis, sizeof(d->basis), vals, "basis");
	copy(d->consent, sizeof(d->consent), vals, "consent");
	copy(d->decided_by, sizeof(d->decided_by), vals, "decided_by");
	copy(d->what, sizeof(d->what), vals, "what");
	return 0;
}

static struct disclosures hers_shared(void)
{
	struct disclosures d = { 0 };
	struct kw_err err;

	ck_assert_int_ge(kw_db_form_list(ana->store, kw_form_find(pack, "disclosure"), her,
					 "disclosed_on", 100, on_disclosure, &d, &err),
			 0);
	return d;
}

START_TEST(test_sharing_records_a_disclosure)
{
	char item[37] = "", s1[37] = "", s2[37] = "", consent[37] = "", msg[512];
	struct kw_err err;
	struct disclosures d;

	ck_assert_msg(save("advocacy_item", her, item, msg, "agency", "housing", "issue",
			   "Priority need decision", NULL) == 0,
		      "%s", msg);
	/* Asked, not confirmed: nothing saved, nothing disclosed. */
	ck_assert_int_eq(step(item, "yes", false, s1, &err), -1);
	ck_assert_int_eq(err.reason, KW_R_QUESTION);
	ck_assert_int_eq(hers_shared().n, 0);
	/* A step that shares nothing discloses nothing. */
	ck_assert_int_eq(step(item, "no", false, s1, &err), 0);
	ck_assert_int_eq(hers_shared().n, 0);
	/* Without consent, confirmed: the disclosure says so, and who decided. */
	ck_assert_msg(step(item, "yes", true, s1, &err) == 0, "%s", err.msg);
	d = hers_shared();
	ck_assert_int_eq(d.n, 1);
	ck_assert_str_eq(d.agency, "housing");
	ck_assert_str_eq(d.on, "2024-06-10");
	ck_assert_str_eq(d.basis, "without_consent");
	ck_assert_str_eq(d.consent, "");
	ck_assert_str_eq(d.decided_by, ana->user.meta.id);
	ck_assert_ptr_nonnull(strstr(d.what, "Chased"));
	ck_assert_ptr_nonnull(strstr(d.what, "Priority need decision"));
	/* On her consent: the disclosure names the consent relied on. */
	ck_assert_msg(save("consent", her, consent, msg, "purpose", "share_with_agency", "agency",
			   "housing", "decision", "given", "decided_on", "2024-06-01", NULL) == 0,
		      "%s", msg);
	ck_assert_msg(step(item, "yes", false, s2, &err) == 0, "%s", err.msg);
	d = hers_shared();
	ck_assert_int_eq(d.n, 2);
	ck_assert_str_eq(d.basis, "her_consent");
	ck_assert_str_eq(d.consent, consent);
	ck_assert_str_eq(d.decided_by, ana->user.meta.id);
}
END_TEST

START_TEST(test_no_share_discloses_nothing)
{
	char item[37] = "", s1[37] = "", ns[37] = "", msg[512];
	struct kw_err err;

	ck_assert_msg(save("no_share", her, ns, msg, "agency", "police", "noted_on", "2024-06-01",
			   NULL) == 0,
		      "%s", msg);
	ck_assert_msg(save("advocacy_item", her, item, msg, "agency", "police", "issue",
			   "Property returned", NULL) == 0,
		      "%s", msg);
	ck_assert_int_eq(step(item, "yes", true, s1, &err), -1);
	ck_assert_int_eq(err.reason, KW_R_RULE);
	ck_assert_int_eq(hers_shared().n, 0);
}
END_TEST

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
	tcase_add_test(t, test_sharing_records_a_disclosure);
	tcase_add_test(t, test_no_share_discloses_nothing);
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
