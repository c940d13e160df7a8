#!/bin/bash
# ui_letter.sh: l on an issue in 5 Advocacy, in tmux: the templates are offered
# (the issue's agency's first), Enter fills one in with her answers and opens
# it in the editor, the keyworker edits it and ^S saves it as a step of the
# issue (her consent to share with housing is on record); then a file name
# writes it. A letter to the police, who she said must not receive anything,
# is refused in plain words and the letter stays on screen. P in With her
# writes her plan to the file named.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "a woman" -- as_ana save intake known_as=Zoë first_name=Zoë last_name=Алина
W=$(head -n 1 "$T/out")
expect 0 "an issue with housing" -- as_ana save advocacy_item --client "$W" agency=housing \
	professional="Ms Rees" issue="Decided she made herself homeless." opened_on=2026-01-02
expect 0 "an issue with the police" -- as_ana save advocacy_item --client "$W" agency=police \
	issue="A copy of her statement." opened_on=2026-01-01
expect 0 "consent to share with housing" -- as_ana save consent --client "$W" purpose=share_with_agency agency=housing decision=given
expect 0 "police must not receive anything" -- as_ana save no_share --client "$W" agency=police

ui_start w1 110x34 "$KW" --db "$D" --user ana
ui_unlock w1 "$PASS1"
see w1 "Today" "ana signs in"
ui_open_her w1 "Zoë"
ui_keys w1 5
see w1 "5 Advocacy" "5 opens her advocacy"
see w1 "l letter" "the key is offered in the bar"
# The housing issue (taken up later) is listed first.
ui_keys w1 g l
see w1 "Which letter?" "l offers the templates"
see w1 "Homelessness review request   (for this agency)" "the agency's template is marked"
ui_keys w1 Enter
see w1 "To: Housing, Ms Rees" "the letter is to the issue's agency and professional"
see w1 "on behalf of Zoë Алина" "filled in with her name"
see w1 "Decided she made herself homeless." "and the issue"
ui_type w1 "EDITED-BY-ANA "
see w1 "EDITED-BY-ANA" "the letter is edited in the editor"
ui_keys w1 C-s
see w1 "Saved as a step of the issue" "^S saves it as a step"
ui_type w1 "$T/letter.txt"
ui_keys w1 Enter
see w1 "written to" "a file name writes it"
[ -f "$T/letter.txt" ] && ok || bad "the letter file is written"
has "$T/letter.txt" "EDITED-BY-ANA" "the letter as edited"
has "$T/letter.txt" "Zoë Алина" "with her name"
[ "$(stat -c %a "$T/letter.txt")" = 600 ] && ok || bad "the letter file is 0600"
see w1 "Wrote to the agency" "the issue now stands at the letter"
ui_keys w1 g Enter
see w1 "Letter: Homelessness review request" "the letter is one of the issue's steps"
ui_keys w1 q

# The police issue: refused, the letter kept on screen.
ui_keys w1 G l
see w1 "Which letter?" "l offers the templates again"
ui_keys w1 Enter
see w1 "To: Police" "a letter to the police"
# Locking keeps the letter being edited, sealed, and gives it back after signing in.
ui_type w1 "KEPT-WHILE-LOCKED "
ui_keys w1 C-g
ui_unlock w1 "$PASS1"
see w1 "Your unsaved work was kept" "the letter is given back after signing in"
see w1 "KEPT-WHILE-LOCKED" "with what was typed"
see w1 "To: Police" "to whom it is"
ui_keys w1 C-s
see w1 "must not receive information" "refused in plain words"
see w1 "To: Police" "and the letter is still there"
ui_keys w1 Escape
see w1 "Discard this letter?" "leaving asks first"
ui_keys w1 y
# Signing in again started from Today, with the letter on top of it.
see w1 "My caseload" "discarding it leaves the letter"

# P in With her writes her plan.
ui_open_her w1 "Zoë"
ui_keys w1 W
see w1 "With her" "W opens with her"
ui_keys w1 P
see w1 "Write her plan to a new file" "P asks for a file name"
ui_type w1 "$T/plan.txt"
ui_keys w1 Enter
see w1 "Her plan is written to" "Enter writes it"
has "$T/plan.txt" "Zoë" "her plan, with her name"
[ "$(stat -c %a "$T/plan.txt")" = 600 ] && ok || bad "the plan file is 0600"
ui_keys w1 P
ui_type w1 "$T/plan.txt"
ui_keys w1 Enter
see w1 "Not written" "never over a file"
ui_keys w1 Escape q
see w1 "Her record" "Esc, then q, leaves with her"
expect 0 "audit" -- as_ana audit --client "$W"
has "$T/out" "print_letter" "the letter written is audited"
has "$T/out" "print_plan" "the plan given is audited"
finish
