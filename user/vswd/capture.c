// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Running captures (capture.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <libmnl/libmnl.h>

#include "capture.h"
#include "ctl_server.h"
#include "log.h"

_Static_assert(VSW_CAPTURE_MSG_MAX >= MNL_NLMSG_HDRLEN + 5 * MNL_ATTR_HDRLEN + 8 + 4 + 4 + 8 +
	       VSW_CAPTURE_SNAPLEN, "a captured frame fits its message");

static __s64 ns_of(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (__s64)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int capture_fd(struct model *m)
{
	if (m->capture_epfd <= 0) {
		m->capture_epfd = epoll_create1(EPOLL_CLOEXEC);
		if (m->capture_epfd < 0)
			return -errno;
	}
	return m->capture_epfd;
}

void capture_deliver(struct capture *c, const struct vsw_capture_hdr *h, const void *frame)
{
	static __u64 buf[VSW_CAPTURE_MSG_MAX / sizeof(__u64)];
	__u8 dir = h->dir == VSW_CAPTURE_IN ? VSW_PORT_F_CAPTURE_IN : VSW_PORT_F_CAPTURE_OUT;
	struct nlmsghdr *nlh;

	/* The ring is the switch's; only this port's frames, this way. */
	if (h->ifindex != c->ifindex || !(dir & c->dir))
		return;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = VSW_CMD_CAPTURE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = c->seq;
	mnl_attr_put_u64(nlh, VSW_A_CAPTURE_TIME, (__s64)h->tstamp_ns + c->mono_to_real_ns);
	mnl_attr_put_u32(nlh, VSW_A_CAPTURE_LEN, h->len);
	mnl_attr_put_u8(nlh, VSW_A_CAPTURE_DIR, dir);
	mnl_attr_put_u64(nlh, VSW_A_CAPTURE_LOST, c->lost_ring + c->lost_conn);
	mnl_attr_put(nlh, VSW_A_CAPTURE_DATA,
		     h->caplen < VSW_CAPTURE_SNAPLEN ? h->caplen : VSW_CAPTURE_SNAPLEN, frame);
	/* Never wait for a client: a frame its queue has no room for is
	 * lost. Another error means the connection is going; its close
	 * stops the capture. */
	if (ctl_conn_push(c->conn, nlh, CAPTURE_QUEUE_MAX))
		c->lost_conn++;
	else
		c->sent++;
}

static void on_record(const struct vsw_capture_hdr *h, const void *frame, void *ctx)
{
	capture_deliver(ctx, h, frame);
}

static void on_lost(__u64 n, void *ctx)
{
	((struct capture *)ctx)->lost_ring += n;
}

static void capture_free(struct capture *c)
{
	vsw_capture_ring_close(c->ring); /* its fd leaves the epoll set with it */
	free(c);
}

int capture_start(struct model *m, struct ctl_conn *conn, __u32 seq, struct vport *p,
		  __u8 dir, struct vsw_err *err)
{
	__u32 ifindex = p->nic ? p->nic->dp_ifindex : 0;
	struct epoll_event ev = { .events = EPOLLIN };
	int epfd = capture_fd(m);
	struct capture *c;
	int ret;

	if (!dir || (dir & ~VSW_PORT_F_CAPTURE))
		return vsw_errf(err, -EINVAL, "port '%s': capture direction %u (1 in, 2 out, 3 both)",
				p->name, dir);
	if (!ifindex)
		return vsw_errf(err, -ENOTCONN, "port '%s' has no NIC connected", p->name);
	for (c = m->captures; c; c = c->next)
		if (!strcmp(c->sw, p->sw->name))
			return vsw_errf(err, -EBUSY, "switch '%s' is being captured already (port '%s')",
					c->sw, c->port);
	if (epfd < 0)
		return vsw_errf(err, epfd, "capture: %s", strerror(-epfd));
	c = calloc(1, sizeof(*c));
	if (!c)
		return vsw_errf(err, -ENOMEM, "capture: out of memory");
	c->conn = conn;
	c->seq = seq;
	c->ifindex = ifindex;
	c->dir = dir;
	c->mono_to_real_ns = ns_of(CLOCK_REALTIME) - ns_of(CLOCK_MONOTONIC);
	snprintf(c->sw, sizeof(c->sw), "%s", p->sw->name);
	snprintf(c->port, sizeof(c->port), "%s", p->name);
	ret = vsw_capture_ring_open(p->sw->dp, on_record, on_lost, c, &c->ring);
	if (ret) {
		free(c);
		return vsw_errf(err, ret, "switch '%s': cannot read its capture ring: %s",
				p->sw->name, strerror(-ret));
	}
	ev.data.ptr = c;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, vsw_capture_ring_fd(c->ring), &ev)) {
		ret = -errno;
		capture_free(c);
		return vsw_errf(err, ret, "capture: %s", strerror(-ret));
	}
	ret = vsw_dp_port_set_capture(p->sw->dp, ifindex, dir);
	if (ret) {
		capture_free(c);
		return vsw_errf(err, ret, "port '%s': cannot start the capture: %s", p->name,
				strerror(-ret));
	}
	c->next = m->captures;
	m->captures = c;
	pr_info("capture of port '%s' started\n", p->name);
	return 0;
}

/* A ring's fd says "ready" once per wakeup, to whoever polls it first
 * (perf_poll() takes the flag): the loop's epoll has seen it by the time
 * this runs, so read every ring rather than asking which. */
void capture_read(struct model *m)
{
	int ret;

	for (struct capture *c = m->captures; c; c = c->next) {
		ret = vsw_capture_ring_read(c->ring);
		if (ret)
			pr_warn("capture of port '%s': reading the ring: %s\n", c->port,
				strerror(-ret));
	}
}

static void capture_stop(struct model *m, struct capture *c)
{
	struct vswitch *sw = model_switch_find(m, c->sw);

	/* The switch or the port may be gone: nothing left to clear then. */
	if (sw && sw->dp)
		vsw_dp_port_set_capture(sw->dp, c->ifindex, 0);
	pr_info("capture of port '%s' stopped: %llu frames sent, %llu lost (%llu the ring "
		"was full, %llu the client was slow)\n", c->port, (unsigned long long)c->sent,
		(unsigned long long)(c->lost_ring + c->lost_conn),
		(unsigned long long)c->lost_ring, (unsigned long long)c->lost_conn);
	capture_free(c);
}

void capture_conn_closed(struct model *m, struct ctl_conn *conn)
{
	struct capture **pp = &m->captures, *c;

	while ((c = *pp)) {
		if (c->conn == conn) {
			*pp = c->next;
			capture_stop(m, c);
		} else {
			pp = &c->next;
		}
	}
}

void capture_stop_all(struct model *m)
{
	struct capture *c;

	while ((c = m->captures)) {
		m->captures = c->next;
		capture_stop(m, c);
	}
	if (m->capture_epfd > 0)
		close(m->capture_epfd);
	m->capture_epfd = 0;
}
