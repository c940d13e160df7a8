#!/bin/bash
# ui_roles.sh: what drop-in staff see on the real screens, in tmux. A keyworker
# writes a note about Jo; signed in as drop-in staff, Jo's record shows her
# name, reference and safe-contact line but no note text, no risk and no
# codeword; notes, consent, and her full record's panels are refused; D turns
# on discreet mode (references instead of names, "DISCREET" in the title) and
# keywork.conf can start in it.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
printf 'reference,known_as,first_name,date_of_birth\nKW-JOJO1,Jolanta,Jolanta,1988-05-06\n' >"$T/w.csv"
expect 0 "import" -- as_ana import clients "$T/w.csv"

# --- the keyworker writes a note ---
ui_start kw 100x30 "$KW" --db "$D" --user bea
ui_unlock kw "$PASS2"
see kw "Today" "bea signs in"
ui_keys kw /
ui_type kw "Jolan"
see kw "KW-JOJO1" "search finds her"
ui_keys kw Enter
see kw "Her record" "her record opens"
ui_keys kw n
see kw "The note" "n opens the note editor"
ui_type kw "Quetzalnote about her sister"
ui_keys kw C-s
see kw "Note saved" "the note saves"
see kw "Quetzalnote" "and shows on her timeline to her keyworker"
ui_keys kw Enter
see kw "Quetzalnote about her sister" "Enter opens the note whole"
notsee kw "Record " "a keyworker is not shown its id"
ui_keys kw q
ui_keys kw i
see kw "Consent and sharing" "i opens consent and sharing"
see kw "Must not receive information" "with her must-not-receive list"
see kw "Keep apart from" "and keep-apart flags"
ui_keys kw Q

# --- a manager is shown a record's id, for keywork redact ---
ui_start mg 100x30 "$KW" --db "$D" --user ana
ui_unlock mg "$PASS1"
see mg "Today" "ana signs in"
ui_keys mg /
ui_type mg "Jolan"
see mg "KW-JOJO1" "search finds her"
ui_keys mg Enter
see mg "Her record" "her record opens"
ui_keys mg Enter
see mg "Quetzalnote about her sister" "Enter opens the note whole"
see mg "Record " "a manager sees its id, for keywork redact --note"
ui_keys mg q
ui_keys mg e
see mg "About her" "e opens her own record's form"
ui_keys mg BTab
see mg "[ Save ]" "Shift-Tab from the first field goes round to Save"
see mg "record " "with its id beside Save"
ui_keys mg Escape
ui_keys mg Q

# --- drop-in staff ---
ui_start dr 100x30 "$KW" --db "$D" --user cat
ui_unlock dr "$PASS3"
see dr "cat (dropin)" "cat signs in as drop-in staff"
notsee dr "My caseload" "no caseload for drop-in staff"
ui_keys dr /
ui_type dr "Jolan"
see dr "KW-JOJO1" "search finds her"
ui_keys dr Enter
see dr "Her record" "her record opens"
see dr "Jolanta" "her name shows"
see dr "Safe to reach by" "the safe-contact line shows"
notsee dr "Quetzalnote" "the note's text is not on screen"
notsee dr "Codeword" "no codeword hint"
notsee dr "RISK" "no risk level"
ui_keys dr n
see dr "not open to your role" "n is refused"
ui_keys dr i
see dr "for keyworkers and managers" "i is refused"
ui_keys dr 3
see dr "Nothing on this screen is open to your role" "her practical tasks are refused"
ui_screen dr
notsee dr "Quetzalnote" "still no note text"
ui_keys dr q

# --- discreet mode: D, and keywork.conf ---
ui_keys dr D
see dr "DISCREET" "D turns discreet mode on (title bar)"
ui_keys dr /
ui_type dr "Jolan"
see dr "KW-JOJO1" "search still finds her"
notsee dr "Jolanta" "but shows her reference, not her name"
ui_keys dr Escape
ui_keys dr D
see dr "Names shown again" "D turns it off"
ui_keys dr Q

mkdir -p "$T/conf/keywork"
printf '# keywork.conf\ndiscreet = yes\nidle-lock = 0\n' >"$T/conf/keywork/keywork.conf"
ui_start d2 100x30 env XDG_CONFIG_HOME="$T/conf" "$KW" --db "$D" --user cat
ui_unlock d2 "$PASS3"
see d2 "DISCREET" "keywork.conf starts in discreet mode"
ui_keys d2 Q
printf 'discreet = perhaps\n' >"$T/conf/keywork/keywork.conf"
script -qec "env XDG_CONFIG_HOME=\"$T/conf\" TERM=$KW_TERM \"$KW\" --db \"$D\" --user cat" /dev/null </dev/null >"$T/conf.out" 2>&1
has "$T/conf.out" "keywork.conf:1:" "a bad setting is refused with its place"
has "$T/conf.out" "discreet is yes or no" "and says what it should be"
finish
