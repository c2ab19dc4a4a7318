// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: the daemon's control-message parser must answer any
 * datagram with 0 or an error, never read outside it, never crash.
 * Whatever it accepts is read back through the accessors too, and
 * through the decoder of port settings (user/common/port_attr.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ctl_msg.h"
#include "port_policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_request req;
	struct vsw_err err;
	void *buf;

	if (size > VSW_CTL_MSG_MAX)
		return 0;
	/* An exact-size heap copy, aligned as recv() would leave it:
	 * ASan flags any read past the datagram. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (!ctl_request_parse(buf, size, &req, &err)) {
		struct vsw_port_set ps;

		if (!vsw_port_set_get(req.tb, "p", &ps, &err) &&
		    ps.pol.nallow > VSW_POL_ALLOW_MAX)
			abort();
		for (int a = 1; a <= VSW_A_MAX; a++) {
			if (!req.tb[a])
				continue;
			switch (a) {
			case VSW_A_SWITCH_NAME:
			case VSW_A_PORT_NAME:
			case VSW_A_NIC_NAME:
			case VSW_A_NETNS:
			case VSW_A_IFNAME:
				if (strlen(ctl_str(&req, a)) > 63)
					abort();
				break;
			default:
				(void)ctl_bin(&req, a);
			}
		}
	}
	free(buf);
	return 0;
}
