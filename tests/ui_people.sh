#!/bin/bash
# ui_people.sh: the people linked to her as records, through the real screens
# in tmux at 80x24, as keyworker bea: a child's other parent typed into the
# child form is not dropped: it finds her people, and "+ Add a new person"
# adds him with the name typed, linked at once; he is listed on f Family
# with the people linked to her, where a professional is added too; the next
# child's other parent is found among hers by typing.
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }

ui_start w1 80x24 "$KW" --db "$D" --user bea
ui_unlock w1 "$PASS2"
see w1 "My caseload" "Today shows after unlocking"
ui_intake_for_bea w1 "Pat People"

ui_keys w1 f
see w1 "Nobody recorded: a adds a person." "nobody is linked to her yet"
ui_keys w1 j a
see w1 "Child or dependant" "a on the children line adds a child"
ui_type w1 "Mia"
ui_keys w1 Tab Tab Tab Tab Tab
see w1 "choose one of hers, or add a new" "the other parent says how it is chosen"
ui_type w1 "Dan Other"
see w1 "Find: Dan Other" "what is typed is kept, as a search of her people"
see w1 "+ Add a new person (the name as typed)" "and adding him is offered"
ui_keys w1 Enter
see w1 "Linked person" "the person form opens"
see w1 "Dan Other" "with the name typed"
ui_keys w1 Tab
ui_type w1 "other par"
ui_keys w1 Enter C-s
if ui_wait_re w1 "Other parent +Dan Other" 10; then ok; else
	bad "saving him links him as Mia's other parent"
	sed 's/^/  | /' "$T/screen" >&2
fi
ui_keys w1 C-s
see w1 "Family: Pat People" "the child is saved"
see w1 "Dan Other                Other paren~" "he is listed with the people linked to her"

# A professional, added on the people list.
ui_keys w1 G a
see w1 "Linked person" "a on the people list adds a person"
ui_type w1 "Ola Social"
ui_keys w1 Tab
ui_type w1 "profess"
ui_keys w1 Enter Tab
ui_type w1 "Her social worker"
ui_keys w1 Tab
ui_type w1 "social"
ui_keys w1 Enter C-s
see w1 "Ola Social               Professional Her social worker" "the professional is listed"

# The next child: the other parent is found among hers.
ui_keys w1 g j a
see w1 "Child or dependant" "another child"
ui_type w1 "Leo"
ui_keys w1 Tab Tab Tab Tab Tab
ui_type w1 "Dan"
see w1 "Dan Other" "typing finds him"
ui_keys w1 Enter
if ui_wait_re w1 "Other parent +Dan Other" 10; then ok; else
	bad "Enter picks him"
	sed 's/^/  | /' "$T/screen" >&2
fi
ui_keys w1 C-s
see w1 "Leo" "the second child is saved"
finish
