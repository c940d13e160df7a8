#!/bin/bash
# ui_consent.sh: i on her record (Consent and sharing), as keyworker bea, in
# tmux: each list adds its own kind, the bar saying which (a consent, a
# disclosure, someone who must not receive information, a woman to keep her
# apart from), an empty list included; each is listed once saved; and the
# rules that use them fire: a disclosure to someone she named is refused, and
# both women's records show KEEP APART.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_add_woman w1 "Sam Other"
ui_screen w1
OTHER=$(grep -oE 'KW-[0-9A-Z]{6}' "$T/screen" | head -1)
[ -n "$OTHER" ] && ok || bad "the other woman's reference is on her record"
ui_keys w1 q
see w1 "Today" "back on Today"
ui_add_woman w1 "Maya Okafor"

ui_keys w1 i
see w1 "Consent and sharing: Maya" "i opens consent and sharing"
see w1 "a adds to the list the cursor is in" "the screen says what a does"
see w1 "No consent recorded: ask her before sharing anything." "an empty list says so"
see w1 "a add consent" "on her consents, a adds a consent"

# --- a consent ---
ui_keys w1 a
see w1 "Consent and information sharing" "a opens the consent form"
ui_keys w1 Enter
ui_type w1 "information"
ui_keys w1 Enter Tab Enter
ui_type w1 "GP"
ui_keys w1 Enter Tab Enter
ui_type w1 "agreed"
ui_keys w1 Enter C-s
see w1 "Consent and sharing: Maya" "saved, back on the panel"
see w1 "She agreed" "her consent is listed"
notsee w1 "No consent recorded" "in place of the empty line"

# --- a disclosure ---
ui_keys w1 Down
see w1 "a add disclosure" "on what was shared, a adds a disclosure"
ui_keys w1 a
see w1 "Shared with" "a opens the disclosure form, not the consent form"
ui_keys w1 Enter
ui_type w1 "GP"
ui_keys w1 Enter Tab Tab
ui_type w1 "Her medication list"
ui_keys w1 Tab Enter
ui_type w1 "agree"
ui_keys w1 Enter C-s
see w1 "Consent and sharing: Maya" "saved, back on the panel"
see w1 "With her agreement, by bea" "the disclosure is listed, with who decided"
see w1 "Her medication list" "and what was shared"

# --- someone who must not receive information ---
ui_keys w1 Down
see w1 "a add must-not-receive" "on the must-not-receive list, a adds to it"
ui_keys w1 a
see w1 "Must not receive information about her" "a opens the must-not-receive form"
ui_keys w1 Enter
ui_type w1 "Police"
ui_keys w1 Enter C-s
see w1 "Consent and sharing: Maya" "saved, back on the panel"
notsee w1 "Nobody named." "she named someone"
see w1 "Police" "who she named is listed"

# --- a woman to keep her apart from ---
ui_keys w1 Down
see w1 "a add keep-apart" "on keep apart, a adds a keep-apart flag"
ui_keys w1 a
see w1 "The other woman's reference" "a opens the keep-apart form"
ui_type w1 "$OTHER"
ui_keys w1 C-s
see w1 "Consent and sharing: Maya" "saved, back on the panel"
see w1 "$OTHER" "the other woman is listed"

# --- the rules that use them fire ---
# Nothing may be recorded as shared with someone she named.
ui_keys w1 g
see w1 "a add consent" "g: back on her consents"
ui_keys w1 Down
see w1 "a add disclosure" "on what was shared"
ui_keys w1 a
see w1 "Shared with" "a opens the disclosure form"
ui_keys w1 Enter
ui_type w1 "Police"
ui_keys w1 Enter Tab Tab
ui_type w1 "Where she is staying"
ui_keys w1 Tab Enter
ui_type w1 "Safeguarding"
ui_keys w1 Enter C-s
see w1 "is on her list of those who must not receive information" "a disclosure to someone she named is refused"
ui_keys w1 Escape
ui_wait w1 "Discard" 5 && ui_keys w1 y
see w1 "Consent and sharing: Maya" "back on the panel"
notsee w1 "Where she is staying" "nothing was recorded as shared"
# Keep apart shows on both women's records.
ui_keys w1 q
see w1 "KEEP APART" "her record shows the keep-apart flag"
ui_keys w1 q
ui_open_her w1 "Sam Other"
see w1 "KEEP APART" "and so does the other woman's"
ui_keys w1 q Q
ui_gone w1 && ok || bad "Q quits"
finish
