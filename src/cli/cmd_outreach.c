/* cmd_outreach.c: keywork outreach add | list | revoke | start: outreach laptops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keywork/form.h"
#include "keywork/outreach.h"
#include "keywork/util.h"

/* Writes s with control characters shown as '?', so nothing from the records drives the terminal. */
static void put_clean(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s != NULL ? s : ""); *p != '\0'; p++)
		fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, out);
}

static void say_counts(const struct kw_bundle_counts *c)
{
	fprintf(stderr,
		"keywork: %ld wom%s, %ld contact%s, %ld case note%s, %ld task%s, %ld "
		"appointment%s and %ld other record%s; %ld user record%s.\n",
		c->women, c->women == 1 ? "an" : "en", c->contacts, c->contacts == 1 ? "" : "s",
		c->notes, c->notes == 1 ? "" : "s", c->tasks, c->tasks == 1 ? "" : "s",
		c->appointments, c->appointments == 1 ? "" : "s", c->other,
		c->other == 1 ? "" : "s", c->users, c->users == 1 ? "" : "s");
}

static int add_cmd(struct kw_opts *o, struct kw_err *err)
{
	struct kw_session *s = NULL;
	struct kw_outreach_added rep;
	int rc = -1;

	if (o->argc != 2 || o->for_user == NULL || o->output == NULL)
		return kw_cli_usage(err, "outreach");
	if (kw_cli_open(o, &s, err) != 0)
		goto out;
	if (kw_outreach_add(s, o->argv[1], o->for_user, o->women, o->output, &rep, err) != 0)
		goto out;
	fprintf(stderr,
		"keywork: laptop '%s' registered for '%s'; its first bundle is %s (%lld bytes, "
		"%s).\n",
		o->argv[1], o->for_user, o->output, rep.bytes,
		rep.sensitive ? "both compartments" : "the general compartment only");
	say_counts(&rep.counts);
	fprintf(stderr, "keywork: on the laptop: keywork outreach start %s --db DIR --user %s\n",
		o->output, o->for_user);
	rc = 0;
out:
	kw_session_close(&s);
	return rc;
}

static int list_line(void *ctx, const struct kw_laptop *l)
{
	FILE *out = ctx;

	put_clean(out, l->name);
	fputc('\t', out);
	put_clean(out, l->username);
	fprintf(out, "\t%ld wom%s\tadded %.10s", l->women, l->women == 1 ? "an" : "en",
		l->created_at);
	if (l->last_exchange_at[0] != '\0')
		fprintf(out, "\tlast bundle %.10s (sent %lld, received %lld)", l->last_exchange_at,
			l->sent_seq, l->received_seq);
	if (l->revoked_at[0] != '\0')
		fprintf(out, "\tREVOKED %.10s", l->revoked_at);
	if (!(l->present & (1u << KW_LAPTOP_SEALED)))
		fputs("\tNOT REGISTERED BY KEYWORK (no sealed copy)", out);
	else if (!(l->present & (1u << KW_LAPTOP_GENERAL)))
		fputs("\tMISSING FROM keywork.db (sealed copy only)", out);
	fputc('\n', out);
	return 0;
}

static int list_cmd(struct kw_opts *o, struct kw_err *err)
{
	struct kw_session *s = NULL;
	int rc = -1;

	if (o->argc != 1 || o->for_user != NULL || o->women != NULL || o->output != NULL)
		return kw_cli_usage(err, "outreach");
	if (kw_cli_open(o, &s, err) != 0)
		goto out;
	{
		struct kw_link k;
		int found = kw_outreach_link(s, &k, err);

		if (found < 0)
			goto out;
		if (found > 0) {
			put_clean(stdout, k.name);
			printf("\tthis laptop, of centre %s\tlast bundle taken %lld, sent %lld\n",
			       k.centre, k.received_seq, k.sent_seq);
			rc = 0;
			goto out;
		}
	}
	if (kw_outreach_list(s, list_line, stdout, err) != 0)
		goto out;
	rc = 0;
out:
	kw_session_close(&s);
	return rc;
}

static int woman_line(void *ctx, const char *reference, const char *known_as, const char *since,
		      const char *until)
{
	FILE *out = ctx;

	put_clean(out, reference);
	fputc('\t', out);
	put_clean(out, known_as != NULL ? known_as : "(record deleted since)");
	fprintf(out, "\ton it since %.10s", since);
	if (until != NULL && until[0] != '\0')
		fprintf(out, " until %.10s", until);
	fputc('\n', out);
	return 0;
}

static int revoke_cmd(struct kw_opts *o, struct kw_err *err)
{
	struct kw_session *s = NULL;
	struct kw_laptop l;
	bool again = false;
	int rc = -1;

	if (o->argc != 2 || o->for_user != NULL || o->women != NULL || o->output != NULL)
		return kw_cli_usage(err, "outreach");
	if (kw_cli_open(o, &s, err) != 0)
		goto out;
	fflush(stdout);
	if (kw_outreach_revoke(s, o->argv[1], woman_line, stdout, &l, &again, err) != 0)
		goto out;
	fflush(stdout);
	if (again)
		fprintf(stderr,
			"keywork: laptop '%s' was revoked already, on %.10s; nothing changed.\n",
			l.name, l.revoked_at);
	else
		fprintf(stderr,
			"keywork: laptop '%s' (%s's) is revoked: its bundles are refused from now "
			"on. Above: every woman whose records were on it, and since when.\n",
			l.name, l.username);
	rc = 0;
out:
	kw_session_close(&s);
	return rc;
}

static int start_cmd(struct kw_opts *o, struct kw_err *err)
{
	struct kw_secret *pass = NULL;
	struct kw_outreach_started rep;
	char *dir = NULL;
	const char *user = kw_cli_user(o);
	int rc = -1;

	if (o->argc != 2 || o->for_user != NULL || o->women != NULL || o->output != NULL)
		return kw_cli_usage(err, "outreach");
	if (o->db == NULL)
		return kw_err_set(err, KW_EUSAGE,
				  "outreach start needs --db DIR: the laptop's new data directory");
	dir = kw_cli_dir(o);
	pass = kw_cli_read_pass(o->passfd, "Passphrase: ", err);
	if (pass == NULL)
		goto out;
	if (kw_outreach_start(o->argv[1], dir, user, pass, &rep, err) != 0)
		goto out;
	fprintf(stderr,
		"keywork: %s is the outreach laptop '%s' for '%s' (%s), under keys of its own.\n",
		dir, rep.name, user,
		rep.sensitive ? "both compartments" : "the general compartment only");
	say_counts(&rep.counts);
	rc = 0;
out:
	kw_secret_free(&pass);
	free(dir);
	return rc;
}

static int send_cmd(struct kw_opts *o, struct kw_err *err)
{
	struct kw_session *s = NULL;
	struct kw_outreach_sent rep;
	int rc = -1;

	if (o->argc != 1 || o->output == NULL || o->for_user != NULL || o->women != NULL)
		return kw_cli_usage(err, "outreach");
	if (kw_cli_open(o, &s, err) != 0)
		goto out;
	if (kw_outreach_send(s, o->to, o->output, &rep, err) != 0)
		goto out;
	fprintf(stderr, "keywork: bundle %lld %s '%s' is %s (%lld bytes).\n", rep.seq,
		o->to != NULL ? "for the laptop" : "from the laptop", rep.name, o->output,
		rep.bytes);
	say_counts(&rep.counts);
	rc = 0;
out:
	kw_session_close(&s);
	return rc;
}

static const char *women(long n)
{
	return n == 1 ? "woman" : "women";
}

/* What a receive did beyond taking records: what one side decided, carried out on the other. */
static void say_decided(const struct kw_outreach_received *r)
{
	const char *other = r->on_laptop ? "the centre" : "the laptop";

	if (r->redacted_out > 0)
		fprintf(stderr,
			"keywork: %ld change%s to an answer redacted here before %s knew %s not "
			"taken: a redaction is never undone by an older copy.\n",
			r->redacted_out, r->redacted_out == 1 ? "" : "s", other,
			r->redacted_out == 1 ? "was" : "were");
	if (r->redactions > 0)
		fprintf(stderr, "keywork: %ld redaction%s made at %s carried out here.\n",
			r->redactions, r->redactions == 1 ? "" : "s", other);
	if (r->decided > 0)
		fprintf(stderr,
			"keywork: %ld episode, closure, keep-apart flag or hold record%s taken as "
			"the centre has %s.\n",
			r->decided, r->decided == 1 ? "" : "s", r->decided == 1 ? "it" : "them");
	if (r->held_back > 0)
		fprintf(stderr,
			"keywork: %ld new record%s about a woman whose record is restricted here "
			"%s left in the bundle: the laptop sends %s again, and %s taken once the "
			"restriction is lifted.\n",
			r->held_back, r->held_back == 1 ? "" : "s",
			r->held_back == 1 ? "was" : "were", r->held_back == 1 ? "it" : "them",
			r->held_back == 1 ? "it is" : "they are");
	if (r->refused > 0)
		fprintf(stderr,
			"keywork: %ld new record%s refused here by %s form or a rule (keywork "
			"audit "
			"says which and why, outreach-refused): left in the bundle, and sent again "
			"by the other side until put right there or entered here by hand.\n",
			r->refused, r->refused == 1 ? "" : "s", r->refused == 1 ? "its" : "their");
	if (r->added > 0)
		fprintf(stderr, "keywork: %ld %s allocated to this laptop's user added to it.\n",
			r->added, women(r->added));
	if (r->removed > 0)
		fprintf(stderr,
			"keywork: %ld %s taken off this laptop (allocated away from its user, "
			"restricted to other staff, or deleted at the centre).\n",
			r->removed, women(r->removed));
	if (r->unsent > 0)
		fprintf(stderr,
			"keywork: %ld of them had changes made here that no bundle had carried "
			"to the centre: send before receiving, so that nothing is left behind.\n",
			r->unsent);
	if (r->leaving > 0)
		fprintf(stderr,
			"keywork: %ld %s allocated away from its user stay%s on this laptop until "
			"the centre has every change made here about %s: send, and %s leave%s at "
			"the next exchange.\n",
			r->leaving, women(r->leaving), r->leaving == 1 ? "s" : "",
			r->leaving == 1 ? "her" : "them", r->leaving == 1 ? "she" : "they",
			r->leaving == 1 ? "s" : "");
	if (r->peers_dropped > 0)
		fprintf(stderr,
			"keywork: %ld manager%s no longer at the centre (disabled there): %s "
			"signature is no longer taken here, nor are bundles sealed to %s.\n",
			r->peers_dropped, r->peers_dropped == 1 ? "" : "s",
			r->peers_dropped == 1 ? "her" : "their",
			r->peers_dropped == 1 ? "her" : "them");
	if (r->audit_rows > 0)
		fprintf(stderr,
			"keywork: %ld row%s of the laptop's own audit trail taken, as signed there "
			"(keywork audit lists %s after the centre's).\n",
			r->audit_rows, r->audit_rows == 1 ? "" : "s",
			r->audit_rows == 1 ? "it" : "them");
	if (r->gone > 0)
		fprintf(stderr, "keywork: %ld %s the laptop no longer holds, as it was told.\n",
			r->gone, women(r->gone));
}

static int receive_cmd(struct kw_opts *o, struct kw_err *err)
{
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	struct kw_outreach_received rep;
	int rc = -1;

	if (o->argc != 2 || o->output != NULL || o->for_user != NULL || o->women != NULL ||
	    o->to != NULL)
		return kw_cli_usage(err, "outreach");
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(o, &s, err) != 0)
		goto out;
	if (kw_outreach_receive(s, pack, o->argv[1], &rep, err) != 0)
		goto out;
	if (rep.again) {
		fprintf(stderr,
			"keywork: %s is bundle %lld of '%s', taken already; nothing changed.\n",
			o->argv[1], rep.seq, rep.name);
	} else {
		fprintf(stderr,
			"keywork: bundle %lld of '%s' taken: %ld new wom%s, %ld contact%s, %ld "
			"case "
			"note%s and %ld other record%s.\n",
			rep.seq, rep.name, rep.women, rep.women == 1 ? "an" : "en", rep.contacts,
			rep.contacts == 1 ? "" : "s", rep.notes, rep.notes == 1 ? "" : "s",
			rep.other, rep.other == 1 ? "" : "s");
		if (rep.edits > 0 || rep.conflicts > 0)
			fprintf(stderr,
				"keywork: %ld change%s to records both sides hold taken; %ld "
				"conflict%s (the same answer changed differently on both sides) "
				"kept "
				"beside %s record%s: keywork outreach conflicts lists them.\n",
				rep.edits, rep.edits == 1 ? "" : "s", rep.conflicts,
				rep.conflicts == 1 ? "" : "s", rep.conflicts == 1 ? "its" : "their",
				rep.conflicts == 1 ? "" : "s");
		if (rep.edits_left > 0)
			fprintf(stderr,
				"keywork: %ld change%s of answers no form here edits, that you may "
				"not edit, or of a record not here %s not taken.\n",
				rep.edits_left, rep.edits_left == 1 ? "" : "s",
				rep.edits_left == 1 ? "was" : "were");
		if (rep.untaken > 0)
			fprintf(stderr,
				"keywork: %ld record%s in it %s not taken: refused here, about a "
				"woman not on record or restricted here, or of a kind not carried "
				"from a laptop (see keywork(1), OUTREACH LAPTOPS); put right or "
				"enter by hand what is needed.\n",
				rep.untaken, rep.untaken == 1 ? "" : "s",
				rep.untaken == 1 ? "was" : "were");
		say_decided(&rep);
		for (size_t i = 0; i < rep.nrenamed; i++) {
			fputs("keywork: a new woman's reference was another woman's here: ",
			      stderr);
			put_clean(stderr, rep.renamed[i]);
			fputs(" (a new reference; tell the laptop's user)\n", stderr);
		}
		for (size_t i = 0; i < rep.nduplicates; i++) {
			fputs("keywork: possible duplicate: ", stderr);
			put_clean(stderr, rep.duplicates[i]);
			fputs(" (kept apart; check with her before merging)\n", stderr);
		}
	}
	rc = 0;
out:
	kw_session_close(&s);
	kw_form_pack_free(&pack);
	return rc;
}

/* A conflict's answer as keywork save writes it: the value, or its state in brackets. */
static const char *answer_shown(const char *value, const char *state)
{
	if (strcmp(state, "unknown") == 0)
		return "(unknown)";
	if (strcmp(state, "declined") == 0)
		return "(declined)";
	if (state[0] != '\0')
		return "(not asked)";
	return value != NULL ? value : "(none)";
}

static int conflict_line(void *ctx, const struct kw_conflict *c)
{
	FILE *out = ctx;

	fprintf(out, "%s\t", c->id);
	put_clean(out, c->reference[0] != '\0' ? c->reference : "-");
	fprintf(out, "\t%s %s\t", c->table, c->record_id);
	put_clean(out, c->field);
	fputs("\there: ", out);
	put_clean(out, answer_shown(c->kept_value, c->kept_state));
	fputs("\tother: ", out);
	put_clean(out, answer_shown(c->other_value, c->other_state));
	fputs("\tby ", out);
	put_clean(out, c->other_username[0] != '\0' ? c->other_username : c->other_by);
	fprintf(out, " at %s on ", c->other_at);
	put_clean(out, c->other_side[0] != '\0' ? c->other_side : c->other_device);
	fputc('\n', out);
	return 0;
}

static int conflicts_cmd(struct kw_opts *o, struct kw_err *err)
{
	struct kw_session *s = NULL;
	int rc = -1;

	if (o->argc != 1 || o->output != NULL || o->for_user != NULL || o->women != NULL ||
	    o->to != NULL)
		return kw_cli_usage(err, "outreach");
	if (kw_cli_open(o, &s, err) != 0)
		goto out;
	if (kw_outreach_conflicts(s, conflict_line, stdout, err) != 0)
		goto out;
	rc = 0;
out:
	kw_session_close(&s);
	return rc;
}

static int resolve_cmd(struct kw_opts *o, struct kw_err *err)
{
	struct kw_session *s = NULL;
	struct kw_form_pack *pack = NULL;
	bool take;
	int rc = -1;

	if (o->argc != 3 || o->output != NULL || o->for_user != NULL || o->women != NULL ||
	    o->to != NULL || (strcmp(o->argv[2], "keep") != 0 && strcmp(o->argv[2], "take") != 0))
		return kw_cli_usage(err, "outreach");
	take = strcmp(o->argv[2], "take") == 0;
	if (kw_cli_forms_load(&pack, err) != 0 || kw_cli_open(o, &s, err) != 0)
		goto out;
	if (kw_outreach_resolve(s, pack, o->argv[1], take, err) != 0)
		goto out;
	fprintf(stderr, "keywork: conflict %s settled: %s.\n", o->argv[1],
		take ? "the other side's value is saved here" : "the value here stays");
	rc = 0;
out:
	kw_session_close(&s);
	kw_form_pack_free(&pack);
	return rc;
}

int kw_cmd_outreach(int argc, char **argv, struct kw_err *err)
{
	struct kw_opts o;
	int rc = -1;

	if (kw_cli_parse_for("outreach", argc, argv, &o, err) != 0)
		goto out;
	if (o.argc < 1) {
		kw_cli_usage(err, "outreach");
		goto out;
	}
	if (strcmp(o.argv[0], "add") == 0)
		rc = add_cmd(&o, err);
	else if (strcmp(o.argv[0], "list") == 0)
		rc = list_cmd(&o, err);
	else if (strcmp(o.argv[0], "revoke") == 0)
		rc = revoke_cmd(&o, err);
	else if (strcmp(o.argv[0], "start") == 0)
		rc = start_cmd(&o, err);
	else if (strcmp(o.argv[0], "send") == 0)
		rc = send_cmd(&o, err);
	else if (strcmp(o.argv[0], "receive") == 0)
		rc = receive_cmd(&o, err);
	else if (strcmp(o.argv[0], "conflicts") == 0)
		rc = conflicts_cmd(&o, err);
	else if (strcmp(o.argv[0], "resolve") == 0)
		rc = resolve_cmd(&o, err);
	else
		kw_cli_usage(err, "outreach");
out:
	kw_cli_opts_free(&o);
	return rc;
}
