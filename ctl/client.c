// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The vswd client library (client.h): requests built with libmnl, replies
 * read one datagram at a time and checked before anything in them is
 * believed, since the peer is another program.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <libmnl/libmnl.h>

#include "client.h"
#include "ctl_attr.h"
#include "vsw_consts.h"

struct vsw_client {
	int fd;
	__u32 seq;
	bool pending;  /* a request was started and not sent yet */
	int broken;    /* the protocol error that made the connection unusable */
	char errmsg[256];
	/* __u64 for the alignment nlmsghdr and the u64 attributes want */
	__u64 req[VSW_CTL_MSG_MAX / sizeof(__u64)];
	__u64 rep[VSW_CAPTURE_MSG_MAX / sizeof(__u64)]; /* a captured frame's is the largest */
};

__attribute__((format(printf, 2, 3)))
static void set_errmsg(struct vsw_client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->errmsg, sizeof(c->errmsg), fmt, ap);
	va_end(ap);
}

/* A reply that breaks the protocol: describe it, and stop using the
 * connection (what follows in it cannot be matched to anything). */
__attribute__((format(printf, 3, 4)))
static int proto_err(struct vsw_client *c, int err, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	set_errmsg(c, "bad reply from vswd: %s", what);
	c->broken = err;
	return err;
}

int vsw_client_from_fd(int fd, struct vsw_client **out)
{
	struct vsw_client *c;

	*out = NULL;
	if (fd < 0)
		return -EBADF;
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return -ENOMEM;
	}
	c->fd = fd;
	/* Different from one run to the next, so a reply that belongs to
	 * another connection's request is not mistaken for ours. */
	c->seq = (__u32)getpid() << 16;
	*out = c;
	return 0;
}

int vsw_client_open(const char *socket_path, struct vsw_client **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = socket_path ? socket_path : VSW_CTL_SOCKET_DEFAULT;
	int fd, err;

	*out = NULL;
	if (!*path)
		return -EINVAL;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return vsw_client_from_fd(fd, out);
}

void vsw_client_close(struct vsw_client *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c);
}

const char *vsw_client_errmsg(const struct vsw_client *c)
{
	return c ? c->errmsg : "";
}

__u32 vsw_client_seq(const struct vsw_client *c)
{
	return c->seq;
}

struct nlmsghdr *vsw_client_req(struct vsw_client *c, __u16 cmd, bool dump)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(c->req);

	nlh->nlmsg_type = cmd;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	nlh->nlmsg_seq = ++c->seq;
	nlh->nlmsg_pid = 0;
	c->pending = true;
	c->errmsg[0] = '\0';
	return nlh;
}

/* A NUL-terminated string of 1..max-1 characters (max 0: no limit). */
static bool str_ok(const struct nlattr *a, size_t max)
{
	const char *s = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a), n;

	if (len == 0)
		return false;
	n = strnlen(s, len);
	return n < len && n > 0 && (!max || n < max);
}

/* A reply attribute: its shape as include/vsw_ctl.h lists it (the same
 * check vswd runs on requests, values aside); one this client does not
 * know (a newer daemon's) is skipped. */
static int reply_attr(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(a);

	if (!vsw_attr_info(type))
		return 0;
	if (tb[type] || vsw_attr_check(a, false, NULL))
		return -EINVAL;
	tb[type] = a;
	return 0;
}

int vsw_reply_parse(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	memset(tb, 0, (VSW_A_MAX + 1) * sizeof(*tb));
	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		return -EINVAL;
	return vsw_attr_walk(mnl_nlmsg_get_payload(nlh), nlh->nlmsg_len - NLMSG_HDRLEN, reply_attr,
			 tb) ? -EINVAL : 0;
}

/* Extended-ack TLVs: keep the human message, ignore the others. */
static int ack_attr(const struct nlattr *a, void *data)
{
	struct vsw_client *c = data;

	if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG)
		return 0;
	if (!str_ok(a, 0) && mnl_attr_get_payload_len(a) != 1)
		return -EINVAL;
	snprintf(c->errmsg, sizeof(c->errmsg), "%s", mnl_attr_get_str(a));
	return 0;
}

static int ack_tlvs(struct vsw_client *c, const struct nlmsghdr *nlh, size_t hlen)
{
	size_t plen = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	hlen = NLMSG_ALIGN(hlen);
	if (hlen > plen)
		return proto_err(c, -EBADMSG, "acknowledgement TLVs start past its end");
	if (vsw_attr_walk((const char *)mnl_nlmsg_get_payload(nlh) + hlen, plen - hlen, ack_attr, c))
		return proto_err(c, -EBADMSG, "malformed acknowledgement TLVs");
	return 0;
}

/* NLMSG_ERROR: the end of every reply but a successful dump's. */
static int parse_ack(struct vsw_client *c, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t plen = nlh->nlmsg_len - NLMSG_HDRLEN, hlen = sizeof(*e);
	int ret;

	if (plen < sizeof(*e))
		return proto_err(c, -EBADMSG, "acknowledgement of %zu bytes, %zu expected", plen,
				 sizeof(*e));
	if (e->error > 0 || e->error < -4095)
		return proto_err(c, -EBADMSG, "error code %d is not a -errno", e->error);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		/* The request is echoed whole: the TLVs follow it. */
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return proto_err(c, -EBADMSG, "echoed request of %u bytes",
					 e->msg.nlmsg_len);
		hlen += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	ret = ack_tlvs(c, nlh, hlen);
	return ret ? ret : e->error;
}

/* NLMSG_DONE: payload int 0 (or, as the kernel does when a dump fails
 * half-way, a -errno followed by extended-ack TLVs). */
static int parse_done(struct vsw_client *c, const struct nlmsghdr *nlh)
{
	size_t plen = nlh->nlmsg_len - NLMSG_HDRLEN;
	int err = 0, ret;

	if (plen == 0)
		return 0;
	if (plen < sizeof(int))
		return proto_err(c, -EBADMSG, "NLMSG_DONE of %zu bytes", plen);
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err > 0 || err < -4095)
		return proto_err(c, -EBADMSG, "NLMSG_DONE with code %d", err);
	ret = ack_tlvs(c, nlh, sizeof(int));
	return ret ? ret : err;
}

/* Read one datagram and check its framing: one whole message, ours.
 * Returns its length or a -errno. */
static int recv_msg(struct vsw_client *c)
{
	const struct nlmsghdr *req = (const struct nlmsghdr *)c->req;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)c->rep;
	ssize_t max = req->nlmsg_type == VSW_CMD_CAPTURE ? VSW_CAPTURE_MSG_MAX : VSW_CTL_MSG_MAX;
	ssize_t n;

	do
		n = recv(c->fd, c->rep, sizeof(c->rep), MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = -errno;

		set_errmsg(c, "cannot read the reply of vswd");
		return err;
	}
	if (n == 0) {
		set_errmsg(c, "vswd closed the connection before its reply ended");
		return c->broken = -ECONNRESET;
	}
	if (n > max)
		return proto_err(c, -EBADMSG, "message of %zd bytes, the maximum is %zd", n, max);
	if ((size_t)n < sizeof(*nlh))
		return proto_err(c, -EBADMSG, "message of %zd bytes, shorter than its header", n);
	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > n)
		return proto_err(c, -EBADMSG, "header says %u bytes, the datagram has %zd",
				 nlh->nlmsg_len, n);
	if (NLMSG_ALIGN(nlh->nlmsg_len) < n)
		return proto_err(c, -EBADMSG, "%zd bytes after the message (one per datagram)",
				 n - (ssize_t)NLMSG_ALIGN(nlh->nlmsg_len));
	if (nlh->nlmsg_seq != c->seq)
		return proto_err(c, -EPROTO, "message for request %u, %u expected",
				 nlh->nlmsg_seq, c->seq);
	return n;
}

int vsw_client_call(struct vsw_client *c, vsw_reply_fn fn, void *ctx)
{
	const struct nlmsghdr *req = (const struct nlmsghdr *)c->req;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)c->rep;
	bool dump = req->nlmsg_flags & NLM_F_DUMP, stopped = !fn;
	int fn_err = 0, ret;
	ssize_t n;

	if (c->broken) {
		set_errmsg(c, "connection to vswd unusable after a bad reply");
		return -ENOTCONN;
	}
	if (!c->pending)
		return -EINVAL;
	c->pending = false;
	if (req->nlmsg_len > VSW_CTL_MSG_MAX)
		return -EMSGSIZE;

	do
		n = send(c->fd, req, req->nlmsg_len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		ret = -errno;
		set_errmsg(c, "cannot send the request to vswd");
		return ret;
	}
	if (n != req->nlmsg_len)
		return proto_err(c, -EIO, "request sent in part");

	for (;;) {
		ret = recv_msg(c);
		if (ret < 0)
			return ret;
		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
			continue;
		case NLMSG_ERROR:
			ret = parse_ack(c, nlh);
			return fn_err ? fn_err : ret;
		case NLMSG_DONE:
			if (!dump)
				return proto_err(c, -EPROTO, "NLMSG_DONE answers no dump");
			ret = parse_done(c, nlh);
			return fn_err ? fn_err : ret;
		default:
			if (nlh->nlmsg_type != req->nlmsg_type)
				return proto_err(c, -EPROTO, "message type %u, %u expected",
						 nlh->nlmsg_type, req->nlmsg_type);
			if (stopped)
				continue;
			ret = fn(nlh, ctx);
			if (ret) {
				stopped = true;
				fn_err = ret < 0 ? ret : 0;
			}
		}
	}
}

int vsw_client_next(struct vsw_client *c, int timeout_ms, vsw_reply_fn fn, void *ctx)
{
	const struct nlmsghdr *req = (const struct nlmsghdr *)c->req;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)c->rep;
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	int ret;

	if (c->broken) {
		set_errmsg(c, "connection to vswd unusable after a bad reply");
		return -ENOTCONN;
	}
	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0 && errno != EINTR)
		return -errno;
	if (ret <= 0)
		return 0; /* nothing yet, or a signal: the caller looks at its flags */
	ret = recv_msg(c);
	if (ret < 0)
		return ret;
	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		return 0;
	case NLMSG_ERROR:
		ret = parse_ack(c, nlh);
		return ret ? ret : proto_err(c, -EPROTO, "a second acknowledgement");
	default:
		if (nlh->nlmsg_type != req->nlmsg_type)
			return proto_err(c, -EPROTO, "message type %u, %u expected",
					 nlh->nlmsg_type, req->nlmsg_type);
		ret = fn(nlh, ctx);
		return ret < 0 ? ret : 1;
	}
}
