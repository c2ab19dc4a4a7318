// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The command table of the control protocol: each validated request is
 * turned into model operations, and each show request into one reply
 * message per object. What a reply carries is listed in
 * docs/control-protocol.md.
 */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "commands.h"
#include "legacy_nic.h"
#include "ctl_server.h"
#include "log.h"
#include "vlan_set.h"

#ifndef VSW_VERSION_STRING
#define VSW_VERSION_STRING "0.1"
#endif

typedef int (*cmd_fn)(struct model *m, const struct ctl_request *req, int conn,
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

static int cmd_version(struct model *m, const struct ctl_request *req, int conn,
		       struct vsw_err *err)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);

	mnl_attr_put_u32(nlh, VSW_A_VERSION, VSW_CTL_VERSION);
	mnl_attr_put_strz(nlh, VSW_A_BUILD, VSW_VERSION_STRING);
	return ctl_conn_send(conn, nlh);
}

/* ---- switches ---- */

static int cmd_switch_add(struct model *m, const struct ctl_request *req, int conn,
			  struct vsw_err *err)
{
	return model_switch_add(m, ctl_str(req, VSW_A_SWITCH_NAME), err);
}

static int cmd_switch_del(struct model *m, const struct ctl_request *req, int conn,
			  struct vsw_err *err)
{
	return model_switch_del(m, ctl_str(req, VSW_A_SWITCH_NAME), ctl_flag(req, VSW_A_FORCE),
				err);
}

static int send_switch(struct model *m, const struct ctl_request *req, int conn,
		       const struct vswitch *sw)
{
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, req);
	struct vsw_port_stats s;

	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw->name);
	mnl_attr_put_u8(nlh, VSW_A_SWITCH_TYPE, model_switch_type(m, sw));
	mnl_attr_put_u32(nlh, VSW_A_COUNT, model_switch_port_count(m, sw));
	if (!vsw_dp_switch_stats(sw->dp, &s))
		put_stats(nlh, &s);
	return ctl_conn_send(conn, nlh);
}

static int cmd_switch_get(struct model *m, const struct ctl_request *req, int conn,
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

/* VLAN attributes of a request into a port configuration. */
static int port_cfg_from_req(const struct ctl_request *req, const char *name,
			     struct vsw_port_cfg *cfg, struct vsw_err *err)
{
	__u8 mode = ctl_u8(req, VSW_A_VLAN_MODE, VSW_PORT_ACCESS);
	const void *vids = ctl_bin(req, VSW_A_VLAN_TRUNK);

	vsw_port_cfg_init(cfg);
	if (!req->tb[VSW_A_VLAN_MODE] && (req->tb[VSW_A_VLAN_PVID] || vids))
		return vsw_errf(err, -EINVAL, "port '%s': VLAN settings without a mode", name);
	switch (mode) {
	case VSW_PORT_ACCESS:
		if (vids)
			return vsw_errf(err, -EINVAL, "port '%s': an access port has no VID list",
					name);
		cfg->pvid = ctl_u16(req, VSW_A_VLAN_PVID, VSW_DEFAULT_VID);
		if (!cfg->pvid)
			return vsw_errf(err, -EINVAL, "port '%s': access VID 0 is not a VLAN", name);
		break;
	case VSW_PORT_TRUNK:
		if (!vids)
			return vsw_errf(err, -EINVAL, "port '%s': a trunk needs its VID list", name);
		cfg->mode = VSW_PORT_TRUNK;
		memcpy(cfg->vlans, vids, sizeof(cfg->vlans));
		cfg->pvid = ctl_u16(req, VSW_A_VLAN_PVID, 0);
		if (vlan_set_has(cfg->vlans, 0) || vlan_set_has(cfg->vlans, 4095))
			return vsw_errf(err, -EINVAL, "port '%s': VIDs 0 and 4095 are not VLANs",
					name);
		if (!vlan_set_count(cfg->vlans))
			return vsw_errf(err, -EINVAL, "port '%s': empty VID list", name);
		break;
	default:
		return vsw_errf(err, -EINVAL, "port '%s': unknown VLAN mode %u", name, mode);
	}
	return 0;
}

static int cmd_port_add(struct model *m, const struct ctl_request *req, int conn,
			struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_PORT_NAME);
	struct vsw_port_cfg cfg;

	return port_cfg_from_req(req, name, &cfg, err) ?:
	       model_port_add(m, name, ctl_str(req, VSW_A_SWITCH_NAME), &cfg, err);
}

static int cmd_port_set(struct model *m, const struct ctl_request *req, int conn,
			struct vsw_err *err)
{
	const char *name = ctl_str(req, VSW_A_PORT_NAME);
	struct vsw_port_cfg cfg;

	return port_cfg_from_req(req, name, &cfg, err) ?: model_port_set(m, name, &cfg, err);
}

static int cmd_port_del(struct model *m, const struct ctl_request *req, int conn,
			struct vsw_err *err)
{
	return model_port_del(m, ctl_str(req, VSW_A_PORT_NAME), ctl_flag(req, VSW_A_FORCE), err);
}

static int send_port(const struct ctl_request *req, int conn, const struct vport *p)
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
	port_stats(p, &s);
	put_stats(nlh, &s);
	return ctl_conn_send(conn, nlh);
}

static int cmd_port_get(struct model *m, const struct ctl_request *req, int conn,
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

static int cmd_nic_add(struct model *m, const struct ctl_request *req, int conn,
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
	};
	bool host = spec.kind == VSW_NIC_HOST, vm = spec.kind == VSW_NIC_VM;
	bool legacy = spec.kind == VSW_NIC_LEGACY;

	/* Each type takes its own options only. */
	if (spec.netns && !host)
		return vsw_errf(err, -EINVAL, "nic '%s': netns is for type host", spec.name);
	if (spec.mac && !host && !legacy)
		return vsw_errf(err, -EINVAL, "nic '%s': mac is for types host and legacy",
				spec.name);
	if (spec.ifname && legacy)
		return vsw_errf(err, -EINVAL, "nic '%s': a legacy NIC's netdevs are named like it",
				spec.name);
	if ((req->tb[VSW_A_OWNER] || req->tb[VSW_A_GROUP] || req->tb[VSW_A_QUEUES]) && !vm)
		return vsw_errf(err, -EINVAL, "nic '%s': owner, group and queues are for type vm",
				spec.name);
	if (spec.ifname && host)
		return vsw_errf(err, -EINVAL, "nic '%s': a host NIC's netdev is named like it",
				spec.name);
	if (vm && (spec.queues < 1 || spec.queues > 256))
		return vsw_errf(err, -EINVAL, "nic '%s': queues %u (1-256)", spec.name,
				spec.queues);
	return model_nic_add(m, &spec, err);
}

static int cmd_nic_del(struct model *m, const struct ctl_request *req, int conn,
		       struct vsw_err *err)
{
	return model_nic_del(m, ctl_str(req, VSW_A_NIC_NAME), ctl_flag(req, VSW_A_FORCE), err);
}

static int cmd_nic_connect(struct model *m, const struct ctl_request *req, int conn,
			   struct vsw_err *err)
{
	return model_nic_connect(m, ctl_str(req, VSW_A_NIC_NAME), ctl_str(req, VSW_A_PORT_NAME),
				 err);
}

static int cmd_nic_disconnect(struct model *m, const struct ctl_request *req, int conn,
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
	if (n->legacy)
		legacy_nic_get_stats(n->legacy, &s);
	mnl_attr_put_u8(nlh, VSW_A_LEGACY_VMM, s.vmm_connected);
	mnl_attr_put_u64(nlh, VSW_A_LEGACY_RX, s.rx_frames);
	mnl_attr_put_u64(nlh, VSW_A_LEGACY_RX_DROPPED, s.rx_dropped);
	mnl_attr_put_u64(nlh, VSW_A_LEGACY_TX, s.tx_frames);
}

static int send_nic(const struct model *m, const struct ctl_request *req, int conn,
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
	if (n->has_mac)
		mnl_attr_put(nlh, VSW_A_MAC, 6, n->mac);
	if (n->kind == VSW_NIC_VM) {
		if (n->owner != (__u32)-1)
			mnl_attr_put_u32(nlh, VSW_A_OWNER, n->owner);
		if (n->group != (__u32)-1)
			mnl_attr_put_u32(nlh, VSW_A_GROUP, n->group);
		mnl_attr_put_u32(nlh, VSW_A_QUEUES, n->queues);
	}
	if (n->adopted)
		mnl_attr_put(nlh, VSW_A_ADOPTED, 0, NULL);
	if (n->kind == VSW_NIC_LEGACY)
		put_legacy(m, nlh, n);
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

static int cmd_nic_get(struct model *m, const struct ctl_request *req, int conn,
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

struct fdb_dump {
	struct model *m;
	const struct ctl_request *req;
	int conn;
};

static int send_fdb_entry(const struct vsw_fdb_key *k, const struct vsw_fdb_entry *e,
			  __u64 age_ns, void *ctx)
{
	struct fdb_dump *d = ctx;
	char buf[VSW_CTL_MSG_MAX];
	struct nlmsghdr *nlh = ctl_reply_start(buf, d->req);
	struct vport *p = model_port_by_ifindex(d->m, e->ifindex);

	mnl_attr_put_u16(nlh, VSW_A_VID, k->vid);
	mnl_attr_put(nlh, VSW_A_MAC, 6, k->mac);
	mnl_attr_put_u32(nlh, VSW_A_IFINDEX, e->ifindex);
	if (p)
		mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, p->name);
	if (e->flags & VSW_FDB_F_STATIC)
		mnl_attr_put(nlh, VSW_A_FDB_STATIC, 0, NULL);
	else
		mnl_attr_put_u64(nlh, VSW_A_AGE_MS, age_ns / 1000000);
	return ctl_conn_send(d->conn, nlh);
}

static int cmd_fdb_get(struct model *m, const struct ctl_request *req, int conn,
		       struct vsw_err *err)
{
	struct vswitch *sw = need_switch(m, req, err);
	struct fdb_dump d = { m, req, conn };

	return sw ? vsw_dp_fdb_foreach(sw->dp, send_fdb_entry, &d) : -ENOENT;
}

static int cmd_fdb_add(struct model *m, const struct ctl_request *req, int conn,
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

static int cmd_fdb_del(struct model *m, const struct ctl_request *req, int conn,
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

static int cmd_fdb_flush(struct model *m, const struct ctl_request *req, int conn,
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
};

int commands_run(struct model *m, const struct ctl_request *req, int conn, struct vsw_err *err)
{
	if (req->cmd >= __VSW_CMD_MAX || !commands[req->cmd])
		return vsw_errf(err, -EOPNOTSUPP, "unknown command %u", req->cmd);
	return commands[req->cmd](m, req, conn, err);
}
