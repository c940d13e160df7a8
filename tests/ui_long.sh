#!/bin/bash
# ui_long.sh: a woman whose known-as name is a mebibyte long, planted in the
# store past every entry point's checks (as an older keywork or a hand-edited
# database could have left her). Her record and her form draw promptly, and
# SIGTERM and SIGHUP end keywork within a second, with 143 and 129, whatever
# it was showing (issue 13: such a process once spun for 14 minutes with its
# keys in memory after its terminal had gone).
. "$(dirname "$0")/lib_cli.sh"
. "$(dirname "$0")/lib_ui.sh"
PLANT=${KEYWORK_PLANT:?set KEYWORK_PLANT to tool_plant}
D="$T/data"
ui_data "$D" || { echo "could not make the data directory" >&2; exit 1; }
ref=$("$PLANT" "$D" ana known_as 1048576 <"$T/p1")
[ -n "$ref" ] && ok || bad "a woman with a 1 MiB known-as name is planted"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
under() { awk -v t="$1" -v lim="$2" 'BEGIN { exit !(t < lim) }'; }

# her_form NAME: as bea, finds the planted woman, opens her record and her form.
her_form() {
	# keywork as the child of a shell that writes down how it ended.
	ui_start "$1" 100x30 sh -c '"$@"; echo $? >"$0"' "$T/$1.status" "$KW" --db "$D" --user bea
	ui_unlock "$1" "$PASS2"
	see "$1" "Today" "bea signs in"
	ui_keys "$1" /
	ui_type "$1" "$ref"
	see "$1" "Long value" "search finds her"
	ui_keys "$1" Enter
	see "$1" "Her record" "Enter opens her record"
	local t0
	t0=$(now)
	ui_keys "$1" e
	# The form opens with her name focused, its end in view.
	if ui_wait "$1" "value Z" 5; then
		ok
		echo "info: her form drawn in $(since "$t0") s (1 MiB known-as name)"
	else
		bad "her form is drawn within 5 seconds"
		sed 's/^/  | /' "$T/screen" >&2
	fi
	see "$1" "About her" "the intake form is open"
}

# exit_status NAME: keywork's exit status in window NAME, once it has ended
# (written by the shell that started it: tmux may be slow to reap a pane).
exit_status() { cat "$T/$1.status" 2>/dev/null; }

# ends_by NAME SIGNAL STATUS: sends SIGNAL to keywork in NAME; it must be gone
# within a second, with STATUS.
ends_by() {
	local pid t0 took st i=0
	pid=$(pgrep -P "$(tm display-message -p -t "main:$1" '#{pane_pid}')")
	t0=$(now)
	kill -"$2" "$pid"
	while [ -z "$(exit_status "$1")" ] && [ $i -lt 150 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	took=$(since "$t0")
	if [ -n "$(exit_status "$1")" ] && under "$took" 1.0; then
		ok
		echo "info: SIG$2 ended keywork in $took s"
	else
		bad "SIG$2 ends keywork within a second"
		kill -KILL "$pid" 2>/dev/null
	fi
	st=$(exit_status "$1")
	[ "$st" = "$3" ] && ok || bad "SIG$2 ends keywork with status $3, not '$st'"
}

her_form w1
ends_by w1 TERM 143
her_form w2
ends_by w2 HUP 129
# The screen is cleared as keywork ends: nothing of her is left on it.
notsee w1 "Long value" "SIGTERM clears the screen"
finish
