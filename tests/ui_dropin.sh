#!/bin/bash
# ui_dropin.sh: a drop-in afternoon through the real screens, in tmux, as the
# drop-in worker cat (no key to the sensitive compartment): a woman already
# known is found by name and her contact logged; a woman new to the centre is
# added with only the name she gives and her contact logged. The keystrokes
# besides her name are counted: at most six each. What was stored is checked.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

printf 'known_as,first_name,last_name\nJoy,Joy,Okafor\nJoanne,Joanne,Smith\n' >"$T/known.csv"
expect 0 "two women are known to the centre" -- as_ana import clients "$T/known.csv"

# k NAME KEY...: keys that count (typing her name does not).
presses=0
k() {
	local name=$1
	shift
	presses=$((presses + $#))
	ui_keys "$name" "$@"
}
# at_most N WHAT: the keys since the last count were at most N.
at_most() {
	if [ "$presses" -le "$1" ]; then ok; else bad "$2: $presses keystrokes, more than $1"; fi
	presses=0
}

ui_start w1 100x30 "$KW" --db "$D" --user cat
ui_unlock w1 "$PASS3"
see w1 "d logs a drop-in" "Today for drop-in staff offers d"
notsee w1 "My caseload" "drop-in staff hold no caseload"

# --- Joy is known: d, her name, Enter, ^S ---
presses=0
k w1 d
see w1 "Drop-in: find her" "d opens the drop-in search"
see w1 "Enter adds her" "it says what Enter does"
ui_type w1 "Joy"
see w1 "Okafor" "she is found as the name is typed"
see w1 "+ Add her as 'Joy'" "adding her is offered last, after the women found"
notsee w1 "risk" "no risk level shows to drop-in staff"
k w1 Enter
see w1 "At the centre" "the contact form is filled in: at the centre"
see w1 "Yes - we were in touch" "and in touch"
k w1 C-s
see w1 "Contact logged" "^S saves it"
at_most 6 "a known woman's drop-in"
see w1 "Type the name she gives" "the search is ready for the next woman"

# --- Marisol is new: her name, Enter, Enter (yes, add her), ^S ---
ui_type w1 "Marisol"
see w1 "0 found" "nobody by that name"
k w1 Enter
see w1 "Add her as 'Marisol'? Y/n" "Enter offers to add her by the name she gave"
k w1 Enter
see w1 "Contact: Marisol" "she is added and the contact form follows"
see w1 "At the centre" "at the centre"
k w1 C-s
see w1 "Contact logged" "^S saves it"
at_most 6 "a new woman's drop-in"

# --- a partial match is not her: PgDn reaches "Add her" ---
ui_type w1 "Jo"
see w1 "Joanne" "a name matching others"
k w1 NPage
k w1 Enter
see w1 "Add her as 'Jo'? Y/n" "PgDn then Enter adds her even when others match"
k w1 Enter C-s
see w1 "Contact logged" "her contact is logged too"
at_most 6 "a new woman whose name matches others"
k w1 Escape
see w1 "d logs a drop-in" "Esc goes back to Today"
ui_keys w1 Q
ui_gone w1 || bad "Q quits"

as_ana export clients -o "$T/clients.csv" >/dev/null 2>&1
has "$T/clients.csv" ",Marisol,,,,," "Marisol was stored with her name alone, the rest not asked yet"
has "$T/clients.csv" ",Jo," "Jo was stored by the name she gave"
as_ana export contacts -o "$T/contacts.csv" >/dev/null 2>&1
n=$(grep -c "centre" "$T/contacts.csv")
[ "$n" = 3 ] && ok || bad "three contacts at the centre were stored, not $n"
n=$(grep -c "made" "$T/contacts.csv")
[ "$n" = 3 ] && ok || bad "three contacts made were stored, not $n"
# At 80x24 the drop-in search says all of what Enter does, uncut.
ui_start w9 80x24 "$KW" --db "$D" --user cat
ui_unlock w9 "$PASS3"
see w9 "d logs a drop-in" "signed in at 80x24"
ui_keys w9 d
see w9 "New? Enter adds her." "the line fits 80 columns"
ui_keys w9 C-g
see w9 "Sign in to keywork" "locked"
finish
