/*
 * channel.c: whether the way a contact is made is one she marked safe. Her
 * safe ways (the safe_channels list: call, text, voicemail, email, letter,
 * via_centre) are mapped onto the ways a contact happens (contact_modes).
 * Being with her in person (the centre, court, hospital ...) is not a
 * channel that can give her away, so it is never refused. Her "never contact
 * her through" is free text, read by whole words: when it names the way, it
 * wins over everything, since guessing wrong there is the dangerous mistake.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keywork/contact.h"
#include "keywork/formdb.h"
#include "keywork/rules.h"
#include "keywork/util.h"

/* A contact mode reached through a channel, the safe channels that allow it, and the words
 * in her "never contact through" that rule it out. */
struct way {
	const char *mode;
	const char *safe[3];
	const char *never[8];
};

static const struct way ways[] = {
	{ "phone",
	  { "call", "voicemail", NULL },
	  { "phone", "phones", "call", "calls", "calling", "ring", "mobile", "voicemail" } },
	{ "text",
	  { "text", NULL, NULL },
	  { "text", "texts", "texting", "sms", "message", "messages", "whatsapp", NULL } },
	{ "video", { "call", NULL, NULL }, { "video", "phone", "call", "calls", NULL } },
	{ "email", { "email", NULL, NULL }, { "email", "emails", "e-mail", NULL } },
	{ "letter", { "letter", NULL, NULL }, { "letter", "letters", "post", "mail", NULL } },
	{ "home_visit",
	  { NULL, NULL, NULL },
	  { "home", "house", "visit", "visits", "flat", NULL } },
};

/* Her preferred safe channel, mapped onto the way a contact is made. */
static const struct {
	const char *channel, *mode;
} preferred[] = {
	{ "call", "phone" },  { "text", "text" },     { "voicemail", "phone" },
	{ "email", "email" }, { "letter", "letter" }, { "via_centre", "centre" },
};

const char *kw_channel_safety_key(enum kw_channel_safety s)
{
	switch (s) {
	case KW_CH_SAFE:
		return "safe";
	case KW_CH_NOT_RECORDED:
		return "not_recorded";
	case KW_CH_NOT_MARKED:
		return "not_marked";
	case KW_CH_NEVER:
		return "never";
	default:
		return "in_person";
	}
}

bool kw_channel_needs_reason(enum kw_channel_safety s)
{
	return s == KW_CH_NOT_MARKED || s == KW_CH_NEVER;
}

/* True if keys (comma-joined) holds key. */
static bool has_key(const char *keys, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = keys; p != NULL && *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, key, n) == 0)
			return true;
		p = end != NULL ? end + 1 : NULL;
	}
	return false;
}

/* True if text holds word as a whole word (letters, digits and '-' make up words). */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; p != NULL && *p != '\0'; p++) {
		bool start = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-');

		if (start && strncasecmp(p, word, n) == 0 &&
		    !(isalnum((unsigned char)p[n]) || p[n] == '-'))
			return true;
	}
	return false;
}

enum kw_channel_safety kw_channel_safety(const char *mode, const char *safe_channels,
					 const char *never_via)
{
	const struct way *w = NULL;

	for (size_t i = 0; mode != NULL && i < sizeof(ways) / sizeof(ways[0]); i++)
		if (strcmp(ways[i].mode, mode) == 0)
			w = &ways[i];
	if (w == NULL)
		return KW_CH_IN_PERSON;
	for (size_t i = 0; never_via != NULL && i < 8 && w->never[i] != NULL; i++)
		if (has_word(never_via, w->never[i]))
			return KW_CH_NEVER;
	if (w->safe[0] == NULL)
		return KW_CH_IN_PERSON; /* a home visit: only her "never" can rule it out */
	if (safe_channels == NULL || safe_channels[0] == '\0')
		return KW_CH_NOT_RECORDED;
	for (size_t i = 0; i < 3 && w->safe[i] != NULL; i++)
		if (has_key(safe_channels, w->safe[i]))
			return KW_CH_SAFE;
	return KW_CH_NOT_MARKED;
}

const char *kw_channel_mode(const char *safe_channels)
{
	/* Her list's order is her preference: the first that maps onto a way wins. */
	for (const char *p = safe_channels; p != NULL && *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		for (size_t i = 0; i < sizeof(preferred) / sizeof(preferred[0]); i++)
			if (strlen(preferred[i].channel) == len &&
			    strncmp(p, preferred[i].channel, len) == 0)
				return preferred[i].mode;
		p = end != NULL ? end + 1 : NULL;
	}
	return NULL;
}

/* The answer to key when given and not blank, else NULL. */
static const char *given(const struct kw_values *vals, const char *key)
{
	const struct kw_value *v = kw_values_get(vals, key);

	return v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL && v->text[0] != '\0'
		       ? v->text
		       : NULL;
}

int kw_channel_her_ways(struct kw_session *s, const struct kw_form_pack *pack,
			const char *client_id, char **safe, char **never)
{
	const struct kw_form_spec *f = pack != NULL ? kw_form_find(pack, "intake") : NULL;
	struct kw_form_record rec = { 0 };
	struct kw_values vals = { 0 };
	struct kw_err err;
	int found = 0;

	*safe = *never = NULL;
	if (f == NULL || client_id == NULL || client_id[0] == '\0')
		return 0;
	snprintf(rec.id, sizeof(rec.id), "%s", client_id);
	found = kw_db_form_load(s->store, f, &rec, &vals, &err);
	if (found == 1) {
		*safe = kw_xstrdup_null(given(&vals, "safe_channels"));
		*never = kw_xstrdup_null(given(&vals, "never_contact_via"));
	}
	for (size_t i = 0; i < vals.n; i++)
		if (vals.v[i].text != NULL)
			memset(vals.v[i].text, 0, strlen(vals.v[i].text));
	kw_values_free(&vals);
	return found == 1 ? 1 : found < 0 ? -1 : 0;
}

enum kw_channel_safety kw_channel_judge(struct kw_session *s, const struct kw_form_pack *pack,
					const char *client_id, const char *mode)
{
	char *safe, *never;
	enum kw_channel_safety r;

	kw_channel_her_ways(s, pack, client_id, &safe, &never);
	r = kw_channel_safety(mode, safe, never);
	free(safe);
	if (never != NULL)
		memset(never, 0, strlen(never));
	free(never);
	return r;
}
