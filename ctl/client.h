/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The vswd client library: one connection to the control socket, one
 * request at a time (include/vsw_ctl.h is the protocol).
 *
 *	struct vsw_client *c;
 *	struct nlmsghdr *nlh;
 *	int err = vsw_client_open(NULL, &c);
 *
 *	nlh = vsw_client_req(c, VSW_CMD_PORT_DEL, false);
 *	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
 *	err = vsw_client_call(c, NULL, NULL);
 *	if (err)
 *		fprintf(stderr, "%s (%s)\n", vsw_client_errmsg(c), strerror(-err));
 *	vsw_client_close(c);
 *
 * Every function returns 0 or a negative errno. Errors of the daemon come
 * back as its -errno with its message in vsw_client_errmsg(); a reply that
 * breaks the protocol is -EBADMSG (malformed) or -EPROTO (not the reply
 * expected), with a description in vsw_client_errmsg(), and leaves the
 * connection unusable: later calls fail with -ENOTCONN.
 */
#ifndef VSW_CLIENT_H
#define VSW_CLIENT_H

#include <stdbool.h>
#include <linux/types.h>
#include <linux/netlink.h>
#include "vsw_ctl.h"

struct vsw_client;

/* Connect a SOCK_SEQPACKET AF_UNIX socket to socket_path (NULL:
 * VSW_CTL_SOCKET_DEFAULT). -ENAMETOOLONG if the path does not fit. */
int vsw_client_open(const char *socket_path, struct vsw_client **out);

/* A client over an fd that is already connected (a socketpair end in
 * tests, a socket passed by a supervisor). The client owns fd from then
 * on, also when this fails. */
int vsw_client_from_fd(int fd, struct vsw_client **out);

/* Close the socket and free the client. Accepts NULL. */
void vsw_client_close(struct vsw_client *c);

/* Start a request in the client's buffer: nlmsg_type = cmd, flags
 * NLM_F_REQUEST | NLM_F_ACK (| NLM_F_DUMP when dump), a new sequence
 * number. Add attributes with mnl_attr_put_*(); the buffer holds
 * VSW_CTL_MSG_MAX bytes, so use mnl_attr_put_*_check() for anything
 * unbounded. Also clears the error message. */
struct nlmsghdr *vsw_client_req(struct vsw_client *c, __u16 cmd, bool dump);

/* Called once per data message of the reply (type = the request's cmd):
 * each object of a dump, the one reply of VSW_CMD_VERSION. Return 0 to
 * go on, > 0 to stop (vsw_client_call() then returns 0), < 0 to stop and
 * fail with that error. After a stop the rest of the reply is read and
 * dropped, so the connection stays usable. */
typedef int (*vsw_reply_fn)(const struct nlmsghdr *nlh, void *ctx);

/* Send the request started by vsw_client_req() and read the reply up to
 * its end: the ack (NLMSG_ERROR) of a plain request, NLMSG_DONE (or an
 * NLMSG_ERROR) of a dump. fn may be NULL: data messages are then read and
 * dropped. Returns 0, the daemon's -errno (its NLMSGERR_ATTR_MSG copied
 * into the error message), fn's error, or a local/protocol error. */
int vsw_client_call(struct vsw_client *c, vsw_reply_fn fn, void *ctx);

/* A request whose reply goes on after its ack (VSW_CMD_CAPTURE: one
 * message per frame until the connection closes): wait up to timeout_ms
 * for its next message and hand it to fn. Returns 1 when fn had one (or
 * fn's error), 0 when none came in time or a signal interrupted the
 * wait, -ECONNRESET when vswd closed the connection, or another -errno. */
int vsw_client_next(struct vsw_client *c, int timeout_ms, vsw_reply_fn fn, void *ctx);

/* The daemon's message about the last call (also a warning it sent with
 * a successful ack), or a description of a protocol error; "" when none. */
const char *vsw_client_errmsg(const struct vsw_client *c);

/* The sequence number of the request being built or last sent. */
__u32 vsw_client_seq(const struct vsw_client *c);

/*
 * Parse a reply's attributes (right after the nlmsghdr) into
 * tb[VSW_A_MAX + 1], NULL where absent, each checked against its kind in
 * include/vsw_ctl.h's list (user/common/ctl_attr.h, the check vswd runs
 * on requests): strings NUL-terminated (names at most 15 characters),
 * integers and flags exactly their size, VSW_A_MAC 6 bytes, VID sets 512
 * bytes, VSW_A_STATS a nest of u64 counters. Attributes this client does
 * not know (a newer daemon's) are skipped; a repeated one, or one
 * overrunning the message, is an error. Returns 0 or -EINVAL.
 */
int vsw_reply_parse(const struct nlmsghdr *nlh, const struct nlattr **tb);

#endif /* VSW_CLIENT_H */
