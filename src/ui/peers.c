/* peers.c: 4 Peers: peer mentoring (mentors are people recorded here, not logins). */
#include "ui.h"

static const enum ui_op peers_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static const struct panel_spec peers = {
	.name = "4 Peers",
	.ops = peers_ops,
	.sections = { { "Peer mentoring",
			"mentor_match",
			"proposed_on",
			{ "proposed_on", "mentor_name", "status", NULL },
			"No mentor match yet: a proposes one.",
			false } },
	.widths = { 12, 24, 20, 0 },
};

struct screen *ui_peers_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &peers, client_id, NULL);
}
