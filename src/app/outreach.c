/*
 * outreach.c: outreach laptops: the registry at the centre, the first bundle,
 * revocation, starting a laptop from its first bundle, and the bundles that
 * carry work both ways afterwards.
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
 *
 * A receive takes what the other side wrote and this side lacks, in one
 * transaction: new records of the kinds in received[] (matched by id), each
 * through kw_form_save as the receiving user, keeping its id and who wrote
 * it; then each field the other side changed (its history rows, grouped by
 * record and field), saved here when this side still has the value the
 * change started from, or else kept beside the record as a conflict with
 * both values. Nothing is overwritten without a person choosing.
 *
 * Except what the centre decides, which wins on the laptop after the
 * records are in: the other side's redactions are carried out (a change to
 * a redacted answer made before that side had carried the redaction out is
 * never taken); the centre's episodes, closures, keep-apart flags and holds
 * are taken as they stand; and the centre's orders say which women join the
 * laptop and which leave it (plan_laptop at the centre, order_one on the
 * laptop: a woman allocated away leaves only once nothing of hers is newer
 * than a bundle the centre has taken). The laptop's audit trail goes to the
 * centre as signed there, kept beside the centre's own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keywork/access.h"
#include "keywork/date.h"
#include "keywork/form.h"
#include "keywork/formsave.h"
#include "keywork/kinds.h"
#include "keywork/policy.h"
#include "keywork/reads.h"
#include "keywork/retention.h"
#include "keywork/retentiondb.h"
#include "keywork/rules.h"
#include "keywork/view.h"
#include "keywork/outreach.h"
#include "keywork/teamdb.h"
#include "keywork/util.h"
#include "repair.h"

static const struct kw_form_spec *form_keyed(const struct kw_form_pack *p, const char *table,
					     const char *key, const struct kw_field_spec **fs_out);

/* What a redaction leaves in place of a value (src/db/policy.c writes it). */
#define REDACTED_TEXT "[redacted]"

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

/*
 * A new private file in the data directory dir for a bundle's database (its
 * name into tmp): a write killed part-way leaves it where a later sign-in
 * removes it (src/app/tidy.c), not beside the bundle.
 */
static int temp_in(const char *dir, char **tmp, struct kw_err *err)
{
	struct kw_buf b = { 0 };
	int fd;

	kw_buf_printf(&b, "%s/outreach-out-XXXXXX", dir);
	fd = mkstemp(b.p);
	if (fd < 0) {
		kw_err_set(err, KW_EIO, "cannot create a file in %s: %s", dir, strerror(errno));
		kw_buf_free(&b);
		return -1;
	}
	fchmod(fd, 0600);
	close(fd);
	*tmp = b.p;
	return 0;
}

/* What a bundle's writing does inside the transaction that records it (registry, audit). */
typedef int in_tx_fn(void *ctx, struct kw_session *s, struct kw_bundle *hdr, struct kw_err *err);

/*
 * Writes a bundle to out_path (a new file, 0600): sel's rows into a database
 * beside it under a new key, then, inside one transaction with what in_tx
 * records (it fills in the rest of hdr), the file: header signed by the
 * session user, key sealed to the nrec recipients. A failure leaves no file
 * and nothing recorded.
 */
static int write_bundle(struct kw_session *s, const char *out_path, const struct kw_bundle_sel *sel,
			struct kw_bundle *hdr, const unsigned char (*to)[32], size_t nrec,
			in_tx_fn *in_tx, void *ctx, struct kw_bundle_counts *counts,
			long long *bytes, struct kw_err *err)
{
	struct kw_secret *key = NULL, *keysql = NULL;
	char *tmp = NULL;
	bool in = false, made = false;
	FILE *out = NULL;
	int rc = -1, fd;

	fd = open(out_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		kw_err_set(err, errno == EEXIST ? KW_EUSAGE : KW_EIO, "cannot create %s: %s%s",
			   out_path, strerror(errno),
			   errno == EEXIST ? " (keywork never overwrites a bundle)" : "");
		goto out;
	}
	made = true;
	out = fdopen(fd, "w");
	if (out == NULL) {
		close(fd);
		kw_err_set(err, KW_EIO, "cannot write %s: %s", out_path, strerror(errno));
		goto out;
	}
	if (temp_in(s->dir, &tmp, err) != 0)
		goto out;
	key = kw_bundle_key_new();
	keysql = kw_key_sql(key);
	if (kw_db_bundle_write(s->store, tmp, (const char *)keysql->p, keysql->len, sel, counts,
			       err) != 0)
		goto out;
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	in = true;
	if (in_tx(ctx, s, hdr, err) != 0 ||
	    kw_bundle_write(out, out_path, hdr, key, to, nrec, s->ring, tmp, err) != 0)
		goto out;
	if (fflush(out) != 0 || fsync(fileno(out)) != 0) {
		kw_err_set(err, KW_EIO, "cannot write %s: %s", out_path, strerror(errno));
		goto out;
	}
	*bytes = ftello(out);
	if (fclose(out) != 0) {
		out = NULL;
		kw_err_set(err, KW_EIO, "cannot write %s: %s", out_path, strerror(errno));
		goto out;
	}
	out = NULL;
	in = false;
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	rc = 0;
out:
	if (in)
		kw_store_rollback(s->store);
	if (out != NULL)
		fclose(out);
	if (rc != 0 && made)
		unlink(out_path);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	kw_secret_free(&key);
	kw_secret_free(&keysql);
	return rc;
}

struct peers {
	struct kw_session *s;
	struct kw_peer *v;
	size_t n;
};

/* Each manager the register gives keys to, with her public keys. */
static int peer_one(void *ctx, const struct kw_user *u)
{
	struct peers *p = ctx;
	struct kw_peer peer = { 0 };

	if (u->role != KW_ROLE_MANAGER || u->disabled || p->n == KW_BUNDLE_MAX_TO - 1 ||
	    !kw_keyfile_public_keys(p->s->trusted, u->username, peer.box_pk, peer.sign_pk))
		return 0;
	snprintf(peer.username, sizeof(peer.username), "%s", u->username);
	p->v = kw_xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	p->v[p->n++] = peer;
	return 0;
}

struct add_ctx {
	const char *laptop, *username;
	const struct kw_user *her;
	const struct ids *chosen, *refs;
	bool sensitive, follows;
	const char *centre, *slot;
	unsigned char recovery_pk[32];
};

static int add_in_tx(void *ctx, struct kw_session *s, struct kw_bundle *b, struct kw_err *err)
{
	struct add_ctx *c = ctx;
	char now[21], laptop_id[37], detail[200];

	kw_now_iso(now);
	if (kw_db_laptop_add(s->store, c->laptop, c->her->meta.id, c->follows, laptop_id, err) !=
		    0 ||
	    kw_db_laptop_sent(s->store, laptop_id, 1, err) != 0)
		return -1;
	snprintf(detail, sizeof(detail), "her records went on the laptop %s (%s's)", c->laptop,
		 c->username);
	for (size_t i = 0; i < c->chosen->n; i++)
		if (kw_db_laptop_woman_add(s->store, laptop_id, c->chosen->v[i], c->refs->v[i], now,
					   err) != 0 ||
		    kw_db_audit(s->store, "outreach-add", c->chosen->v[i], detail, err) != 0)
			return -1;
	snprintf(detail, sizeof(detail), "laptop %s for %s: %zu wom%s%s, first bundle", c->laptop,
		 c->username, c->chosen->n, c->chosen->n == 1 ? "an" : "en",
		 c->sensitive ? ", both compartments" : ", general compartment only");
	if (kw_db_audit(s->store, "outreach-add", NULL, detail, err) != 0)
		return -1;
	snprintf(b->kind, sizeof(b->kind), "first");
	snprintf(b->centre, sizeof(b->centre), "%s", c->centre);
	snprintf(b->laptop, sizeof(b->laptop), "%s", laptop_id);
	snprintf(b->name, sizeof(b->name), "%s", c->laptop);
	b->seq = 1;
	b->has_recovery = true;
	memcpy(b->recovery_pk, c->recovery_pk, 32);
	b->slot = (char *)c->slot;
	return 0;
}

/* What every sending at the centre needs: the sensitive compartment and an undisputed register. */
static int centre_ready(struct kw_session *s, const char *doing, struct kw_err *err)
{
	char linkname[65];
	int found = kw_db_outreach_link_name(s->store, linkname, err);

	if (found != 0)
		return found < 0
			       ? -1
			       : kw_err_set(err, KW_EUSAGE,
					    "this data directory is the laptop '%s': %s is done at "
					    "the centre",
					    linkname, doing);
	if (!kw_store_has_sensitive(s->store) || s->trusted == NULL)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "%s needs the sensitive compartment, which your role does not "
				  "open",
				  doing);
	if (s->ndisputes > 0)
		return kw_err_set(err, KW_EDATA,
				  "the key file disagrees with the protected register (see keywork "
				  "check): nothing goes to a laptop until a manager runs keywork "
				  "check --repair");
	return 0;
}

/*
 * A laptop keywork did not register: its row is in keywork.db but not in the
 * registry's sealed copy, so it was written there outside keywork (by someone
 * holding only the general key, say). Nothing goes to it or comes from it.
 */
static int unsealed(const struct kw_laptop *l, struct kw_err *err)
{
	if (l->present & (1u << KW_LAPTOP_SEALED))
		return 0;
	return kw_err_set(err, KW_EDATA,
			  "the laptop '%s' is in keywork.db but not in the sealed copy of the "
			  "registry: it was registered outside keywork, and nothing goes to it or "
			  "comes from it (keywork check)",
			  l->name);
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
	struct peers peers = { s, NULL, 0 };
	unsigned char to[1][32], her_sign[32];
	int rc = -1, found;

	memset(rep, 0, sizeof(*rep));
	if (valid_name(laptop, err) != 0 || centre_ready(s, "adding a laptop", err) != 0)
		return -1;
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
	/* Her slot from the key file, sealed to only if the register says the key is hers. */
	if (kw_keyfile_slot_text(s->kf, username, &slot) != 0 ||
	    !kw_keyfile_public_keys(s->kf, username, to[0], her_sign) ||
	    !kw_keyfile_slot_is(s->trusted, username, to[0])) {
		kw_buf_free(&slot);
		return kw_err_set(err, KW_EDATA,
				  "'%s' holds no keys the protected register vouches for; ask a "
				  "manager to run keywork check",
				  username);
	}
	if ((found = kw_db_laptop_find(s->store, laptop, &existing, err)) != 0) {
		if (found > 0)
			kw_err_set(err, KW_EUSAGE,
				   "a laptop called '%s' is already registered (keywork outreach "
				   "list); give this one another name",
				   laptop);
		goto out;
	}
	if (choose_women(s, &her, women, &chosen, &refs, err) != 0 ||
	    kw_db_user_each(s->store, peer_one, &peers, err) != 0)
		goto out;
	rep->sensitive = kw_role_has_sensitive(her.role);
	{
		struct kw_bundle_sel sel = { .client_ids = (const char *const *)chosen.v,
					     .nclients = chosen.n,
					     .user_id = her.meta.id,
					     .reader_manager = her.role == KW_ROLE_MANAGER,
					     .sensitive = rep->sensitive,
					     .signer_id = s->user.meta.id,
					     .peers = peers.v,
					     .npeers = peers.n,
					     .acked = 0 };
		struct add_ctx c = { laptop,	    username,
				     &her,	    &chosen,
				     &refs,	    rep->sensitive,
				     women == NULL, kw_keyfile_key_id(s->kf),
				     slot.p,	    { 0 } };

		kw_keyfile_recovery_pk(s->trusted, c.recovery_pk);
		if (write_bundle(s, out_path, &sel, &b, (const unsigned char(*)[32])to, 1,
				 add_in_tx, &c, &rep->counts, &rep->bytes, err) != 0)
			goto out;
	}
	rc = 0;
out:
	kw_buf_free(&slot);
	free(peers.v);
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

int kw_outreach_link(struct kw_session *s, struct kw_link *out, struct kw_err *err)
{
	return kw_db_outreach_link_get(s->store, out, err);
}

int kw_outreach_conflicts(struct kw_session *s, int (*fn)(void *ctx, const struct kw_conflict *c),
			  void *ctx, struct kw_err *err)
{
	if (!kw_session_is(s, KW_ROLE_DROPIN))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE, "nobody is signed in");
	return kw_db_conflict_each(s->store, fn, ctx, err);
}

int kw_outreach_conflict_women(struct kw_session *s, const char *keyworker_id,
			       int (*fn)(void *ctx, const char *client_id, const char *reference,
					 const char *known_as, long n),
			       void *ctx, struct kw_err *err)
{
	if (!kw_session_is(s, KW_ROLE_KEYWORKER))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "only managers and keyworkers choose in a conflict");
	return kw_db_conflict_women(s->store, keyworker_id, fn, ctx, err);
}

struct conflicts_of {
	const char *client_id;
	int (*fn)(void *ctx, const struct kw_conflict *c);
	void *ctx;
};

static int conflict_of(void *ctx, const struct kw_conflict *c)
{
	struct conflicts_of *o = ctx;

	return strcmp(c->client_id, o->client_id) == 0 ? o->fn(o->ctx, c) : 0;
}

int kw_outreach_conflicts_of(struct kw_session *s, const char *client_id,
			     int (*fn)(void *ctx, const struct kw_conflict *c), void *ctx,
			     struct kw_err *err)
{
	struct conflicts_of o = { client_id, fn, ctx };

	return kw_outreach_conflicts(s, conflict_of, &o, err);
}

int kw_outreach_resolve(struct kw_session *s, const struct kw_form_pack *pack, const char *id,
			bool take, struct kw_err *err)
{
	struct kw_conflict c = { 0 };
	const struct kw_field_spec *fs = NULL;
	const struct kw_form_spec *f;
	bool done;
	char detail[240];
	int rc = -1, found;

	if (!kw_session_is(s, KW_ROLE_KEYWORKER))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "only managers and keyworkers choose in a conflict");
	/* Read in the transaction that settles it: a second session choosing too waits, then sees. */
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	found = kw_db_conflict_get(s->store, id, &c, &done, err);
	if (found <= 0 || done) {
		if (found == 0)
			kw_err_set(err, KW_EUSAGE,
				   "no conflict %s here (keywork outreach conflicts lists them)",
				   id);
		else if (found > 0)
			kw_err_set(err, KW_EUSAGE, "the conflict %s was settled already", id);
		kw_store_rollback(s->store);
		goto out;
	}
	f = form_keyed(pack, c.table, c.field, &fs);
	if (f == NULL) {
		kw_err_set(err, KW_EDATA, "no form here edits %s of %s", c.field, c.table);
		kw_store_rollback(s->store);
		goto out;
	}
	/*
	 * keywork keeps a sensitive answer's conflict in sensitive.db: one in
	 * keywork.db about a sensitive answer was written there outside keywork,
	 * and its value is not taken.
	 */
	if (fs != NULL && fs->sensitive && !c.sensitive) {
		kw_err_set(err, KW_EDATA,
			   "the conflict %s over %s is in keywork.db, but keywork keeps that "
			   "answer's conflicts in sensitive.db: it was written outside keywork; "
			   "nothing was changed (keywork check)",
			   id, c.field);
		kw_store_rollback(s->store);
		goto out;
	}
	if (take) {
		/* Her other value goes in as any edit does: by the form's rules, with history. */
		struct kw_values cur = { 0 }, vals = { 0 };
		struct kw_form_record rec = { 0 };
		struct kw_field_errors errs = { 0 };
		struct kw_save_opts o = { .confirmed = true };
		/*
		 * A conflict kept by this keywork says a state in other_state; one
		 * kept before (no side recorded) put a state's name in the value.
		 */
		bool legacy = c.other_side[0] == '\0';
		int st = c.other_state[0] != '\0'	   ? kw_state_parse(c.other_state)
			 : legacy && c.other_value != NULL ? kw_state_parse(c.other_value)
							   : -1;

		snprintf(rec.id, sizeof(rec.id), "%s", c.record_id);
		found = kw_db_form_load(s->store, f, &rec, &cur, err);
		kw_values_free(&cur);
		if (found <= 0) {
			if (found == 0)
				kw_err_set(err, KW_EDATA,
					   "the %s of this conflict is no longer here",
					   f->kind->label);
			kw_store_rollback(s->store);
			goto out;
		}
		if (st >= 0 && st != KW_STATE_ANSWERED)
			kw_values_set_state(&vals, c.field, (enum kw_state)st);
		else if (c.other_value == NULL)
			kw_values_set_state(&vals, c.field, KW_STATE_NOT_ASKED);
		else
			kw_values_set(&vals, c.field, c.other_value);
		if (kw_form_save_with(s, f, &rec, &vals, &o, &errs, err) != 0) {
			kw_values_free(&vals);
			free(errs.e);
			kw_store_rollback(s->store);
			goto out;
		}
		kw_values_free(&vals);
		free(errs.e);
	}
	snprintf(detail, sizeof(detail), "conflict %s over %s: %s", id, c.field,
		 take ? "took the other side's value" : "kept the value here");
	if (kw_db_conflict_resolve(s->store, id, c.sensitive, take ? "took" : "kept", err) != 0 ||
	    kw_db_audit(s->store, "outreach-resolve", c.client_id[0] != '\0' ? c.client_id : NULL,
			detail, err) != 0) {
		kw_store_rollback(s->store);
		goto out;
	}
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	rc = 0;
out:
	kw_conflict_clear(&c);
	return rc;
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

/* Every record of the laptop's revocation there is not yet, in the open transaction. */
static int revoke_records(struct kw_session *s, const struct kw_laptop *l, const char *why,
			  struct kw_err *err)
{
	char detail[240];

	if (kw_db_laptop_revoke(s->store, l->id, err) != 0)
		return -1;
	if (l->revoked_in & (1u << KW_LAPTOP_AUDIT))
		return 0;
	/* "laptop NAME of USER": what the registry's reading of the audit looks for. */
	snprintf(detail, sizeof(detail),
		 "laptop %s of %s revoked%s: its bundles are refused from now on", l->name,
		 l->username, why);
	return kw_db_audit(s->store, "outreach-revoke", NULL, detail, err);
}

static bool revoked_everywhere(const struct kw_laptop *l)
{
	return l->revoked_in == (1u << KW_LAPTOP_RECORDS) - 1;
}

int kw_outreach_revoke(struct kw_session *s, const char *laptop,
		       int (*fn)(void *ctx, const char *reference, const char *known_as,
				 const char *since, const char *until),
		       void *ctx, struct kw_laptop *l, bool *again, struct kw_err *err)
{
	int found;

	*again = false;
	if (!kw_store_has_sensitive(s->store))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "revoking a laptop needs the sensitive compartment, which your "
				  "role does not open");
	found = kw_db_laptop_find(s->store, laptop, l, err);
	if (found <= 0)
		return found < 0 ? -1
				 : kw_err_set(err, KW_EUSAGE,
					      "no laptop called '%s' (keywork outreach list)",
					      laptop);
	if (!kw_session_is(s, KW_ROLE_MANAGER) && strcmp(l->user_id, s->user.meta.id) != 0)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "only a manager, or the laptop's own user, revokes it");
	if (revoked_everywhere(l)) {
		*again = true;
	} else {
		/* Revoked before but a record of it since removed: all three written again. */
		if (kw_store_begin(s->store, err) != 0)
			return -1;
		if (revoke_records(s, l, "", err) != 0) {
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

struct repair_ctx {
	struct kw_session *s;
	long n;
	struct kw_err *err;
};

static int repair_revoked(void *ctx, const struct kw_laptop *l)
{
	struct repair_ctx *c = ctx;

	if (l->revoked_in == 0 || revoked_everywhere(l))
		return 0;
	c->n++;
	return revoke_records(c->s, l, " again", c->err) != 0 ? -1 : 0;
}

/* In the repair's transaction: a revocation first, while every record of it can still be read. */
static int registry_write(struct kw_session *s, long *changed, struct kw_err *err)
{
	struct repair_ctx c = { s, 0, err };
	long rows = 0;

	if (!kw_store_has_sensitive(s->store))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "only a manager can repair the laptop registry");
	if (kw_db_laptop_each(s->store, repair_revoked, &c, err) != 0 ||
	    kw_db_laptop_registry_repair(s->store, &rows, err) != 0)
		return -1;
	*changed = rows + c.n;
	return 0;
}

int kw_outreach_registry_repair(struct kw_session *s, long *changed, struct kw_err *err)
{
	static const struct kw_repair r = {
		registry_write,
		"outreach-registry-repair",
		"row of the laptop registry in keywork.db made to agree with its sealed copy",
		"rows of the laptop registry in keywork.db made to agree with its sealed copy",
		"only a manager can repair the laptop registry",
		NULL
	};

	if (kw_repair_run(s, &r, changed, err) != 0)
		return -1;
	return kw_access_refresh(s, err);
}

struct revoke_user_ctx {
	struct kw_session *s;
	const char *user_id;
	long n;
	struct kw_err *err;
};

static int revoke_user_one(void *ctx, const struct kw_laptop *l)
{
	struct revoke_user_ctx *c = ctx;

	if (strcmp(l->user_id, c->user_id) != 0 || revoked_everywhere(l))
		return 0;
	c->n++;
	return revoke_records(c->s, l, " as she was disabled", c->err) != 0 ? -1 : 0;
}

int kw_outreach_revoke_user(struct kw_session *s, const char *user_id, long *n, struct kw_err *err)
{
	struct revoke_user_ctx c = { s, user_id, 0, err };
	int rc;

	*n = 0;
	if (!kw_store_has_sensitive(s->store))
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "revoking a laptop needs the sensitive compartment");
	rc = kw_db_laptop_each(s->store, revoke_user_one, &c, err);
	*n = c.n;
	return rc != 0 ? -1 : 0;
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
	    kw_db_bundle_peers_load(s->store, err) != 0 ||
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

/* --- sending and receiving work --- */

/*
 * Which of a laptop's women go in the centre's next bundle, and what the
 * laptop is told: a woman erased here or restricted to named staff who do
 * not include its user leaves it at once; one allocated away from its user
 * (to someone else or to nobody) leaves it once every change of hers is here;
 * on a laptop that follows its user's caseload, one allocated to its user
 * since is added.
 */
struct plan {
	const struct kw_laptop *l;
	struct ids send;    /* her records go in the bundle */
	struct ids keep;    /* on it, no longer leaving */
	struct kw_order *o; /* orders (leaving women, and women added) */
	size_t no;
	struct ids add, addref; /* women added, and their references */
};

static void plan_order(struct plan *p, const char *kind, const char *id, const char *ref,
		       long long after)
{
	struct kw_order *o;

	p->o = kw_xrealloc(p->o, (p->no + 1) * sizeof(*p->o));
	o = &p->o[p->no++];
	memset(o, 0, sizeof(*o));
	snprintf(o->kind, sizeof(o->kind), "%s", kind);
	snprintf(o->client_id, sizeof(o->client_id), "%s", id);
	snprintf(o->reference, sizeof(o->reference), "%s", ref);
	o->after = after;
}

static void plan_free(struct plan *p)
{
	ids_free(&p->send);
	ids_free(&p->keep);
	ids_free(&p->add);
	ids_free(&p->addref);
	free(p->o);
	memset(p, 0, sizeof(*p));
}

/*
 * A woman allocated away from the laptop's user: to someone else, or to
 * nobody (the unallocated queue), since she went on the laptop. On a laptop
 * that follows its user's caseload, one allocated to another keyworker
 * leaves whenever that was. One never allocated (added on the laptop without
 * a keyworker) stays, as does one whose allocation has not changed on a
 * laptop given its women by name (a manager's, with another's women).
 */
static bool allocated_away(const struct kw_laptop *l, const struct kw_laptop_woman *w)
{
	if (strcmp(w->keyworker_id, l->user_id) == 0)
		return false;
	return strcmp(w->keyworker_id, w->was_keyworker_id) != 0 ||
	       (l->follows && w->keyworker_id[0] != '\0');
}

static int plan_woman(void *ctx, const struct kw_laptop_woman *w)
{
	struct plan *p = ctx;
	const struct kw_laptop *l = p->l;

	if (!w->on_record)
		plan_order(p, "erased", w->client_id, w->reference, l->received_seq);
	else if (w->named_staff && !w->user_named)
		plan_order(p, "restricted", w->client_id, w->reference, l->received_seq);
	else if (allocated_away(l, w))
		plan_order(p, "leave", w->client_id, w->reference, l->received_seq);
	else {
		ids_add(&p->send, w->client_id);
		if (w->leaving)
			ids_add(&p->keep, w->client_id);
	}
	return 0;
}

static int plan_laptop(struct kw_session *s, const struct kw_laptop *l, struct plan *p,
		       struct kw_err *err)
{
	struct ids caseload = { 0 };
	int rc = -1;

	p->l = l;
	if (kw_db_laptop_women_facts(s->store, l->id, l->user_id, plan_woman, p, err) != 0)
		goto out;
	if (l->follows &&
	    kw_db_caseload_ids(s->store, l->user_id, caseload_one, &caseload, err) != 0)
		goto out;
	for (size_t i = 0; i < caseload.n; i++) {
		struct kw_client c = { 0 };
		bool there = false;
		int found, named;

		for (size_t j = 0; j < p->send.n && !there; j++)
			there = strcmp(p->send.v[j], caseload.v[i]) == 0;
		for (size_t j = 0; j < p->no && !there; j++)
			there = strcmp(p->o[j].client_id, caseload.v[i]) == 0;
		if (there)
			continue;
		found = kw_db_client_get(s->store, caseload.v[i], &c, err);
		if (found < 0)
			goto out;
		if (found == 0)
			continue;
		/* Restricted to named staff: she never goes on a laptop (as at its first bundle). */
		named = kw_db_named_staff_only(s->store, c.meta.id, err);
		if (named < 0) {
			kw_client_clear(&c);
			goto out;
		}
		if (!named) {
			ids_add(&p->send, c.meta.id);
			ids_add(&p->add, c.meta.id);
			ids_add(&p->addref, c.reference);
			plan_order(p, "add", c.meta.id, c.reference, l->received_seq);
		}
		kw_client_clear(&c);
	}
	rc = 0;
out:
	ids_free(&caseload);
	return rc;
}

struct send_ctx {
	const struct kw_laptop *l; /* at the centre */
	const struct kw_link *k;   /* on the laptop */
	const char *centre;
	long long seq;
	const struct plan *p; /* at the centre */
	char at[21];	      /* on the laptop: when the bundle was begun */
};

static int send_centre_tx(void *ctx, struct kw_session *s, struct kw_bundle *b, struct kw_err *err)
{
	struct send_ctx *c = ctx;
	const struct plan *p = c->p;
	char detail[200], now[21];

	snprintf(detail, sizeof(detail), "bundle %lld sent to the laptop %s", c->seq, c->l->name);
	if (kw_db_laptop_sent(s->store, c->l->id, c->seq, err) != 0 ||
	    kw_db_audit(s->store, "outreach-send", NULL, detail, err) != 0)
		return -1;
	kw_now_iso(now);
	for (size_t i = 0; i < p->keep.n; i++)
		if (kw_db_laptop_woman_leaving(s->store, c->l->id, p->keep.v[i], false, err) != 0)
			return -1;
	for (size_t i = 0; i < p->no; i++) {
		const struct kw_order *o = &p->o[i];

		if (strcmp(o->kind, "add") == 0) {
			snprintf(detail, sizeof(detail),
				 "allocated to %s: her records went on the laptop %s",
				 c->l->username, c->l->name);
			if (kw_db_laptop_woman_add(s->store, c->l->id, o->client_id, o->reference,
						   now, err) != 0 ||
			    kw_db_audit(s->store, "outreach-add", o->client_id, detail, err) != 0)
				return -1;
			continue;
		}
		if (kw_db_laptop_woman_leaving(s->store, c->l->id, o->client_id, true, err) != 0)
			return -1;
	}
	snprintf(b->kind, sizeof(b->kind), "to-laptop");
	snprintf(b->centre, sizeof(b->centre), "%s", c->centre);
	snprintf(b->laptop, sizeof(b->laptop), "%s", c->l->id);
	snprintf(b->name, sizeof(b->name), "%s", c->l->name);
	b->seq = (unsigned long long)c->seq;
	return 0;
}

static int send_laptop_tx(void *ctx, struct kw_session *s, struct kw_bundle *b, struct kw_err *err)
{
	struct send_ctx *c = ctx;
	char detail[160];

	snprintf(detail, sizeof(detail), "bundle %lld sent to the centre", c->seq);
	if (kw_db_outreach_link_sent(s->store, c->seq, err) != 0 ||
	    kw_db_outreach_sends_add(s->store, c->seq, c->at, err) != 0 ||
	    kw_db_audit(s->store, "outreach-send", NULL, detail, err) != 0)
		return -1;
	snprintf(b->kind, sizeof(b->kind), "to-centre");
	snprintf(b->centre, sizeof(b->centre), "%s", c->k->centre);
	snprintf(b->laptop, sizeof(b->laptop), "%s", c->k->laptop_id);
	snprintf(b->name, sizeof(b->name), "%s", c->k->name);
	b->seq = (unsigned long long)c->seq;
	return 0;
}

/*
 * Waits until the time keywork writes on records (kw_now_iso, whole seconds)
 * has moved on from what it was when called, and puts the new one in at.
 * time() can lag the clock it sleeps by (a coarse clock), so it is read
 * again until it too has moved on.
 */
static void next_second(char at[21])
{
	char was[21];

	kw_now_iso(was);
	for (;;) {
		struct timespec now, rest = { 0, 5000000L };

		if (clock_gettime(CLOCK_REALTIME, &now) == 0 && now.tv_nsec < 995000000L)
			rest.tv_nsec = 1000000000L - now.tv_nsec + 2000000L;
		if (rest.tv_nsec >= 1000000000L) {
			rest.tv_sec = 1;
			rest.tv_nsec -= 1000000000L;
		}
		while (nanosleep(&rest, &rest) != 0 && errno == EINTR)
			;
		kw_now_iso(at);
		if (strcmp(at, was) != 0)
			return;
		rest.tv_sec = 0;
	}
}

int kw_outreach_send(struct kw_session *s, const char *laptop, const char *out_path,
		     struct kw_outreach_sent *rep, struct kw_err *err)
{
	struct kw_link k;
	struct kw_bundle b = { 0 };
	int found;

	memset(rep, 0, sizeof(*rep));
	found = kw_db_outreach_link_get(s->store, &k, err);
	if (found < 0)
		return -1;
	if (found > 0) {
		/* On the laptop: everything written here, sealed to her and the centre's managers. */
		unsigned char to[KW_BUNDLE_MAX_TO][32];
		size_t n = 0;
		struct send_ctx c = { NULL, &k, NULL, k.sent_seq + 1, NULL, "" };
		struct kw_bundle_sel sel = { .user_id = s->user.meta.id,
					     .reader_manager = s->user.role == KW_ROLE_MANAGER,
					     .sensitive = kw_store_has_sensitive(s->store),
					     .signer_id = s->user.meta.id,
					     .device_id = kw_store_device_id(s->store),
					     .acked = k.received_seq };

		if (laptop != NULL)
			return kw_err_set(
				err, KW_EUSAGE,
				"this is the laptop '%s': it sends to its centre, without "
				"--to",
				k.name);
		if (strcmp(k.user_id, s->user.meta.id) != 0)
			return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
					  "only the laptop's own user sends its work");
		memcpy(to[0], s->ring->box_pk, 32);
		if (kw_db_outreach_peer_boxes(s->store, to + 1, KW_BUNDLE_MAX_TO - 1, &n, err) != 0)
			return -1;
		snprintf(rep->name, sizeof(rep->name), "%s", k.name);
		rep->seq = c.seq;
		/*
		 * The bundle begins on a new second, noted before it is read: every
		 * change written before has an earlier time (times are whole
		 * seconds), every one after it this time or later. So a woman
		 * allocated away leaves only when nothing of hers is newer than a
		 * bundle the centre has taken (order_one).
		 */
		next_second(c.at);
		return write_bundle(s, out_path, &sel, &b, (const unsigned char(*)[32])to, n + 1,
				    send_laptop_tx, &c, &rep->counts, &rep->bytes, err);
	}
	/* At the centre: the laptop's women as they stand now, sealed to its user. */
	{
		struct kw_laptop l;
		struct kw_user her;
		struct plan p = { 0 };
		struct peers peers = { s, NULL, 0 };
		unsigned char to[1][32], sign[32];
		struct send_ctx c = { &l, NULL, kw_keyfile_key_id(s->kf), 0, &p, "" };
		int rc = -1;

		if (laptop == NULL)
			return kw_err_set(err, KW_EUSAGE,
					  "at the centre, say which laptop the bundle is for: --to "
					  "LAPTOP");
		if (centre_ready(s, "sending to a laptop", err) != 0)
			return -1;
		found = kw_db_laptop_find(s->store, laptop, &l, err);
		if (found <= 0)
			return found < 0
				       ? -1
				       : kw_err_set(err, KW_EUSAGE,
						    "no laptop called '%s' (keywork outreach list)",
						    laptop);
		if (!kw_session_is(s, KW_ROLE_MANAGER) && strcmp(l.user_id, s->user.meta.id) != 0)
			return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
					  "only a manager, or the laptop's own user, sends to it");
		if (l.revoked_at[0] != '\0')
			return kw_err_why(
				err, KW_ENOPERM, KW_R_ROLE,
				"the laptop '%s' was revoked on %.10s: nothing is sent to it",
				l.name, l.revoked_at);
		if (unsealed(&l, err) != 0)
			return -1;
		found = kw_db_user_find(s->store, l.username, &her, err);
		if (found <= 0)
			return found < 0 ? -1
					 : kw_err_set(err, KW_EDATA, "no user '%s'", l.username);
		if (her.disabled || !kw_keyfile_public_keys(s->trusted, l.username, to[0], sign))
			return kw_err_set(err, KW_EUSAGE, "'%s' holds no keys now: nothing is sent",
					  l.username);
		if (plan_laptop(s, &l, &p, err) != 0 ||
		    kw_db_user_each(s->store, peer_one, &peers, err) != 0)
			goto out;
		c.seq = l.sent_seq + 1;
		{
			struct kw_bundle_sel sel = { .client_ids = (const char *const *)p.send.v,
						     .nclients = p.send.n,
						     .user_id = her.meta.id,
						     .reader_manager = her.role == KW_ROLE_MANAGER,
						     .sensitive = kw_role_has_sensitive(her.role),
						     .signer_id = s->user.meta.id,
						     .peers = peers.v,
						     .npeers = peers.n,
						     .orders = p.o,
						     .norders = p.no,
						     .acked = l.received_seq };

			snprintf(rep->name, sizeof(rep->name), "%s", l.name);
			rep->seq = c.seq;
			rc = write_bundle(s, out_path, &sel, &b, (const unsigned char(*)[32])to, 1,
					  send_centre_tx, &c, &rep->counts, &rep->bytes, err);
		}
	out:
		plan_free(&p);
		free(peers.v);
		return rc;
	}
}

/*
 * The kinds a receive takes, in the order they go in (a record after the
 * records it names), with the form that saves each. Closures and keep-apart
 * flags go through their forms at the centre only: a laptop takes the
 * centre's as the centre has them, new or changed (kw_db_bundle_centre_wins).
 */
static const struct {
	const char *kind, *form;
	bool centre_only; /* it arrives only at the centre */
	bool has_client;  /* the row names a woman (client_id) */
} received[] = {
	{ "group_session", "group_session", false, false },
	{ "client", "intake", true, false },
	{ "episode", "referral", false, true },
	{ "contact", "contact", false, true },
	{ "task", "task", false, true },
	{ "appointment", "appointment", false, true },
	{ "attendance", "attendance", false, true },
	{ "support_plan", "support_plan", false, true },
	{ "strength", "strength", false, true },
	{ "outcome_score", "outcome_ladder", false, true },
	{ "risk_assessment", "risk_checklist", false, true },
	{ "note", "note", false, true },
	{ "person", "person", false, true },
	{ "child", "child", false, true },
	{ "advocacy_item", "advocacy_item", false, true },
	{ "advocacy_step", "advocacy_step", false, false },
	{ "mentor_match", "mentor_match", false, true },
	{ "contact_pause", "contact_pause", false, true },
	{ "consent", "consent", false, true },
	{ "disclosure", "disclosure", false, true },
	{ "no_share", "no_share", false, true },
	{ "cj_event", "justice", false, true },
	{ "safety_plan", "safety_plan", false, true },
	{ "keep_apart", "keep_apart", true, true },
	{ "closure", "closure", true, false },
};

struct dup_ctx {
	const char *self;
	char refs[160];
	int n;
};

static int dup_hit(void *ctx, const struct kw_hit *h)
{
	struct dup_ctx *d = ctx;
	size_t len = strlen(d->refs);

	if (strcmp(h->id, d->self) == 0 || strstr(d->refs, h->reference) != NULL)
		return 0;
	if (len + strlen(h->reference) + 3 < sizeof(d->refs))
		snprintf(d->refs + len, sizeof(d->refs) - len, "%s%s", d->n > 0 ? ", " : "",
			 h->reference);
	d->n++;
	return 0;
}

struct apply_ctx {
	struct kw_session *s;
	const struct kw_form_spec *f;
	const struct kw_kind *k;
	const char *laptop_id; /* at the centre: the laptop the bundle came from */
	struct kw_outreach_received *rep;
	struct kw_err *err;
	char now[21];
};

/* A new woman's answers, before she is added: who already on record she may be. */
static void look_for_her(struct apply_ctx *c, const char *id, const struct kw_values *vals,
			 struct dup_ctx *d)
{
	const struct kw_value *name = kw_values_get(vals, "known_as");
	const struct kw_value *dob = kw_values_get(vals, "date_of_birth");
	struct kw_err e;

	memset(d, 0, sizeof(*d));
	d->self = id;
	if (name != NULL && name->state == KW_STATE_ANSWERED && name->text != NULL)
		kw_app_search(c->s, name->text, 5, dup_hit, d, &e);
	if (dob != NULL && dob->state == KW_STATE_ANSWERED && dob->text != NULL &&
	    kw_date_valid(dob->text))
		kw_app_search(c->s, dob->text, 5, dup_hit, d, &e);
}

static int apply_one(void *ctx, const char *id, const char *parent)
{
	struct apply_ctx *c = ctx;
	struct kw_values vals = { 0 }, raw = { 0 }, derived = { 0 };
	struct kw_form_record rec = { 0 };
	struct kw_field_errors errs = { 0 };
	struct kw_save_opts o = { .confirmed = true, .carried = true };
	struct dup_ctx d = { 0 };
	bool woman = strcmp(c->k->name, "client") == 0;
	char theirs[32] = "", whose[37] = "";
	int rc = 1, taken = 0;

	/* The woman it is about: its parent, or its parent's (an advocacy item's, an episode's). */
	if (parent != NULL && parent[0] != '\0' && c->k->parent_kind != NULL) {
		const struct kw_kind *pk;

		if (strcmp(c->k->parent_kind, "client") == 0)
			snprintf(whose, sizeof(whose), "%s", parent);
		else if (kw_db_record_owner(c->s->store, parent, &pk, whose, c->err) < 0)
			goto out;
	}
	/*
	 * A woman whose record is restricted here (processing paused, or hidden
	 * from this user): her new records stay in the bundle, which the laptop
	 * sends again, and are taken once the restriction is lifted.
	 */
	if (whose[0] != '\0') {
		struct kw_err e;

		if (kw_restricted(c->s, whose, &e) != 0) {
			c->rep->held_back++;
			rc = 0;
			goto out;
		}
	}
	if (kw_db_bundle_form_values(c->s->store, c->f, id, &raw, c->err) != 0)
		goto out;
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", parent != NULL ? parent : "");
	/* What the rule of its kind works out (a contact's channel_safety) is judged again here. */
	kw_rules_derive(c->s, c->f, &rec, &raw, &derived);
	for (size_t i = 0; i < raw.n; i++) {
		const struct kw_field_spec *fs = kw_form_field(c->f, raw.v[i].key);

		if (kw_values_get(&derived, raw.v[i].key) != NULL)
			continue;
		/* A field no role edits (a checklist's score) is worked out here again. */
		if (fs != NULL && fs->edit == 0)
			continue;
		if (raw.v[i].state == KW_STATE_ANSWERED)
			kw_values_set(&vals, raw.v[i].key, raw.v[i].text);
		else
			kw_values_set_state(&vals, raw.v[i].key, raw.v[i].state);
	}
	/*
	 * A keep-apart flag names the other woman by reference: one added on the
	 * other side whose reference was another woman's here has a new one here,
	 * and the flag must name her, never the woman who has her old one.
	 */
	if (strcmp(c->k->name, "keep_apart") == 0) {
		const struct kw_value *other = kw_values_get(&vals, "other_reference");
		char here[32];
		int moved = other != NULL && other->text != NULL
				    ? kw_db_bundle_reference_here(c->s->store, other->text, here,
								  c->err)
				    : 0;

		if (moved < 0)
			goto out;
		if (moved == 1)
			kw_values_set(&vals, "other_reference", here);
	}
	if (woman) {
		look_for_her(c, id, &vals, &d);
		/* Her reference from the other side may be another woman's here (made apart). */
		taken = kw_db_bundle_reference_taken(c->s->store, id, theirs, c->err);
		if (taken < 0)
			goto out;
	}
	kw_db_keep_next_id(c->s->store, id, NULL);
	if (kw_form_save_with(c->s, c->f, &rec, &vals, &o, &errs, c->err) != 0) {
		kw_db_keep_next_id(c->s->store, NULL, NULL);
		/*
		 * Refused here by its form or a rule (checked before anything is
		 * written): left in the bundle, which the other side sends again,
		 * said and audited (the field, never a value); the rest goes in.
		 */
		if (c->err->reason == KW_R_INVALID || c->err->reason == KW_R_RULE) {
			char detail[420];

			/* Refused part-way through its save: that alone was undone. */
			kw_store_step_handled(c->s->store);

			snprintf(detail, sizeof(detail),
				 "the %.32s %.36s from an outreach bundle was refused here (%.60s: "
				 "%.150s); it stays in the other side's bundles",
				 c->k->label, id, errs.n > 0 ? errs.e[0].key : "",
				 errs.n > 0 ? errs.e[0].msg : c->err->msg);
			if (kw_db_audit(c->s->store, "outreach-refused",
					whose[0] != '\0' ? whose : NULL, detail, c->err) != 0)
				goto out;
			c->rep->refused++;
			rc = 0;
			goto out;
		}
		{
			char what[512];

			if (errs.n > 0)
				snprintf(what, sizeof(what),
					 "the %s %s from the bundle was refused (%.60s: %.200s)",
					 c->k->label, id, errs.e[0].key, errs.e[0].msg);
			else
				snprintf(what, sizeof(what),
					 "the %s %s from the bundle was refused", c->k->label, id);
			kw_err_prefix(c->err, what);
		}
		goto out;
	}
	kw_db_keep_next_id(c->s->store, NULL, NULL);
	if (strcmp(rec.id, id) != 0) {
		kw_err_set(c->err, KW_ESOFTWARE, "the %s %s did not keep its id", c->k->label, id);
		goto out;
	}
	if (kw_db_bundle_stamp(c->s->store, c->k, id, taken == 1, c->err) != 0)
		goto out;
	if (woman) {
		struct kw_client w = { 0 };

		if (kw_db_client_get(c->s->store, id, &w, c->err) <= 0)
			goto out;
		c->rep->women++;
		if (taken == 1) {
			char detail[200];

			snprintf(detail, sizeof(detail),
				 "added on an outreach laptop as %.31s, which is another woman's "
				 "reference here: she is %.31s here",
				 theirs, w.reference);
			if (kw_db_audit(c->s->store, "outreach-reference", id, detail, c->err) !=
			    0) {
				kw_client_clear(&w);
				goto out;
			}
			if (c->rep->nrenamed < KW_ARRAY_LEN(c->rep->renamed)) {
				snprintf(c->rep->renamed[c->rep->nrenamed],
					 sizeof(c->rep->renamed[0]), "%s on the laptop is %s here",
					 theirs, w.reference);
				c->rep->nrenamed++;
			}
		}
		if (c->laptop_id != NULL &&
		    kw_db_laptop_woman_add(c->s->store, c->laptop_id, id, w.reference, c->now,
					   c->err) != 0) {
			kw_client_clear(&w);
			goto out;
		}
		if (d.n > 0) {
			char detail[300];

			snprintf(
				detail, sizeof(detail),
				"added on an outreach laptop; she may be the same woman as %.160s: "
				"check before merging or keeping apart",
				d.refs);
			if (kw_db_audit(c->s->store, "outreach-possible-duplicate", id, detail,
					c->err) != 0) {
				kw_client_clear(&w);
				goto out;
			}
			if (c->rep->nduplicates < KW_ARRAY_LEN(c->rep->duplicates)) {
				snprintf(c->rep->duplicates[c->rep->nduplicates],
					 sizeof(c->rep->duplicates[0]), "%s may be %s", w.reference,
					 d.refs);
				c->rep->nduplicates++;
			}
		}
		kw_client_clear(&w);
	} else if (strcmp(c->k->name, "contact") == 0) {
		c->rep->contacts++;
	} else if (strcmp(c->k->name, "note") == 0) {
		c->rep->notes++;
	} else {
		c->rep->other++;
	}
	rc = 0;
out:
	kw_values_free(&vals);
	kw_values_free(&raw);
	kw_values_free(&derived);
	free(errs.e);
	return rc;
}

/* --- edits of records both sides hold --- */

/* One history row, copied. */
struct erow {
	char *id, *old_value, *new_value, *at, *by, *device;
	bool state; /* a "KEY:state" row */
};

struct egroup {
	char table[40], record_id[37], key[64];
	struct erow *r;
	size_t n;
};

static void egroup_clear(struct egroup *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->r[i].id);
		free(g->r[i].old_value);
		free(g->r[i].new_value);
		free(g->r[i].at);
		free(g->r[i].by);
		free(g->r[i].device);
	}
	free(g->r);
	memset(g, 0, sizeof(*g));
}

struct edits_ctx {
	const char *side; /* where the bundle came from: its laptop's name, or "the centre" */
	struct kw_session *s;
	const struct kw_form_pack *pack;
	bool sens;
	struct kw_outreach_received *rep;
	struct kw_err *err;
	struct egroup g;
};

/* The form and field of pack that edit table's field (a column's name or a custom key). */
static const struct kw_form_spec *form_of(const struct kw_form_pack *p, const char *table,
					  const char *field, const struct kw_field_spec **fs_out)
{
	for (size_t i = 0; i < p->nforms; i++) {
		const struct kw_form_spec *f = p->forms[i];
		const struct kw_kind *k = f->kind;

		if (k == NULL || (strcmp(k->table, table) != 0 &&
				  (k->detail == NULL || strcmp(k->detail, table) != 0)))
			continue;
		for (size_t j = 0; j < f->nfields; j++) {
			const struct kw_field_spec *fs = &f->fields[j];

			if (fs->column != NULL ? strcmp(fs->column->name, field) == 0
					       : strcmp(fs->key, field) == 0) {
				*fs_out = fs;
				return f;
			}
		}
	}
	return NULL;
}

/* The form of pack and its field keyed key that edit table (a kind's main or detail table). */
static const struct kw_form_spec *form_keyed(const struct kw_form_pack *p, const char *table,
					     const char *key, const struct kw_field_spec **fs_out)
{
	for (size_t i = 0; i < p->nforms; i++) {
		const struct kw_form_spec *f = p->forms[i];
		const struct kw_kind *k = f->kind;
		const struct kw_field_spec *fs = kw_form_field(f, key);

		if (k != NULL && fs != NULL &&
		    (strcmp(k->table, table) == 0 ||
		     (k->detail != NULL && strcmp(k->detail, table) == 0))) {
			*fs_out = fs;
			return f;
		}
	}
	return NULL;
}

static bool same_text(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/*
 * Settles one field of one record that the other side changed: the same
 * value here already (held), this side still at the value the other side
 * started from (the change is saved here, by the form's rules), or a
 * different change here too (a conflict, both values kept). 0, or -1 with
 * the receive refused.
 */
static int settle(struct edits_ctx *c)
{
	struct egroup *g = &c->g;
	struct kw_session *s = c->s;
	const struct kw_field_spec *fs = NULL;
	const struct kw_form_spec *f = form_of(c->pack, g->table, g->key, &fs);
	struct kw_values cur = { 0 };
	struct kw_form_record rec = { 0 };
	const struct kw_value *v;
	const struct erow *first_val = NULL, *last_val = NULL, *first_st = NULL, *last_st = NULL,
			  *last = &g->r[g->n - 1];
	enum kw_state cstate = KW_STATE_NOT_ASKED, ostate;
	const char *ctext = NULL, *otext;
	char why[200] = "";
	size_t skip = 0;
	int rc = -1, found;

	/*
	 * Rows up to one already kept as a conflict (or settled) were dealt with
	 * then: what follows it starts from its value.
	 */
	for (size_t i = g->n; i-- > 0;) {
		struct kw_conflict known;
		bool done;
		int had = kw_db_conflict_get(s->store, g->r[i].id, &known, &done, c->err);

		kw_conflict_clear(&known);
		if (had < 0)
			return -1;
		if (had > 0) {
			skip = i + 1;
			break;
		}
	}
	if (skip == g->n)
		return 0;
	/*
	 * Redacted here before the other side had carried the redaction out: its
	 * change may hold the very value redacted, and is never taken over it.
	 */
	found = kw_db_redaction_unacked(s->store, g->record_id, g->key, c->err);
	if (found != 0) {
		if (found < 0)
			return -1;
		c->rep->redacted_out++;
		return 0;
	}
	for (size_t i = skip; i < g->n; i++) {
		const struct erow *r = &g->r[i];

		if (r->state) {
			first_st = first_st != NULL ? first_st : r;
			last_st = r;
		} else {
			first_val = first_val != NULL ? first_val : r;
			last_val = r;
		}
	}
	/*
	 * An answer no form edits that a rule or trigger keeps (an episode's
	 * status, closed by the closure that came with it): held when this side
	 * has the value already.
	 */
	if (f == NULL && last_st == NULL && last_val != NULL) {
		char *here = NULL;
		int got = kw_db_bundle_value_here(s->store, c->sens, g->table, g->record_id, g->key,
						  &here, c->err);
		bool held = got == 1 && same_text(here, last_val->new_value);

		free(here);
		if (got < 0)
			return -1;
		if (held)
			return kw_db_bundle_edit_held(s->store, c->sens, g->record_id, g->key,
						      c->err);
	}
	/* A field no form of this side edits, or one this user may not: left, and counted. */
	if (f == NULL || !kw_field_can_see(fs, s->user.role) ||
	    !kw_field_can_edit(fs, s->user.role) || (fs->sensitive && !c->sens)) {
		c->rep->edits_left++;
		return 0;
	}
	snprintf(rec.id, sizeof(rec.id), "%s", g->record_id);
	found = kw_db_form_load(s->store, f, &rec, &cur, c->err);
	if (found < 0) {
		/* Hidden from her, or no longer readable: left. */
		if (c->err->status == KW_ENOPERM) {
			c->rep->edits_left++;
			rc = 0;
		}
		goto out;
	}
	if (found == 0) { /* the record is not here (deleted, or never on this laptop) */
		c->rep->edits_left++;
		rc = 0;
		goto out;
	}
	if ((v = kw_values_get(&cur, fs->key)) != NULL) {
		cstate = v->state;
		ctext = v->state == KW_STATE_ANSWERED ? v->text : NULL;
	}
	otext = last_val != NULL ? last_val->new_value : ctext;
	ostate = last_st != NULL && kw_state_parse(last_st->new_value) >= 0
			 ? (enum kw_state)kw_state_parse(last_st->new_value)
		 : otext != NULL ? KW_STATE_ANSWERED
				 : cstate;
	if (ostate != KW_STATE_ANSWERED)
		otext = NULL;
	if (cstate == ostate && same_text(ctext, otext)) {
		/* The same change on both sides, or one this side took before: held. */
		rc = kw_db_bundle_edit_held(s->store, fs->sensitive, g->record_id, g->key, c->err);
		goto out;
	}
	if ((first_val == NULL || same_text(ctext, first_val->old_value)) &&
	    (first_st == NULL ||
	     (kw_state_parse(first_st->old_value) >= 0
		      ? cstate == (enum kw_state)kw_state_parse(first_st->old_value)
		      : cstate == KW_STATE_NOT_ASKED))) {
		/* Unchanged here since: the other side's change goes in, by the form's rules. */
		struct kw_values vals = { 0 };
		struct kw_field_errors errs = { 0 };
		struct kw_save_opts o = { .confirmed = true, .carried = true };
		long long marks[2];

		if (ostate == KW_STATE_ANSWERED && otext != NULL)
			kw_values_set(&vals, fs->key, otext);
		else
			kw_values_set_state(&vals, fs->key, ostate);
		if (kw_db_history_marks(s->store, marks, c->err) != 0) {
			kw_values_free(&vals);
			goto out;
		}
		if (kw_form_save_with(s, f, &rec, &vals, &o, &errs, c->err) != 0) {
			/*
			 * Refused here by the form or a rule (checked before anything is
			 * written): kept beside the record as a conflict, not lost, and the
			 * rest of the bundle still goes in.
			 */
			bool kept = c->err->reason == KW_R_INVALID || c->err->reason == KW_R_RULE;

			if (kept) {
				/* Refused part-way through its save: that alone was undone. */
				kw_store_step_handled(s->store);
				snprintf(why, sizeof(why), " (refused here: %.60s: %.120s)",
					 errs.n > 0 ? errs.e[0].key : fs->key,
					 errs.n > 0 ? errs.e[0].msg : c->err->msg);
			} else {
				kw_err_prefix(c->err,
					      "a change from the bundle could not be saved");
			}
			kw_values_free(&vals);
			free(errs.e);
			if (!kept)
				goto out;
			goto conflict;
		}
		kw_values_free(&vals);
		free(errs.e);
		if (kw_db_bundle_edit_applied(s->store, marks, fs->sensitive, g->record_id, g->key,
					      f->kind->table, f->kind->sensitive, last->at,
					      last->by, last->device, c->err) != 0)
			goto out;
		c->rep->edits++;
		rc = 0;
		goto out;
	}
	/* Changed differently on both sides: this side's value stays, the other is kept beside. */
conflict : {
	struct kw_conflict k = { 0 }, known;
	bool done;
	int had = kw_db_conflict_get(s->store, last->id, &known, &done, c->err);

	kw_conflict_clear(&known);
	if (had != 0) { /* kept already (from an earlier bundle), or chosen for */
		rc = had < 0 ? -1 : 0;
		goto out;
	}
	const struct kw_kind *kind;
	char detail[512];

	snprintf(k.id, sizeof(k.id), "%s", last->id);
	snprintf(k.table, sizeof(k.table), "%s", g->table);
	snprintf(k.record_id, sizeof(k.record_id), "%s", g->record_id);
	if (strcmp(f->kind->name, "client") == 0)
		snprintf(k.client_id, sizeof(k.client_id), "%s", g->record_id);
	else if (kw_db_record_owner(s->store, g->record_id, &kind, k.client_id, c->err) < 0)
		goto out;
	snprintf(k.field, sizeof(k.field), "%s", fs->key);
	/* A state is kept as a state, never as text that a typed answer could equal. */
	k.kept_value = kw_xstrdup_null(cstate == KW_STATE_ANSWERED ? ctext : NULL);
	k.other_value = kw_xstrdup_null(ostate == KW_STATE_ANSWERED ? otext : NULL);
	if (cstate != KW_STATE_ANSWERED)
		snprintf(k.kept_state, sizeof(k.kept_state), "%s", kw_state_name(cstate));
	if (ostate != KW_STATE_ANSWERED)
		snprintf(k.other_state, sizeof(k.other_state), "%s", kw_state_name(ostate));
	k.base_value = kw_xstrdup_null(first_val != NULL ? first_val->old_value : NULL);
	snprintf(k.other_by, sizeof(k.other_by), "%s", last->by);
	snprintf(k.other_at, sizeof(k.other_at), "%s", last->at);
	snprintf(k.other_device, sizeof(k.other_device), "%s", last->device);
	snprintf(k.other_side, sizeof(k.other_side), "%s", c->side);
	k.sensitive = fs->sensitive;
	/* The audit names the field, never a value (its compartment may be the other). */
	snprintf(detail, sizeof(detail),
		 "%.64s of %.32s %s changed differently on both sides%.200s: kept here, the "
		 "other beside it (keywork outreach conflicts)",
		 fs->key, f->kind->label, g->record_id, why);
	if (kw_db_conflict_add(s->store, &k, c->err) != 0 ||
	    kw_db_audit(s->store, "outreach-conflict", k.client_id[0] != '\0' ? k.client_id : NULL,
			detail, c->err) != 0) {
		kw_conflict_clear(&k);
		goto out;
	}
	kw_conflict_clear(&k);
	c->rep->conflicts++;
}
	rc = 0;
out:
	kw_values_free(&cur);
	return rc;
}

/* Collects each history row into its group (record and field), settling each group as it ends. */
static int edit_row(void *ctx, const struct kw_edit *e)
{
	struct edits_ctx *c = ctx;
	struct egroup *g = &c->g;
	char key[64];
	size_t len = strlen(e->field);
	bool state = len > 6 && strcmp(e->field + len - 6, ":state") == 0;
	struct erow *r;

	/* A value redacted on the other side carries nothing (its redaction travels itself). */
	if (e->new_value != NULL && strcmp(e->new_value, REDACTED_TEXT) == 0)
		return 0;
	snprintf(key, sizeof(key), "%.*s", (int)(state ? len - 6 : len), e->field);
	if (g->n > 0 && (strcmp(g->record_id, e->record_id) != 0 || strcmp(g->key, key) != 0)) {
		if (settle(c) != 0)
			return 1;
		egroup_clear(g);
	}
	if (g->n == 0) {
		snprintf(g->table, sizeof(g->table), "%s", e->table);
		snprintf(g->record_id, sizeof(g->record_id), "%s", e->record_id);
		snprintf(g->key, sizeof(g->key), "%s", key);
	}
	g->r = kw_xrealloc(g->r, (g->n + 1) * sizeof(*g->r));
	r = &g->r[g->n++];
	r->id = kw_xstrdup(e->id);
	r->old_value = kw_xstrdup_null(e->old_value);
	r->new_value = kw_xstrdup_null(e->new_value);
	r->at = kw_xstrdup(e->at);
	r->by = kw_xstrdup(e->by);
	r->device = kw_xstrdup(e->device);
	r->state = state;
	return 0;
}

/* Every edit in the bundle of a record this side holds, compartment by compartment. */
static int take_edits(struct kw_session *s, const struct kw_form_pack *pack, const char *side,
		      struct kw_outreach_received *rep, struct kw_err *err)
{
	for (int sens = 0; sens < 2; sens++) {
		struct edits_ctx c = { .side = side,
				       .s = s,
				       .pack = pack,
				       .sens = sens == 1,
				       .rep = rep,
				       .err = err };
		int r = kw_db_bundle_edits(s->store, sens == 1, edit_row, &c, err);

		if (r == 0 && c.g.n > 0 && settle(&c) != 0)
			r = -1;
		egroup_clear(&c.g);
		if (r != 0)
			return -1;
	}
	return 0;
}

/* --- what the other side decided --- */

struct decide_ctx {
	struct kw_session *s;
	struct kw_outreach_received *rep;
	struct kw_err *err;
	long long acked; /* the laptop's last bundle the centre had taken (on a laptop) */
};

/* A redaction made on the other side, carried out here and recorded (never the value). */
static int redaction_one(void *ctx, const char *id, const char *client_id, const char *record_id,
			 const char *field)
{
	struct decide_ctx *c = ctx;
	char detail[240];
	long rows = 0;

	if (kw_db_redact_values(c->s->store, record_id, field, &rows, c->err) != 0 ||
	    kw_db_bundle_redaction_keep(c->s->store, id, c->err) != 0)
		return 1;
	if (field == NULL)
		snprintf(detail, sizeof(detail),
			 "redacted on the other side of an outreach exchange: case note %.36s: "
			 "text overwritten",
			 record_id);
	else
		snprintf(detail, sizeof(detail),
			 "redacted on the other side of an outreach exchange: record %.36s field "
			 "%.60s: %ld value%s overwritten",
			 record_id, field, rows, rows == 1 ? "" : "s");
	if (kw_db_audit(c->s->store, "redact", rows > 0 ? client_id : NULL, detail, c->err) != 0)
		return 1;
	c->rep->redactions++;
	return 0;
}

/*
 * On a laptop, an order of the centre's bundle: a woman erased or restricted
 * there leaves at once; one allocated away leaves once no change of hers
 * was made here since the bundle the centre had taken last (else she stays,
 * and the centre says so again next time).
 */
static int order_one(void *ctx, const char *kind, const char *client_id, const char *reference,
		     long long after)
{
	struct decide_ctx *c = ctx;
	struct kw_store *st = c->s->store;
	char detail[240];
	long rows = 0;
	int changed;
	bool now = strcmp(kind, "erased") == 0 || strcmp(kind, "restricted") == 0;

	if (!now && strcmp(kind, "leave") != 0)
		return 0; /* "add" was done first; an order this keywork does not know is left */
	{
		struct kw_client w = { 0 };
		int found = kw_db_client_get(st, client_id, &w, c->err);

		kw_client_clear(&w);
		if (found < 0)
			return 1;
		if (found == 0)
			return 0; /* gone already */
	}
	changed = kw_db_woman_changed_since(st, client_id, after, c->err);
	if (changed < 0)
		return 1;
	if (!now && changed) {
		c->rep->leaving++;
		return 0;
	}
	if (kw_db_laptop_drop_client(st, client_id, &rows, c->err) != 0)
		return 1;
	if (changed)
		c->rep->unsent++;
	snprintf(detail, sizeof(detail),
		 "%.31s taken off this laptop (%s at the centre): %ld rows%s", reference,
		 strcmp(kind, "erased") == 0	   ? "her record was deleted"
		 : strcmp(kind, "restricted") == 0 ? "restricted to named staff, not its user"
						   : "allocated away from its user",
		 rows, changed ? ", with changes made here not yet sent" : "");
	if (kw_db_audit(st, "outreach-leave", NULL, detail, c->err) != 0)
		return 1;
	c->rep->removed++;
	return 0;
}

/* The whole file's BLAKE2b-256, hex. */
static int file_hash(const char *path, char hex[65], struct kw_err *err)
{
	FILE *fp = fopen(path, "rbe");
	struct kw_hasher *h;
	unsigned char buf[65536], d[32];
	size_t n;

	if (fp == NULL)
		return kw_err_set(err, KW_EIO, "cannot read %s: %s", path, strerror(errno));
	h = kw_hasher_new();
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		kw_hasher_update(h, buf, n);
	kw_hasher_final(h, d);
	fclose(fp);
	kw_hex(hex, d, 32);
	return 0;
}

int kw_outreach_receive(struct kw_session *s, const struct kw_form_pack *pack, const char *path,
			struct kw_outreach_received *rep, struct kw_err *err)
{
	struct kw_bundle *b = NULL;
	struct kw_secret *key = NULL, *keysql = NULL;
	struct kw_link k;
	struct kw_laptop l;
	struct kw_buf tmp = { 0 };
	char hash[65], detail[480], trail[120] = "";
	bool laptop_side, attached = false, in = false;
	FILE *t = NULL;
	int rc = -1, found, fd = -1;

	memset(rep, 0, sizeof(*rep));
	if (kw_bundle_read(path, &b, err) != 0 || file_hash(path, hash, err) != 0)
		goto out;
	found = kw_db_outreach_link_get(s->store, &k, err);
	if (found < 0)
		goto out;
	laptop_side = found > 0;
	rep->on_laptop = laptop_side;
	snprintf(rep->name, sizeof(rep->name), "%s", b->name);
	rep->seq = (long long)b->seq;
	if (laptop_side) {
		int ok;

		if (strcmp(b->kind, "to-laptop") != 0 || strcmp(b->centre, k.centre) != 0 ||
		    strcmp(b->laptop, k.laptop_id) != 0) {
			kw_err_set(err, KW_EDATA,
				   "%s is not for this laptop ('%s' of its centre): it is a%s "
				   "bundle for '%s'%s; nothing was changed",
				   path, k.name,
				   strcmp(b->kind, "to-laptop") == 0 ? "" : "n outgoing", b->name,
				   strcmp(b->centre, k.centre) != 0 ? " of another centre" : "");
			goto out;
		}
		if (strcmp(hash, k.received_hash) == 0) {
			rep->again = true;
			rc = 0;
			goto out;
		}
		if ((long long)b->seq <= k.received_seq) {
			kw_err_set(err, KW_EDATA,
				   "%s is bundle %llu from the centre, but %lld was taken already: "
				   "an older bundle is never taken; nothing was changed",
				   path, b->seq, k.received_seq);
			goto out;
		}
		ok = kw_db_outreach_peer_signs(s->store, b->signer, err);
		if (ok < 0)
			goto out;
		if (!ok && memcmp(b->signer, s->ring->sign_pk, 32) != 0) {
			kw_err_set(
				err, KW_EDATA,
				"%s is signed by a key that is not a manager's of the centre nor "
				"yours; nothing was changed",
				path);
			goto out;
		}
	} else {
		int ok;

		if (strcmp(b->centre, kw_keyfile_key_id(s->kf)) != 0) {
			kw_err_set(err, KW_EDATA,
				   "%s is a bundle of another centre's laptop ('%s'); nothing was "
				   "changed",
				   path, b->name);
			goto out;
		}
		if (strcmp(b->kind, "to-centre") != 0) {
			kw_err_set(
				err, KW_EDATA,
				"%s is a bundle the centre sent to the laptop '%s', not one from "
				"it; nothing was changed",
				path, b->name);
			goto out;
		}
		if (!kw_store_has_sensitive(s->store)) {
			kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				   "receiving from a laptop needs the sensitive compartment, which "
				   "your role does not open");
			goto out;
		}
		found = kw_db_laptop_by_id(s->store, b->laptop, &l, err);
		if (found <= 0) {
			if (found == 0)
				kw_err_set(err, KW_EDATA,
					   "%s comes from a laptop ('%s') this centre never "
					   "registered; nothing was changed",
					   path, b->name);
			goto out;
		}
		if (l.revoked_at[0] != '\0') {
			kw_err_why(
				err, KW_ENOPERM, KW_R_ROLE,
				"%s comes from the laptop '%s', revoked on %.10s: its bundles are "
				"refused; nothing was changed",
				path, l.name, l.revoked_at);
			goto out;
		}
		if (unsealed(&l, err) != 0)
			goto out;
		if (!kw_session_is(s, KW_ROLE_MANAGER) && strcmp(l.user_id, s->user.meta.id) != 0) {
			kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				   "only a manager, or the laptop's own user, receives its work");
			goto out;
		}
		if (strcmp(hash, l.received_hash) == 0) {
			rep->again = true;
			rc = 0;
			goto out;
		}
		if ((long long)b->seq <= l.received_seq) {
			kw_err_set(err, KW_EDATA,
				   "%s is bundle %llu from the laptop '%s', but %lld was taken "
				   "already: an older bundle is never taken; nothing was changed",
				   path, b->seq, l.name, l.received_seq);
			goto out;
		}
		ok = kw_db_register_key_is(s->store, b->signer, l.user_id, err);
		if (ok < 0)
			goto out;
		if (!ok) {
			kw_err_set(err, KW_EDATA,
				   "%s is not signed by the key of the laptop's user ('%s'); "
				   "nothing was changed",
				   path, l.username);
			goto out;
		}
	}
	if (kw_bundle_key(b, s->ring, &key) != 0) {
		kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
			   "%s is not sealed to you ('%s'); nothing was changed", path,
			   s->user.username);
		goto out;
	}
	kw_buf_printf(&tmp, "%s/outreach-in-XXXXXX", s->dir);
	if ((fd = mkstemp(tmp.p)) < 0 || (t = fdopen(fd, "w")) == NULL) {
		kw_err_set(err, KW_EIO, "cannot write in %s: %s", s->dir, strerror(errno));
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
	keysql = kw_key_sql(key);
	if (kw_db_bundle_attach(s->store, tmp.p, (const char *)keysql->p, keysql->len, err) != 0)
		goto out;
	attached = true;
	/* One transaction across both compartments: all of it, or nothing. */
	if (kw_store_begin_long(s->store, s->user.username, "receiving an outreach bundle", err) !=
	    0)
		goto out;
	in = true;
	if (laptop_side) {
		long nu;

		if (kw_db_bundle_new_users(s->store, &nu, err) != 0 ||
		    kw_db_bundle_add_women(s->store, &rep->added, err) != 0)
			goto out;
	}
	for (size_t i = 0; i < KW_ARRAY_LEN(received); i++) {
		struct apply_ctx c = { s,
				       kw_form_find(pack, received[i].form),
				       kw_kind_find(received[i].kind),
				       laptop_side ? NULL : l.id,
				       rep,
				       err,
				       "" };

		if (received[i].centre_only && laptop_side)
			continue;
		if (c.f == NULL || c.k == NULL || c.f->kind != c.k) {
			kw_err_set(err, KW_ESOFTWARE, "there is no %s form to receive %s records",
				   received[i].form, received[i].kind);
			goto out;
		}
		kw_now_iso(c.now);
		if (kw_db_bundle_new_rows(s->store, c.k, received[i].has_client, apply_one, &c,
					  err) != 0)
			goto out;
	}
	if (take_edits(s, pack, laptop_side ? "the centre" : l.name, rep, err) != 0)
		goto out;
	{
		struct decide_ctx d = { s, rep, err, kw_db_bundle_acked(s->store) };

		/* What the centre decides wins: after the records, so nothing brings back. */
		if (laptop_side && kw_db_bundle_centre_wins(s->store, &rep->decided, err) != 0)
			goto out;
		if (kw_db_bundle_redactions(s->store, redaction_one, &d, err) != 0)
			goto out;
		if (laptop_side &&
		    (kw_db_bundle_orders(s->store, order_one, &d, err) != 0 ||
		     kw_db_bundle_peers_replace(s->store, &rep->peers_dropped, err) != 0))
			goto out;
		if (!laptop_side && kw_db_laptop_women_gone(s->store, l.id, &rep->gone, err) != 0)
			goto out;
	}
	if (!laptop_side) {
		/* The laptop's own trail, kept as signed there; its head goes in this one. */
		unsigned char head[32];
		long long upto;
		char hex[65];

		if (kw_db_laptop_audit_take(s->store, l.id, &rep->audit_rows, &upto, head, err) !=
		    0)
			goto out;
		kw_hex(hex, head, 32);
		if (upto > 0)
			snprintf(trail, sizeof(trail), "; its audit to row %lld %s", upto, hex);
	}
	if (kw_db_bundle_untaken(s->store, &rep->untaken, err) != 0)
		goto out;
	if (laptop_side) {
		if (kw_db_outreach_link_received(s->store, (long long)b->seq, hash, err) != 0)
			goto out;
	} else if (kw_db_laptop_received(s->store, l.id, (long long)b->seq, hash, err) != 0) {
		goto out;
	}
	snprintf(detail, sizeof(detail),
		 "bundle %llu %s the laptop %s: %ld wom%s, %ld contact%s, %ld note%s, %ld other; "
		 "%ld of kinds not carried left in it%s",
		 b->seq, laptop_side ? "from the centre to" : "from", b->name, rep->women,
		 rep->women == 1 ? "an" : "en", rep->contacts, rep->contacts == 1 ? "" : "s",
		 rep->notes, rep->notes == 1 ? "" : "s", rep->other, rep->untaken, trail);
	if (kw_db_audit(s->store, "outreach-receive", NULL, detail, err) != 0)
		goto out;
	in = false;
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	rc = 0;
out:
	if (in)
		kw_store_rollback(s->store);
	if (attached)
		kw_db_bundle_detach(s->store);
	if (t != NULL)
		fclose(t);
	if (tmp.p != NULL)
		unlink(tmp.p);
	kw_buf_free(&tmp);
	kw_bundle_free(&b);
	kw_secret_free(&key);
	kw_secret_free(&keysql);
	return rc;
}
