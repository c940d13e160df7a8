#!/bin/bash
# ui_pathways.sh: w Needs pathways as keyworker bea, in tmux: open a support
# plan for a pathway, be refused a second open one for the same pathway, add
# a task (3) and an advocacy item (5) already linked to the plan and see them
# under it, complete the task from there, close the plan (x), then open a new
# plan for the pathway; after signing in again all of it is still there.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_add_woman w1 "Maya Okafor"

ui_keys w1 w
see w1 "Needs pathways: Maya" "w opens her needs pathways"
see w1 "No support plan yet" "with no plan yet"
ui_keys w1 a
see w1 "Support plan" "a opens the plan form"
ui_keys w1 Enter
ui_type w1 "accomm"
ui_keys w1 Enter Tab C-u
ui_type w1 "3/2/2021"
ui_keys w1 Tab
ui_type w1 "A place of her own near her sister"
ui_keys w1 C-s
see w1 "Accommodation" "the plan is listed by its pathway"
see w1 "open" "and is open"

ui_keys w1 a
ui_keys w1 Enter
ui_type w1 "accomm"
ui_keys w1 Enter C-s
see w1 "Her Accommodation plan is still open (since 03/02/2021)" "a second open plan is refused"
ui_keys w1 Escape
ui_keys w1 y
see w1 "Needs pathways: Maya" "back on her pathways"

ui_keys w1 g 3
see w1 "Practical task" "3 on a plan adds a task"
see w1 "a linked record" "already linked to the plan"
ui_keys w1 Tab
ui_type w1 "Housing register form"
ui_keys w1 C-s
see w1 "task: Housing register form" "the task is under the plan"
ui_keys w1 g 5
see w1 "What is asked for" "5 on a plan adds an advocacy item"
ui_keys w1 Enter
ui_type w1 "housing"
ui_keys w1 Enter Tab Tab
ui_type w1 "Priority need decision"
ui_keys w1 C-s
see w1 "Housing: Priority need decision" "the advocacy item is under the plan"
see w1 "Contacted the agency" "with where it stands"

ui_keys w1 g j x
see w1 "Marked done today" "x on the plan's task completes it"
ui_type w1 "On the register, band C"
ui_keys w1 C-s
see w1 "Done" "the task is done under the plan"
ui_keys w1 g x
see w1 "Finished on" "x on a plan closes it"
ui_keys w1 C-s
see w1 "Saved" "the plan is saved closed"
notsee w1 "   open   " "the plan is closed"
ui_keys w1 a
ui_keys w1 Enter
ui_type w1 "accomm"
ui_keys w1 Enter C-s
see w1 "Saved" "a new plan for the pathway opens once the old one is closed"
ui_keys w1 q Q
ui_gone w1 || bad "Q quits"

ui_start w2 100x30 "$KW" --db "$D" --user bea
ui_unlock w2 "$PASS2"
see w2 "Today" "bea signs in again"
ui_open_her w2 "Maya"
ui_keys w2 w
see w2 "task: Housing register form" "the plan's task was stored, linked"
see w2 "Housing: Priority need decision" "and its advocacy item"
see w2 "03/02/2021" "the closed plan was stored"
ui_keys w2 q 3
see w2 "On the register, band C" "the task's outcome was stored"
ui_keys w2 q q Q
finish
