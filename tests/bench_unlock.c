/*
 * bench_unlock.c: measures signing in to an existing data directory, split
 * into the passphrase step (key file read, Argon2id, unsealing) and opening
 * the compartments with the keys (open sequence, migrations check, ATTACH,
 * first queries). Prints medians over N runs.
 *
 *   bench_unlock DIR USER PASSPHRASE-FILE [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/app.h"
#include "keywork/util.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int runs = argc > 4 ? atoi(argv[4]) : 5;
	double *kdf = calloc((size_t)runs, sizeof(double));
	double *open = calloc((size_t)runs, sizeof(double));
	char *keypath, pass[256];
	FILE *fp;
	long women = 0;

	if (argc < 4 || runs < 1 || kw_crypto_init() != 0) {
		fprintf(stderr, "usage: bench_unlock DIR USER PASSPHRASE-FILE [RUNS]\n");
		return 64;
	}
	fp = fopen(argv[3], "r");
	if (fp == NULL || fgets(pass, sizeof(pass), fp) == NULL)
		return 66;
	fclose(fp);
	pass[strcspn(pass, "\n")] = '\0';
	keypath = kw_path_join(argv[1], KW_KEY_FILE);
	for (int i = 0; i < runs; i++) {
		struct kw_keyfile *kf = NULL;
		struct kw_keyring *ring = NULL;
		struct kw_secret *p = kw_secret_from(pass, strlen(pass));
		struct kw_secret *g, *x;
		struct kw_store *st = NULL;
		struct kw_err err;
		double t0 = now(), t1;

		if (kw_keyfile_load(keypath, &kf, &err) != 0 ||
		    kw_keyfile_unlock(kf, argv[2], p, &ring, &err) != 0) {
			fprintf(stderr, "unlock: %s\n", err.msg);
			return 77;
		}
		t1 = now();
		g = kw_key_sql(ring->general);
		x = kw_key_sql(ring->sensitive);
		{
			struct kw_store_keys keys = { 0 };

			keys.general = (const char *)g->p;
			keys.general_len = g->len;
			if (x != NULL) {
				keys.sensitive = (const char *)x->p;
				keys.sensitive_len = x->len;
			}
			if (kw_store_open(argv[1], &keys, kw_keyfile_key_id(kf),
					  kw_keyfile_generation(kf), 0, &st, &err) != 0) {
				fprintf(stderr, "open: %s\n", err.msg);
				return 74;
			}
		}
		women = kw_db_client_count(st, &err);
		open[i] = now() - t1;
		kdf[i] = t1 - t0;
		kw_store_close(&st);
		kw_secret_free(&g);
		kw_secret_free(&x);
		kw_secret_free(&p);
		kw_keyring_free(&ring);
		kw_keyfile_free(&kf);
	}
	qsort(kdf, (size_t)runs, sizeof(double), cmp);
	qsort(open, (size_t)runs, sizeof(double), cmp);
	printf("data directory: %s (%ld women)\n", argv[1], women);
	printf("runs: %d\n", runs);
	printf("passphrase step (key file + Argon2id + unseal): median %.1f ms, max %.1f ms\n",
	       kdf[runs / 2] * 1e3, kdf[runs - 1] * 1e3);
	printf("opening both compartments after the key:      median %.1f ms, max %.1f ms\n",
	       open[runs / 2] * 1e3, open[runs - 1] * 1e3);
	free(kdf);
	free(open);
	free(keypath);
	return 0;
}
