/*
 * consent.h: the rules for sharing information about her with an agency,
 * asked before an advocacy step or a disclosure shares anything.
 *
 *   - an agency (or a person) on her must-not-receive list: BLOCKED, whatever
 *     consent says; the store also refuses to record such a disclosure;
 *   - else her latest consent to share with that agency (one naming the
 *     agency before one for sharing in general): given -> OK (and which
 *     consent was relied on; past its review date it still stands, with a
 *     reminder); refused or withdrawn -> NO_CONSENT; none -> NO_CONSENT.
 *
 * NO_CONSENT is a warning, not a refusal: a safeguarding duty or a court order
 * can be the basis instead, and the disclosure log records which.
 */
#ifndef KEYWORK_CONSENT_H
#define KEYWORK_CONSENT_H

#include "keywork/db.h"
#include "keywork/err.h"

enum kw_share_verdict { KW_SHARE_OK = 0, KW_SHARE_NO_CONSENT, KW_SHARE_BLOCKED };

struct kw_share_check {
	enum kw_share_verdict verdict;
	char consent_id[37]; /* the consent relied on (OK), else "" */
	char msg[320];	     /* in plain words, for the screen ("" when OK and current) */
};

/*
 * Checks sharing information about her (client_id) with agency (a key of the
 * agencies list; label, if not NULL, names it in messages) on today
 * ("YYYY-MM-DD"). Returns 0 with *out filled, or -1 (KW_ENOPERM for a role
 * that does not open consents).
 */
int kw_share_check(struct kw_store *st, const char *client_id, const char *agency,
		   const char *label, const char *today, struct kw_share_check *out,
		   struct kw_err *err);

#endif
