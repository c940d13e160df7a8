/*
 * retentiondb.h: the store's side of retention, erasure and restriction:
 * what the rules need to know about each woman, deleting everything of hers
 * with a tombstone left, holds on her record, and vacuuming both files.
 */
#ifndef KEYWORK_RETENTIONDB_H
#define KEYWORK_RETENTIONDB_H

#include <stdbool.h>

#include "keywork/db.h"
#include "keywork/err.h"

/* What the retention rules read about one woman (dates "YYYY-MM-DD", "" for none). */
struct kw_ret_facts {
	char id[37];
	char reference[16];
	long episodes;	    /* every episode she has had */
	long episodes_open; /* referred or open */
	char last_closed[11];
	char last_contact[11]; /* her last contact, or the day her record was made */
	bool child_protection; /* a child of hers has a status in the given list */
	long orders;	       /* criminal justice records of the given order kinds */
	long orders_running;   /* of which with no end, or ending after today */
	char order_ended[11];  /* the latest end (or date, with no end given) */
	bool court_date;       /* a court date today or later */
	bool legal_hold;
	bool restricted;
};

/*
 * Calls fn with the facts of every woman (or only client_id's, if given),
 * by reference. cp_json and orders_json are JSON arrays of list keys (the
 * child-protection statuses, the order kinds); today "YYYY-MM-DD". Needs the
 * sensitive compartment (children's status and criminal justice records are
 * there): KW_ENOPERM without it. fn returns non-zero to stop. Returns 0 or -1.
 */
int kw_db_retention_each(struct kw_store *st, const char *cp_json, const char *orders_json,
			 const char *today, const char *client_id,
			 int (*fn)(void *ctx, const struct kw_ret_facts *f), void *ctx,
			 struct kw_err *err);

/*
 * Deletes everything held about the woman client_id, in both compartments,
 * inside the caller's transaction: every record of hers and of her records
 * (children, episodes and their closures, advocacy items and their steps,
 * notes and their search index, ...), every table's rows that name her,
 * the field history and custom answers of all of them; then leaves a
 * tombstone (reference, rule, today, the signed-in user) and an audit row
 * saying the same ("retention-delete", or "erase" when rule is "erasure").
 * The audit rows about her stay (the trail is signed and chained), and so do
 * keep-apart flags of other women naming her reference (theirs) and the
 * outreach registry's rows saying which laptops she was put on (her id and
 * reference), so that the laptops are told and a revocation still names her. Managers
 * only, with the sensitive compartment. *rows gets the rows deleted.
 * Returns 0 or -1.
 */
int kw_db_purge_client(struct kw_store *st, const char *client_id, const char *reference,
		       const char *rule, const char *today, long *rows, struct kw_err *err);

/*
 * On an outreach laptop: deletes every row about the woman client_id in both
 * compartments open, as kw_db_purge_client does, inside the caller's
 * transaction, leaving no tombstone (the centre keeps her record; the caller
 * writes the audit row). *rows gets the rows deleted. Returns 0 or -1.
 */
int kw_db_laptop_drop_client(struct kw_store *st, const char *client_id, long *rows,
			     struct kw_err *err);

/* Vacuums both compartments (outside any transaction). Returns 0 or -1. */
int kw_db_vacuum(struct kw_store *st, struct kw_err *err);

/* Kinds of hold on her record. */
enum kw_hold { KW_HOLD_LEGAL = 0, KW_HOLD_RESTRICT };

/*
 * Sets (lift false) or lifts a hold of kind on her record, today, in all
 * three of its records (the general compartment, the sealed copy in the
 * sensitive one, an audit row "hold"/"hold-lift" or
 * "restrict"/"restrict-lift"), in a transaction of its own. Managers only,
 * with the sensitive compartment. Returns 1 if it changed, 0 if all three
 * already said so (nothing written), -1. Setting a hold that only some of
 * its records show repairs the others.
 */
int kw_db_hold_set(struct kw_store *st, const char *client_id, enum kw_hold kind, bool lift,
		   const char *today, struct kw_err *err);
/*
 * Whether a hold of kind stands on her record: 1, 0, or -1. Any role. It
 * stands while any record of it this session can read says so (see
 * kw_hold_source).
 */
int kw_db_hold_get(struct kw_store *st, const char *client_id, enum kw_hold kind,
		   struct kw_err *err);

/* Where a hold is recorded; a change outside keywork makes them differ. */
enum kw_hold_source {
	KW_HOLD_GENERAL = 0, /* keywork.db client_holds: every session reads it */
	KW_HOLD_SEALED,	     /* sensitive.db client_holds_seal: key holders only */
	KW_HOLD_AUDIT,	     /* the latest setting or lifting audited by a manager */
	KW_HOLD_SOURCES
};

/*
 * Calls fn for each woman source says holds a hold of kind, by client id,
 * with her reference. The sealed source needs the sensitive compartment
 * (KW_ENOPERM without it). fn returns non-zero to stop. Returns 0 or -1.
 */
int kw_db_holds_each(struct kw_store *st, enum kw_hold kind, enum kw_hold_source source,
		     int (*fn)(void *ctx, const char *client_id, const char *reference), void *ctx,
		     struct kw_err *err);

/* Who a tombstone is for: 1 if reference's record was deleted (rule and day filled), 0, -1. */
int kw_db_tombstone_get(struct kw_store *st, const char *reference, char rule[64],
			char deleted_on[11], struct kw_err *err);

#endif
