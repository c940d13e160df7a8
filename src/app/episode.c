/*
 * episode.c: the rules of her episodes. A referral opens with the contact
 * cadence its programme sets. A case closes only for a reason from the
 * configured list, never for non-engagement ("keyworkers will not give up
 * unless the client states that she no longer wants support"); closing at
 * her wish records her words and what she was told about coming back. When
 * she comes back, a NEW episode is opened, linked to the one that closed, so
 * her history stays whole. No SQL and no terminal here: the store does the
 * writing (and its triggers refuse a non-engagement reason from anyone).
 */
#include <stdio.h>
#include <string.h>

#include "keywork/retention.h"
#include "keywork/episode.h"
#include "keywork/rules.h"
#include "keywork/formsave.h"
#include "keywork/util.h"

void kw_episode_cadence(long cadence_days, char out[32])
{
	if (cadence_days <= 0)
		out[0] = '\0';
	else if (cadence_days == 7)
		snprintf(out, 32, "weekly");
	else if (cadence_days == 14)
		snprintf(out, 32, "fortnightly");
	else if (cadence_days == 28)
		snprintf(out, 32, "monthly");
	else
		snprintf(out, 32, "%ld days", cadence_days);
}

static bool is_closed(const struct kw_episode *e)
{
	return e->status != NULL && strcmp(e->status, "closed") == 0;
}

bool kw_episode_can_close(const struct kw_episode *e, char *msg, size_t mlen)
{
	if (is_closed(e)) {
		snprintf(msg, mlen, "This episode closed on %s already.",
			 e->closed_on != NULL ? e->closed_on : "a day not recorded");
		return false;
	}
	return true;
}

bool kw_episode_can_reopen(const struct kw_episode *earlier, char *msg, size_t mlen)
{
	if (!is_closed(earlier)) {
		snprintf(msg, mlen, "This episode is still %s: only a closed one is re-opened.",
			 earlier->status != NULL ? earlier->status : "open");
		return false;
	}
	if (earlier->reopened_by != NULL) {
		snprintf(msg, mlen,
			 "She came back after this episode already: re-open the "
			 "newest one if it has closed.");
		return false;
	}
	return true;
}

/* The answer to key when given and not blank, else NULL. */
static const char *answer(const struct kw_values *vals, const char *key)
{
	const struct kw_value *v = kw_values_get(vals, key);

	if (v == NULL || v->state != KW_STATE_ANSWERED || v->text == NULL)
		return NULL;
	for (const char *p = v->text; *p != '\0'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return v->text;
	return NULL;
}

static bool refuse(const char *k, char *key, size_t klen, char *msg, size_t mlen, const char *text)
{
	snprintf(key, klen, "%s", k);
	snprintf(msg, mlen, "%s", text);
	return false;
}

bool kw_closure_check(const struct kw_form_pack *pack, const struct kw_episode *e,
		      const struct kw_values *vals, char *key, size_t klen, char *msg, size_t mlen)
{
	const struct kw_list_spec *l = kw_list_find(pack, KW_CLOSURE_REASONS);
	const char *reason = answer(vals, "reason"), *closed_on = answer(vals, "closed_on");
	const struct kw_list_item *it;

	key[0] = msg[0] = '\0';
	if (reason == NULL)
		return refuse("reason", key, klen, msg, mlen,
			      "Say why this episode is closing: her wish, the programme ended, "
			      "she moved away, ...");
	it = l != NULL ? kw_list_item(l, reason) : NULL;
	if (kw_reason_is_non_engagement(reason, it != NULL ? it->label : NULL))
		return refuse(
			"reason", key, klen, msg, mlen,
			"A case is never closed because she has not engaged or attended: "
			"keep offering contact, or pause it if she is in custody, in hospital "
			"or asked for a break.");
	if (it == NULL) {
		snprintf(key, klen, "reason");
		snprintf(msg, mlen, "'%s' is not one of the closure reasons.", reason);
		return false;
	}
	if (it->retired) {
		snprintf(key, klen, "reason");
		snprintf(msg, mlen, "'%s' is no longer offered as a closure reason.", it->label);
		return false;
	}
	if (strcmp(reason, KW_REASON_OTHER) == 0) {
		const char *why = answer(vals, "other_reason");

		/* "Other" is not a way round the list: the words are needed, and read too. */
		if (!kw_reason_real(why))
			return refuse("other_reason", key, klen, msg, mlen,
				      "Say why it is closing, in a few words: \"Other\" needs the "
				      "reason written down.");
		if (kw_reason_is_non_engagement(why, NULL))
			return refuse(
				"other_reason", key, klen, msg, mlen,
				"A case is never closed because she has not engaged or attended: "
				"keep offering contact, or pause it if she is in custody, in "
				"hospital or asked for a break.");
	}
	if (strcmp(reason, KW_REASON_HER_WISH) == 0) {
		if (answer(vals, "her_wish") == NULL)
			return refuse("her_wish", key, klen, msg, mlen,
				      "Write what she asked for, in her words.");
		if (answer(vals, "welcome_back") == NULL)
			return refuse("welcome_back", key, klen, msg, mlen,
				      "Write what she was told about coming back: she can "
				      "always return.");
	}
	if (closed_on != NULL && e != NULL) {
		const char *began = e->referred_on != NULL ? e->referred_on : e->opened_on;

		if (began != NULL && strcmp(closed_on, began) < 0) {
			snprintf(key, klen, "closed_on");
			snprintf(msg, mlen, "It can't close before it began (%s).", began);
			return false;
		}
	}
	return true;
}

void kw_closure_fill(const struct kw_form_pack *pack, struct kw_values *vals)
{
	const struct kw_form_spec *f = kw_form_find(pack, KW_FORM_CLOSURE);
	const struct kw_field_spec *fs = f != NULL ? kw_form_field(f, "welcome_back") : NULL;
	const char *reason = answer(vals, "reason");

	if (reason == NULL || strcmp(reason, KW_REASON_HER_WISH) != 0 ||
	    answer(vals, "welcome_back") != NULL)
		return;
	if (fs != NULL && fs->def == KW_DEF_VALUE && fs->def_value != NULL &&
	    fs->def_value[0] != '\0')
		kw_values_set(vals, "welcome_back", fs->def_value);
}

static void copy_values(const struct kw_values *from, struct kw_values *to)
{
	for (size_t i = 0; from != NULL && i < from->n; i++) {
		if (from->v[i].state == KW_STATE_ANSWERED)
			kw_values_set(to, from->v[i].key, from->v[i].text);
		else
			kw_values_set_state(to, from->v[i].key, from->v[i].state);
	}
}

/* Adds one field error and sets err: nothing was saved. */
static int refused(struct kw_field_errors *errs, const char *key, const char *msg,
		   struct kw_err *err)
{
	if (errs != NULL) {
		if (errs->n == errs->cap) {
			errs->cap = errs->cap != 0 ? errs->cap * 2 : 4;
			errs->e = kw_xrealloc(errs->e, errs->cap * sizeof(*errs->e));
		}
		snprintf(errs->e[errs->n].key, sizeof(errs->e[errs->n].key), "%s", key);
		snprintf(errs->e[errs->n].msg, sizeof(errs->e[errs->n].msg), "%s", msg);
		errs->n++;
	}
	return kw_err_set(err, KW_EDATA, "%s Nothing was saved.", msg);
}

/* Reads episode id for a rule; -1 with err set if it is not there. */
static int episode_of(struct kw_session *s, const char *id, struct kw_episode *e,
		      struct kw_err *err)
{
	int found = kw_db_episode_get(s->store, id, e, err);

	if (found == 0)
		kw_err_set(err, KW_EDATA, "this episode is no longer here");
	return found == 1 ? 0 : -1;
}

int kw_episode_close(struct kw_session *s, const struct kw_form_pack *pack, const char *episode_id,
		     const struct kw_values *vals, struct kw_field_errors *errs,
		     char closure_id[37], struct kw_err *err)
{
	const struct kw_form_spec *f = kw_form_find(pack, KW_FORM_CLOSURE);
	struct kw_form_record rec = { 0 };
	struct kw_values all = { 0 };
	struct kw_episode e;
	char key[64], msg[320], today[11];
	int rc = -1;

	if (f == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "the closure form is missing");
	if (episode_of(s, episode_id, &e, err) != 0)
		return -1;
	if (!kw_episode_can_close(&e, msg, sizeof(msg))) {
		kw_err_set(err, KW_EDATA, "%s", msg);
		goto out;
	}
	copy_values(vals, &all);
	if (answer(&all, "closed_on") == NULL) {
		kw_today(today);
		kw_values_set(&all, "closed_on", today);
	}
	kw_closure_fill(pack, &all);
	if (!kw_closure_check(pack, &e, &all, key, sizeof(key), msg, sizeof(msg))) {
		refused(errs, key, msg, err);
		goto out;
	}
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", episode_id);
	/* The store's trigger closes the episode with its closure, in one transaction. */
	if (kw_form_save(s, f, &rec, &all, errs, err) != 0)
		goto out;
	if (closure_id != NULL)
		memcpy(closure_id, rec.id, 37);
	rc = 0;
out:
	kw_values_free(&all);
	kw_episode_clear(&e);
	return rc;
}

/* The cadence the programme of e sets, into out ("" for none). */
static void programme_cadence(const struct kw_form_pack *pack, const char *programme, char out[32])
{
	const struct kw_list_spec *l = kw_list_find(pack, "programmes");
	const struct kw_list_item *it =
		l != NULL && programme != NULL ? kw_list_item(l, programme) : NULL;

	kw_episode_cadence(it != NULL ? it->cadence_days : 0, out);
}

/* Opens e (already read) on opened_on, inside the caller's transaction, and audits it. */
static int open_read(struct kw_session *s, const struct kw_form_pack *pack,
		     const struct kw_episode *e, const char *opened_on, struct kw_err *err)
{
	char cadence[32], detail[96];
	/* A cadence already chosen (a need level on the referral) is kept. */
	bool chosen = e->cadence != NULL && e->cadence[0] != '\0';

	programme_cadence(pack, e->programme, cadence);
	if (kw_db_episode_open(s->store, e->id, e->version, opened_on, chosen ? NULL : cadence,
			       err) != 0)
		return -1;
	snprintf(detail, sizeof(detail), "episode opened %s", e->id);
	return kw_db_audit(s->store, "episode-open", e->client_id, detail, err);
}

int kw_episode_open(struct kw_session *s, const struct kw_form_pack *pack, const char *episode_id,
		    const char *opened_on, struct kw_err *err)
{
	struct kw_episode e;
	char today[11];
	int rc = -1;

	if (opened_on == NULL || opened_on[0] == '\0') {
		kw_today(today);
		opened_on = today;
	}
	if (!kw_date_valid(opened_on))
		return kw_err_set(err, KW_EDATA, "'%s' is not a date", opened_on);
	if (episode_of(s, episode_id, &e, err) != 0)
		return -1;
	if (kw_restricted(s, e.client_id, err) != 0)
		goto out;
	if (e.referred_on != NULL && strcmp(opened_on, e.referred_on) < 0) {
		kw_err_set(err, KW_EDATA, "support can't start before she was referred (%s)",
			   e.referred_on);
		goto out;
	}
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (open_read(s, pack, &e, opened_on, err) != 0 || kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	rc = 0;
out:
	kw_episode_clear(&e);
	return rc;
}

int kw_episode_reopen(struct kw_session *s, const struct kw_form_pack *pack, const char *earlier_id,
		      const struct kw_values *vals, struct kw_field_errors *errs, char new_id[37],
		      struct kw_err *err)
{
	const struct kw_form_spec *f = kw_form_find(pack, KW_FORM_REOPENING);
	struct kw_form_record rec = { 0 };
	struct kw_values all = { 0 };
	struct kw_episode earlier, fresh = { 0 };
	char msg[320], today[11];
	const char *came_back;
	int rc = -1;

	if (f == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "the re-opening form is missing");
	if (episode_of(s, earlier_id, &earlier, err) != 0)
		return -1;
	if (!kw_episode_can_reopen(&earlier, msg, sizeof(msg))) {
		kw_err_set(err, KW_EDATA, "%s", msg);
		goto out;
	}
	copy_values(vals, &all);
	kw_values_set(&all, "reopened_from", earlier_id);
	if (answer(&all, "referral_source") == NULL)
		kw_values_set(&all, "referral_source", "self");
	if (answer(&all, "programme") == NULL && earlier.programme != NULL)
		kw_values_set(&all, "programme", earlier.programme);
	if ((came_back = answer(&all, "referred_on")) == NULL) {
		kw_today(today);
		kw_values_set(&all, "referred_on", today);
		came_back = today;
	}
	if (earlier.closed_on != NULL && strcmp(came_back, earlier.closed_on) < 0) {
		snprintf(msg, sizeof(msg), "She can't come back before the episode closed (%s).",
			 earlier.closed_on);
		refused(errs, "referred_on", msg, err);
		goto out;
	}
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", earlier.client_id);
	/* The new episode and its opening are one change: both or neither. */
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (kw_form_save(s, f, &rec, &all, errs, err) != 0 ||
	    episode_of(s, rec.id, &fresh, err) != 0 ||
	    open_read(s, pack, &fresh, came_back, err) != 0 ||
	    kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	if (new_id != NULL)
		memcpy(new_id, rec.id, 37);
	rc = 0;
out:
	kw_episode_clear(&fresh);
	kw_values_free(&all);
	kw_episode_clear(&earlier);
	return rc;
}
