#!/bin/bash
# cli_outreach_conflict.sh: edits of records both sides hold, with the real binary. Different
# answers changed on the laptop and at the centre both apply on both sides; the same answer
# changed differently is a conflict on each side: the value made there stays, the other is kept
# beside it with who wrote it and when (outreach conflicts), for general and sensitive answers
# alike, never in the audit; exchanging again raises nothing new; outreach resolve takes the
# other value (history like any edit) or keeps this one. No last writer wins anywhere.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
D=$T/centre
L=$T/laptop
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
lap() { "$KW" "$@" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
saved MONA -- "$KW" save intake known_as=Mona phone="07700 900001" codeword=Bluebird --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"
kw export clients -o "$T/c0.csv" >/dev/null 2>&1
MREF=$(grep ',Mona,' "$T/c0.csv" | cut -d, -f1)
saved TASK -- "$KW" save task --client "$MREF" title=Voucher --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"
expect 0 "kim's laptop" -- kw outreach add kim-laptop --for kim -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"

# Offline, both sides edit her: different answers, and the same ones differently.
expect 0 "laptop: her first name and phone" -- lap save intake --record "$MONA" first_name=Ramona phone="07700 900002"
expect 0 "laptop: the codeword (sensitive)" -- lap save intake --record "$MONA" codeword=Laptopbird
expect 0 "laptop: the task's title" -- lap save task --record "$TASK" title="Food bank voucher"
expect 0 "centre: her last name and phone" -- kw save intake --record "$MONA" last_name=Smith phone="07700 900003"
expect 0 "centre: the codeword" -- kw save intake --record "$MONA" codeword=Centrebird

expect 0 "send from the laptop" -- lap outreach send -o "$T/back1.kwx"
grep -qaF -e Laptopbird -e Ramona -e 900002 "$T/back1.kwx" && bad "an edit's value is in the bundle in the clear" || ok
expect 0 "receive at the centre" -- kw outreach receive "$T/back1.kwx"
has "$T/err" "2 changes to records both sides hold taken; 2 conflicts" "two edits taken, two conflicts"
expect 0 "her record at the centre" -- kw export clients -o "$T/c1.csv"
has "$T/c1.csv" "$MREF,Mona,Ramona,Smith,,07700 900003," "both names, and the centre's phone kept"
expect 0 "conflicts at the centre" -- kw outreach conflicts
cp "$T/out" "$T/cf-centre"
[ "$(wc -l <"$T/cf-centre")" = 2 ] && ok || bad "two conflicts listed"
has "$T/cf-centre" "phone	here: 07700 900003	other: 07700 900002	by kim at" "the phone: both values, who and when"
has "$T/cf-centre" "codeword	here: Centrebird	other: Laptopbird	by kim" "the codeword: both values"
expect 0 "the audit" -- kw audit --client "$MREF"
has "$T/out" "outreach-conflict" "conflicts are audited"
hasnt "$T/out" "Laptopbird" "no value in the audit"
hasnt "$T/out" "900002" "no value in the audit"
has "$T/out" "task changed $TASK: title" "the task's new title was taken, through its form"
expect 0 "check at the centre" -- kw check

# The centre's edits reach the laptop the same way.
expect 0 "send to the laptop" -- kw outreach send --to kim-laptop -o "$T/out1.kwx"
expect 0 "receive on the laptop" -- lap outreach receive "$T/out1.kwx"
has "$T/err" "1 change to records both sides hold taken; 2 conflicts" "the last name taken, two conflicts"
expect 0 "her record on the laptop" -- lap export clients -o "$T/l1.csv"
has "$T/l1.csv" "$MREF,Mona,Ramona,Smith,,07700 900002," "both names, and the laptop's phone kept"
expect 0 "conflicts on the laptop" -- lap outreach conflicts
has "$T/out" "phone	here: 07700 900002	other: 07700 900003	by ana" "the phone, the other way round"
expect 0 "check on the laptop" -- lap check

# Another round: nothing new is raised, nothing echoes back.
expect 0 "send again from the laptop" -- lap outreach send -o "$T/back2.kwx"
expect 0 "receive again at the centre" -- kw outreach receive "$T/back2.kwx"
hasnt "$T/err" "conflict" "no conflict raised again"
expect 0 "conflicts" -- kw outreach conflicts
cmp -s "$T/out" "$T/cf-centre" && ok || bad "the same two conflicts, no more"

# Choosing: take the laptop's phone at the centre, keep the centre's codeword.
PID=$(grep '	phone	' "$T/cf-centre" | cut -f1)
CID=$(grep '	codeword	' "$T/cf-centre" | cut -f1)
expect 64 "keep or take" -- kw outreach resolve "$PID" maybe
expect 0 "take the phone" -- kw outreach resolve "$PID" take
expect 0 "keep the codeword" -- kw outreach resolve "$CID" keep
expect 64 "settled already" -- kw outreach resolve "$CID" take
expect 0 "her record" -- kw export clients -o "$T/c2.csv"
has "$T/c2.csv" "$MREF,Mona,Ramona,Smith,,07700 900002," "the phone taken"
expect 0 "no conflicts left at the centre" -- kw outreach conflicts
[ ! -s "$T/out" ] && ok || bad "none listed"
expect 0 "the audit" -- kw audit --client "$MREF"
has "$T/out" "outreach-resolve" "the choices are audited"
has "$T/out" "intake changed $MONA: phone" "taking is an edit with history"
expect 0 "check at the centre" -- kw check
# A change the centre's rules refuse (her name redacted meanwhile, and the intake form needs one)
# is kept beside her record, and the rest of the bundle still goes in.
expect 0 "her known-as name redacted at the centre" -- kw redact --client "$MREF" --field known_as --yes
expect 0 "the laptop changes her phone" -- lap save intake --record "$MONA" phone="07700 900009"
expect 0 "and logs a contact" -- lap save contact --client "$MREF" happened_at=2026-02-09T10:00:00Z mode=centre outcome=made summary=After-redaction
expect 0 "send" -- lap outreach send -o "$T/back3.kwx"
expect 0 "receive: the contact goes in, the phone is kept beside" -- kw outreach receive "$T/back3.kwx"
has "$T/err" "1 contact" "the contact"
has "$T/err" "1 conflict" "the refused change"
expect 0 "conflicts" -- kw outreach conflicts
has "$T/out" "phone	here: 07700 900002	other: 07700 900009" "both values kept"
expect 0 "the audit" -- kw audit --client "$MREF"
has "$T/out" "refused here: known_as" "the audit says why"
expect 0 "check at the centre" -- kw check
expect 0 "send to the laptop" -- kw outreach send --to kim-laptop -o "$T/out2.kwx"
expect 0 "receive on the laptop" -- lap outreach receive "$T/out2.kwx"
expect 0 "check on the laptop" -- lap check
# Two sessions of kim on the laptop choose in the same conflict at once: one choice is recorded,
# the other is refused with nothing changed (settled already), and the audit holds one choice.
expect 0 "conflicts on the laptop" -- lap outreach conflicts
LPID=$(grep '	phone	' "$T/out" | head -n 1 | cut -f1)
[ "${#LPID}" = 36 ] && ok || bad "a phone conflict on the laptop ($LPID)"
lap outreach resolve "$LPID" keep >"$T/r1.out" 2>"$T/r1.err" &
r1=$!
lap outreach resolve "$LPID" keep >"$T/r2.out" 2>"$T/r2.err" &
r2=$!
wait "$r1"
s1=$?
wait "$r2"
s2=$?
[ "$s1$s2" = "064" ] || [ "$s1$s2" = "640" ] && ok || { bad "one choice taken, one refused (exits $s1 and $s2)"; cat "$T/r1.err" "$T/r2.err" >&2; }
cat "$T/r1.err" "$T/r2.err" | grep -q "settled already" && ok || bad "the refused one says why"
expect 0 "the choice recorded" -- lap audit --client "$MREF"
grep -c "outreach-resolve" "$T/out" | grep -qx 1 && ok || bad "one choice in the laptop's audit"
expect 0 "check on the laptop" -- lap check

# An answer typed as the word "unknown" is that text, never the state: taken as typed. (Her
# known-as name, redacted at the centre and so on the laptop too, is given again on both sides.)
expect 0 "laptop: her last name typed as unknown" -- lap save intake --record "$MONA" known_as=Mona last_name=unknown
expect 0 "centre: her last name" -- kw save intake --record "$MONA" known_as=Mona last_name=Jones
expect 0 "send" -- lap outreach send -o "$T/back4.kwx"
expect 0 "receive" -- kw outreach receive "$T/back4.kwx"
expect 0 "conflicts" -- kw outreach conflicts
has "$T/out" "last_name	here: Jones	other: unknown	by kim" "the typed word"
LID=$(grep '	last_name	' "$T/out" | cut -f1)
expect 0 "take it" -- kw outreach resolve "$LID" take
expect 0 "her record" -- kw export clients -o "$T/c4.csv"
has "$T/c4.csv" "$MREF,Mona,Ramona,unknown," "the text taken, not the state"
# And a state is taken as the state.
expect 0 "laptop: her phone unknown" -- lap save intake --record "$MONA" phone="(unknown)"
expect 0 "centre: her phone" -- kw save intake --record "$MONA" phone="07700 900077"
expect 0 "send" -- lap outreach send -o "$T/back5.kwx"
expect 0 "receive" -- kw outreach receive "$T/back5.kwx"
expect 0 "conflicts" -- kw outreach conflicts
has "$T/out" "phone	here: 07700 900077	other: (unknown)	by kim" "the state, shown as one"
SID=$(grep 'other: (unknown)' "$T/out" | cut -f1)
expect 0 "take it" -- kw outreach resolve "$SID" take
expect 0 "her record" -- kw export clients --format json -o "$T/c5.json"
hasnt "$T/c5.json" "900077" "the centre's phone gave way"
expect 0 "check at the centre" -- kw check

# A new record the centre's rules refuse (a second open plan for one pathway) is left in the
# laptop's bundles, said and audited, and the rest goes in; once the centre's plan is closed, the
# laptop's next bundle brings it in.
saved CPLAN -- kw save support_plan --client "$MREF" pathway=accommodation goals="Centre-plan"
saved LPLAN -- lap save support_plan --client "$MREF" pathway=accommodation goals="Laptop-plan"
saved LC9 -- lap save contact --client "$MREF" happened_at=2026-02-10T10:00:00Z mode=centre outcome=made summary=With-the-plan
expect 0 "send" -- lap outreach send -o "$T/back6.kwx"
expect 0 "receive: the plan refused, the contact taken" -- kw outreach receive "$T/back6.kwx"
has "$T/err" "1 contact" "the contact"
has "$T/err" "1 new record refused here by its form or a rule" "the plan is said to be refused"
expect 0 "the audit" -- kw audit --client "$MREF"
has "$T/out" "outreach-refused" "and audited"
has "$T/out" "support plan $LPLAN from an outreach bundle was refused here" "naming it"
expect 0 "the centre's plan closed" -- kw save support_plan --record "$CPLAN" closed_on=2026-02-11
expect 0 "send again" -- lap outreach send -o "$T/back7.kwx"
expect 0 "receive: the plan now goes in" -- kw outreach receive "$T/back7.kwx"
hasnt "$T/err" "refused" "nothing refused now"
expect 0 "Mona's record" -- kw sar --client "$MREF" -o "$T/sar"
has "$T/sar/sar.txt" "Laptop-plan" "the laptop's plan is at the centre"
expect 0 "check at the centre" -- kw check
finish
