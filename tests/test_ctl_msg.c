// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The daemon's request parser: every malformed control message is
 * refused with an error and a message, every valid one accepted with its
 * attributes in place. Messages are built with libmnl, then damaged.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include "acl_rule.h"
#include "ctl_msg.h"
#include "vsw_structs.h"

static char buf[VSW_CTL_MSG_MAX];

static struct nlmsghdr *req(__u16 cmd, __u16 flags)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = cmd;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = 7;
	return nlh;
}

static int parse(struct nlmsghdr *nlh, struct ctl_request *r, struct vsw_err *err)
{
	return ctl_request_parse(nlh, nlh->nlmsg_len, r, err);
}

/* The parse fails with code and a message containing text. */
static void refused(struct nlmsghdr *nlh, size_t len, int code, const char *text)
{
	struct vsw_err err = { "" };
	struct ctl_request r;
	int ret = ctl_request_parse(nlh, len, &r, &err);

	cr_assert_eq(ret, code, "returned %d (%s), want %d", ret, err.msg, code);
	cr_assert_not_null(strstr(err.msg, text), "message '%s' lacks '%s'", err.msg, text);
}

Test(ctl_msg, valid_port_add_is_accepted)
{
	struct nlmsghdr *nlh = req(VSW_CMD_PORT_ADD, 0);
	struct vsw_err err = { "" };
	struct ctl_request r;

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 10);
	cr_assert_eq(parse(nlh, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.cmd, VSW_CMD_PORT_ADD);
	cr_assert_str_eq(ctl_str(&r, VSW_A_PORT_NAME), "p1");
	cr_assert_str_eq(ctl_str(&r, VSW_A_SWITCH_NAME), "sw0");
	cr_assert_eq(ctl_u16(&r, VSW_A_VLAN_PVID, 0), 10);
	cr_assert_not(r.dump);
}

Test(ctl_msg, dump_request_is_flagged)
{
	struct nlmsghdr *nlh = req(VSW_CMD_PORT_GET, NLM_F_DUMP);
	struct vsw_err err;
	struct ctl_request r;

	cr_assert_eq(parse(nlh, &r, &err), 0);
	cr_assert(r.dump);
	nlh = req(VSW_CMD_SWITCH_ADD, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	refused(nlh, nlh->nlmsg_len, -EINVAL, "cannot dump");
}

Test(ctl_msg, short_and_inconsistent_lengths)
{
	struct nlmsghdr *nlh = req(VSW_CMD_SWITCH_ADD, 0);

	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	refused(nlh, 10, -EINVAL, "shorter than a netlink header");
	refused(nlh, nlh->nlmsg_len - 4, -EINVAL, "header length");
	refused(nlh, nlh->nlmsg_len + 4, -EINVAL, "header length");
}

Test(ctl_msg, attribute_overrunning_the_message)
{
	struct nlmsghdr *nlh = req(VSW_CMD_SWITCH_ADD, 0);
	struct nlattr *a = mnl_nlmsg_get_payload(nlh);

	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	a->nla_len = 200;
	refused(nlh, nlh->nlmsg_len, -EINVAL, "truncated or overlong attribute");
	a->nla_len = 2; /* shorter than its own header */
	refused(nlh, nlh->nlmsg_len, -EINVAL, "truncated or overlong attribute");
}

Test(ctl_msg, not_a_request_or_unknown_command)
{
	struct nlmsghdr *nlh = req(VSW_CMD_VERSION, 0);

	nlh->nlmsg_flags &= ~NLM_F_REQUEST;
	refused(nlh, nlh->nlmsg_len, -EINVAL, "not a request");
	nlh = req(__VSW_CMD_MAX, 0);
	refused(nlh, nlh->nlmsg_len, -EOPNOTSUPP, "unknown command");
	nlh = req(NLMSG_ERROR, 0);
	refused(nlh, nlh->nlmsg_len, -EOPNOTSUPP, "unknown command");
}

Test(ctl_msg, unknown_missing_extra_and_repeated_attributes)
{
	struct nlmsghdr *nlh = req(VSW_CMD_SWITCH_ADD, 0);

	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u32(nlh, 200, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "unknown attribute 200");

	nlh = req(VSW_CMD_SWITCH_ADD, 0);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "switch name missing");

	nlh = req(VSW_CMD_SWITCH_ADD, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u16(nlh, VSW_A_VID, 10);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "VID not valid for this command");

	nlh = req(VSW_CMD_SWITCH_ADD, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw1");
	refused(nlh, nlh->nlmsg_len, -EINVAL, "given twice");

	/* Reply-only attributes are not requests' to send. */
	nlh = req(VSW_CMD_SWITCH_ADD, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, 3);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "ifindex (attribute 19) is for replies only");
}

Test(ctl_msg, bad_names)
{
	const char *bad[] = { "", "0123456789abcdef", "a/b", "..", ".hidden", "sp ace", "é" };
	struct nlmsghdr *nlh;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		nlh = req(VSW_CMD_SWITCH_ADD, 0);
		mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, bad[i]);
		refused(nlh, nlh->nlmsg_len, -EINVAL, "switch name");
	}
	/* A string without its NUL. */
	nlh = req(VSW_CMD_SWITCH_ADD, 0);
	mnl_attr_put(nlh, VSW_A_SWITCH_NAME, 3, "sw0");
	refused(nlh, nlh->nlmsg_len, -EINVAL, "switch name");
}

Test(ctl_msg, vids_0_and_4095_and_wrong_sizes)
{
	struct nlmsghdr *nlh;
	__u8 mac[6] = { 2, 0, 0, 0, 0, 1 };

	nlh = req(VSW_CMD_FDB_DEL, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put(nlh, VSW_A_MAC, 6, mac);
	mnl_attr_put_u16(nlh, VSW_A_VID, 0);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "VID 0 is not a VLAN");

	nlh = req(VSW_CMD_FDB_DEL, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put(nlh, VSW_A_MAC, 6, mac);
	mnl_attr_put_u16(nlh, VSW_A_VID, 4095);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "VID 4095 is not a VLAN");

	nlh = req(VSW_CMD_FDB_DEL, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put(nlh, VSW_A_MAC, 5, mac);
	mnl_attr_put_u16(nlh, VSW_A_VID, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "mac: want 6 bytes");

	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u16(nlh, VSW_A_VLAN_MODE, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "vlan mode: want 1 byte");

	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, 1);
	mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, 16, mac);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "512-byte bitmap");
}

/* Policy attributes are numbered from 64: past a 64-bit mask. */
Test(ctl_msg, port_set_policy_attributes)
{
	static const __u8 macs[13] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };
	struct vsw_err err = { "" };
	struct nlmsghdr *nlh;
	struct ctl_request r;

	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_IN, 10000000);
	mnl_attr_put(nlh, VSW_A_POL_MAC_ALLOW, 12, macs);
	mnl_attr_put_u8(nlh, VSW_A_POL_LEARNING, 0);
	mnl_attr_put_u32(nlh, VSW_A_POL_LEARN_LIMIT, 9);
	cr_assert_eq(parse(nlh, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(ctl_u64(&r, VSW_A_POL_RATE_IN, 0), 10000000);
	cr_assert_eq(ctl_u32(&r, VSW_A_POL_LEARN_LIMIT, 0), 9);
	cr_assert_null(r.tb[VSW_A_POL_RATE_OUT]);

	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u32(nlh, VSW_A_POL_RATE_IN, 10000000);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "max rate in: want 8 bytes");

	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put(nlh, VSW_A_POL_MAC_ALLOW, 13, macs);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "mac allow list: want up to 7 MACs");

	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_POL_DHCP_GUARD, 1);
	mnl_attr_put_u8(nlh, VSW_A_POL_DHCP_GUARD, 0);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "dhcp guard given twice");

	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u16(nlh, VSW_A_POL_PVLAN_SECONDARY, 0);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "VID 0 is not a VLAN");

	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put(nlh, VSW_A_POL_PVLAN_SERVES, 12, macs);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "secondary VID list: want a 512-byte bitmap");

	/* Only PORT_SET takes them. */
	nlh = req(VSW_CMD_PORT_ADD, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u8(nlh, VSW_A_POL_ROUTER_GUARD, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "router guard not valid for this command");
	/* A reply-only attribute is no request attribute. */
	nlh = req(VSW_CMD_PORT_SET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD_ON, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "mac guard on (attribute 78) is for replies only");
}

Test(ctl_msg, ack_carries_code_echo_and_message)
{
	struct nlmsghdr *r = req(VSW_CMD_SWITCH_DEL, 0), *ack;
	static char out[VSW_CTL_MSG_MAX];
	struct nlmsgerr *e;
	struct nlattr *a;
	size_t len;

	len = ctl_ack_build(out, r, 0, -EBUSY, "switch 'sw0' has 2 ports");
	ack = (struct nlmsghdr *)out;
	cr_assert_eq(ack->nlmsg_len, len);
	cr_assert_eq(ack->nlmsg_type, NLMSG_ERROR);
	cr_assert_eq(ack->nlmsg_seq, 7);
	cr_assert(ack->nlmsg_flags & NLM_F_ACK_TLVS);
	e = mnl_nlmsg_get_payload(ack);
	cr_assert_eq(e->error, -EBUSY);
	cr_assert_eq(e->msg.nlmsg_type, VSW_CMD_SWITCH_DEL);
	a = (struct nlattr *)((char *)e + sizeof(*e));
	cr_assert_eq(mnl_attr_get_type(a), NLMSGERR_ATTR_MSG);
	cr_assert_str_eq(mnl_attr_get_str(a), "switch 'sw0' has 2 ports");
	/* Padding is zero: nothing stale leaves the daemon. */
	for (size_t i = (char *)a + a->nla_len - out; i < len; i++)
		cr_assert_eq(out[i], 0, "byte %zu of the padding", i);
}

Test(ctl_msg, trace_takes_a_frame_of_ethernet_size)
{
	static __u8 frame[VSW_TRACE_FRAME_MAX + 1];
	struct nlmsghdr *nlh;
	struct vsw_err err = { "" };
	struct ctl_request r;

	nlh = req(VSW_CMD_TRACE, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put(nlh, VSW_A_FRAME, 60, frame);
	cr_assert_eq(parse(nlh, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(mnl_attr_get_payload_len(r.tb[VSW_A_FRAME]), 60);

	nlh = req(VSW_CMD_TRACE, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put(nlh, VSW_A_FRAME, 13, frame);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "frame: 13 bytes");

	nlh = req(VSW_CMD_TRACE, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put(nlh, VSW_A_FRAME, sizeof(frame), frame);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "frame: 2049 bytes");

	nlh = req(VSW_CMD_TRACE, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	refused(nlh, nlh->nlmsg_len, -EINVAL, "frame missing");
}

Test(ctl_msg, capture_wants_port_and_direction)
{
	struct nlmsghdr *nlh;
	struct vsw_err err = { "" };
	struct ctl_request r;

	nlh = req(VSW_CMD_CAPTURE, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_CAPTURE_DIR, VSW_PORT_F_CAPTURE);
	cr_assert_eq(parse(nlh, &r, &err), 0, "%s", err.msg);

	nlh = req(VSW_CMD_CAPTURE, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	refused(nlh, nlh->nlmsg_len, -EINVAL, "capture direction missing");

	nlh = req(VSW_CMD_CAPTURE, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u32(nlh, VSW_A_CAPTURE_DIR, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "capture direction: want 1 byte");

	nlh = req(VSW_CMD_CAPTURE, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_CAPTURE_DIR, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "cannot dump");
}

Test(ctl_msg, numbers_between_command_blocks_are_unknown)
{
	refused(req(VSW_CMD_FDB_FLUSH + 1, 0), NLMSG_HDRLEN, -EOPNOTSUPP, "unknown command");
	refused(req(VSW_CMD_TRACE - 1, 0), NLMSG_HDRLEN, -EOPNOTSUPP, "unknown command");
	cr_assert_not(VSW_CMD_IS_WRITE(VSW_CMD_TRACE), "a trace changes nothing");
	cr_assert(VSW_CMD_IS_WRITE(VSW_CMD_CAPTURE), "a capture shows the traffic");
}

Test(ctl_msg, ext_add_checks_its_attributes)
{
	struct nlmsghdr *nlh = req(VSW_CMD_EXT_ADD, 0);
	struct vsw_err err = { "" };
	struct ctl_request r;

	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, "no-v6");
	mnl_attr_put_u8(nlh, VSW_A_EXT_KIND, 1);
	mnl_attr_put_u8(nlh, VSW_A_EXT_STAGE, 0);
	mnl_attr_put_strz(nlh, VSW_A_EXT_OBJECT, "/usr/lib/vsw/drop.bpf.o");
	mnl_attr_put_strz(nlh, VSW_A_EXT_PARAMS, "ethertype=0x86dd reason=1");
	cr_assert_eq(parse(nlh, &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(ctl_str(&r, VSW_A_EXT_OBJECT), "/usr/lib/vsw/drop.bpf.o");
	cr_assert_eq(ctl_u32(&r, VSW_A_EXT_PRIORITY, 77), 77, "priority absent: the default");

	nlh = req(VSW_CMD_EXT_ADD, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, "no-v6");
	mnl_attr_put_u8(nlh, VSW_A_EXT_KIND, 1);
	mnl_attr_put_u8(nlh, VSW_A_EXT_STAGE, 0);
	mnl_attr_put_strz(nlh, VSW_A_EXT_OBJECT, "relative.bpf.o");
	refused(nlh, nlh->nlmsg_len, -EINVAL, "object: an absolute path");

	nlh = req(VSW_CMD_EXT_ADD, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, "no-v6");
	mnl_attr_put_u8(nlh, VSW_A_EXT_KIND, 1);
	mnl_attr_put_u8(nlh, VSW_A_EXT_STAGE, 0);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "object missing");

	nlh = req(VSW_CMD_EXT_DEL, 0);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, "no-v6");
	mnl_attr_put_u32(nlh, VSW_A_EXT_PRIORITY, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "priority not valid for this command");
}

/* Command numbers have a gap before the extension commands: a number in
 * it is no command, whatever its attributes. */
Test(ctl_msg, numbers_between_commands_are_unknown)
{
	struct nlmsghdr *nlh = req(VSW_CMD_FDB_FLUSH + 1, 0);
	struct vsw_err err;
	struct ctl_request r;

	refused(nlh, nlh->nlmsg_len, -EOPNOTSUPP, "unknown command");
	nlh = req(VSW_CMD_EXT_ADD - 1, 0);
	refused(nlh, nlh->nlmsg_len, -EOPNOTSUPP, "unknown command");
	nlh = req(VSW_CMD_EXT_GET, NLM_F_DUMP);
	cr_assert_eq(parse(nlh, &r, &err), 0, "ext show of everything");
	cr_assert(VSW_CMD_IS_WRITE(VSW_CMD_EXT_ADD) && VSW_CMD_IS_WRITE(VSW_CMD_EXT_SAMPLES));
	cr_assert_not(VSW_CMD_IS_WRITE(VSW_CMD_EXT_GET));
}

/* ACL attributes are numbered past 64: the masks hold them. */
Test(ctl_msg, acl_add_with_every_attribute_is_accepted)
{
	struct nlmsghdr *nlh = req(VSW_CMD_ACL_ADD, 0);
	struct vsw_acl_cidr c = { .family = 4, .len = 8, .addr = { 10 } };
	struct vsw_acl_range rg = { 80, 90 };
	struct vsw_err err = { "" };
	struct ctl_request r;

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_ACL_DIR, VSW_ACL_DIR_BOTH);
	mnl_attr_put_u8(nlh, VSW_A_ACL_ACTION, VSW_ACL_ALLOW);
	mnl_attr_put_u32(nlh, VSW_A_ACL_PRIORITY, 5);
	mnl_attr_put_u8(nlh, VSW_A_ACL_PROTO, 6);
	mnl_attr_put(nlh, VSW_A_ACL_LOCAL, sizeof(c), &c);
	mnl_attr_put(nlh, VSW_A_ACL_REMOTE, sizeof(c), &c);
	mnl_attr_put(nlh, VSW_A_ACL_LPORT, sizeof(rg), &rg);
	mnl_attr_put(nlh, VSW_A_ACL_RPORT, sizeof(rg), &rg);
	mnl_attr_put(nlh, VSW_A_ACL_LOCAL_MAC, 6, "\x02\0\0\0\0\x01");
	mnl_attr_put(nlh, VSW_A_ACL_REMOTE_MAC, 6, "\x02\0\0\0\0\x02");
	mnl_attr_put(nlh, VSW_A_ACL_STATEFUL, 0, NULL);
	mnl_attr_put_u32(nlh, VSW_A_ACL_TIMEOUT, 9);
	cr_assert_eq(parse(nlh, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(ctl_u32(&r, VSW_A_ACL_TIMEOUT, 0), 9);
	cr_assert(ctl_flag(&r, VSW_A_ACL_STATEFUL));
	cr_assert_eq(memcmp(ctl_bin(&r, VSW_A_ACL_RPORT), &rg, sizeof(rg)), 0);
}

Test(ctl_msg, acl_requests_are_checked)
{
	struct nlmsghdr *nlh = req(VSW_CMD_ACL_ADD, 0);

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VSW_A_ACL_ACTION, VSW_ACL_DENY);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "direction missing");
	mnl_attr_put_u8(nlh, VSW_A_ACL_DIR, VSW_ACL_DIR_IN);
	mnl_attr_put(nlh, VSW_A_ACL_REMOTE, 4, "\x0a\0\0\0");
	refused(nlh, nlh->nlmsg_len, -EINVAL, "remote prefix: want a 20-byte prefix");
	nlh = req(VSW_CMD_ACL_DEL, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, 1);
	mnl_attr_put(nlh, VSW_A_ACL_STATEFUL, 0, NULL);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "stateful not valid for this command");
	nlh = req(VSW_CMD_ACL_GET, NLM_F_DUMP);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "port name missing");
	/* An attribute number past the masks is unknown, not a shift overflow. */
	nlh = req(VSW_CMD_ACL_GET, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, 200, 1);
	refused(nlh, nlh->nlmsg_len, -EINVAL, "unknown attribute 200");
}
