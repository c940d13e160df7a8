/* reasons.c: whether a closure reason reads as non-engagement, for the loader, the rules and tests. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/reasons.h"
#include "keywork/util.h"

/* The same stems as the store's refused_closure_stems (schema/general/0005_episodes.sql). */
static const char *const stems[] = {
	"engag",       "attend",      " dna ",	    "complian",	    "comply",
	"contactable", "unreachable", "no contact", "lost contact", "lost touch",
	"no response", "not respond", "no show",    "did not come", "stopped coming",
};

static bool refused(const char *s)
{
	size_t n;
	char *t;
	bool hit = false;

	if (s == NULL)
		return false;
	n = strlen(s);
	t = kw_xcalloc(n + 3, 1);
	t[0] = ' ';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		t[i + 1] = c == '_' || c == '-' ? ' ' : (char)tolower(c);
	}
	t[n + 1] = ' ';
	for (size_t i = 0; i < KW_ARRAY_LEN(stems) && !hit; i++)
		hit = strstr(t, stems[i]) != NULL;
	free(t);
	return hit;
}

bool kw_reason_is_non_engagement(const char *key, const char *label)
{
	return refused(key) || refused(label);
}
