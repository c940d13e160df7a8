/*
 * dropin.c: a drop-in: find her or add her by the name she gives, then log
 * the contact. d on Today opens the search in drop-in mode; Enter on a match
 * opens the contact form already filled in (now, at the centre, in touch),
 * and ^S saves it. With no match, Enter asks "Add her as '<name>'?" (Enter is
 * yes): she is added with only the name she gave, every other answer left
 * "not asked yet", through the intake form so the drop-in role's rules apply,
 * and the contact form follows at once. Nothing here reads the sensitive
 * compartment, so it works the same for drop-in staff, who hold no key to it.
 */
#include <stdio.h>
#include <string.h>

#include "keywork/formsave.h"
#include "ui.h"

struct screen *ui_dropin_new(struct ui *ui)
{
	return ui_search_new(ui, true);
}

struct screen *ui_dropin_log(struct ui *ui, const char *client_id,
			     void (*on_saved)(struct ui *ui, const char *id, void *ctx), void *ctx)
{
	struct kw_values preset = { 0 };
	struct screen *sc;

	kw_values_set(&preset, "mode", "centre");
	kw_values_set(&preset, "outcome", "made");
	sc = ui_contact_log_with(ui, client_id, &preset, on_saved, ctx);
	kw_values_free(&preset);
	return sc;
}

int ui_dropin_add(struct ui *ui, const char *name, char id[37])
{
	const struct kw_form_spec *f = kw_form_find(ui->pack, "intake");
	struct kw_form_record rec = { 0 };
	struct kw_values vals = { 0 };
	struct kw_field_errors errs = { 0 };
	struct kw_err err = { 0 };
	int rc = -1;

	id[0] = '\0';
	if (f == NULL) {
		ui_message(ui, UC_ERROR, "There is no intake form here.");
		return -1;
	}
	kw_values_set(&vals, "known_as", name);
	if (kw_form_save(ui->s, f, &rec, &vals, &errs, &err) != 0) {
		ui_message(ui, UC_ERROR, "She could not be added: %s",
			   errs.n > 0 ? errs.e[0].msg : err.msg);
		goto out;
	}
	snprintf(id, 37, "%s", rec.id);
	rc = 0;
out:
	kw_field_errors_free(&errs);
	kw_values_free(&vals);
	return rc;
}
