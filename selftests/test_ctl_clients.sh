#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# vswd never waits for one control client: while a client that asked for
# a 20,000-entry FDB dump reads nothing, others are answered at once; the
# idle reader is cut off at --client-timeout with the reason logged; a
# hundred clients connect at once and each is answered.
#
#   hf -- host NIC -- pf (learn-limit 20000) -- sw0 (vswd)
source "$(dirname "$0")/lib/lib.sh"
source "$(dirname "$0")/lib/vswd.sh"

PERF="$VSW_TOP/build/vsw-perf"
CLIENTS="$VSW_TOP/selftests/lib/ctl_clients.py"
HF="hf-$SUFFIX"

stop_all() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	stop_vswd "$HF"
	cleanup
}
vsw_lib_init
trap stop_all EXIT
start_vswd --client-timeout 2 || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
new_ns "$HF" || exit 1
ctl switch add sw0 && ctl port add pf switch sw0 && ctl port set pf learn-limit 20000 &&
ctl nic add "$HF" type host netns "$HF" && ctl nic connect "$HF" port pf ||
	{ log "setup failed: $(tail "$TMPD/vswd.log")"; exit 1; }
"$PERF" macflood -n "$HF" -g "$HF" -N 20000 -t 2 >/dev/null || { log "no flood"; exit 1; }
n=$(ctl -j fdb show sw0 | jq length)
[ "$n" -ge 19000 ] || { log "only $n FDB entries learned"; exit 1; }

# An idle dump reader, for 4 s; meanwhile, others ask.
"$PY" "$CLIENTS" slow "$SOCK" sw0 4 >"$TMPD/slow" 2>&1 &
PIDS+=($!); slow=$!
sleep 0.5
worst=0
for i in $(seq 10); do
	t0=$(date +%s%N)
	ctl version >/dev/null || fail "version $i refused"
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$ms" -gt "$worst" ] && worst=$ms
done
# vswctl's own start is in it; a daemon that waits for the reader takes seconds.
[ "$worst" -lt 500 ] && pass "others answered while a dump reader idles: slowest ${worst} ms" ||
	fail "another client waited ${worst} ms for the idle dump reader"
wait "$slow"
read -r how got <"$TMPD/slow"
[ "$how" = cut ] && [ "$got" -lt "$n" ] && grep -q "dump not read within 2 s" "$TMPD/vswd.log" &&
	pass "the idle reader cut off after $got of $n entries, logged: $(grep -o 'control client.*' "$TMPD/vswd.log" | head -n1)" ||
	fail "idle reader: $(cat "$TMPD/slow"), log: $(grep 'not read' "$TMPD/vswd.log")"

# A reader that keeps reading gets the whole dump, in parts.
got=$(ctl -j fdb show sw0 | jq length)
[ "$got" = "$n" ] && pass "fdb show: all $n entries" || fail "fdb show: $got of $n entries"

out=$(timeout 20 "$PY" "$CLIENTS" many "$SOCK" 100)
[[ "$out" == "answered 100 of 100 "* ]] && pass "100 clients at once: $out" || fail "100 clients: $out"
ctl version >/dev/null && pass "vswd still answers" || fail "vswd gone: $(tail -n 3 "$TMPD/vswd.log")"
exit $ret
