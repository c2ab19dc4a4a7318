#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The fuzz targets (tests/fuzz/) for 10 minutes each, one after the
# other, each from its corpus in the repo (tests/fuzz/corpus/NAME) through
# make fuzz-check, the bounded run of make check made long. Goal: no
# crash, no leak, no timeout (libFuzzer exits non-zero on any, and
# writes the input to build/fuzz-corpus/NAME-crash-*).
source "$(dirname "$0")/../lib/lib.sh"
source "$(dirname "$0")/lib.sh"

vsw_lib_init
SECS=${SOAK_FUZZ_SECONDS:-600}
TARGETS=(ctl_msg:8192 tulip:16384 vfio_user:8192)

for t in "${TARGETS[@]}"; do
	name=${t%%:*}
	seeds=$(find "$VSW_TOP/tests/fuzz/corpus/$name" -type f | wc -l)
	make -s --no-print-directory -C "$VSW_TOP" fuzz-check FUZZ_SECONDS="$SECS" FUZZ_TARGETS="$t" \
		>"$TMPD/$name.out" 2>&1
	rc=$?
	cat "$TMPD/$name.out"
	runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$TMPD/$name.out")
	secs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$TMPD/$name.out")
	read -r cov corp < <(sed -n 's/.*DONE *cov: \([0-9]*\) ft: [0-9]* corp: \([0-9]*\)\/.*/\1 \2/p' "$TMPD/$name.out")
	crashes=$(find "$VSW_TOP/build/fuzz-corpus" -maxdepth 1 -name "$name-*" | wc -l)
	figure "fuzz_$name: runs in ${secs:-?} s; coverage (edges); corpus (from $seeds in the repo)" \
		"${runs:-0} runs ($(( ${runs:-0} / ${secs:-1} ))/s); ${cov:-?}; ${corp:-?}; $( [ $rc = 0 ] && echo "no crash" || echo "exit $rc")" \
		"no crash, leak or timeout" "$( [ $rc = 0 ] && [ -n "$runs" ] && [ "$crashes" = 0 ] && echo ok || echo fail)"
done
exit $ret
