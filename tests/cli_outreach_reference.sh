#!/bin/bash
# cli_outreach_reference.sh: a woman added on an outreach laptop whose reference another woman
# already has at the centre (references are made apart on the two machines; here one is set on
# purpose with the general key and an sqlcipher shell) arrives as herself with a new reference
# made at the centre: the receive says both references, her audit trail records them, nothing is
# refused or overwritten, and keywork check is clean. A keep-apart flag made on the laptop naming
# her by the laptop's reference names her at the centre, never the woman who has that reference.
set -u
. "$(dirname "$0")/lib_cli.sh"
ATK=${KEYWORK_ATTACK:?set KEYWORK_ATTACK to tool_attack}
command -v sqlcipher >/dev/null || { echo "sqlcipher shell missing"; exit 1; }
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
P3='maple-signal-quartz-ember-hollow'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/cat"
D=$T/centre
L=$T/laptop
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
lap() { "$KW" "$@" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add cat" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/cat"
saved MONA -- "$KW" save intake known_as=Mona --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"
saved OLGA -- kw save intake known_as=Olga
expect 0 "kim's laptop" -- kw outreach add kim-laptop --for kim -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
saved PIA -- lap save intake known_as=Piazza-Newwoman
lap export clients -o "$T/l.csv" >/dev/null 2>&1
PREF=$(grep ',Piazza-Newwoman,' "$T/l.csv" | cut -d, -f1)
MREF=$(grep ',Mona,' "$T/l.csv" | cut -d, -f1)
saved KA -- lap save keep_apart --client "$MREF" other_reference="$PREF"
key=$("$ATK" "$D" cat general-key <"$T/cat")
printf "PRAGMA key = \"x'%s'\";\nUPDATE clients SET reference = '%s' WHERE id = '%s';\n" \
	"$key" "$PREF" "$OLGA" | sqlcipher "$D/keywork.db" >/dev/null
kw export clients -o "$T/c0.csv" >/dev/null 2>&1
has "$T/c0.csv" "$PREF,Olga" "Olga has Pia's laptop reference at the centre"
expect 0 "send" -- lap outreach send -o "$T/back.kwx"
expect 0 "receive: not refused" -- kw outreach receive "$T/back.kwx"
has "$T/err" "1 new woman" "Pia arrives"
has "$T/err" "a new woman's reference was another woman's here: $PREF on the laptop is KW-" "said so, with both references"
expect 0 "women at the centre" -- kw export clients -o "$T/c1.csv"
has "$T/c1.csv" "$PREF,Olga" "Olga keeps her reference"
NEWREF=$(grep ',Piazza-Newwoman,' "$T/c1.csv" | cut -d, -f1)
[ -n "$NEWREF" ] && [ "$NEWREF" != "$PREF" ] && ok || bad "Pia has a reference of her own at the centre ($NEWREF)"
expect 0 "her audit" -- kw audit --client "$NEWREF"
has "$T/out" "outreach-reference" "recorded in her audit trail"
has "$T/out" "added on an outreach laptop as $PREF" "with the laptop's reference"
# (Her record's screens and its subject-access copy do not show whom a flag names: read it raw.)
printf "PRAGMA key = \"x'%s'\";\nSELECT other_reference FROM keep_apart WHERE id = '%s';\n" \
	"$key" "$KA" | sqlcipher "$D/keywork.db" 2>/dev/null | tail -1 >"$T/flag"
has "$T/flag" "$NEWREF" "the laptop's flag names Pia by her reference here"
hasnt "$T/flag" "$PREF" "not Olga, who has the laptop's reference"
expect 0 "the laptops" -- kw outreach list
has "$T/out" "kim-laptop	kim	2 women" "she is on the laptop's list"
expect 0 "check" -- kw check
finish
