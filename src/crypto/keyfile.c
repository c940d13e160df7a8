/*
 * keyfile.c: the key file and its per-user slots.
 *
 * A data directory has two compartment keys (general, sensitive), each 32
 * random bytes. Nobody's passphrase encrypts them directly. Each user has a
 * random 32-byte seed, wrapped with crypto_secretbox under a key derived
 * from her passphrase by Argon2id (parameters kept in the slot). From the
 * seed come an X25519 key pair (to receive sealed keys) and an Ed25519 key
 * pair (to sign audit rows). The compartment keys her role holds are sealed
 * (crypto_box_seal) to her X25519 public key; both are also sealed to a
 * recovery public key whose private half is derived from a code printed
 * once, for the office safe. Slots are found by a keyed hash of the
 * username, so the file does not list who works at the centre.
 *
 * The file is text, one record per line:
 *
 *   keywork-keys 1
 *   key-id HEX16          binds the file to its databases
 *   generation N          raised by every change of compartment keys
 *   name-salt HEX32       key of the username hash
 *   recovery-pk HEX32
 *   recovery-general HEX  general key sealed to the recovery key
 *   recovery-sensitive HEX
 *   demo                  (only in a synthetic demo directory)
 *   recovery-memo HEX     the recovery seed's memo of the compartment secret
 *   slot id=HEX role=R ops=N mem=N salt=HEX nonce=HEX seed=HEX box-pk=HEX
 *        sign-pk=HEX general=HEX sensitive=HEX|- [memo=HEX]   (on one line)
 *
 * Nothing here is trusted for what it says about who may hold which key:
 * the file is a bootstrap copy, writable by anyone who can write the data
 * directory. The authoritative copy lives inside the sensitive compartment
 * (see src/app/session.c); kw_keyfile_diff says where the two disagree.
 * What a slot's owner alone can write (the wrap of her seed under her
 * passphrase, and her memo) authenticates itself: the wrap opens only with
 * her passphrase and must give back the slot's public keys, and the memo,
 * a keyed hash under her seed of a secret kept inside the real sensitive
 * compartment, tells her that the compartment her keys open is the real
 * one and not a substitute sealed to her public key by someone else.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "keywork/crypto.h"
#include "keywork/util.h"

#define SEALED_LEN (crypto_box_SEALBYTES + 32)
#define RECOVERY_V2 "keywork-recov-v2" /* 16 bytes: the check key of codes with memos */
/*
 * The first bytes of a wrap's nonce when its slot must have a memo. The
 * nonce is bound to the wrap (changing it breaks the unwrap), so nobody
 * without the passphrase can take the demand away by stripping the memo.
 */
#define MEMO_MARK "KWM1"
#define MEMO_MARK_LEN 4
#define WRAPPED_LEN (crypto_secretbox_MACBYTES + 32)

struct slot {
	unsigned char id[32];
	enum kw_role role;
	unsigned long long ops;
	size_t mem;
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char seed[WRAPPED_LEN];
	unsigned char box_pk[32];
	unsigned char sign_pk[32];
	unsigned char general[SEALED_LEN];
	unsigned char sensitive[SEALED_LEN];
	bool has_sensitive;
	/* During a change of keys: the next generation's keys sealed to her. */
	bool has_next;
	unsigned char next_general[SEALED_LEN];
	unsigned char next_sensitive[SEALED_LEN];
	/* Her memo of the compartment secret (see memo_of). */
	bool has_memo;
	unsigned char memo[32];
};

struct kw_keyfile {
	char key_id[KW_KEY_ID_HEX + 1];
	unsigned long generation;
	unsigned char name_salt[32];
	unsigned char recovery_pk[32];
	unsigned char recovery_general[SEALED_LEN];
	unsigned char recovery_sensitive[SEALED_LEN];
	bool demo;
	struct slot *slots;
	size_t nslots;
	/* A change of keys under way (see kw_keyfile_rekey_begin); 0 when none. */
	unsigned long pending;
	unsigned char next_recovery_pk[32];
	unsigned char next_recovery_general[SEALED_LEN];
	unsigned char next_recovery_sensitive[SEALED_LEN];
	bool has_recovery_memo, has_next_recovery_memo;
	unsigned char recovery_memo[32];
	unsigned char next_recovery_memo[32];
	/* The compartment secret, when the caller has it (kw_keyfile_use_secret); not saved. */
	struct kw_secret *secret;
};

/* A seed's memo of the compartment secret: BLAKE2b-256 keyed by the seed. */
static void memo_of(const unsigned char seed[32], const struct kw_secret *secret,
		    unsigned char out[32])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, seed, 32, 32);
	crypto_generichash_update(&st, (const unsigned char *)"keywork-memo-1", 14);
	crypto_generichash_update(&st, secret->p, secret->len);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof(st));
}

int kw_kdf_parse(const char *s)
{
	if (strcmp(s, "interactive") == 0)
		return KW_KDF_INTERACTIVE;
	if (strcmp(s, "moderate") == 0)
		return KW_KDF_MODERATE;
	if (strcmp(s, "sensitive") == 0)
		return KW_KDF_SENSITIVE;
	return -1;
}

static void kdf_limits(enum kw_kdf kdf, unsigned long long *ops, size_t *mem)
{
	switch (kdf) {
	case KW_KDF_INTERACTIVE:
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
		break;
	case KW_KDF_SENSITIVE:
		*ops = crypto_pwhash_OPSLIMIT_SENSITIVE;
		*mem = crypto_pwhash_MEMLIMIT_SENSITIVE;
		break;
	case KW_KDF_MODERATE:
	default:
		*ops = crypto_pwhash_OPSLIMIT_MODERATE;
		*mem = crypto_pwhash_MEMLIMIT_MODERATE;
		break;
	}
}

static void name_id(const struct kw_keyfile *kf, const char *username, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)username, strlen(username),
			   kf->name_salt, sizeof(kf->name_salt));
}

static struct slot *find_slot(const struct kw_keyfile *kf, const char *username)
{
	unsigned char id[32];

	name_id(kf, username, id);
	for (size_t i = 0; i < kf->nslots; i++)
		if (sodium_memcmp(kf->slots[i].id, id, 32) == 0)
			return &kf->slots[i];
	return NULL;
}

/* Derives the key-wrapping key from a passphrase; a new secret or NULL on failure. */
static struct kw_secret *derive(const struct kw_secret *pass, const unsigned char *salt,
				unsigned long long ops, size_t mem)
{
	struct kw_secret *k = kw_secret_new(crypto_secretbox_KEYBYTES);

	if (crypto_pwhash(k->p, k->len, (const char *)pass->p, pass->len, salt, ops, mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		kw_secret_free(&k);
	return k;
}

/* Builds a keyring from an unwrapped seed; sealed keys opened from the slot. */
static int ring_from_seed(const struct kw_keyfile *kf, const struct slot *s, struct kw_secret *seed,
			  struct kw_keyring **out, struct kw_err *err)
{
	struct kw_keyring *ring = calloc(1, sizeof(*ring));
	struct kw_secret *box_sk = kw_secret_new(crypto_box_SECRETKEYBYTES);
	int rc = -1;

	if (ring == NULL)
		abort();
	ring->role = s->role;
	ring->seed = seed;
	ring->has_memo = s->has_memo;
	memcpy(ring->memo, s->memo, 32);
	ring->memo_required = memcmp(s->nonce, MEMO_MARK, MEMO_MARK_LEN) == 0;
	ring->sign_sk = kw_secret_new(crypto_sign_SECRETKEYBYTES);
	crypto_box_seed_keypair(ring->box_pk, box_sk->p, seed->p);
	crypto_sign_seed_keypair(ring->sign_pk, ring->sign_sk->p, seed->p);
	/* A seed wrapped into someone else's slot opens, but does not give its keys. */
	if (sodium_memcmp(ring->box_pk, s->box_pk, 32) != 0 ||
	    sodium_memcmp(ring->sign_pk, s->sign_pk, 32) != 0) {
		kw_err_set(err, KW_EDATA,
			   "the key file's slot is damaged: its seed does not give its public "
			   "keys");
		goto out;
	}
	ring->general = kw_secret_new(32);
	if (crypto_box_seal_open(ring->general->p, s->general, SEALED_LEN, ring->box_pk,
				 box_sk->p) != 0) {
		kw_err_set(err, KW_EDATA,
			   "the key file's slot is damaged: the general key does not open");
		goto out;
	}
	if (s->has_sensitive) {
		ring->sensitive = kw_secret_new(32);
		if (crypto_box_seal_open(ring->sensitive->p, s->sensitive, SEALED_LEN, ring->box_pk,
					 box_sk->p) != 0) {
			kw_err_set(
				err, KW_EDATA,
				"the key file's slot is damaged: the sensitive key does not open");
			goto out;
		}
	}
	if (kf->pending != 0 && s->has_next) {
		ring->next_general = kw_secret_new(32);
		if (crypto_box_seal_open(ring->next_general->p, s->next_general, SEALED_LEN,
					 ring->box_pk, box_sk->p) != 0) {
			kw_err_set(err, KW_EDATA, "the key file's slot is damaged (next keys)");
			goto out;
		}
		if (s->has_sensitive) {
			ring->next_sensitive = kw_secret_new(32);
			if (crypto_box_seal_open(ring->next_sensitive->p, s->next_sensitive,
						 SEALED_LEN, ring->box_pk, box_sk->p) != 0) {
				kw_err_set(err, KW_EDATA,
					   "the key file's slot is damaged (next keys)");
				goto out;
			}
		}
	}
	ring->left_out = kf->pending != 0 && !s->has_next;
	*out = ring;
	ring = NULL;
	rc = 0;
out:
	kw_secret_free(&box_sk);
	kw_keyring_free(&ring);
	return rc;
}

/*
 * Fills slot s for a seed and passphrase: wraps the seed, derives its public
 * keys and seals the compartment keys the role holds (taken from keys).
 */
static int fill_slot(struct kw_keyfile *kf, struct slot *s, const char *username, enum kw_role role,
		     const struct kw_secret *seed, const struct kw_secret *pass, enum kw_kdf kdf,
		     const struct kw_secret *general, const struct kw_secret *sensitive,
		     struct kw_err *err)
{
	struct kw_secret *wrap = NULL, *box_sk = NULL, *sign_sk = NULL;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	name_id(kf, username, s->id);
	s->role = role;
	kdf_limits(kdf, &s->ops, &s->mem);
	randombytes_buf(s->salt, sizeof(s->salt));
	randombytes_buf(s->nonce, sizeof(s->nonce));
	if (kf->secret != NULL)
		memcpy(s->nonce, MEMO_MARK, MEMO_MARK_LEN);
	wrap = derive(pass, s->salt, s->ops, s->mem);
	if (wrap == NULL) {
		kw_err_set(err, KW_ESOFTWARE,
			   "not enough memory to derive a key from the passphrase");
		goto out;
	}
	crypto_secretbox_easy(s->seed, seed->p, 32, s->nonce, wrap->p);
	box_sk = kw_secret_new(crypto_box_SECRETKEYBYTES);
	sign_sk = kw_secret_new(crypto_sign_SECRETKEYBYTES);
	crypto_box_seed_keypair(s->box_pk, box_sk->p, seed->p);
	crypto_sign_seed_keypair(s->sign_pk, sign_sk->p, seed->p);
	crypto_box_seal(s->general, general->p, 32, s->box_pk);
	if (kw_role_has_sensitive(role)) {
		if (sensitive == NULL) {
			kw_err_set(
				err, KW_ENOPERM,
				"you do not hold the sensitive key, so you cannot give it to a %s",
				kw_role_name(role));
			goto out;
		}
		crypto_box_seal(s->sensitive, sensitive->p, 32, s->box_pk);
		s->has_sensitive = true;
	}
	if (kf->secret != NULL) {
		memo_of(seed->p, kf->secret, s->memo);
		s->has_memo = true;
	}
	rc = 0;
out:
	kw_secret_free(&wrap);
	kw_secret_free(&box_sk);
	kw_secret_free(&sign_sk);
	return rc;
}

static void add_slot(struct kw_keyfile *kf, const struct slot *s)
{
	kf->slots = kw_xrealloc(kf->slots, (kf->nslots + 1) * sizeof(*kf->slots));
	kf->slots[kf->nslots++] = *s;
}

/* Crockford base32 of the recovery seed and a 3-byte check, in groups of four. */
static struct kw_secret *recovery_code(const unsigned char seed[32])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char raw[35];
	struct kw_secret *code = kw_secret_new(56 + 13);
	unsigned bits = 0, acc = 0;
	size_t o = 0, n = 0;

	memcpy(raw, seed, 32);
	/* Codes made since memos check under a key of their own, so they demand a memo. */
	crypto_generichash(raw + 32, 3, seed, 32, (const unsigned char *)RECOVERY_V2, 16);
	for (size_t i = 0; i < sizeof(raw); i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			if (n > 0 && n % 4 == 0)
				code->p[o++] = '-';
			code->p[o++] = (unsigned char)alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
			n++;
		}
	}
	sodium_memzero(raw, sizeof(raw));
	acc = 0;
	code->len = o;
	code->p[o] = '\0';
	return code;
}

static int valid_username(const char *u, struct kw_err *err)
{
	size_t n = strlen(u);

	if (n == 0 || n > 32)
		return kw_err_set(err, KW_EUSAGE, "a username has 1 to 32 characters");
	for (size_t i = 0; i < n; i++) {
		char c = u[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return kw_err_set(err, KW_EUSAGE,
					  "username '%s': use lower-case letters, digits, '.', '_' "
					  "and '-' only",
					  u);
	}
	return 0;
}

int kw_keyfile_create(const char *username, enum kw_role role, const struct kw_secret *pass,
		      enum kw_kdf kdf, bool demo, struct kw_keyfile **kf_out,
		      struct kw_keyring **ring_out, struct kw_secret **recovery_out,
		      struct kw_err *err)
{
	struct kw_keyfile *kf = NULL;
	struct kw_secret *general = kw_secret_new(32), *sensitive = kw_secret_new(32);
	struct kw_secret *rseed = kw_secret_new(32), *rsk = kw_secret_new(32);
	struct kw_secret *seed = NULL;
	unsigned char kid[KW_KEY_ID_HEX / 2];
	struct slot s;
	int rc = -1;

	if (valid_username(username, err) != 0)
		goto out;
	kf = kw_xcalloc(1, sizeof(*kf));
	randombytes_buf(kid, sizeof(kid));
	kw_hex(kf->key_id, kid, sizeof(kid));
	kf->generation = 1;
	kf->demo = demo;
	randombytes_buf(kf->name_salt, sizeof(kf->name_salt));
	randombytes_buf(general->p, 32);
	randombytes_buf(sensitive->p, 32);
	randombytes_buf(rseed->p, 32);
	crypto_box_seed_keypair(kf->recovery_pk, rsk->p, rseed->p);
	crypto_box_seal(kf->recovery_general, general->p, 32, kf->recovery_pk);
	crypto_box_seal(kf->recovery_sensitive, sensitive->p, 32, kf->recovery_pk);

	seed = kw_secret_new(32);
	randombytes_buf(seed->p, 32);
	if (fill_slot(kf, &s, username, role, seed, pass, kdf, general, sensitive, err) != 0)
		goto out;
	add_slot(kf, &s);
	if (ring_from_seed(kf, &s, seed, ring_out, err) != 0) {
		seed = NULL; /* ring_from_seed freed it */
		goto out;
	}
	seed = NULL; /* owned by the ring now */
	*recovery_out = recovery_code(rseed->p);
	*kf_out = kf;
	kf = NULL;
	rc = 0;
out:
	kw_secret_free(&general);
	kw_secret_free(&sensitive);
	kw_secret_free(&rseed);
	kw_secret_free(&rsk);
	kw_secret_free(&seed);
	kw_keyfile_free(&kf);
	return rc;
}

void kw_keyfile_free(struct kw_keyfile **kf)
{
	if (kf == NULL || *kf == NULL)
		return;
	kw_secret_free(&(*kf)->secret);
	free((*kf)->slots);
	free(*kf);
	*kf = NULL;
}

const char *kw_keyfile_key_id(const struct kw_keyfile *kf)
{
	return kf->key_id;
}

unsigned long kw_keyfile_generation(const struct kw_keyfile *kf)
{
	return kf->generation;
}

bool kw_keyfile_is_demo(const struct kw_keyfile *kf)
{
	return kf->demo;
}

bool kw_keyfile_has_user(const struct kw_keyfile *kf, const char *username)
{
	return find_slot(kf, username) != NULL;
}

void kw_keyfile_user_tag(const struct kw_keyfile *kf, const char *username, char out[65])
{
	unsigned char id[32];

	name_id(kf, username, id);
	kw_hex(out, id, sizeof(id));
}

size_t kw_keyfile_slot_count(const struct kw_keyfile *kf)
{
	return kf->nslots;
}

int kw_keyfile_unlock(const struct kw_keyfile *kf, const char *username,
		      const struct kw_secret *pass, struct kw_keyring **ring_out,
		      struct kw_err *err)
{
	const struct slot *s = find_slot(kf, username);
	struct kw_secret *wrap = NULL, *seed = NULL;
	unsigned char dummy_salt[crypto_pwhash_SALTBYTES] = { 0 };
	int rc = -1;

	if (s == NULL) {
		/*
		 * Spend the same time as a real slot, so timing does not tell who
		 * exists: the first slot's limits, as a directory's slots normally
		 * share one KDF level (a fixed level would be 5x off for others).
		 */
		unsigned long long ops = kf->nslots > 0 ? kf->slots[0].ops : 0;
		size_t mem = kf->nslots > 0 ? kf->slots[0].mem : 0;

		if (kf->nslots == 0)
			kdf_limits(KW_KDF_MODERATE, &ops, &mem);
		wrap = derive(pass, dummy_salt, ops, mem);
		kw_err_why(err, KW_ENOPERM, KW_R_PASSPHRASE,
			   "The username or passphrase is not right.");
		goto out;
	}
	wrap = derive(pass, s->salt, s->ops, s->mem);
	if (wrap == NULL) {
		kw_err_set(err, KW_ESOFTWARE,
			   "not enough memory to derive the key (the slot asks for %zu MiB)",
			   s->mem >> 20);
		goto out;
	}
	seed = kw_secret_new(32);
	if (crypto_secretbox_open_easy(seed->p, s->seed, WRAPPED_LEN, s->nonce, wrap->p) != 0) {
		kw_err_why(err, KW_ENOPERM, KW_R_PASSPHRASE,
			   "The username or passphrase is not right.");
		goto out;
	}
	rc = ring_from_seed(kf, s, seed, ring_out, err);
	seed = NULL;
out:
	kw_secret_free(&wrap);
	kw_secret_free(&seed);
	return rc;
}

int kw_keyfile_add_user(struct kw_keyfile *kf, const struct kw_keyring *granter,
			const char *username, enum kw_role role, const struct kw_secret *pass,
			enum kw_kdf kdf, unsigned char sign_pk_out[32], struct kw_err *err)
{
	struct kw_secret *seed = NULL;
	struct slot s;
	int rc = -1;

	if (valid_username(username, err) != 0)
		return -1;
	if (find_slot(kf, username) != NULL)
		return kw_err_set(err, KW_EUSAGE, "user '%s' already exists", username);
	seed = kw_secret_new(32);
	randombytes_buf(seed->p, 32);
	if (fill_slot(kf, &s, username, role, seed, pass, kdf, granter->general, granter->sensitive,
		      err) != 0)
		goto out;
	add_slot(kf, &s);
	memcpy(sign_pk_out, s.sign_pk, 32);
	rc = 0;
out:
	kw_secret_free(&seed);
	return rc;
}

int kw_keyfile_set_passphrase(struct kw_keyfile *kf, const char *username,
			      const struct kw_keyring *self, bool is_self,
			      const struct kw_secret *pass, enum kw_kdf kdf,
			      unsigned char sign_pk_out[32], struct kw_err *err)
{
	struct slot *s = find_slot(kf, username);
	struct kw_secret *seed = NULL;
	struct slot fresh;
	int rc = -1;

	if (s == NULL)
		return kw_err_set(err, KW_EUSAGE, "no user '%s'", username);
	if (is_self) {
		seed = kw_secret_from(self->seed->p, 32);
	} else {
		seed = kw_secret_new(32);
		randombytes_buf(seed->p, 32);
	}
	if (fill_slot(kf, &fresh, username, s->role, seed, pass, kdf, self->general,
		      self->sensitive, err) != 0)
		goto out;
	if (is_self) {
		/*
		 * The same seed: only the wrap changes. Her sealed keys and memo
		 * stay as they were given, so the protected copy still agrees, and
		 * a slot that had to have a memo still has to.
		 */
		bool marked = memcmp(s->nonce, MEMO_MARK, MEMO_MARK_LEN) == 0 || s->has_memo;

		if (marked && memcmp(fresh.nonce, MEMO_MARK, MEMO_MARK_LEN) != 0) {
			struct kw_secret *wrap = derive(pass, fresh.salt, fresh.ops, fresh.mem);

			if (wrap == NULL) {
				kw_err_set(err, KW_ESOFTWARE,
					   "not enough memory to derive a key from the passphrase");
				goto out;
			}
			memcpy(fresh.nonce, MEMO_MARK, MEMO_MARK_LEN);
			crypto_secretbox_easy(fresh.seed, seed->p, 32, fresh.nonce, wrap->p);
			kw_secret_free(&wrap);
		}
		s->ops = fresh.ops;
		s->mem = fresh.mem;
		memcpy(s->salt, fresh.salt, sizeof(s->salt));
		memcpy(s->nonce, fresh.nonce, sizeof(s->nonce));
		memcpy(s->seed, fresh.seed, sizeof(s->seed));
	} else {
		*s = fresh;
	}
	memcpy(sign_pk_out, s->sign_pk, 32);
	rc = 0;
out:
	kw_secret_free(&seed);
	return rc;
}

/* --- Reading and writing the text form --- */

static void put_hex(struct kw_buf *b, const unsigned char *p, size_t n)
{
	char *h = kw_xmalloc(2 * n + 1);

	kw_hex(h, p, n);
	kw_buf_adds(b, h);
	free(h);
}

/* One slot's fields, as a "slot" line of the key file holds them (without "slot " or newline). */
static void put_slot(const struct kw_keyfile *kf, const struct slot *s, struct kw_buf *b)
{
	kw_buf_adds(b, "id=");
	put_hex(b, s->id, 32);
	kw_buf_printf(b, " role=%s ops=%llu mem=%zu salt=", kw_role_name(s->role), s->ops, s->mem);
	put_hex(b, s->salt, sizeof(s->salt));
	kw_buf_adds(b, " nonce=");
	put_hex(b, s->nonce, sizeof(s->nonce));
	kw_buf_adds(b, " seed=");
	put_hex(b, s->seed, sizeof(s->seed));
	kw_buf_adds(b, " box-pk=");
	put_hex(b, s->box_pk, 32);
	kw_buf_adds(b, " sign-pk=");
	put_hex(b, s->sign_pk, 32);
	kw_buf_adds(b, " general=");
	put_hex(b, s->general, SEALED_LEN);
	kw_buf_adds(b, " sensitive=");
	if (s->has_sensitive)
		put_hex(b, s->sensitive, SEALED_LEN);
	else
		kw_buf_adds(b, "-");
	if (kf->pending != 0 && s->has_next) {
		kw_buf_adds(b, " next-general=");
		put_hex(b, s->next_general, SEALED_LEN);
		kw_buf_adds(b, " next-sensitive=");
		if (s->has_sensitive)
			put_hex(b, s->next_sensitive, SEALED_LEN);
		else
			kw_buf_adds(b, "-");
	}
	if (s->has_memo) {
		kw_buf_adds(b, " memo=");
		put_hex(b, s->memo, 32);
	}
}

void kw_keyfile_text(const struct kw_keyfile *kf, struct kw_buf *b)
{
	kw_buf_printf(b, "keywork-keys 1\nkey-id %s\ngeneration %lu\nname-salt ", kf->key_id,
		      kf->generation);
	put_hex(b, kf->name_salt, 32);
	kw_buf_adds(b, "\nrecovery-pk ");
	put_hex(b, kf->recovery_pk, 32);
	kw_buf_adds(b, "\nrecovery-general ");
	put_hex(b, kf->recovery_general, SEALED_LEN);
	kw_buf_adds(b, "\nrecovery-sensitive ");
	put_hex(b, kf->recovery_sensitive, SEALED_LEN);
	kw_buf_adds(b, "\n");
	if (kf->has_recovery_memo) {
		kw_buf_adds(b, "recovery-memo ");
		put_hex(b, kf->recovery_memo, 32);
		kw_buf_adds(b, "\n");
	}
	if (kf->demo)
		kw_buf_adds(b, "demo\n");
	if (kf->pending != 0) {
		kw_buf_printf(b, "pending %lu\npending-recovery-pk ", kf->pending);
		put_hex(b, kf->next_recovery_pk, 32);
		kw_buf_adds(b, "\npending-recovery-general ");
		put_hex(b, kf->next_recovery_general, SEALED_LEN);
		kw_buf_adds(b, "\npending-recovery-sensitive ");
		put_hex(b, kf->next_recovery_sensitive, SEALED_LEN);
		kw_buf_adds(b, "\n");
		if (kf->has_next_recovery_memo) {
			kw_buf_adds(b, "pending-recovery-memo ");
			put_hex(b, kf->next_recovery_memo, 32);
			kw_buf_adds(b, "\n");
		}
	}
	for (size_t i = 0; i < kf->nslots; i++) {
		kw_buf_adds(b, "slot ");
		put_slot(kf, &kf->slots[i], b);
		kw_buf_adds(b, "\n");
	}
}

int kw_keyfile_save(const struct kw_keyfile *kf, const char *path, struct kw_err *err)
{
	struct kw_buf b = { 0 };
	int rc;

	kw_keyfile_text(kf, &b);
	rc = kw_write_atomic(path, b.p, b.len, err);
	kw_buf_free(&b);
	return rc;
}

/* Parses "name=HEX" from tok into out (n bytes). */
static int field_hex(const char *tok, const char *name, unsigned char *out, size_t n)
{
	size_t l = strlen(name);

	if (strncmp(tok, name, l) != 0 || tok[l] != '=')
		return -1;
	return kw_unhex(out, n, tok + l + 1);
}

static int field_num(const char *tok, const char *name, unsigned long long *out)
{
	size_t l = strlen(name);
	char *end;

	if (strncmp(tok, name, l) != 0 || tok[l] != '=')
		return -1;
	errno = 0;
	*out = strtoull(tok + l + 1, &end, 10);
	return (errno != 0 || *end != '\0' || end == tok + l + 1) ? -1 : 0;
}

static int parse_slot(char *rest, struct slot *s)
{
	char *tok[14], *save = NULL;
	unsigned long long mem;
	size_t n = 0, fixed;

	for (char *t = strtok_r(rest, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
		if (n == KW_ARRAY_LEN(tok))
			return -1;
		tok[n++] = t;
	}
	memset(s, 0, sizeof(*s));
	/* The memo, when there is one, comes last. */
	if (n > 11 && strncmp(tok[n - 1], "memo=", 5) == 0) {
		if (field_hex(tok[n - 1], "memo", s->memo, 32) != 0)
			return -1;
		s->has_memo = true;
		n--;
	}
	fixed = n;
	if (fixed != 11 && fixed != 13)
		return -1;
	if (field_hex(tok[0], "id", s->id, 32) != 0 || strncmp(tok[1], "role=", 5) != 0)
		return -1;
	s->role = kw_role_parse(tok[1] + 5);
	if (s->role == KW_ROLE_NONE || field_num(tok[2], "ops", &s->ops) != 0 ||
	    field_num(tok[3], "mem", &mem) != 0 ||
	    field_hex(tok[4], "salt", s->salt, sizeof(s->salt)) != 0 ||
	    field_hex(tok[5], "nonce", s->nonce, sizeof(s->nonce)) != 0 ||
	    field_hex(tok[6], "seed", s->seed, sizeof(s->seed)) != 0 ||
	    field_hex(tok[7], "box-pk", s->box_pk, 32) != 0 ||
	    field_hex(tok[8], "sign-pk", s->sign_pk, 32) != 0 ||
	    field_hex(tok[9], "general", s->general, SEALED_LEN) != 0)
		return -1;
	if (mem < crypto_pwhash_MEMLIMIT_MIN || mem > crypto_pwhash_MEMLIMIT_SENSITIVE ||
	    s->ops < crypto_pwhash_OPSLIMIT_MIN || s->ops > crypto_pwhash_OPSLIMIT_SENSITIVE)
		return -1;
	s->mem = (size_t)mem;
	if (strcmp(tok[10], "sensitive=-") != 0) {
		if (field_hex(tok[10], "sensitive", s->sensitive, SEALED_LEN) != 0)
			return -1;
		s->has_sensitive = true;
	}
	if (fixed == 11)
		return 0;
	if (field_hex(tok[11], "next-general", s->next_general, SEALED_LEN) != 0)
		return -1;
	if (s->has_sensitive
		    ? field_hex(tok[12], "next-sensitive", s->next_sensitive, SEALED_LEN) != 0
		    : strcmp(tok[12], "next-sensitive=-") != 0)
		return -1;
	s->has_next = true;
	return 0;
}

int kw_keyfile_parse(const char *text, size_t len, const char *name, struct kw_keyfile **out,
		     struct kw_err *err)
{
	struct kw_keyfile *kf = kw_xcalloc(1, sizeof(*kf));
	char *copy = kw_xmalloc(len + 1), *line, *next;
	unsigned long lineno = 0;
	unsigned seen = 0;
	int rc = -1;

	memcpy(copy, text, len);
	copy[len] = '\0';
	if (memchr(text, '\0', len) != NULL) {
		kw_err_at(err, KW_EDATA, name, 1, 1, "not a keywork key file (it holds NUL bytes)");
		goto out;
	}
	for (line = copy; line != NULL && *line != '\0'; line = next) {
		char *nl = strchr(line, '\n'), *sp;
		const char *rest;
		int bad = 0;

		next = nl != NULL ? nl + 1 : NULL;
		lineno++;
		if (nl != NULL)
			*nl = '\0';
		sp = strchr(line, ' ');
		if (sp != NULL)
			*sp = '\0';
		rest = sp != NULL ? sp + 1 : "";
		if (lineno == 1) {
			if (strcmp(line, "keywork-keys") != 0 || strcmp(rest, "1") != 0) {
				kw_err_at(err, KW_EDATA, name, 1, 1,
					  "not a keywork key file (or a newer version)");
				goto out;
			}
			continue;
		}
		if (strcmp(line, "key-id") == 0) {
			unsigned char tmp[KW_KEY_ID_HEX / 2];

			bad = kw_unhex(tmp, sizeof(tmp), rest);
			snprintf(kf->key_id, sizeof(kf->key_id), "%s", rest);
			seen |= 1;
		} else if (strcmp(line, "generation") == 0) {
			char *end;

			errno = 0;
			kf->generation = strtoul(rest, &end, 10);
			bad = errno != 0 || *end != '\0' || kf->generation == 0;
			seen |= 2;
		} else if (strcmp(line, "name-salt") == 0) {
			bad = kw_unhex(kf->name_salt, 32, rest);
			seen |= 4;
		} else if (strcmp(line, "recovery-pk") == 0) {
			bad = kw_unhex(kf->recovery_pk, 32, rest);
			seen |= 8;
		} else if (strcmp(line, "recovery-general") == 0) {
			bad = kw_unhex(kf->recovery_general, SEALED_LEN, rest);
			seen |= 16;
		} else if (strcmp(line, "recovery-sensitive") == 0) {
			bad = kw_unhex(kf->recovery_sensitive, SEALED_LEN, rest);
			seen |= 32;
		} else if (strcmp(line, "recovery-memo") == 0) {
			bad = kw_unhex(kf->recovery_memo, 32, rest);
			kf->has_recovery_memo = true;
		} else if (strcmp(line, "demo") == 0) {
			kf->demo = true;
		} else if (strcmp(line, "pending") == 0) {
			char *end;

			errno = 0;
			kf->pending = strtoul(rest, &end, 10);
			bad = errno != 0 || *end != '\0' || kf->pending == 0;
		} else if (strcmp(line, "pending-recovery-pk") == 0) {
			bad = kw_unhex(kf->next_recovery_pk, 32, rest);
		} else if (strcmp(line, "pending-recovery-general") == 0) {
			bad = kw_unhex(kf->next_recovery_general, SEALED_LEN, rest);
		} else if (strcmp(line, "pending-recovery-sensitive") == 0) {
			bad = kw_unhex(kf->next_recovery_sensitive, SEALED_LEN, rest);
		} else if (strcmp(line, "pending-recovery-memo") == 0) {
			bad = kw_unhex(kf->next_recovery_memo, 32, rest);
			kf->has_next_recovery_memo = true;
		} else if (strcmp(line, "slot") == 0) {
			struct slot s;
			char *tokens = kw_xstrdup(rest);

			bad = parse_slot(tokens, &s);
			free(tokens);
			if (!bad)
				add_slot(kf, &s);
		} else {
			kw_err_at(err, KW_EDATA, name, lineno, 1, "unknown entry '%s'", line);
			goto out;
		}
		if (bad) {
			kw_err_at(err, KW_EDATA, name, lineno, 1, "damaged '%s' entry", line);
			goto out;
		}
	}
	if (kf->pending != 0 && kf->pending != kf->generation + 1) {
		kw_err_at(err, KW_EDATA, name, lineno, 0,
			  "the key file's pending key change is damaged (generation %lu after %lu)",
			  kf->pending, kf->generation);
		goto out;
	}
	if (lineno == 0 || seen != 63 || kf->nslots == 0) {
		kw_err_at(err, KW_EDATA, name, lineno, 0,
			  "the key file is incomplete (truncated or damaged)");
		goto out;
	}
	*out = kf;
	kf = NULL;
	rc = 0;
out:
	free(copy);
	kw_keyfile_free(&kf);
	return rc;
}

int kw_keyfile_load(const char *path, struct kw_keyfile **out, struct kw_err *err)
{
	FILE *fp = fopen(path, "re");
	struct kw_buf b = { 0 };
	char buf[4096];
	size_t n;
	int rc;

	if (fp == NULL)
		return kw_err_set(err, errno == ENOENT ? KW_ENOINPUT : KW_EIO,
				  "cannot open the key file %s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		kw_buf_add(&b, buf, n);
	if (ferror(fp)) {
		fclose(fp);
		kw_buf_free(&b);
		return kw_err_set(err, KW_EIO, "cannot read the key file %s: %s", path,
				  strerror(errno));
	}
	fclose(fp);
	rc = kw_keyfile_parse(b.p != NULL ? b.p : "", b.len, path, out, err);
	kw_buf_free(&b);
	return rc;
}

/* --- changing keys --- */

int kw_keyfile_rekey_begin(struct kw_keyfile *kf, struct kw_keyring *ring, const char *const *drop,
			   size_t ndrop, bool new_recovery, struct kw_secret **recovery_out,
			   struct kw_err *err)
{
	struct kw_secret *g = kw_secret_new(32), *x = kw_secret_new(32);
	struct kw_secret *rseed = NULL, *rsk = NULL;
	unsigned char dropped[16][32];
	size_t kept = 0;
	int rc = -1;

	if (ring->general == NULL || ring->sensitive == NULL) {
		kw_err_set(err, KW_ENOPERM, "changing keys needs both compartments' keys");
		goto out;
	}
	if (ndrop > KW_ARRAY_LEN(dropped)) {
		kw_err_set(err, KW_EUSAGE, "too many users at once");
		goto out;
	}
	for (size_t i = 0; i < ndrop; i++)
		name_id(kf, drop[i], dropped[i]);
	randombytes_buf(g->p, 32);
	randombytes_buf(x->p, 32);
	for (size_t i = 0; i < kf->nslots; i++) {
		struct slot *s = &kf->slots[i];
		bool out = false;

		for (size_t d = 0; d < ndrop; d++)
			out = out || sodium_memcmp(s->id, dropped[d], 32) == 0;
		s->has_next = !out;
		if (out)
			continue;
		crypto_box_seal(s->next_general, g->p, 32, s->box_pk);
		if (s->has_sensitive)
			crypto_box_seal(s->next_sensitive, x->p, 32, s->box_pk);
		kept++;
	}
	if (kept == 0) {
		kw_err_set(err, KW_EUSAGE, "that would leave nobody able to open the records");
		goto out;
	}
	if (new_recovery) {
		rseed = kw_secret_new(32);
		rsk = kw_secret_new(32);
		randombytes_buf(rseed->p, 32);
		crypto_box_seed_keypair(kf->next_recovery_pk, rsk->p, rseed->p);
		*recovery_out = recovery_code(rseed->p);
		kf->has_next_recovery_memo = kf->secret != NULL;
		if (kf->secret != NULL)
			memo_of(rseed->p, kf->secret, kf->next_recovery_memo);
	} else {
		memcpy(kf->next_recovery_pk, kf->recovery_pk, 32);
		kf->has_next_recovery_memo = kf->has_recovery_memo;
		memcpy(kf->next_recovery_memo, kf->recovery_memo, 32);
	}
	crypto_box_seal(kf->next_recovery_general, g->p, 32, kf->next_recovery_pk);
	crypto_box_seal(kf->next_recovery_sensitive, x->p, 32, kf->next_recovery_pk);
	kf->pending = kf->generation + 1;
	kw_secret_free(&ring->next_general);
	kw_secret_free(&ring->next_sensitive);
	ring->next_general = kw_secret_from(g->p, 32);
	ring->next_sensitive = kw_secret_from(x->p, 32);
	rc = 0;
out:
	kw_secret_free(&g);
	kw_secret_free(&x);
	kw_secret_free(&rseed);
	kw_secret_free(&rsk);
	return rc;
}

unsigned long kw_keyfile_pending(const struct kw_keyfile *kf)
{
	return kf->pending;
}

void kw_keyfile_rekey_finish(struct kw_keyfile *kf)
{
	size_t w = 0;

	if (kf->pending == 0)
		return;
	for (size_t i = 0; i < kf->nslots; i++) {
		struct slot *s = &kf->slots[i];

		if (!s->has_next)
			continue; /* left out of the new keys: her slot goes */
		memcpy(s->general, s->next_general, SEALED_LEN);
		memcpy(s->sensitive, s->next_sensitive, SEALED_LEN);
		s->has_next = false;
		kf->slots[w++] = *s;
	}
	kf->nslots = w;
	memcpy(kf->recovery_pk, kf->next_recovery_pk, 32);
	memcpy(kf->recovery_general, kf->next_recovery_general, SEALED_LEN);
	memcpy(kf->recovery_sensitive, kf->next_recovery_sensitive, SEALED_LEN);
	kf->has_recovery_memo = kf->has_next_recovery_memo;
	memcpy(kf->recovery_memo, kf->next_recovery_memo, 32);
	kf->generation = kf->pending;
	kf->pending = 0;
}

/*
 * Decodes a recovery code (Crockford base32, any case, '-' and spaces
 * ignored) into its seed. Returns 2 for a code that demands a memo, 1 for an
 * older one, -1 for no code.
 */
static int recovery_seed(const char *code, unsigned char seed[32])
{
	int version = 2;

	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char raw[35], check[3];
	unsigned acc = 0, bits = 0;
	size_t n = 0;

	for (const char *p = code; *p != '\0'; p++) {
		char c = *p;
		const char *at;

		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == 'O')
			c = '0';
		if (c == 'I' || c == 'L')
			c = '1';
		at = strchr(alphabet, c);
		if (at == NULL || c == '\0')
			return -1;
		acc = (acc << 5) | (unsigned)(at - alphabet);
		bits += 5;
		if (bits >= 8) {
			if (n == sizeof(raw))
				return -1;
			raw[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	if (n != sizeof(raw))
		return -1;
	crypto_generichash(check, 3, raw, 32, (const unsigned char *)RECOVERY_V2, 16);
	if (sodium_memcmp(check, raw + 32, 3) != 0) {
		version = 1;
		crypto_generichash(check, 3, raw, 32, NULL, 0);
		if (sodium_memcmp(check, raw + 32, 3) != 0)
			return -1;
	}
	memcpy(seed, raw, 32);
	sodium_memzero(raw, sizeof(raw));
	return version;
}

int kw_keyfile_recover(struct kw_keyfile *kf, const char *code, const char *username,
		       const struct kw_secret *pass, enum kw_kdf kdf, unsigned char sign_pk_out[32],
		       struct kw_keyring **ring_out, struct kw_err *err)
{
	struct kw_secret *rseed = kw_secret_new(32), *rsk = kw_secret_new(32);
	struct kw_keyring rec = { 0 };
	unsigned char rpk[32];
	struct slot *s;
	int rc = -1;

	if (kf->pending != 0) {
		kw_err_set(err, KW_EUSAGE,
			   "a change of keys was interrupted; a manager must sign in to finish it "
			   "first");
		goto out;
	}
	s = find_slot(kf, username);
	if (s == NULL) {
		kw_err_set(err, KW_EUSAGE, "no user '%s'", username);
		goto out;
	}
	if (recovery_seed(code, rseed->p) < 0) {
		kw_err_set(err, KW_ENOPERM,
			   "That is not a recovery code for keywork (check each group of four).");
		goto out;
	}
	crypto_box_seed_keypair(rpk, rsk->p, rseed->p);
	rec.general = kw_secret_new(32);
	rec.sensitive = kw_secret_new(32);
	if (sodium_memcmp(rpk, kf->recovery_pk, 32) != 0 ||
	    crypto_box_seal_open(rec.general->p, kf->recovery_general, SEALED_LEN, rpk, rsk->p) !=
		    0 ||
	    crypto_box_seal_open(rec.sensitive->p, kf->recovery_sensitive, SEALED_LEN, rpk,
				 rsk->p) != 0) {
		kw_err_set(err, KW_ENOPERM,
			   "That recovery code does not belong to this data directory.");
		goto out;
	}
	{
		struct kw_secret *seed = kw_secret_new(32);
		struct slot fresh;

		randombytes_buf(seed->p, 32);
		if (fill_slot(kf, &fresh, username, s->role, seed, pass, kdf, rec.general,
			      rec.sensitive, err) != 0) {
			kw_secret_free(&seed);
			goto out;
		}
		*s = fresh;
		memcpy(sign_pk_out, s->sign_pk, 32);
		if (ring_from_seed(kf, s, seed, ring_out, err) != 0)
			goto out;
	}
	rc = 0;
out:
	kw_secret_free(&rec.general);
	kw_secret_free(&rec.sensitive);
	kw_secret_free(&rseed);
	kw_secret_free(&rsk);
	return rc;
}

/* --- the compartment secret, memos, and the protected copy --- */

void kw_keyfile_use_secret(struct kw_keyfile *kf, const struct kw_secret *secret)
{
	kw_secret_free(&kf->secret);
	if (secret != NULL)
		kf->secret = kw_secret_from(secret->p, secret->len);
}

int kw_keyfile_set_memo(struct kw_keyfile *kf, const char *username, const struct kw_keyring *ring)
{
	struct slot *s = find_slot(kf, username);

	if (s == NULL || kf->secret == NULL || sodium_memcmp(s->box_pk, ring->box_pk, 32) != 0)
		return -1;
	memo_of(ring->seed->p, kf->secret, s->memo);
	s->has_memo = true;
	return 0;
}

bool kw_keyring_memo_ok(const struct kw_keyring *ring, const struct kw_secret *secret)
{
	unsigned char m[32];
	bool ok;

	if (!ring->has_memo)
		return false;
	memo_of(ring->seed->p, secret, m);
	ok = sodium_memcmp(m, ring->memo, 32) == 0;
	sodium_memzero(m, sizeof(m));
	return ok;
}

int kw_keyfile_set_recovery_memo(struct kw_keyfile *kf, const char *code)
{
	struct kw_secret *rseed = kw_secret_new(32);
	int rc = -1;

	if (kf->secret != NULL && recovery_seed(code, rseed->p) > 0) {
		if (kf->pending != 0) {
			memo_of(rseed->p, kf->secret, kf->next_recovery_memo);
			kf->has_next_recovery_memo = true;
		} else {
			memo_of(rseed->p, kf->secret, kf->recovery_memo);
			kf->has_recovery_memo = true;
		}
		rc = 0;
	}
	kw_secret_free(&rseed);
	return rc;
}

bool kw_keyfile_recovery_memo_ok(const struct kw_keyfile *kf, const char *code,
				 const struct kw_secret *secret)
{
	struct kw_secret *rseed = kw_secret_new(32);
	unsigned char m[32];
	int version = recovery_seed(code, rseed->p);
	bool ok = false;

	if (version > 0 && kf->has_recovery_memo) {
		memo_of(rseed->p, secret, m);
		ok = sodium_memcmp(m, kf->recovery_memo, 32) == 0;
	} else if (version == 1) {
		ok = true; /* a code from before memos, for a directory adopted without one */
	}
	kw_secret_free(&rseed);
	return ok;
}

int kw_keyfile_slot_role(const struct kw_keyfile *kf, const char *username, enum kw_role *role,
			 bool *left_out)
{
	const struct slot *s = find_slot(kf, username);

	if (s == NULL)
		return 0;
	*role = s->role;
	*left_out = kf->pending != 0 && !s->has_next;
	return 1;
}

bool kw_keyfile_slot_is(const struct kw_keyfile *kf, const char *username,
			const unsigned char box_pk[32])
{
	const struct slot *s = find_slot(kf, username);

	return s != NULL && sodium_memcmp(s->box_pk, box_pk, 32) == 0;
}

struct kw_keyfile *kw_keyfile_dup(const struct kw_keyfile *kf)
{
	struct kw_keyfile *d = kw_xmalloc(sizeof(*d));

	*d = *kf;
	d->slots = kw_xmalloc((kf->nslots > 0 ? kf->nslots : 1) * sizeof(*d->slots));
	memcpy(d->slots, kf->slots, kf->nslots * sizeof(*d->slots));
	d->secret = kf->secret != NULL ? kw_secret_from(kf->secret->p, kf->secret->len) : NULL;
	return d;
}

void kw_keyfile_take_wraps(struct kw_keyfile *trusted, const struct kw_keyfile *disk)
{
	for (size_t i = 0; i < trusted->nslots; i++) {
		struct slot *t = &trusted->slots[i];

		for (size_t j = 0; j < disk->nslots; j++) {
			const struct slot *d = &disk->slots[j];

			if (memcmp(t->id, d->id, 32) != 0 ||
			    memcmp(t->box_pk, d->box_pk, 32) != 0 ||
			    memcmp(t->sign_pk, d->sign_pk, 32) != 0)
				continue;
			t->ops = d->ops;
			t->mem = d->mem;
			memcpy(t->salt, d->salt, sizeof(t->salt));
			memcpy(t->nonce, d->nonce, sizeof(t->nonce));
			memcpy(t->seed, d->seed, sizeof(t->seed));
			t->has_memo = d->has_memo;
			memcpy(t->memo, d->memo, 32);
			break;
		}
	}
}

/* The name of the slot with id, from names (hashed with kf's salt), or its id's start. */
static void slot_label(const struct kw_keyfile *kf, const unsigned char id[32],
		       const char *const *names, size_t nnames, char *out, size_t len)
{
	unsigned char h[32];
	char hex[65];

	for (size_t i = 0; i < nnames; i++) {
		name_id(kf, names[i], h);
		if (memcmp(h, id, 32) == 0) {
			snprintf(out, len, "'%s'", names[i]);
			return;
		}
	}
	kw_hex(hex, id, 32);
	snprintf(out, len, "id %.12s… (no user)", hex);
}

static const struct slot *slot_by_id(const struct kw_keyfile *kf, const unsigned char id[32])
{
	for (size_t i = 0; i < kf->nslots; i++)
		if (memcmp(kf->slots[i].id, id, 32) == 0)
			return &kf->slots[i];
	return NULL;
}

int kw_keyfile_diff(const struct kw_keyfile *trusted, const struct kw_keyfile *disk,
		    const char *const *names, size_t nnames,
		    void (*fn)(void *ctx, const char *what), void *ctx)
{
	char msg[256], who[96];
	int n = 0;

#define SAY(...)                                         \
	do {                                             \
		snprintf(msg, sizeof(msg), __VA_ARGS__); \
		if (fn != NULL)                          \
			fn(ctx, msg);                    \
		n++;                                     \
	} while (0)

	if (strcmp(trusted->key_id, disk->key_id) != 0)
		SAY("its key id is %s; the protected copy's is %s", disk->key_id, trusted->key_id);
	if (trusted->generation != disk->generation || trusted->pending != disk->pending)
		SAY("it is at key generation %lu%s; the protected copy is at %lu%s",
		    disk->generation, disk->pending ? " (changing)" : "", trusted->generation,
		    trusted->pending ? " (changing)" : "");
	if (memcmp(trusted->name_salt, disk->name_salt, 32) != 0)
		SAY("its name salt was changed, so no user's slot can be found");
	if (memcmp(trusted->recovery_pk, disk->recovery_pk, 32) != 0 ||
	    memcmp(trusted->recovery_general, disk->recovery_general, SEALED_LEN) != 0 ||
	    memcmp(trusted->recovery_sensitive, disk->recovery_sensitive, SEALED_LEN) != 0 ||
	    trusted->has_recovery_memo != disk->has_recovery_memo ||
	    memcmp(trusted->recovery_memo, disk->recovery_memo, 32) != 0)
		SAY("its recovery key is not the one the protected copy names");
	if (trusted->pending != 0 && disk->pending != 0 &&
	    (memcmp(trusted->next_recovery_pk, disk->next_recovery_pk, 32) != 0 ||
	     memcmp(trusted->next_recovery_general, disk->next_recovery_general, SEALED_LEN) != 0 ||
	     memcmp(trusted->next_recovery_sensitive, disk->next_recovery_sensitive, SEALED_LEN) !=
		     0))
		SAY("its next recovery key is not the one the protected copy names");
	for (size_t i = 0; i < disk->nslots; i++) {
		const struct slot *d = &disk->slots[i], *t = slot_by_id(trusted, d->id);

		slot_label(trusted, d->id, names, nnames, who, sizeof(who));
		if (t == NULL) {
			SAY("it has a slot (%s, role %s) that the protected copy does not", who,
			    kw_role_name(d->role));
			continue;
		}
		if (t->role != d->role)
			SAY("the slot of %s claims the role %s; the protected copy says %s", who,
			    kw_role_name(d->role), kw_role_name(t->role));
		if (t->has_sensitive != d->has_sensitive)
			SAY("the slot of %s %s the sensitive key; the protected copy %s", who,
			    d->has_sensitive ? "claims" : "lacks",
			    t->has_sensitive ? "gives it" : "does not give it");
		if (memcmp(t->box_pk, d->box_pk, 32) != 0 ||
		    memcmp(t->sign_pk, d->sign_pk, 32) != 0)
			SAY("the slot of %s has public keys that are not hers", who);
		else if (memcmp(t->general, d->general, SEALED_LEN) != 0 ||
			 (t->has_sensitive && d->has_sensitive &&
			  memcmp(t->sensitive, d->sensitive, SEALED_LEN) != 0))
			SAY("the slot of %s holds sealed keys other than the ones given to her",
			    who);
		else if (t->has_next != d->has_next ||
			 (t->has_next && d->has_next &&
			  (memcmp(t->next_general, d->next_general, SEALED_LEN) != 0 ||
			   (t->has_sensitive &&
			    memcmp(t->next_sensitive, d->next_sensitive, SEALED_LEN) != 0))))
			SAY("the slot of %s holds next keys other than the ones given to her", who);
	}
	for (size_t i = 0; i < trusted->nslots; i++) {
		const struct slot *t = &trusted->slots[i];

		if (slot_by_id(disk, t->id) != NULL)
			continue;
		slot_label(trusted, t->id, names, nnames, who, sizeof(who));
		SAY("the slot of %s is missing", who);
	}
#undef SAY
	return n;
}

int kw_keyfile_copy_slot(struct kw_keyfile *dst, const struct kw_keyfile *src, const char *username)
{
	const struct slot *from = find_slot(src, username);
	struct slot *to = find_slot(dst, username);
	enum kw_role role;

	if (from == NULL || to == NULL)
		return -1;
	role = to->role;
	*to = *from;
	to->role = role;
	to->has_sensitive = from->has_sensitive && kw_role_has_sensitive(role);
	return 0;
}

bool kw_keyfile_slot_has_memo(const struct kw_keyfile *kf, const char *username)
{
	const struct slot *s = find_slot(kf, username);

	return s != NULL && s->has_memo;
}

int kw_keyfile_rewrap(struct kw_keyfile *kf, const char *username, const struct kw_keyring *ring,
		      const struct kw_secret *pass, struct kw_err *err)
{
	struct slot *s = find_slot(kf, username);
	struct kw_secret *wrap;

	if (s == NULL || sodium_memcmp(s->box_pk, ring->box_pk, 32) != 0)
		return kw_err_set(err, KW_ESOFTWARE, "no slot of '%s' to wrap", username);
	randombytes_buf(s->salt, sizeof(s->salt));
	randombytes_buf(s->nonce, sizeof(s->nonce));
	memcpy(s->nonce, MEMO_MARK, MEMO_MARK_LEN);
	wrap = derive(pass, s->salt, s->ops, s->mem);
	if (wrap == NULL)
		return kw_err_set(err, KW_ESOFTWARE,
				  "not enough memory to derive a key from the passphrase");
	crypto_secretbox_easy(s->seed, ring->seed->p, 32, s->nonce, wrap->p);
	kw_secret_free(&wrap);
	return 0;
}

bool kw_recovery_code_demands_memo(const char *code)
{
	struct kw_secret *rseed = kw_secret_new(32);
	bool v2 = recovery_seed(code, rseed->p) == 2;

	kw_secret_free(&rseed);
	return v2;
}

/* --- outreach laptops --- */

int kw_keyfile_slot_text(const struct kw_keyfile *kf, const char *username, struct kw_buf *b)
{
	const struct slot *s = find_slot(kf, username);

	if (s == NULL || (kf->pending != 0 && !s->has_next))
		return -1;
	put_slot(kf, s, b);
	return 0;
}

void kw_keyfile_recovery_pk(const struct kw_keyfile *kf, unsigned char out[32])
{
	memcpy(out, kf->recovery_pk, 32);
}

bool kw_keyfile_public_keys(const struct kw_keyfile *kf, const char *username,
			    unsigned char box_pk[32], unsigned char sign_pk[32])
{
	const struct slot *s = find_slot(kf, username);

	if (s == NULL)
		return false;
	memcpy(box_pk, s->box_pk, 32);
	memcpy(sign_pk, s->sign_pk, 32);
	return true;
}

int kw_keyfile_create_laptop(const char *slot_text, const char *username,
			     const unsigned char recovery_pk[32], const struct kw_secret *pass,
			     struct kw_keyfile **kf_out, struct kw_keyring **ring_out,
			     struct kw_secret **sensitive_out, struct kw_err *err)
{
	struct kw_keyfile *kf = NULL;
	struct kw_secret *general = kw_secret_new(32), *sensitive = kw_secret_new(32);
	unsigned char kid[KW_KEY_ID_HEX / 2];
	char *tokens = kw_xstrdup(slot_text);
	struct slot s;
	int rc = -1;

	*kf_out = NULL;
	*ring_out = NULL;
	*sensitive_out = NULL;
	if (valid_username(username, err) != 0)
		goto out;
	if (parse_slot(tokens, &s) != 0 || s.has_next) {
		kw_err_set(err, KW_EDATA, "the bundle's key slot is damaged");
		goto out;
	}
	kf = kw_xcalloc(1, sizeof(*kf));
	randombytes_buf(kid, sizeof(kid));
	kw_hex(kf->key_id, kid, sizeof(kid));
	kf->generation = 1;
	randombytes_buf(kf->name_salt, sizeof(kf->name_salt));
	/* The laptop's own keys, sealed to the centre's recovery key and to her. */
	randombytes_buf(general->p, 32);
	randombytes_buf(sensitive->p, 32);
	memcpy(kf->recovery_pk, recovery_pk, 32);
	crypto_box_seal(kf->recovery_general, general->p, 32, kf->recovery_pk);
	crypto_box_seal(kf->recovery_sensitive, sensitive->p, 32, kf->recovery_pk);
	/* Her wrap of her seed is kept as it came: the same passphrase opens it. */
	name_id(kf, username, s.id);
	crypto_box_seal(s.general, general->p, 32, s.box_pk);
	s.has_sensitive = kw_role_has_sensitive(s.role);
	if (s.has_sensitive)
		crypto_box_seal(s.sensitive, sensitive->p, 32, s.box_pk);
	/* Her memo was of the centre's compartment; the laptop's is made with its own. */
	s.has_memo = false;
	memset(s.memo, 0, sizeof(s.memo));
	add_slot(kf, &s);
	if (kw_keyfile_unlock(kf, username, pass, ring_out, err) != 0)
		goto out;
	*sensitive_out = sensitive;
	sensitive = NULL;
	*kf_out = kf;
	kf = NULL;
	rc = 0;
out:
	free(tokens);
	kw_secret_free(&general);
	kw_secret_free(&sensitive);
	kw_keyfile_free(&kf);
	return rc;
}
