// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The vsw datapath: one loaded instance of this object is one vSwitch.
 *
 *   vsw_ingress  XDP on every switch-side netdev: parse, classify the VLAN,
 *                learn, look up the destination. A known unicast frame is
 *                finished here (tag fitted, counted) and redirected to its
 *                port; anything else is broadcast to every port.
 *   vsw_egress   devmap program, once per destination of a flooded frame:
 *                VLAN membership, tag fitted to the port, count.
 *
 * Every ingress path ends at one exit that records the decision and the
 * counters. docs/datapath.md walks through the pipeline.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "parse.h"
#include "vlan.h"
#include "fdb.h"
#include "port.h"
#include "capture.h"
#include "trace.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

static __always_inline struct vsw_port_stats *stats_of(__u32 slot)
{
	return bpf_map_lookup_elem(&vsw_stats, &slot);
}

static __always_inline void count_drop(__u32 slot, __u8 reason)
{
	struct vsw_port_stats *st = stats_of(slot);

	if (st && reason < VSW_DROP__MAX)
		st->drops[reason]++;
}

/* What ingress decided, carried to the single exit. */
struct ingress_state {
	struct vsw_decision dec;
	__u32 rx_slot;    /* counter slot of the ingress port */
	__u32 drop_slot;  /* counter slot the drop is charged to */
	__u32 trace;      /* non-zero: a vswctl trace run (bpf/trace.h) */
};

static __always_inline void drop(struct ingress_state *s, __u8 reason)
{
	s->dec.verdict = VSW_V_DROP;
	s->dec.reason = reason;
}

/*
 * Parse and classify. Fills s->dec.vid and the tag flags; returns the
 * TCI to carry through the switch, or -1 after recording a drop.
 */
static __always_inline int classify(struct xdp_md *ctx, const struct vsw_port *port,
				    struct ingress_state *s, struct ethhdr **eth_out)
{
	struct vlan_hdr *vh = NULL;
	struct cursor c;
	struct ethhdr *eth;
	__u16 tci = 0, vid = 0;
	int proto;

	cursor_init(&c, ctx);
	proto = parse_ethhdr(&c, &eth);
	if (proto < 0)
		goto malformed;
	if (proto == BE_ETH_P_8021Q) {
		proto = parse_vlanhdr(&c, &vh);
		if (proto < 0)
			goto malformed;
		tci = bpf_ntohs(vh->tci);
		vid = tci & VLAN_VID_MASK;
		/* One tag is all vsw handles: QinQ and VID 4095 are dropped. */
		if (is_tag_type(proto) || vid == VLAN_VID_RESERVED)
			goto malformed;
	} else if (is_tag_type(proto)) {
		goto malformed; /* an S-tag without a C-tag */
	}
	if (is_invalid_type(proto))
		goto malformed;
	*eth_out = eth;

	if (vh)
		s->dec.flags |= VSW_DEC_F_TAGGED;
	if (vid) {
		if (port->mode != VSW_PORT_TRUNK || !port_has_vid(port, vid))
			goto vlan_filter;
	} else {
		/* Untagged, or priority-tagged (VID 0): the port's VLAN. */
		vid = port->pvid;
		if (!vid)
			goto vlan_filter;
		tci = (tci & VLAN_PCP_DEI_MASK) | vid;
	}
	s->dec.vid = vid;
	return tci;

malformed:
	drop(s, VSW_DROP_MALFORMED);
	return -1;
vlan_filter:
	drop(s, VSW_DROP_VLAN_FILTER);
	return -1;
}

SEC("xdp")
int vsw_ingress(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	struct ingress_state s = {
		.dec.in_ifindex = ctx->ingress_ifindex,
		.rx_slot = VSW_SWITCH_SLOT,
		.drop_slot = VSW_SWITCH_SLOT,
		.trace = trace_meta(ctx) != NULL,
	};
	struct vsw_fdb_entry *dst_entry;
	struct vsw_port *port, *dport;
	struct vsw_port_stats *st;
	struct vsw_fdb_key key;
	struct vsw_decision *rec;
	struct vsw_config *cfg;
	struct ethhdr *eth;
	__u64 now;
	__u32 zero = 0;
	int action = XDP_DROP;
	int tci, r;

	port = port_lookup(s.dec.in_ifindex);
	if (!port) {
		drop(&s, VSW_DROP_NO_PORT);
		goto out;
	}
	s.rx_slot = s.drop_slot = port->slot;
	if ((port->flags & VSW_PORT_F_CAPTURE_IN) && !s.trace)
		capture_frame(ctx, s.dec.in_ifindex, VSW_CAPTURE_IN);
	if (!(port->flags & VSW_PORT_F_UP)) {
		drop(&s, VSW_DROP_LINK_DOWN);
		goto out;
	}

	tci = classify(ctx, port, &s, &eth);
	if (tci < 0)
		goto out;
	cfg = bpf_map_lookup_elem(&vsw_config, &zero);
	if (!cfg) /* cannot happen: an array's entries always exist */
		goto out;

	/* The coarse clock (one tick of resolution) costs a few ns where the
	 * fine one cost ~40 on this kind of VM; aging needs no better. */
	now = bpf_ktime_get_coarse_ns();
	if ((port->flags & VSW_PORT_F_LEARN) && mac_is_learnable(eth->h_source)) {
		r = s.trace ? fdb_learn_probe(port, s.dec.vid, eth->h_source)
			    : fdb_learn_cached(port, cfg, s.dec.vid, eth->h_source, now);
		if (r == FDB_OVER_LIMIT) {
			drop(&s, VSW_DROP_LEARN_LIMIT);
			goto out;
		}
		if (r == FDB_LEARNED)
			s.dec.flags |= VSW_DEC_F_LEARNED;
	}

	s.dec.verdict = VSW_V_FLOOD;
	if (!(eth->h_dest[0] & 1)) {
		fdb_key_set(&key, s.dec.vid, eth->h_dest);
		dst_entry = bpf_map_lookup_elem(&vsw_fdb, &key);
		if (dst_entry && fdb_entry_live(dst_entry, now, cfg->aging_ns)) {
			s.dec.flags |= VSW_DEC_F_FDB_HIT;
			s.dec.verdict = VSW_V_UNICAST;
			s.dec.out_ifindex = dst_entry->ifindex;
		}
	}

	if (s.dec.verdict == VSW_V_UNICAST) {
		if (s.dec.out_ifindex == s.dec.in_ifindex) {
			drop(&s, VSW_DROP_HAIRPIN);
			goto out;
		}
		dport = port_lookup(s.dec.out_ifindex);
		if (!dport) {
			drop(&s, VSW_DROP_NO_PORT);
			goto out;
		}
		/* A frame to a port is charged to that port when it cannot go. */
		s.drop_slot = dport->slot;
		if (!(dport->flags & VSW_PORT_F_UP)) {
			drop(&s, VSW_DROP_LINK_DOWN);
			goto out;
		}
		if (!port_has_vid(dport, s.dec.vid)) {
			drop(&s, VSW_DROP_VLAN_FILTER);
			goto out;
		}
	}

	if (s.trace) /* decided: a trace stops before anything leaves */
		goto out;
	if (s.dec.verdict == VSW_V_UNICAST) {
		/* The destination is known: finish the frame here, so that it
		 * needs no egress program on its way out. */
		if (tag_fit(ctx, s.dec.flags & VSW_DEC_F_TAGGED, port_sends_tagged(dport, s.dec.vid),
			    tci)) {
			drop(&s, VSW_DROP_MALFORMED);
			goto out;
		}
		st = stats_of(dport->slot);
		if (st) {
			st->tx_packets++;
			st->tx_bytes += ctx->data_end - ctx->data;
		}
		if (dport->flags & VSW_PORT_F_CAPTURE_OUT)
			capture_frame(ctx, s.dec.out_ifindex, VSW_CAPTURE_OUT);
		action = bpf_redirect(s.dec.out_ifindex, 0);
		goto out;
	}
	/* Flood: each egress copy is fitted to its port from the TCI. */
	if (meta_put(ctx, tci, s.dec.flags & VSW_DEC_F_TAGGED) &&
	    tag_fit(ctx, s.dec.flags & VSW_DEC_F_TAGGED, 1, tci)) {
		drop(&s, VSW_DROP_MALFORMED);
		goto out;
	}
	if (cfg->flood_small)
		action = bpf_redirect_map(&vsw_tx_small, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	else
		action = bpf_redirect_map(&vsw_tx_ports, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);

out:
	if (s.trace)
		return trace_finish(ctx, &s.dec);
	st = stats_of(s.rx_slot);
	if (st) {
		st->rx_packets++;
		st->rx_bytes += len;
		if (s.dec.verdict == VSW_V_FLOOD)
			st->flooded++;
	}
	if (s.dec.verdict == VSW_V_DROP)
		count_drop(s.drop_slot, s.dec.reason);
	rec = bpf_map_lookup_elem(&vsw_decision, &zero);
	if (rec)
		*rec = s.dec;
	return action;
}

/*
 * Runs once per destination netdev of a flooded frame (unicast never comes
 * here). Flooding broadcasts to every up port of the switch; ports outside
 * the frame's VLAN stop the copy here. That is pruning, not a drop, and is
 * not counted.
 */
SEC("xdp/devmap")
int vsw_egress(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->egress_ifindex;
	struct vsw_port_stats *st;
	struct vsw_port *port;
	struct vsw_meta meta;
	struct vlan_hdr *vh;
	struct ethhdr *eth;
	struct cursor c;
	__u16 vid;

	port = port_lookup(ifindex);
	if (!port) {
		count_drop(VSW_SWITCH_SLOT, VSW_DROP_NO_PORT);
		return XDP_DROP;
	}
	if (meta_take(ctx, &meta)) {
		/* No metadata area on the ingress driver: the tag carries it. */
		cursor_init(&c, ctx);
		if (parse_ethhdr(&c, &eth) != BE_ETH_P_8021Q || parse_vlanhdr(&c, &vh) < 0) {
			count_drop(port->slot, VSW_DROP_MALFORMED);
			return XDP_DROP;
		}
		meta.tci = bpf_ntohs(vh->tci);
		meta.flags = VSW_META_F_TAGGED;
	}
	vid = meta.tci & VLAN_VID_MASK;
	if (!port_has_vid(port, vid) || !(port->flags & VSW_PORT_F_UP))
		return XDP_DROP;

	if (tag_fit(ctx, meta.flags & VSW_META_F_TAGGED, port_sends_tagged(port, vid), meta.tci)) {
		count_drop(port->slot, VSW_DROP_MALFORMED);
		return XDP_DROP;
	}
	st = stats_of(port->slot);
	if (st) {
		st->tx_packets++;
		st->tx_bytes += ctx->data_end - ctx->data;
	}
	if (port->flags & VSW_PORT_F_CAPTURE_OUT)
		capture_frame(ctx, ifindex, VSW_CAPTURE_OUT);
	return XDP_PASS;
}
