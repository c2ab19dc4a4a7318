#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Real guests on VM NICs, made through vswd and vswctl as a user would:
# Debian's own kernel (linux-image-amd64, 6.1; selftests/vm/fetch-kernel.sh)
# with busybox in a cpio initramfs, in QEMU, on the TAP of a vm NIC, with
# virtio-net's default offloads (checksum, TSO: frames flagged NEEDS_CSUM
# and GSO frames far above the MTU reach the switch). The guest pings the
# host, then sends 20 MiB over TCP to the host and reads 20 MiB back; the
# host counts the bytes at its socket and compares SHA-256 sums with what
# the guest reports on its serial console. Then two guests on one switch
# do the same to each other, jumbo: their vm NICs and eth0s at MTU 9000,
# pinging with 9000-byte packets (dropped as `mtu` at the switch if the
# NIC's MTU were not followed).
#
#   hh (10.78.0.1) -- host NIC -- ph \
#   g1 (10.78.0.11) -- vm NIC (TAP, virtio-net) -- p1  sw0 (vswd)
#   g2 (10.78.0.12) -- vm NIC -- p2                  /
#   g3 (10.78.0.13) -- vm NIC -- p3                 /
#
# The guests' QEMU has only that TAP: no other network. Needs
# qemu-system-x86, busybox-static, cpio (make deps) and Debian's archive
# for the kernel package (cached under build/kernels). Without them the
# test skips, which selftests/run.sh counts as a failure under CI. GUEST_KERNEL=bookworm-backports picks
# 6.12; GUEST_VIA=bridge runs the same checks through a Linux bridge
# instead of vsw (the harness's own control).
source "$(dirname "$0")/lib/lib.sh"
source "$VSW_TOP/selftests/lib/guest.sh"

VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
SOCK="/run/vsw-selftest-$SUFFIX.sock"
GUEST_VIA=${GUEST_VIA:-vsw}
SIZE=$((20 << 20))
VSWD_PID=
TAPS=()
BR="vbr$SUFFIX"
ctl() { "$VSWCTL" -s "$SOCK" "$@"; }

stop_all() {
	local t
	guest_stop_all
	[ -n "$VSWD_PID" ] && kill "$VSWD_PID" 2>/dev/null
	wait 2>/dev/null
	ip link del "vsw-hh-$SUFFIX" 2>/dev/null
	for t in "${TAPS[@]}"; do ip link del "$t" 2>/dev/null; done
	ip link del "$BR" 2>/dev/null
	rm -f "$SOCK"
	cleanup
}

guest_need
vsw_lib_init
trap stop_all EXIT
guest_prepare
# tap TAP: the netdev options of a guest on the existing TAP.
tap() { echo "ifname=$1,script=no,downscript=no"; }

# Switch, host NIC and vm NICs.
for g in 1 2 3; do TAPS+=("vt$g$SUFFIX"); done
new_ns "hh-$SUFFIX" || exit 1
if [ "$GUEST_VIA" = bridge ]; then
	# The control: the same guests and host through a Linux bridge.
	ip link add "$BR" type bridge && ip link set "$BR" up &&
	ip link add "vsw-hh-$SUFFIX" type veth peer name "hh-$SUFFIX" netns "hh-$SUFFIX" &&
	ip link set "vsw-hh-$SUFFIX" master "$BR" up || { fail "bridge setup"; exit 1; }
	ip -n "hh-$SUFFIX" link set "hh-$SUFFIX" up
	for t in "${TAPS[@]}"; do
		ip tuntap add "$t" mode tap vnet_hdr && ip link set "$t" mtu 9000 master "$BR" up ||
			{ fail "TAP $t"; exit 1; }
	done
else
	"$VSWD" --state-dir "$TMPD/state" --socket "$SOCK" --bpffs "$BPFFS" --metrics none \
		>>"$TMPD/vswd.log" 2>&1 &
	VSWD_PID=$!
	wait_for 100 ctl version >/dev/null || { fail "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
	out=$( { ctl switch add sw0 && ctl port add ph switch sw0 &&
		ctl nic add "hh-$SUFFIX" type host netns "hh-$SUFFIX" &&
		ctl nic connect "hh-$SUFFIX" port ph &&
		for g in 1 2 3; do
			ctl port add "p$g" switch sw0 &&
			ctl nic add "g$g-$SUFFIX" type vm tap "vt$g$SUFFIX" mac "52:54:00:78:00:1$g" \
				$([ $g = 1 ] || echo mtu 9000) &&
			ctl nic connect "g$g-$SUFFIX" port "p$g" || exit 1
		done; } 2>&1) || { fail "setup through vswctl: $out"; exit 1; }
fi
ip -n "hh-$SUFFIX" addr add 10.78.0.1/24 dev "hh-$SUFFIX"
XFER="$VSW_TOP/selftests/lib/tcp_xfer.py"
head -c $SIZE /dev/urandom >"$TMPD/data"
want=$(sha256sum "$TMPD/data" | cut -d' ' -f1)

# 1. Guest g1 and the host: ping, 20 MiB each way.
hexec hh "$PY" "$XFER" sink 5001 $((WAIT + 30)) >"$TMPD/sink" 2>&1 &
SINK=$!
hexec hh "$PY" "$XFER" source 5002 "$TMPD/data" $((WAIT * 2 + 30)) >"$TMPD/source" 2>&1 &
SOURCE=$!
wait_for 100 grep -q ready "$TMPD/sink" && wait_for 100 grep -q ready "$TMPD/source" ||
	{ fail "host listeners"; exit 1; }
boot_guest g1 "$(tap "vt1$SUFFIX")" 52:54:00:78:00:11 \
	guest.ip=10.78.0.11/24 guest.peer=10.78.0.1 guest.role=host guest.rx=5001 guest.tx=5002
guest_wait g1
log "g1: $(guest_line g1 up)"
[ "$(guest_line g1 ping)" = 5/5 ] && pass "g1 pings the host 5/5" ||
	fail "g1 pings the host: $(guest_line g1 ping || echo none) of 5"

wait "$SINK"
read -r _ bytes _ sum _ conn < <(grep '^bytes ' "$TMPD/sink")
read -r gbytes _ gsum < <(guest_line g1 "tx bytes")
if [ "$conn" != 1 ]; then
	fail "TCP g1 -> host: no connection reached the host (0 of $SIZE bytes; the guest's nc: $(nc_said g1 tx))"
elif [ "$bytes" = "$SIZE" ] && [ "$sum" = "$gsum" ] && [ "$gbytes" = "$SIZE" ]; then
	pass "TCP g1 -> host: $SIZE bytes, sha256 matches the guest's"
else
	fail "TCP g1 -> host: the host received ${bytes:-0} of ${gbytes:-?} bytes (sha256 ${sum:-none}, the guest's ${gsum:-none})"
fi
kill "$SOURCE" 2>/dev/null; wait "$SOURCE" 2>/dev/null
read -r rbytes _ rsum < <(guest_line g1 "rx bytes")
if [ "$rbytes" = "$SIZE" ] && [ "$rsum" = "$want" ]; then
	pass "TCP host -> g1: $SIZE bytes, sha256 matches"
else
	fail "TCP host -> g1: the guest received ${rbytes:-0} of $SIZE bytes (sha256 ${rsum:-none}; its nc: $(nc_said g1 rx))"
fi

# 2. Guest to guest on one switch, at MTU 9000: g2 listens, g3 sends.
boot_guest g2 "$(tap "vt2$SUFFIX")" 52:54:00:78:00:12 guest.mtu=9000 \
	guest.ip=10.78.0.12/24 guest.peer=10.78.0.13 guest.role=listen guest.port=5003
boot_guest g3 "$(tap "vt3$SUFFIX")" 52:54:00:78:00:13 guest.mtu=9000 \
	guest.ip=10.78.0.13/24 guest.peer=10.78.0.12 guest.role=send guest.port=5003
guest_wait g3
guest_wait g2
[ "$(guest_line g3 ping)" = 5/5 ] && pass "g3 pings g2 5/5 with 9000-byte packets (MTU 9000)" ||
	fail "g3 pings g2 with 9000-byte packets: $(guest_line g3 ping || echo none) answered ($(guest_line g3 up))"
if [ -n "$VSWD_PID" ]; then
	drops=$(for p in p2 p3; do ctl -j stats port $p; done |
		"$PY" -c 'import json,sys; print(sum(json.loads(l)[0]["drops"]["mtu"] for l in sys.stdin))')
	[ "$drops" = 0 ] && pass "no mtu drops on p2, p3" || fail "mtu drops on p2, p3: $drops"
fi
read -r sbytes _ ssum < <(guest_line g3 "tx bytes")
read -r rbytes _ rsum < <(guest_line g2 "rx bytes")
if [ "$sbytes" = "$SIZE" ] && [ "$rbytes" = "$SIZE" ] && [ "$rsum" = "$ssum" ]; then
	pass "TCP g3 -> g2: $SIZE bytes, sha256 matches"
else
	fail "TCP g3 -> g2: g2 received ${rbytes:-0} of ${sbytes:-?} bytes (sha256 ${rsum:-none}, g3's ${ssum:-none}; g3's nc: $(nc_said g3 tx))"
fi
show_guests g1 g2 g3
[ -n "$VSWD_PID" ] && log "$(ctl stats port 2>&1 | head -n 20)"
exit $ret
