// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Port ACL rules as text, one way for vswctl, vswd and the state file,
 * and the checks that make a rule whole.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "acl_rule.h"
#include "cli_parse.h"

void vsw_acl_rule_init(struct vsw_acl_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->dirs = VSW_ACL_DIR_BOTH;
	r->action = VSW_ACL_ALLOW;
	r->priority = VSW_ACL_PRIORITY_DEFAULT;
	r->timeout_s = VSW_ACL_TIMEOUT_DEFAULT;
	r->proto = VSW_ACL_PROTO_ANY;
	r->pool = VSW_ACL_NO_RULE;
}

/* Zero the bits past the prefix, so equal prefixes compare equal. */
static void cidr_mask(struct vsw_acl_cidr *c)
{
	unsigned int bytes = c->family == 4 ? 4 : 16;

	for (unsigned int i = 0; i < 16; i++) {
		int keep = (int)c->len - (int)i * 8;

		if (i >= bytes || keep <= 0)
			c->addr[i] = 0;
		else if (keep < 8)
			c->addr[i] &= (__u8)(0xff << (8 - keep));
	}
}

int vsw_acl_cidr_parse(const char *s, struct vsw_acl_cidr *out)
{
	char buf[64];
	char *slash;
	__u32 len;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	memset(out, 0, sizeof(*out));
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, out->addr) == 1)
		out->family = 4;
	else if (inet_pton(AF_INET6, buf, out->addr) == 1)
		out->family = 6;
	else
		return -EINVAL;
	len = out->family == 4 ? 32 : 128;
	if (slash && (cli_parse_u32(slash, &len) || len > (out->family == 4 ? 32u : 128u)))
		return -EINVAL;
	out->len = len;
	cidr_mask(out);
	return 0;
}

int vsw_acl_cidr_canonical(const struct vsw_acl_cidr *c)
{
	struct vsw_acl_cidr masked = *c;

	if ((c->family != 4 && c->family != 6) || c->len > (c->family == 4 ? 32 : 128) ||
	    c->pad[0] || c->pad[1])
		return -EINVAL;
	cidr_mask(&masked);
	return memcmp(masked.addr, c->addr, sizeof(c->addr)) ? -EINVAL : 0;
}

void vsw_acl_cidr_format(const struct vsw_acl_cidr *c, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	inet_ntop(c->family == 4 ? AF_INET : AF_INET6, c->addr, addr, sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, c->len);
}

int vsw_acl_range_parse(const char *s, struct vsw_acl_range *out)
{
	const char *dash = strchr(s, '-');
	char lo[8];
	__u32 a, b;

	if (!dash) {
		if (cli_parse_u32(s, &a) || a > 65535)
			return -EINVAL;
		out->lo = out->hi = a;
		return 0;
	}
	if (dash == s || (size_t)(dash - s) >= sizeof(lo))
		return -EINVAL;
	memcpy(lo, s, dash - s);
	lo[dash - s] = '\0';
	if (cli_parse_u32(lo, &a) || cli_parse_u32(dash + 1, &b) || a > b || b > 65535)
		return -EINVAL;
	out->lo = a;
	out->hi = b;
	return 0;
}

void vsw_acl_range_format(const struct vsw_acl_range *r, char *buf, size_t len)
{
	if (r->lo == r->hi)
		snprintf(buf, len, "%u", r->lo);
	else
		snprintf(buf, len, "%u-%u", r->lo, r->hi);
}

static const struct {
	const char *name;
	int proto;
} proto_names[] = {
	{ "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP }, { "icmp", IPPROTO_ICMP },
	{ "icmpv6", IPPROTO_ICMPV6 },
};

int vsw_acl_proto_parse(const char *s)
{
	__u32 n;

	for (size_t i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++)
		if (!strcmp(s, proto_names[i].name))
			return proto_names[i].proto;
	if (cli_parse_u32(s, &n) || n > 255)
		return -EINVAL;
	return n;
}

void vsw_acl_proto_format(int proto, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++)
		if (proto == proto_names[i].proto) {
			snprintf(buf, len, "%s", proto_names[i].name);
			return;
		}
	snprintf(buf, len, "%d", proto);
}

static const char *const dir_names[] = {
	[VSW_ACL_DIR_IN] = "in", [VSW_ACL_DIR_OUT] = "out", [VSW_ACL_DIR_BOTH] = "both",
};

int vsw_acl_dir_parse(const char *s)
{
	for (unsigned int d = VSW_ACL_DIR_IN; d <= VSW_ACL_DIR_BOTH; d++)
		if (!strcmp(s, dir_names[d]))
			return d;
	return -EINVAL;
}

const char *vsw_acl_dir_name(unsigned int dirs)
{
	return dirs >= VSW_ACL_DIR_IN && dirs <= VSW_ACL_DIR_BOTH ? dir_names[dirs] : "?";
}

static const char *const action_names[VSW_ACL_ACTIONS] = {
	[VSW_ACL_ALLOW] = "allow", [VSW_ACL_DENY] = "deny", [VSW_ACL_METER] = "meter",
};

int vsw_acl_action_parse(const char *s)
{
	for (unsigned int a = 0; a < VSW_ACL_ACTIONS; a++)
		if (!strcmp(s, action_names[a]))
			return a;
	return -EINVAL;
}

const char *vsw_acl_action_name(unsigned int action)
{
	return action < VSW_ACL_ACTIONS ? action_names[action] : "?";
}

static bool cidr_ok(const struct vsw_acl_cidr *c)
{
	return !c->family || (c->family == 4 && c->len <= 32) || (c->family == 6 && c->len <= 128);
}

int vsw_acl_rule_check(const struct vsw_acl_rule *r, struct vsw_err *err)
{
	bool tcp_udp = r->proto == IPPROTO_TCP || r->proto == IPPROTO_UDP;

	if (r->dirs < VSW_ACL_DIR_IN || r->dirs > VSW_ACL_DIR_BOTH)
		return vsw_errf(err, -EINVAL, "direction must be in, out or both");
	if (r->action >= VSW_ACL_ACTIONS)
		return vsw_errf(err, -EINVAL, "action must be allow, deny or meter");
	if (r->proto != VSW_ACL_PROTO_ANY && (r->proto < 0 || r->proto > 255))
		return vsw_errf(err, -EINVAL, "protocol %d is not 0-255", r->proto);
	if (!cidr_ok(&r->local) || !cidr_ok(&r->remote))
		return vsw_errf(err, -EINVAL, "a prefix is not an IPv4 or IPv6 prefix");
	if (r->local.family && r->remote.family && r->local.family != r->remote.family)
		return vsw_errf(err, -EINVAL, "local and remote prefixes of different families");
	if ((r->has_lport && r->lport.lo > r->lport.hi) ||
	    (r->has_rport && r->rport.lo > r->rport.hi))
		return vsw_errf(err, -EINVAL, "a port range ends before it starts");
	if ((r->has_lport || r->has_rport) && r->proto != VSW_ACL_PROTO_ANY && !tcp_udp)
		return vsw_errf(err, -EINVAL, "ports need protocol tcp or udp (or none)");
	if (r->stateful && r->action != VSW_ACL_ALLOW)
		return vsw_errf(err, -EINVAL, "only an allow rule can be stateful");
	if (r->stateful && r->proto != VSW_ACL_PROTO_ANY && !tcp_udp)
		return vsw_errf(err, -EINVAL, "stateful rules track TCP and UDP flows only");
	if (r->stateful && (r->timeout_s < 1 || r->timeout_s > VSW_ACL_TIMEOUT_MAX))
		return vsw_errf(err, -EINVAL, "timeout %u s: 1 to %u", r->timeout_s,
				VSW_ACL_TIMEOUT_MAX);
	return 0;
}
