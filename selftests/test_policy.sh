#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Port policies through vswd and vswctl, against real traffic: a spoofed
# source MAC, a rogue DHCP server (v4 and v6), router advertisements and
# redirects, a broadcast storm, the 802.1p bits, learning, iperf3
# against the maximum bandwidth (one CPU and two), private VLANs, and port
# mirroring (each copy seen once by tcpdump on the destination). Each time the offending
# traffic is stopped and counted while legitimate traffic still flows; the
# settings survive a kill -9 and restart of vswd.
#
#   ha (10.0.0.1) -- host NIC -- pa \
#   hb (10.0.0.2) -- host NIC -- pb  sw0 (vswd)
#   hc (10.0.0.3) -- host NIC -- pc /
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

ROGUE="$VSW_TOP/selftests/lib/rogue.py"
hexec() { local h=$1; shift; ip netns exec "$h-$SUFFIX" "$@"; }
dev() { echo "$1-$SUFFIX"; }

stop_all() {
	stop_vswd "ha-$SUFFIX" "hb-$SUFFIX" "hc-$SUFFIX"
	cleanup # kills $PIDS (captures, iperf3 servers), namespaces, pins
}

# rogue HOST KIND COUNT [ARG]: scapy out of the host's NIC.
rogue() { local h=$1; shift; hexec "$h" "$PY" "$ROGUE" "$(dev "$h")" "$@"; }

# drops PORT REASON: the port's counter for one drop reason.
drops() { ctl -j stats port "$1" | "$PY" -c "import json,sys; print(json.load(sys.stdin)[0]['drops']['$2'])"; }

# listen HOST FILE [FILTER]: tcpdump on the host's NIC, inbound.
listen() {
	local h=$1 file=$2; shift 2
	hexec "$h" tcpdump -l -nn -e -Q in -i "$(dev "$h")" "$@" >"$file" 2>"$file.err" &
	PIDS+=($!)
	wait_for 50 grep -q "listening on" "$file.err"
}

ping_from() { hexec "$1" ping -c "${3:-2}" -i 0.2 -W 2 "$2" >/dev/null 2>&1; }

# Stop the listeners; wait for them only (vswd runs in the background too).
stop_captures() {
	local pid
	sleep 0.3 # let the last frames reach the capture sockets
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
	PIDS=()
}

vsw_lib_init
trap stop_all EXIT
STATE="$TMPD/state" # where lib/vswd.sh keeps vswd's state
start_vswd || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
for h in ha hb hc; do new_ns "$h-$SUFFIX" || exit 1; done
ctl switch add sw0 &&
for p in pa pb pc; do ctl port add "$p" switch sw0 || exit 1; done &&
for h in ha hb hc; do ctl nic add "$h-$SUFFIX" type host netns "$h-$SUFFIX" || exit 1; done &&
ctl nic connect "ha-$SUFFIX" port pa && ctl nic connect "hb-$SUFFIX" port pb &&
ctl nic connect "hc-$SUFFIX" port pc || { log "setup through vswctl failed"; exit 1; }
i=1
for h in ha hb hc; do
	ip -n "$h-$SUFFIX" addr add 10.0.0.$i/24 dev "$(dev $h)"
	i=$((i + 1))
done
MAC_A=$(ip -n "ha-$SUFFIX" -br link show "$(dev ha)" | awk '{print $3}')
wait_for 30 ping_from ha 10.0.0.2 1 || { fail "ha cannot reach hb"; exit 1; }

# ---- defaults, as port show and the host NIC's MAC say ----
show=$(ctl port show pa)
case "$show" in
*"mac-guard off (default)"*"dhcp-guard off router-guard off"*"learning on learn-limit 1024 priority-tag reset"*)
	pass "defaults: guard by NIC type (off for host), 802.1p reset" ;;
*) fail "defaults: $show" ;;
esac
ctl nic show "ha-$SUFFIX" | grep -q "mac $MAC_A" && pass "the host NIC's MAC is known: $MAC_A" ||
	fail "nic show lacks mac $MAC_A: $(ctl nic show "ha-$SUFFIX")"

# ---- MAC spoofing ----
ctl port set pa mac-guard on
ctl port show pa | grep -q "mac-guard on (on)" && pass "port show: mac-guard on" ||
	fail "port show after mac-guard on: $(ctl port show pa)"
listen hb "$TMPD/spoof.txt" ether proto 0x88b5
rogue ha spoof 20 02:de:ad:be:ef:01
ping_from ha 10.0.0.2 && pass "ha's own traffic flows under the guard" ||
	fail "ha cut off by its own guard"
stop_captures
n=$(grep -c "02:de:ad:be:ef:01" "$TMPD/spoof.txt")
[ "$n" = 0 ] && pass "spoofed source MAC stopped" || fail "$n spoofed frames reached hb"
[ "$(drops pa mac_spoof)" -ge 20 ] && pass "mac_spoof counted: $(drops pa mac_spoof)" ||
	fail "mac_spoof counter $(drops pa mac_spoof)"
expect_absent "the spoofed MAC was not learned" "02:de:ad:be:ef:01" ctl fdb show sw0
ctl port set pa mac-guard on allow 02:de:ad:be:ef:01
listen hb "$TMPD/allow.txt" ether proto 0x88b5
rogue ha spoof 5 02:de:ad:be:ef:01
stop_captures
n=$(grep -c "02:de:ad:be:ef:01" "$TMPD/allow.txt")
[ "$n" = 5 ] && pass "an allowed MAC passes the guard" || fail "$n of 5 allowed frames arrived"
ctl port set pa mac-guard default allow none

# ---- DHCP guard ----
ctl port set pa dhcp-guard on
listen hb "$TMPD/dhcp.txt" udp port 67 or udp port 68 or udp port 546 or udp port 547
rogue ha dhcp-offer 10
rogue ha dhcp6-advertise 10
rogue ha dhcp-discover 3
rogue ha dhcp6-solicit 3
stop_captures
offers=$(grep -c "10.0.0.66.67 > 255.255.255.255.68" "$TMPD/dhcp.txt")
adverts=$(grep -c "\.547 > ff02::1\.546" "$TMPD/dhcp.txt")
discovers=$(grep -c "0.0.0.0.68 > 255.255.255.255.67" "$TMPD/dhcp.txt")
solicits=$(grep -c "\.546 > ff02::1\.547" "$TMPD/dhcp.txt")
[ "$offers$adverts" = 00 ] && pass "rogue DHCP server (v4 offers, v6 advertises) stopped" ||
	fail "$offers offers, $adverts advertises reached hb"
[ "$discovers$solicits" = 33 ] && pass "DHCP clients still heard (3 discovers, 3 solicits)" ||
	fail "$discovers discovers, $solicits solicits of 3 each"
[ "$(drops pa dhcp_guard)" = 20 ] && pass "dhcp_guard counted 20" ||
	fail "dhcp_guard counter $(drops pa dhcp_guard)"
ctl port set pa dhcp-guard off
listen hb "$TMPD/dhcp-off.txt" udp port 68
rogue ha dhcp-offer 2
stop_captures
[ "$(grep -c "10.0.0.66.67 >" "$TMPD/dhcp-off.txt")" = 2 ] && pass "guard off: offers pass" ||
	fail "guard off: $(cat "$TMPD/dhcp-off.txt")"

# ---- router guard ----
MAC_B=$(ip -n "hb-$SUFFIX" -br link show "$(dev hb)" | awk '{print $3}')
ctl port set pa router-guard on
listen hb "$TMPD/ra.txt" icmp6 or icmp
rogue ha ra 10
rogue ha redirect4 10 "$MAC_B"
rogue ha rs 3
ping_from ha 10.0.0.2 && pass "pings pass the router guard" || fail "router guard stopped pings"
stop_captures
ras=$(grep -c "router advertisement" "$TMPD/ra.txt")
redirs=$(grep -c "redirect" "$TMPD/ra.txt")
rss=$(grep -c "router solicitation" "$TMPD/ra.txt")
[ "$ras$redirs" = 00 ] && pass "router advertisements and ICMPv4 redirects stopped" ||
	fail "$ras RAs, $redirs redirects reached hb"
[ "$rss" = 3 ] && pass "router solicitations still pass" || fail "$rss of 3 solicitations"
[ "$(drops pa router_guard)" = 20 ] && pass "router_guard counted 20" ||
	fail "router_guard counter $(drops pa router_guard)"

# ---- storm control ----
ctl port set pa storm broadcast 50
listen hb "$TMPD/storm.txt" ether broadcast and not arp
start=$(date +%s.%N)
rogue ha broadcast 400
secs=$(echo "$(date +%s.%N) - $start" | bc)
ping_from ha 10.0.0.2 && pass "unicast flows during the storm" || fail "unicast stopped by storm"
stop_captures
n=$(grep -c "ff:ff:ff:ff:ff:ff" "$TMPD/storm.txt")
# One second's worth (the burst) plus 50/s while scapy sent.
max=$(echo "50 + 50 * $secs + 5" | bc | cut -d. -f1)
[ "$n" -ge 45 ] && [ "$n" -le "$max" ] && pass "storm: $n of 400 broadcasts in ${secs}s passed (limit 50/s)" ||
	fail "storm: $n of 400 broadcasts passed in ${secs}s, want 45..$max"
[ "$(drops pa storm)" -ge $((400 - max)) ] && pass "storm counted $(drops pa storm)" ||
	fail "storm counter $(drops pa storm)"
ctl port set pa storm broadcast 0

# ---- 802.1p ----
ctl port set pc vlan trunk 1
listen hc "$TMPD/prio.txt" vlan
rogue ha prio 3 5
stop_captures
[ "$(grep -c "vlan 1, p 0," "$TMPD/prio.txt")" = 3 ] && pass "802.1p reset by default: PCP 5 -> 0" ||
	fail "reset: $(cat "$TMPD/prio.txt")"
ctl port set pa priority-tag trust
listen hc "$TMPD/prio2.txt" vlan
rogue ha prio 3 5
stop_captures
[ "$(grep -c "vlan 1, p 5," "$TMPD/prio2.txt")" = 3 ] && pass "priority-tag trust keeps PCP 5" ||
	fail "trust: $(cat "$TMPD/prio2.txt")"
ctl port set pc vlan access 1

# ---- learning ----
ctl fdb flush sw0 >/dev/null
ctl port set pa learning off
ping_from ha 10.0.0.2 1 || fail "no traffic with learning off"
expect_absent "learning off: nothing learned on pa, traffic flows (flooded)" "port pa( |$)" \
	ctl fdb show sw0
ctl port set pa learning on learn-limit 2
for m in 02:aa:00:00:00:01 02:aa:00:00:00:02 02:aa:00:00:00:03 02:aa:00:00:00:04; do
	rogue ha spoof 1 "$m"
done
n=$(ctl fdb show sw0 | grep -c "port pa")
[ "$n" -le 2 ] && pass "learn-limit 2: pa owns $n entries" || fail "learn-limit 2: pa owns $n"
[ "$(drops pa learn_limit)" -ge 2 ] && pass "learn_limit counted $(drops pa learn_limit)" ||
	fail "learn_limit counter $(drops pa learn_limit)"
ctl port set pa learn-limit 1024

# ---- maximum bandwidth: iperf3, UDP, 1400-byte datagrams ----
# vsw counts Ethernet frames (header, no FCS): 1400 + 8 + 20 + 14 bytes.
FRAME_FACTOR="1442 / 1400"
SERVERS=()
# iperf_rate HOST SERVER_IP PORT RATE [CPU]: the rate the server received,
# in frame bits/s.
# A one-off server: it exits after one test, having written its JSON.
iperf_server() {
	hexec "$1" iperf3 -s -1 -p "$2" -J >"$TMPD/iperf-$2.json" 2>&1 &
	PIDS+=($!)
	SERVERS+=($!)
	wait_for 50 listening "$1" "$2"
}
listening() { hexec "$1" ss -Hltn "sport = :$2" | grep -q LISTEN; }
servers_done() {
	local pid
	for pid in "${SERVERS[@]}"; do wait "$pid" 2>/dev/null; done
	SERVERS=()
	PIDS=()
}
server_rate() {
	"$PY" -c "import json; d=json.load(open('$TMPD/iperf-$1.json')); \
print(int(d['end']['sum_received']['bits_per_second'] * $FRAME_FACTOR))"
}
# 5 s, the first omitted: the rate held, not the burst an idle port has.
iperf_client() { # HOST PORT BPS [CPU]
	local cpu=${4:+taskset -c $4}
	hexec "$1" $cpu iperf3 -c 10.0.0.2 -p "$2" -u -l 1400 -b "$3" -t 5 -O 1 >/dev/null 2>&1
}
# TCP (iperf3's default): goodput; frames are 1514 bytes for 1448 of
# payload (MSS with timestamps), so frame bits = goodput x 1514 / 1448.
tcp_client() { hexec "$1" iperf3 -c 10.0.0.2 -p "$2" -t 5 -O 1 >/dev/null 2>&1; }
tcp_rate() {
	"$PY" -c "import json; d=json.load(open('$TMPD/iperf-$1.json')); \
print(int(d['end']['sum_received']['bits_per_second'] * 1514 / 1448))"
}
within10() { "$PY" -c "import sys; sys.exit(0 if abs($1 - $2) <= 0.1 * $2 else 1)"; }
check_rate() { # WHAT MEASURED CONFIGURED
	within10 "$2" "$3" && pass "$1: $(($2 / 1000)) kbit/s for $(($3 / 1000)) kbit/s configured" ||
		fail "$1: $(($2 / 1000)) kbit/s for $(($3 / 1000)) kbit/s configured (over 10% off)"
}

ctl port set pa max-rate out 20mbit
ctl port show pa | grep -q "max-rate out 20mbit burst 1000000" && pass "port show: max-rate out" ||
	fail "port show: $(ctl port show pa)"
iperf_server hb 5301 && iperf_client ha 5301 40M; servers_done
check_rate "max-rate out, one flow" "$(server_rate 5301)" 20000000
# Two flows sent from two CPUs share the port's one bucket.
if [ "$(nproc)" -ge 2 ]; then
	iperf_server hb 5302 && iperf_server hb 5303 &&
	{ iperf_client ha 5302 30M 0 & c1=$!; iperf_client ha 5303 30M 1 & c2=$!
	  wait $c1 $c2; servers_done; }
	check_rate "max-rate out, two flows on CPUs 0 and 1" \
		$(( $(server_rate 5302) + $(server_rate 5303) )) 20000000
fi
[ "$(drops pa rate_limit)" -gt 0 ] && pass "rate_limit counted $(drops pa rate_limit) on pa" ||
	fail "no rate_limit drops on pa"
# A policer drops what a shaper would queue; with the default burst (400
# ms of the rate) one TCP flow still holds the limit.
iperf_server hb 5307 && tcp_client ha 5307; servers_done
check_rate "max-rate out, one TCP flow, default burst" "$(tcp_rate 5307)" 20000000
ping_from hc 10.0.0.2 && pass "other ports unaffected" || fail "hc lost hb under pa's limit"
ctl port set pa max-rate out 0
ctl port set pb max-rate in 30mbit
iperf_server hb 5304 && iperf_client hc 5304 60M; servers_done
check_rate "max-rate in on the receiver" "$(server_rate 5304)" 30000000
iperf_server hb 5308 && tcp_client hc 5308; servers_done
check_rate "max-rate in, one TCP flow, default burst" "$(tcp_rate 5308)" 30000000
ctl port set pb max-rate in 0
iperf_server hb 5305 && iperf_client hc 5305 60M; servers_done
rate=$(server_rate 5305)
[ "$rate" -gt 40000000 ] && pass "limit off: $((rate / 1000)) kbit/s" ||
	fail "limit off, still $((rate / 1000)) kbit/s"

# ---- private VLANs: primary 1, pa promiscuous for 200, pb and pc isolated ----
flush_arp() { for h in ha hb hc; do ip -n "$h-$SUFFIX" neigh flush dev "$(dev $h)"; done; }
# heard HOST IP: HOST's neighbour entry for IP, which an ARP request from
# IP to HOST leaves behind (empty: it heard none since flush_arp).
heard() { ip -n "$1-$SUFFIX" neigh show "$2"; }
ctl port set pa vlan promiscuous 1 200 && ctl port set pb vlan isolated 1 200 &&
ctl port set pc vlan isolated 1 200 || fail "setting private VLAN roles"
ctl port show pb | grep -q "vlan isolated 1 200" && pass "port show: vlan isolated 1 200" ||
	fail "port show: $(ctl port show pb)"
flush_arp
wait_for 20 ping_from ha 10.0.0.2 1 && pass "promiscuous -> isolated" || fail "ha cannot reach hb"
wait_for 20 ping_from hc 10.0.0.1 1 && pass "isolated -> promiscuous" || fail "hc cannot reach ha"
# The reply would be dropped as a unicast anyway: what proves the pruning
# is that hc never heard hb's ARP request (a request to it leaves an entry
# for the sender in its neighbour table). tests/test_policy.c checks each
# flooded frame.
ping_from hb 10.0.0.3 && fail "isolated hb reached isolated hc" ||
	{ n=$(heard hc 10.0.0.2); [ -z "$n" ] && pass "isolated -/-> isolated (the ARP flood is pruned)" ||
	  fail "isolated hc heard hb's ARP broadcast: $n"; }
# Unicast with the neighbour known: dropped, counted on the destination.
MAC_C=$(ip -n "hc-$SUFFIX" -br link show "$(dev hc)" | awk '{print $3}')
ip -n "hb-$SUFFIX" neigh replace 10.0.0.3 lladdr "$MAC_C" dev "$(dev hb)"
ping_from hb 10.0.0.3 && fail "isolated unicast went through" ||
	{ [ "$(drops pc pvlan)" -gt 0 ] && pass "isolated unicast dropped: pvlan $(drops pc pvlan)" ||
	  fail "no pvlan drops on pc"; }
ctl port set pa vlan promiscuous 1 200-201 && ctl port set pb vlan community 1 201 &&
ctl port set pc vlan community 1 201 || fail "setting communities"
flush_arp
wait_for 20 ping_from hb 10.0.0.3 1 && pass "community members talk" || fail "hb cannot reach hc"
wait_for 20 ping_from hb 10.0.0.1 1 && pass "community -> promiscuous" || fail "hb cannot reach ha"
ctl port set pc vlan community 1 202
flush_arp
ping_from hb 10.0.0.3 && fail "different communities talked" ||
	{ n=$(heard hc 10.0.0.2); [ -z "$n" ] && pass "communities 201 -/-> 202 (ARP flood pruned)" ||
	  fail "community 202's hc heard hb's ARP broadcast: $n"; }
for p in pa pb pc; do ctl port set "$p" vlan access 1; done
flush_arp
wait_for 20 ping_from hb 10.0.0.3 1 && pass "vlan access ends the roles" || fail "hb still cut off"

# ---- port mirroring: what pa sends and receives, copied to pc ----
# mirror_run WHAT: 5 pings ha -> hb; the echoes hc (the destination) and hb
# (the original delivery) see, as "requests replies" for each.
mirror_run() {
	listen hc "$TMPD/mirror-$1.txt" icmp
	listen hb "$TMPD/orig-$1.txt" icmp
	ping_from ha 10.0.0.2 5 || fail "mirror $1: ha -> hb pings lost"
	stop_captures
	echo "$(grep -c "10.0.0.1 > 10.0.0.2: ICMP echo request" "$TMPD/mirror-$1.txt")" \
	     "$(grep -c "10.0.0.2 > 10.0.0.1: ICMP echo reply" "$TMPD/mirror-$1.txt")" \
	     "$(grep -c "10.0.0.1 > 10.0.0.2: ICMP echo request" "$TMPD/orig-$1.txt")"
}
mirrored() { ctl -j stats port "$1" | "$PY" -c "import json,sys; print(json.load(sys.stdin)[0]['mirrored'])"; }
ctl port set pc mirror destination && ctl port set pa mirror source both ||
	fail "setting mirror roles"
ctl port show pa | grep -q "mirror source both" && ctl port show pc | grep -q "mirror destination" &&
	pass "port show: mirror source both, mirror destination" ||
	fail "port show: $(ctl port show pa) / $(ctl port show pc)"
ping_from ha 10.0.0.2 1 # ARP settled before counting
m0=$(mirrored pc)
got=$(mirror_run both)
[ "$got" = "5 5 5" ] && pass "mirror both: hc got each of 5 requests and 5 replies once, hb its 5 requests" ||
	fail "mirror both: requests, replies at hc, requests at hb: $got (want 5 5 5)"
[ $(( $(mirrored pc) - m0 )) -ge 10 ] && pass "mirrored counted on pc: $(mirrored pc)" ||
	fail "mirrored counter on pc: $(mirrored pc), was $m0"
ctl port set pa mirror source out
got=$(mirror_run out)
[ "$got" = "5 0 5" ] && pass "mirror out: only what ha sends (5 requests, no replies)" ||
	fail "mirror out: $got (want 5 0 5)"
ctl port set pa mirror source in
got=$(mirror_run in)
[ "$got" = "0 5 5" ] && pass "mirror in: only what ha receives (5 replies, no requests)" ||
	fail "mirror in: $got (want 0 5 5)"
ctl port set pa mirror off
got=$(mirror_run off)
[ "$got" = "0 0 5" ] && pass "mirror off: nothing copied" || fail "mirror off: $got (want 0 0 5)"
expect_refused "two mirror settings in one command" 2 "'mirror' given twice" \
	ctl port set pb mirror source in mirror source out

# ---- the settings survive vswd: kill -9, restart, take over ----
ctl port set pa mirror source both
ctl port set pa mac-guard on dhcp-guard on max-rate in 10mbit burst 30000
before=$(ctl port show pa)
kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
start_vswd || fail "vswd did not restart"
[ "$(ctl port show pa)" = "$before" ] && pass "port show the same after restart" ||
	fail "after restart: $(ctl port show pa), before: $before"
spoof0=$(drops pa mac_spoof)
listen hb "$TMPD/spoof2.txt" ether proto 0x88b5
rogue ha spoof 5 02:de:ad:be:ef:02
stop_captures
[ "$(grep -c "02:de:ad:be:ef:02" "$TMPD/spoof2.txt")" = 0 ] &&
	[ "$(drops pa mac_spoof)" -ge $((spoof0 + 5)) ] &&
	pass "the guard still holds after the takeover" || fail "spoofing passes after restart"
grep -q '"mac_guard": "on"' "$STATE/vswd.json" 2>/dev/null ||
	grep -q '"mac_guard":"on"' "$STATE"/*.json && pass "state file holds the policies" ||
	fail "state file: $(cat "$STATE"/*.json)"
ping_from ha 10.0.0.2 && pass "ha still reaches hb" || fail "ha cut off after restart"
got=$(mirror_run restart)
[ "$got" = "5 5 5" ] && pass "mirroring still copies after the takeover" ||
	fail "mirror after restart: $got (want 5 5 5)"

exit $ret
