#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Frames per second through a legacy NIC (the emulated DEC 21140A), each
# way, at 64 and 1518 bytes on the wire (FCS included), against the real
# chip's line rate (148,810 frames/s at 64 bytes).
#
#   RX (switch -> guest): vsw-perf measure sends frames out of g0 with
#      AF_PACKET, as fast as the kernel takes them; g1 is a port of the
#      switch; the switch hands them to the legacy NIC (AF_XDP), the device
#      writes them into the guest's ring, build/legacy-guest (a VMM posting
#      its writes as QEMU does, and Linux's NAPI tulip driver's interrupt
#      handler and poll routine, or a polled ring) counts what it got; vswd
#      counts what it stored (nic show's guest_rx).
#   TX (guest -> switch): legacy-guest fills its TX ring and kicks CSR1
#      once per ring's worth (and, in a second run, once per frame as
#      Linux's tulip_start_xmit does); the frames leave by AF_XDP into the
#      switch and out of port t0; t1 counts them (rx_packets). t1 sends one
#      frame first, so the switch knows where its MAC is, as it would know
#      any station that ever spoke, and does not flood the guest's frames.
#
#     g0 -> g1 [pg] \                            / [pl] vsw-lg ~ lg (AF_XDP) ~ 21140A ~ guest
#                    sw (vswd, namespace $NS) --
#     t1 <- t0 [ps] /
#
# Usage: selftests/perf/bench_legacy.sh [--seconds S] [--profile DIR]   (root; removes all it made)
#   --profile DIR: perf record -a -g during each run, and DIR/stages.md:
#   CPU time per frame in each stage of the path (legacy_stages.py)
#   SIZES="64 1518" (wire sizes) and MODES="tx-batch tx-each rx-irq rx-poll"
#   choose the runs; TX_FRAMES=N frames per TX run; VSWD=path runs another
#   vswd build (before/after in one sitting); V=1 prints each run's output.
set -u
SECS=3
PROFILE=
PFREQ=2999
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) SECS=${2:?}; shift ;;
	--profile) PROFILE=${2:?}; shift ;;
	-h|--help) sed -n '3,31p' "$0"; exit 0 ;;
	*) echo "bench_legacy.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
	shift
done

TOP=$(cd "$(dirname "$0")/../.." && pwd)
PERF="$TOP/build/vsw-perf"
VSWD=${VSWD:-$TOP/build/vswd}   # VSWD=path: another build, e.g. for before/after
VSWCTL="$TOP/build/vswctl"
GUEST="$TOP/build/legacy-guest"
SUFFIX=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
NS="vswlb-$SUFFIX"
BPFFS="/sys/fs/bpf/vsw-lbench-$SUFFIX"
TMPD=$(mktemp -d "/tmp/vsw-lbench.XXXXXX")
LMAC=02:16:3e:00:00:0a
VSWD_PID=
GUEST_PID=

[ "$(id -u)" = 0 ] || { echo "bench_legacy.sh: needs root" >&2; exit 1; }
for f in "$PERF" "$VSWD" "$VSWCTL" "$GUEST"; do
	[ -x "$f" ] || { echo "bench_legacy.sh: $f missing (make)" >&2; exit 1; }
done

cleanup() {
	[ -n "$GUEST_PID" ] && kill "$GUEST_PID" 2>/dev/null
	[ -n "$VSWD_PID" ] && kill "$VSWD_PID" 2>/dev/null
	wait 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$BPFFS" "$TMPD"
}
trap cleanup EXIT

ctl() { "$VSWCTL" -s "$TMPD/vswd.sock" "$@"; }
pair() {
	ip -n "$NS" link add "$1" type veth peer name "$2" &&
		ip -n "$NS" link set "$1" up && ip -n "$NS" link set "$2" up
}
rx_packets() { ip -n "$NS" -s -j link show "$1" | /usr/bin/python3 -c \
	"import json,sys; print(json.load(sys.stdin)[0]['stats64']['rx']['packets'])"; }

if [ -n "$PROFILE" ]; then
	command -v perf >/dev/null || { echo "bench_legacy.sh: --profile needs perf" >&2; exit 1; }
	mkdir -p "$PROFILE" && : >"$PROFILE/stages.md" || exit 1
fi
ip netns add "$NS" || exit 1
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
pair g0 g1 && pair t0 t1 && pair x0 x1 || { echo "setup failed"; exit 1; }
ip netns exec "$NS" ethtool -K t1 gro on >/dev/null   # NAPI for redirected frames
# nsenter execs vswd, so $! is vswd itself (a shell function would not be)
nsenter --net="/run/netns/$NS" "$VSWD" --state-dir "$TMPD/state" --socket "$TMPD/vswd.sock" \
	--bpffs "$BPFFS" --flush-on-exit >"$TMPD/vswd.log" 2>&1 &
VSWD_PID=$!
for i in $(seq 50); do ctl version >/dev/null 2>&1 && break; sleep 0.1; done
ctl switch add sw && ctl port add pl switch sw && ctl port add pg switch sw &&
	ctl port add ps switch sw && ctl nic add gen type physical dev g1 &&
	ctl nic add sink type physical dev t0 && ctl nic connect gen port pg &&
	ctl nic connect sink port ps >/dev/null &&
	LSOCK=$(ctl nic add lg type legacy mac "$LMAC") && ctl nic connect lg port pl ||
	{ echo "vswd setup failed: $(cat "$TMPD/vswd.log")"; exit 1; }
TMAC=$(ip -n "$NS" -br link show t1 | awk '{print $3}')
# one frame from t1: the switch learns where TMAC is
ip netns exec "$NS" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("t1", 0))
s.send(bytes.fromhex("ffffffffffff" + sys.argv[1].replace(":", "") + "88b5") + bytes(46))
' "$TMAC" || { echo "cannot send from t1"; exit 1; }

declare -A RES
stages() {   # stages KEY FRAMES: the profile of one run, by stage
	perf script -i "$PROFILE/$1.data" -F comm,tid,ip,sym 2>/dev/null |
		/usr/bin/python3 "$TOP/selftests/perf/legacy_stages.py" "$PFREQ" "$2" "$1" \
		>>"$PROFILE/stages.md"
}
# TX first: the guest's frames teach the switch where $LMAC lives, so the
# RX frames are known unicast rather than a flood.
tx() {   # tx WIRE_BYTES batch|each
	local size=$(( $1 - 4 )) count=${TX_FRAMES:-$(( $1 > 1000 ? 150000 : 400000 ))} before after out secs sent
	local opt= key=tx-$2-$1
	[ "$2" = each ] && opt=--kick-each
	before=$(rx_packets t1)
	if [ -n "$PROFILE" ]; then
		out=$(perf record -q -a -g -F "$PFREQ" -o "$PROFILE/$key.data" -- \
			"$GUEST" "$LSOCK" --bench-tx "$count" --size "$size" --dst "$TMAC" $opt | tail -1)
	else
		out=$("$GUEST" "$LSOCK" --bench-tx "$count" --size "$size" --dst "$TMAC" $opt | tail -1)
	fi
	sleep 0.5
	after=$(rx_packets t1)
	[ -n "$PROFILE" ] && stages "$key" $((after - before))
	[ -n "${V:-}" ] && echo "$out"
	secs=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' <<<"$out")
	sent=$(sed -n 's/.*: \([0-9]*\) frames\/s.*/\1/p' <<<"$out")
	RES[$key-sent]=$sent
	RES[$key-deliv]=$(awk -v n=$((after - before)) -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
	RES[$key-msgs]=$(sed -n 's/.*vfio-user messages \([0-9]*\).*/\1/p' <<<"$out" |
		awk -v n=$((after - before)) '{ printf "%.3f", n ? $1 / n : 0 }')
}
rx() {   # rx WIRE_BYTES irq|poll
	local out offered opt=
	[ "$2" = poll ] && opt=--poll
	"$GUEST" "$LSOCK" --bench-rx "$SECS" $opt >"$TMPD/guest.out" 2>&1 &
	GUEST_PID=$!
	for i in $(seq 50); do grep -q '^ready' "$TMPD/guest.out" && break; sleep 0.1; done
	local prof=
	[ -n "$PROFILE" ] && { sleep 1; perf record -q -a -g -F "$PFREQ" -o "$PROFILE/rx-$2-$1.data" \
		-- sleep "$((SECS - 1))"; } &
	[ -n "$PROFILE" ] && prof=$!
	out=$("$PERF" measure -n "$NS" -g g0 -s x1 -l "$1" -t "$((SECS + 1))" -D "$LMAC" \
		-S 02:00:00:00:00:01)
	wait "$GUEST_PID"; GUEST_PID=
	[ -n "$prof" ] && wait "$prof"
	[ -n "${V:-}" ] && { ctl nic show lg; cat "$TMPD/guest.out"; echo "$out"; }
	offered=$(sed -n 's/.*sent_pps=\([0-9]*\).*/\1/p' <<<"$out")
	RES[rx-$2-$1-sent]=$offered
	RES[rx-$2-$1-deliv]=$(sed -n 's/.*: \([0-9]*\) frames\/s.*/\1/p' "$TMPD/guest.out" | tail -1)
	[ -n "$PROFILE" ] && stages "rx-$2-$1" $(( ${RES[rx-$2-$1-deliv]:-0} * (SECS - 1) ))
	RES[rx-$2-$1-msgs]=$(sed -n 's/^rx \([0-9]*\) .*vfio-user messages \([0-9]*\).*/\2 \1/p' \
		"$TMPD/guest.out" | awk '{ printf "%.3f", $2 ? $1 / $2 : 0 }')
}
MODES=${MODES:-tx-batch tx-each rx-irq rx-poll}
for b in ${SIZES:-64 1518}; do
	for m in tx-batch tx-each; do [[ " $MODES " = *" $m "* ]] && tx "$b" "${m#tx-}"; done
done
# RX runs alone: a few frames from the guest teach the switch all the same
[[ " $MODES " = *" tx-"* ]] || "$GUEST" "$LSOCK" --bench-tx 100 --size 60 --dst "$TMAC" >/dev/null
for b in ${SIZES:-64 1518}; do
	for m in rx-irq rx-poll; do [[ " $MODES " = *" $m "* ]] && rx "$b" "${m#rx-}"; done
done

line_rate() { echo $(( 100000000 / (($1 + 20) * 8) )); }   # 100 Mb/s, preamble + IFG
printf '\n| direction | frame | offered (frames/s) | through the 21140A (frames/s) | × 100 Mb/s line rate | vfio-user messages per frame |\n'
printf '|---|---|---:|---:|---:|---:|\n'
declare -A DIR=([tx-batch]="guest → switch, CSR1 per ring" [tx-each]="guest → switch, CSR1 per frame"
	       [rx-irq]="switch → guest, interrupts (NAPI)" [rx-poll]="switch → guest, polled ring")
for d in tx-batch tx-each rx-irq rx-poll; do
	[[ " $MODES " = *" $d "* ]] || continue
	for b in ${SIZES:-64 1518}; do
		lr=$(line_rate "$b")
		v=${RES[$d-$b-deliv]:-0}
		printf '| %s | %s B | %s | %s | %s | %s |\n' "${DIR[$d]}" "$b" \
			"${RES[$d-$b-sent]:-?}" "$v" \
			"$(awk -v v="$v" -v l="$lr" 'BEGIN { printf "%.1f", v / l }')" "${RES[$d-$b-msgs]:-?}"
	done
done
[ -n "$PROFILE" ] && cat "$PROFILE/stages.md"
exit 0
