#!/bin/bash
# ui_team.sh: the queue on a manager's Today and allocation. A woman referred with no
# keyworker (or a drop-in woman who asked for one) waits at the top of the manager's Today, with
# how long and her need level; A and
# a keyworker picked from a list showing caseload against capacity allocate her (history and
# audit); the keyworker's Today marks her "NEW to you". At 80x24.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
since=$(date -d '12 days ago' +%F)
expect 0 "a woman with no keyworker" -- kw save intake known_as=Mona keyworker=
MONA=$(head -n 1 "$T/out")
expect 0 "her referral" -- kw save referral --client "$MONA" referral_source=self \
	programme=diversion cadence=high referred_on="$since"
expect 0 "a woman with no keyworker and no referral" -- kw save intake known_as=Jodie keyworker=
expect 0 "bea can hold one woman" -- kw user capacity bea 1
expect 0 "a drop-in woman who asked for a keyworker" -- "$KW" save intake known_as=Dina \
	wants_keyworker=yes --db "$D" --user cat --passphrase-fd 3 3<"$T/p3"

ui_start w1 80x24 "$KW" --db "$D" --user ana
ui_unlock w1 "$PASS1"
see w1 "Waiting for a keyworker, longest first (A allocates) (2)" "the queue heads the manager's Today"
see w1 "waiting 12 days" "how long she has waited"
see w1 "High need" "her need level"
see w1 "waiting 0 days" "the drop-in woman waits from the day she asked"
see w1 "asked: need not set" "and says how she came"
see w1 "2 waiting" "the header counts the women waiting"
notsee w1 "Jodie" "a woman never referred is not in the queue"
ui_keys w1 A
see w1 "Who becomes Mona's keyworker?" "A opens the allocation picker"
see w1 "0 of 40 women" "each keyworker's caseload against her capacity (the default)"
see w1 "0 of 1 women" "and the capacity a manager set"
see w1 "room for 1" "and the room she has"
ui_keys w1 j Enter
see w1 "Mona is allocated to bea." "Enter allocates"
see w1 "Waiting for a keyworker, longest first (A allocates) (1)" "she leaves the queue"
ui_keys w1 Q
ui_gone w1 || bad "keywork did not quit"

kw audit -o "$T/audit" 2>/dev/null
grep -qE "allocate .*allocated to bea" "$T/audit" && ok || { bad "the allocation is audited"; cat "$T/audit" >&2; }

# Cover: kim is away; bea sees kim's women on her own Today, marked, and may record for them.
printf 'plover-saddle-granite-mellow-wick\n' >"$T/p4"
expect 0 "a keyworker kim" -- kw user add kim --role keyworker --kdf interactive \
	--new-passphrase-fd 4 4<"$T/p4"
expect 0 "a woman of kim's" -- "$KW" save intake known_as=Nell --db "$D" --user kim \
	--passphrase-fd 3 3<"$T/p4"
until=$(date -d '+7 days' +%F)
expect 0 "bea covers for kim" -- kw cover kim --by bea --until "$until"

ui_start w2 80x24 "$KW" --db "$D" --user bea
ui_unlock w2 "$PASS2"
see w2 "NEW to you" "bea's Today marks her new woman"
see w2 "Mona" "and shows her"
see w2 "Covering for kim until $until (1)" "kim's women are on bea's Today"
see w2 "covering for kim" "each marked"
see w2 "Nell" "kim's woman"
ui_keys w2 A
see w2 "Only a manager allocates" "a keyworker cannot allocate"
ui_open_her w2 Nell
ui_keys w2 2 a
see w2 "Is this way safe for her?" "bea may log a contact for kim's woman"
ui_keys w2 Escape Escape Escape Escape
ui_keys w2 Q
ui_gone w2 || bad "keywork did not quit"

kw audit -o "$T/audit2" 2>/dev/null
grep -q "record-open .*covering for kim" "$T/audit2" && ok ||
	{ bad "a record opened under cover says so in the audit"; cat "$T/audit2" >&2; }
expect 0 "the cover ends" -- kw cover kim --end
ui_start w3 80x24 "$KW" --db "$D" --user bea
ui_unlock w3 "$PASS2"
see w3 "My caseload (1)" "bea's Today"
notsee w3 "Covering for kim" "once the cover has ended, kim's women are not on bea's Today"
ui_keys w3 Q
finish
