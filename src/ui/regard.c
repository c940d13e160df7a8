/* regard.c: 1 Regard: her strengths and achievements, and how things are going by pathway. */
#include "ui.h"

static const enum ui_op regard_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					 UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static const struct panel_spec regard = {
	.name = "1 Regard",
	.ops = regard_ops,
	.sections = { { "Strengths and achievements",
			"strength",
			"noted_on",
			{ "noted_on", "kind", "description", NULL },
			"None recorded yet: a adds one.",
			false },
		      { "How things are going",
			"outcome_ladder",
			"scored_on",
			{ "scored_on", "pathway", "score", NULL },
			NULL,
			false } },
	.widths = { 12, 14, 40, 0 },
};

struct screen *ui_regard_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &regard, client_id, NULL);
}
