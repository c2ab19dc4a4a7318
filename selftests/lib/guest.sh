# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The real guest of the selftests: Debian's own kernel (linux-image-amd64;
# selftests/vm/fetch-kernel.sh) with busybox in a cpio initramfs whose
# /init is selftests/vm/guest-init.sh, in QEMU (TCG, or KVM where there
# is /dev/kvm), with one virtio-net NIC on a TAP. What the guest does comes
# from its kernel command line (guest.* in guest-init.sh); it reports on
# its serial console in lines starting "GUEST ".
#
# Source after lib.sh; then guest_prepare (after vsw_lib_init), and
# boot_guest per guest. guest_stop_all from the EXIT trap kills the QEMUs
# still running. Users: test_guest.sh, test_qemu.sh, test_libvirt.sh.
#
#   GUEST_KERNEL  bookworm (6.1, default) or bookworm-backports (6.12)
#   QEMU          the QEMU binary (default qemu-system-x86_64)
#   GUEST_WAIT    seconds for each transfer of the guest (default 30)

GUEST_KERNEL=${GUEST_KERNEL:-bookworm}
QEMU=${QEMU:-qemu-system-x86_64}
WAIT=${GUEST_WAIT:-30}
QEMU_PIDS=()

# Cannot run: a skip that says why (run.sh fails it under CI).
cannot() {
	log "cannot run: $*"
	exit 4
}

# guest_need: QEMU and /dev/net/tun, else cannot. Before vsw_lib_init.
guest_need() {
	command -v "$QEMU" >/dev/null || cannot "no $QEMU (make deps installs qemu-system-x86)"
	[ -e /dev/net/tun ] || cannot "no /dev/net/tun"
}

# guest_prepare: the kernel ($KDIR, fetched or cached) and the initramfs
# ($INITRD, in $TMPD); QEMU's acceleration in ACCEL.
guest_prepare() {
	local flog="$TMPD/fetch-kernel.log"
	KDIR=$("$VSW_TOP/selftests/vm/fetch-kernel.sh" "$GUEST_KERNEL" 2>"$flog" | tail -n1)
	[ -n "$KDIR" ] && [ -s "$KDIR/vmlinuz" ] || cannot "no guest kernel: $(tail -n3 "$flog")"
	INITRD="$TMPD/guest.gz"
	"$VSW_TOP/selftests/vm/mkinitramfs.sh" "$KDIR" "$VSW_TOP/selftests/vm/guest-init.sh" \
		"$INITRD" virtio_pci virtio_net >"$TMPD/mkinitramfs.log" 2>&1 ||
		cannot "guest initramfs: $(cat "$TMPD/mkinitramfs.log")"
	# shellcheck disable=SC2054 # QEMU's own commas
	ACCEL=(-accel tcg,thread=multi -cpu max)
	[ -w /dev/kvm ] && ACCEL=(-accel kvm -cpu host)
}

# guest_qemu_args NAME NETDEV MAC ARGS...: QEMU's command line for guest
# NAME (console in $TMPD/NAME.log), its only network a virtio-net NIC with
# MAC on '-netdev tap,id=n0,NETDEV' (ifname=..., script=..., ...), ARGS on
# its kernel command line. In the array QEMU_ARGS.
guest_qemu_args() {
	local name=$1 netdev=$2 mac=$3
	shift 3
	QEMU_ARGS=("${ACCEL[@]}" -smp 1 -m 384
		-nodefaults -nographic -no-reboot -monitor none -serial "file:$TMPD/$name.log"
		-kernel "$KDIR/vmlinuz" -initrd "$INITRD"
		-append "console=ttyS0 quiet panic=-1 guest.wait=$WAIT $*"
		-netdev "tap,id=n0,$netdev,vhost=off"
		-device "virtio-net-pci,netdev=n0,mac=$mac")
}

# boot_guest NAME NETDEV MAC ARGS...: QEMU in the background, with a
# time limit; QEMU's own output in $TMPD/NAME.qemu.
boot_guest() {
	guest_qemu_args "$@"
	timeout -k 5 $((WAIT * 3 + 120)) "$QEMU" "${QEMU_ARGS[@]}" \
		</dev/null >"$TMPD/$1.qemu" 2>&1 &
	QEMU_PIDS+=($!)
}

guest_stop_all() {
	local p
	for p in "${QEMU_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${QEMU_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	QEMU_PIDS=()
}

guest_done() { grep -q '^GUEST done' "$TMPD/$1.log" 2>/dev/null; }

# guest_wait NAME: until it reports done or its QEMU has gone.
guest_wait() {
	local name=$1 tries=$(( (WAIT * 3 + 120) * 2 ))
	while ! guest_done "$name" && [ $tries -gt 0 ]; do
		pgrep -f "serial file:$TMPD/$name.log" >/dev/null || break
		sleep 0.5
		tries=$((tries - 1))
	done
	guest_done "$name" || fail "guest $name did not finish: $(tail -n5 "$TMPD/$name.log" | tr '\r\n' '  ') $(cat "$TMPD/$name.qemu" 2>/dev/null)"
}

# guest_line NAME WHAT: the fields after "GUEST WHAT " in its console.
guest_line() { tr -d '\r' <"$TMPD/$1.log" | sed -n "s/^GUEST $2 //p" | tail -n1; }

# nc_said NAME WHAT: how the guest's nc ended, in words.
nc_said() {
	case "$(guest_line "$1" "$2 exit")" in
	124 | 143) echo "timed out after ${WAIT}s" ;;
	"") echo "no report" ;;
	*) echo "exit $(guest_line "$1" "$2 exit")" ;;
	esac
}

# show_guests NAME...: on failure, what the guests said.
show_guests() {
	local g
	[ "$ret" = 0 ] && return
	for g in "$@"; do
		[ -s "$TMPD/$g.log" ] || continue
		log "---- $g console (GUEST lines)"
		grep -a '^GUEST' "$TMPD/$g.log" | tr -d '\r' | sed 's/^/    /'
	done
}
