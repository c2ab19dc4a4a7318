/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * 802.1Q inside the pipeline: between ingress and egress every frame
 * carries its classified VLAN as a real tag, so each egress decision is
 * made from the frame itself. Ingress pushes (or fills in) the tag,
 * egress pops it where the destination wants the frame untagged.
 */
#ifndef VSW_BPF_VLAN_H
#define VSW_BPF_VLAN_H

#include "parse.h"
#include "vsw_structs.h"

static __always_inline int port_has_vid(const struct vsw_port *p, __u16 vid)
{
	return (p->vlans[(vid >> 6) & (VSW_VID_BITMAP_WORDS - 1)] >> (vid & 63)) & 1;
}

/* Does the destination port want frames of this VID without a tag? */
static __always_inline int port_sends_untagged(const struct vsw_port *p, __u16 vid)
{
	return p->mode == VSW_PORT_ACCESS || (p->pvid && vid == p->pvid);
}

/* The two MAC addresses, moved as one unit when the tag comes or goes. */
struct mac_pair {
	__u32 w[3];
};

/* Insert an 802.1Q tag with this TCI after the MAC addresses.
 * Returns 0, or -1 when the headroom or the frame is too small. */
static __always_inline int vlan_tag_push(struct xdp_md *ctx, __u16 tci)
{
	struct mac_pair macs;
	__be16 *tag;
	void *data, *end;

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + sizeof(macs) > end)
		return -1;
	macs = *(struct mac_pair *)data;

	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct vlan_hdr)))
		return -1;

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	tag = data + sizeof(macs);
	if ((void *)(tag + 2) > end)
		return -1;
	*(struct mac_pair *)data = macs;
	/* TPID and TCI; the original EtherType already follows them. */
	tag[0] = BE_ETH_P_8021Q;
	tag[1] = bpf_htons(tci);
	return 0;
}

/* Remove the outer tag. Returns 0, or -1 when the frame is too small. */
static __always_inline int vlan_tag_pop(struct xdp_md *ctx)
{
	struct mac_pair macs;
	void *data, *end;

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + sizeof(macs) + sizeof(struct vlan_hdr) > end)
		return -1;
	macs = *(struct mac_pair *)data;
	*(struct mac_pair *)(data + sizeof(struct vlan_hdr)) = macs;
	return bpf_xdp_adjust_head(ctx, (int)sizeof(struct vlan_hdr)) ? -1 : 0;
}

#endif /* VSW_BPF_VLAN_H */
