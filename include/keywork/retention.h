/*
 * retention.h: her data, her rights, the centre's duties: who is due for
 * deletion under the retention rules (forms/retention.yaml), deleting them,
 * erasure at her request, a legal hold, and restriction of processing (her
 * record read only until lifted, for every caller: kw_form_save refuses).
 */
#ifndef KEYWORK_RETENTION_H
#define KEYWORK_RETENTION_H

#include <stdbool.h>
#include <stdio.h>

#include "keywork/app.h"
#include "keywork/form.h"
#include "keywork/retentiondb.h"

/* A woman due for deletion: the rule that kept her longest has run out. */
struct kw_ret_due {
	char id[37];
	char reference[16];
	size_t rule;	 /* index into the pack's rules */
	char due_on[11]; /* the day it ran out */
};

/* What the rules say today about every woman. */
struct kw_ret_report {
	char today[11];
	unsigned long women;
	unsigned long *due_per_rule; /* one count per rule */
	unsigned long held;	     /* a legal hold stops her clocks */
	unsigned long open;	     /* an episode of hers is open or waiting */
	unsigned long running;	     /* a rule's time has not run out, or its event not come */
	unsigned long no_rule;	     /* no rule applies to her */
	struct kw_ret_due *due;	     /* by reference */
	size_t ndue;
};
void kw_ret_report_free(struct kw_ret_report *r);

/*
 * Applies the pack's retention rules to every woman, today, changing
 * nothing. Managers and keyworkers (the sensitive compartment is needed);
 * the report's references are for managers: a keyworker's report holds the
 * counts only (ndue 0, due NULL). Audited ("retention-review"). Returns 0
 * or -1 (KW_EDATA when the pack has no retention rules).
 */
int kw_retention_review(struct kw_session *s, const struct kw_form_pack *pack,
			struct kw_ret_report *out, struct kw_err *err);

/*
 * Deletes every woman the rules say is due today, one transaction each
 * (kw_db_purge_client), reviewing first; managers only. When at least the
 * rules' vacuum_after women were deleted, both compartments are vacuumed
 * (*vacuumed). progress, if not NULL, is told each reference deleted.
 * *deleted gets how many. A failure stops the run; those deleted before it
 * stay deleted. Returns 0 or -1.
 */
int kw_retention_apply(struct kw_session *s, const struct kw_form_pack *pack, FILE *progress,
		       unsigned long *deleted, bool *vacuumed, struct kw_err *err);

/*
 * Erases the woman ref at her request, at once, as retention would
 * (tombstone rule "erasure"); managers only. Refused (KW_EDATA, KW_R_RULE)
 * with the reason while anything in the rules' erase_refused_while stands:
 * a legal hold, a child of hers under a child-protection status, a court
 * date today or later. Returns 0 or -1.
 */
int kw_erase(struct kw_session *s, const struct kw_form_pack *pack, const char *ref,
	     struct kw_err *err);

/*
 * Sets or lifts a hold on the woman ref (a legal hold, or a restriction of
 * processing); managers only; audited. *changed says whether it changed
 * (false: it already was so). Returns 0 or -1.
 */
int kw_hold(struct kw_session *s, const char *ref, enum kw_hold kind, bool lift, bool *changed,
	    struct kw_err *err);

/*
 * Whether processing of her record is restricted: returns 1 (err set to the
 * plain refusal, KW_EDATA, KW_R_RULE, for the caller to give), 0, or -1.
 * Every write about her asks this first (kw_form_save does, for every caller).
 */
int kw_restricted(struct kw_session *s, const char *client_id, struct kw_err *err);

/*
 * Looks in dir (where the centre keeps its backups) for keywork backups
 * made longer ago than the shortest retention period, and tells warn of
 * each ("FILE, made DATE"): they still hold women the rules have deleted
 * since. *n gets how many. Files that are not keywork backups are passed
 * over. Returns 0, or -1 (dir unreadable; the pack has no rules).
 */
int kw_retention_old_backups(const struct kw_form_pack *pack, const char *dir, FILE *warn,
			     unsigned long *n, struct kw_err *err);

#endif
