/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The port ACL compiler: turns a port's rules (user/common/acl_rule.h)
 * into the datapath's maps (include/vsw_acl.h, docs/policies.md).
 */
#ifndef VSW_ACL_USER_H
#define VSW_ACL_USER_H

#include <linux/types.h>
#include "acl_rule.h"
#include "datapath.h"

/*
 * Compile the rules of the port on `ifindex` into the idle bank and make
 * it the live one; turn the port's ACL path on or off per direction.
 * n = 0 removes every rule. -E2BIG beyond VSW_ACL_MAX_RULES a direction,
 * -ENOSPC when the switch's ACL maps are full.
 */
int vsw_acl_apply(struct vsw_dp *dp, __u32 ifindex, const struct vsw_acl_rule *rules,
		  unsigned int n);

/* A rule's hits summed over CPUs; zeroing a pool slot for a new rule. */
int vsw_acl_hits(struct vsw_dp *dp, __u16 pool, __u64 *hits);
int vsw_acl_hits_reset(struct vsw_dp *dp, __u16 pool);

/* Forget every flow of the switch (tests). */
int vsw_acl_flows_flush(struct vsw_dp *dp);

#endif /* VSW_ACL_USER_H */
