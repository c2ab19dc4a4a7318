// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <string.h>

#include "port_policy.h"
#include "vsw_ctl.h"

#define NS_PER_SEC 1000000000ULL

void vsw_pol_settings_init(struct vsw_pol_settings *s)
{
	memset(s, 0, sizeof(*s));
}

bool vsw_mirror_role_valid(__u8 mirror)
{
	return mirror == VSW_MIRROR_DST || !(mirror & ~(VSW_MIRROR_IN | VSW_MIRROR_OUT));
}

const char *vsw_mirror_role_name(__u8 mirror)
{
	switch (mirror) {
	case 0: return "off";
	case VSW_MIRROR_IN: return "source in";
	case VSW_MIRROR_OUT: return "source out";
	case VSW_MIRROR_IN | VSW_MIRROR_OUT: return "source both";
	case VSW_MIRROR_DST: return "destination";
	default: return "?";
	}
}

int vsw_mirror_role_parse(const char *name, __u8 *mirror)
{
	static const __u8 roles[] = { 0, VSW_MIRROR_IN, VSW_MIRROR_OUT,
				      VSW_MIRROR_IN | VSW_MIRROR_OUT, VSW_MIRROR_DST };

	for (size_t r = 0; r < sizeof(roles); r++)
		if (!strcmp(name, vsw_mirror_role_name(roles[r]))) {
			*mirror = roles[r];
			return 0;
		}
	return -EINVAL;
}

__u32 vsw_rate_burst_default(__u64 bps)
{
	__u64 b = bps / 8 * 2 / 5;

	if (b < 16384)
		b = 16384;
	return b > VSW_BURST_MAX ? VSW_BURST_MAX : (__u32)b;
}

bool vsw_mac_guard_effective(const struct vsw_pol_settings *s, int nic_kind, bool has_mac)
{
	if (s->mac_guard == VSW_GUARD_DEFAULT)
		return has_mac && (nic_kind == VSW_NIC_VM || nic_kind == VSW_NIC_LEGACY);
	return s->mac_guard == VSW_GUARD_ON;
}

void vsw_bucket_rate(struct vsw_bucket_cfg *b, __u64 bps, __u32 burst)
{
	memset(b, 0, sizeof(*b));
	if (!bps)
		return;
	/* ns per byte, scaled: 8e9 << 16 fits 64 bits with room to spare. */
	b->cost = ((8 * NS_PER_SEC) << VSW_BKT_COST_SHIFT) / bps;
	if (!b->cost)
		b->cost = 1;
	b->depth_ns = (__u64)(burst ?: vsw_rate_burst_default(bps)) * 8 * NS_PER_SEC / bps;
}

void vsw_bucket_pps(struct vsw_bucket_cfg *b, __u32 pps)
{
	memset(b, 0, sizeof(*b));
	if (!pps)
		return;
	/* The burst of a storm limit is one second's worth of frames. */
	b->cost = (NS_PER_SEC << VSW_BKT_COST_SHIFT) / pps;
	b->depth_ns = NS_PER_SEC;
}

void vsw_pol_build(const struct vsw_pol_settings *s, int nic_kind, const __u8 *nic_mac,
		   struct vsw_port_policy *out)
{
	static const int storm_bkt[VSW_STORM__MAX] = {
		[VSW_STORM_BCAST] = VSW_BKT_STORM_BCAST,
		[VSW_STORM_MCAST] = VSW_BKT_STORM_MCAST,
		[VSW_STORM_UNKNOWN] = VSW_BKT_STORM_UNKNOWN,
	};

	memset(out, 0, sizeof(*out));
	if (vsw_mac_guard_effective(s, nic_kind, nic_mac != NULL)) {
		out->flags |= VSW_POL_F_MAC_GUARD;
		if (nic_mac)
			memcpy(out->macs[out->nmacs++], nic_mac, 6);
		for (int i = 0; i < s->nallow && out->nmacs < VSW_POL_MACS; i++)
			memcpy(out->macs[out->nmacs++], s->allow[i], 6);
	}
	if (s->dhcp_guard)
		out->flags |= VSW_POL_F_DHCP_GUARD;
	if (s->router_guard)
		out->flags |= VSW_POL_F_ROUTER_GUARD;
	if (!s->prio_trust)
		out->flags |= VSW_POL_F_PRIO_RESET;
	vsw_bucket_rate(&out->bkt[VSW_BKT_RATE_OUT], s->rate_bps[VSW_DIR_OUT], s->burst[VSW_DIR_OUT]);
	vsw_bucket_rate(&out->bkt[VSW_BKT_RATE_IN], s->rate_bps[VSW_DIR_IN], s->burst[VSW_DIR_IN]);
	for (int k = 0; k < VSW_STORM__MAX; k++)
		vsw_bucket_pps(&out->bkt[storm_bkt[k]], s->storm_pps[k]);
	out->pvlan = s->pvlan;
	out->pvlan_secondary = s->pvlan_secondary;
	memcpy(out->pvlan_serves, s->pvlan_serves, sizeof(out->pvlan_serves));
}
