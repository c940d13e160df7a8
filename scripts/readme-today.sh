#!/bin/sh
# Prints Today as keywork really draws it, for the README: a fresh demo of 12 synthetic women
# (seed 1), opened by `keywork demo` in an 80x24 tmux window and captured with capture-pane.
#   scripts/readme-today.sh [path/to/keywork]          (default build/keywork)
set -eu
cd "$(dirname "$0")/.."
kw=$(realpath "${1:-build/keywork}")
t=$(mktemp -d)
sock="kw-readme-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$t"' EXIT
"$kw" demo --db "$t/demo" --clients 12 --seed 1 </dev/null >/dev/null 2>&1
tmux -L "$sock" -f /dev/null new-session -d -s main -x 80 -y 24 \
	"env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 KEYWORK_IDLE_LOCK=0 HOME=$t \
	XDG_CONFIG_HOME=$t/config '$kw' demo --db '$t/demo'; sleep 60"
i=0
until tmux -L "$sock" capture-pane -p -t main | grep -q 'Appointments today'; do
	i=$((i + 1))
	[ $i -lt 300 ] || { echo "readme-today.sh: Today did not appear" >&2; exit 1; }
	sleep 0.2
done
sleep 0.5
tmux -L "$sock" capture-pane -p -t main | sed 's/[[:space:]]*$//'
