#!/bin/bash
# cli_completion.sh: completions/keywork.bash offers the commands of the program's table, and for each
# command exactly the options the program accepts (asked of the binary itself: an option it does
# not know is refused as "unknown option" before anything is opened).
set -u
. "$(dirname "$0")/lib_cli.sh"
SRC="$(dirname "$0")/.."
. "$SRC/completions/keywork.bash"
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"

# complete WORD...: what the completion offers for the last word, one a line, sorted.
complete_() {
	COMP_WORDS=("$KW" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_keywork
	[ ${#COMPREPLY[@]} -gt 0 ] && printf '%s\n' "${COMPREPLY[@]}" | sort
}
# refused CMD OPTION: whether keywork CMD refuses OPTION as unknown.
refused() {
	local cmd=$1 opt=$2
	"$KW" $cmd "$opt" x --bogus-zz >"$T/out" 2>"$T/err"
	grep -qF -- "unknown option $opt" "$T/err"
}

"$KW" help --complete | awk '$1 != "-" { print $1 }' | sort >"$T/table"
[ "$(wc -l <"$T/table")" -ge 10 ] && ok || bad "read the command table (keywork help --complete)"
# The table is what runs: every command in it is taken, and --help lists each.
while read -r cmd; do
	grep -q "keywork $cmd" <("$KW" --help) && ok || bad "keywork --help does not list $cmd"
	"$KW" help "$cmd" >"$T/out" 2>&1 && grep -q "^usage: keywork $cmd" "$T/out" && ok ||
		bad "keywork help $cmd"
done <"$T/table"
expect 64 "no command" -- "$KW" help nonsense-zz
complete_ "" >"$T/offered"
diff -u "$T/table" "$T/offered" >"$T/diff" && ok || { bad "commands offered differ from the table"; cat "$T/diff" >&2; }

# Every long option the parser knows, and -o.
{ grep -o '{ { "[a-z-]*", ' "$SRC/src/cli/common.c" | sed 's/{ { "\(.*\)", /--\1/'; echo -o; } | sort >"$T/all"
[ "$(wc -l <"$T/all")" -ge 20 ] && ok || bad "read common.c's option table"

for cmd in "" $(cat "$T/table"); do
	"$KW" $cmd --bogus-zz >"$T/out" 2>"$T/err"
	st=$?
	complete_ $cmd - >"$T/offered"
	if [ -z "$cmd" ]; then
		# --version and --help stand alone; the rest are the screens' sign-in options.
		grep -vxE -- '--version|--help' "$T/offered" >"$T/o2"
		mv "$T/o2" "$T/offered"
	fi
	if ! grep -qF -- "unknown option --bogus-zz" "$T/err"; then
		# A command with no options (keys, acknowledge-swap) refuses any word as usage.
		[ "$st" = 64 ] && [ ! -s "$T/offered" ] && ok ||
			bad "keywork $cmd takes no options, but $(tr '\n' ' ' <"$T/offered")offered"
		continue
	fi
	while read -r opt; do
		refused "$cmd" "$opt" && bad "keywork $cmd: $opt is offered but refused" || ok
	done <"$T/offered"
	while read -r opt; do
		grep -qxF -- "$opt" "$T/offered" && continue
		# getopt takes an unambiguous prefix: --client for --clients.
		grep -q -- "^$opt." "$T/offered" && continue
		refused "$cmd" "$opt" && ok || bad "keywork $cmd accepts $opt, which is not offered"
	done <"$T/all"
done

expect 0 "--version" -- "$KW" --version
expect 0 "--help" -- "$KW" --help
for kdf in $(complete_ init --kdf ""); do
	"$KW" init --kdf "$kdf" --bogus-zz 2>"$T/err"
	has "$T/err" "unknown option --bogus-zz" "--kdf $kdf is taken"
done
"$KW" init --kdf nonsense --bogus-zz 2>"$T/err"
has "$T/err" "--kdf is" "a bad --kdf names the levels"
[ "$(complete_ user "")" = "$(printf 'add\ndisable\npasswd')" ] && ok || bad "user's verbs"
[ "$(complete_ export "")" = "$(printf 'clients\ncontacts\nnotes')" ] && ok || bad "export's records"
[ "$(complete_ user add bea --role "")" = "$(printf 'dropin\nkeyworker\nmanager')" ] && ok || bad "roles"
[ -z "$(complete_ --db "$T" "")" ] && ok || bad "no command is offered after an option"
finish
