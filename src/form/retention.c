/*
 * retention.c: the retention rules file ("retention: KEY"), read with the
 * forms so that `keywork forms check` reports its problems, located, with
 * theirs. The rules only say how long; src/app/retention.c applies them.
 */
#include <stdlib.h>
#include <string.h>

#include "form/formint.h"
#include "keywork/util.h"

#define AT(n) (n)->line, (n)->col
#define DIAG(L, n, ...) kw_form_diag(L, NULL, 0, AT(n), __VA_ARGS__)

static const char *const top_keys[] = {
	"retention",	       "title",	      "help", "rules", "child_protection", "court_orders",
	"erase_refused_while", "vacuum_after"
};
static const char *const rule_keys[] = { "key", "label", "after", "when", "years", "months" };

static const char *const events[] = { "last_episode_closed", "last_contact", "order_ended" };
static const char *const whens[] = { "always", "child_protection", "court_order", "no_episode" };
static const char *const stops[] = { "legal_hold", "child_protection", "court_date" };

/* The index of n's text among names, or -1 after reporting (with a suggestion). */
static int one_of(struct loader *L, const struct ynode *n, const char *key,
		  const char *const *names, size_t count)
{
	const char *hint;

	if (n->type == YN_SCALAR)
		for (size_t i = 0; i < count; i++)
			if (strcmp(n->value, names[i]) == 0)
				return (int)i;
	if (n->type != YN_SCALAR) {
		DIAG(L, n, "'%s' must be text", key);
		return -1;
	}
	hint = kw_form_suggest(n->value, names, count);
	if (hint != NULL)
		DIAG(L, n, "'%s' can't be '%.60s' (did you mean '%s'?)", key, n->value, hint);
	else
		DIAG(L, n, "'%s' can't be '%.60s'", key, n->value);
	return -1;
}

/* A list of keys (of a list in the pack: checked once the pack is whole). */
static void keys(struct loader *L, const struct ynode *n, const char *key, char ***out,
		 size_t *count, struct kw_mark *at)
{
	at->line = n->line;
	at->col = n->col;
	if (!kw_form_y_want(L, n, YN_SEQ, key))
		return;
	*out = kw_xcalloc(n->nkids + 1, sizeof(**out));
	for (size_t i = 0; i < n->nkids; i++) {
		char *k = kw_form_y_key(L, n->kids[i], key);

		if (k != NULL)
			(*out)[(*count)++] = k;
	}
}

static void parse_rule(struct loader *L, const struct ynode *m, struct kw_retention *r)
{
	struct kw_ret_rule *ru;
	const struct ynode *v;

	if (!kw_form_y_want(L, m, YN_MAP, "a retention rule"))
		return;
	kw_form_y_keys(L, m, rule_keys, KW_ARRAY_LEN(rule_keys), "a retention rule");
	ru = &r->rules[r->nrules];
	memset(ru, 0, sizeof(*ru));
	ru->at.line = m->line;
	ru->at.col = m->col;
	v = ytree_get(m, "key");
	if (v == NULL) {
		DIAG(L, m, "a retention rule needs 'key'");
		return;
	}
	if ((ru->key = kw_form_y_key(L, v, "key")) == NULL)
		return;
	if (strcmp(ru->key, "erasure") == 0) {
		DIAG(L, v,
		     "'erasure' names an erasure request in the tombstones: pick another key");
		free(ru->key);
		return;
	}
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i].key, ru->key) == 0) {
			DIAG(L, v, "a rule '%s' is already given at line %lu", ru->key,
			     r->rules[i].at.line);
			free(ru->key);
			return;
		}
	v = ytree_get(m, "label");
	ru->label = v != NULL ? kw_form_y_text(L, v, "label") : NULL;
	if (v == NULL)
		DIAG(L, m, "rule '%s' needs a 'label' (what a manager reads)", ru->key);
	v = ytree_get(m, "after");
	if (v == NULL) {
		DIAG(L, m,
		     "rule '%s' needs 'after': one of last_episode_closed, last_contact, "
		     "order_ended",
		     ru->key);
	} else {
		int e = one_of(L, v, "after", events, KW_ARRAY_LEN(events));

		if (e >= 0)
			ru->after = (enum kw_ret_event)e;
	}
	v = ytree_get(m, "when");
	if (v != NULL) {
		int w = one_of(L, v, "when", whens, KW_ARRAY_LEN(whens));

		if (w >= 0)
			ru->when = (enum kw_ret_when)w;
	}
	if ((v = ytree_get(m, "years")) != NULL &&
	    kw_form_y_integer(L, v, "years", &ru->years) == 0 && (ru->years < 0 || ru->years > 150))
		DIAG(L, v, "'years' must be from 0 to 150");
	if ((v = ytree_get(m, "months")) != NULL &&
	    kw_form_y_integer(L, v, "months", &ru->months) == 0 &&
	    (ru->months < 0 || ru->months > 1800))
		DIAG(L, v, "'months' must be from 0 to 1800");
	if (ytree_get(m, "years") == NULL && ytree_get(m, "months") == NULL)
		DIAG(L, m, "rule '%s' needs 'years' or 'months': how long after '%s'", ru->key,
		     events[ru->after]);
	else if (ru->years == 0 && ru->months == 0)
		DIAG(L, m, "rule '%s' keeps nothing at all: give a period longer than none",
		     ru->key);
	if (ru->label == NULL) {
		free(ru->key);
		return;
	}
	r->nrules++;
}

struct kw_retention *kw_retention_parse(struct loader *L, const struct ynode *root)
{
	struct kw_retention *r = kw_xcalloc(1, sizeof(*r));
	const struct ynode *v;

	r->file = kw_xstrdup(L->file != NULL ? L->file : "");
	r->at.line = root->line;
	r->at.col = root->col;
	r->vacuum_after = 20;
	r->erase_refused =
		KW_ERASE_STOP_HOLD | KW_ERASE_STOP_CHILD_PROTECTION | KW_ERASE_STOP_COURT_DATE;
	kw_form_y_keys(L, root, top_keys, KW_ARRAY_LEN(top_keys), "the retention rules");
	v = ytree_get(root, "retention");
	r->key = kw_form_y_key(L, v, "retention");
	if ((v = ytree_get(root, "title")) != NULL)
		r->title = kw_form_y_text(L, v, "title");
	v = ytree_get(root, "rules");
	if (v == NULL)
		DIAG(L, root, "the retention rules need 'rules:', a list of at least one rule");
	else if (kw_form_y_want(L, v, YN_SEQ, "'rules'")) {
		if (v->nkids == 0)
			DIAG(L, v, "'rules' is empty: give at least one rule");
		r->rules = kw_xcalloc(v->nkids + 1, sizeof(*r->rules));
		for (size_t i = 0; i < v->nkids; i++)
			parse_rule(L, v->kids[i], r);
	}
	if ((v = ytree_get(root, "child_protection")) != NULL)
		keys(L, v, "child_protection", &r->child_protection, &r->nchild_protection,
		     &r->at_child_protection);
	if ((v = ytree_get(root, "court_orders")) != NULL)
		keys(L, v, "court_orders", &r->court_orders, &r->ncourt_orders,
		     &r->at_court_orders);
	if ((v = ytree_get(root, "erase_refused_while")) != NULL &&
	    kw_form_y_want(L, v, YN_SEQ, "'erase_refused_while'")) {
		r->erase_refused = 0;
		for (size_t i = 0; i < v->nkids; i++) {
			int s = one_of(L, v->kids[i], "erase_refused_while", stops,
				       KW_ARRAY_LEN(stops));

			if (s >= 0)
				r->erase_refused |= 1u << s;
		}
	}
	if ((v = ytree_get(root, "vacuum_after")) != NULL &&
	    kw_form_y_integer(L, v, "vacuum_after", &r->vacuum_after) == 0 && r->vacuum_after < 1)
		DIAG(L, v, "'vacuum_after' must be 1 or more (women deleted in one run)");
	for (size_t i = 0; i < r->nrules; i++) {
		const struct kw_ret_rule *ru = &r->rules[i];

		if (ru->when == KW_RET_CHILD_PROTECTION && r->nchild_protection == 0)
			kw_form_diag(L, NULL, 0, ru->at.line, ru->at.col,
				     "rule '%s' is for child protection, but 'child_protection' "
				     "names no status of a child",
				     ru->key);
		if ((ru->when == KW_RET_COURT_ORDER || ru->after == KW_RET_ORDER_ENDED) &&
		    r->ncourt_orders == 0)
			kw_form_diag(L, NULL, 0, ru->at.line, ru->at.col,
				     "rule '%s' is about court orders, but 'court_orders' names "
				     "no kind of criminal justice record",
				     ru->key);
	}
	return r;
}

/* Each of keys must be an item of the pack's list lkey. */
static void check_keys_in(struct loader *L, const struct kw_form_pack *p, size_t order,
			  const struct kw_retention *r, char *const *k, size_t n, struct kw_mark at,
			  const char *what, const char *lkey)
{
	const struct kw_list_spec *l = kw_list_find(p, lkey);

	if (n == 0)
		return;
	if (l == NULL) {
		kw_form_diag(L, r->file, order, at.line, at.col,
			     "'%s' needs the list %s, and the pack has none", what, lkey);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (kw_list_item(l, k[i]) == NULL)
			kw_form_diag(L, r->file, order, at.line, at.col,
				     "'%s' names '%s', which is not an item of the list %s (%s)",
				     what, k[i], lkey, l->file);
}

void kw_retention_check(struct loader *L, const struct kw_form_pack *p, size_t order)
{
	const struct kw_retention *r = p->retention;

	check_keys_in(L, p, order, r, r->child_protection, r->nchild_protection,
		      r->at_child_protection, "child_protection", "child_legal_status");
	check_keys_in(L, p, order, r, r->court_orders, r->ncourt_orders, r->at_court_orders,
		      "court_orders", "cj_event_kinds");
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void kw_retention_free(struct kw_retention *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nrules; i++) {
		free(r->rules[i].key);
		free(r->rules[i].label);
	}
	free(r->rules);
	strv_free(r->child_protection, r->nchild_protection);
	strv_free(r->court_orders, r->ncourt_orders);
	free(r->key);
	free(r->title);
	free(r->file);
	free(r);
}
