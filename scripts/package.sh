#!/bin/sh
# Builds keywork's Debian package (debian/: dh with CMake) into dist/, or the directory in $1:
# keywork_VERSION_ARCH.deb with its .buildinfo and .changes, and the build's log. The build runs
# in a fresh copy of the tree (the files git knows, as they are now in the working tree), so
# nothing from build/ or an earlier package build is reused. Then lintian checks the .deb when
# it is installed: an error fails, warnings are printed.
#
#   scripts/package.sh [OUTDIR]          KEYWORK_JOBS (default 2) sets the build's parallel jobs
#
# The build dependencies (debian/control) are checked by dpkg-buildpackage;
# scripts/setup-deps.sh installs them.
set -eu
cd "$(dirname "$0")/.."
out=${1:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(sed -n '1s/^keywork (\([^)]*\)).*/\1/p' debian/changelog)
[ -n "$version" ] || { echo "package.sh: no version in debian/changelog" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/keywork-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree="$work/keywork-$version"
mkdir "$tree"

# The tree as it is: tracked and new files (not ignored ones), skipping those deleted.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files --cached --others --exclude-standard | while IFS= read -r f; do
		[ -e "$f" ] && printf '%s\n' "$f"
	done | tar -cf - -T - | tar -xf - -C "$tree"
else
	tar -cf - --exclude='./build' --exclude='./build-*' --exclude='./dist' --exclude='./obj-*' \
		--exclude='./debian/keywork' --exclude='./debian/.debhelper' . | tar -xf - -C "$tree"
fi

start=$(date +%s)
log="$out/keywork_$version.build.log"
echo "== dpkg-buildpackage -us -uc -b (keywork $version, ${KEYWORK_JOBS:-2} jobs)" >&2
if ! (cd "$tree" && DEB_BUILD_OPTIONS="parallel=${KEYWORK_JOBS:-2} ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -us -uc -b) >"$log" 2>&1; then
	tail -40 "$log" >&2
	echo "package.sh: the package build failed; the whole log is $log" >&2
	exit 1
fi
end=$(date +%s)
for f in "$work"/keywork_"$version"_*.deb "$work"/keywork_"$version"_*.buildinfo \
	"$work"/keywork_"$version"_*.changes "$work"/keywork-dbgsym_"$version"_*.deb; do
	[ -e "$f" ] && mv "$f" "$out/"
done
deb=$(ls "$out"/keywork_"$version"_*.deb)
echo "== built $deb in $((end - start)) s" >&2

if command -v lintian >/dev/null 2>&1; then
	echo "== lintian" >&2
	lintian --fail-on error --tag-display-limit 0 "$deb" >&2 ||
		{ echo "package.sh: lintian found errors in $deb" >&2; exit 1; }
else
	echo "== lintian is not installed: not checked" >&2
fi
echo "$deb"
