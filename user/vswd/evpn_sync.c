// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * BGP EVPN through FRR's zebra: shadow kernel devices per VNI, local MACs
 * out to the shadow bridge, remote MACs and flood VTEPs in from the
 * shadow vxlan device (see evpn_sync.h and docs/multihost.md).
 *
 * Sets of MACs are sorted arrays: a VNI's MACs are diffed every tick by a
 * merge walk, an event is a binary search.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "evpn_sync.h"
#include "log.h"
#include "netdev.h"

#define NL_BUF_SIZE 32768

/* A remote entry of a shadow vxlan device: mac 0 is a flood VTEP (one
 * entry per VTEP), any other MAC has one VTEP. */
struct remote {
	__u64 mac;
	__be32 vtep;
};

struct mac_set {
	__u64 *v;
	size_t n, cap;
};

struct remote_set {
	struct remote *v;
	size_t n, cap;
};

/* One VNI's shadow devices and what is known to be in them. */
struct shadow {
	struct evpn_vni v;
	char br_name[IF_NAMESIZE], vx_name[IF_NAMESIZE];
	char port_name[IF_NAMESIZE], peer_name[IF_NAMESIZE];
	__u32 br, vx, port;       /* ifindexes */
	struct mac_set adv;       /* local MACs on the port */
	struct remote_set rem;    /* entries zebra put on the vxlan device */
	bool seen;                /* still served (tick) */
	bool fresh;               /* not dumped yet */
	struct shadow *next;
};

struct evpn_sync {
	struct evpn_ops ops;
	char owner[200];
	struct mnl_socket *nl;
	struct shadow *shadows;
	struct evpn_sync_stats st;
	bool resync; /* events lost: dump everything again */
	char buf[NL_BUF_SIZE];
};

static __u64 mac_pack(const __u8 mac[6])
{
	__u64 v = 0;

	for (int i = 0; i < 6; i++)
		v = v << 8 | mac[i];
	return v;
}

static void mac_unpack(__u64 v, __u8 mac[6])
{
	for (int i = 5; i >= 0; i--, v >>= 8)
		mac[i] = v & 0xff;
}

static int u64_cmp(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

static int remote_cmp(const void *a, const void *b)
{
	const struct remote *x = a, *y = b;

	if (x->mac != y->mac)
		return x->mac < y->mac ? -1 : 1;
	return x->vtep < y->vtep ? -1 : x->vtep > y->vtep;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return 0;
	p = reallocarray(*v, ncap, size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = ncap;
	return 0;
}

static int mac_set_append(struct mac_set *s, __u64 mac)
{
	if (grow((void **)&s->v, &s->cap, s->n, sizeof(*s->v)))
		return -ENOMEM;
	s->v[s->n++] = mac;
	return 0;
}

static bool mac_set_has(const struct mac_set *s, __u64 mac)
{
	return s->n && bsearch(&mac, s->v, s->n, sizeof(*s->v), u64_cmp);
}

/* Sort an array of *n elements and drop duplicates. */
static void sort_unique(void *v, size_t *n, size_t size, int (*cmp)(const void *, const void *))
{
	char *b = v;
	size_t j = 0;

	if (!*n)
		return;
	qsort(v, *n, size, cmp);
	for (size_t i = 1; i < *n; i++)
		if (cmp(b + i * size, b + j * size))
			memmove(b + ++j * size, b + i * size, size);
	*n = j + 1;
}

static void mac_set_sort(struct mac_set *s)
{
	sort_unique(s->v, &s->n, sizeof(*s->v), u64_cmp);
}

/* The first entry of mac (any VTEP), or where it would go. */
static size_t remote_lower(const struct remote_set *s, __u64 mac)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->v[mid].mac < mac)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct remote *remote_find(struct remote_set *s, __u64 mac, __be32 vtep)
{
	struct remote key = { mac, vtep };

	return s->n ? bsearch(&key, s->v, s->n, sizeof(*s->v), remote_cmp) : NULL;
}

static int remote_insert(struct remote_set *s, __u64 mac, __be32 vtep)
{
	struct remote key = { mac, vtep };
	size_t i = remote_lower(s, mac);

	while (i < s->n && remote_cmp(&s->v[i], &key) < 0)
		i++;
	if (grow((void **)&s->v, &s->cap, s->n, sizeof(*s->v)))
		return -ENOMEM;
	memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof(*s->v));
	s->v[i] = key;
	s->n++;
	return 0;
}

/* For a set filled in any order: append, then remote_set_sort(). */
static int remote_append(struct remote_set *s, __u64 mac, __be32 vtep)
{
	if (grow((void **)&s->v, &s->cap, s->n, sizeof(*s->v)))
		return -ENOMEM;
	s->v[s->n++] = (struct remote){ mac, vtep };
	return 0;
}

static void remote_set_sort(struct remote_set *s)
{
	sort_unique(s->v, &s->n, sizeof(*s->v), remote_cmp);
}

static void remote_remove(struct remote_set *s, struct remote *r)
{
	size_t i = r - s->v;

	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof(*s->v));
	s->n--;
}

/* Neighbour messages */

struct neigh_msg {
	bool deleted;
	__u8 family;
	__u8 flags;   /* NTF_* */
	__u16 state;  /* NUD_* */
	__u32 ifindex;
	bool has_mac, has_dst;
	__u8 mac[6];
	__be32 dst;
};

static int neigh_decode(const struct nlmsghdr *nlh, struct neigh_msg *m)
{
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH)
		return -ENOENT;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ndm))
		return -EPROTO;
	memset(m, 0, sizeof(*m));
	m->deleted = nlh->nlmsg_type == RTM_DELNEIGH;
	m->family = ndm->ndm_family;
	m->flags = ndm->ndm_flags;
	m->state = ndm->ndm_state;
	m->ifindex = ndm->ndm_ifindex;
	mnl_attr_for_each(a, nlh, sizeof(*ndm)) {
		switch (mnl_attr_get_type(a)) {
		case NDA_LLADDR:
			if (mnl_attr_get_payload_len(a) == ETH_ALEN) {
				memcpy(m->mac, mnl_attr_get_payload(a), ETH_ALEN);
				m->has_mac = true;
			}
			break;
		case NDA_DST:
			/* An IPv6 VTEP (16 bytes) is not served. */
			if (mnl_attr_get_payload_len(a) == sizeof(__be32)) {
				memcpy(&m->dst, mnl_attr_get_payload(a), sizeof(__be32));
				m->has_dst = true;
			}
			break;
		}
	}
	return 0;
}

int evpn_neigh_parse(const struct nlmsghdr *nlh, struct evpn_neigh *out)
{
	struct neigh_msg m;
	int ret = neigh_decode(nlh, &m);

	if (ret)
		return ret;
	if (m.family != AF_BRIDGE || !m.has_mac || !m.has_dst)
		return -ENOENT;
	out->deleted = m.deleted;
	out->ifindex = m.ifindex;
	memcpy(out->mac, m.mac, ETH_ALEN);
	out->dst = m.dst;
	return 0;
}

struct nlmsghdr *evpn_msg_local_mac(void *buf, bool add, __u32 ifindex, const __u8 mac[6])
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = add ? RTM_NEWNEIGH : RTM_DELNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = ifindex;
	/* extern_learn: the bridge never ages it, zebra takes it as a local
	 * MAC that may move (not NUD_NOARP, which zebra reads as sticky). */
	ndm->ndm_flags = NTF_MASTER | NTF_EXT_LEARNED;
	ndm->ndm_state = NUD_REACHABLE;
	mnl_attr_put(nlh, NDA_LLADDR, ETH_ALEN, mac);
	return nlh;
}

struct nlmsghdr *evpn_msg_vxlan(void *buf, const char *name, const struct evpn_vni *v,
				__u32 master)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *linkinfo, *data;
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vxlan");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, v->vni);
	mnl_attr_put(nlh, IFLA_VXLAN_LOCAL, sizeof(v->local), &v->local);
	mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(v->dstport));
	mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, 0);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nlh;
}

/* The parameters of an existing vxlan device, and its master. */
struct vxlan_probe {
	bool is_vxlan;
	struct evpn_vni v;
	__u32 master;
};

static int vxlan_probe_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *b, *c;
	struct vxlan_probe *p = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg)) {
		if (mnl_attr_get_type(a) == IFLA_MASTER)
			p->master = mnl_attr_get_u32(a);
		if (mnl_attr_get_type(a) != IFLA_LINKINFO)
			continue;
		mnl_attr_for_each_nested(b, a) {
			if (mnl_attr_get_type(b) == IFLA_INFO_KIND)
				p->is_vxlan = !strcmp(mnl_attr_get_str(b), "vxlan");
			if (mnl_attr_get_type(b) != IFLA_INFO_DATA)
				continue;
			mnl_attr_for_each_nested(c, b) {
				switch (mnl_attr_get_type(c)) {
				case IFLA_VXLAN_ID:
					p->v.vni = mnl_attr_get_u32(c);
					break;
				case IFLA_VXLAN_LOCAL:
					if (mnl_attr_get_payload_len(c) == sizeof(__be32))
						memcpy(&p->v.local, mnl_attr_get_payload(c), 4);
					break;
				case IFLA_VXLAN_PORT:
					p->v.dstport = ntohs(mnl_attr_get_u16(c));
					break;
				}
			}
		}
	}
	return MNL_CB_OK;
}

static int vxlan_probe(const char *name, struct vxlan_probe *p)
{
	char buf[EVPN_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	memset(p, 0, sizeof(*p));
	nlh->nlmsg_type = RTM_GETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return netdev_rtnl_request(nlh, vxlan_probe_cb, p);
}

/* Shadow devices */

static void shadow_names(struct shadow *sh)
{
	snprintf(sh->br_name, sizeof(sh->br_name), "vswb%u", sh->v.vni);
	snprintf(sh->vx_name, sizeof(sh->vx_name), "vswx%u", sh->v.vni);
	snprintf(sh->port_name, sizeof(sh->port_name), "vswp%u", sh->v.vni);
	snprintf(sh->peer_name, sizeof(sh->peer_name), "vswq%u", sh->v.vni);
}

static void delete_by_name(const char *name)
{
	__u32 ifindex = if_nametoindex(name);

	if (ifindex)
		netdev_delete(ifindex);
}

static void shadow_delete(const struct shadow *sh)
{
	/* The vxlan device first: zebra withdraws the VNI once. */
	delete_by_name(sh->vx_name);
	delete_by_name(sh->port_name); /* and its peer */
	delete_by_name(sh->br_name);
}

/* Addressless and silent: no IPv6, no multicast of its own (an IPv4
 * stack sends IGMP reports from a device with no address), tagged as
 * ours, up. */
static int shadow_dev_setup(const struct evpn_sync *s, const struct shadow *sh,
			    const char *name, __u32 *ifindex)
{
	char alias[256];
	int err;

	*ifindex = if_nametoindex(name);
	if (!*ifindex)
		return -ENODEV;
	snprintf(alias, sizeof(alias), "vsw evpn vni %u of %s", sh->v.vni, s->owner);
	err = netdev_ipv6_disable(name);
	if (!err)
		err = netdev_set_multicast(*ifindex, false);
	if (!err)
		err = netdev_set_alias(*ifindex, alias);
	if (!err)
		err = netdev_set_up(*ifindex, true);
	return err;
}

static int shadow_create(const struct evpn_sync *s, struct shadow *sh)
{
	char buf[EVPN_MSG_SIZE];
	__u32 peer;
	int err;

	err = netdev_bridge_create(sh->br_name);
	if (!err)
		err = shadow_dev_setup(s, sh, sh->br_name, &sh->br);
	/* The port is one end of a veth; the other end stays alone. */
	if (!err)
		err = netdev_veth_create(sh->peer_name, sh->port_name, NULL, NULL, NULL);
	if (!err)
		err = shadow_dev_setup(s, sh, sh->peer_name, &peer);
	if (!err)
		err = shadow_dev_setup(s, sh, sh->port_name, &sh->port);
	if (!err)
		err = netdev_set_master(sh->port, sh->br);
	if (!err)
		err = netdev_brport_set_learning(sh->port, false);
	if (!err)
		err = netdev_rtnl_request(evpn_msg_vxlan(buf, sh->vx_name, &sh->v, sh->br),
					  NULL, NULL);
	if (!err)
		err = netdev_brport_set_learning(if_nametoindex(sh->vx_name), false);
	if (!err)
		err = shadow_dev_setup(s, sh, sh->vx_name, &sh->vx);
	return err;
}

/* Take over the devices a previous vswd left, if they are what this VNI
 * wants; otherwise make them afresh. */
static int shadow_up(const struct evpn_sync *s, struct shadow *sh)
{
	struct vxlan_probe p;
	int err;

	shadow_names(sh);
	if (!vxlan_probe(sh->vx_name, &p) && p.is_vxlan && p.v.vni == sh->v.vni &&
	    p.v.local == sh->v.local && p.v.dstport == sh->v.dstport &&
	    (sh->br = if_nametoindex(sh->br_name)) && p.master == sh->br &&
	    (sh->port = if_nametoindex(sh->port_name)) &&
	    (sh->vx = if_nametoindex(sh->vx_name))) {
		pr_info("evpn: vni %u: taking over '%s'\n", sh->v.vni, sh->vx_name);
		return 0;
	}
	shadow_delete(sh);
	err = shadow_create(s, sh);
	if (err) {
		shadow_delete(sh);
		return err;
	}
	pr_info("evpn: vni %u: made '%s' (local %s, dstport %u) on bridge '%s'\n", sh->v.vni,
		sh->vx_name, inet_ntoa((struct in_addr){ sh->v.local }), sh->v.dstport,
		sh->br_name);
	return 0;
}

static void shadow_free(struct shadow *sh)
{
	free(sh->adv.v);
	free(sh->rem.v);
	free(sh);
}

/* Remote entries into the model */

static void remote_call(struct evpn_sync *s, const struct shadow *sh, __u64 mac, __be32 vtep,
			bool add)
{
	__u8 m[6];
	int ret;

	mac_unpack(mac, m);
	if (!mac) {
		ret = s->ops.flood(s->ops.ctx, sh->v.vni, vtep, add);
		add ? s->st.flood_adds++ : s->st.flood_dels++;
	} else {
		ret = s->ops.remote_mac(s->ops.ctx, sh->v.vni, m, vtep, add);
		add ? s->st.remote_adds++ : s->st.remote_dels++;
	}
	pr_debug("evpn: vni %u: %s %02x:%02x:%02x:%02x:%02x:%02x vtep %s%s%s\n", sh->v.vni,
		 add ? "add" : "del", m[0], m[1], m[2], m[3], m[4], m[5],
		 inet_ntoa((struct in_addr){ vtep }), ret ? ": " : "", ret ? strerror(-ret) : "");
}

/* An entry zebra added to or removed from a shadow vxlan device. */
static void remote_event(struct evpn_sync *s, struct shadow *sh, __u64 mac, __be32 vtep,
			 bool add)
{
	struct remote *r = remote_find(&sh->rem, mac, vtep);
	size_t i;

	if (!add) {
		if (!r)
			return; /* not ours to remove (or seen gone already) */
		remote_remove(&sh->rem, r);
		remote_call(s, sh, mac, vtep, false);
		return;
	}
	if (r)
		return; /* a refresh */
	/* A unicast MAC has one VTEP: a new one is a move, which the
	 * model's add does; forget the old. */
	if (mac)
		for (i = remote_lower(&sh->rem, mac); i < sh->rem.n && sh->rem.v[i].mac == mac;)
			remote_remove(&sh->rem, &sh->rem.v[i]);
	if (remote_insert(&sh->rem, mac, vtep))
		return;
	remote_call(s, sh, mac, vtep, true);
}

static struct shadow *shadow_by_vx(struct evpn_sync *s, __u32 ifindex)
{
	for (struct shadow *sh = s->shadows; sh; sh = sh->next)
		if (sh->vx == ifindex)
			return sh;
	return NULL;
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct evpn_sync *s = data;
	struct evpn_neigh n;
	struct shadow *sh;

	if (evpn_neigh_parse(nlh, &n))
		return MNL_CB_OK;
	sh = shadow_by_vx(s, n.ifindex);
	if (sh && !sh->fresh)
		remote_event(s, sh, mac_pack(n.mac), n.dst, !n.deleted);
	return MNL_CB_OK;
}

/* A full dump: what zebra has on each vxlan device, what is on each
 * port, and what the data plane has of ours. Each shadow's remote side is
 * then made what zebra has: mark (what the data plane has) and sweep
 * (what zebra lacks goes), whether the shadow is fresh (a restart: the
 * data plane kept what an earlier vswd put there) or events were lost. */
struct dump {
	struct evpn_sync *s;
	struct remote_set *rem;  /* per shadow, in list order: zebra's */
	struct remote_set *had;  /* the data plane's, mine only */
	struct mac_set *adv;
	size_t n;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump *d = data;
	struct neigh_msg m;
	size_t i = 0;

	if (neigh_decode(nlh, &m) || m.family != AF_BRIDGE || !m.has_mac)
		return MNL_CB_OK;
	for (struct shadow *sh = d->s->shadows; sh; sh = sh->next, i++) {
		if (m.ifindex == sh->vx && m.has_dst) {
			remote_append(&d->rem[i], mac_pack(m.mac), m.dst);
			break;
		}
		/* The bridge's entries (the kernel sets no NTF_MASTER in what
		 * it reports, NDA_MASTER instead; a port's own are NTF_SELF);
		 * the port's own address is a permanent one, not ours. */
		if (m.ifindex == sh->port && !(m.flags & NTF_SELF) &&
		    (m.flags & NTF_EXT_LEARNED) && !(m.state & NUD_PERMANENT)) {
			mac_set_append(&d->adv[i], mac_pack(m.mac));
			break;
		}
	}
	return MNL_CB_OK;
}

static int had_cb(__u32 vni, const __u8 mac[6], __be32 vtep, bool mine, void *arg)
{
	struct dump *d = arg;
	size_t i = 0;

	if (!mine)
		return 0;
	for (struct shadow *sh = d->s->shadows; sh; sh = sh->next, i++)
		if (sh->v.vni == vni)
			return remote_append(&d->had[i], mac_pack(mac), vtep);
	return 0; /* a VNI the sync does not serve (yet) */
}

static bool has_mac(const struct remote_set *s, __u64 mac)
{
	size_t i = remote_lower(s, mac);

	return i < s->n && s->v[i].mac == mac;
}

/* Make the model's remote side of sh `now` (zebra's), from `had` (what
 * the data plane has of ours): what had has and now lacks goes, what now
 * has and had lacks comes. sh's remote set becomes now. */
static void remote_reconcile(struct evpn_sync *s, struct shadow *sh, struct remote_set *had,
			     struct remote_set *now)
{
	struct remote_set gone = { 0 }; /* flood VTEPs removed */
	const struct remote *r;

	for (size_t i = 0; i < had->n; i++) {
		r = &had->v[i];
		if (remote_find(now, r->mac, r->vtep))
			continue;
		/* A MAC that moved: the add below replaces it. */
		if (r->mac && has_mac(now, r->mac))
			continue;
		remote_call(s, sh, r->mac, r->vtep, false);
		if (!r->mac)
			remote_insert(&gone, 0, r->vtep);
	}
	/* A flood VTEP's removal flushes its MACs from the model: any that
	 * zebra still has behind it go in again. */
	for (size_t i = 0; i < now->n; i++) {
		r = &now->v[i];
		if (!remote_find(had, r->mac, r->vtep) || (r->mac && remote_find(&gone, 0, r->vtep)))
			remote_call(s, sh, r->mac, r->vtep, true);
	}
	free(gone.v);
	free(sh->rem.v);
	sh->rem = *now;
}

static void dump_free(struct dump *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->rem)
			free(d->rem[i].v);
		if (d->had)
			free(d->had[i].v);
		if (d->adv)
			free(d->adv[i].v);
	}
	free(d->rem);
	free(d->had);
	free(d->adv);
}

static int dump_all(struct evpn_sync *s)
{
	char buf[EVPN_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct dump d = { .s = s };
	struct ndmsg *ndm;
	size_t i = 0;
	int err;

	for (struct shadow *sh = s->shadows; sh; sh = sh->next)
		d.n++;
	d.rem = calloc(d.n + 1, sizeof(*d.rem));
	d.had = calloc(d.n + 1, sizeof(*d.had));
	d.adv = calloc(d.n + 1, sizeof(*d.adv));
	if (!d.rem || !d.had || !d.adv) {
		err = -ENOMEM;
		goto out;
	}
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_DUMP;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	err = netdev_rtnl_request(nlh, dump_cb, &d);
	if (err)
		goto out;
	err = s->ops.remotes(s->ops.ctx, had_cb, &d);
	if (err) {
		pr_warn("evpn: cannot read the data plane's remote entries: %s\n",
			strerror(-err));
		goto out;
	}
	for (struct shadow *sh = s->shadows; sh; sh = sh->next, i++) {
		remote_set_sort(&d.rem[i]);
		remote_set_sort(&d.had[i]);
		remote_reconcile(s, sh, &d.had[i], &d.rem[i]);
		d.rem[i] = (struct remote_set){ 0 };
		mac_set_sort(&d.adv[i]);
		free(sh->adv.v);
		sh->adv = d.adv[i];
		d.adv[i] = (struct mac_set){ 0 };
		sh->fresh = false;
	}
out:
	dump_free(&d);
	return err;
}

/* Local MACs out to the shadow bridge */

static int collect_mac(const __u8 mac[6], void *arg)
{
	return mac_set_append(arg, mac_pack(mac));
}

static int local_fdb(struct evpn_sync *s, const struct shadow *sh, __u64 mac, bool add)
{
	char buf[EVPN_MSG_SIZE];
	__u8 m[6];
	int ret;

	mac_unpack(mac, m);
	ret = netdev_rtnl_request(evpn_msg_local_mac(buf, add, sh->port, m), NULL, NULL);
	/* Gone already: zebra moved it to the vxlan device (a remote
	 * route won), or someone removed it. */
	if (!add && ret == -ENOENT)
		ret = 0;
	if (ret)
		pr_warn("evpn: vni %u: cannot %s local MAC %02x:%02x:%02x:%02x:%02x:%02x on '%s': "
			"%s\n", sh->v.vni, add ? "add" : "remove", m[0], m[1], m[2], m[3], m[4],
			m[5], sh->port_name, strerror(-ret));
	else
		add ? s->st.local_adds++ : s->st.local_dels++;
	return ret;
}

static void local_diff(struct evpn_sync *s, struct shadow *sh)
{
	struct mac_set now = { 0 };
	size_t j = 0;
	int ret;

	ret = s->ops.local_macs(s->ops.ctx, sh->v.vni, collect_mac, &now);
	if (ret) {
		pr_warn("evpn: vni %u: cannot read the local MACs: %s\n", sh->v.vni,
			strerror(-ret));
		free(now.v);
		return;
	}
	mac_set_sort(&now);
	for (size_t i = 0; i < sh->adv.n; i++)
		if (!mac_set_has(&now, sh->adv.v[i]))
			local_fdb(s, sh, sh->adv.v[i], false);
	/* What failed to go in stays out of the set: tried again next tick. */
	for (size_t i = 0; i < now.n; i++)
		if (mac_set_has(&sh->adv, now.v[i]) || !local_fdb(s, sh, now.v[i], true))
			now.v[j++] = now.v[i];
	now.n = j;
	free(sh->adv.v);
	sh->adv = now;
}

/* VNIs */

static int vni_seen(const struct evpn_vni *v, void *arg)
{
	struct evpn_sync *s = arg;
	struct shadow *sh, **p;
	int err;

	for (p = &s->shadows; (sh = *p); p = &sh->next)
		if (sh->v.vni == v->vni)
			break;
	if (sh && (sh->v.local != v->local || sh->v.dstport != v->dstport)) {
		/* A new VTEP address or port: zebra must see new devices. */
		*p = sh->next;
		shadow_delete(sh);
		shadow_free(sh);
		sh = NULL;
	}
	if (!sh) {
		sh = calloc(1, sizeof(*sh));
		if (!sh)
			return -ENOMEM;
		sh->v = *v;
		err = shadow_up(s, sh);
		if (err) {
			pr_warn("evpn: vni %u: cannot make its kernel devices: %s\n", v->vni,
				strerror(-err));
			shadow_free(sh);
			return 0; /* the others still go on; tried again next tick */
		}
		sh->fresh = true;
		sh->next = s->shadows;
		s->shadows = sh;
	}
	sh->seen = true;
	return 0;
}

void evpn_sync_tick(struct evpn_sync *s)
{
	struct shadow *sh, **p;
	bool dump = s->resync;
	int err;

	for (sh = s->shadows; sh; sh = sh->next)
		sh->seen = false;
	err = s->ops.vnis(s->ops.ctx, vni_seen, s);
	if (err) {
		pr_warn("evpn: cannot list the VNIs: %s\n", strerror(-err));
		return;
	}
	for (p = &s->shadows; (sh = *p);) {
		if (sh->seen) {
			dump |= sh->fresh;
			p = &sh->next;
			continue;
		}
		pr_info("evpn: vni %u: gone, removing '%s'\n", sh->v.vni, sh->vx_name);
		*p = sh->next;
		shadow_delete(sh);
		shadow_free(sh);
	}
	if (dump) {
		err = dump_all(s);
		if (err)
			pr_warn("evpn: cannot dump the bridge FDBs: %s\n", strerror(-err));
		else
			s->resync = false;
	}
	for (sh = s->shadows; sh; sh = sh->next)
		if (!sh->fresh)
			local_diff(s, sh);
}

int evpn_sync_read(struct evpn_sync *s)
{
	ssize_t n;

	for (;;) {
		n = mnl_socket_recvfrom(s->nl, s->buf, sizeof(s->buf));
		if (n < 0) {
			if (errno == EAGAIN)
				return 0;
			if (errno == ENOBUFS) {
				/* Lost events: the next tick dumps everything. */
				s->resync = true;
				s->st.resyncs++;
				continue;
			}
			return -errno;
		}
		if (mnl_cb_run(s->buf, n, 0, 0, event_cb, s) == MNL_CB_ERROR)
			return -errno;
	}
}

int evpn_sync_open(const struct evpn_ops *ops, const char *owner, struct evpn_sync **out)
{
	struct evpn_sync *s = calloc(1, sizeof(*s));
	int err, rcvbuf = 1 << 20;

	if (!s)
		return -ENOMEM;
	s->ops = *ops;
	snprintf(s->owner, sizeof(s->owner), "%s", owner ?: "vswd");
	s->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!s->nl || mnl_socket_bind(s->nl, RTMGRP_NEIGH, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		evpn_sync_close(s);
		return err;
	}
	/* A peer's full table arrives as a burst of one event per MAC; room
	 * for a few thousand spares a resync (the kernel caps it at
	 * rmem_max, which is no error). */
	setsockopt(mnl_socket_get_fd(s->nl), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	*out = s;
	return 0;
}

int evpn_sync_fd(const struct evpn_sync *s)
{
	return mnl_socket_get_fd(s->nl);
}

void evpn_sync_get_stats(const struct evpn_sync *s, struct evpn_sync_stats *out)
{
	*out = s->st;
}

void evpn_sync_close(struct evpn_sync *s)
{
	struct shadow *sh;

	if (!s)
		return;
	while ((sh = s->shadows)) {
		s->shadows = sh->next;
		shadow_free(sh);
	}
	if (s->nl)
		mnl_socket_close(s->nl);
	free(s);
}
