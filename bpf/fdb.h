/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The learning FDB: (VID, MAC) -> port. The datapath learns and refreshes;
 * the loader adds static entries and sweeps aged ones. An entry older than
 * the aging time is a miss here even before the sweep removes it.
 */
#ifndef VSW_BPF_FDB_H
#define VSW_BPF_FDB_H

#include "port.h"

/* Source MACs that are never learned: group (incl. broadcast) and zero. */
static __always_inline int mac_is_learnable(const __u8 *mac)
{
	if (mac[0] & 1)
		return 0;
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) != 0;
}

static __always_inline void fdb_key_set(struct vsw_fdb_key *key, __u16 vid,
					const __u8 *mac)
{
	key->vid = vid;
	__builtin_memcpy(key->mac, mac, 6);
}

static __always_inline int fdb_entry_live(const struct vsw_fdb_entry *e,
					  __u64 now, __u64 aging_ns)
{
	/* Signed: the datapath stamps with the coarse clock, userspace with
	 * the fine one, so a stamp may lie a tick ahead of now. */
	return (e->flags & VSW_FDB_F_STATIC) || (__s64)(now - e->last_seen) <= (__s64)aging_ns;
}

static __always_inline void learned_add(__u32 slot, int delta)
{
	__u32 *n = bpf_map_lookup_elem(&vsw_learned, &slot);

	/* A sweep may have recounted the port to 0 meanwhile: never wrap
	 * below zero, which would read as a full port. */
	if (n && (delta > 0 || *n > 0))
		__sync_fetch_and_add(n, delta);
}

static __always_inline __u32 learned_count(__u32 slot)
{
	__u32 *n = bpf_map_lookup_elem(&vsw_learned, &slot);

	return n ? *n : 0;
}

/* Every port's remembered source is void once an entry moved. */
static __always_inline void fdb_moved(void)
{
	__u32 zero = 0;
	__u64 *moves = bpf_map_lookup_elem(&vsw_fdb_moves, &zero);

	if (moves)
		__sync_fetch_and_add(moves, 1);
}

/* VID and MAC as one word, for a single compare. Never 0 for a VLAN. */
static __always_inline __u64 fdb_key_word(__u16 vid, const __u8 *mac)
{
	__u64 w = (__u64)vid << 48;

	for (int i = 0; i < 6; i++)
		w |= (__u64)mac[i] << (40 - 8 * i);
	return w;
}

static __always_inline void fdb_key_from_word(struct vsw_fdb_key *key, __u64 w)
{
	key->vid = w >> 48;
	for (int i = 0; i < 6; i++)
		key->mac[i] = w >> (40 - 8 * i);
}

enum fdb_learn_result {
	FDB_KNOWN = 0,    /* nothing to do, or last-seen refreshed */
	FDB_LEARNED,      /* inserted, or moved here from another port */
	FDB_OVER_LIMIT,   /* new to this port, and the port is at its limit */
	FDB_NOT_STORED,   /* the table is full; the frame still goes on */
};

/* Learn the source key (fdb_key_word()) on the port (ifindex, counter
 * slot, learning limit) at time now. */
static __always_inline int fdb_learn(__u64 kw, __u32 ifindex, __u32 slot, __u32 limit,
				     __u64 now)
{
	struct vsw_fdb_entry *e, fresh = {};
	struct vsw_fdb_key key;
	struct vsw_port *old;
	__u32 old_ifindex;

	fdb_key_from_word(&key, kw);
	e = bpf_map_lookup_elem(&vsw_fdb, &key);
	if (e) {
		if (e->flags & VSW_FDB_F_STATIC)
			return FDB_KNOWN;
		if (e->ifindex == ifindex) {
			if (now - e->last_seen > VSW_FDB_REFRESH_NS)
				e->last_seen = now;
			return FDB_KNOWN;
		}
		/* The MAC moved: it becomes this port's, within its limit. */
		if (learned_count(slot) >= limit)
			return FDB_OVER_LIMIT;
		old_ifindex = e->ifindex;
		fdb_moved();
		e->ifindex = ifindex;
		e->last_seen = now;
		learned_add(slot, 1);
		old = port_lookup(old_ifindex);
		if (old)
			learned_add(old->slot, -1);
		return FDB_LEARNED;
	}

	if (learned_count(slot) >= limit)
		return FDB_OVER_LIMIT;
	fresh.ifindex = ifindex;
	fresh.last_seen = now;
	/* BPF_NOEXIST: of two CPUs learning the same MAC, one counts it. */
	if (bpf_map_update_elem(&vsw_fdb, &key, &fresh, BPF_NOEXIST))
		return FDB_NOT_STORED;
	learned_add(slot, 1);
	return FDB_LEARNED;
}

/*
 * fdb_learn(), skipped while the port's frames keep coming from the source
 * the FDB last confirmed for it (struct vsw_src_seen). The generations are
 * read before the FDB is, so a change during the lookup voids what it saw.
 *
 * A global function, like fdb_dest(): the FDB key and entry it builds stay
 * off vsw_ingress's stack.
 */
__noinline int fdb_learn_src(__u64 kw, __u32 ifindex, __u32 slot, __u32 limit, __u64 now)
{
	__u64 window, *moves, moved;
	struct vsw_src_seen *seen;
	struct vsw_config *cfg;
	__u32 zero = 0, gen;
	int r;

	cfg = bpf_map_lookup_elem(&vsw_config, &zero);
	seen = bpf_map_lookup_elem(&vsw_src_seen, &slot);
	moves = bpf_map_lookup_elem(&vsw_fdb_moves, &zero);
	if (!cfg || !seen || !moves)
		return fdb_learn(kw, ifindex, slot, limit, now);
	window = cfg->aging_ns / 4;
	if (window > VSW_FDB_REFRESH_NS)
		window = VSW_FDB_REFRESH_NS;
	gen = cfg->fdb_gen;
	moved = *(volatile __u64 *)moves;
	if (seen->key == kw && seen->fdb_gen == gen && seen->moves == moved &&
	    now - seen->checked < window)
		return FDB_KNOWN;
	r = fdb_learn(kw, ifindex, slot, limit, now);
	if (r == FDB_KNOWN || r == FDB_LEARNED) {
		seen->key = kw;
		seen->checked = now;
		seen->moves = moved;
		seen->fdb_gen = gen;
	}
	return r;
}

/*
 * The FDB's answer for the destination key (fdb_key_word(): VID and MAC)
 * of a frame from the port of this slot: the port's ifindex, 0 when it is
 * unknown or aged. While a port's frames keep going to one destination
 * the answer comes from what the port remembers (struct vsw_src_seen),
 * as for sources: for at most a quarter of the aging time and
 * VSW_FDB_REFRESH_NS, and only while neither the loader nor the datapath
 * changed the FDB since; so a remembered entry outlives its aging by that
 * window at most. A trace (remember 0) only asks.
 *
 * A global function: its key and locals stay off vsw_ingress's stack,
 * whose frames, with the ACL's under ingress_deliver's, must fit 512
 * bytes.
 */
__noinline __u32 fdb_dest(__u64 key, __u32 slot, __u64 now, __u32 remember)
{
	__u32 zero = 0, gen, ifindex;
	struct vsw_src_seen *seen;
	struct vsw_fdb_entry *e;
	struct vsw_config *cfg;
	struct vsw_fdb_key fk;
	__u64 window, *moves, moved;

	cfg = bpf_map_lookup_elem(&vsw_config, &zero);
	seen = bpf_map_lookup_elem(&vsw_src_seen, &slot);
	moves = bpf_map_lookup_elem(&vsw_fdb_moves, &zero);
	if (!cfg || !seen || !moves)
		return 0;
	window = cfg->aging_ns / 4;
	if (window > VSW_FDB_REFRESH_NS)
		window = VSW_FDB_REFRESH_NS;
	gen = cfg->fdb_gen;
	moved = *(volatile __u64 *)moves;
	if (seen->dst_key == key && seen->dst_gen == gen && seen->dst_moves == moved &&
	    now - seen->dst_checked < window)
		return seen->dst_ifindex;
	fdb_key_from_word(&fk, key);
	e = bpf_map_lookup_elem(&vsw_fdb, &fk);
	if (!e || !fdb_entry_live(e, now, cfg->aging_ns))
		return 0;
	ifindex = e->ifindex;
	if (remember) {
		seen->dst_key = key;
		seen->dst_checked = now;
		seen->dst_moves = moved;
		seen->dst_gen = gen;
		seen->dst_ifindex = ifindex;
	}
	return ifindex;
}

#endif /* VSW_BPF_FDB_H */
