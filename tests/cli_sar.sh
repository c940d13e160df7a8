#!/bin/bash
# cli_sar.sh: keywork sar writes everything held about her (every record, its history and her
# audit) and nothing about another woman; the review lists the passages naming someone else;
# the release copy withholds exactly those asked for; managers only; audited; files 0600 in a
# new 0700 directory.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P2='lantern-meadow-copper-thistle-harbour'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a keyworker" -- kw user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
saved W -- kw save intake known_as=Jo first_name=Joanna
saved OTHER -- kw save intake known_as=Samira first_name=Samira
kw audit -o "$T/all" 2>/dev/null
REF=$(grep "intake added $W" "$T/all" | awk '{print $5}')
OREF=$(grep "intake added $OTHER" "$T/all" | awk '{print $5}')
[ -n "$REF" ] && [ -n "$OREF" ] && ok || bad "references not in the audit"

# Something of many kinds, hers; a marker in the other woman's note.
saved NOTE -- kw save note --client "$W" body="Darren Price came to the door last night. She is safe now, at her sister's."
saved ONOTE -- kw save note --client "$OTHER" body="OTHERWOMANMARKER told us about her landlord."
saved PERSON -- kw save person --client "$W" name="Darren Price" relationship="ex-partner"
saved CHILD -- kw save child --client "$W" known_as=Mia
saved KA -- kw save keep_apart --client "$W" other_reference="$OREF" noted_on=2026-01-05
saved STR -- kw save strength --client "$W" description="Kept every appointment" noted_on=2026-02-01
saved TASK -- kw save task --client "$W" title="Ring the council"
saved TASK2 -- kw save task --record "$TASK" title="Ring the council about Mia's school"
saved ITEM -- kw save advocacy_item --client "$W" agency=housing issue="Priority need"
saved EP -- kw save referral --client "$W" referral_source=self programme=community

expect 77 "a keyworker may not make a SAR" -- "$KW" sar --client "$REF" -o "$T/bea" --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"
[ ! -e "$T/bea" ] && ok || bad "a refused SAR left a directory"
expect 64 "a SAR needs -o" -- kw sar --client "$REF"
expect 65 "an unknown reference" -- kw sar --client KW-NOPE -o "$T/none"
[ ! -e "$T/none" ] && ok || bad "a SAR of nobody left a directory"

expect 0 "the SAR" -- kw sar --client "$REF" -o "$T/sar"
has "$T/err" "review.txt" "it says to review"
[ "$(stat -c %a "$T/sar")" = 700 ] && ok || bad "the SAR's directory is not 0700"
for f in sar.txt sar.html sar.json review.txt; do
	[ "$(stat -c %a "$T/sar/$f")" = 600 ] && ok || bad "$f is not 0600"
done
for id in "$W" "$NOTE" "$PERSON" "$CHILD" "$KA" "$STR" "$TASK" "$ITEM" "$EP"; do
	grep -q "$id" "$T/sar/sar.json" && ok || bad "record $id is not in the SAR"
done
python3 -m json.tool "$T/sar/sar.json" >/dev/null && ok || bad "sar.json is not JSON"
has "$T/sar/sar.txt" "Kept every appointment" "her strength in the text"
has "$T/sar/sar.txt" "Keyworker: ana" "her keyworker by name, not an id"
has "$T/sar/sar.html" "Ring the council" "her task in the page"
has "$T/sar/sar.txt" "Ring the council -> Ring the council about" "the task's history"
# Nothing about another woman: not her note, not who she is.
for f in sar.txt sar.html sar.json review.txt; do
	hasnt "$T/sar/$f" "OTHERWOMANMARKER" "$f: the other woman's note"
	hasnt "$T/sar/$f" "$OREF" "$f: the other woman's reference"
	hasnt "$T/sar/$f" "Samira" "$f: the other woman's name"
done
grep -qi "<script\|src=\|href=\"http" "$T/sar/sar.html" && bad "the page loads something" || ok
# The review lists the passage naming him, with its id.
has "$T/sar/review.txt" "Darren Price came to the door" "the passage is in the review"
PID=$(grep -B1 "Darren Price came to the door" "$T/sar/review.txt" | head -1 | awk '{print $1}')
[ -n "$PID" ] && ok || bad "no passage id"

expect 64 "an id not in the review" -- kw sar --client "$REF" --withhold P00000000 -o "$T/rel0"
[ ! -e "$T/rel0" ] && ok || bad "a refused release left a directory"
expect 64 "a SAR's directory is new" -- kw sar --client "$REF" -o "$T/sar"
expect 0 "the release copy" -- kw sar --client "$REF" --withhold "$PID" -o "$T/rel"
for f in sar.txt sar.html sar.json; do
	hasnt "$T/rel/$f" "Darren Price came to the door" "$f: the withheld passage"
	has "$T/rel/$f" "[withheld: third party]" "$f: marked where withheld"
	has "$T/rel/$f" "She is safe now" "$f: the rest of the note"
done
[ ! -e "$T/rel/review.txt" ] && ok || bad "the release copy carries the review"
kw audit --client "$REF" -o "$T/aud" 2>/dev/null
grep -qE " sar .*passages for review" "$T/aud" && ok || bad "the SAR is not in her audit"
grep -qE " sar-release .*$PID" "$T/aud" && ok || bad "the withholding is not in her audit"
finish
