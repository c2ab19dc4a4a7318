/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A frame from the command line, for vswctl trace: either one word of
 * hex (the bytes, ':' allowed between them), or a short spec:
 *
 *	src MAC dst MAC [vlan VID [pcp N]] [type ETHERTYPE]
 *	    [ipv4 A > B [udp|tcp [SPORT >] DPORT]]
 *
 * The spec builds Ethernet, an optional 802.1Q tag, and an IPv4 header
 * (checksum computed) with a UDP or TCP header, padded to the Ethernet
 * minimum of 60 bytes. Without ipv4 the EtherType is 0x88b5 (local
 * experimental) unless type is given.
 */
#ifndef VSW_FRAME_SPEC_H
#define VSW_FRAME_SPEC_H

#include <stddef.h>
#include <linux/types.h>
#include "errmsg.h"

/* Parse argv[0..argc) into buf (cap bytes). Returns the frame's length,
 * or -EINVAL with a sentence about the first bad word in err. */
int frame_spec_parse(int argc, char **argv, __u8 *buf, size_t cap, struct vsw_err *err);

#endif /* VSW_FRAME_SPEC_H */
