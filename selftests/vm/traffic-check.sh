#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The kernel matrix's short traffic check, through vswd and vswctl as a
# user would make it: ping both ways, then 1 MiB of TCP each way with the
# bytes and their SHA-256 counted at the receiving socket. Default
# offloads on every device (a test that turned them off would hide what
# users meet).
#
#   ta (10.77.0.1) -- host NIC -- pa \
#                                     sw0 (vswd)
#   tb (10.77.0.2) -- host NIC -- pb /
source "$(dirname "$0")/../lib/lib.sh"

VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
SOCK="/run/vsw-traffic-$SUFFIX.sock"
VSWD_PID=
ctl() { "$VSWCTL" -s "$SOCK" "$@"; }
SIZE=$((1 << 20))

stop_all() {
	[ -n "$VSWD_PID" ] && kill "$VSWD_PID" 2>/dev/null
	wait 2>/dev/null
	for h in ta tb; do ip link del "vsw-$h-$SUFFIX" 2>/dev/null; done
	rm -f "$SOCK"
	cleanup
}
vsw_lib_init
trap stop_all EXIT

"$VSWD" --state-dir "$TMPD/state" --socket "$SOCK" --bpffs "$BPFFS" --metrics none \
	>>"$TMPD/vswd.log" 2>&1 &
VSWD_PID=$!
wait_for 100 ctl version >/dev/null || { fail "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
for h in ta tb; do new_ns "$h-$SUFFIX" || exit 1; done
out=$( { ctl switch add sw0 && ctl port add pa switch sw0 && ctl port add pb switch sw0 &&
	ctl nic add "ta-$SUFFIX" type host netns "ta-$SUFFIX" &&
	ctl nic add "tb-$SUFFIX" type host netns "tb-$SUFFIX" &&
	ctl nic connect "ta-$SUFFIX" port pa && ctl nic connect "tb-$SUFFIX" port pb; } 2>&1) ||
	{ fail "setup through vswctl: $out"; exit 1; }
ip -n "ta-$SUFFIX" addr add 10.77.0.1/24 dev "ta-$SUFFIX"
ip -n "tb-$SUFFIX" addr add 10.77.0.2/24 dev "tb-$SUFFIX"

ping_ok() { hexec "$1" ping -c 1 -W 2 "$2" >/dev/null 2>&1; }
wait_for 20 ping_ok ta 10.77.0.2 && pass "ping ta -> tb" || fail "ping ta -> tb"
wait_for 20 ping_ok tb 10.77.0.1 && pass "ping tb -> ta" || fail "ping tb -> ta"

head -c $SIZE /dev/urandom >"$TMPD/data"
want=$(sha256sum "$TMPD/data" | cut -d' ' -f1)
XFER="$VSW_TOP/selftests/lib/tcp_xfer.py"
# tcp FROM TO IP: FROM sends the file to a sink in TO.
tcp() {
	local from=$1 to=$2 ip=$3 sink bytes sum conn
	hexec "$to" "$PY" "$XFER" sink 5001 20 >"$TMPD/sink" 2>&1 &
	sink=$!
	wait_for 100 grep -q ready "$TMPD/sink" || { fail "sink in $to did not listen"; return; }
	hexec "$from" "$PY" "$XFER" send "$ip" 5001 "$TMPD/data" 20 >/dev/null 2>&1
	wait "$sink"
	read -r _ bytes _ sum _ conn <<<"$(grep '^bytes ' "$TMPD/sink")"
	if [ "$bytes" = "$SIZE" ] && [ "$sum" = "$want" ]; then
		pass "TCP $from -> $to: $SIZE bytes, sha256 matches"
	elif [ "$conn" != 1 ]; then
		fail "TCP $from -> $to: no connection (0 of $SIZE bytes)"
	else fail "TCP $from -> $to: received ${bytes:-0} of $SIZE bytes, sha256 ${sum:-none}"; fi
}
tcp ta tb 10.77.0.2
tcp tb ta 10.77.0.1
exit $ret
