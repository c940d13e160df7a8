/*
 * journey.c: her outcome scores made into a journey per pathway: the first
 * and latest score, the newest few for a small chart, and the distance
 * travelled. Only whole-number scores count ("not applicable" is no score,
 * and never a zero).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/regard.h"
#include "keywork/util.h"

/* The score as a whole number in *v, or false ("not_applicable", empty, junk). */
static bool whole(const char *s, int *v)
{
	long n = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return false;
		n = n * 10 + (*p - '0');
	}
	*v = (int)n;
	return true;
}

const struct kw_journey_path *kw_journey_find(const struct kw_journey *j, const char *pathway)
{
	for (size_t i = 0; i < j->n; i++)
		if (pathway != NULL && strcmp(j->p[i].pathway, pathway) == 0)
			return &j->p[i];
	return NULL;
}

void kw_journey_add(struct kw_journey *j, const struct kw_score_row *r)
{
	struct kw_journey_path *p = (struct kw_journey_path *)kw_journey_find(j, r->pathway);
	int v;

	if (r->pathway == NULL)
		return;
	if (p == NULL) {
		if (j->n == j->cap) {
			j->cap = j->cap != 0 ? j->cap * 2 : 8;
			j->p = kw_xrealloc(j->p, j->cap * sizeof(*j->p));
		}
		p = &j->p[j->n++];
		memset(p, 0, sizeof(*p));
		snprintf(p->pathway, sizeof(p->pathway), "%s", r->pathway);
	}
	snprintf(p->last_id, sizeof(p->last_id), "%s", r->id != NULL ? r->id : "");
	snprintf(p->last_on, sizeof(p->last_on), "%s", r->scored_on != NULL ? r->scored_on : "");
	p->last_not_score = !whole(r->score, &v);
	if (p->last_not_score)
		return;
	if (p->n == 0) {
		p->first = v;
		snprintf(p->first_on, sizeof(p->first_on), "%s", p->last_on);
	}
	p->n++;
	p->latest = v;
	snprintf(p->latest_on, sizeof(p->latest_on), "%s", p->last_on);
	if (p->nrecent == KW_JOURNEY_POINTS) {
		memmove(p->recent, p->recent + 1, (KW_JOURNEY_POINTS - 1) * sizeof(p->recent[0]));
		p->nrecent--;
	}
	p->recent[p->nrecent++] = v;
}

int kw_journey_distance(const struct kw_journey_path *p)
{
	return p->n >= 2 ? p->latest - p->first : 0;
}

void kw_journey_free(struct kw_journey *j)
{
	free(j->p);
	memset(j, 0, sizeof(*j));
}
