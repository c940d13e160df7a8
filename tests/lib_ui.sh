# lib_ui.sh: driving the real keywork binary inside tmux, for the screen tests
# (sourced after lib_cli.sh). Each test runs under the terminal type in
# $KW_TERM (xterm-256color, tmux-256color or linux), on a private tmux server.
KW_TERM=${KW_TERM:-xterm-256color}
SOCK="kwtest-$$-$RANDOM"
PASS1="tidal-quarry-lantern-mosaic-fern"
PASS2="copper-heron-orchard-violet-dune"
PASS3="maple-signal-quartz-ember-hollow"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

# ui_data DIR: a data directory with manager ana, keyworker bea and drop-in worker cat.
ui_data() {
	printf '%s\n' "$PASS1" >"$T/p1"
	printf '%s\n' "$PASS2" >"$T/p2"
	printf '%s\n' "$PASS3" >"$T/p3"
	"$KW" init --db "$1" --user ana --kdf interactive --passphrase-fd 3 3<"$T/p1" >/dev/null 2>&1 &&
		"$KW" user add bea --role keyworker --db "$1" --user ana --kdf interactive \
			--passphrase-fd 3 --new-passphrase-fd 4 3<"$T/p1" 4<"$T/p2" >/dev/null 2>&1 &&
		"$KW" user add cat --role dropin --db "$1" --user ana --kdf interactive \
			--passphrase-fd 3 --new-passphrase-fd 4 3<"$T/p1" 4<"$T/p3" >/dev/null 2>&1
}

# ui_start NAME COLSxLINES COMMAND...: runs COMMAND in a new tmux window NAME.
ui_start() {
	local name=$1 size=$2
	shift 2
	local cmd
	cmd=$(printf '%q ' "$@")
	if ! tm has-session 2>/dev/null; then
		tm new-session -d -s main -x "${size%x*}" -y "${size#*x}" "sleep 100000"
		tm set -g escape-time 10
		tm set -g remain-on-exit on
	fi
	# keywork starts once the window has its size (at most 5 s), so it never starts drawing at
	# another size and is resized under the test.
	tm new-window -d -n "$name" "i=0; while [ \"\$(stty size 2>/dev/null)\" != '${size#*x} ${size%x*}' ] && [ \$i -lt 100 ]; do i=\$((i + 1)); sleep 0.05; done; exec env TERM=$KW_TERM LANG=C.UTF-8 LC_ALL=C.UTF-8 KEYWORK_IDLE_LOCK=${KW_IDLE:-0} KEYWORK_TEST_KEYCOUNT=1 $cmd"
	tm resize-window -t "main:$name" -x "${size%x*}" -y "${size#*x}" 2>/dev/null
}
# ui_taken NAME: how many keys the program in NAME has taken and drawn after
# (keywork puts it in the terminal's title, "kw N", under KEYWORK_TEST_KEYCOUNT).
ui_taken() {
	local t
	t=$(tm display-message -p -t "main:$1" '#{pane_title}')
	case $t in "kw "*) echo "${t#kw }" ;; *) echo 0 ;; esac
}
# ui_send NAME COUNT SEND-KEYS-ARGS...: sends keys that are COUNT keys to
# keywork, then waits until it has taken them all and drawn the result (or
# has exited). Never a fixed time: a slow machine only waits longer.
ui_send() {
	local name=$1 count=$2 want i=0
	shift 2
	want=$(($(ui_taken "$name") + count))
	tm send-keys -t "main:$name" "$@"
	while [ "$(ui_taken "$name")" -lt "$want" ]; do
		ui_dead "$name" && return 0
		i=$((i + 1))
		if [ $i -ge 1000 ]; then
			echo "  (keys not taken within 10 s in $name: $*)" >&2
			return 0
		fi
		sleep 0.01
	done
}
# ui_chars TEXT: how many characters TEXT is in UTF-8, whatever the locale.
ui_chars() { printf '%s' "$1" | LC_ALL=C tr -d '\200-\277' | wc -c; }
# ui_keys NAME KEY...: tmux key names (Enter, Tab, BTab, Escape, C-s, Up ...);
# an argument that is not a key name is typed as its characters. Each is sent
# once the one before has been taken, so Esc and the next key stay two keys.
ui_keys() {
	local name=$1 k
	shift
	for k in "$@"; do
		case $k in
		? | [CM]-? | Enter | Tab | BTab | Escape | Up | Down | Left | Right | Home | End | \
			PPage | NPage | PageUp | PageDown | DC | IC | BSpace | Space | F[0-9] | F1[0-2])
			ui_send "$name" 1 "$k" ;;
		*) ui_send "$name" "$(ui_chars "$k")" "$k" ;;
		esac
	done
}
# ui_type NAME TEXT: types TEXT literally.
ui_type() {
	ui_send "$1" "$(ui_chars "$2")" -l "$2"
}
# ui_paste NAME TEXT: pastes TEXT as a terminal does with bracketed paste (one key).
ui_paste() {
	local want=$(($(ui_taken "$1") + 1)) i=0
	printf '%s' "$2" | tm load-buffer -b kwpaste -
	tm paste-buffer -p -b kwpaste -t "main:$1"
	while [ "$(ui_taken "$1")" -lt "$want" ] && [ $i -lt 1000 ]; do
		ui_dead "$1" && return 0
		sleep 0.01
		i=$((i + 1))
	done
}
# ui_screen NAME: the screen's text, into $T/screen.
ui_screen() {
	tm capture-pane -p -t "main:$1" >"$T/screen"
}
# ui_wait NAME TEXT [SECONDS]: waits until TEXT is on the screen; false on timeout.
ui_wait() { ui_wait_grep -F "$@"; }
# ui_wait_re NAME REGEX [SECONDS]: the same for an extended regular expression.
ui_wait_re() { ui_wait_grep -E "$@"; }
ui_wait_grep() {
	local how=$1 i=0 limit=$(((${4:-10}) * 10))
	while [ $i -lt $limit ]; do
		ui_screen "$2"
		grep -q "$how" -- "$3" "$T/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# see NAME TEXT DESCRIPTION: passes if TEXT shows within a few seconds.
see() {
	if ui_wait "$1" "$2" 10; then ok; else
		bad "$3: '$2' not on screen"
		sed 's/^/  | /' "$T/screen" >&2
	fi
}
# notsee NAME TEXT DESCRIPTION: passes if TEXT is not on the screen now.
notsee() {
	ui_screen "$1"
	if grep -qF -- "$2" "$T/screen"; then
		bad "$3: '$2' on screen"
		sed 's/^/  | /' "$T/screen" >&2
	else ok; fi
}
# ui_dead NAME: true once the program in NAME has exited.
ui_dead() {
	[ "$(tm display-message -p -t "main:$1" '#{pane_dead}')" = 1 ]
}
# ui_gone NAME [SECONDS]: waits until the program in NAME has exited; false on timeout.
ui_gone() {
	local i=0 limit=$(((${2:-10}) * 100))
	while ! ui_dead "$1"; do
		[ $i -ge $limit ] && return 1
		sleep 0.01
		i=$((i + 1))
	done
}
# ui_next_second: waits until the clock has passed into a new second, for
# records stamped to the second.
ui_next_second() {
	local s
	s=$(date +%s)
	while [ "$(date +%s)" = "$s" ]; do sleep 0.05; done
}
# ui_unlock NAME PASS: signs in on the unlock screen (started with --user, so the passphrase has focus).
ui_unlock() {
	see "$1" "Sign in to keywork" "the unlock screen shows"
	ui_type "$1" "$2"
	ui_keys "$1" Enter
}
# ui_add_woman NAME KNOWN_AS: from Today, adds a woman by her known-as name
# alone through the intake form, and saves, which opens her record.
ui_add_woman() {
	ui_keys "$1" a
	see "$1" "About her" "a opens the intake form"
	ui_type "$1" "$2"
	ui_keys "$1" C-s
	see "$1" "Her record" "saving opens her record"
}
# ui_open_her NAME QUERY: finds a woman by QUERY with / and opens her record.
ui_open_her() {
	ui_keys "$1" /
	ui_type "$1" "$2"
	see "$1" "KW-" "search finds her"
	ui_keys "$1" Enter
	see "$1" "Her record" "Enter opens her record"
}
# peek WHAT: what bea can read of WHAT in the store $D, by test_regard's peek
# mode, into $T/peek.
peek() { "$(dirname "$KW")/tests/test_regard" peek "$D" bea "$1" <"$T/p2" >"$T/peek" 2>&1; }
# ui_intake_for_bea NAME KNOWN_AS: from Today, adds a woman through the intake
# form with keyworker bea chosen by typing, and saves, which opens her record.
ui_intake_for_bea() {
	ui_keys "$1" a
	see "$1" "About her" "a opens the intake form"
	ui_type "$1" "$2"
	# Tab to her keyworker (the one field whose help is just "Enter or ^P: choose.").
	for i in $(seq 1 60); do
		ui_keys "$1" Tab
		ui_screen "$1"
		grep -q "^ Enter or ^P: choose\. " "$T/screen" && break
	done
	ui_type "$1" "bea"
	see "$1" "Find: bea" "her keyworker is found by typing"
	ui_keys "$1" Enter
	notsee "$1" "Find: bea" "and picked"
	if ui_wait_re "$1" "Keyworker\\*? +bea" 10; then ok; else
		bad "bea is shown as her keyworker before saving"
		sed 's/^/  | /' "$T/screen" >&2
	fi
	ui_keys "$1" C-s
	see "$1" "Her record" "saving opens her record"
}
