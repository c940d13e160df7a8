/*
 * withher.c: her plan, as shown to her (the with her view) and given to her on
 * paper. Every record is read through its form, and a value is copied only
 * when kw_form_shows_her says its field is fit: there is no list here of what
 * may be shown. Answers of unfit fields are used only to choose and order
 * (an open plan, an open task), never copied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keywork/formdb.h"
#include "keywork/io.h"
#include "keywork/lookup.h"
#include "keywork/withher.h"

#define HER_LIMIT 10000 /* records of one kind read for her */

/* The answer to field key of form fkey, if it is fit to show her and answered; else NULL. */
static const char *fit(const struct kw_form_pack *p, const char *fkey, const struct kw_values *v,
		       const char *key)
{
	const struct kw_value *x = kw_values_get(v, key);

	if (x == NULL || x->state != KW_STATE_ANSWERED || x->text == NULL || x->text[0] == '\0')
		return NULL;
	return kw_form_shows_her(p, fkey, key) ? x->text : NULL;
}

/* An answer used only to choose or order (never shown): its text, or "". */
static const char *raw(const struct kw_values *v, const char *key)
{
	const struct kw_value *x = kw_values_get(v, key);

	return x != NULL && x->state == KW_STATE_ANSWERED && x->text != NULL ? x->text : "";
}

/* A list answer in words: the item's label (a key no longer listed reads as itself). */
static const char *label_of(const struct kw_form_pack *p, const char *fkey, const char *key,
			    const char *item)
{
	const struct kw_form_spec *f = kw_form_find(p, fkey);
	const struct kw_field_spec *fs = f != NULL ? kw_form_field(f, key) : NULL;
	const struct kw_list_item *it = fs != NULL && fs->list != NULL && item != NULL
						? kw_list_item(fs->list, item)
						: NULL;

	return it != NULL ? it->label : item;
}

static const char *const days[7] = { "Sunday",	 "Monday", "Tuesday", "Wednesday",
				     "Thursday", "Friday", "Saturday" };
static const char *const months[12] = { "January",   "February", "March",    "April",
					"May",	     "June",	 "July",     "August",
					"September", "October",	 "November", "December" };

/* "Tuesday 8 December 2026" for "2026-12-08"; anything else is copied. */
static char *date_words(const char *iso)
{
	struct tm tm = { 0 };
	char out[64];

	if (iso == NULL)
		return NULL;
	if (sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3 ||
	    tm.tm_mon < 1 || tm.tm_mon > 12)
		return kw_xstrdup(iso);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1)
		return kw_xstrdup(iso);
	snprintf(out, sizeof(out), "%s %d %s %d", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900);
	return kw_xstrdup(out);
}

/* "Tuesday 8 December 2026 at 10:30" (this machine's time) for a stored UTC "…Z" time. */
static char *datetime_words(const char *stored)
{
	struct tm tm = { 0 }, loc;
	time_t t;
	char out[80];

	if (stored == NULL)
		return NULL;
	if (sscanf(stored, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min) != 5 ||
	    tm.tm_mon < 1 || tm.tm_mon > 12)
		return kw_xstrdup(stored);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1 || localtime_r(&t, &loc) == NULL)
		return kw_xstrdup(stored);
	snprintf(out, sizeof(out), "%s %d %s %d at %02d:%02d", days[loc.tm_wday], loc.tm_mday,
		 months[loc.tm_mon], loc.tm_year + 1900, loc.tm_hour, loc.tm_min);
	return kw_xstrdup(out);
}

/* "March 2025" for "2025-03-.." */
static char *month_words(const char *iso)
{
	int y, m;
	char out[40];

	if (iso == NULL || sscanf(iso, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		return kw_xstrdup_null(iso);
	snprintf(out, sizeof(out), "%s %d", months[m - 1], y);
	return kw_xstrdup(out);
}

/*
 * Every other answer of the record that its form marks fit to show her, as
 * "Label: answer; ...", leaving out the keys in used (NULL-terminated), which
 * are shown in their own place. malloc'd, or NULL when there is none. So a
 * field a centre marks fit shows here without a change to the code.
 */
static char *extras(const struct kw_form_pack *p, const char *fkey, const struct kw_values *v,
		    const char *const *used)
{
	const struct kw_form_spec *f = kw_form_find(p, fkey);
	struct kw_buf b = { 0 };

	for (size_t i = 0; f != NULL && i < f->nfields; i++) {
		const struct kw_field_spec *fs = &f->fields[i];
		const char *t = fit(p, fkey, v, fs->key);
		bool skip = false;
		char *dw = NULL;

		for (size_t u = 0; used[u] != NULL; u++)
			skip = skip || strcmp(used[u], fs->key) == 0;
		if (skip || t == NULL)
			continue;
		if (fs->type == KW_F_DATE)
			t = dw = date_words(t);
		else if (fs->type == KW_F_DATETIME)
			t = dw = datetime_words(t);
		else if (fs->list != NULL)
			t = label_of(p, fkey, fs->key, t);
		kw_buf_printf(&b, "%s%s: %s", b.len ? "; " : "", fs->label, t);
		free(dw);
	}
	if (b.len == 0)
		return NULL;
	kw_buf_add(&b, "", 1);
	return b.p;
}

/* --- reading her records --- */

/* A record of hers, as read: its id and answers (owned). */
struct rec {
	char id[37];
	struct kw_values v;
};
struct recs {
	struct rec *r;
	size_t n, cap;
};

static int on_rec(void *ctx, const char *id, const struct kw_values *vals)
{
	struct recs *rs = ctx;
	struct rec *r;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 16;
		rs->r = kw_xrealloc(rs->r, rs->cap * sizeof(*rs->r));
	}
	r = &rs->r[rs->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", id);
	for (size_t i = 0; i < vals->n; i++) {
		if (vals->v[i].state == KW_STATE_ANSWERED)
			kw_values_set(&r->v, vals->v[i].key, vals->v[i].text);
		else
			kw_values_set_state(&r->v, vals->v[i].key, vals->v[i].state);
	}
	return 0;
}

static void recs_free(struct recs *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		kw_values_free(&rs->r[i].v);
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

/* Her records written with form fkey, newest first by order_by. A form not in the pack: none. */
static int read_recs(struct kw_session *s, const struct kw_form_pack *p, const char *fkey,
		     const char *client_id, const char *order_by, struct recs *out,
		     struct kw_err *err)
{
	const struct kw_form_spec *f = kw_form_find(p, fkey);

	if (f == NULL)
		return 0;
	return kw_db_form_list(s->store, f, client_id, order_by, HER_LIMIT, on_rec, out, err) < 0
		       ? -1
		       : 0;
}

static struct kw_her_item *item_add(struct kw_her_item **items, size_t *n)
{
	*items = kw_xrealloc(*items, (*n + 1) * sizeof(**items));
	memset(&(*items)[*n], 0, sizeof(**items));
	return &(*items)[(*n)++];
}

static void items_free(struct kw_her_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].when);
		free(items[i].text);
		free(items[i].more);
	}
	free(items);
}

struct who {
	const char *id;
	char *name; /* found: her username (malloc'd) */
};

static int on_user(void *ctx, const struct kw_user *u)
{
	struct who *w = ctx;

	if (strcmp(u->meta.id, w->id) != 0)
		return 0;
	w->name = kw_xstrdup(u->username);
	return 1;
}

/* Her name as she likes to be called, and her keyworker, from the intake form. */
static int read_her(struct kw_session *s, const struct kw_form_pack *p, const char *client_id,
		    struct kw_her *h, struct kw_err *err)
{
	const struct kw_form_spec *f = kw_form_find(p, "intake");
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	const char *kw;
	int r;

	if (f == NULL)
		return 0;
	snprintf(rec.id, sizeof(rec.id), "%s", client_id);
	r = kw_db_form_load(s->store, f, &rec, &v, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		kw_values_free(&v);
		return kw_err_set(err, KW_ENOINPUT, "no such woman");
	}
	h->name = kw_xstrdup_null(fit(p, "intake", &v, "known_as"));
	h->about = extras(p, "intake", &v, (const char *const[]){ "known_as", "keyworker", NULL });
	if ((kw = fit(p, "intake", &v, "keyworker")) != NULL) {
		struct who w = { kw, NULL };

		if (kw_db_user_each(s->store, on_user, &w, err) < 0) {
			kw_values_free(&v);
			return -1;
		}
		h->keyworker = w.name;
	}
	kw_values_free(&v);
	return 0;
}

static void read_strengths(const struct kw_form_pack *p, const struct recs *rs, struct kw_her *h)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct kw_values *v = &rs->r[i].v;
		const char *what = fit(p, "strength", v, "description");
		const char *kind = fit(p, "strength", v, "kind");
		struct kw_her_item *it;

		if (what == NULL)
			continue;
		it = item_add(&h->strengths, &h->nstrengths);
		it->when = date_words(fit(p, "strength", v, "noted_on"));
		it->text = kw_xstrdup(what);
		(void)kind;
		it->more = extras(p, "strength", v,
				  (const char *const[]){ "description", "noted_on", NULL });
	}
}

/* The outcome ladder's whole-number range (1 to 5 if it has none). */
static void ladder(const struct kw_form_pack *p, int *lo, int *hi)
{
	const struct kw_list_spec *l = kw_list_find(p, "outcome_ladder");

	*lo = 0;
	*hi = -1;
	for (size_t i = 0; l != NULL && i < l->nitems; i++) {
		char *end;
		long v = strtol(l->items[i].key, &end, 10);

		if (l->items[i].key[0] == '\0' || *end != '\0' || v < 0 || v > 1000)
			continue;
		if (*hi < *lo) {
			*lo = *hi = (int)v;
		} else {
			*lo = (int)v < *lo ? (int)v : *lo;
			*hi = (int)v > *hi ? (int)v : *hi;
		}
	}
	if (*hi <= *lo) {
		*lo = 1;
		*hi = 5;
	}
}

/* Her journey, from the scores whose pathway, date and score are all fit to show her. */
static void read_journey(const struct kw_form_pack *p, const struct recs *rs, struct kw_her *h)
{
	const struct kw_list_spec *pw = kw_list_find(p, "pathways");
	struct kw_journey j = { 0 };
	bool *done;

	ladder(p, &h->lo, &h->hi);
	/* rs is newest first: the journey wants each pathway's oldest first. */
	for (size_t i = rs->n; i-- > 0;) {
		const struct kw_values *v = &rs->r[i].v;
		struct kw_score_row row = { 0 };

		row.id = rs->r[i].id;
		row.pathway = fit(p, "outcome_ladder", v, "pathway");
		row.scored_on = fit(p, "outcome_ladder", v, "scored_on");
		row.score = fit(p, "outcome_ladder", v, "score");
		if (row.pathway == NULL || row.scored_on == NULL || row.score == NULL)
			continue;
		kw_journey_add(&j, &row);
	}
	done = kw_xcalloc(j.n + 1, sizeof(*done));
	/* In the pathways list's order, then any no longer listed. */
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < (pass == 0 ? (pw != NULL ? pw->nitems : 0) : 1); k++) {
			for (size_t i = 0; i < j.n; i++) {
				const struct kw_journey_path *jp = &j.p[i];
				struct kw_her_path *hp;

				if (done[i] || jp->n == 0 ||
				    (pass == 0 && strcmp(jp->pathway, pw->items[k].key) != 0))
					continue;
				done[i] = true;
				h->journey = kw_xrealloc(h->journey,
							 (h->njourney + 1) * sizeof(*h->journey));
				hp = &h->journey[h->njourney++];
				memset(hp, 0, sizeof(*hp));
				hp->label = kw_xstrdup(
					label_of(p, "outcome_ladder", "pathway", jp->pathway));
				memcpy(hp->scores, jp->recent, sizeof(hp->scores));
				hp->nscores = jp->nrecent;
				hp->first = jp->first;
				hp->latest = jp->latest;
				hp->since = month_words(jp->first_on);
				/* Her words with the newest score on this pathway, if she gave them. */
				for (size_t r = 0; r < rs->n; r++) {
					const char *pk =
						fit(p, "outcome_ladder", &rs->r[r].v, "pathway");

					if (pk != NULL && strcmp(pk, jp->pathway) == 0) {
						hp->words = kw_xstrdup_null(fit(p, "outcome_ladder",
										&rs->r[r].v,
										"in_her_words"));
						break;
					}
				}
			}
		}
	}
	free(done);
	kw_journey_free(&j);
}

static bool task_open(const struct kw_values *v)
{
	const char *st = raw(v, "status");

	return strcmp(st, "done") != 0 && strcmp(st, "not_needed") != 0;
}

/* A task as a step: what needs doing, and by when. */
static void task_item(const struct kw_form_pack *p, const struct kw_values *v,
		      struct kw_her_item **items, size_t *n)
{
	const char *title = fit(p, "task", v, "title");
	const char *status = fit(p, "task", v, "status");
	struct kw_her_item *it;
	char *due;

	if (title == NULL)
		return;
	it = item_add(items, n);
	it->text = kw_xstrdup(title);
	due = date_words(fit(p, "task", v, "due_on"));
	if (due != NULL) {
		size_t len = strlen(due) + 8;

		it->when = kw_xcalloc(1, len);
		snprintf(it->when, len, "by %s", due);
		free(due);
	}
	(void)status;
	it->more = extras(p, "task", v,
			  (const char *const[]){ "title", "due_on", "pathway", "status", NULL });
}

/* Open plans by pathway (in the pathways list's order), each with its open tasks. */
static void read_plans(const struct kw_form_pack *p, const struct recs *plans,
		       const struct recs *tasks, struct kw_her *h)
{
	const struct kw_list_spec *pw = kw_list_find(p, "pathways");
	bool *used = kw_xcalloc(tasks->n + 1, sizeof(*used));
	bool *shown = kw_xcalloc(plans->n + 1, sizeof(*shown));

	for (size_t k = 0; k <= (pw != NULL ? pw->nitems : 0); k++) {
		for (size_t i = 0; i < plans->n; i++) {
			const struct kw_values *v = &plans->r[i].v;
			const char *pk = fit(p, "support_plan", v, "pathway");
			struct kw_her_plan *hp;

			if (shown[i] || pk == NULL || raw(v, "closed_on")[0] != '\0')
				continue;
			if (k < (pw != NULL ? pw->nitems : 0) && strcmp(pk, pw->items[k].key) != 0)
				continue;
			shown[i] = true;
			h->plans = kw_xrealloc(h->plans, (h->nplans + 1) * sizeof(*h->plans));
			hp = &h->plans[h->nplans++];
			memset(hp, 0, sizeof(*hp));
			hp->pathway = kw_xstrdup(label_of(p, "support_plan", "pathway", pk));
			hp->since = date_words(fit(p, "support_plan", v, "opened_on"));
			hp->goals = kw_xstrdup_null(fit(p, "support_plan", v, "goals"));
			hp->more = extras(p, "support_plan", v,
					  (const char *const[]){ "pathway", "opened_on", "goals",
								 "closed_on", NULL });
			/* Its next steps: her open tasks under it, or on its pathway; soonest due first. */
			for (size_t t = tasks->n; t-- > 0;) {
				const struct kw_values *tv = &tasks->r[t].v;

				if (used[t] || !task_open(tv))
					continue;
				if (strcmp(raw(tv, "support_plan"), plans->r[i].id) != 0 &&
				    strcmp(raw(tv, "pathway"), pk) != 0)
					continue;
				used[t] = true;
				task_item(p, tv, &hp->steps, &hp->nsteps);
			}
		}
	}
	/* The rest of her open tasks, soonest due first. */
	for (size_t t = tasks->n; t-- > 0;)
		if (!used[t] && task_open(&tasks->r[t].v))
			task_item(p, &tasks->r[t].v, &h->tasks, &h->ntasks);
	free(used);
	free(shown);
}

/* Her appointments from now on, soonest first. */
static void read_appointments(const struct kw_form_pack *p, const struct recs *rs, struct kw_her *h)
{
	char now[21];

	kw_now_iso(now);
	for (size_t i = rs->n; i-- > 0;) {
		const struct kw_values *v = &rs->r[i].v;
		const char *when = fit(p, "appointment", v, "starts_at");
		const char *place = fit(p, "appointment", v, "place");
		struct kw_her_item *it;

		if (when == NULL || strcmp(when, now) < 0)
			continue;
		it = item_add(&h->appointments, &h->nappointments);
		it->when = datetime_words(when);
		it->text = kw_xstrdup(place != NULL ? place : "");
		it->more = extras(p, "appointment", v,
				  (const char *const[]){ "starts_at", "place", NULL });
	}
}

int kw_app_her(struct kw_session *s, const struct kw_form_pack *pack, const char *client_id,
	       struct kw_her *out, struct kw_err *err)
{
	struct recs strengths = { 0 }, scores = { 0 }, plans = { 0 }, tasks = { 0 }, appts = { 0 };
	char today[11];
	char *t;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (kw_app_may(s, KW_DO_FULL_RECORD, err) != 0)
		return -1;
	kw_today(today);
	t = date_words(today);
	snprintf(out->today, sizeof(out->today), "%s", t);
	free(t);
	if (read_her(s, pack, client_id, out, err) != 0 ||
	    read_recs(s, pack, "strength", client_id, "noted_on", &strengths, err) != 0 ||
	    read_recs(s, pack, "outcome_ladder", client_id, "scored_on", &scores, err) != 0 ||
	    read_recs(s, pack, "support_plan", client_id, "opened_on", &plans, err) != 0 ||
	    read_recs(s, pack, "task", client_id, "due_on", &tasks, err) != 0 ||
	    read_recs(s, pack, "appointment", client_id, "starts_at", &appts, err) != 0)
		goto out;
	read_strengths(pack, &strengths, out);
	read_journey(pack, &scores, out);
	read_plans(pack, &plans, &tasks, out);
	read_appointments(pack, &appts, out);
	rc = 0;
out:
	recs_free(&strengths);
	recs_free(&scores);
	recs_free(&plans);
	recs_free(&tasks);
	recs_free(&appts);
	if (rc != 0)
		kw_her_free(out);
	return rc;
}

void kw_her_free(struct kw_her *h)
{
	free(h->name);
	free(h->keyworker);
	free(h->about);
	items_free(h->strengths, h->nstrengths);
	for (size_t i = 0; i < h->njourney; i++) {
		free(h->journey[i].label);
		free(h->journey[i].since);
		free(h->journey[i].words);
	}
	free(h->journey);
	for (size_t i = 0; i < h->nplans; i++) {
		free(h->plans[i].pathway);
		free(h->plans[i].since);
		free(h->plans[i].goals);
		free(h->plans[i].more);
		items_free(h->plans[i].steps, h->plans[i].nsteps);
	}
	free(h->plans);
	items_free(h->appointments, h->nappointments);
	items_free(h->tasks, h->ntasks);
	memset(h, 0, sizeof(*h));
}

/* --- on paper --- */

/* The scores of a path as words: "2, 3, 4 (up 2 since March 2025)". */
static void path_words(const struct kw_her_path *hp, int lo, int hi, struct kw_buf *b)
{
	int d = hp->latest - hp->first;

	for (size_t i = 0; i < hp->nscores; i++)
		kw_buf_printf(b, "%s%d", i ? ", " : "", hp->scores[i]);
	kw_buf_printf(b, " out of %d", hi);
	(void)lo;
	if (hp->nscores > 1 && d != 0)
		kw_buf_printf(b, " (%s %d since %s)", d > 0 ? "up" : "down", d > 0 ? d : -d,
			      hp->since != NULL ? hp->since : "the first");
}

static void text_more(struct kw_buf *b, const struct kw_her_item *it)
{
	if (it->more != NULL)
		kw_buf_printf(b, "      (%s)\n", it->more);
}

void kw_her_text(const struct kw_her *h, struct kw_buf *b)
{
	kw_buf_printf(b, "%s%s\n", h->name != NULL ? "My plan: " : "My plan",
		      h->name != NULL ? h->name : "");
	kw_buf_printf(b, "%s\n", h->today);
	if (h->keyworker != NULL)
		kw_buf_printf(b, "My keyworker: %s\n", h->keyworker);
	if (h->about != NULL)
		kw_buf_printf(b, "%s\n", h->about);
	kw_buf_adds(b, "\nMy strengths and achievements\n");
	if (h->nstrengths == 0)
		kw_buf_adds(b, "  (none written down yet)\n");
	for (size_t i = 0; i < h->nstrengths && i < 8; i++) {
		kw_buf_printf(b, "  - %s%s%s\n", h->strengths[i].text,
			      h->strengths[i].when != NULL ? " - " : "",
			      h->strengths[i].when != NULL ? h->strengths[i].when : "");
		text_more(b, &h->strengths[i]);
	}
	if (h->njourney > 0) {
		kw_buf_adds(b, "\nHow things are going\n");
		for (size_t i = 0; i < h->njourney; i++) {
			kw_buf_printf(b, "  %s: ", h->journey[i].label);
			path_words(&h->journey[i], h->lo, h->hi, b);
			kw_buf_adds(b, "\n");
			if (h->journey[i].words != NULL)
				kw_buf_printf(b, "    \"%s\"\n", h->journey[i].words);
		}
	}
	kw_buf_adds(b, "\nMy plans\n");
	if (h->nplans == 0)
		kw_buf_adds(b, "  (no plan open)\n");
	for (size_t i = 0; i < h->nplans; i++) {
		const struct kw_her_plan *p = &h->plans[i];

		kw_buf_printf(b, "  %s%s%s\n", p->pathway, p->since != NULL ? ", since " : "",
			      p->since != NULL ? p->since : "");
		if (p->goals != NULL)
			kw_buf_printf(b, "    What I want to change: %s\n", p->goals);
		if (p->more != NULL)
			kw_buf_printf(b, "    %s\n", p->more);
		for (size_t k = 0; k < p->nsteps; k++) {
			kw_buf_printf(b, "    Next: %s%s%s\n", p->steps[k].text,
				      p->steps[k].when != NULL ? ", " : "",
				      p->steps[k].when != NULL ? p->steps[k].when : "");
			text_more(b, &p->steps[k]);
		}
	}
	if (h->nappointments > 0) {
		kw_buf_adds(b, "\nMy appointments\n");
		for (size_t i = 0; i < h->nappointments; i++) {
			kw_buf_printf(b, "  %s%s%s\n", h->appointments[i].when,
				      h->appointments[i].text[0] != '\0' ? ", at " : "",
				      h->appointments[i].text);
			text_more(b, &h->appointments[i]);
		}
	}
	if (h->ntasks > 0) {
		kw_buf_adds(b, "\nThings to do\n");
		for (size_t i = 0; i < h->ntasks; i++) {
			kw_buf_printf(b, "  - %s%s%s\n", h->tasks[i].text,
				      h->tasks[i].when != NULL ? ", " : "",
				      h->tasks[i].when != NULL ? h->tasks[i].when : "");
			text_more(b, &h->tasks[i]);
		}
	}
}

/* Her words in their own direction (Arabic right to left) inside the page's: a Unicode isolate. */
static void words(struct kw_buf *b, const char *s)
{
	kw_buf_adds(b, "\u2068");
	kw_io_doc_text(b, s);
	kw_buf_adds(b, "\u2069");
}

static void doc_more(struct kw_buf *b, const struct kw_her_item *it)
{
	if (it->more == NULL)
		return;
	kw_buf_adds(b, " <span foreground=\"#555555\">(");
	words(b, it->more);
	kw_buf_adds(b, ")</span>");
}

/* A score as a bar of the chart, from the lowest to the highest of the scale. */
static const char *bar(int v, int lo, int hi)
{
	static const char *const level[] = { "\u2581", "\u2582", "\u2583", "\u2584",
					     "\u2585", "\u2586", "\u2587", "\u2588" };
	int range = hi - lo;

	v = v < lo ? lo : v > hi ? hi : v;
	return level[range > 0 ? (v - lo) * 7 / range : 7];
}

void kw_her_doc(const struct kw_her *h, struct kw_buf *b)
{
	kw_buf_adds(b, "kwdoc 1\n@title My plan\n@h1\nMy plan");
	if (h->name != NULL) {
		kw_buf_adds(b, ": ");
		words(b, h->name);
	}
	kw_buf_adds(b, "\n@meta\n");
	kw_io_doc_text(b, h->today);
	if (h->keyworker != NULL) {
		kw_buf_adds(b, " \u00b7 My keyworker: ");
		words(b, h->keyworker);
	}
	if (h->about != NULL) {
		kw_buf_adds(b, "\n");
		words(b, h->about);
	}
	kw_buf_adds(b, "\n@h2\nMy strengths and achievements\n");
	if (h->nstrengths == 0)
		kw_buf_adds(b,
			    "@item\n<span foreground=\"#555555\">None written down yet</span>\n");
	for (size_t i = 0; i < h->nstrengths && i < 8; i++) {
		kw_buf_adds(b, "@item\n");
		words(b, h->strengths[i].text);
		if (h->strengths[i].when != NULL) {
			kw_buf_adds(b, " <span foreground=\"#555555\">\u00b7 ");
			kw_io_doc_text(b, h->strengths[i].when);
			kw_buf_adds(b, "</span>");
		}
		doc_more(b, &h->strengths[i]);
		kw_buf_adds(b, "\n");
	}
	if (h->njourney > 0) {
		kw_buf_adds(b, "@h2\nHow things are going\n");
		for (size_t i = 0; i < h->njourney; i++) {
			const struct kw_her_path *hp = &h->journey[i];
			struct kw_buf w = { 0 };

			kw_buf_adds(b, "@item\n<span foreground=\"#555577\">");
			for (size_t k = 0; k < hp->nscores; k++)
				kw_buf_adds(b, bar(hp->scores[k], h->lo, h->hi));
			kw_buf_adds(b, "</span>  <b>");
			kw_io_doc_text(b, hp->label);
			kw_buf_adds(b, "</b>: ");
			path_words(hp, h->lo, h->hi, &w);
			kw_buf_add(&w, "", 1);
			kw_io_doc_text(b, w.p);
			kw_buf_free(&w);
			if (hp->words != NULL) {
				kw_buf_adds(b, "\n<i>\u201c");
				words(b, hp->words);
				kw_buf_adds(b, "\u201d</i>");
			}
			kw_buf_adds(b, "\n");
		}
	}
	kw_buf_adds(b, "@h2\nMy plans\n");
	if (h->nplans == 0)
		kw_buf_adds(b, "@p\n<span foreground=\"#555555\">No plan open</span>\n");
	for (size_t i = 0; i < h->nplans; i++) {
		const struct kw_her_plan *p = &h->plans[i];

		kw_buf_adds(b, "@item\n<b>");
		kw_io_doc_text(b, p->pathway);
		kw_buf_adds(b, "</b>");
		if (p->since != NULL) {
			kw_buf_adds(b, " <span foreground=\"#555555\">since ");
			kw_io_doc_text(b, p->since);
			kw_buf_adds(b, "</span>");
		}
		if (p->goals != NULL) {
			kw_buf_adds(b, "\nWhat I want to change: ");
			words(b, p->goals);
		}
		if (p->more != NULL) {
			kw_buf_adds(b, "\n");
			words(b, p->more);
		}
		kw_buf_adds(b, "\n");
		for (size_t k = 0; k < p->nsteps; k++) {
			kw_buf_adds(b, "@sub\nNext: ");
			words(b, p->steps[k].text);
			if (p->steps[k].when != NULL) {
				kw_buf_adds(b, ", ");
				kw_io_doc_text(b, p->steps[k].when);
			}
			doc_more(b, &p->steps[k]);
			kw_buf_adds(b, "\n");
		}
	}
	if (h->nappointments > 0) {
		kw_buf_adds(b, "@h2\nMy appointments\n");
		for (size_t i = 0; i < h->nappointments; i++) {
			kw_buf_adds(b, "@item\n");
			kw_io_doc_text(b, h->appointments[i].when);
			if (h->appointments[i].text[0] != '\0') {
				kw_buf_adds(b, ", at ");
				words(b, h->appointments[i].text);
			}
			doc_more(b, &h->appointments[i]);
			kw_buf_adds(b, "\n");
		}
	}
	if (h->ntasks > 0) {
		kw_buf_adds(b, "@h2\nThings to do\n");
		for (size_t i = 0; i < h->ntasks; i++) {
			kw_buf_adds(b, "@item\n");
			words(b, h->tasks[i].text);
			if (h->tasks[i].when != NULL) {
				kw_buf_adds(b, ", ");
				kw_io_doc_text(b, h->tasks[i].when);
			}
			doc_more(b, &h->tasks[i]);
			kw_buf_adds(b, "\n");
		}
	}
}

int kw_app_print_plan(struct kw_session *s, const struct kw_form_pack *pack, const char *client_id,
		      enum kw_print_format format, const char *path, struct kw_err *err)
{
	struct kw_her h;
	struct kw_buf doc = { 0 }, pdf = { 0 };
	char detail[64];
	int rc = -1;

	if (kw_app_her(s, pack, client_id, &h, err) != 0)
		return -1;
	if (format == KW_PRINT_TEXT) {
		kw_her_text(&h, &doc);
		if (kw_io_write_new(path, doc.p, doc.len, err) != 0)
			goto out;
	} else {
		kw_her_doc(&h, &doc);
		if (kw_io_typeset_pdf(doc.p, doc.len, &pdf, err) != 0 ||
		    kw_io_write_new(path, pdf.p, pdf.len, err) != 0)
			goto out;
	}
	snprintf(detail, sizeof(detail), "her plan given to her (%s)",
		 format == KW_PRINT_TEXT ? "text" : "pdf");
	if (kw_db_audit(s->store, "print_plan", client_id, detail, err) != 0) {
		unlink(path);
		goto out;
	}
	rc = 0;
out:
	if (doc.p != NULL)
		explicit_bzero(doc.p, doc.len);
	if (pdf.p != NULL)
		explicit_bzero(pdf.p, pdf.len);
	kw_buf_free(&doc);
	kw_buf_free(&pdf);
	kw_her_free(&h);
	return rc;
}
