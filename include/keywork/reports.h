/*
 * reports.h: running a report (keywork-reports(5)) and writing it out, by
 * the rules: managers only; a report that reads the sensitive compartment
 * needs its key; every run is audited (which report, the period, who) and
 * never its figures; anything written to a file shows a figure under the
 * report's threshold as "<N", with a second figure withheld ("*") wherever
 * one under it could be worked out from a total.
 */
#ifndef KEYWORK_REPORTS_H
#define KEYWORK_REPORTS_H

#include <stdbool.h>
#include <stdio.h>

#include "keywork/app.h"
#include "keywork/report.h"

enum kw_report_format { KW_REPORT_TEXT = 0, KW_REPORT_CSV, KW_REPORT_JSON };

/*
 * Fills in a period: to defaults to today, from to the day after the same
 * date a year before to. Refuses a date that is not YYYY-MM-DD, or from
 * after to (KW_EUSAGE). from and to are 11-byte buffers, read and written.
 */
int kw_report_period(char from[11], char to[11], struct kw_err *err);

/*
 * Runs every table of r for from..to into out (free with
 * kw_report_result_free). Rows come in the order the report's lists give,
 * then the three ways of having no answer, each its own row. Audited as
 * "report" with "NAME FROM..TO". Returns 0 or -1.
 */
int kw_report_run(struct kw_session *s, const struct kw_report_spec *r, const char *from,
		  const char *to, struct kw_report_result *out, struct kw_err *err);

/* What is withheld in one table: per row and column, and the totals. */
enum kw_cell { KW_CELL_SHOWN = 0, KW_CELL_SMALL, KW_CELL_SECONDARY };
struct kw_rmask {
	enum kw_cell (*rows)[2]; /* one per row: all women, the cohort */
	enum kw_cell total[2];
	bool *share_hidden; /* change tables: the share improved would reveal a small count */
};
/* Works out which figures of t are withheld at threshold min. Free with kw_rmask_free. */
void kw_report_mask(const struct kw_rtable_result *t, long min, struct kw_rmask *m);
void kw_rmask_free(struct kw_rmask *m);

/*
 * Writes the result in format. With suppress (anything that leaves the
 * screen) small figures are withheld as above; without, true figures.
 * Returns 0, or -1 with err set if the write failed.
 */
int kw_report_write(FILE *f, const struct kw_report_result *r, enum kw_report_format format,
		    bool suppress, struct kw_err *err);

/*
 * Writes the result to a new file at path (a leading "~/" is the home
 * directory) in format, small figures withheld as for any file: created
 * mode 0600, never over a file that exists nor through a symbolic link, on
 * the disk before it returns. A file it could not finish is removed.
 * Returns 0 or -1 (KW_EUSAGE: the name is taken).
 */
int kw_report_save(const struct kw_report_result *r, const char *path, enum kw_report_format format,
		   struct kw_err *err);

#endif
