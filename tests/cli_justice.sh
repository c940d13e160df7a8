#!/bin/bash
# cli_justice.sh: criminal justice records through `keywork save justice`,
# the same way in as J on her record: each kind saved; an offence needs its
# category and a court date its time, with nothing saved; a court date adds
# her a court appointment and moving it moves that one (the audit says so,
# naming her, never the offence); a drop-in worker can't save one.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P3='maple-signal-quartz-ember-hollow'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P3" >"$T/p3"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
saved() {
	local name=$1
	shift 2
	expect 0 "$name" -- "$@"
	printf -v "$name" '%s' "$(head -n 1 "$T/out")"
	[ "$(printf '%s' "${!name}" | wc -c)" = 36 ] && ok || bad "$name: no id printed"
}
audited() { kw audit 2>/dev/null | grep -c "$1" || true; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a drop-in worker" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
saved W -- kw save intake known_as=Jo
REF=$(kw audit 2>/dev/null | grep -o 'KW-[0-9A-Z]*' | head -n 1)

saved OFF -- kw save justice --client "$W" kind=offence happened_on=2024-01-02 offence_category=theft what=Shoplifting
saved ARR -- kw save justice --client "$W" kind=arrest happened_on=2024-01-03 at_time=22:10
saved CAU -- kw save justice --client "$W" kind=caution happened_on=2024-01-04
saved CHA -- kw save justice --client "$W" kind=charge happened_on=2024-01-05 offence_category=assault
saved ORD -- kw save justice --client "$W" kind=order happened_on=2024-02-02 requirements=unpaid_work,curfew ends_on=2025-02-01
saved LIC -- kw save justice --client "$W" kind=licence happened_on=2024-03-01 ends_on=2024-09-01
saved BRE -- kw save justice --client "$W" kind=breach happened_on=2024-04-01
saved REC -- kw save justice --client "$W" kind=recall happened_on=2024-05-01
saved PSR -- kw save justice --client "$W" kind=psr happened_on=2024-01-20 court="Highbury Corner"

expect 65 "an offence with no category" -- kw save justice --client "$W" kind=offence happened_on=2024-01-02
has "$T/err" "Choose the offence category." "says what is missing"
has "$T/err" "nothing was saved" "and that nothing was saved"
expect 65 "a category not in the list" -- kw save justice --client "$W" kind=offence happened_on=2024-01-02 offence_category=shoplifting
expect 65 "a court date with no time" -- kw save justice --client "$W" kind=court happened_on=2030-05-06
has "$T/err" "A court date needs its time" "says why"
[ "$(audited 'appointment .* added for court date')" = 0 ] && ok || bad "no appointment for a refused court date"

saved COURT -- kw save justice --client "$W" kind=court happened_on=2030-05-06 at_time=10:00 court="Highbury Corner" what=MARKER-OFFENCE
[ "$(audited "$REF  appointment .* added for court date $COURT")" = 1 ] && ok ||
	bad "the court date added her an appointment, audited under her reference"
expect 0 "moved" -- kw save justice --record "$COURT" happened_on=2030-06-07 at_time=14:30
[ "$(audited "appointment .* moved for court date $COURT")" = 1 ] && ok || bad "moving the date moved it"
[ "$(audited 'appointment .* added for court date')" = 1 ] && ok || bad "and added no second appointment"
expect 0 "an outcome" -- kw save justice --record "$COURT" outcome=adjourned
[ "$(audited "appointment .* moved for court date $COURT")" = 1 ] && ok || bad "an outcome moves nothing"
kw audit >"$T/audit" 2>&1
hasnt "$T/audit" "MARKER-OFFENCE" "the audit never copies what the offence was"

expect 0 "her probation practitioner" -- kw save probation --record "$W" pp_name="Sam Okafor" pp_team="North London probation"
expect 65 "an email that is not one" -- kw save probation --record "$W" pp_email=nope

# Drop-in staff hold no key to the sensitive compartment.
cat_kw() { "$KW" "$@" --db "$D" --user cat --passphrase-fd 3 3<"$T/p3"; }
expect 65 "a drop-in worker saving a caution" -- cat_kw save justice --client "$W" kind=caution happened_on=2024-01-04
has "$T/err" "can't be changed by your role" "is refused for her role"
[ "$(audited 'justice added')" = 10 ] && ok || bad "nothing more was saved"
finish
