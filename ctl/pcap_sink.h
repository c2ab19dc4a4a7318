/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The reading side of vswctl capture: open a switch's vsw_capture perf
 * ring (one buffer per CPU), keep the records of one port and direction,
 * and write them to a pcap file with libpcap's writer, so tcpdump and
 * tshark read it. Timestamps are the datapath's (CLOCK_MONOTONIC),
 * moved to wall-clock time.
 */
#ifndef VSW_PCAP_SINK_H
#define VSW_PCAP_SINK_H

#include <signal.h>
#include <stdbool.h>
#include <linux/types.h>
#include "errmsg.h"

struct pcap_sink;

struct pcap_sink_opts {
	const char *ring_path; /* the pinned vsw_capture map */
	const char *file;      /* pcap file to write; "-": stdout */
	__u32 ifindex;         /* the port's netdev */
	__u8 dir;              /* VSW_PORT_F_CAPTURE_IN | _OUT */
};

/* Open the ring and the file. Returns 0 or -errno, with a sentence in err. */
int pcap_sink_open(const struct pcap_sink_opts *o, struct pcap_sink **out, struct vsw_err *err);

/* Write frames until count are written (0: no limit) or *stop is set. */
int pcap_sink_run(struct pcap_sink *s, unsigned long count, volatile sig_atomic_t *stop);

/* Frames written, and records the kernel lost because the ring was full. */
unsigned long pcap_sink_written(const struct pcap_sink *s);
unsigned long long pcap_sink_lost(const struct pcap_sink *s);

/* Flush and close the file, close the ring. Accepts NULL. Returns 0 or
 * -EIO when the file could not be written completely. */
int pcap_sink_close(struct pcap_sink *s);

#endif /* VSW_PCAP_SINK_H */
