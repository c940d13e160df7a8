/*
 * validate.c: answers to a form: the set of values, who may see and change
 * each field, defaults, validation in plain words, and checklist scores.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/form.h"
#include "keywork/util.h"

/* --- values --- */

/* --- roles and visibility --- */

bool kw_form_sees(const struct kw_form_pack *p, const char *form, const char *field,
		  enum kw_role role)
{
	const struct kw_form_spec *f = p != NULL ? kw_form_find(p, form) : NULL;
	const struct kw_field_spec *fs = f != NULL ? kw_form_field(f, field) : NULL;

	return fs != NULL && kw_field_can_see(fs, role);
}

bool kw_form_shows_her(const struct kw_form_pack *p, const char *form, const char *field)
{
	const struct kw_form_spec *f = p != NULL ? kw_form_find(p, form) : NULL;
	const struct kw_field_spec *fs = f != NULL ? kw_form_field(f, field) : NULL;

	return fs != NULL && fs->show_her && !fs->retired;
}

bool kw_kind_sees(const struct kw_form_pack *p, const char *kind, enum kw_role role)
{
	for (size_t i = 0; p != NULL && i < p->nforms; i++) {
		const struct kw_form_spec *f = p->forms[i];

		if (f->kind == NULL || strcmp(f->kind->name, kind) != 0)
			continue;
		for (size_t j = 0; j < f->nfields; j++)
			if (kw_field_can_see(&f->fields[j], role))
				return true;
	}
	return false;
}

/* True if field's answer in vals is one of values (a multi_choice answer: any chosen key). */
static bool answer_in(const struct kw_values *vals, const char *field, char *const *values,
		      size_t nvalues)
{
	const struct kw_value *v = kw_values_get(vals, field);

	if (v == NULL)
		return false;
	for (size_t i = 0; i < nvalues; i++) {
		const char *want = values[i];

		if (v->state == KW_STATE_ANSWERED && v->text != NULL) {
			/* A multi_choice answer shows the field if any chosen key matches. */
			const char *p = v->text;
			size_t n = strlen(want);

			while (p != NULL) {
				if (strncmp(p, want, n) == 0 && (p[n] == '\0' || p[n] == ','))
					return true;
				p = strchr(p, ',');
				p = p != NULL ? p + 1 : NULL;
			}
		} else if (v->state == KW_STATE_UNKNOWN && strcmp(want, "unknown") == 0) {
			return true;
		}
	}
	return false;
}

bool kw_field_shown(const struct kw_field_spec *fs, const struct kw_values *vals)
{
	return fs->show_if_field == NULL ||
	       answer_in(vals, fs->show_if_field, fs->show_if_values, fs->show_if_nvalues);
}

bool kw_field_required_now(const struct kw_field_spec *fs, const struct kw_values *vals)
{
	return fs->required_when_field != NULL &&
	       answer_in(vals, fs->required_when_field, fs->required_when_values,
			 fs->required_when_nvalues);
}

void kw_form_defaults(const struct kw_form_spec *f, enum kw_role role, const char *user_id,
		      const char *today, const char *now, struct kw_values *vals)
{
	char day[11], stamp[21];

	if (today == NULL) {
		kw_today(day);
		today = day;
	}
	if (now == NULL) {
		time_t t = time(NULL);
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M", &tm);
		now = stamp;
	}
	for (size_t i = 0; i < f->nfields; i++) {
		const struct kw_field_spec *fs = &f->fields[i];

		if (!kw_field_can_edit(fs, role) || kw_values_get(vals, fs->key) != NULL)
			continue;
		switch (fs->def) {
		case KW_DEF_VALUE:
			kw_values_set(vals, fs->key, fs->def_value);
			break;
		case KW_DEF_TODAY:
			kw_values_set(vals, fs->key, today);
			break;
		case KW_DEF_NOW:
			kw_values_set(vals, fs->key, now);
			break;
		case KW_DEF_USER:
			if (user_id != NULL)
				kw_values_set(vals, fs->key, user_id);
			break;
		case KW_DEF_NONE:
			break;
		}
	}
}

/* --- validation --- */

static void add_error(struct kw_field_errors *fe, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_error(struct kw_field_errors *fe, const char *key, const char *fmt, ...)
{
	va_list ap;
	struct kw_field_error *e;

	if (fe->n == fe->cap) {
		fe->cap = fe->cap != 0 ? fe->cap * 2 : 8;
		fe->e = kw_xrealloc(fe->e, fe->cap * sizeof(*fe->e));
	}
	e = &fe->e[fe->n++];
	snprintf(e->key, sizeof(e->key), "%s", key);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

/* Characters in a UTF-8 string (it has been checked to be valid). */
static long chars(const char *s)
{
	long n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* True if s holds a control character (newlines and tabs allowed when multiline). */
static bool has_control(const char *s, bool multiline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == 0x7f || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return true;
		if (*p < 0x20 && !(multiline && (*p == '\n' || *p == '\t')))
			return true;
	}
	return false;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "YYYY-MM-DD HH:MM" or with a T, optional :SS and Z. */
static bool datetime_valid(const char *s)
{
	char day[11];
	size_t n = strlen(s);

	if (n < 16 || n > 20)
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!kw_date_valid(day) || (s[10] != ' ' && s[10] != 'T'))
		return false;
	if (!digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2))
		return false;
	if (atoi(s + 11) > 23 || atoi(s + 14) > 59)
		return false;
	s += 16;
	if (*s == ':') {
		if (!digits(s + 1, 2) || atoi(s + 1) > 59)
			return false;
		s += 3;
	}
	if (*s == 'Z')
		s++;
	return *s == '\0';
}

static bool number_valid(const char *s, int decimals, double *out)
{
	const char *p = s;
	size_t whole, frac = 0;
	char *end;

	if (*p == '-' || *p == '+')
		p++;
	whole = strspn(p, "0123456789");
	if (whole == 0 || whole > 15)
		return false;
	p += whole;
	if (*p == '.') {
		frac = strspn(p + 1, "0123456789");
		if (frac == 0 || (int)frac > decimals)
			return false;
		p += 1 + frac;
	}
	if (*p != '\0')
		return false;
	*out = strtod(s, &end);
	return true;
}

static bool phone_valid(const char *s)
{
	size_t nd = 0;

	for (const char *p = s; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			nd++;
		else if (*p == '+' && p != s)
			return false;
		else if (strchr("+ ()-", *p) == NULL)
			return false;
	}
	return nd >= 7 && nd <= 15;
}

/* A UK postcode: outward code (A9, A99, AA9, AA99, A9A, AA9A), a space optional, 9AA. */
static bool postcode_valid(const char *s)
{
	char c[16];
	size_t n = 0, len;

	for (const char *p = s; *p != '\0'; p++) {
		if (*p == ' ')
			continue;
		if (n == sizeof(c) - 1 || !isalnum((unsigned char)*p))
			return false;
		c[n++] = (char)toupper((unsigned char)*p);
	}
	c[n] = '\0';
	if (n < 5 || n > 7)
		return false;
	len = n - 3; /* the outward code */
	if (!isdigit((unsigned char)c[len]) || !isalpha((unsigned char)c[len + 1]) ||
	    !isalpha((unsigned char)c[len + 2]))
		return false;
	if (!isalpha((unsigned char)c[0]))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!isalnum((unsigned char)c[i]))
			return false;
	return isdigit((unsigned char)c[1]) || (len >= 3 && isdigit((unsigned char)c[2]));
}

static bool uuid_valid(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

static bool same_value(const struct kw_value *a, const struct kw_value *b)
{
	enum kw_state sa = a != NULL ? a->state : KW_STATE_NOT_ASKED;
	enum kw_state sb = b != NULL ? b->state : KW_STATE_NOT_ASKED;

	if (sa != sb)
		return false;
	if (sa != KW_STATE_ANSWERED)
		return true;
	return strcmp(a->text, b->text) == 0;
}

/* True if key was part of the old answer (so a retired item may stay). */
static bool was_chosen(const struct kw_value *old, const char *key)
{
	const char *p;
	size_t n = strlen(key);

	if (old == NULL || old->state != KW_STATE_ANSWERED || old->text == NULL)
		return false;
	for (p = old->text; p != NULL;) {
		if (strncmp(p, key, n) == 0 && (p[n] == '\0' || p[n] == ','))
			return true;
		p = strchr(p, ',');
		p = p != NULL ? p + 1 : NULL;
	}
	return false;
}

static void check_choice(const struct kw_field_spec *fs, const char *text,
			 const struct kw_value *old, struct kw_field_errors *fe)
{
	bool multi = fs->type == KW_F_MULTI;
	char *copy = kw_xstrdup(text), *save = NULL;
	const char *seen[64];
	size_t count = 0;

	for (char *k = multi ? strtok_r(copy, ",", &save) : copy; k != NULL;
	     k = multi ? strtok_r(NULL, ",", &save) : NULL) {
		const struct kw_list_item *it = kw_list_item(fs->list, k);
		bool twice = false;

		for (size_t j = 0; j < count && j < KW_ARRAY_LEN(seen); j++)
			twice = twice || strcmp(seen[j], k) == 0;
		if (count < KW_ARRAY_LEN(seen))
			seen[count] = k;
		count++;
		if (it == NULL)
			add_error(fe, fs->key, "%s: '%.40s' is not one of the choices", fs->label,
				  k);
		else if (it->retired && !was_chosen(old, k))
			add_error(fe, fs->key, "%s: '%s' is no longer offered; choose another",
				  fs->label, it->label);
		else if (twice)
			add_error(fe, fs->key, "%s: '%s' is chosen twice", fs->label, it->label);
	}
	if (count == 0)
		add_error(fe, fs->key, "%s: choose at least one", fs->label);
	free(copy);
}

/* Checks one answered value; errors name the field by its label. */
static void check_value(const struct kw_field_spec *fs, const char *t, const struct kw_value *old,
			const char *today, struct kw_field_errors *fe)
{
	size_t bad;
	double num = 0;
	long len;
	long defmax = fs->type == KW_F_MULTILINE  ? 100000
		      : fs->type == KW_F_PHONE	  ? 32
		      : fs->type == KW_F_POSTCODE ? 10
						  : 1000;

	if (!kw_utf8_valid(t, strlen(t), &bad)) {
		add_error(fe, fs->key, "%s has characters that can't be read", fs->label);
		return;
	}
	if (has_control(t, fs->type == KW_F_MULTILINE)) {
		add_error(fe, fs->key, "%s can't contain control characters%s", fs->label,
			  fs->type == KW_F_MULTILINE ? "" : " or line breaks");
		return;
	}
	if (t[0] == '\0') {
		add_error(fe, fs->key, "%s is empty; leave it not asked instead", fs->label);
		return;
	}
	len = chars(t);
	switch (fs->type) {
	case KW_F_TEXT:
	case KW_F_MULTILINE:
	case KW_F_PHONE:
	case KW_F_POSTCODE:
		if (fs->type == KW_F_PHONE && !phone_valid(t)) {
			add_error(fe, fs->key, "%s must be a phone number, like 07700 900123",
				  fs->label);
			return;
		}
		if (fs->type == KW_F_POSTCODE && !postcode_valid(t)) {
			add_error(fe, fs->key, "%s must be a UK postcode, like N1 9GU", fs->label);
			return;
		}
		if (fs->min_length >= 0 && len < fs->min_length)
			add_error(fe, fs->key, "%s must be at least %ld characters", fs->label,
				  fs->min_length);
		if (len > (fs->max_length >= 0 ? fs->max_length : defmax))
			add_error(fe, fs->key, "%s must be at most %ld characters", fs->label,
				  fs->max_length >= 0 ? fs->max_length : defmax);
		if (fs->has_re && regexec(&fs->re, t, 0, NULL, 0) != 0) {
			if (fs->pattern_message != NULL)
				add_error(fe, fs->key, "%s: %s", fs->label, fs->pattern_message);
			else
				add_error(fe, fs->key, "%s is not in the expected form", fs->label);
		}
		return;
	case KW_F_DATE:
		if (!kw_date_valid(t))
			add_error(fe, fs->key, "%s must be a date like 2024-03-31", fs->label);
		else if (fs->not_in_future && strcmp(t, today) > 0)
			add_error(fe, fs->key, "%s can't be in the future", fs->label);
		return;
	case KW_F_DATETIME:
		if (!datetime_valid(t))
			add_error(fe, fs->key, "%s must be a date and time like 2024-03-31 14:30",
				  fs->label);
		else if (fs->not_in_future && strncmp(t, today, 10) > 0)
			add_error(fe, fs->key, "%s can't be in the future", fs->label);
		return;
	case KW_F_NUMBER:
		if (!number_valid(t, fs->decimals, &num)) {
			if (fs->decimals == 0)
				add_error(fe, fs->key, "%s must be a whole number", fs->label);
			else
				add_error(fe, fs->key,
					  "%s must be a number with at most %d decimal place%s",
					  fs->label, fs->decimals, fs->decimals == 1 ? "" : "s");
		} else if (fs->has_min && num < fs->min) {
			add_error(fe, fs->key, "%s must be at least %g", fs->label, fs->min);
		} else if (fs->has_max && num > fs->max) {
			add_error(fe, fs->key, "%s must be at most %g", fs->label, fs->max);
		}
		return;
	case KW_F_CHOICE:
	case KW_F_MULTI:
	case KW_F_LOOKUP:
		if (fs->list != NULL)
			check_choice(fs, t, old, fe);
		return;
	case KW_F_YNU:
		if (strcmp(t, "yes") != 0 && strcmp(t, "no") != 0)
			add_error(fe, fs->key, "%s must be yes or no, or recorded as unknown",
				  fs->label);
		return;
	case KW_F_REF:
		if (!uuid_valid(t))
			add_error(fe, fs->key, "%s must name a record", fs->label);
		return;
	case KW_F_NTYPES:
		break;
	}
}

/* The label of field key's answer in vals (a list item's label, or the answer itself). */
static const char *answer_label(const struct kw_form_spec *f, const char *key,
				const struct kw_values *vals)
{
	const struct kw_field_spec *fs = kw_form_field(f, key);
	const struct kw_value *v = kw_values_get(vals, key);
	const struct kw_list_item *it;

	if (v == NULL || v->state != KW_STATE_ANSWERED || v->text == NULL)
		return "answered";
	it = fs != NULL && fs->list != NULL ? kw_list_item(fs->list, v->text) : NULL;
	return it != NULL ? it->label : v->text;
}

static bool answered(const struct kw_value *v)
{
	return v != NULL && v->state == KW_STATE_ANSWERED && v->text != NULL && v->text[0] != '\0';
}

/* required_when: a real answer (not unknown or declined) once the other field says so. */
static bool check_required_when(const struct kw_form_spec *f, const struct kw_field_spec *fs,
				enum kw_role role, const struct kw_values *vals,
				struct kw_field_errors *errs)
{
	if (!answered(kw_values_get(vals, fs->key)) && kw_field_can_edit(fs, role) &&
	    kw_field_required_now(fs, vals)) {
		const struct kw_field_spec *dep = kw_form_field(f, fs->required_when_field);

		if (fs->required_when_message != NULL)
			add_error(errs, fs->key, "%s", fs->required_when_message);
		else
			add_error(errs, fs->key, "%s is needed when %s is %s", fs->label,
				  dep != NULL ? dep->label : fs->required_when_field,
				  answer_label(f, fs->required_when_field, vals));
		return false;
	}
	return true;
}

/* not_before: a date no earlier than the other field's (when both are given). */
static void check_not_before(const struct kw_form_spec *f, const struct kw_field_spec *fs,
			     const struct kw_values *vals, struct kw_field_errors *errs)
{
	const struct kw_value *v = kw_values_get(vals, fs->key);
	const struct kw_field_spec *dep = kw_form_field(f, fs->not_before);
	const struct kw_value *o = kw_values_get(vals, fs->not_before);

	if (answered(v) && dep != NULL && answered(o)) {
		bool later;

		/* A date against a date and time compares days. */
		later = dep->type == fs->type ? strcmp(v->text, o->text) < 0
					      : strncmp(v->text, o->text, 10) < 0;
		if (later) {
			if (fs->not_before_message != NULL)
				add_error(errs, fs->key, "%s", fs->not_before_message);
			else
				add_error(errs, fs->key, "%s can't be before %s", fs->label,
					  dep->label);
		}
	}
}

size_t kw_form_validate(const struct kw_form_spec *f, enum kw_role role,
			const struct kw_values *vals, const struct kw_values *old,
			const char *today, struct kw_field_errors *errs)
{
	size_t before = errs->n;
	char day[11];

	if (today == NULL) {
		kw_today(day);
		today = day;
	}
	for (size_t i = 0; i < vals->n; i++)
		if (kw_form_field(f, vals->v[i].key) == NULL)
			add_error(errs, vals->v[i].key, "'%.40s' is not a field of %s",
				  vals->v[i].key, f->title);
	for (size_t i = 0; i < f->nfields; i++) {
		const struct kw_field_spec *fs = &f->fields[i];
		const struct kw_value *v = kw_values_get(vals, fs->key);
		const struct kw_value *was = kw_values_get(old, fs->key);
		bool changed = v != NULL && !same_value(v, was);

		if (changed && !kw_field_can_see(fs, role)) {
			add_error(errs, fs->key, "%s can't be changed by your role", fs->label);
			continue;
		}
		if (changed && fs->retired) {
			add_error(errs, fs->key, "%s is no longer asked", fs->label);
			continue;
		}
		if (changed && !kw_field_can_edit(fs, role)) {
			add_error(errs, fs->key, "%s can't be changed by your role", fs->label);
			continue;
		}
		if (!kw_field_shown(fs, vals))
			continue;
		if (fs->required_when_field != NULL && !fs->required &&
		    !check_required_when(f, fs, role, vals, errs))
			continue;
		if (v == NULL || v->state == KW_STATE_NOT_ASKED) {
			if (fs->required && kw_field_can_edit(fs, role))
				add_error(errs, fs->key, "%s is needed", fs->label);
			else if (v != NULL && !(fs->states & KW_STATE_BIT(KW_STATE_NOT_ASKED)) &&
				 changed)
				add_error(errs, fs->key, "%s can't be left as not asked",
					  fs->label);
			continue;
		}
		if (v->state != KW_STATE_ANSWERED) {
			bool ok = (fs->states & KW_STATE_BIT(v->state)) != 0 ||
				  (fs->type == KW_F_YNU && v->state == KW_STATE_UNKNOWN);

			if (!ok && changed)
				add_error(errs, fs->key, "%s can't be recorded as %s", fs->label,
					  v->state == KW_STATE_UNKNOWN ? "unknown"
								       : "declined to say");
			continue;
		}
		if (v->text == NULL) {
			add_error(errs, fs->key, "%s is needed", fs->label);
			continue;
		}
		{
			size_t had = errs->n;

			check_value(fs, v->text, was, today, errs);
			if (errs->n == had && fs->not_before != NULL)
				check_not_before(f, fs, vals, errs);
		}
	}
	return errs->n - before;
}

/* --- checklists --- */

static const struct kw_level *level_of(const struct kw_score_spec *s, const char *key)
{
	for (size_t i = 0; key != NULL && i < s->nlevels; i++)
		if (strcmp(s->levels[i].key, key) == 0)
			return &s->levels[i];
	return NULL;
}

int kw_form_score(const struct kw_form_spec *f, const struct kw_values *vals,
		  struct kw_score_result *out)
{
	const struct kw_score_spec *s = f->score;

	memset(out, 0, sizeof(*out));
	if (s == NULL || s->nlevels == 0)
		return -1;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct kw_field_spec *fs = &f->fields[i];
		const struct kw_value *v;
		bool scored = s->fields == NULL && fs->type == KW_F_YNU;

		for (size_t j = 0; j < s->nfields && !scored; j++)
			scored = strcmp(s->fields[j], fs->key) == 0;
		if (!scored)
			continue;
		v = kw_values_get(vals, fs->key);
		if (v == NULL || v->state != KW_STATE_ANSWERED)
			out->unknown++;
		else if (strcmp(v->text, s->counts) == 0)
			out->score++;
	}
	for (size_t i = 0; i < s->nlevels; i++)
		if (out->score >= s->levels[i].from)
			out->by_score = &s->levels[i];
	if (out->by_score == NULL)
		out->by_score = &s->levels[0];
	if (s->judgement != NULL) {
		const struct kw_value *v = kw_values_get(vals, s->judgement);

		if (v != NULL && v->state == KW_STATE_ANSWERED)
			out->by_judgement = level_of(s, v->text);
	}
	/* Professional judgement may raise the level, never lower it. */
	out->level = out->by_judgement != NULL && out->by_judgement > out->by_score
			     ? out->by_judgement
			     : out->by_score;
	if (s->marac_level != NULL) {
		const struct kw_level *m = level_of(s, s->marac_level);

		out->marac = m != NULL && out->level >= m;
	}
	return 0;
}
