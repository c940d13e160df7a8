#!/bin/bash
# cli_report.sh: keywork report on a small hand-built caseload whose figures are
# written here by hand: true figures on a manager's terminal (run under
# script(1) for a terminal), "<5" and totals in anything written to a file,
# unknown / declined / not asked yet as rows of their own, the distance
# travelled; managers only; audited without figures; never overwrites a file.
# Then, on made-up women, a report's counts equal those of keywork export.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P2='maple-signal-quartz-ember-hollow'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
# On a terminal: what a manager sees on her own screen.
tty_kw() {
	script -qec "$(printf '%q ' "$KW" "$@" --db "$D" --user ana --passphrase-fd 3) 3<$T/p1" \
		/dev/null | tr -d '\r'
}

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a keyworker" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"

# Six women with an episode open in 2024; a seventh opened in 2025 is outside it.
preg=(yes yes no "(unknown)" "(declined)" "")
for i in 0 1 2 3 4 5 6; do
	saved W -- kw save intake "known_as=Woman $i"
	ws[$i]=$W
	opened=2024-02-0$((i + 1))
	[ "$i" = 6 ] && opened=2025-03-01
	saved E -- kw save referral --client "$W" referral_source=self programme=diversion \
		referred_on="$opened" opened_on="$opened"
	if [ "$i" = 6 ]; then
		expect 0 "pregnancy $i" -- kw save pregnancy --record "$W" pregnant=yes
	elif [ -n "${preg[$i]}" ]; then
		expect 0 "pregnancy $i" -- kw save pregnancy --record "$W" "pregnant=${preg[$i]}"
	fi
done
# Outcome scores: +2 for woman 0, -1 for woman 1, one score only for woman 2.
score() { saved S -- kw save outcome_ladder --client "$1" pathway=accommodation scored_on="$2" score="$3"; }
score "${ws[0]}" 2024-03-01 2
score "${ws[0]}" 2024-09-01 4
score "${ws[1]}" 2024-03-01 3
score "${ws[1]}" 2024-06-01 3
score "${ws[1]}" 2024-10-01 2
score "${ws[2]}" 2024-03-01 1
# Scored outside the period: not counted.
score "${ws[2]}" 2025-03-01 5

expect 0 "report list" -- kw report list
has "$T/out" "caseload_profile" "lists the caseload profile"
has "$T/out" "distance_travelled" "lists distance travelled"

# True figures on her own terminal.
tty_kw report caseload_profile --from 2024-01-01 --to 2024-12-31 >"$T/tty"
grep -E '^  Yes +2 +33\.3%' "$T/tty" >/dev/null && ok || bad "pregnant yes: 2 of 6 (33.3%)"
grep -E '^  No +1 +16\.7%' "$T/tty" >/dev/null && ok || bad "pregnant no: 1"
grep -E '^  Unknown +1 ' "$T/tty" >/dev/null && ok || bad "unknown is its own row"
grep -E '^  Declined to say +1 ' "$T/tty" >/dev/null && ok || bad "declined is its own row"
grep -E '^  Not asked yet +1 +16\.7%' "$T/tty" >/dev/null && ok || bad "not asked is its own row"
grep -E '^  Total +6$' "$T/tty" >/dev/null && ok || bad "six women open in the period"
hasnt "$T/tty" "<5" "no figure withheld on her own screen"
hasnt "$T/tty" "Woman" "no woman is named"

tty_kw report distance_travelled --from 2024-01-01 --to 2024-12-31 >"$T/tty"
grep -E '^  Accommodation +2 +\+0\.50 +50\.0%' "$T/tty" >/dev/null && ok ||
	bad "accommodation: 2 women, +0.50 on average, half improved"
sed 's/^/  | /' "$T/tty" | grep -i accommodation >&2

# Written to a file: small figures withheld, the total kept; no names or references.
expect 0 "csv to a file" -- kw report caseload_profile --from 2024-01-01 --to 2024-12-31 --format csv -o "$T/p.csv"
has "$T/p.csv" "Pregnancy,Yes,yes,<5,*," "a count under 5 is <5 in a file"
has "$T/p.csv" "Pregnancy,Total,,6," "the total stays"
hasnt "$T/p.csv" "Woman" "no woman is named"
for w in "${ws[@]}"; do hasnt "$T/p.csv" "$w" "no record id"; done
[ "$(stat -c %a "$T/p.csv")" = 600 ] && ok || bad "the file is only hers (0600)"
expect 64 "never overwrites" -- kw report caseload_profile --format csv -o "$T/p.csv"
expect 0 "json" -- kw report distance_travelled --from 2024-01-01 --to 2024-12-31 --format json -o "$T/d.json"
has "$T/d.json" '"key":"accommodation","label":"Accommodation","count":"<5"}' "two women are <5 in JSON, no average"
kw report caseload_profile --from 2024-01-01 --to 2024-12-31 >"$T/pipe" 2>/dev/null
has "$T/pipe" "<5" "text not to a terminal is withheld too"

expect 64 "a bad date" -- kw report offences --from 2024-13-01
expect 64 "from after to" -- kw report offences --from 2024-06-01 --to 2024-01-01
expect 64 "no such report" -- kw report nonesuch
has "$T/err" "keywork report list" "says how to find the names"

kim() { "$KW" "$@" --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"; }
expect 77 "a keyworker may not" -- kim report engagement
has "$T/err" "run reports" "says what she can't do"

kw audit >"$T/audit" 2>&1
has "$T/audit" "report  -  caseload_profile 2024-01-01..2024-12-31" "which report, the period, who"
n=$(grep -c "  report  " "$T/audit")
[ "$n" = 5 ] && ok || bad "five runs audited (not the refused ones), $n found"

# A centre's own report in the config directory, checked by forms check.
mkdir -p "$T/cfg/keywork/reports"
cat >"$T/cfg/keywork/reports/bad.yaml" <<'YAML'
report: bad
title: Bad
min_cell: 2
tables:
  - title: Nope
    by: intake.nationality
YAML
XDG_CONFIG_HOME=$T/cfg expect 65 "forms check finds a bad report" -- "$KW" forms check
XDG_CONFIG_HOME=$T/cfg "$KW" forms check >"$T/out" 2>&1
has "$T/out" "bad.yaml:3:11: 'min_cell' is at least 3" "a threshold under 3 is refused, located"
has "$T/out" "bad.yaml:6:9: 'by' must be a choice" "a free-text breakdown is refused, located"

# Consistency on made-up women: the contacts a report counts are those keywork export writes.
M=$T/demo
echo demo-only-synthetic-women >"$T/pd"
expect 0 "demo" -- "$KW" demo --db "$M" --clients 60 --seed 7 </dev/null
cat >"$T/cfg/keywork/reports/bad.yaml" <<'YAML'
report: every_contact
title: Every contact
population: all
tables:
  - title: Contacts
    count: records
    by: contact.outcome
YAML
dkw() { XDG_CONFIG_HOME=$T/cfg "$KW" "$@" --db "$M" --user demo --passphrase-fd 3 3<"$T/pd"; }
expect 0 "export contacts" -- dkw export contacts --format csv -o "$T/c.csv"
expect 0 "count them" -- dkw report every_contact --format csv -o "$T/e.csv"
for o in made attempted missed; do
	want=$(awk -F, -v o="$o" 'NR > 1 && $4 == o' "$T/c.csv" | wc -l)
	got=$(awk -F, -v o="$o" '$3 == o { print $4 }' "$T/e.csv")
	[ "$want" -ge 5 ] && [ "$got" = "$want" ] && ok || bad "$o: report $got, export $want"
done
want=$(($(wc -l <"$T/c.csv") - 1))
got=$(awk -F, '$2 == "Total" { print $4 }' "$T/e.csv")
[ "$got" = "$want" ] && ok || bad "all contacts: report $got, export $want"
finish
