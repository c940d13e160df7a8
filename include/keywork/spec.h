/*
 * spec.h: forms as data, as the rest of keywork holds them: the specs the form
 * loader builds (src/form reads them from YAML), a record's answers, and what
 * a spec says without YAML (a field by key, who may see or edit it). The model
 * layer (src/util/spec.c): the store keeps answers by these specs and the
 * loader builds them, and neither needs the other.
 */
#ifndef KEYWORK_SPEC_H
#define KEYWORK_SPEC_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "keywork/kinds.h"
#include "keywork/model.h"

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

/* A form and a list of the pack by key, a field of a form and an item of a list; NULL if none. */
const struct kw_form_spec *kw_form_find(const struct kw_form_pack *p, const char *key);
const struct kw_list_spec *kw_list_find(const struct kw_form_pack *p, const char *key);
const struct kw_field_spec *kw_form_field(const struct kw_form_spec *f, const char *key);
const struct kw_list_item *kw_list_item(const struct kw_list_spec *l, const char *key);

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

/* --- who may see and change a field --- */

bool kw_field_can_see(const struct kw_field_spec *fs, enum kw_role role);
bool kw_field_can_edit(const struct kw_field_spec *fs, enum kw_role role);
/* A field's error from validation (form.h), as the app hands it on. */
struct kw_field_error {
	char key[64];
	char msg[320];
};
struct kw_field_errors {
	struct kw_field_error *e;
	size_t n, cap;
};
void kw_field_errors_free(struct kw_field_errors *fe);

#endif
