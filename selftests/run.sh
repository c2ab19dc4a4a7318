#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Run every selftests/test_*.sh: one PASS/FAIL/SKIP line each, a test's
# output only when it fails (or with V=1), and a last line
# "N passed, N failed". A test skips by exiting 4 after printing why.
# run.sh test_a.sh test_b.sh ... runs only those.
set -u
cd "$(dirname "$0")"
passed=0 failed=0 skipped=0
KSFT_SKIP=4

if [ "$(id -u)" != 0 ]; then
	echo "selftests need root (network namespaces, XDP)"; echo "0 passed, 1 failed"; exit 1
fi
[ $# -gt 0 ] || set -- test_*.sh
for t in "$@"; do
	out=$(mktemp)
	start=$(date +%s)
	bash "$t" >"$out" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc = 0 ]; then
		echo "PASS $t (${secs}s)"; passed=$((passed + 1))
		[ -n "${V:-}" ] && sed 's/^/    /' "$out"
	elif [ $rc = $KSFT_SKIP ]; then
		echo "SKIP $t: $(tail -n1 "$out")"; skipped=$((skipped + 1))
	else
		echo "FAIL $t (${secs}s)"; failed=$((failed + 1))
		sed 's/^/    /' "$out"
	fi
	rm -f "$out"
done
[ $skipped -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
