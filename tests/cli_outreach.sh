#!/bin/bash
# cli_outreach.sh: outreach laptops with the real binary and real files. At the centre a laptop is
# registered for kim with her caseload and gets a first bundle (new, 0600, no record in the
# clear); on the laptop the bundle makes a data directory of its own that kim opens with her own
# passphrase, holding only her women, under keys of its own; refusals (wrong passphrase, a changed
# byte, another user's bundle, a keyworker taking another's women, a woman restricted to named
# staff, a name taken, an existing output) change nothing; a drop-in worker's laptop has no
# sensitive compartment; revoke lists the women and since when. Minimisation: a marker in another
# woman's note is in no bundle and no laptop file, and the laptop's exports list only its women.
set -u
. "$(dirname "$0")/lib_cli.sh"
P1='tidal-quarry-lantern-mosaic-fern'
P2='copper-heron-orchard-violet-dune'
P3='plover-saddle-granite-mellow-wick'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/p3"
D=$T/centre
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
kim() { "$KW" "$@" --db "$D" --user kim --passphrase-fd 3 3<"$T/p2"; }
hashes() { (cd "$1" && sha256sum keywork.db sensitive.db keywork.keys); }
expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "add kim" -- kw user add kim --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "add dot" -- kw user add dot --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
saved MONA -- kim save intake known_as=Mona phone="07700 900123"
saved NELL -- kim save intake known_as=Nell
saved OLGA -- kw save intake known_as=Olga
ref() { kw export clients -o "$T/ref-$1.csv" >/dev/null 2>&1; grep ",$1," "$T/ref-$1.csv" | cut -d, -f1; }
MREF=$(ref Mona)
OREF=$(ref Olga)
saved C1 -- kim save contact --client "$MREF" happened_at=2026-02-01T10:00:00Z mode=centre outcome=made
saved N1 -- kim save note --client "$MREF" body="Mona-note-on-laptop"
saved N2 -- kw save note --client "$OREF" body="Olga-marker-must-not-travel"
saved T1 -- kim save task --client "$MREF" title=Voucher

# --- at the centre: add, and what is refused ---
expect 64 "usage: --for is needed" -- kw outreach add kim-laptop -o "$T/x.kwx"
expect 64 "a bad laptop name" -- kw outreach add "Kim Laptop" --for kim -o "$T/x.kwx"
expect 77 "kim cannot take Olga (not hers)" -- kim outreach add kim2 --for kim --women "$OREF" -o "$T/x.kwx"
has "$T/err" "is not on your caseload" "said why"
[ ! -e "$T/x.kwx" ] && ok || bad "a refused add leaves no file"
expect 77 "dot adds no laptop" -- "$KW" outreach add dot-laptop --for dot --women "$MREF" -o "$T/x.kwx" --db "$D" --user dot --passphrase-fd 3 3<"$T/p3"
expect 64 "dot has no caseload" -- kw outreach add dot-laptop --for dot -o "$T/x.kwx"
has "$T/err" "no women on her caseload" "said so"
before=$(hashes "$D")
expect 0 "kim's laptop, her caseload" -- kw outreach add kim-laptop --for kim -o "$T/first.kwx"
has "$T/err" "2 women, 1 contact, 1 case note, 1 task" "said what went"
[ "$(stat -c %a "$T/first.kwx")" = 600 ] && ok || bad "the bundle is 0600"
[ "$(find "$T" -maxdepth 1 -name 'first.kwx.tmp-*' | wc -l)" = 0 ] && ok || bad "no temporary file left"
for m in Mona Nell Mona-note-on-laptop Olga Voucher "900123"; do
	grep -qaF "$m" "$T/first.kwx" && bad "the bundle holds '$m' in the clear" || ok
done
expect 64 "a name taken" -- kw outreach add kim-laptop --for kim -o "$T/again.kwx"
[ ! -e "$T/again.kwx" ] && ok || bad "no file for a refused add"
touch "$T/exists.kwx"
expect 64 "an existing file is not overwritten" -- kw outreach add kim-other --for kim -o "$T/exists.kwx"
[ ! -s "$T/exists.kwx" ] && ok || bad "the existing file is untouched"
expect 0 "list" -- kw outreach list
has "$T/out" "kim-laptop	kim	2 women" "the laptop, its user and its women"
expect 0 "kim lists her own" -- kim outreach list
has "$T/out" "kim-laptop" "kim sees her laptop"
expect 0 "audit" -- kw audit --client "$MREF"
has "$T/out" "outreach-add" "her audit says her records went on a laptop"
has "$T/out" "kim-laptop" "and which"

# A record restricted to named staff does not go on a laptop.
saved RITA -- kw save intake known_as=Rita
RREF=$(ref Rita)
expect 0 "Rita restricted to ana" -- kw access --client "$RREF" --only ana
expect 65 "Rita's record stays at the centre" -- kw outreach add ana-laptop --for ana --women "$RREF,$OREF" -o "$T/x.kwx"
has "$T/err" "restricted to named staff" "said why"
[ ! -e "$T/x.kwx" ] && ok || bad "no file"

# --- on the laptop ---
L=$T/laptop
lap() { "$KW" "$@" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"; }
expect 77 "a wrong passphrase" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p1"
[ ! -e "$L/keywork.keys" ] && ok || bad "a refused start leaves no data directory"
expect 77 "ana's passphrase does not open kim's bundle" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user ana --passphrase-fd 3 3<"$T/p1"
cp "$T/first.kwx" "$T/tampered.kwx"
size=$(stat -c %s "$T/tampered.kwx")
printf 'X' | dd of="$T/tampered.kwx" bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
expect 65 "a changed byte" -- "$KW" outreach start "$T/tampered.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
has "$T/err" "changed after it was signed" "said so"
sed '5s/kim-laptop/kim-laptoq/' "$T/first.kwx" >"$T/renamed.kwx"
expect 65 "a changed header" -- "$KW" outreach start "$T/renamed.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
head -c 300 "$T/first.kwx" >"$T/cut.kwx"
expect 65 "a cut bundle" -- "$KW" outreach start "$T/cut.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
printf 'hello\n' >"$T/junk.kwx"
expect 65 "not a bundle" -- "$KW" outreach start "$T/junk.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
has "$T/err" "junk.kwx:1:1: not a keywork bundle" "located"
[ ! -e "$L/keywork.keys" ] && ok || bad "nothing made by the refusals"

expect 0 "start" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
has "$T/err" "outreach laptop 'kim-laptop' for 'kim' (both compartments)" "said what it made"
[ "$(ls "$L" | grep -c outreach-in)" = 0 ] && ok || bad "no temporary file left in the laptop's directory"
[ "$(stat -c %a "$L")" = 700 ] && ok || bad "the laptop's directory is 0700"
expect 64 "a second start over it" -- "$KW" outreach start "$T/first.kwx" --db "$L" --user kim --passphrase-fd 3 3<"$T/p2"
expect 0 "check on the laptop" -- lap check
expect 0 "export on the laptop" -- lap export clients -o "$T/lap-clients.csv"
has "$T/lap-clients.csv" "Mona" "her woman"
has "$T/lap-clients.csv" "Nell" "her other woman"
hasnt "$T/lap-clients.csv" "Olga" "no other woman"
hasnt "$T/lap-clients.csv" "Rita" "no restricted woman"
[ "$(grep -c '^KW-' "$T/lap-clients.csv")" = 2 ] && ok || bad "exactly her two women"
expect 0 "contacts on the laptop" -- lap export contacts -o "$T/lap-contacts.csv"
has "$T/lap-contacts.csv" "$MREF" "her contact came"
expect 0 "kim works on the laptop: a contact" -- lap save contact --client "$MREF" happened_at=2026-02-03T10:00:00Z mode=phone outcome=attempted
expect 0 "and a note" -- lap save note --client "$MREF" body="Written on the laptop"
expect 0 "and a new woman" -- lap save intake known_as=Pia
expect 0 "check again" -- lap check
# The laptop's key file opens nothing at the centre, and its keys are its own.
cmp -s "$L/keywork.keys" "$D/keywork.keys" && bad "the same key file" || ok
lid=$(sed -n 's/^key-id //p' "$L/keywork.keys")
cid=$(sed -n 's/^key-id //p' "$D/keywork.keys")
[ -n "$lid" ] && [ "$lid" != "$cid" ] && ok || bad "the laptop has a key id of its own"
grep -q "^recovery-pk $(sed -n 's/^recovery-pk //p' "$D/keywork.keys")$" "$L/keywork.keys" && ok ||
	bad "the laptop's keys are sealed to the centre's recovery key"
[ "$(grep -c '^slot ' "$L/keywork.keys")" = 1 ] && ok || bad "one slot on the laptop: hers"
X=$T/mixed
mkdir -m 700 "$X"
cp "$D/keywork.db" "$D/sensitive.db" "$X/"
cp "$L/keywork.keys" "$X/"
expect 65 "the laptop's key file does not open the centre's compartments" -- "$KW" check --db "$X" --user kim --passphrase-fd 3 3<"$T/p2"
after=$(hashes "$D")
# (the centre changed only by its own writes above: the add and the later commands)
[ "$before" != "$after" ] && ok || bad "the add was recorded at the centre"

# --- minimisation, with a manager's laptop (she may export notes) ---
saved OLGA2 -- kw save note --client "$MREF" body="Mona-manager-note"
expect 0 "ana's laptop with Mona only" -- kw outreach add ana-laptop --for ana --women "$MREF" -o "$T/ana.kwx"
grep -qaF "Olga-marker-must-not-travel" "$T/ana.kwx" && bad "the marker is in the bundle" || ok
A=$T/ana-laptop
ana_l() { "$KW" "$@" --db "$A" --user ana --passphrase-fd 3 3<"$T/p1"; }
expect 0 "start ana's laptop" -- "$KW" outreach start "$T/ana.kwx" --db "$A" --user ana --passphrase-fd 3 3<"$T/p1"
expect 0 "notes on ana's laptop" -- ana_l export notes -o "$T/ana-notes.csv"
has "$T/ana-notes.csv" "Mona-manager-note" "Mona's notes came"
hasnt "$T/ana-notes.csv" "Olga-marker-must-not-travel" "Olga's note did not"
expect 0 "women on ana's laptop" -- ana_l export clients -o "$T/ana-clients.csv"
[ "$(grep -c '^KW-' "$T/ana-clients.csv")" = 1 ] && ok || bad "one woman on ana's laptop"
for f in "$A"/* "$L"/* "$T/first.kwx" "$T/ana.kwx"; do
	grep -qaF "Olga-marker" "$f" && bad "the marker is in $f" || ok
done

# --- a drop-in worker's laptop: the general compartment only ---
expect 0 "dot's laptop with Mona" -- kw outreach add dot-laptop --for dot --women "$MREF" -o "$T/dot.kwx"
has "$T/err" "the general compartment only" "said so"
expect 0 "start dot's laptop" -- "$KW" outreach start "$T/dot.kwx" --db "$T/dot" --user dot --passphrase-fd 3 3<"$T/p3"
has "$T/err" "(the general compartment only)" "said so on the laptop"
expect 0 "dot checks her laptop" -- "$KW" check --db "$T/dot" --user dot --passphrase-fd 3 3<"$T/p3"
grep -q "^slot .* sensitive=- " "$T/dot/keywork.keys" && ok || bad "dot's slot holds no sensitive key"

# --- revoke ---
expect 77 "kim cannot revoke ana's laptop" -- kim outreach revoke ana-laptop
expect 0 "revoke kim's laptop" -- kw outreach revoke kim-laptop
has "$T/out" "$MREF	Mona	on it since $(date -u +%F)" "the women and since when"
has "$T/out" "Nell" "both"
has "$T/err" "is revoked" "said so"
expect 0 "revoke again" -- kw outreach revoke kim-laptop
has "$T/err" "revoked already" "not twice"
has "$T/out" "Mona" "but listed again"
expect 0 "list" -- kw outreach list
has "$T/out" "REVOKED" "the list shows it"
expect 0 "audit" -- kw audit
[ "$(grep -c 'outreach-revoke' "$T/out")" = 1 ] && ok || bad "one revocation in the audit"
# Disabling a user revokes her laptops with her.
expect 0 "disable dot" -- kw user disable dot
expect 0 "list" -- kw outreach list
grep -q "^dot-laptop.*REVOKED" "$T/out" && ok || bad "dot's laptop is revoked with her"
grep -q "^ana-laptop.*REVOKED" "$T/out" && bad "ana's laptop is not" || ok
expect 0 "audit" -- kw audit
has "$T/out" "laptop dot-laptop of dot revoked as she was disabled" "audited"
expect 0 "check at the centre" -- kw check
finish
