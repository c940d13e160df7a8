#!/bin/bash
# ui_safety.sh: s Safety and risk through the real screens, in tmux at 80x24,
# as keyworker bea: her risk assessments and her safety plans, each list
# saying when it is empty; a on the safety plan line makes a plan with her,
# listed with its review day and whether she agreed; a on the risk line opens
# the checklist.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 80x24 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "My caseload" "Today shows after unlocking"
ui_intake_for_bea w1 "Sam Safety"

ui_keys w1 s
see w1 "Safety and risk: Sam Safety" "s opens Safety and risk"
see w1 "No risk assessment yet: a starts the checklist." "no risk assessment"
see w1 "No safety plan yet: a makes one with her." "no safety plan"
ui_keys w1 j a
see w1 "Made with her on" "a on the safety plan line opens the safety plan"
ui_keys w1 C-u
ui_type w1 "5/1/2026"
ui_keys w1 Tab
ui_type w1 "5/4/2099"
ui_keys w1 Tab
ui_type w1 y
ui_keys w1 Tab Tab
ui_type w1 "Her sister's flat"
ui_keys w1 C-s
see w1 "05/01/2026   review by 05/04/2099" "the plan is listed with its review day"
see w1 "agreed: Yes" "and that she agreed it"
see w1 "Her sister's flat" "and where she can go"

# A plan whose review day has passed says so.
ui_keys w1 Enter
see w1 "Look at it again by" "Enter opens the plan"
# A stored plan opens past its dates: Shift-Tab goes back to the review day.
ui_keys w1 BTab C-u
ui_type w1 "1/2/2026"
ui_keys w1 C-s
see w1 "review was due 01/02/2026" "a review day passed is said"

ui_keys w1 g a
see w1 "Risk checklist" "a on the risk line opens the checklist"
ui_keys w1 Escape
finish
