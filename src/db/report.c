/*
 * report.c: the query builder that turns one table of a report
 * (keywork/report.h) into SQL and runs it.
 *
 * Table and column names in the SQL come only from the compiled-in catalog
 * (kinds.c) the report's fields were resolved against when it was loaded;
 * field keys, the values a filter names and the period are bound as
 * parameters. An answer is read the way formdata.c keeps it: the core
 * column or the custom value, with its state (unknown, declined, not asked)
 * from custom_values beside it; no answer at all reads as "not asked yet".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keywork/report.h"
#include "keywork/util.h"

#define SCHEMA(sensitive) ((sensitive) ? "s" : "main")
#define MAX_PARAMS 200

struct q {
	struct kw_buf sql;
	const char *params[MAX_PARAMS];
	int n;
	bool overflow;
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

/* The id of the woman a record x of kind k belongs to. */
static void client_of(struct q *q, const struct kw_kind *k, const char *x)
{
	if (strcmp(k->name, "client") == 0)
		kw_buf_printf(&q->sql, "%s.id", x);
	else if (k->parent_kind != NULL && strcmp(k->parent_kind, "client") == 0)
		kw_buf_printf(&q->sql, "%s.%s", x, k->parent_col);
	else
		kw_buf_printf(&q->sql, "%s.client_id", x);
}

/* The stored text of field f of record x (NULL when none). */
static void value_of(struct q *q, const struct kw_rfield *f, const char *x)
{
	const struct kw_kind *k = f->kind;

	if (f->column == NULL) {
		kw_buf_printf(&q->sql,
			      "(SELECT v.value FROM %s.custom_values v WHERE v.record_id = %s.id "
			      "AND v.field_key = ",
			      SCHEMA(f->sensitive), x);
		param(q, f->key);
		kw_buf_adds(&q->sql, ")");
	} else if (kw_kind_column_table(k, f->column) == k->table) {
		kw_buf_printf(&q->sql, "%s.%s", x, f->column->name);
	} else {
		kw_buf_printf(&q->sql, "(SELECT d.%s FROM %s.%s d WHERE d.%s = %s.id)",
			      f->column->name, SCHEMA(f->column->sensitive), k->detail,
			      k->detail_key, x);
	}
}

/* The state of field f of record x, or NULL (answered, or a column with nothing beside it). */
static void state_of(struct q *q, const struct kw_rfield *f, const char *x)
{
	kw_buf_printf(&q->sql,
		      "(SELECT v.state FROM %s.custom_values v WHERE v.record_id = %s.id AND "
		      "v.field_key = ",
		      SCHEMA(f->sensitive), x);
	param(q, f->key);
	kw_buf_adds(&q->sql, ")");
}

/*
 * The row an answer goes in: the answer's key, ":unknown", ":declined" or
 * ":not_asked"; with age bands (to: the period's end) her age in years then.
 */
static void answer_of(struct q *q, const struct kw_rtable *t, const char *x, const char *to)
{
	const struct kw_rfield *f = &t->by;

	kw_buf_adds(&q->sql, "CASE coalesce(");
	state_of(q, f, x);
	kw_buf_adds(&q->sql, ", 'answered') WHEN 'answered' THEN ");
	if (t->bands != NULL) {
		kw_buf_adds(&q->sql, "CASE WHEN date(");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, ") IS NULL THEN ':not_asked' ELSE CAST(CAST(strftime('%Y', ");
		param(q, to);
		kw_buf_adds(&q->sql, ") AS INTEGER) - CAST(strftime('%Y', ");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, ") AS INTEGER) - (strftime('%m-%d', ");
		param(q, to);
		kw_buf_adds(&q->sql, ") < strftime('%m-%d', ");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, ")) AS TEXT) END");
	} else {
		kw_buf_adds(&q->sql, "coalesce(nullif(CAST(");
		value_of(q, f, x);
		kw_buf_adds(&q->sql, " AS TEXT), ''), ':not_asked')");
	}
	kw_buf_adds(&q->sql, " ELSE ':' || ");
	state_of(q, f, x);
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

/* " AND date in the period" for record x, when the table is dated. */
static void dated(struct q *q, const struct kw_rtable *t, const char *x, const char *from,
		  const char *to)
{
	if (!t->has_dated)
		return;
	kw_buf_adds(&q->sql, " AND substr(");
	value_of(q, &t->dated, x);
	kw_buf_adds(&q->sql, ", 1, 10) BETWEEN ");
	param(q, from);
	kw_buf_adds(&q->sql, " AND ");
	param(q, to);
}

/* WITH pop(cid) (the report's women) and coh(cid) (its cohort, maybe empty). */
static void with_population(struct q *q, const struct kw_report_spec *r, const char *from,
			    const char *to)
{
	kw_buf_adds(&q->sql, "WITH pop(cid) AS MATERIALIZED (");
	switch (r->population) {
	case KW_RPOP_OPEN:
		kw_buf_adds(&q->sql, "SELECT DISTINCT client_id FROM main.episodes WHERE "
				     "opened_on IS NOT NULL AND opened_on <= ");
		param(q, to);
		kw_buf_adds(&q->sql, " AND (closed_on IS NULL OR closed_on >= ");
		param(q, from);
		kw_buf_adds(&q->sql, ")");
		break;
	case KW_RPOP_REFERRED:
		kw_buf_adds(&q->sql,
			    "SELECT DISTINCT client_id FROM main.episodes WHERE referred_on >= ");
		param(q, from);
		kw_buf_adds(&q->sql, " AND referred_on <= ");
		param(q, to);
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

		kw_buf_printf(&q->sql, " AND EXISTS (SELECT 1 FROM %s.%s c%zu WHERE ",
			      SCHEMA(k->sensitive), k->table, i);
		{
			char alias[32];

			snprintf(alias, sizeof(alias), "c%zu", i);
			client_of(q, k, alias);
			kw_buf_adds(&q->sql, " = pop.cid");
			filters(q, r->cohort[i].where, r->cohort[i].nwhere, alias);
		}
		kw_buf_adds(&q->sql, ")");
	}
	kw_buf_adds(&q->sql, ")");
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

static sqlite3_stmt *prepare(struct kw_store *st, struct q *q, struct kw_err *err)
{
	sqlite3_stmt *s = NULL;

	if (q->overflow) {
		kw_err_set(err, KW_EDATA, "the report asks too much of one query");
		return NULL;
	}
	if (sqlite3_prepare_v2(st->db, q->sql.p, -1, &s, NULL) != SQLITE_OK) {
		kw_db_fail(st, "preparing a report's query", err);
		return NULL;
	}
	for (int i = 0; i < q->n; i++)
		kw_bind_text(s, i + 1, q->params[i]);
	return s;
}

/* Women in the population and in the cohort. */
static int population(struct kw_store *st, const struct kw_report_spec *r, const char *from,
		      const char *to, long out[2], struct kw_err *err)
{
	struct q q = { 0 };
	sqlite3_stmt *s;
	int step;

	with_population(&q, r, from, to);
	kw_buf_adds(&q.sql, " SELECT (SELECT count(*) FROM pop), (SELECT count(*) FROM coh)");
	s = prepare(st, &q, err);
	kw_buf_free(&q.sql);
	if (s == NULL)
		return -1;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out[0] = sqlite3_column_int64(s, 0);
		out[1] = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 0 : kw_db_fail(st, "running a report", err);
}

int kw_db_report_table(struct kw_store *st, const struct kw_report_spec *r, size_t ti,
		       const char *from, const char *to, struct kw_rtable_result *out,
		       struct kw_err *err)
{
	const struct kw_rtable *t = &r->tables[ti];
	const struct kw_kind *k = t->by.kind;
	struct q q = { 0 };
	sqlite3_stmt *s;
	int step;

	memset(out, 0, sizeof(*out));
	out->spec = t;
	if (r->sensitive && !st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "this report reads the sensitive compartment, which your role "
				  "does not open");
	if (t->count == KW_RCOUNT_WOMEN && population(st, r, from, to, out->total, err) != 0)
		return -1;
	with_population(&q, r, from, to);
	kw_buf_adds(&q.sql, ", rec(cid, v, sc, d, id) AS (SELECT ");
	client_of(&q, k, "x");
	kw_buf_adds(&q.sql, ", ");
	answer_of(&q, t, "x", to);
	if (t->count == KW_RCOUNT_CHANGE) {
		kw_buf_adds(&q.sql, ", CAST(");
		value_of(&q, &t->value, "x");
		kw_buf_adds(&q.sql, " AS REAL), ");
		value_of(&q, &t->order, "x");
	} else {
		kw_buf_adds(&q.sql, ", NULL, NULL");
	}
	kw_buf_printf(&q.sql, ", x.id FROM %s.%s x WHERE ", SCHEMA(k->sensitive), k->table);
	client_of(&q, k, "x");
	kw_buf_adds(&q.sql, " IN (SELECT cid FROM pop)");
	filters(&q, t->where, t->nwhere, "x");
	dated(&q, t, "x", from, to);
	if (t->count == KW_RCOUNT_CHANGE) {
		kw_buf_adds(&q.sql, " AND CAST(");
		value_of(&q, &t->value, "x");
		kw_buf_adds(&q.sql, " AS TEXT) GLOB '[0-9]*' AND ");
		value_of(&q, &t->order, "x");
		kw_buf_adds(&q.sql, " IS NOT NULL)");
		kw_buf_adds(
			&q.sql,
			", o AS (SELECT cid, v, sc, row_number() OVER (PARTITION BY cid, v "
			"ORDER BY d, id) AS rn, count(*) OVER (PARTITION BY cid, v) AS n FROM "
			"rec), c AS (SELECT f.cid AS cid, f.v AS v, l.sc - f.sc AS ch, f.cid IN "
			"(SELECT cid FROM coh) AS inc FROM o f JOIN o l ON l.cid = f.cid AND "
			"l.v = f.v AND l.rn = l.n WHERE f.rn = 1 AND f.n >= 2) SELECT v, "
			"count(*), sum(inc), avg(ch), avg(CASE WHEN inc THEN ch END), "
			"sum(ch > 0), sum(ch > 0 AND inc) FROM c GROUP BY v");
	} else if (t->count == KW_RCOUNT_WOMEN) {
		kw_buf_adds(&q.sql,
			    ") SELECT v, count(DISTINCT cid), count(DISTINCT CASE WHEN "
			    "cid IN (SELECT cid FROM coh) THEN cid END) FROM rec GROUP BY v");
	} else {
		kw_buf_adds(&q.sql, ") SELECT v, count(*), sum(cid IN (SELECT cid FROM coh)) FROM "
				    "rec GROUP BY v");
	}
	s = prepare(st, &q, err);
	kw_buf_free(&q.sql);
	if (s == NULL)
		return -1;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);
		long n0 = sqlite3_column_int64(s, 1), n1 = sqlite3_column_int64(s, 2);
		char buf[32], *copy, *save = NULL;

		if (v == NULL)
			v = ":not_asked";
		if (t->count == KW_RCOUNT_RECORDS) {
			out->total[0] += n0;
			out->total[1] += n1;
		}
		if (t->count == KW_RCOUNT_CHANGE) {
			struct kw_rrow *row = kw_rtable_row(out, v);

			row->n[0] = n0;
			row->n[1] = n1;
			row->change[0] = sqlite3_column_double(s, 3);
			row->change[1] = sqlite3_column_double(s, 4);
			row->improved[0] = sqlite3_column_int64(s, 5);
			row->improved[1] = sqlite3_column_int64(s, 6);
			out->total[0] += n0;
			out->total[1] += n1;
			continue;
		}
		if (t->bands != NULL && v[0] != ':')
			v = band(t, v, buf, sizeof(buf));
		if (!t->by.multi || v[0] == ':') {
			struct kw_rrow *row = kw_rtable_row(out, v);

			row->n[0] += n0;
			row->n[1] += n1;
			continue;
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
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "running a report", err);
	/* Each woman or record is in one row, unless answers hold several keys. */
	out->additive =
		!t->by.multi && (t->count == KW_RCOUNT_RECORDS ||
				 (t->count == KW_RCOUNT_WOMEN && strcmp(k->name, "client") == 0));
	return 0;
}
