/* testutil.c: helpers shared by the test suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keywork/db.h"
#include "keywork/formdb.h"
#include "keywork/formsave.h"
#include "keywork/util.h"
#include "testutil.h"

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	struct kw_buf b = { 0 };

	kw_buf_printf(&b, "%s/kwtest-XXXXXX", base != NULL ? base : "/tmp");
	if (mkdtemp(b.p) == NULL)
		abort();
	return b.p;
}

void tu_rmdir(char *dir)
{
	struct kw_buf cmd = { 0 };

	if (dir == NULL)
		return;
	kw_buf_printf(&cmd, "rm -rf '%s'", dir);
	if (system(cmd.p) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	kw_buf_free(&cmd);
	free(dir);
}

struct kw_secret *tu_pass(const char *s)
{
	kw_crypto_init();
	return kw_secret_from(s, strlen(s));
}

struct kw_session *tu_create(const char *dir, char **datadir_out)
{
	struct kw_secret *pass = tu_pass(TU_PASS), *code = NULL;
	struct kw_session *s = NULL;
	struct kw_err err;
	char *data = kw_path_join(dir, "data");

	if (kw_session_create(data, "ana", pass, KW_KDF_INTERACTIVE, false, &s, &code, &err) != 0) {
		fprintf(stderr, "create: %s\n", err.msg);
		abort();
	}
	kw_secret_free(&pass);
	kw_secret_free(&code);
	if (datadir_out != NULL)
		*datadir_out = data;
	else
		free(data);
	return s;
}

struct kw_session *tu_open(const char *datadir, const char *user, const char *pass,
			   struct kw_err *err)
{
	struct kw_secret *p = tu_pass(pass);
	struct kw_session *s = NULL;

	kw_session_open(datadir, user, p, &s, err);
	kw_secret_free(&p);
	return s;
}

char *tu_write(const char *dir, const char *name, const char *text, size_t len)
{
	char *path = kw_path_join(dir, name);
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(text, 1, len, fp) != len || fclose(fp) != 0)
		abort();
	return path;
}

void tu_user(struct kw_session *manager, const char *name, enum kw_role role, const char *pass)
{
	struct kw_secret *p = tu_pass(pass);
	struct kw_err err;

	if (kw_session_user_add(manager, name, role, p, KW_KDF_INTERACTIVE, &err) != 0) {
		fprintf(stderr, "adding %s: %s\n", name, err.msg);
		abort();
	}
	kw_secret_free(&p);
}

struct kw_form_pack *tu_pack(const char *const *overrides, size_t n)
{
	char *dir = kw_forms_shipped_dir();
	struct kw_diags ds = { 0 };
	struct kw_form_pack *pack = NULL;
	struct kw_err err;

	if (kw_form_pack_load(dir, overrides, n, &pack, &ds, &err) != 0) {
		char b[800];

		for (size_t i = 0; i < ds.n; i++)
			fprintf(stderr, "%s\n", kw_diag_str(&ds, i, b, sizeof(b)));
		fprintf(stderr, "loading the forms: %s\n", err.msg);
		abort();
	}
	kw_diags_free(&ds);
	free(dir);
	return pack;
}

void tu_woman(struct kw_session *s, const char *known_as, const char *keyworker_id, char id[37])
{
	struct kw_client c = { 0 };
	struct kw_err err;

	c.known_as = kw_xstrdup(known_as);
	c.keyworker_id = kw_xstrdup_null(keyworker_id);
	if (TU_TXN(s->store, kw_db_client_add(s->store, &c, &err)) != 0) {
		fprintf(stderr, "adding %s: %s\n", known_as, err.msg);
		abort();
	}
	memcpy(id, c.meta.id, 37);
	kw_client_clear(&c);
}

int tu_txn_begin(struct kw_store *st)
{
	struct kw_err err;

	if (kw_store_begin(st, &err) != 0) {
		fprintf(stderr, "beginning a transaction: %s\n", err.msg);
		abort();
	}
	return 0;
}

int tu_txn_end(struct kw_store *st, int rc)
{
	struct kw_err err;

	if (rc != 0) {
		kw_store_rollback(st);
		return rc;
	}
	if (kw_store_commit(st, &err) != 0) {
		fprintf(stderr, "committing: %s\n", err.msg);
		return -1;
	}
	return 0;
}

int tu_vsave(struct kw_session *s, const struct kw_form_pack *pack, const char *fkey,
	     const char *parent, char *id, char msg[512], va_list ap)
{
	const struct kw_form_spec *f = kw_form_find(pack, fkey);
	struct kw_form_record r = { 0 };
	struct kw_values v = { 0 }, old = { 0 };
	struct kw_field_errors fe = { 0 };
	struct kw_err err = { 0 };
	const char *k;
	int rc;

	if (f == NULL) {
		snprintf(msg, 512, "no form %s", fkey);
		return -1;
	}
	if (id != NULL && id[0] != '\0') {
		snprintf(r.id, sizeof(r.id), "%s", id);
		if (kw_db_form_load(s->store, f, &r, &old, &err) != 1) {
			snprintf(msg, 512, "no %.40s record %.36s: %.400s", fkey, id, err.msg);
			return -1;
		}
	} else if (parent != NULL) {
		snprintf(r.parent_id, sizeof(r.parent_id), "%s", parent);
	}
	while ((k = va_arg(ap, const char *)) != NULL)
		kw_values_set(&v, k, va_arg(ap, const char *));
	rc = kw_form_save(s, f, &r, &v, &fe, &err);
	if (rc == 0)
		msg[0] = '\0';
	else if (fe.n > 0)
		snprintf(msg, 512, "%s: %s", fe.e[0].key, fe.e[0].msg);
	else
		snprintf(msg, 512, "%s", err.msg);
	if (rc == 0 && id != NULL)
		memcpy(id, r.id, 37);
	kw_field_errors_free(&fe);
	kw_values_free(&v);
	kw_values_free(&old);
	return rc;
}

int tu_save(struct kw_session *s, const struct kw_form_pack *pack, const char *fkey,
	    const char *parent, char *id, char msg[512], ...)
{
	va_list ap;
	int rc;

	va_start(ap, msg);
	rc = tu_vsave(s, pack, fkey, parent, id, msg, ap);
	va_end(ap);
	return rc;
}
