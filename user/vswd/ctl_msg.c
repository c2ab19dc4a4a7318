// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "ctl_attr.h"
#include "ctl_msg.h"

/* A set of attributes: one bit per attribute number. */
typedef unsigned __int128 attr_mask;
#define A(x) ((attr_mask)1 << (x))
_Static_assert(VSW_A_MAX < 128, "attribute numbers must fit the 128-bit masks of cmd_rule");
#define VLAN_ATTRS (A(VSW_A_VLAN_MODE) | A(VSW_A_VLAN_PVID) | A(VSW_A_VLAN_TRUNK))
#define POLICY_ATTRS                                                                      \
	(A(VSW_A_POL_MAC_GUARD) | A(VSW_A_POL_MAC_ALLOW) | A(VSW_A_POL_DHCP_GUARD) |       \
	 A(VSW_A_POL_ROUTER_GUARD) | A(VSW_A_POL_PRIO_TRUST) | A(VSW_A_POL_RATE_OUT) |     \
	 A(VSW_A_POL_BURST_OUT) | A(VSW_A_POL_RATE_IN) | A(VSW_A_POL_BURST_IN) |           \
	 A(VSW_A_POL_STORM_BCAST) | A(VSW_A_POL_STORM_MCAST) | A(VSW_A_POL_STORM_UNKNOWN) | \
	 A(VSW_A_POL_LEARNING) | A(VSW_A_POL_LEARN_LIMIT) | A(VSW_A_POL_PVLAN_ROLE) |        \
	 A(VSW_A_POL_PVLAN_SECONDARY) | A(VSW_A_POL_PVLAN_SERVES) | A(VSW_A_POL_MIRROR))

struct cmd_rule {
	attr_mask required;
	attr_mask allowed; /* besides the required ones */
	bool dumpable;
};

static const struct cmd_rule cmd_rules[__VSW_CMD_MAX] = {
	[VSW_CMD_VERSION] = { 0, 0, false },
	[VSW_CMD_SWITCH_ADD] = { A(VSW_A_SWITCH_NAME), 0, false },
	[VSW_CMD_SWITCH_DEL] = { A(VSW_A_SWITCH_NAME), A(VSW_A_FORCE), false },
	[VSW_CMD_SWITCH_GET] = { 0, A(VSW_A_SWITCH_NAME), true },
	[VSW_CMD_PORT_ADD] = { A(VSW_A_PORT_NAME) | A(VSW_A_SWITCH_NAME), VLAN_ATTRS, false },
	[VSW_CMD_PORT_SET] = { A(VSW_A_PORT_NAME), VLAN_ATTRS | POLICY_ATTRS, false },
	[VSW_CMD_PORT_DEL] = { A(VSW_A_PORT_NAME), A(VSW_A_FORCE), false },
	[VSW_CMD_PORT_GET] = { 0, A(VSW_A_PORT_NAME) | A(VSW_A_SWITCH_NAME), true },
	[VSW_CMD_NIC_ADD] = { A(VSW_A_NIC_NAME) | A(VSW_A_NIC_KIND),
			      A(VSW_A_NETNS) | A(VSW_A_MAC) | A(VSW_A_IFNAME) | A(VSW_A_OWNER) |
				      A(VSW_A_GROUP) | A(VSW_A_QUEUES) | A(VSW_A_MTU) |
				      A(VSW_A_LEGACY_MODE) | A(VSW_A_HOST_IFNAME) | A(VSW_A_VX_VNI) |
				      A(VSW_A_VX_VNI_MAP) | A(VSW_A_VX_LOCAL) |
				      A(VSW_A_VX_DSTPORT) | A(VSW_A_VX_REMOTE), false },
	[VSW_CMD_NIC_DEL] = { A(VSW_A_NIC_NAME), A(VSW_A_FORCE), false },
	[VSW_CMD_NIC_CONNECT] = { A(VSW_A_NIC_NAME) | A(VSW_A_PORT_NAME), 0, false },
	[VSW_CMD_NIC_DISCONNECT] = { A(VSW_A_NIC_NAME), 0, false },
	[VSW_CMD_NIC_GET] = { 0, A(VSW_A_NIC_NAME), true },
	[VSW_CMD_FDB_GET] = { A(VSW_A_SWITCH_NAME), 0, true },
	[VSW_CMD_FDB_ADD] = { A(VSW_A_SWITCH_NAME) | A(VSW_A_MAC) | A(VSW_A_VID) |
				      A(VSW_A_PORT_NAME), 0, false },
	[VSW_CMD_FDB_DEL] = { A(VSW_A_SWITCH_NAME) | A(VSW_A_MAC) | A(VSW_A_VID), 0, false },
	[VSW_CMD_FDB_FLUSH] = { A(VSW_A_SWITCH_NAME), A(VSW_A_PORT_NAME) | A(VSW_A_VID), false },
	[VSW_CMD_TRACE] = { A(VSW_A_SWITCH_NAME) | A(VSW_A_PORT_NAME) | A(VSW_A_FRAME), 0, false },
	[VSW_CMD_CAPTURE] = { A(VSW_A_PORT_NAME) | A(VSW_A_CAPTURE_DIR), 0, false },
	[VSW_CMD_EXT_ADD] = { A(VSW_A_SWITCH_NAME) | A(VSW_A_EXT_NAME) | A(VSW_A_EXT_KIND) |
				      A(VSW_A_EXT_STAGE) | A(VSW_A_EXT_OBJECT),
			      A(VSW_A_EXT_PROGRAM) | A(VSW_A_EXT_PRIORITY) | A(VSW_A_EXT_PARAMS),
			      false },
	[VSW_CMD_EXT_DEL] = { A(VSW_A_SWITCH_NAME) | A(VSW_A_EXT_NAME), 0, false },
	[VSW_CMD_EXT_GET] = { 0, A(VSW_A_SWITCH_NAME) | A(VSW_A_EXT_NAME), true },
	[VSW_CMD_EXT_SAMPLES] = { A(VSW_A_SWITCH_NAME) | A(VSW_A_EXT_NAME), A(VSW_A_COUNT), true },
	[VSW_CMD_ACL_ADD] = { A(VSW_A_PORT_NAME) | A(VSW_A_ACL_DIR) | A(VSW_A_ACL_ACTION),
			      A(VSW_A_ACL_PRIORITY) | A(VSW_A_ACL_PROTO) | A(VSW_A_ACL_LOCAL) |
				      A(VSW_A_ACL_REMOTE) | A(VSW_A_ACL_LPORT) |
				      A(VSW_A_ACL_RPORT) | A(VSW_A_ACL_LOCAL_MAC) |
				      A(VSW_A_ACL_REMOTE_MAC) | A(VSW_A_ACL_STATEFUL) |
				      A(VSW_A_ACL_TIMEOUT), false },
	[VSW_CMD_ACL_DEL] = { A(VSW_A_PORT_NAME) | A(VSW_A_ACL_ID), 0, false },
	[VSW_CMD_ACL_GET] = { A(VSW_A_PORT_NAME), 0, true },
};

/* A request attribute: listed (include/vsw_ctl.h), one requests carry,
 * its shape and values right. */
static int check_attr(const struct nlattr *a, struct vsw_err *err)
{
	unsigned int type = mnl_attr_get_type(a);
	const struct vsw_attr_info *info = vsw_attr_info(type);

	if (!info)
		return vsw_errf(err, -EINVAL, "unknown attribute %u", type);
	if (!info->request)
		return vsw_errf(err, -EINVAL, "%s (attribute %u) is for replies only", info->name,
				type);
	return vsw_attr_check(a, true, err);
}

int ctl_request_parse(const void *buf, size_t len, struct ctl_request *req,
		      struct vsw_err *err)
{
	const struct nlmsghdr *nlh = buf;
	const struct cmd_rule *rule;
	const struct nlattr *a;
	attr_mask seen = 0, missing, extra;
	int ret;

	memset(req, 0, sizeof(*req));
	if (len < sizeof(*nlh))
		return vsw_errf(err, -EINVAL, "message shorter than a netlink header");
	req->nlh = nlh;
	req->cmd = nlh->nlmsg_type;
	if (nlh->nlmsg_len != len)
		return vsw_errf(err, -EINVAL, "header length %u, datagram %zu", nlh->nlmsg_len,
				len);
	if (!(nlh->nlmsg_flags & NLM_F_REQUEST))
		return vsw_errf(err, -EINVAL, "not a request (NLM_F_REQUEST unset)");
	if (nlh->nlmsg_type < VSW_CMD_VERSION || nlh->nlmsg_type >= __VSW_CMD_MAX)
		return vsw_errf(err, -EOPNOTSUPP, "unknown command %u", nlh->nlmsg_type);
	rule = &cmd_rules[nlh->nlmsg_type];
	/* Command numbers come in blocks (vsw_ctl.h): the gaps are unknown. */
	if (nlh->nlmsg_type != VSW_CMD_VERSION && !rule->required && !rule->allowed)
		return vsw_errf(err, -EOPNOTSUPP, "unknown command %u", nlh->nlmsg_type);
	req->dump = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	if (req->dump && !rule->dumpable)
		return vsw_errf(err, -EINVAL, "command %u cannot dump", nlh->nlmsg_type);

	/* Walk the attributes ourselves: mnl_attr_ok() bounds each one. */
	len -= MNL_NLMSG_HDRLEN;
	a = mnl_nlmsg_get_payload(nlh);
	while (len > 0) {
		if (!mnl_attr_ok(a, (int)len))
			return vsw_errf(err, -EINVAL, "truncated or overlong attribute");
		ret = check_attr(a, err);
		if (ret)
			return ret;
		if (seen & A(mnl_attr_get_type(a)))
			return vsw_errf(err, -EINVAL, "%s given twice",
					vsw_attr_name(mnl_attr_get_type(a)));
		seen |= A(mnl_attr_get_type(a));
		req->tb[mnl_attr_get_type(a)] = a;
		if ((size_t)MNL_ALIGN(a->nla_len) >= len)
			break;
		len -= MNL_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + MNL_ALIGN(a->nla_len));
	}

	missing = rule->required & ~seen;
	extra = seen & ~(rule->required | rule->allowed);
	for (int t = 1; t <= VSW_A_MAX; t++) {
		if (missing & A(t))
			return vsw_errf(err, -EINVAL, "%s missing", vsw_attr_name(t));
		if (extra & A(t))
			return vsw_errf(err, -EINVAL, "%s not valid for this command", vsw_attr_name(t));
	}
	return 0;
}

const char *ctl_str(const struct ctl_request *req, int attr)
{
	return req->tb[attr] ? mnl_attr_get_str(req->tb[attr]) : NULL;
}

__u8 ctl_u8(const struct ctl_request *req, int attr, __u8 dflt)
{
	return req->tb[attr] ? mnl_attr_get_u8(req->tb[attr]) : dflt;
}

__u16 ctl_u16(const struct ctl_request *req, int attr, __u16 dflt)
{
	return req->tb[attr] ? mnl_attr_get_u16(req->tb[attr]) : dflt;
}

__u32 ctl_u32(const struct ctl_request *req, int attr, __u32 dflt)
{
	return req->tb[attr] ? mnl_attr_get_u32(req->tb[attr]) : dflt;
}

__u64 ctl_u64(const struct ctl_request *req, int attr, __u64 dflt)
{
	return req->tb[attr] ? mnl_attr_get_u64(req->tb[attr]) : dflt;
}

const void *ctl_bin(const struct ctl_request *req, int attr)
{
	return req->tb[attr] ? mnl_attr_get_payload(req->tb[attr]) : NULL;
}

bool ctl_flag(const struct ctl_request *req, int attr)
{
	return req->tb[attr] != NULL;
}

/* libmnl leaves attribute padding as it finds it: start from zeros so no
 * stale bytes leave the daemon. */
static struct nlmsghdr *put_clean_header(void *buf)
{
	memset(buf, 0, VSW_CTL_MSG_MAX);
	return mnl_nlmsg_put_header(buf);
}

struct nlmsghdr *ctl_reply_start(void *buf, const struct ctl_request *req)
{
	struct nlmsghdr *nlh = put_clean_header(buf);

	nlh->nlmsg_type = req->cmd;
	nlh->nlmsg_flags = req->dump ? NLM_F_MULTI : 0;
	nlh->nlmsg_seq = req->nlh->nlmsg_seq;
	nlh->nlmsg_pid = 0;
	return nlh;
}

size_t ctl_ack_build(void *buf, const struct nlmsghdr *req, __u16 fallback_cmd, int code,
		     const char *msg)
{
	struct nlmsghdr *nlh = put_clean_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = code;
	if (req) {
		e->msg = *req;
		nlh->nlmsg_seq = req->nlmsg_seq;
	} else {
		e->msg.nlmsg_type = fallback_cmd;
	}
	if (msg && *msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	return nlh->nlmsg_len;
}

size_t ctl_done_build(void *buf, const struct ctl_request *req)
{
	struct nlmsghdr *nlh = put_clean_header(buf);
	int *status;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = req->nlh->nlmsg_seq;
	status = mnl_nlmsg_put_extra_header(nlh, sizeof(*status));
	*status = 0;
	return nlh->nlmsg_len;
}
