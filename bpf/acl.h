/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Port ACLs in the datapath (include/vsw_acl.h has the maps, and
 * docs/policies.md the model). Private to bpf/vsw.bpf.c, which calls
 * acl_check() where a port's rules apply:
 *
 *   out (the NIC sends)     vsw_ingress, after VLAN classification
 *   in  (the NIC receives)  ingress_deliver for a known unicast finished
 *                           in ingress, vsw_egress for everything else
 *
 * only when the port's flag says it has rules in that direction. It
 * returns VSW_GO, VSW_DROP_ACL (a deny rule, or an IP frame too short for
 * its headers) or VSW_DROP_UNPARSED (no transport header to judge, and a
 * deny rule on L4 fields: fail closed).
 *
 * acl_check() is a global function: the verifier checks it once, not at
 * each of its three call sites, and its work stays off the callers'
 * stacks (what it needs lives in a per-CPU scratch entry).
 */
#ifndef VSW_BPF_ACL_H
#define VSW_BPF_ACL_H

#include "vsw_maps.h"
#include "vsw_acl.h"
#include "l4.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_acl_active SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4 * VSW_MAX_PORTS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct vsw_acl_set_key);
	__type(value, struct vsw_acl_set);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_acl_sets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, VSW_ACL_PREFIXES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct vsw_acl_prefix_key);
	__type(value, struct vsw_acl_bits);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_acl_prefixes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_ACL_VALUES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct vsw_acl_value_key);
	__type(value, struct vsw_acl_bits);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_acl_values SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, VSW_ACL_FLOWS);
	__type(key, struct vsw_acl_flow_key);
	__type(value, struct vsw_acl_flow);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_acl_flows SEC(".maps");

/* Frames each rule matched, per CPU, by pool index. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VSW_ACL_POOL);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_acl_hits SEC(".maps");

/*
 * The last flow verdict this CPU used, so a burst of one flow skips even
 * the flow table's hash: valid for one port, direction and rule set.
 * A verdict state can change (a deny a reply may be let past, a reply
 * let in by state, the flow that opened a state and must keep it fresh)
 * holds for VSW_ACL_REFRESH_NS at most, then the flow table is asked
 * again; a plain allow holds until the rules change (until = 0).
 */
struct acl_memo {
	struct vsw_acl_flow_key key;
	__u64 until;
	__u32 active;
	__u8 dir;
	__u8 action;
	__u16 rule;
	__u16 meter;
	__u16 pad[3];
};

/* The frame as the port sees it, and the lookups' keys and results. */
struct acl_scratch {
	struct acl_memo memo;
	struct vsw_acl_flow_key flow;
	struct vsw_acl_prefix_key pk;
	struct vsw_acl_value_key vk;
	struct vsw_acl_flow fresh;
	__u8 lmac[6];
	__u8 rmac[6];
	__u8 ip;     /* 0: not IP; 4; 6 */
	__u8 ports;  /* 1: TCP or UDP with its ports (first fragment) */
	__u8 l4;     /* enum l4_where: L4_FOUND, or why there is no L4 header */
	__u8 pad;
	int decide;  /* rank of the deciding rule, or -1 */
	int meter;   /* rank of the meter rule, or -1 */
	__u64 cand[VSW_ACL_WORDS];
	struct vsw_acl_set_key sk; /* here, not on acl_check()'s stack */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct acl_scratch);
} vsw_acl_scratch SEC(".maps");

/* The MACs, local and remote, for rules that name them (slow path). Both
 * are copied from fixed offsets and only then placed by direction: a
 * pointer chosen by direction is a variable packet offset, which Linux
 * 6.1's verifier cannot bound. */
static __always_inline int acl_read_macs(struct xdp_md *ctx, __u32 dir, struct acl_scratch *x)
{
	struct ethhdr *eth;
	struct cursor c;
	int out = dir == VSW_ACL_OUT;

	cursor_init(&c, ctx);
	if (parse_ethhdr(&c, &eth) < 0)
		return -1;
	__builtin_memcpy(out ? x->lmac : x->rmac, eth->h_source, 6);
	__builtin_memcpy(out ? x->rmac : x->lmac, eth->h_dest, 6);
	return 0;
}

/*
 * Fill the scratch with the frame's L3/L4 fields, local and remote as the
 * port's NIC sees them: for `out` the NIC is the source, for `in` the
 * destination. Returns -1 for an IP frame too short to hold the IP or
 * TCP/UDP header it announces: the rules cannot judge it, so a port with
 * rules drops it (as `acl`). Non-IP frames of any kind go to the rules.
 */
static __always_inline int acl_parse(struct xdp_md *ctx, __u32 dir, struct acl_scratch *x)
{
	struct vlan_hdr *vh;
	struct ethhdr *eth;
	struct cursor c;
	int proto;

	cursor_init(&c, ctx);
	proto = parse_ethhdr(&c, &eth);
	if (proto < 0)
		return -1;
	if (proto == BE_ETH_P_8021Q) {
		proto = parse_vlanhdr(&c, &vh);
		if (proto < 0)
			return -1;
	}
	x->ip = 0;
	x->ports = 0;
	x->l4 = L4_FOUND;
	__builtin_memset(&x->flow, 0, sizeof(x->flow));
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = c.pos;

		if ((void *)(ip + 1) > c.end || ip->ihl < 5)
			return -1;
		x->ip = 4;
		__builtin_memcpy(dir == VSW_ACL_OUT ? x->flow.laddr : x->flow.raddr, &ip->saddr, 4);
		__builtin_memcpy(dir == VSW_ACL_OUT ? x->flow.raddr : x->flow.laddr, &ip->daddr, 4);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = c.pos;

		if ((void *)(ip6 + 1) > c.end)
			return -1;
		x->ip = 6;
		x->flow.proto = ip6->nexthdr; /* unless the walk finds more */
		__builtin_memcpy(dir == VSW_ACL_OUT ? x->flow.laddr : x->flow.raddr, &ip6->saddr, 16);
		__builtin_memcpy(dir == VSW_ACL_OUT ? x->flow.raddr : x->flow.laddr, &ip6->daddr, 16);
	} else {
		return 0;
	}
	x->flow.family = x->ip;
	/* Through IPv6 extension headers to the transport header (bpf/l4.h);
	 * later fragments carry none, so they have no ports. */
	x->l4 = l4_find(&c, proto, &x->flow.proto);
	if (x->l4 == L4_FOUND &&
	    (x->flow.proto == IPPROTO_TCP || x->flow.proto == IPPROTO_UDP)) {
		__be16 *pp = c.pos, sport, dport;

		if ((void *)(pp + 2) > c.end)
			return -1;
		/* Read at fixed offsets, then placed by direction (the
		 * barriers keep the compiler from loading through a pointer
		 * chosen by direction, which 6.1's verifier refuses). */
		sport = pp[0];
		dport = pp[1];
		barrier_var(sport);
		barrier_var(dport);
		x->ports = 1;
		x->flow.lport = dir == VSW_ACL_OUT ? sport : dport;
		x->flow.rport = dir == VSW_ACL_OUT ? dport : sport;
	}
	return 0;
}

/* Does the port's active rule set deny on L4 fields (VSW_ACL_SET_F_DENY_L4)? */
static __always_inline int acl_denies_l4(struct acl_scratch *x, __u32 slot, __u32 active,
					 __u32 dir)
{
	struct vsw_acl_set *set;

	x->sk.slot = slot;
	x->sk.dir = dir;
	x->sk.bank = VSW_ACL_ACTIVE_BANK(active);
	set = bpf_map_lookup_elem(&vsw_acl_sets, &x->sk);
	return set && (set->flags & VSW_ACL_SET_F_DENY_L4);
}

static __always_inline void acl_and(struct acl_scratch *x, const struct vsw_acl_bits *b)
{
	if (!b) {
		for (int i = 0; i < VSW_ACL_WORDS; i++)
			x->cand[i] = 0;
		return;
	}
	for (int i = 0; i < VSW_ACL_WORDS; i++)
		x->cand[i] &= b->w[i];
}

/* Narrow the candidates by an LPM field: the longest stored prefix of
 * the value holds the rules it satisfies; no prefix at all, none. */
static __always_inline void acl_and_prefix(struct acl_scratch *x, __u32 slot, __u8 sel,
					   __u8 family, const void *data, __u32 bits)
{
	x->pk.prefixlen = VSW_ACL_PREFIX_HDR_BITS + bits;
	x->pk.slot = slot;
	x->pk.sel = sel;
	x->pk.family = family;
	__builtin_memset(x->pk.data, 0, sizeof(x->pk.data));
	if (bits == 16)
		__builtin_memcpy(x->pk.data, data, 2);
	else if (bits == 32)
		__builtin_memcpy(x->pk.data, data, 4);
	else
		__builtin_memcpy(x->pk.data, data, 16);
	acl_and(x, bpf_map_lookup_elem(&vsw_acl_prefixes, &x->pk));
}

/* Narrow the candidates by a value field: its entry, or the `any` one. */
static __always_inline void acl_and_value(struct acl_scratch *x, __u32 slot, __u8 sel,
					  const __u8 *data, __u32 len)
{
	struct vsw_acl_bits *b;

	x->vk.slot = slot;
	x->vk.sel = sel;
	x->vk.any = 0;
	x->vk.pad = 0;
	__builtin_memset(x->vk.data, 0, sizeof(x->vk.data));
	if (len == 1)
		x->vk.data[0] = data[0];
	else
		__builtin_memcpy(x->vk.data, data, 6);
	b = bpf_map_lookup_elem(&vsw_acl_values, &x->vk);
	if (!b) {
		__builtin_memset(x->vk.data, 0, sizeof(x->vk.data));
		x->vk.any = 1;
		b = bpf_map_lookup_elem(&vsw_acl_values, &x->vk);
	}
	acl_and(x, b);
}

/* Bit index of each power of two, by its de Bruijn product: BPF has no
 * ctz, and a branchless lookup keeps the verifier's paths few. */
static const __u8 acl_debruijn_bit[64] = {
	0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
	62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
	63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
	46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
};

/* Index of the lowest set bit of a non-zero word. */
static __always_inline int acl_lowest_bit(__u64 w)
{
	return acl_debruijn_bit[((w & -w) * 0x03f79d71b4cb0a89ULL) >> 58];
}

/* Through memory, and not through a register the compiler keeps: a rank
 * read back is just "some number" to the verifier, so the paths that
 * found different ranks merge instead of multiplying. */
#define ACL_RANK(p) (*(volatile int *)(p))

/* The best-ranked candidate that decides, and the best meter, into the
 * scratch (x->decide, x->meter). */
static __always_inline void acl_best(struct acl_scratch *x, const struct vsw_acl_set *set)
{
	__u64 c, w;

	ACL_RANK(&x->decide) = -1;
	ACL_RANK(&x->meter) = -1;
	for (int i = 0; i < VSW_ACL_WORDS; i++) {
		c = x->cand[i];
		w = c & ~set->meter.w[i];
		if (w && ACL_RANK(&x->decide) < 0)
			ACL_RANK(&x->decide) = i * 64 + acl_lowest_bit(w);
		w = c & set->meter.w[i];
		if (w && ACL_RANK(&x->meter) < 0)
			ACL_RANK(&x->meter) = i * 64 + acl_lowest_bit(w);
	}
}

/* Match the frame in the scratch against one rule set. */
static __always_inline void acl_classify(struct acl_scratch *x, const struct vsw_acl_set *set,
					 __u32 slot, __u32 bank, __u32 dir)
{
	const struct vsw_acl_bits *start;
	__u32 fields = set->fields;
	__u32 abits = x->ip == 4 ? 32 : 128;

	start = x->ip == 4 ? &set->ip4 : x->ip == 6 ? &set->ip6 : &set->nonip;
	for (int i = 0; i < VSW_ACL_WORDS; i++)
		x->cand[i] = start->w[i];
	if (x->ip) {
		if (fields & VSW_ACL_F(VSW_ACL_FLD_REMOTE))
			acl_and_prefix(x, slot, VSW_ACL_SEL(bank, dir, VSW_ACL_FLD_REMOTE), x->ip,
				       x->flow.raddr, abits);
		if (fields & VSW_ACL_F(VSW_ACL_FLD_LOCAL))
			acl_and_prefix(x, slot, VSW_ACL_SEL(bank, dir, VSW_ACL_FLD_LOCAL), x->ip,
				       x->flow.laddr, abits);
		if (fields & VSW_ACL_F(VSW_ACL_FLD_PROTO))
			acl_and_value(x, slot, VSW_ACL_SEL(bank, dir, VSW_ACL_FLD_PROTO),
				      &x->flow.proto, 1);
		if (fields & VSW_ACL_F_PORTS) {
			if (!x->ports) {
				acl_and(x, &set->noports);
			} else {
				if (fields & VSW_ACL_F(VSW_ACL_FLD_RPORT))
					acl_and_prefix(x, slot,
						       VSW_ACL_SEL(bank, dir, VSW_ACL_FLD_RPORT), 0,
						       &x->flow.rport, 16);
				if (fields & VSW_ACL_F(VSW_ACL_FLD_LPORT))
					acl_and_prefix(x, slot,
						       VSW_ACL_SEL(bank, dir, VSW_ACL_FLD_LPORT), 0,
						       &x->flow.lport, 16);
			}
		}
	}
	if (fields & VSW_ACL_F(VSW_ACL_FLD_RMAC))
		acl_and_value(x, slot, VSW_ACL_SEL(bank, dir, VSW_ACL_FLD_RMAC), x->rmac, 6);
	if (fields & VSW_ACL_F(VSW_ACL_FLD_LMAC))
		acl_and_value(x, slot, VSW_ACL_SEL(bank, dir, VSW_ACL_FLD_LMAC), x->lmac, 6);
	acl_best(x, set);
}

static __always_inline void acl_count(__u32 pool)
{
	__u64 *hits;

	if (pool >= VSW_ACL_POOL)
		return;
	hits = bpf_map_lookup_elem(&vsw_acl_hits, &pool);
	if (hits)
		*hits += 1;
}

/* A verdict: count its rules (not for a probe), say whether the frame
 * goes on. */
static __always_inline int acl_apply(__u8 action, __u16 rule, __u16 meter, int probe)
{
	if (!probe) {
		acl_count(rule);
		acl_count(meter);
	}
	return action == VSW_ACL_DENY ? VSW_DROP_ACL : VSW_GO;
}

static __always_inline __u16 acl_pool_of(const struct vsw_acl_set *set, int rank)
{
	return rank < 0 ? VSW_ACL_NO_RULE : set->rule[rank & (VSW_ACL_MAX_RULES - 1)].pool;
}

static __always_inline int acl_memo_hit(const struct acl_scratch *x, __u32 active, __u32 dir)
{
	const __u64 *a = (const __u64 *)&x->memo.key, *b = (const __u64 *)&x->flow;

	if (x->memo.active != active || x->memo.dir != dir)
		return 0;
	for (int i = 0; i < (int)(sizeof(x->flow) / 8); i++)
		if (a[i] != b[i])
			return 0;
	/* Without an end: a plain allow, which no state can change. */
	return !x->memo.until || bpf_ktime_get_coarse_ns() < x->memo.until;
}

static __always_inline int acl_memo_put(struct acl_scratch *x, __u32 active, __u32 dir,
					__u64 until, __u8 action, __u16 rule, __u16 meter,
					int probe)
{
	if (probe)
		return acl_apply(action, rule, meter, probe);
	x->memo.key = x->flow;
	x->memo.active = active;
	x->memo.dir = dir;
	x->memo.until = until;
	x->memo.action = action;
	x->memo.rule = rule;
	x->memo.meter = meter;
	return acl_apply(action, rule, meter, probe);
}

/*
 * The rules of port slot `slot` in direction `dir` on the frame in ctx:
 * VSW_GO it goes on, else the drop reason. In order: this CPU's memo of
 * the last flow, the flow table (a reply a stateful rule let in, or the
 * flow's remembered verdict), and the classifier.
 *
 * With VSW_ACL_PROBE in dir (a packet trace) it only answers: no hit is
 * counted, no flow is opened, refreshed or remembered.
 */
__noinline int acl_check(struct xdp_md *ctx, __u32 slot, __u32 dir)
{
	int probe = !!(dir & VSW_ACL_PROBE);

	__u32 zero = 0, active, d = dir & 1, dbit = 1U << (dir & 1);
	const struct vsw_acl_rule_ref *ref;
	struct vsw_acl_flow *f = NULL;
	struct vsw_acl_set *set;
	struct acl_scratch *x;
	__u64 now, until;
	int decide, meter;
	__u32 *act;
	__u8 action;

	x = bpf_map_lookup_elem(&vsw_acl_scratch, &zero);
	act = bpf_map_lookup_elem(&vsw_acl_active, &slot);
	if (!x || !act)
		return VSW_GO;
	active = *act;
	if (acl_parse(ctx, d, x))
		return VSW_DROP_ACL;
	/* No transport header to judge: a deny rule on L4 fields fails closed. */
	if (x->ip && x->l4 != L4_FOUND && acl_denies_l4(x, slot, active, d))
		return VSW_DROP_UNPARSED;

	if (x->ip) {
		x->flow.slot = slot;
		if (acl_memo_hit(x, active, d))
			return acl_apply(x->memo.action, x->memo.rule, x->memo.meter, probe);
	}
	now = bpf_ktime_get_coarse_ns();
	until = now + VSW_ACL_REFRESH_NS;
	if (x->ip) {
		f = bpf_map_lookup_elem(&vsw_acl_flows, &x->flow);
		if (f && f->active != active)
			f = NULL; /* the rules changed since: decide again */
		if (f && probe) { /* look, but change nothing in the table */
			x->fresh = *f;
			f = &x->fresh;
		}
	}
	if (f) {
		/* A reply of a flow a stateful rule let through the other way. */
		if (f->opened && !(f->opened & dbit) &&
		    now - f->last_seen <= (__u64)f->timeout_s * 1000000000ULL) {
			if (now - f->last_seen > VSW_ACL_REFRESH_NS)
				f->last_seen = now;
			return acl_memo_put(x, active, d, until, VSW_ACL_ALLOW, VSW_ACL_NO_RULE,
					    VSW_ACL_NO_RULE, probe);
		}
		if (f->cached & dbit) {
			if ((f->opened & dbit) && now - f->last_seen > VSW_ACL_REFRESH_NS)
				f->last_seen = now;
			if (f->action[d] == VSW_ACL_ALLOW && !(f->opened & dbit))
				until = 0;
			return acl_memo_put(x, active, d, until, f->action[d], f->rule[d],
					    f->meter[d], probe);
		}
	}

	x->sk.slot = slot;
	x->sk.dir = d;
	x->sk.bank = VSW_ACL_ACTIVE_BANK(active);
	set = bpf_map_lookup_elem(&vsw_acl_sets, &x->sk);
	if (!set)
		return VSW_GO;
	if ((set->fields & VSW_ACL_F_MACS) && acl_read_macs(ctx, d, x))
		return VSW_DROP_ACL;
	acl_classify(x, set, slot, x->sk.bank, d);
	decide = ACL_RANK(&x->decide);
	meter = ACL_RANK(&x->meter);
	action = VSW_ACL_ALLOW; /* the default: no allow or deny rule matched */
	ref = decide >= 0 ? &set->rule[decide & (VSW_ACL_MAX_RULES - 1)] : NULL;
	/* Test ref itself, not decide again: 6.1's verifier cannot carry
	 * "decide < 0, so ref is NULL" from one test to the other. */
	barrier_var(ref);
	if (ref)
		action = ref->action;
	if (!x->ip)
		return acl_apply(action, acl_pool_of(set, decide), acl_pool_of(set, meter), probe);

	/* Remember the verdict for the flow's next frames (not when MACs
	 * decide: they are not part of the flow), and open it for replies
	 * when a stateful rule allowed it. */
	if (!f) {
		f = &x->fresh;
		__builtin_memset(f, 0, sizeof(*f));
		f->active = active;
	}
	if (ref && action == VSW_ACL_ALLOW && ref->stateful && x->ports) {
		f->opened = dbit;
		f->timeout_s = ref->timeout_s;
		f->last_seen = now;
	}
	if (set->fields & VSW_ACL_F_MACS) {
		if (f == &x->fresh && f->opened && !probe)
			bpf_map_update_elem(&vsw_acl_flows, &x->flow, f, BPF_ANY);
		return acl_apply(action, acl_pool_of(set, decide), acl_pool_of(set, meter), probe);
	}
	if (action == VSW_ACL_ALLOW && !(f->opened & dbit))
		until = 0;
	f->cached |= dbit;
	f->action[d] = action;
	f->rule[d] = acl_pool_of(set, decide);
	f->meter[d] = acl_pool_of(set, meter);
	if (f == &x->fresh && !probe)
		bpf_map_update_elem(&vsw_acl_flows, &x->flow, f, BPF_ANY);
	return acl_memo_put(x, active, d, until, action, f->rule[d], f->meter[d], probe);
}

#endif /* VSW_BPF_ACL_H */
