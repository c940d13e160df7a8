#!/bin/bash
# cli_roles.sh: the role x command matrix on the command line (every refusal is
# exit 77 and leaves no file), hidden fields absent from every export, the
# audit listing (to a file, a pipe or a pager, never bare on a terminal),
# keywork check after tampering, and redaction. Prints the matrix.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P2='meadow-lantern-puzzle-copper-violin'
P3='crimson-tundra-ballet-oyster-kettle'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/p3"
D=$T/data
as() { # as USER COMMAND...: runs keywork as ana (manager), bea (keyworker) or cat (dropin)
	local u=$1 p
	shift
	case $u in ana) p=$T/p1 ;; bea) p=$T/p2 ;; cat) p=$T/p3 ;; esac
	"$KW" "$@" --db "$D" --user "$u" --passphrase-fd 3 3<"$p"
}

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add bea" -- as ana user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add cat" -- as ana user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
printf 'reference,known_as,first_name,date_of_birth,phone\nKW-ROLE1,Jo,Joanna,1990-01-02,07700 900111\n' >"$T/women.csv"
expect 0 "import as the manager" -- as ana import clients "$T/women.csv"

# --- the matrix: each cell is one real command; "yes" exit 0, "no" exit 77 ---
printf 'x\n' >"$T/x.csv"
printf 'reference,known_as\nKW-ROLE9,Ada\n' >"$T/one.csv"
n=0
cell() { # cell ROLE WANT NAME -- command...: WANT is yes or no
	local who=$1 want=$2 name=$3
	shift 4
	n=$((n + 1))
	local out=$T/cell$n
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	local shown=no
	[ "$got" = 0 ] && shown=yes
	if { [ "$want" = yes ] && [ "$got" = 0 ]; } || { [ "$want" = no ] && [ "$got" = 77 ]; }; then
		ok
	else
		bad "$name as $who: exit $got, expected $([ "$want" = yes ] && echo 0 || echo 77)"
		sed 's/^/  | /' "$T/err" >&2
		shown="$shown(!)"
	fi
	# A refused export or listing leaves no file behind.
	if [ "$got" != 0 ] && [ -e "$out" ]; then bad "$name as $who left $out"; fi
	printf '%s=%s ' "$who" "$shown" >>"$T/row"
}
row() { printf '%-22s ' "$1" >"$T/row"; }
endrow() { cat "$T/row"; echo; }

echo "role x command matrix (keywork CLI): yes = exit 0, no = exit 77"
for c in clients contacts notes; do
	row "export $c"
	for u in ana bea cat; do
		want=yes
		[ "$u" = cat ] && want=no
		[ "$c" = notes ] && [ "$u" = bea ] && want=no
		n1=$((n + 1))
		cell $u $want "export $c" -- as $u export $c --format json -o "$T/cell$n1"
	done
	endrow
done
row "import clients"
for u in ana bea cat; do
	want=yes
	[ "$u" = cat ] && want=no
	printf 'reference,known_as\nKW-IMP%s,Ada\n' "${u^^}" >"$T/imp-$u.csv"
	cell $u $want "import" -- as $u import clients "$T/imp-$u.csv"
done
endrow
row "audit (all rows)"
for u in ana bea cat; do
	want=yes
	[ "$u" = cat ] && want=no
	[ "$u" = bea ] && want=no
	n1=$((n + 1))
	cell $u $want "audit --by ana" -- as $u audit --by ana -o "$T/cell$n1"
done
endrow
row "audit (own rows)"
for u in ana bea cat; do
	want=yes
	[ "$u" = cat ] && want=no
	n1=$((n + 1))
	cell $u $want "audit own" -- as $u audit --by $u -o "$T/cell$n1"
done
endrow
row "redact"
for u in ana bea cat; do
	want=no
	[ "$u" = ana ] && want=yes
	cell $u $want "redact" -- as $u redact --client KW-ROLE1 --field phone --yes
done
endrow
row "user add"
for u in ana bea cat; do
	want=no
	[ "$u" = ana ] && want=yes
	cell $u $want "user add" -- as $u user add "x$u" --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
done
endrow
row "backup"
for u in ana bea cat; do
	want=no
	[ "$u" = ana ] && want=yes
	n1=$((n + 1))
	cell $u $want "backup" -- as $u backup -o "$T/cell$n1"
done
endrow

# --- hidden fields in exports: a keyworker's export of women holds what she sees ---
expect 0 "manager exports women" -- as ana export clients --format csv -o "$T/women.out"
has "$T/women.out" "KW-ROLE1" "the export holds the woman"
hasnt "$T/women.out" "07700 900111" "the redacted phone is in no export"
expect 0 "keyworker exports women" -- as bea export clients --format json -o "$T/women-bea.json"
has "$T/women-bea.json" "KW-ROLE1" "her export holds the woman"
hasnt "$T/women-bea.json" "07700 900111" "the redacted phone is in no later export"
has "$T/cell1" "07700 900111" "(the export before redaction held it)"

# --- exports and listings never go to a terminal ---
if command -v script >/dev/null; then
	script -qec "\"$KW\" export clients --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\"" /dev/null >"$T/tty.out" 2>&1
	has "$T/tty.out" "never shown on the terminal" "an export to a terminal is refused"
	script -qec "env PAGER= \"$KW\" audit --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\"" /dev/null >"$T/tty2.out" 2>&1
	has "$T/tty2.out" "not printed on the terminal without a pager" "audit without a pager is refused"
	hasnt "$T/tty2.out" "login" "no audit row reached the terminal"
	script -qec "env PAGER='cat >$T/paged' \"$KW\" audit --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\"" /dev/null >"$T/tty3.out" 2>&1
	has "$T/paged" "user-add" "audit on a terminal goes through the pager"
	hasnt "$T/tty3.out" "user-add" "and not to the terminal itself"
fi

# --- the audit listing: to a pipe, with filters; a keyworker's own rows only ---
expect 0 "audit to a pipe" -- bash -c "\"$KW\" audit --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\" | cat >\"$T/audit.txt\""
has "$T/audit.txt" "export" "exports are audited"
has "$T/audit.txt" "redact  KW-ROLE1  field phone" "the redaction tombstone names woman and field"
hasnt "$T/audit.txt" "07700 900111" "the tombstone holds no value"
has "$T/audit.txt" "user-add" "user changes are audited"
expect 0 "audit of one woman" -- bash -c "\"$KW\" audit --client KW-ROLE1 --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\" >\"$T/one.txt\""
has "$T/one.txt" "KW-ROLE1" "rows about her"
hasnt "$T/one.txt" "user-add" "no rows about others"
expect 0 "audit since tomorrow" -- bash -c "\"$KW\" audit --since 2999-01-01 --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\" >\"$T/none.txt\""
[ ! -s "$T/none.txt" ] && ok || bad "rows after 2999"
expect 64 "a bad --since" -- as ana audit --since yesterday -o "$T/bad.txt"
expect 0 "bea's own rows" -- bash -c "\"$KW\" audit --db \"$D\" --user bea --passphrase-fd 3 3<\"$T/p2\" >\"$T/bea.txt\""
has "$T/bea.txt" "  bea  " "her rows"
hasnt "$T/bea.txt" "  ana  " "nobody else's rows"
expect 0 "the audit file is 0600" -- as ana audit -o "$T/a600.txt"
[ "$(stat -c %a "$T/a600.txt")" = 600 ] && ok || bad "audit file mode"
expect 64 "never overwrites" -- as ana audit -o "$T/a600.txt"
expect 64 "redact needs --yes without a terminal" -- as ana redact --client KW-ROLE1 --field phone </dev/null
expect 64 "--record goes with --field, not --note" -- as ana redact --client KW-ROLE1 --record x --note y --yes
expect 65 "a record that is none of hers is refused" -- as ana redact --client KW-ROLE1 --record no-such-record --field summary --yes
has "$T/err" "no record no-such-record" "and says so"

# --- keywork check detects an edited, reordered or deleted audit row ---
expect 0 "check is clean" -- as ana check

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
