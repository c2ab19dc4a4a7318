#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The EVPN control plane alone: vswd's EVPN module (evpn-probe runs
# user/vswd/evpn_sync.c over a model of text instead of a datapath)
# beside FRR's zebra and bgpd on three hosts.
#
#   h1 10.99.0.1          h2 10.99.0.2          h3 10.99.0.3
#   zebra, bgpd           zebra, bgpd           zebra, bgpd
#   evpn-probe            evpn-probe            evpn-probe
#   VNI 100: 2 MACs       VNI 100: 2 MACs       VNI 100: 2 MACs
#   VNI 200: 1 MAC        VNI 200: 1 MAC        VNI 200: 1 MAC
#       ul0 ------------------- ul0 ------------------- ul0
#                  Linux bridge in namespace ul (the underlay)
#
# iBGP full mesh, l2vpn evpn, timers 3/9. What each probe hands its model
# (one line per call) is what vswd would hand the datapath.
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/frr.sh"

PROBE="$VSW_TOP/build/evpn-probe"
HOSTS="1 2 3"
missing=$(frr_missing)
[ -n "$missing" ] && { echo "SKIP: needs $missing"; exit 4; }
[ -x "$PROBE" ] || { echo "build/evpn-probe missing: run make"; exit 1; }

vsw_lib_init
trap 'stop_probes; frr_stop_all; cleanup' EXIT
chmod 711 "$TMPD" # the FRR daemons run as frr
UL="ul-$SUFFIX"
PROBES=()

stop_probes() { local p; for p in "${PROBES[@]}"; do kill "$p" 2>/dev/null; done; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
vtep() { echo "10.99.0.$1"; }
mac() { printf '02:00:00:00:%02x:%02x' "$1" "$2"; } # host, index (1,2: VNI 100; 3: VNI 200)

# The model of host H: its VNIs and local MACs.
model() {
	local h=$1
	echo "vni 100 local $(vtep "$h")"
	echo "vni 200 local $(vtep "$h")"
	echo "mac 100 $(mac "$h" 1)"
	echo "mac 100 $(mac "$h" 2)"
	echo "mac 200 $(mac "$h" 3)"
}

start_probe() {
	local h=$1
	ip netns exec "h$h-$SUFFIX" "$PROBE" "$TMPD/model$h" >>"$TMPD/probe$h.log" \
		2>>"$TMPD/probe$h.err" &
	PROBES[$h]=$!
}

# calls H PATTERN: how many of host H's model calls match (grep -E).
calls() { grep -cE -- "$2" "$TMPD/probe$1.log"; }

fabric_init "$UL" || exit 1
for h in $HOSTS; do
	ns="h$h-$SUFFIX"
	new_ns "$ns" || exit 1
	fabric_join "$UL" "ul$h" "$ns" "$(vtep "$h")/24" || exit 1
	model "$h" >"$TMPD/model$h"
	start_probe "$h"
done
for h in $HOSTS; do
	peers=()
	for o in $HOSTS; do [ "$o" != "$h" ] && peers+=("$(vtep "$o")"); done
	frr_start "h$h-$SUFFIX" "$TMPD/frr$h" "$(vtep "$h")" "${peers[@]}" ||
		{ log "FRR did not start on h$h: $(cat "$TMPD/frr$h"/*.log 2>/dev/null)"; exit 1; }
done
t_frr=$(now_ms)

# Type-3 routes: each host floods each VNI to the two others, once each.
flooded() {
	local h o
	for h in $HOSTS; do for o in $HOSTS; do
		[ "$o" = "$h" ] && continue
		for v in 100 200; do
			[ "$(calls "$h" "flood add vni $v vtep $(vtep "$o")$")" = 1 ] || return 1
		done
	done; done
}
if wait_for 300 flooded; then
	pass "type-3: every host floods VNI 100 and 200 to the two others, $(( $(now_ms) - t_frr )) ms after FRR started"
else
	fail "type-3 routes missing"
	for h in $HOSTS; do log "h$h:"; cat "$TMPD/probe$h.log"; done
	vty "$TMPD/frr1" -c 'show bgp l2vpn evpn summary'
fi

# Type-2 routes: every remote MAC, in its VNI, behind its VTEP.
learned() {
	local h o
	for h in $HOSTS; do for o in $HOSTS; do
		[ "$o" = "$h" ] && continue
		[ "$(calls "$h" "remote add vni 100 mac $(mac "$o" 1) vtep $(vtep "$o")$")" = 1 ] &&
		[ "$(calls "$h" "remote add vni 100 mac $(mac "$o" 2) vtep $(vtep "$o")$")" = 1 ] &&
		[ "$(calls "$h" "remote add vni 200 mac $(mac "$o" 3) vtep $(vtep "$o")$")" = 1 ] ||
			return 1
	done; done
}
wait_for 100 learned && pass "type-2: every remote MAC reached every host's model once" ||
	fail "type-2 routes missing: $(cat "$TMPD/probe1.log")"
expect_absent "no MAC in the other VNI" "vni 200 mac ..:..:..:..:..:0[12]|vni 100 mac ..:..:..:..:..:03" \
	cat "$TMPD"/probe{1,2,3}.log
expect_absent "no host hears its own MACs" "mac 02:00:00:00:01:.. vtep" cat "$TMPD/probe1.log"

log "--- h1: show bgp l2vpn evpn summary"
vty "$TMPD/frr1" -c 'show bgp l2vpn evpn summary'
log "--- h1: show bgp l2vpn evpn"
routes=$(vty "$TMPD/frr1" -c 'show bgp l2vpn evpn')
log "$routes"
for o in 2 3; do
	grep -q "\[3\]:\[0\]:\[32\]:\[$(vtep "$o")\]" <<<"$routes" &&
	grep -q "\[2\]:\[0\]:\[48\]:\[$(mac "$o" 1)\]" <<<"$routes" &&
		pass "h1's bgpd shows h$o's type-3 and type-2 routes" ||
		fail "h1's bgpd lacks h$o's routes"
done
fdb=$(hexec h1 bridge fdb show dev vswx100)
grep -q "$(mac 2 1) dst $(vtep 2) self extern_learn" <<<"$fdb" &&
grep -q "00:00:00:00:00:00 dst $(vtep 3) self permanent" <<<"$fdb" &&
	pass "h1's kernel vxlan device holds what zebra installed" || fail "h1 vswx100: $fdb"

# A MAC moves from h1 to h3 (a VM migrated): the others follow within 3 s.
M=$(mac 1 1)
grep -v "$M" "$TMPD/model1" >"$TMPD/model1.new" && mv "$TMPD/model1.new" "$TMPD/model1"
echo "mac 100 $M" >>"$TMPD/model3"
t0=$(now_ms)
moved() { [ "$(calls 2 "remote add vni 100 mac $M vtep $(vtep 3)$")" = 1 ] &&
	  [ "$(calls 1 "remote add vni 100 mac $M vtep $(vtep 3)$")" = 1 ]; }
if wait_for 100 moved; then
	t2=$(grep -E "remote add vni 100 mac $M vtep $(vtep 3)$" "$TMPD/probe2.log" | cut -d' ' -f1)
	t1=$(grep -E "remote add vni 100 mac $M vtep $(vtep 3)$" "$TMPD/probe1.log" | cut -d' ' -f1)
	ms=$(( (t1 > t2 ? t1 : t2) - t0 ))
	[ "$ms" -le 3000 ] && pass "MAC move h1 -> h3: h1 and h2 point at h3 after $ms ms" ||
		fail "MAC move took $ms ms (> 3000)"
else
	fail "MAC move h1 -> h3 not seen within 10 s: $(grep "$M" "$TMPD"/probe{1,2}.log)"
fi
vty "$TMPD/frr2" -c "show evpn mac vni 100 mac $M"

# Restart takeover: a new probe on h1 finds its devices and what zebra
# put there (a dump), without making new devices. Its data plane kept
# entries zebra withdrew meanwhile (a MAC of h2's, a flood VTEP) and one
# it learned: the first two go, the learned one stays.
ifx=$(hexec h1 cat /sys/class/net/vswx100/ifindex)
kill "${PROBES[1]}" && wait "${PROBES[1]}" 2>/dev/null
: >"$TMPD/probe1.log"
WITHDRAWN=$(mac 2 9) LEARNED=$(mac 9 1)
{ echo "remote 100 $WITHDRAWN vtep $(vtep 2)"; echo "flood 200 vtep 10.99.0.9"
  echo "learned 100 $LEARNED vtep 10.99.0.9"; } >>"$TMPD/model1"
start_probe 1
dumped() { [ "$(calls 1 "remote add vni 200 mac $(mac 2 3) vtep $(vtep 2)$")" = 1 ]; }
wait_for 50 dumped &&
[ "$(hexec h1 cat /sys/class/net/vswx100/ifindex)" = "$ifx" ] &&
	pass "restart: h1's new probe took over vswx100 and dumped zebra's entries" ||
	fail "restart: $(cat "$TMPD/probe1.log")"
[ "$(calls 1 "remote del vni 100 mac $WITHDRAWN vtep $(vtep 2)$")" = 1 ] &&
[ "$(calls 1 "flood del vni 200 vtep 10.99.0.9$")" = 1 ] &&
[ "$(calls 1 "$LEARNED")" = 0 ] &&
	pass "restart: what zebra withdrew meanwhile left the data plane, the learned MAC stayed" ||
	fail "restart: stale entries: $(cat "$TMPD/probe1.log")"

# h2's bgpd dies: the others drop its MACs and flood entries within the
# hold time ($FRR_HOLD s): the closed TCP session tells them at once.
frr_kill "$TMPD/frr2" bgpd KILL
t0=$(now_ms)
gone() {
	local h
	for h in 1 3; do
		[ "$(calls "$h" "remote del vni 100 mac $(mac 2 1) vtep $(vtep 2)$")" = 1 ] &&
		[ "$(calls "$h" "remote del vni 100 mac $(mac 2 2) vtep $(vtep 2)$")" = 1 ] &&
		[ "$(calls "$h" "remote del vni 200 mac $(mac 2 3) vtep $(vtep 2)$")" = 1 ] &&
		[ "$(calls "$h" "flood del vni 100 vtep $(vtep 2)$")" = 1 ] &&
		[ "$(calls "$h" "flood del vni 200 vtep $(vtep 2)$")" = 1 ] || return 1
	done
}
if wait_for $(( FRR_HOLD * 10 + 20 )) gone; then
	ms=$(( $(now_ms) - t0 ))
	[ "$ms" -le $(( FRR_HOLD * 1000 )) ] &&
		pass "h2's bgpd killed: h1 and h3 dropped its MACs and flood entries within $ms ms" ||
		fail "h2's routes went after $ms ms, hold time ${FRR_HOLD} s"
else
	fail "h2's routes still there: $(grep "$(vtep 2)" "$TMPD/probe1.log")"
fi

# h3 goes silent (its bgpd stopped, as a host that hangs or loses its
# link): no TCP close tells the others, the hold time ($FRR_HOLD s) does.
kill -STOP "$(cat "$TMPD/frr3/bgpd.pid")"
t0=$(now_ms)
silent() {
	[ "$(calls 1 "remote del vni 100 mac $(mac 3 1) vtep $(vtep 3)$")" = 1 ] &&
	[ "$(calls 1 "remote del vni 100 mac $M vtep $(vtep 3)$")" = 1 ] &&
	[ "$(calls 1 "remote del vni 200 mac $(mac 3 3) vtep $(vtep 3)$")" = 1 ] &&
	[ "$(calls 1 "flood del vni 100 vtep $(vtep 3)$")" = 1 ] &&
	[ "$(calls 1 "flood del vni 200 vtep $(vtep 3)$")" = 1 ]
}
if wait_for $(( FRR_HOLD * 10 + 40 )) silent; then
	ms=$(( $(now_ms) - t0 ))
	[ "$ms" -le $(( FRR_HOLD * 1000 + 1000 )) ] &&
		pass "h3 silent: h1 dropped its MACs and flood entries after $ms ms (hold time ${FRR_HOLD} s)" ||
		fail "h3's routes went after $ms ms, hold time ${FRR_HOLD} s"
else
	fail "h3's routes still there: $(grep "$(vtep 3)" "$TMPD/probe1.log")"
fi
kill -CONT "$(cat "$TMPD/frr3/bgpd.pid")"

# The shadow devices never sent a frame: nothing of theirs on the wire.
for h in $HOSTS; do
	for d in vsw{b,x,p,q}{100,200}; do
		tx=$(hexec "h$h" cat "/sys/class/net/$d/statistics/tx_packets")
		[ "$tx" = 0 ] || fail "h$h: $d sent $tx frames"
	done
done
[ $ret = 0 ] && pass "the shadow devices sent nothing"

for h in $HOSTS; do
	[ -s "$TMPD/probe$h.err" ] && log "h$h probe stderr: $(cat "$TMPD/probe$h.err")"
done
exit $ret
