#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# /init of the kernel matrix's initramfs (busybox): load the modules that
# reach the host's root over virtio-9p, mount that root read-only with
# tmpfs on /tmp and /run, the results share (writable) on
# /tmp/vsw-results, then chroot into it and run vsw.run=SCRIPT from the
# kernel command line. The kernel's module requests go to vsw.modprobe=,
# a modprobe for the kernel's own modules (selftests/vm/modprobe.sh).
# Whatever happens, the machine powers off at the end.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

say() { echo "vsw-vm: $*"; }
bail() {
	say "FATAL: $*"
	echo o >/proc/sysrq-trigger
	sleep 10
}

for m in $(cat /modules/order); do
	insmod "/modules/$m" || say "insmod $m failed"
done

run= modprobe=
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	vsw.run=*) run=${arg#vsw.run=} ;;
	vsw.modprobe=*) modprobe=${arg#vsw.modprobe=} ;;
	esac
done
[ -n "$run" ] || bail "no vsw.run= on the command line"

R=/newroot
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot $R ||
	bail "cannot mount the host's root over 9p"
mount -t tmpfs -o mode=1777 tmpfs $R/tmp || bail "tmpfs on /tmp"
mount -t tmpfs -o mode=755 tmpfs $R/run || bail "tmpfs on /run"
mkdir $R/tmp/vsw-results
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results $R/tmp/vsw-results ||
	bail "cannot mount the results share"
# Its path is looked up in the chroot: pid 1 shares its root with the
# kernel threads that run the kernel's module requests.
[ -n "$modprobe" ] && echo "$modprobe" >/proc/sys/kernel/modprobe
mount --move /proc $R/proc
mount --move /sys $R/sys
mount --move /dev $R/dev
say "chroot, running $run"
exec chroot $R /bin/bash -c "$run; echo o >/proc/sysrq-trigger; sleep 10"
