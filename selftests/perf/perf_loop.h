/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The closed loop of the benchmark (selftests/perf/perf.bpf.c perf_loop,
 * driven by loop.c): what each far end does with a frame it receives.
 * Shared by the BPF program and vsw-perf.
 */
#ifndef VSW_PERF_LOOP_H
#define VSW_PERF_LOOP_H

#include <linux/types.h>

#define PERF_LOOP_SLOTS 64 /* far ends counted separately, per CPU */

enum perf_loop_mode {
	PERF_LOOP_SWAP = 0, /* swap destination and source MAC, send back */
	PERF_LOOP_SET = 1,  /* write dst and src of the entry, send back */
	PERF_LOOP_DROP = 2, /* count only */
	PERF_LOOP_VXLAN = 3, /* a VXLAN underlay's far end: swap the outer
			      * MACs, the outer IPv4 addresses and the inner
			      * MACs, send back (a remote VTEP that answers) */
};

/* perf_loop_ends: HASH by the far end's ifindex. */
struct perf_loop_end {
	__u8 dst[6];  /* PERF_LOOP_SET: the new destination; with ndst > 1,
		       * bytes 0..2 of every destination after the swap */
	__u8 src[6];  /* PERF_LOOP_SET: the new source */
	__u32 mode;   /* enum perf_loop_mode */
	__u32 slot;   /* counter index, < PERF_LOOP_SLOTS */
	__u32 ndst;   /* > 1: bytes 3..5 of the destination cycle 0..ndst-1 */
};

/* perf_loop_count: PERCPU_ARRAY by slot. */
struct perf_count {
	__u64 packets;
	__u64 bytes;
};

#endif /* VSW_PERF_LOOP_H */
