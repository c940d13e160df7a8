#!/bin/bash
# ui_notes_search.sh: N searches case notes: from her record her own, from
# Today every note the user may read; newest first, the match highlighted;
# Enter shows a note whole, and from Today opens her record. Drop-in staff
# (no key to the notes) are not offered it.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
printf 'reference,known_as,first_name\nKW-MARYAM,Maryam,Maryam\nKW-ZAINAB,Zainab,Zainab\n' >"$T/two.csv"
expect 0 "two women" -- as_ana import clients "$T/two.csv"
note() { expect 0 "a note about $1" -- as_ana save note --client "$1" "body=$2"; }
note KW-MARYAM "Older: she asked when the hearing would be"
note KW-MARYAM "Nothing to do with it: a food bank voucher"
note KW-MARYAM "Newer: the Hearing moved to Friday, she will come in first"
note KW-ZAINAB "Newest: Zainab's hearing at the magistrates court went well"

# at LINE-TEXT: the line number of the first screen line holding it (0 if none).
at() { grep -nF -- "$1" "$T/screen" | head -n 1 | cut -d: -f1 || echo 0; }

ui_start w1 110x35 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"

# --- from Today: every note she may read, newest first ---
ui_keys w1 '?'
see w1 "Search case notes" "help lists the key"
ui_keys w1 q
ui_keys w1 N
see w1 "Search notes: every note you may read" "N on Today searches every note"
ui_type w1 "hearing"
ui_keys w1 Enter
see w1 "3 notes found, newest first" "three notes hold the word"
ui_screen w1
a=$(at "Newest: Zainab"); b=$(at "Newer: the"); c=$(at "Older: she")
if [ "$a" -gt 0 ] && [ "$a" -lt "$b" ] && [ "$b" -lt "$c" ]; then ok; else
	bad "newest first ($a $b $c)"
	sed 's/^/  | /' "$T/screen" >&2
fi
notsee w1 "food bank" "a note without the word is not found"
has "$T/screen" "Zainab (KW-ZAINAB)" "each result names the woman"
# The match is drawn highlighted (reverse video), whatever its case.
tm capture-pane -e -p -t main:w1 >"$T/attrs"
if grep -qP '\e\[[0-9;]*7[0-9;]*mhearing' "$T/attrs" &&
	grep -qP '\e\[[0-9;]*7[0-9;]*mHearing' "$T/attrs"; then ok; else
	bad "the matched word is highlighted"
	grep -F "earing" "$T/attrs" | cat -v | sed 's/^/  | /' >&2
fi
ui_keys w1 Enter
see w1 "Enter opens her record" "Enter shows the newest note whole"
see w1 "magistrates court went well" "its text"
ui_keys w1 Enter
see w1 "Her record" "Enter opens her record"
see w1 "Zainab" "hers"
ui_keys w1 q
see w1 "Today" "back on Today"

# --- from her record: her notes only ---
ui_open_her w1 "Maryam"
ui_keys w1 N
see w1 "Search her notes: Maryam" "N on her record searches her notes"
ui_type w1 "hearing"
ui_keys w1 Enter
see w1 "2 notes found, newest first" "two of hers hold the word"
notsee w1 "Zainab" "another woman's note is not among them"
ui_keys w1 Escape
see w1 "Her record" "Esc goes back to her record"
ui_keys w1 Q

# --- drop-in staff: not offered ---
ui_start w2 110x35 "$KW" --db "$D" --user cat
ui_unlock w2 "$PASS3"
see w2 "Today" "cat signs in"
ui_keys w2 '?'
see w2 "Keys on the Today screen" "help opens"
notsee w2 "Search case notes" "drop-in staff are not offered the notes search"
ui_keys w2 q
ui_keys w2 N
see w2 "Case notes are read by keyworkers and managers only." "N says why it does nothing"
notsee w2 "Search notes" "and opens nothing"
ui_keys w2 Q
finish
