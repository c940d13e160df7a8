#!/bin/bash
# ui_justice.sh: J Justice through the real screens, in tmux: keyworker bea
# records every kind of criminal justice record on her record at 120x40, and
# again at 80x24 (an offence with its category from the list, an arrest, a
# caution, a charge, a court date, a pre-sentence report, an order with its
# requirements, custody, a licence, a breach, a recall) and her probation
# practitioner; the list is newest first, with the court date still to come
# marked [legal]; the court date is in her appointments (2 Contact) and on
# Today. A drop-in worker is not offered J and J opens nothing for her.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
TODAY=$(date +%-d/%-m/%Y)
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 120x40 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "My caseload" "Today shows after unlocking"
ui_intake_for_bea w1 "Jo Justice"
ui_keys w1 ?
see w1 "Justice: offences, court dates, orders; her probation practitioner" "help offers J to a keyworker"
ui_keys w1 q

ui_keys w1 J
see w1 "Justice: Jo Justice" "J opens Justice"
see w1 "Nothing recorded: a adds" "which is empty"
see w1 "Her probation practitioner" "her probation practitioner is at the top"

# record KIND DATE ARG...: a opens the form; KIND is chosen for What it is and
# DATE typed for Date; then each ARG moves to the next field (Tab) and is
# "-" (left empty), "choose:WORD" (found by typing, Enter picks),
# "tick:WORD[,WORD]" (each found and ticked with Space, the list closed with
# Enter) or text to type. ^S saves.
record() {
	ui_keys w1 a
	see w1 "Criminal justice record" "a opens the form"
	ui_type w1 "$1"
	ui_keys w1 Enter Tab C-u
	ui_type w1 "$2"
	shift 2
	for a in "$@"; do
		ui_keys w1 Tab
		case $a in
		-) ;;
		choose:*)
			ui_type w1 "${a#choose:}"
			ui_keys w1 Enter
			;;
		tick:*)
			local w
			for w in $(printf '%s' "${a#tick:}" | tr , ' '); do
				ui_type w1 "$w"
				ui_keys w1 Space
				ui_keys w1 C-u
			done
			ui_keys w1 Enter
			;;
		*) ui_type w1 "$a" ;;
		esac
	done
	ui_keys w1 C-s
	see w1 "Saved." "the $KIND_SAID is saved"
}

KIND_SAID=offence record offence 2/1/2024 choose:theft Shoplifting
see w1 "02/01/2024 Offence                  Theft, Shoplifting" "the offence is listed with its category"
KIND_SAID=arrest record arrest 3/1/2024 22:10
see w1 "03/01/2024 Arrest                   22:10" "the arrest"
KIND_SAID=caution record caution 4/1/2024 "choose:drug off"
see w1 "Caution or conditional ~ Drug offences" "the caution"
KIND_SAID=charge record charge 5/1/2024 choose:assault "Common assault"
see w1 "Charge                   Assault, Common assault" "the charge"
KIND_SAID="court date" record court "$TODAY" 23:30 - "Highbury Corner"
see w1 "Court date               [legal] 23:30, Highbury Corner" "the court date still to come, marked [legal]"
KIND_SAID=report record "pre-sent" 20/1/2024 - "Highbury Corner"
see w1 "Pre-sentence report      Highbury Corner" "the pre-sentence report"

# --- the rest at 80x24 ---
tm resize-window -t main:w1 -x 80 -y 24
see w1 "Her probation practitioner" "Justice redraws at 80x24"
KIND_SAID=order record order 2/2/2024 - - tick:unpaid,curfew 1/2/2027
see w1 "02/02/2024 Order (community order,~ Unpaid work, Curfew, until 01/02/2027" "the order with its requirements"
KIND_SAID=custody record custody 1/3/2024 - "HMP Bronzefield" 1/6/2024
see w1 "Custody (prison)         HMP Bronzefield, until 01/06/2024" "custody"
KIND_SAID=licence record licence 2/6/2024 - tick:superv 1/12/2024
see w1 "Licence                  Supervision, until 01/12/2024" "the licence"
KIND_SAID=breach record breach 1/8/2024 "Missed two appointments"
see w1 "01/08/2024 Breach                   Missed two appointments" "the breach"
KIND_SAID=recall record recall 2/8/2024
see w1 "02/08/2024 Recall" "the recall"

# Newest first: the court date today, then the recall ... the offence.
ui_screen w1
order=$(grep -oE "(Court date|Recall|Breach|Licence|Custody|Order|Pre-sentence|Charge|Caution|Arrest|Offence)( |$)" "$T/screen" | tr -d ' ' | tr '\n' ' ')
[ "$order" = "Courtdate Recall Breach Licence Custody Order Pre-sentence Charge Caution Arrest Offence " ] && ok ||
	bad "the list is newest first: $order"

# --- her probation practitioner: Enter on the line at the top ---
ui_keys w1 g Enter
see w1 "Probation service or team" "Enter opens her probation practitioner"
ui_type w1 "Sam Okafor"
ui_keys w1 Tab
ui_type w1 "North London"
ui_keys w1 C-s
see w1 "Name Sam Okafor; Team North London" "she is shown at the top"

# --- the court date is in her appointments and on Today ---
ui_keys w1 q 2
see w1 "Highbury Corner" "2 Contact lists the court date's appointment"
see w1 "[legal]" "marked [legal]"
ui_keys w1 q q
see w1 "My caseload" "back on Today"
see w1 "at 23:30         Court date" "the court date is on Today"
ui_keys w1 Q

# --- a drop-in worker: no J, and J opens nothing ---
ui_start w2 80x24 "$KW" --db "$D" --user cat
ui_unlock w2 "$PASS3"
ui_open_her w2 "Jo Justice"
ui_keys w2 ?
see w2 "Show the keys that work here" "help shows"
notsee w2 "her probation practitioner" "help does not offer J to a drop-in worker"
ui_keys w2 q J
see w2 "Criminal justice records are for keyworkers and managers." "J says it is not for her role"
notsee w2 "Justice: Jo Justice" "and opens nothing"
finish
