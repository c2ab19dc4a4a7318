// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A rule's match as control-protocol attributes: one encoder for the
 * request vswctl sends (acl add) and the replies vswd sends (acl show).
 */
#include <libmnl/libmnl.h>

#include "acl_rule.h"
#include "vsw_ctl.h"

void vsw_acl_match_put(struct nlmsghdr *nlh, const struct vsw_acl_rule *r)
{
	if (r->proto != VSW_ACL_PROTO_ANY)
		mnl_attr_put_u8(nlh, VSW_A_ACL_PROTO, r->proto);
	if (r->local.family)
		mnl_attr_put(nlh, VSW_A_ACL_LOCAL, sizeof(r->local), &r->local);
	if (r->remote.family)
		mnl_attr_put(nlh, VSW_A_ACL_REMOTE, sizeof(r->remote), &r->remote);
	if (r->has_lport)
		mnl_attr_put(nlh, VSW_A_ACL_LPORT, sizeof(r->lport), &r->lport);
	if (r->has_rport)
		mnl_attr_put(nlh, VSW_A_ACL_RPORT, sizeof(r->rport), &r->rport);
	if (r->has_lmac)
		mnl_attr_put(nlh, VSW_A_ACL_LOCAL_MAC, 6, r->lmac);
	if (r->has_rmac)
		mnl_attr_put(nlh, VSW_A_ACL_REMOTE_MAC, 6, r->rmac);
	if (r->stateful)
		mnl_attr_put(nlh, VSW_A_ACL_STATEFUL, 0, NULL);
}
