#!/bin/bash
# doc_keys.sh: the screens name keys only through the key table (src/ui/keys.c).
# No string written in src/ui spells a key by hand ("Enter opens", "a adds",
# "^S saves", "y/N"), and every {operation} a hint names for ui_keys_text is an
# operation of the table.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
KEYWORK_BIN=unused . "$SRC/tests/lib_cli.sh"

# String literals (outside comments) that spell a key's name, then say what it does.
grep -nE '"[^"]*((^|[ (:"])(Enter|Esc|Tab|Space|Backspace|F1|F12|PgUp|PgDn|\^[A-Z])([ :;,.)/]|$)|(^|[ (:"])[a-zA-Z0-9?/>] (adds?|takes|shows|hides|quits|locks|back|refers?|close|opens?|picks|keeps|cancels|saves|ticks|marks|finds|allocates|leaves|records|scores|completes|logs|writes|edits|re-opens)\b|[YyNn]/[YyNn])[^"]*"' \
	"$SRC"/src/ui/*.c | grep -v '^[^:]*/keys\.c:' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*|//)' >"$T/spelled"
if [ -s "$T/spelled" ]; then
	bad "keys spelled by hand in src/ui (name them from the key table):"
	sed 's/^/  | /' "$T/spelled" >&2
else ok; fi

# Every {name} or {name@text} in src/ui is an operation's name in ui.h's UI_OPS.
grep -ohE '\{[a-z][a-z-]*(@text)?\}' "$SRC"/src/ui/*.c | sed 's/[{}]//g; s/@text$//' | sort -u >"$T/named"
[ -s "$T/named" ] && ok || bad "no hint names a key through ui_keys_text"
grep -oE 'X\([A-Z_]+, "[a-z-]+"' "$SRC/src/ui/ui.h" | sed 's/.*"\(.*\)"/\1/' | sort -u >"$T/ops"
while read -r name; do
	grep -qxF "$name" "$T/ops" && ok || bad "a hint names {$name}, which is no operation of the key table"
done <"$T/named"
finish
