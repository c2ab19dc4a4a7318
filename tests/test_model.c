// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The object model's rules, on real kernel objects in a private network
 * namespace: unique names, one switch per port, one NIC per port and one
 * port per NIC, refusals without force, the derived switch type, and the
 * link state a connection implies on both sides.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "model.h"
#include "model_vxlan.h"
#include "netdev.h"
#include "vxlan.h"

static struct model m;
static char bpffs[64];

static void setup(void)
{
	cr_assert_eq(unshare(CLONE_NEWNET), 0);
	system("echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
	snprintf(bpffs, sizeof(bpffs), "/sys/fs/bpf/vsw-test-%d", getpid());
	memset(&m, 0, sizeof(m));
	m.bpffs = bpffs;
}

static void teardown(void)
{
	model_free(&m, true);
	rmdir(bpffs);
}

TestSuite(model, .init = setup, .fini = teardown);

static void ok(int ret, const struct vsw_err *err)
{
	cr_assert_eq(ret, 0, "%d: %s", ret, err->msg);
}

static void refused(int ret, int code, const struct vsw_err *err, const char *text)
{
	cr_assert_eq(ret, code, "returned %d (%s), want %d", ret, err->msg, code);
	cr_assert_not_null(strstr(err->msg, text), "message '%s' lacks '%s'", err->msg, text);
}

static struct vsw_port_cfg access_cfg(__u16 vid)
{
	struct vsw_port_cfg cfg;

	vsw_port_cfg_init(&cfg);
	cfg.pvid = vid;
	return cfg;
}

static int add_host(const char *name, struct vsw_err *err)
{
	struct vnic_spec spec = { .name = name, .kind = VSW_NIC_HOST,
				  .owner = (__u32)-1, .group = (__u32)-1 };

	return model_nic_add(&m, &spec, err);
}

Test(model, names_are_unique_and_valid)
{
	struct vsw_err err;
	struct vsw_port_cfg cfg = access_cfg(1);

	ok(model_switch_add(&m, "sw0", &err), &err);
	refused(model_switch_add(&m, "sw0", &err), -EEXIST, &err, "switch 'sw0' exists");
	refused(model_switch_add(&m, "a-name-too-long!", &err), -EINVAL, &err, "invalid");
	ok(model_port_add(&m, "p1", "sw0", &cfg, &err), &err);
	refused(model_port_add(&m, "p1", "sw0", &cfg, &err), -EEXIST, &err, "port 'p1' exists");
	refused(model_port_add(&m, "p2", "nosuch", &cfg, &err), -ENOENT, &err,
		"switch 'nosuch' does not exist");
	ok(add_host("h1", &err), &err);
	refused(add_host("h1", &err), -EEXIST, &err, "nic 'h1' exists");
	cfg = access_cfg(0);
	refused(model_port_add(&m, "p3", "sw0", &cfg, &err), -EINVAL, &err, "VID 0");
}

Test(model, at_most_eight_ports_of_a_switch_mirror_in)
{
	struct vsw_port_cfg cfg = access_cfg(1);
	struct vsw_pol_settings pol;
	struct vsw_err err = { "" };
	char name[8];

	ok(model_switch_add(&m, "sw0", &err), &err);
	ok(model_switch_add(&m, "sw1", &err), &err);
	for (int i = 0; i <= VSW_MIRROR_IN_MAX; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		ok(model_port_add(&m, name, "sw0", &cfg, &err), &err);
	}
	ok(model_port_add(&m, "q0", "sw1", &cfg, &err), &err);
	vsw_pol_settings_init(&pol);
	pol.mirror = VSW_MIRROR_IN | VSW_MIRROR_OUT;
	for (int i = 0; i < VSW_MIRROR_IN_MAX; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		ok(model_port_set(&m, name, &cfg, &pol, &err), &err);
	}
	snprintf(name, sizeof(name), "p%d", VSW_MIRROR_IN_MAX);
	refused(model_port_set(&m, name, &cfg, &pol, &err), -ENOSPC, &err,
		"switch 'sw0' has 8 ports mirroring what they receive");
	cr_assert_eq(model_port_find(&m, name)->pol.mirror, 0, "the refused role is not kept");
	ok(model_port_set(&m, "p0", &cfg, &pol, &err), &err); /* its own role again */
	ok(model_port_set(&m, "q0", &cfg, &pol, &err), &err); /* another switch */
	pol.mirror = VSW_MIRROR_OUT;
	ok(model_port_set(&m, name, &cfg, &pol, &err), &err); /* out has no limit */
}

Test(model, connections_are_one_to_one)
{
	struct vsw_err err;
	struct vsw_port_cfg cfg = access_cfg(10);

	ok(model_switch_add(&m, "sw0", &err), &err);
	ok(model_port_add(&m, "p1", "sw0", &cfg, &err), &err);
	ok(model_port_add(&m, "p2", "sw0", &cfg, &err), &err);
	ok(add_host("h1", &err), &err);
	ok(add_host("h2", &err), &err);
	ok(model_nic_connect(&m, "h1", "p1", &err), &err);
	refused(model_nic_connect(&m, "h1", "p2", &err), -EBUSY, &err, "connected to port 'p1'");
	refused(model_nic_connect(&m, "h2", "p1", &err), -EBUSY, &err, "has NIC 'h1'");
	refused(model_nic_disconnect(&m, "h2", &err), -ENOTCONN, &err, "not connected");

	struct vport *p1 = model_port_find(&m, "p1");
	struct vsw_port dp;

	cr_assert_eq(p1->nic, model_nic_find(&m, "h1"));
	cr_assert_eq(vsw_dp_port_get(p1->sw->dp, model_nic_ifindex(p1->nic), &dp), 0,
		     "a connected port is a port of the datapath");
	cr_assert_eq(dp.pvid, 10);
	cr_assert(model_port_up(p1), "up: the host side is up, so the veth has carrier");
}

Test(model, refusals_without_force)
{
	struct vsw_err err;
	struct vsw_port_cfg cfg = access_cfg(1);

	ok(model_switch_add(&m, "sw0", &err), &err);
	ok(model_port_add(&m, "p1", "sw0", &cfg, &err), &err);
	ok(add_host("h1", &err), &err);
	ok(model_nic_connect(&m, "h1", "p1", &err), &err);
	refused(model_switch_del(&m, "sw0", false, &err), -EBUSY, &err, "has 1 port");
	refused(model_port_del(&m, "p1", false, &err), -EBUSY, &err, "NIC 'h1' connected");
	refused(model_nic_del(&m, "h1", false, &err), -EBUSY, &err, "connected to port 'p1'");
	cr_assert_not_null(model_port_find(&m, "p1"), "nothing changed");

	ok(model_switch_del(&m, "sw0", true, &err), &err);
	cr_assert_null(model_port_find(&m, "p1"), "force took the port");
	cr_assert_null(model_nic_find(&m, "h1")->port, "and disconnected the NIC");
	ok(model_nic_del(&m, "h1", false, &err), &err);
	cr_assert_eq(if_nametoindex("vsw-h1"), 0, "the veth is gone");
}

Test(model, switch_type_follows_the_nics)
{
	struct vsw_err err;
	struct vsw_port_cfg cfg = access_cfg(1);
	struct vnic_spec vm = { .name = "vm1", .kind = VSW_NIC_VM, .owner = (__u32)-1,
				.group = (__u32)-1 };
	struct vnic_spec phys = { .name = "up0", .kind = VSW_NIC_PHYSICAL, .ifname = "eth9",
				  .owner = (__u32)-1, .group = (__u32)-1 };
	struct vswitch *sw;

	ok(model_switch_add(&m, "sw0", &err), &err);
	sw = model_switch_find(&m, "sw0");
	for (const char *p = "pa\0pb\0pc\0"; *p; p += 3)
		ok(model_port_add(&m, p, "sw0", &cfg, &err), &err);
	cr_assert_eq(model_switch_type(&m, sw), VSW_SWITCH_PRIVATE, "no NIC: private");
	ok(model_nic_add(&m, &vm, &err), &err);
	ok(model_nic_connect(&m, "vm1", "pa", &err), &err);
	cr_assert_eq(model_switch_type(&m, sw), VSW_SWITCH_PRIVATE, "VMs only: private");
	ok(add_host("h1", &err), &err);
	ok(model_nic_connect(&m, "h1", "pb", &err), &err);
	cr_assert_eq(model_switch_type(&m, sw), VSW_SWITCH_INTERNAL, "a host NIC: internal");
	cr_assert_eq(system("ip link add eth9 type veth peer name eth9p"), 0);
	ok(model_nic_add(&m, &phys, &err), &err);
	cr_assert(model_nic_find(&m, "up0")->adopted);
	ok(model_nic_connect(&m, "up0", "pc", &err), &err);
	cr_assert_eq(model_switch_type(&m, sw), VSW_SWITCH_EXTERNAL, "a physical NIC: external");
	ok(model_nic_disconnect(&m, "up0", &err), &err);
	cr_assert_eq(model_switch_type(&m, sw), VSW_SWITCH_INTERNAL, "derived, never stored");
	ok(model_nic_del(&m, "up0", false, &err), &err);
	cr_assert_neq(if_nametoindex("eth9"), 0, "an adopted netdev is released, not deleted");
}

Test(model, legacy_nic_runs_a_device_behind_a_socket)
{
	static const __u8 mac[6] = { 0x02, 0x16, 0x3e, 0, 0, 0x21 };
	static const __u8 lite_on[6] = { 0x02, 0, 0, 0, 0, 0x21 };
	struct vnic_spec spec = { .name = "old", .kind = VSW_NIC_LEGACY, .mac = lite_on };
	struct vsw_port_cfg cfg = access_cfg(1);
	char dir[64], path[108];
	struct netdev_info info;
	struct vsw_err err;

	snprintf(dir, sizeof(dir), "/tmp/vsw-test-legacy-%d", getpid());
	m.rundir = dir;   /* created on demand */
	ok(model_switch_add(&m, "sw0", &err), &err);
	ok(model_port_add(&m, "p1", "sw0", &cfg, &err), &err);
	/* a Linux guest would send from 00:02:00:00:21:00 */
	refused(model_nic_add(&m, &spec, &err), -EINVAL, &err,
		"MAC 02:00:00:00:00:21 would be 00:02:00:00:21:00 in a Linux guest");
	cr_assert_null(model_nic_find(&m, "old"));
	cr_assert_eq(if_nametoindex("old"), 0, "nothing made for a refused NIC");
	spec.mac = mac;
	ok(model_nic_add(&m, &spec, &err), &err);
	model_legacy_socket(&m, model_nic_find(&m, "old"), path, sizeof(path));
	cr_assert_eq(access(path, F_OK), 0, "vfio-user socket %s", path);
	cr_assert_eq(netdev_get_by_name("old", &info), 0, "the backend side");
	cr_assert_eq(netdev_get_by_name("vsw-old", &info), 0, "the switch side");
	cr_assert_not(info.up, "not connected: down");
	cr_assert_arr_eq(model_nic_find(&m, "old")->mac, mac, 6);
	ok(model_nic_connect(&m, "old", "p1", &err), &err);
	cr_assert_eq(netdev_get_by_name("vsw-old", &info), 0);
	cr_assert(info.up, "connected: up");
	spec.name = "old2";
	spec.mac = NULL;
	ok(model_nic_add(&m, &spec, &err), &err);
	cr_assert(model_nic_find(&m, "old2")->has_mac, "a station address picked");
	cr_assert_eq(model_nic_find(&m, "old2")->mac[0] & 3, 2, "local, unicast");
	ok(model_nic_del(&m, "old", true, &err), &err);
	cr_assert_neq(access(path, F_OK), 0, "socket removed");
	cr_assert_eq(if_nametoindex("old"), 0, "veth pair removed");
	ok(model_nic_del(&m, "old2", true, &err), &err);
	rmdir(dir);
}

Test(model, disconnect_is_link_down_on_both_sides)
{
	struct vsw_err err;
	struct vsw_port_cfg cfg = access_cfg(1);
	struct netdev_info host;

	ok(model_switch_add(&m, "sw0", &err), &err);
	ok(model_port_add(&m, "p1", "sw0", &cfg, &err), &err);
	ok(add_host("h1", &err), &err);
	cr_assert_eq(netdev_get_by_name("h1", &host), 0);
	cr_assert_not(host.carrier, "not connected: no carrier on the host side");
	ok(model_nic_connect(&m, "h1", "p1", &err), &err);
	cr_assert_eq(netdev_get_by_name("h1", &host), 0);
	cr_assert(host.carrier, "connected: carrier");
	ok(model_nic_disconnect(&m, "h1", &err), &err);
	cr_assert_eq(netdev_get_by_name("h1", &host), 0);
	cr_assert_not(host.carrier, "disconnected: carrier lost");
	cr_assert_not(model_port_up(model_port_find(&m, "p1")));
}

Test(model, netdev_events_move_the_port_link)
{
	struct vsw_err err;
	struct vsw_port_cfg cfg = access_cfg(1);
	struct vport *p;
	struct vsw_port dp;
	__u32 ifindex;

	ok(model_switch_add(&m, "sw0", &err), &err);
	ok(model_port_add(&m, "p1", "sw0", &cfg, &err), &err);
	ok(add_host("h1", &err), &err);
	ok(model_nic_connect(&m, "h1", "p1", &err), &err);
	p = model_port_find(&m, "p1");
	ifindex = model_nic_ifindex(p->nic);
	model_netdev_event(&m, ifindex, "vsw-h1", false, false);
	cr_assert_not(model_port_up(p));
	cr_assert_eq(vsw_dp_port_get(p->sw->dp, ifindex, &dp), 0);
	cr_assert_eq(dp.flags & VSW_PORT_F_UP, 0, "the datapath port is down");
	model_netdev_event(&m, ifindex, "vsw-h1", true, false);
	cr_assert(model_port_up(p));
	cr_assert_eq(vsw_dp_port_get(p->sw->dp, ifindex, &dp), 0);
	cr_assert(dp.flags & VSW_PORT_F_UP);
}

Test(model, a_vanished_netdev_leaves_the_datapath)
{
	struct vsw_err err;
	struct vsw_port_cfg cfg = access_cfg(1);
	struct vport *p;
	struct vsw_port dp;
	__u32 old;

	ok(model_switch_add(&m, "sw0", &err), &err);
	ok(model_port_add(&m, "p1", "sw0", &cfg, &err), &err);
	ok(add_host("h1", &err), &err);
	ok(model_nic_connect(&m, "h1", "p1", &err), &err);
	p = model_port_find(&m, "p1");
	old = p->nic->dp_ifindex;
	cr_assert_neq(old, 0);
	cr_assert_eq(system("ip link del vsw-h1"), 0);
	model_netdev_event(&m, old, "vsw-h1", false, true);
	cr_assert_neq(vsw_dp_port_get(p->sw->dp, old, &dp), 0, "no port left for a dead ifindex");
	cr_assert_eq(p->nic->dp_ifindex, 0);
	cr_assert_not(model_port_up(p));
	cr_assert_eq(model_port_by_ifindex(&m, old), NULL);
	ok(model_nic_disconnect(&m, "h1", &err), &err);
}

struct seen_remote {
	__u32 vni;
	__u8 mac[6];
	__be32 vtep;
	bool by_cp;
};

static struct seen_remote seen[16];
static int n_seen;

static void collect_remote(__u32 vni, const __u8 mac[6], __be32 vtep, bool by_cp, void *arg)
{
	cr_assert_lt(n_seen, 16);
	seen[n_seen] = (struct seen_remote){ .vni = vni, .vtep = vtep, .by_cp = by_cp };
	memcpy(seen[n_seen++].mac, mac, 6);
}

static int seen_as(const __u8 mac[6], const char *vtep)
{
	for (int i = 0; i < n_seen; i++)
		if (seen[i].vni == 100 && !memcmp(seen[i].mac, mac, 6) &&
		    seen[i].vtep == inet_addr(vtep))
			return seen[i].by_cp;
	return -1;
}

Test(model, vxlan_remotes_tell_a_control_planes_from_the_rest)
{
	static const __u8 flood[6], cp_mac[6] = { 2, 0, 0, 0, 0x20, 1 },
				    learned[6] = { 2, 0, 0, 0, 0x20, 2 };
	struct vnic_vxlan vx = { .vni = 100, .local = inet_addr("192.0.2.1"), .dev = "ul0",
				 .dstport = 4789, .remote = { inet_addr("192.0.2.5") },
				 .nremote = 1 };
	struct vnic_spec spec = { .name = "vx1", .kind = VSW_NIC_VXLAN, .vx = &vx,
				  .owner = (__u32)-1, .group = (__u32)-1 };
	struct vsw_port_cfg cfg = access_cfg(1);
	struct vsw_err err;

	cr_assert_eq(system("ip link add ul0 type veth peer name ul1 && "
			    "ip addr add 192.0.2.1/24 dev ul0 && ip link set ul0 up && "
			    "ip link set ul1 up"), 0);
	ok(model_switch_add(&m, "sw0", &err), &err);
	ok(model_port_add(&m, "p1", "sw0", &cfg, &err), &err);
	ok(model_nic_add(&m, &spec, &err), &err);
	ok(model_nic_connect(&m, "vx1", "p1", &err), &err);
	/* a control plane's MAC and flood VTEP, a learned MAC */
	ok(model_vxlan_remote_mac(&m, 100, cp_mac, inet_addr("192.0.2.2"), true, &err), &err);
	ok(model_vxlan_flood_vtep(&m, 100, inet_addr("192.0.2.3"), true, &err), &err);
	cr_assert_eq(vsw_vx_remote_set(model_switch_find(&m, "sw0")->dp, 100, learned,
				       inet_addr("192.0.2.4"), false), 0);

	n_seen = 0;
	cr_assert_eq(model_vxlan_remotes(&m, collect_remote, NULL), 0);
	cr_assert_eq(n_seen, 4, "%d entries", n_seen);
	cr_assert_eq(seen_as(cp_mac, "192.0.2.2"), 1, "a control plane's MAC");
	cr_assert_eq(seen_as(flood, "192.0.2.3"), 1, "a control plane's flood VTEP");
	cr_assert_eq(seen_as(learned, "192.0.2.4"), 0, "a learned MAC");
	cr_assert_eq(seen_as(flood, "192.0.2.5"), 0, "the static remote list");

	/* What a control plane removes is gone from the list. */
	ok(model_vxlan_remote_mac(&m, 100, cp_mac, 0, false, &err), &err);
	ok(model_vxlan_flood_vtep(&m, 100, inet_addr("192.0.2.3"), false, &err), &err);
	n_seen = 0;
	cr_assert_eq(model_vxlan_remotes(&m, collect_remote, NULL), 0);
	cr_assert_eq(n_seen, 2, "%d entries", n_seen);
}
