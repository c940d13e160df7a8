/* formsave.h: saving a form for the signed-in user: validation, then the store, then the audit. */
#ifndef KEYWORK_FORMSAVE_H
#define KEYWORK_FORMSAVE_H

#include "keywork/app.h"
#include "keywork/form.h"
#include "keywork/formdb.h"

/* How a save is asked for. */
struct kw_save_opts {
	/* The user said yes to the question a rule asked (a screen asked, or --yes). */
	bool confirmed;
	/* When not NULL, gets the answers the rules worked out (kept with a new record). */
	struct kw_values *derived;
	/*
	 * A record carried from another machine (an outreach bundle): its rule is
	 * run as for any save, but what follows from it there (a step's
	 * disclosure, a court date's appointment) was recorded there with it and
	 * travels as a record of its own, so it is not made a second time here.
	 */
	bool carried;
};

/*
 * Saves vals (the answers changed) over the record's stored answers for the
 * session's user, if the rule of the work for its kind of record (rules.h)
 * and every answer (kw_form_validate) are fine; audits the save (form and
 * record, never the answers). Nothing is saved when:
 * - a rule refuses: errs gets its field and plain message, err the message
 *   (KW_EDATA, KW_R_RULE);
 * - a rule asks and o->confirmed is not set: errs gets the field and what
 *   refusing means, err the question (KW_ECONFIRM, KW_R_QUESTION); saving
 *   again with confirmed goes ahead;
 * - answers are not valid: errs gets every field's error and err says how
 *   many (KW_EDATA, KW_R_INVALID).
 * Role and compartment rules are the store's (kw_db_form_save). o may be NULL.
 */
int kw_form_save_with(struct kw_session *s, const struct kw_form_spec *f,
		      struct kw_form_record *rec, const struct kw_values *vals,
		      const struct kw_save_opts *o, struct kw_field_errors *errs,
		      struct kw_err *err);

/* kw_form_save_with with no confirmation given. */
int kw_form_save(struct kw_session *s, const struct kw_form_spec *f, struct kw_form_record *rec,
		 const struct kw_values *vals, struct kw_field_errors *errs, struct kw_err *err);

#endif
