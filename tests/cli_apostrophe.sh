#!/bin/bash
# cli_apostrophe.sh: apostrophes survive import, and export then import, exactly, on
# real files: inside a name (O'Brien), leading as text ('Ria), and leading before a
# formula character, where export's own guard apostrophe must come off again and only
# that one.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
printf '%s\n' "$P1" >"$T/p1"
as_ana() { "$KW" "$@" --user ana --passphrase-fd 3 3<"$T/p1"; }

# known_as is a label to find the row by; last_name and first_name hold the values
# under test (free text: a borough is a list item, checked by the intake form), and
# "want" is what must be stored from this file (its cells as a spreadsheet holds them).
cat >"$T/in.csv" <<'EOF'
known_as,last_name,first_name
a1,O'Brien,St John's Wood
a2,'Ria,'
a3,D'Arcy-O'Neill,''
a4,'=text,x
a5,''=text,x
a6,'''-1,x
a7,'+44,'@home
a8,"'a, 'b",x
a9,',x
EOF
# What each row holds once imported: export's guard (one apostrophe before = + - @) is
# taken off; every other apostrophe is data. As the JSON export writes her.
cat >"$T/want" <<'EOF'
"known_as": "a1", "first_name": "St John's Wood", "last_name": "O'Brien", "date_of_birth": null, "phone": null, "borough": null}
"known_as": "a2", "first_name": "'", "last_name": "'Ria", "date_of_birth": null, "phone": null, "borough": null}
"known_as": "a3", "first_name": "''", "last_name": "D'Arcy-O'Neill", "date_of_birth": null, "phone": null, "borough": null}
"known_as": "a4", "first_name": "x", "last_name": "=text", "date_of_birth": null, "phone": null, "borough": null}
"known_as": "a5", "first_name": "x", "last_name": "'=text", "date_of_birth": null, "phone": null, "borough": null}
"known_as": "a6", "first_name": "x", "last_name": "''-1", "date_of_birth": null, "phone": null, "borough": null}
"known_as": "a7", "first_name": "@home", "last_name": "+44", "date_of_birth": null, "phone": null, "borough": null}
"known_as": "a8", "first_name": "x", "last_name": "'a, 'b", "date_of_birth": null, "phone": null, "borough": null}
"known_as": "a9", "first_name": "x", "last_name": "'", "date_of_birth": null, "phone": null, "borough": null}
EOF

# holds_all JSON: every woman of want is in the JSON export, exactly, and no other.
holds_all() {
	local line n=0
	while IFS= read -r line; do
		grep -qF -- "$line" "$1" || { bad "$1 lacks: $line"; n=$((n + 1)); }
	done <"$T/want"
	[ $n = 0 ] && ok
	[ "$(grep -c '"known_as"' "$1")" = 9 ] && ok || bad "$1 does not hold nine women"
}

expect 0 "init" -- "$KW" init --db "$T/d1" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "import" -- as_ana import clients "$T/in.csv" --db "$T/d1"
expect 0 "json export" -- as_ana export clients --format json -o "$T/one.json" --db "$T/d1"
holds_all "$T/one.json"

# Export, import into a new directory, export again: the same values, the same bytes.
expect 0 "csv export" -- as_ana export clients -o "$T/one.csv" --db "$T/d1"
has "$T/one.csv" "''=text" "a value starting with an apostrophe and = keeps it behind the guard"
has "$T/one.csv" "O'Brien" "O'Brien is written as she is"
expect 0 "second init" -- "$KW" init --db "$T/d2" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "import the export" -- as_ana import clients "$T/one.csv" --db "$T/d2"
expect 0 "json export again" -- as_ana export clients --format json -o "$T/two.json" --db "$T/d2"
holds_all "$T/two.json"
expect 0 "csv export again" -- as_ana export clients -o "$T/two.csv" --db "$T/d2"
# (the references are new in the second directory: compare the rest)
sed 's/^KW-[0-9A-Z]*,//' "$T/one.csv" | sort >"$T/one.cut"
sed 's/^KW-[0-9A-Z]*,//' "$T/two.csv" | sort >"$T/two.cut"
cmp -s "$T/one.cut" "$T/two.cut" && ok || { bad "the CSV did not round-trip"; diff "$T/one.cut" "$T/two.cut" >&2; }

finish
