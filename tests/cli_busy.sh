#!/bin/bash
# cli_busy.sh: two real processes on one data directory. While a long import holds
# the data, another sign-in is told who is importing and since when (from the note
# keywork.busy), not "database is locked"; the note goes when the import ends, and a
# note left by a killed import is ignored.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P2='meadow-lantern-puzzle-copper-violin'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
D=$T/data
NOTE=$D/keywork.busy
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
as_bea() { "$KW" "$@" --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add a keyworker" -- as_ana user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
awk 'BEGIN { print "known_as,first_name,last_name"
	for (i = 0; i < 50000; i++) printf "Woman %d,First%d,Last%d\n", i, i, i }' >"$T/big.csv"

# Starts an import of big.csv in the background and stops it once its note, naming
# its pid, is there (it holds the write lock by then). Sets IMPORT to its pid.
start_stopped_import() {
	# Run directly (not through a function), so that $! is keywork itself.
	"$KW" import clients "$T/big.csv" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1" \
		>"$T/import.out" 2>&1 &
	IMPORT=$!
	local deadline=$((SECONDS + 60))
	until grep -qx "pid=$IMPORT" "$NOTE" 2>/dev/null || [ $SECONDS -ge $deadline ] ||
		! kill -0 $IMPORT 2>/dev/null; do :; done
	kill -STOP $IMPORT 2>/dev/null
	grep -qx "pid=$IMPORT" "$NOTE" 2>/dev/null && ok ||
		bad "the import left no note (or ended before it was seen)"
}

# --- a live import: the other sign-in says who and what ---
start_stopped_import
[ "$(stat -c %a "$NOTE")" = 600 ] && ok || bad "the note's mode is $(stat -c %a "$NOTE")"
has "$NOTE" "user=ana" "the note names her"
has "$NOTE" "doing=importing women" "the note says what"
expect 74 "a sign-in during the import fails after the busy timeout" -- as_bea check
has "$T/err" "the data is busy: ana is importing women since " "who holds the data, and what"
grep -Eq "since [0-9]{2}:[0-9]{2}; try again when it finishes" "$T/err" && ok ||
	bad "no time and no advice: $(cat "$T/err")"
hasnt "$T/err" "database is locked" "SQLite's bare message"
kill -CONT $IMPORT
wait $IMPORT
[ $? = 0 ] && ok || { bad "the stopped import did not finish"; cat "$T/import.out" >&2; }
has "$T/import.out" "imported 50000 women" "the import finished"
[ ! -e "$NOTE" ] && ok || bad "the note stayed after the import"
expect 0 "signing in works again" -- as_bea check

# --- a killed import leaves its note behind: stale, ignored ---
start_stopped_import
cp "$NOTE" "$T/stale-note"
{
	kill -KILL $IMPORT
	wait $IMPORT
} 2>/dev/null
[ -e "$NOTE" ] && ok || bad "a killed import's note is gone (nothing left to ignore)"
expect 0 "a stale note stops nobody" -- as_bea check
# Another import holds the data but its note is replaced by the dead one: not believed.
start_stopped_import
cp "$T/stale-note" "$NOTE"
expect 74 "busy again" -- as_bea check
has "$T/err" "the data is busy with someone else's work; try again in a moment" \
	"busy without a live note"
hasnt "$T/err" "ana is importing" "a dead process's note"
kill -CONT $IMPORT
wait $IMPORT
[ $? = 0 ] && ok || bad "the second import did not finish"

finish
