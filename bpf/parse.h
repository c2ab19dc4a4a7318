/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Cursor-style header parsing: each helper checks bounds before it reads,
 * advances the cursor and returns what follows, or -1 when the frame is
 * too short. Nothing past a failed check is ever read.
 */
#ifndef VSW_BPF_PARSE_H
#define VSW_BPF_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct cursor {
	void *pos;
	void *end;
};

struct vlan_hdr {
	__be16 tci;   /* PCP(3) DEI(1) VID(12) */
	__be16 proto; /* the encapsulated EtherType */
};

#define VLAN_VID_MASK   0x0fff
#define VLAN_VID_RESERVED 0x0fff /* VID 4095 may not appear on the wire */
#define VLAN_PCP_DEI_MASK 0xf000

/* A check found nothing against the frame: it goes on. Checks return
 * this or an enum vsw_drop_reason. */
#define VSW_GO (-1)

/* Network-order constants, computed once by the compiler. */
#define BE_ETH_P_8021Q  bpf_htons(ETH_P_8021Q)
#define BE_ETH_P_8021AD bpf_htons(ETH_P_8021AD)
#define BE_ETH_P_QINQ1  bpf_htons(0x9100) /* pre-standard S-tag */

/*
 * The frame's whole length. A multi-buffer frame (a jumbo frame on a
 * native port: veth and most drivers put about 3.5 KB in the first
 * buffer) is longer than data..data_end, which holds its first buffer
 * only; that is where its headers are, and all the parsing here reads.
 * Whatever counts or limits the frame's bytes takes this length.
 */
static __always_inline __u32 frame_len(struct xdp_md *ctx)
{
	return bpf_xdp_get_buff_len(ctx);
}

/* The length of the frame's first buffer, data..data_end: a number,
 * which the compiler may not fold into other sums (the verifier refuses
 * arithmetic on data_end itself). */
static __always_inline __u32 first_len(struct xdp_md *ctx)
{
	__u32 n = ctx->data_end - ctx->data;

	barrier_var(n);
	return n;
}

/* Has the frame of length len (frame_len) buffers beyond the first? */
static __always_inline int frame_is_multi(struct xdp_md *ctx, __u32 len)
{
	return len > first_len(ctx);
}

/* The frame's new length after a change of its first buffer only (a tag
 * pushed or popped): len was its length when that buffer spanned
 * first bytes (first_len). Saves asking the kernel again. */
static __always_inline __u32 frame_len_after(struct xdp_md *ctx, __u32 len, __u32 first)
{
	return len - first + first_len(ctx);
}

static __always_inline void cursor_init(struct cursor *c, struct xdp_md *ctx)
{
	c->pos = (void *)(long)ctx->data;
	c->end = (void *)(long)ctx->data_end;
}

/* Returns the EtherType/length field (network order) or -1. */
static __always_inline int parse_ethhdr(struct cursor *c, struct ethhdr **eth)
{
	struct ethhdr *h = c->pos;

	if ((void *)(h + 1) > c->end)
		return -1;
	c->pos = h + 1;
	*eth = h;
	return h->h_proto;
}

/* Returns the encapsulated EtherType (network order) or -1. */
static __always_inline int parse_vlanhdr(struct cursor *c, struct vlan_hdr **vh)
{
	struct vlan_hdr *h = c->pos;

	if ((void *)(h + 1) > c->end)
		return -1;
	c->pos = h + 1;
	*vh = h;
	return h->proto;
}

static __always_inline int is_tag_type(__be16 proto)
{
	return proto == BE_ETH_P_8021Q || proto == BE_ETH_P_8021AD ||
	       proto == BE_ETH_P_QINQ1;
}

/* 0x05DD..0x05FF is neither an 802.3 length (<= 1500) nor an EtherType. */
static __always_inline int is_invalid_type(__be16 proto)
{
	__u16 p = bpf_ntohs(proto);

	return p > ETH_DATA_LEN && p < ETH_P_802_3_MIN;
}

#endif /* VSW_BPF_PARSE_H */
