#!/bin/bash
# cli_version.sh: one version, set in CMakeLists.txt, is the one keywork prints (--version and
# check) and the one its manual pages carry.
set -u
. "$(dirname "$0")/lib_cli.sh"
SRC="$(dirname "$0")/.."

expect 0 "--version" -- "$KW" --version
v=$(sed -n 's/^keywork \([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\)$/\1/p' "$T/out")
[ -n "$v" ] && [ "$(wc -l <"$T/out")" = 1 ] && ok || bad "--version prints 'keywork X.Y.Z': $(cat "$T/out")"
want=$(sed -n 's/^project(keywork VERSION \([0-9.]*\) .*/\1/p' "$SRC/CMakeLists.txt")
[ "$v" = "$want" ] && ok || bad "--version says '$v', CMakeLists.txt '$want'"
expect 0 "--version opens no data" -- env HOME="$T/nohome" XDG_DATA_HOME= "$KW" --version
[ ! -e "$T/nohome" ] && ok || bad "--version made $T/nohome"

# check names the version before what it found.
printf 'demo-only-synthetic-women\n' >"$T/p"
expect 0 "demo" -- "$KW" demo --db "$T/demo" --clients 2
expect 0 "check" -- "$KW" check --db "$T/demo" --user demo --passphrase-fd 3 3<"$T/p"
[ "$(head -1 "$T/out")" = "keywork $v: checking $T/demo" ] && ok ||
	bad "check's first line: $(head -1 "$T/out")"
rm -f "$T/demo/keywork.keys"
expect 66 "check without a key file" -- "$KW" check --db "$T/demo" --user demo --passphrase-fd 3 3<"$T/p"
has "$T/out" "keywork $v: checking" "check names its version when it cannot open the data"

for page in keywork.1 keywork-forms.5; do
	grep -q "^\.TH .* \"keywork $v\"" "$SRC/man/$page" && ok || bad "man/$page's .TH is not keywork $v"
done
finish
