#!/bin/bash
# doc_layers.sh: scripts/layers.sh, which the build runs after linking keywork, passes on this
# build, fails on a breach not in tests/layers-debt.txt, and catches planted wrong-way calls
# (the form loader calling the store, the store calling the loader, a screen calling the store)
# and wrong-way includes (the store including the loader's header, the loader the store's, a
# lower layer an app header).
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/tests/lib_cli.sh"
B=$(dirname "$KW")
libs() { for l in util crypto form io db app ui cli; do echo "${1:-$B}/libkw_$l.a"; done; }

sh "$SRC/scripts/layers.sh" "$SRC" $(libs) >"$T/out" 2>"$T/err" && ok || { bad "layers.sh fails on this build"; cat "$T/err" >&2; }
# A breach the debt list does not know fails.
if [ -n "$(grep -v '^#' "$SRC/tests/layers-debt.txt")" ]; then
	grep -v '^#' "$SRC/tests/layers-debt.txt" | tail -n +2 >"$T/debt"
	LAYERS_DEBT=$T/debt sh "$SRC/scripts/layers.sh" "$SRC" $(libs) >"$T/out" 2>"$T/err" && bad "an unlisted breach passed" || ok
	has "$T/err" "$(grep -v '^#' "$SRC/tests/layers-debt.txt" | head -1)" "the breach is named"
fi
# A planted call from the form layer into the store fails.
mkdir -p "$T/b"
for l in $(libs); do cp "$l" "$T/b/"; done
printf 'int kw_db_search(void);\nint planted(void);\nint planted(void) { return kw_db_search(); }\n' >"$T/planted.c"
cc -c "$T/planted.c" -o "$T/planted.o" && ar r "$T/b/libkw_form.a" "$T/planted.o" 2>/dev/null
sh "$SRC/scripts/layers.sh" "$SRC" $(libs "$T/b") >"$T/out" 2>"$T/err" && bad "a form-to-db call passed" || ok
has "$T/err" "form calls db: kw_db_search" "the wrong-way call is named"
# SQL from the screens fails.
cp "$B/libkw_ui.a" "$T/b/libkw_ui.a"
cp "$B/libkw_form.a" "$T/b/libkw_form.a"
printf 'int sqlite3_exec(void);\nint planted_ui(void);\nint planted_ui(void) { return sqlite3_exec(); }\n' >"$T/planted.c"
cc -c "$T/planted.c" -o "$T/planted.o" && ar r "$T/b/libkw_ui.a" "$T/planted.o" 2>/dev/null
sh "$SRC/scripts/layers.sh" "$SRC" $(libs "$T/b") >"$T/out" 2>"$T/err" && bad "SQL in the screens passed" || ok
has "$T/err" "ui calls db: sqlite3_exec" "SQL outside the store is named"
# A screen calling the store, and the store calling the form loader, fail.
cp "$B/libkw_ui.a" "$T/b/libkw_ui.a"
printf 'int kw_db_client_get(void);\nint planted_get(void);\nint planted_get(void) { return kw_db_client_get(); }\n' >"$T/planted.c"
cc -c "$T/planted.c" -o "$T/planted.o" && ar r "$T/b/libkw_ui.a" "$T/planted.o" 2>/dev/null
sh "$SRC/scripts/layers.sh" "$SRC" $(libs "$T/b") >"$T/out" 2>"$T/err" && bad "a screen calling the store passed" || ok
has "$T/err" "ui calls db: kw_db_client_get" "the screen's call into the store is named"
cp "$B/libkw_ui.a" "$T/b/libkw_ui.a"
printf 'int kw_form_validate(void);\nint planted_db(void);\nint planted_db(void) { return kw_form_validate(); }\n' >"$T/planted.c"
cc -c "$T/planted.c" -o "$T/planted.o" && ar r "$T/b/libkw_db.a" "$T/planted.o" 2>/dev/null
sh "$SRC/scripts/layers.sh" "$SRC" $(libs "$T/b") >"$T/out" 2>"$T/err" && bad "a db-to-form call passed" || ok
has "$T/err" "db calls form: kw_form_validate" "the store's call into the loader is named"
cp "$B/libkw_db.a" "$T/b/libkw_db.a"
# Wrong-way includes, planted in a copy of the sources: the store including the loader's header,
# the loader the store's, the model an app header.
mkdir -p "$T/s/src" "$T/s/tests"
ln -s "$SRC/include" "$T/s/include"
cp "$SRC/tests/layers-debt.txt" "$T/s/tests/"
for d in "$SRC"/src/*/; do cp -r "$d" "$T/s/src/"; done
sh "$SRC/scripts/layers.sh" "$T/s" $(libs "$T/b") >"$T/out" 2>"$T/err" && ok || { bad "the copied sources fail"; cat "$T/err" >&2; }
plant() { # plant LAYER HEADER [NAMED]: a source of LAYER including HEADER fails, naming NAMED.
	printf '#include "keywork/%s"\n' "$2" >"$T/s/src/$1/planted.c"
	sh "$SRC/scripts/layers.sh" "$T/s" $(libs "$T/b") >"$T/out" 2>"$T/err" && bad "$1 including $2 passed" || ok
	has "$T/err" "$1 includes keywork/${3:-$2}" "$1 including $2 is named"
	rm "$T/s/src/$1/planted.c"
}
plant db form.h
plant form db.h
plant form formdb.h db.h
plant util reads.h
plant io lookup.h
finish
