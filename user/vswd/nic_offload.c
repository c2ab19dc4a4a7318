// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The checksum guarantee per NIC kind (see nic_offload.h). */
#include <string.h>

#include "vsw_ctl.h"
#include "nic_offload.h"

enum nic_csum nic_csum_choose(enum vsw_nic_kind kind, const char *link_kind, bool host_skb)
{
	switch (kind) {
	case VSW_NIC_HOST:
		/* Native XDP needs the host's stack to checksum (and so to
		 * segment) every frame itself; the skb path keeps its
		 * offloads, three times the TCP throughput (docs/offloads.md):
		 * vswd's default. */
		return host_skb ? NIC_CSUM_SKB : NIC_CSUM_TX_OFF;
	case VSW_NIC_LEGACY:
		return NIC_CSUM_NONE;
	case VSW_NIC_VM:
		/* tun runs a native program on every frame but GSO ones,
		 * those flagged NEEDS_CSUM included. */
		return NIC_CSUM_SKB;
	case VSW_NIC_VXLAN:
		/* The tunnel's programs run on skbs (bpf/vxlan.h): frames
		 * keep their GSO and checksum state through it both ways. */
		return NIC_CSUM_SKB;
	case VSW_NIC_PHYSICAL:
		/* A netdev with no link kind is hardware: what it receives
		 * comes off the wire, checksums complete. Anything virtual
		 * (veth, TAP, macvlan, ...) may carry a local stack's frames
		 * with their checksums left to offload. */
		return link_kind && !*link_kind ? NIC_CSUM_WIRE : NIC_CSUM_SKB;
	default:
		return NIC_CSUM_UNKNOWN;
	}
}

bool nic_csum_skb_mode(enum nic_csum c)
{
	return c == NIC_CSUM_SKB;
}

const char *nic_csum_name(enum nic_csum c)
{
	switch (c) {
	case NIC_CSUM_TX_OFF:
		return "tx-off";
	case NIC_CSUM_SKB:
		return "skb-path";
	case NIC_CSUM_WIRE:
		return "wire";
	case NIC_CSUM_NONE:
		return "none";
	default:
		return "unknown";
	}
}
