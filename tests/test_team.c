/*
 * test_team.c: Check suite for the team (src/app/team.c, src/db/team.c) on
 * real SQLCipher files, with the day given, as the clock: the queue of women
 * waiting (oldest first, a true count beyond the rows a screen shows), an
 * allocation kept in her history and audited, capacity, a cover that ends by
 * itself after its last day (audited once), and a leaver's caseload moved to
 * the queue.
 */
#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/db.h"
#include "keywork/lookup.h"
#include "keywork/policy.h"
#include "keywork/reads.h"
#include "keywork/retention.h"
#include "keywork/team.h"
#include "keywork/util.h"
#include "testutil.h"

static char *tmp, *data;
static struct kw_session *ana;
static struct kw_form_pack *pack;

static void setup(void)
{
	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	pack = tu_pack(NULL, 0);
	tu_user(ana, "bea", KW_ROLE_KEYWORKER, "copper-heron-orchard-violet-dune");
	tu_user(ana, "kim", KW_ROLE_KEYWORKER, "plover-saddle-granite-mellow-wick");
	tu_user(ana, "cat", KW_ROLE_DROPIN, "maple-signal-quartz-ember-hollow");
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

static const char *id_of(const char *name)
{
	static struct kw_user u;
	struct kw_err err;

	ck_assert_int_eq(kw_db_user_find(ana->store, name, &u, &err), 1);
	return u.meta.id;
}

/* A woman with no keyworker (or keyworker_id's), referred on referred_on when not NULL. */
static void referred(const char *known_as, const char *keyworker_id, const char *referred_on,
		     char id[37])
{
	char msg[512], ep[37] = "";

	tu_woman(ana, known_as, keyworker_id, id);
	if (referred_on != NULL)
		ck_assert_msg(tu_save(ana, pack, "referral", id, ep, msg, "referral_source", "self",
				      "programme", "diversion", "cadence", "high", "referred_on",
				      referred_on, NULL) == 0,
			      "%s", msg);
}

static void save_ok(const char *form, const char *parent, char *id, ...);

struct seen {
	char names[8][32];
	char since[8][11];
	int n;
};

static int on_waiting(void *ctx, const struct kw_waiting *w)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->names[s->n], 32, "%s", w->known_as);
		snprintf(s->since[s->n], 11, "%s", w->since);
		s->n++;
	}
	return 0;
}

START_TEST(test_queue_oldest_first)
{
	struct seen s = { .n = 0 };
	char a[37], b[37], c[37], d[37];
	struct kw_err err;
	long total = -1;

	referred("Newer", NULL, "2026-11-20", a);
	referred("Older", NULL, "2026-10-01", b);
	referred("Jo", NULL, NULL, c);			 /* never referred: not waiting */
	referred("Hers", id_of("bea"), "2026-09-01", d); /* has a keyworker: not waiting */
	{
		/* Drop-in only (no_keyworker in the programmes list): she waits for nobody. */
		char e[37], msg[512], ep[37] = "";

		tu_woman(ana, "Dropin", NULL, e);
		ck_assert_msg(tu_save(ana, pack, "referral", e, ep, msg, "referral_source", "self",
				      "programme", "drop_in", "referred_on", "2026-08-01",
				      NULL) == 0,
			      "%s", msg);
		/* Drop-in, and referred to a programme that needs one: she waits, by that. */
		tu_woman(ana, "Both", NULL, e);
		ep[0] = '\0';
		ck_assert_msg(tu_save(ana, pack, "referral", e, ep, msg, "referral_source", "self",
				      "programme", "drop_in", "referred_on", "2026-07-01",
				      NULL) == 0,
			      "%s", msg);
		ep[0] = '\0';
		ck_assert_msg(tu_save(ana, pack, "referral", e, ep, msg, "referral_source", "self",
				      "programme", "community", "referred_on", "2026-11-25",
				      NULL) == 0,
			      "%s", msg);
	}
	ck_assert_int_eq(kw_app_waiting(ana, pack, on_waiting, &s, &total, &err), 0);
	ck_assert_int_eq(total, 3);
	ck_assert_int_eq(s.n, 3);
	ck_assert_str_eq(s.names[0], "Older");
	ck_assert_str_eq(s.since[0], "2026-10-01");
	ck_assert_str_eq(s.names[1], "Newer");
	ck_assert_str_eq(s.names[2], "Both");
	ck_assert_str_eq(s.since[2], "2026-11-25");
	/* "Has she asked for a keyworker?": yes with no referral waits, from the day she said
	 * so; no does not; yes with a referral waits once, by it; yes with a keyworker does not. */
	{
		const char *asked[][3] = { { "Asked", "yes", NULL },
					   { "Said no", "no", NULL },
					   { "Newer", "yes", a },
					   { "Hers", "yes", d } };
		char id[37];

		for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
			snprintf(id, sizeof(id), "%s", asked[i][2] != NULL ? asked[i][2] : "");
			save_ok("intake", NULL, id, "known_as", asked[i][0], "wants_keyworker",
				asked[i][1], NULL);
		}
	}
	s.n = 0;
	ck_assert_int_eq(kw_app_waiting(ana, pack, on_waiting, &s, &total, &err), 0);
	ck_assert_int_eq(total, 4);
	ck_assert_str_eq(s.names[0], "Older");
	ck_assert_str_eq(s.names[1], "Newer");
	ck_assert_str_eq(s.names[2], "Both");
	ck_assert_str_eq(s.names[3], "Asked");
}
END_TEST

static int stop_at_once(void *ctx, const struct kw_waiting *w)
{
	(void)w;
	(*(int *)ctx)++;
	return 1;
}

START_TEST(test_queue_counts_every_woman)
{
	char id[37], name[16];
	struct kw_err err;
	long total = -1;
	int calls = 0;

	/* More than the screen lists (100): the count is still every woman. */
	for (int i = 0; i < 130; i++) {
		snprintf(name, sizeof(name), "W%03d", i);
		referred(name, NULL, "2026-11-01", id);
	}
	ck_assert_int_eq(kw_app_waiting(ana, pack, stop_at_once, &calls, &total, &err), 0);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(total, 130);
}
END_TEST

struct change {
	bool found;
	char old[37], now[37];
};

static int on_change(void *ctx, const struct kw_change *c)
{
	struct change *ch = ctx;

	if (strcmp(c->field, "keyworker_id") != 0)
		return 0;
	ch->found = true;
	snprintf(ch->old, sizeof(ch->old), "%s", c->old_value != NULL ? c->old_value : "");
	snprintf(ch->now, sizeof(ch->now), "%s", c->new_value != NULL ? c->new_value : "");
	return 0;
}

struct audit_find {
	const char *action;
	const char *detail;
	int n;
};

static int on_audit(void *ctx, const struct kw_audit_row *r)
{
	struct audit_find *f = ctx;

	if (strcmp(r->action, f->action) == 0 && strstr(r->detail, f->detail) != NULL)
		f->n++;
	return 0;
}

static int audited(const char *action, const char *detail)
{
	struct kw_audit_filter flt = { 0 };
	struct audit_find f = { action, detail, 0 };
	struct kw_err err;

	ck_assert_int_eq(kw_db_audit_each(ana->store, &flt, on_audit, &f, &err), 0);
	return f.n;
}

static int count_member(void *ctx, const struct kw_team_member *m)
{
	struct kw_team_member *want = ctx;

	if (strcmp(m->username, want->username) == 0)
		*want = *m;
	return 0;
}

static int count_id(void *ctx, const char *id)
{
	(void)id;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_allocation_history_audit_capacity)
{
	struct kw_team_member bea = { .username = "bea" };
	struct change ch = { 0 };
	char her[37], today[11];
	struct kw_err err;
	long total = -1;
	struct seen s = { .n = 0 };
	int fresh = 0;

	referred("Mona", NULL, "2026-11-01", her);
	ck_assert_int_eq(kw_app_set_capacity(ana, "bea", 3, &err), 0);
	ck_assert_int_ne(kw_app_set_capacity(ana, "cat", 3, &err), 0); /* no caseload */
	ck_assert_int_eq(kw_app_allocate(ana, her, id_of("bea"), &err), 0);
	ck_assert_int_ne(kw_app_allocate(ana, her, id_of("cat"), &err), 0);
	ck_assert_int_eq(kw_app_waiting(ana, pack, on_waiting, &s, &total, &err), 0);
	ck_assert_int_eq(total, 0);
	ck_assert_int_eq(kw_db_history_each(ana->store, her, on_change, &ch, &err), 0);
	ck_assert(ch.found);
	ck_assert_str_eq(ch.now, id_of("bea"));
	ck_assert_int_eq(audited("allocate", "allocated to bea"), 1);
	ck_assert_int_eq(audited("user-capacity", "capacity of bea: 3"), 1);
	ck_assert_int_eq(kw_app_team_each(ana, count_member, &bea, &err), 0);
	ck_assert_int_eq(bea.caseload, 1);
	ck_assert_int_eq(bea.capacity, 3);
	{
		/* A keyworker recorded with no slot in the key file cannot sign in: not offered. */
		struct kw_team_member ghost = { .username = "ghost" };
		unsigned char pk[32] = { 7 };

		ck_assert_int_eq(
			TU_TXN(ana->store, kw_db_user_add(ana->store, "ghost", KW_ROLE_KEYWORKER,
							  pk, NULL, &err)),
			0);
		ck_assert_int_eq(kw_app_team_each(ana, count_member, &ghost, &err), 0);
		ck_assert_int_eq(ghost.caseload, 0);
		ck_assert(ghost.id[0] == '\0');
	}
	kw_today(today);
	ck_assert_int_eq(kw_app_new_to(ana, id_of("bea"), today, count_id, &fresh, &err), 0);
	ck_assert_int_eq(fresh, 1); /* marked new on bea's Today */
	fresh = 0;
	ck_assert_int_eq(kw_app_new_to(ana, id_of("kim"), today, count_id, &fresh, &err), 0);
	ck_assert_int_eq(fresh, 0);
}
END_TEST

static int count_cover(void *ctx, const struct kw_cover *c)
{
	(void)c;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_cover_ends_by_itself)
{
	struct kw_err err;
	int n = 0;

	ck_assert_int_ne(kw_app_cover_start(ana, "kim", "bea", "2026-12-01", "2026-11-30", &err),
			 0); /* a day gone by */
	ck_assert_int_ne(kw_app_cover_start(ana, "kim", "cat", "2026-12-01", "2026-12-10", &err),
			 0); /* drop-in staff */
	ck_assert_int_eq(kw_app_cover_start(ana, "kim", "bea", "2026-12-01", "2026-12-10", &err),
			 0);
	ck_assert_int_eq(audited("cover-start", "cover of kim by bea from 2026-12-01 until "
						"2026-12-10"),
			 1);
	/* Its last day: still on. */
	ck_assert_int_eq(kw_app_covering(ana, id_of("bea"), "2026-12-10", count_cover, &n, &err),
			 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(kw_app_covering(ana, id_of("kim"), "2026-12-10", count_cover, &n, &err),
			 0);
	ck_assert_int_eq(n, 1); /* kim covers nobody */
	/* Days later: it ended the day after its last, once, audited, whoever noticed. */
	n = 0;
	ck_assert_int_eq(kw_app_covering(ana, id_of("bea"), "2026-12-15", count_cover, &n, &err),
			 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(kw_app_cover_sweep(ana, "2026-12-20", &err), 0);
	ck_assert_int_eq(audited("cover-end", "cover of kim by bea ended 2026-12-11 (its last "
					      "day had passed)"),
			 1);
	/* Ended, kim can be covered again. */
	ck_assert_int_eq(kw_app_cover_start(ana, "kim", "ana", "2026-12-12", "2026-12-12", &err),
			 0);
	ck_assert_int_eq(kw_app_cover_end(ana, "kim", "2026-12-12", &err), 0);
	ck_assert_int_eq(audited("cover-end", "ended early"), 1);
}
END_TEST

START_TEST(test_leaver_to_queue)
{
	char a[37], b[37];
	struct kw_err err;
	long n = -1, total = -1, kept = -1;
	struct seen s = { .n = 0 };

	referred("Ada", id_of("kim"), "2026-10-01", a);
	referred("Bo", id_of("kim"), NULL, b);
	ck_assert_int_eq(kw_app_caseload_release(ana, "kim", false, &n, &kept, &err), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(kw_app_caseload_release(ana, "kim", true, &n, &kept, &err), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(kw_app_caseload_release(ana, "kim", false, &n, &kept, &err), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(audited("unallocate", "moved to the queue from kim"), 2);
	/* Ada was referred: she waits. Bo never was, so she has no keyworker and no place in it. */
	ck_assert_int_eq(kw_app_waiting(ana, pack, on_waiting, &s, &total, &err), 0);
	ck_assert_int_eq(total, 1);
	ck_assert_str_eq(s.names[0], "Ada");
}
END_TEST

/* --- the team's counts, and the contact state they are read from --- */

/* No woman's contact state differs from what her episodes and contacts say (general 0017). */
static void state_agrees(const char *after)
{
	struct kw_err err;
	long changed = -1;

	ck_assert_int_eq(kw_store_begin(ana->store, &err), 0);
	ck_assert_int_eq(kw_db_contact_state_rebuild(ana->store, &changed, &err), 0);
	kw_store_rollback(ana->store);
	ck_assert_msg(changed == 0, "after %s: the contact state of %ld women differs", after,
		      changed);
}

static void save_ok(const char *form, const char *parent, char *id, ...)
{
	char msg[512];
	va_list ap;
	int rc;

	va_start(ap, id);
	rc = tu_vsave(ana, pack, form, parent, id, msg, ap);
	va_end(ap);
	ck_assert_msg(rc == 0, "%s: %s", form, msg);
}

/* A woman of keyworker_id's in programme (community: weekly; diversion: fortnightly, as the
 * shipped list has them), support started on opened. */
static void in_programme(const char *programme, const char *known_as, const char *keyworker_id,
			 const char *opened, char id[37], char ep[37])
{
	tu_woman(ana, known_as, keyworker_id, id);
	ep[0] = '\0';
	save_ok("referral", id, ep, "referral_source", "self", "programme", programme,
		"referred_on", opened, "opened_on", opened, NULL);
}

static void weekly(const char *known_as, const char *keyworker_id, const char *opened, char id[37],
		   char ep[37])
{
	in_programme("community", known_as, keyworker_id, opened, id, ep);
}

/* A contact (made, attempted or missed) at at; its id into out (may be NULL). */
static void contact(const char *her, const char *at, const char *outcome, char *out)
{
	char id[37] = "";

	if (strcmp(outcome, "missed") == 0)
		save_ok("contact", her, id, "happened_at", at, "mode", "centre", "outcome", outcome,
			"missed_reason", "childcare", NULL);
	else
		save_ok("contact", her, id, "happened_at", at, "mode", "centre", "outcome", outcome,
			NULL);
	if (out != NULL)
		snprintf(out, 37, "%s", id);
}

/* A correction of contact amended: it did not happen after all (as the store writes one). */
static void amend(const char *her, const char *amended, const char *at)
{
	struct kw_contact c = { 0 };
	struct kw_err err;

	snprintf(c.client_id, sizeof(c.client_id), "%s", her);
	snprintf(c.happened_at, sizeof(c.happened_at), "%s", at);
	c.mode = (char *)"centre";
	c.outcome = KW_CONTACT_MISSED;
	c.missed_reason = (char *)"childcare";
	c.amends_id = (char *)amended;
	ck_assert_int_eq(kw_store_begin(ana->store, &err), 0);
	ck_assert_msg(TU_TXN(ana->store, kw_db_contact_add(ana->store, &c, &err)) == 0, "%s",
		      err.msg);
	ck_assert_int_eq(kw_store_commit(ana->store, &err), 0);
	c.mode = c.missed_reason = c.amends_id = NULL;
	kw_contact_clear(&c);
}

static const struct kw_team_row *row_named(const struct kw_team_counts *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->rows[i].m.username, name) == 0)
			return &c->rows[i];
	ck_abort_msg("%s is not on the team screen", name);
	return NULL;
}

/*
 * On 2026-03-01, weekly contact: women either side of each line the counts draw (due today
 * is not overdue, a day later is), with what moves the line (an attempt does not, a
 * correction takes a contact away, a next contact planned with her replaces the cadence, a
 * pause and a closed episode take her out), and tasks due either side of today.
 */
START_TEST(test_counts_at_the_thresholds)
{
	char bea[37], kim[37];
	char w[11][37], ep[11][37], k[37], t[37];
	struct kw_team_counts c;
	const struct kw_team_row *b, *m;
	struct kw_err err;

	snprintf(bea, sizeof(bea), "%s", id_of("bea"));
	snprintf(kim, sizeof(kim), "%s", id_of("kim"));
	weekly("Due today", bea, "2026-01-05", w[0], ep[0]);
	contact(w[0], "2026-02-22T10:00:00Z", "made", NULL);
	weekly("A day over", bea, "2026-01-05", w[1], ep[1]);
	contact(w[1], "2026-02-21T10:00:00Z", "made", NULL);
	weekly("Tried since", bea, "2026-01-05", w[2], ep[2]);
	contact(w[2], "2026-02-21T10:00:00Z", "made", NULL);
	contact(w[2], "2026-02-27T10:00:00Z", "attempted", NULL);
	weekly("Corrected", bea, "2026-01-05", w[3], ep[3]);
	contact(w[3], "2026-02-10T10:00:00Z", "made", NULL);
	contact(w[3], "2026-02-27T10:00:00Z", "made", k);
	amend(w[3], k, "2026-02-27T10:00:00Z");
	weekly("Planned", bea, "2026-01-05", w[4], ep[4]);
	contact(w[4], "2026-02-12T10:00:00Z", "made", NULL);
	save_ok("contact", w[4], NULL, "happened_at", "2026-02-26T10:00:00Z", "mode", "phone",
		"outcome", "attempted", "next_contact", "2026-03-03", NULL);
	weekly("Paused", bea, "2026-01-05", w[5], ep[5]);
	contact(w[5], "2026-01-06T10:00:00Z", "made", NULL);
	save_ok("contact_pause", w[5], NULL, "reason", "custody", "starts_on", "2026-02-20",
		"ends_on", "2026-03-10", NULL);
	weekly("Closed", bea, "2026-01-05", w[6], ep[6]);
	contact(w[6], "2026-01-06T10:00:00Z", "made", NULL);
	save_ok("closure", ep[6], NULL, "reason", "her_request", "closed_on", "2026-01-20",
		"her_wish", "She wants a break.", "welcome_back", "Any time.", NULL);
	weekly("Never seen", bea, "2026-02-20", w[7], ep[7]);
	/* kim's: her own cadence, fortnightly, either side of the line. */
	in_programme("diversion", "Fortnight over", kim, "2026-01-05", w[8], ep[8]);
	contact(w[8], "2026-02-14T10:00:00Z", "made", NULL);
	in_programme("diversion", "Fortnight due", kim, "2026-01-05", w[9], ep[9]);
	contact(w[9], "2026-02-15T10:00:00Z", "made", NULL);
	/* Nobody's: counted in the whole team's totals only. */
	weekly("Waiting", NULL, "2026-01-05", w[10], ep[10]);

	/* Tasks: due today and a chase due yesterday count; tomorrow's and a done one do not. */
	save_ok("task", w[0], NULL, "title", "Due today", "due_on", "2026-03-01", NULL);
	save_ok("task", w[0], NULL, "title", "Chase", "due_on", "2026-03-20", "chase_on",
		"2026-02-28", NULL);
	save_ok("task", w[1], NULL, "title", "Tomorrow", "due_on", "2026-03-02", NULL);
	t[0] = '\0';
	save_ok("task", w[1], t, "title", "Done", "due_on", "2026-02-01", "status", "done",
		"done_on", "2026-02-02", "outcome", "Sorted.", NULL);
	save_ok("task", w[8], NULL, "title", "Kim's", "due_on", "2026-02-25", NULL);
	state_agrees("the women, contacts, a correction, a plan, a pause and a closure");

	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-03-01", &c, &err), 0);
	b = row_named(&c, "bea");
	m = row_named(&c, "kim");
	ck_assert_int_eq(b->m.caseload, 8);
	/* A day over, tried since, corrected (back to 10 Feb), never seen (opened 20 Feb). */
	ck_assert_int_eq(b->overdue, 4);
	ck_assert_int_eq(b->tasks_due, 2);
	/* The longest without a contact made, not paused, episode open: the corrected one. */
	ck_assert_int_eq(b->unseen_days, 19);
	ck_assert_str_eq(b->unseen_id, w[3]);
	ck_assert_str_eq(b->unseen_name, "Corrected");
	ck_assert_int_eq((int)strlen(b->unseen_ref) > 0, 1);
	ck_assert_int_eq(m->m.caseload, 2);
	ck_assert_int_eq(m->overdue, 1);
	ck_assert_int_eq(m->tasks_due, 1);
	ck_assert_int_eq(m->unseen_days, 15);
	ck_assert_int_eq(c.women, 11);
	ck_assert_int_eq(c.overdue, 4 + 1 + 1);
	ck_assert_int_eq(c.tasks_due, 3);
	kw_team_counts_free(&c);

	/* A day earlier, "a day over" and "tried since" are due today, the fortnightly one not. */
	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-02-28", &c, &err), 0);
	ck_assert_int_eq(row_named(&c, "bea")->overdue, 2);
	ck_assert_int_eq(row_named(&c, "kim")->overdue, 0);
	kw_team_counts_free(&c);
	/* After the plan's day and the pause's end, both count. */
	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-03-04", &c, &err), 0);
	ck_assert_int_eq(row_named(&c, "bea")->overdue, 6);
	kw_team_counts_free(&c);
	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-03-18", &c, &err), 0);
	ck_assert_int_eq(row_named(&c, "bea")->overdue, 7);
	kw_team_counts_free(&c);
}
END_TEST

/* Her row follows every writer: allocation, reallocation, the queue, a re-opening, erasure. */
START_TEST(test_state_follows_every_write)
{
	char bea[37], kim[37], a[37], b[37], ep[37], re[37] = "";
	struct kw_team_counts c;
	struct kw_err err;
	long n = -1, kept = -1;

	snprintf(bea, sizeof(bea), "%s", id_of("bea"));
	snprintf(kim, sizeof(kim), "%s", id_of("kim"));
	weekly("Ada", bea, "2026-01-05", a, ep);
	weekly("Bo", NULL, "2026-01-05", b, re);
	contact(a, "2026-02-01T10:00:00Z", "made", NULL);
	state_agrees("two women");
	ck_assert_int_eq(kw_app_allocate(ana, b, kim, &err), 0);
	state_agrees("an allocation");
	ck_assert_int_eq(kw_app_allocate(ana, a, kim, &err), 0);
	state_agrees("a reallocation");
	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-03-01", &c, &err), 0);
	ck_assert_int_eq(row_named(&c, "kim")->m.caseload, 2);
	ck_assert_int_eq(row_named(&c, "kim")->overdue, 2);
	kw_team_counts_free(&c);
	ck_assert_int_eq(kw_app_caseload_release(ana, "kim", true, &n, &kept, &err), 0);
	ck_assert_int_eq(n, 2);
	state_agrees("a leaver's caseload moved to the queue");
	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-03-01", &c, &err), 0);
	ck_assert_int_eq(row_named(&c, "kim")->overdue, 0);
	ck_assert_int_eq(c.overdue, 2);
	kw_team_counts_free(&c);
	save_ok("closure", ep, NULL, "reason", "her_request", "closed_on", "2026-02-10", "her_wish",
		"Enough for now.", "welcome_back", "Any time.", NULL);
	state_agrees("a closure");
	re[0] = '\0';
	save_ok("reopening", a, re, "reopened_from", ep, NULL);
	state_agrees("a re-opening");
	{
		/* Advocacy: the day an item is due is its latest step's next deadline, else its own. */
		char i1[37] = "", i2[37] = "", i3[37] = "", st[37] = "";
		long adv = -1;

		save_ok("advocacy_item", b, i1, "agency", "housing", "issue", "Repairs", "due_on",
			"2026-02-28", NULL);
		save_ok("advocacy_item", b, i2, "agency", "gp", "issue", "Letter", "due_on",
			"2026-02-20", NULL);
		save_ok("advocacy_step", i2, st, "step", "contacted", "happened_on", "2026-02-25",
			"due_on", "2026-03-05", "shares_info", "no", NULL);
		save_ok("advocacy_item", b, i3, "agency", "police", "issue", "Done with", "due_on",
			"2026-01-01", "status", "resolved", "resolved_on", "2026-01-10", NULL);
		state_agrees("advocacy items and a step");
		ck_assert_int_eq(kw_app_agenda_counts(ana, NULL, "2026-03-01", NULL, &adv, &err),
				 0);
		ck_assert_int_eq(adv, 1);
		ck_assert_int_eq(kw_app_agenda_counts(ana, NULL, "2026-03-05", NULL, &adv, &err),
				 0);
		ck_assert_int_eq(adv, 2);
		/* The step's deadline moved back: the item is due again on the 1st. */
		save_ok("advocacy_step", i2, st, "step", "contacted", "happened_on", "2026-02-25",
			"due_on", "2026-02-27", "shares_info", "no", NULL);
		state_agrees("a step changed");
		ck_assert_int_eq(kw_app_agenda_counts(ana, NULL, "2026-03-01", NULL, &adv, &err),
				 0);
		ck_assert_int_eq(adv, 2);
	}
	{
		char ref[16], name[64];

		ck_assert_int_eq(kw_db_client_label(ana->store, a, ref, name, sizeof(name), &err),
				 1);
		ck_assert_int_eq(kw_erase(ana, pack, ref, &err), 0);
	}
	state_agrees("an erasure");
	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-03-01", &c, &err), 0);
	ck_assert_int_eq(c.women, 1);
	kw_team_counts_free(&c);
}
END_TEST

struct problems {
	int n;
	char first[512];
};

static void on_problem(void *ctx, const char *what)
{
	struct problems *p = ctx;

	if (p->n++ == 0)
		snprintf(p->first, sizeof(p->first), "%s", what);
}

/* A row written around keywork is a problem check names; the repair writes it again. */
START_TEST(test_state_tampered_found_and_repaired)
{
	static const char tamper[] = "UPDATE main.contact_state SET last_made = "
				     "'2026-02-28T10:00:00Z', since_on = '2026-02-28'";
	char a[37], ep[37], ref[16], name[64], want[128];
	struct problems p = { 0 };
	struct kw_team_counts c;
	struct kw_err err;
	long changed = -1;

	weekly("Ada", id_of("bea"), "2026-01-05", a, ep);
	contact(a, "2026-02-01T10:00:00Z", "made", NULL);
	ck_assert_int_eq(kw_db_check(ana->store, on_problem, &p, &err), 0);
	ck_assert_int_eq(kw_db_bench_query(ana->store, tamper, NULL, 0, NULL, NULL, NULL, &err), 0);
	/* The counts read the table: tampered, she no longer looks overdue ... */
	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-03-01", &c, &err), 0);
	ck_assert_int_eq(c.overdue, 0);
	kw_team_counts_free(&c);
	/* ... and check says so, naming her. */
	ck_assert_int_eq(kw_db_check(ana->store, on_problem, &p, &err), 1);
	ck_assert_int_eq(kw_db_client_label(ana->store, a, ref, name, sizeof(name), &err), 1);
	snprintf(want, sizeof(want), "the contact state of %s does not match", ref);
	ck_assert_msg(strstr(p.first, want) != NULL, "%s", p.first);
	/* A keyworker may not write it again; a manager may, once, audited. */
	{
		struct kw_session *bea =
			tu_open(data, "bea", "copper-heron-orchard-violet-dune", &err);

		ck_assert_int_eq(kw_app_contact_state_rebuild(bea, &changed, &err), -1);
		ck_assert_int_eq(err.status, KW_ENOPERM);
		kw_session_close(&bea);
	}
	ck_assert_int_eq(kw_app_contact_state_rebuild(ana, &changed, &err), 0);
	ck_assert_int_eq(changed, 1);
	ck_assert_int_eq(audited("contact-state-repair", "1 row of"), 1);
	ck_assert_int_eq(kw_app_contact_state_rebuild(ana, &changed, &err), 0);
	ck_assert_int_eq(changed, 0);
	ck_assert_int_eq(audited("contact-state-repair", "written again"), 1);
	p.n = 0;
	ck_assert_int_eq(kw_db_check(ana->store, on_problem, &p, &err), 0);
	ck_assert_int_eq(kw_app_team_counts(ana, pack, "2026-03-01", &c, &err), 0);
	ck_assert_int_eq(c.overdue, 1);
	kw_team_counts_free(&c);
}
END_TEST

struct columns {
	char names[24][40];
	int n;
};

static int on_column(void *ctx, int ncols, const char *const *cols)
{
	struct columns *c = ctx;

	if (ncols > 1 && c->n < 24)
		snprintf(c->names[c->n++], sizeof(c->names[0]), "%s", cols[1]);
	return 0;
}

/* check compares every column of a woman's contact state: each changed alone is found. */
START_TEST(test_state_every_column_checked)
{
	struct columns cols = { .n = 0 };
	char a[37], ep[37], *tamper[24] = { NULL };
	struct kw_err err;
	long changed;

	weekly("Ada", id_of("bea"), "2026-01-05", a, ep);
	save_ok("contact", a, NULL, "happened_at", "2026-02-01T10:00:00Z", "mode", "phone",
		"outcome", "made", "next_contact", "2026-02-20", NULL);
	ck_assert_int_eq(kw_db_bench_query(ana->store, "PRAGMA main.table_info(contact_state)",
					   NULL, 0, on_column, &cols, NULL, &err),
			 0);
	ck_assert_int_ge(cols.n, 11);
	for (int i = 0; i < cols.n; i++) {
		struct problems p = { 0 };
		char sql[512];

		snprintf(sql, sizeof(sql),
			 "UPDATE main.contact_state SET %s = CASE typeof(%s) WHEN 'integer' THEN "
			 "%s + 5 ELSE coalesce(%s, '') || 'x' END",
			 cols.names[i], cols.names[i], cols.names[i], cols.names[i]);
		/* Each its own string: the store keeps a statement by its text's address. */
		tamper[i] = kw_xstrdup(sql);
		ck_assert_int_eq(
			kw_db_bench_query(ana->store, tamper[i], NULL, 0, NULL, NULL, NULL, &err),
			0);
		ck_assert_msg(kw_db_check(ana->store, on_problem, &p, &err) >= 1,
			      "%s changed: check finds nothing", cols.names[i]);
		ck_assert_msg(strstr(p.first, "contact state") != NULL, "%s changed: %s",
			      cols.names[i], p.first);
		ck_assert_int_eq(kw_app_contact_state_rebuild(ana, &changed, &err), 0);
		p.n = 0;
		ck_assert_int_eq(kw_db_check(ana->store, on_problem, &p, &err), 0);
	}
	for (int i = 0; i < cols.n; i++)
		free(tamper[i]);
}
END_TEST

static int on_int(void *ctx, int ncols, const char *const *cols)
{
	*(long *)ctx = ncols > 0 && cols[0] != NULL ? atol(cols[0]) : -1;
	return 0;
}

/* How the team counts her (contact_state's count_as). */
static long count_as(const char *her)
{
	static const char sql[] = "SELECT count_as FROM main.contact_state WHERE client_id = ?1";
	struct kw_err err;
	long n = -1;

	ck_assert_int_eq(kw_db_bench_query(ana->store, sql, (const char *const[]){ her }, 1, on_int,
					   &n, NULL, &err),
			 0);
	return n;
}

/* What a member's line should say, worked out woman by woman from her caseload as Today reads it. */
struct oracle {
	const struct kw_list_spec *progs;
	const char *today;
	long overdue, unseen_days;
	char unseen_id[37];
};

static int on_oracle(void *ctx, const struct kw_case_row *r)
{
	struct oracle *o = ctx;
	const struct kw_list_item *it = o->progs != NULL && r->programme != NULL
						? kw_list_item(o->progs, r->programme)
						: NULL;
	const char *since = r->last_contact != NULL ? r->last_contact : r->opened_on;
	char due[11];
	long days;

	o->overdue +=
		kw_contact_due(r, kw_cadence_days(r->cadence, it != NULL ? it->cadence_days : 0),
			       o->today, due) > 0;
	if (!r->has_open_episode || r->paused_until != NULL || since == NULL ||
	    kw_date_days(since) == LONG_MIN)
		return 0;
	days = kw_date_days(o->today) - kw_date_days(since);
	if (days > o->unseen_days || (days == o->unseen_days && strcmp(r->id, o->unseen_id) < 0)) {
		o->unseen_days = days;
		snprintf(o->unseen_id, sizeof(o->unseen_id), "%s", r->id);
	}
	return 0;
}

/* Each member's line, and the total, against the oracle on day. */
static void counts_agree(const char *day)
{
	static const char *const names[] = { "bea", "kim" };
	struct kw_team_counts c;
	struct kw_err err;
	long total = 0;

	ck_assert_msg(kw_app_team_counts(ana, pack, day, &c, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct kw_team_row *row = row_named(&c, names[i]);
		struct oracle o = { kw_list_find(pack, "programmes"), day, 0, -1, "" };

		ck_assert_int_eq(kw_app_caseload(ana, row->m.id, day, on_oracle, &o, &err), 0);
		ck_assert_msg(row->overdue == o.overdue, "%s on %s: %ld overdue, worked out %ld",
			      names[i], day, row->overdue, o.overdue);
		ck_assert_msg(row->unseen_days == o.unseen_days,
			      "%s on %s: longest unseen %ld days, worked out %ld", names[i], day,
			      row->unseen_days, o.unseen_days);
		ck_assert_str_eq(row->unseen_id, o.unseen_id);
		total += o.overdue;
	}
	ck_assert_msg(c.overdue == total, "on %s: %ld overdue in all, worked out %ld", day,
		      c.overdue, total);
	kw_team_counts_free(&c);
}

/*
 * The counts come from indexes for most women and row by row for the rest (a pause, or a day
 * in her row that is not a date): on every day around their lines, each member's overdue
 * count and longest unseen are what working out each of her women gives.
 */
START_TEST(test_counts_agree_woman_by_woman)
{
	static const char *const odd[] = {
		/* A day that is no day, written around keywork: she is worked out row by row. */
		"UPDATE main.contacts SET happened_at = '2026-02-30T09:00:00Z' WHERE client_id = "
		"?1",
		"UPDATE main.episodes SET opened_on = 'soon' WHERE client_id = ?1",
	};
	char bea[37], kim[37], w[16][37], ep[16][37], pause[37] = "";
	struct kw_err err;
	char day[11];

	snprintf(bea, sizeof(bea), "%s", id_of("bea"));
	snprintf(kim, sizeof(kim), "%s", id_of("kim"));
	weekly("Seen", bea, "2026-01-05", w[0], ep[0]);
	contact(w[0], "2026-02-20T10:00:00Z", "made", NULL);
	weekly("Never seen", bea, "2026-02-15", w[1], ep[1]);
	weekly("Planned", bea, "2026-01-05", w[2], ep[2]);
	contact(w[2], "2026-02-10T10:00:00Z", "made", NULL);
	save_ok("contact", w[2], NULL, "happened_at", "2026-02-24T10:00:00Z", "mode", "phone",
		"outcome", "made", "next_contact", "2026-03-06", NULL);
	weekly("Paused, ended", bea, "2026-01-05", w[3], ep[3]);
	contact(w[3], "2026-01-20T10:00:00Z", "made", NULL);
	save_ok("contact_pause", w[3], NULL, "reason", "hospital", "starts_on", "2026-01-25",
		"ends_on", "2026-02-25", NULL);
	weekly("Paused, open", bea, "2026-01-05", w[4], ep[4]);
	save_ok("contact_pause", w[4], NULL, "reason", "custody", "starts_on", "2026-02-01", NULL);
	/* Two pauses at once, one open-ended, and one over before them: the open one holds. */
	save_ok("contact_pause", w[4], NULL, "reason", "hospital", "starts_on", "2026-02-03",
		"ends_on", "2026-03-20", NULL);
	save_ok("contact_pause", w[4], NULL, "reason", "hospital", "starts_on", "2026-01-10",
		"ends_on", "2026-01-20", NULL);
	weekly("Paused, planned", kim, "2026-01-05", w[5], ep[5]);
	save_ok("contact", w[5], NULL, "happened_at", "2026-02-20T10:00:00Z", "mode", "phone",
		"outcome", "made", "next_contact", "2026-03-01", NULL);
	save_ok("contact_pause", w[5], NULL, "reason", "hospital", "starts_on", "2026-02-21",
		"ends_on", "2026-03-02", NULL);
	/* Two pauses ended, the later last: the clock starts again from the later end. */
	save_ok("contact_pause", w[0], NULL, "reason", "hospital", "starts_on", "2026-02-21",
		"ends_on", "2026-02-26", NULL);
	save_ok("contact_pause", w[0], NULL, "reason", "custody", "starts_on", "2026-02-22",
		"ends_on", "2026-02-24", NULL);
	in_programme("diversion", "Fortnightly", kim, "2026-01-05", w[6], ep[6]);
	contact(w[6], "2026-02-18T10:00:00Z", "made", NULL);
	weekly("No such day", kim, "2026-01-05", w[7], ep[7]);
	contact(w[7], "2026-02-19T10:00:00Z", "made", NULL);
	weekly("Opened when", kim, "2026-01-05", w[8], ep[8]);
	weekly("Same day A", kim, "2026-02-16", w[9], ep[9]);
	weekly("Same day B", kim, "2026-02-16", w[10], ep[10]);
	weekly("Closed", kim, "2026-01-05", w[11], ep[11]);
	save_ok("closure", ep[11], NULL, "reason", "her_request", "closed_on", "2026-01-20",
		"her_wish", "A break.", "welcome_back", "Any time.", NULL);
	ck_assert_int_eq(kw_db_bench_query(ana->store, odd[0], (const char *const[]){ w[7] }, 1,
					   NULL, NULL, NULL, &err),
			 0);
	ck_assert_int_eq(kw_db_bench_query(ana->store, odd[1], (const char *const[]){ w[8] }, 1,
					   NULL, NULL, NULL, &err),
			 0);
	/* Pauses over before her last contact: counted from the indexes, as if she had none. */
	weekly("Paused long ago", kim, "2026-01-05", w[12], ep[12]);
	save_ok("contact_pause", w[12], NULL, "reason", "hospital", "starts_on", "2026-01-10",
		"ends_on", "2026-01-20", NULL);
	contact(w[12], "2026-02-10T10:00:00Z", "made", NULL);
	weekly("Seen since", kim, "2026-01-05", w[13], ep[13]);
	contact(w[13], "2026-01-08T10:00:00Z", "made", NULL);
	save_ok("contact_pause", w[13], NULL, "reason", "custody", "starts_on", "2026-01-12",
		"ends_on", "2026-02-01", NULL);
	ck_assert_int_eq(count_as(w[13]), 3);
	/* Seen after the pause ended: the contact's own trigger counts her from the indexes. */
	contact(w[13], "2026-02-05T10:00:00Z", "made", NULL);
	ck_assert_int_eq(count_as(w[12]), 1);
	ck_assert_int_eq(count_as(w[13]), 1);
	/* The same day as her contact, or a plan on the day it ended: worked out row by row. */
	weekly("Ended that day", kim, "2026-01-05", w[14], ep[14]);
	save_ok("contact_pause", w[14], NULL, "reason", "hospital", "starts_on", "2026-01-25",
		"ends_on", "2026-02-09", NULL);
	save_ok("contact", w[14], NULL, "happened_at", "2026-02-09T10:00:00Z", "mode", "phone",
		"outcome", "made", NULL);
	ck_assert_int_eq(count_as(w[14]), 3);
	weekly("Plan in the pause", bea, "2026-01-05", w[15], ep[15]);
	save_ok("contact", w[15], NULL, "happened_at", "2026-02-02T10:00:00Z", "mode", "phone",
		"outcome", "made", "next_contact", "2026-02-05", NULL);
	save_ok("contact_pause", w[15], pause, "reason", "hospital", "starts_on", "2026-01-05",
		"ends_on", "2026-01-30", NULL);
	ck_assert_int_eq(count_as(w[15]), 2);
	state_agrees("pauses, plans and days that are no days");
	for (int i = 0; i <= 30; i++) {
		ck_assert(kw_date_add_days("2026-02-14", i, day));
		counts_agree(day);
	}
	/* A pause taken away: she is counted from the indexes again, and still agrees. */
	ck_assert_int_eq(kw_db_bench_query(
				 ana->store, "DELETE FROM main.contact_pauses WHERE client_id = ?1",
				 (const char *const[]){ w[3] }, 1, NULL, NULL, NULL, &err),
			 0);
	state_agrees("a pause deleted");
	counts_agree("2026-03-05");
	/* Her pause made longer, past her plan and her contact: row by row again, and agrees. */
	save_ok("contact_pause", w[15], pause, "reason", "hospital", "starts_on", "2026-01-05",
		"ends_on", "2026-02-20", NULL);
	ck_assert_int_eq(count_as(w[15]), 3);
	state_agrees("a pause made longer");
	for (int i = 0; i <= 12; i++) {
		ck_assert(kw_date_add_days("2026-02-14", i, day));
		counts_agree(day);
	}
}
END_TEST

/* On each day around them, the tasks due, from the tallies, are what the tasks say. */
static void tasks_agree(const char *after)
{
	static const char brute[] = "SELECT count(*) FROM main.tasks t WHERE (t.due_on <= ?1 OR "
				    "t.chase_on <= ?1) AND t.done_on IS NULL AND "
				    "coalesce(t.status, '') NOT IN ('done', 'not_needed')";
	struct kw_team_counts c;
	struct kw_err err;
	char day[11];

	state_agrees(after);
	for (int i = 0; i <= 26; i++) {
		const char *d = day;
		long want = -1, tasks = -1, adv = -1;

		ck_assert(kw_date_add_days("2026-02-26", i, day));
		ck_assert_int_eq(
			kw_db_bench_query(ana->store, brute, &d, 1, on_int, &want, NULL, &err), 0);
		ck_assert_int_eq(kw_app_agenda_counts(ana, NULL, day, &tasks, &adv, &err), 0);
		ck_assert_msg(tasks == want, "after %s, on %s: %ld tasks due, the tasks say %ld",
			      after, day, tasks, want);
		ck_assert_int_eq(kw_app_team_counts(ana, pack, day, &c, &err), 0);
		ck_assert_msg(c.tasks_due == want, "after %s, on %s: the team has %ld due, not %ld",
			      after, day, c.tasks_due, want);
		kw_team_counts_free(&c);
	}
}

/*
 * The whole team's tasks due come from a tally of each day's (general 0031), kept by every
 * write to a task: added, done, its days moved, opened again, removed. A tally changed
 * around keywork is found by check and written again by the repair.
 */
START_TEST(test_due_tallies_follow_tasks)
{
	static const char reopen[] = "UPDATE main.tasks SET status = 'open', done_on = NULL "
				     "WHERE id = ?1";
	static const char remove[] = "DELETE FROM main.tasks WHERE id = ?1";
	static const char tamper[] = "UPDATE main.due_tallies SET n = n + 2 WHERE what = 'task'";
	static const char lose[] = "DELETE FROM main.due_tallies";
	char w[37], ep[37], a[37] = "", b[37] = "", c[37] = "", e[37] = "";
	struct problems p = { 0 };
	struct kw_err err;
	long changed = -1;

	weekly("Ada", id_of("bea"), "2026-01-05", w, ep);
	save_ok("task", w, a, "title", "Due", "due_on", "2026-03-01", NULL);
	save_ok("task", w, b, "title", "Chase first", "due_on", "2026-03-20", "chase_on",
		"2026-02-28", NULL);
	save_ok("task", w, c, "title", "Chase only", "chase_on", "2026-03-05", NULL);
	save_ok("task", w, NULL, "title", "No day", NULL);
	save_ok("task", w, NULL, "title", "Same day", "due_on", "2026-03-01", NULL);
	save_ok("task", w, e, "title", "Done", "due_on", "2026-02-01", "status", "done", "done_on",
		"2026-02-02", "outcome", "Sorted.", NULL);
	tasks_agree("six tasks");
	save_ok("task", w, a, "title", "Due", "due_on", "2026-03-01", "status", "done", "done_on",
		"2026-03-01", "outcome", "Sorted.", NULL);
	tasks_agree("a task done");
	save_ok("task", w, b, "title", "Chase first", "due_on", "2026-03-20", "chase_on",
		"2026-03-10", NULL);
	tasks_agree("a chase moved");
	ck_assert_int_eq(kw_db_bench_query(ana->store, reopen, (const char *const[]){ e }, 1, NULL,
					   NULL, NULL, &err),
			 0);
	tasks_agree("a task opened again");
	ck_assert_int_eq(kw_db_bench_query(ana->store, remove, (const char *const[]){ c }, 1, NULL,
					   NULL, NULL, &err),
			 0);
	tasks_agree("a task removed");

	ck_assert_int_eq(kw_db_bench_query(ana->store, tamper, NULL, 0, NULL, NULL, NULL, &err), 0);
	ck_assert_int_ge(kw_db_check(ana->store, on_problem, &p, &err), 1);
	ck_assert_msg(strstr(p.first, "the count of tasks due on 2026-") != NULL, "%s", p.first);
	ck_assert_int_eq(kw_app_contact_state_rebuild(ana, &changed, &err), 0);
	ck_assert_int_ge(changed, 1);
	tasks_agree("the tallies written again");
	ck_assert_int_eq(kw_db_bench_query(ana->store, lose, NULL, 0, NULL, NULL, NULL, &err), 0);
	p.n = 0;
	ck_assert_int_ge(kw_db_check(ana->store, on_problem, &p, &err), 1);
	ck_assert_int_eq(kw_app_contact_state_rebuild(ana, &changed, &err), 0);
	p.n = 0;
	ck_assert_int_eq(kw_db_check(ana->store, on_problem, &p, &err), 0);
	tasks_agree("the tallies lost and written again");
}
END_TEST

struct appts {
	char id[40][37];
	int n;
};

static int on_appt(void *ctx, const struct kw_appt_row *a)
{
	struct appts *l = ctx;

	ck_assert_int_lt(l->n, 40);
	snprintf(l->id[l->n++], sizeof(l->id[0]), "%s", a->id);
	return 0;
}

/*
 * The whole team's first appointments of a day: for every limit, the first of the day's
 * list in its order (time, then name whatever its case, then id), ties at the limit's time
 * included; the count is every one of the day's, and none of the days either side.
 */
START_TEST(test_whole_team_first_appointments)
{
	static const struct {
		const char *name, *at;
	} day[] = {
		{ "zara", "2026-03-10T09:00:00Z" }, { "Amy", "2026-03-10T09:00:00Z" },
		{ "cleo", "2026-03-10T09:00:00Z" }, { "Bea", "2026-03-10T09:00:00Z" },
		{ "amy", "2026-03-10T09:00:00Z" },  { "Dot", "2026-03-10T08:30:00Z" },
		{ "eve", "2026-03-10T10:30:00Z" },  { "Ada", "2026-03-10T10:30:00Z" },
		{ "Fay", "2026-03-10T16:00:00Z" },  { "Gil", "2026-03-09T09:00:00Z" },
		{ "Hal", "2026-03-11T00:00:00Z" },  { "Ivy", "2026-03-10T23:59:00Z" },
	};
	struct appts all = { 0 }, first;
	const char *kw[] = { NULL, id_of("bea"), id_of("kim") };
	struct kw_err err;
	long total;

	for (size_t i = 0; i < sizeof(day) / sizeof(day[0]); i++) {
		char her[37], a[37] = "";

		tu_woman(ana, day[i].name, kw[i % 3], her);
		save_ok("appointment", her, a, "kind", "housing", "starts_at", day[i].at, NULL);
	}
	ck_assert_msg(kw_app_appointments(ana, NULL, "2026-03-10", "2026-03-10", on_appt, &all,
					  &err) == 0,
		      "%s", err.msg);
	ck_assert_int_eq(all.n, 10);
	for (long limit = 1; limit <= all.n + 2; limit++) {
		memset(&first, 0, sizeof(first));
		ck_assert_msg(kw_app_appointments_first(ana, "2026-03-10", "2026-03-10", limit,
							&total, on_appt, &first, &err) == 0,
			      "%s", err.msg);
		ck_assert_int_eq(total, all.n);
		ck_assert_int_eq(first.n, (limit < all.n ? limit : all.n));
		for (int i = 0; i < first.n; i++)
			ck_assert_msg(strcmp(first.id[i], all.id[i]) == 0,
				      "limit %ld: appointment %d is not the day's %dth", limit, i,
				      i + 1);
	}
	memset(&first, 0, sizeof(first));
	ck_assert(kw_app_appointments_first(ana, "2026-03-12", "2026-03-12", 30, &total, on_appt,
					    &first, &err) == 0);
	ck_assert_int_eq(total, 0);
	ck_assert_int_eq(first.n, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *su = suite_create("team");
	TCase *t = tcase_create("team");

	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_queue_oldest_first);
	tcase_add_test(t, test_queue_counts_every_woman);
	tcase_add_test(t, test_allocation_history_audit_capacity);
	tcase_add_test(t, test_cover_ends_by_itself);
	tcase_add_test(t, test_leaver_to_queue);
	tcase_add_test(t, test_counts_at_the_thresholds);
	tcase_add_test(t, test_state_follows_every_write);
	tcase_add_test(t, test_state_tampered_found_and_repaired);
	tcase_add_test(t, test_counts_agree_woman_by_woman);
	tcase_add_test(t, test_due_tallies_follow_tasks);
	tcase_add_test(t, test_state_every_column_checked);
	tcase_add_test(t, test_whole_team_first_appointments);
	suite_add_tcase(su, t);
	return su;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
