/*
 * report.c: the query builder that turns a report (keywork/report.h) into
 * one SQL statement and runs it.
 *
 * Table and column names in the SQL come only from the compiled-in catalog
 * (kinds.c) the report's fields were resolved against when it was loaded;
 * field keys, the values a filter names and the period are bound as
 * parameters (?1 the period's first day, ?2 its last). An answer is read the
 * way formdata.c keeps it: the core column or the custom value, with its
 * state (unknown, declined, not asked) from custom_values beside it; no
 * answer at all reads as "not asked yet".
 *
 * The shape is what keeps a year's report on a large caseload quick:
 *  - the women (pop) and the cohort (coh) are worked out once for the whole
 *    report, not once per table;
 *  - each custom field a report reads is taken from custom_values in one
 *    pass (a set fN, joined by record id), not looked up record by record;
 *  - tables that count the same kind of record over the same dates share one
 *    pass over those records (a group gN, one answer column per table, NULL
 *    where the table's filter leaves the record out);
 *  - a change table finds each woman's first and last score in one window
 *    pass, and keeps only the women of the report after that.
 * Every table's rows come back from the one statement: a pass's own rows
 * (each woman or record with her answers, tagged -2 - the pass's first
 * table), counted by answer here in C as they are read (a hash per table;
 * ten GROUP BYs over 200,000 women sorted them ten times), each change
 * table's rows grouped by SQL, tagged with the table's index, and the row
 * tagged -1 holding the women and the cohort.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "keywork/report.h"
#include "keywork/util.h"

#define SCHEMA(sensitive) ((sensitive) ? "s" : "main")
#define MAX_PARAMS 200
#define MAX_SETS 64

struct q {
	struct kw_buf sql;
	const char *params[MAX_PARAMS];
	int n;
	bool overflow;
	/* The custom fields read as sets fN(rid, value, state), by key and compartment. */
	struct {
		const char *key;
		bool sensitive;
	} sets[MAX_SETS];
	size_t nsets;
	/*
	 * Inside a pass: sets are joined as jN on the record (used marks which)
	 * and as kN on its parent record (usedp), the detail row as dt, the
	 * parent record (a closure's episode, an attendance's session) as pa.
	 */
	bool joined;
	bool used[MAX_SETS], usedp[MAX_SETS];
	bool detail, parent;
};

/* Appends a parameter holding v (which must outlive the statement). */
static void param(struct q *q, const char *v)
{
	if (q->n == MAX_PARAMS) {
		q->overflow = true;
		kw_buf_adds(&q->sql, "NULL");
		return;
	}
	q->params[q->n++] = v;
	kw_buf_printf(&q->sql, "?%d", q->n);
}

/* The set holding field f's custom values and states, made if new. */
static size_t set_of(struct q *q, const struct kw_rfield *f)
{
	size_t i;

	for (i = 0; i < q->nsets; i++)
		if (q->sets[i].sensitive == f->sensitive && strcmp(q->sets[i].key, f->key) == 0)
			return i;
	if (q->nsets == MAX_SETS) {
		q->overflow = true;
		return 0;
	}
	q->sets[i].key = f->key;
	q->sets[i].sensitive = f->sensitive;
	q->nsets++;
	return i;
}

/* Whether a record of kind k names its woman itself (else its parent record does). */
static bool direct(const struct kw_kind *k)
{
	const struct kw_column *c = kw_kind_column(k, "client_id");

	return strcmp(k->name, "client") == 0 ||
	       (k->parent_kind != NULL && strcmp(k->parent_kind, "client") == 0) ||
	       (c != NULL && c->type == KW_COL_REF && strcmp(c->refkind, "client") == 0);
}

/* The column of a record of kind k (direct) naming its woman, after its alias x. */
static void client_col(struct q *q, const struct kw_kind *k, const char *x)
{
	if (strcmp(k->name, "client") == 0)
		kw_buf_printf(&q->sql, "%s.id", x);
	else if (k->parent_kind != NULL && strcmp(k->parent_kind, "client") == 0)
		kw_buf_printf(&q->sql, "%s.%s", x, k->parent_col);
	else
		kw_buf_printf(&q->sql, "%s.client_id", x);
}

/* The id of the woman a record x of kind k belongs to: its own, or its parent's (pa). */
static void client_of(struct q *q, const struct kw_kind *k, const char *x)
{
	if (direct(k) || k->parent_kind == NULL) {
		client_col(q, k, x);
		return;
	}
	q->parent = true;
	client_col(q, kw_kind_find(k->parent_kind), "pa");
}

/* The stored text of field f of record x (NULL when none). */
static void value_of(struct q *q, const struct kw_rfield *f, const char *x)
{
	const struct kw_kind *k = f->kind;

	if (f->parent && q->joined) {
		q->parent = true;
		x = "pa";
	}
	if (f->column == NULL && q->joined) {
		size_t i = set_of(q, f);

		if (f->parent)
			q->usedp[i] = true;
		else
			q->used[i] = true;
		kw_buf_printf(&q->sql, "%c%zu.value", f->parent ? 'k' : 'j', i);
	} else if (f->column == NULL) {
		kw_buf_printf(&q->sql,
			      "(SELECT v.value FROM %s.custom_values v WHERE v.record_id = %s.id "
			      "AND v.field_key = ",
			      SCHEMA(f->sensitive), x);
		param(q, f->key);
		kw_buf_adds(&q->sql, ")");
	} else if (kw_kind_column_table(k, f->column) == k->table) {
		kw_buf_printf(&q->sql, "%s.%s", x, f->column->name);
	} else if (q->joined && !f->parent) {
		q->detail = true;
		kw_buf_printf(&q->sql, "dt.%s", f->column->name);
	} else {
		kw_buf_printf(&q->sql, "(SELECT d.%s FROM %s.%s d WHERE d.%s = %s.id)",
			      f->column->name, SCHEMA(f->column->sensitive), k->detail,
			      k->detail_key, x);
	}
}

/* The state of field f of the record in hand (NULL: answered, or nothing beside a column). */
static void state_of(struct q *q, const struct kw_rfield *f)
{
	size_t i = set_of(q, f);

	if (f->parent) {
		q->parent = true;
		q->usedp[i] = true;
	} else {
		q->used[i] = true;
	}
	kw_buf_printf(&q->sql, "%c%zu.state", f->parent ? 'k' : 'j', i);
}

/*
 * The row an answer of record x goes in: the answer's key, ":unknown",
 * ":declined" or ":not_asked"; with age bands her age in years on the
 * period's last day. Only inside a group's pass (q->joined).
 */
static void answer_of(struct q *q, const struct kw_rtable *t, const char *x)
{
	const struct kw_rfield *f = &t->by;

	kw_buf_adds(&q->sql, "CASE coalesce(");
	state_of(q, f);
	kw_buf_adds(&q->sql, ", 'answered') WHEN 'answered' THEN ");
	if (t->per != KW_RPER_NONE) {
		/* The Monday the week began, or the month (YYYY-MM). */
		kw_buf_adds(&q->sql, "CASE WHEN date(substr(");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, ", 1, 10)) IS NULL THEN ':not_asked' ELSE ");
		kw_buf_adds(&q->sql,
			    t->per == KW_RPER_WEEK ? "date(substr(" : "substr(date(substr(");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, t->per == KW_RPER_WEEK ? ", 1, 10), 'weekday 0', '-6 days')"
							    : ", 1, 10)), 1, 7)");
		kw_buf_adds(&q->sql, " END");
	} else if (t->bands != NULL) {
		kw_buf_adds(&q->sql, "CASE WHEN date(");
		value_of(q, f, x);
		kw_buf_adds(&q->sql,
			    ") IS NULL THEN ':not_asked' ELSE CAST(CAST(strftime('%Y', ?2) "
			    "AS INTEGER) - CAST(strftime('%Y', ");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, ") AS INTEGER) - (strftime('%m-%d', ?2) < strftime('%m-%d', ");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, ")) AS TEXT) END");
	} else {
		kw_buf_adds(&q->sql, "coalesce(nullif(CAST(");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, " AS TEXT), ''), ':not_asked')");
	}
	kw_buf_adds(&q->sql, " ELSE ':' || ");
	state_of(q, f);
	kw_buf_adds(&q->sql, " END");
}

/* " AND ..." for each filter on record x. */
static void filters(struct q *q, const struct kw_rfilter *w, size_t n, const char *x)
{
	for (size_t i = 0; i < n; i++) {
		kw_buf_adds(&q->sql, " AND (");
		for (size_t j = 0; j < w[i].nvalues; j++) {
			if (j > 0)
				kw_buf_adds(&q->sql, " OR ");
			if (w[i].field.multi) {
				kw_buf_adds(&q->sql, "instr(',' || ");
				value_of(q, &w[i].field, x);
				kw_buf_adds(&q->sql, " || ',', ',' || ");
				param(q, w[i].values[j]);
				kw_buf_adds(&q->sql, " || ',') > 0");
			} else {
				value_of(q, &w[i].field, x);
				kw_buf_adds(&q->sql, " = ");
				param(q, w[i].values[j]);
			}
		}
		if (w[i].nvalues == 0)
			kw_buf_adds(&q->sql, "0");
		kw_buf_adds(&q->sql, ")");
	}
}

/*
 * " AND date in the period" for record x, when the table is dated; " AND open
 * on the last day" for an episode, when the table counts those still open.
 */
static void dated(struct q *q, const struct kw_rtable *t, const char *x)
{
	if (t->open_at_end)
		kw_buf_printf(
			&q->sql,
			" AND %s.opened_on IS NOT NULL AND %s.opened_on <= ?2 AND (%s.closed_on "
			"IS NULL OR %s.closed_on > ?2)",
			x, x, x, x);
	if (!t->has_dated)
		return;
	kw_buf_adds(&q->sql, " AND substr(");
	value_of(q, &t->dated, x);
	kw_buf_adds(&q->sql, ", 1, 10) BETWEEN ?1 AND ?2");
}

/* pop(cid) (the report's women) and coh(cid) (its cohort, maybe empty), each worked out once. */
static void with_population(struct q *q, const struct kw_report_spec *r)
{
	kw_buf_adds(&q->sql, "pop(cid) AS MATERIALIZED (");
	switch (r->population) {
	case KW_RPOP_OPEN:
		kw_buf_adds(&q->sql, "SELECT DISTINCT client_id FROM main.episodes WHERE "
				     "opened_on IS NOT NULL AND opened_on <= ?2 AND (closed_on IS "
				     "NULL OR closed_on >= ?1)");
		break;
	case KW_RPOP_REFERRED:
		kw_buf_adds(&q->sql, "SELECT DISTINCT client_id FROM main.episodes WHERE "
				     "referred_on >= ?1 AND referred_on <= ?2");
		break;
	case KW_RPOP_ALL:
		kw_buf_adds(&q->sql, "SELECT id FROM main.clients");
		break;
	}
	kw_buf_adds(&q->sql, "), coh(cid) AS MATERIALIZED (");
	if (r->ncohort == 0) {
		kw_buf_adds(&q->sql, "SELECT NULL WHERE 0)");
		return;
	}
	kw_buf_adds(&q->sql, "SELECT cid FROM pop WHERE 1");
	for (size_t i = 0; i < r->ncohort; i++) {
		const struct kw_kind *k = r->cohort[i].kind;
		char alias[32];

		snprintf(alias, sizeof(alias), "c%zu", i);
		kw_buf_printf(&q->sql, " AND EXISTS (SELECT 1 FROM %s.%s %s WHERE ",
			      SCHEMA(k->sensitive), k->table, alias);
		client_of(q, k, alias);
		kw_buf_adds(&q->sql, " = pop.cid");
		filters(q, r->cohort[i].where, r->cohort[i].nwhere, alias);
		kw_buf_adds(&q->sql, ")");
	}
	kw_buf_adds(&q->sql, ")");
}

/* Whether tables a and b count the same records over the same dates (one pass serves both). */
static bool same_pass(const struct kw_rtable *a, const struct kw_rtable *b)
{
	if (a->count == KW_RCOUNT_CHANGE || b->count == KW_RCOUNT_CHANGE)
		return false;
	if (a->of != b->of || a->has_dated != b->has_dated || a->open_at_end != b->open_at_end)
		return false;
	return !a->has_dated ||
	       (a->dated.kind == b->dated.kind && a->dated.column == b->dated.column &&
		a->dated.sensitive == b->dated.sensitive && a->dated.parent == b->dated.parent &&
		strcmp(a->dated.key, b->dated.key) == 0);
}

/*
 * The FROM of a pass over records x of kind k: the table, then the parent
 * record, the sets and the detail row that the expressions written since
 * the pass began used (q->parent, q->used, q->usedp, q->detail), joined by
 * record id.
 */
static void pass_from(struct q *q, const struct kw_kind *k)
{
	const struct kw_kind *p = k->parent_kind != NULL ? kw_kind_find(k->parent_kind) : NULL;

	kw_buf_printf(&q->sql, " FROM %s.%s x", SCHEMA(k->sensitive), k->table);
	if (q->parent && p != NULL)
		kw_buf_printf(&q->sql, " LEFT JOIN %s.%s pa ON pa.id = x.%s", SCHEMA(p->sensitive),
			      p->table, k->parent_col);
	for (size_t i = 0; i < q->nsets; i++) {
		if (q->used[i])
			kw_buf_printf(&q->sql, " LEFT JOIN f%zu j%zu ON j%zu.rid = x.id", i, i, i);
		if (q->usedp[i])
			kw_buf_printf(&q->sql, " LEFT JOIN f%zu k%zu ON k%zu.rid = pa.id", i, i, i);
	}
	if (q->detail) {
		bool sens = false;

		for (size_t c = 0; c < k->ncols; c++)
			if (kw_kind_column_table(k, &k->cols[c]) != k->table)
				sens = k->cols[c].sensitive;
		kw_buf_printf(&q->sql, " LEFT JOIN %s.%s dt ON dt.%s = x.id", SCHEMA(sens),
			      k->detail, k->detail_key);
	}
}

/* Starts a pass: nothing joined yet; the expressions go to a buffer of their own. */
static struct kw_buf pass_begin(struct q *q)
{
	struct kw_buf outer = q->sql;

	memset(&q->sql, 0, sizeof(q->sql));
	memset(q->used, 0, sizeof(q->used));
	memset(q->usedp, 0, sizeof(q->usedp));
	q->detail = false;
	q->parent = false;
	q->joined = true;
	return outer;
}

/* Ends a pass: its text (select list and where, split at "\x01" for the FROM) goes to outer. */
static void pass_end(struct q *q, struct kw_buf outer, const struct kw_kind *k)
{
	struct kw_buf inner = q->sql;
	char *cut = inner.p != NULL ? strchr(inner.p, '\x01') : NULL;

	q->sql = outer;
	q->joined = false;
	if (cut == NULL) {
		q->overflow = true;
		kw_buf_free(&inner);
		return;
	}
	*cut = '\0';
	kw_buf_adds(&q->sql, inner.p);
	pass_from(q, k);
	kw_buf_adds(&q->sql, cut + 1);
	kw_buf_free(&inner);
}

/* gI(cid, v0, ...): one pass over the records of the tables that grp says table i serves. */
static void group_pass(struct q *q, const struct kw_report_spec *r, size_t i, const size_t *grp)
{
	const struct kw_rtable *t = &r->tables[i];
	const struct kw_kind *k = t->of;
	struct kw_buf outer;

	kw_buf_printf(&q->sql, ", g%zu AS (SELECT ", i);
	outer = pass_begin(q);
	client_of(q, k, "x");
	kw_buf_adds(&q->sql, " AS cid");
	for (size_t j = i; j < r->ntables; j++) {
		const struct kw_rtable *u = &r->tables[j];

		if (grp[j] != i)
			continue;
		kw_buf_adds(&q->sql, ", ");
		if (u->nwhere > 0) {
			kw_buf_adds(&q->sql, "CASE WHEN 1");
			filters(q, u->where, u->nwhere, "x");
			kw_buf_adds(&q->sql, " THEN ");
		}
		answer_of(q, u, "x");
		if (u->nwhere > 0)
			kw_buf_adds(&q->sql, " END");
		kw_buf_printf(&q->sql, " AS v%zu", j);
	}
	kw_buf_adds(&q->sql, "\x01 WHERE ");
	client_of(q, k, "x");
	kw_buf_adds(&q->sql, " IN (SELECT cid FROM pop)");
	dated(q, t, "x");
	pass_end(q, outer, k);
	kw_buf_adds(&q->sql, ")");
}

/*
 * For a change table i: cI(cid, v, ch, inc): each woman of the report with
 * two or more scores on a row, her last less her first (by the order field,
 * then record id), and whether she is in the cohort.
 */
static void change_pass(struct q *q, const struct kw_rtable *t, size_t i)
{
	const struct kw_kind *k = t->of;
	struct kw_buf outer;

	kw_buf_printf(&q->sql, ", r%zu(cid, v, sc, d, id) AS (SELECT ", i);
	outer = pass_begin(q);
	client_of(q, k, "x");
	kw_buf_adds(&q->sql, ", ");
	answer_of(q, t, "x");
	kw_buf_adds(&q->sql, ", CAST(");
	value_of(q, &t->value, "x");
	kw_buf_adds(&q->sql, " AS REAL), ");
	value_of(q, &t->order, "x");
	kw_buf_adds(&q->sql, ", x.id\x01 WHERE CAST(");
	value_of(q, &t->value, "x");
	kw_buf_adds(&q->sql, " AS TEXT) GLOB '[0-9]*' AND ");
	value_of(q, &t->order, "x");
	kw_buf_adds(&q->sql, " IS NOT NULL");
	filters(q, t->where, t->nwhere, "x");
	dated(q, t, "x");
	pass_end(q, outer, k);
	kw_buf_printf(&q->sql,
		      "), o%zu AS (SELECT cid, v, count(*) OVER w AS n, row_number() OVER w AS "
		      "rn, first_value(sc) OVER w AS f, last_value(sc) OVER w AS l FROM r%zu "
		      "WINDOW w AS (PARTITION BY cid, v ORDER BY d, id ROWS BETWEEN UNBOUNDED "
		      "PRECEDING AND UNBOUNDED FOLLOWING)), c%zu AS (SELECT cid, v, l - f AS ch, "
		      "cid IN (SELECT cid FROM coh) AS inc FROM o%zu WHERE rn = 1 AND n >= 2 AND "
		      "cid IN (SELECT cid FROM pop))",
		      i, i, i, i);
}

/* The band key an age in years falls in ("0" under the first band). */
static const char *band(const struct kw_rtable *t, const char *age, char *buf, size_t len)
{
	long a = strtol(age, NULL, 10), lo = 0;

	for (size_t i = 0; i < t->nbands; i++)
		if (a >= t->bands[i])
			lo = t->bands[i];
	snprintf(buf, len, "%ld", lo);
	return buf;
}

/* Whether table j is counted from the rows of the pass table lead leads (its answer a column). */
static bool serves(const struct kw_report_spec *r, const size_t *grp, size_t lead, size_t j)
{
	return grp[j] == lead && r->tables[j].count != KW_RCOUNT_CHANGE;
}

/* The number of columns every row of the statement has: a change table's eight, or a pass's. */
static size_t width(const struct kw_report_spec *r, const size_t *grp)
{
	size_t w = 8;

	for (size_t i = 0; i < r->ntables; i++) {
		size_t n = 0;

		for (size_t j = i; j < r->ntables; j++)
			n += serves(r, grp, i, j);
		if (3 + n > w)
			w = 3 + n;
	}
	return w;
}

static void pad(struct q *q, size_t from, size_t w)
{
	for (size_t c = from; c < w; c++)
		kw_buf_adds(&q->sql, ", NULL");
}

/*
 * The whole report's statement (see the top of this file). grp[i] is the
 * table whose pass counts table i (i itself when it leads one).
 */
static void build(struct q *q, const struct kw_report_spec *r, const size_t *grp)
{
	struct kw_buf passes = { 0 }, head;
	size_t w = width(r, grp);

	/* The passes first (they name the sets they read), then the sets before them. */
	head = q->sql;
	q->sql = passes;
	for (size_t i = 0; i < r->ntables; i++) {
		if (r->tables[i].count == KW_RCOUNT_CHANGE)
			change_pass(q, &r->tables[i], i);
		else if (grp[i] == i)
			group_pass(q, r, i, grp);
	}
	passes = q->sql;
	q->sql = head;
	kw_buf_adds(&q->sql, "WITH ");
	with_population(q, r);
	for (size_t i = 0; i < q->nsets; i++) {
		kw_buf_printf(&q->sql,
			      ", f%zu(rid, value, state) AS MATERIALIZED (SELECT record_id, value, "
			      "state FROM %s.custom_values WHERE field_key = ",
			      i, SCHEMA(q->sets[i].sensitive));
		param(q, q->sets[i].key);
		kw_buf_adds(&q->sql, ")");
	}
	if (passes.p != NULL)
		kw_buf_adds(&q->sql, passes.p);
	kw_buf_free(&passes);
	kw_buf_adds(&q->sql, " SELECT -1, NULL, (SELECT count(*) FROM pop), (SELECT count(*) FROM "
			     "coh)");
	pad(q, 4, w);
	for (size_t i = 0; i < r->ntables; i++) {
		const struct kw_rtable *t = &r->tables[i];
		size_t n = 3;

		if (t->count == KW_RCOUNT_CHANGE) {
			kw_buf_printf(&q->sql,
				      " UNION ALL SELECT %zu, v, count(*), sum(inc), avg(ch), "
				      "avg(CASE WHEN inc THEN ch END), sum(ch > 0), sum(ch > 0 AND "
				      "inc)",
				      i);
			pad(q, 8, w);
			kw_buf_printf(&q->sql, " FROM c%zu GROUP BY v", i);
			continue;
		}
		if (grp[i] != i)
			continue;
		/* The pass's own rows: who, whether in the cohort, an answer per table it serves. */
		kw_buf_printf(&q->sql,
			      " UNION ALL SELECT -2 - %zu, cid, cid IN (SELECT cid FROM coh)", i);
		for (size_t j = i; j < r->ntables; j++)
			if (serves(r, grp, i, j)) {
				kw_buf_printf(&q->sql, ", v%zu", j);
				n++;
			}
		pad(q, n, w);
		kw_buf_printf(&q->sql, " FROM g%zu", i);
	}
}

/*
 * Counts by answer, gathered as a pass's rows are read: an open-addressed
 * hash of the answer (or, for a count of women, the answer and the woman)
 * to its two figures, everyone's and the cohort's.
 */
struct tally {
	struct tally_slot {
		char *key;
		long n[2];
	} * slots;
	size_t cap, used;
};

static size_t tally_hash(const char *k)
{
	size_t h = 14695981039346656037u;

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211u;
	return h;
}

/* The slot of key in t, made (with figures 0) if new; *made says which. */
static struct tally_slot *tally_at(struct tally *t, const char *key, bool *made)
{
	size_t i;

	if (2 * (t->used + 1) > t->cap) {
		struct tally old = *t;

		t->cap = old.cap != 0 ? 2 * old.cap : 64;
		t->slots = kw_xcalloc(t->cap, sizeof(*t->slots));
		t->used = 0;
		for (size_t o = 0; o < old.cap; o++) {
			if (old.slots[o].key == NULL)
				continue;
			for (i = tally_hash(old.slots[o].key) & (t->cap - 1);
			     t->slots[i].key != NULL; i = (i + 1) & (t->cap - 1))
				;
			t->slots[i] = old.slots[o];
			t->used++;
		}
		free(old.slots);
	}
	for (i = tally_hash(key) & (t->cap - 1); t->slots[i].key != NULL;
	     i = (i + 1) & (t->cap - 1))
		if (strcmp(t->slots[i].key, key) == 0) {
			*made = false;
			return &t->slots[i];
		}
	t->slots[i].key = kw_xstrdup(key);
	t->used++;
	*made = true;
	return &t->slots[i];
}

static void tally_free(struct tally *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].key);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static int by_key(const void *a, const void *b)
{
	const struct tally_slot *x = a, *y = b;

	return strcmp(x->key, y->key);
}

/* One answer v of table t for woman cid (inc: in the cohort) into its counts. */
static void tally_one(const struct kw_rtable *t, struct tally *counts, struct tally *seen,
		      const char *v, const char *cid, bool inc)
{
	struct tally_slot *slot;
	bool made;

	if (t->count == KW_RCOUNT_WOMEN && strcmp(t->of->name, "client") != 0) {
		/* A woman once per answer, however many of her records give it. */
		size_t lv = strlen(v), lc = cid != NULL ? strlen(cid) : 0;
		char *pair = kw_xmalloc(lv + lc + 2);

		memcpy(pair, v, lv);
		pair[lv] = '\x1f';
		memcpy(pair + lv + 1, cid != NULL ? cid : "", lc + 1);
		tally_at(seen, pair, &made);
		free(pair);
		if (!made)
			return;
	}
	slot = tally_at(counts, v, &made);
	slot->n[0]++;
	slot->n[1] += inc;
}

/*
 * Adds the figures of the rows keyed v (an answer, or one of several in it;
 * an age, banded) of table out to its rows.
 */
static void take_counts(struct kw_rtable_result *out, const char *v, long n0, long n1)
{
	const struct kw_rtable *t = out->spec;
	char buf[32], *copy, *save = NULL;

	if (t->count == KW_RCOUNT_RECORDS) {
		out->total[0] += n0;
		out->total[1] += n1;
	}
	if (t->bands != NULL && v[0] != ':')
		v = band(t, v, buf, sizeof(buf));
	if (!t->by.multi || v[0] == ':') {
		struct kw_rrow *row = kw_rtable_row(out, v);

		row->n[0] += n0;
		row->n[1] += n1;
		return;
	}
	copy = kw_xstrdup(v);
	for (char *item = strtok_r(copy, ",", &save); item != NULL;
	     item = strtok_r(NULL, ",", &save)) {
		struct kw_rrow *row = kw_rtable_row(out, item);

		row->n[0] += n0;
		row->n[1] += n1;
	}
	free(copy);
}

/*
 * Adds the rows of t's weeks (the Monday each began) or months (YYYY-MM)
 * from the one holding from to the one holding to, so a week or a month
 * with nothing in it shows 0 rather than no row.
 */
static void per_rows(struct kw_rtable_result *t, const char *from, const char *to)
{
	struct tm tm = { 0 };
	char key[11];

	tm.tm_year = atoi(from) - 1900;
	tm.tm_mon = atoi(from + 5) - 1;
	tm.tm_mday = t->spec->per == KW_RPER_MONTH ? 1 : atoi(from + 8);
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	if (t->spec->per == KW_RPER_WEEK) {
		tm.tm_mday -= (tm.tm_wday + 6) % 7; /* back to Monday */
		mktime(&tm);
	}
	for (;;) {
		strftime(key, sizeof(key), t->spec->per == KW_RPER_WEEK ? "%Y-%m-%d" : "%Y-%m",
			 &tm);
		if (strncmp(key, to, strlen(key)) > 0)
			break;
		kw_rtable_row(t, key);
		if (t->spec->per == KW_RPER_WEEK)
			tm.tm_mday += 7;
		else
			tm.tm_mon++;
		tm.tm_isdst = -1;
		mktime(&tm);
	}
}

/* Adds one row of a change table (an answer v, with its figures) to out. */
static void take_change(struct kw_rtable_result *out, sqlite3_stmt *s, const char *v)
{
	long n0 = sqlite3_column_int64(s, 2), n1 = sqlite3_column_int64(s, 3);
	struct kw_rrow *row = kw_rtable_row(out, v != NULL ? v : ":not_asked");

	row->n[0] = n0;
	row->n[1] = n1;
	row->change[0] = sqlite3_column_double(s, 4);
	row->change[1] = sqlite3_column_double(s, 5);
	row->improved[0] = sqlite3_column_int64(s, 6);
	row->improved[1] = sqlite3_column_int64(s, 7);
	out->total[0] += n0;
	out->total[1] += n1;
}

int kw_db_report_run(struct kw_store *st, const struct kw_report_spec *r, const char *from,
		     const char *to, struct kw_rtable_result *out, struct kw_err *err)
{
	struct q q = { 0 };
	size_t *grp = kw_xcalloc(r->ntables + 1, sizeof(size_t));
	sqlite3_stmt *s = NULL;
	struct tally *counts = NULL, *seen = NULL;
	long pop[2] = { 0, 0 };
	int step, rc = -1;

	for (size_t i = 0; i < r->ntables; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].spec = &r->tables[i];
	}
	if (r->sensitive && !st->sensitive) {
		kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
			   "this report reads the sensitive compartment, which your role "
			   "does not open");
		goto out;
	}
	q.params[q.n++] = from;
	q.params[q.n++] = to;
	/* Each table is counted by the first pass over the same records and dates. */
	for (size_t i = 0; i < r->ntables; i++) {
		grp[i] = i;
		for (size_t j = 0; j < i; j++)
			if (grp[j] == j && same_pass(&r->tables[j], &r->tables[i])) {
				grp[i] = j;
				break;
			}
	}
	build(&q, r, grp);
	if (q.overflow) {
		kw_err_set(err, KW_EDATA, "the report asks too much of one query");
		goto out;
	}
	if (sqlite3_prepare_v2(st->db, q.sql.p, -1, &s, NULL) != SQLITE_OK) {
		kw_db_fail(st, "preparing a report's query", err);
		goto out;
	}
	for (int i = 0; i < q.n; i++)
		kw_bind_text(s, i + 1, q.params[i]);
	counts = kw_xcalloc(r->ntables, sizeof(*counts));
	seen = kw_xcalloc(r->ntables, sizeof(*seen));
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64 ti = sqlite3_column_int64(s, 0);

		if (ti == -1) {
			pop[0] = sqlite3_column_int64(s, 2);
			pop[1] = sqlite3_column_int64(s, 3);
		} else if (ti >= 0 && (size_t)ti < r->ntables) {
			take_change(&out[ti], s, (const char *)sqlite3_column_text(s, 1));
		} else if (ti < -1 && (size_t)(-2 - ti) < r->ntables) {
			/* A pass's row: each table it serves, its answer in the next column. */
			size_t lead = (size_t)(-2 - ti);
			const char *cid = (const char *)sqlite3_column_text(s, 1);
			bool inc = sqlite3_column_int(s, 2) != 0;
			int col = 3;

			for (size_t j = lead; j < r->ntables; j++) {
				const char *v;

				if (!serves(r, grp, lead, j))
					continue;
				v = (const char *)sqlite3_column_text(s, col++);
				if (v != NULL)
					tally_one(&r->tables[j], &counts[j], &seen[j], v, cid, inc);
			}
		}
	}
	if (step != SQLITE_DONE) {
		kw_db_fail(st, "running a report", err);
		goto out;
	}
	/* Each answer's figures, in the order of its key (as a GROUP BY gave them). */
	for (size_t i = 0; i < r->ntables; i++) {
		struct tally *t = &counts[i];
		size_t n = 0;

		for (size_t k = 0; k < t->cap; k++)
			if (t->slots[k].key != NULL)
				t->slots[n++] = t->slots[k];
		for (size_t k = n; k < t->cap; k++)
			t->slots[k].key = NULL;
		if (n > 0)
			qsort(t->slots, n, sizeof(*t->slots), by_key);
		for (size_t k = 0; k < n; k++)
			take_counts(&out[i], t->slots[k].key, t->slots[k].n[0], t->slots[k].n[1]);
	}
	for (size_t i = 0; i < r->ntables; i++) {
		const struct kw_rtable *t = &r->tables[i];

		if (t->count == KW_RCOUNT_WOMEN) {
			out[i].total[0] = pop[0];
			out[i].total[1] = pop[1];
		}
		if (t->per != KW_RPER_NONE)
			per_rows(&out[i], from, to);
		/* Each woman or record is in one row, unless answers hold several keys. */
		out[i].additive =
			!t->by.multi &&
			(t->count == KW_RCOUNT_RECORDS ||
			 (t->count == KW_RCOUNT_WOMEN && strcmp(t->of->name, "client") == 0));
	}
	rc = 0;
out:
	sqlite3_finalize(s);
	for (size_t i = 0; counts != NULL && i < r->ntables; i++) {
		tally_free(&counts[i]);
		tally_free(&seen[i]);
	}
	free(counts);
	free(seen);
	kw_buf_free(&q.sql);
	free(grp);
	return rc;
}
