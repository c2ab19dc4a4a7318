#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The kernel matrix (make check-kernels; docs/kernels.md). For each kernel
# of $KERNELS (default: bookworm bookworm-backports, Debian's 6.1 and
# 6.12), fetched from Debian's archive by fetch-kernel.sh:
#
#   host                              QEMU (KVM if /dev/kvm, else TCG)
#   /        --- 9p, read-only  --->  busybox initramfs -> chroot into it
#   results  --- 9p, writable   --->  /tmp/vsw-results
#   console  <-- serial ---------     selftests/vm/in-vm.sh: load, verifier,
#                                     datapath tests, forwarding selftests,
#                                     traffic
#
# The machine has no network device at all (-nic none): nothing it runs can
# reach outside. Prints per kernel what passed; fails if any kernel failed
# any step, or did not report (a boot that never got there fails too).
#
# Environment: KERNELS="bookworm ..." to choose; VM_TIMEOUT (seconds per
# kernel, default 600); VM_MEM (MiB, default 2048); VM_SELFTESTS (a
# comma-separated list of selftests/test_*.sh to run inside); VM_UNIT (the
# same for the datapath step: build/tests/ binaries, each with an optional
# :FILTER, Criterion's); V=1 prints
# each kernel's logs.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
VM="$TOP/selftests/vm"
CACHE=${VSW_KERNEL_CACHE:-$TOP/build/kernels}
KERNELS=${KERNELS:-bookworm bookworm-backports}
VM_TIMEOUT=${VM_TIMEOUT:-600}
VM_MEM=${VM_MEM:-2048}
QEMU=${QEMU:-qemu-system-x86_64}
# What reaches the host's root over 9p; modules.dep adds what each version
# needs beneath them (6.1: netfs and fscache; 6.12: netfs, fscache being
# part of it). Everything else the tests use (veth, tun, macvlan, ...) the
# kernel loads on demand, through the host's modprobe, from its own tree
# in the cache (selftests/vm/modprobe.sh).
BOOT_MODULES="virtio_pci 9pnet_virtio 9p"

[ "$(id -u)" = 0 ] || { echo "check-kernels: needs root (QEMU's 9p shares the whole root)"; exit 1; }
command -v "$QEMU" >/dev/null || { echo "check-kernels: no $QEMU (make deps)"; exit 1; }
for f in "$TOP/build/vsw.bpf.o" "$TOP/build/vm-verify" "$TOP/build/tests/test_verifier" \
	"$TOP/build/vsw-dp" "$TOP/build/vswd"; do
	[ -e "$f" ] || { echo "check-kernels: no $f (make first)"; exit 1; }
done

ACCEL=(-accel tcg,thread=multi -cpu max)
[ -w /dev/kvm ] && ACCEL=(-accel kvm -cpu host)
RUNS=$(mktemp -d /tmp/vsw-kernels.XXXXXX)
QEMU_PIDS=()
cleanup() {
	local p
	for p in "${QEMU_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$RUNS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failed=0
declare -a report=()
start_all=$(date +%s)
for k in $KERNELS; do
	start=$(date +%s)
	kdir=$("$VM/fetch-kernel.sh" "$k" | tail -n1) ||
		{ report+=("$k: FAIL: could not fetch the kernel"); failed=1; continue; }
	rel=$(cat "$kdir/release")
	ird="$kdir/initramfs-hostroot.gz"
	# Modules that a kernel has built in are left out by mkinitramfs.
	if [ ! -s "$ird" ] || [ "$VM/init-hostroot.sh" -nt "$ird" ] || [ "$VM/mkinitramfs.sh" -nt "$ird" ]; then
		"$VM/mkinitramfs.sh" "$kdir" "$VM/init-hostroot.sh" "$ird" $BOOT_MODULES ||
			{ report+=("$k: FAIL: initramfs"); failed=1; continue; }
	fi
	res="$RUNS/$k"
	mkdir -p "$res"
	echo "== $k ($(cat "$kdir/package"), $rel): booting"
	append="console=ttyS0 panic=-1 oops=panic quiet loglevel=4 vsw.run=$VM/in-vm.sh"
	append+=" vsw.modules=$kdir/lib/modules vsw.modprobe=$VM/modprobe.sh"
	[ -n "${VM_SELFTESTS:-}" ] && append+=" vsw.selftests=$VM_SELFTESTS"
	[ -n "${VM_UNIT:-}" ] && append+=" vsw.unit=$VM_UNIT"
	[ -n "${CI:-}" ] && append+=" CI=$CI"
	timeout --foreground -k 5 "$VM_TIMEOUT" "$QEMU" "${ACCEL[@]}" -smp 2 -m "$VM_MEM" \
		-nodefaults -nographic -no-reboot -nic none \
		-kernel "$kdir/vmlinuz" -initrd "$ird" -append "$append" \
		-serial "file:$res/console.log" -monitor none \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=hostroot \
		-fsdev local,id=res,path="$res",security_model=none,multidevs=remap \
		-device virtio-9p-pci,fsdev=res,mount_tag=results \
		</dev/null >"$res/qemu.log" 2>&1 &
	QEMU_PIDS+=($!)
	wait "${QEMU_PIDS[-1]}"
	qrc=$?
	secs=$(( $(date +%s) - start ))
	line="$k ($rel, ${secs}s):"
	kfail=0 steps=
	if [ ! -s "$res/summary" ]; then
		kfail=1
		why="no results"
		[ $qrc = 124 ] && why="timed out after ${VM_TIMEOUT}s"
		line+=" FAIL: $why; console: $(grep -E 'vsw-vm|Kernel panic|FATAL' "$res/console.log" | tail -n3 | tr '\n' ' ')"
	else
		while read -r step verdict detail; do
			[ "$step" = "done" ] && continue
			line+=$'\n'"    $step $verdict${detail:+: $detail}"
			steps+="${steps:+, }$step $verdict"
			[ "$verdict" = PASS ] || kfail=1
		done <"$res/summary"
		grep -qx "done" "$res/summary" || { kfail=1; line+=$'\n'"    (did not finish: timed out after ${VM_TIMEOUT}s?)"; }
	fi
	[ $kfail = 0 ] && line="PASS $line" || { line="FAIL $line"; failed=1; }
	report+=("${line%%$'\n'*}${steps:+ $steps}")
	echo "$line"
	mkdir -p "$CACHE/results"
	rm -rf "$CACHE/results/$k"
	cp -r "$res" "$CACHE/results/$k"
	if [ -n "${V:-}" ] || [ $kfail = 1 ]; then
		echo "    (logs: build/kernels/results/$k/)"
	fi
	[ -n "${V:-}" ] && for f in "$res"/*.log; do echo "---- $f"; sed 's/^/    /' "$f"; done
done

echo
echo "== kernel matrix ($(( $(date +%s) - start_all ))s)"
for l in "${report[@]}"; do echo "$l"; done
[ $failed = 0 ] && echo "check-kernels: every kernel passed" || echo "check-kernels: FAILED"
exit $failed
