// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ctl-load: many clients of one vswd at once, for the control plane's
 * soak scenario (selftests/soak/ctl_load.sh).
 *
 *   fast clients  ask in turn for the version, every switch, one port
 *                 and every NIC, one request every 20..120 ms each, and
 *                 time each request from its send to the last message of
 *                 its reply (the ack, or a dump's DONE);
 *   slow clients  ask for SWITCH's FDB dump, then read one message of it
 *                 every -r milliseconds: vswd must neither wait for them
 *                 nor let them hold it;
 *   a writer      changes ports without a pause: for i = 1, 2, ...
 *                 port add wI (access VID 2 + I % 100), port set wI
 *                 (access VID 200 + I % 100), for even I port del wI,
 *                 and once WRITER_KEEP odd ports stand, the oldest odd
 *                 one is deleted for each new one, so that a fast run
 *                 stays under the switch's port limit (w: -n PREFIX);
 *                 it prints what every change together must have left
 *                 (writer_expect w1=201 w3=203 ...).
 *
 * Every client connects at the start, at once, with a non-blocking
 * connect (retried while the listen backlog is full). One thread, one
 * epoll loop: what it measures is vswd's answer time plus this loop's
 * wake-up, which is microseconds. Prints key=value lines (see main()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "vsw_ctl.h"
#include "vsw_structs.h"

enum role { FAST, SLOW, WRITER };

struct client {
	enum role role;
	int fd;
	bool busy;          /* a request is out, its reply not complete */
	bool gone;          /* vswd closed the connection */
	bool done;          /* slow: the dump's DONE arrived */
	double sent_at;     /* when the pending request went out */
	double next_at;     /* when to send (fast) or read (slow) next */
	double gone_at;
	unsigned int turn;  /* fast: which request next; writer: step */
	unsigned long msgs; /* slow: messages read */
	int err;            /* last error code of an ack */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	double give_up = now_ms() + 10000;
	int fd;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			return -errno;
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			return fd;
		close(fd);
		/* A full backlog: vswd has not accepted enough yet. */
		if (errno != EAGAIN || now_ms() > give_up)
			return -errno;
		usleep(1000);
	}
}

static __u32 seq;

static struct nlmsghdr *req_start(char *buf, __u16 cmd, bool dump)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = cmd;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	nlh->nlmsg_seq = ++seq;
	return nlh;
}

static int req_send(struct client *c, struct nlmsghdr *nlh)
{
	if (send(c->fd, nlh, nlh->nlmsg_len, MSG_NOSIGNAL) < 0)
		return -errno;
	c->busy = true;
	c->sent_at = now_ms();
	return 0;
}

/* Odd ports the writer leaves standing at most: well under VSW_MAX_PORTS
 * (1,024), which a quiet machine's run would otherwise reach (a port add
 * refused with ENOSPC is not what the scenario measures). */
#define WRITER_KEEP 400

/* The writer's step s: which change of which port (what: 0 add, 1 set,
 * 2 del). Six steps per pair of ports: add and set the odd one; add, set
 * and delete the even one; then delete the odd port WRITER_KEEP pairs
 * back, or (in the first WRITER_KEEP pairs) set this odd one again. */
static void writer_step(unsigned int s, unsigned int *i, int *what)
{
	unsigned int pair = s / 6, r = s % 6;

	if (r < 2) {
		*i = 2 * pair + 1;
		*what = r;
	} else if (r < 5) {
		*i = 2 * pair + 2;
		*what = r - 2;
	} else if (pair >= WRITER_KEEP) {
		*i = 2 * (pair - WRITER_KEEP) + 1;
		*what = 2;
	} else {
		*i = 2 * pair + 1;
		*what = 1;
	}
}

static const char *sw_name, *port_name, *prefix = "w";

static int send_next(struct client *c)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh;
	char name[VSW_NAME_MAX];
	unsigned int i;
	int what;

	switch (c->role) {
	case FAST:
		switch (c->turn++ % 4) {
		case 0:
			nlh = req_start(buf, VSW_CMD_VERSION, false);
			break;
		case 1:
			nlh = req_start(buf, VSW_CMD_SWITCH_GET, true);
			break;
		case 2:
			nlh = req_start(buf, VSW_CMD_PORT_GET, true);
			mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, port_name);
			break;
		default:
			nlh = req_start(buf, VSW_CMD_NIC_GET, true);
			break;
		}
		return req_send(c, nlh);
	case SLOW:
		nlh = req_start(buf, VSW_CMD_FDB_GET, true);
		mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw_name);
		return req_send(c, nlh);
	case WRITER:
		writer_step(c->turn, &i, &what);
		snprintf(name, sizeof(name), "%s%u", prefix, i);
		if (what == 0) {
			nlh = req_start(buf, VSW_CMD_PORT_ADD, false);
			mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw_name);
			mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
			mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 2 + i % 100);
		} else if (what == 1) {
			nlh = req_start(buf, VSW_CMD_PORT_SET, false);
			mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
			mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 200 + i % 100);
		} else {
			nlh = req_start(buf, VSW_CMD_PORT_DEL, false);
		}
		mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, name);
		return req_send(c, nlh);
	}
	return -EINVAL;
}

/* Latencies of completed requests, for percentiles. */
struct lat {
	double *v;
	size_t n, cap;
	unsigned long over;
};

static void lat_add(struct lat *l, double ms, double limit)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4096;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	l->v[l->n++] = ms;
	if (ms > limit)
		l->over++;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double lat_pct(struct lat *l, double p)
{
	if (!l->n)
		return 0;
	qsort(l->v, l->n, sizeof(*l->v), cmp_double);
	return l->v[(size_t)((l->n - 1) * p)];
}

struct totals {
	struct lat fast, writer;
	unsigned long fast_errors, writer_errors, writer_done;
	int writer_last_err;
};

/* Read what is there for c. Returns true when its request completed. */
static bool on_readable(struct client *c, struct totals *t, double limit, bool one)
{
	static char buf[VSW_CTL_MSG_MAX * 2];
	bool complete = false;

	for (;;) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		const struct nlmsghdr *nlh = (void *)buf;

		if (n < 0 && errno == EAGAIN)
			return complete;
		if (n <= 0) {
			c->gone = true;
			c->gone_at = now_ms();
			c->busy = false;
			return complete;
		}
		c->msgs++;
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
			double ms = now_ms() - c->sent_at;
			int err = 0;

			if (nlh->nlmsg_type == NLMSG_ERROR)
				err = ((const struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->error;
			c->busy = false;
			c->err = err;
			complete = true;
			if (c->role == FAST) {
				lat_add(&t->fast, ms, limit);
				t->fast_errors += err != 0;
			} else if (c->role == WRITER) {
				lat_add(&t->writer, ms, limit);
				if (err) {
					t->writer_errors++;
					t->writer_last_err = err;
				}
				t->writer_done++;
			} else {
				c->done = true;
			}
			return complete;
		}
		if (one)
			return complete;
	}
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: ctl-load -s SOCKET -S SWITCH -P PORT [-f FAST] [-w SLOW] [-t SECONDS]\n"
"                [-r SLOW_READ_MS] [-l LIMIT_MS] [-W [-n PREFIX]]\n"
"  FAST (99) clients ask small questions (PORT is the port they show),\n"
"  SLOW (100) clients read SWITCH's FDB dump one message per SLOW_READ_MS\n"
"  (20), -W adds the writer (its ports: PREFIX1, PREFIX2, ...; default w);\n"
"  for SECONDS (20). LIMIT_MS (100): answers\n"
"  slower than this are counted.\n");
}

int main(int argc, char **argv)
{
	int nfast = 99, nslow = 100, read_ms = 20, opt, epfd, nclients;
	double seconds = 20, limit = 100, start, end, connect_max = 0, stall_max = 0;
	const char *sock = NULL;
	struct totals t = { 0 };
	struct epoll_event ev, evs[64];
	struct client *cl;
	bool writer = false;

	while ((opt = getopt(argc, argv, "s:S:P:f:w:t:r:l:Wn:h")) != -1) {
		switch (opt) {
		case 's': sock = optarg; break;
		case 'S': sw_name = optarg; break;
		case 'P': port_name = optarg; break;
		case 'f': nfast = atoi(optarg); break;
		case 'w': nslow = atoi(optarg); break;
		case 't': seconds = atof(optarg); break;
		case 'r': read_ms = atoi(optarg); break;
		case 'l': limit = atof(optarg); break;
		case 'W': writer = true; break;
		case 'n': prefix = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!sock || !sw_name || !port_name || nfast < 0 || nslow < 0 || read_ms < 1) {
		usage(stderr);
		return 2;
	}
	nclients = nfast + nslow + writer;
	cl = calloc(nclients, sizeof(*cl));
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!cl || epfd < 0)
		return 1;
	srand(getpid());

	/* Everyone at once: connect all, then the slow ones ask first. */
	start = now_ms();
	for (int i = 0; i < nclients; i++) {
		double t0 = now_ms();

		cl[i].role = i < nslow ? SLOW : i < nslow + nfast ? FAST : WRITER;
		cl[i].fd = connect_to(sock);
		if (cl[i].fd < 0) {
			fprintf(stderr, "ctl-load: connect %s: %s\n", sock, strerror(-cl[i].fd));
			return 1;
		}
		if (now_ms() - t0 > connect_max)
			connect_max = now_ms() - t0;
		ev = (struct epoll_event){ .events = EPOLLIN, .data.u32 = i };
		if (cl[i].role != SLOW && epoll_ctl(epfd, EPOLL_CTL_ADD, cl[i].fd, &ev))
			return 1;
	}
	for (int i = 0; i < nclients; i++) {
		if (send_next(&cl[i])) {
			fprintf(stderr, "ctl-load: send: %s\n", strerror(errno));
			return 1;
		}
		cl[i].next_at = now_ms() + (cl[i].role == SLOW ? read_ms : 0);
	}
	end = start + seconds * 1000;

	while (now_ms() < end) {
		double now = now_ms(), wake = end;
		int n;

		for (int i = 0; i < nclients; i++) {
			struct client *c = &cl[i];

			if (c->gone || c->done)
				continue;
			if (c->role == SLOW && now >= c->next_at) {
				on_readable(c, &t, limit, true);
				c->next_at = now + read_ms;
			} else if (c->role == FAST && !c->busy && now >= c->next_at) {
				if (send_next(c))
					c->gone = true;
			}
			/* A fast client waiting for its answer has nothing due:
			 * its next_at is when it last sent. */
			if ((c->role == SLOW || (c->role == FAST && !c->busy)) && c->next_at < wake)
				wake = c->next_at;
		}
		int timeout = wake > now_ms() ? (int)(wake - now_ms()) + 1 : 0;
		double called = now_ms();

		n = epoll_wait(epfd, evs, 64, timeout);
		/* Woken later than asked: this process waited for a CPU. */
		if (!n && now_ms() - called - timeout > stall_max)
			stall_max = now_ms() - called - timeout;
		for (int k = 0; k < n; k++) {
			struct client *c = &cl[evs[k].data.u32];

			if (!on_readable(c, &t, limit, false) || c->gone)
				continue;
			if (c->role == FAST)
				c->next_at = now_ms() + 20 + rand() % 100;
			else if (c->role == WRITER) {
				c->turn++;
				if (send_next(c))
					c->gone = true;
			}
		}
	}

	unsigned long slow_gone = 0, slow_done = 0, slow_msgs = 0, fast_gone = 0;
	double gone_min = 0, gone_max = 0;
	unsigned int last_i = 0;
	int what;

	for (int i = 0; i < nclients; i++) {
		struct client *c = &cl[i];

		if (c->role == SLOW) {
			slow_msgs += c->msgs;
			slow_done += c->done;
			if (c->gone) {
				double s = (c->gone_at - start) / 1000;

				if (!slow_gone || s < gone_min)
					gone_min = s;
				if (s > gone_max)
					gone_max = s;
				slow_gone++;
			}
		} else if (c->role == FAST) {
			fast_gone += c->gone;
		} else {
			/* Let the change in flight complete, then say what
			 * every change together must have left. */
			double give_up = now_ms() + 5000;

			while (c->busy && !c->gone && now_ms() < give_up)
				if (on_readable(c, &t, limit, false))
					c->turn++;
				else
					usleep(1000);
			unsigned int nports = 2 * (c->turn / 6) + 3;
			unsigned int *vid = calloc(nports, sizeof(*vid));

			if (!vid)
				return 1;
			for (unsigned int s = 0; s < c->turn; s++) {
				writer_step(s, &last_i, &what);
				vid[last_i] = what == 0 ? 2 + last_i % 100 : what == 1 ? 200 + last_i % 100 : 0;
			}
			printf("writer_expect");
			for (unsigned int i = 1; i < nports; i++)
				if (vid[i])
					printf(" %s%u=%u", prefix, i, vid[i]);
			free(vid);
			printf("\n");
		}
	}
	printf("connect_max_ms=%.1f load_stall_max_ms=%.1f\n", connect_max, stall_max);
	printf("fast_clients=%d fast_gone=%lu fast_requests=%zu fast_errors=%lu fast_p50_ms=%.2f "
	       "fast_p99_ms=%.2f fast_max_ms=%.2f fast_over_limit=%lu\n",
	       nfast, fast_gone, t.fast.n, t.fast_errors, lat_pct(&t.fast, 0.5),
	       lat_pct(&t.fast, 0.99), lat_pct(&t.fast, 1), t.fast.over);
	if (writer)
		printf("writer_changes=%lu writer_errors=%lu writer_last_err=%d writer_p99_ms=%.2f "
		       "writer_max_ms=%.2f writer_over_limit=%lu writer_last_port=%u\n",
		       t.writer_done, t.writer_errors, t.writer_last_err, lat_pct(&t.writer, 0.99),
		       lat_pct(&t.writer, 1), t.writer.over, last_i);
	printf("slow_clients=%d slow_disconnected=%lu slow_completed=%lu slow_messages=%lu "
	       "slow_disconnected_after_s=%.1f..%.1f\n",
	       nslow, slow_gone, slow_done, slow_msgs, gone_min, gone_max);
	return 0;
}
