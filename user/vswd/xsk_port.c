// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "legacy_xsk.skel.h"
#include "xsk_port.h"

/* Linux 6.17's copy-mode TX budget per send call (32 before it, and
 * where the option is unknown). */
#ifndef XDP_MAX_TX_SKB_BUDGET
#define XDP_MAX_TX_SKB_BUDGET 9
#endif

static int attach_prog(struct xsk_port *p)
{
	int err;

	p->skel = legacy_xsk_bpf__open_and_load();
	if (!p->skel)
		return -errno ?: -EINVAL;
	err = bpf_xdp_attach(p->ifindex, bpf_program__fd(p->skel->progs.legacy_xsk),
			     XDP_FLAGS_DRV_MODE, NULL);
	if (err)
		return err;
	p->attached = true;
	return 0;
}

static int make_socket(struct xsk_port *p, const char *ifname)
{
	struct xsk_umem_config ucfg = {
		.fill_size = XSK_PORT_RING, .comp_size = XSK_PORT_RING,
		.frame_size = XSK_PORT_FRAME_SIZE, .frame_headroom = 0,
	};
	struct xsk_socket_config scfg = {
		.rx_size = XSK_PORT_RING, .tx_size = XSK_PORT_RING,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = XDP_COPY | XDP_USE_NEED_WAKEUP,
	};
	size_t size = (size_t)XSK_PORT_FRAMES * XSK_PORT_FRAME_SIZE;
	__u32 idx, key = 0;
	int err, fd;

	p->area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p->area == MAP_FAILED) {
		p->area = NULL;
		return -errno;
	}
	err = xsk_umem__create(&p->umem, p->area, size, &p->fill, &p->comp, &ucfg);
	if (err)
		return err;
	err = xsk_socket__create(&p->xsk, ifname, 0, p->umem, &p->rx, &p->tx, &scfg);
	if (err)
		return err;
	fd = xsk_socket__fd(p->xsk);
	/* Copy mode sends at most this many frames per wake-up; a whole
	 * ring's worth where the kernel lets us choose. */
	unsigned int budget = XSK_PORT_RING;

	if (!setsockopt(fd, SOL_XDP, XDP_MAX_TX_SKB_BUDGET, &budget, sizeof(budget)))
		p->tx_budget = budget;
	else
		p->tx_budget = 32;
	if (bpf_map_update_elem(bpf_map__fd(p->skel->maps.legacy_xsks), &key, &fd, 0))
		return -errno;
	/* the first half of the frames waits in the fill ring */
	if (xsk_ring_prod__reserve(&p->fill, XSK_PORT_FRAMES / 2, &idx) != XSK_PORT_FRAMES / 2)
		return -ENOMEM;
	for (unsigned int i = 0; i < XSK_PORT_FRAMES / 2; i++)
		*xsk_ring_prod__fill_addr(&p->fill, idx + i) = (uint64_t)i * XSK_PORT_FRAME_SIZE;
	xsk_ring_prod__submit(&p->fill, XSK_PORT_FRAMES / 2);
	for (unsigned int i = 0; i < XSK_PORT_FRAMES / 2; i++)
		p->tx_free[i] = (uint64_t)(XSK_PORT_FRAMES / 2 + i) * XSK_PORT_FRAME_SIZE;
	p->ntx_free = XSK_PORT_FRAMES / 2;
	return 0;
}

int xsk_port_open(struct xsk_port *p, const char *ifname, unsigned int ifindex)
{
	int err;

	memset(p, 0, sizeof(*p));
	p->ifindex = ifindex;
	err = attach_prog(p);
	if (!err)
		err = make_socket(p, ifname);
	if (err)
		xsk_port_close(p);
	return err;
}

void xsk_port_close(struct xsk_port *p)
{
	if (p->attached)
		bpf_xdp_detach(p->ifindex, XDP_FLAGS_DRV_MODE, NULL);
	p->attached = false;
	xsk_socket__delete(p->xsk);
	p->xsk = NULL;
	if (p->umem)
		xsk_umem__delete(p->umem);
	p->umem = NULL;
	if (p->area)
		munmap(p->area, (size_t)XSK_PORT_FRAMES * XSK_PORT_FRAME_SIZE);
	p->area = NULL;
	legacy_xsk_bpf__destroy(p->skel);
	p->skel = NULL;
}

int xsk_port_fd(const struct xsk_port *p)
{
	return xsk_socket__fd(p->xsk);
}

/* One batch: what the ring shows (libxdp's view of the kernel's producer
 * is refreshed only when the cached part is used up), up to budget. */
static unsigned int rx_batch(struct xsk_port *p, unsigned int budget,
			     bool (*fn)(void *ctx, const uint8_t *frame, size_t len), void *ctx,
			     bool *stopped)
{
	__u32 idx_rx = 0, idx_fill = 0;
	unsigned int avail = xsk_ring_cons__peek(&p->rx, budget, &idx_rx), n;

	for (n = 0; n < avail; n++) {
		const struct xdp_desc *d = xsk_ring_cons__rx_desc(&p->rx, idx_rx + n);

		if (!fn(ctx, xsk_umem__get_data(p->area, d->addr), d->len)) {
			*stopped = true;   /* this one and the rest stay queued */
			break;
		}
	}
	if (n < avail)
		xsk_ring_cons__cancel(&p->rx, avail - n);
	if (!n)
		return 0;
	/* The same buffers go straight back to the fill ring. It always
	 * has room: it holds every RX frame not in the kernel or here. */
	if (xsk_ring_prod__reserve(&p->fill, n, &idx_fill) != n) {
		xsk_ring_cons__release(&p->rx, n);
		return n;
	}
	for (unsigned int i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&p->fill, idx_fill + i) =
			xsk_umem__extract_addr(xsk_ring_cons__rx_desc(&p->rx, idx_rx + i)->addr);
	xsk_ring_prod__submit(&p->fill, n);
	xsk_ring_cons__release(&p->rx, n);
	p->rx_frames += n;
	return n;
}

unsigned int xsk_port_rx(struct xsk_port *p, unsigned int budget,
			 bool (*fn)(void *ctx, const uint8_t *frame, size_t len), void *ctx,
			 bool *stopped)
{
	unsigned int took = 0, n;

	/* Again while a batch took all it saw: the next peek reads the
	 * kernel's producer afresh. Whoever waits for the socket edge-
	 * triggered must not stop while frames are queued. */
	*stopped = false;
	do {
		n = rx_batch(p, budget - took, fn, ctx, stopped);
		took += n;
	} while (n && !*stopped && took < budget);
	return took;
}

uint64_t xsk_port_rx_lost(const struct xsk_port *p)
{
	struct xdp_statistics st = { 0 };
	socklen_t len = sizeof(st);

	if (!p->xsk || getsockopt(xsk_socket__fd(p->xsk), SOL_XDP, XDP_STATISTICS, &st, &len))
		return 0;
	return st.rx_dropped + st.rx_ring_full;
}

static void reclaim(struct xsk_port *p)
{
	__u32 idx;
	unsigned int n = xsk_ring_cons__peek(&p->comp, XSK_PORT_RING, &idx);

	for (unsigned int i = 0; i < n; i++)
		p->tx_free[p->ntx_free++] = *xsk_ring_cons__comp_addr(&p->comp, idx + i);
	xsk_ring_cons__release(&p->comp, n);
}

static void kick(struct xsk_port *p)
{
	/* Copy mode transmits inside the wake-up, at most tx_budget frames
	 * a call, answering EAGAIN while more wait: call again until the
	 * ring is empty, or frames would sit in it until the next event. */
	for (unsigned int calls = 0; p->tx_queued && calls <= XSK_PORT_RING / p->tx_budget; calls++)
		if (sendto(xsk_socket__fd(p->xsk), NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0 ||
		    errno != EAGAIN)
			break;
	p->tx_queued = 0;
}

int xsk_port_tx(struct xsk_port *p, const uint8_t *frame, size_t len)
{
	struct xdp_desc *d;
	__u32 idx;

	if (len > XSK_PORT_FRAME_SIZE)
		len = XSK_PORT_FRAME_SIZE;
	if (!p->ntx_free)
		reclaim(p);
	if (!p->ntx_free) {
		kick(p);
		reclaim(p);
	}
	if (!p->ntx_free || xsk_ring_prod__reserve(&p->tx, 1, &idx) != 1) {
		p->tx_dropped++;
		return -ENOBUFS;
	}
	d = xsk_ring_prod__tx_desc(&p->tx, idx);
	d->addr = p->tx_free[--p->ntx_free];
	d->len = len;
	memcpy(xsk_umem__get_data(p->area, d->addr), frame, len);
	xsk_ring_prod__submit(&p->tx, 1);
	p->tx_frames++;
	/* copy mode sends on the wake-up: one per batch, as large as the
	 * kernel takes in one call */
	if (++p->tx_queued >= p->tx_budget)
		kick(p);
	return 0;
}

void xsk_port_flush(struct xsk_port *p)
{
	kick(p);
	reclaim(p);
}
