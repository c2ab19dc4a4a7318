#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# kill -9 of vswd under TCP load: iperf3 between two host NICs for 10 s
# (paced at 2 Gbit/s), and three times during it vswd is killed
# (SIGKILL) and started again.
# The pinned datapath forwards on while no vswd runs; each new vswd
# takes it over. Goals: the TCP flow never stalls more than 1 s (the
# receiver counts its bytes every 0.1 s), it carries the bytes of an
# undisturbed run +-5 % (runs with and without kills alternate, twice
# each), and what vswctl shows afterwards (-j, counters and ages left
# out) is what it showed before: switches, ports, NICs, FDB, ACLs,
# extensions. Meanwhile a client adds and deletes host NICs without a
# pause, so kills land between making a netdev and saving its NIC: no
# netdev of vswd's may be left without its NIC.
#
#   ha (10.0.0.1) -- host NIC -- pa  access 10, an ACL rule  \
#   hb (10.0.0.2) -- host NIC -- pb  access 10, storm control  sw0 (vswd,
#   vm  (a TAP)   -- VM NIC   -- pv  trunk 10,20              /  an extension,
#                                                               a static entry)
source "$(dirname "$0")/../lib/lib.sh"
source "$(dirname "$0")/../lib/vswd.sh"
source "$(dirname "$0")/lib.sh"

RUN=10
KILLS=(2 4.5 7)
# Paced: unpaced, what a run carries here varies by a third from one run
# to the next with the machine's other load; a paced flow carries the
# same in each undisturbed run, so what the kills take shows.
RATE=2G
ns() { echo "$1-$SUFFIX"; }
TAP="vm-$SUFFIX"
S=${SUFFIX:0:6}

stop_all() {
	local pid
	for pid in "${PIDS[@]}" $CHURN; do kill "$pid" 2>/dev/null; done
	stop_vswd "$(ns ha)" "$(ns hb)"
	for i in $(seq 0 19); do ip link del "vsw-k$S$i" 2>/dev/null; done
	ip link del "$TAP" 2>/dev/null
	cleanup
}
command -v iperf3 >/dev/null || { log "SKIP: no iperf3 (make deps installs it)"; exit 4; }
vsw_lib_init
trap stop_all EXIT
start_vswd || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
for h in ha hb; do new_ns "$(ns "$h")" || exit 1; done
ctl switch add sw0 &&
ctl port add pa switch sw0 vlan access 10 && ctl port add pb switch sw0 vlan access 10 &&
ctl port add pv switch sw0 vlan trunk 10,20 &&
for h in ha hb; do ctl nic add "$(ns "$h")" type host netns "$(ns "$h")" || exit 1; done &&
ctl nic add "$TAP" type vm && ctl nic connect "$TAP" port pv &&
ctl nic connect "$(ns ha)" port pa && ctl nic connect "$(ns hb)" port pb &&
ctl acl add pa dir in proto tcp lport 22 action deny >/dev/null &&
ctl port set pb storm broadcast 1000 &&
ctl fdb add sw0 02:00:00:00:00:99 vlan 10 port pa &&
ctl ext add sw0 no-v6 kind filter stage ingress object "$VSW_TOP/build/ext/drop_ethertype.bpf.o" \
	program drop_ethertype_in set ethertype=0x86dd ||
	{ log "setup failed: $(tail "$TMPD/vswd.log")"; exit 1; }
ip -n "$(ns ha)" addr add 10.0.0.1/24 dev "$(ns ha)"
ip -n "$(ns hb)" addr add 10.0.0.2/24 dev "$(ns hb)"
wait_for 50 ip netns exec "$(ns ha)" ping -c1 -W1 10.0.0.2 >/dev/null ||
	{ fail "ha cannot ping hb"; exit 1; }
ip netns exec "$(ns hb)" iperf3 -s -p 5201 >"$TMPD/server" 2>&1 &
PIDS+=($!)
wait_for 50 sh -c "ip netns exec $(ns hb) ss -ltn | grep -q ':5201 '" || { fail "no iperf3 server"; exit 1; }

# What vswctl shows, without what moves by itself (counters, ages).
state() {
	local what
	for what in "switch show" "port show" "nic show" "fdb show sw0" "acl show pa" "ext show"; do
		# shellcheck disable=SC2086
		ctl -j $what | jq -S --arg churn "k$S" '[.[] | select((.nic // "") | startswith($churn) | not)] |
			walk(if type == "object" then
			with_entries(select(.key | test("^(drops|stats|hits|age|age_ms|runs|rx_.*|tx_.*|flooded|mirrored|forwards|violations)$") | not))
			else . end)'
	done
}

# run KILL : 10 s of TCP hb -> ha (ha's iperf3 receives, -R) paced at
# $RATE, with vswd killed and restarted at each of KILLS when KILL is 1.
# Sets BYTES (received) and STALL_MS (the longest run of 0.1 s intervals
# in which nothing was received). Runs in this shell: it changes
# VSWD_PID.
run() {
	local kill=$1 t0 k wait_s client
	ip netns exec "$(ns ha)" iperf3 -c 10.0.0.2 -R -t $RUN -b "$RATE" -i 0.1 -J \
		--connect-timeout 3000 >"$TMPD/run.json" 2>&1 &
	client=$!
	if [ "$kill" = 1 ]; then
		churn &
		CHURN=$!
		t0=$(date +%s.%N)
		for k in "${KILLS[@]}"; do
			wait_s=$(echo "$t0 + $k - $(date +%s.%N)" | bc)
			[ "$(check "$wait_s > 0")" = ok ] && sleep "$wait_s"
			kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
			start_vswd || { fail "vswd did not restart: $(tail -n 5 "$TMPD/vswd.log")"; break; }
		done
		kill "$CHURN"; wait "$CHURN" 2>/dev/null; CHURN=
	fi
	wait "$client"
	read -r BYTES STALL_MS < <(jq -r '[.end.sum_received.bytes,
		(reduce (.intervals[] | .sum.bytes) as $b ({run: 0, max: 0};
			if $b == 0 then .run += 1 | .max = ([.max, .run] | max) else .run = 0 end) | .max * 100)]
		| @tsv' "$TMPD/run.json" 2>/dev/null || echo "0 99999")
}

# NICs coming and going while vswd is killed.
CHURN=
churn() {
	local i=0
	while :; do
		ctl nic add "k$S$((i % 20))" type host >/dev/null 2>&1
		ctl nic del "k$S$(((i + 10) % 20))" >/dev/null 2>&1
		i=$((i + 1))
	done
}

before=$(state)
declare -a plain killed stalls
for round in 1 2; do
	run 0; plain+=("$BYTES"); log "round $round, undisturbed: $BYTES bytes, longest stall $STALL_MS ms"
	run 1; killed+=("$BYTES"); stalls+=("$STALL_MS")
	log "round $round, 3 kills: $BYTES bytes, longest stall $STALL_MS ms"
done
after=$(state)
nics=$(ctl -j nic show | jq -r '.[].nic' | sort)
ours=$(ip -o link show 2>/dev/null | grep -F "alias vsw nic " | grep -F " of $TMPD/state" | awk -F': ' '{print $2}' |
	sed 's/@.*//; s/^vsw-//' | sort)
strays=$(comm -13 <(echo "$nics") <(echo "$ours") | grep -c .)
missing=$(comm -23 <(echo "$nics") <(echo "$ours") | grep -v "^$TAP$" | grep -c .)
diffs=$(diff <(echo "$before") <(echo "$after"))
restarts=$(grep -c "vswd ready" "$TMPD/vswd.log")

plain_avg=$(( (plain[0] + plain[1]) / 2 ))
killed_avg=$(( (killed[0] + killed[1]) / 2 ))
ratio=$(echo "scale=3; $killed_avg / $plain_avg" | bc)
stall_max=$(printf '%s\n' "${stalls[@]}" | sort -n | tail -n1)
note "TCP hb -> ha through host NICs (skb-path), iperf3 paced at $RATE bit/s, $RUN s per run; undisturbed runs" \
	"carried $(printf '%s ' "${plain[@]}")bytes, runs with 3 kills each $(printf '%s ' "${killed[@]}")bytes;" \
	"vswd started $restarts times in all and removed $(grep -c 'removing netdev' "$TMPD/vswd.log")" \
	"netdevs that a killed vswd had made for NICs it had not saved. CPU pressure (some, avg60) at the end: $(sed -n 's/^some .*avg60=\([0-9.]*\).*/\1/p' /proc/pressure/cpu) %."
figure "longest TCP stall while vswd was killed and restarted 3 times (2 runs)" \
	"$(printf '%s ms, ' "${stalls[@]}" | sed 's/, $//')" "<= 1000 ms" "$( [ "$stall_max" -le 1000 ] && echo ok || echo fail)"
figure "bytes carried with kills / without (means of 2 runs each)" "$ratio" "0.95 .. 1.05" \
	"$(check "$ratio >= 0.95 && $ratio <= 1.05")"
figure "vswctl show after 6 restarts vs before (switch, port, nic, fdb, acl, ext; -j)" \
	"$( [ -z "$diffs" ] && echo identical || echo "$(grep -c '^[<>]' <<<"$diffs") lines differ")" "identical" \
	"$( [ -z "$diffs" ] && echo ok || echo fail)"
figure "netdevs of vswd's without a NIC, NICs without their netdev, after the kills during nic add/del" \
	"$strays, $missing" "0, 0" "$( [ "$strays" = 0 ] && [ "$missing" = 0 ] && echo ok || echo fail)"
[ -n "$diffs" ] && log "$diffs"
exit $ret
