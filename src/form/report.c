/*
 * report.c: the report loader. Reports are YAML files (keywork-reports(5));
 * every field a report names is "FORM.FIELD", resolved here against the
 * loaded form pack, so a report can only count what a form records, and the
 * SQL built from it (src/db/report.c) only ever names tables and columns of
 * the compiled-in catalog. Problems are reported as file:line:col like the
 * forms, and any problem refuses the whole report pack.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "form/formint.h"
#include "keywork/report.h"
#include "keywork/util.h"

#define AT(n) (n)->line, (n)->col
#define DIAG(L, n, ...) kw_form_diag(L, NULL, 0, AT(n), __VA_ARGS__)

struct rload {
	struct loader *L;
	const struct kw_form_pack *forms;
	struct kw_report_spec *r;
};

static const char *kind_of(const struct ynode *n)
{
	return n->type == YN_MAP ? "a mapping" : n->type == YN_SEQ ? "a list" : "text";
}

static const char *text(struct loader *L, const struct ynode *n, const char *what)
{
	if (n->type != YN_SCALAR || n->value[0] == '\0') {
		DIAG(L, n, "'%s' must be some text, not %s", what,
		     n->type == YN_SCALAR ? "nothing" : kind_of(n));
		return NULL;
	}
	return n->value;
}

static bool good_key(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < 64 && s[0] >= 'a' && s[0] <= 'z' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static void check_keys(struct loader *L, const struct ynode *m, const char *const *allowed,
		       size_t n, const char *what)
{
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		const struct ynode *k = m->kids[i];
		const char *hint;
		size_t j;

		if (k->type != YN_SCALAR) {
			DIAG(L, k, "a key in %s must be text", what);
			continue;
		}
		for (j = 0; j < n && strcmp(k->value, allowed[j]) != 0; j++)
			;
		if (j < n)
			continue;
		hint = kw_form_suggest(k->value, allowed, n);
		if (hint != NULL)
			DIAG(L, k, "unknown key '%.60s' in %s (did you mean '%s'?)", k->value, what,
			     hint);
		else
			DIAG(L, k, "unknown key '%.60s' in %s", k->value, what);
	}
}

static bool want(struct loader *L, const struct ynode *n, enum ynode_type t, const char *what)
{
	if (n->type == t)
		return true;
	DIAG(L, n, "%s must be %s, not %s", what,
	     t == YN_MAP   ? "a mapping (key: value lines)"
	     : t == YN_SEQ ? "a list"
			   : "text",
	     kind_of(n));
	return false;
}

static int whole(struct loader *L, const struct ynode *n, const char *what, long *out)
{
	char *end;

	if (n->type == YN_SCALAR && n->value[0] != '\0' && strlen(n->value) < 10) {
		*out = strtol(n->value, &end, 10);
		if (*end == '\0')
			return 0;
	}
	DIAG(L, n, "'%s' must be a whole number", what);
	return -1;
}

/* True if records of kind k belong to a woman the SQL can name (src/db/report.c). */
static bool belongs_to_woman(const struct kw_kind *k)
{
	const struct kw_column *c = kw_kind_column(k, "client_id");

	return strcmp(k->name, "client") == 0 ||
	       (k->parent_kind != NULL && strcmp(k->parent_kind, "client") == 0) ||
	       (c != NULL && c->type == KW_COL_REF && strcmp(c->refkind, "client") == 0);
}

/* True if records of kind k belong to a woman, or to a record of hers (a closure, its episode). */
static bool reaches_woman(const struct kw_kind *k)
{
	const struct kw_kind *p = k->parent_kind != NULL ? kw_kind_find(k->parent_kind) : NULL;

	return belongs_to_woman(k) || (p != NULL && belongs_to_woman(p));
}

/* The kind of the record a record of kind k belongs to, or NULL. */
static const struct kw_kind *parent_of(const struct kw_kind *k)
{
	return k != NULL && k->parent_kind != NULL ? kw_kind_find(k->parent_kind) : NULL;
}

/*
 * Resolves "FORM.FIELD" at n into *out. form_key, when not NULL, is the form
 * the field must belong to (a table's fields all come from one form), or a
 * form of the kind parent (the record those records belong to), when that
 * is not NULL: out->parent says which.
 */
static int field_ref_in(struct rload *R, const struct ynode *n, const char *what,
			const char *form_key, const struct kw_kind *parent, struct kw_rfield *out,
			const struct kw_field_spec **spec)
{
	struct loader *L = R->L;
	const char *t = text(L, n, what), *dot;
	char form[64];
	const struct kw_form_spec *f;
	const struct kw_field_spec *fs;
	bool is_parent;

	if (t == NULL)
		return -1;
	dot = strchr(t, '.');
	if (dot == NULL || (size_t)(dot - t) >= sizeof(form)) {
		DIAG(L, n,
		     "'%s' names a form and one of its fields, like intake.ethnicity, not "
		     "'%.60s'",
		     what, t);
		return -1;
	}
	snprintf(form, sizeof(form), "%.*s", (int)(dot - t), t);
	f = kw_form_find(R->forms, form);
	if (f == NULL) {
		DIAG(L, n, "there is no form '%.60s' (in '%s')", form, what);
		return -1;
	}
	if (form_key != NULL && strcmp(form_key, form) != 0 &&
	    (parent == NULL || f->kind != parent)) {
		if (parent != NULL)
			DIAG(L, n, "'%s' must be a field of the form %s or of a %s form", what,
			     form_key, parent->label);
		else
			DIAG(L, n, "'%s' must be a field of the form %s, like the table's 'by'",
			     what, form_key);
		return -1;
	}
	fs = kw_form_field(f, dot + 1);
	if (fs == NULL) {
		DIAG(L, n, "the form %s has no field '%.60s'", form, dot + 1);
		return -1;
	}
	is_parent = form_key != NULL && strcmp(form_key, form) != 0;
	if (!is_parent && !reaches_woman(f->kind)) {
		DIAG(L, n,
		     "%s records do not belong to a woman, nor to a record of hers, so a report "
		     "cannot count them",
		     f->kind->label);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->parent = is_parent;
	out->kind = f->kind;
	out->column = fs->column;
	snprintf(out->key, sizeof(out->key), "%s", fs->key);
	snprintf(out->form, sizeof(out->form), "%s", form);
	out->sensitive = fs->sensitive || f->kind->sensitive;
	out->multi = fs->type == KW_F_MULTI;
	out->date = fs->type == KW_F_DATE || fs->type == KW_F_DATETIME;
	if (out->sensitive)
		R->r->sensitive = true;
	if (spec != NULL)
		*spec = fs;
	return 0;
}

static int field_ref(struct rload *R, const struct ynode *n, const char *what, const char *form_key,
		     struct kw_rfield *out, const struct kw_field_spec **spec)
{
	return field_ref_in(R, n, what, form_key, NULL, out, spec);
}

/* A whole number with a small range (a rating 1 to 5) breaks down like a choice. */
static bool small_number(const struct kw_field_spec *fs)
{
	return fs->type == KW_F_NUMBER && fs->decimals == 0 && fs->has_min && fs->has_max &&
	       fs->max >= fs->min && fs->max - fs->min <= 20;
}

static bool is_breakdown(const struct kw_field_spec *fs)
{
	return fs->type == KW_F_CHOICE || fs->type == KW_F_MULTI || fs->type == KW_F_YNU ||
	       fs->type == KW_F_LOOKUP || small_number(fs);
}

/* Checks a value a filter names against the field's list, or yes/no. */
static bool value_ok(const struct kw_field_spec *fs, const char *v)
{
	if (fs->type == KW_F_YNU)
		return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0;
	if (fs->list != NULL)
		return kw_list_item(fs->list, v) != NULL;
	return small_number(fs);
}

/*
 * where: {FIELD: VALUE or [VALUE, ...], ...}, fields of form, or written
 * FORM.FIELD, of a form of the kind parent (when not NULL).
 */
static int parse_where(struct rload *R, const struct ynode *n, const char *form,
		       const struct kw_kind *parent, struct kw_rfilter **out, size_t *nout)
{
	struct loader *L = R->L;
	int bad = 0;

	if (!want(L, n, YN_MAP, "'where'"))
		return -1;
	*out = kw_xcalloc(n->nkids / 2 + 1, sizeof(**out));
	*nout = 0;
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		struct kw_rfilter *f = &(*out)[*nout];
		const struct kw_field_spec *fs;
		struct ynode name = *k;
		char full[160];

		if (k->type != YN_SCALAR) {
			DIAG(L, k, "a key in 'where' must be a field of %s", form);
			bad = -1;
			continue;
		}
		if (parent != NULL && strchr(k->value, '.') != NULL)
			snprintf(full, sizeof(full), "%.150s", k->value);
		else
			snprintf(full, sizeof(full), "%s.%.100s", form, k->value);
		name.value = full;
		if (field_ref_in(R, &name, "where", form, parent, &f->field, &fs) != 0) {
			bad = -1;
			continue;
		}
		if (!is_breakdown(fs)) {
			DIAG(L, k,
			     "'where' can only test a choice, lookup or yes/no field; %s is %s",
			     k->value, kw_ftype_name(fs->type));
			bad = -1;
			continue;
		}
		(*nout)++;
		if (v->type == YN_SCALAR) {
			f->values = kw_xcalloc(1, sizeof(char *));
			if (!value_ok(fs, v->value)) {
				DIAG(L, v, "'%.60s' is not an answer of %s", v->value, full);
				bad = -1;
				continue;
			}
			f->values[f->nvalues++] = kw_xstrdup(v->value);
			continue;
		}
		if (!want(L, v, YN_SEQ, "a value in 'where'")) {
			bad = -1;
			continue;
		}
		f->values = kw_xcalloc(v->nkids + 1, sizeof(char *));
		for (size_t j = 0; j < v->nkids; j++) {
			const char *t = text(L, v->kids[j], "where");

			if (t == NULL || !value_ok(fs, t)) {
				if (t != NULL)
					DIAG(L, v->kids[j], "'%.60s' is not an answer of %s", t,
					     full);
				bad = -1;
				continue;
			}
			f->values[f->nvalues++] = kw_xstrdup(t);
		}
	}
	return bad;
}

static void add_item(struct kw_rtable *t, const char *key, const char *label)
{
	t->keys = kw_xrealloc(t->keys, (t->nitems + 1) * sizeof(char *));
	t->labels = kw_xrealloc(t->labels, (t->nitems + 1) * sizeof(char *));
	t->keys[t->nitems] = kw_xstrdup(key);
	t->labels[t->nitems++] = kw_xstrdup(label);
}

/* The rows a breakdown shows, in order: the list's items (or bands), then the three states. */
static void items_of(struct kw_rtable *t, const struct kw_field_spec *fs)
{
	char key[32], label[64];

	if (t->per != KW_RPER_NONE) {
		/* The weeks or months are the period's, added when it is counted. */
	} else if (t->bands != NULL) {
		for (size_t i = 0; i <= t->nbands; i++) {
			snprintf(key, sizeof(key), "%ld", i == 0 ? 0 : t->bands[i - 1]);
			if (i == 0)
				snprintf(label, sizeof(label), "Under %ld", t->bands[0]);
			else if (i == t->nbands)
				snprintf(label, sizeof(label), "%ld and over", t->bands[i - 1]);
			else
				snprintf(label, sizeof(label), "%ld to %ld", t->bands[i - 1],
					 t->bands[i] - 1);
			add_item(t, key, label);
		}
	} else if (fs->type == KW_F_YNU) {
		add_item(t, "yes", "Yes");
		add_item(t, "no", "No");
	} else if (small_number(fs)) {
		for (long v = (long)fs->min; v <= (long)fs->max; v++) {
			snprintf(key, sizeof(key), "%ld", v);
			add_item(t, key, key);
		}
	} else if (fs->list != NULL) {
		for (size_t i = 0; i < fs->list->nitems; i++)
			if (!fs->list->items[i].retired)
				add_item(t, fs->list->items[i].key, fs->list->items[i].label);
	}
	if (t->count == KW_RCOUNT_CHANGE)
		return;
	add_item(t, ":unknown", "Unknown");
	add_item(t, ":declined", "Declined to say");
	add_item(t, ":not_asked", "Not asked yet");
}

static const char *const table_keys[] = { "title", "count", "of",    "by",    "bands",	    "per",
					  "value", "order", "dated", "where", "open_at_end" };

static int parse_table(struct rload *R, const struct ynode *m, struct kw_rtable *t)
{
	struct loader *L = R->L;
	const struct ynode *n;
	const struct kw_field_spec *fs = NULL, *vs;
	const char *of;
	int bad = 0;

	if (!want(L, m, YN_MAP, "a table"))
		return -1;
	check_keys(L, m, table_keys, KW_ARRAY_LEN(table_keys), "a table");
	if ((n = ytree_get(m, "title")) == NULL || text(L, n, "title") == NULL) {
		if (n == NULL)
			DIAG(L, m, "a table needs a 'title'");
		bad = -1;
	} else {
		t->title = kw_xstrdup(n->value);
	}
	t->count = KW_RCOUNT_WOMEN;
	if ((n = ytree_get(m, "count")) != NULL && text(L, n, "count") != NULL) {
		if (strcmp(n->value, "women") == 0)
			t->count = KW_RCOUNT_WOMEN;
		else if (strcmp(n->value, "records") == 0)
			t->count = KW_RCOUNT_RECORDS;
		else if (strcmp(n->value, "change") == 0)
			t->count = KW_RCOUNT_CHANGE;
		else {
			DIAG(L, n, "'count' is women, records or change, not '%.40s'", n->value);
			bad = -1;
		}
	}
	/* The records counted: of's form, or by's; fields may also be of their parent's form. */
	of = NULL;
	if ((n = ytree_get(m, "of")) != NULL && text(L, n, "of") != NULL) {
		const struct kw_form_spec *f = kw_form_find(R->forms, n->value);

		if (f == NULL) {
			DIAG(L, n, "there is no form '%.60s' (in 'of')", n->value);
			return -1;
		}
		if (strcmp(f->kind->name, "client") == 0 || !reaches_woman(f->kind)) {
			DIAG(L, n,
			     "'of' names a form of records of hers (contact, attendance, "
			     "closure...); %s is not one",
			     n->value);
			return -1;
		}
		of = n->value;
		t->of = f->kind;
	}
	if ((n = ytree_get(m, "by")) == NULL) {
		DIAG(L, m, "a table needs 'by': the field it breaks the count down by");
		return -1;
	}
	if (field_ref_in(R, n, "by", of, parent_of(t->of), &t->by, &fs) != 0)
		return -1;
	if (of == NULL) {
		of = t->by.form;
		t->of = t->by.kind;
	}
	if ((n = ytree_get(m, "per")) != NULL && text(L, n, "per") != NULL) {
		if (strcmp(n->value, "week") == 0)
			t->per = KW_RPER_WEEK;
		else if (strcmp(n->value, "month") == 0)
			t->per = KW_RPER_MONTH;
		else {
			DIAG(L, n, "'per' is week or month, not '%.40s'", n->value);
			bad = -1;
		}
		if (!t->by.date) {
			DIAG(L, n, "'per' breaks down a date, and %s.%s is %s", t->by.form,
			     t->by.key, kw_ftype_name(fs->type));
			bad = -1;
		} else if (ytree_get(m, "bands") != NULL) {
			DIAG(L, n,
			     "a table has 'bands' (ages) or 'per' (weeks or months), not both");
			bad = -1;
		}
	}
	if (t->per != KW_RPER_NONE || ytree_get(m, "per") != NULL) {
		/* by is a date: each row a week or a month (or 'per' was refused above). */
	} else if ((n = ytree_get(m, "bands")) != NULL) {
		if (!t->by.date) {
			DIAG(L, n,
			     "'bands' are ages, so 'by' must be a date of birth, not a %s "
			     "field",
			     kw_ftype_name(fs->type));
			bad = -1;
		} else if (want(L, n, YN_SEQ, "'bands'")) {
			t->bands = kw_xcalloc(n->nkids + 1, sizeof(long));
			for (size_t i = 0; i < n->nkids; i++) {
				long v;

				if (whole(L, n->kids[i], "bands", &v) != 0)
					bad = -1;
				else if (v <= 0 || v > 150 ||
					 (t->nbands > 0 && v <= t->bands[t->nbands - 1])) {
					DIAG(L, n->kids[i],
					     "bands are ages in years, each above the one before");
					bad = -1;
				} else
					t->bands[t->nbands++] = v;
			}
			if (t->nbands == 0 && bad == 0) {
				DIAG(L, n, "'bands' needs at least one age");
				bad = -1;
			}
		}
	} else if (!is_breakdown(fs)) {
		DIAG(L, ytree_get(m, "by"),
		     "'by' must be a choice, lookup, multi_choice or yes/no field, a whole number "
		     "with a small min and max, or a date with 'bands' or 'per'; %s.%s is %s",
		     t->by.form, t->by.key, kw_ftype_name(fs->type));
		bad = -1;
	}
	if (t->by.multi && t->count != KW_RCOUNT_RECORDS && strcmp(t->by.kind->name, "client")) {
		DIAG(L, ytree_get(m, "by"),
		     "women can be counted by a multi_choice field only of her own record "
		     "(intake); count records instead");
		bad = -1;
	}
	if (t->count == KW_RCOUNT_CHANGE) {
		if ((n = ytree_get(m, "value")) == NULL || (n = ytree_get(m, "order")) == NULL) {
			DIAG(L, m,
			     "a table that counts change needs 'value' (the score) and "
			     "'order' (the date it was scored on)");
			bad = -1;
		} else {
			if (field_ref(R, ytree_get(m, "value"), "value", of, &t->value, &vs) != 0)
				bad = -1;
			else if (vs->type != KW_F_NUMBER && vs->type != KW_F_CHOICE) {
				DIAG(L, ytree_get(m, "value"),
				     "'value' must be a number or a choice of numbers");
				bad = -1;
			}
			if (field_ref(R, n, "order", of, &t->order, NULL) != 0)
				bad = -1;
			else if (!t->order.date) {
				DIAG(L, n, "'order' must be a date field");
				bad = -1;
			}
			if (t->by.multi) {
				DIAG(L, ytree_get(m, "by"),
				     "change is counted by a single-choice field");
				bad = -1;
			}
		}
	} else if ((n = ytree_get(m, "value")) != NULL || (n = ytree_get(m, "order")) != NULL) {
		DIAG(L, n, "'value' and 'order' are for a table that counts change");
		bad = -1;
	}
	if ((n = ytree_get(m, "dated")) != NULL) {
		if (field_ref_in(R, n, "dated", of, parent_of(t->of), &t->dated, NULL) != 0)
			bad = -1;
		else if (!t->dated.date) {
			DIAG(L, n, "'dated' must be a date field");
			bad = -1;
		} else
			t->has_dated = true;
	} else if (t->per != KW_RPER_NONE && t->by.date) {
		/* Weeks or months of the period: the records dated in it. */
		t->dated = t->by;
		t->has_dated = true;
	}
	if ((n = ytree_get(m, "open_at_end")) != NULL) {
		if (n->type != YN_SCALAR || !n->plain ||
		    (strcmp(n->value, "true") != 0 && strcmp(n->value, "false") != 0)) {
			DIAG(L, n, "'open_at_end' must be true or false");
			bad = -1;
		} else if ((t->open_at_end = strcmp(n->value, "true") == 0) &&
			   (t->of == NULL || strcmp(t->of->table, "episodes") != 0)) {
			DIAG(L, n,
			     "'open_at_end' counts episodes (referral) open on the last day; this "
			     "table counts %s records",
			     t->of != NULL ? t->of->label : "other");
			bad = -1;
		} else if (t->open_at_end && (t->has_dated || t->per != KW_RPER_NONE ||
					      t->count == KW_RCOUNT_CHANGE)) {
			DIAG(L, n,
			     "'open_at_end' counts what is open on the period's last day: not with "
			     "'dated', 'per' or count: change");
			bad = -1;
		}
	}
	if ((n = ytree_get(m, "where")) != NULL &&
	    parse_where(R, n, of, parent_of(t->of), &t->where, &t->nwhere) != 0)
		bad = -1;
	if (bad == 0)
		items_of(t, fs);
	return bad;
}

static const char *const has_keys[] = { "form", "where" };

static int parse_cohort(struct rload *R, const struct ynode *m)
{
	struct loader *L = R->L;
	struct kw_report_spec *r = R->r;
	const struct ynode *n, *has;
	static const char *const keys[] = { "label", "has" };
	int bad = 0;

	if (!want(L, m, YN_MAP, "'cohort'"))
		return -1;
	check_keys(L, m, keys, KW_ARRAY_LEN(keys), "the cohort");
	if ((n = ytree_get(m, "label")) == NULL || text(L, n, "label") == NULL) {
		if (n == NULL)
			DIAG(L, m, "a cohort needs a 'label': who its women are");
		return -1;
	}
	r->cohort_label = kw_xstrdup(n->value);
	if ((has = ytree_get(m, "has")) == NULL) {
		DIAG(L, m, "a cohort needs 'has': the records its women have");
		return -1;
	}
	if (!want(L, has, YN_SEQ, "'has'"))
		return -1;
	r->cohort = kw_xcalloc(has->nkids + 1, sizeof(*r->cohort));
	for (size_t i = 0; i < has->nkids; i++) {
		const struct ynode *h = has->kids[i], *fn;
		const struct kw_form_spec *f;
		struct kw_rhas *c = &r->cohort[r->ncohort];

		if (!want(L, h, YN_MAP, "an item of 'has'")) {
			bad = -1;
			continue;
		}
		check_keys(L, h, has_keys, KW_ARRAY_LEN(has_keys), "an item of 'has'");
		if ((fn = ytree_get(h, "form")) == NULL || text(L, fn, "form") == NULL) {
			if (fn == NULL)
				DIAG(L, h, "an item of 'has' needs 'form'");
			bad = -1;
			continue;
		}
		if ((f = kw_form_find(R->forms, fn->value)) == NULL) {
			DIAG(L, fn, "there is no form '%.60s'", fn->value);
			bad = -1;
			continue;
		}
		if (!belongs_to_woman(f->kind) || strcmp(f->kind->name, "client") == 0) {
			DIAG(L, fn,
			     "a cohort is women who have %s records; %s is not one of her "
			     "records",
			     "some", fn->value);
			bad = -1;
			continue;
		}
		c->kind = f->kind;
		if (f->kind->sensitive)
			r->sensitive = true;
		r->ncohort++;
		if ((n = ytree_get(h, "where")) != NULL &&
		    parse_where(R, n, fn->value, NULL, &c->where, &c->nwhere) != 0)
			bad = -1;
	}
	if (r->ncohort == 0 && bad == 0) {
		DIAG(L, has, "'has' needs at least one form");
		bad = -1;
	}
	return bad;
}

static const char *const report_keys[] = { "report",   "title",	 "help",  "population",
					   "min_cell", "cohort", "tables" };

static struct kw_report_spec *parse_report(struct loader *L, const struct kw_form_pack *forms,
					   const struct ynode *root)
{
	struct kw_report_spec *r = kw_xcalloc(1, sizeof(*r));
	struct rload R = { L, forms, r };
	const struct ynode *n;
	int bad = 0;

	if (!want(L, root, YN_MAP, "a report file")) {
		kw_report_spec_free(r);
		return NULL;
	}
	check_keys(L, root, report_keys, KW_ARRAY_LEN(report_keys), "the report");
	r->file = kw_xstrdup(L->file);
	r->min_cell = KW_REPORT_MIN_CELL_DEFAULT;
	if ((n = ytree_get(root, "report")) == NULL) {
		DIAG(L, root, "a report file starts with 'report: NAME'");
		bad = -1;
	} else if (text(L, n, "report") == NULL) {
		bad = -1;
	} else if (!good_key(n->value)) {
		DIAG(L, n, "a report's name '%.60s' must be lower-case letters, digits and _",
		     n->value);
		bad = -1;
	} else
		r->key = kw_xstrdup(n->value);
	if ((n = ytree_get(root, "title")) == NULL) {
		DIAG(L, root, "a report needs a 'title'");
		bad = -1;
	} else if (text(L, n, "title") == NULL)
		bad = -1;
	else
		r->title = kw_xstrdup(n->value);
	if ((n = ytree_get(root, "help")) != NULL) {
		if (text(L, n, "help") == NULL)
			bad = -1;
		else
			r->help = kw_xstrdup(n->value);
	}
	if ((n = ytree_get(root, "population")) != NULL && text(L, n, "population") != NULL) {
		if (strcmp(n->value, "open") == 0)
			r->population = KW_RPOP_OPEN;
		else if (strcmp(n->value, "referred") == 0)
			r->population = KW_RPOP_REFERRED;
		else if (strcmp(n->value, "all") == 0)
			r->population = KW_RPOP_ALL;
		else {
			DIAG(L, n, "'population' is open, referred or all, not '%.40s'", n->value);
			bad = -1;
		}
	} else if (n != NULL)
		bad = -1;
	if ((n = ytree_get(root, "min_cell")) != NULL) {
		if (whole(L, n, "min_cell", &r->min_cell) != 0)
			bad = -1;
		else if (r->min_cell < KW_REPORT_MIN_CELL_FLOOR || r->min_cell > 1000) {
			DIAG(L, n, "'min_cell' is at least %d: smaller figures could name a woman",
			     KW_REPORT_MIN_CELL_FLOOR);
			bad = -1;
		}
	}
	if ((n = ytree_get(root, "cohort")) != NULL && parse_cohort(&R, n) != 0)
		bad = -1;
	if ((n = ytree_get(root, "tables")) == NULL) {
		DIAG(L, root, "a report needs 'tables': what it counts");
		bad = -1;
	} else if (want(L, n, YN_SEQ, "'tables'")) {
		r->tables = kw_xcalloc(n->nkids + 1, sizeof(*r->tables));
		for (size_t i = 0; i < n->nkids; i++)
			if (parse_table(&R, n->kids[i], &r->tables[r->ntables++]) != 0)
				bad = -1;
		if (n->nkids == 0) {
			DIAG(L, n, "'tables' needs at least one table");
			bad = -1;
		}
	} else
		bad = -1;
	if (bad != 0) {
		kw_report_spec_free(r);
		return NULL;
	}
	return r;
}

static void tree_problem(void *ctx, unsigned long line, unsigned long col, const char *msg)
{
	kw_form_diag(ctx, NULL, 0, line, col, "%s", msg);
}

static struct kw_report_spec *parse_text(struct loader *L, const struct kw_form_pack *forms,
					 const char *data, size_t len)
{
	struct ynode *root = ytree_parse(data, len, tree_problem, L);
	struct kw_report_spec *r = NULL;

	if (root != NULL)
		r = parse_report(L, forms, root);
	ytree_free(&root);
	return r;
}

/* Adds r to p, replacing one with the same key (a centre's own replaces the shipped one). */
static void pack_add(struct loader *L, struct kw_report_pack *p, struct kw_report_spec *r,
		     int layer, int *layers)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->reports[i]->key, r->key) != 0)
			continue;
		if (layers[i] == layer) {
			kw_form_diag(L, r->file, L->order, 1, 1,
				     "a second report named '%s' (the first is in %s)", r->key,
				     p->reports[i]->file);
			kw_report_spec_free(r);
			return;
		}
		kw_report_spec_free(p->reports[i]);
		p->reports[i] = r;
		layers[i] = layer;
		return;
	}
	p->reports = kw_xrealloc(p->reports, (p->n + 1) * sizeof(*p->reports));
	p->reports[p->n++] = r;
	layers[p->n - 1] = layer;
}

/* A report's file: *.yaml, not hidden. */
static bool report_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && len > 5 && strcmp(n + len - 5, ".yaml") == 0;
}

static void read_path(struct loader *L, const struct kw_form_pack *forms, const char *path,
		      int layer, struct kw_report_pack *p, int **layers)
{
	char **names;
	size_t n = kw_form_files(L, path, report_name, "report files", &names);

	for (size_t i = 0; i < n; i++) {
		struct kw_report_spec *r;
		size_t len;
		char *data;

		L->file = names[i];
		L->order++;
		data = kw_form_slurp(L, names[i], "report", &len);
		if (data != NULL && (r = parse_text(L, forms, data, len)) != NULL) {
			*layers = kw_xrealloc(*layers, (p->n + 1) * sizeof(int));
			pack_add(L, p, r, layer, *layers);
		}
		free(data);
	}
	kw_form_files_free(L, names, n);
}

int kw_report_pack_load(const struct kw_form_pack *forms, const char *shipped,
			const char *const *overrides, size_t noverrides,
			struct kw_report_pack **out, struct kw_diags *diags, struct kw_err *err)
{
	struct loader L = { .diags = diags, .seq = diags->n };
	struct kw_report_pack *p = kw_xcalloc(1, sizeof(*p));
	int *layers = NULL;
	size_t before = diags->n;

	*out = NULL;
	read_path(&L, forms, shipped, 0, p, &layers);
	for (size_t i = 0; i < noverrides; i++)
		if (overrides[i] != NULL)
			read_path(&L, forms, overrides[i], (int)i + 1, p, &layers);
	free(layers);
	if (diags->n > before) {
		size_t n = diags->n - before;

		kw_form_diags_sort(diags, before);
		kw_report_pack_free(&p);
		return kw_err_set(err, KW_EDATA,
				  "the reports have %zu problem%s; none was loaded, and keywork "
				  "does not run part of a set of reports",
				  n, n == 1 ? "" : "s");
	}
	*out = p;
	return 0;
}

size_t kw_report_check_buffer(const struct kw_form_pack *forms, const char *name, const char *data,
			      size_t len, struct kw_diags *diags)
{
	struct loader L = { .diags = diags, .file = name };
	size_t before = diags->n;
	struct kw_report_spec *r = parse_text(&L, forms, data, len);

	kw_report_spec_free(r);
	return diags->n - before;
}

char *kw_reports_shipped_dir(void)
{
	const char *env = getenv("KEYWORK_REPORTS_DIR");
	char *forms, *slash, *dir;

	if (env != NULL && env[0] != '\0')
		return kw_xstrdup(env);
	/* Installed beside the forms: .../forms -> .../reports. */
	forms = kw_forms_shipped_dir();
	slash = strrchr(forms, '/');
	if (slash == NULL) {
		free(forms);
		return kw_xstrdup("reports");
	}
	slash[0] = '\0';
	dir = kw_path_join(forms, "reports");
	free(forms);
	return dir;
}

char *kw_reports_override_dir(void)
{
	char *cfg = kw_default_config_dir();
	char *dir = kw_path_join(cfg, "reports");

	free(cfg);
	return dir;
}
