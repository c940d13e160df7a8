#!/bin/bash
# cli_leaver.sh: `user disable` of a keyworker who still holds a caseload is refused, saying how
# many women, and changes nothing; with --to-queue her women wait for a keyworker again (each
# audited) and she is disabled; one with no women is disabled as before. No woman is left with
# a keyworker who cannot sign in.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
P4='plover-saddle-granite-mellow-wick'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P4" >"$T/p4"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
bea() { "$KW" "$@" --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add bea" -- kw user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p4"
expect 0 "a woman of bea's" -- bea save intake known_as=Mona
expect 0 "another" -- bea save intake known_as=Nell

expect 65 "bea holds a caseload" -- kw user disable bea
has "$T/err" "'bea' is still the keyworker of 2 women" "said how many"
has "$T/err" "--to-queue" "and what to do"
expect 0 "bea can still sign in" -- bea check
expect 64 "--to-queue is for disable" -- kw user passwd bea --to-queue

expect 0 "bea covers for kim" -- kw cover kim --by bea --until "$(date -d '+7 days' +%F)"
expect 0 "to the queue" -- kw user disable bea --to-queue
has "$T/err" "2 women of bea's now wait for a keyworker" "said so"
has "$T/err" "'bea' is disabled" "and she is disabled"
has "$T/err" "1 cover with bea ended" "her cover ends with her"
expect 77 "bea cannot sign in" -- bea check
expect 0 "the audit" -- kw audit -o "$T/audit"
[ "$(grep -c "unallocate.*moved to the queue from bea" "$T/audit")" = 2 ] && ok ||
	bad "each woman's move is audited"
expect 0 "covers" -- kw cover
[ ! -s "$T/out" ] && ok || bad "no cover is left with a disabled keyworker"
grep -q "cover-end.*cover of kim by bea ended .* (a leaver's)" "$T/audit" && ok ||
	bad "the end of her cover is audited"
expect 0 "kim holds none: disabled as before" -- kw user disable kim
finish
