// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl nic: add (host, vm, physical, legacy), connect, disconnect,
 * del and show NICs. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_parse.h"
#include "vswctl.h"

#define TAP_QUEUES_MAX 256 /* the kernel's MAX_TAP_QUEUES */
#define NETNS_NAME_MAX 64  /* what vswd keeps, NUL included */

void usage_nic(FILE *f)
{
	fputs("vswctl nic add NAME type host [netns NS] [ifname IFNAME] [mac MAC] [mtu MTU]\n"
	      "vswctl nic add NAME type vm [tap IFNAME] [owner UID] [group GID] [queues N] [mac MAC]\n"
	      "                   [mtu MTU]\n"
	      "vswctl nic add NAME type physical dev IFNAME\n"
	      "vswctl nic add NAME type legacy [mac MAC] [owner UID] [group GID] [mode MODE]\n"
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
	      "    the netdev's own; legacy: 1500.\n", f);
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
	return bad_usage(a, "type '%s' is not one of host, vm, physical, legacy", v);
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
	__u32 owner = 0, group = 0, queues = 0, mtu = 0, mode = 0;
	__u8 kind = 0, mac[6] = { 0 };
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
		KW_END,
	};
	/* Which keywords each type takes. */
	static const char *const allowed[] = {
		[VSW_NIC_HOST] = " type netns ifname mac mtu ",
		[VSW_NIC_VM] = " type tap owner group queues mac mtu ",
		[VSW_NIC_PHYSICAL] = " type dev ",
		[VSW_NIC_LEGACY] = " type mac owner group mode ",
	};
	struct nlmsghdr *nlh;
	char word[16];
	int err;

	err = arg_name(a, "NAME", false) ?: parse_kws(a, kws);
	if (err)
		return err;
	if (!kind)
		return bad_usage(a, "missing 'type host|vm|physical|legacy'");
	for (struct kw *k = kws; k->word; k++) {
		snprintf(word, sizeof(word), " %s ", k->word);
		if (k->seen && !strstr(allowed[kind], word))
			return bad_usage(a, "'%s' does not go with type %s", k->word,
					 vsw_nic_kind_name(kind));
	}
	if (kind == VSW_NIC_PHYSICAL && !dev)
		return bad_usage(a, "type physical needs 'dev IFNAME'");

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
