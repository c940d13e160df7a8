#!/bin/bash
# cli_import_contacts.sh: `keywork import contacts` and `import notes` (issue
# 22): each row names her by reference and goes in the way the screens' rows
# do (the contact form and its rule, the note form), a good file exports back
# byte for byte, a file with any bad row is refused whole with every problem
# located, progress is shown only on a terminal, and Ctrl-C leaves no row.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
printf '%s\n' "$P1" >"$T/p1"
D="$T/d1"
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
crlf() { sed 's/$/\r/'; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
printf 'reference,known_as\nKW-ANN1,Ann\nKW-BEA2,Bea\n' >"$T/women.csv"
expect 0 "two women" -- as_ana import clients "$T/women.csv"
# Cat marked texts safe and asked never to be phoned.
expect 0 "Cat, with her safe ways" -- as_ana save intake known_as=Cat safe_channels=text \
	"never_contact_via=phone calls"
expect 0 "export women" -- as_ana export clients -o "$T/w.csv"
CAT=$(grep ',Cat,' "$T/w.csv" | cut -d, -f1)
[ -n "$CAT" ] && ok || bad "Cat has a reference"

# --- a good file, written as export writes it, imports and exports back byte for byte ---
# As export writes it: CRLF after each record, women in order of reference.
block() { printf '%s\r\n' "$@"; }
ann() {
	block 'KW-ANN1,2025-03-01 10:00,centre,made,,"Talked about court, and the bus fare",in_person,' \
		"KW-ANN1,2025-03-01 10:00,phone,attempted,,'=not a formula,not_recorded," \
		'KW-ANN1,2025-04-02 09:30,centre,missed,unwell,,in_person,'
}
bea() { block 'KW-BEA2,2024-12-24 16:45,text,made,,"Two lines'$'\n''of summary",not_recorded,'; }
cat_() {
	block "$CAT,2025-01-05 11:00,text,made,,Checked in by text,safe," \
		"$CAT,2025-01-06 11:00,phone,made,,She rang from the refuge,never,She rang us from the refuge office phone"
}
{
	block "reference,happened_at,mode,outcome,missed_reason,summary,channel_safety,channel_override"
	for r in $(printf '%s\n' KW-ANN1 KW-BEA2 "$CAT" | LC_ALL=C sort); do
		case $r in KW-ANN1) ann ;; KW-BEA2) bea ;; *) cat_ ;; esac
	done
} >"$T/good.csv"
expect 0 "a good file" -- as_ana import contacts "$T/good.csv"
has "$T/err" "imported 6 contacts" "all six"
[ "$(wc -l <"$T/err")" = 1 ] && ok || bad "no progress when stderr is not a terminal: $(cat -A "$T/err")"
expect 0 "export contacts" -- as_ana export contacts -o "$T/back.csv"
cmp -s "$T/good.csv" "$T/back.csv" && ok || { bad "the import did not export back"; diff "$T/good.csv" "$T/back.csv" >&2; }

# --- a file with bad rows is refused whole, each problem where it is ---
cat >"$T/bad.csv" <<EOF
reference,happened_at,mode,outcome,summary
KW-ANN1,2025-05-01 10:00,centre,made,fine on its own
KW-NOBODY,2025-05-01 10:00,centre,made,no such woman
KW-BEA2,2099-05-01 10:00,fax,sometimes,all wrong
$CAT,2025-05-02 10:00,phone,made,a way she asked never to be used
,2025-05-02 10:00,centre,made,no reference
KW-BEA2,2025-05-03 10:00,Text message,Made,labels are fine
EOF
expect 65 "a file with bad rows" -- as_ana import contacts "$T/bad.csv"
has "$T/err" "bad.csv:3:1: reference: no woman has the reference 'KW-NOBODY'" "an unknown reference"
has "$T/err" "bad.csv:4:9: happened_at: When can't be in the future" "a time ahead"
has "$T/err" "bad.csv:4:26: mode: How: 'fax' is not one of the choices" "a way not on the list"
has "$T/err" "bad.csv:4:30: outcome: Did it happen?: 'sometimes' is not one of the choices" "an outcome not on the list"
has "$T/err" "channel_override: She asked never to be contacted this way (\"phone calls\")" \
	"the rule of 2 Contact: a way she asked never to be used needs a reason"
has "$T/err" "bad.csv:6:1: reference: a reference is needed" "a row with no reference"
has "$T/err" "4 of 6 rows have 6 problems" "the count"
has "$T/err" "nothing was imported" "and nothing kept"
hasnt "$T/err" "bad.csv:7:" "a label for a list item is fine"
expect 0 "export after the refusal" -- as_ana export contacts -o "$T/after.csv"
cmp -s "$T/good.csv" "$T/after.csv" && ok || bad "not even the good rows of a refused file are kept"
printf 'reference,when\nKW-ANN1,x\n' >"$T/cols.csv"
expect 65 "an unknown column" -- as_ana import contacts "$T/cols.csv"
has "$T/err" "cols.csv:1:11: unknown column 'when'" "named where it is"

# --- case notes: the note form's checks, then the note write ---
cat >"$T/notes.csv" <<EOF
reference,happened_at,written_at,confidential,body
KW-ANN1,2025-03-01 10:00,2025-03-01 10:05,no,She is worried about the hearing
$CAT,2025-01-06 11:00,2025-01-06 11:30,yes,She said he has found the refuge
EOF
expect 0 "notes" -- as_ana import notes "$T/notes.csv"
has "$T/err" "imported 2 case notes" "both"
expect 0 "export notes" -- as_ana export notes -o "$T/nback.csv"
# written_at is when a note was written into keywork: the rest comes back as it went in.
tr -d '\r' <"$T/nback.csv" | cut -d, -f1,2,4,5 | LC_ALL=C sort >"$T/n1"
cut -d, -f1,2,4,5 "$T/notes.csv" | LC_ALL=C sort >"$T/n2"
cmp -s "$T/n1" "$T/n2" && ok || { bad "notes did not export back"; diff "$T/n1" "$T/n2" >&2; }
cat >"$T/nbad.csv" <<EOF
reference,happened_at,confidential,body
KW-ANN1,2025-03-02 10:00,perhaps,A body
KW-BEA2,2025-03-02 10:00,no,
KW-ANN1,2099-03-02 10:00,no,From the future
EOF
expect 65 "bad notes" -- as_ana import notes "$T/nbad.csv"
has "$T/err" "nbad.csv:2:26: confidential: Confidential is yes or no, not 'perhaps'" "yes or no"
has "$T/err" "nbad.csv:3:29: body: Note is needed" "a note needs a body"
has "$T/err" "nbad.csv:4:9: happened_at: When it happened can't be in the future" "not ahead"
expect 0 "export notes again" -- as_ana export notes -o "$T/nafter.csv"
cmp -s "$T/nback.csv" "$T/nafter.csv" && ok || bad "no note of a refused file is kept"

# --- progress on a terminal, and Ctrl-C in the middle leaves no row ---
# interrupt WHAT FILE: imports FILE on a terminal (script(1)), Ctrl-C at the first progress.
interrupt() {
	rm -f "$T/pid" "$T/tty"
	# The import writes its pid first, so only it is interrupted.
	script -qfec "sh -c 'echo \$\$ >\"$T/pid\"; exec \"$KW\" import $1 \"$2\" --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\"'" \
		/dev/null >"$T/tty" 2>&1 &
	local sp=$! got
	for _ in $(seq 600); do grep -q 'rows/s' "$T/tty" 2>/dev/null && break; sleep 0.1; done
	grep -q 'rows/s' "$T/tty" && ok || bad "$1: no progress on a terminal: $(cat -A "$T/tty" | head -3)"
	has "$T/tty" "s left" "$1: progress says the time left"
	kill -INT "$(cat "$T/pid")"
	wait "$sp"
	got=$?
	[ "$got" = 130 ] && ok || bad "$1: interrupted import: exit $got, expected 130"
	has "$T/tty" "interrupted: nothing was imported, the data is as it was" "$1: it says so"
}
awk 'BEGIN { print "reference,happened_at,mode,outcome,summary"
	for (i = 1; i <= 400000; i++) printf "KW-ANN1,2020-01-01 10:00,centre,made,row %d\n", i }' >"$T/big.csv"
before=$(wc -l <"$T/after.csv")
interrupt contacts "$T/big.csv"
expect 0 "export after Ctrl-C" -- as_ana export contacts -o "$T/int.csv"
[ "$(wc -l <"$T/int.csv")" = "$before" ] && ok || bad "rows of an interrupted import were kept"
awk 'BEGIN { print "known_as"; for (i = 1; i <= 400000; i++) printf "Woman %d\n", i }' >"$T/bigw.csv"
interrupt clients "$T/bigw.csv"
expect 0 "export women after Ctrl-C" -- as_ana export clients -o "$T/intw.csv"
[ "$(wc -l <"$T/intw.csv")" = 4 ] && ok || bad "women of an interrupted import were kept"

finish
