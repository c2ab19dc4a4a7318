#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# mkinitramfs.sh KDIR INIT OUT MODULE...: a gzip'd cpio initramfs with
# busybox-static, INIT as /init, and MODULE... of the kernel cached in KDIR
# (selftests/vm/fetch-kernel.sh) together with everything they depend on,
# found in that kernel's modules.dep. Modules are stored uncompressed in
# /modules, and /modules/order lists them dependencies first, so /init
# loads them with busybox insmod in that order. A module the kernel has
# built in (modules.builtin) is left out.
set -euo pipefail

KDIR=$1 INIT=$2 OUT=$3
shift 3
REL=$(cat "$KDIR/release")
MODDIR="$KDIR/lib/modules/$REL"
BUSYBOX=${BUSYBOX:-/bin/busybox}

die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ -s "$MODDIR/modules.dep" ] || die "no modules.dep in $MODDIR"
case $(ldd "$BUSYBOX" 2>&1) in *"not a dynamic"*) ;; *) false ;; esac ||
	die "$BUSYBOX is not static (apt-get install busybox-static)"

declare -A seen=()
order=()
# add NAME: its dependencies first, then NAME. Names match with - and _
# alike, as modprobe does.
add() {
	local name=${1//-/_} line path dep
	[ -n "${seen[$name]:-}" ] && return 0
	seen[$name]=1
	line=$(awk -v n="$name" -F: '{
		f = $1; sub(/.*\//, "", f); sub(/\.ko(\.[a-z]+)?$/, "", f); gsub(/-/, "_", f)
		if (f == n) { print; exit } }' "$MODDIR/modules.dep")
	if [ -z "$line" ]; then
		awk -F/ '{ f = $NF; sub(/\.ko$/, "", f); gsub(/-/, "_", f); print f }' \
			"$MODDIR/modules.builtin" | grep -qx "$name" && return 0
		die "$REL has no module $1"
	fi
	path=${line%%:*}
	for dep in ${line#*:}; do
		dep=${dep##*/}
		add "${dep%%.ko*}"
	done
	order+=("$path")
}
for m in "$@"; do add "$m"; done

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE"/{bin,sbin,dev,proc,sys,tmp,run,modules,newroot,etc}
cp "$BUSYBOX" "$STAGE/bin/busybox"
ln -s busybox "$STAGE/bin/sh"
install -m 0755 "$INIT" "$STAGE/init"
: >"$STAGE/modules/order"
for path in "${order[@]}"; do
	base=${path##*/}
	case "$base" in
	*.ko.xz) xz -dc "$MODDIR/$path" >"$STAGE/modules/${base%.xz}" ;;
	*.ko.zst) zstd -qdc "$MODDIR/$path" >"$STAGE/modules/${base%.zst}" ;;
	*.ko.gz) gzip -dc "$MODDIR/$path" >"$STAGE/modules/${base%.gz}" ;;
	*) cp "$MODDIR/$path" "$STAGE/modules/$base" ;;
	esac
	echo "${base%%.ko*}.ko" >>"$STAGE/modules/order"
done
echo "$REL" >"$STAGE/etc/release"
# The kernel opens /dev/console before it runs /init.
mknod -m 600 "$STAGE/dev/console" c 5 1
(cd "$STAGE" && find . -print0 | cpio --null -o -H newc --quiet -R 0:0) | gzip -1 >"$OUT.tmp.$$"
mv "$OUT.tmp.$$" "$OUT"
