#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Run every selftests/test_*.sh: one PASS/FAIL/SKIP line each, a test's
# output only when it fails (or with V=1), and a last line
# "N passed, N failed, N skipped" that names the skipped tests.
# A test skips by exiting 4 after printing why (its last line). Under CI
# (CI=true in the environment, as .ci/run sets it) a skip is a failure:
# CI installs every dependency (make deps), so a test that cannot run
# there is broken.
# run.sh test_a.sh test_b.sh ... runs only those.
set -u
cd "$(dirname "$0")"
passed=0 failed=0 skipped=0 skipped_names=()
KSFT_SKIP=4
case "${CI:-}" in ''|false|0) under_ci= ;; *) under_ci=1 ;; esac

if [ "$(id -u)" != 0 ]; then
	echo "selftests need root (network namespaces, XDP)"; echo "0 passed, 1 failed, 0 skipped"
	exit 1
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
	elif [ $rc = $KSFT_SKIP ] && [ -z "$under_ci" ]; then
		echo "SKIP $t: $(tail -n1 "$out")"; skipped=$((skipped + 1))
		skipped_names+=("$(basename "$t")")
		[ -n "${V:-}" ] && sed 's/^/    /' "$out"
	else
		[ $rc = $KSFT_SKIP ] && echo "FAIL $t (${secs}s): skipped, and under CI (CI=$CI) a skip fails" ||
			echo "FAIL $t (${secs}s)"
		failed=$((failed + 1))
		sed 's/^/    /' "$out"
	fi
	rm -f "$out"
done
echo "$passed passed, $failed failed, $skipped skipped${skipped_names[*]:+ (${skipped_names[*]})}"
[ $failed = 0 ]
