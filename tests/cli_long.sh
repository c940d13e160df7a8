#!/bin/bash
# cli_long.sh: the long operations (check, backup, restore, a change of keys, a retention run)
# show a progress line on a terminal and nothing when standard error is not one, and Ctrl-C in
# the middle of each stops it with exit 130, a message saying so, the data as it was (or, for a
# change of keys, as a crash leaves it: finished at the next sign-in) and `keywork check` clean.
. "$(dirname "$0")/lib_cli.sh"

D=$T/data
echo "demo-only-synthetic-women" >"$T/p"
# Enough women that each operation runs for a few seconds.
"$KW" demo --db "$D" --clients 2000 --seed 1 </dev/null >/dev/null 2>"$T/demo.err" && ok ||
	bad "demo: $(cat "$T/demo.err")"
# A retention pack whose periods have run out for many of them (as scripts/retention-bench.sh).
mkdir -p "$T/config/keywork/forms"
sed -e '/key: six_years/,/years: 6/ s/years: 6/months: 1/' \
	-e '/key: court_order$/,/years: 6/ s/years: 6/months: 1/' \
	"$KEYWORK_FORMS/retention.yaml" >"$T/config/keywork/forms/retention.yaml"
export XDG_CONFIG_HOME=$T/config
PASS=$T/p
as_demo() { "$KW" "$@" --db "$D" --user demo --passphrase-fd 3 3<"$PASS"; }
# The data as it reads: every woman and every contact, exported.
snapshot() {
	as_demo export clients -o "$1.clients" 2>/dev/null && as_demo export contacts -o "$1.contacts" 2>/dev/null
}
clean() {
	expect 0 "$1: check is clean" -- as_demo check
	has "$T/out" "ok" "$1: check says ok"
}
no_progress() {
	if grep -q -e '/s' -e $'\r' "$T/err"; then bad "$1: progress when stderr is not a terminal: $(cat -A "$T/err" | head -3)"; else ok; fi
}

# interrupt SIGN WHAT ARGS...: runs keywork ARGS (with --db, --user and the passphrase) on a
# terminal (script(1)) and sends Ctrl-C once SIGN shows there; expects exit 130 and the message.
interrupt() {
	local sign=$1 what=$2 args got sp
	shift 2
	args=$*
	rm -f "$T/pid" "$T/tty"
	# The command writes its pid first, so only keywork is interrupted.
	script -qfec "sh -c 'echo \$\$ >\"$T/pid\"; exec \"$KW\" $args --db \"$D\" --user demo --passphrase-fd 3 3<\"$PASS\" $REDIRECT'" \
		/dev/null >"$T/tty" 2>&1 &
	sp=$!
	for _ in $(seq 600); do grep -q -- "$sign" "$T/tty" 2>/dev/null && break; sleep 0.1; done
	grep -q -- "$sign" "$T/tty" && ok || bad "$what: no progress on a terminal: $(cat -A "$T/tty" | head -3)"
	kill -INT "$(cat "$T/pid")"
	# What a reader of a pipe would go on taking, so a write it waits in can finish.
	[ -n "$DRAIN" ] && { cat "$DRAIN" >/dev/null & }
	wait "$sp"
	got=$?
	[ "$got" = 130 ] && ok || bad "$what: interrupted: exit $got, expected 130: $(tr '\r' '\n' <"$T/tty" | tail -3)"
	has "$T/tty" "keywork: interrupted: " "$what: it says so"
}
REDIRECT= DRAIN=

snapshot "$T/before" && ok || bad "export before"

# --- check ---
expect 0 "check, not on a terminal" -- as_demo check
no_progress check
interrupt "pages read/s" check check
has "$T/tty" "the check did not finish; nothing was changed" "check: what it left"
has "$T/tty" "Ctrl-C stops" "check: the progress line says what Ctrl-C does"
clean "after an interrupted check"

# --- backup ---
expect 0 "backup, not on a terminal" -- as_demo backup -o "$T/b.kwb"
no_progress backup
# Written into a pipe whose reader stops after a megabyte, so the copy waits part way.
mkfifo "$T/fifo"
{ head -c 1048576 >/dev/null; exec sleep 600; } <"$T/fifo" &
reader=$!
REDIRECT=">$T/fifo" DRAIN=$T/fifo
interrupt "MB/s" backup backup -o -
REDIRECT= DRAIN=
kill "$reader" $(jobs -p) 2>/dev/null
wait 2>/dev/null
has "$T/tty" "no backup was written, the data is as it was" "backup: what it left"
clean "after an interrupted backup"

# --- restore over the data, with --force (the backup's passphrase, then Enter: the same) ---
printf '%s\n\n' "$(cat "$T/p")" >"$T/p2"
PASS=$T/p2
interrupt "unpacking" restore restore "$T/b.kwb" --force
PASS=$T/p
has "$T/tty" "nothing was restored, the data is as it was" "restore: what it left"
ls -d "$D".restore-* >/dev/null 2>&1 && bad "restore: its stage was left behind" || ok
ls -d "$D".replaced-* >/dev/null 2>&1 && bad "restore: the data was moved aside" || ok
clean "after an interrupted restore"
# Not on a terminal: a whole restore into a new directory, without progress.
expect 0 "restore, not on a terminal" -- "$KW" restore "$T/b.kwb" --db "$T/restored" --user demo --passphrase-fd 3 3<"$T/p"
no_progress restore

# --- a change of keys: it stops between the two files, and the next sign-in finishes it ---
printf 'a-new-passphrase-for-the-demo-42\n' >"$T/new"
interrupt "re-encrypting" "passwd --compromised" user passwd demo --compromised --new-passphrase-fd 4 "4<$T/new"
has "$T/tty" "the change of keys stopped between files; the data is intact" "rekey: what it left"
PASS=$T/new
clean "after an interrupted change of keys"
expect 0 "audit after the change" -- as_demo audit
has "$T/out" "rekey-resumed" "the next sign-in finished the change"
printf 'yet-another-passphrase-for-demo-7\n' >"$T/new2"
expect 0 "passwd --compromised, not on a terminal" -- as_demo user passwd demo --compromised --new-passphrase-fd 4 4<"$T/new2"
no_progress "passwd --compromised"
PASS=$T/new2

snapshot "$T/after" && ok || bad "export after"
cmp -s "$T/before.clients" "$T/after.clients" && cmp -s "$T/before.contacts" "$T/after.contacts" &&
	ok || bad "the women or their contacts changed across the interrupted operations"

# --- retention apply: each woman is deleted whole, and Ctrl-C stops before the next ---
expect 0 "retention review" -- as_demo retention
due=$(sed -n 's/.*: \([0-9]*\) of [0-9]* women due.*/\1/p' "$T/out")
[ "${due:-0}" -gt 20 ] && ok || bad "too few women due for the test: '$due'"
interrupt "women/s" "retention apply" retention apply --yes
deleted=$(grep -c ' deleted under ' "$T/tty")
has "$T/tty" "$deleted deleted before it stopped, each whole; nobody else was touched" \
	"retention: it says how many"
[ "$deleted" -lt "$due" ] && ok || bad "retention: Ctrl-C did not stop it ($deleted of $due)"
clean "after an interrupted retention run"
expect 0 "retention review again" -- as_demo retention
left=$(sed -n 's/.*: \([0-9]*\) of [0-9]* women due.*/\1/p' "$T/out")
[ "$left" = "$((due - deleted))" ] && ok || bad "retention: $left due after, expected $due - $deleted"
expect 0 "retention apply, not on a terminal" -- as_demo retention apply --yes
no_progress "retention apply"
clean "after the retention run"

finish
