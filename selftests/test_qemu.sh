#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# QEMU's network scripts, vsw-qemu-ifup and vsw-qemu-ifdown (build/, from
# contrib/vsw-qemu-ifup.in), as QEMU runs them for
# '-netdev tap,script=...,downscript=...':
#
#   hh (10.79.0.1) -- host NIC -- ph \
#                                     sw0 (vswd)
#   g1 (10.79.0.11) -- TAP that QEMU makes -- p1 /   (vsw-qemu-ifup connects it)
#
#   1. called by hand on a TAP: the port from the argument, VSW_PORT_<TAP>,
#      VSW_PORT, or a port named like the TAP, in that order; VSW_MAC; the
#      TAP up, its MTU raised, no IPv6; errors fail the script and leave no
#      NIC behind; ifdown deletes the NIC and the port goes down;
#   2. QEMU does not start when the script fails (no port given);
#   3. the real guest (selftests/lib/guest.sh) on a TAP that QEMU makes:
#      it pings the host and moves 2 MiB of TCP each way through vsw; while
#      it runs the TAP is vm NIC with the guest's MAC on port p1, link up;
#      when the guest powers off, QEMU's downscript deletes the NIC, the
#      port's link is down and the TAP is gone.
# The other way, a vm NIC made first and given to QEMU as ifname= with
# script=no, is selftests/test_guest.sh.
source "$(dirname "$0")/lib/lib.sh"
source "$VSW_TOP/selftests/lib/vswd.sh"
source "$VSW_TOP/selftests/lib/guest.sh"

IFUP="$VSW_TOP/build/vsw-qemu-ifup"
IFDOWN="$VSW_TOP/build/vsw-qemu-ifdown"
TAP="qd$SUFFIX"  # made by the test, for the direct calls
GTAP="qg$SUFFIX" # made by QEMU
SIZE=$((2 << 20))
export VSW_SOCKET=$SOCK

stop_all() {
	guest_stop_all
	stop_vswd "hh-$SUFFIX"
	ip link del "$TAP" 2>/dev/null
	ip link del "$GTAP" 2>/dev/null
	cleanup
}
guest_need
vsw_lib_init
trap stop_all EXIT
guest_prepare

start_vswd || { fail "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
new_ns "hh-$SUFFIX" || exit 1
out=$( { ctl switch add sw0 && ctl port add ph switch sw0 && ctl port add p1 switch sw0 &&
	ctl port add p2 switch sw0 && ctl port add "$TAP" switch sw0 &&
	ctl nic add "hh-$SUFFIX" type host netns "hh-$SUFFIX" && ctl nic connect "hh-$SUFFIX" port ph; } 2>&1) ||
	{ fail "setup: $out"; exit 1; }
ip -n "hh-$SUFFIX" addr add 10.79.0.1/24 dev "hh-$SUFFIX"

# nic_field NIC KEY: a field of 'nic show' in JSON ("" when no such NIC).
nic_field() { ctl -j nic show "$1" 2>/dev/null | jq -r ".[0].$2 // empty"; }
port_link() { ctl -j port show "$1" | jq -r '.[0].link'; }

# ---- 1. by hand, on a TAP made here
ip tuntap add "$TAP" mode tap vnet_hdr || { fail "ip tuntap add $TAP"; exit 1; }
# ifup_as ENV... -- ARGS...: the script with only ENV set beside the socket.
ifup_as() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env -u VSW_PORT -u VSW_MAC "${envs[@]}" "$IFUP" "$@"
}
ifdown_ok() {
	"$IFDOWN" "$TAP" && [ -z "$(nic_field "$TAP" nic)" ] && [ "$(port_link "$1")" = down ] ||
		fail "ifdown $TAP: the NIC '$(nic_field "$TAP" nic)' remains or port $1 is $(port_link "$1")"
}
key=${TAP//[^A-Za-z0-9_]/_}

# A port named like the TAP.
out=$(ifup_as -- "$TAP" 2>&1)
# (No VMM has the TAP open: it has no carrier, the port's link is down.)
[ "$(nic_field "$TAP" port)" = "$TAP" ] &&
	pass "no port given: the port named like the TAP" ||
	fail "port named like the TAP: '$out', nic port '$(nic_field "$TAP" port)'"
mtu=$(cat "/sys/class/net/$TAP/mtu")
[ "$mtu" -gt 1500 ] && [ "$(cat "/proc/sys/net/ipv6/conf/$TAP/disable_ipv6")" = 1 ] &&
	ip link show "$TAP" | grep -q '<.*UP' && pass "the TAP is up, MTU $mtu, IPv6 off" ||
	fail "the TAP: MTU $mtu, disable_ipv6 $(cat "/proc/sys/net/ipv6/conf/$TAP/disable_ipv6"), $(ip -br link show "$TAP")"
ifdown_ok "$TAP"
ctl port del "$TAP" >/dev/null

# VSW_PORT, VSW_PORT_<TAP> over it, the argument over both; VSW_MAC.
ifup_as VSW_PORT=p1 VSW_MAC=52:54:00:79:00:99 -- "$TAP" 2>&1 &&
	[ "$(nic_field "$TAP" port)" = p1 ] && [ "$(nic_field "$TAP" mac)" = 52:54:00:79:00:99 ] &&
	pass "VSW_PORT=p1 VSW_MAC=...: on p1 with the guest's MAC" ||
	fail "VSW_PORT: $(ctl nic show "$TAP" 2>&1)"
ifdown_ok p1
ifup_as VSW_PORT=p1 "VSW_PORT_$key=p2" -- "$TAP" && [ "$(nic_field "$TAP" port)" = p2 ] &&
	pass "VSW_PORT_$key=p2 wins over VSW_PORT" || fail "VSW_PORT_<TAP>: $(ctl nic show "$TAP" 2>&1)"
ifdown_ok p2
ifup_as VSW_PORT=p2 -- "$TAP" p1 && [ "$(nic_field "$TAP" port)" = p1 ] &&
	pass "the argument wins over VSW_PORT" || fail "argument: $(ctl nic show "$TAP" 2>&1)"
ifdown_ok p1

# Errors: a message, a failed script, no NIC left.
out=$(ifup_as -- "$TAP" 2>&1); rc=$?
[ $rc != 0 ] && [[ $out == *"no port for '$TAP'"* ]] && [ -z "$(nic_field "$TAP" nic)" ] &&
	pass "no port at all: fails ($out)" || fail "no port: rc $rc, '$out'"
out=$(ifup_as VSW_PORT=nosuch -- "$TAP" 2>&1); rc=$?
[ $rc != 0 ] && [[ $out == *"cannot connect '$TAP' to port 'nosuch'"* ]] &&
	[ -z "$(nic_field "$TAP" nic)" ] && pass "an unknown port: fails, no NIC left behind" ||
	fail "unknown port: rc $rc, '$out', nic '$(nic_field "$TAP" nic)'"
out=$(ifup_as VSW_PORT=p1 -- "nosuch$SUFFIX" 2>&1); rc=$?
[ $rc != 0 ] && [[ $out == *"no interface"* ]] && pass "no such TAP: fails" ||
	fail "no such TAP: rc $rc, '$out'"
ip link del "$TAP"

# ---- 2. QEMU stops when its script fails.
guest_qemu_args g0 "ifname=$GTAP,script=$IFUP,downscript=$IFDOWN" 52:54:00:79:00:10
out=$(env -u VSW_PORT timeout 60 "$QEMU" "${QEMU_ARGS[@]}" </dev/null 2>&1); rc=$?
[ $rc != 0 ] && [ $rc != 124 ] && [[ $out == *"no port for '$GTAP'"* ]] &&
	[ -z "$(nic_field "$GTAP" nic)" ] && pass "QEMU refuses to start without a port: exit $rc" ||
	fail "QEMU without a port: exit $rc, '$out'"

# ---- 3. The real guest on a TAP that QEMU makes.
XFER="$VSW_TOP/selftests/lib/tcp_xfer.py"
head -c $SIZE /dev/urandom >"$TMPD/data"
want=$(sha256sum "$TMPD/data" | cut -d' ' -f1)
hexec hh "$PY" "$XFER" sink 5001 $((WAIT + 30)) >"$TMPD/sink" 2>&1 &
SINK=$!
hexec hh "$PY" "$XFER" source 5002 "$TMPD/data" $((WAIT * 2 + 30)) >"$TMPD/source" 2>&1 &
SOURCE=$!
wait_for 100 grep -q ready "$TMPD/sink" && wait_for 100 grep -q ready "$TMPD/source" ||
	{ fail "host listeners"; exit 1; }
start=$(date +%s)
VSW_PORT=p1 VSW_MAC=52:54:00:79:00:11 boot_guest g1 \
	"ifname=$GTAP,script=$IFUP,downscript=$IFDOWN" 52:54:00:79:00:11 \
	guest.ip=10.79.0.11/24 guest.peer=10.79.0.1 guest.role=host guest.rx=5001 guest.tx=5002 \
	guest.size=$SIZE
QEMU_PID=${QEMU_PIDS[-1]}
wait_for 600 grep -q '^GUEST up' "$TMPD/g1.log" ||
	fail "g1 did not come up: $(tail -n3 "$TMPD/g1.log") $(cat "$TMPD/g1.qemu")"
[ "$(nic_field "$GTAP" port)" = p1 ] && [ "$(nic_field "$GTAP" link)" = up ] &&
	[ "$(nic_field "$GTAP" mac)" = 52:54:00:79:00:11 ] && [ "$(port_link p1)" = up ] &&
	pass "while QEMU runs: vm NIC $GTAP on p1, link up, the guest's MAC" ||
	fail "while QEMU runs: $(ctl nic show "$GTAP" 2>&1)"
guest_wait g1
[ "$(guest_line g1 ping)" = 5/5 ] && pass "g1 pings the host 5/5" ||
	fail "g1 pings the host: $(guest_line g1 ping || echo none) of 5"
wait "$SINK"
read -r _ bytes _ sum _ conn < <(grep '^bytes ' "$TMPD/sink")
read -r gbytes _ gsum < <(guest_line g1 "tx bytes")
[ "${conn:-0}" = 1 ] && [ "$bytes" = $SIZE ] && [ "$sum" = "$gsum" ] &&
	pass "TCP g1 -> host: $SIZE bytes, sha256 matches" ||
	fail "TCP g1 -> host: ${bytes:-0} of ${gbytes:-?} bytes (the guest's nc: $(nc_said g1 tx))"
kill "$SOURCE" 2>/dev/null; wait "$SOURCE" 2>/dev/null
read -r rbytes _ rsum < <(guest_line g1 "rx bytes")
[ "$rbytes" = $SIZE ] && [ "$rsum" = "$want" ] && pass "TCP host -> g1: $SIZE bytes, sha256 matches" ||
	fail "TCP host -> g1: ${rbytes:-0} of $SIZE bytes (its nc: $(nc_said g1 rx))"
# The guest powered off: QEMU runs the downscript and exits.
qemu_gone() { ! kill -0 "$QEMU_PID" 2>/dev/null; }
wait_for 300 qemu_gone || fail "QEMU did not exit after the guest's poweroff"
[ -z "$(nic_field "$GTAP" nic)" ] && [ "$(port_link p1)" = down ] && [ ! -e "/sys/class/net/$GTAP" ] &&
	pass "QEMU exited: its downscript deleted the NIC, p1 is down, the TAP is gone" ||
	fail "after QEMU: nic '$(nic_field "$GTAP" nic)', p1 $(port_link p1), TAP $(ip -br link show "$GTAP" 2>&1)"
log "guest run: $(($(date +%s) - start))s"
show_guests g1
exit $ret
