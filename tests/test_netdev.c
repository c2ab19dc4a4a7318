// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The netdev operations (user/dp/netdev.c) against the real kernel: each test
 * makes devices in a network namespace of its own and reads their state
 * back through sysfs, procfs, ethtool and ip(8), not only through the
 * library that set it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <criterion/criterion.h>

#include "netdev.h"
#include "testlib.h"

#define MAC_A "02:00:00:00:10:0a"

static char ns[32]; /* the named netns of a netns test */

/* A netns, and a mount namespace with a sysfs of its own: /sys/class/net
 * shows the netns of whoever mounted sysfs, and that must be this one. */
static void setup(void)
{
	cr_assert_eq(unshare(CLONE_NEWNET | CLONE_NEWNS), 0, "unshare: %s", strerror(errno));
	cr_assert_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0, "make / private: %s",
		     strerror(errno));
	cr_assert_eq(mount("sysfs", "/sys", "sysfs", 0, NULL), 0, "mount sysfs: %s",
		     strerror(errno));
}

static void setup_netns(void)
{
	setup();
	snprintf(ns, sizeof(ns), "vsw-t-%d", getpid());
	cr_assert_eq(run_cmd("ip netns add %s", ns), 0, "ip netns add %s", ns);
}

static void teardown_netns(void)
{
	run_cmd("ip netns del %s 2>/dev/null", ns);
}

TestSuite(netdev, .init = setup);

static struct netdev_info get(const char *name)
{
	struct netdev_info info;
	int err = netdev_get_by_name(name, &info);

	cr_assert_eq(err, 0, "get %s: %s", name, strerror(-err));
	return info;
}

static bool exists(const char *name)
{
	struct netdev_info info;
	int err = netdev_get_by_name(name, &info);

	cr_assert(err == 0 || err == -ENODEV, "get %s: %s", name, strerror(-err));
	return !err;
}

static bool gro_on(const char *name)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GGRO };
	struct ifreq ifr = { .ifr_data = (void *)&ev };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	cr_assert_geq(fd, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	cr_assert_eq(ioctl(fd, SIOCETHTOOL, &ifr), 0, "ETHTOOL_GGRO %s: %s", name,
		     strerror(errno));
	close(fd);
	return ev.data;
}

/* First line of a sysfs or procfs file. */
static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	cr_assert_not_null(f, "open %s: %s", path, strerror(errno));
	cr_assert_not_null(fgets(buf, len, f), "read %s", path);
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static void assert_ipv6_disabled(const char *name)
{
	char path[128], val[16];

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
	read_line(path, val, sizeof(val));
	cr_assert_str_eq(val, "1", "%s: disable_ipv6 %s", name, val);
}

static void veth(const char *name, const char *peer)
{
	int err = netdev_veth_create(name, peer, NULL, NULL, NULL);

	cr_assert_eq(err, 0, "veth %s/%s: %s", name, peer, strerror(-err));
}

static void tap(const char *name, __u32 owner, __u32 group, __u32 queues)
{
	int err = netdev_tap_create(name, owner, group, queues);

	cr_assert_eq(err, 0, "tap %s: %s", name, strerror(-err));
}

Test(netdev, veth_create)
{
	struct netdev_info host, sw;
	__u8 mac[6];

	mac_parse(MAC_A, mac);
	cr_assert_eq(netdev_veth_create("vh0", "vs0", NULL, mac, NULL), 0);
	host = get("vh0");
	sw = get("vs0");
	cr_assert_eq(memcmp(host.mac, mac, 6), 0, "host side has the MAC asked for");
	cr_assert_str_eq(host.kind, "veth");
	cr_assert_str_eq(sw.kind, "veth");
	cr_assert(host.up && sw.up, "both ends up");
	cr_assert(host.carrier && sw.carrier, "both ends have carrier");
	cr_assert(gro_on("vh0"), "GRO on the host side");
	assert_ipv6_disabled("vs0");
}

Test(netdev, veth_random_mac)
{
	struct netdev_info host;

	veth("vh0", "vs0");
	host = get("vh0");
	/* eth_hw_addr_random(): unicast, locally administered. */
	cr_assert_eq(host.mac[0] & 0x03, 0x02, "random MAC %02x:...", host.mac[0]);
}

Test(netdev, veth_exists)
{
	veth("vh0", "vs0");
	cr_assert_eq(netdev_veth_create("vh0", "vs1", NULL, NULL, NULL), -EEXIST, "host name taken");
	cr_assert_eq(netdev_veth_create("vh1", "vs0", NULL, NULL, NULL), -EEXIST, "peer name taken");
	cr_assert_eq(netdev_veth_create("lo", "vs2", NULL, NULL, NULL), -EEXIST, "name of a non-veth");
	cr_assert(!exists("vs1") && !exists("vh1") && !exists("vs2"), "nothing left behind");
	cr_assert_eq(netdev_veth_create("", "vs3", NULL, NULL, NULL), -EINVAL);
	cr_assert_eq(netdev_veth_create("vh4", "a-name-much-too-long", NULL, NULL, NULL), -EINVAL);
}

/* netdev_get_by_name and GRO, inside the named netns. */
static void get_in_netns(const char *name, struct netdev_info *info, bool *gro)
{
	char path[64];
	int self, target, err;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	self = open("/proc/self/ns/net", O_RDONLY);
	target = open(path, O_RDONLY);
	cr_assert(self >= 0 && target >= 0, "open netns fds");
	cr_assert_eq(setns(target, CLONE_NEWNET), 0, "enter %s: %s", ns, strerror(errno));
	err = netdev_get_by_name(name, info);
	if (!err)
		*gro = gro_on(name);
	cr_assert_eq(setns(self, CLONE_NEWNET), 0, "back from %s: %s", ns, strerror(errno));
	close(self);
	close(target);
	cr_assert_eq(err, 0, "get %s in %s: %s", name, ns, strerror(-err));
}

Test(netdev, veth_into_netns, .init = setup_netns, .fini = teardown_netns)
{
	struct netdev_info host;
	bool gro = false;
	__u8 mac[6];

	mac_parse(MAC_A, mac);
	cr_assert_eq(netdev_veth_create("vh0", "vs0", ns, mac, NULL), 0);
	cr_assert(!exists("vh0"), "host side not in the caller's netns");
	cr_assert(get("vs0").up, "switch side up");
	assert_ipv6_disabled("vs0");
	cr_assert_eq(run_cmd("ip -n %s link show vh0 >/dev/null", ns), 0, "ip -n %s sees vh0", ns);
	get_in_netns("vh0", &host, &gro);
	cr_assert(host.up && host.carrier, "host side up, with carrier, in %s", ns);
	cr_assert_eq(memcmp(host.mac, mac, 6), 0, "host side kept its MAC");
	cr_assert(gro, "host side kept GRO through the move");
}

/* A container's way: the netns by path, the host side renamed in it
 * (eth0 of the namespace, whatever the caller's eth0 is). */
Test(netdev, veth_into_netns_path_renamed, .init = setup_netns, .fini = teardown_netns)
{
	struct netdev_info host;
	char path[64];
	bool gro = false;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	cr_assert_eq(netdev_veth_create("vh0", "vs0", path, NULL, "eth0"), 0);
	cr_assert(!exists("vh0"), "host side not in the caller's netns");
	cr_assert(get("vs0").up, "switch side up");
	get_in_netns("eth0", &host, &gro);
	cr_assert(host.up, "host side up as eth0 in %s", ns);
	cr_assert_eq(run_cmd("ip -n %s link show vh0 >/dev/null 2>&1", ns), 1 << 8,
		     "no vh0 in %s: renamed", ns);
	cr_assert_eq(netdev_veth_create("vh1", "vs1", path, NULL, "eth0"), -EEXIST,
		     "eth0 is taken in the netns");
	cr_assert(!exists("vh1") && !exists("vs1"), "the failed pair is gone");
	cr_assert_eq(netdev_veth_create("vh1", "vs1", "/run/netns/../x", NULL, NULL), -EINVAL);
}

Test(netdev, veth_netns_errors, .init = setup_netns, .fini = teardown_netns)
{
	char missing[48];

	snprintf(missing, sizeof(missing), "%s-none", ns);
	cr_assert_eq(netdev_veth_create("vh0", "vs0", missing, NULL, NULL), -ENOENT);
	cr_assert_eq(netdev_veth_create("vh0", "vs0", "../x", NULL, NULL), -EINVAL);
	cr_assert(!exists("vh0") && !exists("vs0"), "nothing made for a missing netns");

	/* The host name is taken in the netns only. */
	cr_assert_eq(run_cmd("ip -n %s link add vh1 type veth peer name other", ns), 0);
	cr_assert_eq(netdev_veth_create("vh1", "vs1", ns, NULL, NULL), -EEXIST);
	cr_assert(!exists("vh1") && !exists("vs1"), "the failed pair is gone");
}

/* tun_flags, owner, group of a TAP from sysfs. */
static void tap_sysfs(const char *name, unsigned long *flags, long *owner, long *group)
{
	char path[128], val[32];

	snprintf(path, sizeof(path), "/sys/class/net/%s/tun_flags", name);
	read_line(path, val, sizeof(val));
	*flags = strtoul(val, NULL, 0);
	snprintf(path, sizeof(path), "/sys/class/net/%s/owner", name);
	read_line(path, val, sizeof(val));
	*owner = strtol(val, NULL, 10);
	snprintf(path, sizeof(path), "/sys/class/net/%s/group", name);
	read_line(path, val, sizeof(val));
	*group = strtol(val, NULL, 10);
}

/* The MTU of a netdev, from sysfs. */
static unsigned long sysfs_mtu(const char *name)
{
	char path[128], val[32];

	snprintf(path, sizeof(path), "/sys/class/net/%s/mtu", name);
	read_line(path, val, sizeof(val));
	return strtoul(val, NULL, 10);
}

Test(netdev, mtu_raise)
{
	struct netdev_info sw;

	cr_assert_eq(netdev_veth_create("vh2", "vs2", NULL, NULL, NULL), 0);
	sw = get("vs2");
	cr_assert_eq(sw.mtu, 1500, "a new veth: MTU 1500");
	cr_assert_gt(sw.max_mtu, 1500, "IFLA_MAX_MTU read: %u", sw.max_mtu);
	cr_assert_eq(netdev_mtu_raise(sw.ifindex), 0);
	cr_assert_eq(sysfs_mtu("vs2"), sw.max_mtu, "raised to the driver's maximum");
	cr_assert_eq(sysfs_mtu("vh2"), 1500, "the host side keeps its MTU");
	cr_assert_eq(netdev_mtu_raise(sw.ifindex), 0, "raising again is no change");
}

Test(netdev, tap_create)
{
	unsigned long want = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | IFF_PERSIST;
	unsigned long flags;
	long owner, group;
	struct netdev_info info;

	tap("tap0", 1234, 5678, 4);
	tap_sysfs("tap0", &flags, &owner, &group);
	cr_assert_eq(flags & (want | IFF_MULTI_QUEUE), want | IFF_MULTI_QUEUE, "tun_flags %#lx",
		     flags);
	cr_assert_eq(owner, 1234);
	cr_assert_eq(group, 5678);
	info = get("tap0");
	cr_assert(info.up, "TAP up");
	cr_assert_str_eq(info.kind, "tun");
	assert_ipv6_disabled("tap0");
	cr_assert_eq(sysfs_mtu("tap0"), info.max_mtu, "the TAP takes its largest MTU, %u",
		     info.max_mtu);
	cr_assert_gt(info.max_mtu, 65000, "a TAP takes 64 KB GSO frames: max MTU %u",
		     info.max_mtu);

	tap("tap1", (__u32)-1, (__u32)-1, 1);
	tap_sysfs("tap1", &flags, &owner, &group);
	cr_assert_eq(flags & (want | IFF_MULTI_QUEUE), want, "tun_flags %#lx", flags);
	cr_assert_eq(owner, -1, "no owner");
	cr_assert_eq(group, -1, "no group");
}

Test(netdev, tap_exists)
{
	tap("tap0", (__u32)-1, (__u32)-1, 1);
	veth("vh0", "vs0");
	cr_assert_eq(netdev_tap_create("tap0", (__u32)-1, (__u32)-1, 1), -EEXIST, "a TAP");
	cr_assert_eq(netdev_tap_create("vs0", (__u32)-1, (__u32)-1, 1), -EEXIST, "a veth");
	cr_assert_eq(netdev_tap_create("a-name-much-too-long", (__u32)-1, (__u32)-1, 1), -EINVAL);
}

Test(netdev, is_tap)
{
	bool is_tap = true;

	tap("tap0", (__u32)-1, (__u32)-1, 2);
	veth("vh0", "vs0");
	cr_assert_eq(run_cmd("ip tuntap add mode tun name tun0"), 0);
	cr_assert_eq(netdev_is_tap(get("tap0").ifindex, &is_tap), 0);
	cr_assert(is_tap, "the TAP");
	cr_assert_eq(netdev_is_tap(get("vs0").ifindex, &is_tap), 0);
	cr_assert(!is_tap, "a veth");
	cr_assert_eq(netdev_is_tap(get("tun0").ifindex, &is_tap), 0);
	cr_assert(!is_tap, "an L3 TUN");
	cr_assert_eq(netdev_is_tap(get("lo").ifindex, &is_tap), 0);
	cr_assert(!is_tap, "lo");
	cr_assert_eq(netdev_is_tap(99999, &is_tap), -ENODEV);
}

Test(netdev, get)
{
	struct netdev_info by_name, by_index;

	by_name = get("lo");
	cr_assert_eq(netdev_get_by_index(by_name.ifindex, &by_index), 0);
	cr_assert_str_eq(by_index.name, "lo");
	cr_assert_eq(memcmp(&by_name, &by_index, sizeof(by_name)), 0, "same answer both ways");
	cr_assert_str_eq(by_name.kind, "", "lo has no kind");
	cr_assert(!by_name.up, "lo of a new netns is down");
	cr_assert_eq(netdev_get_by_name("nonesuch", &by_name), -ENODEV);
	cr_assert_eq(netdev_get_by_index(99999, &by_name), -ENODEV);
	cr_assert_eq(netdev_get_by_index(0, &by_name), -ENODEV);
}

Test(netdev, set_up)
{
	__u32 sw;

	veth("vh0", "vs0");
	sw = get("vs0").ifindex;
	cr_assert_eq(netdev_set_up(sw, false), 0);
	cr_assert(!get("vs0").up, "switch side down");
	cr_assert(get("vh0").up && !get("vh0").carrier, "host side up, without carrier");
	cr_assert_eq(run_cmd("ip link show vs0 | grep -q 'state DOWN'"), 0, "ip agrees");
	cr_assert_eq(netdev_set_up(sw, true), 0);
	cr_assert(get("vs0").up, "switch side up again");
	cr_assert(get("vh0").carrier, "host side has carrier again");
	cr_assert_eq(netdev_set_up(99999, true), -ENODEV);
}

/* Attach a queue to a single-queue TAP, as its user would. */
static int tap_attach(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
	int fd = open("/dev/net/tun", O_RDWR);

	cr_assert_geq(fd, 0, "open /dev/net/tun: %s", strerror(errno));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	cr_assert_eq(ioctl(fd, TUNSETIFF, &ifr), 0, "attach %s: %s", name, strerror(errno));
	return fd;
}

Test(netdev, set_carrier)
{
	__u32 ifindex;
	int fd;

	tap("tap0", (__u32)-1, (__u32)-1, 1);
	ifindex = get("tap0").ifindex;
	cr_assert(!get("tap0").carrier, "no queue attached, no carrier");
	cr_assert_eq(netdev_set_carrier(ifindex, true), -EPERM, "carrier needs a queue");

	fd = tap_attach("tap0");
	cr_assert(get("tap0").carrier, "a queue attached brings carrier");
	cr_assert_eq(netdev_set_carrier(ifindex, false), 0);
	cr_assert(get("tap0").up && !get("tap0").carrier, "up, without carrier");
	cr_assert_eq(run_cmd("ip link show tap0 | grep -q NO-CARRIER"), 0, "ip shows NO-CARRIER");
	cr_assert_eq(netdev_set_carrier(ifindex, true), 0);
	cr_assert(get("tap0").carrier, "carrier back");
	cr_assert_neq(run_cmd("ip link show tap0 | grep -q NO-CARRIER"), 0, "ip shows carrier");
	close(fd);

	veth("vh0", "vs0");
	cr_assert_eq(netdev_set_carrier(get("vs0").ifindex, false), -EOPNOTSUPP, "not on veth");
}

Test(netdev, delete)
{
	struct netdev_info info;
	__u32 host, sw, tp;

	veth("vh0", "vs0");
	tap("tap0", (__u32)-1, (__u32)-1, 1);
	host = get("vh0").ifindex;
	sw = get("vs0").ifindex;
	tp = get("tap0").ifindex;
	cr_assert_eq(netdev_delete(host), 0);
	cr_assert_eq(netdev_get_by_index(host, &info), -ENODEV, "host side gone");
	cr_assert_eq(netdev_get_by_index(sw, &info), -ENODEV, "switch side gone with it");
	cr_assert_eq(netdev_delete(tp), 0);
	cr_assert(!exists("tap0"), "TAP gone");
	cr_assert_eq(netdev_delete(tp), -ENODEV);
}

/* What the monitor reported. */
struct events {
	__u32 ifindex;   /* the device watched */
	int seen;        /* events about it */
	bool went_down;  /* one with up == false */
	bool deleted;
	int other;       /* events about other devices */
};

static void on_event(const struct netdev_info *info, bool deleted, void *ctx)
{
	struct events *ev = ctx;

	if (info->ifindex != ev->ifindex) {
		ev->other++;
		return;
	}
	ev->seen++;
	ev->went_down |= !deleted && !info->up;
	ev->deleted |= deleted;
}

/* Read events until *flag is set, for at most a second. */
static void read_until(struct netdev_monitor *m, struct events *ev, bool *flag)
{
	struct pollfd pfd = { .fd = netdev_monitor_fd(m), .events = POLLIN };

	for (int i = 0; i < 100 && !*flag; i++) {
		int err;

		poll(&pfd, 1, 10);
		err = netdev_monitor_read(m, on_event, ev);
		cr_assert_eq(err, 0, "monitor read: %s", strerror(-err));
	}
}

Test(netdev, monitor)
{
	struct netdev_monitor *m = NULL;
	struct events ev = { 0 };

	cr_assert_eq(netdev_monitor_open(&m), 0);
	cr_assert_geq(netdev_monitor_fd(m), 0);
	cr_assert_eq(netdev_monitor_read(m, on_event, &ev), 0, "nothing pending is no error");

	veth("vh0", "vs0");
	ev.ifindex = get("vs0").ifindex;
	cr_assert_eq(netdev_monitor_read(m, on_event, &ev), 0);
	cr_assert_gt(ev.seen, 0, "creation seen");
	cr_assert_gt(ev.other, 0, "the host side's events too");

	cr_assert_eq(netdev_set_up(ev.ifindex, false), 0);
	read_until(m, &ev, &ev.went_down);
	cr_assert(ev.went_down, "an event with up=false for vs0");
	cr_assert(!ev.deleted);

	cr_assert_eq(netdev_delete(ev.ifindex), 0);
	read_until(m, &ev, &ev.deleted);
	cr_assert(ev.deleted, "deleted=true for vs0");
	netdev_monitor_close(m);
	netdev_monitor_close(NULL);
}

/* A port leaving a bridge is an AF_BRIDGE RTM_DELLINK: not a deletion. */
Test(netdev, monitor_bridge_port)
{
	struct netdev_monitor *m = NULL;
	struct events ev = { 0 };
	bool never = false;

	veth("vh0", "vs0");
	ev.ifindex = get("vs0").ifindex;
	cr_assert_eq(netdev_monitor_open(&m), 0);
	cr_assert_eq(run_cmd("ip link add br0 type bridge && ip link set vs0 master br0 && "
			 "ip link set vs0 nomaster"), 0);
	read_until(m, &ev, &never);
	cr_assert_gt(ev.seen, 0, "vs0's events seen");
	cr_assert(!ev.deleted, "vs0 not reported deleted");
	cr_assert(exists("vs0"));
	netdev_monitor_close(m);
}

Test(netdev, monitor_overflow)
{
	struct netdev_monitor *m = NULL;
	struct events ev = { 0 };
	int small = 1, err;
	__u32 sw;

	cr_assert_eq(netdev_monitor_open(&m), 0);
	/* The smallest receive buffer the kernel allows, then a burst. */
	cr_assert_eq(setsockopt(netdev_monitor_fd(m), SOL_SOCKET, SO_RCVBUF, &small,
				sizeof(small)), 0);
	veth("vh0", "vs0");
	sw = get("vs0").ifindex;
	for (int i = 0; i < 50; i++)
		cr_assert_eq(netdev_set_up(sw, i & 1), 0);
	err = netdev_monitor_read(m, on_event, &ev);
	cr_assert_eq(err, -ENOBUFS, "overflow reported: %s", strerror(-err));

	/* After the caller's resync (and a buffer that holds a delete's
	 * events) the monitor goes on. */
	cr_assert_eq(netdev_monitor_read(m, on_event, &ev), 0);
	small = 1 << 20;
	cr_assert_eq(setsockopt(netdev_monitor_fd(m), SOL_SOCKET, SO_RCVBUF, &small,
				sizeof(small)), 0);
	ev = (struct events){ .ifindex = sw };
	cr_assert_eq(netdev_delete(sw), 0);
	read_until(m, &ev, &ev.deleted);
	cr_assert(ev.deleted, "events after the overflow");
	netdev_monitor_close(m);
}
