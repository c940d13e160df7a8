#!/bin/bash
# ui_search_more.sh: a keystroke asks for a few screens of women, not every
# one the list may hold; moving down near the end of them asks for more and
# keeps the cursor on the same woman. 230 women called Morgan: at 80x24 the
# list says 50 so far, then 200 and "type more"; Enter on the 41st opens her.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
{ echo known_as; for i in $(seq 1 230); do printf 'Morgan%03d\n' "$i"; done; } >"$T/m.csv"
expect 0 "230 women" -- kw import clients "$T/m.csv"

ui_start w1 80x24 "$KW" --db "$D" --user ana
ui_unlock w1 "$PASS1"
see w1 "Today" "ana signs in"
ui_keys w1 /
ui_type w1 "morgan"
see w1 "50 found so far (more as you move down; or type more)" "the first ask is 50 women"
see w1 "Morgan001" "the first by name first"
notsee w1 "(the first ones" "not yet the full list"
for _ in $(seq 1 40); do ui_keys w1 Down; done
see w1 "200 found (the first ones; type more)" "moving down near the end asks for more"
see w1 "Morgan041" "the 41st woman is in view"
ui_keys w1 Enter
see w1 "Her record" "Enter opens her record"
see w1 "Morgan041" "the cursor stayed on the woman it was on"
ui_keys w1 Escape
ui_keys w1 /
ui_type w1 "morgan2"
see w1 "31 found" "a narrower query finds all 31 of Morgan200 to Morgan230"
notsee w1 "so far" "and says nothing of more"
finish
