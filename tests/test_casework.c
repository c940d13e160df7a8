/*
 * test_casework.c: Check suite for the practical, advocacy and pathway
 * workflows' rules (src/app/casework.c) and reads (src/db/casework.c): the
 * advocacy chain, one open plan per pathway (also refused by the store), only
 * caseload holders as her keyworker (also refused by the store), a plan's
 * actions, and tasks and chases on Today's agenda.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/casework.h"
#include "keywork/formdb.h"
#include "keywork/formsave.h"
#include "keywork/util.h"
#include "keywork/view.h"
#include "testutil.h"

#define TODAY "2024-06-15"

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

/*
 * Saves with form fkey: a new record under parent (id empty or NULL), or
 * record id: key, value, ..., NULL. Returns 0 or -1 (with msg).
 */
static int save(const char *fkey, const char *parent, char *id, char msg[512], ...)
{
	va_list ap;
	int rc;

	va_start(ap, msg);
	rc = tu_vsave(ana, pack, fkey, parent, id, msg, ap);
	va_end(ap);
	return rc;
}

/* --- rules --- */

START_TEST(test_next_step)
{
	ck_assert_str_eq(kw_advocacy_next_step(NULL, false), "contacted");
	ck_assert_str_eq(kw_advocacy_next_step("", true), "contacted");
	ck_assert_str_eq(kw_advocacy_next_step("contacted", false), "awaiting_reply");
	/* No reply by the deadline: chase, then escalate. */
	ck_assert_str_eq(kw_advocacy_next_step("contacted", true), "chased");
	ck_assert_str_eq(kw_advocacy_next_step("awaiting_reply", true), "chased");
	ck_assert_str_eq(kw_advocacy_next_step("awaiting_reply", false), "chased");
	ck_assert_str_eq(kw_advocacy_next_step("chased", true), "escalated");
	ck_assert_str_eq(kw_advocacy_next_step("escalated", false), "resolved");
	ck_assert_str_eq(kw_advocacy_next_step("escalated", true), "escalated");
	ck_assert_ptr_null(kw_advocacy_next_step("resolved", true));
	ck_assert_ptr_null(kw_advocacy_next_step("something else", true));
}
END_TEST

START_TEST(test_dates)
{
	char d[11];

	ck_assert(kw_date_add_days("2024-06-15", 14, d));
	ck_assert_str_eq(d, "2024-06-29");
	ck_assert(kw_date_add_days("2024-12-25", 7, d));
	ck_assert_str_eq(d, "2025-01-01");
	ck_assert(kw_date_add_days("2024-02-28", 1, d));
	ck_assert_str_eq(d, "2024-02-29"); /* a leap year */
	ck_assert(kw_date_add_days("2024-03-31", 0, d));
	ck_assert_str_eq(d, "2024-03-31");
	ck_assert(kw_date_add_days("2024-03-25", 7, d)); /* across the clocks changing */
	ck_assert_str_eq(d, "2024-04-01");
	ck_assert(!kw_date_add_days("15/06/2024", 1, d));
	ck_assert_str_eq(d, "");
	ck_assert(!kw_date_add_days(NULL, 1, d));
	ck_assert(kw_deadline_passed("2024-06-14", TODAY));
	ck_assert(!kw_deadline_passed("2024-06-15", TODAY)); /* due today is not late yet */
	ck_assert(!kw_deadline_passed("2024-06-16", TODAY));
	ck_assert(!kw_deadline_passed("", TODAY));
	ck_assert(!kw_deadline_passed(NULL, TODAY));
}
END_TEST

/* --- one open plan per pathway --- */

START_TEST(test_one_open_plan)
{
	char p1[37] = "", p2[37] = "", p3[37] = "", found[37] = "", opened[11] = "", msg[512];
	struct kw_err err;

	ck_assert_msg(save("support_plan", her, p1, msg, "pathway", "accommodation", "opened_on",
			   "2024-01-10", NULL) == 0,
		      "%s", msg);
	ck_assert_int_eq(
		kw_db_plan_open(ana->store, her, "accommodation", NULL, found, opened, &err), 1);
	ck_assert_str_eq(found, p1);
	ck_assert_str_eq(opened, "2024-01-10");
	/* The plan itself does not count against itself (editing it). */
	ck_assert_int_eq(kw_db_plan_open(ana->store, her, "accommodation", p1, NULL, NULL, &err),
			 0);
	ck_assert_int_eq(kw_db_plan_open(ana->store, her, "legal", NULL, NULL, NULL, &err), 0);

	/*
	 * A second open plan for the pathway is refused by the rule every save
	 * runs (src/app/rules.c), in plain words; the store's trigger refuses it
	 * too, for any writer that went around the app.
	 */
	ck_assert_int_eq(save("support_plan", her, p2, msg, "pathway", "accommodation", "opened_on",
			      "2024-02-01", NULL),
			 -1);
	ck_assert_msg(strstr(msg, "Her Accommodation plan is still open (since 10/01/2024)") !=
			      NULL,
		      "%s", msg);
	/* Another pathway is fine; so is a closed plan for the same one. */
	ck_assert_int_eq(save("support_plan", her, p2, msg, "pathway", "legal", NULL), 0);
	ck_assert_int_eq(save("support_plan", her, p3, msg, "pathway", "accommodation", "opened_on",
			      "2023-01-01", "closed_on", "2023-06-01", NULL),
			 0);
	/* Re-opening that closed one beside the open one is refused; moving the legal plan onto
	 * accommodation too. */
	{
		const struct kw_form_spec *f = kw_form_find(pack, "support_plan");
		struct kw_form_record r = { 0 };
		struct kw_values v = { 0 }, old = { 0 };
		struct kw_field_errors fe = { 0 };

		snprintf(r.id, sizeof(r.id), "%s", p3);
		ck_assert_int_eq(kw_db_form_load(ana->store, f, &r, &old, &err), 1);
		kw_values_set_state(&v, "closed_on", KW_STATE_NOT_ASKED);
		ck_assert_int_eq(kw_form_save(ana, f, &r, &v, &fe, &err), -1);
		ck_assert_int_eq(err.reason, KW_R_RULE);
		ck_assert_msg(strstr(err.msg, "plan is still open") != NULL, "%s", err.msg);
		/* The store, asked directly, still refuses it. */
		ck_assert_int_eq(TU_TXN(ana->store, kw_db_form_save(ana->store, f, &r, &v, &err)),
				 -1);
		ck_assert_msg(strstr(err.msg, "already has an open support plan") != NULL, "%s",
			      err.msg);
		kw_field_errors_free(&fe);
		kw_values_free(&v);
		kw_values_free(&old);
	}
	ck_assert_int_eq(save("support_plan", NULL, p2, msg, "pathway", "accommodation", NULL), -1);
	/* Closing the first plan lets a new one open. */
	ck_assert_int_eq(save("support_plan", NULL, p1, msg, "closed_on", "2024-06-01", NULL), 0);
	ck_assert_int_eq(kw_db_plan_open(ana->store, her, "accommodation", NULL, NULL, NULL, &err),
			 0);
	memset(p2, 0, sizeof(p2));
	ck_assert_msg(save("support_plan", her, p2, msg, "pathway", "accommodation", NULL) == 0,
		      "%s", msg);
}
END_TEST

/* --- only a user who holds a caseload can be her keyworker --- */

START_TEST(test_keyworker_holds_caseload)
{
	struct kw_user cat = { 0 }, bea = { 0 };
	struct kw_client c = { 0 };
	char lin[37] = "", msg[512];
	struct kw_err err;

	tu_user(ana, "cat", KW_ROLE_DROPIN, TU_PASS);
	tu_user(ana, "bea", KW_ROLE_KEYWORKER, TU_PASS);
	ck_assert_int_eq(kw_db_user_find(ana->store, "cat", &cat, &err), 1);
	ck_assert_int_eq(kw_db_user_find(ana->store, "bea", &bea, &err), 1);

	/* A new woman allocated to drop-in staff, and one already here moved to her: refused. */
	ck_assert_int_eq(
		save("intake", NULL, lin, msg, "known_as", "Lin", "keyworker", cat.meta.id, NULL),
		-1);
	ck_assert_msg(strstr(msg, "cat is a drop-in worker and holds no caseload") != NULL, "%s",
		      msg);
	ck_assert_str_eq(lin, "");
	ck_assert_int_eq(save("intake", NULL, her, msg, "keyworker", cat.meta.id, NULL), -1);
	ck_assert_msg(strstr(msg, "only a keyworker or a manager") != NULL, "%s", msg);

	/* A keyworker or a manager is fine. */
	ck_assert_msg(save("intake", NULL, her, msg, "keyworker", bea.meta.id, NULL) == 0, "%s",
		      msg);
	ck_assert_msg(save("intake", NULL, lin, msg, "known_as", "Lin", "keyworker",
			   ana->user.meta.id, NULL) == 0,
		      "%s", msg);

	/* The store, asked around the app, refuses it too. */
	c.known_as = kw_xstrdup("Ro");
	c.keyworker_id = kw_xstrdup(cat.meta.id);
	ck_assert_int_eq(TU_TXN(ana->store, kw_db_client_add(ana->store, &c, &err)), -1);
	ck_assert_msg(strstr(err.msg, "only a keyworker or a manager") != NULL, "%s", err.msg);
	kw_client_clear(&c);
}
END_TEST

/* --- a risk level raised by professional judgement needs the reasons --- */

START_TEST(test_judgement_reason)
{
	char r1[37] = "", r2[37] = "", msg[512];
	struct kw_err err;

	/* No reason, or one letter: refused by the rule every save runs. */
	ck_assert_int_eq(save("risk_checklist", her, r1, msg, "assessed_on", TODAY,
			      "professional_judgement", "medium", NULL),
			 -1);
	ck_assert_msg(strstr(msg, "Raising the level to Medium (the score of 0 gives Standard) "
				  "needs your reasons") != NULL,
		      "%s", msg);
	ck_assert_int_eq(save("risk_checklist", her, r1, msg, "assessed_on", TODAY,
			      "professional_judgement", "high", "judgement_reasons", "x", NULL),
			 -1);
	/* Agreeing with the score needs none; reasons given save it, scored. */
	ck_assert_msg(save("risk_checklist", her, r2, msg, "assessed_on", "2024-06-01",
			   "professional_judgement", "standard", NULL) == 0,
		      "%s", msg);
	ck_assert_msg(save("risk_checklist", her, r1, msg, "assessed_on", TODAY,
			   "professional_judgement", "high", "judgement_reasons",
			   "He found her new address", NULL) == 0,
		      "%s", msg);
	{
		const struct kw_form_spec *f = kw_form_find(pack, "risk_checklist");
		struct kw_form_record r = { 0 };
		struct kw_values v = { 0 };

		snprintf(r.id, sizeof(r.id), "%s", r1);
		ck_assert_int_eq(kw_db_form_load(ana->store, f, &r, &v, &err), 1);
		ck_assert_str_eq(kw_values_get(&v, "score")->text, "0");
		ck_assert_str_eq(kw_values_get(&v, "level")->text, "high");
		ck_assert_str_eq(kw_values_get(&v, "marac_referral")->text, "indicated");
		kw_values_free(&v);
	}
	/* The header shows the newest: level, score, MARAC. */
	{
		struct kw_header h;

		ck_assert_int_eq(kw_db_header(ana->store, her, &h, &err), 1);
		ck_assert_str_eq(h.risk_level, "high");
		ck_assert_int_eq(h.risk_score, 0);
		ck_assert(h.risk_marac);
		kw_header_clear(&h);
	}
}
END_TEST

/* --- a plan's actions --- */

struct acts {
	int n;
	enum kw_action_kind kind[8];
	char title[8][64];
	char status[8][32];
	char due[8][11];
	bool done[8];
};

static int on_act(void *ctx, const struct kw_plan_action *a)
{
	struct acts *g = ctx;

	if (g->n >= 8)
		return 1;
	g->kind[g->n] = a->kind;
	snprintf(g->title[g->n], 64, "%s", a->title != NULL ? a->title : "");
	snprintf(g->status[g->n], 32, "%s", a->status != NULL ? a->status : "");
	snprintf(g->due[g->n], 11, "%s", a->due_on != NULL ? a->due_on : "");
	g->done[g->n] = a->done;
	g->n++;
	return 0;
}

START_TEST(test_plan_actions)
{
	char plan[37] = "", other[37] = "", t1[37] = "", item[37] = "", msg[512];
	struct acts g = { 0 };
	struct kw_err err;

	ck_assert_int_eq(save("support_plan", her, plan, msg, "pathway", "accommodation", NULL), 0);
	ck_assert_int_eq(save("support_plan", her, other, msg, "pathway", "legal", NULL), 0);
	ck_assert_msg(save("task", her, t1, msg, "title", "Housing register", "kind", "application",
			   "due_on", "2024-06-20", "support_plan", plan, NULL) == 0,
		      "%s", msg);
	ck_assert_int_eq(save("task", her, NULL, msg, "title", "Deposit grant", "due_on",
			      "2024-06-18", "status", "done", "done_on", "2024-06-10", "outcome",
			      "Granted", "support_plan", plan, NULL),
			 0);
	ck_assert_int_eq(save("task", her, NULL, msg, "title", "Solicitor letter", "support_plan",
			      other, NULL),
			 0);
	ck_assert_int_eq(save("task", her, NULL, msg, "title", "Not on a plan", NULL), 0);
	ck_assert_int_eq(save("advocacy_item", her, item, msg, "agency", "housing", "issue",
			      "Priority need", "due_on", "2024-06-01", "support_plan", plan, NULL),
			 0);
	ck_assert_int_eq(save("advocacy_step", item, NULL, msg, "step", "chased", "happened_on",
			      "2024-06-05", "due_on", "2024-06-12", NULL),
			 0);

	ck_assert_int_eq(kw_db_plan_actions(ana->store, plan, on_act, &g, &err), 3);
	/* Tasks first, soonest due first, then the advocacy item at its latest deadline. */
	ck_assert_int_eq(g.kind[0], KW_ACTION_TASK);
	ck_assert_str_eq(g.title[0], "Deposit grant");
	ck_assert(g.done[0]);
	ck_assert_str_eq(g.title[1], "Housing register");
	ck_assert(!g.done[1]);
	ck_assert_int_eq(g.kind[2], KW_ACTION_ADVOCACY);
	ck_assert_str_eq(g.title[2], "Priority need");
	ck_assert_str_eq(g.due[2], "2024-06-12");
	ck_assert(!g.done[2]);

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_db_plan_actions(ana->store, other, on_act, &g, &err), 1);
	ck_assert_str_eq(g.title[0], "Solicitor letter");

	/* A link must be to a plan of hers. */
	{
		struct kw_client c = { 0 };
		char plan2[37] = "";

		c.known_as = kw_xstrdup("Someone else");
		ck_assert_int_eq(TU_TXN(ana->store, kw_db_client_add(ana->store, &c, &err)), 0);
		ck_assert_int_eq(
			save("support_plan", c.meta.id, plan2, msg, "pathway", "legal", NULL), 0);
		ck_assert_int_eq(save("task", her, NULL, msg, "title", "Wrong plan", "support_plan",
				      plan2, NULL),
				 -1);
		kw_client_clear(&c);
	}
}
END_TEST

/* --- the advocacy chain as stored --- */

START_TEST(test_latest_step)
{
	char item[37] = "", msg[512];
	struct kw_adv_latest l;
	struct kw_err err;

	ck_assert_int_eq(save("advocacy_item", her, item, msg, "agency", "mental_health", "issue",
			      "Case closed for non-attendance", "professional", "Dr Osei",
			      "asked_for", "Re-open her case", NULL),
			 0);
	ck_assert_int_eq(kw_db_advocacy_latest(ana->store, item, &l, &err), 0);
	ck_assert_int_eq(save("advocacy_step", item, NULL, msg, "step", "contacted", "happened_on",
			      "2024-05-01", "due_on", "2024-05-15", NULL),
			 0);
	ck_assert_int_eq(save("advocacy_step", item, NULL, msg, "step", "chased", "happened_on",
			      "2024-05-20", "due_on", "2024-05-27", NULL),
			 0);
	/* Written later about an earlier day: not the latest. */
	ck_assert_int_eq(save("advocacy_step", item, NULL, msg, "step", "awaiting_reply",
			      "happened_on", "2024-05-02", NULL),
			 0);
	ck_assert_int_eq(kw_db_advocacy_latest(ana->store, item, &l, &err), 1);
	ck_assert_str_eq(l.step, "chased");
	ck_assert_str_eq(l.happened_on, "2024-05-20");
	ck_assert_str_eq(l.due_on, "2024-05-27");
	ck_assert_int_eq(l.nsteps, 3);
	ck_assert(kw_deadline_passed(l.due_on, TODAY));
	ck_assert_str_eq(kw_advocacy_next_step(l.step, true), "escalated");
	/* A step on the same day written after it is the latest. */
	ck_assert_int_eq(save("advocacy_step", item, NULL, msg, "step", "resolved", "happened_on",
			      "2024-05-20", NULL),
			 0);
	ck_assert_int_eq(kw_db_advocacy_latest(ana->store, item, &l, &err), 1);
	ck_assert_str_eq(l.step, "resolved");
	ck_assert_str_eq(l.due_on, "");
	ck_assert_ptr_null(kw_advocacy_next_step(l.step, false));
}
END_TEST

/* --- tasks on Today --- */

struct ag {
	int n;
	enum kw_agenda_kind kind[8];
	char what[8][64];
};

static int on_ag(void *ctx, const struct kw_agenda_item *a)
{
	struct ag *g = ctx;

	if (g->n < 8) {
		g->kind[g->n] = a->kind;
		snprintf(g->what[g->n], 64, "%s", a->what != NULL ? a->what : "");
	}
	g->n++;
	return 0;
}

START_TEST(test_completed_task_leaves_today)
{
	char task[37] = "", msg[512];
	struct ag g = { 0 };
	struct kw_err err;

	ck_assert_int_eq(save("task", her, task, msg, "title", "Food bank voucher", "kind",
			      "voucher", "due_on", "2024-06-20", "chase_on", "2024-06-14", NULL),
			 0);
	ck_assert_int_eq(kw_db_agenda(ana->store, ana->user.meta.id, TODAY, on_ag, &g, &err), 0);
	ck_assert_int_eq(g.n, 1);
	ck_assert_int_eq(g.kind[0], KW_AG_CHASE);
	ck_assert_str_eq(g.what[0], "Food bank voucher");
	/* Completed (as x does: done, the day, what came of it): gone from Today. */
	ck_assert_int_eq(save("task", NULL, task, msg, "status", "done", "done_on", TODAY,
			      "outcome", "Voucher given", NULL),
			 0);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(kw_db_agenda(ana->store, ana->user.meta.id, TODAY, on_ag, &g, &err), 0);
	ck_assert_int_eq(g.n, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("casework");
	TCase *r = tcase_create("rules");
	TCase *t = tcase_create("store");

	tcase_add_test(r, test_next_step);
	tcase_add_test(r, test_dates);
	suite_add_tcase(s, r);
	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_one_open_plan);
	tcase_add_test(t, test_keyworker_holds_caseload);
	tcase_add_test(t, test_judgement_reason);
	tcase_add_test(t, test_plan_actions);
	tcase_add_test(t, test_latest_step);
	tcase_add_test(t, test_completed_task_leaves_today);
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
