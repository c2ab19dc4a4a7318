// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vsw-dp: drive the datapath library from the shell, for the selftests and
 * the demo until vswd and vswctl exist. One command per invocation; the
 * switch lives on in its pins between invocations.
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "datapath.h"
#include "log.h"
#include "names.h"
#include "cli_parse.h"
#include "vlan_set.h"

static const char *bpffs;

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vsw-dp [-b BPFFS] [-v] COMMAND ...\n"
"\n"
"Drive one vsw datapath instance directly (a test tool; vswctl is the\n"
"operator's command line).\n"
"\n"
"  create SWITCH [fdb-capacity N] [aging SECONDS]\n"
"  destroy SWITCH                  detach every port, unpin everything\n"
"  port add SWITCH IFNAME [PORTCFG]\n"
"  port set SWITCH IFNAME [PORTCFG]\n"
"  port del SWITCH IFNAME\n"
"  port link SWITCH IFNAME up|down\n"
"  port mirror SWITCH IFNAME off|in|out|both|destination\n"
"                                  the port's mirroring role\n"
"  port show SWITCH\n"
"  stats SWITCH [IFNAME]           counters summed over CPUs\n"
"  fdb show SWITCH\n"
"  fdb add SWITCH VID MAC IFNAME   a static entry\n"
"  fdb del SWITCH VID MAC\n"
"  fdb flush SWITCH [IFNAME]       dynamic entries (of one port)\n"
"  fdb age SWITCH                  remove aged entries now\n"
"  acl-fill SWITCH IFNAME in|out|both COUNT [mac]\n"
"                                  replace the port's ACL with COUNT deny rules\n"
"                                  (remote 10.X.Y.0/24, udp, rport 1000+i; with\n"
"                                  mac also remote-mac 02:00:00:00:X:Y), none of\n"
"                                  which matches 198.18.0.0/15 (benchmarks)\n"
"\n"
"PORTCFG:  access VID | trunk VIDS [native VID]   (VIDS: 10,20-30)\n"
"          [learn-limit N] [learning on|off]\n"
"          default: access 1, learning on, learn-limit %d\n"
"\n"
"Options:\n"
"  -b BPFFS   pin root (default %s)\n"
"  -v         verbose (libbpf messages)\n",
		VSW_LEARN_LIMIT_DEFAULT, VSW_BPFFS_DEFAULT);
}

static int fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	fputs("vsw-dp: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err < 0 ? -err : err));
	return 1;
}

static int ifindex_of(const char *name, __u32 *ifindex)
{
	*ifindex = if_nametoindex(name);
	if (!*ifindex) {
		fprintf(stderr, "vsw-dp: interface '%s' not found\n", name);
		return -ENODEV;
	}
	return 0;
}

/* PORTCFG words from argv; returns 0 or prints the bad word. */
static int parse_port_cfg(int argc, char **argv, struct vsw_port_cfg *cfg)
{
	const char *bad;

	vsw_port_cfg_init(cfg);
	for (int i = 0; i < argc; i++) {
		const char *word = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;

		if (!arg)
			goto missing;
		if (!strcmp(word, "access")) {
			cfg->mode = VSW_PORT_ACCESS;
			if (cli_parse_vid(arg, &cfg->pvid))
				goto bad_arg;
		} else if (!strcmp(word, "trunk")) {
			cfg->mode = VSW_PORT_TRUNK;
			cfg->pvid = 0;
			if (vlan_set_parse(cfg->vlans, arg, &bad)) {
				fprintf(stderr, "vsw-dp: trunk: bad VID list at '%s' "
						"(VIDs 1-4094, e.g. 10,20-30)\n", bad);
				return -EINVAL;
			}
		} else if (!strcmp(word, "native")) {
			if (cfg->mode != VSW_PORT_TRUNK) {
				fprintf(stderr, "vsw-dp: native: only after trunk\n");
				return -EINVAL;
			}
			if (cli_parse_vid(arg, &cfg->pvid))
				goto bad_arg;
		} else if (!strcmp(word, "learn-limit")) {
			if (cli_parse_u32(arg, &cfg->learn_limit) || !cfg->learn_limit)
				goto bad_arg;
		} else if (!strcmp(word, "learning")) {
			if (strcmp(arg, "on") && strcmp(arg, "off"))
				goto bad_arg;
			cfg->no_learning = !strcmp(arg, "off");
		} else {
			fprintf(stderr, "vsw-dp: unknown port option '%s'\n", word);
			return -EINVAL;
		}
		i++;
	}
	return 0;
missing:
	fprintf(stderr, "vsw-dp: '%s' needs a value\n", argv[argc - 1]);
	return -EINVAL;
bad_arg:
	fprintf(stderr, "vsw-dp: bad value for the port option\n");
	return -EINVAL;
}

static int open_switch(const char *name, struct vsw_dp **dp)
{
	int err = vsw_dp_open(name, bpffs, dp);

	if (err == -ENOENT)
		fprintf(stderr, "vsw-dp: switch '%s' does not exist\n", name);
	else if (err)
		fail(err, "switch '%s'", name);
	return err;
}

static int cmd_create(int argc, char **argv)
{
	struct vsw_dp_opts opts = { .bpffs = bpffs };
	struct vsw_dp *dp;
	int err;

	if (argc < 1)
		return usage(stderr), 2;
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			return fprintf(stderr, "vsw-dp: '%s' needs a value\n", argv[i]), 2;
		if (!strcmp(argv[i], "fdb-capacity") && !cli_parse_u32(argv[i + 1], &opts.fdb_capacity) &&
		    opts.fdb_capacity)
			continue;
		if (!strcmp(argv[i], "aging") && !cli_parse_u32(argv[i + 1], &opts.aging_sec) &&
		    opts.aging_sec)
			continue;
		return fprintf(stderr, "vsw-dp: bad option '%s %s'\n", argv[i], argv[i + 1]), 2;
	}
	if (!vsw_name_valid(argv[0]))
		return fprintf(stderr, "vsw-dp: bad switch name '%s' (%s)\n",
			       argv[0], VSW_NAME_CHARS_HELP), 2;
	err = vsw_dp_create(argv[0], &opts, &dp);
	if (err == -EEXIST)
		return fprintf(stderr, "vsw-dp: switch '%s' exists\n", argv[0]), 1;
	if (err)
		return fail(err, "create switch '%s'", argv[0]);
	printf("switch %s created, pinned at %s\n", argv[0], vsw_dp_pin_dir(dp));
	vsw_dp_close(dp);
	return 0;
}

static int cmd_destroy(int argc, char **argv)
{
	struct vsw_dp *dp;

	if (argc != 1)
		return usage(stderr), 2;
	if (open_switch(argv[0], &dp))
		return 1;
	vsw_dp_destroy(dp);
	return 0;
}

static int print_port(const struct vsw_port *p, void *ctx)
{
	struct vsw_dp *dp = ctx;
	char name[IF_NAMESIZE] = "?", vids[256];
	const char *mode = "?";
	__u32 learned = 0;

	if_indextoname(p->ifindex, name);
	vsw_dp_port_xdp_mode(dp, p->ifindex, &mode);
	vsw_dp_port_learned(dp, p->ifindex, &learned);
	if (p->mode == VSW_PORT_ACCESS) {
		printf("port %s ifindex %u access %u", name, p->ifindex, p->pvid);
	} else {
		vlan_set_format(p->vlans, vids, sizeof(vids));
		printf("port %s ifindex %u trunk %s", name, p->ifindex, vids);
		if (p->pvid)
			printf(" native %u", p->pvid);
	}
	printf(" link %s learning %s learned %u learn-limit %u xdp %s\n",
	       (p->flags & VSW_PORT_F_UP) ? "up" : "down",
	       (p->flags & VSW_PORT_F_LEARN) ? "on" : "off", learned, p->learn_limit, mode);
	return 0;
}

static int cmd_port(int argc, char **argv)
{
	struct vsw_port_cfg cfg;
	struct vsw_dp *dp;
	__u32 ifindex;
	int err = 0;

	if (argc < 2)
		return usage(stderr), 2;
	if (open_switch(argv[1], &dp))
		return 1;
	if (!strcmp(argv[0], "show")) {
		err = vsw_dp_port_foreach(dp, print_port, dp);
		goto out;
	}
	if (argc < 3 || ifindex_of(argv[2], &ifindex)) {
		err = -EINVAL;
		goto out;
	}
	if (!strcmp(argv[0], "add") || !strcmp(argv[0], "set")) {
		err = parse_port_cfg(argc - 3, argv + 3, &cfg);
		if (err)
			goto out;
		err = argv[0][0] == 'a' ? vsw_dp_port_add(dp, ifindex, &cfg)
					: vsw_dp_port_set(dp, ifindex, &cfg);
		if (err == -EBUSY)
			fprintf(stderr, "vsw-dp: '%s' has another XDP program attached\n", argv[2]);
		else if (err == -EEXIST)
			fprintf(stderr, "vsw-dp: '%s' is already a port of switch '%s'\n", argv[2],
				argv[1]);
		else if (err == -ENOENT)
			fprintf(stderr, "vsw-dp: '%s' is not a port of switch '%s'\n", argv[2],
				argv[1]);
		else if (err)
			fail(err, "port %s %s on switch '%s'", argv[0], argv[2], argv[1]);
	} else if (!strcmp(argv[0], "del")) {
		err = vsw_dp_port_del(dp, ifindex);
		if (err)
			fail(err, "port del '%s' on switch '%s'", argv[2], argv[1]);
	} else if (!strcmp(argv[0], "mirror") && argc == 4) {
		static const struct { const char *name; __u8 role; } roles[] = {
			{ "off", 0 }, { "in", VSW_MIRROR_IN }, { "out", VSW_MIRROR_OUT },
			{ "both", VSW_MIRROR_IN | VSW_MIRROR_OUT }, { "destination", VSW_MIRROR_DST },
		};
		size_t i = 0;

		while (i < sizeof(roles) / sizeof(roles[0]) && strcmp(argv[3], roles[i].name))
			i++;
		if (i == sizeof(roles) / sizeof(roles[0])) {
			usage(stderr);
			err = -EINVAL;
			goto out;
		}
		err = vsw_dp_port_set_mirror(dp, ifindex, roles[i].role);
		if (err)
			fail(err, "port mirror '%s' on switch '%s'", argv[2], argv[1]);
	} else if (!strcmp(argv[0], "link") && argc == 4 &&
		   (!strcmp(argv[3], "up") || !strcmp(argv[3], "down"))) {
		err = vsw_dp_port_set_link(dp, ifindex, !strcmp(argv[3], "up"));
		if (err)
			fail(err, "port link '%s' on switch '%s'", argv[2], argv[1]);
	} else {
		usage(stderr);
		err = -EINVAL;
	}
out:
	vsw_dp_close(dp);
	return err ? 1 : 0;
}

static void print_stats(const char *what, const struct vsw_port_stats *s)
{
	printf("%s rx_packets %llu rx_bytes %llu tx_packets %llu tx_bytes %llu flooded %llu "
	       "mirrored %llu", what, (unsigned long long)s->rx_packets,
	       (unsigned long long)s->rx_bytes, (unsigned long long)s->tx_packets,
	       (unsigned long long)s->tx_bytes, (unsigned long long)s->flooded,
	       (unsigned long long)s->mirrored);
	for (int r = 0; r < VSW_DROP__MAX; r++)
		printf(" drop_%s %llu", vsw_drop_reason_name(r), (unsigned long long)s->drops[r]);
	printf("\n");
}

static int print_port_stats(const struct vsw_port *p, void *ctx)
{
	char name[IF_NAMESIZE] = "?", what[IF_NAMESIZE + 8];
	struct vsw_port_stats s;

	if (vsw_dp_port_stats(ctx, p->ifindex, &s))
		return 0;
	if_indextoname(p->ifindex, name);
	snprintf(what, sizeof(what), "port %s", name);
	print_stats(what, &s);
	return 0;
}

static int cmd_stats(int argc, char **argv)
{
	struct vsw_port_stats s;
	struct vsw_dp *dp;
	__u32 ifindex;
	int err;

	if (argc < 1 || argc > 2)
		return usage(stderr), 2;
	if (open_switch(argv[0], &dp))
		return 1;
	if (argc == 2) {
		err = ifindex_of(argv[1], &ifindex);
		if (!err) {
			err = vsw_dp_port_stats(dp, ifindex, &s);
			if (err)
				fail(err, "stats of '%s'", argv[1]);
			else
				print_stats("port", &s);
		}
	} else {
		err = vsw_dp_port_foreach(dp, print_port_stats, dp);
		if (!err)
			err = vsw_dp_switch_stats(dp, &s);
		if (!err)
			print_stats("switch", &s);
	}
	vsw_dp_close(dp);
	return err ? 1 : 0;
}

static int print_fdb(const struct vsw_fdb_key *k, const struct vsw_fdb_entry *e, __u64 age_ns,
		     void *ctx)
{
	char name[IF_NAMESIZE] = "?";

	if_indextoname(e->ifindex, name);
	printf("vlan %u mac %02x:%02x:%02x:%02x:%02x:%02x port %s", k->vid, k->mac[0], k->mac[1],
	       k->mac[2], k->mac[3], k->mac[4], k->mac[5], name);
	if (e->flags & VSW_FDB_F_STATIC)
		printf(" static\n");
	else
		printf(" age %llu.%03llus\n", (unsigned long long)(age_ns / 1000000000ULL),
		       (unsigned long long)(age_ns / 1000000ULL % 1000));
	return 0;
}

static int cmd_fdb(int argc, char **argv)
{
	unsigned int removed = 0;
	__u32 ifindex = 0;
	struct vsw_dp *dp;
	__u8 mac[6];
	__u16 vid;
	int err = -EINVAL;

	if (argc < 2)
		return usage(stderr), 2;
	if (open_switch(argv[1], &dp))
		return 1;
	if (!strcmp(argv[0], "show") && argc == 2) {
		err = vsw_dp_fdb_foreach(dp, print_fdb, NULL);
	} else if (!strcmp(argv[0], "add") && argc == 5) {
		if (cli_parse_vid(argv[2], &vid) || cli_parse_mac(argv[3], mac) || (mac[0] & 1))
			fprintf(stderr, "vsw-dp: fdb add: need VID 1-4094 and a unicast MAC\n");
		else if (!ifindex_of(argv[4], &ifindex) &&
			 (err = vsw_dp_fdb_add_static(dp, vid, mac, ifindex)))
			fail(err, "fdb add on '%s'", argv[4]);
	} else if (!strcmp(argv[0], "del") && argc == 4) {
		if (cli_parse_vid(argv[2], &vid) || cli_parse_mac(argv[3], mac))
			fprintf(stderr, "vsw-dp: fdb del: need VID and MAC\n");
		else if ((err = vsw_dp_fdb_del(dp, vid, mac)))
			fail(err, "fdb del vlan %s mac %s", argv[2], argv[3]);
	} else if (!strcmp(argv[0], "flush") && argc <= 3) {
		if (argc == 3 && ifindex_of(argv[2], &ifindex))
			goto out;
		err = vsw_dp_fdb_flush(dp, ifindex, 0, false, &removed);
		if (!err)
			printf("flushed %u\n", removed);
	} else if (!strcmp(argv[0], "age") && argc == 2) {
		err = vsw_dp_fdb_age(dp, &removed);
		if (!err)
			printf("aged %u\n", removed);
	} else {
		usage(stderr);
	}
out:
	vsw_dp_close(dp);
	return err ? 1 : 0;
}

/* Rules for the ACL benchmark: many, all in use, none matching. */
static int cmd_acl_fill(int argc, char **argv)
{
	struct vsw_acl_rule *rules;
	struct vsw_dp *dp;
	__u32 ifindex, count;
	char prefix[32];
	int dirs, err;

	if (argc < 4 || argc > 5 || (dirs = vsw_acl_dir_parse(argv[2])) < 0 ||
	    cli_parse_u32(argv[3], &count) || count > 2 * VSW_ACL_MAX_RULES ||
	    (argc == 5 && strcmp(argv[4], "mac")))
		return usage(stderr), 2;
	if (ifindex_of(argv[1], &ifindex) || open_switch(argv[0], &dp))
		return 1;
	rules = calloc(count ? count : 1, sizeof(*rules));
	if (!rules)
		return fail(-ENOMEM, "acl-fill");
	for (__u32 i = 0; i < count; i++) {
		struct vsw_acl_rule *r = &rules[i];

		vsw_acl_rule_init(r);
		r->id = i + 1;
		r->pool = i;
		r->dirs = dirs;
		r->action = VSW_ACL_DENY;
		r->proto = IPPROTO_UDP;
		snprintf(prefix, sizeof(prefix), "10.%u.%u.0/24", (i >> 8) & 0xff, i & 0xff);
		vsw_acl_cidr_parse(prefix, &r->remote);
		r->has_rport = true;
		r->rport.lo = r->rport.hi = 1000 + i;
		if (argc == 5) {
			__u8 mac[6] = { 0x02, 0, 0, 0, (__u8)(i >> 8), (__u8)i };

			r->has_rmac = true;
			memcpy(r->rmac, mac, 6);
		}
		vsw_acl_hits_reset(dp, r->pool);
	}
	err = vsw_acl_apply(dp, ifindex, rules, count);
	if (err)
		fail(err, "acl-fill %s", argv[1]);
	else
		printf("%u rules on %s (%s)\n", count, argv[1], argv[2]);
	free(rules);
	vsw_dp_close(dp);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "bpffs", required_argument, NULL, 'b' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "+b:vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			bpffs = optarg;
			break;
		case 'v':
			vsw_log_set_level(VSW_LOG_DEBUG);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	vsw_log_route_libbpf();
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return usage(stderr), 2;
	if (!strcmp(argv[0], "create"))
		return cmd_create(argc - 1, argv + 1);
	if (!strcmp(argv[0], "destroy"))
		return cmd_destroy(argc - 1, argv + 1);
	if (!strcmp(argv[0], "port"))
		return cmd_port(argc - 1, argv + 1);
	if (!strcmp(argv[0], "stats"))
		return cmd_stats(argc - 1, argv + 1);
	if (!strcmp(argv[0], "fdb"))
		return cmd_fdb(argc - 1, argv + 1);
	if (!strcmp(argv[0], "acl-fill"))
		return cmd_acl_fill(argc - 1, argv + 1);
	fprintf(stderr, "vsw-dp: unknown command '%s'\n", argv[0]);
	usage(stderr);
	return 2;
}
