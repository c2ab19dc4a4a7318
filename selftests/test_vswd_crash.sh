#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# A vswd killed between making an object and saving it leaves the object
# behind: a NIC's netdevs, a switch's pinned datapath. The next vswd
# removes exactly those (a netdev it made carries an alias naming the NIC
# and the vswd's state directory; a datapath without ports) and nothing
# else, and logs each; the NIC and
# the switch can then be added again. Then vswd is killed again and
# again while a client adds NICs, and no netdev or pin is left over.
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

S=${SUFFIX:0:6}
stop_all() {
	local i
	[ -n "${loop:-}" ] && kill "$loop" 2>/dev/null
	stop_vswd
	for i in a b c $(seq 0 60); do ip link del "vsw-k$S$i" 2>/dev/null; done
	ip link del "other$S" 2>/dev/null
	ip link del "pp$S" 2>/dev/null
	cleanup
}
vsw_lib_init
trap stop_all EXIT
start_vswd || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
ctl switch add sw0 && ctl nic add "k${S}a" type host || { log "setup failed"; exit 1; }
ctl -j switch show >/dev/null
kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null

# What a vswd killed before saving leaves: a host NIC's veth with its
# alias, a switch's pins. And what is not its own: a veth with another
# vswd's alias, one without.
ip link add "vsw-k${S}b" type veth peer name "k${S}b"
ip link set "vsw-k${S}b" alias "vsw nic k${S}b of $TMPD/state"
ip link add "vsw-k${S}c" type veth peer name "k${S}c"
ip link set "vsw-k${S}c" alias "vsw nic k${S}c of /var/lib/another-vswd"
ip link add "other$S" type veth peer name "otherp$S"
"$VSW_DP" -b "$BPFFS" create sw9 >/dev/null || { log "vsw-dp create failed"; exit 1; }
# A datapath with a port: another vswd's on the same pin root, perhaps.
ip link add "pp$S" type veth peer name "pq$S"
"$VSW_DP" -b "$BPFFS" create sw8 >/dev/null && "$VSW_DP" -b "$BPFFS" port add sw8 "pp$S" >/dev/null ||
	{ log "vsw-dp create sw8 failed"; exit 1; }
start_vswd || { log "vswd did not restart: $(cat "$TMPD/vswd.log")"; exit 1; }

ip link show "vsw-k${S}b" >/dev/null 2>&1 && fail "the stray veth of NIC k${S}b is left" ||
	pass "the stray veth is removed: $(grep -o "removing netdev 'vsw-k${S}b'.*" "$TMPD/vswd.log")"
[ ! -e "$BPFFS/sw9" ] && pass "the stray datapath is unpinned: $(grep -o 'removing the datapath.*' "$TMPD/vswd.log")" ||
	fail "pins of sw9 left: $(ls "$BPFFS/sw9" | head -n3)"
ip link show "vsw-k${S}a" >/dev/null 2>&1 && [ -e "$BPFFS/sw0" ] &&
	pass "the saved NIC's veth and switch's pins are kept" || fail "k${S}a or sw0 went"
ip link show "vsw-k${S}c" >/dev/null 2>&1 && ip link show "other$S" >/dev/null 2>&1 &&
	pass "another vswd's veth and an unmarked one are kept" || fail "a netdev not its own was removed"
[ -e "$BPFFS/sw8" ] && grep -q "a datapath with 1 ports is pinned under $BPFFS/sw8" "$TMPD/vswd.log" &&
	pass "a datapath with a port is kept, and named in the log" || fail "sw8: $(ls "$BPFFS")"
"$VSW_DP" -b "$BPFFS" destroy sw8 >/dev/null
ctl nic add "k${S}b" type host && ctl switch add sw9 && pass "k${S}b and sw9 can be added again" ||
	fail "k${S}b or sw9 cannot be added again"
ctl switch del sw9 && ctl nic del "k${S}b"
ip link del "vsw-k${S}c"

# Kills while a client adds NICs: afterwards, each NIC has its veth and
# no veth of this vswd is without its NIC.
( for i in $(seq 0 60); do ctl nic add "k$S$i" type host >/dev/null 2>&1; done ) &
loop=$!
for k in 1 2 3 4 5; do
	sleep 0.4
	kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
	start_vswd || { fail "vswd did not restart: $(tail -n 3 "$TMPD/vswd.log")"; break; }
done
wait "$loop"; loop=
kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
start_vswd || fail "vswd did not restart"
nics=$(ctl -j nic show | jq -r '.[].nic' | sort)
ours=$(ip -o link show 2>/dev/null | grep -F "alias vsw nic " | grep -F " of $TMPD/state" | awk -F': ' '{print $2}' |
	sed 's/@.*//; s/^vsw-//' | sort)
[ "$nics" = "$ours" ] && pass "after 6 kills during nic add: $(grep -c . <<<"$nics") NICs, each with its veth, no other" ||
	fail "NICs and netdevs differ: $(diff <(echo "$nics") <(echo "$ours") | grep '^[<>]' | head -n 5)"
exit $ret
