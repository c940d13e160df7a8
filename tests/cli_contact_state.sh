#!/bin/bash
# cli_contact_state.sh: each woman's contact state and each advocacy item's day due (general
# 0017), which Today and the team screen read, kept right by every writer on the command line
# (save, import, allocation by intake, erasure), found out by `keywork check` when someone with
# the general key and the sqlcipher shell (a drop-in worker, tool_attack) writes them around
# keywork, and written again by `keywork check --repair`, audited.
set -u
. "$(dirname "$0")/lib_cli.sh"
ATK=${KEYWORK_ATTACK:?set KEYWORK_ATTACK to tool_attack}
command -v sqlcipher >/dev/null || { echo "sqlcipher shell missing"; exit 1; }

printf '%s\n' harbour-velvet-orchard-comet-sunrise >"$T/ana"
printf '%s\n' meadow-lantern-puzzle-copper-violin >"$T/kim"
printf '%s\n' crimson-tundra-ballet-oyster-kettle >"$T/dee"
D=$T/d
as() { local u=$1; shift; "$KW" "$@" --db "$D" --user "$u" --passphrase-fd 3 3<"$T/$u"; }
# sql "STATEMENTS": runs them on keywork.db with the general key, as dee could; prints rows.
sql() {
	local key
	key=$("$ATK" "$D" dee general-key <"$T/dee")
	printf "PRAGMA key = \"x'%s'\";\n.mode list\n%s\n" "$key" "$1" |
		sqlcipher "$D/keywork.db" | grep -v '^ok$'
}
# The rows of contact_state that differ from what the rows they come from say (none: empty).
differs() {
	sql "SELECT client_id FROM (SELECT * FROM contact_state EXCEPT SELECT * FROM
		contact_state_source) UNION SELECT client_id FROM (SELECT * FROM
		contact_state_source EXCEPT SELECT * FROM contact_state);"
}
clean() {
	differs >"$T/diff"
	[ ! -s "$T/diff" ] && ok || bad "$1: contact_state differs for $(wc -l <"$T/diff") women"
}

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/ana"
expect 0 "add kim" -- as ana user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/kim"
expect 0 "add dee" -- as ana user add dee --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/dee"
printf 'reference,known_as\nKW-ANN1,Ann\nKW-BEA2,Bea\nKW-CAT3,Cat\n' >"$T/women.csv"
expect 0 "three women" -- as ana import clients "$T/women.csv"
clean "after importing women"
[ "$(sql 'SELECT count(*) FROM contact_state;')" = 3 ] && ok || bad "a row for each woman imported"

# keywork save: a referral opens her episode, a contact made and one planning the next.
saved EP -- as ana save referral --client KW-ANN1 referral_source=self programme=community \
	referred_on=2026-01-05 opened_on=2026-01-06
expect 0 "a contact made" -- as ana save contact --client KW-ANN1 \
	happened_at=2026-02-01T10:00:00Z mode=centre outcome=made
expect 0 "an attempt planning the next" -- as ana save contact --client KW-ANN1 \
	happened_at=2026-02-03T10:00:00Z mode=phone outcome=attempted next_contact=2026-02-10
saved ITEM -- as ana save advocacy_item --client KW-ANN1 agency=housing issue=Repairs \
	due_on=2026-02-28
clean "after saving a referral, contacts and an advocacy item"
[ "$(sql "SELECT due_on FROM advocacy_due WHERE item_id = '$ITEM';")" = 2026-02-28 ] && ok ||
	bad "the item's day due kept"
sql "SELECT episode_id, opened_on, programme, last_made, next_planned FROM contact_state
	WHERE client_id = (SELECT id FROM clients WHERE reference = 'KW-ANN1');" >"$T/ann"
has "$T/ann" "$EP|2026-01-06|community|2026-02-01T10:00:00Z|2026-02-10" "Ann's state as saved"

# Import of contacts, and allocation by the intake form's keyworker field.
printf 'reference,happened_at,mode,outcome\nKW-BEA2,2026-02-02 10:00,centre,made\n' >"$T/c.csv"
expect 0 "import a contact" -- as ana import contacts "$T/c.csv"
KIM=$(sql "SELECT id FROM users WHERE username = 'kim';")
ANA=$(sql "SELECT id FROM users WHERE username = 'ana';")
saved DEB -- as ana save intake known_as=Deb keyworker="$KIM"
[ "$(sql "SELECT count(*) FROM contact_state WHERE keyworker_id = '$KIM';")" = 1 ] && ok ||
	bad "Deb's state names kim"
expect 0 "Deb to ana" -- as ana save intake --record "$DEB" known_as=Deb keyworker="$ANA"
clean "after importing a contact and allocating"
[ "$(sql "SELECT keyworker_id FROM contact_state WHERE client_id = '$DEB';")" = "$ANA" ] && ok ||
	bad "Deb's state names ana"
expect 0 "check: clean" -- as ana check

# Erasure takes her row with her.
expect 0 "erase Cat" -- as ana erase --client KW-CAT3 --yes
[ "$(sql 'SELECT count(*) FROM contact_state;')" = 3 ] && ok || bad "Cat's row went with her"
clean "after erasing"
expect 0 "check after the erasure" -- as ana check

# Written around keywork: a date changed, a row deleted, a row for nobody added.
sql "UPDATE contact_state SET last_made = '2026-03-01T09:00:00Z' WHERE client_id = (SELECT id
	FROM clients WHERE reference = 'KW-ANN1');
	DELETE FROM contact_state WHERE client_id = (SELECT id FROM clients WHERE reference = 'KW-BEA2');
	INSERT INTO contact_state(client_id) VALUES ('not-a-woman');
	UPDATE advocacy_due SET due_on = '2030-01-01';
	INSERT INTO due_tallies VALUES ('task', '2026-01-01', 3);" >/dev/null
expect 65 "check finds the tampering" -- as ana check
has "$T/out" "the contact state of KW-ANN1 does not match her episodes and contacts" "Ann named"
has "$T/out" "the contact state of KW-BEA2 does not match" "Bea's missing row named"
has "$T/out" "the contact state of no woman (not-a-woman)" "the row for nobody named"
has "$T/out" "the day advocacy item $ITEM is due does not match its steps" "the item named"
has "$T/out" "the count of tasks due on 2026-01-01 does not match them" "the tally named"
has "$T/err" "check found 5 problems" "five problems"

expect 0 "check --repair" -- as ana check --repair
has "$T/out" "repaired: 5 rows of contact state, advocacy days due and tallies due written again" "repair says so"
has "$T/out" "ok" "clean after the repair"
clean "after the repair"
expect 0 "check again" -- as ana check
expect 0 "the audit" -- as ana audit
has "$T/out" "contact-state-repair" "the repair is in the audit trail"

# An index written past, as dee could with writable_schema: her name changed while the index
# was defined to hold nothing, then its definition put back. check names the index (it
# compares each index with its table, src/db/indexcheck.c); the repair builds it again.
redefine() {
	local v
	v=$(sql "PRAGMA schema_version;")
	sql ".dbconfig defensive off
		PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = $1 WHERE name =
		'clients_known_as'; PRAGMA schema_version = $((v + 1));" >/dev/null
}
redefine "sql || ' WHERE 0'"
sql "UPDATE clients SET known_as = 'Annie' WHERE reference = 'KW-ANN1';" >/dev/null
redefine "replace(sql, ' WHERE 0', '')"
expect 65 "check finds the index written past" -- as ana check
has "$T/out" "keywork.db: the index clients_known_as does not hold what the rows of clients say it should (keywork check --repair builds it again)" "the index named"
expect 0 "check --repair builds it again" -- as ana check --repair
has "$T/out" "repaired: 1 index built again from its table's rows" "repair says so"
expect 0 "check after the index is built again" -- as ana check
expect 0 "the audit again" -- as ana audit
has "$T/out" "index-repair" "the index's repair is in the audit trail"
finish
