// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The vsw datapath: one loaded instance of this object is one vSwitch.
 *
 *   vsw_ingress  XDP on every switch-side netdev: parse, classify the VLAN,
 *                learn, look up the destination. A known unicast frame is
 *                finished here (tag fitted, counted) and redirected to its
 *                port; anything else is broadcast to every port.
 *                Multi-buffer aware, for native ports: the loader sets
 *                BPF_F_XDP_HAS_FRAGS on it, on vsw_egress and on their
 *                continuations where the kernel can redirect such frames
 *                (user/dp/datapath.c; an "xdp.frags" section would set it
 *                for good, as libbpf adds it at load).
 *   vsw_ingress_skb
 *                the same pipeline, single-buffer, for ports in generic
 *                XDP, where the kernel then hands it every frame whole in
 *                one buffer as it always did (docs/datapath.md, Multi-buffer
 *                frames).
 *   vsw_egress   devmap program, once per destination of a flooded frame:
 *                VLAN membership, tag fitted to the port, count. Mirrored
 *                frames are broadcast too (bpf/mirror.h).
 *   vsw_ingress_resume, vsw_egress_resume
 *                where the stages go on after their extension slots
 *                (bpf/ext_slots.h); only reached when extensions are loaded.
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
#include "acl.h"
#include "mtu.h"
#include "capture.h"
#include "trace.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

static __always_inline struct vsw_port_stats *stats_of(__u32 slot)
{
	return bpf_map_lookup_elem(&vsw_stats, &slot);
}

static __always_inline void count_drop(__u32 slot, __u32 reason)
{
	struct vsw_port_stats *st;

	if (reason >= VSW_DROP__MAX)
		return;
	st = stats_of(slot);
	/* The mask, not the test above, is what the verifier sees bound the
	 * index: a reason from a global function is a number it knows
	 * nothing of, and the compiler may test one copy and index with
	 * another. */
	barrier_var(reason); /* or the compiler drops the mask as redundant */
	if (st)
		st->drops[reason & (VSW_DROP_SLOTS - 1)]++;
}

/* What ingress decided, carried to the single exit. */
struct ingress_state {
	struct vsw_decision dec;
	__u32 rx_slot;    /* counter slot of the ingress port */
	__u32 drop_slot;  /* counter slot the drop is charged to */
	__u32 trace;      /* non-zero: a vswctl trace run (bpf/trace.h) */
	__u32 rx_len;     /* the frame's length as it arrived (frame_len) */
};

static __always_inline void drop(struct ingress_state *s, __u8 reason)
{
	s->dec.verdict = VSW_V_DROP;
	s->dec.reason = reason;
	s->dec.flags &= ~VSW_DEC_F_MIRROR; /* a dropped frame is not mirrored */
}

#include "ext_slots.h"
#include "policy.h"
#include "mirror.h"

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

/* The single exit of ingress: counters and the decision record. */
static __always_inline int ingress_exit(const struct ingress_state *s, int action)
{
	struct vsw_port_stats *st = stats_of(s->rx_slot);
	struct vsw_decision *rec;
	__u32 zero = 0;

	if (st) {
		st->rx_packets++;
		st->rx_bytes += s->rx_len;
		if (s->dec.verdict == VSW_V_FLOOD)
			st->flooded++;
	}
	if (s->dec.verdict == VSW_V_DROP)
		count_drop(s->drop_slot, s->dec.reason);
	rec = bpf_map_lookup_elem(&vsw_decision, &zero);
	if (rec)
		*rec = s->dec;
	return action;
}

/*
 * The destination port's side of a frame, checked once per frame: in
 * ingress for a known unicast, in egress for each copy of a flood.
 *
 * dest_reachable: is the port a member of the frame's VLAN, and may the
 * source reach it (private VLANs)? A flood copy that is not is pruned,
 * not dropped. The source is a slot (ingress) or, src_ifindex not 0, the
 * netdev the frame arrived on (egress).
 */
static __always_inline int dest_reachable(const struct vsw_port *dport, __u16 vid,
					  __u32 src_slot, __u32 src_ifindex)
{
	if (!port_has_vid(dport, vid))
		return VSW_DROP_VLAN_FILTER;
	if (policy_pvlan_to_nic(dport->slot, src_slot, src_ifindex))
		return VSW_DROP_PVLAN;
	return VSW_GO;
}

/*
 * dest_accepts: the port's NIC takes a frame that long (bpf/mtu.h), and
 * the port's "in" ACL and rate let it in; checked where the frame is
 * finished. len: the whole frame (frame_len); l2len: its Ethernet header
 * and tag; src_ifindex: the netdev it arrived on.
 */
static __always_inline int dest_accepts(struct xdp_md *ctx, const struct vsw_port *dport,
					__u32 len, __u32 l2len, __u32 src_ifindex)
{
	int reason;

	reason = mtu_fits(ctx, dport, len, l2len, src_ifindex);
	if (reason != VSW_GO)
		return reason;
	if (dport->flags & VSW_PORT_F_ACL_IN) {
		reason = acl_check(ctx, dport->slot, VSW_ACL_IN);
		if (reason != VSW_GO)
			return reason;
	}
	if (policy_rate_to_nic(dport->slot, len))
		return VSW_DROP_RATE_LIMIT;
	return VSW_GO;
}

/* A frame of len bytes (all its buffers) leaves through the port of this
 * counter slot. */
static __always_inline void count_tx(__u32 slot, __u32 len, int mirrored)
{
	struct vsw_port_stats *st = stats_of(slot);

	if (st) {
		st->tx_packets++;
		st->tx_bytes += len;
		if (mirrored)
			st->mirrored++;
	}
}

/*
 * The destination decided: check it is a port that may get the frame,
 * then finish a known unicast here, or hand the frame to egress.
 *
 * A global function, so that the verifier checks it once, on its own:
 * inlined, it was checked again for every distinct state in which the
 * many paths of vsw_ingress reach it, which cost most of the program's
 * budget. s is ingress's state on its stack; tci the TCI to carry; len
 * the frame's length now (frame_len; an extension may have changed its
 * tag since it arrived).
 *
 * A multi-buffer frame is never broadcast: the kernel cannot copy one
 * (it refuses, or before Linux's fix "bpf: Reject fragmented frames in
 * devmap" copied the first buffer and left the copy's fragments
 * undefined, which corrupted memory). So it is delivered to its unicast
 * destination alone, without mirror copies, and a flood of one is
 * dropped as jumbo_flood. A destination whose driver transmits frames of
 * one buffer only (VSW_PORT_F_ONE_BUF: a TAP) does not get it either: the
 * kernel would drop it behind the switch, so the switch counts it as mtu.
 */
__noinline int ingress_deliver(struct xdp_md *ctx, struct ingress_state *s, __u32 tci,
			       __u32 len)
{
	struct vsw_port *dport = NULL;
	__u32 zero = 0, shim, first;
	struct vsw_config *cfg;
	int action, reason, multi;

	cfg = bpf_map_lookup_elem(&vsw_config, &zero);
	if (!s || !cfg)
		return XDP_DROP;
	if (s->dec.verdict == VSW_V_UNICAST) {
		if (s->dec.out_ifindex == s->dec.in_ifindex) {
			drop(s, VSW_DROP_HAIRPIN);
			goto out;
		}
		dport = port_lookup(s->dec.out_ifindex);
		if (!dport) {
			drop(s, VSW_DROP_NO_PORT);
			goto out;
		}
		/* A frame to a port is charged to that port when it cannot go. */
		s->drop_slot = dport->slot;
		if (!(dport->flags & VSW_PORT_F_UP)) {
			drop(s, VSW_DROP_LINK_DOWN);
			goto out;
		}
		reason = dest_reachable(dport, s->dec.vid, s->rx_slot, 0);
		if (reason != VSW_GO) {
			drop(s, reason);
			goto out;
		}
	}

	multi = frame_is_multi(ctx, len);
	if (!multi && mirror_decide(cfg, &s->dec, s->rx_slot, dport))
		s->dec.flags |= VSW_DEC_F_MIRROR;
	else
		s->dec.flags &= ~VSW_DEC_F_MIRROR;
	if (multi && (!dport || (dport->flags & VSW_PORT_F_ONE_BUF))) {
		drop(s, dport ? VSW_DROP_MTU : VSW_DROP_JUMBO_FLOOD);
		goto out;
	}
	if (s->trace) /* decided: a trace stops before anything leaves */
		return trace_finish(ctx, &s->dec);
	/* The destination is known: finish the frame here, so that it needs
	 * no egress program on its way out, unless egress extensions must
	 * see it or mirror destinations get a copy. */
	if (dport && !(s->dec.flags & VSW_DEC_F_MIRROR) && !ext_slots_busy(VSW_EXT_OUT_SLOTS)) {
		reason = dest_accepts(ctx, dport, len,
				      sizeof(struct ethhdr) +
				      (s->dec.flags & VSW_DEC_F_TAGGED ? sizeof(struct vlan_hdr) : 0),
				      s->dec.in_ifindex);
		if (reason != VSW_GO) {
			drop(s, reason);
			goto out;
		}
		first = first_len(ctx);
		if (tag_fit(ctx, s->dec.flags & VSW_DEC_F_TAGGED,
			    port_sends_tagged(dport, s->dec.vid), tci)) {
			drop(s, VSW_DROP_MALFORMED);
			goto out;
		}
		len = frame_len_after(ctx, len, first);
		count_tx(dport->slot, len, 0);
		if (dport->flags & VSW_PORT_F_CAPTURE_OUT)
			capture_frame(ctx, s->dec.out_ifindex, VSW_CAPTURE_OUT, len);
		return ingress_exit(s, bpf_redirect(s->dec.out_ifindex, 0));
	}
	/* Through egress: each copy is fitted to its port from the shim. */
	shim = tci | VSW_SHIM_MAGIC;
	if (s->dec.flags & VSW_DEC_F_MIRROR) {
		shim |= VSW_SHIM_F_MIRROR;
		if (dport)
			shim |= ((dport->slot + 1) & VSW_SHIM_TARGET_MASK) << VSW_SHIM_TARGET_SHIFT;
	}
	if (shim_push(ctx, s->dec.flags & VSW_DEC_F_TAGGED, shim)) {
		s->drop_slot = s->rx_slot; /* the source's frame, not the destination's */
		drop(s, VSW_DROP_MALFORMED);
		goto out;
	}
	s->dec.flags |= VSW_DEC_F_SHIM;
	if (dport && !(s->dec.flags & VSW_DEC_F_MIRROR))
		action = bpf_redirect_map(&vsw_tx_ports, s->dec.out_ifindex, XDP_DROP);
	else if (cfg->flood_small)
		action = bpf_redirect_map(&vsw_tx_small, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	else
		action = bpf_redirect_map(&vsw_tx_ports, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	return ingress_exit(s, action);
out:
	if (s->trace)
		return trace_finish(ctx, &s->dec);
	return ingress_exit(s, XDP_DROP);
}

/*
 * The ingress pipeline; ext_in: the program array of its extensions
 * (vsw_ext_in or vsw_ext_in_skb, whose programs agree with the caller on
 * multi-buffer frames).
 */
static __always_inline int ingress(struct xdp_md *ctx, void *ext_in)
{
	struct ingress_state s = {
		.dec.in_ifindex = ctx->ingress_ifindex,
		.rx_slot = VSW_SWITCH_SLOT,
		.drop_slot = VSW_SWITCH_SLOT,
		.trace = trace_meta(ctx) != NULL,
		.rx_len = frame_len(ctx),
	};
	struct vsw_ext_cfg *xcfg;
	struct vsw_port *port;
	struct vsw_config *cfg;
	struct ethhdr *eth;
	__u64 now;
	__u32 zero = 0;
	int r, reason;
	__u16 tci;

	port = port_lookup(s.dec.in_ifindex);
	if (!port) {
		drop(&s, VSW_DROP_NO_PORT);
		goto out;
	}
	s.rx_slot = s.drop_slot = port->slot;
	if ((port->flags & VSW_PORT_F_CAPTURE_IN) && !s.trace)
		capture_frame(ctx, s.dec.in_ifindex, VSW_CAPTURE_IN, s.rx_len);
	if (!(port->flags & VSW_PORT_F_UP)) {
		drop(&s, VSW_DROP_LINK_DOWN);
		goto out;
	}

	r = classify(ctx, port, &s, &eth);
	if (r < 0)
		goto out;
	tci = r;
	if (port->flags & VSW_PORT_F_ACL_OUT) {
		reason = acl_check(ctx, port->slot, VSW_ACL_OUT | (s.trace ? VSW_ACL_PROBE : 0));
		if (reason != VSW_GO) {
			drop(&s, reason);
			goto out;
		}
	}
	cfg = bpf_map_lookup_elem(&vsw_config, &zero);
	if (!cfg) /* cannot happen: an array's entries always exist */
		goto out;
	if (port->mirror & VSW_MIRROR_OUT)
		s.dec.flags |= VSW_DEC_F_MIRROR; /* kept only if a destination exists */

	/* The coarse clock (one tick of resolution) costs a few ns where the
	 * fine one cost ~40 on this kind of VM; aging needs no better. */
	now = bpf_ktime_get_coarse_ns();
	reason = policy_from_nic(ctx, port, eth, &tci);
	if (reason != VSW_GO) {
		drop(&s, reason);
		goto out;
	}
	if ((port->flags & VSW_PORT_F_LEARN) && mac_is_learnable(eth->h_source)) {
		r = s.trace ? fdb_learn_probe(port, s.dec.vid, eth->h_source)
			    : fdb_learn_src(fdb_key_word(s.dec.vid, eth->h_source), port->ifindex,
					    port->slot, port->learn_limit, now);
		if (r == FDB_OVER_LIMIT) {
			drop(&s, VSW_DROP_LEARN_LIMIT);
			goto out;
		}
		if (r == FDB_LEARNED)
			s.dec.flags |= VSW_DEC_F_LEARNED;
	}

	s.dec.verdict = VSW_V_FLOOD;
	if (!(eth->h_dest[0] & 1)) {
		s.dec.out_ifindex = fdb_dest(fdb_key_word(s.dec.vid, eth->h_dest), port->slot,
					     now, !s.trace);
		if (s.dec.out_ifindex) {
			s.dec.flags |= VSW_DEC_F_FDB_HIT;
			s.dec.verdict = VSW_V_UNICAST;
		}
	}

	/* A trace shows the switch's own decision: extensions do not run;
	 * nor does it take tokens from the port's buckets. */
	if (!s.trace) {
		reason = policy_limit_from_nic(port, s.dec.verdict, eth, s.rx_len, now);
		if (reason != VSW_GO) {
			drop(&s, reason);
			goto out;
		}
	}
	xcfg = ext_slots_busy(VSW_EXT_IN_SLOTS);
	if (xcfg && !s.trace)
		ext_ingress_enter(ctx, ext_in, xcfg, &s, tci, s.rx_len);
	return ingress_deliver(ctx, &s, tci, s.rx_len);
out:
	if (s.trace)
		return trace_finish(ctx, &s.dec);
	return ingress_exit(&s, XDP_DROP);
}

SEC("xdp")
int vsw_ingress(struct xdp_md *ctx)
{
	return ingress(ctx, &vsw_ext_in);
}

SEC("xdp")
int vsw_ingress_skb(struct xdp_md *ctx)
{
	return ingress(ctx, &vsw_ext_in_skb);
}

/* Ingress goes on here after each extension of its slots has answered. */
static __always_inline int ingress_resume(struct xdp_md *ctx, void *ext_in)
{
	struct vsw_ext_scratch *x = ext_scratch(VSW_EXT_INGRESS);
	struct ingress_state s = {};
	int tagged;

	if (!x)
		return XDP_DROP;
	ext_answer(x);
	if (x->md.verdict != VSW_EXT_DROP)
		ext_run_next(ctx, x, ext_in, VSW_EXT_SLOT_IN_FORWARD);
	s.dec = x->core.dec;
	s.rx_slot = x->core.rx_slot;
	s.drop_slot = x->core.drop_slot;
	s.rx_len = x->core.len;
	if (x->md.verdict == VSW_EXT_DROP) {
		drop(&s, VSW_DROP_EXTENSION);
		return ingress_exit(&s, XDP_DROP);
	}
	/* A filter may have pushed or popped a tag. */
	tagged = ext_frame_tagged(ctx);
	if (tagged < 0) {
		drop(&s, VSW_DROP_MALFORMED);
		return ingress_exit(&s, XDP_DROP);
	}
	s.dec.flags = (s.dec.flags & ~VSW_DEC_F_TAGGED) | (tagged ? VSW_DEC_F_TAGGED : 0);
	return ingress_deliver(ctx, &s, x->core.tci, frame_len(ctx));
}

SEC("xdp")
int vsw_ingress_resume(struct xdp_md *ctx)
{
	return ingress_resume(ctx, &vsw_ext_in);
}

SEC("xdp")
int vsw_skb_resume(struct xdp_md *ctx)
{
	return ingress_resume(ctx, &vsw_ext_in_skb);
}

/*
 * Runs once per destination netdev of a frame sent through the devmap:
 * each copy of a flood, and a unicast while egress extensions are loaded
 * or mirror destinations want a copy. Flooding broadcasts to every up
 * port of the switch; ports outside the frame's VLAN stop the copy here.
 * That is pruning, not a drop, and is not counted.
 */
SEC("xdp/devmap")
int vsw_egress(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->egress_ifindex;
	struct vsw_ext_cfg *xcfg;
	__u32 shim, target, len, first;
	struct vsw_port *port;
	int mirrored = 0, reason;
	__u16 tci, vid;

	port = port_lookup(ifindex);
	if (!port) {
		count_drop(VSW_SWITCH_SLOT, VSW_DROP_NO_PORT);
		return XDP_DROP;
	}
	shim = shim_pull(ctx);
	if (!shim) {
		count_drop(port->slot, VSW_DROP_MALFORMED);
		return XDP_DROP;
	}
	len = frame_len(ctx);
	tci = shim & VSW_SHIM_TCI_MASK;
	vid = tci & VLAN_VID_MASK;
	target = (shim >> VSW_SHIM_TARGET_SHIFT) & VSW_SHIM_TARGET_MASK;
	if (!(port->flags & VSW_PORT_F_UP))
		return XDP_DROP;
	/* A mirror destination takes its copy as it is, past the checks of
	 * the frame's own delivery, unless it is that delivery's target. */
	if (target != port->slot + 1U && mirror_copy_here(shim, port)) {
		mirrored = 1;
		goto fit;
	}
	if (target && target != port->slot + 1U)
		return XDP_DROP; /* a directed copy for the mirror only */
	/* The frame's receive queue names its source port. */
	if (dest_reachable(port, vid, 0, ctx->ingress_ifindex) != VSW_GO)
		return XDP_DROP;
	reason = dest_accepts(ctx, port, len, sizeof(struct ethhdr), ctx->ingress_ifindex);
	if (reason != VSW_GO) {
		count_drop(port->slot, reason);
		return XDP_DROP;
	}
fit:
	/* The shim took the frame's tag: it leaves untagged or with a new one. */
	first = first_len(ctx);
	if (tag_fit(ctx, 0, port_sends_tagged(port, vid), tci)) {
		count_drop(port->slot, VSW_DROP_MALFORMED);
		return XDP_DROP;
	}
	len = frame_len_after(ctx, len, first);
	/* Captured as the switch hands it to the port, egress extensions next. */
	if (port->flags & VSW_PORT_F_CAPTURE_OUT)
		capture_frame(ctx, ifindex, VSW_CAPTURE_OUT, len);
	xcfg = ext_slots_busy(VSW_EXT_OUT_SLOTS);
	if (xcfg)
		ext_egress_enter(ctx, xcfg, port, vid, mirrored);
	count_tx(port->slot, len, mirrored);
	return XDP_PASS;
}

/* Egress goes on here after each extension of its slots has answered. */
SEC("xdp/devmap")
int vsw_egress_resume(struct xdp_md *ctx)
{
	struct vsw_ext_scratch *x = ext_scratch(VSW_EXT_EGRESS);

	if (!x)
		return XDP_DROP;
	ext_answer(x);
	if (x->md.verdict != VSW_EXT_DROP)
		ext_run_next(ctx, x, &vsw_ext_out, VSW_EXT_SLOT_OUT_FILTER);
	if (x->md.verdict == VSW_EXT_DROP) {
		count_drop(x->core.port_slot, VSW_DROP_EXTENSION);
		return XDP_DROP;
	}
	count_tx(x->core.port_slot, frame_len(ctx), x->core.mirrored);
	return XDP_PASS;
}

/* VXLAN at the switch's edge: its own programs, on the tunnel and
 * underlay netdevs (bpf/vxlan.h). */
#include "vxlan.h"
