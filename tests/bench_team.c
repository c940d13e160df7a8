/*
 * bench_team.c: how fast a manager's screens over the whole team are on a
 * large data directory, beside the bare SQL for the same counts. Prints a
 * Markdown table for docs/benchmarks.md on stdout. Run by scripts/bench.sh;
 * not by ctest.
 *
 *   bench_team DIR MANAGER PASSPHRASE-FILE [RUNS]
 *
 * KW_BENCH_CACHE_KB=N in the environment sets each compartment's page cache
 * to N KiB (an experiment; the store's own is 16 MiB).
 *
 * The screens are the real ones (src/ui/screen_today.c, src/ui/team.c),
 * driven by their own key handlers and drawn into an off-screen curses
 * terminal (newterm() on /dev/null, 40x120), refresh included:
 *
 * - "team screen": T on the manager's Today until the team screen is drawn
 *   (every keyworker counted: caseload, contact overdue, tasks due, the woman
 *   not seen for the longest, covers);
 * - "whole-team Today": Enter on "The whole team" until that Today is drawn
 *   (the first page of women by name, and the true counts over every woman).
 *
 * Each run makes the screens afresh, so nothing a screen kept from the run
 * before is reused. Bare SQL, prepared once in the same process:
 *
 * - "from the source rows": the same per-keyworker counts worked out by plain
 *   SQL (window functions and GROUP BY) from episodes, closures, contacts,
 *   their planned next contacts, pauses and tasks, with the shipped
 *   programmes' cadences passed in; its counts are checked against the team
 *   screen's before any figure is printed;
 * - "from contact_state": the plainest SQL reading the same inputs once from
 *   the per-woman contact state keywork keeps (general 0017), with no date
 *   arithmetic or grouping: the floor for any reader of that table.
 */
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/app.h"
#include "keywork/team.h"
#include "keywork/util.h"
#include "keywork/view.h"
#include "ui/ui.h"

#define WARMUP 3
#define MAXRUNS 2000

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

struct stat2 {
	double p50, p95;
};

static struct stat2 pct(double *v, int n)
{
	struct stat2 s = { 0, 0 };
	int i95;

	qsort(v, (size_t)n, sizeof(double), cmp);
	i95 = (int)ceil(0.95 * n) - 1;
	s.p50 = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	s.p95 = v[i95 < 0 ? 0 : i95];
	return s;
}

static void die(const char *what, const struct kw_err *err)
{
	fprintf(stderr, "bench_team: %s: %s\n", what, err != NULL ? err->msg : "");
	exit(70);
}

/*
 * The team's counts from the source rows, per keyworker (NULL: no keyworker),
 * on ?1 (today), with ?2 a JSON object of each programme's cadence in days.
 * As kw_contact_due and kw_cadence_days: a cadence of "weekly", "fortnightly",
 * "monthly" (28) or a number of days, else the programme's.
 */
static const char BARE_SOURCE[] =
	"WITH cur AS (SELECT client_id, opened, programme, cadence FROM (SELECT x.client_id, "
	"coalesce(x.opened_on, x.referred_on) AS opened, x.programme, x.cadence, row_number() "
	"OVER (PARTITION BY x.client_id ORDER BY x.status = 'open' DESC, coalesce(x.opened_on, "
	"x.referred_on) DESC, x.created_at DESC) AS n FROM episodes x WHERE x.status IN "
	"('referred', 'open') AND x.closed_on IS NULL AND NOT EXISTS (SELECT 1 FROM closures z "
	"WHERE z.episode_id = x.id)) WHERE n = 1), "
	"live AS (SELECT k.id, k.client_id, k.happened_at, k.outcome FROM contacts k WHERE "
	"k.id NOT IN (SELECT amends_id FROM contacts WHERE amends_id IS NOT NULL)), "
	"made AS (SELECT client_id, max(happened_at) AS at FROM live WHERE outcome = 'made' "
	"GROUP BY client_id), "
	"plan AS (SELECT client_id, value FROM (SELECT l.client_id, v.value, row_number() OVER "
	"(PARTITION BY l.client_id ORDER BY l.happened_at DESC) AS n FROM live l JOIN "
	"custom_values v ON v.record_id = l.id AND v.field_key = 'next_contact' AND v.state = "
	"'answered' LEFT JOIN made m ON m.client_id = l.client_id WHERE l.happened_at >= "
	"coalesce(m.at, '')) WHERE n = 1), "
	"pz AS (SELECT client_id, max(ends_on IS NULL AND starts_on <= ?1) AS open_now, "
	"max(CASE WHEN starts_on <= ?1 AND ends_on >= ?1 THEN 1 END) AS closed_now, "
	"max(CASE WHEN starts_on <= ?1 AND ends_on < ?1 THEN ends_on END) AS ended FROM "
	"contact_pauses GROUP BY client_id), "
	"w AS (SELECT c.id, c.keyworker_id, cur.client_id IS NOT NULL AS open_ep, "
	"coalesce(pz.open_now, 0) OR coalesce(pz.closed_now, 0) AS paused, pz.ended, "
	"substr(coalesce(made.at, cur.opened), 1, 10) AS since, substr(plan.value, 1, 10) AS "
	"planned, CASE WHEN trim(coalesce(cur.cadence, '')) = '' THEN pd.days WHEN "
	"lower(trim(cur.cadence)) LIKE 'weekly%' THEN 7 WHEN lower(trim(cur.cadence)) LIKE "
	"'fortnightly%' THEN 14 WHEN lower(trim(cur.cadence)) LIKE 'monthly%' THEN 28 WHEN "
	"CAST(cur.cadence AS INTEGER) > 0 OR trim(cur.cadence) = '0' THEN CAST(cur.cadence AS "
	"INTEGER) ELSE pd.days END AS days FROM clients c LEFT JOIN cur ON cur.client_id = c.id "
	"LEFT JOIN made ON made.client_id = c.id LEFT JOIN plan ON plan.client_id = c.id LEFT "
	"JOIN pz ON pz.client_id = c.id LEFT JOIN (SELECT key, value AS days FROM json_each(?2)) "
	"pd ON pd.key = cur.programme), "
	"d AS (SELECT keyworker_id, CASE WHEN NOT open_ep OR paused THEN 0 WHEN date(planned) "
	"IS NOT NULL AND NOT coalesce(ended >= planned, 0) THEN ?1 > planned WHEN "
	"coalesce(days, 0) <= 0 OR date(since) IS NULL THEN 0 ELSE julianday(?1) > "
	"julianday(max(since, coalesce(ended, ''))) + days END AS over, CASE WHEN open_ep AND "
	"NOT paused AND date(since) IS NOT NULL THEN CAST(julianday(?1) - julianday(since) AS "
	"INTEGER) END AS unseen FROM w), "
	"t AS (SELECT c.keyworker_id, count(*) AS n FROM tasks t JOIN clients c ON c.id = "
	"t.client_id WHERE (t.due_on <= ?1 OR t.chase_on <= ?1) AND t.done_on IS NULL AND "
	"coalesce(t.status, '') NOT IN ('done', 'not_needed') GROUP BY c.keyworker_id) "
	"SELECT d.keyworker_id, count(*), sum(d.over), coalesce(max(t.n), 0), "
	"coalesce(max(d.unseen), -1) FROM d LEFT JOIN t ON t.keyworker_id IS d.keyworker_id "
	"GROUP BY d.keyworker_id";

/* The same inputs read once from the contact state keywork keeps; no date arithmetic. */
static const char BARE_STATE[] =
	"SELECT count(*), count(s.keyworker_id), max(s.last_made), min(s.next_planned), "
	"count(s.episode_id), max(s.opened_on), max(s.cadence), (SELECT count(*) FROM "
	"contact_pauses p WHERE p.starts_on <= ?1 AND (p.ends_on IS NULL OR p.ends_on >= ?1)) "
	"FROM contact_state s";

/* The whole-team Today's first page, by name, with the same state; and the header's counts. */
static const char BARE_PAGE[] =
	"SELECT c.id, c.reference, c.known_as, s.last_made, s.opened_on, s.programme, s.cadence, "
	"s.next_planned FROM clients c JOIN contact_state s ON s.client_id = c.id ORDER BY "
	"c.known_as COLLATE NOCASE, c.reference LIMIT 300";
static const char BARE_COUNTS[] =
	"SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM tasks t WHERE (t.due_on "
	"<= ?1 OR t.chase_on <= ?1) AND t.done_on IS NULL AND coalesce(t.status, '') NOT IN "
	"('done', 'not_needed'))";

struct bare_row {
	char kw[40];
	long caseload, overdue, tasks, unseen;
};

struct bare {
	struct bare_row *rows;
	size_t n;
};

static int keep_bare(void *ctx, int ncols, const char *const *cols)
{
	struct bare *b = ctx;
	struct bare_row *r;

	if (ncols < 5)
		return 1;
	b->rows = kw_xrealloc(b->rows, (b->n + 1) * sizeof(*b->rows));
	r = &b->rows[b->n++];
	snprintf(r->kw, sizeof(r->kw), "%s", cols[0] != NULL ? cols[0] : "");
	r->caseload = atol(cols[1]);
	r->overdue = cols[2] != NULL ? atol(cols[2]) : 0;
	r->tasks = atol(cols[3]);
	r->unseen = atol(cols[4]);
	return 0;
}

/* Checks the team screen's counts against the bare SQL's; exits on a difference. */
static void agree(const struct kw_team_counts *c, const struct bare *b)
{
	long women = 0, overdue = 0, tasks = 0;

	for (size_t i = 0; i < b->n; i++) {
		women += b->rows[i].caseload;
		overdue += b->rows[i].overdue;
		tasks += b->rows[i].tasks;
	}
	if (women != c->women || overdue != c->overdue || tasks != c->tasks_due) {
		fprintf(stderr,
			"bench_team: totals differ: keywork %ld women, %ld overdue, %ld tasks; "
			"bare SQL %ld, %ld, %ld\n",
			c->women, c->overdue, c->tasks_due, women, overdue, tasks);
		exit(70);
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct kw_team_row *r = &c->rows[i];
		const struct bare_row *x = NULL;

		for (size_t j = 0; j < b->n; j++)
			if (strcmp(b->rows[j].kw, r->m.id) == 0)
				x = &b->rows[j];
		if (x == NULL ? r->m.caseload != 0
			      : x->caseload != r->m.caseload || x->overdue != r->overdue ||
					x->tasks != r->tasks_due || x->unseen != r->unseen_days) {
			fprintf(stderr,
				"bench_team: %s differs: keywork %ld/%ld/%ld/%ld, bare SQL "
				"%ld/%ld/%ld/%ld\n",
				r->m.username, r->m.caseload, r->overdue, r->tasks_due,
				r->unseen_days, x ? x->caseload : 0, x ? x->overdue : 0,
				x ? x->tasks : 0, x ? x->unseen : 0);
			exit(70);
		}
	}
}

/* The shipped programmes' cadences as a JSON object, for the bare SQL. */
static void programme_days(const struct kw_form_pack *pack, char *out, size_t len)
{
	const struct kw_list_spec *l = kw_list_find(pack, "programmes");
	size_t at = 0;

	at += (size_t)snprintf(out, len, "{");
	for (size_t i = 0; l != NULL && i < l->nitems && at < len; i++)
		at += (size_t)snprintf(out + at, len - at, "%s\"%s\": %ld", i > 0 ? ", " : "",
				       l->items[i].key, l->items[i].cadence_days);
	if (at < len)
		snprintf(out + at, len - at, "}");
}

struct run {
	struct ui ui;
	double team_ms, today_ms;
	struct kw_team_counts counts; /* the last run's, for the check */
	long women_drawn;
};

/* One run: a fresh Today; T, timed to the team screen drawn; Enter on the whole team, timed. */
static void one_run(struct run *r)
{
	struct ui *ui = &r->ui;
	struct ui_key k = { 0 };
	double t0;

	ui_push(ui, ui_today_new(ui));
	ui->top->ops->draw(ui, ui->top);
	refresh();

	t0 = now_ms();
	if (ui->top->ops->key(ui, ui->top, UI_OP_TEAM, &k) != UI_DONE ||
	    strcmp(ui->top->ops->name, "Team") != 0)
		die("T did not open the team screen", NULL);
	erase();
	ui->top->ops->draw(ui, ui->top);
	refresh();
	r->team_ms = now_ms() - t0;

	/* "My Today" is the first row, "The whole team" the next. */
	ui->top->ops->key(ui, ui->top, UI_OP_DOWN, &k);
	t0 = now_ms();
	if (ui->top->ops->key(ui, ui->top, UI_OP_OPEN, &k) != UI_CLOSE)
		die("Enter did not pick the whole team", NULL);
	ui_pop(ui);
	erase();
	ui->top->ops->draw(ui, ui->top);
	refresh();
	r->today_ms = now_ms() - t0;
	ui_pop(ui);
}

int main(int argc, char **argv)
{
	static double team[MAXRUNS + WARMUP], today[MAXRUNS + WARMUP];
	static double bare_src[MAXRUNS + WARMUP], bare_state[MAXRUNS + WARMUP];
	static double bare_today[MAXRUNS + WARMUP];
	int runs = argc > 4 ? atoi(argv[4]) : 60, total;
	struct kw_form_pack *pack = NULL;
	struct kw_diags diags = { 0 };
	struct kw_session *s = NULL;
	struct kw_secret *secret;
	struct kw_team_counts counts;
	struct run r = { 0 };
	struct bare b = { 0 };
	struct kw_err err;
	struct stat2 st_team, st_today, st_src, st_state, st_btoday;
	char pass[256], day[11], days[1024];
	char *forms;
	FILE *fp, *out, *in;
	SCREEN *scr;
	long page_rows = 0;

	if (argc < 4 || runs < 1 || runs > MAXRUNS || kw_crypto_init() != 0) {
		fprintf(stderr, "usage: bench_team DIR MANAGER PASSPHRASE-FILE [RUNS, 1 to %d]\n",
			MAXRUNS);
		return 64;
	}
	total = runs + WARMUP;
	setlocale(LC_ALL, "C.UTF-8");
	fp = fopen(argv[3], "r");
	if (fp == NULL || fgets(pass, sizeof(pass), fp) == NULL)
		return 66;
	fclose(fp);
	pass[strcspn(pass, "\n")] = '\0';
	secret = kw_secret_from(pass, strlen(pass));
	if (kw_session_open(argv[1], argv[2], secret, &s, &err) != 0)
		die("signing in", &err);
	kw_secret_free(&secret);
	if (getenv("KW_BENCH_CACHE_KB") != NULL) {
		/* An experiment: a page cache of this many KiB per compartment. */
		static char sql_main[64], sql_s[64];

		snprintf(sql_main, sizeof(sql_main), "PRAGMA main.cache_size = -%ld",
			 atol(getenv("KW_BENCH_CACHE_KB")));
		snprintf(sql_s, sizeof(sql_s), "PRAGMA s.cache_size = -%ld",
			 atol(getenv("KW_BENCH_CACHE_KB")));
		if (kw_db_bench_query(s->store, sql_main, NULL, 0, NULL, NULL, NULL, &err) != 0 ||
		    kw_db_bench_query(s->store, sql_s, NULL, 0, NULL, NULL, NULL, &err) != 0)
			die("setting the page cache", &err);
	}
	forms = kw_forms_shipped_dir();
	if (kw_form_pack_load(forms, NULL, 0, &pack, &diags, &err) != 0)
		die("loading the forms", &err);
	programme_days(pack, days, sizeof(days));
	kw_today(day);

	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	setenv("LINES", "40", 1);
	setenv("COLUMNS", "120", 1);
	scr = newterm("xterm-256color", out, in);
	if (scr == NULL)
		die("newterm (is the xterm-256color terminfo installed?)", NULL);
	set_term(scr);
	ui_theme_init();
	r.ui.s = s;
	r.ui.pack = pack;
	snprintf(r.ui.username, sizeof(r.ui.username), "%s", argv[2]);

	for (int i = 0; i < total; i++) {
		one_run(&r);
		team[i] = r.team_ms;
		today[i] = r.today_ms;
	}
	for (int i = 0; i < total; i++) {
		const char *p[2] = { day, days };
		double t0 = now_ms();

		b.n = 0;
		if (kw_db_bench_query(s->store, BARE_SOURCE, p, 2, keep_bare, &b, NULL, &err) != 0)
			die("bare SQL from the source rows", &err);
		bare_src[i] = now_ms() - t0;
	}
	for (int i = 0; i < total; i++) {
		const char *p[1] = { day };
		double t0 = now_ms();

		if (kw_db_bench_query(s->store, BARE_STATE, p, 1, NULL, NULL, NULL, &err) != 0)
			die("bare SQL from contact_state", &err);
		bare_state[i] = now_ms() - t0;
	}
	for (int i = 0; i < total; i++) {
		const char *p[1] = { day };
		double t0 = now_ms();

		if (kw_db_bench_query(s->store, BARE_COUNTS, p, 1, NULL, NULL, NULL, &err) != 0 ||
		    kw_db_bench_query(s->store, BARE_STATE, p, 1, NULL, NULL, NULL, &err) != 0 ||
		    kw_db_bench_query(s->store, BARE_PAGE, NULL, 0, NULL, NULL, &page_rows, &err) !=
			    0)
			die("bare SQL for the whole-team Today", &err);
		bare_today[i] = now_ms() - t0;
	}
	/* The counts the screen drew, checked against the bare SQL's. */
	if (kw_app_team_counts(s, pack, day, &counts, &err) != 0)
		die("counting the team", &err);
	agree(&counts, &b);

	st_team = pct(team + WARMUP, runs);
	st_today = pct(today + WARMUP, runs);
	st_src = pct(bare_src + WARMUP, runs);
	st_state = pct(bare_state + WARMUP, runs);
	st_btoday = pct(bare_today + WARMUP, runs);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);

	printf("A manager's screens over the whole team (%s, %d runs each after %d warm-up "
	       "runs; times in ms): %ld women, %ld with contact overdue, %ld tasks and chases "
	       "due, allocated among %zu keyworkers (and none); %zu of those can sign in and "
	       "have a line on the team screen, every woman is counted.\n\n",
	       day, runs, WARMUP, counts.women, counts.overdue, counts.tasks_due,
	       b.n > 0 ? b.n - 1 : 0, counts.n);
	printf("| operation | keywork p50 | keywork p95 | bare SQL | bare p50 | bare p95 | "
	       "keywork/bare (p95) | target |\n|---|--:|--:|---|--:|--:|--:|---|\n");
	printf("| team screen: T to the screen drawn (every keyworker counted) | %.2f | %.2f | "
	       "from the source rows (counts checked equal) | %.2f | %.2f | %.2f | <= 50 ms: "
	       "%s |\n",
	       st_team.p50, st_team.p95, st_src.p50, st_src.p95, st_team.p95 / st_src.p95,
	       st_team.p95 <= 50 ? "yes" : "**no**");
	printf("| | | | from contact_state (no date arithmetic) | %.2f | %.2f | %.1f | |\n",
	       st_state.p50, st_state.p95, st_team.p95 / st_state.p95);
	printf("| whole-team Today: Enter to the screen drawn (first page of %ld women, true "
	       "counts) | %.2f | %.2f | from contact_state: counts and the first page | %.2f | "
	       "%.2f | %.1f | <= 50 ms: %s |\n",
	       page_rows, st_today.p50, st_today.p95, st_btoday.p50, st_btoday.p95,
	       st_today.p95 / st_btoday.p95, st_today.p95 <= 50 ? "yes" : "**no**");
	kw_team_counts_free(&counts);
	free(b.rows);
	kw_form_pack_free(&pack);
	kw_diags_free(&diags);
	free(forms);
	kw_session_close(&s);
	return 0;
}
