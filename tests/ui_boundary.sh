#!/bin/bash
# ui_boundary.sh: a key file changed by someone who can write the data
# directory (here a drop-in slot claiming the manager's role) is named on the
# screen when a keyworker signs in, at 80x24.
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
finish
