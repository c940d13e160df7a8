#!/bin/bash
# cli_upgrade.sh: a data directory made by keywork 0.1 (tests/upgrade-0.1:
# manager ana, keyworker kim, drop-in dee, one woman; passphrases below, the
# recovery code beside it) is taken up by this one: the first keyworker to sign
# in adopts its key file into the protected register, each user gets her memo
# at her own sign-in, tampering is found from then on, and the old recovery
# code still works.
set -u
. "$(dirname "$0")/lib_cli.sh"
src=$(dirname "$0")/upgrade-0.1
printf '%s\n' harbour-velvet-orchard-comet-sunrise >"$T/ana"
printf '%s\n' meadow-lantern-puzzle-copper-violin >"$T/kim"
printf '%s\n' crimson-tundra-ballet-oyster-kettle >"$T/dee"
D=$T/D
mkdir -m 700 "$D"
cp "$src/keywork.db" "$src/keywork.keys" "$src/sensitive.db" "$D/"
chmod 600 "$D"/*
as() { local u=$1; shift; "$KW" "$@" --db "$D" --user "$u" --passphrase-fd 3 3<"$T/$u"; }

grep -q 'memo=' "$D/keywork.keys" && bad "the 0.1 key file already has memos" || ok
expect 0 "dee signs in as before" -- as dee check
expect 0 "kim signs in and adopts the key file" -- as kim check
[ "$(grep -c 'memo=' "$D/keywork.keys")" = 1 ] && ok || bad "kim's slot has no memo"
expect 0 "ana signs in" -- as ana check
[ "$(grep -c 'memo=' "$D/keywork.keys")" = 2 ] && ok || bad "ana's slot has no memo"
expect 0 "the trail" -- as ana audit -o "$T/audit.txt"
has "$T/audit.txt" "trust-adopted" "the adoption is recorded"
cp -a "$D" "$T/D2"
junk=$(head -c 80 /dev/urandom | od -An -tx1 | tr -d ' \n')
sed -i "/role=dropin/s/sensitive=-/sensitive=$junk/" "$D/keywork.keys"
expect 65 "after the upgrade a claimed entitlement is found" -- as kim check
has "$T/out" "claims the sensitive key" "and named"
rm -rf "$D"; mv "$T/D2" "$D"
expect 0 "the old recovery code still works" -- "$KW" recover --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$src/recovery-code" --new-passphrase-fd 4 4<"$T/ana"
expect 0 "and all is well" -- as ana check
finish
