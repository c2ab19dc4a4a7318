// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl stats: the counters of switches, ports and NICs. */
#include <errno.h>
#include <string.h>

#include "vswctl.h"

void usage_stats(FILE *f)
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

int do_stats(struct args *a)
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
