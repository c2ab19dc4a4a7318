// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vswctl ext: add, del and show the extensions in a switch's pipeline,
 * and take their samples. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_parse.h"
#include "ext_params.h"
#include "vsw_ext.h"
#include "vsw_paths.h"
#include "vswctl.h"

void usage_ext(FILE *f)
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

int do_ext(struct args *a)
{
	return dispatch(a, ext_verbs, usage_ext);
}
