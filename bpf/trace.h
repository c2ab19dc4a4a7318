/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Packet trace: vswctl trace runs vsw_ingress on a frame of its own with
 * BPF_PROG_TEST_RUN, the frame preceded by a struct vsw_trace_meta in
 * the XDP metadata. Such a run must leave no trace in the switch: it
 * learns nothing (it asks what learning would do), counts nothing,
 * redirects nothing, and writes its decision into the metadata instead
 * of the per-CPU decision record, so it cannot race live traffic on the
 * same CPU. Real frames carry no metadata (data_meta == data): for them
 * the test is one comparison.
 */
#ifndef VSW_BPF_TRACE_H
#define VSW_BPF_TRACE_H

#include "fdb.h"

/* The trace marker in front of the frame, or NULL for a real frame. */
static __always_inline struct vsw_trace_meta *trace_meta(struct xdp_md *ctx)
{
	struct vsw_trace_meta *m = (void *)(long)ctx->data_meta;

	if ((void *)(m + 1) > (void *)(long)ctx->data)
		return NULL;
	return m->magic == VSW_TRACE_MAGIC ? m : NULL;
}

/* What fdb_learn() would return, without writing anything. */
static __always_inline int fdb_learn_probe(const struct vsw_port *port, __u16 vid,
					   const __u8 *src)
{
	struct vsw_fdb_entry *e;
	struct vsw_fdb_key key;

	fdb_key_set(&key, vid, src);
	e = bpf_map_lookup_elem(&vsw_fdb, &key);
	if (e && ((e->flags & VSW_FDB_F_STATIC) || e->ifindex == port->ifindex))
		return FDB_KNOWN;
	if (learned_count(port->slot) >= port->learn_limit)
		return FDB_OVER_LIMIT;
	return FDB_LEARNED;
}

/* The trace's single exit: hand the decision back, let nothing out.
 * The metadata is found again: bpf_xdp_adjust_head() moved it. */
static __always_inline int trace_finish(struct xdp_md *ctx, const struct vsw_decision *dec)
{
	struct vsw_trace_meta *m = trace_meta(ctx);

	if (m)
		m->dec = *dec;
	return XDP_DROP;
}

#endif /* VSW_BPF_TRACE_H */
