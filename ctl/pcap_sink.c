// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Captured frames into a pcap file (pcap_sink.h). */
#include <errno.h>
#include <stdlib.h>
/* libpcap's own struct bpf_insn would clash with the kernel's. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/dlt.h>
#include <pcap/pcap.h>

#include "pcap_sink.h"
#include "vsw_consts.h"

struct pcap_sink {
	pcap_t *pcap;
	pcap_dumper_t *dumper;
	unsigned long written;
};

int pcap_sink_open(const char *file, struct pcap_sink **out, struct vsw_err *verr)
{
	struct pcap_sink *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return vsw_errf(verr, -ENOMEM, "out of memory");
	s->pcap = pcap_open_dead(DLT_EN10MB, VSW_CAPTURE_SNAPLEN);
	if (!s->pcap) {
		err = vsw_errf(verr, -ENOMEM, "cannot set up libpcap");
		goto err;
	}
	s->dumper = pcap_dump_open(s->pcap, file);
	if (!s->dumper) {
		err = vsw_errf(verr, -EIO, "cannot write '%s': %s", file, pcap_geterr(s->pcap));
		goto err;
	}
	*out = s;
	return 0;
err:
	pcap_sink_close(s);
	return err;
}

void pcap_sink_write(struct pcap_sink *s, __u64 time_ns, __u32 len, const void *data,
		     __u32 caplen)
{
	struct pcap_pkthdr ph = {
		.ts.tv_sec = time_ns / 1000000000ULL,
		.ts.tv_usec = time_ns % 1000000000ULL / 1000,
		.caplen = caplen,
		.len = len,
	};

	pcap_dump((u_char *)s->dumper, &ph, data);
	s->written++;
}

unsigned long pcap_sink_written(const struct pcap_sink *s)
{
	return s->written;
}

int pcap_sink_flush(struct pcap_sink *s)
{
	return pcap_dump_flush(s->dumper) ? -EIO : 0;
}

int pcap_sink_close(struct pcap_sink *s)
{
	int err = 0;

	if (!s)
		return 0;
	if (s->dumper) {
		if (pcap_dump_flush(s->dumper))
			err = -EIO;
		pcap_dump_close(s->dumper);
	}
	if (s->pcap)
		pcap_close(s->pcap);
	free(s);
	return err;
}
