// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The client library (ctl/client.h) against a fake vswd: the test holds
 * the other end of a SOCK_SEQPACKET socketpair, reads what the client
 * sends and writes back acks, dumps and broken replies, built with libmnl
 * as the daemon builds them. Replies are queued before vsw_client_call()
 * so one thread plays both sides. Then vswctl's output helpers, and
 * vswctl itself against a fake daemon on a socket path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <libmnl/libmnl.h>
#include <criterion/criterion.h>

#include "acl_rule.h"
#include "client.h"
#include "vsw_ext.h"
#include "ctl_msg.h"
#include "json_out.h"
#include "vlan_set.h"
#include "vsw_ctl.h"
#include "vsw_structs.h"
#include "vsw_policy.h"

/* ---- a fake daemon on a socketpair ---- */

static struct vsw_client *c;
static int peer = -1;

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

static __u64 rbuf_words[VSW_CTL_MSG_MAX / 8];
static char *const rbuf = (char *)rbuf_words;

/* A reply message in rbuf. */
static struct nlmsghdr *reply(__u16 type, __u16 flags, __u32 seq)
{
	struct nlmsghdr *nlh;

	memset(rbuf, 0, VSW_CTL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(rbuf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	return nlh;
}

static void peer_send(const void *buf, size_t len)
{
	cr_assert_eq(send(peer, buf, len, 0), (ssize_t)len, "fake daemon send: %m");
}

static void send_nlh(const struct nlmsghdr *nlh)
{
	peer_send(nlh, nlh->nlmsg_len);
}

/* The ack vswd sends: capped, the request header echoed, a message. */
static void send_ack(__u32 seq, __u16 cmd, int error, const char *msg)
{
	struct nlmsghdr *nlh = reply(NLMSG_ERROR, NLM_F_CAPPED, seq);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	e->msg.nlmsg_len = NLMSG_HDRLEN;
	e->msg.nlmsg_type = cmd;
	e->msg.nlmsg_seq = seq;
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	send_nlh(nlh);
}

static void send_done(__u32 seq)
{
	struct nlmsghdr *nlh = reply(NLMSG_DONE, NLM_F_MULTI, seq);
	int *status = mnl_nlmsg_put_extra_header(nlh, sizeof(*status));

	*status = 0;
	send_nlh(nlh);
}

/* Read the request the client sent; returns it in buf. */
static const struct nlmsghdr *peer_recv(void *buf, size_t size)
{
	ssize_t n = recv(peer, buf, size, MSG_DONTWAIT);
	const struct nlmsghdr *nlh = buf;

	cr_assert_geq(n, (ssize_t)sizeof(*nlh), "fake daemon got %zd bytes", n);
	cr_assert_eq(nlh->nlmsg_len, (__u32)n, "nlmsg_len %u, datagram %zd", nlh->nlmsg_len, n);
	return nlh;
}

struct attrs {
	const struct nlattr *tb[VSW_A_MAX + 1];
	int count;
};

static int collect(const struct nlattr *a, void *data)
{
	struct attrs *at = data;

	cr_assert_leq(mnl_attr_get_type(a), VSW_A_MAX, "attribute %u", mnl_attr_get_type(a));
	cr_assert_null(at->tb[mnl_attr_get_type(a)], "attribute %u twice", mnl_attr_get_type(a));
	at->tb[mnl_attr_get_type(a)] = a;
	at->count++;
	return MNL_CB_OK;
}

/* ---- requests ---- */

Test(client, request_header_and_attributes)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8], vids[VSW_VID_BITMAP_WORDS];
	const struct nlmsghdr *got;
	struct nlmsghdr *nlh;
	struct attrs at = { 0 };
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
	cr_assert_eq(mnl_attr_parse(got, 0, collect, &at), MNL_CB_OK);
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
	mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, 511, rbuf + 4096);
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

/* ---- output helpers ---- */

static char *out_text;
static size_t out_len;
static FILE *out_f;

static void out_capture(bool json)
{
	out_f = open_memstream(&out_text, &out_len);
	cr_assert_not_null(out_f);
	out_init(out_f, json);
}

static const char *out_captured(void)
{
	fflush(out_f);
	return out_text;
}

/* One port line, written once; both writers. */
static void write_ports(void)
{
	out_begin_list();
	out_begin_object();
	out_str("port", "port %s", "p1");
	out_str("vlan_mode", "vlan %s", "access");
	out_uint("vid", "%u", 10);
	out_str("nic", "nic %s", NULL); /* absent: nothing either way */
	out_bool("static", "static", true);
	out_bool("adopted", "adopted", false);
	out_msec("age_ms", "age %.1fs", 12345);
	out_begin_group("drops", "drops");
	out_u64("malformed", "malformed %llu", 0);
	out_u64("vlan_filter", "vlan_filter %llu", 18446744073709551615ULL);
	out_end_group();
	out_end_object();
	out_begin_object();
	out_str("port", "port %s", "p\"2");
	out_end_object();
	out_end_list();
}

Test(output, text)
{
	out_capture(false);
	write_ports();
	cr_assert_str_eq(out_captured(),
			 "port p1 vlan access 10 static age 12.3s drops malformed 0 "
			 "vlan_filter 18446744073709551615\n"
			 "port p\"2\n");
	fclose(out_f);
	free(out_text);
}

Test(output, json)
{
	out_capture(true);
	write_ports();
	cr_assert_str_eq(out_captured(),
			 "[{\"port\":\"p1\",\"vlan_mode\":\"access\",\"vid\":10,\"static\":true,"
			 "\"adopted\":false,\"age_ms\":12345,\"drops\":{\"malformed\":0,"
			 "\"vlan_filter\":18446744073709551615}},{\"port\":\"p\\\"2\"}]\n");
	fclose(out_f);
	free(out_text);
}

Test(output, json_empty_and_discarded)
{
	out_capture(true);
	out_begin_list();
	out_end_list();
	out_begin_list();
	out_begin_object();
	out_str("port", "port %s", "p1");
	out_end_object();
	out_discard_list();
	cr_assert_str_eq(out_captured(), "[]\n", "an empty list; a discarded one prints nothing");
	fclose(out_f);
	free(out_text);
}

/* ---- vswctl against a fake vswd on a socket path ---- */

struct fake {
	char dir[32];
	char path[108];
	int listener;
};

static void fake_start(struct fake *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(f->dir, sizeof(f->dir), "/tmp/vswctl-test-XXXXXX");
	cr_assert_not_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/vswd.sock", f->dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->path);
	f->listener = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	cr_assert_eq(bind(f->listener, (struct sockaddr *)&sa, sizeof(sa)), 0, "bind: %m");
	cr_assert_eq(listen(f->listener, 1), 0);
}

static void fake_stop(struct fake *f)
{
	close(f->listener);
	unlink(f->path);
	rmdir(f->dir);
}

/* build/vswctl, beside build/tests/ where this test runs from. */
static const char *vswctl_path(void)
{
	static char path[PATH_MAX];
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	cr_assert_gt(n, 0);
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/../vswctl", dirname(self));
	cr_assert_eq(access(path, X_OK), 0, "%s: %m", path);
	return path;
}

struct run {
	FILE *p;        /* vswctl's stdout+stderr */
	char out[4096];
	int status;
};

static void run_start(struct run *r, struct fake *f, const char *args)
{
	char cmd[PATH_MAX + 1024];

	snprintf(cmd, sizeof(cmd), "%s -s %s %s 2>&1", vswctl_path(), f ? f->path : "/nonexistent",
		 args);
	r->p = popen(cmd, "r");
	cr_assert_not_null(r->p);
}

static void run_finish(struct run *r)
{
	size_t n = fread(r->out, 1, sizeof(r->out) - 1, r->p);

	r->out[n] = '\0';
	r->status = pclose(r->p);
	cr_assert(WIFEXITED(r->status));
	r->status = WEXITSTATUS(r->status);
}

/* Accept vswctl's connection and read its request. */
static const struct nlmsghdr *fake_request(struct fake *f, void *buf, size_t size)
{
	peer = accept(f->listener, NULL, NULL);
	cr_assert_geq(peer, 0, "accept: %m");
	{
		ssize_t n = recv(peer, buf, size, 0);

		cr_assert_gt(n, 0);
	}
	return buf;
}

static void send_full_port(__u32 seq, const char *name, __u8 mode, __u16 pvid,
			   const char *vids, bool up, const char *nic)
{
	struct nlmsghdr *nlh = reply(VSW_CMD_PORT_GET, NLM_F_MULTI, seq);
	__u64 set[VSW_VID_BITMAP_WORDS];
	struct nlattr *nest;
	const char *bad;

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, name);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, mode);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, pvid);
	if (vids) {
		cr_assert_eq(vlan_set_parse(set, vids, &bad), 0);
		mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, sizeof(set), set);
	}
	mnl_attr_put_u8(nlh, VSW_A_LINK, up);
	if (nic)
		mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, nic);
	nest = mnl_attr_nest_start(nlh, VSW_A_STATS);
	mnl_attr_put_u64(nlh, VSW_STAT_RX_PACKETS, 7);
	mnl_attr_put_u64(nlh, VSW_STAT_RX_BYTES, 700);
	mnl_attr_put_u64(nlh, VSW_STAT_TX_PACKETS, 3);
	mnl_attr_put_u64(nlh, VSW_STAT_TX_BYTES, 300);
	mnl_attr_put_u64(nlh, VSW_STAT_FLOODED, 1);
	for (int r = 0; r < VSW_DROP__MAX; r++)
		mnl_attr_put_u64(nlh, VSW_STAT_DROP_BASE + r, r);
	mnl_attr_nest_end(nlh, nest);
	send_nlh(nlh);
}

static void serve_two_ports(struct fake *f)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req = fake_request(f, buf, sizeof(buf));

	cr_assert_eq(req->nlmsg_type, VSW_CMD_PORT_GET);
	cr_assert(req->nlmsg_flags & NLM_F_DUMP);
	send_full_port(req->nlmsg_seq, "p1", VSW_PORT_ACCESS, 10, NULL, true, "h1");
	send_full_port(req->nlmsg_seq, "p2", VSW_PORT_TRUNK, 10, "10,20-30", false, NULL);
	send_done(req->nlmsg_seq);
	close(peer);
	peer = -1;
}

Test(vswctl, port_show_text)
{
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "port show");
	serve_two_ports(&f);
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.out);
	/* The drop reasons that happened (the fake counts reason r r times). */
	cr_assert_str_eq(r.out, "port p1 switch sw0 vlan access 10 link up nic h1 drops "
				"vlan_filter 1 no_port 2 link_down 3 learn_limit 4 hairpin 5 extension 6 "
				"acl 7 mac_spoof 8 dhcp_guard 9 router_guard 10 rate_limit 11 storm 12 pvlan 13 "
				"unparsed 14 mtu 15\n"
				"port p2 switch sw0 vlan trunk 10,20-30 native 10 link down drops "
				"vlan_filter 1 no_port 2 link_down 3 learn_limit 4 hairpin 5 extension 6 "
				"acl 7 mac_spoof 8 dhcp_guard 9 router_guard 10 rate_limit 11 storm 12 pvlan 13 "
				"unparsed 14 mtu 15\n");
}

/* JSON lists every reason, 0 included. */
#define DROPS_JSON "{\"malformed\":0,\"vlan_filter\":1,\"no_port\":2,\"link_down\":3," \
		   "\"learn_limit\":4,\"hairpin\":5,\"extension\":6,\"acl\":7,\"mac_spoof\":8," \
		   "\"dhcp_guard\":9,\"router_guard\":10,\"rate_limit\":11,\"storm\":12,\"pvlan\":13," \
		   "\"unparsed\":14,\"mtu\":15}"

Test(vswctl, port_show_json)
{
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "-j port show");
	serve_two_ports(&f);
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.out);
	cr_assert_str_eq(r.out,
			 "[{\"port\":\"p1\",\"switch\":\"sw0\",\"vlan_mode\":\"access\",\"vid\":10,"
			 "\"link\":\"up\",\"nic\":\"h1\",\"drops\":" DROPS_JSON "},"
			 "{\"port\":\"p2\",\"switch\":\"sw0\",\"vlan_mode\":\"trunk\","
			 "\"vlans\":\"10,20-30\",\"native\":10,\"link\":\"down\",\"drops\":"
			 DROPS_JSON "}]\n");
}

Test(vswctl, stats_port)
{
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "stats port");
	serve_two_ports(&f);
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.out);
	cr_assert_not_null(strstr(r.out, "port p1 rx_packets 7 rx_bytes 700 tx_packets 3 "
					 "tx_bytes 300 flooded 1 drops malformed 0 vlan_filter 1 "
					 "no_port 2 link_down 3 learn_limit 4 hairpin 5 extension 6 "
					 "acl 7 mac_spoof 8 dhcp_guard 9 router_guard 10 rate_limit 11 "
					 "storm 12 pvlan 13 unparsed 14 mtu 15\n"),
			   "%s", r.out);
}

Test(vswctl, daemon_error_exits_1)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req;
	struct attrs at = { 0 };
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "port del p1 force");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_PORT_DEL);
	cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_not_null(at.tb[VSW_A_FORCE]);
	cr_assert_eq(at.count, 2);
	send_ack(req->nlmsg_seq, req->nlmsg_type, -ENOENT, "port 'p1' does not exist");
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out, "vswctl: port 'p1' does not exist (No such file or directory)\n");
}

Test(vswctl, usage_error_exits_2_and_sends_nothing)
{
	struct run r;

	/* No daemon at all: a usage error is found before connecting. */
	run_start(&r, NULL, "port add p1 switch sw0 vlan access 4095");
	run_finish(&r);
	cr_assert_eq(r.status, 2, "exit %d: %s", r.status, r.out);
	cr_assert_str_eq(r.out, "vswctl: port 'p1': '4095' is not a VLAN ID (1 to 4094)\n");

	run_start(&r, NULL, "nic add h1 type vm tap t1 tap t2");
	run_finish(&r);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.out, "vswctl: nic 'h1': 'tap' given twice\n");
}

Test(vswctl, port_set_bad_settings_exit_2)
{
	static const struct { const char *args, *msg; } cases[] = {
		{ "port set p1", "nothing to set" },
		{ "port set p1 max-rate in 10xbit", "'10xbit' is not a rate" },
		{ "port set p1 max-rate sideways 10mbit", "wants in or out" },
		{ "port set p1 max-rate in 1bit", "'1bit' is not a rate" },
		{ "port set p1 max-rate out 0 burst 20000", "a burst goes with a rate above 0" },
		{ "port set p1 max-rate out 10mbit burst 100", "burst '100' is not a number" },
		{ "port set p1 storm everything 5", "wants broadcast, multicast or unknown" },
		{ "port set p1 storm broadcast lots", "'lots' is not a number of frames" },
		{ "port set p1 dhcp-guard maybe", "wants on or off, not maybe" },
		{ "port set p1 priority-tag keep", "wants trust or reset" },
		{ "port set p1 learn-limit 0", "learn-limit '0' is not a number" },
		{ "port set p1 mac-guard on allow 01:00:5e:00:00:01", "not a unicast MAC" },
		{ "port set p1 mac-guard on allow 02:00:00:00:00:01,02:00:00:00:00:02,"
		  "02:00:00:00:00:03,02:00:00:00:00:04,02:00:00:00:00:05,02:00:00:00:00:06,"
		  "02:00:00:00:00:07,02:00:00:00:00:08", "at most 7 MACs" },
		{ "port set p1 learning on learning off", "'learning' given twice" },
		{ "port set p1 frobnicate on", "unknown setting 'frobnicate'" },
		{ "port set p1 vlan isolated 10", "needs PRIMARY and SECONDARY" },
		{ "port set p1 vlan community 10 4095", "'4095' is not a VLAN ID" },
		{ "port set p1 vlan promiscuous 10 200-", "SECONDARYLIST '200-' is invalid" },
		{ "port add p1 switch sw0 vlan isolated 10 200", "expected 'vlan access VID'" },
		{ "port set p1 mirror", "'mirror' wants source in|out|both, destination or off" },
		{ "port set p1 mirror sideways", "destination or off, not sideways" },
		{ "port set p1 mirror source", "'mirror source' wants in, out or both" },
		{ "port set p1 mirror source up", "in, out or both, not up" },
		{ "port set p1 mirror off mirror destination", "'mirror' given twice" },
	};
	struct run r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_start(&r, NULL, cases[i].args);
		run_finish(&r);
		cr_assert_eq(r.status, 2, "%s: exit %d: %s", cases[i].args, r.status, r.out);
		cr_assert_not_null(strstr(r.out, cases[i].msg), "%s: '%s' lacks '%s'",
				   cases[i].args, r.out, cases[i].msg);
	}
}

Test(vswctl, port_set_policy_attributes)
{
	static const __u8 allow[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req;
	struct attrs at = { 0 };
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "port set p1 mac-guard on allow 02:00:00:00:00:01,02:00:00:00:00:02 "
			  "dhcp-guard on router-guard off max-rate in 10mbit burst 20000 "
			  "max-rate out 2GBIT storm broadcast 100 storm unknown 0 learning off "
			  "learn-limit 50 priority-tag trust");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_PORT_SET);
	cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
	cr_assert_eq(at.count, 13);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_POL_MAC_GUARD]), VSW_GUARD_ON);
	cr_assert_eq(mnl_attr_get_payload_len(at.tb[VSW_A_POL_MAC_ALLOW]), 12);
	cr_assert_eq(memcmp(mnl_attr_get_payload(at.tb[VSW_A_POL_MAC_ALLOW]), allow, 12), 0);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_POL_DHCP_GUARD]), 1);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_POL_ROUTER_GUARD]), 0);
	cr_assert_eq(mnl_attr_get_u64(at.tb[VSW_A_POL_RATE_IN]), 10000000);
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_POL_BURST_IN]), 20000);
	cr_assert_eq(mnl_attr_get_u64(at.tb[VSW_A_POL_RATE_OUT]), 2000000000ULL);
	cr_assert_null(at.tb[VSW_A_POL_BURST_OUT], "no burst given: the daemon's default");
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_POL_STORM_BCAST]), 100);
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_POL_STORM_UNKNOWN]), 0);
	cr_assert_null(at.tb[VSW_A_POL_STORM_MCAST]);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_POL_LEARNING]), 0);
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_POL_LEARN_LIMIT]), 50);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_POL_PRIO_TRUST]), 1);
	send_ack(req->nlmsg_seq, req->nlmsg_type, 0, NULL);
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
}

Test(vswctl, port_set_private_vlan)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8], serves[VSW_VID_BITMAP_WORDS];
	const struct nlmsghdr *req;
	struct attrs at = { 0 };
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "port set p1 vlan promiscuous 10 200-201");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
	cr_assert_eq(at.count, 5);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_VLAN_MODE]), VSW_PORT_ACCESS);
	cr_assert_eq(mnl_attr_get_u16(at.tb[VSW_A_VLAN_PVID]), 10);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_POL_PVLAN_ROLE]), VSW_PVLAN_PROMISCUOUS);
	memcpy(serves, mnl_attr_get_payload(at.tb[VSW_A_POL_PVLAN_SERVES]), sizeof(serves));
	cr_assert_eq(vlan_set_count(serves), 2);
	cr_assert(vlan_set_has(serves, 200) && vlan_set_has(serves, 201));
	send_ack(req->nlmsg_seq, req->nlmsg_type, 0, NULL);
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
}

Test(vswctl, port_set_mirror_roles)
{
	static const struct { const char *args; __u8 role; } cases[] = {
		{ "port set p1 mirror source in", VSW_MIRROR_IN },
		{ "port set p1 mirror source out", VSW_MIRROR_OUT },
		{ "port set p1 mirror source both", VSW_MIRROR_IN | VSW_MIRROR_OUT },
		{ "port set p1 mirror destination", VSW_MIRROR_DST },
		{ "port set p1 mirror off", 0 },
	};
	__u64 buf[VSW_CTL_MSG_MAX / 8];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct nlmsghdr *req;
		struct attrs at = { 0 };
		struct fake f;
		struct run r;

		fake_start(&f);
		run_start(&r, &f, cases[i].args);
		req = fake_request(&f, buf, sizeof(buf));
		cr_assert_eq(req->nlmsg_type, VSW_CMD_PORT_SET);
		cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
		cr_assert_eq(at.count, 2, "%s", cases[i].args);
		cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_POL_MIRROR]), cases[i].role, "%s",
			     cases[i].args);
		send_ack(req->nlmsg_seq, req->nlmsg_type, 0, NULL);
		close(peer);
		peer = -1;
		run_finish(&r);
		fake_stop(&f);
		cr_assert_eq(r.status, 0, "%s: %s", cases[i].args, r.out);
	}
}

Test(vswctl, port_show_policies)
{
	static const __u8 allow[6] = { 2, 0, 0, 0, 0, 1 };
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req;
	struct nlmsghdr *nlh;
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "port show p1");
	req = fake_request(&f, buf, sizeof(buf));
	nlh = reply(VSW_CMD_PORT_GET, NLM_F_MULTI, req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 1);
	mnl_attr_put_u8(nlh, VSW_A_LINK, 1);
	mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD, VSW_GUARD_DEFAULT);
	mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD_ON, 1);
	mnl_attr_put(nlh, VSW_A_POL_MAC_ALLOW, 6, allow);
	mnl_attr_put_u8(nlh, VSW_A_POL_DHCP_GUARD, 1);
	mnl_attr_put_u8(nlh, VSW_A_POL_ROUTER_GUARD, 0);
	mnl_attr_put_u8(nlh, VSW_A_POL_PRIO_TRUST, 0);
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_IN, 20000000);
	mnl_attr_put_u32(nlh, VSW_A_POL_BURST_IN, 1000000);
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_OUT, 0);
	mnl_attr_put_u32(nlh, VSW_A_POL_STORM_BCAST, 100);
	mnl_attr_put_u8(nlh, VSW_A_POL_LEARNING, 1);
	mnl_attr_put_u32(nlh, VSW_A_POL_LEARN_LIMIT, 1024);
	mnl_attr_put_u8(nlh, VSW_A_POL_MIRROR, VSW_MIRROR_IN | VSW_MIRROR_OUT);
	send_nlh(nlh);
	send_done(req->nlmsg_seq);
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert_str_eq(r.out, "port p1 switch sw0 vlan access 1 link up mac-guard on (default) "
				"allow 02:00:00:00:00:01 dhcp-guard on router-guard off "
				"max-rate in 20mbit burst 1000000 storm broadcast 100 learning on "
				"learn-limit 1024 priority-tag reset mirror source both\n");
}

Test(vswctl, unreachable_daemon_exits_1)
{
	struct run r;

	run_start(&r, NULL, "switch show");
	run_finish(&r);
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out,
			 "vswctl: cannot reach vswd at '/nonexistent': No such file or directory\n");
}

Test(vswctl, nic_add_vm_attributes)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req;
	struct attrs at = { 0 };
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "nic add vm1 type vm tap tap-vm1 owner 1000 group 0 queues 4 mtu 9000");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_NIC_ADD);
	cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
	cr_assert_eq(at.count, 7);
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_MTU]), 9000);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_NIC_NAME]), "vm1");
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_NIC_KIND]), VSW_NIC_VM);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_IFNAME]), "tap-vm1");
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_OWNER]), 1000);
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_GROUP]), 0);
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_QUEUES]), 4);
	send_ack(req->nlmsg_seq, req->nlmsg_type, 0, NULL);
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert_str_eq(r.out, "", "add prints nothing");
}

/* nic add ... type legacy: the add, then a get whose socket is printed. */
Test(vswctl, nic_add_legacy_prints_the_socket)
{
	static const __u8 mac[6] = { 2, 0x16, 0x3e, 0, 0, 0x21 };
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req;
	struct attrs at = { 0 };
	struct nlmsghdr *nlh;
	struct fake f;
	struct run r;
	ssize_t n;

	fake_start(&f);
	run_start(&r, &f, "nic add old1 type legacy mac 02:16:3e:00:00:21");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_NIC_ADD);
	cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
	cr_assert_eq(at.count, 3);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_NIC_KIND]), VSW_NIC_LEGACY);
	cr_assert_arr_eq(mnl_attr_get_payload(at.tb[VSW_A_MAC]), mac, 6);
	send_ack(req->nlmsg_seq, req->nlmsg_type, 0, NULL);
	n = recv(peer, buf, sizeof(buf), 0);
	cr_assert_gt(n, 0);
	req = (const struct nlmsghdr *)buf;
	cr_assert_eq(req->nlmsg_type, VSW_CMD_NIC_GET);
	nlh = reply(VSW_CMD_NIC_GET, 0, req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "old1");
	mnl_attr_put_u8(nlh, VSW_A_NIC_KIND, VSW_NIC_LEGACY);
	mnl_attr_put_strz(nlh, VSW_A_LEGACY_SOCKET, "/run/vsw/legacy-old1.sock");
	send_nlh(nlh);
	send_ack(req->nlmsg_seq, req->nlmsg_type, 0, NULL);
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert_str_eq(r.out, "/run/vsw/legacy-old1.sock\n");

	run_start(&r, NULL, "nic add old1 type legacy tap t1");
	run_finish(&r);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.out, "vswctl: nic 'old1': 'tap' does not go with type legacy\n");

	run_start(&r, NULL, "nic add old1 type legacy mtu 9000");
	run_finish(&r);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.out, "vswctl: nic 'old1': 'mtu' does not go with type legacy\n");
	run_start(&r, NULL, "nic add vm1 type vm mtu 67");
	run_finish(&r);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.out, "vswctl: nic 'vm1': mtu '67' is not a number from 68 to 65535\n");
}

Test(vswctl, fdb_show_lines)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const __u8 m1[6] = { 2, 0, 0, 0, 0, 1 }, m2[6] = { 2, 0, 0, 0, 0, 0xab };
	const struct nlmsghdr *req;
	struct nlmsghdr *nlh;
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "fdb show sw0");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_FDB_GET);
	nlh = reply(VSW_CMD_FDB_GET, NLM_F_MULTI, req->nlmsg_seq);
	mnl_attr_put_u16(nlh, VSW_A_VID, 10);
	mnl_attr_put(nlh, VSW_A_MAC, 6, m1);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, 5);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u64(nlh, VSW_A_AGE_MS, 12345);
	send_nlh(nlh);
	nlh = reply(VSW_CMD_FDB_GET, NLM_F_MULTI, req->nlmsg_seq);
	mnl_attr_put_u16(nlh, VSW_A_VID, 20);
	mnl_attr_put(nlh, VSW_A_MAC, 6, m2);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, 6);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p2");
	mnl_attr_put(nlh, VSW_A_FDB_STATIC, 0, NULL);
	send_nlh(nlh);
	send_done(req->nlmsg_seq);
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert_str_eq(r.out, "vlan 10 mac 02:00:00:00:00:01 port p1 age 12.3s\n"
				"vlan 20 mac 02:00:00:00:00:ab port p2 static\n");
}

/* ---- trace ---- */

/* Read the trace request, check it carries the frame the spec builds,
 * and answer with a decision: a flood to p2 untagged, p3 tagged, and
 * (more > 0) that many more ports; or a nest without a verdict. */
static void serve_trace(struct fake *f, unsigned int more, bool broken)
{
	static const __u8 want[14] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				       0x02, 0, 0, 0, 0, 0x01, 0x88, 0xb5 };
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req = fake_request(f, buf, sizeof(buf));
	struct attrs at = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	cr_assert_eq(req->nlmsg_type, VSW_CMD_TRACE);
	cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_SWITCH_NAME]), "sw0");
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_payload_len(at.tb[VSW_A_FRAME]), 60);
	cr_assert_eq(memcmp(mnl_attr_get_payload(at.tb[VSW_A_FRAME]), want, sizeof(want)), 0);

	nlh = reply(VSW_CMD_TRACE, 0, req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	nest = mnl_attr_nest_start(nlh, VSW_A_TRACE);
	if (!broken)
		mnl_attr_put_u8(nlh, VSW_TRACE_VERDICT, VSW_V_FLOOD);
	mnl_attr_put_u32(nlh, VSW_TRACE_FLAGS, VSW_DEC_F_LEARNED);
	mnl_attr_put_u16(nlh, VSW_TRACE_VID, 1);
	mnl_attr_put_strz(nlh, VSW_TRACE_TO_UNTAGGED, "p2");
	mnl_attr_put_strz(nlh, VSW_TRACE_TO_TAGGED, "p3");
	if (more)
		mnl_attr_put_u32(nlh, VSW_TRACE_TO_MORE, more);
	mnl_attr_nest_end(nlh, nest);
	send_nlh(nlh);
	send_ack(req->nlmsg_seq, VSW_CMD_TRACE, 0, NULL);
	close(peer);
	peer = -1;
}

Test(vswctl, trace_sends_the_frame_and_prints_the_decision)
{
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "trace sw0 port p1 src 02:00:00:00:00:01 dst ff:ff:ff:ff:ff:ff");
	serve_trace(&f, 0, false);
	run_finish(&r);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.out);
	cr_assert_str_eq(r.out, "trace switch sw0 port p1 src 02:00:00:00:00:01 dst "
				"ff:ff:ff:ff:ff:ff vlan 1 fdb miss learn yes passed "
				"port,link,parse,vlan,learn_limit verdict flood to p2 to_tagged p3\n");

	run_start(&r, &f, "-j trace sw0 port p1 src 02:00:00:00:00:01 dst ff:ff:ff:ff:ff:ff");
	serve_trace(&f, 700, false);
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.out);
	cr_assert_not_null(strstr(r.out, "\"verdict\":\"flood\",\"to\":\"p2\",\"to_tagged\":\"p3\","
					 "\"to_more\":700,\"mirrored\":false}]"), "%s", r.out);
}

Test(vswctl, trace_reply_without_verdict_is_an_error)
{
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "trace sw0 port p1 src 02:00:00:00:00:01 dst ff:ff:ff:ff:ff:ff");
	serve_trace(&f, 0, true);
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.out);
	cr_assert_str_eq(r.out, "vswctl: malformed trace reply from vswd (Bad message)\n");
}

Test(vswctl, trace_and_capture_usage_errors_exit_2)
{
	static const struct {
		const char *args, *says;
	} bad[] = {
		{ "trace sw0 src 02:00:00:00:00:01 dst ff:ff:ff:ff:ff:ff",
		  "vswctl: switch 'sw0': missing 'port PORT'\n" },
		{ "trace sw0 port p1 src 02:00:00:00:00:01",
		  "vswctl: switch 'sw0': frame: a spec needs 'src MAC' and 'dst MAC'\n" },
		{ "trace sw0 port p1 ffff", "vswctl: switch 'sw0': frame: unknown word 'ffff'\n" },
		{ "capture p1 in", "vswctl: port 'p1': missing '-w FILE'\n" },
		{ "capture p1 in out -w x", "vswctl: port 'p1': direction given twice\n" },
		{ "capture p1 -c x -w f", "vswctl: port 'p1': -c wants a count of frames, once (1 or more)\n" },
	};
	struct run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run_start(&r, NULL, bad[i].args);
		run_finish(&r);
		cr_assert_eq(r.status, 2, "'%s': exit %d: %s", bad[i].args, r.status, r.out);
		cr_assert_str_eq(r.out, bad[i].says, "'%s'", bad[i].args);
	}
}

Test(vswctl, ext_add_attributes)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req;
	struct attrs at = { 0 };
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "ext add sw0 f1 kind filter stage egress object /dev/null program p "
			  "priority 5 set a=1 set m=02:00:00:00:00:01 set port=@p2");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_EXT_ADD);
	cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
	cr_assert_eq(at.count, 8);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_SWITCH_NAME]), "sw0");
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_EXT_NAME]), "f1");
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_EXT_KIND]), VSW_EXT_KIND_FILTER);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_EXT_STAGE]), VSW_EXT_EGRESS);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_EXT_OBJECT]), "/dev/null");
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_EXT_PROGRAM]), "p");
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_EXT_PRIORITY]), 5);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_EXT_PARAMS]),
			 "a=1 m=02:00:00:00:00:01 port=@p2");
	send_ack(req->nlmsg_seq, req->nlmsg_type, -EACCES,
		 "extension 'f1': the kernel refused 'p': Permission denied: R1 invalid mem access");
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert_str_eq(r.out, "vswctl: extension 'f1': the kernel refused 'p': Permission "
				"denied: R1 invalid mem access (Permission denied)\n");
}

Test(vswctl, ext_usage_errors_exit_2)
{
	static const struct {
		const char *args, *out;
	} cases[] = {
		{ "ext add sw0 f1 kind forward stage egress object /dev/null",
		  "vswctl: extension 'f1': a forward extension runs at ingress only\n" },
		{ "ext add sw0 f1 kind filter stage ingress object /dev/null set a",
		  "vswctl: extension 'f1': set 'a': VAR=VALUE, VALUE a number, a MAC or @PORT\n" },
		{ "ext add sw0 f1 kind filter object /dev/null",
		  "vswctl: extension 'f1': missing 'stage ingress|egress'\n" },
		{ "ext add sw0 f1 kind sniff stage ingress object /dev/null",
		  "vswctl: extension 'f1': kind 'sniff' is not one of capture, filter, forward\n" },
		{ "ext add sw0 f1 kind filter stage ingress object /nonexistent/x.o",
		  "vswctl: extension 'f1': object '/nonexistent/x.o': No such file or directory\n" },
		{ "ext del sw0", "vswctl: extension del: missing NAME\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;

		run_start(&r, NULL, cases[i].args);
		run_finish(&r);
		cr_assert_eq(r.status, 2, "%s: exit %d: %s", cases[i].args, r.status, r.out);
		cr_assert_str_eq(r.out, cases[i].out, "%s", cases[i].args);
	}
}

Test(vswctl, ext_show_line)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "ext show sw0");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_EXT_GET);
	cr_assert(req->nlmsg_flags & NLM_F_DUMP);
	nlh = reply(VSW_CMD_EXT_GET, NLM_F_MULTI, req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, "no-v6");
	mnl_attr_put_u8(nlh, VSW_A_EXT_KIND, VSW_EXT_KIND_FILTER);
	mnl_attr_put_u8(nlh, VSW_A_EXT_STAGE, VSW_EXT_INGRESS);
	mnl_attr_put_u32(nlh, VSW_A_EXT_PRIORITY, 100);
	mnl_attr_put_strz(nlh, VSW_A_EXT_OBJECT, "/x.bpf.o");
	mnl_attr_put_strz(nlh, VSW_A_EXT_PARAMS, "ethertype=0x86dd reason=3");
	mnl_attr_put_u8(nlh, VSW_A_EXT_LOADED, 1);
	mnl_attr_put_u32(nlh, VSW_A_EXT_ID, 4);
	nest = mnl_attr_nest_start(nlh, VSW_A_EXT_STATS);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_RUNS, 10);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_DROPS, 2);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_FORWARDS, 0);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_VIOLATIONS, 0);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_REASON_BASE + 0, 0);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_REASON_BASE + 3, 2);
	mnl_attr_nest_end(nlh, nest);
	send_nlh(nlh);
	send_done(req->nlmsg_seq);
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert_str_eq(r.out, "ext no-v6 switch sw0 kind filter stage ingress priority 100 "
				"object /x.bpf.o set ethertype=0x86dd set reason=3 id 4 runs 10 "
				"drops 2 forwards 0 violations 0 reasons 3 2\n");
}

Test(vswctl, acl_add_attributes_and_id)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req;
	const struct vsw_acl_cidr *c;
	const struct vsw_acl_range *rg;
	struct attrs at = { 0 };
	struct nlmsghdr *nlh;
	struct fake f;
	struct run r;

	fake_start(&f);
	run_start(&r, &f, "acl add p1 dir out priority 7 proto tcp remote 10.1.2.3/16 "
			  "rport 80-90 remote-mac 02:00:00:00:00:09 action allow stateful timeout 5");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_ACL_ADD);
	cr_assert_eq(mnl_attr_parse(req, 0, collect, &at), MNL_CB_OK);
	cr_assert_eq(at.count, 10);
	cr_assert_str_eq(mnl_attr_get_str(at.tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_ACL_DIR]), VSW_ACL_DIR_OUT);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_ACL_ACTION]), VSW_ACL_ALLOW);
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_ACL_PRIORITY]), 7);
	cr_assert_eq(mnl_attr_get_u8(at.tb[VSW_A_ACL_PROTO]), 6);
	c = mnl_attr_get_payload(at.tb[VSW_A_ACL_REMOTE]);
	cr_assert_eq(c->family, 4);
	cr_assert_eq(c->len, 16);
	cr_assert_eq(memcmp(c->addr, "\x0a\x01\x00\x00", 4), 0, "bits past /16 cleared");
	rg = mnl_attr_get_payload(at.tb[VSW_A_ACL_RPORT]);
	cr_assert(rg->lo == 80 && rg->hi == 90);
	cr_assert_eq(memcmp(mnl_attr_get_payload(at.tb[VSW_A_ACL_REMOTE_MAC]),
			    "\x02\0\0\0\0\x09", 6), 0);
	cr_assert_not_null(at.tb[VSW_A_ACL_STATEFUL]);
	cr_assert_eq(mnl_attr_get_u32(at.tb[VSW_A_ACL_TIMEOUT]), 5);
	nlh = reply(VSW_CMD_ACL_ADD, 0, req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, 12);
	send_nlh(nlh);
	send_ack(req->nlmsg_seq, req->nlmsg_type, 0, NULL);
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert_str_eq(r.out, "acl 12 port p1\n");
}

Test(vswctl, acl_show_line)
{
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	struct vsw_acl_cidr c = { .family = 6, .len = 32 };
	struct vsw_acl_range rg = { 22, 22 };
	const struct nlmsghdr *req;
	struct nlmsghdr *nlh;
	struct fake f;
	struct run r;

	memcpy(c.addr, "\x20\x01\x0d\xb8", 4);
	fake_start(&f);
	run_start(&r, &f, "acl show p1");
	req = fake_request(&f, buf, sizeof(buf));
	cr_assert_eq(req->nlmsg_type, VSW_CMD_ACL_GET);
	cr_assert(req->nlmsg_flags & NLM_F_DUMP);
	nlh = reply(VSW_CMD_ACL_GET, NLM_F_MULTI, req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, 3);
	mnl_attr_put_u8(nlh, VSW_A_ACL_DIR, VSW_ACL_DIR_IN);
	mnl_attr_put_u8(nlh, VSW_A_ACL_ACTION, VSW_ACL_DENY);
	mnl_attr_put_u32(nlh, VSW_A_ACL_PRIORITY, 100);
	mnl_attr_put_u8(nlh, VSW_A_ACL_PROTO, 6);
	mnl_attr_put(nlh, VSW_A_ACL_LOCAL, sizeof(c), &c);
	mnl_attr_put(nlh, VSW_A_ACL_LPORT, sizeof(rg), &rg);
	mnl_attr_put_u64(nlh, VSW_A_ACL_HITS, 42);
	send_nlh(nlh);
	send_done(req->nlmsg_seq);
	close(peer);
	peer = -1;
	run_finish(&r);
	fake_stop(&f);
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert_str_eq(r.out, "acl 3 port p1 dir in priority 100 proto tcp local 2001:db8::/32 "
				"lport 22 action deny hits 42\n");
}

Test(vswctl, acl_usage_errors_exit_2)
{
	static const struct {
		const char *args, *out;
	} cases[] = {
		{ "acl add p1 action deny", "vswctl: acl 'p1': missing 'dir in|out|both'\n" },
		{ "acl add p1 dir in", "vswctl: acl 'p1': missing 'action allow|deny|meter'\n" },
		{ "acl add p1 dir up action deny",
		  "vswctl: acl 'p1': dir 'up' is not one of in, out, both\n" },
		{ "acl add p1 dir in remote 10.0.0.0/33 action deny",
		  "vswctl: acl 'p1': remote '10.0.0.0/33' is not an IPv4 or IPv6 address or prefix "
		  "(10.0.0.0/8, 2001:db8::/32)\n" },
		{ "acl add p1 dir in rport 9-8 action deny",
		  "vswctl: acl 'p1': rport '9-8' is not a port or range (80, 1024-2047; 0 to 65535)\n" },
		{ "acl add p1 dir in proto icmp rport 80 action deny",
		  "vswctl: acl 'p1': ports need protocol tcp or udp (or none)\n" },
		{ "acl add p1 dir in action deny stateful",
		  "vswctl: acl 'p1': only an allow rule can be stateful\n" },
		{ "acl add p1 dir in action allow timeout 5",
		  "vswctl: acl 'p1': 'timeout' is for stateful rules\n" },
		{ "acl add p1 dir in local 10.0.0.1 remote ::1 action deny",
		  "vswctl: acl 'p1': local and remote prefixes of different families\n" },
		{ "acl del p1 x", "vswctl: acl 'p1': rule ID 'x' is not a number from 1 to 4294967295\n" },
		{ "acl show", "vswctl: acl show: missing PORT\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;

		run_start(&r, NULL, cases[i].args);
		run_finish(&r);
		cr_assert_eq(r.status, 2, "%s: exit %d: %s", cases[i].args, r.status, r.out);
		cr_assert_str_eq(r.out, cases[i].out, "%s", cases[i].args);
	}
}
