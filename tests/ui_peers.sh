#!/bin/bash
# ui_peers.sh: 4 Peers through the real screens, in tmux, as keyworker bea:
# a group session she came to, created on the way (r, + New) with her
# attendance and rating; the same session offered again says she is
# recorded and opens her attendance rather than adding another; a peer-mentor
# match proposed and moved on a stage at a time (asked first, the day
# recorded; not to "agreed by both" while the mentor said she is not
# comfortable), a "no" leaving it as it was; and 4 on the woman highlighted on
# Today. What was saved is read back from the store (test_regard peek).
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
TODAY=$(date +%F)
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "My caseload" "Today shows after unlocking"

# --- a woman with bea as her keyworker ---
ui_intake_for_bea w1 "Bisi Peers"

# --- a session she came to, created on the way ---
ui_keys w1 4
see w1 "4 Peers: Bisi Peers" "4 opens Peers"
see w1 "No mentor match yet: a proposes one." "no match yet"
see w1 "None recorded yet: r records a session she came to." "no session yet"
ui_keys w1 r
see w1 "Which session did she come to?" "r asks which session"
see w1 "None recorded lately" "there is none yet"
ui_keys w1 Enter
see w1 "Group session" "+ New opens the session form"
ui_type w1 "wellb"
see w1 "Wellbeing group" "the group is found by typing"
ui_keys w1 Enter Tab Tab
ui_type w1 "the centre"
ui_keys w1 C-s
see w1 "Her rating (1 to 5)" "her attendance follows the session"
ui_keys w1 Tab
ui_type w1 "5"
ui_keys w1 Tab y C-s
see w1 "Wellbeing group          Came             she rated it 5 of 5" "her attendance is listed"

# --- the same session again: hers is opened, not doubled ---
ui_keys w1 r
see w1 "she is recorded" "the picker says she is recorded there"
see w1 "the centre" "with where it was"
ui_keys w1 Down Enter
see w1 "already recorded at that session" "picking it again opens her attendance"
ui_keys w1 Escape
see w1 "4 Peers: Bisi Peers" "back on Peers"

# --- a mentor match, moved on a stage at a time ---
ui_keys w1 a
see w1 "Peer mentor match" "a opens the match form"
ui_type w1 "Precious A."
ui_keys w1 Tab n C-s
see w1 "Precious A.              Proposed" "the match is proposed"
ui_keys w1 g '>'
see w1 "Move the match with Precious A. from Proposed to Agreed by both, today?" "> asks first"
ui_keys w1 y
# The mentor said no: the match is not agreed by both (src/app/rules.c).
see w1 "Not moved: The mentor said she is not comfortable with this match" "a no is not agreed"
see w1 "Precious A.              Proposed" "still proposed"
ui_keys w1 Enter
see w1 "Mentor comfortable?" "Enter opens the match"
ui_keys w1 Tab y C-s
see w1 "Precious A.              Proposed" "her yes is saved"
ui_keys w1 '>'
see w1 "from Proposed to Agreed by both" "> asks again"
ui_keys w1 y
see w1 "Agreed by both   agreed" "agreed, with the day"
ui_keys w1 '>'
see w1 "from Agreed by both to Meeting" "the next stage is meeting"
ui_keys w1 n
see w1 "Not moved." "no leaves it"
see w1 "Agreed by both" "as it was"
ui_keys w1 '>'
ui_keys w1 y
see w1 "Meeting          meeting since" "meeting, with the day"

peek "Bisi Peers"
has "$T/peek" "attendance	wellbeing	$TODAY	attended	5" "her attendance and rating were stored"
if [ "$(grep -c '^attendance' "$T/peek")" = 1 ]; then ok; else bad "one attendance, not two"; fi
has "$T/peek" "match	Precious A.	meeting	$TODAY	$TODAY	$TODAY	" "the stage and its days were stored"

# --- the last stage, then 4 from Today ---
ui_keys w1 '>'
ui_keys w1 y
see w1 "Ended            ended" "ended, with the day"
ui_keys w1 '>'
see w1 "at its last stage" "there is no stage after the last"
ui_keys w1 q q
see w1 "Bisi Peers" "she is in bea's caseload"
ui_keys w1 4
see w1 "4 Peers: Bisi Peers" "4 on Today opens Peers for the highlighted woman"
peek "Bisi Peers"
has "$T/peek" "match	Precious A.	ended	$TODAY	$TODAY	$TODAY	$TODAY" "the end was stored"

ui_keys w1 Q
ui_gone w1 && ok || bad "Q quits"
finish
