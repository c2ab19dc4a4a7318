#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TCP across two hosts over VXLAN (docs/multihost.md): vsw's VXLAN NIC
# against a Linux bridge with a kernel vxlan device, in the same
# topology: each host a namespace whose underlay veth (MTU 1600) sits on
# a bridge in a third namespace, one workload namespace per host.
#
#   vsw:  w1 -- host NIC -- sw0 (vswd) -- vxlan NIC ~ ul0 == br == ul0 ~ ... -- w2
#   br:   b1 -- veth -- br0 + vxlan0 (kernel) ~ ul0 == br == ul0 ~ ...       -- b2
#
# vswd runs its defaults: the host NICs on the skb path, their TCP in GSO
# frames, and its virtual underlays without UDP tunnel segmentation
# offload (docs/multihost.md, A virtual underlay), so GSO frames are cut
# into packets before they cross. The kernel's setup is measured twice:
# as it comes (its GSO frames cross the veths whole and its vxlan device
# takes them apart whole), and with the same offload off on its
# underlays ("k-seg"), the cost vsw pays. Prints Mbit/s per setup and
# streams, ROUNDS rounds of SECS seconds each, alternating.
#
# Then encapsulated known unicast in the closed loop of the other
# benchmarks (selftests/perf/run.sh), against its bare redirect loop:
#
#   vsw:  fa [perf_loop] == host NIC ~ sw0 ~ VXLAN NIC == ul0 == br0 == u0 [perf_loop -X]
#   bare: fa [perf_loop] == na [perf_limit] <-> nb [perf_limit] == fb [perf_loop]
#
# u0 plays the remote VTEP: it swaps the outer MACs and addresses and the
# inner MACs, so each frame comes back through the decap, the switch and
# out of fa, which sends it again, now a known unicast behind the VTEP.
# 64-byte frames; packets/s at fa, ROUNDS rounds of SECS seconds. The
# host NIC is tx-off here (native XDP: fa's XDP_TX needs NAPI on its
# peer). u0 sits behind a bridge, as a remote VTEP would: a frame the
# encap redirected skips generic XDP at a veth's far end until some
# netdev's ingress has seen it (docs/multihost.md, Limits), and its
# bridge port runs XDP_PASS for the NAPI u0's XDP_TX needs.
#
#   sudo selftests/perf/bench_vxlan.sh            # ROUNDS=3 SECS=4
source "$(dirname "$0")/../lib/lib.sh"

ROUNDS=${ROUNDS:-3}
SECS=${SECS:-4}
VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
VPIDS=()
ns() { echo "bx$1-$SUFFIX"; }

stop_all() {
	local pid
	for pid in "${VPIDS[@]}"; do kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
	for h in 1 2 3; do
		[ -d "$BPFFS-$h/sw0" ] && nsenter --net="/run/netns/$(ns "v$h")" "$VSW_DP" \
			-b "$BPFFS-$h" destroy sw0 >/dev/null 2>&1
		rm -rf "$BPFFS-$h"
	done
	cleanup
}
command -v iperf3 >/dev/null || { log "SKIP: no iperf3"; exit 4; }
vsw_lib_init
trap stop_all EXIT

# underlays: one bridge namespace per setup, hosts v1 v2 (vsw), k1 k2 (kernel)
for s in v k; do
	fabric_init "$(ns "ul$s")" || exit 1
	for i in 1 2; do
		new_ns "$(ns "$s$i")" && new_ns "$(ns "w$s$i")" || exit 1
		fabric_join "$(ns "ul$s")" "u$s$i" "$(ns "$s$i")" "192.168.78.$i/24" 1600 || exit 1
	done
done

# vsw: a vswd per host
for i in 1 2; do
	sock="$TMPD/v$i.sock"
	nsenter --net="/run/netns/$(ns "v$i")" "$VSWD" --state-dir "$TMPD/s$i" --socket "$sock" \
		--bpffs "$BPFFS-$i" --metrics none >>"$TMPD/vswd$i.log" 2>&1 &
	VPIDS+=($!)
	wait_for 50 "$VSWCTL" -s "$sock" version >/dev/null || { fail "vswd $i"; exit 1; }
	c() { "$VSWCTL" -s "$sock" "$@"; }
	c switch add sw0 && c port add pw switch sw0 && c port add pv switch sw0 &&
	c nic add w type host netns "$(ns "wv$i")" ifname eth0 && c nic connect w port pw &&
	c nic add vx type vxlan vni 100 local "192.168.78.$i" remote "192.168.78.$((3 - i))" &&
	c nic connect vx port pv || { fail "vsw setup $i"; exit 1; }
	ip -n "$(ns "wv$i")" addr add "10.2.0.$i/24" dev eth0
	ip -n "$(ns "wv$i")" link set eth0 up
done
# kernel: bridge + vxlan device per host
for i in 1 2; do
	h=$(ns "k$i")
	ip -n "$h" link add br0 type bridge && ip -n "$h" link set br0 up
	ip -n "$h" link add vxlan0 type vxlan id 100 local "192.168.78.$i" dstport 4789 \
		nolearning && ip -n "$h" link set vxlan0 master br0 up
	ip netns exec "$h" bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst "192.168.78.$((3 - i))"
	ip link add eth0 netns "$(ns "wk$i")" type veth peer name wk netns "$h"
	ip -n "$h" link set wk master br0 up
	ip -n "$(ns "wk$i")" addr add "10.2.0.$i/24" dev eth0
	ip -n "$(ns "wk$i")" link set eth0 up
done
for s in v k; do
	ip netns exec "$(ns "w${s}1")" ping -c 3 -i 0.2 -W 1 -q 10.2.0.2 >/dev/null ||
		{ fail "setup $s: no ping"; exit 1; }
	ip netns exec "$(ns "w${s}2")" iperf3 -s -D -I "$TMPD/ip$s.pid" >/dev/null
done
sleep 0.5

run() { # setup streams
	ip netns exec "$(ns "w${1:0:1}1")" iperf3 -c 10.2.0.2 -t "$SECS" -P "$2" -J 2>/dev/null |
		jq '(.end.sum_received.bits_per_second // 0) / 1e6 | floor'
}
# the kernel's underlays with or without UDP tunnel segmentation offload
kseg() { # on|off
	for i in 1 2; do
		ip netns exec "$(ns "k$i")" ethtool -K ul0 tx-udp_tnl-segmentation "$1" \
			tx-udp_tnl-csum-segmentation "$1" >/dev/null
	done
}
name() { case $1 in v) echo vsw;; k) echo br+vxlan;; k-seg) echo "br+vxlan, segmented";; esac; }
declare -A sum
for r in $(seq "$ROUNDS"); do
	for st in 1 4; do
		for s in v k k-seg; do
			[ "$s" = k-seg ] && kseg off
			m=$(run "$s" "$st")
			[ "$s" = k-seg ] && kseg on
			sum[$s$st]=$(( ${sum[$s$st]:-0} + ${m:-0} ))
			log "round $r: $(name "$s") streams $st: $m Mbit/s"
		done
	done
done
for st in 1 4; do
	v=$(( sum[v$st] / ROUNDS )) k=$(( sum[k$st] / ROUNDS )) ks=$(( sum[k-seg$st] / ROUNDS ))
	log "mean, $st stream(s): vsw $v Mbit/s, Linux bridge + vxlan $k Mbit/s (ratio $(
		echo "scale=2; $v / ($k + (k == 0))" | bc)), the same segmented $ks Mbit/s (ratio $(
		echo "scale=2; $v / ($ks + (ks == 0))" | bc))"
done
for s in v k; do kill "$(cat "$TMPD/ip$s.pid" 2>/dev/null)" 2>/dev/null; done

# ---- the closed loop: encapsulated known unicast against a bare redirect ----
PERF="$VSW_TOP/build/vsw-perf"
SRC=02:00:00:00:0f:0a DST=02:00:00:00:0f:0b
new_ns "$(ns v3)" && fabric_init "$(ns lp)" || exit 1
ip netns exec "$(ns lp)" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
fabric_join "$(ns lp)" ub0 "$(ns v3)" 192.168.79.1/24 || exit 1
ip -n "$(ns lp)" link add u0 type veth peer name ub1 &&
	ip -n "$(ns lp)" link set ub1 master br0 up && ip -n "$(ns lp)" link set u0 up || exit 1
"$PERF" pass -n "$(ns lp)" -i ub1 || { fail "XDP_PASS on ub1"; exit 1; }
ip -n "$(ns v3)" neigh add 192.168.79.2 lladdr "$(ip -n "$(ns lp)" -br link show u0 |
	awk '{print $3}')" dev ul0
sock="$TMPD/v3.sock"
nsenter --net="/run/netns/$(ns v3)" "$VSWD" --state-dir "$TMPD/s3" --socket "$sock" \
	--bpffs "$BPFFS-3" --metrics none --host-nics tx-off >>"$TMPD/vswd3.log" 2>&1 &
VPIDS+=($!)
wait_for 50 "$VSWCTL" -s "$sock" version >/dev/null || { fail "vswd 3"; exit 1; }
c() { "$VSWCTL" -s "$sock" "$@"; }
c switch add sw0 && c port add pa switch sw0 && c port add pv switch sw0 &&
	c nic add la type host netns "$(ns lp)" ifname fa && c nic connect la port pa &&
	c nic add vx type vxlan vni 100 local 192.168.79.1 dev ul0 remote 192.168.79.2 &&
	c nic connect vx port pv || { fail "loop setup"; exit 1; }
# perf_loop is single-buffer XDP: veth refuses it while the peer's MTU
# (vswd raises it) is above a page
ip -n "$(ns v3)" link set vsw-la mtu 1500 && ip -n "$(ns lp)" link set fa mtu 1500 up
# the bare loop beside it
for p in "fb2 nb2" "fa2 na2"; do
	set -- $p
	ip -n "$(ns lp)" link add "$1" type veth peer name "$2" &&
		ip -n "$(ns lp)" link set "$1" up && ip -n "$(ns lp)" link set "$2" up
done
"$PERF" bare -n "$(ns lp)" -i na2 -o nb2 && "$PERF" bare -n "$(ns lp)" -i nb2 -o na2 ||
	{ fail "bare loop setup"; exit 1; }

loop_pps() { # far-a far-b [options]
	local a=$1 b=$2; shift 2
	"$PERF" loop -n "$(ns lp)" -a "$a" -b "$b" -t "$SECS" -S "$SRC" -D "$DST" "$@" |
		sed -n 's/^pps=\([0-9]*\).*/\1/p'
}
lv=() lb=()
for r in $(seq "$ROUNDS"); do
	v=$(loop_pps fa u0 -X) b=$(loop_pps fa2 fb2)
	lv+=("${v:-0}") lb+=("${b:-0}")
	log "round $r: closed loop, 64 bytes: vsw VXLAN ${v:-0} pps, bare redirect ${b:-0} pps"
done
med() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
v=$(med "${lv[@]}") b=$(med "${lb[@]}")
st=$(c -j nic show vx | jq -r '.[0] | "encap \(.encap) decap \(.decap)"')
[ "${v:-0}" -gt 0 ] || fail "the VXLAN loop carried nothing ($st)"
log "median, closed loop: vsw VXLAN $v pps, bare redirect $b pps, ratio $(
	echo "scale=2; $v / ($b + (b == 0))" | bc) (vx: $st)"
exit $ret
