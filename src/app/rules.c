/*
 * rules.c: the rules of the work, one per kind of record, run by kw_form_save
 * for every caller (a screen, the command line, an import). A rule reads the
 * record as it would be saved and, through src/db, the records it depends on;
 * it answers ok, refused (a field and a plain message), or a question that
 * the caller puts to the user (a screen asks; the command line needs --yes).
 *
 * The rules a keyworker meets: a task marked done needs its outcome and a
 * pause can't end before it starts are YAML (forms/task.yaml,
 * forms/contact-pause.yaml); the ones below read other records, need a
 * reason of some substance (kw_reason_real), or answers only together (a
 * mentor match is agreed only when she said yes; only a user who holds a
 * caseload can be a woman's keyworker).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/casework.h"
#include "keywork/consent.h"
#include "keywork/contact.h"
#include "keywork/episode.h"
#include "keywork/policy.h"
#include "keywork/rules.h"
#include "keywork/util.h"

typedef void rule_fn(const struct kw_rule_call *c, struct kw_rule_answer *a);
typedef void derive_fn(const struct kw_rule_call *c, struct kw_values *out);

static const char *answer(const struct kw_values *vals, const char *key)
{
	const struct kw_value *v = kw_values_get(vals, key);

	return v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL && v->text[0] != '\0'
		       ? v->text
		       : NULL;
}

/* The label of key in the pack's list (key itself when not found). */
static const char *label(const struct kw_rule_call *c, const char *list, const char *key)
{
	const struct kw_list_spec *l = kw_list_find(c->f->pack, list);
	const struct kw_list_item *it = l != NULL && key != NULL ? kw_list_item(l, key) : NULL;

	return it != NULL ? it->label : key != NULL ? key : "";
}

static void refuse(struct kw_rule_answer *a, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void refuse(struct kw_rule_answer *a, const char *field, const char *fmt, ...)
{
	va_list ap;

	a->verdict = KW_RULE_REFUSED;
	snprintf(a->field, sizeof(a->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	va_end(ap);
}

/* The record this one belongs to: given for a new record, read with a stored one. */
static const char *parent_of(const struct kw_rule_call *c)
{
	return c->rec->parent_id[0] != '\0' ? c->rec->parent_id : NULL;
}

/* True if key is among the answers being saved and differs from the stored one. */
static bool changing(const struct kw_rule_call *c, const char *key)
{
	const struct kw_value *n = kw_values_get(c->changed, key);
	const char *was = answer(c->old, key), *now = answer(c->changed, key);

	if (n == NULL)
		return false;
	return (was == NULL) != (now == NULL) || (was != NULL && strcmp(was, now) != 0);
}

static void wipe(char *s)
{
	if (s != NULL)
		memset(s, 0, strlen(s));
	free(s);
}

/* --- a reason with some substance --- */

bool kw_reason_real(const char *text)
{
	int words = 0, letters = 0, run = 0;

	for (const unsigned char *p = (const unsigned char *)text; p != NULL; p++) {
		/* A letter: ASCII, or any byte of a UTF-8 character beyond it. */
		if (*p != '\0' && (isalpha(*p) || *p >= 0x80)) {
			run += (*p & 0xC0) != 0x80 ? 1 : 0;
			continue;
		}
		if (*p != '\0' && (*p == '\'' || *p == '-'))
			continue; /* within a word: "she's", "e-mail" */
		if (run >= 2)
			words++;
		letters += run;
		run = 0;
		if (*p == '\0')
			break;
	}
	return words >= 2 && letters >= 10;
}

/* --- a contact on a way she did not mark safe needs a reason --- */

/* channel_safety: how safe the way chosen is for her, judged by channel.c. */
static void contact_derive(const struct kw_rule_call *c, struct kw_values *out)
{
	const char *client = parent_of(c);

	/* A stored contact keeps the judgement made when it was saved. */
	if (c->rec->id[0] != '\0' || client == NULL ||
	    kw_form_field(c->f, "channel_safety") == NULL)
		return;
	kw_values_set(out, "channel_safety",
		      kw_channel_safety_key(
			      kw_channel_judge(c->s, c->f->pack, client, answer(c->vals, "mode"))));
}

static void contact_rule(const struct kw_rule_call *c, struct kw_rule_answer *a)
{
	const char *client = parent_of(c), *mode = answer(c->vals, "mode");
	const char *why = answer(c->vals, "channel_override"), *key;
	struct kw_values d = { 0 };
	char *safe = NULL, *never = NULL;
	bool needs;

	contact_derive(c, &d);
	if ((key = answer(&d, "channel_safety")) == NULL) {
		kw_values_free(&d);
		return;
	}
	kw_values_set(c->vals, "channel_safety", key);
	if (c->derived != NULL)
		kw_values_set(c->derived, "channel_safety", key);
	needs = strcmp(key, "not_marked") == 0 || strcmp(key, "never") == 0;
	if (strcmp(key, "never") == 0)
		kw_channel_her_ways(c->s, c->f->pack, client, &safe, &never);
	if (needs && why == NULL) {
		if (strcmp(key, "never") == 0)
			refuse(a, "channel_override",
			       "She asked never to be contacted this way (\"%s\"): choose another "
			       "way, or say why it had to be this one.",
			       never != NULL ? never : "");
		else
			refuse(a, "channel_override",
			       "%s is not one of the ways she marked safe: choose another way, or "
			       "say why it had to be this one.",
			       label(c, "contact_modes", mode));
	} else if (strcmp(key, "never") == 0 && !kw_reason_real(why)) {
		/* Going against what she asked needs a reason someone can read later. */
		refuse(a, "channel_override",
		       "She asked never to be contacted this way (\"%s\"): say in a few words "
		       "why it had to be this one (two words or more).",
		       never != NULL ? never : "");
	} else if (!needs && why != NULL) {
		/* The reason was typed for another way: it is not kept with this one. */
		refuse(a, "mode", "%s is fine for her: no reason is needed. ^S saves.",
		       mode != NULL ? label(c, "contact_modes", mode) : "This way");
	}
	wipe(never);
	free(safe);
	kw_values_free(&d);
}

/* --- one open support plan per pathway --- */

static void plan_rule(const struct kw_rule_call *c, struct kw_rule_answer *a)
{
	const char *pathway = answer(c->vals, "pathway"), *client = parent_of(c);
	char other[37] = "", opened[11] = "", shown[32] = "";
	struct kw_err err;
	int found;

	if (pathway == NULL || answer(c->vals, "closed_on") != NULL || client == NULL)
		return;
	found = kw_db_plan_open(c->s->store, client, pathway,
				c->rec->id[0] != '\0' ? c->rec->id : NULL, other, opened, &err);
	if (found == 0)
		return;
	if (found < 0) {
		refuse(a, "pathway", "%s", err.msg);
		return;
	}
	if (strlen(opened) == 10 && kw_date_valid(opened))
		snprintf(shown, sizeof(shown), " (since %.2s/%.2s/%.4s)", opened + 8, opened + 5,
			 opened);
	refuse(a, "pathway", "Her %s plan is still open%s: add to it, or close it first.",
	       label(c, "pathways", pathway), shown);
}

/* --- consent before a step that shares information about her --- */

/*
 * The disclosure recorded with a step that shares about her (saved by
 * kw_form_save in the step's transaction): to the item's agency, on the day
 * of the step, what the step was, on her consent (which one) or, when the
 * user went ahead without it, "without her agreement"; and who decided.
 */
static void share_disclosure(const struct kw_rule_call *c, struct kw_rule_answer *a,
			     const char *client, const char *agency, const char *issue,
			     const char *consent_id)
{
	const char *step = answer(c->vals, "step"), *on = answer(c->vals, "happened_on");
	const char *summary = answer(c->vals, "summary");
	char what[1024];

	snprintf(a->also_form, sizeof(a->also_form), "%s", "disclosure");
	snprintf(a->also_parent, sizeof(a->also_parent), "%s", client);
	kw_values_set(&a->also, "agency", agency);
	kw_values_set(&a->also, "disclosed_on", on != NULL ? on : c->today);
	snprintf(what, sizeof(what), "Advocacy step: %s%s%s%s%.600s",
		 step != NULL ? label(c, "advocacy_steps", step) : "a step",
		 issue != NULL ? " (" : "", issue != NULL ? issue : "",
		 issue != NULL ? "). " : ". ", summary != NULL ? summary : "");
	kw_values_set(&a->also, "what", what);
	memset(what, 0, sizeof(what));
	if (consent_id != NULL && consent_id[0] != '\0') {
		kw_values_set(&a->also, "basis", "her_consent");
		kw_values_set(&a->also, "consent", consent_id);
	} else {
		kw_values_set(&a->also, "basis", "without_consent");
	}
	kw_values_set(&a->also, "decided_by", c->s->user.meta.id);
}

static void share_rule(const struct kw_rule_call *c, struct kw_rule_answer *a)
{
	const struct kw_form_spec *fi = kw_form_find(c->f->pack, "advocacy_item");
	const char *shares = answer(c->vals, "shares_info"), *item = parent_of(c), *agency;
	const struct kw_kind *k;
	struct kw_form_record rec = { 0 };
	struct kw_values iv = { 0 };
	struct kw_share_check chk;
	struct kw_err err;
	char client[37] = "";

	/* Asked when a step comes to share, not again at every later edit of it. */
	if (shares == NULL || strcmp(shares, "yes") != 0 || fi == NULL || item == NULL ||
	    (c->rec->id[0] != '\0' && !changing(c, "shares_info")))
		return;
	snprintf(rec.id, sizeof(rec.id), "%s", item);
	if (kw_db_form_load(c->s->store, fi, &rec, &iv, &err) != 1 ||
	    (agency = answer(&iv, "agency")) == NULL ||
	    kw_db_record_owner(c->s->store, item, &k, client, &err) != 1 || client[0] == '\0')
		goto out; /* no agency named on the item: nothing to check it against */
	if (kw_form_find(c->f->pack, "disclosure") == NULL) {
		refuse(a, "shares_info",
		       "A step that shares about her is recorded with a disclosure, and the forms "
		       "have no disclosure form.");
	} else if (kw_share_check(c->s->store, client, agency, label(c, "agencies", agency),
				  c->today, &chk, &err) != 0) {
		refuse(a, "shares_info", "Consent could not be checked: %s", err.msg);
	} else if (chk.verdict == KW_SHARE_BLOCKED) {
		refuse(a, "shares_info", "%s", chk.msg);
	} else if (chk.verdict == KW_SHARE_NO_CONSENT) {
		refuse(a, "shares_info", "%s", chk.msg);
		a->verdict = KW_RULE_ASK;
		snprintf(a->question, sizeof(a->question),
			 "No consent to share with %s on record. Save anyway?",
			 label(c, "agencies", agency));
		share_disclosure(c, a, client, agency, answer(&iv, "issue"), NULL);
	} else {
		share_disclosure(c, a, client, agency, answer(&iv, "issue"), chk.consent_id);
	}
out:
	kw_values_free(&iv);
}

/* --- closing: never for non-engagement, her words when it is her wish --- */

/*
 * Before an episode closes: her open tasks, advocacy items, a court date
 * ahead and a risk level at which a MARAC referral is indicated, asked about
 * in one question (a screen asks; the command line needs --yes).
 */
static void closing_open_work(const struct kw_rule_call *c, const char *client,
			      struct kw_rule_answer *a)
{
	const struct kw_form_spec *risk = kw_form_find(c->f->pack, "risk_checklist");
	const char *high = risk != NULL && risk->score != NULL && risk->score->marac_level != NULL
				   ? risk->score->marac_level
				   : "high";
	struct kw_open_work w;
	struct kw_err err;
	struct kw_buf b = { 0 };
	const char *part[4];
	char court[96] = "", tasks[48] = "", items[48] = "", level[96] = "";
	size_t n = 0;

	if (client == NULL || client[0] == '\0' ||
	    kw_db_open_work(c->s->store, client, c->today, &w, &err) != 0)
		return;
	if (w.tasks > 0)
		snprintf(tasks, sizeof(tasks), "%ld open task%s", w.tasks, w.tasks == 1 ? "" : "s");
	if (w.advocacy > 0)
		snprintf(items, sizeof(items), "%ld open advocacy item%s", w.advocacy,
			 w.advocacy == 1 ? "" : "s");
	if (strlen(w.court_at) >= 10)
		snprintf(court, sizeof(court), "a court date on %.2s/%.2s/%.4s", w.court_at + 8,
			 w.court_at + 5, w.court_at);
	if (w.risk_level[0] != '\0' && strcmp(w.risk_level, high) == 0)
		snprintf(level, sizeof(level), "a %s risk level", w.risk_level);
	if (tasks[0] != '\0')
		part[n++] = tasks;
	if (items[0] != '\0')
		part[n++] = items;
	if (court[0] != '\0')
		part[n++] = court;
	if (level[0] != '\0')
		part[n++] = level;
	if (n == 0)
		return;
	kw_buf_adds(&b, "She still has ");
	for (size_t i = 0; i < n; i++)
		kw_buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", part[i]);
	a->verdict = KW_RULE_ASK;
	snprintf(a->field, sizeof(a->field), "reason");
	snprintf(a->question, sizeof(a->question), "%s. Close anyway?", b.p);
	snprintf(a->msg, sizeof(a->msg), "Not closed: she still has %s.",
		 b.p + strlen("She still has "));
	kw_buf_free(&b);
}

static void closure_rule(const struct kw_rule_call *c, struct kw_rule_answer *a)
{
	static const char *const keys[] = { "reason", "closed_on", "her_wish", "welcome_back" };
	const char *episode = parent_of(c);
	bool creating = c->rec->id[0] == '\0', touched = creating;
	struct kw_episode e = { 0 };
	struct kw_err err;
	int found = 0;

	for (size_t i = 0; i < KW_ARRAY_LEN(keys) && !touched; i++)
		touched = changing(c, keys[i]);
	if (!touched)
		return;
	if (episode != NULL)
		found = kw_db_episode_get(c->s->store, episode, &e, &err);
	if (found == 1 && creating && !kw_episode_can_close(&e, a->msg, sizeof(a->msg))) {
		a->verdict = KW_RULE_REFUSED;
		snprintf(a->field, sizeof(a->field), "reason");
	} else if (!kw_closure_check(c->f->pack, found == 1 ? &e : NULL, c->vals, a->field,
				     sizeof(a->field), a->msg, sizeof(a->msg))) {
		a->verdict = KW_RULE_REFUSED;
	} else if (found == 1 && creating) {
		closing_open_work(c, e.client_id, a);
	}
	kw_episode_clear(&e);
}

/* --- a mentor match is agreed only when the mentor said she is comfortable --- */

static void mentor_rule(const struct kw_rule_call *c, struct kw_rule_answer *a)
{
	const char *status = answer(c->vals, "status");
	const char *comfortable = answer(c->vals, "mentor_comfortable");

	/*
	 * "Agreed by both" and "meeting" say the mentor agreed; asked when the
	 * match comes to either, or her answer changes while it is there.
	 */
	if (status == NULL || (strcmp(status, "agreed") != 0 && strcmp(status, "meeting") != 0) ||
	    (c->rec->id[0] != '\0' && !changing(c, "status") && !changing(c, "mentor_comfortable")))
		return;
	if (comfortable != NULL && strcmp(comfortable, "yes") == 0)
		return;
	if (comfortable != NULL && strcmp(comfortable, "no") == 0)
		refuse(a, "mentor_comfortable",
		       "The mentor said she is not comfortable with this match, so it is not "
		       "agreed by both: end it, or propose another mentor.");
	else
		refuse(a, "mentor_comfortable",
		       "Ask the mentor whether she is comfortable with this match first: it is "
		       "agreed only when both say yes.");
}

/* --- only a user who holds a caseload can be her keyworker --- */

struct user_look {
	const char *id;
	struct kw_user u;
	bool found;
};

static int find_user(void *ctx, const struct kw_user *u)
{
	struct user_look *l = ctx;

	if (strcmp(u->meta.id, l->id) != 0)
		return 0;
	l->u = *u;
	l->found = true;
	return 1;
}

static void keyworker_rule(const struct kw_rule_call *c, struct kw_rule_answer *a)
{
	for (size_t i = 0; i < c->f->nfields && a->verdict == KW_RULE_OK; i++) {
		const struct kw_field_spec *fs = &c->f->fields[i];
		struct user_look l = { 0 };
		struct kw_err err;

		if (fs->type != KW_F_REF || fs->references == NULL ||
		    strcmp(fs->references, "user") != 0 || !changing(c, fs->key) ||
		    (l.id = answer(c->vals, fs->key)) == NULL)
			continue;
		if (kw_db_user_each(c->s->store, find_user, &l, &err) < 0)
			refuse(a, fs->key, "The users could not be read: %s", err.msg);
		else if (!l.found)
			refuse(a, fs->key, "%s: no such user.", fs->label);
		else if (!kw_role_holds_caseload(l.u.role))
			refuse(a, fs->key,
			       "%s is %s and holds no caseload: only a keyworker or a manager can "
			       "be her keyworker.",
			       l.u.username,
			       l.u.role == KW_ROLE_DROPIN ? "a drop-in worker" : "not a keyworker");
	}
}

/* --- what follows from a save --- */

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * A court date makes her an appointment of kind court at its day and time,
 * where the court is, and moves that appointment when the date, time or court
 * changes, so it is in 2 Contact, the calendar and Today, marked [legal]. Only
 * the kind, the time and the court reach the general compartment: never the
 * offence, the outcome or the notes.
 */
static int court_follows(const struct kw_rule_call *c, struct kw_err *err)
{
	const struct kw_form_spec *af = kw_form_find(c->f->pack, "appointment");
	const char *kind = answer(c->vals, "kind"), *on = answer(c->vals, "happened_on");
	const char *at = answer(c->vals, "at_time"), *court = answer(c->vals, "court");
	struct kw_form_record ar = { 0 };
	struct kw_values want = { 0 }, have = { 0 };
	char when[32], detail[128];
	int found, rc = -1;

	if (kind == NULL || strcmp(kind, "court") != 0 || on == NULL || at == NULL)
		return 0;
	if (af == NULL)
		return kw_err_set(err, KW_EDATA,
				  "a court date makes an appointment, and the form pack has no "
				  "appointment form");
	snprintf(when, sizeof(when), "%s %s", on, at);
	found = kw_db_court_appointment(c->s->store, c->rec->id, ar.id, err);
	if (found < 0)
		return -1;
	if (found == 1) {
		if (kw_db_form_load(c->s->store, af, &ar, &have, err) != 1)
			goto out;
		if (same(answer(&have, "kind"), "court") &&
		    same(answer(&have, "starts_at"), when) && same(answer(&have, "place"), court)) {
			rc = 0; /* nothing moved */
			goto out;
		}
	} else {
		snprintf(ar.parent_id, sizeof(ar.parent_id), "%s", c->rec->parent_id);
	}
	kw_values_set(&want, "kind", "court");
	kw_values_set(&want, "starts_at", when);
	if (court != NULL)
		kw_values_set(&want, "place", court);
	else
		kw_values_set_state(&want, "place", KW_STATE_NOT_ASKED);
	if (kw_db_form_save(c->s->store, af, &ar, &want, err) != 0 ||
	    (found == 0 && kw_db_court_appointment_set(c->s->store, c->rec->id, ar.id, err) != 0))
		goto out;
	snprintf(detail, sizeof(detail), "appointment %s %s for court date %s", ar.id,
		 found == 1 ? "moved" : "added", c->rec->id);
	if (kw_db_audit(c->s->store, "form-save", c->rec->parent_id, detail, err) != 0)
		goto out;
	rc = 0;
out:
	kw_values_free(&want);
	kw_values_free(&have);
	return rc;
}

static const struct {
	const char *kind;
	int (*fn)(const struct kw_rule_call *c, struct kw_err *err);
} follows[] = {
	{ "cj_event", court_follows },
};

int kw_rules_after(const struct kw_rule_call *c, struct kw_err *err)
{
	for (size_t i = 0; c->f->kind != NULL && i < KW_ARRAY_LEN(follows); i++)
		if (strcmp(follows[i].kind, c->f->kind->name) == 0)
			return follows[i].fn(c, err);
	return 0;
}

/* --- a risk level raised by professional judgement needs the reasons --- */

static void risk_rule(const struct kw_rule_call *c, struct kw_rule_answer *a)
{
	const struct kw_score_spec *sp = c->f->score;
	const struct kw_field_spec *why = kw_form_field(c->f, "judgement_reasons");
	struct kw_score_result res;

	if (sp == NULL || sp->judgement == NULL || why == NULL ||
	    kw_form_score(c->f, c->vals, &res) != 0)
		return;
	/* Judgement may only raise the level (levels ascend): only raising needs saying why. */
	if (res.by_judgement == NULL || res.by_score == NULL || res.by_judgement <= res.by_score)
		return;
	if (!kw_reason_real(answer(c->vals, "judgement_reasons")))
		refuse(a, "judgement_reasons",
		       "Raising the level to %s (the score of %ld gives %s) needs your reasons, "
		       "in a few words.",
		       res.by_judgement->label, res.score, res.by_score->label);
}

/* --- the table --- */

static const struct {
	const char *kind; /* a kind of record (kinds.c), whatever form edits it */
	rule_fn *fn;
	derive_fn *derive;     /* the answers it works out, or NULL */
	const char *inputs[2]; /* the answers derive reads */
} rules[] = {
	{ "contact", contact_rule, contact_derive, { "mode", NULL } },
	{ "support_plan", plan_rule, NULL, { NULL } },	  /* one open plan per pathway */
	{ "advocacy_step", share_rule, NULL, { NULL } },  /* consent before sharing */
	{ "closure", closure_rule, NULL, { NULL } },	  /* never for non-engagement */
	{ "risk_assessment", risk_rule, NULL, { NULL } }, /* judgement needs reasons */
	{ "mentor_match", mentor_rule, NULL, { NULL } },  /* agreed only when she said yes */
	{ "client", keyworker_rule, NULL, { NULL } },	  /* only caseload holders */
};

static int rule_of(const struct kw_form_spec *f)
{
	for (size_t i = 0; f != NULL && f->kind != NULL && i < KW_ARRAY_LEN(rules); i++)
		if (strcmp(rules[i].kind, f->kind->name) == 0)
			return (int)i;
	return -1;
}

bool kw_rules_derives_from(const struct kw_form_spec *f, const char *key)
{
	int r = rule_of(f);

	for (size_t i = 0; r >= 0 && key != NULL && i < KW_ARRAY_LEN(rules[r].inputs); i++)
		if (rules[r].inputs[i] != NULL && strcmp(rules[r].inputs[i], key) == 0)
			return true;
	return false;
}

size_t kw_rules_derive(struct kw_session *s, const struct kw_form_spec *f,
		       const struct kw_form_record *rec, const struct kw_values *vals,
		       struct kw_values *derived)
{
	int r = rule_of(f);
	size_t before = derived->n;
	struct kw_values copy = { 0 };
	char today[11];
	struct kw_rule_call c = { s, f, rec, NULL, vals, &copy, NULL, today };

	if (r < 0 || rules[r].derive == NULL)
		return 0;
	kw_today(today);
	for (size_t i = 0; i < vals->n; i++) {
		if (vals->v[i].state == KW_STATE_ANSWERED)
			kw_values_set(&copy, vals->v[i].key, vals->v[i].text);
		else
			kw_values_set_state(&copy, vals->v[i].key, vals->v[i].state);
	}
	rules[r].derive(&c, derived);
	for (size_t i = 0; i < copy.n; i++)
		if (copy.v[i].text != NULL)
			memset(copy.v[i].text, 0, strlen(copy.v[i].text));
	kw_values_free(&copy);
	return derived->n - before;
}

bool kw_rules_has(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < KW_ARRAY_LEN(rules); i++)
		if (strcmp(rules[i].kind, kind) == 0)
			return true;
	return false;
}

void kw_rule_answer_clear(struct kw_rule_answer *a)
{
	kw_values_free(&a->also);
	memset(a, 0, sizeof(*a));
}

enum kw_verdict kw_rules_run(const struct kw_rule_call *c, struct kw_rule_answer *a)
{
	int r = rule_of(c->f);

	memset(a, 0, sizeof(*a));
	if (r >= 0)
		rules[r].fn(c, a);
	return a->verdict;
}
