#!/bin/bash
# ui_episodes.sh: her episodes through the real screens, as keyworker bea: a
# referral, started with Enter, closed at her wish with her words and the
# welcome-back message filled in, re-opened when she refers herself back (the
# welcome-back message shows again); the handover summary edited with h and
# shown first on her record; and manager ana, who looked before, seeing what
# bea changed since marked. What was stored is checked through the audit trail
# and the contacts export (the rules themselves: tests/test_episode.c).
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

printf 'known_as,first_name\nMarisol,Marisol\n' >"$T/women.csv"
expect 0 "a woman is imported" -- as_ana import clients "$T/women.csv"

# --- ana looks at her record first ---
ui_start w0 100x30 "$KW" --db "$D" --user ana
ui_unlock w0 "$PASS1"
see w0 "Today" "ana signs in"
ui_open_her w0 "Marisol"
notsee w0 "since you last looked" "nothing is marked the first time"
ui_keys w0 Q
ui_gone w0 || bad "Q quits"

# --- bea: refer, start, close at her wish, re-open ---
ui_start w1 100x30 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "Today" "bea signs in"
ui_open_her w1 "Marisol"
ui_keys w1 c
see w1 "Episodes: Marisol" "c opens her episodes"
see w1 "No referral recorded" "she has none yet"
ui_keys w1 a
see w1 "Referral" "a opens the referral form"
ui_type w1 "proba"
ui_keys w1 Enter Tab
ui_type w1 "commun"
ui_keys w1 Enter C-s
see w1 "Referred" "the referral is listed as referred"
see w1 "by Probation" "with who referred her, in words"
ui_keys w1 Enter
see w1 "Start her support today?" "Enter on a referral asks to start it"
ui_keys w1 y
see w1 "contact weekly" "it opens with the Community programme's weekly cadence"
see w1 "Open" "and shows open"

ui_keys w1 c
see w1 "Closing an episode" "c on an open episode opens the closing form"
see w1 "She asked to stop (her wish)" "her wish is the reason offered first"
see w1 "You can come back at any time" "the welcome-back message is filled in"
ui_keys w1 Tab Tab
ui_type w1 "I need a break while I settle in the new flat."
ui_keys w1 C-s
see w1 "Closed" "saving closes the episode"
see w1 "She asked to stop (her wish)" "the reason is listed"
see w1 "She asked: I need a break" "her words show on the closed episode"
see w1 "She was told: You can come back" "and what she was told"

ui_keys w1 c
see w1 "She referred herself back" "c on a closed episode asks to re-open it"
ui_keys w1 y
see w1 "Welcome back. When she left she was told: You can come back at any time" \
	"the welcome-back message shows when she is re-opened"
see w1 "re-opened; by Herself" "a new episode, open, referred by herself"
see w1 "(her wish), re-opened" "the closed one stays, linked to the new one"
ui_screen w1
[ "$(grep -c 'Community' "$T/screen")" -ge 2 ] && ok || bad "both episodes are listed"

# --- a diversion referral asks her need level, which sets the cadence ---
ui_keys w1 a
see w1 "Referral" "a opens the referral form again"
notsee w1 "Need level" "the need level is asked only for a programme that has them"
ui_type w1 "polic"
ui_keys w1 Enter Tab
ui_type w1 "divers"
ui_keys w1 Enter
see w1 "Need level" "choosing Diversion asks her need level"
ui_keys w1 Tab
ui_type w1 "high"
ui_keys w1 Enter C-s
see w1 "by Police" "the diversion referral is listed"
ui_keys w1 Enter
see w1 "Start her support today?" "Enter on it asks to start it"
ui_keys w1 y
see w1 "by Police; High need" "her support starts at the need level chosen, by its name"

# --- the handover summary ---
ui_keys w1 q
see w1 "Her record" "q goes back to her record"
ui_keys w1 h
see w1 "Handover summary" "h opens her handover summary"
ui_type w1 "Back after a break. Prefers texts after 4pm."
ui_keys w1 C-s
see w1 "Handover: Back after a break. Prefers texts after 4pm." \
	"the handover shows first on her record"
ui_screen w1
[ "$(grep -n 'Handover: Back' "$T/screen" | cut -d: -f1)" = 3 ] && ok ||
	bad "the handover is the line under her name"

# --- and a contact, so ana has something new on her timeline ---
ui_keys w1 2
see w1 "Contacts and attempts" "2 opens her contact panel"
ui_keys w1 a
see w1 "Did it happen" "a opens the contact form"
ui_keys w1 Tab
ui_type w1 "phon"
ui_keys w1 Enter Tab
ui_type w1 "tried"
ui_keys w1 Enter C-s
see w1 "We tried to reach her" "the attempt is saved"
ui_keys w1 q
ui_keys w1 Q
ui_gone w1 || bad "Q quits"

# --- what was stored ---
as_ana audit -o "$T/audit.txt" >/dev/null 2>&1 || as_ana audit >"$T/audit.txt" 2>&1
has "$T/audit.txt" "episode-open" "starting and re-opening are audited"
has "$T/audit.txt" "closure added" "the closure was saved"
has "$T/audit.txt" "reopening added" "the re-opening was saved as a new episode"
has "$T/audit.txt" "handover changed" "the handover was saved"
[ "$(grep -c 'episode-open' "$T/audit.txt")" = 3 ] && ok ||
	bad "three openings: two referrals and the re-opened episode"
as_ana export contacts -o "$T/contacts.csv" >/dev/null 2>&1
has "$T/contacts.csv" "attempted" "bea's attempt was stored"

# --- ana comes back: what bea did since is marked ---
# (bea's changes may fall in the second of ana's first look: they are marked
# all the same. Ana looks in a later second than bea's last change, so that
# her next look marks nothing.)
ui_next_second
ui_start w2 100x30 "$KW" --db "$D" --user ana
ui_unlock w2 "$PASS1"
see w2 "Today" "ana signs in again"
ui_open_her w2 "Marisol"
see w2 "changed by someone else since you last looked" "the last look is named"
see w2 "Handover (changed by bea)" "the handover says who changed it"
see w2 "* Phone call: attempted" "bea's attempt is marked on her timeline"
# Looking again: nothing new since this look.
ui_keys w2 q
ui_next_second
ui_open_her w2 "Marisol"
notsee w2 "since you last looked" "nothing is marked after a fresh look"
finish
