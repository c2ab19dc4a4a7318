/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The VXLAN maps and programs of a switch (bpf/vxlan.h, include/
 * vsw_structs.h, docs/multihost.md). Like datapath.h: 0 or a negative
 * errno, nothing logged for the expected failures.
 */
#ifndef VSW_DP_VXLAN_H
#define VSW_DP_VXLAN_H

#include <stdbool.h>
#include <linux/types.h>
#include "datapath.h"

/* An underlay netdev: our VTEP on it, and vsw_vxlan_decap attached in
 * native XDP if native (hardware: frames off the wire, before any skb),
 * else in generic XDP (a virtual netdev: GSO frames from stacks of this
 * kernel keep their skb). -EBUSY: another XDP program is on it (another
 * switch's decap among them). Setting it again updates the address. */
int vsw_vx_underlay_set(struct vsw_dp *dp, __u32 ifindex, const struct vsw_vx_underlay *u,
			bool native);
int vsw_vx_underlay_get(struct vsw_dp *dp, __u32 ifindex, struct vsw_vx_underlay *out);
/* UDP tunnel segmentation offload off on a virtual underlay (our netns);
 * *flags: the VSW_VX_UL_F_TNL_* bits of what was on and is now off, for
 * its record. vsw_vx_offload_restore() turns those on again. */
int vsw_vx_offload_off(const char *ifname, __u32 *flags);
int vsw_vx_offload_restore(const char *ifname, __u32 flags);
/* Detach our decap from it, turn on again what vsw_vx_offload_off()
 * turned off on it (its record's flags), and forget it. */
int vsw_vx_underlay_del(struct vsw_dp *dp, __u32 ifindex);

/* A tunnel netdev: vsw_vxlan_encap attached at TC ingress, t its record. */
int vsw_vx_tun_set(struct vsw_dp *dp, __u32 ifindex, const struct vsw_vx_tun *t);
int vsw_vx_tun_del(struct vsw_dp *dp, __u32 ifindex);
int vsw_vx_tun_get(struct vsw_dp *dp, __u32 ifindex, struct vsw_vx_tun *out);

int vsw_vx_vni_set(struct vsw_dp *dp, __u32 vni, const struct vsw_vx_vni *v);
int vsw_vx_vni_del(struct vsw_dp *dp, __u32 vni);
/* A trunk tunnel's VID -> VNI. */
int vsw_vx_vid_set(struct vsw_dp *dp, __u32 tun, __u16 vid, __u32 vni);
int vsw_vx_vid_del(struct vsw_dp *dp, __u32 tun, __u16 vid);

/* The VNI's flood list, replaced whole; n == 0 removes it. -E2BIG beyond
 * VSW_VX_FLOOD_MAX. */
int vsw_vx_flood_set(struct vsw_dp *dp, __u32 vni, const __be32 *vteps, unsigned int n);

/* Remote MACs. */
int vsw_vx_remote_set(struct vsw_dp *dp, __u32 vni, const __u8 mac[6], __be32 vtep,
		      bool is_static);
int vsw_vx_remote_del(struct vsw_dp *dp, __u32 vni, const __u8 mac[6]);
int vsw_vx_remote_get(struct vsw_dp *dp, __u32 vni, const __u8 mac[6],
		      struct vsw_vx_remote *out);
typedef int (*vsw_vx_remote_fn)(const struct vsw_vx_mac_key *key,
				const struct vsw_vx_remote *r, void *ctx);
int vsw_vx_remote_foreach(struct vsw_dp *dp, vsw_vx_remote_fn fn, void *ctx);
/* One walk of the remote MACs: the learned ones older than max_age_ns
 * go (0: none), and those that stay are counted again into
 * vsw_vx_learned, per tunnel port (the decap only adds; what it learns
 * during the walk may be missed until the next count). */
int vsw_vx_remote_age(struct vsw_dp *dp, __u64 max_age_ns, unsigned int *removed);
/* The same without aging: after a flush, or a connect. */
int vsw_vx_learned_recount(struct vsw_dp *dp);

/* The next hop MAC towards a remote VTEP (from the neighbour table). */
int vsw_vx_nh_set(struct vsw_dp *dp, __be32 vtep, const __u8 mac[6]);
int vsw_vx_nh_get(struct vsw_dp *dp, __be32 vtep, __u8 mac[6]);
int vsw_vx_nh_del(struct vsw_dp *dp, __be32 vtep);

/* Take the VXLAN programs off every underlay and tunnel netdev (the
 * switch is being destroyed). */
void vsw_vx_detach_all(struct vsw_dp *dp);

/* A tunnel port's VXLAN counters, summed over CPUs (by its port slot). */
int vsw_vx_stats(struct vsw_dp *dp, __u32 slot, struct vsw_vx_stats *out);

#endif /* VSW_DP_VXLAN_H */
