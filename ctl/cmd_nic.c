// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl nic: add (host, vm, physical, legacy), connect, disconnect,
 * del and show NICs. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_parse.h"
#include "vswctl.h"
#include "vxlan_text.h"

#define TAP_QUEUES_MAX 256 /* the kernel's MAX_TAP_QUEUES */
#define NETNS_NAME_MAX 64  /* what vswd keeps, NUL included */
#define VSW_VNI_MAP_MAX 64 /* vswd's VXLAN_MAP_MAX */

struct vni_map {
	__u32 pairs[2 * VSW_VNI_MAP_MAX];
	unsigned int n;
};

struct vtep_list {
	__be32 ip[VSW_VX_FLOOD_MAX];
	unsigned int n;
};

void usage_nic(FILE *f)
{
	fputs("vswctl nic add NAME type host [netns NS] [ifname IFNAME] [mac MAC] [mtu MTU]\n"
	      "vswctl nic add NAME type vm [tap IFNAME] [owner UID] [group GID] [queues N] [mac MAC]\n"
	      "                   [mtu MTU]\n"
	      "vswctl nic add NAME type physical dev IFNAME\n"
	      "vswctl nic add NAME type legacy [mac MAC] [owner UID] [group GID] [mode MODE]\n"
	      "vswctl nic add NAME type vxlan vni VNI|vni-map VID=VNI[,VID=VNI...] local IP\n"
	      "                   [dev UNDERLAY] [dstport PORT] [remote IP[,IP...]]\n"
	      "vswctl nic connect NAME port PORT\n"
	      "vswctl nic disconnect NAME\n"
	      "vswctl nic del NAME [force]\n"
	      "vswctl nic show [NAME]\n"
	      "    A NIC is the endpoint connected to a port. host: a veth pair whose\n"
	      "    host side is called NAME, or IFNAME in netns NS if given (a named\n"
	      "    netns, or a netns file's absolute path: /proc/PID/ns/net). vm: a TAP\n"
	      "    (named IFNAME, default NAME) that UID/GID may open, with N queues;\n"
	      "    its MAC is the guest's (the port's MAC guard passes it). A host NIC\n"
	      "    without 'mac' gets a random locally administered one.\n"
	      "    physical: the existing netdev IFNAME, adopted. legacy: an emulated\n"
	      "    DEC 21140A (station address MAC, not a0:00:.., c0:00:.. or 02:00:..,\n"
	      "    which Linux's tulip driver byte-swaps; random without one) that a\n"
	      "    VMM attaches to over vfio-user; 'add' prints its socket, which\n"
	      "    root, UID and members of GID may use (mode MODE, default 0600,\n"
	      "    0660 with a group). 'del' refuses a connected NIC unless 'force'.\n"
	      "    mtu: the largest frame (past its Ethernet header) the NIC takes; a\n"
	      "    longer one for it is dropped as 'mtu' (GSO frames of the skb path\n"
	      "    excepted: the kernel segments them). host: set on the host side\n"
	      "    (default: the kernel's, 1500; vswd follows later changes). vm: the\n"
	      "    guest's (default 1500; give the MTU its virtio-net uses). physical:\n"
	      "    the netdev's own; legacy: 1500.\n"
	      "    vxlan: a VXLAN tunnel endpoint (docs/multihost.md) with address IP on\n"
	      "    the underlay netdev UNDERLAY (default: the one holding IP), UDP port\n"
	      "    PORT (default 4789). On an access port it carries VNI, the port's\n"
	      "    VLAN; on a trunk port, each VLAN of its vni-map as that VNI.\n"
	      "    remote: the VTEPs that get broadcasts, multicasts and unknown\n"
	      "    unicasts (flood-and-learn, at most 32); a control plane may add\n"
	      "    more. The underlay's MTU must take the NICs' frames plus 50 bytes\n"
	      "    (a longer one is dropped as 'vxlan_mtu').\n", f);
}

/* vni 100 (or vni-map 10=100,20=200) local 192.0.2.1 dev eth1 dstport 4789
 * remote 192.0.2.2,192.0.2.3 decap 5 encap 7 flood_copies 4 */
static void print_vxlan(const struct nlattr **tb)
{
	char buf[1024];
	__be32 local;

	if (tb[VSW_A_VX_VNI])
		out_uint("vni", "vni %u", mnl_attr_get_u32(tb[VSW_A_VX_VNI]));
	if (tb[VSW_A_VX_VNI_MAP]) {
		vsw_vni_map_format(mnl_attr_get_payload(tb[VSW_A_VX_VNI_MAP]),
				   mnl_attr_get_payload_len(tb[VSW_A_VX_VNI_MAP]) / 8, buf,
				   sizeof(buf));
		out_str("vni_map", "vni-map %s", buf);
	}
	if (tb[VSW_A_VX_LOCAL]) {
		local = mnl_attr_get_u32(tb[VSW_A_VX_LOCAL]);
		vsw_ipv4_list_format(&local, 1, buf, sizeof(buf));
		out_str("local", "local %s", buf);
	}
	out_str("dev", "dev %s", attr_str(tb[VSW_A_VX_DEV]));
	if (tb[VSW_A_VX_DSTPORT])
		out_uint("dstport", "dstport %u", mnl_attr_get_u32(tb[VSW_A_VX_DSTPORT]));
	if (tb[VSW_A_VX_REMOTE]) {
		vsw_ipv4_list_format(mnl_attr_get_payload(tb[VSW_A_VX_REMOTE]),
				     mnl_attr_get_payload_len(tb[VSW_A_VX_REMOTE]) / 4, buf,
				     sizeof(buf));
		out_str("remote", "remote %s", buf);
	}
	if (tb[VSW_A_VX_DECAP]) {
		out_u64("decap", "decap %llu", mnl_attr_get_u64(tb[VSW_A_VX_DECAP]));
		out_u64("encap", "encap %llu", mnl_attr_get_u64(tb[VSW_A_VX_ENCAP]));
		out_u64("flood_copies", "flood_copies %llu",
			mnl_attr_get_u64(tb[VSW_A_VX_FLOOD_COPIES]));
	}
}

/* nic h1 type host netns ns1 mac 02:00:00:00:00:01 port p1 link up ifindex 12 xdp native
 * nic vm1 type vm tap vm1 owner 1000 group 1000 queues 2
 * nic old1 type legacy mac ... owner 1000 socket /run/vsw/legacy-old1.sock mode 0600 vmm attached ...
 * nic up0 type physical dev eth1 adopted port p9 ... */
static void print_nic(const struct nlattr **tb, const struct show *s)
{
	__u8 kind = tb[VSW_A_NIC_KIND] ? mnl_attr_get_u8(tb[VSW_A_NIC_KIND]) : 0;
	const char *ifname = attr_str(tb[VSW_A_IFNAME]);
	char mac[18];

	out_begin_object();
	out_str("nic", "nic %s", attr_str(tb[VSW_A_NIC_NAME]));
	out_str("type", "type %s", vsw_nic_kind_name(kind));
	out_str("netns", "netns %s", attr_str(tb[VSW_A_NETNS]));
	out_str("ifname", "ifname %s", attr_str(tb[VSW_A_HOST_IFNAME]));
	if (tb[VSW_A_MAC])
		out_str("mac", "mac %s", mac_str(mnl_attr_get_payload(tb[VSW_A_MAC]), mac));
	if (kind == VSW_NIC_VXLAN)
		print_vxlan(tb);
	if (kind == VSW_NIC_VM)
		out_str("tap", "tap %s", ifname);
	else if (kind == VSW_NIC_PHYSICAL)
		out_str("dev", "dev %s", ifname);
	if (tb[VSW_A_OWNER])
		out_uint("owner", "owner %u", mnl_attr_get_u32(tb[VSW_A_OWNER]));
	if (tb[VSW_A_GROUP])
		out_uint("group", "group %u", mnl_attr_get_u32(tb[VSW_A_GROUP]));
	if (tb[VSW_A_QUEUES])
		out_uint("queues", "queues %u", mnl_attr_get_u32(tb[VSW_A_QUEUES]));
	if (tb[VSW_A_MTU] && mnl_attr_get_u32(tb[VSW_A_MTU]))
		out_uint("mtu", "mtu %u", mnl_attr_get_u32(tb[VSW_A_MTU]));
	if (kind == VSW_NIC_PHYSICAL)
		out_bool("adopted", "adopted", tb[VSW_A_ADOPTED]);
	out_str("socket", "socket %s", attr_str(tb[VSW_A_LEGACY_SOCKET]));
	if (tb[VSW_A_LEGACY_MODE]) {
		char mode[8];

		snprintf(mode, sizeof(mode), "%04o", mnl_attr_get_u32(tb[VSW_A_LEGACY_MODE]));
		out_str("mode", "mode %s", mode);
	}
	if (tb[VSW_A_LEGACY_VMM])
		out_str("vmm", "vmm %s", mnl_attr_get_u8(tb[VSW_A_LEGACY_VMM]) ? "attached" :
			"detached");
	if (tb[VSW_A_LEGACY_RX]) {
		out_u64("guest_rx", "guest_rx %llu", mnl_attr_get_u64(tb[VSW_A_LEGACY_RX]));
		out_u64("guest_rx_dropped", "guest_rx_dropped %llu",
			mnl_attr_get_u64(tb[VSW_A_LEGACY_RX_DROPPED]));
		out_u64("guest_tx", "guest_tx %llu", mnl_attr_get_u64(tb[VSW_A_LEGACY_TX]));
	}
	out_str("port", "port %s", attr_str(tb[VSW_A_PORT_NAME]));
	if (tb[VSW_A_LINK])
		out_str("link", "link %s", mnl_attr_get_u8(tb[VSW_A_LINK]) ? "up" : "down");
	if (tb[VSW_A_IFINDEX] && mnl_attr_get_u32(tb[VSW_A_IFINDEX]))
		out_uint("ifindex", "ifindex %u", mnl_attr_get_u32(tb[VSW_A_IFINDEX]));
	out_str("xdp", "xdp %s", attr_str(tb[VSW_A_XDP_MODE]));
	out_str("checksum", "checksum %s", attr_str(tb[VSW_A_CSUM]));
	out_end_object();
}

/* A name under /run/netns, or the absolute path of a netns file. */
static int kw_netns(struct args *a, const struct kw *k, const char *v)
{
	bool path = v[0] == '/';

	if (!*v || (!path && strchr(v, '/')) || (path && strstr(v, "/../")) ||
	    !strcmp(v, ".") || !strcmp(v, "..") || strlen(v) >= NETNS_NAME_MAX)
		return bad_usage(a, "netns '%s' is not a namespace name or an absolute path "
			       "(1 to %d characters)", v, NETNS_NAME_MAX - 1);
	*(const char **)k->out = v;
	return 0;
}

/* A number, or a name looked up on this host. (uid_t)-1 means "unset". */
static int kw_owner(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_uid(v, k->out))
		return bad_usage(a, "owner '%s' is neither a UID nor a user", v);
	return 0;
}

static int kw_group(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_gid(v, k->out))
		return bad_usage(a, "group '%s' is neither a GID nor a group", v);
	return 0;
}

/* Permission bits in octal, as chmod takes them: 0600, 660. */
static int kw_mode(struct args *a, const struct kw *k, const char *v)
{
	unsigned long m;
	char *end;

	errno = 0;
	m = strtoul(v, &end, 8);
	if (!*v || *end || errno || m > 0777 || !isdigit((unsigned char)*v))
		return bad_usage(a, "mode '%s' is not octal permission bits (0 to 0777, e.g. 0660)",
				 v);
	*(__u32 *)k->out = m;
	return 0;
}

static int kw_queues(struct args *a, const struct kw *k, const char *v)
{
	__u32 *n = k->out;

	if (cli_parse_u32(v, n) || *n < 1 || *n > TAP_QUEUES_MAX)
		return bad_usage(a, "queues '%s' is not a number from 1 to %d", v,
				 TAP_QUEUES_MAX);
	return 0;
}

static int kw_mtu(struct args *a, const struct kw *k, const char *v)
{
	__u32 *mtu = k->out;

	if (cli_parse_u32(v, mtu) || *mtu < VSW_NIC_MTU_MIN || *mtu > VSW_NIC_MTU_MAX)
		return bad_usage(a, "mtu '%s' is not a number from %d to %d", v, VSW_NIC_MTU_MIN,
				 VSW_NIC_MTU_MAX);
	return 0;
}

static int kw_nic_type(struct args *a, const struct kw *k, const char *v)
{
	int kind = vsw_nic_kind_parse(v);

	if (kind > 0) {
		*(__u8 *)k->out = kind;
		return 0;
	}
	return bad_usage(a, "type '%s' is not one of host, vm, physical, legacy, vxlan", v);
}

static int kw_vni(struct args *a, const struct kw *k, const char *v)
{
	__u32 *vni = k->out;

	if (cli_parse_u32(v, vni) || *vni < 1 || *vni > VSW_VNI_MAX)
		return bad_usage(a, "vni '%s' is not a number from 1 to %u", v, VSW_VNI_MAX);
	return 0;
}

static int kw_vni_map(struct args *a, const struct kw *k, const char *v)
{
	struct vni_map *map = k->out;

	if (vsw_vni_map_parse(v, map->pairs, VSW_VNI_MAP_MAX, &map->n))
		return bad_usage(a, "vni-map '%s' is not VID=VNI[,VID=VNI...] (VID 1-4094, VNI "
				 "1-%u, each once, at most %d pairs)", v, VSW_VNI_MAX,
				 VSW_VNI_MAP_MAX);
	return 0;
}

static int kw_local(struct args *a, const struct kw *k, const char *v)
{
	unsigned int n;

	if (vsw_ipv4_list_parse(v, k->out, 1, &n))
		return bad_usage(a, "local '%s' is not an IPv4 unicast address", v);
	return 0;
}

static int kw_remote(struct args *a, const struct kw *k, const char *v)
{
	struct vtep_list *l = k->out;

	if (vsw_ipv4_list_parse(v, l->ip, VSW_VX_FLOOD_MAX, &l->n))
		return bad_usage(a, "remote '%s' is not IP[,IP...] (IPv4 unicast, each once, at "
				 "most %d)", v, VSW_VX_FLOOD_MAX);
	return 0;
}

static int kw_dstport(struct args *a, const struct kw *k, const char *v)
{
	__u32 *port = k->out;

	if (cli_parse_u32(v, port) || *port < 1 || *port > 65535)
		return bad_usage(a, "dstport '%s' is not a number from 1 to 65535", v);
	return 0;
}

static int print_socket_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_LEGACY_SOCKET]) {
		return bad_reply("nic reply from vswd without its socket");
	}
	printf("%s\n", mnl_attr_get_str(tb[VSW_A_LEGACY_SOCKET]));
	return 0;
}

static int nic_add(struct args *a)
{
	const char *netns = NULL, *tap = NULL, *dev = NULL, *ifname = NULL;
	__u32 owner = 0, group = 0, queues = 0, mtu = 0, mode = 0, vni = 0, dstport = 0;
	__u8 kind = 0, mac[6] = { 0 };
	struct vni_map map = { 0 };
	struct vtep_list remote = { 0 };
	__be32 local = 0;
	struct kw kws[] = {
		KW("type", kw_nic_type, &kind),
		KW("netns", kw_netns, &netns),
		KW("mac", kw_mac, mac),
		KW("tap", kw_ifname, &tap),
		KW("owner", kw_owner, &owner),
		KW("group", kw_group, &group),
		KW("queues", kw_queues, &queues),
		KW("dev", kw_ifname, &dev),
		KW("ifname", kw_ifname, &ifname),
		KW("mtu", kw_mtu, &mtu),
		KW("mode", kw_mode, &mode),
		KW("vni", kw_vni, &vni),
		KW("vni-map", kw_vni_map, &map),
		KW("local", kw_local, &local),
		KW("dstport", kw_dstport, &dstport),
		KW("remote", kw_remote, &remote),
		KW_END,
	};
	/* Which keywords each type takes. */
	static const char *const allowed[] = {
		[VSW_NIC_HOST] = " type netns ifname mac mtu ",
		[VSW_NIC_VM] = " type tap owner group queues mac mtu ",
		[VSW_NIC_PHYSICAL] = " type dev ",
		[VSW_NIC_LEGACY] = " type mac owner group mode ",
		[VSW_NIC_VXLAN] = " type vni vni-map local dev dstport remote ",
	};
	struct nlmsghdr *nlh;
	char word[16];
	int err;

	err = arg_name(a, "NAME", false) ?: parse_kws(a, kws);
	if (err)
		return err;
	if (!kind)
		return bad_usage(a, "missing 'type host|vm|physical|legacy|vxlan'");
	for (struct kw *k = kws; k->word; k++) {
		snprintf(word, sizeof(word), " %s ", k->word);
		if (k->seen && !strstr(allowed[kind], word))
			return bad_usage(a, "'%s' does not go with type %s", k->word,
					 vsw_nic_kind_name(kind));
	}
	if (kind == VSW_NIC_PHYSICAL && !dev)
		return bad_usage(a, "type physical needs 'dev IFNAME'");
	if (kind == VSW_NIC_VXLAN && !vni == !map.n)
		return bad_usage(a, "type vxlan needs 'vni VNI' (an access port) or 'vni-map "
				 "VID=VNI,...' (a trunk port), not both");
	if (kind == VSW_NIC_VXLAN && !local)
		return bad_usage(a, "type vxlan needs 'local IP', its VTEP address");

	err = start_req(a, VSW_CMD_NIC_ADD, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, a->name);
	mnl_attr_put_u8(nlh, VSW_A_NIC_KIND, kind);
	if (netns)
		mnl_attr_put_strz(nlh, VSW_A_NETNS, netns);
	if (ifname)
		mnl_attr_put_strz(nlh, VSW_A_HOST_IFNAME, ifname);
	if (kw_seen(kws, "mac"))
		mnl_attr_put(nlh, VSW_A_MAC, sizeof(mac), mac);
	if (tap || dev)
		mnl_attr_put_strz(nlh, VSW_A_IFNAME, tap ? tap : dev);
	if (kw_seen(kws, "owner"))
		mnl_attr_put_u32(nlh, VSW_A_OWNER, owner);
	if (kw_seen(kws, "group"))
		mnl_attr_put_u32(nlh, VSW_A_GROUP, group);
	if (queues)
		mnl_attr_put_u32(nlh, VSW_A_QUEUES, queues);
	if (mtu)
		mnl_attr_put_u32(nlh, VSW_A_MTU, mtu);
	if (kw_seen(kws, "mode"))
		mnl_attr_put_u32(nlh, VSW_A_LEGACY_MODE, mode);
	if (vni)
		mnl_attr_put_u32(nlh, VSW_A_VX_VNI, vni);
	if (map.n)
		mnl_attr_put(nlh, VSW_A_VX_VNI_MAP, map.n * 2 * sizeof(__u32), map.pairs);
	if (local)
		mnl_attr_put_u32(nlh, VSW_A_VX_LOCAL, local);
	if (dstport)
		mnl_attr_put_u32(nlh, VSW_A_VX_DSTPORT, dstport);
	if (remote.n)
		mnl_attr_put(nlh, VSW_A_VX_REMOTE, remote.n * sizeof(__be32), remote.ip);
	err = call(a, NULL, NULL);
	if (err || kind != VSW_NIC_LEGACY)
		return err;
	/* the VMM needs the socket: print it */
	err = start_req(a, VSW_CMD_NIC_GET, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, a->name);
	return call(a, print_socket_cb, NULL);
}

static int nic_connect(struct args *a)
{
	const char *port = NULL;
	struct kw kws[] = { KW("port", kw_name, &port), KW_END };
	struct nlmsghdr *nlh;
	int err;

	err = arg_name(a, "NAME", false) ?: parse_kws(a, kws);
	if (err)
		return err;
	if (!port)
		return bad_usage(a, "missing 'port PORT'");
	err = start_req(a, VSW_CMD_NIC_CONNECT, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_NIC_NAME, a->name);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, port);
	return call(a, NULL, NULL);
}

static int nic_disconnect(struct args *a)
{
	return arg_name(a, "NAME", false) ?: no_more_args(a) ?:
	       simple_req(a, VSW_CMD_NIC_DISCONNECT, VSW_A_NIC_NAME, false);
}

static int nic_del(struct args *a)
{
	bool force = false;
	struct kw kws[] = { KW("force", NULL, &force), KW_END };

	return arg_name(a, "NAME", false) ?: parse_kws(a, kws) ?:
	       simple_req(a, VSW_CMD_NIC_DEL, VSW_A_NIC_NAME, force);
}

static int nic_show(struct args *a)
{
	struct show s = { .obj = "nic", .print = print_nic, .name_attr = VSW_A_NIC_NAME,
			  .need = { VSW_A_NIC_NAME, VSW_A_NIC_KIND } };

	return arg_name(a, "NAME", true) ?: no_more_args(a) ?:
	       show_dump(a, VSW_CMD_NIC_GET, &s);
}

static const struct verb nic_verbs[] = {
	{ "show", nic_show },	    { "add", nic_add }, { "connect", nic_connect },
	{ "disconnect", nic_disconnect }, { "del", nic_del }, { NULL },
};

int do_nic(struct args *a)
{
	return dispatch(a, nic_verbs, usage_nic);
}
