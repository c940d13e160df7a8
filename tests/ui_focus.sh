#!/bin/bash
# ui_focus.sh: where typing lands. A saved record opened as a form has its
# focus past the dates it holds, so a typed letter answers a question and
# never lands in a date; a list picker opens with no search kept from its
# last opening, and Enter on a search that finds nothing shows the whole list.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
printf 'known_as,first_name\nMaryam,Maryam\n' >"$T/one.csv"
expect 0 "a woman" -- as_ana import clients "$T/one.csv"

ui_start w1 110x35 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_open_her w1 "Maryam"

# --- a saved risk checklist: the first letter answers the first question ---
ui_keys w1 s
see w1 "Risk assessments" "s opens safety and risk"
ui_keys w1 a
see w1 "Completed on" "a starts the checklist"
ui_keys w1 C-s
see w1 "Saved." "it saves"
ui_keys w1 Enter
see w1 "Completed on" "Enter opens the saved checklist"
ui_keys w1 y
if ui_wait_re w1 "Has she been hurt.* Yes" 5; then ok; else
	bad "the first letter typed answers the first question"
	sed 's/^/  | /' "$T/screen" >&2
fi
if grep -qE "Completed on\*? +[0-9]{2}/[0-9]{2}/[0-9]{4}( |$)" "$T/screen" &&
	! grep -q "no such date" "$T/screen"; then ok; else
	bad "the date it was completed on is left as it was"
	sed 's/^/  | /' "$T/screen" >&2
fi
ui_keys w1 Escape
see w1 "Discard your changes?" "leaving asks"
ui_keys w1 y
ui_keys w1 q
see w1 "Her record" "back on her record"

# --- a picker opens fresh; Enter on a search that finds nothing shows them all ---
ui_keys w1 2
ui_keys w1 a
see w1 "Did it happen" "the contact form"
ui_keys w1 Tab
ui_type w1 "zq"
see w1 "Find: zq" "typing in How opens its picker with the search"
see w1 "Nothing matches" "which finds nothing"
ui_keys w1 Escape
notsee w1 "Find:" "Esc closes the picker"
ui_keys w1 C-p
see w1 "At the centre" "opened again, the whole list is there"
notsee w1 "Find: zq" "and the old search is not kept"
ui_keys w1 Escape
ui_type w1 "zq"
see w1 "Nothing matches" "a search that finds nothing"
ui_keys w1 Enter
see w1 "At the centre" "Enter then shows the whole list"
ui_keys w1 Enter
notsee w1 "Find:" "and Enter picks from it"
if ui_wait_re w1 "How\*? +At the centre" 5; then ok; else
	bad "the way picked is shown"
	sed 's/^/  | /' "$T/screen" >&2
fi
ui_keys w1 Escape
ui_keys w1 y
ui_keys w1 Q
finish
