/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Prometheus metrics of vswd: the text exposition format 0.0.4, every
 * family with # HELP and # TYPE, counters summed over CPUs at the time
 * of the scrape. docs/observability.md lists the families.
 */
#ifndef VSW_METRICS_H
#define VSW_METRICS_H

#include <stdio.h>
#include <linux/types.h>
#include "model.h"

/* Default listen address: loopback, a port outside the ones the common
 * exporters use (docs/observability.md says why this one). */
#define VSW_METRICS_DEFAULT "127.0.0.1:9469"

/* Write every family for model m to out. started_ns: CLOCK_MONOTONIC
 * time vswd started (uptime). Returns 0 or -errno. */
int metrics_render(const struct model *m, __u64 started_ns, FILE *out);

#endif /* VSW_METRICS_H */
