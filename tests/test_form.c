/* test_form.c: Check suite for the form loader, overrides, validation and scores (src/form/). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keywork/form.h"
#include "keywork/util.h"
#include "testutil.h"

#ifndef KW_TEST_FORMS_DIR
#define KW_TEST_FORMS_DIR "tests/forms-test"
#endif

static struct kw_form_pack *pack;
static const struct kw_form_spec *every;

/* The directory of this source file's test forms (next to it). */
static char *test_dir(void)
{
	const char *here = __FILE__;
	const char *slash = strrchr(here, '/');
	struct kw_buf b = { 0 };

	if (slash == NULL)
		kw_buf_adds(&b, "forms-test");
	else
		kw_buf_printf(&b, "%.*s/forms-test", (int)(slash - here), here);
	return b.p;
}

static void print_diags(const struct kw_diags *ds)
{
	char line[1200];

	for (size_t i = 0; i < ds->n; i++)
		fprintf(stderr, "%s\n", kw_diag_str(ds, i, line, sizeof(line)));
}

static void setup_every(void)
{
	char *dir = test_dir();
	struct kw_diags ds = { 0 };
	struct kw_err err;

	if (kw_form_pack_load(dir, NULL, 0, &pack, &ds, &err) != 0) {
		print_diags(&ds);
		fprintf(stderr, "%s\n", err.msg);
		abort();
	}
	every = kw_form_find(pack, "every");
	kw_diags_free(&ds);
	free(dir);
}

static void teardown_every(void)
{
	kw_form_pack_free(&pack);
	every = NULL;
}

/* Validates vals as a role; returns the errors (free with kw_field_errors_free). */
static struct kw_field_errors check(enum kw_role role, const struct kw_values *vals,
				    const struct kw_values *old)
{
	struct kw_field_errors fe = { 0 };

	kw_form_validate(every, role, vals, old, "2024-06-15", &fe);
	return fe;
}

/* The message for key, or NULL. */
static const char *msg_for(const struct kw_field_errors *fe, const char *key)
{
	for (size_t i = 0; i < fe->n; i++)
		if (strcmp(fe->e[i].key, key) == 0)
			return fe->e[i].msg;
	return NULL;
}

/* Validates one answer (with a valid name) and returns the error for key or NULL (static copy). */
static const char *one(const char *key, const char *text)
{
	static char msg[400];
	struct kw_values v = { 0 };
	struct kw_field_errors fe;
	const char *m;

	kw_values_set(&v, "name", "Ana");
	if (text != NULL)
		kw_values_set(&v, key, text);
	fe = check(KW_ROLE_MANAGER, &v, NULL);
	m = msg_for(&fe, key);
	snprintf(msg, sizeof(msg), "%s", m != NULL ? m : "");
	kw_field_errors_free(&fe);
	kw_values_free(&v);
	return m != NULL ? msg : NULL;
}

#define OK(key, text) ck_assert_msg(one(key, text) == NULL, "%s=%s: %s", key, text, one(key, text))
#define BAD(key, text, want) ck_assert_str_eq(one(key, text) ? one(key, text) : "(no error)", want)

START_TEST(test_shipped_pack_loads)
{
	char *dir = kw_forms_shipped_dir();
	struct kw_form_pack *p = NULL;
	struct kw_diags ds = { 0 };
	struct kw_err err;
	const char *need[] = { "intake",	 "child",	  "pregnancy",	    "contact",
			       "appointment",	 "contact_pause", "note",	    "support_plan",
			       "outcome_ladder", "strength",	  "task",	    "advocacy_item",
			       "advocacy_step",	 "group_session", "attendance",	    "mentor_match",
			       "consent",	 "disclosure",	  "risk_checklist", "closure",
			       "reopening",	 "referral" };
	int rc = kw_form_pack_load(dir, NULL, 0, &p, &ds, &err);

	if (rc != 0)
		print_diags(&ds);
	ck_assert_int_eq(rc, 0);
	for (size_t i = 0; i < KW_ARRAY_LEN(need); i++)
		ck_assert_msg(kw_form_find(p, need[i]) != NULL, "no form %s", need[i]);
	ck_assert_ptr_nonnull(kw_list_find(p, "pathways"));
	kw_form_pack_free(&p);
	kw_diags_free(&ds);
	free(dir);
}
END_TEST

/* Words a woman must never read about herself on any shipped screen. */
START_TEST(test_shipped_wording_is_not_judgemental)
{
	char *dir = kw_forms_shipped_dir();
	struct kw_form_pack *p = NULL;
	struct kw_diags ds = { 0 };
	struct kw_err err;
	const char *banned[] = { "DNA",	     "did not attend",	 "non-compliant", "noncompliant",
				 "offender", "failed to attend", "Outcomes Star" };

	ck_assert_int_eq(kw_form_pack_load(dir, NULL, 0, &p, &ds, &err), 0);
	for (size_t i = 0; i < p->nforms; i++) {
		const struct kw_form_spec *f = p->forms[i];

		for (size_t j = 0; j < f->nfields; j++)
			for (size_t b = 0; b < KW_ARRAY_LEN(banned); b++) {
				ck_assert_msg(strstr(f->fields[j].label, banned[b]) == NULL,
					      "%s.%s says %s", f->key, f->fields[j].key, banned[b]);
				ck_assert_msg(f->fields[j].help == NULL ||
						      strstr(f->fields[j].help, banned[b]) == NULL,
					      "%s.%s help says %s", f->key, f->fields[j].key,
					      banned[b]);
			}
	}
	for (size_t i = 0; i < p->nlists; i++)
		for (size_t j = 0; j < p->lists[i]->nitems; j++)
			for (size_t b = 0; b < KW_ARRAY_LEN(banned); b++)
				ck_assert_msg(strstr(p->lists[i]->items[j].label, banned[b]) ==
						      NULL,
					      "list %s item %s says %s", p->lists[i]->key,
					      p->lists[i]->items[j].key, banned[b]);
	kw_form_pack_free(&p);
	kw_diags_free(&ds);
	free(dir);
}
END_TEST

START_TEST(test_shipped_sensitive_placement)
{
	char *dir = kw_forms_shipped_dir();
	struct kw_form_pack *p = NULL;
	struct kw_diags ds = { 0 };
	struct kw_err err;
	const struct kw_form_spec *child, *intake, *risk;

	ck_assert_int_eq(kw_form_pack_load(dir, NULL, 0, &p, &ds, &err), 0);
	child = kw_form_find(p, "child");
	intake = kw_form_find(p, "intake");
	risk = kw_form_find(p, "risk_checklist");
	/* A child's school and the other parent: sensitive, never for drop-in staff. */
	ck_assert(kw_form_field(child, "school")->sensitive);
	ck_assert(!kw_field_can_see(kw_form_field(child, "school"), KW_ROLE_DROPIN));
	ck_assert(kw_form_field(child, "other_parent")->sensitive);
	ck_assert(kw_form_field(intake, "immigration_status")->sensitive);
	ck_assert(kw_form_field(intake, "codeword")->sensitive);
	ck_assert(kw_form_field(intake, "address")->sensitive);
	ck_assert(!kw_form_field(intake, "known_as")->sensitive);
	ck_assert(kw_field_can_edit(kw_form_field(intake, "known_as"), KW_ROLE_DROPIN));
	ck_assert(kw_form_field(intake, "known_as")->required);
	ck_assert(!kw_form_field(intake, "first_name")->required);
	/* The risk checklist: 24 yes/no/unknown questions, all in the sensitive compartment. */
	{
		size_t n = 0;

		for (size_t i = 0; i < risk->nfields; i++)
			if (risk->fields[i].type == KW_F_YNU) {
				n++;
				ck_assert(risk->fields[i].sensitive);
			}
		ck_assert_int_eq(n, 24);
	}
	ck_assert_int_eq(risk->create & KW_ROLE_BIT(KW_ROLE_DROPIN), 0);
	kw_form_pack_free(&p);
	kw_diags_free(&ds);
	free(dir);
}
END_TEST

START_TEST(test_risk_score_thresholds)
{
	char *dir = kw_forms_shipped_dir();
	struct kw_form_pack *p = NULL;
	struct kw_diags ds = { 0 };
	struct kw_err err;
	const struct kw_form_spec *risk;
	struct kw_values v = { 0 };
	struct kw_score_result r;
	size_t yes = 0;

	ck_assert_int_eq(kw_form_pack_load(dir, NULL, 0, &p, &ds, &err), 0);
	risk = kw_form_find(p, "risk_checklist");
	/* 13 yes, 5 no, 6 unknown: medium by score. */
	for (size_t i = 0; i < risk->nfields; i++) {
		if (risk->fields[i].type != KW_F_YNU)
			continue;
		if (yes < 13)
			kw_values_set(&v, risk->fields[i].key, "yes");
		else if (yes < 18)
			kw_values_set(&v, risk->fields[i].key, "no");
		else
			kw_values_set_state(&v, risk->fields[i].key, KW_STATE_UNKNOWN);
		yes++;
	}
	ck_assert_int_eq(kw_form_score(risk, &v, &r), 0);
	ck_assert_int_eq(r.score, 13);
	ck_assert_int_eq(r.unknown, 6);
	ck_assert_str_eq(r.level->key, "medium");
	ck_assert(!r.marac);
	/* Professional judgement raises it to high, and a MARAC referral is indicated. */
	kw_values_set(&v, "professional_judgement", "high");
	kw_form_score(risk, &v, &r);
	ck_assert_str_eq(r.by_score->key, "medium");
	ck_assert_str_eq(r.level->key, "high");
	ck_assert(r.marac);
	/* One more yes: 14 is high by score; judgement of "standard" can't lower it. */
	for (size_t i = 0; i < risk->nfields; i++)
		if (risk->fields[i].type == KW_F_YNU &&
		    strcmp(kw_values_get(&v, risk->fields[i].key)->text
				   ? kw_values_get(&v, risk->fields[i].key)->text
				   : "",
			   "no") == 0) {
			kw_values_set(&v, risk->fields[i].key, "yes");
			break;
		}
	kw_values_set(&v, "professional_judgement", "standard");
	kw_form_score(risk, &v, &r);
	ck_assert_int_eq(r.score, 14);
	ck_assert_str_eq(r.level->key, "high");
	ck_assert(r.marac);
	kw_values_free(&v);
	kw_form_pack_free(&p);
	kw_diags_free(&ds);
	free(dir);
}
END_TEST

START_TEST(test_text_rules)
{
	OK("name", "Ana");
	BAD("name", "A", "Name must be at least 2 characters");
	BAD("name", "Anastasia Maria", "Name must be at most 10 characters");
	BAD("name", "Ana1", "Name: use letters only");
	BAD("name", "An\033a", "Name can't contain control characters or line breaks");
	BAD("name", "", "Name is empty; leave it not asked instead");
	OK("story", "line one\nline two");
	BAD("story", "far too long a story to tell", "Story must be at most 20 characters");
	/* Length counts characters, not bytes. */
	OK("story", "ëëëëëëëëëëëëëëëëëëëë");
	BAD("story", "ëëëëëëëëëëëëëëëëëëëëë", "Story must be at most 20 characters");
}
END_TEST

START_TEST(test_required_and_show_if)
{
	struct kw_values v = { 0 };
	struct kw_field_errors fe;

	fe = check(KW_ROLE_MANAGER, &v, NULL);
	ck_assert_str_eq(msg_for(&fe, "name"), "Name is needed");
	ck_assert_ptr_null(msg_for(&fe, "why")); /* hidden: safe is not "no" */
	kw_field_errors_free(&fe);
	kw_values_set(&v, "name", "Ana");
	kw_values_set(&v, "safe", "no");
	fe = check(KW_ROLE_MANAGER, &v, NULL);
	ck_assert_str_eq(msg_for(&fe, "why"), "Why not is needed");
	ck_assert_int_eq(fe.n, 1);
	kw_field_errors_free(&fe);
	kw_values_set(&v, "safe", "yes");
	kw_values_set(&v, "why", "ignored while hidden");
	fe = check(KW_ROLE_MANAGER, &v, NULL);
	ck_assert_int_eq(fe.n, 0);
	kw_field_errors_free(&fe);
	/* Declined is an answer: a required field may be declined. */
	kw_values_set_state(&v, "name", KW_STATE_DECLINED);
	fe = check(KW_ROLE_MANAGER, &v, NULL);
	ck_assert_int_eq(fe.n, 0);
	kw_field_errors_free(&fe);
	/* Not asked is not. */
	kw_values_set_state(&v, "name", KW_STATE_NOT_ASKED);
	fe = check(KW_ROLE_MANAGER, &v, NULL);
	ck_assert_str_eq(msg_for(&fe, "name"), "Name is needed");
	kw_field_errors_free(&fe);
	kw_values_free(&v);
}
END_TEST

START_TEST(test_date_rules)
{
	OK("dob", "1990-02-28");
	OK("dob", "2024-06-15");
	BAD("dob", "2024-06-16", "Date of birth can't be in the future");
	BAD("dob", "1990-02-30", "Date of birth must be a date like 2024-03-31");
	BAD("dob", "28/02/1990", "Date of birth must be a date like 2024-03-31");
	OK("seen_at", "2024-06-15 09:30");
	OK("seen_at", "2024-06-01T09:30:59Z");
	BAD("seen_at", "2024-06-15 25:00", "Seen at must be a date and time like 2024-03-31 14:30");
	BAD("seen_at", "2025-01-01 10:00", "Seen at can't be in the future");
}
END_TEST

START_TEST(test_number_rules)
{
	OK("children", "0");
	OK("children", "20");
	BAD("children", "21", "Children must be at most 20");
	BAD("children", "-1", "Children must be at least 0");
	BAD("children", "2.5", "Children must be a whole number");
	BAD("children", "two", "Children must be a whole number");
	OK("weight", "61.5");
	BAD("weight", "61.55", "Weight must be a number with at most 1 decimal place");
}
END_TEST

START_TEST(test_choice_rules)
{
	struct kw_values v = { 0 }, old = { 0 };
	struct kw_field_errors fe;

	OK("colour", "red");
	BAD("colour", "green", "Colour: 'green' is not one of the choices");
	BAD("colour", "blue", "Colour: 'Blue' is no longer offered; choose another");
	OK("langs", "en,so");
	BAD("langs", "en,xx", "Languages: 'xx' is not one of the choices");
	BAD("langs", "en,en", "Languages: 'English' is chosen twice");
	OK("area", "north");
	BAD("area", "east", "Area: 'East' is no longer offered; choose another");
	BAD("area", "south", "Area: 'south' is not one of the choices");
	/* A retired item stays readable and savable where it was already chosen. */
	kw_values_set(&old, "name", "Ana");
	kw_values_set(&old, "colour", "blue");
	kw_values_set(&old, "area", "east");
	kw_values_set(&v, "name", "Ana");
	kw_values_set(&v, "colour", "blue");
	kw_values_set(&v, "area", "east");
	fe = check(KW_ROLE_MANAGER, &v, &old);
	ck_assert_int_eq(fe.n, 0);
	kw_field_errors_free(&fe);
	kw_values_free(&v);
	kw_values_free(&old);
}
END_TEST

START_TEST(test_ynu_phone_postcode_reference)
{
	OK("safe", "yes");
	OK("safe", "no");
	BAD("safe", "maybe", "Safe at home must be yes or no, or recorded as unknown");
	OK("phone", "07700 900123");
	OK("phone", "+44 (0)20 7946 0000");
	BAD("phone", "call me", "Phone must be a phone number, like 07700 900123");
	BAD("phone", "12", "Phone must be a phone number, like 07700 900123");
	OK("postcode", "N1 9GU");
	OK("postcode", "sw1a1aa");
	OK("postcode", "EC1A 1BB");
	BAD("postcode", "12345", "Postcode must be a UK postcode, like N1 9GU");
	OK("keyworker", "0b5c1f7e-9a53-4c47-8d0e-5f7a3e2b1c90");
	BAD("keyworker", "ana", "Keyworker must name a record");
}
END_TEST

START_TEST(test_answer_states)
{
	struct kw_values v = { 0 };
	struct kw_field_errors fe;

	kw_values_set(&v, "name", "Ana");
	kw_values_set_state(&v, "dob", KW_STATE_DECLINED);
	kw_values_set_state(&v, "safe", KW_STATE_UNKNOWN);
	kw_values_set_state(&v, "phone", KW_STATE_NOT_ASKED);
	kw_values_set_state(&v, "age_guess", KW_STATE_UNKNOWN);
	fe = check(KW_ROLE_MANAGER, &v, NULL);
	ck_assert_int_eq(fe.n, 0);
	kw_field_errors_free(&fe);
	/* age_guess allows only "unknown". */
	kw_values_set_state(&v, "age_guess", KW_STATE_DECLINED);
	fe = check(KW_ROLE_MANAGER, &v, NULL);
	ck_assert_str_eq(msg_for(&fe, "age_guess"),
			 "Age guess can't be recorded as declined to say");
	kw_field_errors_free(&fe);
	ck_assert_str_eq(kw_state_name(KW_STATE_NOT_ASKED), "not_asked");
	ck_assert_int_eq(kw_state_parse("declined"), KW_STATE_DECLINED);
	ck_assert_int_eq(kw_state_parse("maybe"), -1);
	kw_values_free(&v);
}
END_TEST

START_TEST(test_roles)
{
	struct kw_values v = { 0 };
	struct kw_field_errors fe;
	const struct kw_field_spec *code = kw_form_field(every, "codeword");
	const struct kw_field_spec *note = kw_form_field(every, "manager_note");

	/* Sensitive columns are never shown to drop-in staff. */
	ck_assert(kw_field_can_see(code, KW_ROLE_KEYWORKER));
	ck_assert(!kw_field_can_see(code, KW_ROLE_DROPIN));
	ck_assert(!kw_field_can_see(kw_form_field(every, "health_note"), KW_ROLE_DROPIN));
	ck_assert(kw_field_can_see(note, KW_ROLE_KEYWORKER));
	ck_assert(!kw_field_can_edit(note, KW_ROLE_KEYWORKER));
	ck_assert(kw_field_can_edit(note, KW_ROLE_MANAGER));
	kw_values_set(&v, "name", "Ana");
	kw_values_set(&v, "codeword", "heron");
	kw_values_set(&v, "manager_note", "x");
	fe = check(KW_ROLE_DROPIN, &v, NULL);
	ck_assert_str_eq(msg_for(&fe, "codeword"), "Codeword can't be changed by your role");
	ck_assert_str_eq(msg_for(&fe, "manager_note"),
			 "Manager's note can't be changed by your role");
	kw_field_errors_free(&fe);
	fe = check(KW_ROLE_KEYWORKER, &v, NULL);
	ck_assert_ptr_null(msg_for(&fe, "codeword"));
	ck_assert_ptr_nonnull(msg_for(&fe, "manager_note"));
	kw_field_errors_free(&fe);
	/* Unchanged values of fields she can't edit are fine. */
	fe = check(KW_ROLE_KEYWORKER, &v, &v);
	ck_assert_int_eq(fe.n, 0);
	kw_field_errors_free(&fe);
	/* Retired fields are not asked any more; unknown keys are refused. */
	kw_values_set(&v, "old_question", "x");
	kw_values_set(&v, "nonsense", "x");
	fe = check(KW_ROLE_MANAGER, &v, NULL);
	ck_assert_str_eq(msg_for(&fe, "old_question"), "Old question is no longer asked");
	ck_assert_str_eq(msg_for(&fe, "nonsense"), "'nonsense' is not a field of Every type");
	kw_field_errors_free(&fe);
	kw_values_free(&v);
}
END_TEST

START_TEST(test_defaults)
{
	struct kw_values v = { 0 };

	kw_form_defaults(every, KW_ROLE_KEYWORKER, "0b5c1f7e-9a53-4c47-8d0e-5f7a3e2b1c90",
			 "2024-06-15", "2024-06-15 10:00", &v);
	ck_assert_str_eq(kw_values_get(&v, "first_met")->text, "2024-06-15");
	ck_assert_str_eq(kw_values_get(&v, "seen_at")->text, "2024-06-15 10:00");
	ck_assert_str_eq(kw_values_get(&v, "colour")->text, "red");
	ck_assert_str_eq(kw_values_get(&v, "keyworker")->text,
			 "0b5c1f7e-9a53-4c47-8d0e-5f7a3e2b1c90");
	ck_assert_ptr_null(kw_values_get(&v, "name"));
	kw_values_free(&v);
}
END_TEST

START_TEST(test_all_problems_reported)
{
	static const char text[] = "form: x\n"
				   "title: X\n"
				   "record: client\n"
				   "sections:\n"
				   "  - title: S\n"
				   "    fields:\n"
				   "      - {key: a, label: A, type: txt}\n"
				   "      - {key: b, label: B, type: date, pattern: x}\n"
				   "      - {key: a, label: C, type: text}\n";
	struct kw_diags ds = { 0 };
	char line[600];

	ck_assert_int_eq(kw_form_check_buffer("x.yaml", text, strlen(text), &ds), 3);
	ck_assert_str_eq(kw_diag_str(&ds, 0, line, sizeof(line)),
			 "x.yaml:7:34: unknown field type 'txt' (did you mean 'text'?)");
	ck_assert_str_eq(kw_diag_str(&ds, 1, line, sizeof(line)),
			 "x.yaml:8:49: 'pattern' applies to text fields; this one is date");
	ck_assert_str_eq(kw_diag_str(&ds, 2, line, sizeof(line)),
			 "x.yaml:9:15: field 'a' is defined twice in this form (first on line 7)");
	kw_diags_free(&ds);
}
END_TEST

/* Hostile input fails fast: every case must finish well inside the test's time. */
START_TEST(test_hostile_input)
{
	struct kw_diags ds = { 0 };
	struct kw_buf b = { 0 };
	char line[600];

	/* A billion-laughs alias bomb stops at the first alias. */
	kw_buf_adds(&b, "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n");
	ck_assert_int_eq(kw_form_check_buffer("bomb.yaml", b.p, b.len, &ds), 1);
	ck_assert_str_eq(kw_diag_str(&ds, 0, line, sizeof(line)),
			 "bomb.yaml:2:8: aliases (*name) are not allowed in form files; write the "
			 "value out");
	kw_diags_free(&ds);
	kw_buf_free(&b);
	/* Deep nesting. */
	for (int i = 0; i < 10000; i++)
		kw_buf_adds(&b, "[");
	ck_assert_int_eq(kw_form_check_buffer("deep.yaml", b.p, b.len, &ds), 1);
	ck_assert_str_eq(kw_diag_str(&ds, 0, line, sizeof(line)),
			 "deep.yaml:1:17: nested too deeply (16 levels at most)");
	kw_diags_free(&ds);
	kw_buf_free(&b);
	/* Too big. */
	b.p = kw_xcalloc(1, KW_FORM_MAX_BYTES + 2);
	memset(b.p, '#', KW_FORM_MAX_BYTES + 1);
	ck_assert_int_eq(kw_form_check_buffer("big.yaml", b.p, KW_FORM_MAX_BYTES + 1, &ds), 1);
	ck_assert_str_eq(kw_diag_str(&ds, 0, line, sizeof(line)),
			 "big.yaml:1:1: the file is too big for a form file (1 MiB at most)");
	kw_diags_free(&ds);
	free(b.p);
	/* Binary and invalid UTF-8, located. */
	ck_assert_int_eq(kw_form_check_buffer("bin.yaml", "form: a\nti\0tle", 15, &ds), 1);
	ck_assert_str_eq(kw_diag_str(&ds, 0, line, sizeof(line)),
			 "bin.yaml:2:3: binary data (a NUL byte): form files are UTF-8 text");
	kw_diags_free(&ds);
	ck_assert_int_eq(kw_form_check_buffer("utf.yaml", "form: caf\xe9\n", 11, &ds), 1);
	ck_assert_str_eq(kw_diag_str(&ds, 0, line, sizeof(line)),
			 "utf.yaml:1:10: invalid UTF-8: form files are UTF-8 text");
	kw_diags_free(&ds);
	/* A control character is located where it is (in characters), not at 1:1. */
	ck_assert_int_eq(
		kw_form_check_buffer("ctl.yaml", "form: x\ntitle: caf\xc3\xa9 \a\n", 23, &ds), 1);
	ck_assert_str_eq(kw_diag_str(&ds, 0, line, sizeof(line)),
			 "ctl.yaml:2:13: YAML: control characters are not allowed (U+0007)");
	kw_diags_free(&ds);
	ck_assert_int_eq(kw_form_check_buffer("empty.yaml", "", 0, &ds), 1);
	kw_diags_free(&ds);
}
END_TEST

/* Writes text to dir/name. */
static void put(const char *dir, const char *name, const char *text)
{
	free(tu_write(dir, name, text, strlen(text)));
}

START_TEST(test_overrides)
{
	char *shipped = kw_forms_shipped_dir();
	char *tmp = tu_tmpdir();
	const char *ov[] = { tmp };
	struct kw_form_pack *p = NULL;
	struct kw_diags ds = { 0 };
	struct kw_err err;
	char line[800];

	/* Extending: a new list and a new form; narrowing a shipped field is fine. */
	put(tmp, "extra.yaml",
	    "list: hobbies\ntitle: Hobbies\nitems:\n  - {key: music, label: Music}\n");
	put(tmp, "pregnancy.yaml",
	    "form: pregnancy\ntitle: Pregnancy\nrecord: client\nsensitive: true\ncreate: []\n"
	    "sections:\n  - title: P\n    fields:\n"
	    "      - {key: pregnant, label: Pregnant?, type: yes_no_unknown, see: [manager]}\n"
	    "      - {key: hobby, label: Hobby, type: choice, list: hobbies}\n");
	ck_assert_int_eq(kw_form_pack_load(shipped, ov, 1, &p, &ds, &err), 0);
	ck_assert_int_eq(kw_form_find(p, "pregnancy")->nfields, 2);
	ck_assert(kw_form_field(kw_form_find(p, "pregnancy"), "hobby")->sensitive);
	kw_form_pack_free(&p);
	/* Widening who sees a field, or moving it out of sensitive: refused, located. */
	put(tmp, "pregnancy.yaml",
	    "form: pregnancy\ntitle: Pregnancy\nrecord: client\ncreate: []\n"
	    "sections:\n  - title: P\n    fields:\n"
	    "      - {key: pregnant, label: Pregnant?, type: yes_no_unknown,\n"
	    "         see: [manager, keyworker, dropin]}\n");
	ck_assert_int_eq(kw_form_pack_load(shipped, ov, 1, &p, &ds, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(ds.n, 2);
	kw_diag_str(&ds, 0, line, sizeof(line));
	ck_assert_msg(strstr(line, "pregnancy.yaml:8:15: 'pregnant' is kept in the sensitive "
				   "compartment by the shipped form") != NULL,
		      "%s", line);
	kw_diag_str(&ds, 1, line, sizeof(line));
	ck_assert_msg(strstr(line, "pregnancy.yaml:9:15: 'pregnant' can't be shown to more roles "
				   "than the shipped form allows (pregnancy.yaml:") != NULL,
		      "%s", line);
	kw_diags_free(&ds);
	/* Dropping an item of a shipped list. */
	{
		char *gone = kw_path_join(tmp, "pregnancy.yaml");

		unlink(gone);
		free(gone);
	}
	put(tmp, "pronouns.yaml", "list: pronouns\nitems:\n  - {key: she_her, label: she/her}\n");
	ck_assert_int_eq(kw_form_pack_load(shipped, ov, 1, &p, &ds, &err), -1);
	ck_assert_int_eq(ds.n, 1);
	kw_diag_str(&ds, 0, line, sizeof(line));
	ck_assert_str_eq(
		strstr(line, "pronouns.yaml:"),
		"pronouns.yaml:1:7: the shipped list 'pronouns' (list-pronouns.yaml) has "
		"items 'they_them', 'she_they', 'other' that this one leaves out; keep them, "
		"with 'retired: true' if no longer offered");
	kw_diags_free(&ds);
	/* Retiring instead is fine, and the retired item stays readable. */
	put(tmp, "pronouns.yaml",
	    "list: pronouns\nitems:\n  - {key: she_her, label: she/her}\n"
	    "  - {key: they_them, label: they/them, retired: true}\n"
	    "  - {key: she_they, label: she/they}\n  - {key: other, label: Other}\n");
	ck_assert_int_eq(kw_form_pack_load(shipped, ov, 1, &p, &ds, &err), 0);
	ck_assert(kw_list_item(kw_list_find(p, "pronouns"), "they_them")->retired);
	kw_form_pack_free(&p);
	kw_diags_free(&ds);
	tu_rmdir(tmp);
	free(shipped);
}
END_TEST

START_TEST(test_kinds_catalog)
{
	const struct kw_kind *c = kw_kind_find("client");
	const struct kw_kind *ch = kw_kind_find("child");

	ck_assert_ptr_nonnull(c);
	ck_assert(!kw_kind_column(c, "known_as")->sensitive);
	ck_assert(kw_kind_column(c, "immigration_status")->sensitive);
	ck_assert_str_eq(kw_kind_column_table(c, kw_kind_column(c, "codeword")), "client_details");
	ck_assert_str_eq(kw_kind_column_table(ch, kw_kind_column(ch, "school")), "child_details");
	ck_assert(kw_kind_find("risk_assessment")->sensitive);
	ck_assert(kw_kind_find("contact")->append_only);
	ck_assert_ptr_null(kw_kind_find("offender"));
	ck_assert_ptr_null(kw_kind_column(c, "nickname"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("form");
	TCase *t = tcase_create("pack");
	TCase *v = tcase_create("validate");

	tcase_add_test(t, test_shipped_pack_loads);
	tcase_add_test(t, test_shipped_wording_is_not_judgemental);
	tcase_add_test(t, test_shipped_sensitive_placement);
	tcase_add_test(t, test_risk_score_thresholds);
	tcase_add_test(t, test_all_problems_reported);
	tcase_add_test(t, test_hostile_input);
	tcase_add_test(t, test_overrides);
	tcase_add_test(t, test_kinds_catalog);
	suite_add_tcase(s, t);
	tcase_add_checked_fixture(v, setup_every, teardown_every);
	tcase_add_test(v, test_text_rules);
	tcase_add_test(v, test_required_and_show_if);
	tcase_add_test(v, test_date_rules);
	tcase_add_test(v, test_number_rules);
	tcase_add_test(v, test_choice_rules);
	tcase_add_test(v, test_ynu_phone_postcode_reference);
	tcase_add_test(v, test_answer_states);
	tcase_add_test(v, test_roles);
	tcase_add_test(v, test_defaults);
	suite_add_tcase(s, v);
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
