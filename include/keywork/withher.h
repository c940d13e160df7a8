/*
 * withher.h: what a keyworker shows a woman with the screen turned towards
 * her, and gives her on paper (src/app/withher.c): her name as she likes to
 * be called, her strengths, her journey, her open plans by pathway with their
 * next steps, her appointments and tasks in plain words, her keyworker.
 *
 * Every value comes from a field its form marks fit to show her (show_her:
 * true in keywork-forms(5)); nothing else is read into it, so what she is
 * shown is decided in the form definitions alone. The screen (src/ui) and the
 * printed plan (kw_her_text, kw_her_doc) show the same struct.
 */
#ifndef KEYWORK_WITHHER_H
#define KEYWORK_WITHHER_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/app.h"
#include "keywork/form.h"
#include "keywork/regard.h"
#include "keywork/util.h"

/* One thing in a list of hers: when (plain words, or NULL), what, and more words (or NULL). */
struct kw_her_item {
	char *when;
	char *text;
	char *more;
};

/* One pathway of her journey: its label and her newest scores, oldest first. */
struct kw_her_path {
	char *label;
	int scores[KW_JOURNEY_POINTS];
	size_t nscores;
	int first, latest;
	char *since; /* the month of her first score, in words */
	char *words; /* her words with the newest score, or NULL */
};

/* An open plan: its pathway, since when, her goals in her words, and its next steps. */
struct kw_her_plan {
	char *pathway;
	char *since;
	char *goals;
	char *more; /* its other answers fit to show her, or NULL */
	struct kw_her_item *steps;
	size_t nsteps;
};

struct kw_her {
	char *name;	 /* as she likes to be called; NULL when not fit or not given */
	char *keyworker; /* her keyworker's name; NULL when not fit or none */
	char *about;	 /* her other answers fit to show her ("Label: answer; ..."), or NULL */
	char today[40];	 /* today, in words */
	int lo, hi;	 /* the outcome ladder's range */
	struct kw_her_item *strengths;
	size_t nstrengths;
	struct kw_her_path *journey;
	size_t njourney;
	struct kw_her_plan *plans;
	size_t nplans;
	struct kw_her_item *appointments; /* from now on, soonest first */
	size_t nappointments;
	struct kw_her_item *tasks; /* open tasks under no open plan */
	size_t ntasks;
};

/*
 * Reads what is fit to show her (client_id) into out, by the forms of pack,
 * as far as the signed-in user may see it. Clear out with kw_her_free.
 * Returns 0 or -1 with err set.
 */
int kw_app_her(struct kw_session *s, const struct kw_form_pack *pack, const char *client_id,
	       struct kw_her *out, struct kw_err *err);
void kw_her_free(struct kw_her *h);

/* Her plan as plain text (UTF-8), appended to out: one or two pages' worth. */
void kw_her_text(const struct kw_her *h, struct kw_buf *out);
/* Her plan as a document for the typesetter (kw_io_typeset_pdf), appended to out. */
void kw_her_doc(const struct kw_her *h, struct kw_buf *out);

enum kw_print_format { KW_PRINT_PDF = 0, KW_PRINT_TEXT };

/*
 * Writes her plan (the woman with reference ref) to a new file path (created
 * 0600, never over an existing file) as PDF (typeset from HTML on a pipe,
 * kw_io_typeset_pdf) or plain text, and audits it as given to her. Managers
 * and keyworkers. Returns 0 or -1 with err set; on error no file is left.
 */
int kw_app_print_plan(struct kw_session *s, const struct kw_form_pack *pack, const char *client_id,
		      enum kw_print_format format, const char *path, struct kw_err *err);

/* --- letters that advocate for her (src/app/letter.c, keywork-letters(5)) --- */

struct kw_letter_pack;
struct kw_letter_spec;

/*
 * Loads the letter templates: the shipped ones and the centre's own (the
 * config directory's letters/), checked against pack. Any problem refuses
 * them all: err (KW_EDATA) says how many and where the first is
 * (file:line:column). Free *out with kw_letter_pack_free.
 */
int kw_app_letters_load(const struct kw_form_pack *pack, struct kw_letter_pack **out,
			struct kw_err *err);

/* A letter made from a template for one of her advocacy items. */
struct kw_letter {
	char client_id[37];
	char item_id[37];
	char agency[64]; /* the item's agency (a list key) */
	char to[400];	 /* to whom, in words: the agency and the professional there */
	char title[200]; /* the template's title */
	char *text;	 /* the letter (malloc'd; wiped and freed by kw_letter_free) */
};
void kw_letter_free(struct kw_letter *l);

/*
 * Makes the letter of template t for advocacy item item_id: the template with
 * her answers, the item's, the agency, her keyworker, the writer and today
 * filled in. client_id, when not NULL, must be the item's woman. Managers and
 * keyworkers. Returns 0 or -1 with err set.
 */
int kw_app_letter_make(struct kw_session *s, const struct kw_form_pack *pack,
		       const struct kw_letter_spec *t, const char *client_id, const char *item_id,
		       struct kw_letter *out, struct kw_err *err);

/*
 * Records l (its text as edited) as a step of its item, through kw_form_save
 * like every save: step "letter", today, to whom, the letter in the sensitive
 * compartment, and shares_info yes, so the consent rule of every sharing
 * step applies (an agency she said must not receive anything refuses it;
 * no consent on record asks first: KW_ECONFIRM with the question in err,
 * and confirmed goes ahead, recorded as without her agreement). step_id
 * gets the new step's id. Returns 0 or -1 with err set.
 */
int kw_app_letter_record(struct kw_session *s, const struct kw_form_pack *pack,
			 const struct kw_letter *l, bool confirmed, char step_id[37],
			 struct kw_err *err);

/*
 * Writes l to a new file path (0600, never over a file) as PDF (the same
 * typesetter as her plan) or text, and audits it ("print_letter").
 * Returns 0 or -1 with err set; on error no file is left.
 */
int kw_app_letter_write(struct kw_session *s, const struct kw_letter *l,
			enum kw_print_format format, const char *path, struct kw_err *err);

#endif
