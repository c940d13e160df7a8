/*
 * test_justice.c: criminal justice records (J on her record) in real
 * SQLCipher files: every kind stored in the sensitive compartment and read
 * back; the offence categories are those of the evaluation's Table 2; a court
 * date makes her a court appointment in the general compartment and moves it
 * when the date, time or court changes, whoever saves it; a drop-in worker
 * can neither read nor write them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/casework.h"
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
	tu_woman(ana, "Jo", ana->user.meta.id, her);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

/* Collects each record's answers to key, joined by '|', in list order. */
struct col {
	const char *key;
	char out[1024];
	int n;
};

static int collect(void *ctx, const char *id, const struct kw_values *vals)
{
	struct col *c = ctx;
	const struct kw_value *v = kw_values_get(vals, c->key);
	size_t len = strlen(c->out);

	(void)id;
	snprintf(c->out + len, sizeof(c->out) - len, "%s%s", c->n++ > 0 ? "|" : "",
		 v != NULL && v->text != NULL ? v->text : "-");
	return 0;
}

static int list(struct kw_session *s, const char *fkey, const char *key, struct col *c,
		struct kw_err *err)
{
	memset(c, 0, sizeof(*c));
	c->key = key;
	return kw_db_form_list(s->store, kw_form_find(pack, fkey), her,
			       strcmp(fkey, "justice") == 0 ? "happened_on" : NULL, 100, collect, c,
			       err);
}

static void save_ok(const char *fkey, char *id, ...)
{
	char msg[512];
	va_list ap;
	int rc;

	va_start(ap, id);
	rc = tu_vsave(ana, pack, fkey, her, id, msg, ap);
	va_end(ap);
	ck_assert_msg(rc == 0, "save %s: %s", fkey, msg);
}

START_TEST(test_categories_are_table_2)
{
	const struct kw_list_spec *l = kw_list_find(pack, "offence_categories");
	static const char *const want[] = {
		"Assault",
		"Breach of order/licence",
		"Burglary",
		"Child endangerment or cruelty or neglect or drunk in charge of a child",
		"Drug offences",
		"Driving offences",
		"Fraud",
		"Theft",
		"Racially aggravated harassment",
		"Other",
	};

	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(l->nitems, KW_ARRAY_LEN(want));
	for (size_t i = 0; i < KW_ARRAY_LEN(want); i++)
		ck_assert_str_eq(l->items[i].label, want[i]);
}
END_TEST

START_TEST(test_every_kind_stored)
{
	struct col c;
	struct kw_err err;
	char id[37] = "", msg[512];

	save_ok("justice", NULL, "kind", "offence", "happened_on", "2024-01-02", "offence_category",
		"theft", "what", "Shoplifting", NULL);
	save_ok("justice", NULL, "kind", "arrest", "happened_on", "2024-01-03", "at_time", "22:10",
		NULL);
	save_ok("justice", NULL, "kind", "caution", "happened_on", "2024-01-04", NULL);
	save_ok("justice", NULL, "kind", "charge", "happened_on", "2024-01-05", "offence_category",
		"assault", NULL);
	save_ok("justice", NULL, "kind", "court", "happened_on", "2024-02-01", "at_time", "10:00",
		"court", "Highbury Corner", "outcome", "community_order", NULL);
	save_ok("justice", NULL, "kind", "order", "happened_on", "2024-02-02", "requirements",
		"unpaid_work,rehabilitation_activity", "ends_on", "2025-02-01", NULL);
	save_ok("justice", NULL, "kind", "licence", "happened_on", "2024-03-01", "ends_on",
		"2024-09-01", NULL);
	save_ok("justice", NULL, "kind", "breach", "happened_on", "2024-04-01", NULL);
	save_ok("justice", id, "kind", "recall", "happened_on", "2024-05-01", NULL);
	ck_assert_int_eq(list(ana, "justice", "kind", &c, &err), 9);
	ck_assert_str_eq(c.out, "recall|breach|licence|order|court|charge|caution|arrest|offence");
	ck_assert_int_eq(list(ana, "justice", "requirements", &c, &err), 9);
	ck_assert_ptr_nonnull(strstr(c.out, "unpaid_work,rehabilitation_activity"));
	/* An offence needs its category; an order can't end before it starts. */
	ck_assert_int_ne(tu_save(ana, pack, "justice", her, NULL, msg, "kind", "offence",
				 "happened_on", "2024-01-02", NULL),
			 0);
	ck_assert_msg(strstr(msg, "offence_category") != NULL, "%s", msg);
	ck_assert_int_ne(tu_save(ana, pack, "justice", her, NULL, msg, "kind", "order",
				 "happened_on", "2024-01-02", "ends_on", "2023-01-01", NULL),
			 0);
	ck_assert_msg(strstr(msg, "can't end before it starts") != NULL, "%s", msg);
	/* Her probation practitioner is kept with her, in the sensitive compartment. */
	{
		char me[37];

		memcpy(me, her, sizeof(me));
		ck_assert_int_eq(tu_save(ana, pack, "probation", NULL, me, msg, "pp_name",
					 "Sam Okafor", "pp_phone", "020 7946 0000", NULL),
				 0);
	}
}
END_TEST

START_TEST(test_court_date_makes_appointment)
{
	struct col c;
	struct kw_err err;
	char court[37] = "", appt[37], msg[512];

	/* Not a court date: no appointment. */
	save_ok("justice", NULL, "kind", "arrest", "happened_on", "2030-01-02", "at_time", "09:00",
		NULL);
	ck_assert_int_eq(list(ana, "appointment", "kind", &c, &err), 0);
	/* A court date: one appointment of kind court, at its day and time, at the court. */
	save_ok("justice", court, "kind", "court", "happened_on", "2030-05-06", "at_time", "10:00",
		"court", "Highbury Corner", "what", "SECRET-OFFENCE-WORDS", NULL);
	ck_assert_int_eq(list(ana, "appointment", "kind", &c, &err), 1);
	ck_assert_str_eq(c.out, "court");
	list(ana, "appointment", "starts_at", &c, &err);
	ck_assert_str_eq(c.out, "2030-05-06 10:00");
	list(ana, "appointment", "place", &c, &err);
	ck_assert_str_eq(c.out, "Highbury Corner");
	ck_assert_int_eq(kw_db_court_appointment(ana->store, court, appt, &err), 1);
	/* Moving the court date moves that appointment; no second one. */
	ck_assert_int_eq(tu_save(ana, pack, "justice", NULL, court, msg, "happened_on",
				 "2030-06-07", "at_time", "14:30", "court", "Thames", NULL),
			 0);
	ck_assert_int_eq(list(ana, "appointment", "starts_at", &c, &err), 1);
	ck_assert_str_eq(c.out, "2030-06-07 14:30");
	list(ana, "appointment", "place", &c, &err);
	ck_assert_str_eq(c.out, "Thames");
	{
		char again[37];

		ck_assert_int_eq(kw_db_court_appointment(ana->store, court, again, &err), 1);
		ck_assert_str_eq(again, appt);
	}
	/* An outcome saved later changes nothing in her appointments. */
	ck_assert_int_eq(
		tu_save(ana, pack, "justice", NULL, court, msg, "outcome", "adjourned", NULL), 0);
	ck_assert_int_eq(list(ana, "appointment", "starts_at", &c, &err), 1);
	ck_assert_str_eq(c.out, "2030-06-07 14:30");
	/* Nothing of the record but kind, time and court reaches the appointment. */
	list(ana, "appointment", "with_whom", &c, &err);
	ck_assert_str_eq(c.out, "-");
}
END_TEST

START_TEST(test_dropin_can_not)
{
	struct kw_session *cat;
	struct kw_err err;
	struct col c;
	char msg[512];

	save_ok("justice", NULL, "kind", "caution", "happened_on", "2024-01-04", NULL);
	tu_user(ana, "cat", KW_ROLE_DROPIN, CAT_PASS);
	cat = tu_open(data, "cat", CAT_PASS, &err);
	ck_assert_msg(cat != NULL, "%s", err.msg);
	ck_assert_int_eq(list(cat, "justice", "kind", &c, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_int_ne(tu_save(cat, pack, "justice", her, NULL, msg, "kind", "caution",
				 "happened_on", "2024-01-04", NULL),
			 0);
	kw_session_close(&cat);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("justice");
	TCase *t = tcase_create("store");

	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_categories_are_table_2);
	tcase_add_test(t, test_every_kind_stored);
	tcase_add_test(t, test_court_date_makes_appointment);
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
