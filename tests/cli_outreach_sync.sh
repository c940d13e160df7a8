#!/bin/bash
# cli_outreach_sync.sh: work done on an outreach laptop reaches the centre and the centre's work
# reaches the laptop, with the real binary and real files. kim works offline (a contact, an
# attempt, a note, a task, an appointment, a new woman, one who looks like a woman already on
# record) while the centre writes too; outreach send / receive carry each new record across once,
# with its id and who wrote it, through the same rules as a screen; both sides end with every
# record and keywork check clean. Refused, changing no record: a changed byte, an older bundle, a
# bundle for another laptop or centre or going the other way, one from a revoked laptop (77).
# Receiving the same bundle again changes nothing. (Every sign-in adds its own audit row, so
# "nothing changed" is checked on the records, the registry and the audit without sign-ins.)
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
D=$T/centre
L=$T/laptop
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
kim() { "$KW" "$@" --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"; }
lap() { "$KW" "$@" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
saved MONA -- kim save intake known_as=Mona date_of_birth=1990-01-02
saved NELL -- kim save intake known_as=Nell
saved OLIVE -- kim save intake known_as=Olive
kw export clients -o "$T/c0.csv" >/dev/null 2>&1
MREF=$(grep ',Mona,' "$T/c0.csv" | cut -d, -f1)
NREF=$(grep ',Nell,' "$T/c0.csv" | cut -d, -f1)
OREF=$(grep ',Olive,' "$T/c0.csv" | cut -d, -f1)
expect 0 "kim's laptop" -- kw outreach add kim-laptop --for kim -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"

# --- a week offline on the laptop, and at the centre meanwhile ---
saved LC1 -- lap save contact --client "$MREF" happened_at=2026-02-03T10:00:00Z mode=centre outcome=made summary=Laptop-contact
saved LC2 -- lap save contact --client "$NREF" happened_at=2026-02-04T11:00:00Z mode=centre outcome=attempted
saved LN1 -- lap save note --client "$MREF" body="Laptop-note-marker"
saved LT1 -- lap save task --client "$MREF" title="Laptop bus pass"
saved LA1 -- lap save appointment --client "$NREF" starts_at=2026-03-01T10:00 kind=court
saved PIA -- lap save intake known_as=Piazza-Laptopwoman
saved MONA2 -- lap save intake known_as=Mona date_of_birth=1990-01-02
# A keep-apart flag (a decision made on the laptop) travels too.
saved LS1 -- lap save keep_apart --client "$MREF" other_reference="$NREF"
# Kinds that travel besides: an episode, a support plan, a strength and an outcome score.
saved LE1 -- lap save referral --client "$NREF" referral_source=self programme=community
saved LP1 -- lap save support_plan --client "$NREF" pathway=accommodation goals="Laptop-plan-goal"
saved LG1 -- lap save strength --client "$MREF" description="Laptop-strength" noted_on=2026-02-03
saved LO1 -- lap save outcome_ladder --client "$MREF" pathway=accommodation scored_on=2026-02-03 score=3
saved LR1 -- lap save risk_checklist --client "$MREF" professional_judgement=high judgement_reasons="Laptop risk reason, he found her new address"
lap export clients -o "$T/lap-c.csv" >/dev/null 2>&1
PREF=$(grep ',Piazza-Laptopwoman,' "$T/lap-c.csv" | cut -d, -f1)
saved CC1 -- kw save contact --client "$MREF" happened_at=2026-02-05T09:00:00Z mode=centre outcome=made summary=Centre-contact
saved CN1 -- kw save note --client "$NREF" body="Centre-note-marker"

# --- the laptop sends, the centre receives ---
expect 64 "a laptop sends to its centre, not --to" -- lap outreach send --to kim-laptop -o "$T/x.kwx"
expect 0 "send from the laptop" -- lap outreach send -o "$T/back1.kwx"
has "$T/err" "bundle 1 from the laptop 'kim-laptop'" "said which"
for m in Laptop-note-marker Laptop-contact Piazza-Laptopwoman "Laptop bus pass"; do
	grep -qaF "$m" "$T/back1.kwx" && bad "the bundle holds '$m' in the clear" || ok
done
[ "$(stat -c %a "$T/back1.kwx")" = 600 ] && ok || bad "the bundle is 0600"
expect 0 "receive at the centre" -- kw outreach receive "$T/back1.kwx"
has "$T/err" "bundle 1 of 'kim-laptop' taken: 2 new women, 2 contacts, 1 case note and 8 other records" "the summary"
has "$T/err" "possible duplicate" "the second Mona is flagged"
hasnt "$T/err" "not taken" "nothing left behind"
has "$T/err" "$MREF" "as maybe the first"
[ "$(ls "$D" | grep -c outreach-in)" = 0 ] && ok || bad "no temporary file left at the centre"
expect 0 "contacts at the centre" -- kw export contacts -o "$T/c-k.csv"
has "$T/c-k.csv" "Laptop-contact" "the laptop's contact arrived"
has "$T/c-k.csv" "$NREF,2026-02-04T11:00:00Z,centre,attempted" "and its attempt"
has "$T/c-k.csv" "Centre-contact" "the centre's own is still there"
[ "$(grep -c 'Laptop-contact' "$T/c-k.csv")" = 1 ] && ok || bad "once"
expect 0 "notes at the centre" -- kw export notes -o "$T/c-n.csv"
has "$T/c-n.csv" "Laptop-note-marker" "the laptop's note arrived"
expect 0 "women at the centre" -- kw export clients -o "$T/c-c.csv"
has "$T/c-c.csv" "$PREF,Piazza-Laptopwoman" "Pia arrived as herself, with her reference"
[ "$(grep -c ',Mona,' "$T/c-c.csv")" = 2 ] && ok || bad "the second Mona is kept apart, not merged"
expect 0 "her history at the centre" -- kw audit --client "$MREF"
expect 0 "Mona's record at the centre" -- kw sar --client "$MREF" -o "$T/sar-m"
has "$T/sar-m/sar.txt" "Laptop-strength" "the laptop's strength arrived"
has "$T/sar-m/sar.txt" "keep-apart flag: 1" "and its keep-apart flag"
grep -A3 "^outcome score" "$T/sar-m/sar.txt" | grep -q "2026-02-03" && ok || bad "and its outcome score"
has "$T/sar-m/sar.txt" "Laptop risk reason, he found her new address" "and its risk assessment"
expect 0 "Nell's record at the centre" -- kw sar --client "$NREF" -o "$T/sar-n"
has "$T/sar-n/sar.txt" "Laptop-plan-goal" "the laptop's support plan arrived"
grep -q "^episode" "$T/sar-n/sar.txt" && ok || bad "and its episode"
expect 0 "the audit" -- kw audit
has "$T/out" "outreach-possible-duplicate" "the flag is in the audit"
has "$T/out" "contact added $LC1" "the contact went in as a form save, with its id"
has "$T/out" "outreach-receive" "the receive is audited"
expect 0 "Pia is on the laptop's list now" -- kw outreach list
has "$T/out" "kim-laptop	kim	5 women" "five women on it"
expect 0 "check at the centre" -- kw check

# The same bundle again changes nothing.
state kw "$T/before"
expect 0 "the same bundle again" -- kw outreach receive "$T/back1.kwx"
has "$T/err" "taken already; nothing changed" "said so"
state kw "$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "nothing changed by the same bundle again"

# --- the centre sends, the laptop receives ---
expect 0 "send to the laptop" -- kw outreach send --to kim-laptop -o "$T/out1.kwx"
expect 0 "receive on the laptop" -- lap outreach receive "$T/out1.kwx"
has "$T/err" "1 contact, 1 case note" "the centre's contact and note"
expect 0 "notes on the laptop" -- lap export contacts -o "$T/l-k.csv"
has "$T/l-k.csv" "Centre-contact" "the centre's contact arrived"
[ "$(grep -c 'Laptop-contact' "$T/l-k.csv")" = 1 ] && ok || bad "the laptop's own is not doubled"
expect 0 "check on the laptop" -- lap check
expect 0 "list on the laptop" -- lap outreach list
has "$T/out" "kim-laptop	this laptop, of centre" "says which laptop it is"
has "$T/out" "last bundle taken 2, sent 1" "and its bundles"
expect 0 "the same again on the laptop" -- lap outreach receive "$T/out1.kwx"
has "$T/err" "taken already" "said so"

# A woman erased at the centre is not brought back by the laptop's work about her.
expect 0 "Olive erased at her request" -- kw erase --client "$OREF" --yes
expect 0 "the laptop still writes about her" -- lap save contact --client "$OREF" happened_at=2026-02-07T10:00:00Z mode=centre outcome=made summary=Olive-after
expect 0 "send" -- lap outreach send -o "$T/back-olive.kwx"
expect 0 "receive: taken, but not her contact" -- kw outreach receive "$T/back-olive.kwx"
has "$T/err" "1 record in it was not taken" "her contact is said to be left behind"
expect 0 "women at the centre" -- kw export clients -o "$T/c-o.csv"
hasnt "$T/c-o.csv" "Olive" "she is not brought back"
expect 0 "contacts at the centre" -- kw export contacts -o "$T/c-ok.csv"
hasnt "$T/c-ok.csv" "Olive-after" "nor her contact"
expect 0 "check" -- kw check

# --- refusals: nothing changes ---
expect 0 "a second bundle from the laptop" -- lap save contact --client "$MREF" happened_at=2026-02-06T10:00:00Z mode=centre outcome=made summary=Second
expect 0 "send 2" -- lap outreach send -o "$T/back2.kwx"
expect 0 "send 3" -- lap outreach send -o "$T/back3.kwx"
cp "$T/back3.kwx" "$T/tampered.kwx"
size=$(stat -c %s "$T/tampered.kwx")
# One byte changed (to another value, never the one it had).
byte=$(dd if="$T/tampered.kwx" bs=1 skip=$((size / 2)) count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "\\$(printf %03o $(((byte + 1) % 256)))" | dd of="$T/tampered.kwx" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
cmp -s "$T/back3.kwx" "$T/tampered.kwx" && bad "the byte was not changed" || ok
state kw "$T/before"
expect 65 "a changed byte" -- kw outreach receive "$T/tampered.kwx"
has "$T/err" "changed after it was signed" "said so"
state kw "$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "a changed byte changed nothing"
expect 0 "bundle 3" -- kw outreach receive "$T/back3.kwx"
state kw "$T/before"
# (the check itself can fail: a receive that takes something changes the state)
cmp -s "$T/before" "$T/after" && bad "the state did not see bundle 3 taken" || ok
expect 65 "an older bundle after a newer one" -- kw outreach receive "$T/back2.kwx"
has "$T/err" "is bundle 3 from the laptop 'kim-laptop', but 4 was taken already" "said so"
expect 65 "a bundle going the other way" -- kw outreach receive "$T/out1.kwx"
expect 65 "on the laptop, one of its own" -- lap outreach receive "$T/back3.kwx"
state kw "$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "the refusals changed nothing at the centre"

# Another laptop and another centre.
expect 0 "ana's laptop" -- kw outreach add ana-laptop --for ana --women "$NREF" -o "$T/ana.kwx"
A=$T/ana-laptop
expect 0 "start it" -- "$KW" outreach start "$T/ana.kwx" --db "$A" --user ana --passphrase-fd 3 3<"$T/p1"
expect 0 "send to kim's laptop" -- kw outreach send --to kim-laptop -o "$T/out2.kwx"
state "eval $KW --db $A --user ana --passphrase-fd 3 3<$T/p1" "$T/abefore"
expect 65 "kim's bundle on ana's laptop" -- "$KW" outreach receive "$T/out2.kwx" --db "$A" --user ana --passphrase-fd 3 3<"$T/p1"
has "$T/err" "is not for this laptop ('ana-laptop'" "said whose it is"
state "eval $KW --db $A --user ana --passphrase-fd 3 3<$T/p1" "$T/aafter"
cmp -s "$T/abefore" "$T/aafter" && ok || bad "ana's laptop unchanged"
D2=$T/other
expect 0 "another centre" -- "$KW" init --db "$D2" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 65 "kim's bundle at another centre" -- "$KW" outreach receive "$T/back3.kwx" --db "$D2" --user ana --passphrase-fd 3 3<"$T/p1"
has "$T/err" "another centre's laptop" "said so"

# A revoked laptop's bundle: 77, nothing changed.
expect 0 "one more from the laptop" -- lap outreach send -o "$T/back4.kwx"
expect 0 "revoke" -- kw outreach revoke kim-laptop
state kw "$T/before"
expect 77 "from a revoked laptop" -- kw outreach receive "$T/back4.kwx"
has "$T/err" "revoked on" "said so"
state kw "$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "a revoked laptop's bundle changed nothing"
expect 77 "nothing is sent to a revoked laptop" -- kw outreach send --to kim-laptop -o "$T/x.kwx"
[ ! -e "$T/x.kwx" ] && ok || bad "no file"
expect 0 "check at the centre" -- kw check
expect 0 "check on the laptop" -- lap check
finish
