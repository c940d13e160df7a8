/*
 * crypto.h: secrets in locked memory, per-user key slots, the key file,
 * signatures and passphrase strength. Only src/crypto/ sees libsodium.
 */
#ifndef KEYWORK_CRYPTO_H
#define KEYWORK_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "keywork/err.h"
#include "keywork/model.h"

#define KW_KEY_ID_HEX 32 /* hex digits of a key id */

/* Bytes in guarded, locked memory (sodium_malloc), wiped when freed. */
struct kw_secret {
	unsigned char *p;
	size_t len;
	struct kw_secret *next; /* the list of live secrets */
};

/* Initialises the library; call once before anything else here. Returns 0 or -1. */
int kw_crypto_init(void);

/* A zero-filled secret of len bytes (plus a NUL after them). Aborts when memory is locked out. */
struct kw_secret *kw_secret_new(size_t len);
/* A secret holding a copy of len bytes of data. */
struct kw_secret *kw_secret_from(const void *data, size_t len);
/* Wipes and frees *s and sets it to NULL. */
void kw_secret_free(struct kw_secret **s);
/* Wipes every live secret in place; async-signal-safe (for a handler about to exit). */
void kw_secret_wipe_all(void);

/* How hard a slot's passphrase is to guess offline: Argon2id limits. */
enum kw_kdf { KW_KDF_INTERACTIVE = 0, KW_KDF_MODERATE, KW_KDF_SENSITIVE };
/* Parses "interactive", "moderate" or "sensitive"; -1 if none. */
int kw_kdf_parse(const char *s);

/*
 * What an unlocked user holds: her role as her slot records it, the raw
 * compartment keys her slot unwraps (sensitive is NULL for dropin), her seed
 * and her signing key. All secrets live in guarded memory.
 */
struct kw_keyring {
	enum kw_role role;
	struct kw_secret *general;   /* 32 bytes */
	struct kw_secret *sensitive; /* 32 bytes, or NULL */
	struct kw_secret *seed;	     /* 32 bytes */
	struct kw_secret *sign_sk;   /* 64 bytes (Ed25519) */
	unsigned char sign_pk[32];
	unsigned char box_pk[32];
	/* During an interrupted change of keys: the next generation's keys, if hers. */
	struct kw_secret *next_general;
	struct kw_secret *next_sensitive;
	/* A change of keys is under way and leaves her out (she is being disabled). */
	bool left_out;
	/* Her slot's memo of the compartment secret, if it has one (kw_keyring_memo_ok). */
	bool has_memo;
	unsigned char memo[32];
	/* Her slot's wrap demands a memo: one missing was stripped. */
	bool memo_required;
};
/* Wipes and frees *ring and sets it to NULL. */
void kw_keyring_free(struct kw_keyring **ring);

/*
 * The SQL key string SQLCipher takes for a raw key: "x'<64 hex>'" in a new
 * secret (len excludes the NUL). Returns NULL if key is NULL.
 */
struct kw_secret *kw_key_sql(const struct kw_secret *key);

/* The key file: slots, sealed compartment keys, key id and generation. Opaque. */
struct kw_keyfile;

/*
 * Creates a key file in memory for a new data directory: new random
 * compartment keys, a recovery key pair, a key id, generation 1, and one
 * slot for username with role and passphrase. On success *kf_out gets the
 * key file, *ring_out the user's unlocked keyring and *recovery_out the
 * recovery code as text (for the office safe). All three are owned by the
 * caller. demo marks a synthetic data directory.
 */
int kw_keyfile_create(const char *username, enum kw_role role, const struct kw_secret *pass,
		      enum kw_kdf kdf, bool demo, struct kw_keyfile **kf_out,
		      struct kw_keyring **ring_out, struct kw_secret **recovery_out,
		      struct kw_err *err);

struct kw_buf;

/* Loads a key file; errors are located (KW_EDATA) or KW_ENOINPUT / KW_EIO. */
int kw_keyfile_load(const char *path, struct kw_keyfile **out, struct kw_err *err);
/* Writes the key file atomically (temp, fsync, rename, fsync directory), mode 0600. */
int kw_keyfile_save(const struct kw_keyfile *kf, const char *path, struct kw_err *err);
/* Frees *kf and sets it to NULL. */
void kw_keyfile_free(struct kw_keyfile **kf);
/* Parses a key file held in memory (len bytes); name locates errors. */
int kw_keyfile_parse(const char *text, size_t len, const char *name, struct kw_keyfile **out,
		     struct kw_err *err);
/* Appends the key file's text (exactly what kw_keyfile_save writes) to b. */
void kw_keyfile_text(const struct kw_keyfile *kf, struct kw_buf *b);
/* A deep copy of kf, owned by the caller. */
struct kw_keyfile *kw_keyfile_dup(const struct kw_keyfile *kf);

/*
 * The compartment secret: 32 random bytes kept only inside the sensitive
 * compartment. Once kf holds a copy, every slot it fills and every new
 * recovery code gets a memo of it: a keyed hash under the slot's seed, which
 * nobody without that seed can make. A user checks her memo against the
 * compartment her keys open (kw_keyring_memo_ok), so keys sealed to her by
 * someone who made a substitute compartment are refused.
 */
void kw_keyfile_use_secret(struct kw_keyfile *kf, const struct kw_secret *secret);
/* Writes username's memo from her unlocked ring; -1 if no secret or not her slot. */
int kw_keyfile_set_memo(struct kw_keyfile *kf, const char *username, const struct kw_keyring *ring);
/*
 * Wraps username's seed again under pass (ring must be hers), marked as a
 * slot that must have a memo. Costs one key derivation.
 */
int kw_keyfile_rewrap(struct kw_keyfile *kf, const char *username, const struct kw_keyring *ring,
		      const struct kw_secret *pass, struct kw_err *err);
/* True if ring's slot had a memo and it is the memo of secret. */
bool kw_keyring_memo_ok(const struct kw_keyring *ring, const struct kw_secret *secret);
/* Writes the recovery key's memo (the pending one during a change of keys) from its code. */
int kw_keyfile_set_recovery_memo(struct kw_keyfile *kf, const char *code);
/*
 * True if the recovery memo is code's memo of secret (or, for a code made
 * before memos, the key file has none to check).
 */
bool kw_keyfile_recovery_memo_ok(const struct kw_keyfile *kf, const char *code,
				 const struct kw_secret *secret);

/* True if code was made since memos (so a key file must hold its memo). */
bool kw_recovery_code_demands_memo(const char *code);
/* username's slot: 1 with its role (and whether a change of keys leaves her out), 0 if none. */
int kw_keyfile_slot_role(const struct kw_keyfile *kf, const char *username, enum kw_role *role,
			 bool *left_out);
/* True if username's slot has a memo. */
bool kw_keyfile_slot_has_memo(const struct kw_keyfile *kf, const char *username);
/* True if username has a slot with box public key box_pk. */
bool kw_keyfile_slot_is(const struct kw_keyfile *kf, const char *username,
			const unsigned char box_pk[32]);
/*
 * Copies into trusted what each slot's owner alone writes (the wrap of her
 * seed under her passphrase, its KDF limits, her memo) from disk's slot of
 * the same id and public keys. These prove themselves, so her own change of
 * passphrase stands without anyone else's keys.
 */
void kw_keyfile_take_wraps(struct kw_keyfile *trusted, const struct kw_keyfile *disk);
/*
 * Copies username's slot from src into dst (both must have one), keeping
 * dst's role and dropping a sensitive key that role does not hold.
 */
int kw_keyfile_copy_slot(struct kw_keyfile *dst, const struct kw_keyfile *src,
			 const char *username);
/*
 * Compares disk with trusted in everything that decides who holds which
 * key: key id, generation, name salt, recovery key, the set of slots, and
 * each slot's role, public keys, entitlement to the sensitive key and sealed
 * keys. Calls fn with a plain sentence per difference (slots named from
 * names, when one of them hashes to the slot's id). Returns the number.
 */
int kw_keyfile_diff(const struct kw_keyfile *trusted, const struct kw_keyfile *disk,
		    const char *const *names, size_t nnames,
		    void (*fn)(void *ctx, const char *what), void *ctx);

/* The key id (KW_KEY_ID_HEX hex digits) binding this key file to its databases. */
const char *kw_keyfile_key_id(const struct kw_keyfile *kf);
/* The generation: raised by every change of compartment keys. */
unsigned long kw_keyfile_generation(const struct kw_keyfile *kf);
/* True for a demo data directory's key file. */
bool kw_keyfile_is_demo(const struct kw_keyfile *kf);
/* True if username has a slot. */
bool kw_keyfile_has_user(const struct kw_keyfile *kf, const char *username);
/* A per-directory pseudonym for username (hex, 64 digits), for the unlock state file. */
void kw_keyfile_user_tag(const struct kw_keyfile *kf, const char *username, char out[65]);
/* Number of slots. */
size_t kw_keyfile_slot_count(const struct kw_keyfile *kf);

/*
 * Unwraps username's slot with pass. On success *ring_out gets her keyring.
 * A wrong passphrase and an unknown username give the same message, take the
 * same time and status KW_ENOPERM; nothing is written anywhere.
 */
int kw_keyfile_unlock(const struct kw_keyfile *kf, const char *username,
		      const struct kw_secret *pass, struct kw_keyring **ring_out,
		      struct kw_err *err);

/*
 * Adds a slot for a new user, sealing to her the compartment keys her role
 * holds, taken from granter's keyring (which must hold them). Her signing
 * public key is written to sign_pk_out. KW_EUSAGE if the user exists.
 */
int kw_keyfile_add_user(struct kw_keyfile *kf, const struct kw_keyring *granter,
			const char *username, enum kw_role role, const struct kw_secret *pass,
			enum kw_kdf kdf, unsigned char sign_pk_out[32], struct kw_err *err);

/*
 * Sets a new passphrase on username's slot. When self is username's own
 * keyring the seed is kept and only rewrapped (her keys are unchanged). When
 * self is another user's (a manager resetting it), the slot gets a new seed
 * and so new key pairs, with the compartment keys her role holds resealed
 * from self. sign_pk_out gets the slot's signing public key either way.
 */
int kw_keyfile_set_passphrase(struct kw_keyfile *kf, const char *username,
			      const struct kw_keyring *self, bool is_self,
			      const struct kw_secret *pass, enum kw_kdf kdf,
			      unsigned char sign_pk_out[32], struct kw_err *err);

/*
 * Begins a change of compartment keys: new random keys, sealed as "pending"
 * to every slot except those of the ndrop users named in drop, and to the
 * recovery key (a new recovery key pair when new_recovery, whose code goes
 * to *recovery_out). ring must hold both current keys; it gets the new ones
 * as next_general and next_sensitive. The caller saves the
 * key file, rekeys both databases, then calls kw_keyfile_rekey_finish and
 * saves again; an interruption at any point is resumed at the next sign-in.
 */
int kw_keyfile_rekey_begin(struct kw_keyfile *kf, struct kw_keyring *ring, const char *const *drop,
			   size_t ndrop, bool new_recovery, struct kw_secret **recovery_out,
			   struct kw_err *err);
/* The generation a change of keys is moving to, or 0 when none is under way. */
unsigned long kw_keyfile_pending(const struct kw_keyfile *kf);
/* Makes the pending keys current and removes the slots left out of them. */
void kw_keyfile_rekey_finish(struct kw_keyfile *kf);

/*
 * With the paper recovery code, gives username's slot a new seed and
 * passphrase, the compartment keys taken from the recovery seals. On
 * success *ring_out is her new keyring and sign_pk_out her new signing key.
 * A wrong code: KW_ENOPERM.
 */
int kw_keyfile_recover(struct kw_keyfile *kf, const char *code, const char *username,
		       const struct kw_secret *pass, enum kw_kdf kdf, unsigned char sign_pk_out[32],
		       struct kw_keyring **ring_out, struct kw_err *err);

/*
 * Seals msg (len bytes) as a draft only ring's user can open: XChaCha20-
 * Poly1305 under a key derived from her seed, with ad (her user id) bound in.
 * *out (malloc'd, *outlen bytes) holds no plaintext.
 */
int kw_draft_seal(const struct kw_keyring *ring, const char *ad, const void *msg, size_t len,
		  unsigned char **out, size_t *outlen, struct kw_err *err);
/* Opens a sealed draft into a new secret; KW_ENOPERM if it is not hers, KW_EDATA if damaged. */
int kw_draft_open(const struct kw_keyring *ring, const char *ad, const unsigned char *in,
		  size_t inlen, struct kw_secret **out, struct kw_err *err);

/* Ed25519 signature of msg with the keyring's signing key. */
void kw_sign(const struct kw_keyring *ring, const void *msg, size_t len, unsigned char sig[64]);
/* True if sig is pk's signature of msg. */
bool kw_verify(const unsigned char pk[32], const void *msg, size_t len,
	       const unsigned char sig[64]);
/* BLAKE2b-256 of msg. */
void kw_hash32(const void *msg, size_t len, unsigned char out[32]);

/* A running BLAKE2b-256 hash, for files too big to hold at once. */
struct kw_hasher;
struct kw_hasher *kw_hasher_new(void);
void kw_hasher_update(struct kw_hasher *h, const void *data, size_t len);
/* Writes the digest and frees h. */
void kw_hasher_final(struct kw_hasher *h, unsigned char out[32]);

/* Minimum passphrase length and zxcvbn score (0-4) for a new passphrase. */
#define KW_PASS_MIN_LEN 12
#define KW_PASS_MIN_SCORE 3

/*
 * Checks a new passphrase: at least KW_PASS_MIN_LEN characters and a zxcvbn
 * score of at least KW_PASS_MIN_SCORE, with username counted as a known word.
 * Returns 0 if strong enough; -1 with a plain reason in err (KW_EUSAGE).
 * *score_out (may be NULL) gets the score.
 */
int kw_passphrase_check(const struct kw_secret *pass, const char *username, int *score_out,
			struct kw_err *err);

/* A new random passphrase of words words from the EFF large word list, joined by '-'. */
struct kw_secret *kw_passphrase_generate(int words);

/* --- outreach laptops (keyfile.c) --- */

/* Appends username's slot, as a "slot" line of the key file holds it (no prefix); -1 if none. */
int kw_keyfile_slot_text(const struct kw_keyfile *kf, const char *username, struct kw_buf *b);
/* The recovery public key. */
void kw_keyfile_recovery_pk(const struct kw_keyfile *kf, unsigned char out[32]);
/* username's X25519 and Ed25519 public keys; false if she has no slot. */
bool kw_keyfile_public_keys(const struct kw_keyfile *kf, const char *username,
			    unsigned char box_pk[32], unsigned char sign_pk[32]);
/*
 * A key file for a new laptop data directory: a new key id, generation 1, a
 * new name salt, new random compartment keys sealed to recovery_pk (the
 * centre's) and to the one slot, username's, made from slot_text (her slot
 * as kw_keyfile_slot_text wrote it at the centre: the same wrap of her seed,
 * so her passphrase opens it; the sensitive key only if her role holds it;
 * no memo yet). Unlocked with pass: a wrong one is KW_ENOPERM. On success
 * *kf_out, *ring_out and *sensitive_out (the new sensitive key, which a
 * drop-in worker's ring does not hold, for creating the compartment) are
 * the caller's.
 */
int kw_keyfile_create_laptop(const char *slot_text, const char *username,
			     const unsigned char recovery_pk[32], const struct kw_secret *pass,
			     struct kw_keyfile **kf_out, struct kw_keyring **ring_out,
			     struct kw_secret **sensitive_out, struct kw_err *err);

/* --- bundles (bundle.c): see the file's head for the format --- */

#define KW_BUNDLE_MAX_TO 16

struct kw_bundle {
	char kind[16]; /* "first", "to-laptop" or "to-centre" */
	char centre[KW_KEY_ID_HEX + 1];
	char laptop[37];
	char name[65];
	unsigned long long seq;
	unsigned char signer[32];
	size_t nto;
	unsigned char to_pk[KW_BUNDLE_MAX_TO][32];
	unsigned char to_key[KW_BUNDLE_MAX_TO][80];
	bool has_recovery;
	unsigned char recovery_pk[32];
	char *slot; /* malloc'd, or NULL */
	long long data_off, data_len;
};
/* Frees *b and sets it to NULL. */
void kw_bundle_free(struct kw_bundle **b);
/* A new random bundle key (32 bytes). */
struct kw_secret *kw_bundle_key_new(void);
/*
 * Writes a bundle to out (named outname in messages): b's kind, centre,
 * laptop, name, seq, and its recovery key and slot when set; key sealed to
 * each of the nrec recipients; the file data_path as its data; signed with
 * ring's key (b->signer, nto, to_pk and data_len are filled in).
 */
int kw_bundle_write(FILE *out, const char *outname, struct kw_bundle *b,
		    const struct kw_secret *key, const unsigned char (*recipients)[32], size_t nrec,
		    const struct kw_keyring *ring, const char *data_path, struct kw_err *err);
/*
 * Reads a bundle's header and checks its signature by the key it names
 * (whether that key is one to believe is the caller's question). A damaged,
 * cut or changed file: KW_EDATA, saying where.
 */
int kw_bundle_read(const char *path, struct kw_bundle **out, struct kw_err *err);
/* Opens the bundle key sealed to ring's user into *key; -1 if none is sealed to her. */
int kw_bundle_key(const struct kw_bundle *b, const struct kw_keyring *ring, struct kw_secret **key);
/* Copies the bundle's data (the encrypted database) from path to the stream to. */
int kw_bundle_copy_data(const char *path, const struct kw_bundle *b, FILE *to, const char *toname,
			struct kw_err *err);

#endif
