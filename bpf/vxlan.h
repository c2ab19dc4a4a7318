/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * VXLAN (RFC 7348) at the switch's edge; docs/multihost.md and the
 * structs in include/vsw_structs.h.
 * The frames of a sending stack or a guest may be GSO frames of up to
 * 64 KB with their checksums left to offload, and only an skb carries
 * that state across the tunnel (native XDP would see 64 KB of bytes, and
 * lose what says how to cut them up; docs/offloads.md).
 *
 *   vsw_vxlan_decap  XDP on an underlay netdev (native on hardware,
 *                    generic on a virtual netdev). IPv4/UDP to our
 *                    VTEP address and port, with a VNI of ours, from a
 *                    VTEP of that VNI's flood list: learn the inner source
 *                    MAC against the outer source VTEP, take the outer
 *                    headers off (tag the frame for a trunk tunnel) and
 *                    send it out of the VNI's tunnel netdev, so that it
 *                    enters the switch on the tunnel port. Everything else
 *                    goes on to the host's stack: the underlay is no switch
 *                    port.
 *   vsw_vxlan_encap  TC ingress on a tunnel netdev: what the switch sends
 *                    the tunnel port. A unicast to a known remote MAC is
 *                    encapsulated for its VTEP and redirected out of the
 *                    underlay; anything else is replicated head-end, one
 *                    encapsulated clone per VTEP of the VNI's flood list.
 *                    The outer headers are pushed with the kernel's
 *                    encapsulation flags (bpf_skb_adjust_room), so that a
 *                    GSO frame is cut into VXLAN packets by the underlay
 *                    (or the kernel's GSO before it) with every inner
 *                    checksum finished.
 */
#ifndef VSW_BPF_VXLAN_H
#define VSW_BPF_VXLAN_H

#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include "vsw_maps.h"
#include "fdb.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct vsw_vx_underlay);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_underlay SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct vsw_vx_tun);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_tun SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_VX_VNI_MAX);
	__type(key, __u32);
	__type(value, struct vsw_vx_vni);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_vni SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_VX_VNI_MAX);
	__type(key, struct vsw_vx_vid_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_vid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_VX_REMOTE_MAX);
	__type(key, struct vsw_vx_mac_key);
	__type(value, struct vsw_vx_remote);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_remote SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_VX_VNI_MAX);
	__type(key, __u32);
	__type(value, struct vsw_vx_flood);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_flood SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_VX_NH_MAX);
	__type(key, __be32);
	__type(value, struct vsw_vx_nh);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_nh SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct vsw_vx_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_stats SEC(".maps");

/* Remote MACs the decap learned, by tunnel port slot: an exact count is
 * written by the library at each aging round, the decap adds its own. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_vx_learned SEC(".maps");

/* The VXLAN header: flags (I: a VNI follows), reserved, VNI << 8. */
struct vxlanhdr_vsw {
	__be32 flags;
	__be32 vni;
};
#define VXLAN_F_VNI_BE bpf_htonl(0x08000000)

/* The outer headers, in wire order and packed as on the wire. */
struct vx_outer {
	struct ethhdr eth;
	struct iphdr ip;
	struct udphdr udp;
	struct vxlanhdr_vsw vx;
} __attribute__((packed));
_Static_assert(sizeof(struct vx_outer) == VSW_VX_OVERHEAD, "outer headers are 50 bytes");

#define IP_DF_BE bpf_htons(0x4000)
#define IP_FRAG_BE bpf_htons(0x3fff) /* MF and the offset */

static __always_inline struct vsw_vx_stats *vx_stats(__u32 slot)
{
	return bpf_map_lookup_elem(&vsw_vx_stats, &slot);
}

static __always_inline __u16 ip_csum(const void *ip)
{
	const __u16 *w = (const __u16 *)ip;
	__u32 sum = 0;

	for (int i = 0; i < (int)(sizeof(struct iphdr) / 2); i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* The outer UDP source port: a hash of the inner flow, so that underlay
 * ECMP spreads flows and keeps each in order (RFC 7348 section 5), in
 * 49152..65535. Inner IPv4 gives addresses, protocol and ports when it
 * is not a fragment; else the MACs and EtherType. The VID is left out:
 * the frame may still carry its trunk tag. */
static __always_inline __be16 vx_src_port(void *data, void *end)
{
	struct ethhdr *eth = data;
	__u32 h = 0x9e3779b9;
	struct vlan_hdr *vh;
	struct iphdr *ip;
	__be16 proto;
	__u32 *ports;
	void *l3;

	if ((void *)(eth + 1) > end)
		return bpf_htons(49152);
	h ^= *(__u32 *)eth->h_dest + *(__u32 *)(eth->h_dest + 2) * 31 +
	     *(__u32 *)(eth->h_source + 2) * 131;
	proto = eth->h_proto;
	l3 = eth + 1;
	if (proto == BE_ETH_P_8021Q) { /* a trunk's frame, tag still on */
		vh = l3;
		if ((void *)(vh + 1) > end)
			goto out;
		proto = vh->proto;
		l3 = vh + 1;
	}
	h ^= proto;
	if (proto == bpf_htons(ETH_P_IP)) {
		ip = l3;
		if ((void *)(ip + 1) > end)
			goto out;
		h ^= ip->saddr * 0x85ebca6b + ip->daddr * 0xc2b2ae35 + ip->protocol;
		if (ip->ihl == 5 && !(ip->frag_off & IP_FRAG_BE) &&
		    (ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP)) {
			ports = (void *)(ip + 1);
			if ((void *)(ports + 1) <= end)
				h ^= *ports * 0x27d4eb2f;
		}
	}
out:
	h ^= h >> 16;
	h *= 0x7feb352d;
	h ^= h >> 15;
	return bpf_htons(49152 | (h & 0x3fff));
}

static __always_inline __u32 vx_len16(__u32 len)
{
	return len > 0xffff ? 0xffff : len;
}

/* The outer headers for one VTEP; false when its next hop is unknown. */
static __always_inline int vx_outer_fill(struct vx_outer *o, const struct vsw_vx_tun *t,
					 __u32 vni, __be32 vtep, __be16 sport, __u32 inner_len)
{
	struct vsw_vx_nh *nh = bpf_map_lookup_elem(&vsw_vx_nh, &vtep);

	if (!nh)
		return 0;
	__builtin_memcpy(o->eth.h_dest, nh->mac, 6);
	__builtin_memcpy(o->eth.h_source, t->mac, 6);
	o->eth.h_proto = bpf_htons(ETH_P_IP);
	o->ip.version = 4;
	o->ip.ihl = 5;
	o->ip.tos = 0;
	/* A GSO frame's lengths are the whole frame's, clamped; GSO writes
	 * each packet's own (as the kernel's tunnels leave them). */
	o->ip.tot_len = bpf_htons(vx_len16(inner_len + VSW_VX_OVERHEAD - sizeof(struct ethhdr)));
	o->ip.id = 0;
	o->ip.frag_off = IP_DF_BE;
	o->ip.ttl = 64;
	o->ip.protocol = IPPROTO_UDP;
	o->ip.check = 0;
	o->ip.saddr = t->local;
	o->ip.daddr = vtep;
	o->ip.check = ip_csum((const __u8 *)o + sizeof(struct ethhdr));
	o->udp.source = sport;
	o->udp.dest = t->dstport;
	o->udp.len = bpf_htons(vx_len16(inner_len + sizeof(struct udphdr) +
					sizeof(struct vxlanhdr_vsw)));
	o->udp.check = 0; /* allowed for IPv4 (RFC 7348 section 5) */
	o->vx.flags = VXLAN_F_VNI_BE;
	o->vx.vni = bpf_htonl(vni << 8);
	return 1;
}

/* Does an inner frame (a GSO frame: each of its segments) of inner_len
 * bytes fit an underlay of MTU mtu once wrapped? */
static __always_inline int vx_fits(__u32 mtu, __u32 inner_len)
{
	return inner_len + VSW_VX_OVERHEAD - sizeof(struct ethhdr) <= mtu;
}

static __always_inline void vx_count_drop(__u32 slot, __u32 reason)
{
	struct vsw_port_stats *st = bpf_map_lookup_elem(&vsw_stats, &slot);

	if (st)
		st->drops[reason & (VSW_DROP_SLOTS - 1)]++;
}

/* Is vtep one of the VNI's remote VTEPs? Only they may send into it:
 * anyone else could otherwise inject frames and steer our remote MACs. */
static __always_inline int vx_member(__u32 vni, __be32 vtep)
{
	struct vsw_vx_flood *fl = bpf_map_lookup_elem(&vsw_vx_flood, &vni);

	if (!fl)
		return 0;
	for (int i = 0; i < VSW_VX_FLOOD_MAX; i++) {
		if (i >= fl->n)
			break;
		if (fl->vtep[i] == vtep)
			return 1;
	}
	return 0;
}

/* Flood-and-learn: the inner source lives behind the outer source. A
 * control plane's entry stays as it said. A tunnel port learns at most
 * its learn limit of remote MACs (give or take the CPUs learning at the
 * same moment), as a port does in the FDB: a member sending from made-up
 * MACs would otherwise fill the table the control plane's entries need
 * too. The switch then holds the port to the same limit in its FDB. */
static __always_inline void vx_learn(const struct vsw_vx_vni *v, __u32 vni, const __u8 *mac,
				     __be32 vtep)
{
	struct vsw_vx_mac_key rkey = { .vni = vni };
	__u32 slot = v->port_slot, *learned;
	struct vsw_vx_remote *r;
	__u64 now;

	if (!mac_is_learnable(mac))
		return;
	__builtin_memcpy(rkey.mac, mac, 6);
	now = bpf_ktime_get_coarse_ns();
	r = bpf_map_lookup_elem(&vsw_vx_remote, &rkey);
	if (!r) {
		struct vsw_vx_remote nr = { .vtep = vtep, .last_seen = now };

		learned = bpf_map_lookup_elem(&vsw_vx_learned, &slot);
		if (!learned || *learned >= v->learn_limit)
			return;
		if (!bpf_map_update_elem(&vsw_vx_remote, &rkey, &nr, BPF_NOEXIST))
			__sync_fetch_and_add(learned, 1);
	} else if (!(r->flags & VSW_VX_F_STATIC) &&
		   (r->vtep != vtep || now - r->last_seen > VSW_FDB_REFRESH_NS)) {
		r->vtep = vtep;
		r->last_seen = now;
	}
}

/* XDP rather than TC: on hardware it runs before any skb exists. On a
 * virtual underlay it is attached in generic mode, where a packet keeps
 * its skb and checksum state through to the tunnel port (generic too).
 * A GSO frame of UDP tunnel packets is refused (below): its skb would
 * still claim the tunnel once the headers are off. */
SEC("xdp")
int vsw_vxlan_decap(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->ingress_ifindex, vni, len;
	struct vsw_vx_underlay *ul;
	struct vsw_vx_stats *st;
	struct vsw_vx_vni *v;
	struct vx_outer *o;
	struct ethhdr *in;
	void *data, *end;
	__be32 vtep;

	ul = bpf_map_lookup_elem(&vsw_vx_underlay, &ifindex);
	if (!ul)
		return XDP_PASS;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	o = data;
	in = (void *)(o + 1);
	if ((void *)(in + 1) > end)
		return XDP_PASS;
	/* Options, fragments, another address or port: the stack's. */
	if (o->eth.h_proto != bpf_htons(ETH_P_IP) || o->ip.version != 4 || o->ip.ihl != 5 ||
	    o->ip.protocol != IPPROTO_UDP || (o->ip.frag_off & IP_FRAG_BE) ||
	    o->ip.daddr != ul->local || o->udp.dest != ul->dstport ||
	    !(o->vx.flags & VXLAN_F_VNI_BE))
		return XDP_PASS;
	vni = bpf_ntohl(o->vx.vni) >> 8;
	v = bpf_map_lookup_elem(&vsw_vx_vni, &vni);
	if (!v)
		return XDP_PASS;
	vtep = o->ip.saddr;
	if (!vx_member(vni, vtep)) {
		vx_count_drop(v->port_slot, VSW_DROP_VXLAN_FOREIGN);
		return XDP_DROP;
	}
	len = end - (void *)in;
	/* Longer than the underlay carries: a GSO frame of UDP tunnel
	 * packets from a stack of this kernel (a kernel vxlan device over a
	 * veth, say). Its skb would keep the tunnel's GSO state after the
	 * headers came off, and no device could cut it up right after. */
	if (ul->mtu && !vx_fits(ul->mtu, len)) {
		vx_count_drop(v->port_slot, VSW_DROP_VXLAN_MTU);
		return XDP_DROP;
	}
	vx_learn(v, vni, in->h_source, vtep);
	st = vx_stats(v->port_slot);
	if (st) {
		st->decap_packets++;
		st->decap_bytes += len;
	}
	if (bpf_xdp_adjust_head(ctx, VSW_VX_OVERHEAD))
		return XDP_DROP;
	if (v->vid) { /* a trunk's VNI: the frame gets its VLAN's tag */
		struct vlan_hdr *vh;
		__u16 vid = v->vid;

		if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct vlan_hdr)))
			return XDP_DROP;
		data = (void *)(long)ctx->data;
		end = (void *)(long)ctx->data_end;
		in = data;
		vh = (void *)(in + 1);
		if ((void *)(vh + 1) > end)
			return XDP_DROP;
		/* The MACs move to the front; the EtherType stays where it
		 * was, now the tag's inner type. */
		__builtin_memmove(data, data + sizeof(*vh), 12);
		in->h_proto = BE_ETH_P_8021Q;
		vh->tci = bpf_htons(vid);
	}
	return bpf_redirect(v->tun, 0);
}

/* One segment's inner length for a GSO frame (headers and gso_size), the
 * frame's length otherwise. An inner stack this cannot parse is given
 * the largest headers IPv6 and TCP can have. */
static __always_inline __u32 vx_seg_len(struct __sk_buff *skb, void *data, void *end)
{
	__u32 l3 = sizeof(struct ethhdr), l4, hl = 0;
	struct ethhdr *eth = data;
	struct tcphdr *tcp;
	__u8 proto = 0;

	if (!skb->gso_size)
		return skb->len;
	if ((void *)(eth + 1) > end)
		goto unknown;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + l3;

		if ((void *)(ip + 1) > end)
			goto unknown;
		hl = ip->ihl * 4;
		proto = ip->protocol;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + l3;

		if ((void *)(ip6 + 1) > end)
			goto unknown;
		hl = sizeof(*ip6);
		proto = ip6->nexthdr;
	}
	l4 = l3 + (hl & 0x7f);
	if (proto == IPPROTO_UDP)
		return l4 + sizeof(struct udphdr) + skb->gso_size;
	if (proto != IPPROTO_TCP || !hl)
		goto unknown;
	tcp = data + l4;
	if ((void *)(tcp + 1) > end)
		goto unknown;
	return l4 + tcp->doff * 4 + skb->gso_size;
unknown:
	return sizeof(struct ethhdr) + sizeof(struct ipv6hdr) + 60 + skb->gso_size;
}

/* Room for the outer headers in front of the frame. An IP frame gets it
 * with the kernel's encapsulation flags: the skb then knows its inner
 * headers, and GSO and checksum offload work on the inner packet. Other
 * frames (ARP) have nothing to offload. Either way the outer headers
 * and the inner Ethernet header are written after (vx_outer_with). */
#define VX_ENCAP_FLAGS (BPF_F_ADJ_ROOM_FIXED_GSO | BPF_F_ADJ_ROOM_ENCAP_L3_IPV4 | \
			BPF_F_ADJ_ROOM_ENCAP_L4_UDP | BPF_F_ADJ_ROOM_ENCAP_L2_ETH | \
			BPF_F_ADJ_ROOM_ENCAP_L2(sizeof(struct ethhdr)))

static __always_inline int vx_push(struct __sk_buff *skb)
{
	if ((skb->protocol == bpf_htons(ETH_P_IP) || skb->protocol == bpf_htons(ETH_P_IPV6)) &&
	    !bpf_skb_adjust_room(skb, VSW_VX_OVERHEAD, BPF_ADJ_ROOM_MAC, VX_ENCAP_FLAGS))
		return 0;
	/* Refused (a frame encapsulated already, a GSO kind the flags do not
	 * take): one packet has nothing left to segment, and its checksum
	 * start is counted from the skb's head, so plain room serves. */
	if (skb->gso_size)
		return -1;
	return bpf_skb_change_head(skb, VSW_VX_OVERHEAD, 0);
}

/* The outer headers and, behind them, the inner Ethernet header. */
struct vx_outer_with {
	struct vx_outer o;
	struct ethhdr inner;
} __attribute__((packed));

/* What each round of the head-end replication loop needs. */
struct vx_flood_ctx {
	struct __sk_buff *skb;
	struct vsw_vx_tun *t;
	struct vsw_vx_flood *fl;
	struct vsw_vx_stats *st;
	__u32 vni, len;
	__be16 sport;
};

/* One copy: the outer headers for VTEP i written over the last copy's,
 * the skb cloned out of the underlay. A callback of bpf_loop(), so that
 * the verifier checks one round, not VSW_VX_FLOOD_MAX of them. */
static long vx_flood_one(__u32 i, void *arg)
{
	struct vx_flood_ctx *c = arg;
	struct vx_outer o;
	__be32 vtep;

	if (i >= c->fl->n)
		return 1;
	barrier_var(i); /* the mask, not the test, bounds the index */
	vtep = c->fl->vtep[i & (VSW_VX_FLOOD_MAX - 1)];
	if (!vx_outer_fill(&o, c->t, c->vni, vtep, c->sport, c->len)) {
		vx_count_drop(c->t->port_slot, VSW_DROP_VXLAN_NEIGH);
		return 0;
	}
	if (bpf_skb_store_bytes(c->skb, 0, &o, sizeof(o), 0))
		return 1;
	if (bpf_clone_redirect(c->skb, c->t->underlay, 0))
		return 0;
	if (c->st) {
		c->st->encap_packets++;
		c->st->encap_bytes += c->len;
		c->st->flood_copies++;
	}
	return 0;
}

SEC("tc")
int vsw_vxlan_encap(struct __sk_buff *skb)
{
	struct vx_flood_ctx c = { .skb = skb };
	__u32 ifindex = skb->ifindex;
	struct vsw_vx_mac_key rkey = {};
	struct vx_outer_with ow;
	struct vsw_vx_remote *r;
	void *data, *end;

	c.t = bpf_map_lookup_elem(&vsw_vx_tun, &ifindex);
	if (!c.t)
		return TC_ACT_SHOT;
	c.vni = c.t->vni;
	/* A trunk's frame: the tag picks the VNI. The stack has taken it
	 * off into the skb before TC; a frame that still has it in its
	 * bytes (BPF_PROG_TEST_RUN) is read the same. */
	if (skb->vlan_present || skb->protocol == BE_ETH_P_8021Q) {
		struct vsw_vx_vid_key vkey = { .tun = ifindex, .vid = skb->vlan_tci };
		struct vlan_hdr vh;
		__u32 *mapped;

		if (!skb->vlan_present) {
			if (bpf_skb_load_bytes(skb, sizeof(struct ethhdr), &vh, sizeof(vh)))
				return TC_ACT_SHOT;
			vkey.vid = bpf_ntohs(vh.tci);
		}
		vkey.vid &= VLAN_VID_MASK;
		mapped = bpf_map_lookup_elem(&vsw_vx_vid, &vkey);
		if (!mapped)
			return TC_ACT_SHOT;
		c.vni = *mapped;
		/* A second tag would become the one left in the skb, and the
		 * underlay would put it on the outer header: not carried. */
		if (bpf_skb_vlan_pop(skb) || skb->vlan_present) {
			vx_count_drop(c.t->port_slot, VSW_DROP_VXLAN_ENCAP);
			return TC_ACT_SHOT;
		}
	}
	if (!c.vni)
		return TC_ACT_SHOT;
	if (bpf_skb_pull_data(skb, sizeof(struct ethhdr) + 120))
		bpf_skb_pull_data(skb, 0);
	data = (void *)(long)skb->data;
	end = (void *)(long)skb->data_end;
	if (data + sizeof(ow.inner) > end)
		return TC_ACT_SHOT;
	__builtin_memcpy(&ow.inner, data, sizeof(ow.inner));
	if (!vx_fits(c.t->mtu, vx_seg_len(skb, data, end))) {
		vx_count_drop(c.t->port_slot, VSW_DROP_VXLAN_MTU);
		return TC_ACT_SHOT;
	}
	c.sport = vx_src_port(data, end);
	c.len = skb->len;
	c.st = vx_stats(c.t->port_slot);

	r = NULL;
	if (!(ow.inner.h_dest[0] & 1)) {
		rkey.vni = c.vni;
		__builtin_memcpy(rkey.mac, ow.inner.h_dest, 6);
		r = bpf_map_lookup_elem(&vsw_vx_remote, &rkey);
	}
	if (r) { /* a known unicast: one copy, to its VTEP */
		if (!vx_outer_fill(&ow.o, c.t, c.vni, r->vtep, c.sport, c.len)) {
			vx_count_drop(c.t->port_slot, VSW_DROP_VXLAN_NEIGH);
			return TC_ACT_SHOT;
		}
		if (vx_push(skb) || bpf_skb_store_bytes(skb, 0, &ow, sizeof(ow), 0)) {
			vx_count_drop(c.t->port_slot, VSW_DROP_VXLAN_ENCAP);
			return TC_ACT_SHOT;
		}
		if (c.st) {
			c.st->encap_packets++;
			c.st->encap_bytes += c.len;
		}
		return bpf_redirect(c.t->underlay, 0);
	}

	/* Broadcast, multicast, unknown unicast: head-end replication. */
	c.fl = bpf_map_lookup_elem(&vsw_vx_flood, &c.vni);
	if (!c.fl || !c.fl->n)
		return TC_ACT_SHOT;
	if (vx_push(skb) ||
	    bpf_skb_store_bytes(skb, sizeof(ow.o), &ow.inner, sizeof(ow.inner), 0)) {
		vx_count_drop(c.t->port_slot, VSW_DROP_VXLAN_ENCAP);
		return TC_ACT_SHOT;
	}
	bpf_loop(VSW_VX_FLOOD_MAX, vx_flood_one, &c, 0);
	return TC_ACT_STOLEN; /* the clones went; the original is done, not dropped */
}

#endif /* VSW_BPF_VXLAN_H */
