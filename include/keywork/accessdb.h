/*
 * accessdb.h: the store's side of records restricted to named staff (issue
 * 18): the restriction as each of three places records it (the general
 * compartment, its sealed copy in the sensitive one, the signed audit
 * chain), setting and lifting it in all three at once, and the women the
 * app has found hidden from this session, which the store's reads leave out.
 * Who may see whom is decided in src/app/access.c, never here.
 */
#ifndef KEYWORK_ACCESSDB_H
#define KEYWORK_ACCESSDB_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/db.h"
#include "keywork/err.h"

/* Where a restriction is recorded. */
enum kw_access_source {
	KW_ACCESS_GENERAL = 0, /* keywork.db client_access: every session reads it */
	KW_ACCESS_SEALED,      /* sensitive.db client_access_seal: key holders only */
	KW_ACCESS_AUDIT,       /* the latest "access"/"access-lift" row by a manager */
	KW_ACCESS_SOURCES
};

/*
 * Calls fn for each woman source says is restricted, by client id: her
 * reference and the named staff's usernames, sorted, joined by ", ". The
 * sealed source needs the sensitive compartment (KW_ENOPERM without it).
 * fn returns non-zero to stop. Returns 0 or -1.
 */
int kw_db_access_each(struct kw_store *st, enum kw_access_source source,
		      int (*fn)(void *ctx, const char *client_id, const char *reference,
				const char *users),
		      void *ctx, struct kw_err *err);

/*
 * Restricts her record to the users user_ids (n of them; replacing any
 * earlier list), or lifts the restriction (n == 0), in the general and the
 * sensitive compartments and with a signed audit row ("access", detail
 * "visible only to ana, bea"; "access-lift"), in one transaction. users is
 * the usernames, sorted and joined by ", ". Managers only, with the
 * sensitive compartment. Returns 1 if it changed, 0 if it already stood so
 * (nothing written), -1.
 */
int kw_db_access_set(struct kw_store *st, const char *client_id, const char (*user_ids)[37],
		     size_t n, const char *users, const char *today, struct kw_err *err);

/*
 * Finds the woman id_or_ref (her id or reference) without reading anything
 * of her but those two, for deciding about access: 1 found, 0 not, -1.
 */
int kw_db_access_client(struct kw_store *st, const char *id_or_ref, char id[37], char reference[16],
			struct kw_err *err);

/*
 * Calls fn with each "access-refused" audit row since the day since, newest
 * first, at most limit: when, who (username), her reference ("" if deleted)
 * and the detail. Managers only. Returns 0 or -1.
 */
int kw_db_access_refusals(struct kw_store *st, const char *since, int limit,
			  int (*fn)(void *ctx, const char *at, const char *who,
				    const char *reference, const char *detail),
			  void *ctx, struct kw_err *err);

/* Replaces the women hidden from this session (ids need not be sorted). */
void kw_db_access_hide(struct kw_store *st, const char (*ids)[37], size_t n);

/* Whether client_id is hidden from this session (as last given to kw_db_access_hide). */
bool kw_db_access_hidden(const struct kw_store *st, const char *client_id);

/* The text the audit row of a restriction carries before the usernames. */
#define KW_ACCESS_DETAIL "visible only to "

#endif
