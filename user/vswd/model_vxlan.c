// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * VXLAN NICs in the model (model_vxlan.h, docs/multihost.md): what a
 * connected VXLAN NIC puts into its switch's VXLAN maps, the next hops
 * of remote VTEPs, and the calls of a control plane.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#include "log.h"
#include "model_int.h"
#include "model_vxlan.h"
#include "netdev.h"
#include "nic_offload.h"
#include "vxlan.h"

static const char *ip_str(__be32 a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static bool vx_connected(const struct vnic *n)
{
	return n->kind == VSW_NIC_VXLAN && n->vx && n->port && n->dp_ifindex && n->vx->tun;
}

/* The VNIs of a NIC (its access VNI, or its vni-map's) and their VLANs:
 * out[2i] VID, out[2i+1] VNI. An access NIC's VID is its port's. */
static unsigned int vx_vnis(const struct vnic *n, __u32 *out)
{
	const struct vnic_vxlan *vx = n->vx;

	if (!vx->nmap) {
		out[0] = n->port ? n->port->cfg.pvid : 0;
		out[1] = vx->vni;
		return 1;
	}
	memcpy(out, vx->map, vx->nmap * 2 * sizeof(*out));
	return vx->nmap;
}

/* The connected NIC carrying vni, and that VNI's VID in its switch. */
static struct vnic *nic_of_vni(const struct model *m, __u32 vni, __u16 *vid)
{
	__u32 pairs[2 * VXLAN_MAP_MAX];
	unsigned int k;

	for (struct vnic *n = m->nics; n; n = n->next) {
		if (!vx_connected(n))
			continue;
		k = vx_vnis(n, pairs);
		for (unsigned int i = 0; i < k; i++)
			if (pairs[2 * i + 1] == vni) {
				if (vid)
					*vid = pairs[2 * i];
				return n;
			}
	}
	return NULL;
}

/* Does another NIC than self carry one of these VNIs (connected or not)? */
static const struct vnic *vni_taken(const struct model *m, const struct vnic *self,
				    const struct vnic_vxlan *vx, __u32 *which)
{
	for (const struct vnic *n = m->nics; n; n = n->next) {
		if (n == self || n->kind != VSW_NIC_VXLAN || !n->vx)
			continue;
		for (unsigned int i = 0; i < (vx->nmap ? vx->nmap : 1); i++) {
			__u32 vni = vx->nmap ? vx->map[2 * i + 1] : vx->vni;

			if (n->vx->vni == vni)
				goto taken;
			for (unsigned int j = 0; j < n->vx->nmap; j++)
				if (n->vx->map[2 * j + 1] == vni)
					goto taken;
			continue;
taken:
			*which = vni;
			return n;
		}
	}
	return NULL;
}

int model_vxlan_check(const struct model *m, const char *name, const struct vnic_vxlan *vx,
		      struct vsw_err *err)
{
	const struct vnic *other;
	__u32 vni;

	if (!vx)
		return vsw_errf(err, -EINVAL, "nic '%s': type vxlan needs 'vni VNI' or 'vni-map "
				"VID=VNI,...', and 'local IP'", name);
	if (!vx->vni == !vx->nmap)
		return vsw_errf(err, -EINVAL, "nic '%s': give either 'vni VNI' (an access port) "
				"or 'vni-map VID=VNI,...' (a trunk port)", name);
	if (vx->vni > VSW_VNI_MAX)
		return vsw_errf(err, -EINVAL, "nic '%s': vni %u (1-%u)", name, vx->vni,
				VSW_VNI_MAX);
	if (vx->nmap > VXLAN_MAP_MAX)
		return vsw_errf(err, -EINVAL, "nic '%s': more than %d vni-map pairs", name,
				VXLAN_MAP_MAX);
	for (unsigned int i = 0; i < vx->nmap; i++)
		if (vx->map[2 * i] < VSW_VID_MIN || vx->map[2 * i] > VSW_VID_MAX ||
		    !vx->map[2 * i + 1] || vx->map[2 * i + 1] > VSW_VNI_MAX)
			return vsw_errf(err, -EINVAL, "nic '%s': vni-map %u=%u: VID 1-4094, VNI "
					"1-%u", name, vx->map[2 * i], vx->map[2 * i + 1],
					VSW_VNI_MAX);
	if (!vx->local)
		return vsw_errf(err, -EINVAL, "nic '%s': type vxlan needs 'local IP', the VTEP "
				"address", name);
	if (!vx->dstport)
		return vsw_errf(err, -EINVAL, "nic '%s': dstport 0", name);
	if (vx->nremote > VXLAN_REMOTE_MAX)
		return vsw_errf(err, -EINVAL, "nic '%s': more than %d remote VTEPs", name,
				VXLAN_REMOTE_MAX);
	for (unsigned int i = 0; i < vx->nremote; i++)
		if (vx->remote[i] == vx->local)
			return vsw_errf(err, -EINVAL, "nic '%s': remote lists the local address",
					name);
	other = vni_taken(m, model_nic_find(m, name), vx, &vni);
	if (other)
		return vsw_errf(err, -EEXIST, "nic '%s': VNI %u is nic '%s''s", name, vni,
				other->name);
	return 0;
}

/* The underlay: the netdev named dev, or the one holding the local address. */
static int vx_underlay(const struct vnic *n, struct netdev_info *out, struct vsw_err *err)
{
	struct ifaddrs *ifa, *i;
	char a[INET_ADDRSTRLEN];
	int ret = -EADDRNOTAVAIL;

	if (n->vx->dev[0]) {
		if (netdev_get_by_name(n->vx->dev, out))
			return vsw_errf(err, -ENODEV, "nic '%s': no underlay netdev '%s'", n->name,
					n->vx->dev);
		return 0;
	}
	if (getifaddrs(&ifa))
		return vsw_errf(err, -errno, "nic '%s': cannot list addresses: %s", n->name,
				strerror(errno));
	for (i = ifa; i; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
		    ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr == n->vx->local) {
			ret = netdev_get_by_name(i->ifa_name, out);
			break;
		}
	freeifaddrs(ifa);
	if (ret)
		return vsw_errf(err, ret, "nic '%s': no netdev has the local address %s (give "
				"'dev UNDERLAY')", n->name, ip_str(n->vx->local, a));
	return 0;
}

/* The next hop towards vtep into the datapath; with known, only when it
 * has none yet (a control plane adding MACs behind a VTEP). When the
 * kernel does not know it, it is asked (ARP) and the model notes that
 * an answer is awaited: vswd calls model_vxlan_resolve() again shortly,
 * rather than this waiting in the event loop. */
static void nh_resolve(struct model *m, struct vsw_dp *dp, __be32 vtep, bool known)
{
	char a[INET_ADDRSTRLEN];
	__u8 mac[6], old[6];
	__u32 oif;
	int ret;

	if (known && !vsw_vx_nh_get(dp, vtep, old))
		return;
	ret = netdev_neigh_resolve(vtep, &oif, mac);
	if (ret == -EAGAIN)
		m->vx_nh_pending = true;
	if (ret) {
		pr_debug("vxlan: no next hop for VTEP %s yet: %s\n", ip_str(vtep, a),
			 strerror(-ret));
		return;
	}
	if (!vsw_vx_nh_get(dp, vtep, old) && !memcmp(old, mac, 6))
		return;
	if (vsw_vx_nh_set(dp, vtep, mac))
		pr_warn("vxlan: cannot store the next hop of VTEP %s\n", ip_str(vtep, a));
}

/* The VNI's flood list: the static remotes and a control plane's. */
static int flood_sync(struct model *m, struct vnic *n, __u32 vni)
{
	struct vsw_dp *dp = n->port->sw->dp;
	__be32 list[VSW_VX_FLOOD_MAX];
	unsigned int k = 0;

	for (unsigned int i = 0; i < n->vx->nremote && k < VSW_VX_FLOOD_MAX; i++)
		list[k++] = n->vx->remote[i];
	for (unsigned int i = 0; i < n->vx->ndyn; i++) {
		bool dup = false;

		if (n->vx->dyn[i].vni != vni)
			continue;
		for (unsigned int j = 0; j < k; j++)
			dup |= list[j] == n->vx->dyn[i].vtep;
		if (dup)
			continue;
		if (k == VSW_VX_FLOOD_MAX)
			return -E2BIG;
		list[k++] = n->vx->dyn[i].vtep;
	}
	for (unsigned int i = 0; i < k; i++)
		nh_resolve(m, dp, list[i], true);
	return vsw_vx_flood_set(dp, vni, list, k);
}

/* Another connected NIC of the switch on the same underlay. */
static const struct vnic *underlay_sharer(const struct model *m, const struct vnic *self,
					  __u32 underlay)
{
	for (const struct vnic *n = m->nics; n; n = n->next)
		if (n != self && vx_connected(n) && n->vx->underlay == underlay)
			return n;
	return NULL;
}

/* A veth is what a virtual underlay is (a container's, a test bed's);
 * anything else (hardware, and a VLAN, bond or macvlan over it) ends on
 * a wire. */
static bool underlay_virtual(const struct netdev_info *ul)
{
	return !strcmp(ul->kind, "veth");
}

/*
 * Our VTEP on the underlay, and the decap on it: native XDP where the
 * driver has it (packets off the wire, before any skb), generic on a
 * virtual underlay. A virtual underlay also loses its UDP tunnel
 * segmentation offload: with it, the GSO frames our encap sends would
 * cross to a receiver of this same kernel as one skb, which no decap can
 * turn back into a plain frame (its GSO state still says "tunnel"), and
 * a guest's TAP refuses. Without it the kernel cuts them into packets of
 * the underlay's MTU before they leave. Other underlays keep it: the
 * wire gets packets anyway.
 */
static int underlay_attach(struct vsw_dp *dp, const struct vnic *n,
			   const struct netdev_info *ul)
{
	struct vsw_vx_underlay u = { .local = n->vx->local, .dstport = htons(n->vx->dstport),
				     .mtu = ul->mtu }, had;
	bool turned_off = false;
	int ret;

	if (!vsw_vx_underlay_get(dp, ul->ifindex, &had))
		u.flags = had.flags; /* a sharer's, or a restarted vswd's */
	else if (underlay_virtual(ul)) {
		ret = vsw_vx_offload_off(ul->name, &u.flags);
		if (ret)
			pr_warn("nic '%s': cannot turn UDP tunnel segmentation off on '%s' (%s): "
				"TCP from its GSO frames may not reach guests behind other "
				"hosts (docs/multihost.md)\n", n->name, ul->name, strerror(-ret));
		else if (u.flags) {
			turned_off = true;
			pr_info("nic '%s': UDP tunnel segmentation offload off on virtual "
				"underlay '%s' (on again when no VXLAN NIC uses it)\n", n->name,
				ul->name);
		}
	}
	ret = vsw_vx_underlay_set(dp, ul->ifindex, &u, !underlay_virtual(ul));
	if (ret && turned_off)
		vsw_vx_offload_restore(ul->name, u.flags);
	return ret;
}

int model_vxlan_attach(struct model *m, struct vnic *n, struct vsw_err *err)
{
	struct vsw_dp *dp = n->port->sw->dp;
	struct vnic_vxlan *vx = n->vx;
	__u32 pairs[2 * VXLAN_MAP_MAX];
	const struct vnic *other;
	struct netdev_info ul;
	struct vsw_vx_tun t = { 0 };
	struct vsw_port port;
	unsigned int k;
	__u32 tun;
	int ret;

	if (vx->nmap && n->port->cfg.mode != VSW_PORT_TRUNK)
		return vsw_errf(err, -EINVAL, "nic '%s': a vni-map needs a trunk port ('%s' is "
				"access)", n->name, n->port->name);
	if (!vx->nmap && n->port->cfg.mode != VSW_PORT_ACCESS)
		return vsw_errf(err, -EINVAL, "nic '%s': one VNI needs an access port ('%s' is a "
				"trunk: give the NIC a vni-map)", n->name, n->port->name);
	ret = vx_underlay(n, &ul, err);
	if (ret)
		return ret;
	for (other = m->nics; other; other = other->next)
		if (other != n && vx_connected(other) && other->vx->underlay == ul.ifindex &&
		    (other->port->sw != n->port->sw || other->vx->local != vx->local ||
		     other->vx->dstport != vx->dstport))
			return vsw_errf(err, -EBUSY, "nic '%s': underlay '%s' serves nic '%s' with "
					"another switch, address or port", n->name, ul.name,
					other->name);
	tun = if_nametoindex(n->name);
	if (!tun)
		return vsw_errf(err, -ENODEV, "nic '%s': its tunnel netdev is gone", n->name);
	/* Every time, also on a pair an older vswd made: both ends take any
	 * length (the tunnel checks frames against the underlay's MTU,
	 * vxlan_mtu, and a GSO frame must pass the redirect whole), and the
	 * switch side has NAPI, which a native decap's redirect into the
	 * tunnel netdev needs. */
	ret = netdev_mtu_raise(tun);
	if (!ret)
		ret = netdev_mtu_raise(n->dp_ifindex);
	if (!ret)
		ret = netdev_gro_on(n->port_ifname);
	if (ret)
		return vsw_errf(err, ret, "nic '%s': cannot set up its veth pair: %s", n->name,
				strerror(-ret));
	ret = vsw_dp_port_get(dp, n->dp_ifindex, &port);
	if (ret)
		return vsw_errf(err, ret, "nic '%s': its port is not in the datapath", n->name);
	ret = underlay_attach(dp, n, &ul);
	if (ret == -EBUSY)
		return vsw_errf(err, ret, "nic '%s': underlay '%s' has another XDP program "
				"attached", n->name, ul.name);
	if (ret)
		return vsw_errf(err, ret, "nic '%s': cannot attach to underlay '%s': %s", n->name,
				ul.name, strerror(-ret));
	vx->underlay = ul.ifindex;
	t.underlay = ul.ifindex;
	t.port_slot = port.slot;
	t.vni = vx->nmap ? 0 : vx->vni;
	t.local = vx->local;
	t.dstport = htons(vx->dstport);
	t.mtu = ul.mtu;
	memcpy(t.mac, ul.mac, 6);
	netdev_set_up(tun, true);
	ret = vsw_vx_tun_set(dp, tun, &t);
	if (ret) {
		if (!underlay_sharer(m, n, ul.ifindex))
			vsw_vx_underlay_del(dp, ul.ifindex);
		vx->underlay = 0;
		return vsw_errf(err, ret, "nic '%s': cannot attach to its tunnel netdev: %s",
				n->name, strerror(-ret));
	}
	vx->tun = tun;
	k = vx_vnis(n, pairs);
	for (unsigned int i = 0; i < k && !ret; i++) {
		struct vsw_vx_vni v = { .tun = tun, .vid = vx->nmap ? pairs[2 * i] : 0,
					.port_slot = port.slot, .learn_limit = port.learn_limit };

		ret = vsw_vx_vni_set(dp, pairs[2 * i + 1], &v);
		if (!ret && vx->nmap)
			ret = vsw_vx_vid_set(dp, tun, pairs[2 * i], pairs[2 * i + 1]);
		if (!ret)
			ret = flood_sync(m, n, pairs[2 * i + 1]);
	}
	if (ret) {
		model_vxlan_detach(m, n);
		return vsw_errf(err, ret, "nic '%s': cannot set up its VNIs: %s", n->name,
				strerror(-ret));
	}
	vsw_vx_learned_recount(dp); /* its slot may have counted another's */
	return 0;
}

struct remote_pick {
	__u32 vni;
	__be32 vtep; /* 0: any */
	struct vsw_vx_mac_key keys[256];
	unsigned int n;
	bool more;
};

static int remote_pick(const struct vsw_vx_mac_key *key, const struct vsw_vx_remote *r,
		       void *ctx)
{
	struct remote_pick *p = ctx;

	if (key->vni != p->vni || (p->vtep && r->vtep != p->vtep))
		return 0;
	if (p->n == sizeof(p->keys) / sizeof(p->keys[0])) {
		p->more = true;
		return 1;
	}
	p->keys[p->n++] = *key;
	return 0;
}

/* Remove the remote MACs of vni (behind vtep, 0: any) from the VXLAN
 * table and the switch's FDB. */
static void remote_flush(struct vnic *n, __u32 vni, __u16 vid, __be32 vtep)
{
	struct vsw_dp *dp = n->port->sw->dp;
	struct remote_pick *p = malloc(sizeof(*p));

	if (!p)
		return;
	do {
		p->vni = vni;
		p->vtep = vtep;
		p->n = 0;
		p->more = false;
		vsw_vx_remote_foreach(dp, remote_pick, p);
		for (unsigned int i = 0; i < p->n; i++) {
			vsw_vx_remote_del(dp, vni, p->keys[i].mac);
			vsw_dp_fdb_del(dp, vid, p->keys[i].mac);
		}
	} while (p->more);
	free(p);
}

void model_vxlan_detach(struct model *m, struct vnic *n)
{
	struct vsw_dp *dp = n->port->sw->dp;
	__u32 pairs[2 * VXLAN_MAP_MAX];
	unsigned int k;

	if (!n->vx)
		return;
	k = vx_vnis(n, pairs);
	for (unsigned int i = 0; i < k; i++) {
		vsw_vx_vni_del(dp, pairs[2 * i + 1]);
		vsw_vx_flood_set(dp, pairs[2 * i + 1], NULL, 0);
		if (n->vx->tun && n->vx->nmap)
			vsw_vx_vid_del(dp, n->vx->tun, pairs[2 * i]);
		remote_flush(n, pairs[2 * i + 1], pairs[2 * i], 0);
	}
	if (n->vx->tun)
		vsw_vx_tun_del(dp, n->vx->tun);
	if (n->vx->underlay && !underlay_sharer(m, n, n->vx->underlay))
		vsw_vx_underlay_del(dp, n->vx->underlay);
	n->vx->tun = 0;
	n->vx->underlay = 0;
	free(n->vx->dyn);
	n->vx->dyn = NULL;
	n->vx->ndyn = 0;
}

int model_vxlan_stats(const struct vnic *n, struct vsw_vx_stats *out)
{
	struct vsw_port port;
	int ret;

	if (!vx_connected(n))
		return -ENOTCONN;
	ret = vsw_dp_port_get(n->port->sw->dp, n->dp_ifindex, &port);
	return ret ?: vsw_vx_stats(n->port->sw->dp, port.slot, out);
}

bool model_vxlan_fdb_vtep(const struct model *m, __u32 ifindex, __u16 vid, const __u8 mac[6],
			  __be32 *vtep)
{
	__u32 pairs[2 * VXLAN_MAP_MAX];
	struct vsw_vx_remote r;
	unsigned int k;

	for (const struct vnic *n = m->nics; n; n = n->next) {
		if (!vx_connected(n) || n->dp_ifindex != ifindex)
			continue;
		k = vx_vnis(n, pairs);
		for (unsigned int i = 0; i < k; i++)
			if (pairs[2 * i] == vid &&
			    !vsw_vx_remote_get(n->port->sw->dp, pairs[2 * i + 1], mac, &r)) {
				*vtep = r.vtep;
				return true;
			}
	}
	return false;
}

struct vtep_set {
	__u32 vni[2 * VXLAN_MAP_MAX];
	unsigned int nvni;
	__be32 vtep[VSW_VX_NH_MAX];
	unsigned int n;
};

static int collect_vtep(const struct vsw_vx_mac_key *key, const struct vsw_vx_remote *r,
			void *ctx)
{
	struct vtep_set *s = ctx;
	bool ours = false;

	for (unsigned int i = 0; i < s->nvni; i++)
		ours |= s->vni[2 * i + 1] == key->vni;
	if (!ours)
		return 0;
	for (unsigned int i = 0; i < s->n; i++)
		if (s->vtep[i] == r->vtep)
			return 0;
	if (s->n < VSW_VX_NH_MAX)
		s->vtep[s->n++] = r->vtep;
	return 0;
}

/* The next hops of every remote VTEP of every connected VXLAN NIC, asked
 * again; refresh: also those the datapath has (they may have changed). */
static void resolve_all(struct model *m, bool refresh)
{
	struct vtep_set *s = malloc(sizeof(*s));

	if (!s)
		return;
	m->vx_nh_pending = false;
	for (struct vnic *n = m->nics; n; n = n->next) {
		struct vsw_dp *dp;

		if (!vx_connected(n))
			continue;
		dp = n->port->sw->dp;
		s->nvni = vx_vnis(n, s->vni);
		s->n = 0;
		for (unsigned int i = 0; i < n->vx->nremote; i++)
			s->vtep[s->n++] = n->vx->remote[i];
		for (unsigned int i = 0; i < n->vx->ndyn && s->n < VSW_VX_NH_MAX; i++)
			s->vtep[s->n++] = n->vx->dyn[i].vtep;
		vsw_vx_remote_foreach(dp, collect_vtep, s);
		for (unsigned int i = 0; i < s->n; i++)
			nh_resolve(m, dp, s->vtep[i], !refresh);
	}
	free(s);
}

void model_vxlan_resolve(struct model *m)
{
	resolve_all(m, false);
}

/* The underlay's MTU as the datapath checks it, followed when it
 * changes: the decap's bound and the encap's. */
static void mtu_follow(struct vnic *n)
{
	struct vsw_dp *dp = n->port->sw->dp;
	struct netdev_info ul;
	struct vsw_vx_underlay u;
	struct vsw_vx_tun t;

	if (netdev_get_by_index(n->vx->underlay, &ul) || ul.mtu > 0xffff)
		return;
	if (!vsw_vx_underlay_get(dp, n->vx->underlay, &u) && u.mtu != ul.mtu) {
		u.mtu = ul.mtu;
		vsw_vx_underlay_set(dp, n->vx->underlay, &u, !underlay_virtual(&ul));
	}
	if (!vsw_vx_tun_get(dp, n->vx->tun, &t) && t.mtu != ul.mtu) {
		t.mtu = ul.mtu;
		vsw_vx_tun_set(dp, n->vx->tun, &t);
	}
}

void model_vxlan_tick(struct model *m)
{
	struct vsw_config cfg;

	for (struct vnic *n = m->nics; n; n = n->next) {
		struct vsw_dp *dp;
		bool seen = false;

		if (!vx_connected(n))
			continue;
		mtu_follow(n);
		dp = n->port->sw->dp;
		/* Once a switch: the walks cover all its tunnels. */
		for (struct vnic *o = m->nics; o != n && !seen; o = o->next)
			seen = vx_connected(o) && o->port->sw->dp == dp;
		if (seen)
			continue;
		/* Learned remote MACs age with the switch's FDB; one walk ages
		 * them and counts what stays. */
		vsw_vx_remote_age(dp, vsw_dp_get_config(dp, &cfg) ? 0 : cfg.aging_ns, NULL);
	}
	resolve_all(m, true);
}

/* ---- what a control plane calls (model_vxlan.h) ---- */

static void vni_info(const struct vnic *n, __u32 vni, __u16 vid, struct vxlan_vni_info *out)
{
	struct netdev_info ul;

	memset(out, 0, sizeof(*out));
	out->vni = vni;
	out->vid = vid;
	out->dstport = n->vx->dstport;
	out->local = n->vx->local;
	out->underlay_ifindex = n->vx->underlay;
	if (n->vx->underlay && !netdev_get_by_index(n->vx->underlay, &ul))
		snprintf(out->underlay, sizeof(out->underlay), "%s", ul.name);
	snprintf(out->nic, sizeof(out->nic), "%s", n->name);
	snprintf(out->sw, sizeof(out->sw), "%s", n->port->sw->name);
	out->up = model_port_up(n->port);
}

int model_vxlan_vnis(struct model *m, vxlan_vni_fn cb, void *arg)
{
	__u32 pairs[2 * VXLAN_MAP_MAX];
	struct vxlan_vni_info info;
	unsigned int k;

	for (struct vnic *n = m->nics; n; n = n->next) {
		if (!vx_connected(n))
			continue;
		k = vx_vnis(n, pairs);
		for (unsigned int i = 0; i < k; i++) {
			vni_info(n, pairs[2 * i + 1], pairs[2 * i], &info);
			cb(&info, arg);
		}
	}
	return 0;
}

int model_vxlan_vni(struct model *m, __u32 vni, struct vxlan_vni_info *out,
		    struct vsw_err *err)
{
	__u16 vid;
	struct vnic *n = nic_of_vni(m, vni, &vid);

	if (!n)
		return vsw_errf(err, -ENOENT, "no connected VXLAN NIC carries VNI %u", vni);
	vni_info(n, vni, vid, out);
	return 0;
}

struct local_macs {
	__u16 vid;
	__u32 tun_port;
	__u8 (*macs)[6];
	unsigned int n, cap;
};

static int local_add(struct local_macs *l, const __u8 mac[6])
{
	void *grown;

	for (unsigned int i = 0; i < l->n; i++)
		if (!memcmp(l->macs[i], mac, 6))
			return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		grown = realloc(l->macs, l->cap * 6);
		if (!grown)
			return -ENOMEM;
		l->macs = grown;
	}
	memcpy(l->macs[l->n++], mac, 6);
	return 0;
}

static int local_fdb(const struct vsw_fdb_key *key, const struct vsw_fdb_entry *e,
		     __u64 age_ns, void *ctx)
{
	struct local_macs *l = ctx;

	if (key->vid != l->vid || e->ifindex == l->tun_port)
		return 0;
	return local_add(l, key->mac);
}

static bool port_in_vlan(const struct vport *p, __u16 vid)
{
	if (p->cfg.mode == VSW_PORT_ACCESS)
		return p->cfg.pvid == vid;
	return p->cfg.pvid == vid || (p->cfg.vlans[vid / 64] >> (vid % 64)) & 1;
}

int model_vxlan_local_macs(struct model *m, __u32 vni, vxlan_mac_fn cb, void *arg,
			   struct vsw_err *err)
{
	struct local_macs l = { 0 };
	struct vnic *n = nic_of_vni(m, vni, &l.vid);
	int ret;

	if (!n)
		return vsw_errf(err, -ENOENT, "no connected VXLAN NIC carries VNI %u", vni);
	l.tun_port = n->dp_ifindex;
	ret = vsw_dp_fdb_foreach(n->port->sw->dp, local_fdb, &l);
	for (struct vnic *o = m->nics; !ret && o; o = o->next)
		if (o != n && o->has_mac && o->port && o->port->sw == n->port->sw &&
		    port_in_vlan(o->port, l.vid))
			ret = local_add(&l, o->mac);
	if (ret) {
		free(l.macs);
		return vsw_errf(err, ret, "VNI %u: cannot read its MACs: %s", vni, strerror(-ret));
	}
	for (unsigned int i = 0; i < l.n; i++)
		cb(l.macs[i], arg);
	free(l.macs);
	return 0;
}

int model_vxlan_remote_mac(struct model *m, __u32 vni, const __u8 mac[6], __be32 vtep,
			   bool add, struct vsw_err *err)
{
	char a[INET_ADDRSTRLEN];
	__u16 vid;
	struct vnic *n = nic_of_vni(m, vni, &vid);
	struct vsw_dp *dp;
	int ret;

	if (!n)
		return vsw_errf(err, -ENOENT, "no connected VXLAN NIC carries VNI %u", vni);
	if (mac[0] & 1)
		return vsw_errf(err, -EINVAL, "VNI %u: a remote MAC must be unicast", vni);
	dp = n->port->sw->dp;
	if (!add) {
		ret = vsw_vx_remote_del(dp, vni, mac);
		if (!ret)
			ret = vsw_dp_fdb_del(dp, vid, mac);
		if (ret && ret != -ENOENT)
			return vsw_errf(err, ret, "VNI %u: cannot remove a remote MAC: %s", vni,
					strerror(-ret));
		return 0;
	}
	if (!vtep || vtep == n->vx->local)
		return vsw_errf(err, -EINVAL, "VNI %u: VTEP %s is not a remote one", vni,
				ip_str(vtep, a));
	nh_resolve(m, dp, vtep, true);
	ret = vsw_vx_remote_set(dp, vni, mac, vtep, true);
	if (!ret)
		ret = vsw_dp_fdb_add_static(dp, vid, mac, n->dp_ifindex);
	if (ret)
		return vsw_errf(err, ret, "VNI %u: cannot add a remote MAC behind %s: %s", vni,
				ip_str(vtep, a), strerror(-ret));
	return 0;
}

struct remote_walk {
	const __u32 *pairs; /* the NIC's VID, VNI pairs */
	unsigned int k;
	vxlan_remote_fn cb;
	void *arg;
};

static int remote_report(const struct vsw_vx_mac_key *key, const struct vsw_vx_remote *r,
			 void *ctx)
{
	struct remote_walk *w = ctx;

	for (unsigned int i = 0; i < w->k; i++)
		if (w->pairs[2 * i + 1] == key->vni) {
			w->cb(key->vni, key->mac, r->vtep, r->flags & VSW_VX_F_STATIC, w->arg);
			break;
		}
	return 0;
}

int model_vxlan_remotes(struct model *m, vxlan_remote_fn cb, void *arg)
{
	static const __u8 flood[6];
	__u32 pairs[2 * VXLAN_MAP_MAX];
	struct remote_walk w = { .pairs = pairs, .cb = cb, .arg = arg };
	int ret;

	for (struct vnic *n = m->nics; n; n = n->next) {
		if (!vx_connected(n))
			continue;
		w.k = vx_vnis(n, pairs);
		for (unsigned int i = 0; i < w.k; i++) {
			for (unsigned int j = 0; j < n->vx->nremote; j++)
				cb(pairs[2 * i + 1], flood, n->vx->remote[j], false, arg);
			for (unsigned int j = 0; j < n->vx->ndyn; j++)
				if (n->vx->dyn[j].vni == pairs[2 * i + 1])
					cb(pairs[2 * i + 1], flood, n->vx->dyn[j].vtep, true, arg);
		}
		/* The static remote MACs are only ever a control plane's. */
		ret = vsw_vx_remote_foreach(n->port->sw->dp, remote_report, &w);
		if (ret)
			return ret;
	}
	return 0;
}

int model_vxlan_flood_vtep(struct model *m, __u32 vni, __be32 vtep, bool add,
			   struct vsw_err *err)
{
	char a[INET_ADDRSTRLEN];
	__u16 vid;
	struct vnic *n = nic_of_vni(m, vni, &vid);
	struct vnic_vxlan *vx;
	void *grown;
	int ret;

	if (!n)
		return vsw_errf(err, -ENOENT, "no connected VXLAN NIC carries VNI %u", vni);
	vx = n->vx;
	if (!vtep || vtep == vx->local)
		return vsw_errf(err, -EINVAL, "VNI %u: VTEP %s is not a remote one", vni,
				ip_str(vtep, a));
	for (unsigned int i = 0; i < vx->ndyn; i++)
		if (vx->dyn[i].vni == vni && vx->dyn[i].vtep == vtep) {
			if (add)
				return 0;
			vx->dyn[i] = vx->dyn[--vx->ndyn];
			goto sync;
		}
	if (!add)
		goto sync; /* nothing to remove; the host's MACs still go */
	grown = realloc(vx->dyn, (vx->ndyn + 1) * sizeof(*vx->dyn));
	if (!grown)
		return vsw_errf(err, -ENOMEM, "VNI %u: out of memory", vni);
	vx->dyn = grown;
	vx->dyn[vx->ndyn].vni = vni;
	vx->dyn[vx->ndyn++].vtep = vtep;
sync:
	ret = flood_sync(m, n, vni);
	if (ret == -E2BIG && add)
		vx->ndyn--;
	if (ret)
		return vsw_errf(err, ret, "VNI %u: cannot set its flood list: %s", vni,
				ret == -E2BIG ? "more than 32 VTEPs" : strerror(-ret));
	if (!add)
		remote_flush(n, vni, vid, vtep);
	return 0;
}
