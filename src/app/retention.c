/*
 * retention.c: the retention rules applied (who is due, and deleting them),
 * erasure at her request, legal holds and restriction of processing.
 *
 * The rules (forms/retention.yaml) are read conservatively: a woman is due
 * only when at least one rule applies to her and every rule that applies has
 * run out; never while an episode of hers is open or waiting, never under a
 * legal hold, and never while a rule's event has not come (a court order
 * still running). The rule named in her tombstone is the one that kept her
 * longest.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keywork/access.h"
#include "keywork/policy.h"
#include "keywork/retention.h"
#include "keywork/util.h"

/* date plus years and months, "YYYY-MM-DD" (the 29th of February becomes the 28th). */
static void add_period(const char *date, long years, long months, char out[11])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, last;

	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || y < 0) {
		snprintf(out, 11, "9999-12-31");
		return;
	}
	m += (int)(months % 12);
	y += (int)(years + months / 12);
	if (m > 12) {
		m -= 12;
		y++;
	}
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > last)
		d = last;
	if (y > 9999)
		y = 9999;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 13u,
		 (unsigned)d % 32u);
}

/* A JSON array of keys (list keys are [a-z0-9_], so nothing needs escaping). */
static void json_keys(struct kw_buf *b, char *const *k, size_t n)
{
	kw_buf_printf(b, "[");
	for (size_t i = 0; i < n; i++)
		kw_buf_printf(b, "%s\"%s\"", i > 0 ? "," : "", k[i]);
	kw_buf_printf(b, "]");
}

enum verdict { V_DUE = 0, V_HELD, V_OPEN, V_RUNNING, V_NO_RULE };

/* What the rules say of her today; for V_DUE, *rule and due_on say which ran out last. */
static enum verdict judge(const struct kw_retention *r, const struct kw_ret_facts *f,
			  const char *today, size_t *rule, char due_on[11])
{
	size_t applies = 0;
	bool pending = false;
	char latest[11] = "";

	if (f->legal_hold)
		return V_HELD;
	if (f->episodes_open > 0)
		return V_OPEN;
	for (size_t i = 0; i < r->nrules; i++) {
		const struct kw_ret_rule *ru = &r->rules[i];
		const char *from = NULL;
		char due[11];

		switch (ru->when) {
		case KW_RET_ALWAYS:
			break;
		case KW_RET_CHILD_PROTECTION:
			if (!f->child_protection)
				continue;
			break;
		case KW_RET_COURT_ORDER:
			if (f->orders == 0)
				continue;
			break;
		case KW_RET_NO_EPISODE:
			if (f->episodes > 0)
				continue;
			break;
		}
		switch (ru->after) {
		case KW_RET_EPISODE_CLOSED:
			if (f->episodes == 0 || f->last_closed[0] == '\0')
				continue;
			from = f->last_closed;
			break;
		case KW_RET_LAST_CONTACT:
			from = f->last_contact;
			break;
		case KW_RET_ORDER_ENDED:
			if (f->orders == 0)
				continue;
			if (f->orders_running > 0)
				pending = true;
			from = f->order_ended;
			break;
		}
		applies++;
		if (from == NULL || from[0] == '\0') {
			pending = true;
			continue;
		}
		add_period(from, ru->years, ru->months, due);
		if (strcmp(due, latest) > 0) {
			memcpy(latest, due, sizeof(latest));
			*rule = i;
		}
	}
	if (applies == 0)
		return V_NO_RULE;
	if (pending || strcmp(latest, today) > 0)
		return V_RUNNING;
	memcpy(due_on, latest, 11);
	return V_DUE;
}

struct review {
	const struct kw_retention *r;
	struct kw_ret_report *out;
	bool refs;
};

static int on_facts(void *ctx, const struct kw_ret_facts *f)
{
	struct review *x = ctx;
	struct kw_ret_report *o = x->out;
	size_t rule = 0;
	char due_on[11];

	o->women++;
	switch (judge(x->r, f, o->today, &rule, due_on)) {
	case V_HELD:
		o->held++;
		break;
	case V_OPEN:
		o->open++;
		break;
	case V_RUNNING:
		o->running++;
		break;
	case V_NO_RULE:
		o->no_rule++;
		break;
	case V_DUE:
		o->due_per_rule[rule]++;
		if (x->refs) {
			struct kw_ret_due *d;

			o->due = kw_xrealloc(o->due, (o->ndue + 1) * sizeof(*o->due));
			d = &o->due[o->ndue++];
			memcpy(d->id, f->id, sizeof(d->id));
			memcpy(d->reference, f->reference, sizeof(d->reference));
			memcpy(d->due_on, due_on, sizeof(d->due_on));
			d->rule = rule;
		}
		break;
	}
	return 0;
}

void kw_ret_report_free(struct kw_ret_report *r)
{
	free(r->due_per_rule);
	free(r->due);
	memset(r, 0, sizeof(*r));
}

/* Reads the facts (of one woman, or all) and judges them into out. */
static int judge_all(struct kw_session *s, const struct kw_retention *r, const char *client_id,
		     bool refs, struct kw_ret_report *out, struct kw_err *err)
{
	struct kw_buf cp = { 0 }, orders = { 0 };
	struct review x = { r, out, refs };
	int rc;

	memset(out, 0, sizeof(*out));
	kw_today(out->today);
	out->due_per_rule = kw_xcalloc(r->nrules + 1, sizeof(*out->due_per_rule));
	json_keys(&cp, r->child_protection, r->nchild_protection);
	json_keys(&orders, r->court_orders, r->ncourt_orders);
	rc = kw_db_retention_each(s->store, cp.p, orders.p, out->today, client_id, on_facts, &x,
				  err);
	kw_buf_free(&cp);
	kw_buf_free(&orders);
	if (rc != 0)
		kw_ret_report_free(out);
	return rc;
}

static const struct kw_retention *rules_of(const struct kw_form_pack *pack, struct kw_err *err)
{
	if (pack == NULL || pack->retention == NULL) {
		kw_err_set(err, KW_EDATA,
			   "the forms give no retention rules (forms/retention.yaml, "
			   "'retention: KEY'): see keywork-forms(5)");
		return NULL;
	}
	return pack->retention;
}

int kw_retention_review(struct kw_session *s, const struct kw_form_pack *pack,
			struct kw_ret_report *out, struct kw_err *err)
{
	const struct kw_retention *r = rules_of(pack, err);
	char detail[160];
	unsigned long due = 0;

	memset(out, 0, sizeof(*out));
	if (r == NULL || judge_all(s, r, NULL, kw_session_is(s, KW_ROLE_MANAGER), out, err) != 0)
		return -1;
	for (size_t i = 0; i < r->nrules; i++)
		due += out->due_per_rule[i];
	snprintf(detail, sizeof(detail), "%lu of %lu women due for deletion today", due,
		 out->women);
	if (kw_db_audit(s->store, "retention-review", NULL, detail, err) != 0) {
		kw_ret_report_free(out);
		return -1;
	}
	return 0;
}

/* Deletes one woman under rule, in a transaction of her own. */
static int purge_one(struct kw_session *s, const char *id, const char *ref, const char *rule,
		     const char *today, struct kw_err *err)
{
	long rows;

	if (kw_store_begin(s->store, err) != 0)
		return -1;
	if (kw_db_purge_client(s->store, id, ref, rule, today, &rows, err) != 0 ||
	    kw_store_commit(s->store, err) != 0) {
		kw_store_rollback(s->store);
		return -1;
	}
	return 0;
}

int kw_retention_apply(struct kw_session *s, const struct kw_form_pack *pack, FILE *progress,
		       unsigned long *deleted, bool *vacuumed, struct kw_err *err)
{
	const struct kw_retention *r = rules_of(pack, err);
	struct kw_ret_report rep;
	int rc = -1;

	*deleted = 0;
	*vacuumed = false;
	if (r == NULL)
		return -1;
	if (kw_db_may(s->store, KW_DO_REDACT, err) != 0)
		return -1;
	if (judge_all(s, r, NULL, true, &rep, err) != 0)
		return -1;
	for (size_t i = 0; i < rep.ndue; i++) {
		const struct kw_ret_due *d = &rep.due[i];
		struct kw_ret_report one;
		size_t rule = d->rule;

		/* Between two women: each deletion is whole, and Ctrl-C stops before the next. */
		kw_watch_tell(kw_watch_current(), "deleting", "women", *deleted, (long long)i,
			      (long long)rep.ndue);
		if (kw_watch_check(kw_watch_current(), err) != 0)
			goto out;

		/* Judged again inside her own turn: a hold set a moment ago still wins. */
		if (judge_all(s, r, d->id, true, &one, err) != 0)
			goto out;
		if (one.ndue == 1)
			rule = one.due[0].rule;
		if (one.ndue != 1) {
			kw_ret_report_free(&one);
			continue;
		}
		kw_ret_report_free(&one);
		if (purge_one(s, d->id, d->reference, r->rules[rule].key, rep.today, err) != 0)
			goto out;
		(*deleted)++;
		if (progress != NULL)
			fprintf(progress, "%s deleted under %s\n", d->reference,
				r->rules[rule].key);
	}
	kw_watch_tell(kw_watch_current(), "deleting", "women", *deleted, (long long)rep.ndue,
		      (long long)rep.ndue);
	if (*deleted >= (unsigned long)r->vacuum_after) {
		if (kw_db_vacuum(s->store, err) != 0)
			goto out;
		*vacuumed = true;
	}
	rc = 0;
out:
	kw_ret_report_free(&rep);
	return rc;
}

/* Keeps the facts of the one woman asked for. */
static int copy_facts(void *ctx, const struct kw_ret_facts *f)
{
	memcpy(ctx, f, sizeof(*f));
	return 1;
}

/* Her facts alone: 1 found, 0 not, -1. */
static int facts_of(struct kw_session *s, const struct kw_retention *r, const char *client_id,
		    const char *today, struct kw_ret_facts *f, struct kw_err *err)
{
	struct kw_buf cp = { 0 }, orders = { 0 };
	int rc;

	memset(f, 0, sizeof(*f));
	json_keys(&cp, r->child_protection, r->nchild_protection);
	json_keys(&orders, r->court_orders, r->ncourt_orders);
	rc = kw_db_retention_each(s->store, cp.p, orders.p, today, client_id, copy_facts, f, err);
	kw_buf_free(&cp);
	kw_buf_free(&orders);
	return rc != 0 ? -1 : f->id[0] != '\0';
}

int kw_erase(struct kw_session *s, const struct kw_form_pack *pack, const char *ref,
	     struct kw_err *err)
{
	const struct kw_retention *r = rules_of(pack, err);
	struct kw_client c = { 0 };
	struct kw_ret_facts f;
	char today[11];
	int found, rc = -1;

	if (r == NULL || kw_db_may(s->store, KW_DO_REDACT, err) != 0)
		return -1;
	found = kw_db_client_get(s->store, ref, &c, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_set(err, KW_EDATA, "no woman has the reference %s", ref);
		goto out;
	}
	kw_today(today);
	if (kw_store_begin(s->store, err) != 0)
		goto out;
	/* Read inside the transaction that deletes her, so nothing can slip in between. */
	found = facts_of(s, r, c.meta.id, today, &f, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_why(err, KW_EDATA, KW_R_GONE, "%s's record no longer exists",
				   c.reference);
		goto fail;
	}
	if ((r->erase_refused & KW_ERASE_STOP_HOLD) && f.legal_hold) {
		kw_err_why(err, KW_EDATA, KW_R_RULE,
			   "%s is under a legal hold: nothing of hers can be erased until a "
			   "manager lifts it (keywork hold --client %s --lift)",
			   c.reference, c.reference);
		goto fail;
	}
	if ((r->erase_refused & KW_ERASE_STOP_CHILD_PROTECTION) && f.child_protection) {
		kw_err_why(err, KW_EDATA, KW_R_RULE,
			   "a child of %s's is recorded under child protection or care "
			   "proceedings: her record must be kept while that stands",
			   c.reference);
		goto fail;
	}
	if ((r->erase_refused & KW_ERASE_STOP_COURT_DATE) && f.court_date) {
		kw_err_why(err, KW_EDATA, KW_R_RULE,
			   "%s has a court date still to come: her record must be kept until "
			   "it has passed",
			   c.reference);
		goto fail;
	}
	{
		long rows;

		if (kw_db_purge_client(s->store, c.meta.id, c.reference, "erasure", today, &rows,
				       err) != 0 ||
		    kw_store_commit(s->store, err) != 0)
			goto fail;
	}
	rc = 0;
	goto out;
fail:
	kw_store_rollback(s->store);
out:
	kw_client_clear(&c);
	return rc;
}

int kw_hold(struct kw_session *s, const char *ref, enum kw_hold kind, bool lift, bool *changed,
	    struct kw_err *err)
{
	struct kw_client c = { 0 };
	char today[11];
	int found, rc = -1;

	*changed = false;
	if (kw_db_may(s->store, KW_DO_REDACT, err) != 0)
		return -1;
	found = kw_db_client_get(s->store, ref, &c, err);
	if (found <= 0) {
		if (found == 0)
			kw_err_set(err, KW_EDATA, "no woman has the reference %s", ref);
		goto out;
	}
	kw_today(today);
	found = kw_db_hold_set(s->store, c.meta.id, kind, lift, today, err);
	if (found < 0)
		goto out;
	*changed = found == 1;
	rc = 0;
out:
	kw_client_clear(&c);
	return rc;
}

int kw_restricted(struct kw_session *s, const char *client_id, struct kw_err *err)
{
	int r;

	if (client_id == NULL || client_id[0] == '\0')
		return 0;
	/* Nothing of hers is written by staff who may not see her (refused and audited). */
	if (!kw_access_sees(s, client_id))
		return kw_access_open(s, client_id, "a change to her record", err);
	r = kw_db_hold_get(s->store, client_id, KW_HOLD_RESTRICT, err);
	if (r == 1)
		kw_err_why(err, KW_EDATA, KW_R_RULE,
			   "her record is restricted (processing paused while a complaint is "
			   "looked at): it can be read but not changed until a manager lifts it");
	return r;
}

/* The day a keywork backup at path was made ("created" in its header), or "" if it is not one. */
static void backup_made(const char *path, char out[11])
{
	char line[80];
	FILE *f = fopen(path, "re");

	out[0] = '\0';
	if (f == NULL)
		return;
	if (fgets(line, sizeof(line), f) != NULL && strcmp(line, "keywork-backup 1\n") == 0 &&
	    fgets(line, sizeof(line), f) != NULL && strncmp(line, "created ", 8) == 0 &&
	    kw_date_days(line + 8) != LONG_MIN)
		snprintf(out, 11, "%.10s", line + 8);
	fclose(f);
}

int kw_retention_old_backups(const struct kw_form_pack *pack, const char *dir, FILE *warn,
			     unsigned long *n, struct kw_err *err)
{
	const struct kw_retention *r = rules_of(pack, err);
	const struct kw_ret_rule *shortest = NULL;
	struct dirent *e;
	char today[11];
	DIR *d;

	*n = 0;
	if (r == NULL)
		return -1;
	for (size_t i = 0; i < r->nrules; i++)
		if (shortest == NULL || r->rules[i].years * 12 + r->rules[i].months <
						shortest->years * 12 + shortest->months)
			shortest = &r->rules[i];
	if (shortest == NULL)
		return 0;
	if ((d = opendir(dir)) == NULL)
		return kw_err_set(err, KW_ENOINPUT, "%s: %s", dir, strerror(errno));
	kw_today(today);
	while ((e = readdir(d)) != NULL) {
		char *path, made[11], until[11];
		struct stat sb;

		if (e->d_name[0] == '.')
			continue;
		path = kw_path_join(dir, e->d_name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			backup_made(path, made);
			if (made[0] != '\0') {
				add_period(made, shortest->years, shortest->months, until);
				if (strcmp(until, today) <= 0) {
					fprintf(warn,
						"keywork: %s was made on %s, longer ago than the "
						"shortest retention period (%s): it still holds "
						"women deleted since. Delete it unless something "
						"requires it kept.\n",
						path, made, shortest->label);
					(*n)++;
				}
			}
		}
		free(path);
	}
	closedir(d);
	return 0;
}
