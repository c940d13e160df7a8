/* dropin.c: a drop-in: find her or add her by the name she gives, then log the contact. */
#include "ui.h"

struct screen *ui_dropin_new(struct ui *ui)
{
	return ui_search_new(ui, true);
}
