/*
 * test_roles.c: the role x action matrix through the db API (policy.h), the
 * confidential-note rule, hidden fields, consent and sharing, keep-apart
 * flags, the audit trail's readers, and redaction (gone after reopening).
 *
 * The expected matrix is written out here, independently of src/db/policy.c,
 * and every cell is run as the real call a screen or command makes; the
 * matrix is printed so it can be quoted.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/consent.h"
#include "keywork/form.h"
#include "keywork/formdb.h"
#include "keywork/policy.h"
#include "keywork/reads.h"
#include "keywork/reports.h"
#include "keywork/util.h"
#include "keywork/view.h"
#include "testutil.h"

#define BEA_PASS "velvet-harbour-quince-lattice-drum"
#define CAT_PASS "maple-signal-quartz-ember-hollow"
#define DEE_PASS "copper-heron-orchard-violet-dune"

static char *tmp, *data;
static struct kw_session *ana, *bea, *cat, *dee; /* manager, keyworker, dropin, keyworker */
static struct kw_form_pack *pack;
static char jo[37], jo_ref[16], mo_ref[16], secret_note[37], open_note[37];

static const struct kw_form_spec *form(const char *key)
{
	const struct kw_form_spec *f = kw_form_find(pack, key);

	ck_assert_msg(f != NULL, "no form %s", key);
	return f;
}

/* Saves vals with form fkey through the store (where the policy is), as s. */
static int save(struct kw_session *s, const char *fkey, struct kw_form_record *rec,
		const struct kw_values *vals, struct kw_err *err)
{
	return TU_TXN(s->store, kw_db_form_save(s->store, form(fkey), rec, vals, err));
}

static void save_ok(struct kw_session *s, const char *fkey, struct kw_form_record *rec,
		    const struct kw_values *vals)
{
	struct kw_err err;

	ck_assert_msg(save(s, fkey, rec, vals, &err) == 0, "save %s: %s", fkey, err.msg);
}

static struct kw_session *open_as(const char *user, const char *pass)
{
	struct kw_err err;
	struct kw_session *s = tu_open(data, user, pass, &err);

	ck_assert_msg(s != NULL, "open as %s: %s", user, err.msg);
	return s;
}

static void setup(void)
{
	struct kw_err err;
	struct kw_user u;
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	struct kw_note n = { 0 };
	struct kw_client c = { 0 };

	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	tu_user(ana, "bea", KW_ROLE_KEYWORKER, BEA_PASS);
	tu_user(ana, "cat", KW_ROLE_DROPIN, CAT_PASS);
	tu_user(ana, "dee", KW_ROLE_KEYWORKER, DEE_PASS);
	pack = tu_pack(NULL, 0);
	bea = open_as("bea", BEA_PASS);
	cat = open_as("cat", CAT_PASS);
	dee = open_as("dee", DEE_PASS);
	ck_assert_int_eq(kw_db_user_find(ana->store, "bea", &u, &err), 1);

	/* Jo: bea's woman, with a codeword, safe channels and an address. */
	kw_values_set(&v, "known_as", "Jo");
	kw_values_set(&v, "codeword", "Bramble");
	kw_values_set(&v, "address", "4 Quillwort Mews");
	kw_values_set(&v, "safe_channels", "call");
	kw_values_set(&v, "keyworker", u.meta.id);
	save_ok(ana, "intake", &rec, &v);
	kw_values_free(&v);
	snprintf(jo, sizeof(jo), "%s", rec.id);
	ck_assert_int_eq(kw_db_client_get(ana->store, jo, &c, &err), 1);
	snprintf(jo_ref, sizeof(jo_ref), "%s", c.reference);
	kw_client_clear(&c);
	/* Mo, whom Jo must not meet. */
	memset(&rec, 0, sizeof(rec));
	kw_values_set(&v, "known_as", "Mo");
	save_ok(ana, "intake", &rec, &v);
	kw_values_free(&v);
	ck_assert_int_eq(kw_db_client_get(ana->store, rec.id, &c, &err), 1);
	snprintf(mo_ref, sizeof(mo_ref), "%s", c.reference);
	kw_client_clear(&c);
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
	kw_values_set(&v, "other_reference", mo_ref);
	kw_values_set(&v, "noted_on", "2024-01-02");
	save_ok(bea, "keep_apart", &rec, &v);
	kw_values_free(&v);

	/* bea's confidential note about Jo, and an ordinary one. */
	snprintf(n.client_id, sizeof(n.client_id), "%s", jo);
	n.body = kw_xstrdup("She told me about the quarrel with her sister (confidential).");
	n.confidential = true;
	ck_assert_msg(TU_TXN(bea->store, kw_db_note_add(bea->store, &n, &err)) == 0, "%s", err.msg);
	snprintf(secret_note, sizeof(secret_note), "%s", n.meta.id);
	kw_note_clear(&n);
	memset(&n, 0, sizeof(n));
	snprintf(n.client_id, sizeof(n.client_id), "%s", jo);
	n.body = kw_xstrdup("Came in for the breakfast club.");
	ck_assert_msg(TU_TXN(bea->store, kw_db_note_add(bea->store, &n, &err)) == 0, "%s", err.msg);
	snprintf(open_note, sizeof(open_note), "%s", n.meta.id);
	kw_note_clear(&n);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_session_close(&bea);
	kw_session_close(&cat);
	kw_session_close(&dee);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

/* --- the matrix --- */

enum { MGR, KW, DROP, NROLES };
static const char *const role_names[NROLES] = { "manager", "keyworker", "dropin" };

static int count_cb(void *ctx, const struct kw_hit *h)
{
	int *n = ctx;

	(void)h;
	(*n)++;
	return 0;
}

static int flags_cb(void *ctx, const struct kw_hit *h)
{
	int *ok = ctx;

	*ok = h->keep_apart && h->safe_channels != NULL && strcmp(h->safe_channels, "call") == 0;
	return 1;
}

static int case_cb(void *ctx, const struct kw_case_row *r)
{
	(void)ctx;
	(void)r;
	return 0;
}

static int note_cb(void *ctx, const struct kw_note *n)
{
	(void)ctx;
	(void)n;
	return 0;
}

static int list_cb(void *ctx, const char *id, const struct kw_values *vals)
{
	(void)ctx;
	(void)id;
	(void)vals;
	return 0;
}

static int audit_cb(void *ctx, const struct kw_audit_row *r)
{
	const char *only = ctx;

	/* A keyworker's listing must hold her own rows only. */
	if (only != NULL && strcmp(r->username, only) != 0)
		return -1;
	return 0;
}

/*
 * Runs action a as session s (role r): 1 done, 0 refused as not permitted.
 * Any other failure fails the test.
 */
static int attempt(enum kw_do a, struct kw_session *s, int r)
{
	struct kw_err err;
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	int rc = -1, n = 0;

	kw_err_clear(&err);
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
	switch (a) {
	case KW_DO_SEARCH:
		rc = kw_db_search(s->store, "Jo", 10, count_cb, &n, &err);
		ck_assert_int_ge(n, rc == 0 ? 1 : 0);
		break;
	case KW_DO_ADD_WOMAN:
		memset(&rec, 0, sizeof(rec));
		kw_values_set(&v, "known_as", "Added");
		rc = save(s, "intake", &rec, &v, &err);
		break;
	case KW_DO_LOG_CONTACT:
		kw_values_set(&v, "happened_at", "2024-03-01T10:00:00Z");
		kw_values_set(&v, "outcome", "made");
		rc = save(s, "contact", &rec, &v, &err);
		break;
	case KW_DO_SAFETY_FLAGS:
		rc = kw_db_search(s->store, jo_ref, 1, flags_cb, &n, &err);
		ck_assert_msg(rc != 0 || n == 1, "%s sees no keep-apart or safe channel",
			      role_names[r]);
		break;
	case KW_DO_FULL_RECORD:
		rc = kw_db_form_list(s->store, form("task"), jo, NULL, 10, list_cb, NULL, &err);
		rc = rc < 0 ? -1 : 0;
		break;
	case KW_DO_CASELOAD:
		rc = kw_db_caseload(s->store, NULL, "2024-06-01", case_cb, NULL, &err);
		break;
	case KW_DO_READ_NOTES:
		rc = kw_db_note_each(s->store, note_cb, NULL, &err);
		break;
	case KW_DO_WRITE_NOTES: {
		struct kw_note nt = { 0 };

		snprintf(nt.client_id, sizeof(nt.client_id), "%s", jo);
		nt.body = kw_xstrdup("A note.");
		rc = TU_TXN(s->store, kw_db_note_add(s->store, &nt, &err));
		kw_note_clear(&nt);
		break;
	}
	case KW_DO_SENSITIVE: {
		struct kw_share_check sc;
		char hint[48];

		rc = kw_share_check(s->store, jo, "housing", NULL, "2024-06-01", &sc, &err);
		if (rc == 0)
			rc = kw_db_codeword_hint(s->store, jo, hint, sizeof(hint), &err);
		if (rc == 0)
			ck_assert_str_eq(hint, "B, 7 letters");
		if (rc == 0)
			rc = kw_db_form_list(s->store, form("risk_checklist"), jo, NULL, 5, list_cb,
					     NULL, &err) < 0
				     ? -1
				     : 0;
		break;
	}
	case KW_DO_KEEP_APART:
		kw_values_set(&v, "other_reference", mo_ref);
		kw_values_set(&v, "noted_on", "2024-02-03");
		kw_values_set(&v, "ended_on", "2024-02-04");
		rc = save(s, "keep_apart", &rec, &v, &err);
		break;
	case KW_DO_EXPORT:
	case KW_DO_EXPORT_NOTES: {
		FILE *f = tmpfile();
		unsigned long cnt;

		rc = kw_export(s, NULL, a == KW_DO_EXPORT ? "clients" : "notes", KW_FORMAT_CSV, f,
			       &cnt, &err);
		fclose(f);
		break;
	}
	case KW_DO_AUDIT_ALL: {
		struct kw_user u;
		struct kw_audit_filter af = { 0 };

		ck_assert_int_eq(kw_db_user_find(s->store, "ana", &u, &err), 1);
		af.user_id = u.meta.id;
		rc = kw_db_audit_each(s->store, &af, audit_cb, NULL, &err);
		break;
	}
	case KW_DO_AUDIT_OWN: {
		struct kw_audit_filter af = { 0 };

		rc = kw_db_audit_each(s->store, &af, audit_cb,
				      r == KW ? (void *)s->user.username : NULL, &err);
		break;
	}
	case KW_DO_REDACT: {
		long rows;

		rc = TU_TXN(s->store,
			    kw_db_redact_field(s->store, jo, NULL, "safe_times", &rows, &err));
		/* Nothing to redact is a refusal of a different kind: permission came first. */
		if (rc != 0 && err.status == KW_EDATA)
			rc = 0;
		break;
	}
	case KW_DO_USERS: {
		struct kw_secret *p = tu_pass("glacier-pepper-lagoon-walnut-ribbon");
		char name[16];

		snprintf(name, sizeof(name), "new%d", r);
		rc = kw_session_user_add(s, name, KW_ROLE_DROPIN, p, KW_KDF_INTERACTIVE, &err);
		kw_secret_free(&p);
		break;
	}
	case KW_DO_REPORTS: {
		char *dir = kw_reports_shipped_dir();
		struct kw_report_pack *rp = NULL;
		struct kw_report_result res;
		struct kw_diags ds = { 0 };

		ck_assert_int_eq(kw_report_pack_load(pack, dir, NULL, 0, &rp, &ds, &err), 0);
		rc = kw_report_run(s, kw_report_find(rp, "engagement"), "2024-01-01", "2024-12-31",
				   &res, &err);
		kw_report_result_free(&res);
		kw_report_pack_free(&rp);
		kw_diags_free(&ds);
		free(dir);
		break;
	}
	default:
		ck_abort_msg("no attempt for %s", kw_do_name(a));
	}
	kw_values_free(&v);
	if (rc == 0)
		return 1;
	ck_assert_msg(err.status == KW_ENOPERM, "%s as %s failed, not refused: %s (%d)",
		      kw_do_name(a), role_names[r], err.msg, err.status);
	return 0;
}

START_TEST(test_role_action_matrix)
{
	/* Expected, written out here: manager, keyworker, dropin. */
	static const struct {
		enum kw_do a;
		int want[NROLES];
	} rows[] = {
		{ KW_DO_SEARCH, { 1, 1, 1 } },	    { KW_DO_ADD_WOMAN, { 1, 1, 1 } },
		{ KW_DO_LOG_CONTACT, { 1, 1, 1 } }, { KW_DO_SAFETY_FLAGS, { 1, 1, 1 } },
		{ KW_DO_FULL_RECORD, { 1, 1, 0 } }, { KW_DO_CASELOAD, { 1, 1, 0 } },
		{ KW_DO_READ_NOTES, { 1, 1, 0 } },  { KW_DO_WRITE_NOTES, { 1, 1, 0 } },
		{ KW_DO_SENSITIVE, { 1, 1, 0 } },   { KW_DO_KEEP_APART, { 1, 1, 0 } },
		{ KW_DO_EXPORT, { 1, 1, 0 } },	    { KW_DO_EXPORT_NOTES, { 1, 0, 0 } },
		{ KW_DO_AUDIT_ALL, { 1, 0, 0 } },   { KW_DO_AUDIT_OWN, { 1, 1, 0 } },
		{ KW_DO_REDACT, { 1, 0, 0 } },	    { KW_DO_USERS, { 1, 0, 0 } },
		{ KW_DO_REPORTS, { 1, 0, 0 } },
	};
	struct kw_session *as[NROLES] = { ana, bea, cat };
	int bad = 0;

	printf("role x action matrix (db API): yes = done, no = refused (KW_ENOPERM, exit 77)\n");
	printf("%-16s %-10s %-10s %-10s\n", "action", "manager", "keyworker", "dropin");
	ck_assert_int_eq(KW_ARRAY_LEN(rows), KW_DO_COUNT); /* every action has a row */
	for (size_t i = 0; i < KW_ARRAY_LEN(rows); i++) {
		char cell[NROLES][16];

		for (int r = 0; r < NROLES; r++) {
			int got = attempt(rows[i].a, as[r], r);

			snprintf(cell[r], sizeof(cell[r]), "%s%s", got ? "yes" : "no",
				 got == rows[i].want[r] ? "" : " (!)");
			bad += got != rows[i].want[r];
			/* The table the screens consult agrees with what the store did. */
			ck_assert_int_eq(kw_role_may((enum kw_role)(r + 1), rows[i].a), got);
		}
		printf("%-16s %-10s %-10s %-10s\n", kw_do_name(rows[i].a), cell[0], cell[1],
		       cell[2]);
	}
	fflush(stdout);
	ck_assert_msg(bad == 0, "%d cells differ from the expected matrix (marked (!))", bad);
}
END_TEST

/* --- confidential notes --- */

struct tl {
	int confidential, with_body;
	int kinds[8];
};

static int tl_cb(void *ctx, const struct kw_tl_entry *e)
{
	struct tl *t = ctx;

	t->kinds[e->kind]++;
	if (e->kind == KW_TL_NOTE && e->confidential) {
		t->confidential++;
		t->with_body += e->body != NULL;
		if (e->body != NULL)
			ck_assert_ptr_nonnull(strstr(e->body, "sister"));
	}
	return 0;
}

struct seen {
	int secret, open;
};

static int seen_cb(void *ctx, const struct kw_note *n)
{
	struct seen *s = ctx;

	s->secret += strstr(n->body, "sister") != NULL;
	s->open += strstr(n->body, "breakfast") != NULL;
	return 0;
}

START_TEST(test_confidential_notes)
{
	/* Writer-keyworker bea, manager ana: read it; keyworker dee: sees that it exists. */
	struct kw_session *who[] = { ana, bea, dee };
	const int reads[] = { 1, 1, 0 };
	const struct kw_form_spec *f = form("note");

	printf("confidential note: manager yes, its writer and her keyworker yes, another "
	       "keyworker no (listed without text), dropin no (no key)\n");
	for (size_t i = 0; i < KW_ARRAY_LEN(who); i++) {
		struct kw_tl_cursor cur = { 0 };
		struct tl t = { 0 };
		struct seen sn = { 0 };
		struct kw_form_record rec = { 0 };
		struct kw_values v = { 0 };
		struct kw_err err;
		int found;

		ck_assert_int_ge(kw_db_timeline(who[i]->store, jo, &cur, 50, tl_cb, &t, &err), 2);
		ck_assert_int_eq(t.confidential, 1);
		ck_assert_int_eq(t.with_body, reads[i]);
		ck_assert_int_eq(kw_db_note_each(who[i]->store, seen_cb, &sn, &err), 0);
		ck_assert_int_eq(sn.secret, reads[i]);
		ck_assert_int_eq(sn.open, 1);
		memset(&sn, 0, sizeof(sn));
		ck_assert_int_eq(
			kw_db_note_search(who[i]->store, "sister", NULL, 10, seen_cb, &sn, &err),
			0);
		ck_assert_int_eq(sn.secret, reads[i]);
		snprintf(rec.id, sizeof(rec.id), "%s", secret_note);
		found = kw_db_form_load(who[i]->store, f, &rec, &v, &err);
		if (reads[i])
			ck_assert_int_eq(found, 1);
		else
			ck_assert_msg(found < 0 && err.status == KW_ENOPERM, "dee loaded it");
		kw_values_free(&v);
		memset(&sn, 0, sizeof(sn));
		ck_assert_int_eq(
			kw_db_form_list(who[i]->store, f, jo, NULL, 10, list_cb, NULL, &err),
			1 + reads[i]);
	}
}
END_TEST

/* --- what drop-in staff see --- */

START_TEST(test_dropin_hidden_fields)
{
	struct kw_header h;
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	struct kw_tl_cursor cur = { 0 };
	struct tl t = { 0 };
	struct kw_err err;

	ck_assert_int_eq(kw_db_header(cat->store, jo, &h, &err), 1);
	ck_assert_ptr_null(h.risk_level);
	ck_assert_ptr_null(h.handover);
	ck_assert_str_eq(h.codeword_hint, "");
	ck_assert_str_eq(h.safe_channels, "call");
	ck_assert_int_eq(h.keep_apart, 1);
	kw_header_clear(&h);
	ck_assert_int_eq(kw_db_header(bea->store, jo, &h, &err), 1);
	ck_assert_str_eq(h.codeword_hint, "B, 7 letters");
	ck_assert_ptr_null(strstr(h.codeword_hint, "Bramble"));
	kw_header_clear(&h);
	/* Her profile as drop-in staff load it: names, not the codeword or the address. */
	snprintf(rec.id, sizeof(rec.id), "%s", jo);
	ck_assert_int_eq(kw_db_form_load(cat->store, form("intake"), &rec, &v, &err), 1);
	ck_assert_str_eq(kw_values_get(&v, "known_as")->text, "Jo");
	ck_assert_ptr_null(kw_values_get(&v, "codeword"));
	ck_assert_ptr_null(kw_values_get(&v, "address"));
	kw_values_free(&v);
	/* Her timeline: contacts only. */
	ck_assert_int_ge(kw_db_timeline(cat->store, jo, &cur, 50, tl_cb, &t, &err), 0);
	ck_assert_int_eq(t.kinds[KW_TL_NOTE] + t.kinds[KW_TL_TASK] + t.kinds[KW_TL_STRENGTH], 0);
	/* The keep-apart flag shows on both women. */
	ck_assert_int_eq(kw_db_keep_apart_count(cat->store, jo, &err), 1);
}
END_TEST

/*
 * What the screens ask the app before they offer a record: a kind kept in the
 * sensitive compartment is the keyworkers' and managers', never drop-in
 * staff's; general kinds are everyone's. And a drop-in worker asking for such
 * records anyway through the app is refused by the store, not shown nothing.
 */
START_TEST(test_app_sees_kind)
{
	const struct kw_kind *note = kw_kind_find("note"), *person = kw_kind_find("person"),
			     *client = kw_kind_find("client"), *contact = kw_kind_find("contact");
	struct kw_err err;

	ck_assert(note->sensitive && person->sensitive && !client->sensitive &&
		  !contact->sensitive);
	ck_assert(kw_app_sees_kind(ana, note) && kw_app_sees_kind(bea, person));
	ck_assert(kw_app_sees_kind(cat, client) && kw_app_sees_kind(cat, contact));
	ck_assert(!kw_app_sees_kind(cat, note));
	ck_assert(!kw_app_sees_kind(cat, person));
	ck_assert(!kw_app_sees_kind(cat, NULL));
	ck_assert_int_eq(kw_app_form_list(cat, form("person"), jo, NULL, 10, NULL, NULL, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
}
END_TEST

/* A keep-apart flag names a woman on record, not a mistyped reference nor herself. */
START_TEST(test_keep_apart_names_a_woman)
{
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	struct kw_err err;
	const char *bad[] = { "KW-NOSUCH", jo_ref };
	const char *why[] = { "no woman on record has that reference", "her own reference" };

	for (int i = 0; i < 2; i++) {
		memset(&rec, 0, sizeof(rec));
		snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
		kw_values_set(&v, "other_reference", bad[i]);
		kw_values_set(&v, "noted_on", "2024-03-01");
		ck_assert_int_eq(save(bea, "keep_apart", &rec, &v, &err), -1);
		ck_assert_msg(strstr(err.msg, why[i]) != NULL, "%s", err.msg);
		kw_values_free(&v);
	}
	ck_assert_int_eq(kw_db_keep_apart_count(bea->store, jo, &err), 1);
}
END_TEST

/* --- consent and sharing --- */

START_TEST(test_sharing_rules)
{
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	struct kw_share_check sc;
	struct kw_err err;

	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
	ck_assert_int_eq(
		kw_share_check(bea->store, jo, "housing", "Housing", "2024-06-01", &sc, &err), 0);
	ck_assert_int_eq(sc.verdict, KW_SHARE_NO_CONSENT);
	ck_assert_ptr_nonnull(strstr(sc.msg, "No consent to share with Housing"));
	/* She agrees... */
	kw_values_set(&v, "purpose", "share_with_agency");
	kw_values_set(&v, "agency", "housing");
	kw_values_set(&v, "decision", "given");
	kw_values_set(&v, "decided_on", "2024-05-01");
	save_ok(bea, "consent", &rec, &v);
	kw_values_free(&v);
	ck_assert_int_eq(kw_share_check(bea->store, jo, "housing", NULL, "2024-06-01", &sc, &err),
			 0);
	ck_assert_int_eq(sc.verdict, KW_SHARE_OK);
	ck_assert_str_eq(sc.consent_id, rec.id);
	/* ... then withdraws. */
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
	kw_values_set(&v, "purpose", "share_with_agency");
	kw_values_set(&v, "agency", "housing");
	kw_values_set(&v, "decision", "withdrawn");
	kw_values_set(&v, "decided_on", "2024-05-20");
	save_ok(bea, "consent", &rec, &v);
	kw_values_free(&v);
	ck_assert_int_eq(kw_share_check(bea->store, jo, "housing", NULL, "2024-06-01", &sc, &err),
			 0);
	ck_assert_int_eq(sc.verdict, KW_SHARE_NO_CONSENT);
	ck_assert_ptr_nonnull(strstr(sc.msg, "withdrew"));
	/* Police on her must-not-receive list: blocked, even with consent, and refused by the store. */
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
	kw_values_set(&v, "agency", "police");
	kw_values_set(&v, "noted_on", "2024-01-01");
	save_ok(bea, "no_share", &rec, &v);
	kw_values_free(&v);
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
	kw_values_set(&v, "purpose", "share_with_agency");
	kw_values_set(&v, "agency", "police");
	kw_values_set(&v, "decision", "given");
	kw_values_set(&v, "decided_on", "2024-05-01");
	save_ok(bea, "consent", &rec, &v);
	kw_values_free(&v);
	ck_assert_int_eq(
		kw_share_check(bea->store, jo, "police", "Police", "2024-06-01", &sc, &err), 0);
	ck_assert_int_eq(sc.verdict, KW_SHARE_BLOCKED);
	for (int who = 0; who < 2; who++) {
		memset(&rec, 0, sizeof(rec));
		snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
		kw_values_set(&v, "agency", "police");
		kw_values_set(&v, "disclosed_on", "2024-06-01");
		kw_values_set(&v, "what", "Her new address");
		kw_values_set(&v, "basis", "safeguarding");
		ck_assert_int_ne(save(who ? ana : bea, "disclosure", &rec, &v, &err), 0);
		ck_assert_int_eq(err.status, KW_ENOPERM);
		ck_assert_ptr_nonnull(strstr(err.msg, "must not receive"));
		kw_values_free(&v);
	}
	/* Sharing with housing (not on the list) is logged with the basis. */
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", jo);
	kw_values_set(&v, "agency", "housing");
	kw_values_set(&v, "disclosed_on", "2024-06-01");
	kw_values_set(&v, "what", "That she needs a move");
	kw_values_set(&v, "basis", "safeguarding");
	save_ok(bea, "disclosure", &rec, &v);
	kw_values_free(&v);
}
END_TEST

/* --- redaction --- */

static int count_rows(void *ctx, int ncols, const char *const *cols)
{
	long *n = ctx;

	(void)ncols;
	*n = cols[0] != NULL ? atol(cols[0]) : 0;
	return 0;
}

static long query1(struct kw_session *s, const char *sql, const char *param)
{
	const char *params[1] = { param };
	struct kw_err err;
	long n = -1;

	ck_assert_msg(kw_db_bench_query(s->store, sql, params, param != NULL, count_rows, &n, NULL,
					&err) == 0,
		      "%s: %s", sql, err.msg);
	return n;
}

/* Every text of every table of both compartments that holds marker, after reopening. */
static const char SQL_TABLES[] =
	"SELECT count(*) FROM (SELECT 'main' AS sch, name FROM main.sqlite_master WHERE "
	"type = 'table' UNION ALL SELECT 's', name FROM s.sqlite_master WHERE type = 'table')";

static long marker_hits(struct kw_session *s, const char *marker)
{
	static const char *const sqls[] = {
		"SELECT count(*) FROM main.clients WHERE instr(coalesce(known_as,'') || "
		"coalesce(first_name,'') || coalesce(last_name,''), ?1) > 0",
		"SELECT count(*) FROM main.history WHERE instr(coalesce(old_value,'') || "
		"coalesce(new_value,''), ?1) > 0",
		"SELECT count(*) FROM s.history WHERE instr(coalesce(old_value,'') || "
		"coalesce(new_value,''), ?1) > 0",
		"SELECT count(*) FROM s.client_details WHERE instr(coalesce(address,''), ?1) > 0",
		"SELECT count(*) FROM main.custom_values WHERE instr(coalesce(value,''), ?1) > 0",
		"SELECT count(*) FROM s.custom_values WHERE instr(coalesce(value,''), ?1) > 0",
		"SELECT count(*) FROM s.notes WHERE instr(body, ?1) > 0",
		"SELECT count(*) FROM main.audit WHERE instr(detail, ?1) > 0",
		"SELECT count(*) FROM s.notes_fts_data WHERE instr(block, CAST(lower(?1) AS BLOB)) "
		"> 0",
	};
	long total = 0;

	for (size_t i = 0; i < KW_ARRAY_LEN(sqls); i++)
		total += query1(s, sqls[i], marker);
	return total;
}

START_TEST(test_redaction)
{
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	struct kw_err err;
	struct kw_note n = { 0 };
	long rows;

	/* A mistyped refuge address, corrected, so the wrong one is in the history too. */
	snprintf(rec.id, sizeof(rec.id), "%s", jo);
	rec.version = 1;
	{
		struct kw_values got = { 0 };

		ck_assert_int_eq(kw_db_form_load(ana->store, form("intake"), &rec, &got, &err), 1);
		kw_values_free(&got);
	}
	kw_values_set(&v, "address", "9 Zanzibarquay Road");
	save_ok(ana, "intake", &rec, &v);
	kw_values_free(&v);
	kw_values_set(&v, "address", "12 Other Street");
	save_ok(ana, "intake", &rec, &v);
	kw_values_free(&v);
	snprintf(n.client_id, sizeof(n.client_id), "%s", jo);
	n.body = kw_xstrdup("The refuge is at zanzibarquay, do not write it down.");
	ck_assert_int_eq(TU_TXN(ana->store, kw_db_note_add(ana->store, &n, &err)), 0);
	ck_assert_int_gt(marker_hits(ana, "Zanzibarquay") + marker_hits(ana, "zanzibarquay"), 2);
	/* Only managers; the keyworker is refused and nothing changes. */
	ck_assert_int_ne(TU_TXN(bea->store,
				kw_db_redact_field(bea->store, jo, NULL, "address", &rows, &err)),
			 0);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_int_ne(TU_TXN(bea->store, kw_db_redact_note(bea->store, jo, n.meta.id, &err)), 0);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_int_eq(TU_TXN(ana->store,
				kw_db_redact_field(ana->store, jo, NULL, "address", &rows, &err)),
			 0);
	ck_assert_int_ge(rows, 3); /* the value and two history rows (at least) */
	ck_assert_int_eq(TU_TXN(ana->store, kw_db_redact_note(ana->store, jo, n.meta.id, &err)), 0);
	kw_note_clear(&n);
	/* After reopening: gone from every table, the history and the notes index. */
	kw_session_close(&ana);
	ana = open_as("ana", TU_PASS);
	ck_assert_int_eq(marker_hits(ana, "Zanzibarquay"), 0);
	ck_assert_int_eq(marker_hits(ana, "zanzibarquay"), 0);
	ck_assert_int_eq(query1(ana, "SELECT count(*) FROM s.notes_fts WHERE notes_fts MATCH ?1",
				"zanzibarquay"),
			 0);
	ck_assert_int_ge(query1(ana, SQL_TABLES, NULL), 20);
	/* Old bytes are zeroed in freed pages, not left behind. */
	ck_assert_int_eq(query1(ana, "PRAGMA main.secure_delete", NULL), 1);
	ck_assert_int_eq(query1(ana, "PRAGMA s.secure_delete", NULL), 1);
	/* The tombstone: who, which record and field, never the value; the chain still checks. */
	ck_assert_int_eq(query1(ana,
				"SELECT count(*) FROM main.audit WHERE action = 'redact' AND "
				"client_id = ?1 AND instr(detail, 'field address') > 0",
				jo),
			 1);
	ck_assert_int_eq(kw_db_check(ana->store, NULL, NULL, &err), 0);
	/* Nothing to redact twice. */
	ck_assert_int_ne(TU_TXN(ana->store,
				kw_db_redact_field(ana->store, jo, NULL, "address", &rows, &err)),
			 0);
	ck_assert_int_eq(err.status, KW_EDATA);
}
END_TEST

/* Any record of hers: a contact's summary, her child's school, an advocacy step's summary. */
START_TEST(test_redaction_of_her_other_records)
{
	static const char *const where[] = {
		"SELECT count(*) FROM main.contacts WHERE instr(coalesce(summary, ''), ?1) > 0",
		"SELECT count(*) FROM s.child_details WHERE instr(coalesce(school, ''), ?1) > 0",
		"SELECT count(*) FROM main.advocacy_steps WHERE instr(coalesce(summary, ''), ?1) > "
		"0",
		"SELECT count(*) FROM main.history WHERE instr(coalesce(old_value, '') || "
		"coalesce(new_value, ''), ?1) > 0",
		"SELECT count(*) FROM s.history WHERE instr(coalesce(old_value, '') || "
		"coalesce(new_value, ''), ?1) > 0",
	};
	struct kw_contact k = { 0 };
	struct kw_err err;
	char child[37] = "", item[37] = "", step[37] = "", group[37] = "", other[37], msg[512];
	long rows, hits = 0;

	snprintf(k.client_id, sizeof(k.client_id), "%s", jo);
	kw_now_iso(k.happened_at);
	k.mode = kw_xstrdup("phone");
	k.outcome = KW_CONTACT_MADE;
	k.summary = kw_xstrdup("She is staying at Quokkavale with her sister.");
	ck_assert_msg(TU_TXN(ana->store, kw_db_contact_add(ana->store, &k, &err)) == 0, "%s",
		      err.msg);
	ck_assert_msg(tu_save(ana, pack, "child", jo, child, msg, "known_as", "Lily", "school",
			      "Quokkavale Primary", NULL) == 0,
		      "%s", msg);
	ck_assert_msg(tu_save(ana, pack, "child", NULL, child, msg, "school", "Quokkavale Juniors",
			      NULL) == 0,
		      "%s", msg); /* a change, so the old school is in the history too */
	ck_assert_msg(tu_save(ana, pack, "advocacy_item", jo, item, msg, "agency", "housing",
			      "issue", "Repairs", NULL) == 0,
		      "%s", msg);
	ck_assert_msg(tu_save(ana, pack, "advocacy_step", item, step, msg, "step", "contacted",
			      "summary", "Told them she is at Quokkavale", NULL) == 0,
		      "%s", msg);
	ck_assert_msg(tu_save(ana, pack, "group_session", NULL, group, msg, "group_name",
			      "wellbeing", "held_on", "2024-05-01", NULL) == 0,
		      "%s", msg);
	tu_woman(ana, "Another", NULL, other);
	for (size_t i = 0; i < KW_ARRAY_LEN(where); i++)
		hits += query1(ana, where[i], "Quokkavale");
	ck_assert_int_ge(hits, 4);

	/* Not hers, not a record, not hers to ask: refused, nothing changed. */
	ck_assert_int_ne(TU_TXN(ana->store, kw_db_redact_field(ana->store, other, k.meta.id,
							       "summary", &rows, &err)),
			 0);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_ptr_nonnull(strstr(err.msg, "not one of her records"));
	ck_assert_int_ne(
		TU_TXN(ana->store, kw_db_redact_field(ana->store, jo, group, "venue", &rows, &err)),
		0);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_int_ne(TU_TXN(ana->store, kw_db_redact_field(ana->store, jo, "no-such-id",
							       "summary", &rows, &err)),
			 0);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_int_ne(TU_TXN(bea->store, kw_db_redact_field(bea->store, jo, k.meta.id, "summary",
							       &rows, &err)),
			 0);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	/* A required column that is not text is corrected with its form, not redacted. */
	ck_assert_int_ne(TU_TXN(ana->store, kw_db_redact_field(ana->store, jo, k.meta.id,
							       "happened_at", &rows, &err)),
			 0);
	ck_assert_int_eq(err.status, KW_EDATA);

	ck_assert_int_eq(TU_TXN(ana->store, kw_db_redact_field(ana->store, jo, k.meta.id, "summary",
							       &rows, &err)),
			 0);
	ck_assert_int_eq(TU_TXN(ana->store,
				kw_db_redact_field(ana->store, jo, child, "school", &rows, &err)),
			 0);
	ck_assert_int_ge(rows, 2); /* the value and its history */
	ck_assert_int_eq(TU_TXN(ana->store,
				kw_db_redact_field(ana->store, jo, step, "summary", &rows, &err)),
			 0);
	kw_contact_clear(&k);
	kw_session_close(&ana);
	ana = open_as("ana", TU_PASS);
	hits = 0;
	for (size_t i = 0; i < KW_ARRAY_LEN(where); i++)
		hits += query1(ana, where[i], "Quokkavale");
	ck_assert_int_eq(hits, 0);
	ck_assert_int_eq(query1(ana,
				"SELECT count(*) FROM main.audit WHERE action = 'redact' AND "
				"client_id = ?1 AND instr(detail, 'advocacy_step') > 0",
				jo),
			 1);
	ck_assert_int_eq(kw_db_check(ana->store, NULL, NULL, &err), 0);
}
END_TEST

/* --- the audit trail's rows of changes hold no values --- */

START_TEST(test_change_audit_has_no_values)
{
	struct kw_err err;

	/* Setup saved "4 Quillwort Mews" and "Bramble": only the history holds them. */
	ck_assert_int_eq(query1(ana, "SELECT count(*) FROM main.audit WHERE instr(detail, ?1) > 0",
				"Quillwort"),
			 0);
	ck_assert_int_eq(query1(ana, "SELECT count(*) FROM main.audit WHERE instr(detail, ?1) > 0",
				"Bramble"),
			 0);
	ck_assert_int_eq(kw_db_check(ana->store, NULL, NULL, &err), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("roles");
	TCase *tc = tcase_create("roles");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_role_action_matrix);
	tcase_add_test(tc, test_confidential_notes);
	tcase_add_test(tc, test_dropin_hidden_fields);
	tcase_add_test(tc, test_app_sees_kind);
	tcase_add_test(tc, test_keep_apart_names_a_woman);
	tcase_add_test(tc, test_sharing_rules);
	tcase_add_test(tc, test_redaction);
	tcase_add_test(tc, test_redaction_of_her_other_records);
	tcase_add_test(tc, test_change_audit_has_no_values);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
