/*
 * load.c: builds one form or list spec from a parsed YAML file.
 *
 * Every check that needs only the file itself is made here, and every
 * problem is reported with the mark of the node at fault; parsing carries on
 * past a problem so that one run shows them all. Checks that need other
 * files (lists, overrides) are in pack.c. A field's effective roles and
 * compartment are settled here, so everything downstream reads them plainly.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "form/formint.h"
#include "keywork/reasons.h"
#include "keywork/util.h"

static const char *const type_names[KW_F_NTYPES] = {
	"text",		"multiline",	  "date",  "datetime", "number", "choice",
	"multi_choice", "yes_no_unknown", "phone", "postcode", "lookup", "reference",
};

const char *kw_ftype_name(enum kw_ftype t)
{
	return (unsigned)t < KW_F_NTYPES ? type_names[t] : "?";
}

static const char *const role_names[] = { "manager", "keyworker", "dropin" };

/* --- diagnostics --- */

void kw_form_diag(struct loader *L, const char *file, size_t order, unsigned long line,
		  unsigned long col, const char *fmt, ...)
{
	struct kw_diags *ds = L->diags;
	struct kw_diag *d;
	struct kw_buf b = { 0 };
	va_list ap;
	char tmp[600];

	if (ds->n == ds->cap) {
		ds->cap = ds->cap != 0 ? ds->cap * 2 : 16;
		ds->d = kw_xrealloc(ds->d, ds->cap * sizeof(*ds->d));
	}
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	kw_buf_adds(&b, tmp);
	d = &ds->d[ds->n++];
	d->file = kw_xstrdup(file != NULL ? file : L->file);
	d->order = file != NULL ? order : L->order;
	d->line = line;
	d->col = col;
	d->msg = b.p;
	d->seq = L->seq++;
}

#define AT(n) (n)->line, (n)->col
#define DIAG(L, n, ...) kw_form_diag(L, NULL, 0, AT(n), __VA_ARGS__)

const char *kw_diag_str(const struct kw_diags *ds, size_t i, char *buf, size_t len)
{
	const struct kw_diag *d = &ds->d[i];

	if (d->line == 0)
		snprintf(buf, len, "%s: %s", d->file, d->msg);
	else
		snprintf(buf, len, "%s:%lu:%lu: %s", d->file, d->line, d->col, d->msg);
	return buf;
}

void kw_diags_free(struct kw_diags *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->d[i].file);
		free(ds->d[i].msg);
	}
	free(ds->d);
	memset(ds, 0, sizeof(*ds));
}

/* --- suggestions --- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

const char *kw_form_suggest(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(s, names[i]);

		if (d < bestd && d < strlen(names[i])) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

/* --- scalar helpers --- */

static const char *node_kind(const struct ynode *n)
{
	return n->type == YN_MAP ? "a mapping" : n->type == YN_SEQ ? "a list" : "text";
}

/* The text of n, or NULL after reporting that key must be text. */
static const char *text(struct loader *L, const struct ynode *n, const char *key)
{
	if (n->type != YN_SCALAR) {
		DIAG(L, n, "'%s' must be text, not %s", key, node_kind(n));
		return NULL;
	}
	return n->value;
}

/* A non-empty text, or NULL after reporting. */
static char *text_dup(struct loader *L, const struct ynode *n, const char *key)
{
	const char *t = text(L, n, key);

	if (t == NULL)
		return NULL;
	if (t[0] == '\0') {
		DIAG(L, n, "'%s' is empty", key);
		return NULL;
	}
	return kw_xstrdup(t);
}

static int boolean(struct loader *L, const struct ynode *n, const char *key, bool *out)
{
	if (n->type == YN_SCALAR && n->plain && strcmp(n->value, "true") == 0) {
		*out = true;
		return 0;
	}
	if (n->type == YN_SCALAR && n->plain && strcmp(n->value, "false") == 0) {
		*out = false;
		return 0;
	}
	DIAG(L, n, "'%s' must be true or false", key);
	return -1;
}

static int integer(struct loader *L, const struct ynode *n, const char *key, long *out)
{
	char *end;

	if (n->type == YN_SCALAR && n->value[0] != '\0' && strlen(n->value) < 12) {
		*out = strtol(n->value, &end, 10);
		if (*end == '\0')
			return 0;
	}
	DIAG(L, n, "'%s' must be a whole number", key);
	return -1;
}

static int number(struct loader *L, const struct ynode *n, const char *key, double *out)
{
	char *end;

	if (n->type == YN_SCALAR && n->value[0] != '\0' && strlen(n->value) < 24 &&
	    strspn(n->value, "+-0123456789.") == strlen(n->value)) {
		*out = strtod(n->value, &end);
		if (*end == '\0')
			return 0;
	}
	DIAG(L, n, "'%s' must be a number", key);
	return -1;
}

/* True if s is a key: a lower-case letter (or, for list items, a digit) then [a-z0-9_]. */
static bool good_key(const char *s, bool digit_first)
{
	size_t n = strlen(s);

	if (n == 0 || n > 63)
		return false;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (digit_first && s[0] >= '0' && s[0] <= '9')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* A key-like text, or NULL after reporting. what names it in the message. */
static char *key_dup(struct loader *L, const struct ynode *n, const char *what, bool digit_first)
{
	const char *t = text(L, n, what);

	if (t == NULL)
		return NULL;
	if (!good_key(t, digit_first)) {
		DIAG(L, n,
		     "%s '%.60s' must be lower-case letters, digits and _ (like date_of_birth)",
		     what, t);
		return NULL;
	}
	return kw_xstrdup(t);
}

/* Reports every key of mapping m not in allowed. what: "a field", "the form"... */
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
		for (j = 0; j < n; j++)
			if (strcmp(k->value, allowed[j]) == 0)
				break;
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
	     node_kind(n));
	return false;
}

static struct kw_mark mark(const struct ynode *n)
{
	struct kw_mark m = { 0, 0 };

	if (n != NULL) {
		m.line = n->line;
		m.col = n->col;
	}
	return m;
}

/* A list of role names as bits; -1 after reporting. */
static int roles(struct loader *L, const struct ynode *n, const char *key, unsigned *out)
{
	*out = 0;
	if (!want(L, n, YN_SEQ, key))
		return -1;
	for (size_t i = 0; i < n->nkids; i++) {
		const char *t = text(L, n->kids[i], "a role");
		enum kw_role r;

		if (t == NULL)
			return -1;
		r = kw_role_parse(t);
		if (r == KW_ROLE_NONE) {
			DIAG(L, n->kids[i],
			     "unknown role '%.40s' (roles are manager, keyworker and dropin; peer "
			     "mentors have no login)",
			     t);
			return -1;
		}
		*out |= KW_ROLE_BIT(r);
	}
	return 0;
}

static int states(struct loader *L, const struct ynode *n, unsigned *out)
{
	*out = 0;
	if (!want(L, n, YN_SEQ, "'states'"))
		return -1;
	for (size_t i = 0; i < n->nkids; i++) {
		const char *t = text(L, n->kids[i], "a state");
		int s;

		if (t == NULL)
			return -1;
		s = kw_state_parse(t);
		if (s <= KW_STATE_ANSWERED) {
			DIAG(L, n->kids[i],
			     "unknown answer state '%.40s' (states are unknown, declined and "
			     "not_asked)",
			     t);
			return -1;
		}
		*out |= KW_STATE_BIT(s);
	}
	return 0;
}

/* "manager, keyworker" from role bits, into buf. */
static const char *role_list(unsigned bits, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int r = KW_ROLE_MANAGER; r <= KW_ROLE_DROPIN; r++)
		if (bits & KW_ROLE_BIT(r))
			used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
						 used ? ", " : "", role_names[r - 1]);
	if (buf[0] == '\0')
		snprintf(buf, len, "nobody");
	return buf;
}

/* --- lists --- */

static const char *const item_keys[] = { "key",		 "label",	"help",	       "retired",
					 "cadence_days", "need_levels", "no_keyworker" };

/* Reads the items of a list (or a field's options) from sequence n into l. */
static void parse_items(struct loader *L, const struct ynode *n, struct kw_list_spec *l,
			const char *what)
{
	size_t live = 0;

	if (!want(L, n, YN_SEQ, what))
		return;
	if (n->nkids == 0) {
		DIAG(L, n, "%s has no items", what);
		return;
	}
	l->items = kw_xcalloc(n->nkids, sizeof(*l->items));
	for (size_t i = 0; i < n->nkids; i++) {
		const struct ynode *m = n->kids[i], *v;
		struct kw_list_item *it = &l->items[l->nitems];

		if (!want(L, m, YN_MAP, "an item"))
			continue;
		check_keys(L, m, item_keys, KW_ARRAY_LEN(item_keys), "an item");
		if ((v = ytree_get(m, "key")) == NULL) {
			DIAG(L, m, "an item needs a key");
			continue;
		}
		it->key = key_dup(L, v, "item key", true);
		if (it->key == NULL)
			continue;
		for (size_t j = 0; j < l->nitems; j++)
			if (strcmp(l->items[j].key, it->key) == 0) {
				DIAG(L, v, "item '%s' is listed twice (first on line %lu)", it->key,
				     l->items[j].at.line);
				break;
			}
		it->at = mark(m);
		if ((v = ytree_get(m, "label")) == NULL)
			DIAG(L, m, "item '%s' needs a label", it->key);
		else
			it->label = text_dup(L, v, "label");
		if ((v = ytree_get(m, "help")) != NULL)
			it->help = text_dup(L, v, "help");
		if ((v = ytree_get(m, "retired")) != NULL)
			boolean(L, v, "retired", &it->retired);
		if ((v = ytree_get(m, "no_keyworker")) != NULL)
			boolean(L, v, "no_keyworker", &it->no_keyworker);
		if ((v = ytree_get(m, "cadence_days")) != NULL &&
		    integer(L, v, "cadence_days", &it->cadence_days) == 0 &&
		    (it->cadence_days < 0 || it->cadence_days > 366)) {
			DIAG(L, v, "'cadence_days' must be between 0 and 366");
		}
		if ((v = ytree_get(m, "need_levels")) != NULL) {
			/* A programme's cadence by need level (a diversion schedule): one level deep. */
			it->need_levels = kw_xcalloc(1, sizeof(*it->need_levels));
			parse_items(L, v, it->need_levels, "'need_levels'");
			for (size_t j = 0; j < it->need_levels->nitems; j++)
				if (it->need_levels->items[j].need_levels != NULL)
					DIAG(L, v,
					     "a need level can't have need levels of its own");
		}
		if (!it->retired)
			live++;
		l->nitems++;
	}
	if (l->nitems > 0 && live == 0)
		DIAG(L, n, "every item of %s is retired, so nothing could be chosen", what);
}

static const char *const list_keys[] = { "list", "title", "help", "items" };

static struct kw_list_spec *parse_list(struct loader *L, const struct ynode *root)
{
	struct kw_list_spec *l = kw_xcalloc(1, sizeof(*l));
	const struct ynode *v;

	check_keys(L, root, list_keys, KW_ARRAY_LEN(list_keys), "a list file");
	l->file = kw_xstrdup(L->file);
	v = ytree_get(root, "list");
	l->at = mark(v);
	l->key = key_dup(L, v, "list key", false);
	if ((v = ytree_get(root, "title")) != NULL)
		l->title = text_dup(L, v, "title");
	if ((v = ytree_get(root, "help")) != NULL)
		l->help = text_dup(L, v, "help");
	if ((v = ytree_get(root, "items")) == NULL)
		DIAG(L, root, "a list needs items");
	else
		parse_items(L, v, l, "the list");
	/* Non-engagement never closes a case: a closure-reason list may not offer it. */
	if (l->key != NULL && strcmp(l->key, KW_CLOSURE_REASONS) == 0)
		for (size_t i = 0; i < l->nitems; i++)
			if (!l->items[i].retired &&
			    kw_reason_is_non_engagement(l->items[i].key, l->items[i].label))
				kw_form_diag(L, NULL, 0, l->items[i].at.line, l->items[i].at.col,
					     "closure reason '%s' reads as non-engagement, and a "
					     "case is never closed for that (only retired: true "
					     "may keep it)",
					     l->items[i].key);
	return l;
}

/* --- fields --- */

static const char *const field_keys[] = {
	"key",		 "label",      "type",	   "required",	 "min_length",	    "max_length",
	"min",		 "max",	       "decimals", "pattern",	 "pattern_message", "not_in_future",
	"default",	 "help",       "see",	   "edit",	 "show_if",	    "column",
	"sensitive",	 "list",       "options",  "references", "states",	    "retired",
	"required_when", "not_before", "show_her",
};

static bool is_texty(enum kw_ftype t)
{
	return t == KW_F_TEXT || t == KW_F_MULTILINE || t == KW_F_PHONE || t == KW_F_POSTCODE;
}

static bool is_choice(enum kw_ftype t)
{
	return t == KW_F_CHOICE || t == KW_F_MULTI || t == KW_F_LOOKUP;
}

/* Whether a field of type t may be bound to a column of type c (and why not). */
static const char *column_fit(const struct kw_field_spec *f, const struct kw_column *c)
{
	switch (c->type) {
	case KW_COL_DATE:
		return f->type == KW_F_DATE ? NULL : "a date, so the field's type must be date";
	case KW_COL_DATETIME:
		return f->type == KW_F_DATETIME ? NULL
						: "a date and time, so the field's type must be "
						  "datetime";
	case KW_COL_INT:
		return f->type == KW_F_NUMBER && f->decimals == 0
			       ? NULL
			       : "a whole number, so the field's type must be number with no "
				 "decimals";
	case KW_COL_REF:
		return f->type == KW_F_REF ? NULL
					   : "a record's id, so the field's type must be reference";
	case KW_COL_TEXT:
		return f->type == KW_F_DATE || f->type == KW_F_DATETIME || f->type == KW_F_NUMBER ||
				       f->type == KW_F_REF
			       ? "text, so the field can't be a date, number or reference"
			       : NULL;
	}
	return NULL;
}

/*
 * A condition on another field's answer ({field: K, equals: V} or {field: K,
 * in: [V, ...]}), as show_if and required_when take it; what names it in
 * messages. message (NULL: not allowed) gets an optional 'message:'.
 */
static void parse_condition(struct loader *L, const struct ynode *n, const char *what, char **field,
			    char ***values, size_t *nvalues, struct kw_mark *at, char **message)
{
	static const char *const keys[] = { "field", "equals", "in", "message" };
	const struct ynode *fld, *eq, *in, *msg;
	char quoted[40];

	snprintf(quoted, sizeof(quoted), "'%s'", what);
	if (!want(L, n, YN_MAP, quoted))
		return;
	check_keys(L, n, keys, KW_ARRAY_LEN(keys) - (message == NULL ? 1 : 0), what);
	fld = ytree_get(n, "field");
	eq = ytree_get(n, "equals");
	in = ytree_get(n, "in");
	msg = message != NULL ? ytree_get(n, "message") : NULL;
	if (fld == NULL) {
		DIAG(L, n, "%s needs the field it depends on ('field:')", what);
		return;
	}
	if ((eq == NULL) == (in == NULL)) {
		DIAG(L, n, "%s needs one of 'equals:' or 'in:'", what);
		return;
	}
	if (msg != NULL)
		*message = text_dup(L, msg, "message");
	*at = mark(fld);
	*field = key_dup(L, fld, what, false);
	if (*field == NULL)
		return;
	if (eq != NULL) {
		const char *t = text(L, eq, "equals");

		if (t == NULL)
			return;
		*values = kw_xcalloc(1, sizeof(char *));
		(*values)[(*nvalues)++] = kw_xstrdup(t);
		return;
	}
	if (!want(L, in, YN_SEQ, "'in'"))
		return;
	if (in->nkids == 0) {
		DIAG(L, in, "'in' lists no values");
		return;
	}
	*values = kw_xcalloc(in->nkids, sizeof(char *));
	for (size_t i = 0; i < in->nkids; i++) {
		const char *t = text(L, in->kids[i], "a value");

		if (t != NULL)
			(*values)[(*nvalues)++] = kw_xstrdup(t);
	}
}

/* not_before: another date field's key, or {field: K, message: "..."}. */
static void parse_not_before(struct loader *L, const struct ynode *n, struct kw_field_spec *f)
{
	static const char *const keys[] = { "field", "message" };
	const struct ynode *fld = n, *msg = NULL;

	if (f->type != KW_F_DATE && f->type != KW_F_DATETIME) {
		DIAG(L, n, "'not_before' applies to date and datetime fields");
		return;
	}
	if (n->type == YN_MAP) {
		check_keys(L, n, keys, KW_ARRAY_LEN(keys), "not_before");
		fld = ytree_get(n, "field");
		msg = ytree_get(n, "message");
		if (fld == NULL) {
			DIAG(L, n, "not_before needs the field it follows ('field:')");
			return;
		}
	}
	f->at_not_before = mark(fld);
	f->not_before = key_dup(L, fld, "not_before", false);
	if (msg != NULL)
		f->not_before_message = text_dup(L, msg, "message");
}

static void parse_show_if(struct loader *L, const struct ynode *n, struct kw_field_spec *f)
{
	parse_condition(L, n, "show_if", &f->show_if_field, &f->show_if_values, &f->show_if_nvalues,
			&f->at_show_if, NULL);
}

static void parse_default(struct loader *L, const struct ynode *n, struct kw_field_spec *f)
{
	const char *t = text(L, n, "default");

	f->at_default = mark(n);
	if (t == NULL)
		return;
	if (strcmp(t, "today") == 0) {
		if (f->type != KW_F_DATE)
			DIAG(L, n, "'default: today' is for date fields; this one is %s",
			     kw_ftype_name(f->type));
		else
			f->def = KW_DEF_TODAY;
		return;
	}
	if (strcmp(t, "now") == 0) {
		if (f->type != KW_F_DATETIME)
			DIAG(L, n, "'default: now' is for datetime fields; this one is %s",
			     kw_ftype_name(f->type));
		else
			f->def = KW_DEF_NOW;
		return;
	}
	if (strcmp(t, "current_user") == 0) {
		if (f->type != KW_F_REF || f->references == NULL ||
		    strcmp(f->references, "user") != 0)
			DIAG(L, n, "'default: current_user' is for reference fields to a user");
		else
			f->def = KW_DEF_USER;
		return;
	}
	f->def = KW_DEF_VALUE;
	f->def_value = kw_xstrdup(t);
	/* Values of choices are checked against their list in pack.c. */
	if (f->type == KW_F_DATE && !kw_date_valid(t))
		DIAG(L, n, "default '%.40s' is not a date like 2024-03-31 (or 'today')", t);
	else if (f->type == KW_F_YNU && strcmp(t, "yes") != 0 && strcmp(t, "no") != 0)
		DIAG(L, n, "default '%.40s' must be yes or no", t);
	else if (f->type == KW_F_DATETIME || f->type == KW_F_REF)
		DIAG(L, n, "a %s field's default can only be %s", kw_ftype_name(f->type),
		     f->type == KW_F_DATETIME ? "'now'" : "'current_user'");
}

static void parse_field(struct loader *L, const struct ynode *m, struct kw_form_spec *form,
			struct kw_field_spec *f, int section)
{
	const struct ynode *v;
	bool see_given = false, edit_given = false, sens_given = false;
	char buf[80];

	memset(f, 0, sizeof(*f));
	f->min_length = f->max_length = -1;
	f->section = section;
	f->at = mark(m);
	f->states = form->states;
	check_keys(L, m, field_keys, KW_ARRAY_LEN(field_keys), "a field");
	if ((v = ytree_get(m, "key")) == NULL)
		DIAG(L, m, "a field needs a key");
	else {
		f->at_key = mark(v);
		f->key = key_dup(L, v, "field key", false);
	}
	if ((v = ytree_get(m, "label")) == NULL)
		DIAG(L, m, "field '%s' needs a label", f->key != NULL ? f->key : "?");
	else
		f->label = text_dup(L, v, "label");
	if ((v = ytree_get(m, "type")) == NULL) {
		DIAG(L, m, "field '%s' needs a type", f->key != NULL ? f->key : "?");
		f->type = KW_F_TEXT;
	} else {
		const char *t = text(L, v, "type");
		size_t i = 0;

		f->at_type = mark(v);
		if (t != NULL) {
			for (i = 0; i < KW_F_NTYPES; i++)
				if (strcmp(t, type_names[i]) == 0)
					break;
			if (i == KW_F_NTYPES) {
				const char *hint = kw_form_suggest(t, type_names, KW_F_NTYPES);

				if (hint != NULL)
					DIAG(L, v,
					     "unknown field type '%.40s' (did you mean '%s'?)", t,
					     hint);
				else
					DIAG(L, v,
					     "unknown field type '%.40s' (types are text, "
					     "multiline, "
					     "date, datetime, number, choice, multi_choice, "
					     "yes_no_unknown, phone, postcode, lookup, reference)",
					     t);
				f->type = KW_F_TEXT;
				/* Other keys depend on the type: check them once it is right. */
				return;
			}
		}
		f->type = (enum kw_ftype)i;
	}
	if ((v = ytree_get(m, "help")) != NULL)
		f->help = text_dup(L, v, "help");
	if ((v = ytree_get(m, "required")) != NULL) {
		f->at_required = mark(v);
		boolean(L, v, "required", &f->required);
	}
	if ((v = ytree_get(m, "retired")) != NULL)
		boolean(L, v, "retired", &f->retired);
	if (f->retired && f->required)
		DIAG(L, m, "field '%s' is retired, so it can't be required",
		     f->key != NULL ? f->key : "?");
	if ((v = ytree_get(m, "show_her")) != NULL) {
		f->at_show_her = mark(v);
		boolean(L, v, "show_her", &f->show_her);
	}
	if ((v = ytree_get(m, "decimals")) != NULL) {
		long d = 0;

		if (f->type != KW_F_NUMBER)
			DIAG(L, v, "'decimals' applies to number fields only");
		else if (integer(L, v, "decimals", &d) == 0 && (d < 0 || d > 6))
			DIAG(L, v, "'decimals' must be between 0 and 6");
		else
			f->decimals = (int)d;
	}
	/* Lengths and patterns are for text; ranges for numbers. */
	{
		static const char *const len_keys[] = { "min_length", "max_length" };
		long *len_out[] = { &f->min_length, &f->max_length };

		for (size_t i = 0; i < 2; i++) {
			if ((v = ytree_get(m, len_keys[i])) == NULL)
				continue;
			if (!is_texty(f->type))
				DIAG(L, v, "'%s' applies to text fields; this one is %s",
				     len_keys[i], kw_ftype_name(f->type));
			else if (integer(L, v, len_keys[i], len_out[i]) == 0 && *len_out[i] < 0)
				DIAG(L, v, "'%s' can't be negative", len_keys[i]);
		}
		if (f->min_length >= 0 && f->max_length >= 0 && f->min_length > f->max_length)
			DIAG(L, ytree_get(m, "min_length"),
			     "min_length %ld is more than max_length %ld", f->min_length,
			     f->max_length);
	}
	if ((v = ytree_get(m, "min")) != NULL) {
		if (f->type != KW_F_NUMBER)
			DIAG(L, v, "'min' applies to number fields; use min_length for text");
		else
			f->has_min = number(L, v, "min", &f->min) == 0;
	}
	if ((v = ytree_get(m, "max")) != NULL) {
		if (f->type != KW_F_NUMBER)
			DIAG(L, v, "'max' applies to number fields; use max_length for text");
		else
			f->has_max = number(L, v, "max", &f->max) == 0;
	}
	if (f->has_min && f->has_max && f->min > f->max)
		DIAG(L, ytree_get(m, "min"), "min %g is more than max %g", f->min, f->max);
	if ((v = ytree_get(m, "pattern")) != NULL) {
		const char *t = text(L, v, "pattern");

		if (t != NULL && !is_texty(f->type)) {
			DIAG(L, v, "'pattern' applies to text fields; this one is %s",
			     kw_ftype_name(f->type));
		} else if (t != NULL) {
			struct kw_buf re = { 0 };
			int rc;

			/* The pattern must match the whole answer. */
			kw_buf_printf(&re, "^(%s)$", t);
			rc = regcomp(&f->re, re.p, REG_EXTENDED | REG_NOSUB);
			kw_buf_free(&re);
			if (rc != 0) {
				char why[128];

				regerror(rc, &f->re, why, sizeof(why));
				regfree(&f->re);
				DIAG(L, v, "the pattern does not compile: %s", why);
			} else {
				f->has_re = true;
				f->pattern = kw_xstrdup(t);
			}
		}
	}
	if ((v = ytree_get(m, "pattern_message")) != NULL) {
		if (ytree_get(m, "pattern") == NULL)
			DIAG(L, v, "'pattern_message' needs a 'pattern'");
		else
			f->pattern_message = text_dup(L, v, "pattern_message");
	}
	if ((v = ytree_get(m, "not_in_future")) != NULL) {
		if (f->type != KW_F_DATE && f->type != KW_F_DATETIME)
			DIAG(L, v, "'not_in_future' applies to date and datetime fields");
		else
			boolean(L, v, "not_in_future", &f->not_in_future);
	}
	if ((v = ytree_get(m, "references")) != NULL) {
		f->at_references = mark(v);
		if (f->type != KW_F_REF) {
			DIAG(L, v, "'references' applies to reference fields");
		} else if ((f->references = key_dup(L, v, "references", false)) != NULL &&
			   kw_kind_find(f->references) == NULL) {
			DIAG(L, v, "unknown record kind '%s'", f->references);
		}
	} else if (f->type == KW_F_REF) {
		DIAG(L, m, "reference field '%s' needs 'references:' (the kind of record)",
		     f->key != NULL ? f->key : "?");
	}
	/* Choices: a named list or inline options. */
	{
		const struct ynode *lst = ytree_get(m, "list"), *opt = ytree_get(m, "options");

		if ((lst != NULL || opt != NULL) && !is_choice(f->type)) {
			DIAG(L, lst != NULL ? lst : opt,
			     "'%s' applies to choice, multi_choice and lookup fields",
			     lst != NULL ? "list" : "options");
		} else if (lst != NULL && opt != NULL) {
			DIAG(L, opt, "give either 'list' or 'options', not both");
		} else if (lst != NULL) {
			f->at_list = mark(lst);
			f->list_name = key_dup(L, lst, "list", false);
		} else if (opt != NULL) {
			if (f->type == KW_F_LOOKUP) {
				DIAG(L, opt, "a lookup field takes a 'list', not 'options'");
			} else {
				f->options = kw_xcalloc(1, sizeof(*f->options));
				f->options->key = kw_xstrdup(f->key != NULL ? f->key : "options");
				f->options->file = kw_xstrdup(L->file);
				f->options->at = mark(opt);
				parse_items(L, opt, f->options, "the options");
				f->list = f->options;
			}
		} else if (is_choice(f->type)) {
			DIAG(L, m, "%s field '%s' needs a 'list' or 'options'",
			     kw_ftype_name(f->type), f->key != NULL ? f->key : "?");
		}
	}
	if ((v = ytree_get(m, "default")) != NULL)
		parse_default(L, v, f);
	if ((v = ytree_get(m, "show_if")) != NULL)
		parse_show_if(L, v, f);
	if ((v = ytree_get(m, "required_when")) != NULL)
		parse_condition(L, v, "required_when", &f->required_when_field,
				&f->required_when_values, &f->required_when_nvalues,
				&f->at_required_when, &f->required_when_message);
	if ((v = ytree_get(m, "not_before")) != NULL)
		parse_not_before(L, v, f);
	if ((v = ytree_get(m, "states")) != NULL)
		states(L, v, &f->states);
	/* Where it is kept: a core column (compartment fixed), or a custom value. */
	f->sensitive = form->sensitive;
	if ((v = ytree_get(m, "sensitive")) != NULL) {
		f->at_sensitive = mark(v);
		sens_given = boolean(L, v, "sensitive", &f->sensitive) == 0;
	}
	if ((v = ytree_get(m, "column")) != NULL) {
		const char *t = text(L, v, "column");

		f->at_column = mark(v);
		if (t != NULL && form->kind != NULL) {
			f->column = kw_kind_column(form->kind, t);
			if (f->column == NULL) {
				DIAG(L, v,
				     "'%.40s' is not a column of %s records; leave out 'column:' "
				     "to "
				     "keep the answer as a custom value",
				     t, form->kind->label);
			} else if (column_fit(f, f->column) != NULL) {
				DIAG(L, v, "column '%s' holds %s", t, column_fit(f, f->column));
			} else if (sens_given && f->sensitive != f->column->sensitive) {
				DIAG(L, ytree_get(m, "sensitive"),
				     "column '%s' is in the %s compartment; 'sensitive: %s' can't "
				     "move it",
				     t, f->column->sensitive ? "sensitive" : "general",
				     f->sensitive ? "true" : "false");
			}
			if (f->column != NULL && f->column->type == KW_COL_REF &&
			    f->references != NULL && strcmp(f->references, f->column->refkind) != 0)
				DIAG(L, ytree_get(m, "references"),
				     "column '%s' holds a %s, not a %s", t, f->column->refkind,
				     f->references);
			if (f->column != NULL)
				f->sensitive = f->column->sensitive;
		}
	}
	/* Roles: the form's unless the field says; never beyond its compartment's keys. */
	f->see = form->see;
	f->edit = form->edit;
	if ((v = ytree_get(m, "see")) != NULL) {
		f->at_see = mark(v);
		see_given = roles(L, v, "see", &f->see) == 0;
	}
	if ((v = ytree_get(m, "edit")) != NULL) {
		f->at_edit = mark(v);
		edit_given = roles(L, v, "edit", &f->edit) == 0;
	}
	if (f->sensitive) {
		if (see_given && (f->see & ~KW_ROLES_SENSITIVE))
			DIAG(L, ytree_get(m, "see"),
			     "'%s' is kept in the sensitive compartment, whose key dropin staff "
			     "don't hold; they can't see it",
			     f->key != NULL ? f->key : "?");
		f->see &= KW_ROLES_SENSITIVE;
		f->edit &= KW_ROLES_SENSITIVE;
	}
	if (edit_given && (f->edit & ~f->see)) {
		DIAG(L, ytree_get(m, "edit"), "'edit' gives %s a field they can't see",
		     role_list(f->edit & ~f->see, buf, sizeof(buf)));
	}
	f->edit &= f->see;
	/* What is fit to show her never comes from the sensitive compartment or names another. */
	if (f->show_her && f->sensitive)
		DIAG(L, ytree_get(m, "show_her"),
		     "'%s' is kept in the sensitive compartment, so it can't be shown to her "
		     "(show_her)",
		     f->key != NULL ? f->key : "?");
	else if (f->show_her && f->type == KW_F_REF &&
		 strcmp(f->references != NULL				  ? f->references
			: f->column != NULL && f->column->refkind != NULL ? f->column->refkind
									  : "",
			"user") != 0)
		DIAG(L, ytree_get(m, "show_her"),
		     "'%s' names another record; only a user (her keyworker) can be shown to her "
		     "(show_her)",
		     f->key != NULL ? f->key : "?");
}

/* --- scores --- */

static void parse_score(struct loader *L, const struct ynode *n, struct kw_form_spec *form)
{
	static const char *const keys[] = { "counts", "fields", "levels", "judgement",
					    "marac_level" };
	static const char *const level_keys[] = { "key", "label", "from" };
	struct kw_score_spec *s;
	const struct ynode *v;

	if (!want(L, n, YN_MAP, "'score'"))
		return;
	s = form->score = kw_xcalloc(1, sizeof(*s));
	s->at = mark(n);
	check_keys(L, n, keys, KW_ARRAY_LEN(keys), "the score");
	if ((v = ytree_get(n, "counts")) != NULL) {
		const char *t = text(L, v, "counts");

		if (t != NULL && strcmp(t, "yes") != 0 && strcmp(t, "no") != 0)
			DIAG(L, v, "'counts' must be yes or no");
		else if (t != NULL)
			s->counts = kw_xstrdup(t);
	}
	if (s->counts == NULL)
		s->counts = kw_xstrdup("yes");
	if ((v = ytree_get(n, "fields")) != NULL && want(L, v, YN_SEQ, "'fields'")) {
		s->fields = kw_xcalloc(v->nkids + 1, sizeof(char *));
		s->at_fields = kw_xcalloc(v->nkids + 1, sizeof(*s->at_fields));
		for (size_t i = 0; i < v->nkids; i++) {
			char *k = key_dup(L, v->kids[i], "a scored field", false);

			if (k != NULL) {
				s->at_fields[s->nfields] = mark(v->kids[i]);
				s->fields[s->nfields++] = k;
			}
		}
	}
	if ((v = ytree_get(n, "levels")) == NULL) {
		DIAG(L, n, "a score needs its levels");
	} else if (want(L, v, YN_SEQ, "'levels'")) {
		if (v->nkids == 0)
			DIAG(L, v, "a score needs at least one level");
		s->levels = kw_xcalloc(v->nkids + 1, sizeof(*s->levels));
		for (size_t i = 0; i < v->nkids; i++) {
			const struct ynode *m = v->kids[i], *x;
			struct kw_level *lv = &s->levels[s->nlevels];

			if (!want(L, m, YN_MAP, "a level"))
				continue;
			check_keys(L, m, level_keys, KW_ARRAY_LEN(level_keys), "a level");
			lv->at = mark(m);
			if ((x = ytree_get(m, "key")) == NULL ||
			    (lv->key = key_dup(L, x, "level key", false)) == NULL) {
				if (x == NULL)
					DIAG(L, m, "a level needs a key");
				continue;
			}
			if ((x = ytree_get(m, "label")) != NULL)
				lv->label = text_dup(L, x, "label");
			else
				DIAG(L, m, "level '%s' needs a label", lv->key);
			if ((x = ytree_get(m, "from")) == NULL) {
				DIAG(L, m, "level '%s' needs 'from:' (the score it starts at)",
				     lv->key);
			} else if (integer(L, x, "from", &lv->from) == 0) {
				if (s->nlevels == 0 && lv->from != 0)
					DIAG(L, x, "the first level must start from 0");
				else if (s->nlevels > 0 &&
					 lv->from <= s->levels[s->nlevels - 1].from)
					DIAG(L, x,
					     "level '%s' starts from %ld, which is not above the "
					     "level before it (%ld)",
					     lv->key, lv->from, s->levels[s->nlevels - 1].from);
			}
			for (size_t j = 0; j < s->nlevels; j++)
				if (strcmp(s->levels[j].key, lv->key) == 0)
					DIAG(L, ytree_get(m, "key"), "level '%s' is given twice",
					     lv->key);
			s->nlevels++;
		}
	}
	if ((v = ytree_get(n, "judgement")) != NULL) {
		s->at_judgement = mark(v);
		s->judgement = key_dup(L, v, "judgement", false);
	}
	if ((v = ytree_get(n, "marac_level")) != NULL) {
		s->at_marac = mark(v);
		s->marac_level = key_dup(L, v, "marac_level", false);
		if (s->marac_level != NULL) {
			size_t j;

			for (j = 0; j < s->nlevels; j++)
				if (strcmp(s->levels[j].key, s->marac_level) == 0)
					break;
			if (j == s->nlevels && s->nlevels > 0)
				DIAG(L, v, "marac_level '%s' is not one of the score's levels",
				     s->marac_level);
		}
	}
}

/* Score checks that need the fields. */
static void check_score(struct loader *L, struct kw_form_spec *f)
{
	struct kw_score_spec *s = f->score;

	for (size_t i = 0; i < s->nfields; i++) {
		const struct kw_field_spec *fs = kw_form_field(f, s->fields[i]);

		if (fs == NULL)
			kw_form_diag(L, NULL, 0, s->at_fields[i].line, s->at_fields[i].col,
				     "the score counts '%s', which is not a field of this form",
				     s->fields[i]);
		else if (fs->type != KW_F_YNU)
			kw_form_diag(L, NULL, 0, s->at_fields[i].line, s->at_fields[i].col,
				     "the score counts '%s', which is not a yes_no_unknown field",
				     s->fields[i]);
	}
	if (s->judgement != NULL) {
		const struct kw_field_spec *fs = kw_form_field(f, s->judgement);

		if (fs == NULL)
			kw_form_diag(L, NULL, 0, s->at_judgement.line, s->at_judgement.col,
				     "judgement names '%s', which is not a field of this form",
				     s->judgement);
		else if (fs->type != KW_F_CHOICE)
			kw_form_diag(L, NULL, 0, s->at_judgement.line, s->at_judgement.col,
				     "judgement field '%s' must be a choice of the score's levels",
				     s->judgement);
	}
}

/* --- forms --- */

static const char *const form_keys[] = { "form",      "title",	  "help", "record",
					 "sensitive", "create",	  "see",  "edit",
					 "states",    "sections", "score" };
static const char *const section_keys[] = { "title", "help", "fields" };

static struct kw_form_spec *parse_form(struct loader *L, const struct ynode *root)
{
	struct kw_form_spec *f = kw_xcalloc(1, sizeof(*f));
	const struct ynode *v, *secs;
	size_t total = 0;
	bool create_given = false;
	char buf[80];

	check_keys(L, root, form_keys, KW_ARRAY_LEN(form_keys), "a form");
	f->file = kw_xstrdup(L->file);
	v = ytree_get(root, "form");
	f->at = mark(v);
	f->key = key_dup(L, v, "form key", false);
	if ((v = ytree_get(root, "title")) == NULL)
		DIAG(L, root, "a form needs a title");
	else
		f->title = text_dup(L, v, "title");
	if ((v = ytree_get(root, "help")) != NULL)
		f->help = text_dup(L, v, "help");
	if ((v = ytree_get(root, "record")) == NULL) {
		DIAG(L, root, "a form needs 'record:' (the kind of record it edits)");
	} else {
		const char *t = text(L, v, "record");

		f->at_record = mark(v);
		if (t != NULL) {
			f->kind = kw_kind_find(t);
			if (f->kind == NULL || !f->kind->editable) {
				size_t n;
				const struct kw_kind *all = kw_kinds(&n);
				const char *names[64];
				const char *hint;

				for (size_t i = 0; i < n && i < 64; i++)
					names[i] = all[i].name;
				hint = kw_form_suggest(t, names, n < 64 ? n : 64);
				if (f->kind != NULL)
					DIAG(L, v, "%s records are not edited with forms", t);
				else if (hint != NULL)
					DIAG(L, v,
					     "unknown record kind '%.40s' (did you mean '%s'?)", t,
					     hint);
				else
					DIAG(L, v, "unknown record kind '%.40s'", t);
				f->kind = NULL;
			}
		}
	}
	if ((v = ytree_get(root, "sensitive")) != NULL)
		boolean(L, v, "sensitive", &f->sensitive);
	if (f->kind != NULL && f->kind->sensitive)
		f->sensitive = true;
	f->states = KW_STATES_ALL;
	if ((v = ytree_get(root, "states")) != NULL)
		states(L, v, &f->states);
	/* Drop-in staff see a form only where it names them (a field may name them alone). */
	f->see = KW_ROLES_SENSITIVE;
	if ((v = ytree_get(root, "see")) != NULL)
		roles(L, v, "see", &f->see);
	f->edit = f->see;
	if ((v = ytree_get(root, "edit")) != NULL)
		roles(L, v, "edit", &f->edit);
	f->create = f->edit;
	if ((v = ytree_get(root, "create")) != NULL)
		create_given = roles(L, v, "create", &f->create) == 0;
	if (f->kind != NULL && f->kind->sensitive) {
		if (create_given && (f->create & ~KW_ROLES_SENSITIVE))
			DIAG(L, ytree_get(root, "create"),
			     "%s records are kept in the sensitive compartment; dropin staff can't "
			     "create them",
			     f->kind->label);
		f->create &= KW_ROLES_SENSITIVE;
	}
	if ((secs = ytree_get(root, "sections")) == NULL) {
		DIAG(L, root, "a form needs sections with fields");
	} else if (want(L, secs, YN_SEQ, "'sections'")) {
		if (secs->nkids == 0)
			DIAG(L, secs, "a form needs at least one section");
		for (size_t i = 0; i < secs->nkids; i++) {
			const struct ynode *fl = ytree_get(secs->kids[i], "fields");

			if (fl != NULL && fl->type == YN_SEQ)
				total += fl->nkids;
		}
		f->sections = kw_xcalloc(secs->nkids + 1, sizeof(*f->sections));
		f->fields = kw_xcalloc(total + 1, sizeof(*f->fields));
		for (size_t i = 0; i < secs->nkids; i++) {
			const struct ynode *s = secs->kids[i], *fl;
			struct kw_section_spec *sec = &f->sections[f->nsections];

			if (!want(L, s, YN_MAP, "a section"))
				continue;
			check_keys(L, s, section_keys, KW_ARRAY_LEN(section_keys), "a section");
			sec->at = mark(s);
			if ((v = ytree_get(s, "title")) == NULL)
				DIAG(L, s, "a section needs a title");
			else
				sec->title = text_dup(L, v, "title");
			if ((v = ytree_get(s, "help")) != NULL)
				sec->help = text_dup(L, v, "help");
			f->nsections++;
			if ((fl = ytree_get(s, "fields")) == NULL) {
				DIAG(L, s, "a section needs fields");
				continue;
			}
			if (!want(L, fl, YN_SEQ, "'fields'"))
				continue;
			if (fl->nkids == 0)
				DIAG(L, fl, "a section needs at least one field");
			for (size_t j = 0; j < fl->nkids; j++) {
				struct kw_field_spec *fs = &f->fields[f->nfields];

				if (!want(L, fl->kids[j], YN_MAP, "a field"))
					continue;
				parse_field(L, fl->kids[j], f, fs, (int)f->nsections - 1);
				f->nfields++;
				if (fs->key == NULL)
					continue;
				for (size_t k = 0; k + 1 < f->nfields; k++)
					if (f->fields[k].key != NULL &&
					    strcmp(f->fields[k].key, fs->key) == 0) {
						kw_form_diag(
							L, NULL, 0, fs->at_key.line, fs->at_key.col,
							"field '%s' is defined twice in this form "
							"(first on line %lu)",
							fs->key, f->fields[k].at_key.line);
						break;
					}
				for (size_t k = 0; fs->column != NULL && k + 1 < f->nfields; k++)
					if (f->fields[k].column == fs->column) {
						kw_form_diag(
							L, NULL, 0, fs->at_column.line,
							fs->at_column.col,
							"column '%s' is already kept by field '%s' "
							"(line %lu)",
							fs->column->name, f->fields[k].key,
							f->fields[k].at_key.line);
						break;
					}
			}
		}
	}
	if ((v = ytree_get(root, "score")) != NULL) {
		parse_score(L, v, f);
		if (f->score != NULL)
			check_score(L, f);
	}
	/* Every field a new record needs must be fillable by someone who creates one. */
	for (size_t i = 0; i < f->nfields; i++) {
		struct kw_field_spec *fs = &f->fields[i];
		unsigned who = f->create != 0 ? f->create : KW_ROLES_ALL;

		if (fs->key != NULL && fs->required && (fs->edit & who) == 0)
			kw_form_diag(L, NULL, 0, fs->at_required.line, fs->at_required.col,
				     "required field '%s' can't be filled in: no role that %s "
				     "(%s) may edit it",
				     fs->key,
				     f->create != 0 ? "creates these records" : "uses this form",
				     role_list(who, buf, sizeof(buf)));
	}
	if (f->kind != NULL && f->create != 0 && f->nfields > 0) {
		for (size_t c = 0; c < f->kind->ncols; c++) {
			const struct kw_column *col = &f->kind->cols[c];
			size_t i;

			if (!col->not_null)
				continue;
			for (i = 0; i < f->nfields; i++)
				if (f->fields[i].column == col && f->fields[i].required)
					break;
			if (i == f->nfields)
				kw_form_diag(
					L, NULL, 0, f->at_record.line, f->at_record.col,
					"a new %s record needs '%s': add a required field with "
					"'column: %s' (or 'create: []' for a form that only edits)",
					f->kind->label, col->name, col->name);
		}
	}
	return f;
}

void kw_form_parse_tree(struct loader *L, const struct ynode *root, struct parsed *out)
{
	const struct ynode *fk, *lk;

	memset(out, 0, sizeof(*out));
	out->order = L->order;
	if (root->type != YN_MAP) {
		DIAG(L, root,
		     "a form file must be a mapping starting with 'form:' or 'list:', not %s",
		     node_kind(root));
		return;
	}
	fk = ytree_get(root, "form");
	lk = ytree_get(root, "list");
	if (fk == NULL && lk == NULL && ytree_get(root, "retention") != NULL) {
		out->retention = kw_retention_parse(L, root);
		return;
	}
	if (fk != NULL && lk != NULL) {
		DIAG(L, lk, "a file defines one form or one list, not both");
		return;
	}
	if (fk == NULL && lk == NULL) {
		DIAG(L, root,
		     "a form file must start with 'form: KEY', 'list: KEY' or 'retention: KEY'");
		return;
	}
	if (fk != NULL)
		out->form = parse_form(L, root);
	else
		out->list = parse_list(L, root);
}

static void tree_problem(void *ctx, unsigned long line, unsigned long col, const char *msg)
{
	struct loader *L = ctx;

	kw_form_diag(L, NULL, 0, line, col, "%s", msg);
}

void kw_form_parse_text(struct loader *L, const char *data, size_t len, struct parsed *out)
{
	struct ynode *root = ytree_parse(data, len, tree_problem, L);

	memset(out, 0, sizeof(*out));
	out->order = L->order;
	if (root == NULL)
		return;
	kw_form_parse_tree(L, root, out);
	ytree_free(&root);
}

/* --- helpers for the other parsers (formint.h) --- */

char *kw_form_y_key(struct loader *L, const struct ynode *n, const char *what)
{
	return key_dup(L, n, what, false);
}

char *kw_form_y_text(struct loader *L, const struct ynode *n, const char *key)
{
	return text_dup(L, n, key);
}

int kw_form_y_integer(struct loader *L, const struct ynode *n, const char *key, long *out)
{
	return integer(L, n, key, out);
}

bool kw_form_y_want(struct loader *L, const struct ynode *n, enum ynode_type t, const char *what)
{
	return want(L, n, t, what);
}

void kw_form_y_keys(struct loader *L, const struct ynode *m, const char *const *allowed, size_t n,
		    const char *what)
{
	check_keys(L, m, allowed, n, what);
}

/* --- freeing --- */

void kw_list_spec_free(struct kw_list_spec *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nitems; i++) {
		free(l->items[i].key);
		free(l->items[i].label);
		free(l->items[i].help);
		kw_list_spec_free(l->items[i].need_levels);
	}
	free(l->items);
	free(l->key);
	free(l->title);
	free(l->help);
	free(l->file);
	free(l);
}

void kw_form_spec_free(struct kw_form_spec *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nfields; i++) {
		struct kw_field_spec *fs = &f->fields[i];

		free(fs->key);
		free(fs->label);
		free(fs->help);
		free(fs->pattern);
		free(fs->pattern_message);
		if (fs->has_re)
			regfree(&fs->re);
		free(fs->def_value);
		free(fs->show_if_field);
		for (size_t j = 0; j < fs->show_if_nvalues; j++)
			free(fs->show_if_values[j]);
		free(fs->show_if_values);
		free(fs->required_when_field);
		for (size_t j = 0; j < fs->required_when_nvalues; j++)
			free(fs->required_when_values[j]);
		free(fs->required_when_values);
		free(fs->required_when_message);
		free(fs->not_before);
		free(fs->not_before_message);
		free(fs->list_name);
		kw_list_spec_free(fs->options);
		free(fs->references);
	}
	free(f->fields);
	for (size_t i = 0; i < f->nsections; i++) {
		free(f->sections[i].title);
		free(f->sections[i].help);
	}
	free(f->sections);
	if (f->score != NULL) {
		for (size_t i = 0; i < f->score->nfields; i++)
			free(f->score->fields[i]);
		free(f->score->fields);
		free(f->score->at_fields);
		for (size_t i = 0; i < f->score->nlevels; i++) {
			free(f->score->levels[i].key);
			free(f->score->levels[i].label);
		}
		free(f->score->levels);
		free(f->score->counts);
		free(f->score->judgement);
		free(f->score->marac_level);
		free(f->score);
	}
	free(f->key);
	free(f->title);
	free(f->help);
	free(f->file);
	free(f);
}

const struct kw_list_item *kw_list_item_match(const struct kw_list_spec *l, const char *text)
{
	const struct kw_list_item *it = kw_list_item(l, text);

	if (it != NULL || l == NULL || text == NULL)
		return it;
	for (size_t i = 0; i < l->nitems; i++)
		if (strcasecmp(l->items[i].label, text) == 0)
			return &l->items[i];
	for (size_t i = 0; i < l->nitems; i++)
		if (strcasecmp(l->items[i].key, text) == 0)
			return &l->items[i];
	return NULL;
}
