/*
 * letter.c: letters that advocate for her, made from the centre's templates
 * (keywork-letters(5)) for one of her advocacy items, recorded as a step of
 * that item through kw_form_save (so the consent rule every sharing step has
 * in src/app/rules.c decides whether it may go), and written to a new file
 * as her plan is (src/io).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keywork/formdb.h"
#include "keywork/formsave.h"
#include "keywork/io.h"
#include "keywork/kinds.h"
#include "keywork/letter.h"
#include "keywork/lookup.h"
#include "keywork/policy.h"
#include "keywork/withher.h"

int kw_app_letters_load(const struct kw_form_pack *pack, struct kw_letter_pack **out,
			struct kw_err *err)
{
	struct kw_diags diags = { 0 };
	char *shipped = kw_letters_shipped_dir(), *config = kw_letters_override_dir();
	const char *overrides[] = { config };
	int rc = kw_letter_pack_load(pack, shipped, overrides, 1, out, &diags, err);

	if (rc != 0 && diags.n > 0) {
		char line[1200], first[1200];

		snprintf(first, sizeof(first), "%s", err->msg);
		kw_err_set(err, KW_EDATA, "%s; the first: %s", first,
			   kw_diag_str(&diags, 0, line, sizeof(line)));
	}
	kw_diags_free(&diags);
	free(shipped);
	free(config);
	return rc;
}

void kw_letter_free(struct kw_letter *l)
{
	if (l->text != NULL) {
		explicit_bzero(l->text, strlen(l->text));
		free(l->text);
	}
	memset(l, 0, sizeof(*l));
}

static const char *const months[12] = { "January",   "February", "March",    "April",
					"May",	     "June",	 "July",     "August",
					"September", "October",	 "November", "December" };

/* "7 December 2026" for "2026-12-07"; anything else is copied. */
static void date_words(const char *iso, char *out, size_t len)
{
	int y, m, d;

	if (iso != NULL && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
		snprintf(out, len, "%d %s %d", d, months[m - 1], y);
	else
		snprintf(out, len, "%s", iso != NULL ? iso : "");
}

/* What the placeholders are filled with: her answers, the item's, and the rest. */
struct fill {
	struct kw_session *s;
	const struct kw_form_pack *pack;
	struct kw_values her, item;
	char agency[200];
	char keyworker[64];
	char date[40];
	char *shown; /* the last value given (owned) */
};

struct who {
	const char *id;
	char name[64];
};

static int on_user(void *ctx, const struct kw_user *u)
{
	struct who *w = ctx;

	if (strcmp(u->meta.id, w->id) != 0)
		return 0;
	snprintf(w->name, sizeof(w->name), "%s", u->username);
	return 1;
}

/* An answer of form fkey in words: a list item's label, a date in words, yes or no. */
static char *in_words(const struct kw_form_pack *p, const char *fkey, const struct kw_values *v,
		      const char *key)
{
	const struct kw_form_spec *f = kw_form_find(p, fkey);
	const struct kw_field_spec *fs = f != NULL ? kw_form_field(f, key) : NULL;
	const struct kw_value *x = kw_values_get(v, key);
	struct kw_buf b = { 0 };
	char day[40];

	if (fs == NULL || x == NULL || x->state != KW_STATE_ANSWERED || x->text == NULL ||
	    x->text[0] == '\0')
		return NULL;
	switch (fs->type) {
	case KW_F_DATE:
		date_words(x->text, day, sizeof(day));
		return kw_xstrdup(day);
	case KW_F_YNU:
		return kw_xstrdup(strcmp(x->text, "yes") == 0  ? "yes"
				  : strcmp(x->text, "no") == 0 ? "no"
							       : x->text);
	case KW_F_REF:
		return NULL; /* an id means nothing in a letter */
	case KW_F_CHOICE:
	case KW_F_LOOKUP:
	case KW_F_MULTI: {
		const char *p0 = x->text;

		while (*p0 != '\0') {
			const char *comma = fs->type == KW_F_MULTI ? strchr(p0, ',') : NULL;
			size_t n = comma != NULL ? (size_t)(comma - p0) : strlen(p0);
			char item[128];
			const struct kw_list_item *it;

			snprintf(item, sizeof(item), "%.*s", (int)n, p0);
			it = fs->list != NULL ? kw_list_item(fs->list, item) : NULL;
			if (b.len > 0)
				kw_buf_adds(&b, ", ");
			kw_buf_adds(&b, it != NULL ? it->label : item);
			p0 += n + (comma != NULL);
		}
		return b.p;
	}
	default:
		return kw_xstrdup(x->text);
	}
}

static const char *value_of(void *ctx, const char *name)
{
	struct fill *f = ctx;

	free(f->shown);
	f->shown = NULL;
	if (strncmp(name, "her.", 4) == 0)
		f->shown = in_words(f->pack, "intake", &f->her, name + 4);
	else if (strncmp(name, "item.", 5) == 0)
		f->shown = in_words(f->pack, "advocacy_item", &f->item, name + 5);
	else if (strcmp(name, "agency") == 0)
		return f->agency;
	else if (strcmp(name, "keyworker") == 0)
		return f->keyworker[0] != '\0' ? f->keyworker : NULL;
	else if (strcmp(name, "writer") == 0)
		return f->s->user.username;
	else if (strcmp(name, "date") == 0)
		return f->date;
	return f->shown;
}

/* Takes out the lines left empty by placeholders with no answer (a line of spaces only). */
static char *tidy(const char *text)
{
	struct kw_buf b = { 0 };
	const char *p = text;
	bool blank_before = false;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		bool blank = strspn(p, " \t") >= n;

		/* Never two empty lines running: a paragraph left empty goes. */
		if (!(blank && blank_before)) {
			kw_buf_add(&b, p, n);
			if (nl != NULL)
				kw_buf_adds(&b, "\n");
		}
		blank_before = blank;
		p += n + (nl != NULL);
	}
	kw_buf_adds(&b, "");
	return b.p;
}

int kw_app_letter_make(struct kw_session *s, const struct kw_form_pack *pack,
		       const struct kw_letter_spec *t, const char *client_id, const char *item_id,
		       struct kw_letter *out, struct kw_err *err)
{
	const struct kw_form_spec *fi = kw_form_find(pack, "advocacy_item");
	const struct kw_form_spec *fh = kw_form_find(pack, "intake");
	struct kw_form_record rec = { 0 };
	struct fill f = { .s = s, .pack = pack };
	const struct kw_kind *k = NULL;
	const struct kw_value *ag, *prof, *kwv;
	struct kw_buf b = { 0 };
	char owner[37] = "", today[11];
	int rc = -1, r;

	memset(out, 0, sizeof(*out));
	if (kw_app_may(s, KW_DO_FULL_RECORD, err) != 0)
		return -1;
	if (fi == NULL || fh == NULL)
		return kw_err_set(err, KW_EDATA, "the forms have no %s form",
				  fi == NULL ? "advocacy_item" : "intake");
	r = kw_db_record_owner(s->store, item_id, &k, owner, err);
	if (r < 0)
		return -1;
	if (r == 0 || k == NULL || strcmp(k->name, "advocacy_item") != 0 ||
	    (client_id != NULL && strcmp(owner, client_id) != 0))
		return kw_err_set(err, KW_ENOINPUT, "%s is not one of her advocacy items", item_id);
	snprintf(rec.id, sizeof(rec.id), "%s", item_id);
	if (kw_db_form_load(s->store, fi, &rec, &f.item, err) != 1)
		goto out;
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.id, sizeof(rec.id), "%s", owner);
	if (kw_db_form_load(s->store, fh, &rec, &f.her, err) != 1)
		goto out;
	ag = kw_values_get(&f.item, "agency");
	prof = kw_values_get(&f.item, "professional");
	if (ag == NULL || ag->state != KW_STATE_ANSWERED || ag->text == NULL) {
		kw_err_set(err, KW_EDATA, "the issue names no agency to write to");
		goto out;
	}
	{
		char *a = in_words(pack, "advocacy_item", &f.item, "agency");

		snprintf(f.agency, sizeof(f.agency), "%s", a != NULL ? a : ag->text);
		free(a);
	}
	kwv = kw_values_get(&f.her, "keyworker");
	if (kwv != NULL && kwv->state == KW_STATE_ANSWERED && kwv->text != NULL) {
		struct who w = { kwv->text, "" };

		if (kw_db_user_each(s->store, on_user, &w, err) < 0)
			goto out;
		snprintf(f.keyworker, sizeof(f.keyworker), "%s", w.name);
	}
	kw_today(today);
	date_words(today, f.date, sizeof(f.date));
	kw_letter_fill(t, value_of, &f, &b);
	kw_buf_adds(&b, "");
	out->text = tidy(b.p);
	snprintf(out->client_id, sizeof(out->client_id), "%s", owner);
	snprintf(out->item_id, sizeof(out->item_id), "%s", item_id);
	snprintf(out->agency, sizeof(out->agency), "%s", ag->text);
	snprintf(out->title, sizeof(out->title), "%s", t->title);
	{
		bool named = prof != NULL && prof->state == KW_STATE_ANSWERED && prof->text != NULL;
		struct kw_buf to = { 0 };

		/* "Agency, the person there": cut to the field's size if it is longer. */
		kw_buf_printf(&to, "%s%s%s", f.agency, named ? ", " : "", named ? prof->text : "");
		snprintf(out->to, sizeof(out->to), "%.*s", (int)(sizeof(out->to) - 1), to.p);
		kw_buf_free(&to);
	}
	rc = 0;
out:
	if (b.p != NULL)
		explicit_bzero(b.p, b.len);
	kw_buf_free(&b);
	free(f.shown);
	kw_values_free(&f.her);
	kw_values_free(&f.item);
	return rc;
}

int kw_app_letter_record(struct kw_session *s, const struct kw_form_pack *pack,
			 const struct kw_letter *l, bool confirmed, char step_id[37],
			 struct kw_err *err)
{
	const struct kw_form_spec *fs = kw_form_find(pack, "advocacy_step");
	struct kw_form_record rec = { 0 };
	struct kw_values v = { 0 };
	struct kw_field_errors errs = { 0 };
	struct kw_save_opts o = { .confirmed = confirmed };
	char today[11], summary[300];
	int rc;

	if (fs == NULL || kw_form_field(fs, "letter") == NULL ||
	    kw_form_field(fs, "letter_to") == NULL)
		return kw_err_set(err, KW_EDATA,
				  "the advocacy_step form has no letter and letter_to fields to "
				  "keep a letter in");
	if (l->text == NULL || l->text[strspn(l->text, " \t\r\n")] == '\0')
		return kw_err_set(err, KW_EUSAGE, "the letter is empty");
	kw_today(today);
	snprintf(summary, sizeof(summary), "Letter: %s", l->title);
	kw_values_set(&v, "step", "letter");
	kw_values_set(&v, "happened_on", today);
	kw_values_set(&v, "shares_info", "yes");
	kw_values_set(&v, "summary", summary);
	kw_values_set(&v, "letter_to", l->to);
	kw_values_set(&v, "letter", l->text);
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", l->item_id);
	rc = kw_form_save_with(s, fs, &rec, &v, &o, &errs, err);
	if (rc == 0 && step_id != NULL)
		snprintf(step_id, 37, "%s", rec.id);
	kw_field_errors_free(&errs);
	kw_values_free(&v);
	return rc;
}

int kw_app_letter_write(struct kw_session *s, const struct kw_letter *l,
			enum kw_print_format format, const char *path, struct kw_err *err)
{
	struct kw_buf doc = { 0 }, pdf = { 0 };
	char detail[300];
	int rc = -1;

	if (kw_app_may(s, KW_DO_FULL_RECORD, err) != 0)
		return -1;
	if (format == KW_PRINT_TEXT) {
		kw_buf_adds(&doc, l->text);
		if (kw_io_write_new(path, doc.p, doc.len, err) != 0)
			goto out;
	} else {
		/* One paragraph, its line breaks kept; her words in their own direction. */
		kw_buf_adds(&doc, "kwdoc 1\n@title ");
		for (const char *t = l->title; *t != '\0'; t++)
			if ((unsigned char)*t >= 0x20)
				kw_buf_add(&doc, t, 1);
		kw_buf_adds(&doc, "\n@p\n");
		kw_io_doc_text(&doc, l->text);
		kw_buf_adds(&doc, "\n");
		if (kw_io_typeset_pdf(doc.p, doc.len, &pdf, err) != 0 ||
		    kw_io_write_new(path, pdf.p, pdf.len, err) != 0)
			goto out;
	}
	snprintf(detail, sizeof(detail), "letter: %.200s (%s)", l->title,
		 format == KW_PRINT_TEXT ? "text" : "pdf");
	if (kw_db_audit(s->store, "print_letter", l->client_id, detail, err) != 0) {
		unlink(path);
		goto out;
	}
	rc = 0;
out:
	if (doc.p != NULL)
		explicit_bzero(doc.p, doc.len);
	if (pdf.p != NULL)
		explicit_bzero(pdf.p, pdf.len);
	kw_buf_free(&doc);
	kw_buf_free(&pdf);
	return rc;
}
