// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Extensions that reach the frame from a callback, which the kernel runs
 * on the program's behalf (bpf_loop here; bpf_for_each_map_elem, timers
 * and bpf_find_vma take callbacks the same way). tests/test_ext.c loads
 * them: as filters they may write, as captures the loader must refuse
 * the one that writes and accept the one that only reads.
 */
#include "vsw_ext.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";
VSW_EXT_DECLARE_ABI();

/* What the program hands its callback: the frame, through the stack. */
struct frame_ref {
	void *data, *end;
	__u32 sum;
};

/* Bytes 14..17 of the frame become 0xcb; one round is enough. */
static long write_byte(__u32 i, void *arg)
{
	struct frame_ref *f = arg;
	__u8 *p = f->data;

	if ((void *)(p + 18) > f->end)
		return 1;
	p[14] = p[15] = p[16] = p[17] = 0xcb;
	return 1;
}

/* Adds bytes 14..17 of the frame up on the stack (reads only). */
static long read_byte(__u32 i, void *arg)
{
	struct frame_ref *f = arg;
	__u8 *p = f->data;

	if ((void *)(p + 18) > f->end)
		return 1;
	f->sum += p[14] + p[15] + p[16] + p[17];
	return 1;
}

/* Writes the frame from a bpf_loop callback: a filter may, a capture not. */
SEC("xdp")
int loop_write(struct xdp_md *ctx)
{
	struct frame_ref f = {
		.data = (void *)(long)ctx->data, .end = (void *)(long)ctx->data_end,
	};

	bpf_loop(4, write_byte, &f, 0);
	return vsw_ext_ingress_done(ctx);
}

/* Only reads the frame from its callback: a fine capture. */
SEC("xdp")
int loop_read(struct xdp_md *ctx)
{
	struct frame_ref f = {
		.data = (void *)(long)ctx->data, .end = (void *)(long)ctx->data_end,
	};
	struct vsw_ext_md *md = vsw_ext_md_get(VSW_EXT_INGRESS);

	bpf_loop(4, read_byte, &f, 0);
	if (md && f.sum == 0x7fff)
		md->reason = 1; /* keeps the sum alive; never true in the tests */
	return vsw_ext_ingress_done(ctx);
}
