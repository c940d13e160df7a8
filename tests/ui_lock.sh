#!/bin/bash
# ui_lock.sh: locking, in tmux: the idle lock, a hang-up with a note half
# written (kept sealed, given back only to its writer), Q with unsaved work,
# help generated from the key table, and the Caps Lock hint.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
printf 'known_as,first_name\nMaryam,Maryam\n' >"$T/one.csv"
expect 0 "a woman to write about" -- as_ana import clients "$T/one.csv"

# --- help, the Caps Lock hint, Q with unsaved work ---
ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_keys w1 '?'
see w1 "Keys on the Today screen" "? opens help for this screen"
see w1 "Lock now: close the data" "help lists lock"
ui_keys w1 q
ui_keys w1 X
see w1 "Caps Lock on?" "an unbound capital hints at Caps Lock"
ui_open_her w1 "Maryam"
ui_keys w1 n
ui_type w1 "Half a note about the hearing"
ui_keys w1 C-q
see w1 "Unsaved work will be lost. Quit anyway?" "Q asks when work is unsaved"
ui_keys w1 Enter
ui_dead w1 && bad "the default answer is No" || ok
see w1 "Half a note about the hearing" "the note is still there"

# --- a hang-up keeps the note, sealed ---
pid=$(tm display-message -p -t main:w1 '#{pane_pid}')
kpid=$(pgrep -P "$pid" -f keywork || echo "$pid")
kill -HUP "$kpid"
ui_gone w1 5 && ok || bad "a hang-up ends keywork"
ls "$D"/draft-* >/dev/null 2>&1 && ok || bad "the note was kept as a draft"
if grep -q "hearing" "$D"/draft-* 2>/dev/null; then bad "the draft is sealed"; else ok; fi

# --- somebody else signing in does not get it ---
ui_start w2 100x30 "$KW" --db "$D" --user ana
ui_unlock w2 "$PASS1"
see w2 "Today" "ana signs in"
notsee w2 "kept while keywork was locked" "ana is not given bea's draft"
ls "$D"/draft-* >/dev/null 2>&1 && ok || bad "bea's draft is left for her"
ui_keys w2 Q

# --- bea gets it back ---
ui_start w3 100x30 "$KW" --db "$D" --user bea
ui_unlock w3 "$PASS2"
see w3 "Half a note about the hearing" "bea's draft is given back to her"
ui_keys w3 C-s
see w3 "Note saved" "and saves"
as_ana export notes -o "$T/notes.csv" >/dev/null 2>&1
has "$T/notes.csv" "Half a note about the hearing" "the note was stored"
ui_keys w3 Q

# --- the idle lock ---
KW_IDLE=2 ui_start w4 100x30 "$KW" --db "$D" --user bea
ui_unlock w4 "$PASS2"
see w4 "Today" "signed in"
ui_keys w4 /
ui_type w4 "Mar"
see w4 "Maryam" "her name is on the screen"
see w4 "Sign in to keywork" "keywork locks itself when left alone"
see w4 "Locked after" "and says why"
notsee w4 "Maryam" "her name is gone from the screen"

# --- a hang-up while a list picker is open ends keywork, not a spinning loop ---
ui_start w5 100x30 "$KW" --db "$D" --user bea
ui_unlock w5 "$PASS2"
see w5 "Today" "signed in again"
ui_open_her w5 "Maryam"
ui_keys w5 2
ui_keys w5 a
see w5 "Did it happen" "the contact form"
ui_keys w5 Tab C-p
see w5 "Enter picks" "the picker is open"
kill -HUP "$(tm display-message -p -t main:w5 '#{pane_pid}')"
ui_gone w5 5 && ok || bad "a hang-up with a picker open ends keywork"
finish
