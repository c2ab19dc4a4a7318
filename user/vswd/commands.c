// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The command table of the control protocol: each validated request is
 * turned into model operations, and each show request into one reply
 * message per object. What a reply carries is listed in
 * docs/control-protocol.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "capture.h"
#include "commands.h"
#include "model_vxlan.h"
#include "dp_kernel.h"
#include "legacy_nic.h"
#include "ctl_server.h"
#include "log.h"
#include "nic_offload.h"
#include "trace.h"
#include "version.h"
#include "vlan_set.h"


typedef int (*cmd_fn)(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		      struct vsw_err *err);

/* ---- reply helpers ---- */

static void put_stats(struct nlmsghdr *nlh, const struct vsw_port_stats *s)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, VSW_A_STATS);

	mnl_attr_put_u64(nlh, VSW_STAT_RX_PACKETS, s->rx_packets);
	mnl_attr_put_u64(nlh, VSW_STAT_RX_BYTES, s->rx_bytes);
	mnl_attr_put_u64(nlh, VSW_STAT_TX_PACKETS, s->tx_packets);
	mnl_attr_put_u64(nlh, VSW_STAT_TX_BYTES, s->tx_bytes);
	mnl_attr_put_u64(nlh, VSW_STAT_FLOODED, s->flooded);
	mnl_attr_put_u64(nlh, VSW_STAT_MIRRORED, s->mirrored);
	for (int r = 0; r < VSW_DROP__MAX; r++)
		mnl_attr_put_u64(nlh, VSW_STAT_DROP_BASE + r, s->drops[r]);
	mnl_attr_nest_end(nlh, nest);
}

/* Counters of a port: zero while no NIC is connected (it is not in the
 * datapath then). */
static void port_stats(const struct vport *p, struct vsw_port_stats *s)
{
	__u32 ifindex = p->nic ? p->nic->dp_ifindex : 0;

	if (!ifindex || vsw_dp_port_stats(p->sw->dp, ifindex, s))
		memset(s, 0, sizeof(*s));
}

/* ---- version ---- */

static int cmd_version(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);

	mnl_attr_put_u32(nlh, VSW_A_VERSION, VSW_CTL_VERSION);
	mnl_attr_put_strz(nlh, VSW_A_BUILD, VSW_VERSION_STRING);
	return ctl_conn_send(conn, nlh);
}

/* ---- switches ---- */

static int cmd_switch_add(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			  struct vsw_err *err)
{
	return model_switch_add(m, ctl_str(req, VSW_A_SWITCH_NAME), err);
}

static int cmd_switch_del(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			  struct vsw_err *err)
{
	return model_switch_del(m, ctl_str(req, VSW_A_SWITCH_NAME), ctl_flag(req, VSW_A_FORCE),
				err);
}

static int send_switch(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       const struct vswitch *sw)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);
	struct vsw_port_stats s;

	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw->name);
	mnl_attr_put_u8(nlh, VSW_A_SWITCH_TYPE, model_switch_type(m, sw));
	mnl_attr_put_u32(nlh, VSW_A_COUNT, model_switch_port_count(m, sw));
	mnl_attr_put_strz(nlh, VSW_A_DP_MODE, vsw_dp_kernel_mode());
	if (!vsw_dp_switch_stats(sw->dp, &s))
		put_stats(nlh, &s);
	return ctl_conn_send(conn, nlh);
}

static int cmd_switch_get(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			  struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_SWITCH_NAME);
	int ret = 0;

	if (name && !model_switch_find(m, name))
		return vsw_errf(err, -ENOENT, "switch '%s' does not exist", name);
	for (struct vswitch *sw = m->switches; sw && !ret; sw = sw->next)
		if (!name || !strcmp(name, sw->name))
			ret = send_switch(m, req, conn, sw);
	return ret;
}

/* ---- ports ---- */

/* The settings a PORT_ADD or PORT_SET gives (port_attr.c decodes and
 * checks them), applied to a port's configuration and policy: the ones
 * given change, the others stay. A new VLAN setting keeps the port's
 * learning settings. */
static void port_set_apply(const struct vsw_port_set *ps, struct vsw_port_cfg *cfg,
			   struct vsw_pol_settings *pol)
{
	const struct vsw_pol_settings *in = &ps->pol;
	struct vsw_port_cfg vlan;

#define GIVEN(s) (ps->given & VSW_PS(VSW_PS_##s))
	if (GIVEN(VLAN)) {
		vsw_port_cfg_init(&vlan);
		vlan.mode = ps->vlan_mode;
		vlan.pvid = ps->pvid;
		if (ps->vlan_mode == VSW_PORT_TRUNK)
			memcpy(vlan.vlans, ps->vids, sizeof(vlan.vlans));
		vlan.learn_limit = cfg->learn_limit;
		vlan.no_learning = cfg->no_learning;
		*cfg = vlan;
	}
	if (GIVEN(PVLAN)) {
		pol->pvlan = in->pvlan;
		pol->pvlan_secondary = in->pvlan_secondary;
		memcpy(pol->pvlan_serves, in->pvlan_serves, sizeof(pol->pvlan_serves));
	}
	if (GIVEN(MAC_GUARD))
		pol->mac_guard = in->mac_guard;
	if (GIVEN(MAC_ALLOW)) {
		pol->nallow = in->nallow;
		memcpy(pol->allow, in->allow, sizeof(pol->allow));
	}
	if (GIVEN(DHCP_GUARD))
		pol->dhcp_guard = in->dhcp_guard;
	if (GIVEN(ROUTER_GUARD))
		pol->router_guard = in->router_guard;
	if (GIVEN(PRIO_TRUST))
		pol->prio_trust = in->prio_trust;
	if (GIVEN(LEARNING))
		cfg->no_learning = !ps->learning;
	if (GIVEN(LEARN_LIMIT))
		cfg->learn_limit = ps->learn_limit;
	if (GIVEN(MIRROR))
		pol->mirror = in->mirror;
#undef GIVEN
	for (int d = 0; d < 2; d++) {
		if (ps->given & VSW_PS(VSW_PS_RATE + d)) {
			pol->rate_bps[d] = in->rate_bps[d];
			pol->burst[d] = in->burst[d];
		}
	}
	for (int k = 0; k < VSW_STORM__MAX; k++)
		if (ps->given & VSW_PS(VSW_PS_STORM + k))
			pol->storm_pps[k] = in->storm_pps[k];
}

static int cmd_port_add(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_PORT_NAME);
	struct vsw_pol_settings pol;
	struct vsw_port_set ps;
	struct vsw_port_cfg cfg;
	int ret;

	/* PORT_ADD takes the VLAN settings only (ctl_msg.c). */
	ret = vsw_port_set_get(req->tb, name, &ps, err);
	if (ret)
		return ret;
	vsw_port_cfg_init(&cfg);
	vsw_pol_settings_init(&pol);
	port_set_apply(&ps, &cfg, &pol);
	return model_port_add(m, name, ctl_str(req, VSW_A_SWITCH_NAME), &cfg, err);
}

static int cmd_port_set(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_PORT_NAME);
	struct vport *p = model_port_find(m, name);
	struct vsw_pol_settings pol;
	struct vsw_port_cfg cfg;
	struct vsw_port_set ps;
	int ret;

	if (!p)
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", name);
	ret = vsw_port_set_get(req->tb, name, &ps, err);
	if (ret)
		return ret;
	if (!ps.given)
		return vsw_errf(err, -EINVAL, "port '%s': nothing to set", name);
	cfg = p->cfg;
	pol = p->pol;
	port_set_apply(&ps, &cfg, &pol);
	return model_port_set(m, name, &cfg, &pol, err);
}

static int cmd_port_del(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			struct vsw_err *err)
{
	return model_port_del(m, ctl_str(req, VSW_A_PORT_NAME), ctl_flag(req, VSW_A_FORCE), err);
}

/* The port's policy settings, and the MAC guard as it applies now. */
static void put_policy(struct nlmsghdr *nlh, const struct vport *p)
{
	const struct vsw_pol_settings *pol = &p->pol;
	struct vsw_port_policy dp;

	model_port_policy(p, &dp);
	mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD, pol->mac_guard);
	mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD_ON, !!(dp.flags & VSW_POL_F_MAC_GUARD));
	mnl_attr_put(nlh, VSW_A_POL_MAC_ALLOW, pol->nallow * 6, pol->allow);
	mnl_attr_put_u8(nlh, VSW_A_POL_DHCP_GUARD, pol->dhcp_guard);
	mnl_attr_put_u8(nlh, VSW_A_POL_ROUTER_GUARD, pol->router_guard);
	mnl_attr_put_u8(nlh, VSW_A_POL_PRIO_TRUST, pol->prio_trust);
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_OUT, pol->rate_bps[VSW_DIR_OUT]);
	mnl_attr_put_u32(nlh, VSW_A_POL_BURST_OUT, pol->rate_bps[VSW_DIR_OUT] ?
			 (pol->burst[VSW_DIR_OUT] ?: vsw_rate_burst_default(pol->rate_bps[VSW_DIR_OUT])) : 0);
	mnl_attr_put_u64(nlh, VSW_A_POL_RATE_IN, pol->rate_bps[VSW_DIR_IN]);
	mnl_attr_put_u32(nlh, VSW_A_POL_BURST_IN, pol->rate_bps[VSW_DIR_IN] ?
			 (pol->burst[VSW_DIR_IN] ?: vsw_rate_burst_default(pol->rate_bps[VSW_DIR_IN])) : 0);
	mnl_attr_put_u32(nlh, VSW_A_POL_STORM_BCAST, pol->storm_pps[VSW_STORM_BCAST]);
	mnl_attr_put_u32(nlh, VSW_A_POL_STORM_MCAST, pol->storm_pps[VSW_STORM_MCAST]);
	mnl_attr_put_u32(nlh, VSW_A_POL_STORM_UNKNOWN, pol->storm_pps[VSW_STORM_UNKNOWN]);
	mnl_attr_put_u8(nlh, VSW_A_POL_LEARNING, !p->cfg.no_learning);
	mnl_attr_put_u32(nlh, VSW_A_POL_LEARN_LIMIT, p->cfg.learn_limit ?: VSW_LEARN_LIMIT_DEFAULT);
	mnl_attr_put_u8(nlh, VSW_A_POL_PVLAN_ROLE, pol->pvlan);
	if (pol->pvlan == VSW_PVLAN_ISOLATED || pol->pvlan == VSW_PVLAN_COMMUNITY)
		mnl_attr_put_u16(nlh, VSW_A_POL_PVLAN_SECONDARY, pol->pvlan_secondary);
	if (pol->pvlan == VSW_PVLAN_PROMISCUOUS)
		mnl_attr_put(nlh, VSW_A_POL_PVLAN_SERVES, sizeof(pol->pvlan_serves),
			     pol->pvlan_serves);
	mnl_attr_put_u8(nlh, VSW_A_POL_MIRROR, pol->mirror);
}

static int send_port(const struct ctl_request *req, struct ctl_conn *conn, const struct vport *p)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);
	struct vsw_port_stats s;

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, p->name);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, p->sw->name);
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, p->cfg.mode);
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, p->cfg.pvid);
	if (p->cfg.mode == VSW_PORT_TRUNK)
		mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, sizeof(p->cfg.vlans), p->cfg.vlans);
	mnl_attr_put_u8(nlh, VSW_A_LINK, model_port_up(p));
	if (p->nic)
		mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, p->nic->name);
	mnl_attr_put_u32(nlh, VSW_A_ACL_COUNT, p->nacl);
	put_policy(nlh, p);
	port_stats(p, &s);
	put_stats(nlh, &s);
	return ctl_conn_send(conn, nlh);
}

static int cmd_port_get(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_PORT_NAME);
	const char *swname = ctl_str(req, VSW_A_SWITCH_NAME);
	int ret = 0;

	if (name && !model_port_find(m, name))
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", name);
	if (swname && !model_switch_find(m, swname))
		return vsw_errf(err, -ENOENT, "switch '%s' does not exist", swname);
	for (struct vport *p = m->ports; p && !ret; p = p->next)
		if ((!name || !strcmp(name, p->name)) && (!swname || !strcmp(swname, p->sw->name)))
			ret = send_port(req, conn, p);
	return ret;
}

/* ---- NICs ---- */

/* A VXLAN NIC's words from the request; the model checks the values. */
static int vxlan_spec(const struct ctl_request *req, struct vnic_spec *spec,
		      struct vnic_vxlan *vx, struct vsw_err *err)
{
	const struct nlattr *a;

	vx->vni = ctl_u32(req, VSW_A_VX_VNI, 0);
	vx->local = ctl_u32(req, VSW_A_VX_LOCAL, 0);
	vx->dstport = ctl_u32(req, VSW_A_VX_DSTPORT, VSW_VXLAN_PORT_DEFAULT);
	if (ctl_u32(req, VSW_A_VX_DSTPORT, VSW_VXLAN_PORT_DEFAULT) > 65535)
		return vsw_errf(err, -EINVAL, "nic '%s': dstport %u (1-65535)", spec->name,
				ctl_u32(req, VSW_A_VX_DSTPORT, 0));
	a = req->tb[VSW_A_VX_VNI_MAP];
	if (a) {
		if (mnl_attr_get_payload_len(a) % (2 * sizeof(__u32)) ||
		    mnl_attr_get_payload_len(a) > sizeof(vx->map) || !mnl_attr_get_payload_len(a))
			return vsw_errf(err, -EINVAL, "nic '%s': a vni-map of 1 to %d VID=VNI "
					"pairs", spec->name, VXLAN_MAP_MAX);
		vx->nmap = mnl_attr_get_payload_len(a) / (2 * sizeof(__u32));
		memcpy(vx->map, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	}
	a = req->tb[VSW_A_VX_REMOTE];
	if (a) {
		if (mnl_attr_get_payload_len(a) % sizeof(__be32) ||
		    mnl_attr_get_payload_len(a) > sizeof(vx->remote))
			return vsw_errf(err, -EINVAL, "nic '%s': a remote list of at most %d "
					"addresses", spec->name, VXLAN_REMOTE_MAX);
		vx->nremote = mnl_attr_get_payload_len(a) / sizeof(__be32);
		memcpy(vx->remote, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	}
	/* dev: the underlay (not the NIC's own netdev, which it names) */
	if (spec->ifname)
		snprintf(vx->dev, sizeof(vx->dev), "%s", spec->ifname);
	spec->ifname = NULL;
	spec->vx = vx;
	return 0;
}

static int cmd_nic_add(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	struct vnic_spec spec = {
		.name = ctl_str(req, VSW_A_NIC_NAME),
		.kind = ctl_u8(req, VSW_A_NIC_KIND, 0),
		.netns = ctl_str(req, VSW_A_NETNS),
		.mac = ctl_bin(req, VSW_A_MAC),
		.ifname = ctl_str(req, VSW_A_IFNAME),
		.owner = ctl_u32(req, VSW_A_OWNER, (__u32)-1),
		.group = ctl_u32(req, VSW_A_GROUP, (__u32)-1),
		.queues = ctl_u32(req, VSW_A_QUEUES, 1),
		.mtu = ctl_u32(req, VSW_A_MTU, 0),
		.mode = ctl_u32(req, VSW_A_LEGACY_MODE, (__u32)-1),
		.host_ifname = ctl_str(req, VSW_A_HOST_IFNAME),
	};
	bool host = spec.kind == VSW_NIC_HOST, vm = spec.kind == VSW_NIC_VM;
	bool legacy = spec.kind == VSW_NIC_LEGACY, vxlan = spec.kind == VSW_NIC_VXLAN;
	struct vnic_vxlan vx = { 0 };
	int ret;

	if (vxlan) {
		ret = vxlan_spec(req, &spec, &vx, err);
		if (ret)
			return ret;
	} else if (req->tb[VSW_A_VX_VNI] || req->tb[VSW_A_VX_VNI_MAP] || req->tb[VSW_A_VX_LOCAL] ||
		   req->tb[VSW_A_VX_DSTPORT] || req->tb[VSW_A_VX_REMOTE]) {
		return vsw_errf(err, -EINVAL, "nic '%s': vni, vni-map, local, dstport and remote "
				"are for type vxlan", spec.name);
	}

	/* Each type takes its own options only. */
	if (spec.netns && !host)
		return vsw_errf(err, -EINVAL, "nic '%s': netns is for type host", spec.name);
	if (spec.host_ifname && !host)
		return vsw_errf(err, -EINVAL, "nic '%s': ifname is for type host", spec.name);
	if (spec.mac && !host && !vm && !legacy)
		return vsw_errf(err, -EINVAL, "nic '%s': mac is for types host, vm and legacy",
				spec.name);
	if (spec.ifname && legacy)
		return vsw_errf(err, -EINVAL, "nic '%s': a legacy NIC's netdevs are named like it",
				spec.name);
	if (spec.mac && vxlan)
		return vsw_errf(err, -EINVAL, "nic '%s': mac is for types host, vm and legacy",
				spec.name);
	if ((req->tb[VSW_A_OWNER] || req->tb[VSW_A_GROUP]) && !vm && !legacy)
		return vsw_errf(err, -EINVAL, "nic '%s': owner and group are for types vm and legacy",
				spec.name);
	if (req->tb[VSW_A_QUEUES] && !vm)
		return vsw_errf(err, -EINVAL, "nic '%s': queues are for type vm", spec.name);
	if (req->tb[VSW_A_LEGACY_MODE] && !legacy)
		return vsw_errf(err, -EINVAL, "nic '%s': mode is for type legacy", spec.name);
	if (legacy && spec.mode != (__u32)-1 && spec.mode > 0777)
		return vsw_errf(err, -EINVAL, "nic '%s': mode %#o is more than permission bits "
				"(0 to 0777)", spec.name, spec.mode);
	if (spec.ifname && host)
		return vsw_errf(err, -EINVAL, "nic '%s': a host NIC's netdev is named like it",
				spec.name);
	if (req->tb[VSW_A_MTU] && !host && !vm)
		return vsw_errf(err, -EINVAL, "nic '%s': mtu is for types host and vm (a physical "
				"NIC's is its netdev's, a legacy NIC's 1500)", spec.name);
	if (req->tb[VSW_A_MTU] && (spec.mtu < VSW_NIC_MTU_MIN || spec.mtu > VSW_NIC_MTU_MAX))
		return vsw_errf(err, -EINVAL, "nic '%s': mtu %u (%d-%d)", spec.name, spec.mtu,
				VSW_NIC_MTU_MIN, VSW_NIC_MTU_MAX);
	if (vm && (spec.queues < 1 || spec.queues > 256))
		return vsw_errf(err, -EINVAL, "nic '%s': queues %u (1-256)", spec.name,
				spec.queues);
	return model_nic_add(m, &spec, err);
}

static int cmd_nic_del(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	return model_nic_del(m, ctl_str(req, VSW_A_NIC_NAME), ctl_flag(req, VSW_A_FORCE), err);
}

static int cmd_nic_connect(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			   struct vsw_err *err)
{
	return model_nic_connect(m, ctl_str(req, VSW_A_NIC_NAME), ctl_str(req, VSW_A_PORT_NAME),
				 err);
}

static int cmd_nic_disconnect(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			      struct vsw_err *err)
{
	return model_nic_disconnect(m, ctl_str(req, VSW_A_NIC_NAME), err);
}

/* A legacy NIC: where a VMM attaches, and whether one is. */
static void put_legacy(const struct model *m, struct nlmsghdr *nlh, const struct vnic *n)
{
	struct legacy_nic_stats s = { 0 };
	char path[108];

	model_legacy_socket(m, n, path, sizeof(path));
	mnl_attr_put_strz(nlh, VSW_A_LEGACY_SOCKET, path);
	mnl_attr_put_u32(nlh, VSW_A_LEGACY_MODE, n->mode);
	if (n->legacy)
		legacy_nic_get_stats(n->legacy, &s);
	mnl_attr_put_u8(nlh, VSW_A_LEGACY_VMM, s.vmm_connected);
	mnl_attr_put_u64(nlh, VSW_A_LEGACY_RX, s.rx_frames);
	mnl_attr_put_u64(nlh, VSW_A_LEGACY_RX_DROPPED, s.rx_dropped);
	mnl_attr_put_u64(nlh, VSW_A_LEGACY_TX, s.tx_frames);
}

/* A VXLAN NIC: its tunnel, and its counters while connected. */
static void put_vxlan(struct nlmsghdr *nlh, const struct vnic *n)
{
	const struct vnic_vxlan *vx = n->vx;
	struct vsw_vx_stats st;

	if (vx->nmap)
		mnl_attr_put(nlh, VSW_A_VX_VNI_MAP, vx->nmap * 2 * sizeof(__u32), vx->map);
	else
		mnl_attr_put_u32(nlh, VSW_A_VX_VNI, vx->vni);
	mnl_attr_put_u32(nlh, VSW_A_VX_LOCAL, vx->local);
	mnl_attr_put_u32(nlh, VSW_A_VX_DSTPORT, vx->dstport);
	if (vx->dev[0])
		mnl_attr_put_strz(nlh, VSW_A_VX_DEV, vx->dev);
	if (vx->nremote)
		mnl_attr_put(nlh, VSW_A_VX_REMOTE, vx->nremote * sizeof(__be32), vx->remote);
	if (!model_vxlan_stats(n, &st)) {
		mnl_attr_put_u64(nlh, VSW_A_VX_DECAP, st.decap_packets);
		mnl_attr_put_u64(nlh, VSW_A_VX_ENCAP, st.encap_packets);
		mnl_attr_put_u64(nlh, VSW_A_VX_FLOOD_COPIES, st.flood_copies);
	}
}

static int send_nic(const struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		    const struct vnic *n)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);
	__u32 ifindex = model_nic_ifindex(n);
	struct vsw_port_stats s;
	const char *mode;

	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, n->name);
	mnl_attr_put_u8(nlh, VSW_A_NIC_KIND, n->kind);
	mnl_attr_put_strz(nlh, VSW_A_IFNAME, n->port_ifname);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, ifindex);
	mnl_attr_put_u8(nlh, VSW_A_LINK, n->netdev_up);
	if (n->netns[0])
		mnl_attr_put_strz(nlh, VSW_A_NETNS, n->netns);
	if (n->host_ifname[0])
		mnl_attr_put_strz(nlh, VSW_A_HOST_IFNAME, n->host_ifname);
	if (n->has_mac)
		mnl_attr_put(nlh, VSW_A_MAC, 6, n->mac);
	if (n->kind == VSW_NIC_VM || n->kind == VSW_NIC_LEGACY) {
		if (n->owner != (__u32)-1)
			mnl_attr_put_u32(nlh, VSW_A_OWNER, n->owner);
		if (n->group != (__u32)-1)
			mnl_attr_put_u32(nlh, VSW_A_GROUP, n->group);
	}
	if (n->kind == VSW_NIC_VM)
		mnl_attr_put_u32(nlh, VSW_A_QUEUES, n->queues);
	if (n->adopted)
		mnl_attr_put(nlh, VSW_A_ADOPTED, 0, NULL);
	if (n->csum != NIC_CSUM_UNKNOWN)
		mnl_attr_put_strz(nlh, VSW_A_CSUM, nic_csum_name(n->csum));
	mnl_attr_put_u32(nlh, VSW_A_MTU, model_nic_mtu(n));
	if (n->kind == VSW_NIC_LEGACY)
		put_legacy(m, nlh, n);
	if (n->kind == VSW_NIC_VXLAN)
		put_vxlan(nlh, n);
	if (n->port) {
		mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, n->port->name);
		mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, n->port->sw->name);
		if (ifindex && !vsw_dp_port_xdp_mode(n->port->sw->dp, ifindex, &mode))
			mnl_attr_put_strz(nlh, VSW_A_XDP_MODE, mode);
		port_stats(n->port, &s);
		put_stats(nlh, &s);
	}
	return ctl_conn_send(conn, nlh);
}

static int cmd_nic_get(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_NIC_NAME);
	int ret = 0;

	if (name && !model_nic_find(m, name))
		return vsw_errf(err, -ENOENT, "nic '%s' does not exist", name);
	for (struct vnic *n = m->nics; n && !ret; n = n->next)
		if (!name || !strcmp(name, n->name))
			ret = send_nic(m, req, conn, n);
	return ret;
}

/* ---- FDB ---- */

static struct vswitch *need_switch(struct model *m, const struct ctl_request *req,
				   struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_SWITCH_NAME);
	struct vswitch *sw = model_switch_find(m, name);

	if (!sw)
		vsw_errf(err, -ENOENT, "switch '%s' does not exist", name);
	return sw;
}

/* The port, of this switch, with a NIC connected: its ifindex. */
static int port_ifindex(struct model *m, struct vswitch *sw, const char *name, __u32 *ifindex,
			struct vsw_err *err)
{
	struct vport *p = model_port_find(m, name);

	if (!p || p->sw != sw)
		return vsw_errf(err, -ENOENT, "switch '%s' has no port '%s'", sw->name, name);
	*ifindex = p->nic ? p->nic->dp_ifindex : 0;
	if (!*ifindex)
		return vsw_errf(err, -ENOTCONN, "port '%s' has no NIC connected", name);
	return 0;
}

/* The FDB goes out in parts, as the client reads (ctl_conn_dump_more()):
 * it may hold 64K entries and the client may be slow. */
#define FDB_DUMP_PART 256

struct fdb_dump {
	struct model *m;
	const struct ctl_request *req; /* the connection's, kept until its reply ends */
	struct ctl_conn *conn;
	char sw[VSW_NAME_MAX];         /* by name: it may go between two parts */
	struct vsw_fdb_cursor cur;
	/* The last entry's port, valid within one part. */
	__u32 ifindex;
	const struct vport *port;
};

static int send_fdb_entry(const struct vsw_fdb_key *k, const struct vsw_fdb_entry *e,
			  __u64 age_ns, void *ctx)
{
	struct fdb_dump *d = ctx;
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, d->req);

	if (e->ifindex != d->ifindex) {
		d->ifindex = e->ifindex;
		d->port = model_port_by_ifindex(d->m, e->ifindex);
	}
	mnl_attr_put_u16(nlh, VSW_A_VID, k->vid);
	mnl_attr_put(nlh, VSW_A_MAC, 6, k->mac);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, e->ifindex);
	if (d->port)
		mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, d->port->name);
	if (e->flags & VSW_FDB_F_STATIC)
		mnl_attr_put(nlh, VSW_A_FDB_STATIC, 0, NULL);
	if (d->port && d->port->nic && d->port->nic->kind == VSW_NIC_VXLAN) {
		__be32 vtep;

		if (model_vxlan_fdb_vtep(d->m, e->ifindex, k->vid, k->mac, &vtep))
			mnl_attr_put_u32(nlh, VSW_A_VX_VTEP, vtep);
	}
	else
		mnl_attr_put_u64(nlh, VSW_A_AGE_MS, age_ns / 1000000);
	return ctl_conn_send(d->conn, nlh);
}

static int fdb_dump_part(void *state, struct ctl_conn *conn, struct vsw_err *err)
{
	struct fdb_dump *d = state;
	struct vswitch *sw = model_switch_find(d->m, d->sw);
	int ret;

	if (!sw || !sw->dp)
		return vsw_errf(err, -ENOENT, "switch '%s' was deleted during the FDB dump", d->sw);
	d->ifindex = 0;
	d->port = NULL;
	ret = vsw_dp_fdb_walk(sw->dp, &d->cur, FDB_DUMP_PART, send_fdb_entry, d);
	if (ret)
		return vsw_errf(err, ret, "switch '%s': FDB dump: %s", d->sw, strerror(-ret));
	return !d->cur.done;
}

static int cmd_fdb_get(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	struct vswitch *sw = need_switch(m, req, err);
	struct fdb_dump *d;

	if (!sw)
		return -ENOENT;
	d = calloc(1, sizeof(*d));
	if (!d)
		return vsw_errf(err, -ENOMEM, "FDB dump: out of memory");
	d->m = m;
	d->req = req;
	d->conn = conn;
	snprintf(d->sw, sizeof(d->sw), "%s", sw->name);
	return ctl_conn_dump_more(conn, fdb_dump_part, free, d);
}

static int cmd_fdb_add(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	struct vswitch *sw = need_switch(m, req, err);
	const __u8 *mac = ctl_bin(req, VSW_A_MAC);
	__u32 ifindex;
	int ret;

	if (!sw)
		return -ENOENT;
	if (mac[0] & 1)
		return vsw_errf(err, -EINVAL, "fdb: a static entry needs a unicast MAC");
	ret = port_ifindex(m, sw, ctl_str(req, VSW_A_PORT_NAME), &ifindex, err);
	if (ret)
		return ret;
	ret = vsw_dp_fdb_add_static(sw->dp, ctl_u16(req, VSW_A_VID, 0), mac, ifindex);
	return ret ? vsw_errf(err, ret, "fdb add: %s", strerror(-ret)) : 0;
}

static int cmd_fdb_del(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	struct vswitch *sw = need_switch(m, req, err);
	int ret;

	if (!sw)
		return -ENOENT;
	ret = vsw_dp_fdb_del(sw->dp, ctl_u16(req, VSW_A_VID, 0), ctl_bin(req, VSW_A_MAC));
	if (ret == -ENOENT)
		return vsw_errf(err, ret, "switch '%s' has no such FDB entry", sw->name);
	return ret ? vsw_errf(err, ret, "fdb del: %s", strerror(-ret)) : 0;
}

static int cmd_fdb_flush(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			 struct vsw_err *err)
{
	struct vswitch *sw = need_switch(m, req, err);
	const char *port = ctl_str(req, VSW_A_PORT_NAME);
	char buf[VSW_CTL_MSG_MAX];
	unsigned int removed = 0;
	struct nlmsghdr *nlh;
	__u32 ifindex = 0;
	int ret;

	if (!sw)
		return -ENOENT;
	if (port) {
		ret = port_ifindex(m, sw, port, &ifindex, err);
		if (ret)
			return ret;
	}
	ret = vsw_dp_fdb_flush(sw->dp, ifindex, ctl_u16(req, VSW_A_VID, 0), false, &removed);
	if (ret)
		return vsw_errf(err, ret, "fdb flush: %s", strerror(-ret));
	/* How many went, as a data message before the ack. */
	nlh = ctl_reply_start(buf, req);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw->name);
	mnl_attr_put_u32(nlh, VSW_A_COUNT, removed);
	return ctl_conn_send(conn, nlh);
}

/* ---- extensions ---- */

static int cmd_ext_add(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	struct vsw_ext_spec spec = {
		.name = ctl_str(req, VSW_A_EXT_NAME),
		.kind = ctl_u8(req, VSW_A_EXT_KIND, VSW_EXT_KIND__MAX),
		.stage = ctl_u8(req, VSW_A_EXT_STAGE, VSW_EXT_STAGE__MAX),
		.object = ctl_str(req, VSW_A_EXT_OBJECT),
		.program = ctl_str(req, VSW_A_EXT_PROGRAM),
		.priority = ctl_u32(req, VSW_A_EXT_PRIORITY, VSW_EXT_PRIORITY_DEFAULT),
		.params = ctl_str(req, VSW_A_EXT_PARAMS),
	};

	if (spec.kind >= VSW_EXT_KIND__MAX)
		return vsw_errf(err, -EINVAL, "extension '%s': unknown kind %u", spec.name,
				spec.kind);
	if (spec.stage >= VSW_EXT_STAGE__MAX)
		return vsw_errf(err, -EINVAL, "extension '%s': unknown stage %u", spec.name,
				spec.stage);
	return model_ext_add(m, ctl_str(req, VSW_A_SWITCH_NAME), &spec, err);
}

static int cmd_ext_del(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	return model_ext_del(m, ctl_str(req, VSW_A_SWITCH_NAME), ctl_str(req, VSW_A_EXT_NAME),
			     err);
}

static void put_ext_stats(struct nlmsghdr *nlh, const struct vsw_ext_stats *st)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, VSW_A_EXT_STATS);

	mnl_attr_put_u64(nlh, VSW_EXT_STAT_RUNS, st->runs);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_DROPS, st->drops);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_FORWARDS, st->forwards);
	mnl_attr_put_u64(nlh, VSW_EXT_STAT_VIOLATIONS, st->violations);
	for (int r = 0; r < VSW_EXT_REASONS; r++)
		mnl_attr_put_u64(nlh, VSW_EXT_STAT_REASON_BASE + r, st->reasons[r]);
	mnl_attr_nest_end(nlh, nest);
}

static int send_ext(const struct ctl_request *req, struct ctl_conn *conn, const struct vext *e)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);
	struct vsw_ext_info info;
	struct vsw_ext_stats st;
	__u32 id;
	bool live = e->loaded && !vsw_ext_find(e->sw->dp, e->name, &id, &info);

	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, e->sw->name);
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, e->name);
	mnl_attr_put_u8(nlh, VSW_A_EXT_KIND, e->kind);
	mnl_attr_put_u8(nlh, VSW_A_EXT_STAGE, e->stage);
	mnl_attr_put_u32(nlh, VSW_A_EXT_PRIORITY, e->priority);
	mnl_attr_put_strz(nlh, VSW_A_EXT_OBJECT, e->object);
	if (e->program[0])
		mnl_attr_put_strz(nlh, VSW_A_EXT_PROGRAM, e->program);
	if (e->params[0])
		mnl_attr_put_strz(nlh, VSW_A_EXT_PARAMS, e->params);
	mnl_attr_put_u8(nlh, VSW_A_EXT_LOADED, live);
	if (live) {
		mnl_attr_put_u32(nlh, VSW_A_EXT_ID, id);
		mnl_attr_put_u32(nlh, VSW_A_EXT_PROG_ID, info.prog_id);
		if (!vsw_ext_stats_get(e->sw->dp, id, &st))
			put_ext_stats(nlh, &st);
	}
	return ctl_conn_send(conn, nlh);
}

static bool ext_runs_before(const struct vext *a, const struct vext *b)
{
	return a->priority != b->priority ? a->priority < b->priority
					  : strcmp(a->name, b->name) < 0;
}

/* Extensions in run order: by switch, then slot, priority and name. */
static int cmd_ext_get(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	const char *swname = ctl_str(req, VSW_A_SWITCH_NAME);
	const char *name = ctl_str(req, VSW_A_EXT_NAME);
	struct vswitch *sw = swname ? model_switch_find(m, swname) : NULL;
	int ret = 0;

	if (name && !swname)
		return vsw_errf(err, -EINVAL, "extension '%s': name its switch too", name);
	if (swname && !sw)
		return vsw_errf(err, -ENOENT, "switch '%s' does not exist", swname);
	if (name && !model_ext_find(m, sw, name))
		return vsw_errf(err, -ENOENT, "switch '%s' has no extension '%s'", swname, name);
	for (struct vswitch *s = m->switches; s && !ret; s = s->next) {
		for (unsigned int slot = 0; slot < VSW_EXT_SLOT__MAX && !ret; slot++) {
			const struct vext *order[64];
			int n = 0;

			if (sw && s != sw)
				break;
			for (struct vext *e = m->exts; e && n < 64; e = e->next) {
				if (e->sw != s || vsw_ext_slot_of(e->kind, e->stage) != slot ||
				    (name && strcmp(name, e->name)))
					continue;
				int j = n++;

				while (j > 0 && ext_runs_before(e, order[j - 1])) {
					order[j] = order[j - 1];
					j--;
				}
				order[j] = e;
			}
			for (int i = 0; i < n && !ret; i++)
				ret = send_ext(req, conn, order[i]);
		}
	}
	return ret;
}

struct sample_dump {
	const struct ctl_request *req;
	struct ctl_conn *conn;
	int ret;
};

static int send_sample(const struct vsw_ext_sample *smp, void *ctx)
{
	struct sample_dump *d = ctx;
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh;

	if (d->ret)
		return 0;
	nlh = ctl_reply_start(buf, d->req);
	mnl_attr_put_u8(nlh, VSW_A_EXT_STAGE, smp->stage);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, smp->in_ifindex);
	mnl_attr_put_u32(nlh, VSW_A_EXT_OUT_IFINDEX, smp->out_ifindex);
	mnl_attr_put_u16(nlh, VSW_A_VID, smp->vid);
	mnl_attr_put_u32(nlh, VSW_A_EXT_FRAME_LEN, smp->len);
	mnl_attr_put(nlh, VSW_A_EXT_FRAME, smp->cap_len, smp->data);
	d->ret = ctl_conn_send(d->conn, nlh);
	return 0;
}

static int cmd_ext_samples(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
			   struct vsw_err *err)
{
	struct vswitch *sw = need_switch(m, req, err);
	const char *name = ctl_str(req, VSW_A_EXT_NAME);
	struct sample_dump d = { req, conn, 0 };
	unsigned int taken;
	int ret;

	if (!sw)
		return -ENOENT;
	if (!model_ext_find(m, sw, name))
		return vsw_errf(err, -ENOENT, "switch '%s' has no extension '%s'", sw->name, name);
	ret = vsw_ext_samples(sw->dp, name, ctl_u32(req, VSW_A_COUNT, 1000), send_sample, &d,
			      &taken);
	if (ret == -ENOENT)
		return vsw_errf(err, ret, "extension '%s' keeps no samples (no ring buffer "
				"called " VSW_EXT_SAMPLES_MAP ")", name);
	if (ret)
		return vsw_errf(err, ret, "extension '%s': cannot read its samples: %s", name,
				strerror(-ret));
	return d.ret;
}

/* ---- trace and capture ---- */

static const char *port_name_of(struct model *m, __u32 ifindex)
{
	struct vport *p = model_port_by_ifindex(m, ifindex);

	return p ? p->name : NULL;
}

/* The decision as VSW_A_TRACE (vsw_ctl.h), destinations by port name. */
static int put_trace(struct model *m, struct vswitch *sw, struct nlmsghdr *nlh,
		     const struct vsw_decision *dec, struct vsw_err *err)
{
	struct vsw_trace_dest dests[VSW_MAX_PORTS];
	unsigned int n, i;
	struct nlattr *nest;
	const char *name;
	int ret;

	ret = vsw_trace_dests(sw->dp, dec, dests, &n);
	if (ret)
		return vsw_errf(err, ret, "trace: cannot read the ports: %s", strerror(-ret));
	nest = mnl_attr_nest_start(nlh, VSW_A_TRACE);
	mnl_attr_put_u8(nlh, VSW_TRACE_VERDICT, dec->verdict);
	if (dec->verdict == VSW_V_DROP)
		mnl_attr_put_u8(nlh, VSW_TRACE_REASON, dec->reason);
	mnl_attr_put_u32(nlh, VSW_TRACE_FLAGS, dec->flags);
	mnl_attr_put_u16(nlh, VSW_TRACE_VID, dec->vid);
	if ((dec->flags & VSW_DEC_F_FDB_HIT) && (name = port_name_of(m, dec->out_ifindex)))
		mnl_attr_put_strz(nlh, VSW_TRACE_FDB_PORT, name);
	for (i = 0; i < n; i++) {
		name = port_name_of(m, dests[i].ifindex);
		/* Keep room for TO_MORE: a flood may reach more ports than
		 * one message holds names of. */
		if (name && !mnl_attr_put_strz_check(nlh, VSW_CTL_MSG_MAX - 16,
						     dests[i].tagged ? VSW_TRACE_TO_TAGGED
								     : VSW_TRACE_TO_UNTAGGED, name))
			break;
	}
	if (i < n)
		mnl_attr_put_u32(nlh, VSW_TRACE_TO_MORE, n - i);
	mnl_attr_nest_end(nlh, nest);
	return 0;
}

static int cmd_trace(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		     struct vsw_err *err)
{
	struct vswitch *sw = need_switch(m, req, err);
	const char *port = ctl_str(req, VSW_A_PORT_NAME);
	const struct nlattr *frame = req->tb[VSW_A_FRAME];
	char buf[VSW_CTL_MSG_MAX];
	struct vsw_decision dec;
	struct nlmsghdr *nlh;
	__u32 ifindex;
	int ret;

	if (!sw)
		return -ENOENT;
	ret = port_ifindex(m, sw, port, &ifindex, err);
	if (ret)
		return ret;
	ret = vsw_trace_run(sw->dp, ifindex, mnl_attr_get_payload(frame),
			    mnl_attr_get_payload_len(frame), &dec);
	if (ret)
		return vsw_errf(err, ret, "trace on port '%s': %s", port, strerror(-ret));
	nlh = ctl_reply_start(buf, req);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw->name);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, port);
	ret = put_trace(m, sw, nlh, &dec, err);
	return ret ?: ctl_conn_send(conn, nlh);
}

/* The reply says which port's netdev the frames cross; then, after the
 * ack, capture.c sends them on this connection until it closes. */
static int cmd_capture(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_PORT_NAME);
	struct vport *p = model_port_find(m, name);
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh;
	int ret;

	if (!p)
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", name);
	ret = capture_start(m, conn, req->nlh->nlmsg_seq, p, ctl_u8(req, VSW_A_CAPTURE_DIR, 0),
			    err);
	if (ret)
		return ret;
	nlh = ctl_reply_start(buf, req);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, p->sw->name);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, p->name);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, p->nic->dp_ifindex);
	return ctl_conn_send(conn, nlh);
}

/* ---- port ACLs ---- */

static int cmd_acl_add(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	const char *port = ctl_str(req, VSW_A_PORT_NAME);
	char buf[VSW_CTL_MSG_MAX];
	struct vsw_acl_rule r;
	struct nlmsghdr *nlh;
	__u32 id;
	int ret;

	vsw_acl_rule_init(&r);
	r.dirs = ctl_u8(req, VSW_A_ACL_DIR, 0);
	r.action = ctl_u8(req, VSW_A_ACL_ACTION, VSW_ACL_ACTIONS);
	r.priority = ctl_u32(req, VSW_A_ACL_PRIORITY, VSW_ACL_PRIORITY_DEFAULT);
	if (req->tb[VSW_A_ACL_PROTO])
		r.proto = ctl_u8(req, VSW_A_ACL_PROTO, 0);
	if (req->tb[VSW_A_ACL_LOCAL])
		memcpy(&r.local, ctl_bin(req, VSW_A_ACL_LOCAL), sizeof(r.local));
	if (req->tb[VSW_A_ACL_REMOTE])
		memcpy(&r.remote, ctl_bin(req, VSW_A_ACL_REMOTE), sizeof(r.remote));
	if ((r.has_lport = req->tb[VSW_A_ACL_LPORT]))
		memcpy(&r.lport, ctl_bin(req, VSW_A_ACL_LPORT), sizeof(r.lport));
	if ((r.has_rport = req->tb[VSW_A_ACL_RPORT]))
		memcpy(&r.rport, ctl_bin(req, VSW_A_ACL_RPORT), sizeof(r.rport));
	if ((r.has_lmac = req->tb[VSW_A_ACL_LOCAL_MAC]))
		memcpy(r.lmac, ctl_bin(req, VSW_A_ACL_LOCAL_MAC), 6);
	if ((r.has_rmac = req->tb[VSW_A_ACL_REMOTE_MAC]))
		memcpy(r.rmac, ctl_bin(req, VSW_A_ACL_REMOTE_MAC), 6);
	r.stateful = ctl_flag(req, VSW_A_ACL_STATEFUL);
	if (req->tb[VSW_A_ACL_TIMEOUT] && !r.stateful)
		return vsw_errf(err, -EINVAL, "port '%s': a timeout is for stateful rules", port);
	r.timeout_s = ctl_u32(req, VSW_A_ACL_TIMEOUT, VSW_ACL_TIMEOUT_DEFAULT);
	/* A prefix's bits past its length would make two equal rules differ. */
	if ((r.local.family && vsw_acl_cidr_canonical(&r.local)) ||
	    (r.remote.family && vsw_acl_cidr_canonical(&r.remote)))
		return vsw_errf(err, -EINVAL, "port '%s': a prefix has bits set past its length, "
				"or is not IPv4 or IPv6", port);
	ret = model_acl_add(m, port, &r, &id, err);
	if (ret)
		return ret;
	nlh = ctl_reply_start(buf, req);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, port);
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, id);
	return ctl_conn_send(conn, nlh);
}

static int cmd_acl_del(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	return model_acl_del(m, ctl_str(req, VSW_A_PORT_NAME), ctl_u32(req, VSW_A_ACL_ID, 0), err);
}

static int send_acl_rule(const struct ctl_request *req, struct ctl_conn *conn,
			 const struct vport *p, const struct vsw_acl_rule *r)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);
	__u64 hits = 0;

	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, p->name);
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, r->id);
	mnl_attr_put_u8(nlh, VSW_A_ACL_DIR, r->dirs);
	mnl_attr_put_u8(nlh, VSW_A_ACL_ACTION, r->action);
	mnl_attr_put_u32(nlh, VSW_A_ACL_PRIORITY, r->priority);
	vsw_acl_match_put(nlh, r);
	if (r->stateful)
		mnl_attr_put_u32(nlh, VSW_A_ACL_TIMEOUT, r->timeout_s);
	/* Counted only while the port is in a datapath. */
	if (p->nic && p->nic->dp_ifindex)
		vsw_acl_hits(p->sw->dp, r->pool, &hits);
	mnl_attr_put_u64(nlh, VSW_A_ACL_HITS, hits);
	return ctl_conn_send(conn, nlh);
}

static int cmd_acl_get(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		       struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_PORT_NAME);
	struct vport *p = model_port_find(m, name);
	int ret = 0;

	if (!p)
		return vsw_errf(err, -ENOENT, "port '%s' does not exist", name);
	for (unsigned int i = 0; i < p->nacl && !ret; i++)
		ret = send_acl_rule(req, conn, p, &p->acl[i]);
	return ret;
}

static const cmd_fn commands[__VSW_CMD_MAX] = {
	[VSW_CMD_VERSION] = cmd_version,
	[VSW_CMD_SWITCH_ADD] = cmd_switch_add,
	[VSW_CMD_SWITCH_DEL] = cmd_switch_del,
	[VSW_CMD_SWITCH_GET] = cmd_switch_get,
	[VSW_CMD_PORT_ADD] = cmd_port_add,
	[VSW_CMD_PORT_SET] = cmd_port_set,
	[VSW_CMD_PORT_DEL] = cmd_port_del,
	[VSW_CMD_PORT_GET] = cmd_port_get,
	[VSW_CMD_NIC_ADD] = cmd_nic_add,
	[VSW_CMD_NIC_DEL] = cmd_nic_del,
	[VSW_CMD_NIC_CONNECT] = cmd_nic_connect,
	[VSW_CMD_NIC_DISCONNECT] = cmd_nic_disconnect,
	[VSW_CMD_NIC_GET] = cmd_nic_get,
	[VSW_CMD_FDB_GET] = cmd_fdb_get,
	[VSW_CMD_FDB_ADD] = cmd_fdb_add,
	[VSW_CMD_FDB_DEL] = cmd_fdb_del,
	[VSW_CMD_FDB_FLUSH] = cmd_fdb_flush,
	[VSW_CMD_TRACE] = cmd_trace,
	[VSW_CMD_CAPTURE] = cmd_capture,
	[VSW_CMD_EXT_ADD] = cmd_ext_add,
	[VSW_CMD_EXT_DEL] = cmd_ext_del,
	[VSW_CMD_EXT_GET] = cmd_ext_get,
	[VSW_CMD_EXT_SAMPLES] = cmd_ext_samples,
	[VSW_CMD_ACL_ADD] = cmd_acl_add,
	[VSW_CMD_ACL_DEL] = cmd_acl_del,
	[VSW_CMD_ACL_GET] = cmd_acl_get,
};

const char *commands_admin_only(const struct model *m, const struct ctl_request *req)
{
	const struct vnic *n;

	switch (req->cmd) {
	case VSW_CMD_NIC_ADD:
		return ctl_u8(req, VSW_A_NIC_KIND, 0) == VSW_NIC_PHYSICAL ? "adopt a physical NIC" :
									     NULL;
	case VSW_CMD_NIC_DEL:
		n = model_nic_find(m, ctl_str(req, VSW_A_NIC_NAME));
		return n && n->kind == VSW_NIC_PHYSICAL ? "release a physical NIC" : NULL;
	case VSW_CMD_EXT_ADD:
		return "load an extension";
	case VSW_CMD_EXT_DEL:
		return "remove an extension";
	default:
		return NULL;
	}
}

int commands_run(struct model *m, const struct ctl_request *req, struct ctl_conn *conn,
		 struct vsw_err *err)
{
	if (req->cmd >= __VSW_CMD_MAX || !commands[req->cmd])
		return vsw_errf(err, -EOPNOTSUPP, "unknown command %u", req->cmd);
	return commands[req->cmd](m, req, conn, err);
}
