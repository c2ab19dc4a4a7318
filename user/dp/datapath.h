/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The datapath library: one struct vsw_dp is one switch instance, loaded
 * from bpf/vsw.bpf.c or reopened from its pins under <bpffs>/<name>/.
 * It is the only writer of the switch's configuration maps.
 *
 * Every function returns 0 or a negative errno and logs nothing on the
 * expected failures (-ENOENT, -EEXIST, ...): callers word those errors.
 */
#ifndef VSW_DATAPATH_H
#define VSW_DATAPATH_H

#include <stdbool.h>
#include <linux/types.h>
#include "names.h"
#include "vsw_structs.h"
#include "vsw_policy.h"

struct vsw_dp;

struct vsw_dp_opts {
	const char *bpffs;    /* pin root; NULL: VSW_BPFFS_DEFAULT */
	__u32 fdb_capacity;   /* 0: VSW_FDB_DEFAULT_CAPACITY */
	__u32 aging_sec;      /* 0: VSW_AGING_DEFAULT_SEC */
};

/* Load a new switch and pin it. -EEXIST if it is already pinned. When
 * the kernel refuses the datapath, vsw_dp_load_error() says why, naming
 * the missing facility or quoting the verifier (user/dp/dp_kernel.h). */
int vsw_dp_create(const char *name, const struct vsw_dp_opts *opts, struct vsw_dp **out);
const char *vsw_dp_load_error(void);

/* Reopen a switch from its pins. -ENOENT if there is none,
 * -EPROTO if it was made by an incompatible vsw. */
int vsw_dp_open(const char *name, const char *bpffs, struct vsw_dp **out);

/* Forget the handle; the switch keeps forwarding. Accepts NULL. */
void vsw_dp_close(struct vsw_dp *dp);

/* Detach every port, unpin everything, free the handle. Accepts NULL. */
int vsw_dp_destroy(struct vsw_dp *dp);

const char *vsw_dp_name(const struct vsw_dp *dp);
const char *vsw_dp_pin_dir(const struct vsw_dp *dp);

/* Port configuration as the caller states it. */
struct vsw_port_cfg {
	enum vsw_port_mode mode;
	__u16 pvid;                          /* access VID, or native (0: none) */
	__u64 vlans[VSW_VID_BITMAP_WORDS];   /* trunk: allowed VIDs */
	__u32 learn_limit;                   /* 0: VSW_LEARN_LIMIT_DEFAULT */
	bool no_learning;
	/* vsw_dp_port_add only: attach in generic (skb) XDP even where the
	 * driver has native XDP. A frame then keeps its skb, and with it the
	 * checksum and GSO state its sender left to offload (docs/offloads.md). */
	bool skb_mode;
};

/* Default port: access VLAN 1, learning on, default limit. */
void vsw_port_cfg_init(struct vsw_port_cfg *cfg);

/* Attach the ingress program to ifindex (native XDP where the driver has
 * it and cfg->skb_mode is false, generic otherwise) and make it an up port. -EEXIST if it is a port
 * already, -EBUSY if another XDP program is attached, -ENOSPC if full. */
int vsw_dp_port_add(struct vsw_dp *dp, __u32 ifindex, const struct vsw_port_cfg *cfg);

/* Detach, forget the port, flush its FDB entries. */
int vsw_dp_port_del(struct vsw_dp *dp, __u32 ifindex);

/* Change VLAN mode/set/limits. The port's learned entries are flushed. */
int vsw_dp_port_set(struct vsw_dp *dp, __u32 ifindex, const struct vsw_port_cfg *cfg);

/* Link state: a down port is out of flooding, drops what it receives and
 * what is sent to it (link_down), and loses its learned entries. */
int vsw_dp_port_set_link(struct vsw_dp *dp, __u32 ifindex, bool up);

/* The MTU of the NIC behind the port (struct vsw_port.mtu): a longer frame
 * for it is dropped as `mtu` unless it may be GSO (bpf/mtu.h). 0: none. */
int vsw_dp_port_set_mtu(struct vsw_dp *dp, __u32 ifindex, __u32 mtu);

int vsw_dp_port_get(struct vsw_dp *dp, __u32 ifindex, struct vsw_port *out);

/* A port's policies (include/vsw_policy.h), by the port's ifindex. A new
 * port has none. Setting keeps the running state of unchanged buckets. */
int vsw_dp_port_policy_set(struct vsw_dp *dp, __u32 ifindex, const struct vsw_port_policy *pol);
int vsw_dp_port_policy_get(struct vsw_dp *dp, __u32 ifindex, struct vsw_port_policy *out);

/* "native" or "generic": how the ingress program is attached. */
int vsw_dp_port_xdp_mode(struct vsw_dp *dp, __u32 ifindex, const char **mode);

/* Calls fn for each port, in ifindex order; stops on a non-zero return. */
typedef int (*vsw_port_fn)(const struct vsw_port *port, void *ctx);
int vsw_dp_port_foreach(struct vsw_dp *dp, vsw_port_fn fn, void *ctx);

/* Counters summed over CPUs: one port, or the whole switch. */
int vsw_dp_port_stats(struct vsw_dp *dp, __u32 ifindex, struct vsw_port_stats *out);
int vsw_dp_switch_stats(struct vsw_dp *dp, struct vsw_port_stats *out);

/* Dynamic entries a port owns now. */
int vsw_dp_port_learned(struct vsw_dp *dp, __u32 ifindex, __u32 *count);

/* The FDB. age_ns is 0 for static entries. */
typedef int (*vsw_fdb_fn)(const struct vsw_fdb_key *key, const struct vsw_fdb_entry *e,
			  __u64 age_ns, void *ctx);
int vsw_dp_fdb_foreach(struct vsw_dp *dp, vsw_fdb_fn fn, void *ctx);
/* The same walk in parts, for a reader that takes its time (a dump to a
 * slow client). The cursor is the kernel's batch position, a hash
 * bucket: entries added or removed between parts never make another
 * entry repeat or vanish. Start from a zeroed cursor; each call passes
 * about max entries (whole buckets) to fn; cur->done ends the walk.
 * Returns 0, fn's non-zero result, or -errno. */
struct vsw_fdb_cursor {
	__u64 token; /* the kernel's; at least the FDB key's size */
	bool started, done;
};
int vsw_dp_fdb_walk(struct vsw_dp *dp, struct vsw_fdb_cursor *cur, __u32 max, vsw_fdb_fn fn,
		    void *ctx);
/* Tell the datapath that vsw_fdb was written behind the library's back
 * (tests, tools): what ports remember of it (struct vsw_src_seen) is void.
 * The library's own FDB functions do this themselves. */
int vsw_dp_fdb_changed(struct vsw_dp *dp);
/* Entries in the FDB now, static and dynamic (aged ones until swept). */
int vsw_dp_fdb_count(struct vsw_dp *dp, unsigned int *n);
/* A static entry (replacing any entry of the key), or none. A learned
 * entry they replace or remove no longer counts against its port's
 * learning limit. Each costs a few map operations, whatever the FDB's
 * size. */
int vsw_dp_fdb_add_static(struct vsw_dp *dp, __u16 vid, const __u8 mac[6], __u32 ifindex);
int vsw_dp_fdb_del(struct vsw_dp *dp, __u16 vid, const __u8 mac[6]);

/* Remove entries matching ifindex (0: any) and vid (0: any); static ones
 * too only if with_static. *removed (may be NULL) gets the count. */
int vsw_dp_fdb_flush(struct vsw_dp *dp, __u32 ifindex, __u16 vid, bool with_static,
		     unsigned int *removed);

/* Remove dynamic entries older than the aging time (the datapath already
 * treats them as misses) and recount each port's learned entries. */
int vsw_dp_fdb_age(struct vsw_dp *dp, unsigned int *removed);
/* The same sweep in steps, so that a large FDB never holds the caller
 * for long: each call walks about max more entries (whole buckets) and
 * returns 1 while the walk goes on; the call that ends it deletes the
 * aged entries, stores the counts, sets *removed and returns 0 (or
 * -errno). The next call starts a new sweep. A whole sweep or flush
 * meanwhile drops the one in steps (it recounts everything itself), and
 * so does closing the datapath. Entries learned during the walk in the
 * part already walked are not counted until the next sweep. */
int vsw_dp_fdb_age_step(struct vsw_dp *dp, __u32 max, unsigned int *removed);

int vsw_dp_get_config(struct vsw_dp *dp, struct vsw_config *out);
int vsw_dp_set_aging(struct vsw_dp *dp, __u32 aging_sec);

/* The last ingress decision taken on this CPU (tests, tracing). */
int vsw_dp_last_decision(struct vsw_dp *dp, int cpu, struct vsw_decision *out);

/* fds for tests and tools that run the programs themselves: vsw_ingress
 * (native ports), vsw_ingress_skb (generic-XDP ports), vsw_egress. */
int vsw_dp_ingress_fd(const struct vsw_dp *dp);
int vsw_dp_ingress_skb_fd(const struct vsw_dp *dp);
int vsw_dp_egress_fd(const struct vsw_dp *dp);

/* Capture: which directions of a port copy their frames into the
 * vsw_capture perf ring (VSW_PORT_F_CAPTURE_IN | _OUT, 0: none). The
 * flags survive vsw_dp_port_set() and link changes. */
int vsw_dp_port_set_capture(struct vsw_dp *dp, __u32 ifindex, __u8 capture);
/* Clear the capture flags of every port (a reader that is gone). */
int vsw_dp_capture_stop_all(struct vsw_dp *dp);
/* The vsw_capture ring (capture_ring.h reads it). */
int vsw_dp_capture_fd(const struct vsw_dp *dp);

/* The extension slots' maps, for user/dp/ext.c. */
struct vsw_dp_ext_fds {
	int md, cfg, chain, info, stats;
	int progs[2]; /* vsw_ext_in, vsw_ext_out: by enum vsw_ext_stage */
	int progs_skb; /* vsw_ext_in_skb: ingress again, for vsw_ingress_skb */
	bool frags;    /* vsw_ext_in and vsw_ext_out hold multi-buffer programs */
	int ncpus;
};
void vsw_dp_ext_fds(const struct vsw_dp *dp, struct vsw_dp_ext_fds *out);

/* The port ACL maps, for user/dp/acl.c. */
struct vsw_dp_acl_fds {
	int active, sets, prefixes, values, flows, hits;
	int ncpus;
};
void vsw_dp_acl_fds(const struct vsw_dp *dp, struct vsw_dp_acl_fds *out);

/* The VXLAN maps and programs, for user/dp/vxlan.c. */
struct vsw_dp_vx_fds {
	int underlay, tun, vni, vid, remote, flood, nh, stats, learned;
	int decap, encap;
	int ncpus;
};
void vsw_dp_vx_fds(const struct vsw_dp *dp, struct vsw_dp_vx_fds *out);

/* The port's role in port mirroring (VSW_MIRROR_*: IN and/or OUT for a
 * source, DST alone for a destination, 0 for none); kept in vsw_config
 * too, for the datapath. -EINVAL for another combination, -ENOSPC when
 * more than VSW_MIRROR_IN_MAX ports would mirror their "in" direction.
 * A new port has none; the role survives vsw_dp_port_set() and link
 * changes. */
int vsw_dp_port_set_mirror(struct vsw_dp *dp, __u32 ifindex, __u8 mirror);

/* Set the port's VSW_PORT_F_ACL_* flags (the rest of flags is kept). */
int vsw_dp_port_set_acl_flags(struct vsw_dp *dp, __u32 ifindex, __u8 flags);

/* The kernel's id of the program behind fd, 0 if it has none. */
__u32 vsw_dp_prog_id(int fd);

/* Monotonic now, in the datapath's clock (bpf_ktime_get_ns). */
__u64 vsw_now_ns(void);

#endif /* VSW_DATAPATH_H */
