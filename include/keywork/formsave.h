/* formsave.h: saving a form for the signed-in user: validation, then the store, then the audit. */
#ifndef KEYWORK_FORMSAVE_H
#define KEYWORK_FORMSAVE_H

#include "keywork/app.h"
#include "keywork/form.h"
#include "keywork/formdb.h"

/*
 * Validates vals (the answers changed) over the record's stored answers for
 * the session's user, and saves them if every answer is fine; audits the save
 * (form and record, never the answers). On a validation failure errs gets
 * every field's error and err says how many (KW_EDATA); nothing is saved.
 * Role and compartment rules are the store's (kw_db_form_save).
 */
int kw_form_save(struct kw_session *s, const struct kw_form_spec *f, struct kw_form_record *rec,
		 const struct kw_values *vals, struct kw_field_errors *errs, struct kw_err *err);

#endif
