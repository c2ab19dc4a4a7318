// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * evpn_sync (user/vswd/evpn_sync.c): its netlink messages byte by byte,
 * and the module against the real kernel in a netns of its own, with
 * bridge(8) playing zebra (it writes the vxlan device's FDB as zebra
 * does) and a fake model that records every call. What the module made
 * is read back with ip(8) and bridge(8), not through the module.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <criterion/criterion.h>

#include "evpn_sync.h"
#include "testlib.h"

static const __u8 MAC_L1[6] = { 0x02, 0, 0, 0, 0x10, 0x01 };
static const __u8 MAC_L2[6] = { 0x02, 0, 0, 0, 0x10, 0x02 };
static const __u8 MAC_R[6] = { 0x02, 0, 0, 0, 0x20, 0x01 };

/* msg: build and parse */

Test(evpn_msg, local_mac_add_is_extern_learn_replace)
{
	char buf[EVPN_MSG_SIZE];
	struct nlmsghdr *nlh = evpn_msg_local_mac(buf, true, 7, MAC_L1);
	struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	int lladdr = 0;

	cr_assert_eq(nlh->nlmsg_type, RTM_NEWNEIGH);
	cr_assert_eq(nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_REPLACE | NLM_F_EXCL),
		     NLM_F_CREATE | NLM_F_REPLACE, "create or replace, never exclusive");
	cr_assert_eq(ndm->ndm_family, AF_BRIDGE);
	cr_assert_eq(ndm->ndm_ifindex, 7);
	cr_assert_eq(ndm->ndm_flags, NTF_MASTER | NTF_EXT_LEARNED, "flags 0x%x", ndm->ndm_flags);
	/* NUD_NOARP (static) would make zebra advertise the MAC as sticky. */
	cr_assert_eq(ndm->ndm_state, NUD_REACHABLE, "state 0x%x", ndm->ndm_state);
	mnl_attr_for_each(a, nlh, sizeof(*ndm)) {
		cr_assert_eq(mnl_attr_get_type(a), NDA_LLADDR, "attr %u", mnl_attr_get_type(a));
		cr_assert_eq(mnl_attr_get_payload_len(a), 6);
		cr_assert_arr_eq(mnl_attr_get_payload(a), MAC_L1, 6);
		lladdr++;
	}
	cr_assert_eq(lladdr, 1);
}

Test(evpn_msg, local_mac_del)
{
	char buf[EVPN_MSG_SIZE];
	struct nlmsghdr *nlh = evpn_msg_local_mac(buf, false, 9, MAC_L2);
	struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);

	cr_assert_eq(nlh->nlmsg_type, RTM_DELNEIGH);
	cr_assert_eq(nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_REPLACE), 0);
	cr_assert_eq(ndm->ndm_ifindex, 9);
	cr_assert_eq(ndm->ndm_flags & NTF_MASTER, NTF_MASTER);
}

Test(evpn_msg, vxlan_link)
{
	struct evpn_vni v = { .vni = 100, .local = htonl(0x0a000001), .dstport = 4789 };
	char buf[EVPN_MSG_SIZE];
	struct nlmsghdr *nlh = evpn_msg_vxlan(buf, "vswx100", &v, 5);
	const struct nlattr *a, *b, *c;
	bool name = false, master = false, kind = false, id = false, local = false, port = false,
	     learning = false;

	cr_assert_eq(nlh->nlmsg_type, RTM_NEWLINK);
	cr_assert_eq(nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL), NLM_F_CREATE | NLM_F_EXCL);
	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_IFNAME:
			name = !strcmp(mnl_attr_get_str(a), "vswx100");
			break;
		case IFLA_MASTER:
			master = mnl_attr_get_u32(a) == 5;
			break;
		case IFLA_LINKINFO:
			mnl_attr_for_each_nested(b, a) {
				if (mnl_attr_get_type(b) == IFLA_INFO_KIND)
					kind = !strcmp(mnl_attr_get_str(b), "vxlan");
				if (mnl_attr_get_type(b) != IFLA_INFO_DATA)
					continue;
				mnl_attr_for_each_nested(c, b) {
					switch (mnl_attr_get_type(c)) {
					case IFLA_VXLAN_ID:
						id = mnl_attr_get_u32(c) == 100;
						break;
					case IFLA_VXLAN_LOCAL:
						local = !memcmp(mnl_attr_get_payload(c), &v.local, 4);
						break;
					case IFLA_VXLAN_PORT:
						/* network order, unlike most of rtnetlink */
						port = mnl_attr_get_u16(c) == htons(4789);
						break;
					case IFLA_VXLAN_LEARNING:
						learning = mnl_attr_get_u8(c) == 0;
						break;
					}
				}
			}
			break;
		}
	}
	cr_assert(name && master && kind && id && local && port && learning,
		  "name %d master %d kind %d id %d local %d port %d nolearning %d", name, master,
		  kind, id, local, port, learning);
}

/* A neighbour message as the kernel sends it. dst_len 0: no NDA_DST. */
static struct nlmsghdr *neigh(void *buf, __u16 type, __u8 family, __u32 ifindex,
			      const __u8 *mac, const void *dst, size_t dst_len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = type;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_flags = NTF_SELF | NTF_EXT_LEARNED;
	if (mac)
		mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	if (dst_len)
		mnl_attr_put(nlh, NDA_DST, dst_len, dst);
	return nlh;
}

Test(evpn_msg, neigh_parse)
{
	__be32 vtep = htonl(0x0a000002);
	__u8 v6[16] = { 0xfd };
	char buf[EVPN_MSG_SIZE];
	struct evpn_neigh n;
	struct nlmsghdr *nlh;

	nlh = neigh(buf, RTM_NEWNEIGH, AF_BRIDGE, 12, MAC_R, &vtep, 4);
	cr_assert_eq(evpn_neigh_parse(nlh, &n), 0);
	cr_assert_not(n.deleted);
	cr_assert_eq(n.ifindex, 12);
	cr_assert_arr_eq(n.mac, MAC_R, 6);
	cr_assert_eq(n.dst, vtep);

	nlh = neigh(buf, RTM_DELNEIGH, AF_BRIDGE, 12, MAC_R, &vtep, 4);
	cr_assert_eq(evpn_neigh_parse(nlh, &n), 0);
	cr_assert(n.deleted);

	/* the bridge's own entry of a port: no destination */
	nlh = neigh(buf, RTM_NEWNEIGH, AF_BRIDGE, 12, MAC_R, NULL, 0);
	cr_assert_eq(evpn_neigh_parse(nlh, &n), -ENOENT);
	/* an ARP entry */
	nlh = neigh(buf, RTM_NEWNEIGH, AF_INET, 12, MAC_R, &vtep, 4);
	cr_assert_eq(evpn_neigh_parse(nlh, &n), -ENOENT);
	/* an IPv6 VTEP */
	nlh = neigh(buf, RTM_NEWNEIGH, AF_BRIDGE, 12, MAC_R, v6, 16);
	cr_assert_eq(evpn_neigh_parse(nlh, &n), -ENOENT);
	/* a link message */
	nlh = neigh(buf, RTM_NEWLINK, AF_BRIDGE, 12, MAC_R, &vtep, 4);
	cr_assert_eq(evpn_neigh_parse(nlh, &n), -ENOENT);
	/* truncated: no room for the ndmsg */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	cr_assert_eq(evpn_neigh_parse(nlh, &n), -EPROTO);
}

/* the module against the kernel */

#define MAX_CALLS 512
#define MAX_REM 512

struct call {
	char what;      /* 'm': remote MAC, 'f': flood */
	bool add;
	__u32 vni;
	__u8 mac[6];
	__be32 vtep;
};

/* A remote entry of the fake data plane; mac all zero: a flood VTEP. */
struct rem {
	__u32 vni;
	__u8 mac[6];
	__be32 vtep;
	bool mine; /* false: learned, or a static `remote` */
};

static struct fake {
	struct evpn_vni vnis[4];
	int n_vnis;
	__u8 local[8][6];
	int n_local;
	struct call calls[MAX_CALLS];
	int n_calls;
	struct rem rem[MAX_REM]; /* what the calls left in the data plane */
	int n_rem;
	char fail_what;          /* the next call of this kind and add fails */
	bool fail_add;
} fk;

static int fake_vnis(void *ctx, evpn_vni_fn fn, void *arg)
{
	for (int i = 0; i < fk.n_vnis; i++)
		fn(&fk.vnis[i], arg);
	return 0;
}

static int fake_local_macs(void *ctx, __u32 vni, evpn_mac_fn fn, void *arg)
{
	for (int i = 0; i < fk.n_local; i++)
		fn(fk.local[i], arg);
	return 0;
}

static const __u8 NO_MAC[6];

/* The data plane's entry: a MAC of the VNI (any VTEP), or a flood VTEP. */
static struct rem *rem_find(__u32 vni, const __u8 *mac, __be32 vtep)
{
	bool flood = !memcmp(mac, NO_MAC, 6);

	for (int i = 0; i < fk.n_rem; i++)
		if (fk.rem[i].vni == vni && !memcmp(fk.rem[i].mac, mac, 6) &&
		    (!flood || fk.rem[i].vtep == vtep))
			return &fk.rem[i];
	return NULL;
}

/* Put an entry into the fake data plane, or take it out. */
static void rem_put(__u32 vni, const __u8 *mac, __be32 vtep, bool mine, bool add)
{
	struct rem *r = rem_find(vni, mac, vtep);

	if (!add) {
		if (r)
			*r = fk.rem[--fk.n_rem];
		return;
	}
	if (!r) {
		cr_assert_lt(fk.n_rem, MAX_REM);
		r = &fk.rem[fk.n_rem++];
	}
	*r = (struct rem){ .vni = vni, .vtep = vtep, .mine = mine };
	memcpy(r->mac, mac, 6);
}

static int record(char what, __u32 vni, const __u8 *mac, __be32 vtep, bool add)
{
	struct call *c = &fk.calls[fk.n_calls++];

	cr_assert_leq(fk.n_calls, MAX_CALLS);
	*c = (struct call){ .what = what, .add = add, .vni = vni, .vtep = vtep };
	memcpy(c->mac, mac, 6);
	if (fk.fail_what == what && fk.fail_add == add) {
		fk.fail_what = 0;
		return -EIO;
	}
	rem_put(vni, mac, vtep, true, add);
	return 0;
}

static int fake_remote_mac(void *ctx, __u32 vni, const __u8 mac[6], __be32 vtep, bool add)
{
	return record('m', vni, mac, vtep, add);
}

static int fake_flood(void *ctx, __u32 vni, __be32 vtep, bool add)
{
	return record('f', vni, NO_MAC, vtep, add);
}

static int fake_remotes(void *ctx, evpn_remote_fn fn, void *arg)
{
	int ret = 0;

	for (int i = 0; i < fk.n_rem && !ret; i++)
		ret = fn(fk.rem[i].vni, fk.rem[i].mac, fk.rem[i].vtep, fk.rem[i].mine, arg);
	return ret;
}

static const struct evpn_ops fake_ops = { .vnis = fake_vnis, .local_macs = fake_local_macs,
					  .remote_mac = fake_remote_mac, .flood = fake_flood,
					  .remotes = fake_remotes };

/* Does the output of a shell command contain every one of the words? */
static bool shows(const char *cmd, const char *words)
{
	char line[1024], out[8192] = "";
	FILE *p = popen(cmd, "r");
	char *w, *save, wcopy[256];

	cr_assert_not_null(p);
	while (fgets(line, sizeof(line), p) && strlen(out) + strlen(line) < sizeof(out))
		strcat(out, line);
	pclose(p);
	snprintf(wcopy, sizeof(wcopy), "%s", words);
	for (w = strtok_r(wcopy, "|", &save); w; w = strtok_r(NULL, "|", &save))
		if (!strstr(out, w)) {
			cr_log_info("'%s' lacks '%s':\n%s", cmd, w, out);
			return false;
		}
	return true;
}

static void setup_ns(void)
{
	cr_assert_eq(unshare(CLONE_NEWNET | CLONE_NEWNS), 0, "unshare: %s", strerror(errno));
	cr_assert_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	cr_assert_eq(mount("sysfs", "/sys", "sysfs", 0, NULL), 0);
	memset(&fk, 0, sizeof(fk));
	fk.vnis[0] = (struct evpn_vni){ .vni = 100, .local = htonl(0x0a000001), .dstport = 4789 };
	fk.n_vnis = 1;
	memcpy(fk.local[0], MAC_L1, 6);
	fk.n_local = 1;
}

TestSuite(evpn_kernel, .init = setup_ns);

static struct evpn_sync *open_sync(void)
{
	struct evpn_sync *s;
	int err = evpn_sync_open(&fake_ops, "test", &s);

	cr_assert_eq(err, 0, "open: %s", strerror(-err));
	return s;
}

static const struct call *last_call(void)
{
	cr_assert_gt(fk.n_calls, 0, "no model call");
	return &fk.calls[fk.n_calls - 1];
}

Test(evpn_kernel, shadow_devices)
{
	struct evpn_sync *s = open_sync();

	evpn_sync_tick(s);
	cr_assert(shows("ip -d link show vswx100", "vxlan id 100 local 10.0.0.1|dstport 4789|"
			"nolearning|master vswb100|state UNKNOWN"), "the vxlan device");
	cr_assert(shows("ip -d link show vswb100", "bridge|mcast_snooping 0"), "the bridge");
	cr_assert(shows("ip link show vswp100", "<BROADCAST,UP,LOWER_UP>"),
		  "no IFF_MULTICAST: no IGMP report of its own");
	cr_assert(shows("ip -d link show vswp100", "veth|master vswb100|learning off"),
		  "the port");
	cr_assert(shows("ip -d link show vswx100", "learning off"), "the vxlan port");
	cr_assert(shows("cat /proc/sys/net/ipv6/conf/vswq100/disable_ipv6", "1"),
		  "the lonely peer is silent");
	cr_assert(shows("ip link show vswx100", "alias vsw evpn vni 100 of test"));
	evpn_sync_close(s);
}

Test(evpn_kernel, local_macs_follow_the_model)
{
	struct evpn_sync *s = open_sync();
	struct evpn_sync_stats st;

	evpn_sync_tick(s);
	cr_assert(shows("bridge fdb show dev vswp100",
			"02:00:00:00:10:01 extern_learn master vswb100"), "the local MAC is on the port");
	cr_assert_not(shows("bridge fdb show dev vswp100 | grep 02:00:00:00:10:01", "static"),
		      "not static: zebra would make it sticky");
	memcpy(fk.local[0], MAC_L2, 6);
	evpn_sync_tick(s);
	cr_assert(shows("bridge fdb show dev vswp100", "02:00:00:00:10:02"));
	cr_assert_not(shows("bridge fdb show dev vswp100", "02:00:00:00:10:01"), "aged out");
	evpn_sync_get_stats(s, &st);
	cr_assert_eq(st.local_adds, 2);
	cr_assert_eq(st.local_dels, 1);
	evpn_sync_tick(s); /* nothing changed, nothing sent */
	evpn_sync_get_stats(s, &st);
	cr_assert_eq(st.local_adds + st.local_dels, 3);
	evpn_sync_close(s);
}

Test(evpn_kernel, remote_entries_reach_the_model)
{
	struct evpn_sync *s = open_sync();
	const struct call *c;

	evpn_sync_tick(s);
	cr_assert_eq(fk.n_calls, 0);
	/* zebra: a type-3 route from 10.0.0.2, then a type-2 behind it */
	cr_assert_eq(run_cmd("bridge fdb append 00:00:00:00:00:00 dev vswx100 dst 10.0.0.2 self "
			 "permanent"), 0);
	cr_assert_eq(run_cmd("bridge fdb add 02:00:00:00:20:01 dev vswx100 dst 10.0.0.2 self "
			 "extern_learn"), 0);
	cr_assert_eq(evpn_sync_read(s), 0);
	cr_assert_eq(fk.n_calls, 2, "%d calls", fk.n_calls);
	c = &fk.calls[0];
	cr_assert(c->what == 'f' && c->add && c->vni == 100 && c->vtep == htonl(0x0a000002));
	c = &fk.calls[1];
	cr_assert(c->what == 'm' && c->add && c->vtep == htonl(0x0a000002));
	cr_assert_arr_eq(c->mac, MAC_R, 6);
	/* a move to 10.0.0.3 (a higher sequence number won) */
	cr_assert_eq(run_cmd("bridge fdb replace 02:00:00:00:20:01 dev vswx100 dst 10.0.0.3 self "
			 "extern_learn"), 0);
	cr_assert_eq(evpn_sync_read(s), 0);
	c = last_call();
	cr_assert(c->what == 'm' && c->add && c->vtep == htonl(0x0a000003), "moved");
	/* withdrawn */
	cr_assert_eq(run_cmd("bridge fdb del 02:00:00:00:20:01 dev vswx100 dst 10.0.0.3 self"), 0);
	cr_assert_eq(run_cmd("bridge fdb del 00:00:00:00:00:00 dev vswx100 dst 10.0.0.2 self"), 0);
	cr_assert_eq(evpn_sync_read(s), 0);
	cr_assert_eq(fk.n_calls, 5, "%d calls", fk.n_calls);
	c = &fk.calls[3];
	cr_assert(c->what == 'm' && !c->add && c->vtep == htonl(0x0a000003));
	c = &fk.calls[4];
	cr_assert(c->what == 'f' && !c->add && c->vtep == htonl(0x0a000002));
	evpn_sync_close(s);
}

Test(evpn_kernel, restart_takes_over)
{
	struct evpn_sync *s = open_sync();
	struct evpn_sync_stats st;
	unsigned int vx;

	evpn_sync_tick(s);
	vx = if_nametoindex("vswx100");
	cr_assert_eq(run_cmd("bridge fdb append 00:00:00:00:00:00 dev vswx100 dst 10.0.0.2 self "
			 "permanent"), 0);
	cr_assert_eq(run_cmd("bridge fdb add 02:00:00:00:20:01 dev vswx100 dst 10.0.0.2 self "
			 "extern_learn"), 0);
	cr_assert_eq(evpn_sync_read(s), 0);
	cr_assert_eq(fk.n_rem, 2);
	evpn_sync_close(s); /* vswd stops; the devices stay */
	fk.n_calls = 0;
	s = open_sync();
	evpn_sync_tick(s);
	cr_assert_eq(if_nametoindex("vswx100"), vx, "the same device, not a new one");
	cr_assert_eq(fk.n_calls, 0, "the data plane has what zebra has: %d calls", fk.n_calls);
	evpn_sync_close(s);

	/* A data plane that lost them (a new switch) gets them again. */
	fk.n_rem = 0;
	s = open_sync();
	evpn_sync_tick(s);
	cr_assert_eq(fk.n_calls, 2, "what zebra had, dumped: %d calls", fk.n_calls);
	cr_assert_eq(fk.n_rem, 2);
	evpn_sync_get_stats(s, &st);
	cr_assert_eq(st.local_adds, 0, "the local MAC was there already");
	cr_assert_eq(st.local_dels, 0);
	evpn_sync_close(s);
}

Test(evpn_kernel, vni_changes)
{
	struct evpn_sync *s = open_sync();

	evpn_sync_tick(s);
	fk.vnis[0].local = htonl(0x0a000009);
	evpn_sync_tick(s);
	cr_assert(shows("ip -d link show vswx100", "local 10.0.0.9"), "a new local VTEP");
	fk.n_vnis = 0;
	evpn_sync_tick(s);
	cr_assert_eq(if_nametoindex("vswx100"), 0, "gone with its VNI");
	cr_assert_eq(if_nametoindex("vswb100"), 0);
	cr_assert_eq(if_nametoindex("vswp100"), 0);
	cr_assert_eq(if_nametoindex("vswq100"), 0);
	evpn_sync_close(s);
}

/* zebra's part, on vswx100: a flood VTEP or a remote MAC, in or out. */
static void zebra_flood(const char *vtep, bool add)
{
	cr_assert_eq(run_cmd("bridge fdb %s 00:00:00:00:00:00 dev vswx100 dst %s self%s",
			     add ? "append" : "del", vtep, add ? " permanent" : ""), 0);
}

static void zebra_mac(const char *mac, const char *vtep, bool add)
{
	cr_assert_eq(run_cmd("bridge fdb %s %s dev vswx100 dst %s self%s", add ? "add" : "del", mac,
			     vtep, add ? " extern_learn" : ""), 0);
}

static const __u8 MAC_GONE[6] = { 0x02, 0, 0, 0, 0x20, 0x02 };
static const __u8 MAC_LEARNED[6] = { 0x02, 0, 0, 0, 0x20, 0x03 };

static bool call_is(const struct call *c, char what, bool add, const __u8 *mac, const char *vtep)
{
	return c->what == what && c->add == add && c->vni == 100 && !memcmp(c->mac, mac, 6) &&
	       c->vtep == inet_addr(vtep);
}

static bool has_rem(const __u8 *mac, const char *vtep)
{
	struct rem *r = rem_find(100, mac, inet_addr(vtep));

	return r && r->vtep == inet_addr(vtep);
}

Test(evpn_kernel, restart_removes_what_was_withdrawn_while_down)
{
	struct evpn_sync *s = open_sync();

	/* zebra's entries, handed to the data plane */
	evpn_sync_tick(s);
	zebra_flood("10.0.0.2", true);
	zebra_flood("10.0.0.3", true);
	zebra_mac("02:00:00:00:20:01", "10.0.0.2", true);
	zebra_mac("02:00:00:00:20:02", "10.0.0.3", true);
	cr_assert_eq(evpn_sync_read(s), 0);
	cr_assert_eq(fk.n_rem, 4);
	/* the data plane's own: one learned MAC, one static `remote` VTEP */
	rem_put(100, MAC_LEARNED, inet_addr("10.0.0.4"), false, true);
	rem_put(100, NO_MAC, inet_addr("10.0.0.5"), false, true);
	evpn_sync_close(s);

	/* vswd is down: zebra withdraws 10.0.0.3's MAC and flood entry */
	zebra_mac("02:00:00:00:20:02", "10.0.0.3", false);
	zebra_flood("10.0.0.3", false);

	fk.n_calls = 0;
	s = open_sync();
	evpn_sync_tick(s);
	cr_assert_eq(fk.n_calls, 2, "%d calls", fk.n_calls);
	cr_assert(call_is(&fk.calls[0], 'm', false, MAC_GONE, "10.0.0.3") ||
		  call_is(&fk.calls[1], 'm', false, MAC_GONE, "10.0.0.3"), "the MAC removed");
	cr_assert(call_is(&fk.calls[0], 'f', false, NO_MAC, "10.0.0.3") ||
		  call_is(&fk.calls[1], 'f', false, NO_MAC, "10.0.0.3"), "the flood VTEP removed");
	cr_assert_not(has_rem(MAC_GONE, "10.0.0.3"));
	cr_assert(has_rem(MAC_R, "10.0.0.2"), "on both: stays");
	cr_assert(has_rem(NO_MAC, "10.0.0.2"), "on both: stays");
	cr_assert(has_rem(MAC_LEARNED, "10.0.0.4"), "learned: not the sync's");
	cr_assert(has_rem(NO_MAC, "10.0.0.5"), "a static remote: not the sync's");
	cr_assert_eq(fk.n_rem, 4);

	/* and events flow as before */
	zebra_mac("02:00:00:00:20:01", "10.0.0.2", false);
	cr_assert_eq(evpn_sync_read(s), 0);
	cr_assert(call_is(last_call(), 'm', false, MAC_R, "10.0.0.2"));
	evpn_sync_close(s);
}

Test(evpn_kernel, a_resync_after_lost_events_reconciles_with_the_data_plane)
{
	struct evpn_sync *s = open_sync();
	struct evpn_sync_stats st;
	char batch[] = "/tmp/evpn-batch-XXXXXX";
	int rcvbuf = 0, fd;
	FILE *f;

	evpn_sync_tick(s);
	zebra_flood("10.0.0.2", true);
	zebra_mac("02:00:00:00:20:01", "10.0.0.2", true);
	zebra_mac("02:00:00:00:20:02", "10.0.0.2", true);
	cr_assert_eq(evpn_sync_read(s), 0);
	rem_put(100, MAC_LEARNED, inet_addr("10.0.0.4"), false, true);
	/* The model fails to remove one MAC: the data plane keeps it. */
	fk.fail_what = 'm';
	fk.fail_add = false;
	zebra_mac("02:00:00:00:20:02", "10.0.0.2", false);
	cr_assert_eq(evpn_sync_read(s), 0);
	cr_assert(has_rem(MAC_GONE, "10.0.0.2"), "the failed removal");
	/* ...and to add one: the data plane lacks it. */
	fk.fail_what = 'm';
	fk.fail_add = true;
	zebra_mac("02:00:00:00:20:04", "10.0.0.2", true);
	cr_assert_eq(evpn_sync_read(s), 0);
	cr_assert_eq(fk.fail_what, 0, "the add was tried");

	/* Events lost: the smallest receive buffer, a burst of entries. */
	cr_assert_eq(setsockopt(evpn_sync_fd(s), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)),
		     0);
	fd = mkstemp(batch);
	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	for (int i = 0; i < 100; i++)
		fprintf(f, "fdb add 02:00:00:00:30:%02x dev vswx100 dst 10.0.0.2 self extern_learn\n",
			i);
	fclose(f);
	cr_assert_eq(run_cmd("bridge -batch %s", batch), 0);
	unlink(batch);
	fk.n_calls = 0;
	cr_assert_eq(evpn_sync_read(s), 0);
	evpn_sync_get_stats(s, &st);
	cr_assert_geq(st.resyncs, 1, "events were lost");
	evpn_sync_tick(s);

	cr_assert_not(has_rem(MAC_GONE, "10.0.0.2"), "what zebra lacks went");
	cr_assert(has_rem((const __u8[6]){ 0x02, 0, 0, 0, 0x20, 0x04 }, "10.0.0.2"),
		  "what the data plane lacked came");
	cr_assert(has_rem(MAC_R, "10.0.0.2"), "on both: stays");
	cr_assert(has_rem(NO_MAC, "10.0.0.2"), "on both: stays");
	cr_assert(has_rem(MAC_LEARNED, "10.0.0.4"), "learned: not the sync's");
	for (int i = 0; i < 100; i++)
		cr_assert(has_rem((const __u8[6]){ 0x02, 0, 0, 0, 0x30, i }, "10.0.0.2"),
			  "burst MAC %d", i);
	cr_assert_eq(fk.n_rem, 104, "%d entries", fk.n_rem);
	for (int i = 0; i < fk.n_calls; i++)
		cr_assert(fk.calls[i].add || call_is(&fk.calls[i], 'm', false, MAC_GONE, "10.0.0.2"),
			  "call %d removes something else", i);
	evpn_sync_close(s);
}
