// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>

#include "ctl_server.h"
#include "log.h"
#include "peer_cred.h"

/* Bounds on one ctl_server_run(), so the daemon's loop gets back soon. */
#define RUN_EVENTS 256      /* events handled */
#define RUN_ACCEPTS 256     /* connections accepted */
#define DUMP_PARTS 4        /* more() calls per connection per turn */
#define RUN_MSGS 256        /* dump messages made per run, all connections */
#define QUEUE_MAX (16u << 20) /* a reply bigger than this is refused */
#define TICK_MS 100         /* deadlines are checked this often */

enum { EV_LISTEN = 1, EV_TIMER, EV_CONN };

struct ctl_conn {
	struct ctl_server *s;
	int fd;
	struct ucred cred;            /* the peer, as it connected */
	__u32 events;                 /* what epoll watches for it */
	bool dead;                    /* closed; freed at the end of the run */
	/* The request being answered, and until when it may take. */
	bool busy;
	bool later;                   /* its ack waits for ctl_conn_finish() */
	__u64 deadline_ns;
	char *in;                     /* VSW_CTL_MSG_MAX bytes */
	struct ctl_request req;
	/* Reply messages not yet taken by the socket: whole messages back
	 * to back (4-byte aligned), q_off the first unsent byte. */
	char *q;
	size_t q_off, q_len, q_cap;
	/* A dump produced in parts. */
	ctl_dump_more_fn more;
	void (*release)(void *);
	void *state;
	struct ctl_conn *next, *prev;
};

struct ctl_server {
	int fd, epfd, timerfd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct ctl_server_opts opts;
	struct ctl_handler h;
	struct ctl_conn *conns;       /* open */
	struct ctl_conn *dead;        /* closed during this run */
	unsigned int nconns, nbusy;
	unsigned int run_msgs;        /* messages sent or queued in this run */
	bool listen_paused;           /* at the limit or out of fds */
	bool ticking;
};

static __u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int epoll_set(struct ctl_server *s, int op, int fd, __u32 events, __u32 kind, void *ptr)
{
	struct epoll_event ev = { .events = events };

	/* A connection by its pointer, the other two by their kind. */
	if (ptr)
		ev.data.ptr = ptr;
	else
		ev.data.u64 = kind;
	return epoll_ctl(s->epfd, op, fd, op == EPOLL_CTL_DEL ? NULL : &ev) ? -errno : 0;
}

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
	if (!s->opts.timeout_ms)
		s->opts.timeout_ms = CTL_SERVER_TIMEOUT_MS_DEFAULT;
	s->h = *h;
	s->epfd = s->timerfd = -1;
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
	/* The kernel caps the backlog at net.core.somaxconn. */
	if (!err && listen(s->fd, CTL_SERVER_MAX_CONNS))
		err = -errno;
	if (!err) {
		s->epfd = epoll_create1(EPOLL_CLOEXEC);
		s->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		if (s->epfd < 0 || s->timerfd < 0)
			err = -errno;
	}
	if (!err)
		err = epoll_set(s, EPOLL_CTL_ADD, s->fd, EPOLLIN, EV_LISTEN, NULL) ?:
		      epoll_set(s, EPOLL_CTL_ADD, s->timerfd, EPOLLIN, EV_TIMER, NULL);
	if (err) {
		pr_err("control socket '%s': %s\n", opts->path, strerror(-err));
		if (s->epfd >= 0)
			close(s->epfd);
		if (s->timerfd >= 0)
			close(s->timerfd);
		close(s->fd);
		free(s);
		return err;
	}
	s->opts.path = s->path;
	*out = s;
	return 0;
}

int ctl_server_fd(const struct ctl_server *s)
{
	return s->epfd;
}

unsigned int ctl_server_conns(const struct ctl_server *s)
{
	return s->nconns;
}

/* ---- connections ---- */

static void conn_end_dump(struct ctl_conn *c)
{
	if (c->release)
		c->release(c->state);
	c->more = NULL;
	c->release = NULL;
	c->state = NULL;
}

static void conn_close(struct ctl_conn *c)
{
	struct ctl_server *s = c->s;

	if (c->dead)
		return;
	c->dead = true;
	if (s->h.closed)
		s->h.closed(s->h.ctx, c);
	conn_end_dump(c);
	if (c->busy)
		s->nbusy--;
	c->busy = false;
	epoll_set(s, EPOLL_CTL_DEL, c->fd, 0, 0, NULL);
	close(c->fd);
	c->fd = -1;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->next = s->dead;
	s->dead = c;
	s->nconns--;
	/* A connection went: there is room to accept again. */
	if (s->listen_paused && !epoll_set(s, EPOLL_CTL_ADD, s->fd, EPOLLIN, EV_LISTEN, NULL))
		s->listen_paused = false;
}

static void conn_free_dead(struct ctl_server *s)
{
	struct ctl_conn *c;

	while ((c = s->dead)) {
		s->dead = c->next;
		free(c->in);
		free(c->q);
		free(c);
	}
}

static void conn_watch(struct ctl_conn *c, __u32 events)
{
	if (c->dead || c->events == events)
		return;
	if (epoll_set(c->s, EPOLL_CTL_MOD, c->fd, events, EV_CONN, c))
		conn_close(c);
	else
		c->events = events;
}

/* Hand queued messages to the socket while it takes them. 0, or -errno
 * when the connection is broken. */
static int conn_flush(struct ctl_conn *c)
{
	while (c->q_off < c->q_len) {
		const struct nlmsghdr *nlh = (const void *)(c->q + c->q_off);

		if (send(c->fd, nlh, nlh->nlmsg_len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
			return errno == EAGAIN ? 0 : -errno;
		c->q_off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	c->q_off = c->q_len = 0;
	return 0;
}

int ctl_conn_send(struct ctl_conn *c, const struct nlmsghdr *nlh)
{
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

	if (c->dead)
		return -EPIPE;
	c->s->run_msgs++;
	/* Nothing queued: straight to the socket if it takes it now. */
	if (c->q_len == c->q_off) {
		if (send(c->fd, nlh, nlh->nlmsg_len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			return 0;
		if (errno != EAGAIN)
			return -errno;
	}
	if (c->q_len + len > c->q_cap) {
		size_t cap = c->q_cap ? c->q_cap : 16384;
		char *q;

		/* Move what is left to the front before growing. */
		if (c->q_off) {
			memmove(c->q, c->q + c->q_off, c->q_len - c->q_off);
			c->q_len -= c->q_off;
			c->q_off = 0;
		}
		while (cap < c->q_len + len)
			cap *= 2;
		if (cap > QUEUE_MAX)
			return -ENOBUFS;
		if (cap > c->q_cap) {
			q = realloc(c->q, cap);
			if (!q)
				return -ENOMEM;
			c->q = q;
			c->q_cap = cap;
		}
	}
	memcpy(c->q + c->q_len, nlh, nlh->nlmsg_len);
	c->q_len += len;
	return 0;
}

int ctl_conn_dump_more(struct ctl_conn *c, ctl_dump_more_fn more, void (*release)(void *),
		       void *state)
{
	conn_end_dump(c);
	c->more = more;
	c->release = release;
	c->state = state;
	return 0;
}

/* The request is answered once its reply is all in the socket: then
 * read the next one. Until then wait for room in the socket. */
static void conn_settle(struct ctl_conn *c)
{
	if (c->dead)
		return;
	if (c->later && c->q_len == c->q_off) {
		conn_watch(c, 0); /* a hang-up still shows */
	} else if (c->q_len == c->q_off && !c->more) {
		if (c->busy)
			c->s->nbusy--;
		c->busy = false;
		conn_watch(c, EPOLLIN);
	} else {
		conn_watch(c, EPOLLOUT);
	}
}

int ctl_conn_push(struct ctl_conn *c, const struct nlmsghdr *nlh, size_t max)
{
	int ret;

	if (c->dead)
		return -EPIPE;
	if (c->q_len - c->q_off >= max)
		return -ENOBUFS;
	ret = ctl_conn_send(c, nlh);
	if (!ret)
		conn_settle(c); /* queued: watch for room */
	return ret;
}

static void conn_reply_end(struct ctl_conn *c, int ret, const struct vsw_err *err)
{
	char out[VSW_CTL_MSG_MAX];

	if (!ret && c->req.dump)
		ctl_done_build(out, &c->req);
	else
		ctl_ack_build(out, c->req.nlh, 0, ret, ret ? err->msg : NULL);
	if (ctl_conn_send(c, (struct nlmsghdr *)out))
		conn_close(c);
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

/* Read one request and answer it (the whole reply, or its first part). */
static void conn_serve(struct ctl_conn *c)
{
	struct ctl_server *s = c->s;
	struct vsw_err err = { "" };
	ssize_t n;
	int ret;

	n = recv(c->fd, c->in, VSW_CTL_MSG_MAX, MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0 && errno == EAGAIN)
		return;
	if (n <= 0) {
		conn_close(c);
		return;
	}
	c->busy = true;
	s->nbusy++;
	c->deadline_ns = mono_ns() + (__u64)s->opts.timeout_ms * 1000000;
	if (!s->ticking) {
		struct itimerspec its = {
			.it_interval.tv_nsec = TICK_MS * 1000000,
			.it_value.tv_nsec = TICK_MS * 1000000,
		};

		s->ticking = !timerfd_settime(s->timerfd, 0, &its, NULL);
	}
	memset(&c->req, 0, sizeof(c->req));
	if ((size_t)n > VSW_CTL_MSG_MAX) {
		c->req.nlh = (const void *)c->in;
		ret = vsw_errf(&err, -EMSGSIZE, "request of %zd bytes, the limit is %d", n,
			       VSW_CTL_MSG_MAX);
		goto ack;
	}
	ret = ctl_request_parse(c->in, n, &c->req, &err);
	if (ret)
		goto ack;
	ret = may_run(s, c->fd, &c->cred, &c->req, &err);
	if (ret) {
		pr_info("refused command %u from uid %u pid %d: %s\n", c->req.cmd, c->cred.uid,
			c->cred.pid, err.msg);
		goto ack;
	}
	if (VSW_CMD_IS_WRITE(c->req.cmd) && s->h.before_change) {
		ret = s->h.before_change(s->h.ctx, &err);
		if (ret)
			goto ack;
	}
	ret = s->h.run(s->h.ctx, &c->req, c, &err);
	if (!ret && VSW_CMD_IS_WRITE(c->req.cmd) && s->h.changed)
		ret = s->h.changed(s->h.ctx, c, &err);
	if (c->dead)
		return;
	if (!ret && c->more)
		return; /* the rest as the client reads */
	if (ret == CTL_REPLY_LATER) {
		c->later = true;
		return;
	}
ack:
	if (ret) {
		conn_end_dump(c);
		pr_debug("request failed: %s\n", err.msg);
	}
	/* No header to echo in a datagram shorter than one. */
	if ((size_t)n < sizeof(struct nlmsghdr))
		c->req.nlh = NULL;
	conn_reply_end(c, ret, &err);
}

/* Room in the socket: send what is queued, then more of a dump. */
static void conn_writable(struct ctl_conn *c)
{
	struct vsw_err err = { "" };
	int ret;

	if (conn_flush(c)) {
		conn_close(c);
		return;
	}
	/* A hundred clients starting dumps at once must not keep the others
	 * waiting: the parts made per run are bounded; epoll reports the
	 * rest writable again in the next run. */
	for (int i = 0; i < DUMP_PARTS && c->more && c->q_len == c->q_off && !c->dead &&
			c->s->run_msgs < RUN_MSGS; i++) {
		ret = c->more(c->state, c, &err);
		if (ret > 0)
			continue;
		conn_end_dump(c);
		conn_reply_end(c, ret, &err);
	}
}

void ctl_conn_finish(struct ctl_conn *c, int ret, const struct vsw_err *err)
{
	if (c->dead || !c->later)
		return;
	c->later = false;
	conn_reply_end(c, ret, err);
	if (!c->dead && conn_flush(c))
		conn_close(c);
	conn_settle(c);
}

static void conn_accept(struct ctl_server *s)
{
	for (int i = 0; i < RUN_ACCEPTS; i++) {
		struct ctl_conn *c;
		int fd;

		if (s->nconns >= CTL_SERVER_MAX_CONNS) {
			fd = -EMFILE;
		} else {
			fd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
			if (fd < 0)
				fd = -errno;
		}
		if (fd == -EAGAIN || fd == -EINTR)
			return;
		/* A listener left in epoll while accept cannot succeed would
		 * spin the loop: pause it until a connection closes. */
		if (fd == -EMFILE || fd == -ENFILE || fd == -ENOMEM || fd == -ENOBUFS) {
			if (!epoll_set(s, EPOLL_CTL_DEL, s->fd, 0, 0, NULL))
				s->listen_paused = true;
			pr_warn("control socket: %u connections, not accepting more for now (%s)\n",
				s->nconns, strerror(-fd));
			return;
		}
		if (fd < 0)
			continue; /* the peer went before we took it, and the like */
		c = calloc(1, sizeof(*c));
		if (c)
			c->in = malloc(VSW_CTL_MSG_MAX);
		if (!c || !c->in || peer_cred(fd, &c->cred) ||
		    epoll_set(s, EPOLL_CTL_ADD, fd, EPOLLIN, EV_CONN, c)) {
			if (c)
				free(c->in);
			free(c);
			close(fd);
			continue;
		}
		c->s = s;
		c->fd = fd;
		c->events = EPOLLIN;
		c->next = s->conns;
		if (s->conns)
			s->conns->prev = c;
		s->conns = c;
		s->nconns++;
	}
}

/* Clients that have not taken their reply in time lose the connection. */
static void check_deadlines(struct ctl_server *s)
{
	__u64 now = mono_ns(), ticks;
	struct ctl_conn *c, *next;

	if (read(s->timerfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		return;
	for (c = s->conns; c; c = next) {
		next = c->next;
		if (!c->busy || now < c->deadline_ns)
			continue;
		pr_warn("control client pid %d uid %u: %s not read within %g s (%zu bytes waiting%s), "
			"disconnected\n", c->cred.pid, c->cred.uid,
			c->req.dump ? "dump" : "reply", s->opts.timeout_ms / 1000.0,
			c->q_len - c->q_off, c->more ? ", more to come" : "");
		conn_close(c);
	}
	if (!s->nbusy && s->ticking) {
		struct itimerspec off = { 0 };

		timerfd_settime(s->timerfd, 0, &off, NULL);
		s->ticking = false;
	}
}

void ctl_server_run(struct ctl_server *s)
{
	struct epoll_event evs[RUN_EVENTS];
	int n = epoll_wait(s->epfd, evs, RUN_EVENTS, 0);

	s->run_msgs = 0;
	/* Requests first, then the dumps' next parts: a question waits for
	 * at most one run's bounded share of dumps, never for all of them. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n; i++) {
			struct ctl_conn *c;
			bool out = evs[i].events & EPOLLOUT;

			if (evs[i].data.u64 == EV_LISTEN || evs[i].data.u64 == EV_TIMER) {
				if (pass)
					continue;
				if (evs[i].data.u64 == EV_LISTEN)
					conn_accept(s);
				else
					check_deadlines(s);
				continue;
			}
			c = evs[i].data.ptr;
			if (c->dead || out != (pass == 1))
				continue;
			if (out)
				conn_writable(c);
			else if (evs[i].events & EPOLLIN)
				conn_serve(c);
			else if (evs[i].events & (EPOLLHUP | EPOLLERR))
				conn_close(c);
			conn_settle(c);
		}
	}
	conn_free_dead(s);
}

void ctl_server_close(struct ctl_server *s)
{
	if (!s)
		return;
	while (s->conns)
		conn_close(s->conns);
	conn_free_dead(s);
	close(s->timerfd);
	close(s->epfd);
	close(s->fd);
	unlink(s->path);
	free(s);
}
