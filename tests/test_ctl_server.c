// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The control server never waits for one client: a client that asks for
 * a large dump and reads slowly (or not at all) holds neither the others
 * nor the server; one that does not take its reply in time is cut off;
 * a change's ack can wait for its save while others are served; many
 * clients connect at once. The server runs in a thread of the test,
 * with a handler of the test's own; clients are raw sockets.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <libmnl/libmnl.h>
#include "ctl_server.h"

#define DUMP_LEN 100000 /* messages of the test's dump: megabytes */

struct fake {
	struct ctl_server *s;
	pthread_t thread;
	volatile bool stop;
	bool later;                 /* changes answered with CTL_REPLY_LATER */
	struct ctl_conn *later_conn;
	volatile int finish_with;   /* > 0: nothing; else ctl_conn_finish() with it */
	char path[108];
};

static struct fake f;
/* dump_more() calls: in all, and in all when VERSION was last answered */
static volatile unsigned int parts_made, parts_at_version;

struct dump_state {
	const struct ctl_request *req;
	int next;
};

static int put_index(struct ctl_conn *conn, const struct ctl_request *req, __u32 i)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);

	mnl_attr_put_u32(nlh, VSW_A_COUNT, i);
	return ctl_conn_send(conn, nlh);
}

static int dump_more(void *state, struct ctl_conn *conn, struct vsw_err *err)
{
	struct dump_state *d = state;

	parts_made++;
	for (int i = 0; i < 256 && d->next < DUMP_LEN; i++)
		if (put_index(conn, d->req, d->next++))
			return vsw_errf(err, -ENOBUFS, "queue full");
	return d->next < DUMP_LEN;
}

static int fake_run(void *ctx, const struct ctl_request *req, struct ctl_conn *conn,
		    struct vsw_err *err)
{
	struct dump_state *d;

	switch (req->cmd) {
	case VSW_CMD_VERSION:
		parts_at_version = parts_made;
		return put_index(conn, req, 1);
	case VSW_CMD_FDB_GET:
		d = calloc(1, sizeof(*d));
		d->req = req;
		return ctl_conn_dump_more(conn, dump_more, free, d);
	case VSW_CMD_SWITCH_GET:
		/* A dump queued whole, as the small ones are. */
		for (__u32 i = 0; i < 5000; i++)
			if (put_index(conn, req, i))
				return vsw_errf(err, -ENOBUFS, "queue full");
		return 0;
	default:
		return 0; /* a change */
	}
}

static int fake_changed(void *ctx, struct ctl_conn *conn, struct vsw_err *err)
{
	if (!f.later)
		return 0;
	f.later_conn = conn;
	return CTL_REPLY_LATER;
}

static void fake_closed(void *ctx, struct ctl_conn *conn)
{
	if (conn == f.later_conn)
		f.later_conn = NULL;
}

static void *serve(void *arg)
{
	struct pollfd p = { .fd = ctl_server_fd(f.s), .events = POLLIN };

	while (!f.stop) {
		if (poll(&p, 1, 5) > 0)
			ctl_server_run(f.s);
		if (f.finish_with <= 0 && f.later_conn) {
			struct vsw_err err = { "disk on fire" };

			ctl_conn_finish(f.later_conn, f.finish_with, &err);
			f.later_conn = NULL;
			f.finish_with = 1;
		}
	}
	return NULL;
}

/* The server, run by the test itself (manual) or by a thread. */
static void start_server(unsigned int timeout_ms, bool later, bool manual)
{
	struct ctl_server_opts o = { .group = (gid_t)-1, .admin_group = (gid_t)-1,
				       .timeout_ms = timeout_ms };
	struct ctl_handler h = { .run = fake_run, .changed = fake_changed,
				 .closed = fake_closed };

	memset(&f, 0, sizeof(f));
	f.later = later;
	f.finish_with = 1;
	snprintf(f.path, sizeof(f.path), "/tmp/vsw-test-ctl-%d.sock", getpid());
	o.path = f.path;
	cr_assert_eq(ctl_server_open(&o, &h, &f.s), 0, "ctl_server_open");
	if (!manual)
		cr_assert_eq(pthread_create(&f.thread, NULL, serve, NULL), 0);
}

static void start(unsigned int timeout_ms, bool later)
{
	start_server(timeout_ms, later, false);
}

static void stop(void)
{
	f.stop = true;
	if (f.thread)
		pthread_join(f.thread, NULL);
	ctl_server_close(f.s);
}

/* Manual: runs of the server while it has something to do, up to n. */
static void run_server(int n)
{
	struct pollfd p = { .fd = ctl_server_fd(f.s), .events = POLLIN };

	while (n-- > 0 && poll(&p, 1, 50) > 0)
		ctl_server_run(f.s);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int client(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	cr_assert_geq(fd, 0);
	strcpy(sa.sun_path, f.path);
	cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0, "connect: %s",
		     strerror(errno));
	return fd;
}

static void request(int fd, __u16 cmd, bool dump, __u32 seq)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = cmd;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	nlh->nlmsg_seq = seq;
	if (cmd == VSW_CMD_FDB_GET || cmd == VSW_CMD_SWITCH_ADD)
		mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	cr_assert_eq(send(fd, nlh, nlh->nlmsg_len, 0), (ssize_t)nlh->nlmsg_len);
}

/* The next message within ms, or type 0 on timeout, -1 at EOF. */
static int next_msg(int fd, int ms, __u32 *index, int *error)
{
	char buf[VSW_CTL_MSG_MAX];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *nlh = (void *)buf;
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return 0;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n <= 0)
		return -1;
	if (nlh->nlmsg_type == NLMSG_ERROR && error)
		*error = ((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->error;
	if (nlh->nlmsg_type >= NLMSG_MIN_TYPE && index) {
		struct nlattr *a = mnl_nlmsg_get_payload(nlh);

		*index = mnl_attr_get_u32(a);
	}
	return nlh->nlmsg_type;
}

/* A VERSION request's whole answer (reply, ack), in ms. */
static double ask_version(int fd, __u32 seq)
{
	double t0 = now_ms();
	int type;

	request(fd, VSW_CMD_VERSION, false, seq);
	cr_assert_eq(next_msg(fd, 5000, NULL, NULL), VSW_CMD_VERSION);
	type = next_msg(fd, 5000, NULL, NULL);
	cr_assert_eq(type, NLMSG_ERROR, "no ack: %d", type);
	return now_ms() - t0;
}

Test(ctl_server, a_slow_dump_reader_holds_no_one)
{
	double worst = 0, ms;
	int slow, fast, type, err = 1;
	__u32 idx, want = 0;

	start(0, false);
	slow = client();
	fast = client();
	request(slow, VSW_CMD_FDB_GET, true, 1);
	usleep(100000); /* the socket to the slow reader is full by now */
	for (int i = 0; i < 50; i++) {
		ms = ask_version(fast, 100 + i);
		if (ms > worst)
			worst = ms;
	}
	cr_expect_lt(worst, 100, "another client waited %.1f ms", worst);
	/* The slow reader still gets the whole dump, in order. */
	while ((type = next_msg(slow, 5000, &idx, &err)) == VSW_CMD_FDB_GET) {
		cr_assert_eq(idx, want, "message %u where %u was due", idx, want);
		want++;
	}
	cr_expect_eq(type, NLMSG_DONE, "the dump ended with %d after %u messages", type, want);
	cr_expect_eq(want, DUMP_LEN);
	close(slow);
	close(fast);
	stop();
}

/* Two hundred dumps read as fast as they come: the server makes their
 * parts a bounded number per run, so a question between them waits for
 * no more than that (without the bound, 430-650 ms here). */
static int dumpers[200];
static volatile bool draining;

static void *drain(void *arg)
{
	char buf[VSW_CTL_MSG_MAX];

	while (draining)
		for (int i = 0; i < 200; i++)
			while (recv(dumpers[i], buf, sizeof(buf), MSG_DONTWAIT) > 0)
				;
	return NULL;
}

Test(ctl_server, two_hundred_dumps_read_at_full_speed_hold_no_one)
{
	double worst = 0, ms;
	pthread_t reader;
	int fast;

	start(0, false);
	fast = client();
	for (int i = 0; i < 200; i++)
		dumpers[i] = client();
	draining = true;
	cr_assert_eq(pthread_create(&reader, NULL, drain, NULL), 0);
	for (int i = 0; i < 200; i++)
		request(dumpers[i], VSW_CMD_FDB_GET, true, i + 1);
	for (int i = 0; i < 20; i++) {
		ms = ask_version(fast, 300 + i);
		if (ms > worst)
			worst = ms;
	}
	draining = false;
	pthread_join(reader, NULL);
	/* Without the bound a question waited 430-650 ms here; the margin
	 * below that is for a machine busy with other work. */
	cr_expect_lt(worst, 250, "a question waited %.1f ms behind 200 dumps", worst);
	for (int i = 0; i < 200; i++)
		close(dumpers[i]);
	close(fast);
	stop();
}

/* In a run, the server answers the questions that came before it makes
 * the next parts of dumps whose readers have room again: a question
 * waits for no dump work at all (before: for up to a run's share). */
Test(ctl_server, a_question_goes_before_the_next_parts_of_dumps)
{
	char buf[VSW_CTL_MSG_MAX];
	int dumps[20], fast;
	unsigned int before;

	start_server(0, false, true);
	fast = client();
	for (int i = 0; i < 20; i++) {
		dumps[i] = client();
		request(dumps[i], VSW_CMD_FDB_GET, true, i + 1);
	}
	run_server(200); /* every dump started, every socket full */
	/* Room again in every dump's socket; then the question. */
	for (int i = 0; i < 20; i++)
		while (recv(dumps[i], buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
	request(fast, VSW_CMD_VERSION, false, 100);
	usleep(10000);
	before = parts_made;
	parts_at_version = 0;
	ctl_server_run(f.s);
	cr_assert_eq(next_msg(fast, 0, NULL, NULL), VSW_CMD_VERSION, "not answered in the run");
	cr_expect_eq(parts_at_version, before, "%u dump parts were made before the question "
		     "was answered", parts_at_version - before);
	cr_expect_gt(parts_made, before, "no dump had room: the test proves nothing");
	for (int i = 0; i < 20; i++)
		close(dumps[i]);
	close(fast);
	stop();
}

Test(ctl_server, a_reply_not_taken_in_time_ends_the_connection)
{
	int slow, type, got = 0;
	double t0;

	start(300, false);
	slow = client();
	request(slow, VSW_CMD_FDB_GET, true, 1);
	usleep(600000);
	/* What reached the socket before the deadline, then the end. */
	t0 = now_ms();
	while ((type = next_msg(slow, 2000, NULL, NULL)) == VSW_CMD_FDB_GET)
		got++;
	cr_expect_eq(type, -1, "after %d messages: %d, not the end of the connection", got, type);
	cr_expect_lt(got, DUMP_LEN, "the whole dump arrived");
	cr_expect_lt(now_ms() - t0, 1000);
	/* The server goes on. */
	slow = client();
	cr_expect_lt(ask_version(slow, 2), 100);
	close(slow);
	stop();
}

Test(ctl_server, a_client_that_sends_and_never_reads)
{
	int greedy, fast;
	double ms;

	start(0, false);
	greedy = client();
	fast = client();
	/* Requests for whole dumps queued at once; it reads nothing. */
	for (int i = 0; i < 20; i++)
		request(greedy, VSW_CMD_SWITCH_GET, true, i + 1);
	usleep(100000);
	ms = ask_version(fast, 100);
	cr_expect_lt(ms, 100, "another client waited %.1f ms", ms);
	close(greedy);
	ms = ask_version(fast, 101);
	cr_expect_lt(ms, 100, "after the greedy one left: %.1f ms", ms);
	close(fast);
	stop();
}

Test(ctl_server, an_ack_left_for_later_waits_and_others_go_on)
{
	int writer, fast, err = 1;

	start(0, true);
	writer = client();
	fast = client();
	request(writer, VSW_CMD_SWITCH_ADD, false, 9);
	usleep(50000);
	cr_expect_eq(next_msg(writer, 100, NULL, NULL), 0, "acked before the save");
	cr_expect_lt(ask_version(fast, 2), 100);
	f.finish_with = -ENOSPC;
	cr_assert_eq(next_msg(writer, 2000, NULL, &err), NLMSG_ERROR);
	cr_expect_eq(err, -ENOSPC, "ack with %d", err);
	/* The writer's next request is read now. */
	f.later = false;
	request(writer, VSW_CMD_SWITCH_ADD, false, 10);
	err = 1;
	cr_assert_eq(next_msg(writer, 2000, NULL, &err), NLMSG_ERROR);
	cr_expect_eq(err, 0);
	close(writer);
	close(fast);
	stop();
}

Test(ctl_server, three_hundred_clients_at_once)
{
	static int fds[300];

	start(0, false);
	for (int i = 0; i < 300; i++)
		fds[i] = client();
	for (int i = 0; i < 300; i++)
		request(fds[i], VSW_CMD_VERSION, false, i + 1);
	for (int i = 0; i < 300; i++) {
		cr_assert_eq(next_msg(fds[i], 2000, NULL, NULL), VSW_CMD_VERSION, "client %d", i);
		cr_assert_eq(next_msg(fds[i], 2000, NULL, NULL), NLMSG_ERROR, "client %d", i);
		close(fds[i]);
	}
	stop();
}
