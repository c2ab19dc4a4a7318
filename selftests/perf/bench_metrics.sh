#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Benchmark, not a test: how long a Prometheus scrape of vswd takes with
# PORTS ports (default 1000, four switches of 250), each with a host NIC
# connected, so every port is in a datapath and has counters to read.
# Prints a table; the goal in issue 6 is under 100 ms at 1000 ports.
#
#   vswd (own namespace) -- sw0..sw3 -- PORTS host NICs (veth pairs)
#   curl http://127.0.0.1:9469/metrics, SCRAPES times
#
#   selftests/perf/bench_metrics.sh [PORTS] [SCRAPES]
source "$(dirname "$0")/../lib/lib.sh"

PORTS=${1:-1000}
SCRAPES=${2:-20}
PER_SWITCH=250
VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
SOCK="/run/vsw-bench-$SUFFIX.sock"
METRICS=127.0.0.1:9469
VSWD_PID=
ctl() { swexec "$VSWCTL" -s "$SOCK" "$@"; }

stop_all() {
	[ -n "$VSWD_PID" ] && kill "$VSWD_PID" 2>/dev/null # --flush-on-exit
	wait 2>/dev/null
	rm -f "$SOCK"
	cleanup # the namespace goes, and every veth in it
}

vsw_lib_init
trap stop_all EXIT
new_ns "$SW_NS" || exit 1
# nsenter execs vswd: $! is vswd itself, for the kill on exit.
nsenter --net="/run/netns/$SW_NS" "$VSWD" --state-dir "$TMPD/state" --socket "$SOCK" \
	--bpffs "$BPFFS" -q \
	--metrics "$METRICS" --flush-on-exit >"$TMPD/vswd.log" 2>&1 &
VSWD_PID=$!
wait_for 50 ctl version >/dev/null || { echo "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }

start=$(date +%s.%N)
nsw=$(( (PORTS + PER_SWITCH - 1) / PER_SWITCH ))
for s in $(seq 0 $((nsw - 1))); do ctl switch add "sw$s" || exit 1; done
for i in $(seq 1 "$PORTS"); do
	s=$(( (i - 1) / PER_SWITCH ))
	ctl port add "p$i" switch "sw$s" >/dev/null &&
	ctl nic add "n$i" type host >/dev/null &&
	ctl nic connect "n$i" port "p$i" >/dev/null || { echo "setup failed at port $i"; exit 1; }
done
setup=$(echo "$(date +%s.%N) - $start" | bc)
up=$(swexec curl -s "http://$METRICS/metrics" | grep -c '^vsw_port_up{.*} 1$')

times=()
for _ in $(seq "$SCRAPES"); do
	times+=("$(swexec curl -s -o "$TMPD/m.txt" -w '%{time_total}' "http://$METRICS/metrics")")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
ms() { echo "$1 * 1000" | bc | xargs printf '%.1f'; }
min=$(head -n1 <<<"$sorted"); max=$(tail -n1 <<<"$sorted")
med=$(sed -n "$(( (SCRAPES + 1) / 2 ))p" <<<"$sorted")
promtool check metrics <"$TMPD/m.txt" >/dev/null 2>&1 && prom=clean || prom="not clean"

printf '\nvswd /metrics scrape, %s ports with NICs up (%s up), %s switches, %s scrapes\n' \
	"$PORTS" "$up" "$nsw" "$SCRAPES"
printf '%-28s %s\n' "setup (vswctl)" "$(printf '%.0f s' "$setup")" \
	"body" "$(wc -c <"$TMPD/m.txt") bytes, $(grep -vc '^#' "$TMPD/m.txt") samples" \
	"promtool check metrics" "$prom" \
	"scrape min" "$(ms "$min") ms" "scrape median" "$(ms "$med") ms" "scrape max" "$(ms "$max") ms"
