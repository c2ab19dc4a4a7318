// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A switch's capture ring, read (capture_ring.h). */
#include <errno.h>
#include <stdlib.h>
#include <bpf/libbpf.h>

#include "capture_ring.h"

#define RING_PAGES 256 /* per CPU, while a capture runs: 1 MiB, some 700 frames of 1500 bytes */

struct vsw_capture_ring {
	struct perf_buffer *pb;
	vsw_capture_record_fn record;
	vsw_capture_lost_fn lost;
	void *ctx;
};

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct vsw_capture_ring *r = ctx;
	const struct vsw_capture_hdr *h = data;

	/* The kernel pads a sample to 8 bytes; anything shorter than its
	 * header, or claiming more than it holds, is no record of ours. */
	if (size < sizeof(*h) || h->caplen > size - sizeof(*h))
		return;
	r->record(h, h + 1, r->ctx);
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	struct vsw_capture_ring *r = ctx;

	if (r->lost)
		r->lost(n, r->ctx);
}

int vsw_capture_ring_open(struct vsw_dp *dp, vsw_capture_record_fn record,
			  vsw_capture_lost_fn lost, void *ctx, struct vsw_capture_ring **out)
{
	struct vsw_capture_ring *r = calloc(1, sizeof(*r));
	int err;

	*out = NULL;
	if (!r)
		return -ENOMEM;
	r->record = record;
	r->lost = lost;
	r->ctx = ctx;
	r->pb = perf_buffer__new(vsw_dp_capture_fd(dp), RING_PAGES, on_sample, on_lost, r, NULL);
	if (!r->pb) {
		err = -errno;
		free(r);
		return err;
	}
	*out = r;
	return 0;
}

int vsw_capture_ring_fd(const struct vsw_capture_ring *r)
{
	return perf_buffer__epoll_fd(r->pb);
}

int vsw_capture_ring_read(struct vsw_capture_ring *r)
{
	int ret = perf_buffer__consume(r->pb);

	return ret < 0 ? ret : 0;
}

void vsw_capture_ring_close(struct vsw_capture_ring *r)
{
	if (!r)
		return;
	perf_buffer__free(r->pb);
	free(r);
}
