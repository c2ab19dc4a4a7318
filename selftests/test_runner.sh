#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The runner itself (selftests/run.sh) on two stand-in tests, one that
# passes and one that skips (exit 4): a skip is listed in the summary
# line and lets the run pass, except under CI (CI=true), where it fails
# the run.
source "$(dirname "$0")/lib/lib.sh"

vsw_lib_init
printf 'echo fine\nexit 0\n' >"$TMPD/t_pass.sh"
printf 'echo "SKIP: no widget here"\nexit 4\n' >"$TMPD/t_skip.sh"
RUN="$VSW_TOP/selftests/run.sh"

out=$(CI= "$RUN" "$TMPD/t_pass.sh" "$TMPD/t_skip.sh" 2>&1); rc=$?
log "$out" | sed 's/^/    outside CI: /'
[ $rc = 0 ] && pass "outside CI a skip passes the run" || fail "outside CI: exit $rc"
grep -qx "SKIP $TMPD/t_skip.sh: SKIP: no widget here" <<<"$out" &&
	pass "the skip line gives the reason" || fail "no SKIP line with the reason"
[ "$(tail -n1 <<<"$out")" = "1 passed, 0 failed, 1 skipped (t_skip.sh)" ] &&
	pass "the summary line names the skipped test" || fail "summary: $(tail -n1 <<<"$out")"

out=$(CI=true "$RUN" "$TMPD/t_pass.sh" "$TMPD/t_skip.sh" 2>&1); rc=$?
log "$out" | sed 's/^/    CI=true: /'
[ $rc = 1 ] && pass "under CI a skip fails the run" || fail "under CI: exit $rc, want 1"
grep -q "^FAIL $TMPD/t_skip.sh .*skipped, and under CI (CI=true) a skip fails" <<<"$out" &&
	pass "under CI the skip is a FAIL line" || fail "no FAIL line for the skip under CI"
grep -q "^    SKIP: no widget here" <<<"$out" && pass "with the test's reason" ||
	fail "the skipped test's output is not shown"
[ "$(tail -n1 <<<"$out")" = "1 passed, 1 failed, 0 skipped" ] &&
	pass "summary under CI" || fail "summary under CI: $(tail -n1 <<<"$out")"
exit $ret
