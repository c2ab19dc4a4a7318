// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl version: the protocol of vswctl, the build and protocol of vswd. */
#include <errno.h>
#include <string.h>

#include "vswctl.h"

struct version {
	__u32 protocol;
	char build[64];
	bool got;
};

static int version_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct version *v = data;

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_VERSION]) {
		return bad_reply("malformed version reply from vswd");
	}
	v->protocol = mnl_attr_get_u32(tb[VSW_A_VERSION]);
	snprintf(v->build, sizeof(v->build), "%s",
		 tb[VSW_A_BUILD] ? mnl_attr_get_str(tb[VSW_A_BUILD]) : "unknown");
	v->got = true;
	return 0;
}

void usage_version(FILE *f)
{
	fputs("vswctl version\n"
	      "    The control protocol of vswctl, and the build and protocol of the\n"
	      "    vswd it reaches.\n", f);
}

int do_version(struct args *a)
{
	struct version v = { 0 };
	struct nlmsghdr *nlh;
	int err;

	if (a->argc && !strcmp(a->argv[0], "help")) {
		usage_version(stdout);
		return 0;
	}
	err = no_more_args(a) ?: start_req(a, VSW_CMD_VERSION, false, &nlh) ?:
	      call(a, version_cb, &v);
	if (err)
		return err;
	if (!v.got) {
		return report(a, bad_reply("vswd sent no version"));
	}
	out_begin_list();
	out_begin_object();
	out_str("program", "%s", "vswctl");
	out_uint("protocol", "protocol %u", VSW_CTL_VERSION);
	out_end_object();
	out_begin_object();
	out_str("program", "%s", "vswd");
	out_str("build", "build %s", v.build);
	out_uint("protocol", "protocol %u", v.protocol);
	out_end_object();
	out_end_list();
	if (v.protocol != VSW_CTL_VERSION)
		fprintf(stderr, "vswctl: warning: vswd speaks protocol %u, vswctl %u\n",
			v.protocol, VSW_CTL_VERSION);
	return 0;
}
