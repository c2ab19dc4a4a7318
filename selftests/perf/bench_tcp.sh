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
# The setups, each with its own namespaces (and vswd), all up at once:
#   vsw      vswd's default: host NICs with tx checksumming (and so TSO)
#            off on the host side, native XDP
#   vsw-skb  vswd --host-nics skb-path: host NICs in generic XDP, every
#            offload on
#   br       the Linux bridge at default offloads
#   vsw-9k, br-9k  (only when named in SETUPS) vsw and br with the host
#            NICs at MTU 9000: jumbo frames, native XDP with multi-buffer
#            frames for vsw (docs/offloads.md, Jumbo frames)
# In all of them the VM NIC (a TAP) takes the skb path and the guests keep
# virtio-net's offloads, at MTU 1500 (docs/offloads.md).
# The paths: hh (h1 -> h2), hg (h1 -> guest), gh (guest -> h1); each with
# 1 and with 4 streams (iperf3 -P). The guest is a kernel stack behind
# build/vmm-relay, a VMM in one thread: its paths measure the relay as
# much as the switch, the same for both switches.
#
#   sudo selftests/perf/bench_tcp.sh          # ROUNDS=3 SECS=4
#   PATHS="hh" STREAMS="1" sudo selftests/perf/bench_tcp.sh
#   PATHS=hh SETUPS="vsw vsw-9k br br-9k" sudo selftests/perf/bench_tcp.sh
#
# Prints one line per run, then a table of medians. Everything it makes
# (namespaces, veths, bridge, TAPs, vswd, pins) goes again on exit.
set -uo pipefail
source "$(dirname "$0")/../lib/lib.sh" # SUFFIX, new_ns, wait_for, NAMESPACES
BUILD=${BUILD:-$VSW_TOP/build}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-4}
PATHS=${PATHS:-hh hg gh}
STREAMS=${STREAMS:-1 4}
SETUPS=${SETUPS:-vsw vsw-skb br}
BPFFS="/sys/fs/bpf/vsw-bench-tcp-$SUFFIX"
SOCK="/run/vsw-bench-tcp-$SUFFIX"
BR="vbr-$SUFFIX"
VSWD_PIDS=()
work=$(mktemp -d /tmp/vsw-bench-tcp.XXXXXX)
ctl() { "$BUILD/vswctl" -s "$SOCK-$CTL_PREFIX.sock" "$@"; }
ns() { echo "$1-$SUFFIX"; }

bench_cleanup() {
	local pid n
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${VSWD_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	wait 2>/dev/null
	for n in "${NAMESPACES[@]}"; do ip netns del "$n" 2>/dev/null; done
	for n in h s j; do
		ip link del "vsw-$(ns ${n}1)" 2>/dev/null
		ip link del "vsw-$(ns ${n}2)" 2>/dev/null
		ip link del "$(ns ${n}vg)" 2>/dev/null
	done
	for n in b k; do
		ip link del "$BR$n" 2>/dev/null
		ip link del "${n}b1-$SUFFIX" 2>/dev/null
		ip link del "${n}b2-$SUFFIX" 2>/dev/null
	done
	rm -rf "$BPFFS"-* "$work" "$SOCK"-*
}

# relay TAP NS: a guest (kernel stack in NS, eth0) behind TAP; returns
# once the relay is up.
relay() {
	"$BUILD/vmm-relay" "$1" "$2" eth0 >"$work/$2.relay" 2>&1 &
	PIDS+=($!)
	wait_for 50 grep -q ready "$work/$2.relay" || { echo "relay $1: $(cat "$work/$2.relay")"; exit 1; }
	ip -n "$2" link set eth0 up
}

# setup_vsw P NET MODE [MTU]: a vswd with --host-nics MODE, host NICs P1,
# P2 (NET.1, NET.2; at MTU if given) and a guest Pg (NET.3) behind vm NIC Pvg.
setup_vsw() {
	local p=$1 net=$2 mode=$3 mtu=${4:+mtu $4}
	CTL_PREFIX=$p
	"$BUILD/vswd" --state-dir "$work/state-$p" --socket "$SOCK-$p.sock" --bpffs "$BPFFS-$p" \
		--metrics none --host-nics "$mode" >"$work/vswd-$p.log" 2>&1 &
	VSWD_PIDS+=($!)
	wait_for 50 ctl version >/dev/null || { echo "vswd: $(cat "$work/vswd-$p.log")"; exit 1; }
	{ new_ns "$(ns ${p}1)" && new_ns "$(ns ${p}2)" && new_ns "$(ns ${p}g)"; } || exit 1
	ctl switch add sw0 && ctl port add p1 switch sw0 && ctl port add p2 switch sw0 &&
	ctl port add pg switch sw0 &&
	ctl nic add "$(ns ${p}1)" type host netns "$(ns ${p}1)" $mtu &&
	ctl nic add "$(ns ${p}2)" type host netns "$(ns ${p}2)" $mtu && ctl nic add "$(ns ${p}vg)" type vm &&
	ctl nic connect "$(ns ${p}1)" port p1 && ctl nic connect "$(ns ${p}2)" port p2 &&
	ctl nic connect "$(ns ${p}vg)" port pg || { echo "vswctl: $(cat "$work/vswd-$p.log")"; exit 1; }
	ip -n "$(ns ${p}1)" addr add "$net.1/24" dev "$(ns ${p}1)"
	ip -n "$(ns ${p}2)" addr add "$net.2/24" dev "$(ns ${p}2)"
	relay "$(ns ${p}vg)" "$(ns ${p}g)"
	ip -n "$(ns ${p}g)" addr add "$net.3/24" dev eth0
}

# setup_br P NET [MTU]: a Linux bridge, hosts P1, P2 (at MTU if given) and
# a guest Pg, as setup_vsw.
setup_br() {
	local p=$1 net=$2 mtu=${3:-1500} i
	ip link add "$BR$p" type bridge && ip link set "$BR$p" up || exit 1
	for i in 1 2; do
		new_ns "$(ns $p$i)" || exit 1
		ip link add "${p}b$i-$SUFFIX" mtu "$mtu" type veth peer name eth0 mtu "$mtu" \
			netns "$(ns $p$i)" || exit 1
		ip link set "${p}b$i-$SUFFIX" master "$BR$p" up
		ip -n "$(ns $p$i)" link set eth0 up
		ip -n "$(ns $p$i)" addr add "$net.$i/24" dev eth0
	done
	new_ns "$(ns ${p}g)" || exit 1
	relay "${p}t-$SUFFIX" "$(ns ${p}g)"
	ip link set "${p}t-$SUFFIX" master "$BR$p" up
	ip -n "$(ns ${p}g)" addr add "$net.3/24" dev eth0
}

# The client's namespace and the server's address of a setup's path.
endpoints() {
	local setup=$1 path=$2 p s
	case $setup in
	vsw) p=h; s=10.77.0 ;;
	vsw-skb) p=s; s=10.76.0 ;;
	br) p=b; s=10.78.0 ;;
	vsw-9k) p=j; s=10.75.0 ;;
	br-9k) p=k; s=10.74.0 ;;
	esac
	case $path in
	hh) echo "$(ns ${p}1) $s.2" ;;
	hg) echo "$(ns ${p}1) $s.3" ;;
	gh) echo "$(ns ${p}g) $s.1" ;;
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
setup_vsw h 10.77.0 tx-off
setup_vsw s 10.76.0 skb-path
setup_br b 10.78.0
nets="h:10.77.0 s:10.76.0 b:10.78.0"
[[ " $SETUPS " == *" vsw-9k "* ]] && setup_vsw j 10.75.0 tx-off 9000 && nets+=" j:10.75.0"
[[ " $SETUPS " == *" br-9k "* ]] && setup_br k 10.74.0 9000 && nets+=" k:10.74.0"
# Every stack serves.
for p in h s b j k; do
	[[ " $nets " == *" $p:"* ]] || continue
	for n in "$(ns ${p}1)" "$(ns ${p}2)" "$(ns ${p}g)"; do
		ip netns exec "$n" iperf3 -s >/dev/null 2>&1 &
		PIDS+=($!)
	done
done
sleep 1
for net in $nets; do
	ip netns exec "$(ns ${net%%:*}1)" ping -c1 -W2 "${net#*:}.2" >/dev/null &&
	ip netns exec "$(ns ${net%%:*}1)" ping -c1 -W2 "${net#*:}.3" >/dev/null ||
		{ echo "bench_tcp: $net does not ping"; exit 1; }
done

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
