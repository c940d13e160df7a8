#!/bin/bash
# cli_outreach_decide.sh: what the centre decides wins on an outreach laptop, with the real binary
# and real files. A phone number and a case note redacted at the centre are redacted on the laptop
# at the next exchange, and the laptop's change of that phone made before it knew is never taken
# over the redaction (nor kept as a conflict that could bring it back). A closure, a new keep-apart
# flag and a restriction of processing reach the laptop, which then refuses changes to her; a
# woman restricted to named staff who do not include the laptop's user, and one erased, leave the
# laptop at once. A manager disabled at the centre is no longer trusted by the laptop, and the
# laptop of a user disabled at the centre is refused (77). keywork check stays clean on both sides.
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
max() { "$KW" "$@" --db "$D" --user max --passphrase-fd 3 3<"$T/p3"; }
lap() { "$KW" "$@" --db "$L" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add max" -- kw user add max --role manager --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
saved MONA -- kw save intake known_as=Mona phone="07700 900001"
saved NELL -- kw save intake known_as=Nell
saved OLIVE -- kw save intake known_as=Olive
saved PIA -- kw save intake known_as=Pia
saved ROSE -- kw save intake known_as=Rose
kw export clients -o "$T/c0.csv" >/dev/null 2>&1
ref() { grep ",$1," "$T/c0.csv" | cut -d, -f1; }
MREF=$(ref Mona) NREF=$(ref Nell) OREF=$(ref Olive) PREF=$(ref Pia) RREF=$(ref Rose)
saved SECRET -- kw save note --client "$MREF" body="Refuge-at-Secret-Street-marker"
saved EP -- kw save referral --client "$NREF" referral_source=self programme=community
expect 0 "ana's laptop, for her caseload" -- kw outreach add ana-laptop --for ana -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user ana --passphrase-fd 3 3<"$T/p1"
expect 0 "the note is on the laptop" -- lap export notes -o "$T/l0.csv"
has "$T/l0.csv" "Refuge-at-Secret-Street-marker" "before the redaction"

# Offline: the laptop changes Mona's phone; the centre redacts it, and the note, and decides.
expect 0 "laptop: her phone" -- lap save intake --record "$MONA" phone="07700 900222"
expect 0 "centre: phone redacted" -- kw redact --client "$MREF" --field phone --yes
expect 0 "centre: note redacted" -- kw redact --client "$MREF" --note "$SECRET" --yes
saved CLOSED -- kw save closure --under "$EP" reason=her_request her_wish="I want a break"
saved KA -- kw save keep_apart --client "$MREF" other_reference="$NREF"
expect 0 "centre: Olive's processing restricted" -- kw restrict --client "$OREF"
expect 0 "centre: Pia restricted to kim" -- kw access --client "$PREF" --only kim
expect 0 "centre: Rose erased" -- kw erase --client "$RREF" --yes

# The laptop's change, made before it knew of the redaction, is not taken over it.
expect 0 "send from the laptop" -- lap outreach send -o "$T/back1.kwx"
expect 0 "receive at the centre" -- kw outreach receive "$T/back1.kwx"
has "$T/err" "1 change to an answer redacted here before the laptop knew was not taken" "said so"
expect 0 "her record at the centre" -- kw export clients -o "$T/c1.csv"
hasnt "$T/c1.csv" "900222" "the laptop's phone is not brought in"
hasnt "$T/c1.csv" "900001" "the redacted phone stays redacted"
expect 0 "conflicts at the centre" -- kw outreach conflicts
hasnt "$T/out" "900222" "nor kept beside it as a conflict"
expect 0 "check at the centre" -- kw check

# The centre's bundle: the laptop carries out what the centre decided.
expect 0 "max sends one before he is disabled" -- max outreach send --to ana-laptop -o "$T/max.kwx"
expect 0 "max disabled" -- kw user disable max
expect 0 "send to the laptop" -- kw outreach send --to ana-laptop -o "$T/out1.kwx"
# The phone whole, as typed and as digits: six digits alone turn up by chance in the hex of a
# key file about once in five thousand runs.
grep -qaF -e Secret-Street -e Rose -e "07700 900222" -e 07700900222 "$T/out1.kwx" &&
	bad "a value is in the bundle in the clear" || ok
expect 0 "receive on the laptop" -- lap outreach receive "$T/out1.kwx"
has "$T/err" "2 redactions made at the centre carried out" "the redactions"
has "$T/err" "2 women taken off this laptop" "Pia and Rose"
has "$T/err" "1 manager no longer at the centre" "max"
expect 0 "her record on the laptop" -- lap export clients -o "$T/l1.csv"
hasnt "$T/l1.csv" "900222" "the laptop's own copy of the phone is redacted too"
has "$T/l1.csv" "$MREF,Mona" "Mona stays"
hasnt "$T/l1.csv" "$PREF" "Pia, restricted to kim, left the laptop"
hasnt "$T/l1.csv" "$RREF" "Rose, erased, left the laptop"
has "$T/l1.csv" "$OREF,Olive" "Olive, restricted in processing, stays to be read"
expect 0 "notes on the laptop" -- lap export notes -o "$T/l1n.csv"
hasnt "$T/l1n.csv" "Secret-Street" "the note's text is redacted on the laptop"
expect 0 "Nell's record on the laptop" -- lap sar --client "$NREF" -o "$T/sar-n"
has "$T/sar-n/sar.txt" "I want a break" "the closure reached the laptop"
has "$T/sar-n/sar.txt" "Closed on: " "with the day it closed"
expect 0 "Mona's record on the laptop" -- lap sar --client "$MREF" -o "$T/sar-m"
has "$T/sar-m/sar.txt" "keep-apart flag: 1" "the keep-apart flag reached the laptop"
expect 65 "Olive's record can't be changed on the laptop" -- lap save contact --client "$OREF" happened_at=2026-02-03T10:00:00Z mode=centre outcome=made
has "$T/err" "restricted" "said why"
expect 0 "check on the laptop" -- lap check
hasnt "$T/out" "differs" "the hold's records agree on the laptop"
expect 0 "max's older bundle is refused" -- true
expect 65 "older than the one taken" -- lap outreach receive "$T/max.kwx"
for f in "$L"/*; do
	grep -qaF -e Secret-Street -e "07700 900222" -e 07700900222 "$f" &&
		bad "$f holds a redacted value in the clear" || ok
done

# A value written after the laptop carried out the redaction is a new one, and is taken.
expect 0 "laptop: a new phone" -- lap save intake --record "$MONA" phone="07700 900333"
expect 0 "send" -- lap outreach send -o "$T/back2.kwx"
expect 0 "receive" -- kw outreach receive "$T/back2.kwx"
has "$T/err" "1 change to records both sides hold taken" "the new phone is taken"
has "$T/err" "2 women the laptop no longer holds" "the centre knows Pia and Rose are off it"
expect 0 "her record at the centre" -- kw export clients -o "$T/c2.csv"
has "$T/c2.csv" "07700 900333" "with its new value"
expect 0 "the laptops" -- kw outreach list
has "$T/out" "ana-laptop	ana	3 women" "three women on it now"
expect 0 "check at the centre" -- kw check

# A user disabled at the centre: her laptop is revoked, its bundles refused with 77.
expect 0 "kim's laptop" -- kw outreach add kim-laptop --for kim --women "$OREF" -o "$T/kfirst.kwx"
K=$T/klaptop
expect 0 "start kim's" -- "$KW" outreach start "$T/kfirst.kwx" --db "$K" --user kim --passphrase-fd 3 3<"$T/p2"
expect 0 "kim's laptop sends" -- "$KW" outreach send -o "$T/kback.kwx" --db "$K" --user kim --passphrase-fd 3 3<"$T/p2"
expect 0 "kim disabled" -- kw user disable kim
expect 77 "her laptop's bundle is refused" -- kw outreach receive "$T/kback.kwx"
has "$T/err" "revoked" "said so"
expect 77 "nothing is sent to it" -- kw outreach send --to kim-laptop -o "$T/kx.kwx"
finish
