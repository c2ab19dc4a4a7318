#!/usr/bin/env bash
# Run each Criterion test binary; print its totals, and one line for all.
# Each binary cleans its own bpffs directories; this removes what a
# crashed test may have left under /sys/fs/bpf/vsw-test-*.
set -u
cleanup() { rm -rf /sys/fs/bpf/vsw-test-* 2>/dev/null; }
trap cleanup EXIT
failed=0
for t in "$@"; do
	echo "== $(basename "$t")"
	if ! "$t" --jobs 1 ${V:+--verbose}; then
		failed=$((failed + 1))
	fi
done
echo "unit: $(( $# - failed )) of $# suites passed"
exit $(( failed > 0 ))
