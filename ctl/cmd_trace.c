// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl trace: run a frame through a switch's ingress program and
 * print the decision. */
#include <errno.h>
#include <string.h>

#include "frame_spec.h"
#include "vsw_structs.h"
#include "vswctl.h"

void usage_trace(FILE *f)
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
	return bad_reply("malformed trace reply from vswd");
}

int do_trace(struct args *a)
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
		err = report(a, bad_reply("vswd sent no trace"));
	}
	if (err) {
		out_discard_list();
		return err;
	}
	out_end_list();
	return 0;
}
