// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl switch (ctl/cmd_switch.c) against a fake vswd. */
#include <criterion/criterion.h>

#include "ctl_fake.h"

Test(vswctl_switch, show_line_and_json)
{
	static const char *const want[] = {
		"switch sw0 type internal ports 2 datapath portable\n",
		"[{\"switch\":\"sw0\",\"type\":\"internal\",\"ports\":2,\"datapath\":\"portable\"}]\n",
	};
	struct nlmsghdr *nlh;
	struct fake f;

	fake_start(&f, "switch show sw0");
	for (int json = 0; json < 2; json++) {
		if (json)
			fake_rerun(&f, "-j switch show sw0");
		fake_accept(&f, VSW_CMD_SWITCH_GET);
		cr_assert(f.req->nlmsg_flags & NLM_F_DUMP);
		cr_assert_str_eq(mnl_attr_get_str(f.at.tb[VSW_A_SWITCH_NAME]), "sw0");
		nlh = reply(VSW_CMD_SWITCH_GET, NLM_F_MULTI, f.req->nlmsg_seq);
		mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, "sw0");
		mnl_attr_put_u8(nlh, VSW_A_SWITCH_TYPE, VSW_SWITCH_INTERNAL);
		mnl_attr_put_u32(nlh, VSW_A_COUNT, 2);
		mnl_attr_put_strz(nlh, VSW_A_DP_MODE, "portable");
		send_nlh(nlh);
		fake_done(&f);
		cr_assert_eq(json ? fake_finish(&f) : fake_wait(&f), 0, "%s", f.out);
		cr_assert_str_eq(f.out, want[json]);
	}
}

/* A name that was asked for and is not in the answer does not exist. */
Test(vswctl_switch, show_of_a_missing_name_exits_1)
{
	struct fake f;

	fake_start(&f, "switch show sw9");
	fake_accept(&f, VSW_CMD_SWITCH_GET);
	fake_done(&f);
	cr_assert_eq(fake_finish(&f), 1, "%s", f.out);
	cr_assert_str_eq(f.out, "vswctl: switch 'sw9' does not exist (No such file or "
				"directory)\n");
}

Test(vswctl_switch, del_force)
{
	struct fake f;

	fake_start(&f, "switch del sw0 force");
	fake_accept(&f, VSW_CMD_SWITCH_DEL);
	cr_assert_eq(f.at.count, 2);
	cr_assert_not_null(f.at.tb[VSW_A_FORCE]);
	fake_ack(&f, 0, NULL);
	cr_assert_eq(fake_finish(&f), 0, "%s", f.out);
	cr_assert_str_eq(f.out, "");
}
