#!/bin/bash
# cli_import.sh: import checks every row by the intake form, as the screens do
# (issue 13): a 1 MiB known-as name is refused with a located message, every
# bad row is reported and nothing is imported, and a borough written as its
# label or its key is stored as the key, so export and import round-trip.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
printf '%s\n' "$P1" >"$T/p1"
D="$T/d1"
as_ana() { "$KW" "$@" --user ana --passphrase-fd 3 3<"$T/p1"; }
count_in() { grep -c '^KW-' "$1"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"

# --- a mebibyte of name, where the form allows 80 characters ---
{ printf 'known_as,last_name\nAnn,Smith\n'; head -c 1048576 /dev/zero | tr '\0' x; printf ',Jones\n'; } >"$T/big.csv"
expect 65 "a 1 MiB known_as is refused" -- as_ana import clients "$T/big.csv" --db "$D"
has "$T/err" "big.csv:3:1: known_as: Known as must be at most 80 characters" "located, with the form's limit"
has "$T/err" "nothing was imported" "and nothing imported"
[ "$(wc -c <"$T/err")" -lt 2000 ] && ok || bad "the message does not repeat the value"

# --- every bad row is reported, each where it is; none is kept ---
cat >"$T/bad.csv" <<'EOF'
known_as,first_name,date_of_birth,phone,borough
Ann,,1980-01-01,07700 900123,Camden
Bea,,13/13/1990,,
Cat,,,12,
Dee,,2990-01-01,,Narnia
,,,,
Eve,,,,hackney
EOF
printf 'Fay,%s,,,\n' "$(head -c 81 /dev/zero | tr '\0' y)" >>"$T/bad.csv"
expect 65 "a file with bad rows is refused" -- as_ana import clients "$T/bad.csv" --db "$D"
has "$T/err" "bad.csv:3:6: date_of_birth: Date of birth must be a date" "a date that is no date"
has "$T/err" "bad.csv:4:7: phone: Phone must be a phone number" "a phone number too short"
has "$T/err" "bad.csv:5:6: date_of_birth: Date of birth can't be in the future" "a birth in the future"
has "$T/err" "bad.csv:5:18: borough: Borough where she lives: 'Narnia' is not one of the choices" "a borough not on the list"
has "$T/err" "bad.csv:6:1: known_as: Known as is needed" "a row with no name"
has "$T/err" "bad.csv:8:5: first_name: First name must be at most 80 characters" "the last row too"
has "$T/err" "5 of 7 rows have 6 problems" "the count of rows and problems"
expect 0 "export" -- as_ana export clients -o "$T/none.csv" --db "$D"
[ "$(count_in "$T/none.csv")" = 0 ] && ok || bad "nothing of a refused file is kept"

# --- a borough as its label or its key is stored as its key, and round-trips ---
cat >"$T/boroughs.csv" <<'EOF'
known_as,borough
Ann,Hackney
Bea,hackney
Cat,TOWER HAMLETS
Dee,Tower_Hamlets
EOF
expect 0 "boroughs by label and by key" -- as_ana import clients "$T/boroughs.csv" --db "$D"
expect 0 "export" -- as_ana export clients -o "$T/one.csv" --db "$D"
[ "$(grep -c ',hackney' "$T/one.csv")" = 2 ] && ok || bad "Hackney and hackney are stored as hackney"
[ "$(grep -c ',tower_hamlets' "$T/one.csv")" = 2 ] && ok || bad "TOWER HAMLETS and Tower_Hamlets as tower_hamlets"
expect 0 "second init" -- "$KW" init --db "$T/d2" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "import the export" -- as_ana import clients "$T/one.csv" --db "$T/d2"
expect 0 "export again" -- as_ana export clients -o "$T/two.csv" --db "$T/d2"
cmp -s "$T/one.csv" "$T/two.csv" && ok || { bad "the export did not round-trip"; diff "$T/one.csv" "$T/two.csv" >&2; }

finish
