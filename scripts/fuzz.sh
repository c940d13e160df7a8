#!/bin/sh
# Builds the fuzz targets with clang's libFuzzer and runs each for a while.
#   scripts/fuzz.sh [SECONDS]      (default 20 per target)
set -eu
cd "$(dirname "$0")/.."
secs=${1:-20}
out=build-fuzz
mkdir -p "$out"
# Built by CMake from the layer libraries (KEYWORK_FUZZ): fuzz_csv links the CSV layer alone,
# fuzz_forms the form layer alone.
CC=clang cmake -S . -B "$out" -DKEYWORK_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
	-DCMAKE_C_FLAGS="-O1 -g" >"$out/cmake.log" || { cat "$out/cmake.log"; exit 1; }
cmake --build "$out" -j"$(nproc)" --target fuzz_csv fuzz_forms fuzz_reports >"$out/build.log" 2>&1 ||
	{ tail -40 "$out/build.log"; exit 1; }
mkdir -p "$out/corpus_csv"
echo "== fuzz_csv for ${secs}s"
"$out/fuzz_csv" -max_total_time="$secs" -max_len=65536 -print_final_stats=1 "$out/corpus_csv" \
	2>"$out/fuzz_csv.log" || { tail -40 "$out/fuzz_csv.log"; exit 1; }
grep -E 'stat::number_of_executed_units|Done' "$out/fuzz_csv.log" | tail -2

# The form loader, seeded with the shipped forms and the broken corpus.
mkdir -p "$out/corpus_forms"
cp forms/*.yaml tests/forms-broken/*.yaml "$out/corpus_forms/" 2>/dev/null || true
echo "== fuzz_forms for ${secs}s"
"$out/fuzz_forms" -max_total_time="$secs" -max_len=65536 -timeout=10 -print_final_stats=1 \
	"$out/corpus_forms" 2>"$out/fuzz_forms.log" || { tail -40 "$out/fuzz_forms.log"; exit 1; }
grep -E 'stat::number_of_executed_units|Done' "$out/fuzz_forms.log" | tail -2

mkdir -p "$out/corpus_reports"
cp reports/*.yaml "$out/corpus_reports/" 2>/dev/null || true
echo "== fuzz_reports for ${secs}s"
"$out/fuzz_reports" -max_total_time="$secs" -max_len=65536 -timeout=10 -print_final_stats=1 \
	"$out/corpus_reports" 2>"$out/fuzz_reports.log" || { tail -40 "$out/fuzz_reports.log"; exit 1; }
grep -E 'stat::number_of_executed_units|Done' "$out/fuzz_reports.log" | tail -2
