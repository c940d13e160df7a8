#!/bin/sh
# man-keys.sh BINARY: rewrites the KEYS section of man/keywork.1 from `BINARY keys`,
# so the manual lists exactly the keys the help screen does (tests/cli_man.sh checks).
set -e
bin=${1:?usage: scripts/man-keys.sh path/to/keywork}
man="$(dirname "$0")/../man/keywork.1"
tmp=$(mktemp)
"$bin" keys | awk '
	{ k = substr($0, 1, 18); sub(/ +$/, "", k); h = substr($0, 20)
	  gsub(/\\/, "\\e", k); gsub(/-/, "\\-", k); gsub(/\\/, "\\e", h); gsub(/-/, "\\-", h)
	  printf ".TP\n.B %s\n%s\n", k, h }' >"$tmp"
awk -v keys="$tmp" '
	/^\.SH KEYS/ { print; print "The same list as the help screen and"; print ".BR \"keywork keys\" ."; print ".PP";
		while ((getline line < keys) > 0) print line; skip = 1; next }
	/^\.SH/ { skip = 0 }
	!skip' "$man" >"$man.new"
mv "$man.new" "$man"
rm -f "$tmp"
