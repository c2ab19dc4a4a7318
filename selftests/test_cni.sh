#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The CNI plugin build/cni/vsw called as a runtime calls it (cnitool's
# way: CNI_* in the environment, the configuration on stdin, the result
# or an error object on stdout), with Debian's host-local IPAM plugin:
#
#   hh (10.80.0.1) -- host NIC -- ph \
#                                      sw0 (vswd)
#   ct (netns, eth0 10.80.0.100) -- c<hash>   /   (made by ADD)
#
#   VERSION; ADD (result, eth0 in the netns with its address and route,
#   the port and NIC in vswd, a ping through the switch); CHECK against
#   the result, and CHECK finding what is missing; a second ADD refused;
#   DEL (everything gone, the address released), DEL again; VLAN and
#   port policies from the configuration; and each error: no or unknown
#   command, an unsupported cniVersion, bad JSON, no switch, an unknown
#   switch or policy, no netns, a missing netns, no IPAM plugin, vswd not
#   there. A failed ADD leaves no port, NIC or address behind.
source "$(dirname "$0")/lib/lib.sh"
source "$VSW_TOP/selftests/lib/vswd.sh"

PLUGIN="$VSW_TOP/build/cni/vsw"
CNI_DIR=${CNI_DIR:-/usr/lib/cni}
[ -x "$CNI_DIR/host-local" ] ||
	{ log "no $CNI_DIR/host-local (make deps installs containernetworking-plugins)"; exit 4; }

vsw_lib_init
trap 'stop_vswd "hh-$SUFFIX"; cleanup' EXIT
start_vswd || { fail "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
new_ns "hh-$SUFFIX" && new_ns "ct-$SUFFIX" && new_ns "cu-$SUFFIX" || exit 1
out=$( { ctl switch add sw0 && ctl port add ph switch sw0 &&
	ctl nic add "hh-$SUFFIX" type host netns "hh-$SUFFIX" && ctl nic connect "hh-$SUFFIX" port ph; } 2>&1) ||
	{ fail "setup: $out"; exit 1; }
ip -n "hh-$SUFFIX" addr add 10.80.0.1/24 dev "hh-$SUFFIX"
NETNS=/run/netns/ct-$SUFFIX

# conf [JQ-FILTER]: the network configuration, changed by the filter.
conf() {
	jq -c "${1:-.}" <<EOF
{ "cniVersion": "1.0.0", "name": "vswtest", "type": "vsw", "switch": "sw0",
  "socket": "$SOCK",
  "ipam": { "type": "host-local", "dataDir": "$TMPD/ipam",
            "ranges": [[{ "subnet": "10.80.0.0/24", "rangeStart": "10.80.0.100" }]],
            "routes": [{ "dst": "10.81.0.0/16", "gw": "10.80.0.1" }] } }
EOF
}
# cni COMMAND CONTAINER NETNS CONF: the plugin; its stdout in $OUT, status $RC.
cni() {
	OUT=$(CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=$3 CNI_IFNAME=eth0 CNI_PATH=$CNI_DIR \
		"$PLUGIN" <<<"$4" 2>"$TMPD/stderr")
	RC=$?
}
# err_is CODE TEXT WHAT: the last call failed with that error object.
err_is() {
	local code msg
	code=$(jq -r .code <<<"$OUT" 2>/dev/null) msg=$(jq -r .msg <<<"$OUT" 2>/dev/null)
	[ "$RC" = 1 ] && [ "$code" = "$1" ] && [[ $msg == *"$2"* ]] && pass "$3: code $code, \"$msg\"" ||
		fail "$3: exit $RC, want code $1 and '$2', got: $OUT $(cat "$TMPD/stderr")"
}
name_of() { printf 'c%08x' "$(fnv "$1/eth0")"; }
# FNV-1a 32 of a string, as the plugin names ports.
fnv() {
	local s=$1 h=2166136261 i c
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$(( ((h ^ c) * 16777619) & 0xffffffff ))
	done
	echo $h
}
# mawk has no {8}: grep.
leftovers() { ctl port show 2>/dev/null | awk '{ print $2 }' | grep -E '^c[0-9a-f]{8}$'; }

# ---- VERSION
cni VERSION x "" ""
[ $RC = 0 ] && jq -e '.supportedVersions | index("1.0.0") and index("0.4.0")' <<<"$OUT" >/dev/null &&
	pass "VERSION: $(jq -c .supportedVersions <<<"$OUT")" || fail "VERSION: $RC $OUT"

# ---- ADD
C1=ctr-one-$SUFFIX
P1=$(name_of "$C1")
cni ADD "$C1" "$NETNS" "$(conf)"
RESULT=$OUT
[ $RC = 0 ] || { fail "ADD: exit $RC: $OUT $(cat "$TMPD/stderr")"; exit 1; }
mac=$(ip -n "ct-$SUFFIX" -br link show eth0 | awk '{ print $3 }')
jq -e --arg ns "$NETNS" --arg mac "$mac" --arg sw "vsw-$P1" '.cniVersion == "1.0.0" and
	.interfaces[0].name == $sw and .interfaces[1].name == "eth0" and
	.interfaces[1].sandbox == $ns and .interfaces[1].mac == $mac and
	.ips[0].address == "10.80.0.100/24" and .ips[0].interface == 1 and
	.routes[0].dst == "10.81.0.0/16"' <<<"$RESULT" >/dev/null &&
	pass "ADD: the result names vsw-$P1, eth0 ($mac) in the netns, 10.80.0.100/24, the route" ||
	fail "ADD result: $RESULT"
ip -n "ct-$SUFFIX" -br addr show eth0 | grep -q '10.80.0.100/24' &&
	ip -n "ct-$SUFFIX" route show 10.81.0.0/16 | grep -q 'via 10.80.0.1 dev eth0' &&
	pass "eth0 in the netns has the address and the route" ||
	fail "in the netns: $(ip -n "ct-$SUFFIX" addr; ip -n "ct-$SUFFIX" route)"
[ "$(ctl -j port show "$P1" | jq -r '.[0] | "\(.switch) \(.nic) \(.link)"')" = "sw0 $P1 up" ] &&
	[ "$(ctl -j nic show "$P1" | jq -r '.[0] | "\(.netns) \(.ifname)"')" = "$NETNS eth0" ] &&
	pass "vswd: port $P1 on sw0, link up; NIC $P1 is eth0 in $NETNS" ||
	fail "vswd: $(ctl port show "$P1"; ctl nic show "$P1")"
ip netns exec "ct-$SUFFIX" ping -c 3 -i 0.2 -W 2 10.80.0.1 >/dev/null &&
	pass "the container pings the host NIC through sw0" || fail "ping from the container"

# ---- CHECK
cni CHECK "$C1" "$NETNS" "$(conf ".prevResult = $RESULT")"
[ $RC = 0 ] && pass "CHECK with the ADD result: ok" || fail "CHECK: $RC $OUT"
cni CHECK "$C1" "$NETNS" "$(conf)"
err_is 7 "prevResult" "CHECK without prevResult"
ip -n "ct-$SUFFIX" addr del 10.80.0.100/24 dev eth0
cni CHECK "$C1" "$NETNS" "$(conf ".prevResult = $RESULT")"
err_is 5 "has no address 10.80.0.100/24" "CHECK after the address was removed"
ip -n "ct-$SUFFIX" addr add 10.80.0.100/24 dev eth0
ctl nic disconnect "$P1" >/dev/null
cni CHECK "$C1" "$NETNS" "$(conf ".prevResult = $RESULT")"
err_is 5 "is not connected to port" "CHECK of a disconnected NIC"
ctl nic connect "$P1" port "$P1" >/dev/null
cni CHECK "$C1" "$NETNS" "$(conf ".vlan = 10 | .prevResult = $RESULT")"
err_is 5 "not an access port of VLAN 10" "CHECK against another VLAN"

# ---- a second ADD of the same container and interface
cni ADD "$C1" "$NETNS" "$(conf)"
err_is 7 "exists" "a second ADD"
ip -n "ct-$SUFFIX" -br addr show eth0 | grep -q '10.80.0.100/24' ||
	fail "the refused ADD changed the first one's interface"

# ---- DEL
cni DEL "$C1" "$NETNS" "$(conf)"
[ $RC = 0 ] && [ -z "$(ctl port show "$P1" 2>/dev/null)" ] && [ -z "$(ctl nic show "$P1" 2>/dev/null)" ] &&
	! ip -n "ct-$SUFFIX" link show eth0 >/dev/null 2>&1 && [ ! -e "$TMPD/ipam/vswtest/10.80.0.100" ] &&
	pass "DEL: port, NIC and eth0 gone, 10.80.0.100 released" ||
	fail "DEL: exit $RC $OUT; port '$(ctl port show "$P1" 2>&1)', $(ls "$TMPD/ipam/vswtest" 2>&1)"
cni DEL "$C1" "$NETNS" "$(conf)"
[ $RC = 0 ] && pass "DEL again: ok" || fail "DEL again: $RC $OUT"
cni DEL "$C1" "" "$(conf)"
[ $RC = 0 ] && pass "DEL without CNI_NETNS (the container gone): ok" || fail "DEL without netns: $RC $OUT"

# ---- VLAN and policies
C2=ctr-two-$SUFFIX
P2=$(name_of "$C2")
cni ADD "$C2" "/run/netns/cu-$SUFFIX" "$(conf '.vlan = 10 | .policy = { "macGuard": true,
	"dhcpGuard": true, "routerGuard": true, "maxRateOut": "10mbit", "learnLimit": 4 } | del(.ipam)')"
line=$(ctl port show "$P2" 2>&1)
[ $RC = 0 ] && [[ $line == *"vlan access 10"* && $line == *"mac-guard on (on)"* &&
	$line == *"dhcp-guard on"* && $line == *"router-guard on"* && $line == *"max-rate out 10mbit"* &&
	$line == *"learn-limit 4"* ]] && [ "$(jq '.ips | length' <<<"$OUT")" = 0 ] &&
	pass "vlan 10 and the policies reach the port; no IPAM, no address" ||
	fail "vlan and policies: exit $RC $OUT; $line"
cni DEL "$C2" "/run/netns/cu-$SUFFIX" "$(conf 'del(.ipam)')"

# ---- errors
OUT=$(env -u CNI_COMMAND "$PLUGIN" </dev/null); RC=$?
err_is 4 "CNI_COMMAND is not set" "no CNI_COMMAND"
cni STATUS x "$NETNS" "$(conf)"
err_is 4 "is not ADD, DEL, CHECK or VERSION" "an unknown command"
cni ADD e1 "$NETNS" "$(conf '.cniVersion = "0.2.0"')"
err_is 1 "cniVersion 0.2.0 is not supported" "cniVersion 0.2.0"
cni ADD e1 "$NETNS" '{ "cniVersion": '
err_is 6 "not a JSON object" "broken JSON"
cni ADD e1 "$NETNS" "$(conf 'del(.switch)')"
err_is 7 "'switch' must name" "no switch"
cni ADD e1 "$NETNS" "$(conf '.policy = { "macguard": true }')"
err_is 7 "unknown policy 'macguard'" "an unknown policy"
cni ADD e1 "$NETNS" "$(conf '.policy = { "maxRateIn": "fast" }')"
err_is 7 "must be a rate" "a bad rate"
cni ADD e1 "" "$(conf)"
err_is 4 "CNI_NETNS is not set" "ADD without CNI_NETNS"
cni ADD e1 "$NETNS" "$(conf '.switch = "nosw"')"
err_is 5 "nosw" "an unknown switch"
cni ADD e1 "/run/netns/none-$SUFFIX" "$(conf)"
err_is 5 "does not exist" "a netns that does not exist"
cni ADD e1 "$NETNS" "$(conf '.ipam.type = "no-such-ipam"')"
err_is 7 "IPAM plugin 'no-such-ipam' not found" "an IPAM plugin that is not there"
cni ADD e1 "$NETNS" "$(conf ".socket = \"$TMPD/none.sock\"")"
err_is 11 "cannot reach vswd" "vswd not there"
left=$(leftovers)
[ -z "$left" ] && ! ip -n "ct-$SUFFIX" link show eth0 >/dev/null 2>&1 &&
	[ -z "$(find "$TMPD/ipam/vswtest" -type f ! -name lock ! -name 'last_reserved_ip*' 2>/dev/null)" ] &&
	pass "the failed ADDs left no port, NIC, interface or address" ||
	fail "after the failed ADDs: ports $left; $(ls "$TMPD/ipam/vswtest" 2>&1)"
exit $ret
