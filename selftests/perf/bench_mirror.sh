#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# What port mirroring costs: a known unicast, 64-byte frames, from an
# access port (i) to an access port (o), with a third port (mr) that is
# or is not a mirror destination. The cases, alternating, ROUNDS times:
#
#   off        no port has a mirror role
#   dst-only   mr is a mirror destination, no port is a source: what every
#              frame that is not mirrored pays on a switch with an analyzer
#   mirrored   i is a mirror source (out): every frame its NIC sends becomes
#              a directed broadcast (bpf/mirror.h); o and mr each get one
#              copy (the loop's way back, from o to i, is not mirrored)
#
# Frames circulate in a closed loop (vsw-perf loop) between the far ends
# g and s, which send back what they receive; the rate is what g receives
# per second. ms, mr's peer, counts the copies and drops them. The
# mirrored case is also checked to deliver as many frames to mr as i's
# NIC sent out of o.
#
#   sudo selftests/perf/bench_mirror.sh     # ROUNDS=5 SECS=1
#
# Everything runs in a private network namespace, removed on exit.
set -euo pipefail
source "$(dirname "$0")/lib_bench.sh"
ROUNDS=${ROUNDS:-5}
SECS=${SECS:-1}
DST=02:00:00:00:00:02
SRC=02:00:00:00:00:01

# IPv6 is off (lib_bench.sh): its neighbour discovery would reach o unmirrored.
bench_init mirror mir
bench_veths "g i" "o s" "mr ms"
ip -n "$NS" link set s address "$DST"
vswdp create mir >/dev/null
for p in i o mr; do vswdp port add mir "$p" >/dev/null; done
"$PERF" announce -n "$NS" -i s -S "$DST"

set_case() {
	vswdp port mirror mir i off
	vswdp port mirror mir mr off
	case $1 in
	dst-only) vswdp port mirror mir mr destination ;;
	mirrored) vswdp port mirror mir mr destination; vswdp port mirror mir i out ;;
	esac
}
CASES="off dst-only mirrored"
tx_of() { vswdp stats mir "$1" | sed -n 's/.* tx_packets \([0-9]*\) .*/\1/p'; }
mirrored_of() { vswdp stats mir "$1" | sed -n 's/.* mirrored \([0-9]*\) .*/\1/p'; }
sent=0 copies=0
for ((r = 0; r < ROUNDS; r++)); do
	for c in $CASES; do
		set_case "$c"
		o0=$(tx_of o) m0=$(mirrored_of mr)
		out=$("$PERF" loop -n "$NS" -a g -b s,ms -t "$SECS" -D "$DST" -S "$SRC")
		per=$(sed -n 's/^pps=\([0-9]*\).*/\1/p' <<<"$out")
		[ "${per:-0}" -gt 0 ] || { echo "bench_mirror: $c: nothing went round: $out" >&2; exit 1; }
		echo "$c $per" >>"$work/runs"
		if [ "$c" = mirrored ]; then
			sent=$((sent + $(tx_of o) - o0)) copies=$((copies + $(mirrored_of mr) - m0))
		fi
	done
done
[ -n "${RAW:-}" ] && cat "$work/runs" >&2

pick() {
	awk -v c="$1" '$1 == c {print $2}' "$work/runs" | sort -n |
		awk -v m="$2" '{v[NR] = $1} END {print m == "max" ? v[NR] : v[int((NR + 1) / 2)]}'
}
base=$(pick off max)
echo "Port mirroring: known unicast access -> access, 64 B, $ROUNDS rounds alternating"
printf '%-9s | %9s %9s %9s %9s\n' case "Mpps max" "Mpps med" "ns/frame" "vs off"
for c in $CASES; do
	awk -v c="$c" -v x="$(pick "$c" max)" -v m="$(pick "$c" median)" -v b="$base" 'BEGIN {
		printf "%-9s | %9.2f %9.2f %9.1f %+8.1f%%\n", c, x / 1e6, m / 1e6, 1e9 / x,
			(b / x - 1) * 100 }'
done
echo "Mpps: what one far end of the loop receives; vs off: ns per round, best runs."
echo "Mirrored runs: o sent $sent frames, mr $copies mirror copies."
[ "$sent" = "$copies" ] || { echo "bench_mirror: copies and originals differ" >&2; exit 1; }
