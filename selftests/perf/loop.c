// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The far ends of the benchmark's closed loop, and its AF_PACKET sender. */
#define _GNU_SOURCE /* sendmmsg */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "loop.h"
#include "perf.skel.h"

struct loop {
	struct perf_bpf *skel;
	__u32 ends[PERF_LOOP_SLOTS];
	int nends;
};

struct loop *loop_open(void)
{
	struct loop *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->skel = perf_bpf__open_and_load();
	if (!l->skel) {
		int err = errno;

		free(l);
		errno = err;
		return NULL;
	}
	return l;
}

int loop_end_add(struct loop *l, __u32 ifindex, const struct perf_loop_end *cfg)
{
	int err;

	if (l->nends == PERF_LOOP_SLOTS || cfg->slot >= PERF_LOOP_SLOTS)
		return -E2BIG;
	if (bpf_map_update_elem(bpf_map__fd(l->skel->maps.perf_loop_ends), &ifindex, cfg, 0))
		return -errno;
	err = bpf_xdp_attach(ifindex, bpf_program__fd(l->skel->progs.perf_loop),
			     XDP_FLAGS_DRV_MODE, NULL);
	if (err)
		return err;
	l->ends[l->nends++] = ifindex;
	return 0;
}

int loop_count(struct loop *l, __u32 slot, __u64 *packets)
{
	int ncpu = libbpf_num_possible_cpus();
	struct perf_count vals[ncpu];

	if (bpf_map_lookup_elem(bpf_map__fd(l->skel->maps.perf_loop_count), &slot, vals))
		return -errno;
	*packets = 0;
	for (int i = 0; i < ncpu; i++)
		*packets += vals[i].packets;
	return 0;
}

void loop_close(struct loop *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->nends; i++)
		bpf_xdp_detach(l->ends[i], XDP_FLAGS_DRV_MODE, NULL);
	perf_bpf__destroy(l->skel);
	free(l);
}

int loop_sender(__u32 ifindex)
{
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -errno;
	/* Straight to the driver: no qdisc to queue (or drop) in between. */
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

#define SEND_BATCH 64

long loop_send_frames(int fd, __u32 ifindex, struct iovec *frames, __u32 count)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = (int)ifindex };
	struct mmsghdr msgs[SEND_BATCH];
	long sent = 0;
	int err = 0;

	while (count) {
		__u32 batch = count < SEND_BATCH ? count : SEND_BATCH;
		int n;

		for (__u32 i = 0; i < batch; i++)
			msgs[i] = (struct mmsghdr){ .msg_hdr = { .msg_name = &to,
				.msg_namelen = sizeof(to), .msg_iov = &frames[i], .msg_iovlen = 1 } };
		n = sendmmsg(fd, msgs, batch, 0);
		if (n < 0) {
			/* A full ring on the way: that frame is lost, go on. */
			if (errno != ENOBUFS && errno != EAGAIN)
				return sent ? sent : -errno;
			err = -errno;
			n = 1;
		} else {
			sent += n;
		}
		count -= (__u32)n;
		frames += n;
	}
	return sent ? sent : err;
}

long loop_send(int fd, __u32 ifindex, const void *frame, __u32 len, __u32 count)
{
	struct iovec iov[SEND_BATCH];
	long sent = 0, n, err = 0;

	for (int i = 0; i < SEND_BATCH; i++)
		iov[i] = (struct iovec){ .iov_base = (void *)frame, .iov_len = len };
	while (count) {
		__u32 batch = count < SEND_BATCH ? count : SEND_BATCH;

		n = loop_send_frames(fd, ifindex, iov, batch);
		if (n < 0 && n != -ENOBUFS && n != -EAGAIN)
			return sent ? sent : n;
		if (n < 0)
			err = n;
		else
			sent += n;
		count -= batch;
	}
	return sent ? sent : err;
}
