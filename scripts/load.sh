#!/bin/sh
# Several staff at once: builds keywork and tests/bench_load (Release) into
# build-bench/, makes a fresh demo data directory of WOMEN women in a private
# temporary directory, lets WORKERS keyworker processes log contacts and notes
# and open records on it at once for SECONDS seconds, then runs
# `keywork check` on what they left. Writes docs/load.md with the figures;
# exits non-zero if a write was lost, doubled or refused, or check fails.
#
#   scripts/load.sh [WORKERS] [SECONDS] [WOMEN]     defaults: 20 60 1000
#
# scripts/bench.sh runs it after the screens' figures; CI does not.
set -eu
cd "$(dirname "$0")/.."
workers=${1:-20}
seconds=${2:-60}
women=${3:-1000}
case "$workers$seconds$women" in
*[!0-9]*)
	echo "usage: scripts/load.sh [WORKERS] [SECONDS] [WOMEN]  (whole numbers)" >&2
	exit 64
	;;
esac
if [ "$women" -lt $((workers * 25)) ]; then
	echo "scripts/load.sh: $workers workers need $((workers * 25)) women or more" >&2
	exit 64
fi

echo "== building (Release) into build-bench/" >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DKEYWORK_WERROR=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target keywork bench_load >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 700 "$tmp"
data="$tmp/data"
pass="$tmp/pass"
echo "demo-only-synthetic-women" >"$pass"
echo "== making $women synthetic women in $data" >&2
./build-bench/keywork demo --db "$data" --clients "$women" --seed 1 </dev/null >/dev/null

echo "== $workers staff at once for $seconds s" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rc=0
table=$(./build-bench/tests/bench_load "$data" demo "$pass" forms "$workers" "$seconds") || rc=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$rc" -le 1 ] || exit "$rc"
if ./build-bench/keywork check --db "$data" --user demo --passphrase-fd 3 3<"$pass" \
	>"$tmp/check" 2>&1; then
	check="clean"
else
	check="FAILED: $(tail -1 "$tmp/check")"
	rc=1
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mkdir -p docs
{
	echo "# Several staff at once"
	echo
	echo "Written by \`scripts/load.sh $workers $seconds $women\` on $(date -u '+%Y-%m-%d %H:%M UTC');"
	echo "do not edit by hand: run it again."
	echo
	echo "- Machine: $cpu, $(nproc) cores; $(uname -sr)."
	echo "- Load average (1, 5, 15 min) before and after: $load_before; $load_after."
	echo "- Data: a fresh demo data directory of $women synthetic women (seed 1), both compartments encrypted."
	echo "- What each process does: signs in as its own keyworker (load01, load02, ...; 25 women each),"
	echo "  waits until all have signed in, then for $seconds s and with no pause between actions:"
	echo "  logs a contact (the contact form, through the same save as the screens), writes a case"
	echo "  note, opens another woman's record, and again. A commit's latency is from asking to save"
	echo "  to the save returning, waiting for the lock included."
	echo
	echo "$table"
	echo "| \`keywork check\` afterwards | $check |"
	echo
	echo "Every commit is in one process's own count and its id is read back afterwards; the"
	echo "store's counts before and after must differ by exactly the sum. A save that finds the"
	echo "data busy waits (trying again every millisecond or two) for up to 10 s before it is"
	echo "refused with who holds the data; no save was refused in this run unless the table says so."
	echo "This is all the staff of a large centre writing without a pause at once: a real day's"
	echo "rate is a small fraction of it."
} >docs/load.md.new
mv docs/load.md.new docs/load.md
cat docs/load.md
exit "$rc"
