#!/bin/bash
# doc_readme.sh: the README's two commands are the scripts that exist, and the second is the one
# CI runs (.ci/run), so what the README promises is what CI checks.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
KEYWORK_BIN=unused . "$SRC/tests/lib_cli.sh"

# The block under "## The two commands": its command lines, without comments.
awk '/^## The two commands/ { s = 1; next } /^## / { s = 0 }
	s && /^```/ { f = !f; next } s && f' "$SRC/README.md" | sed 's/[[:space:]]*#.*//; /^$/d' >"$T/cmds"
[ "$(wc -l <"$T/cmds")" = 2 ] && ok || bad "the README's block of two commands has $(wc -l <"$T/cmds") lines"
first=$(sed -n 1p "$T/cmds") second=$(sed -n 2p "$T/cmds")
for c in "$first" "$second"; do
	[ -f "$SRC/$c" ] && ok || bad "the README's command '$c' is not a file in the tree"
done
grep -q 'demo' <<<"$first" && ok || bad "the first command ('$first') is not the demo"
# .ci/run runs exactly the second.
run=$(grep -v '^#' "$SRC/.ci/run" | grep -E 'scripts/' | sed 's/^exec //; s/^sh //')
[ "$run" = "$second" ] && ok || bad ".ci/run runs '$run', the README says '$second'"
finish
