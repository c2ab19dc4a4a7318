#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The demo: vswd on its defaults, and a switch built through vswctl alone.
#
#   red1  10.0.0.1 -- host NIC -- port r1  access 10 \
#   red2  10.0.0.2 -- host NIC -- port r2  access 10  \
#   blue3 10.0.0.3 -- host NIC -- port b3  access 20   sw0
#   vm1   10.0.0.9 -- VM NIC (TAP, a stand-in VM) -- port v1 access 10
#
# It tears everything down at the end; KEEP=1 leaves it all running and
# prints the commands that tear it down.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
VSWD=$TOP/build/vswd
VSWCTL=$TOP/build/vswctl
LOG=/tmp/vswd-demo.log
NAMESPACES=(demo-red1 demo-red2 demo-blue3)

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

if "$VSWCTL" version >/dev/null 2>&1; then
	echo "a vswd is already running on the default socket; stop it first" >&2
	exit 1
fi

teardown() {
	step "tear down"
	[ -n "${VM_PID:-}" ] && kill "$VM_PID" 2>/dev/null
	run "$VSWCTL" switch del sw0 force
	for n in red1 red2 blue3 vm1; do run "$VSWCTL" nic del "$n"; done
	kill "$VSWD_PID" 2>/dev/null
	wait 2>/dev/null
	for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
}

step "start vswd on its defaults (log: $LOG)"
"$VSWD" >"$LOG" 2>&1 &
VSWD_PID=$!
for _ in $(seq 50); do "$VSWCTL" version >/dev/null 2>&1 && break; sleep 0.1; done
[ "${KEEP:-0}" = 1 ] || trap teardown EXIT
run "$VSWCTL" version

step "build a switch through vswctl"
for ns in "${NAMESPACES[@]}"; do ip netns add "$ns"; done
run "$VSWCTL" switch add sw0
run "$VSWCTL" port add r1 switch sw0 vlan access 10
run "$VSWCTL" port add r2 switch sw0 vlan access 10
run "$VSWCTL" port add b3 switch sw0 vlan access 20
run "$VSWCTL" port add v1 switch sw0 vlan access 10
run "$VSWCTL" nic add red1 type host netns demo-red1
run "$VSWCTL" nic add red2 type host netns demo-red2
run "$VSWCTL" nic add blue3 type host netns demo-blue3
run "$VSWCTL" nic add vm1 type vm
for p in red1:r1 red2:r2 blue3:b3 vm1:v1; do run "$VSWCTL" nic connect "${p%:*}" port "${p#*:}"; done
ip -n demo-red1 addr add 10.0.0.1/24 dev red1
ip -n demo-red2 addr add 10.0.0.2/24 dev red2
ip -n demo-blue3 addr add 10.0.0.3/24 dev blue3
/usr/bin/python3 "$TOP/selftests/lib/fake_vm.py" vm1 10.0.0.9 02:00:00:00:00:09 >/dev/null &
VM_PID=$!
sleep 0.5

step "what vswd shows"
run "$VSWCTL" switch show
run "$VSWCTL" port show
run "$VSWCTL" nic show

step "traffic"
echo "red1 -> red2 (VLAN 10):"; ip netns exec demo-red1 ping -c 3 -i 0.2 -W 2 10.0.0.2 | tail -n 2
echo "red1 -> vm1 (VLAN 10, over the TAP):"; ip netns exec demo-red1 ping -c 3 -i 0.2 -W 2 10.0.0.9 | tail -n 2
echo "red1 -> blue3 (VLAN 20: kept apart):"; ip netns exec demo-red1 ping -c 2 -i 0.2 -W 1 10.0.0.3 | tail -n 2

step "forwarding database and counters"
run "$VSWCTL" fdb show sw0
run "$VSWCTL" stats port

if [ "${KEEP:-0}" = 1 ]; then
	cat <<EOT

Left running (vswd pid $VSWD_PID). To tear it down:
  $VSWCTL switch del sw0 force
  for n in red1 red2 blue3 vm1; do $VSWCTL nic del \$n; done
  kill $VSWD_PID $VM_PID; ip netns del demo-red1; ip netns del demo-red2; ip netns del demo-blue3
EOT
fi
exit 0
