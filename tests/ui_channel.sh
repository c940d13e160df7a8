#!/bin/bash
# ui_channel.sh: the safe-contact line on the contact form, through the real
# screens in tmux, after every keystroke of choosing a way (a woman whose safe
# way is text and who asked never to get letters): the picker says what the
# highlighted way would mean, the form's line follows each choice at once (not
# at save), a way she asked never to be used needs a real reason, and the
# saved contact and her timeline show it. Also at 80x24.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "a woman whose safe way is text, never letters" -- \
	as_ana save intake known_as="Lena Test" safe_channels=text never_contact_via="letters"

SAFE="Yes: a way she marked safe"
NOT_MARKED="No: not one of the ways she marked safe"
NEVER="No: she asked never to be contacted this way"
IN_PERSON="In person: nothing to check"
# line NAME TEXT DESCRIPTION: the form's safe-contact line shows TEXT now (keys are
# taken and drawn before ui_keys returns, so this is the screen after that key).
line() {
	ui_screen "$1"
	if grep -F "Is this way safe for her?" "$T/screen" | grep -qF -- "$2"; then ok; else
		bad "$3: the safe-contact line does not say '$2'"
		sed 's/^/  | /' "$T/screen" >&2
	fi
}
# note NAME TEXT DESCRIPTION: the picker says TEXT for the highlighted way now.
note() {
	ui_screen "$1"
	if grep -qF -- "$2" "$T/screen"; then ok; else
		bad "$3: the picker does not say '$2'"
		sed 's/^/  | /' "$T/screen" >&2
	fi
}

for size in 100x32 80x24; do
	w="w$size"
	ui_start "$w" "$size" "$KW" --db "$D" --user ana
	ui_unlock "$w" "$PASS1"
	see "$w" "My caseload" "Today shows after unlocking ($size)"
	ui_open_her "$w" "Lena"
	ui_keys "$w" 2
	see "$w" "Safe ways to reach her: Text message. Never: letters" "her ways ($size)"
	ui_keys "$w" a
	see "$w" "Contact" "a opens the contact form ($size)"
	line "$w" "$SAFE" "her preferred way, text, is safe ($size)"
	ui_keys "$w" Tab
	# Typing opens the picker; each key moves what is highlighted, and the note follows.
	ui_keys "$w" p
	note "$w" "Phone call: $NOT_MARKED" "p highlights a phone call ($size)"
	ui_keys "$w" Down
	note "$w" "Went with her to an appointment: $IN_PERSON" "Down: in person ($size)"
	ui_keys "$w" BSpace l
	note "$w" "Phone call: $NOT_MARKED" "l: a phone call again ($size)"
	ui_keys "$w" e
	note "$w" "Letter: $NEVER" "le: a letter, which she asked never to get ($size)"
	ui_keys "$w" Escape
	line "$w" "$SAFE" "Esc keeps the way chosen before ($size)"
	notsee "$w" "Why use this way anyway" "and asks no reason ($size)"
	ui_keys "$w" l e t Enter
	line "$w" "$NEVER" "a letter chosen: the line says so before saving ($size)"
	see "$w" "Why use this way anyway" "and the reason is asked at once ($size)"
	ui_keys "$w" Enter
	note "$w" "Letter: $NEVER" "the picker opens on the way chosen ($size)"
	ui_keys "$w" tex
	note "$w" "Text message: $SAFE" "tex: text ($size)"
	ui_keys "$w" Enter
	line "$w" "$SAFE" "text chosen: safe again ($size)"
	notsee "$w" "Why use this way anyway" "no reason asked for a safe way ($size)"
	ui_keys "$w" ph Enter
	line "$w" "$NOT_MARKED" "a phone call chosen ($size)"
	ui_keys "$w" BSpace
	line "$w" "$IN_PERSON" "Backspace clears the way ($size)"
	ui_keys "$w" Escape
	if [ "$size" = 80x24 ]; then
		ui_keys "$w" y
		ui_keys "$w" Q
		ui_keys "$w" y
		ui_gone "$w" || bad "Q quits ($size)"
	fi
done

# --- a letter she asked never to get: a real reason, kept, in her timeline ---
w=w100x32
ui_keys "$w" y
see "$w" "Safe ways to reach her" "the contact form is left ($w)"
ui_keys "$w" a Tab
ui_keys "$w" let Enter
line "$w" "$NEVER" "a letter chosen"
# Tab over the read-only line to the reason, then to "Did it happen?".
ui_keys "$w" Tab
ui_type "$w" "x"
ui_keys "$w" Tab
ui_type "$w" "attempted"
ui_keys "$w" Enter C-s
see "$w" "say in a few words why it had to be this one" "one letter is not a reason"
as_ana export contacts -o "$T/c1.csv" >/dev/null 2>&1
hasnt "$T/c1.csv" "letter" "nothing was saved"
# The refusal puts the cursor on the reason: clear it and say why.
ui_keys "$w" C-u
ui_type "$w" "Court papers must go by post"
ui_keys "$w" C-s
see "$w" "Saved." "a real reason saves it"
as_ana export contacts -o "$T/c2.csv" >/dev/null 2>&1
has "$T/c2.csv" "letter,attempted,,,never,Court papers must go by post" "exported with the judgement and the reason"
ui_keys "$w" Enter
see "$w" "$NEVER" "the saved contact shows the way was one she asked never to be used"
see "$w" "Court papers must go by post" "and why"
ui_keys "$w" Escape
see "$w" "Safe ways to reach her" "Esc goes back to 2 Contact"
ui_keys "$w" q
see "$w" "Letter: attempted, not reached   Way she asked never to be used: Cour" "her timeline shows it, with why"
ui_keys "$w" Q
ui_gone "$w" || bad "Q quits"
finish
