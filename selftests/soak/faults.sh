#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Faults, one vswd through all of them:
#  1. The state directory's filesystem is full (a tmpfs): of bytes,
#     then of inodes. A change is refused with a clear error, nothing
#     changes, the file is as it was; with room again, changes are saved.
#  2. NICs' netdevs deleted during traffic: a host NIC's (its namespace
#     side, so the pair goes) while it sends TCP and receives pings, and
#     a VM NIC's TAP while frames go to it. The other ports' pings lose
#     nothing; the ports go down; the NICs can be deleted and made again.
#  3. A legacy NIC's VMM killed (SIGKILL) mid-DMA, eight times: while the
#     guest answers a ping flood (the device writes frames into guest
#     memory) and while it sends as fast as it can (the device reads
#     them). vswd lives on, its threads and fds do not grow, and each
#     new VMM works.
#  4. switch del during a 1,000-port add loop (every 10th port with a
#     host NIC, every 100th with a legacy one): no crash, clear errors for
#     the adds after it, and once the NICs are deleted the pins, netdevs,
#     threads and fds are what they were before the loop.
#
#   ha 10.0.0.1 -- pa \                      h 10.77.0.1 -- ph \
#   hb 10.0.0.2 -- pb  sw0                   guest 10.77.0.2 ~ legacy -- pl  sw1
#   hc 10.0.0.3 -- pc /  (+ TAP pv)
source "$(dirname "$0")/../lib/lib.sh"
source "$(dirname "$0")/../lib/vswd.sh"
source "$(dirname "$0")/lib.sh"

GUEST="$VSW_TOP/build/legacy-guest"
S=${SUFFIX:0:6}
ns() { echo "$1-$SUFFIX"; }
TAP="tv-$SUFFIX"
LG="lg-$SUFFIX"
TINY=

stop_all() {
	local pid i
	for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
	stop_vswd "$(ns ha)" "$(ns hb)" "$(ns hc)" "$(ns h)"
	ip link del "$TAP" 2>/dev/null
	ip link del "$LG" 2>/dev/null
	for i in $(seq 1 1000); do
		ip link del "vsw-n$S$i" 2>/dev/null
		ip link del "l$S$i" 2>/dev/null
	done
	[ -n "$TINY" ] && umount "$TINY" 2>/dev/null
	cleanup
}
vsw_lib_init
trap stop_all EXIT
TINY="$TMPD/tiny"
mkdir -p "$TINY" && mount -t tmpfs -o size=16m,nr_inodes=64 tmpfs "$TINY" ||
	{ log "cannot mount a tmpfs"; exit 1; }
SOCK="$TMPD/vswd.sock" # legacy NICs' sockets beside it, removed with $TMPD
start_vswd --state-dir "$TINY/state" || { log "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
STATE="$TINY/state/vswd.json"

# ---- 1. a full disk ----
ctl switch add sw0 && ctl port add pa switch sw0 vlan access 10 ||
	{ log "setup failed: $(tail "$TMPD/vswd.log")"; exit 1; }
cp "$STATE" "$TMPD/saved.json"
dd if=/dev/zero of="$TINY/filler" bs=4k >/dev/null 2>&1 # until the disk is full
# refused WHAT OUTPUT RC: the refusal, and nothing changed.
refused() {
	local what=$1 out=$2 rc=$3 ok=ok
	[ "$rc" = 1 ] && grep -q "change refused, nothing changed" <<<"$out" || ok=fail
	cmp -s "$STATE" "$TMPD/saved.json" || ok=fail
	ctl port show px >/dev/null 2>&1 && ok=fail
	figure "$what" "exit $rc: ${out#vswctl: }; vswd.json unchanged: $(cmp -s "$STATE" "$TMPD/saved.json" && echo yes || echo no)" \
		"refused, clear error, nothing changed" $ok
}
out=$(ctl port add px switch sw0 2>&1); rc=$?
refused "port add with the state's filesystem full of bytes" "$out" "$rc"
rm -f "$TINY/filler"
i=0; while touch "$TINY/i$i" 2>/dev/null; do i=$((i + 1)); done # until no inode is left
out=$(ctl port add px switch sw0 2>&1); rc=$?
refused "port add with no inode left" "$out" "$rc"
rm -f "$TINY"/i*
ctl port add px switch sw0 && ctl port del px &&
	out=$(jq -r '[.ports[].name] | join(",")' "$STATE") && [ "$out" = pa ] &&
	figure "changes with room again" "saved (ports in vswd.json: $out)" "saved" ok ||
	figure "changes with room again" "$(jq -c '[.ports[].name]' "$STATE")" "saved" fail

# ---- 2. netdevs deleted during traffic ----
for h in ha hb hc; do new_ns "$(ns "$h")" || exit 1; done
ctl port add pb switch sw0 vlan access 10 && ctl port add pc switch sw0 vlan access 10 &&
ctl port add pv switch sw0 vlan access 10 &&
for h in ha hb hc; do ctl nic add "$(ns "$h")" type host netns "$(ns "$h")" || exit 1; done &&
ctl nic connect "$(ns ha)" port pa && ctl nic connect "$(ns hb)" port pb &&
ctl nic connect "$(ns hc)" port pc && ctl nic add "$TAP" type vm && ctl nic connect "$TAP" port pv ||
	{ log "setup 2 failed: $(tail "$TMPD/vswd.log")"; exit 1; }
i=1
for h in ha hb hc; do ip -n "$(ns "$h")" addr add "10.0.0.$i/24" dev "$(ns "$h")"; i=$((i + 1)); done
"$PY" "$VSW_TOP/selftests/lib/fake_vm.py" "$TAP" 10.0.0.9 02:00:00:00:00:99 >"$TMPD/vm.log" 2>&1 &
PIDS+=($!); vm=$!
wait_for 50 grep -q ready "$TMPD/vm.log" || fail "the fake VM did not open $TAP"
for dst in 10.0.0.2 10.0.0.3 10.0.0.9; do
	wait_for 50 ip netns exec "$(ns ha)" ping -c1 -W1 "$dst" >/dev/null || fail "ha cannot ping $dst"
done
ip netns exec "$(ns hb)" iperf3 -s -p 5201 >/dev/null 2>&1 &
PIDS+=($!)
wait_for 50 sh -c "ip netns exec $(ns hb) ss -ltn | grep -q ':5201 '"
ip netns exec "$(ns ha)" ping -i 0.01 -c 500 -W 1 10.0.0.2 >"$TMPD/ping_ab" 2>&1 &
PIDS+=($!); ping_ab=$!
ip netns exec "$(ns ha)" ping -i 0.01 -c 500 -W 1 10.0.0.3 >/dev/null 2>&1 &
PIDS+=($!)
ip netns exec "$(ns ha)" ping -i 0.01 -c 500 -W 1 10.0.0.9 >/dev/null 2>&1 &
PIDS+=($!)
ip netns exec "$(ns hc)" iperf3 -c 10.0.0.2 -t 5 >/dev/null 2>&1 &
PIDS+=($!)
sleep 1.5
ip -n "$(ns hc)" link del "$(ns hc)" # the host side: its veth pair goes
sleep 0.5
kill "$vm"; ip link del "$TAP"
wait "$ping_ab"
lost=$(awk '/packets transmitted/ {print $1 - $4 "/" $1}' "$TMPD/ping_ab")
alive=$(ctl version >/dev/null 2>&1 && echo yes || echo no)
pc=$(ctl -j port show pc | jq -r '.[0].link') pv=$(ctl -j port show pv | jq -r '.[0].link')
figure "pings ha -> hb (100/s) while hc's veth and the VM's TAP are deleted under traffic" \
	"$lost lost" "0 lost" "$( [ "${lost%/*}" = 0 ] && echo ok || echo fail)"
figure "vswd, and the ports of the deleted netdevs" "vswd answers: $alive; pc $pc, pv $pv" \
	"answers; down, down" "$( [ $alive = yes ] && [ "$pc" = down ] && [ "$pv" = down ] && echo ok || echo fail)"
ok=ok
ctl nic del "$(ns hc)" force && ctl nic del "$TAP" force &&
ctl nic add "$(ns hc)" type host netns "$(ns hc)" && ctl nic connect "$(ns hc)" port pc &&
	ip -n "$(ns hc)" addr add 10.0.0.3/24 dev "$(ns hc)" &&
	wait_for 50 ip netns exec "$(ns ha)" ping -c1 -W1 10.0.0.3 >/dev/null || ok=fail
figure "the NIC deleted and made again" "$( [ $ok = ok ] && echo "hc answers pings again" || echo "it does not")" \
	"works" $ok

# ---- 3. a legacy NIC's VMM killed mid-DMA ----
new_ns "$(ns h)" || exit 1
ctl switch add sw1 && ctl port add ph switch sw1 && ctl port add pl switch sw1 &&
ctl nic add "$(ns h)" type host netns "$(ns h)" && ctl nic connect "$(ns h)" port ph &&
	LSOCK=$(ctl nic add "$LG" type legacy mac 02:01:00:77:00:02) && ctl nic connect "$LG" port pl ||
	{ log "setup 3 failed: $(tail "$TMPD/vswd.log")"; exit 1; }
ip -n "$(ns h)" addr add 10.77.0.1/24 dev "$(ns h)"
hmac=$(ip -n "$(ns h)" -br link show "$(ns h)" | awk '{print $3}')
counts() { echo "$(ls /proc/"$VSWD_PID"/task | wc -l) $(ls /proc/"$VSWD_PID"/fd | wc -l)"; }
# guest: a VMM and guest that answers pings; works if it does.
guest_works() {
	"$GUEST" "$LSOCK" --ip 10.77.0.2 >"$TMPD/guest.log" 2>&1 &
	gpid=$!
	wait_for 50 grep -q '^ready' "$TMPD/guest.log" &&
		wait_for 30 ip netns exec "$(ns h)" ping -c1 -W1 10.77.0.2 >/dev/null
}
guest_works || fail "the first guest does not work: $(cat "$TMPD/guest.log")"
kill -9 "$gpid"; wait "$gpid" 2>/dev/null
wait_for 30 test "$(ctl -j nic show "$LG" | jq -r '.[0].vmm')" = detached
read -r tasks0 fds0 < <(counts)
kills=0 works=0
for round in 1 2 3 4; do
	# The device writes: a ping flood of 1400-byte frames at the guest.
	guest_works && works=$((works + 1))
	ip netns exec "$(ns h)" ping -f -s 1400 -w 3 10.77.0.2 >/dev/null 2>&1 &
	flood=$!
	sleep "0.$((RANDOM % 7 + 2))"
	kill -9 "$gpid" && kills=$((kills + 1)); wait "$gpid" 2>/dev/null
	kill "$flood" 2>/dev/null; wait "$flood" 2>/dev/null
	# The device reads: the guest sends as fast as it can.
	"$GUEST" "$LSOCK" --bench-tx 10000000 --size 1400 --dst "$hmac" >"$TMPD/tx.log" 2>&1 &
	gpid=$!
	sleep "0.$((RANDOM % 7 + 2))"
	kill -9 "$gpid" && kills=$((kills + 1)); wait "$gpid" 2>/dev/null
	wait_for 30 test "$(ctl -j nic show "$LG" | jq -r '.[0].vmm' 2>/dev/null)" = detached
done
guest_works && works=$((works + 1))
kill -9 "$gpid"; wait "$gpid" 2>/dev/null
wait_for 30 test "$(ctl -j nic show "$LG" | jq -r '.[0].vmm' 2>/dev/null)" = detached
read -r tasks1 fds1 < <(counts)
alive=$(ctl version >/dev/null 2>&1 && echo yes || echo no)
figure "VMMs killed mid-DMA (4 during a ping flood into the guest, 4 while it sends)" \
	"$kills killed; vswd answers: $alive; $works of 5 new VMMs answer pings" "8; yes; 5 of 5" \
	"$( [ "$kills" = 8 ] && [ $alive = yes ] && [ $works = 5 ] && echo ok || echo fail)"
figure "vswd's threads and fds before and after the kills" "$tasks0 -> $tasks1, $fds0 -> $fds1" "equal" \
	"$( [ "$tasks0" = "$tasks1" ] && [ "$fds0" = "$fds1" ] && echo ok || echo fail)"

# ---- 4. switch del during a 1,000-port add loop ----
pins() { find "$BPFFS" | wc -l; }
# This scenario's netdevs (its names carry $S; other tests' come and go).
links() { ip -o link show | grep -c "$S"; }
snapshot() { echo "$(pins) $(links) $(counts)"; }
read -r pins0 links0 tasks0 fds0 < <(snapshot)
ip -o link show | awk -F': ' '{print $2}' | grep "$S" | sort >"$TMPD/links0"
ctl switch add swx || { fail "switch add swx"; exit 1; }
(
	for i in $(seq 1 1000); do
		out=$(ctl port add "x$i" switch swx 2>&1) || echo "port $i: $out"
		if [ $((i % 100)) = 0 ]; then
			ctl nic add "l$S$i" type legacy >/dev/null 2>&1 && ctl nic connect "l$S$i" port "x$i" 2>&1
		elif [ $((i % 10)) = 0 ]; then
			ctl nic add "n$S$i" type host >/dev/null 2>&1 && ctl nic connect "n$S$i" port "x$i" 2>&1
		fi
		# Whole, never half-written when read: a new file renamed.
		echo "$i" >"$TMPD/loop.at.new" && mv "$TMPD/loop.at.new" "$TMPD/loop.at"
	done
) >"$TMPD/loop.log" &
loop=$!
wait_for 600 sh -c "[ \$(cat $TMPD/loop.at 2>/dev/null || echo 0) -ge 400 ]"
at=$(cat "$TMPD/loop.at")
del=$(ctl switch del swx force 2>&1) && del_ok=yes || del_ok="no: $del"
wait "$loop"
refused_adds=$(grep -c "^port .*switch 'swx' does not exist" "$TMPD/loop.log")
other=$(grep -v "switch 'swx' does not exist\|port 'x[0-9]*' does not exist" "$TMPD/loop.log" | head -n 3)
alive=$(ctl version >/dev/null 2>&1 && echo yes || echo no)
left=$(ctl -j port show | jq '[.[] | select(.switch == "swx")] | length')
for n in $(ctl -j nic show | jq -r '.[].nic | select(test("^[nl]'"$S"'"))'); do
	ctl nic del "$n" force || fail "nic del $n"
done
sleep 0.5
read -r pins1 links1 tasks1 fds1 < <(snapshot)
ip -o link show | awk -F': ' '{print $2}' | grep "$S" | sort >"$TMPD/links1"
[ "$links0" = "$links1" ] || log "netdevs before -> after: $(diff "$TMPD/links0" "$TMPD/links1" | grep '^[<>]' | tr '\n' ' ')"
note "The loop was at port $at of 1,000 when the switch was deleted; $refused_adds later adds were" \
	"refused with \"switch 'swx' does not exist\"."
figure "switch del force during the port add loop" "deleted: $del_ok; vswd answers: $alive; ports of swx left: $left" \
	"deleted; yes; 0" "$( [ "$del_ok" = yes ] && [ $alive = yes ] && [ "$left" = 0 ] && echo ok || echo fail)"
figure "other errors of the loop" "$( [ -z "$other" ] && echo none || echo "$other" | tr '\n' ' ')" "none" \
	"$( [ -z "$other" ] && echo ok || echo fail)"
figure "pins, netdevs, vswd threads, vswd fds: before the loop -> after, NICs deleted" \
	"$pins0 -> $pins1, $links0 -> $links1, $tasks0 -> $tasks1, $fds0 -> $fds1" "equal" \
	"$( [ "$pins0" = "$pins1" ] && [ "$links0" = "$links1" ] && [ "$tasks0" = "$tasks1" ] &&
		[ "$fds0" = "$fds1" ] && echo ok || echo fail)"
exit $ret
