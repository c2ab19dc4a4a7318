#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The legacy NIC end to end: vswd runs an emulated DEC 21140A; a test
# process (build/legacy-guest) is both the VMM (vfio-user client, guest
# memory in a sealed memfd) and the guest (a tulip-style driver answering
# ARP and ICMP echo). A host NIC on the same switch pings it; disconnect
# shows in the guest's MII status; the guest's address filter keeps other
# stations' frames away; a VMM speaking garbage does not hurt vswd.
# The vfio-user socket: root's and 0600 by default, under vswd's umask
# 000; with owner/group/mode a non-root VMM of that group attaches, one
# of another group is refused by its credentials.
#
#   h (10.77.0.1) -- host NIC -- ph \
#                                    sw0 (vswd)
#   guest (10.77.0.2) ~ vfio-user ~ legacy NIC (21140A, AF_XDP) -- pl /
source "$(dirname "$0")/lib/lib.sh"

VSWD=${VSWD:-$VSW_TOP/build/vswd}
VSWCTL="$VSW_TOP/build/vswctl"
GUEST="$VSW_TOP/build/legacy-guest"
H="h-$SUFFIX"
LG="lg-$SUFFIX"
LG2="lh-$SUFFIX"
VSWD_PID=
GUEST_PID=
ctl() { "$VSWCTL" -s "$SOCK" "$@"; }
# umask 000: the sockets' modes must not come from it.
start_vswd() {
	(umask 000 && exec "$VSWD" --state-dir "$TMPD/state" --socket "$SOCK" --bpffs "$BPFFS") \
		>>"$TMPD/vswd.log" 2>&1 &
	VSWD_PID=$!
	wait_for 50 ctl version >/dev/null
}

stop_all() {
	[ -n "$GUEST_PID" ] && kill "$GUEST_PID" 2>/dev/null
	[ -n "${GUEST2_PID:-}" ] && kill "$GUEST2_PID" 2>/dev/null
	[ -n "$VSWD_PID" ] && kill "$VSWD_PID" 2>/dev/null
	wait 2>/dev/null
	# vswd leaves its datapath pinned on exit; cleanup destroys it
	# what vswd made in this namespace: both sides of the legacy NIC's
	# veth pair and the host NIC's switch side
	ip link del "$LG" 2>/dev/null
	ip link del "$LG2" 2>/dev/null
	ip link del "vsw-$H" 2>/dev/null
	cleanup   # namespaces, pins, $TMPD (the sockets live there)
}

start_guest() {
	"$GUEST" "$LSOCK" --ip 10.77.0.2 >"$TMPD/guest.log" 2>&1 &
	GUEST_PID=$!
	wait_for 50 grep -q '^ready' "$TMPD/guest.log"
}

nic_field() { ctl -j nic show "$LG" | "$PY" -c "import json,sys; print(json.load(sys.stdin)[0]['$1'])"; }
ping_guest() { hexec h ping -c "${1:-1}" -i 0.2 -W 1 10.77.0.2 >/dev/null 2>&1; }

vsw_lib_init
trap stop_all EXIT
SOCK="$TMPD/vswd.sock"
start_vswd || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }

new_ns "$H" || exit 1
ctl switch add sw0 && ctl port add ph switch sw0 && ctl port add pl switch sw0 &&
ctl nic add "$H" type host netns "$H" && ctl nic connect "$H" port ph ||
	{ log "setup through vswctl failed"; exit 1; }
ip -n "$H" addr add 10.77.0.1/24 dev "$H"

# A station address that Linux's tulip driver would byte-swap is refused,
# saying why; nothing is left of the NIC.
out=$(ctl nic add "$LG" type legacy mac 02:00:00:77:00:02 2>&1) && fail "02:00:... accepted" ||
	{ grep -q "would be 00:02:77:00:02:00 in a Linux guest" <<<"$out" &&
	  ! ip link show "$LG" >/dev/null 2>&1 && pass "mac 02:00:...: refused: $out" ||
	  fail "refusal: $out"; }

# Without a MAC vswd picks one; nic add prints the socket; nic show lists it
LSOCK=$(ctl nic add "$LG" type legacy) || { log "nic add legacy failed"; exit 1; }
[ "$LSOCK" = "$TMPD/legacy-$LG.sock" ] && [ -S "$LSOCK" ] && pass "nic add prints the vfio-user socket" ||
	fail "nic add printed '$LSOCK'"
LMAC=$(nic_field mac)
ctl nic show "$LG" | grep -q "type legacy mac $LMAC mtu 1500 socket $LSOCK mode 0600 vmm detached" &&
	pass "nic show lists the socket, mode 0600" || fail "nic show: $(ctl nic show "$LG")"
[ "$(stat -c '%a %U %G' "$LSOCK")" = "600 root root" ] &&
	pass "the socket is root's, 0600, under vswd's umask 000" ||
	fail "socket under umask 000: $(stat -c '%a %U %G' "$LSOCK")"

# A socket for the VMMs of group nogroup. Its mode lets anyone connect:
# the peer's credentials are what keeps the others out.
chmod 755 "$TMPD" # the sockets' directory: the default, /run/vsw, is 0755
LSOCK2=$(ctl nic add "$LG2" type legacy group nogroup mode 0666) || fail "nic add with group and mode"
[ "$(stat -c '%a %U %G' "$LSOCK2")" = "666 root nogroup" ] && pass "group nogroup, mode 0666" ||
	fail "socket: $(stat -c '%a %U %G' "$LSOCK2")"
ctl nic show "$LG2" | grep -q "group 65534 mtu 1500 socket $LSOCK2 mode 0666 vmm detached" &&
	pass "nic show: group 65534 ... mode 0666" || fail "nic show: $(ctl nic show "$LG2")"
expect_refused "mode for a host NIC" 2 "'mode' does not go with type host" \
	ctl nic add "x-$SUFFIX" type host mode 0600
expect_refused "mode beyond permission bits" 2 "mode '4755' is not octal permission bits" \
	ctl nic add "x-$SUFFIX" type legacy mode 4755
# connect() succeeds (mode 0666); vswd hangs up at once, so the VMM's
# first message finds the connection closed.
expect_refused "uid 65534 of group daemon" 1 "legacy-guest: vfio-user version / DMA map: Input/output error" \
	setpriv --reuid=65534 --regid=1 --clear-groups "$GUEST" "$LSOCK2" --ip 10.77.0.3
grep -q "legacy nic '$LG2': refused a VMM (pid [0-9]* uid 65534 gid 1): neither root nor the NIC's owner or group" \
	"$TMPD/vswd.log" && pass "vswd logs the refusal with the credentials" ||
	fail "no refusal in the log: $(tail -3 "$TMPD/vswd.log")"
setpriv --reuid=65534 --regid=65534 --clear-groups "$GUEST" "$LSOCK2" --ip 10.77.0.3 \
	>"$TMPD/guest2.log" 2>&1 &
GUEST2_PID=$!
wait_for 50 grep -q '^ready' "$TMPD/guest2.log" &&
	[ "$(ctl -j nic show "$LG2" | "$PY" -c "import json,sys; print(json.load(sys.stdin)[0]['vmm'])")" = attached ] &&
	pass "uid 65534 of group nogroup attaches" || fail "nogroup's VMM: $(cat "$TMPD/guest2.log")"
kill "$GUEST2_PID"; wait "$GUEST2_PID" 2>/dev/null
ctl nic connect "$LG" port pl || fail "connect"

start_guest || { log "the guest did not come up: $(cat "$TMPD/guest.log")"; exit 1; }
# legacy-guest settles its address as Linux's tulip_init_one does
grep -q "^mac $LMAC" "$TMPD/guest.log" && pass "the guest took $LMAC from the SROM, as Linux would" ||
	fail "guest: $(head -3 "$TMPD/guest.log")"
[ "$(nic_field vmm)" = attached ] && pass "nic show: vmm attached" || fail "vmm $(nic_field vmm)"

wait_for 30 ping_guest && pass "host -> guest: ARP and ICMP echo through the 21140A" ||
	fail "no answer from the guest: $(cat "$TMPD/guest.log")"
hexec h ping -c 20 -i 0.01 -W 1 10.77.0.2 >"$TMPD/ping.out" 2>&1 &&
	grep -q " 0% packet loss" "$TMPD/ping.out" && pass "20 pings, none lost" ||
	fail "$(tail -2 "$TMPD/ping.out")"
hexec h ping -c 3 -s 1400 -i 0.2 -W 1 10.77.0.2 >/dev/null 2>&1 && pass "1428-byte frames both ways" ||
	fail "large pings"

# A guest that takes no frames for a while (stopped): the 1500 broadcasts
# sent meanwhile fill its 512-entry ring, the rest wait in the backend's
# queue, and all reach it once it goes on; the device misses none.
rx0=$(nic_field guest_rx); dropped0=$(nic_field guest_rx_dropped)
kill -STOP "$GUEST_PID"
ip netns exec "$H" "$PY" -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
f = bytes.fromhex("ffffffffffff020000770001" + "88b5") + bytes(46)
for i in range(1500):
    s.send(f)
' "$H"
sleep 0.5
held=$(( $(nic_field guest_rx) - rx0 ))
kill -CONT "$GUEST_PID"
t0=$(date +%s.%N)
# a function, so that each try reads the count again
stored_all() { [ $(( $(nic_field guest_rx) - rx0 )) -ge 1500 ]; }
wait_for 50 stored_all &&
	[ "$(nic_field guest_rx_dropped)" = "$dropped0" ] &&
	pass "a stopped guest: $held frames in its ring, all 1500 stored $(awk -v a="$t0" \
		-v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s after it went on, none dropped" ||
	fail "stopped guest: stored $(( $(nic_field guest_rx) - rx0 )) of 1500 ($held while stopped), dropped $(( $(nic_field guest_rx_dropped) - dropped0 )), $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s after it went on"

# Disconnect: the guest's PHY reports link down (BMSR), traffic stops.
ctl nic disconnect "$LG"
wait_for 30 grep -q "^link down" "$TMPD/guest.log" && pass "disconnect: the guest sees link down in BMSR" ||
	fail "guest log: $(cat "$TMPD/guest.log")"
ping_guest && fail "the guest answered while disconnected" || pass "no traffic while disconnected"
ctl nic connect "$LG" port pl
wait_for 30 grep -q "^link up" "$TMPD/guest.log" && pass "reconnect: link up again" ||
	fail "no link up after reconnect"
wait_for 30 ping_guest && pass "traffic back after reconnect" || fail "no answer after reconnect"

# Frames to another station's MAC are flooded to the legacy port (the
# switch never learns that MAC); the device's filter must drop them.
dropped0=$(nic_field guest_rx_dropped)
hexec h ip neigh replace 10.77.0.99 lladdr 02:00:00:77:00:99 dev "$H" nud permanent
hexec h ping -c 10 -i 0.05 -W 1 10.77.0.99 >/dev/null 2>&1
dropped1=$(nic_field guest_rx_dropped)
[ $((dropped1 - dropped0)) -ge 10 ] && pass "10 frames for 02:00:00:77:00:99 reached the device" ||
	fail "the device saw $((dropped1 - dropped0)) of them"
expect_absent "the guest's filter dropped them (no 'foreign' in its log)" "^foreign" cat "$TMPD/guest.log"

# A VMM that speaks garbage is hung up on; vswd and the NIC live on.
kill "$GUEST_PID"; wait "$GUEST_PID" 2>/dev/null; GUEST_PID=
grep -q "^stats rx [1-9].* foreign 0" "$TMPD/guest.log" && pass "guest stats: $(grep ^stats "$TMPD/guest.log")" ||
	fail "guest stats: $(tail -1 "$TMPD/guest.log")"
vmm_detached() { [ "$(nic_field vmm)" = detached ]; }
wait_for 30 vmm_detached && pass "vmm detached" || fail "vmm still attached"
"$PY" - "$LSOCK" <<'PYEOF' && pass "garbage over vfio-user: error reply, then hang-up" || fail "garbage VMM"
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.settimeout(3)
# REGION_READ before VERSION: an error reply
s.sendall(struct.pack("<HHIII", 1, 9, 32, 0, 0) + struct.pack("<QII", 0, 7, 4))
hdr = s.recv(16)
_, cmd, size, flags, err = struct.unpack("<HHIII", hdr)
assert cmd == 9 and flags & 0x20 and err != 0, (cmd, flags, err)
# a header claiming 4 GB: error reply, then the server hangs up
s.sendall(struct.pack("<HHIII", 2, 1, 0xFFFFFFF0, 0, 0))
hdr = s.recv(16)
assert struct.unpack("<HHIII", hdr)[3] & 0x20
assert s.recv(16) == b""
PYEOF
ctl version >/dev/null && pass "vswd still answers" || fail "vswd died: $(tail "$TMPD/vswd.log")"
start_guest && wait_for 30 ping_guest && pass "a new VMM attaches and works" ||
	fail "second guest: $(cat "$TMPD/guest.log")"

# vswd restarts: the VMM's connection ends with it (vfio-user has no
# reconnection); the device comes back on the same socket, same MAC.
kill "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
wait "$GUEST_PID" 2>/dev/null; GUEST_PID=
start_vswd || fail "vswd did not restart: $(tail "$TMPD/vswd.log")"
[ -S "$LSOCK" ] && [ "$(nic_field mac)" = "$LMAC" ] && [ "$(nic_field port)" = pl ] &&
	pass "after a restart: socket, MAC and port as before" || fail "after restart: $(ctl nic show "$LG")"
[ "$(stat -c '%a %U %G' "$LSOCK") $(stat -c '%a %U %G' "$LSOCK2")" = "600 root root 666 root nogroup" ] &&
	pass "after a restart: both sockets' modes and owners as before" ||
	fail "after restart: $(stat -c '%a %U %G' "$LSOCK" "$LSOCK2")"
start_guest && wait_for 30 ping_guest && pass "a VMM attaches to the restarted vswd and works" ||
	fail "guest after restart: $(cat "$TMPD/guest.log")"

ctl nic del "$LG" force && [ ! -e "$LSOCK" ] && ! ip link show "$LG" >/dev/null 2>&1 &&
	pass "nic del removes the socket and the veth pair" || fail "leftovers after nic del"
exit $ret
