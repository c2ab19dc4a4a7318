// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl fdb (ctl/cmd_fdb.c) against a fake vswd. */
#include <string.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"

Test(vswctl_fdb, show_lines)
{
	const __u8 m1[6] = { 2, 0, 0, 0, 0, 1 }, m2[6] = { 2, 0, 0, 0, 0, 0xab };
	struct nlmsghdr *nlh;
	struct fake f;

	fake_start(&f, "fdb show sw0");
	fake_accept(&f, VSW_CMD_FDB_GET);
	cr_assert_str_eq(mnl_attr_get_str(f.at.tb[VSW_A_SWITCH_NAME]), "sw0");
	nlh = reply(VSW_CMD_FDB_GET, NLM_F_MULTI, f.req->nlmsg_seq);
	mnl_attr_put_u16(nlh, VSW_A_VID, 10);
	mnl_attr_put(nlh, VSW_A_MAC, 6, m1);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, 5);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u64(nlh, VSW_A_AGE_MS, 12345);
	send_nlh(nlh);
	nlh = reply(VSW_CMD_FDB_GET, NLM_F_MULTI, f.req->nlmsg_seq);
	mnl_attr_put_u16(nlh, VSW_A_VID, 20);
	mnl_attr_put(nlh, VSW_A_MAC, 6, m2);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, 6);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p2");
	mnl_attr_put(nlh, VSW_A_FDB_STATIC, 0, NULL);
	send_nlh(nlh);
	fake_done(&f);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "vlan 10 mac 02:00:00:00:00:01 port p1 age 12.3s\n"
				"vlan 20 mac 02:00:00:00:00:ab port p2 static\n");
}

Test(vswctl_fdb, flush_prints_the_count)
{
	struct nlmsghdr *nlh;
	struct fake f;

	fake_start(&f, "fdb flush sw0 port p1 vlan 10");
	fake_accept(&f, VSW_CMD_FDB_FLUSH);
	cr_assert_eq(f.at.count, 3);
	cr_assert_str_eq(mnl_attr_get_str(f.at.tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_u16(f.at.tb[VSW_A_VID]), 10);
	nlh = reply(VSW_CMD_FDB_FLUSH, 0, f.req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_u32(nlh, VSW_A_COUNT, 4);
	send_nlh(nlh);
	fake_ack(&f, 0, NULL);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "switch sw0 flushed 4\n");
}

Test(vswctl_fdb, usage_errors_exit_2)
{
	expect_usage_error("fdb add sw0 02:00:00:00:00:01 vlan 10",
			   "vswctl: switch 'sw0': missing 'port PORT'\n");
	expect_usage_error("fdb del sw0 02:00:00:00:00:01 vlan 10 port p1",
			   "vswctl: switch 'sw0': unknown keyword 'port'\n");
	expect_usage_error("fdb add sw0 01:00:00:00:00:01 vlan 10 port p1",
			   "vswctl: switch 'sw0': '01:00:00:00:00:01' is not a unicast MAC address "
			   "(xx:xx:xx:xx:xx:xx)\n");
}
