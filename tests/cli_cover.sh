#!/bin/bash
# cli_cover.sh: keywork cover. A manager starts a cover (audited), it is listed, it is refused
# for a day gone by, for drop-in staff, for a keyworker covering herself, twice at once and for
# anyone but a manager; --end ends it (audited). Ending by itself on its date is test_team's.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
P3='maple-signal-quartz-ember-hollow'
P4='plover-saddle-granite-mellow-wick'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/p3"
printf '%s\n' "$P4" >"$T/p4"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add bea" -- kw user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add cat" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p4"
today=$(date +%F)
until=$(date -d '+14 days' +%F)
yesterday=$(date -d '1 day ago' +%F)

expect 64 "no --until" -- kw cover kim --by bea
expect 64 "--end with --by" -- kw cover kim --by bea --end
expect 64 "a day gone by" -- kw cover kim --by bea --until "$yesterday"
has "$T/err" "has passed already" "said why"
expect 64 "not a date" -- kw cover kim --by bea --until soon
has "$T/err" "YYYY-MM-DD" "said why"
expect 64 "covering herself" -- kw cover kim --by kim --until "$until"
expect 64 "drop-in staff cannot cover" -- kw cover kim --by cat --until "$until"
has "$T/err" "holds no caseload" "said why"
expect 64 "nobody to end" -- kw cover kim --end
has "$T/err" "nobody is covering for kim" "said why"
expect 77 "a keyworker cannot arrange cover" -- "$KW" cover kim --by bea --until "$until" \
	--db "$D" --user bea --passphrase-fd 3 3<"$T/p2"

expect 0 "bea covers for kim" -- kw cover kim --by bea --until "$until"
has "$T/err" "bea covers for kim until $until" "said so"
expect 0 "listed" -- kw cover
has "$T/out" "$(printf 'kim\tbea\t%s\t%s' "$today" "$until")" "the cover is listed"
expect 64 "not twice" -- kw cover kim --by ana --until "$until"
has "$T/err" "is covered by bea until $until already" "said why"
expect 0 "ended early" -- kw cover kim --end
has "$T/err" "has ended" "said so"
expect 0 "listed again" -- kw cover
[ ! -s "$T/out" ] && ok || bad "an ended cover is not listed"
expect 0 "the audit" -- kw audit -o "$T/audit"
grep -q "cover-start.*cover of kim by bea from $today until $until" "$T/audit" && ok ||
	bad "the start is audited"
grep -q "cover-end.*cover of kim by bea ended $today (ended early)" "$T/audit" && ok ||
	bad "the end is audited"
finish
