// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The VXLAN maps and programs of a switch: see vxlan.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "netdev_features.h"
#include "vxlan.h"

static struct vsw_dp_vx_fds fds_of(const struct vsw_dp *dp)
{
	struct vsw_dp_vx_fds f;

	vsw_dp_vx_fds(dp, &f);
	return f;
}

static int map_set(int fd, const void *key, const void *val)
{
	return bpf_map_update_elem(fd, key, val, BPF_ANY) ? -errno : 0;
}

static int map_del(int fd, const void *key)
{
	return bpf_map_delete_elem(fd, key) && errno != ENOENT ? -errno : 0;
}

static int map_get(int fd, const void *key, void *val)
{
	return bpf_map_lookup_elem(fd, key, val) ? -errno : 0;
}

/* Our filter's place in the tunnel netdev's ingress clsact qdisc, named
 * so that a restarted vswd finds it again. */
#define VX_TC_HANDLE 0x767377 /* "vsw" */
#define VX_TC_PRIO 1

/* Is our filter there, with prog_fd's program? Asking about a netdev
 * without it is no warning. */
static int tc_query(__u32 ifindex, __u32 *prog_id)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, q, .handle = VX_TC_HANDLE, .priority = VX_TC_PRIO);
	int err;

	vsw_log_libbpf_quiet(1);
	err = bpf_tc_query(&hook, &q);
	vsw_log_libbpf_quiet(0);
	*prog_id = err ? 0 : q.prog_id;
	return err;
}

/* Our filter on a netdev of ours (the tunnel netdev), in a clsact. */
static int tc_attach(__u32 ifindex, int prog_fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, a, .handle = VX_TC_HANDLE, .priority = VX_TC_PRIO,
		    .prog_fd = prog_fd, .flags = BPF_TC_F_REPLACE);
	__u32 id;
	int err;

	vsw_log_libbpf_quiet(1);
	err = bpf_tc_hook_create(&hook);
	vsw_log_libbpf_quiet(0);
	if (err && err != -EEXIST)
		return err;
	if (!tc_query(ifindex, &id) && id == vsw_dp_prog_id(prog_fd))
		return 0;
	/* The tunnel netdev is vswd's: a program left in our place (its
	 * datapath's pins gone) is replaced. */
	err = bpf_tc_attach(&hook, &a);
	if (err) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
	return err;
}

/* Take our filter off a netdev of ours, with its clsact qdisc. */
static int tc_detach(__u32 ifindex, int prog_fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	__u32 id;

	if (tc_query(ifindex, &id) || id != vsw_dp_prog_id(prog_fd))
		return 0;
	return bpf_tc_hook_destroy(&hook);
}

/* Is prog_fd's program the one attached to ifindex (either mode)? Sets
 * *mode to the flags it is attached with. */
static bool xdp_is_ours(__u32 ifindex, int prog_fd, __u32 *mode)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	__u32 id = vsw_dp_prog_id(prog_fd);

	if (!id || bpf_xdp_query(ifindex, 0, &q))
		return false;
	if (q.drv_prog_id == id) {
		*mode = XDP_FLAGS_DRV_MODE;
		return true;
	}
	if (q.skb_prog_id == id) {
		*mode = XDP_FLAGS_SKB_MODE;
		return true;
	}
	return false;
}

/* The offloads that let a GSO frame leave an underlay whole, as one skb
 * of UDP tunnel packets; bit i of vsw_vx_underlay.flags is tnl_gso[i]
 * turned off by vswd (VSW_VX_UL_F_TNL_*). */
static const char *const tnl_gso[] = { "tx-udp_tnl-segmentation",
				       "tx-udp_tnl-csum-segmentation" };
_Static_assert(VSW_VX_UL_F_TNL_SEG_OFF == 1 && VSW_VX_UL_F_TNL_CSUM_SEG_OFF == 2,
	       "flag bits follow tnl_gso[]");

int vsw_vx_offload_off(const char *ifname, __u32 *flags)
{
	unsigned int changed;
	int err = netdev_features_set(ifname, tnl_gso, 2, false, &changed);

	*flags = err ? 0 : changed;
	return err;
}

int vsw_vx_offload_restore(const char *ifname, __u32 flags)
{
	const char *names[2];
	unsigned int n = 0, changed;

	for (unsigned int i = 0; i < 2; i++)
		if (flags & (1U << i))
			names[n++] = tnl_gso[i];
	return n ? netdev_features_set(ifname, names, n, true, &changed) : 0;
}

int vsw_vx_underlay_set(struct vsw_dp *dp, __u32 ifindex, const struct vsw_vx_underlay *u,
			bool native)
{
	struct vsw_dp_vx_fds f = fds_of(dp);
	__u32 mode;
	int err;

	err = map_set(f.underlay, &ifindex, u);
	if (err || xdp_is_ours(ifindex, f.decap, &mode))
		return err;
	err = -EOPNOTSUPP;
	if (native)
		err = bpf_xdp_attach(ifindex, f.decap,
				     XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err == -EOPNOTSUPP || err == -EINVAL)
		err = bpf_xdp_attach(ifindex, f.decap,
				     XDP_FLAGS_SKB_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err)
		map_del(f.underlay, &ifindex);
	return err;
}

int vsw_vx_underlay_get(struct vsw_dp *dp, __u32 ifindex, struct vsw_vx_underlay *out)
{
	return map_get(fds_of(dp).underlay, &ifindex, out);
}

int vsw_vx_underlay_del(struct vsw_dp *dp, __u32 ifindex)
{
	struct vsw_dp_vx_fds f = fds_of(dp);
	LIBBPF_OPTS(bpf_xdp_attach_opts, a, .old_prog_fd = f.decap);
	struct vsw_vx_underlay u;
	char name[IF_NAMESIZE];
	__u32 mode;
	int err = 0, ret;

	if (xdp_is_ours(ifindex, f.decap, &mode))
		err = bpf_xdp_detach(ifindex, mode | XDP_FLAGS_REPLACE, &a);
	/* Whoever takes it off (the last NIC, a switch destroyed, vswd
	 * --flush-on-exit): what vswd turned off comes back. */
	if (!map_get(f.underlay, &ifindex, &u) && u.flags && if_indextoname(ifindex, name)) {
		ret = vsw_vx_offload_restore(name, u.flags);
		if (ret)
			pr_warn("vxlan: cannot turn UDP tunnel segmentation on again on '%s': "
				"%s\n", name, strerror(-ret));
	}
	map_del(f.underlay, &ifindex);
	return err == -ENODEV ? 0 : err;
}

int vsw_vx_tun_set(struct vsw_dp *dp, __u32 ifindex, const struct vsw_vx_tun *t)
{
	struct vsw_dp_vx_fds f = fds_of(dp);
	int err;

	err = map_set(f.tun, &ifindex, t);
	if (err)
		return err;
	err = tc_attach(ifindex, f.encap);
	if (err)
		vsw_vx_tun_del(dp, ifindex);
	return err;
}

int vsw_vx_tun_del(struct vsw_dp *dp, __u32 ifindex)
{
	struct vsw_dp_vx_fds f = fds_of(dp);
	int err = tc_detach(ifindex, f.encap);

	map_del(f.tun, &ifindex);
	return err == -ENODEV ? 0 : err;
}

int vsw_vx_tun_get(struct vsw_dp *dp, __u32 ifindex, struct vsw_vx_tun *out)
{
	return map_get(fds_of(dp).tun, &ifindex, out);
}

int vsw_vx_vni_set(struct vsw_dp *dp, __u32 vni, const struct vsw_vx_vni *v)
{
	struct vsw_vx_vni rec = *v;

	if (!rec.learn_limit)
		rec.learn_limit = VSW_LEARN_LIMIT_DEFAULT;
	return map_set(fds_of(dp).vni, &vni, &rec);
}

int vsw_vx_vni_del(struct vsw_dp *dp, __u32 vni)
{
	return map_del(fds_of(dp).vni, &vni);
}

int vsw_vx_vid_set(struct vsw_dp *dp, __u32 tun, __u16 vid, __u32 vni)
{
	struct vsw_vx_vid_key k = { .tun = tun, .vid = vid };

	return map_set(fds_of(dp).vid, &k, &vni);
}

int vsw_vx_vid_del(struct vsw_dp *dp, __u32 tun, __u16 vid)
{
	struct vsw_vx_vid_key k = { .tun = tun, .vid = vid };

	return map_del(fds_of(dp).vid, &k);
}

int vsw_vx_flood_set(struct vsw_dp *dp, __u32 vni, const __be32 *vteps, unsigned int n)
{
	struct vsw_vx_flood fl = { .n = n };

	if (n > VSW_VX_FLOOD_MAX)
		return -E2BIG;
	if (!n)
		return map_del(fds_of(dp).flood, &vni);
	memcpy(fl.vtep, vteps, n * sizeof(*vteps));
	return map_set(fds_of(dp).flood, &vni, &fl);
}

static void mac_key(struct vsw_vx_mac_key *k, __u32 vni, const __u8 mac[6])
{
	memset(k, 0, sizeof(*k));
	k->vni = vni;
	memcpy(k->mac, mac, 6);
}

int vsw_vx_remote_set(struct vsw_dp *dp, __u32 vni, const __u8 mac[6], __be32 vtep,
		      bool is_static)
{
	struct vsw_vx_remote r = { .vtep = vtep, .flags = is_static ? VSW_VX_F_STATIC : 0,
				   .last_seen = vsw_now_ns() };
	struct vsw_vx_mac_key k;

	mac_key(&k, vni, mac);
	return map_set(fds_of(dp).remote, &k, &r);
}

int vsw_vx_remote_del(struct vsw_dp *dp, __u32 vni, const __u8 mac[6])
{
	struct vsw_vx_mac_key k;

	mac_key(&k, vni, mac);
	return map_del(fds_of(dp).remote, &k);
}

int vsw_vx_remote_get(struct vsw_dp *dp, __u32 vni, const __u8 mac[6],
		      struct vsw_vx_remote *out)
{
	struct vsw_vx_mac_key k;

	mac_key(&k, vni, mac);
	return map_get(fds_of(dp).remote, &k, out);
}

int vsw_vx_remote_foreach(struct vsw_dp *dp, vsw_vx_remote_fn fn, void *ctx)
{
	int fd = fds_of(dp).remote, ret;
	struct vsw_vx_mac_key k, next;
	struct vsw_vx_remote r;
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		k = next;
		prev = &k;
		if (bpf_map_lookup_elem(fd, &k, &r))
			continue; /* removed meanwhile */
		ret = fn(&k, &r, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

/* A walk that ages the learned remote MACs and counts, per tunnel port,
 * those that stay. The VNIs' port slots are read once, sorted, so that
 * an entry costs no map lookup of its own. */
struct vni_slot {
	__u32 vni, slot;
};

struct age_walk {
	struct vni_slot *slots;
	unsigned int nslots;
	__u32 *learned; /* by port slot */
	__u64 max_age_ns, now;
	struct vsw_vx_mac_key *old; /* to delete after the walk */
	unsigned int nold, cap;
};

static int by_vni(const void *a, const void *b)
{
	const struct vni_slot *x = a, *y = b;

	return x->vni < y->vni ? -1 : x->vni > y->vni;
}

static int age_one(const struct vsw_vx_mac_key *key, const struct vsw_vx_remote *r, void *ctx)
{
	struct age_walk *w = ctx;
	struct vni_slot want = { .vni = key->vni }, *s;
	void *grown;

	if (r->flags & VSW_VX_F_STATIC)
		return 0;
	if (w->max_age_ns && (__s64)(w->now - r->last_seen) > (__s64)w->max_age_ns) {
		if (w->nold == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 64;
			grown = realloc(w->old, w->cap * sizeof(*w->old));
			if (!grown)
				return -ENOMEM;
			w->old = grown;
		}
		w->old[w->nold++] = *key;
		return 0;
	}
	s = bsearch(&want, w->slots, w->nslots, sizeof(*s), by_vni);
	if (s && s->slot < VSW_MAX_PORTS)
		w->learned[s->slot]++;
	return 0;
}

int vsw_vx_remote_age(struct vsw_dp *dp, __u64 max_age_ns, unsigned int *removed)
{
	struct age_walk w = { .max_age_ns = max_age_ns, .now = vsw_now_ns() };
	struct vsw_dp_vx_fds f = fds_of(dp);
	__u32 vni, next, *prev = NULL;
	struct vsw_vx_vni v;
	int err = -ENOMEM;

	w.slots = calloc(VSW_VX_VNI_MAX, sizeof(*w.slots));
	w.learned = calloc(VSW_MAX_PORTS, sizeof(*w.learned));
	if (!w.slots || !w.learned)
		goto out;
	while (w.nslots < VSW_VX_VNI_MAX && !bpf_map_get_next_key(f.vni, prev, &next)) {
		vni = next;
		prev = &vni;
		if (!map_get(f.vni, &vni, &v))
			w.slots[w.nslots++] = (struct vni_slot){ vni, v.port_slot };
	}
	qsort(w.slots, w.nslots, sizeof(*w.slots), by_vni);
	err = vsw_vx_remote_foreach(dp, age_one, &w);
	for (unsigned int i = 0; !err && i < w.nold; i++)
		err = map_del(f.remote, &w.old[i]);
	/* The tunnel ports there are: the slots of the VNIs. */
	for (unsigned int i = 0; !err && i < w.nslots; i++)
		if (w.slots[i].slot < VSW_MAX_PORTS)
			err = map_set(f.learned, &w.slots[i].slot, &w.learned[w.slots[i].slot]);
	if (removed)
		*removed = w.nold;
out:
	free(w.slots);
	free(w.learned);
	free(w.old);
	return err;
}

int vsw_vx_learned_recount(struct vsw_dp *dp)
{
	return vsw_vx_remote_age(dp, 0, NULL);
}

int vsw_vx_nh_set(struct vsw_dp *dp, __be32 vtep, const __u8 mac[6])
{
	struct vsw_vx_nh nh = {};

	memcpy(nh.mac, mac, 6);
	return map_set(fds_of(dp).nh, &vtep, &nh);
}

int vsw_vx_nh_get(struct vsw_dp *dp, __be32 vtep, __u8 mac[6])
{
	struct vsw_vx_nh nh;
	int err = map_get(fds_of(dp).nh, &vtep, &nh);

	if (!err)
		memcpy(mac, nh.mac, 6);
	return err;
}

int vsw_vx_nh_del(struct vsw_dp *dp, __be32 vtep)
{
	return map_del(fds_of(dp).nh, &vtep);
}

int vsw_vx_stats(struct vsw_dp *dp, __u32 slot, struct vsw_vx_stats *out)
{
	struct vsw_dp_vx_fds f = fds_of(dp);
	struct vsw_vx_stats *per;
	int err = 0;

	per = calloc(f.ncpus, sizeof(*per));
	if (!per)
		return -ENOMEM;
	memset(out, 0, sizeof(*out));
	if (bpf_map_lookup_elem(f.stats, &slot, per))
		err = -errno;
	for (int i = 0; !err && i < f.ncpus; i++) {
		out->decap_packets += per[i].decap_packets;
		out->decap_bytes += per[i].decap_bytes;
		out->encap_packets += per[i].encap_packets;
		out->encap_bytes += per[i].encap_bytes;
		out->flood_copies += per[i].flood_copies;
	}
	free(per);
	return err;
}

/* Every key of a map of __u32 keys, then fn on each: the map may change
 * under fn. */
static void each_ifindex(int fd, int (*fn)(struct vsw_dp *, __u32), struct vsw_dp *dp)
{
	__u32 keys[VSW_MAX_PORTS], key, *prev = NULL;
	unsigned int n = 0;

	while (n < VSW_MAX_PORTS && !bpf_map_get_next_key(fd, prev, &key)) {
		keys[n++] = key;
		prev = &keys[n - 1];
	}
	for (unsigned int i = 0; i < n; i++)
		fn(dp, keys[i]);
}

void vsw_vx_detach_all(struct vsw_dp *dp)
{
	struct vsw_dp_vx_fds f = fds_of(dp);

	each_ifindex(f.underlay, vsw_vx_underlay_del, dp);
	each_ifindex(f.tun, vsw_vx_tun_del, dp);
}
