#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# libvirt domains on vsw ports, with Debian's libvirtd started by the test
# and the real guest of selftests/lib/guest.sh as a QEMU TCG domain:
#
#   hh (10.83.0.1) -- host NIC -- ph \
#                                     sw0 (vswd)
#   d1 (10.83.0.11) -- vm NIC lv1 -- p1 /   <interface type='ethernet'>
#                                            <target dev='lv1' managed='no'/>
#   d2 (10.83.0.12) -- TAP p2 ------- p2 /   <interface type='ethernet'>
#                                            <target dev='p2'/> + <script>,
#                                            <downscript>: vsw-qemu-ifup
#
#   1. a vm NIC that vswd made, given to the domain unmanaged: its port is
#      down while the domain is defined but not running; 'virsh start'
#      brings the guest up on it (it pings the host through the switch,
#      the port's link is up); 'virsh destroy' takes the port's link down,
#      and the NIC stays for the next start;
#   2. a TAP that libvirt makes, connected by vsw-qemu-ifup as the
#      domain's <script> (the port named like the TAP) and removed by
#      its <downscript>: the guest pings the host; after 'virsh destroy'
#      the NIC is gone and the port is down.
# libvirtd runs in a mount namespace of the test's own: its /etc/libvirt,
# /run/libvirt, /var/lib/libvirt, /var/log/libvirt and /var/cache/libvirt
# are tmpfs there (a system libvirtd, if any, is not touched), with a
# qemu.conf for root without cgroups, namespaces or a security driver.
# The domains are destroyed and undefined, libvirtd stopped, on any exit.
if [ -z "${VSW_LIBVIRT_MNTNS:-}" ]; then
	VSW_LIBVIRT_MNTNS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
source "$(dirname "$0")/lib/lib.sh"
source "$VSW_TOP/selftests/lib/vswd.sh"
source "$VSW_TOP/selftests/lib/guest.sh"

command -v libvirtd >/dev/null && command -v virsh >/dev/null ||
	cannot "no libvirtd or virsh (make deps installs libvirt-daemon-driver-qemu, libvirt-clients)"
guest_need
LIBVIRTD_PID=
DOMS=()
virsh() { command virsh -q -c qemu:///system "$@"; }
finish() {
	local d
	for d in "${DOMS[@]}"; do
		virsh destroy "$d" >/dev/null 2>&1
		virsh undefine "$d" >/dev/null 2>&1
	done
	[ -n "$LIBVIRTD_PID" ] && kill "$LIBVIRTD_PID" 2>/dev/null && wait "$LIBVIRTD_PID" 2>/dev/null
	stop_vswd "hh-$SUFFIX"
	ip link del "lv1$SUFFIX" 2>/dev/null
	ip link del "p2$SUFFIX" 2>/dev/null
	cleanup
}
vsw_lib_init
trap finish EXIT
guest_prepare

# libvirt's directories, private to this mount namespace.
for d in /etc/libvirt /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt; do
	mkdir -p "$d" && mount -t tmpfs tmpfs "$d" || cannot "cannot mount a tmpfs on $d"
done
# Debian's libvirtd parses its built-in QEMU user before it reads qemu.conf;
# libvirt-daemon-system would create that user. Here it is in a passwd
# and group of this mount namespace only.
if ! getent passwd libvirt-qemu >/dev/null; then
	cp /etc/passwd "$TMPD/passwd" && cp /etc/group "$TMPD/group" &&
	echo "libvirt-qemu:x:64055:64055:libvirt qemu (test):/nonexistent:/usr/sbin/nologin" >>"$TMPD/passwd" &&
	echo "libvirt-qemu:x:64055:" >>"$TMPD/group" &&
	mount --bind "$TMPD/passwd" /etc/passwd && mount --bind "$TMPD/group" /etc/group ||
		cannot "cannot give this mount namespace a libvirt-qemu user"
fi
cat >/etc/libvirt/libvirtd.conf <<EOF
auth_unix_rw = "none"
auth_unix_ro = "none"
EOF
cat >/etc/libvirt/qemu.conf <<EOF
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
EOF
libvirtd --config /etc/libvirt/libvirtd.conf >"$TMPD/libvirtd.log" 2>&1 &
LIBVIRTD_PID=$!
wait_for 300 virsh version >/dev/null || { fail "libvirtd did not start: $(tail -n5 "$TMPD/libvirtd.log")"; exit 1; }
pass "libvirtd $(libvirtd --version | awk '{ print $NF }') started (its own mount namespace)"

start_vswd || { fail "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
new_ns "hh-$SUFFIX" || exit 1
out=$( { ctl switch add sw0 && ctl port add ph switch sw0 && ctl port add p1 switch sw0 &&
	ctl port add "p2$SUFFIX" switch sw0 &&
	ctl nic add "hh-$SUFFIX" type host netns "hh-$SUFFIX" && ctl nic connect "hh-$SUFFIX" port ph &&
	ctl nic add "lv1$SUFFIX" type vm mac 52:54:00:83:00:11 && ctl nic connect "lv1$SUFFIX" port p1; } 2>&1) ||
	{ fail "setup: $out"; exit 1; }
ip -n "hh-$SUFFIX" addr add 10.83.0.1/24 dev "hh-$SUFFIX"
port_link() { ctl -j port show "$1" | jq -r '.[0].link'; }

# domain NAME MAC IP INTERFACE-XML: a domain of the real guest, defined.
domain() {
	local name=$1 mac=$2 ip=$3 iface=$4
	cat >"$TMPD/$name.xml" <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>384</memory>
  <vcpu>1</vcpu>
  <cpu mode='maximum'/>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$KDIR/vmlinuz</kernel>
    <initrd>$INITRD</initrd>
    <cmdline>console=ttyS0 quiet panic=-1 guest.wait=$WAIT guest.ip=$ip/24 guest.peer=10.83.0.1 guest.role=hold</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <emulator>$(command -v "$QEMU")</emulator>
    <interface type='ethernet'>
      <mac address='$mac'/>
      $iface
      <model type='virtio'/>
    </interface>
    <serial type='file'><source path='$TMPD/$name.log'/><target port='0'/></serial>
  </devices>
</domain>
EOF
	DOMS+=("$name")
	out=$(virsh define "$TMPD/$name.xml" 2>&1) || { fail "virsh define $name: $out"; return 1; }
}
# up NAME: until the guest has reported its ping (or 3 minutes).
up() { wait_for 1800 grep -q '^GUEST ping' "$TMPD/$1.log"; }

# ---- 1. an unmanaged TAP: a vm NIC that vswd made
D1="vswd1-$SUFFIX"
domain "$D1" 52:54:00:83:00:11 10.83.0.11 "<target dev='lv1$SUFFIX' managed='no'/>" || exit 1
[ "$(port_link p1)" = down ] && pass "defined, not running: p1 is down" ||
	fail "p1 before virsh start: $(port_link p1)"
out=$(virsh start "$D1" 2>&1) || { fail "virsh start $D1: $out $(tail -n3 "$TMPD/libvirtd.log")"; exit 1; }
start=$(date +%s)
up "$D1" || fail "$D1 did not report: $(tail -n3 "$TMPD/$D1.log" 2>&1)"
[ "$(guest_line "$D1" ping)" = 5/5 ] && [ "$(port_link p1)" = up ] &&
	pass "virsh start: the guest pings the host 5/5 on p1, link up ($(($(date +%s) - start))s)" ||
	fail "after virsh start: ping $(guest_line "$D1" ping), p1 $(port_link p1)"
out=$(virsh destroy "$D1" 2>&1) || fail "virsh destroy: $out"
wait_for 50 eval '[ "$(port_link p1)" = down ]'
[ "$(port_link p1)" = down ] && [ -n "$(ctl nic show "lv1$SUFFIX" 2>/dev/null)" ] &&
	pass "virsh destroy: p1 is down; the vm NIC stays for the next start" ||
	fail "after virsh destroy: p1 $(port_link p1), nic $(ctl nic show "lv1$SUFFIX" 2>&1)"

# ---- 2. a TAP that libvirt makes, connected by vsw-qemu-ifup
D2="vswd2-$SUFFIX"
# libvirt runs the scripts with its own environment: a vswd on the default
# socket needs nothing, this test's own is named by a wrapper.
for s in ifup ifdown; do
	printf '#!/bin/sh\nVSW_SOCKET=%s exec %s "$@"\n' "$SOCK" "$VSW_TOP/build/vsw-qemu-$s" >"$TMPD/$s"
	chmod 755 "$TMPD/$s"
done
domain "$D2" 52:54:00:83:00:12 10.83.0.12 "<target dev='p2$SUFFIX'/>
      <script path='$TMPD/ifup'/>
      <downscript path='$TMPD/ifdown'/>" || exit 1
out=$(virsh start "$D2" 2>&1) || { fail "virsh start $D2: $out $(tail -n3 "$TMPD/libvirtd.log")"; exit 1; }
up "$D2" || fail "$D2 did not report: $(tail -n3 "$TMPD/$D2.log" 2>&1)"
nic=$(ctl -j nic show "p2$SUFFIX" 2>/dev/null | jq -r '.[0] | "\(.port) \(.link)"')
[ "$(guest_line "$D2" ping)" = 5/5 ] && [ "$nic" = "p2$SUFFIX up" ] &&
	pass "<script> vsw-qemu-ifup: TAP p2$SUFFIX on its port, the guest pings the host 5/5" ||
	fail "with <script>: ping $(guest_line "$D2" ping), nic '$nic'"
out=$(virsh destroy "$D2" 2>&1) || fail "virsh destroy $D2: $out"
wait_for 50 eval '[ -z "$(ctl nic show "p2$SUFFIX" 2>/dev/null)" ]'
[ -z "$(ctl nic show "p2$SUFFIX" 2>/dev/null)" ] && [ "$(port_link "p2$SUFFIX")" = down ] &&
	pass "virsh destroy: <downscript> removed the NIC, the port is down" ||
	fail "after virsh destroy $D2: nic $(ctl nic show "p2$SUFFIX" 2>&1), port $(port_link "p2$SUFFIX")"
show_guests "$D1" "$D2"
exit $ret
