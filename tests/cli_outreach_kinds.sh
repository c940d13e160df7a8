#!/bin/bash
# cli_outreach_kinds.sh: every kind of record a keyworker writes on her record crosses between an
# outreach laptop and its centre, both ways, with the real binary and real files: children, linked
# people, advocacy items and their steps (a step that shares about her, with the disclosure it
# recorded), mentor matches, contact pauses, consents, disclosures, must-not-receive entries,
# criminal justice records (a court date, with the appointment it made), safety plans; from the
# laptop, closures and keep-apart flags too. Each arrives once, through its form and rules (the
# disclosure and the court appointment are not made a second time); an edit of different answers
# on each side both apply, the same answer edited differently is a conflict kept beside it. A
# closure the centre's rules refuse is said and left in the bundle. Sensitive kinds never go to a
# drop-in worker's laptop. keywork check stays clean on both sides.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
P3='saffron-glacier-pebble-osprey-lute'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/p3"
D=$T/centre
L=$T/laptop
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
kim() { "$KW" "$@" --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"; }
lap() { "$KW" "$@" --db "$L" --user ana --passphrase-fd 3 3<"$T/p1"; }
# count FILE TEXT: how many lines of FILE hold TEXT.
count() { grep -cF -- "$2" "$1"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add dee" -- kw user add dee --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
saved MONA -- kim save intake known_as=Mona-Kinds
saved NELL -- kim save intake known_as=Nell-Kinds
kw export clients -o "$T/c0.csv" >/dev/null 2>&1
ref() { grep ",$1," "$T/c0.csv" | cut -d, -f1; }
MREF=$(ref Mona-Kinds) NREF=$(ref Nell-Kinds)
# At the centre before the laptop is made: records of each kind both sides will hold and edit.
saved CCHILD -- kim save child --client "$MREF" known_as=Centre-child school=Centre-school
saved CITEM -- kim save advocacy_item --client "$MREF" agency=housing issue=Centre-issue
saved CPLAN -- kim save safety_plan --client "$MREF" made_on=2026-01-05 signal=Centre-signal
saved EP -- kim save referral --client "$NREF" referral_source=self programme=community
saved NTASK -- kim save task --client "$NREF" title=Open-task
saved EP2 -- kim save referral --client "$MREF" referral_source=self programme=community
saved CKA -- kim save keep_apart --client "$NREF" other_reference="$MREF" noted_on=2026-01-02
expect 0 "kim's laptop" -- kw outreach add ana-laptop --for ana --women "$MREF,$NREF" -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user ana --passphrase-fd 3 3<"$T/p1"

# --- offline on the laptop: a record of each kind, and edits of records both sides hold ---
saved LPERSON -- lap save person --client "$MREF" name=Laptop-person relationship=sister
saved LCHILD -- lap save child --client "$MREF" known_as=Laptop-child school=Laptop-school
saved LITEM -- lap save advocacy_item --client "$MREF" agency=social_care issue=Laptop-issue
# A step that shares about her without consent on record: it records a disclosure with it.
saved LSTEP -- lap save advocacy_step --under "$LITEM" --yes step=contacted shares_info=yes summary=Laptop-step
saved LMENTOR -- lap save mentor_match --client "$MREF" mentor_name=Laptop-mentor
saved LPAUSE -- lap save contact_pause --client "$MREF" reason=away starts_on=2026-02-01
saved LCONSENT -- lap save consent --client "$MREF" purpose=share_with_agency agency=housing decision=given
saved LNOSHARE -- lap save no_share --client "$MREF" agency=adult_social_care noted_on=2026-02-01
saved LCOURT -- lap save justice --client "$MREF" kind=court happened_on=2026-06-01 at_time=10:00 court=Laptop-court
saved LSAFE -- lap save safety_plan --client "$MREF" made_on=2026-02-02 signal=Laptop-signal
saved LKA -- lap save keep_apart --client "$MREF" other_reference="$NREF"
# Closing Nell's episode on the laptop (she has an open task: asked, and answered yes).
saved LCLOSE -- lap save closure --under "$EP" --yes reason=her_request her_wish=Laptop-wish
# Mona's episode closed on both sides: the laptop's closure is refused at the centre, and said.
saved LCLOSE2 -- lap save closure --under "$EP2" --yes reason=her_request her_wish=Laptop-second-wish
saved CCLOSE2 -- kim save closure --under "$EP2" --yes reason=her_request her_wish=Centre-second-wish
# A keep-apart flag both sides hold, ended on the laptop.
expect 0 "laptop: the flag ended" -- lap save keep_apart --record "$CKA" ended_on=2026-02-07
# Edits of records both sides hold: different answers, and one the same answer differently.
expect 0 "laptop: the child's school" -- lap save child --record "$CCHILD" school=Laptop-edit-school
expect 0 "laptop: the item's professional" -- lap save advocacy_item --record "$CITEM" professional=Laptop-prof
expect 0 "laptop: the plan's signal" -- lap save safety_plan --record "$CPLAN" signal=Laptop-plan-signal
expect 0 "laptop: the item's day due" -- lap save advocacy_item --record "$CITEM" due_on=2026-04-01
expect 0 "centre: the child's date of birth" -- kim save child --record "$CCHILD" date_of_birth=2019-03-04
expect 0 "centre: the item's issue" -- kim save advocacy_item --record "$CITEM" issue=Centre-issue-edit
expect 0 "centre: the plan's signal" -- kim save safety_plan --record "$CPLAN" signal=Centre-plan-signal
expect 0 "centre: the item's day due" -- kim save advocacy_item --record "$CITEM" due_on=2026-05-01
# At the centre meanwhile, new records of these kinds for the laptop to take.
saved CCHILD2 -- kim save child --client "$NREF" known_as=Centre-child-two
saved CSTEP -- kim save advocacy_step --under "$CITEM" step=letter summary=Centre-step
saved CPAUSE -- kim save contact_pause --client "$NREF" reason=hospital starts_on=2026-02-03
saved CCONSENT -- kim save consent --client "$NREF" purpose=referral decision=given
saved CPERSON -- kim save person --client "$NREF" name=Centre-person
saved CMENTOR -- kim save mentor_match --client "$NREF" mentor_name=Centre-mentor
saved CNOSHARE -- kim save no_share --client "$NREF" person=Centre-nosharer noted_on=2026-02-03
saved CCOURT -- kim save justice --client "$NREF" kind=court happened_on=2026-07-01 at_time=11:00 court=Centre-court
saved CSAFE -- kim save safety_plan --client "$NREF" made_on=2026-02-04 signal=Centre-nell-signal

# --- the laptop sends, the centre receives ---
expect 0 "send from the laptop" -- lap outreach send -o "$T/back1.kwx"
for m in Laptop-person Laptop-child Laptop-issue Laptop-court Laptop-signal Laptop-wish; do
	grep -qaF "$m" "$T/back1.kwx" && bad "the bundle holds '$m' in the clear" || ok
done
expect 0 "receive at the centre" -- kw outreach receive "$T/back1.kwx"
cp "$T/err" "$T/recv1"
has "$T/err" "1 new record refused here by its form or a rule" "the second closure is refused, and said"
has "$T/err" "1 record in it was not taken" "and counted as left behind"
has "$T/err" "2 conflicts" "the plan's signal and the item's day due, changed differently on both sides"
expect 0 "Mona's record at the centre" -- kw sar --client "$MREF" -o "$T/sar-m"
S=$T/sar-m/sar.txt
for m in Laptop-person Laptop-child Laptop-school Laptop-issue Laptop-step Laptop-mentor \
	Laptop-court Laptop-signal; do
	has "$S" "$m" "the laptop's $m arrived"
done
has "$S" "Children's social care" "the step's disclosure arrived"
[ "$(count "$S" "Advocacy step: Contacted the agency (Laptop-issue)")" = 1 ] && ok || bad "the step's disclosure once, not made again at the centre"
has "$S" "contact pause: 1" "the pause arrived"
has "$S" "consent: 1" "the consent arrived"
has "$S" "must-not-receive entry: 1" "the must-not-receive entry arrived"
has "$S" "keep-apart flag: 1" "the keep-apart flag arrived"
hasnt "$S" "Laptop-second-wish" "the refused closure is not taken"
has "$S" "Centre-second-wish" "the centre's stands"
has "$S" "Laptop-edit-school" "the laptop's edit of the child's school was taken"
has "$S" "2019-03-04" "and the centre's date of birth kept"
has "$S" "Laptop-prof" "the laptop's edit of the item's professional was taken"
has "$S" "Centre-issue-edit" "and the centre's edit of its issue kept"
has "$S" "Centre-plan-signal" "the centre's signal stays"
hasnt "$S" "Laptop-plan-signal" "the laptop's is not written over it"
has "$S" "  appointment: 1" "the court date's appointment once, not a second made at the centre"
expect 0 "Nell's record at the centre" -- kw sar --client "$NREF" -o "$T/sar-n"
has "$T/sar-n/sar.txt" "Laptop-wish" "the closure arrived"
has "$T/sar-n/sar.txt" "2026-02-07" "the flag's end arrived"
expect 0 "conflicts at the centre" -- kw outreach conflicts
has "$T/out" "signal	here: Centre-plan-signal	other: Laptop-plan-signal	by ana" "the signal's conflict"
has "$T/out" "due_on	here: 2026-05-01	other: 2026-04-01	by ana" "the day due's conflict"
expect 0 "the audit" -- kw audit
cp "$T/out" "$T/audit1"
has "$T/out" "advocacy_step added $LSTEP" "the step went in as a form save, with its id"
has "$T/out" "closure added $LCLOSE" "the closure too"
has "$T/out" "outreach-refused" "the refusal is in her audit trail"
grep "outreach-refused" "$T/out" | grep -qF "$LCLOSE2" && ok || bad "naming the closure"
grep -v '^ana-laptop:' "$T/out" | grep -qF "(with advocacy_step" && bad "a disclosure made again at the centre" || ok
has "$T/out" "disclosure added $(grep -F "(with advocacy_step $LSTEP)" "$T/out" | sed 's/.*disclosure added \([^ ]*\) .*/\1/')" "the laptop's disclosure went in with its own id"
expect 0 "check at the centre" -- kw check

# The same bundle again changes nothing; a second exchange carries nothing twice.
expect 0 "the same bundle again" -- kw outreach receive "$T/back1.kwx"
has "$T/err" "taken already; nothing changed" "said so"

# --- the centre sends, the laptop receives ---
expect 0 "send to the laptop" -- kw outreach send --to ana-laptop -o "$T/out1.kwx"
expect 0 "receive on the laptop" -- lap outreach receive "$T/out1.kwx"
hasnt "$T/err" "not taken" "nothing left behind on the laptop"
expect 0 "Nell's record on the laptop" -- lap sar --client "$NREF" -o "$T/lsar-n"
has "$T/lsar-n/sar.txt" "Centre-child-two" "the centre's child arrived"
has "$T/lsar-n/sar.txt" "contact pause: 1" "the centre's pause arrived"
has "$T/lsar-n/sar.txt" "consent: 1" "the centre's consent arrived"
for m in Centre-person Centre-mentor Centre-nosharer Centre-court Centre-nell-signal; do
	has "$T/lsar-n/sar.txt" "$m" "the centre's $m arrived"
done
has "$T/lsar-n/sar.txt" "  appointment: 1" "the court date's appointment once on the laptop, not made again"
expect 0 "Mona's record on the laptop" -- lap sar --client "$MREF" -o "$T/lsar-m"
L2=$T/lsar-m/sar.txt
has "$L2" "Centre-step" "the centre's step arrived"
has "$L2" "2019-03-04" "the centre's date of birth arrived"
has "$L2" "Centre-issue-edit" "the centre's issue arrived"
[ "$(count "$L2" "Laptop-person")" = "$(count "$S" "Laptop-person")" ] && ok || bad "the laptop's own records are not doubled"
[ "$(count "$L2" "Advocacy step: Contacted the agency (Laptop-issue)")" = 1 ] && ok || bad "the disclosure once on the laptop"
expect 0 "conflicts on the laptop" -- lap outreach conflicts
has "$T/out" "signal	here: Laptop-plan-signal	other: Centre-plan-signal	by kim" "the signal's conflict on the laptop"
has "$T/out" "due_on	here: 2026-04-01	other: 2026-05-01	by kim" "the day due's conflict on the laptop"
expect 0 "check on the laptop" -- lap check

# Another round: nothing new is taken, and nothing is left behind.
expect 0 "send again" -- lap outreach send -o "$T/back2.kwx"
expect 0 "receive again" -- kw outreach receive "$T/back2.kwx"
has "$T/err" "0 new women, 0 contacts, 0 case notes and 0 other records" "nothing taken twice"
has "$T/err" "1 record in it was not taken" "only the refused closure left behind, sent again"
hasnt "$T/err" "conflict" "no conflict raised again"
expect 0 "check at the centre" -- kw check

# Police put on her must-not-receive list at the centre while, on the laptop, a step shares about
# her with them: the step, and the disclosure recorded with it, are refused at the centre by the
# same rule as a screen's, and said; the rest of the bundle goes in, and the receive succeeds.
saved CNOPOL -- kim save no_share --client "$MREF" agency=police noted_on=2026-03-01
saved LPOL -- lap save advocacy_item --client "$MREF" agency=police issue=Laptop-police-issue
saved LPOLSTEP -- lap save advocacy_step --under "$LPOL" --yes step=contacted shares_info=yes summary=Laptop-police-step
saved LAFTER -- lap save strength --client "$MREF" description=Laptop-after-police noted_on=2026-03-02
expect 0 "send" -- lap outreach send -o "$T/back3.kwx"
expect 0 "receive at the centre: taken, with two refused" -- kw outreach receive "$T/back3.kwx"
has "$T/err" "2 other records" "the item and the strength taken"
has "$T/err" "3 new records refused here by their form or a rule" "the step, its disclosure (and the closure again) refused, and said"
expect 0 "Mona's record at the centre" -- kw sar --client "$MREF" -o "$T/sar-m3"
has "$T/sar-m3/sar.txt" "Laptop-after-police" "the rest went in"
hasnt "$T/sar-m3/sar.txt" "Laptop-police-step" "not the step"
expect 0 "the audit" -- kw audit --client "$MREF"
grep "outreach-refused" "$T/out" | grep -qF "must not receive information" && ok || bad "the disclosure's refusal names the rule"
expect 0 "check at the centre" -- kw check
# A drop-in worker's laptop takes none of the sensitive kinds (she holds no key to them): of
# Mona's records only her general ones go (2 children, 3 advocacy items, 2 steps, a mentor
# match, a pause, a strength, an episode and its closure; the court date's appointment among
# appointments).
expect 0 "dee's laptop with Mona" -- kw outreach add dee-laptop --for dee --women "$MREF" -o "$T/dee.kwx"
has "$T/err" "1 woman, 0 contacts, 0 case notes, 0 tasks, 1 appointment and 12 other records" "no case note, person, consent, disclosure, must-not-receive entry, court record or safety plan"
saved CPLAN2 -- kim save safety_plan --client "$MREF" made_on=2026-03-01 signal=Dee-must-not-see
expect 0 "send to dee's laptop" -- kw outreach send --to dee-laptop -o "$T/dee2.kwx"
has "$T/err" "1 woman, 0 contacts, 0 case notes, 0 tasks, 1 appointment and 12 other records" "the new safety plan does not go"
expect 0 "start dee's laptop" -- "$KW" outreach start "$T/dee.kwx" --db "$T/dee" --user dee --passphrase-fd 3 3<"$T/p3"
expect 0 "dee's laptop receives" -- "$KW" outreach receive "$T/dee2.kwx" --db "$T/dee" --user dee --passphrase-fd 3 3<"$T/p3"
finish
