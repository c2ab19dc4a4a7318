// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* An extension that does not say its ABI (no VSW_EXT_DECLARE_ABI()): the
 * loader refuses it. */
#include "vsw_ext.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int noabi(struct xdp_md *ctx)
{
	return vsw_ext_ingress_done(ctx);
}
