// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vswctl: the command line of vswd.
 *
 *	vswctl [-s SOCKET] [-j] OBJECT VERB ARGS
 *
 * An object table leads to do_<object>() in cmd_<object>.c, which
 * dispatches the verb (iproute2's bridge/bridge.c); vswctl.h says which
 * file does what. This file keeps main, the object table, the usage text
 * and the verb dispatch.
 *
 * Exit status: 0 ok, 1 vswd refused or failed (or is unreachable), 2
 * usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_paths.h"
#include "vswctl.h"

/* The verb in a->argv[0] (none: the first verb, "show"). */
int dispatch(struct args *a, const struct verb *verbs, void (*usage)(FILE *))
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
		fputs("Usage: vswctl [-s SOCKET] [-j] OBJECT COMMAND [ARGUMENTS]\nObjects:", stderr);
		for (o = objects; o->usage; o++)
			fprintf(stderr, " %s", o->name);
		fputs(".\nTry 'vswctl --help'.\n", stderr);
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
	vswd_close();
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "vswctl: cannot write the output: %s\n", strerror(errno));
		return 1;
	}
	if (err)
		return usage_failed ? 2 : 1;
	return 0;
}
