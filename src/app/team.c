/*
 * team.c: the team, as the screens and the command line ask for it (team.h).
 * Who may, one transaction per change, and the audit row that says what
 * changed; the store only reads and writes. A cover ends by itself: the
 * first session that reads the covers after its last day writes the end.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/access.h"
#include "keywork/casework.h"
#include "keywork/config.h"
#include "keywork/retention.h"
#include "keywork/crypto.h"
#include "keywork/team.h"
#include "keywork/util.h"
#include "keywork/view.h"

long kw_app_capacity_default(void)
{
	struct kw_config cfg;
	struct kw_err err;

	/* A broken keywork.conf is reported when the screens start; here it means "not said". */
	if (kw_config_load(NULL, &cfg, &err) != 0 || cfg.capacity < 0)
		return KW_CAPACITY_DEFAULT;
	return cfg.capacity;
}

static int managers_only(struct kw_session *s, const char *what, struct kw_err *err)
{
	if (kw_session_is(s, KW_ROLE_MANAGER))
		return 0;
	return kw_err_why(err, KW_ENOPERM, KW_R_ROLE, "only a manager can %s", what);
}

int kw_app_waiting(struct kw_session *s, const struct kw_form_pack *pack,
		   int (*fn)(void *ctx, const struct kw_waiting *w), void *ctx, long *total,
		   struct kw_err *err)
{
	const struct kw_list_spec *progs = pack != NULL ? kw_list_find(pack, "programmes") : NULL;
	struct kw_buf skip = { 0 };
	int rc;

	if (managers_only(s, "see the women waiting for a keyworker", err) != 0)
		return -1;
	for (size_t i = 0; progs != NULL && i < progs->nitems; i++)
		if (progs->items[i].no_keyworker)
			kw_buf_printf(&skip, "%s%s,", skip.p == NULL ? "," : "",
				      progs->items[i].key);
	rc = kw_db_waiting(s->store, skip.p, fn, ctx, total, err);
	kw_buf_free(&skip);
	return rc;
}

struct team_pass {
	int (*fn)(void *ctx, const struct kw_team_member *m);
	void *ctx;
	long capacity;
	const struct kw_keyfile *kf;
};

/* Only who can sign in: disabled users and users with no slot in the key file are not. */
static bool can_sign_in(void *ctx, const struct kw_team_member *m)
{
	struct team_pass *p = ctx;
	enum kw_role role;
	bool left_out = false;

	return !m->disabled && kw_keyfile_slot_role(p->kf, m->username, &role, &left_out) == 1 &&
	       !left_out;
}

static int team_member(void *ctx, const struct kw_team_member *m)
{
	struct team_pass *p = ctx;
	struct kw_team_member c = *m;

	if (c.capacity < 0)
		c.capacity = p->capacity;
	return p->fn(p->ctx, &c);
}

int kw_app_team_each(struct kw_session *s, int (*fn)(void *ctx, const struct kw_team_member *m),
		     void *ctx, struct kw_err *err)
{
	struct team_pass p = { fn, ctx, kw_app_capacity_default(), s->kf };

	return kw_db_team_each(s->store, can_sign_in, team_member, &p, err);
}

/* --- the team, counted --- */

struct counting {
	struct kw_team_counts *c;
	const struct kw_list_spec *progs;
	const char *today;
	long now;
};

static int keep_member(void *ctx, const struct kw_team_member *m)
{
	struct kw_team_counts *c = ctx;

	/* A manager is on the team screen when she holds a caseload. */
	if (m->role != KW_ROLE_KEYWORKER && m->caseload == 0)
		return 0;
	c->rows = kw_xrealloc(c->rows, (c->n + 1) * sizeof(*c->rows));
	memset(&c->rows[c->n], 0, sizeof(c->rows[c->n]));
	c->rows[c->n].m = *m;
	c->rows[c->n].unseen_days = -1;
	c->n++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct kw_team_row *)a)->m.id, ((const struct kw_team_row *)b)->m.id);
}

static int by_username(const void *a, const void *b)
{
	return strcmp(((const struct kw_team_row *)a)->m.username,
		      ((const struct kw_team_row *)b)->m.username);
}

static struct kw_team_row *row_of(struct kw_team_counts *c, const char *user_id)
{
	struct kw_team_row key;

	if (user_id[0] == '\0' || c->n == 0)
		return NULL;
	snprintf(key.m.id, sizeof(key.m.id), "%s", user_id);
	return bsearch(&key, c->rows, c->n, sizeof(*c->rows), by_id);
}

/* The days between contacts for an episode of programme on cadence (as Today counts them). */
static long cadence_of(const struct counting *k, const char *programme, const char *cadence)
{
	const struct kw_list_item *it =
		k->progs != NULL && programme != NULL ? kw_list_item(k->progs, programme) : NULL;

	return kw_cadence_days(cadence, it != NULL ? it->cadence_days : 0);
}

static long pass_cadence(void *ctx, const char *programme, const char *cadence)
{
	return cadence_of(ctx, programme, cadence);
}

/* n overdue: everyone's (a NULL id), or keyworker_id's of those. */
static int pass_overdue(void *ctx, const char *keyworker_id, long n)
{
	struct counting *k = ctx;
	struct kw_team_row *row = keyworker_id != NULL ? row_of(k->c, keyworker_id) : NULL;

	if (keyworker_id == NULL)
		k->c->overdue += n;
	else if (row != NULL)
		row->overdue += n;
	return 0;
}

/* days since she was last seen, and her id, if longer ago than row's (the lower id if as long). */
static void note_unseen(struct kw_team_row *row, long days, const char *client_id)
{
	if (days > row->unseen_days ||
	    (days == row->unseen_days && strcmp(client_id, row->unseen_id) < 0)) {
		row->unseen_days = days;
		snprintf(row->unseen_id, sizeof(row->unseen_id), "%s", client_id);
	}
}

/* A woman the indexes cannot count (paused, or a day in her row not a date), worked out. */
static int pass_odd(void *ctx, const char *keyworker_id, const struct kw_case_row *r)
{
	struct counting *k = ctx;
	struct kw_team_row *row = row_of(k->c, keyworker_id);
	char due[11];
	bool over = kw_contact_due(r, cadence_of(k, r->programme, r->cadence), k->today, due) > 0;
	const char *since = r->last_contact != NULL ? r->last_contact : r->opened_on;

	k->c->overdue += over;
	if (row == NULL)
		return 0;
	row->overdue += over;
	if (r->paused_until != NULL || since == NULL || kw_date_days(since) == LONG_MIN)
		return 0;
	note_unseen(row, k->now - kw_date_days(since), r->id);
	return 0;
}

/* Each line's tasks due, and its woman not seen for longest of those the indexes count. */
static int member_counts(struct kw_session *s, struct counting *k, struct kw_err *err)
{
	for (size_t i = 0; i < k->c->n; i++) {
		struct kw_team_row *row = &k->c->rows[i];
		char id[37], since[11];
		int found = kw_db_team_unseen(s->store, row->m.id, id, since, err);

		if (found < 0 ||
		    kw_db_team_tasks_due(s->store, row->m.id, k->today, &row->tasks_due, err) != 0)
			return -1;
		if (found)
			note_unseen(row, k->now - kw_date_days(since), id);
	}
	return 0;
}

/* The reference and name of each keyworker's woman not seen for the longest (the pass has ids). */
static int label_unseen(struct kw_session *s, struct kw_team_counts *c, struct kw_err *err)
{
	for (size_t i = 0; i < c->n; i++) {
		struct kw_team_row *row = &c->rows[i];

		if (row->unseen_id[0] != '\0' &&
		    kw_db_client_label(s->store, row->unseen_id, row->unseen_ref, row->unseen_name,
				       sizeof(row->unseen_name), err) < 0)
			return -1;
	}
	return 0;
}

static int note_cover(void *ctx, const struct kw_cover *v)
{
	struct counting *k = ctx;

	for (size_t i = 0; i < k->c->n; i++) {
		struct kw_team_row *row = &k->c->rows[i];

		if (strcmp(row->m.id, v->away_id) != 0 || strcmp(v->starts_on, k->today) > 0 ||
		    strcmp(v->until, k->today) < 0)
			continue;
		snprintf(row->covered_by, sizeof(row->covered_by), "%s", v->by_name);
		snprintf(row->cover_until, sizeof(row->cover_until), "%s", v->until);
	}
	return 0;
}

int kw_app_team_counts(struct kw_session *s, const struct kw_form_pack *pack, const char *today,
		       struct kw_team_counts *out, struct kw_err *err)
{
	struct counting k = { out, pack != NULL ? kw_list_find(pack, "programmes") : NULL, today,
			      kw_date_days(today) };
	struct kw_team_pass pass = { today, pass_cadence, pass_overdue, pass_odd, &k, NULL, 0 };
	const char **ids = NULL;

	memset(out, 0, sizeof(*out));
	if (managers_only(s, "see the team's caseloads", err) != 0)
		return -1;
	kw_store_wide_cache(s->store);
	if (k.now == LONG_MIN)
		return kw_err_set(err, KW_ESOFTWARE, "not a date: %s", today);
	if (kw_app_team_each(s, keep_member, out, err) != 0)
		goto fail;
	if (out->n > 0) /* no rows at all: rows is NULL, which qsort may not be given */
		qsort(out->rows, out->n, sizeof(*out->rows), by_id);
	ids = kw_xcalloc(out->n + 1, sizeof(*ids));
	for (size_t i = 0; i < out->n; i++)
		ids[i] = out->rows[i].m.id;
	pass.members = ids;
	pass.nmembers = out->n;
	if (kw_db_team_pass(s->store, &pass, &out->women, &out->tasks_due, err) != 0 ||
	    member_counts(s, &k, err) != 0 || label_unseen(s, out, err) != 0 ||
	    kw_app_cover_sweep(s, today, err) < 0 ||
	    kw_db_cover_each(s->store, NULL, NULL, note_cover, &k, err) != 0)
		goto fail;
	free(ids);
	if (out->n > 0)
		qsort(out->rows, out->n, sizeof(*out->rows), by_username);
	snprintf(out->day, sizeof(out->day), "%s", today);
	return 0;
fail:
	free(ids);
	kw_team_counts_free(out);
	return -1;
}

void kw_team_counts_free(struct kw_team_counts *c)
{
	if (c->rows != NULL)
		explicit_bzero(c->rows, c->n * sizeof(*c->rows));
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/* The user named username, who must be able to sign in and hold a caseload. */
static int caseload_holder(struct kw_session *s, const char *username, struct kw_user *u,
			   struct kw_err *err)
{
	int found = kw_db_user_find(s->store, username, u, err);

	if (found < 0)
		return -1;
	if (found == 0)
		return kw_err_why(err, KW_EUSAGE, KW_R_GONE, "no user '%s'", username);
	if (u->disabled)
		return kw_err_why(err, KW_EUSAGE, KW_R_DISABLED,
				  "'%s' is disabled and cannot sign in", username);
	if (!kw_role_holds_caseload(u->role))
		return kw_err_why(err, KW_EUSAGE, KW_R_RULE,
				  "'%s' holds no caseload: only a keyworker or a manager can",
				  username);
	return 0;
}

struct by_id {
	const char *id;
	struct kw_user u;
	bool found;
};

static int find_id(void *ctx, const struct kw_user *u)
{
	struct by_id *b = ctx;

	if (strcmp(u->meta.id, b->id) != 0)
		return 0;
	b->u = *u;
	b->found = true;
	return 1;
}

int kw_app_allocate(struct kw_session *s, const char *client_id, const char *user_id,
		    struct kw_err *err)
{
	struct by_id b = { .id = user_id };
	char old[37], detail[160];
	int got;

	if (managers_only(s, "allocate a woman to a keyworker", err) != 0)
		return -1;
	if (kw_db_user_each(s->store, find_id, &b, err) != 0)
		return -1;
	if (!b.found)
		return kw_err_why(err, KW_EUSAGE, KW_R_GONE, "there is no such keyworker");
	if (caseload_holder(s, b.u.username, &b.u, err) != 0)
		return -1;
	if (kw_restricted(s, client_id, err) != 0)
		return -1;
	if (kw_store_begin(s->store, err) != 0)
		return -1;
	got = kw_db_set_keyworker(s->store, client_id, user_id, old, err);
	if (got == 0)
		kw_err_why(err, KW_EDATA, KW_R_GONE, "she is no longer recorded");
	snprintf(detail, sizeof(detail), "allocated to %s%s", b.u.username,
		 old[0] != '\0' ? " (she had another keyworker)" : "");
	if (got != 1 || kw_db_audit(s->store, "allocate", client_id, detail, err) != 0 ||
	    kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		return -1;
	}
	return 0;
}

int kw_app_set_capacity(struct kw_session *s, const char *username, long capacity,
			struct kw_err *err)
{
	struct kw_user u;
	char detail[96];

	if (managers_only(s, "set a keyworker's capacity", err) != 0)
		return -1;
	if (caseload_holder(s, username, &u, err) != 0)
		return -1;
	if (capacity < 0)
		snprintf(detail, sizeof(detail), "capacity of %s: the default", username);
	else
		snprintf(detail, sizeof(detail), "capacity of %s: %ld", username, capacity);
	if (kw_store_begin(s->store, err) != 0)
		return -1;
	if (kw_db_user_set_capacity(s->store, u.meta.id, capacity, err) != 0 ||
	    kw_db_audit(s->store, "user-capacity", NULL, detail, err) != 0 ||
	    kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		return -1;
	}
	return 0;
}

/* --- covers --- */

struct cover_list {
	struct kw_cover c[64];
	size_t n;
};

static int keep_cover(void *ctx, const struct kw_cover *c)
{
	struct cover_list *l = ctx;

	if (l->n < KW_ARRAY_LEN(l->c))
		l->c[l->n++] = *c;
	return 0;
}

/* Ends cover c on ended_on, audited as why; inside the caller's transaction. */
static int end_one(struct kw_session *s, const struct kw_cover *c, const char *ended_on,
		   const char *why, struct kw_err *err)
{
	char detail[200];

	snprintf(detail, sizeof(detail), "cover of %s by %s ended %s (%s)", c->away_name,
		 c->by_name, ended_on, why);
	if (kw_db_cover_end(s->store, c->id, ended_on, err) != 0)
		return -1;
	return kw_db_audit(s->store, "cover-end", NULL, detail, err);
}

int kw_app_cover_sweep(struct kw_session *s, const char *today, struct kw_err *err)
{
	struct cover_list l = { .n = 0 };
	int ended = 0;
	bool due = false;

	if (kw_db_cover_each(s->store, NULL, NULL, keep_cover, &l, err) != 0)
		return -1;
	for (size_t i = 0; i < l.n; i++)
		due = due || strcmp(l.c[i].until, today) < 0;
	if (!due)
		return 0;
	if (kw_store_begin(s->store, err) != 0)
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		char after[11];

		if (strcmp(l.c[i].until, today) >= 0)
			continue;
		/* It ended the day after its last, however much later it is noticed. */
		if (!kw_date_add_days(l.c[i].until, 1, after))
			snprintf(after, sizeof(after), "%s", today);
		if (end_one(s, &l.c[i], after, "its last day had passed", err) != 0) {
			kw_store_rollback(s->store);
			return -1;
		}
		ended++;
	}
	if (kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		return -1;
	}
	return ended;
}

int kw_app_cover_start(struct kw_session *s, const char *away, const char *by, const char *today,
		       const char *until, struct kw_err *err)
{
	struct kw_user a, b;
	struct kw_cover c = { 0 };
	struct cover_list l = { .n = 0 };
	char detail[200];

	if (managers_only(s, "arrange cover", err) != 0)
		return -1;
	if (until == NULL || !kw_date_valid(until))
		return kw_err_why(err, KW_EUSAGE, KW_R_INVALID,
				  "--until is the last day of the cover, as YYYY-MM-DD");
	if (strcmp(until, today) < 0)
		return kw_err_why(err, KW_EUSAGE, KW_R_INVALID,
				  "--until %s has passed already (today is %s)", until, today);
	if (strcmp(away, by) == 0)
		return kw_err_why(err, KW_EUSAGE, KW_R_INVALID,
				  "a keyworker cannot cover for herself");
	if (kw_db_user_find(s->store, away, &a, err) < 0)
		return -1;
	if (caseload_holder(s, away, &a, err) != 0 || caseload_holder(s, by, &b, err) != 0)
		return -1;
	if (kw_app_cover_sweep(s, today, err) < 0 ||
	    kw_db_cover_each(s->store, NULL, a.meta.id, keep_cover, &l, err) != 0)
		return -1;
	if (l.n > 0)
		return kw_err_why(err, KW_EUSAGE, KW_R_RULE,
				  "%s is covered by %s until %s already: end that first "
				  "(keywork cover %s --end)",
				  away, l.c[0].by_name, l.c[0].until, away);
	memcpy(c.away_id, a.meta.id, sizeof(c.away_id));
	memcpy(c.by_id, b.meta.id, sizeof(c.by_id));
	snprintf(c.starts_on, sizeof(c.starts_on), "%s", today);
	snprintf(c.until, sizeof(c.until), "%s", until);
	snprintf(detail, sizeof(detail), "cover of %s by %s from %s until %s", away, by, today,
		 until);
	if (kw_store_begin(s->store, err) != 0)
		return -1;
	if (kw_db_cover_add(s->store, &c, err) != 0 ||
	    kw_db_audit(s->store, "cover-start", NULL, detail, err) != 0 ||
	    kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		return -1;
	}
	return 0;
}

int kw_app_cover_end(struct kw_session *s, const char *away, const char *today, struct kw_err *err)
{
	struct kw_user a;
	struct cover_list l = { .n = 0 };
	int found;

	if (managers_only(s, "end a cover", err) != 0)
		return -1;
	found = kw_db_user_find(s->store, away, &a, err);
	if (found <= 0)
		return found < 0 ? -1 : kw_err_why(err, KW_EUSAGE, KW_R_GONE, "no user '%s'", away);
	if (kw_app_cover_sweep(s, today, err) < 0 ||
	    kw_db_cover_each(s->store, NULL, a.meta.id, keep_cover, &l, err) != 0)
		return -1;
	if (l.n == 0)
		return kw_err_why(err, KW_EUSAGE, KW_R_NONE, "nobody is covering for %s", away);
	if (kw_store_begin(s->store, err) != 0)
		return -1;
	for (size_t i = 0; i < l.n; i++)
		if (end_one(s, &l.c[i], today, "ended early", err) != 0) {
			kw_store_rollback(s->store);
			return -1;
		}
	if (kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		return -1;
	}
	return 0;
}

int kw_app_cover_each(struct kw_session *s, int (*fn)(void *ctx, const struct kw_cover *c),
		      void *ctx, struct kw_err *err)
{
	if (managers_only(s, "list the covers", err) != 0)
		return -1;
	return kw_db_cover_each(s->store, NULL, NULL, fn, ctx, err);
}

int kw_app_cover_end_all(struct kw_session *s, const char *username, const char *today,
			 struct kw_err *err)
{
	struct cover_list l = { .n = 0 };
	int ended = 0;

	if (managers_only(s, "end a cover", err) != 0 ||
	    kw_db_cover_each(s->store, NULL, NULL, keep_cover, &l, err) != 0 ||
	    kw_store_begin(s->store, err) != 0)
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.c[i].away_name, username) != 0 &&
		    strcmp(l.c[i].by_name, username) != 0)
			continue;
		if (end_one(s, &l.c[i], today, "a leaver's", err) != 0) {
			kw_store_rollback(s->store);
			return -1;
		}
		ended++;
	}
	if (kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		return -1;
	}
	return ended;
}

struct cover_pass {
	int (*fn)(void *ctx, const struct kw_cover *c);
	void *ctx;
	const char *today;
};

static int cover_today(void *ctx, const struct kw_cover *c)
{
	struct cover_pass *p = ctx;

	if (strcmp(c->starts_on, p->today) > 0 || strcmp(c->until, p->today) < 0)
		return 0;
	return p->fn(p->ctx, c);
}

int kw_app_covering(struct kw_session *s, const char *user_id, const char *today,
		    int (*fn)(void *ctx, const struct kw_cover *c), void *ctx, struct kw_err *err)
{
	struct cover_pass p = { fn, ctx, today };

	if (kw_app_cover_sweep(s, today, err) < 0)
		return -1;
	return kw_db_cover_each(s->store, user_id, NULL, cover_today, &p, err);
}

struct cover_find {
	const char *today;
	char away_name[33];
};

static int cover_found(void *ctx, const struct kw_cover *c)
{
	struct cover_find *f = ctx;

	if (strcmp(c->starts_on, f->today) > 0 || strcmp(c->until, f->today) < 0)
		return 0;
	snprintf(f->away_name, sizeof(f->away_name), "%s", c->away_name);
	return 1;
}

int kw_app_record_opened(struct kw_session *s, const char *client_id, const char *today,
			 struct kw_err *err)
{
	struct cover_find f = { .today = today };
	char kw[37], detail[64] = "";

	/* Restricted to named staff this user is not one of: refused, audited, an alert. */
	if (kw_access_open(s, client_id, "her record", err) != 0)
		return -1;
	if (kw_db_keyworker_of(s->store, client_id, kw, err) < 0)
		return -1;
	if (kw[0] != '\0' && strcmp(kw, s->user.meta.id) != 0 &&
	    kw_db_cover_each(s->store, s->user.meta.id, kw, cover_found, &f, err) != 0)
		return -1;
	if (f.away_name[0] != '\0')
		snprintf(detail, sizeof(detail), "covering for %s", f.away_name);
	return kw_db_audit(s->store, "record-open", client_id, detail, err);
}

int kw_app_new_to(struct kw_session *s, const char *user_id, const char *today,
		  int (*fn)(void *ctx, const char *client_id), void *ctx, struct kw_err *err)
{
	char since[11];

	if (!kw_date_add_days(today, -28, since))
		return kw_err_set(err, KW_ESOFTWARE, "not a date: %s", today);
	return kw_db_new_to(s->store, user_id, since, fn, ctx, err);
}

/* --- a leaver's caseload --- */

struct release {
	struct kw_session *s;
	char (*ids)[37];
	size_t n, cap;
};

static int keep_id(void *ctx, const char *id)
{
	struct release *r = ctx;

	if (r->n == r->cap) {
		r->cap = r->cap != 0 ? r->cap * 2 : 64;
		r->ids = kw_xrealloc(r->ids, r->cap * sizeof(*r->ids));
	}
	snprintf(r->ids[r->n++], 37, "%s", id);
	return 0;
}

int kw_app_caseload_release(struct kw_session *s, const char *username, bool to_queue, long *n,
			    long *kept, struct kw_err *err)
{
	struct release r = { .s = s };
	struct kw_user u;
	char old[37], detail[96];
	int found, rc = -1;

	found = kw_db_user_find(s->store, username, &u, err);
	if (found <= 0)
		return found < 0 ? -1
				 : kw_err_why(err, KW_EUSAGE, KW_R_GONE, "no user '%s'", username);
	*kept = 0;
	if (kw_db_caseload_ids(s->store, u.meta.id, keep_id, &r, err) != 0)
		goto out;
	*n = (long)r.n;
	if (!to_queue || r.n == 0) {
		rc = 0;
		goto out;
	}
	if (managers_only(s, "move a caseload to the queue", err) != 0 ||
	    kw_store_begin(s->store, err) != 0)
		goto out;
	snprintf(detail, sizeof(detail), "moved to the queue from %s", username);
	for (size_t i = 0; i < r.n; i++) {
		/* Processing restricted: her record is not changed, so she stays allocated. */
		int held = kw_db_hold_get(s->store, r.ids[i], KW_HOLD_RESTRICT, err);

		if (held == 1) {
			(*kept)++;
			(*n)--;
			continue;
		}
		if (held < 0 || kw_db_set_keyworker(s->store, r.ids[i], NULL, old, err) < 0 ||
		    kw_db_audit(s->store, "unallocate", r.ids[i], detail, err) != 0) {
			kw_store_rollback(s->store);
			goto out;
		}
	}
	if (kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	rc = 0;
out:
	free(r.ids);
	return rc;
}
