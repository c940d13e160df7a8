/*
 * reasons.h: the closure workflow's names (the list of reasons, its forms) and
 * the word test that tells a non-engagement reason, shared by the form loader,
 * the app's rules and the store's checks (src/util/reasons.c).
 */
#ifndef KEYWORK_REASONS_H
#define KEYWORK_REASONS_H

#include <stdbool.h>

/* The list of closure reasons, the forms of this workflow, and the reason that is her wish. */
#define KW_CLOSURE_REASONS "closure_reasons"
#define KW_FORM_REFERRAL "referral"
#define KW_FORM_CLOSURE "closure"
#define KW_FORM_REOPENING "reopening"
#define KW_FORM_HANDOVER "handover"
#define KW_REASON_HER_WISH "her_request"
#define KW_REASON_OTHER "other" /* needs the reason in words (other_reason) */

/* --- the word test (src/util/reasons.c) --- */

/*
 * True if a closure reason's key or label (either may be NULL) reads as
 * non-engagement: non-engagement, non-attendance, "did not attend", DNA,
 * non-compliance, lost contact, no response, unreachable, no show. Lower-cased,
 * with '_' and '-' read as spaces. The store's triggers use the same stems.
 */
bool kw_reason_is_non_engagement(const char *key, const char *label);

#endif
