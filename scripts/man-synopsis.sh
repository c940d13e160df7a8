#!/bin/sh
# Writes man/keywork.1's SYNOPSIS from the program's command table (keywork help --roff), so the
# page and --help cannot disagree. Usage: scripts/man-synopsis.sh [KEYWORK] [PAGE]
# (default: build/keywork and man/keywork.1). tests/doc_synopsis.sh fails when it would change
# the page.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/keywork}
page=${2:-man/keywork.1}
body=$(mktemp)
out=$(mktemp)
trap 'rm -f "$body" "$out"' EXIT
"$bin" help --roff >"$body"
awk -v body="$body" '
	/^\.SH / && skip { skip = 0 }
	!skip { print }
	/^\.SH SYNOPSIS$/ {
		while ((getline line < body) > 0) print line
		skip = 1
	}
' "$page" >"$out"
cat "$out" >"$page"
