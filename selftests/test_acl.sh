#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Port ACLs through vswd and vswctl, with real traffic between namespaces:
# a deny stops the offending TCP connection while other ports, ping and
# ARP still flow; a stateful allow lets replies back in while unsolicited
# connections stay out; the rules survive a restart of vswd (kill -9);
# bad command lines exit 2, refused requests 1.
#
#   ha (10.0.0.1) -- host NIC -- pa \
#                                    sw0 (vswd)
#   hb (10.0.0.2) -- host NIC -- pb /
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

PROBE="$VSW_TOP/selftests/lib/tcp_probe.py"
hexec() { local h=$1; shift; ip netns exec "$h-$SUFFIX" "$@"; }

stop_all() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	stop_vswd "ha-$SUFFIX" "hb-$SUFFIX"
	cleanup
}

vsw_lib_init
trap stop_all EXIT
start_vswd || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
for h in ha hb; do new_ns "$h-$SUFFIX" || exit 1; done
ctl switch add sw0 && ctl port add pa switch sw0 && ctl port add pb switch sw0 &&
for h in ha hb; do ctl nic add "$h-$SUFFIX" type host netns "$h-$SUFFIX" || exit 1; done &&
ctl nic connect "ha-$SUFFIX" port pa && ctl nic connect "hb-$SUFFIX" port pb ||
	{ log "setup through vswctl failed"; exit 1; }
ip -n "ha-$SUFFIX" addr add 10.0.0.1/24 dev "ha-$SUFFIX"
ip -n "hb-$SUFFIX" addr add 10.0.0.2/24 dev "hb-$SUFFIX"
for h in ha hb; do
	# Not through hexec: $! must be the server itself (ip netns exec
	# execs it), or killing it would leave the server running.
	ip netns exec "$h-$SUFFIX" "$PY" "$PROBE" serve 5001 5002 5003 >"$TMPD/$h.srv" 2>&1 &
	PIDS+=($!)
	wait_for 50 grep -q ready "$TMPD/$h.srv" || fail "no TCP server in $h"
done
ping_from() { hexec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1; }
tcp() { hexec "$1" "$PY" "$PROBE" connect "$2" "$3"; }
wait_for 30 ping_from ha 10.0.0.2 || fail "ha cannot reach hb before any rule"
tcp ha 10.0.0.2 5001 && pass "TCP 5001 before any rule" || fail "TCP 5001 before any rule"

# A deny on what hb's NIC receives: TCP to its port 5001.
out=$(ctl acl add pb dir in proto tcp lport 5001 action deny) &&
[ "$out" = "acl 1 port pb" ] && pass "acl add prints the id" || fail "acl add: '$out'"
tcp ha 10.0.0.2 5001 && fail "TCP to hb:5001 passed a deny" || pass "TCP to hb:5001 denied"
tcp ha 10.0.0.2 5002 && pass "TCP to hb:5002 still flows" || fail "TCP to hb:5002 cut off"
ping_from ha 10.0.0.2 && pass "ping still flows" || fail "ping cut off by a TCP rule"
show=$(ctl acl show pb)
[[ "$show" =~ ^"acl 1 port pb dir in priority 100 proto tcp lport 5001 action deny hits "[1-9] ]] &&
	pass "acl show: $show" || fail "acl show: '$show'"
ctl port show pb | grep -q " acl-rules 1 " && pass "port show counts the rule" ||
	fail "port show: $(ctl port show pb)"
ctl -j stats port pb | grep -q '"acl": *[1-9]' && pass "drops counted as acl" ||
	fail "stats: $(ctl stats port pb)"

# Stateful: pa's NIC may open TCP connections; nothing else comes in.
ctl acl del pb 1 && [ -z "$(ctl acl show pb)" ] && pass "acl del" || fail "acl del"
ctl acl add pa dir out proto tcp action allow stateful timeout 30 >/dev/null &&
ctl acl add pa dir in priority 1000 remote 0.0.0.0/0 action deny >/dev/null ||
	fail "stateful rules refused"
tcp ha 10.0.0.2 5002 && pass "stateful: ha's connection gets its replies" ||
	fail "stateful: ha's connection failed"
tcp hb 10.0.0.1 5002 && fail "stateful: unsolicited TCP into ha passed" ||
	pass "stateful: unsolicited TCP into ha denied"
ping_from hb 10.0.0.1 && fail "ping into ha passed a deny" || pass "ping into ha denied"

# kill -9 and back: the rules come from the state file, and hold. Ids
# are per port and never reused.
kill -9 "$VSWD_PID"; wait "$VSWD_PID" 2>/dev/null
start_vswd || fail "vswd did not restart: $(tail -n 5 "$TMPD/vswd.log")"
[ "$(ctl acl show pa | cut -d' ' -f1-2 | tr '\n' ' ')" = "acl 1 acl 2 " ] &&
	pass "rules restored" || fail "after restart: $(ctl acl show pa)"
tcp hb 10.0.0.1 5003 && fail "after restart: unsolicited TCP passed" ||
	pass "after restart: unsolicited TCP denied"
tcp ha 10.0.0.2 5003 && pass "after restart: stateful replies flow" ||
	fail "after restart: ha's connection failed"
out=$(ctl acl add pa dir in action meter) && [ "$out" = "acl 3 port pa" ] &&
	pass "ids go on after a restart" || fail "id after restart: '$out'"

# Bad input.
expect_refused "bad dir" 2 "vswctl: acl 'pa': dir 'sideways' is not one of in, out, both" \
	ctl acl add pa dir sideways action deny
expect_refused "stateful deny" 2 "vswctl: acl 'pa': only an allow rule can be stateful" \
	ctl acl add pa dir in action deny stateful
expect_refused "bad prefix" 2 "vswctl: acl 'pa': remote '10.0.0.0/33' is not an IPv4 or IPv6" \
	ctl acl add pa dir in remote 10.0.0.0/33 action deny
expect_refused "unknown rule" 1 "no ACL rule 99" ctl acl del pa 99
exit $ret
