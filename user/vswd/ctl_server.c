// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "ctl_server.h"
#include "log.h"
#include "peer_cred.h"

struct ctl_server {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct ctl_server_opts opts;
	struct ctl_handler h;
};

static int mkdir_parent(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int ctl_server_open(const struct ctl_server_opts *opts, const struct ctl_handler *h,
		    struct ctl_server **out)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ctl_server *s;
	int err;

	if (strlen(opts->path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->opts = *opts;
	s->h = *h;
	snprintf(s->path, sizeof(s->path), "%s", opts->path);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", opts->path);
	s->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd < 0) {
		err = -errno;
		free(s);
		return err;
	}
	err = mkdir_parent(opts->path);
	/* A socket file left by a vswd that died is ours to replace. */
	if (!err)
		unlink(opts->path);
	if (!err && bind(s->fd, (struct sockaddr *)&sun, sizeof(sun)))
		err = -errno;
	/* The socket's group: the operators', or the admins' when alone. */
	if (!err && (chown(opts->path, 0, opts->group != (gid_t)-1 ? opts->group :
			   opts->admin_group) || chmod(opts->path, 0660)))
		err = -errno;
	if (!err && listen(s->fd, 16))
		err = -errno;
	if (err) {
		pr_err("control socket '%s': %s\n", opts->path, strerror(-err));
		close(s->fd);
		free(s);
		return err;
	}
	s->opts.path = s->path;
	*out = s;
	return 0;
}

void ctl_server_close(struct ctl_server *s)
{
	if (!s)
		return;
	close(s->fd);
	unlink(s->path);
	free(s);
}

int ctl_server_fd(const struct ctl_server *s)
{
	return s->fd;
}

int ctl_server_accept(struct ctl_server *s)
{
	struct timeval tv = { .tv_sec = 2 };
	int fd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* A client that stops reading cannot hold the daemon for long. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

int ctl_conn_send(int conn, const struct nlmsghdr *nlh)
{
	return send(conn, nlh, nlh->nlmsg_len, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

enum right { RIGHT_NONE, RIGHT_QUERY, RIGHT_OPERATE, RIGHT_ADMIN };

static enum right peer_right(const struct ctl_server *s, int conn, const struct ucred *cred)
{
	if (cred->uid == 0 || peer_in_group(conn, cred, s->opts.admin_group))
		return RIGHT_ADMIN;
	if (!peer_in_group(conn, cred, s->opts.group))
		return RIGHT_NONE;
	return s->opts.group_can_write ? RIGHT_OPERATE : RIGHT_QUERY;
}

/* 0, or -EPERM with the reason in err. */
static int may_run(const struct ctl_server *s, int conn, const struct ucred *cred,
		   const struct ctl_request *req, struct vsw_err *err)
{
	enum right have = peer_right(s, conn, cred);
	const char *admin = s->h.admin_only ? s->h.admin_only(s->h.ctx, req) : NULL;

	if (admin && have < RIGHT_ADMIN)
		return vsw_errf(err, -EPERM, "uid %u may not %s (root or vswd --admin-group only)",
				cred->uid, admin);
	if (VSW_CMD_IS_WRITE(req->cmd) && have < RIGHT_OPERATE)
		return vsw_errf(err, -EPERM, "uid %u may not change the switch (vswd --group, "
				"--group-can-write)", cred->uid);
	if (have < RIGHT_QUERY)
		return vsw_errf(err, -EPERM, "uid %u may not query the switch (vswd --group)",
				cred->uid);
	return 0;
}

int ctl_server_serve(struct ctl_server *s, int conn)
{
	static char in[VSW_CTL_MSG_MAX], out[VSW_CTL_MSG_MAX];
	struct ctl_request req;
	struct vsw_err err = { "" };
	struct ucred cred;
	ssize_t n;
	int ret;

	n = recv(conn, in, sizeof(in), MSG_TRUNC | MSG_DONTWAIT);
	if (n == 0)
		return -ECONNRESET;
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	ret = peer_cred(conn, &cred);
	if (ret)
		return ret;
	if ((size_t)n > sizeof(in)) {
		ret = vsw_errf(&err, -EMSGSIZE, "request of %zd bytes, the limit is %d", n,
			       VSW_CTL_MSG_MAX);
		goto ack;
	}
	ret = ctl_request_parse(in, n, &req, &err);
	if (ret)
		goto ack;
	ret = may_run(s, conn, &cred, &req, &err);
	if (ret) {
		pr_info("refused command %u from uid %u pid %d: %s\n", req.cmd, cred.uid, cred.pid,
			err.msg);
		goto ack;
	}
	ret = s->h.run(s->h.ctx, &req, conn, &err);
	if (!ret && VSW_CMD_IS_WRITE(req.cmd) && s->h.changed)
		s->h.changed(s->h.ctx);
	if (!ret && req.dump) {
		ctl_done_build(out, &req);
		return ctl_conn_send(conn, (struct nlmsghdr *)out) ? -EPIPE : 0;
	}
ack:
	if (ret)
		pr_debug("request failed: %s\n", err.msg);
	ctl_ack_build(out, (size_t)n >= sizeof(struct nlmsghdr) ? (void *)in : NULL, 0, ret,
		      ret ? err.msg : NULL);
	return ctl_conn_send(conn, (struct nlmsghdr *)out) ? -EPIPE : 0;
}
