/*
 * consent.c: i on her record: her consents (per purpose and agency, with
 * dates and withdrawal), every disclosure and the consent or basis it relied
 * on, who must not receive information about her, and the women she must be
 * kept apart from. Sharing rules themselves are in src/app/consent.c.
 */
#include "ui.h"

static const enum ui_op consent_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					  UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static void consent_top(struct ui *ui, struct panel *p, int *y)
{
	(void)ui;
	(void)p;
	ui_put_fill(stdscr, (*y)++, 1, COLS - 2,
		    "a adds to the highlighted list. Nothing may be shared with those she named.",
		    ui_attr(UC_DIM));
}

static const struct panel_spec consent = {
	.name = "Consent and sharing",
	.ops = consent_ops,
	.sections = {
		{ "Her consents", "consent", "decided_on",
		  { "decided_on", "purpose", "agency", "decision" },
		  "No consent recorded: ask her before sharing anything.", false },
		{ "Information shared", "disclosure", "disclosed_on",
		  { "disclosed_on", "agency", "basis", "what" }, "Nothing shared yet.", false },
		{ "Must not receive information", "no_share", "noted_on",
		  { "noted_on", "agency", "person", "ended_on" }, "Nobody named.", false },
		{ "Keep apart from", "keep_apart", "noted_on",
		  { "noted_on", "other_reference", "ended_on", NULL }, "Nobody.", false },
	},
	.widths = { 12, 24, 22, 0 },
	.draw_top = consent_top,
};

struct screen *ui_consent_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &consent, client_id, NULL);
}
