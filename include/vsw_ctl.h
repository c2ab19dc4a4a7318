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
#define VSW_CTL_MSG_MAX 8192 /* largest message either side sends */
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
	VSW_CMD_CAPTURE = 0x31, /* PORT_NAME CAPTURE_DIR; reply: SWITCH_NAME
				 * IFINDEX PATH; runs until the connection closes */
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

enum vsw_attr {
	VSW_A_UNSPEC,
	VSW_A_VERSION,      /* u32: VSW_CTL_VERSION */
	VSW_A_BUILD,        /* string: vswd version */
	VSW_A_SWITCH_NAME,  /* string, 1..15 chars */
	VSW_A_PORT_NAME,    /* string, 1..15 chars */
	VSW_A_NIC_NAME,     /* string, 1..15 chars (also its netdev's name) */
	VSW_A_FORCE,        /* flag: delete with dependants */
	VSW_A_SWITCH_TYPE,  /* u8 enum vsw_switch_type (replies) */
	VSW_A_VLAN_MODE,    /* u8 enum vsw_port_mode */
	VSW_A_VLAN_PVID,    /* u16: access VID, or trunk native VID (0: none) */
	VSW_A_VLAN_TRUNK,   /* binary: 512-byte VID bitmap (bit v = VID v) */
	VSW_A_NIC_KIND,     /* u8 enum vsw_nic_kind */
	VSW_A_NETNS,        /* string: host NIC: a named netns (/run/netns/NAME),
			     * or the absolute path of a netns file */
	VSW_A_MAC,          /* binary, 6 bytes */
	VSW_A_IFNAME,       /* string: TAP name (vm), adopted netdev (physical) */
	VSW_A_OWNER,        /* u32 uid that may open the TAP, or attach to the
			     * legacy NIC's socket */
	VSW_A_GROUP,        /* u32 gid: the same, for a group */
	VSW_A_QUEUES,       /* u32: TAP queues (1: single queue) */
	VSW_A_LINK,         /* u8: 1 up, 0 down (replies) */
	VSW_A_IFINDEX,      /* u32 (replies) */
	VSW_A_XDP_MODE,     /* string "native" | "generic" (replies) */
	VSW_A_VID,          /* u16 */
	VSW_A_FDB_STATIC,   /* flag (replies) */
	VSW_A_AGE_MS,       /* u64: FDB entry age (replies) */
	VSW_A_STATS,        /* nested: VSW_STAT_* u64 (replies) */
	VSW_A_COUNT,        /* u32: how many (ports of a switch, flushed) */
	VSW_A_ADOPTED,      /* flag: the netdev existed before vswd took it */
	VSW_A_DP_MODE,      /* string: the datapath's mode and why (replies) */
	VSW_A_CSUM,         /* string: how the NIC's frames reach every port with
			     * complete checksums, "tx-off" | "skb-path" | "wire" |
			     * "none" (replies; docs/offloads.md) */
	VSW_A_MTU,          /* u32: the NIC's MTU, 68..65535. nic add: host (set on
			     * the host side), vm (the guest's); replies: what the
			     * switch checks frames for the NIC against */
	VSW_A_HOST_IFNAME,  /* string: host NIC: its host side's name in its
			     * namespace (default: the NIC's name) */
	/* Legacy NICs (docs/legacy-nic.md): numbered apart, 32..39. */
	VSW_A_LEGACY_SOCKET = 32,   /* string: the vfio-user socket (replies) */
	VSW_A_LEGACY_VMM,           /* u8: 1 while a VMM is attached (replies) */
	VSW_A_LEGACY_RX,            /* u64: frames stored in the guest's ring (replies) */
	VSW_A_LEGACY_RX_DROPPED,    /* u64: filtered, no buffer, not running (replies) */
	VSW_A_LEGACY_TX,            /* u64: frames the guest sent (replies) */
	VSW_A_LEGACY_MODE,          /* u32: the socket's permission bits, 0..0777 */
	/* Observability; numbered apart so other additions do not collide. */
	VSW_A_FRAME = 40,   /* binary: an Ethernet frame, 14..VSW_TRACE_FRAME_MAX */
	VSW_A_TRACE,        /* nested VSW_TRACE_* (replies) */
	VSW_A_CAPTURE_DIR,  /* u8: VSW_PORT_F_CAPTURE_IN | VSW_PORT_F_CAPTURE_OUT */
	VSW_A_PATH,         /* string: a pinned object (the capture ring) */
	/* Extensions: numbered apart (observability takes 40..47). */
	VSW_A_EXT_NAME = 48,  /* string, 1..15 chars, unique per switch */
	VSW_A_EXT_KIND,       /* u8 enum vsw_ext_kind */
	VSW_A_EXT_STAGE,      /* u8 enum vsw_ext_stage */
	VSW_A_EXT_OBJECT,     /* string: absolute path of the BPF object, < 256 */
	VSW_A_EXT_PROGRAM,    /* string: program name in the object, < 64 */
	VSW_A_EXT_PRIORITY,   /* u32: lower runs first (default 100) */
	VSW_A_EXT_PARAMS,     /* string: "VAR=VALUE ...", < 256; @PORT is a port */
	VSW_A_EXT_STATS,      /* nested: VSW_EXT_STAT_* u64 (replies) */
	VSW_A_EXT_ID,         /* u32: slot id in the datapath (replies) */
	VSW_A_EXT_PROG_ID,    /* u32: kernel program id (replies) */
	VSW_A_EXT_LOADED,     /* u8: 1 in the datapath, 0 failed to load (replies) */
	VSW_A_EXT_OUT_IFINDEX, /* u32: a sample's destination (replies) */
	VSW_A_EXT_FRAME_LEN,  /* u32: a sample's frame length (replies) */
	VSW_A_EXT_FRAME,      /* binary: a sample's first bytes (replies) */
	/* Port policies (docs/policies.md), PORT_SET and PORT_GET: 64..95.
	 * In a PORT_SET each one given changes that setting only. */
	VSW_A_POL_MAC_GUARD = 64, /* u8 enum vsw_guard_mode: 0 by NIC type, 1 on, 2 off */
	VSW_A_POL_MAC_ALLOW,      /* binary: 0..7 MACs, 6 bytes each; replaces the list */
	VSW_A_POL_DHCP_GUARD,     /* u8: 1 on, 0 off */
	VSW_A_POL_ROUTER_GUARD,   /* u8: 1 on, 0 off */
	VSW_A_POL_PRIO_TRUST,     /* u8: 1 trust the NIC's 802.1p bits, 0 reset them */
	VSW_A_POL_RATE_OUT,       /* u64 bits/s the NIC may send (0: no limit) */
	VSW_A_POL_BURST_OUT,      /* u32 bytes (0: the default for the rate) */
	VSW_A_POL_RATE_IN,        /* u64 bits/s the NIC may receive (0: no limit) */
	VSW_A_POL_BURST_IN,       /* u32 bytes (0: the default for the rate) */
	VSW_A_POL_STORM_BCAST,    /* u32 broadcast frames/s entering (0: no limit) */
	VSW_A_POL_STORM_MCAST,    /* u32 multicast frames/s entering (0: no limit) */
	VSW_A_POL_STORM_UNKNOWN,  /* u32 unknown-unicast frames/s entering (0: no limit) */
	VSW_A_POL_LEARNING,       /* u8: 1 learn source MACs, 0 do not */
	VSW_A_POL_LEARN_LIMIT,    /* u32: dynamic FDB entries the port may own, >= 1 */
	VSW_A_POL_MAC_GUARD_ON,   /* u8: the guard as it applies now (replies) */
	VSW_A_POL_PVLAN_ROLE,     /* u8 enum vsw_pvlan_role; 0 none (vsw_policy.h) */
	VSW_A_POL_PVLAN_SECONDARY, /* u16: isolated/community: the secondary VID */
	VSW_A_POL_PVLAN_SERVES,   /* binary: promiscuous: 512-byte bitmap of secondary VIDs */
	VSW_A_POL_MIRROR,         /* u8 port mirroring role: VSW_MIRROR_IN and/or _OUT
				   * (a source), VSW_MIRROR_DST (a destination), 0 none */
	/* Port ACLs: 96..127. Every attribute stays below 128, the width of
	 * the parser's masks. */
	VSW_A_ACL_ID = 96,    /* u32: a rule's id in its port */
	VSW_A_ACL_DIR,        /* u8: 1 in, 2 out, 3 both (VSW_ACL_DIR_*) */
	VSW_A_ACL_ACTION,     /* u8 enum vsw_acl_action */
	VSW_A_ACL_PRIORITY,   /* u32: lower wins (default 100) */
	VSW_A_ACL_PROTO,      /* u8: IP protocol (absent: any) */
	VSW_A_ACL_LOCAL,      /* binary struct vsw_acl_cidr: the NIC's side */
	VSW_A_ACL_REMOTE,     /* binary struct vsw_acl_cidr: the other side */
	VSW_A_ACL_LPORT,      /* binary struct vsw_acl_range: local L4 ports */
	VSW_A_ACL_RPORT,      /* binary struct vsw_acl_range: remote L4 ports */
	VSW_A_ACL_LOCAL_MAC,  /* binary, 6 bytes */
	VSW_A_ACL_REMOTE_MAC, /* binary, 6 bytes */
	VSW_A_ACL_STATEFUL,   /* flag: allowed TCP/UDP flows let replies in */
	VSW_A_ACL_TIMEOUT,    /* u32: stateful idle timeout, s (default 60) */
	VSW_A_ACL_HITS,       /* u64: frames the rule matched (replies) */
	VSW_A_ACL_COUNT,      /* u32: rules of a port (port replies) */
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
