#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The benchmark harness, kept from rotting: one short round of every
# traffic case of selftests/perf/run.sh, asserting only that each one
# forwards frames. Numbers come from the full run (docs/performance.md).
exec bash "$(dirname "$0")/perf/run.sh" --quick
