#!/bin/bash
# ui_outreach.sh: an outreach laptop's data directory through the real screens, in tmux: bea
# signs in on her laptop with her own passphrase and finds her women on Today, and only them:
# search does not find a woman left at the centre. A woman she adds on the laptop's screens
# reaches the centre with the next bundle.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
L="$T/laptop"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
as_bea() { "$KW" "$@" --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"; }
expect 0 "Mona, bea's" -- as_bea save intake known_as=Mona
expect 0 "Nell, bea's" -- as_bea save intake known_as=Nell
expect 0 "Olga, ana's" -- as_ana save intake known_as=Olga
expect 0 "bea's laptop" -- as_ana outreach add bea-laptop --for bea -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user bea --passphrase-fd 3 3<"$T/p2"

ui_start w1 100x30 "$KW" --db "$L" --user bea
ui_unlock w1 "$PASS2"
see w1 "My caseload" "Today shows on the laptop"
see w1 "Mona" "her woman"
see w1 "Nell" "her other woman"
notsee w1 "Olga" "no other woman"
ui_keys w1 /
ui_type w1 "Olga"
see w1 "0 found" "search on the laptop does not find a woman left at the centre"
ui_keys w1 Escape
ui_add_woman w1 "Pia"
ui_keys w1 Q
ui_dead w1
expect 0 "send from the laptop" -- "$KW" outreach send -o "$T/back.kwx" --db "$L" --user bea --passphrase-fd 3 3<"$T/p2"
expect 0 "receive at the centre" -- as_ana outreach receive "$T/back.kwx"
has "$T/err" "1 new woman" "Pia arrived"
expect 0 "women at the centre" -- as_ana export clients -o "$T/c.csv"
has "$T/c.csv" ",Pia," "Pia is at the centre"
expect 0 "check at the centre" -- as_ana check
finish
