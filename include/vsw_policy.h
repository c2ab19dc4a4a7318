/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Port policies (docs/policies.md): what the datapath enforces per port
 * besides VLANs and learning. One struct vsw_port_policy per port slot in
 * vsw_port_pol (ARRAY), written by the loader only; the token buckets'
 * running state in vsw_pol_bucket (ARRAY, one __u64 per slot and bucket),
 * written by the datapath with atomic adds.
 *
 * The datapath's zero value is "no policy": every guard off, 802.1p
 * trusted, no limit. vswd applies the Hyper-V defaults on top of that.
 */
#ifndef VSW_POLICY_H
#define VSW_POLICY_H

#include <linux/types.h>
#include "vsw_consts.h"

/* vsw_port_policy.flags */
#define VSW_POL_F_MAC_GUARD    (1U << 0) /* source MAC must be in macs[] */
#define VSW_POL_F_DHCP_GUARD   (1U << 1) /* no DHCP server messages from the NIC */
#define VSW_POL_F_ROUTER_GUARD (1U << 2) /* no RA, ICMPv6/ICMPv4 redirects */
#define VSW_POL_F_PRIO_RESET   (1U << 3) /* 802.1p bits from the NIC set to 0 */

/* The NIC's own MAC plus the allow list. */
#define VSW_POL_MACS 8

/*
 * Token buckets of a port. Direction as seen from the NIC: OUT is what the
 * NIC sends into the switch (checked at ingress), IN what it receives.
 */
enum vsw_pol_bucket {
	VSW_BKT_RATE_OUT = 0,
	VSW_BKT_RATE_IN,
	VSW_BKT_STORM_BCAST,   /* broadcast entering the port */
	VSW_BKT_STORM_MCAST,   /* multicast (not broadcast) entering the port */
	VSW_BKT_STORM_UNKNOWN, /* unicast to an unknown MAC entering the port */
	VSW_BKT__MAX,
};

/* Bit scale of vsw_bucket_cfg.cost: cost is nanoseconds << 16 per unit,
 * so 10 Gbit/s (0.8 ns per byte) still has 16 bits of precision. */
#define VSW_BKT_COST_SHIFT 16

/*
 * One bucket, as a virtual clock (docs/policies.md): a unit (a byte for a
 * rate, a frame for storm control) costs `cost` >> 16 ns of the clock; a
 * frame passes when the clock, after its cost, is not ahead of now; an
 * idle clock is never further behind now than depth_ns (the burst).
 */
struct vsw_bucket_cfg {
	__u64 cost;     /* ns << VSW_BKT_COST_SHIFT per unit; 0: no limit */
	__u64 depth_ns; /* the burst, as time at the configured rate */
};

/*
 * Private VLAN role of a port (an access port in the primary VLAN). Of two
 * ports in a primary VLAN, a frame goes from one to the other only when
 * either has no role, one is promiscuous for the other's secondary VID, or
 * both are in the same community.
 */
enum vsw_pvlan_role {
	VSW_PVLAN_NONE = 0,
	VSW_PVLAN_PROMISCUOUS,
	VSW_PVLAN_ISOLATED,
	VSW_PVLAN_COMMUNITY,
};

struct vsw_port_policy {
	__u32 flags;  /* VSW_POL_F_* */
	__u32 nmacs;  /* entries of macs[] in use (mac guard) */
	__u8 macs[VSW_POL_MACS][6];
	struct vsw_bucket_cfg bkt[VSW_BKT__MAX];
	__u8 pvlan;             /* enum vsw_pvlan_role */
	__u8 pad;
	__u16 pvlan_secondary;  /* isolated, community: the port's secondary VID */
	__u32 pad2;
	/* promiscuous: the secondary VIDs it serves, bit v = VID v */
	__u64 pvlan_serves[VSW_VID_BITMAP_WORDS];
};

#define VSW_MAP_PORT_POL   "vsw_port_pol"
#define VSW_MAP_POL_BUCKET "vsw_pol_bucket"

#endif /* VSW_POLICY_H */
