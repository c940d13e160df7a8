#!/bin/sh
# Installs the Debian packages keywork needs to build, test and package (debhelper, lintian);
# a no-op when they are present.
# On Debian 12 it enables bookworm-backports, pinned so that only SQLCipher comes from it.
set -eu

pkgs="build-essential cmake pkg-config libncurses-dev libsqlcipher-dev libsodium-dev \
libyaml-dev libzxcvbn-dev libcsv-dev check tmux strace sqlcipher clang-format clang libclang-rt-dev git \
debhelper dpkg-dev lintian libpango1.0-dev libcairo2-dev fonts-dejavu-core poppler-utils python3-yaml"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done

sqlcipher_ok() {
	v=$(dpkg-query -W -f='${Version}' libsqlcipher-dev 2>/dev/null) || return 1
	dpkg --compare-versions "$v" ge 4.5
}

if [ -z "$missing" ] && sqlcipher_ok; then
	exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

. /etc/os-release
if [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = bookworm ]; then
	if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		echo "keywork: enabling bookworm-backports for SQLCipher >= 4.5" >&2
		echo "deb http://deb.debian.org/debian bookworm-backports main" |
			$SUDO tee /etc/apt/sources.list.d/keywork-backports.list >/dev/null
	fi
	# Only SQLCipher is taken from backports; everything else stays on bookworm.
	$SUDO tee /etc/apt/preferences.d/keywork-sqlcipher >/dev/null <<PIN
Package: libsqlcipher-dev libsqlcipher1 libsqlcipher0 sqlcipher
Pin: release n=bookworm-backports
Pin-Priority: 500
PIN
fi

echo "keywork: installing:$missing" >&2
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $pkgs

if ! sqlcipher_ok; then
	echo "keywork: libsqlcipher-dev >= 4.5 is required; found $(dpkg-query -W -f='${Version}' libsqlcipher-dev 2>/dev/null || echo none)" >&2
	exit 1
fi
