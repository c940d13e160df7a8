/* passphrase.c: strength checks (zxcvbn) and generated word passphrases. */
#include <math.h>
#include <string.h>

#include <sodium.h>
#include <zxcvbn.h>

#include "keywork/crypto.h"
#include "keywork/util.h"

/* Generated at build time from eff_large_wordlist.txt. */
extern const char *const kw_eff_words[];
extern const size_t kw_eff_nwords;

/* zxcvbn's score from guesses: <1e3 0, <1e6 1, <1e8 2, <1e10 3, else 4. */
static int score_of(double bits)
{
	double guesses_log10 = bits * log10(2.0);

	if (guesses_log10 < 3)
		return 0;
	if (guesses_log10 < 6)
		return 1;
	if (guesses_log10 < 8)
		return 2;
	if (guesses_log10 < 10)
		return 3;
	return 4;
}

static size_t utf8_chars(const unsigned char *p, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			c++;
	return c;
}

int kw_passphrase_check(const struct kw_secret *pass, const char *username, int *score_out,
			struct kw_err *err)
{
	const char *dict[] = { username, "keywork", "minerva", "women", "centre", NULL };
	double bits;
	int score;

	if (score_out != NULL)
		*score_out = 0;
	if (memchr(pass->p, '\0', pass->len) != NULL)
		return kw_err_set(err, KW_EUSAGE, "a passphrase cannot contain a NUL byte");
	if (utf8_chars(pass->p, pass->len) < KW_PASS_MIN_LEN)
		return kw_err_set(err, KW_EUSAGE,
				  "That passphrase is too short: use at least %d characters "
				  "(several words are easiest).",
				  KW_PASS_MIN_LEN);
	bits = ZxcvbnMatch((const char *)pass->p, dict, NULL);
	score = score_of(bits);
	if (score_out != NULL)
		*score_out = score;
	if (score < KW_PASS_MIN_SCORE)
		return kw_err_set(err, KW_EUSAGE,
				  "That passphrase is too easy to guess (strength %d of 4; %d "
				  "needed). Add a few unusual words.",
				  score, KW_PASS_MIN_SCORE);
	return 0;
}

struct kw_secret *kw_passphrase_generate(int words)
{
	size_t len = 0;
	struct kw_secret *s;
	uint32_t pick[16];

	if (words < 1)
		words = 1;
	if (words > 16)
		words = 16;
	for (int i = 0; i < words; i++) {
		/*
		 * A few EFF words have a hyphen of their own ("t-shirt"); drawing
		 * again keeps the result readable as words joined by '-', uniform
		 * over the rest of the list.
		 */
		do
			pick[i] = randombytes_uniform((uint32_t)kw_eff_nwords);
		while (strchr(kw_eff_words[pick[i]], '-') != NULL);
		len += strlen(kw_eff_words[pick[i]]) + (i > 0);
	}
	s = kw_secret_new(len);
	len = 0;
	for (int i = 0; i < words; i++) {
		const char *w = kw_eff_words[pick[i]];

		if (i > 0)
			s->p[len++] = '-';
		memcpy(s->p + len, w, strlen(w));
		len += strlen(w);
	}
	sodium_memzero(pick, sizeof(pick));
	return s;
}
