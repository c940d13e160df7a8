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
 *   slot id=HEX role=R ops=N mem=N salt=HEX nonce=HEX seed=HEX box-pk=HEX
 *        sign-pk=HEX general=HEX sensitive=HEX|-      (on one line)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "keywork/crypto.h"
#include "keywork/util.h"

#define SEALED_LEN (crypto_box_SEALBYTES + 32)
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
};

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
	ring->sign_sk = kw_secret_new(crypto_sign_SECRETKEYBYTES);
	crypto_box_seed_keypair(ring->box_pk, box_sk->p, seed->p);
	crypto_sign_seed_keypair(ring->sign_pk, ring->sign_sk->p, seed->p);
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
	crypto_generichash(raw + 32, 3, seed, 32, NULL, 0);
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
		kw_err_set(err, KW_ENOPERM, "The username or passphrase is not right.");
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
		kw_err_set(err, KW_ENOPERM, "The username or passphrase is not right.");
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
	*s = fresh;
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

int kw_keyfile_save(const struct kw_keyfile *kf, const char *path, struct kw_err *err)
{
	struct kw_buf b = { 0 };
	int rc;

	kw_buf_printf(&b, "keywork-keys 1\nkey-id %s\ngeneration %lu\nname-salt ", kf->key_id,
		      kf->generation);
	put_hex(&b, kf->name_salt, 32);
	kw_buf_adds(&b, "\nrecovery-pk ");
	put_hex(&b, kf->recovery_pk, 32);
	kw_buf_adds(&b, "\nrecovery-general ");
	put_hex(&b, kf->recovery_general, SEALED_LEN);
	kw_buf_adds(&b, "\nrecovery-sensitive ");
	put_hex(&b, kf->recovery_sensitive, SEALED_LEN);
	kw_buf_adds(&b, "\n");
	if (kf->demo)
		kw_buf_adds(&b, "demo\n");
	if (kf->pending != 0) {
		kw_buf_printf(&b, "pending %lu\npending-recovery-pk ", kf->pending);
		put_hex(&b, kf->next_recovery_pk, 32);
		kw_buf_adds(&b, "\npending-recovery-general ");
		put_hex(&b, kf->next_recovery_general, SEALED_LEN);
		kw_buf_adds(&b, "\npending-recovery-sensitive ");
		put_hex(&b, kf->next_recovery_sensitive, SEALED_LEN);
		kw_buf_adds(&b, "\n");
	}
	for (size_t i = 0; i < kf->nslots; i++) {
		const struct slot *s = &kf->slots[i];

		kw_buf_adds(&b, "slot id=");
		put_hex(&b, s->id, 32);
		kw_buf_printf(&b, " role=%s ops=%llu mem=%zu salt=", kw_role_name(s->role), s->ops,
			      s->mem);
		put_hex(&b, s->salt, sizeof(s->salt));
		kw_buf_adds(&b, " nonce=");
		put_hex(&b, s->nonce, sizeof(s->nonce));
		kw_buf_adds(&b, " seed=");
		put_hex(&b, s->seed, sizeof(s->seed));
		kw_buf_adds(&b, " box-pk=");
		put_hex(&b, s->box_pk, 32);
		kw_buf_adds(&b, " sign-pk=");
		put_hex(&b, s->sign_pk, 32);
		kw_buf_adds(&b, " general=");
		put_hex(&b, s->general, SEALED_LEN);
		kw_buf_adds(&b, " sensitive=");
		if (s->has_sensitive)
			put_hex(&b, s->sensitive, SEALED_LEN);
		else
			kw_buf_adds(&b, "-");
		if (kf->pending != 0 && s->has_next) {
			kw_buf_adds(&b, " next-general=");
			put_hex(&b, s->next_general, SEALED_LEN);
			kw_buf_adds(&b, " next-sensitive=");
			if (s->has_sensitive)
				put_hex(&b, s->next_sensitive, SEALED_LEN);
			else
				kw_buf_adds(&b, "-");
		}
		kw_buf_adds(&b, "\n");
	}
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
	char *tok[13], *save = NULL;
	unsigned long long mem;
	size_t n = 0;

	for (char *t = strtok_r(rest, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
		if (n == KW_ARRAY_LEN(tok))
			return -1;
		tok[n++] = t;
	}
	if (n != 11 && n != 13)
		return -1;
	memset(s, 0, sizeof(*s));
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
	if (n == 11)
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

int kw_keyfile_load(const char *path, struct kw_keyfile **out, struct kw_err *err)
{
	FILE *fp = fopen(path, "re");
	struct kw_keyfile *kf = NULL;
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	unsigned seen = 0;
	int rc = -1;

	if (fp == NULL)
		return kw_err_set(err, errno == ENOENT ? KW_ENOINPUT : KW_EIO,
				  "cannot open the key file %s: %s", path, strerror(errno));
	kf = kw_xcalloc(1, sizeof(*kf));
	while (getline(&line, &cap, fp) > 0) {
		char *nl = strchr(line, '\n'), *sp;
		const char *rest;
		int bad = 0;

		lineno++;
		if (nl != NULL)
			*nl = '\0';
		sp = strchr(line, ' ');
		if (sp != NULL)
			*sp = '\0';
		rest = sp != NULL ? sp + 1 : "";
		if (lineno == 1) {
			if (strcmp(line, "keywork-keys") != 0 || strcmp(rest, "1") != 0) {
				kw_err_at(err, KW_EDATA, path, 1, 1,
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
		} else if (strcmp(line, "slot") == 0) {
			struct slot s;
			char *copy = kw_xstrdup(rest);

			bad = parse_slot(copy, &s);
			free(copy);
			if (!bad)
				add_slot(kf, &s);
		} else {
			kw_err_at(err, KW_EDATA, path, lineno, 1, "unknown entry '%s'", line);
			goto out;
		}
		if (bad) {
			kw_err_at(err, KW_EDATA, path, lineno, 1, "damaged '%s' entry", line);
			goto out;
		}
	}
	if (ferror(fp)) {
		kw_err_set(err, KW_EIO, "cannot read the key file %s: %s", path, strerror(errno));
		goto out;
	}
	if (kf->pending != 0 && kf->pending != kf->generation + 1) {
		kw_err_at(err, KW_EDATA, path, lineno, 0,
			  "the key file's pending key change is damaged (generation %lu after %lu)",
			  kf->pending, kf->generation);
		goto out;
	}
	if (lineno == 0 || seen != 63 || kf->nslots == 0) {
		kw_err_at(err, KW_EDATA, path, lineno, 0,
			  "the key file is incomplete (truncated or damaged)");
		goto out;
	}
	*out = kf;
	kf = NULL;
	rc = 0;
out:
	free(line);
	fclose(fp);
	kw_keyfile_free(&kf);
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
	} else {
		memcpy(kf->next_recovery_pk, kf->recovery_pk, 32);
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
	kf->generation = kf->pending;
	kf->pending = 0;
}

/* Decodes a recovery code (Crockford base32, any case, '-' and spaces ignored) into its seed. */
static int recovery_seed(const char *code, unsigned char seed[32])
{
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
	crypto_generichash(check, 3, raw, 32, NULL, 0);
	if (sodium_memcmp(check, raw + 32, 3) != 0)
		return -1;
	memcpy(seed, raw, 32);
	sodium_memzero(raw, sizeof(raw));
	return 0;
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
	if (recovery_seed(code, rseed->p) != 0) {
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
