#!/bin/bash
# cli_keys.sh: the key lifecycle on the command line: disable, compromised
# passphrases, recovery, backup and restore.
set -u
. "$(dirname "$0")/lib_cli.sh"

printf '%s\n' harbour-velvet-orchard-comet-sunrise >"$T/p1"
printf '%s\n' meadow-lantern-puzzle-copper-violin >"$T/p2"
printf '%s\n' crimson-tundra-ballet-oyster-kettle >"$T/p3"
D=$T/data
as() { local u=$1 p=$2; shift 2; "$KW" "$@" --db "$D" --user "$u" --passphrase-fd 3 3<"$T/$p"; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
sed -n 2p "$T/out" >"$T/code"
grep -qE '^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$' "$T/code" && ok || bad "recovery code format: $(cat "$T/code")"
expect 0 "add bea" -- as ana p1 user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
printf 'known_as\nAnn\nBea\n' >"$T/w.csv"
expect 0 "import" -- as ana p1 import clients "$T/w.csv"
cp "$D/keywork.keys" "$T/keys.before"

# --- disable ---
expect 77 "a keyworker cannot disable" -- as bea p2 user disable ana
expect 64 "a manager cannot disable herself" -- as ana p1 user disable ana
expect 0 "disable bea" -- as ana p1 user disable bea
has "$T/err" "both compartment keys have changed" "disable message"
expect 77 "bea is refused" -- as bea p2 check
grep -q '^generation 2$' "$D/keywork.keys" && ok || bad "generation did not move to 2"
[ "$(grep -c '^slot' "$D/keywork.keys")" = 1 ] && ok || bad "bea's slot is still there"
# An old copy of the key file with her passphrase opens nothing now.
cp "$D/keywork.keys" "$T/keys.now"
cp "$T/keys.before" "$D/keywork.keys"
expect 65 "old key file and bea's passphrase open nothing" -- as bea p2 check
cp "$T/keys.now" "$D/keywork.keys"
expect 0 "ana carries on" -- as ana p1 check
has "$T/out" "ok" "check ok after disable"

# --- passwd --compromised ---
expect 0 "compromised passphrase" -- as ana p1 user passwd ana --compromised --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
expect 77 "the old passphrase is refused" -- as ana p1 check
expect 0 "the new one works" -- as ana p3 check
grep -q '^generation 3$' "$D/keywork.keys" && ok || bad "generation did not move to 3"

# --- backup while at generation 3 ---
expect 0 "backup" -- as ana p3 backup -o "$T/b1.kwb"
[ "$(stat -c %a "$T/b1.kwb")" = 600 ] && ok || bad "backup mode"
has "$T/err" "retention" "backup warns about retention"
ver=$("$KW" --version | sed 's/^keywork //')
grep -a -q "^version $ver\$" "$T/b1.kwb" && ok || bad "the backup header does not name keywork $ver"
expect 0 "the trail" -- as ana p3 audit -o "$T/trail.txt"
has "$T/trail.txt" "login  -  manager, keywork $ver" "a sign-in row names the keywork that signed in"
expect 64 "backup never overwrites" -- as ana p3 backup -o "$T/b1.kwb"
expect 77 "a keyworker cannot back up" -- as bea p2 backup -o "$T/b2.kwb"

# --- recover with the paper code ---
printf 'WRONG-CODE\n' >"$T/badcode"
expect 77 "a wrong code" -- "$KW" recover --db "$D" --user ana --passphrase-fd 3 3<"$T/badcode" --new-passphrase-fd 4 4<"$T/p1"
expect 0 "recover" -- "$KW" recover --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/code" --new-passphrase-fd 4 4<"$T/p1"
has "$T/out" "NEW recovery code" "a new code is shown"
expect 0 "the recovered passphrase works" -- as ana p1 check
expect 77 "the old code is spent" -- "$KW" recover --db "$D" --user ana --passphrase-fd 3 3<"$T/code" --new-passphrase-fd 4 4<"$T/p2"

# --- restore ---
expect 64 "restore will not replace data without --force" -- "$KW" restore "$T/b1.kwb" --db "$D" --user ana --passphrase-fd 3 3<"$T/p3"
expect 0 "restore into a new directory" -- "$KW" restore "$T/b1.kwb" --db "$T/r" --user ana --passphrase-fd 3 3<"$T/p3"
expect 0 "the restored copy opens" -- "$KW" check --db "$T/r" --user ana --passphrase-fd 3 3<"$T/p3"
cat "$T/p3" "$T/p1" >"$T/p31"
expect 64 "an older backup is refused over newer data" -- "$KW" restore "$T/b1.kwb" --db "$D" --user ana --passphrase-fd 3 3<"$T/p31" --force
has "$T/err" "older than the data it would replace" "the refusal says why"
expect 0 "restore over newer data, with --force --older" -- "$KW" restore "$T/b1.kwb" --db "$D" --user ana --passphrase-fd 3 3<"$T/p31" --force --older
has "$T/out" "OLDER than the data it replaced" "an older backup is reported"
ls -d "$D".replaced-* >/dev/null 2>&1 && ok || bad "the replaced data was not kept"
head -c 1000 "$T/b1.kwb" >"$T/cut.kwb"
expect 65 "a truncated backup" -- "$KW" restore "$T/cut.kwb" --db "$T/r2" --user ana --passphrase-fd 3 3<"$T/p3"
[ ! -e "$T/r2" ] && ok || bad "a failed restore left a directory"

finish
