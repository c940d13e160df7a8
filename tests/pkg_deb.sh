#!/bin/bash
# pkg_deb.sh: the Debian package, built by scripts/package.sh from a fresh copy of the tree (no
# file of the ctest build is used), holds the program, every manual page, the shipped forms and
# lists, completion, reports/ and contrib/'s systemd units when they exist, and passes lintian
# with no error; unpacked into a throwaway root with dpkg -x, its binary names the package's
# version, loads the forms it was installed with, and makes a demo off a terminal.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
KEYWORK_BIN=unused . "$SRC/tests/lib_cli.sh"
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
unset KEYWORK_FORMS_DIR

t0=$(date +%s)
if ! sh "$SRC/scripts/package.sh" "$T/dist" >"$T/deb" 2>"$T/pkg"; then
	bad "scripts/package.sh failed"
	sed 's/^/  | /' "$T/pkg" >&2
	finish
	exit 1
fi
t1=$(date +%s)
echo "package built and linted in $((t1 - t0)) s"
grep -E '^[EWIPX]: ' "$T/pkg" | sed 's/^/  lintian: /'
deb=$(cat "$T/deb")
want=$(sed -n 's/^project(keywork VERSION \([0-9.]*\) .*/\1/p' "$SRC/CMakeLists.txt")
[ "$(dpkg-deb -f "$deb" Version)" = "$want" ] && ok || bad "the package is $(dpkg-deb -f "$deb" Version), CMakeLists.txt says $want"
dpkg-deb -f "$deb" Depends | grep -q 'libsqlcipher1 (>= 4.5)' && ok || bad "Depends lacks libsqlcipher1 (>= 4.5): $(dpkg-deb -f "$deb" Depends)"

# What it holds.
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$T/list"
for f in /usr/bin/keywork /usr/libexec/keywork/keywork-typeset /usr/share/bash-completion/completions/keywork \
	/usr/share/doc/keywork/copyright /usr/share/doc/keywork/NEWS.gz; do
	grep -qx "$f" "$T/list" && ok || bad "the package lacks $f"
done
for page in "$SRC"/man/*.[0-9]; do
	name=$(basename "$page")
	grep -qx "/usr/share/man/man${name##*.}/$name.gz" "$T/list" && ok || bad "the package lacks the page $name"
done
for dir in forms reports letters; do
	[ -d "$SRC/$dir" ] || continue
	(cd "$SRC/$dir" && find . -type f | sed "s|^\./|/usr/share/keywork/$dir/|") | sort >"$T/want"
	grep "^/usr/share/keywork/$dir/." "$T/list" | grep -v '/$' | sort >"$T/got"
	diff -u "$T/want" "$T/got" >"$T/diff" && ok || { bad "$dir/ and the package's differ"; cat "$T/diff" >&2; }
done
# contrib/'s examples (a backup timer, a sudo rule) are documentation, installed where they take no
# effect until a centre copies them.
if [ -d "$SRC/contrib" ]; then
	for u in "$SRC"/contrib/*; do
		grep -qx "/usr/share/doc/keywork/examples/$(basename "$u")" "$T/list" && ok ||
			bad "the package lacks the example $(basename "$u")"
	done
	grep -q '^/lib/systemd\|^/usr/lib/systemd' "$T/list" && bad "the package installs a systemd unit" || ok
fi

# Unpacked into a throwaway root, the installed binary against the installed forms.
root="$T/root"
dpkg -x "$deb" "$root"
kw="$root/usr/bin/keywork"
expect 0 "--version" -- "$kw" --version
[ "$(cat "$T/out")" = "keywork $want" ] && ok || bad "--version: $(cat "$T/out")"
strings -n 6 "$kw" | grep '/forms$' | sort >"$T/paths"
[ "$(cat "$T/paths")" = "$(printf '%s\n' ../share/keywork/forms /usr/share/keywork/forms)" ] && ok ||
	bad "the binary names forms directories other than its installed one: $(cat "$T/paths")"
grep -qF "$SRC" "$kw" && bad "the binary names the source tree $SRC" || ok
expect 0 "forms check" -- "$kw" forms check
has "$T/out" "(shipped: $(realpath "$root")/usr/share/keywork/forms)" "forms check reads the installed forms"
nf=$(grep -l '^form:' "$SRC"/forms/*.yaml | wc -l)
has "$T/out" "ok: $nf forms and" "every shipped form loads"
expect 0 "demo off a terminal" -- "$kw" demo --db "$T/demo" --clients 3 </dev/null
has "$T/out" "Women recorded: 3." "the demo made its women"
printf 'demo-only-synthetic-women\n' >"$T/p"
expect 0 "check" -- "$kw" check --db "$T/demo" --user demo --passphrase-fd 3 3<"$T/p"
[ "$(head -1 "$T/out")" = "keywork $want: checking $T/demo" ] && ok || bad "check's first line: $(head -1 "$T/out")"
# Her plan as PDF, typeset by the package's own keywork-typeset.
expect 0 "a demo woman" -- "$kw" export clients --db "$T/demo" --user demo --passphrase-fd 3 -o "$T/women.csv" 3<"$T/p"
ref=$(awk -F, 'NR == 2 { print $1 }' "$T/women.csv")
expect 0 "print plan (PDF)" -- "$kw" print plan --client "$ref" --db "$T/demo" --user demo --passphrase-fd 3 -o "$T/plan.pdf" 3<"$T/p"
head -c 5 "$T/plan.pdf" | grep -q '%PDF-' && ok || bad "the installed typesetter made no PDF"

# The installed pages render without a warning, and completion loads.
for page in "$root"/usr/share/man/man*/*.gz; do
	command -v man >/dev/null || break
	MANWIDTH=80 man --warnings -l "$page" 2>"$T/manerr" >/dev/null
	[ ! -s "$T/manerr" ] && ok || { bad "$(basename "$page") warns"; sed 's/^/  | /' "$T/manerr" >&2; }
done
bash -c ". '$root/usr/share/bash-completion/completions/keywork' && complete -p keywork" >/dev/null 2>&1 &&
	ok || bad "the installed completion does not load"
echo "test took $(($(date +%s) - t0)) s"
finish
