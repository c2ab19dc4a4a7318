#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The Debian package, as an operator gets it: built from a copy of this
# tree with 'dpkg-buildpackage -us -uc -b' (debian/), installed with
# dpkg -i, and then:
#   - every file is where Debian puts it; /etc/vsw/vswd.conf a conffile;
#   - systemd-analyze verify passes on the installed vswd.service (its
#     ExecStart, its man pages: man finds vswd(8) and vswctl(8));
#   - /usr/sbin/vswd runs (its own socket, state and bpffs here), and
#     /usr/bin/vswctl loads a shipped extension by name from
#     /usr/lib/vsw/ext; the installed bash completion names its switch;
#   - dpkg --purge leaves none of the package's files, no /etc/vsw and no
#     /var/lib/vsw behind.
# The package is installed on this machine for the test and purged at the
# end, also on failure. A vsw package installed before is left alone: the
# test skips (which fails under CI). An existing /var/lib/vsw (a vswd run
# from the build on its defaults) is put aside and back.
source "$(dirname "$0")/lib/lib.sh"
source "$VSW_TOP/selftests/lib/vswd.sh"

# Cannot run: a skip that says why (run.sh fails it under CI).
cannot() {
	log "cannot run: $*"
	exit 4
}
for t in dpkg-buildpackage dh systemd-analyze man; do
	command -v "$t" >/dev/null || cannot "no $t (make deps installs debhelper, dpkg-dev, systemd, man-db)"
done
dpkg-query -W -f='${Status}' vsw 2>/dev/null | grep -q 'ok installed' &&
	cannot "a vsw package is installed on this machine; the test installs and purges its own"
dpkg-checkbuilddeps "$VSW_TOP/debian/control" 2>"/tmp/vsw-deb-deps-$SUFFIX" ||
	{ d=$(cat "/tmp/vsw-deb-deps-$SUFFIX"); rm -f "/tmp/vsw-deb-deps-$SUFFIX"; cannot "$d"; }
rm -f "/tmp/vsw-deb-deps-$SUFFIX"

INSTALLED=
finish() {
	stop_vswd
	[ -n "$INSTALLED" ] && dpkg --purge vsw >/dev/null 2>&1
	[ -d "$TMPD/varlib" ] && rm -rf /var/lib/vsw && mv "$TMPD/varlib" /var/lib/vsw
	cleanup
}
vsw_lib_init
trap finish EXIT
[ -e /var/lib/vsw ] && mv /var/lib/vsw "$TMPD/varlib"

# Build from a copy of the tree as it is (tracked and new files, not build/).
VERSION=$(dpkg-parsechangelog -l "$VSW_TOP/debian/changelog" -S Version)
SRC="$TMPD/vsw-$VERSION"
mkdir "$SRC"
(cd "$VSW_TOP" && git ls-files -co --exclude-standard -z | tar -cf - --null -T -) | tar -xf - -C "$SRC"
start=$(date +%s)
(cd "$SRC" && dpkg-buildpackage -us -uc -b -j2) >"$TMPD/build.log" 2>&1 ||
	{ fail "dpkg-buildpackage: $(tail -n 20 "$TMPD/build.log")"; exit 1; }
DEB="$TMPD/vsw_${VERSION}_$(dpkg --print-architecture).deb"
[ -s "$DEB" ] || { fail "no $DEB after the build"; exit 1; }
pass "dpkg-buildpackage -us -uc -b: $(basename "$DEB") in $(($(date +%s) - start))s"

out=$(dpkg -i "$DEB" 2>&1) || { fail "dpkg -i: $out"; exit 1; }
INSTALLED=1
pass "dpkg -i $(basename "$DEB")"
for f in /usr/sbin/vswd /usr/bin/vswctl /usr/sbin/vsw-qemu-ifup /usr/sbin/vsw-qemu-ifdown /usr/lib/cni/vsw /usr/lib/vsw/vsw.bpf.o /usr/lib/vsw/legacy_xsk.bpf.o \
	/usr/lib/vsw/ext/drop_ethertype.bpf.o /lib/systemd/system/vswd.service \
	/usr/share/man/man8/vswd.8.gz /usr/share/man/man8/vswctl.8.gz \
	/usr/share/bash-completion/completions/vswctl /etc/vsw/vswd.conf \
	/usr/share/doc/vsw/operator-guide.md.gz /usr/share/vsw/vsw-alerts.yml \
	/usr/share/vsw/vsw-dashboard.json; do
	[ -e "$f" ] || fail "the package has no $f"
done
dpkg-query --showformat='${Conffiles}\n' --show vsw | grep -q ' /etc/vsw/vswd.conf ' ||
	fail "/etc/vsw/vswd.conf is not a conffile"
[ "$(man -w vswd 2>&1)" = /usr/share/man/man8/vswd.8.gz ] &&
	[ "$(man -w vswctl 2>&1)" = /usr/share/man/man8/vswctl.8.gz ] &&
	pass "man finds vswd(8) and vswctl(8)" || fail "man -w: $(man -w vswd vswctl 2>&1)"
out=$(systemd-analyze verify /lib/systemd/system/vswd.service 2>&1)
[ -z "$out" ] && pass "systemd-analyze verify vswd.service: clean" ||
	fail "systemd-analyze verify vswd.service: $out"

# The installed programs, on a socket of the test's own.
VSWD=/usr/sbin/vswd VSWCTL=/usr/bin/vswctl VSWD_DEFAULT_EXT=1
start_vswd || { fail "/usr/sbin/vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
out=$( { ctl switch add sw0 && cd / && ctl ext add sw0 no-v6 kind filter stage ingress \
	object drop_ethertype.bpf.o program drop_ethertype_in set ethertype=0x86dd; } 2>&1) ||
	fail "installed vswd and vswctl: $out"
obj=$(ctl -j ext show sw0 no-v6 2>/dev/null | jq -r '.[0].object')
[ "$obj" = /usr/lib/vsw/ext/drop_ethertype.bpf.o ] &&
	pass "/usr/sbin/vswd runs; vswctl finds drop_ethertype.bpf.o in /usr/lib/vsw/ext, vswd's default" ||
	fail "the extension's object: '$obj'"
got=$(bash -c 'source /usr/share/bash-completion/completions/vswctl
	COMP_WORDS=(vswctl -s "$1" switch del ""); COMP_CWORD=5; _vswctl; echo "${COMPREPLY[*]}"' \
	_ "$SOCK")
[ "$got" = sw0 ] && pass "the installed completion names the switch" ||
	fail "the installed completion offers '$got' for 'switch del'"
ctl switch del sw0 force >/dev/null
stop_vswd

# Purge: nothing of it stays.
mkdir -p /var/lib/vsw && echo '{}' >/var/lib/vsw/vswd.json # as vswd would leave it
files=$(dpkg -L vsw | while read -r f; do [ -f "$f" ] && echo "$f"; done)
out=$(dpkg --purge vsw 2>&1) || fail "dpkg --purge: $out"
INSTALLED=
left=$(for f in $files /etc/vsw /var/lib/vsw; do [ -e "$f" ] && echo "$f"; done)
[ -z "$left" ] && pass "dpkg --purge removes all $(wc -w <<<"$files") files, /etc/vsw, /var/lib/vsw" ||
	fail "after dpkg --purge: $(echo $left)"
ls /etc/systemd/system/*.wants/vswd.service >/dev/null 2>&1 &&
	fail "after dpkg --purge vswd.service is still enabled"
exit $ret
