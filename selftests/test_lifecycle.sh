#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Two switches side by side; link state; static entries; teardown.
#
#   a1 10.0.0.1 --\
#   a2 10.0.0.2 ---  sw0
#   b1 10.0.0.3 ---  sw1
#
# The tool exits after every command: each step reopens the switches
# from their pins while traffic keeps flowing.
source "$(dirname "$0")/lib/lib.sh"

vsw_topology_init || exit 1
vswdp create sw1 >/dev/null || { log "cannot create sw1"; exit 1; }
add_host a1 && add_host a2 && SWITCH=sw1 add_host b1 || { log "setup failed"; exit 1; }
host_ip a1 10.0.0.1/24; host_ip a2 10.0.0.2/24; host_ip b1 10.0.0.3/24
ping1() { hexec "$1" ping -c 1 -W 1 "$2" >/dev/null; }

wait_for 20 ping1 a1 10.0.0.2 && pass "a1 -> a2 on sw0" || fail "a1 cannot ping a2"
ping1 a1 10.0.0.3 && fail "a1 reached b1 on another switch" ||
	pass "no forwarding between two switches"
vswdp port show sw1 | grep -q "^port p-b1 .* access 1 link up" && pass "sw1 has p-b1" ||
	fail "sw1 ports: $(vswdp port show sw1)"

# Link down: the port stops forwarding and counts what it drops.
vswdp port link "$SWITCH" p-a2 down
ping1 a2 10.0.0.1 && fail "a2 still forwards while down" || pass "a2 cut off while down"
vswdp stats "$SWITCH" p-a2 | grep -Eq "drop_link_down [1-9]" && pass "link_down counted" ||
	fail "p-a2 counters: $(vswdp stats "$SWITCH" p-a2)"
expect_absent "p-a2's FDB entries flushed" "port p-a2( |$)" vswdp fdb show "$SWITCH"
vswdp port link "$SWITCH" p-a2 up
wait_for 20 ping1 a2 10.0.0.1 && pass "a2 back after link up" || fail "a2 still cut off"

# Static entries: shown as such, and survive a flush.
vswdp fdb add "$SWITCH" 1 02:00:00:00:aa:01 p-a1 &&
	vswdp fdb flush "$SWITCH" >/dev/null &&
	vswdp fdb show "$SWITCH" | grep -q "vlan 1 mac 02:00:00:00:aa:01 port p-a1 static" &&
	pass "static entry survives a flush" || fail "fdb: $(vswdp fdb show "$SWITCH")"

# Bad input: clear errors, exit 1 (2: a bad command line), nothing changed.
expect_refused "VID 5000" 1 "vsw-dp: trunk: bad VID list at '5000'" \
	vswdp port set "$SWITCH" p-a1 trunk 10,5000
expect_refused "unknown netdev" 1 "vsw-dp: interface 'nosuch0' not found" \
	vswdp port add "$SWITCH" nosuch0
expect_refused "port twice" 1 "vsw-dp: 'p-a1' is already a port of switch '$SWITCH'" \
	vswdp port add "$SWITCH" p-a1
expect_refused "switch twice" 1 "vsw-dp: switch '$SWITCH' exists" vswdp create "$SWITCH"
expect_refused "bad switch name" 2 "vsw-dp: bad switch name 'a/b'" vswdp create "a/b"
expect_refused "unknown switch" 1 "vsw-dp: switch 'nosuch' does not exist" vswdp port show nosuch
expect_refused "multicast static MAC" 1 "vsw-dp: fdb add: need VID 1-4094 and a unicast MAC" \
	vswdp fdb add "$SWITCH" 1 01:00:5e:00:00:01 p-a1
vswdp port show "$SWITCH" | grep -q "^port p-a1 .* access 1 " && pass "p-a1 unchanged" ||
	fail "p-a1 changed: $(vswdp port show "$SWITCH")"

# Destroy: XDP detached, pins gone, ports' netdevs untouched.
vswdp destroy sw1
[ ! -e "$BPFFS/sw1" ] && pass "sw1 unpinned" || fail "sw1 pins left: $(ls "$BPFFS/sw1")"
expect_absent "XDP detached from p-b1" "xdp" ip -n "$SW_NS" link show p-b1
ip -n "$SW_NS" link show p-b1 >/dev/null && pass "p-b1 itself kept" || fail "p-b1 gone"
exit $ret
