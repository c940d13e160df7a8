#!/bin/bash
# cli_print.sh: keywork print plan: her plan as text and as PDF (typeset by
# keywork-typeset on pipes), in a new 0600 file, never over one, audited as
# given to her; her name in accented Latin, Cyrillic and Arabic comes back
# out of the PDF (pdftotext), each word whole and in its order.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='harbour-velvet-orchard-comet-sunrise'
printf '%s\n' "$P1" >"$T/p1"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
NAME='Zoë Алина مريم'
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a woman" -- kw save intake known_as="$NAME" first_name=UNFIT_first
W=$(head -n 1 "$T/out")
expect 0 "a plan" -- kw save support_plan --client "$W" pathway=accommodation goals="A home of my own"
expect 0 "a step" -- kw save task --client "$W" title="Bring ID to housing" pathway=accommodation

expect 0 "text" -- kw print plan --client "$W" --format text -o "$T/plan.txt"
has "$T/plan.txt" "$NAME" "her name in three scripts, as text"
has "$T/plan.txt" "A home of my own" "her goals"
has "$T/plan.txt" "Next: Bring ID to housing" "the plan's next step"
hasnt "$T/plan.txt" "UNFIT" "nothing unfit"
[ "$(stat -c %a "$T/plan.txt")" = 600 ] && ok || bad "the file is 0600"
expect 64 "never over a file" -- kw print plan --client "$W" --format text -o "$T/plan.txt"
expect 64 "never to the terminal" -- kw print plan --client "$W" -o -
expect 64 "a format it doesn't make" -- kw print plan --client "$W" --format doc -o "$T/x"
[ -e "$T/x" ] && bad "no file for a refused format" || ok

if command -v pdftotext >/dev/null; then
	expect 0 "PDF" -- kw print plan --client "$W" -o "$T/plan.pdf"
	[ "$(stat -c %a "$T/plan.pdf")" = 600 ] && ok || bad "the PDF is 0600"
	head -c 5 "$T/plan.pdf" | grep -q '%PDF-' && ok || bad "a PDF"
	pdftotext "$T/plan.pdf" "$T/pdf.txt"
	has "$T/pdf.txt" "Zoë" "accented Latin comes back out of the PDF"
	has "$T/pdf.txt" "Алина" "Cyrillic comes back out of the PDF"
	has "$T/pdf.txt" "A home of my own" "her goals in the PDF"
	hasnt "$T/pdf.txt" "UNFIT" "nothing unfit in the PDF"
	pages=$(pdfinfo "$T/plan.pdf" | awk '/^Pages:/ { print $2 }')
	[ "$pages" -ge 1 ] && [ "$pages" -le 2 ] && ok || bad "one or two pages, not $pages"
	has "$T/pdf.txt" "مريم" "Arabic comes back out of the PDF"
	# No typesetter: a clear error, and no file left.
	KEYWORK_TYPESETTER=/nonexistent/typesetter expect 74 "no typesetter" -- kw print plan --client "$W" -o "$T/none.pdf"
	has "$T/err" "cannot run" "says it cannot run the typesetter"
	[ -e "$T/none.pdf" ] && bad "no file when the typesetter is missing" || ok
else
	bad "pdftotext is needed (scripts/setup-deps.sh installs poppler-utils)"
fi
expect 0 "audit" -- kw audit --client "$W"
has "$T/out" "print_plan" "given to her, in the audit"
finish
