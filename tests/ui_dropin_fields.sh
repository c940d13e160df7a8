#!/bin/bash
# ui_dropin_fields.sh: what drop-in staff see is decided field by field, in the
# form definitions. A manager fills every form about one woman with a marker
# in every field she can; signed in as drop-in staff, every screen and key
# reachable from Today and from her record is walked, and each capture is
# checked: the markers of fields drop-in staff may see (her names, the safe
# ways to reach her and when, a keep-apart flag, the visit she logs) show, and
# no other marker ever does. Her export and `keywork save` refuse the rest.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
as_cat() { "$KW" "$@" --db "$D" --user cat --passphrase-fd 3 3<"$T/p3"; }
# mk NAME -- command...: runs it as a save, keeps the id it prints in NAME.
mk() {
	local name=$1
	shift 2
	if "$@" >"$T/out" 2>"$T/err"; then
		printf -v "$name" '%s' "$(head -n 1 "$T/out")"
		ok
	else
		bad "saving $name: $(cat "$T/err")"
	fi
}

# --- every field filled, by a manager ---
mk OTHER -- kw save intake known_as=Otherwoman
mk W -- kw save intake known_as=Mkknown first_name=Mkfirst last_name=Mklast pronouns=they_them \
	date_of_birth=1961-07-17 ethnicity=black_caribbean phone="07700 913579" safe_channels=text \
	safe_times=Mksafetimes never_contact_via=Mknevervia codeword=Mkcodeword address=Mkaddress \
	postcode="N7 9QJ" language=Mklanguage interpreter_needed=yes interpreter_language=Mkinterp \
	nationality=Mknation immigration_status=pre_settled nrpf=yes housing_status=refuge \
	borough=camden local_connection=hackney disability=learning_difficulty \
	learning_needs=Mklearning care_experienced=yes referral_source=liaison_diversion \
	programme=wraparound
kw export clients --format csv -o "$T/all.csv" >/dev/null 2>&1
REF=$(grep Mkknown "$T/all.csv" | cut -d, -f1)
OREF=$(grep Otherwoman "$T/all.csv" | cut -d, -f1)
[ -n "$REF" ] && [ -n "$OREF" ] && ok || bad "no references ($REF, $OREF)"
mk HAND -- kw save handover --record "$W" handover=Mkhandover
mk PREG -- kw save pregnancy --record "$W" pregnant=yes weeks=23 midwife=Mkmidwife removal_concern=yes
mk EP -- kw save referral --client "$W" referral_source=idva programme=wraparound
mk C1 -- kw save contact --client "$W" mode=phone outcome=made summary=Mkcontactsum \
	channel_override=Mkoverride duration_minutes=47 next_contact=2031-01-02
mk N1 -- kw save note --client "$W" body=Mknotebody
mk PLAN -- kw save support_plan --client "$W" pathway=drugs_alcohol goals=Mkgoals
mk SC -- kw save outcome_ladder --client "$W" pathway=sexual_exploitation scored_on=2024-02-02 score=2 in_her_words=Mkherwords
mk ST -- kw save strength --client "$W" description=Mkstrength kind=milestone noted_on=2024-02-03
mk TASK -- kw save task --client "$W" kind=voucher title=Mktasktitle pathway=accommodation \
	due_on=2024-02-04 status=done done_on=2024-02-05 outcome=Mktaskoutcome
mk ITEM -- kw save advocacy_item --client "$W" agency=solicitor issue=Mkadvissue \
	professional=Mkprofessional asked_for=Mkaskedfor
mk STEP -- kw save advocacy_step --under "$ITEM" step=chased shares_info=no summary=Mkstepsum
mk APPT -- kw save appointment --client "$W" kind=court starts_at="2031-01-03 10:00" \
	place=Mkplace with_whom=Mkwithwhom accompanied=yes
mk PAUSE -- kw save contact_pause --client "$W" reason=hospital starts_on=2024-01-01 ends_on=2024-01-09
mk MM -- kw save mentor_match --client "$W" mentor_name=Mkmentor mentor_comfortable=yes \
	status=proposed how_it_went=Mkhowitwent
mk GS -- kw save group_session group_name=mothers held_on=2024-02-06 venue=Mkvenue facilitator=Mkfacil
mk ATT -- kw save attendance --under "$GS" client="$W" attended=attended rating=5 would_recommend=yes
mk PERS -- kw save person --client "$W" name=Mkperson relationship=Mkrelation notes=Mkpersonnotes
mk CH -- kw save child --client "$W" known_as=Mkchild date_of_birth=2015-03-04 \
	lives_with=grandparents legal_status=care_order school=Mkschool \
	other_parent_involvement=Mkotherparent contact_arrangements=Mkarrange
mk RISK -- kw save risk_checklist --client "$W" assessed_on=2024-02-07 q01_hurt=yes \
	professional_judgement=high judgement_reasons="Mkjudgement: he found her new address"
mk CONS -- kw save consent --client "$W" purpose=share_with_agency agency=solicitor decision=given decided_on=2024-02-08
mk DISC -- kw save disclosure --client "$W" agency=solicitor disclosed_on=2024-02-09 what=Mkdisclosed basis=her_consent
mk NOSH -- kw save no_share --client "$W" person=Mknoshare noted_on=2024-02-10
mk KA -- kw save keep_apart --client "$W" other_reference="$OREF" noted_on=2024-02-11
mk CLOSE -- kw save closure --under "$EP" reason=her_request her_wish=Mkherwish welcome_back=Mkwelcome --yes

# Markers of fields drop-in staff may see, and of those they may not.
ALLOWED="Mkknown Mkfirst Mklast Mksafetimes"
FORBIDDEN="1961 17/07 913579 Mknevervia Mkcodeword Mkaddress 9QJ Mklanguage Mkinterp Mknation
Pre-settled Refuge Camden Hackney Caribbean dyslexia Mklearning Liaison WrapAround They/them
Mkhandover Mkmidwife Mkcontactsum Mkoverride 2031 Mknotebody Mkgoals Mkherwords Mkstrength
Mktasktitle Mktaskoutcome Mkadvissue Mkprofessional Mkaskedfor Mkstepsum Mkplace Mkwithwhom
Mkmentor Mkhowitwent Mkvenue Mkfacil Mkperson Mkrelation Mkpersonnotes Mkchild Mkschool
Mkotherparent Mkarrange Mkjudgement Mkdisclosed Mknoshare Mkherwish Mkwelcome Drugs Sex
Voucher Solicitor Milestone Mothers Grandparents"

# --- drop-in staff walk every screen ---
: >"$T/all"
cap() { ui_screen dr && cat "$T/screen" >>"$T/all"; }
# back: Esc (and yes to discarding) until her record shows again.
back() {
	local i=0
	ui_screen dr
	while ! grep -q "Her record" "$T/screen" && [ $i -lt 6 ]; do
		if grep -qi "discard" "$T/screen"; then ui_keys dr y; else ui_keys dr Escape; fi
		ui_screen dr
		i=$((i + 1))
	done
}
# try KEY: presses KEY on her record, captures, opens what it highlights, and goes back.
try() {
	ui_keys dr "$1"
	cap
	ui_keys dr Enter
	cap
	back
}
ui_start dr 120x40 "$KW" --db "$D" --user cat
ui_unlock dr "$PASS3"
see dr "cat (dropin)" "cat signs in as drop-in staff"
cap
ui_open_her dr Mkknown
cap
see dr "Mkknown" "her known-as name shows"
see dr "KEEP APART" "her keep-apart flag shows"
see dr "Safe to reach by" "the safe ways to reach her show"
# Every entry of her timeline, opened whole.
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	ui_keys dr Enter
	cap
	ui_keys dr q
	ui_keys dr j
	cap
done
ui_keys dr g
for k in 1 2 3 4 5 f w s i c h n p o m u r t x '>' v; do
	try "$k"
done
# The intake form shows her names and safe ways to reach her, and nothing else.
ui_keys dr e
see dr "About her" "e opens the intake form"
cap
see dr "Mkfirst" "her first name is in the form"
see dr "Mksafetimes" "and the safe times to call her"
notsee dr "Where she is living" "where she lives is not in the form"
ui_keys dr Escape
back
# Today, and a drop-in visit logged for her.
ui_keys dr q
cap
see dr "Drop-in" "back on Today"
ui_keys dr d
ui_type dr Mkknown
see dr "$REF" "the drop-in search finds her"
cap
ui_keys dr Enter
see dr "Did it happen?" "the contact form for her visit"
cap
notsee dr "Summary" "without a summary drop-in staff could not read back"
ui_keys dr C-s
cap
ui_keys dr Escape
cap
ui_keys dr Q

[ -n "${KW_KEEP:-}" ] && cp "$T/all" "$KW_KEEP"
for m in $ALLOWED; do
	grep -q -- "$m" "$T/all" && ok || bad "drop-in staff should see $m"
done
for m in $FORBIDDEN; do
	if grep -q -- "$m" "$T/all"; then
		bad "drop-in staff saw $m:"
		grep -m 3 -- "$m" "$T/all" | sed 's/^/  | /' >&2
	else
		ok
	fi
done

# --- her export and show, as drop-in staff: none of the rest ---
expect 77 "drop-in staff may not export women" -- as_cat export clients --format json -o "$T/dr.json"
expect 65 "drop-in staff can't change where she lives" -- as_cat save intake --record "$W" housing_status=sofa_surfing
expect 65 "nor her borough" -- as_cat save intake --record "$W" borough=brent
expect 0 "but may change the safe times to call her" -- as_cat save intake --record "$W" safe_times=Mkmornings
# Her borough is kept in the sensitive compartment and still exported by those who hold it.
expect 0 "a manager's export" -- kw export clients --format json -o "$T/all.json"
has "$T/all.json" '"borough": "camden"' "carries her borough"
# An export honours the forms too: a centre that shows her phone to managers alone
# has a keyworker's export of women refused, naming the field.
mkdir -p "$T/conf/keywork/forms"
sed 's/^        column: phone$/        column: phone\n        see: [manager]/' \
	"$(dirname "$0")/../forms/intake.yaml" >"$T/conf/keywork/forms/intake.yaml"
as_bea() { env XDG_CONFIG_HOME="$T/conf" "$KW" "$@" --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"; }
expect 77 "a keyworker who may not see her phone may not export it" -- as_bea export clients -o "$T/bea.csv"
has "$T/err" "may not see Phone" "the field is named"
[ ! -e "$T/bea.csv" ] && ok || bad "a refused export left a file"
expect 0 "she still exports contacts" -- as_bea export contacts -o "$T/bea-contacts.csv"
finish
