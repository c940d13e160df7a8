/* secret.c: secrets in guarded memory, signatures and hashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <signal.h>

#include <sodium.h>

#include "keywork/crypto.h"

/*
 * Every live secret is on a list, so a signal handler can wipe them all
 * before the process exits. Signals are blocked while the list changes.
 */
static struct kw_secret *live;

static void lock_list(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, old);
}

static void unlock_list(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void kw_secret_wipe_all(void)
{
	for (struct kw_secret *s = live; s != NULL; s = s->next)
		sodium_memzero(s->p, s->len + 1);
}

int kw_crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

struct kw_secret *kw_secret_new(size_t len)
{
	struct kw_secret *s = calloc(1, sizeof(*s));

	if (s == NULL)
		abort();
	/* One byte more, always NUL, so passphrases can be used as C strings. */
	s->p = sodium_malloc(len + 1);
	if (s->p == NULL) {
		fputs("keywork: cannot lock memory for secrets (see ulimit -l)\n", stderr);
		abort();
	}
	sodium_memzero(s->p, len + 1);
	s->len = len;
	{
		sigset_t old;

		lock_list(&old);
		s->next = live;
		live = s;
		unlock_list(&old);
	}
	return s;
}

struct kw_secret *kw_secret_from(const void *data, size_t len)
{
	struct kw_secret *s = kw_secret_new(len);

	memcpy(s->p, data, len);
	return s;
}

void kw_secret_free(struct kw_secret **s)
{
	sigset_t old;

	if (s == NULL || *s == NULL)
		return;
	lock_list(&old);
	for (struct kw_secret **pp = &live; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == *s) {
			*pp = (*s)->next;
			break;
		}
	}
	unlock_list(&old);
	sodium_free((*s)->p); /* sodium_free wipes before freeing */
	free(*s);
	*s = NULL;
}

void kw_keyring_free(struct kw_keyring **ring)
{
	if (ring == NULL || *ring == NULL)
		return;
	kw_secret_free(&(*ring)->general);
	kw_secret_free(&(*ring)->sensitive);
	kw_secret_free(&(*ring)->seed);
	kw_secret_free(&(*ring)->sign_sk);
	kw_secret_free(&(*ring)->next_general);
	kw_secret_free(&(*ring)->next_sensitive);
	sodium_memzero(*ring, sizeof(**ring));
	free(*ring);
	*ring = NULL;
}

struct kw_secret *kw_key_sql(const struct kw_secret *key)
{
	struct kw_secret *s;

	if (key == NULL)
		return NULL;
	s = kw_secret_new(2 * key->len + 3);
	s->p[0] = 'x';
	s->p[1] = '\'';
	sodium_bin2hex((char *)s->p + 2, 2 * key->len + 1, key->p, key->len);
	s->p[2 * key->len + 2] = '\'';
	s->p[2 * key->len + 3] = '\0';
	return s;
}

void kw_sign(const struct kw_keyring *ring, const void *msg, size_t len, unsigned char sig[64])
{
	crypto_sign_detached(sig, NULL, msg, len, ring->sign_sk->p);
}

bool kw_verify(const unsigned char pk[32], const void *msg, size_t len, const unsigned char sig[64])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

void kw_hash32(const void *msg, size_t len, unsigned char out[32])
{
	crypto_generichash(out, 32, msg, len, NULL, 0);
}

struct kw_hasher {
	crypto_generichash_state st;
};

struct kw_hasher *kw_hasher_new(void)
{
	struct kw_hasher *h = sodium_malloc(sizeof(*h));

	if (h == NULL)
		abort();
	crypto_generichash_init(&h->st, NULL, 0, 32);
	return h;
}

void kw_hasher_update(struct kw_hasher *h, const void *data, size_t len)
{
	crypto_generichash_update(&h->st, data, len);
}

void kw_hasher_final(struct kw_hasher *h, unsigned char out[32])
{
	crypto_generichash_final(&h->st, out, 32);
	sodium_free(h);
}
