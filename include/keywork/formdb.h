/*
 * formdb.h: storing what a form edits. Core columns go to their tables (in the
 * compartment the schema fixes), other answers to custom_values in the
 * compartment the field names, changes to the history of that compartment,
 * all in one transaction. The store refuses fields the signed-in user's role
 * may not edit, whoever calls it.
 */
#ifndef KEYWORK_FORMDB_H
#define KEYWORK_FORMDB_H

#include "keywork/db.h"
#include "keywork/spec.h"

/* The record a form is editing. */
struct kw_form_record {
	char id[37];	    /* empty: a new record (filled in by the save) */
	char parent_id[37]; /* the record it belongs to (e.g. the woman), for a new one */
	long version;	    /* as loaded; a save refuses if someone saved since */
};

/*
 * Reads record rec->id's answers to the fields of f that the actor's role may
 * see into out (a core column that is NULL reads as its recorded state, or
 * not asked). Sets rec->version and rec->parent_id (the record it belongs to,
 * or ""). Returns 1 if found, 0 if not, -1 on error.
 */
int kw_db_form_load(struct kw_store *st, const struct kw_form_spec *f, struct kw_form_record *rec,
		    struct kw_values *out, struct kw_err *err);

/*
 * Saves the answers in vals (fields not in vals are left as they are; a value
 * in state not_asked clears the answer) for record rec, creating it when
 * rec->id is empty. Refuses, changing nothing: a field the actor's role may
 * not edit (KW_ENOPERM), a compartment the store has not opened (KW_ENOPERM),
 * a key that is not a field of f (KW_EUSAGE), a record someone else saved
 * since rec->version, and editing an append-only record (KW_EDATA). Writes a
 * history row for each changed answer, in its compartment. Validation is the
 * caller's (kw_form_save does both). On success rec->id and rec->version are
 * those of the saved record.
 */
int kw_db_form_save(struct kw_store *st, const struct kw_form_spec *f, struct kw_form_record *rec,
		    const struct kw_values *vals, struct kw_err *err);

/*
 * Calls fn with the id and answers (as kw_db_form_load reads them) of each
 * record of f's kind belonging to parent_id (a woman, an advocacy item ...),
 * newest first by the core column order_by (NULL or not a column of the
 * kind: when created), at most limit. fn returns non-zero to stop. Returns
 * the number given, or -1.
 */
int kw_db_form_list(struct kw_store *st, const struct kw_form_spec *f, const char *parent_id,
		    const char *order_by, int limit,
		    int (*fn)(void *ctx, const char *id, const struct kw_values *vals), void *ctx,
		    struct kw_err *err);

/*
 * Records a checklist's computed score, level and whether a MARAC referral
 * is indicated on record id, for kinds whose table keeps them (a risk
 * assessment); does nothing for other kinds.
 */
int kw_db_form_set_score(struct kw_store *st, const struct kw_form_spec *f, const char *id,
			 long score, const char *level, bool marac, struct kw_err *err);

/*
 * Keeps with new record id the answers a rule worked out when it was saved
 * (a contact's channel_safety: how safe the way was judged then), for
 * fields of f stored beside the record; no role "changes" them, so no role
 * check applies. Call inside the save's transaction.
 */
int kw_db_form_set_derived(struct kw_store *st, const struct kw_form_spec *f, const char *id,
			   const struct kw_values *derived, struct kw_err *err);

#endif
