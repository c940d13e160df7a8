/*
 * report.h: a report, as the report loader (src/form) builds it from YAML
 * (see keywork-reports(5)) and the query builder (src/db) turns it into SQL.
 * Every field here was resolved against a form and the catalog of kinds
 * (kinds.h) when the report was loaded, so nothing in it is a name read from
 * a file that the catalog does not know.
 */
#ifndef KEYWORK_REPORT_H
#define KEYWORK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/kinds.h"

/* The lowest and the default threshold under which a figure is shown as "<N" outside. */
#define KW_REPORT_MIN_CELL_FLOOR 3
#define KW_REPORT_MIN_CELL_DEFAULT 5

/* Which women a report is about, for its period. */
enum kw_rpop {
	KW_RPOP_OPEN = 0, /* an episode open on some day of the period */
	KW_RPOP_REFERRED, /* an episode referred in the period */
	KW_RPOP_ALL	  /* every woman on record */
};

/* What a table counts. */
enum kw_rcount {
	KW_RCOUNT_WOMEN = 0, /* women, each once per row */
	KW_RCOUNT_RECORDS,   /* records of the kind its field belongs to */
	KW_RCOUNT_CHANGE     /* first-to-last change of a numeric answer, per woman and row */
};

/* A form's field, resolved: where its answer and its state are kept. */
struct kw_rfield {
	const struct kw_kind *kind;	/* the record it is an answer of */
	const struct kw_column *column; /* its core column, or NULL for a custom value */
	char key[64];			/* the field's key: custom value and state key */
	bool sensitive;			/* kept in the sensitive compartment */
	bool multi;			/* multi_choice: keys joined by ',' */
	bool date;			/* a date or date-time answer */
	char form[64];			/* the form it was named through, for messages */
	bool parent; /* a field of the counted record's parent (an attendance's session) */
};

/* Only records whose field's answer is one of values. */
struct kw_rfilter {
	struct kw_rfield field;
	char **values;
	size_t nvalues;
};

/* One part of a cohort: women with a record of a kind that passes the filters. */
struct kw_rhas {
	const struct kw_kind *kind;
	struct kw_rfilter *where;
	size_t nwhere;
};

/* A date breakdown's rows: one per week (from Monday) or per month of the period. */
enum kw_rper { KW_RPER_NONE = 0, KW_RPER_WEEK, KW_RPER_MONTH };

struct kw_rtable {
	char *title;
	enum kw_rcount count;
	const struct kw_kind *of; /* the records counted: by's kind, or 'of' names a form */
	struct kw_rfield by;	  /* the breakdown: one row per answer */
	long *bands;		  /* a date field's age bands (ascending lower bounds), or NULL */
	size_t nbands;
	enum kw_rper per;	/* a date field's weeks or months */
	struct kw_rfield value; /* KW_RCOUNT_CHANGE: the numeric answer */
	struct kw_rfield order; /* KW_RCOUNT_CHANGE: the date that orders them */
	struct kw_rfield dated; /* counted only when this date is in the period */
	bool has_dated;
	bool open_at_end; /* episodes only: those open on the period's last day */
	struct kw_rfilter *where;
	size_t nwhere;
	/* The rows a breakdown always shows, in order (the list's items). */
	char **keys;
	char **labels;
	size_t nitems;
};

struct kw_report_spec {
	char *key;
	char *title;
	char *help;
	char *file;
	enum kw_rpop population;
	long min_cell;	    /* figures under this are "<min_cell" outside the building */
	char *cohort_label; /* a second column beside all women, or NULL */
	struct kw_rhas *cohort;
	size_t ncohort;
	struct kw_rtable *tables;
	size_t ntables;
	bool sensitive; /* reads the sensitive compartment */
};

struct kw_report_pack {
	struct kw_report_spec **reports;
	size_t n;
};

/* "open", "referred", "all". */
const char *kw_rpop_name(enum kw_rpop p);
void kw_report_spec_free(struct kw_report_spec *r);
void kw_report_pack_free(struct kw_report_pack **p);
const struct kw_report_spec *kw_report_find(const struct kw_report_pack *p, const char *key);

/* --- results --- */

/* One row of a table: an answer (a list key, or ":unknown", ":declined", ":not_asked"). */
struct kw_rrow {
	char *key;
	const char *label; /* the list's label, or the key */
	long n[2];	   /* all women, the cohort */
	double change[2];  /* KW_RCOUNT_CHANGE: the average change */
	long improved[2];  /* KW_RCOUNT_CHANGE: women whose last is higher than their first */
};

struct kw_rtable_result {
	const struct kw_rtable *spec;
	struct kw_rrow *rows;
	size_t nrows, cap;
	long total[2]; /* what the rows are shares of: women in the population, or records */
	bool additive; /* the rows add up to total (each counted once) */
};

struct kw_report_result {
	const struct kw_report_spec *spec;
	char from[11], to[11];
	struct kw_rtable_result *tables;
	size_t ntables;
};

/* Adds n (and the change figures) to the row keyed key, making it if new. */
struct kw_rrow *kw_rtable_row(struct kw_rtable_result *t, const char *key);
void kw_report_result_free(struct kw_report_result *r);

#endif
