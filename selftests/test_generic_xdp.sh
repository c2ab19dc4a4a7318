#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# A port whose netdev has no native XDP (a physical NIC with an older
# driver; here a macvlan) gets vsw_ingress in generic mode. There the
# devmap egress program sees no XDP metadata, so a flood from that port
# must carry its VLAN as a tag instead: broadcasts from it must reach the
# other ports, untagged on access ports, tagged on a trunk, and nothing may
# be dropped as malformed.
#
#   gen (host ns) eth0 -- veth -- lower (switch ns) -- macvlan mv: a port
#   a1 (host) -- p-a1: access 1     t1 (host) -- p-t1: trunk 1,5
source "$(dirname "$0")/lib/lib.sh"

vsw_topology_init || exit 1
add_host a1 && add_host t1 trunk 1,5 || { log "setup failed"; exit 1; }
new_ns "gen-$SUFFIX" || exit 1
ip link add lower netns "$SW_NS" type veth peer name eth0 netns "gen-$SUFFIX" &&
ip -n "$SW_NS" link set lower up && ip -n "gen-$SUFFIX" link set eth0 up &&
ip -n "$SW_NS" link add link lower name mv type macvlan mode bridge &&
ip -n "$SW_NS" link set mv up && vswdp port add "$SWITCH" mv ||
	{ fail "macvlan port"; exit 1; }

ip -n "$SW_NS" -d link show mv | grep -q xdpgeneric && pass "the macvlan port runs generic XDP" ||
	fail "mv is not in generic mode: $(ip -n "$SW_NS" -d link show mv)"
MV=$(ip -n "$SW_NS" -j link show mv | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["ifindex"])')
bpftool -j map dump pinned "$BPFFS/$SWITCH/vsw_ports" | "$PY" -c '
import json, sys
ports = json.load(sys.stdin)
skb = [p["formatted"]["value"]["ifindex"] for p in ports
       if p["formatted"]["value"]["flags"] & 16]
sys.exit(0 if skb == [int(sys.argv[1])] else 1)' "$MV" && pass "mv, and only mv, flagged VSW_PORT_F_SKB_MODE" ||
	fail "SKB_MODE flags: $(bpftool map dump pinned "$BPFFS/$SWITCH/vsw_ports" | grep flags)"

capture a1 "$TMPD/a1" ether proto 0x88b5 && capture t1 "$TMPD/t1" ether proto 0x88b5 ||
	{ fail "captures"; exit 1; }
send_frames gen 3 88b5
stop_captures
n=$(grep -c "ethertype Unknown (0x88b5)" "$TMPD/a1")
[ "$n" = 3 ] && ! grep -q "vlan" "$TMPD/a1" && pass "broadcasts from the generic port reach an access port, untagged" ||
	fail "a1 got $n of 3: $(cat "$TMPD/a1")"
n=$(grep -c "vlan 1, p 0, ethertype Unknown (0x88b5)" "$TMPD/t1")
[ "$n" = 3 ] && pass "and a trunk, tagged VLAN 1" || fail "t1 got $n of 3 tagged: $(cat "$TMPD/t1")"
malformed=$(vswdp stats "$SWITCH" | sed -n 's/^switch .* drop_malformed \([0-9]*\) .*/\1/p')
[ "$malformed" = 0 ] && pass "no frame dropped as malformed" || fail "drop_malformed $malformed"
exit $ret
