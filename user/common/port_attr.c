// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A port's settings as control-protocol attributes (port_policy.h): the
 * one encoder vswctl's port add and port set use, and the one decoder
 * vswd reads their requests with.
 */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "ctl_attr.h"
#include "names.h"
#include "port_policy.h"
#include "vlan_set.h"

static const int storm_attr[VSW_STORM__MAX] = {
	[VSW_STORM_BCAST] = VSW_A_POL_STORM_BCAST,
	[VSW_STORM_MCAST] = VSW_A_POL_STORM_MCAST,
	[VSW_STORM_UNKNOWN] = VSW_A_POL_STORM_UNKNOWN,
};
static const int rate_attr[2] = { [VSW_DIR_OUT] = VSW_A_POL_RATE_OUT,
				  [VSW_DIR_IN] = VSW_A_POL_RATE_IN };
static const int burst_attr[2] = { [VSW_DIR_OUT] = VSW_A_POL_BURST_OUT,
				   [VSW_DIR_IN] = VSW_A_POL_BURST_IN };

/* The on/off settings: which attribute, where the value lives. */
struct flag_setting {
	enum vsw_port_setting s;
	int attr;
	size_t pol_off; /* offset of the bool in vsw_pol_settings; -1: ps->learning */
};

static const struct flag_setting flags[] = {
	{ VSW_PS_DHCP_GUARD, VSW_A_POL_DHCP_GUARD, offsetof(struct vsw_pol_settings, dhcp_guard) },
	{ VSW_PS_ROUTER_GUARD, VSW_A_POL_ROUTER_GUARD,
	  offsetof(struct vsw_pol_settings, router_guard) },
	{ VSW_PS_PRIO_TRUST, VSW_A_POL_PRIO_TRUST, offsetof(struct vsw_pol_settings, prio_trust) },
	{ VSW_PS_LEARNING, VSW_A_POL_LEARNING, (size_t)-1 },
};

static bool *flag_of(const struct flag_setting *f, struct vsw_port_set *ps)
{
	return f->pol_off == (size_t)-1 ? &ps->learning : (bool *)((char *)&ps->pol + f->pol_off);
}

static bool given(const struct vsw_port_set *ps, enum vsw_port_setting s)
{
	return ps->given & VSW_PS(s);
}

void vsw_port_set_put(struct nlmsghdr *nlh, const struct vsw_port_set *ps)
{
	const struct vsw_pol_settings *pol = &ps->pol;

	if (given(ps, VSW_PS_VLAN)) {
		mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, ps->vlan_mode);
		mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, ps->pvid);
		if (ps->vlan_mode == VSW_PORT_TRUNK)
			mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, sizeof(ps->vids), ps->vids);
	}
	/* A VLAN setting without a role ends a private VLAN by itself. */
	if (given(ps, VSW_PS_PVLAN) && (pol->pvlan || !given(ps, VSW_PS_VLAN)))
		mnl_attr_put_u8(nlh, VSW_A_POL_PVLAN_ROLE, pol->pvlan);
	if (given(ps, VSW_PS_PVLAN) && pol->pvlan == VSW_PVLAN_PROMISCUOUS)
		mnl_attr_put(nlh, VSW_A_POL_PVLAN_SERVES, sizeof(pol->pvlan_serves),
			     pol->pvlan_serves);
	else if (given(ps, VSW_PS_PVLAN) && pol->pvlan)
		mnl_attr_put_u16(nlh, VSW_A_POL_PVLAN_SECONDARY, pol->pvlan_secondary);
	if (given(ps, VSW_PS_MAC_GUARD))
		mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD, pol->mac_guard);
	if (given(ps, VSW_PS_MAC_ALLOW))
		mnl_attr_put(nlh, VSW_A_POL_MAC_ALLOW, pol->nallow * 6, pol->allow);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (given(ps, flags[i].s))
			mnl_attr_put_u8(nlh, flags[i].attr,
					*flag_of(&flags[i], (struct vsw_port_set *)ps));
	if (given(ps, VSW_PS_LEARN_LIMIT))
		mnl_attr_put_u32(nlh, VSW_A_POL_LEARN_LIMIT, ps->learn_limit);
	if (given(ps, VSW_PS_MIRROR))
		mnl_attr_put_u8(nlh, VSW_A_POL_MIRROR, pol->mirror);
	for (int d = 0; d < 2; d++) {
		if (!given(ps, VSW_PS_RATE + d))
			continue;
		mnl_attr_put_u64(nlh, rate_attr[d], pol->rate_bps[d]);
		if (pol->burst[d]) /* 0: the daemon's default */
			mnl_attr_put_u32(nlh, burst_attr[d], pol->burst[d]);
	}
	for (int k = 0; k < VSW_STORM__MAX; k++)
		if (given(ps, VSW_PS_STORM + k))
			mnl_attr_put_u32(nlh, storm_attr[k], pol->storm_pps[k]);
}

/* A set of secondary or trunk VIDs: VLANs only, not empty. */
static bool vids_ok(const __u64 *vids)
{
	return !vlan_set_has(vids, 0) && !vlan_set_has(vids, 4095) && vlan_set_count(vids);
}

/* VLAN_MODE with VLAN_PVID and VLAN_TRUNK. */
static int vlan_get(const struct nlattr *const *tb, const char *name, struct vsw_port_set *ps,
		    struct vsw_err *err)
{
	const struct nlattr *pvid = tb[VSW_A_VLAN_PVID], *trunk = tb[VSW_A_VLAN_TRUNK];

	if (!tb[VSW_A_VLAN_MODE]) {
		if (pvid || trunk)
			return vsw_errf(err, -EINVAL, "port '%s': VLAN settings without a mode",
					name);
		return 0;
	}
	ps->given |= VSW_PS(VSW_PS_VLAN) | VSW_PS(VSW_PS_PVLAN);
	ps->vlan_mode = mnl_attr_get_u8(tb[VSW_A_VLAN_MODE]);
	switch (ps->vlan_mode) {
	case VSW_PORT_ACCESS:
		if (trunk)
			return vsw_errf(err, -EINVAL, "port '%s': an access port has no VID list",
					name);
		ps->pvid = pvid ? mnl_attr_get_u16(pvid) : VSW_DEFAULT_VID;
		if (!ps->pvid)
			return vsw_errf(err, -EINVAL, "port '%s': access VID 0 is not a VLAN", name);
		return 0;
	case VSW_PORT_TRUNK:
		if (!trunk)
			return vsw_errf(err, -EINVAL, "port '%s': a trunk needs its VID list", name);
		memcpy(ps->vids, mnl_attr_get_payload(trunk), sizeof(ps->vids));
		ps->pvid = pvid ? mnl_attr_get_u16(pvid) : 0;
		if (vlan_set_has(ps->vids, 0) || vlan_set_has(ps->vids, 4095))
			return vsw_errf(err, -EINVAL, "port '%s': VIDs 0 and 4095 are not VLANs",
					name);
		if (!vlan_set_count(ps->vids))
			return vsw_errf(err, -EINVAL, "port '%s': empty VID list", name);
		return 0;
	default:
		return vsw_errf(err, -EINVAL, "port '%s': unknown VLAN mode %u", name,
				ps->vlan_mode);
	}
}

/* A private VLAN role makes the port an access port of the primary VLAN
 * (VLAN_PVID); a VLAN setting without a role ends it. */
static int pvlan_get(const struct nlattr *const *tb, const char *name, struct vsw_port_set *ps,
		     struct vsw_err *err)
{
	const struct nlattr *serves = tb[VSW_A_POL_PVLAN_SERVES];
	const struct nlattr *secondary = tb[VSW_A_POL_PVLAN_SECONDARY];
	struct vsw_pol_settings *pol = &ps->pol;

	if (!tb[VSW_A_POL_PVLAN_ROLE]) {
		if (secondary || serves)
			return vsw_errf(err, -EINVAL, "port '%s': secondary VIDs without a "
					"private VLAN role", name);
		return 0;
	}
	ps->given |= VSW_PS(VSW_PS_PVLAN);
	pol->pvlan = mnl_attr_get_u8(tb[VSW_A_POL_PVLAN_ROLE]);
	if (pol->pvlan > VSW_PVLAN_COMMUNITY)
		return vsw_errf(err, -EINVAL, "port '%s': private VLAN role %u", name, pol->pvlan);
	if (pol->pvlan == VSW_PVLAN_NONE)
		return 0;
	if (!given(ps, VSW_PS_VLAN) || ps->vlan_mode != VSW_PORT_ACCESS)
		return vsw_errf(err, -EINVAL, "port '%s': a private VLAN port is an access port "
				"of its primary VLAN", name);
	if (pol->pvlan == VSW_PVLAN_PROMISCUOUS) {
		if (!serves || secondary)
			return vsw_errf(err, -EINVAL, "port '%s': a promiscuous port takes a "
					"secondary VID list", name);
		memcpy(pol->pvlan_serves, mnl_attr_get_payload(serves), sizeof(pol->pvlan_serves));
		if (!vids_ok(pol->pvlan_serves) || vlan_set_has(pol->pvlan_serves, ps->pvid))
			return vsw_errf(err, -EINVAL, "port '%s': secondary VIDs are 1-4094, not "
					"the primary", name);
		return 0;
	}
	pol->pvlan_secondary = secondary ? mnl_attr_get_u16(secondary) : 0;
	if (!pol->pvlan_secondary || serves)
		return vsw_errf(err, -EINVAL, "port '%s': an %s port takes one secondary VID",
				name, vsw_pvlan_role_name(pol->pvlan));
	if (pol->pvlan_secondary == ps->pvid)
		return vsw_errf(err, -EINVAL, "port '%s': the secondary VID is not the primary",
				name);
	return 0;
}

static int rate_get(const struct nlattr *const *tb, const char *name, int d,
		    struct vsw_port_set *ps, struct vsw_err *err)
{
	const struct nlattr *rate = tb[rate_attr[d]], *burst = tb[burst_attr[d]];
	struct vsw_pol_settings *pol = &ps->pol;

	if (burst && !rate)
		return vsw_errf(err, -EINVAL, "port '%s': a burst goes with its rate", name);
	if (!rate)
		return 0;
	ps->given |= VSW_PS(VSW_PS_RATE + d);
	pol->rate_bps[d] = mnl_attr_get_u64(rate);
	pol->burst[d] = burst ? mnl_attr_get_u32(burst) : 0;
	if (pol->rate_bps[d] &&
	    (pol->rate_bps[d] < VSW_RATE_MIN_BPS || pol->rate_bps[d] > VSW_RATE_MAX_BPS))
		return vsw_errf(err, -EINVAL, "port '%s': rate %llu bit/s is outside %llu-%llu",
				name, (unsigned long long)pol->rate_bps[d], VSW_RATE_MIN_BPS,
				VSW_RATE_MAX_BPS);
	if (pol->burst[d] && (pol->burst[d] < VSW_BURST_MIN || pol->burst[d] > VSW_BURST_MAX))
		return vsw_errf(err, -EINVAL, "port '%s': burst %u bytes is outside %u-%u", name,
				pol->burst[d], VSW_BURST_MIN, VSW_BURST_MAX);
	if (!pol->rate_bps[d])
		pol->burst[d] = 0;
	return 0;
}

int vsw_port_set_get(const struct nlattr *const *tb, const char *name, struct vsw_port_set *ps,
		     struct vsw_err *err)
{
	const struct nlattr *allow = tb[VSW_A_POL_MAC_ALLOW];
	struct vsw_pol_settings *pol = &ps->pol;
	int ret;

	memset(ps, 0, sizeof(*ps));
	vsw_pol_settings_init(pol);
	ret = vlan_get(tb, name, ps, err);
	if (ret)
		return ret;
	if (tb[VSW_A_POL_MAC_GUARD]) {
		ps->given |= VSW_PS(VSW_PS_MAC_GUARD);
		pol->mac_guard = mnl_attr_get_u8(tb[VSW_A_POL_MAC_GUARD]);
		if (pol->mac_guard > VSW_GUARD_OFF)
			return vsw_errf(err, -EINVAL, "port '%s': mac guard %u (0 default, 1 on, "
					"2 off)", name, pol->mac_guard);
	}
	if (allow) {
		ps->given |= VSW_PS(VSW_PS_MAC_ALLOW);
		pol->nallow = mnl_attr_get_payload_len(allow) / 6;
		if (pol->nallow > VSW_POL_ALLOW_MAX)
			return vsw_errf(err, -EINVAL, "port '%s': at most %d allowed MACs", name,
					VSW_POL_ALLOW_MAX);
		memcpy(pol->allow, mnl_attr_get_payload(allow), pol->nallow * 6);
		for (int i = 0; i < pol->nallow; i++)
			if (pol->allow[i][0] & 1)
				return vsw_errf(err, -EINVAL, "port '%s': allowed MACs must be unicast",
						name);
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		const struct nlattr *a = tb[flags[i].attr];

		if (!a)
			continue;
		ps->given |= VSW_PS(flags[i].s);
		if (mnl_attr_get_u8(a) > 1)
			return vsw_errf(err, -EINVAL, "port '%s': %s %u (0 off, 1 on)", name,
					vsw_attr_name(flags[i].attr), mnl_attr_get_u8(a));
		*flag_of(&flags[i], ps) = mnl_attr_get_u8(a);
	}
	for (int d = 0; d < 2; d++) {
		ret = rate_get(tb, name, d == 0 ? VSW_DIR_OUT : VSW_DIR_IN, ps, err);
		if (ret)
			return ret;
	}
	for (int k = 0; k < VSW_STORM__MAX; k++) {
		if (!tb[storm_attr[k]])
			continue;
		ps->given |= VSW_PS(VSW_PS_STORM + k);
		pol->storm_pps[k] = mnl_attr_get_u32(tb[storm_attr[k]]);
		if (pol->storm_pps[k] > VSW_STORM_MAX_PPS)
			return vsw_errf(err, -EINVAL, "port '%s': storm limit %u frames/s is over %u",
					name, pol->storm_pps[k], VSW_STORM_MAX_PPS);
	}
	ret = pvlan_get(tb, name, ps, err);
	if (ret)
		return ret;
	if (tb[VSW_A_POL_MIRROR]) {
		ps->given |= VSW_PS(VSW_PS_MIRROR);
		pol->mirror = mnl_attr_get_u8(tb[VSW_A_POL_MIRROR]);
		if (!vsw_mirror_role_valid(pol->mirror))
			return vsw_errf(err, -EINVAL, "port '%s': mirror role %u (a source of in "
					"and/or out, or a destination)", name, pol->mirror);
	}
	if (tb[VSW_A_POL_LEARN_LIMIT]) {
		ps->given |= VSW_PS(VSW_PS_LEARN_LIMIT);
		ps->learn_limit = mnl_attr_get_u32(tb[VSW_A_POL_LEARN_LIMIT]);
		if (!ps->learn_limit)
			return vsw_errf(err, -EINVAL, "port '%s': learn limit 0 (use 'learning "
					"off' to stop learning)", name);
	}
	return 0;
}
