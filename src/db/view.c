/*
 * view.c: what the screens show (search, her header, her timeline, the
 * caseload and today's agenda), each read with one prepared query.
 *
 * Each query comes in two forms: one that reads the sensitive compartment
 * (schema "s") and one for a store where it is not attached, in which what
 * lives there is NULL. Which form runs is decided by the store, never by the
 * caller, so a drop-in session cannot ask for a risk level or a case note.
 *
 * Search: each word the user typed is classified in C (a name word, a
 * reference prefix, a date of birth, phone digits) and the words are bound
 * as one JSON array; the query finds the women each word matches through an
 * index (clients_fts for any word of her names, the reference and date of
 * birth indexes; phone digits alone are a scan, as they match inside the
 * number) and keeps those matched by every word. A word is tried as the
 * start of a reference twice: in the KW- form ("7f3q" is KW-7F3Q…), and as
 * typed, in any case, for references of any other form (an older system's
 * "LEEDS/2019/044"), a range on the reference's NOCASE index.
 *
 * Timeline: one UNION ALL with a branch per kind, each branch ordered and
 * limited on its own index, so a page reads at most limit rows per kind
 * whatever her history's length; paging is by keyset on (at, id).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "keywork/policy.h"
#include "keywork/util.h"
#include "keywork/retentiondb.h"
#include "keywork/view.h"

/* --- shared pieces of SQL --- */

/* Episode x is neither closed nor ended by a closure record. */
#define OPEN_X                                                                               \
	"x.status IN ('referred', 'open') AND x.closed_on IS NULL AND NOT EXISTS (SELECT 1 " \
	"FROM main.closures z WHERE z.episode_id = x.id)"
/* Her current episode: an open one before a referral, then the newest. */
#define CURRENT_EPISODE                                                                       \
	"(SELECT x.id FROM main.episodes x WHERE x.client_id = c.id AND " OPEN_X " ORDER BY " \
	"x.status = 'open' DESC, coalesce(x.opened_on, x.referred_on) DESC, x.created_at "    \
	"DESC LIMIT 1)"
/* Her newest contact made, not counting one a later correction replaced. */
#define LAST_MADE                                                                  \
	"(SELECT k.happened_at FROM main.contacts k WHERE k.client_id = c.id AND " \
	"k.outcome = 'made' AND NOT EXISTS (SELECT 1 FROM main.contacts a WHERE "  \
	"a.amends_id = k.id) ORDER BY k.happened_at DESC LIMIT 1)"
/* Her latest risk level (sensitive), or NULL where that compartment is closed. */
#define RISK_S                                                                \
	"(SELECT r.level FROM s.risk_assessments r WHERE r.client_id = c.id " \
	"ORDER BY r.assessed_on DESC, r.created_at DESC LIMIT 1)"
#define RISK_NONE "NULL"
/* Her latest risk assessment's score and whether a MARAC referral is indicated. */
#define RISK_DETAIL_S                                                                  \
	"(SELECT r.score FROM s.risk_assessments r WHERE r.client_id = c.id "          \
	"ORDER BY r.assessed_on DESC, r.created_at DESC LIMIT 1), "                    \
	"(SELECT r.marac_referral FROM s.risk_assessments r WHERE r.client_id = c.id " \
	"ORDER BY r.assessed_on DESC, r.created_at DESC LIMIT 1)"
#define RISK_DETAIL_NONE "NULL, NULL"
#define HANDOVER_S                                                             \
	"(SELECT v.value FROM s.custom_values v WHERE v.record_id = c.id AND " \
	"v.field_key = 'handover' AND v.state = 'answered')"
#define HANDOVER_NONE "NULL"
/* The intake form keeps safe_channels in the general compartment. */
#define SAFE_CHANNELS                                                             \
	"(SELECT v.value FROM main.custom_values v WHERE v.record_id = c.id AND " \
	"v.field_key = 'safe_channels' AND v.state = 'answered')"
/* Keep-apart flags in force naming her, either way round (so both women show it). */
#define KEEP_APART                                                              \
	"(SELECT count(*) FROM main.keep_apart k WHERE (k.client_id = c.id OR " \
	"k.other_reference = c.reference) AND k.ended_on IS NULL)"
/* The women of keyworker ?1, or every woman when ?1 is NULL, each by an index. */
#define MINE                                                                            \
	"mine(r) AS (SELECT rowid FROM main.clients WHERE keyworker_id = ?1 UNION ALL " \
	"SELECT rowid FROM main.clients WHERE ?1 IS NULL)"

/* --- search --- */

/* Her phone number as digits only. */
#define PHONE_DIGITS                                                                           \
	"replace(replace(replace(replace(replace(c.phone, ' ', ''), '-', ''), '+', ''), '(', " \
	"''), ')', '')"
/*
 * Whether word wj matches her (c): a reference prefix (KW- form, or as typed
 * in any case: char(1114111) sorts after every character), her date of
 * birth, digits in her phone number, or, last since it costs most, a word of
 * her names (the full-text index, at her row alone).
 */
#define WORD_MATCHES(wj)                                                                        \
	"((" wj ".rlo IS NOT NULL AND c.reference >= " wj ".rlo AND c.reference < " wj          \
	".rlo || char(127)) OR (" wj ".rany IS NOT NULL AND c.reference COLLATE NOCASE >= " wj  \
	".rany AND c.reference COLLATE NOCASE < " wj ".rany || char(1114111)) OR (" wj          \
	".dob IS NOT NULL AND c.date_of_birth = " wj ".dob) OR (" wj ".digits IS NOT NULL AND " \
	"instr(" PHONE_DIGITS ", " wj ".digits) > 0) OR (" wj ".fts IS NOT NULL AND EXISTS "    \
	"(SELECT 1 FROM main.clients_fts x WHERE x.clients_fts MATCH " wj ".fts AND x.rowid = " \
	"c.rowid)))"
/*
 * A word's matches other than by name (reference prefix, date of birth,
 * phone), each through its own index, each kept only if every other word
 * matches her too (WORD_MATCHES), cut to the limit: a word that matches
 * many women and another that matches none of them costs the index reads of
 * the first word's matches, never a look at every woman.
 */
#define OTHER_MATCHES                                                                              \
	"SELECT * FROM (SELECT m.r FROM (SELECT w.i, c.rowid AS r FROM w CROSS JOIN main.clients " \
	"c WHERE w.rlo IS NOT NULL AND c.reference >= w.rlo AND c.reference < w.rlo || char(127) " \
	"UNION ALL SELECT w.i, c.rowid FROM w CROSS JOIN main.clients c WHERE w.rany IS NOT NULL " \
	"AND c.reference COLLATE NOCASE >= w.rany AND c.reference COLLATE NOCASE < w.rany || "     \
	"char(1114111) UNION ALL SELECT w.i, c.rowid FROM w CROSS JOIN main.clients c WHERE "      \
	"w.dob IS NOT NULL AND c.date_of_birth = w.dob UNION ALL SELECT w.i, p.rowid FROM w "      \
	"CROSS JOIN main.clients_phone p WHERE w.digits IS NOT NULL AND p.clients_phone MATCH "    \
	"'\"' || w.digits || '\"') m CROSS JOIN main.clients c ON c.rowid = m.r WHERE NOT EXISTS " \
	"(SELECT 1 FROM w wj WHERE wj.i <> m.i AND NOT " WORD_MATCHES("wj") ") LIMIT ?4)"
/*
 * Exact known-as name or reference first, then a name beginning with the
 * first word, then others: ?2 and ?3 are LIKE patterns (ASCII letters in
 * either case, as lower() compares them), the first the whole query, the
 * second the first word followed by '%'.
 */
#define SEARCH_RANK                                                                           \
	"CASE WHEN c.known_as LIKE ?2 ESCAPE '\\' OR c.reference LIKE ?2 ESCAPE '\\' THEN 0 " \
	"WHEN c.known_as LIKE ?3 ESCAPE '\\' "                                                \
	"OR c.first_name LIKE ?3 ESCAPE '\\' OR c.last_name LIKE ?3 ESCAPE '\\' THEN 1 ELSE 2 END"
/*
 * Several words ("mar smi"): women matching every word, found as one word's
 * are, by indexes and limits before anything is sorted. The exact known-as
 * name (the first limit of them) or reference (?5, the whole query) by index;
 * then, when every word can be a name's, the full-text index asked for all
 * of them at once (?7 with the first word at the start of a name, for the
 * best first, then ?8 with each anywhere: FTS5 intersects the words' lists
 * itself), each cut to the limit; then the women some word matches
 * otherwise (OTHER_MATCHES).
 * When more than limit women match, the list is limit of them, the best
 * kinds first.
 */
#define HIT_MANY                                                                                 \
	"SELECT DISTINCT r FROM (SELECT * FROM (SELECT c.rowid AS r FROM main.clients c WHERE "  \
	"c.known_as = ?5 COLLATE NOCASE LIMIT ?4) UNION ALL SELECT c.rowid FROM main.clients c " \
	"WHERE c.reference = ?5 "                                                                \
	"COLLATE NOCASE UNION ALL SELECT * FROM (SELECT f.rowid FROM main.clients_fts f WHERE "  \
	"?7 IS NOT NULL AND f.clients_fts MATCH ?7 LIMIT ?4) UNION ALL SELECT * FROM (SELECT "   \
	"f.rowid FROM main.clients_fts f WHERE ?8 IS NOT NULL AND f.clients_fts MATCH ?8 LIMIT " \
	"?4) UNION ALL " OTHER_MATCHES ")"

/*
 * One word (every keystroke until a space): each kind of match by its own
 * index, each cut to the limit (?4) before anything is sorted, so a
 * keystroke costs a handful of index seeks and reads at most a few times
 * limit women, however many there are. The exact known-as name or
 * reference (?5, the word) and names beginning with it (?6: known-as, first
 * and last name, each the first limit of them by that name, by index) come
 * up to the limit: a common name typed whole ("hannah", about 2,000 of
 * 200,000 women) is not read whole, as it was (33 ms a keystroke); matches
 * elsewhere in a name (a later word, or accents folded) the first limit the
 * full-text index gives. When more than limit women match, the list is
 * limit of them, the best first: the screen
 * asks for more letters. A phone number's digits may be anywhere in it:
 * they are found through a trigram index of the digits (clients_phone).
 */
#define HIT_ONE                                                                                  \
	"SELECT DISTINCT r FROM (SELECT * FROM (SELECT c.rowid AS r FROM w CROSS JOIN "          \
	"main.clients c WHERE w.fts IS NOT NULL AND c.known_as = ?5 COLLATE NOCASE LIMIT ?4) "   \
	"UNION ALL SELECT c.rowid FROM w CROSS JOIN main.clients c WHERE (w.rlo IS NOT NULL OR " \
	"w.rany IS NOT NULL) AND c.reference = ?5 COLLATE NOCASE "                               \
	"UNION ALL SELECT * FROM (SELECT c.rowid FROM w CROSS JOIN main.clients c WHERE w.fts "  \
	"IS NOT NULL AND c.known_as COLLATE NOCASE >= ?6 AND c.known_as COLLATE NOCASE < ?6 || " \
	"char(1114111) ORDER BY c.known_as COLLATE NOCASE LIMIT ?4) "                            \
	"UNION ALL SELECT * FROM (SELECT c.rowid FROM w CROSS JOIN main.clients c WHERE w.fts "  \
	"IS NOT NULL AND c.first_name COLLATE NOCASE >= ?6 AND c.first_name COLLATE NOCASE < "   \
	"?6 || char(1114111) ORDER BY c.first_name COLLATE NOCASE LIMIT ?4) "                    \
	"UNION ALL SELECT * FROM (SELECT c.rowid FROM w CROSS JOIN main.clients c WHERE w.fts "  \
	"IS NOT NULL AND c.last_name COLLATE NOCASE >= ?6 AND c.last_name COLLATE NOCASE < ?6 "  \
	"|| char(1114111) ORDER BY c.last_name COLLATE NOCASE LIMIT ?4) "                        \
	"UNION ALL SELECT * FROM (SELECT f.rowid FROM w CROSS JOIN main.clients_fts f WHERE "    \
	"w.fts IS NOT NULL AND f.clients_fts MATCH w.fts LIMIT ?4) "                             \
	"UNION ALL SELECT * FROM (SELECT c.rowid FROM w CROSS JOIN main.clients c WHERE w.rlo "  \
	"IS NOT NULL AND c.reference >= w.rlo AND c.reference < w.rlo || char(127) ORDER BY "    \
	"c.reference LIMIT ?4) "                                                                 \
	"UNION ALL SELECT * FROM (SELECT c.rowid FROM w CROSS JOIN main.clients c WHERE w.rany " \
	"IS NOT NULL AND c.reference COLLATE NOCASE >= w.rany AND c.reference COLLATE NOCASE < " \
	"w.rany || char(1114111) ORDER BY c.reference COLLATE NOCASE LIMIT ?4) "                 \
	"UNION ALL SELECT * FROM (SELECT c.rowid FROM w CROSS JOIN main.clients c WHERE w.dob "  \
	"IS NOT NULL AND c.date_of_birth = w.dob LIMIT ?4) "                                     \
	"UNION ALL SELECT * FROM (SELECT p.rowid FROM w CROSS JOIN main.clients_phone p WHERE "  \
	"w.digits IS NOT NULL AND p.clients_phone MATCH '\"' || w.digits || '\"' LIMIT ?4))"

/*
 * ?1 the words as a JSON array of [name match, KW- reference prefix, date
 * of birth, phone digits, reference prefix as typed] (each NULL when the
 * word cannot be one); ?2 the whole query and ?3 its first word, for
 * ranking; ?4 the limit; ?5 the whole query as typed; for one word ?6 the
 * word, for several ?7 and ?8 the FTS5 queries of HIT_MANY (NULL when some
 * word cannot be a name's). CROSS JOIN keeps the words outermost, so a kind of
 * match no word has costs nothing. The best limit are chosen before their
 * risk and safe channels are read, so a short word matching thousands reads
 * those for limit women only.
 */
#define SEARCH_SQL(risk, hit)                                                                   \
	"WITH w(i, fts, rlo, dob, digits, rany) AS (SELECT key, value ->> 0, value ->> 1, "     \
	"value ->> 2, value ->> 3, value ->> 4 FROM json_each(?1)), "                           \
	"hit(r) AS (" hit "), "                                                                 \
	"top(r, rank) AS (SELECT c.rowid, " SEARCH_RANK " AS rank FROM hit JOIN "               \
	"main.clients c ON c.rowid = hit.r ORDER BY rank, c.known_as COLLATE NOCASE, "          \
	"c.reference LIMIT ?4) "                                                                \
	"SELECT c.id, c.reference, c.known_as, c.first_name, c.last_name, c.date_of_birth, "    \
	"c.phone, " risk ", " SAFE_CHANNELS ", " KEEP_APART " FROM top JOIN main.clients c ON " \
	"c.rowid = top.r ORDER BY top.rank, c.known_as COLLATE NOCASE, c.reference"

static const char SQL_SEARCH_S[] = SEARCH_SQL(RISK_S, HIT_MANY);
static const char SQL_SEARCH[] = SEARCH_SQL(RISK_NONE, HIT_MANY);
static const char SQL_SEARCH1_S[] = SEARCH_SQL(RISK_S, HIT_ONE);
static const char SQL_SEARCH1[] = SEARCH_SQL(RISK_NONE, HIT_ONE);

#define MAX_WORDS 16

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* The digits of w if it is written like a phone number with at least four of them. */
static bool phone_digits(const char *w, size_t n, char *out, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (w[i] >= '0' && w[i] <= '9') {
			if (k + 1 >= len)
				return false;
			out[k++] = w[i];
		} else if (!is_space(w[i]) && strchr("+-()", w[i]) == NULL) {
			return false;
		}
	}
	out[k] = '\0';
	return k >= 4;
}

/* The reference prefix w may be: "KW-7F…" as typed, or the code alone if it has a digit. */
static bool ref_prefix(const char *w, size_t n, char out[16])
{
	static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char up[16];
	bool digit = false;
	size_t i;

	if (n >= sizeof(up) - 3)
		return false;
	for (i = 0; i < n; i++)
		up[i] = (char)toupper((unsigned char)w[i]);
	up[n] = '\0';
	if (n >= 4 && strncmp(up, "KW-", 3) == 0) {
		memcpy(out, up, n + 1);
		return true;
	}
	if (n < 4)
		return false;
	for (i = 0; i < n; i++) {
		if (up[i] == '\0' || strchr(crockford, up[i]) == NULL)
			return false;
		digit |= up[i] >= '0' && up[i] <= '9';
	}
	if (!digit)
		return false;
	memcpy(out, "KW-", 3);
	memcpy(out + 3, up, n + 1);
	return true;
}

/*
 * True if w may start a reference of any form, as typed: at least two
 * characters, no longer than a reference, and not "kw" or "kw-", which
 * start every KW- reference.
 */
static bool any_ref_prefix(const char *w, size_t n)
{
	if (n < 2 || n >= sizeof(((struct kw_client *)0)->reference))
		return false;
	return n > 3 || strncasecmp(w, "KW-", n) != 0;
}

/* True if w has something a name's words are made of (a letter or digit, or any non-ASCII). */
static bool has_word_char(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isalnum((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80)
			return true;
	return false;
}

/* Appends s (n bytes of valid UTF-8) as a JSON string. */
static void json_str(struct kw_buf *b, const char *s, size_t n)
{
	kw_buf_adds(b, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			kw_buf_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			kw_buf_printf(b, "\\u%04x", ch);
		else
			kw_buf_add(b, &s[i], 1);
	}
	kw_buf_adds(b, "\"");
}

/*
 * Appends one word's ways of matching as a JSON array, and its name match
 * to *names (" AND " between words); a word that cannot be a name's makes
 * *all_names false.
 */
static void json_word(struct kw_buf *b, const char *w, size_t n, bool phone_only,
		      struct kw_buf *names, bool *all_names)
{
	char dob[11], ref[16], digits[32];
	bool is_dob = !phone_only && kw_date_parse(w, n, dob);

	kw_buf_adds(b, "[");
	if (!phone_only && !is_dob && has_word_char(w, n)) {
		/* An FTS5 phrase prefix: the word quoted, its quotes doubled. */
		struct kw_buf q = { 0 };

		kw_buf_adds(&q, "\"");
		for (size_t i = 0; i < n; i++)
			kw_buf_add(&q, w[i] == '"' ? "\"\"" : &w[i], w[i] == '"' ? 2 : 1);
		kw_buf_adds(&q, "\"*");
		json_str(b, q.p, q.len);
		if (names->len > 0)
			kw_buf_adds(names, " AND ");
		kw_buf_add(names, q.p, q.len);
		kw_buf_free(&q);
	} else {
		kw_buf_adds(b, "null");
		*all_names = false;
	}
	kw_buf_adds(b, ",");
	if (!phone_only && !is_dob && ref_prefix(w, n, ref))
		json_str(b, ref, strlen(ref));
	else
		kw_buf_adds(b, "null");
	kw_buf_adds(b, ",");
	if (is_dob)
		json_str(b, dob, 10);
	else
		kw_buf_adds(b, "null");
	kw_buf_adds(b, ",");
	if (!is_dob && phone_digits(w, n, digits, sizeof(digits)))
		json_str(b, digits, strlen(digits));
	else
		kw_buf_adds(b, "null");
	kw_buf_adds(b, ",");
	if (!phone_only && !is_dob && any_ref_prefix(w, n))
		json_str(b, w, n);
	else
		kw_buf_adds(b, "null");
	kw_buf_adds(b, "]");
}

/*
 * The words of query as JSON, its first word into first, and into names
 * the FTS5 query for women every word of whose matches a word of her names
 * (empty if some word cannot be a name's); 0 words for an empty query. A
 * query written entirely like a phone number ("07700 900") is one word of
 * digits.
 */
static int search_words(const char *query, struct kw_buf *json, char *first, size_t firstlen,
			struct kw_buf *names)
{
	bool all_names = true;
	const char *p = query;
	size_t n = strlen(query);
	char digits[32];
	int words = 0;

	while (n > 0 && is_space(p[0])) {
		p++;
		n--;
	}
	while (n > 0 && is_space(p[n - 1]))
		n--;
	first[0] = '\0';
	kw_buf_adds(json, "[");
	if (n > 0 && phone_digits(p, n, digits, sizeof(digits)) && memchr(p, ' ', n) != NULL) {
		json_word(json, p, n, true, names, &all_names);
		snprintf(first, firstlen, "%s", digits);
		words = 1;
	} else {
		while (n > 0 && words < MAX_WORDS) {
			size_t len = 0;

			while (len < n && !is_space(p[len]))
				len++;
			if (words > 0)
				kw_buf_adds(json, ",");
			json_word(json, p, len, false, names, &all_names);
			if (words == 0)
				snprintf(first, firstlen, "%.*s", (int)len, p);
			words++;
			p += len;
			n -= len;
			while (n > 0 && is_space(p[0])) {
				p++;
				n--;
			}
		}
	}
	kw_buf_adds(json, "]");
	if (!all_names)
		names->len = 0;
	return words;
}

/* s as a LIKE pattern matching itself alone (escape '\\'), then suffix. */
static void like_pattern(struct kw_buf *b, const char *s, const char *suffix)
{
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			kw_buf_adds(b, "\\");
		kw_buf_add(b, s, 1);
	}
	kw_buf_adds(b, suffix);
}

/* A query made ready to bind: its words, names and the forms the SQL takes them in. */
struct search_args {
	struct kw_buf json, names, caret, whole_like, first_like;
	char first[128], whole[256];
	int words;
};

/* Reads query into a; a->words is 0 for a query that finds nobody. */
static void search_args(const char *query, int limit, struct search_args *a)
{
	const char *q = query != NULL ? query : "";
	size_t bad;

	memset(a, 0, sizeof(*a));
	a->words = limit > 0 && kw_utf8_valid(q, strlen(q), &bad)
			   ? search_words(q, &a->json, a->first, sizeof(a->first), &a->names)
			   : 0;
	if (a->words == 0)
		return;
	{
		const char *s = q, *z = q + strlen(q);

		while (s < z && is_space(*s))
			s++;
		while (z > s && is_space(z[-1]))
			z--;
		snprintf(a->whole, sizeof(a->whole), "%.*s", (int)(z - s), s);
	}
	like_pattern(&a->whole_like, a->whole, "");
	like_pattern(&a->first_like, a->first, "%");
	/* The first word at the start of one of her names (FTS5's initial token). */
	if (a->names.len > 0) {
		kw_buf_adds(&a->caret, "^");
		kw_buf_add(&a->caret, a->names.p, a->names.len);
	}
}

static void search_args_free(struct search_args *a)
{
	kw_buf_free(&a->json);
	kw_buf_free(&a->names);
	kw_buf_free(&a->caret);
	kw_buf_free(&a->whole_like);
	kw_buf_free(&a->first_like);
}

/* The statement for a's number of words (one or several), or NULL with err set. */
static sqlite3_stmt *search_stmt(struct kw_store *st, const struct search_args *a,
				 struct kw_err *err)
{
	if (a->words == 1)
		return kw_stmt(st, st->sensitive ? SQL_SEARCH1_S : SQL_SEARCH1, err);
	return kw_stmt(st, st->sensitive ? SQL_SEARCH_S : SQL_SEARCH, err);
}

static void search_bind(sqlite3_stmt *s, const struct search_args *a, int limit)
{
	sqlite3_bind_text(s, 1, a->json.p, (int)a->json.len, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, a->whole_like.p, (int)a->whole_like.len, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, a->first_like.p, (int)a->first_like.len, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 4, limit);
	sqlite3_bind_text(s, 5, a->whole, -1, SQLITE_TRANSIENT);
	if (a->words == 1) {
		sqlite3_bind_text(s, 6, a->first, -1, SQLITE_TRANSIENT);
		return;
	}
	if (a->names.len > 0) {
		sqlite3_bind_text(s, 7, a->caret.p, (int)a->caret.len, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 8, a->names.p, (int)a->names.len, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(s, 7);
		sqlite3_bind_null(s, 8);
	}
}

int kw_db_search(struct kw_store *st, const char *query, int limit,
		 int (*fn)(void *ctx, const struct kw_hit *h), void *ctx, struct kw_err *err)
{
	struct search_args a;
	sqlite3_stmt *s = NULL;
	int step = SQLITE_DONE, stop = 0, rc = -1;

	search_args(query, limit, &a);
	if (a.words == 0) {
		rc = 0; /* an empty query finds nobody */
		goto out;
	}
	s = search_stmt(st, &a, err);
	if (s == NULL)
		goto out;
	search_bind(s, &a, limit);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_hit h = { 0 };

		kw_col_copy(s, 0, h.id, sizeof(h.id));
		kw_col_copy(s, 1, h.reference, sizeof(h.reference));
		h.known_as = (const char *)sqlite3_column_text(s, 2);
		h.first_name = (const char *)sqlite3_column_text(s, 3);
		h.last_name = (const char *)sqlite3_column_text(s, 4);
		h.date_of_birth = (const char *)sqlite3_column_text(s, 5);
		h.phone = (const char *)sqlite3_column_text(s, 6);
		h.risk_level = (const char *)sqlite3_column_text(s, 7);
		h.safe_channels = (const char *)sqlite3_column_text(s, 8);
		h.keep_apart = sqlite3_column_int(s, 9) > 0;
		/* Restricted to named staff this user is not one of: a row that says so, nothing of her. */
		if (kw_hidden(st, h.id)) {
			struct kw_hit masked = { .restricted = true };

			snprintf(masked.id, sizeof(masked.id), "%s", h.id);
			h = masked;
		}
		stop = fn(ctx, &h);
	}
	if (!stop && step != SQLITE_DONE) {
		kw_db_fail(st, "searching", err);
		goto out;
	}
	rc = stop < 0 ? -1 : 0;
out:
	if (s != NULL)
		sqlite3_reset(s);
	search_args_free(&a);
	return rc;
}

int kw_db_search_plan(struct kw_store *st, const char *query, int limit, struct kw_buf *plan,
		      long *steps, struct kw_err *err)
{
	struct search_args a;
	sqlite3_stmt *s = NULL, *e = NULL;
	char *sql = NULL;
	int step, rc = -1;

	search_args(query, limit, &a);
	if (a.words == 0) {
		rc = 0;
		goto out;
	}
	s = search_stmt(st, &a, err);
	if (s == NULL)
		goto out;
	sql = kw_xstrdup(sqlite3_sql(s));
	{
		struct kw_buf x = { 0 };

		kw_buf_printf(&x, "EXPLAIN QUERY PLAN %s", sql);
		step = sqlite3_prepare_v2(st->db, x.p, -1, &e, NULL);
		kw_buf_free(&x);
	}
	if (step != SQLITE_OK) {
		kw_db_fail(st, "explaining the search", err);
		goto out;
	}
	search_bind(e, &a, limit);
	while ((step = sqlite3_step(e)) == SQLITE_ROW)
		kw_buf_printf(plan, "%d %d %s\n", sqlite3_column_int(e, 0),
			      sqlite3_column_int(e, 1), (const char *)sqlite3_column_text(e, 3));
	if (step != SQLITE_DONE) {
		kw_db_fail(st, "explaining the search", err);
		goto out;
	}
	/* Then the search itself, counting the steps of SQLite's machine it takes. */
	if (steps != NULL) {
		sqlite3_stmt_status(s, SQLITE_STMTSTATUS_VM_STEP, 1);
		search_bind(s, &a, limit);
		while ((step = sqlite3_step(s)) == SQLITE_ROW)
			;
		*steps = sqlite3_stmt_status(s, SQLITE_STMTSTATUS_VM_STEP, 1);
		sqlite3_reset(s);
		if (step != SQLITE_DONE) {
			kw_db_fail(st, "searching", err);
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(e);
	free(sql);
	search_args_free(&a);
	return rc;
}

/* --- her header --- */

#define CLIENT_COLS(borough)                                                          \
	"c.id, c.reference, c.known_as, c.first_name, c.last_name, c.date_of_birth, " \
	"c.phone, " borough                                                           \
	", c.keyworker_id, c.created_at, c.created_by, c.updated_at, c.updated_by, "  \
	"c.version"
/* Her borough is kept in the sensitive compartment. */
#define HEADER_BOROUGH_S "(SELECT d.borough FROM s.client_details d WHERE d.client_id = c.id)"
#define HEADER_SQL(borough, risk, handover, detail)                                              \
	"SELECT " CLIENT_COLS(                                                                   \
		borough) ", coalesce(u.username, ''), "                                          \
			 "(SELECT g.description FROM main.strengths g WHERE g.client_id = c.id " \
			 "ORDER BY g.noted_on DESC, g.created_at DESC LIMIT 1), " risk           \
			 ", " handover ", " SAFE_CHANNELS ", e.programme, " LAST_MADE ", "       \
			 "(SELECT count(*) FROM main.episodes x WHERE x.client_id = c.id "       \
			 "AND " OPEN_X "), " detail                                              \
			 " FROM main.clients c LEFT JOIN main.users u ON u.id = c.keyworker_id " \
			 "LEFT JOIN main.episodes e ON e.id = " CURRENT_EPISODE " WHERE c.id = ?1"

static const char SQL_HEADER_S[] = HEADER_SQL(HEADER_BOROUGH_S, RISK_S, HANDOVER_S, RISK_DETAIL_S);
static const char SQL_HEADER[] = HEADER_SQL("NULL", RISK_NONE, HANDOVER_NONE, RISK_DETAIL_NONE);

/* Her outreach conflicts nobody has chosen for, in the compartments open (0 if unreadable). */
static long conflicts_of(struct kw_store *st, const char *client_id)
{
	sqlite3_stmt *s = NULL;
	long n = 0;

	if (sqlite3_prepare_v2(
		    st->db,
		    st->sensitive ? "SELECT (SELECT count(*) FROM main.outreach_conflicts WHERE "
				    "client_id = ?1 AND resolved_at IS NULL) + (SELECT count(*) "
				    "FROM s.outreach_conflicts WHERE client_id = ?1 AND "
				    "resolved_at IS NULL)"
				  : "SELECT count(*) FROM main.outreach_conflicts WHERE "
				    "client_id = ?1 AND resolved_at IS NULL",
		    -1, &s, NULL) == SQLITE_OK) {
		kw_bind_text(s, 1, client_id);
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int(s, 0);
	}
	sqlite3_finalize(s);
	return n;
}

int kw_db_header(struct kw_store *st, const char *client_id, struct kw_header *out,
		 struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, st->sensitive ? SQL_HEADER_S : SQL_HEADER, err);
	int step, rc = -1;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return -1;
	if (kw_hidden(st, client_id))
		return kw_hidden_refuse(err);
	kw_bind_text(s, 1, client_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_client_read(s, &out->client);
		kw_col_copy(s, 14, out->keyworker, sizeof(out->keyworker));
		out->latest_strength = kw_col_strdup(s, 15);
		out->risk_level = kw_col_strdup(s, 16);
		out->handover = kw_col_strdup(s, 17);
		out->safe_channels = kw_col_strdup(s, 18);
		out->programme = kw_col_strdup(s, 19);
		out->last_contact = kw_col_strdup(s, 20);
		out->open_episodes = (long)sqlite3_column_int64(s, 21);
		out->risk_score = sqlite3_column_type(s, 22) == SQLITE_NULL
					  ? -1
					  : (long)sqlite3_column_int64(s, 22);
		out->risk_marac =
			sqlite3_column_text(s, 23) != NULL &&
			strcmp((const char *)sqlite3_column_text(s, 23), "indicated") == 0;
		rc = 1;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	} else {
		kw_db_fail(st, "reading her record's header", err);
	}
	sqlite3_reset(s);
	if (rc == 1) {
		/* Safety flags for everyone; the codeword's hint and her full record's
		 * parts for those who may see them (policy.h), never the codeword. */
		out->keep_apart = kw_db_keep_apart_count(st, client_id, err);
		if (out->keep_apart < 0)
			rc = -1;
		if (rc == 1) {
			int r = kw_db_hold_get(st, client_id, KW_HOLD_RESTRICT, err);

			out->restricted = r == 1;
			out->conflicts = conflicts_of(st, client_id);
			out->legal_hold =
				r >= 0 && kw_db_hold_get(st, client_id, KW_HOLD_LEGAL, err) == 1;
			if (r < 0)
				rc = -1;
		}
		if (st->sensitive && kw_db_codeword_hint(st, client_id, out->codeword_hint,
							 sizeof(out->codeword_hint), err) != 0)
			rc = -1;
		if (kw_db_may(st, KW_DO_FULL_RECORD, NULL) != 0) {
			free(out->latest_strength);
			free(out->programme);
			out->latest_strength = out->programme = NULL;
		}
	}
	return rc;
}

/* --- her timeline --- */

/*
 * One branch per kind: ?1 her id, ?2 and ?3 the cursor's at and id, ?4 the
 * limit. Each is ordered and limited alone, on its kind's index by her id.
 * A time typed in a form ("2024-03-01 10:00") is ordered as if written with
 * a "T", as the store writes it, so one day's entries keep their order;
 * contacts and notes have indexes on exactly that expression.
 */
#define CONTACT_AT "replace(happened_at, ' ', 'T')"
#define NOTE_AT "replace(happened_at, ' ', 'T')"
#define TASK_AT "coalesce(t.due_on, substr(t.created_at, 1, 10))"
#define APPT_AT "replace(starts_at, ' ', 'T')"
#define STEP_AT "coalesce(st.happened_on, st.due_on, substr(st.created_at, 1, 10))"
/* A contact's answer kept beside it: why a way not marked safe was used, and how safe. */
#define TL_CV(key)                                                                 \
	"(SELECT v.value FROM main.custom_values v WHERE v.record_id = c0.id AND " \
	"v.field_key = '" key "' AND v.state = 'answered') AS " key
#define TL_CONTACTS                                                                         \
	"SELECT * FROM (SELECT 0 AS kind, id, " CONTACT_AT " AS at, outcome AS title, "     \
	"summary AS body, created_by AS who, amends_id, missed_reason AS extra, "           \
	"0 AS confidential, mode, EXISTS (SELECT 1 FROM main.contacts a WHERE "             \
	"a.client_id = ?1 AND a.amends_id = c0.id) AS amended, " TL_CV(                     \
		"channel_override") ", " TL_CV("channel_safety") " FROM main.contacts c0 "  \
								 "WHERE client_id = ?1 "    \
								 "AND " CONTACT_AT          \
								 " <= ?2 AND (" CONTACT_AT  \
								 " < ?2 OR id < ?3) ORDER " \
								 "BY " CONTACT_AT           \
								 " DESC, id DESC "          \
								 "LIMIT ?4)"
/* A confidential note's text is NULL for whoever policy.h does not let read it. */
#define TL_NOTE_BODY "CASE WHEN " KW_NOTE_READABLE("n") " THEN body END"
#define TL_NOTES                                                                            \
	" UNION ALL SELECT * FROM (SELECT 1, id, " NOTE_AT ", NULL, " TL_NOTE_BODY ", "     \
	"created_by, amends_id, NULL, confidential, NULL, EXISTS (SELECT 1 FROM s.notes a " \
	"WHERE a.client_id = ?1 AND a.amends_id = n.id), NULL, NULL FROM s.notes n WHERE "  \
	"client_id = ?1 "                                                                   \
	"AND " NOTE_AT " <= ?2 AND (" NOTE_AT " < ?2 OR id < ?3) ORDER BY " NOTE_AT         \
	" DESC, id DESC "                                                                   \
	"LIMIT ?4)"
#define TL_OTHERS                                                                                  \
	" UNION ALL SELECT * FROM (SELECT 2, t.id, " TASK_AT ", t.title, t.outcome, "              \
	"t.created_by, NULL, t.status, 0, NULL, 0, NULL, NULL FROM main.tasks t WHERE "            \
	"t.client_id = ?1 "                                                                        \
	"AND " TASK_AT " <= ?2 AND (" TASK_AT " < ?2 OR t.id < ?3) ORDER BY " TASK_AT " DESC, "    \
	"t.id DESC LIMIT ?4)"                                                                      \
	" UNION ALL SELECT * FROM (SELECT 3, id, " APPT_AT ", kind, with_whom, created_by, "       \
	"NULL, place, 0, NULL, 0, NULL, NULL FROM main.appointments WHERE client_id = ?1 "         \
	"AND " APPT_AT " <= ?2 "                                                                   \
	"AND (" APPT_AT " < ?2 OR id < ?3) ORDER BY " APPT_AT " DESC, id DESC LIMIT ?4)"           \
	" UNION ALL SELECT * FROM (SELECT 4, st.id, " STEP_AT ", st.step, st.summary, "            \
	"st.created_by, NULL, i.agency, 0, NULL, 0, NULL, NULL FROM main.advocacy_items i JOIN "   \
	"main.advocacy_steps st ON st.advocacy_item_id = i.id WHERE i.client_id = ?1 AND " STEP_AT \
	" <= ?2 AND (" STEP_AT " < ?2 OR st.id < ?3) ORDER BY " STEP_AT " DESC, "                  \
	"st.id DESC LIMIT ?4)"                                                                     \
	" UNION ALL SELECT * FROM (SELECT 5, id, noted_on, kind, description, created_by, "        \
	"NULL, NULL, 0, NULL, 0, NULL, NULL FROM main.strengths WHERE client_id = ?1 AND "         \
	"noted_on <= ?2 AND "                                                                      \
	"(noted_on < ?2 OR id < ?3) ORDER BY noted_on DESC, id DESC LIMIT ?4)"
#define TIMELINE_SQL(notes, others)                                                              \
	"SELECT t.kind, t.id, t.at, t.title, t.body, coalesce(u.username, t.who), t.amends_id, " \
	"t.extra, t.confidential, t.mode, t.amended, t.channel_override, t.channel_safety FROM " \
	"(" TL_CONTACTS notes others ") t "                                                      \
	"LEFT JOIN main.users u ON u.id = t.who ORDER BY t.at DESC, t.id DESC LIMIT ?4"

/* A confidential note's text only for those policy.h names; drop-in staff see contacts only. */
static const char SQL_TIMELINE_S[] = TIMELINE_SQL(TL_NOTES, TL_OTHERS);
static const char SQL_TIMELINE[] = TIMELINE_SQL("", TL_OTHERS);
static const char SQL_TIMELINE_DROPIN[] = TIMELINE_SQL("", "");

int kw_db_timeline(struct kw_store *st, const char *client_id, struct kw_tl_cursor *after,
		   int limit, int (*fn)(void *ctx, const struct kw_tl_entry *e), void *ctx,
		   struct kw_err *err)
{
	sqlite3_stmt *s;
	int step = SQLITE_DONE, stop = 0, given = 0;

	if (limit <= 0)
		return 0;
	if (kw_hidden(st, client_id))
		return kw_hidden_refuse(err);
	s = kw_stmt(st,
		    st->sensitive				  ? SQL_TIMELINE_S
		    : kw_db_may(st, KW_DO_FULL_RECORD, NULL) == 0 ? SQL_TIMELINE
								  : SQL_TIMELINE_DROPIN,
		    err);
	if (s == NULL)
		return -1;
	kw_bind_reader(st, s);
	kw_bind_text(s, 1, client_id);
	/* A zero cursor starts above any date ("~" sorts after every digit). */
	kw_bind_text(s, 2, after->at[0] != '\0' ? after->at : "~");
	kw_bind_text(s, 3, after->at[0] != '\0' ? after->id : "~");
	sqlite3_bind_int(s, 4, limit);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_tl_entry e = { 0 };
		int kind = sqlite3_column_int(s, 0);

		e.kind = (enum kw_tl_kind)kind;
		kw_col_copy(s, 1, e.id, sizeof(e.id));
		kw_col_copy(s, 2, e.at, sizeof(e.at));
		e.title = (const char *)sqlite3_column_text(s, 3);
		e.body = (const char *)sqlite3_column_text(s, 4);
		e.by = (const char *)sqlite3_column_text(s, 5);
		e.amends_id = (const char *)sqlite3_column_text(s, 6);
		e.extra = (const char *)sqlite3_column_text(s, 7);
		e.confidential = sqlite3_column_int(s, 8) != 0;
		e.mode = (const char *)sqlite3_column_text(s, 9);
		e.amended = sqlite3_column_int(s, 10) != 0;
		e.override = (const char *)sqlite3_column_text(s, 11);
		e.channel_safety = (const char *)sqlite3_column_text(s, 12);
		/* The cursor moves before fn runs: an entry given is never given again. */
		memcpy(after->at, e.at, sizeof(after->at));
		memcpy(after->id, e.id, sizeof(after->id));
		given++;
		stop = fn(ctx, &e);
	}
	if (kw_rows_end(st, s, step, stop, "reading her timeline", err) != 0)
		return -1;
	return stop < 0 ? -1 : given;
}

/* --- the caseload --- */

/*
 * ?1 the keyworker (NULL: everyone), ?2 today. Her episode, last contact made
 * and next contact planned from main.contact_state (general 0017; as
 * src/db/casesql.h reads it); a pause on today as it is read.
 */
#define CASELOAD_SQL(risk)                                                                     \
	"WITH " MINE " SELECT c.id, c.reference, c.known_as, cs.last_made, cs.opened_on, "     \
	"cs.programme, cs.cadence, "                                                           \
	"(SELECT coalesce(p.ends_on, '') FROM main.contact_pauses p WHERE p.client_id = c.id " \
	"AND p.starts_on <= ?2 AND (p.ends_on IS NULL OR p.ends_on >= ?2) "                    \
	"ORDER BY p.ends_on IS NOT NULL, p.ends_on DESC LIMIT 1), "                            \
	"(SELECT max(p.ends_on) FROM main.contact_pauses p WHERE p.client_id = c.id AND "      \
	"p.starts_on <= ?2 AND p.ends_on < ?2), " risk ", cs.episode_id IS NOT NULL, "         \
	"cs.next_planned FROM mine JOIN main.clients c ON c.rowid = mine.r "                   \
	"LEFT JOIN main.contact_state cs ON cs.client_id = c.id "                              \
	"ORDER BY c.known_as COLLATE NOCASE, c.reference"

static const char SQL_CASELOAD_S[] = CASELOAD_SQL(RISK_S);
static const char SQL_CASELOAD[] = CASELOAD_SQL(RISK_NONE);

int kw_db_caseload(struct kw_store *st, const char *keyworker_id, const char *today,
		   int (*fn)(void *ctx, const struct kw_case_row *r), void *ctx, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step = SQLITE_DONE, stop = 0;

	/* The centre's whole list is not drop-in staff's to scan (policy.h). */
	if (kw_db_may(st, KW_DO_CASELOAD, err) != 0)
		return -1;
	s = kw_stmt(st, st->sensitive ? SQL_CASELOAD_S : SQL_CASELOAD, err);
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, keyworker_id);
	kw_bind_text(s, 2, today);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_case_row r = { 0 };

		kw_col_copy(s, 0, r.id, sizeof(r.id));
		kw_col_copy(s, 1, r.reference, sizeof(r.reference));
		r.known_as = (const char *)sqlite3_column_text(s, 2);
		r.last_contact = (const char *)sqlite3_column_text(s, 3);
		r.opened_on = (const char *)sqlite3_column_text(s, 4);
		r.programme = (const char *)sqlite3_column_text(s, 5);
		r.cadence = (const char *)sqlite3_column_text(s, 6);
		r.paused_until = (const char *)sqlite3_column_text(s, 7);
		r.pause_ended = (const char *)sqlite3_column_text(s, 8);
		r.risk_level = (const char *)sqlite3_column_text(s, 9);
		r.has_open_episode = sqlite3_column_int(s, 10) != 0;
		r.next_planned = (const char *)sqlite3_column_text(s, 11);
		stop = kw_hidden(st, r.id) ? 0 : fn(ctx, &r);
	}
	if (kw_rows_end(st, s, step, stop, "reading the caseload", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}

/* --- today's agenda --- */

/* Task t is still to do. */
#define TASK_OPEN "t.done_on IS NULL AND coalesce(t.status, '') NOT IN ('done', 'not_needed')"
/* Advocacy item i's latest step (as casework.c's SQL_LATEST and general 0017's advocacy_due). */
#define LATEST_STEP                                                                         \
	"(SELECT y.id FROM main.advocacy_steps y WHERE y.advocacy_item_id = i.id ORDER BY " \
	"coalesce(y.happened_on, y.due_on) DESC, y.created_at DESC, y.rowid DESC LIMIT 1)"

/*
 * ?1 the keyworker (NULL: everyone), ?2 today. g orders the groups:
 * appointments, then tasks and chases, then advocacy; within each, by time
 * (a time typed "10:00" ordered as if written "T10:00").
 */
static const char SQL_AGENDA[] =
	"WITH " MINE ", w AS (SELECT c.id AS cid, c.reference, c.known_as FROM mine "
	"JOIN main.clients c ON c.rowid = mine.r) "
	"SELECT * FROM (SELECT 0 AS g, 0 AS kind, a.id AS id, w.cid, w.reference, w.known_as, "
	"a.starts_at AS due, a.kind AS what, a.place AS detail, NULL AS agency FROM w JOIN "
	"main.appointments a "
	"ON a.client_id = w.cid WHERE a.starts_at >= ?2 AND a.starts_at < ?2 || '~' "
	/* A task once, due or to chase: as due once its due date has come. */
	"UNION ALL SELECT 1, CASE WHEN t.due_on <= ?2 THEN 1 ELSE 2 END, t.id, w.cid, "
	"w.reference, w.known_as, CASE WHEN t.due_on <= ?2 THEN t.due_on ELSE t.chase_on END, "
	"t.title, t.status, NULL FROM w JOIN main.tasks t ON t.client_id = w.cid WHERE "
	"(t.due_on <= ?2 OR t.chase_on <= ?2) AND " TASK_OPEN " "
	"UNION ALL SELECT * FROM (SELECT 2, 3, i.id, w.cid, w.reference, w.known_as, "
	"coalesce(st.due_on, i.due_on) AS due, i.issue, st.step, i.agency "
	"FROM w JOIN main.advocacy_items i ON i.client_id = w.cid LEFT JOIN "
	"main.advocacy_steps st ON st.id = " LATEST_STEP " WHERE i.resolved_on IS NULL AND "
	"coalesce(i.status, '') <> 'resolved') WHERE due <= ?2) "
	"ORDER BY g, replace(due, ' ', 'T'), known_as COLLATE NOCASE, id";

static const char SQL_COUNT_TASKS[] =
	"SELECT count(*) FROM main.tasks t JOIN main.clients c ON c.id = t.client_id WHERE "
	"(?1 IS NULL OR c.keyworker_id = ?1) AND (t.due_on <= ?2 OR t.chase_on <= ?2) "
	"AND " TASK_OPEN;
/* Advocacy items not resolved whose latest step (else the item) is due by ?2, from the days
 * general 0017 keeps for them (main.advocacy_due). */
static const char SQL_COUNT_ADVOCACY[] =
	"SELECT count(*) FROM main.clients c CROSS JOIN main.advocacy_items i ON i.client_id = "
	"c.id CROSS JOIN main.advocacy_due d ON d.item_id = i.id WHERE c.keyworker_id = ?1 AND "
	"d.due_on <= ?2";

/* The same for every woman, from each day's tally (general 0031): a task counts on the
 * earlier of its day due and its day to chase, as (due_on <= ?2 OR chase_on <= ?2) does. */
static const char SQL_COUNT_TASKS_ALL[] =
	"SELECT coalesce(sum(n), 0) FROM main.due_tallies WHERE what = 'task' AND day <= ?2";
static const char SQL_COUNT_ADVOCACY_ALL[] =
	"SELECT coalesce(sum(n), 0) FROM main.due_tallies WHERE what = 'advocacy' AND day <= ?2";

static int count_one(struct kw_store *st, const char *sql, const char *keyworker_id,
		     const char *today, long *out, struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, sql, err);

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, keyworker_id);
	kw_bind_text(s, 2, today);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return kw_db_fail(st, "counting what is due", err);
	}
	*out = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

int kw_db_agenda_counts(struct kw_store *st, const char *keyworker_id, const char *today,
			long *tasks, long *advocacy, struct kw_err *err)
{
	if (kw_db_may(st, KW_DO_CASELOAD, err) != 0)
		return -1;
	if ((tasks != NULL &&
	     count_one(st, keyworker_id != NULL ? SQL_COUNT_TASKS : SQL_COUNT_TASKS_ALL,
		       keyworker_id, today, tasks, err) != 0) ||
	    count_one(st, keyworker_id != NULL ? SQL_COUNT_ADVOCACY : SQL_COUNT_ADVOCACY_ALL,
		      keyworker_id, today, advocacy, err) != 0)
		return -1;
	return 0;
}

int kw_db_agenda(struct kw_store *st, const char *keyworker_id, const char *today,
		 int (*fn)(void *ctx, const struct kw_agenda_item *a), void *ctx,
		 struct kw_err *err)
{
	sqlite3_stmt *s;
	int step = SQLITE_DONE, stop = 0;

	/* The centre's whole list is not drop-in staff's to scan (policy.h). */
	if (kw_db_may(st, KW_DO_CASELOAD, err) != 0)
		return -1;
	s = kw_stmt(st, SQL_AGENDA, err);
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, keyworker_id);
	kw_bind_text(s, 2, today);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct kw_agenda_item a = { 0 };

		a.kind = (enum kw_agenda_kind)sqlite3_column_int(s, 1);
		kw_col_copy(s, 2, a.record_id, sizeof(a.record_id));
		kw_col_copy(s, 3, a.client_id, sizeof(a.client_id));
		kw_col_copy(s, 4, a.reference, sizeof(a.reference));
		a.known_as = (const char *)sqlite3_column_text(s, 5);
		a.when = (const char *)sqlite3_column_text(s, 6);
		a.what = (const char *)sqlite3_column_text(s, 7);
		a.detail = (const char *)sqlite3_column_text(s, 8);
		a.agency = (const char *)sqlite3_column_text(s, 9);
		stop = kw_hidden(st, a.client_id) ? 0 : fn(ctx, &a);
	}
	if (kw_rows_end(st, s, step, stop, "reading today's agenda", err) != 0)
		return -1;
	return stop < 0 ? -1 : 0;
}
