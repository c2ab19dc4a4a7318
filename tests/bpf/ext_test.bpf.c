// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Extensions for tests/test_ext.c only: one that stamps its mark into the
 * frame (to see the order a slot runs in), and the ones the loader must
 * refuse or restrain.
 */
#include "vsw_ext.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";
VSW_EXT_DECLARE_ABI();

const volatile __u8 mark = 1;

/* Filter: byte 14 of the frame counts the stamps so far; write `mark`
 * after them. A frame thus lists, in order, the filters it went through. */
static __always_inline void stamp_frame(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *count = data + 14, *slot;
	__u32 n;

	if ((void *)(count + 1) > end)
		return;
	n = *count & 15;
	/* checked after the variable offset, as the verifier wants */
	slot = data + 15 + n;
	if ((void *)(slot + 1) > end)
		return;
	*slot = mark;
	*count = n + 1;
}

SEC("xdp")
int stamp(struct xdp_md *ctx)
{
	stamp_frame(ctx);
	return vsw_ext_ingress_done(ctx);
}

/* The same at egress. */
SEC("xdp/devmap")
int stamp_out(struct xdp_md *ctx)
{
	stamp_frame(ctx);
	return vsw_ext_egress_done(ctx);
}

/* Egress filter: byte 14 of each copy says whether the switch handed it
 * over as a port mirroring copy ('M') or as the frame's own delivery ('-'). */
SEC("xdp/devmap")
int mark_mirror_out(struct xdp_md *ctx)
{
	struct vsw_ext_md *md = vsw_ext_md_get(VSW_EXT_EGRESS);
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *b = data + 14;

	if (md && (void *)(b + 1) <= end)
		*b = md->flags & VSW_EXT_F_MIRROR ? 'M' : '-';
	return vsw_ext_egress_done(ctx);
}

/* Loaded as capture: asks to drop and to forward, both to be ignored. */
SEC("xdp")
int greedy(struct xdp_md *ctx)
{
	struct vsw_ext_md *md = vsw_ext_md_get(VSW_EXT_INGRESS);

	if (md)
		vsw_ext_drop(md, 2);
	return vsw_ext_ingress_done(ctx);
}

/* Never tail-calls back: refused. */
SEC("xdp")
int no_return(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* Reads past the end of the frame without a bounds check: the verifier
 * refuses it. */
SEC("xdp")
int unchecked(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;

	if (data[20] == 7)
		return XDP_DROP;
	return vsw_ext_ingress_done(ctx);
}

/* Moves the frame's start: refused as a capture extension. */
SEC("xdp")
int adjusts(struct xdp_md *ctx)
{
	bpf_xdp_adjust_head(ctx, 0);
	return vsw_ext_ingress_done(ctx);
}

/* Writes through a pointer kept on the stack across a helper call:
 * refused as a capture extension. */
SEC("xdp")
int sneaky_write(struct xdp_md *ctx)
{
	volatile __u8 *p = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;

	if ((__u8 *)p + 1 > end)
		return vsw_ext_ingress_done(ctx);
	bpf_ktime_get_ns();
	*p = 0xee;
	return vsw_ext_ingress_done(ctx);
}
