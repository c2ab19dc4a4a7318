#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Who may do what over vswd's control socket (docs/operator-guide.md,
# "Who may do what"), and where extensions may come from. vswd runs with
# --group nogroup --group-can-write --admin-group daemon: uid 65534 in
# group nogroup is an operator, the same uid with daemon as its primary
# group (and nogroup, to reach the socket) an admin.
#
#   h (a host NIC, in its namespace) -- p1 \
#   vp (an existing veth, adopted)   -- p2  sw0 (vswd)
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

H="h-$SUFFIX"
UP="vp-$SUFFIX"
EXTD="$VSW_TOP/build/ext-test-$SUFFIX" # a directory of objects root does not vouch for
DROP="$VSW_TOP/build/ext/drop_ethertype.bpf.o"

stop_all() {
	stop_vswd "$H"
	ip link del "$UP" 2>/dev/null
	rm -rf "$EXTD"
	cleanup
}

as_operator() { setpriv --reuid=65534 --regid=65534 --clear-groups "$VSWCTL" -s "$SOCK" "$@"; }
as_admin() { setpriv --reuid=65534 --regid=1 --groups=65534 "$VSWCTL" -s "$SOCK" "$@"; }
ext_add() { # WHO NAME OBJECT
	"$1" ext add sw0 "$2" kind filter stage ingress object "$3" program drop_ethertype_in
}

vsw_lib_init
trap stop_all EXIT
start_vswd --group nogroup --group-can-write --admin-group daemon ||
	{ log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
new_ns "$H" || exit 1
ip link add "$UP" type veth peer name "vq-$SUFFIX" || exit 1

# ---- the operators' group: ordinary configuration ----
as_operator switch add sw0 && as_operator port add p1 switch sw0 vlan access 10 &&
	as_operator port add p2 switch sw0 && as_operator port set p1 mac-guard on &&
	as_operator acl add p1 dir in proto tcp lport 22 action deny >/dev/null &&
	pass "operator: switch, ports, VLAN, policy, ACL" || fail "operator's configuration refused"
as_operator nic add "$H" type host netns "$H" && as_operator nic connect "$H" port p1 &&
	pass "operator: a host NIC, connected" || fail "operator: host NIC refused"
# A capture comes over the socket: no bpffs access needed (uid 65534
# cannot open the pinned ring), only the right to operate.
ip -n "$H" addr add 10.9.0.1/24 dev "$H"
as_operator capture p1 in -c 1 -w - >"$TMPD/op.pcap" 2>"$TMPD/op.err" &
cap_pid=$!
wait_for 50 grep -q "capturing port 'p1'" "$TMPD/op.err" || fail "operator: capture did not start: $(cat "$TMPD/op.err")"
ip netns exec "$H" ping -c 2 -W 1 10.9.0.2 >/dev/null 2>&1
wait "$cap_pid" && grep -q "^vswctl: 1 frames captured, 0 lost" "$TMPD/op.err" &&
	[ "$(tcpdump -nn -r "$TMPD/op.pcap" 2>/dev/null | grep -c 'ARP, Request who-has 10.9.0.2')" = 1 ] &&
	pass "operator: a capture, without access to bpffs" ||
	fail "operator: capture: $(cat "$TMPD/op.err"; tcpdump -nn -r "$TMPD/op.pcap" 2>&1)"
expect_refused "operator: physical NIC" 1 \
	"vswctl: uid 65534 may not adopt a physical NIC (root or vswd --admin-group only) (Operation not permitted)" \
	as_operator nic add up type physical dev "$UP"
expect_refused "operator: extension" 1 \
	"vswctl: uid 65534 may not load an extension (root or vswd --admin-group only) (Operation not permitted)" \
	ext_add as_operator f1 "$DROP"
expect_absent "nothing adopted, nothing loaded" "nic up |ext f1 " \
	bash -c "'$VSWCTL' -s '$SOCK' nic show; '$VSWCTL' -s '$SOCK' ext show"

# ---- the admin group: physical NICs and extensions ----
as_admin nic add up type physical dev "$UP" && as_admin nic connect up port p2 &&
	pass "admin: a physical NIC adopted" || fail "admin: physical NIC refused"
ext_add as_admin f1 "$DROP" && pass "admin: an extension loaded" || fail "admin: extension refused"
expect_refused "operator: removing the extension" 1 \
	"vswctl: uid 65534 may not remove an extension (root or vswd --admin-group only)" \
	as_operator ext del sw0 f1
expect_refused "operator: releasing the physical NIC" 1 \
	"vswctl: uid 65534 may not release a physical NIC (root or vswd --admin-group only)" \
	as_operator nic del up force
as_operator nic disconnect up && as_operator nic connect up port p2 &&
	pass "operator: an adopted NIC connects and disconnects" || fail "operator: connect refused"
as_admin ext del sw0 f1 && as_admin nic del up force && pass "admin: both removed" ||
	fail "admin: removal refused"
grep -q "refused command .* from uid 65534 pid [0-9]*: uid 65534 may not load an extension" \
	"$TMPD/vswd.log" && pass "vswd logs the refusal" || fail "no refusal in the log"

# ---- extension objects only from root's directories ----
expect_refused "an object outside --ext-dir" 1 \
	"is not in an extension directory (vswd --ext-dir: $VSW_TOP/build/ext, $VSW_TOP/build/tests/bpf)" \
	ext_add ctl f2 "$VSW_TOP/build/vsw.bpf.o"
mkdir -m 755 "$EXTD" && cp "$DROP" "$EXTD/drop.bpf.o" && chmod 644 "$EXTD/drop.bpf.o"
kill "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
start_vswd --ext-dir "$EXTD" || fail "vswd did not restart"
ext_add ctl f2 "$EXTD/drop.bpf.o" && ctl ext del sw0 f2 && pass "root's object in root's directory" ||
	fail "a trusted object refused"
chmod g+w "$EXTD/drop.bpf.o"
expect_refused "a group-writable object" 1 \
	"extension 'f2': '$EXTD/drop.bpf.o' is writable by others than root: an extension object and every directory above it must be root's and writable by root only" \
	ext_add ctl f2 "$EXTD/drop.bpf.o"
chmod 644 "$EXTD/drop.bpf.o"; chown 65534 "$EXTD"
expect_refused "a directory of another user" 1 "extension 'f2': '$EXTD' is not root's:" \
	ext_add ctl f2 "$EXTD/drop.bpf.o"
chown 0 "$EXTD"; ln -s "$VSW_TOP/build/vsw.bpf.o" "$EXTD/link.bpf.o"
expect_refused "a link out of the directories" 1 \
	"extension 'f2': '$VSW_TOP/build/vsw.bpf.o' is not in an extension directory" \
	ext_add ctl f2 "$EXTD/link.bpf.o"
expect_absent "no extension loaded" "ext " ctl ext show
exit $ret
