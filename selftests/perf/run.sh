#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The vsw benchmark: vsw against the machine's limit and against its peers,
# all measured in one run. docs/performance.md explains the method and
# keeps the latest results.
set -u

usage() {
	cat <<EOF
Usage: selftests/perf/run.sh [OPTIONS]

Build a topology of veth pairs in a private network namespace and measure
the packets per second through each case, alternating the cases round by
round (A B C A B C ...) so that a noisy machine treats them alike.

No generator: a closed loop. Each case joins two near veth ends; the far
ends run perf_loop (vsw-perf loop), which swaps a frame's MACs and sends
it back (XDP_TX). 256 IPv4/UDP frames seeded once with AF_PACKET then
circulate through the case, both ways, for as long as it forwards them;
the rate is what one far end receives, per second (one direction).

  fa-ID [perf_loop] == na-ID ~ case under test ~ nb-ID == fb-ID [perf_loop]

Cases:
  limit       a bare bpf_redirect_map each way between the near ends
  l2ref       a minimal XDP L2 forwarder: parse, one hash lookup, per-CPU
              counter, redirect
  vsw         known unicast through a vsw switch, access to access
  vsw-trunk   known unicast, VLAN 10 tagged on a trunk one way (popped to
              an access port), untagged the other (pushed)
  bridge      the Linux bridge with the same two ports (XDP_PASS on them,
              so that the far ends' XDP_TX frames reach it)
  ovs-afxdp   Open vSwitch userspace datapath, afxdp ports, NORMAL action
Then flooding to 2, 4 and 8 ports (vsw against a bare BPF_F_BROADCAST;
one far end answers each broadcast with a unicast, the others count),
FDB sizes 1k/100k/1M, 1,000 ports added through vswctl, and memory.

Options:
  --rounds N    rounds per table (default 5)
  --seconds S   seconds per measurement (default 2)
  --no-peers    skip the Linux bridge and Open vSwitch
  --quick       smoke run for make check: one short round of each traffic
                case, asserting only that each one forwards; no tables
  --doc FILE    also write the tables, with the machine and the date, to
                FILE (docs/performance.md keeps the published ones)
  -h, --help    this text

Needs root. Everything it creates (namespace, pins, OVS processes and
their private directories) is removed on exit, also on Ctrl-C.
EOF
}

ROUNDS=5
SECS=2
PEERS=1
QUICK=0
DOC=
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) ROUNDS=${2:?}; shift ;;
	--seconds) SECS=${2:?}; shift ;;
	--no-peers) PEERS=0 ;;
	--quick) QUICK=1 ;;
	--doc) DOC=${2:?}; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
if [ "$QUICK" = 1 ]; then ROUNDS=1; SECS=0.2; fi

TOP=$(cd "$(dirname "$0")/../.." && pwd)
PERF="$TOP/build/vsw-perf"
VSW_DP="$TOP/build/vsw-dp"
VSWD="$TOP/build/vswd"
VSWCTL="$TOP/build/vswctl"
SUFFIX=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
NS="vswperf-$SUFFIX"
BPFFS="/sys/fs/bpf/vsw-perf-$SUFFIX"
TMPD=$(mktemp -d "/tmp/vsw-perf.XXXXXX")
RESULTS="$TMPD/results" # lines: TABLE CASE VALUE
DST=02:00:00:00:00:0b   # the loop's frames: fa-ID (SRC) <-> fb-ID (DST)
SRC=02:00:00:00:00:0a
OVS_STARTED=0
VSWD_PID=

[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (namespaces, XDP)" >&2; exit 1; }
for f in "$PERF" "$VSW_DP" "$VSWD" "$VSWCTL"; do
	[ -x "$f" ] || { echo "run.sh: $f missing: run make first" >&2; exit 1; }
done

cleanup() {
	trap - EXIT INT TERM
	[ -n "$VSWD_PID" ] && kill "$VSWD_PID" 2>/dev/null && wait "$VSWD_PID" 2>/dev/null
	ovs_stop
	ip netns del "$NS" 2>/dev/null
	rm -rf "$BPFFS" "$TMPD"
	# libxdp (OVS's afxdp ports) makes this directory; leave it only in use.
	rmdir /sys/fs/bpf/xdp 2>/dev/null
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 130' INT TERM

inns() { nsenter --net="/run/netns/$NS" "$@"; }
vswdp() { inns "$VSW_DP" -b "$BPFFS" "$@"; }

# pair A B: a veth pair in the namespace, both ends up.
pair() {
	ip -n "$NS" link add "$1" type veth peer name "$2" &&
		ip -n "$NS" link set "$1" up && ip -n "$NS" link set "$2" up
}

# topo ID: far fa-ID / near na-ID, near nb-ID / far fb-ID.
topo() { pair "fa-$1" "na-$1" && pair "fb-$1" "nb-$1"; }
# ftopo ID NOUT: fa-ID/na-ID in, then f-ID-k/n-ID-k for k in 1..NOUT.
ftopo() {
	local k
	pair "fa-$1" "na-$1" || return 1
	for k in $(seq 1 "$2"); do pair "f-$1-$k" "n-$1-$k" || return 1; done
}
# list PREFIX ID N: PREFIX-ID-1,...,PREFIX-ID-N
list() { local k s=; for k in $(seq 1 "$3"); do s+="${s:+,}$1-$2-$k"; done; echo "$s"; }

setup_bare() {
	topo "$1" && "$PERF" bare -n "$NS" -i "na-$1" -o "nb-$1" &&
		"$PERF" bare -n "$NS" -i "nb-$1" -o "na-$1"
}
# The broadcasts out to every output, each answer back as a bare redirect.
setup_bare_flood() {
	ftopo "$1" "$2" && "$PERF" bare -n "$NS" -i "na-$1" -o "$(list n "$1" "$2")" &&
		"$PERF" bare -n "$NS" -i "n-$1-1" -o "na-$1"
}

setup_l2ref() {
	topo "$1" && "$PERF" l2ref -n "$NS" -i "na-$1" -o "nb-$1" -D "$DST" &&
		"$PERF" l2ref -n "$NS" -i "nb-$1" -o "na-$1" -D "$SRC"
}

# setup_vsw ID ACFG [BCFG]: a switch of its own on na-ID and nb-ID.
setup_vsw() {
	local id=$1 acfg=$2 bcfg=${3:-access 1}
	topo "$id" && vswdp create "$id" >/dev/null &&
		vswdp port add "$id" "na-$id" $acfg && vswdp port add "$id" "nb-$id" $bcfg
}
setup_vsw_flood() {
	local id=$1 n=$2 k
	ftopo "$id" "$n" && vswdp create "$id" >/dev/null && vswdp port add "$id" "na-$id" ||
		return 1
	for k in $(seq 1 "$n"); do vswdp port add "$id" "n-$id-$k" || return 1; done
}

setup_bridge() {
	local id=$1
	topo "$id" && ip -n "$NS" link add "br-$id" type bridge &&
		ip -n "$NS" link set "na-$id" master "br-$id" &&
		ip -n "$NS" link set "nb-$id" master "br-$id" &&
		ip -n "$NS" link set "br-$id" up || return 1
	# XDP_TX from a far end reaches its peer only through the peer's NAPI.
	"$PERF" pass -n "$NS" -i "na-$id,nb-$id"
}

OVS_DIR="$TMPD/ovs"
ovsctl() { ovs-vsctl --db="unix:$OVS_DIR/db.sock" --timeout=20 "$@"; }
ovs_stop() {
	[ "$OVS_STARTED" = 1 ] || return 0
	local p
	for p in ovs-vswitchd ovsdb-server; do
		[ -f "$OVS_DIR/$p.pid" ] && kill "$(cat "$OVS_DIR/$p.pid")" 2>/dev/null
	done
	sleep 0.5
	OVS_STARTED=0
}

# Open vSwitch with private directories, its PMD thread on CPU 0 (the
# loop is seeded from the last CPU, and its softirq work stays there).
setup_ovs() {
	local id=$1 p
	command -v ovs-vswitchd >/dev/null || { echo "openvswitch-switch not installed"; return 1; }
	topo "$id" || return 1
	mkdir -p "$OVS_DIR"
	export OVS_RUNDIR=$OVS_DIR OVS_LOGDIR=$OVS_DIR OVS_DBDIR=$OVS_DIR OVS_SYSCONFDIR=$OVS_DIR
	ovsdb-tool create "$OVS_DIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema || return 1
	OVS_STARTED=1
	ovsdb-server "$OVS_DIR/conf.db" --remote="punix:$OVS_DIR/db.sock" \
		--pidfile="$OVS_DIR/ovsdb-server.pid" --log-file="$OVS_DIR/ovsdb.log" --detach || return 1
	ovsctl --no-wait init &&
		ovsctl --no-wait set Open_vSwitch . other_config:pmd-cpu-mask=0x1 || return 1
	inns ovs-vswitchd "unix:$OVS_DIR/db.sock" --pidfile="$OVS_DIR/ovs-vswitchd.pid" \
		--log-file="$OVS_DIR/vswitchd.log" --detach || return 1
	ovsctl add-br "br-$id" -- set bridge "br-$id" datapath_type=netdev || return 1
	for p in "na-$id" "nb-$id"; do
		ovsctl add-port "br-$id" "$p" -- set interface "$p" type=afxdp \
			options:xdp-mode=native || return 1
	done
}

# measure ID NOUT [vsw-perf loop options...]: packets/s one far end
# receives (NOUT 0: the unicast loop of topo ID; else the flood loop).
measure() {
	local id=$1 n=$2 out ends; shift 2
	if [ "$n" = 0 ]; then
		ends="fb-$id"
		set -- -D "$DST" "$@"
	else
		ends=$(list f "$id" "$n")
		set -- -D ff:ff:ff:ff:ff:ff "$@"
	fi
	out=$("$PERF" loop -n "$NS" -a "fa-$id" -b "$ends" -t "$SECS" -S "$SRC" "$@") || return 1
	# Every far end must have received: a flood that misses a port is no flood.
	if [[ $out =~ per_end=([0-9,]*) ]] && [[ ,${BASH_REMATCH[1]}, == *,0,* ]]; then
		echo "run.sh: $id: a far end received nothing: $out" >&2
		return 1
	fi
	sed -n 's/^pps=\([0-9]*\).*/\1/p' <<<"$out"
}

# record TABLE CASE ID NOUT [options]: one measurement into $RESULTS.
record() {
	local table=$1 name=$2 pps; shift 2
	pps=$(measure "$@") || pps=0
	[ -n "$pps" ] || pps=0
	echo "$table $name $pps" >>"$RESULTS"
	[ "$QUICK" = 1 ] && printf '  %-12s %-14s %12s pps\n' "$table" "$name" "$pps"
}

# Median, min and max of a case, in Mpps.
stats() {
	awk -v t="$1" -v c="$2" '$1 == t && $2 == c { print $3 }' "$RESULTS" | sort -n |
		awk '{ v[NR] = $1 } END {
			if (!NR) { print "- - -"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.3f %.3f %.3f\n", m / 1e6, v[1] / 1e6, v[NR] / 1e6 }'
}
median() { stats "$1" "$2" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

OUT="$TMPD/tables.md"
emit() { printf '%s\n' "$*" | tee -a "$OUT"; }

ip netns add "$NS" || exit 1
inns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
inns ip link set lo up

echo "setting up (namespace $NS)"
CASES=(limit l2ref vsw vsw-trunk)
setup_bare lim && setup_l2ref l2r && setup_vsw vsw "access 1" &&
	setup_vsw vtr "trunk 10" "access 10" || { echo "setup failed"; exit 1; }
declare -A ID=([limit]=lim [l2ref]=l2r [vsw]=vsw [vsw-trunk]=vtr [bridge]=brg [ovs-afxdp]=ovs)
declare -A OPT=([vsw-trunk]="-V 10")
if [ "$PEERS" = 1 ]; then
	setup_bridge brg && CASES+=(bridge) || { echo "setup of the Linux bridge failed"; exit 1; }
	if setup_ovs ovs >"$TMPD/ovs-setup.log" 2>&1; then
		CASES+=(ovs-afxdp)
	else
		echo "SKIP ovs-afxdp: Open vSwitch did not start: $(tail -n2 "$TMPD/ovs-setup.log")"
		ovs_stop
	fi
fi
FLOOD_N=(2 4 8)
[ "$QUICK" = 1 ] && FLOOD_N=(2)
for n in "${FLOOD_N[@]}"; do
	setup_bare_flood "b$n" "$n" && setup_vsw_flood "f$n" "$n" || { echo "setup failed"; exit 1; }
done

echo "measuring: $ROUNDS rounds of ${SECS}s per case"
for r in $(seq 1 "$ROUNDS"); do
	for c in "${CASES[@]}"; do record u64 "$c" "${ID[$c]}" 0 ${OPT[$c]:-}; done
	if [ "$QUICK" = 0 ]; then
		for c in "${CASES[@]}"; do
			[ "$c" = l2ref ] || [ "$c" = vsw-trunk ] && continue
			record u1518 "$c" "${ID[$c]}" 0 -l 1518 ${OPT[$c]:-}
		done
	fi
	for n in "${FLOOD_N[@]}"; do
		record flood "bare-$n" "b$n" "$n"
		record flood "vsw-$n" "f$n" "$n"
	done
done

if [ "$QUICK" = 1 ]; then
	bad=$(awk '$3 == 0 { print $1 "/" $2 }' "$RESULTS")
	[ -z "$bad" ] || { echo "FAIL: no frames delivered in: $bad"; exit 1; }
	echo "ok: every case forwards"
	exit 0
fi

# Where the cycles go: the kernel's own run-time accounting of each XDP
# program (kernel.bpf_stats_enabled), one extra measurement per case. It
# adds two clock reads per run, so these runs stay out of the tables above.
prog_ns() { # IFNAME: "name ns-per-run" of the XDP program on it
	local id
	id=$(inns ip -j -d link show dev "$1" | sed -n 's/.*"prog":{"id":\([0-9]*\).*/\1/p')
	[ -n "$id" ] || return 0
	bpftool -j prog show id "$id" | sed -n \
		's/.*"name":"\([^"]*\)".*"run_time_ns":\([0-9]*\),"run_cnt":\([0-9]*\).*/\1 \2 \3/p' |
		awk '$3 > 0 { printf "%s %.1f\n", $1, $2 / $3 }'
}
egress_ns() { # the devmap program of a flood case, by name and switch
	bpftool -j prog show pinned "$BPFFS/$1/vsw_egress" | sed -n \
		's/.*"run_time_ns":\([0-9]*\),"run_cnt":\([0-9]*\).*/\1 \2/p' |
		awk '$2 > 0 { printf "%.1f\n", $1 / $2 }'
}
stats_was=$(sysctl -n kernel.bpf_stats_enabled)
sysctl -qw kernel.bpf_stats_enabled=1
PROG_NS="$TMPD/prog_ns"
for c in limit l2ref vsw vsw-trunk; do
	measure "${ID[$c]}" 0 ${OPT[$c]:-} >/dev/null
	echo "$c $(prog_ns "na-${ID[$c]}") -" >>"$PROG_NS"
done
measure f2 2 >/dev/null
echo "vsw-flood-2 $(prog_ns na-f2) $(egress_ns f2)" >>"$PROG_NS"
sysctl -qw kernel.bpf_stats_enabled="$stats_was"

# The ingress program alone, by BPF_PROG_TEST_RUN repeated 2M times on one
# frame: its own cost, free of the devices and of most of the noise. The
# repeats share one buffer, so only a frame the program leaves unchanged
# can be timed this way: known unicast from access port to access port.
PROG_RUN="$TMPD/prog_run"
: >"$PROG_RUN"
for r in $(seq 1 "$ROUNDS"); do
	out=$("$PERF" prog-run -p "$BPFFS/vsw/vsw_ingress" -n "$NS" -i na-vsw -N 2000000 \
		-D "$DST" -S "$SRC")
	# XDP_REDIRECT (4) or the run timed something else than forwarding.
	[[ $out == *retval=4* ]] && echo "${out%% *}" | cut -d= -f2 >>"$PROG_RUN"
done

# FDB sizes: one switch, its table grown step by step; the far end fa-fdb
# cycles the destination of what it sends over every entry (all behind
# nb-fdb; the way back is one learned MAC). limit is measured alongside.
vswdp create fdb fdb-capacity 1100000 >/dev/null && topo fdb &&
	vswdp port add fdb na-fdb && vswdp port add fdb nb-fdb || { echo "setup failed"; exit 1; }
have=0
for size in 1000 100000 1000000; do
	"$PERF" fdb-fill -p "$BPFFS/fdb/vsw_fdb" -n "$NS" -o nb-fdb -N "$size" -D 02:00:01:00:00:00 ||
		exit 1
	for r in $(seq 1 "$ROUNDS"); do
		record fdb "limit-$size" lim 0
		record fdb "vsw-$size" fdb 0 -D 02:00:01:00:00:00 -N "$size"
	done
done

# Control plane and memory: vswd in the namespace, 1,000 ports and NICs.
VSWD_DIR="$TMPD/vswd"
SOCK="$TMPD/vswd.sock"
mkdir -p "$VSWD_DIR"
# nsenter execs vswd, so $! is vswd itself (its RSS is measured below).
nsenter --net="/run/netns/$NS" "$VSWD" --state-dir "$VSWD_DIR" --socket "$SOCK" \
	--bpffs "$BPFFS/vswd" >"$TMPD/vswd.log" 2>&1 &
VSWD_PID=$!
ctl() { "$VSWCTL" -s "$SOCK" "$@"; }
for _ in $(seq 50); do ctl version >/dev/null 2>&1 && break; sleep 0.1; done
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$VSWD_PID/status"; }
# Bytes of kernel memory held by the maps pinned under a directory.
map_bytes() {
	local f sum=0 b
	for f in "$1"/*; do
		b=$(bpftool -j map show pinned "$f" 2>/dev/null |
			sed -n 's/.*"bytes_memlock":\([0-9]*\).*/\1/p')
		sum=$((sum + ${b:-0}))
	done
	echo "$sum"
}
ctl switch add big >/dev/null || { echo "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
rss0=$(rss_kb)
t0=$(date +%s.%N)
for i in $(seq 1 1000); do ctl port add "p$i" switch big >/dev/null || exit 1; done
t1=$(date +%s.%N)
for i in $(seq 1 1000); do
	ctl nic add "n$i" type host >/dev/null && ctl nic connect "n$i" port "p$i" >/dev/null || exit 1
done
t2=$(date +%s.%N)
rss1=$(rss_kb)
ctl switch add small >/dev/null
map_one() { bpftool -j map show pinned "$1" | sed -n 's/.*"bytes_memlock":\([0-9]*\).*/\1/p'; }
bytes_default=$(map_bytes "$BPFFS/vswd/small")
fdb_default=$(map_one "$BPFFS/vswd/small/vsw_fdb")
fdb_big=$(map_one "$BPFFS/fdb/vsw_fdb")
max_ports=$(sed -n 's/^#define VSW_MAX_PORTS \([0-9]*\).*/\1/p' "$TOP/include/vsw_consts.h")

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n1)
emit "Measured $(date -u +%Y-%m-%d) on $(nproc) CPUs ($cpu), kernel $(uname -r);"
emit "$ROUNDS rounds of ${SECS} s per case, closed loop seeded from CPU $(($(nproc) - 1)) with 256 frames."
emit ""
for size in 64 1518; do
	t=u$size
	emit "Known unicast, $size-byte frames (Mpps received by one far end of the loop; median, range over rounds):"
	emit ""
	emit "| case | median | min | max | × limit | × bridge | × ovs-afxdp |"
	emit "|---|---|---|---|---|---|---|"
	lim=$(median "$t" limit); brg=$(median "$t" bridge); ovs=$(median "$t" ovs-afxdp)
	for c in "${CASES[@]}"; do
		read -r m lo hi < <(stats "$t" "$c")
		[ "$m" = - ] && continue
		emit "| $c | $m | $lo | $hi | $(ratio "$m" "$lim") | $(ratio "$m" "$brg") | $(ratio "$m" "$ovs") |"
	done
	emit ""
done
emit "Flooding (input frames/s forwarded to every other port, Mpps, median):"
emit ""
emit "| ports | bare BPF_F_BROADCAST | vsw | vsw / bare |"
emit "|---|---|---|---|"
for n in "${FLOOD_N[@]}"; do
	b=$(median flood "bare-$n"); v=$(median flood "vsw-$n")
	emit "| $n | $b | $v | $(ratio "$v" "$b") |"
done
emit ""
emit "Where the cycles go (ns per run of each XDP program, kernel.bpf_stats_enabled, which adds ~2 clock reads to each):"
emit ""
emit "| case | program on the ingress veth | ns/run | egress program ns/run (per copy) |"
emit "|---|---|---|---|"
while read -r c name ns eg; do emit "| $c | $name | $ns | $eg |"; done <"$PROG_NS"
emit ""
emit "vsw_ingress alone, known unicast access to access (BPF_PROG_TEST_RUN, 2,000,000 runs on one 64-byte frame): $(sort -n "$PROG_RUN" | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] " ns per run (median)" : "no valid run" }')"
emit ""
emit "FDB size (64-byte known unicast, destination cycling over every entry, Mpps, median):"
emit ""
emit "| entries | vsw | limit | × limit |"
emit "|---|---|---|---|"
for size in 1000 100000 1000000; do
	v=$(median fdb "vsw-$size"); l=$(median fdb "limit-$size")
	emit "| $size | $v | $l | $(ratio "$v" "$l") |"
done
emit ""
emit "Control plane and memory:"
emit ""
emit "| what | value |"
emit "|---|---|"
emit "| 1,000 × vswctl port add | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s (%.2f ms each)", b - a, (b - a) }') |"
emit "| 1,000 × vswctl nic add host + nic connect | $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f s (%.2f ms each)", b - a, (b - a) }') |"
emit "| vswd RSS, 0 → 1,000 connected ports | $rss0 → $rss1 KiB ($(( (rss1 - rss0) * 1024 / 1000 )) B per port) |"
emit "| BPF maps of an empty switch (all preallocated) | $((bytes_default / 1024)) KiB, of which the FDB (65,536 entries) $((fdb_default / 1024)) KiB |"
emit "| BPF maps per port of capacity (all but the FDB, / VSW_MAX_PORTS = $max_ports) | $(( (bytes_default - fdb_default) / max_ports )) B |"
emit "| FDB per entry of capacity (1,100,000 entries: $((fdb_big / 1024)) KiB) | $((fdb_big / 1100000)) B |"

if [ -n "$DOC" ]; then
	cp "$OUT" "$DOC"
	echo "tables written to $DOC"
fi
