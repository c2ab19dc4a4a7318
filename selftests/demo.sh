#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The demo: one vsw switch over network namespaces, traffic, counters.
#
#   red1  10.0.0.1 -- access 10 --\
#   red2  10.0.0.2 -- access 10 ---  sw0 -- trunk 10,20 -- uplink
#   blue3 10.0.0.3 -- access 20 --/
#
# Everything is removed when it ends.
source "$(dirname "$0")/lib/lib.sh"

step() { printf '\n== %s\n' "$*"; }

vsw_topology_init || exit 1
step "switch $SWITCH pinned at $BPFFS/$SWITCH"
add_host red1 access 10 && add_host red2 access 10 && add_host blue3 access 20 &&
add_host uplink trunk 10,20 || exit 1
host_ip red1 10.0.0.1/24; host_ip red2 10.0.0.2/24; host_ip blue3 10.0.0.3/24
vswdp port show "$SWITCH"

step "red1 -> red2 (same VLAN 10)"
hexec red1 ping -c 3 -i 0.2 -W 2 10.0.0.2 | tail -n 2
step "red1 -> blue3 (VLAN 10 -> VLAN 20: the switch keeps them apart)"
hexec red1 ping -c 2 -i 0.2 -W 1 10.0.0.3 | tail -n 2

step "forwarding database"
vswdp fdb show "$SWITCH"

step "counters (summed over CPUs)"
vswdp stats "$SWITCH" | sed 's/ drop_/\n      drop_/; s/^/  /'
exit 0
