# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# A vswd of the test's own, driven through vswctl as a user would. Source
# after lib.sh and call vsw_lib_init; then start_vswd, and stop_vswd from
# the EXIT trap (before cleanup, which removes $TMPD with vswd's log).

VSWD="$VSW_TOP/build/vswd"
VSWCTL="$VSW_TOP/build/vswctl"
SOCK="/run/vsw-selftest-$SUFFIX.sock"
VSWD_PID=
ctl() { "$VSWCTL" -s "$SOCK" "$@"; }

# start_vswd [OPTION...]: state in $TMPD/state, log in $TMPD/vswd.log, no
# metrics port (tests run beside other vswds), extensions from the build
# tree (the shipped examples and the tests' own; with VSWD_DEFAULT_EXT=1
# from vswd's default directories instead).
start_vswd() {
	local ext=(--ext-dir "$VSW_TOP/build/ext" --ext-dir "$VSW_TOP/build/tests/bpf")
	[ -n "${VSWD_DEFAULT_EXT:-}" ] && ext=()
	"$VSWD" --state-dir "$TMPD/state" --socket "$SOCK" --bpffs "$BPFFS" --metrics none \
		"${ext[@]}" "$@" >>"$TMPD/vswd.log" 2>&1 &
	VSWD_PID=$!
	wait_for 50 ctl version >/dev/null
}

# Kill vswd (it leaves the datapath pinned: cleanup removes the pins) and
# delete the host NICs' veths named NAME... (a veth's host side dies with
# its netns, the switch side would stay).
stop_vswd() {
	local nic
	[ -n "$VSWD_PID" ] && kill -9 "$VSWD_PID" 2>/dev/null
	[ -n "$VSWD_PID" ] && wait "$VSWD_PID" 2>/dev/null
	for nic in "$@"; do ip link del "vsw-$nic" 2>/dev/null; done
	rm -f "$SOCK"
}
