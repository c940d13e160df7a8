#!/bin/bash
# ui_closure.sh: closing an episode through the real screens in tmux: "Other"
# is refused without the reason in words (and with one letter), and closing
# asks first, listing what is still open for her (a task, an advocacy item, a
# court date ahead, a high risk level); "n" keeps the episode open, "y"
# closes it. At 100x32, and the question read whole at 80x24.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "a woman" -- as_ana save intake known_as="Tess Test"
W=$(head -n 1 "$T/out")
expect 0 "her episode, open" -- as_ana save referral --client "$W" referral_source=self \
	programme=community referred_on=2026-01-02 opened_on=2026-01-02
expect 0 "a task" -- as_ana save task --client "$W" title="Housing form"
expect 0 "an advocacy item" -- as_ana save advocacy_item --client "$W" agency=housing issue="Priority need"
expect 0 "a court date ahead" -- as_ana save appointment --client "$W" kind=court \
	starts_at=2099-01-12T10:00:00Z
expect 0 "a high risk level" -- as_ana save risk_checklist --client "$W" assessed_on=2026-01-05 \
	professional_judgement=high judgement_reasons="Threats made this week"
# Wrapped above the bar where the terminal is narrow: checked in parts.
Q1="She still has 1 open task, 1 open advocacy item, a court date on 12/01/2099"
Q2="high risk level."
Q3="Close anyway? y/N"

for size in 100x32 80x24; do
	w="w$size"
	ui_start "$w" "$size" "$KW" --db "$D" --user ana
	ui_unlock "$w" "$PASS1"
	see "$w" "My caseload" "Today shows ($size)"
	ui_open_her "$w" "Tess"
	ui_keys "$w" c
	see "$w" "Episodes: Tess" "c opens her episodes ($size)"
	ui_keys "$w" c
	see "$w" "Closing an episode" "c on the open episode opens the closing form ($size)"
	ui_type "$w" "say why"
	ui_keys "$w" Enter
	see "$w" "Other (say why)" "Other chosen ($size)"
	see "$w" "Why, in a few words" "the words are asked for ($size)"
	ui_keys "$w" C-s
	see "$w" "Say why it is closing, in a few words" "Other with no words is refused ($size)"
	ui_type "$w" "x"
	ui_keys "$w" C-s
	see "$w" "Say why it is closing, in a few words" "one letter is refused ($size)"
	ui_keys "$w" C-u
	ui_type "$w" "The service here was decommissioned"
	ui_keys "$w" C-s
	see "$w" "$Q1" "closing asks, naming what is open ($size)"
	see "$w" "$Q2" "the question is read whole ($size)"
	see "$w" "$Q3" "to its end ($size)"
	ui_keys "$w" n
	see "$w" "Not closed: she still has 1 open task" "n keeps it open ($size)"
	if [ "$size" = 80x24 ]; then
		ui_keys "$w" Escape
		ui_keys "$w" y
		ui_keys "$w" Q
		ui_gone "$w" || bad "Q quits ($size)"
	fi
done
w=w100x32
ui_keys "$w" C-s
see "$w" "$Q3" "asked again"
ui_keys "$w" y
see "$w" "Closed" "y closes the episode"
see "$w" "Other (say why)" "with its reason"
as_ana audit >"$T/audit.txt" 2>&1
has "$T/audit.txt" "closure added" "the closure was saved"
ui_keys "$w" Q
ui_gone "$w" || bad "Q quits"
finish
