// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl capture (ctl/cmd_capture.c): its command line. The capture
 * itself runs against a real vswd in selftests/test_observability.sh. */
#include <criterion/criterion.h>

#include "ctl_fake.h"

Test(vswctl_capture, usage_errors_exit_2)
{
	expect_usage_error("capture p1 in", "vswctl: port 'p1': missing '-w FILE'\n");
	expect_usage_error("capture p1 in out -w x", "vswctl: port 'p1': direction given twice\n");
	expect_usage_error("capture p1 -c x -w f",
			   "vswctl: port 'p1': -c wants a count of frames, once (1 or more)\n");
}
