#!/bin/bash
# cli_boundary.sh: what a drop-in worker with write access to the data
# directory can do, route by route, as man/keywork.1 (SECURITY) states it.
# She holds her passphrase, so the general key (tool_attack prints it) and the
# sqlcipher shell; she never holds the sensitive key. Each route starts from a
# fresh copy of one data directory.
set -u
. "$(dirname "$0")/lib_cli.sh"
ATK=${KEYWORK_ATTACK:?set KEYWORK_ATTACK to tool_attack}
command -v sqlcipher >/dev/null || { echo "sqlcipher shell missing"; exit 1; }

printf '%s\n' harbour-velvet-orchard-comet-sunrise >"$T/ana"
printf '%s\n' meadow-lantern-puzzle-copper-violin >"$T/kim"
printf '%s\n' crimson-tundra-ballet-oyster-kettle >"$T/dee"
B=$T/base
as() { local u=$1; shift; "$KW" "$@" --db "$D" --user "$u" --passphrase-fd 3 3<"$T/$u"; }
# sql "STATEMENTS": runs them on keywork.db with the general key, as dee could.
sql() {
	local key
	key=$("$ATK" "$D" dee general-key <"$T/dee")
	printf "PRAGMA key = \"x'%s'\";\n%s\n" "$key" "$1" | sqlcipher "$D/keywork.db" >/dev/null
}
# q "SELECT": prints what it reads from keywork.db with the general key.
q() {
	local key
	key=$("$ATK" "$D" dee general-key <"$T/dee")
	printf "PRAGMA key = \"x'%s'\";\n.headers off\n%s\n" "$key" "$1" | sqlcipher "$D/keywork.db" | tail -1
}
fresh() { rm -rf "$T/d"; cp -a "$B" "$T/d"; D=$T/d; }

D=$B
expect 0 "init" -- "$KW" init --db "$B" --user ana --kdf interactive --passphrase-fd 3 3<"$T/ana"
expect 0 "add kim" -- as ana user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/kim"
expect 0 "add dee" -- as ana user add dee --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/dee"
printf 'known_as\nAnn\nBea\n' >"$T/w.csv"
expect 0 "import" -- as ana import clients "$T/w.csv"
expect 0 "a clean start" -- as kim check

# --- 1. a claimed entitlement: dee's slot says it holds the sensitive key ---
fresh
junk=$(head -c 80 /dev/urandom | od -An -tx1 | tr -d ' \n')
sed -i "/role=dropin/s/sensitive=-/sensitive=$junk/" "$D/keywork.keys"
expect 0 "kim signs in and is warned" -- as kim
has "$T/err" "WARNING: the key file or the users' records disagree" "the sign-in warns"
expect 65 "check finds the claim" -- as kim check
has "$T/out" "claims the sensitive key" "check names the claim"
has "$T/out" "'dee'" "check names whose slot"
expect 65 "no change of keys while disputed" -- as ana user disable kim
has "$T/err" "check --repair" "the refusal says what resolves it"
expect 0 "a manager repairs" -- as ana check --repair
expect 0 "then the change of keys" -- as ana user disable kim
expect 0 "dee signs in" -- as dee
has "$T/out" "Case notes: not open" "dee still holds no sensitive key"
expect 0 "and all is well" -- as ana check
expect 77 "a keyworker cannot repair" -- as kim check --repair

# --- 2. a changed role: in the key file, and in the users table ---
fresh
sed -i "/role=dropin/s/role=dropin/role=manager/" "$D/keywork.keys"
expect 77 "dee's raised slot is refused" -- as dee check
expect 65 "check finds it" -- as kim check
has "$T/out" "claims the role manager" "check names the role"
fresh
sql "UPDATE users SET role = 'manager' WHERE username = 'dee';"
expect 77 "dee raised in the records is refused" -- as dee check
has "$T/err" "her keys are a drop-in worker's" "the refusal says why"
expect 65 "check finds the records changed" -- as kim check
has "$T/out" "the records say 'dee' is a manager" "check names the role row"
fresh
sql "UPDATE users SET role = 'manager' WHERE username = 'kim';"
expect 77 "kim raised in the records still cannot disable" -- as kim user disable dee
expect 77 "nor read the whole audit trail" -- as kim audit --by ana -o "$T/a.txt"
fresh
sql "UPDATE users SET disabled = 1 WHERE username = 'ana';"
expect 65 "the manager disabled in the records still signs in (check reports it)" -- as ana check
has "$T/out" "the records say 'ana' is disabled" "check names it"

# --- 3. a swapped recovery key ---
fresh
"$KW" init --db "$T/other" --user eve --kdf interactive --passphrase-fd 3 3<"$T/dee" >/dev/null
grep -v '^recovery' "$D/keywork.keys" >"$T/k"
{ head -3 "$T/k"; grep '^recovery' "$T/other/keywork.keys"; tail -n +4 "$T/k"; } >"$D/keywork.keys"
expect 65 "check finds the swapped recovery key" -- as kim check
has "$T/out" "recovery key" "check names the recovery key"
expect 65 "and the change of keys waits" -- as ana user passwd kim --compromised --kdf interactive --new-passphrase-fd 4 4<"$T/dee"
expect 0 "repair" -- as ana check --repair
cmp -s <(grep '^recovery-pk' "$D/keywork.keys") <(grep '^recovery-pk' "$B/keywork.keys") && ok || bad "the recovery key was not put back"

# --- 4. a planted slot, directly and through a backup ---
fresh
"$ATK" "$D" dee plant mallory <"$T/dee" || bad "planting"
sed -i '$s/role=dropin/role=manager/' "$D/keywork.keys"
expect 65 "check finds the planted slot" -- as kim check
has "$T/out" "that the protected copy does not" "check names a slot nobody owns"
expect 65 "no change of keys seals to it" -- as ana user disable kim
expect 0 "repair drops it" -- as ana check --repair
[ "$(grep -c '^slot' "$D/keywork.keys")" = 3 ] && ok || bad "the planted slot is still there"
expect 0 "backup" -- as ana backup -o "$T/b.kwb"
python3 - "$T/b.kwb" "$T/evil.kwb" "$D" <<'PY' || bad "tampering with the backup"
import hashlib, subprocess, sys
src, dst, d = sys.argv[1:4]
data = open(src, 'rb').read()
head = b"file keywork.keys "
i = data.index(head); j = data.index(b"\n", i)
size = int(data[i + len(head):j]); body = data[j + 1:j + 1 + size]
line = [l for l in body.split(b"\n") if b"role=dropin" in l][0]
new = body.replace(line, line.replace(b"role=dropin", b"role=manager"))
h = hashlib.blake2b(new, digest_size=32).hexdigest().encode()
rest = data[j + 1 + size:]
k = rest.index(b"\nhash ") + 6; e = rest.index(b"\n", k)
out = data[:i] + head + str(len(new)).encode() + b"\n" + new + rest[:k] + h + rest[e:]
open(dst, 'wb').write(out)
PY
expect 65 "a backup whose key file was changed is refused" -- "$KW" restore "$T/evil.kwb" --db "$T/r" --user ana --passphrase-fd 3 3<"$T/ana"
has "$T/err" "disagrees with its protected register" "the refusal says why"
[ ! -e "$T/r" ] && ok || bad "a refused restore left data"

# --- 5. the audit trail, rewritten with the general key ---
fresh
expect 0 "a keyworker's day" -- as kim check
sql "UPDATE user_keys SET user_id = (SELECT id FROM users WHERE username = 'ana') WHERE user_id = (SELECT id FROM users WHERE username = 'dee');"
"$ATK" "$D" dee forge-audit ana <"$T/dee" || bad "forging"
expect 65 "a row in ana's name, signed with a key dee registered for her" -- as kim check
has "$T/out" "not its actor's (by the protected register)" "check names the forged signer"
expect 65 "keywork audit marks it" -- as ana audit -o "$T/audit.txt"
has "$T/audit.txt" "NOT VERIFIED" "the listing marks the row"
fresh
sql "UPDATE audit SET detail = 'nothing' WHERE seq = 3;"
expect 65 "an edited row" -- as kim check
has "$T/out" "altered" "check names the edit"
fresh
sql "DELETE FROM audit WHERE seq = 4;"
expect 65 "a deleted row" -- as kim check
has "$T/out" "missing or reordered" "check names the gap"
fresh
sql "DELETE FROM audit WHERE seq > 5;"
expect 65 "a cut-off tail" -- as kim check
has "$T/out" "rows were cut off or removed" "check names the cut"
fresh
sql "DELETE FROM audit;"
expect 65 "an emptied trail" -- as kim check
has "$T/out" "rows were cut off or removed" "check names the emptied trail"
fresh
sql "DELETE FROM audit;"
"$ATK" "$D" dee append 40 <"$T/dee" || bad "re-signing"
expect 65 "a trail rewritten and re-signed in her own name" -- as kim check
has "$T/out" "the trail up to it was rewritten" "check notices"

# --- 6. a substitute sensitive compartment is refused by its memo ---
fresh
"$KW" init --db "$T/sub" --user ana --kdf interactive --passphrase-fd 3 3<"$T/ana" >/dev/null
cp "$T/sub/sensitive.db" "$D/sensitive.db"
expect 65 "kim's keys do not open a substitute" -- as kim check
fresh
fresh
"$ATK" "$D" dee substitute kim <"$T/dee" || bad "substituting"
expect 65 "kim's keys, resealed to a compartment dee made, are refused by her memo" -- as kim check
has "$T/out" "not the compartment your keys were given for" "the refusal says why"
fresh
"$ATK" "$D" dee substitute kim <"$T/dee" || bad "substituting"
sed -i 's/ memo=[0-9a-f]*//' "$D/keywork.keys"
expect 65 "and with the memos stripped as well" -- as kim check
has "$T/out" "not the compartment your keys were given for" "the refusal says why"
fresh
# Stripping the memos (which a substitute would need) does not make them optional.
sed -i 's/ memo=[0-9a-f]*//' "$D/keywork.keys"
expect 65 "a slot made with a memo still demands one" -- as kim check
has "$T/out" "not the compartment your keys were given for" "the refusal says why"

# --- 7. restore: a manager's, not older unless she says so, and no one re-admitted ---
fresh
expect 0 "a backup with kim in it" -- as ana backup -o "$T/old.kwb"
expect 77 "a drop-in worker cannot restore, even into a new directory" -- "$KW" restore "$T/old.kwb" --db "$T/r1" --user dee --passphrase-fd 3 3<"$T/dee"
expect 77 "nor over live data" -- "$KW" restore "$T/old.kwb" --db "$D" --user dee --passphrase-fd 3 3<"$T/dee" --force
expect 0 "kim leaves" -- as ana user disable kim
expect 77 "kim is refused" -- as kim check
expect 77 "kim cannot restore the backup from before over the data" -- "$KW" restore "$T/old.kwb" --db "$D" --user kim --passphrase-fd 3 3<"$T/kim" --force --older
expect 64 "the older backup is refused without --older" -- "$KW" restore "$T/old.kwb" --db "$D" --user ana --passphrase-fd 3 3<"$T/ana" --force
expect 0 "with --older, it is restored" -- "$KW" restore "$T/old.kwb" --db "$D" --user ana --passphrase-fd 3 3<"$T/ana" --force --older
has "$T/out" "Disabled again: kim" "the restore names whom it disabled again"
expect 77 "and kim stays out" -- as kim check
expect 0 "the restored data checks clean" -- as ana check

# --- 8. the schema: an index dropped, a trigger added, a view changed, with the general key ---
fresh
sql "DROP INDEX appointments_day;"
expect 0 "kim signs in and is warned" -- as kim
has "$T/err" "WARNING: the database's structure was changed outside keywork (1 difference" "the sign-in warns"
has "$T/err" "the index appointments_day is missing" "the warning names the index"
expect 65 "check finds the dropped index" -- as kim check
has "$T/out" "keywork.db: the index appointments_day is missing (keywork check --repair makes it again)" "check names it"
# A trigger that gives Ann to kim whenever anyone signs in (an audit row is written), so the
# sealed copy would follow; a view check trusts; a table of her own.
before=$(q "SELECT count(*) FROM clients WHERE keyworker_id IS NOT NULL;")
sql "CREATE TRIGGER dee_was_here AFTER INSERT ON audit BEGIN UPDATE clients SET keyworker_id = (SELECT id FROM users WHERE username = 'kim'); END;
DROP VIEW contact_state_source; CREATE VIEW contact_state_source AS SELECT * FROM contact_state;
CREATE TABLE dee_notes(x);"
expect 65 "nobody signs in while a trigger is not keywork's" -- as kim
has "$T/err" "keywork.db's triggers or views were changed outside keywork (2; the first:" "the refusal says why"
has "$T/err" "until a manager runs keywork check --repair" "and what mends it"
expect 65 "check finds all four" -- as kim check
has "$T/out" "keywork.db: the trigger dee_was_here was added outside keywork (keywork check --repair removes it)" "the trigger"
has "$T/out" "keywork.db: the view contact_state_source was changed outside keywork" "the view"
has "$T/out" "keywork.db: the table dee_notes was added outside keywork (keywork leaves a table it did not make alone" "the table"
expect 77 "a keyworker cannot mend it" -- as kim check --repair
expect 65 "a manager mends all but the table" -- as ana check --repair
has "$T/out" "repaired: 3 indexes, views or triggers made again as keywork makes them, or removed" "the repair says what it mended"
has "$T/out" "the table dee_notes was added outside keywork" "the table is still reported"
hasnt "$T/out" "appointments_day" "the index is back"
hasnt "$T/out" "dee_was_here" "the trigger is gone"
hasnt "$T/out" "contact_state_source" "the view is as keywork makes it"
sql "DROP TABLE dee_notes;"
expect 0 "then all is well" -- as ana check
[ "$(q "SELECT count(*) FROM clients WHERE keyworker_id IS NOT NULL;")" = "$before" ] && ok ||
	bad "the trigger fired while check signed in: women were given to kim"
expect 0 "and kim signs in again" -- as kim
expect 0 "the audit trail" -- as ana audit --by ana -o "$T/a.txt"
has "$T/a.txt" "schema-repair" "the repair is in the audit trail"
has "$T/a.txt" "3 indexes, views or triggers made again" "with its count"

finish
