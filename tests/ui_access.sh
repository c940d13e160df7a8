#!/bin/bash
# ui_access.sh: a woman whose record a manager restricted to named staff. For a drop-in worker
# and a keyworker not named, search shows a "restricted record" row with no name or reference,
# and Enter on it is refused with the plain message (no record opens); the manager's Today then
# shows each refused attempt. The named manager finds her by name and opens her record.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
kwa() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
W=$(kwa save intake known_as=Rosalind 2>/dev/null)
[ -n "$W" ] && ok || bad "a woman was not added"
REF=$(kwa audit 2>/dev/null | grep "intake added $W" | awk '{print $5}')
[ -n "$REF" ] && ok || bad "her reference is not in the audit"
expect 0 "her record is visible only to ana" -- kwa access --client "$REF" --only ana

for u in cat:"$PASS3" bea:"$PASS2"; do
	name=${u%%:*}
	ui_start "$name" 100x30 "$KW" --db "$D" --user "$name"
	ui_unlock "$name" "${u#*:}"
	see "$name" "Today" "$name signs in"
	ui_keys "$name" /
	ui_type "$name" "Rosa"
	see "$name" "restricted record" "$name's search shows a restricted record"
	notsee "$name" "Rosalind" "and not her name"
	notsee "$name" "$REF" "nor her reference"
	ui_keys "$name" Enter
	see "$name" "restricted to named staff and you are not one of them" "opening her is refused"
	notsee "$name" "Her record" "and no record opens"
	ui_keys "$name" C-q
done

ui_start ana 100x30 "$KW" --db "$D" --user ana
ui_unlock ana "$PASS1"
see ana "Restricted records: attempts refused" "the manager's Today has the alert"
see ana "cat was refused $REF (her record)" "naming the drop-in worker's attempt"
see ana "bea was refused $REF (her record)" "and the keyworker's"
ui_open_her ana "Rosa"
see ana "Rosalind" "the named manager opens her record"
finish
