#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Flooding through the small and the big egress map. While at most 64
# ports are up, a switch floods through vsw_tx_small (a broadcast walks
# every bucket of its map, so the small map keeps floods cheap); the 65th
# up port moves flooding to vsw_tx_ports, and going back to 64 returns.
# Broadcasts must reach the other hosts in every state.
#
#   a1, a2 (hosts) + filler ports f1..f63 (veths in the switch namespace)
source "$(dirname "$0")/lib/lib.sh"

vsw_topology_init || exit 1
add_host a1 && add_host a2 || { log "setup failed"; exit 1; }

flood_small() {
	bpftool -j map dump pinned "$BPFFS/$SWITCH/vsw_config" |
		sed -n 's/.*"flood_small":\([0-9]*\).*/\1/p'
}
small_entries() {
	bpftool -j map dump pinned "$BPFFS/$SWITCH/vsw_tx_small" | grep -o '"key"' | wc -l
}
# A broadcast from a1 arrives at a2.
ncap=0
broadcast_arrives() {
	ncap=$((ncap + 1))
	CAP="$TMPD/cap$ncap"
	capture a2 "$CAP" ether proto 0x88b5 || return 1
	send_frames a1 3 88b5
	stop_captures
	[ "$(grep -c 'ethertype Unknown (0x88b5)' "$CAP")" = 3 ]
}

[ "$(flood_small)" = 1 ] && [ "$(small_entries)" = 2 ] && pass "2 ports: small map, 2 entries" ||
	fail "2 ports: flood_small=$(flood_small) entries=$(small_entries)"
broadcast_arrives && pass "broadcast delivered through the small map" ||
	fail "broadcast lost with the small map: $(cat "$CAP")"

for i in $(seq 1 63); do
	ip -n "$SW_NS" link add "f$i" type veth peer name "fp$i" &&
		ip -n "$SW_NS" link set "f$i" up && ip -n "$SW_NS" link set "fp$i" up &&
		vswdp port add "$SWITCH" "f$i" || { fail "filler port f$i"; exit 1; }
done
[ "$(flood_small)" = 0 ] && pass "65 ports up: floods through the big map" ||
	fail "65 ports: flood_small=$(flood_small)"
broadcast_arrives && pass "broadcast delivered through the big map" ||
	fail "broadcast lost with the big map: $(cat "$CAP")"

vswdp port link "$SWITCH" f63 down
[ "$(flood_small)" = 1 ] && [ "$(small_entries)" = 64 ] &&
	pass "back to 64 up ports: small map again, 64 entries" ||
	fail "64 ports: flood_small=$(flood_small) entries=$(small_entries)"
bpftool -j map dump pinned "$BPFFS/$SWITCH/vsw_tx_small" | grep -q "\"ifindex\":$(
	ip -n "$SW_NS" -j link show f63 | sed -n 's/.*"ifindex":\([0-9]*\).*/\1/p')," &&
	fail "the down port is still in the small map" || pass "the down port left the small map"
broadcast_arrives && pass "broadcast delivered after the switch back" ||
	fail "broadcast lost after the switch back: $(cat "$CAP")"
vswdp port del "$SWITCH" f1 && vswdp port del "$SWITCH" f2 &&
	[ "$(flood_small)" = 1 ] && [ "$(small_entries)" = 62 ] && pass "removed ports leave it" ||
	fail "after port del: flood_small=$(flood_small) entries=$(small_entries)"
exit $ret
