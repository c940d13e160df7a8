/* advocacy.c: 5 Advocacy: one item per issue with an agency, and its chain of steps. */
#include "ui.h"

static const enum ui_op advocacy_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					   UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static const struct panel_spec advocacy = {
	.name = "5 Advocacy",
	.ops = advocacy_ops,
	.sections = { { "Issues with agencies",
			"advocacy_item",
			"opened_on",
			{ "opened_on", "agency", "issue", "status" },
			"No issues taken up yet: a adds one.",
			false } },
	.widths = { 12, 22, 30, 0 },
};

struct screen *ui_advocacy_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &advocacy, client_id, NULL);
}
