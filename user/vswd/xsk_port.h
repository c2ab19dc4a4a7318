/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * One AF_XDP socket on queue 0 of a netdev, with vsw's steering program
 * (bpf/legacy_xsk.bpf.c) attached in native mode so that everything the
 * netdev receives lands in the socket. Copy mode (veth has no zero-copy).
 * Half the UMEM frames feed the RX ring, half are a pool for TX. Used by
 * one thread; nothing on the per-frame path locks or allocates.
 */
#ifndef VSW_XSK_PORT_H
#define VSW_XSK_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xdp/xsk.h>

#define XSK_PORT_FRAMES 4096
#define XSK_PORT_FRAME_SIZE 2048
#define XSK_PORT_RING 2048

struct legacy_xsk_bpf;

struct xsk_port {
	unsigned int ifindex;
	struct legacy_xsk_bpf *skel;
	bool attached;
	void *area;
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fill, tx;
	struct xsk_ring_cons comp, rx;
	uint64_t tx_free[XSK_PORT_FRAMES / 2];
	unsigned int ntx_free;
	unsigned int tx_queued;  /* submitted since the last kick */
	unsigned int tx_budget;  /* frames the kernel sends per kick */
	uint64_t rx_frames, tx_frames, tx_dropped;
};

/* Open on ifname (ifindex). Returns 0 or -errno; nothing is left behind
 * on failure. */
int xsk_port_open(struct xsk_port *p, const char *ifname, unsigned int ifindex);
void xsk_port_close(struct xsk_port *p);

int xsk_port_fd(const struct xsk_port *p);

/* Hand up to budget received frames to fn, give their buffers back to
 * the kernel. fn returns false to leave that frame and the ones after
 * it queued (*stopped is then set). Returns how many fn took. */
unsigned int xsk_port_rx(struct xsk_port *p, unsigned int budget,
			 bool (*fn)(void *ctx, const uint8_t *frame, size_t len), void *ctx,
			 bool *stopped);

/* Frames the kernel dropped before the socket: its ring was full. */
uint64_t xsk_port_rx_lost(const struct xsk_port *p);

/* Queue a frame for transmission (copied into the UMEM); -ENOBUFS when
 * the pool and ring are full (the frame is counted as dropped). */
int xsk_port_tx(struct xsk_port *p, const uint8_t *frame, size_t len);

/* Wake the kernel for queued frames and take back completed ones. */
void xsk_port_flush(struct xsk_port *p);

#endif /* VSW_XSK_PORT_H */
