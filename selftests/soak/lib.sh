# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Shared by the soak scenarios (selftests/soak/run.sh). Source it after
# selftests/lib/lib.sh and selftests/lib/vswd.sh.
#
# A scenario measures, then states each figure against its goal with
# figure(); run.sh collects the rows into docs/reliability.md. A scenario
# exits non-zero when a goal is not met ($ret, as in the selftests).

SOAK_NAME=${SOAK_NAME:-$(basename "$0" .sh)}
SOAK_OUT=${SOAK_OUT:-$VSW_TOP/build/soak}
SOAK_ROWS="$SOAK_OUT/$SOAK_NAME.rows"
mkdir -p "$SOAK_OUT"
: >"$SOAK_ROWS"

# figure WHAT FIGURE GOAL ok|fail: one row of the scenario's table.
figure() {
	local what=$1 fig=$2 goal=$3 verdict=$4
	if [ "$verdict" = ok ]; then
		pass "$what: $fig (goal: $goal)"
		printf '| %s | %s | %s | pass |\n' "$what" "$fig" "$goal" >>"$SOAK_ROWS"
	else
		fail "$what: $fig (goal: $goal)"
		printf '| %s | %s | %s | **FAIL** |\n' "$what" "$fig" "$goal" >>"$SOAK_ROWS"
	fi
}

# check EXPR: "ok" when the arithmetic (or bc, for decimals) is true.
check() { [ "$(echo "$1" | bc -l)" = 1 ] && echo ok || echo fail; }

# A note under the scenario's table (setup, rates, what was seen).
note() { printf '%s\n' "$*" >>"$SOAK_OUT/$SOAK_NAME.notes"; log "note: $*"; }
: >"$SOAK_OUT/$SOAK_NAME.notes"

now_ms() { date +%s%3N; }
