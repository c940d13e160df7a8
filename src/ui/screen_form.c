/*
 * screen_form.c: a form screen drawn from any form spec (keywork-forms(5)).
 *
 * Each field of the spec becomes a row: its label, then an editor for its
 * type (a line or a box of text, a date checked as it is typed, a picker
 * for lists, yes/no/unknown and keyworkers). Focus is always in a field, so
 * every printable key is text; Tab, the arrows, Enter, ^S, ^P and ^O act.
 *
 * Three sets of answers are kept: what the store holds (orig, empty for a
 * new record), what the screen opened with (init: orig, or defaults and a
 * preset), and what the fields hold now. A save sends only the answers that
 * differ from the store; "unsaved work" is what differs from init. A field
 * nobody touched gives back its init answer byte for byte, so opening and
 * saving never rewrites an answer it only showed.
 *
 * Fields a role may not see are absent, not blanked; fields it may see but
 * not change are shown dimmed and never take focus. show_if is applied on
 * every keystroke. Buffers that held answers are wiped before they are freed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/formsave.h"
#include "keywork/reads.h"
#include "keywork/rules.h"
#include "ui.h"

#define LABEL_X 1
/* Labels take 26 columns, or as many as the longest needs up to a third of the screen
 * (fit_labels, as each form draws); a longer one is spelled out on the help line. */
static int label_w = 26;
#define LABEL_W label_w
#define VALUE_X (LABEL_X + LABEL_W + 1)
#define DUP_LIMIT 5

/* --- pure helpers (declared in ui.h, tested in tests/test_uiform.c) --- */

/* Reads up to max digits at *p into *out; returns how many were read. */
static int read_digits(const char **p, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n;
}

/* Checks the parts of a date that have been typed so far (0: not typed yet). */
static enum ui_date_check date_parts(int d, int m, int y, int ny, bool complete, char iso[11])
{
	char day[16];

	if ((m != 0 && m > 12) || (d != 0 && d > 31) || (complete && (d == 0 || m == 0)))
		return UI_DATE_INVALID;
	if (d > 0 && m > 0 && d > 30 && (m == 4 || m == 6 || m == 9 || m == 11))
		return UI_DATE_INVALID;
	if (d > 29 && m == 2)
		return UI_DATE_INVALID;
	if (!complete || ny != 4)
		return UI_DATE_INCOMPLETE;
	if (y < 1900)
		return UI_DATE_INVALID;
	snprintf(day, sizeof(day), "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	if (!kw_date_valid(day))
		return UI_DATE_INVALID;
	if (iso != NULL)
		memcpy(iso, day, 11);
	return UI_DATE_OK;
}

/* Parses a date at the start of s; *end gets where it stopped. */
static enum ui_date_check date_prefix(const char *s, const char **end, char iso[11])
{
	const char *p = s;
	int a = 0, b = 0, c = 0, na, nb, nc;

	while (*p == ' ')
		p++;
	if (*p == '\0') {
		*end = p;
		return UI_DATE_EMPTY;
	}
	na = read_digits(&p, 4, &a);
	if (na == 0) {
		*end = p;
		return UI_DATE_INVALID;
	}
	if (na > 2 || (na == 4 && *p == '-')) {
		/* ISO: yyyy-mm-dd */
		if (na != 4)
			return *end = p,
			       isdigit((unsigned char)*p) ? UI_DATE_INVALID : UI_DATE_INCOMPLETE;
		if (*p == '\0')
			return *end = p, UI_DATE_INCOMPLETE;
		if (*p++ != '-')
			return *end = p, UI_DATE_INVALID;
		nb = read_digits(&p, 2, &b);
		if (nb == 0 || *p == '\0')
			return *end = p, nb == 0 && *p != '\0'
						 ? UI_DATE_INVALID
						 : date_parts(0, b, a, 4, false, NULL);
		if (*p++ != '-')
			return *end = p, UI_DATE_INVALID;
		nc = read_digits(&p, 2, &c);
		*end = p;
		if (nc == 0)
			return *p != '\0' ? UI_DATE_INVALID : date_parts(0, b, a, 4, false, NULL);
		return date_parts(c, b, a, 4, true, iso);
	}
	/* Day first: d/m/yyyy (a '.' or '-' between parts is read as '/'). */
	if (*p == '\0')
		return *end = p, date_parts(a, 0, 0, 0, false, NULL);
	if (*p != '/' && *p != '.' && *p != '-')
		return *end = p, UI_DATE_INVALID;
	p++;
	nb = read_digits(&p, 2, &b);
	if (nb == 0)
		return *end = p, *p != '\0' ? UI_DATE_INVALID : date_parts(a, 0, 0, 0, false, NULL);
	if (*p == '\0')
		return *end = p, date_parts(a, b, 0, 0, false, NULL);
	if (*p != '/' && *p != '.' && *p != '-')
		return *end = p, UI_DATE_INVALID;
	p++;
	nc = read_digits(&p, 4, &c);
	*end = p;
	if (isdigit((unsigned char)*p))
		return UI_DATE_INVALID;
	return date_parts(a, b, c, nc, nc == 4, iso);
}

enum ui_date_check ui_form_date_parse(const char *typed, char iso[11])
{
	const char *end;
	enum ui_date_check r = date_prefix(typed, &end, iso);

	while (*end == ' ')
		end++;
	if (r == UI_DATE_OK && *end != '\0')
		return UI_DATE_INVALID;
	return r;
}

enum ui_date_check ui_form_datetime_parse(const char *typed, char stored[21])
{
	const char *p;
	char iso[11];
	enum ui_date_check r = date_prefix(typed, &p, iso);
	int hh = 0, mm = 0, nh, nm;
	struct tm tm;
	time_t t;

	if (r != UI_DATE_OK)
		return r;
	if (*p != ' ' && *p != 'T' && *p != '\0')
		return UI_DATE_INVALID;
	while (*p == ' ' || *p == 'T')
		p++;
	if (*p == '\0')
		return UI_DATE_INCOMPLETE;
	nh = read_digits(&p, 2, &hh);
	if (nh == 0 || hh > 23)
		return UI_DATE_INVALID;
	if (*p == '\0')
		return UI_DATE_INCOMPLETE;
	if (*p++ != ':')
		return UI_DATE_INVALID;
	nm = read_digits(&p, 2, &mm);
	if (mm > 59 || (nm == 1 && mm > 5))
		return UI_DATE_INVALID;
	if (nm < 2)
		return *p == '\0' ? UI_DATE_INCOMPLETE : UI_DATE_INVALID;
	while (*p == ' ')
		p++;
	if (*p != '\0')
		return UI_DATE_INVALID;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(iso) - 1900;
	tm.tm_mon = atoi(iso + 5) - 1;
	tm.tm_mday = atoi(iso + 8);
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return UI_DATE_INVALID;
	gmtime_r(&t, &tm);
	strftime(stored, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return UI_DATE_OK;
}

void ui_form_date_show(const char *iso, char out[32])
{
	if (iso != NULL && strlen(iso) == 10 && kw_date_valid(iso))
		snprintf(out, 32, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, 32, "%s", iso != NULL ? iso : "");
}

void ui_form_datetime_show(const char *stored, char out[32])
{
	char day[11];
	size_t n = stored != NULL ? strlen(stored) : 0;
	struct tm tm;

	if (n < 16 || (stored[10] != 'T' && stored[10] != ' ') || stored[13] != ':') {
		snprintf(out, 32, "%s", stored != NULL ? stored : "");
		return;
	}
	memcpy(day, stored, 10);
	day[10] = '\0';
	if (!kw_date_valid(day)) {
		snprintf(out, 32, "%s", stored);
		return;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(day) - 1900;
	tm.tm_mon = atoi(day + 5) - 1;
	tm.tm_mday = atoi(day + 8);
	tm.tm_hour = atoi(stored + 11);
	tm.tm_min = atoi(stored + 14);
	if (stored[n - 1] == 'Z') {
		/* Kept in UTC; shown in this machine's time. */
		time_t t = timegm(&tm);

		localtime_r(&t, &tm);
	}
	strftime(out, 32, "%d/%m/%Y %H:%M", &tm);
}

bool ui_form_keys_has(const char *keys, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = keys; p != NULL && *p != '\0';) {
		if (strncmp(p, key, n) == 0 && (p[n] == '\0' || p[n] == ','))
			return true;
		p = strchr(p, ',');
		p = p != NULL ? p + 1 : NULL;
	}
	return false;
}

char *ui_form_keys_toggle(const char *keys, const char *key)
{
	struct kw_buf b = { 0 };
	bool had = ui_form_keys_has(keys, key);
	char *copy = kw_xstrdup(keys != NULL ? keys : ""), *save = NULL;

	kw_buf_add(&b, "", 0);
	for (char *k = strtok_r(copy, ",", &save); k != NULL; k = strtok_r(NULL, ",", &save)) {
		if (had && strcmp(k, key) == 0)
			continue;
		if (b.len > 0)
			kw_buf_add(&b, ",", 1);
		kw_buf_adds(&b, k);
	}
	if (!had) {
		if (b.len > 0)
			kw_buf_add(&b, ",", 1);
		kw_buf_adds(&b, key);
	}
	free(copy);
	return b.p;
}

const char *ui_form_date_hint(enum ui_date_check c, bool with_time)
{
	switch (c) {
	case UI_DATE_INCOMPLETE:
		return with_time ? "day/month/year hh:mm" : "day/month/year";
	case UI_DATE_INVALID:
		return with_time ? "no such date or time" : "no such date";
	default:
		return "";
	}
}

/* --- the screen's state --- */

struct fuser {
	char id[37];
	char name[33];
	bool disabled;
	bool caseload; /* holds a caseload: offered as a keyworker */
};

/* One of her records a reference field can link to: its id, and its name as shown. */
struct fref {
	char id[37];
	char label[200];
};

struct ffield {
	const struct kw_field_spec *fs;
	bool see, edit; /* for the signed-in role (and this record) */
	bool touched;	/* changed on this screen: its answer is read from the editor */
	enum kw_state state;
	struct ui_text t; /* text-like fields: what is typed (dates as shown) */
	char *keys;	  /* list-like fields: the chosen key(s), comma-joined */
	char *err;	  /* what the last save said about it */
};

struct form {
	const struct kw_form_spec *f;
	struct kw_form_record rec;
	bool creating;
	bool frozen;	       /* an append-only record already saved: shown, not edited */
	struct kw_values orig; /* as stored (empty for a new record) */
	struct kw_values init; /* as the screen opened */
	struct ffield *ff;
	size_t nf;
	size_t focus; /* a field, or nf for the Save button */
	int top;      /* first body line shown */
	char title[200];
	char *banner; /* a refused save's explanation, kept in view */
	bool stale;   /* someone saved the record after it was opened here */
	struct fuser *users;
	size_t nusers;
	/* Her records a reference field may link to (her people), by id and as shown. */
	struct fref *refs;
	size_t nrefs;
	size_t ref_field; /* the field a person being added will fill */
	void (*on_saved)(struct ui *ui, const char *id, void *ctx);
	void *ctx;
};

static bool text_like(enum kw_ftype t)
{
	return t == KW_F_TEXT || t == KW_F_MULTILINE || t == KW_F_DATE || t == KW_F_DATETIME ||
	       t == KW_F_NUMBER || t == KW_F_PHONE || t == KW_F_POSTCODE;
}

static bool refs_users(const struct kw_field_spec *fs)
{
	return fs->type == KW_F_REF && fs->references != NULL &&
	       strcmp(fs->references, "user") == 0;
}

/* A link to one of her people (the other parent of a child): picked, or added, here. */
static bool refs_people(const struct kw_field_spec *fs)
{
	return fs->type == KW_F_REF && fs->references != NULL &&
	       strcmp(fs->references, "person") == 0;
}

/* A link set from elsewhere on her record (a support plan's actions): shown, not picked. */
static bool refs_elsewhere(const struct kw_field_spec *fs)
{
	return fs->type == KW_F_REF && !refs_users(fs) && !refs_people(fs);
}

static void wipe_free(char *s)
{
	if (s != NULL) {
		memset(s, 0, strlen(s));
		free(s);
	}
}

static void wipe_values(struct kw_values *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i].text != NULL)
			memset(vs->v[i].text, 0, strlen(vs->v[i].text));
	kw_values_free(vs);
}

static void values_put(struct kw_values *vs, const char *key, enum kw_state st, const char *text)
{
	if (st == KW_STATE_ANSWERED && text != NULL)
		kw_values_set(vs, key, text);
	else
		kw_values_set_state(vs, key, st == KW_STATE_ANSWERED ? KW_STATE_NOT_ASKED : st);
}

/* Shows value v in field ff's editor (dates and times as typed here). */
static void field_set(struct ffield *ff, const struct kw_value *v)
{
	const char *text = v != NULL && v->state == KW_STATE_ANSWERED ? v->text : NULL;
	char shown[32];

	ff->state = v != NULL && v->state != KW_STATE_NOT_ASKED ? v->state : KW_STATE_ANSWERED;
	wipe_free(ff->keys);
	ff->keys = NULL;
	if (!text_like(ff->fs->type)) {
		ff->keys = kw_xstrdup_null(text);
		return;
	}
	if (text != NULL && ff->fs->type == KW_F_DATE) {
		ui_form_date_show(text, shown);
		text = shown;
	} else if (text != NULL && ff->fs->type == KW_F_DATETIME) {
		ui_form_datetime_show(text, shown);
		text = shown;
	}
	ui_text_set(&ff->t, text);
	ff->t.changed = false;
}

/* Trims spaces at both ends of a one-line answer (malloc'd copy). */
static char *trimmed(const char *s, bool multiline)
{
	size_t a = 0, n = strlen(s);

	if (!multiline)
		while (s[a] == ' ')
			a++;
	while (n > a && (s[n - 1] == ' ' || (multiline && (s[n - 1] == '\n' || s[n - 1] == '\t'))))
		n--;
	{
		char *out = kw_xmalloc(n - a + 1);

		memcpy(out, s + a, n - a);
		out[n - a] = '\0';
		return out;
	}
}

/*
 * Field i's answer now: its state, and its text (malloc'd) when answered. A
 * date that can't be read is given as typed, for the save to refuse.
 */
static enum kw_state field_value(const struct form *fm, size_t i, char **text)
{
	const struct ffield *ff = &fm->ff[i];
	const struct kw_field_spec *fs = ff->fs;
	char *t;

	*text = NULL;
	if (!ff->touched) {
		const struct kw_value *v = kw_values_get(&fm->init, fs->key);

		if (v == NULL)
			return KW_STATE_NOT_ASKED;
		*text = kw_xstrdup_null(v->state == KW_STATE_ANSWERED ? v->text : NULL);
		return *text != NULL || v->state != KW_STATE_ANSWERED ? v->state
								      : KW_STATE_NOT_ASKED;
	}
	if (ff->state != KW_STATE_ANSWERED)
		return ff->state;
	if (!text_like(fs->type)) {
		if (ff->keys == NULL || ff->keys[0] == '\0')
			return KW_STATE_NOT_ASKED;
		*text = kw_xstrdup(ff->keys);
		return KW_STATE_ANSWERED;
	}
	t = trimmed(ui_text_str(&ff->t), fs->type == KW_F_MULTILINE);
	if (t[0] == '\0') {
		free(t);
		return KW_STATE_NOT_ASKED;
	}
	if (fs->type == KW_F_DATE) {
		char iso[11];

		if (ui_form_date_parse(t, iso) == UI_DATE_OK) {
			wipe_free(t);
			t = kw_xstrdup(iso);
		}
	} else if (fs->type == KW_F_DATETIME) {
		char stored[21];

		if (ui_form_datetime_parse(t, stored) == UI_DATE_OK) {
			wipe_free(t);
			t = kw_xstrdup(stored);
		}
	}
	*text = t;
	return KW_STATE_ANSWERED;
}

static bool same_answer(enum kw_state s, const char *text, const struct kw_value *v)
{
	enum kw_state vs = v != NULL ? v->state : KW_STATE_NOT_ASKED;

	if (vs == KW_STATE_ANSWERED && (v->text == NULL))
		vs = KW_STATE_NOT_ASKED;
	if (s != vs)
		return false;
	return s != KW_STATE_ANSWERED || strcmp(text, v->text) == 0;
}

/* Every field's answer now, for show_if and for the save. */
static void current_values(const struct form *fm, struct kw_values *out)
{
	for (size_t i = 0; i < fm->nf; i++) {
		char *text;
		enum kw_state s = field_value(fm, i, &text);

		if (s != KW_STATE_NOT_ASKED || kw_values_get(&fm->init, fm->ff[i].fs->key) != NULL)
			values_put(out, fm->ff[i].fs->key, s, text);
		wipe_free(text);
	}
}

/* Whether field i is on the screen at all, given the answers now. */
static bool present(const struct form *fm, size_t i, const struct kw_values *vals)
{
	const struct ffield *ff = &fm->ff[i];

	if (!ff->see || !kw_field_shown(ff->fs, vals))
		return false;
	if (ff->fs->retired) {
		const struct kw_value *v = kw_values_get(vals, ff->fs->key);

		return v != NULL && v->state != KW_STATE_NOT_ASKED;
	}
	return true;
}

static bool focusable(const struct form *fm, size_t i, const struct kw_values *vals)
{
	return i == fm->nf || (fm->ff[i].edit && present(fm, i, vals));
}

/* Moves focus by delta focusable places (wrapping only when wrap). */
static void move_focus(struct form *fm, int delta, bool wrap)
{
	struct kw_values vals = { 0 };
	long n = (long)fm->nf + 1, at = (long)fm->focus;
	int dir = delta > 0 ? 1 : -1;

	current_values(fm, &vals);
	for (int steps = delta > 0 ? delta : -delta; steps > 0; steps--) {
		long i = at;

		for (long tries = 0; tries < n; tries++) {
			i += dir;
			if (i < 0 || i >= n) {
				if (!wrap)
					break;
				i = (i + n) % n;
			}
			if (focusable(fm, (size_t)i, &vals)) {
				at = i;
				break;
			}
		}
	}
	fm->focus = (size_t)at;
	wipe_values(&vals);
}

/* Keeps focus on something focusable when answers hide a field. */
static void fix_focus(struct form *fm, const struct kw_values *vals)
{
	size_t i = fm->focus;

	if (focusable(fm, i, vals))
		return;
	while (i < fm->nf && !focusable(fm, i, vals))
		i++;
	fm->focus = i;
}

/*
 * A stored record opens with focus past the dates it already holds (a risk
 * checklist's "Completed on"): the first letter typed is an answer to the
 * next field, never a letter in a date. Stays put if nothing else can take it.
 */
static void focus_past_dates(struct form *fm, const struct kw_values *vals)
{
	for (size_t i = fm->focus; i < fm->nf; i++) {
		const struct ffield *ff = &fm->ff[i];
		bool dated = (ff->fs->type == KW_F_DATE || ff->fs->type == KW_F_DATETIME) &&
			     ff->state == KW_STATE_ANSWERED && ui_text_str(&ff->t)[0] != '\0';

		if (!focusable(fm, i, vals) || dated)
			continue;
		fm->focus = i;
		return;
	}
}

/* The label of item key in field fs's list, or the key itself. */
static const char *item_label(const struct kw_field_spec *fs, const char *key)
{
	const struct kw_list_item *it = fs->list != NULL ? kw_list_item(fs->list, key) : NULL;

	return it != NULL ? it->label : key;
}

static const char *user_name(const struct form *fm, const char *id)
{
	for (size_t i = 0; i < fm->nusers; i++)
		if (strcmp(fm->users[i].id, id) == 0)
			return fm->users[i].name;
	return NULL;
}

/* What a list-like field shows for its keys (malloc'd). */
static char *shown_keys(const struct form *fm, const struct ffield *ff)
{
	const struct kw_field_spec *fs = ff->fs;
	struct kw_buf b = { 0 };

	kw_buf_add(&b, "", 0);
	if (ff->keys == NULL)
		return b.p;
	if (fs->type == KW_F_YNU) {
		kw_buf_adds(&b, strcmp(ff->keys, "yes") == 0  ? "Yes"
				: strcmp(ff->keys, "no") == 0 ? "No"
							      : ff->keys);
	} else if (fs->type == KW_F_REF) {
		const char *n = refs_users(fs) ? user_name(fm, ff->keys) : NULL;

		for (size_t i = 0; refs_people(fs) && i < fm->nrefs; i++)
			if (strcmp(fm->refs[i].id, ff->keys) == 0)
				n = fm->refs[i].label;

		kw_buf_adds(&b, n != NULL	 ? n
				: refs_users(fs) ? "someone no longer here"
				: ff->keys[0] != '\0' && fm->nrefs > 0
					? "someone no longer on her record"
				: ff->keys[0] != '\0' ? "a linked record"
						      : "");
	} else {
		char *copy = kw_xstrdup(ff->keys), *save = NULL;

		for (char *k = strtok_r(copy, ",", &save); k != NULL;
		     k = strtok_r(NULL, ",", &save)) {
			if (b.len > 0)
				kw_buf_adds(&b, ", ");
			kw_buf_adds(&b, item_label(fs, k));
		}
		wipe_free(copy);
	}
	return b.p;
}

static const char *state_words(enum kw_state s)
{
	switch (s) {
	case KW_STATE_UNKNOWN:
		return "(unknown)";
	case KW_STATE_DECLINED:
		return "(declined to say)";
	case KW_STATE_NOT_ASKED:
		return "(not asked yet)";
	default:
		return "";
	}
}

/* --- layout --- */

enum row_kind { R_HEAD, R_GAP, R_FIELD, R_ERR, R_SAVE };
struct row {
	enum row_kind kind;
	int field; /* R_FIELD, R_ERR; R_HEAD: the section */
	int h;
};
struct layout {
	struct row *r;
	int n, cap;
	int total;
	int focus_y0, focus_y1; /* the focused field's lines, its error and heading included */
};

static void add_row(struct layout *l, enum row_kind kind, int field, int h)
{
	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? l->cap * 2 : 64;
		l->r = kw_xrealloc(l->r, (size_t)l->cap * sizeof(*l->r));
	}
	l->r[l->n++] = (struct row){ kind, field, h };
	l->total += h;
}

static int value_width(void)
{
	return COLS - VALUE_X - 2;
}

/* The editor's width for a field: short for dates, numbers and codes. */
static int field_width(const struct kw_field_spec *fs)
{
	int vw = value_width(), w = vw;

	switch (fs->type) {
	case KW_F_DATE:
		w = 12;
		break;
	case KW_F_DATETIME:
		w = 18;
		break;
	case KW_F_NUMBER:
		w = 12;
		break;
	case KW_F_POSTCODE:
		w = 11;
		break;
	case KW_F_PHONE:
		w = 22;
		break;
	case KW_F_YNU:
		w = 12;
		break;
	default:
		if (fs->max_length > 0 && fs->max_length + 2 < vw && fs->type == KW_F_TEXT)
			w = (int)fs->max_length + 2;
		break;
	}
	return w < vw ? w : vw;
}

static int field_height(const struct ffield *ff)
{
	int n;

	if (ff->fs->type != KW_F_MULTILINE)
		return 1;
	n = ui_text_lines_upto(&ff->t, value_width() - 1, 7);
	return n < 4 ? 4 : n > 6 ? 6 : n;
}

/* Splits text into lines of at most width columns at spaces; calls fn per line. */
static int wrap_words(const char *text, int width, int max_lines,
		      void (*fn)(void *ctx, int i, const char *line), void *ctx)
{
	char line[512];
	size_t len = 0;
	int n = 0;
	const char *p = text;

	line[0] = '\0';
	while (*p != '\0' && n < max_lines) {
		size_t wl = strcspn(p, " ");
		char word[256];

		snprintf(word, sizeof(word), "%.*s", (int)(wl < 255 ? wl : 255), p);
		if (len > 0 && ui_width(line) + 1 + ui_width(word) > width) {
			if (fn != NULL)
				fn(ctx, n, line);
			n++;
			len = 0;
			line[0] = '\0';
		}
		if (len + strlen(word) + 2 < sizeof(line))
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
						len > 0 ? " " : "", word);
		p += wl;
		while (*p == ' ')
			p++;
	}
	if (len > 0 && n < max_lines) {
		if (fn != NULL)
			fn(ctx, n, line);
		n++;
	}
	return n;
}

static void build_layout(struct form *fm, const struct kw_values *vals, struct layout *l)
{
	int last_section = -1, head_y = 0;

	memset(l, 0, sizeof(*l));
	l->focus_y0 = l->focus_y1 = -1;
	for (size_t i = 0; i < fm->nf; i++) {
		const struct ffield *ff = &fm->ff[i];
		int y;

		if (!present(fm, i, vals))
			continue;
		if (ff->fs->section != last_section) {
			if (last_section >= 0)
				add_row(l, R_GAP, 0, 1);
			head_y = l->total;
			add_row(l, R_HEAD, ff->fs->section, 1);
			last_section = ff->fs->section;
		}
		y = l->total;
		add_row(l, R_FIELD, (int)i, field_height(ff));
		if (ff->err != NULL)
			add_row(l, R_ERR, (int)i, 1);
		if (i == fm->focus) {
			/* The section's heading comes into view with its first field. */
			l->focus_y0 = head_y == y - 1 ? head_y : y;
			l->focus_y1 = l->total;
		}
	}
	add_row(l, R_GAP, 0, 1);
	if (fm->focus == fm->nf)
		l->focus_y0 = l->total;
	add_row(l, R_SAVE, 0, 1);
	if (fm->focus == fm->nf)
		l->focus_y1 = l->total;
}

/* --- drawing --- */

struct banner_draw {
	int y, row;
};

static void banner_line(void *ctx, int i, const char *line)
{
	struct banner_draw *d = ctx;

	if (i == d->row)
		ui_put_fill(stdscr, d->y, 2, COLS - 4, line, ui_attr(UC_ERROR));
}

/* A line of dim text after the editor (a date's hint), if there is room. */
static void beside(int y, int x, const char *s, enum ui_color c)
{
	int room = COLS - 1 - x;

	if (room > 4 && s[0] != '\0')
		ui_put(stdscr, y, x, room, s, (size_t)-1, ui_attr(c));
}

static void draw_field(const struct form *fm, size_t i, int y, int h_avail, bool focus)
{
	struct ffield *ff = (struct ffield *)&fm->ff[i];
	const struct kw_field_spec *fs = ff->fs;
	int w = field_width(fs), h = field_height(ff);
	attr_t la = !ff->edit ? ui_attr(UC_DIM) : focus ? A_BOLD : 0;
	attr_t va = !ff->edit ? ui_attr(UC_DIM) : ui_attr(focus ? UC_FIELD_FOCUS : UC_FIELD);
	char label[256];

	if (h > h_avail)
		h = h_avail;
	snprintf(label, sizeof(label), "%s%s", fs->label, fs->required && ff->edit ? "*" : "");
	ui_put_fill(stdscr, y, LABEL_X, LABEL_W, label, la);
	if (ff->state != KW_STATE_ANSWERED) {
		ui_put_fill(stdscr, y, VALUE_X, w, state_words(ff->state),
			    va | (ff->edit ? ui_attr(UC_DIM) : 0));
		for (int j = 1; j < h; j++)
			ui_put_fill(stdscr, y + j, VALUE_X, w, "", va);
		return;
	}
	if (text_like(fs->type)) {
		ui_text_draw(&ff->t, stdscr, y, VALUE_X, h, w, va, focus);
		if ((fs->type == KW_F_DATE || fs->type == KW_F_DATETIME) && ff->edit) {
			char iso[21];
			const char *s = ui_text_str(&ff->t);
			bool dt = fs->type == KW_F_DATETIME;
			enum ui_date_check c =
				dt ? ui_form_datetime_parse(s, iso) : ui_form_date_parse(s, iso);

			if (c == UI_DATE_INCOMPLETE || c == UI_DATE_INVALID)
				beside(y, VALUE_X + w + 1, ui_form_date_hint(c, dt),
				       c == UI_DATE_INVALID || !focus ? UC_ERROR : UC_DIM);
			else if (c == UI_DATE_OK && !dt && focus) {
				struct tm tm;
				char spelled[40];

				memset(&tm, 0, sizeof(tm));
				tm.tm_year = atoi(iso) - 1900;
				tm.tm_mon = atoi(iso + 5) - 1;
				tm.tm_mday = atoi(iso + 8);
				tm.tm_hour = 12;
				tm.tm_isdst = -1;
				mktime(&tm);
				strftime(spelled, sizeof(spelled), "%a %-d %B %Y", &tm);
				beside(y, VALUE_X + w + 1, spelled, UC_DIM);
			}
		}
		return;
	}
	{
		char *s = shown_keys(fm, ff);

		ui_put_fill(stdscr, y, VALUE_X, w, s, va);
		wipe_free(s);
		if (refs_elsewhere(fs))
			beside(y, VALUE_X + w + 1, "(changed from her record)", UC_DIM);
	}
}

/* Adds text with its keys named from the key table (ui_keys_text) to b. */
static void add_hint(struct kw_buf *b, const char *text)
{
	char t[200];

	kw_buf_adds(b, ui_keys_text(text, t, sizeof(t)));
}

/* The help line: the focused field's help and what its keys do. */
static void draw_help(const struct form *fm, int y)
{
	struct kw_buf b = { 0 };
	const struct ffield *ff = fm->focus < fm->nf ? &fm->ff[fm->focus] : NULL;

	kw_buf_add(&b, "", 0);
	if (ff == NULL) {
		add_hint(&b, fm->frozen ? "Saved records of this kind are never changed: "
					  "record a new one that amends it."
					: "{open@text} saves. {save@text} saves from any field.");
	} else {
		const struct kw_field_spec *fs = ff->fs;

		if (ui_width(fs->label) > LABEL_W - 1) {
			char last = fs->label[strlen(fs->label) - 1];

			kw_buf_printf(&b, "%s%s ", fs->label, strchr("?.!:", last) ? "" : ":");
		}
		if (fs->help != NULL)
			kw_buf_printf(&b, "%s ", fs->help);
		switch (fs->type) {
		case KW_F_CHOICE:
		case KW_F_LOOKUP:
			add_hint(&b, "{open@text} or {pick@text}: choose (typing finds). ");
			break;
		case KW_F_MULTI:
			add_hint(&b, "{open@text} or {pick@text}: tick from the list. ");
			break;
		case KW_F_YNU:
			kw_buf_adds(&b, "y yes, n no, u unknown. ");
			break;
		case KW_F_REF:
			add_hint(&b,
				 refs_users(fs) ? "{open@text} or {pick@text}: choose. "
				 : refs_people(fs)
					 ? "{open@text} or {pick@text}: choose one of hers, or add "
					   "a new one (typing finds). "
					 : "");
			break;
		case KW_F_DATE:
			kw_buf_adds(&b, "Day/month/year, like 2/3/1985. ");
			break;
		case KW_F_DATETIME:
			kw_buf_adds(&b, "Day/month/year hh:mm. ");
			break;
		default:
			break;
		}
		if ((fs->states & KW_STATES_ALL) != 0 || fs->type == KW_F_YNU)
			add_hint(&b, "{answer-state@text}: unknown, declined, not asked yet.");
	}
	ui_put_fill(stdscr, y, 1, COLS - 2, b.p, ui_attr(UC_DIM));
	kw_buf_free(&b);
}

static void fit_labels(const struct form *fm)
{
	int w = 26;

	for (size_t i = 0; i < fm->nf; i++) {
		int need = ui_width(fm->ff[i].fs->label) + (fm->ff[i].fs->required ? 2 : 1);

		if (need > w)
			w = need;
	}
	if (w > COLS / 3)
		w = COLS / 3 > 26 ? COLS / 3 : 26;
	label_w = w;
}

static void form_draw(struct ui *ui, struct screen *sc)
{
	struct form *fm = sc->p;
	struct kw_values vals = { 0 };
	struct layout l;
	int y0 = ui_body_top(), h = ui_body_height() - 1, y = 0;

	fit_labels(fm);
	ui_draw_title(ui, fm->title);
	for (int j = y0; j < y0 + ui_body_height(); j++)
		ui_put_fill(stdscr, j, 0, COLS, "", 0);
	if (fm->banner != NULL) {
		/* A refused save's reason stays in view above the fields, whatever scrolls. */
		int nb = wrap_words(fm->banner, COLS - 4, 3, NULL, NULL);

		for (int i = 0; i < nb; i++) {
			struct banner_draw d = { y0 + i, i };

			wrap_words(fm->banner, COLS - 4, 3, banner_line, &d);
		}
		y0 += nb + 1;
		h -= nb + 1;
	}
	current_values(fm, &vals);
	fix_focus(fm, &vals);
	build_layout(fm, &vals, &l);
	if (h < 1)
		h = 1;
	/* Scroll just enough to keep the focused field (and its error) in view. */
	if (l.focus_y0 >= 0 && l.focus_y0 < fm->top)
		fm->top = l.focus_y0;
	if (l.focus_y1 >= 0 && l.focus_y1 > fm->top + h)
		fm->top = l.focus_y1 - h;
	if (fm->top > l.total - h)
		fm->top = l.total - h;
	if (fm->top < 0)
		fm->top = 0;
	for (int r = 0; r < l.n; y += l.r[r].h, r++) {
		const struct row *row = &l.r[r];
		int sy = y0 + y - fm->top;

		if (y < fm->top || y >= fm->top + h)
			continue;
		switch (row->kind) {
		case R_HEAD: {
			const struct kw_section_spec *s = &fm->f->sections[row->field];
			int used = ui_put(stdscr, sy, LABEL_X, COLS - 2, s->title, (size_t)-1,
					  ui_attr(UC_HEADING));

			if (s->help != NULL && used + 4 < COLS - 2)
				ui_put(stdscr, sy, LABEL_X + used + 2, COLS - 3 - used - 2, s->help,
				       (size_t)-1, ui_attr(UC_DIM));
			break;
		}
		case R_FIELD:
			draw_field(fm, (size_t)row->field, sy, fm->top + h - y,
				   fm->focus == (size_t)row->field);
			break;
		case R_ERR:
			ui_put_fill(stdscr, sy, VALUE_X, value_width(), fm->ff[row->field].err,
				    ui_attr(UC_ERROR));
			break;
		case R_SAVE:
			ui_put(stdscr, sy, VALUE_X, 8, "[ Save ]", (size_t)-1,
			       ui_attr(fm->focus == fm->nf ? UC_SELECTED : UC_FIELD));
			{
				char hint[64];

				snprintf(hint, sizeof(hint), "%s saves from any field",
					 ui_key_name(UI_OP_SAVE, UI_IN_TEXT));
				beside(sy, VALUE_X + 10, hint, UC_DIM);
			}
			/* A stored record's id, for a manager's keywork redact --record. */
			if (!fm->creating && ui->s != NULL && ui->s->user.role == KW_ROLE_MANAGER) {
				char rid[48];

				snprintf(rid, sizeof(rid), "record %s", fm->rec.id);
				beside(sy, VALUE_X + 36, rid, UC_DIM);
			}
			if (fm->focus == fm->nf)
				ui_cursor_want(sy, VALUE_X + 2);
			break;
		case R_GAP:
			break;
		}
	}
	if (fm->top > 0)
		ui_put(stdscr, y0, COLS - 2, 1, "^", 1, ui_attr(UC_DIM));
	if (fm->top + h < l.total)
		ui_put(stdscr, y0 + h - 1, COLS - 2, 1, "v", 1, ui_attr(UC_DIM));
	draw_help(fm, y0 + h);
	free(l.r);
	wipe_values(&vals);
}

/* --- pickers: a small list over the form --- */

struct pick_item {
	const char *key;
	const char *label;
	bool on;
	enum kw_state state; /* picking it records this state instead of an answer */
	bool id;	     /* key is a record's id (a user, a person), never matched by typing */
};

bool ui_pick_matches(const char *key, bool key_is_id, const char *label, const char *filter)
{
	/* "+ Add ...": always offered, whatever was typed (it becomes the new name). A list
	 * item's key may be typed ("phone"); an id never: "bea" is in many a hex id. */
	return filter[0] == '\0' || strcmp(key, "+") == 0 || strcasestr(label, filter) != NULL ||
	       (!key_is_id && strcasestr(key, filter) != NULL);
}

static bool pick_match(const struct pick_item *it, const char *filter)
{
	return ui_pick_matches(it->key, it->id, it->label, filter);
}

/* Redraws the whole screen under an overlay (the main loop is waiting on us). */
static void redraw_under(struct ui *ui, struct screen *sc)
{
	erase();
	curs_set(0);
	if (LINES < 24 || COLS < 80) {
		ui_put_fill(stdscr, 0, 0, COLS, "keywork needs at least 80x24.", 0);
		return;
	}
	sc->ops->draw(ui, sc);
	ui_draw_bar(ui);
	{
		int cy, cx;

		ui_cursor_take(&cy, &cx); /* the overlay has the cursor now */
	}
}

/* A framed box of h lines by w columns at y, x, titled. */
static void draw_box(int y, int x, int h, int w, const char *title)
{
	for (int j = 0; j < h; j++)
		ui_put_fill(stdscr, y + j, x, w, "", 0);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	ui_put(stdscr, y, x + 2, w - 4, title, (size_t)-1, ui_attr(UC_HEADING));
}

/*
 * Lets her pick from items over the form: Up/Down, typing filters, Enter
 * picks (or, when nothing matches, clears the search), Esc cancels; with
 * multi, Space ticks and Enter keeps the ticks. Keys are read and decoded
 * as the main loop's are (ui_next_op): a lock key, or the idle lock, ends
 * the picker and keywork locks, keeping the form as a draft. Each opening starts from
 * filter0 alone (what was typed to open it): no search is kept from before.
 * Returns the index picked (multi: 0 when kept), or -1.
 */
/* What choosing item i would mean, written into out (a line under the list). */
typedef void pick_note_fn(void *ctx, size_t i, char *out, size_t len);

static int picker(struct ui *ui, struct screen *sc, const char *title, struct pick_item *items,
		  size_t n, bool multi, const char *filter0, size_t sel0, pick_note_fn *note,
		  void *note_ctx, char *typed, size_t typed_len)
{
	struct ui_text filter;
	size_t *shown = kw_xcalloc(n + 1, sizeof(*shown));
	size_t sel = 0, top = 0;
	int result = -1;
	unsigned where = UI_IN_TEXT | UI_IN_PICK | (multi ? UI_IN_TICK : 0);
	static const struct ui_hint one[] = { { UI_OP_OPEN, "picks" }, { UI_OP_BACK, "cancels" } };
	static const struct ui_hint many[] = { { UI_OP_TICK, "ticks" },
					       { UI_OP_OPEN, "keeps" },
					       { UI_OP_BACK, "cancels" } };
	char hint[128], none[96];

	ui_text_init(&filter, filter0, false, 60);
	for (;;) {
		struct ui_key k;
		size_t ns = 0;
		int w = COLS - 16 < 64 ? COLS - 16 : 64, h, x, y, rows;

		for (size_t i = 0; i < n; i++)
			if (pick_match(&items[i], ui_text_str(&filter)))
				shown[ns++] = i;
		if (sel0 != (size_t)-1) {
			for (size_t i = 0; i < ns; i++)
				if (shown[i] == sel0)
					sel = i;
			sel0 = (size_t)-1;
		}
		if (sel >= ns)
			sel = ns > 0 ? ns - 1 : 0;
		rows = (int)ns < LINES - 10 ? (int)ns : LINES - 10;
		if (rows < 1)
			rows = 1;
		h = rows + 4 + (note != NULL ? 1 : 0);
		y = (LINES - h) / 2;
		x = (COLS - w) / 2;
		if (sel < top)
			top = sel;
		if (sel >= top + (size_t)rows)
			top = sel - (size_t)rows + 1;
		redraw_under(ui, sc);
		if (LINES >= 24 && COLS >= 80) {
			draw_box(y, x, h, w, title);
			ui_put(stdscr, y + 1, x + 2, 6, "Find:", (size_t)-1, ui_attr(UC_DIM));
			ui_text_draw(&filter, stdscr, y + 1, x + 8, 1, w - 10, ui_attr(UC_FIELD),
				     true);
			for (int r = 0; r < rows; r++) {
				size_t si = top + (size_t)r;
				char line[256];

				if (si >= ns) {
					if (ns == 0 && r == 0) {
						snprintf(none, sizeof(none),
							 "Nothing matches: %s shows them all.",
							 ui_key_name(UI_OP_OPEN, where));
						ui_put(stdscr, y + 2, x + 2, w - 4, none,
						       (size_t)-1, ui_attr(UC_DIM));
					}
					continue;
				}
				snprintf(line, sizeof(line), "%s%s",
					 multi ? (items[shown[si]].on ? "[x] " : "[ ] ") : "",
					 items[shown[si]].label);
				ui_put_fill(stdscr, y + 2 + r, x + 1, w - 2, line,
					    si == sel ? ui_attr(UC_SELECTED) : 0);
			}
			if (note != NULL && ns > 0) {
				char line[256] = "";

				note(note_ctx, shown[sel], line, sizeof(line));
				ui_put(stdscr, y + h - 3, x + 2, w - 4, line, (size_t)-1,
				       ui_attr(UC_HEADING));
			}
			if (multi)
				ui_hint(many, KW_ARRAY_LEN(many), where, hint, sizeof(hint));
			else
				ui_hint(one, KW_ARRAY_LEN(one), where, hint, sizeof(hint));
			ui_put(stdscr, y + h - 2, x + 2, w - 4, hint, (size_t)-1, ui_attr(UC_DIM));
			{
				int cy, cx;

				if (ui_cursor_take(&cy, &cx)) {
					move(cy, cx);
					curs_set(1);
				}
			}
		}
		refresh();
		switch (ui_next_op(ui, &k, where, 1000)) {
		case UI_OP_LOCK: /* need_lock is set: the form is kept as a draft */
		case UI_OP_BACK:
		case UI_OP_CANCEL:
			break;
		case UI_OP_OPEN:
			if (multi) {
				result = 0;
			} else if (ns > 0) {
				result = (int)shown[sel];
			} else {
				/* A search that finds nothing never leaves Enter dead. */
				ui_text_set(&filter, "");
				sel = 0;
				continue;
			}
			break;
		case UI_OP_UP:
			sel = sel > 0 ? sel - 1 : 0;
			continue;
		case UI_OP_DOWN:
			sel = sel + 1 < ns ? sel + 1 : sel;
			continue;
		case UI_OP_PAGE_UP:
			sel = sel > (size_t)rows ? sel - (size_t)rows : 0;
			continue;
		case UI_OP_PAGE_DOWN:
			sel = sel + (size_t)rows < ns ? sel + (size_t)rows : (ns > 0 ? ns - 1 : 0);
			continue;
		case UI_OP_TICK:
			if (ns > 0)
				items[shown[sel]].on = !items[shown[sel]].on;
			continue;
		default:
			if (ui_hungup())
				break;
			if (ui_text_key(&filter, &k, w - 10))
				sel = 0;
			continue;
		}
		break;
	}
	snprintf(typed, typed_len, "%s", ui_text_str(&filter));
	ui_text_free(&filter);
	free(shown);
	return result;
}

/* Her records of kind refkind (listed through the form of that name), for reference fields. */
static int add_fref(void *ctx, const char *id, const struct kw_values *vals)
{
	struct form *fm = ctx;
	const struct kw_value *name = kw_values_get(vals, "name");
	const struct kw_value *rel = kw_values_get(vals, "relationship");
	struct fref *r;

	fm->refs = kw_xrealloc(fm->refs, (fm->nrefs + 1) * sizeof(*fm->refs));
	r = &fm->refs[fm->nrefs++];
	snprintf(r->id, sizeof(r->id), "%s", id);
	snprintf(r->label, sizeof(r->label), "%s%s%s",
		 name != NULL && name->text != NULL ? name->text : "(no name)",
		 rel != NULL && rel->text != NULL && rel->text[0] != '\0' ? ", " : "",
		 rel != NULL && rel->text != NULL ? rel->text : "");
	return 0;
}

/* The woman a form's record belongs to, or NULL. */
static const char *form_her(const struct form *fm)
{
	const struct kw_kind *k = fm->f->kind;

	if (strcmp(k->name, "client") == 0)
		return fm->rec.id[0] != '\0' ? fm->rec.id : NULL;
	if (k->parent_kind != NULL && strcmp(k->parent_kind, "client") == 0 &&
	    fm->rec.parent_id[0] != '\0')
		return fm->rec.parent_id;
	return NULL;
}

static void load_refs(struct ui *ui, struct form *fm, const char *refkind)
{
	const struct kw_form_spec *rf = kw_form_find(ui->pack, refkind);
	const char *her = form_her(fm);
	struct kw_err err;

	for (size_t i = 0; i < fm->nrefs; i++)
		memset(fm->refs[i].label, 0, sizeof(fm->refs[i].label));
	free(fm->refs);
	fm->refs = NULL;
	fm->nrefs = 0;
	if (rf == NULL || her == NULL || !kw_app_sees_kind(ui->s, rf->kind))
		return;
	if (kw_app_form_list(ui->s, rf, her, "name", 500, add_fref, fm, &err) < 0)
		ui_message(ui, UC_ERROR, "Her linked records could not be read: %s", err.msg);
}

/* A person added from a reference field: linked at once, and offered from then on. */
static void ref_added(struct ui *ui, const char *id, void *ctx)
{
	struct form *fm = ctx;
	struct ffield *ff = fm->ref_field < fm->nf ? &fm->ff[fm->ref_field] : NULL;

	if (ff == NULL)
		return;
	load_refs(ui, fm, ff->fs->references);
	wipe_free(ff->keys);
	ff->keys = kw_xstrdup(id);
	ff->state = KW_STATE_ANSWERED;
	ff->touched = true;
	free(ff->err);
	ff->err = NULL;
}

/* "+ Add a new person": the form of the kind ff links to, for her, with the name typed. */
static void add_ref(struct ui *ui, struct form *fm, struct ffield *ff, const char *typed)
{
	const char *her = form_her(fm);
	struct kw_values preset = { 0 };
	struct screen *sc;

	if (her == NULL) {
		ui_message(ui, UC_DIM, "Save this first: a new person is added on her record.");
		return;
	}
	if (typed[0] != '\0')
		kw_values_set(&preset, "name", typed);
	fm->ref_field = (size_t)(ff - fm->ff);
	sc = ui_form_new(ui, ff->fs->references, NULL, her, &preset, ref_added, fm);
	kw_values_free(&preset);
	if (sc != NULL)
		ui_push(ui, sc);
}

/*
 * The answers the app works out from other records (rules.h: a contact's
 * channel_safety), for the answers now: into out, only those this form shows.
 */
static void derive_now(struct ui *ui, const struct form *fm, const struct kw_values *vals,
		       struct kw_values *out)
{
	if (!fm->creating || ui->s == NULL)
		return;
	kw_rules_derive(ui->s, fm->f, &fm->rec, vals, out);
}

/* Shows the worked-out answers again after an answer they read changed (at_open: as opened). */
static void rederive(struct ui *ui, struct form *fm, bool at_open)
{
	struct kw_values vals = { 0 }, d = { 0 };

	current_values(fm, &vals);
	derive_now(ui, fm, &vals, &d);
	for (size_t i = 0; i < d.n; i++) {
		struct ffield *ff = NULL;

		for (size_t j = 0; j < fm->nf && ff == NULL; j++)
			if (strcmp(fm->ff[j].fs->key, d.v[i].key) == 0)
				ff = &fm->ff[j];
		if (ff == NULL)
			continue;
		if (at_open)
			values_put(&fm->init, d.v[i].key, d.v[i].state, d.v[i].text);
		field_set(ff, &d.v[i]);
		ff->touched = !at_open;
	}
	wipe_values(&d);
	wipe_values(&vals);
}

/* After field ff's answer changed: what the app works out from it follows at once. */
static void answer_changed(struct ui *ui, struct form *fm, const struct ffield *ff)
{
	if (ff != NULL && fm->creating && kw_rules_derives_from(fm->f, ff->fs->key))
		rederive(ui, fm, false);
}

/* While a field the app reads is being chosen: what the highlighted choice would mean. */
struct pick_note {
	struct ui *ui;
	const struct form *fm;
	const struct ffield *ff;
	const struct pick_item *items;
	char **said; /* per item, worked out once */
};

static void pick_note(void *ctx, size_t i, char *out, size_t len)
{
	struct pick_note *pn = ctx;

	if (pn->said[i] == NULL) {
		struct kw_values vals = { 0 }, d = { 0 };
		struct kw_buf b = { 0 };

		current_values(pn->fm, &vals);
		kw_values_set(&vals, pn->ff->fs->key, pn->items[i].key);
		derive_now(pn->ui, pn->fm, &vals, &d);
		kw_buf_add(&b, "", 0);
		for (size_t j = 0; j < d.n; j++) {
			const struct kw_field_spec *fs = kw_form_field(pn->fm->f, d.v[j].key);

			if (fs == NULL || d.v[j].state != KW_STATE_ANSWERED || d.v[j].text == NULL)
				continue;
			kw_buf_printf(&b, "%s%s: %s", b.len > 0 ? "; " : "", pn->items[i].label,
				      item_label(fs, d.v[j].text));
		}
		pn->said[i] = b.p;
		wipe_values(&d);
		wipe_values(&vals);
	}
	snprintf(out, len, "%s", pn->said[i]);
}

/* Offers field ff's choices; filter is what was typed to open it. */
static void pick_for(struct ui *ui, struct screen *sc, struct ffield *ff, const char *filter)
{
	struct form *fm = sc->p;
	const struct kw_field_spec *fs = ff->fs;
	struct pick_item *items;
	size_t n = 0, sel = (size_t)-1, cap;
	bool multi = fs->type == KW_F_MULTI;
	const char *cur = ff->state == KW_STATE_ANSWERED ? ff->keys : NULL;
	char title[160], typed[256] = "";
	int got;

	if (refs_elsewhere(fs)) {
		ui_message(ui, UC_DIM, "%s is changed from her record, not here.", fs->label);
		return;
	}
	cap = fs->type == KW_F_YNU   ? 3
	      : refs_people(fs)	     ? fm->nrefs + 1
	      : fs->type == KW_F_REF ? fm->nusers
	      : fs->list != NULL     ? fs->list->nitems
				     : 0;
	items = kw_xcalloc(cap + 1, sizeof(*items));
	if (fs->type == KW_F_YNU) {
		items[n++] = (struct pick_item){ "yes", "Yes", false, KW_STATE_ANSWERED, false };
		items[n++] = (struct pick_item){ "no", "No", false, KW_STATE_ANSWERED, false };
		items[n++] =
			(struct pick_item){ "unknown", "Unknown", false, KW_STATE_UNKNOWN, false };
		if (ff->state == KW_STATE_UNKNOWN)
			sel = 2;
	} else if (refs_people(fs)) {
		for (size_t i = 0; i < fm->nrefs; i++)
			items[n++] = (struct pick_item){ fm->refs[i].id, fm->refs[i].label, false,
							 KW_STATE_ANSWERED, true };
		items[n++] = (struct pick_item){ "+", "+ Add a new person (the name as typed)",
						 false, KW_STATE_ANSWERED, false };
	} else if (fs->type == KW_F_REF) {
		for (size_t i = 0; i < fm->nusers; i++)
			if (!fm->users[i].disabled && fm->users[i].caseload)
				items[n++] = (struct pick_item){ fm->users[i].id, fm->users[i].name,
								 false, KW_STATE_ANSWERED, true };
	} else if (fs->list != NULL) {
		for (size_t i = 0; i < fs->list->nitems; i++) {
			const struct kw_list_item *it = &fs->list->items[i];
			bool chosen = ui_form_keys_has(cur, it->key);

			/* Retired items are not offered, but one already chosen stays. */
			if (it->retired && !chosen)
				continue;
			items[n++] = (struct pick_item){ it->key, it->label, chosen,
							 KW_STATE_ANSWERED, false };
		}
	}
	for (size_t i = 0; i < n && sel == (size_t)-1; i++)
		if (cur != NULL && items[i].state == KW_STATE_ANSWERED &&
		    ui_form_keys_has(cur, items[i].key) && !multi)
			sel = i;
	if (n == 0) {
		ui_message(ui, UC_DIM, "There is nothing to choose for %s.", fs->label);
		free(items);
		return;
	}
	snprintf(title, sizeof(title), " %s ", fs->label);
	if (!multi && fm->creating && kw_rules_derives_from(fm->f, fs->key)) {
		struct pick_note pn = { ui, fm, ff, items, kw_xcalloc(n + 1, sizeof(char *)) };

		got = picker(ui, sc, title, items, n, multi, filter, sel, pick_note, &pn, typed,
			     sizeof(typed));
		for (size_t i = 0; i < n; i++)
			free(pn.said[i]);
		free(pn.said);
	} else {
		got = picker(ui, sc, title, items, n, multi, filter, sel, NULL, NULL, typed,
			     sizeof(typed));
	}
	if (got >= 0 && strcmp(items[got].key, "+") == 0) {
		add_ref(ui, fm, ff, typed);
	} else if (got >= 0) {
		if (multi) {
			struct kw_buf b = { 0 };

			kw_buf_add(&b, "", 0);
			for (size_t i = 0; i < n; i++) {
				if (!items[i].on)
					continue;
				if (b.len > 0)
					kw_buf_add(&b, ",", 1);
				kw_buf_adds(&b, items[i].key);
			}
			wipe_free(ff->keys);
			ff->keys = b.p;
			ff->state = KW_STATE_ANSWERED;
		} else if (items[got].state != KW_STATE_ANSWERED) {
			ff->state = items[got].state;
		} else {
			wipe_free(ff->keys);
			ff->keys = kw_xstrdup(items[got].key);
			ff->state = KW_STATE_ANSWERED;
		}
		ff->touched = true;
		free(ff->err);
		ff->err = NULL;
		answer_changed(ui, fm, ff);
	}
	free(items);
}

/* --- likely duplicates --- */

struct dup {
	char id[37];
	char reference[16];
	char known_as[84];
	char dob[32];
};
struct dups {
	struct dup d[DUP_LIMIT];
	int n;
};

static int dup_hit(void *ctx, const struct kw_hit *h)
{
	struct dups *ds = ctx;

	if (ds->n >= DUP_LIMIT)
		return 1;
	for (int i = 0; i < ds->n; i++)
		if (strcmp(ds->d[i].id, h->id) == 0)
			return 0;
	snprintf(ds->d[ds->n].id, sizeof(ds->d[0].id), "%s", h->id);
	snprintf(ds->d[ds->n].reference, sizeof(ds->d[0].reference), "%s", h->reference);
	snprintf(ds->d[ds->n].known_as, sizeof(ds->d[0].known_as), "%s",
		 h->known_as != NULL ? h->known_as : "");
	ui_form_date_show(h->date_of_birth, ds->d[ds->n].dob);
	ds->n++;
	return 0;
}

/*
 * Before a new woman is added: women already recorded under the name typed
 * (or born on the date given). True to go on and add her.
 */
static bool dup_check(struct ui *ui, struct screen *sc)
{
	struct form *fm = sc->p;
	struct kw_values vals = { 0 };
	const struct kw_value *name, *dob;
	struct dups ds = { 0 };
	struct kw_err err;
	bool go = true;

	current_values(fm, &vals);
	name = kw_values_get(&vals, "known_as");
	dob = kw_values_get(&vals, "date_of_birth");
	if (name != NULL && name->state == KW_STATE_ANSWERED && name->text != NULL &&
	    kw_app_search(ui->s, name->text, DUP_LIMIT, dup_hit, &ds, &err) < 0)
		ds.n = 0;
	if (dob != NULL && dob->state == KW_STATE_ANSWERED && dob->text != NULL &&
	    kw_date_valid(dob->text) && ds.n < DUP_LIMIT)
		kw_app_search(ui->s, dob->text, DUP_LIMIT, dup_hit, &ds, &err);
	if (ds.n > 0) {
		int w = COLS - 10 < 70 ? COLS - 10 : 70, h = ds.n + 5, y = (LINES - h) / 2,
		    x = (COLS - w) / 2;

		redraw_under(ui, sc);
		draw_box(y, x, h, w, " Already recorded? ");
		ui_printf(stdscr, y + 1, x + 2, w - 4, ui_attr(UC_DIM), "%-30s %-12s %s",
			  "Known as", "Reference", "Born");
		for (int i = 0; i < ds.n; i++) {
			char line[200];

			snprintf(line, sizeof(line), "%-30.30s %-12s %s", ds.d[i].known_as,
				 ds.d[i].reference, ds.d[i].dob);
			ui_put_fill(stdscr, y + 2 + i, x + 2, w - 4, line, 0);
		}
		ui_put(stdscr, y + h - 2, x + 2, w - 4,
		       "Check with her before adding a second record.", (size_t)-1,
		       ui_attr(UC_DIM));
		go = ui_ask(ui, "She may already be recorded. Add a new woman anyway?", false);
		if (!go)
			ui_message(ui, UC_DIM,
				   "Not added. %s leaves the form; %s finds her record.",
				   ui_key_name(UI_OP_BACK, UI_IN_TEXT), ui_key(UI_OP_SEARCH));
	}
	memset(&ds, 0, sizeof(ds));
	wipe_values(&vals);
	return go;
}

/* --- saving --- */

/* The answers that differ from what is stored: what a save sends. */
static void changed_values(const struct form *fm, struct kw_values *out)
{
	struct kw_values vals = { 0 };

	current_values(fm, &vals);
	for (size_t i = 0; i < fm->nf; i++) {
		const struct ffield *ff = &fm->ff[i];
		char *text;
		enum kw_state s;

		if (!ff->edit || !present(fm, i, &vals))
			continue;
		s = field_value(fm, i, &text);
		if (!same_answer(s, text, kw_values_get(&fm->orig, ff->fs->key)))
			values_put(out, ff->fs->key, s, text);
		wipe_free(text);
	}
	wipe_values(&vals);
}

static struct ffield *field_of(struct form *fm, const char *key)
{
	for (size_t i = 0; i < fm->nf; i++)
		if (strcmp(fm->ff[i].fs->key, key) == 0)
			return &fm->ff[i];
	return NULL;
}

static void clear_errors(struct form *fm)
{
	for (size_t i = 0; i < fm->nf; i++) {
		free(fm->ff[i].err);
		fm->ff[i].err = NULL;
	}
	wipe_free(fm->banner);
	fm->banner = NULL;
}

/* Dates that can't be read are caught here, in the words used to type them. */
static size_t check_dates(struct form *fm)
{
	struct kw_values vals = { 0 };
	size_t bad = 0;

	current_values(fm, &vals);
	for (size_t i = 0; i < fm->nf; i++) {
		struct ffield *ff = &fm->ff[i];
		bool dt = ff->fs->type == KW_F_DATETIME;
		char out[21];
		enum ui_date_check c;
		char *t;

		if ((ff->fs->type != KW_F_DATE && !dt) || !ff->touched || !ff->edit ||
		    ff->state != KW_STATE_ANSWERED || !present(fm, i, &vals))
			continue;
		t = trimmed(ui_text_str(&ff->t), false);
		c = dt ? ui_form_datetime_parse(t, out) : ui_form_date_parse(t, out);
		wipe_free(t);
		if (c == UI_DATE_OK || c == UI_DATE_EMPTY)
			continue;
		free(ff->err);
		ff->err = kw_xmalloc(200);
		snprintf(ff->err, 200, "%sday/month/year%s, like %s",
			 c == UI_DATE_INVALID ? "No such date; type " : "Type ", dt ? " hh:mm" : "",
			 dt ? "2/3/2024 14:30" : "2/3/1985");
		bad++;
	}
	wipe_values(&vals);
	return bad;
}

static void focus_first_error(struct form *fm)
{
	for (size_t i = 0; i < fm->nf; i++) {
		if (fm->ff[i].err != NULL) {
			fm->focus = i;
			return;
		}
	}
}

/* Takes sc off the stack from under whatever a callback pushed over it, and frees it. */
static void remove_screen(struct ui *ui, struct screen *sc)
{
	for (struct screen **p = &ui->top; *p != NULL; p = &(*p)->below) {
		if (*p == sc) {
			*p = sc->below;
			if (sc->ops->free != NULL)
				sc->ops->free(sc);
			free(sc);
			return;
		}
	}
}

/*
 * After a refused stale save, and only when she asks: the record as it is
 * now becomes what this screen edits. Her changed fields keep what she typed;
 * every other field shows the newer answer.
 */
static int rebase(struct ui *ui, struct form *fm)
{
	struct kw_form_record rec = fm->rec;
	struct kw_values now = { 0 };
	struct kw_err err;
	int found = kw_app_form_load(ui->s, fm->f, &rec, &now, &err);

	if (found <= 0) {
		ui_message(ui, UC_ERROR, "%s",
			   found == 0 ? "This record no longer exists." : err.msg);
		wipe_values(&now);
		return -1;
	}
	wipe_values(&fm->orig);
	wipe_values(&fm->init);
	for (size_t i = 0; i < now.n; i++) {
		values_put(&fm->orig, now.v[i].key, now.v[i].state, now.v[i].text);
		values_put(&fm->init, now.v[i].key, now.v[i].state, now.v[i].text);
	}
	for (size_t i = 0; i < fm->nf; i++)
		if (!fm->ff[i].touched)
			field_set(&fm->ff[i], kw_values_get(&fm->init, fm->ff[i].fs->key));
	fm->rec.version = rec.version;
	fm->stale = false;
	wipe_values(&now);
	return 0;
}

static enum ui_result form_save(struct ui *ui, struct screen *sc)
{
	struct form *fm = sc->p;
	struct kw_values changed = { 0 }, derived = { 0 };
	struct kw_save_opts so = { .confirmed = false, .derived = &derived };
	struct kw_field_errors errs = { 0 };
	struct kw_err err = { 0 };
	size_t bad;
	enum ui_result r = UI_DONE;
	int saved;

	if (fm->frozen) {
		ui_message(ui, UC_DIM, "A saved %s is never changed; record a new one.",
			   fm->f->kind->label);
		return UI_DONE;
	}
	if (fm->stale) {
		if (!ui_ask(ui, "Save what you changed over their version?", false))
			return UI_DONE;
		if (rebase(ui, fm) != 0)
			return UI_DONE;
	}
	clear_errors(fm);
	bad = check_dates(fm);
	if (bad > 0) {
		/* The rest of the form's problems too, so she sees them all at once. */
		struct kw_values vals = { 0 };

		current_values(fm, &vals);
		kw_form_validate(fm->f, ui->s->user.role, &vals, fm->creating ? NULL : &fm->orig,
				 NULL, &errs);
		for (size_t i = 0; i < errs.n; i++) {
			struct ffield *ff = field_of(fm, errs.e[i].key);

			if (ff != NULL && ff->see && ff->err == NULL) {
				ff->err = kw_xstrdup(errs.e[i].msg);
				bad++;
			}
		}
		kw_field_errors_free(&errs);
		wipe_values(&vals);
		focus_first_error(fm);
		ui_message(ui, UC_ERROR, "%zu answer%s need%s a look; nothing was saved.", bad,
			   bad == 1 ? "" : "s", bad == 1 ? "s" : "");
		return UI_DONE;
	}
	changed_values(fm, &changed);
	if (changed.n == 0 && !fm->creating) {
		ui_message(ui, UC_DIM, "Nothing was changed.");
		wipe_values(&changed);
		return UI_CLOSE;
	}
	if (fm->creating && strcmp(fm->f->kind->name, "client") == 0 && !dup_check(ui, sc)) {
		wipe_values(&changed);
		return UI_DONE;
	}
	/* The rules of the work are the app's (rules.h): a question is asked here, then saved. */
	for (;;) {
		saved = kw_form_save_with(ui->s, fm->f, &fm->rec, &changed, &so, &errs, &err);
		for (size_t i = 0; i < derived.n; i++)
			ui_form_set_answer(
				sc, derived.v[i].key,
				derived.v[i].state == KW_STATE_ANSWERED ? derived.v[i].text : NULL);
		kw_values_free(&derived);
		if (saved == 0 || err.reason != KW_R_QUESTION || so.confirmed ||
		    !ui_ask(ui, err.msg, false))
			break;
		so.confirmed = true;
		kw_field_errors_free(&errs);
	}
	if (saved != 0 && (err.reason == KW_R_RULE || err.reason == KW_R_QUESTION)) {
		/* A rule refused (or she said no to its question): why, at its field. */
		struct ffield *ff = errs.n > 0 ? field_of(fm, errs.e[0].key) : NULL;

		if (ff != NULL && ff->see) {
			free(ff->err);
			ff->err = kw_xstrdup(errs.e[0].msg);
			focus_first_error(fm);
		}
		ui_message(ui, UC_ERROR, "%s", errs.n > 0 ? errs.e[0].msg : err.msg);
		goto out;
	}
	if (saved != 0) {
		size_t unplaced = 0;

		for (size_t i = 0; i < errs.n; i++) {
			struct ffield *ff = field_of(fm, errs.e[i].key);

			if (ff == NULL || ff->err != NULL || !ff->see) {
				unplaced++;
				continue;
			}
			ff->err = kw_xstrdup(errs.e[i].msg);
		}
		if (errs.n > 0) {
			focus_first_error(fm);
			ui_message(ui, UC_ERROR, "%zu answer%s need%s a look; nothing was saved.",
				   errs.n, errs.n == 1 ? "" : "s", errs.n == 1 ? "s" : "");
			if (unplaced > 0) {
				for (size_t i = 0; i < errs.n; i++) {
					struct ffield *ff = field_of(fm, errs.e[i].key);

					if (ff == NULL || !ff->see ||
					    strcmp(ff->err, errs.e[i].msg) != 0) {
						fm->banner = kw_xstrdup(errs.e[i].msg);
						break;
					}
				}
			}
		} else {
			/* A refusal from the store (someone saved since, a role rule): the
			 * answers typed all stay, and the reason stays in view. */
			char *m = kw_xstrdup(err.msg);

			fm->stale = err.reason == KW_R_STALE;
			m[0] = (char)toupper((unsigned char)m[0]);
			fm->banner = kw_xmalloc(strlen(m) + 200);
			sprintf(fm->banner, "%s. Everything you typed is still here.%s%s%s", m,
				fm->stale ? " " : "",
				fm->stale ? ui_key_name(UI_OP_SAVE, UI_IN_TEXT) : "",
				fm->stale ? " again offers to save what you changed over "
					    "their version; the rest stays as they left it."
					  : "");
			free(m);
			ui_message(ui, UC_ERROR, "Not saved: %s", err.msg);
		}
		goto out;
	}
	{
		void (*cb)(struct ui *, const char *, void *) = fm->on_saved;
		void *ctx = fm->ctx;
		char id[37];

		snprintf(id, sizeof(id), "%s", fm->rec.id);
		memcpy(ui->just_saved, id, sizeof(ui->just_saved));
		ui_message(ui, UC_OK, "Saved.");
		r = UI_CLOSE;
		if (cb != NULL) {
			cb(ui, id, ctx);
			if (ui->top != sc) {
				/* The callback opened a screen: this one goes from under it. */
				remove_screen(ui, sc);
				r = UI_DONE;
			}
		}
	}
out:
	wipe_values(&changed);
	for (size_t i = 0; i < errs.n; i++)
		memset(errs.e[i].msg, 0, sizeof(errs.e[i].msg));
	kw_field_errors_free(&errs);
	return r;
}

/* --- keys --- */

static bool form_dirty(const struct screen *sc)
{
	const struct form *fm = sc->p;

	for (size_t i = 0; i < fm->nf; i++) {
		char *text;
		enum kw_state s;
		bool same;

		if (!fm->ff[i].touched)
			continue;
		s = field_value(fm, i, &text);
		same = same_answer(s, text, kw_values_get(&fm->init, fm->ff[i].fs->key));
		wipe_free(text);
		if (!same)
			return true;
	}
	return false;
}

/* ^O: answered → unknown → declined to say → not asked yet → answered, as the field allows. */
static void cycle_state(struct ui *ui, struct ffield *ff)
{
	unsigned allowed = ff->fs->states;
	enum kw_state s = ff->state;

	if (ff->fs->type == KW_F_YNU)
		allowed |= KW_STATE_BIT(KW_STATE_UNKNOWN);
	if ((allowed & KW_STATES_ALL) == 0) {
		ui_message(ui, UC_DIM, "%s needs an answer; it can't be marked unknown.",
			   ff->fs->label);
		return;
	}
	do
		s = (enum kw_state)((s + 1) % 4);
	while (s != KW_STATE_ANSWERED && !(allowed & KW_STATE_BIT(s)));
	ff->state = s;
	ff->touched = true;
	free(ff->err);
	ff->err = NULL;
}

/* A key typed into the focused field. True if it was used. */
static bool type_into(struct ui *ui, struct screen *sc, struct ffield *ff, enum ui_op op,
		      const struct ui_key *k)
{
	const struct kw_field_spec *fs = ff->fs;

	if (text_like(fs->type)) {
		bool printable = k->kind == UK_CHAR || k->kind == UK_PASTE;
		bool used;

		if (ff->state != KW_STATE_ANSWERED) {
			/* Typing (or Backspace) over "(unknown)" starts an answer again. */
			if (!printable && op != UI_OP_ERASE)
				return false;
			ff->state = KW_STATE_ANSWERED;
			ff->touched = true;
			if (!printable)
				return true;
		}
		used = ui_text_key(&ff->t, k,
				   fs->type == KW_F_MULTILINE ? value_width() - 1
							      : field_width(fs));
		if (used && ff->t.changed) {
			ff->touched = true;
			free(ff->err);
			ff->err = NULL;
			answer_changed(ui, sc->p, ff);
		}
		return used;
	}
	if (op == UI_OP_ERASE || op == UI_OP_DELETE) {
		/* Clears a choice. */
		wipe_free(ff->keys);
		ff->keys = NULL;
		ff->state = KW_STATE_ANSWERED;
		ff->touched = true;
		answer_changed(ui, sc->p, ff);
		return true;
	}
	if (fs->type == KW_F_YNU && k->kind == UK_CHAR && strchr("yYnNuU", (int)k->code) != NULL &&
	    k->code < 128) {
		int c = tolower((int)k->code);

		wipe_free(ff->keys);
		ff->keys = c == 'u' ? NULL : kw_xstrdup(c == 'y' ? "yes" : "no");
		ff->state = c == 'u' ? KW_STATE_UNKNOWN : KW_STATE_ANSWERED;
		ff->touched = true;
		free(ff->err);
		ff->err = NULL;
		answer_changed(ui, sc->p, ff);
		return true;
	}
	if (k->kind == UK_PASTE && refs_people(fs)) {
		char typed[128];

		/* A name pasted in finds her people, as typing does; nothing is dropped. */
		snprintf(typed, sizeof(typed), "%.*s",
			 (int)(k->paste_len < sizeof(typed) - 1 ? k->paste_len : sizeof(typed) - 1),
			 k->paste);
		pick_for(ui, sc, ff, typed);
		return true;
	}
	if (k->kind == UK_CHAR) {
		char mb[8] = { 0 };
		mbstate_t st;

		memset(&st, 0, sizeof(st));
		if (wcrtomb(mb, (wchar_t)k->code, &st) == (size_t)-1)
			return true;
		pick_for(ui, sc, ff, k->code == ' ' ? "" : mb);
		return true;
	}
	return false;
}

static enum ui_result form_key(struct ui *ui, struct screen *sc, enum ui_op op,
			       const struct ui_key *k)
{
	struct form *fm = sc->p;
	struct ffield *ff = fm->focus < fm->nf ? &fm->ff[fm->focus] : NULL;

	switch (op) {
	case UI_OP_SAVE:
		return form_save(ui, sc);
	case UI_OP_NEXT_FIELD:
		move_focus(fm, 1, true);
		return UI_DONE;
	case UI_OP_PREV_FIELD:
		move_focus(fm, -1, true);
		return UI_DONE;
	case UI_OP_UP:
	case UI_OP_DOWN:
		/* In a box of text the arrows move inside it first. */
		if (ff != NULL && ff->fs->type == KW_F_MULTILINE &&
		    ff->state == KW_STATE_ANSWERED && ui_text_key(&ff->t, k, value_width() - 1))
			return UI_DONE;
		move_focus(fm, op == UI_OP_UP ? -1 : 1, false);
		return UI_DONE;
	case UI_OP_PAGE_UP:
	case UI_OP_PAGE_DOWN: {
		int n = (LINES - 4) / 2;

		move_focus(fm, op == UI_OP_PAGE_UP ? -(n > 1 ? n : 1) : (n > 1 ? n : 1), false);
		return UI_DONE;
	}
	case UI_OP_BACK:
	case UI_OP_CANCEL:
		if (form_dirty(sc) && !ui_ask(ui, "Discard your changes?", false))
			return UI_DONE;
		return UI_CLOSE;
	case UI_OP_PICK:
		if (ff != NULL && !text_like(ff->fs->type))
			pick_for(ui, sc, ff, "");
		else
			ui_message(ui, UC_DIM, "There is no list to choose from here.");
		return UI_DONE;
	case UI_OP_ANSWER_STATE:
		if (ff != NULL) {
			cycle_state(ui, ff);
			answer_changed(ui, fm, ff);
		}
		return UI_DONE;
	case UI_OP_NONE:
	case UI_OP_OPEN: /* Enter: on a field, below */
		break;
	default:
		if (!ui_op_edits_text(op)) /* typing: into the field, below */
			return UI_PASS;
		break;
	}
	if (ff == NULL) {
		/* The Save button. */
		if (op == UI_OP_OPEN)
			return form_save(ui, sc);
		return k->kind == UK_CHAR || k->kind == UK_PASTE ? UI_DONE : UI_PASS;
	}
	if (op == UI_OP_OPEN && ff->fs->type != KW_F_MULTILINE) {
		if (!text_like(ff->fs->type) && ff->state == KW_STATE_ANSWERED &&
		    !refs_elsewhere(ff->fs))
			pick_for(ui, sc, ff, "");
		else
			move_focus(fm, 1, false);
		return UI_DONE;
	}
	if (op == UI_OP_OPEN && ff->state != KW_STATE_ANSWERED) {
		move_focus(fm, 1, false);
		return UI_DONE;
	}
	return type_into(ui, sc, ff, op, k) ? UI_DONE : UI_PASS;
}

static bool form_text(const struct screen *sc)
{
	(void)sc;
	return true;
}

static const char *form_mode(const struct screen *sc)
{
	(void)sc;
	return "FORM";
}

/* --- drafts --- */

static void form_draft(const struct screen *sc, struct kw_buf *b)
{
	const struct form *fm = sc->p;
	char num[32];

	kw_buf_adds(b, "@form\n");
	ui_draft_put(b, "form", fm->f->key);
	ui_draft_put(b, "id", fm->rec.id);
	ui_draft_put(b, "parent", fm->rec.parent_id);
	snprintf(num, sizeof(num), "%ld", fm->rec.version);
	ui_draft_put(b, "version", num);
	for (size_t i = 0; i < fm->nf; i++) {
		char *text;
		enum kw_state s;

		if (!fm->ff[i].touched)
			continue;
		s = field_value(fm, i, &text);
		if (!same_answer(s, text, kw_values_get(&fm->init, fm->ff[i].fs->key))) {
			ui_draft_put(b, "k", fm->ff[i].fs->key);
			ui_draft_put(b, "s", kw_state_name(s));
			if (s == KW_STATE_ANSWERED)
				ui_draft_put(b, "t", text);
		}
		wipe_free(text);
	}
}

/* --- the screen --- */

static void form_free(struct screen *sc)
{
	struct form *fm = sc->p;

	if (fm == NULL)
		return;
	for (size_t i = 0; i < fm->nf; i++) {
		ui_text_free(&fm->ff[i].t);
		wipe_free(fm->ff[i].keys);
		free(fm->ff[i].err);
	}
	free(fm->ff);
	wipe_values(&fm->orig);
	wipe_values(&fm->init);
	wipe_free(fm->banner);
	free(fm->users);
	for (size_t i = 0; i < fm->nrefs; i++)
		memset(fm->refs[i].label, 0, sizeof(fm->refs[i].label));
	free(fm->refs);
	memset(fm, 0, sizeof(*fm));
	free(fm);
	sc->p = NULL;
}

static const enum ui_op form_ops[] = { UI_OP_SAVE,	   UI_OP_NEXT_FIELD, UI_OP_PICK,
				       UI_OP_ANSWER_STATE, UI_OP_BACK,	     UI_OP_HELP,
				       UI_OP_LOCK,	   UI_OP_PREV_FIELD, UI_OP_UP,
				       UI_OP_DOWN,	   UI_OP_CANCEL,     UI_OP_NONE };

static const struct screen_ops form_ops_table = {
	.name = "Form",
	.ops = form_ops,
	.draw = form_draw,
	.key = form_key,
	.text = form_text,
	.dirty = form_dirty,
	.draft = form_draft,
	.mode = form_mode,
	.free = form_free,
};

static int add_user(void *ctx, const struct kw_user *u)
{
	struct form *fm = ctx;

	fm->users = kw_xrealloc(fm->users, (fm->nusers + 1) * sizeof(*fm->users));
	snprintf(fm->users[fm->nusers].id, sizeof(fm->users[0].id), "%s", u->meta.id);
	snprintf(fm->users[fm->nusers].name, sizeof(fm->users[0].name), "%s", u->username);
	fm->users[fm->nusers].disabled = u->disabled;
	fm->users[fm->nusers].caseload = kw_role_holds_caseload(u->role);
	fm->nusers++;
	return 0;
}

/* The title: the form's, and whose record it is. */
static void make_title(struct ui *ui, struct form *fm)
{
	const char *who_id = NULL;
	struct kw_client c = { 0 };
	struct kw_err err;

	snprintf(fm->title, sizeof(fm->title), "%s", fm->f->title);
	if (strcmp(fm->f->kind->name, "client") == 0) {
		const struct kw_value *v = kw_values_get(&fm->orig, "known_as");

		if (v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL)
			snprintf(fm->title, sizeof(fm->title), "%s: %s", fm->f->title, v->text);
		else if (fm->creating)
			snprintf(fm->title, sizeof(fm->title), "%s (a new woman)", fm->f->title);
		return;
	}
	if (fm->f->kind->parent_kind != NULL && strcmp(fm->f->kind->parent_kind, "client") == 0 &&
	    fm->rec.parent_id[0] != '\0')
		who_id = fm->rec.parent_id;
	if (who_id != NULL && kw_app_client_get(ui->s, who_id, &c, &err) == 1) {
		snprintf(fm->title, sizeof(fm->title), "%s: %s (%s)", fm->f->title,
			 c.known_as != NULL ? c.known_as : c.reference, c.reference);
	}
	kw_client_clear(&c);
}

/* Builds the screen's state, or NULL with a message for her. */
static struct form *form_open(struct ui *ui, const char *form_key, const char *rec_id,
			      const char *parent_id, const struct kw_values *preset)
{
	const struct kw_form_spec *f = ui->pack != NULL ? kw_form_find(ui->pack, form_key) : NULL;
	enum kw_role role;
	struct form *fm;
	struct kw_err err;
	bool any_users = false;

	if (ui->s == NULL)
		return NULL;
	role = ui->s->user.role;
	if (f == NULL || f->kind == NULL) {
		ui_message(ui, UC_ERROR, "There is no form called '%s' here.", form_key);
		return NULL;
	}
	if ((rec_id == NULL || rec_id[0] == '\0') && !(f->create & KW_ROLE_BIT(role))) {
		ui_message(ui, UC_ERROR, "Your role can't add %s records.", f->kind->label);
		return NULL;
	}
	/* A record of hers is for a woman this session finds: not one deleted since a draft. */
	if ((rec_id == NULL || rec_id[0] == '\0') && parent_id != NULL && parent_id[0] != '\0' &&
	    f->kind->parent_kind != NULL && strcmp(f->kind->parent_kind, "client") == 0) {
		struct kw_client c = { 0 };
		int found = kw_app_client_get(ui->s, parent_id, &c, &err);

		kw_client_clear(&c);
		if (found != 1) {
			ui_message(ui, UC_ERROR, "%s",
				   found == 0 ? "Her record no longer exists." : err.msg);
			return NULL;
		}
	}
	fm = kw_xcalloc(1, sizeof(*fm));
	fm->f = f;
	fm->creating = rec_id == NULL || rec_id[0] == '\0';
	if (!fm->creating)
		snprintf(fm->rec.id, sizeof(fm->rec.id), "%s", rec_id);
	if (parent_id != NULL)
		snprintf(fm->rec.parent_id, sizeof(fm->rec.parent_id), "%s", parent_id);
	if (!fm->creating) {
		int found = kw_app_form_load(ui->s, f, &fm->rec, &fm->orig, &err);

		if (found <= 0) {
			ui_message(ui, UC_ERROR, "%s",
				   found == 0 ? "That record no longer exists." : err.msg);
			wipe_values(&fm->orig);
			free(fm);
			return NULL;
		}
		fm->frozen = f->kind->append_only;
	}
	/* init: the stored answers, or defaults with the caller's preset over them. */
	for (size_t i = 0; i < fm->orig.n; i++)
		values_put(&fm->init, fm->orig.v[i].key, fm->orig.v[i].state, fm->orig.v[i].text);
	if (fm->creating) {
		kw_form_defaults(f, role, ui->s->user.meta.id, NULL, NULL, &fm->init);
		for (size_t i = 0; preset != NULL && i < preset->n; i++)
			if (kw_form_field(f, preset->v[i].key) != NULL)
				values_put(&fm->init, preset->v[i].key, preset->v[i].state,
					   preset->v[i].text);
		/* A default "now" is local time; kept as UTC, as every time is. */
		for (size_t i = 0; i < fm->init.n; i++) {
			const struct kw_field_spec *fs = kw_form_field(f, fm->init.v[i].key);
			char stored[21];

			if (fs != NULL && fs->type == KW_F_DATETIME &&
			    fm->init.v[i].state == KW_STATE_ANSWERED &&
			    fm->init.v[i].text != NULL && strchr(fm->init.v[i].text, 'Z') == NULL &&
			    ui_form_datetime_parse(fm->init.v[i].text, stored) == UI_DATE_OK)
				kw_values_set(&fm->init, fs->key, stored);
		}
	}
	fm->nf = f->nfields;
	fm->ff = kw_xcalloc(fm->nf + 1, sizeof(*fm->ff));
	for (size_t i = 0; i < fm->nf; i++) {
		struct ffield *ff = &fm->ff[i];
		const struct kw_field_spec *fs = &f->fields[i];
		bool holds = fs->sensitive && !kw_role_has_sensitive(role);

		ff->fs = fs;
		ff->see = kw_field_can_see(fs, role) && !holds;
		ff->edit = ff->see && kw_field_can_edit(fs, role) && !fm->frozen;
		ui_text_init(&ff->t, "", fs->type == KW_F_MULTILINE,
			     fs->max_length > 0 ? (size_t)fs->max_length : 0);
		field_set(ff, kw_values_get(&fm->init, fs->key));
		any_users = any_users || (refs_users(fs) && ff->see);
	}
	if (any_users && kw_app_user_each(ui->s, add_user, fm, &err) != 0)
		ui_message(ui, UC_ERROR, "The list of keyworkers could not be read: %s", err.msg);
	for (size_t i = 0; i < fm->nf; i++)
		if (fm->ff[i].see && refs_people(fm->ff[i].fs)) {
			load_refs(ui, fm, fm->ff[i].fs->references);
			break;
		}
	make_title(ui, fm);
	/* What the app works out from other records shows from the start (a contact's safety). */
	if (fm->creating)
		rederive(ui, fm, true);
	fm->focus = 0;
	{
		struct kw_values vals = { 0 };

		current_values(fm, &vals);
		fix_focus(fm, &vals);
		if (!fm->creating)
			focus_past_dates(fm, &vals);
		wipe_values(&vals);
	}
	return fm;
}

struct screen *ui_form_new(struct ui *ui, const char *form_key, const char *rec_id,
			   const char *parent_id, const struct kw_values *preset,
			   void (*on_saved)(struct ui *ui, const char *id, void *ctx), void *ctx)
{
	struct form *fm = form_open(ui, form_key, rec_id, parent_id, preset);

	if (fm == NULL)
		return NULL;
	/* On a stored record, a preset is a change made for her (x completes a task):
	 * shown as typed, saved with the rest. */
	for (size_t i = 0; !fm->creating && preset != NULL && i < preset->n; i++) {
		struct ffield *ff = field_of(fm, preset->v[i].key);

		if (ff == NULL || !ff->edit)
			continue;
		field_set(ff, &preset->v[i]);
		ff->touched = true;
	}
	fm->on_saved = on_saved;
	fm->ctx = ctx;
	return ui_screen_new(&form_ops_table, fm);
}

void ui_form_focus(struct screen *sc, const char *key)
{
	struct form *fm = sc != NULL ? sc->p : NULL;
	struct kw_values vals = { 0 };

	if (fm == NULL)
		return;
	current_values(fm, &vals);
	for (size_t i = 0; i < fm->nf; i++)
		if (strcmp(fm->ff[i].fs->key, key) == 0 && focusable(fm, i, &vals))
			fm->focus = i;
	wipe_values(&vals);
}

struct screen *ui_form_restore(struct ui *ui, const char *payload, size_t len)
{
	char k[32], form_key[128] = "", id[37] = "", parent[37] = "";
	long version = 0;
	struct kw_values answers = { 0 };
	char *akey = NULL;
	enum kw_state astate = KW_STATE_NOT_ASKED;
	size_t pos = 0;
	char *v;
	struct form *fm;

	while (ui_draft_get(payload, len, &pos, k, sizeof(k), &v)) {
		if (strcmp(k, "form") == 0)
			snprintf(form_key, sizeof(form_key), "%s", v);
		else if (strcmp(k, "id") == 0)
			snprintf(id, sizeof(id), "%s", v);
		else if (strcmp(k, "parent") == 0)
			snprintf(parent, sizeof(parent), "%s", v);
		else if (strcmp(k, "version") == 0)
			version = strtol(v, NULL, 10);
		else if (strcmp(k, "k") == 0) {
			free(akey);
			akey = kw_xstrdup(v);
			astate = KW_STATE_NOT_ASKED;
		} else if (strcmp(k, "s") == 0 && akey != NULL) {
			int s = kw_state_parse(v);

			astate = s >= 0 ? (enum kw_state)s : KW_STATE_NOT_ASKED;
			if (astate != KW_STATE_ANSWERED)
				kw_values_set_state(&answers, akey, astate);
		} else if (strcmp(k, "t") == 0 && akey != NULL && astate == KW_STATE_ANSWERED) {
			kw_values_set(&answers, akey, v);
		}
		wipe_free(v);
	}
	free(akey);
	fm = form_key[0] != '\0' ? form_open(ui, form_key, id, parent, NULL) : NULL;
	if (fm == NULL) {
		wipe_values(&answers);
		return NULL;
	}
	/* The version it was opened at: a save over someone else's since is still refused. */
	if (!fm->creating)
		fm->rec.version = version;
	for (size_t i = 0; i < answers.n; i++) {
		struct ffield *ff = field_of(fm, answers.v[i].key);

		if (ff == NULL || !ff->edit)
			continue;
		field_set(ff, &answers.v[i]);
		ff->touched = true;
	}
	wipe_values(&answers);
	if (fm->creating)
		rederive(ui, fm, false);
	/* Its rules are the app's, run by every save: nothing to arm again. */
	return ui_screen_new(&form_ops_table, fm);
}

void ui_form_set_answer(struct screen *sc, const char *key, const char *text)
{
	struct form *fm;
	struct ffield *ff;
	struct kw_value v = { 0 };

	if (sc == NULL || (fm = sc->p) == NULL || (ff = field_of(fm, key)) == NULL)
		return;
	v.key = (char *)key;
	v.state = text != NULL ? KW_STATE_ANSWERED : KW_STATE_NOT_ASKED;
	v.text = (char *)text;
	field_set(ff, &v);
	ff->touched = true;
}
