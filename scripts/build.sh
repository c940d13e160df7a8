#!/bin/sh
# Builds keywork into build/ (or the directory in $1), with warnings as errors.
# Extra arguments are passed to cmake's configure step.
set -eu
cd "$(dirname "$0")/.."
dir=${1:-build}
[ $# -gt 0 ] && shift
cmake -S . -B "$dir" -DKEYWORK_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
