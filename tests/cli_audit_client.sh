#!/bin/bash
# cli_audit_client.sh: every action on her records names her in the audit
# trail, so `keywork audit --client REF` lists it: a record that belongs to
# her through another (an advocacy step through its item, a closure through
# its episode, an attendance through its session) and an edit saved with the
# record's id alone (a task changed, a mentor match moved on).
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
printf '%s\n' "$P1" >"$T/p1"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
# hers WHAT PATTERN: her audit lists a row matching PATTERN.
hers() {
	rm -f "$T/hers"
	kw audit --client "$REF" -o "$T/hers" 2>"$T/err" || bad "$1: audit --client failed"
	grep -qE -- "$2" "$T/hers" && ok || {
		bad "$1: not in her audit ($2)"
		sed 's/^/  | /' "$T/hers" >&2
	}
}

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
saved W -- kw save intake known_as=Jo safe_channels=text
saved OTHER -- kw save intake known_as=Sam
kw audit -o "$T/all" 2>/dev/null
REF=$(grep "intake added $W" "$T/all" | awk '{print $5}')
[ -n "$REF" ] && ok || bad "her reference not in the audit"

# A closure, through her episode.
saved EP -- kw save referral --client "$W" referral_source=self programme=community
saved CLOSED -- kw save closure --under "$EP" reason=her_request her_wish="I need a break"
hers "a closure" "form-save +$REF +closure added $CLOSED"

# An advocacy step, through its item.
saved ITEM -- kw save advocacy_item --client "$W" agency=housing issue="Priority need decision"
saved STEP -- kw save advocacy_step --under "$ITEM" step=chased shares_info=no
hers "an advocacy step" "form-save +$REF +advocacy_step added $STEP"
expect 0 "a step changed by its id" -- kw save advocacy_step --record "$STEP" summary="Rang again"
hers "an advocacy step changed" "form-save +$REF +advocacy_step changed $STEP"

# A task changed with its id alone.
saved TASK -- kw save task --client "$W" title=Voucher
expect 0 "a task changed" -- kw save task --record "$TASK" title="Food bank voucher"
hers "a task change" "form-save +$REF +task changed $TASK"

# A mentor match proposed, then moved on.
saved MATCH -- kw save mentor_match --client "$W" mentor_name=Rosa mentor_comfortable=yes
expect 0 "a match moved on" -- kw save mentor_match --record "$MATCH" status=agreed agreed_on=2024-03-01
hers "a mentor change" "form-save +$REF +mentor_match changed $MATCH"

# Her attendance, under a group session (which is no woman's).
saved SESSION -- kw save group_session group_name=wellbeing held_on=2024-03-01
saved ATT -- kw save attendance --under "$SESSION" client="$W" attended=attended
hers "an attendance" "form-save +$REF +attendance added $ATT"
expect 0 "her attendance changed" -- kw save attendance --record "$ATT" rating=5
hers "an attendance changed" "form-save +$REF +attendance changed $ATT"

# Another woman's records are not hers.
rm -f "$T/hers"
kw audit --client "$REF" -o "$T/hers" 2>/dev/null
hasnt "$T/hers" "intake added $OTHER" "another woman's record"
grep -q "group_session added $SESSION" "$T/hers" && bad "a group session is no woman's" || ok

finish
