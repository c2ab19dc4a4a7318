// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl fdb: show, add, del and flush a switch's forwarding database. */
#include <errno.h>
#include <string.h>

#include "cli_parse.h"
#include "vswctl.h"
#include "vxlan_text.h"

void usage_fdb(FILE *f)
{
	fputs("vswctl fdb show SWITCH\n"
	      "vswctl fdb add SWITCH MAC vlan VID port PORT\n"
	      "vswctl fdb del SWITCH MAC vlan VID\n"
	      "vswctl fdb flush SWITCH [port PORT] [vlan VID]\n"
	      "    The forwarding database of a switch: where each (VLAN, MAC) lives.\n"
	      "    'add' makes a static entry (never ages, never moves); 'flush'\n"
	      "    removes the learned entries, of one port and/or one VLAN.\n", f);
}

/* vlan 10 mac 02:00:00:00:00:01 port p1 age 12.3s
 * vlan 10 mac 02:00:00:00:00:02 port p2 static
 * vlan 10 mac 02:00:00:00:00:03 port vx vtep 192.0.2.2 age 1.0s (behind a VXLAN NIC) */
static void print_fdb(const struct nlattr **tb, const struct show *s)
{
	bool is_static = tb[VSW_A_FDB_STATIC];
	char mac[18];

	out_begin_object();
	out_uint("vlan", "vlan %u", mnl_attr_get_u16(tb[VSW_A_VID]));
	out_str("mac", "mac %s", mac_str(mnl_attr_get_payload(tb[VSW_A_MAC]), mac));
	out_str("port", "port %s", attr_str(tb[VSW_A_PORT_NAME]));
	if (tb[VSW_A_VX_VTEP]) {
		__be32 vtep = mnl_attr_get_u32(tb[VSW_A_VX_VTEP]);
		char ip[32];

		vsw_ipv4_list_format(&vtep, 1, ip, sizeof(ip));
		out_str("vtep", "vtep %s", ip);
	}
	/* An entry towards a netdev that is no port (any more): say which. */
	if (!tb[VSW_A_PORT_NAME] && tb[VSW_A_IFINDEX])
		out_uint("ifindex", "ifindex %u", mnl_attr_get_u32(tb[VSW_A_IFINDEX]));
	if (!is_static && tb[VSW_A_AGE_MS])
		out_msec("age_ms", "age %.1fs", mnl_attr_get_u64(tb[VSW_A_AGE_MS]));
	out_bool("static", "static", is_static);
	out_end_object();
}

/* fdb VERB SWITCH: from here on, errors name the switch. */
static int fdb_switch(struct args *a)
{
	a->obj = "switch";
	return arg_name(a, "SWITCH", false);
}

static int fdb_mac(struct args *a, __u8 mac[6])
{
	const char *s = args_next(a);

	if (!s)
		return bad_usage(a, "missing MAC");
	if (cli_parse_unicast_mac(s, mac))
		return bad_usage(a, "'%s' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)", s);
	return 0;
}

static int fdb_show(struct args *a)
{
	struct show s = { .obj = "fdb", .print = print_fdb, .name_attr = VSW_A_SWITCH_NAME,
			  .need = { VSW_A_VID, VSW_A_MAC } };

	return fdb_switch(a) ?: no_more_args(a) ?: show_dump(a, VSW_CMD_FDB_GET, &s);
}

static int fdb_add_del(struct args *a, bool add)
{
	const char *port = NULL;
	__u16 vid = 0;
	__u8 mac[6] = { 0 };
	/* del takes no port: its table ends after "vlan" */
	struct kw kws[] = { KW("vlan", kw_vid, &vid), KW(add ? "port" : NULL, kw_name, &port),
			    KW_END };
	struct nlmsghdr *nlh;
	int err;

	err = fdb_switch(a) ?: fdb_mac(a, mac) ?: parse_kws(a, kws);
	if (err)
		return err;
	if (!vid)
		return bad_usage(a, "missing 'vlan VID'");
	if (add && !port)
		return bad_usage(a, "missing 'port PORT'");
	err = start_req(a, add ? VSW_CMD_FDB_ADD : VSW_CMD_FDB_DEL, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, a->name);
	mnl_attr_put(nlh, VSW_A_MAC, sizeof(mac), mac);
	mnl_attr_put_u16(nlh, VSW_A_VID, vid);
	if (add)
		mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, port);
	return call(a, NULL, NULL);
}

static int fdb_add(struct args *a)
{
	return fdb_add_del(a, true);
}

static int fdb_del(struct args *a)
{
	return fdb_add_del(a, false);
}

/* The optional answer to a flush: how many entries went. */
static int flush_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	if (vsw_reply_parse(nlh, tb)) {
		return bad_reply("malformed flush reply from vswd");
	}
	if (tb[VSW_A_COUNT]) {
		*(__s64 *)data = mnl_attr_get_u32(tb[VSW_A_COUNT]);
	}
	return 0;
}

static int fdb_flush(struct args *a)
{
	const char *port = NULL;
	__u16 vid = 0;
	__s64 count = -1;
	struct kw kws[] = { KW("port", kw_name, &port), KW("vlan", kw_vid, &vid), KW_END };
	struct nlmsghdr *nlh;
	int err;

	err = fdb_switch(a) ?: parse_kws(a, kws) ?:
	      start_req(a, VSW_CMD_FDB_FLUSH, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, a->name);
	if (port)
		mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, port);
	if (vid)
		mnl_attr_put_u16(nlh, VSW_A_VID, vid);
	err = call(a, flush_cb, &count);
	if (err || count < 0)
		return err;
	out_begin_list();
	out_begin_object();
	out_str("switch", "switch %s", a->name);
	out_uint("flushed", "flushed %u", count);
	out_end_object();
	out_end_list();
	return 0;
}

static const struct verb fdb_verbs[] = {
	{ "show", fdb_show }, { "add", fdb_add }, { "del", fdb_del },
	{ "flush", fdb_flush }, { NULL },
};

int do_fdb(struct args *a)
{
	return dispatch(a, fdb_verbs, usage_fdb);
}
