// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vswctl itself, the real build/vswctl against a fake vswd (ctl_fake.h):
 * here what ctl/vswctl.c owns (the object table and the exit status: 0
 * ok, 1 vswd refused or is unreachable, 2 usage error, nothing sent);
 * in tests/vswctl/ one file per object, as ctl/ has them, and the output
 * helpers. The Makefile links them into this one binary.
 */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>

#include "ctl_fake.h"

Test(vswctl, daemon_error_exits_1)
{
	struct fake f;

	fake_start(&f, "port del p1 force");
	fake_accept(&f, VSW_CMD_PORT_DEL);
	cr_assert_str_eq(mnl_attr_get_str(f.at.tb[VSW_A_PORT_NAME]), "p1");
	cr_assert_not_null(f.at.tb[VSW_A_FORCE]);
	cr_assert_eq(f.at.count, 2);
	fake_ack(&f, -ENOENT, "port 'p1' does not exist");
	cr_assert_eq(fake_finish(&f), 1, "%s", f.out);
	cr_assert_str_eq(f.out, "vswctl: port 'p1' does not exist (No such file or directory)\n");
}

Test(vswctl, usage_error_exits_2_and_sends_nothing)
{
	/* No daemon at all: a usage error is found before connecting. */
	expect_usage_error("port add p1 switch sw0 vlan access 4095",
			   "vswctl: port 'p1': '4095' is not a VLAN ID (1 to 4094)\n");
	expect_usage_error("nic add h1 type vm tap t1 tap t2",
			   "vswctl: nic 'h1': 'tap' given twice\n");
	expect_usage_error("port frobnicate p1",
			   "vswctl: port: unknown command 'frobnicate' (see 'vswctl port help')\n");
}

Test(vswctl, unknown_object_lists_the_objects)
{
	char out[4096];

	cr_assert_eq(vswctl_alone("", out), 2, "%s", out);
	cr_assert_not_null(strstr(out, "Objects: switch port nic fdb stats trace capture ext acl "
				       "version.\n"), "%s", out);
	cr_assert_eq(vswctl_alone("bridge show", out), 2);
	cr_assert_str_eq(out, "vswctl: unknown object 'bridge' (see 'vswctl --help')\n");
}

Test(vswctl, unreachable_daemon_exits_1)
{
	char out[4096];

	cr_assert_eq(vswctl_alone("switch show", out), 1, "%s", out);
	cr_assert_str_eq(out, "vswctl: cannot reach vswd at '/nonexistent': No such file or "
			      "directory\n");
}

Test(vswctl, every_object_has_help)
{
	static const char *const objects[] = { "switch", "port", "nic", "fdb", "stats", "trace",
					       "capture", "ext", "acl", "version" };
	char args[64], out[4096];

	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		snprintf(args, sizeof(args), "%s help", objects[i]);
		cr_assert_eq(vswctl_alone(args, out), 0, "%s: %s", args, out);
		snprintf(args, sizeof(args), "vswctl %s", objects[i]);
		cr_assert_eq(strncmp(out, args, strlen(args)), 0, "'%s help' prints '%s'",
			     objects[i], out);
	}
}
