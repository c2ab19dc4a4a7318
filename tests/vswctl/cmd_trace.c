// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl trace (ctl/cmd_trace.c) against a fake vswd. */
#include <string.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"
#include "vsw_structs.h"

/* Read the trace request, check it carries the frame the spec builds,
 * and answer with a decision: a flood to p2 untagged, p3 tagged, and
 * (more > 0) that many more ports; or a nest without a verdict. */
static void serve_trace(struct fake *f, unsigned int more, bool broken)
{
	static const __u8 want[14] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				       0x02, 0, 0, 0, 0, 0x01, 0x88, 0xb5 };
	const struct nlattr **tb = f->at.tb;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	fake_accept(f, VSW_CMD_TRACE);
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_SWITCH_NAME]), "sw0");
	cr_assert_str_eq(mnl_attr_get_str(tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_eq(mnl_attr_get_payload_len(tb[VSW_A_FRAME]), 60);
	cr_assert_eq(memcmp(mnl_attr_get_payload(tb[VSW_A_FRAME]), want, sizeof(want)), 0);

	nlh = reply(VSW_CMD_TRACE, 0, f->req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, "p1");
	nest = mnl_attr_nest_start(nlh, VSW_A_TRACE);
	if (!broken)
		mnl_attr_put_u8(nlh, VSW_TRACE_VERDICT, VSW_V_FLOOD);
	mnl_attr_put_u32(nlh, VSW_TRACE_FLAGS, VSW_DEC_F_LEARNED);
	mnl_attr_put_u16(nlh, VSW_TRACE_VID, 1);
	mnl_attr_put_strz(nlh, VSW_TRACE_TO_UNTAGGED, "p2");
	mnl_attr_put_strz(nlh, VSW_TRACE_TO_TAGGED, "p3");
	if (more)
		mnl_attr_put_u32(nlh, VSW_TRACE_TO_MORE, more);
	mnl_attr_nest_end(nlh, nest);
	send_nlh(nlh);
	fake_ack(f, 0, NULL);
}

Test(vswctl_trace, sends_the_frame_and_prints_the_decision)
{
	struct fake f;
	int status;

	fake_start(&f, "trace sw0 port p1 src 02:00:00:00:00:01 dst ff:ff:ff:ff:ff:ff");
	serve_trace(&f, 0, false);
	status = fake_wait(&f);
	cr_assert_eq(status, 0, "exit %d: %s", status, f.out);
	cr_assert_str_eq(f.out, "trace switch sw0 port p1 src 02:00:00:00:00:01 dst "
				"ff:ff:ff:ff:ff:ff vlan 1 fdb miss learn yes passed "
				"port,link,parse,vlan,learn_limit verdict flood to p2 to_tagged p3\n");

	fake_rerun(&f, "-j trace sw0 port p1 src 02:00:00:00:00:01 dst ff:ff:ff:ff:ff:ff");
	serve_trace(&f, 700, false);
	status = fake_finish(&f);
	cr_assert_eq(status, 0, "exit %d: %s", status, f.out);
	cr_assert_not_null(strstr(f.out, "\"verdict\":\"flood\",\"to\":\"p2\",\"to_tagged\":\"p3\","
					 "\"to_more\":700,\"mirrored\":false}]"), "%s", f.out);
}

Test(vswctl_trace, reply_without_verdict_is_an_error)
{
	struct fake f;

	fake_start(&f, "trace sw0 port p1 src 02:00:00:00:00:01 dst ff:ff:ff:ff:ff:ff");
	serve_trace(&f, 0, true);
	cr_assert_eq(fake_finish(&f), 1, "%s", f.out);
	cr_assert_str_eq(f.out, "vswctl: malformed trace reply from vswd (Bad message)\n");
}

Test(vswctl_trace, usage_errors_exit_2)
{
	expect_usage_error("trace sw0 src 02:00:00:00:00:01 dst ff:ff:ff:ff:ff:ff",
			   "vswctl: switch 'sw0': missing 'port PORT'\n");
	expect_usage_error("trace sw0 port p1 src 02:00:00:00:00:01",
			   "vswctl: switch 'sw0': frame: a spec needs 'src MAC' and 'dst MAC'\n");
	expect_usage_error("trace sw0 port p1 ffff",
			   "vswctl: switch 'sw0': frame: unknown word 'ffff'\n");
}
