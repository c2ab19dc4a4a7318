// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The client library (ctl/client.h) against a fake vswd (ctl_fake.h):
 * the test holds the other end of a SOCK_SEQPACKET socketpair, reads
 * what the client sends and writes back acks, dumps and broken replies.
 * Replies are queued before vsw_client_call() so one thread plays both
 * sides. Then vsw_reply_parse() attribute by attribute, and opening.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <libmnl/libmnl.h>
#include <criterion/criterion.h>

#include "client.h"
#include "ctl_fake.h"
#include "ctl_msg.h"
#include "vlan_set.h"
#include "vsw_ctl.h"
#include "vsw_structs.h"

static struct vsw_client *c;

static void pair_setup(void)
{
	int sv[2];

	cr_assert_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0, "socketpair: %m");
	cr_assert_eq(vsw_client_from_fd(sv[0], &c), 0, "vsw_client_from_fd");
	peer = sv[1];
}

static void pair_teardown(void)
{
	vsw_client_close(c);
	c = NULL;
	if (peer >= 0)
		close(peer);
	peer = -1;
}

TestSuite(client, .init = pair_setup, .fini = pair_teardown);

/* ---- requests ---- */

Test(client, request_header_and_attributes)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8], vids[VSW_VID_BITMAP_WORDS];
	const struct nlmsghdr *got;
	struct nlmsghdr *nlh;
	struct attrs at;
	const char *bad;

	cr_assert_eq(vlan_set_parse(vids, "10,20-30", &bad), 0);
	nlh = vsw_client_req(c, VSW_CMD_PORT_ADD, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_TRUNK);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 10);
	mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, sizeof(vids), vids);
	send_ack(vsw_client_seq(c), VSW_CMD_PORT_ADD, 0, NULL);
	cr_assert_eq(vsw_client_call(c, NULL, NULL), 0);
	cr_assert_str_eq(vsw_client_errmsg(c), "");

	got = peer_recv(buf, sizeof(buf));
	cr_assert_eq(got->nlmsg_type, VSW_CMD_PORT_ADD);
	cr_assert_eq(got->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK, "flags %#x", got->nlmsg_flags);
	cr_assert_eq(got->nlmsg_seq, vsw_client_seq(c));
	cr_assert_eq(got->nlmsg_pid, 0);
	/* header 16 + "p1" 8 + "sw0" 8 + u8 8 + u16 8 + 4 + 512 */
	cr_assert_eq(got->nlmsg_len, 16 + 8 + 8 + 8 + 8 + 516, "length %u", got->nlmsg_len);
	request_attrs(got, &at);
	cr_assert_eq(at.count, 5);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_payload_len(at.tb[VSW_A_PORT_NAME]), 3, "NUL included");
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_SWITCH_NAME]), "sw0");
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_VLAN_MODE]), VSW_PORT_TRUNK);
	cr_assert_eq(mnl_attr_get_u16(at.tb[VSW_A_VLAN_PVID]), 10);
	cr_assert_eq(memcmp(mnl_attr_get_payload(at.tb[VSW_A_VLAN_TRUNK]), vids, sizeof(vids)),
		     0, "trunk bitmap as vlan_set.h stores it");
}

Test(client, dump_request_flags_and_new_seq)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *got;
	__u32 first;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	first = vsw_client_seq(c);
	send_ack(first, VSW_CMD_SWITCH_ADD, 0, NULL);
	cr_assert_eq(vsw_client_call(c, NULL, NULL), 0);
	peer_recv(buf, sizeof(buf));

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	cr_assert_neq(vsw_client_seq(c), first, "each request has its own seq");
	send_done(vsw_client_seq(c));
	cr_assert_eq(vsw_client_call(c, NULL, NULL), 0);
	got = peer_recv(buf, sizeof(buf));
	cr_assert_eq(got->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP);
	cr_assert_eq(got->nlmsg_len, NLMSG_HDRLEN, "no attributes");
}

Test(client, call_without_request_is_refused)
{
	cr_assert_eq(vsw_client_call(c, NULL, NULL), -EINVAL);
}

/* ---- acks ---- */

Test(client, ack_ok)
{
	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	send_ack(vsw_client_seq(c), VSW_CMD_SWITCH_ADD, 0, NULL);
	cr_assert_eq(vsw_client_call(c, NULL, NULL), 0);
	cr_assert_str_eq(vsw_client_errmsg(c), "");
}

Test(client, error_ack_with_message)
{
	vsw_client_req(c, VSW_CMD_PORT_DEL, false);
	send_ack(vsw_client_seq(c), VSW_CMD_PORT_DEL, -ENOENT, "port 'p1' does not exist");
	cr_assert_eq(vsw_client_call(c, NULL, NULL), -ENOENT);
	cr_assert_str_eq(vsw_client_errmsg(c), "port 'p1' does not exist");

	/* The next request starts without the old message. */
	vsw_client_req(c, VSW_CMD_PORT_DEL, false);
	cr_assert_str_eq(vsw_client_errmsg(c), "");
	send_ack(vsw_client_seq(c), VSW_CMD_PORT_DEL, -EBUSY, NULL);
	cr_assert_eq(vsw_client_call(c, NULL, NULL), -EBUSY);
	cr_assert_str_eq(vsw_client_errmsg(c), "", "no TLVs, no message");
}

/* Not capped (as the kernel does by default): the whole request is
 * echoed, and the TLVs come after it. */
Test(client, error_ack_uncapped_with_echoed_request)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	char echoed[64];
	__u32 seq;

	nlh = vsw_client_req(c, VSW_CMD_SWITCH_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	/* Type 1 is also NLMSGERR_ATTR_MSG: a client reading the echoed
	 * request as TLVs would choke on this unterminated "string". */
	mnl_attr_put_u32(nlh, VSW_A_VERSION, 0x41414141);
	memcpy(echoed, nlh, nlh->nlmsg_len);
	seq = vsw_client_seq(c);

	nlh = reply(NLMSG_ERROR, NLM_F_ACK_TLVS, seq);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(e->error) + ((struct nlmsghdr *)echoed)->nlmsg_len);
	e->error = -EBUSY;
	memcpy(&e->msg, echoed, ((struct nlmsghdr *)echoed)->nlmsg_len);
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 16); /* other TLVs are skipped */
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "switch 'sw0' has 2 ports");
	send_nlh(nlh);
	cr_assert_eq(vsw_client_call(c, NULL, NULL), -EBUSY);
	cr_assert_str_eq(vsw_client_errmsg(c), "switch 'sw0' has 2 ports");
}

Test(client, warning_with_successful_ack)
{
	vsw_client_req(c, VSW_CMD_FDB_FLUSH, false);
	send_ack(vsw_client_seq(c), VSW_CMD_FDB_FLUSH, 0, "nothing to flush");
	cr_assert_eq(vsw_client_call(c, NULL, NULL), 0);
	cr_assert_str_eq(vsw_client_errmsg(c), "nothing to flush");
}

/* ---- data replies ---- */

struct seen {
	int calls;
	char names[4][VSW_NAME_MAX];
	__u16 pvid[4];
	int stop_at; /* return this from the call number stop_at (1-based) */
	int stop_ret;
};

static int on_port(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct seen *s = ctx;

	cr_assert_eq(nlh->nlmsg_type, VSW_CMD_PORT_GET);
	cr_assert_eq(vsw_reply_parse(nlh, tb), 0, "reply %d parses", s->calls);
	cr_assert_not_null(tb[VSW_A_PORT_NAME]);
	if (s->calls < 4) {
		snprintf(s->names[s->calls], VSW_NAME_MAX, "%s", mnl_attr_get_str(tb[VSW_A_PORT_NAME]));
		s->pvid[s->calls] = tb[VSW_A_VLAN_PVID] ? mnl_attr_get_u16(tb[VSW_A_VLAN_PVID]) : 0;
	}
	s->calls++;
	return s->calls == s->stop_at ? s->stop_ret : 0;
}

static void send_port(__u32 seq, const char *name, __u16 pvid)
{
	struct nlmsghdr *nlh = reply(VSW_CMD_PORT_GET, NLM_F_MULTI, seq);
	struct nlattr *nest;

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, name);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, pvid);
	mnl_attr_put_u8(nlh, VSW_A_LINK, 1);
	nest = mnl_attr_nest_start(nlh, VSW_A_STATS);
	mnl_attr_put_u64(nlh, VSW_STAT_RX_PACKETS, 5);
	mnl_attr_put_u64(nlh, VSW_STAT_DROP_BASE + VSW_DROP_VLAN_FILTER, 2);
	mnl_attr_nest_end(nlh, nest);
	send_nlh(nlh);
}

Test(client, dump_of_two_then_done)
{
	struct seen s = { 0 };
	__u32 seq;

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	seq = vsw_client_seq(c);
	send_port(seq, "p1", 10);
	send_port(seq, "p2", 20);
	send_done(seq);
	cr_assert_eq(vsw_client_call(c, on_port, &s), 0);
	cr_assert_eq(s.calls, 2);
	cr_assert_str_eq(s.names[0], "p1");
	cr_assert_eq(s.pvid[0], 10);
	cr_assert_str_eq(s.names[1], "p2");
	cr_assert_eq(s.pvid[1], 20);
}

Test(client, dump_stopped_early_is_drained)
{
	struct seen s = { .stop_at = 1, .stop_ret = 1 };
	__u32 seq;

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	seq = vsw_client_seq(c);
	send_port(seq, "p1", 10);
	send_port(seq, "p2", 20);
	send_done(seq);
	cr_assert_eq(vsw_client_call(c, on_port, &s), 0);
	cr_assert_eq(s.calls, 1, "fn not called after it stopped");

	/* Drained up to DONE: the next call reads its own reply. */
	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	send_ack(vsw_client_seq(c), VSW_CMD_SWITCH_ADD, 0, NULL);
	cr_assert_eq(vsw_client_call(c, NULL, NULL), 0);
}

Test(client, dump_callback_error_is_returned)
{
	struct seen s = { .stop_at = 1, .stop_ret = -ECANCELED };
	__u32 seq;

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	seq = vsw_client_seq(c);
	send_port(seq, "p1", 10);
	send_port(seq, "p2", 20);
	send_done(seq);
	cr_assert_eq(vsw_client_call(c, on_port, &s), -ECANCELED);
	cr_assert_eq(s.calls, 1);
}

Test(client, dump_refused_with_error_instead_of_done)
{
	struct seen s = { 0 };

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	send_ack(vsw_client_seq(c), VSW_CMD_PORT_GET, -ENOENT, "port 'p9' does not exist");
	cr_assert_eq(vsw_client_call(c, on_port, &s), -ENOENT);
	cr_assert_eq(s.calls, 0);
	cr_assert_str_eq(vsw_client_errmsg(c), "port 'p9' does not exist");
}

Test(client, dump_failing_half_way_in_done)
{
	struct seen s = { 0 };
	struct nlmsghdr *nlh;
	int *status;
	__u32 seq;

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	seq = vsw_client_seq(c);
	send_port(seq, "p1", 10);
	nlh = reply(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS, seq);
	status = mnl_nlmsg_put_extra_header(nlh, sizeof(*status));
	*status = -EIO;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "map read failed");
	send_nlh(nlh);
	cr_assert_eq(vsw_client_call(c, on_port, &s), -EIO);
	cr_assert_eq(s.calls, 1);
	cr_assert_str_eq(vsw_client_errmsg(c), "map read failed");
}

struct version {
	__u32 v;
	char build[32];
};

static int on_version(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct version *v = ctx;

	cr_assert_eq(vsw_reply_parse(nlh, tb), 0);
	v->v = mnl_attr_get_u32(tb[VSW_A_VERSION]);
	snprintf(v->build, sizeof(v->build), "%s", mnl_attr_get_str(tb[VSW_A_BUILD]));
	return 0;
}

Test(client, version_data_then_ack)
{
	struct version v = { 0 };
	struct nlmsghdr *nlh;
	__u32 seq;

	vsw_client_req(c, VSW_CMD_VERSION, false);
	seq = vsw_client_seq(c);
	nlh = reply(VSW_CMD_VERSION, 0, seq);
	mnl_attr_put_u32(nlh, VSW_A_VERSION, VSW_CTL_VERSION);
	mnl_attr_put_strz(nlh, VSW_A_BUILD, "0.1-test");
	send_nlh(nlh);
	send_ack(seq, VSW_CMD_VERSION, 0, NULL);
	cr_assert_eq(vsw_client_call(c, on_version, &v), 0);
	cr_assert_eq(v.v, VSW_CTL_VERSION);
	cr_assert_str_eq(v.build, "0.1-test");
}

/* What vswd's own builders (user/vswd/ctl_msg.c) produce, the client reads. */
Test(client, replies_built_by_the_daemon)
{
	__u64 reqbuf[VSW_CTL_MSG_MAX / 8], out[VSW_CTL_MSG_MAX / 8];
	struct seen s = { 0 };
	struct ctl_request r;
	struct vsw_err err = { "" };
	const struct nlmsghdr *got;
	struct nlmsghdr *nlh;

	nlh = vsw_client_req(c, VSW_CMD_PORT_GET, true);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	/* The daemon parses exactly what the client sends. */
	cr_assert_eq(ctl_request_parse(nlh, nlh->nlmsg_len, &r, &err), 0, "%s", err.msg);
	nlh = ctl_reply_start(out, &r);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	send_nlh(nlh);
	peer_send(out, ctl_done_build(out, &r));
	cr_assert_eq(vsw_client_call(c, on_port, &s), 0);
	cr_assert_eq(s.calls, 1);
	got = peer_recv(reqbuf, sizeof(reqbuf));
	cr_assert_eq(got->nlmsg_type, VSW_CMD_PORT_GET);

	nlh = vsw_client_req(c, VSW_CMD_PORT_DEL, false);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	cr_assert_eq(ctl_request_parse(nlh, nlh->nlmsg_len, &r, &err), 0, "%s", err.msg);
	peer_send(out, ctl_ack_build(out, r.nlh, r.cmd, -EBUSY, "port 'p1' has NIC 'h1'"));
	cr_assert_eq(vsw_client_call(c, NULL, NULL), -EBUSY);
	cr_assert_str_eq(vsw_client_errmsg(c), "port 'p1' has NIC 'h1'");
}

/* ---- broken replies: an error each, never a crash ---- */

/* After a protocol error the connection is not used again. */
static void assert_broken_msg(int ret, int want, const char *what, const char *msg)
{
	cr_assert_eq(ret, want, "%s: returned %d, want %d", what, ret, want);
	cr_assert_not_null(strstr(vsw_client_errmsg(c), msg), "%s: message '%s'", what,
			   vsw_client_errmsg(c));
	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	cr_assert_eq(vsw_client_call(c, NULL, NULL), -ENOTCONN, "%s: connection unusable",
		     what);
}

static void assert_broken(int ret, int want, const char *what)
{
	assert_broken_msg(ret, want, what, "bad reply from vswd: ");
}

Test(client, truncated_header)
{
	struct nlmsghdr *nlh;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	nlh = reply(NLMSG_ERROR, NLM_F_CAPPED, vsw_client_seq(c));
	peer_send(nlh, 10);
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "10-byte datagram");
}

Test(client, length_beyond_the_datagram)
{
	struct nlmsghdr *nlh;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	nlh = reply(NLMSG_ERROR, NLM_F_CAPPED, vsw_client_seq(c));
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct nlmsgerr));
	nlh->nlmsg_len += 64;
	peer_send(nlh, nlh->nlmsg_len - 64);
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "nlmsg_len > datagram");
}

Test(client, length_shorter_than_a_header)
{
	struct nlmsghdr *nlh;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	nlh = reply(NLMSG_ERROR, NLM_F_CAPPED, vsw_client_seq(c));
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct nlmsgerr));
	nlh->nlmsg_len = 4;
	peer_send(nlh, 36);
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "nlmsg_len 4");
}

Test(client, two_messages_in_one_datagram)
{
	char two[2 * 36];
	struct nlmsghdr *nlh;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	nlh = reply(NLMSG_ERROR, NLM_F_CAPPED, vsw_client_seq(c));
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct nlmsgerr));
	memcpy(two, nlh, 36);
	memcpy(two + 36, nlh, 36);
	peer_send(two, sizeof(two));
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "two messages");
}

Test(client, wrong_seq)
{
	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	send_ack(vsw_client_seq(c) + 1, VSW_CMD_SWITCH_ADD, 0, NULL);
	assert_broken(vsw_client_call(c, NULL, NULL), -EPROTO, "seq + 1");
}

Test(client, ack_shorter_than_nlmsgerr)
{
	struct nlmsghdr *nlh;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	nlh = reply(NLMSG_ERROR, NLM_F_CAPPED, vsw_client_seq(c));
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	send_nlh(nlh);
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "4-byte ack payload");
}

Test(client, ack_with_positive_error)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	nlh = reply(NLMSG_ERROR, NLM_F_CAPPED, vsw_client_seq(c));
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = ENOENT;
	send_nlh(nlh);
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "error +2");
}

Test(client, ack_tlv_with_bad_length)
{
	struct nlmsghdr *nlh;
	struct nlattr *a;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	nlh = reply(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, vsw_client_seq(c));
	((struct nlmsgerr *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct nlmsgerr)))->error =
		-EINVAL;
	a = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "a message");
	a->nla_len += 40; /* past the end of the message */
	send_nlh(nlh);
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "overlong TLV");
}

Test(client, ack_message_not_terminated)
{
	struct nlmsghdr *nlh;

	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	nlh = reply(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, vsw_client_seq(c));
	((struct nlmsgerr *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct nlmsgerr)))->error =
		-EINVAL;
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 4, "abcd");
	send_nlh(nlh);
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "no NUL");
}

Test(client, done_answering_no_dump)
{
	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	send_done(vsw_client_seq(c));
	assert_broken(vsw_client_call(c, NULL, NULL), -EPROTO, "DONE to a non-dump");
}

Test(client, reply_of_another_type)
{
	struct nlmsghdr *nlh;

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	nlh = reply(VSW_CMD_NIC_GET, NLM_F_MULTI, vsw_client_seq(c));
	send_nlh(nlh);
	assert_broken(vsw_client_call(c, NULL, NULL), -EPROTO, "NIC_GET answering PORT_GET");
}

Test(client, daemon_hangs_up)
{
	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	close(peer);
	peer = -1;
	cr_assert_eq(vsw_client_call(c, NULL, NULL), -EPIPE, "send to a closed peer");
}

Test(client, daemon_hangs_up_mid_dump)
{
	struct seen s = { 0 };

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	send_port(vsw_client_seq(c), "p1", 10);
	shutdown(peer, SHUT_WR);
	assert_broken_msg(vsw_client_call(c, on_port, &s), -ECONNRESET, "EOF before DONE",
			  "vswd closed the connection");
	cr_assert_eq(s.calls, 1);
}

Test(client, datagram_larger_than_the_maximum)
{
	static char big[VSW_CTL_MSG_MAX + 100];
	struct nlmsghdr *nlh = (struct nlmsghdr *)big;

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	nlh->nlmsg_len = sizeof(big);
	nlh->nlmsg_type = VSW_CMD_PORT_GET;
	nlh->nlmsg_seq = vsw_client_seq(c);
	peer_send(big, sizeof(big));
	assert_broken(vsw_client_call(c, NULL, NULL), -EBADMSG, "oversized datagram");
}

/* A dump message with a broken attribute: the library's parser refuses
 * it, the callback reports that, the rest of the dump is drained. */
static int parse_only(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	return vsw_reply_parse(nlh, tb) ? -EBADMSG : 0;
}

Test(client, attribute_with_bad_length_in_a_dump)
{
	struct nlmsghdr *nlh;
	struct nlattr *a;
	__u32 seq;

	vsw_client_req(c, VSW_CMD_PORT_GET, true);
	seq = vsw_client_seq(c);
	nlh = reply(VSW_CMD_PORT_GET, NLM_F_MULTI, seq);
	a = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	a->nla_len = 200;
	send_nlh(nlh);
	send_done(seq);
	cr_assert_eq(vsw_client_call(c, parse_only, NULL), -EBADMSG);
	/* The callback's error leaves the connection in step. */
	vsw_client_req(c, VSW_CMD_SWITCH_ADD, false);
	send_ack(vsw_client_seq(c), VSW_CMD_SWITCH_ADD, 0, NULL);
	cr_assert_eq(vsw_client_call(c, NULL, NULL), 0);
}

/* ---- vsw_reply_parse, attribute by attribute ---- */

static struct nlmsghdr *msg(void)
{
	return reply(VSW_CMD_NIC_GET, NLM_F_MULTI, 1);
}

static int parse(struct nlmsghdr *nlh)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	return vsw_reply_parse(nlh, tb);
}

Test(reply_parse, valid_nic_reply)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct nlmsghdr *nlh = msg();
	const __u8 mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct nlattr *nest;

	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "h1");
	mnl_attr_put_u8(nlh, VSW_A_NIC_KIND, VSW_NIC_HOST);
	mnl_attr_put(nlh, VSW_A_MAC, 6, mac);
	mnl_attr_put_strz(nlh, VSW_A_NETNS, "blue");
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, 12);
	mnl_attr_put(nlh, VSW_A_ADOPTED, 0, NULL);
	mnl_attr_put_u64(nlh, VSW_A_AGE_MS, 1234);
	mnl_attr_put_u32(nlh, __VSW_A_MAX + 3, 7); /* from a newer vswd: skipped */
	nest = mnl_attr_nest_start(nlh, VSW_A_STATS);
	mnl_attr_put_u64(nlh, VSW_STAT_TX_BYTES, 99);
	mnl_attr_nest_end(nlh, nest);
	cr_assert_eq(vsw_reply_parse(nlh, tb), 0);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_NIC_NAME]), "h1");
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_NIC_KIND]), VSW_NIC_HOST);
	cr_assert_eq(memcmp(mnl_attr_get_payload(tb[VSW_A_MAC]), mac, 6), 0);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_IFINDEX]), 12);
	cr_assert_not_null(tb[VSW_A_ADOPTED]);
	cr_assert_eq(mnl_attr_get_u64(tb[VSW_A_AGE_MS]), 1234);
	cr_assert_not_null(tb[VSW_A_STATS]);
	cr_assert_null(tb[VSW_A_PORT_NAME]);
}

Test(reply_parse, wrong_sizes)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char longname[VSW_NAME_MAX + 1];
	static const __u8 zeros[511];

	nlh = msg();
	mnl_attr_put(nlh, VSW_A_NIC_NAME, 2, "h1"); /* no NUL */
	cr_assert_eq(parse(nlh), -EINVAL, "unterminated string");

	nlh = msg();
	mnl_attr_put(nlh, VSW_A_NIC_NAME, 1, ""); /* empty name */
	cr_assert_eq(parse(nlh), -EINVAL, "empty name");

	memset(longname, 'a', VSW_NAME_MAX);
	longname[VSW_NAME_MAX] = '\0';
	nlh = msg();
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, longname);
	cr_assert_eq(parse(nlh), -EINVAL, "16-character name");

	nlh = msg();
	mnl_attr_put_u16(nlh, VSW_A_IFINDEX, 1);
	cr_assert_eq(parse(nlh), -EINVAL, "u32 of 2 bytes");

	nlh = msg();
	mnl_attr_put_u32(nlh, VSW_A_NIC_KIND, 1);
	cr_assert_eq(parse(nlh), -EINVAL, "u8 of 4 bytes");

	nlh = msg();
	mnl_attr_put_u32(nlh, VSW_A_VID, 1);
	cr_assert_eq(parse(nlh), -EINVAL, "u16 of 4 bytes");

	nlh = msg();
	mnl_attr_put_u32(nlh, VSW_A_AGE_MS, 1);
	cr_assert_eq(parse(nlh), -EINVAL, "u64 of 4 bytes");

	nlh = msg();
	mnl_attr_put(nlh, VSW_A_MAC, 5, "\2\0\0\0\0");
	cr_assert_eq(parse(nlh), -EINVAL, "MAC of 5 bytes");

	nlh = msg();
	mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, 511, zeros);
	cr_assert_eq(parse(nlh), -EINVAL, "bitmap of 511 bytes");

	nlh = msg();
	mnl_attr_put_u8(nlh, VSW_A_FDB_STATIC, 1);
	cr_assert_eq(parse(nlh), -EINVAL, "flag with a value");

	nlh = msg();
	nest = mnl_attr_nest_start(nlh, VSW_A_STATS);
	mnl_attr_put_u32(nlh, VSW_STAT_RX_PACKETS, 1);
	mnl_attr_nest_end(nlh, nest);
	cr_assert_eq(parse(nlh), -EINVAL, "u32 counter");

	nlh = msg();
	nest = mnl_attr_nest_start(nlh, VSW_A_STATS);
	mnl_attr_put_u64(nlh, VSW_STAT_RX_PACKETS, 1);
	mnl_attr_nest_end(nlh, nest);
	nest->nla_len -= 2; /* the inner attribute overruns the nest */
	cr_assert_eq(parse(nlh), -EINVAL, "truncated nest");
}

Test(reply_parse, repeated_and_overrunning)
{
	struct nlmsghdr *nlh;
	struct nlattr *a;

	nlh = msg();
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "h1");
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "h2");
	cr_assert_eq(parse(nlh), -EINVAL, "repeated");

	nlh = msg();
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "h1");
	a = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, 3);
	a->nla_len = 12; /* 4 bytes past the message */
	cr_assert_eq(parse(nlh), -EINVAL, "overrun");

	nlh = msg();
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "h1");
	nlh->nlmsg_len += 2; /* half an attribute header left over */
	cr_assert_eq(parse(nlh), -EINVAL, "trailing bytes");

	nlh = msg();
	a = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, 3);
	a->nla_len = 2; /* shorter than its own header */
	cr_assert_eq(parse(nlh), -EINVAL, "nla_len 2");

	nlh = msg();
	cr_assert_eq(parse(nlh), 0, "no attributes at all is fine");
}

/* ---- opening ---- */

Test(open, missing_socket_and_long_path)
{
	struct vsw_client *cl = (void *)1;
	char path[200];

	cr_assert_eq(vsw_client_open("/nonexistent/vswd.sock", &cl), -ENOENT);
	cr_assert_null(cl);
	memset(path, 'x', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	cr_assert_eq(vsw_client_open(path, &cl), -ENAMETOOLONG);
	vsw_client_close(NULL);
}

Test(open, connects_to_a_listener)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct vsw_client *cl;
	char dir[] = "/tmp/vswctl-test-XXXXXX";
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	int l, conn;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/vswd.sock", dir);
	l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	cr_assert_eq(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0, "bind: %m");
	cr_assert_eq(listen(l, 1), 0);
	cr_assert_eq(vsw_client_open(sa.sun_path, &cl), 0);
	conn = accept(l, NULL, NULL);
	cr_assert_geq(conn, 0);
	vsw_client_req(cl, VSW_CMD_SWITCH_ADD, false);
	peer = conn; /* for the helpers */
	send_ack(vsw_client_seq(cl), VSW_CMD_SWITCH_ADD, 0, NULL);
	cr_assert_eq(vsw_client_call(cl, NULL, NULL), 0);
	peer_recv(buf, sizeof(buf));
	vsw_client_close(cl);
	close(conn);
	peer = -1;
	close(l);
	unlink(sa.sun_path);
	rmdir(dir);
}
