/*
 * test_pregnancy.c: her pregnancy (the pregnancy form, on her record, kept in
 * the sensitive compartment) in real SQLCipher files: "unknown" is stored and
 * read back as unknown, never as no, and stays apart from declined and not
 * asked; yes with weeks, due date, midwife and the worry of removal at birth;
 * weeks out of range refused; a drop-in worker reads none of it.
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
	tu_woman(ana, "Pat", ana->user.meta.id, her);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

/* Saves her pregnancy: key, state (KW_STATE_*), text ..., NULL key ends. */
static int save_states(const char *key, enum kw_state st, const char *text, char msg[512])
{
	const struct kw_form_spec *f = kw_form_find(pack, "pregnancy");
	struct kw_form_record r = { 0 };
	struct kw_values v = { 0 }, old = { 0 };
	struct kw_field_errors fe = { 0 };
	struct kw_err err = { 0 };
	int rc;

	snprintf(r.id, sizeof(r.id), "%s", her);
	ck_assert_int_eq(kw_db_form_load(ana->store, f, &r, &old, &err), 1);
	if (st == KW_STATE_ANSWERED)
		kw_values_set(&v, key, text);
	else
		kw_values_set_state(&v, key, st);
	rc = kw_form_save(ana, f, &r, &v, &fe, &err);
	snprintf(msg, 512, "%s", fe.n > 0 ? fe.e[0].msg : err.msg);
	kw_field_errors_free(&fe);
	kw_values_free(&v);
	kw_values_free(&old);
	return rc;
}

/* Her stored answer to key, as seen by s: its state, and its text in text. */
static enum kw_state read_state(struct kw_session *s, const char *key, char text[64], bool *found)
{
	const struct kw_form_spec *f = kw_form_find(pack, "pregnancy");
	struct kw_form_record r = { 0 };
	struct kw_values v = { 0 };
	struct kw_err err;
	const struct kw_value *x;
	enum kw_state st = KW_STATE_NOT_ASKED;

	snprintf(r.id, sizeof(r.id), "%s", her);
	text[0] = '\0';
	ck_assert_int_eq(kw_db_form_load(s->store, f, &r, &v, &err), 1);
	x = kw_values_get(&v, key);
	*found = x != NULL;
	if (x != NULL) {
		st = x->state;
		snprintf(text, 64, "%s", x->text != NULL ? x->text : "");
	}
	kw_values_free(&v);
	return st;
}

START_TEST(test_unknown_is_not_no)
{
	char msg[512], text[64];
	bool found;

	ck_assert_int_eq(read_state(ana, "pregnant", text, &found), KW_STATE_NOT_ASKED);
	ck_assert_int_eq(save_states("pregnant", KW_STATE_UNKNOWN, NULL, msg), 0);
	ck_assert_int_eq(read_state(ana, "pregnant", text, &found), KW_STATE_UNKNOWN);
	ck_assert(found);
	ck_assert_str_ne(text, "no");
	ck_assert_int_eq(save_states("pregnant", KW_STATE_DECLINED, NULL, msg), 0);
	ck_assert_int_eq(read_state(ana, "pregnant", text, &found), KW_STATE_DECLINED);
	ck_assert_int_eq(save_states("pregnant", KW_STATE_ANSWERED, "no", msg), 0);
	ck_assert_int_eq(read_state(ana, "pregnant", text, &found), KW_STATE_ANSWERED);
	ck_assert_str_eq(text, "no");
	ck_assert_int_eq(save_states("pregnant", KW_STATE_UNKNOWN, NULL, msg), 0);
	ck_assert_int_eq(read_state(ana, "pregnant", text, &found), KW_STATE_UNKNOWN);
	ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(test_yes_and_details)
{
	char msg[512], text[64];
	bool found;

	ck_assert_int_eq(tu_save(ana, pack, "pregnancy", NULL, her, msg, "pregnant", "yes", "weeks",
				 "20", "midwife", "Whittington maternity", "due_date", "2027-04-01",
				 NULL),
			 0);
	ck_assert_int_eq(save_states("removal_concern", KW_STATE_UNKNOWN, NULL, msg), 0);
	read_state(ana, "weeks", text, &found);
	ck_assert_str_eq(text, "20");
	read_state(ana, "midwife", text, &found);
	ck_assert_str_eq(text, "Whittington maternity");
	ck_assert_int_eq(read_state(ana, "removal_concern", text, &found), KW_STATE_UNKNOWN);
	ck_assert_int_eq(save_states("removal_concern", KW_STATE_ANSWERED, "yes", msg), 0);
	ck_assert_int_eq(read_state(ana, "removal_concern", text, &found), KW_STATE_ANSWERED);
	ck_assert_str_eq(text, "yes");
	ck_assert_int_ne(save_states("weeks", KW_STATE_ANSWERED, "50", msg), 0);
	ck_assert_msg(strstr(msg, "at most 45") != NULL, "%s", msg);
	ck_assert_int_ne(save_states("pregnant", KW_STATE_ANSWERED, "maybe", msg), 0);
}
END_TEST

START_TEST(test_dropin_reads_none)
{
	struct kw_session *cat;
	struct kw_err err;
	char msg[512], text[64];
	bool found;

	ck_assert_int_eq(tu_save(ana, pack, "pregnancy", NULL, her, msg, "pregnant", "yes", NULL),
			 0);
	tu_user(ana, "cat", KW_ROLE_DROPIN, CAT_PASS);
	cat = tu_open(data, "cat", CAT_PASS, &err);
	ck_assert_msg(cat != NULL, "%s", err.msg);
	read_state(cat, "pregnant", text, &found);
	ck_assert(!found);
	kw_session_close(&cat);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pregnancy");
	TCase *t = tcase_create("store");

	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_unknown_is_not_no);
	tcase_add_test(t, test_yes_and_details);
	tcase_add_test(t, test_dropin_reads_none);
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
