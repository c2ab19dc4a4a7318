// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl acl (ctl/cmd_acl.c) against a fake vswd. */
#include <string.h>
#include <criterion/criterion.h>

#include "acl_rule.h"
#include "ctl_fake.h"

Test(vswctl_acl, add_attributes_and_id)
{
	const struct vsw_acl_cidr *c;
	const struct vsw_acl_range *rg;
	const struct nlattr **tb;
	struct nlmsghdr *nlh;
	struct fake f;

	fake_start(&f, "acl add p1 dir out priority 7 proto tcp remote 10.1.2.3/16 "
		       "rport 80-90 remote-mac 02:00:00:00:00:09 action allow stateful timeout 5");
	fake_accept(&f, VSW_CMD_ACL_ADD);
	tb = f.at.tb;
	cr_assert_eq(f.at.count, 10);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_ACL_DIR]), VSW_ACL_DIR_OUT);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_ACL_ACTION]), VSW_ACL_ALLOW);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_ACL_PRIORITY]), 7);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_ACL_PROTO]), 6);
	c = mnl_attr_get_payload(tb[VSW_A_ACL_REMOTE]);
	cr_assert_eq(c->family, 4);
	cr_assert_eq(c->len, 16);
	cr_assert_eq(memcmp(c->addr, "\x0a\x01\x00\x00", 4), 0, "bits past /16 cleared");
	rg = mnl_attr_get_payload(tb[VSW_A_ACL_RPORT]);
	cr_assert(rg->lo == 80 && rg->hi == 90);
	cr_assert_eq(memcmp(mnl_attr_get_payload(tb[VSW_A_ACL_REMOTE_MAC]),
			    "\x02\0\0\0\0\x09", 6), 0);
	cr_assert_not_null(tb[VSW_A_ACL_STATEFUL]);
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_ACL_TIMEOUT]), 5);
	nlh = reply(VSW_CMD_ACL_ADD, 0, f.req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, 12);
	send_nlh(nlh);
	fake_ack(&f, 0, NULL);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "acl 12 port p1\n");
}

Test(vswctl_acl, show_line)
{
	struct vsw_acl_cidr c = { .family = 6, .len = 32 };
	struct vsw_acl_range rg = { 22, 22 };
	struct nlmsghdr *nlh;
	struct fake f;

	memcpy(c.addr, "\x20\x01\x0d\xb8", 4);
	fake_start(&f, "acl show p1");
	fake_accept(&f, VSW_CMD_ACL_GET);
	cr_assert(f.req->nlmsg_flags & NLM_F_DUMP);
	nlh = reply(VSW_CMD_ACL_GET, NLM_F_MULTI, f.req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, 3);
	mnl_attr_put_u8(nlh, VSW_A_ACL_DIR, VSW_ACL_DIR_IN);
	mnl_attr_put_u8(nlh, VSW_A_ACL_ACTION, VSW_ACL_DENY);
	mnl_attr_put_u32(nlh, VSW_A_ACL_PRIORITY, 100);
	mnl_attr_put_u8(nlh, VSW_A_ACL_PROTO, 6);
	mnl_attr_put(nlh, VSW_A_ACL_LOCAL, sizeof(c), &c);
	mnl_attr_put(nlh, VSW_A_ACL_LPORT, sizeof(rg), &rg);
	mnl_attr_put_u64(nlh, VSW_A_ACL_HITS, 42);
	send_nlh(nlh);
	fake_done(&f);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "acl 3 port p1 dir in priority 100 proto tcp local 2001:db8::/32 "
				"lport 22 action deny hits 42\n");
}

Test(vswctl_acl, usage_errors_exit_2)
{
	static const struct {
		const char *args, *out;
	} cases[] = {
		{ "acl add p1 action deny", "vswctl: acl 'p1': missing 'dir in|out|both'\n" },
		{ "acl add p1 dir in", "vswctl: acl 'p1': missing 'action allow|deny|meter'\n" },
		{ "acl add p1 dir up action deny",
		  "vswctl: acl 'p1': dir 'up' is not one of in, out, both\n" },
		{ "acl add p1 dir in remote 10.0.0.0/33 action deny",
		  "vswctl: acl 'p1': remote '10.0.0.0/33' is not an IPv4 or IPv6 address or prefix "
		  "(10.0.0.0/8, 2001:db8::/32)\n" },
		{ "acl add p1 dir in rport 9-8 action deny",
		  "vswctl: acl 'p1': rport '9-8' is not a port or range (80, 1024-2047; 0 to 65535)\n" },
		{ "acl add p1 dir in proto icmp rport 80 action deny",
		  "vswctl: acl 'p1': ports need protocol tcp or udp (or none)\n" },
		{ "acl add p1 dir in action deny stateful",
		  "vswctl: acl 'p1': only an allow rule can be stateful\n" },
		{ "acl add p1 dir in action allow timeout 5",
		  "vswctl: acl 'p1': 'timeout' is for stateful rules\n" },
		{ "acl add p1 dir in local 10.0.0.1 remote ::1 action deny",
		  "vswctl: acl 'p1': local and remote prefixes of different families\n" },
		{ "acl del p1 x", "vswctl: acl 'p1': rule ID 'x' is not a number from 1 to 4294967295\n" },
		{ "acl show", "vswctl: acl show: missing PORT\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_usage_error(cases[i].args, cases[i].out);
}
