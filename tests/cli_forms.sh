#!/bin/bash
# cli_forms.sh: `keywork forms check` on the shipped pack, a centre's overrides, and a
# corpus of broken form files, each of which names its exact expected error on its
# first line ("# expect: LINE:COL: MESSAGE").
set -u
KW=${KEYWORK_BIN:?set KEYWORK_BIN to the keywork binary}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME="$T/config"
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# The shipped pack passes, with no overrides and with an empty override directory.
out=$("$KW" forms check 2>"$T/err")
rc=$?
[ $rc = 0 ] && ok || { bad "shipped pack: exit $rc"; cat "$T/out" "$T/err" >&2; }
case $out in ok:*) ok ;; *) bad "shipped pack: '$out'" ;; esac
mkdir -p "$XDG_CONFIG_HOME/keywork/forms"
"$KW" forms check >/dev/null 2>&1 && ok || bad "empty override directory"

# Every broken file: exit 65, exactly one line, exactly the expected location and message.
cd "$HERE"
n=0
for f in forms-broken/*.yaml; do
	n=$((n + 1))
	want="$f:$(head -n 1 "$f" | sed 's/^# expect: //')"
	got=$("$KW" forms check "$f" 2>"$T/err")
	rc=$?
	if [ $rc = 65 ] && [ "$got" = "$want" ] && grep -q "nothing was loaded" "$T/err"; then
		ok
	else
		bad "$f: exit $rc"
		echo "  want: $want" >&2
		printf '%s\n' "$got" | sed 's/^/  got:  /' >&2
	fi
done
[ $n -ge 30 ] && ok || bad "only $n broken form files"

# A directory of them: every problem of every file, in file order, and still exit 65.
mkdir "$T/many"
cp forms-broken/unknown_type.yaml forms-broken/bad_pattern.yaml forms-broken/alias.yaml "$T/many/"
"$KW" forms check "$T/many" >"$T/out" 2>/dev/null
rc=$?
[ $rc = 65 ] && ok || bad "directory: exit $rc"
[ "$(wc -l <"$T/out")" = 3 ] && ok || { bad "directory: not three problems"; cat "$T/out" >&2; }
head -n 1 "$T/out" | grep -q "^$T/many/alias.yaml:4:9: " && ok || bad "directory: not sorted by file"

# Overrides in the configuration directory are checked too.
cp forms-broken/override_widens.yaml "$XDG_CONFIG_HOME/keywork/forms/intake.yaml"
"$KW" forms check >"$T/out" 2>/dev/null
[ $? = 65 ] && grep -q "can't be shown to more roles" "$T/out" && ok || bad "config override not checked"
rm "$XDG_CONFIG_HOME/keywork/forms/intake.yaml"

# A huge file fails fast and cleanly.
head -c 2000000 /dev/zero | tr '\0' '#' >"$T/huge.yaml"
got=$("$KW" forms check "$T/huge.yaml" 2>/dev/null)
[ "$got" = "$T/huge.yaml:1:1: the file is too big for a form file (1 MiB at most)" ] && ok ||
	bad "huge file: '$got'"

# The shipped forms can be pointed at; a missing directory is missing input.
KEYWORK_FORMS_DIR="$T/nowhere" "$KW" forms check >/dev/null 2>&1
[ $? = 66 ] && ok || bad "missing shipped forms are not exit 66"
"$KW" forms >/dev/null 2>&1
[ $? = 64 ] && ok || bad "usage is not exit 64"

echo "cli_forms: $passes passed, $fails failed"
[ $fails = 0 ]
