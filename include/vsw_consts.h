/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Constants shared by the datapath (bpf/) and userspace (user/, ctl/, tests/).
 *
 * Every capacity is behind #ifndef so a test build can shrink a map.
 * Changing a value here changes the pinned-map ABI: a running switch
 * created with other sizes cannot be reopened (vsw_dp_open() checks).
 */
#ifndef VSW_CONSTS_H
#define VSW_CONSTS_H

/* Ports one switch can hold; also the size of the per-port counter array. */
#ifndef VSW_MAX_PORTS
#define VSW_MAX_PORTS 1024
#endif

/* Counter slot for events that belong to no port (unknown ingress netdev). */
#define VSW_SWITCH_SLOT VSW_MAX_PORTS

/*
 * A broadcast through a devmap visits every bucket of the map, so a flood
 * costs in proportion to the map's capacity, not to the ports in it. While
 * a switch has at most this many ports up, it floods through a second,
 * small copy of its egress map (vsw_tx_small).
 */
#define VSW_TX_SMALL_MAX 64

/* Ports of a switch that may mirror what they receive (mirror source in
 * or both): a flood checks each of them, so they are few. */
#define VSW_MIRROR_IN_MAX 8

/* Entries of vsw_port_index (a power of two): ifindex modulo this finds
 * a port without a hash lookup. */
#define VSW_PORT_INDEX_SIZE 4096

/* Default FDB capacity (entries); a switch may be created with another. */
#ifndef VSW_FDB_DEFAULT_CAPACITY
#define VSW_FDB_DEFAULT_CAPACITY 65536
#endif

/* Default per-port learning limit (dynamic entries a port may own). */
#define VSW_LEARN_LIMIT_DEFAULT 1024

/* Default FDB aging time. */
#define VSW_AGING_DEFAULT_SEC 300

/* A known source refreshes its last-seen time at most this often, so a
 * steady flow does not write the shared FDB entry on every frame. */
#define VSW_FDB_REFRESH_NS 1000000000ULL

/* Bytes of each frame a capture copies; longer (GSO) frames are cut. */
#define VSW_CAPTURE_SNAPLEN 16384

/* VXLAN (RFC 7348): a VNI is 24 bits; 0 is not used. */
#define VSW_VNI_MAX 0xffffffU
#define VSW_VXLAN_PORT_DEFAULT 4789
/* Remote VTEPs in one VNI's flood list (head-end replication). */
#define VSW_VX_FLOOD_MAX 32
/* Outer Ethernet, IPv4, UDP and VXLAN headers: what encapsulation adds. */
#define VSW_VX_OVERHEAD 50
/* Entries of the remote MAC table (MAC -> VTEP), all VNIs together. */
#define VSW_VX_REMOTE_MAX 65536
/* Distinct remote VTEPs with a next hop; VNIs of one switch. */
#define VSW_VX_NH_MAX 1024
#define VSW_VX_VNI_MAX 4096

/* 802.1Q */
#define VSW_VID_MIN 1
#define VSW_VID_MAX 4094
#define VSW_VID_BITMAP_WORDS (4096 / 64)
#define VSW_DEFAULT_VID 1

/* Default bpffs directory under which each switch pins its objects. */
#define VSW_BPFFS_DEFAULT "/sys/fs/bpf/vsw"

/*
 * Names of the pinned objects, as declared in bpf/vsw.bpf.c, so the
 * loader finds a pinned map by the name the BPF side gives it.
 */
#define VSW_MAP_PORTS    "vsw_ports"
#define VSW_MAP_PORT_INDEX "vsw_port_index"
#define VSW_MAP_PORT_SLOTS "vsw_port_slots"
#define VSW_MAP_TX_PORTS "vsw_tx_ports"
#define VSW_MAP_TX_SMALL "vsw_tx_small"
#define VSW_MAP_FDB      "vsw_fdb"
#define VSW_MAP_LEARNED  "vsw_learned"
#define VSW_MAP_SRC_SEEN "vsw_src_seen"
#define VSW_MAP_FDB_MOVES "vsw_fdb_moves"
#define VSW_MAP_STATS    "vsw_stats"
#define VSW_MAP_CONFIG   "vsw_config"
#define VSW_MAP_DECISION "vsw_decision"
#define VSW_MAP_CAPTURE  "vsw_capture"
#define VSW_PROG_INGRESS "vsw_ingress"      /* native XDP, multi-buffer aware */
#define VSW_PROG_INGRESS_SKB "vsw_ingress_skb" /* generic XDP: single-buffer */
#define VSW_PROG_EGRESS  "vsw_egress"
#define VSW_MAP_VX_UNDERLAY "vsw_vx_underlay"
#define VSW_MAP_VX_TUN      "vsw_vx_tun"
#define VSW_MAP_VX_VNI      "vsw_vx_vni"
#define VSW_MAP_VX_VID      "vsw_vx_vid"
#define VSW_MAP_VX_REMOTE   "vsw_vx_remote"
#define VSW_MAP_VX_FLOOD    "vsw_vx_flood"
#define VSW_MAP_VX_NH       "vsw_vx_nh"
#define VSW_MAP_VX_STATS    "vsw_vx_stats"
#define VSW_MAP_VX_LEARNED  "vsw_vx_learned"
#define VSW_PROG_VX_DECAP   "vsw_vxlan_decap"  /* XDP on an underlay netdev */
#define VSW_PROG_VX_ENCAP   "vsw_vxlan_encap"  /* TC ingress on a tunnel netdev */

/* Version of the pinned layout; stored in vsw_config, checked on reopen. */
#define VSW_DP_ABI_VERSION 15 /* 4: the extension slots, 5: vsw_capture, 6: port ACLs, 7: port policies, 8: port mirroring, 9: generic-XDP ports flagged, 10: a shim in front of devmap frames instead of XDP metadata; staged ingress, 11: the NIC's MTU in the port, drop reason mtu, 32 drop slots, 12: multi-buffer programs for native ports, vsw_ingress_skb for generic ones, drop reason jumbo_flood, 13: VXLAN maps and programs, drop reasons vxlan_mtu and vxlan_neigh, 14: VXLAN encap in TC, drop reason vxlan_foreign, 15: remote learn limit (vsw_vx_learned), drop reason vxlan_encap, underlay offload bits */

#endif /* VSW_CONSTS_H */
