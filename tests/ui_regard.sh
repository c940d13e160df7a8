#!/bin/bash
# ui_regard.sh: 1 Regard through the real screens, in tmux, as keyworker bea:
# a strength in two keys from her record (1 a, then the words), shown in her
# header; a first score on a pathway, then the same pathway scored again with
# one key from her journey, drawn as a chart with the distance travelled; and
# 1 on the woman highlighted on Today. What was saved is read back from the
# store (test_regard peek).
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
TODAY=$(date +%F)
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "My caseload" "Today shows after unlocking"

# --- a woman with bea as her keyworker ---
ui_intake_for_bea w1 "Amara Regard"

# --- a strength in two keys: 1, a, then her words ---
ui_keys w1 1
see w1 "1 Regard: Amara Regard" "1 opens Regard"
see w1 "No scores yet: u scores a pathway with her." "her journey is empty"
see w1 "None recorded yet: a adds one." "so are her strengths"
ui_keys w1 a
see w1 "What she did or showed" "a opens the strength form"
ui_type w1 "Spoke up for herself at the housing panel"
ui_keys w1 C-s
see w1 "Achievement    Spoke up for herself" "the achievement is listed, kind and all"
ui_keys w1 q
see w1 "Latest: Spoke up for herself at the housing panel" "her header shows the latest"

# --- her journey: a first score in March, then scored again from the journey ---
ui_keys w1 1 u
see w1 "How things are going" "u opens the score form"
ui_type w1 "accom"
ui_keys w1 Enter Tab C-u
ui_type w1 "2/3/2026"
ui_keys w1 Tab
ui_type w1 "2"
ui_keys w1 Enter C-s
see w1 "first score, March 2026" "the first score is on her journey"
ui_keys w1 g u
see w1 "Accommodation" "u on a pathway presets it"
ui_type w1 "4"
ui_keys w1 Enter C-s
see w1 "+2 since March 2026" "the distance travelled is shown"
if [ "$KW_TERM" = linux ]; then
	see w1 "2 4" "on the Linux console the chart is the scores themselves"
	notsee w1 "▆" "and no block the console font lacks"
else
	see w1 "▃▆ 4" "the chart rises from 2 to 4 in blocks"
fi
# Not applicable is no score: the chart and the distance stay.
ui_keys w1 g u
ui_type w1 "not app"
ui_keys w1 Enter C-s
see w1 "+2 since March 2026; now not applicable" "not applicable is not drawn as a score"

peek "Amara Regard"
has "$T/peek" "strength	$TODAY	achievement	Spoke up for herself at the housing panel" "the strength was stored"
has "$T/peek" "score	accommodation	2026-03-02	2" "the first score was stored"
has "$T/peek" "score	accommodation	$TODAY	4" "the second score was stored"
has "$T/peek" "score	accommodation	$TODAY	not_applicable" "not applicable was stored as such"

# --- 1 on the woman highlighted on Today ---
ui_keys w1 q q
see w1 "My caseload" "back on Today"
see w1 "Amara Regard" "she is in bea's caseload"
ui_keys w1 1
see w1 "1 Regard: Amara Regard" "1 on Today opens Regard for the highlighted woman"
ui_keys w1 a
ui_type w1 "Walked to the group on her own"
ui_keys w1 Tab
ui_type w1 "mile"
ui_keys w1 Enter C-s
see w1 "Milestone      Walked to the group" "the milestone is listed"
peek "Amara Regard"
has "$T/peek" "strength	$TODAY	milestone	Walked to the group on her own" "and stored"

ui_keys w1 Q
ui_gone w1 && ok || bad "Q quits"
finish
