#!/bin/bash
# ui_details.sh: details that decide whether the screens can be trusted, in
# tmux, on the synthetic demo data: at 80 columns a risk flag on Today shows
# whole (names and summaries narrow first); a wide form gives its labels their
# width; an agency shows by its label on her timeline. Then, with keyworker
# bea: a woman she adds is hers; p and o on her record work; after viewing an
# entry the highlight stays on it, so m amends it, the amendment editor shows
# the original and the original says it was amended; drop-in staff are not
# offered keys their role cannot use.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
DEMO="$T/demo"

# today_find NAME REGEX: pages down Today until a line matching REGEX shows.
today_find() {
	local i
	ui_keys "$1" g
	for i in $(seq 1 30); do
		ui_screen "$1"
		grep -qE -- "$2" "$T/screen" && return 0
		ui_keys "$1" NPage
	done
	return 1
}

# --- at 80 columns a risk flag is never what gets cut ---
ui_start w1 80x24 "$KW" demo --db "$DEMO" --clients 40 --seed 3
see w1 "Contact overdue" "the demo opens on Today"
if today_find w1 "KW-[0-9A-Z]{6} .*(HIGH RISK|medium risk) *$"; then ok; else
	bad "at 80 columns a woman's risk flag shows on Today"
	sed 's/^/  | /' "$T/screen" >&2
fi
flagged=$(grep -oE "KW-[0-9A-Z]{6} .*(HIGH RISK|medium risk)" "$T/screen" | head -1)
ref=${flagged%% *}
tm resize-window -t main:w1 -x 140 -y 40
if today_find w1 "$ref .*(HIGH RISK|medium risk)"; then ok; else
	bad "wide, her flag still shows beside her reference $ref"
	sed 's/^/  | /' "$T/screen" >&2
fi


# --- a wide form gives a label its width ---
tm resize-window -t main:w1 -x 120 -y 40
ui_keys w1 a
see w1 "About her" "a opens the intake form"
for i in $(seq 1 40); do
	ui_screen w1
	grep -q "First or preferred" "$T/screen" && break
	ui_keys w1 Tab
done
if ui_wait_re w1 "First or preferred language( |$)" 10; then ok; else
	bad "at 120 columns a long label shows whole"
	sed 's/^/  | /' "$T/screen" >&2
fi
ui_keys w1 Escape
see w1 "Contact overdue" "Esc leaves the untouched form"

# --- an agency shows by its label on her timeline, never by its key ---
step_re="KW-[0-9A-Z]{6} +due [0-9]{2} [A-Z][a-z]{2} .*: (Contacted|Waiting|Chased|Escalated)"
if today_find w1 "$step_re"; then ok; else bad "the demo has advocacy steps due"; fi
ref=$(grep -E "$step_re" "$T/screen" | grep -oE "KW-[0-9A-Z]{6}" | head -1)
ui_keys w1 /
ui_type w1 "$ref"
see w1 "$ref" "search finds the woman with an advocacy step due"
ui_keys w1 Enter
see w1 "Her record" "her record opens"
keys_re=" (social_care|adult_social_care|housing|mental_health|gp|midwife|idva|marac|police|probation|courts|prison|solicitor|dwp|school|refuge|drug_alcohol_service|partner_charity|other)( - |$)"
ui_screen w1
if grep -qE "$keys_re" "$T/screen"; then
	bad "an agency shows as its key on her timeline"
	sed 's/^/  | /' "$T/screen" >&2
else ok; fi
ui_keys w1 Q

# --- a keyworker's own woman, p and o, amending what was viewed ---
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
ui_start w2 100x30 "$KW" --db "$D" --user bea
ui_unlock w2 "$PASS2"
see w2 "My caseload" "bea signs in"
ui_add_woman w2 "Hafsa"
see w2 "keyworker bea" "a woman bea adds is hers"
ui_keys w2 q
see w2 "My caseload (1)" "and on her caseload"
ui_open_her w2 "Hafsa"
ui_keys w2 p
see w2 "Pause contact" "p on her record opens a pause"
ui_keys w2 Escape
see w2 "Contacts and attempts" "and leaves her on 2 Contact"
ui_keys w2 o
see w2 "Appointment" "o on her record adds an appointment"
ui_keys w2 Escape
ui_wait w2 "Discard" 2 && ui_keys w2 y
see w2 "Contacts and attempts" "Esc leaves the appointment"
ui_keys w2 q
see w2 "Her record" "back on her record"
ui_keys w2 n
see w2 "The note" "n opens the note editor"
ui_type w2 "Zephyrnote about the housing letter"
# Written up later: it happened last year, so the contact logged next is above it.
ui_keys w2 BTab C-u
ui_type w2 "1/2/2025 10:00"
ui_keys w2 C-s
see w2 "Note saved" "the note saves"
# A newer entry above it, so the note is not the first line.
ui_keys w2 2 a
see w2 "Did it happen" "the contact form opens"
ui_keys w2 Tab
ui_type w2 "phon"
ui_keys w2 Enter Tab
ui_type w2 "tried"
ui_keys w2 Enter C-s
see w2 "We tried to reach her" "the attempt is saved"
ui_keys w2 q
see w2 "Her record" "back on her record"
ui_keys w2 g j Enter
see w2 "Zephyrnote" "Enter shows the note"
ui_keys w2 q
see w2 "Her record" "back on her record"
ui_keys w2 m
see w2 "Amending a case note" "m amends the note that was viewed"
see w2 "Zephyrnote about the housing letter" "the amendment editor shows the original"
ui_type w2 "It was the council's letter"
ui_keys w2 C-s
see w2 "Note saved" "the amendment saves"
see w2 "Note (amended)" "the original says it was amended"
ui_keys w2 Q

# --- drop-in staff are offered only what their role can use ---
ui_start w3 100x30 "$KW" --db "$D" --user cat
ui_unlock w3 "$PASS3"
see w3 "cat (dropin)" "cat signs in"
notsee w3 "v calendar" "no calendar offered on Today"
notsee w3 "T team" "no team offered on Today"
ui_open_her w3 "Hafsa"
notsee w3 "n note" "no note offered on her record"
notsee w3 "3 Practical" "no practical panel offered in her tab strip"
ui_keys w3 '?'
see w3 "Keys on the Her record screen" "? opens help"
notsee w3 "Write a case note" "help leaves out what the role cannot use"
notsee w3 "Safety and risk" "help leaves out safety and risk"
see w3 "Edit her profile" "help still lists what she can do"
ui_keys w3 q Q

finish
