/* test_crypto.c: Check suite for key slots, the key file, signatures and passphrases (src/crypto/). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keywork/crypto.h"
#include "keywork/util.h"
#include "testutil.h"

#define PASS_ANA "ochre-violin-basket-tundra-spoke"
#define PASS_BEA "marble-quiver-honey-saddle-brook"
#define PASS_NEW "plaid-kettle-orbit-saffron-wharf"

/* A private temporary directory per test (the fixture runs in the test's own process). */
static char *tmp;

static void setup(void)
{
	ck_assert_int_eq(kw_crypto_init(), 0);
	tmp = tu_tmpdir();
}

static void teardown(void)
{
	tu_rmdir(tmp);
	tmp = NULL;
}

/* A new key file with manager "ana"; *ring gets her keyring. */
static struct kw_keyfile *make_kf(struct kw_keyring **ring)
{
	struct kw_secret *pass = tu_pass(PASS_ANA), *code = NULL;
	struct kw_keyfile *kf = NULL;
	struct kw_err err;

	kw_err_clear(&err);
	ck_assert_msg(kw_keyfile_create("ana", KW_ROLE_MANAGER, pass, KW_KDF_INTERACTIVE, false,
					&kf, ring, &code, &err) == 0,
		      "create: %s", err.msg);
	ck_assert_ptr_nonnull(code);
	kw_secret_free(&pass);
	kw_secret_free(&code);
	return kf;
}

/* Unlocks username with pass; returns the status (0 on success) and fills *ring and *err. */
static int unlock(const struct kw_keyfile *kf, const char *username, const char *pass,
		  struct kw_keyring **ring, struct kw_err *err)
{
	struct kw_secret *p = tu_pass(pass);
	int rc;

	kw_err_clear(err);
	*ring = NULL;
	rc = kw_keyfile_unlock(kf, username, p, ring, err);
	kw_secret_free(&p);
	if (rc == 0) {
		ck_assert_ptr_nonnull(*ring);
		return 0;
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(*ring);
	return err->status;
}

static void add_user(struct kw_keyfile *kf, const struct kw_keyring *granter, const char *name,
		     enum kw_role role, const char *pass, unsigned char pk[32])
{
	struct kw_secret *p = tu_pass(pass);
	struct kw_err err;

	kw_err_clear(&err);
	ck_assert_msg(
		kw_keyfile_add_user(kf, granter, name, role, p, KW_KDF_INTERACTIVE, pk, &err) == 0,
		"add %s: %s", name, err.msg);
	kw_secret_free(&p);
}

static bool same_secret(const struct kw_secret *a, const struct kw_secret *b)
{
	return a != NULL && b != NULL && a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

static char *kf_path(void)
{
	return kw_path_join(tmp, "keywork.keys");
}

/* Reads a whole file into a malloc'd NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct kw_buf b = { 0 };
	char chunk[4096];
	size_t n;

	ck_assert_ptr_nonnull(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		kw_buf_add(&b, chunk, n);
	fclose(fp);
	kw_buf_add(&b, "", 1);
	if (len != NULL)
		*len = b.len - 1;
	return b.p;
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

/* The byte offset at which line lineno (1-based) of text starts. */
static size_t line_start(const char *text, unsigned long lineno)
{
	const char *p = text;

	for (unsigned long i = 1; i < lineno; i++) {
		p = strchr(p, '\n');
		ck_assert_ptr_nonnull(p);
		p++;
	}
	return (size_t)(p - text);
}

/* The line number (1-based) of the first line starting with prefix. */
static unsigned long line_of(const char *text, const char *prefix)
{
	unsigned long n = 1;

	for (const char *p = text; *p != '\0'; n++) {
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return n;
		p = strchr(p, '\n');
		if (p == NULL)
			break;
		p++;
	}
	ck_abort_msg("no line starts with '%s'", prefix);
	return 0;
}

/* Loads path expecting a located KW_EDATA error at line. */
static void expect_damaged(const char *path, unsigned long line)
{
	struct kw_keyfile *kf = NULL;
	struct kw_err err;

	kw_err_clear(&err);
	ck_assert_int_eq(kw_keyfile_load(path, &kf, &err), -1);
	ck_assert_ptr_null(kf);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_str_eq(err.file, path);
	ck_assert_msg(err.line == line, "error at line %lu, expected %lu (%s)", err.line, line,
		      err.msg);
}

/* --- creating, saving, loading, unlocking --- */

START_TEST(test_create_gives_manager_both_keys)
{
	struct kw_keyring *ring = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	const char *kid = kw_keyfile_key_id(kf);

	ck_assert_int_eq(ring->role, KW_ROLE_MANAGER);
	ck_assert_ptr_nonnull(ring->general);
	ck_assert_ptr_nonnull(ring->sensitive);
	ck_assert_uint_eq(ring->general->len, 32);
	ck_assert_uint_eq(ring->sensitive->len, 32);
	ck_assert(!same_secret(ring->general, ring->sensitive));
	ck_assert_uint_eq(ring->seed->len, 32);
	ck_assert_uint_eq(ring->sign_sk->len, 64);
	ck_assert_uint_eq(strlen(kid), KW_KEY_ID_HEX);
	ck_assert_uint_eq(strspn(kid, "0123456789abcdef"), KW_KEY_ID_HEX);
	ck_assert_uint_eq(kw_keyfile_generation(kf), 1);
	ck_assert_uint_eq(kw_keyfile_slot_count(kf), 1);
	ck_assert(!kw_keyfile_is_demo(kf));
	ck_assert(kw_keyfile_has_user(kf, "ana"));
	ck_assert(!kw_keyfile_has_user(kf, "bea"));
	kw_keyring_free(&ring);
	ck_assert_ptr_null(ring);
	kw_keyfile_free(&kf);
	ck_assert_ptr_null(kf);
}
END_TEST

START_TEST(test_bad_username_refused)
{
	struct kw_secret *pass = tu_pass(PASS_ANA), *code = NULL;
	struct kw_keyfile *kf = NULL;
	struct kw_keyring *ring = NULL;
	struct kw_err err;

	kw_err_clear(&err);
	ck_assert_int_eq(kw_keyfile_create("Ana Smith", KW_ROLE_MANAGER, pass, KW_KDF_INTERACTIVE,
					   false, &kf, &ring, &code, &err),
			 -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_ptr_null(kf);
	ck_assert_ptr_null(ring);
	ck_assert_ptr_null(code);
	kw_secret_free(&pass);
}
END_TEST

START_TEST(test_save_load_round_trip)
{
	struct kw_keyring *ring = NULL, *again = NULL;
	struct kw_keyfile *kf = make_kf(&ring), *loaded = NULL;
	char *path = kf_path(), *first, *second;
	struct kw_err err;
	struct stat sb;
	char tag1[65], tag2[65];

	kw_err_clear(&err);
	ck_assert_msg(kw_keyfile_save(kf, path, &err) == 0, "save: %s", err.msg);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_msg(kw_keyfile_load(path, &loaded, &err) == 0, "load: %s", err.msg);
	ck_assert_str_eq(kw_keyfile_key_id(loaded), kw_keyfile_key_id(kf));
	ck_assert_uint_eq(kw_keyfile_generation(loaded), kw_keyfile_generation(kf));
	ck_assert_uint_eq(kw_keyfile_slot_count(loaded), 1);
	ck_assert(!kw_keyfile_is_demo(loaded));
	ck_assert(kw_keyfile_has_user(loaded, "ana"));
	kw_keyfile_user_tag(kf, "ana", tag1);
	kw_keyfile_user_tag(loaded, "ana", tag2);
	ck_assert_str_eq(tag1, tag2);

	ck_assert_int_eq(unlock(loaded, "ana", PASS_ANA, &again, &err), 0);
	ck_assert_int_eq(again->role, KW_ROLE_MANAGER);
	ck_assert(same_secret(again->general, ring->general));
	ck_assert(same_secret(again->sensitive, ring->sensitive));
	ck_assert(same_secret(again->seed, ring->seed));
	ck_assert_mem_eq(again->sign_pk, ring->sign_pk, 32);
	ck_assert_mem_eq(again->box_pk, ring->box_pk, 32);

	/* Saving what was loaded writes the same bytes: nothing is lost or reordered. */
	first = slurp(path, NULL);
	ck_assert_msg(kw_keyfile_save(loaded, path, &err) == 0, "save: %s", err.msg);
	second = slurp(path, NULL);
	ck_assert_str_eq(first, second);
	/* No secret is written in the clear. */
	{
		char hex[65];

		kw_hex(hex, ring->general->p, 32);
		ck_assert_ptr_null(strstr(first, hex));
		kw_hex(hex, ring->sensitive->p, 32);
		ck_assert_ptr_null(strstr(first, hex));
		kw_hex(hex, ring->seed->p, 32);
		ck_assert_ptr_null(strstr(first, hex));
		ck_assert_ptr_null(strstr(first, PASS_ANA));
	}
	free(first);
	free(second);
	free(path);
	kw_keyring_free(&ring);
	kw_keyring_free(&again);
	kw_keyfile_free(&kf);
	kw_keyfile_free(&loaded);
}
END_TEST

START_TEST(test_demo_flag_round_trip)
{
	struct kw_secret *pass = tu_pass(PASS_ANA), *code = NULL;
	struct kw_keyfile *kf = NULL, *loaded = NULL;
	struct kw_keyring *ring = NULL;
	char *path = kf_path();
	struct kw_err err;

	kw_err_clear(&err);
	ck_assert_int_eq(kw_keyfile_create("ana", KW_ROLE_MANAGER, pass, KW_KDF_INTERACTIVE, true,
					   &kf, &ring, &code, &err),
			 0);
	ck_assert(kw_keyfile_is_demo(kf));
	ck_assert_int_eq(kw_keyfile_save(kf, path, &err), 0);
	ck_assert_int_eq(kw_keyfile_load(path, &loaded, &err), 0);
	ck_assert(kw_keyfile_is_demo(loaded));
	kw_secret_free(&pass);
	kw_secret_free(&code);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
	kw_keyfile_free(&loaded);
	free(path);
}
END_TEST

START_TEST(test_wrong_passphrase_same_as_unknown_user)
{
	struct kw_keyring *ring = NULL, *out = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	struct kw_err wrong, unknown;

	ck_assert_int_eq(unlock(kf, "ana", PASS_ANA "x", &out, &wrong), KW_ENOPERM);
	ck_assert_int_eq(unlock(kf, "anna", PASS_ANA, &out, &unknown), KW_ENOPERM);
	ck_assert_str_eq(wrong.msg, unknown.msg);
	ck_assert_str_eq(wrong.file, unknown.file);
	/* Told apart from other refusals by its reason, never by its words. */
	ck_assert_int_eq(wrong.reason, KW_R_PASSPHRASE);
	ck_assert_int_eq(unknown.reason, KW_R_PASSPHRASE);
	/* The message names neither the user nor which half was wrong. */
	ck_assert_ptr_null(strstr(wrong.msg, "ana"));
	ck_assert_int_eq(unlock(kf, "", PASS_ANA, &out, &unknown), KW_ENOPERM);
	ck_assert_str_eq(wrong.msg, unknown.msg);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Regression: an unknown username used to spend MODERATE Argon2 limits
 * whatever the slots used, so with INTERACTIVE slots it took about five times
 * as long as a wrong passphrase and told who has a slot. The faster of two
 * tries of each must now be within a factor of two.
 */
START_TEST(test_unknown_user_takes_as_long_as_wrong_passphrase)
{
	struct kw_keyring *ring = NULL, *out = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	double known = 1e9, unknown = 1e9;
	struct kw_err err;

	for (int i = 0; i < 2; i++) {
		double t0 = now_s(), t1, t2;

		ck_assert_int_eq(unlock(kf, "ana", PASS_NEW, &out, &err), KW_ENOPERM);
		t1 = now_s();
		ck_assert_int_eq(unlock(kf, "zoe", PASS_NEW, &out, &err), KW_ENOPERM);
		t2 = now_s();
		if (t1 - t0 < known)
			known = t1 - t0;
		if (t2 - t1 < unknown)
			unknown = t2 - t1;
	}
	ck_assert_msg(unknown < 2 * known && known < 2 * unknown,
		      "wrong passphrase %.3f s, unknown user %.3f s", known, unknown);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

/* --- adding users --- */

START_TEST(test_add_dropin_has_general_only)
{
	struct kw_keyring *ring = NULL, *drop = NULL;
	struct kw_keyfile *kf = make_kf(&ring), *loaded = NULL;
	unsigned char pk[32];
	char *path = kf_path(), *text;
	struct kw_err err;

	add_user(kf, ring, "ruth", KW_ROLE_DROPIN, PASS_BEA, pk);
	ck_assert_uint_eq(kw_keyfile_slot_count(kf), 2);
	ck_assert(kw_keyfile_has_user(kf, "ruth"));
	ck_assert_int_eq(unlock(kf, "ruth", PASS_BEA, &drop, &err), 0);
	ck_assert_int_eq(drop->role, KW_ROLE_DROPIN);
	ck_assert(same_secret(drop->general, ring->general));
	ck_assert_ptr_null(drop->sensitive);
	ck_assert_mem_eq(drop->sign_pk, pk, 32);
	ck_assert_mem_ne(drop->sign_pk, ring->sign_pk, 32);
	kw_keyring_free(&drop);

	/* Through the file too: her slot carries no sealed sensitive key. */
	ck_assert_int_eq(kw_keyfile_save(kf, path, &err), 0);
	text = slurp(path, NULL);
	ck_assert_ptr_nonnull(strstr(text, "role=dropin"));
	ck_assert_ptr_nonnull(strstr(text, " sensitive=-\n"));
	ck_assert_ptr_null(strstr(text, "ruth")); /* slots are found by a hash, not a name */
	free(text);
	ck_assert_int_eq(kw_keyfile_load(path, &loaded, &err), 0);
	ck_assert_int_eq(unlock(loaded, "ruth", PASS_BEA, &drop, &err), 0);
	ck_assert(same_secret(drop->general, ring->general));
	ck_assert_ptr_null(drop->sensitive);
	kw_keyring_free(&drop);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
	kw_keyfile_free(&loaded);
	free(path);
}
END_TEST

START_TEST(test_add_keyworker_has_both_keys)
{
	struct kw_keyring *ring = NULL, *kw = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	unsigned char pk[32];
	struct kw_err err;

	add_user(kf, ring, "bea", KW_ROLE_KEYWORKER, PASS_BEA, pk);
	ck_assert_int_eq(unlock(kf, "bea", PASS_BEA, &kw, &err), 0);
	ck_assert_int_eq(kw->role, KW_ROLE_KEYWORKER);
	ck_assert(same_secret(kw->general, ring->general));
	ck_assert(same_secret(kw->sensitive, ring->sensitive));
	ck_assert_mem_eq(kw->sign_pk, pk, 32);
	kw_keyring_free(&kw);
	/* Each slot has its own passphrase. */
	ck_assert_int_eq(unlock(kf, "bea", PASS_ANA, &kw, &err), KW_ENOPERM);
	ck_assert_int_eq(unlock(kf, "ana", PASS_BEA, &kw, &err), KW_ENOPERM);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

START_TEST(test_add_existing_user_refused)
{
	struct kw_keyring *ring = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	struct kw_secret *p = tu_pass(PASS_BEA);
	unsigned char pk[32];
	struct kw_err err;

	kw_err_clear(&err);
	ck_assert_int_eq(kw_keyfile_add_user(kf, ring, "ana", KW_ROLE_KEYWORKER, p,
					     KW_KDF_INTERACTIVE, pk, &err),
			 -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_int_eq(kw_keyfile_add_user(kf, ring, "Bea!", KW_ROLE_KEYWORKER, p,
					     KW_KDF_INTERACTIVE, pk, &err),
			 -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_uint_eq(kw_keyfile_slot_count(kf), 1);
	kw_secret_free(&p);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

START_TEST(test_dropin_cannot_grant_sensitive)
{
	struct kw_keyring *ring = NULL, *drop = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	struct kw_secret *p = tu_pass(PASS_NEW);
	unsigned char pk[32];
	struct kw_err err;

	add_user(kf, ring, "dee", KW_ROLE_DROPIN, PASS_BEA, pk);
	ck_assert_int_eq(unlock(kf, "dee", PASS_BEA, &drop, &err), 0);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_keyfile_add_user(kf, drop, "kim", KW_ROLE_KEYWORKER, p,
					     KW_KDF_INTERACTIVE, pk, &err),
			 -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_uint_eq(kw_keyfile_slot_count(kf), 2);
	ck_assert(!kw_keyfile_has_user(kf, "kim"));
	kw_secret_free(&p);
	kw_keyring_free(&drop);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

/* --- passphrases of slots --- */

START_TEST(test_set_own_passphrase_keeps_keys)
{
	struct kw_keyring *ring = NULL, *out = NULL;
	struct kw_keyfile *kf = make_kf(&ring), *loaded = NULL;
	struct kw_secret *p = tu_pass(PASS_NEW);
	unsigned char pk[32];
	char *path = kf_path();
	struct kw_err err;

	kw_err_clear(&err);
	ck_assert_msg(kw_keyfile_set_passphrase(kf, "ana", ring, true, p, KW_KDF_INTERACTIVE, pk,
						&err) == 0,
		      "passwd: %s", err.msg);
	ck_assert_mem_eq(pk, ring->sign_pk, 32);
	ck_assert_uint_eq(kw_keyfile_slot_count(kf), 1);
	ck_assert_uint_eq(kw_keyfile_generation(kf), 1);
	ck_assert_int_eq(unlock(kf, "ana", PASS_ANA, &out, &err), KW_ENOPERM);
	ck_assert_int_eq(unlock(kf, "ana", PASS_NEW, &out, &err), 0);
	ck_assert_mem_eq(out->sign_pk, ring->sign_pk, 32);
	ck_assert(same_secret(out->seed, ring->seed));
	ck_assert(same_secret(out->general, ring->general));
	ck_assert(same_secret(out->sensitive, ring->sensitive));
	kw_keyring_free(&out);

	ck_assert_int_eq(kw_keyfile_save(kf, path, &err), 0);
	ck_assert_int_eq(kw_keyfile_load(path, &loaded, &err), 0);
	ck_assert_int_eq(unlock(loaded, "ana", PASS_ANA, &out, &err), KW_ENOPERM);
	ck_assert_int_eq(unlock(loaded, "ana", PASS_NEW, &out, &err), 0);
	ck_assert_mem_eq(out->sign_pk, ring->sign_pk, 32);
	kw_keyring_free(&out);
	kw_secret_free(&p);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
	kw_keyfile_free(&loaded);
	free(path);
}
END_TEST

START_TEST(test_reset_by_manager_changes_signing_key)
{
	struct kw_keyring *ring = NULL, *bea = NULL, *out = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	struct kw_secret *p = tu_pass(PASS_NEW);
	unsigned char pk_old[32], pk_new[32];
	struct kw_err err;

	add_user(kf, ring, "bea", KW_ROLE_KEYWORKER, PASS_BEA, pk_old);
	ck_assert_int_eq(unlock(kf, "bea", PASS_BEA, &bea, &err), 0);
	kw_err_clear(&err);
	ck_assert_msg(kw_keyfile_set_passphrase(kf, "bea", ring, false, p, KW_KDF_INTERACTIVE,
						pk_new, &err) == 0,
		      "reset: %s", err.msg);
	ck_assert_mem_ne(pk_new, pk_old, 32);
	ck_assert_mem_ne(pk_new, ring->sign_pk, 32);
	ck_assert_uint_eq(kw_keyfile_slot_count(kf), 2);
	ck_assert_int_eq(unlock(kf, "bea", PASS_BEA, &out, &err), KW_ENOPERM);
	ck_assert_int_eq(unlock(kf, "bea", PASS_NEW, &out, &err), 0);
	ck_assert_int_eq(out->role, KW_ROLE_KEYWORKER);
	ck_assert_mem_eq(out->sign_pk, pk_new, 32);
	ck_assert(!same_secret(out->seed, bea->seed));
	ck_assert(same_secret(out->general, ring->general));
	ck_assert(same_secret(out->sensitive, ring->sensitive));
	kw_keyring_free(&out);
	/* The manager's own slot is untouched. */
	ck_assert_int_eq(unlock(kf, "ana", PASS_ANA, &out, &err), 0);
	ck_assert_mem_eq(out->sign_pk, ring->sign_pk, 32);
	kw_keyring_free(&out);
	/* No such user: a usage error, nothing added. */
	kw_err_clear(&err);
	ck_assert_int_eq(kw_keyfile_set_passphrase(kf, "zoe", ring, false, p, KW_KDF_INTERACTIVE,
						   pk_new, &err),
			 -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_uint_eq(kw_keyfile_slot_count(kf), 2);
	kw_secret_free(&p);
	kw_keyring_free(&bea);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

/* --- a damaged key file --- */

/*
 * A saved key file with ana and a keyworker, made once for the "damage" case
 * (an unchecked fixture, run before its tests are forked) to spare Argon2.
 */
static char *damage_text;
static size_t damage_len;

static void damage_setup(void)
{
	struct kw_keyring *ring = NULL;
	struct kw_keyfile *kf;
	unsigned char pk[32];
	char *dir, *path;
	struct kw_err err;

	ck_assert_int_eq(kw_crypto_init(), 0);
	dir = tmp = tu_tmpdir();
	kf = make_kf(&ring);
	add_user(kf, ring, "bea", KW_ROLE_KEYWORKER, PASS_BEA, pk);
	path = kf_path();
	kw_err_clear(&err);
	ck_assert_int_eq(kw_keyfile_save(kf, path, &err), 0);
	damage_text = slurp(path, &damage_len);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
	free(path);
	tmp = NULL;
	tu_rmdir(dir);
}

static void damage_teardown(void)
{
	free(damage_text);
	damage_text = NULL;
}

/* Writes the saved key file into this test's directory; *text gets a copy of it. */
static char *saved_kf(char **text, size_t *len)
{
	char *path = kf_path();

	spit(path, damage_text, damage_len);
	*text = kw_xstrdup(damage_text);
	*len = damage_len;
	return path;
}

START_TEST(test_truncated_key_file)
{
	size_t len;
	char *text, *path = saved_kf(&text, &len);
	unsigned long slot = line_of(text, "slot ");
	size_t cut;

	/* Cut in the middle of the first slot: that line is damaged. */
	cut = line_start(text, slot) + 100;
	spit(path, text, cut);
	expect_damaged(path, slot);

	/* Cut after the first slot's line ends: the second slot's line is short. */
	cut = line_start(text, slot + 1) + 40;
	spit(path, text, cut);
	expect_damaged(path, slot + 1);

	/* Cut at a line end before any slot: incomplete, at the last line read. */
	cut = line_start(text, 4);
	spit(path, text, cut);
	expect_damaged(path, 3);

	/* Cut just before the last newline: a complete file without it still loads. */
	{
		struct kw_keyfile *kf = NULL;
		struct kw_err err;

		spit(path, text, len - 1);
		kw_err_clear(&err);
		ck_assert_msg(kw_keyfile_load(path, &kf, &err) == 0, "%s", err.msg);
		ck_assert_uint_eq(kw_keyfile_slot_count(kf), 2);
		kw_keyfile_free(&kf);
	}

	/* An empty file is damaged too (no line to point at). */
	{
		struct kw_keyfile *kf = NULL;
		struct kw_err err;

		spit(path, text, 0);
		kw_err_clear(&err);
		ck_assert_int_eq(kw_keyfile_load(path, &kf, &err), -1);
		ck_assert_int_eq(err.status, KW_EDATA);
		ck_assert_str_eq(err.file, path);
	}
	free(text);
	free(path);
}
END_TEST

START_TEST(test_flipped_hex_digit_in_slot)
{
	size_t len;
	char *text, *path = saved_kf(&text, &len);
	unsigned long slot = line_of(text, "slot ") + 1; /* the second slot */
	char *copy = kw_xstrdup(text);
	char *seedf = strstr(copy + line_start(copy, slot), " seed=");

	/* A digit that is no longer hex: the loader points at the line. */
	ck_assert_ptr_nonnull(seedf);
	seedf[10] = 'g';
	spit(path, copy, len);
	expect_damaged(path, slot);

	/* In a header line too. */
	strcpy(copy, text);
	copy[line_start(copy, line_of(copy, "name-salt ")) + 12] = 'Z';
	spit(path, copy, len);
	expect_damaged(path, line_of(copy, "name-salt "));

	/* A hex digit dropped from a slot's sealed key: the length is wrong. */
	strcpy(copy, text);
	{
		char *g = strstr(copy + line_start(copy, slot), " general=");

		ck_assert_ptr_nonnull(g);
		memmove(g + 9, g + 10, strlen(g + 10) + 1);
		spit(path, copy, len - 1);
		expect_damaged(path, slot);
	}
	free(copy);
	free(text);
	free(path);
}
END_TEST

/* A hex digit changed to another hex digit still parses, so unlocking must catch it. */
START_TEST(test_flipped_sealed_key_caught_at_unlock)
{
	size_t len;
	char *text, *path = saved_kf(&text, &len);
	unsigned long slot = line_of(text, "slot ") + 1;
	char *g = strstr(text + line_start(text, slot), " general=");
	struct kw_keyfile *kf = NULL;
	struct kw_keyring *ring = NULL;
	struct kw_err err;

	ck_assert_ptr_nonnull(g);
	g[20] = g[20] == '0' ? '1' : '0';
	spit(path, text, len);
	kw_err_clear(&err);
	ck_assert_msg(kw_keyfile_load(path, &kf, &err) == 0, "%s", err.msg);
	/* The first slot is whole; the second says it is damaged, not "wrong passphrase". */
	ck_assert_int_eq(unlock(kf, "ana", PASS_ANA, &ring, &err), 0);
	kw_keyring_free(&ring);
	ck_assert_int_eq(unlock(kf, "bea", PASS_BEA, &ring, &err), KW_EDATA);
	ck_assert_ptr_nonnull(strstr(err.msg, "damaged"));
	kw_keyfile_free(&kf);
	free(text);
	free(path);
}
END_TEST

START_TEST(test_wrong_header)
{
	size_t len;
	char *text, *path = saved_kf(&text, &len);
	struct kw_buf b = { 0 };
	struct kw_keyfile *kf = NULL;
	struct kw_err err;

	/* A newer format version. */
	text[strlen("keywork-keys ")] = '2';
	spit(path, text, len);
	expect_damaged(path, 1);
	ck_assert_int_eq(kw_keyfile_load(path, &kf, &err), -1);
	ck_assert_uint_eq(err.col, 1);

	/* Something else entirely. */
	spit(path, "-----BEGIN PGP MESSAGE-----\n", 28);
	expect_damaged(path, 1);

	/* An unknown entry in the middle is located too. */
	text[strlen("keywork-keys ")] = '1';
	kw_buf_add(&b, text, line_start(text, 3));
	kw_buf_adds(&b, "colour blue\n");
	kw_buf_adds(&b, text + line_start(text, 3));
	spit(path, b.p, b.len);
	expect_damaged(path, 3);
	kw_buf_free(&b);

	/* A missing file is missing input, not damage. */
	unlink(path);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_keyfile_load(path, &kf, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOINPUT);
	free(text);
	free(path);
}
END_TEST

/* --- passphrase strength and generation --- */

static int check_pass(const char *pass, const char *user, int *score, struct kw_err *err)
{
	struct kw_secret *p = tu_pass(pass);
	int rc;

	kw_err_clear(err);
	rc = kw_passphrase_check(p, user, score, err);
	kw_secret_free(&p);
	return rc;
}

START_TEST(test_passphrase_too_short)
{
	struct kw_err err;
	int score = -1;

	ck_assert_int_eq(check_pass("Xq7#vB2!pL9", "ana", &score, &err), -1); /* 11 characters */
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "short"));
	ck_assert_int_eq(score, 0);
	ck_assert_int_eq(check_pass("", "ana", NULL, &err), -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	/* Characters, not bytes: eleven two-byte letters are still too short. */
	ck_assert_int_eq(check_pass("ąęółżźćńśąę", "ana", NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "short"));
}
END_TEST

START_TEST(test_passphrase_too_weak)
{
	struct kw_err err;
	int score = -1;

	ck_assert_int_eq(check_pass("password1234", "ana", &score, &err), -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "easy to guess"));
	ck_assert_int_lt(score, KW_PASS_MIN_SCORE);
	/* The username counts as a known word, repeated or not. */
	ck_assert_int_eq(check_pass("ruthbadgerruthbadger", "ruthbadger", &score, &err), -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_int_lt(score, KW_PASS_MIN_SCORE);
	ck_assert_int_eq(check_pass("anaanaanaanaana", "ana", &score, &err), -1);
	ck_assert_int_eq(check_pass("aaaaaaaaaaaaaaaa", "ana", &score, &err), -1);
	ck_assert_int_eq(check_pass("keywork-keywork", "ana", &score, &err), -1);
}
END_TEST

START_TEST(test_passphrase_strong_accepted)
{
	struct kw_err err;
	int score = -1;

	ck_assert_msg(check_pass(TU_PASS, "ana", &score, &err) == 0, "%s", err.msg);
	ck_assert_int_ge(score, KW_PASS_MIN_SCORE);
	ck_assert_int_le(score, 4);
}
END_TEST

/* Splits s at '-' and checks it is n words of lower-case letters from the list's alphabet. */
static void check_words(const char *s, size_t len, int n)
{
	int words = 1;
	size_t wl = 0;

	ck_assert_uint_eq(strlen(s), len);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-') {
			ck_assert_msg(wl > 0, "empty word in '%s'", s);
			words++;
			wl = 0;
		} else {
			ck_assert_msg(s[i] >= 'a' && s[i] <= 'z', "'%s' has a non-letter", s);
			wl++;
		}
	}
	ck_assert_msg(wl > 0, "empty last word in '%s'", s);
	ck_assert_msg(words == n, "'%s' has %d words, not %d", s, words, n);
}

START_TEST(test_generated_passphrase)
{
	struct kw_err err;
	char first[128] = "";

	for (int i = 0; i < 20; i++) {
		struct kw_secret *p = kw_passphrase_generate(5);
		int score = -1;

		ck_assert_ptr_nonnull(p);
		check_words((const char *)p->p, p->len, 5);
		kw_err_clear(&err);
		ck_assert_msg(kw_passphrase_check(p, "ana", &score, &err) == 0, "'%s': %s",
			      (const char *)p->p, err.msg);
		ck_assert_int_ge(score, KW_PASS_MIN_SCORE);
		if (i == 0)
			snprintf(first, sizeof(first), "%s", (const char *)p->p);
		else
			ck_assert_str_ne(first, (const char *)p->p);
		kw_secret_free(&p);
	}
}
END_TEST

/*
 * Regression: the EFF list has four words with a hyphen in them (drop-down,
 * felt-tip, t-shirt, yo-yo), so a "five-word" passphrase joined by '-' could
 * read as six or more words. Drawn 20000 times, one of them would turn up
 * with probability 1 - (1 - 4/7776)^20000, about 0.99997.
 */
START_TEST(test_generated_words_have_no_hyphen)
{
	for (int i = 0; i < 20000; i++) {
		struct kw_secret *p = kw_passphrase_generate(1);

		check_words((const char *)p->p, p->len, 1);
		kw_secret_free(&p);
	}
}
END_TEST

/* --- signatures --- */

START_TEST(test_sign_verify)
{
	struct kw_keyring *ring = NULL, *bea = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	static const char msg[] = "audit row 7: ana opened KW-7F3Q9D";
	unsigned char sig[64], bad[64], pk[32];
	char flipped[sizeof(msg)];
	struct kw_err err;

	kw_sign(ring, msg, sizeof(msg) - 1, sig);
	ck_assert(kw_verify(ring->sign_pk, msg, sizeof(msg) - 1, sig));
	/* A flipped bit in the message, in the signature, or another key: no. */
	for (size_t bit = 0; bit < 8 * (sizeof(msg) - 1); bit += 37) {
		memcpy(flipped, msg, sizeof(msg));
		flipped[bit / 8] ^= (char)(1 << (bit % 8));
		ck_assert(!kw_verify(ring->sign_pk, flipped, sizeof(msg) - 1, sig));
	}
	for (size_t bit = 0; bit < 8 * sizeof(sig); bit += 29) {
		memcpy(bad, sig, sizeof(sig));
		bad[bit / 8] ^= (unsigned char)(1 << (bit % 8));
		ck_assert(!kw_verify(ring->sign_pk, msg, sizeof(msg) - 1, bad));
	}
	ck_assert(!kw_verify(ring->sign_pk, msg, sizeof(msg) - 2, sig));
	add_user(kf, ring, "bea", KW_ROLE_KEYWORKER, PASS_BEA, pk);
	ck_assert(!kw_verify(pk, msg, sizeof(msg) - 1, sig));
	ck_assert_int_eq(unlock(kf, "bea", PASS_BEA, &bea, &err), 0);
	kw_sign(bea, msg, sizeof(msg) - 1, bad);
	ck_assert(kw_verify(pk, msg, sizeof(msg) - 1, bad));
	ck_assert(!kw_verify(ring->sign_pk, msg, sizeof(msg) - 1, bad));
	kw_keyring_free(&bea);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

START_TEST(test_hash_and_key_sql)
{
	unsigned char h1[32], h2[32];
	struct kw_secret *key = kw_secret_new(32), *sql;

	kw_hash32("abc", 3, h1);
	kw_hash32("abc", 3, h2);
	ck_assert_mem_eq(h1, h2, 32);
	kw_hash32("abd", 3, h2);
	ck_assert_mem_ne(h1, h2, 32);
	for (size_t i = 0; i < 32; i++)
		key->p[i] = (unsigned char)(i * 9 + 1);
	sql = kw_key_sql(key);
	ck_assert_uint_eq(sql->len, 67);
	ck_assert_uint_eq(strlen((const char *)sql->p), 67);
	ck_assert_mem_eq(sql->p, "x'010a131c", 10);
	ck_assert_int_eq(sql->p[66], '\'');
	ck_assert_ptr_null(kw_key_sql(NULL));
	ck_assert_int_eq(kw_kdf_parse("interactive"), KW_KDF_INTERACTIVE);
	ck_assert_int_eq(kw_kdf_parse("moderate"), KW_KDF_MODERATE);
	ck_assert_int_eq(kw_kdf_parse("sensitive"), KW_KDF_SENSITIVE);
	ck_assert_int_eq(kw_kdf_parse("fast"), -1);
	kw_secret_free(&sql);
	kw_secret_free(&key);
	ck_assert_ptr_null(key);
}
END_TEST

/* --- outreach laptops --- */

/* A laptop's key file for name from the centre's kf: *ring, *sens as made; status returned. */
static int laptop_kf(const struct kw_keyfile *kf, const char *name, const char *pass,
		     struct kw_keyfile **lkf, struct kw_keyring **ring, struct kw_secret **sens,
		     struct kw_err *err)
{
	struct kw_buf slot = { 0 };
	struct kw_secret *p = tu_pass(pass);
	unsigned char rpk[32];
	int rc;

	ck_assert_int_eq(kw_keyfile_slot_text(kf, name, &slot), 0);
	kw_keyfile_recovery_pk(kf, rpk);
	kw_err_clear(err);
	rc = kw_keyfile_create_laptop(slot.p, name, rpk, p, lkf, ring, sens, err);
	kw_buf_free(&slot);
	kw_secret_free(&p);
	return rc;
}

START_TEST(test_laptop_keys_are_its_own)
{
	struct kw_keyring *ring = NULL, *bea = NULL, *lring = NULL, *again = NULL;
	struct kw_keyfile *kf = make_kf(&ring), *lkf = NULL;
	struct kw_secret *sens = NULL;
	unsigned char pk[32];
	struct kw_err err;

	add_user(kf, ring, "bea", KW_ROLE_KEYWORKER, PASS_BEA, pk);
	ck_assert_int_eq(unlock(kf, "bea", PASS_BEA, &bea, &err), 0);
	/* A wrong passphrase makes nothing. */
	ck_assert_int_eq(laptop_kf(kf, "bea", PASS_ANA, &lkf, &lring, &sens, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_ptr_null(lkf);
	ck_assert_int_eq(laptop_kf(kf, "bea", PASS_BEA, &lkf, &lring, &sens, &err), 0);
	/* Her keys, the laptop's compartments: new keys, one slot, its own key id. */
	ck_assert_int_eq(lring->role, KW_ROLE_KEYWORKER);
	ck_assert_mem_eq(lring->sign_pk, bea->sign_pk, 32);
	ck_assert_mem_eq(lring->box_pk, bea->box_pk, 32);
	ck_assert(!same_secret(lring->general, ring->general));
	ck_assert(!same_secret(lring->sensitive, ring->sensitive));
	ck_assert(same_secret(lring->sensitive, sens));
	ck_assert_uint_eq(kw_keyfile_slot_count(lkf), 1);
	ck_assert_str_ne(kw_keyfile_key_id(lkf), kw_keyfile_key_id(kf));
	ck_assert(!kw_keyfile_has_user(lkf, "ana"));
	/* The same passphrase opens it again; the laptop's key file holds the wrap. */
	ck_assert_int_eq(unlock(lkf, "bea", PASS_BEA, &again, &err), 0);
	ck_assert(same_secret(again->general, lring->general));
	kw_keyring_free(&again);
	kw_keyring_free(&lring);
	kw_keyfile_free(&lkf);
	kw_secret_free(&sens);
	kw_keyring_free(&bea);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

START_TEST(test_laptop_of_dropin_has_no_sensitive_key)
{
	struct kw_keyring *ring = NULL, *lring = NULL;
	struct kw_keyfile *kf = make_kf(&ring), *lkf = NULL;
	struct kw_secret *sens = NULL;
	unsigned char pk[32];
	struct kw_err err;

	add_user(kf, ring, "ruth", KW_ROLE_DROPIN, PASS_BEA, pk);
	ck_assert_int_eq(laptop_kf(kf, "ruth", PASS_BEA, &lkf, &lring, &sens, &err), 0);
	ck_assert_int_eq(lring->role, KW_ROLE_DROPIN);
	ck_assert_ptr_null(lring->sensitive);
	ck_assert_ptr_nonnull(sens); /* for making the compartment, then dropped */
	kw_keyring_free(&lring);
	kw_keyfile_free(&lkf);
	kw_secret_free(&sens);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
}
END_TEST

/* Writes a bundle of data (len bytes) sealed to pk and signed by ring into path. */
static void write_bundle_file(const char *path, const struct kw_keyring *ring,
			      const unsigned char pk[32], const struct kw_secret *key)
{
	char *data = kw_path_join(tmp, "data");
	FILE *f = fopen(data, "wb"), *out;
	struct kw_bundle b = { 0 };
	unsigned char to[1][32];
	struct kw_err err;

	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 100000; i++)
		fputc(i & 0xff, f);
	fclose(f);
	memcpy(to[0], pk, 32);
	snprintf(b.kind, sizeof(b.kind), "to-centre");
	snprintf(b.centre, sizeof(b.centre), "0123456789abcdef0123456789abcdef");
	snprintf(b.laptop, sizeof(b.laptop), "6f1c0c1e-4d1a-4c1b-9c2e-2a8d7e5b9f10");
	snprintf(b.name, sizeof(b.name), "kim-laptop");
	b.seq = 7;
	out = fopen(path, "wb");
	ck_assert_ptr_nonnull(out);
	kw_err_clear(&err);
	ck_assert_msg(kw_bundle_write(out, path, &b, key, (const unsigned char(*)[32])to, 1, ring,
				      data, &err) == 0,
		      "write: %s", err.msg);
	fclose(out);
	free(data);
}

/* Flips one byte of path at offset off. */
static void flip(const char *path, long off)
{
	FILE *f = fopen(path, "r+b");
	int c;

	ck_assert_ptr_nonnull(f);
	fseek(f, off, SEEK_SET);
	c = fgetc(f);
	fseek(f, off, SEEK_SET);
	fputc(c ^ 0x01, f);
	fclose(f);
}

START_TEST(test_bundle_sealed_signed_and_checked)
{
	struct kw_keyring *ring = NULL, *bea = NULL;
	struct kw_keyfile *kf = make_kf(&ring);
	struct kw_secret *key = kw_bundle_key_new(), *got = NULL;
	struct kw_bundle *b = NULL;
	char *path = kw_path_join(tmp, "b.kwx");
	unsigned char pk[32];
	struct kw_err err;
	struct stat st;

	add_user(kf, ring, "bea", KW_ROLE_KEYWORKER, PASS_BEA, pk);
	ck_assert_int_eq(unlock(kf, "bea", PASS_BEA, &bea, &err), 0);
	write_bundle_file(path, ring, bea->box_pk, key);
	ck_assert_int_eq(kw_bundle_read(path, &b, &err), 0);
	ck_assert_str_eq(b->kind, "to-centre");
	ck_assert_str_eq(b->name, "kim-laptop");
	ck_assert_uint_eq(b->seq, 7);
	ck_assert_mem_eq(b->signer, ring->sign_pk, 32);
	ck_assert_int_eq(b->data_len, 100000);
	/* Sealed to bea: she opens the key, ana (the signer) does not. */
	ck_assert_int_eq(kw_bundle_key(b, bea, &got), 0);
	ck_assert(same_secret(got, key));
	kw_secret_free(&got);
	ck_assert_int_eq(kw_bundle_key(b, ring, &got), -1);
	ck_assert_ptr_null(got);
	kw_bundle_free(&b);
	/* A changed byte of the data, or of the header, breaks the signature. */
	flip(path, 50000 + 600);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_bundle_read(path, &b, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_ptr_nonnull(strstr(err.msg, "changed after it was signed"));
	flip(path, 50000 + 600);
	ck_assert_int_eq(kw_bundle_read(path, &b, &err), 0);
	kw_bundle_free(&b);
	flip(path, 40); /* inside "centre ..." */
	kw_err_clear(&err);
	ck_assert_int_eq(kw_bundle_read(path, &b, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	flip(path, 40);
	/* Cut short: refused, saying so. */
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(truncate(path, st.st_size - 1), 0);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_bundle_read(path, &b, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "cut short"));
	kw_secret_free(&key);
	kw_keyring_free(&bea);
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
	free(path);
}
END_TEST

static Suite *crypto_suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *keyfile = tcase_create("keyfile");
	TCase *users = tcase_create("users");
	TCase *damage = tcase_create("damage");
	TCase *pass = tcase_create("passphrase");
	TCase *sign = tcase_create("sign");
	TCase *outreach = tcase_create("outreach");
	TCase *all[] = { keyfile, users, damage, pass, sign, outreach };

	for (size_t i = 0; i < KW_ARRAY_LEN(all); i++) {
		tcase_add_checked_fixture(all[i], setup, teardown);
		tcase_set_timeout(all[i], 120);
		if (all[i] == damage)
			tcase_add_unchecked_fixture(damage, damage_setup, damage_teardown);
		suite_add_tcase(s, all[i]);
	}
	tcase_add_test(keyfile, test_create_gives_manager_both_keys);
	tcase_add_test(keyfile, test_bad_username_refused);
	tcase_add_test(keyfile, test_save_load_round_trip);
	tcase_add_test(keyfile, test_demo_flag_round_trip);
	tcase_add_test(keyfile, test_wrong_passphrase_same_as_unknown_user);
	tcase_add_test(keyfile, test_unknown_user_takes_as_long_as_wrong_passphrase);
	tcase_add_test(users, test_add_dropin_has_general_only);
	tcase_add_test(users, test_add_keyworker_has_both_keys);
	tcase_add_test(users, test_add_existing_user_refused);
	tcase_add_test(users, test_dropin_cannot_grant_sensitive);
	tcase_add_test(users, test_set_own_passphrase_keeps_keys);
	tcase_add_test(users, test_reset_by_manager_changes_signing_key);
	tcase_add_test(damage, test_truncated_key_file);
	tcase_add_test(damage, test_flipped_hex_digit_in_slot);
	tcase_add_test(damage, test_flipped_sealed_key_caught_at_unlock);
	tcase_add_test(damage, test_wrong_header);
	tcase_add_test(pass, test_passphrase_too_short);
	tcase_add_test(pass, test_passphrase_too_weak);
	tcase_add_test(pass, test_passphrase_strong_accepted);
	tcase_add_test(pass, test_generated_passphrase);
	tcase_add_test(pass, test_generated_words_have_no_hyphen);
	tcase_add_test(sign, test_sign_verify);
	tcase_add_test(sign, test_hash_and_key_sql);
	tcase_add_test(outreach, test_laptop_keys_are_its_own);
	tcase_add_test(outreach, test_laptop_of_dropin_has_no_sensitive_key);
	tcase_add_test(outreach, test_bundle_sealed_signed_and_checked);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(crypto_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
