/*
 * spec.c: what a form's spec says without YAML (spec.h): answers by field key,
 * the names of answer states, a field or list item by key, who may see or edit
 * a field. Shared by the loader, the store and the app.
 */
#include <stdlib.h>
#include <string.h>

#include "keywork/spec.h"
#include "keywork/util.h"

static struct kw_value *find(const struct kw_values *vs, const char *key)
{
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].key, key) == 0)
			return &vs->v[i];
	return NULL;
}

static struct kw_value *slot(struct kw_values *vs, const char *key)
{
	struct kw_value *v = find(vs, key);

	if (v != NULL)
		return v;
	if (vs->n == vs->cap) {
		vs->cap = vs->cap != 0 ? vs->cap * 2 : 16;
		vs->v = kw_xrealloc(vs->v, vs->cap * sizeof(*vs->v));
	}
	v = &vs->v[vs->n++];
	memset(v, 0, sizeof(*v));
	v->key = kw_xstrdup(key);
	return v;
}

void kw_values_set(struct kw_values *vs, const char *key, const char *text)
{
	struct kw_value *v = slot(vs, key);
	char *copy = kw_xstrdup_null(text);

	free(v->text);
	v->text = copy;
	v->state = text != NULL ? KW_STATE_ANSWERED : KW_STATE_NOT_ASKED;
}

void kw_values_set_state(struct kw_values *vs, const char *key, enum kw_state state)
{
	struct kw_value *v = slot(vs, key);

	free(v->text);
	v->text = NULL;
	v->state = state;
}

const struct kw_value *kw_values_get(const struct kw_values *vs, const char *key)
{
	return vs != NULL ? find(vs, key) : NULL;
}

void kw_values_free(struct kw_values *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].key);
		free(vs->v[i].text);
	}
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

bool kw_field_can_see(const struct kw_field_spec *fs, enum kw_role role)
{
	return role != KW_ROLE_NONE && (fs->see & KW_ROLE_BIT(role)) != 0;
}

bool kw_field_can_edit(const struct kw_field_spec *fs, enum kw_role role)
{
	return role != KW_ROLE_NONE && (fs->edit & KW_ROLE_BIT(role)) != 0 && !fs->retired;
}

void kw_field_errors_free(struct kw_field_errors *fe)
{
	free(fe->e);
	memset(fe, 0, sizeof(*fe));
}

const struct kw_field_spec *kw_form_field(const struct kw_form_spec *f, const char *key)
{
	if (f == NULL || key == NULL)
		return NULL;
	for (size_t i = 0; i < f->nfields; i++)
		if (f->fields[i].key != NULL && strcmp(f->fields[i].key, key) == 0)
			return &f->fields[i];
	return NULL;
}

const struct kw_list_item *kw_list_item(const struct kw_list_spec *l, const char *key)
{
	if (l == NULL || key == NULL)
		return NULL;
	for (size_t i = 0; i < l->nitems; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return &l->items[i];
	return NULL;
}

const char *kw_state_name(enum kw_state s)
{
	static const char *const names[] = { "answered", "unknown", "declined", "not_asked" };

	return (unsigned)s < KW_ARRAY_LEN(names) ? names[s] : "answered";
}

int kw_state_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "answered") == 0)
		return KW_STATE_ANSWERED;
	for (int i = KW_STATE_UNKNOWN; i <= KW_STATE_NOT_ASKED; i++)
		if (strcmp(s, kw_state_name((enum kw_state)i)) == 0)
			return i;
	return -1;
}
const struct kw_form_spec *kw_form_find(const struct kw_form_pack *p, const char *key)
{
	for (size_t i = 0; p != NULL && key != NULL && i < p->nforms; i++)
		if (strcmp(p->forms[i]->key, key) == 0)
			return p->forms[i];
	return NULL;
}

const struct kw_list_spec *kw_list_find(const struct kw_form_pack *p, const char *key)
{
	for (size_t i = 0; p != NULL && key != NULL && i < p->nlists; i++)
		if (strcmp(p->lists[i]->key, key) == 0)
			return p->lists[i];
	return NULL;
}
