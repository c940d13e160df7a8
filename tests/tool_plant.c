/*
 * tool_plant.c: puts a woman with an over-long value straight into a test
 * store, past every entry point's checks, as an old version or a hand-edited
 * database could have left her (for the screen tests of ui_long.sh). Never
 * installed. Reads the passphrase from stdin.
 *
 *   tool_plant DIR USER FIELD BYTES   adds a woman whose FIELD (known_as,
 *                                     first_name or last_name) is BYTES bytes
 *                                     of text, and prints her reference
 *   tool_plant DIR USER --text FIELD VALUE [FIELD VALUE ...]
 *                                     adds a woman with these values as they
 *                                     are (control characters and all)
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

/* Where FIELD goes in c, or NULL. */
static char **field(struct kw_client *c, const char *name)
{
	return strcmp(name, "known_as") == 0	 ? &c->known_as
	       : strcmp(name, "first_name") == 0 ? &c->first_name
	       : strcmp(name, "last_name") == 0	 ? &c->last_name
						 : NULL;
}

int main(int argc, char **argv)
{
	static const char usage[] = "usage: tool_plant DIR USER known_as|first_name|last_name "
				    "BYTES | --text FIELD VALUE...";
	struct kw_session *s = NULL;
	struct kw_client c = { 0 };
	struct kw_secret *pass;
	struct kw_err err;
	char line[1100], *end, **slot;

	if (argc >= 6 && strcmp(argv[3], "--text") == 0 && argc % 2 == 0) {
		for (int i = 4; i < argc; i += 2) {
			slot = field(&c, argv[i]);
			if (slot == NULL)
				die(usage, NULL);
			free(*slot);
			*slot = kw_xstrdup(argv[i + 1]);
		}
	} else {
		unsigned long bytes;

		slot = argc == 5 ? field(&c, argv[3]) : NULL;
		bytes = argc == 5 ? strtoul(argv[4], &end, 10) : 0;
		if (slot == NULL || *end != '\0' || bytes == 0)
			die(usage, NULL);
		*slot = long_text(bytes);
	}
	if (kw_crypto_init() != 0)
		die("crypto", NULL);
	if (fgets(line, sizeof(line), stdin) == NULL)
		die("no passphrase on stdin", NULL);
	pass = kw_secret_from(line, strcspn(line, "\n"));
	kw_err_clear(&err);
	if (kw_session_open(argv[1], argv[2], pass, &s, &err) != 0)
		die("sign in", &err);
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
