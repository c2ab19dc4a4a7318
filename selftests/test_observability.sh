#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Observability end to end: Prometheus metrics scraped with curl and
# checked by promtool and against the frames sent; vswctl stats, port and
# fdb show; bpftool dumps of the pinned maps; packet trace; capture to a
# pcap file read back by tcpdump and tshark.
#
#   ha -- host NIC -- pa  access 10 \
#   hb -- host NIC -- pb  access 10  sw0 (vswd, in namespace vsw-sw-*, metrics
#   hc -- host NIC -- pc  access 20 /       on 127.0.0.1:9469 there)
source "$(dirname "$0")/lib/lib.sh"

VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
SOCK="/run/vsw-selftest-$SUFFIX.sock"
METRICS=127.0.0.1:9469 # inside the switch namespace: collides with nothing
VSWD_PID=
ctl() { swexec "$VSWCTL" -s "$SOCK" "$@"; }
scrape() { swexec curl -sS --max-time 5 "$@"; }
# metric NAME{LABELS}: its value in the last scrape ($TMPD/m.txt).
metric() { awk -v k="$1" '$1 == k { print $2 }' "$TMPD/m.txt"; }

for tool in curl promtool jq tshark bpftool; do
	command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (make deps)"; exit 4; }
done

stop_all() {
	[ -n "$VSWD_PID" ] && kill "$VSWD_PID" 2>/dev/null
	wait 2>/dev/null
	rm -f "$SOCK"
	cleanup
}

vsw_lib_init
trap stop_all EXIT
new_ns "$SW_NS" || exit 1
# nsenter execs vswd: $! is vswd itself, for the kill on exit.
nsenter --net="/run/netns/$SW_NS" "$VSWD" --state-dir "$TMPD/state" --socket "$SOCK" \
	--bpffs "$BPFFS" \
	--metrics "$METRICS" --flush-on-exit >"$TMPD/vswd.log" 2>&1 &
VSWD_PID=$!
wait_for 50 ctl version >/dev/null || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }

for h in ha hb hc; do new_ns "$h-$SUFFIX" || exit 1; done
ctl switch add sw0 && ctl port add pa switch sw0 vlan access 10 &&
ctl port add pb switch sw0 vlan access 10 && ctl port add pc switch sw0 vlan access 20 &&
for h in ha hb hc; do
	ctl nic add "$h-$SUFFIX" type host netns "$h-$SUFFIX" || exit 1
	ip -n "$h-$SUFFIX" link set "$h-$SUFFIX" up
done &&
ctl nic connect "ha-$SUFFIX" port pa && ctl nic connect "hb-$SUFFIX" port pb &&
ctl nic connect "hc-$SUFFIX" port pc || { log "setup through vswctl failed"; exit 1; }
MAC_A=$(ip -n "ha-$SUFFIX" -br link show "ha-$SUFFIX" | awk '{print $3}')
MAC_B=$(ip -n "hb-$SUFFIX" -br link show "hb-$SUFFIX" | awk '{print $3}')
send() { hexec "$1" "$PY" "$VSW_TOP/selftests/lib/send_frames.py" "$1-$SUFFIX" "${@:2}"; }

# Traffic with known counts: 7 broadcasts from ha (flooded to hb only:
# hc is in VLAN 20), 3 tagged frames from ha (an access port: vlan_filter),
# 1 broadcast from hb (so the switch learns hb).
send ha 7 88b5 && send ha 3 88b5 5 && send hb 1 88b5 || fail "sending frames"
FRAME_LEN=60 # send_frames.py: 14 + 46 bytes

# ---- Prometheus metrics ----
scrape -o "$TMPD/m.txt" -D "$TMPD/h.txt" "http://$METRICS/metrics" && pass "scrape over HTTP" ||
	fail "curl http://$METRICS/metrics"
grep -qi '^content-type: text/plain; version=0.0.4' "$TMPD/h.txt" && pass "exposition format 0.0.4" ||
	fail "content type: $(grep -i content-type "$TMPD/h.txt")"
out=$(promtool check metrics <"$TMPD/m.txt" 2>&1) && pass "promtool check metrics: clean" ||
	fail "promtool: $out"
for fam in $(awk '$1 != "#" { sub(/[{ ].*/, "", $1); print $1 }' "$TMPD/m.txt" | sort -u); do
	grep -q "^# HELP $fam " "$TMPD/m.txt" && grep -q "^# TYPE $fam " "$TMPD/m.txt" ||
		fail "family $fam lacks HELP or TYPE"
done
expect() { # NAME{LABELS} VALUE
	local got
	got=$(metric "$1")
	[ "$got" = "$2" ] && pass "$1 = $2" || fail "$1 = '$got', want $2"
}
expect 'vsw_port_rx_packets_total{switch="sw0",port="pa"}' 10
expect 'vsw_port_rx_bytes_total{switch="sw0",port="pa"}' $((10 * FRAME_LEN + 3 * 4))
expect 'vsw_port_flooded_total{switch="sw0",port="pa"}' 7
expect 'vsw_port_drops_total{switch="sw0",port="pa",reason="vlan_filter"}' 3
expect 'vsw_port_tx_packets_total{switch="sw0",port="pb"}' 7
expect 'vsw_port_tx_bytes_total{switch="sw0",port="pb"}' $((7 * FRAME_LEN))
expect 'vsw_port_tx_packets_total{switch="sw0",port="pc"}' 0
expect 'vsw_port_tx_packets_total{switch="sw0",port="pa"}' 1
expect 'vsw_switch_rx_packets_total{switch="sw0"}' 11
expect 'vsw_switch_drops_total{switch="sw0",reason="vlan_filter"}' 3
expect 'vsw_switch_fdb_entries{switch="sw0"}' 2
expect 'vsw_switch_fdb_capacity{switch="sw0"}' 65536
expect 'vsw_port_up{switch="sw0",port="pa"}' 1
expect "vsw_nic_link_up{nic=\"ha-$SUFFIX\",kind=\"host\"}" 1
expect 'vsw_build_info{version="0.1"}' 1
grep -q '^vsw_uptime_seconds [0-9]' "$TMPD/m.txt" && pass "uptime" || fail "no uptime"
grep -q '^vsw_bpf_stats_enabled [01]$' "$TMPD/m.txt" && pass "BPF stats state" ||
	fail "no vsw_bpf_stats_enabled"

# A second vswd on the same address says why it cannot start; a bad one is usage.
out=$(swexec "$VSWD" --state-dir "$TMPD/state2" --socket "$SOCK.2" --bpffs "$BPFFS" \
	--metrics "$METRICS" 2>&1); rc=$?
[ $rc = 1 ] && grep -q "cannot listen on $METRICS: Address already in use" <<<"$out" &&
	pass "metrics address in use: exit 1, said so" || fail "address in use: rc $rc, $out"
out=$(swexec "$VSWD" --state-dir "$TMPD/state2" --socket "$SOCK.2" --metrics localhost 2>&1); rc=$?
[ $rc = 2 ] && pass "--metrics localhost: usage error: $out" || fail "bad --metrics: rc $rc, $out"

code() { scrape -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "http://$METRICS/")" = 404 ] && pass "GET / is 404" || fail "GET /: $(code "http://$METRICS/")"
[ "$(code "http://$METRICS/metricsx")" = 404 ] && pass "other paths 404" || fail "/metricsx"
[ "$(code -X POST -d x=1 "http://$METRICS/metrics")" = 405 ] && pass "POST is 405" ||
	fail "POST: $(code -X POST "http://$METRICS/metrics")"
[ "$(code -I "http://$METRICS/metrics")" = 200 ] && pass "HEAD is 200" || fail "HEAD"

# ---- vswctl stats, port show, fdb show ----
[ "$(ctl -j stats port pa | jq '.[0].rx_packets')" = 10 ] && pass "stats port pa: rx 10" ||
	fail "stats port pa: $(ctl stats port pa)"
[ "$(ctl -j stats port pa | jq '.[0].drops.vlan_filter')" = 3 ] && pass "stats: vlan_filter 3" ||
	fail "stats port pa: $(ctl stats port pa)"
[ "$(ctl -j stats switch sw0 | jq '.[0].rx_packets')" = 11 ] && pass "stats switch sw0: rx 11" ||
	fail "stats switch: $(ctl stats switch sw0)"
[ "$(ctl -j stats nic "hb-$SUFFIX" | jq '.[0].tx_packets')" = 7 ] && pass "stats nic hb: tx 7" ||
	fail "stats nic: $(ctl stats nic "hb-$SUFFIX")"
ctl port show pa | grep -q "link up nic ha-$SUFFIX .*drops vlan_filter 3" &&
	pass "port show: link and drop reasons: $(ctl port show pa)" || fail "port show: $(ctl port show pa)"
[ "$(ctl -j port show pb | jq '.[0].drops.vlan_filter')" = 0 ] && pass "port show -j: every reason" ||
	fail "port show -j: $(ctl -j port show pb)"
ctl fdb show sw0 | grep -qE "^vlan 10 mac $MAC_A port pa age [0-9.]+s$" && pass "fdb show: age and port" ||
	fail "fdb show: $(ctl fdb show sw0)"

# ---- bpftool on the pinned maps: BTF names every field ----
dump() { swexec bpftool -j map dump pinned "$BPFFS/sw0/$1"; }
ifa=$(ip -n "$SW_NS" -o link show "vsw-ha-$SUFFIX" | cut -d: -f1)
mac_bytes=$(tr : '\n' <<<"$MAC_A" | sed 's/^/0x/' | xargs printf '%d,' | sed 's/,$//')
[ "$(dump vsw_fdb | jq "any(.[]; .formatted.key.vid == 10 and .formatted.key.mac == [$mac_bytes]
	and .formatted.value.ifindex == $ifa and .formatted.value.flags == 0)")" = true ] &&
	pass "bpftool: vsw_fdb entry of ha, ifindex $ifa, by field name" ||
	fail "bpftool vsw_fdb: $(dump vsw_fdb | head -c 600)"
[ "$(dump vsw_ports | jq "[.[] | select(.formatted.key == $ifa) | .formatted.value.pvid][0]")" = 10 ] &&
	pass "bpftool: vsw_ports pvid 10" || fail "bpftool vsw_ports: $(dump vsw_ports | head -c 400)"
slot=$(dump vsw_ports | jq "[.[] | select(.formatted.key == $ifa) | .formatted.value.slot][0]")
[ "$(dump vsw_stats | jq "[.[] | select(.formatted.key == $slot) | .formatted.values[].value.rx_packets] | add")" = 10 ] &&
	pass "bpftool: vsw_stats per CPU, summed: rx 10" ||
	fail "bpftool vsw_stats: $(dump vsw_stats | head -c 400)"

# ---- trace: the decision, and nothing changes ----
before=$(scrape "http://$METRICS/metrics" | grep -E '^vsw_(port|switch)_' )
fdb_before=$(ctl fdb show sw0 | sed -E 's/ age [0-9.]+s//')
out=$(ctl trace sw0 port pa src "$MAC_A" dst "$MAC_B" ipv4 10.0.0.1 '>' 10.0.0.2 udp 53)
grep -q "vlan 10 fdb hit port pb learn no passed port,link,parse,vlan,learn_limit,hairpin,dest_port,dest_link,dest_vlan verdict unicast to pb$" <<<"$out" &&
	pass "trace unicast: $out" || fail "trace unicast: $out"
out=$(ctl trace sw0 port pa src 02:00:00:00:00:77 dst ff:ff:ff:ff:ff:ff)
grep -q "fdb miss learn yes .* verdict flood to pb$" <<<"$out" && pass "trace flood: $out" ||
	fail "trace flood: $out"
out=$(ctl trace sw0 port pa src "$MAC_A" dst "$MAC_B" vlan 5)
grep -q "passed port,link,parse dropped_by vlan reason vlan_filter verdict drop$" <<<"$out" &&
	pass "trace drop: $out" || fail "trace drop: $out"
hex=$(printf 'ffffffffffff%s88b5' "$(tr -d : <<<"$MAC_B")")$(printf '00%.0s' $(seq 46))
out=$(ctl -j trace sw0 port pc "$hex")
[ "$(jq -r '.[0].verdict + " " + (.[0].vlan|tostring)' <<<"$out")" = "flood 20" ] &&
	pass "trace of hex bytes on pc: flood in VLAN 20" || fail "trace hex: $out"
after=$(scrape "http://$METRICS/metrics" | grep -E '^vsw_(port|switch)_' )
[ "$before" = "$after" ] && pass "traces moved no counter" || fail "counters moved: $(diff <(echo "$before") <(echo "$after"))"
[ "$fdb_before" = "$(ctl fdb show sw0 | sed -E 's/ age [0-9.]+s//')" ] &&
	pass "traces learned nothing" || fail "FDB changed: $(ctl fdb show sw0)"
expect_refused "trace without dst" 2 "vswctl: switch 'sw0': frame: a spec needs 'src MAC' and 'dst MAC'" \
	ctl trace sw0 port pa src 02:00:00:00:00:01
expect_refused "trace on an unknown port" 1 "vswctl: switch 'sw0' has no port 'nosuch' (No such file or directory)" \
	ctl trace sw0 port nosuch src 02:00:00:00:00:01 dst 02:00:00:00:00:02

# ---- capture: what crosses pb, written as pcap ----
timeout 20 "$VSWCTL" -s "$SOCK" capture pb out -c 5 -w "$TMPD/pb.pcap" 2>"$TMPD/cap.err" &
cap_pid=$!
wait_for 50 grep -q "capturing port 'pb'" "$TMPD/cap.err" || fail "capture did not start: $(cat "$TMPD/cap.err")"
send ha 5 88b6
wait "$cap_pid" && grep -q "^vswctl: 5 frames captured" "$TMPD/cap.err" && pass "capture stopped after 5 frames: $(tail -n1 "$TMPD/cap.err")" ||
	fail "capture: $(cat "$TMPD/cap.err")"
lines=$(tcpdump -nn -e -r "$TMPD/pb.pcap" 2>/dev/null)
[ "$(grep -c "$MAC_A > ff:ff:ff:ff:ff:ff, ethertype Unknown (0x88b6), length 60" <<<"$lines")" = 5 ] &&
	pass "tcpdump reads the 5 frames sent, as sent" || fail "tcpdump -r: $lines"
[ "$(tshark -r "$TMPD/pb.pcap" -T fields -e eth.src 2>/dev/null | sort -u)" = "$MAC_A" ] &&
	[ "$(tshark -r "$TMPD/pb.pcap" 2>/dev/null | wc -l)" = 5 ] && pass "tshark reads it too" ||
	fail "tshark -r: $(tshark -r "$TMPD/pb.pcap" 2>&1 | head -n 3)"
# in: frames as they arrive, the tag on them included.
timeout 20 "$VSWCTL" -s "$SOCK" capture pa in -c 2 -w "$TMPD/pa.pcap" 2>"$TMPD/cap2.err" &
cap_pid=$!
wait_for 50 grep -q "capturing port 'pa'" "$TMPD/cap2.err" || fail "capture in did not start"
send ha 2 88b7 9
wait "$cap_pid"
[ "$(tcpdump -nn -e -r "$TMPD/pa.pcap" 2>/dev/null | grep -c "vlan 9, p 0, ethertype Unknown (0x88b7)")" = 2 ] &&
	pass "capture in: the 2 tagged frames as they arrived (then dropped)" ||
	fail "capture in: $(tcpdump -nn -e -r "$TMPD/pa.pcap" 2>&1)"
# out, unicast: a known destination is finished in ingress, and captured there.
ip -n "ha-$SUFFIX" addr add 10.0.0.1/24 dev "ha-$SUFFIX"
ip -n "hb-$SUFFIX" addr add 10.0.0.2/24 dev "hb-$SUFFIX"
timeout -s INT 6 "$VSWCTL" -s "$SOCK" capture pb out -w "$TMPD/uc.pcap" 2>"$TMPD/cap3.err" &
cap_pid=$!
wait_for 50 grep -q "capturing port 'pb'" "$TMPD/cap3.err" || fail "capture of unicast did not start"
hexec ha ping -c 3 -i 0.2 -W 2 10.0.0.2 >/dev/null || fail "ha cannot ping hb"
wait "$cap_pid"
n=$(tcpdump -nn -e -r "$TMPD/uc.pcap" 2>/dev/null | grep -c "$MAC_A > $MAC_B, .* 10.0.0.1 > 10.0.0.2: ICMP echo request")
[ "$n" = 3 ] && pass "capture out: the 3 unicast echo requests to hb" ||
	fail "capture of unicast: $n echo requests: $(tcpdump -nn -e -r "$TMPD/uc.pcap" 2>&1)"
# VSW_PORT_F_CAPTURE_IN | _OUT: bits 2 and 3 (other bits are other flags).
flags=$(dump vsw_ports | jq "[.[] | .formatted.value.flags] | map((. / 4 | floor) % 4 != 0) | any")
[ "$flags" = false ] && pass "capture flags cleared when vswctl hung up" || fail "capture flags left set"
expect_refused "capture -c 0" 2 "vswctl: port 'pb': -c wants a count of frames, once (1 or more)" \
	ctl capture pb -w "$TMPD/x.pcap" -c 0
expect_refused "capture with a bad direction" 2 "vswctl: port 'pb': unexpected 'sideways'" \
	ctl capture pb sideways -w "$TMPD/x.pcap"

ctl switch del sw0 force
for h in ha hb hc; do ctl nic del "$h-$SUFFIX" >/dev/null; done
exit $ret
