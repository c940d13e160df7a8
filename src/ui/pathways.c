/* pathways.c: needs pathways and support plans (w), family (f), safety and risk (s). */
#include "ui.h"

static const enum ui_op list_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
				       UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static const struct panel_spec pathways = {
	.name = "Needs pathways",
	.ops = list_ops,
	.sections = { { "Support plans",
			"support_plan",
			"opened_on",
			{ "pathway", "opened_on", "closed_on", "goals" },
			"No support plan yet: a opens one for a pathway.",
			false } },
	.widths = { 24, 12, 12, 0 },
};

static const struct panel_spec family = {
	.name = "Family",
	.ops = list_ops,
	.sections = { { "Children",
			"child",
			"date_of_birth",
			{ "known_as", "date_of_birth", "lives_with", NULL },
			"No children recorded: a adds a child.",
			false } },
	.widths = { 24, 12, 24, 0 },
};

static const struct panel_spec safety = {
	.name = "Safety and risk",
	.ops = list_ops,
	.sections = { { "Risk assessments",
			"risk_checklist",
			"assessed_on",
			{ "assessed_on", NULL, NULL, NULL },
			"No risk assessment yet: a starts the checklist.",
			false } },
	.widths = { 12, 12, 24, 0 },
};

struct screen *ui_pathways_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &pathways, client_id, NULL);
}

struct screen *ui_family_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &family, client_id, NULL);
}

struct screen *ui_safety_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &safety, client_id, NULL);
}
