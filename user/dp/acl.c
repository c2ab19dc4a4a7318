// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The ACL compiler: a port's rules into the datapath's lookup tables
 * (include/vsw_acl.h). Per direction, the rules are ranked (priority,
 * then the longer remote prefix, then the longer local prefix, then the
 * older rule) and every table entry is the bitmap of the ranks it lets
 * through. The tables go into the port's idle bank; then the port's
 * selector word flips to it, and the next compile reuses the other.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>

#include "acl.h"

struct acl_bank {
	struct vsw_dp_acl_fds fds;
	__u16 slot;
	__u8 bank;
};

/* ---- ranking ---- */

static int cidr_len(const struct vsw_acl_cidr *c)
{
	return c->family ? c->len : -1;
}

static int rank_cmp(const void *pa, const void *pb)
{
	const struct vsw_acl_rule *a = *(const struct vsw_acl_rule *const *)pa;
	const struct vsw_acl_rule *b = *(const struct vsw_acl_rule *const *)pb;

	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	if (cidr_len(&a->remote) != cidr_len(&b->remote))
		return cidr_len(&a->remote) > cidr_len(&b->remote) ? -1 : 1;
	if (cidr_len(&a->local) != cidr_len(&b->local))
		return cidr_len(&a->local) > cidr_len(&b->local) ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void bit_set(struct vsw_acl_bits *b, unsigned int rank)
{
	b->w[rank / 64] |= 1ULL << (rank % 64);
}

/* ---- which rules a table entry lets through ---- */

/* Does prefix c contain the whole block (addr, len) of family fam? */
static bool cidr_contains(const struct vsw_acl_cidr *c, __u8 fam, const __u8 *addr,
			  unsigned int len)
{
	if (c->family != fam || c->len > len)
		return false;
	for (unsigned int bit = 0; bit < c->len; bit++) {
		__u8 m = 0x80 >> (bit % 8);

		if ((c->addr[bit / 8] & m) != (addr[bit / 8] & m))
			return false;
	}
	return true;
}

static const struct vsw_acl_cidr *rule_cidr(const struct vsw_acl_rule *r, int field)
{
	return field == VSW_ACL_FLD_REMOTE ? &r->remote : &r->local;
}

static const struct vsw_acl_range *rule_range(const struct vsw_acl_rule *r, int field,
					      bool *has)
{
	*has = field == VSW_ACL_FLD_RPORT ? r->has_rport : r->has_lport;
	return field == VSW_ACL_FLD_RPORT ? &r->rport : &r->lport;
}

/* ---- writing a bank ---- */

static int put_prefix(const struct acl_bank *b, __u8 sel, __u8 family, const __u8 *data,
		      unsigned int len, const struct vsw_acl_bits *bits)
{
	struct vsw_acl_prefix_key k = {
		.prefixlen = VSW_ACL_PREFIX_HDR_BITS + len, .slot = b->slot, .sel = sel,
		.family = family,
	};

	memcpy(k.data, data, family == 4 ? 4 : family == 6 ? 16 : 2);
	if (bpf_map_update_elem(b->fds.prefixes, &k, bits, BPF_ANY))
		return errno == E2BIG || errno == ENOMEM ? -ENOSPC : -errno;
	return 0;
}

static int put_value(const struct acl_bank *b, __u8 sel, bool any, const __u8 *data,
		     size_t len, const struct vsw_acl_bits *bits)
{
	struct vsw_acl_value_key k = { .slot = b->slot, .sel = sel, .any = any };

	if (data)
		memcpy(k.data, data, len);
	if (bpf_map_update_elem(b->fds.values, &k, bits, BPF_ANY))
		return errno == E2BIG || errno == ENOMEM ? -ENOSPC : -errno;
	return 0;
}

/* An address field: one entry per distinct prefix and family, and /0. */
static int write_addr_field(const struct acl_bank *b, int dir, int field,
			    const struct vsw_acl_rule **ranked, unsigned int n)
{
	__u8 sel = VSW_ACL_SEL(b->bank, dir, field);
	int err = 0;

	for (__u8 fam = 4; fam <= 6 && !err; fam += 2) {
		/* Candidates: /0, then each rule's prefix of this family. */
		for (int i = -1; i < (int)n && !err; i++) {
			const struct vsw_acl_cidr *p = i >= 0 ? rule_cidr(ranked[i], field) : NULL;
			struct vsw_acl_cidr zero = { .family = fam };
			struct vsw_acl_bits bits = {};
			bool dup = false;

			if (p && p->family != fam)
				continue;
			if (!p)
				p = &zero;
			for (int j = 0; j < i && !dup; j++) {
				const struct vsw_acl_cidr *q = rule_cidr(ranked[j], field);

				dup = q->family == fam && q->len == p->len &&
				      !memcmp(q->addr, p->addr, 16);
			}
			if (i >= 0 && (dup || p->len == 0))
				continue; /* written already */
			for (unsigned int r = 0; r < n; r++) {
				const struct vsw_acl_cidr *c = rule_cidr(ranked[r], field);

				if (!c->family || cidr_contains(c, fam, p->addr, p->len))
					bit_set(&bits, r);
			}
			err = put_prefix(b, sel, fam, p->addr, p->len, &bits);
		}
	}
	return err;
}

/* The aligned blocks a port range is made of, as (start, prefix length);
 * at most 30 for any 16-bit range. */
static unsigned int range_blocks(const struct vsw_acl_range *rg, __u16 start[32], __u8 len[32])
{
	__u32 lo = rg->lo, hi = rg->hi;
	unsigned int n = 0;

	while (lo <= hi) {
		unsigned int size = 0; /* log2 of the block */

		while (size < 16 && !(lo & (1U << size)) && lo + (2U << size) - 1 <= hi)
			size++;
		start[n] = lo;
		len[n++] = 16 - size;
		lo += 1U << size;
	}
	return n;
}

static bool range_has_block(const struct vsw_acl_range *rg, __u16 start, __u8 len)
{
	__u32 end = start + (1U << (16 - len)) - 1;

	return rg->lo <= start && end <= rg->hi;
}

/* A port field: one entry per block of every rule's range, and /0. */
static int write_port_field(const struct acl_bank *b, int dir, int field,
			    const struct vsw_acl_rule **ranked, unsigned int n)
{
	__u8 sel = VSW_ACL_SEL(b->bank, dir, field);
	int err = 0;

	for (int i = -1; i < (int)n && !err; i++) {
		__u16 start[32] = { 0 };
		__u8 len[32] = { 0 };
		unsigned int nb = 1;
		bool has;

		if (i >= 0) {
			const struct vsw_acl_range *rg = rule_range(ranked[i], field, &has);

			if (!has)
				continue;
			nb = range_blocks(rg, start, len);
		}
		for (unsigned int k = 0; k < nb && !err; k++) {
			struct vsw_acl_bits bits = {};
			__be16 port = htons(start[k]);

			if (i >= 0 && len[k] == 0)
				continue; /* 0-65535: the /0 entry */
			for (unsigned int r = 0; r < n; r++) {
				const struct vsw_acl_range *rg = rule_range(ranked[r], field, &has);

				if (!has || range_has_block(rg, start[k], len[k]))
					bit_set(&bits, r);
			}
			/* The same block written twice holds the same bits. */
			err = put_prefix(b, sel, 0, (const __u8 *)&port, len[k], &bits);
		}
	}
	return err;
}

static bool rule_value(const struct vsw_acl_rule *r, int field, __u8 data[6])
{
	switch (field) {
	case VSW_ACL_FLD_PROTO:
		data[0] = r->proto;
		return r->proto != VSW_ACL_PROTO_ANY;
	case VSW_ACL_FLD_RMAC:
		memcpy(data, r->rmac, 6);
		return r->has_rmac;
	default:
		memcpy(data, r->lmac, 6);
		return r->has_lmac;
	}
}

/* A value field: one entry per value some rule names, and `any`. */
static int write_value_field(const struct acl_bank *b, int dir, int field,
			     const struct vsw_acl_rule **ranked, unsigned int n)
{
	__u8 sel = VSW_ACL_SEL(b->bank, dir, field);
	size_t len = field == VSW_ACL_FLD_PROTO ? 1 : 6;
	int err = 0;

	for (int i = -1; i < (int)n && !err; i++) {
		struct vsw_acl_bits bits = {};
		__u8 v[6] = { 0 }, w[6];

		if (i >= 0 && !rule_value(ranked[i], field, v))
			continue;
		for (unsigned int r = 0; r < n; r++)
			if (!rule_value(ranked[r], field, w) || (i >= 0 && !memcmp(v, w, len)))
				bit_set(&bits, r);
		err = put_value(b, sel, i < 0, i < 0 ? NULL : v, len, &bits);
	}
	return err;
}

static __u16 rule_fields(const struct vsw_acl_rule *r)
{
	return (r->remote.family ? VSW_ACL_F(VSW_ACL_FLD_REMOTE) : 0) |
	       (r->local.family ? VSW_ACL_F(VSW_ACL_FLD_LOCAL) : 0) |
	       (r->has_rport ? VSW_ACL_F(VSW_ACL_FLD_RPORT) : 0) |
	       (r->has_lport ? VSW_ACL_F(VSW_ACL_FLD_LPORT) : 0) |
	       (r->proto != VSW_ACL_PROTO_ANY ? VSW_ACL_F(VSW_ACL_FLD_PROTO) : 0) |
	       (r->has_rmac ? VSW_ACL_F(VSW_ACL_FLD_RMAC) : 0) |
	       (r->has_lmac ? VSW_ACL_F(VSW_ACL_FLD_LMAC) : 0);
}

/* One direction's rules into the bank: the set and every table. */
static int write_dir(const struct acl_bank *b, int dir, const struct vsw_acl_rule **ranked,
		     unsigned int n)
{
	struct vsw_acl_set_key sk = { .slot = b->slot, .bank = b->bank, .dir = dir };
	struct vsw_acl_set *set = calloc(1, sizeof(*set));
	int err = 0;

	if (!set)
		return -ENOMEM;
	set->nrules = n;
	for (unsigned int r = 0; r < n; r++) {
		const struct vsw_acl_rule *rule = ranked[r];
		__u16 f = rule_fields(rule);
		__u8 fam = rule->remote.family ?: rule->local.family;

		set->fields |= f;
		if (fam != 6)
			bit_set(&set->ip4, r);
		if (fam != 4)
			bit_set(&set->ip6, r);
		if (!(f & ~VSW_ACL_F_MACS))
			bit_set(&set->nonip, r);
		if (!(f & VSW_ACL_F_PORTS))
			bit_set(&set->noports, r);
		if (rule->action == VSW_ACL_METER)
			bit_set(&set->meter, r);
		if (rule->action == VSW_ACL_DENY &&
		    (f & (VSW_ACL_F_PORTS | VSW_ACL_F(VSW_ACL_FLD_PROTO))))
			set->flags |= VSW_ACL_SET_F_DENY_L4;
		set->rule[r] = (struct vsw_acl_rule_ref){
			.pool = rule->pool, .action = rule->action, .stateful = rule->stateful,
			.timeout_s = rule->timeout_s,
		};
	}
	for (int field = 0; field < VSW_ACL_FIELDS && !err; field++) {
		if (!(set->fields & VSW_ACL_F(field)))
			continue;
		if (field == VSW_ACL_FLD_REMOTE || field == VSW_ACL_FLD_LOCAL)
			err = write_addr_field(b, dir, field, ranked, n);
		else if (field == VSW_ACL_FLD_RPORT || field == VSW_ACL_FLD_LPORT)
			err = write_port_field(b, dir, field, ranked, n);
		else
			err = write_value_field(b, dir, field, ranked, n);
	}
	if (!err && bpf_map_update_elem(b->fds.sets, &sk, set, BPF_ANY))
		err = errno == E2BIG || errno == ENOMEM ? -ENOSPC : -errno;
	free(set);
	return err;
}

/* ---- clearing a bank ---- */

/* Delete every key of map fd that belongs to (slot, bank), as told by
 * `mine`. Keys are collected first: deleting while walking would lose
 * the walk's place. */
static int clear_keys(int fd, size_t key_size,
		      bool (*mine)(const void *key, const struct acl_bank *b),
		      const struct acl_bank *b)
{
	char cur[64], prev[64];
	size_t n = 0, cap = 0;
	char *keys = NULL;
	bool first = true;
	int err = 0;

	while (!bpf_map_get_next_key(fd, first ? NULL : prev, cur)) {
		first = false;
		memcpy(prev, cur, key_size);
		if (!mine(cur, b))
			continue;
		if (n == cap) {
			char *bigger = realloc(keys, (cap ? 2 * cap : 256) * key_size);

			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			keys = bigger;
			cap = cap ? 2 * cap : 256;
		}
		memcpy(keys + n++ * key_size, cur, key_size);
	}
	for (size_t i = 0; i < n; i++)
		bpf_map_delete_elem(fd, keys + i * key_size);
	free(keys);
	return err;
}

static bool prefix_mine(const void *k, const struct acl_bank *b)
{
	const struct vsw_acl_prefix_key *p = k;

	return p->slot == b->slot && (p->sel >> 7) == b->bank;
}

static bool value_mine(const void *k, const struct acl_bank *b)
{
	const struct vsw_acl_value_key *v = k;

	return v->slot == b->slot && (v->sel >> 7) == b->bank;
}

static int clear_bank(const struct acl_bank *b)
{
	for (__u8 dir = 0; dir < VSW_ACL_DIRS; dir++) {
		struct vsw_acl_set_key sk = { .slot = b->slot, .bank = b->bank, .dir = dir };

		bpf_map_delete_elem(b->fds.sets, &sk);
	}
	return clear_keys(b->fds.prefixes, sizeof(struct vsw_acl_prefix_key), prefix_mine, b) ?:
	       clear_keys(b->fds.values, sizeof(struct vsw_acl_value_key), value_mine, b);
}

/* ---- the whole port ---- */

int vsw_acl_apply(struct vsw_dp *dp, __u32 ifindex, const struct vsw_acl_rule *rules,
		  unsigned int n)
{
	const struct vsw_acl_rule **ranked = calloc(n ? n : 1, sizeof(*ranked));
	unsigned int count[VSW_ACL_DIRS] = { 0 };
	struct acl_bank b;
	struct vsw_port port;
	__u32 slot, active = 0, next;
	__u8 flags = 0;
	int err;

	if (!ranked)
		return -ENOMEM;
	err = vsw_dp_port_get(dp, ifindex, &port);
	if (err)
		goto out;
	vsw_dp_acl_fds(dp, &b.fds);
	slot = b.slot = port.slot;
	bpf_map_lookup_elem(b.fds.active, &slot, &active);
	b.bank = !VSW_ACL_ACTIVE_BANK(active);
	err = clear_bank(&b);
	for (int dir = 0; dir < VSW_ACL_DIRS && !err; dir++) {
		unsigned int k = 0;

		for (unsigned int i = 0; i < n; i++)
			if (rules[i].dirs & (1U << dir))
				ranked[k++] = &rules[i];
		if (k > VSW_ACL_MAX_RULES) {
			err = -E2BIG;
			break;
		}
		qsort(ranked, k, sizeof(*ranked), rank_cmp);
		count[dir] = k;
		if (k)
			err = write_dir(&b, dir, ranked, k);
	}
	if (err) {
		clear_bank(&b); /* the live bank never saw any of it */
		goto out;
	}
	/* The new bank is complete: make it the live one, then let the ports'
	 * frames in (or out) of the ACL path. */
	next = ((active >> 1) + 1) << 1 | b.bank;
	if (bpf_map_update_elem(b.fds.active, &slot, &next, BPF_ANY)) {
		err = -errno;
		goto out;
	}
	if (count[VSW_ACL_IN])
		flags |= VSW_PORT_F_ACL_IN;
	if (count[VSW_ACL_OUT])
		flags |= VSW_PORT_F_ACL_OUT;
	err = vsw_dp_port_set_acl_flags(dp, ifindex, flags);
	if (!err && !n) {
		b.bank = !b.bank; /* nothing left: the old bank can go too */
		clear_bank(&b);
	}
out:
	free(ranked);
	return err;
}

int vsw_acl_hits(struct vsw_dp *dp, __u16 pool, __u64 *hits)
{
	struct vsw_dp_acl_fds fds;
	__u32 key = pool;
	__u64 *per_cpu;
	int err = 0;

	vsw_dp_acl_fds(dp, &fds);
	per_cpu = calloc(fds.ncpus, sizeof(*per_cpu));
	if (!per_cpu)
		return -ENOMEM;
	*hits = 0;
	if (bpf_map_lookup_elem(fds.hits, &key, per_cpu))
		err = -errno;
	for (int c = 0; c < fds.ncpus && !err; c++)
		*hits += per_cpu[c];
	free(per_cpu);
	return err;
}

int vsw_acl_hits_reset(struct vsw_dp *dp, __u16 pool)
{
	struct vsw_dp_acl_fds fds;
	__u32 key = pool;
	__u64 *zero;
	int err = 0;

	vsw_dp_acl_fds(dp, &fds);
	zero = calloc(fds.ncpus, sizeof(*zero));
	if (!zero)
		return -ENOMEM;
	if (bpf_map_update_elem(fds.hits, &key, zero, BPF_ANY))
		err = -errno;
	free(zero);
	return err;
}

int vsw_acl_flows_flush(struct vsw_dp *dp)
{
	struct vsw_dp_acl_fds fds;
	struct vsw_acl_flow_key k;

	vsw_dp_acl_fds(dp, &fds);
	while (!bpf_map_get_next_key(fds.flows, NULL, &k))
		if (bpf_map_delete_elem(fds.flows, &k))
			return -errno;
	return 0;
}
