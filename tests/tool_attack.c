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
 *   tool_attack DIR USER append N             appends N audit rows of her own, each
 *                                             hashed and signed as keywork does (after
 *                                             an sqlcipher shell emptied the trail,
 *                                             this rewrites it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/app.h"
#include "keywork/util.h"

static void die(const char *what, const struct kw_err *err)
{
	fprintf(stderr, "tool_attack: %s: %s\n", what, err != NULL ? err->msg : "");
	exit(1);
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
