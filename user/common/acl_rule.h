/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A port ACL rule as the operator states it, its text forms (vswctl, the
 * state file) and its control attributes: what vswctl and vswd share.
 * The compiler into the datapath's maps is user/dp/acl.h.
 */
#ifndef VSW_ACL_RULE_H
#define VSW_ACL_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "errmsg.h"
#include "vsw_acl.h"

/* An address prefix; family 0: the field is open. Also the payload of
 * VSW_A_ACL_LOCAL and VSW_A_ACL_REMOTE. */
struct vsw_acl_cidr {
	__u8 family; /* 4 or 6 */
	__u8 len;    /* prefix length, up to 32 or 128 */
	__u8 pad[2];
	__u8 addr[16];
};

/* An L4 port range, lo <= hi; the payload of VSW_A_ACL_LPORT/RPORT. */
struct vsw_acl_range {
	__u16 lo, hi;
};

#define VSW_ACL_PROTO_ANY (-1)

struct vsw_acl_rule {
	__u32 id;        /* per port, from 1, never reused while it exists */
	__u8 dirs;       /* VSW_ACL_DIR_* */
	__u8 action;     /* enum vsw_acl_action */
	bool stateful;
	__u32 priority;  /* lower wins */
	__u32 timeout_s; /* stateful idle timeout */
	int proto;       /* 0..255, or VSW_ACL_PROTO_ANY */
	struct vsw_acl_cidr local, remote;
	bool has_lport, has_rport, has_lmac, has_rmac;
	struct vsw_acl_range lport, rport;
	__u8 lmac[6], rmac[6];
	__u16 pool;      /* hit counter slot in the datapath */
};

/* A rule with every field open: both directions, allow, default
 * priority and timeout. */
void vsw_acl_rule_init(struct vsw_acl_rule *r);

/* Whether the rule holds together (families agree, stateful only on
 * allow and on TCP/UDP, ...): 0 or -EINVAL with err saying why. */
int vsw_acl_rule_check(const struct vsw_acl_rule *r, struct vsw_err *err);

/* Text forms. Each parser returns 0 or -EINVAL. */
int vsw_acl_cidr_parse(const char *s, struct vsw_acl_cidr *out);  /* "10.0.0.0/8", "::1" */
void vsw_acl_cidr_format(const struct vsw_acl_cidr *c, char *buf, size_t len);
/* 0 when c is a valid prefix with no bits set past its length. */
int vsw_acl_cidr_canonical(const struct vsw_acl_cidr *c);
int vsw_acl_range_parse(const char *s, struct vsw_acl_range *out); /* "80", "1024-2047" */
void vsw_acl_range_format(const struct vsw_acl_range *r, char *buf, size_t len);
int vsw_acl_proto_parse(const char *s);                  /* tcp udp icmp icmpv6 or 0-255 */
void vsw_acl_proto_format(int proto, char *buf, size_t len);
int vsw_acl_dir_parse(const char *s);                    /* in out both: a mask */
const char *vsw_acl_dir_name(unsigned int dirs);
int vsw_acl_action_parse(const char *s);
const char *vsw_acl_action_name(unsigned int action);

/* The rule's match (protocol, prefixes, ports, MACs, stateful) as
 * VSW_A_ACL_* attributes of a control message (acl_attr.c). */
struct nlmsghdr;
void vsw_acl_match_put(struct nlmsghdr *nlh, const struct vsw_acl_rule *r);

#endif /* VSW_ACL_RULE_H */
