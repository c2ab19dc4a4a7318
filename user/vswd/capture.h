/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Running captures (vswctl capture). A capture belongs to the control
 * connection that asked for it: vswd sets the port's capture flags, the
 * client reads the switch's vsw_capture ring itself, and when the
 * connection closes (the client is done, or died) vswd clears the flags,
 * so no port keeps paying for a capture nobody reads. One capture per
 * switch at a time: the ring is the switch's.
 */
#ifndef VSW_CAPTURE_H
#define VSW_CAPTURE_H

#include "model.h"

struct ctl_conn;

struct capture {
	struct ctl_conn *conn;    /* the control connection that owns it */
	char sw[VSW_NAME_MAX];    /* names, not pointers: either may go meanwhile */
	char port[VSW_NAME_MAX];
	__u32 ifindex;
	struct capture *next;
};

/* Start copying the frames of port p (dir: VSW_PORT_F_CAPTURE_*) for
 * connection conn. -EBUSY if the switch is captured already,
 * -ENOTCONN if the port has no NIC. */
int capture_start(struct model *m, struct ctl_conn *conn, struct vport *p, __u8 dir,
		  struct vsw_err *err);

/* The connection is gone: stop its captures. */
void capture_conn_closed(struct model *m, struct ctl_conn *conn);

/* Stop every capture (daemon exit). */
void capture_stop_all(struct model *m);

#endif /* VSW_CAPTURE_H */
