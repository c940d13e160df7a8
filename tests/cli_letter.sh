#!/bin/bash
# cli_letter.sh: keywork print letter: a letter from a shipped template for one
# of her advocacy items, recorded as a step of it (to whom, the letter kept in
# the sensitive compartment) through the consent rule of every sharing step,
# and written to a new 0600 file as PDF or text; her name in accented Latin,
# Cyrillic and Arabic comes back out of the PDF. A letter to an agency she said must not
# receive anything is refused and leaves no file; the step is in her SAR; a
# broken template is a located error and refuses the templates.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='harbour-velvet-orchard-comet-sunrise'
printf '%s\n' "$P1" >"$T/p1"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a woman" -- kw save intake known_as=Zoë first_name=Zoë last_name="Алина مريم" date_of_birth=1990-04-02
W=$(head -n 1 "$T/out")
saved ITEM -- kw save advocacy_item --client "$W" agency=housing professional="Ms Rees, reviews team" \
	issue="The council decided she made herself homeless." asked_for="A review of the decision."
saved POLICE -- kw save advocacy_item --client "$W" agency=police issue="A copy of her statement."
expect 0 "she agreed to share with housing" -- kw save consent --client "$W" purpose=share_with_agency agency=housing decision=given
expect 0 "police must not receive anything" -- kw save no_share --client "$W" agency=police

# Text: the template filled in, the file 0600, never over a file or to the terminal.
expect 0 "text letter" -- kw print letter --client "$W" --item "$ITEM" --template housing_review --format text -o "$T/l.txt"
has "$T/l.txt" "on behalf of Zoë Алина مريم" "her name, filled in"
has "$T/l.txt" "born 2 April 1990" "her date of birth in words"
has "$T/l.txt" "To: Housing" "the agency"
has "$T/l.txt" "Ms Rees, reviews team" "the professional"
has "$T/l.txt" "made herself homeless" "the issue"
has "$T/l.txt" "ana" "who wrote it"
hasnt "$T/l.txt" "{{" "no placeholder left"
[ "$(stat -c %a "$T/l.txt")" = 600 ] && ok || bad "the letter is 0600"
expect 64 "never over a file" -- kw print letter --client "$W" --item "$ITEM" --template housing_review --format text -o "$T/l.txt"
expect 64 "never to the terminal" -- kw print letter --client "$W" --item "$ITEM" --template housing_review -o -
expect 64 "a template there is not" -- kw print letter --client "$W" --item "$ITEM" --template nonesuch -o "$T/n.txt"
has "$T/err" "housing_review" "names the templates there are"
expect 64 "a letter needs --item" -- kw print letter --client "$W" --template housing_review -o "$T/n.txt"
[ -e "$T/n.txt" ] && bad "no file for a refused letter" || ok

# The step recorded: step letter, to whom, the letter in the sensitive compartment.
expect 0 "audit" -- kw audit --client "$W"
has "$T/out" "print_letter" "the letter in the audit"
has "$T/out" "advocacy_step" "the step saved, in the audit"
grep -qa "made herself homeless" "$D"/*.db && bad "the letter in the clear on disk" || ok

# Refused: police must not receive anything. Nothing recorded, no file.
expect 0 "audit before" -- kw audit --client "$W"
before=$(grep -c "advocacy_step" "$T/out")
expect 65 "no letter to an agency she said must not receive anything" -- kw print letter --client "$W" --item "$POLICE" --template supported_by_centre --format text -o "$T/p.txt"
has "$T/err" "must not" "says why, in plain words"
[ -e "$T/p.txt" ] && bad "no file for the refused letter" || ok
expect 0 "audit after" -- kw audit --client "$W"
[ "$(grep -c "advocacy_step" "$T/out")" = "$before" ] && ok || bad "no step saved for the refused letter"

# No consent on record: asked first (75), --yes goes ahead.
saved GP -- kw save advocacy_item --client "$W" agency=gp issue="Registration."
expect 75 "no consent on record asks first" -- kw print letter --client "$W" --item "$GP" --template supported_by_centre --format text -o "$T/g.txt"
[ -e "$T/g.txt" ] && bad "no file while the question stands" || ok
expect 0 "--yes goes ahead" -- kw print letter --client "$W" --item "$GP" --template supported_by_centre --format text --yes -o "$T/g.txt"

# The letter is in her SAR, with the step.
expect 0 "the SAR" -- kw sar --client "$W" -o "$T/sar"
grep -rqF "made herself homeless" "$T/sar" && ok || bad "the letter's text in the SAR"
grep -rqF "Ms Rees, reviews team" "$T/sar" && ok || bad "to whom, in the SAR"

if command -v pdftotext >/dev/null; then
	expect 0 "PDF letter" -- kw print letter --client "$W" --item "$ITEM" --template court_support -o "$T/l.pdf"
	[ "$(stat -c %a "$T/l.pdf")" = 600 ] && ok || bad "the PDF is 0600"
	head -c 5 "$T/l.pdf" | grep -q '%PDF-' && ok || bad "a PDF"
	pdftotext "$T/l.pdf" "$T/pdf.txt"
	has "$T/pdf.txt" "Zoë" "accented Latin comes back out of the PDF"
	has "$T/pdf.txt" "Алина" "Cyrillic comes back out of the PDF"
	has "$T/pdf.txt" "مريم" "Arabic comes back out of the PDF"
else
	bad "pdftotext is needed (scripts/setup-deps.sh installs poppler-utils)"
fi

# A broken template: a located error, from forms check and from print letter.
mkdir -p "$T/cfg/keywork/letters"
cat >"$T/cfg/keywork/letters/broken.letter" <<'T'
letter: broken
title: Broken
---
Dear {{agency}},

About {{her.favourite_colour}} and {{date}}.
T
XDG_CONFIG_HOME=$T/cfg expect 65 "forms check finds it" -- "$KW" forms check
has "$T/out" "broken.letter:6:7: unknown placeholder '{{her.favourite_colour}}'" "at file:line:column"
XDG_CONFIG_HOME=$T/cfg expect 65 "print letter refuses the templates" -- kw print letter --client "$W" --item "$ITEM" --template housing_review -o "$T/b.txt"
has "$T/err" "broken.letter:6:7" "says where"
[ -e "$T/b.txt" ] && bad "no file from broken templates" || ok
expect 65 "forms check of a path" -- "$KW" forms check "$T/cfg/keywork/letters/broken.letter"
has "$T/out" "broken.letter:6:7" "a path given is checked"
printf 'letter: x\ntitle: X\n---\nDear {{agency\n' >"$T/cfg/keywork/letters/broken.letter"
XDG_CONFIG_HOME=$T/cfg expect 65 "an unclosed placeholder" -- "$KW" forms check
has "$T/out" "broken.letter:4:6: '{{' opens a placeholder" "an unclosed one, located"
printf 'letter: x\ntitle: X\nagency: nowhere\n---\nDear {{agency}}\n' >"$T/cfg/keywork/letters/broken.letter"
XDG_CONFIG_HOME=$T/cfg expect 65 "an agency not in the list" -- "$KW" forms check
has "$T/out" "broken.letter:3:9: 'nowhere' is not an item of the agencies list" "located at the header's line"
printf 'letter: x\ntitle: X\nDear {{agency}}\n' >"$T/cfg/keywork/letters/broken.letter"
XDG_CONFIG_HOME=$T/cfg expect 65 "no line ---" -- "$KW" forms check
has "$T/out" "broken.letter:1:1: a letter template starts with its header" "says what a template is"
printf 'letter: housing_review\ntitle: Ours\n---\nDear {{agency}}, from {{writer}}\n' >"$T/cfg/keywork/letters/broken.letter"
XDG_CONFIG_HOME=$T/cfg expect 0 "a centre's own replaces the shipped one" -- "$KW" forms check
XDG_CONFIG_HOME=$T/cfg expect 0 "and is the one used" -- kw print letter --client "$W" --item "$ITEM" --template housing_review --format text -o "$T/own.txt"
has "$T/own.txt" "Dear Housing, from ana" "the centre's own template"
finish
