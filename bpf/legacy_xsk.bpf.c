// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * On the backend side of a legacy NIC's veth pair: every frame the switch
 * sends to the emulated NIC goes to vswd's AF_XDP socket, which hands it
 * to the device model. Its presence also gives the veth the NAPI that
 * XDP_REDIRECT into its peer needs.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} legacy_xsks SEC(".maps");

SEC("xdp")
int legacy_xsk(struct xdp_md *ctx)
{
	/* No socket yet (or any more): the frame has nowhere to go. */
	return bpf_redirect_map(&legacy_xsks, 0, XDP_DROP);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
