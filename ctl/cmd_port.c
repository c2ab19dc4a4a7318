// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl port: add, set (VLANs, private VLANs, policy settings), del
 * and show ports. */
#include <errno.h>
#include <string.h>

#include "cli_parse.h"
#include "port_policy.h"
#include "vlan_set.h"
#include "vsw_structs.h"
#include "vswctl.h"

void usage_port(FILE *f)
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

/* What a port add or port set line asks for: the settings, as the
 * encoder vswd's decoder mirrors takes them (port_policy.h), and the
 * native VID, which may come before its trunk. */
struct port_arg {
	struct vsw_port_set ps;
	__u16 native;
	bool native_seen;
};

/* A setting of port set, given at most once. */
static int setting_once(struct args *a, struct vsw_port_set *ps, enum vsw_port_setting s,
			const char *what)
{
	if (ps->given & VSW_PS(s))
		return bad_usage(a, "'%s' given twice", what);
	ps->given |= VSW_PS(s);
	return 0;
}

/* vlan isolated|community PRIMARY SECONDARY | vlan promiscuous PRIMARY LIST */
static int kw_pvlan(struct args *a, struct vsw_port_set *ps, const char *v)
{
	const char *primary = args_next(a), *second = args_next(a), *bad;
	struct vsw_pol_settings *pol = &ps->pol;

	ps->vlan_mode = VSW_PORT_ACCESS;
	pol->pvlan = vsw_pvlan_role_parse(v); /* kw_vlan saw a role */
	if (!primary || !second)
		return bad_usage(a, "'vlan %s' needs PRIMARY and %s", v,
				 pol->pvlan == VSW_PVLAN_PROMISCUOUS ? "SECONDARYLIST" : "SECONDARY");
	if (cli_parse_vid(primary, &ps->pvid))
		return bad_usage(a, "'%s' is not a VLAN ID (1 to 4094)", primary);
	if (pol->pvlan != VSW_PVLAN_PROMISCUOUS) {
		if (cli_parse_vid(second, &pol->pvlan_secondary))
			return bad_usage(a, "'%s' is not a VLAN ID (1 to 4094)", second);
		return 0;
	}
	if (vlan_set_parse(pol->pvlan_serves, second, &bad))
		return bad_usage(a, "SECONDARYLIST '%s' is invalid at '%s' (VIDs 1 to 4094 and "
				 "ranges, e.g. 200,300-310)", second, bad);
	return 0;
}

/* vlan access VID | vlan trunk VIDLIST ("native VID" is a keyword of its
 * own): a VLAN setting, which also ends a private VLAN. */
static int kw_vlan(struct args *a, const struct kw *k, const char *v)
{
	struct vsw_port_set *ps = &((struct port_arg *)k->out)->ps;
	const char *list, *bad;

	ps->given |= VSW_PS(VSW_PS_VLAN) | VSW_PS(VSW_PS_PVLAN);
	/* Private VLAN roles are settings of an existing port. */
	if (a->verb && !strcmp(a->verb, "set") && vsw_pvlan_role_parse(v) > VSW_PVLAN_NONE)
		return kw_pvlan(a, ps, v);
	list = args_next(a);
	if (strcmp(v, "access") && strcmp(v, "trunk"))
		return bad_usage(a, "'vlan %s': expected 'vlan access VID' or "
			       "'vlan trunk VIDLIST'", v);
	if (!list)
		return bad_usage(a, "'vlan %s' needs %s", v, *v == 'a' ? "a VID" : "a VIDLIST");
	if (*v == 'a') {
		ps->vlan_mode = VSW_PORT_ACCESS;
		if (cli_parse_vid(list, &ps->pvid))
			return bad_usage(a, "'%s' is not a VLAN ID (1 to 4094)", list);
		return 0;
	}
	ps->vlan_mode = VSW_PORT_TRUNK;
	if (vlan_set_parse(ps->vids, list, &bad))
		return bad_usage(a, "VIDLIST '%s' is invalid at '%s' (VIDs 1 to 4094 and "
			       "ranges, e.g. 10,20-30)", list, bad);
	return 0;
}

/* "native VID" goes with a trunk, and is its PVID. */
static int check_native(struct args *a, struct port_arg *pa)
{
	if (!pa->native_seen)
		return 0;
	if (!(pa->ps.given & VSW_PS(VSW_PS_VLAN)) || pa->ps.vlan_mode != VSW_PORT_TRUNK)
		return bad_usage(a, "'native VID' goes with 'vlan trunk VIDLIST'");
	pa->ps.pvid = pa->native;
	return 0;
}

static int port_add(struct args *a)
{
	const char *sw = NULL;
	struct port_arg pa = { .ps.given = 0 };
	struct kw kws[] = {
		KW("switch", kw_name, &sw),
		KW("vlan", kw_vlan, &pa),
		KW("native", kw_vid, &pa.native),
		KW_END,
	};
	struct nlmsghdr *nlh;
	int err;

	err = arg_name(a, "NAME", false) ?: parse_kws(a, kws);
	if (err)
		return err;
	pa.native_seen = kw_seen(kws, "native");
	err = check_native(a, &pa);
	if (err)
		return err;
	if (!sw)
		return bad_usage(a, "missing 'switch SWITCH'");
	err = start_req(a, VSW_CMD_PORT_ADD, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	mnl_attr_put_strz(nlh, VSW_A_SWITCH_NAME, sw);
	vsw_port_set_put(nlh, &pa.ps);
	return call(a, NULL, NULL);
}

/* mac-guard on|off|default [allow MAC[,MAC...]|allow none] */
static int parse_mac_guard(struct args *a, struct vsw_port_set *ps)
{
	const char *v = args_next(a), *list;
	char buf[VSW_POL_ALLOW_MAX * 18 + 1], *tok, *save;
	struct vsw_pol_settings *pol = &ps->pol;

	if (v && !strcmp(v, "on"))
		pol->mac_guard = VSW_GUARD_ON;
	else if (v && !strcmp(v, "off"))
		pol->mac_guard = VSW_GUARD_OFF;
	else if (v && !strcmp(v, "default"))
		pol->mac_guard = VSW_GUARD_DEFAULT;
	else
		return bad_usage(a, "'mac-guard' wants on, off or default");
	if (!a->argc || strcmp(a->argv[0], "allow"))
		return 0;
	args_next(a);
	list = args_next(a);
	ps->given |= VSW_PS(VSW_PS_MAC_ALLOW);
	if (!list)
		return bad_usage(a, "'allow' needs MAC[,MAC...] or none");
	if (!strcmp(list, "none"))
		return 0;
	if (strlen(list) >= sizeof(buf))
		return bad_usage(a, "'allow' takes at most %d MACs", VSW_POL_ALLOW_MAX);
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (pol->nallow == VSW_POL_ALLOW_MAX)
			return bad_usage(a, "'allow' takes at most %d MACs", VSW_POL_ALLOW_MAX);
		if (cli_parse_unicast_mac(tok, pol->allow[pol->nallow++]))
			return bad_usage(a, "allow: '%s' is not a unicast MAC address "
					 "(xx:xx:xx:xx:xx:xx)", tok);
	}
	return 0;
}

/* max-rate in|out RATE [burst BYTES] */
static int parse_max_rate(struct args *a, struct vsw_port_set *ps)
{
	const char *dir = args_next(a), *rate = args_next(a), *burst;
	struct vsw_pol_settings *pol = &ps->pol;
	int d;

	if (!dir || (strcmp(dir, "in") && strcmp(dir, "out")))
		return bad_usage(a, "'max-rate' wants in or out, then RATE");
	d = !strcmp(dir, "in") ? VSW_DIR_IN : VSW_DIR_OUT;
	if (setting_once(a, ps, VSW_PS_RATE + d, d == VSW_DIR_IN ? "max-rate in" : "max-rate out"))
		return -EINVAL;
	if (!rate || cli_parse_rate(rate, &pol->rate_bps[d]) ||
	    (pol->rate_bps[d] &&
	     (pol->rate_bps[d] < VSW_RATE_MIN_BPS || pol->rate_bps[d] > VSW_RATE_MAX_BPS)))
		return bad_usage(a, "max-rate %s: '%s' is not a rate (0, or 8kbit to 400gbit: "
				 "a number with bit, kbit, mbit, gbit)", dir, rate ?: "");
	if (!a->argc || strcmp(a->argv[0], "burst"))
		return 0;
	args_next(a);
	burst = args_next(a);
	if (!burst || cli_parse_u32(burst, &pol->burst[d]) || pol->burst[d] < VSW_BURST_MIN ||
	    pol->burst[d] > VSW_BURST_MAX)
		return bad_usage(a, "burst '%s' is not a number of bytes from %u to %u",
				 burst ?: "", VSW_BURST_MIN, VSW_BURST_MAX);
	if (!pol->rate_bps[d])
		return bad_usage(a, "a burst goes with a rate above 0");
	return 0;
}

/* mirror source in|out|both | mirror destination | mirror off */
static int parse_mirror(struct args *a, struct vsw_port_set *ps)
{
	const char *role = args_next(a), *dir;
	__u8 *mirror = &ps->pol.mirror;

	if (role && !strcmp(role, "destination")) {
		*mirror = VSW_MIRROR_DST;
	} else if (role && !strcmp(role, "off")) {
		*mirror = 0;
	} else if (role && !strcmp(role, "source")) {
		dir = args_next(a);
		if (dir && !strcmp(dir, "in"))
			*mirror = VSW_MIRROR_IN;
		else if (dir && !strcmp(dir, "out"))
			*mirror = VSW_MIRROR_OUT;
		else if (dir && !strcmp(dir, "both"))
			*mirror = VSW_MIRROR_IN | VSW_MIRROR_OUT;
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
static int parse_storm(struct args *a, struct vsw_port_set *ps)
{
	static const char *const kinds[VSW_STORM__MAX] = { "broadcast", "multicast", "unknown" };
	const char *kind = args_next(a), *pps = args_next(a);
	__u32 *rate = ps->pol.storm_pps;

	for (int k = 0; k < VSW_STORM__MAX; k++) {
		if (!kind || strcmp(kind, kinds[k]))
			continue;
		if (setting_once(a, ps, VSW_PS_STORM + k, kinds[k]))
			return -EINVAL;
		if (!pps || cli_parse_u32(pps, &rate[k]) || rate[k] > VSW_STORM_MAX_PPS)
			return bad_usage(a, "storm %s: '%s' is not a number of frames per second "
					 "(0 to %u)", kinds[k], pps ?: "", VSW_STORM_MAX_PPS);
		return 0;
	}
	return bad_usage(a, "'storm' wants broadcast, multicast or unknown, then PPS");
}

static int parse_port_settings(struct args *a, struct port_arg *pa)
{
	struct kw vlan_kw = KW("vlan", kw_vlan, pa), native_kw = KW("native", kw_vid, &pa->native);
	struct vsw_port_set *ps = &pa->ps;
	struct vsw_pol_settings *pol = &ps->pol;
	const char *w, *v;
	int err = 0;

	while (!err && (w = args_next(a))) {
		if (!strcmp(w, "vlan")) {
			err = setting_once(a, ps, VSW_PS_VLAN, w);
			if (!err && !(v = args_next(a)))
				return bad_usage(a, "'vlan' needs a value");
			if (!err)
				err = kw_vlan(a, &vlan_kw, v);
		} else if (!strcmp(w, "native")) {
			err = once(a, &pa->native_seen, w);
			if (!err && !(v = args_next(a)))
				return bad_usage(a, "'native' needs a value");
			if (!err)
				err = kw_vid(a, &native_kw, v);
		} else if (!strcmp(w, "mac-guard")) {
			err = setting_once(a, ps, VSW_PS_MAC_GUARD, w) ?: parse_mac_guard(a, ps);
		} else if (!strcmp(w, "dhcp-guard")) {
			err = setting_once(a, ps, VSW_PS_DHCP_GUARD, w) ?:
			      arg_choice(a, w, "on", "off", &pol->dhcp_guard);
		} else if (!strcmp(w, "router-guard")) {
			err = setting_once(a, ps, VSW_PS_ROUTER_GUARD, w) ?:
			      arg_choice(a, w, "on", "off", &pol->router_guard);
		} else if (!strcmp(w, "priority-tag")) {
			err = setting_once(a, ps, VSW_PS_PRIO_TRUST, w) ?:
			      arg_choice(a, w, "trust", "reset", &pol->prio_trust);
		} else if (!strcmp(w, "learning")) {
			err = setting_once(a, ps, VSW_PS_LEARNING, w) ?:
			      arg_choice(a, w, "on", "off", &ps->learning);
		} else if (!strcmp(w, "learn-limit")) {
			v = args_next(a);
			err = setting_once(a, ps, VSW_PS_LEARN_LIMIT, w);
			if (!err && (!v || cli_parse_u32(v, &ps->learn_limit) || !ps->learn_limit))
				return bad_usage(a, "learn-limit '%s' is not a number from 1 to "
						 "4294967295", v ?: "");
		} else if (!strcmp(w, "max-rate")) {
			err = parse_max_rate(a, ps);
		} else if (!strcmp(w, "storm")) {
			err = parse_storm(a, ps);
		} else if (!strcmp(w, "mirror")) {
			err = setting_once(a, ps, VSW_PS_MIRROR, w) ?: parse_mirror(a, ps);
		} else {
			return bad_usage(a, "unknown setting '%s' (see 'vswctl port help')", w);
		}
	}
	return err ?: check_native(a, pa);
}

static int port_set(struct args *a)
{
	struct port_arg pa = { .ps.given = 0 };
	struct nlmsghdr *nlh;
	int err;

	err = arg_name(a, "NAME", false);
	if (err)
		return err;
	if (!a->argc)
		return bad_usage(a, "nothing to set (see 'vswctl port help')");
	err = parse_port_settings(a, &pa);
	if (err)
		return err;
	err = start_req(a, VSW_CMD_PORT_SET, false, &nlh);
	if (err)
		return err;
	mnl_attr_put_strz(nlh, VSW_A_PORT_NAME, a->name);
	vsw_port_set_put(nlh, &pa.ps);
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

int do_port(struct args *a)
{
	return dispatch(a, port_verbs, usage_port);
}
