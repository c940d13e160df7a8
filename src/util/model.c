/* model.c: names of the model's enums and freeing of its records. */
#include <stdlib.h>
#include <string.h>

#include "keywork/model.h"

static const char *const role_names[] = {
	[KW_ROLE_MANAGER] = "manager",
	[KW_ROLE_KEYWORKER] = "keyworker",
	[KW_ROLE_DROPIN] = "dropin",
};

const char *kw_role_name(enum kw_role role)
{
	if (role <= KW_ROLE_NONE || role > KW_ROLE_DROPIN)
		return NULL;
	return role_names[role];
}

enum kw_role kw_role_parse(const char *s)
{
	for (int r = KW_ROLE_MANAGER; r <= KW_ROLE_DROPIN; r++)
		if (s != NULL && strcmp(s, role_names[r]) == 0)
			return (enum kw_role)r;
	return KW_ROLE_NONE;
}

bool kw_role_holds_caseload(enum kw_role role)
{
	return role == KW_ROLE_MANAGER || role == KW_ROLE_KEYWORKER;
}

bool kw_role_has_sensitive(enum kw_role role)
{
	return role == KW_ROLE_MANAGER || role == KW_ROLE_KEYWORKER;
}

void kw_client_clear(struct kw_client *c)
{
	free(c->known_as);
	free(c->first_name);
	free(c->last_name);
	free(c->date_of_birth);
	free(c->phone);
	free(c->borough);
	free(c->keyworker_id);
	memset(c, 0, sizeof(*c));
}

static const char *const outcome_names[] = { "made", "attempted", "missed" };

const char *kw_contact_outcome_name(enum kw_contact_outcome o)
{
	return (unsigned)o < 3 ? outcome_names[o] : "made";
}

int kw_contact_outcome_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, outcome_names[i]) == 0)
			return i;
	return -1;
}

void kw_contact_clear(struct kw_contact *c)
{
	free(c->mode);
	free(c->missed_reason);
	free(c->summary);
	free(c->amends_id);
	free(c->channel_safety);
	free(c->channel_override);
	memset(c, 0, sizeof(*c));
}

void kw_note_clear(struct kw_note *n)
{
	free(n->body);
	free(n->amends_id);
	memset(n, 0, sizeof(*n));
}
