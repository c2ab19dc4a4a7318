/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The vsw extension ABI, version 1 (docs/extensions.md).
 *
 * An extension is one XDP program in a BPF object of its own, loaded by
 * vswd into a slot of a switch's pipeline:
 *
 *   ingress, after classification, learning and the FDB lookup:
 *       capture  ->  filter  ->  forward  ->  (the switch's own checks)
 *   egress, once per destination, after VLAN pruning and tag pop:
 *       capture  ->  filter  ->  (transmit)
 *
 * Inside a slot the extensions run by priority (lower first, then by
 * name). The switch calls an extension with a tail call; the extension
 * answers by writing its verdict into struct vsw_ext_md and tail-calling
 * back (vsw_ext_ingress_done() / vsw_ext_egress_done() below), so the
 * pipeline goes on. What each kind may answer:
 *
 *   capture   observes only. It may not drop, redirect or change the
 *             frame: the loader refuses a capture program that calls a
 *             frame-changing helper or stores into the frame, and any
 *             verdict but CONTINUE is discarded (and counted as a
 *             violation).
 *   filter    CONTINUE or DROP (with a reason 0..VSW_EXT_REASONS-1 of its
 *             own, counted per extension); may change the frame's bytes.
 *   forward   (ingress only) CONTINUE, DROP, FORWARD to a port ifindex,
 *             or FLOOD. The first forward extension that chooses ends the
 *             slot. The switch's policies still apply to its choice: the
 *             port must exist, be up, be in the frame's VLAN and not be
 *             the ingress port; egress pruning and tagging as usual.
 *
 * The shared structs are fixed-width; the maps an extension shares with
 * the switch are declared below for BPF code (__bpf__), and the loader
 * binds them to the switch's pinned maps, refusing an object whose
 * declarations do not match. VSW_EXT_ABI_VERSION is checked at load
 * from the object's vsw_ext_abi variable (VSW_EXT_DECLARE_ABI).
 */
#ifndef VSW_EXT_H
#define VSW_EXT_H

#include <linux/types.h>
#include "vsw_structs.h"

#define VSW_EXT_ABI_VERSION 1

/* Extensions loaded in one switch; also the size of the program arrays. */
#ifndef VSW_EXT_MAX
#define VSW_EXT_MAX 32
#endif
/* Extensions in one slot. */
#define VSW_EXT_PER_SLOT 8
/* Extensions in one stage: each costs two tail calls of the kernel's 33. */
#define VSW_EXT_PER_STAGE 15
/* Drop reasons an extension may give, each counted. */
#define VSW_EXT_REASONS 8
/* Index, in each program array, of the switch's continuation. */
#define VSW_EXT_RESUME VSW_EXT_MAX

enum vsw_ext_kind {
	VSW_EXT_KIND_CAPTURE = 0, /* observe; never modify or drop */
	VSW_EXT_KIND_FILTER = 1,  /* inspect, drop, modify */
	VSW_EXT_KIND_FORWARD = 2, /* choose the destination (ingress only) */
	VSW_EXT_KIND__MAX,
};

enum vsw_ext_stage {
	VSW_EXT_INGRESS = 0, /* once per frame, SEC("xdp") */
	VSW_EXT_EGRESS = 1,  /* once per destination, SEC("xdp/devmap") */
	VSW_EXT_STAGE__MAX,
};

/* The slots, in the order a frame meets them. */
enum vsw_ext_slot {
	VSW_EXT_SLOT_IN_CAPTURE = 0,
	VSW_EXT_SLOT_IN_FILTER,
	VSW_EXT_SLOT_IN_FORWARD,
	VSW_EXT_SLOT_OUT_CAPTURE,
	VSW_EXT_SLOT_OUT_FILTER,
	VSW_EXT_SLOT__MAX,
};
#define VSW_EXT_SLOT_NONE 0xff /* a kind/stage pair without a slot */
#define VSW_EXT_IN_SLOTS  0x07 /* bits of the ingress slots */
#define VSW_EXT_OUT_SLOTS 0x18 /* bits of the egress slots */

static inline unsigned int vsw_ext_slot_of(unsigned int kind, unsigned int stage)
{
	if (stage == VSW_EXT_INGRESS && kind < VSW_EXT_KIND__MAX)
		return VSW_EXT_SLOT_IN_CAPTURE + kind;
	if (stage == VSW_EXT_EGRESS && kind <= VSW_EXT_KIND_FILTER)
		return VSW_EXT_SLOT_OUT_CAPTURE + kind;
	return VSW_EXT_SLOT_NONE;
}

enum vsw_ext_verdict {
	VSW_EXT_CONTINUE = 0, /* the pipeline goes on */
	VSW_EXT_DROP = 1,     /* filter, forward: drop, with md->reason */
	VSW_EXT_FORWARD = 2,  /* forward: to md->fwd_ifindex */
	VSW_EXT_FLOOD = 3,    /* forward: to every port of the VLAN */
};

/* vsw_ext_md.flags */
#define VSW_EXT_F_TAGGED (1U << 0) /* the frame arrived with an 802.1Q tag */
#define VSW_EXT_F_FLOOD  (1U << 1) /* ingress: the destination so far is a flood */
#define VSW_EXT_F_MIRROR (1U << 2) /* egress: a port mirroring copy to a mirror
				    * destination (docs/policies.md) */

/*
 * What an extension sees and answers; the first member of the per-CPU
 * entry of vsw_ext_md for its stage. The frame itself is the program's
 * xdp_md: at ingress as it arrived (its own tagging), at egress as it
 * will leave the destination port.
 */
struct vsw_ext_md {
	__u32 in_ifindex;  /* port the frame came in on */
	__u32 out_ifindex; /* ingress: destination port so far (0: flood);
			    * egress: the destination port */
	__u16 vid;         /* the classified VLAN */
	__u8 stage;        /* enum vsw_ext_stage */
	__u8 kind;         /* enum vsw_ext_kind of the slot running */
	__u16 flags;       /* VSW_EXT_F_* */
	__u8 verdict;      /* answer: enum vsw_ext_verdict, CONTINUE on entry */
	__u8 reason;       /* answer with DROP: 0..VSW_EXT_REASONS-1 */
	__u32 fwd_ifindex; /* answer with FORWARD: the destination port */
	__u32 pad;
};

/* The switch's own state across the tail calls. Not for extensions. */
struct vsw_ext_core {
	struct vsw_decision dec; /* ingress decision so far */
	__u32 rx_slot;           /* counter slot of the ingress port */
	__u32 drop_slot;         /* counter slot a drop is charged to */
	__u32 len;               /* frame length on arrival */
	__u32 port_slot;         /* egress: counter slot of the destination */
	__u16 tci;               /* ingress: the tag the frame will carry */
	__u8 bank;               /* chain bank this frame walks */
	__u8 slot;               /* slot being walked */
	__u8 pos;                /* next position in that slot */
	__u8 cur;                /* extension id running, VSW_EXT_NONE before */
	__u8 chosen;             /* a forward extension chose */
	__u8 mirrored;           /* egress: a mirror copy */
};
#define VSW_EXT_NONE 0xff

/* vsw_ext_md: per-CPU array, one entry per stage. */
struct vsw_ext_scratch {
	struct vsw_ext_md md;     /* the extension's view */
	struct vsw_ext_core core; /* the switch's */
};

/* vsw_ext_cfg: one entry. Written by the loader only. */
struct vsw_ext_cfg {
	__u32 bank; /* which half of vsw_ext_chain is live */
	__u32 mask; /* bit s set: slot s has extensions */
};

/* vsw_ext_chain[bank * VSW_EXT_SLOT__MAX + slot]: the ids in run order. */
struct vsw_ext_chain {
	__u8 count;
	__u8 id[VSW_EXT_PER_SLOT];
	__u8 pad[7];
};

/* vsw_ext_info[id]: what is loaded where (for the loader and bpftool). */
struct vsw_ext_info {
	char name[16];   /* "" when the id is free */
	__u8 kind;       /* enum vsw_ext_kind */
	__u8 stage;      /* enum vsw_ext_stage */
	__u16 pad;
	__u32 priority;  /* lower runs first */
	__u32 prog_id;   /* kernel id of the program in the stage's array */
	__u32 pad2;
};

/* vsw_ext_stats[id]: per-CPU, counted by the switch, not the extension. */
struct vsw_ext_stats {
	__u64 runs;       /* frames the extension saw */
	__u64 drops;      /* DROP verdicts obeyed */
	__u64 forwards;   /* FORWARD and FLOOD verdicts obeyed */
	__u64 violations; /* verdicts its kind may not give, ignored */
	__u64 reasons[VSW_EXT_REASONS]; /* drops by the extension's reason */
};

/* A sample record: the layout of the capture example's ring buffer,
 * which vswd reads for "vswctl ext samples". */
#define VSW_EXT_SAMPLE_BYTES 128
struct vsw_ext_sample {
	__u32 in_ifindex;
	__u32 out_ifindex;
	__u16 vid;
	__u8 stage;
	__u8 pad;
	__u32 len;     /* frame length */
	__u32 cap_len; /* bytes of data[] filled */
	__u8 data[VSW_EXT_SAMPLE_BYTES];
};

/* Names of the shared objects under the switch's pin directory. */
#define VSW_MAP_EXT_MD      "vsw_ext_md"
#define VSW_MAP_EXT_IN      "vsw_ext_in"
#define VSW_MAP_EXT_IN_SKB  "vsw_ext_in_skb" /* the same, for vsw_ingress_skb */
#define VSW_MAP_EXT_OUT     "vsw_ext_out"
#define VSW_MAP_EXT_CFG     "vsw_ext_cfg"
#define VSW_MAP_EXT_CHAIN   "vsw_ext_chain"
#define VSW_MAP_EXT_INFO    "vsw_ext_info"
#define VSW_MAP_EXT_STATS   "vsw_ext_stats"
#define VSW_PROG_IN_RESUME  "vsw_ingress_resume"
#define VSW_PROG_SKB_RESUME "vsw_skb_resume" /* vsw_ingress_skb's */
#define VSW_PROG_OUT_RESUME "vsw_egress_resume"
#define VSW_EXT_DIR         "ext" /* <switch>/ext/<name>/: each extension's pins */
#define VSW_EXT_SAMPLES_MAP "vsw_ext_samples" /* a ring buffer vswd can read */
#define VSW_EXT_ABI_VAR     "vsw_ext_abi"

/* The switch's own object defines these maps itself (bpf/vsw_maps.h). */
#if defined(__bpf__) && !defined(VSW_EXT_CORE)
/* ---- for extension programs ---------------------------------------- */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Every extension object says which ABI it was built for. */
#define VSW_EXT_DECLARE_ABI() const volatile __u32 vsw_ext_abi = VSW_EXT_ABI_VERSION

/* Bound by the loader to the switch's maps of the same name. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VSW_EXT_STAGE__MAX);
	__type(key, __u32);
	__type(value, struct vsw_ext_scratch);
} vsw_ext_md SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, VSW_EXT_MAX + 1);
	__type(key, __u32);
	__type(value, __u32);
} vsw_ext_in SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, VSW_EXT_MAX + 1);
	__type(key, __u32);
	__type(value, __u32);
} vsw_ext_out SEC(".maps");

/* The extension's view of the frame being processed at its stage. */
static __always_inline struct vsw_ext_md *vsw_ext_md_get(__u32 stage)
{
	return bpf_map_lookup_elem(&vsw_ext_md, &stage);
}

static __always_inline void vsw_ext_drop(struct vsw_ext_md *md, __u8 reason)
{
	md->verdict = VSW_EXT_DROP;
	md->reason = reason;
}

static __always_inline void vsw_ext_forward(struct vsw_ext_md *md, __u32 ifindex)
{
	md->verdict = VSW_EXT_FORWARD;
	md->fwd_ifindex = ifindex;
}

static __always_inline void vsw_ext_flood(struct vsw_ext_md *md)
{
	md->verdict = VSW_EXT_FLOOD;
}

/* The last statement of an ingress extension: back to the switch. The
 * return value only matters if the switch is gone (the frame is dropped). */
static __always_inline int vsw_ext_ingress_done(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &vsw_ext_in, VSW_EXT_RESUME);
	return XDP_ABORTED;
}

/* The same for an egress extension (SEC("xdp/devmap")). */
static __always_inline int vsw_ext_egress_done(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &vsw_ext_out, VSW_EXT_RESUME);
	return XDP_ABORTED;
}
#endif /* __bpf__ && !VSW_EXT_CORE */

#endif /* VSW_EXT_H */
