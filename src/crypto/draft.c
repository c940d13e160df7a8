/*
 * draft.c: sealing unsaved work while keywork is locked. The key is derived
 * from the user's own seed, so only she can open it again, and the user id is
 * bound in as associated data, so a draft cannot be moved to another user.
 */
#include <string.h>

#include <sodium.h>

#include "keywork/crypto.h"
#include "keywork/util.h"

#define DRAFT_MAGIC "kwdraft1"
#define DRAFT_MAGIC_LEN 8

/* The draft key: BLAKE2b keyed by the seed, over a fixed label. */
static struct kw_secret *draft_key(const struct kw_keyring *ring)
{
	static const char label[] = "keywork draft key v1";
	struct kw_secret *k = kw_secret_new(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

	crypto_generichash(k->p, k->len, (const unsigned char *)label, sizeof(label) - 1,
			   ring->seed->p, ring->seed->len);
	return k;
}

int kw_draft_seal(const struct kw_keyring *ring, const char *ad, const void *msg, size_t len,
		  unsigned char **out, size_t *outlen, struct kw_err *err)
{
	size_t n = DRAFT_MAGIC_LEN + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + len +
		   crypto_aead_xchacha20poly1305_ietf_ABYTES;
	unsigned char *buf, *nonce, *ct;
	unsigned long long clen = 0;
	struct kw_secret *k;

	if (ring == NULL || ring->seed == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "no key to seal the draft with");
	buf = kw_xmalloc(n);
	memcpy(buf, DRAFT_MAGIC, DRAFT_MAGIC_LEN);
	nonce = buf + DRAFT_MAGIC_LEN;
	ct = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	k = draft_key(ring);
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &clen, msg, len, (const unsigned char *)ad,
						   strlen(ad), NULL, nonce, k->p);
	kw_secret_free(&k);
	*out = buf;
	*outlen = n;
	return 0;
}

int kw_draft_open(const struct kw_keyring *ring, const char *ad, const unsigned char *in,
		  size_t inlen, struct kw_secret **out, struct kw_err *err)
{
	const size_t over = DRAFT_MAGIC_LEN + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
			    crypto_aead_xchacha20poly1305_ietf_ABYTES;
	const unsigned char *nonce, *ct;
	unsigned long long mlen = 0;
	struct kw_secret *k, *m;

	if (ring == NULL || ring->seed == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "no key to open the draft with");
	if (inlen < over || memcmp(in, DRAFT_MAGIC, DRAFT_MAGIC_LEN) != 0)
		return kw_err_set(err, KW_EDATA, "the saved draft is not a keywork draft");
	nonce = in + DRAFT_MAGIC_LEN;
	ct = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	m = kw_secret_new(inlen - over);
	k = draft_key(ring);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    m->p, &mlen, NULL, ct,
		    inlen - DRAFT_MAGIC_LEN - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		    (const unsigned char *)ad, strlen(ad), nonce, k->p) != 0) {
		kw_secret_free(&k);
		kw_secret_free(&m);
		return kw_err_set(err, KW_ENOPERM,
				  "the saved draft does not open with this user's keys");
	}
	kw_secret_free(&k);
	*out = m;
	return 0;
}
