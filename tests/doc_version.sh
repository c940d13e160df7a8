#!/bin/bash
# doc_version.sh: the version in CMakeLists.txt's project() heads NEWS and debian/changelog, and
# every version debian/changelog names has its entry in NEWS.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
KEYWORK_BIN=unused . "$SRC/tests/lib_cli.sh"

want=$(sed -n 's/^project(keywork VERSION \([0-9.]*\) .*/\1/p' "$SRC/CMakeLists.txt")
[ -n "$want" ] && ok || bad "no version in CMakeLists.txt"
news=$(grep -m1 -E '^keywork [0-9]' "$SRC/NEWS" | cut -d' ' -f2)
[ "$news" = "$want" ] && ok || bad "NEWS begins with $news, CMakeLists.txt says $want"
deb=$(sed -n '1s/^keywork (\([^)]*\)).*/\1/p' "$SRC/debian/changelog")
[ "$deb" = "$want" ] && ok || bad "debian/changelog begins with $deb, CMakeLists.txt says $want"
for v in $(sed -n 's/^keywork (\([^)]*\)).*/\1/p' "$SRC/debian/changelog"); do
	grep -qE "^keywork $v \([0-9]{4}-[0-9]{2}-[0-9]{2}\)\$" "$SRC/NEWS" && ok || bad "NEWS has no entry for $v"
done
command -v dpkg-parsechangelog >/dev/null &&
	{ dpkg-parsechangelog -l "$SRC/debian/changelog" >/dev/null 2>"$T/err" && ok || bad "debian/changelog: $(cat "$T/err")"; }
finish
