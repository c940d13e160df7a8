/*
 * policy.h: who may do what inside a compartment, enforced by the store.
 *
 * The compartments draw the biggest line with keys: a drop-in session has no
 * key to sensitive.db at all. Inside a compartment the store asks the role of
 * the signed-in user (from the users table, never from the caller) before it
 * reads or writes, so the screens, exports and every command obey one table:
 *
 *   action                 manager  keyworker  dropin
 *   find a woman              yes      yes       yes
 *   add a woman (intake)      yes      yes       yes  (names and safe channels only)
 *   log a contact             yes      yes       yes
 *   see safety flags          yes      yes       yes  (safe channels, keep-apart)
 *   her full record           yes      yes       no   (episodes, tasks, advocacy, ...)
 *   caseloads and agenda      yes      yes       no
 *   read case notes           yes      yes*      no   (* confidential: see below)
 *   write case notes          yes      yes       no
 *   risk, consent, codeword   yes      yes       no
 *   keep-apart: record one    yes      yes       no
 *   export women, contacts    yes      yes       no
 *   export case notes         yes      no        no   (she may not see every note)
 *   read the audit trail      all     her own    no
 *   redact a value            yes      no        no
 *   users and keys            yes      no        no
 *
 * A case note marked confidential is readable by the worker who wrote it,
 * the woman's own keyworker, and managers. Anyone else who may read notes
 * sees that a confidential note exists (when, by whom), never its text.
 */
#ifndef KEYWORK_POLICY_H
#define KEYWORK_POLICY_H

#include <stdbool.h>

#include "keywork/err.h"
#include "keywork/model.h"

struct kw_store; /* db.h: the functions below that take one are the store's */

struct kw_kind;

enum kw_do {
	KW_DO_SEARCH = 0,
	KW_DO_ADD_WOMAN,
	KW_DO_LOG_CONTACT,
	KW_DO_SAFETY_FLAGS,
	KW_DO_FULL_RECORD,
	KW_DO_CASELOAD,
	KW_DO_READ_NOTES,
	KW_DO_WRITE_NOTES,
	KW_DO_SENSITIVE, /* risk, consent and sharing, codeword hint */
	KW_DO_KEEP_APART,
	KW_DO_EXPORT,
	KW_DO_EXPORT_NOTES,
	KW_DO_AUDIT_ALL,
	KW_DO_AUDIT_OWN,
	KW_DO_REDACT,
	KW_DO_USERS,
	KW_DO_REPORTS, /* run a report: counts over every woman */
	KW_DO_COUNT
};

/* What a refusal of the action says after "your role (x) can't " ("read case notes"). */
const char *kw_do_refusal(enum kw_do what);
/* A short name of the action, as the test matrix prints it ("read-notes"). */
const char *kw_do_name(enum kw_do what);
/* The table above: may a user of role do what. */
bool kw_role_may(enum kw_role role, enum kw_do what);

/* The signed-in user's role, read from the store (KW_ROLE_NONE: nobody). */
enum kw_role kw_db_role(struct kw_store *st);
/* 0 if the signed-in user may do what; else -1 with KW_ENOPERM and why in err. */
int kw_db_may(struct kw_store *st, enum kw_do what, struct kw_err *err);

/* --- audit trail (audit.c) --- */

struct kw_audit_filter {
	const char *client_id; /* rows about this woman (NULL: any) */
	const char *user_id;   /* rows by this user (NULL: any) */
	const char *since;     /* at or after this date, "YYYY-MM-DD" (NULL: from the start) */
};
/* One audit row, borrowed for the callback. */
struct kw_audit_row {
	long long seq;
	const char *at;
	const char *username; /* the actor's name, or "" */
	const char *action;
	const char *reference; /* the woman's reference, or "" */
	const char *detail;
	/* Why this row does not verify (chain, signature, signer, anchor), or NULL if it does. */
	const char *unverified;
	/* The outreach laptop whose own trail the row is from (its seq is the laptop's), or NULL. */
	const char *laptop;
};
/*
 * In the caller's transaction: each woman's keyworker in keywork.db written
 * again from its sealed copy (sensitive 0015); *changed gets how many.
 */
int kw_db_allocation_repair(struct kw_store *st, long *changed, struct kw_err *err);
/*
 * At the centre, inside the caller's transaction: takes the attached laptop
 * bundle's audit trail (its rows this side lacks) into the laptop's trail
 * kept here, as written and signed on the laptop. *n gets the rows taken,
 * *head_seq and head_hash the laptop's newest row here (0 if none).
 */
int kw_db_laptop_audit_take(struct kw_store *st, const char *laptop_id, long *n,
			    long long *head_seq, unsigned char head_hash[32], struct kw_err *err);
/*
 * Calls fn for the audit rows matching f, oldest first; at the centre, then
 * each outreach laptop's own trail (r->laptop set), each verified against its
 * actor's key in the protected register. Managers read every
 * row; a keyworker only her own (any other user_id is refused); drop-in staff
 * none (KW_ENOPERM). The whole trail is verified first, and each row says
 * whether it verified. fn returns non-zero to stop. Returns 0 or -1.
 */
int kw_db_audit_each(struct kw_store *st, const struct kw_audit_filter *f,
		     int (*fn)(void *ctx, const struct kw_audit_row *r), void *ctx,
		     struct kw_err *err);

/* --- redaction (policy.c) --- */

/*
 * Managers only. Overwrites the value of field in one of her records:
 * record_id (any record of hers: a contact, a child, a task, an advocacy
 * step...), or her own record when NULL. The field is a core column of that
 * kind, in either compartment (emptied; a required text column gets
 * "[redacted]"), or a custom answer kept against the record (emptied). Every
 * value of that field in the record's history in both compartments becomes
 * "[redacted]", and so does any value a conflict keeps beside the record
 * (an outreach exchange's; the conflict is settled); then an audit tombstone
 * names the record and field and the count of rows, never the value, and the
 * redactions table records which record and field, for outreach laptops. With secure_delete on, the old bytes do not
 * stay in free pages. *rows gets the number of values overwritten. KW_EDATA
 * if the record is not hers or the field holds nothing to redact.
 */
int kw_db_redact_field(struct kw_store *st, const char *client_id, const char *record_id,
		       const char *field, long *rows, struct kw_err *err);
/*
 * Which woman record_id belongs to: her own record, or another through its
 * parent (an advocacy step through its item, a closure through its episode,
 * an attendance by its own client_id). *kind gets the record's kind and
 * client_id her id ("" for a record that is no woman's, such as a group
 * session). Returns 1, 0 if no record (in the compartments open) has that id,
 * or -1.
 */
int kw_db_record_owner(struct kw_store *st, const char *record_id, const struct kw_kind **kind,
		       char client_id[37], struct kw_err *err);
/*
 * Managers only. Overwrites the text of one of her case notes (and the
 * full-text index's copy of it) with "[redacted]", with a tombstone.
 */
int kw_db_redact_note(struct kw_store *st, const char *client_id, const char *note_id,
		      struct kw_err *err);

/*
 * Carries out, inside the caller's transaction, a redaction made on the other
 * side of an outreach exchange: field of record_id (or, with field NULL, the
 * text of the case note record_id) overwritten as kw_db_redact_field does,
 * without a role check or an audit row (the caller writes it). A record not
 * held here is no error: *rows gets 0. Returns 0 or -1.
 */
int kw_db_redact_values(struct kw_store *st, const char *record_id, const char *field, long *rows,
			struct kw_err *err);

/* --- consent and sharing (sharing.c) --- */

/* Her latest consent about sharing with agency (or for purpose, when agency is NULL). */
struct kw_consent_rec {
	char id[37];
	char purpose[48];
	char agency[48];
	char decision[16]; /* given, refused, withdrawn */
	char decided_on[11];
	char review_on[11];
};
/*
 * Finds her latest consent (by decision date, then when recorded) for
 * purpose, about agency if given (a consent for the agency, or else one for
 * the purpose with no agency named). Returns 1 found, 0 none, -1.
 */
int kw_db_consent_latest(struct kw_store *st, const char *client_id, const char *purpose,
			 const char *agency, struct kw_consent_rec *out, struct kw_err *err);
/*
 * Whether agency (a key of the agencies list) or person (a name, compared
 * without case) is on her must-not-receive list on day today ("YYYY-MM-DD"):
 * returns 1 (and what the entry names, in what), 0, or -1.
 */
int kw_db_no_share_find(struct kw_store *st, const char *client_id, const char *agency,
			const char *person, const char *today, char *what, size_t len,
			struct kw_err *err);

/* --- keep apart, and the codeword hint --- */

/* How many women she must be kept apart from (flags in force either way round), or -1. */
long kw_db_keep_apart_count(struct kw_store *st, const char *client_id, struct kw_err *err);
/*
 * A hint of her codeword for the workers who may see it: its first letter and
 * length ("B, 7 letters"), never the word. "" when none is recorded; refused
 * (KW_ENOPERM) for drop-in staff. Returns 0 or -1.
 */
int kw_db_codeword_hint(struct kw_store *st, const char *client_id, char *out, size_t len,
			struct kw_err *err);

#endif
