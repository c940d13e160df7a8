/*
 * kinds.h: the kinds of record a form can edit, their tables and core
 * columns, and the compartment of each. The schema fixes this, not YAML:
 * a form may bind a field to a column listed here, and nothing else.
 */
#ifndef KEYWORK_KINDS_H
#define KEYWORK_KINDS_H

#include <stdbool.h>
#include <stddef.h>

enum kw_coltype {
	KW_COL_TEXT = 0, /* any text answer */
	KW_COL_DATE,	 /* "YYYY-MM-DD" */
	KW_COL_DATETIME, /* ISO-8601 */
	KW_COL_INT,	 /* a whole number */
	KW_COL_REF	 /* the id of another record (refkind) */
};

struct kw_column {
	const char *name;
	enum kw_coltype type;
	bool sensitive;	     /* in sensitive.db (the kind's detail table when it has one) */
	bool not_null;	     /* a form for this kind must fill it */
	const char *refkind; /* KW_COL_REF: the kind it points at */
};

struct kw_kind {
	const char *name;	/* as forms name it: "client", "advocacy_step" */
	const char *label;	/* in messages: "woman", "advocacy step" */
	const char *table;	/* its main table */
	bool sensitive;		/* the main table is in sensitive.db */
	const char *detail;	/* a one-row-per-record table in the other compartment, or NULL */
	const char *detail_key; /* the detail table's column holding the record id */
	const char *parent_col; /* the column naming the record it belongs to, or NULL */
	const char *parent_kind;
	bool append_only; /* never edited: a correction is a new record */
	bool editable;	  /* forms may edit it (users are not) */
	const struct kw_column *cols;
	size_t ncols;
};

/* The kind named name, or NULL. */
const struct kw_kind *kw_kind_find(const char *name);
/* The core column name of kind k, or NULL. */
const struct kw_column *kw_kind_column(const struct kw_kind *k, const char *name);
/* Every kind, for listing: *n gets the count. */
const struct kw_kind *kw_kinds(size_t *n);
/* The table a column of k lives in (the main or the detail table). */
const char *kw_kind_column_table(const struct kw_kind *k, const struct kw_column *c);

#endif
