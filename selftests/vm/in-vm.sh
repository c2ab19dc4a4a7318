#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Runs inside a kernel of the matrix (selftests/vm/check-kernels.sh), in
# the host's root, read-only, after selftests/vm/init-hostroot.sh. Each
# step writes its output to /tmp/vsw-results/STEP.log (a share the host
# reads) and its verdict as one line "STEP PASS|FAIL [detail]" to
# /tmp/vsw-results/summary:
#
#   load       the datapath object loads, with the verifier's statistics
#              (build/tests/test_verifier, the project's own budget check)
#   verifier   every program of build/vsw.bpf.o, one by one, with its count
#              of verified instructions or the verifier's reason to refuse
#   datapath   datapath tests that send frames through veths: $VM_UNIT
#              (build/tests/, Criterion; test_jumbo skips, saying why, on
#              a kernel that cannot redirect multi-buffer frames)
#   selftests  the forwarding selftests (vsw-dp, no vswd): $VM_SELFTESTS
#   traffic    vswd and vswctl, two host NICs: ping and TCP both ways
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=/tmp/vsw-results
VM_SELFTESTS=${VM_SELFTESTS:-test_vlans.sh test_port_index.sh test_generic_xdp.sh}
# The datapath step: test binaries, each with an optional :FILTER (not
# every test of a suite: under TCG each one's switch takes seconds).
VM_UNIT=${VM_UNIT:-test_jumbo test_ext:ext/@(filter_drops_its_ethertype_with_its_reason|ingress_extensions_run_on_generic_ports_with_one_state|egress_extensions_see_known_unicast|capture_samples_frames_before_the_filters_change_them)}
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	vsw.selftests=*) VM_SELFTESTS=${arg#vsw.selftests=}; VM_SELFTESTS=${VM_SELFTESTS//,/ } ;;
	vsw.unit=*) VM_UNIT=${arg#vsw.unit=}; VM_UNIT=${VM_UNIT//,/ } ;;
	esac
done
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp CI=${CI:-}

mount -t bpf bpf /sys/fs/bpf
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# The links a normal /dev has: bash process substitution needs /dev/fd.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for s in stdin:0 stdout:1 stderr:2; do [ -e "/dev/${s%%:*}" ] || ln -s "/proc/self/fd/${s#*:}" "/dev/${s%%:*}"; done
ip link set lo up
# A normal /dev has /dev/net/tun before tun is loaded (kmod's static
# nodes; its first open loads the module); this devtmpfs gets it when
# the module registers it. The kernel's modprobe knows where its modules
# are (selftests/vm/modprobe.sh).
"$(cat /proc/sys/kernel/modprobe)" tun 2>/dev/null
: >"$OUT/summary"
echo "kernel $(uname -r)" >"$OUT/kernel"

verdict() { echo "$1 $2${3:+ $3}" >>"$OUT/summary"; echo "vsw-vm: $1 $2${3:+ $3}"; }

# 1. The project's verifier test: the whole object loads, each program
#    under the budget.
timeout 300 "$TOP/build/tests/test_verifier" --verbose >"$OUT/load.log" 2>&1
if [ $? = 0 ]; then verdict load PASS; else
	verdict load FAIL "$(grep -m1 -E 'back-edge|too large|cannot use|Invalid|error|fail' "$OUT/load.log" | cut -c1-200)"
fi

# 2. Every program alone, with its count.
VM_VERIFY_LOGDIR="$OUT" timeout 300 "$TOP/build/vm-verify" "$TOP/build/vsw.bpf.o" >"$OUT/verifier.log" 2>&1
rc=$?
if [ $rc = 0 ]; then
	verdict verifier PASS "$(awk '{printf "%s%s=%s", sep, $2, $4; sep=" "}' "$OUT/verifier.log")"
else
	# Per program: its count, or the verifier's last word.
	verdict verifier FAIL "$(awk '$3 == "loaded" {printf "%s%s=%s", sep, $2, $4}
		$3 == "refused" {n = split($0, a, " [|] "); printf "%s%s refused: %s", sep, $2, a[n]}
		{sep = "; "}' "$OUT/verifier.log")"
fi

# 3. The datapath tests with frames through real devices. A skip counts
#    as a pass and is named.
: >"$OUT/datapath.log"
bad= skipped=
for u in $VM_UNIT; do
	start=$(date +%s)
	t=${u%%:*} filter=
	[ "$t" = "$u" ] || filter=${u#*:}
	timeout 300 "$TOP/build/tests/$t" --jobs 1 --verbose ${filter:+--filter "$filter"} \
		>"$OUT/$t.log" 2>&1 || bad+=" $t"
	# (a test the filter left out shows as "[SKIP] ...: Test is disabled")
	grep '^\[SKIP\]' "$OUT/$t.log" | grep -qv 'Test is disabled$' && skipped+=" $t"
	{ echo "== $u: $(( $(date +%s) - start ))s"; cat "$OUT/$t.log"; } >>"$OUT/datapath.log"
	rm -f "$OUT/$t.log"
done
ran=$(grep -c '^\[PASS\]' "$OUT/datapath.log")
why=$(grep '^\[SKIP\]' "$OUT/datapath.log" | grep -m1 -v 'Test is disabled$' | cut -d: -f4- |
	cut -c2-90)
if [ -z "$bad" ]; then
	verdict datapath PASS "$ran passed${skipped:+; skipped in$skipped: $why}"
else
	verdict datapath FAIL "failed:$bad; $(grep -m1 -A1 'Assertion Failed' "$OUT/datapath.log" | tail -n1 | cut -c1-200)"
fi

# 4. The forwarding selftests, through the project's runner.
timeout 600 "$TOP/selftests/run.sh" $VM_SELFTESTS >"$OUT/selftests.log" 2>&1
rc=$?
last=$(tail -n1 "$OUT/selftests.log")
if [ $rc = 0 ]; then verdict selftests PASS "$last"; else
	verdict selftests FAIL "$(grep -E '^FAIL' "$OUT/selftests.log" | tr '\n' ' ')$last"
fi

# 5. Traffic through vswd, as a user would make it.
timeout 300 "$TOP/selftests/vm/traffic-check.sh" >"$OUT/traffic.log" 2>&1
rc=$?
if [ $rc = 0 ]; then verdict traffic PASS "$(grep '^ok:' "$OUT/traffic.log" | sed 's/^ok: //' | paste -sd ';')"
else verdict traffic FAIL "$(grep -E '^FAIL' "$OUT/traffic.log" | sed 's/^FAIL: //' | paste -sd ';')"; fi
echo "done" >>"$OUT/summary"
sync
