#!/bin/bash
# ui_outreach_conflict.sh: an outreach conflict in front of a person, through the real screens in
# tmux. bea's phone number for Mona is changed on her laptop and, differently, at the centre; after
# the exchange bea's Today at the centre lists Mona under "Outreach conflicts to choose", her
# record's header says 1 CONFLICT (C), and C lists it with both values, who wrote the other and on
# which laptop (at 80x24 the chosen row is shown in full below the list). Enter asks: n, then y keeps the centre's value; for the second conflict y takes the
# laptop's. Each choice is recorded (outreach-resolve in the audit), the value taken is history
# like any edit, and nothing is left to choose.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
L="$T/laptop"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
as_bea() { "$KW" "$@" --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"; }
lap() { "$KW" "$@" --db "$L" --user bea --passphrase-fd 3 3<"$T/p2"; }
saved MONA -- as_bea save intake known_as=Mona phone="07700 900001" first_name=Ramona
expect 0 "bea's laptop" -- as_ana outreach add bea-laptop --for bea -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user bea --passphrase-fd 3 3<"$T/p2"
expect 0 "laptop: her phone and first name" -- lap save intake --record "$MONA" phone="07700 900222" first_name=Mo
expect 0 "centre: her phone and first name" -- as_bea save intake --record "$MONA" phone="07700 900333" first_name=Rae
expect 0 "send" -- lap outreach send -o "$T/back.kwx"
expect 0 "receive" -- as_ana outreach receive "$T/back.kwx"
has "$T/err" "2 conflicts" "two conflicts kept"
expect 0 "conflicts" -- as_ana outreach conflicts
has "$T/out" "on bea-laptop" "the laptop is named, not a machine's id"

ui_start w1 80x24 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Outreach conflicts, C on her record chooses (1)" "Today lists her"
see w1 "2 changed on both sides" "with how many"
ui_open_her w1 "Mona"
see w1 "2 CONFLICTS (C)" "her record's header says so"
ui_keys w1 C
see w1 "Outreach conflicts: Mona" "C lists them"
see w1 "here: 07700 900333" "the value kept here"
see w1 "other: 07700 900222" "the laptop's value"
see w1 "by bea" "who wrote it"
see w1 ", on bea-laptop)" "on which laptop, in full below the list at 80 columns"
# The phone: not the other's, then keep this one (the rows are in the order they were kept).
ui_screen w1
case $(grep "here: " "$T/screen" | head -1) in
*900333*) ;;
*) ui_keys w1 Down ;;
esac
ui_keys w1 Enter
see w1 "take the other side's value (07700 900222)?" "Enter asks to take the other value"
ui_keys w1 n
see w1 "keep the value here (07700 900333) and settle it?" "then to keep this one"
ui_keys w1 y
see w1 "the value here kept" "kept"
notsee w1 "other: 07700 900222" "the phone's conflict is settled"
# The first name: take the laptop's.
see w1 "other: Mo" "the first name's conflict is left"
ui_keys w1 Up
ui_keys w1 Enter
see w1 "take the other side's value (Mo)?" "asked"
ui_keys w1 y
see w1 "the other side's value taken" "taken"
see w1 "None: nothing waits for a choice." "nothing is left"
ui_keys w1 q
see w1 "Her record" "back on her record"
notsee w1 "CONFLICT" "the header no longer says so"
ui_keys w1 q
notsee w1 "Outreach conflicts" "nor Today"
ui_keys w1 Q
ui_dead w1
expect 0 "her record" -- as_ana export clients -o "$T/c.csv"
has "$T/c.csv" ",Mona,Mo,,,07700 900333," "the first name taken, the phone kept"
expect 0 "nothing to choose" -- as_ana outreach conflicts
[ ! -s "$T/out" ] && ok || bad "no conflict is listed"
expect 0 "her audit" -- as_ana audit --client "$MONA"
[ "$(grep -c "outreach-resolve" "$T/out")" = 2 ] && ok || bad "both choices audited"
has "$T/out" "took the other side's value" "the take is recorded"
has "$T/out" "kept the value here" "the keep is recorded"
has "$T/out" "intake changed $MONA: first_name" "the value taken is an edit, with history"
expect 0 "check" -- as_ana check
finish
