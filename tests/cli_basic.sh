#!/bin/bash
# cli_basic.sh: the command line end to end on real files: init, users, wrong
# passphrases and back-off, import, export, check, permissions.
set -u
. "$(dirname "$0")/lib_cli.sh"

P1='harbour-velvet-orchard-comet-sunrise'
P2='meadow-lantern-puzzle-copper-violin'
P3='crimson-tundra-ballet-oyster-kettle'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/p3"
printf 'wrong passphrase here\n' >"$T/wrong"
D=$T/data
as_ana() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }

# --- init ---
printf 'short\n' >"$T/weak"
expect 64 "a short passphrase is refused" -- "$KW" init --db "$D" --user ana --passphrase-fd 3 3<"$T/weak"
has "$T/err" "too short" "short passphrase message"
printf 'password1234\n' >"$T/weak2"
expect 64 "a guessable passphrase is refused" -- "$KW" init --db "$D" --user ana --passphrase-fd 3 3<"$T/weak2"
has "$T/err" "too easy to guess" "weak passphrase message"
[ ! -e "$D/keywork.keys" ] && ok || bad "a refused init left a key file"

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
has "$T/out" "Recovery code" "recovery code shown"
has "$T/out" "office safe" "recovery advice shown"
[ "$(stat -c %a "$D")" = 700 ] && ok || bad "data directory mode $(stat -c %a "$D")"
for f in keywork.db sensitive.db keywork.keys; do
	[ "$(stat -c %a "$D/$f")" = 600 ] && ok || bad "$f mode $(stat -c %a "$D/$f")"
done
expect 64 "init refuses a directory that holds data" -- "$KW" init --db "$D" --user bea --kdf interactive --passphrase-fd 3 3<"$T/p2"
has "$T/err" "already holds keywork data" "init refusal message"
expect 64 "init needs --user" -- "$KW" init --db "$T/other"

# --- wrong passphrase: exit 77, one sentence, no byte changed ---
sum() { sha256sum "$D/keywork.db" "$D/sensitive.db" "$D/keywork.keys" | awk '{print $1}'; }
before=$(sum)
expect 77 "wrong passphrase" -- "$KW" check --db "$D" --user ana --passphrase-fd 3 3<"$T/wrong"
has "$T/err" "The username or passphrase is not right." "wrong passphrase message"
[ "$(wc -l <"$T/err")" = 1 ] && ok || bad "wrong passphrase printed more than one line"
expect 77 "unknown user" -- "$KW" check --db "$D" --user nobody --passphrase-fd 3 3<"$T/p1"
has "$T/err" "The username or passphrase is not right." "unknown user gets the same message"
[ "$(sum)" = "$before" ] && ok || bad "a wrong passphrase changed a database or key file byte"
[ "$(stat -c %a "$D/unlock.state")" = 600 ] && ok || bad "unlock.state is not 0600"

# --- back-off: after three failures the next attempt must wait ---
expect 77 "second wrong" -- "$KW" check --db "$D" --user ana --passphrase-fd 3 3<"$T/wrong"
expect 77 "third wrong" -- "$KW" check --db "$D" --user ana --passphrase-fd 3 3<"$T/wrong"
expect 77 "back-off refuses even the right passphrase" -- "$KW" check --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"
has "$T/err" "Try again in" "back-off message"
wait_s=$(sed -n 's/.*Try again in \([0-9]*\) second.*/\1/p' "$T/err")
[ -n "$wait_s" ] && [ "$wait_s" -ge 1 ] && [ "$wait_s" -le 5 ] && ok || bad "back-off of 1-5 s after three failures, not '$wait_s'"
# The back-off runs out: move the last failure's time back past it rather than wait.
awk '{ $4 -= 10; print }' "$D/unlock.state" >"$T/state" && cat "$T/state" >"$D/unlock.state"
expect 0 "after the back-off the right passphrase works" -- as_ana check
has "$T/err" "3 failed attempts to sign in as ana since" "failed attempts reported"
has "$T/out" "ok" "check ok"
expect 0 "the failures are forgotten after a good unlock" -- as_ana check
hasnt "$T/err" "failed attempt" "no failures reported twice"

# --- users ---
expect 0 "add a keyworker" -- as_ana user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add a dropin" -- as_ana user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
expect 64 "a role is needed" -- as_ana user add dee --new-passphrase-fd 4 4<"$T/p3"
expect 64 "mentor is not a login role" -- as_ana user add dee --role mentor --new-passphrase-fd 4 4<"$T/p3"
expect 64 "a user cannot be added twice" -- as_ana user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 77 "a keyworker cannot add users" -- "$KW" user add eve --role dropin --db "$D" --user bea --passphrase-fd 3 3<"$T/p2" --new-passphrase-fd 4 4<"$T/p3"
expect 0 "a dropin can sign in" -- "$KW" check --db "$D" --user cat --passphrase-fd 3 3<"$T/p3"
has "$T/err" "does not open sensitive.db" "dropin's check says what it did not open"

# --- import ---
printf '\xef\xbb\xbfknown_as,first_name,last_name,date_of_birth,phone,borough\r\n' >"$T/in.csv"
printf '"Jo ""JJ""",Joanna,Smith,1990-02-03,07700 900123,Camden\r\n' >>"$T/in.csv"
printf 'Ola,Aleksandra,"Wiśniewska, Nowak",03/04/1985,+44 7700 900456,hammersmith and FULHAM\r\n' >>"$T/in.csv"
printf 'مريم,مريم,حسن,,,\r\n' >>"$T/in.csv"
printf '=SUM(A1),Eq,@home,,,\r\n' >>"$T/in.csv"
expect 0 "import clients" -- as_ana import clients "$T/in.csv"
has "$T/err" "imported 4 women" "import count"
printf 'known_as,borough\nAnn,"Line one\nline two"\n' >"$T/newline.csv"
expect 65 "a line break in a one-line answer fails the import" -- as_ana import clients "$T/newline.csv"
has "$T/err" "newline.csv:2:5: borough: Borough where she lives can't contain control characters" "the line break located"

printf 'known_as,shoe_size\nAnn,5\n' >"$T/unknown.csv"
expect 65 "unknown columns are refused" -- as_ana import clients "$T/unknown.csv"
has "$T/err" "unknown.csv:1:10: unknown column 'shoe_size'" "unknown column located"
expect 0 "--ignore-unknown imports the rest" -- as_ana import clients "$T/unknown.csv" --ignore-unknown
has "$T/err" "ignoring unknown column 'shoe_size'" "ignored column reported"

printf 'known_as,date_of_birth\nAnn,1990-01-01\nBea,1990-13-01\n' >"$T/baddate.csv"
expect 65 "a bad date fails the import" -- as_ana import clients "$T/baddate.csv"
has "$T/err" "baddate.csv:3:5:" "bad date located"
printf 'known_as,borough\nAnn,Camden\nBea,Brent,extra\n' >"$T/ragged.csv"
expect 65 "a ragged row fails the import" -- as_ana import clients "$T/ragged.csv"
has "$T/err" "ragged.csv:3:" "ragged row located"
printf 'known_as\n"unterminated\n' >"$T/quote.csv"
expect 65 "an unterminated quote fails the import" -- as_ana import clients "$T/quote.csv"
has "$T/err" "quote.csv:2:" "bad quote located"
printf 'known_as\nA\xc3\x28b\n' >"$T/utf8.csv"
expect 65 "invalid UTF-8 fails the import" -- as_ana import clients "$T/utf8.csv"
has "$T/err" "utf8.csv:2:" "invalid UTF-8 located"
printf 'known_as,borough\nAnn,Cam\0den\n' >"$T/nul.csv"
expect 65 "a NUL byte fails the import" -- as_ana import clients "$T/nul.csv"
has "$T/err" "nul.csv:2:8:" "NUL byte located"
{ printf 'known_as,borough\nAnn,"'; head -c 10485760 /dev/zero | tr '\0' x; printf '"\n'; } >"$T/big.csv"
expect 65 "a 10 MB field fails the import" -- as_ana import clients "$T/big.csv"
has "$T/err" "big.csv:2:5:" "huge field located"
expect 66 "a missing file" -- as_ana import clients "$T/nope.csv"

# nothing half-imported: still 5 women (4 + Ann)
expect 0 "export after failures" -- as_ana export clients -o "$T/out1.csv"
[ "$(grep -c 'KW-' "$T/out1.csv")" = 5 ] && ok || bad "expected 5 women after failed imports, got $(grep -c 'KW-' "$T/out1.csv")"

# --- export ---
[ "$(stat -c %a "$T/out1.csv")" = 600 ] && ok || bad "export mode $(stat -c %a "$T/out1.csv")"
has "$T/out1.csv" "'=SUM(A1)" "formula cell neutralised"
has "$T/out1.csv" "'@home" "@ cell neutralised"
has "$T/out1.csv" "'+44 7700 900456" "+ cell neutralised"
has "$T/out1.csv" '"Jo ""JJ"""' "quotes doubled"
expect 64 "export never overwrites" -- as_ana export clients -o "$T/out1.csv"
has "$T/err" "never overwrites" "O_EXCL message"
ln -s "$T/target" "$T/link.csv"
expect 64 "export does not follow a planted link" -- as_ana export clients -o "$T/link.csv"
[ ! -e "$T/target" ] && ok || bad "export wrote through a symlink"
expect 0 "export to a pipe" -- bash -c "\"$KW\" export contacts --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\" | cat >\"$T/pipe.csv\""
has "$T/pipe.csv" "reference,happened_at,mode,outcome" "contacts header through a pipe"
if command -v script >/dev/null; then
	script -qec "\"$KW\" export clients --db \"$D\" --user ana --passphrase-fd 3 3<\"$T/p1\"" /dev/null >"$T/tty.out" 2>&1
	has "$T/tty.out" "never shown on the terminal" "export to a terminal is refused"
	hasnt "$T/tty.out" "Joanna" "no record reached the terminal"
fi
expect 0 "json export" -- as_ana export clients --format json -o "$T/out.json"
has "$T/out.json" '"known_as": "Jo \"JJ\""' "json escapes quotes"
has "$T/out.json" '"borough": "camden"' "a borough imported by its label is stored by its key"
has "$T/out.json" '"borough": "hammersmith_fulham"' "in any case"
expect 0 "notes export (empty)" -- as_ana export notes -o "$T/notes.csv"
expect 77 "a dropin may not export" -- "$KW" export clients --db "$D" --user cat --passphrase-fd 3 3<"$T/p3" -o "$T/drop.csv"
[ ! -e "$T/drop.csv" ] && ok || bad "a refused export left a file"

# --- round trip: export -> import into a new directory -> export again ---
D2=$T/data2
expect 0 "second init" -- "$KW" init --db "$D2" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "import the export" -- "$KW" import clients "$T/out1.csv" --db "$D2" --user ana --passphrase-fd 3 3<"$T/p1"
expect 0 "export again" -- "$KW" export clients -o "$T/out2.csv" --db "$D2" --user ana --passphrase-fd 3 3<"$T/p1"
cmp -s "$T/out1.csv" "$T/out2.csv" && ok || { bad "the export did not round-trip"; diff "$T/out1.csv" "$T/out2.csv" >&2; }

# --- passwd keeps the data ---
expect 0 "change own passphrase" -- "$KW" user passwd bea --db "$D" --user bea --passphrase-fd 3 3<"$T/p2" --new-passphrase-fd 4 4<"$T/p3"
expect 77 "the old passphrase no longer works" -- "$KW" check --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"
expect 0 "the new one does, with the data" -- "$KW" export clients --db "$D" --user bea --passphrase-fd 3 3<"$T/p3" -o "$T/bea.csv"
cmp -s "$T/out1.csv" "$T/bea.csv" && ok || bad "data changed after passwd"
expect 77 "a keyworker cannot reset another's passphrase" -- "$KW" user passwd ana --db "$D" --user bea --passphrase-fd 3 3<"$T/p3" --new-passphrase-fd 4 4<"$T/p2"
expect 0 "a manager can" -- as_ana user passwd cat --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "and the dropin uses it" -- "$KW" check --db "$D" --user cat --passphrase-fd 3 3<"$T/p2"

# --- check finds a key file from another directory ---
expect 0 "check ok" -- as_ana check
cp "$D/keywork.keys" "$T/keys.bak"
cp "$D2/keywork.keys" "$D/keywork.keys"
expect 65 "check sees a key file that does not belong" -- as_ana check
has "$T/out" "do not belong together" "mismatch named"
cp "$T/keys.bak" "$D/keywork.keys"

# --- permissions ---
chmod 755 "$D"
expect 77 "a readable data directory is refused" -- as_ana check
has "$T/err" "can be read by other users" "permissions message"
chmod 700 "$D"
chmod 644 "$D/keywork.db"
expect 77 "a readable database is refused" -- as_ana check
chmod 600 "$D/keywork.db"
expect 66 "a missing data directory" -- "$KW" check --db "$T/none" --user ana --passphrase-fd 3 3<"$T/p1"

# --- usage ---
expect 64 "unknown option" -- "$KW" check --bogus
expect 64 "unknown command" -- "$KW" frobnicate
expect 0 "help" -- "$KW" --help
has "$T/out" "keywork import clients" "help lists commands"

finish
