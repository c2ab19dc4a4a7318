// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Forwarding extension: frames to destination MAC `mac` go to the port
 * whose netdev has ifindex `port`, whatever the FDB says. The switch
 * still applies its policies to that choice (the port must be up, in the
 * frame's VLAN, not the ingress port). Other frames: no opinion.
 *
 *   vswctl ext add sw0 to-ids kind forward stage ingress \
 *       object /usr/lib/vsw/ext/steer_mac.bpf.o set mac=02:00:00:00:00:0b port=@ids
 *   ('@ids': the port named ids, resolved by vswd)
 */
#include <linux/if_ether.h>
#include "vsw_ext.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";
VSW_EXT_DECLARE_ABI();

const volatile __u8 mac[ETH_ALEN];
const volatile __u32 port; /* ifindex of the destination port */

SEC("xdp")
int steer_mac(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct vsw_ext_md *md = vsw_ext_md_get(VSW_EXT_INGRESS);
	struct ethhdr *eth = data;
	int i;

	if (!md || (void *)(eth + 1) > end)
		goto out;
	for (i = 0; i < ETH_ALEN; i++)
		if (eth->h_dest[i] != mac[i])
			goto out;
	vsw_ext_forward(md, port);
out:
	return vsw_ext_ingress_done(ctx);
}
