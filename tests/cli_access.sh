#!/bin/bash
# cli_access.sh: keywork access --only restricts a woman's record to named staff. Every role, named
# and not, tries each way in (save, export, report, SAR, audit, print plan, the refusals' trail):
# the named read and write her, the others are refused where they ask for her (each refusal in the
# audit, and in her SAR) and find her left out where they list women. Then the tamper case: a
# drop-in worker deletes the general compartment's restriction with the sqlcipher shell and the
# general key; the sealed copy and the signed audit still hide her, and sign-in and check say so.
set -u
. "$(dirname "$0")/lib_cli.sh"
ATK=${KEYWORK_ATTACK:?set KEYWORK_ATTACK to tool_attack}
command -v sqlcipher >/dev/null || { echo "sqlcipher shell missing"; exit 1; }

D=$T/data
i=0
for u in ana bea dan eve cat; do
	i=$((i + 1))
	printf '%s\n' "harbour-velvet-orchard-comet-sunrise-$u$i" >"$T/$u"
done
as() { local u=$1; shift; "$KW" "$@" --db "$D" --user "$u" --passphrase-fd 3 3<"$T/$u"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/ana"
for ur in bea:keyworker dan:keyworker eve:manager cat:dropin; do
	u=${ur%%:*}
	expect 0 "add $u" -- as ana user add "$u" --role "${ur#*:}" --kdf interactive --new-passphrase-fd 4 4<"$T/$u"
done
saved W -- as ana save intake known_as=Hiddenwoman first_name=Rosalind last_name=Quince
saved V -- as ana save intake known_as=Otherwoman
saved EP -- as ana save referral --client "$W" referral_source=self programme=community referred_on=2026-01-05
saved N1 -- as ana save note --client "$W" body="Marker-before-restriction"
as ana audit -o "$T/a0" 2>/dev/null
REF=$(grep "intake added $W" "$T/a0" | awk '{print $5}')
[ -n "$REF" ] && ok || bad "her reference is not in the audit"

# Setting it: managers only, named staff must exist and one must read her whole record.
expect 77 "a keyworker can't restrict" -- as bea access --client "$REF" --only bea
expect 64 "an unknown name, located" -- as ana access --client "$REF" --only bea,nobody
has "$T/err" "--only: there is no user nobody" "the bad name is named"
expect 64 "drop-in staff alone can't hold her record" -- as ana access --client "$REF" --only cat
has "$T/err" "manager or keyworker" "with the reason"
expect 64 "--only or --lift" -- as ana access --client "$REF"
expect 0 "restricted to bea and ana" -- as ana access --client "$REF" --only "bea, ana"
has "$T/err" "visible only to the named staff" "says what it did"
expect 0 "again: nothing changes" -- as ana access --client "$REF" --only ana,bea
has "$T/err" "nothing changed" "and says so"

# Named staff: ana (manager), bea (keyworker).
saved N2 -- as bea save note --client "$W" body="Named keyworker writes"
expect 0 "bea exports" -- as bea export clients -o "$T/e-bea.csv"
has "$T/e-bea.csv" "Hiddenwoman" "a named keyworker's export has her"
expect 0 "ana's SAR" -- as ana sar --client "$REF" -o "$T/sar-ana"
expect 0 "ana reads her audit" -- as ana audit --client "$REF"
has "$T/out" "access" "her audit shows the restriction"
expect 0 "bea prints her plan" -- as bea print plan --client "$REF" --format text -o "$T/plan-bea.txt"

# Not named: dan (keyworker), eve (manager), cat (drop-in). Refused where they ask for her ...
for u in dan eve cat; do
	expect 77 "$u: a contact refused" -- as $u save contact --client "$W" happened_at=2026-02-01T10:00:00Z mode=centre outcome=made
	has "$T/err" "restricted to named staff" "$u is told why"
	hasnt "$T/err" "Hiddenwoman" "$u's refusal names nobody"
done
expect 77 "dan: a note refused" -- as dan save note --client "$REF" body="Not his"
expect 77 "dan: her plan refused" -- as dan print plan --client "$REF" --format text -o "$T/plan-dan.txt"
[ ! -e "$T/plan-dan.txt" ] && ok || bad "a refused plan left a file"
expect 77 "eve: a SAR refused" -- as eve sar --client "$REF" -o "$T/sar-eve"
[ ! -e "$T/sar-eve" ] && ok || bad "a refused SAR left a directory"
expect 77 "eve: her audit refused" -- as eve audit --client "$REF"
expect 77 "eve: erasure refused" -- as eve erase --client "$REF" --yes
# ... and left out where they list women.
for u in dan eve; do
	expect 0 "$u exports" -- as $u export clients -o "$T/e-$u.csv"
	hasnt "$T/e-$u.csv" "Hiddenwoman" "$u's export leaves her out"
	has "$T/e-$u.csv" "Otherwoman" "$u's export has the others"
done
expect 0 "eve exports notes" -- as eve export notes -o "$T/n-eve.csv"
hasnt "$T/n-eve.csv" "Marker-before-restriction" "eve's notes export leaves hers out"
expect 0 "ana exports notes" -- as ana export notes -o "$T/n-ana.csv"
has "$T/n-ana.csv" "Marker-before-restriction" "a named manager's has them"
expect 77 "cat can't export at all" -- as cat export clients -o "$T/e-cat.csv"
# A report counts women without naming any: it runs for a manager not named, and names nobody.
expect 0 "eve runs a report" -- as eve report list
rep=$(awk 'NF { print $1; exit }' "$T/out")
expect 0 "eve's report $rep" -- as eve report "$rep" -o "$T/rep-eve.txt"
hasnt "$T/rep-eve.txt" "Hiddenwoman" "the report names nobody"
hasnt "$T/rep-eve.txt" "$REF" "nor her reference"

# Every refusal is in the audit, by whom, and in her SAR for a named manager.
as ana audit --client "$REF" -o "$T/a1" 2>/dev/null
for u in dan eve cat; do
	grep "access-refused" "$T/a1" | grep -q " $u " && ok || bad "$u's refusal is not audited"
done
[ "$(grep -c 'access-refused' "$T/a1")" = 8 ] && ok || bad "fewer refusals audited than made: $(grep -c access-refused "$T/a1")"
expect 0 "ana's SAR after" -- as ana sar --client "$REF" -o "$T/sar-ana2"
grep -rq "access-refused" "$T/sar-ana2" && ok || bad "her SAR does not show the refused attempts"
hasnt "$T/a1" "Rosalind" "the audit holds no name"

# The tamper case: cat deletes the general compartment's rows with the general key.
sql() {
	local key
	key=$("$ATK" "$D" cat general-key <"$T/cat")
	printf "PRAGMA key = \"x'%s'\";\n%s\n" "$key" "$1" | sqlcipher "$D/keywork.db" >/dev/null
}
expect 0 "a clean check before" -- as ana check
sql "DELETE FROM client_access;"
expect 77 "cat is still refused: the signed audit hides her" -- as cat save contact --client "$W" happened_at=2026-02-02T10:00:00Z mode=centre outcome=made
expect 0 "eve signs in and is warned" -- as eve export clients -o "$T/e-eve2.csv"
has "$T/err" "WARNING: $REF: the restriction to named staff in keywork.db (no restriction) differs" "the sign-in names the difference"
expect 0 "bea still reads her" -- as bea export clients -o "$T/e-bea2.csv"
has "$T/e-bea2.csv" "Hiddenwoman" "a named keyworker still has her"
expect 65 "check finds it" -- as ana check
has "$T/out" "differs from its sealed copy in sensitive.db (ana, bea)" "check names the sealed copy"
has "$T/out" "differs from the signed audit (ana, bea)" "and the audit"
expect 0 "a manager sets it again" -- as ana access --client "$REF" --only ana,bea
expect 0 "check is clean again" -- as ana check

# Lifting: any manager, named or not; then everyone sees her again.
expect 77 "a keyworker can't lift" -- as bea access --client "$REF" --lift
expect 0 "eve lifts it" -- as eve access --client "$REF" --lift
expect 0 "dan exports" -- as dan export clients -o "$T/e-dan2.csv"
has "$T/e-dan2.csv" "Hiddenwoman" "lifted: she is in dan's export again"
saved N3 -- as dan save note --client "$REF" body="Now his to write"
expect 0 "check after the lift" -- as ana check
as ana audit -o "$T/a2" 2>/dev/null
grep -q "access-lift" "$T/a2" && ok || bad "the lift is not audited"
finish
