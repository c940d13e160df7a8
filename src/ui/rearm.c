/*
 * rearm.c: a form given back from a sealed draft (after a lock, an idle lock
 * or a hang-up) is opened afresh, without the workflow that first opened it.
 * Each workflow arms it again with its own rule, so a contact on a way she
 * did not mark safe, a closure for non-engagement or a step that shares about
 * her without consent is asked about as it was before the lock.
 */
#include "ui.h"

void ui_rearm(struct ui *ui, struct screen *sc, const char *form_key, const char *rec_id,
	      const char *parent_id)
{
	ui_rearm_fn *const arms[] = {
		ui_contact_rearm,  ui_practical_rearm, ui_episodes_rearm,
		ui_advocacy_rearm, ui_pathways_rearm,
	};

	if (sc == NULL || ui->s == NULL)
		return;
	for (size_t i = 0; i < sizeof(arms) / sizeof(arms[0]); i++)
		if (arms[i](ui, sc, form_key, rec_id != NULL ? rec_id : "",
			    parent_id != NULL ? parent_id : ""))
			return;
}
