/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The object model of vswd, as in the seed article: vSwitch, vPort, NIC.
 *
 *  - names are unique per object kind in one daemon, 1..15 characters of
 *    [A-Za-z0-9_.-] (an interface name fits);
 *  - a port belongs to exactly one switch; a NIC connects to at most one
 *    port and a port has at most one NIC;
 *  - a port is up exactly when a NIC is connected and that NIC's netdev
 *    is up; only then is it a port of the switch's datapath;
 *  - a switch's type is derived from its connected NICs, never stored.
 *
 * This layer holds the objects and enforces the rules; it changes the
 * kernel through the datapath library and the netdev helpers.
 */
#ifndef VSW_MODEL_H
#define VSW_MODEL_H

#include <stdbool.h>
#include <linux/types.h>
#include "acl.h"
#include "datapath.h"
#include "errmsg.h"
#include "ext.h"
#include "names.h"
#include "port_policy.h"
#include "vsw_ctl.h"

struct vswitch {
	char name[VSW_NAME_MAX];
	struct vsw_dp *dp;
	bool sweeping; /* vswd's aging round has yet to finish it */
	struct vswitch *next;
};

struct vnic;
struct legacy_nic;

/* VXLAN NIC limits: VID=VNI pairs of a vni-map, static remote VTEPs. */
#define VXLAN_MAP_MAX 64
#define VXLAN_REMOTE_MAX VSW_VX_FLOOD_MAX

/* A VXLAN NIC's tunnel (model_vxlan.h, docs/multihost.md). */
struct vnic_vxlan {
	__u32 vni;            /* for an access port; 0 with a vni-map */
	__u32 map[2 * VXLAN_MAP_MAX]; /* for a trunk port: VID, VNI pairs */
	unsigned int nmap;
	__be32 local;         /* our VTEP address */
	char dev[VSW_NAME_MAX]; /* the underlay netdev ("" : the one with local) */
	__u16 dstport;        /* host order */
	__be32 remote[VXLAN_REMOTE_MAX]; /* static flood-and-learn VTEPs */
	unsigned int nremote;
	/* Flood VTEPs a control plane added (model_vxlan_flood_vtep), not
	 * persisted. */
	struct vxlan_dyn_vtep {
		__u32 vni;
		__be32 vtep;
	} *dyn;
	unsigned int ndyn;
	__u32 underlay;       /* while connected: the underlay's ifindex */
	__u32 tun;            /* while connected: the tunnel netdev's ifindex */
};

struct vport {
	char name[VSW_NAME_MAX];
	struct vswitch *sw;
	struct vsw_port_cfg cfg;
	struct vsw_pol_settings pol; /* policies as the operator set them */
	struct vnic *nic; /* connected NIC or NULL */
	struct vsw_acl_rule *acl; /* ACL rules, in the order they were added */
	unsigned int nacl;
	__u32 acl_next_id;        /* the id the next rule gets (from 1) */
	struct vport *next;
};

struct vnic {
	char name[VSW_NAME_MAX];
	enum vsw_nic_kind kind;
	/* The netdev that is the switch's port: the veth's switch side
	 * (host), the TAP (vm), the adopted netdev (physical). */
	char port_ifname[VSW_NAME_MAX];
	char netns[64];    /* host: namespace of the host side (a name under
			    * /run/netns or an absolute path), or "" */
	char host_ifname[VSW_NAME_MAX]; /* host: its host side's name in
					 * netns; "": the NIC's name */
	__u8 mac[6];
	bool has_mac;
	__u32 owner, group; /* vm: who may open the TAP; legacy: who may attach
			     * to the vfio-user socket; (__u32)-1 when unset */
	__u32 mode;         /* legacy: the socket's permission bits */
	__u32 queues;       /* vm */
	__u32 mtu_cfg;      /* host, vm: the MTU given at add, 0 if none */
	__u32 mtu;          /* the MTU the switch checks frames for the NIC
			     * against (0: not known); model_nic_mtu_sync() */
	bool adopted;       /* existed before vswd; left as found on delete */
	bool netdev_up;     /* the port netdev is up, as rtnetlink says */
	__u8 csum;          /* enum nic_csum: how its frames get complete
			     * checksums, decided when it joins a switch */
	__u32 dp_ifindex;   /* while connected: the ifindex the datapath knows
			     * (kept when the netdev vanishes, to clean up) */
	struct vport *port; /* connected port or NULL */
	struct legacy_nic *legacy; /* legacy: the running device, or NULL */
	struct vnic_vxlan *vx;     /* vxlan: its tunnel */
	struct vnic *next;
};

/* An extension in a switch's pipeline (docs/extensions.md). */
struct vext {
	char name[VSW_NAME_MAX];
	struct vswitch *sw;
	__u8 kind;         /* enum vsw_ext_kind */
	__u8 stage;        /* enum vsw_ext_stage */
	bool loaded;       /* in the datapath (false: it failed at restore) */
	__u32 priority;
	char object[256];  /* absolute path of the BPF object */
	char program[64];  /* "": the object's only program */
	char params[256];  /* "VAR=VALUE ...", @PORT unresolved; "" none */
	struct vext *next;
};

/* Where extension objects may come from (vswd --ext-dir). */
#define VSW_EXT_DIRS_MAX 8

struct model {
	struct vswitch *switches;
	struct vport *ports;
	struct vnic *nics;
	struct vext *exts;
	const char *bpffs; /* pin root of every switch */
	const char *rundir; /* legacy NICs' vfio-user sockets (NULL: /run/vsw) */
	const char *owner;  /* who this vswd is: its state directory, absolute
			     * (NULL: the pin root), in the aliases of its netdevs */
	struct capture *captures; /* running captures (capture.h) */
	int capture_epfd;         /* their rings, polled together (0: none yet) */
	bool host_nics_skb; /* host NICs on the skb path, their offloads on
			     * (vswd --host-nics skb; docs/offloads.md) */
	const char *const *ext_dirs; /* extension objects only from under these */
	size_t n_ext_dirs;           /* 0: any path (the tests of the model) */
	bool vx_nh_pending; /* a VTEP's next hop was asked of the kernel
			     * (ARP): call model_vxlan_resolve() soon */
};

/* Parameters of a new NIC, as the operator gives them. */
struct vnic_spec {
	const char *name;
	enum vsw_nic_kind kind;
	const char *netns;  /* host */
	const __u8 *mac;    /* host or vm (the guest's), or NULL */
	const char *ifname; /* vm: TAP name (default: NIC name); physical: dev */
	__u32 owner, group; /* vm, legacy: (__u32)-1 when unset */
	__u32 mode;         /* legacy: (__u32)-1: the default (legacy_default_mode) */
	__u32 queues;       /* vm: 0 or 1 single queue */
	__u32 mtu;          /* host, vm: 0 for the default */
	const char *host_ifname; /* host: the host side's name, or NULL */
	const struct vnic_vxlan *vx; /* vxlan: copied */
};

/* A legacy NIC's socket without a mode given: the owner (root, or the
 * NIC's owner) may attach, and the NIC's group if it has one. */
static inline __u32 legacy_default_mode(__u32 group)
{
	return group == (__u32)-1 ? 0600 : 0660;
}


/* Link an object made elsewhere (state loading) at the end of its list. */
void model_switch_append(struct model *m, struct vswitch *s);
void model_port_append(struct model *m, struct vport *p);
void model_nic_append(struct model *m, struct vnic *n);

struct vswitch *model_switch_find(const struct model *m, const char *name);
struct vport *model_port_find(const struct model *m, const char *name);
struct vnic *model_nic_find(const struct model *m, const char *name);
struct vport *model_port_by_ifindex(const struct model *m, __u32 ifindex);

int model_switch_add(struct model *m, const char *name, struct vsw_err *err);
int model_switch_del(struct model *m, const char *name, bool force, struct vsw_err *err);
enum vsw_switch_type model_switch_type(const struct model *m, const struct vswitch *sw);
unsigned int model_switch_port_count(const struct model *m, const struct vswitch *sw);

int model_port_add(struct model *m, const char *name, const char *sw,
		   const struct vsw_port_cfg *cfg, struct vsw_err *err);
/* How many ports of the switch mirror what they receive (a mirror source
 * "in" or "both"), not counting `except`; at most VSW_MIRROR_IN_MAX may. */
int model_mirror_in_count(const struct model *m, const struct vswitch *sw,
			  const struct vport *except);
int model_port_set(struct model *m, const char *name, const struct vsw_port_cfg *cfg,
		   const struct vsw_pol_settings *pol, struct vsw_err *err);
/* The policies as the datapath runs them for the port's NIC now. */
void model_port_policy(const struct vport *p, struct vsw_port_policy *out);
int model_port_del(struct model *m, const char *name, bool force, struct vsw_err *err);
bool model_port_up(const struct vport *p);

int model_nic_add(struct model *m, const struct vnic_spec *spec, struct vsw_err *err);
/* The station address of a host or legacy NIC added without one, made
 * from six random bytes: locally administered, unicast, and never one
 * that a Linux guest of the legacy NIC would take byte-swapped
 * (02:00:..., see tulip_mac_swapped_by_linux()). */
void model_station_mac(const __u8 rnd[6], __u8 mac[6]);
int model_nic_del(struct model *m, const char *name, bool force, struct vsw_err *err);
int model_nic_connect(struct model *m, const char *nic, const char *port, struct vsw_err *err);
int model_nic_disconnect(struct model *m, const char *nic, struct vsw_err *err);
__u32 model_nic_ifindex(const struct vnic *n); /* 0 when its netdev is gone */
/* The NIC's MTU as the datapath knows it (struct vsw_port.mtu). */
__u32 model_nic_mtu(const struct vnic *n);
/* Read the MTU of each connected host NIC's host side afresh and give the
 * datapath any change (events were lost). */
void model_nics_mtu_refresh(struct model *m);
/* A netdev called name changed in another netns: if a host NIC's host side
 * has that name, read its MTU again. */
void model_host_side_event(struct model *m, const char *name);
/* A host NIC's host side: its name in its namespace. */
const char *model_nic_host_ifname(const struct vnic *n);
/* A legacy NIC's vfio-user socket path. */
void model_legacy_socket(const struct model *m, const struct vnic *n, char *buf, size_t len);

/* Extensions (model_ext.c). spec->name and the strings are copied. */
int model_ext_add(struct model *m, const char *sw, const struct vsw_ext_spec *spec,
		  struct vsw_err *err);
int model_ext_del(struct model *m, const char *sw, const char *name, struct vsw_err *err);
struct vext *model_ext_find(const struct model *m, const struct vswitch *sw, const char *name);
void model_ext_append(struct model *m, struct vext *e);

/* Port ACLs (model_acl.c). The rule's id and pool are assigned here;
 * *id gets the id. */
int model_acl_add(struct model *m, const char *port, const struct vsw_acl_rule *rule,
		  __u32 *id, struct vsw_err *err);
int model_acl_del(struct model *m, const char *port, __u32 id, struct vsw_err *err);
/* A rule from the state file: keeps its id, gets a pool slot. */
int model_acl_restore(struct model *m, struct vport *p, const struct vsw_acl_rule *rule,
		      struct vsw_err *err);
/* Rules of the port in the given direction (VSW_ACL_IN or VSW_ACL_OUT). */
unsigned int model_acl_count(const struct vport *p, int dir);

/* rtnetlink told us a netdev changed: follow it in the port state. */
void model_netdev_event(struct model *m, __u32 ifindex, const char *ifname, bool up,
			bool deleted);

/* Restore after a restart: reopen pinned switches, find or recreate each
 * NIC's netdev, reconnect ports without disturbing a live datapath. */
int model_reconcile(struct model *m, struct vsw_err *err);

/* After model_reconcile(): remove what a vswd killed between making an
 * object and saving it left behind: netdevs this vswd made (their alias
 * names its owner) for NICs the model does not have, and datapaths with
 * no port pinned under its pin root for switches it does not have. Each
 * one is logged. A pinned datapath with ports is left as it is (another
 * vswd may use the same pin root): logged too. */
void model_remove_strays(struct model *m);

/* Free everything; with flush, also destroy datapaths and owned netdevs.
 * Running captures are the caller's to stop first (capture_stop_all). */
void model_free(struct model *m, bool flush);

#endif /* VSW_MODEL_H */
