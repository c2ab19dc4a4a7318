// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl port (ctl/cmd_port.c) against a fake vswd: lines, JSON, the
 * attributes of each setting, the usage errors. */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"
#include "ctl_msg.h"
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
				"unparsed 14 mtu 15 jumbo_flood 16 vxlan_mtu 17 vxlan_neigh 18 vxlan_foreign 19 vxlan_encap 20\n"
				"port p2 switch sw0 vlan trunk 10,20-30 native 10 link down drops "
				"vlan_filter 1 no_port 2 link_down 3 learn_limit 4 hairpin 5 extension 6 "
				"acl 7 mac_spoof 8 dhcp_guard 9 router_guard 10 rate_limit 11 storm 12 pvlan 13 "
				"unparsed 14 mtu 15 jumbo_flood 16 vxlan_mtu 17 vxlan_neigh 18 vxlan_foreign 19 vxlan_encap 20\n");
}

/* JSON lists every reason, 0 included. */
#define DROPS_JSON "{\"malformed\":0,\"vlan_filter\":1,\"no_port\":2,\"link_down\":3," \
		   "\"learn_limit\":4,\"hairpin\":5,\"extension\":6,\"acl\":7,\"mac_spoof\":8," \
		   "\"dhcp_guard\":9,\"router_guard\":10,\"rate_limit\":11,\"storm\":12,\"pvlan\":13," \
		   "\"unparsed\":14,\"mtu\":15,\"jumbo_flood\":16,\"vxlan_mtu\":17,\"vxlan_neigh\":18,\"vxlan_foreign\":19,\"vxlan_encap\":20}"

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

/* ---- vswctl's encoder to vswd's decoder ---- */

/* The request vswctl sent, through vswd's own parser (ctl_msg.c) and
 * its decoder of port settings (port_attr.c). */
static void decode(struct fake *f, __u16 cmd, struct vsw_port_set *ps)
{
	struct ctl_request req;
	struct vsw_err err = { "" };

	cr_assert_eq(ctl_request_parse(f->req, f->req->nlmsg_len, &req, &err), 0,
		     "vswd refuses what vswctl sent: %s", err.msg);
	cr_assert_eq(vsw_port_set_get(req.tb, "p1", ps, &err), 0, "decoding: %s", err.msg);
}

static void expect_same(const struct vsw_port_set *got, const struct vsw_port_set *want,
			const char *args)
{
	const struct vsw_pol_settings *g = &got->pol, *w = &want->pol;

	cr_assert_eq(got->given, want->given, "%s: settings %#x, want %#x", args, got->given,
		     want->given);
	cr_assert_eq(got->vlan_mode, want->vlan_mode, "%s: vlan mode", args);
	cr_assert_eq(got->pvid, want->pvid, "%s: pvid", args);
	cr_assert_arr_eq(got->vids, want->vids, sizeof(got->vids), "%s: trunk VIDs", args);
	cr_assert_eq(got->learning, want->learning, "%s: learning", args);
	cr_assert_eq(got->learn_limit, want->learn_limit, "%s: learn limit", args);
	cr_assert_eq(g->mac_guard, w->mac_guard, "%s: mac guard", args);
	cr_assert_eq(g->nallow, w->nallow, "%s: allowed MACs", args);
	cr_assert_arr_eq(g->allow, w->allow, sizeof(g->allow), "%s: allow list", args);
	cr_assert_eq(g->dhcp_guard, w->dhcp_guard, "%s: dhcp guard", args);
	cr_assert_eq(g->router_guard, w->router_guard, "%s: router guard", args);
	cr_assert_eq(g->prio_trust, w->prio_trust, "%s: priority tag", args);
	for (int d = 0; d < 2; d++) {
		cr_assert_eq(g->rate_bps[d], w->rate_bps[d], "%s: rate %d", args, d);
		cr_assert_eq(g->burst[d], w->burst[d], "%s: burst %d", args, d);
	}
	for (int k = 0; k < VSW_STORM__MAX; k++)
		cr_assert_eq(g->storm_pps[k], w->storm_pps[k], "%s: storm %d", args, k);
	cr_assert_eq(g->pvlan, w->pvlan, "%s: private VLAN role", args);
	cr_assert_eq(g->pvlan_secondary, w->pvlan_secondary, "%s: secondary", args);
	cr_assert_arr_eq(g->pvlan_serves, w->pvlan_serves, sizeof(g->pvlan_serves),
			 "%s: secondaries", args);
	cr_assert_eq(g->mirror, w->mirror, "%s: mirror", args);
}

static void round_trip(const char *args, __u16 cmd, const struct vsw_port_set *want)
{
	struct vsw_port_set got;
	struct fake f;

	fake_start(&f, args);
	fake_accept(&f, cmd);
	decode(&f, cmd, &got);
	fake_ack(&f, 0, NULL);
	cr_assert_eq(fake_finish(&f), 0, "%s: %s", args, f.out);
	expect_same(&got, want, args);
}

static void vids(__u64 *set, const char *list)
{
	const char *bad;

	cr_assert_eq(vlan_set_parse(set, list, &bad), 0, "%s", list);
}

/* Every setting of port set, each in one of its forms at least, and
 * port add's VLAN: what vswctl encodes is what vswd decodes. */
Test(vswctl_port, settings_round_trip_to_the_daemon)
{
	static const __u8 mac1[6] = { 2, 0, 0, 0, 0, 1 }, mac2[6] = { 2, 0, 0, 0, 0, 2 };
	struct vsw_port_set w;

	memset(&w, 0, sizeof(w));
	w.given = ~0U >> (32 - VSW_PS__MAX); /* every one */
	w.vlan_mode = VSW_PORT_TRUNK;
	vids(w.vids, "10,20-30");
	w.pvid = 20;
	w.pol.mac_guard = VSW_GUARD_OFF;
	w.pol.nallow = 2;
	memcpy(w.pol.allow[0], mac1, 6);
	memcpy(w.pol.allow[1], mac2, 6);
	w.pol.dhcp_guard = w.pol.router_guard = w.pol.prio_trust = true;
	w.learning = false;
	w.learn_limit = 77;
	w.pol.mirror = VSW_MIRROR_IN | VSW_MIRROR_OUT;
	w.pol.rate_bps[VSW_DIR_IN] = 10000000;
	w.pol.burst[VSW_DIR_IN] = 20000;
	w.pol.rate_bps[VSW_DIR_OUT] = 2000000000ULL;
	w.pol.storm_pps[VSW_STORM_BCAST] = 100;
	w.pol.storm_pps[VSW_STORM_MCAST] = 200;
	w.pol.storm_pps[VSW_STORM_UNKNOWN] = 300;
	round_trip("port set p1 native 20 vlan trunk 10,20-30 mac-guard off allow "
		   "02:00:00:00:00:01,02:00:00:00:00:02 dhcp-guard on router-guard on "
		   "priority-tag trust learning off learn-limit 77 mirror source both "
		   "max-rate in 10mbit burst 20000 max-rate out 2gbit storm broadcast 100 "
		   "storm multicast 200 storm unknown 300", VSW_CMD_PORT_SET, &w);

	/* The other value of each on/off setting, and a rate of 0. */
	memset(&w, 0, sizeof(w));
	w.given = VSW_PS(VSW_PS_DHCP_GUARD) | VSW_PS(VSW_PS_ROUTER_GUARD) |
		  VSW_PS(VSW_PS_PRIO_TRUST) | VSW_PS(VSW_PS_LEARNING) | VSW_PS(VSW_PS_MIRROR) |
		  VSW_PS(VSW_PS_RATE + VSW_DIR_OUT) | VSW_PS(VSW_PS_MAC_GUARD);
	w.learning = true;
	w.pol.mac_guard = VSW_GUARD_DEFAULT;
	round_trip("port set p1 dhcp-guard off router-guard off priority-tag reset learning on "
		   "mirror off max-rate out 0 mac-guard default", VSW_CMD_PORT_SET, &w);

	/* Private VLANs: each role with its primary and secondaries. */
	memset(&w, 0, sizeof(w));
	w.given = VSW_PS(VSW_PS_VLAN) | VSW_PS(VSW_PS_PVLAN);
	w.vlan_mode = VSW_PORT_ACCESS;
	w.pvid = 10;
	w.pol.pvlan = VSW_PVLAN_ISOLATED;
	w.pol.pvlan_secondary = 20;
	round_trip("port set p1 vlan isolated 10 20", VSW_CMD_PORT_SET, &w);
	w.pol.pvlan = VSW_PVLAN_COMMUNITY;
	w.pol.pvlan_secondary = 30;
	round_trip("port set p1 vlan community 10 30", VSW_CMD_PORT_SET, &w);
	w.pol.pvlan = VSW_PVLAN_PROMISCUOUS;
	w.pol.pvlan_secondary = 0;
	vids(w.pol.pvlan_serves, "200-201,300");
	w.given |= VSW_PS(VSW_PS_MAC_GUARD) | VSW_PS(VSW_PS_MAC_ALLOW);
	w.pol.mac_guard = VSW_GUARD_ON;
	round_trip("port set p1 vlan promiscuous 10 200-201,300 mac-guard on allow none",
		   VSW_CMD_PORT_SET, &w);

	/* An access VLAN ends a private VLAN: role none. */
	memset(&w, 0, sizeof(w));
	w.given = VSW_PS(VSW_PS_VLAN) | VSW_PS(VSW_PS_PVLAN);
	w.vlan_mode = VSW_PORT_ACCESS;
	w.pvid = 7;
	round_trip("port set p1 vlan access 7", VSW_CMD_PORT_SET, &w);
	round_trip("port add p1 switch sw0 vlan access 7", VSW_CMD_PORT_ADD, &w);
	w.vlan_mode = VSW_PORT_TRUNK;
	w.pvid = 0;
	vids(w.vids, "4094");
	round_trip("port add p1 switch sw0 vlan trunk 4094", VSW_CMD_PORT_ADD, &w);
}
