// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl ext (ctl/cmd_ext.c) against a fake vswd. */
#include <errno.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"
#include "vsw_ext.h"

Test(vswctl_ext, add_attributes)
{
	const struct nlattr **tb;
	struct fake f;

	fake_start(&f, "ext add sw0 f1 kind filter stage egress object /dev/null program p "
		       "priority 5 set a=1 set m=02:00:00:00:00:01 set port=@p2");
	fake_accept(&f, VSW_CMD_EXT_ADD);
	tb = f.at.tb;
	cr_assert_eq(f.at.count, 8);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_SWITCH_NAME]), "sw0");
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_EXT_NAME]), "f1");
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_EXT_KIND]), VSW_EXT_KIND_FILTER);
	cr_assert_eq(mnl_attr_get_u8(tb[VSW_A_EXT_STAGE]), VSW_EXT_EGRESS);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_EXT_OBJECT]), "/dev/null");
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_EXT_PROGRAM]), "p");
	cr_assert_eq(mnl_attr_get_u32(tb[VSW_A_EXT_PRIORITY]), 5);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_EXT_PARAMS]),
			 "a=1 m=02:00:00:00:00:01 port=@p2");
	fake_ack(&f, -EACCES,
		 "extension 'f1': the kernel refused 'p': Permission denied: R1 invalid mem access");
	cr_assert_eq(fake_finish(&f), 1, "%s", f.out);
	cr_assert_str_eq(f.out, "vswctl: extension 'f1': the kernel refused 'p': Permission "
				"denied: R1 invalid mem access (Permission denied)\n");
}

Test(vswctl_ext, usage_errors_exit_2)
{
	expect_usage_error("ext add sw0 f1 kind forward stage egress object /dev/null",
			   "vswctl: extension 'f1': a forward extension runs at ingress only\n");
	expect_usage_error("ext add sw0 f1 kind filter stage ingress object /dev/null set a",
			   "vswctl: extension 'f1': set 'a': VAR=VALUE, VALUE a number, a MAC or "
			   "@PORT\n");
	expect_usage_error("ext add sw0 f1 kind filter object /dev/null",
			   "vswctl: extension 'f1': missing 'stage ingress|egress'\n");
	expect_usage_error("ext add sw0 f1 kind sniff stage ingress object /dev/null",
			   "vswctl: extension 'f1': kind 'sniff' is not one of capture, filter, "
			   "forward\n");
	expect_usage_error("ext add sw0 f1 kind filter stage ingress object /nonexistent/x.o",
			   "vswctl: extension 'f1': object '/nonexistent/x.o': No such file or "
			   "directory\n");
	expect_usage_error("ext del sw0", "vswctl: extension del: missing NAME\n");
}

Test(vswctl_ext, show_line)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct fake f;

	fake_start(&f, "ext show sw0");
	fake_accept(&f, VSW_CMD_EXT_GET);
	cr_assert(f.req->nlmsg_flags & NLM_F_DUMP);
	nlh = reply(VSW_CMD_EXT_GET, NLM_F_MULTI, f.req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, "no-v6");
	mnl_attr_put_u8(nlh, VSW_A_EXT_KIND, VSW_EXT_KIND_FILTER);
	mnl_attr_put_u8(nlh, VSW_A_EXT_STAGE, VSW_EXT_INGRESS);
	mnl_attr_put_u32(nlh, VSW_A_EXT_PRIORITY, 100);
	mnl_attr_put_strz(nlh, VSW_A_EXT_OBJECT, "/x.bpf.o");
	mnl_attr_put_strz(nlh, VSW_A_EXT_PARAMS, "ethertype=0x86dd reason=3");
	mnl_attr_put_u8(nlh, VSW_A_EXT_LOADED, 1);
	mnl_attr_put_u32(nlh, VSW_A_EXT_ID, 4);
	nest = mnl_attr_nest_start(nlh, VSW_A_EXT_STATS);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_RUNS, 10);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_DROPS, 2);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_FORWARDS, 0);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_VIOLATIONS, 0);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_REASON_BASE + 0, 0);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_REASON_BASE + 3, 2);
	mnl_attr_nest_end(nlh, nest);
	send_nlh(nlh);
	fake_done(&f);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "ext no-v6 switch sw0 kind filter stage ingress priority 100 "
				"object /x.bpf.o set ethertype=0x86dd set reason=3 id 4 runs 10 "
				"drops 2 forwards 0 violations 0 reasons 3 2\n");
}
