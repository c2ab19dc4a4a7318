#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The control plane under load: 200 clients connect to vswd at once.
# 100 of them ask for a 50,000-entry FDB dump and read it one message
# every 20 ms (it would take them 1,000 s); 99 ask small questions
# (version, switch show, port show, nic show) every 20 to 120 ms each;
# one writer adds, changes and deletes ports without a pause
# (build/ctl-load, selftests/tools/ctl-load.c). Goals: every answer to
# the 99 and to the writer within 100 ms, no change lost (each one in
# port show and in vswd.json), every slow reader cut off at vswd's
# deadline (--client-timeout, 5 s here) with a logged reason, vswd
# answering afterwards.
#
# vswd and the load generator run at nice 0, on a machine that may be
# busy with other work: the goals must hold without a better priority.
# The CPU pressure and the load generator's own waits for a CPU are
# noted with the figures.
#
#   hf -- host NIC -- pf (learn-limit 50000: fills the FDB) \
#   ha -- host NIC -- pa                                     sw0 (vswd)
source "$(dirname "$0")/../lib/lib.sh"
source "$(dirname "$0")/../lib/vswd.sh"
source "$(dirname "$0")/lib.sh"

LOAD="$VSW_TOP/build/ctl-load"
PERF="$VSW_TOP/build/vsw-perf"
FDB=50000
RUN=${SOAK_CTL_SECONDS:-20}
DEADLINE=5
ns() { echo "$1-$SUFFIX"; }

stop_all() {
	stop_vswd "$(ns hf)" "$(ns ha)"
	cleanup
}
vsw_lib_init
trap stop_all EXIT
start_vswd --client-timeout "$DEADLINE" || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
for h in hf ha; do new_ns "$(ns "$h")" || exit 1; done
ctl switch add sw0 && ctl port add pf switch sw0 && ctl port add pa switch sw0 &&
ctl port set pf learn-limit $FDB &&
for h in hf ha; do ctl nic add "$(ns "$h")" type host netns "$(ns "$h")" || exit 1; done &&
ctl nic connect "$(ns hf)" port pf && ctl nic connect "$(ns ha)" port pa ||
	{ log "setup failed: $(tail "$TMPD/vswd.log")"; exit 1; }

# A large FDB, learned the way a real one is: frames from $FDB sources.
"$PERF" macflood -n "$(ns hf)" -g "$(ns hf)" -N $FDB -t 4 >"$TMPD/flood" ||
	{ fail "flood: $(cat "$TMPD/flood")"; exit 1; }
entries=$(ctl -j fdb show sw0 | jq length)
[ "$entries" -ge $((FDB * 98 / 100)) ] || { fail "only $entries FDB entries learned"; exit 1; }

# The 200 clients for $RUN s; the writer's ports are w1, w2, ... The load
# generator runs in a session of its own: with autogroup scheduling the
# processes of one session share one CPU share, and vswd (which systemd
# runs in a session of its own) must not share its own with the load.
setsid "$LOAD" -s "$SOCK" -S sw0 -P pa -f 99 -w 100 -W -n w -t "$RUN" -r 20 -l 100 >"$TMPD/load" 2>&1 ||
	{ fail "ctl-load: $(cat "$TMPD/load")"; exit 1; }
grep -v '^writer_expect' "$TMPD/load"
LOADED=$TMPD/load
val() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" "$LOADED"; }
pressure() { sed -n 's/^some .*avg60=\([0-9.]*\).*/\1/p' /proc/pressure/cpu; }
alive=ok
ctl version >/dev/null || alive=fail
# Every change the writer made, and nothing else, is in port show...
want=$(sed -n 's/^writer_expect//p' "$LOADED" | tr ' ' '\n' | sed '/^$/d' | sort)
want_names=$(sed 's/=.*//' <<<"$want" | sort)
have=$(ctl -j port show | jq -r '.[] | select(.port | startswith("w")) | "\(.port)=\(.vid)"' | sort)
nwant=$(grep -c . <<<"$want")
lost=$(comm -3 <(echo "$want") <(echo "$have") | grep -c .)
# ... and in the state file a restarted vswd would read.
saved=$(jq -r '.ports[] | select(.name | startswith("w")) | .name' "$TMPD/state/vswd.json" | sort)
unsaved=$(comm -3 <(echo "$want_names") <(echo "$saved") | grep -c .)
cutoffs=$(grep -c "not read within ${DEADLINE} s" "$TMPD/vswd.log")

note "FDB of $entries learned entries (a dump of as many messages). $(val fast_requests)" \
	"answers to the 99 fast clients in $RUN s, median $(val fast_p50_ms) ms, 99th percentile" \
	"$(val fast_p99_ms) ms; the writer's changes (each acked once saved, fsync included): 99th" \
	"percentile $(val writer_p99_ms) ms. Slow readers received $(val slow_messages) dump messages in all," \
	"and saw their connections end $(val slow_disconnected_after_s) s after the start (what was in their" \
	"sockets at the deadline read first). The load generator waited up to $(val load_stall_max_ms) ms" \
	"for a CPU; CPU pressure (some, avg60) at the end: $(pressure) %, load average $(cut -d' ' -f1-3 /proc/loadavg)."
figure "slowest answer to a fast client (of $(val fast_requests))" "$(val fast_max_ms) ms" "<= 100 ms" \
	"$( [ "$(val fast_over_limit)" = 0 ] && [ "$(val fast_requests)" -gt 1000 ] && echo ok || echo fail)"
figure "fast clients refused or dropped" "$(val fast_errors) errors, $(val fast_gone) dropped" "0" \
	"$( [ "$(val fast_errors)" = 0 ] && [ "$(val fast_gone)" = 0 ] && echo ok || echo fail)"
figure "slowest change by the writer (of $(val writer_changes), each acked once saved)" \
	"$(val writer_max_ms) ms" "<= 100 ms" \
	"$( [ "$(val writer_over_limit)" = 0 ] && [ "$(val writer_changes)" -gt 100 ] && echo ok || echo fail)"
figure "changes lost (ports that differ from what the writer's $(val writer_changes) acknowledged changes leave)" \
	"$lost in port show, $unsaved in vswd.json ($nwant ports expected), $(val writer_errors) refused" "0" \
	"$( [ "$lost" = 0 ] && [ "$unsaved" = 0 ] && [ "$(val writer_errors)" = 0 ] && echo ok || echo fail)"
figure "slow readers cut off at the $DEADLINE s dump deadline, reason logged" \
	"$(val slow_disconnected) of 100, $cutoffs logged" "100, 100" \
	"$( [ "$(val slow_disconnected)" = 100 ] && [ "$cutoffs" = 100 ] && echo ok || echo fail)"
figure "slowest connect, 200 at once" "$(val connect_max_ms) ms" "<= 100 ms" \
	"$(check "$(val connect_max_ms) <= 100")"
figure "vswd answers after the load" "$( [ $alive = ok ] && echo yes || echo no)" "yes" $alive
exit $ret
