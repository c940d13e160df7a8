# lib_cli.sh: helpers shared by the command-line tests (sourced, not run).
# Sets KW, T (a temporary directory removed on exit) and the pass/fail counters.
KW=${KEYWORK_BIN:?set KEYWORK_BIN to the keywork binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0 passes=0

ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# expect STATUS DESCRIPTION -- command...: runs it into $T/out and $T/err, checks the exit status.
expect() {
	local want=$1 what=$2
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	if [ "$got" = "$want" ]; then ok; else
		bad "$what: exit $got, expected $want"
		sed 's/^/  | /' "$T/err" >&2
	fi
}
# has FILE TEXT DESCRIPTION / hasnt FILE TEXT DESCRIPTION
has() {
	if grep -qF -- "$2" "$1"; then ok; else
		bad "$3: '$2' not in $1"
		sed 's/^/  | /' "$1" >&2
	fi
}
hasnt() {
	if grep -qF -- "$2" "$1"; then bad "$3: '$2' found in $1"; else ok; fi
}
# Prints the summary line and exits with the verdict.
finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" = 0 ]
}

# saved NAME -- command...: runs it, expects exit 0 and an id (its first line), kept in $NAME.
saved() {
	local name=$1
	shift 2
	expect 0 "$name" -- "$@"
	printf -v "$name" '%s' "$(head -n 1 "$T/out")"
	[ "$(printf '%s' "${!name}" | wc -c)" = 36 ] && ok || bad "$name: no id printed"
}
# state WHO FILE: the state of a data directory's records as WHO (a command taking keywork's
# arguments) reads them, without sign-ins and reads: what a refusal must not change.
state() {
	local who=$1 out=$2
	rm -f "$T/s-c.csv" "$T/s-k.csv" "$T/s-n.csv" "$T/s-a.txt"
	$who export clients -o "$T/s-c.csv" >/dev/null 2>&1
	$who export contacts -o "$T/s-k.csv" >/dev/null 2>&1
	$who export notes -o "$T/s-n.csv" >/dev/null 2>&1
	$who audit -o "$T/s-a.txt" >/dev/null 2>&1
	{
		cat "$T/s-c.csv" "$T/s-k.csv" "$T/s-n.csv" 2>/dev/null
		awk '$4 != "login" && $4 != "export" && $4 != "audit-read" { $1 = ""; print }' \
			"$T/s-a.txt" 2>/dev/null
		$who outreach list 2>/dev/null
	} | sha256sum >"$out"
}
