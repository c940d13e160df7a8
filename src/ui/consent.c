/*
 * consent.c: i on her record: her consents (per purpose and agency, with
 * dates and withdrawal), every disclosure and the consent or basis it relied
 * on, who must not receive information about her, and the women she must be
 * kept apart from. Sharing rules themselves are in src/app/consent.c.
 */
#include <stdio.h>
#include <string.h>

#include "keywork/reads.h"
#include "ui.h"

static const enum ui_op consent_ops[] = { UI_OP_ADD,  UI_OP_OPEN, UI_OP_BACK, UI_OP_HELP,
					  UI_OP_LOCK, UI_OP_DOWN, UI_OP_UP,   UI_OP_NONE };

static void consent_top(struct ui *ui, struct panel *p, int *y)
{
	char keys[64], line[256];

	(void)p;
	ui_op_keys_in(UI_OP_ADD, false, keys, sizeof(keys));
	*strchrnul(keys, ' ') = '\0';
	snprintf(
		line, sizeof(line),
		"%s adds to the list the cursor is in. Nothing may be shared with those she named.",
		keys);
	(void)ui;
	ui_put_fill(stdscr, (*y)++, 1, COLS - 2, line, ui_attr(UC_DIM));
}

enum { SEC_CONSENTS = 0, SEC_SHARED, SEC_NO_SHARE, SEC_KEEP_APART };

struct who {
	const char *id;
	char name[33];
};

static int find_user(void *ctx, const struct kw_user *u)
{
	struct who *w = ctx;

	if (strcmp(u->meta.id, w->id) == 0)
		snprintf(w->name, sizeof(w->name), "%s", u->username);
	return 0;
}

/* A disclosure's basis says who decided ("Without her agreement, by bea"). */
static void consent_row(struct ui *ui, struct panel *p, int section, const char *id,
			const struct kw_values *vals, char cell[4][256])
{
	const struct kw_value *by = kw_values_get(vals, "decided_by");
	struct who w = { 0 };
	struct kw_err err;

	(void)p;
	(void)id;
	if (section != SEC_SHARED || by == NULL || by->state != KW_STATE_ANSWERED ||
	    by->text == NULL)
		return;
	w.id = by->text;
	if (kw_app_user_each(ui->s, find_user, &w, &err) != 0 || w.name[0] == '\0')
		return;
	snprintf(cell[2] + strlen(cell[2]), 256 - strlen(cell[2]), ", by %s", w.name);
}

/*
 * Each list adds its own kind (a on the list the cursor is in): a consent, a
 * disclosure, someone who must not receive information, a woman to keep her
 * apart from. Their rules: src/app/consent.c and src/app/rules.c.
 */
static const struct panel_spec consent = {
	.name = "Consent and sharing",
	.ops = consent_ops,
	.sections = {
		{ "Her consents", "consent", "decided_on",
		  { "decided_on", "purpose", "agency", "decision" },
		  "No consent recorded: ask her before sharing anything.", false, "add consent" },
		{ "Information shared", "disclosure", "disclosed_on",
		  { "disclosed_on", "agency", "basis", "what" }, "Nothing shared yet.", false,
		  "add disclosure" },
		{ "Must not receive information", "no_share", "noted_on",
		  { "noted_on", "agency", "person", "ended_on" }, "Nobody named.", false,
		  "add must-not-receive" },
		{ "Keep apart from", "keep_apart", "noted_on",
		  { "noted_on", "other_reference", "ended_on", NULL }, "Nobody.", false,
		  "add keep-apart" },
	},
	.widths = { 12, 22, 32, 0 },
	.add_here = true,
	.draw_top = consent_top,
	.row = consent_row,
};

struct screen *ui_consent_new(struct ui *ui, const char *client_id)
{
	return ui_panel_new(ui, &consent, client_id, NULL);
}
