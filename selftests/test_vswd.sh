#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# vswd driven through vswctl only: host NICs in namespaces, a VM NIC
# played by a process on its TAP, VLAN isolation, disconnect seen on both
# sides, kill -9 under traffic, permissions, a damaged config.
#
#   ha (10.0.0.1) -- host NIC  -- pa  access 10 \
#   hb (10.0.0.2) -- host NIC  -- pb  access 10  \
#   hc (10.0.0.3) -- host NIC  -- pc  access 20   sw0 (vswd)
#   vm (10.0.0.9) -- VM NIC    -- pv  access 10  /
source "$(dirname "$0")/lib/lib.sh"

VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
SOCK="/run/vsw-selftest-$SUFFIX.sock"
VSWD_PID=
TAP="tap$SUFFIX"
ctl() { "$VSWCTL" -s "$SOCK" "$@"; }

start_vswd() {
	"$VSWD" --state-dir "$STATE" --socket "$SOCK" --bpffs "$BPFFS" --group nogroup --metrics none \
		>>"$TMPD/vswd.log" 2>&1 &
	VSWD_PID=$!
	wait_for 50 ctl version >/dev/null
}

stop_all() {
	[ -n "$VSWD_PID" ] && kill -9 "$VSWD_PID" 2>/dev/null
	[ -n "${VM_PID:-}" ] && kill "$VM_PID" 2>/dev/null
	wait 2>/dev/null
	# What vswd made in this namespace: the switch sides and the TAP.
	for nic in ha hb hc; do ip link del "vsw-$nic-$SUFFIX" 2>/dev/null; done
	ip link del "$TAP" 2>/dev/null
	rm -f "$SOCK"
	cleanup
}

vsw_lib_init
trap stop_all EXIT
STATE="$TMPD/state" # removed with $TMPD
start_vswd || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }

# Hosts: namespaces of their own; the NICs are made by vswd.
for h in ha hb hc; do new_ns "$h-$SUFFIX" || exit 1; done
ctl switch add sw0 &&
ctl port add pa switch sw0 vlan access 10 && ctl port add pb switch sw0 vlan access 10 &&
ctl port add pc switch sw0 vlan access 20 && ctl port add pv switch sw0 vlan access 10 &&
for h in ha hb hc; do ctl nic add "$h-$SUFFIX" type host netns "$h-$SUFFIX" || exit 1; done &&
ctl nic add vm1 type vm tap "$TAP" &&
ctl nic connect "ha-$SUFFIX" port pa && ctl nic connect "hb-$SUFFIX" port pb &&
ctl nic connect "hc-$SUFFIX" port pc && ctl nic connect vm1 port pv ||
	{ log "setup through vswctl failed"; exit 1; }
i=1
for h in ha hb hc; do ip -n "$h-$SUFFIX" addr add 10.0.0.$i/24 dev "$h-$SUFFIX"; i=$((i + 1)); done
"$PY" "$VSW_TOP/selftests/lib/fake_vm.py" "$TAP" 10.0.0.9 02:00:00:00:00:99 >"$TMPD/vm.log" 2>&1 &
VM_PID=$!
wait_for 50 grep -q ready "$TMPD/vm.log" || fail "the fake VM did not open $TAP"

ctl switch show sw0 | grep -q "^switch sw0 type internal ports 4" && pass "switch show" ||
	fail "switch show: $(ctl switch show sw0)"
ping_from() { hexec "$1" ping -c "${3:-2}" -i 0.2 -W 2 "$2" >/dev/null 2>&1; }
hexec() { local h=$1; shift; ip netns exec "$h-$SUFFIX" "$@"; }

wait_for 30 ping_from ha 10.0.0.2 1 && pass "ha -> hb, VLAN 10" || fail "ha cannot reach hb"
wait_for 30 ping_from ha 10.0.0.9 1 && pass "ha -> vm over the TAP" || fail "ha cannot reach the VM"
ping_from ha 10.0.0.3 && fail "ha reached hc across VLANs" || pass "ha -/-> hc, VLAN 20"

# Disconnect: link down on both sides; reconnect: back.
ctl nic disconnect "hb-$SUFFIX"
ip -n "hb-$SUFFIX" link show "hb-$SUFFIX" | grep -q NO-CARRIER && pass "hb sees NO-CARRIER" ||
	fail "hb link after disconnect: $(ip -n "hb-$SUFFIX" link show "hb-$SUFFIX")"
ctl port show pb | grep -q "link down" && pass "port pb down" || fail "$(ctl port show pb)"
ping_from ha 10.0.0.2 && fail "ha reached a disconnected hb" || pass "hb unreachable"
ctl nic connect "hb-$SUFFIX" port pb
wait_for 30 ping_from ha 10.0.0.2 1 && pass "hb back after reconnect" || fail "hb still cut off"
ctl nic disconnect vm1
ip link show "$TAP" | grep -q NO-CARRIER && pass "the VM's TAP loses carrier" ||
	fail "TAP after disconnect: $(ip link show "$TAP")"
ctl nic connect vm1 port pv
ip link show "$TAP" | grep -q LOWER_UP && pass "the TAP's carrier is back" ||
	fail "TAP after reconnect: $(ip link show "$TAP")"

# A NIC's netdev going down behind vswd's back: rtnetlink tells it.
ip link set "vsw-hc-$SUFFIX" down
wait_for 30 sh -c "'$VSWCTL' -s '$SOCK' port show pc | grep -q 'link down'" &&
	pass "netdev down behind vswd's back: port pc down" || fail "$(ctl port show pc)"
ip link set "vsw-hc-$SUFFIX" up
wait_for 30 sh -c "'$VSWCTL' -s '$SOCK' port show pc | grep -q 'link up'" &&
	pass "and up again" || fail "$(ctl port show pc)"

# kill -9 under traffic: the pinned datapath keeps forwarding; a new vswd
# takes over and shows the same objects and the learned FDB.
norm() { sed -E 's/ age [0-9.]+s//; s/ (rx|tx)_.*//; s/ flooded.*//'; }
before=$( (ctl switch show; ctl port show; ctl nic show; ctl fdb show sw0) | norm | sort)
# Our netdevs only (their names carry $SUFFIX): other tests make theirs.
our_links() { ip -br link | grep -c -- "$SUFFIX"; }
links_before=$(our_links)
hexec ha ping -i 0.1 -c 50 -W 2 10.0.0.2 >"$TMPD/ping.txt" 2>&1 &
ping_pid=$!
sleep 1
kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
start_vswd || fail "vswd did not restart: $(tail -n 5 "$TMPD/vswd.log")"
wait "$ping_pid"
loss=$(grep -oE '[0-9.]+% packet loss' "$TMPD/ping.txt")
[ "$loss" = "0% packet loss" ] && pass "kill -9 under 10 pings/s: $loss" ||
	fail "kill -9: $(tail -n 2 "$TMPD/ping.txt")"
after=$( (ctl switch show; ctl port show; ctl nic show; ctl fdb show sw0) | norm | sort)
[ "$before" = "$after" ] && pass "after restart, show reads as before (FDB included)" ||
	fail "show changed: $(diff <(echo "$before") <(echo "$after"))"
[ "$(our_links)" = "$links_before" ] && pass "no duplicate netdevs ($links_before of ours)" ||
	fail "netdevs changed: $links_before -> $(our_links)"

# Permissions: --group nogroup may query, not change; others are refused.
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$VSWCTL" -s "$SOCK" switch show 2>&1) &&
	pass "group nogroup may query" || fail "group query refused: $out"
expect_refused "group nogroup's change" 1 \
	"uid 65534 may not change the switch (vswd --group, --group-can-write) (Operation not permitted)" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VSWCTL" -s "$SOCK" switch add x
# An outsider does not get past the socket's mode (0660 root:nogroup).
expect_refused "outsider" 1 "vswctl: cannot reach vswd at '$SOCK': Permission denied" \
	setpriv --reuid=65534 --regid=1 --clear-groups "$VSWCTL" -s "$SOCK" switch show
# A supplementary member of the group: the socket lets it in, and so does vswd.
out=$(setpriv --reuid=65534 --regid=1 --groups=65534 "$VSWCTL" -s "$SOCK" switch show 2>&1) &&
	pass "supplementary group member may query" || fail "supplementary member refused: $out"

# Bad requests change nothing.
expect_refused "duplicate port" 1 "vswctl: port 'pa' exists (File exists)" \
	ctl port add pa switch sw0
expect_refused "dangling switch" 1 "vswctl: port 'px': switch 'nosuch' does not exist" \
	ctl port add px switch nosuch
expect_refused "switch with ports, without force" 1 \
	"vswctl: switch 'sw0' has 4 ports (delete them, or use force) (Device or resource busy)" \
	ctl switch del sw0

# A damaged config stops vswd from starting and is left as it was.
kill "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
cp "$STATE/vswd.json" "$TMPD/good.json"
head -c 100 "$TMPD/good.json" >"$STATE/vswd.json"
cp "$STATE/vswd.json" "$TMPD/bad.json"
"$VSWD" --state-dir "$STATE" --socket "$SOCK" --bpffs "$BPFFS" >"$TMPD/bad.log" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "is invalid" "$TMPD/bad.log" && cmp -s "$STATE/vswd.json" "$TMPD/bad.json" &&
	pass "damaged config reported, kept: $(head -n1 "$TMPD/bad.log")" ||
	fail "damaged config: rc $rc, $(cat "$TMPD/bad.log")"
cp "$TMPD/good.json" "$STATE/vswd.json"
start_vswd || fail "vswd did not restart"

# Teardown through vswctl: netdevs and pins go.
ctl switch del sw0 force && for n in "ha-$SUFFIX" "hb-$SUFFIX" "hc-$SUFFIX" vm1; do
	ctl nic del "$n" || fail "nic del $n"; done
[ ! -e "$BPFFS/sw0" ] && pass "sw0 unpinned" || fail "pins left: $(ls "$BPFFS/sw0")"
ip link show "vsw-ha-$SUFFIX" >/dev/null 2>&1 && fail "veth left" || pass "host NIC veth removed"
ip link show "$TAP" >/dev/null 2>&1 && fail "TAP left" || pass "TAP removed"
exit $ret
