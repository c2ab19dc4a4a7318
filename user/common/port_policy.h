/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A port's policies as the operator states them (vswctl port set ...),
 * and their translation into the datapath's struct vsw_port_policy.
 * The model keeps one per port, the state file saves it, and every
 * (re)connection of a NIC applies it (docs/policies.md).
 */
#ifndef VSW_PORT_POLICY_H
#define VSW_PORT_POLICY_H

#include <stdbool.h>
#include <linux/types.h>
#include "errmsg.h"
#include "vsw_ctl.h"
#include "vsw_policy.h"
#include "vsw_structs.h"

/* Direction seen from the NIC: OUT enters the switch, IN leaves it. */
enum vsw_dir { VSW_DIR_OUT = 0, VSW_DIR_IN = 1 };

enum vsw_storm_kind { VSW_STORM_BCAST = 0, VSW_STORM_MCAST, VSW_STORM_UNKNOWN, VSW_STORM__MAX };

/* Allowed source MACs besides the NIC's own. */
#define VSW_POL_ALLOW_MAX (VSW_POL_MACS - 1)

/* Limits accepted for a rate, its burst and a storm rate. */
#define VSW_RATE_MIN_BPS 8000ULL                /* 1 kB/s */
#define VSW_RATE_MAX_BPS 400000000000ULL        /* 400 Gbit/s */
#define VSW_BURST_MIN 1518                      /* a full Ethernet frame */
#define VSW_BURST_MAX (1U << 30)
#define VSW_STORM_MAX_PPS 100000000U

struct vsw_pol_settings {
	__u8 mac_guard;                       /* enum vsw_guard_mode (vsw_ctl.h) */
	__u8 nallow;
	__u8 allow[VSW_POL_ALLOW_MAX][6];
	bool dhcp_guard;
	bool router_guard;
	bool prio_trust;                      /* false: reset 802.1p (default) */
	__u64 rate_bps[2];                    /* by enum vsw_dir; 0: no limit */
	__u32 burst[2];                       /* bytes; 0: the default */
	__u32 storm_pps[VSW_STORM__MAX];      /* 0: no limit */
	__u8 pvlan;                           /* enum vsw_pvlan_role */
	__u16 pvlan_secondary;                /* isolated, community */
	__u64 pvlan_serves[VSW_VID_BITMAP_WORDS]; /* promiscuous */
	__u8 mirror;                          /* VSW_MIRROR_* (vsw_structs.h) */
};

/* Is this a mirror role a port may have: none, a source of one or both
 * directions, or a destination? */
bool vsw_mirror_role_valid(__u8 mirror);
/* "off", "source in", "source out", "source both", "destination". */
const char *vsw_mirror_role_name(__u8 mirror);
/* The role a vsw_mirror_role_name() names, or -EINVAL. */
int vsw_mirror_role_parse(const char *name, __u8 *mirror);

/* Hyper-V's defaults: MAC guard by NIC type, everything else off,
 * 802.1p reset. */
void vsw_pol_settings_init(struct vsw_pol_settings *s);

/* The burst a rate gets when none is given: 400 ms of traffic, at least
 * 16 KiB. A policer drops what a shaper would delay, and TCP sends its
 * window in bursts (GSO: 64 KiB at once): with 50 ms, one flow reached a
 * quarter of a 20 Mbit/s limit; from about 400 ms on, TCP holds the rate
 * (docs/policies.md has the measurements). */
__u32 vsw_rate_burst_default(__u64 bps);

/* Is the MAC guard on for a NIC of this kind (enum vsw_nic_kind)? By
 * default only for a VM or legacy NIC whose MAC vswd knows: guarding a
 * NIC of unknown MAC would cut it off. */
bool vsw_mac_guard_effective(const struct vsw_pol_settings *s, int nic_kind, bool has_mac);

/* The datapath's form. nic_mac may be NULL (a NIC whose MAC is unknown:
 * only the allow list passes the guard); nic_kind 0 means no NIC. */
void vsw_pol_build(const struct vsw_pol_settings *s, int nic_kind, const __u8 *nic_mac,
		   struct vsw_port_policy *out);

/*
 * One PORT_ADD or PORT_SET as the operator gave it: which settings, and
 * their values. vswctl fills one from its command line and encodes it
 * with vsw_port_set_put(); vswd decodes the request with
 * vsw_port_set_get() and applies the settings given to the port
 * (port_attr.c: one encoder, one decoder, as acl_attr.c for ACL matches).
 */
enum vsw_port_setting {
	VSW_PS_VLAN,         /* vlan_mode, pvid, vids */
	VSW_PS_PVLAN,        /* pol.pvlan*: a VLAN setting states it too (0: none) */
	VSW_PS_MAC_GUARD,
	VSW_PS_MAC_ALLOW,    /* pol.allow, pol.nallow (0: none) */
	VSW_PS_DHCP_GUARD,
	VSW_PS_ROUTER_GUARD,
	VSW_PS_PRIO_TRUST,
	VSW_PS_LEARNING,
	VSW_PS_LEARN_LIMIT,
	VSW_PS_MIRROR,
	VSW_PS_RATE,         /* + enum vsw_dir: pol.rate_bps[d], pol.burst[d] */
	VSW_PS_STORM = VSW_PS_RATE + 2, /* + enum vsw_storm_kind: pol.storm_pps[k] */
	VSW_PS__MAX = VSW_PS_STORM + VSW_STORM__MAX,
};

#define VSW_PS(s) (1U << (s))

struct vsw_port_set {
	__u32 given;                       /* VSW_PS(enum vsw_port_setting) */
	__u8 vlan_mode;                    /* enum vsw_port_mode */
	__u16 pvid;                        /* access: the VID (a private VLAN's primary);
					    * trunk: the native VID, 0 none */
	__u64 vids[VSW_VID_BITMAP_WORDS];  /* trunk: the VIDs it carries */
	bool learning;
	__u32 learn_limit;
	struct vsw_pol_settings pol;       /* the policy settings given */
};

/* The attributes of the settings given (vsw_ctl.h); a VLAN setting with
 * a private VLAN role adds the role's attributes. */
struct nlmsghdr;
void vsw_port_set_put(struct nlmsghdr *nlh, const struct vsw_port_set *ps);

/* The settings a request's attributes give (tb as the daemon's parser
 * fills it), each checked on its own and with the others it needs (a
 * burst with its rate, a private VLAN role with an access VLAN); errors
 * name port 'name'. Returns 0 or -EINVAL with err. */
struct nlattr;
int vsw_port_set_get(const struct nlattr *const *tb, const char *name, struct vsw_port_set *ps,
		     struct vsw_err *err);

/* One bucket: a rate in bits/s with a burst in bytes; a frame rate. */
void vsw_bucket_rate(struct vsw_bucket_cfg *b, __u64 bps, __u32 burst);
void vsw_bucket_pps(struct vsw_bucket_cfg *b, __u32 pps);

#endif /* VSW_PORT_POLICY_H */
