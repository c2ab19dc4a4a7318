// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Port ACLs in the object model: a port keeps its rules whether or not a
 * NIC is connected; while one is, the rules are compiled into the
 * switch's datapath (user/dp/acl.c) after every change. Each rule gets an
 * id, unique in its port, and a pool slot, unique in its switch, where
 * the datapath counts its hits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

unsigned int model_acl_count(const struct vport *p, int dir)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < p->nacl; i++)
		n += !!(p->acl[i].dirs & (1U << dir));
	return n;
}

static bool port_in_datapath(const struct vport *p)
{
	return p->nic && p->nic->dp_ifindex;
}

/* The lowest hit counter slot that no rule of the switch holds. */
static int pool_alloc(const struct model *m, const struct vswitch *sw, __u16 *pool)
{
	static __u64 used[VSW_ACL_POOL / 64];

	memset(used, 0, sizeof(used));
	for (const struct vport *q = m->ports; q; q = q->next)
		for (unsigned int i = 0; q->sw == sw && i < q->nacl; i++)
			if (q->acl[i].pool < VSW_ACL_POOL)
				used[q->acl[i].pool / 64] |= 1ULL << (q->acl[i].pool % 64);
	for (unsigned int w = 0; w < VSW_ACL_POOL / 64; w++)
		if (~used[w]) {
			*pool = w * 64 + __builtin_ctzll(~used[w]);
			return 0;
		}
	return -ENOSPC;
}

int model_acl_sync(struct vport *p, struct vsw_err *err)
{
	int ret;

	if (!port_in_datapath(p))
		return 0;
	ret = vsw_acl_apply(p->sw->dp, p->nic->dp_ifindex, p->acl, p->nacl);
	if (ret == -ENOSPC)
		return vsw_errf(err, ret, "port '%s': the ACL tables of switch '%s' are full",
				p->name, p->sw->name);
	if (ret)
		return vsw_errf(err, ret, "port '%s': cannot load its ACL: %s", p->name,
				strerror(-ret));
	return 0;
}

/* Append a checked rule with its id set; on failure the port is as it was. */
static int append_rule(struct model *m, struct vport *p, const struct vsw_acl_rule *rule,
		       struct vsw_err *err)
{
	struct vsw_acl_rule *grown;
	int ret;

	for (int dir = 0; dir < VSW_ACL_DIRS; dir++)
		if ((rule->dirs & (1U << dir)) && model_acl_count(p, dir) >= VSW_ACL_MAX_RULES)
			return vsw_errf(err, -ENOSPC, "port '%s' has %u rules for '%s' already "
					"(the most a port takes)", p->name, VSW_ACL_MAX_RULES,
					dir == VSW_ACL_IN ? "in" : "out");
	grown = realloc(p->acl, (p->nacl + 1) * sizeof(*p->acl));
	if (!grown)
		return vsw_errf(err, -ENOMEM, "port '%s': out of memory", p->name);
	p->acl = grown;
	p->acl[p->nacl] = *rule;
	if (pool_alloc(m, p->sw, &p->acl[p->nacl].pool))
		return vsw_errf(err, -ENOSPC, "switch '%s' has %u ACL rules already (the most "
				"a switch takes)", p->sw->name, VSW_ACL_POOL);
	if (port_in_datapath(p))
		vsw_acl_hits_reset(p->sw->dp, p->acl[p->nacl].pool);
	p->nacl++;
	ret = model_acl_sync(p, err);
	if (ret) {
		p->nacl--;
		model_acl_sync(p, NULL); /* the live bank never changed; keep it so */
	}
	return ret;
}

int model_acl_add(struct model *m, const char *portname, const struct vsw_acl_rule *rule,
		  __u32 *id, struct vsw_err *err)
{
	struct vport *p = model_port_find(m, portname);
	struct vsw_acl_rule r = *rule;
	struct vsw_err why;
	int ret;

	if (!p)
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", portname);
	if (vsw_acl_rule_check(&r, &why))
		return vsw_errf(err, -EINVAL, "port '%s': %s", portname, why.msg);
	r.id = p->acl_next_id ?: 1;
	ret = append_rule(m, p, &r, err);
	if (ret)
		return ret;
	p->acl_next_id = r.id + 1;
	*id = r.id;
	return 0;
}

int model_acl_restore(struct model *m, struct vport *p, const struct vsw_acl_rule *rule,
		      struct vsw_err *err)
{
	struct vsw_err why;

	if (vsw_acl_rule_check(rule, &why))
		return vsw_errf(err, -EINVAL, "port '%s': rule %u: %s", p->name, rule->id,
				why.msg);
	for (unsigned int i = 0; i < p->nacl; i++)
		if (p->acl[i].id == rule->id || !rule->id)
			return vsw_errf(err, -EINVAL, "port '%s': rule id %u twice or zero",
					p->name, rule->id);
	if (rule->id >= p->acl_next_id)
		p->acl_next_id = rule->id + 1;
	return append_rule(m, p, rule, err);
}

int model_acl_del(struct model *m, const char *portname, __u32 id, struct vsw_err *err)
{
	struct vport *p = model_port_find(m, portname);
	struct vsw_acl_rule gone;
	unsigned int i;
	int ret;

	if (!p)
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", portname);
	for (i = 0; i < p->nacl && p->acl[i].id != id; i++)
		;
	if (i == p->nacl)
		return vsw_errf(err, -ENOENT, "port '%s' has no ACL rule %u", portname, id);
	gone = p->acl[i];
	memmove(&p->acl[i], &p->acl[i + 1], (p->nacl - i - 1) * sizeof(*p->acl));
	p->nacl--;
	ret = model_acl_sync(p, err);
	if (ret) { /* put it back where it was */
		memmove(&p->acl[i + 1], &p->acl[i], (p->nacl - i) * sizeof(*p->acl));
		p->acl[i] = gone;
		p->nacl++;
	}
	return ret;
}
