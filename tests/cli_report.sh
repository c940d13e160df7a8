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
	es[$i]=$E
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
  - title: Per what
    count: records
    by: contact.happened_at
    per: fortnight
  - title: Per a choice
    count: records
    by: contact.mode
    per: week
  - title: Of her
    of: intake
    by: intake.ethnicity
  - title: Not of its session
    count: records
    of: attendance
    by: contact.mode
  - title: Where on its episode
    count: records
    of: closure
    by: closure.reason
    where: {referral.nope: diversion}
  - title: Open contacts
    count: records
    by: contact.mode
    open_at_end: true
YAML
XDG_CONFIG_HOME=$T/cfg expect 65 "forms check finds a bad report" -- "$KW" forms check
XDG_CONFIG_HOME=$T/cfg "$KW" forms check >"$T/out" 2>&1
has "$T/out" "bad.yaml:3:11: 'min_cell' is at least 3" "a threshold under 3 is refused, located"
has "$T/out" "bad.yaml:6:9: 'by' must be a choice" "a free-text breakdown is refused, located"
has "$T/out" "bad.yaml:10:10: 'per' is week or month, not 'fortnight'" "per is week or month, located"
hasnt "$T/out" "bad.yaml:9:9:" "a date with a refused 'per' is one problem, not two"
has "$T/out" "bad.yaml:14:10: 'per' breaks down a date, and contact.mode is choice" "per needs a date"
has "$T/out" "bad.yaml:16:9: 'of' names a form of records of hers" "of is a form of her records"
has "$T/out" "bad.yaml:21:9: 'by' must be a field of the form attendance or of a group session form" \
	"a field of another record is refused"
has "$T/out" "bad.yaml:26:13: the form referral has no field 'nope'" "a parent's field is checked too"
has "$T/out" "bad.yaml:30:18: 'open_at_end' counts episodes (referral) open on the last day; this table counts contact records" \
	"open_at_end is for episodes, located"

# Nationality as returns count it: two British or Irish, one EU, one declined, two not asked.
expect 0 "nationality 0" -- kw save intake --record "${ws[0]}" nationality_group=british_irish
expect 0 "nationality 1" -- kw save intake --record "${ws[1]}" nationality_group=british_irish
expect 0 "nationality 2" -- kw save intake --record "${ws[2]}" nationality_group=eu_eea
expect 0 "nationality 3" -- kw save intake --record "${ws[3]}" "nationality_group=(declined)"
tty_kw report caseload_profile --from 2024-01-01 --to 2024-12-31 >"$T/tty"
sed -n '/^Nationality/,/^  %/p' "$T/tty" >"$T/nat"
grep -E '^  British or Irish +2 +33\.3%' "$T/nat" >/dev/null && ok || bad "nationality: 2 British or Irish"
grep -E '^  Another EU or EEA country +1 ' "$T/nat" >/dev/null && ok || bad "nationality: 1 EU or EEA"
grep -E '^  Elsewhere +0 +0\.0%' "$T/nat" >/dev/null && ok || bad "nationality: none elsewhere, shown as 0"
grep -E '^  Declined to say +1 ' "$T/nat" >/dev/null && ok || bad "nationality: declined is its own row"
grep -E '^  Not asked yet +2 ' "$T/nat" >/dev/null && ok || bad "nationality: two not asked yet"
expect 0 "profile to a file" -- kw report caseload_profile --from 2024-01-01 --to 2024-12-31 --format csv -o "$T/n.csv"
has "$T/n.csv" "Nationality (as returns count it),Elsewhere,elsewhere,0,0.0%," "a zero is 0 in a file, not <5"
has "$T/n.csv" "Nationality (as returns count it),British or Irish,british_irish,<5,*," "2 is <5 in a file"

# Contacts per week (weeks from Monday): made on Mon 4 and Sun 10 March, Tue 12 March; an
# attempt on 5 March; and a made contact outside the period.
contact() { expect 0 "contact $2 $3" -- kw save contact --client "$1" happened_at="$2" mode=phone outcome="$3"; }
contact "${ws[0]}" 2024-03-04T10:00:00Z made
contact "${ws[0]}" 2024-03-10T12:00:00Z made
contact "${ws[1]}" 2024-03-12T10:00:00Z made
contact "${ws[1]}" 2024-03-05T10:00:00Z attempted
contact "${ws[1]}" 2024-03-20T10:00:00Z made
# Appointments in the period: one kept, one she could not be at, one moved, one not filled in.
appt() { expect 0 "appointment ${2-}" -- kw save appointment --client "${ws[0]}" kind=court starts_at="$1" "${@:2}"; }
appt "2024-03-05 10:00" kept=kept
appt "2024-03-06 10:00" kept=missed missed_reason=childcare
appt "2024-03-07 10:00" kept=moved
appt "2024-03-08 10:00"
appt "2024-04-08 10:00" kept=kept
tty_kw report engagement --from 2024-03-01 --to 2024-03-17 >"$T/tty"
sed -n '/^Contacts made, per week/,/^  %/p' "$T/tty" >"$T/week"
grep -E '^  2024-02-26 +0 ' "$T/week" >/dev/null && ok || bad "the week of 26 Feb: 0 made, its row kept"
grep -E '^  2024-03-04 +2 ' "$T/week" >/dev/null && ok || bad "the week of 4 March: 2 made (Monday to Sunday)"
grep -E '^  2024-03-11 +1 ' "$T/week" >/dev/null && ok || bad "the week of 11 March: 1 made"
grep -E '^  Total +3$' "$T/week" >/dev/null && ok || bad "3 made in the period"
hasnt "$T/week" "2024-03-18" "no week after the period"
sed -n '/^Attempts to reach her, per week/,/^  %/p' "$T/tty" >"$T/week"
grep -E '^  2024-03-04 +1 ' "$T/week" >/dev/null && ok || bad "one attempt the week of 4 March"
sed -n '/^Appointments in the period/,/^  %/p' "$T/tty" >"$T/appt"
grep -E '^  Yes: she was there +1 ' "$T/appt" >/dev/null && ok || bad "one appointment kept"
grep -E '^  She could not be there +1 ' "$T/appt" >/dev/null && ok || bad "one she could not be at"
grep -E '^  Moved to another day +1 ' "$T/appt" >/dev/null && ok || bad "one moved"
grep -E '^  Cancelled by them +0 ' "$T/appt" >/dev/null && ok || bad "none cancelled"
grep -E '^  Not asked yet +1 ' "$T/appt" >/dev/null && ok || bad "one not filled in"
grep -E '^  Total +4$' "$T/appt" >/dev/null && ok || bad "four appointments in the period"
sed -n '/^Appointments she could not be at/,/^  %/p' "$T/tty" | grep -E '^  Childcare +1 ' >/dev/null &&
	ok || bad "missed for childcare"

# Ended, by reason: a diversion episode the programme ended (completed), and a community
# episode she moved away from; the diversion table counts only the first.
expect 0 "diversion completed" -- kw save closure --under "${es[1]}" reason=programme_ended closed_on=2024-03-08
saved E2 -- kw save referral --client "${ws[2]}" referral_source=self programme=community \
	referred_on=2024-02-10 opened_on=2024-02-10
expect 0 "community ended" -- kw save closure --under "$E2" reason=moved_away closed_on=2024-03-09
# Still open on 17 March: five of the six opened in February (es[1] closed on the 8th; es[3] closes
# in April, after the period); woman 6's opens in 2025.
expect 0 "diversion closed after the period" -- kw save closure --under "${es[3]}" reason=programme_ended closed_on=2024-04-02
tty_kw report diversion_return --from 2024-03-01 --to 2024-03-17 >"$T/tty"
sed -n '/^Diversion support still open/,/^  %/p' "$T/tty" >"$T/open"
grep -E '^  Not asked yet +5 ' "$T/open" >/dev/null && ok || bad "five diversion episodes still open on the last day"
grep -E '^  Total +5$' "$T/open" >/dev/null && ok || { bad "still open: total 5"; cat "$T/open" >&2; }
tty_kw report diversion_return --from 2024-01-01 --to 2024-01-31 >"$T/tty"
sed -n '/^Diversion support still open/,/^  %/p' "$T/tty" | grep -E '^  Total +0$' >/dev/null &&
	ok || bad "none open at the end of January: all opened in February"
tty_kw report diversion_return --from 2024-03-01 --to 2024-03-17 >"$T/tty"
sed -n '/^Diversion support ended/,/^  %/p' "$T/tty" >"$T/end"
grep -E '^  The programme ended +1 ' "$T/end" >/dev/null && ok || bad "one diversion completed"
grep -E '^  She moved away +0 ' "$T/end" >/dev/null && ok || bad "the community episode is not diversion"
grep -E '^  Total +1$' "$T/end" >/dev/null && ok || bad "one diversion episode ended"
sed -n '/^Support ended in the period, all programmes/,/^  %/p' "$T/tty" >"$T/end"
grep -E '^  She moved away +1 ' "$T/end" >/dev/null && ok || bad "all programmes: one moved away"
grep -E '^  Total +2$' "$T/end" >/dev/null && ok || bad "all programmes: two ended"
sed -n '/^Diversion referrals, by source/,/^  %/p' "$T/tty" | grep -E '^  Total +0$' >/dev/null &&
	ok || bad "no diversion referral in March"

# Group attendance in the period, by the session's date: two places in March (one missed),
# one in April; a session in 2023 is outside it.
saved S1 -- kw save group_session group_name=wellbeing held_on=2024-03-06
saved S2 -- kw save group_session group_name=wellbeing held_on=2024-04-02
saved S0 -- kw save group_session group_name=wellbeing held_on=2023-12-01
expect 0 "came in March" -- kw save attendance --under "$S1" client="${ws[0]}" attended=attended rating=5
expect 0 "missed in March" -- kw save attendance --under "$S1" client="${ws[1]}" attended=missed
expect 0 "came in April" -- kw save attendance --under "$S2" client="${ws[0]}" attended=attended rating=4
expect 0 "came in 2023" -- kw save attendance --under "$S0" client="${ws[0]}" attended=attended rating=1
tty_kw report peer_support --from 2024-03-01 --to 2024-04-30 >"$T/tty"
sed -n '/^Group places in the period, by attendance/,/^  %/p' "$T/tty" >"$T/grp"
grep -E '^  Came +2 ' "$T/grp" >/dev/null && ok || bad "two places taken in the period"
grep -E '^  Missed it +1 ' "$T/grp" >/dev/null && ok || bad "one missed"
grep -E '^  Total +3$' "$T/grp" >/dev/null && ok || bad "three places in the period (2023 left out)"
sed -n '/^Group places taken up/,/^  %/p' "$T/tty" >"$T/grp"
grep -E '^  2024-03 +1 ' "$T/grp" >/dev/null && ok || bad "March: one place taken up"
grep -E '^  2024-04 +1 ' "$T/grp" >/dev/null && ok || bad "April: one place taken up"
sed -n '/^Ratings of sessions attended/,/^  %/p' "$T/tty" >"$T/grp"
grep -E '^  1 +0 ' "$T/grp" >/dev/null && ok || bad "the 2023 rating is outside the period"
grep -E '^  5 +1 ' "$T/grp" >/dev/null && ok || bad "one rated 5"

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
  - title: Made, per month
    count: records
    by: contact.happened_at
    per: month
    where: {outcome: made}
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
got=$(awk -F, '$2 == "Total" && $1 == "Contacts" { print $4 }' "$T/e.csv")
[ "$got" = "$want" ] && ok || bad "all contacts: report $got, export $want"
# Made contacts per month, true figures on a terminal, against the export's dates; the
# months with none are 0 in the report and absent from the export.
XDG_CONFIG_HOME=$T/cfg script -qec "$(printf '%q ' "$KW" report every_contact --from 2020-01-01 \
	--db "$M" --user demo --passphrase-fd 3) 3<$T/pd" /dev/null | tr -d '\r' >"$T/tty"
sed -n '/^Made, per month/,/^  %/p' "$T/tty" |
	awk '$1 ~ /^20[0-9][0-9]-[01][0-9]$/ && $2 > 0 { print $1, $2 }' >"$T/months.report"
awk -F, 'NR > 1 && $4 == "made" && $2 >= "2020-01-01" { print substr($2, 1, 7) }' "$T/c.csv" |
	sort | uniq -c | awk '{ print $2, $1 }' >"$T/months.export"
[ "$(wc -l <"$T/months.export")" -ge 6 ] && cmp -s "$T/months.report" "$T/months.export" && ok ||
	bad "made contacts per month: report and export differ: $(diff "$T/months.report" "$T/months.export" | head -5)"
# section TITLE: the rows of the table TITLE in $T/tty, up to its "% of" line.
section() { sed -n "/^$1/,/^  %/p" "$T/tty"; }
# Need for a support plan, all women beside mothers with a domestic-abuse plan (Table 1). In 2024:
# woman 0 has accommodation and domestic-abuse plans and a child (the cohort's one mother); woman 1
# an accommodation plan; woman 2 a domestic-abuse plan and no child; woman 3 a child and no plan.
plan() { expect 0 "plan $2 for $1" -- kw save support_plan --client "${ws[$1]}" pathway="$2" goals="Goals" opened_on=2024-02-15; }
plan 0 accommodation
plan 0 domestic_abuse
plan 1 accommodation
plan 2 domestic_abuse
child() { expect 0 "child of $1" -- kw save child --client "${ws[$1]}" known_as="Child $1" lives_with="$2" legal_status="$3"; }
child 0 with_her child_in_need
child 0 grandparents child_protection
child 3 with_her none
child 3 with_her none
tty_kw report support_need --from 2024-01-01 --to 2024-12-31 >"$T/tty"
section "Women with a support plan in the pathway" >"$T/need"
grep -E '^  Accommodation +2 +33\.3% +1 +100\.0%' "$T/need" >/dev/null && ok ||
	{ bad "accommodation: 2 of 6 women, 1 of the 1 mother"; cat "$T/need" >&2; }
grep -E '^  Domestic abuse +2 +33\.3% +1 +100\.0%' "$T/need" >/dev/null && ok || bad "domestic abuse: 2 of 6, 1 of 1"
grep -E '^  Drugs and alcohol +0 +0\.0% +0 +0\.0%' "$T/need" >/dev/null && ok || bad "drugs and alcohol: none"
grep -Eq 'Mothers with a domestic-abuse support plan' "$T/tty" && ok || bad "the cohort is named"
# Children affected: four children of two mothers; three live with her, one with grandparents.
tty_kw report children_affected --from 2024-01-01 --to 2024-12-31 >"$T/tty"
section "Children, by where they live" >"$T/kids"
grep -E '^  With her +3 +75\.0%' "$T/kids" >/dev/null && ok || { bad "three children live with her"; cat "$T/kids" >&2; }
grep -E '^  With grandparents +1 +25\.0%' "$T/kids" >/dev/null && ok || bad "one with grandparents"
grep -E '^  Total +4$' "$T/kids" >/dev/null && ok || bad "four children"
section "Children, by legal status" >"$T/kids"
grep -E '^  Child protection plan +1 ' "$T/kids" >/dev/null && ok || bad "one under a child-protection plan"
section "Mothers, by where their children live" >"$T/kids"
# Mother 3's two children with her count her once.
grep -E '^  With her +2 +33\.3%' "$T/kids" >/dev/null && ok || { bad "two mothers have a child with them, of six women"; cat "$T/kids" >&2; }
grep -E '^  With grandparents +1 +16\.7%' "$T/kids" >/dev/null && ok || bad "one mother has a child with grandparents"
finish
