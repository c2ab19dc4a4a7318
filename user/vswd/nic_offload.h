/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * How each kind of NIC delivers complete checksums to every destination
 * (docs/offloads.md). A sending stack may leave the L4 checksum to offload
 * (CHECKSUM_PARTIAL; a guest's virtio-net sets NEEDS_CSUM and sends GSO
 * frames); a frame redirected by native XDP loses its skb and with it
 * that state, and arrives with only the pseudo-header sum. So either the
 * source writes every checksum (host NICs by default: vswd turns tx
 * checksumming off on the host side), or the source port keeps the skb
 * path (generic XDP: the redirect keeps the skb's checksum and GSO state;
 * VM NICs, and host NICs with vswd --host-nics skb), or the source has
 * nothing left to offload (the wire, the emulated 21140A).
 */
#ifndef VSW_NIC_OFFLOAD_H
#define VSW_NIC_OFFLOAD_H

#include <stdbool.h>
#include "vsw_consts.h"

enum nic_csum {
	NIC_CSUM_UNKNOWN,  /* not decided yet (no netdev) */
	NIC_CSUM_TX_OFF,   /* host NIC: tx checksumming off on the host side */
	NIC_CSUM_SKB,      /* ingress in generic XDP: offload state kept */
	NIC_CSUM_WIRE,     /* hardware: frames from the wire are complete */
	NIC_CSUM_NONE,     /* legacy NIC: the 21140A offloads nothing */
};

/* The choice for a NIC of this kind whose port netdev is of link kind
 * link_kind (IFLA_INFO_KIND: "" for hardware, "veth", "tun", ...);
 * host_skb: host NICs take the skb path rather than tx-off. */
enum nic_csum nic_csum_choose(enum vsw_nic_kind kind, const char *link_kind, bool host_skb);

/* Does the choice attach ingress in generic (skb) XDP? */
bool nic_csum_skb_mode(enum nic_csum c);

/* "tx-off", "skb-path", "wire", "none", "unknown": nic show's words. */
const char *nic_csum_name(enum nic_csum c);

#endif /* VSW_NIC_OFFLOAD_H */
