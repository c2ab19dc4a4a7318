#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# A full disk under the state directory: vswd refuses a change it could
# not save, with a message saying so, and changes nothing: not the
# switch, not vswd.json. Full of bytes, then of inodes; with room again,
# changes are made and saved.
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

TINY=
stop_all() {
	stop_vswd
	[ -n "$TINY" ] && umount "$TINY" 2>/dev/null
	cleanup
}
vsw_lib_init
trap stop_all EXIT
TINY="$TMPD/tiny"
mkdir -p "$TINY" && mount -t tmpfs -o size=1m,nr_inodes=32 tmpfs "$TINY" ||
	{ log "SKIP: cannot mount a tmpfs"; exit 4; }
start_vswd --state-dir "$TINY/state" || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
STATE="$TINY/state/vswd.json"
ctl switch add sw0 && ctl port add pa switch sw0 || { log "setup failed"; exit 1; }
cp "$STATE" "$TMPD/saved.json"

# refused WHAT: port add px is refused for want of room, nothing changes.
refused() {
	local out rc
	out=$(ctl port add px switch sw0 2>&1); rc=$?
	if [ $rc = 1 ] && grep -q "$2" <<<"$out" && grep -q "change refused, nothing changed" <<<"$out"; then
		pass "$1: refused: $out"
	else
		fail "$1: exit $rc: $out"
	fi
	cmp -s "$STATE" "$TMPD/saved.json" && pass "$1: vswd.json unchanged" ||
		fail "$1: vswd.json changed"
	ctl port show px >/dev/null 2>&1 && fail "$1: port px was made" || pass "$1: no port px"
}
dd if=/dev/zero of="$TINY/filler" bs=4k >/dev/null 2>&1
refused "no byte free" "bytes free, saving the configuration may need"
rm -f "$TINY/filler"
i=0; while touch "$TINY/i$i" 2>/dev/null; do i=$((i + 1)); done
refused "no inode free" "no free inode"
rm -f "$TINY"/i*
ctl port add px switch sw0 && jq -e '[.ports[].name] == ["pa", "px"]' "$STATE" >/dev/null &&
	pass "with room again: port px made and saved" || fail "after freeing: $(jq -c '.ports' "$STATE")"
exit $ret
