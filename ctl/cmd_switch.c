// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl switch: add, del and show switches. */
#include <errno.h>
#include <string.h>

#include "vswctl.h"

void usage_switch(FILE *f)
{
	fputs("vswctl switch add NAME\n"
	      "vswctl switch del NAME [force]\n"
	      "vswctl switch show [NAME]\n"
	      "    A switch forwards between its ports; its type (private, internal,\n"
	      "    external) follows from the NICs connected to them. 'del' refuses a\n"
	      "    switch with ports unless 'force' (which deletes the ports too).\n", f);
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

int do_switch(struct args *a)
{
	return dispatch(a, switch_verbs, usage_switch);
}
