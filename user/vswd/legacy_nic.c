// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include "guest_mem.h"
#include "legacy_nic.h"
#include "log.h"
#include "tulip_vfu.h"
#include "xsk_port.h"

enum source { SRC_CTL = 1, SRC_VFU, SRC_XSK, SRC_TIMER };

/* Frames per pass over the RX ring: a register access of the VMM that
 * arrives meanwhile waits for one pass at most (about 20 us of work). */
#define RX_BUDGET 64
/* While frames wait for the guest to give buffers back, look again this
 * soon (the guest only sets OWN in its memory; Linux never writes CSR2),
 * twice as late after each look that found none, up to the maximum (a
 * guest that stopped taking frames costs a wake-up every 10 ms). */
#define RX_RETRY_NS 50000
#define RX_RETRY_MAX_NS 10000000
/* Receive moderation, as a NIC's rx-usecs: while frames stream in (a
 * pass took at least RX_MOD_FRAMES), the thread stops asking the kernel
 * to wake it for each batch the switch hands over (a wake-up is an IPI
 * and a context switch on the generator's CPU and on this one) and looks
 * at the socket every RX_MOD_NS instead, until a look finds few frames.
 * The AF_XDP ring (2048 frames) holds far more than arrives meanwhile. */
#define RX_MOD_FRAMES 4
#define RX_MOD_NS 50000

struct legacy_nic {
	char name[16];
	struct guest_mem mem;   /* what the VMM mapped for DMA */
	struct tulip *dev;
	struct vfu_server vfu;
	struct xsk_port xsk;
	int epfd, ctlfd, timerfd;
	int vfu_watched;        /* the vfio-user fd in epoll now */
	bool rx_due;            /* frames arrived: a pass over the RX ring */
	bool rx_more;           /* the last pass used its budget up */
	bool rx_held;           /* frames wait in the socket for guest buffers */
	bool rx_moderated;      /* the socket is looked at on a clock, not watched */
	unsigned int rx_mod_took; /* frames taken since the clock last struck */
	uint64_t rx_retry_ns;   /* when to look again while they do */
	uint64_t timer_armed;
	pthread_t thread;
	bool thread_started;
	atomic_bool stop;
	atomic_bool link;
	/* counted by the NIC's thread, published once per unit of work */
	uint64_t n_rx, n_rx_dropped, n_tx, n_tx_dropped;
	/* the published counts: written by the NIC's thread, read by anyone */
	_Atomic uint64_t rx_frames, rx_dropped, tx_frames, tx_dropped;
	atomic_bool connected;
};

/* ---- the device's callbacks, on the NIC's thread ---- */

static void dev_tx(void *opaque, const uint8_t *frame, size_t len)
{
	struct legacy_nic *n = opaque;

	if (!xsk_port_tx(&n->xsk, frame, len))
		n->n_tx++;
	else
		n->n_tx_dropped++;
}

static void dev_irq(void *opaque, bool level)
{
	struct legacy_nic *n = opaque;

	vfu_server_set_intx(&n->vfu, level);
}

/* A frame from the switch. One the guest has no buffer for yet stays in
 * the AF_XDP socket's ring, as in a TAP's queue, rather than being missed
 * by the device: the guest finds it once it has given buffers back. */
static bool wire_rx(void *ctx, const uint8_t *frame, size_t len)
{
	struct legacy_nic *n = ctx;

	switch (tulip_receive_or_wait(n->dev, frame, len)) {
	case TULIP_RX_DELIVERED:
		n->n_rx++;
		return true;
	case TULIP_RX_WAIT:
		return false;
	default:
		n->n_rx_dropped++;
		return true;
	}
}

static int watch(struct legacy_nic *n, int fd, enum source src);

/* Frames streaming in: stop watching the socket and look on a clock
 * (the kernel then wakes nobody); a look that finds few: watch again. A
 * socket watched anew that has frames waiting is reported at once. */
static void moderate(struct legacy_nic *n, bool on)
{
	if (on == n->rx_moderated)
		return;
	if (on) {
		if (epoll_ctl(n->epfd, EPOLL_CTL_DEL, xsk_port_fd(&n->xsk), NULL))
			return;
	} else if (watch(n, xsk_port_fd(&n->xsk), SRC_XSK)) {
		return;   /* still on the clock: nothing is missed */
	}
	n->rx_moderated = on;
}

static void rx_pass(struct legacy_nic *n)
{
	bool held;
	unsigned int took = xsk_port_rx(&n->xsk, RX_BUDGET, wire_rx, n, &held);

	n->rx_due = false;
	if (held && !took && n->rx_held)
		n->rx_retry_ns = n->rx_retry_ns * 2 > RX_RETRY_MAX_NS ? RX_RETRY_MAX_NS :
				 n->rx_retry_ns * 2;
	else
		n->rx_retry_ns = RX_RETRY_NS;
	n->rx_held = held;
	n->rx_more = !held && took == RX_BUDGET;
	n->rx_mod_took += took;
}

/* ---- the loop ---- */

static int watch(struct legacy_nic *n, int fd, enum source src)
{
	/* the AF_XDP socket edge-triggered: a pass that leaves frames
	 * queued (budget, no guest buffer) says so itself */
	struct epoll_event ev = { .events = EPOLLIN | (src == SRC_XSK ? EPOLLET : 0),
				  .data.u64 = (uint64_t)src << 32 | (uint32_t)fd };

	return epoll_ctl(n->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

/* The vfio-user server waits on its listening socket or its client. */
static void follow_vfu_fd(struct legacy_nic *n)
{
	int fd = vfu_server_fd(&n->vfu);

	if (fd == n->vfu_watched)
		return;
	epoll_ctl(n->epfd, EPOLL_CTL_DEL, n->vfu_watched, NULL);
	n->vfu_watched = watch(n, fd, SRC_VFU) ? -1 : fd;
	if (n->connected != vfu_server_connected(&n->vfu))
		pr_info("legacy nic '%s': VMM %s\n", n->name,
			vfu_server_connected(&n->vfu) ? "attached" : "detached");
	n->connected = vfu_server_connected(&n->vfu);
}

static void arm_timer(struct legacy_nic *n)
{
	uint64_t deadline = tulip_timer_deadline(n->dev);
	struct itimerspec its = { 0 };

	if (deadline == n->timer_armed)
		return;
	n->timer_armed = deadline;
	its.it_value.tv_sec = deadline / 1000000000ull;
	its.it_value.tv_nsec = deadline % 1000000000ull;
	timerfd_settime(n->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void handle(struct legacy_nic *n, enum source src, int fd)
{
	uint64_t v;

	switch (src) {
	case SRC_CTL:
		if (read(fd, &v, sizeof(v)) > 0)
			tulip_set_link(n->dev, n->link);
		break;
	case SRC_VFU:
		if (vfu_server_handle(&n->vfu) == -EACCES)
			pr_warn("legacy nic '%s': refused a VMM (pid %d uid %u gid %u): neither "
				"root nor the NIC's owner or group\n", n->name, (int)n->vfu.refused.pid,
				n->vfu.refused.uid, n->vfu.refused.gid);
		follow_vfu_fd(n);
		break;
	case SRC_XSK:
		n->rx_due = true;
		break;
	case SRC_TIMER:
		if (read(fd, &v, sizeof(v)) > 0) {
			n->timer_armed = 0;
			tulip_run_timer(n->dev);
		}
		break;
	}
}

static void publish_stats(struct legacy_nic *n)
{
	atomic_store_explicit(&n->rx_frames, n->n_rx, memory_order_relaxed);
	atomic_store_explicit(&n->rx_dropped, n->n_rx_dropped, memory_order_relaxed);
	atomic_store_explicit(&n->tx_frames, n->n_tx, memory_order_relaxed);
	atomic_store_explicit(&n->tx_dropped, n->n_tx_dropped, memory_order_relaxed);
}

static void *nic_thread(void *arg)
{
	static const struct timespec now = { 0 };
	struct legacy_nic *n = arg;
	struct epoll_event evs[8];

	while (!n->stop) {
		/* Work left (a transmit or receive pass out of budget): a
		 * look at the sockets, without sleeping; frames streaming
		 * in (moderated): a look on the clock; frames waiting for
		 * guest buffers: a look again soon; otherwise sleep. */
		struct timespec retry = { .tv_sec = n->rx_retry_ns / 1000000000ull,
					  .tv_nsec = n->rx_retry_ns % 1000000000ull };
		static const struct timespec mod = { .tv_nsec = RX_MOD_NS };
		const struct timespec *timeout = tulip_tx_pending(n->dev) || n->rx_more ? &now :
						 n->rx_moderated ? &mod : n->rx_held ? &retry : NULL;
		int k = epoll_pwait2(n->epfd, evs, 8, timeout, NULL);

		for (int i = 0; i < k; i++)
			handle(n, evs[i].data.u64 >> 32, (int)(uint32_t)evs[i].data.u64);
		/* the VMM's messages first, then the frames: a register
		 * read waits for one pass at most */
		if (n->rx_due || n->rx_more || n->rx_held || n->rx_moderated)
			rx_pass(n);
		/* A guest waiting for a receive interrupt gets it as soon
		 * as a frame is there: the socket is watched. Otherwise, on
		 * the clock: each time it strikes, stay if enough came since
		 * it last struck; watched: go on it after a pass that found
		 * enough. */
		if (tulip_rx_irq_armed(n->dev)) {
			moderate(n, false);
			n->rx_mod_took = 0;
		} else if (!n->rx_moderated ? n->rx_mod_took >= RX_MOD_FRAMES :
			   timeout == &mod && !k) {
			moderate(n, n->rx_mod_took >= RX_MOD_FRAMES);
			n->rx_mod_took = 0;
		} else if (!n->rx_moderated) {
			n->rx_mod_took = 0;
		}
		tulip_tx_resume(n->dev);
		/* one wake-up of the kernel for the frames, one interrupt
		 * for the guest, for all this pass did */
		xsk_port_flush(&n->xsk);
		vfu_server_flush_intx(&n->vfu);
		publish_stats(n);
		arm_timer(n);
	}
	return NULL;
}

/* ---- control, from other threads ---- */

static void poke(struct legacy_nic *n)
{
	uint64_t one = 1;

	if (write(n->ctlfd, &one, sizeof(one)) < 0)
		pr_warn("legacy nic '%s': control event lost\n", n->name);
}

void legacy_nic_set_link(struct legacy_nic *n, bool up)
{
	if (!n)
		return;
	n->link = up;
	poke(n);
}

const char *legacy_nic_socket(const struct legacy_nic *n)
{
	return n->vfu.path;
}

void legacy_nic_get_stats(const struct legacy_nic *n, struct legacy_nic_stats *s)
{
	s->rx_frames = n->rx_frames;
	/* the device's drops, and those of the queue before it */
	s->rx_dropped = n->rx_dropped + xsk_port_rx_lost(&n->xsk);
	s->tx_frames = n->tx_frames;
	s->tx_dropped = n->tx_dropped;
	s->vmm_connected = n->connected;
}

void legacy_nic_stop(struct legacy_nic *n)
{
	if (!n)
		return;
	if (n->thread_started) {
		n->stop = true;
		poke(n);
		pthread_join(n->thread, NULL);
	}
	vfu_server_fini(&n->vfu);
	xsk_port_close(&n->xsk);
	tulip_free(n->dev);
	if (n->epfd >= 0)
		close(n->epfd);
	if (n->ctlfd >= 0)
		close(n->ctlfd);
	if (n->timerfd >= 0)
		close(n->timerfd);
	free(n);
}

int legacy_nic_start(struct legacy_nic **out, const char *name, const char *ifname,
		     const uint8_t mac[6], const char *sock_path,
		     const struct vfu_access *access, bool link)
{
	static const struct tulip_ops ops = { .tx_frame = dev_tx, .set_irq = dev_irq };
	uint64_t regions[VFU_PCI_NUM_REGIONS];
	struct legacy_nic *n = calloc(1, sizeof(*n));
	unsigned int ifindex = if_nametoindex(ifname);
	int err;

	if (!n)
		return -ENOMEM;
	n->epfd = n->ctlfd = n->timerfd = n->vfu_watched = -1;
	n->vfu.listen_fd = n->vfu.conn_fd = n->vfu.intx_fd = -1;
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->link = link;
	guest_mem_init(&n->mem);
	err = -ENODEV;
	if (!ifindex)
		goto fail;
	err = -ENOMEM;
	n->dev = tulip_new(mac, &n->mem, &ops, n);
	if (!n->dev)
		goto fail;
	tulip_set_link(n->dev, link);
	/* the VMM gets its answer to a CSR1 write before the frames go */
	tulip_set_posted_kicks(n->dev, true);
	tulip_vfu_regions(regions);
	err = xsk_port_open(&n->xsk, ifname, ifindex);
	if (err)
		goto fail;
	err = vfu_server_init(&n->vfu, sock_path, access, regions, &n->mem, &tulip_vfu_ops,
			      n->dev);
	if (err)
		goto fail;
	n->epfd = epoll_create1(EPOLL_CLOEXEC);
	n->ctlfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	n->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	err = -errno;
	if (n->epfd < 0 || n->ctlfd < 0 || n->timerfd < 0)
		goto fail;
	err = watch(n, n->ctlfd, SRC_CTL) ?: watch(n, n->timerfd, SRC_TIMER) ?:
	      watch(n, xsk_port_fd(&n->xsk), SRC_XSK);
	if (err)
		goto fail;
	follow_vfu_fd(n);
	err = -pthread_create(&n->thread, NULL, nic_thread, n);
	if (err)
		goto fail;
	n->thread_started = true;
	*out = n;
	return 0;
fail:
	legacy_nic_stop(n);
	return err;
}
