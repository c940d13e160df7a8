/*
 * session.c: signing in to a data directory, creating one, and managing its
 * users and keys.
 *
 * Who may hold which key is decided by the protected register, inside the
 * sensitive compartment (schema/sensitive/0006_trust.sql): an authoritative
 * copy of the key file, the signing keys the audit trail believes, and the
 * compartment secret that users' memos are made of. The key file on disk is
 * only a bootstrap copy that anyone who can write the data directory can
 * change. So:
 *
 *  - every change of keys is computed from the protected copy, committed to
 *    it first (in the same transaction as the users, signing keys and audit
 *    rows it goes with) and only then written to disk; a kill between the
 *    two leaves the disk one change behind, which the next sign-in of a
 *    keyworker or manager recognises (the protected copy keeps the hash of
 *    the copy before it) and finishes;
 *  - a key file that differs from the protected copy in any other way is
 *    disputed: the sign-in says what differs and records it, and no keys
 *    are changed until a manager runs keywork check --repair;
 *  - roles come from the protected copy for those who open it, and a
 *    session without the sensitive key is a drop-in worker's, whatever the
 *    general compartment says.
 *
 * What each slot's owner writes alone (the wrap of her seed, her memo) is
 * taken from the disk, since it proves itself (see src/crypto/keyfile.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backoff.h"
#include "keywork/access.h"
#include "keywork/app.h"
#include "keywork/outreach.h"
#include "keywork/outreachdb.h"
#include "keywork/teamdb.h"
#include "keywork/util.h"
#include "keywork/version.h"

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
	kw_store_set_actor(s->store, NULL, KW_ROLE_NONE, &signer);
	return 0;
}

static void set_actor(struct kw_session *s)
{
	struct kw_signer signer = { s->ring, sign_cb, { 0 } };

	memcpy(signer.pk, s->ring->sign_pk, 32);
	kw_store_set_actor(s->store, s->user.meta.id, s->user.role, &signer);
}

/* --- the protected register --- */

static char *kf_text(const struct kw_keyfile *kf, size_t *len)
{
	struct kw_buf b = { 0 };

	kw_keyfile_text(kf, &b);
	*len = b.len;
	return b.p;
}

static void text_hash(const char *text, size_t len, char hex[65])
{
	unsigned char h[32];

	kw_hash32(text, len, h);
	kw_hex(hex, h, 32);
}

/* The compartment secret; made (inside the caller's transaction) when create and absent. */
static int trust_secret(struct kw_session *s, bool create, struct kw_secret **out,
			struct kw_err *err)
{
	char *hex = NULL;
	int found = kw_db_trust_get(s->store, "compartment_secret", &hex, err);
	int rc = -1;

	*out = NULL;
	if (found < 0)
		return -1;
	if (found == 0 && !create)
		return 0;
	*out = kw_secret_new(32);
	if (found == 0) {
		char fresh[65];

		kw_random((*out)->p, 32);
		kw_hex(fresh, (*out)->p, 32);
		rc = kw_db_trust_set(s->store, "compartment_secret", fresh, err);
		explicit_bzero(fresh, sizeof(fresh));
	} else if (kw_unhex((*out)->p, 32, hex) != 0) {
		rc = kw_err_set(err, KW_EDATA, "the compartment secret in %s is damaged",
				KW_SENSITIVE_DB);
	} else {
		rc = 0;
	}
	if (hex != NULL) {
		explicit_bzero(hex, strlen(hex));
		free(hex);
	}
	if (rc != 0)
		kw_secret_free(out);
	return rc == 0 ? 1 : -1;
}

/* Loads the protected copy: 1 (with the hash of the copy before it), 0 if none, -1. */
static int trust_load(struct kw_session *s, struct kw_keyfile **out, char prev[65],
		      struct kw_err *err)
{
	char *text = NULL, *p = NULL;
	int found = kw_db_trust_get(s->store, "keyfile", &text, err);

	*out = NULL;
	prev[0] = '\0';
	if (found <= 0)
		return found;
	if (kw_db_trust_get(s->store, "keyfile_prev", &p, err) < 0) {
		free(text);
		return -1;
	}
	snprintf(prev, 65, "%s", p != NULL ? p : "");
	free(p);
	found = kw_keyfile_parse(text, strlen(text), "the protected copy of the key file", out,
				 err) == 0
			? 1
			: -1;
	free(text);
	return found;
}

/* Makes kf the protected copy (inside the caller's transaction), remembering the one before. */
static int trust_put(struct kw_session *s, const struct kw_keyfile *kf, struct kw_err *err)
{
	char *old = NULL, *text, prev[65] = "";
	size_t len;
	int rc = -1;

	if (kw_db_trust_get(s->store, "keyfile", &old, err) < 0)
		return -1;
	if (old != NULL)
		text_hash(old, strlen(old), prev);
	text = kf_text(kf, &len);
	if (kw_db_trust_set(s->store, "keyfile", text, err) == 0 &&
	    kw_db_trust_set(s->store, "keyfile_prev", prev, err) == 0)
		rc = 0;
	free(text);
	free(old);
	return rc;
}

/* The key file on disk, as text and parsed (*kf NULL if it does not parse). */
static char *disk_text(const char *dir, size_t *len, struct kw_keyfile **kf)
{
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	struct kw_buf b = { 0 };
	FILE *fp = fopen(keypath, "re");
	char buf[4096];
	size_t n;

	*kf = NULL;
	if (fp != NULL) {
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			kw_buf_add(&b, buf, n);
		fclose(fp);
	}
	if (b.p == NULL)
		b.p = kw_xstrdup("");
	*len = b.len;
	if (kw_keyfile_parse(b.p, b.len, keypath, kf, NULL) != 0)
		*kf = NULL;
	free(keypath);
	return b.p;
}

/* A list of plain sentences (disputes, schema problems): one added, all freed. */
static void lines_add(char ***v, size_t *n, const char *what)
{
	*v = kw_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = kw_xstrdup(what);
}

static void lines_free(char ***v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

static void note_schema(void *ctx, const char *what)
{
	struct kw_session *s = ctx;

	lines_add(&s->schema_problems, &s->nschema_problems, what);
}

static void free_disputes(struct kw_session *s)
{
	lines_free(&s->disputes, &s->ndisputes);
}

static void dispute(void *ctx, const char *what)
{
	struct kw_session *s = ctx;

	lines_add(&s->disputes, &s->ndisputes, what);
}

struct names {
	char **v;
	size_t n;
};

static int add_name(void *ctx, const struct kw_user *u)
{
	struct names *nm = ctx;

	nm->v = kw_xrealloc(nm->v, (nm->n + 1) * sizeof(*nm->v));
	nm->v[nm->n++] = kw_xstrdup(u->username);
	return 0;
}

static void free_names(struct names *nm)
{
	for (size_t i = 0; i < nm->n; i++)
		free(nm->v[i]);
	free(nm->v);
}

/* Prefixes each dispute sentence found by kw_keyfile_diff. */
static void keyfile_dispute(void *ctx, const char *what)
{
	char line[320];

	snprintf(line, sizeof(line), "the key file disagrees with the protected copy: %s", what);
	dispute(ctx, line);
}

/* How the disk's key file stands against the protected copy. */
enum disk_state { DISK_SAME, DISK_BEHIND, DISK_DISPUTED };

/*
 * Compares the disk's key file with the protected copy t (whose owner-written
 * parts are first taken from the disk). *merged gets that copy. Disputes are
 * recorded in the session when record.
 */
static enum disk_state disk_against(struct kw_session *s, const struct kw_keyfile *t,
				    const char *prev, struct kw_keyfile **merged, bool record)
{
	struct kw_keyfile *d = NULL;
	size_t dlen, mlen;
	char *dtext = disk_text(s->dir, &dlen, &d), *mtext, hex[65];
	enum disk_state st = DISK_SAME;
	struct names nm = { 0 };

	*merged = kw_keyfile_dup(t);
	if (d != NULL)
		kw_keyfile_take_wraps(*merged, d);
	mtext = kf_text(*merged, &mlen);
	if (d != NULL && mlen == dlen && memcmp(mtext, dtext, dlen) == 0)
		goto out;
	text_hash(dtext, dlen, hex);
	if (prev[0] != '\0' && strcmp(hex, prev) == 0) {
		st = DISK_BEHIND;
		goto out;
	}
	/* Differences in what each owner writes alone are not a dispute (d parsed). */
	if (d != NULL && kw_keyfile_diff(*merged, d, NULL, 0, NULL, NULL) == 0) {
		st = DISK_BEHIND;
		goto out;
	}
	st = DISK_DISPUTED;
	if (!record)
		goto out;
	if (d == NULL) {
		dispute(s,
			"the key file on disk is damaged or missing; the protected copy is intact");
		goto out;
	}
	kw_db_user_each(s->store, add_name, &nm, NULL);
	kw_keyfile_diff(*merged, d, (const char *const *)nm.v, nm.n, keyfile_dispute, s);
	free_names(&nm);
out:
	kw_keyfile_free(&d);
	free(dtext);
	free(mtext);
	return st;
}

struct role_check {
	struct kw_session *s;
	const struct kw_keyfile *t;
};

/* Compares one user's row in the general compartment with the protected copy. */
static int role_against(void *ctx, const struct kw_user *u)
{
	struct role_check *rc = ctx;
	enum kw_role role;
	bool left_out, slot = kw_keyfile_slot_role(rc->t, u->username, &role, &left_out) == 1;
	char line[256];

	if (slot && !left_out && u->role != role) {
		snprintf(line, sizeof(line),
			 "the records say '%s' is a %s; the protected register says %s (keywork "
			 "goes by the register)",
			 u->username, kw_role_name(u->role), kw_role_name(role));
		dispute(rc->s, line);
	}
	if (slot && !left_out && u->disabled) {
		snprintf(line, sizeof(line),
			 "the records say '%s' is disabled, but she holds keys in the protected "
			 "register",
			 u->username);
		dispute(rc->s, line);
	}
	if ((!slot || left_out) && !u->disabled) {
		snprintf(line, sizeof(line),
			 "the records say '%s' may sign in, but the protected register gives her "
			 "no keys",
			 u->username);
		dispute(rc->s, line);
	}
	return 0;
}

/* A users row whose name is not the one the register gives its id: names swapped, say. */
static int name_against(void *ctx, const char *id, const char *row_name, const char *register_name)
{
	char line[256];

	(void)id;
	snprintf(line, sizeof(line),
		 "the records give the name '%s' to the user the protected register knows as "
		 "'%s' (keywork goes by the register; keywork check --repair writes the names "
		 "again)",
		 row_name, register_name);
	dispute(ctx, line);
	return 0;
}

/*
 * She is the user the register gives her signing key to, whatever name the
 * general compartment's rows now give that user: with names swapped there
 * (a dispute, found by verify_sensitive), she still signs in as herself,
 * with her own caseload, and never as another.
 */
static int as_registered(struct kw_session *s, const char *username, struct kw_err *err)
{
	char id[37], name[33];
	struct kw_user u;
	int found = kw_db_register_key_owner(s->store, s->ring->sign_pk, id, name, err);

	if (found <= 0 || strcmp(id, s->user.meta.id) == 0)
		return found < 0 ? -1 : 0;
	found = kw_db_user_get(s->store, id, &u, err);
	if (found <= 0)
		return found < 0 ? -1
				 : kw_err_set(err, KW_EDATA,
					      "the records have no user the protected register "
					      "gives your keys to ('%s'); ask a manager to run "
					      "keywork check",
					      name);
	snprintf(u.username, sizeof(u.username), "%s", username);
	u.role = s->user.role;
	u.disabled = s->user.disabled;
	s->user = u;
	set_actor(s);
	return 0;
}

/*
 * For a session with the sensitive compartment open: checks that it is the
 * compartment her keys were given for (her memo), adopts the register in a
 * directory made before it, brings a key file left one change behind up to
 * date (*again: the sign-in must start over with the key file now on disk),
 * records disputes, and sets her role from the register.
 */
static int verify_sensitive(struct kw_session *s, const char *username,
			    const struct kw_secret *pass, bool check_memo, bool *again,
			    struct kw_err *err)
{
	struct kw_secret *secret = NULL;
	struct kw_keyfile *t = NULL, *merged = NULL;
	char prev[65], *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	enum kw_role role;
	bool left_out;
	int rc = -1, found;

	*again = false;
	if (trust_secret(s, false, &secret, err) < 0 || (found = trust_load(s, &t, prev, err)) < 0)
		goto out;
	if (found == 0) {
		/* A directory from before the register: what stands now becomes its copy. */
		char detail[96];

		if (kw_store_begin(s->store, err) != 0)
			goto out;
		kw_secret_free(&secret);
		if (trust_secret(s, true, &secret, err) < 0)
			goto fail_tx;
		kw_keyfile_use_secret(s->kf, secret);
		if (kw_keyfile_set_memo(s->kf, username, s->ring) == 0 && pass != NULL &&
		    kw_keyfile_rewrap(s->kf, username, s->ring, pass, err) != 0)
			goto fail_tx;
		snprintf(detail, sizeof(detail),
			 "the key file's %zu slots became the protected copy",
			 kw_keyfile_slot_count(s->kf));
		if (trust_put(s, s->kf, err) != 0 || kw_db_trust_adopt_keys(s->store, err) != 0 ||
		    kw_db_audit(s->store, "trust-adopted", NULL, detail, err) != 0)
			goto fail_tx;
		if (kw_store_commit(s->store, err) != 0 ||
		    kw_keyfile_save(s->kf, keypath, err) != 0)
			goto out;
		t = kw_keyfile_dup(s->kf);
	} else {
		if (secret == NULL) {
			kw_err_set(err, KW_EDATA, "%s has lost its compartment secret",
				   KW_SENSITIVE_DB);
			goto out;
		}
		/*
		 * Her memo proves the compartment is the one her keys were given
		 * for. A slot without one predates memos, unless the protected
		 * copy shows that her slot had one: then it was stripped.
		 */
		if (check_memo &&
		    (s->ring->has_memo
			     ? !kw_keyring_memo_ok(s->ring, secret)
			     : s->ring->memo_required || kw_keyfile_slot_has_memo(t, username))) {
			kw_err_set(
				err, KW_EDATA,
				"%s is not the compartment your keys were given for: it may have "
				"been replaced. Nothing was written; ask a manager to run keywork "
				"check",
				KW_SENSITIVE_DB);
			goto out;
		}
		switch (disk_against(s, t, prev, &merged, true)) {
		case DISK_SAME:
			break;
		case DISK_BEHIND:
			/* A change committed here but not yet on disk, or a new passphrase there. */
			if (kw_store_begin(s->store, err) != 0)
				goto out;
			if (trust_put(s, merged, err) != 0 ||
			    kw_db_audit(s->store, "keyfile-completed", NULL,
					"the key file was brought up to the protected copy",
					err) != 0)
				goto fail_tx;
			if (kw_store_commit(s->store, err) != 0 ||
			    kw_keyfile_save(merged, keypath, err) != 0)
				goto out;
			*again = true;
			rc = 0;
			goto out;
		case DISK_DISPUTED: {
			char detail[96];

			snprintf(detail, sizeof(detail), "%zu difference%s", s->ndisputes,
				 s->ndisputes == 1 ? "" : "s");
			if (kw_db_audit(s->store, "keyfile-disputed", NULL, detail, err) != 0)
				goto out;
			break;
		}
		}
		/* Her slot had no memo yet (made before memos): it gets one now. */
		if (!s->ring->has_memo && s->ndisputes == 0) {
			kw_keyfile_use_secret(s->kf, secret);
			if (kw_keyfile_set_memo(s->kf, username, s->ring) == 0 &&
			    (pass == NULL ||
			     kw_keyfile_rewrap(s->kf, username, s->ring, pass, err) == 0) &&
			    kw_store_begin(s->store, err) == 0) {
				kw_keyfile_take_wraps(merged, s->kf);
				if (trust_put(s, merged, err) != 0) {
					kw_store_rollback(s->store);
					goto out;
				}
				if (kw_store_commit(s->store, err) != 0 ||
				    kw_keyfile_save(merged, keypath, err) != 0)
					goto out;
			}
		}
	}
	if (kw_keyfile_slot_role(t, username, &role, &left_out) != 1 || left_out) {
		kw_err_set(err, KW_ENOPERM,
			   "'%s' holds no keys in the protected register (she was removed, or the "
			   "key file was changed); ask a manager",
			   username);
		goto out;
	}
	s->user.role = role;
	s->user.disabled = false;
	{
		struct role_check rck = { s, t };

		if (kw_db_user_each(s->store, role_against, &rck, err) != 0 ||
		    kw_db_users_misnamed_each(s->store, name_against, s, err) != 0)
			goto out;
	}
	kw_keyfile_free(&s->trusted);
	s->trusted = t;
	t = NULL;
	rc = 0;
	goto out;
fail_tx:
	kw_store_rollback(s->store);
out:
	kw_secret_free(&secret);
	kw_keyfile_free(&t);
	kw_keyfile_free(&merged);
	free(keypath);
	return rc;
}

/*
 * Begins a change of keys: takes the store's write lock, and gives in *kf the
 * protected copy (with the owners' own parts from the disk) to change, holding
 * the compartment secret. A key file one change behind is brought up to date
 * first; a disputed one refuses. The caller changes *kf and ends with
 * change_commit, or rolls back the store and frees *kf.
 */
static int change_begin(struct kw_session *s, struct kw_keyfile **kf, struct kw_err *err)
{
	struct kw_keyfile *t = NULL;
	struct kw_secret *secret = NULL;
	char prev[65], *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	int rc = -1;

	*kf = NULL;
	if (!kw_store_has_sensitive(s->store)) {
		free(keypath);
		return kw_err_set(err, KW_ENOPERM,
				  "changing keys needs the sensitive compartment, which your role "
				  "does not open");
	}
	if (kw_store_begin(s->store, err) != 0) {
		free(keypath);
		return -1;
	}
	if (trust_load(s, &t, prev, err) <= 0 || trust_secret(s, false, &secret, err) <= 0) {
		if (err->status == KW_OK || err->msg[0] == '\0')
			kw_err_set(err, KW_EDATA, "the protected register is empty; sign in again");
		goto out;
	}
	switch (disk_against(s, t, prev, kf, false)) {
	case DISK_SAME:
		break;
	case DISK_BEHIND:
		if (kw_keyfile_save(*kf, keypath, err) != 0)
			goto out;
		break;
	case DISK_DISPUTED:
		kw_err_set(err, KW_EDATA,
			   "the key file disagrees with the protected register (see keywork "
			   "check); no keys are changed until a manager runs keywork check "
			   "--repair");
		goto out;
	}
	kw_keyfile_use_secret(*kf, secret);
	rc = 0;
out:
	if (rc != 0) {
		kw_store_rollback(s->store);
		kw_keyfile_free(kf);
	}
	kw_keyfile_free(&t);
	kw_secret_free(&secret);
	free(keypath);
	return rc;
}

/*
 * Ends a change begun by change_begin: kf becomes the protected copy, the
 * transaction commits, and then the disk's key file is written. kf moves
 * into the session (its kf and trusted copy).
 */
static int change_commit(struct kw_session *s, struct kw_keyfile *kf, struct kw_err *err)
{
	char *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	int rc = -1;

	if (trust_put(s, kf, err) != 0) {
		kw_store_rollback(s->store);
		kw_keyfile_free(&kf);
		goto out;
	}
	if (kw_store_commit(s->store, err) != 0) {
		kw_keyfile_free(&kf);
		goto out;
	}
	kw_keyfile_free(&s->trusted);
	s->trusted = kw_keyfile_dup(kf);
	kw_keyfile_free(&s->kf);
	s->kf = kf;
	/* Committed: if this write is lost, the next sign-in finishes it. */
	if (kw_keyfile_save(s->kf, keypath, err) != 0)
		goto out;
	rc = 0;
out:
	free(keypath);
	return rc;
}

/* Called with the next keys in the ring: re-encrypts each file not yet under them. */
static int rekey_files(struct kw_session *s, struct kw_err *err)
{
	unsigned long next = kw_keyfile_pending(s->kf);
	struct kw_secret *g = kw_key_sql(s->ring->next_general);
	struct kw_secret *x = kw_key_sql(s->ring->next_sensitive);
	int rc = -1;

	if (next == 0 || g == NULL || x == NULL || !kw_store_has_sensitive(s->store)) {
		kw_err_set(err, KW_ESOFTWARE, "no change of keys to finish");
		goto out;
	}
	/*
	 * Ctrl-C (kw_watch_current) stops before a file, never inside one: the
	 * change is then finished at the next sign-in, as after a crash.
	 */
	if ((kw_store_generation(s->store, true) != next &&
	     (kw_watch_check(kw_watch_current(), err) != 0 ||
	      kw_store_rekey(s->store, true, (const char *)x->p, x->len, next, err) != 0)) ||
	    (kw_store_generation(s->store, false) != next &&
	     (kw_watch_check(kw_watch_current(), err) != 0 ||
	      kw_store_rekey(s->store, false, (const char *)g->p, g->len, next, err) != 0)))
		goto out;
	rc = 0;
out:
	kw_secret_free(&g);
	kw_secret_free(&x);
	return rc;
}

/*
 * Completes a change of keys whose pending keys are in the key file and in
 * the ring: each file still under the old key is re-encrypted, then the
 * pending keys become current (dropping slots left out), first in the
 * protected copy, then on disk. Every step can be interrupted; the next
 * sign-in resumes here.
 */
static int rekey_finish(struct kw_session *s, const char *action, const char *detail,
			struct kw_err *err)
{
	struct kw_keyfile *kf = NULL;

	if (rekey_files(s, err) != 0 || change_begin(s, &kf, err) != 0)
		return -1;
	if (kw_keyfile_pending(kf) == 0) {
		/* Someone else finished it meanwhile. */
		kw_store_rollback(s->store);
		kw_keyfile_free(&s->kf);
		s->kf = kf;
	} else {
		kw_keyfile_rekey_finish(kf);
		if (kw_db_audit(s->store, action, NULL, detail, err) != 0) {
			kw_store_rollback(s->store);
			kw_keyfile_free(&kf);
			return -1;
		}
		if (change_commit(s, kf, err) != 0)
			return -1;
	}
	kw_secret_free(&s->ring->general);
	kw_secret_free(&s->ring->sensitive);
	s->ring->general = s->ring->next_general;
	s->ring->sensitive = s->ring->next_sensitive;
	s->ring->next_general = s->ring->next_sensitive = NULL;
	return 0;
}

/* Starts a change of keys on kf (inside change_begin's transaction) and commits it. */
static int rekey_start(struct kw_session *s, struct kw_keyfile *kf, const char *const *drop,
		       size_t ndrop, bool new_recovery, struct kw_secret **recovery_out,
		       const char *action, const char *detail, struct kw_err *err)
{
	if (kw_keyfile_rekey_begin(kf, s->ring, drop, ndrop, new_recovery, recovery_out, err) !=
		    0 ||
	    kw_db_audit(s->store, action, NULL, detail, err) != 0) {
		kw_store_rollback(s->store);
		kw_keyfile_free(&kf);
		return -1;
	}
	return change_commit(s, kf, err);
}

int kw_session_rekey(struct kw_session *s, const char *const *drop, size_t ndrop, bool new_recovery,
		     struct kw_secret **recovery_out, const char *action, const char *detail,
		     struct kw_err *err)
{
	struct kw_keyfile *kf = NULL;

	if (!kw_store_has_sensitive(s->store) || s->ring->sensitive == NULL)
		return kw_err_set(err, KW_ENOPERM, "changing keys needs both compartments open");
	if (kw_keyfile_pending(s->kf) != 0 && s->ring->next_sensitive != NULL &&
	    rekey_finish(s, "rekey-resumed", "an interrupted change of keys", err) != 0)
		return -1;
	if (change_begin(s, &kf, err) != 0)
		return -1;
	if (kw_keyfile_pending(kf) != 0) {
		kw_store_rollback(s->store);
		kw_keyfile_free(&kf);
		return kw_err_set(
			err, KW_EUSAGE,
			"another change of keys is under way; sign in again to finish it");
	}
	if (rekey_start(s, kf, drop, ndrop, new_recovery, recovery_out, "rekey-begin", action,
			err) != 0)
		return -1;
	return rekey_finish(s, action, detail, err);
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
	kw_keyfile_free(&s->trusted);
	free_disputes(s);
	lines_free(&s->access_problems, &s->naccess_problems);
	lines_free(&s->schema_problems, &s->nschema_problems);
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
	struct kw_secret *secret = NULL;
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
	if (open_store(s, KW_STORE_CREATE, err) != 0 || kw_store_begin(s->store, err) != 0)
		goto out;
	if (trust_secret(s, true, &secret, err) < 0)
		goto fail_tx;
	/* Her memo and the recovery code's, of the secret only this compartment holds. */
	kw_keyfile_use_secret(s->kf, secret);
	if (kw_keyfile_set_memo(s->kf, username, s->ring) != 0 ||
	    kw_keyfile_rewrap(s->kf, username, s->ring, pass, err) != 0 ||
	    kw_keyfile_set_recovery_memo(s->kf, (const char *)(*recovery_out)->p) != 0) {
		kw_err_set(err, KW_ESOFTWARE, "cannot write the key file's memos");
		goto fail_tx;
	}
	if (kw_db_user_add(s->store, username, KW_ROLE_MANAGER, s->ring->sign_pk, &s->user, err) !=
	    0)
		goto fail_tx;
	set_actor(s);
	if (kw_db_audit(s->store, "init", NULL, demo ? "demo data directory" : "data directory",
			err) != 0 ||
	    kw_db_audit(s->store, "user-add", NULL, "manager", err) != 0 ||
	    trust_put(s, s->kf, err) != 0)
		goto fail_tx;
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	s->trusted = kw_keyfile_dup(s->kf);
	/* The key file last: until it exists, the directory holds nothing usable. */
	if (kw_keyfile_save(s->kf, keypath, err) != 0)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
	goto out;
fail_tx:
	kw_store_rollback(s->store);
out:
	if (rc != 0) {
		kw_session_close(&s);
		if (created)
			kw_data_remove(dir);
		if (*recovery_out != NULL)
			kw_secret_free(recovery_out);
	}
	kw_secret_free(&secret);
	free(keypath);
	return rc;
}

/* One attempt at signing in; *again asks for another with the key file now on disk. */
static int open_once(const char *dir, const char *username, const struct kw_secret *pass,
		     struct kw_session **out, bool *again, struct kw_err *err)
{
	static const char *const files[] = { KW_GENERAL_DB, KW_SENSITIVE_DB, KW_KEY_FILE,
					     KW_STATE_FILE };
	struct kw_session *s = kw_xcalloc(1, sizeof(*s));
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	struct kw_backoff bo = { 0 };
	char tag[65];
	int rc = -1, found;

	*again = false;
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
	if (kw_store_has_sensitive(s->store)) {
		/* The signing actor is needed for the register's own audit rows. */
		s->user.role = KW_ROLE_NONE;
		set_actor(s);
		/* The register decides; a disabled flag it does not share is a dispute. */
		if (verify_sensitive(s, username, pass, true, again, err) != 0)
			goto out;
		if (*again) {
			rc = 0;
			goto out;
		}
		if (as_registered(s, username, err) != 0)
			goto out;
	} else {
		/*
		 * Without the sensitive key she is a drop-in worker, whatever the
		 * general compartment (which she can write) or the key file says.
		 */
		if (s->user.role != KW_ROLE_DROPIN || s->ring->role != KW_ROLE_DROPIN) {
			kw_err_set(err, KW_ENOPERM,
				   "the records give '%s' the role %s, but her keys are a drop-in "
				   "worker's: the records were changed. She cannot sign in until a "
				   "manager runs keywork check",
				   username,
				   kw_role_name(s->user.role != KW_ROLE_DROPIN ? s->user.role
									       : s->ring->role));
			goto out;
		}
		if (s->user.disabled) {
			kw_err_why(err, KW_ENOPERM, KW_R_DISABLED,
				   "'%s' has been disabled; ask a manager", username);
			goto out;
		}
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
	{
		/* Which keywork signed in, so a report of a problem can say what wrote what. */
		char detail[64];

		snprintf(detail, sizeof(detail), "%s, keywork %s", kw_role_name(s->user.role),
			 KEYWORK_VERSION);
		if (kw_db_audit(s->store, "login", NULL, detail, err) != 0)
			goto out;
	}
	/* Who is hidden from her, and whether a restriction was changed outside keywork. */
	if (kw_access_refresh(s, err) != 0)
		goto out;
	/* Whether a compartment's indexes, views, triggers or tables were changed outside keywork. */
	if (kw_db_schema_check(s->store, note_schema, s, err) < 0)
		goto out;
	/* A change of keys was interrupted: whoever holds both new keys finishes it. */
	if (kw_keyfile_pending(s->kf) != 0 && s->ring->next_sensitive != NULL &&
	    s->ndisputes == 0 &&
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

void kw_session_allow_changed_schema(void)
{
	kw_store_allow_changed_schema(true);
}

int kw_session_open(const char *dir, const char *username, const struct kw_secret *pass,
		    struct kw_session **out, struct kw_err *err)
{
	bool again = false;

	*out = NULL;
	if (open_once(dir, username, pass, out, &again, err) != 0)
		return -1;
	if (!again)
		return 0;
	/* The key file was a change behind and is now up to date: sign in from it. */
	if (open_once(dir, username, pass, out, &again, err) != 0) {
		if (err->status == KW_ENOPERM)
			kw_err_prefix(err, "a change of keys that had been interrupted is now "
					   "complete");
		return -1;
	}
	if (again)
		return kw_err_set(err, KW_EDATA,
				  "the key file keeps changing under this sign-in; try again");
	return 0;
}

int kw_session_repair_keys(struct kw_session *s, struct kw_err *err)
{
	char *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	struct kw_keyfile *t = NULL, *merged = NULL;
	char prev[65], detail[96];
	long renamed = 0;
	int rc = -1;

	if (!kw_session_is(s, KW_ROLE_MANAGER)) {
		kw_err_set(err, KW_ENOPERM, "only a manager can repair the key file");
		goto out;
	}
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (trust_load(s, &t, prev, err) <= 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	/* What owners wrote alone is kept only for slots whose keys are theirs. */
	disk_against(s, t, prev, &merged, false);
	snprintf(detail, sizeof(detail),
		 "the key file was rewritten from the protected copy (%zu "
		 "difference%s)",
		 s->ndisputes, s->ndisputes == 1 ? "" : "s");
	if (trust_put(s, merged, err) != 0 ||
	    kw_db_users_rename_from_register(s->store, &renamed, err) != 0 ||
	    kw_db_audit(s->store, "keyfile-repaired", NULL, detail, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	if (renamed > 0) {
		snprintf(detail, sizeof(detail),
			 "%ld user%s given the name the protected register holds again", renamed,
			 renamed == 1 ? "" : "s");
		if (kw_db_audit(s->store, "users-renamed", NULL, detail, err) != 0) {
			kw_store_rollback(s->store);
			goto out;
		}
	}
	if (kw_store_commit(s->store, err) != 0 || kw_keyfile_save(merged, keypath, err) != 0)
		goto out;
	kw_keyfile_free(&s->kf);
	s->kf = merged;
	merged = NULL;
	free_disputes(s);
	rc = 0;
out:
	kw_keyfile_free(&t);
	kw_keyfile_free(&merged);
	free(keypath);
	return rc;
}

int kw_session_user_add(struct kw_session *s, const char *username, enum kw_role role,
			const struct kw_secret *pass, enum kw_kdf kdf, struct kw_err *err)
{
	struct kw_keyfile *kf = NULL;
	unsigned char pk[32];

	if (!kw_session_is(s, KW_ROLE_MANAGER))
		return kw_err_set(err, KW_ENOPERM, "only a manager can add users");
	if (role == KW_ROLE_NONE)
		return kw_err_set(err, KW_EUSAGE,
				  "a user needs a role: manager, keyworker or dropin");
	/* The register and records first, in one transaction; the disk's key file after. */
	if (change_begin(s, &kf, err) != 0)
		return -1;
	if (kw_keyfile_add_user(kf, s->ring, username, role, pass, kdf, pk, err) != 0 ||
	    kw_db_user_add(s->store, username, role, pk, NULL, err) != 0 ||
	    kw_db_audit(s->store, "user-add", NULL, kw_role_name(role), err) != 0) {
		kw_store_rollback(s->store);
		kw_keyfile_free(&kf);
		return -1;
	}
	return change_commit(s, kf, err);
}

/*
 * Her own new passphrase, keeping her keys: only the wrap of her seed
 * changes, which proves itself, so the disk's key file alone is rewritten
 * (a drop-in worker holds no key to the register).
 */
static int passwd_self(struct kw_session *s, const struct kw_secret *pass, enum kw_kdf kdf,
		       struct kw_err *err)
{
	char *keypath = kw_path_join(s->dir, KW_KEY_FILE);
	struct kw_keyfile *d = NULL;
	unsigned char pk[32];
	int rc = -1;

	if (kw_store_begin(s->store, err) != 0)
		goto out;
	if (kw_keyfile_load(keypath, &d, err) != 0 ||
	    !kw_keyfile_slot_is(d, s->user.username, s->ring->box_pk)) {
		if (d != NULL)
			kw_err_set(err, KW_EDATA,
				   "your slot in the key file is not yours any more; ask a "
				   "manager");
		kw_store_rollback(s->store);
		goto out;
	}
	if (kw_keyfile_set_passphrase(d, s->user.username, s->ring, true, pass, kdf, pk, err) !=
		    0 ||
	    kw_db_audit(s->store, "passwd", NULL, s->user.username, err) != 0 ||
	    kw_keyfile_save(d, keypath, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	kw_keyfile_free(&s->kf);
	s->kf = d;
	d = NULL;
	rc = 0;
out:
	kw_keyfile_free(&d);
	free(keypath);
	return rc;
}

/*
 * A new seed for username (a manager's reset, or a compromised passphrase):
 * new key pairs, so a change of the register. With rekey, both compartment
 * keys change in the same committed step.
 */
static int passwd_new_seed(struct kw_session *s, const char *username, const struct kw_secret *pass,
			   enum kw_kdf kdf, bool rekey, struct kw_err *err)
{
	struct kw_keyfile *kf = NULL;
	struct kw_user target;
	unsigned char pk[32];
	int found;

	found = kw_db_user_find(s->store, username, &target, err);
	if (found <= 0)
		return found < 0 ? -1 : kw_err_set(err, KW_EUSAGE, "no user '%s'", username);
	if (rekey && kw_keyfile_pending(s->kf) != 0 && s->ring->next_sensitive != NULL &&
	    rekey_finish(s, "rekey-resumed", "an interrupted change of keys", err) != 0)
		return -1;
	if (change_begin(s, &kf, err) != 0)
		return -1;
	if (kw_keyfile_set_passphrase(kf, username, s->ring, false, pass, kdf, pk, err) != 0 ||
	    kw_db_user_add_key(s->store, target.meta.id, pk, err) != 0 ||
	    kw_db_audit(s->store, rekey ? "passwd-compromised" : "passwd-reset", NULL, username,
			err) != 0) {
		kw_store_rollback(s->store);
		kw_keyfile_free(&kf);
		return -1;
	}
	if (!rekey)
		return change_commit(s, kf, err);
	if (rekey_start(s, kf, NULL, 0, false, NULL, "rekey-begin", "a passphrase was compromised",
			err) != 0)
		return -1;
	return rekey_finish(s, "rekey", "a passphrase was compromised", err);
}

int kw_session_passwd(struct kw_session *s, const char *username, const struct kw_secret *pass,
		      enum kw_kdf kdf, struct kw_err *err)
{
	bool self = strcmp(username, s->user.username) == 0;

	if (!self && !kw_session_is(s, KW_ROLE_MANAGER))
		return kw_err_set(err, KW_ENOPERM,
				  "only a manager can set another user's passphrase");
	/* Her own change keeps her keys; a manager's reset gives her new ones. */
	return self ? passwd_self(s, pass, kdf, err)
		    : passwd_new_seed(s, username, pass, kdf, false, err);
}

static int count_woman(void *ctx, const char *client_id)
{
	(void)client_id;
	(*(long *)ctx)++;
	return 0;
}

int kw_session_disable(struct kw_session *s, const char *username, struct kw_err *err)
{
	const char *drop[1] = { username };
	struct kw_keyfile *kf = NULL;
	struct kw_user u;
	int found;

	if (!kw_session_is(s, KW_ROLE_MANAGER))
		return kw_err_set(err, KW_ENOPERM, "only a manager can disable users");
	if (strcmp(username, s->user.username) == 0)
		return kw_err_set(err, KW_EUSAGE, "you cannot disable yourself");
	found = kw_db_user_find(s->store, username, &u, err);
	if (found <= 0)
		return found < 0 ? -1 : kw_err_set(err, KW_EUSAGE, "no user '%s'", username);
	/*
	 * No woman is left with a keyworker who cannot sign in: her caseload is
	 * allocated to others, or moved to the queue, first. (A user disabled
	 * already is let through, so an interrupted change of keys can finish.)
	 */
	if (!u.disabled) {
		long women = 0;

		if (kw_db_caseload_ids(s->store, u.meta.id, count_woman, &women, err) != 0)
			return -1;
		if (women > 0)
			return kw_err_why(
				err, KW_EDATA, KW_R_RULE,
				"'%s' is still the keyworker of %ld wom%s: allocate %s to others "
				"(A "
				"on a manager's Today), or move %s to the queue with "
				"'keywork user disable %s --to-queue'; nothing was changed",
				username, women, women == 1 ? "an" : "en",
				women == 1 ? "her" : "them", women == 1 ? "her" : "them", username);
	}
	if (kw_keyfile_pending(s->kf) != 0 && s->ring->next_sensitive != NULL &&
	    rekey_finish(s, "rekey-resumed", "an interrupted change of keys", err) != 0)
		return -1;
	/* Her record and the register leaving her out, in one committed step. */
	if (change_begin(s, &kf, err) != 0)
		return -1;
	if (!u.disabled && kw_db_user_set_disabled(s->store, u.meta.id, true, err) != 0) {
		kw_store_rollback(s->store);
		kw_keyfile_free(&kf);
		return -1;
	}
	/* Her outreach laptops are revoked with her: their bundles are refused from now on. */
	{
		long nl = 0;

		if (kw_outreach_revoke_user(s, u.meta.id, &nl, err) != 0) {
			kw_store_rollback(s->store);
			kw_keyfile_free(&kf);
			return -1;
		}
	}
	if (rekey_start(s, kf, drop, 1, false, NULL, "rekey-begin", "user-disable", err) != 0)
		return -1;
	return rekey_finish(s, "user-disable", username, err);
}

int kw_session_passwd_compromised(struct kw_session *s, const char *username,
				  const struct kw_secret *pass, enum kw_kdf kdf, struct kw_err *err)
{
	if (strcmp(username, s->user.username) != 0 && !kw_session_is(s, KW_ROLE_MANAGER))
		return kw_err_set(err, KW_ENOPERM,
				  "only a manager can set another user's passphrase");
	/* A new seed even for herself: whoever knows the old passphrase knows the old seed. */
	return passwd_new_seed(s, username, pass, kdf, true, err);
}

int kw_session_recover(const char *dir, const char *username, const char *code,
		       const struct kw_secret *pass, enum kw_kdf kdf, struct kw_session **out,
		       struct kw_secret **recovery_out, struct kw_err *err)
{
	struct kw_session *s = kw_xcalloc(1, sizeof(*s));
	struct kw_keyfile *kf = NULL, *disk = NULL;
	struct kw_secret *secret = NULL;
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	unsigned char pk[32];
	bool again;
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
	/*
	 * The recovery code's memo proves the compartment is the real one. A
	 * directory from before the register has no secret yet, and its code
	 * (made before memos) demands none.
	 */
	if (trust_secret(s, false, &secret, err) < 0)
		goto out;
	if (secret == NULL ? kw_recovery_code_demands_memo(code)
			   : !kw_keyfile_recovery_memo_ok(s->kf, code, secret)) {
		kw_err_set(err, KW_EDATA,
			   "%s is not the compartment this recovery code was made for: it may have "
			   "been replaced. Nothing was written",
			   KW_SENSITIVE_DB);
		goto out;
	}
	s->user.role = KW_ROLE_NONE;
	set_actor(s);
	disk = s->kf;
	s->kf = NULL;
	/* Her new slot goes into the register as any change does; the key file follows. */
	if (kw_keyfile_load(keypath, &s->kf, err) != 0 ||
	    verify_sensitive(s, username, NULL, false, &again, err) != 0)
		goto out;
	if (s->ndisputes > 0) {
		kw_err_set(err, KW_EDATA,
			   "the key file disagrees with the protected register; a manager must "
			   "run keywork check --repair before a recovery");
		goto out;
	}
	set_actor(s);
	if (change_begin(s, &kf, err) != 0)
		goto out;
	if (kw_keyfile_copy_slot(kf, disk, username) != 0 ||
	    kw_keyfile_set_memo(kf, username, s->ring) != 0 ||
	    kw_keyfile_rewrap(kf, username, s->ring, pass, err) != 0) {
		kw_err_set(err, KW_ESOFTWARE, "cannot give '%s' her new slot", username);
		kw_store_rollback(s->store);
		kw_keyfile_free(&kf);
		goto out;
	}
	if (kw_db_user_add_key(s->store, s->user.meta.id, pk, err) != 0 ||
	    kw_db_audit(s->store, "recover", NULL, username, err) != 0) {
		kw_store_rollback(s->store);
		kw_keyfile_free(&kf);
		goto out;
	}
	if (change_commit(s, kf, err) != 0)
		goto out;
	if (kw_session_rekey(s, NULL, 0, true, recovery_out, "rekey", "new recovery code", err) !=
	    0)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	kw_keyfile_free(&disk);
	kw_secret_free(&secret);
	kw_session_close(&s);
	free(keypath);
	return rc;
}

int kw_session_create_laptop(const char *dir, const char *username, struct kw_keyfile *kf,
			     struct kw_keyring *ring, struct kw_secret *sensitive,
			     const struct kw_laptop_hooks *h, struct kw_err *err)
{
	struct kw_session *s = kw_xcalloc(1, sizeof(*s));
	struct kw_secret *secret = NULL;
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	bool created = false;
	int rc = -1, found;

	s->dir = kw_xstrdup(dir);
	s->kf = kf;
	s->ring = ring;
	/* A drop-in worker's laptop has the compartment too; only its making holds the key. */
	if (ring->sensitive == NULL) {
		ring->sensitive = sensitive;
		sensitive = NULL;
	}
	if (kw_mkdir_private(dir, err) != 0)
		goto out;
	if (dir_has_data(dir)) {
		kw_err_set(err, KW_EUSAGE, "%s already holds keywork data; nothing was changed",
			   dir);
		goto out;
	}
	created = true;
	if (open_store(s, KW_STORE_CREATE, err) != 0 || h->before(h->ctx, s, err) != 0 ||
	    kw_store_begin(s->store, err) != 0)
		goto out;
	if (trust_secret(s, true, &secret, err) < 0)
		goto fail_tx;
	/* Her memo of this laptop's own compartment secret. */
	kw_keyfile_use_secret(s->kf, secret);
	if (kw_keyfile_set_memo(s->kf, username, s->ring) != 0) {
		kw_err_set(err, KW_ESOFTWARE, "cannot write the key file's memo");
		goto fail_tx;
	}
	if (h->load(h->ctx, s, err) != 0)
		goto fail_tx;
	found = kw_db_user_find(s->store, username, &s->user, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_set(err, KW_EDATA, "the bundle does not hold the user '%s'",
				   username);
		goto fail_tx;
	}
	set_actor(s);
	if (kw_db_trust_adopt_keys(s->store, err) != 0 ||
	    kw_db_audit(s->store, "init", NULL, "outreach laptop data directory", err) != 0 ||
	    h->after(h->ctx, s, err) != 0 || trust_put(s, s->kf, err) != 0)
		goto fail_tx;
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	/* The key file last: until it exists, the directory holds nothing usable. */
	if (kw_keyfile_save(s->kf, keypath, err) != 0)
		goto out;
	rc = 0;
	goto out;
fail_tx:
	kw_store_rollback(s->store);
out:
	kw_session_close(&s);
	if (rc != 0 && created)
		kw_data_remove(dir);
	kw_secret_free(&sensitive);
	kw_secret_free(&secret);
	free(keypath);
	return rc;
}
