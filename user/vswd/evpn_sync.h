/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * BGP EVPN through FRR's zebra (vswd --evpn; docs/multihost.md, "Control
 * plane"). zebra learns a VTEP's VNIs and local MACs from the kernel and
 * installs the remote ones there; vsw's data plane is XDP, so vswd keeps
 * a shadow of each VNI in the kernel, the way SONiC syncs FRR with an ASIC:
 *
 *   vswb<VNI>  a Linux bridge, never forwarding a frame of vsw's;
 *   vswx<VNI>  a kernel vxlan device (id VNI, local VTEP, dstport,
 *              nolearning) on that bridge: zebra reads the VNI from it
 *              and installs the remote MACs and flood VTEPs on it;
 *   vswp<VNI>  a port of the bridge (a veth whose peer vswq<VNI> stays
 *              alone), holding the local MACs as FDB entries.
 *
 * Local MACs (polled from the model, diffed) become `extern_learn` FDB
 * entries on vswp<VNI>: the bridge never ages them and zebra advertises
 * them as non-sticky type-2 routes, so a MAC may move (a static entry would
 * be advertised sticky and pinned). Remote MACs and flood VTEPs that zebra
 * puts on vswx<VNI> (NDA_DST) are heard on rtnetlink and handed to the
 * model; at start they are dumped, so a restarted vswd takes over, and
 * what the data plane still has of a control plane's but the dump lacks
 * (withdrawn meanwhile) is removed.
 *
 * Devices stay when vswd exits (zebra keeps advertising, a restart finds
 * them); they go when their VNI goes.
 */
#ifndef VSW_EVPN_SYNC_H
#define VSW_EVPN_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct nlmsghdr;

#define EVPN_SYNC_POLL_MS 500 /* how often local MACs are diffed */

/* A VNI this vswd serves, as the data plane has it. */
struct evpn_vni {
	__u32 vni;
	__be32 local;  /* the local VTEP address */
	__u16 dstport; /* UDP port, host order */
};

typedef int (*evpn_vni_fn)(const struct evpn_vni *v, void *arg);
typedef int (*evpn_mac_fn)(const __u8 mac[6], void *arg);
/* A remote entry the data plane has: a MAC of the VNI behind vtep, or,
 * mac all zero, vtep in the VNI's flood list. mine: a control plane put
 * it there (the sync's to remove); not mine: learned from decapsulated
 * frames, or the NIC's static `remote` list, which the sync leaves be. */
typedef int (*evpn_remote_fn)(__u32 vni, const __u8 mac[6], __be32 vtep, bool mine,
			      void *arg);

/* What the sync needs from the model. Each returns 0 or -errno. */
struct evpn_ops {
	int (*vnis)(void *ctx, evpn_vni_fn fn, void *arg);
	/* MACs of the VNI on local ports (learned or configured). */
	int (*local_macs)(void *ctx, __u32 vni, evpn_mac_fn fn, void *arg);
	/* A remote MAC behind a VTEP: add replaces (a move); del names the
	 * VTEP it was behind. */
	int (*remote_mac)(void *ctx, __u32 vni, const __u8 mac[6], __be32 vtep, bool add);
	/* A VTEP's membership of the VNI's flood list. */
	int (*flood)(void *ctx, __u32 vni, __be32 vtep, bool add);
	/* Every remote entry of every VNI the data plane has now. A full
	 * dump (the first, or one after lost events) removes those that are
	 * mine and no longer on the shadow vxlan device: what zebra withdrew
	 * while vswd was down, or while events were lost. */
	int (*remotes)(void *ctx, evpn_remote_fn fn, void *arg);
	void *ctx;
};

struct evpn_sync;

/* owner: written into the shadow devices' aliases (who made them). */
int evpn_sync_open(const struct evpn_ops *ops, const char *owner, struct evpn_sync **out);
/* The rtnetlink socket to poll for input; evpn_sync_read() on input. */
int evpn_sync_fd(const struct evpn_sync *s);
int evpn_sync_read(struct evpn_sync *s);
/* Every EVPN_SYNC_POLL_MS: shadow devices follow the VNIs, local MACs
 * are diffed into the shadow bridge. */
void evpn_sync_tick(struct evpn_sync *s);
/* Leaves the devices in place (restart takeover). Accepts NULL. */
void evpn_sync_close(struct evpn_sync *s);

/* Counters, for logs and tests. */
struct evpn_sync_stats {
	__u64 local_adds, local_dels;   /* FDB entries put on / taken off vswp */
	__u64 remote_adds, remote_dels; /* remote MAC calls into the model */
	__u64 flood_adds, flood_dels;   /* flood list calls */
	__u64 resyncs;                  /* full dumps after lost events */
};
void evpn_sync_get_stats(const struct evpn_sync *s, struct evpn_sync_stats *out);

/* The message builders and the parser, for the tests. */

/* RTM_NEWNEIGH (add: create or replace) or RTM_DELNEIGH of a local MAC
 * on bridge port ifindex: AF_BRIDGE, NTF_MASTER | NTF_EXT_LEARNED,
 * NUD_REACHABLE. buf: at least EVPN_MSG_SIZE bytes. */
#define EVPN_MSG_SIZE 512
struct nlmsghdr *evpn_msg_local_mac(void *buf, bool add, __u32 ifindex, const __u8 mac[6]);

/* RTM_NEWLINK creating a vxlan device: id, local, dstport, no learning,
 * enslaved to master (0: none). */
struct nlmsghdr *evpn_msg_vxlan(void *buf, const char *name, const struct evpn_vni *v,
				__u32 master);

/* An AF_BRIDGE neighbour message of a kernel vxlan device's own FDB. */
struct evpn_neigh {
	bool deleted;   /* RTM_DELNEIGH */
	__u32 ifindex;
	__u8 mac[6];    /* all zero: a flood list entry */
	__be32 dst;     /* the remote VTEP */
};
/* 0 if nlh is an AF_BRIDGE RTM_NEWNEIGH/RTM_DELNEIGH with a lladdr and an
 * IPv4 NDA_DST (a vxlan device's own entry), -ENOENT for any other
 * neighbour message (bridge entries, ARP, IPv6 VTEPs), -EPROTO if short. */
int evpn_neigh_parse(const struct nlmsghdr *nlh, struct evpn_neigh *out);

#endif /* VSW_EVPN_SYNC_H */
