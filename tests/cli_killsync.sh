#!/bin/bash
# cli_killsync.sh: every change of keys killed at each of its fsyncs in turn
# (strace injects SIGKILL at the Nth fsync or fdatasync, for N = 1, 2, ...
# until the command finishes). After each kill the data must be in the old
# state or the new one, or a pending state the next sign-in finishes: the
# check is clean, and exactly the passphrases of one state open it.
set -u
. "$(dirname "$0")/lib_cli.sh"
command -v strace >/dev/null || { echo "strace missing"; exit 1; }

printf '%s\n' harbour-velvet-orchard-comet-sunrise >"$T/ana"
printf '%s\n' meadow-lantern-puzzle-copper-violin >"$T/kim"
printf '%s\n' crimson-tundra-ballet-oyster-kettle >"$T/new"
B=$T/base
as() { local u=$1 p=$2; shift 2; "$KW" "$@" --db "$D" --user "$u" --passphrase-fd 3 3<"$T/$p"; }
D=$B
expect 0 "init" -- "$KW" init --db "$B" --user ana --kdf interactive --passphrase-fd 3 3<"$T/ana"
expect 0 "add kim" -- as ana ana user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/kim"
printf 'known_as\nAnn\n' >"$T/w.csv"
expect 0 "import" -- as ana ana import clients "$T/w.csv"

# killed N CMD...: runs CMD killed at its Nth fsync; true if it was killed.
killed() {
	local n=$1
	shift
	local rc
	# In a shell of its own, so that the kill is not announced on this one's stderr.
	bash -c 'strace -f -o /dev/null -e trace=fsync,fdatasync \
		-e inject=fsync,fdatasync:signal=SIGKILL:when="$0" "$@" >/dev/null 2>&1; exit $?' \
		"$n" "$@" 2>/dev/null
	rc=$?
	[ $rc -ge 128 ]
}
opens() { "$KW" check --db "$D" --user "$1" --passphrase-fd 3 3<"$T/$2" >"$T/c.out" 2>&1; }

# --- passwd --compromised: old passphrase or new, never both, never neither ---
n=1
while :; do
	rm -rf "$T/d"; cp -a "$B" "$T/d"; D=$T/d
	gen0=$(sed -n 's/^generation //p' "$D/keywork.keys")
	if ! killed $n "$KW" user passwd kim --compromised --kdf interactive --db "$D" --user kim \
		--passphrase-fd 3 3<"$T/kim" --new-passphrase-fd 4 4<"$T/new"; then
		break
	fi
	opens ana ana || bad "compromised, killed at fsync $n: ana cannot sign in: $(cat "$T/c.out")"
	old=0 new=0
	opens kim kim && old=1
	opens kim new && new=1
	[ $((old + new)) = 1 ] && ok || bad "compromised, killed at fsync $n: old opens=$old, new opens=$new"
	if [ $new = 1 ]; then
		opens ana ana
		gen=$(sed -n 's/^generation //p' "$D/keywork.keys")
		[ "$gen" -gt "$gen0" ] && ok || bad "compromised, killed at fsync $n: the new passphrase works but the keys did not change"
	fi
	opens ana ana && ok || bad "compromised, killed at fsync $n: check: $(cat "$T/c.out")"
	n=$((n + 1))
done
[ $n -gt 3 ] && ok || bad "passwd --compromised was never killed (strace injection not working?)"
echo "passwd --compromised: killed at each of $((n - 1)) fsyncs"

# --- user add: she exists with her passphrase, or not at all ---
n=1
while :; do
	rm -rf "$T/d"; cp -a "$B" "$T/d"; D=$T/d
	if ! killed $n "$KW" user add bea --role keyworker --kdf interactive --db "$D" --user ana \
		--passphrase-fd 3 3<"$T/ana" --new-passphrase-fd 4 4<"$T/new"; then
		break
	fi
	# The next sign-in of a manager finishes what the kill interrupted.
	opens ana ana || bad "user add, killed at fsync $n: ana cannot sign in: $(cat "$T/c.out")"
	if opens bea new; then
		ok
	else
		as ana ana user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/new" >/dev/null 2>&1 &&
			ok || bad "user add, killed at fsync $n: bea neither exists nor can be added"
	fi
	slots=$(grep -c '^slot' "$D/keywork.keys")
	[ "$slots" = 3 ] && ok || bad "user add, killed at fsync $n: $slots slots"
	opens ana ana && ok || bad "user add, killed at fsync $n: check: $(cat "$T/c.out")"
	n=$((n + 1))
done
echo "user add: killed at each of $((n - 1)) fsyncs"

# --- user disable: she is out, or still in and can be disabled again ---
n=1
while :; do
	rm -rf "$T/d"; cp -a "$B" "$T/d"; D=$T/d
	if ! killed $n "$KW" user disable kim --db "$D" --user ana --passphrase-fd 3 3<"$T/ana"; then
		break
	fi
	if opens kim kim; then
		as ana ana user disable kim >/dev/null 2>&1 || bad "user disable, killed at fsync $n: cannot disable again"
	fi
	opens ana ana && ok || bad "user disable, killed at fsync $n: check: $(cat "$T/c.out")"
	opens kim kim && bad "user disable, killed at fsync $n: kim still opens" || ok
	[ "$(grep -c '^slot' "$D/keywork.keys")" = 1 ] && ok || bad "user disable, killed at fsync $n: her slot remains"
	n=$((n + 1))
done
echo "user disable: killed at each of $((n - 1)) fsyncs"

finish
