#!/bin/sh
# The benchmark: builds keywork (Release) into build-bench/, makes or reuses a
# synthetic data directory of WOMEN women (at 20,000: about 400,000 contacts and
# 300,000 case notes), runs tests/bench_ui, tests/bench_csv, tests/bench_team (a
# manager's team screen and whole-team Today beside the bare SQL for the same counts)
# and tests/bench_report on it, times the bulk work (check, backup, restore, beside a plain copy of the
# same files), and writes that size's results to docs/bench/women-WOMEN.md (with
# .tsv and .bulk files for the figures). docs/benchmarks.md is then composed from
# every size measured so far, side by side, so the cost's growth shows per
# operation; it is printed too.
#
#   scripts/bench.sh [WOMEN] [SEED] [RUNS]        defaults: 20000 1 60
#
# RUNS is any number from 1 to 2000 (a p95 means little under 20).
# The data directory is kept in $KEYWORK_BENCH_DATA (default
# ~/.cache/keywork-bench), named by size, seed and a hash of the generator
# and the schema, so a changed generator or schema makes a new one. It holds
# only synthetic women; its passphrase is the published demo one. Several
# staff at once (scripts/load.sh, docs/load.md) run last, unless
# KEYWORK_BENCH_LOAD=no.
set -eu
cd "$(dirname "$0")/.."
women=${1:-20000}
seed=${2:-1}
runs=${3:-60}
# Checked before anything is built or made, so a typing slip costs nothing.
case $women$seed$runs in *[!0-9]*) bad=1 ;; *) bad= ;; esac
if [ -n "$bad" ] || [ "$women" -lt 1 ] || [ "$runs" -lt 1 ] || [ "$runs" -gt 2000 ]; then
	echo "usage: scripts/bench.sh [WOMEN] [SEED] [RUNS]  (numbers; RUNS 1 to 2000)" >&2
	exit 64
fi
start=$(date +%s)

echo "== building (Release) into build-bench/" >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DKEYWORK_WERROR=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target keywork bench_ui bench_csv bench_report bench_team >/dev/null
built=$(date +%s)

key=$(cat src/app/synth.c src/db/synthdb.c schema/general/*.sql schema/sensitive/*.sql |
	sha256sum | cut -c1-12)
cache=${KEYWORK_BENCH_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/keywork-bench}
data="$cache/women-$women-seed-$seed-$key"
mkdir -p "$cache" docs
chmod 700 "$cache"
if [ ! -f "$data/keywork.keys" ] || [ ! -f "$data.made" ]; then
	echo "== making $women synthetic women (seed $seed) in $data" >&2
	rm -rf "$data" "$data.made"
	g0=$(date +%s)
	# With GNU time, also its CPU seconds, bytes written and peak memory.
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S %O %M' -o "$data.time" \
			./build-bench/keywork demo --db "$data" --clients "$women" --seed "$seed" </dev/null >/dev/null
		extra=$(awk '{ printf "%.1f %.0f %s", $1 + $2, $3 * 512, $4 }' "$data.time")
		rm -f "$data.time"
	else
		./build-bench/keywork demo --db "$data" --clients "$women" --seed "$seed" </dev/null >/dev/null
		extra=
	fi
	g1=$(date +%s)
	echo "$((g1 - g0)) $(date -u +%Y-%m-%d) $extra" >"$data.made"
	generated="made now in $((g1 - g0)) s"
else
	read -r secs day _ <"$data.made"
	generated="reused: made on $day in $secs s"
fi
made=$(date +%s)

pass=$(mktemp)
trap 'rm -f "$pass" "${plaincheck:-}"' EXIT
echo "demo-only-synthetic-women" >"$pass"
echo "== measuring ($runs runs per figure)" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
plaincheck="$cache/plaincheck-$$"
table=$(KW_BENCH_PLAIN_CHECK="$plaincheck" ./build-bench/tests/bench_ui "$data" demo "$pass" "$runs")
csv=$(./build-bench/tests/bench_csv "$runs")
team=$(./build-bench/tests/bench_team "$data" demo "$pass" "$runs")
# Each report runs for about a second on this data: a few runs each.
report_runs=$((runs < 5 ? runs : 5))
reports=$(./build-bench/tests/bench_report "$data" demo "$pass" "$report_runs")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
end=$(date +%s)

# --- bulk work, timed on this data: rows are women, contacts and case notes ---
rows=$(printf '%s\n' "$table" |
	sed -n 's/^Data: \([0-9]*\) women, \([0-9]*\) contacts, \([0-9]*\) case notes.*/\1 \2 \3/p')
set -- $rows
nrows=$(($1 + $2 + $3))
kw() { ./build-bench/keywork "$@" --user demo --passphrase-fd 3 3<"$pass"; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
bytes=$(du -sb "$data" | cut -f1)
scratch="$cache/scratch-$$"
rm -rf "$scratch"
mkdir -m 700 "$scratch"
trap 'rm -f "$pass" "$plaincheck"; rm -rf "$scratch"' EXIT
bulk_load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Each step starts with nothing of the one before left to write out, and what a step writes is
# on the disk when it ends (backup and restore sync what they write; the plain copy is synced
# file by file here), so each pays for its own writes at every size.
sync
t0=$(now)
kw check --db "$data" >"$scratch/check" 2>&1 && checked=clean || checked="FAILED: $(tail -1 "$scratch/check")"
t1=$(now)
sync
b0=$(now)
kw backup --db "$data" -o "$scratch/b.kwb" 2>/dev/null
t2=$(now)
sync
r0=$(now)
kw restore "$scratch/b.kwb" --db "$scratch/restored" >/dev/null 2>&1
t3=$(now)
rm -rf "$scratch/restored"
sync
p0=$(now)
cp -r "$data" "$scratch/copy"
find "$scratch/copy" -type f -exec sync {} +
t4=$(now)
bulk_load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$scratch"
read -r gen_secs gen_day gen_cpu gen_written gen_rss <"$data.made"
out=docs/bench
mkdir -p "$out"
# How the data was made (seconds, day, CPU seconds, bytes written, peak KB), for the composer.
cp "$data.made" "$out/women-$women.made"
{
	echo "generation $gen_secs $nrows $bytes"
	echo "check $(secs "$t0" "$t1") $nrows $bytes"
	[ -s "$plaincheck" ] && sed "s/\$/ $nrows $bytes/" "$plaincheck"
	echo "backup $(secs "$b0" "$t2") $nrows $bytes"
	echo "restore $(secs "$r0" "$t3") $nrows $bytes"
	echo "copy $(secs "$p0" "$t4") $nrows $bytes"
} >"$out/women-$women.bulk"
# The screens' figures, for the side-by-side table: operation, UI p50, UI p95, bare SQL p95.
printf '%s\n' "$table" | awk -F'|' '
	/^\| operation \| UI p50/ { on = 1; next }
	on && /^\|---/ { next }
	on && /^\|/ { gsub(/^ +| +$/, "", $2); gsub(/ /, "", $3); gsub(/ /, "", $4); gsub(/ /, "", $6)
		if ($3 != "") printf "%s\t%s\t%s\t%s\n", $2, $3, $4, $6; next }
	on { on = 0 }
	/the screens. work above, encrypted/ { gsub(/ MB/, "", $3); gsub(/ /, "", $3)
		printf "peak memory of the screens\047 work (MB, not ms)\t\t%s\t\n", $3 }' >"$out/women-$women.tsv"
end=$(date +%s)

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
disk=$(du -sh "$data" | cut -f1)
# This size's section, whole.
{
	echo "## $women women"
	echo
	echo "Measured by \`scripts/bench.sh $women $seed $runs\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo
	echo "- Machine: $cpu, $(nproc) cores, $mem RAM; $(uname -sr); shared with other work."
	echo "- Load average (1, 5, 15 min) before and after measuring the screens: $load_before; $load_after;"
	echo "  before and after the bulk work: $bulk_load_before; $bulk_load_after."
	echo "- Data: $women synthetic women, seed $seed ($disk on disk, both compartments encrypted); $generated."
	echo "- Wall time of this run: build $((built - start)) s, data $((made - built)) s," \
		"measuring $((end - made)) s; total $((end - start)) s."
	echo
	echo "$table"
	echo
	echo "$csv"
	echo
	echo "### Bulk work on this data"
	echo
	echo "Rows are women, contacts and case notes ($nrows). \`keywork check\` afterwards: $checked."
	if [ -n "${gen_written:-}" ]; then
		echo "Making the data took $gen_cpu CPU seconds in $gen_secs s, wrote" \
			"$((gen_written / 1048576)) MB to make $((bytes / 1048576)) MB, and peaked at" \
			"$((gen_rss / 1024)) MB resident."
	fi
	echo
	echo "| work | seconds | rows/s | MB/s |"
	echo "|---|--:|--:|--:|"
	while read -r what t n b; do
		awk -v w="$what" -v t="$t" -v n="$n" -v b="$b" 'BEGIN {
			if (w == "plaincheck") w = "check, plaintext SQLite"; else if (w == "plainic") w = "integrity_check, plaintext SQLite"; else if (w == "copy") w = "plain copy (synced)"
			printf "| %s | %.1f | %.0f | %.1f |\n", w, t, (t > 0 ? n / t : 0), (t > 0 ? b / 1048576 / t : 0) }'
	done <"$out/women-$women.bulk"
	echo
	echo "### The team"
	echo
	echo "$team"
	echo
	echo "### Reports"
	echo
	echo "$reports"
} >"$out/women-$women.md"

sh scripts/bench-compose.sh
cat docs/benchmarks.md

# Several staff at once (docs/load.md).
if [ "${KEYWORK_BENCH_LOAD:-yes}" != no ]; then
	sh scripts/load.sh
fi
