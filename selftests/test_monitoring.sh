#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# contrib/prometheus/vsw-alerts.yml and contrib/grafana/vsw-dashboard.json:
#   1. promtool check rules, and the rules' unit test (promtool test rules
#      vsw-alerts.test.yml: each alert fires on what should raise it and
#      on nothing else);
#   2. the dashboard is JSON Grafana can import (panels with a data source
#      and targets, template variables), and every PromQL expression in it
#      (targets, variables, annotations) parses, checked by promtool as
#      recording rules with the Grafana variables filled in;
#   3. every vsw_* metric the rules and the dashboard name is one a real
#      vswd serves (scraped from a vswd in a namespace of its own).
source "$(dirname "$0")/lib/lib.sh"
source "$VSW_TOP/selftests/lib/vswd.sh"

RULES="$VSW_TOP/contrib/prometheus/vsw-alerts.yml"
DASH="$VSW_TOP/contrib/grafana/vsw-dashboard.json"
command -v promtool >/dev/null || { log "no promtool (make deps installs prometheus)"; exit 4; }
vsw_lib_init
trap 'stop_vswd; cleanup' EXIT

# ---- 1. the rules
out=$(promtool check rules "$RULES" 2>&1) && pass "promtool check rules: $(grep -o '[0-9]* rules found' <<<"$out")" ||
	fail "promtool check rules: $out"
out=$(cd "$(dirname "$RULES")" && promtool test rules vsw-alerts.test.yml 2>&1) &&
	pass "promtool test rules vsw-alerts.test.yml" || fail "promtool test rules: $out"
for a in VswdDown VswdAbsent VswPortDown VswPortDropsRising VswFdbNearCapacity; do
	grep -q "alertname: $a\$" "$(dirname "$RULES")/vsw-alerts.test.yml" ||
		fail "the unit test does not test $a"
done

# ---- 2. the dashboard
jq -e '.title and .uid and (.panels | length > 0)' "$DASH" >/dev/null ||
	{ fail "$DASH: not a dashboard (title, uid, panels)"; exit 1; }
bad=$(jq -r '.panels[] | select(.type != "row") |
	select((.targets | length) == 0 or .datasource.uid != "${datasource}" or
	       any(.targets[]; (.expr | length) == 0)) | .title' "$DASH")
[ -z "$bad" ] && pass "every panel has targets with an expression, on \${datasource}" ||
	fail "panels without a data source or expression: $bad"
jq -e '[.templating.list[].name] == ["datasource", "instance", "switch"]' "$DASH" >/dev/null ||
	fail "template variables: $(jq -c '[.templating.list[].name]' "$DASH")"
{
	echo 'groups:'
	echo '  - name: dashboard'
	echo '    rules:'
	i=0
	# targets, annotations, and the metric selectors of label_values().
	jq -r '(.panels[].targets[]?.expr), (.annotations.list[].expr),
		(.templating.list[] | select(.type == "query") | .definition |
		 capture("label_values\\((?<m>.*), [a-z]+\\)").m)' "$DASH" |
		sed -e 's/\$__rate_interval/5m/g' -e 's/\$instance/.*/g' -e 's/\$switch/.*/g' |
		while IFS= read -r e; do
			i=$((i + 1))
			printf '      - record: dashboard:expr%d\n        expr: %s\n' "$i" "$(jq -Rn --arg e "$e" '$e')"
		done
} >"$TMPD/dash-rules.yml"
n=$(grep -c 'record:' "$TMPD/dash-rules.yml")
out=$(promtool check rules "$TMPD/dash-rules.yml" 2>&1) &&
	pass "the dashboard's $n PromQL expressions parse" || fail "dashboard PromQL: $out"
[ "$n" -gt 20 ] || fail "only $n expressions read from the dashboard"

# ---- 3. the metrics they name, against a real vswd
new_ns "$SW_NS" || exit 1
nsenter --net="/run/netns/$SW_NS" "$VSWD" --state-dir "$TMPD/state" --socket "$SOCK" \
	--bpffs "$BPFFS" --metrics 127.0.0.1:9469 >"$TMPD/vswd.log" 2>&1 &
VSWD_PID=$!
wait_for 50 ctl version >/dev/null || { fail "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
ctl switch add sw0 && ctl port add p1 switch sw0 >/dev/null || fail "switch and port"
ip netns exec "$SW_NS" curl -sf http://127.0.0.1:9469/metrics >"$TMPD/m.txt" ||
	{ fail "no scrape"; exit 1; }
served=$(awk '$1 == "#" && $2 == "TYPE" { print $3 }' "$TMPD/m.txt" | sort -u)
# The expressions only: each rule's from 'expr:' to its 'for:'.
named=$( { awk '/^ *- alert:/ { f = 0 } /^ *expr:/ { f = 1 } /^ *for:/ { f = 0 } f' "$RULES"
	grep 'expr:' "$TMPD/dash-rules.yml"; } | grep -oE 'vsw_[a-z_]+' | sort -u)
missing=()
for m in $named; do
	grep -qx "$m" <<<"$served" && continue
	# Served only while the kernel counts BPF runs: then documented.
	if [[ $m == vsw_bpf_prog_* ]] && grep -q '^vsw_bpf_stats_enabled 0' "$TMPD/m.txt" &&
		grep -q "\`$m\`" "$VSW_TOP/docs/observability.md"; then
		continue
	fi
	missing+=("$m")
done
[ ${#missing[@]} = 0 ] && pass "vswd serves all $(wc -w <<<"$named") vsw_* metrics the rules and dashboard use" ||
	fail "not served by vswd: ${missing[*]}"
grep -q '^vsw_switch_fdb_capacity{switch="sw0"} 65536$' "$TMPD/m.txt" &&
	pass "vsw_switch_fdb_capacity of sw0: 65536" || fail "no vsw_switch_fdb_capacity 65536 for sw0"
exit $ret
