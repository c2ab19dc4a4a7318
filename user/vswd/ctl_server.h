/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The control socket: a SOCK_SEQPACKET UNIX socket, 0660 root:GROUP.
 * Reads one request per datagram, validates it, checks the peer's
 * credentials against what the request needs, hands it to the command
 * table, and answers. Three rights, each including the ones before:
 *
 *   query    read-only commands: root, the admin group, the group
 *   operate  every other command but the admin ones: root, the admin
 *            group, the group with group_can_write
 *   admin    what the handler's admin_only() names (physical NICs,
 *            extensions): root and the admin group
 */
#ifndef VSW_CTL_SERVER_H
#define VSW_CTL_SERVER_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/netlink.h>
#include "ctl_msg.h"

struct ctl_server;

/* What the daemon plugs in. */
struct ctl_handler {
	/* Run a validated request; send dump parts with ctl_conn_send().
	 * Returns 0 or -errno (with err->msg). */
	int (*run)(void *ctx, const struct ctl_request *req, int conn_fd, struct vsw_err *err);
	/* After a change succeeded (persist it). */
	void (*changed)(void *ctx);
	/* What a validated request does that needs the admin right ("adopt
	 * a physical NIC"), or NULL. May be NULL. */
	const char *(*admin_only)(void *ctx, const struct ctl_request *req);
	void *ctx;
};

struct ctl_server_opts {
	const char *path;
	gid_t group;          /* (gid_t)-1: root only */
	bool group_can_write;
	gid_t admin_group;    /* (gid_t)-1: root only */
};

int ctl_server_open(const struct ctl_server_opts *opts, const struct ctl_handler *h,
		    struct ctl_server **out);
void ctl_server_close(struct ctl_server *s); /* accepts NULL; unlinks the path */

/* The listening fd; when it is readable call ctl_server_accept(). */
int ctl_server_fd(const struct ctl_server *s);
/* Returns a new connection fd (the caller polls it) or -errno. */
int ctl_server_accept(struct ctl_server *s);
/* Serve one request from conn. Returns 0, or -errno when the connection
 * is finished (closed by the peer or broken): the caller closes it. */
int ctl_server_serve(struct ctl_server *s, int conn);

/* Send one reply message (a dump part) on conn. */
int ctl_conn_send(int conn, const struct nlmsghdr *nlh);

#endif /* VSW_CTL_SERVER_H */
