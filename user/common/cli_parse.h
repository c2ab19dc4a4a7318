/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Command-line values, parsed one way for every vsw tool. */
#ifndef VSW_CLI_PARSE_H
#define VSW_CLI_PARSE_H

#include <linux/types.h>

/* Decimal digits only (no sign, no spaces), up to 2^32-1. 0 or -EINVAL. */
int cli_parse_u32(const char *s, __u32 *out);
/* A VLAN ID, 1..4094. */
int cli_parse_vid(const char *s, __u16 *vid);
/* A user or group: a number, or a name known to this host; never
 * (__u32)-1, which means "unset". 0 or -EINVAL. */
int cli_parse_uid(const char *s, __u32 *uid);
int cli_parse_gid(const char *s, __u32 *gid);
/* xx:xx:xx:xx:xx:xx exactly (hex, either case). */
int cli_parse_mac(const char *s, __u8 mac[6]);
/* The same, and a unicast address that is not all zeros. */
int cli_parse_unicast_mac(const char *s, __u8 mac[6]);
/* A rate in bits per second: digits with an optional unit bit, kbit,
 * mbit, gbit, tbit (powers of 1000, either case), e.g. 10mbit; "0" too.
 * 0 or -EINVAL (also on overflow). */
int cli_parse_rate(const char *s, __u64 *bps);

#endif /* VSW_CLI_PARSE_H */
