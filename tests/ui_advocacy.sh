#!/bin/bash
# ui_advocacy.sh: 5 Advocacy as keyworker bea, in tmux: take up an issue with
# an agency (its first step is recorded with a deadline), see the overdue
# reply suggest a chase, t chases it, Enter shows the chain, a adds the next
# step (an escalation, offered), and a resolved step resolves the issue; after
# signing in again the chain and the resolution are still there, and the
# chase, which shared about her without consent, is listed as a disclosure.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_add_woman w1 "Maya Okafor"

ui_keys w1 5
see w1 "5 Advocacy: Maya" "5 opens her advocacy"
see w1 "No issues taken up yet" "with nothing taken up yet"
ui_keys w1 a
see w1 "What is asked for" "a opens the advocacy form"
ui_keys w1 Enter
ui_type w1 "mental"
ui_keys w1 Enter Tab
ui_type w1 "Dr Osei"
ui_keys w1 Tab
ui_type w1 "Closed her case after missed appointments"
ui_keys w1 Tab
ui_type w1 "Re-open her case"
ui_keys w1 Tab C-u
ui_type w1 "2/11/2020"
ui_keys w1 C-s
see w1 "Mental health ser" "the issue is listed with its agency"
see w1 "Closed her case afte" "and the issue"
see w1 "Reply overdue since 16 Nov 2020: t chase" "the overdue reply suggests a chase"
see w1 "1 open, 1 past a deadline" "and is counted"

ui_keys w1 t
see w1 "Advocacy step" "t opens the next step"
see w1 "Chased" "offered as a chase"
ui_keys w1 Tab Tab Tab
ui_type w1 "y"
ui_keys w1 Tab
ui_type w1 "Phoned the team manager"
ui_keys w1 C-s
see w1 "on record. Save anyway?" "a step sharing about her with no consent recorded is asked about first"
ui_keys w1 y
see w1 "Chased, by" "the issue now stands at chased, with its deadline"
notsee w1 "overdue" "and is no longer overdue"

ui_keys w1 Enter
see w1 "Advocacy steps: Maya" "Enter shows its steps"
see w1 "Mental health services - Dr Osei" "with its agency and professional"
see w1 "Asking for: Re-open her case" "and what is asked for"
see w1 "Contacted the agency" "the first step was recorded"
see w1 "Phoned the team manager" "and the chase"
see w1 "a adds the next step (escalate)" "the next step is offered"
ui_keys w1 a
see w1 "Escalated" "a offers an escalation"
ui_keys w1 Enter
ui_type w1 "resol"
ui_keys w1 Enter
notsee w1 "Next deadline" "a resolved step has no deadline"
ui_keys w1 C-s
see w1 "Resolved on" "the issue is resolved"
ui_keys w1 q
see w1 "Resolved" "and shows resolved in her list"
see w1 "0 open, 0 past a deadline" "nothing open is left"
ui_keys w1 q Q
ui_gone w1 || bad "Q quits"

ui_start w2 100x30 "$KW" --db "$D" --user bea
ui_unlock w2 "$PASS2"
see w2 "Today" "bea signs in again"
ui_open_her w2 "Maya"
ui_keys w2 5
see w2 "Resolved" "the resolution was stored"
ui_keys w2 e
see w2 "Where it stands" "e opens the issue"
see w2 "Resolved on" "its resolved date was stored"
ui_keys w2 Escape
ui_keys w2 Enter
see w2 "Phoned the team manager" "the chain was stored"
# The chase shared about her without consent: its disclosure was recorded with it.
ui_keys w2 q q
see w2 "1 Regard" "back on her record"
ui_keys w2 i
see w2 "Information shared" "i opens consent and sharing"
see w2 "Without her agreement, by bea" "the chase's disclosure says on what basis, and who decided"
see w2 "Mental health" "and to whom"
ui_keys w2 q Q
finish
