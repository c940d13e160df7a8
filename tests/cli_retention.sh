#!/bin/bash
# cli_retention.sh: keywork retention lists and applies the rules (counts for a keyworker,
# references for a manager, refused to drop-in staff); erase refused under a legal hold with the
# reason, then done; hold, restrict and erase are managers' and audited; a broken rules file is
# located by forms check; backup --keep names backups older than the shortest period. A drop-in
# worker who deletes a hold's row with the sqlcipher shell and the general key lifts nothing: the
# sealed copy and the signed audit still hold her, and sign-in and check say so.
set -u
. "$(dirname "$0")/lib_cli.sh"
ATK=${KEYWORK_ATTACK:?set KEYWORK_ATTACK to tool_attack}
command -v sqlcipher >/dev/null || { echo "sqlcipher shell missing"; exit 1; }

P1='harbour-velvet-orchard-comet-sunrise'
P2='lantern-meadow-copper-thistle-harbour'
P3='maple-signal-quartz-ember-hollow'
printf '%s\n' "$P1" >"$T/p1"
printf '%s\n' "$P2" >"$T/p2"
printf '%s\n' "$P3" >"$T/p3"
D=$T/data
kw() { "$KW" "$@" --db "$D" --user ana --passphrase-fd 3 3<"$T/p1"; }
kwb() { "$KW" "$@" --db "$D" --user bea --passphrase-fd 3 3<"$T/p2"; }
kwc() { "$KW" "$@" --db "$D" --user cat --passphrase-fd 3 3<"$T/p3"; }

expect 0 "init" -- "$KW" init --db "$D" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1"
expect 0 "a keyworker" -- kw user add bea --role keyworker --kdf interactive --new-passphrase-fd 4 4<"$T/p2"
expect 0 "a drop-in worker" -- kw user add cat --role dropin --kdf interactive --new-passphrase-fd 4 4<"$T/p3"
OLD=$(date -d '-7 years' +%F)
saved W -- kw save intake known_as=Oldrecord
saved EP -- kw save referral --client "$W" referral_source=self programme=community referred_on=2015-01-01 opened_on=2015-01-02
saved CL -- kw save closure --under "$EP" closed_on="$OLD" her_wish=yes reason=moved_away welcome_back=yes
saved V -- kw save intake known_as=Current
saved EPV -- kw save referral --client "$V" referral_source=self programme=community referred_on=2025-01-01
kw audit -o "$T/all" 2>/dev/null
REF=$(grep "intake added $W" "$T/all" | awk '{print $5}')
VREF=$(grep "intake added $V" "$T/all" | awk '{print $5}')
[ -n "$REF" ] && [ -n "$VREF" ] && ok || bad "references not in the audit"

expect 0 "a manager's review" -- kw retention
has "$T/out" "1 of 2 women due" "one is due"
has "$T/out" "$REF" "the manager sees her reference"
has "$T/out" "1 with an episode open or waiting" "the other is kept, and why"
expect 0 "a keyworker's review" -- kwb retention
has "$T/out" "1 of 2 women due" "the keyworker sees the count"
hasnt "$T/out" "$REF" "and not the reference"
expect 77 "drop-in staff can't review" -- kwc retention
expect 77 "a keyworker can't apply" -- kwb retention apply --yes
expect 64 "apply in a script needs --yes" -- kw retention apply </dev/null

# A legal hold: out of retention, and erasure refused with the reason.
expect 77 "a keyworker can't set a hold" -- kwb hold --client "$REF"
expect 0 "a legal hold" -- kw hold --client "$REF"
expect 0 "under a hold nobody is due" -- kw retention
has "$T/out" "0 of 2 women due" "the hold stops her clock"
has "$T/out" "1 under a legal hold" "and says so"
expect 65 "erasure refused under a hold" -- kw erase --client "$REF" --yes
has "$T/err" "legal hold" "with the reason"
expect 0 "she is still there" -- kw sar --client "$REF" -o "$T/sar1"
expect 0 "a clean check under the hold" -- kw check
# cat, a drop-in worker, deletes the hold's row with the general key and the sqlcipher shell.
sql() {
	local key
	key=$("$ATK" "$D" cat general-key <"$T/p3")
	printf "PRAGMA key = \"x'%s'\";\n%s\n" "$key" "$1" | sqlcipher "$D/keywork.db" >/dev/null
}
sql "DELETE FROM client_holds;"
expect 0 "the hold still stands" -- kw retention
has "$T/out" "0 of 2 women due" "her clock is still stopped"
has "$T/err" "WARNING: $REF: the legal hold in keywork.db (none) differs from its sealed copy in sensitive.db (set)" "the sign-in says what changed"
expect 65 "erasure still refused" -- kw erase --client "$REF" --yes
has "$T/err" "legal hold" "with the reason"
expect 77 "drop-in staff are warned at sign-in (then refused the export)" -- kwc export clients -o "$T/cat.csv"
has "$T/err" "WARNING: $REF: the legal hold in keywork.db (none) differs from the signed audit (set)" "from the audit they can read"
expect 65 "check finds it" -- kw check
has "$T/out" "differs from its sealed copy in sensitive.db (set)" "check names the sealed copy"
has "$T/out" "differs from the signed audit (set)" "and the audit"
expect 0 "a manager sets it again" -- kw hold --client "$REF"
expect 0 "check is clean again" -- kw check
expect 0 "the hold lifted" -- kw hold --client "$REF" --lift
expect 0 "lifted: nothing changes the second time" -- kw hold --client "$REF" --lift
has "$T/err" "nothing changed" "and says so"
# A restriction: read only, for every role and way in.
expect 0 "restricted" -- kw restrict --client "$VREF"
expect 65 "a manager's task refused" -- kw save task --client "$V" title="Ring the council"
has "$T/err" "restricted" "with the reason"
expect 65 "a keyworker's note refused" -- kwb save note --client "$V" body="Rang her"
expect 65 "a drop-in contact refused" -- kwc save contact --client "$V" happened_at=2026-01-01T10:00:00Z mode=centre outcome=made
sql "DELETE FROM client_holds;"
expect 65 "the restriction still stands for drop-in staff" -- kwc save contact --client "$V" happened_at=2026-01-01T10:00:00Z mode=centre outcome=made
has "$T/err" "WARNING: $VREF: the restriction of processing in keywork.db (none) differs from the signed audit (set)" "with a warning"
expect 65 "and for a keyworker" -- kwb save note --client "$V" body="Rang her"
# On a copy: a forged lift appended to the audit (a manager's row copied) lifts nothing either,
# while the sealed copy stands; check names the broken chain.
cp -a "$D" "$T/forged"
key=$("$ATK" "$D" cat general-key <"$T/p3")
printf "PRAGMA key = \"x'%s'\";\n%s\n" "$key" "INSERT INTO audit(seq, id, at, actor_id, action, client_id, detail, device_id, sign_pk, prev_hash, hash, sig) SELECT (SELECT max(seq) FROM audit) + 1, lower(hex(randomblob(16))), at, actor_id, 'restrict-lift', client_id, 'restriction lifted', device_id, sign_pk, prev_hash, hash, sig FROM audit WHERE action = 'restrict' ORDER BY seq DESC LIMIT 1;" |
	sqlcipher "$T/forged/keywork.db" >/dev/null && ok || bad "the forged row was not written"
expect 65 "a forged lift lifts nothing" -- "$KW" save note --client "$V" body="Rang her" --db "$T/forged" --user bea --passphrase-fd 3 3<"$T/p2"
has "$T/err" "restricted" "with the reason"
expect 65 "check on the copy finds the forgery" -- "$KW" check --db "$T/forged" --user ana --passphrase-fd 3 3<"$T/p1"
expect 0 "a manager restricts again" -- kw restrict --client "$VREF"
expect 0 "lifted" -- kw restrict --client "$VREF" --lift
saved TASK -- kw save task --client "$V" title="Ring the council"

# Erasure at her request.
expect 77 "a keyworker can't erase" -- kwb erase --client "$VREF" --yes
expect 64 "erase in a script needs --yes" -- kw erase --client "$VREF" </dev/null
expect 0 "erased" -- kw erase --client "$VREF" --yes
expect 65 "she is gone" -- kw sar --client "$VREF" -o "$T/sar2"
expect 0 "apply" -- kw retention apply --yes
has "$T/out" "$REF deleted under six_years" "the one due is deleted"
expect 0 "check is clean" -- kw check
kw audit -o "$T/aud" 2>/dev/null
for a in "hold " "hold-lift" "restrict " "restrict-lift" "erase " "retention-delete" "retention-review"; do
	grep -q "  $a" "$T/aud" && ok || bad "no $a row in the audit"
done
grep -q "$VREF deleted under erasure" "$T/aud" && ok || bad "her tombstone is not in the audit"
grep -q "$REF deleted under six_years" "$T/aud" && ok || bad "the tombstone names the rule"
hasnt "$T/aud" "Oldrecord" "the audit holds no name"

# backup --keep: a backup made long ago is named, a new one is not.
mkdir -m 700 "$T/keep"
expect 0 "a backup" -- kw backup -o "$T/keep/new.kwb" --keep "$T/keep"
hasnt "$T/err" "longer ago than" "today's backup is not old"
sed "2s/^created .*/created 2018-01-01T00:00:00Z/" "$T/keep/new.kwb" >"$T/keep/old.kwb"
expect 0 "another backup" -- kw backup -o "$T/keep/new2.kwb" --keep "$T/keep"
has "$T/err" "old.kwb was made on 2018-01-01" "the old backup is named"
hasnt "$T/err" "new.kwb was made" "the new one is not"

# A broken rules file is located by forms check.
mkdir "$T/forms"
cat >"$T/forms/retention.yaml" <<'YAML'
retention: centre
rules:
  - key: six
    label: Six years
    after: last_episode_close
    years: 6
child_protection: [child_protectio]
YAML
expect 65 "forms check finds the problems" -- "$KW" forms check "$T/forms"
has "$T/out" "retention.yaml:5:12: 'after' can't be 'last_episode_close' (did you mean 'last_episode_closed'?)" "the event, located"
has "$T/out" "retention.yaml:7:19: 'child_protection' names 'child_protectio'" "the status, located"
finish
