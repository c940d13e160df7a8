#!/bin/bash
# ui_restrict.sh: a woman whose processing a manager restricted shows RESTRICTED on her
# record's header, and a case note written for her is refused with the plain reason (and kept
# in the editor); lifted, the same note saves.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
kwa() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
W=$(kwa save intake known_as=Rosalind 2>/dev/null)
[ -n "$W" ] && ok || bad "a woman was not added"
REF=$(kwa audit 2>/dev/null | grep "intake added $W" | awk '{print $5}')
expect 0 "her record is restricted" -- kwa restrict --client "$REF"

ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_open_her w1 "Rosalind"
see w1 "RESTRICTED: read only" "her header says her record is restricted"
ui_keys w1 n
ui_type w1 "She rang about the complaint"
see w1 "She rang about the complaint" "the note is typed"
ui_keys w1 C-s
see w1 "her record is restricted" "saving is refused with the reason"
notsee w1 "Note saved" "and nothing is saved"
expect 0 "the restriction is lifted" -- kwa restrict --client "$REF" --lift
ui_keys w1 C-s
see w1 "Note saved" "lifted, the same note saves"
finish
