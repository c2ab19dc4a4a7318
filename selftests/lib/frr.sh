# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# FRR's zebra and bgpd per test host, for the EVPN selftests
# (docs/multihost.md, "Control plane"). Source after lib.sh; call
# frr_stop_all from the EXIT trap, before cleanup deletes the namespaces.
#
# Each instance keeps everything in a directory of its own (config, pid
# files, vty sockets, zserv socket, logs), so several run side by side and
# none touches /etc/frr or /run/frr. The daemons drop to the frr user:
# the directory is its.

FRR_SBIN=/usr/lib/frr
FRR_KEEPALIVE=${FRR_KEEPALIVE:-3}
FRR_HOLD=${FRR_HOLD:-9}
FRR_ASN=65000
# FRR_ZEBRA_CONF: zebra's configuration, for a run that needs its logs
# (FRR_ZEBRA_CONF='debug zebra vxlan\ndebug zebra kernel\n'), empty else.
FRR_DIRS=()

frr_missing() {
	[ -x "$FRR_SBIN/zebra" ] && [ -x "$FRR_SBIN/bgpd" ] && command -v vtysh >/dev/null ||
		echo "FRR's zebra, bgpd and vtysh (Debian package frr)"
}

# frr_conf NAME ROUTER_ID PEER...: bgpd's configuration: iBGP in one AS, a
# full mesh over the underlay, the l2vpn evpn family only, every VNI the
# kernel shows advertised (advertise-all-vni), short timers.
frr_conf() {
	local name=$1 rid=$2 p
	shift 2
	echo "frr defaults datacenter"
	echo "hostname $name"
	echo "router bgp $FRR_ASN"
	echo " bgp router-id $rid"
	echo " no bgp default ipv4-unicast"
	echo " timers bgp $FRR_KEEPALIVE $FRR_HOLD"
	for p; do
		echo " neighbor $p remote-as internal"
		echo " neighbor $p timers connect 1"
	done
	echo " address-family l2vpn evpn"
	for p; do echo "  neighbor $p activate"; done
	echo "  advertise-all-vni"
	echo " exit-address-family"
}

# frr_start NS DIR ROUTER_ID PEER...: zebra, then bgpd, in netns NS
# (named after it, less the suffix).
frr_start() {
	local ns=$1 dir=$2 rid=$3 d
	shift 3
	mkdir -p "$dir" && chown frr:frr "$dir" || return 1
	FRR_DIRS+=("$dir")
	frr_conf "${ns%-"$SUFFIX"}" "$rid" "$@" >"$dir/bgpd.conf"
	printf '%b' "${FRR_ZEBRA_CONF:-}" >"$dir/zebra.conf"
	ip netns exec "$ns" "$FRR_SBIN/zebra" -d -i "$dir/zebra.pid" -z "$dir/zserv.api" \
		--vty_socket "$dir" -f "$dir/zebra.conf" -P 0 --log "file:$dir/zebra.log" ||
		return 1
	wait_for 50 test -S "$dir/zserv.api" || return 1
	ip netns exec "$ns" "$FRR_SBIN/bgpd" -d -i "$dir/bgpd.pid" -z "$dir/zserv.api" \
		--vty_socket "$dir" -f "$dir/bgpd.conf" -P 0 --log "file:$dir/bgpd.log" ||
		return 1
	for d in zebra bgpd; do wait_for 50 test -S "$dir/$d.vty" || return 1; done
}

# frr_kill DIR DAEMON [SIGNAL]: one daemon of an instance.
frr_kill() {
	local pid
	pid=$(cat "$1/$2.pid" 2>/dev/null) || return 1
	kill "-${3:-TERM}" "$pid" 2>/dev/null
	wait_for 50 test ! -d "/proc/$pid"
}

frr_stop_all() {
	local dir
	for dir in "${FRR_DIRS[@]}"; do
		frr_kill "$dir" bgpd KILL
		frr_kill "$dir" zebra KILL
	done
	FRR_DIRS=()
}

# vty DIR COMMAND...: vtysh on an instance, for display.
vty() {
	local dir=$1
	shift
	vtysh --vty_socket "$dir" "$@"
}
