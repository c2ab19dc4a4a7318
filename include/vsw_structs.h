/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Structs and enums that cross the BPF/userspace boundary: map keys and
 * values of one switch instance. Fixed-width types only, byte order in
 * the type, no pointers. docs/datapath.md describes each map.
 */
#ifndef VSW_STRUCTS_H
#define VSW_STRUCTS_H

#include <linux/types.h>
#include "vsw_consts.h"

/* Why a frame died. Counted per port; names in vsw_drop_reason_name(). */
enum vsw_drop_reason {
	VSW_DROP_MALFORMED = 0, /* truncated, stacked tags, VID 4095, bad type */
	VSW_DROP_VLAN_FILTER,   /* VID not in the port's set (either side) */
	VSW_DROP_NO_PORT,       /* ingress netdev or FDB target is not a port */
	VSW_DROP_LINK_DOWN,     /* ingress or destination port is down */
	VSW_DROP_LEARN_LIMIT,   /* new source MAC beyond the port's limit */
	VSW_DROP_HAIRPIN,       /* FDB says the destination is the ingress port */
	VSW_DROP_EXTENSION,     /* a filter or forward extension dropped it */
	VSW_DROP_ACL,           /* a port ACL rule denied it (either side) */
	/* Port policies (include/vsw_policy.h, docs/policies.md). */
	VSW_DROP_MAC_SPOOF,     /* source MAC not the NIC's nor allowed */
	VSW_DROP_DHCP_GUARD,    /* a DHCP server message from a guarded NIC */
	VSW_DROP_ROUTER_GUARD,  /* an RA or redirect from a guarded NIC */
	VSW_DROP_RATE_LIMIT,    /* over the port's maximum bandwidth */
	VSW_DROP_STORM,         /* over the port's storm-control rate */
	VSW_DROP_PVLAN,         /* unicast between private VLAN ports that may not talk */
	VSW_DROP_UNPARSED,      /* a guard or deny rule needed the transport header
				 * and it could not be found (docs/policies.md) */
	VSW_DROP_MTU,           /* longer than the destination NIC's MTU, and
				 * not a GSO frame the kernel would segment
				 * (docs/offloads.md, Jumbo frames) */
	VSW_DROP_JUMBO_FLOOD,   /* a multi-buffer frame that would have to be
				 * copied to several ports, which XDP cannot
				 * do (docs/offloads.md, Jumbo frames) */
	VSW_DROP_VXLAN_MTU,     /* longer than the underlay's MTU once
				 * encapsulated in VXLAN (docs/multihost.md) */
	VSW_DROP_VXLAN_NEIGH,   /* the underlay next hop of the remote VTEP
				 * is not resolved yet (vswd asks for it) */
	VSW_DROP_VXLAN_FOREIGN, /* VXLAN for one of our VNIs from a VTEP that
				 * is not on the VNI's flood list */
	VSW_DROP_VXLAN_ENCAP,   /* the outer headers could not be pushed: a
				 * GSO frame of a kind other than TCP or UDP,
				 * one already encapsulated, or a frame with
				 * two VLAN tags (docs/multihost.md) */
	VSW_DROP__MAX,
};
/* The counters' room for reasons: a power of two, so that the datapath
 * bounds an index it did not compute itself with one mask. */
#define VSW_DROP_SLOTS 32
_Static_assert(VSW_DROP__MAX <= VSW_DROP_SLOTS, "VSW_DROP_SLOTS holds every reason");

/* Port VLAN mode. */
enum vsw_port_mode {
	VSW_PORT_ACCESS = 0, /* one VID; untagged in and out */
	VSW_PORT_TRUNK = 1,  /* a VID set, tagged; optional native VID */
};

/* vsw_port.flags */
#define VSW_PORT_F_UP    (1U << 0) /* link up: receives, sends, floods */
#define VSW_PORT_F_LEARN (1U << 1) /* learn source MACs seen on this port */
/* ACL rules for what the port's NIC receives (in) and sends (out); the
 * ACL path is skipped where the flag is clear (include/vsw_acl.h). */
#define VSW_PORT_F_ACL_IN  (1U << 6)
#define VSW_PORT_F_ACL_OUT (1U << 7)
/* Copy the frames crossing this port into vsw_capture (vswctl capture).
 * Set only while a capture runs: other ports pay nothing for it. */
#define VSW_PORT_F_CAPTURE_IN  (1U << 2) /* frames received, as they arrive */
#define VSW_PORT_F_CAPTURE_OUT (1U << 3) /* frames sent, as they leave */
#define VSW_PORT_F_CAPTURE (VSW_PORT_F_CAPTURE_IN | VSW_PORT_F_CAPTURE_OUT)
/* Ingress attached in generic (skb) XDP, for a netdev without native XDP.
 * There the devmap program gets a fresh metadata area, so a flood from
 * this port carries its TCI to egress as a real tag instead. */
#define VSW_PORT_F_SKB_MODE (1U << 4)
/* The port's netdev transmits redirected XDP frames of one buffer only
 * (its driver lacks NETDEV_XDP_ACT_NDO_XMIT_SG: tun, some NIC drivers):
 * the switch drops a multi-buffer frame for it as mtu, where the kernel
 * would drop it uncounted. Set by the library from the netdev's XDP
 * features when the port is added. */
#define VSW_PORT_F_ONE_BUF (1U << 5)

/* vsw_port.mirror: the port's role in port mirroring. A source's frames
 * are copied to every mirror destination of its switch. */
#define VSW_MIRROR_IN  (1U << 0) /* source: frames the switch sends to the port */
#define VSW_MIRROR_OUT (1U << 1) /* source: frames the port sends into the switch */
#define VSW_MIRROR_DST (1U << 2) /* destination: receives the copies */

/*
 * vsw_ports: key __u32 ifindex of the switch-side netdev.
 * The datapath reads it, only the loader writes it.
 */
struct vsw_port {
	__u32 ifindex;     /* the netdev itself (also its vsw_tx_ports key) */
	__u16 slot;        /* index into vsw_stats and vsw_learned */
	__u8 mode;         /* enum vsw_port_mode */
	__u8 flags;        /* VSW_PORT_F_* */
	__u16 pvid;        /* access VID, or trunk native VID (0: none) */
	__u8 mirror;       /* VSW_MIRROR_* (docs/policies.md, port mirroring) */
	__u8 pad;
	__u32 learn_limit; /* max dynamic FDB entries owned by this port */
	/* The MTU of the NIC behind the port (the host side of a host NIC's
	 * veth, the guest's for a VM NIC): the longest frame past its
	 * Ethernet header and tag that the NIC takes. 0: not known, no check. */
	__u16 mtu;
	__u16 pad2;
	/* Member VIDs: bit v of the bitmap set = VID v allowed. For an access
	 * port only pvid; for a trunk the allowed set, native VID included. */
	__u64 vlans[VSW_VID_BITMAP_WORDS];
};

/*
 * The fast way to a port. vsw_port_index (ARRAY, VSW_PORT_INDEX_SIZE) is
 * indexed by ifindex % VSW_PORT_INDEX_SIZE and points into vsw_port_slots
 * (ARRAY, 2 records per slot), which holds copies of the vsw_ports
 * records. An array lookup is a few instructions where a hash lookup is a
 * call; vsw_ports stays the authority, used when two ports share an index
 * entry. Two records per slot because an array element is rewritten in
 * place: the loader fills the record not in use, then flips `copy`, so a
 * reader never sees a half-written port.
 */
struct vsw_port_ref {
	__u32 ifindex; /* 0: unused */
	__u16 slot;
	__u16 copy;    /* record slot * 2 + copy is current */
};

/* vsw_fdb key: a MAC within one VLAN. */
struct vsw_fdb_key {
	__u16 vid;    /* host order, 1..4094 */
	__u8 mac[6];
};

/* vsw_fdb_entry.flags */
#define VSW_FDB_F_STATIC (1U << 0) /* never ages, never moves */

struct vsw_fdb_entry {
	__u32 ifindex;   /* port the MAC lives behind */
	__u32 flags;     /* VSW_FDB_F_* */
	__u64 last_seen; /* bpf_ktime_get_ns() (CLOCK_MONOTONIC) */
};

/* vsw_stats: per-CPU array indexed by port slot (VSW_SWITCH_SLOT for
 * events without a port). Userspace sums the CPUs. */
struct vsw_port_stats {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
	__u64 flooded; /* received frames sent to every port of their VLAN */
	__u64 mirrored; /* mirror copies sent (a mirror destination's tx) */
	__u64 drops[VSW_DROP_SLOTS]; /* by enum vsw_drop_reason; the rest stay 0 */
};

/* vsw_config: a one-entry array; the switch-wide settings. */
struct vsw_config {
	__u32 abi_version; /* VSW_DP_ABI_VERSION of the creator */
	__u32 fdb_capacity;
	__u64 aging_ns;    /* dynamic entries older than this are misses */
	__u32 flood_small; /* 1: every up port is in vsw_tx_small; flood there */
	__u32 fdb_gen;     /* bumped by the loader after it changes vsw_fdb */
	/* Port mirroring, kept by the loader from the ports' roles: while no
	 * port is a destination, sources cost one test. */
	__u32 mirror_dsts; /* ports with VSW_MIRROR_DST */
	__u32 mirror_in[VSW_MIRROR_IN_MAX]; /* ifindexes of the VSW_MIRROR_IN
					     * sources, packed from 0; 0 ends */
	/* 1: vsw_ingress, vsw_egress and their continuations were loaded
	 * multi-buffer aware (BPF_F_XDP_HAS_FRAGS), as extensions in their
	 * program arrays must be; 0 where the kernel cannot redirect
	 * multi-buffer frames (docs/kernels.md). vsw_ingress_skb never is. */
	__u32 frags;
	__u32 pad;
};

/*
 * vsw_src_seen: per-CPU ARRAY by port slot. The source MAC a port's frames
 * last came from, as the FDB confirmed it: while frames keep coming from
 * it (a VM's port, nearly always), learning skips its FDB lookup; and the
 * destination they last went to, likewise. Valid
 * for at most VSW_FDB_REFRESH_NS (so refreshes still happen) and only
 * while neither the loader (vsw_config.fdb_gen) nor the datapath
 * (vsw_fdb_moves, bumped when an entry moves port) changed the FDB since.
 */
struct vsw_src_seen {
	__u64 key;      /* fdb_key_word(): VID and MAC in one word; 0: none */
	__u64 checked;  /* when the FDB last confirmed it */
	__u64 moves;    /* vsw_fdb_moves then */
	__u32 fdb_gen;  /* vsw_config.fdb_gen then */
	__u32 pad;
	/* The same for the destination the port's frames last went to, as
	 * the FDB answered for it (a live entry; misses are not kept): while
	 * a flow goes on, forwarding skips its FDB lookup too. */
	__u64 dst_key;
	__u64 dst_checked;
	__u64 dst_moves;
	__u32 dst_gen;
	__u32 dst_ifindex;
};

/*
 * What ingress tells the egress program about a frame that goes through
 * the devmap (a flood, a mirrored unicast, a unicast while egress
 * extensions are loaded): a 4-byte shim in front of the Ethernet header,
 * in place of the frame's 802.1Q tag. A tagged frame keeps its length
 * (its tag is taken off, the TCI is in the shim); an untagged one grows
 * by 4 bytes, which a devmap allows beyond the destination's MTU
 * (xdp_ok_fwd_dev()'s VLAN_HLEN), so a full-size frame still fits. It is
 * pushed with bpf_xdp_adjust_head(), which every kernel and driver with
 * XDP supports (the XDP metadata area is not: drivers without one,
 * generic XDP, kernels that refuse bpf_xdp_adjust_meta). Egress takes it
 * off before anything else; no frame leaves the switch with it.
 *
 * One host-order word, as both sides are programs on one host:
 *   bits  0-15  the classified TCI (PCP, DEI, VID)
 *   bits 16-26  a directed unicast's destination: its port slot + 1
 *               (0: none); broadcast only so that mirror destinations
 *               get their copy, every other port's copy stops in egress
 *   bit  27     mirror destinations take a copy
 *   bits 28-31  VSW_SHIM_MAGIC: a frame in egress without it did not
 *               come from vsw_ingress and is dropped
 */
#define VSW_SHIM_TCI_MASK     0xffffU
#define VSW_SHIM_TARGET_SHIFT 16
#define VSW_SHIM_TARGET_MASK  0x7ffU
#define VSW_SHIM_F_MIRROR     (1U << 27)
#define VSW_SHIM_MAGIC        (0xaU << 28)
#define VSW_SHIM_MAGIC_MASK   (0xfU << 28)
_Static_assert(VSW_MAX_PORTS < VSW_SHIM_TARGET_MASK, "a port slot + 1 fits the shim");

struct vsw_shim {
	__u32 word;
};

/* What the last ingress run on this CPU decided (vsw_decision, per-CPU,
 * one entry). Written at the program's single exit; read by tests and by
 * packet tracing. */
enum vsw_verdict {
	VSW_V_DROP = 0,
	VSW_V_UNICAST, /* redirected to out_ifindex */
	VSW_V_FLOOD,   /* broadcast to the other ports of vid */
};

#define VSW_DEC_F_FDB_HIT (1U << 0) /* destination found in the FDB */
#define VSW_DEC_F_LEARNED (1U << 1) /* source inserted or moved */
#define VSW_DEC_F_TAGGED  (1U << 2) /* frame arrived with an 802.1Q tag */
#define VSW_DEC_F_MIRROR  (1U << 3) /* copied to the mirror destinations */
#define VSW_DEC_F_SHIM    (1U << 4) /* the frame left with a struct vsw_shim in
				     * front (and without its arrival tag), for
				     * the devmap egress program */
#define VSW_DEC_F_EXT_FWD (1U << 8) /* a forward extension chose the destination */

struct vsw_decision {
	__u32 in_ifindex;
	__u32 out_ifindex; /* unicast target, else 0 */
	__u16 vid;         /* classified VLAN (0 before classification) */
	__u8 verdict;      /* enum vsw_verdict */
	__u8 reason;       /* enum vsw_drop_reason when verdict is DROP */
	__u32 flags;       /* VSW_DEC_F_* */
};

/*
 * Packet trace (vswctl trace): a frame run through vsw_ingress with
 * BPF_PROG_TEST_RUN carries this in its XDP metadata (data_meta..data).
 * Seeing the magic, the program learns nothing, counts nothing, forwards
 * nothing, and writes its decision back here; the kernel returns the
 * metadata with the frame in data_out. Real frames arrive with no
 * metadata, so they never look like a trace. The size is a multiple of
 * 4 and at most 32 bytes, as the kernel wants of metadata.
 */
#define VSW_TRACE_MAGIC 0x76737774U /* "vswt" */

struct vsw_trace_meta {
	__u32 magic;             /* VSW_TRACE_MAGIC */
	struct vsw_decision dec; /* filled in by vsw_ingress; VSW_DEC_F_LEARNED
				  * there means "would learn" */
};

/*
 * Capture: each copied frame is one vsw_capture (perf event array)
 * record: this header, then caplen bytes of the frame.
 */
enum vsw_capture_dir {
	VSW_CAPTURE_IN = 1,  /* received on the port, before any change */
	VSW_CAPTURE_OUT = 2, /* sent by the port, as it leaves */
};

struct vsw_capture_hdr {
	__u64 tstamp_ns; /* bpf_ktime_get_ns() (CLOCK_MONOTONIC) */
	__u32 ifindex;   /* the port's netdev */
	__u32 len;       /* the frame's length */
	__u32 caplen;    /* bytes that follow: min(len, VSW_CAPTURE_SNAPLEN) */
	__u8 dir;        /* enum vsw_capture_dir */
	__u8 pad[3];
};

/*
 * VXLAN (bpf/vxlan.h, docs/multihost.md). A VXLAN NIC is a veth pair like
 * a legacy NIC's: its switch side is an ordinary port; its backend side
 * (the tunnel netdev, named like the NIC) runs vsw_vxlan_encap (TC
 * ingress) on what the switch sends the port. vsw_vxlan_decap (XDP)
 * runs on the underlay netdev and sends the inner frames
 * of our VNIs out of the tunnel netdev, so that they enter the switch on
 * the tunnel port. Addresses in network order; VNIs host order.
 */

/* vsw_vx_underlay: key __u32 ifindex of an underlay netdev. */
/* Offloads vswd turned off on a virtual underlay, each to be turned on
 * again when the last VXLAN NIC leaves it (docs/multihost.md). */
#define VSW_VX_UL_F_TNL_SEG_OFF      (1U << 0) /* tx-udp_tnl-segmentation */
#define VSW_VX_UL_F_TNL_CSUM_SEG_OFF (1U << 1) /* tx-udp_tnl-csum-segmentation */
struct vsw_vx_underlay {
	__be32 local;   /* our VTEP address on it */
	__be16 dstport; /* the UDP port VXLAN arrives on */
	__u16 mtu;      /* its MTU: a longer packet is a GSO frame (0: no check) */
	__u32 flags;    /* VSW_VX_UL_F_* */
};

/* vsw_vx_tun: key __u32 ifindex of a tunnel netdev. */
struct vsw_vx_tun {
	__u32 underlay;  /* ifindex the encapsulated frames leave by */
	__u32 port_slot; /* the tunnel port's counter slot */
	__u32 vni;       /* access: the NIC's VNI; 0: a trunk, by VID (vsw_vx_vid) */
	__be32 local;    /* outer source address */
	__be16 dstport;  /* outer destination port */
	__u16 mtu;       /* the underlay's MTU: the longest outer IPv4 packet */
	__u8 mac[6];     /* the underlay's MAC: outer source */
	__u16 pad;
};

/* vsw_vx_vni: key __u32 VNI. */
struct vsw_vx_vni {
	__u32 tun;         /* ifindex of the tunnel netdev */
	__u16 vid;         /* trunk: the tag decapsulated frames get; 0: untagged */
	__u16 port_slot;   /* the tunnel port's counter slot */
	__u32 learn_limit; /* remote MACs the decap may learn for the tunnel
			    * port, all its VNIs (vsw_vx_learned); 0: the
			    * library's VSW_LEARN_LIMIT_DEFAULT */
};

/* vsw_vx_vid: a trunk tunnel's VID -> VNI (value __u32). */
struct vsw_vx_vid_key {
	__u32 tun; /* ifindex of the tunnel netdev */
	__u32 vid;
};

/* vsw_vx_remote: a remote MAC of a VNI -> its VTEP. */
struct vsw_vx_mac_key {
	__u32 vni;
	__u8 mac[6];
	__u16 pad;
};

#define VSW_VX_F_STATIC (1U << 0) /* a control plane's: never learned over, never aged */

struct vsw_vx_remote {
	__be32 vtep;
	__u32 flags;     /* VSW_VX_F_* */
	__u64 last_seen; /* learned: when a frame from it was decapsulated */
};

/* vsw_vx_flood: key __u32 VNI; the remote VTEPs of head-end replication. */
struct vsw_vx_flood {
	__u32 n;
	__be32 vtep[VSW_VX_FLOOD_MAX];
};

/* vsw_vx_nh: key __be32 remote VTEP; the underlay next hop's MAC. */
struct vsw_vx_nh {
	__u8 mac[6];
	__u16 pad;
};

/* vsw_vx_stats: per-CPU array by the tunnel port's counter slot. */
struct vsw_vx_stats {
	__u64 decap_packets; /* inner frames taken from the underlay */
	__u64 decap_bytes;   /* their inner bytes */
	__u64 encap_packets; /* frames sent into the underlay, each copy */
	__u64 encap_bytes;   /* their inner bytes */
	__u64 flood_copies;  /* of those, head-end replicated copies */
};

#endif /* VSW_STRUCTS_H */
