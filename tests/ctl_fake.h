/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A fake vswd for the client tests (test_client.c) and vswctl's
 * (test_vswctl.c, tests/vswctl/): it reads what the other side sends and
 * writes back acks, dumps and broken replies, built with libmnl as the
 * daemon builds them.
 *
 * The client library's tests hold the other end of a socketpair in
 * `peer`. vswctl's run the real build/vswctl against a listener on a
 * socket path of their own:
 *
 *	struct fake f;
 *
 *	fake_start(&f, "port del p1 force");       listen, run vswctl
 *	fake_accept(&f, VSW_CMD_PORT_DEL);         its request, in f.at
 *	fake_ack(&f, -ENOENT, "no such port");
 *	cr_assert_eq(fake_finish(&f), 1);          hang up, wait; f.out
 */
#ifndef VSW_TEST_CTL_FAKE_H
#define VSW_TEST_CTL_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <libmnl/libmnl.h>
#include "vsw_ctl.h"

/* The fake daemon's end of the connection. */
extern int peer;

/* A reply message, built in the fake's own buffer. */
struct nlmsghdr *reply(__u16 type, __u16 flags, __u32 seq);
void peer_send(const void *buf, size_t len);
void send_nlh(const struct nlmsghdr *nlh);
/* The ack vswd sends: capped, the request header echoed, a message. */
void send_ack(__u32 seq, __u16 cmd, int error, const char *msg);
void send_done(__u32 seq);
/* Read the request the other side sent; returns it in buf. */
const struct nlmsghdr *peer_recv(void *buf, size_t size);

/* A request's attributes, each at most once. */
struct attrs {
	const struct nlattr *tb[VSW_A_MAX + 1];
	int count;
};
void request_attrs(const struct nlmsghdr *req, struct attrs *at);

/* ---- vswctl against a fake vswd on a socket path ---- */

struct fake {
	char dir[32];
	char path[108];
	int listener;
	void *pipe;              /* vswctl's stdout and stderr (FILE *) */
	char out[4096];          /* ... once it exited */
	__u64 buf[VSW_CTL_MSG_MAX / 8];
	const struct nlmsghdr *req; /* the request being answered */
	struct attrs at;         /* and its attributes */
};

/* Listen on a new socket path and run vswctl -s PATH args. */
void fake_start(struct fake *f, const char *args);
/* Run vswctl once more against the same listener. */
void fake_rerun(struct fake *f, const char *args);
/* Accept vswctl's connection and read its first request, of type cmd. */
void fake_accept(struct fake *f, __u16 cmd);
/* Read its next request on the same connection, of type cmd. */
void fake_next(struct fake *f, __u16 cmd);
/* Answer the request: an ack, a NLMSG_DONE. */
void fake_ack(struct fake *f, int error, const char *msg);
void fake_done(struct fake *f);
/* Hang up, wait for vswctl and return its exit status (output in
 * f->out); the listener stays for fake_rerun(). */
int fake_wait(struct fake *f);
/* fake_wait(), then remove the socket. */
int fake_finish(struct fake *f);

/* Run vswctl with no daemon; returns its exit status, output in out. */
int vswctl_alone(const char *args, char out[4096]);
/* A usage error: exit status 2 with exactly this output, nothing sent. */
void expect_usage_error(const char *args, const char *out);

/* A port reply as vswd sends it: counters 7/700/3/300, one flood, and
 * drop reason r counted r times. vids NULL: none; nic NULL: none. */
void send_full_port(__u32 seq, const char *name, __u8 mode, __u16 pvid, const char *vids,
		    bool up, const char *nic);

#endif /* VSW_TEST_CTL_FAKE_H */
