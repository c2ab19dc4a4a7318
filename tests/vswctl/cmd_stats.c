// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl stats (ctl/cmd_stats.c) against a fake vswd. */
#include <string.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"
#include "vsw_structs.h"

Test(vswctl_stats, port_counters_and_drops)
{
	struct fake f;

	fake_start(&f, "stats port");
	fake_accept(&f, VSW_CMD_PORT_GET);
	cr_assert(f.req->nlmsg_flags & NLM_F_DUMP);
	send_full_port(f.req->nlmsg_seq, "p1", VSW_PORT_ACCESS, 10, NULL, true, "h1");
	fake_done(&f);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "port p1 rx_packets 7 rx_bytes 700 tx_packets 3 "
				"tx_bytes 300 flooded 1 drops malformed 0 vlan_filter 1 "
				"no_port 2 link_down 3 learn_limit 4 hairpin 5 extension 6 "
				"acl 7 mac_spoof 8 dhcp_guard 9 router_guard 10 rate_limit 11 "
				"storm 12 pvlan 13 unparsed 14 mtu 15 jumbo_flood 16 vxlan_mtu 17 "
				"vxlan_neigh 18 vxlan_foreign 19 vxlan_encap 20\n");
}

Test(vswctl_stats, of_what)
{
	expect_usage_error("stats", "vswctl: stats: which counters: 'stats switch|port|nic "
				    "[NAME]'\n");
	expect_usage_error("stats fdb", "vswctl: stats: 'fdb': counters are of a switch, port "
					"or nic\n");
}
