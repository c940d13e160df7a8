/* testutil.c: helpers shared by the test suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
