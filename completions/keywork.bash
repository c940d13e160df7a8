# bash completion for keywork(1): its commands, each command's options and their values.
# Commands and options come from the program's own table; tests/cli_completion.sh checks them.

# The program's own command table: a line per command ("-" for the screens) and its options,
# those that take a value ending in "=" (keywork help --complete).
_keywork_table()
{
	command "${COMP_WORDS[0]}" help --complete 2>/dev/null
}

# The options of command $1 ("" for the screens), with --version and --help for the screens.
_keywork_options()
{
	local name=${1:--} cmd rest

	while read -r cmd rest; do
		[ "$cmd" = "$name" ] || continue
		rest=${rest//=/}
		echo "$rest"
	done < <(_keywork_table)
	[ "$name" = - ] && echo "--version --help"
}

# Files (with -X PATTERN, only those matching it) and directories, names with spaces kept whole.
_keywork_files()
{
	local IFS=$'\n'

	compopt -o filenames 2>/dev/null
	if [ -n "${1-}" ]; then
		COMPREPLY=($(compgen -f -X "!$1" -- "$cur") $(compgen -d -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

_keywork()
{
	local cur prev cmd i table commands valued
	local -a words=()

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	table=$(_keywork_table)
	commands=$(awk '$1 != "-" { print $1 }' <<<"$table")
	valued=" $(grep -o -- '-[a-z-]*=' <<<"$table" | tr -d = | sort -u | tr '\n' ' ')"

	# The command, and the positional words after it, skipping options and their values.
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ $valued == *" ${COMP_WORDS[i]} "* ]]; then
			i=$((i + 1))
		elif [[ ${COMP_WORDS[i]} != -* ]]; then
			words+=("${COMP_WORDS[i]}")
		fi
	done
	cmd=${words[0]-}

	case $prev in
	--db)
		local IFS=$'\n'
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	-o | --output)
		_keywork_files
		return
		;;
	--kdf)
		COMPREPLY=($(compgen -W "interactive moderate sensitive" -- "$cur"))
		return
		;;
	--role)
		COMPREPLY=($(compgen -W "manager keyworker dropin" -- "$cur"))
		return
		;;
	--format)
		COMPREPLY=($(compgen -W "csv json" -- "$cur"))
		return
		;;
	esac
	# Any other option that takes a value: nothing to offer for it.
	[[ $valued == *" $prev "* ]] && return

	# The command is the first word; options before it mean the screens, with no command.
	if [ "$COMP_CWORD" -eq 1 ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_keywork_options "")" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi
	if [[ ${COMP_WORDS[1]} == -* ]]; then
		# --version and --help stand alone.
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "--db --user --passphrase-fd" -- "$cur"))
		return
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_keywork_options "$cmd")" -- "$cur"))
		return
	fi

	case $cmd in
	user)
		[ ${#words[@]} -eq 1 ] && COMPREPLY=($(compgen -W "add passwd disable" -- "$cur"))
		;;
	import)
		if [ ${#words[@]} -eq 1 ]; then
			COMPREPLY=($(compgen -W "clients contacts notes" -- "$cur"))
		elif [ ${#words[@]} -eq 2 ]; then
			_keywork_files '*.[cC][sS][vV]'
		fi
		;;
	export)
		[ ${#words[@]} -eq 1 ] && COMPREPLY=($(compgen -W "clients contacts notes" -- "$cur"))
		;;
	restore)
		[ ${#words[@]} -eq 1 ] && _keywork_files
		;;
	forms)
		if [ ${#words[@]} -eq 1 ]; then
			COMPREPLY=($(compgen -W "check" -- "$cur"))
		else
			_keywork_files '*.yaml'
		fi
		;;
	esac
} &&
	complete -F _keywork keywork
