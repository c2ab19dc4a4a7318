/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The daemon's netdev operations: creating the veth pairs and TAPs it
 * offers as switch ports, link state, lookups, and a monitor of link
 * changes. rtnetlink through libmnl, plus the TUN/TAP and ethtool ioctls.
 *
 * Every function returns 0 or a negative errno and logs nothing: callers
 * word the errors. Everything acts on the caller's network namespace,
 * except the host side of a veth created into a named one.
 */
#ifndef VSW_NETDEV_H
#define VSW_NETDEV_H

#include <stdbool.h>
#include <linux/types.h>

/* A veth pair: `name` is the host side (the NIC), `peer` the switch side.
 * mac: the host side's MAC, NULL for a random one. netns: a name under
 * /run/netns to put the host side in, or NULL. The host side gets GRO
 * (veth delivers XDP-redirected frames only to a peer with NAPI) and is
 * brought up; the switch side gets IPv6 disabled and is brought up.
 * -EEXIST if either name exists (the host name: in netns), -ENOENT if the
 * netns does not, -EINVAL for a bad name. Nothing is left on failure. */
int netdev_veth_create(const char *name, const char *peer, const char *netns, const __u8 *mac,
		       const char *host_name);

/* A netns as vswd takes it: a name under /run/netns, or the absolute
 * path of a netns file (/proc/PID/ns/net, a container runtime's); at
 * most len - 1 characters. */
bool netdev_netns_valid(const char *netns, size_t len);

/* A persistent TAP (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, IFF_MULTI_QUEUE
 * when queues > 1; its user attaches the queues), owned by owner/group
 * unless (__u32)-1, IPv6 disabled, the largest MTU (netdev_mtu_raise), up. -EEXIST if the name exists. */
int netdev_tap_create(const char *name, __u32 owner, __u32 group, __u32 queues);

/* Is ifindex a TAP (a tun device in IFF_TAP mode; an L3 TUN is not)? */
int netdev_is_tap(__u32 ifindex, bool *is_tap);

/* Keep a netdev from speaking IPv6 for itself (RS, DAD, MLD). */
int netdev_ipv6_disable(const char *name);

/* Tx checksumming off (TSO goes with it) on the netdev name in the named
 * netns (NULL: the caller's): its stack then writes every checksum
 * itself, which a frame crossing a native XDP redirect needs. */
int netdev_tx_csum_off(const char *netns, const char *name);
/* GRO on, in our netns: a veth then has NAPI, which it needs to take
 * frames that native XDP redirects into its peer. */
int netdev_gro_on(const char *name);
/* The MTU of a device of the named netns (NULL: ours). */
int netdev_mtu_get(const char *netns, const char *name, __u32 *mtu);
int netdev_mtu_set(const char *netns, const char *name, __u32 mtu);

/* Raise the MTU of a switch-side netdev to the largest its driver takes
 * (IFLA_MAX_MTU). A redirect in generic XDP checks a frame's length
 * against the destination's MTU, GSO or not: at 1500 a guest's 64 KB TCP
 * frames would die there. What the NIC behind it takes is still decided
 * by that NIC (the host side of a veth, the guest). */
int netdev_mtu_raise(__u32 ifindex);

/* One rtnetlink request on a socket of its own, and its ack: replies
 * before the ack (a dump's parts) go to cb, a libmnl callback (may be
 * NULL). NLM_F_REQUEST and NLM_F_ACK are added. Returns 0 or the kernel's
 * -errno. For requests this file has no wrapper for (evpn_sync.c). */
struct nlmsghdr;
typedef int (*netdev_rtnl_cb)(const struct nlmsghdr *nlh, void *data);
int netdev_rtnl_request(struct nlmsghdr *nlh, netdev_rtnl_cb cb, void *data);

/* Delete a netdev; deleting one end of a veth deletes both. */
int netdev_delete(__u32 ifindex);

/* Administrative state (IFF_UP). */
int netdev_set_up(__u32 ifindex, bool up);

/* A Linux bridge, down, with the kernel's defaults but for multicast
 * snooping, off: a bridge that snoops sends IGMP reports of its own.
 * -EEXIST if the name exists. */
int netdev_bridge_create(const char *name);
/* Enslave ifindex to master (a bridge); 0 releases it. */
int netdev_set_master(__u32 ifindex, __u32 master);
/* Source MAC learning of a bridge port. */
int netdev_brport_set_learning(__u32 ifindex, bool on);

/* IFF_MULTICAST: off, the device joins no group for itself, so its
 * IPv4 stack sends no IGMP report even without an address. */
int netdev_set_multicast(__u32 ifindex, bool on);

/* Carrier (IFLA_CARRIER). A TAP takes it (carrier on needs a queue
 * attached: -EPERM otherwise); veth does not (-EOPNOTSUPP): set the
 * switch side down instead, its peer then loses carrier. */
int netdev_set_carrier(__u32 ifindex, bool on);

/* State of a netdev in the current netns. */
struct netdev_info {
	__u32 ifindex;
	char name[16];
	bool up;       /* IFF_UP */
	bool carrier;  /* IFF_LOWER_UP: up and carrier on */
	__u8 mac[6];   /* zero if the device has no Ethernet address */
	char kind[16]; /* IFLA_INFO_KIND: "veth", "tun", ... or "" */
	__u32 mtu;     /* IFLA_MTU */
	__u32 max_mtu; /* IFLA_MAX_MTU, 0 if the kernel does not say */
	char alias[256]; /* IFLA_IFALIAS ("" if none) */
	/* Monitor events only: the netdev is in another netns (one that has
	 * an id in ours, as a host NIC's does), where ifindex means nothing
	 * to us; the name and MTU are its own. */
	bool elsewhere;
};

/* -ENODEV if there is none. */
int netdev_get_by_name(const char *name, struct netdev_info *out);
int netdev_get_by_index(__u32 ifindex, struct netdev_info *out);

/* The Ethernet address of the next hop towards IPv4 dst (the gateway of
 * its route, or dst itself on a link), and the netdev it is reached by.
 * -EAGAIN when the kernel has no valid neighbour entry for it yet: a
 * datagram to dst has been sent so that it asks (ARP); try again later.
 * -ENETUNREACH: no route. */
int netdev_neigh_resolve(__be32 dst, __u32 *oif, __u8 mac[6]);

/* The interface alias (ip link set DEV alias TEXT); "" removes it. */
int netdev_set_alias(__u32 ifindex, const char *alias);

/* Call fn for each netdev of the current netns (deleted: false).
 * Returns 0 or -errno. */
typedef void (*netdev_event_fn)(const struct netdev_info *info, bool deleted, void *ctx);
int netdev_foreach(netdev_event_fn fn, void *ctx);

/* Link-change monitor: a non-blocking rtnetlink socket on RTMGRP_LINK.
 * netdev_monitor_read() reads everything pending and calls fn once per
 * link message (deleted: RTM_DELLINK, which includes a move to another
 * netns). -ENOBUFS: the kernel dropped events, the caller must resync
 * (the monitor stays usable). It also hears the netns that have an id in
 * ours (NETLINK_LISTEN_ALL_NSID; info->elsewhere): that is how a host NIC
 * whose host side is in a netns of its own is followed without holding a
 * socket there, which would keep the netns alive after `ip netns del`. */
struct netdev_monitor;

int netdev_monitor_open(struct netdev_monitor **out);
int netdev_monitor_fd(const struct netdev_monitor *m);
int netdev_monitor_read(struct netdev_monitor *m, netdev_event_fn fn, void *ctx);
void netdev_monitor_close(struct netdev_monitor *m); /* accepts NULL */

#endif /* VSW_NETDEV_H */
