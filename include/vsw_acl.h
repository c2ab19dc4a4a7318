/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Port ACLs: the maps the loader (user/dp/acl.c) compiles a port's rules
 * into and the datapath (bpf/acl.h) matches frames against.
 * docs/policies.md ("ACLs") describes the model; in short:
 *
 *  - every rule of a port and direction has a rank (its position in
 *    priority order, the most specific prefixes first among equal
 *    priorities), and every set of rules is a bitmap of ranks;
 *  - each field a rule can constrain is one lookup that yields the
 *    bitmap of the rules the frame's value satisfies (an LPM trie for
 *    addresses and L4 ports, a hash for the protocol and the MACs);
 *  - the frame's candidates are the AND of those bitmaps, and the lowest
 *    set bit is the rule that decides. The work is one lookup per field
 *    in use and VSW_ACL_WORDS words per AND, whatever the rule count
 *    (always all words: a loop without an early exit is what keeps the
 *    verifier's work small);
 *  - the verdict is remembered per flow (vsw_acl_flows), which also
 *    holds the state of stateful rules, so a flow's later frames cost
 *    one hash lookup.
 *
 * A port's rules live in two banks: the loader fills the idle one, then
 * flips the port's one-word selector (vsw_acl_active), so a frame sees
 * one whole rule set.
 */
#ifndef VSW_ACL_H
#define VSW_ACL_H

#include <linux/types.h>
#include "vsw_consts.h"

/* Rules per port and direction: the width of the rule bitmaps. */
#define VSW_ACL_MAX_RULES 1024
#define VSW_ACL_WORDS (VSW_ACL_MAX_RULES / 64)
/* Rules per switch, both directions of a port counted once: the slots of
 * the hit counters. */
#ifndef VSW_ACL_POOL
#define VSW_ACL_POOL 8192
#endif
/* Flows remembered per switch (LRU: the least recently used goes). */
#ifndef VSW_ACL_FLOWS
#define VSW_ACL_FLOWS 16384
#endif
/* Prefix entries (addresses and L4 port blocks, both banks) per switch. */
#define VSW_ACL_PREFIXES 65536
/* Protocol and MAC entries per switch. */
#define VSW_ACL_VALUES 16384

#define VSW_ACL_PRIORITY_DEFAULT 100
#define VSW_ACL_TIMEOUT_DEFAULT 60   /* s, a stateful flow's idle timeout */
#define VSW_ACL_TIMEOUT_MAX 86400
/* A flow's last-seen time is written at most this often. */
#define VSW_ACL_REFRESH_NS 100000000ULL

/* Directions, seen from the port's NIC. */
enum vsw_acl_dir {
	VSW_ACL_IN = 0,  /* what the NIC receives: the switch's egress to it */
	VSW_ACL_OUT = 1, /* what the NIC sends: the switch's ingress from it */
	VSW_ACL_DIRS,
};
/* A rule's directions, as a mask (control protocol, state file). */
/* Or'ed into acl_check()'s direction by a packet trace: decide only. */
#define VSW_ACL_PROBE 2U
#define VSW_ACL_DIR_IN   (1U << VSW_ACL_IN)
#define VSW_ACL_DIR_OUT  (1U << VSW_ACL_OUT)
#define VSW_ACL_DIR_BOTH (VSW_ACL_DIR_IN | VSW_ACL_DIR_OUT)

enum vsw_acl_action {
	VSW_ACL_ALLOW = 0,
	VSW_ACL_DENY,
	VSW_ACL_METER, /* counts what it matches, decides nothing */
	VSW_ACL_ACTIONS,
};

/* The fields, as bits of vsw_acl_set.fields, and the field numbers in
 * the lookup keys. The first four are LPM fields. */
enum vsw_acl_field {
	VSW_ACL_FLD_REMOTE = 0, /* remote address */
	VSW_ACL_FLD_LOCAL,      /* local address */
	VSW_ACL_FLD_RPORT,      /* remote L4 port */
	VSW_ACL_FLD_LPORT,      /* local L4 port */
	VSW_ACL_FLD_PROTO,      /* IP protocol */
	VSW_ACL_FLD_RMAC,       /* remote MAC */
	VSW_ACL_FLD_LMAC,       /* local MAC */
	VSW_ACL_FIELDS,
};
#define VSW_ACL_F(f) (1U << (f))
#define VSW_ACL_F_PORTS (VSW_ACL_F(VSW_ACL_FLD_RPORT) | VSW_ACL_F(VSW_ACL_FLD_LPORT))
#define VSW_ACL_F_MACS (VSW_ACL_F(VSW_ACL_FLD_RMAC) | VSW_ACL_F(VSW_ACL_FLD_LMAC))

/* vsw_acl_set.flags. A deny rule names the protocol or a port: an IP
 * frame whose transport header cannot be seen (a later fragment, an IPv6
 * header chain longer than the datapath walks) is dropped as `unparsed`
 * rather than judged without it (docs/policies.md). */
#define VSW_ACL_SET_F_DENY_L4 (1U << 0)

/* Which table a key belongs to: bank, direction and field in one byte. */
#define VSW_ACL_SEL(bank, dir, field) ((__u8)(((bank) << 7) | ((dir) << 6) | (field)))

/* Pool index of "no rule". */
#define VSW_ACL_NO_RULE 0xffff

struct vsw_acl_bits {
	__u64 w[VSW_ACL_WORDS];
};

/*
 * vsw_acl_prefixes (LPM_TRIE): addresses and L4 port blocks. The key's
 * first 32 bits (slot, sel, family) are always part of the prefix, so
 * prefixlen = 32 + the prefix's own length. An address is 4 or 16 bytes,
 * a port 2 (network order). The value at prefix P is the bitmap of the
 * rules whose field contains all of P: the longest match for a value is
 * then exactly the set of rules it satisfies.
 */
struct vsw_acl_prefix_key {
	__u32 prefixlen;
	__u16 slot;
	__u8 sel;
	__u8 family; /* 4, 6; 0 for ports */
	__u8 data[16];
};
#define VSW_ACL_PREFIX_HDR_BITS 32

/*
 * vsw_acl_values (HASH): protocol and MACs. An entry per value some rule
 * names (those rules and the ones that leave the field open) and one
 * with `any` set (only the open ones), for the values no rule names.
 */
struct vsw_acl_value_key {
	__u16 slot;
	__u8 sel;
	__u8 any;
	__u8 data[6]; /* protocol in data[0], or a MAC */
	__u16 pad;
};

/* What the rule of a rank does. */
struct vsw_acl_rule_ref {
	__u16 pool;      /* hit counter slot */
	__u8 action;     /* enum vsw_acl_action */
	__u8 stateful;   /* 1: allowed TCP/UDP flows let their replies in */
	__u32 timeout_s; /* stateful: idle timeout */
};

/* vsw_acl_sets (HASH): one port, bank and direction. */
struct vsw_acl_set_key {
	__u16 slot;
	__u8 bank;
	__u8 dir;
};

struct vsw_acl_set {
	__u16 nrules; /* ranks in use; the bitmaps are zero beyond */
	__u16 fields; /* VSW_ACL_F(field) of the fields some rule constrains */
	__u16 flags;  /* VSW_ACL_SET_F_* */
	__u16 pad;
	struct vsw_acl_bits ip4;     /* rules an IPv4 frame may match */
	struct vsw_acl_bits ip6;     /* ... an IPv6 frame */
	struct vsw_acl_bits nonip;   /* rules with no IP field: any frame */
	struct vsw_acl_bits noports; /* rules without L4 port constraints */
	struct vsw_acl_bits meter;   /* meter rules */
	struct vsw_acl_rule_ref rule[VSW_ACL_MAX_RULES]; /* by rank */
};

/*
 * vsw_acl_active (ARRAY by port slot): generation << 1 | bank. Written
 * whole after the bank is complete; 0 while a slot never had rules.
 */
#define VSW_ACL_ACTIVE_BANK(a) ((a) & 1)

/* vsw_acl_flows (LRU_HASH): a flow as the port sees it. */
struct vsw_acl_flow_key {
	__u16 slot;
	__u8 family; /* 4 or 6 */
	__u8 proto;
	__be16 lport, rport; /* 0 unless TCP or UDP */
	__u8 laddr[16];
	__u8 raddr[16];
};

struct vsw_acl_flow {
	__u64 last_seen;     /* bpf_ktime_get_coarse_ns() */
	__u32 active;        /* the vsw_acl_active word the entry is valid for */
	__u32 timeout_s;     /* of the stateful rule that opened it */
	__u8 opened;         /* 1 << dir a stateful allow opened it in; 0 */
	__u8 cached;         /* 1 << dir whose verdict is remembered */
	__u8 action[VSW_ACL_DIRS];
	__u16 rule[VSW_ACL_DIRS];  /* pool index of the deciding rule */
	__u16 meter[VSW_ACL_DIRS]; /* pool index of the meter rule */
};

#define VSW_MAP_ACL_ACTIVE   "vsw_acl_active"
#define VSW_MAP_ACL_SETS     "vsw_acl_sets"
#define VSW_MAP_ACL_PREFIXES "vsw_acl_prefixes"
#define VSW_MAP_ACL_VALUES   "vsw_acl_values"
#define VSW_MAP_ACL_FLOWS    "vsw_acl_flows"
#define VSW_MAP_ACL_HITS     "vsw_acl_hits"

#endif /* VSW_ACL_H */
