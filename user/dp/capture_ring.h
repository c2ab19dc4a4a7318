/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A switch's capture ring (vsw_capture: one perf buffer per CPU, filled
 * by bpf/capture.h while a port has its capture flags), read in the
 * caller's event loop: vsw_capture_ring_fd() becomes readable when
 * records wait, vsw_capture_ring_read() hands each to the caller.
 */
#ifndef VSW_CAPTURE_RING_H
#define VSW_CAPTURE_RING_H

#include <linux/types.h>
#include "datapath.h"

struct vsw_capture_ring;

/* One record: its header and the frame's first h->caplen bytes. */
typedef void (*vsw_capture_record_fn)(const struct vsw_capture_hdr *h, const void *frame,
				      void *ctx);
/* n records the kernel could not store: the ring was full. */
typedef void (*vsw_capture_lost_fn)(__u64 n, void *ctx);

/* Open the ring of dp. Returns 0 or -errno. */
int vsw_capture_ring_open(struct vsw_dp *dp, vsw_capture_record_fn record,
			  vsw_capture_lost_fn lost, void *ctx, struct vsw_capture_ring **out);
/* Readable (EPOLLIN) while records wait. */
int vsw_capture_ring_fd(const struct vsw_capture_ring *r);
/* Hand every waiting record to the callbacks; never waits. 0 or -errno. */
int vsw_capture_ring_read(struct vsw_capture_ring *r);
/* Accepts NULL. */
void vsw_capture_ring_close(struct vsw_capture_ring *r);

#endif /* VSW_CAPTURE_RING_H */
