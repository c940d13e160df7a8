#!/bin/bash
# cli_migrate_leftovers.sh: a keywork.db written around keywork before an upgrade still
# upgrades. General 0031 works out again how the team counts each woman with a pause; a row
# of contact state left over from no woman (which `keywork check` names, and its repair
# removes) must not stop the migration, or nobody could sign in, not even to repair it.
# The migrations are applied as keywork embeds them, with the sqlcipher shell on a plain file.
set -u
. "$(dirname "$0")/lib_cli.sh"
command -v sqlcipher >/dev/null || { echo "sqlcipher shell missing"; exit 1; }
S=$(dirname "$0")/../schema/general
db=$T/keywork.db
for f in "$S"/00[0-2][0-9]_*.sql "$S"/0030_*.sql; do
	sqlcipher "$db" <"$f" >/dev/null 2>"$T/err" || { bad "$(basename "$f") failed"; cat "$T/err" >&2; }
done
sqlcipher "$db" "INSERT INTO contact_state(client_id, count_as) VALUES ('nobody', 3);" || bad "planting"
if sqlcipher "$db" <"$S/0031_team_tallies.sql" >/dev/null 2>"$T/err"; then ok; else
	bad "0031 fails on a row of contact state left over from no woman"
	sed 's/^/  | /' "$T/err" >&2
fi
[ "$(sqlcipher "$db" "SELECT count_as FROM contact_state WHERE client_id = 'nobody';")" = 3 ] &&
	ok || bad "the row left over keeps how it was counted, for check to name"
[ "$(sqlcipher "$db" "SELECT count(*) FROM due_tallies;")" = 0 ] && ok || bad "the tallies are made"
finish
