#!/bin/bash
# ui_details.sh: details that decide whether the screens can be trusted, in
# tmux, on the synthetic demo data: at 80 columns a risk flag on Today shows
# whole (names and summaries narrow first); a wide form gives its labels their
# width.
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

finish
