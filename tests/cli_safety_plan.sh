#!/bin/bash
# cli_safety_plan.sh: her safety plan through `keywork save safety_plan`: made
# with what it says; a review day before the plan was made refused with
# nothing saved; the audit names her and never copies what the plan says; a
# drop-in worker can't save one.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P3='maple-signal-quartz-ember-hollow'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P3" >"$T/p3"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a drop-in worker" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
expect 0 "a woman" -- kw save intake known_as=Sam
W=$(head -n 1 "$T/out")

expect 0 "a plan" -- kw save safety_plan --client "$W" made_on=2026-01-05 review_on=2026-04-05 \
	safe_places="MARKER-sister's flat" agreed=yes "copy_kept=(unknown)"
expect 65 "a review before the plan" -- kw save safety_plan --client "$W" made_on=2026-04-02 review_on=2026-03-01
has "$T/err" "The review can't be before the plan was made." "says why"
has "$T/err" "nothing was saved" "and that nothing was saved"
n=$(kw audit 2>/dev/null | grep -c "form-save.*safety_plan added" || true)
[ "$n" = 1 ] && ok || bad "one plan saved, $n audited"
kw audit >"$T/audit" 2>&1
hasnt "$T/audit" "MARKER" "the audit never copies what the plan says"

cat_kw() { "$KW" "$@" --db "$D" --user cat --passphrase-fd 3 3<"$T/p3"; }
expect 65 "a drop-in worker" -- cat_kw save safety_plan --client "$W" made_on=2026-01-05
has "$T/err" "can't be changed by your role" "is refused for her role"
finish
