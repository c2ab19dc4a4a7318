/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * 802.1Q inside the pipeline. A frame keeps the tag state it arrived with
 * until its destination is known; then one step (tag_fit) makes it what
 * that port wants: untagged, or tagged with the classified TCI.
 *
 * Unicast is fitted by ingress, which knows the destination. A flooded
 * frame goes to many ports at once, so ingress hands its TCI to the egress
 * program in a shim in front of the frame that takes the place of its tag
 * (struct vsw_shim), and each destination's copy is fitted there.
 */
#ifndef VSW_BPF_VLAN_H
#define VSW_BPF_VLAN_H

#include "parse.h"
#include "vsw_structs.h"

static __always_inline int port_has_vid(const struct vsw_port *p, __u16 vid)
{
	return (p->vlans[(vid >> 6) & (VSW_VID_BITMAP_WORDS - 1)] >> (vid & 63)) & 1;
}

/* Does the destination port want frames of this VID with a tag? */
static __always_inline int port_sends_tagged(const struct vsw_port *p, __u16 vid)
{
	return p->mode == VSW_PORT_TRUNK && vid != p->pvid;
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

/* Rewrite the TCI of the frame's (outer) tag. */
static __always_inline int vlan_tag_set(struct xdp_md *ctx, __u16 tci)
{
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct vlan_hdr *vh = (void *)(eth + 1);

	if ((void *)(vh + 1) > (void *)(long)ctx->data_end)
		return -1;
	vh->tci = bpf_htons(tci);
	return 0;
}

/*
 * Make the frame what the destination wants: untagged, or tagged with tci.
 * tagged: the frame has a tag now. Returns 0, or -1 if it cannot be done
 * (no headroom, frame too short).
 */
static __always_inline int tag_fit(struct xdp_md *ctx, int tagged, int want_tag, __u16 tci)
{
	if (tagged && !want_tag)
		return vlan_tag_pop(ctx);
	if (!tagged && want_tag)
		return vlan_tag_push(ctx, tci);
	if (tagged)
		return vlan_tag_set(ctx, tci); /* a priority tag gets its VID */
	return 0;
}

/*
 * Put the shim (struct vsw_shim: word) in front of the frame, in place of
 * its tag: a tagged frame (tagged) keeps its length, the MAC addresses
 * moving into the tag's 4 bytes; an untagged one grows by 4. Written in
 * place: a copy on the stack would cost ingress_deliver stack that 6.1's
 * verifier does not have to spare. Returns 0, or -1 when the frame or
 * the headroom is too small.
 */
static __always_inline int shim_push(struct xdp_md *ctx, int tagged, __u32 word)
{
	struct mac_pair macs;
	void *data, *end;

	if (!tagged && bpf_xdp_adjust_head(ctx, -(int)sizeof(struct vsw_shim)))
		return -1;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + sizeof(struct vsw_shim) + sizeof(macs) > end)
		return -1;
	if (tagged) {
		macs = *(struct mac_pair *)data;
		*(struct mac_pair *)(data + sizeof(struct vsw_shim)) = macs;
	}
	((struct vsw_shim *)data)->word = word;
	return 0;
}

/* Take the shim ingress pushed off the frame (which then has no tag).
 * Returns its word, or 0 when the frame carries none (it did not come
 * from vsw_ingress). */
static __always_inline __u32 shim_pull(struct xdp_md *ctx)
{
	struct vsw_shim *m = (void *)(long)ctx->data;
	__u32 word;

	if ((void *)(m + 1) > (void *)(long)ctx->data_end)
		return 0;
	word = m->word;
	if ((word & VSW_SHIM_MAGIC_MASK) != VSW_SHIM_MAGIC)
		return 0;
	return bpf_xdp_adjust_head(ctx, (int)sizeof(*m)) ? 0 : word;
}

#endif /* VSW_BPF_VLAN_H */
