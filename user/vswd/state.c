// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <json-c/json.h>

#include "ext_params.h"
#include "json_writer.h"
#include "names.h"
#include "state.h"
#include "model_vxlan.h"
#include "vxlan_text.h"
#include "log.h"
#include "state_acl.h"
#include "vlan_set.h"

/* ---- save ---- */

static const char *const guard_names[] = {
	[VSW_GUARD_DEFAULT] = "default", [VSW_GUARD_ON] = "on", [VSW_GUARD_OFF] = "off",
};
static const char *const storm_names[VSW_STORM__MAX] = {
	[VSW_STORM_BCAST] = "storm_broadcast_pps",
	[VSW_STORM_MCAST] = "storm_multicast_pps",
	[VSW_STORM_UNKNOWN] = "storm_unknown_pps",
};

static void mac_format(const __u8 *m, char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* Every setting, defaults included: the file says what the port does. */
static void policy_json(struct jw *w, const struct vsw_pol_settings *pol)
{
	char mac[18];

	jw_open(w, "policy", '{');
	jw_str(w, "mac_guard", guard_names[pol->mac_guard]);
	jw_open(w, "mac_allow", '[');
	for (int i = 0; i < pol->nallow; i++) {
		mac_format(pol->allow[i], mac);
		jw_str(w, NULL, mac);
	}
	jw_close(w, ']');
	jw_bool(w, "dhcp_guard", pol->dhcp_guard);
	jw_bool(w, "router_guard", pol->router_guard);
	jw_str(w, "priority_tag", pol->prio_trust ? "trust" : "reset");
	jw_int(w, "rate_out_bps", pol->rate_bps[VSW_DIR_OUT]);
	jw_int(w, "burst_out", pol->burst[VSW_DIR_OUT]);
	jw_int(w, "rate_in_bps", pol->rate_bps[VSW_DIR_IN]);
	jw_int(w, "burst_in", pol->burst[VSW_DIR_IN]);
	for (int k = 0; k < VSW_STORM__MAX; k++)
		jw_int(w, storm_names[k], pol->storm_pps[k]);
	jw_str(w, "mirror", vsw_mirror_role_name(pol->mirror));
	jw_str(w, "pvlan", vsw_pvlan_role_name(pol->pvlan));
	if (pol->pvlan == VSW_PVLAN_ISOLATED || pol->pvlan == VSW_PVLAN_COMMUNITY)
		jw_int(w, "pvlan_secondary", pol->pvlan_secondary);
	if (pol->pvlan == VSW_PVLAN_PROMISCUOUS) {
		static char list[24 * 1024];

		if (vlan_set_format(pol->pvlan_serves, list, sizeof(list)) >= (int)sizeof(list))
			abort(); /* cannot happen with this buffer */
		jw_str(w, "pvlan_secondaries", list);
	}
	jw_close(w, '}');
}

static void port_json(struct jw *w, const struct vport *p)
{
	/* The longest list, every other VID, takes about 10 KB. */
	static char vids[24 * 1024];

	jw_open(w, NULL, '{');
	jw_str(w, "name", p->name);
	jw_str(w, "switch", p->sw->name);
	if (p->cfg.mode == VSW_PORT_ACCESS) {
		jw_str(w, "vlan", "access");
		jw_int(w, "vid", p->cfg.pvid);
	} else {
		if (vlan_set_format(p->cfg.vlans, vids, sizeof(vids)) >= (int)sizeof(vids))
			abort(); /* cannot happen with this buffer; never save a cut list */
		jw_str(w, "vlan", "trunk");
		jw_str(w, "vids", vids);
		jw_int(w, "native", p->cfg.pvid);
	}
	state_acl_save(w, p);
	jw_bool(w, "learning", !p->cfg.no_learning);
	if (p->cfg.learn_limit)
		jw_int(w, "learn_limit", p->cfg.learn_limit);
	policy_json(w, &p->pol);
	jw_close(w, '}');
}

static void vxlan_json(struct jw *w, const struct vnic_vxlan *vx)
{
	char buf[1024];

	jw_open(w, "vxlan", '{');
	if (vx->nmap) {
		vsw_vni_map_format(vx->map, vx->nmap, buf, sizeof(buf));
		jw_str(w, "vni_map", buf);
	} else {
		jw_int(w, "vni", vx->vni);
	}
	vsw_ipv4_list_format(&vx->local, 1, buf, sizeof(buf));
	jw_str(w, "local", buf);
	if (vx->dev[0])
		jw_str(w, "dev", vx->dev);
	jw_int(w, "dstport", vx->dstport);
	if (vx->nremote) {
		vsw_ipv4_list_format(vx->remote, vx->nremote, buf, sizeof(buf));
		jw_str(w, "remote", buf);
	}
	jw_close(w, '}');
}

static void nic_json(struct jw *w, const struct vnic *n)
{
	char mac[18];

	jw_open(w, NULL, '{');
	jw_str(w, "name", n->name);
	jw_str(w, "type", vsw_nic_kind_name(n->kind));
	jw_str(w, "netdev", n->port_ifname);
	jw_bool(w, "adopted", n->adopted);
	if (n->netns[0])
		jw_str(w, "netns", n->netns);
	if (n->host_ifname[0])
		jw_str(w, "host_ifname", n->host_ifname);
	if (n->has_mac) {
		mac_format(n->mac, mac);
		jw_str(w, "mac", mac);
	}
	if (n->kind == VSW_NIC_VM || n->kind == VSW_NIC_LEGACY) {
		if (n->owner != (__u32)-1)
			jw_int(w, "owner", n->owner);
		if (n->group != (__u32)-1)
			jw_int(w, "group", n->group);
	}
	if (n->mtu_cfg)
		jw_int(w, "mtu", n->mtu_cfg);
	if (n->kind == VSW_NIC_VM)
		jw_int(w, "queues", n->queues);
	if (n->kind == VSW_NIC_LEGACY)
		jw_int(w, "mode", n->mode);
	if (n->kind == VSW_NIC_VXLAN && n->vx)
		vxlan_json(w, n->vx);
	if (n->port)
		jw_str(w, "port", n->port->name);
	jw_close(w, '}');
}

static void ext_json(struct jw *w, const struct vext *e)
{
	jw_open(w, NULL, '{');
	jw_str(w, "name", e->name);
	jw_str(w, "switch", e->sw->name);
	jw_str(w, "kind", vsw_ext_kind_name(e->kind));
	jw_str(w, "stage", vsw_ext_stage_name(e->stage));
	jw_str(w, "object", e->object);
	if (e->program[0])
		jw_str(w, "program", e->program);
	jw_int(w, "priority", e->priority);
	if (e->params[0])
		jw_str(w, "params", e->params);
	jw_close(w, '}');
}

static int write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		s += n;
		len -= n;
	}
	return 0;
}

char *state_render(const struct model *m, size_t *len)
{
	struct jw w = { 0 };

	jw_open(&w, NULL, '{');
	jw_int(&w, "vsw_state_version", VSW_STATE_VERSION);
	jw_open(&w, "switches", '[');
	for (const struct vswitch *s = m->switches; s; s = s->next) {
		jw_open(&w, NULL, '{');
		jw_str(&w, "name", s->name);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_open(&w, "ports", '[');
	for (const struct vport *p = m->ports; p; p = p->next)
		port_json(&w, p);
	jw_close(&w, ']');
	jw_open(&w, "nics", '[');
	for (const struct vnic *n = m->nics; n; n = n->next)
		nic_json(&w, n);
	jw_close(&w, ']');
	jw_open(&w, "extensions", '[');
	for (const struct vext *e = m->exts; e; e = e->next)
		ext_json(&w, e);
	jw_close(&w, ']');
	jw_close(&w, '}');
	return jw_finish(&w, len);
}

int state_write(const char *dir, const char *text, struct vsw_err *err)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int fd, dfd, ret;

	snprintf(path, sizeof(path), "%s/%s", dir, VSW_STATE_FILE);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, VSW_STATE_FILE);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return vsw_errf(err, -errno, "cannot save '%s': cannot create '%s': %s", path, tmp,
				strerror(errno));
	ret = write_all(fd, text, strlen(text));
	if (!ret && fsync(fd))
		ret = -errno;
	close(fd);
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return vsw_errf(err, ret, "cannot save '%s': %s (the file keeps the previous "
				"configuration)", path, strerror(-ret));
	}
	/* The rename itself must reach the disk. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

int state_save(const struct model *m, const char *dir, struct vsw_err *err)
{
	char *text = state_render(m, NULL);
	int ret;

	if (!text)
		return vsw_errf(err, -ENOMEM, "cannot save the configuration: out of memory");
	ret = state_write(dir, text, err);
	free(text);
	return ret;
}

int state_room(const char *dir, size_t need, struct vsw_err *err)
{
	struct statvfs st;
	__u64 avail;

	if (statvfs(dir, &st))
		return vsw_errf(err, -errno, "state directory '%s': %s", dir, strerror(errno));
	/* What this process may use: root may dip into the reserved blocks. */
	avail = (__u64)(geteuid() ? st.f_bavail : st.f_bfree) * st.f_frsize;
	if (avail < need)
		return vsw_errf(err, -ENOSPC, "state directory '%s' has %llu bytes free, saving the "
				"configuration may need %zu: change refused, nothing changed (free "
				"some space and retry)", dir, (unsigned long long)avail, need);
	/* The temporary file is a new inode (a filesystem that counts none
	 * says f_files 0). */
	if (st.f_files && !(geteuid() ? st.f_favail : st.f_ffree))
		return vsw_errf(err, -ENOSPC, "state directory '%s' has no free inode for saving "
				"the configuration: change refused, nothing changed (free some and "
				"retry)", dir);
	return 0;
}

/* ---- load ---- */

struct loader {
	struct model *m;
	struct vsw_err *err;
	const char *path;
};

static int bad(struct loader *l, const char *what, const char *detail)
{
	return vsw_errf(l->err, -EINVAL, "state file '%s' is invalid: %s%s%s (fix or move it; "
			"vswd will not overwrite it)", l->path, what, detail ? ": " : "",
			detail ?: "");
}

/* A member of a type, or NULL. */
static json_object *member(json_object *o, const char *key, json_type type)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, type))
		return NULL;
	return v;
}

static const char *name_member(json_object *o, const char *key)
{
	json_object *v = member(o, key, json_type_string);
	const char *s = v ? json_object_get_string(v) : NULL;

	return s && vsw_name_valid(s) ? s : NULL;
}

static int int_member(json_object *o, const char *key, int64_t min, int64_t max, int64_t dflt,
		      int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v)) {
		*out = dflt;
		return 0;
	}
	if (!json_object_is_type(v, json_type_int))
		return -EINVAL;
	*out = json_object_get_int64(v);
	return *out < min || *out > max ? -EINVAL : 0;
}

static int load_switch(struct loader *l, json_object *o)
{
	const char *name = name_member(o, "name");
	struct vswitch *s;

	if (!name || model_switch_find(l->m, name))
		return bad(l, "a switch without a valid, unique name", NULL);
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	snprintf(s->name, sizeof(s->name), "%s", name);
	model_switch_append(l->m, s);
	return 0;
}

static int bool_member(json_object *o, const char *key, bool *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return -EINVAL;
	*out = json_object_get_boolean(v);
	return 0;
}

static int load_pvlan(struct loader *l, json_object *o, struct vsw_pol_settings *pol,
		      const char *name)
{
	json_object *role = member(o, "pvlan", json_type_string);
	json_object *list = member(o, "pvlan_secondaries", json_type_string);
	const char *badpos;
	int64_t v;
	int r;

	r = role ? vsw_pvlan_role_parse(json_object_get_string(role)) : VSW_PVLAN_NONE;
	if (r < 0)
		return bad(l, "port's pvlan is not none, promiscuous, isolated or community", name);
	pol->pvlan = r;
	if (r == VSW_PVLAN_ISOLATED || r == VSW_PVLAN_COMMUNITY) {
		if (int_member(o, "pvlan_secondary", VSW_VID_MIN, VSW_VID_MAX, -1, &v) || v < 0)
			return bad(l, "port's pvlan_secondary is not a VID", name);
		pol->pvlan_secondary = v;
	}
	if (r == VSW_PVLAN_PROMISCUOUS &&
	    (!list || vlan_set_parse(pol->pvlan_serves, json_object_get_string(list), &badpos)))
		return bad(l, "port's pvlan_secondaries is not a VID list", name);
	return 0;
}

/* A file from before port mirroring has no "mirror": off. */
static int load_mirror(struct loader *l, json_object *o, struct vsw_pol_settings *pol,
		       const char *name)
{
	json_object *mirror = member(o, "mirror", json_type_string);

	if (!mirror || !vsw_mirror_role_parse(json_object_get_string(mirror), &pol->mirror))
		return 0;
	return bad(l, "port's mirror is not off, source in, source out, source both or "
		   "destination", name);
}

static int load_policy(struct loader *l, json_object *o, struct vsw_pol_settings *pol,
		       const char *name)
{
	json_object *guard = member(o, "mac_guard", json_type_string);
	json_object *allow = member(o, "mac_allow", json_type_array);
	json_object *prio = member(o, "priority_tag", json_type_string);
	unsigned int b[6];
	size_t n;
	int64_t v;

	if (guard) {
		for (n = 0; n < 3 && strcmp(json_object_get_string(guard), guard_names[n]); n++)
			;
		if (n == 3)
			return bad(l, "port's mac_guard is not default, on or off", name);
		pol->mac_guard = n;
	}
	n = allow ? json_object_array_length(allow) : 0;
	if (n > VSW_POL_ALLOW_MAX)
		return bad(l, "port's mac_allow list is too long", name);
	for (size_t i = 0; i < n; i++) {
		json_object *mac = json_object_array_get_idx(allow, i);

		if (!json_object_is_type(mac, json_type_string) ||
		    sscanf(json_object_get_string(mac), "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1],
			   &b[2], &b[3], &b[4], &b[5]) != 6 || (b[0] & 1))
			return bad(l, "port's mac_allow has a bad MAC", name);
		for (int j = 0; j < 6; j++)
			pol->allow[i][j] = b[j];
	}
	pol->nallow = n;
	if (bool_member(o, "dhcp_guard", &pol->dhcp_guard) ||
	    bool_member(o, "router_guard", &pol->router_guard))
		return bad(l, "port's guard settings are not booleans", name);
	if (prio && strcmp(json_object_get_string(prio), "trust") &&
	    strcmp(json_object_get_string(prio), "reset"))
		return bad(l, "port's priority_tag is neither trust nor reset", name);
	pol->prio_trust = prio && !strcmp(json_object_get_string(prio), "trust");
	for (int d = 0; d < 2; d++) {
		if (int_member(o, d ? "rate_in_bps" : "rate_out_bps", 0, VSW_RATE_MAX_BPS, 0, &v) ||
		    (v && v < (int64_t)VSW_RATE_MIN_BPS))
			return bad(l, "port's rate is out of range", name);
		pol->rate_bps[d] = v;
		if (int_member(o, d ? "burst_in" : "burst_out", 0, VSW_BURST_MAX, 0, &v) ||
		    (v && v < VSW_BURST_MIN))
			return bad(l, "port's burst is out of range", name);
		pol->burst[d] = v;
	}
	for (int k = 0; k < VSW_STORM__MAX; k++) {
		if (int_member(o, storm_names[k], 0, VSW_STORM_MAX_PPS, 0, &v))
			return bad(l, "port's storm limit is out of range", name);
		pol->storm_pps[k] = v;
	}
	return load_mirror(l, o, pol, name) ?: load_pvlan(l, o, pol, name);
}

static int load_port(struct loader *l, json_object *o)
{
	const char *name = name_member(o, "name"), *swname = name_member(o, "switch");
	json_object *vlan = member(o, "vlan", json_type_string), *vids, *learning, *policy;
	struct vswitch *sw = swname ? model_switch_find(l->m, swname) : NULL;
	const char *badpos;
	struct vsw_err why;
	struct vport *p;
	int64_t v;
	int ret;

	if (!name || model_port_find(l->m, name))
		return bad(l, "a port without a valid, unique name", NULL);
	if (!sw)
		return bad(l, "port's switch missing", name);
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->sw = sw;
	vsw_port_cfg_init(&p->cfg);
	vsw_pol_settings_init(&p->pol);
	model_port_append(l->m, p); /* owned by the model from here on */
	if (vlan && !strcmp(json_object_get_string(vlan), "access")) {
		if (int_member(o, "vid", VSW_VID_MIN, VSW_VID_MAX, -1, &v) || v < 0)
			return bad(l, "access port without a valid vid", name);
		p->cfg.pvid = v;
	} else if (vlan && !strcmp(json_object_get_string(vlan), "trunk")) {
		vids = member(o, "vids", json_type_string);
		p->cfg.mode = VSW_PORT_TRUNK;
		if (!vids || vlan_set_parse(p->cfg.vlans, json_object_get_string(vids), &badpos))
			return bad(l, "trunk port with a bad vids list", name);
		if (int_member(o, "native", 0, VSW_VID_MAX, 0, &v))
			return bad(l, "trunk port with a bad native VID", name);
		p->cfg.pvid = v;
	} else {
		return bad(l, "port's vlan is neither access nor trunk", name);
	}
	learning = member(o, "learning", json_type_boolean);
	p->cfg.no_learning = learning && !json_object_get_boolean(learning);
	if (int_member(o, "learn_limit", 0, UINT32_MAX, 0, &v))
		return bad(l, "port's learn_limit", name);
	p->cfg.learn_limit = v;
	if (state_acl_load(l->m, p, o, &why))
		return bad(l, "port ACL", why.msg);
	/* A file from before policies: the defaults. */
	policy = member(o, "policy", json_type_object);
	ret = policy ? load_policy(l, policy, &p->pol, name) : 0;
	if (ret)
		return ret;
	if ((p->pol.mirror & VSW_MIRROR_IN) &&
	    model_mirror_in_count(l->m, sw, p) >= VSW_MIRROR_IN_MAX)
		return bad(l, "too many ports of the switch mirror what they receive", name);
	return 0;
}

static int str_member(json_object *o, const char *key, char *out, size_t len);

/* A VXLAN NIC's tunnel, checked as nic add checks it. */
static int load_vxlan(struct loader *l, struct vnic *n, json_object *o)
{
	json_object *map = o ? member(o, "vni_map", json_type_string) : NULL;
	json_object *local = o ? member(o, "local", json_type_string) : NULL;
	json_object *remote = o ? member(o, "remote", json_type_string) : NULL;
	struct vsw_err err;
	unsigned int one;
	int64_t v;

	if (!o || !local)
		return -EINVAL;
	n->vx = calloc(1, sizeof(*n->vx));
	if (!n->vx)
		return -ENOMEM;
	if (int_member(o, "vni", 1, VSW_VNI_MAX, 0, &v))
		return -EINVAL;
	n->vx->vni = v;
	if (map && vsw_vni_map_parse(json_object_get_string(map), n->vx->map, VXLAN_MAP_MAX,
				     &n->vx->nmap))
		return -EINVAL;
	if (vsw_ipv4_list_parse(json_object_get_string(local), &n->vx->local, 1, &one))
		return -EINVAL;
	if (remote && vsw_ipv4_list_parse(json_object_get_string(remote), n->vx->remote,
					  VXLAN_REMOTE_MAX, &n->vx->nremote))
		return -EINVAL;
	if (str_member(o, "dev", n->vx->dev, sizeof(n->vx->dev)))
		return -EINVAL;
	if (int_member(o, "dstport", 1, 65535, VSW_VXLAN_PORT_DEFAULT, &v))
		return -EINVAL;
	n->vx->dstport = v;
	if (model_vxlan_check(l->m, n->name, n->vx, &err)) {
		pr_err("state: %s\n", err.msg);
		return -EINVAL;
	}
	return 0;
}

static int load_nic(struct loader *l, json_object *o)
{
	const char *name = name_member(o, "name"), *netdev = name_member(o, "netdev");
	json_object *host_ifname = member(o, "host_ifname", json_type_string);
	json_object *type = member(o, "type", json_type_string);
	json_object *adopted = member(o, "adopted", json_type_boolean);
	json_object *netns = member(o, "netns", json_type_string);
	json_object *mac = member(o, "mac", json_type_string);
	json_object *port = member(o, "port", json_type_string);
	struct vport *p = NULL;
	struct vnic *n;
	unsigned int b[6];
	int64_t v;
	int kind;

	if (!name || model_nic_find(l->m, name))
		return bad(l, "a nic without a valid, unique name", NULL);
	kind = type ? vsw_nic_kind_parse(json_object_get_string(type)) : -1;
	if (kind < 0 || !netdev)
		return bad(l, "nic without a valid type and netdev", name);
	if (port) {
		p = model_port_find(l->m, json_object_get_string(port));
		if (!p || p->nic)
			return bad(l, "nic's port missing or taken twice", name);
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	snprintf(n->name, sizeof(n->name), "%s", name);
	snprintf(n->port_ifname, sizeof(n->port_ifname), "%s", netdev);
	n->kind = kind;
	n->adopted = adopted && json_object_get_boolean(adopted);
	n->owner = n->group = (__u32)-1;
	n->queues = 1;
	model_nic_append(l->m, n);
	if (netns) {
		if (strlen(json_object_get_string(netns)) >= sizeof(n->netns))
			return bad(l, "nic netns too long", name);
		snprintf(n->netns, sizeof(n->netns), "%s", json_object_get_string(netns));
	}
	if (host_ifname) {
		if (!vsw_name_valid(json_object_get_string(host_ifname)))
			return bad(l, "nic host_ifname", name);
		snprintf(n->host_ifname, sizeof(n->host_ifname), "%s",
			 json_object_get_string(host_ifname));
	}
	if (mac) {
		if (sscanf(json_object_get_string(mac), "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1],
			   &b[2], &b[3], &b[4], &b[5]) != 6)
			return bad(l, "nic mac", name);
		for (int i = 0; i < 6; i++)
			n->mac[i] = b[i];
		n->has_mac = true;
	}
	if (int_member(o, "owner", 0, UINT32_MAX - 1, -1, &v))
		return bad(l, "nic owner", name);
	n->owner = v < 0 ? (__u32)-1 : (__u32)v;
	if (int_member(o, "group", 0, UINT32_MAX - 1, -1, &v))
		return bad(l, "nic group", name);
	n->group = v < 0 ? (__u32)-1 : (__u32)v;
	if (int_member(o, "queues", 1, 256, 1, &v))
		return bad(l, "nic queues", name);
	n->queues = v;
	if (int_member(o, "mtu", VSW_NIC_MTU_MIN, VSW_NIC_MTU_MAX, 0, &v))
		return bad(l, "nic mtu", name);
	n->mtu_cfg = v;
	if (int_member(o, "mode", 0, 0777, legacy_default_mode(n->group), &v))
		return bad(l, "nic mode", name);
	n->mode = v;
	if (kind == VSW_NIC_VXLAN && load_vxlan(l, n, member(o, "vxlan", json_type_object)))
		return bad(l, "nic vxlan", name);
	if (p) {
		n->port = p;
		p->nic = n;
	}
	return 0;
}

/* A string member that fits len (NUL included); absent: "". */
static int str_member(json_object *o, const char *key, char *out, size_t len)
{
	json_object *v;

	out[0] = '\0';
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string) ||
	    strlen(json_object_get_string(v)) >= len)
		return -EINVAL;
	snprintf(out, len, "%s", json_object_get_string(v));
	return 0;
}

static int load_ext(struct loader *l, json_object *o)
{
	const char *name = name_member(o, "name"), *swname = name_member(o, "switch");
	json_object *kind = member(o, "kind", json_type_string);
	json_object *stage = member(o, "stage", json_type_string);
	struct vswitch *sw = swname ? model_switch_find(l->m, swname) : NULL;
	struct vext *e;
	int64_t v;

	if (!name || !sw || model_ext_find(l->m, sw, name))
		return bad(l, "an extension without a valid, unique name and its switch", name);
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->sw = sw;
	model_ext_append(l->m, e); /* owned by the model from here on */
	if (!kind || vsw_ext_kind_parse(json_object_get_string(kind)) < 0 || !stage ||
	    vsw_ext_stage_parse(json_object_get_string(stage)) < 0)
		return bad(l, "extension without a valid kind and stage", name);
	e->kind = vsw_ext_kind_parse(json_object_get_string(kind));
	e->stage = vsw_ext_stage_parse(json_object_get_string(stage));
	if (vsw_ext_slot_of(e->kind, e->stage) == VSW_EXT_SLOT_NONE)
		return bad(l, "extension kind and stage do not go together", name);
	if (str_member(o, "object", e->object, sizeof(e->object)) || e->object[0] != '/')
		return bad(l, "extension without an absolute object path", name);
	if (str_member(o, "program", e->program, sizeof(e->program)))
		return bad(l, "extension program", name);
	if (str_member(o, "params", e->params, sizeof(e->params)) ||
	    vsw_ext_params_check(e->params, NULL))
		return bad(l, "extension params", name);
	if (int_member(o, "priority", 0, UINT32_MAX, VSW_EXT_PRIORITY_DEFAULT, &v))
		return bad(l, "extension priority", name);
	e->priority = v;
	return 0;
}

static int load_list(struct loader *l, json_object *root, const char *key,
		     int (*fn)(struct loader *, json_object *))
{
	json_object *list;
	size_t n;
	int ret;

	if (!json_object_object_get_ex(root, key, &list))
		return 0;
	if (!json_object_is_type(list, json_type_array))
		return bad(l, key, "not a list");
	n = json_object_array_length(list);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(list, i);

		if (!json_object_is_type(o, json_type_object))
			return bad(l, key, "an entry is not an object");
		ret = fn(l, o);
		if (ret)
			return ret;
	}
	return 0;
}

int state_load(struct model *m, const char *dir, struct vsw_err *err)
{
	enum json_tokener_error jerr;
	char path[PATH_MAX];
	struct loader l = { m, err, path };
	json_object *root, *version;
	struct stat st;
	char *text;
	ssize_t n;
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", dir, VSW_STATE_FILE);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : vsw_errf(err, -errno, "cannot read '%s': %s", path,
						       strerror(errno));
	if (fstat(fd, &st) || st.st_size > 16 * 1024 * 1024) {
		close(fd);
		return vsw_errf(err, -EFBIG, "state file '%s' is unreadable or too large", path);
	}
	text = calloc(1, st.st_size + 1);
	n = text ? read(fd, text, st.st_size) : -1;
	close(fd);
	if (n != st.st_size) {
		free(text);
		return vsw_errf(err, -EIO, "cannot read '%s'", path);
	}
	root = json_tokener_parse_verbose(text, &jerr);
	free(text);
	if (!root)
		return bad(&l, "not JSON", json_tokener_error_desc(jerr));
	version = member(root, "vsw_state_version", json_type_int);
	if (!json_object_is_type(root, json_type_object) || !version)
		ret = bad(&l, "no vsw_state_version", NULL);
	else if (json_object_get_int(version) != VSW_STATE_VERSION)
		ret = bad(&l, "unsupported vsw_state_version", NULL);
	else
		ret = load_list(&l, root, "switches", load_switch) ?:
		      load_list(&l, root, "ports", load_port) ?:
		      load_list(&l, root, "nics", load_nic) ?:
		      load_list(&l, root, "extensions", load_ext);
	json_object_put(root);
	if (ret)
		model_free(m, false);
	return ret;
}
