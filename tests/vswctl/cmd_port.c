// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl port (ctl/cmd_port.c) against a fake vswd: lines, JSON, the
 * attributes of each setting, the usage errors. */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"
#include "port_policy.h"
#include "vlan_set.h"
#include "vsw_structs.h"

/* Answer a port dump with p1 (access 10, up, NIC h1) and p2 (trunk). */
static void serve_two_ports(struct fake *f)
{
	fake_accept(f, VSW_CMD_PORT_GET);
	cr_assert(f->req->nlmsg_flags & NLM_F_DUMP);
	send_full_port(f->req->nlmsg_seq, "p1", VSW_PORT_ACCESS, 10, NULL, true, "h1");
	send_full_port(f->req->nlmsg_seq, "p2", VSW_PORT_TRUNK, 10, "10,20-30", false, NULL);
	fake_done(f);
}

Test(vswctl_port, show_text)
{
	struct fake f;

	fake_start(&f, "port show");
	serve_two_ports(&f);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	/* The drop reasons that happened (the fake counts reason r r times). */
	cr_assert_str_eq(f.out, "port p1 switch sw0 vlan access 10 link up nic h1 drops "
				"vlan_filter 1 no_port 2 link_down 3 learn_limit 4 hairpin 5 extension 6 "
				"acl 7 mac_spoof 8 dhcp_guard 9 router_guard 10 rate_limit 11 storm 12 pvlan 13 "
				"unparsed 14 mtu 15\n"
				"port p2 switch sw0 vlan trunk 10,20-30 native 10 link down drops "
				"vlan_filter 1 no_port 2 link_down 3 learn_limit 4 hairpin 5 extension 6 "
				"acl 7 mac_spoof 8 dhcp_guard 9 router_guard 10 rate_limit 11 storm 12 pvlan 13 "
				"unparsed 14 mtu 15\n");
}

/* JSON lists every reason, 0 included. */
#define DROPS_JSON "{\"malformed\":0,\"vlan_filter\":1,\"no_port\":2,\"link_down\":3," \
		   "\"learn_limit\":4,\"hairpin\":5,\"extension\":6,\"acl\":7,\"mac_spoof\":8," \
		   "\"dhcp_guard\":9,\"router_guard\":10,\"rate_limit\":11,\"storm\":12,\"pvlan\":13," \
		   "\"unparsed\":14,\"mtu\":15}"

Test(vswctl_port, show_json)
{
	struct fake f;

	fake_start(&f, "-j port show");
	serve_two_ports(&f);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out,
			 "[{\"port\":\"p1\",\"switch\":\"sw0\",\"vlan_mode\":\"access\",\"vid\":10,"
			 "\"link\":\"up\",\"nic\":\"h1\",\"drops\":" DROPS_JSON "},"
			 "{\"port\":\"p2\",\"switch\":\"sw0\",\"vlan_mode\":\"trunk\","
			 "\"vlans\":\"10,20-30\",\"native\":10,\"link\":\"down\",\"drops\":"
			 DROPS_JSON "}]\n");
}

Test(vswctl_port, set_bad_settings_exit_2)
{
	static const struct { const char *args, *msg; } cases[] = {
		{ "port set p1", "nothing to set" },
		{ "port set p1 max-rate in 10xbit", "'10xbit' is not a rate" },
		{ "port set p1 max-rate sideways 10mbit", "wants in or out" },
		{ "port set p1 max-rate in 1bit", "'1bit' is not a rate" },
		{ "port set p1 max-rate out 0 burst 20000", "a burst goes with a rate above 0" },
		{ "port set p1 max-rate out 10mbit burst 100", "burst '100' is not a number" },
		{ "port set p1 storm everything 5", "wants broadcast, multicast or unknown" },
		{ "port set p1 storm broadcast lots", "'lots' is not a number of frames" },
		{ "port set p1 dhcp-guard maybe", "wants on or off, not maybe" },
		{ "port set p1 priority-tag keep", "wants trust or reset" },
		{ "port set p1 learn-limit 0", "learn-limit '0' is not a number" },
		{ "port set p1 mac-guard on allow 01:00:5e:00:00:01", "not a unicast MAC" },
		{ "port set p1 mac-guard on allow 02:00:00:00:00:01,02:00:00:00:00:02,"
		  "02:00:00:00:00:03,02:00:00:00:00:04,02:00:00:00:00:05,02:00:00:00:00:06,"
		  "02:00:00:00:00:07,02:00:00:00:00:08", "at most 7 MACs" },
		{ "port set p1 learning on learning off", "'learning' given twice" },
		{ "port set p1 frobnicate on", "unknown setting 'frobnicate'" },
		{ "port set p1 vlan isolated 10", "needs PRIMARY and SECONDARY" },
		{ "port set p1 vlan community 10 4095", "'4095' is not a VLAN ID" },
		{ "port set p1 vlan promiscuous 10 200-", "SECONDARYLIST '200-' is invalid" },
		{ "port add p1 switch sw0 vlan isolated 10 200", "expected 'vlan access VID'" },
		{ "port set p1 mirror", "'mirror' wants source in|out|both, destination or off" },
		{ "port set p1 mirror sideways", "destination or off, not sideways" },
		{ "port set p1 mirror source", "'mirror source' wants in, out or both" },
		{ "port set p1 mirror source up", "in, out or both, not up" },
		{ "port set p1 mirror off mirror destination", "'mirror' given twice" },
	};
	char out[4096];
	int status;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		status = vswctl_alone(cases[i].args, out);
		cr_assert_eq(status, 2, "%s: exit %d: %s", cases[i].args, status, out);
		cr_assert_not_null(strstr(out, cases[i].msg), "%s: '%s' lacks '%s'",
				   cases[i].args, out, cases[i].msg);
	}
}

Test(vswctl_port, set_policy_attributes)
{
	static const __u8 allow[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };
	const struct nlattr **tb;
	struct fake f;

	fake_start(&f, "port set p1 mac-guard on allow 02:00:00:00:00:01,02:00:00:00:00:02 "
		       "dhcp-guard on router-guard off max-rate in 10mbit burst 20000 "
		       "max-rate out 2GBIT storm broadcast 100 storm unknown 0 learning off "
		       "learn-limit 50 priority-tag trust");
	fake_accept(&f, VSW_CMD_PORT_SET);
	tb = f.at.tb;
	cr_assert_eq(f.at.count, 13);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_MAC_GUARD]), VSW_GUARD_ON);
	cr_assert_eq(mnl_attr_get_payload_len(tb[VSW_A_POL_MAC_ALLOW]), 12);
	cr_assert_eq(memcmp(mnl_attr_get_payload(tb[VSW_A_POL_MAC_ALLOW]), allow, 12), 0);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_DHCP_GUARD]), 1);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_ROUTER_GUARD]), 0);
	cr_assert_eq(mnl_attr_get_u64(tb[VSW_A_POL_RATE_IN]), 10000000);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_POL_BURST_IN]), 20000);
	cr_assert_eq(mnl_attr_get_u64(tb[VSW_A_POL_RATE_OUT]), 2000000000ULL);
	cr_assert_null(tb[VSW_A_POL_BURST_OUT], "no burst given: the daemon's default");
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_POL_STORM_BCAST]), 100);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_POL_STORM_UNKNOWN]), 0);
	cr_assert_null(tb[VSW_A_POL_STORM_MCAST]);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_LEARNING]), 0);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_POL_LEARN_LIMIT]), 50);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_POL_PRIO_TRUST]), 1);
	fake_ack(&f, 0, NULL);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
}

Test(vswctl_port, set_private_vlan)
{
	__u64 serves[VSW_VID_BITMAP_WORDS];
	struct fake f;

	fake_start(&f, "port set p1 vlan promiscuous 10 200-201");
	fake_accept(&f, VSW_CMD_PORT_SET);
	cr_assert_eq(f.at.count, 5);
	cr_assert_eq(mnl_attr_get_u8(f.at.tb[VSW_A_VLAN_MODE]), VSW_PORT_ACCESS);
	cr_assert_eq(mnl_attr_get_u16(f.at.tb[VSW_A_VLAN_PVID]), 10);
	cr_assert_eq(mnl_attr_get_u8(f.at.tb[VSW_A_POL_PVLAN_ROLE]), VSW_PVLAN_PROMISCUOUS);
	memcpy(serves, mnl_attr_get_payload(f.at.tb[VSW_A_POL_PVLAN_SERVES]), sizeof(serves));
	cr_assert_eq(vlan_set_count(serves), 2);
	cr_assert(vlan_set_has(serves, 200) && vlan_set_has(serves, 201));
	fake_ack(&f, 0, NULL);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
}

Test(vswctl_port, set_mirror_roles)
{
	static const struct { const char *args; __u8 role; } cases[] = {
		{ "port set p1 mirror source in", VSW_MIRROR_IN },
		{ "port set p1 mirror source out", VSW_MIRROR_OUT },
		{ "port set p1 mirror source both", VSW_MIRROR_IN | VSW_MIRROR_OUT },
		{ "port set p1 mirror destination", VSW_MIRROR_DST },
		{ "port set p1 mirror off", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake f;

		fake_start(&f, cases[i].args);
		fake_accept(&f, VSW_CMD_PORT_SET);
		cr_assert_eq(f.at.count, 2, "%s", cases[i].args);
		cr_assert_eq(mnl_attr_get_u8(f.at.tb[VSW_A_POL_MIRROR]), cases[i].role, "%s",
			     cases[i].args);
		fake_ack(&f, 0, NULL);
		cr_assert_eq(fake_finish(&f), 0, "%s: %s", cases[i].args, f.out);
	}
}

Test(vswctl_port, show_policies)
{
	static const __u8 allow[6] = { 2, 0, 0, 0, 0, 1 };
	struct nlmsghdr *nlh;
	struct fake f;

	fake_start(&f, "port show p1");
	fake_accept(&f, VSW_CMD_PORT_GET);
	nlh = reply(VSW_CMD_PORT_GET, NLM_F_MULTI, f.req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, 1);
	mnl_attr_put_u8(nlh, VSW_A_LINK, 1);
	mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD, VSW_GUARD_DEFAULT);
	mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD_ON, 1);
	mnl_attr_put(nlh, VSW_A_POL_MAC_ALLOW, 6, allow);
	mnl_attr_put_u8(nlh, VSW_A_POL_DHCP_GUARD, 1);
	mnl_attr_put_u8(nlh, VSW_A_POL_ROUTER_GUARD, 0);
	mnl_attr_put_u8(nlh, VSW_A_POL_PRIO_TRUST, 0);
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_IN, 20000000);
	mnl_attr_put_u32(nlh, VSW_A_POL_BURST_IN, 1000000);
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_OUT, 0);
	mnl_attr_put_u32(nlh, VSW_A_POL_STORM_BCAST, 100);
	mnl_attr_put_u8(nlh, VSW_A_POL_LEARNING, 1);
	mnl_attr_put_u32(nlh, VSW_A_POL_LEARN_LIMIT, 1024);
	mnl_attr_put_u8(nlh, VSW_A_POL_MIRROR, VSW_MIRROR_IN | VSW_MIRROR_OUT);
	send_nlh(nlh);
	fake_done(&f);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "port p1 switch sw0 vlan access 1 link up mac-guard on (default) "
				"allow 02:00:00:00:00:01 dhcp-guard on router-guard off "
				"max-rate in 20mbit burst 1000000 storm broadcast 100 learning on "
				"learn-limit 1024 priority-tag reset mirror source both\n");
}
