/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The maps of one switch instance. Sizes come from include/vsw_consts.h;
 * every map is pinned by name under the switch's bpffs directory (the
 * loader passes it as pin_root_path), so bpftool and a restarted loader
 * find them. docs/datapath.md describes each one.
 */
#ifndef VSW_BPF_MAPS_H
#define VSW_BPF_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "vsw_structs.h"
#define VSW_EXT_CORE 1
#include "vsw_ext.h"

/* Port configuration by switch-side ifindex; written by the loader only. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct vsw_port);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ports SEC(".maps");

/* The array path to the same records: see struct vsw_port_ref. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VSW_PORT_INDEX_SIZE);
	__type(key, __u32);
	__type(value, struct vsw_port_ref);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_port_index SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct vsw_port);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_port_slots SEC(".maps");

/* Egress targets by ifindex, each entry carrying the egress program.
 * Only ports that are up are in it, so flooding reaches up ports only. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_tx_ports SEC(".maps");

/* The same entries while there are at most VSW_TX_SMALL_MAX of them
 * (vsw_config.flood_small), so that a flood need not walk the big map. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, VSW_TX_SMALL_MAX);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_tx_small SEC(".maps");

/* struct vsw_src_seen, per CPU and port slot. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct vsw_src_seen);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_src_seen SEC(".maps");

/* How many times the datapath moved an FDB entry to another port. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_fdb_moves SEC(".maps");

/* The learning FDB; max_entries is set by the loader (FDB capacity). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VSW_FDB_DEFAULT_CAPACITY);
	__type(key, struct vsw_fdb_key);
	__type(value, struct vsw_fdb_entry);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_fdb SEC(".maps");

/* Dynamic FDB entries owned by each port slot (the learning limit). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_learned SEC(".maps");

/* Per-CPU counters by port slot, plus VSW_SWITCH_SLOT. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VSW_MAX_PORTS + 1);
	__type(key, __u32);
	__type(value, struct vsw_port_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_stats SEC(".maps");

/* Switch-wide settings, one entry. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vsw_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_config SEC(".maps");

/* The last ingress decision on each CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vsw_decision);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_decision SEC(".maps");

/* ---- extension slots (bpf/ext_slots.h, include/vsw_ext.h) ---- */

/* What the running extension sees, and the switch's state across the
 * tail calls: one entry per stage, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VSW_EXT_STAGE__MAX);
	__type(key, __u32);
	__type(value, struct vsw_ext_scratch);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ext_md SEC(".maps");

/* Ingress extensions by id, and the ingress continuation at
 * VSW_EXT_RESUME. Pinned: the entries live as long as the pin. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, VSW_EXT_MAX + 1);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ext_in SEC(".maps");

/* The same for vsw_ingress_skb, the single-buffer ingress of generic-XDP
 * ports: the kernel lets a program tail-call only programs that agree
 * with it on multi-buffer frames, so its extensions are loaded a second
 * time, single-buffer, into this array. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, VSW_EXT_MAX + 1);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ext_in_skb SEC(".maps");

/* The same for egress (devmap programs cannot share the ingress array). */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, VSW_EXT_MAX + 1);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ext_out SEC(".maps");

/* Which chain bank is live and which slots are not empty. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vsw_ext_cfg);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ext_cfg SEC(".maps");

/* Run order of each slot, in two banks: the loader fills the idle one
 * and then flips vsw_ext_cfg.bank, so a frame walks one whole order. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * VSW_EXT_SLOT__MAX);
	__type(key, __u32);
	__type(value, struct vsw_ext_chain);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ext_chain SEC(".maps");

/* Registry of loaded extensions by id; only the loader uses it. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VSW_EXT_MAX);
	__type(key, __u32);
	__type(value, struct vsw_ext_info);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ext_info SEC(".maps");

/* Per-extension counters, by id. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VSW_EXT_MAX);
	__type(key, __u32);
	__type(value, struct vsw_ext_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_ext_stats SEC(".maps");

/* Frames copied by a capture (bpf/capture.h); a reader opens one perf
 * ring per CPU and stores its fd here. Only ports flagged
 * VSW_PORT_F_CAPTURE_* write to it. max_entries 0: libbpf makes it the
 * number of possible CPUs. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vsw_capture SEC(".maps");

#endif /* VSW_BPF_MAPS_H */
