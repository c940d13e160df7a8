#!/bin/bash
# ui_basic.sh: a keyworker's morning through the real screens, in tmux: unlock
# (wrong and right), add a woman through the intake form correcting mistakes,
# log a call attempt, write a note in several scripts with a pasted block,
# lock inside the note editor and find the draft after unlocking, two people
# saving the same woman, a tiny terminal, and hostile text in the records.
# Every step is checked on the screen and in what keywork stored.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

# Hostile text: colour, a window title, a clipboard write. Import refuses control
# characters (the intake form's rule), so it is planted in the store as an older
# keywork or a hand-edited database could hold it.
expect 0 "hostile names planted" -- "${KEYWORK_PLANT:?set KEYWORK_PLANT to tool_plant}" "$D" ana --text \
	known_as "$(printf 'Evil\033[31mRED\033]0;pwned-title\007')" \
	first_name "$(printf '\033]52;c;SGVsbG8=\007Clip')" <"$T/p1"
printf 'known_as,first_name\nEvil\033[31mRED,Eve\n' >"$T/hostile.csv"
expect 65 "import refuses an escape sequence in a name" -- as_ana import clients "$T/hostile.csv"
has "$T/err" "hostile.csv:2:1: known_as: Known as can't contain control characters" "located"

# --- unlock ---
ui_start w1 100x30 "$KW" --db "$D" --user ana
ui_unlock w1 "not-the-passphrase"
see w1 "do not open keywork here" "a wrong passphrase is refused plainly"
ui_unlock w1 "$PASS1"
see w1 "My caseload" "Today shows after unlocking"
see w1 "failed attempt" "the failed attempt is reported after a good unlock"

# --- add a woman: a missing name and an impossible date, then corrected ---
ui_keys w1 a
see w1 "About her" "a opens the intake form"
ui_keys w1 Down Down Down Down
ui_type w1 "31/02/1990"
see w1 "no such date" "the date is checked as typed"
ui_keys w1 C-s
see w1 "Known as is needed" "a missing name is shown beside its field"
# The save put the cursor on the first problem, her name; the date first, then
# Shift-Tab back up to the name (terminals send it differently; linux's terminfo names it apart).
ui_keys w1 Down Down Down Down C-u
ui_type w1 "2/3/1990"
ui_keys w1 BTab BTab BTab BTab
ui_type w1 "Zainab Ørsted"
ui_keys w1 C-s
see w1 "Her record" "saving opens her record"
see w1 "Zainab Ørsted" "her name is in the header"
as_ana export clients -o "$T/clients.csv" >/dev/null 2>&1
has "$T/clients.csv" "Zainab Ørsted" "she was stored"
has "$T/clients.csv" "1990-03-02" "her date of birth was stored as a date"

# --- log a call attempt ---
ui_keys w1 2
see w1 "Contacts and attempts" "2 opens her contact panel"
ui_keys w1 a
see w1 "Did it happen" "a there opens the contact form"
ui_keys w1 Tab
ui_type w1 "phon"
ui_keys w1 Enter Tab
ui_type w1 "tried"
ui_keys w1 Enter C-s
see w1 "We tried to reach her" "the attempt is in her contact panel, in words"
ui_keys w1 q
see w1 "Phone call: attempted, not re" "and on her timeline"
as_ana export contacts -o "$T/contacts.csv" >/dev/null 2>&1
has "$T/contacts.csv" "attempted" "the attempt was stored"

# --- a note in several scripts, a pasted block, locked and given back ---
ui_keys w1 n
see w1 "The note" "n opens the note editor"
ui_type w1 "Она пришла сегодня. 她很好。 q/?L1 "
ui_paste w1 $'Pasted line one\nline two \033]52;c;SGVsbG8=\007end\n'
see w1 "Pasted line one" "the paste arrives as text"
ui_keys w1 C-t
see w1 "CONFIDENTIAL: you, her keyworker" "^T marks the note confidential"
ui_keys w1 C-g
see w1 "Sign in to keywork" "^G locks from inside the note editor"
notsee w1 "Она" "locking clears her note off the screen"
ls "$D"/draft-* >/dev/null 2>&1 && ok || bad "the draft is kept on disk"
if grep -q "Pasted" "$D"/draft-* 2>/dev/null; then bad "the draft is sealed"; else ok; fi
ui_unlock w1 "$PASS1"
see w1 "kept while keywork was locked" "the draft is given back"
see w1 "Она пришла сегодня. 她很好。 q/?L1" "every key was text in the editor"
see w1 "CONFIDENTIAL" "the draft kept it confidential"
ui_keys w1 C-s
see w1 "Note saved" "the note saves"
as_ana export notes -o "$T/notes.csv" >/dev/null 2>&1
has "$T/notes.csv" "Она пришла сегодня" "the note was stored in its scripts"
has "$T/notes.csv" "line two" "the pasted lines were stored"
grep "Она пришла" "$T/notes.csv" | grep -q ",yes," && ok || bad "the note was stored as confidential"
if grep -q $'\033' "$T/notes.csv"; then bad "no escape byte was stored"; else ok; fi
ls "$D"/draft-* >/dev/null 2>&1 && bad "the draft is gone once saved" || ok

# --- two people editing her at once ---
ui_start w2 100x30 "$KW" --db "$D" --user bea
ui_unlock w2 "$PASS2"
see w2 "Today" "bea signs in"
for w in w1 w2; do
	ui_keys $w /
	ui_type $w "Zain"
	see $w "KW-" "search finds her as the name is typed"
	ui_keys $w Enter
	see $w "Her record" "Enter opens her record"
	ui_keys $w e
	see $w "About her" "e edits her profile"
	ui_keys $w Tab
done
ui_type w1 "Zara"
ui_keys w1 C-s
see w1 "Saved" "the first save goes through"
ui_type w2 "Zed"
ui_keys w2 C-s
see w2 "changed by ana at" "the second save is refused, saying who and when"
see w2 "Zed" "what she typed is kept"
ui_keys w2 Escape
see w2 "Discard your changes" "Esc on a changed form asks first"
ui_keys w2 y

# --- a tiny terminal, and back ---
tm resize-window -t main:w1 -x 60 -y 20
see w1 "needs at least 80x24" "a small terminal is told so"
tm resize-window -t main:w1 -x 100 -y 30
see w1 "Her record" "the screen comes back at full size"

# --- hostile text is shown escaped ---
ui_keys w1 q /
ui_type w1 "Evil"
see w1 'Evil^[[31mRED^[]0;pwn' "escape sequences in a name are shown, not sent"
if tm list-buffers 2>/dev/null | grep -q Hello; then bad "no clipboard write got through"; else ok; fi
title=$(tm display-message -p -t main:w1 '#{pane_title}')
case "$title" in *pwned*) bad "the window title was not changed: $title" ;; *) ok ;; esac

# --- quitting ---
ui_keys w1 Escape
ui_keys w1 Q
ui_gone w1 && ok || bad "Q quits when nothing is unsaved"
finish
