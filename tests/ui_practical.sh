#!/bin/bash
# ui_practical.sh: 3 Practical as keyworker bea, in tmux: add a task of a kind
# with due and chase dates (the chase shows as due), complete it with x (its
# outcome is asked for and refused empty), and find it done, with its
# outcome, after signing in again.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_add_woman w1 "Maya Okafor"

ui_keys w1 3
see w1 "3 Practical: Maya" "3 opens her practical help"
see w1 "No tasks yet" "with no tasks yet"
ui_keys w1 a
see w1 "What needs doing" "a opens the task form"
ui_keys w1 Enter
ui_type w1 "vouch"
ui_keys w1 Enter Tab
ui_type w1 "Food bank voucher"
ui_keys w1 Tab Tab
ui_type w1 "1/1/2099"
ui_keys w1 Tab
ui_type w1 "2/1/2020"
ui_keys w1 C-s
see w1 "Voucher: Food bank voucher" "the task is listed with its kind"
see w1 "chase now, since 02/01/2020" "a chase date that has come is marked"
see w1 "1 to do, 1 to chase now, 0 done" "and counted"
see w1 "Still to do (1)" "under still to do"

ui_keys w1 x
see w1 "Marked done today" "x completes the highlighted task"
see w1 "Done on" "its done date is filled in"
ui_keys w1 C-s
see w1 "Say what came of it before marking it done" "an outcome is asked for"
ui_type w1 "Voucher given; she collected food on Tuesday"
ui_keys w1 C-s
see w1 "Done (1)" "the task is done"
see w1 "Voucher given; she" "with what came of it"
notsee w1 "chase now, since" "a done task is not chased"
ui_keys w1 q
see w1 "Her record" "q goes back to her record"
see w1 "Food bank voucher" "the task is on her timeline"
ui_keys w1 Q
ui_gone w1 || bad "Q quits"

# Signed in again: it was stored.
ui_start w2 100x30 "$KW" --db "$D" --user bea
ui_unlock w2 "$PASS2"
see w2 "Today" "bea signs in again"
ui_open_her w2 "Maya"
ui_keys w2 3
see w2 "Done (1)" "the task was stored as done"
see w2 "Voucher given; she" "with its outcome"
ui_keys w2 Enter
see w2 "Voucher (food bank or other)" "its kind was stored"
see w2 "01/01/2099" "its due date was stored"
ui_keys w2 Escape q
ui_keys w2 Q
finish
