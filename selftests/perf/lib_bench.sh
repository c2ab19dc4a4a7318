# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Shared by the benchmark scripts that drive one switch with vsw-dp in a
# private network namespace (bench_acl.sh, bench_mirror.sh). Source it,
# then:
#
#   bench_init NAME SWITCH   check root and the tools, make the namespace
#                            ($NS, IPv6 off), the scratch directory ($work)
#                            and the pin root ($BPFFS); on exit the switch,
#                            the namespace and both go again
#   bench_veths "A B" ...    veth pairs A-B in the namespace, all up
#   inns CMD..., vswdp ARGS...   run in the namespace; vsw-dp on $BPFFS
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
PERF="$BUILD/vsw-perf"
VSW_DP="$BUILD/vsw-dp"
SUFFIX=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')

inns() { nsenter --net="/run/netns/$NS" "$@"; }
vswdp() { inns "$VSW_DP" -b "$BPFFS" "$@"; }

bench_cleanup() {
	inns "$VSW_DP" -b "$BPFFS" destroy "$BENCH_SWITCH" >/dev/null 2>&1 || true
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$work" "$BPFFS"
}

bench_init() {
	local name=$1
	BENCH_SWITCH=$2
	NS="vsw$name-$SUFFIX"
	BPFFS="/sys/fs/bpf/vsw-bench-$name-$SUFFIX"
	[ "$(id -u)" = 0 ] || { echo "bench_$name: needs root (namespaces, XDP)"; exit 4; }
	for f in "$PERF" "$VSW_DP"; do
		[ -x "$f" ] || { echo "bench_$name: $f missing: run make first" >&2; exit 1; }
	done
	work=$(mktemp -d "/tmp/vsw-bench-$name.XXXXXX")
	trap bench_cleanup EXIT
	ip netns add "$NS"
	# No IPv6 on the veths: their neighbour discovery is traffic of its own.
	inns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

bench_veths() {
	local pair
	for pair in "$@"; do
		set -- $pair
		ip -n "$NS" link add "$1" type veth peer name "$2"
		ip -n "$NS" link set "$1" up
		ip -n "$NS" link set "$2" up
	done
}
