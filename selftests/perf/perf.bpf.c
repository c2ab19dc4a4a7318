// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The benchmark's own XDP programs, never part of a switch.
 *
 *   perf_gen    run by BPF_PROG_TEST_RUN in live-frames mode: writes the
 *               frame's L2 header (cycling the destination MAC over
 *               gen_ndst addresses) and redirects it out of gen_ifindex.
 *   perf_limit  the bare path a switch is measured against: one
 *               bpf_redirect_map to the egress veth, nothing else.
 *   perf_l2ref  a minimal L2 forwarder, for scale: parse, one hash lookup
 *               of the destination MAC, a per-CPU counter, redirect.
 *   perf_bcast  a bare BPF_F_BROADCAST to every netdev of bcast_tx, the
 *               reference for flooding.
 *   perf_sink   counts what arrives and drops it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define PERF_HDR_MAX 18 /* Ethernet header with one 802.1Q tag */

/* Set by the loader before load. */
const volatile __u32 gen_ifindex;
const volatile __u32 gen_ndst = 1;  /* destination MACs to cycle over */
const volatile __u32 gen_hdr_len = ETH_HLEN;
/* The header every generated frame starts with; bytes 3..5 of the
 * destination MAC are replaced by the frame's sequence number mod gen_ndst. */
const volatile __u8 gen_hdr[PERF_HDR_MAX];

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} gen_seq SEC(".maps");

struct perf_count {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct perf_count);
} sink_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} limit_tx SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} bcast_tx SEC(".maps");

SEC("xdp")
int perf_gen(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *data_end = (void *)(long)ctx->data_end;
	__u32 zero = 0, i, n;
	__u64 *seq;

	/* A switch may have rewritten the header of a recycled frame. */
	if (data + PERF_HDR_MAX > data_end)
		return XDP_ABORTED;
	for (i = 0; i < PERF_HDR_MAX; i++)
		if (i < gen_hdr_len)
			data[i] = gen_hdr[i];
	if (gen_ndst > 1) {
		seq = bpf_map_lookup_elem(&gen_seq, &zero);
		if (!seq)
			return XDP_ABORTED;
		n = (*seq)++ % gen_ndst;
		data[3] = n >> 16;
		data[4] = n >> 8;
		data[5] = n;
	}
	return bpf_redirect(gen_ifindex, 0);
}

SEC("xdp")
int perf_limit(struct xdp_md *ctx)
{
	return bpf_redirect_map(&limit_tx, 0, 0);
}

struct l2ref_key {
	__u8 mac[ETH_ALEN];
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct l2ref_key);
	__type(value, __u32);
} l2ref_fdb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} l2ref_tx SEC(".maps");

SEC("xdp")
int perf_l2ref(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct l2ref_key key = {};
	struct perf_count *c;
	__u32 zero = 0, *out;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	__builtin_memcpy(key.mac, eth->h_dest, ETH_ALEN);
	out = bpf_map_lookup_elem(&l2ref_fdb, &key);
	if (!out)
		return XDP_DROP;
	c = bpf_map_lookup_elem(&sink_count, &zero);
	if (c) {
		c->packets++;
		c->bytes += data_end - data;
	}
	return bpf_redirect_map(&l2ref_tx, *out, 0);
}

SEC("xdp")
int perf_bcast(struct xdp_md *ctx)
{
	return bpf_redirect_map(&bcast_tx, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
}

SEC("xdp")
int perf_sink(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct perf_count *c = bpf_map_lookup_elem(&sink_count, &zero);

	if (c) {
		c->packets++;
		c->bytes += ctx->data_end - ctx->data;
	}
	return XDP_DROP;
}
