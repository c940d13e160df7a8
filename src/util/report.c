/* report.c: freeing and finding reports, and the rows of a report's result. */
#include <stdlib.h>
#include <string.h>

#include "keywork/report.h"
#include "keywork/util.h"

const char *kw_rpop_name(enum kw_rpop p)
{
	switch (p) {
	case KW_RPOP_OPEN:
		return "open";
	case KW_RPOP_REFERRED:
		return "referred";
	case KW_RPOP_ALL:
		return "all";
	}
	return "?";
}

static void filters_free(struct kw_rfilter *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < f[i].nvalues; j++)
			free(f[i].values[j]);
		free(f[i].values);
	}
	free(f);
}

void kw_report_spec_free(struct kw_report_spec *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->ntables; i++) {
		struct kw_rtable *t = &r->tables[i];

		free(t->title);
		free(t->bands);
		filters_free(t->where, t->nwhere);
		for (size_t j = 0; j < t->nitems; j++) {
			free(t->keys[j]);
			free(t->labels[j]);
		}
		free(t->keys);
		free(t->labels);
	}
	for (size_t i = 0; i < r->ncohort; i++)
		filters_free(r->cohort[i].where, r->cohort[i].nwhere);
	free(r->cohort);
	free(r->tables);
	free(r->key);
	free(r->title);
	free(r->help);
	free(r->file);
	free(r->cohort_label);
	free(r);
}

void kw_report_pack_free(struct kw_report_pack **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	for (size_t i = 0; i < (*pp)->n; i++)
		kw_report_spec_free((*pp)->reports[i]);
	free((*pp)->reports);
	free(*pp);
	*pp = NULL;
}

const struct kw_report_spec *kw_report_find(const struct kw_report_pack *p, const char *key)
{
	for (size_t i = 0; p != NULL && key != NULL && i < p->n; i++)
		if (strcmp(p->reports[i]->key, key) == 0)
			return p->reports[i];
	return NULL;
}

struct kw_rrow *kw_rtable_row(struct kw_rtable_result *t, const char *key)
{
	struct kw_rrow *row;

	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].key, key) == 0)
			return &t->rows[i];
	if (t->nrows == t->cap) {
		t->cap = t->cap != 0 ? t->cap * 2 : 16;
		t->rows = kw_xrealloc(t->rows, t->cap * sizeof(*t->rows));
	}
	row = &t->rows[t->nrows++];
	memset(row, 0, sizeof(*row));
	row->key = kw_xstrdup(key);
	row->label = row->key;
	return row;
}

void kw_report_result_free(struct kw_report_result *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->ntables; i++) {
		for (size_t j = 0; j < r->tables[i].nrows; j++)
			free(r->tables[i].rows[j].key);
		free(r->tables[i].rows);
	}
	free(r->tables);
	memset(r, 0, sizeof(*r));
}
