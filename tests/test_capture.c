// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A capture's frames on their way to the client (user/vswd/capture.c,
 * through the control server's queue of the connection, to
 * ctl/client.c): vswd's side never waits for a client that does not
 * read, loses frames instead and counts them, and says so in the next
 * frame the client gets. The test plays the daemon's loop itself (one
 * thread: ctl_server_run() when it wants the server to work). The ring
 * itself and a real capture run in selftests/test_observability.sh and
 * test_access.sh.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <libmnl/libmnl.h>
#include <criterion/criterion.h>

#include "capture.h"
#include "client.h"
#include "ctl_server.h"

static struct ctl_server *srv;
static char sock[108];
static struct ctl_conn *conn; /* the connection the server serves the test on */
static struct vsw_client *cl;
static struct capture c;

static int remember_conn(void *ctx, const struct ctl_request *req, struct ctl_conn *cn,
			 struct vsw_err *err)
{
	conn = cn;
	return 0;
}

static void forget_conn(void *ctx, struct ctl_conn *cn)
{
	if (cn == conn)
		conn = NULL;
}

/* Let the server work until it has nothing left to do. */
static void pump(void)
{
	struct pollfd p = { .fd = ctl_server_fd(srv), .events = POLLIN };

	while (poll(&p, 1, 0) > 0)
		ctl_server_run(srv);
}

static void setup(void)
{
	struct ctl_server_opts o = { .path = sock, .group = (gid_t)-1, .admin_group = (gid_t)-1 };
	struct ctl_handler h = { .run = remember_conn, .closed = forget_conn };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int fd;

	snprintf(sock, sizeof(sock), "/tmp/vsw-test-capture-%d.sock", getpid());
	cr_assert_eq(ctl_server_open(&o, &h, &srv), 0);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
	cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	/* A first request makes the server show the test its connection. */
	nlh->nlmsg_type = VSW_CMD_VERSION;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	cr_assert_eq(send(fd, nlh, nlh->nlmsg_len, 0), (ssize_t)nlh->nlmsg_len);
	for (int i = 0; i < 100 && !conn; i++) {
		poll(&(struct pollfd){ .fd = ctl_server_fd(srv), .events = POLLIN }, 1, 10);
		pump();
	}
	cr_assert_not_null(conn, "the server took the connection");
	cr_assert_gt(recv(fd, buf, sizeof(buf), 0), 0, "its ack");
	/* From here the client reads what answers a capture request. */
	cr_assert_eq(vsw_client_from_fd(fd, &cl), 0);
	vsw_client_req(cl, VSW_CMD_CAPTURE, false);
	memset(&c, 0, sizeof(c));
	c.conn = conn;
	c.seq = vsw_client_seq(cl);
	c.ifindex = 5;
	c.dir = VSW_PORT_F_CAPTURE;
	c.mono_to_real_ns = 1000;
}

static void teardown(void)
{
	vsw_client_close(cl);
	ctl_server_close(srv);
}

/* A suite timeout: a send that waits would hang here. */
TestSuite(capture, .init = setup, .fini = teardown, .timeout = 30);

static struct {
	struct vsw_capture_hdr h;
	__u8 frame[VSW_CAPTURE_SNAPLEN];
} rec;

static void record(__u32 ifindex, __u8 dir, __u32 len, __u32 caplen, __u8 fill)
{
	rec.h = (struct vsw_capture_hdr){ .tstamp_ns = 5000, .ifindex = ifindex, .len = len,
					  .caplen = caplen, .dir = dir };
	memset(rec.frame, fill, caplen);
}

struct got {
	int frames;
	__u32 len, caplen;
	__u64 time, lost;
	__u8 dir, first;
};

static int on_frame(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct got *g = ctx;

	cr_assert_eq(vsw_reply_parse(nlh, tb), 0, "the client's parser takes the frame");
	cr_assert_not_null(tb[VSW_A_CAPTURE_DATA]);
	cr_assert_not_null(tb[VSW_A_CAPTURE_LOST]);
	g->frames++;
	g->time = mnl_attr_get_u64(tb[VSW_A_CAPTURE_TIME]);
	g->len = mnl_attr_get_u32(tb[VSW_A_CAPTURE_LEN]);
	g->dir = mnl_attr_get_u8(tb[VSW_A_CAPTURE_DIR]);
	g->caplen = mnl_attr_get_payload_len(tb[VSW_A_CAPTURE_DATA]);
	g->first = *(const __u8 *)mnl_attr_get_payload(tb[VSW_A_CAPTURE_DATA]);
	cr_assert_geq(mnl_attr_get_u64(tb[VSW_A_CAPTURE_LOST]), g->lost, "never counts down");
	g->lost = mnl_attr_get_u64(tb[VSW_A_CAPTURE_LOST]);
	return 0;
}

/* Everything waiting for the client: the server sends what it queued
 * as the client makes room. */
static void drain(struct got *g)
{
	int ret, idle = 0;

	while (idle < 20) {
		pump();
		ret = vsw_client_next(cl, 5, on_frame, g);
		cr_assert_geq(ret, 0, "%d: %s", ret, vsw_client_errmsg(cl));
		idle = ret ? 0 : idle + 1;
	}
}

Test(capture, a_frame_as_the_client_reads_it)
{
	struct got g = { 0 };

	record(5, VSW_CAPTURE_OUT, 9000, VSW_CAPTURE_SNAPLEN, 0xab); /* the largest */
	capture_deliver(&c, &rec.h, rec.frame);
	record(5, VSW_CAPTURE_IN, 60, 60, 0xcd);
	capture_deliver(&c, &rec.h, rec.frame);
	pump();
	cr_assert_eq(vsw_client_next(cl, 1000, on_frame, &g), 1);
	cr_assert_eq(g.caplen, VSW_CAPTURE_SNAPLEN, "all of it, in one message");
	cr_assert_eq(g.len, 9000);
	cr_assert_eq(g.first, 0xab);
	cr_assert_eq(g.dir, VSW_PORT_F_CAPTURE_OUT);
	cr_assert_eq(g.time, 6000, "the ring's time moved to the epoch's");
	cr_assert_eq(vsw_client_next(cl, 1000, on_frame, &g), 1);
	cr_assert_eq(g.caplen, 60);
	cr_assert_eq(g.dir, VSW_PORT_F_CAPTURE_IN);
	cr_assert_eq(g.lost, 0);
	cr_assert_eq(vsw_client_next(cl, 0, on_frame, &g), 0, "nothing more");
	cr_assert_eq(c.sent, 2);
}

Test(capture, only_its_port_and_direction)
{
	struct got g = { 0 };

	c.dir = VSW_PORT_F_CAPTURE_IN;
	record(6, VSW_CAPTURE_IN, 60, 60, 1); /* another port's */
	capture_deliver(&c, &rec.h, rec.frame);
	record(5, VSW_CAPTURE_OUT, 60, 60, 2); /* the other way */
	capture_deliver(&c, &rec.h, rec.frame);
	record(5, VSW_CAPTURE_IN, 60, 60, 3);
	capture_deliver(&c, &rec.h, rec.frame);
	drain(&g);
	cr_assert_eq(g.frames, 1);
	cr_assert_eq(g.first, 3);
	cr_assert_eq(c.sent + c.lost_conn, 1, "the others were neither sent nor lost");
}

Test(capture, a_slow_client_loses_frames_counted_never_waited_for)
{
	struct got g = { 0 };
	const int n = 5000;

	record(5, VSW_CAPTURE_OUT, 1500, 1500, 7);
	for (int i = 0; i < n; i++) /* the client reads nothing meanwhile */
		capture_deliver(&c, &rec.h, rec.frame);
	cr_assert_gt(c.sent, 0);
	cr_assert_gt(c.lost_conn, 0, "a socket and the queue hold fewer than %d frames", n);
	cr_assert_eq(c.sent + c.lost_conn, (__u64)n);
	drain(&g);
	cr_assert_eq(g.frames, (int)c.sent, "what was sent arrives, in full");
	cr_assert_eq(g.caplen, 1500);
	/* The next frame tells the client how many it lost. */
	c.lost_ring = 3; /* as the ring's lost callback counts them */
	capture_deliver(&c, &rec.h, rec.frame);
	drain(&g);
	cr_assert_eq(g.lost, c.lost_conn + 3);
}

Test(capture, a_gone_client_stops_nothing_but_its_frames)
{
	record(5, VSW_CAPTURE_OUT, 60, 60, 1);
	vsw_client_close(cl);
	cl = NULL;
	for (int i = 0; i < 100 && conn; i++) {
		poll(&(struct pollfd){ .fd = ctl_server_fd(srv), .events = POLLIN }, 1, 10);
		pump();
	}
	cr_assert_null(conn, "the server saw the client go (and vswd stops its capture then)");
}
