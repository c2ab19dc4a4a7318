#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# make soak: what vsw survives, in figures. Runs each scenario (a script
# here that exits non-zero when a goal is not met), then writes every
# scenario's table into docs/reliability.md between its soak markers.
#
#   run.sh                     every scenario
#   run.sh mac_flood ctl_load  only those (the document keeps the other
#                              scenarios' last tables)
#   SOAK_DOC=/dev/null run.sh  measure without touching the document
set -u
cd "$(dirname "$0")"
TOP=$(cd ../.. && pwd)
export SOAK_OUT=${SOAK_OUT:-$TOP/build/soak}
DOC=${SOAK_DOC:-$TOP/docs/reliability.md}
SCENARIOS=(mac_flood ctl_load kill_vswd faults fuzz)

if [ "$(id -u)" != 0 ]; then
	echo "make soak needs root (network namespaces, XDP)"; exit 1
fi
[ $# -gt 0 ] || set -- "${SCENARIOS[@]}"
mkdir -p "$SOAK_OUT"
failed=0 start_all=$(date +%s)
for s in "$@"; do
	s=${s%.sh}
	[ -f "$s.sh" ] || { echo "no scenario '$s' (have: ${SCENARIOS[*]})"; exit 2; }
	start=$(date +%s)
	bash "$s.sh" >"$SOAK_OUT/$s.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	echo "$secs" >"$SOAK_OUT/$s.secs"
	if [ $rc = 0 ]; then
		echo "PASS $s (${secs}s)"
		[ -n "${V:-}" ] && sed 's/^/    /' "$SOAK_OUT/$s.log"
	else
		echo "FAIL $s (${secs}s)"; failed=$((failed + 1))
		sed 's/^/    /' "$SOAK_OUT/$s.log"
	fi
	echo "$rc" >"$SOAK_OUT/$s.rc"
done
total=$(( $(date +%s) - start_all ))

# One section per scenario, replaced between its markers:
#   <!-- soak:NAME --> ... <!-- /soak:NAME -->
# The machine line goes between <!-- soak:machine --> markers.
section() {
	local s=$1 rc secs
	rc=$(cat "$SOAK_OUT/$s.rc" 2>/dev/null || echo "?")
	secs=$(cat "$SOAK_OUT/$s.secs" 2>/dev/null || echo "?")
	echo "<!-- soak:$s -->"
	echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), ${secs} s, $( [ "$rc" = 0 ] && echo "every goal met" || echo "**goals not met (exit $rc)**")."
	echo
	echo "| measured | figure | goal | result |"
	echo "|---|---|---|---|"
	cat "$SOAK_OUT/$s.rows" 2>/dev/null
	if [ -s "$SOAK_OUT/$s.notes" ]; then
		echo
		cat "$SOAK_OUT/$s.notes"
	fi
	echo "<!-- /soak:$s -->"
}
machine() {
	echo "<!-- soak:machine -->"
	echo "Last full run: $(date -u '+%Y-%m-%d'), $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GB," \
		"Linux $(uname -r), commit $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo '?')," \
		"$total s in all. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" \
		"(other builds and tests may have run on the machine meanwhile)."
	echo "<!-- /soak:machine -->"
}
replace() { # replace NAME FILE-WITH-NEW-BLOCK
	local name=$1 block=$2 tmp
	tmp=$(mktemp)
	awk -v name="$name" -v block="$block" '
		$0 == "<!-- soak:" name " -->" { while ((getline l < block) > 0) print l; skip = 1; next }
		$0 == "<!-- /soak:" name " -->" { skip = 0; next }
		!skip { print }' "$DOC" >"$tmp" && cat "$tmp" >"$DOC"
	rm -f "$tmp"
}
if [ -f "$DOC" ] && [ "$DOC" != /dev/null ]; then
	for s in "$@"; do
		s=${s%.sh}
		grep -q "^<!-- soak:$s -->$" "$DOC" || { echo "$DOC has no soak:$s markers"; continue; }
		section "$s" >"$SOAK_OUT/$s.section"
		replace "$s" "$SOAK_OUT/$s.section"
	done
	if [ $# = ${#SCENARIOS[@]} ]; then
		machine >"$SOAK_OUT/machine.section"
		replace machine "$SOAK_OUT/machine.section"
	fi
	echo "figures written to $DOC"
fi
echo "$(( $# - failed )) passed, $failed failed, ${total} s"
[ $failed = 0 ]
