/*
 * sar.c: a subject-access request. Everything about her is gathered first
 * (every kind of record that belongs to her, and those that belong to them,
 * through the forms that edit them; their history; the audit rows about
 * her), as text units; passages naming someone else are found in the units
 * that are free text; then the three documents are written from the same
 * units, with withheld passages replaced.
 *
 * A passage is the sentence around a third party's name. Its id is a hash of
 * the record, the field and the sentence, so a review and the release copy
 * made from it agree while the record is unchanged.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keywork/access.h"
#include "keywork/accessdb.h"
#include "keywork/formdb.h"
#include "keywork/policy.h"
#include "keywork/regard.h"
#include "keywork/sar.h"
#include "keywork/util.h"

#define WITHHELD "[withheld: third party]"
#define OTHER_WOMAN "another woman (who she is is not given)"

/* One piece of text in the documents; free text is searched for names. */
struct unit {
	char *text;
	bool free_text;
};

struct field {
	char *key, *label;
	size_t unit;
};

struct rec {
	const struct kw_kind *kind;
	char id[37];
	char date[32];
	struct field *f;
	size_t nf;
};

struct change {
	size_t rec;
	char at[32], by[64];
	char *field;
	size_t old_u, new_u; /* units */
	bool had_old, had_new;
};

struct arow {
	char *at, *who, *action, *detail;
};

struct passage {
	char id[12];
	size_t unit, start, len; /* the sentence, in the unit's text */
	char *name;
	char *where;
	bool withhold;
};

struct sar {
	struct kw_session *s;
	const struct kw_form_pack *pack;
	struct kw_client her;
	struct unit *u;
	size_t nu;
	struct rec *r;
	size_t nr;
	struct change *c;
	size_t nc;
	struct arow *a;
	size_t na;
	char **names; /* third parties' names to look for */
	size_t nnames;
	struct passage *p;
	size_t np;
	char **others; /* references of women she is kept apart from: never shown */
	size_t nothers;
	struct kw_user *users; /* staff, to name who changed what */
	size_t nusers;
};

static size_t unit_add(struct sar *x, const char *text, bool free_text)
{
	x->u = kw_xrealloc(x->u, (x->nu + 1) * sizeof(*x->u));
	x->u[x->nu].text = kw_xstrdup(text != NULL ? text : "");
	x->u[x->nu].free_text = free_text;
	return x->nu++;
}

static void name_add(struct sar *x, const char *name)
{
	if (name == NULL || strlen(name) < 2)
		return;
	for (size_t i = 0; i < x->nnames; i++)
		if (strcasecmp(x->names[i], name) == 0)
			return;
	x->names = kw_xrealloc(x->names, (x->nnames + 1) * sizeof(*x->names));
	x->names[x->nnames++] = kw_xstrdup(name);
}

static bool is_other(const struct sar *x, const char *text)
{
	for (size_t i = 0; text != NULL && i < x->nothers; i++)
		if (strcasecmp(x->others[i], text) == 0)
			return true;
	return false;
}

/* A stored answer as she would read it: a list's label, not its key. */
static void answer_text(const struct kw_field_spec *fs, const struct kw_value *v, struct kw_buf *b)
{
	if (v->state == KW_STATE_UNKNOWN) {
		kw_buf_adds(b, "not known");
		return;
	}
	if (v->state == KW_STATE_DECLINED) {
		kw_buf_adds(b, "she preferred not to say");
		return;
	}
	if (fs->list != NULL &&
	    (fs->type == KW_F_CHOICE || fs->type == KW_F_LOOKUP || fs->type == KW_F_MULTI)) {
		const char *p = v->text;

		while (*p != '\0') {
			size_t n = strcspn(p, ",");
			char key[128];
			const struct kw_list_item *it;

			snprintf(key, sizeof(key), "%.*s", (int)n, p);
			it = kw_list_item(fs->list, key);
			kw_buf_printf(b, "%s%s", b->len > 0 ? ", " : "",
				      it != NULL ? it->label : key);
			p += n;
			if (*p == ',')
				p++;
		}
		return;
	}
	if (fs->type == KW_F_YNU)
		kw_buf_adds(b, strcmp(v->text, "yes") == 0  ? "yes"
			       : strcmp(v->text, "no") == 0 ? "no"
							    : v->text);
	else
		kw_buf_adds(b, v->text);
}

static struct rec *rec_get(struct sar *x, const struct kw_kind *k, const char *id)
{
	for (size_t i = 0; i < x->nr; i++)
		if (strcmp(x->r[i].id, id) == 0)
			return &x->r[i];
	x->r = kw_xrealloc(x->r, (x->nr + 1) * sizeof(*x->r));
	memset(&x->r[x->nr], 0, sizeof(x->r[x->nr]));
	x->r[x->nr].kind = k;
	snprintf(x->r[x->nr].id, sizeof(x->r[x->nr].id), "%s", id);
	return &x->r[x->nr++];
}

/* Adds the answers f reads of record id (those not already there from another form). */
static void rec_fill(struct sar *x, const struct kw_form_spec *f, const char *id,
		     const struct kw_values *vals)
{
	struct rec *r = rec_get(x, f->kind, id);

	for (size_t i = 0; i < f->nfields; i++) {
		const struct kw_field_spec *fs = &f->fields[i];
		const struct kw_value *v = kw_values_get(vals, fs->key);
		struct kw_buf b = { 0 };
		bool dup = false, free_text;

		if (v == NULL || v->state == KW_STATE_NOT_ASKED ||
		    (v->state == KW_STATE_ANSWERED && (v->text == NULL || v->text[0] == '\0')))
			continue;
		for (size_t j = 0; j < r->nf && !dup; j++)
			dup = strcmp(r->f[j].key, fs->key) == 0;
		if (dup)
			continue;
		answer_text(fs, v, &b);
		if (strcmp(f->kind->name, "keep_apart") == 0 &&
		    strcmp(fs->key, "other_reference") == 0) {
			/* Another woman: never named in hers. Her names are looked for too. */
			struct kw_client o = { 0 };
			struct kw_err e;

			x->others = kw_xrealloc(x->others, (x->nothers + 1) * sizeof(*x->others));
			x->others[x->nothers++] = kw_xstrdup(v->text);
			if (kw_db_client_get(x->s->store, v->text, &o, &e) > 0) {
				name_add(x, o.known_as);
				name_add(x, o.first_name);
				name_add(x, o.last_name);
			}
			kw_client_clear(&o);
			kw_buf_free(&b);
			kw_buf_adds(&b, OTHER_WOMAN);
		}
		/* The people recorded about her, and her children, are the third parties. */
		if ((strcmp(f->kind->name, "person") == 0 && strcmp(fs->key, "name") == 0) ||
		    (strcmp(f->kind->name, "child") == 0 && strcmp(fs->key, "known_as") == 0) ||
		    (strcmp(f->kind->name, "no_share") == 0 && strcmp(fs->key, "person") == 0))
			name_add(x, v->text);
		free_text = v->state == KW_STATE_ANSWERED &&
			    (fs->type == KW_F_TEXT || fs->type == KW_F_MULTILINE);
		r->f = kw_xrealloc(r->f, (r->nf + 1) * sizeof(*r->f));
		r->f[r->nf].key = kw_xstrdup(fs->key);
		r->f[r->nf].label = kw_xstrdup(fs->label != NULL ? fs->label : fs->key);
		r->f[r->nf].unit = unit_add(x, b.p != NULL ? b.p : "", free_text);
		r->nf++;
		if (r->date[0] == '\0' && v->state == KW_STATE_ANSWERED &&
		    (fs->type == KW_F_DATE || fs->type == KW_F_DATETIME))
			snprintf(r->date, sizeof(r->date), "%s", v->text);
		kw_buf_free(&b);
	}
}

struct listing {
	struct sar *x;
	const struct kw_form_spec *f;
};

static int on_record(void *ctx, const char *id, const struct kw_values *vals)
{
	struct listing *l = ctx;

	rec_fill(l->x, l->f, id, vals);
	return 0;
}

/* Every record of kind k belonging to parent_id, through each form that edits k. */
static int gather_kind(struct sar *x, const struct kw_kind *k, const char *parent_id,
		       struct kw_err *err)
{
	for (size_t i = 0; i < x->pack->nforms; i++) {
		const struct kw_form_spec *f = x->pack->forms[i];
		struct listing l = { x, f };

		if (f->kind != k)
			continue;
		if (kw_db_form_list(x->s->store, f, parent_id, NULL, 1000000, on_record, &l, err) <
		    0)
			return -1;
	}
	return 0;
}

static int on_attendance(void *ctx, const struct kw_attendance_row *a)
{
	struct sar *x = ctx;
	const struct kw_kind *k = kw_kind_find("attendance");
	struct rec *r = rec_get(x, k, a->id);
	const char *what[][2] = { { "Group", a->group_name },
				  { "Session on", a->held_on },
				  { "Attended", a->attended } };

	snprintf(r->date, sizeof(r->date), "%s", a->held_on != NULL ? a->held_on : "");
	for (size_t i = 0; i < KW_ARRAY_LEN(what); i++) {
		if (what[i][1] == NULL)
			continue;
		r->f = kw_xrealloc(r->f, (r->nf + 1) * sizeof(*r->f));
		r->f[r->nf].key = kw_xstrdup(what[i][0]);
		r->f[r->nf].label = kw_xstrdup(what[i][0]);
		r->f[r->nf].unit = unit_add(x, what[i][1], false);
		r->nf++;
	}
	return 0;
}

static int on_change(void *ctx, const struct kw_change *ch)
{
	struct sar *x = ctx;
	struct change *c;
	bool other = false;

	x->c = kw_xrealloc(x->c, (x->nc + 1) * sizeof(*x->c));
	c = &x->c[x->nc];
	memset(c, 0, sizeof(*c));
	c->rec = x->nr; /* set by the caller's loop below */
	snprintf(c->at, sizeof(c->at), "%s", ch->at != NULL ? ch->at : "");
	snprintf(c->by, sizeof(c->by), "%s", ch->by != NULL ? ch->by : "");
	c->field = kw_xstrdup(ch->field != NULL ? ch->field : "");
	other = is_other(x, ch->old_value) || is_other(x, ch->new_value);
	c->had_old = ch->old_value != NULL;
	c->had_new = ch->new_value != NULL;
	c->old_u = unit_add(x, other ? OTHER_WOMAN : ch->old_value, !other);
	c->new_u = unit_add(x, other ? OTHER_WOMAN : ch->new_value, !other);
	x->nc++;
	return 0;
}

static int on_audit(void *ctx, const struct kw_audit_row *r)
{
	struct sar *x = ctx;

	x->a = kw_xrealloc(x->a, (x->na + 1) * sizeof(*x->a));
	x->a[x->na].at = kw_xstrdup(r->at);
	x->a[x->na].who = kw_xstrdup(r->username);
	x->a[x->na].action = kw_xstrdup(r->action);
	x->a[x->na].detail = kw_xstrdup(r->detail != NULL ? r->detail : "");
	x->na++;
	return 0;
}

static int on_user(void *ctx, const struct kw_user *u)
{
	struct sar *x = ctx;

	x->users = kw_xrealloc(x->users, (x->nusers + 1) * sizeof(*x->users));
	x->users[x->nusers++] = *u;
	return 0;
}

static int by_date(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	int k = strcmp(x->kind->name, y->kind->name);

	return k != 0 ? k : strcmp(x->date, y->date);
}

static int gather(struct sar *x, struct kw_err *err)
{
	size_t nk, before;
	const struct kw_kind *kinds = kw_kinds(&nk);
	struct kw_audit_filter af = { 0 };

	if (kw_db_user_each(x->s->store, on_user, x, err) != 0)
		return -1;
	/* Her own record, through every form that edits it. */
	for (size_t i = 0; i < x->pack->nforms; i++) {
		const struct kw_form_spec *f = x->pack->forms[i];
		struct kw_form_record fr = { 0 };
		struct kw_values vals = { 0 };
		int found;

		if (strcmp(f->kind->name, "client") != 0)
			continue;
		snprintf(fr.id, sizeof(fr.id), "%s", x->her.meta.id);
		found = kw_db_form_load(x->s->store, f, &fr, &vals, err);
		if (found > 0)
			rec_fill(x, f, x->her.meta.id, &vals);
		kw_values_free(&vals);
		if (found < 0)
			return -1;
	}
	/* Hers, then theirs (an advocacy item's steps, an episode's closure). */
	for (size_t i = 0; i < nk; i++)
		if (kinds[i].parent_kind != NULL && strcmp(kinds[i].parent_kind, "client") == 0 &&
		    gather_kind(x, &kinds[i], x->her.meta.id, err) != 0)
			return -1;
	before = x->nr;
	for (size_t i = 0; i < nk; i++) {
		if (kinds[i].parent_kind == NULL || strcmp(kinds[i].parent_kind, "client") == 0)
			continue;
		for (size_t j = 0; j < before; j++)
			if (strcmp(x->r[j].kind->name, kinds[i].parent_kind) == 0 &&
			    gather_kind(x, &kinds[i], x->r[j].id, err) != 0)
				return -1;
	}
	if (kw_db_attendance_of(x->s->store, x->her.meta.id, 100000, on_attendance, x, err) != 0)
		return -1;
	if (x->nr > 2)
		qsort(x->r + 1, x->nr - 1, sizeof(*x->r), by_date);
	/* Her record first, then the rest by kind and date. */
	for (size_t i = 0; i < x->nr; i++) {
		size_t from = x->nc;

		if (kw_db_history_each(x->s->store, x->r[i].id, on_change, x, err) != 0)
			return -1;
		for (size_t j = from; j < x->nc; j++)
			x->c[j].rec = i;
	}
	af.client_id = x->her.meta.id;
	return kw_db_audit_each(x->s->store, &af, on_audit, x, err);
}

/* --- passages --- */

static bool word_at(const char *text, size_t at, size_t n)
{
	bool before = at == 0 || !isalnum((unsigned char)text[at - 1]);
	bool after = !isalnum((unsigned char)text[at + n]);

	return before && after;
}

static const char *find_word(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strcasestr(p, name)) != NULL; p++)
		if (word_at(text, (size_t)(p - text), n))
			return p;
	return NULL;
}

static void sentence(const char *text, size_t at, size_t *start, size_t *len)
{
	size_t a = at, z = at;

	while (a > 0 && strchr(".!?\n", text[a - 1]) == NULL)
		a--;
	while (a < at && text[a] == ' ')
		a++;
	while (text[z] != '\0' && strchr(".!?\n", text[z]) == NULL)
		z++;
	if (text[z] != '\0' && text[z] != '\n')
		z++;
	*start = a;
	*len = z - a;
}

static unsigned long fnv(const char *s, size_t n, unsigned long h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211UL;
	return h;
}

static const char *unit_where(const struct sar *x, size_t u, char *buf, size_t len)
{
	for (size_t i = 0; i < x->nr; i++)
		for (size_t j = 0; j < x->r[i].nf; j++)
			if (x->r[i].f[j].unit == u) {
				snprintf(buf, len, "%s %s%s%s, %s", x->r[i].kind->label,
					 x->r[i].date, x->r[i].date[0] ? " " : "", x->r[i].id,
					 x->r[i].f[j].label);
				return buf;
			}
	for (size_t i = 0; i < x->nc; i++)
		if (x->c[i].old_u == u || x->c[i].new_u == u) {
			snprintf(buf, len, "history of %s %s, %s, %s",
				 x->r[x->c[i].rec].kind->label, x->r[x->c[i].rec].id, x->c[i].field,
				 x->c[i].at);
			return buf;
		}
	snprintf(buf, len, "unit %zu", u);
	return buf;
}

static void find_passages(struct sar *x)
{
	for (size_t u = 0; u < x->nu; u++) {
		if (!x->u[u].free_text)
			continue;
		for (size_t k = 0; k < x->nnames; k++) {
			const char *text = x->u[u].text;

			for (const char *p = find_word(text, x->names[k]); p != NULL;
			     p = find_word(p + 1, x->names[k])) {
				size_t start, len;
				struct passage *ps;
				char where[256];
				bool seen = false;

				sentence(text, (size_t)(p - text), &start, &len);
				for (size_t i = 0; i < x->np && !seen; i++)
					seen = x->p[i].unit == u && x->p[i].start == start;
				if (seen)
					continue;
				x->p = kw_xrealloc(x->p, (x->np + 1) * sizeof(*x->p));
				ps = &x->p[x->np++];
				memset(ps, 0, sizeof(*ps));
				ps->unit = u;
				ps->start = start;
				ps->len = len;
				ps->name = kw_xstrdup(x->names[k]);
				ps->where = kw_xstrdup(unit_where(x, u, where, sizeof(where)));
				snprintf(ps->id, sizeof(ps->id), "P%08lx",
					 fnv(text + start, len,
					     fnv(ps->where, strlen(ps->where),
						 14695981039346656037UL)) &
						 0xffffffffUL);
			}
		}
	}
}

/* A unit's text with its withheld passages replaced. malloc'd. */
static char *released(const struct sar *x, size_t u)
{
	const char *t = x->u[u].text;
	struct kw_buf b = { 0 };
	size_t at = 0;

	for (;;) {
		const struct passage *next = NULL;

		for (size_t i = 0; i < x->np; i++)
			if (x->p[i].unit == u && x->p[i].withhold && x->p[i].start >= at &&
			    (next == NULL || x->p[i].start < next->start))
				next = &x->p[i];
		if (next == NULL)
			break;
		kw_buf_add(&b, t + at, next->start - at);
		kw_buf_adds(&b, WITHHELD);
		at = next->start + next->len;
	}
	kw_buf_adds(&b, t + at);
	return b.p != NULL ? b.p : kw_xstrdup("");
}

/* --- writing --- */

static void html_esc(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\n':
			fputs("<br>", f);
			break;
		default:
			fputc(*s, f);
		}
}

enum fmt { TXT, HTML, JSON };

static void put(FILE *f, enum fmt m, const char *s)
{
	if (m == HTML)
		html_esc(f, s);
	else if (m == JSON)
		kw_json_put(f, s);
	else
		fputs(s, f);
}

/* One row of a table: a JSON object of keys and cells (after a comma unless first), or <tr>. */
static void row(FILE *f, enum fmt m, bool first, const char *const *keys, const char *const *cells,
		size_t n)
{
	fputs(m == JSON ? (first ? "{" : ",{") : "<tr>", f);
	for (size_t k = 0; k < n; k++) {
		if (m == JSON) {
			fputs(k > 0 ? "," : "", f);
			kw_json_put(f, keys[k]);
			fputc(':', f);
			kw_json_put(f, cells[k]);
		} else {
			fputs("<td>", f);
			html_esc(f, cells[k]);
			fputs("</td>", f);
		}
	}
	fputs(m == JSON ? "}" : "</tr>\n", f);
}

static const char *user_name(const char *id, const struct sar *x)
{
	for (size_t i = 0; i < x->nusers; i++)
		if (strcmp(x->users[i].meta.id, id) == 0)
			return x->users[i].username;
	return id;
}

/* A unit that is an id (a reference field): the user's name, or her record's first answer. */
static const char *ref_text(const struct sar *x, const char *text)
{
	if (strlen(text) != 36)
		return text;
	for (size_t i = 0; i < x->nusers; i++)
		if (strcmp(x->users[i].meta.id, text) == 0)
			return x->users[i].username;
	for (size_t i = 0; i < x->nr; i++)
		if (strcmp(x->r[i].id, text) == 0 && x->r[i].nf > 0)
			return x->u[x->r[i].f[0].unit].text;
	return text;
}

static void write_doc(FILE *f, enum fmt m, const struct sar *x)
{
	const char *prev = NULL;
	char title[200];

	snprintf(title, sizeof(title), "What keywork holds about %s (%s)",
		 x->her.known_as != NULL ? x->her.known_as : "her", x->her.reference);
	if (m == HTML) {
		fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>",
		      f);
		html_esc(f, title);
		fputs("</title><style>body{font-family:sans-serif;max-width:48em;margin:2em auto;"
		      "line-height:1.4}h2{border-bottom:1px solid #888}dt{font-weight:bold}"
		      "dd{margin:0 0 .4em 1.5em}table{border-collapse:collapse}td,th{border:1px "
		      "solid #bbb;padding:.2em .4em;text-align:left}"
		      "@media print{h2{page-break-after:avoid}}</style></head><body>\n<h1>",
		      f);
		html_esc(f, title);
		fputs("</h1>\n", f);
	} else if (m == JSON) {
		fputs("{\"reference\":", f);
		kw_json_put(f, x->her.reference);
		fputs(",\"records\":[", f);
	} else {
		fprintf(f, "%s\n", title);
		for (size_t i = 0; i < strlen(title); i++)
			fputc('=', f);
		fputs("\n\n", f);
	}
	if (m != JSON) {
		/* Summary first: how much of each kind. */
		if (m == HTML)
			fputs("<h2>Summary</h2>\n<ul>\n", f);
		else
			fputs("Summary\n-------\n", f);
		for (size_t i = 0; i < x->nr; i++) {
			size_t n = 0;

			if (i > 0 && x->r[i].kind == x->r[i - 1].kind)
				continue;
			for (size_t j = i; j < x->nr && x->r[j].kind == x->r[i].kind; j++)
				n++;
			fputs(m == HTML ? "<li>" : "  ", f);
			put(f, m, i == 0 ? "her record" : x->r[i].kind->label);
			fprintf(f, m == HTML ? ": %zu</li>\n" : ": %zu\n", n);
		}
		fprintf(f,
			m == HTML
				? "<li>changes recorded: %zu</li>\n<li>audit rows: %zu</li></ul>\n"
				: "  changes recorded: %zu\n  audit rows: %zu\n\n",
			x->nc, x->na);
	}
	for (size_t i = 0; i < x->nr; i++) {
		const struct rec *r = &x->r[i];

		if (m != JSON && (prev == NULL || strcmp(prev, r->kind->label) != 0)) {
			prev = r->kind->label;
			if (m == HTML) {
				fputs("<h2>", f);
				html_esc(f, i == 0 ? "Her record" : r->kind->label);
				fputs("</h2>\n", f);
			} else {
				fprintf(f, "%s\n", i == 0 ? "Her record" : r->kind->label);
				for (size_t k = 0;
				     k < strlen(i == 0 ? "Her record" : r->kind->label); k++)
					fputc('-', f);
				fputc('\n', f);
			}
		}
		if (m == JSON) {
			fputs(i > 0 ? ",{\"kind\":" : "{\"kind\":", f);
			kw_json_put(f, r->kind->name);
			fputs(",\"id\":", f);
			kw_json_put(f, r->id);
			fputs(",\"date\":", f);
			kw_json_put(f, r->date);
			fputs(",\"fields\":{", f);
		} else if (m == HTML) {
			fputs("<h3>", f);
			html_esc(f, r->date[0] ? r->date : "(no date)");
			fputs(" <small>", f);
			html_esc(f, r->id);
			fputs("</small></h3>\n<dl>\n", f);
		} else {
			fprintf(f, "\n%s  [%s]\n", r->date[0] ? r->date : "(no date)", r->id);
		}
		for (size_t j = 0; j < r->nf; j++) {
			char *t = released(x, r->f[j].unit), *shown = kw_xstrdup(ref_text(x, t));

			free(t);
			t = shown;

			if (m == JSON) {
				fputs(j > 0 ? "," : "", f);
				kw_json_put(f, r->f[j].key);
				fputc(':', f);
				kw_json_put(f, t);
			} else if (m == HTML) {
				fputs("<dt>", f);
				html_esc(f, r->f[j].label);
				fputs("</dt><dd>", f);
				html_esc(f, t);
				fputs("</dd>\n", f);
			} else {
				fprintf(f, "  %s: %s\n", r->f[j].label, t);
			}
			free(t);
		}
		fputs(m == JSON ? "}}" : m == HTML ? "</dl>\n" : "", f);
	}
	/* The history of every record, then the audit, each by date. */
	if (m == JSON)
		fputs("],\"history\":[", f);
	else if (m == HTML)
		fputs("<h2>Changes to her records</h2>\n<table><tr><th>When</th><th>Record</th>"
		      "<th>Field</th><th>Was</th><th>Became</th><th>By</th></tr>\n",
		      f);
	else
		fputs("\nChanges to her records\n----------------------\n", f);
	for (size_t i = 0; i < x->nc; i++) {
		const struct change *c = &x->c[i];
		char *o = released(x, c->old_u), *n = released(x, c->new_u);
		const char *was = c->had_old ? o : "(not recorded)";
		const char *now = c->had_new ? n : "(cleared)";

		if (m == TXT) {
			fprintf(f, "  %s  %s, %s: %s -> %s (by %s)\n", c->at,
				x->r[c->rec].kind->label, c->field, was, now, user_name(c->by, x));
		} else {
			static const char *const keys[] = { "at",  "record", "field",
							    "was", "became", "by" };
			const char *cells[] = {
				c->at,	  m == JSON ? x->r[c->rec].id : x->r[c->rec].kind->label,
				c->field, was,
				now,	  user_name(c->by, x)
			};

			row(f, m, i == 0, keys, cells, KW_ARRAY_LEN(cells));
		}
		free(o);
		free(n);
	}
	if (m == JSON)
		fputs("],\"audit\":[", f);
	else if (m == HTML)
		fputs("</table>\n<h2>Who opened or changed her record</h2>\n<table><tr><th>When"
		      "</th><th>Who</th><th>What</th><th>Detail</th></tr>\n",
		      f);
	else
		fputs("\nWho opened or changed her record\n--------------------------------\n", f);
	for (size_t i = 0; i < x->na; i++) {
		const struct arow *a = &x->a[i];

		if (m == TXT) {
			fprintf(f, "  %s  %s  %s  %s\n", a->at, a->who, a->action, a->detail);
		} else {
			static const char *const keys[] = { "at", "who", "action", "detail" };
			const char *cells[] = { a->at, a->who, a->action, a->detail };

			row(f, m, i == 0, keys, cells, KW_ARRAY_LEN(cells));
		}
	}
	fputs(m == JSON ? "]}\n" : m == HTML ? "</table>\n</body></html>\n" : "", f);
}

static void write_review(FILE *f, const struct sar *x)
{
	fprintf(f,
		"Passages that name someone other than her (%zu), for review before release.\n"
		"To withhold some: keywork sar --client %s --withhold ID,ID... -o NEWDIR\n\n",
		x->np, x->her.reference);
	for (size_t i = 0; i < x->np; i++)
		fprintf(f, "%s  names \"%s\"  in %s\n    \"%.*s\"\n", x->p[i].id, x->p[i].name,
			x->p[i].where, (int)x->p[i].len, x->u[x->p[i].unit].text + x->p[i].start);
}

/* Opens dir/name new, mode 0600. */
static FILE *create(const char *dir, const char *name, struct kw_err *err)
{
	char *path = kw_path_join(dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (f == NULL) {
		kw_err_set(err, KW_EIO, "cannot create %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	free(path);
	return f;
}

static int finish(FILE *f, const char *dir, const char *name, struct kw_err *err)
{
	bool bad = fflush(f) != 0 || fsync(fileno(f)) != 0;

	bad |= fclose(f) != 0;
	if (bad)
		return kw_err_set(err, KW_EIO, "cannot write %s/%s: %s", dir, name,
				  strerror(errno));
	return 0;
}

static int mark_withheld(struct sar *x, const char *withhold, struct kw_err *err)
{
	const char *p = withhold;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, ", ");
		bool found = false;

		for (size_t i = 0; n > 0 && i < x->np; i++)
			if (strlen(x->p[i].id) == n && strncasecmp(x->p[i].id, p, n) == 0) {
				x->p[i].withhold = true;
				found = true;
			}
		if (n > 0 && !found)
			return kw_err_set(
				err, KW_EUSAGE,
				"%.*s is not a passage of her review (the record may have "
				"changed since: make the review again)",
				(int)n, p);
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return 0;
}

static void sar_free(struct sar *x)
{
	for (size_t i = 0; i < x->nu; i++)
		free(x->u[i].text);
	for (size_t i = 0; i < x->nr; i++) {
		for (size_t j = 0; j < x->r[i].nf; j++) {
			free(x->r[i].f[j].key);
			free(x->r[i].f[j].label);
		}
		free(x->r[i].f);
	}
	for (size_t i = 0; i < x->nc; i++)
		free(x->c[i].field);
	for (size_t i = 0; i < x->na; i++) {
		free(x->a[i].at);
		free(x->a[i].who);
		free(x->a[i].action);
		free(x->a[i].detail);
	}
	for (size_t i = 0; i < x->nnames; i++)
		free(x->names[i]);
	for (size_t i = 0; i < x->np; i++) {
		free(x->p[i].name);
		free(x->p[i].where);
	}
	for (size_t i = 0; i < x->nothers; i++)
		free(x->others[i]);
	free(x->u);
	free(x->r);
	free(x->c);
	free(x->a);
	free(x->names);
	free(x->p);
	free(x->others);
	free(x->users);
	kw_client_clear(&x->her);
}

int kw_sar_write(struct kw_session *s, const struct kw_form_pack *pack, const char *ref,
		 const char *dir, const char *withhold, struct kw_sar_result *res,
		 struct kw_err *err)
{
	static const char *const names[] = { "sar.txt", "sar.html", "sar.json" };
	struct sar x = { 0 };
	char detail[400];
	bool made = false;
	int found, rc = -1;

	memset(res, 0, sizeof(*res));
	x.s = s;
	x.pack = pack;
	/* Everything about her, the audit included: managers only, as reading the trail is. */
	if (kw_db_may(s->store, KW_DO_AUDIT_ALL, err) != 0 ||
	    kw_db_may(s->store, KW_DO_FULL_RECORD, err) != 0)
		goto out;
	/* Restricted to named staff: a manager not named is refused, and that is audited. */
	{
		char id[37], reference[16];

		found = kw_db_access_client(s->store, ref, id, reference, err);
		if (found > 0 && kw_access_open(s, id, "subject access request", err) != 0)
			goto out;
	}
	found = kw_db_client_get(s->store, ref, &x.her, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_why(err, KW_EDATA, KW_R_GONE, "no woman has the reference %s", ref);
		goto out;
	}
	if (gather(&x, err) != 0)
		goto out;
	find_passages(&x);
	if (withhold != NULL && mark_withheld(&x, withhold, err) != 0)
		goto out;
	if (mkdir(dir, 0700) != 0) {
		kw_err_set(err, errno == EEXIST ? KW_EUSAGE : KW_EIO, "cannot make %s: %s%s", dir,
			   strerror(errno),
			   errno == EEXIST ? " (a SAR is written to a new directory)" : "");
		goto out;
	}
	made = true;
	for (size_t i = 0; i < KW_ARRAY_LEN(names); i++) {
		FILE *f = create(dir, names[i], err);

		if (f == NULL)
			goto out;
		write_doc(f, (enum fmt)i, &x);
		if (finish(f, dir, names[i], err) != 0)
			goto out;
	}
	if (withhold == NULL) {
		FILE *f = create(dir, "review.txt", err);

		if (f == NULL)
			goto out;
		write_review(f, &x);
		if (finish(f, dir, "review.txt", err) != 0)
			goto out;
	}
	res->records = x.nr;
	res->changes = x.nc;
	res->audit = x.na;
	res->passages = x.np;
	for (size_t i = 0; i < x.np; i++)
		res->withheld += x.p[i].withhold;
	if (withhold == NULL) {
		snprintf(detail, sizeof(detail), "%zu records, %zu passages for review", x.nr,
			 x.np);
	} else {
		struct kw_buf b = { 0 };

		for (size_t i = 0; i < x.np; i++)
			if (x.p[i].withhold)
				kw_buf_printf(&b, "%s%s", b.len > 0 ? "," : "", x.p[i].id);
		snprintf(detail, sizeof(detail), "release copy, %lu withheld: %.300s",
			 res->withheld, b.p != NULL ? b.p : "");
		kw_buf_free(&b);
	}
	if (kw_db_audit(s->store, withhold == NULL ? "sar" : "sar-release", x.her.meta.id, detail,
			err) != 0)
		goto out;
	made = false;
	rc = 0;
out:
	if (made) {
		/* Nothing half-written is left: the files, then the directory. */
		for (size_t i = 0; i < KW_ARRAY_LEN(names); i++) {
			char *p = kw_path_join(dir, names[i]);

			unlink(p);
			free(p);
		}
		{
			char *p = kw_path_join(dir, "review.txt");

			unlink(p);
			free(p);
		}
		rmdir(dir);
	}
	sar_free(&x);
	return rc;
}
