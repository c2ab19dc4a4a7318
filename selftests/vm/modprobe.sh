#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The kernel matrix's modprobe (/proc/sys/kernel/modprobe in the VM): the
# host's root has no modules for the booted kernel, so the kernel's own
# requests (a veth, a TAP, a macvlan ...) are served from the cache that
# vsw.modules= on the command line names (DIR/REL/...), through the
# host's modprobe.
for arg in $(cat /proc/cmdline); do
	case "$arg" in vsw.modules=*) dir=${arg#vsw.modules=} ;; esac
done
exec /sbin/modprobe -d "${dir%/lib/modules}" "$@"
