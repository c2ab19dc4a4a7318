// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Running captures (capture.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "log.h"

int capture_start(struct model *m, struct ctl_conn *conn, struct vport *p, __u8 dir,
		  struct vsw_err *err)
{
	__u32 ifindex = p->nic ? p->nic->dp_ifindex : 0;
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
	c = calloc(1, sizeof(*c));
	if (!c)
		return vsw_errf(err, -ENOMEM, "capture: out of memory");
	ret = vsw_dp_port_set_capture(p->sw->dp, ifindex, dir);
	if (ret) {
		free(c);
		return vsw_errf(err, ret, "port '%s': cannot start the capture: %s", p->name,
				strerror(-ret));
	}
	c->conn = conn;
	c->ifindex = ifindex;
	snprintf(c->sw, sizeof(c->sw), "%s", p->sw->name);
	snprintf(c->port, sizeof(c->port), "%s", p->name);
	c->next = m->captures;
	m->captures = c;
	pr_info("capture of port '%s' started\n", p->name);
	return 0;
}

static void capture_stop(struct model *m, struct capture *c)
{
	struct vswitch *sw = model_switch_find(m, c->sw);

	/* The switch or the port may be gone: nothing left to clear then. */
	if (sw && sw->dp)
		vsw_dp_port_set_capture(sw->dp, c->ifindex, 0);
	pr_info("capture of port '%s' stopped\n", c->port);
	free(c);
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
}
