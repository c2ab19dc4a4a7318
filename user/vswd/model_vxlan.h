/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * VXLAN in the model (docs/multihost.md): what a control plane (BGP EVPN,
 * user/vswd/evpn*) calls to read the local side of each VNI and to write
 * the remote side.
 *
 * A VXLAN NIC (VSW_NIC_VXLAN) is a tunnel endpoint: a local VTEP address
 * on an underlay netdev, a UDP port, and the VNIs it carries. Connected
 * to an access port it carries one VNI, the port's VLAN; connected to a
 * trunk port it carries several, one per VLAN of its vni-map (VID=VNI).
 * Each VNI is therefore one VLAN of one switch. A VNI is carried by at
 * most one VXLAN NIC of a vswd.
 *
 * Remote state per VNI:
 *  - remote MACs: MAC -> VTEP. Static (a control plane's, never aged) or
 *    learned from decapsulated frames (flood-and-learn). In the switch's
 *    FDB a remote MAC lives behind the tunnel port; the VTEP is kept
 *    beside it, in the tunnel's own table.
 *  - the flood list: the remote VTEPs a broadcast, multicast or unknown
 *    unicast of the VNI is copied to (head-end replication). The NIC's
 *    static `remote` list is part of it and persisted; entries a control
 *    plane adds are not persisted (it sends them again after a restart).
 *
 * Addresses are IPv4 in network byte order (__be32), VNIs host order
 * (1..VSW_VNI_MAX). Every call returns 0, or a negative errno with err
 * set (vsw_errf()).
 */
#ifndef VSW_MODEL_VXLAN_H
#define VSW_MODEL_VXLAN_H

#include <stdbool.h>
#include <linux/types.h>
#include "model.h"

/* One VNI of a connected VXLAN NIC, as model_vxlan_vnis() reports it. */
struct vxlan_vni_info {
	__u32 vni;
	__u16 vid;                     /* its VLAN in the switch */
	__u16 dstport;                 /* UDP port, host order */
	__be32 local;                  /* our VTEP address */
	__u32 underlay_ifindex;        /* 0: the underlay netdev is missing */
	char underlay[VSW_NAME_MAX];   /* underlay netdev name */
	char nic[VSW_NAME_MAX];        /* the VXLAN NIC */
	char sw[VSW_NAME_MAX];         /* its switch */
	bool up;                       /* the tunnel port forwards */
};

typedef void (*vxlan_vni_fn)(const struct vxlan_vni_info *vni, void *arg);
typedef void (*vxlan_mac_fn)(const __u8 mac[6], void *arg);
/* A remote entry of a VNI: a MAC behind vtep, or (mac all zero) vtep in
 * the flood list. by_cp: a control plane's (model_vxlan_remote_mac(),
 * model_vxlan_flood_vtep()); otherwise learned, or the NIC's static
 * `remote` list. */
typedef void (*vxlan_remote_fn)(__u32 vni, const __u8 mac[6], __be32 vtep, bool by_cp,
				void *arg);

/* Each VNI of each VXLAN NIC connected to a port, in NIC order. */
int model_vxlan_vnis(struct model *m, vxlan_vni_fn cb, void *arg);

/* The VNI's entry; -ENOENT when no connected NIC carries it. */
int model_vxlan_vni(struct model *m, __u32 vni, struct vxlan_vni_info *out,
		    struct vsw_err *err);

/* The local MACs of a VNI: the FDB entries of its VLAN behind any port of
 * its switch but a tunnel port (learned or static), and the station MACs
 * of NICs connected to ports of that VLAN. Each MAC once. */
int model_vxlan_local_macs(struct model *m, __u32 vni, vxlan_mac_fn cb, void *arg,
			   struct vsw_err *err);

/* A remote MAC of the VNI behind VTEP vtep: a static entry in the switch's
 * FDB on the tunnel port and the VTEP for it. add replaces an entry for
 * the same MAC (a learned one, or a static one with another VTEP: a MAC
 * move); !add removes the entry (vtep ignored; no entry is no error). */
int model_vxlan_remote_mac(struct model *m, __u32 vni, const __u8 mac[6], __be32 vtep,
			   bool add, struct vsw_err *err);

/* A remote VTEP in the VNI's flood list, or out of it. Removing a VTEP
 * the NIC's static `remote` list names keeps it there. Removing a VTEP
 * also flushes the remote MACs it had, learned and static (the host went
 * away). */
int model_vxlan_flood_vtep(struct model *m, __u32 vni, __be32 vtep, bool add,
			   struct vsw_err *err);

/* Every remote entry of every VNI of the connected VXLAN NICs, as the
 * datapath has them (after a restart: what an earlier vswd left). */
int model_vxlan_remotes(struct model *m, vxlan_remote_fn cb, void *arg);

/* ---- for vswd itself ---- */

/* Is vx a valid tunnel for NIC name (its VNIs nobody else's)? */
int model_vxlan_check(const struct model *m, const char *name, const struct vnic_vxlan *vx,
		      struct vsw_err *err);
/* A connected VXLAN NIC's counters (-ENOTCONN when it is not). */
int model_vxlan_stats(const struct vnic *n, struct vsw_vx_stats *out);
/* The VTEP of a remote MAC the FDB has behind port ifindex in VLAN vid. */
bool model_vxlan_fdb_vtep(const struct model *m, __u32 ifindex, __u16 vid, const __u8 mac[6],
			  __be32 *vtep);
/* Periodically: resolve the remote VTEPs' next hops again, age learned
 * remote MACs. */
void model_vxlan_tick(struct model *m);
/* Soon after m->vx_nh_pending was set: ask again for the next hops the
 * datapath does not have yet. */
void model_vxlan_resolve(struct model *m);

#endif /* VSW_MODEL_VXLAN_H */
