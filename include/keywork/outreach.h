/*
 * outreach.h: outreach laptops (src/app/outreach.c). At the centre, a laptop
 * is registered for one user with the women it takes, and gets a first
 * bundle; a lost one is revoked. On the laptop, the first bundle makes a data
 * directory of its own, under keys of its own.
 */
#ifndef KEYWORK_OUTREACH_H
#define KEYWORK_OUTREACH_H

#include "keywork/app.h"
#include "keywork/outreachdb.h"

/* What kw_outreach_add did. */
struct kw_outreach_added {
	struct kw_bundle_counts counts;
	bool sensitive;	 /* the sensitive compartment went */
	long long bytes; /* the bundle's size */
};

/*
 * Registers the laptop called laptop (1 to 64 lower-case letters, digits,
 * '.', '_' and '-') for the user username and writes its first bundle to
 * out_path (created new, mode 0600; never overwritten): the women listed in
 * women (references separated by commas), or her caseload when NULL, as
 * kw_db_bundle_write copies them; the bundle key sealed to her alone, the
 * file signed by the session user. A manager may do it for anyone; a
 * keyworker only for herself and women of her own caseload. Refused: a
 * woman restricted to named staff, a disabled user, a user whose key slot
 * the protected register does not vouch for, a name already registered.
 * Registry, audit (a row per woman, naming the laptop) and file together:
 * a failure leaves neither. rep says what went.
 */
int kw_outreach_add(struct kw_session *s, const char *laptop, const char *username,
		    const char *women, const char *out_path, struct kw_outreach_added *rep,
		    struct kw_err *err);

/* On a laptop: which laptop of which centre it is (1), 0 if this is not a laptop, -1. */
int kw_outreach_link(struct kw_session *s, struct kw_link *out, struct kw_err *err);

/*
 * Calls fn for each conflict nobody has chosen for yet, of the women the
 * user may see (a sensitive field's only with that compartment open).
 */
int kw_outreach_conflicts(struct kw_session *s, int (*fn)(void *ctx, const struct kw_conflict *c),
			  void *ctx, struct kw_err *err);

/*
 * Settles the conflict id (managers and keyworkers): take saves the other
 * side's value over the one here, by the form's rules and with history like
 * any edit; otherwise the value here stays. Either way the choice is
 * recorded with the conflict and audited, and it is no longer listed.
 */
int kw_outreach_resolve(struct kw_session *s, const struct kw_form_pack *pack, const char *id,
			bool take, struct kw_err *err);

/* Calls fn for each registered laptop (managers; a keyworker sees her own). */
int kw_outreach_list(struct kw_session *s, int (*fn)(void *ctx, const struct kw_laptop *l),
		     void *ctx, struct kw_err *err);

/*
 * Revokes the laptop called laptop (a manager, or its own user): its bundles
 * are refused from then on. Audited (a row for the laptop and one per woman
 * on it). fn gets each woman ever put on it, with since and until, for a
 * breach report; *l the laptop as it now stands. A laptop revoked already is
 * listed again and not revoked twice (*again set); one whose revocation is
 * missing from a record of it (the general row, its sealed copy, the signed
 * audit row: removed outside keywork) is revoked again in those.
 */
int kw_outreach_revoke(struct kw_session *s, const char *laptop,
		       int (*fn)(void *ctx, const char *reference, const char *known_as,
				 const char *since, const char *until),
		       void *ctx, struct kw_laptop *l, bool *again, struct kw_err *err);

/*
 * check --repair (a manager): the laptop registry's rows in keywork.db made
 * to agree with the sealed copy, and a revocation missing from any record
 * of it written again; audited. *changed gets how many rows.
 */
int kw_outreach_registry_repair(struct kw_session *s, long *changed, struct kw_err *err);

/*
 * Revokes every laptop of the user user_id whose revocation is not recorded
 * everywhere, in the caller's transaction (a manager disabling her); *n gets
 * how many. Each is audited (outreach-revoke).
 */
int kw_outreach_revoke_user(struct kw_session *s, const char *user_id, long *n, struct kw_err *err);

/*
 * Calls fn for each woman with outreach conflicts nobody has chosen for yet
 * whose keyworker is keyworker_id (NULL: every woman this user may see), by
 * name, with how many (managers and keyworkers).
 */
int kw_outreach_conflict_women(struct kw_session *s, const char *keyworker_id,
			       int (*fn)(void *ctx, const char *client_id, const char *reference,
					 const char *known_as, long n),
			       void *ctx, struct kw_err *err);

/* As kw_outreach_conflicts, for one woman's (client_id) only. */
int kw_outreach_conflicts_of(struct kw_session *s, const char *client_id,
			     int (*fn)(void *ctx, const struct kw_conflict *c), void *ctx,
			     struct kw_err *err);

/* What kw_outreach_start made. */
struct kw_outreach_started {
	char name[65];
	struct kw_bundle_counts counts;
	bool sensitive;
};

/*
 * On the laptop: makes the data directory dir (which must hold no keywork
 * data) from the first bundle at path, for username with her passphrase
 * (her slot in the bundle is wrapped under it, as at the centre). The
 * bundle's signature is checked, then that it is a first bundle, that it is
 * sealed to her, and that its signer is a manager of the centre or herself.
 * Wrong passphrase: KW_ENOPERM; anything wrong with the file: KW_EDATA. On
 * failure dir holds nothing new.
 */
int kw_outreach_start(const char *path, const char *dir, const char *username,
		      const struct kw_secret *pass, struct kw_outreach_started *rep,
		      struct kw_err *err);

/* What kw_outreach_send wrote. */
struct kw_outreach_sent {
	char name[65];
	long long seq;
	struct kw_bundle_counts counts;
	long long bytes;
};

/*
 * Writes a bundle to out_path (new, 0600). On a laptop (laptop NULL; its own
 * user): every record written on the laptop, sealed to her and to the
 * centre's managers named in the latest bundle from the centre, numbered one
 * past the last it sent, begun on a new second (it waits for one). At the
 * centre (laptop named; a manager or its user): the laptop's women's records
 * as they stand, as the first bundle carries them, with the women to add and
 * to take off (orders) and the centre's managers now, sealed to its user. Refused for a revoked laptop (KW_ENOPERM). Audited.
 */
int kw_outreach_send(struct kw_session *s, const char *laptop, const char *out_path,
		     struct kw_outreach_sent *rep, struct kw_err *err);

/* What kw_outreach_receive took. */
struct kw_outreach_received {
	char name[65];
	long long seq;
	bool again; /* the bundle taken last, again: nothing changed */
	long women, contacts, notes, other;
	long untaken;	 /* new records of kinds a receive does not take yet: left in the bundle */
	long edits;	 /* changes of fields of records both sides hold, made here */
	long conflicts;	 /* fields changed differently on both sides: kept beside the record */
	long edits_left; /* changes of a field no form here edits, or this user may not */
	long redacted_out; /* changes not taken: the field was redacted here before they came */
	long redactions;   /* the other side's redactions carried out here */
	long decided; /* on a laptop: episodes, closures, flags and holds as the centre has them */
	long held_back;	    /* new records of a woman whose record is restricted here: left */
	long refused;	    /* new records this side's forms or rules refused: left, audited */
	long added;	    /* on a laptop: women newly given to it */
	long removed;	    /* on a laptop: women taken off it */
	long leaving;	    /* on a laptop: women to leave once their changes are at the centre */
	long unsent;	    /* on a laptop: women taken off at once with changes not yet sent */
	long peers_dropped; /* on a laptop: managers no longer the centre's (disabled) */
	long gone;	    /* at the centre: women the laptop no longer holds */
	bool on_laptop;	    /* taken on a laptop (from its centre) */
	long audit_rows;    /* at the centre: rows of the laptop's own audit trail taken */
	char duplicates[8][200]; /* "REF may be REF, REF" */
	size_t nduplicates;
	char renamed[8][100]; /* "REF on the laptop is REF here": her reference was taken here */
	size_t nrenamed;
};

/*
 * Takes a bundle: at the centre one from a laptop, on a laptop one from its
 * centre. Checked before anything is read: its signature (a changed byte),
 * that it is for this data directory (centre, laptop, direction), that it is
 * newer than the last one taken (the same file again changes nothing and
 * sets rep->again; an older one is refused), that its signer is the laptop's
 * user (at the centre, by the protected register) or a manager of the centre
 * or herself (on the laptop), that the laptop is not revoked (KW_ENOPERM),
 * and that it is sealed to the session user (KW_ENOPERM). Then every record
 * of the kinds the laptop appends (a new woman, only at the centre; group
 * sessions, contacts and attempts, tasks, appointments, attendance, case
 * notes) that this side does not hold yet goes in through kw_form_save, by
 * the same rules as a screen, keeping its id and who wrote it when and
 * where; a record already held is left as it is. A new woman who looks like
 * one on record (as adding one by hand searches) is kept apart and flagged
 * in the audit and in rep. One transaction across both compartments: any
 * refusal (KW_EDATA, naming the record) leaves everything as it was.
 */
int kw_outreach_receive(struct kw_session *s, const struct kw_form_pack *pack, const char *path,
			struct kw_outreach_received *rep, struct kw_err *err);

#endif
