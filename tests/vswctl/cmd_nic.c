// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl nic (ctl/cmd_nic.c) against a fake vswd. */
#include <string.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"

Test(vswctl_nic, add_vm_attributes)
{
	const struct nlattr **tb;
	struct fake f;

	fake_start(&f, "nic add vm1 type vm tap tap-vm1 owner 1000 group 0 queues 4 mtu 9000");
	fake_accept(&f, VSW_CMD_NIC_ADD);
	tb = f.at.tb;
	cr_assert_eq(f.at.count, 7);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_MTU]), 9000);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_NIC_NAME]), "vm1");
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_NIC_KIND]), VSW_NIC_VM);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_IFNAME]), "tap-vm1");
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_OWNER]), 1000);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_GROUP]), 0);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_QUEUES]), 4);
	fake_ack(&f, 0, NULL);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "", "add prints nothing");
}

/* nic add ... type legacy: the add, then a get whose socket is printed. */
Test(vswctl_nic, add_legacy_prints_the_socket)
{
	static const __u8 mac[6] = { 2, 0x16, 0x3e, 0, 0, 0x21 };
	struct nlmsghdr *nlh;
	struct fake f;

	fake_start(&f, "nic add old1 type legacy mac 02:16:3e:00:00:21");
	fake_accept(&f, VSW_CMD_NIC_ADD);
	cr_assert_eq(f.at.count, 3);
	cr_assert_eq(mnl_attr_get_u8(f.at.tb[VSW_A_NIC_KIND]), VSW_NIC_LEGACY);
	cr_assert_arr_eq(mnl_attr_get_payload(f.at.tb[VSW_A_MAC]), mac, 6);
	fake_ack(&f, 0, NULL);
	fake_next(&f, VSW_CMD_NIC_GET);
	nlh = reply(VSW_CMD_NIC_GET, 0, f.req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, "old1");
	mnl_attr_put_u8(nlh, VSW_A_NIC_KIND, VSW_NIC_LEGACY);
	mnl_attr_put_strz(nlh, VSW_A_LEGACY_SOCKET, "/run/vsw/legacy-old1.sock");
	send_nlh(nlh);
	fake_ack(&f, 0, NULL);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "/run/vsw/legacy-old1.sock\n");
}

Test(vswctl_nic, usage_errors_exit_2)
{
	expect_usage_error("nic add old1 type legacy tap t1",
			   "vswctl: nic 'old1': 'tap' does not go with type legacy\n");
	expect_usage_error("nic add old1 type legacy mtu 9000",
			   "vswctl: nic 'old1': 'mtu' does not go with type legacy\n");
	expect_usage_error("nic add old1 type legacy mode 0999",
			   "vswctl: nic 'old1': mode '0999' is not octal permission bits (0 to "
			   "0777, e.g. 0660)\n");
	expect_usage_error("nic add vm1 type vm mode 0600",
			   "vswctl: nic 'vm1': 'mode' does not go with type vm\n");
	expect_usage_error("nic add vm1 type vm mtu 67",
			   "vswctl: nic 'vm1': mtu '67' is not a number from 68 to 65535\n");
}
