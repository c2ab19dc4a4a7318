#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# MAC flood: one port sends frames from 100,000 random source MACs to
# random unicast destinations (what a flooding tool sends) as fast as
# AF_PACKET takes them, for 30 s, while two other ports ping each other
# ten times a second each way. vswd's aging sweep (every 10 s) runs
# meanwhile. Goals: no FDB entry of the other ports evicted or moved,
# no ping lost, the flooding port's learned entries never above its
# learn limit.
#
#   hf -- host NIC -- pf  (flood, learn-limit 1024: the default) \
#   ha (10.0.0.1) -- host NIC -- pa                               sw0 (vswd)
#   hb (10.0.0.2) -- host NIC -- pb                              /
source "$(dirname "$0")/../lib/lib.sh"
source "$(dirname "$0")/../lib/vswd.sh"
source "$(dirname "$0")/lib.sh"

SECONDS_FLOOD=${SOAK_FLOOD_SECONDS:-30}
MACS=100000
LIMIT=1024
PERF="$VSW_TOP/build/vsw-perf"
ns() { echo "$1-$SUFFIX"; }

stop_all() {
	local pid
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	stop_vswd "$(ns hf)" "$(ns ha)" "$(ns hb)"
	cleanup
}
vsw_lib_init
trap stop_all EXIT
start_vswd -v || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
for h in hf ha hb; do new_ns "$(ns "$h")" || exit 1; done
ctl switch add sw0 &&
for p in pf pa pb; do ctl port add "$p" switch sw0 || exit 1; done &&
for h in hf ha hb; do ctl nic add "$(ns "$h")" type host netns "$(ns "$h")" || exit 1; done &&
ctl nic connect "$(ns hf)" port pf && ctl nic connect "$(ns ha)" port pa &&
ctl nic connect "$(ns hb)" port pb || { log "setup failed: $(tail "$TMPD/vswd.log")"; exit 1; }
ip -n "$(ns ha)" addr add 10.0.0.1/24 dev "$(ns ha)"
ip -n "$(ns hb)" addr add 10.0.0.2/24 dev "$(ns hb)"
mac_a=$(ip -n "$(ns ha)" -br link show "$(ns ha)" | awk '{print $3}')
mac_b=$(ip -n "$(ns hb)" -br link show "$(ns hb)" | awk '{print $3}')
wait_for 50 ip netns exec "$(ns ha)" ping -c1 -W1 10.0.0.2 >/dev/null ||
	{ fail "ha cannot ping hb before the flood"; exit 1; }

# fdb_sample: "PF_ENTRIES A_PORT B_PORT" from one fdb show.
fdb_sample() {
	ctl -j fdb show sw0 | jq -r --arg a "$mac_a" --arg b "$mac_b" '
		[ ([.[] | select(.port == "pf")] | length),
		  ([.[] | select(.mac == $a)][0].port // "none"),
		  ([.[] | select(.mac == $b)][0].port // "none") ] | @tsv'
}
drops() { ctl -j stats port "$1" | jq -r ".[0].drops.$2 // 0"; }

sweeps_before=$(grep -c "FDB swept" "$TMPD/vswd.log")
t_end=$(( $(date +%s) + SECONDS_FLOOD ))
count=$((SECONDS_FLOOD * 10))
ip netns exec "$(ns ha)" ping -i 0.1 -c "$count" -W 1 10.0.0.2 >"$TMPD/ping_ab" 2>&1 &
PIDS+=($!); ping_ab=$!
ip netns exec "$(ns hb)" ping -i 0.1 -c "$count" -W 1 10.0.0.1 >"$TMPD/ping_ba" 2>&1 &
PIDS+=($!); ping_ba=$!
"$PERF" macflood -n "$(ns hf)" -g "$(ns hf)" -N "$MACS" -t "$SECONDS_FLOOD" >"$TMPD/flood" 2>&1 &
PIDS+=($!); flood=$!

# Sample the FDB once a second while the flood runs.
samples=0 max_pf=0 moved=0 over=0
while kill -0 "$flood" 2>/dev/null; do
	if read -r pf pa_of pb_of < <(fdb_sample); then
		samples=$((samples + 1))
		[ "$pf" -gt "$max_pf" ] && max_pf=$pf
		[ "$pf" -gt "$LIMIT" ] && over=$((over + 1))
		[ "$pa_of" != pa ] || [ "$pb_of" != pb ] && {
			moved=$((moved + 1)); log "sample $samples: ha's MAC on $pa_of, hb's on $pb_of"; }
	fi
	sleep 1
done
wait "$flood"; flood_rc=$?
wait "$ping_ab" "$ping_ba"
sweeps=$(( $(grep -c "FDB swept" "$TMPD/vswd.log") - sweeps_before ))
read -r pf pa_of pb_of < <(fdb_sample)
[ "$pa_of" != pa ] || [ "$pb_of" != pb ] && moved=$((moved + 1))

read -r sent pps macs < <(sed -n 's/^sent=\([0-9]*\) pps=\([0-9]*\) macs=\([0-9]*\)$/\1 \2 \3/p' "$TMPD/flood")
[ "$flood_rc" = 0 ] && [ -n "$sent" ] || { fail "the flood did not run: $(cat "$TMPD/flood")"; exit 1; }
lost() { # ping output -> "lost/sent"
	awk '/packets transmitted/ {print $1 - $4 "/" $1}' "$1"
}
lost_ab=$(lost "$TMPD/ping_ab") lost_ba=$(lost "$TMPD/ping_ba")
over_limit=$(drops pf learn_limit)
note "Flood: $sent frames in ${SECONDS_FLOOD} s ($pps frames/s) from $macs distinct source MACs" \
	"(of a pool of $MACS), from a host NIC (generic XDP); the switch dropped $over_limit of them" \
	"at the learn limit. FDB sampled $samples times; $sweeps aging sweeps ran during the flood."
note "Ping RTT ha -> hb during the flood: $(grep -o 'rtt.*' "$TMPD/ping_ab" || echo none)."

figure "pings lost, ha -> hb and hb -> ha (10/s each)" "$lost_ab, $lost_ba" "0" \
	"$( [ "${lost_ab%/*}" = 0 ] && [ "${lost_ba%/*}" = 0 ] && echo ok || echo fail)"
figure "samples in which ha's or hb's FDB entry was gone or on another port" "$moved of $((samples + 1))" \
	"0" "$( [ "$moved" = 0 ] && [ "$samples" -ge $((SECONDS_FLOOD / 2)) ] && echo ok || echo fail)"
figure "most FDB entries of the flooding port in any sample" "$max_pf (last: $pf)" \
	"<= $LIMIT (its learn limit)" "$( [ "$over" = 0 ] && [ "$pf" -le $LIMIT ] && [ "$max_pf" -gt 0 ] && echo ok || echo fail)"
figure "aging sweeps during the flood" "$sweeps" ">= $((SECONDS_FLOOD / 10 - 1))" \
	"$( [ "$sweeps" -ge $((SECONDS_FLOOD / 10 - 1)) ] && echo ok || echo fail)"
figure "source MACs flooded" "$macs at $pps frames/s" ">= 99,000 of $MACS" \
	"$( [ "$macs" -ge 99000 ] && echo ok || echo fail)"
exit $ret
