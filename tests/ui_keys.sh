#!/bin/bash
# ui_keys.sh: keys come from the key table alone, at the smallest size
# keywork runs at (80x24). The lock keys lock inside a list picker and inside
# a yes/no question as everywhere else, and the form left open in them comes
# back, unsaved work and all; the bars, the picker and the question show the
# keys that work there; the help names every key from the table.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 80x24 "$KW" --db "$D" --user bea
see w1 "Sign in to keywork" "the unlock screen"
see w1 "Enter sign in" "its bar names its keys"
see w1 "^Q quit" "quitting is on its bar"
see w1 "Enter signs in." "its line says how to sign in"
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in at 80x24"
# Today's bar at 80 columns: the keys that fit, first key of each, and the mode.
see w1 "[LIST]" "the bar shows its mode at 80 columns"
see w1 "a add" "the bar shows a key at 80 columns"

# --- a lock key inside a list picker ---
ui_keys w1 a
see w1 "About her" "a opens the intake form"
ui_type w1 "Zainab Picker"
for i in $(seq 1 60); do
	ui_keys w1 Tab
	ui_screen w1
	grep -q "Enter or ^P: choose" "$T/screen" && break
done
see w1 "Enter or ^P: choose" "a field chosen from a list says its keys"
ui_keys w1 C-p
see w1 "Enter picks  Esc cancels" "the picker says its keys"
ui_keys w1 C-g
see w1 "Sign in to keywork" "^G inside the picker locks"
notsee w1 "Zainab Picker" "nothing of the form is left on the screen"
ls "$D"/draft-* >/dev/null 2>&1 && ok || bad "the unsaved form was sealed as a draft"
ui_unlock w1 "$PASS2"
see w1 "Your unsaved work was kept" "unlocking says the work was kept"
see w1 "Zainab Picker" "the form comes back as it was"

# --- a lock key inside a yes/no question ---
ui_keys w1 Escape
see w1 "Discard your changes? y/N" "Esc on a changed form asks, the keys from the table"
ui_keys w1 L
see w1 "Sign in to keywork" "L inside the question locks"
notsee w1 "Zainab Picker" "nothing of the form is left on the screen"
ui_unlock w1 "$PASS2"
see w1 "Zainab Picker" "the form comes back again"
ui_keys w1 Escape
see w1 "Discard your changes? y/N" "the question again"
ui_keys w1 C-g
see w1 "Sign in to keywork" "^G inside the question locks"
ui_unlock w1 "$PASS2"
see w1 "Zainab Picker" "and the form comes back"
# The question still answers as it says: n keeps the form, y discards it.
ui_keys w1 Escape
see w1 "Discard your changes? y/N" "asked once more"
ui_keys w1 n
notsee w1 "Discard your changes?" "n answers"
see w1 "Zainab Picker" "n keeps the form"
ui_keys w1 Escape
see w1 "Discard your changes? y/N" "asked"
ui_keys w1 y
see w1 "Today" "y discards it"
notsee w1 "Zainab Picker" "the form is gone"

# --- the help, made from the table, fits 80 columns ---
ui_keys w1 '?'
see w1 "Keys on the Today screen" "? opens help"
see w1 "^G F12 L" "help names every lock key"
# Nothing cut short (a cut line ends in ~): long help wraps under itself.
see w1 "Lock now: close the data, wipe the keys, clear the" "the lock key's help"
see w1 "screen" "wraps"
ui_screen w1
if grep -q '~ *$' "$T/screen"; then bad "a help line is cut at 80 columns"; else ok; fi
for i in 1 2 3; do
	ui_keys w1 PageDown
	ui_screen w1
	grep -q "A question on the bottom line" "$T/screen" && break
done
see w1 "A question on the bottom line: y yes  n no  Enter the answer in capitals." \
	"help says how a question is answered"
see w1 "A list to choose from: typing finds; Enter picks  Space ticks  Esc cancels." \
	"and a list to choose from"
for i in $(seq 1 10); do
	ui_screen w1
	grep -q "kept, sealed, for you alone" "$T/screen" && break
	ui_keys w1 j
done
see w1 "Locking works there too: ^G F12 L in a question, ^G F12 in a list to" \
	"help says the question and the picker lock too"
ui_screen w1
if grep -q '~ *$' "$T/screen"; then bad "a help line is cut at 80 columns"; else ok; fi
ui_keys w1 q
ui_keys w1 Q
ui_gone w1 5 && ok || bad "Q quits"
finish
