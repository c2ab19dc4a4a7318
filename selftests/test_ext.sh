#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Extensions through vswctl: a filter that drops IPv4 stops pings; a
# program the verifier refuses is reported and changes nothing; an egress
# capture's samples are read back; a forward extension steers a MAC to
# another port; extensions survive vswd kill -9 (still in the pins) and
# a lost datapath (loaded again from the state file).
#
#   ha (10.0.0.1) -- host NIC -- pa  access 10 \
#   hb (10.0.0.2) -- host NIC -- pb  access 10  } sw0 (vswd)
#   hc (10.0.0.3) -- host NIC -- pc  access 10 /
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

EXT="$VSW_TOP/build/ext"

stop_all() {
	[ -n "${TCPDUMP_PID:-}" ] && kill "$TCPDUMP_PID" 2>/dev/null
	stop_vswd "ha-$SUFFIX" "hb-$SUFFIX" "hc-$SUFFIX"
	wait 2>/dev/null
	cleanup
}

vsw_lib_init
trap stop_all EXIT
start_vswd || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
for h in ha hb hc; do new_ns "$h-$SUFFIX" || exit 1; done
ctl switch add sw0 &&
for p in pa pb pc; do ctl port add $p switch sw0 vlan access 10 || exit 1; done &&
for h in ha hb hc; do ctl nic add "$h-$SUFFIX" type host netns "$h-$SUFFIX" || exit 1; done &&
ctl nic connect "ha-$SUFFIX" port pa && ctl nic connect "hb-$SUFFIX" port pb &&
ctl nic connect "hc-$SUFFIX" port pc || { log "setup through vswctl failed"; exit 1; }
i=1
for h in ha hb hc; do ip -n "$h-$SUFFIX" addr add 10.0.0.$i/24 dev "$h-$SUFFIX"; i=$((i + 1)); done
ping_ab() { hexec ha ping -c "${1:-1}" -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1; }
wait_for 30 ping_ab || fail "ha cannot reach hb before any extension"

# A filter: IPv4 dropped at ingress, with its own reason 2.
ctl ext add sw0 no-ip kind filter stage ingress object "$EXT/drop_ethertype.bpf.o" \
	program drop_ethertype_in set ethertype=0x0800 set reason=2 &&
	pass "filter added" || fail "ext add no-ip"
ping_ab 3 && fail "IPv4 crossed the filter" || pass "the filter drops IPv4"
show=$(ctl ext show sw0 no-ip)
[[ "$show" == "ext no-ip switch sw0 kind filter stage ingress priority 100 object $EXT/drop_ethertype.bpf.o program drop_ethertype_in set ethertype=0x0800 set reason=2 id 0 runs "* ]] &&
	pass "ext show: $show" || fail "ext show: $show"
drops=$(ctl -j ext show sw0 no-ip | "$PY" -c 'import json,sys; e=json.load(sys.stdin)[0]; print(e["drops"], e["reasons"]["2"])')
[ "${drops% *}" -ge 3 ] && [ "${drops% *}" = "${drops#* }" ] &&
	pass "drops counted under reason 2: $drops" || fail "drops/reason 2: $drops"
ctl stats port pa | grep -Eq "extension [1-9]" && pass "port pa counts 'extension' drops" ||
	fail "port stats: $(ctl stats port pa)"

# Refused: the verifier's reason, nothing changed, exit 1.
expect_refused "the verifier's refusal" 1 "the kernel refused 'unchecked': Permission denied: invalid access to packet" \
	ctl ext add sw0 bad kind filter stage ingress \
	object "$VSW_TOP/build/tests/bpf/ext_test.bpf.o" program unchecked
[ "$(ctl ext show sw0 | wc -l)" = 1 ] && pass "the refused extension is not listed" ||
	fail "after refusal: $(ctl ext show sw0)"
ping_ab 2 && fail "refusal changed the pipeline" || pass "the filter still runs after a refusal"
expect_refused "forward at egress" 2 "vswctl: extension 'x': a forward extension runs at ingress only" \
	ctl ext add sw0 x kind forward stage egress object "$EXT/steer_mac.bpf.o"
expect_refused "missing object" 2 \
	"vswctl: extension 'x': object '/nonexistent.bpf.o': No such file or directory" \
	ctl ext add sw0 x kind filter stage ingress object /nonexistent.bpf.o

# Restart with the datapath live: the extension stays, counters too.
runs_before=$(ctl -j ext show sw0 no-ip | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["runs"])')
kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
start_vswd || fail "vswd did not restart: $(tail -n 5 "$TMPD/vswd.log")"
runs_after=$(ctl -j ext show sw0 no-ip | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["runs"])')
[ -n "$runs_after" ] && [ "$runs_after" -ge "$runs_before" ] &&
	pass "after kill -9 the extension runs on (runs $runs_before -> $runs_after)" ||
	fail "after restart: $(ctl ext show sw0)"
ping_ab 2 && fail "IPv4 crossed after restart" || pass "still dropping after restart"

# The datapath lost (its pins gone): vswd loads the extension again.
kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
"$VSW_DP" -b "$BPFFS" destroy sw0 >/dev/null 2>&1
[ ! -e "$BPFFS/sw0" ] || fail "datapath still pinned"
start_vswd || fail "vswd did not restart: $(tail -n 5 "$TMPD/vswd.log")"
ctl ext show sw0 no-ip | grep -q "id 0 runs" && pass "reloaded from the state file" ||
	fail "not reloaded: $(ctl ext show sw0); $(tail -n 5 "$TMPD/vswd.log")"
ping_ab 2 && fail "IPv4 crossed after reload" || pass "the reloaded filter drops IPv4"
ctl ext del sw0 no-ip && wait_for 30 ping_ab && pass "ext del: IPv4 flows again" ||
	fail "after ext del"

# An egress capture: one sample per delivered frame copy.
ctl ext add sw0 tap kind capture stage egress object "$EXT/sample.bpf.o" \
	program sample_egress set every=1 || fail "ext add tap"
ctl ext samples sw0 tap >/dev/null # empty what the ARP traffic left
ping_ab 2 || fail "ping with the capture"
ctl ext samples sw0 tap >"$TMPD/samples"
hb_if=$(cat /sys/class/net/vsw-hb-$SUFFIX/ifindex)
grep -q "^sample stage egress in [0-9]* out $hb_if vlan 10 len 98 frame " "$TMPD/samples" &&
	pass "samples of ICMP to hb: $(grep -c "out $hb_if" "$TMPD/samples")" ||
	fail "samples: $(cat "$TMPD/samples")"
expect_refused "a writing capture" 1 "extension 'bad': a capture extension may not change the frame" \
	ctl ext add sw0 bad kind capture stage ingress \
	object "$VSW_TOP/build/tests/bpf/ext_test.bpf.o" program stamp

# Forward: frames to hb's MAC go to port pc instead.
hb_mac=$(ip -n "hb-$SUFFIX" -br link show "hb-$SUFFIX" | awk '{print $3}')
ctl ext add sw0 steer kind forward stage ingress object "$EXT/steer_mac.bpf.o" \
	set mac="$hb_mac" set port=@pc || fail "ext add steer"
hexec hc tcpdump -l -nn -Q in -i "hc-$SUFFIX" icmp >"$TMPD/hc.txt" 2>"$TMPD/hc.err" &
TCPDUMP_PID=$!
wait_for 50 grep -q "listening on" "$TMPD/hc.err" || fail "tcpdump on hc did not start"
ping_ab 3 && fail "ping reached hb past the steering" || pass "steered frames miss hb"
sleep 0.3 # the last frames reach tcpdump
kill "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null
grep -q "10.0.0.1 > 10.0.0.2: ICMP echo request" "$TMPD/hc.txt" &&
	pass "hc receives the frames for hb's MAC" || fail "hc saw: $(head -3 "$TMPD/hc.txt")"
ctl ext show sw0 steer | grep -Eq "forwards [1-9]" && pass "forwards counted" ||
	fail "$(ctl ext show sw0 steer)"
ctl ext del sw0 steer && wait_for 30 ping_ab && pass "steering removed" || fail "steer del"

ctl switch del sw0 force && for h in ha hb hc; do ctl nic del "$h-$SUFFIX"; done
[ ! -e "$BPFFS/sw0" ] && pass "sw0 and its extensions unpinned" ||
	fail "pins left: $(find "$BPFFS/sw0")"
exit $ret
