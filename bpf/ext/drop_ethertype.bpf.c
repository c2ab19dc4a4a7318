// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Filter extension: drops frames of one EtherType (looked up behind an
 * 802.1Q tag too), with drop reason `reason` in its counters.
 *
 *   vswctl ext add sw0 no-v6 kind filter stage ingress \
 *       object /usr/lib/vsw/ext/drop_ethertype.bpf.o program drop_ethertype_in \
 *       set ethertype=0x86dd
 */
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include "vsw_ext.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";
VSW_EXT_DECLARE_ABI();

const volatile __u16 ethertype = ETH_P_IPV6; /* host order */
const volatile __u8 reason = 1;              /* 0..VSW_EXT_REASONS-1 */

/* The frame's EtherType, past one 802.1Q tag; 0 if it is too short. */
static __always_inline __u16 frame_type(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__be16 *inner = data + sizeof(*eth) + 2;

	if ((void *)(eth + 1) > end)
		return 0;
	if (eth->h_proto != bpf_htons(ETH_P_8021Q))
		return bpf_ntohs(eth->h_proto);
	return (void *)(inner + 1) > end ? 0 : bpf_ntohs(*inner);
}

static __always_inline void filter(struct xdp_md *ctx, __u32 stage)
{
	struct vsw_ext_md *md = vsw_ext_md_get(stage);

	if (md && frame_type(ctx) == ethertype)
		vsw_ext_drop(md, reason);
}

SEC("xdp")
int drop_ethertype_in(struct xdp_md *ctx)
{
	filter(ctx, VSW_EXT_INGRESS);
	return vsw_ext_ingress_done(ctx);
}

SEC("xdp/devmap")
int drop_ethertype_out(struct xdp_md *ctx)
{
	filter(ctx, VSW_EXT_EGRESS);
	return vsw_ext_egress_done(ctx);
}
