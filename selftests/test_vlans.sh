#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Five hosts on one switch, two VLANs, one trunk.
#
#   h1 10.0.0.1 ---- access 10 --\
#   h2 10.0.0.2 ---- access 10 ---\
#   h3 10.0.0.3 ---- access 20 ----  sw0 (vsw, in its own namespace)
#   h4 10.0.0.4 ---- access 20 ---/
#   tr (no IP)  ---- trunk 10,20 -/
#
# One IP subnet across both VLANs, so only the switch keeps them apart.
source "$(dirname "$0")/lib/lib.sh"

vsw_topology_init || exit 1
add_host h1 access 10 && add_host h2 access 10 &&
add_host h3 access 20 && add_host h4 access 20 &&
add_host tr trunk 10,20 || { log "setup failed"; exit 1; }
for i in 1 2 3 4; do host_ip h$i 10.0.0.$i/24; done

# Inside a VLAN: pings succeed.
hexec h1 ping -c 3 -i 0.2 -W 2 10.0.0.2 >/dev/null && pass "h1 -> h2 in VLAN 10" ||
	fail "h1 cannot ping h2 in VLAN 10"
hexec h3 ping -c 3 -i 0.2 -W 2 10.0.0.4 >/dev/null && pass "h3 -> h4 in VLAN 20" ||
	fail "h3 cannot ping h4 in VLAN 20"

# Across VLANs: they fail.
hexec h1 ping -c 2 -i 0.2 -W 1 10.0.0.3 >/dev/null && fail "h1 reached h3 across VLANs" ||
	pass "h1 -> h3 across VLANs fails"
hexec h4 ping -c 2 -i 0.2 -W 1 10.0.0.2 >/dev/null && fail "h4 reached h2 across VLANs" ||
	pass "h4 -> h2 across VLANs fails"

# The FDB learned h1 and h2 in VLAN 10, on their ports.
fdb=$(vswdp fdb show "$SWITCH")
for h in h1 h2; do
	mac=$(host_mac $h)
	grep -q "vlan 10 mac $mac port p-$h age" <<<"$fdb" && pass "FDB: $h in VLAN 10" ||
		fail "FDB lacks $h ($mac) in VLAN 10: $fdb"
done

# A broadcast from h1 reaches exactly h2 (untagged) and the trunk
# (tagged VLAN 10); h3, h4 and h1 itself see nothing.
ETYPE=88b5
for h in h1 h2 h3 h4 tr; do capture $h "$TMPD/$h.txt" ether proto 0x$ETYPE or vlan ||
	fail "tcpdump on $h did not start"; done
send_frames h1 5 $ETYPE
stop_captures
count() { grep -c "$2" "$TMPD/$1.txt"; }
[ "$(count h2 "ethertype Unknown (0x$ETYPE)")" = 5 ] && ! grep -q vlan "$TMPD/h2.txt" &&
	pass "h2 got the 5 broadcasts, untagged" || fail "h2: $(cat "$TMPD/h2.txt")"
[ "$(count tr "vlan 10, p 0, ethertype Unknown (0x$ETYPE)")" = 5 ] &&
	pass "trunk got the 5 broadcasts tagged VLAN 10" || fail "trunk: $(cat "$TMPD/tr.txt")"
for h in h1 h3 h4; do
	[ "$(count $h .)" = 0 ] && pass "$h got none of them" ||
		fail "$h received: $(cat "$TMPD/$h.txt")"
done

# Tagged frames from the trunk: VLAN 20 reaches h3 and h4 untagged.
for h in h1 h2 h3 h4; do capture $h "$TMPD/$h.txt" ether proto 0x$ETYPE or vlan; done
send_frames tr 3 $ETYPE 20
stop_captures
for h in h3 h4; do
	[ "$(count $h "ethertype Unknown (0x$ETYPE)")" = 3 ] && ! grep -q vlan "$TMPD/$h.txt" &&
		pass "$h got VLAN 20 from the trunk, untagged" || fail "$h: $(cat "$TMPD/$h.txt")"
done
for h in h1 h2; do
	[ "$(count $h .)" = 0 ] && pass "$h got nothing of VLAN 20" ||
		fail "$h received: $(cat "$TMPD/$h.txt")"
done

# A VLAN the trunk does not carry is dropped and counted as vlan_filter.
send_frames tr 2 $ETYPE 30
stats=$(vswdp stats "$SWITCH" p-tr)
grep -q "drop_vlan_filter 2" <<<"$stats" && pass "VLAN 30 on the trunk: 2 x vlan_filter" ||
	fail "trunk counters: $stats"

exit $ret
