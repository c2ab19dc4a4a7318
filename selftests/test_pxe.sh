#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# A network boot through the legacy NIC: a PXE client that drives the
# emulated 21140A as iPXE's tulip driver does (build/legacy-guest --pxe:
# polled 4-entry ring, one transmit descriptor) gets an address from
# dnsmasq on a host NIC of the same switch and fetches its boot file by
# TFTP. The client's port has the DHCP guard on and the MAC guard on (its
# default): the booting client passes both. A second dnsmasq on another
# port with the DHCP guard on is a rogue server: its offers never reach
# the client, and they would without the guard. A client sending from
# another MAC than its ROM's gets nothing past the MAC guard.
#
#   sv (10.78.0.1, dnsmasq: DHCP, TFTP) -- host NIC -- ps             \
#   rg (10.78.0.66, dnsmasq: rogue)     -- host NIC -- pr dhcp-guard -- sw0 (vswd)
#   PXE client ~ vfio-user ~ legacy NIC (21140A)   -- pl dhcp-guard   /
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

GUEST="$VSW_TOP/build/legacy-guest"
SV="sv-$SUFFIX"
RG="rg-$SUFFIX"
LG="pb-$SUFFIX"

stop_all() {
	stop_vswd "$SV" "$RG"
	ip link del "$LG" 2>/dev/null   # the legacy NIC's veth pair
	cleanup                         # dnsmasq (PIDS), namespaces, pins, $TMPD
}

drops() { ctl -j stats port "$1" | "$PY" -c "import json,sys; print(json.load(sys.stdin)[0]['drops']['$2'])"; }

# dnsmasq NS NAME RANGE BOOTFILE [OPTION...]: DHCP (and what follows) on
# the host NIC NS, in the foreground, logging to $TMPD/NAME.log
dnsmasq_on() {
	local ns=$1 name=$2 range=$3 file=$4; shift 4
	ip netns exec "$ns" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
		--no-resolv --no-hosts --no-ping --user=root --interface="$ns" --bind-interfaces \
		--dhcp-range="$range,255.255.255.0,10m" --dhcp-boot="$file" \
		--dhcp-leasefile="$TMPD/$name.leases" --pid-file="$TMPD/$name.pid" \
		--log-dhcp --log-facility="$TMPD/$name.log" "$@" &
	PIDS+=($!)
	wait_for 50 grep -q "DHCP, IP range" "$TMPD/$name.log"
}

vsw_lib_init
trap stop_all EXIT
command -v dnsmasq >/dev/null || { log "SKIP: no dnsmasq (Debian package dnsmasq-base)"; exit 4; }
[ -x "$GUEST" ] || { log "build/legacy-guest missing (make)"; exit 1; }
start_vswd || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }

new_ns "$SV" && new_ns "$RG" || exit 1
ctl switch add sw0 && ctl port add ps switch sw0 && ctl port add pr switch sw0 &&
ctl port add pl switch sw0 &&
ctl nic add "$SV" type host netns "$SV" && ctl nic connect "$SV" port ps &&
ctl nic add "$RG" type host netns "$RG" && ctl nic connect "$RG" port pr &&
LSOCK=$(ctl nic add "$LG" type legacy) && ctl nic connect "$LG" port pl &&
ctl port set pl dhcp-guard on && ctl port set pr dhcp-guard on ||
	{ log "setup through vswctl failed: $(tail -3 "$TMPD/vswd.log")"; exit 1; }
ip -n "$SV" addr add 10.78.0.1/24 dev "$SV"
ip -n "$RG" addr add 10.78.0.66/24 dev "$RG"
LMAC=$(ctl -j nic show "$LG" | "$PY" -c "import json,sys; print(json.load(sys.stdin)[0]['mac'])")
ctl port show pl | grep -q "mac-guard on (default).*dhcp-guard on" &&
	pass "the client's port: mac-guard on (default), dhcp-guard on" ||
	fail "port pl: $(ctl port show pl)"

mkdir -p "$TMPD/tftp"
head -c 300000 /dev/urandom >"$TMPD/tftp/pxe.bin"
CRC=$("$PY" -c "import sys,zlib; print('%08x' % zlib.crc32(open(sys.argv[1],'rb').read()))" \
	"$TMPD/tftp/pxe.bin")
dnsmasq_on "$SV" sv 10.78.0.100,10.78.0.150 pxe.bin --enable-tftp --tftp-root="$TMPD/tftp" ||
	{ log "dnsmasq did not start: $(cat "$TMPD/sv.log")"; exit 1; }
dnsmasq_on "$RG" rg 10.78.0.200,10.78.0.250 evil.bin ||
	{ log "the rogue dnsmasq did not start: $(cat "$TMPD/rg.log")"; exit 1; }

# The boot: DHCP through both guards, TFTP of the boot file.
rogue0=$(drops pr dhcp_guard)
timeout 90 "$GUEST" "$LSOCK" --pxe >"$TMPD/boot.log" 2>&1
grep -q "^mac $LMAC" "$TMPD/boot.log" && pass "the client took $LMAC from the SROM, as iPXE does" ||
	fail "client: $(head -3 "$TMPD/boot.log")"
grep -q "^lease 10\.78\.0\.1[0-9][0-9] from 10\.78\.0\.1 file pxe\.bin next-server 10\.78\.0\.1$" \
	"$TMPD/boot.log" && pass "DHCP: $(grep ^lease "$TMPD/boot.log")" ||
	fail "no lease from the server: $(cat "$TMPD/boot.log")"
grep -q "^tftp pxe.bin 300000 bytes crc32 $CRC$" "$TMPD/boot.log" &&
	pass "TFTP: pxe.bin, 300000 bytes, CRC-32 $CRC as served" ||
	fail "TFTP: $(grep -E '^tftp|error|stopped' "$TMPD/boot.log") (want crc32 $CRC)"
grep -q "^booted" "$TMPD/boot.log" && pass "booted: $(grep ^booted "$TMPD/boot.log")" ||
	fail "not booted: $(tail -2 "$TMPD/boot.log")"
grep -qi "$LMAC" "$TMPD/sv.leases" && pass "the server's lease file holds $LMAC" ||
	fail "leases: $(cat "$TMPD/sv.leases")"

# The rogue answered, its offers died at its port's DHCP guard.
grep -q "DHCPOFFER($RG)" "$TMPD/rg.log" && pass "the rogue dnsmasq offered addresses" ||
	fail "the rogue never offered: $(tail -5 "$TMPD/rg.log")"
grep -q "^offer from 10\.78\.0\.66" "$TMPD/boot.log" &&
	fail "a rogue offer reached the client: $(grep '^offer' "$TMPD/boot.log")" ||
	pass "no rogue offer reached the client ($(grep -c '^offer' "$TMPD/boot.log") offers, all 10.78.0.1)"
rogue1=$(drops pr dhcp_guard)
[ "$rogue1" -gt "$rogue0" ] && pass "port pr: dhcp_guard dropped $((rogue1 - rogue0))" ||
	fail "port pr dhcp_guard $rogue0 -> $rogue1"
[ "$(drops pl mac_spoof)" = 0 ] && [ "$(drops pl dhcp_guard)" = 0 ] &&
	pass "port pl: the booting client lost nothing to either guard" ||
	fail "port pl: mac_spoof $(drops pl mac_spoof) dhcp_guard $(drops pl dhcp_guard)"

# Without the guard the rogue's offers do reach the client: the check
# above can fail.
ctl port set pr dhcp-guard off
timeout 60 "$GUEST" "$LSOCK" --pxe --dhcp-only >"$TMPD/noguard.log" 2>&1
grep -q "^offer from 10\.78\.0\.66" "$TMPD/noguard.log" &&
	pass "guard off: the rogue's offer reaches the client" ||
	fail "guard off, yet no rogue offer: $(grep '^offer' "$TMPD/noguard.log")"
ctl port set pr dhcp-guard on

# A client sending from another MAC than its ROM's: the MAC guard drops
# its DISCOVERs, it gets no offer.
spoof0=$(drops pl mac_spoof)
timeout 60 "$GUEST" "$LSOCK" --pxe --dhcp-only --discovers 3 --src-mac 02:5a:5a:5a:5a:01 \
	>"$TMPD/spoof.log" 2>&1 &&
	fail "a spoofing client got a lease: $(cat "$TMPD/spoof.log")" ||
	{ grep -q "^no DHCP offer" "$TMPD/spoof.log" &&
	  pass "a client sending from 02:5a:5a:5a:5a:01 got no offer" ||
	  fail "spoofing client: $(cat "$TMPD/spoof.log")"; }
spoof1=$(drops pl mac_spoof)
[ "$spoof1" -gt "$spoof0" ] && pass "port pl: mac_spoof dropped $((spoof1 - spoof0))" ||
	fail "port pl mac_spoof $spoof0 -> $spoof1"
exit $ret
