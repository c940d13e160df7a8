#!/bin/bash
# cli_outreach_audit.sh: an outreach laptop's own audit trail reaches the centre, with the real
# binary. Each bundle from the laptop carries its trail; the centre keeps the rows it lacks, as
# signed on the laptop, apart from its own chain (which stays verifiable), and names the laptop's
# newest row and its hash in its own signed receive row. keywork audit lists them after the
# centre's, each as LAPTOP:SEQ, and keywork check verifies them against the laptop user's key in
# the protected register. A laptop row changed or cut at the centre (with the general key and an
# sqlcipher shell) is found: check fails naming the laptop and the row, and audit marks it.
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
sql() {
	local key
	key=$("$ATK" "$D" cat general-key <"$T/cat")
	printf "PRAGMA key = \"x'%s'\";\n%s\n" "$key" "$1" | sqlcipher "$D/keywork.db" >/dev/null
}
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add cat" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/cat"
saved MONA -- "$KW" save intake known_as=Mona --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"
kw export clients -o "$T/c0.csv" >/dev/null 2>&1
MREF=$(grep ',Mona,' "$T/c0.csv" | cut -d, -f1)
expect 0 "kim's laptop" -- kw outreach add kim-laptop --for kim -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
saved C1 -- lap save contact --client "$MREF" happened_at=2026-02-03T10:00:00Z mode=centre outcome=made summary=Laptop-contact
expect 0 "the laptop's trail" -- lap audit -o "$T/lap-audit.txt"
LROWS=$(wc -l <"$T/lap-audit.txt")
expect 0 "send" -- lap outreach send -o "$T/back1.kwx"
expect 0 "receive" -- kw outreach receive "$T/back1.kwx"
has "$T/err" "of the laptop's own audit trail taken, as signed there" "said so"
expect 0 "the centre's audit" -- kw audit -o "$T/a1.txt"
has "$T/a1.txt" "kim-laptop:1  " "the laptop's rows, numbered as on the laptop"
grep "^kim-laptop:" "$T/a1.txt" | grep -q "outreach-start" && ok || bad "its start is there"
grep "^kim-laptop:" "$T/a1.txt" | grep -q "form-save  $MREF  contact added $C1" && ok ||
	bad "the contact's save, with who and about whom"
hasnt "$T/a1.txt" "NOT VERIFIED" "every row verifies"
[ "$(grep -c '^kim-laptop:' "$T/a1.txt")" -ge "$LROWS" ] && ok || bad "every row the laptop had"
grep "outreach-receive" "$T/a1.txt" | grep -q "its audit to row [0-9]* [0-9a-f]\{64\}" && ok ||
	bad "the centre's receive row names the laptop's newest row and its hash"
expect 0 "her audit" -- kw audit --client "$MREF"
grep "^kim-laptop:" "$T/out" | grep -q "contact added" && ok || bad "her audit lists the laptop's rows about her"
expect 0 "check" -- kw check

# Again: only the rows the centre lacks, each once.
expect 0 "more work" -- lap save contact --client "$MREF" happened_at=2026-02-04T10:00:00Z mode=centre outcome=made summary=Second
expect 0 "send 2" -- lap outreach send -o "$T/back2.kwx"
expect 0 "receive 2" -- kw outreach receive "$T/back2.kwx"
expect 0 "the centre's audit" -- kw audit -o "$T/a2.txt"
dups=$(grep '^kim-laptop:' "$T/a2.txt" | awk '{print $1}' | sort | uniq -d | wc -l)
[ "$dups" = 0 ] && ok || bad "no laptop row twice"
expect 0 "check" -- kw check

# Changed at the centre: found.
sql "UPDATE outreach_audit SET detail = 'nothing happened' WHERE seq = 2;"
expect 65 "check finds the change" -- kw check
cat "$T/out" "$T/err" >"$T/check"
has "$T/check" "audit of the laptop kim-laptop: row 2 was altered" "naming the laptop and the row"
expect 65 "audit marks it, and fails" -- kw audit -o "$T/a3.txt"
has "$T/a3.txt" "NOT VERIFIED: row 2 was altered" "the row is marked"
# Cut at the centre: found against the receive row's head.
sql "DELETE FROM outreach_audit WHERE seq = (SELECT max(seq) FROM outreach_audit);"
expect 65 "check finds the cut" -- kw check
cat "$T/out" "$T/err" >"$T/check"
has "$T/check" "is not the row the centre took" "said so"
finish
