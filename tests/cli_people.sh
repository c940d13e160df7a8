#!/bin/bash
# cli_people.sh: people linked to her as records through `keywork save
# person`: the other parent of her child and a professional (with agency,
# phone and email); a child's other parent names one of her people, never
# another woman's; a drop-in worker can't add one.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P3='maple-signal-quartz-ember-hollow'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P3" >"$T/p3"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
id() { head -n 1 "$T/out"; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a drop-in worker" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
expect 0 "a woman" -- kw save intake known_as=Pat
W=$(id)
expect 0 "another woman" -- kw save intake known_as=Kim
K=$(id)

expect 0 "the other parent" -- kw save person --client "$W" name="Dan Other" link=other_parent
DAN=$(id)
expect 0 "a professional" -- kw save person --client "$W" name="Ola Social" link=professional \
	agency=social_care phone="020 7946 0001" email=ola@example.org relationship="Her social worker"
expect 65 "a link not in the list" -- kw save person --client "$W" name=X link=boyfriend
expect 65 "a bad email" -- kw save person --client "$W" name=Y link=professional email=nope
expect 0 "Kim's own person" -- kw save person --client "$K" name="Ray Kim" link=partner
RAY=$(id)

expect 0 "her child with Dan as the other parent" -- kw save child --client "$W" known_as=Mia other_parent="$DAN"
expect 65 "her child with Kim's person as the other parent" -- kw save child --client "$W" known_as=Leo other_parent="$RAY"
has "$T/err" "that person is not on her record" "another woman's person is refused"

cat_kw() { "$KW" "$@" --db "$D" --user cat --passphrase-fd 3 3<"$T/p3"; }
expect 65 "a drop-in worker" -- cat_kw save person --client "$W" name=Z
finish
