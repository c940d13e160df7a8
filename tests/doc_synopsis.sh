#!/bin/bash
# doc_synopsis.sh: man/keywork.1's SYNOPSIS is the one the program's command table gives
# (scripts/man-synopsis.sh writes it), and the page shows every command the table has.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/tests/lib_cli.sh"

cp "$SRC/man/keywork.1" "$T/keywork.1"
sh "$SRC/scripts/man-synopsis.sh" "$KW" "$T/keywork.1" && ok || bad "man-synopsis.sh failed"
diff -u "$SRC/man/keywork.1" "$T/keywork.1" >"$T/diff" && ok ||
	{ bad "man/keywork.1's SYNOPSIS is not the table's: run scripts/man-synopsis.sh"; cat "$T/diff" >&2; }
# Rendered, the SYNOPSIS names each command, and --help the same lines.
if command -v groff >/dev/null; then
	groff -man -Tutf8 -P-cbou "$T/keywork.1" 2>/dev/null |
		awk '/^SYNOPSIS/ { p = 1; next } /^[A-Z]/ { p = 0 } p' | tr -s ' \n' ' ' >"$T/syn"
	for cmd in $("$KW" help --complete | awk '$1 != "-" { print $1 }'); do
		grep -qF "keywork $cmd" "$T/syn" && ok || bad "the SYNOPSIS lacks keywork $cmd"
	done
fi
finish
