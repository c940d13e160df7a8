#!/bin/sh
# Builds the fuzz targets with clang's libFuzzer and runs each for a while.
#   scripts/fuzz.sh [SECONDS]      (default 20 per target)
set -eu
cd "$(dirname "$0")/.."
secs=${1:-20}
out=build-fuzz
mkdir -p "$out"
CFLAGS="-g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Iinclude"

clang $CFLAGS src/util/err.c src/io/csvio.c tests/fuzz_csv.c -lcsv -o "$out/fuzz_csv"
mkdir -p "$out/corpus_csv"
echo "== fuzz_csv for ${secs}s"
"$out/fuzz_csv" -max_total_time="$secs" -max_len=65536 -print_final_stats=1 "$out/corpus_csv" \
	2>"$out/fuzz_csv.log" || { tail -40 "$out/fuzz_csv.log"; exit 1; }
grep -E 'stat::number_of_executed_units|Done' "$out/fuzz_csv.log" | tail -2

# The form loader, seeded with the shipped forms and the broken corpus.
clang $CFLAGS -fno-sanitize-recover=undefined -Isrc src/util/err.c src/util/util.c src/util/model.c src/db/kinds.c src/form/*.c \
	tests/fuzz_forms.c -lyaml -o "$out/fuzz_forms"
mkdir -p "$out/corpus_forms"
cp forms/*.yaml tests/forms-broken/*.yaml "$out/corpus_forms/" 2>/dev/null || true
echo "== fuzz_forms for ${secs}s"
"$out/fuzz_forms" -max_total_time="$secs" -max_len=65536 -timeout=10 -print_final_stats=1 \
	"$out/corpus_forms" 2>"$out/fuzz_forms.log" || { tail -40 "$out/fuzz_forms.log"; exit 1; }
grep -E 'stat::number_of_executed_units|Done' "$out/fuzz_forms.log" | tail -2
