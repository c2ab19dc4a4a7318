// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "cli_parse.h"
#include "vsw_consts.h"

int cli_parse_u32(const char *s, __u32 *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > 0xffffffffUL)
		return -EINVAL;
	*out = v;
	return 0;
}

int cli_parse_vid(const char *s, __u16 *vid)
{
	__u32 v;

	if (cli_parse_u32(s, &v) || v < VSW_VID_MIN || v > VSW_VID_MAX)
		return -EINVAL;
	*vid = v;
	return 0;
}

int cli_parse_uid(const char *s, __u32 *uid)
{
	struct passwd *pw;

	if (cli_parse_u32(s, uid)) {
		pw = getpwnam(s);
		if (!pw)
			return -EINVAL;
		*uid = pw->pw_uid;
	}
	return *uid == (__u32)-1 ? -EINVAL : 0;
}

int cli_parse_gid(const char *s, __u32 *gid)
{
	struct group *gr;

	if (cli_parse_u32(s, gid)) {
		gr = getgrnam(s);
		if (!gr)
			return -EINVAL;
		*gid = gr->gr_gid;
	}
	return *gid == (__u32)-1 ? -EINVAL : 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cli_parse_mac(const char *s, __u8 mac[6])
{
	if (strlen(s) != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++, s += 3) {
		int hi = hex_digit(s[0]), lo = hex_digit(s[1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[2] != ':'))
			return -EINVAL;
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

int cli_parse_unicast_mac(const char *s, __u8 mac[6])
{
	static const __u8 zero[6];

	if (cli_parse_mac(s, mac) || (mac[0] & 1) || !memcmp(mac, zero, 6))
		return -EINVAL;
	return 0;
}

int cli_parse_rate(const char *s, __u64 *bps)
{
	static const struct { const char *unit; __u64 mult; } units[] = {
		{ "", 1 }, { "bit", 1 }, { "kbit", 1000ULL }, { "mbit", 1000000ULL },
		{ "gbit", 1000000000ULL }, { "tbit", 1000000000000ULL },
	};
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].unit))
			continue;
		if (v > UINT64_MAX / units[i].mult)
			return -EINVAL;
		*bps = v * units[i].mult;
		return 0;
	}
	return -EINVAL;
}
