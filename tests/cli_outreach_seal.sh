#!/bin/bash
# cli_outreach_seal.sh: the outreach laptop registry against a drop-in worker who holds the general
# key and the sqlcipher shell. The registry is kept in keywork.db and sealed in sensitive.db, and a
# revocation is also a signed audit row: clearing the revocation in keywork.db un-revokes nothing
# (a bundle from the lost laptop is still refused, the files unchanged by hash), giving a laptop to
# another user in keywork.db sends nothing to her, a laptop row written in keywork.db is not a
# laptop keywork registered, and lowering the last bundle taken does not let an older one in. Sign-in
# and check say what differs; revoke records it again; a disabled user's laptops are revoked in
# every record.
set -u
. "$(dirname "$0")/lib_cli.sh"
ATK=${KEYWORK_ATTACK:?set KEYWORK_ATTACK to tool_attack}
command -v sqlcipher >/dev/null || { echo "sqlcipher shell missing"; exit 1; }
printf '%s\n' 'tidal-quarry-lantern-mosaic-fern' >"$T/p1"
printf '%s\n' 'copper-heron-orchard-violet-dune' >"$T/p2"
printf '%s\n' 'plover-saddle-granite-mellow-wick' >"$T/p3"
printf '%s\n' 'amber-lattice-quill-harbour-moss' >"$T/p4"
D=$T/centre
L=$T/laptop
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
kim() { "$KW" "$@" --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"; }
lap() { "$KW" "$@" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"; }
# cat, a drop-in worker: the general key and the sqlcipher shell.
sql() {
	local key
	key=$("$ATK" "$D" cat general-key <"$T/p3")
	printf "PRAGMA key = \"x'%s'\";\n%s\n" "$key" "$1" | sqlcipher "$D/keywork.db" >"$T/sql.out" 2>&1 &&
		! grep -q "Error" "$T/sql.out" && ok || { bad "the drop-in's edit failed: $1"; cat "$T/sql.out" >&2; }
}
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add cat" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
expect 0 "add lou" -- kw user add lou --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p4"
saved MONA -- kim save intake known_as=Mona-on-the-laptop-marker
expect 0 "kim's laptop" -- kw outreach add kim-laptop --for kim -o "$T/first.kwx"
expect 0 "start it" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
expect 0 "a note on the laptop" -- lap save note --client "$MONA" body="Written on the laptop"
expect 0 "the laptop sends" -- lap outreach send -o "$T/back1.kwx"
expect 0 "and again, later" -- lap save note --client "$MONA" body="Written later"
expect 0 "the laptop sends again" -- lap outreach send -o "$T/back2.kwx"
expect 0 "the centre takes the first" -- kw outreach receive "$T/back1.kwx"
expect 0 "a clean check" -- kw check

# --- lowering the last bundle taken lets no older one in ---
sql "UPDATE outreach_laptops SET received_seq = 0, received_hash = NULL;"
state kw "$T/before"
expect 65 "the first bundle again is refused as older" -- kw outreach receive "$T/back1.kwx"
has "$T/err" "an older bundle is never taken" "said why"
has "$T/err" "WARNING: laptop kim-laptop: keywork.db says bundle 0 was the last taken from it, the sealed copy 1" "the sign-in says what changed"
state kw "$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "a refused bundle changes nothing"

# --- the laptop is lost; cat clears the revocation in keywork.db ---
expect 0 "revoke" -- kw outreach revoke kim-laptop
has "$T/out" "Mona-on-the-laptop-marker" "the women on it"
sql "UPDATE outreach_laptops SET revoked_at = NULL, revoked_by = NULL;"
state kw "$T/before"
expect 77 "its bundle is still refused" -- kw outreach receive "$T/back2.kwx"
has "$T/err" "revoked on" "said why"
has "$T/err" "WARNING: laptop kim-laptop: its revocation is in the registry's sealed copy, the signed audit but not in keywork.db" "the sign-in says what changed"
state kw "$T/after"
cmp -s "$T/before" "$T/after" && ok || bad "a refused bundle changes nothing"
expect 77 "nothing is sent to it" -- kw outreach send --to kim-laptop -o "$T/out.kwx"
[ ! -e "$T/out.kwx" ] && ok || bad "no bundle written"
expect 0 "list" -- kw outreach list
grep -q "^kim-laptop.*REVOKED" "$T/out" && ok || bad "the list still shows it revoked"
expect 65 "check finds it" -- kw check
has "$T/out" "its revocation is in the registry's sealed copy" "check names the difference"
expect 0 "revoke again records it in every record" -- kw outreach revoke kim-laptop
has "$T/err" "is revoked" "said so"
expect 65 "check still finds the bundle number" -- kw check
hasnt "$T/out" "its revocation is in" "but not the revocation"
expect 0 "check --repair writes keywork.db's registry again" -- kw check --repair
has "$T/out" "repaired: 1 row of the laptop registry" "said so"
expect 0 "a clean check again" -- kw check
hasnt "$T/err" "WARNING" "and no warning"
# A revocation only the signed audit still holds is enough.
sql "UPDATE outreach_laptops SET revoked_at = NULL, revoked_by = NULL;"
expect 77 "still refused" -- kw outreach receive "$T/back2.kwx"

# --- cat gives a laptop to another user, or writes one in ---
saved NORA -- kim save intake known_as=Nora
expect 0 "a second laptop for kim" -- kw outreach add kim-two --for kim --women "$NORA" -o "$T/two.kwx"
key=$("$ATK" "$D" cat general-key <"$T/p3")
LOU=$(printf "PRAGMA key = \"x'%s'\";\nSELECT id FROM users WHERE username = 'lou';\n" "$key" |
	sqlcipher "$D/keywork.db" 2>/dev/null | tail -n 1)
[ "${#LOU}" = 36 ] && ok || bad "lou's id read ($LOU)"
sql "UPDATE outreach_laptops SET user_id = '$LOU', follows_caseload = 1 WHERE name = 'kim-two';"
expect 0 "list" -- kw outreach list
grep -q "^kim-two	kim	1 woman" "$T/out" && ok || bad "the sealed copy's user and women count"
has "$T/err" "WARNING: laptop kim-two: keywork.db names another user than the sealed copy (kim)" "the sign-in says so"
has "$T/err" "WARNING: laptop kim-two: keywork.db says it follows her caseload, the sealed copy that it does not" "and that it follows no caseload"
expect 77 "lou may not send to it" -- "$KW" outreach send --to kim-two -o "$T/lou.kwx" --db "$D" --user lou --passphrase-fd 3 3<"$T/p4"
expect 0 "ana sends to it" -- kw outreach send --to kim-two -o "$T/two-out.kwx"
has "$T/err" "kim-two" "sent"
sql "INSERT INTO outreach_laptops(id, name, user_id, created_at, created_by, updated_at, updated_by, device_id) SELECT '11111111-2222-4333-8444-555555555555', 'cat-laptop', id, '2026-01-01T00:00:00Z', id, '2026-01-01T00:00:00Z', id, 'x' FROM users WHERE username = 'cat';"
expect 65 "nothing is sent to a laptop keywork did not register" -- kw outreach send --to cat-laptop -o "$T/cat.kwx"
has "$T/err" "not in the sealed copy of the registry" "said why"
[ ! -e "$T/cat.kwx" ] && ok || bad "no bundle written"
expect 0 "list" -- kw outreach list
grep -q "^cat-laptop.*NOT REGISTERED BY KEYWORK" "$T/out" && ok || bad "the list marks it"
sql "DELETE FROM outreach_laptops WHERE name = 'kim-laptop';"
expect 0 "list" -- kw outreach list
grep -q "^kim-laptop.*REVOKED.*MISSING FROM keywork.db" "$T/out" && ok || bad "a laptop removed from keywork.db is still listed, revoked"
expect 65 "check finds them" -- kw check
has "$T/out" "laptop cat-laptop: in keywork.db but not in the registry's sealed copy" "the row written in"
has "$T/out" "laptop kim-laptop: in the registry's sealed copy but missing from keywork.db" "the row removed"
expect 77 "the lost laptop's bundle is still refused" -- kw outreach receive "$T/back2.kwx"
expect 0 "check --repair" -- kw check --repair
has "$T/out" "repaired: " "said so"
expect 0 "list" -- kw outreach list
hasnt "$T/out" "cat-laptop" "the laptop keywork did not register is gone"
grep -q "^kim-laptop.*REVOKED" "$T/out" && ok || bad "the lost laptop is back in keywork.db, revoked"
hasnt "$T/out" "MISSING" "in both records"
grep -q "^kim-two	kim	1 woman" "$T/out" && ok || bad "kim-two is kim's again"
expect 0 "a clean check" -- kw check
expect 0 "audit" -- kw audit
has "$T/out" "outreach-registry-repair" "the repair is audited"

# --- cat deletes a restriction's rows: the woman still does not go on a laptop ---
L3=$T/laptop3
lap3() { "$KW" "$@" --db "$L3" --user kim --passphrase-fd 3 3<"$T/p2"; }
expect 0 "a third laptop, kim's caseload" -- kw outreach add kim-three --for kim -o "$T/three.kwx"
expect 0 "start it" -- "$KW" outreach start "$T/three.kwx" --db "$L3" --user kim --passphrase-fd 3 3<"$T/p2"
saved VERA -- kim save intake known_as=Vera-restricted-marker
VREF=$(kw export clients -o "$T/c.csv" >/dev/null 2>&1; grep ",Vera-restricted-marker," "$T/c.csv" | cut -d, -f1)
expect 0 "Vera restricted to ana" -- kw access --client "$VREF" --only ana
sql "DELETE FROM client_access;"
expect 0 "send to the third laptop" -- kw outreach send --to kim-three -o "$T/three-out.kwx"
expect 0 "the laptop takes it" -- lap3 outreach receive "$T/three-out.kwx"
expect 0 "export on the laptop" -- lap3 export clients -o "$T/l3.csv"
has "$T/l3.csv" "Mona-on-the-laptop-marker" "her caseload is there"
hasnt "$T/l3.csv" "Vera-restricted-marker" "the restricted woman is not"
expect 0 "the restriction written again" -- kw access --client "$VREF" --only ana
# Mona, on the laptop already, restricted to ana; cat deletes the rows again.
expect 0 "Mona restricted to ana" -- kw access --client "$MONA" --only ana
sql "DELETE FROM client_access;"
expect 0 "send to the third laptop" -- kw outreach send --to kim-three -o "$T/three-out2.kwx"
expect 0 "the laptop takes it" -- lap3 outreach receive "$T/three-out2.kwx"
expect 0 "export on the laptop" -- lap3 export clients -o "$T/l3b.csv"
hasnt "$T/l3b.csv" "Mona-on-the-laptop-marker" "the woman restricted since has left the laptop"
has "$T/l3b.csv" "Nora" "the others stay"
expect 0 "the restrictions written again" -- kw access --client "$MONA" --only ana
expect 0 "both" -- kw access --client "$VREF" --only ana

# --- cat allocates lou's woman to kim in keywork.db: she does not join kim's caseload laptop ---
lou() { "$KW" "$@" --db "$D" --user lou --passphrase-fd 3 3<"$T/p4"; }
saved RUTH -- lou save intake known_as=Ruth-of-lou-marker
RREF=$(kw export clients -o "$T/cr.csv" >/dev/null 2>&1; grep ",Ruth-of-lou-marker," "$T/cr.csv" | cut -d, -f1)
printf 'reference,happened_at,confidential,body\n%s,2026-02-01T10:00:00Z,yes,Ruth-confidential-marker\n' "$RREF" >"$T/ruth-notes.csv"
expect 0 "lou's confidential note about her" -- lou import notes "$T/ruth-notes.csv"
sql "UPDATE clients SET keyworker_id = (SELECT id FROM users WHERE username = 'kim') WHERE reference = '$RREF';"
expect 0 "send to kim's caseload laptop" -- kw outreach send --to kim-three -o "$T/three-out3.kwx"
expect 0 "the laptop takes it" -- lap3 outreach receive "$T/three-out3.kwx"
expect 0 "export on the laptop" -- lap3 export clients -o "$T/l3c.csv"
hasnt "$T/l3c.csv" "Ruth-of-lou-marker" "lou's woman did not go on kim's laptop"
expect 65 "check finds it" -- kw check
has "$T/out" "the keyworker of $RREF in keywork.db differs from its sealed copy" "check names her"
expect 0 "check --repair" -- kw check --repair
has "$T/out" "repaired: 1 woman's keyworker written again" "said so"
expect 0 "a clean check" -- kw check

# --- cat writes a conflict over a sensitive answer into keywork.db: taking it changes nothing ---
expect 0 "Nora's codeword" -- kim save intake --record "$NORA" codeword=Bluebell
sql "INSERT INTO outreach_conflicts(id, table_name, record_id, client_id, field, kept_value, other_value, base_value, other_by, other_at, other_device, noted_at) SELECT 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', 'clients', '$NORA', '$NORA', 'codeword', 'Bluebell', 'Foxglove', 'Bluebell', id, '2026-12-07T05:50:00Z', 'x', '2026-12-07T05:51:00Z' FROM users WHERE username = 'kim';"
expect 65 "the forged conflict is refused" -- kim outreach resolve aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee take
has "$T/err" "written outside keywork" "said why"
expect 0 "her record" -- kw sar --client "$NORA" -o "$T/sar-nora"
has "$T/sar-nora/sar.txt" "Bluebell" "her codeword stands"
hasnt "$T/sar-nora/sar.txt" "Foxglove" "the forged value was not taken"
sql "DELETE FROM outreach_conflicts;"

# --- cat swaps kim's and lou's names in keywork.db: kim is still kim, and nothing goes out ---
sql "UPDATE users SET username = 'tmpx' WHERE username = 'kim'; UPDATE users SET username = 'kim' WHERE username = 'lou'; UPDATE users SET username = 'lou' WHERE username = 'tmpx';"
expect 0 "kim lists her laptops" -- kim outreach list
has "$T/out" "kim-two" "she is still herself: her own laptop"
has "$T/err" "WARNING" "warned"
has "$T/err" "the records give the name 'lou' to the user the protected register knows as 'kim'" "the sign-in says what changed"
expect 65 "nothing is sent while the names differ" -- kw outreach send --to kim-two -o "$T/swapped.kwx"
[ ! -e "$T/swapped.kwx" ] && ok || bad "no bundle written"
expect 65 "check finds it" -- kw check
expect 0 "check --repair writes the names again" -- kw check --repair
expect 0 "a clean check" -- kw check
expect 0 "the audit" -- kw audit
has "$T/out" "2 users given the name the protected register holds again" "the repair is audited"
expect 0 "lou is lou" -- "$KW" outreach list --db "$D" --user lou --passphrase-fd 3 3<"$T/p4"
hasnt "$T/out" "kim-two" "lou does not see kim's laptop"

# --- disabling kim revokes her laptops in every record ---
expect 0 "disable kim" -- kw user disable kim --to-queue
expect 0 "list" -- kw outreach list
grep -q "^kim-two.*REVOKED" "$T/out" && ok || bad "her other laptop is revoked"
expect 0 "audit" -- kw audit
has "$T/out" "laptop kim-two of kim revoked as she was disabled" "audited by name"
sql "UPDATE outreach_laptops SET revoked_at = NULL WHERE name = 'kim-two';"
expect 77 "nothing is sent to it" -- kw outreach send --to kim-two -o "$T/two-again.kwx"

# --- cat deletes a woman's row from keywork.db: the laptop keeps its unsent work about her ---
A=$T/ana-laptop
ana_l() { "$KW" "$@" --db "$A" --user ana --passphrase-fd 3 3<"$T/p1"; }
saved WEN -- kw save intake known_as=Wendy-kept-marker
WREF=$(kw export clients -o "$T/cw.csv" >/dev/null 2>&1; grep ",Wendy-kept-marker," "$T/cw.csv" | cut -d, -f1)
expect 0 "ana's laptop with Wendy" -- kw outreach add ana-lap --for ana --women "$WREF" -o "$T/ana.kwx"
expect 0 "start it" -- "$KW" outreach start "$T/ana.kwx" --db "$A" --user ana --passphrase-fd 3 3<"$T/p1"
expect 0 "a note about her on the laptop" -- ana_l save note --client "$WREF" body="Unsent-note-marker"
sql "DELETE FROM clients WHERE reference = '$WREF';"
expect 0 "send to ana's laptop" -- kw outreach send --to ana-lap -o "$T/ana-out.kwx"
expect 0 "the laptop takes it" -- ana_l outreach receive "$T/ana-out.kwx"
hasnt "$T/err" "deleted" "no erasure is ordered"
expect 0 "notes on the laptop" -- ana_l export notes -o "$T/ana-notes.csv"
has "$T/ana-notes.csv" "Unsent-note-marker" "the unsent note is still there"

# --- cat edits ana's laptop's list of women: the breach list still names Wendy, and a woman
# she adds to the list does not go out ---
saved LENA -- "$KW" save intake known_as=Lena-not-listed-marker --db "$D" --user lou --passphrase-fd 3 3<"$T/p4"
sql "INSERT INTO outreach_women(laptop_id, client_id, reference, since) SELECT l.id, c.id, c.reference, '2026-01-01T00:00:00Z' FROM outreach_laptops l, clients c WHERE l.name = 'ana-lap' AND c.known_as = 'Lena-not-listed-marker';"
expect 0 "send to ana's laptop" -- kw outreach send --to ana-lap -o "$T/ana-out2.kwx"
expect 0 "the laptop takes it" -- ana_l outreach receive "$T/ana-out2.kwx"
expect 0 "women on the laptop" -- ana_l export clients -o "$T/ana-c.csv"
hasnt "$T/ana-c.csv" "Lena-not-listed-marker" "the woman cat listed did not go out"
sql "DELETE FROM outreach_women WHERE laptop_id = (SELECT id FROM outreach_laptops WHERE name = 'ana-lap');"
expect 0 "ana's laptop is lost" -- kw outreach revoke ana-lap
has "$T/out" "$WEN" "the breach list still names Wendy (by her id: cat deleted her row too), from the signed audit"
finish
