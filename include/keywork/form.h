/*
 * form.h: screens as data. Forms and lists are YAML files (see keywork-forms(5));
 * the loader builds the specs below, reporting every problem as
 * file:line:column: message, and refuses a pack with any problem as a whole.
 * Validation, scoring and storage are generic code driven by the specs.
 */
#ifndef KEYWORK_FORM_H
#define KEYWORK_FORM_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "keywork/err.h"
#include "keywork/kinds.h"
#include "keywork/model.h"
#include "keywork/report.h"

/* Limits that make hostile or mistaken files fail fast. */
#define KW_FORM_MAX_BYTES (1024 * 1024) /* one form or list file */
#define KW_FORM_MAX_DEPTH 16		/* nesting of mappings and sequences */
#define KW_FORM_MAX_NODES 100000	/* scalars, mappings and sequences in one file */
#define KW_FORM_MAX_FILES 1000		/* files in one directory */

enum kw_ftype {
	KW_F_TEXT = 0,
	KW_F_MULTILINE,
	KW_F_DATE,
	KW_F_DATETIME,
	KW_F_NUMBER,
	KW_F_CHOICE,
	KW_F_MULTI,
	KW_F_YNU,
	KW_F_PHONE,
	KW_F_POSTCODE,
	KW_F_LOOKUP,
	KW_F_REF,
	KW_F_NTYPES
};
/* The YAML name of a field type ("multi_choice"). */
const char *kw_ftype_name(enum kw_ftype t);

/* The state of an answer: given, or one of three different ways of not having one. */
enum kw_state { KW_STATE_ANSWERED = 0, KW_STATE_UNKNOWN, KW_STATE_DECLINED, KW_STATE_NOT_ASKED };
/* "answered", "unknown", "declined", "not_asked" (as stored). */
const char *kw_state_name(enum kw_state s);
/* The state named s, or -1. */
int kw_state_parse(const char *s);
#define KW_STATE_BIT(s) (1u << (s))
#define KW_STATES_ALL                                                       \
	(KW_STATE_BIT(KW_STATE_UNKNOWN) | KW_STATE_BIT(KW_STATE_DECLINED) | \
	 KW_STATE_BIT(KW_STATE_NOT_ASKED))

/* Sets of roles, as bits. */
#define KW_ROLE_BIT(r) (1u << (r))
#define KW_ROLES_ALL                                                     \
	(KW_ROLE_BIT(KW_ROLE_MANAGER) | KW_ROLE_BIT(KW_ROLE_KEYWORKER) | \
	 KW_ROLE_BIT(KW_ROLE_DROPIN))
#define KW_ROLES_SENSITIVE (KW_ROLE_BIT(KW_ROLE_MANAGER) | KW_ROLE_BIT(KW_ROLE_KEYWORKER))

/* Where something was written in a file (1-based; 0 when not written). */
struct kw_mark {
	unsigned long line, col;
};

struct kw_list_item {
	char *key;   /* stable: stored in records, never renamed */
	char *label; /* shown; may be reworded freely */
	char *help;
	bool retired;	   /* not offered for new entries; old ones stay readable */
	long cadence_days; /* programmes: days between expected contacts (0: none) */
	bool no_keyworker; /* programmes: a woman in it waits for no keyworker (drop-in only) */
	/* programmes: cadence by need level (items with their own cadence_days), or NULL. Owned. */
	struct kw_list_spec *need_levels;
	struct kw_mark at;
};

struct kw_list_spec {
	char *key;
	char *title;
	char *help;
	char *file; /* where it was defined */
	struct kw_mark at;
	struct kw_list_item *items;
	size_t nitems;
};

enum kw_default { KW_DEF_NONE = 0, KW_DEF_VALUE, KW_DEF_TODAY, KW_DEF_NOW, KW_DEF_USER };

struct kw_field_spec {
	char *key;
	char *label;
	char *help;
	enum kw_ftype type;
	bool required;
	long min_length, max_length; /* -1: no limit */
	bool has_min, has_max;
	double min, max;
	int decimals; /* numbers: digits allowed after the point */
	char *pattern;
	char *pattern_message;
	regex_t re; /* compiled pattern, when has_re */
	bool has_re;
	bool not_in_future;
	enum kw_default def;
	char *def_value;       /* KW_DEF_VALUE */
	unsigned see, edit;    /* role bits (defaults applied) */
	char *show_if_field;   /* NULL: always shown */
	char **show_if_values; /* shown when that field's answer is one of these */
	size_t show_if_nvalues;
	/* required_when: needs an answer when another field's answer is one of these. */
	char *required_when_field; /* NULL: no such condition */
	char **required_when_values;
	size_t required_when_nvalues;
	char *required_when_message; /* what a keyworker is told (NULL: a plain default) */
	/* not_before: a date that can't be earlier than another date field's answer. */
	char *not_before;		 /* that field's key, or NULL */
	char *not_before_message;	 /* NULL: a plain default */
	const struct kw_column *column;	 /* NULL: a custom value */
	bool sensitive;			 /* the compartment it is kept in */
	char *list_name;		 /* choice, multi_choice, lookup: a named list */
	const struct kw_list_spec *list; /* that list, or the inline options */
	struct kw_list_spec *options;	 /* inline options (owned) */
	char *references;		 /* reference: the kind of record */
	unsigned states;		 /* KW_STATE_BITs it may be recorded as */
	bool retired;			 /* kept for old records, not asked any more */
	/* Fit to show her: the with her view and her plan on paper show it (default no). */
	bool show_her;
	int section; /* index into the form's sections */
	struct kw_mark at, at_key, at_type, at_list, at_show_if, at_default, at_see, at_edit,
		at_sensitive, at_column, at_required, at_references, at_required_when,
		at_not_before, at_show_her;
};

struct kw_section_spec {
	char *title;
	char *help;
	struct kw_mark at;
};

struct kw_level {
	char *key;
	char *label;
	long from; /* the score at which this level starts */
	struct kw_mark at;
};

/* A checklist's score: answers counted, and the levels the count reaches. */
struct kw_score_spec {
	char *counts;  /* the answer that scores a point, e.g. "yes" */
	char **fields; /* the questions scored; NULL: every yes_no_unknown field */
	size_t nfields;
	struct kw_level *levels; /* ascending by from */
	size_t nlevels;
	char *judgement;   /* a choice field of level keys: may raise the level, never lower */
	char *marac_level; /* a referral is indicated at this level and above */
	struct kw_mark at, at_judgement, at_marac;
	struct kw_mark *at_fields;
};

struct kw_form_pack;

struct kw_form_spec {
	const struct kw_form_pack *pack; /* the pack it was loaded in (its lists, other forms) */
	char *key;
	char *title;
	char *help;
	char *file;
	struct kw_mark at, at_record;
	const struct kw_kind *kind; /* the record it edits */
	bool sensitive;		    /* custom fields' compartment unless a field says */
	unsigned create, see, edit; /* role bits */
	unsigned states;
	struct kw_section_spec *sections;
	size_t nsections;
	struct kw_field_spec *fields;
	size_t nfields;
	struct kw_score_spec *score; /* NULL unless a checklist */
};

/*
 * Retention (forms/retention.yaml, "retention: KEY"): how long a woman's
 * record is kept, as rules. A rule applies to her when its condition holds
 * and counts from its event; she is due for deletion when at least one rule
 * applies and every rule that applies has run out. keywork-forms(5) says
 * more.
 */
enum kw_ret_event {
	KW_RET_EPISODE_CLOSED = 0, /* her last episode closed (none open or referred) */
	KW_RET_LAST_CONTACT,	   /* her last contact (her record's making, if none) */
	KW_RET_ORDER_ENDED	   /* her last court order ended (court_orders kinds) */
};
enum kw_ret_when {
	KW_RET_ALWAYS = 0,	 /* every woman */
	KW_RET_CHILD_PROTECTION, /* a child of hers has a status in child_protection */
	KW_RET_COURT_ORDER,	 /* she has a criminal justice record of a court_orders kind */
	KW_RET_NO_EPISODE	 /* she never had an episode (drop-in contacts only) */
};
/* What stops an erasure request (erase_refused_while). */
enum {
	KW_ERASE_STOP_HOLD = 1 << 0,		 /* legal_hold */
	KW_ERASE_STOP_CHILD_PROTECTION = 1 << 1, /* child_protection: a status in force */
	KW_ERASE_STOP_COURT_DATE = 1 << 2	 /* court_date: a court date today or later */
};
struct kw_ret_rule {
	char *key;
	char *label;
	enum kw_ret_event after;
	enum kw_ret_when when;
	long years, months; /* how long after the event */
	struct kw_mark at;
};
struct kw_retention {
	char *key;
	char *title;
	char *file;
	struct kw_mark at;
	struct kw_ret_rule *rules;
	size_t nrules;
	char **child_protection; /* keys of the list child_legal_status */
	size_t nchild_protection;
	struct kw_mark at_child_protection;
	char **court_orders; /* keys of the list cj_event_kinds */
	size_t ncourt_orders;
	struct kw_mark at_court_orders;
	unsigned erase_refused; /* KW_ERASE_STOP_* bits */
	long vacuum_after;	/* women deleted in one run that make it vacuum both files */
};

struct kw_form_pack {
	struct kw_form_spec **forms;
	size_t nforms;
	struct kw_list_spec **lists;
	size_t nlists;
	struct kw_retention *retention; /* NULL when no file gives one */
};

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

const struct kw_form_spec *kw_form_find(const struct kw_form_pack *p, const char *key);
const struct kw_list_spec *kw_list_find(const struct kw_form_pack *p, const char *key);
const struct kw_field_spec *kw_form_field(const struct kw_form_spec *f, const char *key);
const struct kw_list_item *kw_list_item(const struct kw_list_spec *l, const char *key);
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

/* --- answers --- */

struct kw_value {
	char *key;
	enum kw_state state;
	char *text; /* the answer when state is KW_STATE_ANSWERED; multi_choice: keys joined by ',' */
};
/* A set of answers by field key. Initialise with {0}; free with kw_values_free. */
struct kw_values {
	struct kw_value *v;
	size_t n, cap;
};
/* Sets key's answer to a copy of text. */
void kw_values_set(struct kw_values *vs, const char *key, const char *text);
/* Records key as unknown, declined or not asked (its text is dropped). */
void kw_values_set_state(struct kw_values *vs, const char *key, enum kw_state state);
/* key's answer, or NULL if none was given (which reads as not asked). */
const struct kw_value *kw_values_get(const struct kw_values *vs, const char *key);
void kw_values_free(struct kw_values *vs);

/* --- roles, visibility and defaults --- */

bool kw_field_can_see(const struct kw_field_spec *fs, enum kw_role role);
bool kw_field_can_edit(const struct kw_field_spec *fs, enum kw_role role);
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

struct kw_field_error {
	char key[64];
	char msg[320];
};
struct kw_field_errors {
	struct kw_field_error *e;
	size_t n, cap;
};
void kw_field_errors_free(struct kw_field_errors *fe);

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
