/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Port policies in the datapath (include/vsw_policy.h is the layout,
 * docs/policies.md the design). Each check returns a drop reason or
 * VSW_GO; the caller records the drop.
 *
 *   source side (the frame comes from the port's NIC), in vsw_ingress:
 *     policy_from_nic()    after classification: MAC guard, DHCP guard,
 *                          router guard, 802.1p reset
 *     policy_limit_from_nic()  after the FDB lookup: storm control, the
 *                          port's "out" rate
 *   destination side (the frame goes to the port's NIC):
 *     policy_pvlan_to_nic()  private VLANs: ingress for known unicast
 *                          (a drop), vsw_egress for a flood copy (pruned)
 *     policy_rate_to_nic()   the port's "in" rate, after the port's ACL:
 *                          where the frame is finished (ingress for known
 *                          unicast, else vsw_egress), so once per frame
 *
 * A port without policies costs one array lookup and a test per side.
 */
#ifndef VSW_BPF_POLICY_H
#define VSW_BPF_POLICY_H

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include "parse.h"
#include "port.h"
#include "vsw_policy.h"

/* struct vsw_port_policy by port slot; written by the loader only. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct vsw_port_policy);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_port_pol SEC(".maps");

/* The virtual clock of each bucket: slot * VSW_BKT__MAX + bucket. Shared
 * by every CPU and changed by atomic adds only (see bucket_take()). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VSW_MAX_PORTS * VSW_BKT__MAX);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_pol_bucket SEC(".maps");

/* A check found nothing against the frame: it goes on. */
#define VSW_GO (-1)

#define POL_GUARDS (VSW_POL_F_MAC_GUARD | VSW_POL_F_DHCP_GUARD | VSW_POL_F_ROUTER_GUARD)

static __always_inline struct vsw_port_policy *policy_of(__u32 slot)
{
	return bpf_map_lookup_elem(&vsw_port_pol, &slot);
}

/*
 * Take `units` from a bucket at time now; returns 1 if the frame may go.
 *
 * The bucket is a virtual clock: the time up to which the port's budget
 * is spent. A frame passes when the clock plus its cost is not ahead of
 * now, and then moves the clock by its cost with one atomic add: no lock,
 * no compare-and-swap loop, and a refused frame only reads the shared
 * word. Two CPUs that read the clock at once may both pass; the clock
 * still gets both costs, so what one frame took too early the next ones
 * wait for: the long-run rate stays exact and a burst can exceed its size
 * by at most a frame per CPU. A clock more than the burst behind now (an
 * idle port) is set to now - burst with a plain store; adds racing with
 * that store are lost, once per idle period.
 */
static __always_inline int bucket_take(__u32 slot, __u32 bucket, const struct vsw_bucket_cfg *b,
				       __u32 units, __u64 now)
{
	__u32 key = slot * VSW_BKT__MAX + bucket;
	__u64 *clock, cost, floor, old;

	if (!b->cost)
		return 1;
	clock = bpf_map_lookup_elem(&vsw_pol_bucket, &key);
	if (!clock)
		return 1;
	cost = ((__u64)units * b->cost) >> VSW_BKT_COST_SHIFT;
	floor = now - b->depth_ns;
	old = *(volatile __u64 *)clock;
	if ((__s64)(old - floor) < 0) {
		*clock = floor + cost;
		return 1;
	}
	if ((__s64)(old + cost - now) > 0)
		return 0;
	__sync_fetch_and_add(clock, cost);
	return 1;
}

static __always_inline int mac_equal(const __u8 *a, const __u8 *b)
{
	return *(const __u32 *)a == *(const __u32 *)b &&
	       *(const __u16 *)(a + 4) == *(const __u16 *)(b + 4);
}

static __always_inline int mac_allowed(const struct vsw_port_policy *pol, const __u8 *src)
{
	for (int i = 0; i < VSW_POL_MACS; i++) {
		if (i >= pol->nmacs)
			break;
		if (mac_equal(pol->macs[i], src))
			return 1;
	}
	return 0;
}

/* IPv6 extension headers a guard looks through, so that a hop-by-hop or
 * destination option cannot hide an RA (RFC 7113). */
#define POL_IPV6_EXT_MAX 4

/* Protocol and position of the transport header, or -1 for frames that
 * have none the guards look at (not IP, a later fragment, truncated). */
static __always_inline int l4_find(struct cursor *c, __be16 proto)
{
	struct ipv6hdr *ip6;
	struct iphdr *ip;
	__u8 *ext, next;

	if (proto == bpf_htons(ETH_P_IP)) {
		ip = c->pos;
		if ((void *)(ip + 1) > c->end || ip->ihl < 5)
			return -1;
		if (ip->frag_off & bpf_htons(0x1fff)) /* not the first fragment */
			return -1;
		c->pos = (void *)ip + ip->ihl * 4;
		return ip->protocol;
	}
	if (proto != bpf_htons(ETH_P_IPV6))
		return -1;
	ip6 = c->pos;
	if ((void *)(ip6 + 1) > c->end)
		return -1;
	c->pos = ip6 + 1;
	next = ip6->nexthdr;
	for (int i = 0; i < POL_IPV6_EXT_MAX; i++) {
		ext = c->pos;
		if (next != IPPROTO_HOPOPTS && next != IPPROTO_ROUTING &&
		    next != IPPROTO_DSTOPTS && next != IPPROTO_FRAGMENT)
			return next;
		if ((void *)(ext + 8) > c->end)
			return -1;
		if (next == IPPROTO_FRAGMENT) {
			if (ext[2] | (ext[3] & 0xf8)) /* offset != 0 */
				return -1;
			c->pos = ext + 8;
		} else {
			c->pos = ext + (ext[1] + 1) * 8;
		}
		next = ext[0];
	}
	return -1;
}

/* DHCP server messages: DHCPv4 BOOTREPLY from port 67; DHCPv6 Advertise,
 * Reply, Reconfigure (to a client's port 546 or from a server's 547). */
static __always_inline int is_dhcp_server(struct cursor *c, __be16 proto)
{
	__u8 *udp = c->pos;
	__u16 sport, dport;
	__u8 type;

	if ((void *)(udp + 9) > c->end)
		return 0;
	sport = (udp[0] << 8) | udp[1];
	dport = (udp[2] << 8) | udp[3];
	type = udp[8]; /* BOOTP op; DHCPv6 msg-type */
	if (proto == bpf_htons(ETH_P_IP))
		return sport == 67 && type == 2;
	return (dport == 546 || sport == 547) && (type == 2 || type == 7 || type == 10);
}

/* Router messages: ICMPv6 Router Advertisement (134), Redirect (137);
 * ICMPv4 Redirect (5). */
static __always_inline int is_router_msg(struct cursor *c, int l4)
{
	__u8 *icmp = c->pos;

	if ((void *)(icmp + 1) > c->end)
		return 0;
	if (l4 == IPPROTO_ICMPV6)
		return icmp[0] == 134 || icmp[0] == 137;
	return icmp[0] == 5;
}

/* The DHCP and router guards: a drop reason, or -1 to let the frame go. */
static __always_inline int guard_l3(struct xdp_md *ctx, __u32 flags)
{
	struct vlan_hdr *vh;
	struct ethhdr *eth;
	struct cursor c;
	int proto, l4;

	cursor_init(&c, ctx);
	proto = parse_ethhdr(&c, &eth);
	if (proto == BE_ETH_P_8021Q)
		proto = parse_vlanhdr(&c, &vh);
	if (proto < 0)
		return -1;
	l4 = l4_find(&c, proto);
	if (l4 == IPPROTO_UDP && (flags & VSW_POL_F_DHCP_GUARD) && is_dhcp_server(&c, proto))
		return VSW_DROP_DHCP_GUARD;
	if (((l4 == IPPROTO_ICMP && proto == bpf_htons(ETH_P_IP)) ||
	     (l4 == IPPROTO_ICMPV6 && proto == bpf_htons(ETH_P_IPV6))) &&
	    (flags & VSW_POL_F_ROUTER_GUARD) && is_router_msg(&c, l4))
		return VSW_DROP_ROUTER_GUARD;
	return -1;
}

/*
 * The frame came from the port's NIC and is classified: the guards, then
 * the 802.1p bits (*tci: the TCI to carry on). Returns VSW_GO or a drop
 * reason.
 */
static __always_inline int policy_from_nic(struct xdp_md *ctx, const struct vsw_port *port,
					   const struct ethhdr *eth, __u16 *tci)
{
	struct vsw_port_policy *pol = policy_of(port->slot);
	int reason;

	if (!pol || !pol->flags)
		return VSW_GO;
	if ((pol->flags & VSW_POL_F_MAC_GUARD) && !mac_allowed(pol, eth->h_source))
		return VSW_DROP_MAC_SPOOF;
	if (pol->flags & (VSW_POL_F_DHCP_GUARD | VSW_POL_F_ROUTER_GUARD)) {
		reason = guard_l3(ctx, pol->flags);
		if (reason >= 0)
			return reason;
	}
	if (pol->flags & VSW_POL_F_PRIO_RESET)
		*tci &= ~0xe000; /* PCP only: DEI and VID stay */
	return VSW_GO;
}

/* Which storm bucket a frame entering the port draws from, or -1. */
static __always_inline int storm_bucket(const struct ethhdr *eth, __u8 verdict)
{
	const __u8 *d = eth->h_dest;

	if (d[0] & 1)
		return (d[0] & d[1] & d[2] & d[3] & d[4] & d[5]) == 0xff ? VSW_BKT_STORM_BCAST
									 : VSW_BKT_STORM_MCAST;
	return verdict == VSW_V_FLOOD ? VSW_BKT_STORM_UNKNOWN : -1;
}

/*
 * The destination is looked up (verdict): storm control, then the port's
 * "out" rate. Returns VSW_GO or a drop reason.
 */
static __always_inline int policy_limit_from_nic(const struct vsw_port *port, __u8 verdict,
						 const struct ethhdr *eth, __u32 len, __u64 now)
{
	struct vsw_port_policy *pol = policy_of(port->slot);
	int b;

	if (!pol)
		return VSW_GO;
	b = storm_bucket(eth, verdict);
	if (b >= 0 && b < VSW_BKT__MAX && !bucket_take(port->slot, b, &pol->bkt[b], 1, now))
		return VSW_DROP_STORM;
	if (!bucket_take(port->slot, VSW_BKT_RATE_OUT, &pol->bkt[VSW_BKT_RATE_OUT], len, now))
		return VSW_DROP_RATE_LIMIT;
	return VSW_GO;
}

static __always_inline int vid_in(const __u64 *set, __u16 vid)
{
	return (set[(vid >> 6) & (VSW_VID_BITMAP_WORDS - 1)] >> (vid & 63)) & 1;
}

/* May a frame from src (a port's policy, NULL: none) reach dst? */
static __always_inline int pvlan_allows(const struct vsw_port_policy *src,
					const struct vsw_port_policy *dst)
{
	if (!src || src->pvlan == VSW_PVLAN_NONE || dst->pvlan == VSW_PVLAN_NONE)
		return 1;
	if (src->pvlan == VSW_PVLAN_PROMISCUOUS)
		return dst->pvlan == VSW_PVLAN_PROMISCUOUS ||
		       vid_in(src->pvlan_serves, dst->pvlan_secondary);
	if (dst->pvlan == VSW_PVLAN_PROMISCUOUS)
		return vid_in(dst->pvlan_serves, src->pvlan_secondary);
	return src->pvlan == VSW_PVLAN_COMMUNITY && dst->pvlan == VSW_PVLAN_COMMUNITY &&
	       src->pvlan_secondary == dst->pvlan_secondary;
}

/* The port of this slot receives a frame of len bytes: its "in" rate.
 * Returns 0 or VSW_DROP_RATE_LIMIT. */
static __always_inline int policy_rate_to_nic(__u32 slot, __u32 len)
{
	struct vsw_port_policy *pol = policy_of(slot);

	if (!pol || !pol->bkt[VSW_BKT_RATE_IN].cost)
		return 0;
	if (!bucket_take(slot, VSW_BKT_RATE_IN, &pol->bkt[VSW_BKT_RATE_IN], len,
			 bpf_ktime_get_coarse_ns()))
		return VSW_DROP_RATE_LIMIT;
	return 0;
}

/*
 * May the frame from the port of src_slot (or, with src_ifindex not 0, of
 * that netdev: egress knows only the receiving netdev) go to the port of
 * slot, as far as private VLANs go? Returns 0 or VSW_DROP_PVLAN.
 */
static __always_inline int policy_pvlan_to_nic(__u32 slot, __u32 src_slot, __u32 src_ifindex)
{
	struct vsw_port_policy *pol = policy_of(slot);
	struct vsw_port *src;

	if (!pol || !pol->pvlan)
		return 0;
	if (src_ifindex) {
		src = port_lookup(src_ifindex);
		src_slot = src ? src->slot : VSW_SWITCH_SLOT;
	}
	return pvlan_allows(policy_of(src_slot), pol) ? 0 : VSW_DROP_PVLAN;
}

#endif /* VSW_BPF_POLICY_H */
