#!/bin/bash
# ui_teamscreen.sh: the team screen (T on a manager's Today) and the whole team at full size.
# 350 women with known numbers: 346 imported (an import allocates nobody); kim's three, referred
# 30 days ago with no contact since (overdue on diversion's 14-day cadence); zoe's one, with two
# tasks overdue. The team screen and the whole-team Today give the true counts beyond 300 women
# (the whole team's taken over from the team screen, ^L counting again);
# ^R sorts, typing jumps to a name, Enter shows that Today; ^V starts a cover and ends it; on a
# day of 32 appointments the whole team's Today lists 30 and counts all (at 100x50). At 100x30.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
printf 'plover-saddle-granite-mellow-wick\n' >"$T/p4"
printf 'lantern-quarry-mosaic-thistle-drum\n' >"$T/p5"
expect 0 "a keyworker kim" -- kw user add kim --role keyworker --kdf interactive \
	--new-passphrase-fd 4 4<"$T/p4"
expect 0 "a keyworker zoe" -- kw user add zoe --role keyworker --kdf interactive \
	--new-passphrase-fd 4 4<"$T/p5"
as() { local u=$1 p=$2; shift 2; "$KW" "$@" --db "$D" --user "$u" --passphrase-fd 3 3<"$p"; }
women() { { echo known_as; for i in $(seq 1 "$2"); do printf '%s%03d\n' "$1" "$i"; done; } >"$T/$1.csv"; }
women Woman 346
expect 0 "346 women" -- kw import clients "$T/Woman.csv"
since=$(date -d '30 days ago' +%F)
for n in 1 2 3; do
	saved W -- as kim "$T/p4" save intake known_as="Over$n"
	expect 0 "her referral, 30 days ago" -- as kim "$T/p4" save referral --client "$W" \
		referral_source=self programme=diversion referred_on="$since"
done
saved Z -- as zoe "$T/p5" save intake known_as=Tasked
late=$(date -d '2 days ago' +%F)
expect 0 "a task overdue" -- as zoe "$T/p5" save task --client "$Z" title=Voucher due_on="$late"
expect 0 "another" -- as zoe "$T/p5" save task --client "$Z" title=Letter due_on="$late"

ui_start w1 100x30 "$KW" --db "$D" --user ana
ui_unlock w1 "$PASS1"
see w1 "My caseload (0)" "ana's own Today"
ui_keys w1 T
see w1 "3 keyworkers, sorted by name" "T opens the team screen, saying its sort"
see w1 "My Today" "her own Today first"
see w1 "350 women" "the whole team counts every woman, beyond 300"
ui_screen w1
grep -qE "The whole team +350 women +3 +2" "$T/screen" && ok ||
	{ bad "the whole team: 350 women, 3 overdue, 2 tasks"; cat "$T/screen" >&2; }
grep -qE "bea +0/40 +0 +0 +-" "$T/screen" && ok || bad "bea: none of 40, none overdue"
grep -qE "kim +3/40 +3 +0 +30 days: Over" "$T/screen" && ok ||
	{ bad "kim: 3, 3 overdue, not seen for 30 days"; cat "$T/screen" >&2; }
grep -qE "zoe +1/40 +0 +2" "$T/screen" && ok || bad "zoe: 1, 2 tasks due"
ui_keys w1 C-r
see w1 "sorted by caseload" "^R sorts by the next column"
ui_keys w1 C-r
see w1 "sorted by overdue" "and the next"
ui_screen w1
[ "$(grep -nE '^ *(bea|kim|zoe) ' "$T/screen" | head -1 | grep -c kim)" = 1 ] && ok ||
	{ bad "kim, with most overdue, is first"; cat "$T/screen" >&2; }
ui_keys w1 z
see w1 "Jump to: z" "typing jumps"
ui_keys w1 Enter
see w1 "zoe's caseload (1)" "Enter on the name jumped to shows her Today"
ui_keys w1 T Down Enter
see w1 "The whole team by name: 1 to 300 of 350, more below" "the whole team, a page at a time"
see w1 "3 overdue  2 due" "its header counts every woman"
see w1 "350 women" "and every woman"
# Its overdue and tasks due are the ones the team screen showed; ^L counts them again.
expect 0 "a third task, saved while the whole team is shown" -- \
	as zoe "$T/p5" save task --client "$Z" title=Form due_on="$late"
ui_keys w1 C-l
see w1 "3 overdue  3 due" "^L counts the whole team again"
ui_keys w1 G Down
see w1 "The whole team by name: 301 to 350 of 350" "past the last woman the next page is read"
ui_keys w1 g Up g
see w1 "The whole team by name: 1 to 300 of 350, more below" "before the first woman the page before is read"
ui_keys w1 T Enter
see w1 "My caseload (0)" "My Today is T Enter"

# Cover on screen: kim is away, bea covers; then it ends early.
ui_keys w1 T
see w1 "3 keyworkers" "the team screen again"
ui_keys w1 k C-v
see w1 "Who covers for kim, and until which day?" "^V on kim asks who covers"
until=$(date -d '+7 days' +%d/%m/%Y)
ui_type w1 "$until"
ui_keys w1 Down
see w1 "Last day" "the date is typed"
ui_screen w1
grep -qE "^ *bea +keyworker" "$T/screen" && ok || bad "bea is offered to cover"
ui_keys w1 Enter
see w1 "bea covers for kim until" "Enter starts the cover"
see w1 "away: bea covers to" "the team screen says kim is away"
ui_keys w1 k C-v
see w1 "End bea's cover of kim's women now?" "^V on a covered keyworker offers to end it"
ui_keys w1 y
see w1 "bea's cover of kim has ended." "and ends it"
notsee w1 "away: bea" "no longer shown as away"
ui_keys w1 Escape Q
ui_gone w1 || bad "keywork did not quit"
kw audit -o "$T/audit" 2>/dev/null
grep -q "cover-start" "$T/audit" && grep -q "cover-end" "$T/audit" && ok ||
	bad "the cover's start and end are audited"

# A busy day: 32 appointments today. The whole team's Today lists the first 30 and counts all.
day=$(date -u +%F)
for n in $(seq 1 32); do
	printf -v at '%sT%02d:%02d:00Z' "$day" $((8 + n / 6)) $((n % 6 * 10))
	expect 0 "appointment $n" -- as kim "$T/p4" save appointment --client "$W" kind=housing \
		starts_at="$at"
done
ui_start w2 100x50 "$KW" --db "$D" --user ana
ui_unlock w2 "$PASS1"
ui_keys w2 T Down Enter
see w2 "32 appointments" "the whole team's header counts every appointment"
see w2 "Appointments today (32)" "and its heading"
see w2 "... and 2 more today: v shows them all" "the rows not read are counted"
ui_keys w2 Q
ui_gone w2 || bad "keywork did not quit"
finish
