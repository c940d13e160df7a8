#!/bin/sh
# The first README command: installs what is missing, builds, and opens keywork
# on a demo data directory of synthetic women (never a real one).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup-deps.sh
sh scripts/build.sh build >/dev/null
exec ./build/keywork demo "$@"
