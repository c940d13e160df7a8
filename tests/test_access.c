/*
 * test_access.c: Check suite for records restricted to named staff
 * (src/app/access.c, src/db/access.c) on real SQLCipher files. Every role,
 * named and not, tries each way to her: search (a "restricted record" row
 * with nothing of her), opening her record, her header and timeline from
 * the store, a save, her caseload row, export's list of women, a subject
 * access request and her audit; refused where it must be, each refusal an
 * audit row, and the managers' Today alert. Then: a leaver's caseload
 * release leaves a processing-restricted woman as she is.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keywork/access.h"
#include "keywork/accessdb.h"
#include "keywork/lookup.h"
#include "keywork/policy.h"
#include "keywork/reads.h"
#include "keywork/retention.h"
#include "keywork/sar.h"
#include "keywork/team.h"
#include "keywork/util.h"
#include "testutil.h"

static char *tmp, *data;
static struct kw_session *ana;
static struct kw_form_pack *pack;
static char her[37], other[37], ref[16];

enum { ANA, BEA, EVE, KIM, CAT, USERS };
static const struct {
	const char *name, *pass;
	enum kw_role role;
	bool named;
} users[USERS] = {
	[ANA] = { "ana", TU_PASS, KW_ROLE_MANAGER, true },
	[BEA] = { "bea", "copper-heron-orchard-violet-dune", KW_ROLE_KEYWORKER, true },
	[EVE] = { "eve", "saffron-kettle-ridge-lumen-otter", KW_ROLE_MANAGER, false },
	[KIM] = { "kim", "plover-saddle-granite-mellow-wick", KW_ROLE_KEYWORKER, false },
	[CAT] = { "cat", "maple-signal-quartz-ember-hollow", KW_ROLE_DROPIN, false },
};

static const char *id_of(const char *name)
{
	static struct kw_user u;
	struct kw_err err;

	ck_assert_int_eq(kw_db_user_find(ana->store, name, &u, &err), 1);
	return u.meta.id;
}

static void setup(void)
{
	struct kw_client c = { 0 };
	struct kw_err err;
	bool changed;

	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	pack = tu_pack(NULL, 0);
	for (int u = BEA; u < USERS; u++)
		tu_user(ana, users[u].name, users[u].role, users[u].pass);
	tu_woman(ana, "Hiddenwoman", id_of("bea"), her);
	tu_woman(ana, "Otherwoman", id_of("kim"), other);
	ck_assert_int_eq(kw_db_client_get(ana->store, her, &c, &err), 1);
	snprintf(ref, sizeof(ref), "%s", c.reference);
	kw_client_clear(&c);
	ck_assert_msg(kw_access_set(ana, ref, "bea,ana", &changed, &err) == 0, "%s", err.msg);
	ck_assert(changed);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

static struct kw_session *as(int u)
{
	struct kw_err err;
	struct kw_session *s = tu_open(data, users[u].name, users[u].pass, &err);

	ck_assert_msg(s != NULL, "%s: %s", users[u].name, err.msg);
	return s;
}

struct found {
	bool her, other, masked;
	const char *name_seen;
	char name[64];
};

static int on_hit(void *ctx, const struct kw_hit *h)
{
	struct found *f = ctx;

	if (strcmp(h->id, her) == 0) {
		f->her = true;
		f->masked = h->restricted;
		snprintf(f->name, sizeof(f->name), "%s%s%s", h->known_as ? h->known_as : "",
			 h->reference, h->first_name ? h->first_name : "");
	}
	if (strcmp(h->id, other) == 0)
		f->other = true;
	return 0;
}

static int on_case(void *ctx, const struct kw_case_row *r)
{
	struct found *f = ctx;

	if (strcmp(r->id, her) == 0)
		f->her = true;
	if (strcmp(r->id, other) == 0)
		f->other = true;
	return 0;
}

static int on_client(void *ctx, const struct kw_client *c)
{
	struct found *f = ctx;

	if (strcmp(c->meta.id, her) == 0)
		f->her = true;
	if (strcmp(c->meta.id, other) == 0)
		f->other = true;
	return 0;
}

static int on_tl(void *ctx, const struct kw_tl_entry *e)
{
	(void)ctx;
	(void)e;
	return 0;
}

struct refusals {
	int n;
	char who[16][33];
	char how[16][64];
};

static int on_audit(void *ctx, const struct kw_audit_row *r)
{
	struct refusals *x = ctx;

	if (strcmp(r->action, "access-refused") == 0 && x->n < 16) {
		snprintf(x->who[x->n], sizeof(x->who[0]), "%s", r->username);
		snprintf(x->how[x->n], sizeof(x->how[0]), "%s", r->detail);
		x->n++;
	}
	return 0;
}

static int on_alert(void *ctx, const struct kw_access_alert *a)
{
	struct refusals *x = ctx;

	if (x->n < 16) {
		snprintf(x->who[x->n], sizeof(x->who[0]), "%s", a->who);
		snprintf(x->how[x->n], sizeof(x->how[0]), "%s %s", a->reference, a->how);
		x->n++;
	}
	return 0;
}

START_TEST(test_every_role_every_way)
{
	int refused_expected = 0;
	char today[11];

	kw_today(today);
	for (int u = ANA; u < USERS; u++) {
		struct kw_session *s = u == ANA ? ana : as(u);
		struct found f = { 0 };
		struct kw_err err;
		struct kw_header h;
		struct kw_tl_cursor cur = { 0 };
		char msg[512], id[37] = "", dir[600];
		const char *who = users[u].name;
		bool named = users[u].named;
		int r;

		/* Search: the named find her by name; the others find a row with nothing of her. */
		ck_assert_int_eq(kw_app_search(s, "Hiddenw", 10, on_hit, &f, &err), 0);
		ck_assert_msg(f.her, "%s: she is not in search at all", who);
		ck_assert_msg(f.masked == !named, "%s: restricted row %d", who, f.masked);
		if (named)
			ck_assert_msg(strstr(f.name, "Hiddenwoman") != NULL, "%s sees %s", who,
				      f.name);
		else
			ck_assert_msg(f.name[0] == '\0', "%s sees '%s' of her", who, f.name);
		/* Opening her record. */
		r = kw_app_record_opened(s, her, today, &err);
		ck_assert_msg((r == 0) == named, "%s: open gave %d", who, r);
		if (!named) {
			ck_assert_int_eq(err.reason, KW_R_HIDDEN);
			refused_expected++;
		}
		/* The store's own reads of her, whatever the screen asks. */
		r = kw_db_header(s->store, her, &h, &err);
		ck_assert_msg(named ? r == 1 : (r == -1 && err.reason == KW_R_HIDDEN),
			      "%s header %d", who, r);
		kw_header_clear(&h);
		r = kw_db_timeline(s->store, her, &cur, 10, on_tl, NULL, &err);
		ck_assert_msg(named ? r >= 0 : (r == -1 && err.reason == KW_R_HIDDEN),
			      "%s timeline %d", who, r);
		ck_assert_int_eq(kw_db_timeline(s->store, other, &cur, 10, on_tl, NULL, &err) >= 0,
				 1);
		/* A save about her: a contact, which every role may log. */
		r = tu_save(s, pack, "contact", her, id, msg, "happened_at", "2026-03-01T10:00:00Z",
			    "mode", "centre", "outcome", "made", NULL);
		ck_assert_msg((r == 0) == named, "%s: save gave %d (%s)", who, r, msg);
		if (!named) {
			ck_assert_msg(strstr(msg, "restricted to named staff") != NULL, "%s", msg);
			refused_expected++;
		}
		/* Lists of women: the caseload (where the role has one) and export's. */
		memset(&f, 0, sizeof(f));
		if (kw_app_caseload(s, NULL, today, on_case, &f, &err) == 0) {
			ck_assert_msg(f.her == named, "%s: caseload has her: %d", who, f.her);
			ck_assert(f.other);
		}
		memset(&f, 0, sizeof(f));
		ck_assert_int_eq(kw_db_client_each(s->store, on_client, &f, &err), 0);
		ck_assert_msg(f.her == named && f.other, "%s: every woman has her: %d", who, f.her);
		/* A subject access request: managers only, and only a named one. */
		snprintf(dir, sizeof(dir), "%s/sar-%s", tmp, who);
		{
			struct kw_sar_result res;

			r = kw_sar_write(s, pack, ref, dir, NULL, &res, &err);
			ck_assert_msg((r == 0) == (named && users[u].role == KW_ROLE_MANAGER),
				      "%s: SAR %d (%s)", who, r, err.msg);
			if (users[u].role == KW_ROLE_MANAGER && !named) {
				struct stat st;

				ck_assert_int_eq(err.reason, KW_R_HIDDEN);
				ck_assert_int_ne(stat(dir, &st), 0);
				refused_expected++;
			}
		}
		/* Her audit by reference (managers; the others are refused by role first). */
		{
			struct kw_client c = { 0 };

			r = kw_app_client_find(s, ref, &c, &err);
			ck_assert_msg((r == 0) == named, "%s: found by reference %d", who, r);
			kw_client_clear(&c);
			if (!named)
				refused_expected++;
		}
		if (u != ANA)
			kw_session_close(&s);
	}
	/* Every refusal is in the audit, by whom; a manager's Today shows them, a keyworker's not. */
	{
		struct refusals x = { 0 }, al = { 0 }, none = { 0 };
		struct kw_audit_filter flt = { .client_id = her };
		struct kw_session *bea = as(BEA);
		struct kw_err err;
		char since[11];

		ck_assert_int_eq(kw_app_audit_read(ana, &flt, on_audit, &x, "test", &err), 0);
		ck_assert_int_eq(x.n, refused_expected);
		for (int u = EVE; u < USERS; u++) {
			int n = 0;

			for (int i = 0; i < x.n; i++)
				n += strcmp(x.who[i], users[u].name) == 0;
			ck_assert_msg(n >= 3, "%s: %d refusals audited", users[u].name, n);
		}
		ck_assert(kw_date_add_days(today, -7, since));
		ck_assert_int_eq(kw_access_alerts(ana, since, 50, on_alert, &al, &err), 0);
		ck_assert_int_eq(al.n, refused_expected);
		ck_assert_msg(strstr(al.how[0], ref) != NULL, "%s", al.how[0]);
		ck_assert_int_eq(kw_access_alerts(bea, since, 50, on_alert, &none, &err), 0);
		ck_assert_int_eq(none.n, 0);
		kw_session_close(&bea);
	}
}
END_TEST

START_TEST(test_lift_and_set_rules)
{
	struct kw_session *eve = as(EVE), *bea = as(BEA);
	struct kw_err err;
	bool changed;

	ck_assert_int_eq(kw_access_set(bea, ref, NULL, &changed, &err), -1);
	ck_assert_int_eq(err.reason, KW_R_ROLE);
	ck_assert_int_eq(kw_access_set(ana, ref, "cat", &changed, &err), -1);
	ck_assert_msg(strstr(err.msg, "manager or keyworker") != NULL, "%s", err.msg);
	ck_assert_int_eq(kw_access_set(ana, ref, "bea,nobody", &changed, &err), -1);
	ck_assert_msg(strstr(err.msg, "no user nobody") != NULL, "%s", err.msg);
	ck_assert(!kw_access_sees(eve, her));
	/* A manager not named may lift it (audited); then she sees her at once. */
	ck_assert_int_eq(kw_access_set(eve, ref, NULL, &changed, &err), 0);
	ck_assert(changed);
	ck_assert(kw_access_sees(eve, her));
	ck_assert_int_eq(kw_access_set(eve, ref, NULL, &changed, &err), 0);
	ck_assert(!changed);
	kw_session_close(&eve);
	kw_session_close(&bea);
}
END_TEST

START_TEST(test_release_keeps_restricted)
{
	char a[37], b[37];
	struct kw_err err;
	long n = -1, kept = -1;
	bool changed;
	struct kw_client c = { 0 };

	tu_woman(ana, "Ada", id_of("kim"), a);
	tu_woman(ana, "Bo", id_of("kim"), b);
	ck_assert_int_eq(kw_db_client_get(ana->store, a, &c, &err), 1);
	ck_assert_int_eq(kw_hold(ana, c.reference, KW_HOLD_RESTRICT, false, &changed, &err), 0);
	kw_client_clear(&c);
	/* kim holds Otherwoman, Ada (restricted processing) and Bo. */
	ck_assert_msg(kw_app_caseload_release(ana, "kim", true, &n, &kept, &err) == 0, "%s",
		      err.msg);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(kept, 1);
	ck_assert_int_eq(kw_db_client_get(ana->store, a, &c, &err), 1);
	ck_assert_str_eq(c.keyworker_id, id_of("kim"));
	kw_client_clear(&c);
	ck_assert_int_eq(kw_db_client_get(ana->store, b, &c, &err), 1);
	ck_assert_ptr_null(c.keyworker_id);
	kw_client_clear(&c);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("access");
	TCase *tc = tcase_create("access");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_every_role_every_way);
	tcase_add_test(tc, test_lift_and_set_rules);
	tcase_add_test(tc, test_release_keeps_restricted);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
