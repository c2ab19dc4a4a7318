// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "acl_rule.h"
#include "ctl_msg.h"
#include "names.h"
#include "port_policy.h"
#include "vsw_structs.h"

/* How each attribute is checked. */
enum attr_kind {
	K_NONE = 0, /* not a request attribute: refused */
	K_FLAG,
	K_U8,
	K_U16,
	K_U32,
	K_NAME,   /* string, a valid object/interface name */
	K_STRING, /* string, 1..63 chars, no '/' */
	K_NETNS,  /* string, 1..63 chars: a name (no '/') or an absolute path */
	K_MAC,
	K_VIDSET,
	K_FRAME,  /* binary, an Ethernet frame a trace can take */
	K_PATH,   /* string, an absolute path, 1..255 chars */
	K_TEXT,   /* string, 1..255 chars */
	K_U64,
	K_MACLIST, /* 0..VSW_POL_ALLOW_MAX MACs of 6 bytes */
	K_CIDR,   /* struct vsw_acl_cidr */
	K_RANGE,  /* struct vsw_acl_range */
};

static const enum attr_kind attr_kinds[VSW_A_MAX + 1] = {
	[VSW_A_SWITCH_NAME] = K_NAME,
	[VSW_A_PORT_NAME] = K_NAME,
	[VSW_A_NIC_NAME] = K_NAME,
	[VSW_A_FORCE] = K_FLAG,
	[VSW_A_VLAN_MODE] = K_U8,
	[VSW_A_VLAN_PVID] = K_U16,
	[VSW_A_VLAN_TRUNK] = K_VIDSET,
	[VSW_A_NIC_KIND] = K_U8,
	[VSW_A_NETNS] = K_NETNS,
	[VSW_A_MAC] = K_MAC,
	[VSW_A_IFNAME] = K_NAME,
	[VSW_A_HOST_IFNAME] = K_NAME,
	[VSW_A_OWNER] = K_U32,
	[VSW_A_GROUP] = K_U32,
	[VSW_A_QUEUES] = K_U32,
	[VSW_A_MTU] = K_U32,
	[VSW_A_LEGACY_MODE] = K_U32,
	[VSW_A_VID] = K_U16,
	[VSW_A_FRAME] = K_FRAME,
	[VSW_A_CAPTURE_DIR] = K_U8,
	[VSW_A_COUNT] = K_U32,
	[VSW_A_EXT_NAME] = K_NAME,
	[VSW_A_EXT_KIND] = K_U8,
	[VSW_A_EXT_STAGE] = K_U8,
	[VSW_A_EXT_OBJECT] = K_PATH,
	[VSW_A_EXT_PROGRAM] = K_STRING,
	[VSW_A_EXT_PRIORITY] = K_U32,
	[VSW_A_EXT_PARAMS] = K_TEXT,
	[VSW_A_POL_MAC_GUARD] = K_U8,
	[VSW_A_POL_MAC_ALLOW] = K_MACLIST,
	[VSW_A_POL_DHCP_GUARD] = K_U8,
	[VSW_A_POL_ROUTER_GUARD] = K_U8,
	[VSW_A_POL_PRIO_TRUST] = K_U8,
	[VSW_A_POL_RATE_OUT] = K_U64,
	[VSW_A_POL_BURST_OUT] = K_U32,
	[VSW_A_POL_RATE_IN] = K_U64,
	[VSW_A_POL_BURST_IN] = K_U32,
	[VSW_A_POL_STORM_BCAST] = K_U32,
	[VSW_A_POL_STORM_MCAST] = K_U32,
	[VSW_A_POL_STORM_UNKNOWN] = K_U32,
	[VSW_A_POL_LEARNING] = K_U8,
	[VSW_A_POL_LEARN_LIMIT] = K_U32,
	[VSW_A_POL_PVLAN_ROLE] = K_U8,
	[VSW_A_POL_PVLAN_SECONDARY] = K_U16,
	[VSW_A_POL_PVLAN_SERVES] = K_VIDSET,
	[VSW_A_POL_MIRROR] = K_U8,
	[VSW_A_ACL_ID] = K_U32,
	[VSW_A_ACL_DIR] = K_U8,
	[VSW_A_ACL_ACTION] = K_U8,
	[VSW_A_ACL_PRIORITY] = K_U32,
	[VSW_A_ACL_PROTO] = K_U8,
	[VSW_A_ACL_LOCAL] = K_CIDR,
	[VSW_A_ACL_REMOTE] = K_CIDR,
	[VSW_A_ACL_LPORT] = K_RANGE,
	[VSW_A_ACL_RPORT] = K_RANGE,
	[VSW_A_ACL_LOCAL_MAC] = K_MAC,
	[VSW_A_ACL_REMOTE_MAC] = K_MAC,
	[VSW_A_ACL_STATEFUL] = K_FLAG,
	[VSW_A_ACL_TIMEOUT] = K_U32,
};

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
				      A(VSW_A_LEGACY_MODE) | A(VSW_A_HOST_IFNAME), false },
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

static const char *const attr_names[VSW_A_MAX + 1] = {
	[VSW_A_SWITCH_NAME] = "switch name", [VSW_A_PORT_NAME] = "port name",
	[VSW_A_NIC_NAME] = "nic name", [VSW_A_FORCE] = "force",
	[VSW_A_VLAN_MODE] = "vlan mode", [VSW_A_VLAN_PVID] = "vlan VID",
	[VSW_A_VLAN_TRUNK] = "trunk VID list", [VSW_A_NIC_KIND] = "nic type",
	[VSW_A_NETNS] = "netns", [VSW_A_MAC] = "mac", [VSW_A_IFNAME] = "interface name",
	[VSW_A_HOST_IFNAME] = "host interface name",
	[VSW_A_OWNER] = "owner", [VSW_A_GROUP] = "group", [VSW_A_QUEUES] = "queues",
	[VSW_A_MTU] = "mtu",
	[VSW_A_LEGACY_MODE] = "mode",
	[VSW_A_VID] = "VID", [VSW_A_COUNT] = "count", [VSW_A_FRAME] = "frame",
	[VSW_A_CAPTURE_DIR] = "capture direction",
	[VSW_A_EXT_NAME] = "extension name", [VSW_A_EXT_KIND] = "extension kind",
	[VSW_A_EXT_STAGE] = "extension stage", [VSW_A_EXT_OBJECT] = "object",
	[VSW_A_EXT_PROGRAM] = "program", [VSW_A_EXT_PRIORITY] = "priority",
	[VSW_A_EXT_PARAMS] = "parameters",
	[VSW_A_POL_MAC_GUARD] = "mac guard", [VSW_A_POL_MAC_ALLOW] = "mac allow list",
	[VSW_A_POL_DHCP_GUARD] = "dhcp guard", [VSW_A_POL_ROUTER_GUARD] = "router guard",
	[VSW_A_POL_PRIO_TRUST] = "priority tag", [VSW_A_POL_RATE_OUT] = "max rate out",
	[VSW_A_POL_BURST_OUT] = "burst out", [VSW_A_POL_RATE_IN] = "max rate in",
	[VSW_A_POL_BURST_IN] = "burst in", [VSW_A_POL_STORM_BCAST] = "storm broadcast",
	[VSW_A_POL_STORM_MCAST] = "storm multicast", [VSW_A_POL_STORM_UNKNOWN] = "storm unknown",
	[VSW_A_POL_LEARNING] = "learning", [VSW_A_POL_LEARN_LIMIT] = "learn limit",
	[VSW_A_POL_PVLAN_ROLE] = "private VLAN role",
	[VSW_A_POL_PVLAN_SECONDARY] = "secondary VID", [VSW_A_POL_PVLAN_SERVES] = "secondary VID list",
	[VSW_A_POL_MIRROR] = "mirror role",
	[VSW_A_ACL_ID] = "rule id", [VSW_A_ACL_DIR] = "direction", [VSW_A_ACL_ACTION] = "action",
	[VSW_A_ACL_PRIORITY] = "rule priority", [VSW_A_ACL_PROTO] = "protocol",
	[VSW_A_ACL_LOCAL] = "local prefix", [VSW_A_ACL_REMOTE] = "remote prefix",
	[VSW_A_ACL_LPORT] = "local port", [VSW_A_ACL_RPORT] = "remote port",
	[VSW_A_ACL_LOCAL_MAC] = "local mac", [VSW_A_ACL_REMOTE_MAC] = "remote mac",
	[VSW_A_ACL_STATEFUL] = "stateful", [VSW_A_ACL_TIMEOUT] = "timeout",
};

static const char *attr_name(unsigned int type)
{
	return type <= VSW_A_MAX && attr_names[type] ? attr_names[type] : "attribute";
}

static bool str_ok(const struct nlattr *a, size_t max)
{
	const char *s = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);

	/* NUL-terminated inside the payload, not empty, not too long. */
	return len >= 2 && len <= max + 1 && memchr(s, '\0', len) == s + len - 1;
}

static int check_attr(const struct nlattr *a, struct vsw_err *err)
{
	unsigned int type = mnl_attr_get_type(a);
	size_t len = mnl_attr_get_payload_len(a);
	__u16 vid;

	switch (type <= VSW_A_MAX ? attr_kinds[type] : K_NONE) {
	case K_FLAG:
		return len == 0 ? 0 : vsw_errf(err, -EINVAL, "%s: a flag has no value",
					      attr_name(type));
	case K_U8:
		return len == 1 ? 0 : vsw_errf(err, -EINVAL, "%s: want 1 byte", attr_name(type));
	case K_U16:
		if (len != 2)
			return vsw_errf(err, -EINVAL, "%s: want 2 bytes", attr_name(type));
		if (type == VSW_A_VID || type == VSW_A_VLAN_PVID || type == VSW_A_POL_PVLAN_SECONDARY) {
			vid = mnl_attr_get_u16(a);
			/* 0 means "no native VLAN" for a trunk's PVID only. */
			if (vid > VSW_VID_MAX || (type != VSW_A_VLAN_PVID && vid == 0))
				return vsw_errf(err, -EINVAL, "VID %u is not a VLAN (1-4094)", vid);
		}
		return 0;
	case K_U32:
		return len == 4 ? 0 : vsw_errf(err, -EINVAL, "%s: want 4 bytes", attr_name(type));
	case K_NAME:
		if (!str_ok(a, VSW_NAME_MAX - 1) || !vsw_name_valid(mnl_attr_get_str(a)))
			return vsw_errf(err, -EINVAL, "%s: " VSW_NAME_CHARS_HELP,
					attr_name(type));
		return 0;
	case K_STRING:
		if (!str_ok(a, 63) || strchr(mnl_attr_get_str(a), '/'))
			return vsw_errf(err, -EINVAL, "%s: 1-63 characters, no '/'",
					attr_name(type));
		return 0;
	case K_NETNS: {
		const char *s = mnl_attr_get_str(a);

		if (!str_ok(a, 63) || (s[0] != '/' && strchr(s, '/')) || strstr(s, "/../"))
			return vsw_errf(err, -EINVAL, "%s: a name (no '/') or an absolute path, "
					"1-63 characters", attr_name(type));
		return 0;
	}
	case K_PATH:
		if (!str_ok(a, 255) || mnl_attr_get_str(a)[0] != '/')
			return vsw_errf(err, -EINVAL, "%s: an absolute path, 1-255 characters",
					attr_name(type));
		return 0;
	case K_TEXT:
		if (!str_ok(a, 255))
			return vsw_errf(err, -EINVAL, "%s: 1-255 characters", attr_name(type));
		return 0;
	case K_U64:
		return len == 8 ? 0 : vsw_errf(err, -EINVAL, "%s: want 8 bytes", attr_name(type));
	case K_MAC:
		return len == 6 ? 0 : vsw_errf(err, -EINVAL, "%s: want 6 bytes", attr_name(type));
	case K_MACLIST:
		return len % 6 == 0 && len / 6 <= VSW_POL_ALLOW_MAX ? 0
			: vsw_errf(err, -EINVAL, "%s: want up to %d MACs of 6 bytes",
				   attr_name(type), VSW_POL_ALLOW_MAX);
	case K_CIDR:
		return len == sizeof(struct vsw_acl_cidr) ? 0
			: vsw_errf(err, -EINVAL, "%s: want a %zu-byte prefix", attr_name(type),
				   sizeof(struct vsw_acl_cidr));
	case K_RANGE:
		return len == sizeof(struct vsw_acl_range) ? 0
			: vsw_errf(err, -EINVAL, "%s: want a %zu-byte range", attr_name(type),
				   sizeof(struct vsw_acl_range));
	case K_VIDSET:
		return len == VSW_VID_BITMAP_WORDS * 8 ? 0
			: vsw_errf(err, -EINVAL, "%s: want a %d-byte bitmap", attr_name(type),
				   VSW_VID_BITMAP_WORDS * 8);
	case K_FRAME:
		return len >= 14 && len <= VSW_TRACE_FRAME_MAX ? 0
			: vsw_errf(err, -EINVAL, "frame: %zu bytes (14-%d)", len,
				   VSW_TRACE_FRAME_MAX);
	default:
		return vsw_errf(err, -EINVAL, "unknown attribute %u", type);
	}
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
					attr_name(mnl_attr_get_type(a)));
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
			return vsw_errf(err, -EINVAL, "%s missing", attr_name(t));
		if (extra & A(t))
			return vsw_errf(err, -EINVAL, "%s not valid for this command", attr_name(t));
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
