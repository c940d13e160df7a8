#!/bin/sh
# A retention run over a whole service's data: copies a data directory of synthetic women (DATA,
# or a new demo of WOMEN made here), shortens the shipped retention rules so that women with a
# closed episode fall due (months instead of years: the demo's episodes are recent), then times
# `keywork retention` (listing), `keywork retention apply` (deleting, vacuum included) and
# `keywork check` afterwards. Writes docs/retention.md; the copy is deleted.
#
#   scripts/retention-bench.sh [WOMEN] [DATA]      defaults: 20000, a new demo
set -eu
cd "$(dirname "$0")/.."
women=${1:-20000}
src=${2:-}
case "$women" in *[!0-9]* | '') echo "usage: scripts/retention-bench.sh [WOMEN] [DATA]" >&2; exit 64 ;; esac

echo "== building (Release) into build-bench/" >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DKEYWORK_WERROR=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target keywork >/dev/null
kw=./build-bench/keywork

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 700 "$tmp"
data="$tmp/data"
echo "demo-only-synthetic-women" >"$tmp/pass"
if [ -n "$src" ]; then
	cp -a "$src" "$data"
	made="a copy of a demo data directory made before"
else
	echo "== making $women synthetic women" >&2
	"$kw" demo --db "$data" --clients "$women" --seed 1 </dev/null >/dev/null
	made="a demo of $women synthetic women made for this run (seed 1)"
fi
mkdir -p "$tmp/config/keywork/forms"
sed -e '/key: six_years/,/years: 6/ s/years: 6/months: 1/' \
	-e '/key: child_protection$/,/years: 25/ s/years: 25/months: 2/' \
	-e '/key: court_order$/,/years: 6/ s/years: 6/months: 1/' \
	forms/retention.yaml >"$tmp/config/keywork/forms/retention.yaml"
run() { XDG_CONFIG_HOME="$tmp/config" "$kw" "$@" --db "$data" --user demo --passphrase-fd 3 3<"$tmp/pass"; }
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }

run check >/dev/null # the copy takes up the schema first, outside the timings
size_before=$(du -sh "$data" | cut -f1)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(now); run retention >"$tmp/list"; t1=$(now)
run retention apply --yes >"$tmp/apply"; t2=$(now)
run check >"$tmp/check" 2>&1 && check=clean || check="FAILED: $(tail -1 "$tmp/check")"; t3=$(now)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
size_after=$(du -sh "$data" | cut -f1)
due=$(sed -n 's/.*: \([0-9]*\) of \([0-9]*\) women due.*/\1 of \2/p' "$tmp/list")
deleted=$(grep -c ' deleted under ' "$tmp/apply" || true)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
	echo "# A retention run"
	echo
	echo "Written by \`scripts/retention-bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit by hand."
	echo
	echo "- Machine: $cpu, $(nproc) cores; load average before and after: $load_before; $load_after."
	echo "- Data: $made; both compartments encrypted; $size_before before, $size_after after."
	echo "- Rules: the shipped ones with months for years, so that women whose episode closed fall due."
	echo
	echo "| step | time |"
	echo "|---|--:|"
	echo "| \`keywork retention\` (who is due: $due) | $(secs "$t0" "$t1") s |"
	echo "| \`keywork retention apply\` ($deleted women deleted, one transaction each, tombstones, then both files vacuumed) | $(secs "$t1" "$t2") s |"
	echo "| \`keywork check\` afterwards: $check | $(secs "$t2" "$t3") s |"
	echo
	echo "Sign-in (Argon2id) is inside each figure."
} >docs/retention.md
cat docs/retention.md
[ "$check" = clean ]
