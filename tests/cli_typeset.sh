#!/bin/bash
# cli_typeset.sh: keywork-typeset, the program that makes her plan and letters into PDF. Arabic,
# Cyrillic and accented Latin come back out of the PDF whole and in order (pdftotext); a long
# document runs onto numbered pages with a heading never left at the foot of one; a document it
# cannot read is refused with the line and the reason, and no PDF; nothing it is given is kept.
set -u
. "$(dirname "$0")/lib_cli.sh"
TS=$(dirname "$KEYWORK_BIN")/keywork-typeset
[ -x "$TS" ] || { echo "keywork-typeset is not built beside keywork" >&2; exit 1; }
command -v pdftotext >/dev/null || { echo "pdftotext missing (poppler-utils)" >&2; exit 1; }
# letters FILE TEXT WHAT: TEXT's letters are in FILE in their order, spaces aside. pdftotext guesses
# spaces from the gaps between glyphs, and splits some Arabic words where a letter does not join
# the next (a hamza after alif); a reversed, cut or doubled word still fails.
letters() {
	if tr -d ' \n' <"$1" | grep -qF -- "$(printf '%s' "$2" | tr -d ' ')"; then ok; else
		bad "$3: the letters of '$2' are not in $1"
		sed 's/^/  | /' "$1" >&2
	fi
}

cat >"$T/doc" <<'DOC'
kwdoc 1
@title My plan
@h1
My plan: ⁨مريم الزهراء⁩
@meta
7 December 2026 · My keyworker: ⁨Алина Петрова⁩
@h2
My strengths
@item
<b>Zoë Ní Bhriain</b> &amp; her sister &#64;home
@sub
Next: ring the council, 9 December
@p
A line in English
سطر باللغة العربية
DOC
expect 0 "a plan" -- "$TS" <"$T/doc"
cp "$T/out" "$T/one.pdf"
head -c 5 "$T/one.pdf" | grep -q '%PDF-' && ok || bad "a PDF"
pdftotext "$T/one.pdf" "$T/one.txt"
letters "$T/one.txt" "مريم الزهراء" "Arabic comes back whole, in its order"
letters "$T/one.txt" "سطر باللغة العربية" "a right-to-left line too"
has "$T/one.txt" "Алина Петрова" "Cyrillic"
has "$T/one.txt" "Zoë Ní Bhriain & her sister @home" "accented Latin, and the escapes undone"
has "$T/one.txt" "Next: ring the council" "a line under an item"
pdfinfo "$T/one.pdf" >"$T/info"
grep -Eq "^Title: +My plan$" "$T/info" && ok || bad "the title"
grep -Eq "^Pages: +1$" "$T/info" && ok || bad "one page"
has "$T/info" "A4" "on A4"
pdffonts "$T/one.pdf" >"$T/fonts"
grep -q "DejaVuSans.* yes yes yes" "$T/fonts" && ok || bad "fonts embedded, subset, with their text map"

# A long document runs onto numbered pages; a heading is never the last line of a page.
{
	echo "kwdoc 1"
	for i in $(seq 1 12); do
		printf '@h2\nHeading %d\n' "$i"
		for j in $(seq 1 6); do printf '@item\nStep %d.%d of a long plan that wraps onto a second line of the page when it is long enough to\n' "$i" "$j"; done
	done
} >"$T/long"
expect 0 "a long document" -- "$TS" <"$T/long"
cp "$T/out" "$T/long.pdf"
pages=$(pdfinfo "$T/long.pdf" | awk '/^Pages:/ { print $2 }')
[ "$pages" -ge 2 ] && ok || bad "onto more than one page ($pages)"
for p in $(seq 1 "$pages"); do
	pdftotext -f "$p" -l "$p" -layout "$T/long.pdf" "$T/page"
	grep -Eq "^ *$p ?/ ?$pages *$" "$T/page" && ok || bad "page $p is numbered"
	last=$(grep -v '^\s*$' "$T/page" | grep -Ev "^ *$p ?/ ?$pages *$" | tail -n 1)
	case $last in *Heading*) bad "page $p ends with a heading: $last" ;; *) ok ;; esac
done
for i in 1 12; do
	pdftotext "$T/long.pdf" - | grep -q "Step $i.6 of a long plan" && ok || bad "step $i.6 is printed"
done

# What it cannot read: the line and the reason, exit 65, no PDF.
refused() {
	local what=$1 line=$2
	expect 65 "$what" -- "$TS" <"$T/bad"
	has "$T/err" "$line" "$what: located"
	[ ! -s "$T/out" ] && ok || bad "$what: no PDF is written"
}
printf 'kwdoc 1\n@p\nfine\n@h3\nno such kind\n' >"$T/bad"
refused "an unknown kind of block" "line 4: '@h3' is not a kind of block"
printf 'kwdoc 1\n@p\nfine\n@item\n<b>not closed\n' >"$T/bad"
refused "broken markup" "line 4: the item's text is not Pango markup"
printf 'kwdoc 1\ntext with no block\n' >"$T/bad"
refused "text outside a block" "line 2: text outside a block"
printf 'a letter\n' >"$T/bad"
refused "not a document" "line 1: a document starts with the line \"kwdoc 1\""
printf 'kwdoc 1\n@p\n\xff\xfe\n' >"$T/bad"
refused "not UTF-8" "not UTF-8"
printf 'kwdoc 1\n' >"$T/bad"
refused "no blocks" "no blocks"
expect 64 "no arguments are taken" -- "$TS" --help </dev/null
finish
