/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Packet trace: run a switch's real ingress program on a frame with
 * BPF_PROG_TEST_RUN, marked as a trace (bpf/trace.h), so it learns,
 * counts and forwards nothing, and say what would happen to the frame:
 * the decision, the checks it passed or the one that dropped it, and
 * the ports it would leave by.
 */
#ifndef VSW_TRACE_H
#define VSW_TRACE_H

#include <stdbool.h>
#include <linux/types.h>
#include "datapath.h"

/* Run vsw_ingress on frame (14..VSW_TRACE_FRAME_MAX bytes) as if port
 * ifindex had received it. -EINVAL for a bad length, -ENODEV if ifindex
 * is no netdev, -EPROTO if the program sent back no decision. */
int vsw_trace_run(struct vsw_dp *dp, __u32 ifindex, const void *frame, __u32 len,
		  struct vsw_decision *dec);

/* A port the frame would leave by, and whether it leaves tagged. */
struct vsw_trace_dest {
	__u32 ifindex;
	bool tagged;
};

/* Where the egress program would let the decided frame out: the FDB's
 * port for a unicast, every up port of the VLAN but the ingress one for
 * a flood, none for a drop. dests holds VSW_MAX_PORTS. */
int vsw_trace_dests(struct vsw_dp *dp, const struct vsw_decision *dec,
		    struct vsw_trace_dest *dests, unsigned int *n);

/* The checks (policies) of the ingress pipeline the frame went through,
 * in order, by name: "port", "link", "parse", "vlan", "learn_limit", then
 * for a unicast "hairpin", "dest_port", "dest_link", "dest_vlan". Returns
 * how many; when the frame was dropped the last one is the check that
 * dropped it. names holds VSW_TRACE_CHECKS_MAX. (A trace stops once the
 * destination is decided: fitting the tag, which fails only on a driver
 * without headroom, is not traced.) */
#define VSW_TRACE_CHECKS_MAX 9
int vsw_trace_checks(const struct vsw_decision *dec, const char **names);

#endif /* VSW_TRACE_H */
