/*
 * form.h: screens as data. Forms and lists are YAML files (see keywork-forms(5));
 * the loader builds the specs below, reporting every problem as
 * file:line:column: message, and refuses a pack with any problem as a whole.
 * Validation, scoring and storage are generic code driven by the specs.
 */
#ifndef KEYWORK_FORM_H
#define KEYWORK_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/err.h"
#include "keywork/report.h"
#include "keywork/spec.h"

/* Limits that make hostile or mistaken files fail fast. */
#define KW_FORM_MAX_BYTES (1024 * 1024) /* one form or list file */
#define KW_FORM_MAX_DEPTH 16		/* nesting of mappings and sequences */
#define KW_FORM_MAX_NODES 100000	/* scalars, mappings and sequences in one file */
#define KW_FORM_MAX_FILES 1000		/* files in one directory */

/* The YAML name of a field type ("multi_choice"). */
const char *kw_ftype_name(enum kw_ftype t);

/* One problem in a form file. */
struct kw_diag {
	char *file;
	unsigned long line, col;
	char *msg;
	size_t order; /* the file's place in the load order, for sorting */
	size_t seq;   /* order found, to keep sorting stable */
};
struct kw_diags {
	struct kw_diag *d;
	size_t n, cap;
};
/* Formats diag i as "file:line:column: message" into buf. */
const char *kw_diag_str(const struct kw_diags *ds, size_t i, char *buf, size_t len);
void kw_diags_free(struct kw_diags *ds);

/*
 * Loads the form pack: every *.yaml file in shipped (a directory), then each
 * of overrides in order (files or directories; a missing one is skipped),
 * whose forms and lists replace shipped ones with the same key or add new
 * ones. An override may not widen who sees a field, move a field out of the
 * sensitive compartment, or drop an item of a shipped list. Every problem
 * goes to diags, sorted by file, line and column. Returns 0 with *out owning
 * the pack, or -1 with err set (KW_EDATA: the pack has problems and nothing
 * was loaded; KW_ENOINPUT: shipped is missing).
 */
int kw_form_pack_load(const char *shipped, const char *const *overrides, size_t noverrides,
		      struct kw_form_pack **out, struct kw_diags *diags, struct kw_err *err);

/*
 * Checks one file's text as a pack of its own (name is used in messages).
 * Returns the number of problems added to diags. For the fuzzer and tests.
 */
size_t kw_form_check_buffer(const char *name, const char *data, size_t len, struct kw_diags *diags);

/* Frees the pack and sets *p to NULL. */
void kw_form_pack_free(struct kw_form_pack **p);

/*
 * The item text names, as a person or a spreadsheet writes it: its key, or
 * else its label or key in any case ("Hackney", "HACKNEY", "hackney").
 * NULL if none.
 */
const struct kw_list_item *kw_list_item_match(const struct kw_list_spec *l, const char *text);

/*
 * Where the shipped forms are: $KEYWORK_FORMS_DIR if set; the installed
 * directory when this binary is the installed one; share/keywork/forms beside
 * its bin/ when that exists (an installation unpacked or moved elsewhere); else
 * the source tree's forms/ (a build run in place), or in a build without one
 * (a package) the installed directory. malloc'd.
 */
char *kw_forms_shipped_dir(void);
/* $XDG_CONFIG_HOME/keywork/forms (a centre's overrides). malloc'd. */
char *kw_forms_override_dir(void);

/* --- reports (keywork-reports(5)) --- */

/*
 * Loads the reports: every *.yaml file in shipped, then each of overrides
 * (a report with the same name replaces the shipped one), each field a
 * report names resolved against forms. Problems go to diags as with forms,
 * and any problem refuses every report (KW_EDATA). A missing directory
 * holds no reports.
 */
int kw_report_pack_load(const struct kw_form_pack *forms, const char *shipped,
			const char *const *overrides, size_t noverrides,
			struct kw_report_pack **out, struct kw_diags *diags, struct kw_err *err);
/* Checks one report's text against forms; the number of problems added. For the fuzzer. */
size_t kw_report_check_buffer(const struct kw_form_pack *forms, const char *name, const char *data,
			      size_t len, struct kw_diags *diags);
/* $KEYWORK_REPORTS_DIR, or reports/ beside the shipped forms. malloc'd. */
char *kw_reports_shipped_dir(void);
/* $XDG_CONFIG_HOME/keywork/reports (a centre's own). malloc'd. */
char *kw_reports_override_dir(void);

/* --- visibility and defaults --- */

/*
 * True if role may see the field named field of the form named form in p
 * (false when there is no such form or field): what every screen, the
 * timeline and the record header ask before they show a value, so that what
 * a role sees is decided in the form definitions alone.
 */
bool kw_form_sees(const struct kw_form_pack *p, const char *form, const char *field,
		  enum kw_role role);
/*
 * True if the field named field of the form named form in p is marked fit
 * to show her (show_her: true): what the with her view and her printed plan
 * ask of every value before they show it, so that what she is shown is
 * decided in the form definitions alone. False when there is no such field.
 */
bool kw_form_shows_her(const struct kw_form_pack *p, const char *form, const char *field);
/* True if role may see some field of some form that edits records of kind. */
bool kw_kind_sees(const struct kw_form_pack *p, const char *kind, enum kw_role role);
/* True unless the field's show_if names an answer in vals that is not one of its values. */
bool kw_field_shown(const struct kw_field_spec *fs, const struct kw_values *vals);
/* True when the field's required_when names an answer in vals that is one of its values. */
bool kw_field_required_now(const struct kw_field_spec *fs, const struct kw_values *vals);

/*
 * Fills in defaults (a value, today, now, or user_id) for fields role may
 * edit that have no answer in vals. today and now may be NULL (the clock).
 */
void kw_form_defaults(const struct kw_form_spec *f, enum kw_role role, const char *user_id,
		      const char *today, const char *now, struct kw_values *vals);

/* --- validation --- */

/*
 * Checks vals against f for a user in role: every error, each with the
 * field's key and a message a keyworker understands ("Date of birth can't be
 * in the future"). old holds the stored answers (NULL for a new record): a
 * retired list item may stay where it was, and a field role may not edit may
 * not change. Hidden fields (show_if) are not checked. today is "YYYY-MM-DD"
 * or NULL for the clock. Returns the number of errors added to errs.
 */
size_t kw_form_validate(const struct kw_form_spec *f, enum kw_role role,
			const struct kw_values *vals, const struct kw_values *old,
			const char *today, struct kw_field_errors *errs);

/* --- checklists --- */

struct kw_score_result {
	long score;   /* answers equal to the score's counts */
	long unknown; /* scored questions answered unknown or not at all */
	const struct kw_level *by_score;
	const struct kw_level *by_judgement; /* NULL: none recorded */
	const struct kw_level *level;	     /* the higher of the two */
	bool marac;			     /* at or above the referral level */
};
/* Scores vals by f's score rule. Returns 0, or -1 if f has no score. */
int kw_form_score(const struct kw_form_spec *f, const struct kw_values *vals,
		  struct kw_score_result *out);

#endif
