/*
 * visible.c: what of her timeline a role may see, decided by the forms that
 * write each kind of entry (their fields' see: lists), never by the screen.
 */
#include <stddef.h>

#include "keywork/app.h"
#include "keywork/form.h"
#include "keywork/view.h"

/* Which form and fields each part of a timeline entry comes from. */
static const struct {
	const char *kind, *form, *title, *mode, *body, *extra_form, *extra;
} parts[] = {
	[KW_TL_CONTACT] = { "contact", "contact", "outcome", "mode", "summary", "contact",
			    "missed_reason" },
	[KW_TL_NOTE] = { "note", "note", NULL, NULL, "body", NULL, NULL },
	[KW_TL_TASK] = { "task", "task", "title", NULL, "outcome", "task", "status" },
	[KW_TL_APPOINTMENT] = { "appointment", "appointment", "kind", NULL, "with_whom",
				"appointment", "place" },
	[KW_TL_ADVOCACY] = { "advocacy_step", "advocacy_step", "step", NULL, "summary",
			     "advocacy_item", "agency" },
	[KW_TL_STRENGTH] = { "strength", "strength", "kind", NULL, "description", NULL, NULL },
};

static const char *keep(const struct kw_form_pack *p, const char *form, const char *field,
			enum kw_role role, const char *value)
{
	return value != NULL && field != NULL && kw_form_sees(p, form, field, role) ? value : NULL;
}

bool kw_tl_visible(const struct kw_form_pack *p, enum kw_role role, struct kw_tl_entry *e)
{
	if ((size_t)e->kind >= sizeof(parts) / sizeof(parts[0]) || parts[e->kind].kind == NULL ||
	    !kw_kind_sees(p, parts[e->kind].kind, role))
		return false;
	e->title = keep(p, parts[e->kind].form, parts[e->kind].title, role, e->title);
	e->mode = keep(p, parts[e->kind].form, parts[e->kind].mode, role, e->mode);
	e->body = keep(p, parts[e->kind].form, parts[e->kind].body, role, e->body);
	e->extra = keep(p, parts[e->kind].extra_form, parts[e->kind].extra, role, e->extra);
	/* A contact on a way she did not mark safe: the judgement and the reason are fields too. */
	if (e->kind == KW_TL_CONTACT) {
		e->override = keep(p, "contact", "channel_override", role, e->override);
		e->channel_safety = keep(p, "contact", "channel_safety", role, e->channel_safety);
	}
	return true;
}
