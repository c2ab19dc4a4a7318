#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TCP throughput of real stacks (iperf3) through vsw and through the Linux
# bridge, in the same topology, alternating round by round, with the CPU
# the whole machine spent (from /proc/stat; 100 % = one CPU busy).
#
#   h1 -- host NIC --\                 b1 -- veth --\
#                     vsw (vswd)                     br (Linux bridge)
#   h2 -- host NIC --/                 b2 -- veth --/
#   g  -- vmm-relay -- vm NIC          bg -- vmm-relay -- TAP
#
# Both at default offloads (tx checksumming and TSO on in every stack, the
# guests' virtio-net offloads on): vsw as vswd makes its NICs (host and vm
# NICs on the skb path, docs/offloads.md), the bridge as a user has it.
# The paths: hh (h1 -> h2), hg (h1 -> guest), gh (guest -> h1); each with
# 1 and with 4 streams (iperf3 -P). The guest is a kernel stack behind
# build/vmm-relay, a VMM in one thread: its paths measure the relay as
# much as the switch, the same for both switches.
#
#   sudo selftests/perf/bench_tcp.sh          # ROUNDS=3 SECS=4
#   PATHS="hh" STREAMS="1" sudo selftests/perf/bench_tcp.sh
#
# Prints one line per run, then a table of medians. Everything it makes
# (namespaces, veths, bridge, TAPs, vswd, pins) goes again on exit.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-4}
PATHS=${PATHS:-hh hg gh}
STREAMS=${STREAMS:-1 4}
SETUPS=${SETUPS:-vsw br}
SUFFIX=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
BPFFS="/sys/fs/bpf/vsw-bench-tcp-$SUFFIX"
SOCK="/run/vsw-bench-tcp-$SUFFIX.sock"
BR="vbr-$SUFFIX"
NSS=() PIDS=() VSWD_PID=
work=$(mktemp -d /tmp/vsw-bench-tcp.XXXXXX)
ctl() { "$BUILD/vswctl" -s "$SOCK" "$@"; }
ns() { echo "$1-$SUFFIX"; }

bench_cleanup() {
	local pid n
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	[ -n "$VSWD_PID" ] && kill "$VSWD_PID" 2>/dev/null
	wait 2>/dev/null
	for n in "${NSS[@]}"; do ip netns del "$n" 2>/dev/null; done
	for n in "vsw-$(ns h1)" "vsw-$(ns h2)" "$(ns vg)" "$BR" "bb1-$SUFFIX" "bb2-$SUFFIX"; do
		ip link del "$n" 2>/dev/null
	done
	rm -rf "$BPFFS" "$work" "$SOCK"
}

new_ns() {
	ip netns add "$1" || exit 1
	NSS+=("$1")
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip -n "$1" link set lo up
}

wait_for() {
	local tries=$1; shift
	while ! "$@" 2>/dev/null; do
		tries=$((tries - 1))
		[ "$tries" -le 0 ] && return 1
		sleep 0.1
	done
}

# relay TAP NS: a guest (kernel stack in NS, eth0) behind TAP; returns
# once the relay is up.
relay() {
	"$BUILD/vmm-relay" "$1" "$2" eth0 >"$work/$2.relay" 2>&1 &
	PIDS+=($!)
	wait_for 50 grep -q ready "$work/$2.relay" || { echo "relay $1: $(cat "$work/$2.relay")"; exit 1; }
	ip -n "$2" link set eth0 up
}

setup_vsw() {
	"$BUILD/vswd" --state-dir "$work/state" --socket "$SOCK" --bpffs "$BPFFS" --metrics none \
		>"$work/vswd.log" 2>&1 &
	VSWD_PID=$!
	wait_for 50 ctl version >/dev/null || { echo "vswd: $(cat "$work/vswd.log")"; exit 1; }
	new_ns "$(ns h1)"; new_ns "$(ns h2)"; new_ns "$(ns g)"
	ctl switch add sw0 && ctl port add p1 switch sw0 && ctl port add p2 switch sw0 &&
	ctl port add pg switch sw0 &&
	ctl nic add "$(ns h1)" type host netns "$(ns h1)" &&
	ctl nic add "$(ns h2)" type host netns "$(ns h2)" && ctl nic add "$(ns vg)" type vm &&
	ctl nic connect "$(ns h1)" port p1 && ctl nic connect "$(ns h2)" port p2 &&
	ctl nic connect "$(ns vg)" port pg || { echo "vswctl: $(cat "$work/vswd.log")"; exit 1; }
	ip -n "$(ns h1)" addr add 10.77.0.1/24 dev "$(ns h1)"
	ip -n "$(ns h2)" addr add 10.77.0.2/24 dev "$(ns h2)"
	relay "$(ns vg)" "$(ns g)"
	ip -n "$(ns g)" addr add 10.77.0.3/24 dev eth0
}

setup_br() {
	local i
	ip link add "$BR" type bridge && ip link set "$BR" up || exit 1
	for i in 1 2; do
		new_ns "$(ns b$i)"
		ip link add "bb$i-$SUFFIX" type veth peer name eth0 netns "$(ns b$i)" || exit 1
		ip link set "bb$i-$SUFFIX" master "$BR" up
		ip -n "$(ns b$i)" link set eth0 up
		ip -n "$(ns b$i)" addr add "10.78.0.$i/24" dev eth0
	done
	new_ns "$(ns bg)"
	relay "bt-$SUFFIX" "$(ns bg)"
	ip link set "bt-$SUFFIX" master "$BR" up
	ip -n "$(ns bg)" addr add 10.78.0.3/24 dev eth0
}

# The client's namespace and the server's address of a setup's path.
endpoints() {
	local setup=$1 path=$2 h1=$(ns h1) g=$(ns g) s=10.77.0
	case $setup in br) h1=$(ns b1); g=$(ns bg); s=10.78.0 ;; esac
	case $path in
	hh) echo "$h1 $s.2" ;;
	hg) echo "$h1 $s.3" ;;
	gh) echo "$g $s.1" ;;
	esac
}

busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$6+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }

# run SETUP PATH STREAMS: prints "Gbit/s cpu%".
run() {
	local setup=$1 path=$2 streams=$3 client server b0 t0 b1 t1 gbps
	read -r client server < <(endpoints "$setup" "$path")
	read -r b0 t0 < <(busy_jiffies)
	timeout $((SECS + 20)) ip netns exec "$client" iperf3 -c "$server" -t "$SECS" -P "$streams" -J \
		--connect-timeout 3000 >"$work/run.json" 2>&1
	read -r b1 t1 < <(busy_jiffies)
	gbps=$(python3 -c 'import json,sys
e = json.load(open(sys.argv[1])).get("end", {})
print("%.2f" % (e.get("sum_received", {}).get("bits_per_second", 0) / 1e9))' "$work/run.json" 2>/dev/null)
	echo "${gbps:-0.00} $(( (b1 - b0) * 100 * $(nproc) / (t1 - t0 > 0 ? t1 - t0 : 1) ))"
}

[ "$(id -u)" = 0 ] || { echo "bench_tcp: needs root"; exit 4; }
command -v iperf3 >/dev/null || { echo "bench_tcp: no iperf3 (make deps)"; exit 4; }
for f in vswd vswctl vmm-relay; do
	[ -x "$BUILD/$f" ] || { echo "bench_tcp: $BUILD/$f missing: run make first"; exit 1; }
done
trap bench_cleanup EXIT
setup_vsw
setup_br
# Every stack serves.
for n in "$(ns h1)" "$(ns h2)" "$(ns g)" "$(ns b1)" "$(ns b2)" "$(ns bg)"; do
	ip netns exec "$n" iperf3 -s >/dev/null 2>&1 &
	PIDS+=($!)
done
sleep 1
ip netns exec "$(ns h1)" ping -c1 -W2 10.77.0.2 >/dev/null && ip netns exec "$(ns h1)" ping -c1 -W2 10.77.0.3 >/dev/null &&
ip netns exec "$(ns b1)" ping -c1 -W2 10.78.0.2 >/dev/null && ip netns exec "$(ns b1)" ping -c1 -W2 10.78.0.3 >/dev/null ||
	{ echo "bench_tcp: the topology does not ping"; exit 1; }

printf '%-9s %-4s %-7s %-5s %8s %6s\n' setup path streams round Gbit/s cpu%
# vsw and the bridge back to back on each path: a busy moment of the
# machine hurts both, not one.
for r in $(seq 1 "$ROUNDS"); do
	for path in $PATHS; do
		for s in $STREAMS; do
			for setup in $SETUPS; do
				read -r g c < <(run "$setup" "$path" "$s")
				printf '%-9s %-4s %-7s %-5s %8s %6s\n' "$setup" "$path" "$s" "$r" "$g" "$c" |
					tee -a "$work/results"
			done
		done
	done
done
echo
echo "medians over $ROUNDS rounds of ${SECS} s (cpu: % of one CPU, the whole machine):"
python3 - "$work/results" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    setup, path, streams, _, gbps, cpu = line.split()
    runs[(path, streams, setup)].append((float(gbps), int(cpu)))
print("%-4s %-7s %-9s %8s %6s %10s" % ("path", "streams", "setup", "Gbit/s", "cpu%", "Gbit/cpu-s"))
for (path, streams, setup), v in sorted(runs.items()):
    g = statistics.median(x[0] for x in v)
    c = statistics.median(x[1] for x in v)
    print("%-4s %-7s %-9s %8.2f %6d %10.2f" % (path, streams, setup, g, c, g * 100 / c if c else 0))
EOF
