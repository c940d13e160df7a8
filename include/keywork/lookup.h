/* lookup.h: what the command line and the screens ask of a session by name, and the trail. */
#ifndef KEYWORK_LOOKUP_H
#define KEYWORK_LOOKUP_H

#include <stdbool.h>

#include "keywork/app.h"
#include "keywork/formdb.h"
#include "keywork/policy.h"

/*
 * Her record by reference (or id). Returns 0 with *out filled (free with
 * kw_client_clear), or -1: KW_EDATA, KW_R_GONE "no woman has the reference
 * REF" when nobody has it, or the store's error.
 */
int kw_app_client_find(struct kw_session *s, const char *ref, struct kw_client *out,
		       struct kw_err *err);
/* A user by name, as kw_app_client_find: KW_EDATA, KW_R_GONE "there is no user NAME". */
int kw_app_user_find(struct kw_session *s, const char *name, struct kw_user *out,
		     struct kw_err *err);
/* How many women are recorded, or -1. */
long kw_app_client_count(struct kw_session *s, struct kw_err *err);
/* Whether the session opened the sensitive compartment (its role holds that key). */
bool kw_app_has_sensitive(const struct kw_session *s);
/* 0 if the session's role may do what, else -1 with KW_ENOPERM, KW_R_ROLE. */
int kw_app_may(struct kw_session *s, enum kw_do what, struct kw_err *err);

/*
 * The stored answers of rec (rec->id set) into *out (the caller frees it).
 * Returns 0, or -1: KW_EDATA, KW_R_GONE "there is no KIND ID" when it does not
 * exist (or the role may not read it), or the store's error.
 */
int kw_app_form_read(struct kw_session *s, const struct kw_form_spec *f, struct kw_form_record *rec,
		     struct kw_values *out, struct kw_err *err);

/*
 * Calls fn for each audit row f selects that the session may read, verified,
 * then records the reading itself ("audit-read": how many rows, and about
 * what as given). Returns 0, or -1 (a refused role before any row).
 */
int kw_app_audit_read(struct kw_session *s, const struct kw_audit_filter *f,
		      int (*fn)(void *ctx, const struct kw_audit_row *r), void *ctx,
		      const char *about, struct kw_err *err);

/* Redacts a field (every value, or record_id's) or a note's text of her (managers). */
int kw_app_redact_field(struct kw_session *s, const char *client_id, const char *record_id,
			const char *field, long *rows, struct kw_err *err);
int kw_app_redact_note(struct kw_session *s, const char *client_id, const char *note_id,
		       struct kw_err *err);

/*
 * Checks the stores (kw_db_check) and that each restriction to named staff
 * is the same in all its records (kw_access_refresh): fn gets each problem;
 * returns how many, or -1.
 */
int kw_app_check(struct kw_session *s, kw_problem_fn fn, void *ctx, struct kw_err *err);
/*
 * Makes each index, view and trigger of the compartments she opens again as
 * keywork's migrations make it, and removes those added outside keywork
 * (kw_db_schema_repair); managers only; audited when anything changed.
 * *changed gets how many objects were mended. 0 or -1.
 */
int kw_app_schema_repair(struct kw_session *s, long *changed, struct kw_err *err);
/*
 * Builds again each index that does not hold what its table's rows say it
 * should (kw_db_index_repair); managers only; audited when anything changed.
 * *changed gets how many indexes. 0 or -1.
 */
int kw_app_index_repair(struct kw_session *s, long *changed, struct kw_err *err);

/*
 * Writes every woman's contact state and every advocacy item's day due again
 * from the records where any differs (kw_db_contact_state_rebuild); managers
 * only; audited when anything changed. *changed gets how many rows were
 * wrong. 0 or -1.
 */
int kw_app_contact_state_rebuild(struct kw_session *s, long *changed, struct kw_err *err);
/*
 * check --repair (managers): each woman's keyworker in keywork.db written
 * again from its sealed copy where they differ, audited (allocation-repair).
 */
int kw_app_allocation_repair(struct kw_session *s, long *changed, struct kw_err *err);

#endif
