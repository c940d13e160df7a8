/*
 * rules.h: the rules of the work that a form's own checks can't say, because
 * they read other records: a contact on a way she did not mark safe needs a
 * reason; one open support plan per pathway; consent before a step that
 * shares about her (and its disclosure recorded with it); closing rules; a
 * mentor match agreed only when the mentor said she is comfortable; only a
 * user who holds a caseload can be her keyworker. One table
 * (src/app/rules.c) maps a kind of record to its rule, and kw_form_save runs
 * it for every caller: the screens, the command line, import. Rules that are
 * properties of one form (a task
 * marked done needs its outcome, a pause can't end before it starts) are YAML
 * (required_when, not_before: keywork-forms(5)), checked by kw_form_validate.
 */
#ifndef KEYWORK_RULES_H
#define KEYWORK_RULES_H

#include <stdbool.h>

#include "keywork/app.h"
#include "keywork/contact.h"
#include "keywork/form.h"
#include "keywork/formdb.h"

enum kw_verdict {
	KW_RULE_OK = 0,	 /* nothing against it */
	KW_RULE_REFUSED, /* not saved: field and msg say why */
	KW_RULE_ASK	 /* saved only when the user says yes to question; msg if she says no */
};

/* What a rule answers. */
struct kw_rule_answer {
	enum kw_verdict verdict;
	char field[64];	    /* the field it is about */
	char msg[320];	    /* refused (or asked and not confirmed): why, in plain words */
	char question[320]; /* asked: the question ("... Save anyway?") */
	/*
	 * A record the rule asks to be saved with this one, in the same
	 * transaction and audited with it, whether the user was asked or not
	 * (a step that shares about her records the disclosure: to whom,
	 * when, on what basis, who decided). also_form "" for none; also_parent
	 * is what it belongs to (her id). Freed by kw_rule_answer_clear.
	 */
	char also_form[64];
	char also_parent[37];
	struct kw_values also;
};

/* What a rule is given. */
struct kw_rule_call {
	struct kw_session *s;
	const struct kw_form_spec *f; /* f->pack gives the lists and the other forms */
	const struct kw_form_record
		*rec;			 /* id "" for a new record; parent_id: what it belongs to */
	const struct kw_values *old;	 /* the stored answers (none for a new record) */
	const struct kw_values *changed; /* the answers being saved */
	struct kw_values *vals;		 /* the whole record as it would be saved */
	/*
	 * Answers the rule works out from other records (a contact's
	 * channel_safety): put in vals too, shown by a screen, and kept with a
	 * new record (kw_db_form_set_derived) as the judgement made then.
	 */
	struct kw_values *derived;
	const char *today; /* "YYYY-MM-DD" */
};

/*
 * Runs the rule for the kind of record f edits, if there is one, filling *a
 * (KW_RULE_OK when there is none; *a is overwritten, so clear it first when
 * it was used). Reads the store only through src/db; writes nothing.
 */
enum kw_verdict kw_rules_run(const struct kw_rule_call *c, struct kw_rule_answer *a);

/* Frees what a rule's answer holds (its also record); the answer can be run again. */
void kw_rule_answer_clear(struct kw_rule_answer *a);

/*
 * What follows from a save, in the save's transaction, for every caller alike:
 * a court date (a cj_event of kind court) makes her an appointment of kind
 * court, or moves the one it made. c->rec is the record as saved (its id and
 * the woman it belongs to). Returns 0, or -1 with err (the caller undoes the
 * save).
 */
int kw_rules_after(const struct kw_rule_call *c, struct kw_err *err);

/* True if records of kind (a kind's name, "contact") have a rule. */
bool kw_rules_has(const char *kind);

/*
 * The answers the rule for f's kind works out from other records (a
 * contact's channel_safety, from her safe ways and the way chosen), for the
 * record as vals would save it (rec: parent_id for a new record), into
 * derived. A screen calls it whenever one of the answers it reads changes
 * (kw_rules_derives_from), so what it shows is what a save would decide.
 * Returns how many answers were set (0 when the kind works out none).
 */
size_t kw_rules_derive(struct kw_session *s, const struct kw_form_spec *f,
		       const struct kw_form_record *rec, const struct kw_values *vals,
		       struct kw_values *derived);
/* True if a change to field key can change what kw_rules_derive gives for f. */
bool kw_rules_derives_from(const struct kw_form_spec *f, const char *key);

/*
 * True if text is a reason with some substance: at least two words of two
 * or more letters, and ten letters in all ("x", "n/a" or "ok ok" are not).
 * Used where the work asks for a real reason: contacting her a way she
 * asked never to be used, closing for "Other", raising a risk level by
 * professional judgement.
 */
bool kw_reason_real(const char *text);

/* --- the way a contact is made (channel.c), reading her record --- */

/*
 * What she said about reaching her (her intake's safe_channels and
 * never_contact_via), as the session's role may read it: *safe and *never
 * malloc'd, or NULL when not recorded (the caller wipes *never before
 * freeing it). Returns 1, 0 if she is not found, or -1.
 */
int kw_channel_her_ways(struct kw_session *s, const struct kw_form_pack *pack,
			const char *client_id, char **safe, char **never);
/*
 * The one judgement of a way to contact her: kw_channel_safety of mode
 * against her ways as stored now. The contact rule (rules.c) and the
 * contact screen, as a way is chosen, both ask this.
 */
enum kw_channel_safety kw_channel_judge(struct kw_session *s, const struct kw_form_pack *pack,
					const char *client_id, const char *mode);

#endif
