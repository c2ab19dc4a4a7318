#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# What port ACLs cost (issue 4's benchmark row): a known unicast from an
# access port to an access port with no ACL, and with 1,000 rules on the
# port, each case measured two ways, alternating, ROUNDS times:
#
#   prog-run  vsw_ingress alone by BPF_PROG_TEST_RUN, REPEAT runs on one
#             frame (the runs share one buffer: access to access, the
#             frame is not changed), ns per frame as the kernel timed it
#   live      vsw-perf loop: frames circulating through the switch between
#             the far ends g and s (each sends back what it receives),
#             packets per second g receives, and ns per round (1/pps: two
#             passes through the switch, one of them meeting the rules,
#             and the veths and far ends included)
#
# The cases (the rules are deny rules on remote 10.X.Y.0/24, UDP, one
# remote port each; the benchmark's frames, 198.18.0.1 -> .2, match none,
# so every frame is classified against all of them and allowed):
#
#   none        no rule: the port's ACL flag is clear
#   1000-out    1,000 rules on what the sending port's NIC sends (ingress)
#   1000-in     1,000 rules on what the receiving port's NIC receives
#   1000-nocache  the same out rules also naming a remote MAC: MACs are
#               not part of a flow, so no verdict is remembered and every
#               frame goes through the whole classifier (its upper cost)
#
#   sudo selftests/perf/bench_acl.sh       # ROUNDS=5 REPEAT=2000000 SECS=1
#
# Everything runs in a private network namespace, removed on exit.
set -euo pipefail
source "$(dirname "$0")/lib_bench.sh"
ROUNDS=${ROUNDS:-5}
REPEAT=${REPEAT:-2000000}
SECS=${SECS:-1}
DST=02:00:00:00:00:02
SRC=02:00:00:00:00:01

bench_init acl acl
bench_veths "g i" "o s"
ip -n "$NS" link set s address "$DST"
vswdp create acl >/dev/null
vswdp port add acl i >/dev/null
vswdp port add acl o >/dev/null
"$PERF" announce -n "$NS" -i s -S "$DST"

set_case() {
	vswdp acl-fill acl i out 0 >/dev/null
	vswdp acl-fill acl o in 0 >/dev/null
	case $1 in
	1000-out) vswdp acl-fill acl i out 1000 >/dev/null ;;
	1000-in) vswdp acl-fill acl o in 1000 >/dev/null ;;
	1000-nocache) vswdp acl-fill acl i out 1000 mac >/dev/null ;;
	esac
}
CASES="none 1000-out 1000-in 1000-nocache"
for ((r = 0; r < ROUNDS; r++)); do
	for c in $CASES; do
		set_case "$c"
		out=$("$PERF" prog-run -p "$BPFFS/acl/vsw_ingress" -n "$NS" -i i -N "$REPEAT" \
			-D "$DST" -S "$SRC")
		# XDP_REDIRECT (4), or the run timed something else than forwarding.
		[[ $out == *retval=4* ]] || { echo "bench_acl: $c did not forward: $out" >&2; exit 1; }
		echo "$c prog ${out%% *}" | sed 's/ns_per_run=//' >>"$work/runs"
		out=$("$PERF" loop -n "$NS" -a g -b s -t "$SECS" -D "$DST" -S "$SRC")
		pps=$(sed -n 's/^pps=\([0-9]*\).*/\1/p' <<<"$out")
		[ "${pps:-0}" -gt 0 ] || { echo "bench_acl: $c: nothing went round: $out" >&2; exit 1; }
		echo "$c live $pps" >>"$work/runs"
	done
done
[ -n "${RAW:-}" ] && cat "$work/runs" >&2

# Minimum (for pps the maximum): the run least disturbed by the rest of
# the machine, which is what the comparison uses; median: how much the
# rest disturbed.
pick() {
	awk -v c="$1" -v k="$2" '$1 == c && $2 == k {print $3}' "$work/runs" | sort -n |
		awk -v m="$3" '{v[NR] = $1} END {print m == "min" ? v[1] : m == "max" ? v[NR] : v[int((NR + 1) / 2)]}'
}
base_prog=$(pick none prog min)
base_live=$(pick none live max)
echo "Port ACLs: known unicast access -> access, $ROUNDS rounds alternating"
printf '%-13s | %8s %9s %8s | %8s %8s %9s %8s\n' "" "prog-run" "" "" "live" "" "" ""
printf '%-13s | %8s %9s %8s | %8s %8s %9s %8s\n' case "ns min" "ns median" "vs none" \
	"Mpps max" "Mpps med" "ns/frame" "vs none"
for c in $CASES; do
	pm=$(pick "$c" prog min) pd=$(pick "$c" prog median)
	lx=$(pick "$c" live max) lm=$(pick "$c" live median)
	awk -v c="$c" -v pm="$pm" -v pd="$pd" -v lx="$lx" -v lm="$lm" -v bp="$base_prog" \
		-v bl="$base_live" 'BEGIN {
		printf "%-13s | %8d %9d %+7.1f%% | %8.2f %8.2f %9.1f %+7.1f%%\n", c, pm, pd,
			(pm - bp) * 100 / bp, lx / 1e6, lm / 1e6, lx ? 1e9 / lx : 0,
			lx ? (bl / lx - 1) * 100 : 0 }'
done
echo "vs none: prog-run by the minimum, live by the best run (ns per frame);"
echo "live ns/frame is one round of the loop: two passes through vsw (one meets"
echo "the rules), the veths and the far ends."
