#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Shared by the vsw selftests and the demo. Source it, then call
# vsw_topology_init; everything made through these helpers is removed by
# the EXIT trap, also when a test fails half-way.
#
# Names carry a random suffix so parallel runs and leftovers never collide.

VSW_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VSW_DP=${VSW_DP:-$VSW_TOP/build/vsw-dp}
PY=/usr/bin/python3 # Debian's python, where python3-scapy imports

SUFFIX=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
SW_NS="vsw-sw-$SUFFIX"
BPFFS="/sys/fs/bpf/vsw-selftest-$SUFFIX"
SWITCH=sw0
NAMESPACES=()
PIDS=()
ret=0

log() { printf '%s\n' "$*"; }
fail() { log "FAIL: $*"; ret=1; }
pass() { log "ok: $*"; }

cleanup() {
	local pid ns
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	wait 2>/dev/null
	local sw
	for sw in "$BPFFS"/*/; do
		[ -d "$sw" ] && vswdp destroy "$(basename "$sw")" >/dev/null 2>&1
	done
	rm -rf "$BPFFS" 2>/dev/null
	for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
	[ -n "${TMPD:-}" ] && rm -rf "$TMPD"
}

# Run in the switch namespace. nsenter, unlike ip netns exec, keeps our
# mount namespace, so the switch's pins in /sys/fs/bpf stay in view.
swexec() {
	if [ -e "/run/netns/$SW_NS" ]; then nsenter --net="/run/netns/$SW_NS" "$@"; else "$@"; fi
}
hexec() { local h=$1; shift; ip netns exec "$h-$SUFFIX" "$@"; }
vswdp() { swexec "$VSW_DP" -b "$BPFFS" "$@"; }

new_ns() {
	ip netns add "$1" || return 1
	NAMESPACES+=("$1")
	# No IPv6: neither the switch's own netdevs nor the hosts chatter.
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip -n "$1" link set lo up
}

# The EXIT trap and a scratch directory, $TMPD.
vsw_lib_init() {
	trap cleanup EXIT
	TMPD=$(mktemp -d /tmp/vsw-selftest.XXXXXX)
}

# vsw_lib_init, plus a switch namespace with switch $SWITCH in it.
vsw_topology_init() {
	vsw_lib_init
	new_ns "$SW_NS" || return 1
	vswdp create "$SWITCH" >/dev/null || return 1
}

# add_host NAME PORTCFG... : a namespace NAME-<suffix> with eth0, whose
# peer p-NAME in the switch namespace becomes a port with PORTCFG of
# switch $SWITCH (SWITCH=other add_host ... for a second switch).
add_host() {
	local name=$1; shift
	local ns="$name-$SUFFIX" port="p-$name"
	new_ns "$ns" || return 1
	ip link add "$port" netns "$SW_NS" type veth peer name eth0 netns "$ns" || return 1
	ip -n "$SW_NS" link set "$port" up
	ip -n "$ns" link set eth0 up
	# veth delivers XDP-redirected frames only to a peer with NAPI.
	ip netns exec "$ns" ethtool -K eth0 gro on >/dev/null
	vswdp port add "$SWITCH" "$port" "$@"
}

host_ip() { ip -n "$1-$SUFFIX" addr add "$2" dev eth0; }

host_mac() { ip -n "$1-$SUFFIX" -br link show eth0 | awk '{print $3}'; }

# Poll until a command succeeds (tries at 0.1 s), instead of sleeping.
wait_for() {
	local tries=$1; shift
	while ! "$@" 2>/dev/null; do
		tries=$((tries - 1))
		[ "$tries" -le 0 ] && return 1
		sleep 0.1
	done
}

# Negative checks that cannot pass by accident: a command that fails for
# another reason (vswd gone, a typo, a missing tool) fails them.
#
# expect_refused WHAT STATUS MESSAGE CMD...: CMD exits with STATUS (vswctl:
# 1 vswd refused, 2 bad command line) and its output contains MESSAGE.
expect_refused() {
	local what=$1 status=$2 msg=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		fail "$what: accepted: $out"
	elif [ $rc != "$status" ]; then
		fail "$what: exit $rc, want $status: $out"
	elif [[ "$out" != *"$msg"* ]]; then
		fail "$what: says '$out', want '$msg'"
	else
		pass "$what: refused (exit $rc): $out"
	fi
}

# expect_absent WHAT REGEX CMD...: CMD succeeds and no line of its output
# matches REGEX (grep -E).
expect_absent() {
	local what=$1 re=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc != 0 ]; then
		fail "$what: '$*' failed (exit $rc): $out"
	elif grep -qE -- "$re" <<<"$out"; then
		fail "$what: $(grep -E -- "$re" <<<"$out" | head -n3)"
	else
		pass "$what"
	fi
}

# capture HOST FILE [FILTER...]: tcpdump -e on the host's eth0 in the
# background, inbound only; returns once it listens.
capture() {
	local h=$1 file=$2; shift 2
	hexec "$h" tcpdump -l -nn -e -Q in -i eth0 "$@" >"$file" 2>"$file.err" &
	PIDS+=($!)
	wait_for 50 grep -q "listening on" "$file.err"
}

stop_captures() {
	local pid
	sleep 0.3 # let the last frames reach the capture sockets
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	wait 2>/dev/null
	PIDS=()
}

# send_frames HOST COUNT ETHERTYPE [VID]: raw frames to broadcast.
send_frames() {
	hexec "$1" "$PY" "$VSW_TOP/selftests/lib/send_frames.py" eth0 "$2" "$3" ${4:-}
}

# An underlay of a multi-host test: fabric_init NS makes NS with bridge
# br0 (the fabric); fabric_join NS PORT HOSTNS ADDR/LEN [MTU] gives HOSTNS
# a veth ul0 with ADDR, its peer PORT on br0. Nothing else is set: a
# VTEP's underlay needs nothing a physical one would not.
fabric_init() {
	new_ns "$1" || return 1
	ip -n "$1" link add br0 type bridge && ip -n "$1" link set br0 up
}
fabric_join() {
	local fab=$1 port=$2 host=$3 addr=$4 mtu=${5:-1500}
	ip link add ul0 netns "$host" mtu "$mtu" type veth peer name "$port" netns "$fab" \
		mtu "$mtu" || return 1
	ip -n "$fab" link set "$port" master br0 up &&
	ip -n "$host" addr add "$addr" dev ul0 && ip -n "$host" link set ul0 up
}
