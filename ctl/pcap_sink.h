/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The writing side of vswctl capture: the frames vswd streams, into a
 * pcap file with libpcap's writer, so tcpdump and tshark read it.
 */
#ifndef VSW_PCAP_SINK_H
#define VSW_PCAP_SINK_H

#include <linux/types.h>
#include "errmsg.h"

struct pcap_sink;

/* Open file ("-": stdout). Returns 0 or -errno, with a sentence in err. */
int pcap_sink_open(const char *file, struct pcap_sink **out, struct vsw_err *err);

/* One frame: its time (ns since the epoch), its length on the wire, and
 * the caplen bytes captured of it. */
void pcap_sink_write(struct pcap_sink *s, __u64 time_ns, __u32 len, const void *data,
		     __u32 caplen);

/* Frames written. */
unsigned long pcap_sink_written(const struct pcap_sink *s);

/* Push what is written to the file, so a reader sees it as it grows.
 * 0 or -EIO. */
int pcap_sink_flush(struct pcap_sink *s);

/* Flush and close the file. Accepts NULL. Returns 0 or -EIO when the
 * file could not be written completely. */
int pcap_sink_close(struct pcap_sink *s);

#endif /* VSW_PCAP_SINK_H */
