// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Capture records into a pcap file (pcap_sink.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
/* libpcap's own struct bpf_insn would clash with the kernel's. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/dlt.h>
#include <pcap/pcap.h>

#include "pcap_sink.h"
#include "vsw_consts.h"
#include "vsw_structs.h"

#define RING_PAGES 64     /* per CPU: 256 KiB, some 100 full-size frames */
#define POLL_MS 200       /* how often a stop request is noticed */

struct pcap_sink {
	int map_fd;
	struct perf_buffer *pb;
	pcap_t *pcap;
	pcap_dumper_t *dumper;
	__u32 ifindex;
	__u8 dir;
	__s64 mono_to_real_ns; /* add to a CLOCK_MONOTONIC time */
	unsigned long written, limit;
	unsigned long long lost;
};

static __s64 ns_of(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (__s64)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A record's direction (enum vsw_capture_dir) against the port flags asked for. */
static bool wanted(const struct pcap_sink *s, __u8 dir)
{
	return (dir == VSW_CAPTURE_IN && (s->dir & VSW_PORT_F_CAPTURE_IN)) ||
	       (dir == VSW_CAPTURE_OUT && (s->dir & VSW_PORT_F_CAPTURE_OUT));
}

static void on_record(void *ctx, int cpu, void *data, __u32 size)
{
	struct pcap_sink *s = ctx;
	const struct vsw_capture_hdr *h = data;
	struct pcap_pkthdr ph;
	__s64 real;

	if (size < sizeof(*h) || h->caplen > size - sizeof(*h))
		return; /* not a record of ours */
	if (h->ifindex != s->ifindex || !wanted(s, h->dir))
		return;
	if (s->limit && s->written >= s->limit)
		return;
	real = (__s64)h->tstamp_ns + s->mono_to_real_ns;
	ph.ts.tv_sec = real / 1000000000LL;
	ph.ts.tv_usec = (real % 1000000000LL) / 1000;
	ph.caplen = h->caplen;
	ph.len = h->len;
	pcap_dump((u_char *)s->dumper, &ph, (const u_char *)(h + 1));
	s->written++;
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	((struct pcap_sink *)ctx)->lost += n;
}

int pcap_sink_open(const struct pcap_sink_opts *o, struct pcap_sink **out, struct vsw_err *verr)
{
	struct pcap_sink *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return vsw_errf(verr, -ENOMEM, "out of memory");
	s->ifindex = o->ifindex;
	s->dir = o->dir;
	s->mono_to_real_ns = ns_of(CLOCK_REALTIME) - ns_of(CLOCK_MONOTONIC);
	s->map_fd = bpf_obj_get(o->ring_path);
	if (s->map_fd < 0) {
		err = vsw_errf(verr, -errno,
			       "cannot open the capture ring '%s': %s (capture needs root)",
			       o->ring_path, strerror(errno));
		goto err;
	}
	s->pcap = pcap_open_dead(DLT_EN10MB, VSW_CAPTURE_SNAPLEN);
	if (!s->pcap) {
		err = vsw_errf(verr, -ENOMEM, "cannot set up libpcap");
		goto err;
	}
	s->dumper = pcap_dump_open(s->pcap, o->file);
	if (!s->dumper) {
		err = vsw_errf(verr, -EIO, "cannot write '%s': %s", o->file, pcap_geterr(s->pcap));
		goto err;
	}
	s->pb = perf_buffer__new(s->map_fd, RING_PAGES, on_record, on_lost, s, NULL);
	if (!s->pb) {
		err = vsw_errf(verr, -errno, "cannot open the capture ring's buffers: %s",
			       strerror(errno));
		goto err;
	}
	*out = s;
	return 0;
err:
	pcap_sink_close(s);
	return err;
}

int pcap_sink_run(struct pcap_sink *s, unsigned long count, volatile sig_atomic_t *stop)
{
	int ret;

	s->limit = count;
	while (!*stop && (!count || s->written < count)) {
		ret = perf_buffer__poll(s->pb, POLL_MS);
		if (ret < 0 && ret != -EINTR)
			return ret;
		/* Frames are few or many: keep the file readable as it grows. */
		pcap_dump_flush(s->dumper);
	}
	return 0;
}

unsigned long pcap_sink_written(const struct pcap_sink *s)
{
	return s->written;
}

unsigned long long pcap_sink_lost(const struct pcap_sink *s)
{
	return s->lost;
}

int pcap_sink_close(struct pcap_sink *s)
{
	int err = 0;

	if (!s)
		return 0;
	perf_buffer__free(s->pb);
	if (s->dumper) {
		if (pcap_dump_flush(s->dumper))
			err = -EIO;
		pcap_dump_close(s->dumper);
	}
	if (s->pcap)
		pcap_close(s->pcap);
	if (s->map_fd >= 0)
		close(s->map_fd);
	free(s);
	return err;
}
