#!/bin/sh
# The benchmark: builds keywork (Release) into build-bench/, makes or reuses a
# synthetic data directory of 20,000 women (about 400,000 contacts and 300,000
# case notes), runs tests/bench_ui and tests/bench_csv and writes docs/benchmarks.md from their
# output, tests/bench_team's (a manager's team screen and whole-team Today beside the bare SQL
# for the same counts) and tests/bench_report's (a year's reports beside their bare SQL),
# which it also prints.
#
#   scripts/bench.sh [WOMEN] [SEED] [RUNS]        defaults: 20000 1 60
#
# The data directory is kept in $KEYWORK_BENCH_DATA (default
# ~/.cache/keywork-bench), named by size, seed and a hash of the generator
# and the schema, so a changed generator or schema makes a new one. It holds
# only synthetic women; its passphrase is the published demo one.
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
	./build-bench/keywork demo --db "$data" --clients "$women" --seed "$seed" </dev/null >/dev/null
	g1=$(date +%s)
	echo "$((g1 - g0)) $(date -u +%Y-%m-%d)" >"$data.made"
	generated="made now in $((g1 - g0)) s"
else
	read -r secs day <"$data.made"
	generated="reused: made on $day in $secs s"
fi
made=$(date +%s)

pass=$(mktemp)
trap 'rm -f "$pass"' EXIT
echo "demo-only-synthetic-women" >"$pass"
echo "== measuring ($runs runs per figure)" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
table=$(./build-bench/tests/bench_ui "$data" demo "$pass" "$runs")
csv=$(./build-bench/tests/bench_csv "$runs")
team=$(./build-bench/tests/bench_team "$data" demo "$pass" "$runs")
# Each report runs for about a second on this data: a few runs each.
report_runs=$((runs < 5 ? runs : 5))
reports=$(./build-bench/tests/bench_report "$data" demo "$pass" "$report_runs")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
end=$(date +%s)

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
disk=$(du -sh "$data" | cut -f1)
{
	echo "# Benchmarks"
	echo
	echo "Written by \`scripts/bench.sh $women $seed $runs\` on $(date -u '+%Y-%m-%d %H:%M UTC');"
	echo "do not edit by hand: run it again."
	echo
	echo "- Machine: $cpu, $(nproc) cores, $mem RAM; $(uname -sr)."
	echo "- Load average (1, 5, 15 min) before and after measuring: $load_before; $load_after."
	echo "- Data: $women synthetic women, seed $seed ($disk on disk, both compartments encrypted); $generated."
	echo "- Wall time of this run: build $((built - start)) s, data $((made - built)) s," \
		"measuring $((end - made)) s; total $((end - start)) s."
	echo
	echo "$table"
	echo
	echo "$csv"
	echo
	echo "How to read this: *UI* is the keywork function a screen calls plus building and"
	echo "drawing its list with the screens' own code into an off-screen curses terminal"
	echo "(40x120); *bare SQL* is the plainest query for the same rows, prepared once and run"
	echo "in the same process, after the UI pass, over the same queries and keyworker; a"
	echo "record is opened for women neither pass has looked at before (each is a first look"
	echo "at her record, with her pages read and decrypted afresh). *Plaintext* is the same"
	echo "UI work on an unencrypted copy made with \`sqlcipher_export\` (deleted afterwards)."
	echo "Ratios are of p95s. Unlock uses the demo's Argon2id parameters (interactive: 64 MiB);"
	echo "a real data directory's default (moderate, 256 MiB) takes longer, by design."
	echo "The CSV reader's figures are for the files tests/test_csvio.c reads (tests/bench_csv.c)."
	echo "See tests/bench_ui.c for exactly what each figure times. Several staff writing at"
	echo "once are measured apart, in [load.md](load.md) (scripts/load.sh)."
	echo "A retention run over the 20,000 women (1,190 due) is measured in"
	echo "[retention.md](retention.md) (scripts/retention-bench.sh)."
	echo
	echo "## The team"
	echo
	echo "$team"
	echo
	echo "Signed in as the demo manager, through the screens' own code (src/ui/team.c,"
	echo "src/ui/screen_today.c) driven by their key handlers, into the same off-screen terminal:"
	echo "*team screen* is T on her Today until the team screen is drawn; *whole-team Today* is"
	echo "Enter on \"The whole team\" until that Today is drawn. Each run makes the screens afresh."
	echo "*From the source rows* is plain SQL (window functions, GROUP BY) working the same"
	echo "per-keyworker counts out from episodes, closures, contacts, planned next contacts,"
	echo "pauses and tasks, as keywork did before it kept each woman's contact state; its counts"
	echo "are checked equal to the team screen's before any figure is printed. *From"
	echo "contact_state* is the plainest SQL reading the same inputs once from the contact state"
	echo "keywork keeps (general 0017), no date arithmetic or grouping: the floor for any reader"
	echo "of it. See tests/bench_team.c."
	echo
	echo "## Reports"
	echo
	echo "$reports"
	echo
	echo "A year's reports (the period \`keywork report\` defaults to), signed in once as the"
	echo "demo manager. *keywork* is kw_report_run (every table counted by the query builder,"
	echo "its rows put in order, the run written to the audit trail) and writing the result as"
	echo "CSV with small figures withheld; *bare SQL* is the plainest SQL for the same figures"
	echo "(the same women, then one GROUP BY per table with plain joins to the answers and"
	echo "their states; for distance travelled, first and last score by window functions),"
	echo "prepared once. The bare SQL's counts are checked against the report's before any"
	echo "figure is printed. Median and slowest of the runs, after one unmeasured run. See"
	echo "tests/bench_report.c. keywork runs a report as one statement that reads each kind"
	echo "of record, and each answer of a custom field, once for all its tables; the bare SQL"
	echo "makes a pass per table, so keywork can be the quicker."
} >docs/benchmarks.md.new
mv docs/benchmarks.md.new docs/benchmarks.md
cat docs/benchmarks.md

# Several staff at once (docs/load.md).
sh scripts/load.sh
