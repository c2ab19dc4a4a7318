#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The array path to ports (vsw_port_index, struct vsw_port_ref): two ports
# whose ifindexes are equal modulo VSW_PORT_INDEX_SIZE (4096) share one
# index entry; the second is found through the vsw_ports hash. Both must
# forward; when the entry's owner goes, the other port takes the entry.
#
#   a (10.0.0.1) p-a ifindex 5000 \
#   b (10.0.0.2) p-b ifindex 9096  sw0
#   c (10.0.0.3) p-c (any)        /
source "$(dirname "$0")/lib/lib.sh"

vsw_topology_init || exit 1
# add_host with the switch side's ifindex chosen.
add_host_index() {
	local name=$1 index=$2 ns="$1-$SUFFIX"
	new_ns "$ns" || return 1
	ip link add "p-$name" index "$index" netns "$SW_NS" type veth peer name eth0 netns "$ns" ||
		return 1
	ip -n "$SW_NS" link set "p-$name" up && ip -n "$ns" link set eth0 up
	ip netns exec "$ns" ethtool -K eth0 gro on >/dev/null
	vswdp port add "$SWITCH" "p-$name"
}
add_host_index a 5000 && add_host_index b 9096 && add_host c || { log "setup failed"; exit 1; }
host_ip a 10.0.0.1/24; host_ip b 10.0.0.2/24; host_ip c 10.0.0.3/24
ping1() { hexec "$1" ping -c 1 -W 1 "$2" >/dev/null; }
# The ifindex that owns index entry 5000 % 4096 = 904.
owner() {
	bpftool -j map lookup pinned "$BPFFS/$SWITCH/vsw_port_index" key 0x88 0x03 0 0 |
		sed -n 's/.*"ifindex":\([0-9]*\).*/\1/p'
}

[ "$(owner)" = 5000 ] && pass "p-a owns index entry 904" || fail "owner of entry 904: $(owner)"
wait_for 20 ping1 a 10.0.0.3 && pass "a (index path) <-> c" || fail "a cannot ping c"
wait_for 20 ping1 b 10.0.0.3 && pass "b (hash path) <-> c" || fail "b cannot ping c"
ping1 a 10.0.0.2 && pass "a <-> b" || fail "a cannot ping b"

# A VLAN change reaches the datapath through the index at once.
vswdp port set "$SWITCH" p-a access 20
ping1 a 10.0.0.3 && fail "a still reaches c outside its VLAN" ||
	pass "p-a moved to VLAN 20: cut off from c"
vswdp port set "$SWITCH" p-a access 1
wait_for 20 ping1 a 10.0.0.3 && pass "p-a back in VLAN 1" || fail "a cut off after returning"

vswdp port del "$SWITCH" p-a
[ "$(owner)" = 9096 ] && pass "p-b took the entry when p-a went" ||
	fail "owner of entry 904 after p-a left: $(owner)"
ping1 b 10.0.0.3 && pass "b (now index path) <-> c" || fail "b cannot ping c"
exit $ret
