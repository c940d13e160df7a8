#!/bin/bash
# ui_contact.sh: 2 Contact through the real screens, in tmux, as keyworker bea:
# a woman with her safe ways recorded, an attempt logged on her preferred
# safe way without choosing it, a way she has not marked safe refused (also
# when the form is given back after a lock) and then logged with a reason, a missed contact shown with its reason only, a
# pause with its reason and end shown at the top, an appointment on Today
# and in the week view, and a manager switching Today to bea's caseload.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
# The appointment booked "today" must still be today when Today is read, so a
# run never starts in a day's last four minutes (it waits for midnight instead).
while [ "$(date +%H%M)" -ge 2356 ]; do sleep 5; done
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

ui_start w1 100x32 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "My caseload" "Today shows after unlocking"

# --- a woman: her name, her safe ways (text, then letter), bea as keyworker ---
ui_keys w1 a
see w1 "About her" "a opens the intake form"
ui_type w1 "Nadia Test"
# From the first field, Shift-Tab wraps to Save and then to the last field: her keyworker.
ui_keys w1 BTab BTab
ui_type w1 "bea"
ui_keys w1 Enter
see w1 "bea" "bea is her keyworker"
# Back to the top, then down to her safe ways.
ui_keys w1 Tab Tab
for i in 1 2 3 4 5 6 7; do ui_keys w1 Tab; done
ui_type w1 "text"
ui_keys w1 Space Enter
see w1 "Text message" "text is a safe way"
ui_keys w1 C-s
see w1 "Her record" "saving opens her record"

# --- an attempt on her preferred safe way: nothing chosen by hand ---
ui_keys w1 2
see w1 "Safe ways to reach her: Text message" "the panel shows her safe ways"
see w1 "No open episode" "no episode: nothing scheduled, nothing overdue"
ui_keys w1 a
see w1 "Yes: a way she marked safe" "the contact form says the way is safe"
see w1 "Text message" "the way defaults to her safe channel"
notsee w1 "Why use this way anyway" "no reason is asked for a safe way"
# Tab past When and How to "Did it happen?"; Tab over the read-only safety line.
ui_keys w1 Tab Tab
ui_type w1 "tried"
ui_keys w1 Enter C-s
see w1 "We tried to reach her" "the attempt is listed"
as_ana export contacts -o "$T/c1.csv" >/dev/null 2>&1
has "$T/c1.csv" "text" "the attempt was stored on her safe way"
has "$T/c1.csv" "attempted" "as an attempt"

# --- a phone call she has not marked safe: refused, then logged with a reason ---
ui_keys w1 a
ui_keys w1 Tab
ui_type w1 "phone"
ui_keys w1 Enter
# The reason is asked as soon as the way is chosen (ui_channel.sh checks each key):
# Tab over it to "Did it happen?".
see w1 "Why use this way anyway" "the reason is asked as soon as a phone call is chosen"
ui_keys w1 Tab Tab
ui_type w1 "yes"
ui_keys w1 Enter
# Locked with the form half done: given back after unlocking, its rule still asked.
ui_keys w1 C-g
see w1 "Sign in to keywork" "^G locks with the contact form open"
ui_unlock w1 "$PASS2"
see w1 "kept while keywork was locked" "the unsaved contact is given back"
ui_keys w1 C-s
see w1 "not one of the ways she marked safe" "a way she has not marked safe is refused, after the lock too"
see w1 "Why use this way anyway" "the reason is still asked"
as_ana export contacts -o "$T/c2.csv" >/dev/null 2>&1
hasnt "$T/c2.csv" "phone" "nothing was stored on the refused way"
ui_type w1 "She rang from a friend's phone and asked us to call back"
ui_keys w1 C-s
see w1 "Saved." "the call saves once a reason is given"
# The lock closed her record; open it and her contacts again.
ui_open_her w1 "Nadia"
ui_keys w1 2
see w1 "Yes - we were in touch" "the call is listed"
as_ana export contacts -o "$T/c3.csv" >/dev/null 2>&1
has "$T/c3.csv" "phone" "the call was stored"

# --- a missed contact: its reason, and no mark against her ---
ui_keys w1 a
ui_keys w1 Tab
ui_type w1 "centre"
ui_keys w1 Enter Tab
ui_type w1 "missed"
ui_keys w1 Enter Tab
ui_type w1 "childcare"
ui_keys w1 Enter C-s
see w1 "Missed — Childcare" "a missed contact shows its reason"
notsee w1 "DNA" "never 'DNA'"

# --- a pause: in custody until a date; shown at the top ---
ui_keys w1 p
see w1 "Pause contact" "p opens the pause form"
ui_type w1 "cust"
ui_keys w1 Enter Tab Tab
ui_type w1 "1/1/2020"
ui_keys w1 C-s
see w1 "can't end before it starts" "a pause ending before it starts is refused"
ui_keys w1 C-u
ui_type w1 "31/12/2099"
ui_keys w1 C-s
see w1 "Contact paused until 31/12/2099 (In custody)" "the pause shows at the top with its reason"

# --- an appointment today: diversion, marked; on Today and in the week view ---
today=$(date +%d/%m/%Y)
ui_keys w1 o
see w1 "Appointment" "o opens the appointment form"
ui_type w1 "divers"
ui_keys w1 Enter Tab
ui_type w1 "$today 23:50"
ui_keys w1 Tab
ui_type w1 "Police station"
ui_keys w1 C-s
see w1 "[legal] Diversion" "a diversion appointment is marked"
ui_keys w1 v
see w1 "Appointments: week" "v opens the week view"
see w1 "Nadia Test" "her appointment is in the week"
see w1 "[legal] Diversion" "marked there too"
ui_keys w1 v
see w1 "Appointments: day" "v again shows the day"
see w1 "23:50" "at its time"
ui_keys w1 q q q
see w1 "Appointments today (1)" "Today lists today's appointment"
see w1 "Police station" "with its place"
see w1 "paused to" "her caseload line says contact is paused, not overdue"
ui_keys w1 Q
ui_gone w1 || bad "Q quits"

# --- a manager switches Today to bea's caseload, then the whole team ---
ui_start w2 100x32 "$KW" --db "$D" --user ana
ui_unlock w2 "$PASS1"
see w2 "My caseload (0)" "ana's own caseload is empty"
ui_keys w2 T
see w2 "bea " "T lists the keyworkers"
ui_keys w2 b Enter
see w2 "bea's caseload (1)" "ana sees bea's caseload"
see w2 "Nadia Test" "with bea's woman in it"
ui_keys w2 T Down Enter
see w2 "The whole team by name: 1 to 1 of 1" "the whole team, said to be paged"
ui_keys w2 Q
ui_gone w2 || bad "Q quits"
finish
