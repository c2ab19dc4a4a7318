#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# What the extension slots cost (issue 8's benchmark row): vsw_ingress as
# it was before the slots (BASE, default the merge base with main) against
# the current one with no extension loaded, and with one filter extension
# (drop_ethertype, matching nothing). Each runs BPF_PROG_TEST_RUN with
# REPEAT frames, the objects alternating, ROUNDS times; the table shows
# the minimum and the median nanoseconds per frame, as the kernel timed
# them.
#
#   sudo selftests/perf/bench_ext.sh            # ROUNDS=9 REPEAT=2000000
#
# Everything runs in a private network namespace (unshare -n), on a veth
# pair made there; nothing is attached and nothing is pinned.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
BASE=${BASE:-$(git -C "$TOP" merge-base HEAD main)}
ROUNDS=${ROUNDS:-9}
REPEAT=${REPEAT:-2000000}

[ "$(id -u)" = 0 ] || { echo "bench_ext: needs root (BPF, a network namespace)"; exit 4; }
work=$(mktemp -d /tmp/vsw-bench-ext.XXXXXX)
trap 'rm -rf "$work"' EXIT

make -s -C "$TOP" "$BUILD/bench_ext" "$BUILD/vsw.bpf.o" "$BUILD/ext/drop_ethertype.bpf.o"
git -C "$TOP" archive "$BASE" bpf include | tar -x -C "$work"
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$work/include" -I"$work/bpf" \
	-I/usr/include/"$(gcc -print-multiarch)" -c "$work/bpf/vsw.bpf.c" -o "$work/before.bpf.o"

unshare -n bash -s "$BUILD" "$work" "$ROUNDS" "$REPEAT" "$(git -C "$TOP" rev-parse --short "$BASE")" <<'INNER'
set -euo pipefail
BUILD=$1 work=$2 ROUNDS=$3 REPEAT=$4 BASE=$5
ip link add bench-a type veth peer name bench-b
ip link set bench-a up; ip link set bench-b up
# (/sys still shows the outer namespace: ask ip)
a=$(ip -o link show bench-a | cut -d: -f1) b=$(ip -o link show bench-b | cut -d: -f1)
run() { "$BUILD/bench_ext" "$1" "$a" "$b" "$REPEAT" "${@:2}"; }
for ((i = 0; i < ROUNDS; i++)); do
	before=$(run "$work/before.bpf.o")
	empty=$(run "$BUILD/vsw.bpf.o")
	one=$(run "$BUILD/vsw.bpf.o" "$BUILD/ext/drop_ethertype.bpf.o" drop_ethertype_in)
	printf 'before %s\nempty %s\none-filter %s\n' "$before" "$empty" "$one"
done >"$work/runs"
[ -n "${RAW:-}" ] && cat "$work/runs" >&2
# The minimum is the run least disturbed by the rest of the machine; the
# median shows how much the others disturbed.
stat() { sort -n | awk -v m="$1" '{v[NR] = $1} END {print m == "min" ? v[1] : v[int((NR + 1) / 2)]}'; }
col() { awk -v k="$1" -v f="$2" '$1 == k {print $f}' "$work/runs" | stat "$3"; }
row() {
	printf '%-34s %8s %8s %8s %8s\n' "$1" "$(col "$2" 3 min)" "$(col "$2" 3 median)" \
		"$(col "$2" 5 min)" "$(col "$2" 5 median)"
}
echo "vsw_ingress, ns per frame ($ROUNDS runs of $REPEAT frames, BPF_PROG_TEST_RUN)"
printf '%-34s %8s %8s %8s %8s\n' "" "unicast" "" "flood" ""
printf '%-34s %8s %8s %8s %8s\n' "" min median min median
row "before the slots ($BASE)" before
row "slots, no extension" empty
row "slots, one filter extension" one-filter
INNER
