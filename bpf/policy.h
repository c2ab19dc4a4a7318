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

#include "l4.h"
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

/* DHCP server messages: a DHCPv4 BOOTREPLY from a server's port 67 or to
 * a client's port 68 (clients do not check where an offer came from);
 * DHCPv6 Advertise, Reply, Reconfigure to a client's port 546 or from a
 * server's 547. 1: it is one; 0: not; -1: the UDP header is cut short. */
static __always_inline int is_dhcp_server(struct cursor *c, __be16 l3)
{
	__u8 *udp = c->pos;
	__u16 sport, dport;
	__u8 type;

	if ((void *)(udp + 8) > c->end)
		return -1;
	if ((void *)(udp + 9) > c->end)
		return 0; /* no message: nothing a client would take */
	sport = (udp[0] << 8) | udp[1];
	dport = (udp[2] << 8) | udp[3];
	type = udp[8]; /* BOOTP op; DHCPv6 msg-type */
	if (l3 == bpf_htons(ETH_P_IP))
		return (sport == 67 || dport == 68) && type == 2;
	return (dport == 546 || sport == 547) && (type == 2 || type == 7 || type == 10);
}

/* Router messages: ICMPv6 Router Advertisement (134), Redirect (137);
 * ICMPv4 Redirect (5). 1, 0, or -1: no ICMP type to look at. */
static __always_inline int is_router_msg(struct cursor *c, __u8 l4)
{
	__u8 *icmp = c->pos;

	if ((void *)(icmp + 1) > c->end)
		return -1;
	if (l4 == IPPROTO_ICMPV6)
		return icmp[0] == 134 || icmp[0] == 137;
	return icmp[0] == 5;
}

/*
 * The DHCP and router guards (flags: the port's VSW_POL_F_*): a drop
 * reason, or VSW_GO. An IP frame the guards cannot judge, because its
 * transport header cannot be found or is cut short, is dropped as
 * `unparsed` (RFC 7113: a guard drops what it cannot parse); a later
 * fragment carries no header to judge and goes on.
 *
 * A global function: the verifier checks the extension-header walk once,
 * not on every path of vsw_ingress that reaches it.
 */
__noinline int guard_l3(struct xdp_md *ctx, __u32 flags)
{
	struct vlan_hdr *vh;
	struct ethhdr *eth;
	struct cursor c;
	int l3, where, is;
	__u8 l4 = 0;

	cursor_init(&c, ctx);
	l3 = parse_ethhdr(&c, &eth);
	if (l3 == BE_ETH_P_8021Q)
		l3 = parse_vlanhdr(&c, &vh);
	if (l3 != bpf_htons(ETH_P_IP) && l3 != bpf_htons(ETH_P_IPV6))
		return VSW_GO;
	where = l4_find(&c, l3, &l4);
	if (where == L4_LATER_FRAG)
		return VSW_GO;
	if (where == L4_UNPARSED)
		return VSW_DROP_UNPARSED;
	if (l4 == IPPROTO_UDP && (flags & VSW_POL_F_DHCP_GUARD)) {
		is = is_dhcp_server(&c, l3);
		if (is)
			return is > 0 ? VSW_DROP_DHCP_GUARD : VSW_DROP_UNPARSED;
	}
	if (((l4 == IPPROTO_ICMP && l3 == bpf_htons(ETH_P_IP)) ||
	     (l4 == IPPROTO_ICMPV6 && l3 == bpf_htons(ETH_P_IPV6))) &&
	    (flags & VSW_POL_F_ROUTER_GUARD)) {
		is = is_router_msg(&c, l4);
		if (is)
			return is > 0 ? VSW_DROP_ROUTER_GUARD : VSW_DROP_UNPARSED;
	}
	return VSW_GO;
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
		if (reason != VSW_GO)
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
