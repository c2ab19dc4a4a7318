#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# VXLAN across three hosts with static remote lists (flood-and-learn),
# docs/multihost.md. Each host is a namespace with its own vswd (own
# socket, state directory and pin root) and switch; their underlay NICs
# ul0 (192.168.77.H/24, MTU 1600) are veths on a Linux bridge in a
# fourth namespace. On each host, workload wa (10.1.0.H) is in VLAN 10 =
# VNI 100 and wb (10.1.0.1H, the same subnet) in VLAN 20 = VNI 200.
# Hosts 1 and 2 carry both VNIs on one VXLAN NIC on a trunk port
# (vni-map 10=100,20=200); host 3 has one VXLAN NIC per VNI on access
# ports, both on the same underlay.
#
#   wa1 wb1      wa2 wb2      wa3 wb3
#    |   |        |   |        |   |
#   sw0(vswd)    sw0(vswd)    sw0(vswd)
#    vx (trunk)   vx (trunk)   vx100 vx200 (access)
#    ul0          ul0          ul0
#     \___________ br0 (underlay) ___/
#
# Checked: pings within each VNI across all hosts, none across VNIs; a
# broadcast reaches each remote member of its VNI exactly once and no
# member of the other VNI; the underlay carries VXLAN with the VNI and
# UDP source ports that vary with the flow, in packets the underlay's MTU
# carries; TCP across hosts with its bytes counted at the receiver, from
# and to host NICs and a VM NIC; fdb show names the VTEP of a remote MAC;
# nic show counts; the configuration survives a vswd restart; a
# disconnected underlay has its offloads and no XDP.
#
# Hosts 1 and 2 run vswd's default for host NICs (--host-nics skb-path:
# their stacks leave checksums and segmentation to offload, and their TCP
# comes in GSO frames of up to 64 KB), host 3 runs --host-nics tx-off
# (complete frames). On host 1 a VM NIC (10.1.0.21, VNI 100) is played by
# build/vmm-relay, a guest stack behind a TAP with virtio-net's offloads.
source "$(dirname "$0")/lib/lib.sh"

VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
UL_NS="vxul-$SUFFIX"
HOSTS=(1 2 3)
VPIDS=()
hns() { echo "vxh$1-$SUFFIX"; }
wns() { echo "w$1-$SUFFIX"; } # w a1 -> wa1-SUFFIX
hsock() { echo "$TMPD/vswd$1.sock"; }
hpins() { echo "$BPFFS-h$1"; }
ctlh() { local h=$1; shift; "$VSWCTL" -s "$(hsock "$h")" "$@"; }
inh() { local h=$1; shift; nsenter --net="/run/netns/$(hns "$h")" "$@"; }
inw() { local w=$1; shift; ip netns exec "$(wns "$w")" "$@"; }

# Stop the test's helpers (tcpdump), not the vswds.
stop_pids() {
	local pid
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
	PIDS=()
}

host_nics() { [ "$1" = 3 ] && echo tx-off || echo skb-path; }

start_host_vswd() {
	local h=$1
	# nsenter itself in the background (a function would be a subshell,
	# and $! not vswd's pid)
	nsenter --net="/run/netns/$(hns "$h")" "$VSWD" --state-dir "$TMPD/state$h" --socket "$(hsock "$h")" \
		--bpffs "$(hpins "$h")" --metrics 127.0.0.1:9469 --host-nics "$(host_nics "$h")" \
		>>"$TMPD/vswd$h.log" 2>&1 &
	VPIDS[$h]=$!
	wait_for 50 ctlh "$h" version >/dev/null
}

stop_host_vswd() {
	local h=$1
	[ -n "${VPIDS[$h]:-}" ] || return 0
	kill -9 "${VPIDS[$h]}" 2>/dev/null
	wait "${VPIDS[$h]}" 2>/dev/null
	VPIDS[$h]=
}

stop_all() {
	local h
	stop_pids
	[ -n "${RELAY_PID:-}" ] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null
	for h in "${HOSTS[@]}"; do
		stop_host_vswd "$h"
		# the switch first (it detaches from the netdevs), then the pins
		[ -d "$(hpins "$h")/sw0" ] && inh "$h" "$VSW_DP" -b "$(hpins "$h")" destroy sw0 \
			>/dev/null 2>&1
		rm -rf "$(hpins "$h")"
	done
	if [ "$ret" != 0 ]; then
		for h in "${HOSTS[@]}"; do
			echo "--- vswd $h log"; tail -20 "$TMPD/vswd$h.log" 2>/dev/null
		done
	fi
	cleanup
}

for t in iperf3 tcpdump jq; do
	command -v $t >/dev/null || { log "SKIP: no $t (make deps installs it)"; exit 4; }
done
vsw_lib_init
trap stop_all EXIT

# The underlay: a bridge, one veth per host. Its MTU takes a 1500-byte
# frame plus the 50 bytes of VXLAN.
fabric_init "$UL_NS" || exit 1
for h in "${HOSTS[@]}"; do
	new_ns "$(hns "$h")" || exit 1
	fabric_join "$UL_NS" "u$h" "$(hns "$h")" "192.168.77.$h/24" 1600 || exit 1
	for w in a b; do new_ns "$(wns "$w$h")" || exit 1; done
	start_host_vswd "$h" || { fail "vswd $h does not start"; exit 1; }
done

remotes() { # the other hosts' VTEPs
	local h=$1 o list=
	for o in "${HOSTS[@]}"; do [ "$o" = "$h" ] || list+="${list:+,}192.168.77.$o"; done
	echo "$list"
}

for h in "${HOSTS[@]}"; do
	out=$( {
		ctlh "$h" switch add sw0 &&
		ctlh "$h" port add pa switch sw0 vlan access 10 &&
		ctlh "$h" port add pb switch sw0 vlan access 20 &&
		for w in a b; do
			ctlh "$h" nic add "w$w$h" type host netns "$(wns "$w$h")" ifname eth0 &&
			ctlh "$h" nic connect "w$w$h" port "p$w" || exit 1
		done
		if [ "$h" != 3 ]; then
			ctlh "$h" port add pv switch sw0 vlan trunk 10,20 &&
			ctlh "$h" nic add vx type vxlan vni-map 10=100,20=200 local "192.168.77.$h" \
				remote "$(remotes "$h")" &&
			ctlh "$h" nic connect vx port pv
		else
			ctlh "$h" port add pv1 switch sw0 vlan access 10 &&
			ctlh "$h" port add pv2 switch sw0 vlan access 20 &&
			ctlh "$h" nic add vx100 type vxlan vni 100 local 192.168.77.3 dev ul0 \
				dstport 4789 remote "$(remotes "$h")" &&
			ctlh "$h" nic add vx200 type vxlan vni 200 local 192.168.77.3 dev ul0 \
				remote "$(remotes "$h")" &&
			ctlh "$h" nic connect vx100 port pv1 && ctlh "$h" nic connect vx200 port pv2
		fi
	} 2>&1) || { fail "host $h: setup: $out"; exit 1; }
	inw "a$h" ip addr add "10.1.0.$h/24" dev eth0 && inw "a$h" ip link set eth0 up
	inw "b$h" ip addr add "10.1.0.1$h/24" dev eth0 && inw "b$h" ip link set eth0 up
done
pass "three hosts, each its own vswd, VXLAN NICs on trunk and access ports"

# A VM NIC on host 1, VNI 100; the relay opens its TAP in host 1's netns.
new_ns "$(wns g1)" || exit 1
out=$( { ctlh 1 nic add vg1 type vm && ctlh 1 port add pg switch sw0 vlan access 10 &&
	ctlh 1 nic connect vg1 port pg; } 2>&1) || { fail "VM NIC: $out"; exit 1; }
nsenter --net="/run/netns/$(hns 1)" "$VSW_TOP/build/vmm-relay" vg1 "$(wns g1)" eth0 \
	>"$TMPD/g1.relay" 2>&1 &
RELAY_PID=$!
wait_for 50 grep -q ready "$TMPD/g1.relay" || { fail "relay: $(cat "$TMPD/g1.relay")"; exit 1; }
inw g1 ip addr add 10.1.0.21/24 dev eth0 && inw g1 ip link set eth0 up
# VX_HOLD=SECONDS: keep the hosts that long for a look (names in the log).
[ -n "${VX_HOLD:-}" ] && { log "holding: suffix $SUFFIX, $TMPD"; sleep "$VX_HOLD"; }

# Bad input is refused with a reason.
check_refused() { # expected-words command...
	local want=$1; shift
	if out=$("$@" 2>&1); then
		fail "accepted: $*"
	elif ! grep -qi -- "$want" <<<"$out"; then
		fail "refused without saying '$want': $* -> $out"
	fi
}
check_refused "vni" ctlh 1 nic add bad1 type vxlan local 192.168.77.1
check_refused "local" ctlh 1 nic add bad2 type vxlan vni 5
check_refused "vni '0'" ctlh 1 nic add bad3 type vxlan vni 0 local 192.168.77.1
check_refused "vni-map" ctlh 1 nic add bad4 type vxlan vni-map 10=100,10=101 local 192.168.77.1
check_refused "remote" ctlh 1 nic add bad5 type vxlan vni 7 local 192.168.77.1 remote 224.0.0.1
check_refused "VNI 100" ctlh 1 nic add bad6 type vxlan vni 100 local 192.168.77.1
check_refused "does not go with" ctlh 1 nic add bad7 type vxlan vni 7 local 192.168.77.1 \
	netns foo
check_refused "no underlay netdev" sh -c "'$VSWCTL' -s '$(hsock 1)' nic add bad8 type vxlan \
	vni 8 local 192.168.77.1 dev nosuch0 && '$VSWCTL' -s '$(hsock 1)' port add pz switch sw0 &&
	'$VSWCTL' -s '$(hsock 1)' nic connect bad8 port pz"
ctlh 1 nic del bad8 >/dev/null 2>&1
ctlh 1 port del pz >/dev/null 2>&1
check_refused "trunk" sh -c "'$VSWCTL' -s '$(hsock 1)' nic add bad9 type vxlan vni-map 30=300 \
	local 192.168.77.1 && '$VSWCTL' -s '$(hsock 1)' port add py switch sw0 &&
	'$VSWCTL' -s '$(hsock 1)' nic connect bad9 port py"
ctlh 1 nic del bad9 >/dev/null 2>&1
ctlh 1 port del py >/dev/null 2>&1
[ "$ret" = 0 ] && pass "bad VXLAN NICs refused with their reason"

# Pings: each workload reaches its VNI on the other hosts, not the other VNI.
ping_ok() { inw "$1" ping -c 2 -i 0.2 -W 1 -q "$2" >/dev/null 2>&1; }
for h in "${HOSTS[@]}"; do
	for o in "${HOSTS[@]}"; do
		[ "$h" = "$o" ] && continue
		ping_ok "a$h" "10.1.0.$o" || fail "wa$h cannot ping wa$o (VNI 100)"
		ping_ok "b$h" "10.1.0.1$o" || fail "wb$h cannot ping wb$o (VNI 200)"
		ping_ok "a$h" "10.1.0.1$o" && fail "wa$h (VNI 100) reaches wb$o (VNI 200)"
	done
done
[ "$ret" = 0 ] && pass "pings across hosts within VNI 100 and 200, none across"

# fdb show: a remote MAC behind the tunnel port, with its VTEP.
mac2=$(inw a2 cat /sys/class/net/eth0/address)
line=$(ctlh 1 fdb show sw0 | grep -i "mac $mac2")
grep -q "port pv vtep 192.168.77.2" <<<"$line" ||
	fail "fdb show on host 1 does not name VTEP 192.168.77.2 for wa2's $mac2: '$line'"
ctlh 1 -j fdb show sw0 | jq -e --arg m "$mac2" \
	'[.[] | select(.mac == $m and .vtep == "192.168.77.2")] | length == 1' >/dev/null ||
	fail "fdb show -j lacks the VTEP of $mac2"
[ "$ret" = 0 ] && pass "fdb show names the VTEP of a remote MAC"

# A broadcast from wa1: once on wa2 and wa3, never on wb2 or wb3.
for w in a2 a3 b2 b3; do
	inw "$w" tcpdump -i eth0 -n -U -w "$TMPD/bc-$w.pcap" ether proto 0x88b5 2>/dev/null &
	PIDS+=($!)
done
sleep 1
inw a1 "$PY" -c '
from scapy.all import Ether, Raw, sendp
sendp(Ether(dst="ff:ff:ff:ff:ff:ff", type=0x88b5) / Raw(b"vxlan-bcast" * 4), iface="eth0",
      count=5, verbose=False)'
sleep 1
stop_pids
for w in a2 a3 b2 b3; do
	n=$(tcpdump -r "$TMPD/bc-$w.pcap" -n 2>/dev/null | grep -c "^[0-9]")
	want=0
	[ "${w:0:1}" = a ] && want=5
	[ "$n" = "$want" ] || fail "w$w got $n of 5 broadcasts from wa1 (want $want)"
done
[ "$ret" = 0 ] && pass "a broadcast reaches each remote member of its VNI once, no other VNI"

# The underlay: VXLAN with the VNI, UDP source ports varying with the flow.
ip netns exec "$UL_NS" tcpdump -i u1 -n -U -w "$TMPD/ul.pcap" udp dst port 4789 2>/dev/null &
PIDS+=($!)
sleep 1
inw a2 iperf3 -s -D -p 5201 -I "$TMPD/iperf.pid" >/dev/null 2>&1
sleep 0.5
inw a1 iperf3 -c 10.1.0.2 -t 3 -P 4 -J >"$TMPD/iperf.json" 2>&1 ||
	fail "iperf3 wa1 -> wa2 failed: $(head -c 300 "$TMPD/iperf.json")"
kill "$(cat "$TMPD/iperf.pid" 2>/dev/null)" 2>/dev/null
stop_pids
bytes=$(jq '.end.sum_received.bytes // 0' "$TMPD/iperf.json" 2>/dev/null)
mbits=$(jq '(.end.sum_received.bits_per_second // 0) / 1e6 | floor' "$TMPD/iperf.json" 2>/dev/null)
[ "${bytes:-0}" -gt $((10 * 1024 * 1024)) ] ||
	fail "iperf3 across hosts received ${bytes:-0} bytes (want > 10 MiB)"
log "info: TCP wa1 -> wa2 over VXLAN, 4 streams: $mbits Mbit/s, $bytes bytes received"
vni=$(tcpdump -r "$TMPD/ul.pcap" -n -c 200 2>/dev/null | grep -c "VXLAN.*vni 100")
sports=$(tcpdump -r "$TMPD/ul.pcap" -nn 2>/dev/null | grep -o "192\.168\.77\.1\.[0-9]* > 192\.168\.77\.2\.4789" |
	sort -u | wc -l)
[ "$vni" -gt 0 ] || fail "no VXLAN with VNI 100 seen on the underlay"
[ "$sports" -ge 2 ] || fail "$sports UDP source port(s) for 4 TCP flows (want several): $(
	tcpdump -r "$TMPD/ul.pcap" -nn -c 3 2>/dev/null)"
tcpdump -r "$TMPD/ul.pcap" -n -v -c 1 2>/dev/null | grep -q "flags \[DF\]" ||
	fail "outer IPv4 without DF"
maxlen=$(tcpdump -r "$TMPD/ul.pcap" -nn -e 2>/dev/null | sed -n 's/.*, length \([0-9]*\): .*/\1/p' |
	sort -n | tail -1)
[ "${maxlen:-0}" -gt 1000 ] && [ "${maxlen:-0}" -le 1614 ] ||
	fail "VXLAN packets on the underlay up to ${maxlen:-?} bytes (want the MTU's 1614 at most)"
[ "$ret" = 0 ] && pass "underlay: VXLAN VNI 100, $sports UDP source ports for 4 flows, DF set, \
packets of up to $maxlen bytes"
inh 1 ethtool -k ul0 | grep -q "^tx-udp_tnl-segmentation: off" ||
	fail "host 1's virtual underlay kept its UDP tunnel segmentation offload"

# TCP between every kind of sender and receiver: GSO frames of skb-path
# host NICs and of the guest, complete frames of tx-off host NICs.
tcp_bytes() { # client server server-ip
	local pidf="$TMPD/iperf-$2.pid" j="$TMPD/iperf-$1-$2.json"
	inw "$2" iperf3 -s -D -1 -p 5202 -I "$pidf" >/dev/null 2>&1
	wait_for 30 inw "$2" sh -c "ss -ltn | grep -q ':5202 '"
	inw "$1" timeout 20 iperf3 -c "$3" -p 5202 -t 2 -J >"$j" 2>&1
	kill "$(cat "$pidf" 2>/dev/null)" 2>/dev/null
	jq '.end.sum_received.bytes // 0' "$j" 2>/dev/null || echo 0
}
for path in "a3 a1 10.1.0.1" "a1 a3 10.1.0.3" "g1 a2 10.1.0.2" "a2 g1 10.1.0.21" \
	"g1 a3 10.1.0.3" "a3 g1 10.1.0.21"; do
	set -- $path
	b=$(tcp_bytes "$1" "$2" "$3")
	if [ "${b:-0}" -gt $((10 * 1024 * 1024)) ]; then
		log "info: TCP w$1 -> w$2 over VXLAN: $b bytes in 2 s"
	else
		fail "TCP w$1 -> w$2 over VXLAN: ${b:-0} bytes received (want > 10 MiB)"
	fi
done
kill "$RELAY_PID" && wait "$RELAY_PID" 2>/dev/null # its counters, as it exits
RELAY_PID=
read -r _ _ frames _ csum _ gso _ maxlen < <(grep "^from-guest" "$TMPD/g1.relay")
[ "${gso:-0}" -gt 100 ] || fail "the guest sent ${gso:-0} GSO frames: $(cat "$TMPD/g1.relay")"
[ "$ret" = 0 ] && pass "TCP across hosts both ways between skb-path, tx-off and VM NICs \
(the guest sent $gso GSO frames of up to $maxlen bytes)"

# Counters: nic show and stats.
out=$(ctlh 1 -j nic show vx)
jq -e '.[0].encap > 0 and .[0].decap > 0 and .[0].flood_copies > 0 and
	.[0].vni_map == "10=100,20=200" and .[0].local == "192.168.77.1"' <<<"$out" >/dev/null ||
	fail "nic show vx lacks its tunnel or counters: $out"
ctlh 1 nic show vx | grep -q "remote 192.168.77.2,192.168.77.3" || fail "nic show: remote list"
# each host's loopback is its own: the same metrics port everywhere
m=$(inh 1 curl -sf http://127.0.0.1:9469/metrics)
for f in decap_packets encap_packets flood_copies; do
	v=$(sed -n "s/^vsw_vxlan_${f}_total{nic=\"vx\"} //p" <<<"$m")
	[ "${v:-0}" -gt 0 ] || fail "metrics: vsw_vxlan_${f}_total of vx is '${v:-}'"
done
grep -q 'vsw_port_drops_total{.*reason="vxlan_mtu"' <<<"$m" ||
	fail "metrics: no vxlan_mtu drop reason"
[ "$ret" = 0 ] && pass "nic show and metrics: tunnel settings and encap/decap/flood counters"

# A restart: the state file brings the tunnels back; traffic goes on.
inh 3 ethtool -k ul0 | grep -q "^tx-udp_tnl-segmentation: off" ||
	fail "host 3's virtual underlay kept its UDP tunnel segmentation offload"
stop_host_vswd 3
start_host_vswd 3 || fail "vswd 3 does not restart"
ctlh 3 nic show vx100 | grep -q "vni 100 local 192.168.77.3 dev ul0 dstport 4789" ||
	fail "vx100 after restart: $(ctlh 3 nic show vx100)"
ping_ok a3 10.1.0.1 || fail "wa3 cannot ping wa1 after vswd 3 restarted"
ping_ok b1 10.1.0.13 || fail "wb1 cannot ping wb3 after vswd 3 restarted"
[ "$ret" = 0 ] && pass "VXLAN NICs restored after a vswd restart"

# Disconnected, the underlay gives VXLAN back to the host's stack.
ctlh 3 nic disconnect vx100 && ctlh 3 nic disconnect vx200 ||
	fail "cannot disconnect the VXLAN NICs"
out=$(inh 3 ip link show dev ul0 2>&1)
grep -q "ul0" <<<"$out" || fail "cannot read ul0: $out"
grep -q "prog/xdp" <<<"$out" && fail "ul0 keeps an XDP program: $out"
# through the restart too: vswd 3 turned it off and keeps that in the datapath
inh 3 ethtool -k ul0 | grep -q "^tx-udp_tnl-segmentation: on" ||
	fail "ul0 did not get its UDP tunnel segmentation offload back"
ping_ok a1 10.1.0.3 && fail "wa1 still reaches wa3 through a disconnected tunnel"
inh 3 ping -c 1 -W 1 -q 192.168.77.1 >/dev/null || fail "host 3's own underlay traffic fails"
[ "$ret" = 0 ] && pass "disconnected: underlay without XDP, its offload back, host traffic unaffected"

exit $ret
