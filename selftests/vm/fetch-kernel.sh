#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# fetch-kernel.sh NAME: Debian's own kernel package NAME into a cache,
# printing the cache directory on the last line of stdout.
#
#   bookworm            linux-image-amd64 from the machine's own apt sources
#                       (Debian 12, 6.1), downloaded with the system's apt
#   bookworm-backports  linux-image-amd64/bookworm-backports (6.12), through
#                       a private apt configuration under the cache: its own
#                       source list, package lists and archive directory, so
#                       the machine's apt sources and lists stay as they are
#
# The cache, $VSW_KERNEL_CACHE (default build/kernels), holds per NAME:
#   NAME/vmlinuz            the kernel
#   NAME/release            its uname -r
#   NAME/lib/modules/REL/   its modules, with modules.dep made by depmod
#   NAME/package            the package name and version it came from
# A cache that is complete is reused as it is; remove the directory (or
# make clean) to fetch again. Nothing is installed: dpkg-deb -x only.
set -euo pipefail

NAME=${1:?usage: fetch-kernel.sh bookworm|bookworm-backports}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${VSW_KERNEL_CACHE:-$TOP/build/kernels}
DIR="$CACHE/$NAME"
ARCH=$(dpkg --print-architecture)

msg() { echo "fetch-kernel: $NAME: $*" >&2; }

cached() {
	[ -s "$DIR/vmlinuz" ] && [ -s "$DIR/release" ] &&
		[ -s "$DIR/lib/modules/$(cat "$DIR/release")/modules.dep" ]
}
if cached; then
	msg "cached: $(cat "$DIR/package")"
	echo "$DIR"
	exit 0
fi
# One fetch of NAME at a time; a second waits, then finds the cache.
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock-$NAME"
flock 9
if cached; then
	echo "$DIR"
	exit 0
fi
for tool in apt-get apt-cache dpkg-deb depmod; do
	command -v "$tool" >/dev/null || { msg "needs $tool (make deps)"; exit 1; }
done
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/.fetch-$NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The apt to ask: the system's for bookworm; for backports a private one.
APT=(-o Debug::NoLocking=1)
case "$NAME" in
bookworm)
	# The system's lists; a machine that never ran apt-get update has none.
	if ! apt-cache show linux-image-amd64 >/dev/null 2>&1; then
		msg "no apt lists on this machine: run apt-get update"
		exit 1
	fi
	WANT=linux-image-amd64
	;;
bookworm-backports)
	APTDIR="$CACHE/apt-backports"
	mkdir -p "$APTDIR/sources.list.d" "$APTDIR/lists/partial" "$APTDIR/archives/partial" \
		"$APTDIR/preferences.d"
	# The same mirror as the machine's bookworm entry, suite bookworm-backports.
	uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
	[ -n "$uri" ] || uri=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' \
		/etc/apt/sources.list 2>/dev/null)
	[ -n "$uri" ] || uri=http://deb.debian.org/debian
	cat >"$APTDIR/sources.list.d/backports.sources" <<-EOF
	Types: deb
	URIs: $uri
	Suites: bookworm-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	APT+=(-o "Dir::Etc::SourceList=/dev/null"
		-o "Dir::Etc::SourceParts=$APTDIR/sources.list.d"
		-o "Dir::Etc::Preferences=/dev/null"
		-o "Dir::Etc::PreferencesParts=$APTDIR/preferences.d"
		-o "Dir::State::Lists=$APTDIR/lists"
		-o "Dir::Cache=$APTDIR"
		-o "Dir::Cache::archives=$APTDIR/archives"
		-o "Dir::State::status=/dev/null"
		-o "APT::Architecture=$ARCH" -o "APT::Architectures::=$ARCH")
	msg "apt-get update (private lists in $APTDIR)"
	apt-get "${APT[@]}" -q update >"$WORK/update.log" 2>&1 ||
		{ cat "$WORK/update.log" >&2; msg "apt-get update failed"; exit 1; }
	WANT=linux-image-amd64
	;;
*)
	msg "unknown kernel (bookworm, bookworm-backports)"
	exit 1
	;;
esac

# linux-image-amd64 is a meta package: the image is its dependency.
pkg=$(apt-cache "${APT[@]}" depends "$WANT" 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
[ -n "$pkg" ] || { msg "cannot resolve $WANT"; exit 1; }
ver=$(apt-cache "${APT[@]}" policy "$pkg" | sed -n 's/^ *Candidate: //p')
msg "downloading $pkg $ver"
(cd "$WORK" && apt-get "${APT[@]}" -q download "$pkg=$ver" >"$WORK/download.log" 2>&1) ||
	{ cat "$WORK/download.log" >&2; msg "download of $pkg failed"; exit 1; }
deb=$(ls "$WORK"/*.deb)
dpkg-deb -x "$deb" "$WORK/root"
rel=$(ls "$WORK/root/lib/modules" | head -n1)
[ -n "$rel" ] && [ -s "$WORK/root/boot/vmlinuz-$rel" ] ||
	{ msg "$deb has no vmlinuz or modules"; exit 1; }
depmod -b "$WORK/root" "$rel"

rm -rf "$DIR"
mkdir -p "$DIR/lib"
mv "$WORK/root/boot/vmlinuz-$rel" "$DIR/vmlinuz"
mv "$WORK/root/lib/modules" "$DIR/lib/modules"
echo "$rel" >"$DIR/release"
echo "$pkg $ver" >"$DIR/package"
msg "cached $pkg $ver ($rel) in $DIR"
echo "$DIR"
