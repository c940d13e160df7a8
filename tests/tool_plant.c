/*
 * tool_plant.c: puts a woman with an over-long value straight into a test
 * store, past every entry point's checks, as an old version or a hand-edited
 * database could have left her (for the screen tests of ui_long.sh). Never
 * installed. Reads the passphrase from stdin.
 *
 *   tool_plant DIR USER FIELD BYTES   adds a woman whose FIELD (known_as,
 *                                     first_name or last_name) is BYTES bytes
 *                                     of text, and prints her reference
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/app.h"
#include "keywork/util.h"

static void die(const char *what, const struct kw_err *err)
{
	fprintf(stderr, "tool_plant: %s: %s\n", what, err != NULL ? err->msg : "");
	exit(1);
}

/* BYTES of readable text: words, so a wrapping screen has places to break. */
static char *long_text(size_t bytes)
{
	static const char words[] = "Long value ";
	char *s = kw_xmalloc(bytes + 1);

	for (size_t i = 0; i < bytes; i++)
		s[i] = words[i % (sizeof(words) - 1)];
	if (bytes > 0)
		s[bytes - 1] = 'Z'; /* the end, so a screen showing it can be told */
	s[bytes] = '\0';
	return s;
}

int main(int argc, char **argv)
{
	struct kw_session *s = NULL;
	struct kw_client c = { 0 };
	struct kw_secret *pass;
	struct kw_err err;
	char line[1100], *end, **slot;
	unsigned long bytes;

	if (argc != 5)
		die("usage: tool_plant DIR USER known_as|first_name|last_name BYTES", NULL);
	slot = strcmp(argv[3], "known_as") == 0	    ? &c.known_as
	       : strcmp(argv[3], "first_name") == 0 ? &c.first_name
	       : strcmp(argv[3], "last_name") == 0  ? &c.last_name
						    : NULL;
	bytes = strtoul(argv[4], &end, 10);
	if (slot == NULL || *end != '\0' || bytes == 0)
		die("usage: tool_plant DIR USER known_as|first_name|last_name BYTES", NULL);
	if (kw_crypto_init() != 0)
		die("crypto", NULL);
	if (fgets(line, sizeof(line), stdin) == NULL)
		die("no passphrase on stdin", NULL);
	pass = kw_secret_from(line, strcspn(line, "\n"));
	kw_err_clear(&err);
	if (kw_session_open(argv[1], argv[2], pass, &s, &err) != 0)
		die("sign in", &err);
	*slot = long_text(bytes);
	if (c.known_as == NULL)
		c.known_as = kw_xstrdup("Planted");
	if (kw_store_begin(s->store, &err) != 0 || kw_db_client_add(s->store, &c, &err) != 0 ||
	    kw_store_commit(s->store, &err) != 0)
		die("add", &err);
	printf("%s\n", c.reference);
	kw_client_clear(&c);
	kw_session_close(&s);
	kw_secret_free(&pass);
	return 0;
}
