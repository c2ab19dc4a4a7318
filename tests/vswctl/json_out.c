// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vswctl's output helpers (ctl/json_out.h): one call per field writes
 * text or JSON; both writers on the same calls.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <criterion/criterion.h>

#include "json_out.h"

static char *out_text;
static size_t out_len;
static FILE *out_f;

static void out_capture(bool json)
{
	out_f = open_memstream(&out_text, &out_len);
	cr_assert_not_null(out_f);
	out_init(out_f, json);
}

static const char *out_captured(void)
{
	fflush(out_f);
	return out_text;
}

/* One port line, written once; both writers. */
static void write_ports(void)
{
	out_begin_list();
	out_begin_object();
	out_str("port", "port %s", "p1");
	out_str("vlan_mode", "vlan %s", "access");
	out_uint("vid", "%u", 10);
	out_str("nic", "nic %s", NULL); /* absent: nothing either way */
	out_bool("static", "static", true);
	out_bool("adopted", "adopted", false);
	out_msec("age_ms", "age %.1fs", 12345);
	out_begin_group("drops", "drops");
	out_u64("malformed", "malformed %llu", 0);
	out_u64("vlan_filter", "vlan_filter %llu", 18446744073709551615ULL);
	out_end_group();
	out_end_object();
	out_begin_object();
	out_str("port", "port %s", "p\"2");
	out_end_object();
	out_end_list();
}

Test(vswctl_output, text)
{
	out_capture(false);
	write_ports();
	cr_assert_str_eq(out_captured(),
			 "port p1 vlan access 10 static age 12.3s drops malformed 0 "
			 "vlan_filter 18446744073709551615\n"
			 "port p\"2\n");
	fclose(out_f);
	free(out_text);
}

Test(vswctl_output, json)
{
	out_capture(true);
	write_ports();
	cr_assert_str_eq(out_captured(),
			 "[{\"port\":\"p1\",\"vlan_mode\":\"access\",\"vid\":10,\"static\":true,"
			 "\"adopted\":false,\"age_ms\":12345,\"drops\":{\"malformed\":0,"
			 "\"vlan_filter\":18446744073709551615}},{\"port\":\"p\\\"2\"}]\n");
	fclose(out_f);
	free(out_text);
}

Test(vswctl_output, json_empty_and_discarded)
{
	out_capture(true);
	out_begin_list();
	out_end_list();
	out_begin_list();
	out_begin_object();
	out_str("port", "port %s", "p1");
	out_end_object();
	out_discard_list();
	cr_assert_str_eq(out_captured(), "[]\n", "an empty list; a discarded one prints nothing");
	fclose(out_f);
	free(out_text);
}
