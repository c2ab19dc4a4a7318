/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The vswd control protocol, version 1 (docs/control-protocol.md).
 *
 * Netlink-format messages (struct nlmsghdr + struct nlattr, 4-byte
 * aligned, host byte order) over a SOCK_SEQPACKET UNIX socket: one
 * message per datagram.
 *
 *  request   nlmsg_type = enum vsw_cmd, NLM_F_REQUEST (| NLM_F_ACK |
 *            NLM_F_DUMP), nlmsg_seq chosen by the client, attributes.
 *  ack       NLMSG_ERROR with struct nlmsgerr (error 0 or -errno, the
 *            request's header echoed, no payload: NLM_F_CAPPED) and,
 *            with NLM_F_ACK_TLVS, NLMSGERR_ATTR_MSG: a human message.
 *  dump      for *_GET: one message per object, type = the request's
 *            cmd, NLM_F_MULTI, then NLMSG_DONE (payload: int 0), or an
 *            NLMSG_ERROR instead if the request fails.
 *
 * Every request names its objects by name; replies carry the names and
 * the derived state. Unknown attributes are an error (EINVAL), so a
 * client never believes a setting took effect when the daemon did not
 * know it.
 */
#ifndef VSW_CTL_H
#define VSW_CTL_H

#include <linux/types.h>

#define VSW_CTL_VERSION 1
#define VSW_CTL_SOCKET_DEFAULT "/run/vsw/vswd.sock"
#define VSW_CTL_MSG_MAX 8192 /* largest message either side sends... */
#define VSW_CAPTURE_MSG_MAX 24576 /* ...but a captured frame's (VSW_CAPTURE_SNAPLEN) */
#define VSW_NAME_MAX 16      /* names, NUL included: an interface name fits */
/* A NIC's MTU (VSW_A_MTU): Ethernet's smallest to the largest a frame can be;
 * the default is what a guest's virtio-net and a new veth use. */
#define VSW_NIC_MTU_MIN 68
#define VSW_NIC_MTU_MAX 65535
#define VSW_NIC_MTU_DEFAULT 1500

/* nlmsg_type of requests and of dump replies (>= NLMSG_MIN_TYPE). */
enum vsw_cmd {
	VSW_CMD_VERSION = 0x10, /* reply: VSW_A_VERSION, VSW_A_BUILD */
	VSW_CMD_SWITCH_ADD,     /* SWITCH_NAME */
	VSW_CMD_SWITCH_DEL,     /* SWITCH_NAME [FORCE] */
	VSW_CMD_SWITCH_GET,     /* [SWITCH_NAME]; dump */
	VSW_CMD_PORT_ADD,       /* PORT_NAME SWITCH_NAME [VLAN_*] */
	VSW_CMD_PORT_SET,       /* PORT_NAME [VLAN_*] [POL_*]: at least one setting */
	VSW_CMD_PORT_DEL,       /* PORT_NAME [FORCE] */
	VSW_CMD_PORT_GET,       /* [PORT_NAME]; dump */
	VSW_CMD_NIC_ADD,        /* NIC_NAME NIC_KIND [kind's attributes] */
	VSW_CMD_NIC_DEL,        /* NIC_NAME [FORCE] */
	VSW_CMD_NIC_CONNECT,    /* NIC_NAME PORT_NAME */
	VSW_CMD_NIC_DISCONNECT, /* NIC_NAME */
	VSW_CMD_NIC_GET,        /* [NIC_NAME]; dump */
	VSW_CMD_FDB_GET,        /* SWITCH_NAME; dump */
	VSW_CMD_FDB_ADD,        /* SWITCH_NAME MAC VID PORT_NAME */
	VSW_CMD_FDB_DEL,        /* SWITCH_NAME MAC VID */
	VSW_CMD_FDB_FLUSH,      /* SWITCH_NAME [PORT_NAME] [VID] */
	/* Observability (docs/observability.md). */
	VSW_CMD_TRACE = 0x30,   /* SWITCH_NAME PORT_NAME FRAME; reply: TRACE */
	VSW_CMD_CAPTURE = 0x31, /* PORT_NAME CAPTURE_DIR; reply: SWITCH_NAME PORT_NAME
				 * IFINDEX, the ack, then one message per frame
				 * (CAPTURE_TIME, _LEN, _DIR, _DATA, _LOST) until
				 * the connection closes */
	/* Extensions (docs/extensions.md). */
	VSW_CMD_EXT_ADD = 0x38, /* SWITCH_NAME EXT_NAME EXT_KIND EXT_STAGE EXT_OBJECT
				 * [EXT_PROGRAM] [EXT_PRIORITY] [EXT_PARAMS] */
	VSW_CMD_EXT_DEL = 0x39, /* SWITCH_NAME EXT_NAME */
	VSW_CMD_EXT_GET = 0x3a, /* [SWITCH_NAME [EXT_NAME]]; dump */
	VSW_CMD_EXT_SAMPLES = 0x3b, /* SWITCH_NAME EXT_NAME [COUNT]; dump of samples,
				     * taken out of the extension's ring */
	/* Port ACLs (docs/policies.md). */
	VSW_CMD_ACL_ADD = 0x40, /* PORT_NAME ACL_DIR ACL_ACTION [ACL_PRIORITY] [ACL_PROTO]
				 * [ACL_LOCAL] [ACL_REMOTE] [ACL_LPORT] [ACL_RPORT]
				 * [ACL_LOCAL_MAC] [ACL_REMOTE_MAC] [ACL_STATEFUL [ACL_TIMEOUT]];
				 * reply: PORT_NAME ACL_ID, before the ack */
	VSW_CMD_ACL_DEL = 0x41, /* PORT_NAME ACL_ID */
	VSW_CMD_ACL_GET = 0x42, /* PORT_NAME; dump, one message per rule */
	__VSW_CMD_MAX,
};

/* Commands that change state: root only, or the group with
 * --group-can-write. The others (VERSION, *_GET, TRACE) are read-only.
 * CAPTURE counts as a change: it shows the traffic itself. */
#define VSW_CMD_IS_WRITE(c) \
	((c) != VSW_CMD_VERSION && (c) != VSW_CMD_SWITCH_GET && (c) != VSW_CMD_PORT_GET && \
	 (c) != VSW_CMD_NIC_GET && (c) != VSW_CMD_FDB_GET && (c) != VSW_CMD_TRACE && \
	 (c) != VSW_CMD_EXT_GET && (c) != VSW_CMD_ACL_GET)

/*
 * The attributes: one line each, the only definition of an attribute.
 * The enum below, the daemon's request checks and error messages, and
 * the client's reply checks all come from this list
 * (user/common/ctl_attr.c):
 *
 *	X(NAME, number, kind, who, "what messages call it")
 *
 * kind: enum vsw_attr_kind, the payload's shape and, in a request, its
 * values. who: REQ, requests may carry it (replies too); REPLY, only
 * replies do, a request with it is refused. Numbers come in blocks so
 * that additions to one do not move another; every one stays below 128,
 * the width of the daemon's attribute masks.
 */
#define VSW_ATTRS(X)                                                                       \
	X(VERSION,          1, U32,     REPLY, "version")         /* VSW_CTL_VERSION */       \
	X(BUILD,            2, STR,     REPLY, "build")           /* vswd's version */        \
	X(SWITCH_NAME,      3, NAME,    REQ,   "switch name")                                  \
	X(PORT_NAME,        4, NAME,    REQ,   "port name")                                    \
	X(NIC_NAME,         5, NAME,    REQ,   "nic name")        /* also its netdev's name */ \
	X(FORCE,            6, FLAG,    REQ,   "force")           /* delete with dependants */ \
	X(SWITCH_TYPE,      7, U8,      REPLY, "switch type")     /* enum vsw_switch_type */  \
	X(VLAN_MODE,        8, U8,      REQ,   "vlan mode")       /* enum vsw_port_mode */    \
	/* access VID, or trunk native VID (0: none) */                                     \
	X(VLAN_PVID,        9, VID0,    REQ,   "vlan VID")                                     \
	X(VLAN_TRUNK,      10, VIDSET,  REQ,   "trunk VID list")                               \
	X(NIC_KIND,        11, U8,      REQ,   "nic type")        /* enum vsw_nic_kind */     \
	/* host NIC: a named netns (/run/netns/NAME), or the path of a netns file */        \
	X(NETNS,           12, NETNS,   REQ,   "netns")                                        \
	X(MAC,             13, MAC,     REQ,   "mac")                                          \
	/* vm: the TAP's name; physical: the adopted netdev */                              \
	X(IFNAME,          14, NAME,    REQ,   "interface name")                               \
	/* uid that may open the TAP, or attach to the legacy NIC's socket */               \
	X(OWNER,           15, U32,     REQ,   "owner")                                        \
	X(GROUP,           16, U32,     REQ,   "group")           /* gid: the same, for a group */ \
	X(QUEUES,          17, U32,     REQ,   "queues")          /* TAP queues (1: single) */ \
	X(LINK,            18, U8,      REPLY, "link")            /* 1 up, 0 down */          \
	X(IFINDEX,         19, U32,     REPLY, "ifindex")                                      \
	X(XDP_MODE,        20, STR,     REPLY, "xdp mode")        /* "native" | "generic" */  \
	X(VID,             21, VID,     REQ,   "VID")                                          \
	X(FDB_STATIC,      22, FLAG,    REPLY, "static")                                       \
	X(AGE_MS,          23, U64,     REPLY, "age")             /* an FDB entry's, ms */     \
	X(STATS,           24, STATS,   REPLY, "counters")        /* VSW_STAT_* */            \
	X(COUNT,           25, U32,     REQ,   "count")           /* ports of a switch, flushed */ \
	X(ADOPTED,         26, FLAG,    REPLY, "adopted")         /* it was there before */   \
	X(DP_MODE,         27, STR,     REPLY, "datapath mode")   /* its mode and why */      \
	/* how the NIC's frames reach every port with complete checksums:        \
	 * "tx-off" | "skb-path" | "wire" | "none" (docs/offloads.md) */                    \
	X(CSUM,            28, STR,     REPLY, "checksum")                                     \
	/* the NIC's MTU, 68..65535. nic add: host (set on the host side), vm    \
	 * (the guest's); replies: what the switch checks frames for it against */          \
	X(MTU,             29, U32,     REQ,   "mtu")                                          \
	/* host NIC: its host side's name in its namespace (default: the NIC's) */          \
	X(HOST_IFNAME,     30, NAME,    REQ,   "host interface name")                          \
	/* Legacy NICs (docs/legacy-nic.md): 32..39. */                                     \
	X(LEGACY_SOCKET,   32, STR,     REPLY, "vfio-user socket")                              \
	X(LEGACY_VMM,      33, U8,      REPLY, "vmm attached")    /* 1 while a VMM is */      \
	X(LEGACY_RX,       34, U64,     REPLY, "guest rx")        /* frames put in its ring */ \
	/* filtered, no buffer, not running */                                              \
	X(LEGACY_RX_DROPPED, 35, U64,   REPLY, "guest rx dropped")                           \
	X(LEGACY_TX,       36, U64,     REPLY, "guest tx")        /* frames the guest sent */ \
	/* the vfio-user socket's permission bits, 0..0777 */                                \
	X(LEGACY_MODE,     37, U32,     REQ,   "mode")                                         \
	/* Observability (docs/observability.md): 40..47. */                                \
	X(FRAME,           40, FRAME,   REQ,   "frame")           /* 14..VSW_TRACE_FRAME_MAX */ \
	X(TRACE,           41, NEST,    REPLY, "trace")           /* VSW_TRACE_* */           \
	/* VSW_PORT_F_CAPTURE_IN | VSW_PORT_F_CAPTURE_OUT */                                \
	X(CAPTURE_DIR,     42, U8,      REQ,   "capture direction")                            \
	/* 43: was PATH, the capture ring's pin; captures stream since */                \
	/* A captured frame (CAPTURE): when, its length, what was lost before it */          \
	X(CAPTURE_TIME,    44, U64,     REPLY, "capture time")    /* ns since the epoch */    \
	X(CAPTURE_LEN,     45, U32,     REPLY, "frame length")    /* on the wire */           \
	X(CAPTURE_DATA,    46, BIN,     REPLY, "captured bytes")  /* its first bytes */       \
	/* frames of this capture lost so far: the ring was full, or the client slow */      \
	X(CAPTURE_LOST,    47, U64,     REPLY, "frames lost")                                  \
	/* Extensions (docs/extensions.md): 48..63. */                                      \
	X(EXT_NAME,        48, NAME,    REQ,   "extension name")  /* unique per switch */     \
	X(EXT_KIND,        49, U8,      REQ,   "extension kind")  /* enum vsw_ext_kind */     \
	X(EXT_STAGE,       50, U8,      REQ,   "extension stage") /* enum vsw_ext_stage */    \
	X(EXT_OBJECT,      51, PATH,    REQ,   "object")          /* the BPF object */        \
	X(EXT_PROGRAM,     52, WORD,    REQ,   "program")         /* a program in it */       \
	X(EXT_PRIORITY,    53, U32,     REQ,   "priority")        /* lower first (default 100) */ \
	/* "VAR=VALUE ..."; @PORT is a port */                                              \
	X(EXT_PARAMS,      54, TEXT,    REQ,   "parameters")                                   \
	X(EXT_STATS,       55, STATS,   REPLY, "extension counters") /* VSW_EXT_STAT_* */     \
	X(EXT_ID,          56, U32,     REPLY, "extension id")    /* its slot in the datapath */ \
	X(EXT_PROG_ID,     57, U32,     REPLY, "program id")      /* the kernel's */          \
	X(EXT_LOADED,      58, U8,      REPLY, "loaded")          /* 0: failed to load */     \
	X(EXT_OUT_IFINDEX, 59, U32,     REPLY, "sample destination") /* a sample's */          \
	X(EXT_FRAME_LEN,   60, U32,     REPLY, "sample length")   /* a sample's frame length */ \
	X(EXT_FRAME,       61, BIN,     REPLY, "sample frame")    /* its first bytes */       \
	/* Port policies (docs/policies.md), PORT_SET and PORT_GET: 64..95. In a \
	 * PORT_SET each one given changes that setting only. */                             \
	/* enum vsw_guard_mode: 0 by NIC type, 1 on, 2 off */                                \
	X(POL_MAC_GUARD,   64, U8,      REQ,   "mac guard")                                    \
	/* 0..7 MACs of 6 bytes; replaces the list */                                       \
	X(POL_MAC_ALLOW,   65, MACLIST, REQ,   "mac allow list")                               \
	X(POL_DHCP_GUARD,  66, U8,      REQ,   "dhcp guard")      /* 1 on, 0 off */           \
	X(POL_ROUTER_GUARD, 67, U8,     REQ,   "router guard")    /* 1 on, 0 off */           \
	/* 1 trust the NIC's 802.1p bits, 0 reset them */                                   \
	X(POL_PRIO_TRUST,  68, U8,      REQ,   "priority tag")                                 \
	/* bit/s the NIC may send (out) or receive (in), 0: no limit; a burst in     \
	 * bytes, 0: the default */                                                        \
	X(POL_RATE_OUT,    69, U64,     REQ,   "max rate out")                                 \
	X(POL_BURST_OUT,   70, U32,     REQ,   "burst out")                                    \
	X(POL_RATE_IN,     71, U64,     REQ,   "max rate in")                                  \
	X(POL_BURST_IN,    72, U32,     REQ,   "burst in")                                     \
	/* frames/s of a kind the NIC may send (0: no limit) */                             \
	X(POL_STORM_BCAST, 73, U32,     REQ,   "storm broadcast")                              \
	X(POL_STORM_MCAST, 74, U32,     REQ,   "storm multicast")                              \
	X(POL_STORM_UNKNOWN, 75, U32,   REQ,   "storm unknown")                                \
	X(POL_LEARNING,    76, U8,      REQ,   "learning")        /* 1 learn source MACs */   \
	/* dynamic FDB entries the port may own, >= 1 */                                   \
	X(POL_LEARN_LIMIT, 77, U32,     REQ,   "learn limit")                                  \
	X(POL_MAC_GUARD_ON, 78, U8,     REPLY, "mac guard on")    /* as it applies now */     \
	/* enum vsw_pvlan_role; 0 none (vsw_policy.h) */                                    \
	X(POL_PVLAN_ROLE,  79, U8,      REQ,   "private VLAN role")                            \
	X(POL_PVLAN_SECONDARY, 80, VID, REQ,   "secondary VID")   /* isolated, community */   \
	X(POL_PVLAN_SERVES, 81, VIDSET, REQ,   "secondary VID list") /* promiscuous */         \
	/* VSW_MIRROR_IN and/or _OUT (a source), VSW_MIRROR_DST, 0 none */                  \
	X(POL_MIRROR,      82, U8,      REQ,   "mirror role")                                  \
	/* Port ACLs (docs/policies.md): 96..110. */                                        \
	X(ACL_ID,          96, U32,     REQ,   "rule id")         /* a rule's id in its port */ \
	X(ACL_DIR,         97, U8,      REQ,   "direction")       /* VSW_ACL_DIR_* */         \
	X(ACL_ACTION,      98, U8,      REQ,   "action")          /* enum vsw_acl_action */   \
	X(ACL_PRIORITY,    99, U32,     REQ,   "rule priority")   /* lower wins (default 100) */ \
	X(ACL_PROTO,      100, U8,      REQ,   "protocol")        /* IP protocol; absent: any */ \
	X(ACL_LOCAL,      101, CIDR,    REQ,   "local prefix")    /* the NIC's side */        \
	X(ACL_REMOTE,     102, CIDR,    REQ,   "remote prefix")   /* the other side */        \
	X(ACL_LPORT,      103, RANGE,   REQ,   "local port")      /* L4 ports */              \
	X(ACL_RPORT,      104, RANGE,   REQ,   "remote port")                                  \
	X(ACL_LOCAL_MAC,  105, MAC,     REQ,   "local mac")                                    \
	X(ACL_REMOTE_MAC, 106, MAC,     REQ,   "remote mac")                                   \
	X(ACL_STATEFUL,   107, FLAG,    REQ,   "stateful")        /* replies of allowed flows */ \
	X(ACL_TIMEOUT,    108, U32,     REQ,   "timeout")         /* stateful idle, s (60) */ \
	X(ACL_HITS,       109, U64,     REPLY, "hits")            /* frames the rule matched */ \
	X(ACL_COUNT,      110, U32,     REPLY, "rules")           /* of a port (port replies) */ \
	/* VXLAN NICs (docs/multihost.md): 111..127. */                                     \
	X(VX_VNI,         111, U32,     REQ,   "vni")             /* 1..VSW_VNI_MAX */        \
	/* vni-map: u32 pairs VID, VNI */                                                   \
	X(VX_VNI_MAP,     112, BIN,     REQ,   "vni-map")                                      \
	X(VX_LOCAL,       113, U32,     REQ,   "local")           /* IPv4, network order */   \
	X(VX_DSTPORT,     114, U32,     REQ,   "dstport")         /* UDP, 1..65535 */         \
	/* static remote VTEPs: IPv4 addresses, network order, 4 bytes each */              \
	X(VX_REMOTE,      115, BIN,     REQ,   "remote")                                       \
	X(VX_VTEP,        116, U32,     REPLY, "vtep")            /* a remote MAC's VTEP */   \
	X(VX_DECAP,       117, U64,     REPLY, "decapsulated")    /* frames from the underlay */ \
	X(VX_ENCAP,       118, U64,     REPLY, "encapsulated")    /* frames into it, each copy */ \
	X(VX_FLOOD_COPIES, 119, U64,    REPLY, "flood copies")    /* of those, replicated */ \
	X(VX_DEV,         120, NAME,    REPLY, "underlay")        /* the underlay netdev */

/* An attribute's payload. Its shape is checked in requests and replies;
 * the values given in brackets only in requests (a reply's values are
 * the daemon's to choose). Strings are NUL-terminated, not empty. */
enum vsw_attr_kind {
	VSW_AK_NONE,    /* no attribute */
	VSW_AK_FLAG,    /* no payload */
	VSW_AK_U8,
	VSW_AK_U16,
	VSW_AK_U32,
	VSW_AK_U64,
	VSW_AK_VID,     /* u16 [1..4094] */
	VSW_AK_VID0,    /* u16 [0..4094], 0: none */
	VSW_AK_NAME,    /* string of 1..15 [an object or interface name, names.h] */
	VSW_AK_WORD,    /* string of 1..63 [no '/'] */
	VSW_AK_NETNS,   /* string of 1..63 [a name (no '/') or an absolute path] */
	VSW_AK_PATH,    /* string of 1..255 [absolute] */
	VSW_AK_TEXT,    /* string of 1..255 */
	VSW_AK_STR,     /* string, any length */
	VSW_AK_MAC,     /* 6 bytes */
	VSW_AK_MACLIST, /* 0..VSW_POL_MACS - 1 MACs of 6 bytes */
	VSW_AK_VIDSET,  /* VSW_VID_BITMAP_WORDS * 8 bytes, bit v = VID v */
	VSW_AK_FRAME,   /* an Ethernet frame of 14..VSW_TRACE_FRAME_MAX bytes */
	VSW_AK_CIDR,    /* struct vsw_acl_cidr */
	VSW_AK_RANGE,   /* struct vsw_acl_range */
	VSW_AK_STATS,   /* nested u64 counters */
	VSW_AK_NEST,    /* nested attributes, well-formed */
	VSW_AK_BIN,     /* any bytes */
};

enum vsw_attr {
	VSW_A_UNSPEC,
#define VSW_ATTR_ENUM(name, nr, kind, who, text) VSW_A_##name = nr,
	VSW_ATTRS(VSW_ATTR_ENUM)
#undef VSW_ATTR_ENUM
	__VSW_A_MAX,
};
#define VSW_A_MAX (__VSW_A_MAX - 1)

/* Inside VSW_A_STATS: u64 counters; drops are VSW_STAT_DROP_BASE + reason. */
enum vsw_stat_attr {
	VSW_STAT_UNSPEC,
	VSW_STAT_RX_PACKETS,
	VSW_STAT_RX_BYTES,
	VSW_STAT_TX_PACKETS,
	VSW_STAT_TX_BYTES,
	VSW_STAT_FLOODED,
	VSW_STAT_MIRRORED, /* mirror copies sent (docs/policies.md) */
	VSW_STAT_DROP_BASE = 16,
};

/* Largest frame a trace takes (BPF_PROG_TEST_RUN wants it in one page). */
#define VSW_TRACE_FRAME_MAX 2048

/* Inside VSW_A_TRACE: what the ingress program decided (docs/observability.md). */
enum vsw_trace_attr {
	VSW_TRACE_UNSPEC,
	VSW_TRACE_VERDICT,     /* u8 enum vsw_verdict */
	VSW_TRACE_REASON,      /* u8 enum vsw_drop_reason (verdict drop) */
	VSW_TRACE_FLAGS,       /* u32 VSW_DEC_F_* (LEARNED: would learn) */
	VSW_TRACE_VID,         /* u16 classified VLAN, 0 before classification */
	VSW_TRACE_FDB_PORT,    /* string: the port the FDB names (hit) */
	VSW_TRACE_TO_UNTAGGED, /* string, repeated: a port the frame leaves untagged */
	VSW_TRACE_TO_TAGGED,   /* string, repeated: a port it leaves tagged */
	VSW_TRACE_TO_MORE,     /* u32: ports left out, the message being full */
};

/* Inside VSW_A_EXT_STATS: u64 counters; drops by the extension's own
 * reason r are VSW_EXT_STAT_REASON_BASE + r. */
enum vsw_ext_stat_attr {
	VSW_EXT_STAT_UNSPEC,
	VSW_EXT_STAT_RUNS,
	VSW_EXT_STAT_DROPS,
	VSW_EXT_STAT_FORWARDS,
	VSW_EXT_STAT_VIOLATIONS,
	VSW_EXT_STAT_REASON_BASE = 16,
};

/* Default VSW_A_EXT_PRIORITY. */
#define VSW_EXT_PRIORITY_DEFAULT 100

enum vsw_nic_kind {
	VSW_NIC_HOST = 1,     /* veth pair; host side named like the NIC */
	VSW_NIC_VM = 2,       /* TAP a VMM opens */
	VSW_NIC_PHYSICAL = 3, /* an existing netdev, adopted */
	VSW_NIC_LEGACY = 4,   /* emulated DEC 21140A, reached over vfio-user */
	VSW_NIC_VXLAN = 5,    /* a VXLAN tunnel endpoint (docs/multihost.md) */
};

/* VSW_A_POL_MAC_GUARD: by default the guard follows the NIC's type. */
enum vsw_guard_mode {
	VSW_GUARD_DEFAULT = 0, /* on for VM and legacy NICs, off for others */
	VSW_GUARD_ON = 1,
	VSW_GUARD_OFF = 2,
};

/* Derived from the connected NICs, never stored. */
enum vsw_switch_type {
	VSW_SWITCH_PRIVATE = 0,  /* no physical, no host NIC */
	VSW_SWITCH_INTERNAL = 1, /* host NIC(s), no physical */
	VSW_SWITCH_EXTERNAL = 2, /* a physical NIC */
};

#endif /* VSW_CTL_H */
