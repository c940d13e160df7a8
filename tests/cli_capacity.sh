#!/bin/bash
# cli_capacity.sh: a keyworker's capacity. 40 by default, keywork.conf's "capacity" when it
# says, set per user by a manager with `user capacity` (history and audit), never by a
# keyworker, and never for drop-in staff, who hold no caseload.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
P3='maple-signal-quartz-ember-hollow'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/p3"
D=$T/data
export XDG_CONFIG_HOME=$T/config
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add bea" -- kw user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add cat" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
expect 0 "a woman of bea's" -- "$KW" save intake known_as=Mona --db "$D" --user bea \
	--passphrase-fd 3 3<"$T/p2"

expect 0 "bea's capacity, as it is" -- kw user capacity bea
has "$T/out" "$(printf 'bea\t1\t40')" "the default is 40"
expect 0 "set it" -- kw user capacity bea 25
has "$T/err" "can hold 25 women" "it is said"
has "$T/out" "$(printf 'bea\t1\t25')" "the new capacity"
expect 0 "read it again" -- kw user capacity bea
has "$T/out" "$(printf 'bea\t1\t25')" "it is kept"
expect 0 "the audit" -- kw audit -o "$T/audit"
grep -q "user-capacity.*capacity of bea: 25" "$T/audit" && ok || bad "the change is audited"
expect 0 "back to the default" -- kw user capacity bea default
has "$T/out" "$(printf 'bea\t1\t40')" "the default again"
mkdir -p "$XDG_CONFIG_HOME/keywork"
printf 'capacity = 30\n' >"$XDG_CONFIG_HOME/keywork/keywork.conf"
expect 0 "the default from keywork.conf" -- kw user capacity bea
has "$T/out" "$(printf 'bea\t1\t30')" "keywork.conf's default"
rm "$XDG_CONFIG_HOME/keywork/keywork.conf"

expect 64 "not a number" -- kw user capacity bea many
has "$T/err" "from 0 to 1000" "said why"
expect 64 "drop-in staff hold no caseload" -- kw user capacity cat 10
has "$T/err" "holds no caseload" "said why"
expect 64 "no such user" -- kw user capacity zed 10
expect 77 "a keyworker cannot set one" -- "$KW" user capacity bea 50 --db "$D" --user bea \
	--passphrase-fd 3 3<"$T/p2"
finish
