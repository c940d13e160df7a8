/*
 * test_contact.c: Check suite for 2 Contact's rules and reads: cadence by
 * programme and need level, pauses and overdue with the clock passed in
 * (never sleeping), the safe-channel rule, one woman's contact state,
 * appointments over a span of days, the team's caseload a page at a time,
 * and a drop-in woman added with only her name by the drop-in role.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/contact.h"
#include "keywork/formdb.h"
#include "keywork/formsave.h"
#include "keywork/rules.h"
#include "keywork/util.h"
#include "testutil.h"

#define DROPIN_PASS "velvet-harbour-quince-lattice-drum"

static char *tmp, *data;
static struct kw_session *ana;
static struct kw_form_pack *pack;

/* An episode form with the cadence column, for setting up episodes as a test needs. */
static const char EPISODE_FORM[] =
	"form: t_episode\n"
	"title: Test episode\n"
	"record: episode\n"
	"sections:\n"
	"  - title: Episode\n"
	"    fields:\n"
	"      - {key: programme, label: P, type: text, column: programme}\n"
	"      - {key: cadence, label: C, type: text, column: cadence}\n"
	"      - {key: status, label: S, type: text, column: status}\n"
	"      - {key: opened_on, label: O, type: date, column: opened_on}\n";

static void setup(void)
{
	char *over;

	tmp = tu_tmpdir();
	ana = tu_create(tmp, &data);
	tu_user(ana, "dee", KW_ROLE_DROPIN, DROPIN_PASS);
	over = tu_write(tmp, "t_episode.yaml", EPISODE_FORM, strlen(EPISODE_FORM));
	pack = tu_pack((const char *const *)&over, 1);
	free(over);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	free(data);
	tu_rmdir(tmp);
}

/* Saves a new record of form key for s under parent; the answers are key, value pairs. */
static void save(struct kw_session *s, const char *form, const char *parent, char id[37], ...)
{
	char msg[512], made[37] = "";
	va_list ap;
	int rc;

	va_start(ap, id);
	rc = tu_vsave(s, pack, form, parent, made, msg, ap);
	va_end(ap);
	ck_assert_msg(rc == 0, "%s: %s", form, msg);
	if (id != NULL)
		memcpy(id, made, 37);
}

static void woman(const char *name, const char *keyworker, char id[37])
{
	tu_woman(ana, name, keyworker, id);
}

/* --- cadence by programme --- */

START_TEST(test_programme_cadence)
{
	const struct kw_list_spec *p = kw_list_find(pack, "programmes");

	ck_assert_ptr_nonnull(p);
	/* The diversion schedule by need level. */
	ck_assert_int_eq(kw_programme_cadence(p, "diversion", "high"), 7);
	ck_assert_int_eq(kw_programme_cadence(p, "diversion", "Medium"), 14);
	ck_assert_int_eq(kw_programme_cadence(p, "diversion", "need: low"), 28);
	ck_assert_int_eq(kw_programme_cadence(p, "diversion", " need low "), 28);
	ck_assert_str_eq(kw_need_level_of(p, "diversion", "need: high"), "High need");
	/* Not a level: the cadence as written, else the programme's own. */
	ck_assert_int_eq(kw_programme_cadence(p, "diversion", "weekly"), 7);
	ck_assert_int_eq(kw_programme_cadence(p, "diversion", NULL), 14);
	ck_assert_int_eq(kw_programme_cadence(p, "diversion", "highest"), 14);
	ck_assert_ptr_null(kw_need_level_of(p, "diversion", "weekly"));
	/* A programme without levels reads "high" as no cadence it knows: its own. */
	ck_assert_int_eq(kw_programme_cadence(p, "community", "high"), 7);
	ck_assert_ptr_null(kw_need_level_of(p, "community", "high"));
	ck_assert_int_eq(kw_programme_cadence(p, "drop_in", NULL), 0);
	ck_assert_int_eq(kw_programme_cadence(p, "no_such", "fortnightly"), 14);
	ck_assert_int_eq(kw_programme_cadence(p, NULL, NULL), 0);
	ck_assert_int_eq(kw_programme_cadence(NULL, "diversion", "high"), 0);
}
END_TEST

START_TEST(test_need_levels_load)
{
	static const char bad[] = "list: programmes\n"
				  "title: P\n"
				  "items:\n"
				  "  - key: d\n"
				  "    label: D\n"
				  "    need_levels:\n"
				  "      - key: high\n"
				  "        label: High\n"
				  "        cadence_days: 400\n"
				  "        need_levels: [{key: x, label: X}]\n";
	struct kw_diags ds = { 0 };
	char b[512];
	bool days = false, nested = false;

	ck_assert_uint_ge(kw_form_check_buffer("p.yaml", bad, strlen(bad), &ds), 2);
	for (size_t i = 0; i < ds.n; i++) {
		kw_diag_str(&ds, i, b, sizeof(b));
		days = days || strstr(b, "p.yaml:9:") != NULL;
		nested = nested || strstr(b, "need levels of its own") != NULL;
	}
	ck_assert(days);
	ck_assert(nested);
	kw_diags_free(&ds);
}
END_TEST

/* The referral form sets a diversion episode's need level, and with it the cadence. */
START_TEST(test_referral_need_level)
{
	const struct kw_list_spec *p = kw_list_find(pack, "programmes");
	const struct kw_field_spec *fs = kw_form_field(kw_form_find(pack, "referral"), "cadence");
	struct kw_contact_state cs;
	struct kw_err err;
	char her[37];

	ck_assert_ptr_nonnull(fs);
	ck_assert_str_eq(fs->show_if_field, "programme");
	woman("Lena", ana->user.meta.id, her);
	save(ana, "referral", her, NULL, "referral_source", "police", "programme", "diversion",
	     "cadence", "low", "referred_on", "2024-05-01", "opened_on", "2024-05-02", NULL);
	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-15", &cs, &err), 1);
	ck_assert_str_eq(cs.row.cadence, "low");
	ck_assert_int_eq(kw_programme_cadence(p, cs.row.programme, cs.row.cadence), 28);
	ck_assert_str_eq(kw_need_level_of(p, cs.row.programme, cs.row.cadence), "Low need");
	kw_contact_state_clear(&cs);
}
END_TEST

/* A programme's need level that the referral form could not offer is reported, located. */
START_TEST(test_need_level_not_offered)
{
	static const char progs[] = "list: programmes\n"
				    "title: Programmes\n"
				    "items:\n"
				    "  - key: diversion\n"
				    "    label: Diversion\n"
				    "    need_levels:\n"
				    "      - {key: high, label: High, cadence_days: 7}\n"
				    "      - {key: urgent, label: Urgent, cadence_days: 3}\n";
	char *dir = kw_forms_shipped_dir(), *over = tu_write(tmp, "p.yaml", progs, strlen(progs));
	const char *overs[1] = { over };
	struct kw_form_pack *bad = NULL;
	struct kw_diags ds = { 0 };
	struct kw_err err;
	char b[512];
	bool found = false;

	ck_assert_int_ne(kw_form_pack_load(dir, overs, 1, &bad, &ds, &err), 0);
	for (size_t i = 0; i < ds.n; i++) {
		kw_diag_str(&ds, i, b, sizeof(b));
		found = found || (strstr(b, "p.yaml:8:") != NULL && strstr(b, "'urgent'") != NULL);
		ck_assert_ptr_null(strstr(b, "'high'"));
	}
	ck_assert_msg(found, "no located problem for 'urgent'");
	kw_form_pack_free(&bad);
	kw_diags_free(&ds);
	free(over);
	free(dir);
}
END_TEST

/* --- pauses and overdue, the clock passed in --- */

START_TEST(test_state_pause_overdue)
{
	const struct kw_list_spec *p = kw_list_find(pack, "programmes");
	struct kw_contact_state cs;
	struct kw_err err;
	char her[37], due[11];
	long days;

	woman("Rosa", ana->user.meta.id, her);
	/* No episode: nothing falls due. */
	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-15", &cs, &err), 1);
	ck_assert(!cs.row.has_open_episode);
	ck_assert_int_eq(kw_contact_due(&cs.row, 7, "2024-06-15", due), -1);
	kw_contact_state_clear(&cs);

	save(ana, "t_episode", her, NULL, "programme", "diversion", "cadence", "need: high",
	     "status", "open", "opened_on", "2024-05-01", NULL);
	save(ana, "contact", her, NULL, "happened_at", "2024-06-01T10:00:00Z", "mode", "centre",
	     "outcome", "made", NULL);
	/* An attempt and a missed contact move nothing: no count of misses, no mark. */
	save(ana, "contact", her, NULL, "happened_at", "2024-06-05T10:00:00Z", "mode", "phone",
	     "outcome", "attempted", NULL);
	save(ana, "contact", her, NULL, "happened_at", "2024-06-06T10:00:00Z", "mode", "centre",
	     "outcome", "missed", "missed_reason", "childcare", NULL);

	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-15", &cs, &err), 1);
	days = kw_programme_cadence(p, cs.row.programme, cs.row.cadence);
	ck_assert_int_eq(days, 7);
	ck_assert_str_eq(cs.row.last_contact, "2024-06-01T10:00:00Z");
	ck_assert_ptr_null(cs.row.paused_until);
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-08", due), 0);
	ck_assert_str_eq(due, "2024-06-08");
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-15", due), 7);
	kw_contact_state_clear(&cs);

	/* Custody from the 10th to the 20th: not overdue while it lasts. */
	save(ana, "contact_pause", her, NULL, "reason", "custody", "starts_on", "2024-06-10",
	     "ends_on", "2024-06-20", NULL);
	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-15", &cs, &err), 1);
	ck_assert_str_eq(cs.row.paused_until, "2024-06-20");
	ck_assert_str_eq(cs.pause_reason, "custody");
	ck_assert_str_eq(cs.pause_from, "2024-06-10");
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-15", due), -1);
	ck_assert_str_eq(due, "");
	kw_contact_state_clear(&cs);
	/* The last day of the pause still covers her. */
	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-20", &cs, &err), 1);
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-20", due), -1);
	kw_contact_state_clear(&cs);
	/* After it, a full cadence from its end: the time paused never counts against her. */
	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-25", &cs, &err), 1);
	ck_assert_ptr_null(cs.row.paused_until);
	ck_assert_ptr_null(cs.pause_reason);
	ck_assert_str_eq(cs.row.pause_ended, "2024-06-20");
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-25", due), 0);
	ck_assert_str_eq(due, "2024-06-27");
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-30", due), 3);
	kw_contact_state_clear(&cs);

	ck_assert_int_eq(kw_db_contact_state(ana->store, "no-such-woman", "2024-06-15", &cs, &err),
			 0);
}
END_TEST

/* "Next contact planned for" on her newest contact sets when contact is due. */
START_TEST(test_next_planned)
{
	struct kw_contact_state cs;
	struct kw_err err;
	char her[37], due[11];
	long days;

	woman("Noor", ana->user.meta.id, her);
	save(ana, "t_episode", her, NULL, "programme", "diversion", "cadence", "need: high",
	     "status", "open", "opened_on", "2024-05-01", NULL);
	save(ana, "contact", her, NULL, "happened_at", "2024-06-01T10:00:00Z", "mode", "centre",
	     "outcome", "made", "next_contact", "2024-06-20", NULL);
	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-15", &cs, &err), 1);
	days = kw_programme_cadence(kw_list_find(pack, "programmes"), cs.row.programme,
				    cs.row.cadence);
	ck_assert_int_eq(days, 7);
	ck_assert_str_eq(cs.row.next_planned, "2024-06-20");
	/* By the cadence she would be a week overdue; the plan made with her says not yet. */
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-15", due), 0);
	ck_assert_str_eq(due, "2024-06-20");
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-22", due), 2);
	/* Without any cadence, the plan still sets the day. */
	ck_assert_int_eq(kw_contact_due(&cs.row, 0, "2024-06-15", due), 0);
	ck_assert_str_eq(due, "2024-06-20");
	kw_contact_state_clear(&cs);
	/* An attempt since keeps the plan; a contact made since replaces it with the cadence. */
	save(ana, "contact", her, NULL, "happened_at", "2024-06-03T10:00:00Z", "mode", "phone",
	     "outcome", "attempted", NULL);
	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-15", &cs, &err), 1);
	ck_assert_str_eq(cs.row.next_planned, "2024-06-20");
	kw_contact_state_clear(&cs);
	save(ana, "contact", her, NULL, "happened_at", "2024-06-04T10:00:00Z", "mode", "centre",
	     "outcome", "made", NULL);
	ck_assert_int_eq(kw_db_contact_state(ana->store, her, "2024-06-15", &cs, &err), 1);
	ck_assert_ptr_null(cs.row.next_planned);
	ck_assert_int_eq(kw_contact_due(&cs.row, days, "2024-06-15", due), 4);
	ck_assert_str_eq(due, "2024-06-11");
	kw_contact_state_clear(&cs);
}
END_TEST

/* --- the way a contact is made --- */

START_TEST(test_channel_safety)
{
	ck_assert_int_eq(kw_channel_safety("phone", "call,text", NULL), KW_CH_SAFE);
	ck_assert_int_eq(kw_channel_safety("phone", "voicemail", NULL), KW_CH_SAFE);
	ck_assert_int_eq(kw_channel_safety("text", "call", NULL), KW_CH_NOT_MARKED);
	ck_assert_int_eq(kw_channel_safety("email", "letter,email", NULL), KW_CH_SAFE);
	ck_assert_int_eq(kw_channel_safety("letter", "email", NULL), KW_CH_NOT_MARKED);
	ck_assert_int_eq(kw_channel_safety("text", NULL, NULL), KW_CH_NOT_RECORDED);
	ck_assert_int_eq(kw_channel_safety("text", "", NULL), KW_CH_NOT_RECORDED);
	/* Being with her is not a channel that can give her away. */
	ck_assert_int_eq(kw_channel_safety("centre", "call", NULL), KW_CH_IN_PERSON);
	ck_assert_int_eq(kw_channel_safety("court", NULL, "phone"), KW_CH_IN_PERSON);
	ck_assert_int_eq(kw_channel_safety(NULL, "call", NULL), KW_CH_IN_PERSON);
	/* Her "never" wins over a safe channel, read by whole words. */
	ck_assert_int_eq(kw_channel_safety("text", "text", "No texts: he reads her phone"),
			 KW_CH_NEVER);
	ck_assert_int_eq(kw_channel_safety("letter", "letter", "nothing by post"), KW_CH_NEVER);
	ck_assert_int_eq(kw_channel_safety("home_visit", NULL, "never at home"), KW_CH_NEVER);
	ck_assert_int_eq(kw_channel_safety("home_visit", NULL, NULL), KW_CH_IN_PERSON);
	ck_assert_int_eq(kw_channel_safety("email", "email", "her sister Textbook Ltd"),
			 KW_CH_SAFE);
	ck_assert_int_eq(kw_channel_safety("letter", "letter", "e-mail"), KW_CH_SAFE);
	ck_assert(kw_channel_needs_reason(KW_CH_NEVER));
	ck_assert(kw_channel_needs_reason(KW_CH_NOT_MARKED));
	ck_assert(!kw_channel_needs_reason(KW_CH_NOT_RECORDED));
	ck_assert(!kw_channel_needs_reason(KW_CH_SAFE));
	ck_assert_str_eq(kw_channel_safety_key(KW_CH_NOT_MARKED), "not_marked");
	/* Every key the rule gives is an option of the contact form's field. */
	{
		const struct kw_field_spec *fs =
			kw_form_field(kw_form_find(pack, "contact"), "channel_safety");

		ck_assert_ptr_nonnull(fs);
		for (int s = KW_CH_IN_PERSON; s <= KW_CH_NEVER; s++)
			ck_assert_ptr_nonnull(kw_list_item(
				fs->list, kw_channel_safety_key((enum kw_channel_safety)s)));
	}
	/* Her preferred way: the first of hers that is a way to log a contact. */
	ck_assert_str_eq(kw_channel_mode("text,call"), "text");
	ck_assert_str_eq(kw_channel_mode("voicemail"), "phone");
	ck_assert_str_eq(kw_channel_mode("via_centre,call"), "centre");
	ck_assert_ptr_null(kw_channel_mode(NULL));
	ck_assert_ptr_null(kw_channel_mode("carrier_pigeon"));
}
END_TEST

/*
 * The judgement a screen shows while a way is chosen is the one the save
 * makes (kw_rules_derive, from her record as stored); a way she asked never
 * to be used needs a real reason, and the judgement and reason are kept with
 * the contact.
 */
START_TEST(test_channel_judged_live)
{
	const struct kw_form_spec *f = kw_form_find(pack, "contact");
	struct kw_form_record rec = { 0 }, got = { 0 };
	struct kw_values vals = { 0 }, d = { 0 }, back = { 0 };
	struct kw_err err;
	char her[37], c1[37] = "", msg[512];

	woman("Rosa", ana->user.meta.id, her);
	/* Her safe ways: text; never letters. */
	{
		const struct kw_form_spec *in = kw_form_find(pack, "intake");
		struct kw_form_record r = { 0 };
		struct kw_values v = { 0 };
		struct kw_field_errors fe = { 0 };

		snprintf(r.id, sizeof(r.id), "%s", her);
		ck_assert_int_eq(kw_db_form_load(ana->store, in, &r, &v, &err), 1);
		kw_values_free(&v);
		kw_values_set(&v, "safe_channels", "text");
		kw_values_set(&v, "never_contact_via", "no letters, he opens the post");
		ck_assert_msg(kw_form_save(ana, in, &r, &v, &fe, &err) == 0, "%s", err.msg);
		kw_field_errors_free(&fe);
		kw_values_free(&v);
	}
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", her);
	ck_assert(kw_rules_derives_from(f, "mode"));
	ck_assert(!kw_rules_derives_from(f, "summary"));
	/* Each way as it is chosen. */
	{
		static const char *const way[][2] = {
			{ "text", "safe" },	   { "phone", "not_marked" }, { "letter", "never" },
			{ "centre", "in_person" }, { "email", "not_marked" },
		};

		for (size_t i = 0; i < sizeof(way) / sizeof(way[0]); i++) {
			kw_values_set(&vals, "mode", way[i][0]);
			kw_values_free(&d);
			ck_assert_uint_eq(kw_rules_derive(ana, f, &rec, &vals, &d), 1);
			ck_assert_str_eq(kw_values_get(&d, "channel_safety")->text, way[i][1]);
		}
	}
	kw_values_free(&d);
	kw_values_free(&vals);
	ck_assert(!kw_reason_real(NULL));
	ck_assert(!kw_reason_real("x"));
	ck_assert(!kw_reason_real("n/a"));
	ck_assert(!kw_reason_real("ok ok"));
	ck_assert(!kw_reason_real("Courtpapers"));
	ck_assert(kw_reason_real("Court papers"));
	ck_assert(kw_reason_real("She asked us to write"));
	/* A letter she asked never to get: refused with one letter for a reason. */
	ck_assert_int_eq(tu_save(ana, pack, "contact", her, c1, msg, "happened_at",
				 "2024-06-01T10:00:00Z", "mode", "letter", "outcome", "attempted",
				 "channel_override", "x", NULL),
			 -1);
	ck_assert_msg(strstr(msg, "say in a few words why it had to be this one") != NULL, "%s",
		      msg);
	ck_assert_msg(tu_save(ana, pack, "contact", her, c1, msg, "happened_at",
			      "2024-06-01T10:00:00Z", "mode", "letter", "outcome", "attempted",
			      "channel_override", "Court papers must go by post", NULL) == 0,
		      "%s", msg);
	/* Kept with the contact: how safe it was judged then, and why it went ahead. */
	snprintf(got.id, sizeof(got.id), "%s", c1);
	ck_assert_int_eq(kw_db_form_load(ana->store, f, &got, &back, &err), 1);
	ck_assert_str_eq(kw_values_get(&back, "channel_safety")->text, "never");
	ck_assert_str_eq(kw_values_get(&back, "channel_override")->text,
			 "Court papers must go by post");
	kw_values_free(&back);
}
END_TEST

/* --- appointments over days, and the team a page at a time --- */

struct seen {
	int n;
	char who[8][64];
	char when[8][32];
};

static int on_appt(void *ctx, const struct kw_appt_row *a)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->who[s->n], 64, "%s", a->known_as);
		snprintf(s->when[s->n], 32, "%s", a->starts_at);
	}
	s->n++;
	return 0;
}

START_TEST(test_appointments_span)
{
	struct seen s = { 0 };
	struct kw_err err;
	char a[37], b[37];

	woman("Ada", ana->user.meta.id, a);
	woman("Bea", NULL, b);
	save(ana, "appointment", a, NULL, "kind", "diversion", "starts_at", "2024-06-12T09:30:00Z",
	     NULL);
	save(ana, "appointment", a, NULL, "kind", "court", "starts_at", "2024-06-10T14:00:00Z",
	     NULL);
	save(ana, "appointment", b, NULL, "kind", "housing", "starts_at", "2024-06-11T10:00:00Z",
	     NULL);
	save(ana, "appointment", a, NULL, "kind", "other", "starts_at", "2024-06-17T10:00:00Z",
	     NULL);
	/* Hers only, the week of the 10th, in time order; the last day included. */
	ck_assert_int_eq(kw_db_appointments(ana->store, ana->user.meta.id, "2024-06-10",
					    "2024-06-16", on_appt, &s, &err),
			 0);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.when[0], "2024-06-10T14:00:00Z");
	ck_assert_str_eq(s.when[1], "2024-06-12T09:30:00Z");
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(
		kw_db_appointments(ana->store, NULL, "2024-06-10", "2024-06-17", on_appt, &s, &err),
		0);
	ck_assert_int_eq(s.n, 4);
	ck_assert_str_eq(s.who[1], "Bea");
}
END_TEST

static int on_case(void *ctx, const struct kw_case_row *r)
{
	struct seen *s = ctx;

	if (s->n < 8)
		snprintf(s->who[s->n], 64, "%s", r->known_as);
	s->n++;
	return 0;
}

START_TEST(test_caseload_page)
{
	static const char *const names[] = { "Erin", "ada", "Cleo", "Bo", "Dana" };
	struct seen s = { 0 };
	struct kw_err err;
	char id[37];
	long total = 0;

	for (int i = 0; i < 5; i++)
		woman(names[i], NULL, id);
	ck_assert_int_eq(
		kw_db_caseload_page(ana->store, "2024-06-15", 0, 2, &total, on_case, &s, &err), 0);
	ck_assert_int_eq(total, 5);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.who[0], "ada");
	ck_assert_str_eq(s.who[1], "Bo");
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(
		kw_db_caseload_page(ana->store, "2024-06-15", 4, 2, &total, on_case, &s, &err), 0);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.who[0], "Erin");
}
END_TEST

/* --- a drop-in: the drop-in role adds her with a name alone and logs the contact --- */

START_TEST(test_dropin_name_only)
{
	struct kw_err err;
	struct kw_session *dee = tu_open(data, "dee", DROPIN_PASS, &err);
	const struct kw_form_spec *intake = kw_form_find(pack, "intake");
	struct kw_form_record rec = { 0 };
	struct kw_values vals = { 0 };
	struct kw_client c = { 0 };
	char her[37];

	ck_assert_msg(dee != NULL, "%s", err.msg);
	ck_assert(!kw_store_has_sensitive(dee->store));
	save(dee, "intake", NULL, her, "known_as", "Precious", NULL);
	save(dee, "contact", her, NULL, "happened_at", "2024-06-01T10:00:00Z", "mode", "centre",
	     "outcome", "made", NULL);
	ck_assert_int_eq(kw_db_client_get(ana->store, her, &c, &err), 1);
	ck_assert_str_eq(c.known_as, "Precious");
	ck_assert_ptr_null(c.first_name);
	ck_assert_ptr_null(c.date_of_birth);
	kw_client_clear(&c);
	/* Everything else reads as not asked yet, not as "no". */
	snprintf(rec.id, sizeof(rec.id), "%s", her);
	ck_assert_int_eq(kw_db_form_load(ana->store, intake, &rec, &vals, &err), 1);
	{
		const struct kw_value *v = kw_values_get(&vals, "safe_channels");

		ck_assert(v == NULL || v->state == KW_STATE_NOT_ASKED);
	}
	kw_values_free(&vals);
	kw_session_close(&dee);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("contact");
	TCase *t = tcase_create("store");
	TCase *p = tcase_create("rules");

	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_state_pause_overdue);
	tcase_add_test(t, test_next_planned);
	tcase_add_test(t, test_appointments_span);
	tcase_add_test(t, test_caseload_page);
	tcase_add_test(t, test_dropin_name_only);
	tcase_add_checked_fixture(p, setup, teardown);
	tcase_add_test(p, test_programme_cadence);
	tcase_add_test(p, test_need_levels_load);
	tcase_add_test(t, test_referral_need_level);
	tcase_add_test(t, test_need_level_not_offered);
	tcase_add_test(p, test_channel_safety);
	tcase_add_test(t, test_channel_judged_live);
	suite_add_tcase(s, p);
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
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
