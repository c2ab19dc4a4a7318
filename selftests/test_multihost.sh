#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# One switch across three hosts: VXLAN in vsw's datapath, BGP EVPN from
# FRR (vswd --evpn; docs/multihost.md). Each host is a netns with its own
# vswd (socket, state directory, bpffs directory) and its own zebra and
# bgpd; the underlay is veths on a Linux bridge in a fourth netns.
#
#   host 1 (h1-*)                 host 2 (h2-*)                 host 3 (h3-*)
#   a1 .11  b1 .12 | c1 .13       a2 .21  b2 .22 | c2 .23       a3 .31  b3 .32 | c3 .33
#   VNI 100        | VNI 200      VNI 100        | VNI 200      VNI 100        | VNI 200
#     sw0: pa pb pc, vx100 vx200    sw0: ...                      sw0: ...
#     vswd --evpn, zebra, bgpd      vswd --evpn, zebra, bgpd      vswd --evpn, zebra, bgpd
#     ul0 10.99.0.1 ------------------ ul0 10.99.0.2 --------------- ul0 10.99.0.3
#                         Linux bridge in netns ul-* (the underlay)
#
# Every NIC has an address in 10.0.0.0/24, both VNIs alike: only the
# overlay keeps them apart.
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/frr.sh"

VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
HOSTS="1 2 3"
VSWD_PIDS=()
missing=$(frr_missing)
[ -n "$missing" ] && { echo "SKIP: needs $missing"; exit 4; }

vsw_lib_init
trap 'stop_all; frr_stop_all; cleanup' EXIT
chmod 711 "$TMPD" # the FRR daemons run as frr
UL="ul-$SUFFIX"

sock() { echo "/run/vsw-mh-$1-$SUFFIX.sock"; }
hctl() { local h=$1; shift; "$VSWCTL" -s "$(sock "$h")" "$@"; }
vtep() { echo "10.99.0.$1"; }
nic() { echo "$1$2-$SUFFIX"; }          # nic a 1: NIC a1, its netns of the same name
nic_ip() { case $1 in a) echo "10.0.0.${2}1";; b) echo "10.0.0.${2}2";; c) echo "10.0.0.${2}3";; esac; }
nic_mac() { printf '02:00:00:%02x:00:%s' "$2" "$(case $1 in a) echo 01;; b) echo 02;; c) echo 03;; m) echo 01;; esac)"; }
nexec() { ip netns exec "$(nic "$1" "$2")" "${@:3}"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

stop_all() {
	local h p
	for p in "${VSWD_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	# Their datapaths' programs went with the host namespaces' devices;
	# the pins stay until removed.
	for h in $HOSTS; do rm -f "$(sock "$h")"; rm -rf "$BPFFS-h$h"; done
}

# vswd in host H's netns; nsenter keeps our mount namespace, so its
# bpffs directory stays in view (ip netns exec would remount /sys).
start_host_vswd() {
	local h=$1
	nsenter --net="/run/netns/h$h-$SUFFIX" "$VSWD" --state-dir "$TMPD/state$h" \
		--socket "$(sock "$h")" --bpffs "$BPFFS-h$h" --metrics none --evpn -v \
		>>"$TMPD/vswd$h.log" 2>&1 &
	VSWD_PIDS[$h]=$!
	wait_for 50 hctl "$h" version >/dev/null
}

# A host NIC KIND (a, b, c, or m for the moved one) on host H, in a netns
# of its own, connected to port PORT.
add_nic() {
	local k=$1 h=$2 port=$3 ip=$4 mac=$5 n
	n=$(nic "$k" "$h")
	new_ns "$n" || return 1
	hctl "$h" nic add "$n" type host netns "$n" mac "$mac" &&
	hctl "$h" nic connect "$n" port "$port" &&
	ip -n "$n" addr add "$ip/24" dev "$n" && ip -n "$n" link set "$n" up
}

new_ns "$UL" || exit 1
ip -n "$UL" link add br0 type bridge && ip -n "$UL" link set br0 up || exit 1
for h in $HOSTS; do
	ns="h$h-$SUFFIX"
	new_ns "$ns" || exit 1
	ip link add "ul$h" netns "$UL" type veth peer name ul0 netns "$ns" || exit 1
	ip -n "$UL" link set "ul$h" master br0 up
	ip -n "$ns" addr add "$(vtep "$h")/24" dev ul0
	ip -n "$ns" link set ul0 up
	start_host_vswd "$h" || { log "vswd on h$h did not start: $(cat "$TMPD/vswd$h.log")"; exit 1; }
	hctl "$h" switch add sw0 || exit 1
	if ! out=$(hctl "$h" nic add vx100 type vxlan vni 100 local "$(vtep "$h")" dev ul0 2>&1); then
		echo "$out"
		echo "SKIP: this vswctl has no vxlan NIC kind yet (the data plane, branch vxlan)"
		exit 4
	fi
	hctl "$h" nic add vx200 type vxlan vni 200 local "$(vtep "$h")" dev ul0 &&
	hctl "$h" port add t100 switch sw0 vlan access 100 &&
	hctl "$h" port add t200 switch sw0 vlan access 200 &&
	hctl "$h" nic connect vx100 port t100 && hctl "$h" nic connect vx200 port t200 &&
	hctl "$h" port add pa switch sw0 vlan access 100 &&
	hctl "$h" port add pb switch sw0 vlan access 100 &&
	hctl "$h" port add pc switch sw0 vlan access 200 &&
	add_nic a "$h" pa "$(nic_ip a "$h")" "$(nic_mac a "$h")" &&
	add_nic b "$h" pb "$(nic_ip b "$h")" "$(nic_mac b "$h")" &&
	add_nic c "$h" pc "$(nic_ip c "$h")" "$(nic_mac c "$h")" ||
		{ log "setup of h$h failed: $(tail -n5 "$TMPD/vswd$h.log")"; exit 1; }
done
for h in $HOSTS; do
	peers=()
	for o in $HOSTS; do [ "$o" != "$h" ] && peers+=("$(vtep "$o")"); done
	frr_start "h$h-$SUFFIX" "$TMPD/frr$h" "$(vtep "$h")" "${peers[@]}" ||
		{ log "FRR did not start on h$h"; exit 1; }
done
t_frr=$(now_ms)

# Every host's flood lists hold the two others (type-3 routes): a ping
# across hosts then works from the first try.
bgp_up() { vty "$TMPD/frr1" -c 'show bgp l2vpn evpn' | grep -c '^\*>i\[3\]' | grep -qx 4; }
wait_for 300 bgp_up && pass "h1 has the type-3 routes of h2 and h3, both VNIs, $(( $(now_ms) - t_frr )) ms after FRR started" ||
	fail "type-3 routes missing: $(vty "$TMPD/frr1" -c 'show bgp l2vpn evpn summary')"

# Pings: every NIC to every NIC of its VNI on the other hosts; none across.
for h in $HOSTS; do for o in $HOSTS; do
	[ "$o" = "$h" ] && continue
	for k in a b; do for l in a b; do
		nexec "$k" "$h" ping -c 2 -i 0.2 -W 2 "$(nic_ip "$l" "$o")" >/dev/null ||
			fail "$k$h cannot ping $l$o in VNI 100"
	done; done
	nexec c "$h" ping -c 2 -i 0.2 -W 2 "$(nic_ip c "$o")" >/dev/null ||
		fail "c$h cannot ping c$o in VNI 200"
	nexec a "$h" ping -c 1 -W 1 "$(nic_ip c "$o")" >/dev/null &&
		fail "a$h reached c$o across VNIs"
	nexec c "$h" ping -c 1 -W 1 "$(nic_ip b "$o")" >/dev/null &&
		fail "c$h reached b$o across VNIs"
done; done
[ $ret = 0 ] && pass "pings within each VNI across hosts; none across VNIs"

# BGP's view (display) and vsw's: remote MACs with their VTEP.
log "--- h1: vtysh -c 'show bgp l2vpn evpn'"
routes=$(vty "$TMPD/frr1" -c 'show bgp l2vpn evpn')
log "$routes"
grep -q "\[2\]:\[0\]:\[48\]:\[$(nic_mac a 2)\]" <<<"$routes" && pass "h1's bgpd has a2's type-2 route" ||
	fail "h1's bgpd lacks a2's MAC"
fdb=$(hctl 1 fdb show sw0)
log "--- h1: vswctl fdb show sw0"
log "$fdb"
for o in 2 3; do
	grep -i "$(nic_mac a "$o")" <<<"$fdb" | grep -q "$(vtep "$o")" &&
	grep -i "$(nic_mac c "$o")" <<<"$fdb" | grep -q "$(vtep "$o")" &&
		pass "h1's FDB: a$o and c$o behind VTEP $(vtep "$o")" || fail "h1's FDB lacks h$o's MACs"
done

# A broadcast from a1 reaches each remote member of VNI 100 once, and no
# member of VNI 200.
ETYPE=88b5

for o in 2 3; do for k in a b c; do
	f="$TMPD/cap-$k$o.txt"
	ip netns exec "$(nic "$k" "$o")" tcpdump -l -nn -e -Q in -i "$(nic "$k" "$o")" \
		ether proto 0x$ETYPE >"$f" 2>"$f.err" &
	PIDS+=($!)
	wait_for 50 grep -q "listening on" "$f.err"
done; done
ultap="$TMPD/underlay.txt"
ip netns exec "$UL" tcpdump -l -nn -i br0 udp port 4789 >"$ultap" 2>"$ultap.err" &
PIDS+=($!)
wait_for 50 grep -q "listening on" "$ultap.err"
nexec a 1 "$PY" "$VSW_TOP/selftests/lib/send_frames.py" "$(nic a 1)" 5 $ETYPE
for o in 2 3; do for p in 1 2 3 4 5 6 7 8; do
	nexec a 1 ping -c 1 -W 1 "$(nic_ip b "$o")" >/dev/null # flows for the UDP source ports
done; done
# (lib.sh's stop_captures waits for every child: the vswds too)
sleep 0.3
kill "${PIDS[@]}" 2>/dev/null
wait "${PIDS[@]}" 2>/dev/null
PIDS=()
for o in 2 3; do
	for k in a b; do
		n=$(grep -c "ethertype Unknown (0x$ETYPE)" "$TMPD/cap-$k$o.txt")
		[ "$n" = 5 ] && pass "$k$o got the 5 broadcasts once each" || fail "$k$o got $n of 5"
	done
	n=$(grep -c . "$TMPD/cap-c$o.txt")
	[ "$n" = 0 ] && pass "c$o (VNI 200) got none" || fail "c$o got $n"
done
grep -q "VXLAN.*vni 100" "$ultap" && pass "the underlay carries VXLAN, VNI 100" ||
	fail "no VXLAN with VNI 100 on the underlay: $(head -n3 "$ultap")"
ports=$(grep -oE '10\.99\.0\.1\.[0-9]+ > 10\.99\.0\.[23]\.4789' "$ultap" | cut -d' ' -f1 | sort -u | wc -l)
[ "$ports" -ge 2 ] && pass "$ports UDP source ports across flows" ||
	fail "one UDP source port for every flow"

# The kernel vxlan device zebra reads got nothing: XDP took every frame.
for h in $HOSTS; do
	rx=$(ip netns exec "h$h-$SUFFIX" cat /sys/class/net/vswx100/statistics/rx_packets)
	[ "$rx" = 0 ] || fail "h$h: the kernel's vswx100 received $rx frames"
done
[ $ret = 0 ] && pass "the kernel vxlan devices received nothing"

# a1 moves to h3 with its MAC and address: b2 reaches it within 3 s.
hctl 3 port add pm switch sw0 vlan access 100 || fail "port pm on h3"
hctl 1 nic del "$(nic a 1)" force || fail "nic del a1 on h1"
ip netns del "$(nic a 1)"
t0=$(now_ms)
add_nic m 3 pm "$(nic_ip a 1)" "$(nic_mac a 1)" || fail "cannot add the moved NIC on h3"
if wait_for 50 nexec b 2 ping -c 1 -W 1 "$(nic_ip a 1)"; then
	ms=$(( $(now_ms) - t0 ))
	[ "$ms" -le 3000 ] && pass "a1 moved to h3: b2 reaches it after $ms ms" ||
		fail "a1 moved to h3: b2 reaches it after $ms ms (> 3000)"
else
	fail "a1 moved to h3: b2 cannot reach it"
	for h in 1 2 3; do
		log "--- h$h: vswctl fdb show sw0; bridge fdb of vswp100, vswx100; zebra's MACs"
		hctl "$h" fdb show sw0
		ip netns exec "h$h-$SUFFIX" bridge fdb show dev vswp100
		ip netns exec "h$h-$SUFFIX" bridge fdb show dev vswx100
		vty "$TMPD/frr$h" -c 'show evpn mac vni 100'
		grep -iE "$(nic_mac a 1)|evpn.*(cannot|warn)" "$TMPD/vswd$h.log" | tail -n 5
	done
fi

# h2's bgpd dies: its MACs leave the others' FDBs within the hold time.
frr_kill "$TMPD/frr2" bgpd KILL
t0=$(now_ms)
h2_gone() { ! hctl "$1" fdb show sw0 | grep -qi "$(nic_mac a 2)"; }
if wait_for $(( FRR_HOLD * 10 + 20 )) h2_gone 1 && wait_for 20 h2_gone 3; then
	ms=$(( $(now_ms) - t0 ))
	[ "$ms" -le $(( FRR_HOLD * 1000 )) ] && pass "h2's bgpd killed: its MACs gone from h1 and h3 after $ms ms" ||
		fail "h2's MACs went after $ms ms, hold time $FRR_HOLD s"
else
	fail "h2's MACs still in h1's FDB: $(hctl 1 fdb show sw0)"
fi
exit $ret
