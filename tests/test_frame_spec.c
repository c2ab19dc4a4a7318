// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Frames from the command line (user/common/frame_spec.c): the bytes a spec
 * builds, hex taken as it is, and every bad word refused with a sentence.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "frame_spec.h"

static __u8 buf[2048];
static struct vsw_err why;

static int parse(const char *line)
{
	static char copy[512];
	char *argv[32], *save;
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	why.msg[0] = '\0';
	return frame_spec_parse(argc, argv, buf, sizeof(buf), &why);
}

Test(frame_spec, ethernet_padded_to_60_bytes)
{
	static const __u8 want[14] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				       0x02, 0, 0, 0, 0, 0x0a, 0x88, 0xb5 };

	cr_assert_eq(parse("src 02:00:00:00:00:0a dst ff:ff:ff:ff:ff:ff"), 60, "%s", why.msg);
	cr_assert_eq(memcmp(buf, want, sizeof(want)), 0);
	for (int i = 14; i < 60; i++)
		cr_assert_eq(buf[i], 0, "padding byte %d", i);
}

Test(frame_spec, vlan_ipv4_udp)
{
	/* dst, src, 8100, PCP 5 VID 10, 0800, IPv4 10.0.0.1 > 10.0.0.2, UDP 1000 > 53 */
	static const __u8 want[] = {
		0x02, 0, 0, 0, 0, 0x0b, 0x02, 0, 0, 0, 0, 0x0a, 0x81, 0x00, 0xa0, 0x0a,
		0x08, 0x00, 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0x66, 0xcf, 10, 0, 0, 1,
		10, 0, 0, 2, 0x03, 0xe8, 0, 53, 0, 8, 0, 0,
	};

	cr_assert_eq(parse("src 02:00:00:00:00:0a dst 02:00:00:00:00:0b vlan 10 pcp 5 "
			   "ipv4 10.0.0.1 > 10.0.0.2 udp 1000 > 53"), 60, "%s", why.msg);
	cr_assert_eq(memcmp(buf, want, sizeof(want)), 0, "bytes as built by hand");
}

Test(frame_spec, hex_is_taken_as_it_is)
{
	cr_assert_eq(parse("ffffffffffff02000000000a88b5"), 14);
	cr_assert_eq(buf[13], 0xb5);
	cr_assert_eq(parse("ff:ff:ff:ff:ff:ff:02:00:00:00:00:0a:08:00:45"), 15);
	cr_assert_eq(buf[14], 0x45);
}

Test(frame_spec, bad_words_are_named)
{
	static const struct {
		const char *line, *says;
	} bad[] = {
		{ "", "missing FRAME" },
		{ "src 02:00:00:00:00:0a", "needs 'src MAC' and 'dst MAC'" },
		{ "src nope dst 02:00:00:00:00:0b", "src wants a MAC" },
		{ "src 02:00:00:00:00:0a dst 02:00:00:00:00:0b vlan 4095", "vlan wants a VID" },
		{ "src 02:00:00:00:00:0a dst 02:00:00:00:00:0b pcp 3", "pcp 0-7 goes after vlan" },
		{ "src 02:00:00:00:00:0a dst 02:00:00:00:00:0b udp 53", "udp goes after ipv4" },
		{ "src 02:00:00:00:00:0a dst 02:00:00:00:00:0b ipv4 10.0.0.1 10.0.0.2", "ipv4 wants" },
		{ "src 02:00:00:00:00:0a dst 02:00:00:00:00:0b ipv4 1.2.3.4 > 5.6.7.8 tcp 70000",
		  "tcp wants a port" },
		{ "src 02:00:00:00:00:0a dst 02:00:00:00:00:0b flavour salty", "unknown word 'flavour'" },
		{ "fffffffffffff02000000000a88b5", "hex digits come in pairs" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(parse(bad[i].line), -EINVAL, "'%s' accepted", bad[i].line);
		cr_assert_not_null(strstr(why.msg, bad[i].says), "'%s': said '%s', want '%s'",
				   bad[i].line, why.msg, bad[i].says);
	}
}
