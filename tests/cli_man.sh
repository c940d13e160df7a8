#!/bin/bash
# cli_man.sh: the manual's KEYS section says what the help screen says, key for key.
. "$(dirname "$0")/lib_cli.sh"
MAN="$(dirname "$0")/../man/keywork.1"
expect 0 "keywork keys" -- "$KW" keys
[ -s "$T/out" ] && ok || bad "keywork keys prints the key table"
# The KEYS section, with man's escapes undone: ".B keys" then the help line.
awk '/^\.SH KEYS/{on=1;next} /^\.SH/{on=0} on' "$MAN" | sed 's/\\-/-/g; s/\\e/\\/g' >"$T/mankeys"
while IFS= read -r line; do
	keys=$(printf '%s' "${line:0:18}" | sed 's/ *$//')
	help=${line:19}
	if grep -A1 -xF ".B $keys" "$T/mankeys" | grep -qxF -- "$help"; then ok; else
		bad "man/keywork.1 KEYS lacks '$keys' -> '$help'"
	fi
done <"$T/out"
n_man=$(grep -c '^\.B ' "$T/mankeys")
n_keys=$(wc -l <"$T/out")
[ "$n_man" = "$n_keys" ] && ok || bad "man lists $n_man keys, the help screen $n_keys"
finish
