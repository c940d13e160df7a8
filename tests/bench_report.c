/*
 * bench_report.c: how long a year's reports take on a large data directory,
 * beside the bare SQL for the same figures. Prints a Markdown table for
 * docs/benchmarks.md on stdout. Run by scripts/bench.sh; not by ctest.
 *
 *   bench_report DIR USER PASSPHRASE-FILE [RUNS]
 *
 * The period is the year ending today (as `keywork report` defaults it).
 * "keywork" is kw_report_run (every table of the report, counted by the
 * query builder, its rows put in order, the run audited) then writing it as
 * CSV with small figures withheld (to /dev/null), after signing in once.
 * "Bare SQL" is the plainest SQL for the same figures, written here: the
 * same population, then for each table one GROUP BY over the records with
 * plain joins to their answers and states (ages and the splitting of
 * several answers are left to C, uncounted); for distance travelled, the
 * first and last score per woman and pathway by window functions. Both are
 * prepared once and run RUNS times after one unmeasured run; the median
 * and the slowest are reported. The bare SQL's counts are checked against
 * the report's, so both count the same thing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/app.h"
#include "keywork/crypto.h"
#include "keywork/db.h"
#include "keywork/form.h"
#include "keywork/reports.h"
#include "keywork/util.h"

#define MAXRUNS 200

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void die(const char *what, const struct kw_err *err)
{
	fprintf(stderr, "bench_report: %s: %s\n", what, err != NULL ? err->msg : "failed");
	exit(70);
}

#define SCHEMA(sensitive) ((sensitive) ? "s" : "main")

/* The woman a record x of kind k belongs to. */
static void client_of(struct kw_buf *b, const struct kw_kind *k)
{
	if (strcmp(k->name, "client") == 0)
		kw_buf_adds(b, "x.id");
	else if (k->parent_kind != NULL && strcmp(k->parent_kind, "client") == 0)
		kw_buf_printf(b, "x.%s", k->parent_col);
	else
		kw_buf_adds(b, "x.client_id");
}

static const char POP[] = "WITH pop(cid) AS MATERIALIZED (SELECT DISTINCT client_id FROM "
			  "main.episodes WHERE opened_on IS NOT NULL AND opened_on <= ?2 AND "
			  "(closed_on IS NULL OR closed_on >= ?1)) ";

/*
 * The plainest SQL for one women/records table: its records joined to the
 * population, their answer (a column, or a custom value) and its state; one
 * row per answer and state with how many women (or records). ?1 from, ?2 to,
 * ?3 the field's key.
 */
static char *bare_table(const struct kw_report_spec *r, const struct kw_rtable *t)
{
	const struct kw_rfield *f = &t->by;
	const struct kw_kind *k = f->kind;
	bool detail = f->column != NULL && kw_kind_column_table(k, f->column) != k->table;
	struct kw_buf b = { 0 };

	if (r->population != KW_RPOP_OPEN || t->count == KW_RCOUNT_CHANGE || t->nwhere > 0 ||
	    t->has_dated)
		return NULL; /* not written here: the two reports measured have none */
	kw_buf_adds(&b, POP);
	kw_buf_adds(&b, "SELECT ");
	if (f->column == NULL)
		kw_buf_adds(&b, "v.value");
	else
		kw_buf_printf(&b, "%s.%s", detail ? "d" : "x", f->column->name);
	kw_buf_printf(&b, ", coalesce(v.state, 'answered'), count(%s",
		      t->count == KW_RCOUNT_WOMEN ? "DISTINCT " : "");
	if (t->count == KW_RCOUNT_WOMEN)
		client_of(&b, k);
	else
		kw_buf_adds(&b, "x.id");
	kw_buf_printf(&b, ") FROM %s.%s x JOIN pop ON pop.cid = ", SCHEMA(k->sensitive), k->table);
	client_of(&b, k);
	if (detail)
		kw_buf_printf(&b, " LEFT JOIN %s.%s d ON d.%s = x.id", SCHEMA(f->column->sensitive),
			      k->detail, k->detail_key);
	kw_buf_printf(&b,
		      " LEFT JOIN %s.custom_values v ON v.record_id = x.id AND v.field_key = ?3 "
		      "GROUP BY 1, 2",
		      SCHEMA(f->sensitive));
	return b.p;
}

static const char BARE_POP[] = "WITH pop(cid) AS MATERIALIZED (SELECT DISTINCT client_id FROM "
			       "main.episodes WHERE opened_on IS NOT NULL AND opened_on <= ?2 AND "
			       "(closed_on IS NULL OR closed_on >= ?1)) SELECT count(*) FROM pop";

static const char BARE_CHANGE[] =
	"WITH pop(cid) AS MATERIALIZED (SELECT DISTINCT client_id FROM main.episodes WHERE "
	"opened_on IS NOT NULL AND opened_on <= ?2 AND (closed_on IS NULL OR closed_on >= ?1)), "
	"s AS (SELECT client_id AS cid, pathway, CAST(score AS REAL) AS sc, row_number() OVER "
	"(PARTITION BY client_id, pathway ORDER BY scored_on, id) AS rn, count(*) OVER (PARTITION "
	"BY client_id, pathway) AS n FROM main.outcome_scores WHERE client_id IN (SELECT cid FROM "
	"pop) AND substr(scored_on, 1, 10) BETWEEN ?1 AND ?2 AND CAST(score AS TEXT) GLOB "
	"'[0-9]*') SELECT f.pathway, count(*), avg(l.sc - f.sc), sum(l.sc > f.sc) FROM s f JOIN s "
	"l ON l.cid = f.cid AND l.pathway = f.pathway AND l.rn = l.n WHERE f.rn = 1 AND f.n >= 2 "
	"GROUP BY f.pathway";

struct sum {
	long n;
};

/* Adds up the count column (the last) of every row. */
static int add_rows(void *ctx, int ncols, const char *const *cols)
{
	struct sum *s = ctx;

	s->n += cols[ncols - 1] != NULL ? strtol(cols[ncols - 1], NULL, 10) : 0;
	return 0;
}

static int add_change(void *ctx, int ncols, const char *const *cols)
{
	struct sum *s = ctx;

	(void)ncols;
	s->n += strtol(cols[1], NULL, 10);
	return 0;
}

struct timing {
	double p50, max;
};

static struct timing summarise(double *v, int n)
{
	struct timing t;

	qsort(v, (size_t)n, sizeof(double), cmp);
	t.p50 = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	t.max = v[n - 1];
	return t;
}

/* One report, both ways: fills keywork's and the bare SQL's timings. */
static void measure(struct kw_session *s, const struct kw_report_spec *r, const char *from,
		    const char *to, int runs, struct timing *kw, struct timing *bare, long *women)
{
	static double t_kw[MAXRUNS + 1], t_bare[MAXRUNS + 1];
	char **sql = kw_xcalloc(r->ntables + 1, sizeof(char *));
	long want_sum = 0, bare_sum = 0;
	bool change = r->ntables == 1 && r->tables[0].count == KW_RCOUNT_CHANGE;
	FILE *null = fopen("/dev/null", "w");
	struct kw_err err;

	if (null == NULL)
		die("/dev/null", NULL);
	for (size_t i = 0; i < r->ntables && !change; i++)
		if ((sql[i] = bare_table(r, &r->tables[i])) == NULL)
			die("a table the bare SQL does not cover", NULL);
	for (int i = 0; i <= runs; i++) {
		struct kw_report_result res;
		double t0 = now_ms();

		if (kw_report_run(s, r, from, to, &res, &err) != 0 ||
		    kw_report_write(null, &res, KW_REPORT_CSV, true, &err) != 0)
			die(r->key, &err);
		t_kw[i] = now_ms() - t0;
		if (i == 0) {
			*women = res.tables[0].total[0];
			for (size_t ti = 0; ti < res.ntables; ti++) {
				const struct kw_rtable_result *t = &res.tables[ti];

				if (!t->additive && !change)
					continue; /* several answers to a woman: rows overlap */
				for (size_t ri = 0; ri < t->nrows; ri++)
					want_sum += t->rows[ri].n[0];
			}
		}
		kw_report_result_free(&res);
	}
	for (int i = 0; i <= runs; i++) {
		const char *p[3] = { from, to, NULL };
		struct sum sum = { 0 };
		double t0 = now_ms();

		if (change) {
			if (kw_db_bench_query(s->store, BARE_CHANGE, p, 2, add_change, &sum, NULL,
					      &err) != 0)
				die("bare distance travelled", &err);
			if (i == 0)
				bare_sum = sum.n;
		} else {
			struct sum pop = { 0 };

			if (kw_db_bench_query(s->store, BARE_POP, p, 2, add_rows, &pop, NULL,
					      &err) != 0)
				die("bare population", &err);
			for (size_t ti = 0; ti < r->ntables; ti++) {
				const struct kw_rtable *t = &r->tables[ti];
				struct sum one = { 0 };

				p[2] = t->by.key;
				if (kw_db_bench_query(s->store, sql[ti], p, 3, add_rows, &one, NULL,
						      &err) != 0)
					die("bare table", &err);
				if (!t->by.multi && (t->count == KW_RCOUNT_RECORDS ||
						     strcmp(t->by.kind->name, "client") == 0))
					sum.n += one.n;
			}
			if (i == 0)
				bare_sum = sum.n;
		}
		t_bare[i] = now_ms() - t0;
	}
	if (bare_sum != want_sum) {
		fprintf(stderr, "bench_report: %s: the bare SQL counts %ld, the report %ld\n",
			r->key, bare_sum, want_sum);
		exit(70);
	}
	*kw = summarise(t_kw + 1, runs);
	*bare = summarise(t_bare + 1, runs);
	for (size_t i = 0; i < r->ntables; i++)
		free(sql[i]);
	free(sql);
	fclose(null);
}

int main(int argc, char **argv)
{
	int runs = argc > 4 ? atoi(argv[4]) : 5;
	char pass[256], from[11] = "", to[11] = "";
	const char *names[] = { "caseload_profile", "distance_travelled" };
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_report_pack *rp = NULL;
	struct kw_diags diags = { 0 };
	struct kw_secret *secret;
	struct kw_err err;
	char *forms, *reports;
	FILE *fp;

	if (argc < 4 || runs < 1 || runs > MAXRUNS || kw_crypto_init() != 0) {
		fprintf(stderr, "usage: bench_report DIR USER PASSPHRASE-FILE [RUNS, 1 to %d]\n",
			MAXRUNS);
		return 64;
	}
	fp = fopen(argv[3], "r");
	if (fp == NULL || fgets(pass, sizeof(pass), fp) == NULL)
		return 66;
	fclose(fp);
	pass[strcspn(pass, "\n")] = '\0';
	secret = kw_secret_from(pass, strlen(pass));
	if (kw_session_open(argv[1], argv[2], secret, &s, &err) != 0)
		die("signing in", &err);
	kw_secret_free(&secret);
	forms = kw_forms_shipped_dir();
	reports = kw_reports_shipped_dir();
	if (kw_form_pack_load(forms, NULL, 0, &pack, &diags, &err) != 0 ||
	    kw_report_pack_load(pack, reports, NULL, 0, &rp, &diags, &err) != 0)
		die("loading the forms and reports", &err);
	kw_report_period(from, to, &err);
	printf("| report, %s to %s (%d runs each) | counted | keywork median | keywork slowest | "
	       "bare SQL median | bare SQL slowest | keywork/bare (median) | target |\n",
	       from, to, runs);
	printf("|---|--:|--:|--:|--:|--:|--:|---|\n");
	for (size_t i = 0; i < KW_ARRAY_LEN(names); i++) {
		const struct kw_report_spec *r = kw_report_find(rp, names[i]);
		struct timing kw, bare;
		long women = 0;

		if (r == NULL)
			die(names[i], NULL);
		measure(s, r, from, to, runs, &kw, &bare, &women);
		printf("| %s (%zu table%s) | %ld %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.1f "
		       "| "
		       "<= 1 s: %s |\n",
		       r->key, r->ntables, r->ntables == 1 ? "" : "s", women,
		       r->tables[0].count == KW_RCOUNT_CHANGE ? "women and pathways scored twice"
							      : "women",
		       kw.p50, kw.max, bare.p50, bare.max, kw.p50 / bare.p50,
		       kw.max <= 1000.0 ? "yes" : "NO");
	}
	kw_report_pack_free(&rp);
	kw_form_pack_free(&pack);
	kw_diags_free(&diags);
	free(forms);
	free(reports);
	kw_session_close(&s);
	return 0;
}
