// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The daemon's netdev operations (see netdev.h). Each rtnetlink request
 * goes out on a socket of its own (nl_request): no state to share between
 * callers, and a reply can only be the answer to that request.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <linux/neighbour.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>

#include "netdev.h"

#define NL_MSG_SIZE 512    /* a request: a few names and attributes */
#define NL_BUF_SIZE 32768  /* a reply or event datagram, as libmnl advises for dumps */

struct netdev_monitor {
	struct mnl_socket *nl;
	char buf[NL_BUF_SIZE];
};

/* A link message decoded, with what netdev_is_tap needs beyond netdev_info. */
struct link_reply {
	struct netdev_info info;
	__u8 tun_type; /* IFLA_TUN_TYPE: IFF_TUN or IFF_TAP; 0 if no tun */
};

static bool name_ok(const char *name)
{
	return name && *name && strlen(name) < IFNAMSIZ;
}

/* One request and its ack: replies before the ack go to cb (may be NULL).
 * Returns 0 or the kernel's -errno. */
static int nl_request(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[NL_BUF_SIZE];
	struct mnl_socket *nl;
	unsigned int portid;
	int ret, err = 0;
	ssize_t n;

	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	/* The ack ends every exchange, a GETLINK's included. */
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		err = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		ret = n < 0 ? MNL_CB_ERROR : mnl_cb_run(buf, n, nlh->nlmsg_seq, portid, cb, data);
	} while (ret == MNL_CB_OK);
	if (ret == MNL_CB_ERROR)
		err = -errno; /* from recvfrom, or from an error ack */
out:
	mnl_socket_close(nl);
	return err;
}

int netdev_rtnl_request(struct nlmsghdr *nlh, netdev_rtnl_cb cb, void *data)
{
	return nl_request(nlh, cb, data);
}

/* Start a link request: header and ifinfomsg, attributes to follow. */
static struct nlmsghdr *link_msg(char *buf, __u16 type, __u16 flags, __u32 ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return nlh;
}

static void attr_strcpy(char *dst, size_t size, const struct nlattr *a)
{
	size_t n = strnlen(mnl_attr_get_str(a), mnl_attr_get_payload_len(a));

	if (n >= size)
		n = size - 1;
	memcpy(dst, mnl_attr_get_str(a), n);
	dst[n] = '\0';
}

static void linkinfo_parse(const struct nlattr *linkinfo, struct link_reply *r)
{
	const struct nlattr *a, *data = NULL;

	mnl_attr_for_each_nested(a, linkinfo) {
		if (mnl_attr_get_type(a) == IFLA_INFO_KIND)
			attr_strcpy(r->info.kind, sizeof(r->info.kind), a);
		else if (mnl_attr_get_type(a) == IFLA_INFO_DATA)
			data = a;
	}
	/* IFLA_INFO_DATA is per kind: only tun's is of interest. */
	if (!data || strcmp(r->info.kind, "tun"))
		return;
	mnl_attr_for_each_nested(a, data)
		if (mnl_attr_get_type(a) == IFLA_TUN_TYPE)
			r->tun_type = mnl_attr_get_u8(a);
}

/* Decode an RTM_NEWLINK/RTM_DELLINK. -EPROTO if it is too short. */
static int link_parse(const struct nlmsghdr *nlh, struct link_reply *r)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return -EPROTO;
	memset(r, 0, sizeof(*r));
	r->info.ifindex = ifm->ifi_index;
	r->info.up = ifm->ifi_flags & IFF_UP;
	r->info.carrier = ifm->ifi_flags & IFF_LOWER_UP;
	mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_IFNAME:
			attr_strcpy(r->info.name, sizeof(r->info.name), a);
			break;
		case IFLA_ADDRESS:
			/* Only an Ethernet address is a MAC (an L3 TUN has none). */
			if (mnl_attr_get_payload_len(a) == ETH_ALEN)
				memcpy(r->info.mac, mnl_attr_get_payload(a), ETH_ALEN);
			break;
		case IFLA_LINKINFO:
			linkinfo_parse(a, r);
			break;
		case IFLA_MTU:
			r->info.mtu = mnl_attr_get_u32(a);
			break;
		case IFLA_MAX_MTU:
			r->info.max_mtu = mnl_attr_get_u32(a);
			break;
		case IFLA_IFALIAS:
			attr_strcpy(r->info.alias, sizeof(r->info.alias), a);
			break;
		}
	}
	return 0;
}

static int link_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK && link_parse(nlh, data) < 0) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* RTM_GETLINK by name, or by ifindex when name is NULL. */
static int link_get(__u32 ifindex, const char *name, struct link_reply *r)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_GETLINK, 0, name ? 0 : ifindex);
	int err;

	if (name && !name_ok(name))
		return -EINVAL;
	if (!name && !ifindex)
		return -ENODEV; /* the kernel would say EINVAL: no name, no index */
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	/* The counters are the largest part of the reply, and not wanted. */
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	memset(r, 0, sizeof(*r));
	err = nl_request(nlh, link_reply_cb, r);
	if (!err && !r->info.ifindex)
		err = -ENODEV;
	return err;
}

int netdev_get_by_name(const char *name, struct netdev_info *out)
{
	struct link_reply r;
	int err = link_get(0, name ? name : "", &r);

	if (!err)
		*out = r.info;
	return err;
}

int netdev_get_by_index(__u32 ifindex, struct netdev_info *out)
{
	struct link_reply r;
	int err = link_get(ifindex, NULL, &r);

	if (!err)
		*out = r.info;
	return err;
}

int netdev_set_alias(__u32 ifindex, const char *alias)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex);

	if (strlen(alias) >= sizeof(((struct netdev_info *)0)->alias))
		return -ENAMETOOLONG;
	mnl_attr_put_strz(nlh, IFLA_IFALIAS, alias);
	return nl_request(nlh, NULL, NULL);
}

struct foreach_ctx {
	netdev_event_fn fn;
	void *ctx;
};

static int foreach_cb(const struct nlmsghdr *nlh, void *data)
{
	struct foreach_ctx *f = data;
	struct link_reply r;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (link_parse(nlh, &r) < 0) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	f->fn(&r.info, false, f->ctx);
	return MNL_CB_OK;
}

int netdev_foreach(netdev_event_fn fn, void *ctx)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_GETLINK, NLM_F_DUMP, 0);
	struct foreach_ctx f = { fn, ctx };

	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	return nl_request(nlh, foreach_cb, &f);
}

int netdev_is_tap(__u32 ifindex, bool *is_tap)
{
	struct link_reply r;
	int err = link_get(ifindex, NULL, &r);

	if (!err)
		*is_tap = !strcmp(r.info.kind, "tun") && r.tun_type == IFF_TAP;
	return err;
}

/* IFF_UP, and first a move into the netns of nsfd unless it is -1: one
 * request, since the move takes the device down. */
/* Up or down; moved to the netns nsfd (>= 0) and renamed to name (not
 * NULL) in the same step. */
static int link_set_up(__u32 ifindex, bool up, int nsfd, const char *name)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex);
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	ifm->ifi_flags = up ? IFF_UP : 0;
	ifm->ifi_change = IFF_UP;
	if (nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, nsfd);
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nl_request(nlh, NULL, NULL);
}

int netdev_set_up(__u32 ifindex, bool up)
{
	return link_set_up(ifindex, up, -1, NULL);
}

int netdev_bridge_create(const char *name)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	struct nlattr *linkinfo, *data;

	if (!name_ok(name))
		return -EINVAL;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* Snooping would make the bridge join the all-snoopers group and
	 * send IGMP reports of its own. */
	mnl_attr_put_u8(nlh, IFLA_BR_MCAST_SNOOPING, 0);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nl_request(nlh, NULL, NULL);
}

int netdev_set_master(__u32 ifindex, __u32 master)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex);

	mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	return nl_request(nlh, NULL, NULL);
}

int netdev_brport_set_learning(__u32 ifindex, bool on)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex);
	struct nlattr *linkinfo, *data;

	/* ip link set DEV type bridge_slave learning on|off */
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_LEARNING, on);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nl_request(nlh, NULL, NULL);
}

int netdev_set_multicast(__u32 ifindex, bool on)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex);
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	ifm->ifi_flags = on ? IFF_MULTICAST : 0;
	ifm->ifi_change = IFF_MULTICAST;
	return nl_request(nlh, NULL, NULL);
}

int netdev_set_carrier(__u32 ifindex, bool on)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex);

	mnl_attr_put_u8(nlh, IFLA_CARRIER, on);
	return nl_request(nlh, NULL, NULL);
}

int netdev_mtu_raise(__u32 ifindex)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	struct link_reply r;
	int err = link_get(ifindex, NULL, &r);

	if (err)
		return err;
	if (!r.info.max_mtu || r.info.mtu >= r.info.max_mtu)
		return 0;
	nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex);
	mnl_attr_put_u32(nlh, IFLA_MTU, r.info.max_mtu);
	return nl_request(nlh, NULL, NULL);
}

int netdev_delete(__u32 ifindex)
{
	char buf[NL_MSG_SIZE];

	return nl_request(link_msg(buf, RTM_DELLINK, 0, ifindex), NULL, NULL);
}

/* A switch port must not send router solicitations or DAD probes of its
 * own into the switch: disable IPv6 on it before it goes up. */
int netdev_ipv6_disable(const char *name)
{
	char path[64];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		/* The device exists, so no file means no IPv6 in this kernel. */
		return errno == ENOENT ? 0 : -errno;
	if (write(fd, "1", 1) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* A datagram socket of the named netns (NULL: ours): an ethtool ioctl
 * acts on the netns its socket was made in. setns() moves this thread
 * only, and only for the socket() call. Returns the fd or -errno. */
bool netdev_netns_valid(const char *netns, size_t len)
{
	size_t n = strlen(netns);

	if (!n || n >= len)
		return false;
	return netns[0] == '/' ? !strstr(netns, "/../") : !strchr(netns, '/') && n <= NAME_MAX;
}

/* Open a netns by name (/run/netns/NAME) or by path: the fd or -errno. */
static int netns_open(const char *netns)
{
	char path[PATH_MAX];
	int fd;

	if (netns[0] == '/')
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static int socket_in_netns(const char *netns)
{
	int self, nsfd, fd;

	if (!netns) {
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		return fd < 0 ? -errno : fd;
	}
	nsfd = netns_open(netns);
	if (nsfd < 0)
		return nsfd;
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0) {
		fd = -errno;
		close(nsfd);
		return fd;
	}
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		fd = -errno;
	} else {
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			fd = -errno;
		/* Back home; if that failed, every later call would act on
		 * the wrong netns: nothing sane is left to do. */
		if (setns(self, CLONE_NEWNET) < 0)
			abort();
	}
	close(self);
	close(nsfd);
	return fd;
}

/* One ethtool ioctl on a device of the named netns (NULL: ours). */
static int ethtool_set(const char *netns, const char *name, __u32 cmd, __u32 value)
{
	struct ethtool_value ev = { .cmd = cmd, .data = value };
	struct ifreq ifr = { .ifr_data = (void *)&ev };
	int fd, err = 0;

	if (!name_ok(name))
		return -EINVAL;
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	fd = socket_in_netns(netns);
	if (fd < 0)
		return fd;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0)
		err = -errno;
	close(fd);
	return err;
}

int netdev_tx_csum_off(const char *netns, const char *name)
{
	return ethtool_set(netns, name, ETHTOOL_STXCSUM, 0);
}

int netdev_gro_on(const char *name)
{
	return ethtool_set(NULL, name, ETHTOOL_SGRO, 1);
}

/* Read (SIOCGIFMTU) or set (SIOCSIFMTU) the MTU of a device of the named
 * netns (NULL: ours), by ioctl on a socket of that netns. */
static int mtu_ioctl(const char *netns, const char *name, unsigned long req, __u32 *mtu)
{
	struct ifreq ifr = { .ifr_mtu = (int)*mtu };
	int fd, err = 0;

	if (!name_ok(name))
		return -EINVAL;
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	fd = socket_in_netns(netns);
	if (fd < 0)
		return fd;
	if (ioctl(fd, req, &ifr) < 0)
		err = -errno;
	else
		*mtu = ifr.ifr_mtu;
	close(fd);
	return err;
}

int netdev_mtu_get(const char *netns, const char *name, __u32 *mtu)
{
	*mtu = 0;
	return mtu_ioctl(netns, name, SIOCGIFMTU, mtu);
}

int netdev_mtu_set(const char *netns, const char *name, __u32 mtu)
{
	return mtu_ioctl(netns, name, SIOCSIFMTU, &mtu);
}

static int veth_add(const char *name, const char *peer, const __u8 *mac)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	struct nlattr *linkinfo, *data, *peerinfo;
	struct ifinfomsg *ifm;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, ETH_ALEN, mac);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* The peer is described like a link of its own: ifinfomsg, attributes. */
	peerinfo = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_nest_end(nlh, peerinfo);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nl_request(nlh, NULL, NULL);
}

/* Everything after creation; GRO is set while the host side is still
 * ours, so no ioctl has to enter the netns. */
static int veth_setup(const char *name, __u32 host, const char *peer, __u32 sw, int nsfd,
		      const char *host_name)
{
	int err;

	/* veth hands XDP-redirected frames only to a peer with NAPI, which
	 * GRO turns on. */
	err = netdev_gro_on(name);
	if (!err)
		err = netdev_ipv6_disable(peer);
	if (!err)
		err = link_set_up(host, true, nsfd, host_name);
	if (!err)
		err = netdev_set_up(sw, true);
	return err;
}

int netdev_veth_create(const char *name, const char *peer, const char *netns, const __u8 *mac,
		       const char *host_name)
{
	__u32 host, sw;
	int nsfd = -1, err;

	if (!name_ok(name) || !name_ok(peer) || (host_name && !name_ok(host_name)) ||
	    (netns && !netdev_netns_valid(netns, PATH_MAX)))
		return -EINVAL;
	if (netns) {
		nsfd = netns_open(netns);
		if (nsfd < 0)
			return nsfd;
	}
	err = veth_add(name, peer, mac);
	if (!err) {
		host = if_nametoindex(name);
		sw = if_nametoindex(peer);
		/* Gone already? Someone else's doing; undo what is left. */
		err = host && sw ? veth_setup(name, host, peer, sw, nsfd, host_name) : -ENODEV;
		if (err && (sw || host))
			netdev_delete(sw ? sw : host);
	}
	if (nsfd >= 0)
		close(nsfd);
	return err;
}

/* Owner, group and persistence of the TAP attached to fd. */
static int tap_configure(int fd, __u32 owner, __u32 group)
{
	if (owner != (__u32)-1 && ioctl(fd, TUNSETOWNER, (unsigned long)owner) < 0)
		return -errno;
	if (group != (__u32)-1 && ioctl(fd, TUNSETGROUP, (unsigned long)group) < 0)
		return -errno;
	if (ioctl(fd, TUNSETPERSIST, 1UL) < 0)
		return -errno;
	return 0;
}

int netdev_tap_create(const char *name, __u32 owner, __u32 group, __u32 queues)
{
	/* IFF_TUN_EXCL: without it TUNSETIFF would attach to an existing TAP. */
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | IFF_TUN_EXCL };
	__u32 ifindex;
	int fd, err;

	if (!name_ok(name))
		return -EINVAL;
	/* TUNSETIFF on the name of another kind of device says EINVAL. */
	if (if_nametoindex(name))
		return -EEXIST;
	if (queues > 1)
		ifr.ifr_flags |= IFF_MULTI_QUEUE;
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		err = errno == EBUSY ? -EEXIST : -errno;
	else
		err = tap_configure(fd, owner, group);
	/* Not persistent yet (err): closing the fd removes the TAP. */
	close(fd);
	if (err)
		return err;
	ifindex = if_nametoindex(name);
	if (!ifindex)
		return -ENODEV;
	err = netdev_ipv6_disable(name);
	if (!err)
		err = netdev_mtu_raise(ifindex);
	if (!err)
		err = netdev_set_up(ifindex, true);
	if (err)
		netdev_delete(ifindex);
	return err;
}

struct monitor_call {
	netdev_event_fn fn;
	void *ctx;
	bool elsewhere; /* the message came from another netns */
};

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct monitor_call *call = data;
	struct link_reply r;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	/* AF_BRIDGE messages are about bridge ports (a DELLINK there means
	 * "left its bridge"), not about the netdev itself. */
	if (link_parse(nlh, &r) < 0 || ifm->ifi_family != AF_UNSPEC)
		return MNL_CB_OK;
	r.info.elsewhere = call->elsewhere;
	call->fn(&r.info, nlh->nlmsg_type == RTM_DELLINK, call->ctx);
	return MNL_CB_OK;
}

int netdev_monitor_open(struct netdev_monitor **out)
{
	struct netdev_monitor *m = calloc(1, sizeof(*m));
	int err, on = 1;

	if (!m)
		return -ENOMEM;
	m->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!m->nl || mnl_socket_bind(m->nl, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		netdev_monitor_close(m);
		return err;
	}
	/* Without it (an old kernel) host NICs in other netns are still
	 * read at connect and at each resync. */
	mnl_socket_setsockopt(m->nl, NETLINK_LISTEN_ALL_NSID, &on, sizeof(on));
	*out = m;
	return 0;
}

int netdev_monitor_fd(const struct netdev_monitor *m)
{
	return mnl_socket_get_fd(m->nl);
}

int netdev_monitor_read(struct netdev_monitor *m, netdev_event_fn fn, void *ctx)
{
	struct monitor_call call = { .fn = fn, .ctx = ctx };
	char control[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = m->buf, .iov_len = sizeof(m->buf) };
	struct sockaddr_nl sa;
	struct msghdr msg = {
		.msg_name = &sa, .msg_namelen = sizeof(sa),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct cmsghdr *cm;
	ssize_t n;

	for (;;) {
		msg.msg_control = control;
		msg.msg_controllen = sizeof(control);
		n = recvmsg(mnl_socket_get_fd(m->nl), &msg, 0);
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		/* A message from another netns carries that netns' id. */
		call.elsewhere = false;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
			if (cm->cmsg_level == SOL_NETLINK && cm->cmsg_type == NETLINK_LISTEN_ALL_NSID)
				call.elsewhere = true;
		/* seq and portid 0: events are nobody's reply. */
		if (mnl_cb_run(m->buf, n, 0, 0, monitor_cb, &call) == MNL_CB_ERROR)
			return -errno;
	}
}

void netdev_monitor_close(struct netdev_monitor *m)
{
	if (!m)
		return;
	if (m->nl)
		mnl_socket_close(m->nl);
	free(m);
}

/* ---- the underlay next hop of a remote VTEP ---- */

struct route_reply {
	__u32 oif;
	__be32 gateway;
	bool found;
};

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_reply *r = data;
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(struct rtmsg)) {
		if (mnl_attr_get_type(a) == RTA_OIF)
			r->oif = mnl_attr_get_u32(a);
		else if (mnl_attr_get_type(a) == RTA_GATEWAY &&
			 mnl_attr_get_payload_len(a) == 4)
			memcpy(&r->gateway, mnl_attr_get_payload(a), 4);
	}
	r->found = true;
	return MNL_CB_OK;
}

struct neigh_reply {
	__u8 mac[6];
	bool found;
};

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct neigh_reply *r = data;
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWNEIGH || !(nd->ndm_state & (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY)))
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*nd))
		if (mnl_attr_get_type(a) == NDA_LLADDR && mnl_attr_get_payload_len(a) == 6) {
			memcpy(r->mac, mnl_attr_get_payload(a), 6);
			r->found = true;
		}
	return MNL_CB_OK;
}

/* Make the kernel resolve the next hop: a datagram towards dst (port 9,
 * discard), which the kernel holds until its ARP is answered. */
static void neigh_probe(__be32 dst)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(9) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	sin.sin_addr.s_addr = dst;
	sendto(fd, "", 0, MSG_DONTWAIT, (struct sockaddr *)&sin, sizeof(sin));
	close(fd);
}

int netdev_neigh_resolve(__be32 dst, __u32 *oif, __u8 mac[6])
{
	char buf[NL_MSG_SIZE];
	struct route_reply rt = {};
	struct neigh_reply nr = {};
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	struct ndmsg *nd;
	__be32 hop;
	int err;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	mnl_attr_put(nlh, RTA_DST, 4, &dst);
	err = nl_request(nlh, route_cb, &rt);
	if (err)
		return err;
	if (!rt.found || !rt.oif)
		return -ENETUNREACH;
	*oif = rt.oif;
	hop = rt.gateway ?: dst;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = AF_INET;
	nd->ndm_ifindex = rt.oif;
	mnl_attr_put(nlh, NDA_DST, 4, &hop);
	err = nl_request(nlh, neigh_cb, &nr);
	if ((err && err != -ENOENT) || !nr.found) {
		neigh_probe(dst);
		return err && err != -ENOENT ? err : -EAGAIN;
	}
	memcpy(mac, nr.mac, 6);
	return 0;
}
