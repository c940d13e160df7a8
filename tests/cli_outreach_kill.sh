#!/bin/bash
# cli_outreach_kill.sh: outreach receive killed (SIGKILL, injected by strace) at each of its
# fsyncs in turn and at every 40th write, on a copy of the same centre each time.
# After every kill the centre holds either nothing of the bundle or all of it (the laptop's
# contacts, notes and new woman together, and the bundle's number recorded with them),
# keywork check is clean, and receiving the bundle then takes it whole or says it was taken. The
# copy of the bundle's database a kill leaves in the data directory is removed at the next sign-in.
set -u
. "$(dirname "$0")/lib_cli.sh"
command -v strace >/dev/null || { echo "strace missing"; exit 1; }
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
B=$T/base
L=$T/laptop
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
lap() { "$KW" "$@" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"; }
D=$B
expect 0 "init" -- "$KW" init --db "$B" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "a woman" -- "$KW" save intake known_as=Mona --db "$B" --user kim --passphrase-fd 3 3<"$T/p2"
kw export clients -o "$T/c.csv" >/dev/null 2>&1
MREF=$(grep ',Mona,' "$T/c.csv" | cut -d, -f1)
expect 0 "laptop" -- kw outreach add kim-laptop --for kim -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
for i in 1 2 3 4 5 6; do
	lap save contact --client "$MREF" happened_at=2026-02-0${i}T10:00:00Z mode=centre outcome=made summary="Killed-$i" >/dev/null 2>&1
	lap save note --client "$MREF" body="Killed-note-$i" >/dev/null 2>&1
done
expect 0 "a new woman" -- lap save intake known_as=Pia
expect 0 "send" -- lap outreach send -o "$T/back.kwx"

# killed WHAT N: receive killed at the Nth call of WHAT; true if it was killed.
killed() {
	bash -c 'strace -f -o /dev/null -e trace="$0" -e inject="$0":signal=SIGKILL:when="$1" \
		"$2" outreach receive "$3" --db "$4" --user ana --passphrase-fd 3 3<"$5" \
		>/dev/null 2>&1; exit $?' "$1" "$2" "$KW" "$T/back.kwx" "$D" "$T/p1" 2>/dev/null
	[ $? -ge 128 ]
}
# What of the bundle the centre holds: none, all, or a count that is neither.
held() {
	local k n p
	kw export contacts -o "$T/k.csv" >/dev/null 2>&1
	kw export notes -o "$T/n.csv" >/dev/null 2>&1
	kw export clients -o "$T/w.csv" >/dev/null 2>&1
	k=$(grep -c 'Killed-' "$T/k.csv")
	n=$(grep -c 'Killed-note-' "$T/n.csv")
	p=$(grep -c ',Pia,' "$T/w.csv")
	rm -f "$T/k.csv" "$T/n.csv" "$T/w.csv"
	if [ "$k$n$p" = 000 ]; then echo none; elif [ "$k$n$p" = 661 ]; then echo all; else echo "$k/$n/$p"; fi
}
kills=0
left=0
try() {
	local what=$1 n=$2 h
	rm -rf "$T/d"
	cp -a "$B" "$T/d"
	D=$T/d
	killed "$what" "$n" || return 1
	kills=$((kills + 1))
	# The bundle's copy a kill leaves, once a minute old, goes at the next sign-in.
	ls "$D"/outreach-in-* >/dev/null 2>&1 && left=$((left + 1))
	for f in "$D"/outreach-in-*; do [ -e "$f" ] && touch -d '-2 minutes' "$f"; done
	kw check >"$T/check" 2>&1 && ok || bad "killed at $what $n: check: $(cat "$T/check")"
	ls "$D"/outreach-in-* >/dev/null 2>&1 && bad "killed at $what $n: the bundle's copy is left after a sign-in" || ok
	h=$(held)
	case $h in
	none)
		kw outreach receive "$T/back.kwx" >/dev/null 2>"$T/err" && [ "$(held)" = all ] && ok ||
			bad "killed at $what $n with nothing taken: the bundle is not taken whole after: $(cat "$T/err")"
		;;
	all)
		kw outreach receive "$T/back.kwx" >/dev/null 2>"$T/err"
		grep -q "taken already" "$T/err" && ok || bad "killed at $what $n with all taken: the bundle's number was not recorded with it"
		;;
	*) bad "killed at $what $n: part of the bundle was taken ($h: contacts/notes/women)" ;;
	esac
	kw check >"$T/check" 2>&1 && ok || bad "killed at $what $n, received again: check: $(cat "$T/check")"
	return 0
}
n=1
while try fsync,fdatasync $n; do n=$((n + 1)); done
echo "killed at each of $((n - 1)) fsyncs"
[ $n -gt 2 ] && ok || bad "the receive was never killed at an fsync (strace injection not working?)"
n=1
while try write,pwrite64 $n; do n=$((n + 40)); done
echo "killed at $kills points in all, $left leaving the bundle's copy behind"
[ $left -gt 0 ] && ok || bad "no kill left the bundle's copy behind: its tidying is not tested"
[ $kills -ge 20 ] && ok || bad "only $kills kills"
finish
