#!/bin/bash
# cli_pregnancy.sh: her pregnancy through `keywork save pregnancy --record
# HER`: "(unknown)", "(declined)" and "(not asked)" record those states (the
# word unknown is not an answer), yes with weeks, midwife and the worry of
# removal at birth; weeks out of range refused; a drop-in worker can't.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P3='maple-signal-quartz-ember-hollow'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P3" >"$T/p3"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a drop-in worker" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
expect 0 "a woman" -- kw save intake known_as=Pat
W=$(head -n 1 "$T/out")

expect 65 "unknown typed as an answer" -- kw save pregnancy --record "$W" pregnant=unknown
has "$T/err" "must be yes or no, or recorded as unknown" "says how to record it"
expect 0 "unknown recorded as unknown" -- kw save pregnancy --record "$W" "pregnant=(unknown)"
expect 0 "declined" -- kw save pregnancy --record "$W" "pregnant=(declined)"
expect 0 "yes, with what matters" -- kw save pregnancy --record "$W" pregnant=yes weeks=20 \
	midwife="Whittington maternity" "removal_concern=(unknown)"
expect 65 "fifty weeks" -- kw save pregnancy --record "$W" weeks=50
has "$T/err" "at most 45" "weeks are checked"
n=$(kw audit 2>/dev/null | grep -c "pregnancy changed $W" || true)
[ "$n" = 3 ] && ok || bad "three saves audited under her, $n found"
kw audit >"$T/audit" 2>&1
hasnt "$T/audit" "Whittington" "the audit never copies an answer"

cat_kw() { "$KW" "$@" --db "$D" --user cat --passphrase-fd 3 3<"$T/p3"; }
expect 65 "a drop-in worker" -- cat_kw save pregnancy --record "$W" pregnant=no
has "$T/err" "can't be changed by your role" "is refused for her role"
finish
