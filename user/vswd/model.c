// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The object model (see model.h): the rules of switches, ports and NICs,
 * and the kernel changes each operation implies, in an order that leaves
 * nothing half-done when a step fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include <sys/stat.h>
#include <net/if.h>

#include "legacy_nic.h"
#include "vfio_user.h"
#include "log.h"
#include "model_int.h"
#include "model_vxlan.h"
#include "netdev.h"
#include "nic_offload.h"
#include "tulip.h"

static int check_name(const char *what, const char *name, struct vsw_err *err)
{
	if (!vsw_name_valid(name))
		return vsw_errf(err, -EINVAL,
				"%s name '%s' is invalid: " VSW_NAME_CHARS_HELP,
				what, name);
	return 0;
}

struct vswitch *model_switch_find(const struct model *m, const char *name)
{
	for (struct vswitch *s = m->switches; s; s = s->next)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

struct vport *model_port_find(const struct model *m, const char *name)
{
	for (struct vport *p = m->ports; p; p = p->next)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

struct vnic *model_nic_find(const struct model *m, const char *name)
{
	for (struct vnic *n = m->nics; n; n = n->next)
		if (!strcmp(n->name, name))
			return n;
	return NULL;
}

static struct vnic *nic_by_ifname(const struct model *m, const char *ifname)
{
	for (struct vnic *n = m->nics; n; n = n->next)
		if (!strcmp(n->port_ifname, ifname))
			return n;
	return NULL;
}

const char *model_nic_host_ifname(const struct vnic *n)
{
	return n->host_ifname[0] ? n->host_ifname : n->name;
}

__u32 model_nic_ifindex(const struct vnic *n)
{
	struct netdev_info info;

	return netdev_get_by_name(n->port_ifname, &info) ? 0 : info.ifindex;
}

/* Make the NIC's netdev a datapath port of p's switch, its ingress in the
 * XDP mode that keeps its checksums right (nic_offload.h). */
static void nic_csum_decide(const struct model *m, struct vnic *n, __u32 ifindex)
{
	struct netdev_info info;
	int ret;

	if (netdev_get_by_index(ifindex, &info)) {
		n->csum = NIC_CSUM_UNKNOWN;
		return;
	}
	n->csum = nic_csum_choose(n->kind, info.kind, m->host_nics_skb);
	/* Every time it joins: the host side may have been made by a vswd
	 * that left its offloads on, or by the other --host-nics. */
	if (n->csum == NIC_CSUM_TX_OFF) {
		ret = netdev_tx_csum_off(n->netns[0] ? n->netns : NULL, model_nic_host_ifname(n));
		if (ret) {
			pr_warn("nic '%s': cannot turn tx checksumming off on '%s' (%s): it "
				"takes the skb path\n", n->name, model_nic_host_ifname(n), strerror(-ret));
			n->csum = NIC_CSUM_SKB;
		}
	}
	/* vswd raises the MTU of the netdevs it creates; an adopted one is
	 * left as found, and a guest's GSO frames towards it die in the
	 * kernel's redirect (netdev_mtu_raise). */
	if (n->adopted && nic_csum_skb_mode(n->csum) && info.max_mtu > info.mtu)
		pr_warn("nic '%s': adopted '%s' has MTU %u: frames larger than that (a VM's "
			"TCP segmentation offload) cannot be forwarded to it; 'ip link set %s "
			"mtu %u' lets them through\n", n->name, n->port_ifname, info.mtu,
			n->port_ifname, info.max_mtu);
}

/* Make the NIC's netdev a datapath port of p's switch, its ingress in the
 * XDP mode that keeps its checksums right (nic_offload.h). */
/* The MTU of the NIC as its far side has it: a host NIC's host side, a
 * physical netdev's own, what the operator said of a guest; 0 when it
 * cannot be read. */
static __u32 nic_mtu_read(const struct vnic *n)
{
	__u32 mtu = 0;

	switch (n->kind) {
	case VSW_NIC_HOST:
		netdev_mtu_get(n->netns[0] ? n->netns : NULL, model_nic_host_ifname(n), &mtu);
		return mtu;
	case VSW_NIC_PHYSICAL:
		netdev_mtu_get(NULL, n->port_ifname, &mtu);
		return mtu;
	case VSW_NIC_VM:
		return n->mtu_cfg ?: VSW_NIC_MTU_DEFAULT;
	case VSW_NIC_VXLAN: /* the tunnel checks against the underlay (vxlan_mtu) */
		return 0;
	default: /* legacy: the 21140A's frames are Ethernet's */
		return VSW_NIC_MTU_DEFAULT;
	}
}

/* Give the datapath port of a connected NIC the NIC's MTU. */
static void nic_mtu_sync(struct vnic *n, struct vswitch *sw, __u32 ifindex)
{
	__u32 mtu = nic_mtu_read(n);
	int ret;

	if (n->mtu && mtu != n->mtu)
		pr_info("nic '%s': MTU %u (was %u)\n", n->name, mtu, n->mtu);
	n->mtu = mtu;
	ret = vsw_dp_port_set_mtu(sw->dp, ifindex, mtu);
	if (ret)
		pr_warn("nic '%s': cannot give the datapath its MTU: %s\n", n->name,
			strerror(-ret));
}

__u32 model_nic_mtu(const struct vnic *n)
{
	return n->port && n->dp_ifindex ? n->mtu : nic_mtu_read(n);
}

void model_nics_mtu_refresh(struct model *m)
{
	for (struct vnic *n = m->nics; n; n = n->next)
		if (n->port && n->dp_ifindex && n->kind == VSW_NIC_HOST)
			nic_mtu_sync(n, n->port->sw, n->dp_ifindex);
}

void model_host_side_event(struct model *m, const char *name)
{
	/* A name, not a netns: a netdev of that name elsewhere only costs
	 * a read of the right one. */
	for (struct vnic *n = m->nics; n; n = n->next)
		if (n->kind == VSW_NIC_HOST && n->netns[0] && n->port && n->dp_ifindex &&
		    !strcmp(model_nic_host_ifname(n), name))
			nic_mtu_sync(n, n->port->sw, n->dp_ifindex);
}

static int nic_port_add(const struct model *m, struct vnic *n, struct vport *p, __u32 ifindex)
{
	struct vsw_port_cfg cfg = p->cfg;
	int ret;

	nic_csum_decide(m, n, ifindex);
	cfg.skb_mode = nic_csum_skb_mode(n->csum);
	ret = vsw_dp_port_add(p->sw->dp, ifindex, &cfg);
	if (!ret)
		nic_mtu_sync(n, p->sw, ifindex);
	return ret;
}

struct vport *model_port_by_ifindex(const struct model *m, __u32 ifindex)
{
	for (struct vport *p = m->ports; p; p = p->next)
		if (p->nic && p->nic->dp_ifindex == ifindex)
			return p;
	return NULL;
}

bool model_port_up(const struct vport *p)
{
	return p->nic && p->nic->netdev_up;
}

/* Lists keep creation order, so show lists objects as they were made. */
void model_switch_append(struct model *m, struct vswitch *s)
{
	struct vswitch **pp = &m->switches;

	while (*pp)
		pp = &(*pp)->next;
	s->next = NULL;
	*pp = s;
}

void model_port_append(struct model *m, struct vport *p)
{
	struct vport **pp = &m->ports;

	while (*pp)
		pp = &(*pp)->next;
	p->next = NULL;
	*pp = p;
}

void model_nic_append(struct model *m, struct vnic *n)
{
	struct vnic **pp = &m->nics;

	while (*pp)
		pp = &(*pp)->next;
	n->next = NULL;
	*pp = n;
}

/* ---- switches ---- */

int model_switch_add(struct model *m, const char *name, struct vsw_err *err)
{
	struct vsw_dp_opts opts = { .bpffs = m->bpffs };
	struct vswitch *s;
	int ret;

	ret = check_name("switch", name, err);
	if (ret)
		return ret;
	if (model_switch_find(m, name))
		return vsw_errf(err, -EEXIST, "switch '%s' exists", name);
	s = calloc(1, sizeof(*s));
	if (!s)
		return vsw_errf(err, -ENOMEM, "switch '%s': out of memory", name);
	ret = vsw_dp_create(name, &opts, &s->dp);
	if (ret) {
		free(s);
		if (ret == -EEXIST)
			return vsw_errf(err, ret,
					"switch '%s': a datapath is pinned under %s/%s that vswd "
					"does not own; remove it first", name,
					m->bpffs ?: VSW_BPFFS_DEFAULT, name);
		return vsw_errf(err, ret, "switch '%s': cannot create its datapath: %s", name,
				vsw_dp_load_error()[0] ? vsw_dp_load_error() : strerror(-ret));
	}
	snprintf(s->name, sizeof(s->name), "%s", name);
	model_switch_append(m, s);
	return 0;
}

unsigned int model_switch_port_count(const struct model *m, const struct vswitch *sw)
{
	unsigned int n = 0;

	for (struct vport *p = m->ports; p; p = p->next)
		n += p->sw == sw;
	return n;
}

enum vsw_switch_type model_switch_type(const struct model *m, const struct vswitch *sw)
{
	enum vsw_switch_type type = VSW_SWITCH_PRIVATE;

	for (struct vport *p = m->ports; p; p = p->next) {
		if (p->sw != sw || !p->nic)
			continue;
		if (p->nic->kind == VSW_NIC_PHYSICAL)
			return VSW_SWITCH_EXTERNAL;
		if (p->nic->kind == VSW_NIC_HOST)
			type = VSW_SWITCH_INTERNAL;
	}
	return type;
}

static void unlink_switch(struct model *m, struct vswitch *sw)
{
	for (struct vswitch **pp = &m->switches; *pp; pp = &(*pp)->next)
		if (*pp == sw) {
			*pp = sw->next;
			return;
		}
}

int model_switch_del(struct model *m, const char *name, bool force, struct vsw_err *err)
{
	struct vswitch *sw = model_switch_find(m, name);
	unsigned int nports;
	struct vport *p, *next;
	int ret;

	if (!sw)
		return vsw_errf(err, -ENOENT, "switch '%s' does not exist", name);
	nports = model_switch_port_count(m, sw);
	if (nports && !force)
		return vsw_errf(err, -EBUSY, "switch '%s' has %u port%s (delete them, or use force)",
				name, nports, nports == 1 ? "" : "s");
	for (p = m->ports; p; p = next) {
		next = p->next;
		if (p->sw == sw) {
			ret = model_port_del(m, p->name, true, err);
			if (ret)
				return ret;
		}
	}
	unlink_switch(m, sw);
	model_ext_forget_switch(m, sw);
	vsw_dp_destroy(sw->dp);
	free(sw);
	return 0;
}

/* ---- ports ---- */

static int check_port_cfg(const char *name, const struct vsw_port_cfg *cfg, struct vsw_err *err)
{
	if (cfg->pvid > VSW_VID_MAX || (cfg->mode == VSW_PORT_ACCESS && !cfg->pvid))
		return vsw_errf(err, -EINVAL, "port '%s': VID %u is not a VLAN (1-4094)", name,
				cfg->pvid);
	return 0;
}

int model_port_add(struct model *m, const char *name, const char *swname,
		   const struct vsw_port_cfg *cfg, struct vsw_err *err)
{
	struct vswitch *sw;
	struct vport *p;
	int ret;

	ret = check_name("port", name, err) ?: check_port_cfg(name, cfg, err);
	if (ret)
		return ret;
	if (model_port_find(m, name))
		return vsw_errf(err, -EEXIST, "port '%s' exists", name);
	sw = model_switch_find(m, swname);
	if (!sw)
		return vsw_errf(err, -ENOENT, "port '%s': switch '%s' does not exist", name, swname);
	if (model_switch_port_count(m, sw) >= VSW_MAX_PORTS)
		return vsw_errf(err, -ENOSPC, "switch '%s' has %d ports, its maximum", swname,
				VSW_MAX_PORTS);
	p = calloc(1, sizeof(*p));
	if (!p)
		return vsw_errf(err, -ENOMEM, "port '%s': out of memory", name);
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->sw = sw;
	p->cfg = *cfg;
	vsw_pol_settings_init(&p->pol);
	model_port_append(m, p);
	return 0;
}

void model_port_policy(const struct vport *p, struct vsw_port_policy *out)
{
	const struct vnic *n = p->nic;

	vsw_pol_build(&p->pol, n ? (int)n->kind : 0, n && n->has_mac ? n->mac : NULL, out);
}

/* Give the datapath the port's policies, as they follow from its
 * settings and its NIC. */
static int port_policy_apply(const struct vport *p, __u32 ifindex)
{
	struct vsw_port_policy pol;

	model_port_policy(p, &pol);
	return vsw_dp_port_policy_set(p->sw->dp, ifindex, &pol) ?:
	       vsw_dp_port_set_mirror(p->sw->dp, ifindex, p->pol.mirror);
}

int model_mirror_in_count(const struct model *m, const struct vswitch *sw,
			  const struct vport *except)
{
	int n = 0;

	for (const struct vport *p = m->ports; p; p = p->next)
		if (p->sw == sw && p != except && (p->pol.mirror & VSW_MIRROR_IN))
			n++;
	return n;
}

int model_port_set(struct model *m, const char *name, const struct vsw_port_cfg *cfg,
		   const struct vsw_pol_settings *pol, struct vsw_err *err)
{
	struct vport *p = model_port_find(m, name);
	struct vsw_pol_settings old_pol;
	__u32 ifindex;
	int ret;

	if (!p)
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", name);
	ret = check_port_cfg(name, cfg, err);
	if (ret)
		return ret;
	if (p->nic && p->nic->kind == VSW_NIC_VXLAN && p->nic->vx &&
	    (cfg->mode == VSW_PORT_TRUNK) != (p->nic->vx->nmap > 0))
		return vsw_errf(err, -EINVAL, "port '%s': nic '%s' needs %s port", name,
				p->nic->name, p->nic->vx->nmap ? "a trunk (it has a vni-map)" :
				"an access (it has one VNI)");
	if ((pol->mirror & VSW_MIRROR_IN) && model_mirror_in_count(m, p->sw, p) >= VSW_MIRROR_IN_MAX)
		return vsw_errf(err, -ENOSPC, "switch '%s' has %d ports mirroring what they "
				"receive, its maximum", p->sw->name, VSW_MIRROR_IN_MAX);
	/* VLAN and learning settings rewrite the port (and flush what it
	 * learned); policies alone leave the FDB as it is. */
	if (p->nic && (ifindex = p->nic->dp_ifindex) && memcmp(cfg, &p->cfg, sizeof(*cfg))) {
		ret = vsw_dp_port_set(p->sw->dp, ifindex, cfg);
		if (ret)
			return vsw_errf(err, ret, "port '%s': cannot apply the VLAN settings: %s",
					name, strerror(-ret));
	}
	if (p->nic && p->nic->kind == VSW_NIC_VXLAN && p->nic->dp_ifindex &&
	    (cfg->mode != p->cfg.mode || cfg->pvid != p->cfg.pvid)) {
		model_vxlan_detach(m, p->nic);
		p->cfg = *cfg;
		ret = model_vxlan_attach(m, p->nic, err);
		if (ret)
			return ret;
	}
	p->cfg = *cfg;
	old_pol = p->pol;
	p->pol = *pol;
	if (p->nic && (ifindex = p->nic->dp_ifindex)) {
		ret = port_policy_apply(p, ifindex);
		if (ret) {
			/* Part may have gone in: put the old settings back. */
			p->pol = old_pol;
			port_policy_apply(p, ifindex);
			return vsw_errf(err, ret, "port '%s': cannot apply the policies: %s", name,
					strerror(-ret));
		}
	}
	return 0;
}

int model_port_del(struct model *m, const char *name, bool force, struct vsw_err *err)
{
	struct vport *p = model_port_find(m, name);
	int ret;

	if (!p)
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", name);
	if (p->nic && !force)
		return vsw_errf(err, -EBUSY, "port '%s' has NIC '%s' connected (disconnect it, "
				"or use force)", name, p->nic->name);
	if (p->nic) {
		ret = model_nic_disconnect(m, p->nic->name, err);
		if (ret)
			return ret;
	}
	for (struct vport **pp = &m->ports; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	free(p->acl);
	free(p);
	return 0;
}

/* ---- NICs ---- */

/* The switch side of a host NIC's veth: "vsw-NAME", or a hash of the
 * name when that would not fit an interface name. */
static void host_port_ifname(char *buf, size_t len, const char *name)
{
	__u32 h = 2166136261u;

	if (strlen(name) + 4 < VSW_NAME_MAX) {
		snprintf(buf, len, "vsw-%s", name);
		return;
	}
	for (const char *c = name; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	snprintf(buf, len, "vsw-%08x", h);
}

/* Link state of the NIC side follows the connection: a host NIC's
 * switch side goes down (its peer loses carrier), a TAP loses carrier. */
static int nic_set_link(struct vnic *n, __u32 ifindex, bool up)
{
	int ret;

	switch (n->kind) {
	case VSW_NIC_HOST:
	case VSW_NIC_VXLAN:
		return netdev_set_up(ifindex, up);
	case VSW_NIC_LEGACY:
		/* the emulated PHY loses its link; the veth follows */
		legacy_nic_set_link(n->legacy, up);
		return netdev_set_up(ifindex, up);
	case VSW_NIC_VM:
		ret = netdev_set_carrier(ifindex, up);
		/* With no VMM attached a TAP refuses carrier on: it gets it
		 * when the VMM opens it. */
		return ret == -EPERM && up ? 0 : ret;
	default:
		return 0; /* an adopted netdev is left as the operator set it */
	}
}

static void refresh_netdev_state(struct vnic *n)
{
	struct netdev_info info;

	n->netdev_up = !netdev_get_by_name(n->port_ifname, &info) && info.up && info.carrier;
}

void model_legacy_socket(const struct model *m, const struct vnic *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s/legacy-%s.sock", m->rundir ?: "/run/vsw", n->name);
}

/* The device of a legacy NIC runs as long as vswd does: started with the
 * NIC and again when vswd restarts. Its link follows the connection. */
static int legacy_start(struct model *m, struct vnic *n, struct vsw_err *err)
{
	const struct vfu_access access = { n->owner, n->group, n->mode };
	char path[108];
	int ret;

	model_legacy_socket(m, n, path, sizeof(path));
	/* only a state written before nic add refused such addresses */
	if (tulip_mac_swapped_by_linux(n->mac))
		pr_warn("nic '%s': a Linux guest byte-swaps its MAC %02x:%02x:..., and the "
			"mac-guard will drop what it sends: add the NIC again with another MAC\n", n->name,
			n->mac[0], n->mac[1]);
	if (mkdir(m->rundir ?: "/run/vsw", 0755) && errno != EEXIST)
		return vsw_errf(err, -errno, "nic '%s': cannot create '%s': %s", n->name,
				m->rundir ?: "/run/vsw", strerror(errno));
	ret = legacy_nic_start(&n->legacy, n->name, n->name, n->mac, path, &access,
			       n->port != NULL);
	if (ret)
		return vsw_errf(err, ret, "nic '%s': cannot start the emulated 21140A (socket %s, "
				"AF_XDP on '%s'): %s", n->name, path, n->name, strerror(-ret));
	return 0;
}

/* The veth pair of a legacy or VXLAN NIC: the inner side named like the
 * NIC, the switch side like a host NIC's; IPv6 off on the inner side (it
 * must send nothing of its own). The pair is gone again on failure. */
static int nic_veth_create(struct vnic *n, struct vsw_err *err)
{
	int ret = netdev_veth_create(n->name, n->port_ifname, NULL, NULL, NULL);

	if (ret == -EEXIST)
		return vsw_errf(err, ret, "nic '%s': interface '%s' or '%s' exists", n->name,
				n->name, n->port_ifname);
	if (ret)
		return vsw_errf(err, ret, "nic '%s': cannot create its veth pair: %s", n->name,
				strerror(-ret));
	ret = netdev_ipv6_disable(n->name);
	if (ret) {
		netdev_delete(if_nametoindex(n->name));
		return vsw_errf(err, ret, "nic '%s': cannot disable IPv6 on '%s': %s", n->name,
				n->name, strerror(-ret));
	}
	return 0;
}

static int legacy_create(struct model *m, struct vnic *n, struct vsw_err *err)
{
	__u32 ifindex;
	int ret;

	ret = nic_veth_create(n, err);
	if (ret)
		return ret;
	ret = legacy_start(m, n, err);
	if (ret) {
		ifindex = model_nic_ifindex(n);
		if (ifindex)
			netdev_delete(ifindex);
	}
	return ret;
}

/* A VXLAN NIC's veth: the tunnel netdev named like the NIC, the switch
 * side like a host NIC's. The tunnel netdev is up for good (its programs
 * see what the switch sends); the switch side follows the connection.
 * model_vxlan_attach() sets the rest, on a veth pair found as well. */
static int vxlan_create(struct vnic *n, struct vsw_err *err)
{
	__u32 tun;
	int ret;

	ret = nic_veth_create(n, err);
	if (ret)
		return ret;
	tun = if_nametoindex(n->name);
	ret = netdev_set_up(tun, true);
	if (ret) {
		netdev_delete(tun);
		return vsw_errf(err, ret, "nic '%s': cannot set up its tunnel netdev: %s", n->name,
				strerror(-ret));
	}
	return 0;
}

/*
 * Netdevs vswd makes carry an alias naming the NIC and this vswd, by its
 * state directory ("vsw nic web1 of /var/lib/vsw"), so that one left by a vswd
 * killed between making it and saving the NIC is found and removed at
 * the next start (model_remove_strays()).
 */
static void nic_alias(const struct model *m, const char *nic, char *buf, size_t len)
{
	snprintf(buf, len, "vsw nic %s of %s", nic, m->owner ?: m->bpffs ?: VSW_BPFFS_DEFAULT);
}

static void nic_tag(const struct model *m, const struct vnic *n)
{
	char alias[256];
	int ret;

	nic_alias(m, n->name, alias, sizeof(alias));
	ret = netdev_set_alias(model_nic_ifindex(n), alias);
	if (ret)
		pr_warn("nic '%s': cannot set the alias of '%s': %s\n", n->name, n->port_ifname,
			strerror(-ret));
}

static int nic_create_netdev(struct model *m, struct vnic *n, struct vsw_err *err)
{
	struct netdev_info info;
	bool is_tap = false;
	int ret;

	switch (n->kind) {
	case VSW_NIC_HOST:
		ret = netdev_veth_create(n->name, n->port_ifname, n->netns[0] ? n->netns : NULL,
					 n->has_mac ? n->mac : NULL,
					 n->host_ifname[0] ? n->host_ifname : NULL);
		if (ret == -EEXIST && n->host_ifname[0])
			return vsw_errf(err, ret, "nic '%s': interface '%s' or '%s', or '%s' in its "
					"namespace, exists", n->name, n->name, n->port_ifname,
					n->host_ifname);
		if (ret == -EEXIST)
			return vsw_errf(err, ret, "nic '%s': interface '%s' or '%s' exists", n->name,
					n->name, n->port_ifname);
		if (ret == -ENOENT)
			return vsw_errf(err, ret, "nic '%s': network namespace '%s' does not exist",
					n->name, n->netns);
		if (n->mtu_cfg) {
			ret = netdev_mtu_set(n->netns[0] ? n->netns : NULL, model_nic_host_ifname(n),
					     n->mtu_cfg);
			if (ret) {
				netdev_delete(if_nametoindex(n->port_ifname));
				return vsw_errf(err, ret, "nic '%s': cannot set its MTU to %u: %s",
						n->name, n->mtu_cfg, strerror(-ret));
			}
		}
		/* Not a legacy NIC's: its backend side's AF_XDP program
		 * limits the peer's MTU to a page. */
		ret = netdev_mtu_raise(if_nametoindex(n->port_ifname));
		if (ret)
			pr_warn("nic '%s': cannot raise the MTU of '%s': %s\n", n->name,
				n->port_ifname, strerror(-ret));
		ret = 0;
		break;
	case VSW_NIC_VM:
		ret = netdev_get_by_name(n->port_ifname, &info);
		if (!ret) {
			ret = netdev_is_tap(info.ifindex, &is_tap);
			if (!ret && !is_tap)
				return vsw_errf(err, -EEXIST, "nic '%s': '%s' exists and is not a TAP",
						n->name, n->port_ifname);
			n->adopted = true;
			break;
		}
		ret = netdev_tap_create(n->port_ifname, n->owner, n->group, n->queues);
		break;
	case VSW_NIC_PHYSICAL:
		ret = netdev_get_by_name(n->port_ifname, &info);
		if (ret)
			return vsw_errf(err, -ENODEV, "nic '%s': no netdev '%s'", n->name,
					n->port_ifname);
		n->adopted = true;
		break;
	case VSW_NIC_LEGACY:
		ret = legacy_create(m, n, err);
		if (!ret)
			nic_tag(m, n);
		return ret;
	case VSW_NIC_VXLAN:
		ret = vxlan_create(n, err);
		if (!ret)
			nic_tag(m, n);
		return ret;
	default:
		ret = -EINVAL;
	}
	if (ret)
		return vsw_errf(err, ret, "nic '%s': cannot create its netdev '%s': %s", n->name,
				n->port_ifname, strerror(-ret));
	if (!n->adopted)
		nic_tag(m, n);
	return 0;
}

void model_station_mac(const __u8 rnd[6], __u8 mac[6])
{
	memcpy(mac, rnd, 6);
	mac[0] = (mac[0] & 0xFC) | 0x02;
	/* 02:00:... would reach a Linux guest of a legacy NIC swapped */
	if (tulip_mac_swapped_by_linux(mac))
		mac[1] = 0x01;
}

/* A legacy NIC's SROM, a host NIC's veth. */
static void random_station_mac(__u8 mac[6])
{
	FILE *f = fopen("/dev/urandom", "re");
	__u8 rnd[6];

	if (!f || fread(rnd, 1, 6, f) != 6) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		for (int i = 0; i < 6; i++)
			rnd[i] = (__u8)((ts.tv_nsec >> (i * 5)) ^ (ts.tv_sec >> i));
	}
	if (f)
		fclose(f);
	model_station_mac(rnd, mac);
}

int model_nic_add(struct model *m, const struct vnic_spec *spec, struct vsw_err *err)
{
	struct vnic *n;
	__u32 ifindex;
	int ret;

	ret = check_name("nic", spec->name, err);
	if (ret)
		return ret;
	if (model_nic_find(m, spec->name))
		return vsw_errf(err, -EEXIST, "nic '%s' exists", spec->name);
	if (spec->kind != VSW_NIC_HOST && spec->kind != VSW_NIC_VM &&
	    spec->kind != VSW_NIC_PHYSICAL && spec->kind != VSW_NIC_LEGACY &&
	    spec->kind != VSW_NIC_VXLAN)
		return vsw_errf(err, -EINVAL, "nic '%s': unknown type %d", spec->name, spec->kind);
	if (spec->kind == VSW_NIC_VXLAN) {
		ret = model_vxlan_check(m, spec->name, spec->vx, err);
		if (ret)
			return ret;
	}
	if (spec->kind == VSW_NIC_PHYSICAL && !spec->ifname)
		return vsw_errf(err, -EINVAL, "nic '%s': type physical needs dev IFNAME",
				spec->name);
	if (spec->ifname && !vsw_name_valid(spec->ifname))
		return vsw_errf(err, -EINVAL, "nic '%s': interface name '%s' is invalid",
				spec->name, spec->ifname);
	if (spec->netns && !netdev_netns_valid(spec->netns, sizeof(n->netns)))
		return vsw_errf(err, -EINVAL, "nic '%s': bad netns '%s' (a name, or an absolute "
				"path shorter than %zu)", spec->name, spec->netns, sizeof(n->netns));
	if (spec->host_ifname && !vsw_name_valid(spec->host_ifname))
		return vsw_errf(err, -EINVAL, "nic '%s': interface name '%s' is invalid",
				spec->name, spec->host_ifname);
	if (spec->mac && (spec->mac[0] & 1))
		return vsw_errf(err, -EINVAL, "nic '%s': the MAC must be unicast", spec->name);
	if (spec->mac && spec->kind == VSW_NIC_LEGACY && tulip_mac_swapped_by_linux(spec->mac)) {
		const __u8 *a = spec->mac;

		return vsw_errf(err, -EINVAL, "nic '%s': MAC %02x:%02x:%02x:%02x:%02x:%02x would be "
				"%02x:%02x:%02x:%02x:%02x:%02x in a Linux guest (its tulip driver "
				"byte-swaps addresses starting a0:00, c0:00 or 02:00) and the "
				"mac-guard would drop its frames; use a second byte other than 00, "
				"e.g. %02x:01:%02x:%02x:%02x:%02x", spec->name, a[0], a[1], a[2], a[3],
				a[4], a[5], a[1], a[0], a[3], a[2], a[5], a[4], a[0], a[2], a[3], a[4],
				a[5]);
	}

	n = calloc(1, sizeof(*n));
	if (!n)
		return vsw_errf(err, -ENOMEM, "nic '%s': out of memory", spec->name);
	snprintf(n->name, sizeof(n->name), "%s", spec->name);
	n->kind = spec->kind;
	if (spec->kind == VSW_NIC_VXLAN) {
		n->vx = malloc(sizeof(*n->vx));
		if (!n->vx) {
			free(n);
			return vsw_errf(err, -ENOMEM, "nic '%s': out of memory", spec->name);
		}
		*n->vx = *spec->vx;
		n->vx->dyn = NULL;
		n->vx->ndyn = 0;
		n->vx->underlay = n->vx->tun = 0;
	}
	if (spec->kind == VSW_NIC_HOST || spec->kind == VSW_NIC_LEGACY ||
	    spec->kind == VSW_NIC_VXLAN)
		host_port_ifname(n->port_ifname, sizeof(n->port_ifname), spec->name);
	else
		snprintf(n->port_ifname, sizeof(n->port_ifname), "%s",
			 spec->ifname ?: spec->name);
	if (spec->netns)
		snprintf(n->netns, sizeof(n->netns), "%s", spec->netns);
	if (spec->host_ifname)
		snprintf(n->host_ifname, sizeof(n->host_ifname), "%s", spec->host_ifname);
	if (spec->mac) {
		memcpy(n->mac, spec->mac, 6);
		n->has_mac = true;
	} else if (spec->kind == VSW_NIC_HOST || spec->kind == VSW_NIC_LEGACY) {
		/* vswd makes these NICs, so it names their MAC (kept in the
		 * state: stable over restarts); the MAC guard and 'nic show'
		 * know it without looking into a namespace or a guest. */
		random_station_mac(n->mac);
		n->has_mac = true;
	}
	n->owner = spec->owner;
	n->group = spec->group;
	n->mode = spec->mode != (__u32)-1 ? spec->mode : legacy_default_mode(spec->group);
	n->queues = spec->queues ?: 1;
	n->mtu_cfg = spec->mtu;
	if (nic_by_ifname(m, n->port_ifname)) {
		ret = vsw_errf(err, -EBUSY, "nic '%s': netdev '%s' already belongs to a NIC",
			       n->name, n->port_ifname);
		goto fail;
	}
	ret = nic_create_netdev(m, n, err);
	if (ret)
		goto fail;
	/* Not connected yet: the link is down on the NIC's side. */
	ifindex = model_nic_ifindex(n);
	if (ifindex)
		nic_set_link(n, ifindex, false);
	refresh_netdev_state(n);
	model_nic_append(m, n);
	return 0;
fail:
	free(n->vx);
	free(n);
	return ret;
}

int model_nic_connect(struct model *m, const char *nicname, const char *portname,
		      struct vsw_err *err)
{
	struct vnic *n = model_nic_find(m, nicname);
	struct vport *p = model_port_find(m, portname);
	__u32 ifindex;
	int ret;

	if (!n)
		return vsw_errf(err, -ENOENT, "nic '%s' does not exist", nicname);
	if (!p)
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", portname);
	if (n->port)
		return vsw_errf(err, -EBUSY, "nic '%s' is connected to port '%s'", nicname,
				n->port->name);
	if (p->nic)
		return vsw_errf(err, -EBUSY, "port '%s' has NIC '%s' connected", portname,
				p->nic->name);
	ifindex = model_nic_ifindex(n);
	if (!ifindex)
		return vsw_errf(err, -ENODEV, "nic '%s': its netdev '%s' is gone", nicname,
				n->port_ifname);
	ret = nic_port_add(m, n, p, ifindex);
	if (ret == -EBUSY)
		return vsw_errf(err, ret, "nic '%s': '%s' has another XDP program attached",
				nicname, n->port_ifname);
	if (ret)
		return vsw_errf(err, ret, "nic '%s': cannot attach to switch '%s': %s", nicname,
				p->sw->name, strerror(-ret));
	n->port = p;
	p->nic = n;
	ret = port_policy_apply(p, ifindex);
	if (ret) {
		n->port = NULL;
		p->nic = NULL;
		vsw_dp_port_del(p->sw->dp, ifindex);
		return vsw_errf(err, ret, "nic '%s': cannot apply the policies of port '%s': %s",
				nicname, portname, strerror(-ret));
	}
	ret = nic_set_link(n, ifindex, true);
	if (ret) {
		n->port = NULL;
		p->nic = NULL;
		vsw_dp_port_del(p->sw->dp, ifindex);
		return vsw_errf(err, ret, "nic '%s': cannot bring its link up: %s", nicname,
				strerror(-ret));
	}
	n->dp_ifindex = ifindex;
	refresh_netdev_state(n);
	/* The port's ACLs before its link: no frame passes unchecked. */
	ret = model_acl_sync(p, err);
	if (ret) {
		model_nic_disconnect(m, nicname, NULL);
		return ret;
	}
	if (n->kind == VSW_NIC_VXLAN) {
		ret = model_vxlan_attach(m, n, err);
		if (ret) {
			model_nic_disconnect(m, nicname, NULL);
			return ret;
		}
	}
	/* Up only once the NIC side is too; rtnetlink reports the change. */
	vsw_dp_port_set_link(p->sw->dp, ifindex, n->netdev_up);
	return 0;
}

int model_nic_disconnect(struct model *m, const char *nicname, struct vsw_err *err)
{
	struct vnic *n = model_nic_find(m, nicname);
	__u32 ifindex;
	int ret = 0;

	if (!n)
		return vsw_errf(err, -ENOENT, "nic '%s' does not exist", nicname);
	if (!n->port)
		return vsw_errf(err, -ENOTCONN, "nic '%s' is not connected", nicname);
	if (n->kind == VSW_NIC_VXLAN)
		model_vxlan_detach(m, n);
	/* By the ifindex the datapath knows: the netdev may be gone. Its ACL
	 * tables go first: the next port in its slot starts empty. */
	if (n->dp_ifindex && n->port->nacl)
		vsw_acl_apply(n->port->sw->dp, n->dp_ifindex, NULL, 0);
	if (n->dp_ifindex)
		ret = vsw_dp_port_del(n->port->sw->dp, n->dp_ifindex);
	if (ret && ret != -ENOENT)
		return vsw_errf(err, ret, "nic '%s': cannot detach from '%s': %s", nicname,
				n->port_ifname, strerror(-ret));
	ifindex = model_nic_ifindex(n);
	if (ifindex)
		nic_set_link(n, ifindex, false);
	n->port->nic = NULL;
	n->port = NULL;
	n->dp_ifindex = 0;
	refresh_netdev_state(n);
	return 0;
}

int model_nic_del(struct model *m, const char *name, bool force, struct vsw_err *err)
{
	struct vnic *n = model_nic_find(m, name);
	__u32 ifindex;
	int ret;

	if (!n)
		return vsw_errf(err, -ENOENT, "nic '%s' does not exist", name);
	if (n->port && !force)
		return vsw_errf(err, -EBUSY, "nic '%s' is connected to port '%s' (disconnect it, "
				"or use force)", name, n->port->name);
	if (n->port) {
		ret = model_nic_disconnect(m, name, err);
		if (ret)
			return ret;
	}
	legacy_nic_stop(n->legacy);
	n->legacy = NULL;
	ifindex = model_nic_ifindex(n);
	if (ifindex && !n->adopted) {
		ret = netdev_delete(ifindex);
		if (ret)
			return vsw_errf(err, ret, "nic '%s': cannot delete netdev '%s': %s", name,
					n->port_ifname, strerror(-ret));
	} else if (ifindex && n->kind == VSW_NIC_VM) {
		netdev_set_carrier(ifindex, true); /* an adopted TAP goes back as found */
	}
	for (struct vnic **pp = &m->nics; *pp; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	if (n->vx)
		free(n->vx->dyn);
	free(n->vx);
	free(n);
	return 0;
}

static struct vnic *nic_by_dp_ifindex(const struct model *m, __u32 ifindex)
{
	for (struct vnic *n = m->nics; n && ifindex; n = n->next)
		if (n->dp_ifindex == ifindex)
			return n;
	return NULL;
}

/* The datapath side of a connected NIC follows its netdev: gone (deleted,
 * renamed, moved away) leaves the switch; back under its name rejoins. */
static void follow_netdev(const struct model *m, struct vnic *n, __u32 ifindex, bool present)
{
	struct vswitch *sw = n->port->sw;

	if (n->dp_ifindex && (!present || n->dp_ifindex != ifindex)) {
		vsw_dp_port_del(sw->dp, n->dp_ifindex);
		n->dp_ifindex = 0;
	}
	if (present && !n->dp_ifindex && ifindex &&
	    !nic_port_add(m, n, n->port, ifindex)) {
		n->dp_ifindex = ifindex;
		if (port_policy_apply(n->port, ifindex))
			pr_err("port '%s': cannot apply its policies\n", n->port->name);
		nic_set_link(n, ifindex, true);
	}
	if (n->dp_ifindex)
		vsw_dp_port_set_link(sw->dp, n->dp_ifindex, n->netdev_up);
}

void model_netdev_event(struct model *m, __u32 ifindex, const char *ifname, bool up,
			bool deleted)
{
	struct vnic *n = nic_by_dp_ifindex(m, ifindex);
	bool present = !deleted;

	/* The host side of a host NIC in vswd's own netns: its MTU. */
	for (struct vnic *h = m->nics; h && !n && present; h = h->next)
		if (h->kind == VSW_NIC_HOST && !h->netns[0] &&
		    !strcmp(model_nic_host_ifname(h), ifname)) {
			if (h->port && h->dp_ifindex)
				nic_mtu_sync(h, h->port->sw, h->dp_ifindex);
			return;
		}

	if (n && strcmp(n->port_ifname, ifname))
		present = false; /* renamed away from the NIC's name */
	else if (!n)
		n = nic_by_ifname(m, ifname);
	if (!n)
		return;
	if (n->netdev_up != (up && present))
		pr_info("nic '%s': netdev '%s' %s\n", n->name, n->port_ifname,
			!present ? "gone" : up ? "up" : "down");
	n->netdev_up = up && present;
	/* A VMM opening the TAP of a disconnected NIC turns its carrier on:
	 * the guest must keep seeing the link down. */
	if (!n->port && n->netdev_up && n->kind == VSW_NIC_VM) {
		nic_set_link(n, ifindex, false);
		n->netdev_up = false;
	}
	if (n->port)
		follow_netdev(m, n, ifindex, present);
	if (n->port && n->dp_ifindex && n->kind == VSW_NIC_PHYSICAL)
		nic_mtu_sync(n, n->port->sw, n->dp_ifindex); /* its own MTU may have changed */
}

/* ---- restart ---- */

static int reopen_switch(struct model *m, struct vswitch *sw, struct vsw_err *err)
{
	struct vsw_dp_opts opts = { .bpffs = m->bpffs };
	int ret = vsw_dp_open(sw->name, m->bpffs, &sw->dp);

	if (ret == -ENOENT) {
		pr_warn("switch '%s': no pinned datapath, creating it afresh\n", sw->name);
		ret = vsw_dp_create(sw->name, &opts, &sw->dp);
	}
	if (ret)
		return vsw_errf(err, ret, "switch '%s': cannot open its datapath: %s", sw->name,
				ret != -EEXIST && vsw_dp_load_error()[0] ? vsw_dp_load_error()
									  : strerror(-ret));
	return 0;
}

static void reconnect_port(const struct model *m, struct vport *p)
{
	struct vsw_err err;
	struct vnic *n = p->nic;
	struct vsw_port pinned;
	__u32 ifindex = model_nic_ifindex(n);
	int ret;

	if (!ifindex) {
		pr_warn("port '%s': the netdev '%s' of nic '%s' is gone\n", p->name,
			n->port_ifname, n->name);
		return;
	}
	n->dp_ifindex = ifindex;
	/* A live port keeps its learned entries: touch nothing but the link. */
	if (!vsw_dp_port_get(p->sw->dp, ifindex, &pinned)) {
		nic_mtu_sync(n, p->sw, ifindex);
		nic_csum_decide(m, n, ifindex);
		/* Attached natively by another vswd: a host NIC is made
		 * right by its host side, anything else can only be named. */
		if (nic_csum_skb_mode(n->csum) && !(pinned.flags & VSW_PORT_F_SKB_MODE) &&
		    n->kind == VSW_NIC_HOST &&
		    !netdev_tx_csum_off(n->netns[0] ? n->netns : NULL, model_nic_host_ifname(n)))
			n->csum = NIC_CSUM_TX_OFF;
		if (nic_csum_skb_mode(n->csum) && !(pinned.flags & VSW_PORT_F_SKB_MODE))
			pr_warn("nic '%s': '%s' runs native XDP, so frames it receives with "
				"checksums left to offload arrive incomplete elsewhere; "
				"disconnect and connect it again for the skb path\n", n->name,
				n->port_ifname);
	} else {
		ret = nic_port_add(m, n, p, ifindex);
		if (ret)
			pr_err("port '%s': cannot attach '%s': %s\n", p->name, n->port_ifname,
			       strerror(-ret));
		nic_set_link(n, ifindex, true);
	}
	/* The state file is the authority on policies: a taken-over port gets
	 * them again (its running buckets are kept where they did not
	 * change). */
	ret = port_policy_apply(p, ifindex);
	if (ret)
		pr_err("port '%s': cannot apply its policies: %s\n", p->name, strerror(-ret));
	refresh_netdev_state(n);
	/* The rules again, from the configuration: the pinned ones may be of
	 * another vswd, and their hit counters' slots are assigned anew. */
	if (model_acl_sync(p, &err))
		pr_err("%s\n", err.msg);
	vsw_dp_port_set_link(p->sw->dp, ifindex, n->netdev_up);
}

int model_reconcile(struct model *m, struct vsw_err *err)
{
	struct vsw_err nic_err;
	int ret;

	for (struct vswitch *sw = m->switches; sw; sw = sw->next) {
		ret = reopen_switch(m, sw, err);
		if (ret)
			return ret;
	}
	for (struct vnic *n = m->nics; n; n = n->next) {
		if (model_nic_ifindex(n)) {
			if (n->kind == VSW_NIC_LEGACY && !n->legacy && legacy_start(m, n, &nic_err))
				pr_err("%s\n", nic_err.msg);
			continue;
		}
		if (n->adopted) {
			pr_warn("nic '%s': adopted netdev '%s' is missing\n", n->name,
				n->port_ifname);
			continue;
		}
		if (nic_create_netdev(m, n, &nic_err))
			pr_err("%s\n", nic_err.msg);
		else if (!n->port)
			nic_set_link(n, model_nic_ifindex(n), false);
	}
	for (struct vport *p = m->ports; p; p = p->next)
		if (p->nic)
			reconnect_port(m, p);
	for (struct vnic *n = m->nics; n; n = n->next)
		if (n->kind == VSW_NIC_VXLAN && n->port && n->dp_ifindex &&
		    model_vxlan_attach(m, n, &nic_err))
			pr_err("%s\n", nic_err.msg);
	for (struct vnic *n = m->nics; n; n = n->next)
		refresh_netdev_state(n);
	/* Last: an extension's parameters may name a port's netdev. */
	model_ext_reconcile(m);
	return 0;
}

/* ---- what a killed vswd left ---- */

struct strays {
	const struct model *m;
	__u32 ifindex[64];
	char name[64][IF_NAMESIZE];
	int n;
};

static void find_stray(const struct netdev_info *info, bool deleted, void *ctx)
{
	struct strays *s = ctx;
	char mine[256], nic[VSW_NAME_MAX];
	const struct vnic *n;

	/* "vsw nic NAME of ROOT", with this vswd's root. */
	if (s->n == 64 || sscanf(info->alias, "vsw nic %15s", nic) != 1)
		return;
	nic_alias(s->m, nic, mine, sizeof(mine));
	if (strcmp(info->alias, mine))
		return;
	n = model_nic_find(s->m, nic);
	if (n && !strcmp(n->port_ifname, info->name))
		return;
	s->ifindex[s->n] = info->ifindex;
	snprintf(s->name[s->n], IF_NAMESIZE, "%s", info->name);
	s->n++;
}

static int count_port(const struct vsw_port *p, void *ctx)
{
	(*(unsigned int *)ctx)++;
	return 0;
}

void model_remove_strays(struct model *m)
{
	const char *root = m->bpffs ?: VSW_BPFFS_DEFAULT;
	struct strays s = { .m = m };
	unsigned int ports;
	struct vsw_dp *dp;
	struct dirent *de;
	DIR *d;

	if (netdev_foreach(find_stray, &s))
		return;
	for (int i = 0; i < s.n; i++) {
		pr_warn("removing netdev '%s': this vswd made it for a NIC it does not have "
			"(a vswd killed before it saved the NIC)\n", s.name[i]);
		netdev_delete(s.ifindex[i]);
	}
	d = opendir(root);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || de->d_type != DT_DIR || model_switch_find(m, de->d_name))
			continue;
		if (vsw_dp_open(de->d_name, root, &dp))
			continue;
		ports = 0;
		vsw_dp_port_foreach(dp, count_port, &ports);
		if (ports) {
			pr_warn("a datapath with %u ports is pinned under %s/%s, and the "
				"configuration has no switch '%s': left as it is\n", ports, root,
				de->d_name, de->d_name);
			vsw_dp_close(dp);
			continue;
		}
		pr_warn("removing the datapath pinned under %s/%s: no switch '%s' in the "
			"configuration, no port (a vswd killed before it saved the switch)\n",
			root, de->d_name, de->d_name);
		vsw_dp_destroy(dp);
	}
	closedir(d);
}

void model_free(struct model *m, bool flush)
{
	struct vsw_err ignored;

	if (flush)
		while (m->switches)
			model_switch_del(m, m->switches->name, true, &ignored);
	if (flush)
		while (m->nics)
			model_nic_del(m, m->nics->name, true, &ignored);
	while (m->exts) {
		struct vext *e = m->exts;

		m->exts = e->next;
		free(e);
	}
	while (m->ports) {
		struct vport *p = m->ports;

		m->ports = p->next;
		free(p->acl);
		free(p);
	}
	while (m->nics) {
		struct vnic *n = m->nics;

		m->nics = n->next;
		legacy_nic_stop(n->legacy);
		if (n->vx)
			free(n->vx->dyn);
		free(n->vx);
		free(n);
	}
	while (m->switches) {
		struct vswitch *s = m->switches;

		m->switches = s->next;
		vsw_dp_close(s->dp);
		free(s);
	}
}
