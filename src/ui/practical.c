/* practical.c: 3 Practical: tasks, applications, vouchers and referrals, with chase dates. */
#include "ui.h"

static const enum ui_op practical_ops[] = { UI_OP_ADD,	UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					    UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,	UI_OP_NONE };

static const struct panel_spec practical = {
	.name = "3 Practical",
	.ops = practical_ops,
	.sections = { { "Tasks",
			"task",
			"due_on",
			{ "due_on", "title", "status", "chase_on" },
			"No tasks yet: a adds one.",
			false } },
	.widths = { 12, 36, 16, 0 },
};

struct screen *ui_practical_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &practical, client_id, NULL);
}
