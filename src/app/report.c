/*
 * report.c: the rules of a report: who may run one, what is audited, the
 * order of its rows, and which figures are withheld when it leaves the
 * screen (reports.h). The counting itself is src/db/report.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keywork/db.h"
#include "keywork/policy.h"
#include "keywork/reports.h"
#include "keywork/util.h"

int kw_report_period(char from[11], char to[11], struct kw_err *err)
{
	if (to[0] == '\0')
		kw_today(to);
	if (!kw_date_valid(to))
		return kw_err_set(err, KW_EUSAGE, "--to must be a date YYYY-MM-DD, not '%s'", to);
	if (from[0] == '\0') {
		struct tm tm = { 0 };

		/* The same day a year before, plus one: a year of days ending on to. */
		tm.tm_year = atoi(to) - 1900 - 1;
		tm.tm_mon = atoi(to + 5) - 1;
		tm.tm_mday = atoi(to + 8) + 1;
		tm.tm_hour = 12;
		mktime(&tm);
		strftime(from, 11, "%Y-%m-%d", &tm);
	}
	if (!kw_date_valid(from))
		return kw_err_set(err, KW_EUSAGE, "--from must be a date YYYY-MM-DD, not '%s'",
				  from);
	if (strcmp(from, to) > 0)
		return kw_err_set(err, KW_EUSAGE, "the period starts (%s) after it ends (%s)", from,
				  to);
	return 0;
}

/* Puts the rows in the report's order: its list, then anything else found, by key. */
static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct kw_rrow *)a)->key, ((const struct kw_rrow *)b)->key);
}

static void order_rows(struct kw_rtable_result *t)
{
	const struct kw_rtable *spec = t->spec;
	size_t nlisted = spec->nitems, n = t->nrows;
	struct kw_rrow *rows = kw_xcalloc(nlisted + n + 1, sizeof(*rows));
	size_t out = 0;
	bool *used = kw_xcalloc(n + 1, sizeof(bool));

	/* Weeks or months come first, in order, then the ways of having no date. */
	if (spec->per != KW_RPER_NONE) {
		for (size_t j = 0; j < n; j++)
			if (t->rows[j].key[0] != ':') {
				rows[out] = t->rows[j];
				rows[out++].label = t->rows[j].key;
				used[j] = true;
			}
		qsort(rows, out, sizeof(*rows), by_key);
	}

	for (size_t i = 0; i < nlisted; i++) {
		size_t j;

		for (j = 0; j < n && strcmp(t->rows[j].key, spec->keys[i]) != 0; j++)
			;
		if (j < n) {
			rows[out] = t->rows[j];
			used[j] = true;
		} else {
			rows[out].key = kw_xstrdup(spec->keys[i]);
		}
		rows[out++].label = spec->labels[i];
	}
	{
		size_t first = out;

		for (size_t j = 0; j < n; j++)
			if (!used[j]) {
				rows[out] = t->rows[j];
				rows[out++].label = t->rows[j].key;
			}
		qsort(rows + first, out - first, sizeof(*rows), by_key);
	}
	free(used);
	free(t->rows);
	t->rows = rows;
	t->nrows = t->cap = out;
	if (t->cap == 0)
		t->cap = 1;
}

int kw_report_run(struct kw_session *s, const struct kw_report_spec *r, const char *from,
		  const char *to, struct kw_report_result *out, struct kw_err *err)
{
	char detail[200];
	int rc;

	memset(out, 0, sizeof(*out));
	if (kw_db_may(s->store, KW_DO_REPORTS, err) != 0)
		return -1;
	out->spec = r;
	snprintf(out->from, sizeof(out->from), "%s", from);
	snprintf(out->to, sizeof(out->to), "%s", to);
	out->tables = kw_xcalloc(r->ntables + 1, sizeof(*out->tables));
	out->ntables = r->ntables;
	/*
	 * A year's report reads most women's rows and answers, looked up by id at random
	 * places: with the bulk page cache each page is read and decrypted once (200,000
	 * women's caseload profile: 9.5 s with the usual 16 MiB, 3.5 s with it).
	 */
	kw_store_bulk_cache(s->store, true);
	rc = kw_db_report_run(s->store, r, from, to, out->tables, err);
	kw_store_bulk_cache(s->store, false);
	if (rc != 0) {
		kw_report_result_free(out);
		return -1;
	}
	for (size_t i = 0; i < r->ntables; i++)
		order_rows(&out->tables[i]);
	/* Which report, the period and who (the audit row's own): never a figure. */
	snprintf(detail, sizeof(detail), "%s %s..%s", r->key, from, to);
	if (kw_db_audit(s->store, "report", NULL, detail, err) != 0) {
		kw_report_result_free(out);
		return -1;
	}
	return 0;
}

/* --- withholding small figures --- */

/*
 * Whether n is withheld at threshold min: 1 to min - 1. A true zero is
 * shown: it is nobody, so it discloses no one (the rule of small-number
 * suppression in official statistics, which protects counts of 1 to 4).
 */
static bool small(long n, long min)
{
	return n > 0 && n < min;
}

void kw_report_mask(const struct kw_rtable_result *t, long min, struct kw_rmask *m)
{
	m->rows = kw_xcalloc(t->nrows + 1, sizeof(*m->rows));
	m->share_hidden = kw_xcalloc(t->nrows + 1, sizeof(bool));
	for (int c = 0; c < 2; c++) {
		size_t hidden = 0;

		m->total[c] = small(t->total[c], min) ? KW_CELL_SMALL : KW_CELL_SHOWN;
		for (size_t i = 0; i < t->nrows; i++) {
			const struct kw_rrow *row = &t->rows[i];

			if (small(row->n[c], min)) {
				m->rows[i][c] = KW_CELL_SMALL;
				hidden++;
			}
			if (t->spec->count == KW_RCOUNT_CHANGE &&
			    (small(row->improved[c], min) ||
			     small(row->n[c] - row->improved[c], min)))
				m->share_hidden[i] |= c == 0;
		}
		/*
		 * One figure withheld from rows that add up to a total shown could be
		 * worked out by subtraction: withhold the next smallest as well, and
		 * not a zero, which would leave the small figure as the total less
		 * the rest.
		 */
		if (t->additive && hidden == 1 && m->total[c] == KW_CELL_SHOWN) {
			size_t best = t->nrows;

			for (size_t i = 0; i < t->nrows; i++)
				if (m->rows[i][c] == KW_CELL_SHOWN && t->rows[i].n[c] > 0 &&
				    (best == t->nrows || t->rows[i].n[c] < t->rows[best].n[c]))
					best = i;
			if (best < t->nrows)
				m->rows[best][c] = KW_CELL_SECONDARY;
		}
	}
}

void kw_rmask_free(struct kw_rmask *m)
{
	free(m->rows);
	free(m->share_hidden);
	memset(m, 0, sizeof(*m));
}

/* --- writing --- */

static const char *count_word(const struct kw_rtable *t)
{
	return t->count == KW_RCOUNT_RECORDS ? "records" : "women";
}

static const char *pop_words(enum kw_rpop p)
{
	return p == KW_RPOP_OPEN       ? "women with an episode open in the period"
	       : p == KW_RPOP_REFERRED ? "women referred in the period"
				       : "women on record";
}

/* The figure n as shown: the number, "<min" or "*". */
static const char *figure(long n, enum kw_cell c, long min, char *buf, size_t len)
{
	if (c == KW_CELL_SMALL)
		snprintf(buf, len, "<%ld", min);
	else if (c == KW_CELL_SECONDARY)
		snprintf(buf, len, "*");
	else
		snprintf(buf, len, "%ld", n);
	return buf;
}

/* n as a share of of, or "" when either is withheld or of is 0. */
static const char *share(long n, long of, bool hidden, char *buf, size_t len)
{
	if (hidden || of <= 0)
		snprintf(buf, len, "%s", hidden ? "*" : "");
	else
		snprintf(buf, len, "%.1f%%", 100.0 * (double)n / (double)of);
	return buf;
}

static void csv_cell(FILE *f, const char *s)
{
	bool quote = strpbrk(s, ",\"\n\r") != NULL || s[0] == '=' || s[0] == '+' || s[0] == '-' ||
		     s[0] == '@';

	if (!quote) {
		fputs(s, f);
		return;
	}
	/* A cell a spreadsheet would run as a formula is quoted with a leading '. */
	fputc('"', f);
	if (strchr("=+-@", s[0]) != NULL)
		fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void json_figure(FILE *f, long n, enum kw_cell c, long min)
{
	char buf[32];

	if (c == KW_CELL_SHOWN)
		fprintf(f, "%ld", n);
	else
		kw_json_put(f, figure(n, c, min, buf, sizeof(buf)));
}

static void write_text_table(FILE *f, const struct kw_report_result *r,
			     const struct kw_rtable_result *t, const struct kw_rmask *m, bool coh)
{
	const struct kw_rtable *spec = t->spec;
	long min = r->spec->min_cell;
	char a[32], b[32], c[32], d[32];

	fprintf(f, "\n%s\n", spec->title);
	if (spec->count == KW_RCOUNT_CHANGE) {
		fprintf(f, "  %-40s %8s %8s %9s\n", "", "Women", "Change", "Improved");
		for (size_t i = 0; i < t->nrows; i++) {
			const struct kw_rrow *row = &t->rows[i];
			bool small = m->rows[i][0] != KW_CELL_SHOWN;

			if (small)
				snprintf(b, sizeof(b), "*");
			else
				snprintf(b, sizeof(b), "%+.2f", row->change[0]);
			fprintf(f, "  %-40.40s %8s %8s %9s\n", row->label,
				figure(row->n[0], m->rows[i][0], min, a, sizeof(a)),
				row->n[0] == 0 ? "" : b,
				row->n[0] == 0 ? ""
					       : share(row->improved[0], row->n[0],
						       small || m->share_hidden[i], c, sizeof(c)));
			if (coh && row->n[1] > 0)
				fprintf(f, "  %-40.40s %8s %+8.2f\n", "  (cohort)",
					figure(row->n[1], m->rows[i][1], min, a, sizeof(a)),
					m->rows[i][1] != KW_CELL_SHOWN ? 0.0 : row->change[1]);
		}
		fprintf(f, "  Change is the average of last minus first score, over women scored "
			   "twice or more in the period.\n");
		return;
	}
	if (coh)
		fprintf(f, "  %-40s %8s %7s %8s %7s\n", "", "All", "%", "Cohort", "%");
	else
		fprintf(f, "  %-40s %8s %7s\n", "", count_word(spec), "%");
	for (size_t i = 0; i < t->nrows; i++) {
		const struct kw_rrow *row = &t->rows[i];

		fprintf(f, "  %-40.40s %8s %7s", row->label,
			figure(row->n[0], m->rows[i][0], min, a, sizeof(a)),
			share(row->n[0], t->total[0],
			      m->rows[i][0] != KW_CELL_SHOWN || m->total[0] != KW_CELL_SHOWN, b,
			      sizeof(b)));
		if (coh)
			fprintf(f, " %8s %7s", figure(row->n[1], m->rows[i][1], min, c, sizeof(c)),
				share(row->n[1], t->total[1],
				      m->rows[i][1] != KW_CELL_SHOWN ||
					      m->total[1] != KW_CELL_SHOWN,
				      d, sizeof(d)));
		fputc('\n', f);
	}
	fprintf(f, "  %-40.40s %8s", t->additive ? "Total" : "Out of",
		figure(t->total[0], m->total[0], min, a, sizeof(a)));
	if (coh)
		fprintf(f, " %7s %8s", "", figure(t->total[1], m->total[1], min, c, sizeof(c)));
	fprintf(f, "\n  %% of %s %s%s\n", spec->count == KW_RCOUNT_RECORDS ? "the" : "the",
		spec->count == KW_RCOUNT_RECORDS ? "records counted"
						 : pop_words(r->spec->population),
		t->additive ? "" : " (a woman may be in more than one row)");
}

static void write_csv(FILE *f, const struct kw_report_result *r, const struct kw_rmask *masks)
{
	long min = r->spec->min_cell;
	char a[32], b[32], c[32], d[32];

	fputs("table,row,key,count,share,cohort,cohort_share,average_change,improved_share\n", f);
	for (size_t ti = 0; ti < r->ntables; ti++) {
		const struct kw_rtable_result *t = &r->tables[ti];
		const struct kw_rmask *m = &masks[ti];
		bool change = t->spec->count == KW_RCOUNT_CHANGE;

		for (size_t i = 0; i <= t->nrows; i++) {
			bool tot = i == t->nrows;
			const struct kw_rrow *row = tot ? NULL : &t->rows[i];
			enum kw_cell c0 = tot ? m->total[0] : m->rows[i][0];
			enum kw_cell c1 = tot ? m->total[1] : m->rows[i][1];
			long n0 = tot ? t->total[0] : row->n[0], n1 = tot ? t->total[1] : row->n[1];

			if (tot && change)
				break;
			csv_cell(f, t->spec->title);
			fputc(',', f);
			csv_cell(f, tot ? (t->additive ? "Total" : "Out of") : row->label);
			fputc(',', f);
			csv_cell(f, tot ? "" : row->key);
			fprintf(f, ",%s,%s,", figure(n0, c0, min, a, sizeof(a)),
				tot || change
					? ""
					: share(n0, t->total[0],
						c0 != KW_CELL_SHOWN || m->total[0] != KW_CELL_SHOWN,
						b, sizeof(b)));
			if (r->spec->ncohort > 0)
				fprintf(f, "%s,%s", figure(n1, c1, min, c, sizeof(c)),
					tot || change ? ""
						      : share(n1, t->total[1],
							      c1 != KW_CELL_SHOWN ||
								      m->total[1] != KW_CELL_SHOWN,
							      d, sizeof(d)));
			else
				fputc(',', f);
			if (change && n0 > 0)
				fprintf(f, ",%s,%s\n",
					c0 == KW_CELL_SHOWN
						? (snprintf(a, sizeof(a), "%.2f", row->change[0]),
						   a)
						: "*",
					share(row->improved[0], n0,
					      c0 != KW_CELL_SHOWN || m->share_hidden[i], b,
					      sizeof(b)));
			else
				fputs(",,\n", f);
		}
	}
}

static void write_json(FILE *f, const struct kw_report_result *r, const struct kw_rmask *masks)
{
	long min = r->spec->min_cell;

	fputs("{\"report\":", f);
	kw_json_put(f, r->spec->key);
	fputs(",\"title\":", f);
	kw_json_put(f, r->spec->title);
	fprintf(f, ",\"from\":\"%s\",\"to\":\"%s\",\"population\":\"%s\",\"min_cell\":%ld", r->from,
		r->to, kw_rpop_name(r->spec->population), min);
	if (r->spec->cohort_label != NULL) {
		fputs(",\"cohort\":", f);
		kw_json_put(f, r->spec->cohort_label);
	}
	fputs(",\"tables\":[", f);
	for (size_t ti = 0; ti < r->ntables; ti++) {
		const struct kw_rtable_result *t = &r->tables[ti];
		const struct kw_rmask *m = &masks[ti];
		bool change = t->spec->count == KW_RCOUNT_CHANGE;

		fputs(ti ? ",{\"title\":" : "{\"title\":", f);
		kw_json_put(f, t->spec->title);
		fprintf(f, ",\"counts\":\"%s\"",
			change				      ? "change"
			: t->spec->count == KW_RCOUNT_RECORDS ? "records"
							      : "women");
		if (!change) {
			fputs(",\"total\":", f);
			json_figure(f, t->total[0], m->total[0], min);
			if (r->spec->ncohort > 0) {
				fputs(",\"cohort_total\":", f);
				json_figure(f, t->total[1], m->total[1], min);
			}
			fprintf(f, ",\"rows_add_up\":%s", t->additive ? "true" : "false");
		}
		fputs(",\"rows\":[", f);
		for (size_t i = 0; i < t->nrows; i++) {
			const struct kw_rrow *row = &t->rows[i];

			fputs(i ? ",{\"key\":" : "{\"key\":", f);
			kw_json_put(f, row->key);
			fputs(",\"label\":", f);
			kw_json_put(f, row->label);
			fputs(",\"count\":", f);
			json_figure(f, row->n[0], m->rows[i][0], min);
			if (r->spec->ncohort > 0) {
				fputs(",\"cohort\":", f);
				json_figure(f, row->n[1], m->rows[i][1], min);
			}
			if (change && row->n[0] > 0 && m->rows[i][0] == KW_CELL_SHOWN) {
				fprintf(f, ",\"average_change\":%.4f", row->change[0]);
				if (!m->share_hidden[i])
					fprintf(f, ",\"improved\":%ld", row->improved[0]);
			}
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs("]}\n", f);
}

int kw_report_write(FILE *f, const struct kw_report_result *r, enum kw_report_format format,
		    bool suppress, struct kw_err *err)
{
	struct kw_rmask *masks = kw_xcalloc(r->ntables + 1, sizeof(*masks));
	bool coh = r->spec->ncohort > 0;
	long min = suppress ? r->spec->min_cell : 0;

	for (size_t i = 0; i < r->ntables; i++)
		kw_report_mask(&r->tables[i], min, &masks[i]);
	if (format == KW_REPORT_CSV) {
		write_csv(f, r, masks);
	} else if (format == KW_REPORT_JSON) {
		write_json(f, r, masks);
	} else {
		fprintf(f, "%s, %s to %s\n", r->spec->title, r->from, r->to);
		if (coh)
			fprintf(f, "Cohort: %s\n", r->spec->cohort_label);
		if (suppress)
			fprintf(f,
				"Figures from 1 to %ld are shown as <%ld (a zero is shown as 0); * "
				"marks a figure withheld so that one under %ld cannot be worked "
				"out "
				"from a total.\n",
				r->spec->min_cell - 1, r->spec->min_cell, r->spec->min_cell);
		for (size_t i = 0; i < r->ntables; i++)
			write_text_table(f, r, &r->tables[i], &masks[i], coh);
	}
	for (size_t i = 0; i < r->ntables; i++)
		kw_rmask_free(&masks[i]);
	free(masks);
	if (fflush(f) != 0 || ferror(f))
		return kw_err_set(err, KW_EIO, "writing the report failed");
	return 0;
}

int kw_report_save(const struct kw_report_result *r, const char *path, enum kw_report_format format,
		   struct kw_err *err)
{
	char full[4096];
	const char *home = getenv("HOME");
	FILE *f;
	int fd, rc;

	if (path == NULL || path[0] == '\0')
		return kw_err_set(err, KW_EUSAGE, "no file named to write the report to");
	if (strncmp(path, "~/", 2) == 0 && home != NULL && home[0] != '\0')
		rc = snprintf(full, sizeof(full), "%s/%s", home, path + 2);
	else
		rc = snprintf(full, sizeof(full), "%s", path);
	if (rc < 0 || (size_t)rc >= sizeof(full))
		return kw_err_set(err, KW_EUSAGE, "the file name is too long");
	fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return kw_err_set(err, errno == EEXIST ? KW_EUSAGE : KW_EIO,
				  "cannot create %s: %s%s", full, strerror(errno),
				  errno == EEXIST ? " (keywork never writes over a file)" : "");
	f = fdopen(fd, "w");
	if (f == NULL) {
		kw_err_set(err, KW_EIO, "cannot write %s: %s", full, strerror(errno));
		close(fd);
		unlink(full);
		return -1;
	}
	rc = kw_report_write(f, r, format, true, err);
	if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		rc = kw_err_set(err, KW_EIO, "cannot write %s: %s", full, strerror(errno));
	if (fclose(f) != 0 && rc == 0)
		rc = kw_err_set(err, KW_EIO, "cannot write %s: %s", full, strerror(errno));
	if (rc != 0)
		unlink(full);
	return rc;
}
