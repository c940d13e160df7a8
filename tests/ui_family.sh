#!/bin/bash
# ui_family.sh: f Family through the real screens, in tmux at 80x24, as
# keyworker bea: her pregnancy is a line above her children, "not asked yet"
# until recorded; Enter opens it; unknown (^O) is shown as unknown, never as
# no; yes with weeks and the worry of removal at birth is shown with them.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 80x24 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "My caseload" "Today shows after unlocking"
ui_intake_for_bea w1 "Pat Family"

ui_keys w1 f
see w1 "Family: Pat Family" "f opens Family"
see w1 "Pregnant (not asked yet)" "her pregnancy is not asked yet"
see w1 "No children recorded" "nor are children"
ui_keys w1 Enter
see w1 "Is she pregnant?" "Enter opens her pregnancy"
ui_keys w1 C-o
see w1 "(unknown)" "^O records unknown"
ui_keys w1 C-s
see w1 "Pregnant (unknown)" "unknown is shown as unknown"
notsee w1 "Pregnant No" "never as no"

ui_keys w1 Enter
see w1 "Is she pregnant?" "Enter opens it again"
ui_type w1 y
ui_keys w1 Tab
ui_type w1 20
ui_keys w1 Tab Tab Tab
see w1 "Is there a plan" "the worry of removal at birth is asked"
ui_type w1 u
ui_keys w1 C-s
see w1 "Pregnant Yes; Weeks 20; Worry of removal at birth (unknown)" "yes, with her weeks and the worry unknown"
finish
