/*
 * outreachdb.h: the store's part of outreach laptops (src/db/outreach.c):
 * the centre's registry of laptops, a laptop's link to its centre, and the
 * bundle database: written at the centre by SQL from the compartments,
 * attached and read into a laptop's new compartments.
 */
#ifndef KEYWORK_OUTREACHDB_H
#define KEYWORK_OUTREACHDB_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/db.h"
#include "keywork/err.h"

/* A laptop in the centre's registry. */
struct kw_laptop {
	char id[37];
	char name[65];
	char user_id[37];
	char username[33];
	long long sent_seq, received_seq;
	char created_at[21];
	char last_exchange_at[21]; /* "" if none since the first bundle */
	char revoked_at[21];	   /* "" unless revoked */
	char received_hash[65];	   /* the last bundle taken from it, "" if none */
	long women;		   /* women on it now */
	bool follows;		   /* made for her caseload: follows it */
	/*
	 * Where the registry's records of it stand, with the sensitive
	 * compartment (otherwise the general row alone, as if all agreed):
	 * present bit 0 the general row, bit 1 its sealed copy; revoked_in bit
	 * k a revocation recorded by kw_laptop_record k. user_id, follows and
	 * received_seq above are the sealed copy's; the general row's are kept
	 * below to be compared.
	 */
	unsigned present, revoked_in;
	char general_user_id[37];
	bool general_follows;
	long long general_received_seq;
};

/* The records of a laptop's registration, as kw_laptop's bits number them. */
enum kw_laptop_record { KW_LAPTOP_GENERAL, KW_LAPTOP_SEALED, KW_LAPTOP_AUDIT, KW_LAPTOP_RECORDS };

/* The laptop with id id: 1, 0 if none, -1. */
int kw_db_laptop_by_id(struct kw_store *st, const char *id, struct kw_laptop *out,
		       struct kw_err *err);
/* Records that bundle seq (its hash, hex) was taken from the laptop, now. */
int kw_db_laptop_received(struct kw_store *st, const char *laptop_id, long long seq,
			  const char *hash, struct kw_err *err);
/* Calls fn with the id of each woman on the laptop now. */
int kw_db_laptop_women_ids(struct kw_store *st, const char *laptop_id,
			   int (*fn)(void *ctx, const char *client_id), void *ctx,
			   struct kw_err *err);
/* 1 if sign_pk is one of user_id's signing keys in the protected register, 0 if not, -1. */
int kw_db_register_key_is(struct kw_store *st, const unsigned char sign_pk[32], const char *user_id,
			  struct kw_err *err);

/* Registers a laptop called name for user_id; its id into id. KW_EUSAGE if the name is taken. */
int kw_db_laptop_add(struct kw_store *st, const char *name, const char *user_id, bool follows,
		     char id[37], struct kw_err *err);
/* The laptop called name: 1, 0 if none, -1. */
int kw_db_laptop_find(struct kw_store *st, const char *name, struct kw_laptop *out,
		      struct kw_err *err);
/* Calls fn for every laptop, by name; fn returns non-zero to stop. */
int kw_db_laptop_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_laptop *l),
		      void *ctx, struct kw_err *err);
/* Records that bundle seq was sent to the laptop, now. */
int kw_db_laptop_sent(struct kw_store *st, const char *laptop_id, long long seq,
		      struct kw_err *err);
/* Marks the laptop revoked now by the store's actor. */
int kw_db_laptop_revoke(struct kw_store *st, const char *laptop_id, struct kw_err *err);
/*
 * In the caller's transaction: keywork.db's registry made to agree with its
 * sealed copy (sensitive 0015); *changed gets the rows written or removed.
 */
int kw_db_laptop_registry_repair(struct kw_store *st, long *changed, struct kw_err *err);
/* Records that the woman (client_id, reference) is on the laptop from since on. */
int kw_db_laptop_woman_add(struct kw_store *st, const char *laptop_id, const char *client_id,
			   const char *reference, const char *since, struct kw_err *err);
/*
 * Calls fn for each woman ever put on the laptop, by reference: her known-as
 * name (NULL when her record has since been deleted, or was never given),
 * since, and until ("" while she is on it).
 */
int kw_db_laptop_women_each(struct kw_store *st, const char *laptop_id,
			    int (*fn)(void *ctx, const char *reference, const char *known_as,
				      const char *since, const char *until),
			    void *ctx, struct kw_err *err);
/* 1 if the woman's record is restricted to named staff (client_access), 0 if not, -1. */
int kw_db_named_staff_only(struct kw_store *st, const char *client_id, struct kw_err *err);

/* How many records of each kind a bundle carries. */
struct kw_bundle_counts {
	long women, contacts, notes, tasks, appointments, other, users;
};

/*
 * What a bundle tells the other side to do beyond taking records: "add" (a
 * woman newly on the laptop: her records are in the bundle), "leave" (taken
 * off once every change of hers is in a bundle the centre has taken, up to
 * the laptop's bundle after), "restricted" or "erased" (taken off at once).
 */
struct kw_order {
	char kind[12];
	char client_id[37];
	char reference[32];
	long long after;
};

/* A manager of the centre, as a first bundle names her to the laptop. */
struct kw_peer {
	char username[33];
	unsigned char box_pk[32], sign_pk[32];
};

/* What goes in a bundle. */
struct kw_bundle_sel {
	const char *const *client_ids; /* the women */
	size_t nclients;
	const char *user_id;   /* whose laptop: her user row, and whose notes she may read */
	bool reader_manager;   /* she is a manager (reads every confidential note) */
	bool sensitive;	       /* her role holds the sensitive key: carry that compartment */
	const char *signer_id; /* the sender: her user row and signing keys go too */
	/*
	 * Not NULL: instead of the women's rows, every row last written on this
	 * device (a laptop's own work), whoever it is about.
	 */
	const char *device_id;
	const struct kw_peer *peers; /* written to the bundle's peers table */
	size_t npeers;
	const struct kw_order *orders; /* written to the bundle's orders table */
	size_t norders;
	long long acked; /* the other side's last bundle this side has taken (-1: none) */
};

/*
 * Writes a new bundle database at path (an empty file the caller made, or
 * none) under key (SQLCipher's "x'…'" form, keylen bytes): the selected
 * women's rows from each general table, and from each sensitive one when
 * sel->sensitive and the sensitive compartment is open (case notes only as
 * sel->user_id may read them), their custom answers and history, the group
 * sessions they attended, and the user rows those rows name. Read in one
 * transaction, so the bundle is one consistent moment. counts gets what went.
 */
int kw_db_bundle_write(struct kw_store *st, const char *path, const char *key, size_t keylen,
		       const struct kw_bundle_sel *sel, struct kw_bundle_counts *counts,
		       struct kw_err *err);

/* Attaches the bundle database at path (under key) as "b"; outside any transaction. */
int kw_db_bundle_attach(struct kw_store *st, const char *path, const char *key, size_t keylen,
			struct kw_err *err);
/* Detaches it (best effort; closing the store detaches it too). */
void kw_db_bundle_detach(struct kw_store *st);
/*
 * From the attached bundle: username's row into out (1, 0 if not there,
 * -1), and whether signer is a signing key of a manager there or of
 * username herself (*ok).
 */
int kw_db_bundle_user(struct kw_store *st, const char *username, const unsigned char signer[32],
		      struct kw_user *out, bool *ok, struct kw_err *err);
/*
 * Copies every row of the attached bundle into the store's new, empty
 * compartments (the sensitive rows only when it is open), column by column
 * as both have them, inside the caller's transaction; foreign keys are
 * checked at its commit. Every user but her_id is recorded disabled: only
 * she holds keys here. counts gets what was loaded.
 */
int kw_db_bundle_load(struct kw_store *st, const char *her_id, struct kw_bundle_counts *counts,
		      struct kw_err *err);
/* On a laptop: records which centre and laptop it is (inside the caller's transaction). */
int kw_db_outreach_link_set(struct kw_store *st, const char *laptop_id, const char *name,
			    const char *centre, const char *user_id, long long received_seq,
			    const unsigned char centre_signer[32], struct kw_err *err);
/* On a laptop: its laptop name into name (1), 0 if this is not a laptop, -1. */
int kw_db_outreach_link_name(struct kw_store *st, char name[65], struct kw_err *err);

/* On a laptop: which centre and laptop it is. */
struct kw_link {
	char laptop_id[37];
	char name[65];
	char centre[33];
	char user_id[37];
	long long received_seq, sent_seq;
	char received_hash[65];
};
/* The laptop's link: 1, 0 if this is not a laptop, -1. */
int kw_db_outreach_link_get(struct kw_store *st, struct kw_link *out, struct kw_err *err);
/* Records bundle seq (hash hex) taken from the centre. */
int kw_db_outreach_link_received(struct kw_store *st, long long seq, const char *hash,
				 struct kw_err *err);
/* Records bundle seq sent to the centre. */
int kw_db_outreach_link_sent(struct kw_store *st, long long seq, struct kw_err *err);
/* On a laptop: 1 if sign_pk is a signing key of a peer (a centre manager), 0 if not, -1. */
int kw_db_outreach_peer_signs(struct kw_store *st, const unsigned char sign_pk[32],
			      struct kw_err *err);
/* On a laptop: the peers' X25519 keys into box (at most max); *n gets how many. */
int kw_db_outreach_peer_boxes(struct kw_store *st, unsigned char (*box)[32], size_t max, size_t *n,
			      struct kw_err *err);
/* At start: copies the attached first bundle's peers into the laptop's outreach_peers. */
int kw_db_bundle_peers_load(struct kw_store *st, struct kw_err *err);

struct kw_kind;
struct kw_form_spec;
struct kw_values;

/*
 * Calls fn, oldest first, for each record of kind k in the attached bundle
 * that the store does not hold (by id), with the record it belongs to (its
 * parent column, "" if none). With need_client, only records of women the
 * store holds. fn returns non-zero to stop (and that is returned).
 */
int kw_db_bundle_new_rows(struct kw_store *st, const struct kw_kind *k, bool need_client,
			  int (*fn)(void *ctx, const char *id, const char *parent), void *ctx,
			  struct kw_err *err);
/*
 * The answers of form f for the bundle's record id, read from the bundle as
 * kw_db_form_load reads them from the store (every field, core column or
 * custom answer, with its state).
 */
int kw_db_bundle_form_values(struct kw_store *st, const struct kw_form_spec *f, const char *id,
			     struct kw_values *out, struct kw_err *err);
/*
 * After the record id of kind k was saved from the bundle: gives it back who
 * and when wrote it, and on which device, as the bundle has them (and for a
 * case note, when it was written, whether it is confidential and what it
 * amends, which the note form does not hold). A woman's reference is hers
 * from the bundle unless keep_reference (the one made here stays).
 */
int kw_db_bundle_stamp(struct kw_store *st, const struct kw_kind *k, const char *id,
		       bool keep_reference, struct kw_err *err);
/*
 * The attached bundle's woman id: her reference there into reference, and 1
 * if another woman here has it already, 0 if not (or she is not in the
 * bundle), -1.
 */
int kw_db_bundle_reference_taken(struct kw_store *st, const char *id, char reference[32],
				 struct kw_err *err);
/*
 * After a receive: the number of records in the attached bundle that the
 * store still does not hold: of kinds a receive does not take, or about a
 * woman not on record here (deleted here, or never on this laptop).
 */
int kw_db_bundle_untaken(struct kw_store *st, long *n, struct kw_err *err);
/* On a laptop: adds the bundle's users the laptop lacks, disabled; *n gets how many. */
int kw_db_bundle_new_users(struct kw_store *st, long *n, struct kw_err *err);

/* --- edits of a record both sides hold, and conflicts --- */

/* One history row of the attached bundle: a change of one field (strings borrowed). */
struct kw_edit {
	const char *id, *table, *record_id, *field, *old_value, *new_value, *at, *by, *device;
};
/*
 * Calls fn for each history row of the attached bundle (its general
 * compartment's, or its sensitive one's when sens) that the store does not
 * hold and that was not written on this device: the other side's edits.
 * Ordered by record, then field (a field's "KEY:state" rows beside its
 * value's), then time. fn returns non-zero to stop (and that is returned).
 */
int kw_db_bundle_edits(struct kw_store *st, bool sens,
		       int (*fn)(void *ctx, const struct kw_edit *e), void *ctx,
		       struct kw_err *err);
/* The highest row numbers of both history tables now, to know what a save adds after. */
int kw_db_history_marks(struct kw_store *st, long long marks[2], struct kw_err *err);
/*
 * After an edit from the bundle was saved: the history rows the save wrote
 * for record_id (beyond marks) give way to the bundle's own rows of field
 * (and "field:state") for it, so the change keeps who made it, when and
 * where; the record (table, in the sensitive compartment when sens_table)
 * keeps at, by and device as its last change.
 */
int kw_db_bundle_edit_applied(struct kw_store *st, const long long marks[2], bool sens,
			      const char *record_id, const char *field, const char *table,
			      bool sens_table, const char *at, const char *by, const char *device,
			      struct kw_err *err);
/*
 * A woman's reference as the attached bundle's side knows her (a woman
 * added there, in its clients): 1 with her reference on this side into here
 * when she is here under another (hers was another woman's here), 0 if not.
 */
int kw_db_bundle_reference_here(struct kw_store *st, const char *theirs, char here[32],
				struct kw_err *err);
/*
 * The value this side stores in column of table (one the bundles carry; the
 * sensitive compartment's when sens) for record_id, into *value (malloc'd,
 * NULL for NULL): 1, or 0 if there is no such record or column, or -1. For an
 * answer no form edits that a rule or trigger keeps (an episode closed by its
 * closure), to tell the other side's change is here already.
 */
int kw_db_bundle_value_here(struct kw_store *st, bool sens, const char *table,
			    const char *record_id, const char *column, char **value,
			    struct kw_err *err);
/* An edit this side already has (the same value): the bundle's rows of it are recorded as held. */
int kw_db_bundle_edit_held(struct kw_store *st, bool sens, const char *record_id, const char *field,
			   struct kw_err *err);

/* A conflict: a field both sides changed differently. */
struct kw_conflict {
	char id[37];
	char table[40];
	char record_id[37];
	char client_id[37];
	char reference[16]; /* hers, when listed ("" if none) */
	char field[64];
	char *kept_value, *other_value, *base_value; /* malloc'd; NULL: none */
	char other_by[37];
	char other_username[33]; /* when listed */
	char other_at[21];
	char other_device[37];
	char noted_at[21];
	char other_side[65]; /* the laptop's name (at the centre) or "the centre"; "" unknown */
	char kept_state[16], other_state[16]; /* an answer that is a state's name, else "" */
	char known_as[64];		      /* hers, when listed */
	bool sensitive;			      /* kept in sensitive.db */
};
/* Frees the values of c. */
void kw_conflict_clear(struct kw_conflict *c);
/* Keeps c beside its record (in sensitive.db when c->sensitive); the same id again is ignored. */
int kw_db_conflict_add(struct kw_store *st, const struct kw_conflict *c, struct kw_err *err);
/* The conflict with id (chosen for or not), from either compartment open: 1, 0 if none, -1. */
int kw_db_conflict_get(struct kw_store *st, const char *id, struct kw_conflict *out, bool *resolved,
		       struct kw_err *err);
/* Records the choice made for a conflict ("kept" or "took"), now, by the store's actor. */
int kw_db_conflict_resolve(struct kw_store *st, const char *id, bool sensitive, const char *choice,
			   struct kw_err *err);
/* Calls fn for each conflict nobody has chosen for yet, both compartments open, oldest first. */
int kw_db_conflict_each(struct kw_store *st, int (*fn)(void *ctx, const struct kw_conflict *c),
			void *ctx, struct kw_err *err);

/*
 * Calls fn for each woman with conflicts nobody has chosen for yet (in the
 * compartments open) whose keyworker is keyworker_id (NULL: any woman), by
 * name, with how many.
 */
int kw_db_conflict_women(struct kw_store *st, const char *keyworker_id,
			 int (*fn)(void *ctx, const char *client_id, const char *reference,
				   const char *known_as, long n),
			 void *ctx, struct kw_err *err);

/* --- what the centre decides, and women joining and leaving a laptop --- */

/* A woman on a laptop now, as the centre sees her. */
struct kw_laptop_woman {
	char client_id[37];
	char reference[32];
	bool on_record;		   /* her record is still here (not erased) */
	char keyworker_id[37];	   /* "" if none */
	bool named_staff;	   /* her record is restricted to named staff */
	bool user_named;	   /* ... and the laptop's user is one of them */
	bool leaving;		   /* the laptop was told to take her off */
	char was_keyworker_id[37]; /* her keyworker when she went on the laptop, "" if none */
};

/* Calls fn for each woman on the laptop now (user_id its user), by reference. */
int kw_db_laptop_women_facts(struct kw_store *st, const char *laptop_id, const char *user_id,
			     int (*fn)(void *ctx, const struct kw_laptop_woman *w), void *ctx,
			     struct kw_err *err);
/* Records that the laptop was told to take her off (leaving), or no longer is. */
int kw_db_laptop_woman_leaving(struct kw_store *st, const char *laptop_id, const char *client_id,
			       bool leaving, struct kw_err *err);
/*
 * At the centre, from the attached laptop's bundle: each woman it was told
 * to take off and no longer holds is recorded as gone from it, now; *n how many.
 */
int kw_db_laptop_women_gone(struct kw_store *st, const char *laptop_id, long *n,
			    struct kw_err *err);
/* The attached bundle's sender's last bundle taken from this side (0 none), -1 if it does not say. */
long long kw_db_bundle_acked(struct kw_store *st);
/* Calls fn for each order of the attached bundle, in order; fn returns non-zero to stop. */
int kw_db_bundle_orders(struct kw_store *st,
			int (*fn)(void *ctx, const char *kind, const char *client_id,
				  const char *reference, long long after),
			void *ctx, struct kw_err *err);
/* On a laptop: records that its bundle seq was made at at. */
int kw_db_outreach_sends_add(struct kw_store *st, long long seq, const char *at,
			     struct kw_err *err);
/*
 * On a laptop: 1 if any record of the woman client_id, or its history, was
 * written on this device at or after the making of its bundle seq (any at
 * all when seq is 0 or unknown), 0 if not, -1.
 */
int kw_db_woman_changed_since(struct kw_store *st, const char *client_id, long long seq,
			      struct kw_err *err);
/*
 * On a laptop, from the attached bundle: every record of each woman its
 * "add" orders name, not held here yet, copied in as it is at the centre
 * (as a first bundle's are), with custom answers, history and redactions.
 * *women gets how many women. Inside the caller's transaction.
 */
int kw_db_bundle_add_women(struct kw_store *st, long *women, struct kw_err *err);
/*
 * On a laptop, from the attached bundle: the centre's episodes, closures,
 * keep-apart flags and holds of the women held here, new or changed at the
 * centre, as the centre has them (a hold's sealed copy follows). *n rows.
 */
int kw_db_bundle_centre_wins(struct kw_store *st, long *n, struct kw_err *err);
/*
 * Calls fn for each redaction in the attached bundle (made by a manager)
 * that this side has not carried out: the record and field (NULL: a case
 * note's text). fn returns non-zero to stop.
 */
int kw_db_bundle_redactions(struct kw_store *st,
			    int (*fn)(void *ctx, const char *id, const char *client_id,
				      const char *record_id, const char *field),
			    void *ctx, struct kw_err *err);
/* Records the bundle's redaction id as carried out here. */
int kw_db_bundle_redaction_keep(struct kw_store *st, const char *id, struct kw_err *err);
/*
 * 1 if field of record_id was redacted here and the attached bundle's side
 * had not carried that redaction out when it wrote the bundle (so a change
 * in it may hold the value redacted), 0 if not, -1.
 */
int kw_db_redaction_unacked(struct kw_store *st, const char *record_id, const char *field,
			    struct kw_err *err);
/*
 * On a laptop: the centre's managers become those the attached bundle names
 * (a disabled manager's keys no longer sign for the centre, nor are bundles
 * sealed to her); nothing if it names none. *n gets how many were dropped.
 */
int kw_db_bundle_peers_replace(struct kw_store *st, long *n, struct kw_err *err);

#endif
