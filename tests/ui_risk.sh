#!/bin/bash
# ui_risk.sh: a risk checklist's score, level and MARAC indication, through
# the real screens in tmux: her header and her list of risk assessments show
# them after saving (a checklist of 15 "yes" saved by the command line, then
# one by the screen), and raising the level by professional judgement is
# refused until the reasons are given. At 100x32 and 80x24.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "a woman" -- as_ana save intake known_as="Ruth Test"
W=$(head -n 1 "$T/out")
yes15=""
for q in q01_hurt q02_very_frightened q03_fears_serious_harm q04_kept_apart q05_low_mood \
	q06_separation q07_child_contact q08_following q09_pregnant_or_new_baby \
	q10_children_harmed q11_more_often q12_getting_worse q13_controlling q14_weapon \
	q15_threat_to_kill; do
	yes15="$yes15 $q=yes"
done
# shellcheck disable=SC2086
expect 0 "a checklist with 15 yes answers" -- \
	as_ana save risk_checklist --client "$W" assessed_on=2026-01-10 $yes15

for size in 100x32 80x24; do
	w="w$size"
	ui_start "$w" "$size" "$KW" --db "$D" --user ana
	ui_unlock "$w" "$PASS1"
	see "$w" "My caseload" "Today shows ($size)"
	ui_open_her "$w" "Ruth"
	see "$w" "RISK high (score 15, MARAC referral indicated)" "her header shows level, score and MARAC ($size)"
	ui_keys "$w" s
	see "$w" "Risk assessments" "s opens safety and risk ($size)"
	if ui_wait_re "$w" "10/01/2026 +score 15 +High +MARAC referral indicated" 10; then ok; else
		bad "the list shows score, level and MARAC ($size)"
		sed 's/^/  | /' "$T/screen" >&2
	fi
	if [ "$size" = 80x24 ]; then
		ui_keys "$w" Q
		ui_gone "$w" || bad "Q quits ($size)"
	fi
done

# --- raising the level by judgement: refused without the reasons ---
w=w100x32
ui_keys "$w" a
see "$w" "Risk checklist" "a starts the checklist"
# From the first field, Shift-Tab wraps to Save, then to the last field she can change.
ui_keys "$w" BTab BTab
ui_type "$w" "high"
ui_keys "$w" Enter
see "$w" "Why" "the reasons are asked once the level is raised"
ui_keys "$w" C-s
see "$w" "Raising the level to High (the score of 0 gives Standard) needs your reasons" "no reasons: refused"
ui_type "$w" "x"
ui_keys "$w" C-s
see "$w" "needs your reasons, in a few words" "one letter is not a reason"
ui_keys "$w" C-u
ui_type "$w" "He has found her new address and made threats"
ui_keys "$w" C-s
see "$w" "Saved." "the reasons save it"
if ui_wait_re "$w" "[0-9/]{10} +score 0 +High +MARAC referral indicated" 10; then ok; else
	bad "the new one is listed with its score, level and MARAC"
	sed 's/^/  | /' "$T/screen" >&2
fi
ui_keys "$w" q
see "$w" "RISK high (score 0, MARAC referral indicated)" "the header shows the newest"
ui_keys "$w" Q
ui_gone "$w" || bad "Q quits"
finish
