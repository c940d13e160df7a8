/*
 * records.c: the model's side of what the store hands out: freeing the
 * records it fills, naming timeline kinds, and the table of who may do what
 * (policy.h). No SQL: the screens and the app use these without the store.
 */
#include <stdlib.h>
#include <string.h>

#include "keywork/contact.h"
#include "keywork/episode.h"
#include "keywork/policy.h"
#include "keywork/util.h"
#include "keywork/view.h"

/* Which roles may do each action: bit 0 manager, 1 keyworker, 2 dropin. */
#define M 1u
#define K 2u
#define D 4u
static const struct {
	const char *name;
	unsigned roles;
	const char *refusal; /* "your role (x) can't ..." */
} policy[KW_DO_COUNT] = {
	[KW_DO_SEARCH] = { "search", M | K | D, "find women" },
	[KW_DO_ADD_WOMAN] = { "add-woman", M | K | D, "add women" },
	[KW_DO_LOG_CONTACT] = { "log-contact", M | K | D, "log contacts" },
	[KW_DO_SAFETY_FLAGS] = { "safety-flags", M | K | D, "see safety flags" },
	[KW_DO_FULL_RECORD] = { "full-record", M | K,
				"open a woman's full record (only her name, safety flags and "
				"contacts)" },
	[KW_DO_CASELOAD] = { "caseload", M | K, "list caseloads" },
	[KW_DO_READ_NOTES] = { "read-notes", M | K, "read case notes" },
	[KW_DO_WRITE_NOTES] = { "write-notes", M | K, "write case notes" },
	[KW_DO_SENSITIVE] = { "risk-consent", M | K, "see risk, consent or her codeword" },
	[KW_DO_KEEP_APART] = { "keep-apart-set", M | K, "record a keep-apart flag" },
	[KW_DO_EXPORT] = { "export", M | K, "export records" },
	[KW_DO_EXPORT_NOTES] = { "export-notes", M,
				 "export case notes (only managers may read every note)" },
	[KW_DO_AUDIT_ALL] = { "audit-all", M, "read everyone's audit rows" },
	[KW_DO_AUDIT_OWN] = { "audit-own", M | K, "read the audit trail" },
	[KW_DO_REDACT] = { "redact", M, "redact records" },
	[KW_DO_USERS] = { "users", M, "manage users" },
	[KW_DO_REPORTS] = { "reports", M, "run reports (they count every woman's records)" },
};

static unsigned role_bit(enum kw_role r)
{
	switch (r) {
	case KW_ROLE_MANAGER:
		return M;
	case KW_ROLE_KEYWORKER:
		return K;
	case KW_ROLE_DROPIN:
		return D;
	default:
		return 0;
	}
}
#undef M
#undef K
#undef D

const char *kw_do_refusal(enum kw_do what)
{
	return (unsigned)what < KW_DO_COUNT ? policy[what].refusal : "do that";
}

const char *kw_do_name(enum kw_do what)
{
	return (unsigned)what < KW_DO_COUNT ? policy[what].name : "?";
}

bool kw_role_may(enum kw_role role, enum kw_do what)
{
	return (unsigned)what < KW_DO_COUNT && (policy[what].roles & role_bit(role)) != 0;
}

void kw_contact_state_clear(struct kw_contact_state *cs)
{
	free((char *)cs->row.known_as);
	free((char *)cs->row.last_contact);
	free((char *)cs->row.opened_on);
	free((char *)cs->row.programme);
	free((char *)cs->row.cadence);
	free((char *)cs->row.paused_until);
	free((char *)cs->row.pause_ended);
	free((char *)cs->row.next_planned);
	free((char *)cs->row.risk_level);
	free(cs->pause_reason);
	free(cs->pause_from);
	memset(cs, 0, sizeof(*cs));
}

void kw_episode_clear(struct kw_episode *e)
{
	free(e->referral_source);
	free(e->programme);
	free(e->cadence);
	free(e->status);
	free(e->referred_on);
	free(e->opened_on);
	free(e->closed_on);
	free(e->closure_reason);
	free(e->reopened_from);
	free(e->reopened_by);
	if (e->her_wish != NULL)
		memset(e->her_wish, 0, strlen(e->her_wish));
	free(e->her_wish);
	if (e->welcome_back != NULL)
		memset(e->welcome_back, 0, strlen(e->welcome_back));
	free(e->welcome_back);
	memset(e, 0, sizeof(*e));
}

void kw_header_clear(struct kw_header *h)
{
	kw_client_clear(&h->client);
	free(h->latest_strength);
	free(h->risk_level);
	free(h->handover);
	free(h->safe_channels);
	free(h->programme);
	free(h->last_contact);
	memset(h, 0, sizeof(*h));
}

const char *kw_tl_kind_name(enum kw_tl_kind k)
{
	static const char *const names[] = { "contact",	    "note",	"task",
					     "appointment", "advocacy", "strength" };

	return (unsigned)k < KW_ARRAY_LEN(names) ? names[k] : "?";
}
