#!/bin/bash
# ui_reports.sh: R on a manager's Today, the Reports screen. The list of reports; Enter asks the
# period (a year ending today unless typed), a day that is no day is refused where it was typed;
# the figures are drawn as a table with a bar chart, true figures on screen; E writes a new CSV
# file (0600) with small figures withheld exactly as `keywork report -o` writes them, never over
# a file; the run is audited as the command line's is. A keyworker has no R. At 80x24, and wider.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

# Six women with an episode open in 2024 (the same caseload as cli_report.sh): pregnant yes 2,
# no 1, unknown 1, declined 1, not asked 1.
preg=(yes yes no "(unknown)" "(declined)" "")
for i in 0 1 2 3 4 5; do
	saved W -- kw save intake "known_as=Woman $i"
	saved E -- kw save referral --client "$W" referral_source=self programme=diversion \
		referred_on="2024-02-0$((i + 1))" opened_on="2024-02-0$((i + 1))"
	[ -n "${preg[$i]}" ] && { expect 0 "pregnancy $i" -- kw save pregnancy --record "$W" "pregnant=${preg[$i]}"; }
done

ui_start w1 80x24 "$KW" --db "$D" --user ana
ui_unlock w1 "$PASS1"
see w1 "R reports" "the bar on a manager's Today offers R"
ui_keys w1 R
see w1 "The centre's reports. Enter asks for the period." "R opens the list of reports"
see w1 "Caseload profile" "the caseload profile is listed"
see w1 "Distance travelled" "and distance travelled"
ui_keys w1 Enter
see w1 "For which period?" "Enter asks the period"
to=$(date +%d/%m/%Y)
see w1 "$to" "to defaults to today, as on the command line"
from=$(date -d "$(date -d '1 year ago' +%F) + 1 day" +%d/%m/%Y)
see w1 "$from" "from to the day after a year before"
# A day that is no day is refused where it was typed.
ui_keys w1 C-u
ui_type w1 "31/02/2024"
ui_keys w1 Enter
see w1 "From: '31/02/2024' is not a day" "a day that is no day is refused"
ui_keys w1 C-u
ui_type w1 "01/01/2024"
ui_keys w1 Tab C-u
ui_type w1 "31/12/2024"
ui_keys w1 Enter
see w1 "Caseload profile, 01/01/2024 to 31/12/2024" "the figures for the period"
see w1 "True figures." "the screen says its figures are true ones"
# down_to REGEX: down a line at a time (80 at most) until a line matching it shows.
down_to() {
	for _ in $(seq 80); do
		ui_screen w1
		grep -qE "$1" "$T/screen" && break
		ui_keys w1 j
	done
}
# At 80 columns the labels are whole, so rows that differ only at the end stay apart.
down_to "Mixed or multiple: White and Black Caribbean"
see w1 "Mixed or multiple: White and Black African" "a long label is whole at 80 columns"
see w1 "Mixed or multiple: White and Black Caribbean" "and its neighbour too"
# Pregnancy is below the first screenful: down until its last row shows.
down_to "^  Not asked yet +1 "
see w1 "Pregnancy" "the pregnancy table"
ui_wait_re w1 "Yes +2 +33\.3% +#+" || bad "pregnant yes: 2 (33.3%) with its bar"
ui_wait_re w1 "No +1 +16\.7% +#+" || bad "pregnant no: 1 with a bar half as long"
ui_screen w1
yes_bar=$(grep -E "^  Yes +2 " "$T/screen" | head -1 | grep -oE '#+' | tr -d '\n' | wc -c)
no_bar=$(grep -E "^  No +1 " "$T/screen" | head -1 | grep -oE '#+' | tr -d '\n' | wc -c)
[ "$yes_bar" -gt 0 ] && [ "$no_bar" -gt 0 ] && [ $((no_bar * 2 - yes_bar)) -le 1 ] &&
	[ $((yes_bar - no_bar * 2)) -le 1 ] && ok ||
	bad "the bars are to scale (yes $yes_bar, no $no_bar columns)"
ui_wait_re w1 "Not asked yet +1 +16\.7%" || bad "not asked yet is a row of its own"
ui_wait_re w1 "Declined to say +1 " || bad "declined to say is a row of its own"
notsee w1 "<5" "no figure is withheld on screen"
notsee w1 "Woman" "no woman is named"

# E: a new file, as the command line writes it.
ui_keys w1 E
see w1 "Write to:" "E asks where"
see w1 "caseload_profile_2024-01-01_2024-12-31.csv" "a name is offered"
ui_keys w1 C-u
ui_type w1 "$T/screen.csv"
ui_keys w1 Enter
see w1 "Wrote caseload_profile to $T/screen.csv" "written"
[ "$(stat -c %a "$T/screen.csv" 2>/dev/null)" = 600 ] && ok || bad "the file is only hers (0600)"
expect 0 "the same report from the command line" -- kw report caseload_profile --from 2024-01-01 \
	--to 2024-12-31 --format csv -o "$T/cli.csv"
cmp -s "$T/screen.csv" "$T/cli.csv" && ok || {
	bad "the screen writes what keywork report -o writes"
	diff "$T/screen.csv" "$T/cli.csv" | head >&2
}
has "$T/screen.csv" "Pregnancy,Yes,yes,<5,*," "small figures are withheld in the file"
# Never over a file: the same name again is refused, and the file is as it was.
cp "$T/screen.csv" "$T/before.csv"
ui_keys w1 E C-u
ui_type w1 "$T/screen.csv"
ui_keys w1 Enter
see w1 "cannot create $T/screen.csv: File exists" "a name taken is refused"
cmp -s "$T/screen.csv" "$T/before.csv" && ok || bad "the file was changed"
ui_keys w1 Escape
see w1 "True figures." "Esc leaves the file unwritten"
ui_keys w1 Escape Escape Escape
see w1 "My caseload" "Esc goes back to Today"
ui_keys w1 Q
ui_gone w1 || bad "keywork did not quit"

kw audit -o "$T/audit" 2>/dev/null
[ "$(grep -c "report  *.*caseload_profile 2024-01-01\.\.2024-12-31" "$T/audit")" = 2 ] && ok || {
	bad "the screen's run and the command line's are audited alike"
	grep report "$T/audit" >&2
}
hasnt "$T/audit" "33.3" "the audit holds no figure"

# Wider: the label column and the bars grow.
ui_start w2 120x30 "$KW" --db "$D" --user ana
ui_unlock w2 "$PASS1"
ui_keys w2 R
see w2 "Caseload profile" "the list at 120x30"
expect 0 "the reports in order" -- kw report list
n=$(grep -n '^distance_travelled ' "$T/out" | cut -d: -f1)
for ((i = 1; i < n; i++)); do ui_keys w2 j; done
ui_keys w2 Enter
see w2 "For which period?" "the period"
ui_keys w2 C-u
ui_type w2 "01/01/2024"
ui_keys w2 Tab C-u
ui_type w2 "31/12/2024"
ui_keys w2 Enter
see w2 "Women  Change Improved" "distance travelled has its own columns"
ui_keys w2 Q
ui_gone w2 || bad "keywork did not quit"

# A keyworker: no R in the bar, and R refused in plain words.
ui_start w3 80x24 "$KW" --db "$D" --user bea
ui_unlock w3 "$PASS2"
see w3 "My caseload" "bea's Today"
notsee w3 "R reports" "a keyworker's bar has no R"
ui_keys w3 R
see w3 "Reports are for managers." "R is refused to a keyworker"
ui_keys w3 Q
ui_gone w3 || bad "keywork did not quit"
finish
