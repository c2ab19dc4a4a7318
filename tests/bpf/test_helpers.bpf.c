// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Programs the tests attach around a switch, never part of it.
 * xdp_pass on a host-side veth gives it NAPI, without which frames
 * redirected into its peer are dropped by the veth driver. It takes
 * multi-buffer frames, so that the veth lets its peer (the switch's
 * port) have an MTU above a page, as jumbo frames need.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp.frags")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}
