#!/usr/bin/env bash
# Run each Criterion test binary; print its totals, the tests it skipped
# with their reasons, and one line for all. Under CI (CI=true, as .ci/run
# sets it) a skipped test fails its suite, as selftests/run.sh does.
# Each binary cleans its own bpffs directories; this removes what a
# crashed test left under /sys/fs/bpf/vsw-test-PID: those whose process
# is gone (other runs' tests may be running beside this one).
set -u
tap=$(mktemp)
cleanup() {
	local d
	for d in /sys/fs/bpf/vsw-test-*; do
		[ -d "$d" ] && ! kill -0 "${d##*-}" 2>/dev/null && rm -rf "$d"
	done
	rm -f "$tap"
}
trap cleanup EXIT
case "${CI:-}" in ''|false|0) under_ci= ;; *) under_ci=1 ;; esac
failed=0 skips=()
for t in "$@"; do
	echo "== $(basename "$t")"
	ok=1
	: >"$tap"
	"$t" --jobs 1 --tap="$tap" ${V:+--verbose} || ok=0
	# Criterion's summary leaves skips out; its TAP report has them.
	while IFS= read -r line; do
		name=${line#ok - }; name=${name%%  # SKIP*}
		echo "SKIP $name:${line#*# SKIP}"
		skips+=("$name")
		[ -n "$under_ci" ] && { echo "  under CI (CI=$CI) a skip fails"; ok=0; }
	done < <(grep '# SKIP' "$tap")
	[ $ok = 1 ] || failed=$((failed + 1))
done
echo "unit: $(( $# - failed )) of $# suites passed, ${#skips[@]} tests skipped${skips[*]:+ (${skips[*]})}"
exit $(( failed > 0 ))
