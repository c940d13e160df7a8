/* contact.c: 2 Contact: contacts and attempts, appointments and pauses in contact. */
#include "ui.h"

static const enum ui_op contact_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					  UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static const struct panel_spec contact = {
	.name = "2 Contact",
	.ops = contact_ops,
	.sections = { { "Contacts and attempts",
			"contact",
			"happened_at",
			{ "happened_at", "mode", "outcome", "summary" },
			"No contact recorded yet: a logs one.",
			false },
		      { "Appointments",
			"appointment",
			"starts_at",
			{ "starts_at", "kind", "place", "with_whom" },
			NULL,
			false },
		      { "Pauses in contact",
			"contact_pause",
			"starts_on",
			{ "starts_on", "ends_on", "reason", NULL },
			NULL,
			false } },
	.widths = { 17, 18, 22, 0 },
};

struct screen *ui_contact_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &contact, client_id, NULL);
}

struct screen *ui_contact_log(struct ui *ui, const char *client_id)
{
	return ui_form_new(ui, "contact", NULL, client_id, NULL, NULL, NULL);
}
