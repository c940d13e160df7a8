#!/bin/bash
# cli_rules.sh: the rules of the work hold on the command line as on the
# screens, because both go in through kw_form_save: each of the six rules
# (a task done needs its outcome, a pause can't end before it starts, one open
# plan per pathway, a way she did not mark safe needs a reason, consent before
# a step that shares about her, closing rules) refuses `keywork save` with its
# plain message and nothing saved; a rule's question needs --yes (exit 75
# without it); a step that shares records its disclosure; and forms check locates a required_when or not_before that
# names no field.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
printf '%s\n' "$P1" >"$T/p1"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
# saves KIND: how many records of KIND were added (the audit lists every save).
saves() { kw audit 2>/dev/null | grep -c "form-save.* $1 added" || true; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
saved W -- kw save intake known_as=Jo safe_channels=text

# --- 1. a task marked done needs what came of it (forms/task.yaml: required_when) ---
expect 65 "a task done without its outcome" -- kw save task --client "$W" title=Voucher status=done
has "$T/err" "Say what came of it before marking it done." "its plain message"
has "$T/err" "nothing was saved" "and nothing saved"
saved TASK -- kw save task --client "$W" title=Voucher status=done done_on=2024-03-01 outcome="Voucher given"
expect 65 "a task marked done later, still without its outcome" -- \
	kw save task --record "$TASK" outcome=
has "$T/err" "Say what came of it before marking it done." "the same message on an edit"

# --- 2. a pause can't end before it starts (forms/contact-pause.yaml: not_before) ---
expect 65 "a pause ending before it starts" -- \
	kw save contact_pause --client "$W" reason=hospital starts_on=2024-03-10 ends_on=2024-03-01
has "$T/err" "The pause can't end before it starts." "its plain message"
saved PAUSE -- kw save contact_pause --client "$W" reason=hospital starts_on=2024-03-01 ends_on=2024-03-10

# --- 3. one open plan per pathway (src/app/rules.c) ---
saved PLAN -- kw save support_plan --client "$W" pathway=accommodation opened_on=2021-02-03
expect 65 "a second open Accommodation plan" -- kw save support_plan --client "$W" pathway=accommodation
has "$T/err" "Her Accommodation plan is still open (since 03/02/2021): add to it, or close it first." "its plain message"
saved PLAN2 -- kw save support_plan --client "$W" pathway=finance_benefits_debt

# --- 4. a way she did not mark safe needs a reason ---
expect 65 "a phone call when only text is marked safe" -- kw save contact --client "$W" mode=phone outcome=made
has "$T/err" "Phone call is not one of the ways she marked safe: choose another way, or say why it had to be this one." "its plain message"
saved C1 -- kw save contact --client "$W" mode=phone outcome=made channel_override="She rang from a new number"
saved C2 -- kw save contact --client "$W" mode=text outcome=made
expect 65 "a reason given for a way that is safe" -- \
	kw save contact --client "$W" mode=text outcome=made channel_override="no need"
has "$T/err" "is fine for her: no reason is needed" "is not kept"
expect 0 "she asks never to get letters" -- kw save intake --record "$W" never_contact_via="letters"
expect 65 "a letter when she asked for none" -- kw save contact --client "$W" mode=letter outcome=attempted
has "$T/err" "She asked never to be contacted this way (\"letters\")" "her own words"
# Going against what she asked needs a real reason, not a letter; kept and exported with it.
expect 65 "a letter she asked never to get, with one letter for a reason" -- \
	kw save contact --client "$W" mode=letter outcome=attempted channel_override=x
has "$T/err" "say in a few words why it had to be this one" "a real reason is asked for"
expect 65 "... or two short words" -- \
	kw save contact --client "$W" mode=letter outcome=attempted channel_override="ok ok"
saved C3 -- kw save contact --client "$W" mode=letter outcome=attempted \
	channel_override="Court papers must go by post; her solicitor asked"
expect 0 "contacts exported" -- kw export contacts -o "$T/contacts.csv"
has "$T/contacts.csv" "channel_safety,channel_override" "the export has the judgement and the reason"
has "$T/contacts.csv" "never,Court papers must go by post; her solicitor asked" "with the override kept as said"
has "$T/contacts.csv" "not_marked,She rang from a new number" "and a way not marked safe, with its reason"
expect 77 "the judgement is keywork's, not typed" -- \
	kw save contact --client "$W" mode=text outcome=made channel_safety=safe

# --- 5. consent before a step that shares about her: a question, answered by --yes ---
saved ITEM -- kw save advocacy_item --client "$W" agency=housing issue="Priority need decision"
expect 75 "a step sharing with no consent on record, without --yes" -- \
	kw save advocacy_step --under "$ITEM" step=chased shares_info=yes
has "$T/err" "No consent to share with Housing is recorded" "its plain message"
has "$T/err" "Nothing was saved; --yes saves it anyway" "and how to go ahead"
saved STEP -- kw save advocacy_step --under "$ITEM" step=chased shares_info=yes --yes
saved STEP2 -- kw save advocacy_step --under "$ITEM" step=chased shares_info=no
# Sharing records a disclosure with the step, in its save: the one shared
# without consent (and only that one: the unconfirmed try and a step that
# shares nothing record none), then one on her consent.
[ "$(saves 'disclosure')" = 1 ] && ok || bad "disclosures after the steps: $(saves 'disclosure')"
kw audit 2>/dev/null | grep -q "disclosure added .* (with advocacy_step $STEP)" && ok ||
	bad "the disclosure is not recorded with the step shared without consent"
saved CONSENT -- kw save consent --client "$W" purpose=share_with_agency agency=housing decision=given
saved STEP3 -- kw save advocacy_step --under "$ITEM" step=chased shares_info=yes
kw audit 2>/dev/null | grep -q "disclosure added .* (with advocacy_step $STEP3)" && ok ||
	bad "the disclosure is not recorded with the step shared on her consent"
# Someone on her must-not-receive list: refused, and nothing disclosed.
saved NOSHARE -- kw save no_share --client "$W" agency=police
saved ITEM2 -- kw save advocacy_item --client "$W" agency=police issue="Property returned"
expect 65 "a step sharing with an agency she named" -- \
	kw save advocacy_step --under "$ITEM2" step=chased shares_info=yes --yes
has "$T/err" "must not receive information about her" "its plain message"
[ "$(saves 'disclosure')" = 2 ] && ok || bad "disclosures at the end: $(saves 'disclosure')"

# --- 6. closing rules: never for non-engagement; her wish in her words ---
saved EP -- kw save referral --client "$W" referral_source=self programme=community
expect 65 "closing for non-engagement" -- kw save closure --under "$EP" reason=non_engagement
has "$T/err" "A case is never closed because she has not engaged or attended" "its plain message"
expect 65 "closing at her wish without her words" -- kw save closure --under "$EP" reason=her_request
has "$T/err" "Write what she asked for, in her words." "her words are asked for"
# "Other" needs the words, and the words are read too.
expect 65 "closing for Other with no words" -- kw save closure --under "$EP" reason=other
has "$T/err" "Say why it is closing, in a few words: \"Other\" needs the reason written down." "its plain message"
expect 65 "... or one letter" -- kw save closure --under "$EP" reason=other other_reason=x
expect 65 "... or non-engagement in other words" -- \
	kw save closure --under "$EP" reason=other other_reason="She stopped coming to the centre"
has "$T/err" "A case is never closed because she has not engaged or attended" "is still refused"
# Closing asks first about what is open for her: here, the advocacy item above.
expect 75 "closing with an advocacy item open, without --yes" -- \
	kw save closure --under "$EP" reason=her_request her_wish="I need a break"
has "$T/err" "She still has 2 open advocacy items. Close anyway?" "the question names what is open"
saved CLOSED -- kw save closure --under "$EP" reason=her_request her_wish="I need a break" --yes
expect 65 "closing it twice" -- kw save closure --under "$EP" reason=moved_away
has "$T/err" "This episode closed on" "a closed episode does not close again"

# --- 7. a risk level raised by professional judgement needs the reasons ---
expect 65 "judgement raises the level with no reason" -- \
	kw save risk_checklist --client "$W" professional_judgement=high
has "$T/err" "Raising the level to High (the score of 0 gives Standard) needs your reasons, in a few words." "its plain message"
expect 65 "... or one letter for a reason" -- \
	kw save risk_checklist --client "$W" professional_judgement=high judgement_reasons=x
saved RISK -- kw save risk_checklist --client "$W" professional_judgement=high \
	judgement_reasons="He has found her new address and made threats"
# Judgement that agrees with the score needs nothing more; it can never lower it.
saved RISK2 -- kw save risk_checklist --client "$W" professional_judgement=standard
expect 65 "the score is keywork's, not typed" -- \
	kw save risk_checklist --client "$W" score=3
has "$T/err" "Score can't be changed by your role" "no role sets the score"

# Every refusal saved nothing: only the saves that succeeded are in the audit.
[ "$(saves 'task')" = 1 ] && ok || bad "task saves: $(saves 'task')"
[ "$(saves 'contact')" = 3 ] && ok || bad "contact saves: $(saves 'contact')"
[ "$(saves 'closure')" = 1 ] && ok || bad "closure saves: $(saves 'closure')"
[ "$(saves 'risk_checklist')" = 2 ] && ok || bad "risk saves: $(saves 'risk_checklist')"
[ "$(saves 'support_plan')" = 2 ] && ok || bad "plan saves: $(saves 'support_plan')"

# Usage: a question's exit status is not a refusal's, and bad arguments are 64.
expect 64 "no form" -- kw save
expect 64 "not KEY=VALUE" -- kw save task --client "$W" title
expect 64 "an unknown form" -- kw save nonsense --client "$W"
expect 64 "a new task needs her" -- kw save task title=x

finish
