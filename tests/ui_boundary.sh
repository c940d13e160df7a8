#!/bin/bash
# ui_boundary.sh: a key file changed by someone who can write the data
# directory (here a drop-in slot claiming the manager's role), and a schema
# changed with the general key (an index dropped), are named on the screen
# when a keyworker signs in, at 80x24; a trigger added refuses the sign-in.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
sed -i "/role=dropin/s/role=dropin/role=manager/" "$D/keywork.keys"

ui_start kw 80x24 "$KW" --db "$D" --user bea
ui_unlock kw "$PASS2"
see kw "Today" "bea signs in"
see kw "disagrees with the protected register" "and is told the key file was changed"
ui_keys kw Q

ATK=${KEYWORK_ATTACK:?set KEYWORK_ATTACK to tool_attack}
command -v sqlcipher >/dev/null || { echo "sqlcipher shell missing"; exit 1; }
rm -rf "$D"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
key=$("$ATK" "$D" cat general-key <"$T/p3")
printf "PRAGMA key = \"x'%s'\";\nDROP INDEX appointments_day;\n" "$key" | sqlcipher "$D/keywork.db" >/dev/null
ui_start kw2 80x24 "$KW" --db "$D" --user bea
ui_unlock kw2 "$PASS2"
see kw2 "Today" "bea signs in"
see kw2 "structure was changed outside keywork (1)" "and is told the schema was changed"
ui_keys kw2 Q
# A trigger added: the sign-in is refused, and says why.
printf "PRAGMA key = \"x'%s'\";\nCREATE TRIGGER t AFTER INSERT ON audit BEGIN SELECT 1; END;\n" "$key" | sqlcipher "$D/keywork.db" >/dev/null
ui_start kw3 80x24 "$KW" --db "$D" --user bea
ui_unlock kw3 "$PASS2"
see kw3 "triggers or views were changed outside keywork" "bea is refused, and told why"
# At 80 columns the whole refusal is on the screen, down to what to do about it.
ui_screen kw3
tr '\n' ' ' <"$T/screen" | tr -s ' ' | grep -qF "until a manager runs keywork check --repair" && ok ||
	bad "the refusal is read to its end at 80 columns"
finish
