#!/bin/bash
# cli_load.sh: several staff writing one data directory at once lose nothing and see no
# refusal: eight keyworker processes log contacts and notes for their own women and open
# others' records for a few seconds (tests/bench_load; scripts/load.sh runs twenty for a
# minute), every commit is in the store exactly once, and `keywork check` is clean before
# and after. A demo data directory large enough to need keyworkers recorded without a login
# passes `keywork check` as it is made.
set -u
. "$(dirname "$0")/lib_cli.sh"
LOAD=${KEYWORK_LOAD:?set KEYWORK_LOAD to tests/bench_load}
FORMS=${KEYWORK_FORMS:?set KEYWORK_FORMS to the shipped forms}
D=$T/data
P=demo-only-synthetic-women
printf '%s\n' "$P" >"$T/pass"
export XDG_CONFIG_HOME=$T/config
kw() { "$KW" "$@" --db "$D" --user demo --passphrase-fd 3 3<"$T/pass"; }

expect 0 "a demo of 400 women" -- "$KW" demo --db "$D" --clients 400 --seed 3
expect 0 "check the demo as made" -- kw check
has "$T/out" "ok" "the demo agrees with its register"
hasnt "$T/out" "register gives her no keys" "no keyworker row without keys that may sign in"

expect 0 "eight staff at once" -- "$LOAD" "$D" demo "$T/pass" "$FORMS" 8 4
has "$T/out" "every commit is in the store, once" "nothing lost, nothing doubled"
has "$T/out" "| saves refused (of which data busy) | 0 (0) |" "no save refused"
grep -q '| commits (contacts + notes) | [1-9]' "$T/out" && ok || bad "the workers committed"
grep '| commits\|latency\|refused' "$T/out"
expect 0 "check after" -- kw check
has "$T/out" "ok" "check is clean after the load"
finish
