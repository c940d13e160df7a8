#!/bin/bash
# cli_outreach_realloc.sh: a laptop made for its user's caseload follows it, with the real binary.
# A woman allocated to kim after the first bundle is added to her laptop at the next exchange,
# with her records. A woman allocated away leaves it at the next exchange, but only once every
# change of hers made on the laptop has reached the centre: Nell, with a contact written on the
# laptop and not yet sent, stays until the laptop has sent it and the centre has taken it; Mona,
# with nothing unsent, leaves at once; Pam, moved to the unallocated queue (no keyworker), leaves
# too. Nothing of hers is lost; the centre records when each left, and a revocation lists them
# with since and until. On a laptop given its women with --women, a woman allocated since to
# another keyworker leaves it as well; one whose allocation has not changed stays.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
P3='saffron-glacier-pebble-osprey-lute'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/p3"
D=$T/centre
L=$T/laptop
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
kim() { "$KW" "$@" --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"; }
lap() { "$KW" "$@" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add bea" -- kw user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
saved MONA -- kim save intake known_as=Mona-Reallocated
saved NELL -- kim save intake known_as=Nell-Reallocated
saved PAM -- kim save intake known_as=Pam-Unallocated
saved OLIVE -- kw save intake known_as=Olive keyworker=bea
saved OLIVE_CONTACT -- kw save contact --client "$OLIVE" happened_at=2026-01-20T10:00:00Z mode=centre outcome=made summary=Olive-centre-marker
kw export clients -o "$T/c0.csv" >/dev/null 2>&1
ref() { grep ",$1," "$T/c0.csv" | cut -d, -f1; }
MREF=$(ref Mona-Reallocated) NREF=$(ref Nell-Reallocated) OREF=$(ref Olive) PAMREF=$(ref Pam-Unallocated)
expect 0 "kim's laptop, for her caseload" -- kw outreach add kim-laptop --for kim -o "$T/first.kwx"
expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
expect 0 "women on the laptop" -- lap export clients -o "$T/l0.csv"
hasnt "$T/l0.csv" "$OREF" "Olive, bea's, is not on it"

# At the centre: Olive allocated to kim, Nell to bea. On the laptop, a contact with Nell, unsent.
expect 0 "Olive allocated to kim" -- kw save intake --record "$OLIVE" keyworker=kim
expect 0 "Nell allocated to bea" -- kw save intake --record "$NELL" keyworker=bea
saved NC -- lap save contact --client "$NREF" happened_at=2026-02-03T10:00:00Z mode=centre outcome=made summary=Nell-laptop-contact

expect 0 "send to the laptop" -- kw outreach send --to kim-laptop -o "$T/out1.kwx"
grep -qaF -e Olive-centre-marker -e Olive "$T/out1.kwx" && bad "a value is in the bundle in the clear" || ok
expect 0 "receive on the laptop" -- lap outreach receive "$T/out1.kwx"
has "$T/err" "1 woman allocated to this laptop's user added to it" "Olive added"
has "$T/err" "1 woman allocated away from its user stays on this laptop until" "Nell stays for now"
expect 0 "women on the laptop" -- lap export clients -o "$T/l1.csv"
has "$T/l1.csv" "$OREF,Olive" "Olive is on the laptop"
has "$T/l1.csv" "$NREF,Nell-Reallocated" "Nell is still on it: her contact has not reached the centre"
expect 0 "contacts on the laptop" -- lap export contacts -o "$T/l1k.csv"
has "$T/l1k.csv" "Olive-centre-marker" "with her records"
expect 0 "check on the laptop" -- lap check
expect 0 "the laptop writes about Olive" -- lap save contact --client "$OREF" happened_at=2026-02-04T10:00:00Z mode=centre outcome=made summary=Olive-laptop-contact

# The laptop sends; the centre takes Nell's contact; then Nell leaves the laptop.
expect 0 "send from the laptop" -- lap outreach send -o "$T/back1.kwx"
expect 0 "receive at the centre" -- kw outreach receive "$T/back1.kwx"
expect 0 "contacts at the centre" -- kw export contacts -o "$T/c1k.csv"
has "$T/c1k.csv" "Nell-laptop-contact" "Nell's contact from the laptop reached the centre"
has "$T/c1k.csv" "Olive-laptop-contact" "and Olive's"
expect 0 "Mona allocated to bea too" -- kw save intake --record "$MONA" keyworker=bea
expect 0 "Pam to the unallocated queue" -- kw save intake --record "$PAM" keyworker=
expect 0 "Pam has no keyworker" -- kw export clients -o "$T/c1.csv"
grep "^$PAMREF," "$T/c1.csv" | grep -q ',kim' && bad "Pam is still kim's" || ok
expect 0 "send to the laptop" -- kw outreach send --to kim-laptop -o "$T/out2.kwx"
expect 0 "receive on the laptop" -- lap outreach receive "$T/out2.kwx"
has "$T/err" "3 women taken off this laptop" "Nell, Mona and Pam leave"
hasnt "$T/err" "no bundle had carried" "nothing unsent went with them"
expect 0 "women on the laptop" -- lap export clients -o "$T/l2.csv"
hasnt "$T/l2.csv" "$NREF" "Nell left"
hasnt "$T/l2.csv" "$MREF" "Mona left"
hasnt "$T/l2.csv" "$PAMREF" "Pam, unallocated, left"
has "$T/l2.csv" "$OREF,Olive" "Olive stays"
expect 0 "contacts on the laptop" -- lap export contacts -o "$T/l2k.csv"
hasnt "$T/l2k.csv" "Nell-laptop-contact" "nothing of Nell's is left on the laptop"
for f in "$L"/*; do
	grep -qaF -e Nell-Reallocated -e Mona-Reallocated -e Pam-Unallocated "$f" && bad "$f holds a name in the clear" || ok
done
expect 0 "check on the laptop" -- lap check
expect 0 "the laptop's audit" -- lap audit
has "$T/out" "$NREF taken off this laptop (allocated away from its user at the centre)" "her leaving is in its audit"

# The laptop's next bundle shows them gone: the centre's list and a revocation say when.
expect 0 "send from the laptop" -- lap outreach send -o "$T/back2.kwx"
expect 0 "receive at the centre" -- kw outreach receive "$T/back2.kwx"
has "$T/err" "3 women the laptop no longer holds" "recorded as gone"
expect 0 "the laptops" -- kw outreach list
has "$T/out" "kim-laptop	kim	1 woman" "one woman on it now"
expect 0 "contacts at the centre" -- kw export contacts -o "$T/c2k.csv"
[ "$(grep -c 'Nell-laptop-contact' "$T/c2k.csv")" = 1 ] && ok || bad "Nell's contact once, kept"
expect 0 "check at the centre" -- kw check

# A laptop given its women by name: one allocated since to another keyworker leaves it too (once
# nothing of hers is unsent), one whose allocation has not changed stays. Nell and Mona are bea's.
B=$T/blaptop
bea() { "$KW" "$@" --db "$B" --user bea --passphrase-fd 3 3<"$T/p3"; }
expect 0 "bea's laptop for Nell and Mona" -- kw outreach add bea-laptop --for bea --women "$NREF,$MREF" -o "$T/bfirst.kwx"
expect 0 "start bea's" -- "$KW" outreach start "$T/bfirst.kwx" --db "$B" --user bea --passphrase-fd 3 3<"$T/p3"
expect 0 "ana's laptop for Olive, kim's" -- kw outreach add ana-laptop --for ana --women "$OREF" -o "$T/afirst.kwx"
expect 0 "Nell allocated to kim" -- kw save intake --record "$NELL" keyworker=kim
expect 0 "send to bea's" -- kw outreach send --to bea-laptop -o "$T/bout.kwx"
has "$T/err" "bundle 2 for the laptop 'bea-laptop'" "sent"
expect 0 "bea's laptop receives" -- bea outreach receive "$T/bout.kwx"
has "$T/err" "1 woman taken off this laptop" "Nell leaves"
expect 0 "women on bea's laptop" -- bea outreach send -o "$T/bback.kwx"
expect 0 "the centre hears" -- kw outreach receive "$T/bback.kwx"
has "$T/err" "1 woman the laptop no longer holds" "Nell recorded as gone"
expect 0 "the laptops" -- kw outreach list
has "$T/out" "bea-laptop	bea	1 woman" "Mona stays on it"
expect 0 "start ana's" -- "$KW" outreach start "$T/afirst.kwx" --db "$T/alaptop" --user ana --passphrase-fd 3 3<"$T/p1"
expect 0 "send to ana's" -- kw outreach send --to ana-laptop -o "$T/aout.kwx"
expect 0 "ana's laptop receives" -- "$KW" outreach receive "$T/aout.kwx" --db "$T/alaptop" --user ana --passphrase-fd 3 3<"$T/p1"
hasnt "$T/err" "taken off" "Olive, still kim's as when she went on it, stays on ana's laptop"
hasnt "$T/err" "stays on this laptop until" "and is not told to leave"

expect 0 "revoke kim's laptop" -- kw outreach revoke kim-laptop
has "$T/out" "$NREF" "Nell is listed"
grep "$NREF" "$T/out" | grep -q "until 20" && ok || bad "with when she left"
has "$T/out" "$OREF" "Olive is listed"
finish
