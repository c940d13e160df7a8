#!/bin/sh
# Composes docs/benchmarks.md from the sizes scripts/bench.sh has measured
# (docs/bench/women-N.md, .tsv, .bulk and .made): the screens' figures and the
# bulk work side by side, smallest size first, the notes written by hand on
# what they show (docs/bench/notes.md), then each size's own section whole.
# Run by scripts/bench.sh; run it alone to compose again without measuring.
set -eu
cd "$(dirname "$0")/.."
sizes=$(ls docs/bench/women-*.tsv 2>/dev/null | sed 's/.*women-\([0-9]*\)\.tsv/\1/' | sort -n)
if [ -z "$sizes" ]; then
	echo "bench-compose.sh: nothing measured yet (run scripts/bench.sh)" >&2
	exit 66
fi
set -- $sizes
first=$1
for n in $sizes; do last=$n; done
files=""
for n in $sizes; do files="$files docs/bench/women-$n.tsv"; done
bulks=""
for n in $sizes; do bulks="$bulks docs/bench/women-$n.bulk"; done
{
	echo "# Benchmarks"
	echo
	echo "Composed by \`scripts/bench.sh\` (scripts/bench-compose.sh) from the sizes measured, each"
	echo "by its own run, in [bench/](bench/); do not edit by hand: run it again. The figures"
	echo "were taken on a machine shared with other work: each size's section below gives the"
	echo "load average while it was measured, and a p95 on a busy machine is mostly how long"
	echo "the work waited for a core."
	echo
	echo "## The screens at each size"
	echo
	echo "Each interaction's time in ms (p50 and p95 of the runs), at each size measured; *growth*"
	echo "is the p95 at $last women over the p95 at $first; *<= 16 ms* says whether the p95 at"
	echo "$last women is within one frame (16 ms), the target at any size."
	echo
	# One row per operation, in the order of the first size's table.
	awk -F'\t' -v sizes="$sizes" -v last="$last" '
	BEGIN { ns = split(sizes, size, " ") }
	FNR == 1 { f++ }
	{
		if (!($1 in seen)) { seen[$1] = 1; order[++nops] = $1 }
		p50[$1, f] = $2; p95[$1, f] = $3
	}
	END {
		printf "| operation |"
		for (i = 1; i <= ns; i++) printf " %s p50 | %s p95 |", size[i], size[i]
		printf " growth (p95) | <= 16 ms at %s |\n|---|", last
		for (i = 1; i <= ns; i++) printf "--:|--:|"
		printf "--:|---|\n"
		for (k = 1; k <= nops; k++) {
			op = order[k]
			printf "| %s |", op
			for (i = 1; i <= ns; i++) printf " %s | %s |", p50[op, i], p95[op, i]
			a = p95[op, 1]; b = p95[op, ns]
			if (a != "" && b != "" && a + 0 > 0) printf " %.1fx |", b / a; else printf " |"
			if (op ~ /memory/ || op ~ /unlock/ || b == "") printf " (not a frame) |\n"
			else printf " %s |\n", (b + 0 <= 16 ? "yes" : "**no**")
		}
	}' $files
	echo
	echo "Unlocking is a sign-in, not an interaction (its own target is 50 ms after the key; the"
	echo "Argon2id step is slow by design); peak memory is"
	echo "in MB, its target 64 MB. Each size's section has the whole table (bare SQL and a"
	echo "plaintext copy beside keywork) and where the time goes."
	echo
	echo "## Bulk work at each size"
	echo
	echo "Rows per second, rows being the women, contacts and case notes of the data;"
	echo "*per row* is the time per row at $last women over the time per row at $first"
	echo "(1.00 is a straight line; the target is within 1.20). *generation* is \`keywork demo\`"
	echo "making the data; *check* is \`keywork check\`; *check, plaintext SQLite* is the integrity"
	echo "part of that check (SQLite's \`PRAGMA quick_check\`, then each index compared with its"
	echo "table, src/db/indexcheck.c) of both compartments on an unencrypted copy of the same data,"
	echo "with the page cache \`keywork check\` gives it (the same work with no decryption);"
	echo "*integrity_check, plaintext SQLite* is SQLite's own \`PRAGMA integrity_check\` of the"
	echo "same copy, which \`keywork check\` ran before; *backup* is \`keywork backup\` to a file beside the data; *restore* is"
	echo "\`keywork restore\` of that file into a new directory (unpacking, then checking it whole);"
	echo "*plain copy* is \`cp -r\` of the data directory with each file synced, the least any backup"
	echo "or restore must do. Each step begins after a \`sync\` and ends with what it wrote on the"
	echo "disk (backup and restore sync their files), so none is timed on the one before's writes"
	echo "and each pays for its own at every size. Importing is measured apart, in"
	echo "[import.md](import.md) (a million contacts)."
	echo
	awk -v sizes="$sizes" -v last="$last" '
	BEGIN { ns = split(sizes, size, " ") }
	FNR == 1 { f++ }
	{
		if (!($1 in seen)) { seen[$1] = 1; order[++nw] = $1 }
		t[$1, f] = $2; n[$1, f] = $3
	}
	END {
		printf "| work |"
		for (i = 1; i <= ns; i++) printf " %s rows | %s s | %s rows/s |", size[i], size[i], size[i]
		printf " per row, %s over %s |\n|---|", last, size[1]
		for (i = 1; i <= ns; i++) printf "--:|--:|--:|"
		printf "--:|\n"
		for (k = 1; k <= nw; k++) {
			w = order[k]
			printf "| %s |", (w == "copy" ? "plain copy" : w == "plaincheck" ? "check, plaintext SQLite" : w == "plainic" ? "integrity_check, plaintext SQLite" : w)
			for (i = 1; i <= ns; i++)
				if (t[w, i] != "") printf " %d | %.1f | %.0f |", n[w, i], t[w, i], n[w, i] / t[w, i]
				else printf " | | |"
			a = t[w, 1] / n[w, 1]; b = t[w, ns] / n[w, ns]
			if (ns > 1 && a > 0) printf " %.2f |\n", b / a; else printf " |\n"
		}
	}' $bulks
	echo
	# How the data was made, where it was timed with GNU time (scripts/bench.sh does).
	mades=""
	for n in $sizes; do
		[ -f "docs/bench/women-$n.made" ] && mades="$mades docs/bench/women-$n.made"
	done
	if [ -n "$mades" ]; then
		echo "Making the data in detail: *CPU s* is the generator's user and system time (on a"
		echo "shared machine the wall time also holds the time it waited for a core); *written* is"
		echo "what it wrote to the disk (file system outputs), against the data it left."
		echo
		echo "| women | wall s | CPU s | rows per CPU second | written | data | written / data | peak memory |"
		echo "|--:|--:|--:|--:|--:|--:|--:|--:|"
		for f in $mades; do
			n=$(echo "$f" | sed 's/.*women-\([0-9]*\)\.made/\1/')
			read -r wall day cpu written rss <"$f"
			[ -n "${rss:-}" ] || continue
			# shellcheck disable=SC2046
			set -- $(grep '^generation ' "docs/bench/women-$n.bulk")
			rows=$3 bytes=$4
			awk -v n="$n" -v w="$wall" -v c="$cpu" -v r="$rows" -v wr="$written" -v b="$bytes" -v m="$rss" 'BEGIN {
				printf "| %s | %d | %.0f | %.0f | %.1f GiB | %.2f GiB | %.1f | %.0f MiB |\n", n, w, c, r / c,
					wr / 1073741824, b / 1073741824, wr / b, m / 1024 }'
		done
	fi
	# What the figures show, written by hand for the run that made them (docs/bench/notes.md).
	if [ -f docs/bench/notes.md ]; then
		echo
		cat docs/bench/notes.md
	fi
	echo
	echo "## How to read each size's section"
	echo
	echo "*UI* is the keywork function a screen calls plus building and"
	echo "drawing its list with the screens' own code into an off-screen curses terminal"
	echo "(40x120); *bare SQL* is the plainest query for the same rows, prepared once and run"
	echo "in the same process, after the UI pass, over the same queries and keyworker; a"
	echo "record is opened for women neither pass has looked at before (each is a first look"
	echo "at her record, with her pages read and decrypted afresh). *Plaintext* is the same"
	echo "UI work on an unencrypted copy made with \`sqlcipher_export\` (deleted afterwards)."
	echo "Ratios are of p95s. Unlock uses the demo's Argon2id parameters (interactive: 64 MiB);"
	echo "a real data directory's default (moderate, 256 MiB) takes longer, by design."
	echo "The CSV reader's figures are for the files tests/test_csvio.c reads (tests/bench_csv.c)."
	echo "See tests/bench_ui.c for exactly what each figure times. Several staff writing at"
	echo "once are measured apart, in [load.md](load.md) (scripts/load.sh)."
	echo "A retention run over the 20,000 women (1,190 due) is measured in"
	echo "[retention.md](retention.md) (scripts/retention-bench.sh)."
	echo "An outreach laptop's exchanges with the 20,000-woman centre (a first bundle of 50"
	echo "women, a week's work each way) are measured in [outreach.md](outreach.md)"
	echo "(scripts/outreach-bench.sh)."
	echo
	echo "The reports are a year's (the period \`keywork report\` defaults to), signed in once as the"
	echo "demo manager. *keywork* is kw_report_run (every table counted by the query builder,"
	echo "its rows put in order, the run written to the audit trail) and writing the result as"
	echo "CSV with small figures withheld; *bare SQL* is the plainest SQL for the same figures"
	echo "(the same women, then one GROUP BY per table with plain joins to the answers and"
	echo "their states; for distance travelled, first and last score by window functions),"
	echo "prepared once. The bare SQL's counts are checked against the report's before any"
	echo "figure is printed. Median and slowest of the runs, after one unmeasured run. See"
	echo "tests/bench_report.c. keywork runs a report as one statement that reads each kind"
	echo "of record, and each answer of a custom field, once for all its tables; the bare SQL"
	echo "makes a pass per table, so keywork can be the quicker."
	echo
	echo "The team's figures are signed in as the demo manager, through the screens' own code"
	echo "(src/ui/team.c, src/ui/screen_today.c) driven by their key handlers, into the same"
	echo "off-screen terminal: *team screen* is T on her Today until the team screen is drawn;"
	echo "*whole-team Today* is Enter on \"The whole team\" until that Today is drawn. Each run"
	echo "makes the screens afresh. *From the source rows* is plain SQL (window functions, GROUP"
	echo "BY) working the same per-keyworker counts out from episodes, closures, contacts,"
	echo "planned next contacts, pauses and tasks, as keywork did before it kept each woman's"
	echo "contact state; its counts are checked equal to the team screen's before any figure is"
	echo "printed. *From contact_state* is the plainest SQL reading the same inputs once from"
	echo "the contact state keywork keeps (general 0017): the floor for any reader of it. See"
	echo "tests/bench_team.c."
	for n in $sizes; do
		echo
		cat "docs/bench/women-$n.md"
	done
} >docs/benchmarks.md.new
mv docs/benchmarks.md.new docs/benchmarks.md
