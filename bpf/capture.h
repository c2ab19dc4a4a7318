/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Capture: copy a frame crossing a port into the vsw_capture perf ring,
 * as a struct vsw_capture_hdr followed by the frame's first bytes, up to
 * VSW_CAPTURE_SNAPLEN. Of a multi-buffer frame the kernel copies from
 * every buffer in turn (bpf_perf_event_output on an XDP context copies
 * with bpf_xdp_copy, which walks the fragments), so a jumbo frame is
 * captured whole. The
 * programs call this only for ports flagged VSW_PORT_F_CAPTURE_*; the
 * test of that flag is on a value they have loaded anyway, so ports not
 * being captured pay one bit test.
 */
#ifndef VSW_BPF_CAPTURE_H
#define VSW_BPF_CAPTURE_H

#include "vsw_maps.h"

/* len: the frame's whole length (frame_len). A global function: its
 * record header lives in a frame of its own, not in the stack of every
 * program that captures (6.1 allows a chain of frames 512 bytes). */
__noinline int capture_frame(struct xdp_md *ctx, __u32 ifindex, __u32 dir, __u32 len)
{
	struct vsw_capture_hdr h = {
		.tstamp_ns = bpf_ktime_get_ns(),
		.ifindex = ifindex,
		.len = len,
		.caplen = len < VSW_CAPTURE_SNAPLEN ? len : VSW_CAPTURE_SNAPLEN,
		.dir = dir,
	};

	/* The upper 32 bits of flags: how many bytes of the frame follow h.
	 * A full ring loses the record; the reader counts the losses. */
	if (!ctx)
		return 0;
	return bpf_perf_event_output(ctx, &vsw_capture,
				     BPF_F_CURRENT_CPU | ((__u64)h.caplen << 32), &h, sizeof(h));
}

#endif /* VSW_BPF_CAPTURE_H */
