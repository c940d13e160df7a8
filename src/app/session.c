/* session.c: signing in to a data directory, creating one, and managing its users. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backoff.h"
#include "keywork/app.h"
#include "keywork/util.h"

static void sign_cb(void *ctx, const void *msg, size_t len, unsigned char sig[64])
{
	kw_sign(ctx, msg, len, sig);
}

/* Opens the store with the keyring's keys and makes the user the actor. */
static int open_store(struct kw_session *s, int flags, struct kw_err *err)
{
	struct kw_secret *g = kw_key_sql(s->ring->general);
	struct kw_secret *x = kw_key_sql(s->ring->sensitive);
	struct kw_secret *ng = kw_key_sql(s->ring->next_general);
	struct kw_secret *nx = kw_key_sql(s->ring->next_sensitive);
	struct kw_store_keys keys = { 0 };
	struct kw_signer signer = { s->ring, sign_cb, { 0 } };
	int rc;

	keys.general = (const char *)g->p;
	keys.general_len = g->len;
	if (x != NULL) {
		keys.sensitive = (const char *)x->p;
		keys.sensitive_len = x->len;
	}
	if (ng != NULL) {
		keys.next_general = (const char *)ng->p;
		keys.next_general_len = ng->len;
	}
	if (nx != NULL) {
		keys.next_sensitive = (const char *)nx->p;
		keys.next_sensitive_len = nx->len;
	}
	rc = kw_store_open(s->dir, &keys, kw_keyfile_key_id(s->kf), kw_keyfile_generation(s->kf),
			   flags, &s->store, err);
	kw_secret_free(&g);
	kw_secret_free(&x);
	kw_secret_free(&ng);
	kw_secret_free(&nx);
	if (rc != 0)
		return -1;
	memcpy(signer.pk, s->ring->sign_pk, 32);
	kw_store_set_actor(s->store, NULL, &signer);
	return 0;
}

static void set_actor(struct kw_session *s)
{
	struct kw_signer signer = { s->ring, sign_cb, { 0 } };

	memcpy(signer.pk, s->ring->sign_pk, 32);
	kw_store_set_actor(s->store, s->user.meta.id, &signer);
}

/*
 * Completes a change of keys whose pending keys are in the key file and in
 * the ring: each file still under the old key is re-encrypted, then the key
 * file's pending keys become current (dropping slots left out) and are
 * saved. Every step can be interrupted; the next sign-in resumes here.
 */
static int rekey_finish(struct kw_session *s, const char *action, const char *detail,
			struct kw_err *err)
{
	unsigned long next = kw_keyfile_pending(s->kf);
	char *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	struct kw_secret *g = kw_key_sql(s->ring->next_general);
	struct kw_secret *x = kw_key_sql(s->ring->next_sensitive);
	int rc = -1;

	if (next == 0 || g == NULL || x == NULL || !kw_store_has_sensitive(s->store)) {
		kw_err_set(err, KW_ESOFTWARE, "no change of keys to finish");
		goto out;
	}
	if ((kw_store_generation(s->store, true) != next &&
	     kw_store_rekey(s->store, true, (const char *)x->p, x->len, next, err) != 0) ||
	    (kw_store_generation(s->store, false) != next &&
	     kw_store_rekey(s->store, false, (const char *)g->p, g->len, next, err) != 0))
		goto out;
	kw_keyfile_rekey_finish(s->kf);
	if (kw_keyfile_save(s->kf, keypath, err) != 0)
		goto out;
	kw_secret_free(&s->ring->general);
	kw_secret_free(&s->ring->sensitive);
	s->ring->general = s->ring->next_general;
	s->ring->sensitive = s->ring->next_sensitive;
	s->ring->next_general = s->ring->next_sensitive = NULL;
	if (kw_db_audit(s->store, action, NULL, detail, err) != 0)
		goto out;
	rc = 0;
out:
	kw_secret_free(&g);
	kw_secret_free(&x);
	free(keypath);
	return rc;
}

/*
 * Re-reads the key file once the store's write lock is held (kw_store_begin):
 * another process may have changed it since sign-in, and saving the copy
 * loaded then would drop that change. The lock serialises key-file changes.
 */
static int reload_keyfile(struct kw_session *s, const char *keypath, struct kw_err *err)
{
	struct kw_keyfile *kf = NULL;

	if (kw_keyfile_load(keypath, &kf, err) != 0)
		return -1;
	if (strcmp(kw_keyfile_key_id(kf), kw_keyfile_key_id(s->kf)) != 0 ||
	    kw_keyfile_generation(kf) != kw_keyfile_generation(s->kf) ||
	    kw_keyfile_pending(kf) != kw_keyfile_pending(s->kf)) {
		kw_keyfile_free(&kf);
		return kw_err_set(err, KW_EDATA,
				  "the keys were changed since you signed in; sign in again");
	}
	kw_keyfile_free(&s->kf);
	s->kf = kf;
	return 0;
}

int kw_session_rekey(struct kw_session *s, const char *const *drop, size_t ndrop, bool new_recovery,
		     struct kw_secret **recovery_out, const char *action, const char *detail,
		     struct kw_err *err)
{
	char *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	int rc = -1;

	if (!kw_store_has_sensitive(s->store) || s->ring->sensitive == NULL) {
		kw_err_set(err, KW_ENOPERM, "changing keys needs both compartments open");
		goto out;
	}
	if (kw_keyfile_pending(s->kf) != 0 &&
	    rekey_finish(s, "rekey-resumed", "an interrupted change of keys", err) != 0)
		goto out;
	/* Under the store's write lock, so no other key-file change slips in between. */
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (reload_keyfile(s, keypath, err) != 0 ||
	    kw_keyfile_rekey_begin(s->kf, s->ring, drop, ndrop, new_recovery, recovery_out, err) !=
		    0 ||
	    kw_keyfile_save(s->kf, keypath, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	rc = rekey_finish(s, action, detail, err);
out:
	free(keypath);
	return rc;
}

void kw_session_close(struct kw_session **sp)
{
	struct kw_session *s;

	if (sp == NULL || *sp == NULL)
		return;
	s = *sp;
	kw_store_close(&s->store);
	kw_keyring_free(&s->ring);
	kw_keyfile_free(&s->kf);
	free(s->dir);
	memset(s, 0, sizeof(*s));
	free(s);
	*sp = NULL;
}

bool kw_session_is(const struct kw_session *s, enum kw_role role)
{
	/* Roles are ordered manager (1) < keyworker (2) < dropin (3): lower holds more. */
	return s->user.role != KW_ROLE_NONE && s->user.role <= role;
}

static bool dir_has_data(const char *dir)
{
	static const char *const files[] = { KW_KEY_FILE, KW_GENERAL_DB, KW_SENSITIVE_DB };

	for (size_t i = 0; i < KW_ARRAY_LEN(files); i++) {
		char *p = kw_path_join(dir, files[i]);
		bool there = access(p, F_OK) == 0;

		free(p);
		if (there)
			return true;
	}
	return false;
}

void kw_data_remove(const char *dir)
{
	static const char *const files[] = { KW_KEY_FILE,
					     KW_GENERAL_DB,
					     KW_SENSITIVE_DB,
					     KW_STATE_FILE,
					     KW_GENERAL_DB "-journal",
					     KW_SENSITIVE_DB "-journal" };

	DIR *d;
	struct dirent *e;

	for (size_t i = 0; i < KW_ARRAY_LEN(files); i++) {
		char *p = kw_path_join(dir, files[i]);

		unlink(p);
		free(p);
	}
	/* Sealed drafts belong to the data they were written against. */
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, KW_DRAFT_PREFIX, strlen(KW_DRAFT_PREFIX)) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

int kw_session_create(const char *dir, const char *username, const struct kw_secret *pass,
		      enum kw_kdf kdf, bool demo, struct kw_session **out,
		      struct kw_secret **recovery_out, struct kw_err *err)
{
	struct kw_session *s = NULL;
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	bool created = false;
	int rc = -1;

	if (kw_mkdir_private(dir, err) != 0)
		goto out;
	if (dir_has_data(dir)) {
		kw_err_set(err, KW_EUSAGE, "%s already holds keywork data; nothing was changed",
			   dir);
		goto out;
	}
	if (kw_check_private(dir, NULL, 0, err) != 0)
		goto out;
	s = kw_xcalloc(1, sizeof(*s));
	s->dir = kw_xstrdup(dir);
	if (kw_keyfile_create(username, KW_ROLE_MANAGER, pass, kdf, demo, &s->kf, &s->ring,
			      recovery_out, err) != 0)
		goto out;
	created = true;
	if (open_store(s, KW_STORE_CREATE, err) != 0 ||
	    kw_db_user_add(s->store, username, KW_ROLE_MANAGER, s->ring->sign_pk, &s->user, err) !=
		    0)
		goto out;
	set_actor(s);
	if (kw_db_audit(s->store, "init", NULL, demo ? "demo data directory" : "data directory",
			err) != 0 ||
	    kw_db_audit(s->store, "user-add", NULL, "manager", err) != 0)
		goto out;
	/* The key file last: until it exists, the directory holds nothing usable. */
	if (kw_keyfile_save(s->kf, keypath, err) != 0)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	if (rc != 0) {
		kw_session_close(&s);
		if (created)
			kw_data_remove(dir);
		if (*recovery_out != NULL)
			kw_secret_free(recovery_out);
	}
	free(keypath);
	return rc;
}

int kw_session_open(const char *dir, const char *username, const struct kw_secret *pass,
		    struct kw_session **out, struct kw_err *err)
{
	static const char *const files[] = { KW_GENERAL_DB, KW_SENSITIVE_DB, KW_KEY_FILE,
					     KW_STATE_FILE };
	struct kw_session *s = kw_xcalloc(1, sizeof(*s));
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	struct kw_backoff bo = { 0 };
	char tag[65];
	int rc = -1, found;

	s->dir = kw_xstrdup(dir);
	if (kw_check_private(dir, files, KW_ARRAY_LEN(files), err) != 0 ||
	    kw_keyfile_load(keypath, &s->kf, err) != 0)
		goto out;
	kw_keyfile_user_tag(s->kf, username, tag);
	if (kw_backoff_check(dir, tag, &bo, err) != 0)
		goto out;
	if (kw_keyfile_unlock(s->kf, username, pass, &s->ring, err) != 0) {
		if (err->status == KW_ENOPERM)
			kw_backoff_fail(dir, tag);
		goto out;
	}
	if (s->ring->left_out) {
		kw_err_set(err, KW_ENOPERM,
			   "'%s' is being removed from this data directory; ask a manager",
			   username);
		goto out;
	}
	if (open_store(s, 0, err) != 0)
		goto out;
	found = kw_db_user_find(s->store, username, &s->user, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_set(err, KW_EDATA,
				   "the key file has a slot for '%s' but the records do not know "
				   "her",
				   username);
		goto out;
	}
	if (s->user.disabled) {
		kw_err_set(err, KW_ENOPERM, "'%s' has been disabled; ask a manager", username);
		goto out;
	}
	set_actor(s);
	if (bo.failures > 0) {
		char detail[96];

		s->failed_before = bo.failures;
		snprintf(s->failed_since, sizeof(s->failed_since), "%s", bo.first);
		snprintf(detail, sizeof(detail), "%lu failed attempts since %s", bo.failures,
			 bo.first);
		if (kw_db_audit(s->store, "login-failed", NULL, detail, err) != 0)
			goto out;
	}
	if (kw_db_audit(s->store, "login", NULL, kw_role_name(s->user.role), err) != 0)
		goto out;
	/* A change of keys was interrupted: whoever holds both new keys finishes it. */
	if (kw_keyfile_pending(s->kf) != 0 && s->ring->next_sensitive != NULL &&
	    rekey_finish(s, "rekey-resumed", "an interrupted change of keys", err) != 0)
		goto out;
	kw_data_tidy(s, NULL); /* what killed writes left; best effort */
	if (bo.failures > 0)
		kw_backoff_clear(dir, tag);
	*out = s;
	s = NULL;
	rc = 0;
out:
	kw_session_close(&s);
	free(keypath);
	return rc;
}

int kw_session_user_add(struct kw_session *s, const char *username, enum kw_role role,
			const struct kw_secret *pass, enum kw_kdf kdf, struct kw_err *err)
{
	char *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	unsigned char pk[32];
	int rc = -1;

	if (!kw_session_is(s, KW_ROLE_MANAGER)) {
		kw_err_set(err, KW_ENOPERM, "only a manager can add users");
		goto out;
	}
	if (role == KW_ROLE_NONE) {
		kw_err_set(err, KW_EUSAGE, "a user needs a role: manager, keyworker or dropin");
		goto out;
	}
	/* The records first, in a transaction that the key file's save decides. */
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (reload_keyfile(s, keypath, err) != 0 ||
	    kw_keyfile_add_user(s->kf, s->ring, username, role, pass, kdf, pk, err) != 0 ||
	    kw_db_user_add(s->store, username, role, pk, NULL, err) != 0 ||
	    kw_db_audit(s->store, "user-add", NULL, kw_role_name(role), err) != 0 ||
	    kw_keyfile_save(s->kf, keypath, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		/* Reload so the in-memory key file matches the disk again. */
		kw_keyfile_free(&s->kf);
		kw_keyfile_load(keypath, &s->kf, NULL);
	}
	free(keypath);
	return rc;
}

/*
 * Sets username's passphrase in the key file and records it, in one
 * transaction under the store's write lock. new_seed gives her a new seed,
 * and so new keys of her own (recorded for the audit trail's checks).
 */
static int set_passphrase(struct kw_session *s, const char *username, const struct kw_secret *pass,
			  enum kw_kdf kdf, bool new_seed, const char *action, struct kw_err *err)
{
	char *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	bool self = strcmp(username, s->user.username) == 0;
	struct kw_user target;
	unsigned char pk[32];
	int rc = -1, found;

	if (!self && !kw_session_is(s, KW_ROLE_MANAGER)) {
		kw_err_set(err, KW_ENOPERM, "only a manager can set another user's passphrase");
		goto out;
	}
	found = kw_db_user_find(s->store, username, &target, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_set(err, KW_EUSAGE, "no user '%s'", username);
		goto out;
	}
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (reload_keyfile(s, keypath, err) != 0 ||
	    kw_keyfile_set_passphrase(s->kf, username, s->ring, !new_seed, pass, kdf, pk, err) !=
		    0 ||
	    (new_seed && kw_db_user_add_key(s->store, target.meta.id, pk, err) != 0) ||
	    kw_db_audit(s->store, action, NULL, username, err) != 0 ||
	    kw_keyfile_save(s->kf, keypath, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		/* Reload so the in-memory key file matches the disk again. */
		kw_keyfile_free(&s->kf);
		kw_keyfile_load(keypath, &s->kf, NULL);
	}
	free(keypath);
	return rc;
}

int kw_session_passwd(struct kw_session *s, const char *username, const struct kw_secret *pass,
		      enum kw_kdf kdf, struct kw_err *err)
{
	bool self = strcmp(username, s->user.username) == 0;

	/* Her own change keeps her keys; a manager's reset gives her new ones. */
	return set_passphrase(s, username, pass, kdf, !self, self ? "passwd" : "passwd-reset", err);
}

int kw_session_disable(struct kw_session *s, const char *username, struct kw_err *err)
{
	const char *drop[1] = { username };
	struct kw_user u;
	int found;

	if (!kw_session_is(s, KW_ROLE_MANAGER))
		return kw_err_set(err, KW_ENOPERM, "only a manager can disable users");
	if (strcmp(username, s->user.username) == 0)
		return kw_err_set(err, KW_EUSAGE, "you cannot disable yourself");
	found = kw_db_user_find(s->store, username, &u, err);
	if (found <= 0)
		return found < 0 ? -1 : kw_err_set(err, KW_EUSAGE, "no user '%s'", username);
	/* First the record, so she is refused even if the change of keys is interrupted. */
	if (!u.disabled && kw_db_user_set_disabled(s->store, u.meta.id, true, err) != 0)
		return -1;
	return kw_session_rekey(s, drop, 1, false, NULL, "user-disable", username, err);
}

int kw_session_passwd_compromised(struct kw_session *s, const char *username,
				  const struct kw_secret *pass, enum kw_kdf kdf, struct kw_err *err)
{
	/* A new seed even for herself: whoever knows the old passphrase knows the old seed. */
	if (set_passphrase(s, username, pass, kdf, true, "passwd-compromised", err) != 0)
		return -1;
	return kw_session_rekey(s, NULL, 0, false, NULL, "rekey", "a passphrase was compromised",
				err);
}

int kw_session_recover(const char *dir, const char *username, const char *code,
		       const struct kw_secret *pass, enum kw_kdf kdf, struct kw_session **out,
		       struct kw_secret **recovery_out, struct kw_err *err)
{
	struct kw_session *s = kw_xcalloc(1, sizeof(*s));
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	unsigned char pk[32];
	int rc = -1, found;

	s->dir = kw_xstrdup(dir);
	if (kw_keyfile_load(keypath, &s->kf, err) != 0 ||
	    kw_keyfile_recover(s->kf, code, username, pass, kdf, pk, &s->ring, err) != 0 ||
	    open_store(s, 0, err) != 0)
		goto out;
	found = kw_db_user_find(s->store, username, &s->user, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_set(err, KW_EUSAGE, "no user '%s' in the records", username);
		goto out;
	}
	set_actor(s);
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (kw_db_user_add_key(s->store, s->user.meta.id, pk, err) != 0 ||
	    kw_db_audit(s->store, "recover", NULL, username, err) != 0 ||
	    kw_keyfile_save(s->kf, keypath, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	if (kw_session_rekey(s, NULL, 0, true, recovery_out, "rekey", "new recovery code", err) !=
	    0)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	kw_session_close(&s);
	free(keypath);
	return rc;
}
