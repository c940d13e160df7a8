#!/bin/sh
# Checks the walls between keywork's layers (STYLE.md) in the built libraries, and fails when one
# is breached: a layer calling a layer above it (or beside it, where that is not allowed), a layer
# calling an outside library that is another layer's (SQL is db's, curses ui's, libsodium
# crypto's, libyaml form's, libcsv io's), or a lower layer whose sources include, directly or not,
# a header of the app or the screens, or of the layer beside it (the store form.h, the form loader
# or the model db.h). Run by the build after every link of keywork.
#   scripts/layers.sh SRCDIR UTIL.a CRYPTO.a FORM.a IO.a DB.a APP.a UI.a CLI.a
# Known breaches that are still to be mended are listed in tests/layers-debt.txt, one a line;
# a breach not listed there fails, and a listed one that has gone is reported so it can be struck.
set -eu
src=$1
shift
[ $# -eq 8 ] || { echo "layers.sh: want eight libraries" >&2; exit 64; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
debt=${LAYERS_DEBT:-$src/tests/layers-debt.txt}

# Which layers each may call.
allowed() {
	case $1 in
	util) echo "" ;;
	crypto | form | io) echo "util" ;;
	db) echo "util crypto" ;;
	app) echo "util crypto form io db" ;;
	ui) echo "util crypto form app" ;;
	cli) echo "util crypto form app ui" ;;
	esac
}

gen=$(dirname "$1")/generated
set -- util:$1 crypto:$2 form:$3 io:$4 db:$5 app:$6 ui:$7 cli:$8
for pair in "$@"; do
	layer=${pair%%:*}
	lib=${pair#*:}
	nm -g --defined-only "$lib" 2>/dev/null | awk -v l="$layer" 'NF == 3 { print $3, l }' >>"$tmp/defs"
	nm -u "$lib" 2>/dev/null | awk -v l="$layer" '
		/:$/ { file = $1; sub(/:$/, "", file); next }
		$1 == "U" { print l, $2, file }' >>"$tmp/uses"
done
# Outside libraries kept to one layer: every symbol the curses libraries define, and prefixes.
for so in /lib/*/libncursesw.so.6 /lib/*/libtinfo.so.6 /lib/*/libformw.so.6 \
	/lib/*/libmenuw.so.6 /lib/*/libpanelw.so.6; do
	[ -e "$so" ] && nm -D --defined-only "$so" | awk 'NF == 3 { print $3, "ui" }' >>"$tmp/defs"
done

sort -u "$tmp/defs" >"$tmp/defs.s"
awk -v allowlist="$(for l in util crypto form io db app ui cli; do printf '%s=%s;' "$l" "$(allowed $l)"; done)" '
	BEGIN {
		n = split(allowlist, parts, ";")
		for (i = 1; i <= n; i++) {
			if (parts[i] == "") continue
			split(parts[i], kv, "=")
			m = split(kv[2], below, " ")
			for (j = 1; j <= m; j++) may[kv[1], below[j]] = 1
		}
	}
	FNR == NR { owner[$1] = owner[$1] == "" ? $2 : owner[$1]; next }
	{
		layer = $1; sym = $2; file = $3; o = owner[sym]
		if (o == "") {
			if (sym ~ /^sqlite3_/) o = "db"
			else if (sym ~ /^(sodium_|crypto_|randombytes_|ZxcvbnMatch)/) o = "crypto"
			else if (sym ~ /^yaml_/) o = "form"
			else if (sym ~ /^csv_/) o = "io"
			else next
		}
		if (o == layer || may[layer, o]) next
		print layer " calls " o ": " sym
	}' "$tmp/defs.s" "$tmp/uses" | sort -u >"$tmp/found"

# Lower layers must not see the app's or the screens' headers, even through another header;
# nor may the store see the form loader's (form.h: the specs it keeps answers by are the model's,
# spec.h), nor the loader, util, crypto or io the store's (db.h, which every store header includes).
headers() {
	case $1 in
	db) echo 'app|formsave|lookup|reads|rules|sar|team|ui|form' ;;
	*) echo 'app|formsave|lookup|reads|rules|sar|team|ui|db' ;;
	esac
}
for layer in util crypto form io db; do
	cc -MM -I"$src/include" -I"$src/src" -I"$src/src/db" -I/usr/include/sqlcipher -I"$gen" \
		-D_GNU_SOURCE "$src"/src/$layer/*.c 2>/dev/null | tr ' \\' '\n\n' |
		sed -n -E "s,.*/include/keywork/($(headers $layer))[.]h\$,keywork/\\1.h,p" |
		sed "s|^|$layer includes |" >>"$tmp/found" || true
done
sort -u "$tmp/found" -o "$tmp/found"

grep -v '^#' "$debt" 2>/dev/null | sed '/^$/d' | sort -u >"$tmp/debt" || true
comm -23 "$tmp/found" "$tmp/debt" >"$tmp/new"
comm -13 "$tmp/found" "$tmp/debt" >"$tmp/gone"
if [ -s "$tmp/gone" ]; then
	echo "layers.sh: mended, strike from tests/layers-debt.txt:" >&2
	sed 's/^/  /' "$tmp/gone" >&2
fi
if [ -s "$tmp/new" ]; then
	echo "layers.sh: a layer reaches past its wall (STYLE.md; move the work to the right layer):" >&2
	sed 's/^/  /' "$tmp/new" >&2
	exit 1
fi
echo "layers: $(wc -l <"$tmp/debt") known breaches (tests/layers-debt.txt), no new one"
