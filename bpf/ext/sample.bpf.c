// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Capture extension: one frame in `every` (per CPU) goes, with its first
 * VSW_EXT_SAMPLE_BYTES bytes, into the ring buffer vsw_ext_samples, which
 * `vswctl ext samples SWITCH NAME` empties. Read-only: it never changes
 * the frame, so the loader accepts it as a capture extension.
 *
 *   vswctl ext add sw0 tap kind capture stage ingress \
 *       object /usr/lib/vsw/ext/sample.bpf.o program sample_ingress set every=100
 */
#include "vsw_ext.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";
VSW_EXT_DECLARE_ABI();

const volatile __u32 every = 16; /* sample 1 frame in `every` */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} vsw_ext_samples SEC(".maps");

/* Frames seen on this CPU since the last sample. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} seen SEC(".maps");

static __always_inline void sample(struct xdp_md *ctx, __u32 stage)
{
	struct vsw_ext_md *md = vsw_ext_md_get(stage);
	/* The whole frame: a multi-buffer one is longer than its first
	 * buffer (data..data_end); bpf_xdp_load_bytes reads across. */
	__u32 len = bpf_xdp_get_buff_len(ctx), n, zero = 0;
	struct vsw_ext_sample *s;
	__u32 *count = bpf_map_lookup_elem(&seen, &zero);

	if (!md || !count || ++*count < every)
		return;
	*count = 0;
	s = bpf_ringbuf_reserve(&vsw_ext_samples, sizeof(*s), 0);
	if (!s)
		return;
	s->in_ifindex = md->in_ifindex;
	s->out_ifindex = md->out_ifindex;
	s->vid = md->vid;
	s->stage = stage;
	s->pad = 0;
	s->len = len;
	/* 1..VSW_EXT_SAMPLE_BYTES, in a form the verifier sees as such (a
	 * mask, then + 1): Linux 6.1 refuses a size it cannot see above 0,
	 * and the compiler may test a copy of n instead of n. */
	n = len < VSW_EXT_SAMPLE_BYTES ? len : VSW_EXT_SAMPLE_BYTES;
	barrier_var(n);
	n = ((n - 1) & (VSW_EXT_SAMPLE_BYTES - 1)) + 1;
	s->cap_len = 0;
	if (len && !bpf_xdp_load_bytes(ctx, 0, s->data, n))
		s->cap_len = n;
	bpf_ringbuf_submit(s, 0);
}

SEC("xdp")
int sample_ingress(struct xdp_md *ctx)
{
	sample(ctx, VSW_EXT_INGRESS);
	return vsw_ext_ingress_done(ctx);
}

SEC("xdp/devmap")
int sample_egress(struct xdp_md *ctx)
{
	sample(ctx, VSW_EXT_EGRESS);
	return vsw_ext_egress_done(ctx);
}
