/* test_formdb.c: Check suite for storing forms (src/db/formdata.c, src/app/formsave.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "keywork/formsave.h"
#include "keywork/util.h"
#include "testutil.h"

#define DROPIN_PASS "velvet-harbour-quince-lattice-drum"

static char *tmp, *data;
static struct kw_session *ana; /* manager */
static struct kw_form_pack *pack;

static void setup(void)
{
	char *dir = kw_forms_shipped_dir();
	struct kw_diags ds = { 0 };
	struct kw_err err;
	struct kw_secret *p = tu_pass(DROPIN_PASS);

	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	if (kw_session_user_add(ana, "dee", KW_ROLE_DROPIN, p, KW_KDF_INTERACTIVE, &err) != 0 ||
	    kw_form_pack_load(dir, NULL, 0, &pack, &ds, &err) != 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		abort();
	}
	kw_secret_free(&p);
	kw_diags_free(&ds);
	free(dir);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

static const struct kw_form_spec *form(const char *key)
{
	const struct kw_form_spec *f = kw_form_find(pack, key);

	ck_assert_msg(f != NULL, "no form %s", key);
	return f;
}

/* Saves vals through the app layer; asserts success. */
static void save_ok(struct kw_session *s, const char *fkey, struct kw_form_record *rec,
		    const struct kw_values *vals)
{
	struct kw_field_errors fe = { 0 };
	struct kw_err err;
	int rc = kw_form_save(s, form(fkey), rec, vals, &fe, &err);

	for (size_t i = 0; i < fe.n; i++)
		fprintf(stderr, "%s: %s\n", fe.e[i].key, fe.e[i].msg);
	ck_assert_msg(rc == 0, "save %s: %s", fkey, err.msg);
	kw_field_errors_free(&fe);
}

struct hist {
	int n;
	char fields[32][64];
	char olds[32][64];
	char news[32][64];
};

static int on_change(void *ctx, const struct kw_change *c)
{
	struct hist *h = ctx;

	if (h->n < 32) {
		snprintf(h->fields[h->n], 64, "%s", c->field);
		snprintf(h->olds[h->n], 64, "%s", c->old_value ? c->old_value : "(null)");
		snprintf(h->news[h->n], 64, "%s", c->new_value ? c->new_value : "(null)");
		h->n++;
	}
	return 0;
}

START_TEST(test_intake_round_trip_and_history)
{
	const struct kw_form_spec *f = form("intake");
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 }, got = { 0 };
	struct kw_err err;
	struct hist h = { 0 };

	kw_values_set(&v, "known_as", "Jo");
	kw_values_set(&v, "date_of_birth", "1990-04-01");
	kw_values_set(&v, "codeword", "heron");	       /* sensitive column (client_details) */
	kw_values_set(&v, "housing_status", "refuge"); /* custom, general */
	kw_values_set(&v, "nrpf", "yes");	       /* custom, sensitive */
	kw_values_set_state(&v, "phone", KW_STATE_DECLINED);
	kw_values_set_state(&v, "ethnicity", KW_STATE_UNKNOWN);
	save_ok(ana, "intake", &rec, &v);
	ck_assert_int_eq(strlen(rec.id), 36);
	ck_assert_int_eq(rec.version, 1);
	ck_assert_int_eq(kw_db_form_load(ana->store, f, &rec, &got, &err), 1);
	ck_assert_str_eq(kw_values_get(&got, "known_as")->text, "Jo");
	ck_assert_str_eq(kw_values_get(&got, "codeword")->text, "heron");
	ck_assert_str_eq(kw_values_get(&got, "nrpf")->text, "yes");
	ck_assert_str_eq(kw_values_get(&got, "housing_status")->text, "refuge");
	/* Three kinds of "no answer", kept apart. */
	ck_assert_int_eq(kw_values_get(&got, "phone")->state, KW_STATE_DECLINED);
	ck_assert_int_eq(kw_values_get(&got, "ethnicity")->state, KW_STATE_UNKNOWN);
	ck_assert_ptr_null(kw_values_get(&got, "last_name")); /* not asked */
	kw_values_free(&got);
	kw_values_free(&v);
	/* A change: history rows in the compartment of each field. */
	kw_values_set(&v, "known_as", "Joanne");
	kw_values_set(&v, "codeword", "kestrel");
	kw_values_set(&v, "phone", "07700 900123");
	save_ok(ana, "intake", &rec, &v);
	ck_assert_int_eq(rec.version, 2);
	ck_assert_int_eq(kw_db_history_each(ana->store, rec.id, on_change, &h, &err), 0);
	ck_assert_int_eq(h.n, 4);
	ck_assert_str_eq(h.fields[0], "known_as"); /* general compartment first */
	ck_assert_str_eq(h.olds[0], "Jo");
	ck_assert_str_eq(h.news[0], "Joanne");
	ck_assert_str_eq(h.fields[1], "phone");
	ck_assert_str_eq(h.fields[2], "phone:state");
	ck_assert_str_eq(h.olds[2], "declined");
	ck_assert_str_eq(h.news[2], "answered");
	ck_assert_str_eq(h.fields[3], "codeword"); /* sensitive compartment */
	ck_assert_str_eq(h.olds[3], "heron");
	kw_values_free(&v);
}
END_TEST

START_TEST(test_validation_refuses_and_saves_nothing)
{
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	struct kw_field_errors fe = { 0 };
	struct kw_err err;

	kw_values_set(&v, "date_of_birth", "2999-01-01");
	kw_values_set(&v, "postcode", "nowhere");
	ck_assert_int_eq(kw_form_save(ana, form("intake"), &rec, &v, &fe, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_int_eq(fe.n, 3);
	ck_assert_str_eq(fe.e[0].key, "known_as");
	ck_assert_str_eq(fe.e[0].msg, "Known as is needed");
	ck_assert_str_eq(fe.e[1].msg, "Date of birth can't be in the future");
	ck_assert_str_eq(fe.e[2].msg, "Postcode must be a UK postcode, like N1 9GU");
	ck_assert_int_eq(kw_db_client_count(ana->store, &err), 0);
	kw_field_errors_free(&fe);
	kw_values_free(&v);
}
END_TEST

START_TEST(test_roles_enforced_by_the_store)
{
	struct kw_session *dee;
	struct kw_form_record rec = { 0 }, r2;
	struct kw_values v = { 0 };
	struct kw_err err;

	kw_values_set(&v, "known_as", "Sam");
	save_ok(ana, "intake", &rec, &v);
	kw_values_free(&v);
	dee = tu_open(data, "dee", DROPIN_PASS, &err);
	ck_assert_ptr_nonnull(dee);
	/* The store itself refuses, whatever a caller skipped. */
	r2 = rec;
	kw_values_set(&v, "codeword", "x");
	ck_assert_int_eq(
		TU_TXN(dee->store, kw_db_form_save(dee->store, form("intake"), &r2, &v, &err)), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_str_eq(err.msg, "your role (dropin) can't change 'Codeword'");
	kw_values_free(&v);
	kw_values_set(&v, "keyworker", ana->user.meta.id);
	ck_assert_int_eq(
		TU_TXN(dee->store, kw_db_form_save(dee->store, form("intake"), &r2, &v, &err)), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	kw_values_free(&v);
	/* A case note is in a compartment drop-in staff don't open. */
	kw_values_set(&v, "body", "x");
	memset(&r2, 0, sizeof(r2));
	snprintf(r2.parent_id, sizeof(r2.parent_id), "%s", rec.id);
	ck_assert_int_eq(
		TU_TXN(dee->store, kw_db_form_save(dee->store, form("note"), &r2, &v, &err)), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	kw_values_free(&v);
	/* What drop-in staff may do, they can: a known-as name and nothing else. */
	memset(&r2, 0, sizeof(r2));
	kw_values_set(&v, "known_as", "Walk-in");
	save_ok(dee, "intake", &r2, &v);
	kw_values_free(&v);
	/* And they read back only what they may see. */
	{
		struct kw_values got = { 0 };

		r2 = rec;
		ck_assert_int_eq(kw_db_form_load(dee->store, form("intake"), &r2, &got, &err), 1);
		ck_assert_str_eq(kw_values_get(&got, "known_as")->text, "Sam");
		kw_values_free(&got);
	}
	kw_session_close(&dee);
}
END_TEST

START_TEST(test_stale_and_append_only)
{
	struct kw_form_record rec = { 0 }, stale, c = { 0 };
	struct kw_values v = { 0 };
	struct kw_err err;

	kw_values_set(&v, "known_as", "Lee");
	save_ok(ana, "intake", &rec, &v);
	stale = rec;
	kw_values_set(&v, "known_as", "Leigh");
	save_ok(ana, "intake", &rec, &v);
	kw_values_set(&v, "known_as", "Lea");
	ck_assert_int_eq(
		TU_TXN(ana->store, kw_db_form_save(ana->store, form("intake"), &stale, &v, &err)),
		-1);
	ck_assert_int_eq(err.status, KW_EDATA);
	/* The refusal names who saved it since, and when, so she can ask rather than guess. */
	ck_assert_msg(strstr(err.msg, "was changed by ana at 20") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "nothing was saved") != NULL, "%s", err.msg);
	kw_values_free(&v);
	/* A contact: missed, with a reason; never edited afterwards. */
	snprintf(c.parent_id, sizeof(c.parent_id), "%s", rec.id);
	kw_values_set(&v, "happened_at", "2024-01-10 10:00");
	kw_values_set(&v, "mode", "phone");
	kw_values_set(&v, "outcome", "missed");
	kw_values_set(&v, "missed_reason", "childcare");
	save_ok(ana, "contact", &c, &v);
	ck_assert_int_eq(
		TU_TXN(ana->store, kw_db_form_save(ana->store, form("contact"), &c, &v, &err)), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	kw_values_free(&v);
	/* A new record needs the record it belongs to. */
	memset(&c, 0, sizeof(c));
	snprintf(c.parent_id, sizeof(c.parent_id), "%s", "00000000-0000-4000-8000-000000000000");
	kw_values_set(&v, "body", "x");
	ck_assert_int_eq(
		TU_TXN(ana->store, kw_db_form_save(ana->store, form("note"), &c, &v, &err)), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_str_eq(c.id, "");
	kw_values_free(&v);
}
END_TEST

static void on_problem(void *ctx, const char *what)
{
	(void)ctx;
	fprintf(stderr, "check: %s\n", what);
}

START_TEST(test_every_shipped_kind_saves)
{
	struct kw_form_record client = { 0 }, ep = { 0 }, r;
	struct kw_values v = { 0 };
	struct kw_err err;

	kw_values_set(&v, "known_as", "Mo");
	save_ok(ana, "intake", &client, &v);
	kw_values_free(&v);
#define NEW(fkey, parent, ...)                                       \
	do {                                                         \
		const char *kv[] = { __VA_ARGS__ };                  \
		char par[37];                                        \
		snprintf(par, sizeof(par), "%s", (parent));          \
		memset(&r, 0, sizeof(r));                            \
		memcpy(r.parent_id, par, sizeof(par));               \
		for (size_t i = 0; i + 1 < KW_ARRAY_LEN(kv); i += 2) \
			kw_values_set(&v, kv[i], kv[i + 1]);         \
		save_ok(ana, fkey, &r, &v);                          \
		kw_values_free(&v);                                  \
	} while (0)
	NEW("referral", client.id, "referral_source", "probation", "programme", "community");
	ep = r;
	NEW("person", client.id, "name", "Sam", "relationship", "father of Kit");
	{
		char parent[37];

		memcpy(parent, r.id, sizeof(parent));
		NEW("child", client.id, "known_as", "Kit", "school", "Hill Primary", "legal_status",
		    "child_in_need", "other_parent", parent);
	}
	NEW("note", client.id, "body", "She talked about the move.");
	NEW("support_plan", client.id, "pathway", "accommodation");
	NEW("outcome_ladder", client.id, "pathway", "accommodation", "scored_on", "2024-01-01",
	    "score", "not_applicable");
	NEW("strength", client.id, "noted_on", "2024-01-01", "description", "Finished the course");
	NEW("task", client.id, "title", "Food bank voucher", "status", "to_do");
	NEW("advocacy_item", client.id, "agency", "housing", "issue", "Priority need decision");
	NEW("advocacy_step", r.id, "step", "chased");
	NEW("appointment", client.id, "kind", "diversion", "starts_at", "2030-01-01 10:00",
	    "accompanied", "yes");
	NEW("contact_pause", client.id, "reason", "hospital", "starts_on", "2024-01-01");
	NEW("mentor_match", client.id, "mentor_name", "Rose", "mentor_comfortable", "yes");
	NEW("consent", client.id, "purpose", "share_with_agency", "agency", "gp", "decision",
	    "given");
	NEW("disclosure", client.id, "agency", "gp", "disclosed_on", "2024-01-01", "what", "Letter",
	    "basis", "her_consent");
	NEW("risk_checklist", client.id, "assessed_on", "2024-01-01", "q01_hurt", "yes",
	    "professional_judgement", "high", "judgement_reasons", "Threats made this week");
	/*
	 * Saved as the closing rules ask (src/app/rules.c): her wish, in her
	 * words; the question about her open task, item and risk answered yes.
	 */
	{
		struct kw_field_errors fe = { 0 };
		struct kw_save_opts yes = { .confirmed = true };
		char today[11];

		kw_today(today);
		memset(&r, 0, sizeof(r));
		memcpy(r.parent_id, ep.id, sizeof(r.parent_id));
		kw_values_set(&v, "reason", "her_request");
		kw_values_set(&v, "closed_on", today);
		kw_values_set(&v, "her_wish", "She feels ready to stop.");
		kw_values_set(&v, "welcome_back", "Come back whenever you like.");
		ck_assert_int_eq(kw_form_save(ana, form("closure"), &r, &v, &fe, &err), -1);
		ck_assert_int_eq(err.reason, KW_R_QUESTION);
		kw_field_errors_free(&fe);
		ck_assert_msg(kw_form_save_with(ana, form("closure"), &r, &v, &yes, &fe, &err) == 0,
			      "save closure: %s", err.msg);
		kw_field_errors_free(&fe);
		kw_values_free(&v);
	}
	NEW("reopening", client.id, "reopened_from", ep.id);
	NEW("group_session", "", "group_name", "wellbeing", "held_on", "2024-01-01");
	NEW("attendance", r.id, "client", client.id, "rating", "5");
	r = client;
	kw_values_set(&v, "pregnant", "yes");
	kw_values_set(&v, "weeks", "12");
	save_ok(ana, "pregnancy", &r, &v);
	kw_values_free(&v);
	ck_assert_int_eq(kw_db_check(ana->store, on_problem, NULL, &err), 0);
}
END_TEST

/*
 * The rules of the work with no screen at all: kw_form_save refuses with the
 * rule's field, plain message and reason; a question goes ahead only when
 * confirmed; a save over someone else's is told apart by its reason.
 */
START_TEST(test_rules_without_a_screen)
{
	struct kw_form_record client = { 0 }, r = { 0 }, item = { 0 }, stale;
	struct kw_values v = { 0 }, derived = { 0 };
	struct kw_field_errors fe = { 0 };
	struct kw_save_opts so = { .confirmed = false, .derived = &derived };
	struct kw_err err;

	kw_values_set(&v, "known_as", "Ro");
	kw_values_set(&v, "safe_channels", "text");
	save_ok(ana, "intake", &client, &v);
	kw_values_free(&v);
	/* A way she did not mark safe: refused at channel_override, shown as not_marked. */
	memcpy(r.parent_id, client.id, sizeof(r.parent_id));
	kw_values_set(&v, "happened_at", "2024-03-01 10:00");
	kw_values_set(&v, "mode", "phone");
	kw_values_set(&v, "outcome", "made");
	ck_assert_int_eq(kw_form_save_with(ana, form("contact"), &r, &v, &so, &fe, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_int_eq(err.reason, KW_R_RULE);
	ck_assert_uint_eq(fe.n, 1);
	ck_assert_str_eq(fe.e[0].key, "channel_override");
	ck_assert_ptr_nonnull(strstr(err.msg, "not one of the ways she marked safe"));
	ck_assert_str_eq(kw_values_get(&derived, "channel_safety")->text, "not_marked");
	ck_assert_str_eq(r.id, "");
	kw_field_errors_free(&fe);
	kw_values_set(&v, "channel_override", "She rang from a new number");
	save_ok(ana, "contact", &r, &v);
	kw_values_free(&v);
	kw_values_free(&derived);
	/* Consent: a question, refused unless confirmed. */
	kw_values_set(&v, "agency", "housing");
	kw_values_set(&v, "issue", "Priority need");
	memcpy(item.parent_id, client.id, sizeof(item.parent_id));
	save_ok(ana, "advocacy_item", &item, &v);
	kw_values_free(&v);
	memset(&r, 0, sizeof(r));
	memcpy(r.parent_id, item.id, sizeof(r.parent_id));
	kw_values_set(&v, "step", "chased");
	kw_values_set(&v, "shares_info", "yes");
	ck_assert_int_eq(kw_form_save_with(ana, form("advocacy_step"), &r, &v, &so, &fe, &err), -1);
	ck_assert_int_eq(err.status, KW_ECONFIRM);
	ck_assert_int_eq(err.reason, KW_R_QUESTION);
	ck_assert_ptr_nonnull(strstr(err.msg, "Save anyway?"));
	ck_assert_str_eq(fe.e[0].key, "shares_info");
	kw_field_errors_free(&fe);
	so.confirmed = true;
	ck_assert_int_eq(kw_form_save_with(ana, form("advocacy_step"), &r, &v, &so, &fe, &err), 0);
	kw_values_free(&v);
	/* A task marked done without its outcome: the form's own required_when. */
	memset(&r, 0, sizeof(r));
	memcpy(r.parent_id, client.id, sizeof(r.parent_id));
	kw_values_set(&v, "title", "Voucher");
	kw_values_set(&v, "status", "done");
	kw_values_set(&v, "done_on", "2024-03-01");
	ck_assert_int_eq(kw_form_save(ana, form("task"), &r, &v, &fe, &err), -1);
	ck_assert_int_eq(err.reason, KW_R_INVALID);
	ck_assert_str_eq(fe.e[0].key, "outcome");
	ck_assert_str_eq(fe.e[0].msg, "Say what came of it before marking it done.");
	kw_field_errors_free(&fe);
	kw_values_set(&v, "status", "to_do");
	save_ok(ana, "task", &r, &v);
	kw_values_free(&v);
	/* Someone saves it first: the second save is stale, by its reason. */
	stale = r;
	kw_values_set(&v, "title", "Food voucher");
	save_ok(ana, "task", &r, &v);
	ck_assert_int_eq(kw_form_save(ana, form("task"), &stale, &v, &fe, &err), -1);
	ck_assert_int_eq(err.reason, KW_R_STALE);
	kw_field_errors_free(&fe);
	kw_values_free(&v);
}
END_TEST

/* Reads a risk assessment's stored score, level and referral straight from sensitive.db. */
static void stored_score(const char *id, long *score, char level[16], char marac[16])
{
	struct kw_secret *key = kw_key_sql(ana->ring->sensitive);
	char *path = kw_path_join(data, "sensitive.db");
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_key(db, key->p, (int)key->len), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db,
					    "SELECT score, level, marac_referral FROM "
					    "risk_assessments WHERE id = ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	*score = (long)sqlite3_column_int64(st, 0);
	snprintf(level, 16, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(marac, 16, "%.15s", (const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	sqlite3_close(db);
	kw_secret_free(&key);
	free(path);
}

/* Regression: a saved checklist kept its answers but not its score, level or referral. */
START_TEST(test_checklist_score_is_stored)
{
	const struct kw_form_spec *f = form("risk_checklist");
	struct kw_form_record client = { 0 }, r = { 0 };
	struct kw_values v = { 0 };
	char level[16], marac[16];
	long score, yes = 0;

	kw_values_set(&v, "known_as", "Rae");
	save_ok(ana, "intake", &client, &v);
	kw_values_free(&v);
	memcpy(r.parent_id, client.id, sizeof(r.parent_id));
	kw_values_set(&v, "assessed_on", "2024-01-01");
	for (size_t i = 0; i < f->nfields && yes < 14; i++)
		if (f->fields[i].type == KW_F_YNU) {
			kw_values_set(&v, f->fields[i].key, "yes");
			yes++;
		}
	ck_assert_int_eq(yes, 14);
	save_ok(ana, "risk_checklist", &r, &v);
	kw_values_free(&v);
	stored_score(r.id, &score, level, marac);
	ck_assert_int_eq(score, 14);
	ck_assert_str_eq(level, "high");
	ck_assert_str_eq(marac, "indicated");

	/* Few "yes", but professional judgement raises the level (never lowers it). */
	memset(&r, 0, sizeof(r));
	memcpy(r.parent_id, client.id, sizeof(r.parent_id));
	kw_values_set(&v, "assessed_on", "2024-02-01");
	kw_values_set(&v, "professional_judgement", "high");
	kw_values_set(&v, "judgement_reasons", "She described a new threat.");
	save_ok(ana, "risk_checklist", &r, &v);
	kw_values_free(&v);
	stored_score(r.id, &score, level, marac);
	ck_assert_int_eq(score, 0);
	ck_assert_str_eq(level, "high");
	ck_assert_str_eq(marac, "indicated");
}
END_TEST

/* Regression: a link to another record was stored without checking it existed, or whose it was. */
START_TEST(test_links_must_be_hers)
{
	struct kw_form_record mo = { 0 }, jo = { 0 }, sam = { 0 }, kit = { 0 };
	struct kw_values v = { 0 };
	struct kw_field_errors fe = { 0 };
	struct kw_err err;

	kw_values_set(&v, "known_as", "Mo");
	save_ok(ana, "intake", &mo, &v);
	kw_values_free(&v);
	kw_values_set(&v, "known_as", "Jo");
	save_ok(ana, "intake", &jo, &v);
	kw_values_free(&v);
	memcpy(sam.parent_id, jo.id, sizeof(sam.parent_id));
	kw_values_set(&v, "name", "Sam");
	save_ok(ana, "person", &sam, &v); /* linked to Jo, not Mo */
	kw_values_free(&v);

	memcpy(kit.parent_id, mo.id, sizeof(kit.parent_id));
	kw_values_set(&v, "known_as", "Kit");
	kw_values_set(&v, "other_parent", sam.id);
	ck_assert_int_eq(kw_form_save(ana, form("child"), &kit, &v, &fe, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_ptr_nonnull(strstr(err.msg, "not on her record"));
	kw_values_set(&v, "other_parent", "00000000-0000-4000-8000-000000000000");
	memset(kit.id, 0, sizeof(kit.id));
	ck_assert_int_eq(kw_form_save(ana, form("child"), &kit, &v, &fe, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	kw_values_free(&v);
	kw_field_errors_free(&fe);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("formdb");
	TCase *t = tcase_create("store");

	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_intake_round_trip_and_history);
	tcase_add_test(t, test_validation_refuses_and_saves_nothing);
	tcase_add_test(t, test_roles_enforced_by_the_store);
	tcase_add_test(t, test_stale_and_append_only);
	tcase_add_test(t, test_every_shipped_kind_saves);
	tcase_add_test(t, test_rules_without_a_screen);
	tcase_add_test(t, test_checklist_score_is_stored);
	tcase_add_test(t, test_links_must_be_hers);
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
