#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Real stacks across the switch at their default offloads, set up through
# vswd and vswctl only: TCP (iperf3, >= 20 MiB in 2 s, both directions) and UDP
# between two host NICs, between a host NIC and a VM, and between two
# VMs. Bytes are counted at the receiving socket (iperf3's receiver): a
# stack drops a segment whose checksum is wrong, so a checksum left to an
# offload that the switch lost shows as missing bytes, not as a tcpdump
# verdict. Last, 9000-byte frames between two host NICs set to MTU 9000
# (skb-path only: a native program on veth caps the peer's MTU at a page),
# and a destination whose MTU is smaller than its sender's.
#
# The VMs are played by build/vmm-relay: a VMM whose guest is the kernel
# stack of a namespace behind a TAP of its own with virtio-net's default
# offloads, so what it writes into the VM NIC's TAP is flagged NEEDS_CSUM
# and its TCP comes in GSO frames of up to 64 KB. The relay's counters
# prove those kinds of frame were sent.
#
# Twice: with vswd's default for host NICs (--host-nics tx-off: native
# XDP, tx checksumming off on the host side) and with --host-nics
# skb-path (generic XDP, offloads on); VM NICs take the skb path in both.
#
#   ha (10.0.0.1) -- host NIC ha -- pa \
#   hb (10.0.0.2) -- host NIC hb -- pb  \
#                                        sw0 (vswd)
#   ga (10.0.0.11) -- relay -- vm NIC va -- pva /
#   gb (10.0.0.12) -- relay -- vm NIC vb -- pvb/
if [ -z "${HOST_NICS:-}" ]; then
	rc=0
	for mode in tx-off skb-path; do
		echo "== vswd --host-nics $mode"
		HOST_NICS=$mode bash "$0"
		r=$?
		[ $r = 4 ] && exit 4 # a skip says why, and holds for both
		[ $r = 0 ] || rc=1
	done
	exit $rc
fi
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

RELAY="$VSW_TOP/build/vmm-relay"
BYTES=$((20 * 1024 * 1024))
HOSTS=(ha hb)
GUESTS=(ga gb)
ns() { echo "$1-$SUFFIX"; }
tap() { echo "v${1#g}-$SUFFIX"; } # ga -> va-SUFFIX

stop_all() {
	local g
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	stop_vswd "ha-$SUFFIX" "hb-$SUFFIX"
	for g in "${GUESTS[@]}"; do ip link del "$(tap "$g")" 2>/dev/null; done
	cleanup
}

command -v iperf3 >/dev/null || { log "SKIP: no iperf3 (make deps installs it)"; exit 4; }
[ -x "$RELAY" ] || { log "no $RELAY: run make first"; exit 1; }
vsw_lib_init
trap stop_all EXIT
start_vswd --host-nics "$HOST_NICS" || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
for n in "${HOSTS[@]}" "${GUESTS[@]}"; do new_ns "$(ns "$n")" || exit 1; done
ctl switch add sw0 &&
for p in pa pb pva pvb; do ctl port add "$p" switch sw0 || exit 1; done &&
for h in "${HOSTS[@]}"; do ctl nic add "$(ns "$h")" type host netns "$(ns "$h")" || exit 1; done &&
for g in "${GUESTS[@]}"; do ctl nic add "$(tap "$g")" type vm || exit 1; done &&
ctl nic connect "$(ns ha)" port pa && ctl nic connect "$(ns hb)" port pb &&
ctl nic connect "$(tap ga)" port pva && ctl nic connect "$(tap gb)" port pvb ||
	{ log "setup through vswctl failed: $(cat "$TMPD/vswd.log")"; exit 1; }
ip -n "$(ns ha)" addr add 10.0.0.1/24 dev "$(ns ha)"
ip -n "$(ns hb)" addr add 10.0.0.2/24 dev "$(ns hb)"
i=11
for g in "${GUESTS[@]}"; do
	"$RELAY" "$(tap "$g")" "$(ns "$g")" eth0 >"$TMPD/$g.relay" 2>&1 &
	PIDS+=($!)
	eval "RELAY_$g=$!"
	wait_for 50 grep -q ready "$TMPD/$g.relay" || { log "relay $g: $(cat "$TMPD/$g.relay")"; exit 1; }
	ip -n "$(ns "$g")" addr add "10.0.0.$i/24" dev eth0
	ip -n "$(ns "$g")" link set eth0 up
	i=$((i + 1))
done
declare -A IP=([ha]=10.0.0.1 [hb]=10.0.0.2 [ga]=10.0.0.11 [gb]=10.0.0.12)

# ---- what vswd chose, as nic show says ----
show=$(ctl nic show "$(ns ha)")
feat=$(ip netns exec "$(ns ha)" ethtool -k "$(ns ha)")
if [ "$HOST_NICS" = tx-off ]; then
	want_show="xdp native checksum tx-off" want_tx=off want_tso=off
else
	want_show="xdp generic checksum skb-path" want_tx=on want_tso=on
fi
case "$show" in
*"$want_show"*) pass "host NIC: $want_show" ;;
*) fail "host NIC: $show" ;;
esac
grep -q "^tx-checksumming: $want_tx" <<<"$feat" && grep -q "^tcp-segmentation-offload: $want_tso" <<<"$feat" &&
	grep -q "tx-checksum-sctp: $want_tx" <<<"$feat" &&
	pass "the host NIC's tx checksumming (SCTP's CRC too) is $want_tx, TSO $want_tso" ||
	fail "host NIC offloads: $(grep -E '^(tx-checksumming|tcp-segmentation-offload)|tx-checksum-sctp' <<<"$feat")"
show=$(ctl -j nic show "$(tap ga)")
"$PY" -c 'import json,sys; n=json.loads(sys.argv[1])[0]; sys.exit(not (n["xdp"]=="generic" and n["checksum"]=="skb-path"))' "$show" &&
	pass "VM NIC: generic XDP, checksum skb-path (JSON)" || fail "VM NIC: $show"

# Every pair can talk (ARP, ICMP) before the real traffic starts.
for dst in hb ga gb; do
	wait_for 30 ip netns exec "$(ns ha)" ping -c1 -W1 "${IP[$dst]}" >/dev/null ||
		{ fail "ha cannot ping $dst"; exit 1; }
done
wait_for 30 ip netns exec "$(ns ga)" ping -c1 -W1 "${IP[gb]}" >/dev/null ||
	{ fail "ga cannot ping gb"; exit 1; }
for n in hb ga gb; do
	ip netns exec "$(ns "$n")" iperf3 -s -p 5201 >"$TMPD/$n.iperf" 2>&1 &
	PIDS+=($!)
done
listening() { ip netns exec "$(ns "$1")" ss -ltn | grep -q ":5201 "; }
for n in hb ga gb; do
	wait_for 50 listening "$n" || { fail "no iperf3 server in $n"; exit 1; }
done

# received FROM TO [iperf3 options]: run iperf3 from FROM's namespace to
# TO's server; print the bytes that TO's receiving socket counted.
received() {
	local from=$1 to=$2; shift 2
	timeout 60 ip netns exec "$(ns "$from")" iperf3 -c "${IP[$to]}" -J --connect-timeout 3000 "$@" \
		>"$TMPD/run.json" 2>&1
	"$PY" -c 'import json,sys
e = json.load(open(sys.argv[1])).get("end", {})
print(int(e.get("sum_received", e.get("sum", {})).get("bytes", 0)))' "$TMPD/run.json" 2>/dev/null || echo 0
}

# tcp_both A B: two seconds of TCP A -> B, then B -> A (-R: B's stack
# sends); at least 20 MiB must reach the receiving socket each time.
# (iperf3 -n would end the count when the sender is done, short of what
# is still in flight.)
tcp_both() {
	local a=$1 b=$2 n
	n=$(received "$a" "$b" -t 2)
	[ "$n" -ge "$BYTES" ] && pass "TCP $a -> $b: $n bytes received in 2 s" ||
		fail "TCP $a -> $b: $n bytes received in 2 s, want >= $BYTES ($(tail -c 300 "$TMPD/run.json"))"
	n=$(received "$a" "$b" -t 2 -R)
	[ "$n" -ge "$BYTES" ] && pass "TCP $b -> $a: $n bytes received in 2 s" ||
		fail "TCP $b -> $a: $n bytes received in 2 s, want >= $BYTES ($(tail -c 300 "$TMPD/run.json"))"
}

# udp A B: 2 MiB of UDP at 20 Mbit/s, 1400-byte datagrams; at least 3/4
# arrive. A datagram whose checksum the switch left wrong never does (the
# receiving stack drops it), so the bar only has to be above what a busy
# machine loses at a one-thread VMM relay (it lost up to 45 % at 50 Mbit/s
# with other builds running).
udp() {
	local a=$1 b=$2 n want=$((2 * 1024 * 1024 * 3 / 4))
	n=$(received "$a" "$b" -u -b 20M -l 1400 -n 2M)
	[ "$n" -ge "$want" ] && pass "UDP $a -> $b: $n bytes received" ||
		fail "UDP $a -> $b: $n bytes received, want >= $want ($(tail -c 300 "$TMPD/run.json"))"
}

tcp_both ha hb
udp ha hb
tcp_both ha ga
udp ga hb
tcp_both ga gb
udp ga gb

# nic_mtu NIC: the MTU that nic show says the switch checks against.
nic_mtu() {
	ctl -j nic show "$1" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0].get("mtu", 0))'
}
mtu_drops() {
	ctl -j stats port "$1" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["drops"].get("mtu", 0))'
}

# ---- jumbo frames: host NICs whose owner set MTU 9000 ----
jumbo=1
for h in "${HOSTS[@]}"; do
	if ! err=$(ip -n "$(ns "$h")" link set "$(ns "$h")" mtu 9000 2>&1); then
		jumbo=0
		break
	fi
done
if [ $jumbo = 0 ] && [ "$HOST_NICS" = tx-off ]; then
	# veth caps the peer of a native XDP program at one page (~3.5 KB)
	# unless the program takes multi-buffer frames (xdp.frags).
	log "skip: jumbo frames on native-XDP host NICs need a multi-buffer ingress program ($err)"
elif [ $jumbo = 0 ]; then
	fail "MTU 9000 refused on a host NIC: $err"
else
	# vswd follows an MTU set in the NIC's namespace at once: no frame
	# may be dropped as too long for the old one.
	wait_for 20 eval '[ "$(nic_mtu "$(ns hb)")" = 9000 ]' &&
		pass "nic show follows the host side's new MTU: 9000" ||
		fail "nic show says mtu $(nic_mtu "$(ns hb)") after the host side went to 9000"
	ip netns exec "$(ns ha)" ping -c 2 -W 2 -M do -s 8972 "${IP[hb]}" >/dev/null &&
		pass "9000-byte frames cross between two MTU-9000 host NICs (ping -M do -s 8972)" ||
		fail "no 9000-byte ping from ha to hb"
	n=$(received ha hb -t 2 -M 8900)
	[ "$n" -ge "$BYTES" ] && pass "TCP ha -> hb at MSS 8900: $n bytes received in 2 s" ||
		fail "TCP ha -> hb at MSS 8900: $n bytes received"
fi

# ---- a smaller MTU behind the destination: dropped and counted as mtu ----
# hb goes down to 1280. ha's 1428-byte ping cannot be a GSO frame: the
# switch drops it and counts it on hb's port. TCP from ha still flows: its
# MSS follows hb's, and on the skb path ha's GSO frames (longer than 1280)
# must pass, to be segmented at hb's veth.
ip -n "$(ns hb)" link set "$(ns hb)" mtu 1280
wait_for 20 eval '[ "$(nic_mtu "$(ns hb)")" = 1280 ]' &&
	pass "nic show: hb's MTU 1280" || fail "nic show says mtu $(nic_mtu "$(ns hb)") for hb at 1280"
before=$(mtu_drops pb)
! ip netns exec "$(ns ha)" ping -c 2 -W 1 -M do -s 1400 "${IP[hb]}" >/dev/null &&
	pass "a 1428-byte ping does not reach hb at MTU 1280" || fail "a 1428-byte ping reached hb at MTU 1280"
after=$(mtu_drops pb)
[ $((after - before)) -ge 2 ] && pass "port pb counted $((after - before)) drops as mtu" ||
	fail "port pb counted $((after - before)) mtu drops, want 2"
ip netns exec "$(ns ha)" ping -c 1 -W 2 -M do -s 1252 "${IP[hb]}" >/dev/null &&
	pass "a 1280-byte ping still reaches hb" || fail "no 1280-byte ping from ha to hb"
n=$(received ha hb -t 2)
[ "$n" -ge "$BYTES" ] && pass "TCP ha -> hb at hb's MTU 1280: $n bytes received in 2 s" ||
	fail "TCP ha -> hb at hb's MTU 1280: $n bytes received"
ip -n "$(ns hb)" link set "$(ns hb)" mtu 1500

# ---- what the guests really sent: checksums and segmentation left to offload ----
for g in "${GUESTS[@]}"; do eval "kill \$RELAY_$g"; done
wait_for 50 grep -q "^to-guest" "$TMPD/ga.relay"
read -r _ _ frames _ csum _ gso _ maxlen < <(grep "^from-guest" "$TMPD/ga.relay")
[ "${csum:-0}" -gt 1000 ] && pass "guest ga sent $csum of $frames frames flagged NEEDS_CSUM" ||
	fail "guest ga: $(cat "$TMPD/ga.relay")"
[ "${gso:-0}" -gt 100 ] && [ "${maxlen:-0}" -gt 20000 ] &&
	pass "guest ga sent $gso GSO frames, up to $maxlen bytes" ||
	fail "guest ga sent no large GSO frames: $(cat "$TMPD/ga.relay")"
drops=$(ctl -j stats port pva | "$PY" -c 'import json,sys; print(sum(json.load(sys.stdin)[0]["drops"].values()))')
[ "$drops" = 0 ] && pass "nothing the guest sent was dropped by the switch" ||
	fail "port pva counted $drops drops"
exit $ret
