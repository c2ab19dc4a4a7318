// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vswctl: the command line of vswd.
 *
 *	vswctl [-s SOCKET] [-j] OBJECT VERB ARGS
 *
 * An object table leads to do_<object>(), which dispatches the verb
 * (iproute2's bridge/bridge.c). Every verb checks its whole command line
 * before it connects, so a usage error sends nothing; keywords go through
 * one parser that refuses unknown and repeated words. Output goes through
 * json_out.h, one call per field for text and JSON alike.
 *
 * Functions return 0 or a negative errno and print their own error; main
 * turns that into the exit status: 0 ok, 1 vswd refused or failed (or is
 * unreachable), 2 usage error.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "acl_rule.h"
#include "client.h"
#include <limits.h>
#include "ext_params.h"
#include "frame_spec.h"
#include "json_out.h"
#include "names.h"
#include "cli_parse.h"
#include "pcap_sink.h"
#include "vlan_set.h"
#include "vsw_ctl.h"
#include "vsw_paths.h"
#include "vsw_ext.h"
#include "vsw_structs.h"
#include "port_policy.h"

#define TAP_QUEUES_MAX 256 /* the kernel's MAX_TAP_QUEUES */
#define NETNS_NAME_MAX 64  /* what vswd keeps, NUL included */

static const char *socket_path;
static struct vsw_client *client;
static bool usage_failed;   /* the failure was the command line's: exit 2 */
static char reply_err[128]; /* what was wrong with a reply, found here */

/* ------------------------------------------------------------------ */
/* Command line words and the errors about them                       */

struct args {
	int argc;
	char **argv;
	const char *obj;  /* what errors name: "port" */
	const char *verb;
	const char *name; /* the object's name, once read */
};

static const char *args_next(struct args *a)
{
	if (!a->argc)
		return NULL;
	a->argc--;
	return *a->argv++;
}

/* "vswctl: port 'p1': ", or "vswctl: port add: " before the name is known. */
static void err_prefix(const struct args *a)
{
	if (a->name)
		fprintf(stderr, "vswctl: %s '%s': ", a->obj, a->name);
	else if (a->verb)
		fprintf(stderr, "vswctl: %s %s: ", a->obj, a->verb);
	else
		fprintf(stderr, "vswctl: %s: ", a->obj);
}

/* A usage error, in one line, naming the object. */
__attribute__((format(printf, 2, 3)))
static int bad_usage(const struct args *a, const char *fmt, ...)
{
	va_list ap;

	err_prefix(a);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage_failed = true;
	return -EINVAL;
}

static int no_more_args(const struct args *a)
{
	if (a->argc)
		return bad_usage(a, "unexpected '%s'", a->argv[0]);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Values                                                             */

/* vswd's own rule (names.h), so what passes here passes there. */
#define name_valid vsw_name_valid
#define NAME_RULE VSW_NAME_CHARS_HELP

static const char *mac_str(const __u8 *mac, char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Keywords: KEYWORD VALUE pairs in any order, each at most once      */

struct kw;
typedef int (*kw_parse_fn)(struct args *a, const struct kw *k, const char *value);

struct kw {
	const char *word;
	kw_parse_fn parse; /* NULL: a flag, out is a bool */
	void *out;
	bool seen;
	bool repeats;      /* may be given more than once */
};

#define KW(w, fn, o) { .word = (w), .parse = (fn), .out = (o) }
#define KW_MANY(w, fn, o) { .word = (w), .parse = (fn), .out = (o), .repeats = true }
#define KW_END { .word = NULL }

static struct kw *kw_find(struct kw *kws, const char *word)
{
	for (; kws->word; kws++)
		if (!strcmp(kws->word, word))
			return kws;
	return NULL;
}

static bool kw_seen(struct kw *kws, const char *word)
{
	struct kw *k = kw_find(kws, word);

	return k && k->seen;
}

/* The rest of the command line. */
static int parse_kws(struct args *a, struct kw *kws)
{
	const char *word, *value;
	struct kw *k;
	int err;

	while ((word = args_next(a))) {
		k = kw_find(kws, word);
		if (!k)
			return bad_usage(a, "unknown keyword '%s'", word);
		if (k->seen && !k->repeats)
			return bad_usage(a, "'%s' given twice", word);
		k->seen = true;
		if (!k->parse) {
			*(bool *)k->out = true;
			continue;
		}
		value = args_next(a);
		if (!value)
			return bad_usage(a, "'%s' needs a value", word);
		err = k->parse(a, k, value);
		if (err)
			return err;
	}
	return 0;
}

static int kw_name(struct args *a, const struct kw *k, const char *v)
{
	if (!name_valid(v))
		return bad_usage(a, "%s name '%s' is invalid: " NAME_RULE, k->word, v);
	*(const char **)k->out = v;
	return 0;
}

/* Interface names: vswd takes the same characters as for its objects. */
static int kw_ifname(struct args *a, const struct kw *k, const char *v)
{
	if (!name_valid(v))
		return bad_usage(a, "interface name '%s' is invalid: " NAME_RULE, v);
	*(const char **)k->out = v;
	return 0;
}

static int kw_vid(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_vid(v, k->out))
		return bad_usage(a, "%s '%s' is not a VLAN ID (1 to 4094)", k->word, v);
	return 0;
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

static int kw_mac(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_unicast_mac(v, k->out))
		return bad_usage(a, "mac '%s' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)",
				 v);
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

/* vlan access VID | vlan trunk VIDLIST ("native VID" is a keyword of its own) */
struct vlan_arg {
	__u8 mode; /* enum vsw_port_mode */
	__u16 vid; /* access; a private VLAN's primary */
	__u64 vlans[VSW_VID_BITMAP_WORDS]; /* trunk; promiscuous: secondaries */
	__u16 native;
	__u8 pvlan;         /* enum vsw_pvlan_role (port set only) */
	__u16 secondary;    /* isolated, community */
};

/* vlan isolated|community PRIMARY SECONDARY | vlan promiscuous PRIMARY LIST */
static int kw_pvlan(struct args *a, struct vlan_arg *vl, const char *v)
{
	const char *primary = args_next(a), *second = args_next(a), *bad;

	vl->mode = VSW_PORT_ACCESS;
	vl->pvlan = vsw_pvlan_role_parse(v); /* kw_vlan saw a role */
	if (!primary || !second)
		return bad_usage(a, "'vlan %s' needs PRIMARY and %s", v,
				 vl->pvlan == VSW_PVLAN_PROMISCUOUS ? "SECONDARYLIST" : "SECONDARY");
	if (cli_parse_vid(primary, &vl->vid))
		return bad_usage(a, "'%s' is not a VLAN ID (1 to 4094)", primary);
	if (vl->pvlan != VSW_PVLAN_PROMISCUOUS) {
		if (cli_parse_vid(second, &vl->secondary))
			return bad_usage(a, "'%s' is not a VLAN ID (1 to 4094)", second);
		return 0;
	}
	if (vlan_set_parse(vl->vlans, second, &bad))
		return bad_usage(a, "SECONDARYLIST '%s' is invalid at '%s' (VIDs 1 to 4094 and "
				 "ranges, e.g. 200,300-310)", second, bad);
	return 0;
}

static int kw_vlan(struct args *a, const struct kw *k, const char *v)
{
	struct vlan_arg *vl = k->out;
	const char *list, *bad;

	/* Private VLAN roles are settings of an existing port. */
	if (a->verb && !strcmp(a->verb, "set") && vsw_pvlan_role_parse(v) > VSW_PVLAN_NONE)
		return kw_pvlan(a, vl, v);
	list = args_next(a);
	if (strcmp(v, "access") && strcmp(v, "trunk"))
		return bad_usage(a, "'vlan %s': expected 'vlan access VID' or "
			       "'vlan trunk VIDLIST'", v);
	if (!list)
		return bad_usage(a, "'vlan %s' needs %s", v, *v == 'a' ? "a VID" : "a VIDLIST");
	if (*v == 'a') {
		vl->mode = VSW_PORT_ACCESS;
		if (cli_parse_vid(list, &vl->vid))
			return bad_usage(a, "'%s' is not a VLAN ID (1 to 4094)", list);
		return 0;
	}
	vl->mode = VSW_PORT_TRUNK;
	if (vlan_set_parse(vl->vlans, list, &bad))
		return bad_usage(a, "VIDLIST '%s' is invalid at '%s' (VIDs 1 to 4094 and "
			       "ranges, e.g. 10,20-30)", list, bad);
	return 0;
}

/* The "vlan"/"native" keywords of port add and port set, and what they
 * turn into: mode, the VID (access) or native VID (trunk, 0: none), the
 * trunk's set. */
static int check_vlan(struct args *a, struct kw *kws, const struct vlan_arg *vl)
{
	if (kw_seen(kws, "native") && !(kw_seen(kws, "vlan") && vl->mode == VSW_PORT_TRUNK))
		return bad_usage(a, "'native VID' goes with 'vlan trunk VIDLIST'");
	return 0;
}

static void put_vlan(struct nlmsghdr *nlh, const struct vlan_arg *vl)
{
	mnl_attr_put_u8(nlh, VSW_A_VLAN_MODE, vl->mode);
	if (vl->mode == VSW_PORT_ACCESS) {
		mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, vl->vid);
		if (vl->pvlan)
			mnl_attr_put_u8(nlh, VSW_A_POL_PVLAN_ROLE, vl->pvlan);
		if (vl->pvlan == VSW_PVLAN_PROMISCUOUS)
			mnl_attr_put(nlh, VSW_A_POL_PVLAN_SERVES, sizeof(vl->vlans), vl->vlans);
		else if (vl->pvlan)
			mnl_attr_put_u16(nlh, VSW_A_POL_PVLAN_SECONDARY, vl->secondary);
		return;
	}
	mnl_attr_put_u16(nlh, VSW_A_VLAN_PVID, vl->native);
	mnl_attr_put(nlh, VSW_A_VLAN_TRUNK, sizeof(vl->vlans), vl->vlans);
}

/* The NAME after the verb; the errors that follow name it. */
static int arg_name(struct args *a, const char *what, bool optional)
{
	const char *n = args_next(a);

	if (!n)
		return optional ? 0 : bad_usage(a, "missing %s", what);
	a->name = n;
	if (!name_valid(n))
		return bad_usage(a, "name is invalid: " NAME_RULE);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Talking to vswd                                                    */

static int start_req(struct args *a, __u16 cmd, bool dump, struct nlmsghdr **nlh)
{
	const char *path = socket_path ? socket_path : VSW_CTL_SOCKET_DEFAULT;
	int err;

	if (!client) {
		err = vsw_client_open(path, &client);
		if (err) {
			fprintf(stderr, "vswctl: cannot reach vswd at '%s': %s\n", path,
				strerror(-err));
			return err;
		}
	}
	*nlh = vsw_client_req(client, cmd, dump);
	return 0;
}

/* Print the error of a call: the daemon's sentence when it sent one. */
static int report(const struct args *a, int err)
{
	const char *msg = vsw_client_errmsg(client);

	if (*msg) {
		fprintf(stderr, "vswctl: %s (%s)\n", msg, strerror(-err));
	} else if (reply_err[0]) {
		fprintf(stderr, "vswctl: %s (%s)\n", reply_err, strerror(-err));
	} else {
		err_prefix(a);
		fprintf(stderr, "%s\n", strerror(-err));
	}
	return err;
}

/* A message with a successful ack is a warning (as iproute2 shows the
 * kernel's extended-ack warnings). */
static void warn_if_any(void)
{
	if (*vsw_client_errmsg(client))
		fprintf(stderr, "vswctl: warning: %s\n", vsw_client_errmsg(client));
}

static int call(const struct args *a, vsw_reply_fn fn, void *ctx)
{
	int err = vsw_client_call(client, fn, ctx);

	if (err)
		return report(a, err);
	warn_if_any();
	return 0;
}

/* A request whose only answer is the ack. */
static int simple_req(struct args *a, __u16 cmd, int name_attr, bool force)
{
	struct nlmsghdr *nlh;
	int err = start_req(a, cmd, false, &nlh);

	if (err)
		return err;
	mnl_attr_put_strz(nlh, name_attr, a->name);
	if (force)
		mnl_attr_put(nlh, VSW_A_FORCE, 0, NULL);
	return call(a, NULL, NULL);
}

static const char *attr_str(const struct nlattr *a)
{
	return a ? mnl_attr_get_str(a) : NULL;
}

/* ------------------------------------------------------------------ */
/* show: one dump, one line per object                                */

struct show;
typedef void (*print_fn)(const struct nlattr **tb, const struct show *s);

struct show {
	const char *obj;  /* object kind, for errors and stats lines */
	print_fn print;
	int name_attr;    /* the object's name; the dump's filter */
	int need[3];      /* attributes without which a reply makes no sense */
	unsigned int count;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct show *s = data;

	if (vsw_reply_parse(nlh, tb)) {
		snprintf(reply_err, sizeof(reply_err), "malformed %s reply from vswd", s->obj);
		return -EBADMSG;
	}
	for (int i = 0; i < 3 && s->need[i]; i++) {
		if (!tb[s->need[i]]) {
			snprintf(reply_err, sizeof(reply_err),
				 "%s reply from vswd without attribute %d", s->obj, s->need[i]);
			return -EBADMSG;
		}
	}
	s->print(tb, s);
	s->count++;
	return 0;
}

/* Send the dump request built in the client's buffer and print each
 * object; with must_find, an empty answer means a->name does not exist. */
static int show_run(struct args *a, struct show *s, bool must_find)
{
	int err;

	out_begin_list();
	err = vsw_client_call(client, show_cb, s);
	if (!err && must_find && !s->count) {
		snprintf(reply_err, sizeof(reply_err), "%s '%s' does not exist", a->obj, a->name);
		err = -ENOENT;
	}
	if (err) {
		out_discard_list();
		return report(a, err);
	}
	out_end_list();
	warn_if_any();
	return 0;
}

/* Dump cmd, filtered by name (s->name_attr) when the command line gave one. */
static int show_dump(struct args *a, __u16 cmd, struct show *s)
{
	struct nlmsghdr *nlh;
	int err = start_req(a, cmd, true, &nlh);

	if (err)
		return err;
	if (a->name)
		mnl_attr_put_strz(nlh, s->name_attr, a->name);
	return show_run(a, s, a->name && cmd != VSW_CMD_FDB_GET);
}

static const char *switch_type_name(__u8 t)
{
	switch (t) {
	case VSW_SWITCH_PRIVATE: return "private";
	case VSW_SWITCH_INTERNAL: return "internal";
	case VSW_SWITCH_EXTERNAL: return "external";
	default: return "unknown";
	}
}

/* switch sw0 type internal ports 2 datapath portable */
static void print_switch(const struct nlattr **tb, const struct show *s)
{
	out_begin_object();
	out_str("switch", "switch %s", attr_str(tb[VSW_A_SWITCH_NAME]));
	if (tb[VSW_A_SWITCH_TYPE])
		out_str("type", "type %s", switch_type_name(mnl_attr_get_u8(tb[VSW_A_SWITCH_TYPE])));
	if (tb[VSW_A_COUNT])
		out_uint("ports", "ports %u", mnl_attr_get_u32(tb[VSW_A_COUNT]));
	if (tb[VSW_A_DP_MODE])
		out_str("datapath", "datapath %s", attr_str(tb[VSW_A_DP_MODE]));
	out_end_object();
}

static __u32 attr_u32(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

static __u8 attr_u8(const struct nlattr *a)
{
	return a ? mnl_attr_get_u8(a) : 0;
}

/* A rate the way it is typed: 10mbit, 2gbit, 1500kbit. */
static const char *rate_str(__u64 bps, char buf[32])
{
	static const char *const units[] = { "bit", "kbit", "mbit", "gbit", "tbit" };
	int u = 0;

	while (u < 4 && bps && bps % 1000 == 0) {
		bps /= 1000;
		u++;
	}
	snprintf(buf, 32, "%llu%s", (unsigned long long)bps, units[u]);
	return buf;
}

/* ... mac-guard on (default) allow 02:..:01 dhcp-guard off router-guard off
 * max-rate in 10mbit burst 65536 max-rate out 0 storm broadcast 100
 * storm multicast 0 storm unknown 0 learning on learn-limit 1024
 * priority-tag reset */
static void print_port_policy(const struct nlattr **tb)
{
	static const char *const guard_names[] = { "default", "on", "off" };
	static const struct { int attr; const char *key, *text; } storms[] = {
		{ VSW_A_POL_STORM_BCAST, "storm_broadcast", "storm broadcast %u" },
		{ VSW_A_POL_STORM_MCAST, "storm_multicast", "storm multicast %u" },
		{ VSW_A_POL_STORM_UNKNOWN, "storm_unknown", "storm unknown %u" },
	};
	const struct nlattr *allow = tb[VSW_A_POL_MAC_ALLOW];
	char list[VSW_POL_ALLOW_MAX * 18 + 1] = "", mac[18], rate[32];
	__u8 guard = attr_u8(tb[VSW_A_POL_MAC_GUARD]);

	if (!tb[VSW_A_POL_MAC_GUARD_ON])
		return; /* a vswd from before policies */
	out_str("mac_guard", "mac-guard %s", attr_u8(tb[VSW_A_POL_MAC_GUARD_ON]) ? "on" : "off");
	out_str("mac_guard_setting", "(%s)", guard < 3 ? guard_names[guard] : "unknown");
	for (size_t i = 0; allow && i + 6 <= mnl_attr_get_payload_len(allow); i += 6) {
		if (i)
			strcat(list, ",");
		strcat(list, mac_str((const __u8 *)mnl_attr_get_payload(allow) + i, mac));
	}
	if (list[0])
		out_str("mac_allow", "allow %s", list);
	out_str("dhcp_guard", "dhcp-guard %s", attr_u8(tb[VSW_A_POL_DHCP_GUARD]) ? "on" : "off");
	out_str("router_guard", "router-guard %s",
		attr_u8(tb[VSW_A_POL_ROUTER_GUARD]) ? "on" : "off");
	if (tb[VSW_A_POL_RATE_IN] && mnl_attr_get_u64(tb[VSW_A_POL_RATE_IN])) {
		out_str("max_rate_in", "max-rate in %s",
			rate_str(mnl_attr_get_u64(tb[VSW_A_POL_RATE_IN]), rate));
		out_uint("burst_in", "burst %u", attr_u32(tb[VSW_A_POL_BURST_IN]));
	}
	if (tb[VSW_A_POL_RATE_OUT] && mnl_attr_get_u64(tb[VSW_A_POL_RATE_OUT])) {
		out_str("max_rate_out", "max-rate out %s",
			rate_str(mnl_attr_get_u64(tb[VSW_A_POL_RATE_OUT]), rate));
		out_uint("burst_out", "burst %u", attr_u32(tb[VSW_A_POL_BURST_OUT]));
	}
	for (int k = 0; k < 3; k++)
		if (attr_u32(tb[storms[k].attr]))
			out_uint(storms[k].key, storms[k].text, attr_u32(tb[storms[k].attr]));
	out_str("learning", "learning %s", attr_u8(tb[VSW_A_POL_LEARNING]) ? "on" : "off");
	out_uint("learn_limit", "learn-limit %u", attr_u32(tb[VSW_A_POL_LEARN_LIMIT]));
	out_str("priority_tag", "priority-tag %s",
		attr_u8(tb[VSW_A_POL_PRIO_TRUST]) ? "trust" : "reset");
	if (tb[VSW_A_POL_MIRROR] && (attr_u8(tb[VSW_A_POL_MIRROR]) || out_is_json()))
		out_str("mirror", "mirror %s", vsw_mirror_role_name(attr_u8(tb[VSW_A_POL_MIRROR])));
}

/* The drop counters in a STATS nest, by reason name: "drops
 * vlan_filter 2 link_down 1". Text shows the reasons that happened; JSON
 * every reason, so a consumer finds each key. */
static void print_drops(const struct nlattr *stats)
{
	const struct nlattr *s;
	char fmt[48];
	bool any = false;
	__u64 v;

	if (!stats)
		return;
	mnl_attr_for_each_nested(s, stats)
		any |= mnl_attr_get_type(s) >= VSW_STAT_DROP_BASE && mnl_attr_get_u64(s);
	if (!any && !out_is_json())
		return;
	out_begin_group("drops", "drops");
	mnl_attr_for_each_nested(s, stats) {
		unsigned int t = mnl_attr_get_type(s);

		if (t < VSW_STAT_DROP_BASE || t - VSW_STAT_DROP_BASE >= VSW_DROP__MAX)
			continue;
		v = mnl_attr_get_u64(s);
		if (!v && !out_is_json())
			continue;
		snprintf(fmt, sizeof(fmt), "%s %%llu", vsw_drop_reason_name(t - VSW_STAT_DROP_BASE));
		out_u64(vsw_drop_reason_name(t - VSW_STAT_DROP_BASE), fmt, v);
	}
	out_end_group();
}

/* port p1 switch sw0 vlan access 10 link up nic h1
 * port p2 switch sw0 vlan trunk 10,20-30 native 10 link down drops link_down 3 */
static void print_port(const struct nlattr **tb, const struct show *s)
{
	static char list[20480]; /* every other VID: 2047 items */
	__u8 mode = tb[VSW_A_VLAN_MODE] ? mnl_attr_get_u8(tb[VSW_A_VLAN_MODE]) : 0xff;
	__u16 pvid = tb[VSW_A_VLAN_PVID] ? mnl_attr_get_u16(tb[VSW_A_VLAN_PVID]) : 0;
	__u8 pvlan = tb[VSW_A_POL_PVLAN_ROLE] ? mnl_attr_get_u8(tb[VSW_A_POL_PVLAN_ROLE]) : 0;
	__u64 vlans[VSW_VID_BITMAP_WORDS];

	out_begin_object();
	out_str("port", "port %s", attr_str(tb[VSW_A_PORT_NAME]));
	out_str("switch", "switch %s", attr_str(tb[VSW_A_SWITCH_NAME]));
	if (mode == VSW_PORT_ACCESS && pvlan) {
		out_str("vlan_mode", "vlan %s", vsw_pvlan_role_name(pvlan));
		out_uint("vid", "%u", pvid);
		if (tb[VSW_A_POL_PVLAN_SECONDARY])
			out_uint("secondary", "%u",
				 mnl_attr_get_u16(tb[VSW_A_POL_PVLAN_SECONDARY]));
		if (tb[VSW_A_POL_PVLAN_SERVES]) {
			memcpy(vlans, mnl_attr_get_payload(tb[VSW_A_POL_PVLAN_SERVES]),
			       sizeof(vlans));
			vlan_set_format(vlans, list, sizeof(list));
			out_str("secondaries", "%s", list);
		}
	} else if (mode == VSW_PORT_ACCESS) {
		out_str("vlan_mode", "vlan %s", "access");
		out_uint("vid", "%u", pvid);
	} else if (mode == VSW_PORT_TRUNK) {
		out_str("vlan_mode", "vlan %s", "trunk");
		if (tb[VSW_A_VLAN_TRUNK]) {
			memcpy(vlans, mnl_attr_get_payload(tb[VSW_A_VLAN_TRUNK]), sizeof(vlans));
			vlan_set_format(vlans, list, sizeof(list));
			out_str("vlans", "%s", list);
		}
		if (pvid)
			out_uint("native", "native %u", pvid);
	}
	if (tb[VSW_A_LINK])
		out_str("link", "link %s", mnl_attr_get_u8(tb[VSW_A_LINK]) ? "up" : "down");
	out_str("nic", "nic %s", attr_str(tb[VSW_A_NIC_NAME]));
	/* Only where there are rules: most ports have none. */
	if (tb[VSW_A_ACL_COUNT] && mnl_attr_get_u32(tb[VSW_A_ACL_COUNT]))
		out_uint("acl_rules", "acl-rules %u", mnl_attr_get_u32(tb[VSW_A_ACL_COUNT]));
	print_port_policy(tb);
	print_drops(tb[VSW_A_STATS]);
	out_end_object();
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

/* vlan 10 mac 02:00:00:00:00:01 port p1 age 12.3s
 * vlan 10 mac 02:00:00:00:00:02 port p2 static */
static void print_fdb(const struct nlattr **tb, const struct show *s)
{
	bool is_static = tb[VSW_A_FDB_STATIC];
	char mac[18];

	out_begin_object();
	out_uint("vlan", "vlan %u", mnl_attr_get_u16(tb[VSW_A_VID]));
	out_str("mac", "mac %s", mac_str(mnl_attr_get_payload(tb[VSW_A_MAC]), mac));
	out_str("port", "port %s", attr_str(tb[VSW_A_PORT_NAME]));
	/* An entry towards a netdev that is no port (any more): say which. */
	if (!tb[VSW_A_PORT_NAME] && tb[VSW_A_IFINDEX])
		out_uint("ifindex", "ifindex %u", mnl_attr_get_u32(tb[VSW_A_IFINDEX]));
	if (!is_static && tb[VSW_A_AGE_MS])
		out_msec("age_ms", "age %.1fs", mnl_attr_get_u64(tb[VSW_A_AGE_MS]));
	out_bool("static", "static", is_static);
	out_end_object();
}

/* port p1 rx_packets N rx_bytes N tx_packets N tx_bytes N flooded N mirrored N
 *   drops malformed N vlan_filter N ... (one line) */
#define STAT_SLOTS (VSW_STAT_DROP_BASE + 64)

static void print_stats(const struct nlattr **tb, const struct show *sh)
{
	static const char *const names[VSW_STAT_DROP_BASE] = {
		[VSW_STAT_RX_PACKETS] = "rx_packets", [VSW_STAT_RX_BYTES] = "rx_bytes",
		[VSW_STAT_TX_PACKETS] = "tx_packets", [VSW_STAT_TX_BYTES] = "tx_bytes",
		[VSW_STAT_FLOODED] = "flooded", [VSW_STAT_MIRRORED] = "mirrored",
	};
	__u64 val[STAT_SLOTS];
	bool has[STAT_SLOTS] = { false }, drops = false;
	const struct nlattr *s;
	char key[32], fmt[48];

	if (tb[VSW_A_STATS]) {
		mnl_attr_for_each_nested(s, tb[VSW_A_STATS]) {
			unsigned int t = mnl_attr_get_type(s);

			if (t >= STAT_SLOTS)
				continue;
			val[t] = mnl_attr_get_u64(s);
			has[t] = true;
			drops |= t >= VSW_STAT_DROP_BASE;
		}
	}
	out_begin_object();
	snprintf(fmt, sizeof(fmt), "%s %%s", sh->obj);
	out_str(sh->obj, fmt, attr_str(tb[sh->name_attr]));
	for (int t = 0; t < VSW_STAT_DROP_BASE; t++) {
		if (!has[t] || !names[t])
			continue;
		snprintf(fmt, sizeof(fmt), "%s %%llu", names[t]);
		out_u64(names[t], fmt, val[t]);
	}
	if (drops) {
		out_begin_group("drops", "drops");
		for (int t = VSW_STAT_DROP_BASE; t < STAT_SLOTS; t++) {
			unsigned int reason = t - VSW_STAT_DROP_BASE;

			if (!has[t])
				continue;
			if (reason < VSW_DROP__MAX)
				snprintf(key, sizeof(key), "%s", vsw_drop_reason_name(reason));
			else
				snprintf(key, sizeof(key), "reason_%u", reason);
			snprintf(fmt, sizeof(fmt), "%s %%llu", key);
			out_u64(key, fmt, val[t]);
		}
		out_end_group();
	}
	out_end_object();
}

/* ------------------------------------------------------------------ */
/* Objects and their verbs                                            */

struct verb {
	const char *name;
	int (*fn)(struct args *a);
};

/* The verb in a->argv[0] (none: the first verb, "show"). */
static int dispatch(struct args *a, const struct verb *verbs, void (*usage)(FILE *))
{
	const char *v = a->argc ? args_next(a) : verbs[0].name;

	if (!strcmp(v, "help")) {
		usage(stdout);
		return 0;
	}
	for (; verbs->name; verbs++) {
		if (!strcmp(verbs->name, v)) {
			a->verb = v;
			return verbs->fn(a);
		}
	}
	return bad_usage(a, "unknown command '%s' (see 'vswctl %s help')", v, a->obj);
}

/* version ----------------------------------------------------------- */

struct version {
	__u32 protocol;
	char build[64];
	bool got;
};

static int version_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct version *v = data;

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_VERSION]) {
		snprintf(reply_err, sizeof(reply_err), "malformed version reply from vswd");
		return -EBADMSG;
	}
	v->protocol = mnl_attr_get_u32(tb[VSW_A_VERSION]);
	snprintf(v->build, sizeof(v->build), "%s",
		 tb[VSW_A_BUILD] ? mnl_attr_get_str(tb[VSW_A_BUILD]) : "unknown");
	v->got = true;
	return 0;
}

static void usage_version(FILE *f)
{
	fputs("vswctl version\n"
	      "    The control protocol of vswctl, and the build and protocol of the\n"
	      "    vswd it reaches.\n", f);
}

static int do_version(struct args *a)
{
	struct version v = { 0 };
	struct nlmsghdr *nlh;
	int err;

	if (a->argc && !strcmp(a->argv[0], "help")) {
		usage_version(stdout);
		return 0;
	}
	err = no_more_args(a) ?: start_req(a, VSW_CMD_VERSION, false, &nlh) ?:
	      call(a, version_cb, &v);
	if (err)
		return err;
	if (!v.got) {
		snprintf(reply_err, sizeof(reply_err), "vswd sent no version");
		return report(a, -EBADMSG);
	}
	out_begin_list();
	out_begin_object();
	out_str("program", "%s", "vswctl");
	out_uint("protocol", "protocol %u", VSW_CTL_VERSION);
	out_end_object();
	out_begin_object();
	out_str("program", "%s", "vswd");
	out_str("build", "build %s", v.build);
	out_uint("protocol", "protocol %u", v.protocol);
	out_end_object();
	out_end_list();
	if (v.protocol != VSW_CTL_VERSION)
		fprintf(stderr, "vswctl: warning: vswd speaks protocol %u, vswctl %u\n",
			v.protocol, VSW_CTL_VERSION);
	return 0;
}

/* switch ------------------------------------------------------------ */

static void usage_switch(FILE *f)
{
	fputs("vswctl switch add NAME\n"
	      "vswctl switch del NAME [force]\n"
	      "vswctl switch show [NAME]\n"
	      "    A switch forwards between its ports; its type (private, internal,\n"
	      "    external) follows from the NICs connected to them. 'del' refuses a\n"
	      "    switch with ports unless 'force' (which deletes the ports too).\n", f);
}

static int switch_add(struct args *a)
{
	return arg_name(a, "NAME", false) ?: no_more_args(a) ?:
	       simple_req(a, VSW_CMD_SWITCH_ADD, VSW_A_SWITCH_NAME, false);
}

static int switch_del(struct args *a)
{
	bool force = false;
	struct kw kws[] = { KW("force", NULL, &force), KW_END };

	return arg_name(a, "NAME", false) ?: parse_kws(a, kws) ?:
	       simple_req(a, VSW_CMD_SWITCH_DEL, VSW_A_SWITCH_NAME, force);
}

static int switch_show(struct args *a)
{
	struct show s = { .obj = "switch", .print = print_switch,
			  .name_attr = VSW_A_SWITCH_NAME, .need = { VSW_A_SWITCH_NAME } };

	return arg_name(a, "NAME", true) ?: no_more_args(a) ?:
	       show_dump(a, VSW_CMD_SWITCH_GET, &s);
}

static const struct verb switch_verbs[] = {
	{ "show", switch_show }, { "add", switch_add }, { "del", switch_del }, { NULL },
};

static int do_switch(struct args *a)
{
	return dispatch(a, switch_verbs, usage_switch);
}

/* port -------------------------------------------------------------- */

static void usage_port(FILE *f)
{
	fputs("vswctl port add NAME switch SWITCH [vlan access VID | vlan trunk VIDLIST [native VID]]\n"
	      "vswctl port set NAME SETTING...\n"
	      "vswctl port del NAME [force]\n"
	      "vswctl port show [NAME]\n"
	      "    A port belongs to one switch and carries its VLAN settings: access\n"
	      "    (untagged frames in VLAN VID; the default is access 1) or trunk\n"
	      "    (tagged frames of the VIDs in VIDLIST, untagged ones in the native\n"
	      "    VID). Its link is up while a NIC is connected and up. 'del' refuses\n"
	      "    a port with a NIC connected unless 'force'.\n"
	      "\n"
	      "    'set' changes the SETTINGs given, any number of them, each once; the\n"
	      "    others keep their values. 'in' is what the port's NIC receives from\n"
	      "    the switch, 'out' what it sends into it (docs/policies.md):\n"
	      "      vlan access VID | vlan trunk VIDLIST [native VID]\n"
	      "      vlan isolated|community PRIMARY SECONDARY\n"
	      "      vlan promiscuous PRIMARY SECONDARYLIST\n"
	      "          a private VLAN port: access port of PRIMARY; isolated ports\n"
	      "          reach only promiscuous ones serving their SECONDARY, community\n"
	      "          ports those and their community; 'vlan access|trunk' ends it\n"
	      "      mac-guard on|off|default [allow MAC[,MAC...] | allow none]\n"
	      "          only frames from the NIC's MAC (or an allowed one) enter;\n"
	      "          default: on for vm and legacy NICs, off for others\n"
	      "      dhcp-guard on|off      drop DHCP server messages the NIC sends\n"
	      "      router-guard on|off    drop router advertisements and redirects\n"
	      "      max-rate in|out RATE [burst BYTES]\n"
	      "          bandwidth limit; RATE like 10mbit, 2gbit (bit, kbit, mbit,\n"
	      "          gbit, tbit), 0 = none; burst default: 400 ms of RATE, >= 16384\n"
	      "      storm broadcast|multicast|unknown PPS\n"
	      "          frames per second of that kind the NIC may send, 0 = none\n"
	      "      learning on|off        learn the source MACs of the NIC's frames\n"
	      "      learn-limit N          dynamic FDB entries the port may own\n"
	      "      priority-tag trust|reset\n"
	      "          keep the NIC's 802.1p bits, or set them to 0 (the default)\n"
	      "      mirror source in|out|both | mirror destination | mirror off\n"
	      "          port mirroring: every mirror destination of the switch gets\n"
	      "          one copy of each frame a source receives (in) or sends (out);\n"
	      "          a trunk destination gets copies tagged with their VLAN (but\n"
	      "          its native one), an access destination untagged; at most 8\n"
	      "          sources per switch mirror 'in'\n"
	      "    Drops are counted per reason: mac_spoof, dhcp_guard, router_guard,\n"
	      "    rate_limit, storm, learn_limit, pvlan ('vswctl stats port NAME').\n", f);
}

static int port_add(struct args *a)
{
	const char *sw = NULL;
	struct vlan_arg vl = { 0 };
	struct kw kws[] = {
		KW("switch", kw_name, &sw),
		KW("vlan", kw_vlan, &vl),
		KW("native", kw_vid, &vl.native),
		KW_END,
	};
	struct nlmsghdr *nlh;
	int err;

	err = arg_name(a, "NAME", false) ?: parse_kws(a, kws) ?: check_vlan(a, kws, &vl);
	if (err)
		return err;
	if (!sw)
		return bad_usage(a, "missing 'switch SWITCH'");
	err = start_req(a, VSW_CMD_PORT_ADD, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw);
	if (kw_seen(kws, "vlan"))
		put_vlan(nlh, &vl);
	return call(a, NULL, NULL);
}

/* What one 'port set' line asks for; each setting at most once. */
struct port_settings {
	bool vlan, native, guard, allow, dhcp, router, prio, learning, limit, mirror;
	bool rate[2], storm[VSW_STORM__MAX];
	struct vlan_arg vl;
	__u8 guard_mode, dhcp_on, router_on, prio_trust, learning_on, mirror_role;
	__u8 allow_macs[VSW_POL_ALLOW_MAX][6];
	int nallow;
	__u64 bps[2];
	__u32 burst[2];
	bool has_burst[2];
	__u32 pps[VSW_STORM__MAX], learn_limit;
};

/* "on" or "off" (or the two words given) after a setting's keyword. */
static int arg_choice(struct args *a, const char *what, const char *yes, const char *no,
		      __u8 *out)
{
	const char *v = args_next(a);

	if (v && !strcmp(v, yes))
		*out = 1;
	else if (v && !strcmp(v, no))
		*out = 0;
	else
		return bad_usage(a, "'%s' wants %s or %s%s%s", what, yes, no, v ? ", not " : "",
				 v ?: "");
	return 0;
}

static int once(struct args *a, bool *seen, const char *what)
{
	if (*seen)
		return bad_usage(a, "'%s' given twice", what);
	*seen = true;
	return 0;
}

/* mac-guard on|off|default [allow MAC[,MAC...]|allow none] */
static int parse_mac_guard(struct args *a, struct port_settings *ps)
{
	const char *v = args_next(a), *list;
	char buf[VSW_POL_ALLOW_MAX * 18 + 1], *tok, *save;

	if (v && !strcmp(v, "on"))
		ps->guard_mode = VSW_GUARD_ON;
	else if (v && !strcmp(v, "off"))
		ps->guard_mode = VSW_GUARD_OFF;
	else if (v && !strcmp(v, "default"))
		ps->guard_mode = VSW_GUARD_DEFAULT;
	else
		return bad_usage(a, "'mac-guard' wants on, off or default");
	if (!a->argc || strcmp(a->argv[0], "allow"))
		return 0;
	args_next(a);
	list = args_next(a);
	ps->allow = true;
	if (!list)
		return bad_usage(a, "'allow' needs MAC[,MAC...] or none");
	if (!strcmp(list, "none"))
		return 0;
	if (strlen(list) >= sizeof(buf))
		return bad_usage(a, "'allow' takes at most %d MACs", VSW_POL_ALLOW_MAX);
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (ps->nallow == VSW_POL_ALLOW_MAX)
			return bad_usage(a, "'allow' takes at most %d MACs", VSW_POL_ALLOW_MAX);
		if (cli_parse_unicast_mac(tok, ps->allow_macs[ps->nallow++]))
			return bad_usage(a, "allow: '%s' is not a unicast MAC address "
					 "(xx:xx:xx:xx:xx:xx)", tok);
	}
	return 0;
}

/* max-rate in|out RATE [burst BYTES] */
static int parse_max_rate(struct args *a, struct port_settings *ps)
{
	const char *dir = args_next(a), *rate = args_next(a), *burst;
	int d;

	if (!dir || (strcmp(dir, "in") && strcmp(dir, "out")))
		return bad_usage(a, "'max-rate' wants in or out, then RATE");
	d = !strcmp(dir, "in") ? VSW_DIR_IN : VSW_DIR_OUT;
	if (once(a, &ps->rate[d], d == VSW_DIR_IN ? "max-rate in" : "max-rate out"))
		return -EINVAL;
	if (!rate || cli_parse_rate(rate, &ps->bps[d]) ||
	    (ps->bps[d] && (ps->bps[d] < VSW_RATE_MIN_BPS || ps->bps[d] > VSW_RATE_MAX_BPS)))
		return bad_usage(a, "max-rate %s: '%s' is not a rate (0, or 8kbit to 400gbit: "
				 "a number with bit, kbit, mbit, gbit)", dir, rate ?: "");
	if (!a->argc || strcmp(a->argv[0], "burst"))
		return 0;
	args_next(a);
	burst = args_next(a);
	ps->has_burst[d] = true;
	if (!burst || cli_parse_u32(burst, &ps->burst[d]) || ps->burst[d] < VSW_BURST_MIN ||
	    ps->burst[d] > VSW_BURST_MAX)
		return bad_usage(a, "burst '%s' is not a number of bytes from %u to %u",
				 burst ?: "", VSW_BURST_MIN, VSW_BURST_MAX);
	if (!ps->bps[d])
		return bad_usage(a, "a burst goes with a rate above 0");
	return 0;
}

/* mirror source in|out|both | mirror destination | mirror off */
static int parse_mirror(struct args *a, struct port_settings *ps)
{
	const char *role = args_next(a), *dir;

	if (role && !strcmp(role, "destination")) {
		ps->mirror_role = VSW_MIRROR_DST;
	} else if (role && !strcmp(role, "off")) {
		ps->mirror_role = 0;
	} else if (role && !strcmp(role, "source")) {
		dir = args_next(a);
		if (dir && !strcmp(dir, "in"))
			ps->mirror_role = VSW_MIRROR_IN;
		else if (dir && !strcmp(dir, "out"))
			ps->mirror_role = VSW_MIRROR_OUT;
		else if (dir && !strcmp(dir, "both"))
			ps->mirror_role = VSW_MIRROR_IN | VSW_MIRROR_OUT;
		else
			return bad_usage(a, "'mirror source' wants in, out or both%s%s",
					 dir ? ", not " : "", dir ?: "");
	} else {
		return bad_usage(a, "'mirror' wants source in|out|both, destination or off%s%s",
				 role ? ", not " : "", role ?: "");
	}
	return 0;
}

/* storm broadcast|multicast|unknown PPS */
static int parse_storm(struct args *a, struct port_settings *ps)
{
	static const char *const kinds[VSW_STORM__MAX] = { "broadcast", "multicast", "unknown" };
	const char *kind = args_next(a), *pps = args_next(a);

	for (int k = 0; k < VSW_STORM__MAX; k++) {
		if (!kind || strcmp(kind, kinds[k]))
			continue;
		if (once(a, &ps->storm[k], kinds[k]))
			return -EINVAL;
		if (!pps || cli_parse_u32(pps, &ps->pps[k]) || ps->pps[k] > VSW_STORM_MAX_PPS)
			return bad_usage(a, "storm %s: '%s' is not a number of frames per second "
					 "(0 to %u)", kinds[k], pps ?: "", VSW_STORM_MAX_PPS);
		return 0;
	}
	return bad_usage(a, "'storm' wants broadcast, multicast or unknown, then PPS");
}

static int parse_port_settings(struct args *a, struct port_settings *ps)
{
	struct kw vlan_kw = KW("vlan", kw_vlan, &ps->vl), native_kw = KW("native", kw_vid,
									   &ps->vl.native);
	const char *w, *v;
	int err = 0;

	while (!err && (w = args_next(a))) {
		if (!strcmp(w, "vlan")) {
			err = once(a, &ps->vlan, w);
			if (!err && !(v = args_next(a)))
				return bad_usage(a, "'vlan' needs a value");
			if (!err)
				err = kw_vlan(a, &vlan_kw, v);
		} else if (!strcmp(w, "native")) {
			err = once(a, &ps->native, w);
			if (!err && !(v = args_next(a)))
				return bad_usage(a, "'native' needs a value");
			if (!err)
				err = kw_vid(a, &native_kw, v);
		} else if (!strcmp(w, "mac-guard")) {
			err = once(a, &ps->guard, w) ?: parse_mac_guard(a, ps);
		} else if (!strcmp(w, "dhcp-guard")) {
			err = once(a, &ps->dhcp, w) ?: arg_choice(a, w, "on", "off", &ps->dhcp_on);
		} else if (!strcmp(w, "router-guard")) {
			err = once(a, &ps->router, w) ?: arg_choice(a, w, "on", "off", &ps->router_on);
		} else if (!strcmp(w, "priority-tag")) {
			err = once(a, &ps->prio, w) ?:
			      arg_choice(a, w, "trust", "reset", &ps->prio_trust);
		} else if (!strcmp(w, "learning")) {
			err = once(a, &ps->learning, w) ?:
			      arg_choice(a, w, "on", "off", &ps->learning_on);
		} else if (!strcmp(w, "learn-limit")) {
			v = args_next(a);
			err = once(a, &ps->limit, w);
			if (!err && (!v || cli_parse_u32(v, &ps->learn_limit) || !ps->learn_limit))
				return bad_usage(a, "learn-limit '%s' is not a number from 1 to "
						 "4294967295", v ?: "");
		} else if (!strcmp(w, "max-rate")) {
			err = parse_max_rate(a, ps);
		} else if (!strcmp(w, "storm")) {
			err = parse_storm(a, ps);
		} else if (!strcmp(w, "mirror")) {
			err = once(a, &ps->mirror, w) ?: parse_mirror(a, ps);
		} else {
			return bad_usage(a, "unknown setting '%s' (see 'vswctl port help')", w);
		}
	}
	if (err)
		return err;
	if (ps->native && !(ps->vlan && ps->vl.mode == VSW_PORT_TRUNK))
		return bad_usage(a, "'native VID' goes with 'vlan trunk VIDLIST'");
	return 0;
}

static void put_port_settings(struct nlmsghdr *nlh, const struct port_settings *ps)
{
	static const int storm_attr[VSW_STORM__MAX] = {
		VSW_A_POL_STORM_BCAST, VSW_A_POL_STORM_MCAST, VSW_A_POL_STORM_UNKNOWN,
	};

	if (ps->vlan)
		put_vlan(nlh, &ps->vl);
	if (ps->guard)
		mnl_attr_put_u8(nlh, VSW_A_POL_MAC_GUARD, ps->guard_mode);
	if (ps->allow)
		mnl_attr_put(nlh, VSW_A_POL_MAC_ALLOW, ps->nallow * 6, ps->allow_macs);
	if (ps->dhcp)
		mnl_attr_put_u8(nlh, VSW_A_POL_DHCP_GUARD, ps->dhcp_on);
	if (ps->router)
		mnl_attr_put_u8(nlh, VSW_A_POL_ROUTER_GUARD, ps->router_on);
	if (ps->prio)
		mnl_attr_put_u8(nlh, VSW_A_POL_PRIO_TRUST, ps->prio_trust);
	if (ps->learning)
		mnl_attr_put_u8(nlh, VSW_A_POL_LEARNING, ps->learning_on);
	if (ps->limit)
		mnl_attr_put_u32(nlh, VSW_A_POL_LEARN_LIMIT, ps->learn_limit);
	if (ps->mirror)
		mnl_attr_put_u8(nlh, VSW_A_POL_MIRROR, ps->mirror_role);
	for (int d = 0; d < 2; d++) {
		if (!ps->rate[d])
			continue;
		mnl_attr_put_u64(nlh, d == VSW_DIR_IN ? VSW_A_POL_RATE_IN : VSW_A_POL_RATE_OUT,
				 ps->bps[d]);
		if (ps->has_burst[d])
			mnl_attr_put_u32(nlh, d == VSW_DIR_IN ? VSW_A_POL_BURST_IN
							      : VSW_A_POL_BURST_OUT, ps->burst[d]);
	}
	for (int k = 0; k < VSW_STORM__MAX; k++)
		if (ps->storm[k])
			mnl_attr_put_u32(nlh, storm_attr[k], ps->pps[k]);
}

static int port_set(struct args *a)
{
	struct port_settings ps = { 0 };
	struct nlmsghdr *nlh;
	int err;

	err = arg_name(a, "NAME", false);
	if (err)
		return err;
	if (!a->argc)
		return bad_usage(a, "nothing to set (see 'vswctl port help')");
	err = parse_port_settings(a, &ps);
	if (err)
		return err;
	err = start_req(a, VSW_CMD_PORT_SET, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	put_port_settings(nlh, &ps);
	return call(a, NULL, NULL);
}

static int port_del(struct args *a)
{
	bool force = false;
	struct kw kws[] = { KW("force", NULL, &force), KW_END };

	return arg_name(a, "NAME", false) ?: parse_kws(a, kws) ?:
	       simple_req(a, VSW_CMD_PORT_DEL, VSW_A_PORT_NAME, force);
}

static int port_show(struct args *a)
{
	struct show s = { .obj = "port", .print = print_port, .name_attr = VSW_A_PORT_NAME,
			  .need = { VSW_A_PORT_NAME, VSW_A_SWITCH_NAME } };

	return arg_name(a, "NAME", true) ?: no_more_args(a) ?:
	       show_dump(a, VSW_CMD_PORT_GET, &s);
}

static const struct verb port_verbs[] = {
	{ "show", port_show }, { "add", port_add }, { "set", port_set },
	{ "del", port_del },   { NULL },
};

static int do_port(struct args *a)
{
	return dispatch(a, port_verbs, usage_port);
}

/* nic --------------------------------------------------------------- */

static void usage_nic(FILE *f)
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

static int print_socket_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_LEGACY_SOCKET]) {
		snprintf(reply_err, sizeof(reply_err), "nic reply from vswd without its socket");
		return -EBADMSG;
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

static int do_nic(struct args *a)
{
	return dispatch(a, nic_verbs, usage_nic);
}

/* fdb --------------------------------------------------------------- */

static void usage_fdb(FILE *f)
{
	fputs("vswctl fdb show SWITCH\n"
	      "vswctl fdb add SWITCH MAC vlan VID port PORT\n"
	      "vswctl fdb del SWITCH MAC vlan VID\n"
	      "vswctl fdb flush SWITCH [port PORT] [vlan VID]\n"
	      "    The forwarding database of a switch: where each (VLAN, MAC) lives.\n"
	      "    'add' makes a static entry (never ages, never moves); 'flush'\n"
	      "    removes the learned entries, of one port and/or one VLAN.\n", f);
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
		snprintf(reply_err, sizeof(reply_err), "malformed flush reply from vswd");
		return -EBADMSG;
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

static int do_fdb(struct args *a)
{
	return dispatch(a, fdb_verbs, usage_fdb);
}

/* ext --------------------------------------------------------------- */

static void usage_ext(FILE *f)
{
	fputs("vswctl ext add SWITCH NAME kind capture|filter|forward stage ingress|egress\n"
	      "        object FILE [program PROG] [priority N] [set VAR=VALUE]...\n"
	      "vswctl ext del SWITCH NAME\n"
	      "vswctl ext show [SWITCH [NAME]]\n"
	      "vswctl ext samples SWITCH NAME [count N]\n"
	      "    Extensions are XDP programs in a switch's pipeline (docs/extensions.md).\n"
	      "    At ingress, after classification and the FDB lookup, capture, then\n"
	      "    filter, then forward extensions run; at egress, once per destination,\n"
	      "    capture then filter. In a slot lower priorities run first (default\n"
	      "    100), then by name. capture: observes, may not change or drop the\n"
	      "    frame (the loader refuses one that could). filter: may drop or change\n"
	      "    it. forward (ingress only): may send it to a port or flood it; the\n"
	      "    switch's VLAN and port rules still apply. PROG picks the program when\n"
	      "    FILE has several. 'set VAR=VALUE' writes a global (const volatile)\n"
	      "    variable of the program before it loads: a number, a MAC, or @PORT\n"
	      "    for the ifindex of that port's netdev. A program that fails to load\n"
	      "    is refused with the verifier's reason; nothing changes then. 'show'\n"
	      "    lists them in run order with their counters; 'samples' takes up to\n"
	      "    N (default 1000) frames out of an extension's sample ring (see\n"
	      "    bpf/ext/sample.bpf.c).\n", f);
}

static const char *const ext_kinds[] = { "capture", "filter", "forward" };
static const char *const ext_stages[] = { "ingress", "egress" };

static int kw_ext_kind(struct args *a, const struct kw *k, const char *v)
{
	int kind = vsw_ext_kind_parse(v);

	if (kind < 0)
		return bad_usage(a, "kind '%s' is not one of capture, filter, forward", v);
	*(__u8 *)k->out = kind;
	return 0;
}

static int kw_ext_stage(struct args *a, const struct kw *k, const char *v)
{
	int stage = vsw_ext_stage_parse(v);

	if (stage < 0)
		return bad_usage(a, "stage '%s' is not one of ingress, egress", v);
	*(__u8 *)k->out = stage;
	return 0;
}

/* A bare file name not in the current directory names a shipped
 * extension: in ext/ beside vswctl (the build directory), else in the
 * installed VSW_LIBDIR/ext. 0, or -errno of the file as given. */
static int shipped_extension(const char *v, char path[PATH_MAX])
{
	char self[PATH_MAX], cand[PATH_MAX + 64];
	ssize_t n;
	int err = errno;

	if (strchr(v, '/') || strlen(v) > 63)
		return -err;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		*(strrchr(self, '/') ?: self) = '\0';
		snprintf(cand, sizeof(cand), "%s/ext/%s", self, v);
		if (realpath(cand, path))
			return 0;
	}
	snprintf(cand, sizeof(cand), "%s/ext/%s", VSW_LIBDIR, v);
	return realpath(cand, path) ? 0 : -err;
}

/* vswd opens the object itself, maybe from another directory. */
static int kw_object(struct args *a, const struct kw *k, const char *v)
{
	static char path[PATH_MAX];
	int err;

	if (!realpath(v, path) && (err = shipped_extension(v, path)))
		return strchr(v, '/') ? bad_usage(a, "object '%s': %s", v, strerror(-err))
				      : bad_usage(a, "object '%s': %s (nor a shipped extension "
							"in %s/ext)", v, strerror(-err), VSW_LIBDIR);
	if (strlen(path) > 255)
		return bad_usage(a, "object path '%s' is longer than 255 characters", path);
	*(const char **)k->out = path;
	return 0;
}

static int kw_program(struct args *a, const struct kw *k, const char *v)
{
	if (!*v || strlen(v) > 63 || strchr(v, '/'))
		return bad_usage(a, "program '%s' is not a program name (1 to 63 characters)", v);
	*(const char **)k->out = v;
	return 0;
}

static int kw_priority(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_u32(v, k->out))
		return bad_usage(a, "priority '%s' is not a number from 0 to 4294967295", v);
	return 0;
}

/* Each 'set VAR=VALUE' joins the list vswd gets, space separated. */
static int kw_set(struct args *a, const struct kw *k, const char *v)
{
	char *params = k->out;
	size_t used = strlen(params);
	struct vsw_err err;

	if (strchr(v, ' ') || vsw_ext_params_check(v, &err))
		return bad_usage(a, "set '%s': VAR=VALUE, VALUE a number, a MAC or @PORT", v);
	if (used + 1 + strlen(v) > 255)
		return bad_usage(a, "the 'set' parameters exceed 255 characters");
	snprintf(params + used, 256 - used, "%s%s", used ? " " : "", v);
	return 0;
}

/* ext VERB SWITCH [NAME]: errors name the switch, then the extension. */
static int ext_names(struct args *a, bool need_name, const char **swname)
{
	int err;

	a->obj = "switch";
	err = arg_name(a, "SWITCH", !need_name);
	if (err || !a->name)
		return err;
	*swname = a->name;
	a->obj = "extension";
	a->name = NULL;
	return arg_name(a, "NAME", !need_name);
}

static int ext_add(struct args *a)
{
	const char *sw = NULL, *object = NULL, *program = NULL;
	__u8 kind = VSW_EXT_KIND__MAX, stage = VSW_EXT_STAGE__MAX;
	__u32 priority = VSW_EXT_PRIORITY_DEFAULT;
	char params[256] = "";
	struct kw kws[] = {
		KW("kind", kw_ext_kind, &kind),
		KW("stage", kw_ext_stage, &stage),
		KW("object", kw_object, &object),
		KW("program", kw_program, &program),
		KW("priority", kw_priority, &priority),
		KW_MANY("set", kw_set, params),
		KW_END,
	};
	struct nlmsghdr *nlh;
	int err;

	err = ext_names(a, true, &sw) ?: parse_kws(a, kws);
	if (err)
		return err;
	if (kind == VSW_EXT_KIND__MAX)
		return bad_usage(a, "missing 'kind capture|filter|forward'");
	if (stage == VSW_EXT_STAGE__MAX)
		return bad_usage(a, "missing 'stage ingress|egress'");
	if (!object)
		return bad_usage(a, "missing 'object FILE'");
	if (vsw_ext_slot_of(kind, stage) == VSW_EXT_SLOT_NONE)
		return bad_usage(a, "a %s extension runs at ingress only", ext_kinds[kind]);
	err = start_req(a, VSW_CMD_EXT_ADD, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw);
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, a->name);
	mnl_attr_put_u8(nlh, VSW_A_EXT_KIND, kind);
	mnl_attr_put_u8(nlh, VSW_A_EXT_STAGE, stage);
	mnl_attr_put_strz(nlh, VSW_A_EXT_OBJECT, object);
	if (program)
		mnl_attr_put_strz(nlh, VSW_A_EXT_PROGRAM, program);
	if (kw_seen(kws, "priority"))
		mnl_attr_put_u32(nlh, VSW_A_EXT_PRIORITY, priority);
	if (params[0])
		mnl_attr_put_strz(nlh, VSW_A_EXT_PARAMS, params);
	return call(a, NULL, NULL);
}

static int ext_del(struct args *a)
{
	const char *sw = NULL;
	struct nlmsghdr *nlh;
	int err = ext_names(a, true, &sw) ?: no_more_args(a) ?:
		  start_req(a, VSW_CMD_EXT_DEL, false, &nlh);

	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw);
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, a->name);
	return call(a, NULL, NULL);
}

static const char *table_name(const char *const *names, unsigned int n, unsigned int i)
{
	return i < n ? names[i] : "unknown";
}

/* ext no-v6 switch sw0 kind filter stage ingress priority 100 object /x.bpf.o
 *   program drop_ethertype_in set ethertype=0x86dd id 0 runs 12 drops 3 forwards 0
 *   violations 0 reasons 1 3 */
static void print_ext(const struct nlattr **tb, const struct show *s)
{
	__u8 kind = mnl_attr_get_u8(tb[VSW_A_EXT_KIND]);
	__u8 stage = tb[VSW_A_EXT_STAGE] ? mnl_attr_get_u8(tb[VSW_A_EXT_STAGE]) : 0xff;
	static const char *const stat_names[] = {
		[VSW_EXT_STAT_RUNS] = "runs", [VSW_EXT_STAT_DROPS] = "drops",
		[VSW_EXT_STAT_FORWARDS] = "forwards", [VSW_EXT_STAT_VIOLATIONS] = "violations",
	};
	const struct nlattr *st;
	char key[32], fmt[48];
	bool reasons = false;

	out_begin_object();
	out_str("ext", "ext %s", attr_str(tb[VSW_A_EXT_NAME]));
	out_str("switch", "switch %s", attr_str(tb[VSW_A_SWITCH_NAME]));
	out_str("kind", "kind %s", table_name(ext_kinds, 3, kind));
	out_str("stage", "stage %s", table_name(ext_stages, 2, stage));
	if (tb[VSW_A_EXT_PRIORITY])
		out_uint("priority", "priority %u", mnl_attr_get_u32(tb[VSW_A_EXT_PRIORITY]));
	out_str("object", "object %s", attr_str(tb[VSW_A_EXT_OBJECT]));
	out_str("program", "program %s", attr_str(tb[VSW_A_EXT_PROGRAM]));
	/* "a=1 b=2" reads back as the command line had it: "set a=1 set b=2" */
	if (tb[VSW_A_EXT_PARAMS] && !out_is_json()) {
		char words[600] = "";
		const char *p = attr_str(tb[VSW_A_EXT_PARAMS]);

		for (size_t n, used = 0; *p && used < sizeof(words) - 1; p += n) {
			p += strspn(p, " ");
			n = strcspn(p, " ");
			if (n)
				used += snprintf(words + used, sizeof(words) - used, "%s%.*s",
						 used ? " set " : "", (int)n, p);
		}
		out_str("params", "set %s", words);
	} else {
		out_str("params", "set %s", attr_str(tb[VSW_A_EXT_PARAMS]));
	}
	if (tb[VSW_A_EXT_LOADED] && !mnl_attr_get_u8(tb[VSW_A_EXT_LOADED]))
		out_bool("not_loaded", "not-loaded", true);
	if (tb[VSW_A_EXT_ID])
		out_uint("id", "id %u", mnl_attr_get_u32(tb[VSW_A_EXT_ID]));
	if (tb[VSW_A_EXT_STATS]) {
		mnl_attr_for_each_nested(st, tb[VSW_A_EXT_STATS]) {
			unsigned int t = mnl_attr_get_type(st);

			if (t < sizeof(stat_names) / sizeof(stat_names[0]) && stat_names[t]) {
				snprintf(fmt, sizeof(fmt), "%s %%llu", stat_names[t]);
				out_u64(stat_names[t], fmt, mnl_attr_get_u64(st));
			}
		}
		/* Drops by the extension's own reasons, the non-zero ones. */
		mnl_attr_for_each_nested(st, tb[VSW_A_EXT_STATS]) {
			unsigned int t = mnl_attr_get_type(st);

			if (t < VSW_EXT_STAT_REASON_BASE || !mnl_attr_get_u64(st))
				continue;
			if (!reasons)
				out_begin_group("reasons", "reasons");
			reasons = true;
			snprintf(key, sizeof(key), "%u", t - VSW_EXT_STAT_REASON_BASE);
			snprintf(fmt, sizeof(fmt), "%s %%llu", key);
			out_u64(key, fmt, mnl_attr_get_u64(st));
		}
		if (reasons)
			out_end_group();
	}
	out_end_object();
}

static int ext_show(struct args *a)
{
	const char *sw = NULL;
	struct show s = { .obj = "extension", .print = print_ext, .name_attr = VSW_A_EXT_NAME,
			  .need = { VSW_A_EXT_NAME, VSW_A_SWITCH_NAME, VSW_A_EXT_KIND } };
	struct nlmsghdr *nlh;
	int err = ext_names(a, false, &sw) ?: no_more_args(a) ?:
		  start_req(a, VSW_CMD_EXT_GET, true, &nlh);

	if (err)
		return err;
	if (sw)
		mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw);
	if (a->name)
		mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, a->name);
	return show_run(a, &s, false); /* vswd says which name is unknown */
}

/* sample stage ingress in 12 out 0 vlan 10 len 98 frame ffffffffffff0200... */
static void print_sample(const struct nlattr **tb, const struct show *s)
{
	const struct nlattr *fr = tb[VSW_A_EXT_FRAME];
	__u8 stage = tb[VSW_A_EXT_STAGE] ? mnl_attr_get_u8(tb[VSW_A_EXT_STAGE]) : 0xff;
	char hex[2 * VSW_EXT_SAMPLE_BYTES + 1] = "";
	size_t n = fr ? mnl_attr_get_payload_len(fr) : 0;

	for (size_t i = 0; i < n && i < VSW_EXT_SAMPLE_BYTES; i++)
		snprintf(hex + 2 * i, 3, "%02x", ((const __u8 *)mnl_attr_get_payload(fr))[i]);
	out_begin_object();
	out_str("stage", "sample stage %s", table_name(ext_stages, 2, stage));
	out_uint("in_ifindex", "in %u", mnl_attr_get_u32(tb[VSW_A_IFINDEX]));
	if (tb[VSW_A_EXT_OUT_IFINDEX])
		out_uint("out_ifindex", "out %u", mnl_attr_get_u32(tb[VSW_A_EXT_OUT_IFINDEX]));
	if (tb[VSW_A_VID])
		out_uint("vlan", "vlan %u", mnl_attr_get_u16(tb[VSW_A_VID]));
	if (tb[VSW_A_EXT_FRAME_LEN])
		out_uint("len", "len %u", mnl_attr_get_u32(tb[VSW_A_EXT_FRAME_LEN]));
	out_str("frame", "frame %s", hex);
	out_end_object();
}

static int kw_count(struct args *a, const struct kw *k, const char *v)
{
	__u32 *n = k->out;

	if (cli_parse_u32(v, n) || !*n)
		return bad_usage(a, "count '%s' is not a number from 1 to 4294967295", v);
	return 0;
}

static int ext_samples(struct args *a)
{
	const char *sw = NULL;
	__u32 count = 0;
	struct kw kws[] = { KW("count", kw_count, &count), KW_END };
	struct show s = { .obj = "sample", .print = print_sample, .name_attr = VSW_A_EXT_NAME,
			  .need = { VSW_A_IFINDEX, VSW_A_EXT_FRAME } };
	struct nlmsghdr *nlh;
	int err = ext_names(a, true, &sw) ?: parse_kws(a, kws) ?:
		  start_req(a, VSW_CMD_EXT_SAMPLES, true, &nlh);

	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw);
	mnl_attr_put_strz(nlh, VSW_A_EXT_NAME, a->name);
	if (count)
		mnl_attr_put_u32(nlh, VSW_A_COUNT, count);
	return show_run(a, &s, false);
}

static const struct verb ext_verbs[] = {
	{ "show", ext_show }, { "add", ext_add }, { "del", ext_del },
	{ "samples", ext_samples }, { NULL },
};

static int do_ext(struct args *a)
{
	return dispatch(a, ext_verbs, usage_ext);
}

/* acl --------------------------------------------------------------- */

static void usage_acl(FILE *f)
{
	fputs("vswctl acl add PORT dir in|out|both [priority N] [proto tcp|udp|icmp|icmpv6|NUM]\n"
	      "        [local PREFIX] [remote PREFIX] [lport P[-Q]] [rport P[-Q]]\n"
	      "        [local-mac MAC] [remote-mac MAC] action allow|deny|meter\n"
	      "        [stateful [timeout S]]\n"
	      "vswctl acl del PORT ID\n"
	      "vswctl acl show PORT\n"
	      "    Access control rules of a port (docs/policies.md). Directions are seen\n"
	      "    from the port's NIC: 'in' is what the NIC receives, 'out' what it\n"
	      "    sends; local is the NIC's side of a frame, remote the other side.\n"
	      "    A rule matches when every field it names matches; a frame meets the\n"
	      "    rule with the lowest priority number (default 100) among the allow\n"
	      "    and deny rules that match, the longer remote prefix and then the\n"
	      "    longer local prefix first among equal priorities. No match: allowed.\n"
	      "    'meter' rules only count what they match. A stateful allow (TCP and\n"
	      "    UDP) lets the replies of the flows it allows come back the other way\n"
	      "    without a rule, until the flow is idle for S seconds (default 60).\n"
	      "    'add' prints the new rule's ID; 'show' lists the rules with their\n"
	      "    hits. A port takes up to 1024 rules per direction.\n", f);
}

struct acl_arg {
	struct vsw_acl_rule r;
	bool stateful;
	__u32 timeout;
};

static int kw_acl_dir(struct args *a, const struct kw *k, const char *v)
{
	int d = vsw_acl_dir_parse(v);

	if (d < 0)
		return bad_usage(a, "dir '%s' is not one of in, out, both", v);
	*(__u8 *)k->out = d;
	return 0;
}

static int kw_acl_action(struct args *a, const struct kw *k, const char *v)
{
	int act = vsw_acl_action_parse(v);

	if (act < 0)
		return bad_usage(a, "action '%s' is not one of allow, deny, meter", v);
	*(__u8 *)k->out = act;
	return 0;
}

static int kw_acl_proto(struct args *a, const struct kw *k, const char *v)
{
	int p = vsw_acl_proto_parse(v);

	if (p < 0)
		return bad_usage(a, "proto '%s' is not tcp, udp, icmp, icmpv6 or 0 to 255", v);
	*(int *)k->out = p;
	return 0;
}

static int kw_acl_prefix(struct args *a, const struct kw *k, const char *v)
{
	if (vsw_acl_cidr_parse(v, k->out))
		return bad_usage(a, "%s '%s' is not an IPv4 or IPv6 address or prefix "
			       "(10.0.0.0/8, 2001:db8::/32)", k->word, v);
	return 0;
}

static int kw_acl_range(struct args *a, const struct kw *k, const char *v)
{
	if (vsw_acl_range_parse(v, k->out))
		return bad_usage(a, "%s '%s' is not a port or range (80, 1024-2047; 0 to 65535)",
				 k->word, v);
	return 0;
}

static int kw_acl_mac(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_mac(v, k->out))
		return bad_usage(a, "%s '%s' is not a MAC address (02:00:00:00:00:01)", k->word, v);
	return 0;
}

static int kw_u32(struct args *a, const struct kw *k, const char *v)
{
	if (cli_parse_u32(v, k->out))
		return bad_usage(a, "%s '%s' is not a number from 0 to 4294967295", k->word, v);
	return 0;
}

/* The PORT after the verb. */
static int acl_port(struct args *a)
{
	return arg_name(a, "PORT", false);
}

static int acl_id_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_ACL_ID]) {
		snprintf(reply_err, sizeof(reply_err), "malformed acl add reply from vswd");
		return -EBADMSG;
	}
	*(__s64 *)data = mnl_attr_get_u32(tb[VSW_A_ACL_ID]);
	return 0;
}

static int acl_add(struct args *a)
{
	struct acl_arg x = { .timeout = 0 };
	struct vsw_acl_rule *r = &x.r;
	__u8 dir = 0, action = VSW_ACL_ACTIONS;
	__s64 id = -1;
	struct kw kws[] = {
		KW("dir", kw_acl_dir, &dir),
		KW("priority", kw_u32, &r->priority),
		KW("proto", kw_acl_proto, &r->proto),
		KW("local", kw_acl_prefix, &r->local),
		KW("remote", kw_acl_prefix, &r->remote),
		KW("lport", kw_acl_range, &r->lport),
		KW("rport", kw_acl_range, &r->rport),
		KW("local-mac", kw_acl_mac, r->lmac),
		KW("remote-mac", kw_acl_mac, r->rmac),
		KW("action", kw_acl_action, &action),
		KW("stateful", NULL, &x.stateful),
		KW("timeout", kw_u32, &x.timeout),
		KW_END,
	};
	struct vsw_err why;
	struct nlmsghdr *nlh;
	int err;

	vsw_acl_rule_init(r);
	err = acl_port(a) ?: parse_kws(a, kws);
	if (err)
		return err;
	if (!dir)
		return bad_usage(a, "missing 'dir in|out|both'");
	if (action == VSW_ACL_ACTIONS)
		return bad_usage(a, "missing 'action allow|deny|meter'");
	if (kw_seen(kws, "timeout") && !x.stateful)
		return bad_usage(a, "'timeout' is for stateful rules");
	r->dirs = dir;
	r->action = action;
	r->has_lport = kw_seen(kws, "lport");
	r->has_rport = kw_seen(kws, "rport");
	r->has_lmac = kw_seen(kws, "local-mac");
	r->has_rmac = kw_seen(kws, "remote-mac");
	r->stateful = x.stateful;
	if (kw_seen(kws, "timeout"))
		r->timeout_s = x.timeout;
	if (vsw_acl_rule_check(r, &why))
		return bad_usage(a, "%s", why.msg);
	err = start_req(a, VSW_CMD_ACL_ADD, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	mnl_attr_put_u8(nlh, VSW_A_ACL_DIR, r->dirs);
	mnl_attr_put_u8(nlh, VSW_A_ACL_ACTION, r->action);
	if (kw_seen(kws, "priority"))
		mnl_attr_put_u32(nlh, VSW_A_ACL_PRIORITY, r->priority);
	vsw_acl_match_put(nlh, r);
	if (kw_seen(kws, "timeout"))
		mnl_attr_put_u32(nlh, VSW_A_ACL_TIMEOUT, r->timeout_s);
	err = call(a, acl_id_cb, &id);
	if (err || id < 0)
		return err;
	out_begin_list();
	out_begin_object();
	out_uint("id", "acl %u", id);
	out_str("port", "port %s", a->name);
	out_end_object();
	out_end_list();
	return 0;
}

static int acl_del(struct args *a)
{
	const char *word;
	struct nlmsghdr *nlh;
	__u32 id;
	int err = acl_port(a);

	if (err)
		return err;
	word = args_next(a);
	if (!word)
		return bad_usage(a, "missing the rule's ID (see 'vswctl acl show %s')", a->name);
	if (cli_parse_u32(word, &id) || !id)
		return bad_usage(a, "rule ID '%s' is not a number from 1 to 4294967295", word);
	err = no_more_args(a) ?: start_req(a, VSW_CMD_ACL_DEL, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	mnl_attr_put_u32(nlh, VSW_A_ACL_ID, id);
	return call(a, NULL, NULL);
}

/* acl 3 port p1 dir out priority 100 proto tcp remote 10.0.0.0/8 rport 80 action deny hits 12 */
static void print_acl(const struct nlattr **tb, const struct show *s)
{
	char buf[64];

	out_begin_object();
	out_uint("id", "acl %u", mnl_attr_get_u32(tb[VSW_A_ACL_ID]));
	out_str("port", "port %s", attr_str(tb[VSW_A_PORT_NAME]));
	out_str("dir", "dir %s", vsw_acl_dir_name(mnl_attr_get_u8(tb[VSW_A_ACL_DIR])));
	if (tb[VSW_A_ACL_PRIORITY])
		out_uint("priority", "priority %u", mnl_attr_get_u32(tb[VSW_A_ACL_PRIORITY]));
	if (tb[VSW_A_ACL_PROTO]) {
		vsw_acl_proto_format(mnl_attr_get_u8(tb[VSW_A_ACL_PROTO]), buf, sizeof(buf));
		out_str("proto", "proto %s", buf);
	}
	if (tb[VSW_A_ACL_LOCAL]) {
		vsw_acl_cidr_format(mnl_attr_get_payload(tb[VSW_A_ACL_LOCAL]), buf, sizeof(buf));
		out_str("local", "local %s", buf);
	}
	if (tb[VSW_A_ACL_REMOTE]) {
		vsw_acl_cidr_format(mnl_attr_get_payload(tb[VSW_A_ACL_REMOTE]), buf, sizeof(buf));
		out_str("remote", "remote %s", buf);
	}
	if (tb[VSW_A_ACL_LPORT]) {
		vsw_acl_range_format(mnl_attr_get_payload(tb[VSW_A_ACL_LPORT]), buf, sizeof(buf));
		out_str("lport", "lport %s", buf);
	}
	if (tb[VSW_A_ACL_RPORT]) {
		vsw_acl_range_format(mnl_attr_get_payload(tb[VSW_A_ACL_RPORT]), buf, sizeof(buf));
		out_str("rport", "rport %s", buf);
	}
	if (tb[VSW_A_ACL_LOCAL_MAC])
		out_str("local_mac", "local-mac %s",
			mac_str(mnl_attr_get_payload(tb[VSW_A_ACL_LOCAL_MAC]), buf));
	if (tb[VSW_A_ACL_REMOTE_MAC])
		out_str("remote_mac", "remote-mac %s",
			mac_str(mnl_attr_get_payload(tb[VSW_A_ACL_REMOTE_MAC]), buf));
	out_str("action", "action %s", vsw_acl_action_name(mnl_attr_get_u8(tb[VSW_A_ACL_ACTION])));
	out_bool("stateful", "stateful", tb[VSW_A_ACL_STATEFUL]);
	if (tb[VSW_A_ACL_STATEFUL] && tb[VSW_A_ACL_TIMEOUT])
		out_uint("timeout", "timeout %u", mnl_attr_get_u32(tb[VSW_A_ACL_TIMEOUT]));
	if (tb[VSW_A_ACL_HITS])
		out_u64("hits", "hits %llu", mnl_attr_get_u64(tb[VSW_A_ACL_HITS]));
	out_end_object();
}

static int acl_show(struct args *a)
{
	struct show s = { .obj = "acl", .print = print_acl, .name_attr = VSW_A_PORT_NAME,
			  .need = { VSW_A_ACL_ID, VSW_A_ACL_DIR, VSW_A_ACL_ACTION } };
	struct nlmsghdr *nlh;
	int err = acl_port(a) ?: no_more_args(a) ?: start_req(a, VSW_CMD_ACL_GET, true, &nlh);

	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	return show_run(a, &s, false); /* no rules is an empty list; vswd names a bad port */
}

static const struct verb acl_verbs[] = {
	{ "show", acl_show }, { "add", acl_add }, { "del", acl_del }, { NULL },
};

static int do_acl(struct args *a)
{
	return dispatch(a, acl_verbs, usage_acl);
}

/* stats ------------------------------------------------------------- */

static void usage_stats(FILE *f)
{
	fputs("vswctl stats switch|port|nic [NAME]\n"
	      "    Counters summed over CPUs: rx_packets rx_bytes tx_packets tx_bytes\n"
	      "    flooded mirrored (copies a mirror destination sent; in tx too), and\n"
	      "    the drops by reason (malformed vlan_filter no_port\n"
	      "    link_down learn_limit hairpin extension mac_spoof dhcp_guard\n"
	      "    router_guard rate_limit storm pvlan). A switch's counters are its\n"
	      "    ports' and those of frames that entered no port; a NIC's are its\n"
	      "    port's.\n", f);
}

static int stats_of(struct args *a, __u16 cmd, int name_attr)
{
	struct show s = { .obj = a->verb, .print = print_stats, .name_attr = name_attr,
			  .need = { name_attr } };

	a->obj = a->verb; /* "port 'p1': ..." */
	return arg_name(a, "NAME", true) ?: no_more_args(a) ?: show_dump(a, cmd, &s);
}

static int stats_switch(struct args *a)
{
	return stats_of(a, VSW_CMD_SWITCH_GET, VSW_A_SWITCH_NAME);
}

static int stats_port(struct args *a)
{
	return stats_of(a, VSW_CMD_PORT_GET, VSW_A_PORT_NAME);
}

static int stats_nic(struct args *a)
{
	return stats_of(a, VSW_CMD_NIC_GET, VSW_A_NIC_NAME);
}

static const struct verb stats_verbs[] = {
	{ "port", stats_port }, { "switch", stats_switch }, { "nic", stats_nic }, { NULL },
};

static int do_stats(struct args *a)
{
	bool known;

	if (!a->argc)
		return bad_usage(a, "which counters: 'stats switch|port|nic [NAME]'");
	known = !strcmp(a->argv[0], "help");
	for (const struct verb *v = stats_verbs; v->name; v++)
		known |= !strcmp(a->argv[0], v->name);
	if (!known)
		return bad_usage(a, "'%s': counters are of a switch, port or nic", a->argv[0]);
	return dispatch(a, stats_verbs, usage_stats);
}

/* trace ------------------------------------------------------------ */

static void usage_trace(FILE *f)
{
	fputs("vswctl trace SWITCH port PORT FRAME\n"
	      "    Run the switch's ingress program on FRAME as if PORT had received\n"
	      "    it, without forwarding it, learning from it or counting it, and\n"
	      "    print the decision: the VLAN it was classified into, FDB hit or\n"
	      "    miss, whether the source would be learned, the checks it passed\n"
	      "    or the one that dropped it, and the ports it would leave by.\n"
	      "    FRAME is one word of hex bytes (ffffffffffff0200...), or a spec:\n"
	      "      src MAC dst MAC [vlan VID [pcp N]] [type ETHERTYPE]\n"
	      "        [ipv4 A '>' B [udp|tcp [SPORT '>'] DPORT]]\n", f);
}

static const char *verdict_name(__u8 v)
{
	switch (v) {
	case VSW_V_DROP: return "drop";
	case VSW_V_UNICAST: return "unicast";
	case VSW_V_FLOOD: return "flood";
	default: return "unknown";
	}
}

struct trace_reply {
	const __u8 *frame;
	bool got;
};

/* Comma-joined names of one attribute type in a nest ("p2,p3"). */
static void join_names(const struct nlattr *nest, unsigned int type, char *buf, size_t len)
{
	const struct nlattr *a;
	size_t n = 0;

	buf[0] = '\0';
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != type || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			continue;
		n += snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "," : "",
			      mnl_attr_get_str(a));
	}
}

/* trace switch sw0 port p1 src 02:..:0a dst 02:..:0b vlan 10 fdb hit learn yes
 *   passed port,link,...,tag verdict unicast to p2
 * ... passed port,link,parse dropped_by vlan reason vlan_filter verdict drop */
static int trace_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1], *tr[VSW_TRACE_TO_MORE + 1] = { NULL }, *a;
	struct trace_reply *r = data;
	const char *checks[VSW_TRACE_CHECKS_MAX];
	struct vsw_decision dec = { 0 };
	static char untagged[VSW_CTL_MSG_MAX], tagged[VSW_CTL_MSG_MAX];
	char list[256] = "", mac[18];
	int n;

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_TRACE])
		goto bad;
	mnl_attr_for_each_nested(a, tb[VSW_A_TRACE])
		if (mnl_attr_get_type(a) <= VSW_TRACE_TO_MORE)
			tr[mnl_attr_get_type(a)] = a;
	if (!tr[VSW_TRACE_VERDICT] || mnl_attr_validate(tr[VSW_TRACE_VERDICT], MNL_TYPE_U8) ||
	    !tr[VSW_TRACE_FLAGS] || mnl_attr_validate(tr[VSW_TRACE_FLAGS], MNL_TYPE_U32) ||
	    !tr[VSW_TRACE_VID] || mnl_attr_validate(tr[VSW_TRACE_VID], MNL_TYPE_U16) ||
	    (tr[VSW_TRACE_REASON] && mnl_attr_validate(tr[VSW_TRACE_REASON], MNL_TYPE_U8)) ||
	    (tr[VSW_TRACE_FDB_PORT] &&
	     mnl_attr_validate(tr[VSW_TRACE_FDB_PORT], MNL_TYPE_NUL_STRING)) ||
	    (tr[VSW_TRACE_TO_MORE] && mnl_attr_validate(tr[VSW_TRACE_TO_MORE], MNL_TYPE_U32)))
		goto bad;
	dec.verdict = mnl_attr_get_u8(tr[VSW_TRACE_VERDICT]);
	dec.reason = tr[VSW_TRACE_REASON] ? mnl_attr_get_u8(tr[VSW_TRACE_REASON]) : 0;
	dec.flags = mnl_attr_get_u32(tr[VSW_TRACE_FLAGS]);
	dec.vid = mnl_attr_get_u16(tr[VSW_TRACE_VID]);
	join_names(tb[VSW_A_TRACE], VSW_TRACE_TO_UNTAGGED, untagged, sizeof(untagged));
	join_names(tb[VSW_A_TRACE], VSW_TRACE_TO_TAGGED, tagged, sizeof(tagged));
	n = vsw_trace_checks(&dec, checks);

	out_begin_object();
	out_str("switch", "trace switch %s", attr_str(tb[VSW_A_SWITCH_NAME]));
	out_str("port", "port %s", attr_str(tb[VSW_A_PORT_NAME]));
	out_str("src", "src %s", mac_str(r->frame + 6, mac));
	out_str("dst", "dst %s", mac_str(r->frame, mac));
	out_bool("tagged", "tagged", dec.flags & VSW_DEC_F_TAGGED);
	if (dec.vid)
		out_uint("vlan", "vlan %u", dec.vid);
	if (dec.verdict != VSW_V_DROP || (dec.flags & VSW_DEC_F_FDB_HIT)) {
		out_str("fdb", "fdb %s", dec.flags & VSW_DEC_F_FDB_HIT ? "hit" : "miss");
		out_str("fdb_port", "port %s", attr_str(tr[VSW_TRACE_FDB_PORT]));
	}
	out_str("learn", "learn %s", dec.flags & VSW_DEC_F_LEARNED ? "yes" : "no");
	for (int i = 0; i < n - (dec.verdict == VSW_V_DROP); i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? "," : "",
			 checks[i]);
	out_str("passed", "passed %s", list[0] ? list : NULL);
	if (dec.verdict == VSW_V_DROP && n) {
		out_str("dropped_by", "dropped_by %s", checks[n - 1]);
		out_str("reason", "reason %s", vsw_drop_reason_name(dec.reason));
	}
	out_str("verdict", "verdict %s", verdict_name(dec.verdict));
	out_str("to", "to %s", untagged[0] ? untagged : NULL);
	out_str("to_tagged", "to_tagged %s", tagged[0] ? tagged : NULL);
	if (tr[VSW_TRACE_TO_MORE])
		out_uint("to_more", "and %u more ports", mnl_attr_get_u32(tr[VSW_TRACE_TO_MORE]));
	/* and a copy to each mirror destination of the switch */
	out_bool("mirrored", "mirrored", dec.flags & VSW_DEC_F_MIRROR);
	out_end_object();
	r->got = true;
	return 0;
bad:
	snprintf(reply_err, sizeof(reply_err), "malformed trace reply from vswd");
	return -EBADMSG;
}

static int do_trace(struct args *a)
{
	static __u8 frame[VSW_TRACE_FRAME_MAX];
	struct trace_reply r = { .frame = frame };
	const char *port;
	struct nlmsghdr *nlh;
	struct vsw_err why;
	int len, err;

	if (a->argc && !strcmp(a->argv[0], "help")) {
		usage_trace(stdout);
		return 0;
	}
	a->obj = "switch";
	err = arg_name(a, "SWITCH", false);
	if (err)
		return err;
	if (!a->argc || strcmp(args_next(a), "port"))
		return bad_usage(a, "missing 'port PORT'");
	port = args_next(a);
	if (!port || !name_valid(port))
		return bad_usage(a, "port: name is invalid: " NAME_RULE);
	len = frame_spec_parse(a->argc, a->argv, frame, sizeof(frame), &why);
	if (len < 0)
		return bad_usage(a, "%s", why.msg);
	if (len < 14 || len > VSW_TRACE_FRAME_MAX)
		return bad_usage(a, "frame: %d bytes (14 to %d)", len, VSW_TRACE_FRAME_MAX);
	err = start_req(a, VSW_CMD_TRACE, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, a->name);
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, port);
	mnl_attr_put(nlh, VSW_A_FRAME, len, frame);
	out_begin_list();
	err = call(a, trace_cb, &r);
	if (!err && !r.got) {
		snprintf(reply_err, sizeof(reply_err), "vswd sent no trace");
		err = report(a, -EBADMSG);
	}
	if (err) {
		out_discard_list();
		return err;
	}
	out_end_list();
	return 0;
}

/* capture ----------------------------------------------------------- */

static void usage_capture(FILE *f)
{
	fputs("vswctl capture PORT [in|out|both] [-c COUNT] -w FILE\n"
	      "    Write the frames crossing PORT to FILE in pcap format (tcpdump -r,\n"
	      "    tshark -r read it; '-' is standard output): 'in' as they arrive,\n"
	      "    'out' as they leave (after tag push/pop), 'both' (the default).\n"
	      "    Stops after COUNT frames, or on Ctrl-C / SIGTERM. One capture per\n"
	      "    switch at a time; only the captured port pays for it. Needs root:\n"
	      "    vswctl reads the switch's capture ring in bpffs itself.\n", f);
}

static volatile sig_atomic_t capture_stop;

static void on_stop_signal(int sig)
{
	capture_stop = 1;
}

struct capture_reply {
	char path[512];
	__u32 ifindex;
};

static int capture_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct capture_reply *r = data;

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_PATH] || !tb[VSW_A_IFINDEX]) {
		snprintf(reply_err, sizeof(reply_err), "malformed capture reply from vswd");
		return -EBADMSG;
	}
	snprintf(r->path, sizeof(r->path), "%s", mnl_attr_get_str(tb[VSW_A_PATH]));
	r->ifindex = mnl_attr_get_u32(tb[VSW_A_IFINDEX]);
	return 0;
}

static int do_capture(struct args *a)
{
	static const char *const dirs[] = { [VSW_PORT_F_CAPTURE_IN] = "in",
					    [VSW_PORT_F_CAPTURE_OUT] = "out",
					    [VSW_PORT_F_CAPTURE] = "both" };
	struct sigaction sa = { .sa_handler = on_stop_signal }; /* no SA_RESTART */
	struct capture_reply r = { .path = "" };
	struct pcap_sink_opts so = { 0 };
	const char *file = NULL, *w;
	__u8 dir = VSW_PORT_F_CAPTURE;
	struct pcap_sink *sink;
	struct nlmsghdr *nlh;
	bool dir_seen = false;
	struct vsw_err why;
	__u32 count = 0;
	int err;

	if (a->argc && !strcmp(a->argv[0], "help")) {
		usage_capture(stdout);
		return 0;
	}
	a->obj = "port";
	err = arg_name(a, "PORT", false);
	while (!err && (w = args_next(a))) {
		if (!strcmp(w, "in") || !strcmp(w, "out") || !strcmp(w, "both")) {
			if (dir_seen)
				return bad_usage(a, "direction given twice");
			dir = w[0] == 'i' ? VSW_PORT_F_CAPTURE_IN
			      : w[0] == 'o' ? VSW_PORT_F_CAPTURE_OUT : VSW_PORT_F_CAPTURE;
			dir_seen = true;
		} else if (!strcmp(w, "-c")) {
			w = args_next(a);
			if (count || !w || cli_parse_u32(w, &count) || !count)
				return bad_usage(a, "-c wants a count of frames, once (1 or more)");
		} else if (!strcmp(w, "-w")) {
			if (file || !(file = args_next(a)) || !*file)
				return bad_usage(a, "-w wants a file name, once");
		} else {
			return bad_usage(a, "unexpected '%s'", w);
		}
	}
	if (err)
		return err;
	if (!file)
		return bad_usage(a, "missing '-w FILE'");
	err = start_req(a, VSW_CMD_CAPTURE, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	mnl_attr_put_u8(nlh, VSW_A_CAPTURE_DIR, dir);
	err = call(a, capture_cb, &r);
	if (err)
		return err;
	if (!r.path[0]) {
		snprintf(reply_err, sizeof(reply_err), "vswd sent no capture ring");
		return report(a, -EBADMSG);
	}
	so.ring_path = r.path;
	so.file = file;
	so.ifindex = r.ifindex;
	so.dir = dir;
	err = pcap_sink_open(&so, &sink, &why);
	if (err) {
		err_prefix(a);
		fprintf(stderr, "%s\n", why.msg);
		return err;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* The line a script waits for: from here on, frames are written. */
	fprintf(stderr, "vswctl: capturing port '%s' (%s) to '%s'\n", a->name, dirs[dir], file);
	err = pcap_sink_run(sink, count, &capture_stop);
	fprintf(stderr, "vswctl: %lu frames captured, %llu lost\n", pcap_sink_written(sink),
		pcap_sink_lost(sink));
	err = pcap_sink_close(sink) ?: err;
	if (err) {
		err_prefix(a);
		fprintf(stderr, "capture failed: %s\n", strerror(-err));
	}
	/* Closing the connection (in main) tells vswd to stop copying. */
	return err;
}

/* ------------------------------------------------------------------ */

static void usage(FILE *f);

static int do_help(struct args *a)
{
	usage(stdout);
	return 0;
}

static const struct object {
	const char *name;
	int (*fn)(struct args *a);
	void (*usage)(FILE *f);
} objects[] = {
	{ "switch", do_switch, usage_switch },
	{ "port", do_port, usage_port },
	{ "nic", do_nic, usage_nic },
	{ "fdb", do_fdb, usage_fdb },
	{ "stats", do_stats, usage_stats },
	{ "trace", do_trace, usage_trace },
	{ "capture", do_capture, usage_capture },
	{ "ext", do_ext, usage_ext },
	{ "acl", do_acl, usage_acl },
	{ "version", do_version, usage_version },
	{ "help", do_help, NULL },
	{ NULL },
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vswctl [-s SOCKET] [-j] OBJECT COMMAND [ARGUMENTS]\n"
"       vswctl OBJECT help\n"
"       vswctl -h | --help\n"
"\n"
"Configure vswd, the vsw virtual switch daemon, through its control socket:\n"
"switches, their ports, the NICs connected to the ports, each switch's\n"
"forwarding database (FDB), the extensions in its pipeline, the ports' access\n"
"control lists (ACLs), and the counters. Each invocation sends one\n"
"request; arguments are checked before anything is sent. Without a command,\n"
"switch, port and nic mean 'show'.\n"
"\n"
"Options:\n"
"  -s, --socket SOCKET  the control socket of vswd (default %s)\n"
"  -j, --json           show, stats, samples, version and fdb flush print JSON: an array\n"
"                       with one object per line of the text output, under the\n"
"                       same names\n"
"  -h, --help           print this help\n"
"\n"
"Commands:\n", VSW_CTL_SOCKET_DEFAULT);
	for (const struct object *o = objects; o->name; o++) {
		char *text = NULL, *line, *save;
		size_t len = 0;
		FILE *m;

		if (!o->usage || !(m = open_memstream(&text, &len)))
			continue;
		o->usage(m);
		fclose(m);
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			fprintf(f, "  %s\n", line);
		fputc('\n', f);
		free(text);
	}
	fputs(
"Arguments:\n"
"  NAME, SWITCH, PORT  1 to 15 characters of A-Z a-z 0-9 _ . -, not starting\n"
"                      with '.'; unique among the objects of their kind\n"
"  IFNAME              a network interface name, the same characters\n"
"  VID                 a VLAN ID, 1 to 4094\n"
"  VIDLIST             VIDs and ranges of VIDs: 10,20-30,4000\n"
"  MAC                 a unicast MAC address: 02:00:00:00:00:01\n"
"  NS                  a named network namespace (/run/netns/NS), or the absolute\n"
"                      path of a netns file (/proc/PID/ns/net)\n"
"  UID, GID            a number, or a user or group name of this host\n"
"  N                   queues: 1 to 256; priority, count: a number, 0 to 4294967295\n"
"  FILE                a BPF object file; vswctl sends vswd its absolute path. A\n"
"                      bare name not in the current directory is a shipped\n"
"                      extension, from " VSW_LIBDIR "/ext\n"
"  PROG                the name of a program in FILE\n"
"  VAR=VALUE           a global variable of the program: VALUE a number (0x for\n"
"                      hex), a MAC, or @PORT for the ifindex of that port's netdev\n"
"  PREFIX              an IPv4 or IPv6 address, or prefix: 10.0.0.0/8, 2001:db8::/32\n"
"  P[-Q]               an L4 port, or a range of them: 80, 1024-65535\n"
"  ID                  an ACL rule's number in its port, as 'acl add' prints it\n"
"  S                   seconds, 1 to 86400\n"
"\n"
"Output:\n"
"  'show' prints one line per object that reads like the command that made it:\n"
"    switch sw0 type internal ports 2\n"
"    port p1 switch sw0 vlan access 10 link up nic h1 acl-rules 2 mac-guard off (default) ...\n"
"    port p2 switch sw0 vlan trunk 10,20-30 native 10 link down\n"
"    nic h1 type host port p1 link up ifindex 12 xdp native\n"
"    vlan 10 mac 02:00:00:00:00:01 port p1 age 12.3s\n"
"    ext no-v6 switch sw0 kind filter stage ingress priority 100 object /x.bpf.o ...\n"
"    acl 1 port p1 dir out priority 100 proto tcp rport 22 action deny hits 3\n"
"  'stats' prints one line of counters per object:\n"
"    port p1 rx_packets 10 rx_bytes 840 ... drops malformed 0 vlan_filter 2 ...\n"
"  'trace' prints the decision, the checks passed, and where the frame goes:\n"
"    trace switch sw0 port p1 src ... vlan 10 fdb hit port p2 learn no\n"
"      passed port,link,...,dest_vlan verdict unicast to p2   (one line)\n"
"\n"
"Examples:\n"
"  vswctl switch add sw0\n"
"  vswctl port add p1 switch sw0 vlan access 10\n"
"  vswctl port add p2 switch sw0 vlan trunk 10,20-30 native 10\n"
"  vswctl port set p1 mac-guard on dhcp-guard on router-guard on max-rate out 20mbit\n"
"  vswctl nic add h1 type host netns blue mac 02:00:00:00:00:01\n"
"  vswctl nic add vm1 type vm owner qemu queues 2\n"
"  vswctl nic add up0 type physical dev eth1\n"
"  vswctl nic connect h1 port p1\n"
"  vswctl fdb add sw0 02:00:00:00:00:09 vlan 10 port p1\n"
"  vswctl -j port show | jq '.[] | select(.link == \"down\") | .port'\n"
"  vswctl stats port p1\n"
"  vswctl trace sw0 port p1 src 02:00:00:00:00:01 dst 02:00:00:00:00:09\n"
"  vswctl capture p1 out -c 100 -w /tmp/p1.pcap\n"
"  vswctl ext add sw0 no-v6 kind filter stage ingress \\\n"
"      object drop_ethertype.bpf.o program drop_ethertype_in set ethertype=0x86dd\n"
"  vswctl ext show sw0\n"
"  vswctl switch del sw0 force\n"
"\n"
"Exit status:\n"
"  0  success\n"
"  1  vswd refused the request or failed (its message is printed), or it\n"
"     cannot be reached\n"
"  2  usage error: nothing was sent\n", f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL },
	};
	const struct object *o;
	struct args a = { 0 };
	bool json = false;
	int c, err;

	while ((c = getopt_long(argc, argv, "+s:jh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			socket_path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fputs("Try 'vswctl --help'.\n", stderr);
			return 2;
		}
	}
	if (optind == argc) {
		fputs("Usage: vswctl [-s SOCKET] [-j] OBJECT COMMAND [ARGUMENTS]\n"
		      "Objects: switch port nic fdb stats trace capture ext acl version.\n"
		      "Try 'vswctl --help'.\n",
		      stderr);
		return 2;
	}
	for (o = objects; o->name; o++)
		if (!strcmp(o->name, argv[optind]))
			break;
	if (!o->name) {
		fprintf(stderr, "vswctl: unknown object '%s' (see 'vswctl --help')\n",
			argv[optind]);
		return 2;
	}
	out_init(stdout, json);
	a.obj = o->name;
	a.argc = argc - optind - 1;
	a.argv = argv + optind + 1;
	err = o->fn(&a);
	vsw_client_close(client);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "vswctl: cannot write the output: %s\n", strerror(errno));
		return 1;
	}
	if (err)
		return usage_failed ? 2 : 1;
	return 0;
}
