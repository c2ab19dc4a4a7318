/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The destination NIC's MTU (docs/offloads.md, Jumbo frames).
 *
 * A frame longer than the MTU of the NIC it is for would die behind that
 * NIC (the kernel drops it at a veth, a guest's driver at a TAP) where
 * vsw cannot count it, so the switch drops it first, as `mtu`. One kind
 * of long frame must go through: a GSO frame of the skb path, which the
 * kernel cuts into segments that fit the destination when it gets there.
 * XDP cannot see an skb's GSO state, so the check lets through what could
 * be one: a TCP or UDP frame, unfragmented, from a port attached in
 * generic XDP. A native port never receives a GSO frame (the kernel turns
 * GSO off behind a native XDP program), so from there every long frame is
 * a real one.
 */
#ifndef VSW_BPF_MTU_H
#define VSW_BPF_MTU_H

#include "l4.h"
#include "port.h"

/* Could the frame be a GSO frame? Only TCP or UDP can be; a tag and IPv6
 * extension headers are looked past. */
static __always_inline int frame_may_be_gso(struct xdp_md *ctx)
{
	struct vlan_hdr *vh;
	struct ethhdr *eth;
	struct cursor c;
	__be16 type;
	__u8 proto;

	cursor_init(&c, ctx);
	if (parse_ethhdr(&c, &eth) < 0)
		return 0;
	type = eth->h_proto;
	if (is_tag_type(type)) {
		if (parse_vlanhdr(&c, &vh) < 0)
			return 0;
		type = vh->proto;
	}
	if (type != bpf_htons(ETH_P_IP) && type != bpf_htons(ETH_P_IPV6))
		return 0;
	if (l4_find(&c, type, &proto) != L4_FOUND)
		return 0;
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP;
}

/*
 * The long frame's verdict, in a global function of its own so that the
 * verifier checks the walk once; reached only by frames longer than the
 * destination's MTU. src_ifindex: the netdev the frame arrived on.
 */
__noinline int mtu_exceeded(struct xdp_md *ctx, __u32 src_ifindex)
{
	struct vsw_port *src;

	if (!ctx)
		return VSW_DROP_MTU;
	src = port_lookup(src_ifindex);
	if (src && (src->flags & VSW_PORT_F_SKB_MODE) && frame_may_be_gso(ctx))
		return VSW_GO;
	return VSW_DROP_MTU;
}

/* VSW_GO when the destination port's NIC takes the frame, else
 * VSW_DROP_MTU. l2len: its Ethernet header and tag, if it has one. */
static __always_inline int mtu_fits(struct xdp_md *ctx, const struct vsw_port *dport,
				    __u32 l2len, __u32 src_ifindex)
{
	__u32 len = ctx->data_end - ctx->data;

	if (!dport->mtu || len <= dport->mtu + l2len)
		return VSW_GO;
	return mtu_exceeded(ctx, src_ifindex);
}

#endif /* VSW_BPF_MTU_H */
