// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include "names.h"
#include "vsw_ctl.h"
#include "vsw_ext.h"
#include "vsw_policy.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The entry of table for value v, "unknown" past its end or in a hole. */
static const char *table_name(const char *const *table, size_t n, unsigned int v)
{
	return v < n && table[v] ? table[v] : "unknown";
}

static int table_parse(const char *const *table, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (table[i] && !strcmp(s, table[i]))
			return i;
	return -EINVAL;
}

bool vsw_name_valid(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n <= 15 && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.-") == n;
}

static const char *const drop_reasons[VSW_DROP__MAX] = {
	[VSW_DROP_MALFORMED] = "malformed",
	[VSW_DROP_VLAN_FILTER] = "vlan_filter",
	[VSW_DROP_NO_PORT] = "no_port",
	[VSW_DROP_LINK_DOWN] = "link_down",
	[VSW_DROP_LEARN_LIMIT] = "learn_limit",
	[VSW_DROP_HAIRPIN] = "hairpin",
	[VSW_DROP_EXTENSION] = "extension",
	[VSW_DROP_MAC_SPOOF] = "mac_spoof",
	[VSW_DROP_DHCP_GUARD] = "dhcp_guard",
	[VSW_DROP_ROUTER_GUARD] = "router_guard",
	[VSW_DROP_RATE_LIMIT] = "rate_limit",
	[VSW_DROP_STORM] = "storm",
	[VSW_DROP_PVLAN] = "pvlan",
	[VSW_DROP_UNPARSED] = "unparsed",
	[VSW_DROP_MTU] = "mtu",
	[VSW_DROP_JUMBO_FLOOD] = "jumbo_flood",
	[VSW_DROP_VXLAN_MTU] = "vxlan_mtu",
	[VSW_DROP_VXLAN_NEIGH] = "vxlan_neigh",
	[VSW_DROP_VXLAN_FOREIGN] = "vxlan_foreign",
	[VSW_DROP_VXLAN_ENCAP] = "vxlan_encap",
	[VSW_DROP_ACL] = "acl",
};

const char *vsw_drop_reason_name(unsigned int reason)
{
	return table_name(drop_reasons, N(drop_reasons), reason);
}

int vsw_drop_reason_parse(const char *name)
{
	return table_parse(drop_reasons, N(drop_reasons), name);
}

static const char *const ext_kinds[VSW_EXT_KIND__MAX] = {
	[VSW_EXT_KIND_CAPTURE] = "capture",
	[VSW_EXT_KIND_FILTER] = "filter",
	[VSW_EXT_KIND_FORWARD] = "forward",
};

static const char *const ext_stages[VSW_EXT_STAGE__MAX] = {
	[VSW_EXT_INGRESS] = "ingress",
	[VSW_EXT_EGRESS] = "egress",
};

const char *vsw_ext_kind_name(unsigned int kind)
{
	return table_name(ext_kinds, N(ext_kinds), kind);
}

const char *vsw_ext_stage_name(unsigned int stage)
{
	return table_name(ext_stages, N(ext_stages), stage);
}

int vsw_ext_kind_parse(const char *s)
{
	return table_parse(ext_kinds, N(ext_kinds), s);
}

int vsw_ext_stage_parse(const char *s)
{
	return table_parse(ext_stages, N(ext_stages), s);
}

static const char *const nic_kinds[] = {
	[VSW_NIC_HOST] = "host",
	[VSW_NIC_VM] = "vm",
	[VSW_NIC_PHYSICAL] = "physical",
	[VSW_NIC_LEGACY] = "legacy",
	[VSW_NIC_VXLAN] = "vxlan",
};

const char *vsw_nic_kind_name(unsigned int kind)
{
	return table_name(nic_kinds, N(nic_kinds), kind);
}

int vsw_nic_kind_parse(const char *s)
{
	return table_parse(nic_kinds, N(nic_kinds), s);
}

static const char *const pvlan_roles[] = {
	[VSW_PVLAN_NONE] = "none",
	[VSW_PVLAN_PROMISCUOUS] = "promiscuous",
	[VSW_PVLAN_ISOLATED] = "isolated",
	[VSW_PVLAN_COMMUNITY] = "community",
};

const char *vsw_pvlan_role_name(unsigned int role)
{
	return table_name(pvlan_roles, N(pvlan_roles), role);
}

int vsw_pvlan_role_parse(const char *s)
{
	return table_parse(pvlan_roles, N(pvlan_roles), s);
}

struct check {
	const char *name;
	__u8 reason; /* the drop this check makes */
};

/* The ingress pipeline's checks, in the order bpf/vsw.bpf.c makes them. */
static const struct check source_checks[] = {
	{ "port", VSW_DROP_NO_PORT },     { "link", VSW_DROP_LINK_DOWN },
	{ "parse", VSW_DROP_MALFORMED },  { "vlan", VSW_DROP_VLAN_FILTER },
	{ "learn_limit", VSW_DROP_LEARN_LIMIT },
};
static const struct check dest_checks[] = {
	{ "hairpin", VSW_DROP_HAIRPIN },     { "dest_port", VSW_DROP_NO_PORT },
	{ "dest_link", VSW_DROP_LINK_DOWN }, { "dest_vlan", VSW_DROP_VLAN_FILTER },
};

/* Append checks up to and including the one making drop reason r (r <
 * 0: all of them). Returns true when that one was found. */
static bool walk(const struct check *c, size_t nc, int r, const char **names, int *n)
{
	for (size_t i = 0; i < nc; i++) {
		names[(*n)++] = c[i].name;
		if (c[i].reason == r)
			return true;
	}
	return false;
}

int vsw_trace_checks(const struct vsw_decision *dec, const char **names)
{
	bool dropped = dec->verdict == VSW_V_DROP, hit = dec->flags & VSW_DEC_F_FDB_HIT;
	int n = 0, r = dropped ? dec->reason : -1;

	/* A drop after the FDB named a port is one of the destination's. */
	if (dropped && hit) {
		walk(source_checks, N(source_checks), -1, names, &n);
		walk(dest_checks, N(dest_checks), r, names, &n);
		return n;
	}
	walk(source_checks, N(source_checks), r, names, &n);
	if (!dropped && hit)
		walk(dest_checks, N(dest_checks), -1, names, &n);
	return n;
}
