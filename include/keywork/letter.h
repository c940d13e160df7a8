/*
 * letter.h: letter templates (keywork-letters(5)), read by src/form/letter.c.
 * A template is a text file: a YAML header (its name, its title, the agency
 * it is usually for), a line "---", then the letter, with placeholders in
 * double braces for her answers ({{her.first_name}}), the advocacy item's
 * ({{item.professional}}), the agency ({{agency}}), her keyworker
 * ({{keyworker}}), who writes it ({{writer}}) and the date ({{date}}). Every
 * placeholder is checked against the forms when the templates are loaded;
 * one that names nothing is a problem at its file:line:column, and any
 * problem refuses every template.
 */
#ifndef KEYWORK_LETTER_H
#define KEYWORK_LETTER_H

#include <stddef.h>

#include "keywork/form.h"
#include "keywork/util.h"

struct kw_letter_spec {
	char *key;    /* its name: "housing_review" */
	char *title;  /* "Homelessness review request" */
	char *agency; /* the agencies list key it is usually for, or NULL */
	char *body;   /* the letter, placeholders as written */
	char *file;
};

struct kw_letter_pack {
	struct kw_letter_spec **letters;
	size_t n;
};

/*
 * Loads the templates: every *.letter file in shipped, then each of
 * overrides (a template with the same name replaces the shipped one), each
 * placeholder checked against forms (her fields: the intake form's; the
 * item's: advocacy_item's). Problems go to diags; any problem refuses every
 * template (KW_EDATA). A missing directory holds none.
 */
int kw_letter_pack_load(const struct kw_form_pack *forms, const char *shipped,
			const char *const *overrides, size_t noverrides,
			struct kw_letter_pack **out, struct kw_diags *diags, struct kw_err *err);
void kw_letter_pack_free(struct kw_letter_pack **p);
const struct kw_letter_spec *kw_letter_find(const struct kw_letter_pack *p, const char *key);

/*
 * Gives the value of a placeholder ("her.first_name", "agency", "date"), or
 * NULL when there is none (the placeholder is left out of the letter).
 */
typedef const char *(*kw_letter_value_fn)(void *ctx, const char *name);

/* Appends t's body to out with every placeholder replaced by fn's value. */
void kw_letter_fill(const struct kw_letter_spec *t, kw_letter_value_fn fn, void *ctx,
		    struct kw_buf *out);

/* $KEYWORK_LETTERS_DIR, or letters/ beside the shipped forms. malloc'd. */
char *kw_letters_shipped_dir(void);
/* $XDG_CONFIG_HOME/keywork/letters (a centre's own). malloc'd. */
char *kw_letters_override_dir(void);

#endif
