/*
 * withher.h: what a keyworker shows a woman with the screen turned towards
 * her, and gives her on paper (src/app/withher.c): her name as she likes to
 * be called, her strengths, her journey, her open plans by pathway with their
 * next steps, her appointments and tasks in plain words, her keyworker.
 *
 * Every value comes from a field its form marks fit to show her (show_her:
 * true in keywork-forms(5)); nothing else is read into it, so what she is
 * shown is decided in the form definitions alone. The screen (src/ui) and the
 * printed plan (kw_her_text, kw_her_html) show the same struct.
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
/* Her plan as an HTML document for the typesetter, appended to out. */
void kw_her_html(const struct kw_her *h, struct kw_buf *out);

enum kw_print_format { KW_PRINT_PDF = 0, KW_PRINT_TEXT };

/*
 * Writes her plan (the woman with reference ref) to a new file path (created
 * 0600, never over an existing file) as PDF (typeset from HTML on a pipe,
 * kw_io_typeset_pdf) or plain text, and audits it as given to her. Managers
 * and keyworkers. Returns 0 or -1 with err set; on error no file is left.
 */
int kw_app_print_plan(struct kw_session *s, const struct kw_form_pack *pack, const char *client_id,
		      enum kw_print_format format, const char *path, struct kw_err *err);

#endif
