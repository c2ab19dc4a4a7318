/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Finding the transport header of an IP frame, for the port guards and
 * the ACLs alike (one walk, one answer).
 *
 * IPv6 puts any number of extension headers (hop-by-hop, routing,
 * fragment, destination options, and AH, which the kernel walks alike)
 * between the fixed header and the
 * transport header. The walk follows at most L4_IPV6_EXT_MAX of them, as
 * the kernel and OVS bound theirs; a frame whose chain is longer, or
 * truncated, is L4_UNPARSED, and a check that must see the transport
 * header fails closed on it (RFC 7113 for the router guard; a port with
 * deny rules on L4 fields for the ACLs): hiding a header behind more
 * extension headers must never be a way past a guard or a rule.
 */
#ifndef VSW_BPF_L4_H
#define VSW_BPF_L4_H

#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include "parse.h"

#define L4_IPV6_EXT_MAX 8

enum l4_where {
	L4_FOUND = 0,   /* c->pos at the transport header, *proto its protocol */
	L4_LATER_FRAG,  /* a fragment after the first: no transport header,
			 * *proto still known */
	L4_UNPARSED,    /* truncated, or the chain is longer than the walk */
};

/*
 * c->pos at the IPv4 or IPv6 header (l3: ETH_P_IP or ETH_P_IPV6, network
 * order). On return *proto is the transport protocol (L4_FOUND,
 * L4_LATER_FRAG) and, for L4_FOUND, c->pos its header.
 */
static __always_inline int l4_find(struct cursor *c, __be16 l3, __u8 *proto)
{
	struct ipv6hdr *ip6;
	struct iphdr *ip;
	__u8 *ext, next;

	if (l3 == bpf_htons(ETH_P_IP)) {
		ip = c->pos;
		if ((void *)(ip + 1) > c->end || ip->ihl < 5)
			return L4_UNPARSED;
		*proto = ip->protocol;
		if (ip->frag_off & bpf_htons(0x1fff))
			return L4_LATER_FRAG;
		c->pos = (void *)ip + ip->ihl * 4;
		return L4_FOUND;
	}
	ip6 = c->pos;
	if ((void *)(ip6 + 1) > c->end)
		return L4_UNPARSED;
	c->pos = ip6 + 1;
	next = ip6->nexthdr;
	for (int i = 0; i < L4_IPV6_EXT_MAX + 1; i++) {
		ext = c->pos;
		if (next != IPPROTO_HOPOPTS && next != IPPROTO_ROUTING &&
		    next != IPPROTO_DSTOPTS && next != IPPROTO_FRAGMENT && next != IPPROTO_AH) {
			*proto = next;
			return L4_FOUND;
		}
		if ((void *)(ext + 8) > c->end)
			return L4_UNPARSED;
		if (next == IPPROTO_FRAGMENT) {
			/* Offset not 0: the transport header was in the first. */
			if (ext[2] | (ext[3] & 0xf8)) {
				*proto = ext[0];
				return L4_LATER_FRAG;
			}
			c->pos = ext + 8;
		} else if (next == IPPROTO_AH) {
			c->pos = ext + (ext[1] + 2) * 4; /* AH counts 4-byte words, less 2 */
		} else {
			c->pos = ext + (ext[1] + 1) * 8;
		}
		next = ext[0];
	}
	return L4_UNPARSED;
}

#endif /* VSW_BPF_L4_H */
