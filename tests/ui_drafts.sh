#!/bin/bash
# ui_drafts.sh: two sessions of one user, each with unsaved work, both locked
# or both hung up: every draft is kept (one per session) and each is given
# back, none overwriting another. A draft about a woman erased meanwhile is
# dropped when its writer next signs in, with a word, and nothing of it stays.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
printf 'known_as,first_name\nMaryam,Maryam\n' >"$T/one.csv"
expect 0 "a woman to write about" -- as_ana import clients "$T/one.csv"
ndrafts() { find "$D" -maxdepth 1 -name 'draft-*' ! -name '*.tmp-*' | wc -l; }

# note_open NAME TEXT: bea signs in at NAME, opens Maryam and starts a note.
note_open() {
	ui_start "$1" 100x30 "$KW" --db "$D" --user bea
	ui_unlock "$1" "$PASS2"
	see "$1" "Today" "bea signs in at $1"
	ui_open_her "$1" "Maryam"
	ui_keys "$1" n
	ui_type "$1" "$2"
	see "$1" "$2" "the note is typed at $1"
}

# --- both sessions lock: each gets its own draft back ---
note_open w1 "Alpha note from the first session"
note_open w2 "Bravo note from the second session"
ui_keys w1 C-g
see w1 "Sign in to keywork" "the first session locks"
ui_keys w2 C-g
see w2 "Sign in to keywork" "the second session locks"
[ "$(ndrafts)" = 2 ] && ok || bad "two drafts are kept, not one over the other ($(ndrafts))"
ui_unlock w1 "$PASS2"
see w1 "Alpha note from the first session" "the first session gets its own note back"
notsee w1 "Bravo note" "and not the note of the second, still locked"
ui_keys w1 C-s
see w1 "Note saved" "the first note saves"
ui_unlock w2 "$PASS2"
see w2 "Bravo note from the second session" "the second session gets its own note back"
ui_keys w2 C-s
see w2 "Note saved" "the second note saves"
[ "$(ndrafts)" = 0 ] && ok || bad "no draft is left once both are given back"
ui_keys w1 Q
ui_keys w2 Q

# --- both sessions hang up: the next sign-in is offered both ---
note_open w3 "Charlie note from the third session"
note_open w4 "Delta note from the fourth session"
for w in w3 w4; do
	kill -HUP "$(tm display-message -p -t "main:$w" '#{pane_pid}')"
	ui_gone "$w" 5 && ok || bad "a hang-up ends keywork at $w"
done
[ "$(ndrafts)" = 2 ] && ok || bad "both hung-up sessions' drafts are kept ($(ndrafts))"
ui_start w5 100x30 "$KW" --db "$D" --user bea
ui_unlock w5 "$PASS2"
see w5 "from 2 sessions was kept" "she is told both drafts are given back"
see w5 "Delta note from the fourth session" "the newest is on top"
ui_keys w5 C-s
see w5 "Charlie note from the third session" "once saved, the other is under it"
ui_keys w5 C-s
see w5 "Note saved" "and saves too"
ui_keys w5 Q
as_ana export notes -o "$T/notes.csv" >/dev/null 2>&1
for n in Alpha Bravo Charlie Delta; do
	has "$T/notes.csv" "$n note from" "the $n note was stored"
done
[ "$(ndrafts)" = 0 ] && ok || bad "no draft is left at the end"

# --- a draft about a woman erased meanwhile ---
saved GONE -- as_ana save intake known_as=Erasedwoman
as_ana audit -o "$T/aud" 2>/dev/null
GREF=$(grep "intake added $GONE" "$T/aud" | awk '{print $5}')
ui_start w6 100x30 "$KW" --db "$D" --user bea
ui_unlock w6 "$PASS2"
see w6 "Today" "bea signs in again"
ui_open_her w6 "Erasedwoman"
ui_keys w6 n
ui_type w6 "Echo note about a woman about to be erased"
see w6 "Echo note about" "the note is typed"
kill -HUP "$(tm display-message -p -t "main:w6" '#{pane_pid}')"
ui_gone w6 5 && ok || bad "a hang-up ends keywork at w6"
[ "$(ndrafts)" = 1 ] && ok || bad "the hung-up session's draft is kept ($(ndrafts))"
expect 0 "a manager erases her at her request" -- as_ana erase --client "$GREF" --yes
ui_start w7 100x30 "$KW" --db "$D" --user bea
ui_unlock w7 "$PASS2"
see w7 "the record it was about, is gone" "she is told the draft could not be given back, and why"
notsee w7 "Echo note" "and the note is not shown"
[ "$(ndrafts)" = 0 ] && ok || bad "the draft about her is gone from the disk ($(ndrafts))"
ui_keys w7 Q
as_ana export notes -o "$T/notes2.csv" >/dev/null 2>&1
hasnt "$T/notes2.csv" "Echo note" "nothing of it was stored"
finish
