/*
 * outreach.c: outreach laptops: the registry at the centre, the first bundle,
 * revocation, and starting a laptop from its first bundle.
 *
 * What may leave the building is decided here: the women named (or her
 * caseload), never one restricted to named staff; the sensitive compartment
 * only for a role that holds its key; case notes only as she may read them
 * (src/db/outreach.c copies the rows). The bundle key is made for the bundle
 * and sealed to her key alone, whose slot the protected register must vouch
 * for, so a key file changed on disk cannot send her women to someone else.
 * The laptop's compartments get keys of their own (kw_keyfile_create_laptop):
 * nothing the centre's key file opens is on it, and its key file opens
 * nothing at the centre.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keywork/date.h"
#include "keywork/outreach.h"
#include "keywork/teamdb.h"
#include "keywork/util.h"

static int valid_name(const char *n, struct kw_err *err)
{
	size_t len = strlen(n);

	if (len == 0 || len > 64)
		return kw_err_set(err, KW_EUSAGE, "a laptop's name has 1 to 64 characters");
	for (size_t i = 0; i < len; i++) {
		char c = n[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return kw_err_set(
				err, KW_EUSAGE,
				"laptop '%s': use lower-case letters, digits, '.', '_' and "
				"'-' only",
				n);
	}
	return 0;
}

struct ids {
	char **v;
	size_t n;
};

static void ids_add(struct ids *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], id) == 0)
			return;
	l->v = kw_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = kw_xstrdup(id);
}

static void ids_free(struct ids *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int caseload_one(void *ctx, const char *client_id)
{
	ids_add(ctx, client_id);
	return 0;
}

/*
 * The women the laptop takes, checked: each on record, visible to the
 * sender, not restricted to named staff, and (for a keyworker's own laptop)
 * on her caseload. Their references go into refs, in the same order.
 */
static int choose_women(struct kw_session *s, const struct kw_user *her, const char *women,
			struct ids *out, struct ids *refs, struct kw_err *err)
{
	bool manager = kw_session_is(s, KW_ROLE_MANAGER);
	struct ids chosen = { 0 };
	int rc = -1;

	if (women == NULL) {
		if (kw_db_caseload_ids(s->store, her->meta.id, caseload_one, &chosen, err) != 0)
			goto out;
		if (chosen.n == 0) {
			kw_err_set(err, KW_EUSAGE,
				   "'%s' has no women on her caseload; name them with --women "
				   "REF,...",
				   her->username);
			goto out;
		}
	} else {
		char *copy = kw_xstrdup(women), *save = NULL;

		for (char *t = strtok_r(copy, ",", &save); t != NULL;
		     t = strtok_r(NULL, ",", &save)) {
			struct kw_client c = { 0 };
			int found;

			while (*t == ' ')
				t++;
			if (*t == '\0')
				continue;
			found = kw_db_client_get(s->store, t, &c, err);
			if (found <= 0) {
				if (found == 0)
					kw_err_set(err, KW_EUSAGE,
						   "--women: no woman has the reference '%s'", t);
				free(copy);
				goto out;
			}
			ids_add(&chosen, c.meta.id);
			kw_client_clear(&c);
		}
		free(copy);
		if (chosen.n == 0) {
			kw_err_set(err, KW_EUSAGE, "--women names no woman");
			goto out;
		}
	}
	for (size_t i = 0; i < chosen.n; i++) {
		struct kw_client c = { 0 };
		int found = kw_db_client_get(s->store, chosen.v[i], &c, err), named;

		if (found <= 0) {
			if (found == 0)
				kw_err_set(err, KW_EDATA,
					   "a woman of the caseload is not on record");
			goto out;
		}
		named = kw_db_named_staff_only(s->store, c.meta.id, err);
		if (named < 0) {
			kw_client_clear(&c);
			goto out;
		}
		if (named) {
			kw_err_why(err, KW_EDATA, KW_R_RULE,
				   "%s's record is restricted to named staff: it does not go on a "
				   "laptop; nothing was written",
				   c.reference);
			kw_client_clear(&c);
			goto out;
		}
		if (!manager &&
		    (c.keyworker_id == NULL || strcmp(c.keyworker_id, her->meta.id) != 0)) {
			kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				   "%s is not on your caseload: only a manager puts another "
				   "keyworker's women on a laptop",
				   c.reference);
			kw_client_clear(&c);
			goto out;
		}
		ids_add(out, c.meta.id);
		ids_add(refs, c.reference);
		kw_client_clear(&c);
	}
	rc = 0;
out:
	ids_free(&chosen);
	return rc;
}

/* A new private file beside path for the bundle's database; its name into tmp. */
static int temp_beside(const char *path, char **tmp, struct kw_err *err)
{
	struct kw_buf b = { 0 };
	int fd;

	kw_buf_printf(&b, "%s.tmp-XXXXXX", path);
	fd = mkstemp(b.p);
	if (fd < 0) {
		kw_err_set(err, KW_EIO, "cannot create a file beside %s: %s", path,
			   strerror(errno));
		kw_buf_free(&b);
		return -1;
	}
	fchmod(fd, 0600);
	close(fd);
	*tmp = b.p;
	return 0;
}

int kw_outreach_add(struct kw_session *s, const char *laptop, const char *username,
		    const char *women, const char *out_path, struct kw_outreach_added *rep,
		    struct kw_err *err)
{
	struct kw_user her = { 0 };
	struct kw_laptop existing;
	struct ids chosen = { 0 }, refs = { 0 };
	struct kw_buf slot = { 0 };
	struct kw_bundle b = { 0 };
	struct kw_secret *key = NULL, *keysql = NULL;
	unsigned char to[1][32];
	char *tmp = NULL, linkname[65], now[21], laptop_id[37];
	bool in_tx = false, made_out = false;
	FILE *out = NULL;
	int rc = -1, found, fd;

	memset(rep, 0, sizeof(*rep));
	if (valid_name(laptop, err) != 0)
		return -1;
	if ((found = kw_db_outreach_link_name(s->store, linkname, err)) != 0) {
		if (found > 0)
			kw_err_set(err, KW_EUSAGE,
				   "this data directory is the laptop '%s': laptops are added at "
				   "the centre",
				   linkname);
		return -1;
	}
	found = kw_db_user_find(s->store, username, &her, err);
	if (found <= 0)
		return found < 0 ? -1 : kw_err_set(err, KW_EUSAGE, "no user '%s'", username);
	if (!kw_session_is(s, KW_ROLE_MANAGER) &&
	    (strcmp(username, s->user.username) != 0 || !kw_session_is(s, KW_ROLE_KEYWORKER)))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "only a manager, or a keyworker for her own caseload, adds an "
				  "outreach laptop");
	if (her.disabled)
		return kw_err_set(err, KW_EUSAGE, "'%s' is disabled: she gets no laptop", username);
	if (!kw_store_has_sensitive(s->store) || s->trusted == NULL)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "adding a laptop needs the sensitive compartment, which your "
				  "role does not open");
	if (s->ndisputes > 0)
		return kw_err_set(err, KW_EDATA,
				  "the key file disagrees with the protected register (see keywork "
				  "check): no laptop is added until a manager runs keywork check "
				  "--repair");
	/* Her slot from the key file, sealed to only if the register says the key is hers. */
	if (kw_keyfile_slot_text(s->kf, username, &slot) != 0 ||
	    !kw_keyfile_box_pk(s->kf, username, to[0]) ||
	    !kw_keyfile_slot_is(s->trusted, username, to[0]))
		return kw_err_set(err, KW_EDATA,
				  "'%s' holds no keys the protected register vouches for; ask a "
				  "manager to run keywork check",
				  username);
	if ((found = kw_db_laptop_find(s->store, laptop, &existing, err)) != 0) {
		if (found > 0)
			kw_err_set(err, KW_EUSAGE,
				   "a laptop called '%s' is already registered (keywork outreach "
				   "list); give this one another name",
				   laptop);
		goto out;
	}
	if (choose_women(s, &her, women, &chosen, &refs, err) != 0)
		goto out;
	/* The output first, so a name taken refuses before anything is written. */
	fd = open(out_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		kw_err_set(err, errno == EEXIST ? KW_EUSAGE : KW_EIO, "cannot create %s: %s%s",
			   out_path, strerror(errno),
			   errno == EEXIST ? " (keywork never overwrites a bundle)" : "");
		goto out;
	}
	made_out = true;
	out = fdopen(fd, "w");
	if (out == NULL) {
		close(fd);
		kw_err_set(err, KW_EIO, "cannot write %s: %s", out_path, strerror(errno));
		goto out;
	}
	if (temp_beside(out_path, &tmp, err) != 0)
		goto out;
	key = kw_bundle_key_new();
	keysql = kw_key_sql(key);
	rep->sensitive = kw_role_has_sensitive(her.role);
	{
		struct kw_bundle_sel sel = {
			(const char *const *)chosen.v, chosen.n,       her.meta.id,
			her.role == KW_ROLE_MANAGER,   rep->sensitive, s->user.meta.id
		};

		if (kw_db_bundle_write(s->store, tmp, (const char *)keysql->p, keysql->len, &sel,
				       &rep->counts, err) != 0)
			goto out;
	}
	/* The registry, the audit and the file together. */
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	in_tx = true;
	kw_now_iso(now);
	if (kw_db_laptop_add(s->store, laptop, her.meta.id, laptop_id, err) != 0 ||
	    kw_db_laptop_sent(s->store, laptop_id, 1, err) != 0)
		goto out;
	for (size_t i = 0; i < chosen.n; i++) {
		char detail[160];

		snprintf(detail, sizeof(detail), "her records went on the laptop %s (%s's)", laptop,
			 username);
		if (kw_db_laptop_woman_add(s->store, laptop_id, chosen.v[i], refs.v[i], now, err) !=
			    0 ||
		    kw_db_audit(s->store, "outreach-add", chosen.v[i], detail, err) != 0)
			goto out;
	}
	{
		char detail[200];

		snprintf(detail, sizeof(detail), "laptop %s for %s: %zu wom%s%s, first bundle",
			 laptop, username, chosen.n, chosen.n == 1 ? "an" : "en",
			 rep->sensitive ? ", both compartments" : ", general compartment only");
		if (kw_db_audit(s->store, "outreach-add", NULL, detail, err) != 0)
			goto out;
	}
	snprintf(b.kind, sizeof(b.kind), "first");
	snprintf(b.centre, sizeof(b.centre), "%s", kw_keyfile_key_id(s->kf));
	snprintf(b.laptop, sizeof(b.laptop), "%s", laptop_id);
	snprintf(b.name, sizeof(b.name), "%s", laptop);
	b.seq = 1;
	b.has_recovery = true;
	kw_keyfile_recovery_pk(s->trusted, b.recovery_pk);
	b.slot = slot.p;
	if (kw_bundle_write(out, out_path, &b, key, (const unsigned char(*)[32])to, 1, s->ring, tmp,
			    err) != 0)
		goto out;
	if (fflush(out) != 0 || fsync(fileno(out)) != 0) {
		kw_err_set(err, KW_EIO, "cannot write %s: %s", out_path, strerror(errno));
		goto out;
	}
	rep->bytes = ftello(out);
	if (fclose(out) != 0) {
		out = NULL;
		kw_err_set(err, KW_EIO, "cannot write %s: %s", out_path, strerror(errno));
		goto out;
	}
	out = NULL;
	in_tx = false;
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	rc = 0;
out:
	if (in_tx)
		kw_store_rollback(s->store);
	if (out != NULL)
		fclose(out);
	if (rc != 0 && made_out)
		unlink(out_path);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	kw_secret_free(&key);
	kw_secret_free(&keysql);
	kw_buf_free(&slot);
	ids_free(&chosen);
	ids_free(&refs);
	return rc;
}

struct list_ctx {
	struct kw_session *s;
	int (*fn)(void *ctx, const struct kw_laptop *l);
	void *ctx;
};

static int list_one(void *ctx, const struct kw_laptop *l)
{
	struct list_ctx *c = ctx;

	if (!kw_session_is(c->s, KW_ROLE_MANAGER) && strcmp(l->user_id, c->s->user.meta.id) != 0)
		return 0;
	return c->fn(c->ctx, l);
}

int kw_outreach_list(struct kw_session *s, int (*fn)(void *ctx, const struct kw_laptop *l),
		     void *ctx, struct kw_err *err)
{
	struct list_ctx c = { s, fn, ctx };

	if (!kw_session_is(s, KW_ROLE_KEYWORKER))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "only managers and keyworkers see the outreach laptops");
	return kw_db_laptop_each(s->store, list_one, &c, err);
}

int kw_outreach_revoke(struct kw_session *s, const char *laptop,
		       int (*fn)(void *ctx, const char *reference, const char *known_as,
				 const char *since, const char *until),
		       void *ctx, struct kw_laptop *l, bool *again, struct kw_err *err)
{
	int found;

	*again = false;
	found = kw_db_laptop_find(s->store, laptop, l, err);
	if (found <= 0)
		return found < 0 ? -1
				 : kw_err_set(err, KW_EUSAGE,
					      "no laptop called '%s' (keywork outreach list)",
					      laptop);
	if (!kw_session_is(s, KW_ROLE_MANAGER) && strcmp(l->user_id, s->user.meta.id) != 0)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "only a manager, or the laptop's own user, revokes it");
	if (l->revoked_at[0] != '\0') {
		*again = true;
	} else {
		char detail[200];

		if (kw_store_begin(s->store, err) != 0)
			return -1;
		snprintf(detail, sizeof(detail),
			 "laptop %s of %s revoked: its bundles are refused from now on", l->name,
			 l->username);
		if (kw_db_laptop_revoke(s->store, l->id, err) != 0 ||
		    kw_db_audit(s->store, "outreach-revoke", NULL, detail, err) != 0) {
			kw_store_rollback(s->store);
			return -1;
		}
		if (kw_store_commit(s->store, err) != 0)
			return -1;
		if (kw_db_laptop_find(s->store, laptop, l, err) <= 0)
			return -1;
	}
	return kw_db_laptop_women_each(s->store, l->id, fn, ctx, err);
}

/* --- on the laptop --- */

struct start_ctx {
	const struct kw_bundle *b;
	const char *tmp;
	const char *username;
	const struct kw_secret *key;
	struct kw_outreach_started *rep;
	char her_id[37];
};

static int start_before(void *ctx, struct kw_session *s, struct kw_err *err)
{
	struct start_ctx *c = ctx;
	struct kw_secret *k = kw_key_sql(c->key);
	int rc = kw_db_bundle_attach(s->store, c->tmp, (const char *)k->p, k->len, err);

	kw_secret_free(&k);
	return rc;
}

static int start_load(void *ctx, struct kw_session *s, struct kw_err *err)
{
	struct start_ctx *c = ctx;
	struct kw_user u;
	bool signer_ok;
	int found = kw_db_bundle_user(s->store, c->username, c->b->signer, &u, &signer_ok, err);

	if (found <= 0)
		return found < 0 ? -1
				 : kw_err_set(err, KW_EDATA, "the bundle is not for '%s'",
					      c->username);
	if (u.disabled || u.role != s->ring->role)
		return kw_err_set(err, KW_EDATA,
				  "the bundle's record of '%s' does not match her keys (role %s, "
				  "keys of a %s)",
				  c->username, kw_role_name(u.role), kw_role_name(s->ring->role));
	if (!signer_ok)
		return kw_err_set(
			err, KW_EDATA,
			"the bundle is signed by a key that is neither a manager's at the "
			"centre nor yours; it was not made by keywork at your centre");
	snprintf(c->her_id, sizeof(c->her_id), "%s", u.meta.id);
	if (kw_db_bundle_load(s->store, c->her_id, &c->rep->counts, err) != 0 ||
	    kw_db_outreach_link_set(s->store, c->b->laptop, c->b->name, c->b->centre, c->her_id,
				    (long long)c->b->seq, c->b->signer, err) != 0)
		return -1;
	return 0;
}

static int start_after(void *ctx, struct kw_session *s, struct kw_err *err)
{
	struct start_ctx *c = ctx;
	char detail[200];

	snprintf(detail, sizeof(detail),
		 "outreach laptop %s started from the centre's first bundle: %ld wom%s", c->b->name,
		 c->rep->counts.women, c->rep->counts.women == 1 ? "an" : "en");
	return kw_db_audit(s->store, "outreach-start", NULL, detail, err);
}

int kw_outreach_start(const char *path, const char *dir, const char *username,
		      const struct kw_secret *pass, struct kw_outreach_started *rep,
		      struct kw_err *err)
{
	struct kw_bundle *b = NULL;
	struct kw_keyfile *kf = NULL;
	struct kw_keyring *ring = NULL;
	struct kw_secret *sens = NULL, *key = NULL;
	struct kw_buf tmp = { 0 };
	FILE *t = NULL;
	int rc = -1, fd = -1;

	memset(rep, 0, sizeof(*rep));
	if (kw_bundle_read(path, &b, err) != 0)
		goto out;
	if (strcmp(b->kind, "first") != 0 || b->slot == NULL || !b->has_recovery) {
		kw_err_set(err, KW_EDATA,
			   "%s is not a laptop's first bundle: only the bundle made by keywork "
			   "outreach add starts a laptop",
			   path);
		goto out;
	}
	if (kw_keyfile_create_laptop(b->slot, username, b->recovery_pk, pass, &kf, &ring, &sens,
				     err) != 0)
		goto out;
	if (kw_bundle_key(b, ring, &key) != 0) {
		kw_err_set(err, KW_EDATA, "%s is not sealed to '%s': it is for someone else", path,
			   username);
		goto out;
	}
	if (kw_mkdir_private(dir, err) != 0)
		goto out;
	kw_buf_printf(&tmp, "%s/outreach-in-XXXXXX", dir);
	if ((fd = mkstemp(tmp.p)) < 0 || (t = fdopen(fd, "w")) == NULL) {
		kw_err_set(err, KW_EIO, "cannot write in %s: %s", dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (kw_bundle_copy_data(path, b, t, tmp.p, err) != 0)
		goto out;
	if (fclose(t) != 0) {
		t = NULL;
		kw_err_set(err, KW_EIO, "cannot write %s: %s", tmp.p, strerror(errno));
		goto out;
	}
	t = NULL;
	{
		struct start_ctx c = { b, tmp.p, username, key, rep, "" };
		struct kw_laptop_hooks h = { &c, start_before, start_load, start_after };

		rep->sensitive = ring->sensitive != NULL;
		snprintf(rep->name, sizeof(rep->name), "%s", b->name);
		/* kf, ring and sens go to the new directory's making, whatever happens. */
		rc = kw_session_create_laptop(dir, username, kf, ring, sens, &h, err);
		kf = NULL;
		ring = NULL;
		sens = NULL;
	}
out:
	if (t != NULL)
		fclose(t);
	if (tmp.p != NULL)
		unlink(tmp.p);
	kw_buf_free(&tmp);
	kw_bundle_free(&b);
	kw_keyfile_free(&kf);
	kw_keyring_free(&ring);
	kw_secret_free(&sens);
	kw_secret_free(&key);
	return rc;
}
