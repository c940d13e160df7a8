# bash completion for keywork(1): its commands, each command's options and their values.
# Kept to the program's own command table by tests/cli_completion.sh.

_keywork_options()
{
	local sign="--db --user --passphrase-fd"

	case $1 in
	"") echo "$sign --version --help" ;;
	init) echo "$sign --kdf" ;;
	demo) echo "--db --clients --seed --fresh" ;;
	user) echo "$sign --new-passphrase-fd --kdf --role --compromised" ;;
	recover) echo "$sign --new-passphrase-fd --kdf" ;;
	check) echo "$sign --repair" ;;
	import) echo "$sign --ignore-unknown" ;;
	export) echo "$sign --format -o --output" ;;
	backup) echo "$sign -o --output" ;;
	restore) echo "$sign --force --older" ;;
	audit) echo "$sign --client --by --since -o --output" ;;
	redact) echo "$sign --client --record --field --note --yes" ;;
	save) echo "$sign --client --under --record --yes" ;;
	esac
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
	local cur prev cmd i
	local commands="init demo user recover check import export backup restore audit redact
		save forms keys acknowledge-swap"
	local -a words=()

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	# The command, and the positional words after it, skipping options and their values.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db | --user | --passphrase-fd | --new-passphrase-fd | --kdf | --role | --format | \
			-o | --output | --clients | --seed | --client | --by | --since | --record | \
			--field | --note | --under)
			i=$((i + 1))
			;;
		-*) ;;
		*) words+=("${COMP_WORDS[i]}") ;;
		esac
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
	--user | --passphrase-fd | --new-passphrase-fd | --clients | --seed | --client | --by | \
		--since | --record | --field | --note | --under)
		return
		;;
	esac

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
			COMPREPLY=($(compgen -W "clients" -- "$cur"))
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
