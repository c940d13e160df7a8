/* consent.c: may information about her go to an agency? (the rules are in consent.h) */
#include <stdio.h>
#include <string.h>

#include "keywork/consent.h"
#include "keywork/policy.h"

int kw_share_check(struct kw_store *st, const char *client_id, const char *agency,
		   const char *label, const char *today, struct kw_share_check *out,
		   struct kw_err *err)
{
	struct kw_consent_rec c;
	const char *who = label != NULL ? label : agency;
	char what[128];
	int found;

	memset(out, 0, sizeof(*out));
	found = kw_db_no_share_find(st, client_id, agency, NULL, today, what, sizeof(what), err);
	if (found < 0)
		return -1;
	if (found > 0) {
		out->verdict = KW_SHARE_BLOCKED;
		snprintf(out->msg, sizeof(out->msg),
			 "She asked that %s must not receive information about her: nothing may "
			 "be shared with them.",
			 who);
		return 0;
	}
	found = kw_db_consent_latest(st, client_id, "share_with_agency", agency, &c, err);
	if (found < 0)
		return -1;
	if (found == 0) {
		out->verdict = KW_SHARE_NO_CONSENT;
		snprintf(out->msg, sizeof(out->msg),
			 "No consent to share with %s is recorded: ask her first, or record the "
			 "basis for sharing without it.",
			 who);
		return 0;
	}
	if (strcmp(c.decision, "given") != 0) {
		out->verdict = KW_SHARE_NO_CONSENT;
		snprintf(out->msg, sizeof(out->msg), "She %s consent to share with %s%s%s.",
			 strcmp(c.decision, "withdrawn") == 0 ? "withdrew her" : "did not give",
			 who, c.decided_on[0] != '\0' ? " on " : "", c.decided_on);
		return 0;
	}
	out->verdict = KW_SHARE_OK;
	snprintf(out->consent_id, sizeof(out->consent_id), "%s", c.id);
	if (c.review_on[0] != '\0' && strcmp(c.review_on, today) < 0)
		snprintf(out->msg, sizeof(out->msg),
			 "She agreed to sharing with %s on %s; it was due to be checked again on "
			 "%s.",
			 who, c.decided_on, c.review_on);
	return 0;
}
