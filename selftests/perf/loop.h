/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Frames onto veths and counted off them, for vsw-perf: the far ends of
 * the closed loop (perf_loop in perf.bpf.c, configured per netdev), and
 * an AF_PACKET sender that seeds the loop or offers open-loop load.
 */
#ifndef VSW_PERF_LOOPLIB_H
#define VSW_PERF_LOOPLIB_H

#include <linux/types.h>
#include "perf_loop.h"

struct loop;

/* Load perf.bpf.o's perf_loop; NULL with errno set on failure. */
struct loop *loop_open(void);
/* Make ifindex a far end: cfg into perf_loop_ends, perf_loop attached
 * natively (the device gets NAPI, so frames redirected to its peer
 * arrive). Returns 0 or -errno. */
int loop_end_add(struct loop *l, __u32 ifindex, const struct perf_loop_end *cfg);
/* Packets counted in slot so far, summed over CPUs. */
int loop_count(struct loop *l, __u32 slot, __u64 *packets);
/* Detach every far end (the loop then dies at the next one) and free. */
void loop_close(struct loop *l);

/* An AF_PACKET socket for sending on ifindex (it receives nothing), the
 * qdisc bypassed; -errno on failure. */
int loop_sender(__u32 ifindex);
/* Send frame count times in batches; returns how many the kernel took,
 * or -errno when it took none. */
long loop_send(int fd, __u32 ifindex, const void *frame, __u32 len, __u32 count);
/* Send count frames, each its own iovec, in batches; returns how many the
 * kernel took (a frame it refused for a full ring is skipped), or -errno
 * when it took none. */
struct iovec;
long loop_send_frames(int fd, __u32 ifindex, struct iovec *frames, __u32 count);

#endif /* VSW_PERF_LOOPLIB_H */
