// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl acl: add, del and show a port's access control rules. */
#include <errno.h>
#include <string.h>

#include "acl_rule.h"
#include "cli_parse.h"
#include "vswctl.h"

void usage_acl(FILE *f)
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

/* The PORT after the verb. */
static int acl_port(struct args *a)
{
	return arg_name(a, "PORT", false);
}

static int acl_id_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];

	if (vsw_reply_parse(nlh, tb) || !tb[VSW_A_ACL_ID]) {
		return bad_reply("malformed acl add reply from vswd");
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

int do_acl(struct args *a)
{
	return dispatch(a, acl_verbs, usage_acl);
}
