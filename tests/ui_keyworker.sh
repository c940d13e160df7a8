#!/bin/bash
# ui_keyworker.sh: the keyworker picker on the intake form offers only users
# who hold a caseload (keyworkers and managers), never drop-in staff.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
printf 'plover-saddle-granite-mellow-wick\n' >"$T/p4"
expect 0 "a second drop-in worker" -- "$KW" user add zofia --role dropin --db "$D" --user ana \
	--kdf interactive --passphrase-fd 3 --new-passphrase-fd 4 3<"$T/p1" 4<"$T/p4"

ui_start w1 100x30 "$KW" --db "$D" --user ana
ui_unlock w1 "$PASS1"
see w1 "Today" "ana signs in"
ui_keys w1 a
see w1 "About her" "a opens the intake form"
ui_type w1 "Lin"
for i in $(seq 1 60); do
	ui_keys w1 Tab
	ui_screen w1
	grep -q "^ Enter or ^P: choose\. " "$T/screen" && break
done
ui_keys w1 C-p
see w1 "Enter picks" "the keyworker picker opens"
see w1 "bea" "a keyworker is offered"
notsee w1 "zofia" "a drop-in worker is not offered"
ui_keys w1 Escape
ui_keys w1 Escape
ui_keys w1 Enter
ui_keys w1 Q
finish
