/*
 * access.c: a woman's record restricted to named staff. The one rule: a
 * woman is hidden from a session when any record of her restriction (the
 * general compartment's rows, the sealed copy in the sensitive compartment,
 * the latest signed audit row by a manager) restricts her to staff that do
 * not include its user. So removing one record of it hides her no less; it
 * only makes the records differ, which sign-in and keywork check report.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/access.h"
#include "keywork/accessdb.h"
#include "keywork/db.h"
#include "keywork/retentiondb.h"
#include "keywork/outreachdb.h"
#include "keywork/util.h"

/* One woman as the sources restrict her. */
struct entry {
	char id[37];
	char reference[16];
	char *users[KW_ACCESS_SOURCES]; /* NULL: that source does not restrict her */
};

struct gather {
	struct entry *v;
	size_t n;
	enum kw_access_source source;
};

static int gathered(void *ctx, const char *client_id, const char *reference, const char *users)
{
	struct gather *g = ctx;
	struct entry *e = NULL;

	for (size_t i = 0; i < g->n && e == NULL; i++)
		if (strcmp(g->v[i].id, client_id) == 0)
			e = &g->v[i];
	if (e == NULL) {
		g->v = kw_xrealloc(g->v, (g->n + 1) * sizeof(*g->v));
		e = &g->v[g->n++];
		memset(e, 0, sizeof(*e));
		snprintf(e->id, sizeof(e->id), "%s", client_id);
		snprintf(e->reference, sizeof(e->reference), "%s", reference);
	}
	free(e->users[g->source]);
	e->users[g->source] = kw_xstrdup(users);
	return 0;
}

/* Whether name is one of users ("ana, bea"). */
static bool named(const char *users, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = users; p != NULL && *p != '\0';) {
		const char *end = strstr(p, ", ");
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);

		if (n == len && strncmp(p, name, len) == 0)
			return true;
		p = end != NULL ? end + 2 : NULL;
	}
	return false;
}

static void problem(struct kw_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct kw_session *s, const char *fmt, ...)
{
	struct kw_buf b = { 0 };
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	kw_buf_adds(&b, line);
	s->access_problems = kw_xrealloc(s->access_problems,
					 (s->naccess_problems + 1) * sizeof(*s->access_problems));
	s->access_problems[s->naccess_problems++] = b.p;
}

static const char *shown(const char *users)
{
	return users != NULL ? users : "no restriction";
}

/* --- holds, recorded the same three ways --- */

struct held {
	char (*ids)[37];
	char (*refs)[16];
	unsigned char *in; /* bit k: source k records it */
	size_t n;
	enum kw_hold_source source;
};

static int held_one(void *ctx, const char *client_id, const char *reference)
{
	struct held *h = ctx;
	size_t i = 0;

	while (i < h->n && strcmp(h->ids[i], client_id) != 0)
		i++;
	if (i == h->n) {
		h->ids = kw_xrealloc(h->ids, (h->n + 1) * sizeof(*h->ids));
		h->refs = kw_xrealloc(h->refs, (h->n + 1) * sizeof(*h->refs));
		h->in = kw_xrealloc(h->in, h->n + 1);
		snprintf(h->ids[i], sizeof(h->ids[0]), "%s", client_id);
		snprintf(h->refs[i], sizeof(h->refs[0]), "%s", reference != NULL ? reference : "");
		h->in[i] = 0;
		h->n++;
	}
	h->in[i] |= (unsigned char)(1u << h->source);
	return 0;
}

/*
 * Adds a problem for each hold whose records differ: one deleted or added
 * outside keywork. The hold stands all the same (kw_db_hold_get reads all
 * three); a manager setting or lifting it again makes them agree.
 */
static int holds_compare(struct kw_session *s, struct kw_err *err)
{
	static const char *const what[] = { "legal hold", "restriction of processing" };
	static const char *const cmd[] = { "keywork hold", "keywork restrict" };
	static const char *const where[] = { "keywork.db", "its sealed copy in sensitive.db",
					     "the signed audit" };
	bool sealed = kw_store_has_sensitive(s->store);
	char laptop[65];
	/* A laptop takes holds from its centre's bundles, not its signed audit: that stays there. */
	int on_laptop = kw_db_outreach_link_name(s->store, laptop, err);
	int rc = 0;

	if (on_laptop < 0)
		return -1;

	for (int kind = KW_HOLD_LEGAL; kind <= KW_HOLD_RESTRICT && rc == 0; kind++) {
		struct held h = { 0 };

		for (h.source = 0; h.source < KW_HOLD_SOURCES && rc == 0; h.source++)
			if (h.source != KW_HOLD_SEALED || sealed)
				rc = kw_db_holds_each(s->store, kind, h.source, held_one, &h, err);
		for (size_t i = 0; rc == 0 && i < h.n; i++)
			for (int k = 1; k < KW_HOLD_SOURCES; k++) {
				bool g = h.in[i] & 1u, o = (h.in[i] >> k) & 1u;

				if ((k == KW_HOLD_SEALED && !sealed) ||
				    (k == KW_HOLD_AUDIT && on_laptop) || g == o)
					continue;
				problem(s,
					"%s: the %s in %s (%s) differs from %s (%s): it was "
					"changed outside keywork, and stands until a manager "
					"lifts it; %s sets it again",
					h.refs[i], what[kind], where[0], g ? "set" : "none",
					where[k], o ? "set" : "none", cmd[kind]);
			}
		free(h.ids);
		free(h.refs);
		free(h.in);
	}
	return rc;
}

/* --- the outreach laptop registry, kept in keywork.db and sealed in sensitive.db --- */

static int laptop_compare(void *ctx, const struct kw_laptop *l)
{
	static const char *const where[] = { "keywork.db", "the registry's sealed copy",
					     "the signed audit" };
	struct kw_session *s = ctx;
	char in[80] = "", out[80] = "";

	if (!(l->present & (1u << KW_LAPTOP_SEALED))) {
		problem(s,
			"laptop %s: in keywork.db but not in the registry's sealed copy: it was "
			"registered outside keywork; nothing goes to it or comes from it",
			l->name);
		return 0;
	}
	if (!(l->present & (1u << KW_LAPTOP_GENERAL)))
		problem(s,
			"laptop %s: in the registry's sealed copy but missing from keywork.db: "
			"it was removed outside keywork; the sealed copy is what counts",
			l->name);
	if (l->revoked_in != 0 && l->revoked_in != (1u << KW_LAPTOP_RECORDS) - 1) {
		for (int k = 0; k < KW_LAPTOP_RECORDS; k++) {
			char *to = (l->revoked_in & (1u << k)) ? in : out;
			size_t len = strlen(to);

			if (k == KW_LAPTOP_GENERAL && !(l->present & (1u << KW_LAPTOP_GENERAL)))
				continue;
			snprintf(to + len, sizeof(in) - len, "%s%s", len > 0 ? ", " : "", where[k]);
		}
		if (out[0] != '\0')
			problem(s,
				"laptop %s: its revocation is in %s but not in %s: it was removed "
				"outside keywork; the laptop stays revoked, and keywork outreach "
				"revoke %s records it again",
				l->name, in, out, l->name);
	}
	if (!(l->present & (1u << KW_LAPTOP_GENERAL)))
		return 0;
	if (strcmp(l->general_user_id, l->user_id) != 0)
		problem(s,
			"laptop %s: keywork.db names another user than the sealed copy (%s): it "
			"was changed outside keywork; the sealed copy is what counts",
			l->name, l->username);
	if (l->general_follows != l->follows)
		problem(s,
			"laptop %s: keywork.db says it %s her caseload, the sealed copy that it "
			"%s: it was changed outside keywork; the sealed copy is what counts",
			l->name, l->general_follows ? "follows" : "does not follow",
			l->follows ? "does" : "does not");
	if (l->general_received_seq < l->received_seq)
		problem(s,
			"laptop %s: keywork.db says bundle %lld was the last taken from it, the "
			"sealed copy %lld: it was changed outside keywork; no bundle up to %lld is "
			"taken again",
			l->name, l->general_received_seq, l->received_seq, l->received_seq);
	return 0;
}

static int laptops_compare(struct kw_session *s, struct kw_err *err)
{
	if (!kw_store_has_sensitive(s->store))
		return 0;
	return kw_db_laptop_each(s->store, laptop_compare, s, err);
}

int kw_access_refresh(struct kw_session *s, struct kw_err *err)
{
	static const char *const where[] = { "keywork.db", "its sealed copy in sensitive.db",
					     "the signed audit" };
	struct gather g = { 0 };
	char(*hidden)[37] = NULL;
	size_t nhidden = 0;
	int rc = -1;

	for (size_t i = 0; i < s->naccess_problems; i++)
		free(s->access_problems[i]);
	free(s->access_problems);
	s->access_problems = NULL;
	s->naccess_problems = 0;
	for (g.source = 0; g.source < KW_ACCESS_SOURCES; g.source++) {
		if (g.source == KW_ACCESS_SEALED && !kw_store_has_sensitive(s->store))
			continue;
		if (kw_db_access_each(s->store, g.source, gathered, &g, err) != 0)
			goto out;
	}
	hidden = kw_xcalloc(g.n + 1, sizeof(*hidden));
	for (size_t i = 0; i < g.n; i++) {
		const struct entry *e = &g.v[i];
		bool hide = false;

		for (size_t k = 0; k < KW_ACCESS_SOURCES; k++)
			if (e->users[k] != NULL && !named(e->users[k], s->user.username))
				hide = true;
		if (hide)
			snprintf(hidden[nhidden++], sizeof(hidden[0]), "%s", e->id);
		/* The general record against each of the others this session can read. */
		for (size_t k = 1; k < KW_ACCESS_SOURCES; k++) {
			if (k == KW_ACCESS_SEALED && !kw_store_has_sensitive(s->store))
				continue;
			if ((e->users[0] == NULL) != (e->users[k] == NULL) ||
			    (e->users[0] != NULL && strcmp(e->users[0], e->users[k]) != 0))
				problem(s,
					"%s: the restriction to named staff in %s (%s) differs "
					"from "
					"%s (%s): it was changed outside keywork; a manager sets "
					"it "
					"again with keywork access",
					e->reference, where[0], shown(e->users[0]), where[k],
					shown(e->users[k]));
		}
	}
	kw_db_access_hide(s->store, (const char(*)[37])hidden, nhidden);
	rc = holds_compare(s, err);
	if (rc == 0)
		rc = laptops_compare(s, err);
out:
	for (size_t i = 0; i < g.n; i++)
		for (size_t k = 0; k < KW_ACCESS_SOURCES; k++)
			free(g.v[i].users[k]);
	free(g.v);
	free(hidden);
	return rc;
}

bool kw_access_sees(const struct kw_session *s, const char *client_id)
{
	return !kw_db_access_hidden(s->store, client_id);
}

int kw_access_open(struct kw_session *s, const char *client_id, const char *how, struct kw_err *err)
{
	struct kw_err e2;

	if (kw_access_refresh(s, err) != 0)
		return -1;
	if (kw_access_sees(s, client_id))
		return 0;
	if (kw_db_audit(s->store, "access-refused", client_id, how, &e2) != 0) {
		*err = e2;
		return -1;
	}
	return kw_err_why(err, KW_ENOPERM, KW_R_HIDDEN,
			  "this record is restricted to named staff and you are not one of them; "
			  "ask a manager (your attempt has been recorded)");
}

/* Splits names ("ana,bea", spaces allowed) into users, checked and sorted. */
struct pick {
	char (*ids)[37];
	char (*names)[33];
	size_t n;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int pick_users(struct kw_session *s, const char *names, struct pick *p,
		      struct kw_buf *joined, struct kw_err *err)
{
	char *copy = kw_xstrdup(names), *save = NULL;
	bool reads_all = false;
	int rc = -1;

	for (char *t = strtok_r(copy, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
		struct kw_user u;

		while (*t == ' ')
			t++;
		for (size_t l = strlen(t); l > 0 && t[l - 1] == ' '; l--)
			t[l - 1] = '\0';
		if (*t == '\0')
			continue;
		int f = kw_db_user_find(s->store, t, &u, err);

		if (f < 0)
			goto out;
		if (f == 0) {
			kw_err_set(err, KW_EUSAGE, "--only: there is no user %s", t);
			goto out;
		}
		if (u.disabled) {
			kw_err_set(err, KW_EUSAGE, "--only: %s has been disabled", t);
			goto out;
		}
		reads_all = reads_all || u.role == KW_ROLE_MANAGER || u.role == KW_ROLE_KEYWORKER;
		bool dup = false;

		for (size_t i = 0; i < p->n; i++)
			dup = dup || strcmp(p->ids[i], u.meta.id) == 0;
		if (dup)
			continue;
		p->ids = kw_xrealloc(p->ids, (p->n + 1) * sizeof(*p->ids));
		p->names = kw_xrealloc(p->names, (p->n + 1) * sizeof(*p->names));
		snprintf(p->ids[p->n], sizeof(p->ids[0]), "%s", u.meta.id);
		snprintf(p->names[p->n], sizeof(p->names[0]), "%s", u.username);
		p->n++;
	}
	if (p->n == 0) {
		kw_err_set(err, KW_EUSAGE, "--only: name at least one member of staff");
		goto out;
	}
	if (!reads_all) {
		kw_err_set(err, KW_EUSAGE,
			   "--only: name at least one manager or keyworker, who can read her whole "
			   "record");
		goto out;
	}
	qsort(p->names, p->n, sizeof(*p->names), cmp_name);
	for (size_t i = 0; i < p->n; i++) {
		if (i > 0)
			kw_buf_adds(joined, ", ");
		kw_buf_adds(joined, p->names[i]);
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

int kw_access_set(struct kw_session *s, const char *ref, const char *names, bool *changed,
		  struct kw_err *err)
{
	struct pick p = { 0 };
	struct kw_buf joined = { 0 };
	char id[37], reference[16], today[11];
	int found, r, rc = -1;

	*changed = false;
	if (!kw_session_is(s, KW_ROLE_MANAGER)) {
		kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
			   "only a manager can restrict a record to named staff");
		goto out;
	}
	found = kw_db_access_client(s->store, ref, id, reference, err);
	if (found < 0)
		goto out;
	if (found == 0) {
		kw_err_why(err, KW_EDATA, KW_R_GONE, "no woman has the reference %s", ref);
		goto out;
	}
	if (names != NULL && pick_users(s, names, &p, &joined, err) != 0)
		goto out;
	kw_today(today);
	r = kw_db_access_set(s->store, id, (const char(*)[37])p.ids, p.n, joined.p, today, err);
	if (r < 0)
		goto out;
	*changed = r == 1;
	rc = kw_access_refresh(s, err);
out:
	free(p.ids);
	free(p.names);
	kw_buf_free(&joined);
	return rc;
}

struct alerts {
	int (*fn)(void *ctx, const struct kw_access_alert *a);
	void *ctx;
};

static int one_alert(void *ctx, const char *at, const char *who, const char *reference,
		     const char *detail)
{
	struct alerts *a = ctx;
	struct kw_access_alert x = { at, who, reference, detail };

	return a->fn(a->ctx, &x);
}

int kw_access_alerts(struct kw_session *s, const char *since, int limit,
		     int (*fn)(void *ctx, const struct kw_access_alert *a), void *ctx,
		     struct kw_err *err)
{
	struct alerts a = { fn, ctx };

	if (!kw_session_is(s, KW_ROLE_MANAGER))
		return 0;
	return kw_db_access_refusals(s->store, since, limit, one_alert, &a, err);
}
