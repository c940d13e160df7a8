/* episodes.c: her episodes: referral, open, closed at her wish, re-opened when she comes back. */
#include "ui.h"

static const enum ui_op episode_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					  UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static const struct panel_spec episodes = {
	.name = "Episodes",
	.ops = episode_ops,
	.sections = { { "Referrals and episodes",
			"referral",
			"referred_on",
			{ "referred_on", "programme", "referral_source", "opened_on" },
			"No referral recorded: a records one.",
			false } },
	.widths = { 12, 22, 24, 0 },
};

struct screen *ui_episodes_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &episodes, client_id, NULL);
}
