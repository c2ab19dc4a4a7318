/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Extension slots of the datapath (include/vsw_ext.h is the ABI,
 * docs/extensions.md the design). Private to bpf/vsw.bpf.c, which
 * includes it after struct ingress_state.
 *
 * A stage with extensions saves its state in the per-CPU vsw_ext_md
 * entry and tail-calls the first extension of its chain; each extension
 * tail-calls back into the stage's continuation program (VSW_EXT_RESUME
 * in the stage's program array), which counts the answer, runs the next
 * extension, and when the chain is done finishes the frame like the
 * stage would have. With no extension loaded, the cost is one inlined
 * array lookup and a bit test per frame and per destination.
 */
#ifndef VSW_EXT_SLOTS_H
#define VSW_EXT_SLOTS_H

#include "vsw_maps.h"

static __always_inline struct vsw_ext_scratch *ext_scratch(__u32 stage)
{
	return bpf_map_lookup_elem(&vsw_ext_md, &stage);
}

/* The live config when any of the slots in `slots` has an extension. */
static __always_inline struct vsw_ext_cfg *ext_slots_busy(__u32 slots)
{
	__u32 zero = 0;
	struct vsw_ext_cfg *cfg = bpf_map_lookup_elem(&vsw_ext_cfg, &zero);

	return cfg && (cfg->mask & slots) ? cfg : NULL;
}

static __always_inline __u8 ext_slot_kind(__u32 slot)
{
	return slot >= VSW_EXT_SLOT_OUT_CAPTURE ? slot - VSW_EXT_SLOT_OUT_CAPTURE
						 : slot - VSW_EXT_SLOT_IN_CAPTURE;
}

/*
 * Tail-call the next extension of the frame's chain, walking the slots up
 * to `last`. Returns only when none is left (an id whose program went
 * away meanwhile is skipped).
 */
static __always_inline void ext_run_next(struct xdp_md *ctx, struct vsw_ext_scratch *x,
					 void *progs, __u32 last)
{
	struct vsw_ext_chain *ch;
	__u32 key, id;

	for (int i = 0; i < VSW_EXT_SLOT__MAX * (VSW_EXT_PER_SLOT + 1); i++) {
		if (x->core.slot > last)
			return;
		key = x->core.bank * VSW_EXT_SLOT__MAX + x->core.slot;
		ch = bpf_map_lookup_elem(&vsw_ext_chain, &key);
		if (!ch || x->core.pos >= ch->count || x->core.pos >= VSW_EXT_PER_SLOT) {
			x->core.slot++;
			x->core.pos = 0;
			continue;
		}
		id = ch->id[x->core.pos & (VSW_EXT_PER_SLOT - 1)];
		x->core.pos++;
		x->core.cur = id;
		x->md.kind = ext_slot_kind(x->core.slot);
		x->md.verdict = VSW_EXT_CONTINUE;
		bpf_tail_call(ctx, progs, id);
		x->core.cur = VSW_EXT_NONE;
	}
}

/*
 * The extension that just tail-called back has answered: count it, and
 * keep its verdict only if its kind may give it (a capture's DROP, a
 * filter's FORWARD are violations, counted and ignored). A forward
 * extension's choice becomes the ingress decision and ends its slot.
 */
static __always_inline void ext_answer(struct vsw_ext_scratch *x)
{
	__u32 id = x->core.cur;
	struct vsw_ext_stats *st;
	__u8 v = x->md.verdict, kind = x->md.kind;
	int allowed;

	if (id >= VSW_EXT_MAX) { /* resumed without an extension running */
		x->md.verdict = VSW_EXT_CONTINUE;
		return;
	}
	x->core.cur = VSW_EXT_NONE;
	allowed = v == VSW_EXT_CONTINUE ||
		  (v == VSW_EXT_DROP && kind != VSW_EXT_KIND_CAPTURE &&
		   x->md.reason < VSW_EXT_REASONS) ||
		  ((v == VSW_EXT_FORWARD || v == VSW_EXT_FLOOD) && kind == VSW_EXT_KIND_FORWARD);
	st = bpf_map_lookup_elem(&vsw_ext_stats, &id);
	if (st)
		st->runs++;
	if (!allowed) {
		if (st)
			st->violations++;
		x->md.verdict = v = VSW_EXT_CONTINUE;
	}
	if (v == VSW_EXT_DROP) {
		if (st) {
			st->drops++;
			st->reasons[x->md.reason & (VSW_EXT_REASONS - 1)]++;
		}
	} else if (v == VSW_EXT_FORWARD || v == VSW_EXT_FLOOD) {
		if (st)
			st->forwards++;
		x->core.dec.flags |= VSW_DEC_F_EXT_FWD;
		x->core.dec.verdict = v == VSW_EXT_FORWARD ? VSW_V_UNICAST : VSW_V_FLOOD;
		x->core.dec.out_ifindex = v == VSW_EXT_FORWARD ? x->md.fwd_ifindex : 0;
		x->core.chosen = 1;
		x->core.slot++; /* the first forward extension that chooses wins */
		x->core.pos = 0;
	}
}

/* Start the ingress chain. Returns only if no extension could run. */
static __always_inline void ext_ingress_enter(struct xdp_md *ctx, void *progs,
					      const struct vsw_ext_cfg *cfg,
					      const struct ingress_state *s, __u16 tci, __u32 len)
{
	struct vsw_ext_scratch *x = ext_scratch(VSW_EXT_INGRESS);

	if (!x)
		return;
	x->md.in_ifindex = s->dec.in_ifindex;
	x->md.out_ifindex = s->dec.verdict == VSW_V_UNICAST ? s->dec.out_ifindex : 0;
	x->md.vid = s->dec.vid;
	x->md.stage = VSW_EXT_INGRESS;
	x->md.flags = (s->dec.flags & VSW_DEC_F_TAGGED ? VSW_EXT_F_TAGGED : 0) |
		      (s->dec.verdict == VSW_V_FLOOD ? VSW_EXT_F_FLOOD : 0);
	x->md.reason = 0;
	x->md.fwd_ifindex = 0;
	x->core.dec = s->dec;
	x->core.rx_slot = s->rx_slot;
	x->core.drop_slot = s->drop_slot;
	x->core.len = len;
	x->core.tci = tci;
	x->core.bank = cfg->bank & 1;
	x->core.slot = VSW_EXT_SLOT_IN_CAPTURE;
	x->core.pos = 0;
	x->core.chosen = 0;
	x->core.cur = VSW_EXT_NONE;
	ext_run_next(ctx, x, progs, VSW_EXT_SLOT_IN_FORWARD);
}

/* Start the egress chain of one destination. Returns only if no
 * extension could run. */
static __always_inline void ext_egress_enter(struct xdp_md *ctx, const struct vsw_ext_cfg *cfg,
					     const struct vsw_port *port, __u16 vid, int mirrored)
{
	struct vsw_ext_scratch *x = ext_scratch(VSW_EXT_EGRESS);

	if (!x)
		return;
	x->md.in_ifindex = ctx->ingress_ifindex;
	x->md.out_ifindex = port->ifindex;
	x->md.vid = vid;
	x->md.stage = VSW_EXT_EGRESS;
	x->md.flags = mirrored ? VSW_EXT_F_MIRROR : 0;
	x->md.reason = 0;
	x->md.fwd_ifindex = 0;
	x->core.port_slot = port->slot;
	x->core.mirrored = mirrored;
	x->core.bank = cfg->bank & 1;
	x->core.slot = VSW_EXT_SLOT_OUT_CAPTURE;
	x->core.pos = 0;
	x->core.cur = VSW_EXT_NONE;
	ext_run_next(ctx, x, &vsw_ext_out, VSW_EXT_SLOT_OUT_FILTER);
}

/* After filters that may have pushed or popped a tag: 1 if the frame
 * now starts with an 802.1Q tag, 0 if not, -1 if it is no frame. */
static __always_inline int ext_frame_tagged(struct xdp_md *ctx)
{
	struct ethhdr *eth = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if ((void *)(eth + 1) > end)
		return -1;
	if (eth->h_proto != BE_ETH_P_8021Q)
		return 0;
	return (void *)(eth + 1) + sizeof(struct vlan_hdr) > end ? -1 : 1;
}

#endif /* VSW_EXT_SLOTS_H */
