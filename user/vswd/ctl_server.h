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
 *
 * The server never waits for a client. It owns its connections and
 * watches them in an epoll set of its own, whose fd the daemon's loop
 * watches (ctl_server_fd()); each ctl_server_run() does a bounded amount
 * of work. Replies go into a per-connection queue that drains as the
 * client reads; a connection with a reply queued is not read from, so a
 * client that sends and never reads holds nothing but its own queue. A
 * dump too large to queue at once is produced in parts as the client
 * reads (ctl_conn_dump_more()). A reply not taken by its client within
 * the timeout (opts.timeout_ms, counted from the request) ends the
 * connection, with the reason in the log.
 */
#ifndef VSW_CTL_SERVER_H
#define VSW_CTL_SERVER_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/netlink.h>
#include "ctl_msg.h"

struct ctl_server;
struct ctl_conn; /* one client's connection */

/* What the daemon plugs in. */
struct ctl_handler {
	/* Before a change is run (write commands only): may refuse it
	 * with -errno and err->msg, before anything changed. NULL: none. */
	int (*before_change)(void *ctx, struct vsw_err *err);
	/* Run a validated request; send replies with ctl_conn_send().
	 * Returns 0 or -errno (with err->msg). */
	int (*run)(void *ctx, const struct ctl_request *req, struct ctl_conn *conn,
		   struct vsw_err *err);
	/* After a change succeeded (persist it). Returns 0 (ack it now),
	 * -errno with err->msg (the ack says so), or CTL_REPLY_LATER: the
	 * daemon answers with ctl_conn_finish() once the change is saved;
	 * until then nothing more is read from conn. */
	int (*changed)(void *ctx, struct ctl_conn *conn, struct vsw_err *err);
	/* A connection is gone (captures it owned stop). NULL: none. */
	void (*closed)(void *ctx, struct ctl_conn *conn);
	/* What a validated request does that needs the admin right ("adopt
	 * a physical NIC"), or NULL. May be NULL. */
	const char *(*admin_only)(void *ctx, const struct ctl_request *req);
	void *ctx;
};

/* Connections served at once; more wait in the listen backlog. */
#define CTL_SERVER_MAX_CONNS 1024
/* Default time a client has to take a whole reply (dump included). */
#define CTL_SERVER_TIMEOUT_MS_DEFAULT 10000

struct ctl_server_opts {
	const char *path;
	gid_t group;          /* (gid_t)-1: root only */
	bool group_can_write;
	unsigned int timeout_ms; /* 0: CTL_SERVER_TIMEOUT_MS_DEFAULT */
	gid_t admin_group;    /* (gid_t)-1: root only */
};

int ctl_server_open(const struct ctl_server_opts *opts, const struct ctl_handler *h,
		    struct ctl_server **out);
/* Closes every connection (calling h.closed) and the socket; unlinks
 * the path. Accepts NULL. */
void ctl_server_close(struct ctl_server *s);

/* An epoll fd: when it is readable, call ctl_server_run(). */
int ctl_server_fd(const struct ctl_server *s);
/* Accept, read, run and answer what is ready, a bounded amount of it;
 * the fd stays readable while work is left. */
void ctl_server_run(struct ctl_server *s);
/* Connections open now. */
unsigned int ctl_server_conns(const struct ctl_server *s);

#define CTL_REPLY_LATER 1

/* Answer conn's request whose reply was left for later: the ack, with
 * ret (0 or -errno) and err->msg. */
void ctl_conn_finish(struct ctl_conn *conn, int ret, const struct vsw_err *err);

/* Queue one reply message (a dump part) on conn. 0 or -errno. */
int ctl_conn_send(struct ctl_conn *conn, const struct nlmsghdr *nlh);

/* A message outside any reply, which may be lost (a capture's frames,
 * after the capture's ack): queued behind what waits unless max bytes or
 * more wait already, then dropped: -ENOBUFS. No deadline applies: a
 * client that reads slowly loses such messages, not the connection.
 * 0 or -errno. */
int ctl_conn_push(struct ctl_conn *conn, const struct nlmsghdr *nlh, size_t max);

/*
 * The rest of a dump, produced in parts: after run() returns 0, the
 * server calls more(state, conn, err) each time conn's queue has
 * drained; more() queues a part with ctl_conn_send() and returns > 0
 * while there is more, 0 when done (the server then sends DONE), or
 * -errno with err->msg (an error ack ends the dump). release(state) is
 * called once, when the dump ends or the connection goes. Returns 0 or
 * -ENOMEM (release was called).
 */
typedef int (*ctl_dump_more_fn)(void *state, struct ctl_conn *conn, struct vsw_err *err);
int ctl_conn_dump_more(struct ctl_conn *conn, ctl_dump_more_fn more, void (*release)(void *),
		       void *state);

#endif /* VSW_CTL_SERVER_H */
