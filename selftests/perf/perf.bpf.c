// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The benchmark's own XDP programs, never part of a switch.
 *
 *   perf_loop   the far ends of the closed loop: each frame is counted,
 *               then sent back (XDP_TX) with its MACs swapped or set (a
 *               VXLAN packet's outer and inner ones and its addresses),
 *               or dropped, as perf_loop_ends says for the receiving netdev
 *               (selftests/perf/loop.c).
 *   perf_pass   XDP_PASS, for a netdev that needs NAPI only (a bridge
 *               port that XDP_TX frames must reach).
 *   perf_limit  the bare path a switch is measured against: one
 *               bpf_redirect_map to the egress veth, nothing else.
 *   perf_l2ref  a minimal L2 forwarder, for scale: parse, one hash lookup
 *               of the destination MAC, a per-CPU counter, redirect.
 *   perf_bcast  a bare BPF_F_BROADCAST to every netdev of bcast_tx, the
 *               reference for flooding.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include "perf_loop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PERF_LOOP_SLOTS);
	__type(key, __u32);
	__type(value, struct perf_loop_end);
} perf_loop_ends SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PERF_LOOP_SLOTS);
	__type(key, __u32);
	__type(value, struct perf_count);
} perf_loop_count SEC(".maps");

/* The destination sequence of PERF_LOOP ends with ndst > 1. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} perf_loop_seq SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct perf_count);
} l2ref_count SEC(".maps");

SEC("xdp")
int perf_loop(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *data_end = (void *)(long)ctx->data_end;
	__u32 key = ctx->ingress_ifindex, zero = 0, n, *seq;
	struct perf_loop_end *end;
	struct perf_count *c;
	__u8 tmp[ETH_ALEN];

	end = bpf_map_lookup_elem(&perf_loop_ends, &key);
	if (!end || data + ETH_HLEN > data_end)
		return XDP_DROP;
	key = end->slot;
	c = bpf_map_lookup_elem(&perf_loop_count, &key);
	if (c) {
		c->packets++;
		c->bytes += data_end - data;
	}
	switch (end->mode) {
	case PERF_LOOP_SWAP:
		__builtin_memcpy(tmp, data, ETH_ALEN);
		__builtin_memcpy(data, data + ETH_ALEN, ETH_ALEN);
		__builtin_memcpy(data + ETH_ALEN, tmp, ETH_ALEN);
		break;
	case PERF_LOOP_SET:
		__builtin_memcpy(data, end->dst, ETH_ALEN);
		__builtin_memcpy(data + ETH_ALEN, end->src, ETH_ALEN);
		break;
	case PERF_LOOP_VXLAN: {
		/* outer Ethernet 14, IPv4 20 (addresses at 26 and 30), UDP 8,
		 * VXLAN 8, inner Ethernet at 50; the IPv4 checksum holds */
		__u32 a;

		if (data + 64 > data_end)
			return XDP_DROP;
		__builtin_memcpy(tmp, data, ETH_ALEN);
		__builtin_memcpy(data, data + ETH_ALEN, ETH_ALEN);
		__builtin_memcpy(data + ETH_ALEN, tmp, ETH_ALEN);
		__builtin_memcpy(&a, data + 26, 4);
		__builtin_memcpy(data + 26, data + 30, 4);
		__builtin_memcpy(data + 30, &a, 4);
		__builtin_memcpy(tmp, data + 50, ETH_ALEN);
		__builtin_memcpy(data + 50, data + 56, ETH_ALEN);
		__builtin_memcpy(data + 56, tmp, ETH_ALEN);
		break;
	}
	default:
		return XDP_DROP;
	}
	if (end->ndst > 1) {
		seq = bpf_map_lookup_elem(&perf_loop_seq, &zero);
		if (!seq)
			return XDP_DROP;
		n = (*seq)++ % end->ndst;
		__builtin_memcpy(data, end->dst, 3);
		data[3] = n >> 16;
		data[4] = n >> 8;
		data[5] = n;
	}
	return XDP_TX;
}

SEC("xdp")
int perf_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

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
	c = bpf_map_lookup_elem(&l2ref_count, &zero);
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
