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
#include "names.h"

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

#endif /* VSW_TRACE_H */
