/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Running captures (vswctl capture). A capture belongs to the control
 * connection that asked for it: vswd sets the port's capture flags,
 * reads the switch's capture ring and sends each frame of the port to
 * that connection as one message (include/vsw_ctl.h, VSW_CMD_CAPTURE).
 * It never waits for the client: the frames go through the control
 * server's queue of the connection (ctl_conn_push()); one that finds
 * CAPTURE_QUEUE_MAX bytes waiting there is dropped and counted, and every
 * message says how many were lost so far. When the connection closes (the client is done, or died) vswd clears
 * the flags, so no port keeps paying for a capture nobody reads. One
 * capture per switch at a time: the ring is the switch's.
 */
#ifndef VSW_CAPTURE_H
#define VSW_CAPTURE_H

#include "capture_ring.h"
#include "model.h"

/* Frames waiting for a client beyond what its socket holds: a burst of
 * some thousand full-size frames. */
#define CAPTURE_QUEUE_MAX (4u << 20)

struct ctl_conn;

struct capture {
	struct ctl_conn *conn;    /* the control connection that owns it */
	__u32 seq;                /* its CAPTURE request's: every frame answers it */
	char sw[VSW_NAME_MAX];    /* names, not pointers: either may go meanwhile */
	char port[VSW_NAME_MAX];
	__u32 ifindex;
	__u8 dir;                 /* VSW_PORT_F_CAPTURE_IN | _OUT */
	__s64 mono_to_real_ns;    /* the ring's CLOCK_MONOTONIC to the epoch's */
	struct vsw_capture_ring *ring;
	__u64 sent;
	__u64 lost_ring;          /* the kernel found the ring full */
	__u64 lost_conn;          /* the client did not keep up */
	struct capture *next;
};

/* Start copying the frames of port p (dir: VSW_PORT_F_CAPTURE_*) to
 * connection conn, as answers to request seq. -EBUSY if the switch is
 * captured already, -ENOTCONN if the port has no NIC. */
int capture_start(struct model *m, struct ctl_conn *conn, __u32 seq, struct vport *p,
		  __u8 dir, struct vsw_err *err);

/* One fd for every capture's ring: readable while frames wait; then
 * capture_read() sends them. Created on first use; < 0: -errno. */
int capture_fd(struct model *m);
void capture_read(struct model *m);

/* A record of the ring, for c's client: sent, or counted lost. */
void capture_deliver(struct capture *c, const struct vsw_capture_hdr *h, const void *frame);

/* The connection is gone: stop its captures. */
void capture_conn_closed(struct model *m, struct ctl_conn *conn);

/* Stop every capture (daemon exit). */
void capture_stop_all(struct model *m);

#endif /* VSW_CAPTURE_H */
