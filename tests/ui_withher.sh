#!/bin/bash
# ui_withher.sh: W on her record, in tmux. A woman has every form of the
# shipped pack answered, each text answer a marker: FIT_form_key in a field its
# form marks show_her, UNFIT_form_key in any other. With her shows FIT markers and never an
# UNFIT one, on any page; leaving it soon goes back to her record, leaving it
# after longer than the idle lock locks keywork; ^G locks from it.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_bea() { "$KW" "$@" --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"; }

python3 "$HERE/withher_walk.py" "$HERE/../forms" >"$T/walk" || { echo "walk failed" >&2; exit 1; }
intake=$(awk -F '\t' '$1 == "intake"' "$T/walk" | cut -f3- | tr '\t' '\n')
mapfile -t args <<<"$intake"
expect 0 "a woman with every intake answer" -- as_bea save intake --yes "${args[@]}"
W=$(head -n 1 "$T/out")
saved_forms=0
while IFS=$'\t' read -r form kind rest; do
	[ "$form" = intake ] && continue
	mapfile -t args < <(printf '%s' "$rest" | tr '\t' '\n')
	case $kind in
	client) where=(--record "$W") ;;
	advocacy_step) where=(--under "$ITEM") ;;
	*) where=(--client "$W") ;;
	esac
	if as_bea save "$form" --yes "${where[@]}" "${args[@]}" >"$T/o" 2>"$T/e"; then
		saved_forms=$((saved_forms + 1))
		[ "$form" = advocacy_item ] && ITEM=$(head -n 1 "$T/o")
	else
		echo "note: $form not saved: $(head -n 1 "$T/e")" >&2
	fi
done < <(awk -F '\t' '$1 == "advocacy_item"' "$T/walk"; awk -F '\t' '$1 != "advocacy_item"' "$T/walk")
[ "$saved_forms" -ge 20 ] && ok || bad "only $saved_forms forms answered"

ui_start w1 110x40 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_open_her w1 "FIT_intake_known_as"
see w1 "UNFIT" "her record shows what she must not see"
ui_keys w1 W
see w1 "With her" "W opens with her"
see w1 "FIT_intake_known_as" "her name as she likes to be called"
see w1 "Your keyworker: bea" "her keyworker"
see w1 "FIT_strength_description" "her strength"
see w1 "FIT_outcome_ladder_in_her_words" "her words with her score"
see w1 "FIT_support_plan_goals" "her plan's goals"
see w1 "FIT_task_title" "her task, as the plan's next step"
see w1 "FIT_appointment_place" "her appointment's place"
# Every page of it: no unfit marker.
for _ in 1 2 3 4; do
	notsee w1 "UNFIT" "with her shows only what is fit to show her"
	ui_keys w1 Space
done
ui_keys w1 g
ui_keys w1 /
see w1 "q goes back to her record" "no key here opens anything else"
notsee w1 "Find" "search does not open from with her"
ui_keys w1 D
notsee w1 "FIT_intake_known_as" "discreet mode leaves out her name"
ui_keys w1 D
see w1 "FIT_intake_known_as" "and shows it again"
ui_keys w1 q
see w1 "Her record" "leaving soon goes back to her record"
ui_keys w1 C-g
see w1 "Sign in to keywork" "lock"
ui_keys w1 Q 2>/dev/null
tm kill-window -t main:w1

# Longer than the idle lock: with her stays, but leaving it needs the passphrase.
KW_IDLE=2 ui_start w2 110x40 "$KW" --db "$D" --user bea
ui_unlock w2 "$PASS2"
see w2 "Today" "signed in"
ui_open_her w2 "FIT_intake_known_as"
ui_keys w2 W
see w2 "With her" "with her again"
sleep 3 # longer than the 2-second idle lock, on purpose: the rule is about time passing
see w2 "FIT_intake_known_as" "with her stays while she reads, past the idle lock"
notsee w2 "Sign in to keywork" "the idle lock waits in with her"
ui_keys w2 q
see w2 "Sign in to keywork" "leaving after the idle lock needs the passphrase"
notsee w2 "FIT_intake_known_as" "her name is gone from the screen"
ui_unlock w2 "$PASS2"
see w2 "Today" "the passphrase goes on to Today"

# ^G from with her locks at once.
ui_open_her w2 "FIT_intake_known_as"
ui_keys w2 W
see w2 "With her" "with her"
ui_keys w2 C-g
see w2 "Sign in to keywork" "^G locks from with her"
notsee w2 "FIT_intake_known_as" "and clears it"

# At 80x24 the bar offers P, what this screen is for.
ui_start w3 80x24 "$KW" --db "$D" --user bea
ui_unlock w3 "$PASS2"
see w3 "Today" "signed in at 80x24"
ui_open_her w3 "FIT_intake_known_as"
see w3 "5 Advocacy   n note  W with her" "her record's strip offers W at 80 columns"
notsee w3 "h han~" "and leaves out whole what does not fit"
ui_keys w3 W
see w3 "With her" "with her at 80x24"
see w3 "P print" "the bar offers P at 80 columns"
ui_keys w3 C-g
see w3 "Sign in to keywork" "locked"

# Her plan on paper: the same, no unfit marker.
expect 0 "her plan as text" -- as_bea print plan --client "$W" --format text -o "$T/plan.txt"
has "$T/plan.txt" "FIT_intake_known_as" "her name on her plan"
has "$T/plan.txt" "FIT_support_plan_goals" "her goals on her plan"
hasnt "$T/plan.txt" "UNFIT" "nothing unfit on her plan"
finish
