/*
 * bundle.c: the files that carry records between the centre and an outreach
 * laptop.
 *
 * A bundle is a short text header, its signature, and then an SQLCipher
 * database (the records) under a key of its own, 32 random bytes made for
 * this bundle alone. The header names no woman and holds no record:
 *
 *   keywork-bundle 1
 *   kind first|to-laptop|to-centre
 *   centre KEYID          the centre data directory's key id
 *   laptop UUID           the laptop's id in the centre's registry
 *   name NAME             the laptop's short name
 *   seq N                 raised by every bundle sent this way
 *   signer HEX32          the sender's Ed25519 public key
 *   to HEX32 HEX          the bundle key sealed (crypto_box_seal) to an X25519
 *                         public key; one line per recipient
 *   recovery-pk HEX32     (first bundle) the centre's recovery public key
 *   slot FIELDS           (first bundle) her key slot as the centre's key file
 *                         holds it: her seed wrapped under her passphrase
 *   data N                the database's length in bytes
 *   sig HEX64             Ed25519 signature (by signer) of every byte above
 *                         this line followed by the BLAKE2b-256 of the data
 *
 * and then the N bytes of the database. A changed byte anywhere breaks the
 * signature; the database itself is encrypted and authenticated by SQLCipher.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "keywork/crypto.h"
#include "keywork/util.h"

#define SEALED_LEN (crypto_box_SEALBYTES + 32)
#define MAX_LINE 4096

void kw_bundle_free(struct kw_bundle **b)
{
	if (b == NULL || *b == NULL)
		return;
	free((*b)->slot);
	free(*b);
	*b = NULL;
}

struct kw_secret *kw_bundle_key_new(void)
{
	struct kw_secret *k = kw_secret_new(32);

	randombytes_buf(k->p, 32);
	return k;
}

static void put_hex(struct kw_buf *b, const unsigned char *p, size_t n)
{
	char *h = kw_xmalloc(2 * n + 1);

	kw_hex(h, p, n);
	kw_buf_adds(b, h);
	free(h);
}

/* Hashes len bytes of fp from where it is; -1 on a short or failed read. */
static int hash_stream(FILE *fp, long long len, unsigned char out[32])
{
	crypto_generichash_state st;
	unsigned char buf[65536];

	crypto_generichash_init(&st, NULL, 0, 32);
	while (len > 0) {
		size_t want = len < (long long)sizeof(buf) ? (size_t)len : sizeof(buf);
		size_t n = fread(buf, 1, want, fp);

		if (n == 0)
			return -1;
		crypto_generichash_update(&st, buf, n);
		len -= (long long)n;
	}
	crypto_generichash_final(&st, out, 32);
	return 0;
}

/* The message a bundle's signature is of: the header's bytes, then the data's hash. */
static void signed_message(const struct kw_buf *head, const unsigned char hash[32],
			   struct kw_buf *msg)
{
	kw_buf_add(msg, head->p, head->len);
	kw_buf_add(msg, hash, 32);
}

int kw_bundle_write(FILE *out, const char *outname, struct kw_bundle *b,
		    const struct kw_secret *key, const unsigned char (*recipients)[32], size_t nrec,
		    const struct kw_keyring *ring, const char *data_path, struct kw_err *err)
{
	struct kw_buf head = { 0 }, msg = { 0 };
	unsigned char hash[32], sig[64], sealed[SEALED_LEN];
	FILE *in = fopen(data_path, "rbe");
	long long len;
	int rc = -1;

	if (in == NULL)
		return kw_err_set(err, KW_EIO, "cannot read %s: %s", data_path, strerror(errno));
	if (nrec == 0 || nrec > KW_BUNDLE_MAX_TO) {
		kw_err_set(err, KW_ESOFTWARE, "a bundle needs 1 to %d recipients",
			   KW_BUNDLE_MAX_TO);
		goto out;
	}
	if (fseeko(in, 0, SEEK_END) != 0 || (len = ftello(in)) < 0 ||
	    fseeko(in, 0, SEEK_SET) != 0 || hash_stream(in, len, hash) != 0 ||
	    fseeko(in, 0, SEEK_SET) != 0) {
		kw_err_set(err, KW_EIO, "cannot read %s: %s", data_path, strerror(errno));
		goto out;
	}
	memcpy(b->signer, ring->sign_pk, 32);
	b->data_len = len;
	kw_buf_printf(&head, "keywork-bundle 1\nkind %s\ncentre %s\nlaptop %s\nname %s\nseq %llu\n",
		      b->kind, b->centre, b->laptop, b->name, b->seq);
	kw_buf_adds(&head, "signer ");
	put_hex(&head, b->signer, 32);
	kw_buf_adds(&head, "\n");
	b->nto = nrec;
	for (size_t i = 0; i < nrec; i++) {
		crypto_box_seal(sealed, key->p, 32, recipients[i]);
		memcpy(b->to_pk[i], recipients[i], 32);
		kw_buf_adds(&head, "to ");
		put_hex(&head, recipients[i], 32);
		kw_buf_adds(&head, " ");
		put_hex(&head, sealed, SEALED_LEN);
		kw_buf_adds(&head, "\n");
	}
	if (b->has_recovery) {
		kw_buf_adds(&head, "recovery-pk ");
		put_hex(&head, b->recovery_pk, 32);
		kw_buf_adds(&head, "\n");
	}
	if (b->slot != NULL)
		kw_buf_printf(&head, "slot %s\n", b->slot);
	kw_buf_printf(&head, "data %lld\n", len);
	signed_message(&head, hash, &msg);
	kw_sign(ring, msg.p, msg.len, sig);
	kw_buf_adds(&head, "sig ");
	put_hex(&head, sig, 64);
	kw_buf_adds(&head, "\n");
	if (fwrite(head.p, 1, head.len, out) != head.len) {
		kw_err_set(err, KW_EIO, "cannot write %s: %s", outname, strerror(errno));
		goto out;
	}
	for (;;) {
		char buf[65536];
		size_t n = fread(buf, 1, sizeof(buf), in);

		if (n == 0)
			break;
		if (fwrite(buf, 1, n, out) != n) {
			kw_err_set(err, KW_EIO, "cannot write %s: %s", outname, strerror(errno));
			goto out;
		}
	}
	if (ferror(in)) {
		kw_err_set(err, KW_EIO, "cannot read %s: %s", data_path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	fclose(in);
	kw_buf_free(&head);
	kw_buf_free(&msg);
	return rc;
}

/* Copies at most n-1 characters of the line's value into out; -1 if longer or empty. */
static int value_copy(char *out, size_t n, const char *v)
{
	size_t l = strlen(v);

	if (l == 0 || l >= n)
		return -1;
	memcpy(out, v, l + 1);
	return 0;
}

static int parse_ull(const char *v, unsigned long long *out)
{
	char *end;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

int kw_bundle_read(const char *path, struct kw_bundle **out, struct kw_err *err)
{
	FILE *fp = fopen(path, "rbe");
	struct kw_bundle *b = NULL;
	struct kw_buf head = { 0 }, msg = { 0 };
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	unsigned char hash[32], sig[64];
	unsigned seen = 0;
	bool has_sig = false;
	long long total;
	int rc = -1;

	*out = NULL;
	if (fp == NULL)
		return kw_err_set(err, errno == ENOENT ? KW_ENOINPUT : KW_EIO, "cannot open %s: %s",
				  path, strerror(errno));
	b = kw_xcalloc(1, sizeof(*b));
	while (!has_sig) {
		ssize_t n = getline(&line, &cap, fp);
		char *sp, *v;
		bool bad = false;

		lineno++;
		if (n <= 0 || n > MAX_LINE || line[n - 1] != '\n' ||
		    memchr(line, '\0', (size_t)n) != NULL) {
			kw_err_at(err, KW_EDATA, path, lineno, 1,
				  lineno == 1 ? "not a keywork bundle"
					      : "the bundle is damaged or cut short");
			goto out;
		}
		line[n - 1] = '\0';
		if (lineno == 1) {
			if (strcmp(line, "keywork-bundle 1") != 0) {
				kw_err_at(err, KW_EDATA, path, 1, 1,
					  "not a keywork bundle (or one from a newer keywork)");
				goto out;
			}
			kw_buf_printf(&head, "%s\n", line);
			continue;
		}
		sp = strchr(line, ' ');
		if (sp == NULL) {
			kw_err_at(err, KW_EDATA, path, lineno, 1, "damaged line");
			goto out;
		}
		*sp = '\0';
		v = sp + 1;
		if (strcmp(line, "sig") == 0) {
			bad = kw_unhex(sig, 64, v) != 0;
			has_sig = true;
		} else {
			kw_buf_printf(&head, "%s %s\n", line, v);
			if (strcmp(line, "kind") == 0) {
				bad = value_copy(b->kind, sizeof(b->kind), v) != 0;
				seen |= 1;
			} else if (strcmp(line, "centre") == 0) {
				bad = value_copy(b->centre, sizeof(b->centre), v) != 0;
				seen |= 2;
			} else if (strcmp(line, "laptop") == 0) {
				bad = value_copy(b->laptop, sizeof(b->laptop), v) != 0;
				seen |= 4;
			} else if (strcmp(line, "name") == 0) {
				bad = value_copy(b->name, sizeof(b->name), v) != 0;
				seen |= 8;
			} else if (strcmp(line, "seq") == 0) {
				bad = parse_ull(v, &b->seq) != 0 || b->seq == 0;
				seen |= 16;
			} else if (strcmp(line, "signer") == 0) {
				bad = kw_unhex(b->signer, 32, v) != 0;
				seen |= 32;
			} else if (strcmp(line, "to") == 0) {
				char *sp2 = strchr(v, ' ');

				bad = sp2 == NULL || b->nto == KW_BUNDLE_MAX_TO;
				if (!bad) {
					*sp2 = '\0';
					bad = kw_unhex(b->to_pk[b->nto], 32, v) != 0 ||
					      kw_unhex(b->to_key[b->nto], SEALED_LEN, sp2 + 1) != 0;
					b->nto++;
				}
			} else if (strcmp(line, "recovery-pk") == 0) {
				bad = kw_unhex(b->recovery_pk, 32, v) != 0;
				b->has_recovery = true;
			} else if (strcmp(line, "slot") == 0) {
				free(b->slot);
				b->slot = kw_xstrdup(v);
			} else if (strcmp(line, "data") == 0) {
				unsigned long long dl = 0;

				bad = parse_ull(v, &dl) != 0 || dl > (1ULL << 40);
				b->data_len = (long long)dl;
				seen |= 64;
			} else {
				kw_err_at(err, KW_EDATA, path, lineno, 1, "unknown entry '%s'",
					  line);
				goto out;
			}
		}
		if (bad) {
			kw_err_at(err, KW_EDATA, path, lineno, 1, "damaged '%s' entry", line);
			goto out;
		}
	}
	if (seen != 127 || b->nto == 0) {
		kw_err_at(err, KW_EDATA, path, lineno, 1, "the bundle's header is incomplete");
		goto out;
	}
	b->data_off = ftello(fp);
	if (fseeko(fp, 0, SEEK_END) != 0 || (total = ftello(fp)) < 0 ||
	    fseeko(fp, b->data_off, SEEK_SET) != 0) {
		kw_err_set(err, KW_EIO, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	if (total - b->data_off != b->data_len || hash_stream(fp, b->data_len, hash) != 0) {
		kw_err_set(err, KW_EDATA,
			   "%s is cut short or has bytes added: its records are %lld bytes, the "
			   "header says %lld",
			   path, total - b->data_off, b->data_len);
		goto out;
	}
	signed_message(&head, hash, &msg);
	if (!kw_verify(b->signer, msg.p, msg.len, sig)) {
		kw_err_set(err, KW_EDATA,
			   "%s was changed after it was signed (its signature does not match); "
			   "nothing was read from it",
			   path);
		goto out;
	}
	*out = b;
	b = NULL;
	rc = 0;
out:
	fclose(fp);
	free(line);
	kw_buf_free(&head);
	kw_buf_free(&msg);
	kw_bundle_free(&b);
	return rc;
}

int kw_bundle_key(const struct kw_bundle *b, const struct kw_keyring *ring, struct kw_secret **key)
{
	struct kw_secret *sk = kw_secret_new(crypto_box_SECRETKEYBYTES);
	unsigned char pk[32];
	int rc = -1;

	*key = NULL;
	crypto_box_seed_keypair(pk, sk->p, ring->seed->p);
	for (size_t i = 0; i < b->nto && rc != 0; i++) {
		if (sodium_memcmp(b->to_pk[i], pk, 32) != 0)
			continue;
		*key = kw_secret_new(32);
		if (crypto_box_seal_open((*key)->p, b->to_key[i], SEALED_LEN, pk, sk->p) == 0)
			rc = 0;
		else
			kw_secret_free(key);
	}
	kw_secret_free(&sk);
	return rc;
}

int kw_bundle_copy_data(const char *path, const struct kw_bundle *b, FILE *to, const char *toname,
			struct kw_err *err)
{
	FILE *fp = fopen(path, "rbe");
	long long left = b->data_len;
	int rc = -1;

	if (fp == NULL)
		return kw_err_set(err, KW_EIO, "cannot open %s: %s", path, strerror(errno));
	if (fseeko(fp, b->data_off, SEEK_SET) != 0) {
		kw_err_set(err, KW_EIO, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	while (left > 0) {
		char buf[65536];
		size_t want = left < (long long)sizeof(buf) ? (size_t)left : sizeof(buf);
		size_t n = fread(buf, 1, want, fp);

		if (n == 0) {
			kw_err_set(err, KW_EIO, "cannot read %s", path);
			goto out;
		}
		if (fwrite(buf, 1, n, to) != n) {
			kw_err_set(err, KW_EIO, "cannot write %s: %s", toname, strerror(errno));
			goto out;
		}
		left -= (long long)n;
	}
	rc = 0;
out:
	fclose(fp);
	return rc;
}
