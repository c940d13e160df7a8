#!/bin/sh
# Outreach laptops at a whole service's size: in a copy of a data directory of synthetic women
# (DATA, or a new demo of WOMEN made here), a keyworker's laptop takes 50 of them; then a week's
# work on the laptop (200 contacts and 100 case notes, imported there through the forms' rules)
# goes back to the centre, and the centre's bundle back to the laptop. Times each step and the
# bundles' sizes, checks both sides, and writes docs/outreach.md; the copies are deleted.
#
#   scripts/outreach-bench.sh [WOMEN] [DATA]      defaults: 20000, a new demo
set -eu
cd "$(dirname "$0")/.."
women=${1:-20000}
src=${2:-}
case "$women" in *[!0-9]* | '') echo "usage: scripts/outreach-bench.sh [WOMEN] [DATA]" >&2; exit 64 ;; esac

echo "== building (Release) into build-bench/" >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DKEYWORK_WERROR=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target keywork >/dev/null
kw=./build-bench/keywork

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 700 "$tmp"
data="$tmp/data"
lap="$tmp/laptop"
echo "demo-only-synthetic-women" >"$tmp/pass"
if [ -n "$src" ]; then
	cp -a "$src" "$data"
	made="a copy of a demo data directory made before"
else
	echo "== making $women synthetic women" >&2
	"$kw" demo --db "$data" --clients "$women" --seed 1 </dev/null >/dev/null
	made="a demo of $women synthetic women made for this run (seed 1)"
fi
run() { "$kw" "$@" --db "$data" --user demo --passphrase-fd 3 3<"$tmp/pass"; }
now() { date +%s.%N; }
secs() { printf '%.2f' "$(echo "$2 - $1" | bc)"; }
size() { stat -c %s "$1"; }

run check >/dev/null # the copy takes up the schema first, outside the timings
run export clients -o "$tmp/all.csv" >/dev/null 2>&1
refs=$(sed -n '2,51p' "$tmp/all.csv" | cut -d, -f1 | paste -sd, -)
first50=$(sed -n '2,51p' "$tmp/all.csv" | cut -d, -f1)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

t0=$(now); run outreach add kim-laptop --for demo --women "$refs" -o "$tmp/first.kwx" 2>"$tmp/add"; t1=$(now)
t_add=$(secs "$t0" "$t1"); s_first=$(size "$tmp/first.kwx")
what_first=$(sed -n 's/^keywork: \([0-9]* women, .*\)$/\1/p' "$tmp/add")
t0=$(now); "$kw" outreach start "$tmp/first.kwx" --db "$lap" --user demo --passphrase-fd 3 3<"$tmp/pass" 2>/dev/null; t1=$(now)
t_start=$(secs "$t0" "$t1")
lapd() { "$kw" "$@" --db "$lap" --user demo --passphrase-fd 3 3<"$tmp/pass"; }

# A week's work on the laptop: 200 contacts and 100 case notes about its women.
{
	echo "reference,happened_at,mode,outcome,missed_reason,summary,channel_safety,channel_override"
	i=0
	for r in $first50 $first50 $first50 $first50; do
		i=$((i + 1))
		printf '%s,2026-11-%02dT%02d:00:00Z,centre,made,,Week contact %d,,\n' "$r" $((i % 28 + 1)) $((i % 12 + 8)) $i
	done
} >"$tmp/contacts.csv"
{
	echo "reference,happened_at,written_at,confidential,body"
	i=0
	for r in $first50 $first50; do
		i=$((i + 1))
		printf '%s,2026-11-%02dT10:00:00Z,,no,Week note %d: she came in and we talked about housing.\n' "$r" $((i % 28 + 1)) $i
	done
} >"$tmp/notes.csv"
lapd import contacts "$tmp/contacts.csv" >/dev/null 2>&1
lapd import notes "$tmp/notes.csv" >/dev/null 2>&1

t0=$(now); lapd outreach send -o "$tmp/back.kwx" 2>/dev/null; t1=$(now)
t_send=$(secs "$t0" "$t1"); s_back=$(size "$tmp/back.kwx")
t0=$(now); run outreach receive "$tmp/back.kwx" 2>"$tmp/recv"; t1=$(now)
t_recv=$(secs "$t0" "$t1")
what_recv=$(sed -n 's/^keywork: bundle 1 of .kim-laptop. taken: //p' "$tmp/recv")
t0=$(now); run outreach send --to kim-laptop -o "$tmp/out.kwx" 2>/dev/null; t1=$(now)
t_sendto=$(secs "$t0" "$t1"); s_out=$(size "$tmp/out.kwx")
t0=$(now); lapd outreach receive "$tmp/out.kwx" 2>"$tmp/recv2"; t1=$(now)
t_recv2=$(secs "$t0" "$t1")
what_recv2=$(sed -n 's/^keywork: bundle 2 of .kim-laptop. taken: //p' "$tmp/recv2")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
run check >"$tmp/check" 2>&1 && check=clean || check="FAILED: $(tail -1 "$tmp/check")"
lapd check >"$tmp/check2" 2>&1 && check2=clean || check2="FAILED: $(tail -1 "$tmp/check2")"
t0=$(now); run outreach list >/dev/null 2>&1; t1=$(now)
t_signin=$(secs "$t0" "$t1")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
	echo "# Outreach laptops at a service's size"
	echo
	echo "Written by \`scripts/outreach-bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit by hand."
	echo
	echo "- Machine: $cpu, $(nproc) cores; load average before and after: $load_before; $load_after."
	echo "- Data: $made; both compartments encrypted. The laptop is the demo manager's, with 50 of the women."
	echo "- A week's work: 200 contacts and 100 case notes imported on the laptop (\`keywork import\`, through the forms' rules), not timed."
	echo
	echo "| step | time | bundle |"
	echo "|---|--:|--:|"
	echo "| \`outreach add\`, first bundle ($what_first) | $t_add s | $s_first bytes |"
	echo "| \`outreach start\` on the laptop | $t_start s | |"
	echo "| \`outreach send\` on the laptop (the week's work) | $t_send s | $s_back bytes |"
	echo "| \`outreach receive\` at the centre ($what_recv) | $t_recv s | |"
	echo "| \`outreach send --to\` at the centre (the 50 women as they stand) | $t_sendto s | $s_out bytes |"
	echo "| \`outreach receive\` on the laptop ($what_recv2) | $t_recv2 s | |"
	echo
	echo "Each figure includes signing in: \`keywork outreach list\` (a sign-in and a short query) takes $t_signin s at the centre."
	echo "A laptop's send first waits for the next whole second of its clock (under a second; keywork(1), OUTREACH LAPTOPS): the wait is in its figure, as is its audit trail in its bundle."
	echo "\`keywork check\` afterwards: at the centre $check, on the laptop $check2."
} >docs/outreach.md
cat docs/outreach.md
